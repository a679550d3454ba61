//! AD1 (adoptions), PlacedAdoption (should-be-placed decisions) and PrevPerm
//! (previous permanence) rules.

use sightline_domain::codes::{
    LegalStatus as Ls, LegalStatusOfAdopters as Lsa, PlacementType as Pl, PreviousPermanence as Pp,
    ReasonEpisodeCeased as Rec, ReasonNewEpisode as Rne, SexOfAdopters as Sa,
};

use super::{Ctx, Out, Rule, is_adoption_place, is_adoption_rec, rule};
use crate::field::parse_zz_date;
use crate::tables::{Ad1Row, PlacedAdoptionRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_112, "112", 2023, 9999, [Ad1]),
        rule!(rule_113, "113", 2023, 9999, [Ad1]),
        rule!(rule_114, "114", 2023, 9999, [Ad1]),
        rule!(rule_115, "115", 2023, 9999, [PlacedAdoption]),
        rule!(rule_116, "116", 2023, 9999, [PlacedAdoption]),
        rule!(rule_117, "117", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_118, "118", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_119, "119", 2023, 9999, [PlacedAdoption]),
        rule!(rule_120, "120", 2023, 9999, [PlacedAdoption]),
        rule!(rule_151, "151", 2023, 9999, [Ad1]),
        rule!(rule_175, "175", 2023, 9999, [Ad1]),
        rule!(rule_176, "176", 2023, 9999, [Ad1]),
        rule!(rule_177, "177", 2023, 9999, [Ad1]),
        rule!(rule_331, "331", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_333, "333", 2023, 9999, [Ad1]),
        rule!(rule_334, "334", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_335, "335", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_511, "511", 2023, 9999, [Ad1]),
        rule!(rule_514, "514", 2023, 9999, [Ad1]),
        rule!(rule_517, "517", 2023, 9999, [Ad1]),
        rule!(rule_518, "518", 2023, 9999, [Ad1]),
        rule!(rule_519, "519", 2023, 9999, [Ad1]),
        rule!(rule_520, "520", 2023, 9999, [Ad1]),
        rule!(rule_521, "521", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_522, "522", 2023, 9999, [PlacedAdoption]),
        rule!(rule_523, "523", 2023, 9999, [PlacedAdoption, Ad1]),
        rule!(rule_524, "524", 2023, 9999, [Ad1]),
        rule!(rule_525, "525", 2023, 9999, [PlacedAdoption, Ad1]),
        rule!(rule_551, "551", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_552, "552", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_553, "553", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_554, "554", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_557, "557", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_558, "558", 2023, 9999, [Episodes, PlacedAdoption]),
        rule!(rule_563, "563", 2023, 9999, [PlacedAdoption]),
        rule!(rule_579, "579", 2023, 9999, [PlacedAdoption]),
        rule!(rule_582, "582", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_583, "583", 2023, 9999, [PlacedAdoption]),
        rule!(rule_601, "601", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_602, "602", 2023, 9999, [Ad1, Episodes]),
        rule!(rule_630, "630", 2023, 9999, [Episodes, PrevPerm]),
        rule!(rule_631, "631", 2023, 9999, [PrevPerm]),
        rule!(rule_632, "632", 2023, 9999, [Episodes, PrevPerm]),
        rule!(rule_633, "633", 2023, 9999, [PrevPerm]),
        rule!(rule_634, "634", 2023, 9999, [Episodes, PrevPerm]),
        rule!(rule_635, "635", 2023, 9999, [PrevPerm]),
        rule!(rule_1003, "1003", 2023, 9999, [Episodes, PlacedAdoption]),
    ]
}

const AD1_FIELDS: [&str; 6] = [
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
];

fn ad1_filled(a: &Ad1Row) -> [bool; 6] {
    [
        a.date_int.is_present(),
        a.date_match.is_present(),
        a.foster_care.is_present(),
        a.nb_adoptr.is_present(),
        a.sex_adoptr.is_present(),
        a.ls_adoptr.is_present(),
    ]
}
/// Any of the six adoption items is filled.
pub(crate) fn ad1_any(a: &Ad1Row) -> bool {
    ad1_filled(a).iter().any(|x| *x)
}

