//! OC2 (outcomes for children looked after 12 months), OC3 (care leavers),
//! Reviews and UASC rules.

use sightline_domain::codes::{
    CareLeaverActivity as Act, InTouch, ReasonEpisodeCeased as Rec, ReviewParticipation as Pn,
    SdqReason,
};

use super::{Ctx, Out, Rule, is_short_break, rule};
use crate::tables::{Oc2Row, Oc3Row, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_104, "104", 2023, 9999, [Uasc]),
        rule!(rule_131, "131", 2023, 9999, [Oc3]),
        rule!(rule_132, "132", 2023, 9999, [Oc3]),
        rule!(rule_133, "133", 2023, 9999, [Oc3]),
        rule!(rule_134, "134", 2023, 9999, [Oc3, Ad1]),
        rule!(rule_153, "153", 2023, 9999, [Oc3]),
        rule!(rule_157, "157", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_158, "158", 2023, 9999, [Oc2]),
        rule!(rule_159, "159", 2023, 9999, [Oc2]),
        rule!(rule_166, "166", 2023, 9999, [Reviews]),
        rule!(rule_167, "167", 2023, 9999, [Reviews]),
        rule!(rule_180, "180", 2023, 9999, [Oc2]),
        rule!(rule_181, "181", 2023, 9999, [Oc2]),
        rule!(rule_182, "182", 2023, 9999, [Oc2]),
        rule!(rule_185, "185", 2023, 9999, [Oc2, Episodes]),
        rule!(rule_186, "186", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_187, "187", 2023, 9999, [Oc3, Ad1, Episodes]),
        rule!(rule_188, "188", 2023, 9999, [Oc2]),
        rule!(rule_189, "189", 2023, 9999, [Oc2]),
        rule!(rule_190, "190", 2023, 9999, [Oc2, Episodes]),
        rule!(rule_191, "191", 2023, 9999, [Oc2, Episodes]),
        rule!(rule_192, "192", 2023, 9999, [Oc2]),
        rule!(rule_193, "193", 2023, 9999, [Oc2]),
        rule!(rule_196, "196", 2023, 9999, [Oc2]),
        rule!(rule_197a, "197a", 2023, 9999, [Oc2]),
        rule!(rule_197b, "197B", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_198, "198", 2023, 9999, [Oc2, Episodes]),
        rule!(rule_215, "215", 2023, 9999, [Oc2, Oc3]),
        rule!(rule_303, "303", 2023, 9999, [Uasc, Header]),
        rule!(rule_304, "304", 2023, 9999, [Uasc]),
        rule!(rule_344, "344", 2023, 9999, [Oc3]),
        rule!(rule_345, "345", 2023, 9999, [Oc3]),
        rule!(rule_391, "391", 2023, 9999, [Oc3, Header]),
        rule!(rule_399, "399", 2023, 9999, [Episodes, Header, Reviews]),
        rule!(rule_440, "440", 2023, 9999, [Reviews]),
        rule!(rule_441, "441", 2023, 9999, [Reviews]),
        rule!(rule_542, "542", 2023, 9999, [Oc2]),
        rule!(rule_543, "543", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_544, "544", 2023, 9999, [Oc2]),
        rule!(rule_545, "545", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_546, "546", 2023, 9999, [Oc2, Episodes, Header]),
        rule!(rule_547, "547", 2023, 9999, [Oc2]),
        rule!(rule_628, "628", 2023, 9999, [Episodes, Header, Oc3]),
        rule!(rule_1000, "1000", 2023, 9999, [Episodes, Oc3]),
        rule!(rule_1007, "1007", 2023, 9999, [Episodes, Oc3, Header]),
        rule!(rule_1011, "1011", 2023, 9999, [Episodes, Oc3]),
        rule!(rule_1014, "1014", 2023, 9999, [Episodes, Uasc, Oc3]),
        rule!(rule_1016, "1016", 2023, 9999, [Episodes, Oc3, Header]),
    ]
}

