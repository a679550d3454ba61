//! Rules that compare this year's return with last year's: identity that
//! must not change, episodes open at 31 March continuing on 1 April, and
//! decisions and periods carried over. Except 199, they need last year's
//! return ([`crate::validate_with_previous`]) and do not run without it.

use sightline_domain::Date;
use sightline_domain::calendar::birthday;
use sightline_domain::codes::{InTouch, PlacementType as Pl};

use super::{Ctx, Out, Prev, Rule, is_adoption_rec, is_short_break, rule};
use crate::tables::{EpisodeRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_199, "199", 2023, 9999, [Episodes]),
        rule!(rule_202, "202", 2023, 9999, [Header], prev),
        rule!(rule_203, "203", 2023, 9999, [Header], prev),
        rule!(rule_204, "204", 2023, 9999, [Header], prev),
        rule!(rule_205a, "205A", 2023, 9999, [Header], prev),
        rule!(rule_205b, "205B", 2023, 9999, [Header], prev),
        rule!(rule_205d, "205D", 2023, 9999, [Header], prev),
        rule!(rule_207, "207", 2023, 9999, [Header, Episodes], prev),
        rule!(rule_208, "208", 2023, 9999, [Header], prev),
        rule!(rule_348, "348", 2026, 9999, [Oc3], prev),
        rule!(rule_502, "502", 2023, 9999, [Episodes], prev),
        rule!(rule_503a, "503A", 2023, 9999, [Episodes], prev),
        rule!(rule_503b, "503B", 2023, 9999, [Episodes], prev),
        rule!(rule_503c, "503C", 2023, 9999, [Episodes], prev),
        rule!(rule_503d, "503D", 2023, 9999, [Episodes], prev),
        rule!(rule_503e, "503E", 2023, 9999, [Episodes], prev),
        rule!(rule_503f, "503F", 2023, 9999, [Episodes], prev),
        rule!(rule_559, "559", 2023, 9999, [PlacedAdoption], prev),
        rule!(rule_560, "560", 2023, 9999, [PlacedAdoption], prev),
        rule!(rule_561, "561", 2023, 9999, [PlacedAdoption], prev),
        rule!(rule_562, "562", 2023, 9999, [Episodes], prev),
        rule!(rule_576, "576", 2023, 9999, [Missing], prev),
        rule!(rule_584, "584", 2023, 9999, [PlacedAdoption], prev),
        rule!(rule_624, "624", 2023, 9999, [Header], prev),
        rule!(rule_626, "626", 2023, 9999, [Header], prev),
        rule!(rule_1001, "1001", 2023, 9999, [Episodes, Oc3, Header], prev),
        rule!(rule_1002, "1002", 2023, 9999, [Episodes, Oc3], prev),
        rule!(rule_1010, "1010", 2023, 9999, [Episodes, Oc3], prev),
        rule!(rule_noe, "NoE", 2023, 9999, [Episodes], prev),
    ]
}

fn prev<'a>(c: &'a Ctx) -> Option<&'a Prev<'a>> {
    c.prev.as_ref()
}

pub(crate) fn rule_199(c: &Ctx, o: &mut Out) {
    let mut all: Vec<(&EpisodeRow, bool)> = c.r.episodes.iter().map(|e| (*e, true)).collect();
    if let Some(p) = prev(c) {
        all.extend(p.episodes.iter().map(|e| (*e, false)));
    }
    all.retain(|(e, _)| e.decom.get().is_some());
    all.sort_by_key(|(e, now)| (e.decom.get(), !*now, e.row));
    let Some(first) = all.iter().position(|(e, _)| is_adoption_rec(e)) else {
        return;
    };
    for (e, now) in &all[first + 1..] {
        if *now {
            o.flag(Episodes, e.row, &["CHILD"]);
        }
    }
}

fn compare_header(
    c: &Ctx,
    o: &mut Out,
    field: &str,
    f: impl Fn(&crate::tables::HeaderRow) -> String,
) {
    let Some(p) = prev(c) else { return };
    let Some(last) = p.header.first() else { return };
    for h in &c.r.header {
        if f(h) != f(last) {
            o.flag(Header, h.row, &[field]);
        }
    }
}