fn ad1_flag(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&Ad1Row) -> bool) {
    for a in &c.r.ad1 {
        if f(a) {
            o.flag(Ad1, a.row, fields);
        }
    }
}
fn pa_flag(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&PlacedAdoptionRow) -> bool) {
    for p in &c.r.placed_adoption {
        if f(p) {
            o.flag(PlacedAdoption, p.row, fields);
        }
    }
}

pub(crate) fn rule_112(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["DATE_INT"], |a| a.date_int.is_invalid());
}
pub(crate) fn rule_113(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["DATE_MATCH"], |a| a.date_match.is_invalid());
}
pub(crate) fn rule_114(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["FOSTER_CARE"], |a| a.foster_care.is_invalid());
}
pub(crate) fn rule_115(c: &Ctx, o: &mut Out) {
    pa_flag(c, o, &["DATE_PLACED"], |p| p.date_placed.is_invalid());
}
pub(crate) fn rule_116(c: &Ctx, o: &mut Out) {
    pa_flag(c, o, &["DATE_PLACED_CEASED"], |p| {
        p.date_placed_ceased.is_invalid()
    });
}

pub(crate) fn rule_117(c: &Ctx, o: &mut Out) {
    let Some(last) =
        c.r.episodes
            .iter()
            .rfind(|e| e.decom.get().is_some() && !e.rec.is(Rec::Continues))
    else {
        return;
    };
    let mut hit = false;
    for p in &c.r.placed_adoption {
        let late = |d: Option<chrono::NaiveDate>| {
            d.is_some_and(|d| d > c.y.end || last.dec.get().is_some_and(|x| d > x))
        };
        if late(p.date_placed.get()) || late(p.date_placed_ceased.get()) {
            o.flag(
                PlacedAdoption,
                p.row,
                &["DATE_PLACED", "DATE_PLACED_CEASED"],
            );
            hit = true;
        }
    }
    if hit {
        o.flag(Episodes, last.row, &["DEC", "REC", "DECOM"]);
    }
}

pub(crate) fn rule_118(c: &Ctx, o: &mut Out) {
    let first =
        c.r.episodes
            .iter()
            .find(|e| e.decom.get().is_some() && e.ls.is_present() && !super::is_short_break(e));
    for p in &c.r.placed_adoption {
        let Some(ceased) = p.date_placed_ceased.get() else {
            continue;
        };
        let before_first = first.is_some_and(|e| e.decom.get().is_some_and(|d| ceased < d));
        if ceased < c.y.start || before_first {
            o.flag(PlacedAdoption, p.row, &["DATE_PLACED_CEASED"]);
            if let Some(e) = first.filter(|_| before_first) {
                o.flag(Episodes, e.row, &["DECOM", "LS"]);
            }
        }
    }
}

pub(crate) fn rule_119(c: &Ctx, o: &mut Out) {
    pa_flag(c, o, &["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"], |p| {
        p.date_placed_ceased.is_present() != p.reason_placed_ceased.is_present()
    });
}
pub(crate) fn rule_120(c: &Ctx, o: &mut Out) {
    pa_flag(c, o, &["REASON_PLACED_CEASED"], |p| {
        p.reason_placed_ceased.is_invalid()
    });
}

pub(crate) fn rule_151(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &AD1_FIELDS, |a| {
        let n = ad1_filled(a).iter().filter(|x| **x).count();
        n > 0 && n < 6
    });
}
pub(crate) fn rule_175(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["NB_ADOPTR"], |a| {
        a.nb_adoptr.is_invalid() || a.nb_adoptr.get().is_some_and(|n| !(1..=2).contains(&n))
    });
}
pub(crate) fn rule_176(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["SEX_ADOPTR"], |a| a.sex_adoptr.is_invalid());
}
pub(crate) fn rule_177(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["LS_ADOPTR"], |a| a.ls_adoptr.is_invalid());
}