const OC2_ITEMS: [&str; 8] = [
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
];
const OC3_ITEMS: [&str; 3] = ["IN_TOUCH", "ACTIV", "ACCOM"];

fn oc2_items(r: &Oc2Row) -> [bool; 8] {
    [
        r.convicted.is_present(),
        r.health_check.is_present(),
        r.immunisations.is_present(),
        r.teeth_check.is_present(),
        r.health_assessment.is_present(),
        r.substance_misuse.is_present(),
        r.intervention_received.is_present(),
        r.intervention_offered.is_present(),
    ]
}
/// IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE: any blank.
fn core_blank(r: &Oc2Row) -> bool {
    r.immunisations.is_blank()
        || r.teeth_check.is_blank()
        || r.health_assessment.is_blank()
        || r.substance_misuse.is_blank()
}
pub(crate) fn oc3_filled(r: &Oc3Row) -> bool {
    r.in_touch.is_present() || r.activ.is_present() || r.accom.is_present()
}
/// The `n`th birthday by the DOB on the OC2 row (the OC2 rules read their
/// own table's DOB; INT14 checks it agrees with the Header).
fn oc2_bday(r: &Oc2Row, n: i32) -> Option<sightline_domain::Date> {
    r.dob
        .get()
        .map(|d| sightline_domain::calendar::birthday(d, n))
}

fn oc2_flag(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&Oc2Row) -> bool) {
    for r in &c.r.oc2 {
        if f(r) {
            o.flag(Oc2, r.row, fields);
        }
    }
}
fn oc3_flag(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&Oc3Row) -> bool) {
    for r in &c.r.oc3 {
        if f(r) {
            o.flag(Oc3, r.row, fields);
        }
    }
}

pub(crate) fn rule_104(c: &Ctx, o: &mut Out) {
    for u in &c.r.uasc {
        if u.duc.is_invalid() || u.duc.get().is_some_and(|d| d < c.y.start) {
            o.flag(Uasc, u.row, &["DUC"]);
        }
    }
}

pub(crate) fn rule_131(c: &Ctx, o: &mut Out) {
    oc3_flag(c, o, &["IN_TOUCH"], |r| r.in_touch.get().is_none());
}

pub(crate) fn rule_132(c: &Ctx, o: &mut Out) {
    oc3_flag(c, o, &["ACTIV"], |r| {
        r.activ.get().is_none_or(|a| {
            matches!(
                a,
                Act::HistoricTrainingFullTime | Act::HistoricTrainingPartTime
            )
        })
    });
}

pub(crate) fn rule_133(c: &Ctx, o: &mut Out) {
    oc3_flag(c, o, &["ACCOM"], |r| r.accom.get().is_none());
}

pub(crate) fn rule_134(c: &Ctx, o: &mut Out) {
    if !c.r.oc3.iter().any(|r| oc3_filled(r)) {
        return;
    }
    for a in &c.r.ad1 {
        if super::adoption::ad1_any(a) {
            o.flag(
                Ad1,
                a.row,
                &[
                    "DATE_INT",
                    "DATE_MATCH",
                    "FOSTER_CARE",
                    "NB_ADOPTR",
                    "SEX_ADOPTR",
                    "LS_ADOPTR",
                ],
            );
        }
    }
}

