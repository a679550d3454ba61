//! Header rules: the child's sex, date of birth, ethnicity, UPN and
//! motherhood, and the checks of episodes against the child's age.

use sightline_domain::calendar::birthday;
use sightline_domain::codes::{
    LegalStatus as Ls, PlacementType as Pl, ReasonEpisodeCeased as Rec, ReasonNewEpisode as Rne,
    Sex,
};

use super::{Ctx, Out, Rule, is_short_break, rule};
use crate::field::Field;
use crate::tables::{HeaderRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_101, "101", 2023, 9999, [Header]),
        rule!(rule_102, "102", 2023, 9999, [Header]),
        rule!(rule_103, "103", 2023, 9999, [Header]),
        rule!(rule_165, "165", 2023, 9999, [Header, Episodes, Oc3]),
        rule!(rule_168, "168", 2023, 9999, [Header]),
        rule!(rule_171, "171", 2023, 9999, [Header]),
        rule!(rule_174, "174", 2023, 9999, [Header]),
        rule!(rule_184, "184", 2023, 9999, [Header, PlacedAdoption]),
        rule!(rule_209, "209", 2023, 9999, [Header]),
        rule!(rule_210, "210", 2023, 9999, [Header, Episodes]),
        rule!(rule_232, "232", 2025, 9999, [Header]),
        rule!(rule_301, "301", 2023, 9999, [Header]),
        rule!(rule_302, "302", 2023, 9999, [Header, Episodes]),
        rule!(rule_351, "351", 2023, 9999, [Header]),
        rule!(rule_352, "352", 2023, 9999, [Header, Episodes]),
        rule!(rule_358, "358", 2023, 9999, [Header, Episodes]),
        rule!(rule_359, "359", 2023, 9999, [Header, Episodes]),
        rule!(rule_386, "386", 2023, 9999, [Header, Episodes]),
        rule!(rule_387, "387", 2023, 9999, [Header, Episodes]),
        rule!(rule_393, "393", 2023, 9999, [Header, Episodes]),
        rule!(rule_460, "460", 2023, 9999, [Header, Episodes]),
        rule!(rule_611, "611", 2023, 9999, [Header]),
        rule!(rule_612, "612", 2023, 9999, [Header]),
        rule!(rule_620, "620", 2023, 9999, [Header]),
        rule!(rule_621, "621", 2023, 9999, [Header]),
        rule!(rule_3001, "3001", 2023, 9999, [Header, Oc3]),
    ]
}

/// SEX codes valid in the year: `1`/`2` up to 2023/24, `M`/`F`/`U` after.
pub(crate) fn sex_valid(year: i32, f: &Field<Sex>) -> bool {
    if year <= 2024 {
        matches!(f, Field::Invalid(s) if s == "1" || s == "2")
    } else {
        f.is_present() && !f.is_invalid()
    }
}
pub(crate) fn is_female(year: i32, f: &Field<Sex>) -> bool {
    if year <= 2024 {
        matches!(f, Field::Invalid(s) if s == "2")
    } else {
        f.is(Sex::Female)
    }
}
pub(crate) fn is_male(year: i32, f: &Field<Sex>) -> bool {
    if year <= 2024 {
        matches!(f, Field::Invalid(s) if s == "1")
    } else {
        f.is(Sex::Male)
    }
}

fn headers<'a>(c: &'a Ctx) -> impl Iterator<Item = &'a HeaderRow> + 'a {
    c.r.header.iter().copied()
}

pub(crate) fn rule_101(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if !sex_valid(c.y.year, &h.sex) {
            o.flag(Header, h.row, &["SEX"]);
        }
    }
}

pub(crate) fn rule_102(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.dob.get().is_none() {
            o.flag(Header, h.row, &["DOB"]);
        }
    }
}

pub(crate) fn rule_103(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.ethnic.get().is_none() {
            o.flag(Header, h.row, &["ETHNIC"]);
        }
    }
}

/// Any non-V3/V4 episode overlapping the collection year.
fn looked_after_in_year(c: &Ctx) -> bool {
    c.r.episodes.iter().any(|e| {
        !is_short_break(e)
            && e.decom.get().is_some_and(|d| d <= c.y.end)
            && e.dec.get().is_none_or(|d| d >= c.y.start)
    })
}