/// 202 compares sex across the change of codes in 2024/25: `1` is `M` and
/// `2` is `F` (the DfE recoded, the child did not change).
pub(crate) fn rule_202(c: &Ctx, o: &mut Out) {
    compare_header(c, o, "SEX", |h| match h.sex.text().as_str() {
        "1" => "M".to_string(),
        "2" => "F".to_string(),
        t => t.to_string(),
    });
}
pub(crate) fn rule_203(c: &Ctx, o: &mut Out) {
    compare_header(c, o, "DOB", |h| h.dob.text());
}
pub(crate) fn rule_204(c: &Ctx, o: &mut Out) {
    compare_header(c, o, "ETHNIC", |h| h.ethnic.text());
}

fn uasc_duc(rows: &[&crate::tables::UascRow]) -> Option<Date> {
    rows.iter().find_map(|u| u.duc.get())
}

/// Child present in both years (Header or UASC).
fn in_both(c: &Ctx, p: &Prev) -> bool {
    (!c.r.header.is_empty() || !c.r.uasc.is_empty()) && (!p.header.is_empty() || !p.uasc.is_empty())
}

pub(crate) fn rule_205a(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if !c.prev_is_uasc() || c.is_uasc() {
        return;
    }
    let last_start = birthday(c.y.start, -1);
    let last_end = birthday(c.y.end, -1);
    let bad = uasc_duc(&c.r.uasc).is_some()
        || !uasc_duc(&p.uasc).is_some_and(|d| last_start <= d && d <= last_end);
    if bad {
        for h in &c.r.header {
            o.flag(Header, h.row, &["CHILD"]);
        }
    }
}

pub(crate) fn rule_205b(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if !(c.is_uasc() && c.prev_is_uasc()) {
        return;
    }
    // Last year's DUC must be the 18th birthday; this year's must fall in
    // the year or repeat last year's (a blank one does neither).
    let last = uasc_duc(&p.uasc);
    let b18 = p
        .uasc
        .iter()
        .find_map(|u| u.dob.get())
        .map(|d| birthday(d, 18));
    let now = uasc_duc(&c.r.uasc);
    let in_year = now.is_some_and(|d| c.y.start <= d && d <= c.y.end);
    let bad = last.is_none() || last != b18 || (!in_year && (now.is_none() || now != last));
    if bad {
        for u in &c.r.uasc {
            o.flag(Uasc, u.row, &["DUC"]);
        }
        for h in &c.r.header {
            o.flag(Header, h.row, &["UASC"]);
        }
    }
}

pub(crate) fn rule_205d(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if in_both(c, p) && c.is_uasc() && !c.prev_is_uasc() {
        for u in &c.r.uasc {
            o.flag(Uasc, u.row, &["CHILD"]);
        }
    }
}

pub(crate) fn rule_207(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(last) = p.header.first() else { return };
    if c.r.episodes.is_empty() || !last.mother.is(true) {
        return;
    }
    for h in &c.r.header {
        if h.mother.text() != last.mother.text() {
            o.flag(Header, h.row, &["MOTHER"]);
        }
    }
}

fn is_unknown_upn(u: &str) -> bool {
    u.is_empty() || matches!(u, "UN1" | "UN2" | "UN3" | "UN4" | "UN5")
}

pub(crate) fn rule_208(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(last) = p.header.first() else { return };
    for h in &c.r.header {
        let (now, then) = (h.upn.as_str(), last.upn.as_str());
        if now == then {
            continue;
        }
        let allowed = ((then == "UN1" || then.is_empty())
            && matches!(now, "UN2" | "UN3" | "UN4" | "UN5"))
            || (is_unknown_upn(then) && !is_unknown_upn(now));
        if !allowed {
            o.flag(Header, h.row, &["UPN"]);
        }
    }
}

pub(crate) fn rule_348(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if p.oc3.iter().any(|r| r.in_touch.is(InTouch::Died)) {
        for r in &c.r.oc3 {
            if !r.in_touch.is(InTouch::Died) {
                o.flag(Oc3, r.row, &["IN_TOUCH"]);
            }
        }
    }
}

/// Last year's last episode (max DECOM) when it was open at 31 March, and
/// this year's first episode.
fn carried_over<'a>(c: &Ctx<'a>) -> Option<(&'a EpisodeRow, &'a EpisodeRow)> {
    let p = c.prev.as_ref()?;
    let last = p.episodes.iter().rfind(|e| e.decom.get().is_some())?;
    if last.dec.is_present() {
        return None;
    }
    let first = c.r.episodes.iter().find(|e| e.decom.get().is_some())?;
    Some((*last, *first))
}