pub(crate) fn rule_153(c: &Ctx, o: &mut Out) {
    oc3_flag(c, o, &OC3_ITEMS, |r| {
        let n = [
            r.in_touch.is_present(),
            r.activ.is_present(),
            r.accom.is_present(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        n > 0 && n < 3
    });
}

pub(crate) fn rule_157(c: &Ctx, o: &mut Out) {
    if !c.cla12 {
        return;
    }
    oc2_flag(c, o, &["SDQ_REASON"], |r| {
        let (Some(b4), Some(b16)) = (oc2_bday(r, 4), oc2_bday(r, 16)) else {
            return false;
        };
        b4 <= c.y.start
            && b16 >= c.y.end
            && r.sdq_score.is_blank()
            && r.sdq_reason.is(SdqReason::OutsideAgeRange)
    });
}

pub(crate) fn rule_158(c: &Ctx, o: &mut Out) {
    oc2_flag(
        c,
        o,
        &["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        |r| r.intervention_received.is(true) && r.intervention_offered.is_present(),
    );
}

pub(crate) fn rule_159(c: &Ctx, o: &mut Out) {
    oc2_flag(
        c,
        o,
        &[
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
        |r| {
            r.substance_misuse.is(true)
                && r.intervention_received.is(false)
                && r.intervention_offered.is_blank()
        },
    );
}

pub(crate) fn rule_166(c: &Ctx, o: &mut Out) {
    for r in &c.r.reviews {
        if r.review.get().is_none() {
            o.flag(Reviews, r.row, &["REVIEW"]);
        }
    }
}

pub(crate) fn rule_167(c: &Ctx, o: &mut Out) {
    for r in &c.r.reviews {
        let bad = (r.review.is_present() && r.review_code.get().is_none())
            || (r.review.is_blank() && r.review_code.is_present());
        if bad {
            o.flag(Reviews, r.row, &["REVIEW", "REVIEW_CODE"]);
        }
    }
}

pub(crate) fn rule_180(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &["SDQ_SCORE"], |r| {
        r.sdq_score.is_invalid() || r.sdq_score.get().is_some_and(|s| s > 40)
    });
}

pub(crate) fn rule_181(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &OC2_ITEMS, |r| {
        [
            &r.convicted,
            &r.health_check,
            &r.immunisations,
            &r.teeth_check,
            &r.health_assessment,
            &r.substance_misuse,
            &r.intervention_received,
            &r.intervention_offered,
        ]
        .iter()
        .any(|f| f.is_invalid())
    });
}

pub(crate) fn rule_182(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &OC2_ITEMS, |r| {
        core_blank(r)
            && (r.convicted.is_present()
                || r.health_check.is_present()
                || r.intervention_received.is_present()
                || r.intervention_offered.is_present())
    });
}

pub(crate) fn rule_185(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        return;
    }
    oc2_flag(c, o, &["SDQ_SCORE"], |r| r.sdq_score.is_present());
}

pub(crate) fn rule_186(c: &Ctx, o: &mut Out) {
    if !c.cla12 {
        return;
    }
    oc2_flag(c, o, &["SDQ_SCORE", "SDQ_REASON"], |r| {
        let (Some(b4), Some(b17)) = (oc2_bday(r, 4), oc2_bday(r, 17)) else {
            return false;
        };
        b4 <= c.y.start && b17 > c.y.end && r.sdq_score.is_blank() && r.sdq_reason.is_blank()
    });
}

pub(crate) fn rule_187(c: &Ctx, o: &mut Out) {
    if !c.cla12 {
        return;
    }
    for a in &c.r.ad1 {
        if super::adoption::ad1_any(a) {
            o.flag(
                Ad1,
                a.row,
                &[
                    "DATE_INT",
                    "DATE_MATCH",
                    "FOSTER_CARE",
                    "NB_ADOPTR",
                    "SEX_ADOPTR",
                    "LS_ADOPTR",
                ],
            );
        }
    }
    oc3_flag(c, o, &OC3_ITEMS, oc3_filled);
}

pub(crate) fn rule_188(c: &Ctx, o: &mut Out) {
    for r in &c.r.oc2 {
        let Some(dob) = r.dob.get() else { continue };
        if sightline_domain::calendar::birthday(dob, 4) > c.y.end
            && (r.sdq_score.is_present() || r.sdq_reason.is_present())
        {
            o.flag(Oc2, r.row, &["SDQ_SCORE", "SDQ_REASON"]);
        }
    }
}