pub(crate) fn rule_331(c: &Ctx, o: &mut Out) {
    for e in &c.r.episodes {
        if !is_adoption_rec(e) {
            continue;
        }
        let Some(decom) = e.decom.get() else { continue };
        let mut hit = false;
        for a in &c.r.ad1 {
            if a.date_match.get().is_some_and(|m| m > decom) {
                o.flag(Ad1, a.row, &["DATE_MATCH"]);
                hit = true;
            }
        }
        if hit {
            o.flag(Episodes, e.row, &["DECOM", "REC"]);
        }
    }
}

pub(crate) fn rule_333(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["DATE_INT", "DATE_MATCH"], |a| {
        (a.date_match.is_present() && a.date_int.is_blank())
            || matches!((a.date_int.get(), a.date_match.get()), (Some(i), Some(m)) if i > m)
    });
}

pub(crate) fn rule_334(c: &Ctx, o: &mut Out) {
    let Some(s) =
        c.r.episodes
            .iter()
            .filter(|e| e.rne.is(Rne::Started))
            .filter_map(|e| e.decom.get())
            .max()
    else {
        return;
    };
    ad1_flag(c, o, &["DATE_INT"], |a| {
        a.date_int.get().is_some_and(|d| d < s)
    });
}

pub(crate) fn rule_335(c: &Ctx, o: &mut Out) {
    for e in &c.r.episodes {
        if !is_adoption_rec(e) {
            continue;
        }
        let current = e.place.is_any(&[
            Pl::AdoptionConsentCurrentCarer,
            Pl::AdoptionOrderCurrentCarer,
        ]);
        let new = e
            .place
            .is_any(&[Pl::AdoptionConsentNewCarer, Pl::AdoptionOrderNewCarer]);
        for a in &c.r.ad1 {
            if (current && a.foster_care.is(false)) || (new && a.foster_care.is(true)) {
                o.flag(Episodes, e.row, &["PLACE"]);
                o.flag(Ad1, a.row, &["FOSTER_CARE"]);
            }
        }
    }
}

fn adopters(c: &Ctx, o: &mut Out, ls: Lsa, ok: &[Sa]) {
    ad1_flag(c, o, &["LS_ADOPTR", "SEX_ADOPTR"], |a| {
        a.ls_adoptr.is(ls) && !a.sex_adoptr.is_any(ok)
    });
}

pub(crate) fn rule_511(c: &Ctx, o: &mut Out) {
    ad1_flag(c, o, &["NB_ADOPTR", "SEX_ADOPTR"], |a| {
        a.nb_adoptr.is(2) && a.sex_adoptr.is_any(&[Sa::SingleMale, Sa::SingleFemale])
    });
}
pub(crate) fn rule_514(c: &Ctx, o: &mut Out) {
    adopters(c, o, Lsa::Single, &[Sa::SingleMale, Sa::SingleFemale]);
}
pub(crate) fn rule_517(c: &Ctx, o: &mut Out) {
    adopters(c, o, Lsa::UnmarriedDifferentSex, &[Sa::MaleFemaleCouple]);
}
pub(crate) fn rule_518(c: &Ctx, o: &mut Out) {
    adopters(
        c,
        o,
        Lsa::UnmarriedSameSex,
        &[Sa::MaleCouple, Sa::FemaleCouple],
    );
}
pub(crate) fn rule_519(c: &Ctx, o: &mut Out) {
    adopters(
        c,
        o,
        Lsa::CivilPartners,
        &[Sa::MaleCouple, Sa::FemaleCouple, Sa::MaleFemaleCouple],
    );
}
pub(crate) fn rule_520(c: &Ctx, o: &mut Out) {
    adopters(c, o, Lsa::MarriedDifferentSex, &[Sa::MaleFemaleCouple]);
}
pub(crate) fn rule_524(c: &Ctx, o: &mut Out) {
    adopters(
        c,
        o,
        Lsa::MarriedSameSex,
        &[Sa::MaleCouple, Sa::FemaleCouple],
    );
}