pub(crate) fn rule_165(c: &Ctx, o: &mut Out) {
    if c.r.episodes.is_empty() {
        return;
    }
    let in_year = looked_after_in_year(c);
    let oc3_filled =
        c.r.oc3
            .iter()
            .any(|r| r.in_touch.is_present() || r.activ.is_present() || r.accom.is_present());
    for h in headers(c) {
        let bad = h.mother.is_invalid()
            || (h.mother.is_present() && is_male(c.y.year, &h.sex))
            || (is_female(c.y.year, &h.sex) && h.mother.is_blank() && in_year)
            || (is_female(c.y.year, &h.sex) && h.mother.is_present() && !in_year && oc3_filled);
        if bad {
            o.flag(Header, h.row, &["MOTHER"]);
            for r in &c.r.oc3 {
                o.flag(Oc3, r.row, &["IN_TOUCH", "ACTIV", "ACCOM"]);
            }
        }
    }
}

/// UPN shape: a letter other than I, O, S, then 12 digits or 11 digits and a letter.
pub(crate) fn upn_shape_ok(u: &str) -> bool {
    if matches!(u, "UN1" | "UN2" | "UN3" | "UN4" | "UN5") {
        return true;
    }
    let b = u.as_bytes();
    b.len() == 13
        && b[0].is_ascii_uppercase()
        && !matches!(b[0], b'I' | b'O' | b'S')
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || b[12].is_ascii_uppercase())
}

pub(crate) fn rule_168(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if !h.upn.is_empty() && !upn_shape_ok(&h.upn) {
            o.flag(Header, h.row, &["UPN"]);
        }
    }
}

pub(crate) fn rule_171(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.mc_dob.is_invalid() {
            o.flag(Header, h.row, &["MC_DOB"]);
        }
    }
}

pub(crate) fn rule_174(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if is_male(c.y.year, &h.sex) && h.mc_dob.is_present() {
            o.flag(Header, h.row, &["SEX", "MC_DOB"]);
        }
    }
}

/// 184 compares with the DOB given on the PlacedAdoption row (the Header's
/// when that is blank); INT12 checks the two agree.
pub(crate) fn rule_184(c: &Ctx, o: &mut Out) {
    if c.r.header.is_empty() {
        return;
    }
    for p in &c.r.placed_adoption {
        let Some(dob) = p.dob.get().or(if p.dob.is_blank() { c.dob } else { None }) else {
            continue;
        };
        if p.date_placed.get().is_some_and(|d| d < dob) {
            o.flag(PlacedAdoption, p.row, &["DATE_PLACED"]);
        }
    }
}

pub(crate) fn rule_209(c: &Ctx, o: &mut Out) {
    // 31 August before the collection year starts.
    let Some(aug) = chrono::NaiveDate::from_ymd_opt(c.y.year - 2, 8, 31) else {
        return;
    };
    for h in headers(c) {
        if h.upn == "UN1" && h.dob.get().is_some_and(|d| birthday(d, 4) <= aug) {
            o.flag(Header, h.row, &["UPN", "DOB"]);
        }
    }
}

pub(crate) fn rule_210(c: &Ctx, o: &mut Out) {
    let Some(cut) = chrono::NaiveDate::from_ymd_opt(c.y.year, 3, 24) else {
        return;
    };
    for h in headers(c) {
        if h.upn != "UN4" {
            continue;
        }
        let eps: Vec<_> =
            c.r.episodes
                .iter()
                .filter(|e| e.decom.get().is_some_and(|d| d >= cut))
                .collect();
        if !eps.is_empty() {
            o.flag(Header, h.row, &["UPN"]);
            for e in eps {
                o.flag(Episodes, e.row, &["DECOM"]);
            }
        }
    }
}

pub(crate) fn rule_232(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.sex.is(Sex::Unknown) {
            o.flag(Header, h.row, &["SEX"]);
        }
    }
}

pub(crate) fn rule_301(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.dob.get().is_some_and(|d| d > c.y.end) {
            o.flag(Header, h.row, &["DOB"]);
        }
    }
}

pub(crate) fn rule_302(c: &Ctx, o: &mut Out) {
    let Some(dob) = c.dob else { return };
    if let Some(first) = c.r.episodes.first()
        && first.decom.get().is_some_and(|d| d < dob)
    {
        o.flag(Episodes, first.row, &["DECOM"]);
        for h in headers(c) {
            o.flag(Header, h.row, &["DOB"]);
        }
    }
}

pub(crate) fn rule_351(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.dob.get().is_some_and(|d| birthday(d, 25) < c.y.start) {
            o.flag(Header, h.row, &["DOB"]);
        }
    }
}