pub(crate) fn rule_189(c: &Ctx, o: &mut Out) {
    for r in &c.r.oc2 {
        let Some(dob) = r.dob.get() else { continue };
        if sightline_domain::calendar::birthday(dob, 17) < c.y.start
            && (r.sdq_score.is_present() || r.sdq_reason.is_present())
        {
            o.flag(Oc2, r.row, &["DOB", "SDQ_SCORE", "SDQ_REASON"]);
        }
    }
}

pub(crate) fn rule_190(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        return;
    }
    oc2_flag(c, o, &OC2_ITEMS, |r| oc2_items(r).iter().any(|x| *x));
}

pub(crate) fn rule_191(c: &Ctx, o: &mut Out) {
    if !c.cla12 {
        return;
    }
    if c.r.oc2.is_empty() {
        if let Some(first) = c.r.episodes.first() {
            o.flag(Episodes, first.row, &["CHILD"]);
        }
        return;
    }
    oc2_flag(
        c,
        o,
        &[
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
        ],
        core_blank,
    );
}

pub(crate) fn rule_192(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"], |r| {
        r.substance_misuse.is(true) && r.intervention_received.is_blank()
    });
}

pub(crate) fn rule_193(c: &Ctx, o: &mut Out) {
    oc2_flag(
        c,
        o,
        &[
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
        |r| {
            (r.substance_misuse.is_blank() || r.substance_misuse.is(false))
                && (r.intervention_received.is_present() || r.intervention_offered.is_present())
        },
    );
}

pub(crate) fn rule_196(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &["SDQ_REASON"], |r| r.sdq_reason.is_invalid());
}

pub(crate) fn rule_197a(c: &Ctx, o: &mut Out) {
    oc2_flag(c, o, &["SDQ_SCORE", "SDQ_REASON"], |r| {
        r.sdq_score.is_present() && r.sdq_reason.is_present()
    });
}

pub(crate) fn rule_197b(c: &Ctx, o: &mut Out) {
    if !c.cla12 {
        return;
    }
    let in_year = |d| c.y.start <= d && d <= c.y.end;
    oc2_flag(c, o, &["SDQ_REASON", "DOB"], |r| {
        let (Some(b4), Some(b17)) = (oc2_bday(r, 4), oc2_bday(r, 17)) else {
            return false;
        };
        (in_year(b4) || in_year(b17)) && r.sdq_score.is_blank() && r.sdq_reason.is_blank()
    });
}

pub(crate) fn rule_198(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        return;
    }
    oc2_flag(c, o, &["SDQ_REASON"], |r| r.sdq_reason.is_present());
}

pub(crate) fn rule_215(c: &Ctx, o: &mut Out) {
    let oc3: Vec<u64> =
        c.r.oc3
            .iter()
            .filter(|r| oc3_filled(r))
            .map(|r| r.row)
            .collect();
    let oc2: Vec<u64> =
        c.r.oc2
            .iter()
            .filter(|r| oc2_items(r).iter().any(|x| *x))
            .map(|r| r.row)
            .collect();
    if oc3.is_empty() || oc2.is_empty() {
        return;
    }
    for r in oc3 {
        o.flag(Oc3, r, &OC3_ITEMS);
    }
    for r in oc2 {
        o.flag(Oc2, r, &OC2_ITEMS);
    }
}

pub(crate) fn rule_303(c: &Ctx, o: &mut Out) {
    // CSV returns carry no Header UASC flag: it is 1 exactly when the child
    // has a UASC row, so a DUC always has its flag. The rule can only fail for
    // a UASC row whose CHILD has no Header row (also INT09).
    if !c.r.header.is_empty() {
        return;
    }
    for u in &c.r.uasc {
        if u.duc.is_present() {
            o.flag(Uasc, u.row, &["DUC"]);
        }
    }
}

pub(crate) fn rule_304(c: &Ctx, o: &mut Out) {
    for u in &c.r.uasc {
        if let (Some(duc), Some(dob)) = (u.duc.get(), u.dob.get())
            && duc > sightline_domain::calendar::birthday(dob, 18)
        {
            o.flag(Uasc, u.row, &["DUC"]);
        }
    }
}