pub(crate) fn rule_521(c: &Ctx, o: &mut Out) {
    let Some(int) = c.r.ad1.iter().find_map(|a| a.date_int.get()) else {
        return;
    };
    for e in &c.r.episodes {
        if is_adoption_place(e) && e.decom.get().is_some_and(|d| d < int) {
            o.flag(Episodes, e.row, &["PLACE", "DECOM"]);
        }
    }
}

pub(crate) fn rule_522(c: &Ctx, o: &mut Out) {
    pa_flag(
        c,
        o,
        &["DATE_PLACED", "DATE_PLACED_CEASED"],
        |p| matches!((p.date_placed.get(), p.date_placed_ceased.get()), (Some(a), Some(b)) if b < a),
    );
}

pub(crate) fn rule_523(c: &Ctx, o: &mut Out) {
    for a in &c.r.ad1 {
        let Some(int) = a.date_int.get() else {
            continue;
        };
        for p in &c.r.placed_adoption {
            if p.date_placed.get().is_some_and(|d| d != int) {
                o.flag(PlacedAdoption, p.row, &["DATE_PLACED"]);
                o.flag(Ad1, a.row, &["DATE_INT"]);
            }
        }
    }
}

pub(crate) fn rule_525(c: &Ctx, o: &mut Out) {
    let ceased: Vec<u64> =
        c.r.placed_adoption
            .iter()
            .filter(|p| p.date_placed_ceased.is_present())
            .map(|p| p.row)
            .collect();
    let ad1: Vec<u64> =
        c.r.ad1
            .iter()
            .filter(|a| ad1_any(a))
            .map(|a| a.row)
            .collect();
    if ceased.is_empty() || ad1.is_empty() {
        return;
    }
    for r in ceased {
        o.flag(PlacedAdoption, r, &["DATE_PLACED_CEASED"]);
    }
    for r in ad1 {
        o.flag(Ad1, r, &AD1_FIELDS);
    }
}

pub(crate) fn rule_551(c: &Ctx, o: &mut Out) {
    let missing = c.r.placed_adoption.is_empty()
        || c.r.placed_adoption.iter().any(|p| p.date_placed.is_blank());
    if !missing {
        return;
    }
    for e in &c.r.episodes {
        if is_adoption_place(e) {
            o.flag(Episodes, e.row, &["PLACE"]);
        }
    }
}

pub(crate) fn rule_552(c: &Ctx, o: &mut Out) {
    let Some(latest) =
        c.r.placed_adoption
            .iter()
            .filter_map(|p| p.date_placed.get())
            .max()
    else {
        return;
    };
    if let Some(e) = c.r.episodes.iter().find(|e| is_adoption_place(e))
        && e.decom.get().is_some_and(|d| d < latest)
    {
        o.flag(Episodes, e.row, &["DECOM"]);
        for p in &c.r.placed_adoption {
            if p.date_placed.get() == Some(latest) {
                o.flag(PlacedAdoption, p.row, &["DATE_PLACED"]);
            }
        }
    }
}

pub(crate) fn rule_553(c: &Ctx, o: &mut Out) {
    let e1: Vec<_> =
        c.r.episodes
            .iter()
            .filter(|e| e.ls.is(Ls::PlacementOrder))
            .collect();
    if e1.is_empty() {
        return;
    }
    if c.r.placed_adoption.is_empty() {
        for e in e1 {
            o.flag(Episodes, e.row, &["LS"]);
        }
        return;
    }
    if e1.iter().any(|e| e.dec.is_blank()) {
        pa_flag(c, o, &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"], |p| {
            p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present()
        });
    }
}

pub(crate) fn rule_554(c: &Ctx, o: &mut Out) {
    let Some(e) = c.r.episodes.iter().find(|e| e.ls.is(Ls::PlacementOrder)) else {
        return;
    };
    let Some(decom) = e.decom.get() else { return };
    let mut hit = false;
    for p in &c.r.placed_adoption {
        if p.date_placed.get().is_some_and(|d| decom < d) {
            o.flag(PlacedAdoption, p.row, &["DATE_PLACED"]);
            hit = true;
        }
    }
    if hit {
        o.flag(Episodes, e.row, &["DECOM", "LS"]);
    }
}