pub(crate) fn rule_352(c: &Ctx, o: &mut Out) {
    let Some(b18) = c.bday(18) else { return };
    for e in &c.r.episodes {
        if e.rne.is(Rne::Started) && e.decom.get().is_some_and(|d| d >= b18) {
            o.flag(Episodes, e.row, &["DECOM", "RNE"]);
        }
    }
}

pub(crate) fn rule_358(c: &Ctx, o: &mut Out) {
    let Some(b10) = c.bday(10) else { return };
    for e in &c.r.episodes {
        if e.ls
            .is_any(&[Ls::Remanded, Ls::Pace, Ls::YouthRehabilitationOrder])
            && e.decom.get().is_some_and(|d| d <= b10)
        {
            o.flag(Episodes, e.row, &["DECOM", "LS"]);
            for h in headers(c) {
                o.flag(Header, h.row, &["DOB"]);
            }
        }
    }
}

pub(crate) fn rule_359(c: &Ctx, o: &mut Out) {
    let Some(b18) = c.bday(18) else { return };
    if b18 >= c.y.end {
        return;
    }
    for e in &c.r.episodes {
        if e.dec.is_blank() && !(e.ls.is(Ls::Section20) && e.place.is(Pl::ChildrensHome)) {
            o.flag(Episodes, e.row, &["DEC", "LS", "PLACE"]);
        }
    }
}

fn ended_with(c: &Ctx, o: &mut Out, recs: &[Rec], bad: impl Fn(chrono::NaiveDate) -> bool) {
    for e in &c.r.episodes {
        if e.rec.is_any(recs) && e.dec.get().is_some_and(&bad) {
            o.flag(Episodes, e.row, &["REC", "DEC"]);
        }
    }
}

pub(crate) fn rule_386(c: &Ctx, o: &mut Out) {
    let Some(b18) = c.bday(18) else { return };
    ended_with(
        c,
        o,
        &[Rec::AdoptedUnopposed, Rec::AdoptedConsentDispensed],
        |d| d >= b18,
    );
}

pub(crate) fn rule_387(c: &Ctx, o: &mut Out) {
    let Some(b14) = c.bday(14) else { return };
    ended_with(
        c,
        o,
        &[
            Rec::IndependentLivingSupported,
            Rec::IndependentLivingUnsupported,
        ],
        |d| d < b14,
    );
}

pub(crate) fn rule_393(c: &Ctx, o: &mut Out) {
    if !c
        .r
        .episodes
        .iter()
        .any(|e| e.ls.is_present() && !is_short_break(e))
    {
        return;
    }
    for h in headers(c) {
        if is_female(c.y.year, &h.sex) && h.mother.is_blank() {
            o.flag(Header, h.row, &["MOTHER"]);
        }
    }
}

pub(crate) fn rule_460(c: &Ctx, o: &mut Out) {
    let Some(b18) = c.bday(18) else { return };
    ended_with(c, o, &[Rec::StayingPut], |d| d < b18);
}

pub(crate) fn rule_611(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.mother.is(true) && h.mc_dob.is_blank() {
            o.flag(Header, h.row, &["MOTHER", "MC_DOB"]);
        }
    }
}

pub(crate) fn rule_612(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if is_female(c.y.year, &h.sex)
            && (h.mother.is(false) || h.mother.is_blank())
            && h.mc_dob.is_present()
        {
            o.flag(Header, h.row, &["SEX", "MOTHER", "MC_DOB"]);
        }
    }
}

pub(crate) fn rule_620(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if h.mother.is(true) && h.dob.get().is_some_and(|d| birthday(d, 11) > c.y.start) {
            o.flag(Header, h.row, &["DOB", "MOTHER"]);
        }
    }
}

pub(crate) fn rule_621(c: &Ctx, o: &mut Out) {
    for h in headers(c) {
        if let (Some(mc), Some(dob)) = (h.mc_dob.get(), h.dob.get())
            && mc <= dob
        {
            o.flag(Header, h.row, &["DOB", "MC_DOB"]);
        }
    }
}

pub(crate) fn rule_3001(c: &Ctx, o: &mut Out) {
    use sightline_domain::codes::CareLeaverAccommodation as Acc;
    let Some(b17) = c.bday(17) else { return };
    if !(c.y.start <= b17 && b17 <= c.y.end) {
        return;
    }
    for r in &c.r.oc3 {
        if r.accom
            .is_any(&[Acc::StayingPutSuitable, Acc::StayingPutUnsuitable])
        {
            o.flag(Oc3, r.row, &["ACCOM"]);
        }
    }
}