/// 502: every episode open in last year's file must be this year's first
/// episode (same DECOM).
pub(crate) fn rule_502(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(first) = c.r.episodes.iter().find(|e| e.decom.get().is_some()) else {
        return;
    };
    if p.episodes
        .iter()
        .any(|e| e.dec.is_blank() && e.decom.get() != first.decom.get())
    {
        o.flag(Episodes, first.row, &["DECOM"]);
    }
}

fn continuity(c: &Ctx, o: &mut Out, field: &str, f: impl Fn(&EpisodeRow) -> String) {
    if let Some((last, first)) = carried_over(c)
        && f(last) != f(first)
    {
        o.flag(Episodes, first.row, &[field]);
    }
}

pub(crate) fn rule_503a(c: &Ctx, o: &mut Out) {
    continuity(c, o, "RNE", |e| e.rne.text());
}
pub(crate) fn rule_503b(c: &Ctx, o: &mut Out) {
    continuity(c, o, "LS", |e| e.ls.text());
}
pub(crate) fn rule_503c(c: &Ctx, o: &mut Out) {
    continuity(c, o, "CIN", |e| e.cin.text());
}
pub(crate) fn rule_503d(c: &Ctx, o: &mut Out) {
    let Some((last, first)) = carried_over(c) else {
        return;
    };
    let renamed = (c.y.year == 2025
        && last.place.is(Pl::SemiIndependentUnregulated)
        && first.place.is(Pl::SupportedAccommodation))
        || (c.y.year == 2026
            && last.place.is(Pl::OtherPlacement)
            && first.place.is_any(&[
                Pl::OtherPlacementZ11,
                Pl::OtherPlacementZ12,
                Pl::OtherPlacementZ13,
                Pl::OtherPlacementZ14,
            ]));
    if !renamed && last.place.text() != first.place.text() {
        o.flag(Episodes, first.row, &["PLACE"]);
    }
}
pub(crate) fn rule_503e(c: &Ctx, o: &mut Out) {
    continuity(c, o, "PLACE_PROVIDER", |e| e.place_provider.text());
}
pub(crate) fn rule_503f(c: &Ctx, o: &mut Out) {
    continuity(c, o, "URN", |e| e.urn.clone());
}

pub(crate) fn rule_559(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let had = p.placed_adoption.iter().any(|r| r.date_placed.is_present());
    for r in &c.r.placed_adoption {
        if r.date_placed.get().is_some_and(|d| d < c.y.start) && !had {
            o.flag(PlacedAdoption, r.row, &["DATE_PLACED"]);
        }
    }
}

pub(crate) fn rule_560(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let open_last = p
        .placed_adoption
        .iter()
        .find(|r| r.date_placed.is_present() && r.date_placed_ceased.is_blank());
    let Some(last) = open_last else { return };
    for r in &c.r.placed_adoption {
        if r.date_placed.text() != last.date_placed.text() {
            o.flag(
                PlacedAdoption,
                r.row,
                &["DATE_PLACED", "DATE_PLACED_CEASED"],
            );
        }
    }
}

pub(crate) fn rule_561(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    for r in &c.r.placed_adoption {
        let reversed_same = p.placed_adoption.iter().any(|l| {
            r.date_placed.is_present()
                && l.date_placed.text() == r.date_placed.text()
                && (l.reason_placed_ceased.is_present() || l.date_placed_ceased.is_present())
        });
        if reversed_same {
            o.flag(PlacedAdoption, r.row, &["DATE_PLACED"]);
        }
    }
}

pub(crate) fn rule_562(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(first) =
        c.r.episodes
            .iter()
            .find(|e| e.decom.get().is_some_and(|d| d < c.y.start))
    else {
        return;
    };
    let last = p.episodes.iter().rfind(|e| e.decom.get().is_some());
    if last.is_none_or(|l| l.decom.get() != first.decom.get()) {
        o.flag(Episodes, first.row, &["DECOM"]);
    }
}