pub(crate) fn rule_557(c: &Ctx, o: &mut Out) {
    let unclosed = c.r.placed_adoption.is_empty()
        || c.r
            .placed_adoption
            .iter()
            .any(|p| p.date_placed_ceased.is_blank() || p.reason_placed_ceased.is_blank());
    if !unclosed {
        return;
    }
    for e in &c.r.episodes {
        if (is_adoption_place(e) || e.ls.is(Ls::PlacementOrder))
            && e.rec.is_present()
            && !e.rec.is_any(&[
                Rec::AdoptedUnopposed,
                Rec::AdoptedConsentDispensed,
                Rec::Continues,
            ])
        {
            o.flag(Episodes, e.row, &["PLACE", "LS", "REC"]);
        }
    }
}

pub(crate) fn rule_558(c: &Ctx, o: &mut Out) {
    let adopted: Vec<_> = c.r.episodes.iter().filter(|e| is_adoption_rec(e)).collect();
    let pa = &c.r.placed_adoption;
    if adopted.is_empty() || pa.is_empty() || !pa.iter().all(|p| p.date_placed_ceased.is_present())
    {
        return;
    }
    if adopted.len() * pa.len() > 1 {
        for e in adopted {
            o.flag(Episodes, e.row, &["REC"]);
        }
    }
}

pub(crate) fn rule_563(c: &Ctx, o: &mut Out) {
    pa_flag(
        c,
        o,
        &["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        |p| {
            p.reason_placed_ceased.is_present()
                && p.date_placed_ceased.is_present()
                && p.date_placed.is_blank()
        },
    );
}

pub(crate) fn rule_579(c: &Ctx, o: &mut Out) {
    let mut rows: Vec<&PlacedAdoptionRow> =
        c.r.placed_adoption
            .iter()
            .copied()
            .filter(|p| p.date_placed.get().is_some())
            .collect();
    rows.sort_by_key(|p| (p.date_placed.get(), p.row));
    for w in rows.windows(2) {
        let (a, b) = (w[0], w[1]);
        let bad = a.date_placed_ceased.is_blank()
            || matches!((b.date_placed.get(), a.date_placed_ceased.get()), (Some(x), Some(y)) if x < y);
        if bad {
            o.flag(
                PlacedAdoption,
                b.row,
                &["DATE_PLACED", "DATE_PLACED_CEASED"],
            );
        }
    }
}

pub(crate) fn rule_582(c: &Ctx, o: &mut Out) {
    for e in &c.r.episodes {
        if !is_adoption_rec(e) || e.dec.is_blank() {
            continue;
        }
        for a in &c.r.ad1 {
            if a.date_match == e.dec {
                o.flag(Episodes, e.row, &["DEC"]);
                o.flag(Ad1, a.row, &["DATE_MATCH"]);
            }
        }
    }
}

pub(crate) fn rule_583(c: &Ctx, o: &mut Out) {
    let pa = &c.r.placed_adoption;
    if pa.len() < 2 {
        return;
    }
    let latest = pa.iter().filter_map(|p| p.date_placed.get()).max();
    for p in pa {
        if p.date_placed.get() != latest && p.date_placed_ceased.is_blank() {
            o.flag(
                PlacedAdoption,
                p.row,
                &["DATE_PLACED", "DATE_PLACED_CEASED"],
            );
        }
    }
}

fn adopted_in_year(c: &Ctx) -> Vec<u64> {
    c.r.episodes
        .iter()
        .filter(|e| {
            is_adoption_rec(e) && e.dec.get().is_some_and(|d| c.y.start <= d && d <= c.y.end)
        })
        .map(|e| e.row)
        .collect()
}

pub(crate) fn rule_601(c: &Ctx, o: &mut Out) {
    let eps = adopted_in_year(c);
    if eps.is_empty() {
        return;
    }
    let mut hit = false;
    for a in &c.r.ad1 {
        if ad1_filled(a).iter().any(|x| !*x) {
            o.flag(Ad1, a.row, &AD1_FIELDS);
            hit = true;
        }
    }
    if hit {
        for r in eps {
            o.flag(Episodes, r, &["REC"]);
        }
    }
}