pub(crate) fn rule_344(c: &Ctx, o: &mut Out) {
    use sightline_domain::codes::CareLeaverAccommodation as Acc;
    oc3_flag(c, o, &OC3_ITEMS, |r| {
        r.in_touch.is_any(&[InTouch::Died, InTouch::ReturnedHome])
            && (!r.activ.is(Act::NotKnown) || !r.accom.is(Acc::NotKnown))
            && (r.activ.is_present() || r.accom.is_present())
    });
}

pub(crate) fn rule_345(c: &Ctx, o: &mut Out) {
    use sightline_domain::codes::CareLeaverAccommodation as Acc;
    oc3_flag(c, o, &OC3_ITEMS, |r| {
        r.in_touch.is(InTouch::Yes) && (r.activ.is(Act::NotKnown) || r.accom.is(Acc::NotKnown))
    });
}

pub(crate) fn rule_391(c: &Ctx, o: &mut Out) {
    for r in &c.r.oc3 {
        let dob = r.dob.get().or(c.dob);
        if let Some(dob) = dob
            && sightline_domain::calendar::birthday(dob, 17) > c.y.end
            && oc3_filled(r)
        {
            o.flag(Oc3, r.row, &["DOB", "IN_TOUCH", "ACTIV", "ACCOM"]);
        }
    }
}

pub(crate) fn rule_399(c: &Ctx, o: &mut Out) {
    if c.r.episodes.is_empty() || !c.r.episodes.iter().all(|e| is_short_break(e)) {
        return;
    }
    let mut any = false;
    for h in &c.r.header {
        if h.mother.is_present() {
            o.flag(Header, h.row, &["MOTHER"]);
            any = true;
        }
    }
    for r in &c.r.reviews {
        if r.review.is_present() || r.review_code.is_present() {
            o.flag(Reviews, r.row, &["REVIEW", "REVIEW_CODE"]);
            any = true;
        }
    }
    if any {
        for e in &c.r.episodes {
            o.flag(Episodes, e.row, &["LS"]);
        }
    }
}

pub(crate) fn rule_440(c: &Ctx, o: &mut Out) {
    for r in &c.r.reviews {
        if let (Some(rv), Some(dob)) = (r.review.get(), r.dob.get())
            && r.review_code.is(Pn::UnderFour)
            && rv > sightline_domain::calendar::birthday(dob, 4)
        {
            o.flag(Reviews, r.row, &["DOB", "REVIEW", "REVIEW_CODE"]);
        }
    }
}

pub(crate) fn rule_441(c: &Ctx, o: &mut Out) {
    for r in &c.r.reviews {
        if let (Some(rv), Some(dob)) = (r.review.get(), r.review_code.get().and(r.dob.get()))
            && !r.review_code.is(Pn::UnderFour)
            && rv < sightline_domain::calendar::birthday(dob, 4)
        {
            o.flag(Reviews, r.row, &["DOB", "REVIEW", "REVIEW_CODE"]);
        }
    }
}

pub(crate) fn rule_542(c: &Ctx, o: &mut Out) {
    for r in &c.r.oc2 {
        if let Some(dob) = r.dob.get()
            && sightline_domain::calendar::birthday(dob, 10) > c.y.end
            && r.convicted.is_present()
        {
            o.flag(Oc2, r.row, &["CONVICTED"]);
        }
    }
}

pub(crate) fn rule_543(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        oc2_flag(c, o, &["CONVICTED"], |r| {
            oc2_bday(r, 10).is_some_and(|b| b < c.y.end) && r.convicted.is_blank()
        });
    }
}

pub(crate) fn rule_544(c: &Ctx, o: &mut Out) {
    oc2_flag(
        c,
        o,
        &[
            "CONVICTED",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
        ],
        |r| r.convicted.is(true) && core_blank(r),
    );
}