pub(crate) fn rule_576(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(open) = p
        .missing
        .iter()
        .find(|m| m.mis_start.is_present() && m.mis_end.is_blank())
    else {
        return;
    };
    let earliest =
        c.r.missing
            .iter()
            .filter(|m| m.mis_start.get().is_some())
            .min_by_key(|m| m.mis_start.get());
    if let Some(m) = earliest
        && m.mis_start.get() != open.mis_start.get()
    {
        o.flag(Missing, m.row, &["MIS_START"]);
    }
}

pub(crate) fn rule_584(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let reversed: Vec<Date> = p
        .placed_adoption
        .iter()
        .filter(|l| l.date_placed_ceased.is_present() || l.reason_placed_ceased.is_present())
        .filter_map(|l| l.date_placed.get())
        .collect();
    let Some(last) = reversed.iter().max() else {
        return;
    };
    for r in &c.r.placed_adoption {
        if r.date_placed.get().is_none_or(|d| d <= *last) {
            o.flag(PlacedAdoption, r.row, &["DATE_PLACED"]);
        }
    }
}

pub(crate) fn rule_624(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(last) = p.header.first() else { return };
    if last.mc_dob.is_blank() {
        return;
    }
    for h in &c.r.header {
        if h.mc_dob.text() != last.mc_dob.text() {
            o.flag(Header, h.row, &["MC_DOB"]);
        }
    }
}

pub(crate) fn rule_626(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let Some(last) = p.header.first() else { return };
    for h in &c.r.header {
        if h.mc_dob.get().is_some_and(|d| d < c.y.start)
            && h.mother.is(true)
            && last.mother.is(false)
        {
            o.flag(Header, h.row, &["MOTHER", "MC_DOB"]);
        }
    }
}

pub(crate) fn rule_1001(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if c.r.oc3.is_empty() {
        return;
    }
    let (Some(b14), Some(b16), Some(b20)) = (c.bday(14), c.bday(16), c.bday(20)) else {
        return;
    };
    // An episode in both years' files (open at last 31 March) counts once:
    // keep the row that has an end date.
    let mut all: Vec<&EpisodeRow> =
        c.r.episodes
            .iter()
            .chain(p.episodes.iter())
            .copied()
            .filter(|e| e.decom.get().is_some())
            .collect();
    all.sort_by_key(|e| (e.decom.get(), e.dec.get().is_none(), e.dec.get()));
    all.dedup_by_key(|e| e.decom.get());
    let last_decom = all.last().and_then(|e| e.decom.get());
    let adopted = all.last().is_some_and(|e| is_adoption_rec(e));
    let mut after14 = 0i64;
    let mut after16 = 0i64;
    for e in all.iter().filter(|e| !is_short_break(e)) {
        let Some(s) = e.decom.get() else { continue };
        // Only the latest episode, if open, runs to 31 March.
        let end = match e.dec.get() {
            Some(d) => d,
            None if e.decom.get() == last_decom => c.y.end,
            None => continue,
        };
        after14 += (end - s.max(b14)).num_days().max(0);
        after16 += (end - s.max(b16)).num_days().max(0);
    }
    if b20 <= c.y.end || after14 < 91 || after16 < 1 || adopted {
        for r in &c.r.oc3 {
            o.flag(Oc3, r.row, &["IN_TOUCH", "ACTIV", "ACCOM"]);
        }
    }
}

pub(crate) fn rule_1002(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if c.r.episodes.is_empty() && p.episodes.is_empty() {
        for r in &c.r.oc3 {
            o.flag(Oc3, r.row, &["IN_TOUCH", "ACTIV", "ACCOM"]);
        }
    }
}

pub(crate) fn rule_1010(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    let last_open = p
        .episodes
        .iter()
        .rfind(|e| e.decom.get().is_some())
        .is_some_and(|e| e.dec.is_blank());
    if c.r.episodes.is_empty() && last_open {
        for r in &c.r.oc3 {
            o.flag(Oc3, r.row, &["IN_TOUCH", "ACTIV", "ACCOM"]);
        }
    }
}

pub(crate) fn rule_noe(c: &Ctx, o: &mut Out) {
    let Some(p) = prev(c) else { return };
    if !p.episodes.is_empty() {
        return;
    }
    for e in &c.r.episodes {
        if e.decom.get().is_some_and(|d| d < c.y.start) {
            o.flag(Episodes, e.row, &["DECOM"]);
        }
    }
}