pub(crate) fn rule_602(c: &Ctx, o: &mut Out) {
    if !adopted_in_year(c).is_empty() {
        return;
    }
    ad1_flag(c, o, &["CHILD"], ad1_any);
}

pub(crate) fn rule_630(c: &Ctx, o: &mut Out) {
    for e in &c.r.episodes {
        if !(e.rne.is(Rne::Started) && e.decom.get().is_some_and(|d| d >= c.y.start)) {
            continue;
        }
        let bad = c.r.prev_perm.is_empty()
            || c.r.prev_perm.iter().any(|p| {
                p.prev_perm.is_blank()
                    || (!p.prev_perm.is(Pp::None)
                        && (p.la_perm.is_empty() || p.date_perm.is_empty()))
            });
        if bad {
            o.flag(Episodes, e.row, &["RNE"]);
        }
    }
}

pub(crate) fn rule_631(c: &Ctx, o: &mut Out) {
    for p in &c.r.prev_perm {
        if p.prev_perm.is_invalid() {
            o.flag(PrevPerm, p.row, &["PREV_PERM"]);
        }
    }
}

/// 632: DATE_PERM unreadable (after resolving `ZZ`) or not before the
/// child's first DECOM; flags the PrevPerm row and that first episode.
pub(crate) fn rule_632(c: &Ctx, o: &mut Out) {
    let first = c.r.episodes.iter().find(|e| e.decom.get().is_some());
    let start = first.and_then(|e| e.decom.get());
    for p in &c.r.prev_perm {
        if p.date_perm.is_empty() {
            continue;
        }
        let bad = match parse_zz_date(&p.date_perm) {
            None => true,
            Some(d) => start.is_some_and(|f| d >= f),
        };
        if bad {
            o.flag(PrevPerm, p.row, &["DATE_PERM"]);
            if let Some(e) = first {
                o.flag(Episodes, e.row, &["DECOM"]);
            }
        }
    }
}

/// Old-style three-digit LA codes accepted in LA_PERM, and the UK nations.
pub(crate) fn la_perm_valid(s: &str) -> bool {
    if matches!(s, "WAL" | "SCO" | "NUK" | "NIR") {
        return true;
    }
    s.len() == 3
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u16>().is_ok_and(|n| {
            sightline_domain::la::local_authorities()
                .iter()
                .any(|l| l.number.get() == n)
        })
}

pub(crate) fn rule_633(c: &Ctx, o: &mut Out) {
    for p in &c.r.prev_perm {
        if !p.la_perm.is_empty() && !la_perm_valid(&p.la_perm) {
            o.flag(PrevPerm, p.row, &["LA_PERM"]);
        }
    }
}

pub(crate) fn rule_634(c: &Ctx, o: &mut Out) {
    let Some(latest) = c.r.episodes.iter().filter_map(|e| e.decom.get()).max() else {
        return;
    };
    if latest >= c.y.start {
        return;
    }
    for p in &c.r.prev_perm {
        if p.prev_perm.is_present() || !p.date_perm.is_empty() || !p.la_perm.is_empty() {
            o.flag(PrevPerm, p.row, &["LA_PERM", "PREV_PERM", "DATE_PERM"]);
        }
    }
}

pub(crate) fn rule_635(c: &Ctx, o: &mut Out) {
    for p in &c.r.prev_perm {
        if (!p.la_perm.is_empty() || !p.date_perm.is_empty()) && p.prev_perm.is_blank() {
            o.flag(PrevPerm, p.row, &["LA_PERM", "DATE_PERM", "PREV_PERM"]);
        }
    }
}

pub(crate) fn rule_1003(c: &Ctx, o: &mut Out) {
    let Some(s) =
        c.r.episodes
            .iter()
            .filter(|e| e.rne.is(Rne::Started))
            .find_map(|e| e.decom.get())
    else {
        return;
    };
    pa_flag(c, o, &["DATE_PLACED"], |p| {
        p.date_placed.get().is_some_and(|d| d < s)
    });
}