pub(crate) fn rule_545(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        oc2_flag(c, o, &["HEALTH_CHECK"], |r| {
            oc2_bday(r, 5).is_some_and(|b| b > c.y.end) && r.health_check.is_blank()
        });
    }
}

pub(crate) fn rule_546(c: &Ctx, o: &mut Out) {
    if c.cla12 {
        oc2_flag(c, o, &["HEALTH_CHECK"], |r| {
            oc2_bday(r, 5).is_some_and(|b| b <= c.y.end) && r.health_check.is_present()
        });
    }
}

pub(crate) fn rule_547(c: &Ctx, o: &mut Out) {
    oc2_flag(
        c,
        o,
        &[
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
        ],
        |r| r.health_check.is(true) && core_blank(r),
    );
}

pub(crate) fn rule_628(c: &Ctx, o: &mut Out) {
    if !c.r.episodes.is_empty() || !c.r.oc3.iter().any(|r| oc3_filled(r)) {
        return;
    }
    for h in &c.r.header {
        if h.mother.is_present() {
            o.flag(Header, h.row, &["MOTHER"]);
        }
    }
}

pub(crate) fn rule_1000(c: &Ctx, o: &mut Out) {
    let died_now = c.r.episodes.iter().any(|e| e.rec.is(Rec::Died));
    let died_before = c
        .prev
        .as_ref()
        .is_some_and(|p| p.episodes.iter().any(|e| e.rec.is(Rec::Died)));
    if died_now || died_before {
        oc3_flag(c, o, &OC3_ITEMS, |_| true);
    }
}

pub(crate) fn rule_1007(c: &Ctx, o: &mut Out) {
    let (Some(b17), Some(b18), Some(b19)) = (c.bday(17), c.bday(18), c.bday(19)) else {
        return;
    };
    if !(b17 <= c.y.end && b19 > c.y.end) {
        return;
    }
    let recent = if b18 <= c.y.end { b18 } else { b17 };
    let in_care = c.r.episodes.iter().any(
        |e| matches!((e.decom.get(), e.dec.get()), (Some(s), Some(t)) if s <= recent && recent < t),
    );
    if in_care {
        oc3_flag(c, o, &OC3_ITEMS, oc3_filled);
    }
}

pub(crate) fn rule_1011(c: &Ctx, o: &mut Out) {
    let latest = c.r.episodes.iter().rfind(|e| e.decom.get().is_some());
    if latest.is_some_and(|e| e.rec.is(Rec::TakenOverByOtherLa)) {
        oc3_flag(c, o, &OC3_ITEMS, oc3_filled);
    }
}

pub(crate) fn rule_1014(c: &Ctx, o: &mut Out) {
    if c.r.uasc.is_empty() || c.r.episodes.is_empty() {
        return;
    }
    let overlaps = c.r.episodes.iter().any(|e| {
        e.decom.get().is_some_and(|s| s <= c.y.end) && e.dec.get().is_none_or(|t| t >= c.y.start)
    });
    if overlaps || !c.r.oc3.iter().any(|r| oc3_filled(r)) {
        return;
    }
    for u in &c.r.uasc {
        o.flag(Uasc, u.row, &["DUC"]);
    }
    oc3_flag(c, o, &OC3_ITEMS, oc3_filled);
}

pub(crate) fn rule_1016(c: &Ctx, o: &mut Out) {
    let (Some(b17), Some(b18), Some(b19)) = (c.bday(17), c.bday(18), c.bday(19)) else {
        return;
    };
    let aged17 = b17 <= c.y.end && b18 > c.y.end;
    let aged18 = b18 <= c.y.end && b19 > c.y.end;
    let hit = c.r.episodes.iter().any(|e| {
        e.dec
            .get()
            .is_some_and(|t| (aged17 && t >= b17) || (aged18 && t >= b18))
    });
    if hit {
        oc3_flag(c, o, &OC3_ITEMS, oc3_filled);
    }
}
