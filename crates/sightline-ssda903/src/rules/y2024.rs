//! Rules of the 2023/24 collection that the DfE withdrew for 2024/25
//! (independent living `P2`, freeing orders `D1`, the first social worker
//! rules), and two 2024/25 rules the peer validator cannot run (231, 347).

use chrono::{Days, NaiveDate};
use sightline_domain::Date;
use sightline_domain::codes::{LegalStatus as Ls, PlacementType as Pl};

use super::{Ctx, Out, Rule, is_short_break, rule};
use crate::field::{Field, parse_zz_date};
use crate::tables::{EpisodeRow, SwEpisodeRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_217t, "217t", 2024, 2024, [Episodes]),
        rule!(rule_230, "230", 2024, 2024, [Episodes]),
        rule!(rule_370, "370", 2023, 2024, [Header, Episodes]),
        rule!(rule_445, "445", 2023, 2024, [Episodes]),
        rule!(rule_451, "451", 2023, 2024, [Episodes]),
        rule!(rule_555, "555", 2023, 2024, [Episodes, PlacedAdoption]),
        rule!(rule_556, "556", 2023, 2024, [Episodes, PlacedAdoption]),
        rule!(rule_sw01, "SW01STG1", 2024, 2024, [SwEpisodes, Episodes]),
        rule!(rule_sw03, "SW03STG1", 2024, 2024, [SwEpisodes]),
        rule!(rule_sw11a, "SW11aSTG2", 2024, 2024, [SwEpisodes]),
        rule!(rule_sw14, "SW14STG2", 2024, 2024, [SwEpisodes]),
        rule!(rule_231, "231", 2025, 9999, [Header, Uasc]),
        rule!(rule_347, "347", 2023, 9999, [Oc3]),
    ]
}

fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn flag_if(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&EpisodeRow) -> bool) {
    for e in &c.r.episodes {
        if f(e) {
            o.flag(Episodes, e.row, fields);
        }
    }
}

/// 217t: `P2` (independent living) after 28 October 2023.
pub(crate) fn rule_217t(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "DEC"], |e| {
        e.place.is(Pl::IndependentLiving)
            && (e.dec.is_blank() || e.dec.get().is_some_and(|x| x > d(2023, 10, 28)))
    });
}

/// 230: `H5` from 29 October 2023 needs a URN (placed in England assumed:
/// no postcode directory).
pub(crate) fn rule_230(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "URN"], |e| {
        e.place.is(Pl::SemiIndependentUnregulated)
            && (e.dec.is_blank() || e.dec.get().is_some_and(|x| x >= d(2023, 10, 29)))
            && (e.urn.is_empty() || e.urn == "XXXXXXX")
    });
}

/// 370: independent living (`P2`) before the 16th birthday (closed episodes).
pub(crate) fn rule_370(c: &Ctx, o: &mut Out) {
    let Some(b16) = c.bday(16) else { return };
    flag_if(c, o, &["DECOM", "PLACE"], |e| {
        e.place.is(Pl::IndependentLiving)
            && e.dec.get().is_some()
            && e.decom.get().is_some_and(|x| x < b16)
    });
}

/// 445: freeing order (`D1`) on an episode starting after 2005.
pub(crate) fn rule_445(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "DECOM"], |e| {
        e.ls.is(Ls::FreeingOrder) && e.decom.get().is_some_and(|x| x > d(2005, 12, 31))
    });
}

/// 451: still freed for adoption (an open `D1` episode).
pub(crate) fn rule_451(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "DEC", "REC"], |e| {
        e.ls.is(Ls::FreeingOrder) && e.dec.is_blank() && e.rec.is_blank()
    });
}

/// 555: a `D1` episode with no PlacedAdoption row; or an open `D1` episode
/// whose decision is recorded as ceased.
pub(crate) fn rule_555(c: &Ctx, o: &mut Out) {
    let d1: Vec<&EpisodeRow> =
        c.r.episodes
            .iter()
            .copied()
            .filter(|e| e.ls.is(Ls::FreeingOrder))
            .collect();
    if d1.is_empty() {
        return;
    }
    if c.r.placed_adoption.is_empty() {
        for e in d1 {
            o.flag(Episodes, e.row, &["LS"]);
        }
        return;
    }
    if d1.iter().any(|e| e.dec.is_blank()) {
        for p in &c.r.placed_adoption {
            if p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present() {
                o.flag(
                    PlacedAdoption,
                    p.row,
                    &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
                );
            }
        }
    }
}

/// 556: the should-be-placed decision after the freeing order's DECOM.
pub(crate) fn rule_556(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DECOM"], |e| {
        e.ls.is(Ls::FreeingOrder)
            && e.decom.get().is_some_and(|s| {
                c.r.placed_adoption
                    .iter()
                    .any(|p| p.date_placed.get().is_some_and(|dp| dp > s))
            })
    });
}

/// SW01STG1: looked after at 31 March (an open episode, not V3/V4) with no
/// complete social worker episode. Flags the open episode.
pub(crate) fn rule_sw01(c: &Ctx, o: &mut Out) {
    let complete = |r: &SwEpisodeRow| {
        !r.sw_id.is_empty() && !r.sw_decom.is_empty() && r.sw_reason.is_present()
    };
    let has = !c.r.sw_episodes.is_empty() && c.r.sw_episodes.iter().all(|r| complete(r));
    if has {
        return;
    }
    flag_if(c, o, &["CHILD"], |e| {
        e.dec.is_blank() && e.ls.is_present() && !is_short_break(e)
    });
}

/// SW03STG1: SW_ID, SW_DECOM and SW_REASON all given.
pub(crate) fn rule_sw03(c: &Ctx, o: &mut Out) {
    for r in &c.r.sw_episodes {
        if r.sw_id.is_empty() || r.sw_decom.is_empty() || matches!(r.sw_reason, Field::Absent) {
            o.flag(SwEpisodes, r.row, &["SW_ID", "SW_DECOM", "SW_REASON"]);
        }
    }
}

fn sorted<'a>(c: &Ctx<'a>) -> Vec<&'a SwEpisodeRow> {
    let mut v: Vec<&SwEpisodeRow> = c.r.sw_episodes.to_vec();
    v.sort_by_key(|r| {
        let s = parse_zz_date(&r.sw_decom);
        (s.is_none(), s, r.row)
    });
    v
}

/// SW11aSTG2: after an episode ending before the last 5 days of the year,
/// the next one starts within 5 days of that end.
pub(crate) fn rule_sw11a(c: &Ctx, o: &mut Out) {
    let cut = c.y.end.checked_sub_days(Days::new(5)).unwrap_or(c.y.end);
    for w in sorted(c).windows(2) {
        let Some(prev_end) = parse_zz_date(&w[0].sw_dec) else {
            continue;
        };
        if prev_end > cut {
            continue;
        }
        let near =
            parse_zz_date(&w[1].sw_decom).is_some_and(|s| (s - prev_end).num_days().abs() <= 5);
        if !near {
            o.flag(SwEpisodes, w[1].row, &["SW_DECOM"]);
        }
    }
}

/// SW14STG2: SW_DEC blank on an episode other than the child's latest.
pub(crate) fn rule_sw14(c: &Ctx, o: &mut Out) {
    let v = sorted(c);
    if let Some((_, rest)) = v.split_last() {
        for r in rest {
            if r.sw_dec.is_empty() {
                o.flag(SwEpisodes, r.row, &["SW_DEC"]);
            }
        }
    }
}

/// 231: a UASC child under 11 at the collection end (the peer reads a
/// Header column its readers never create, so it never reports this).
pub(crate) fn rule_231(c: &Ctx, o: &mut Out) {
    if !c.is_uasc() {
        return;
    }
    let Some(b11) = c.bday(11) else { return };
    if b11 > c.y.end {
        for h in &c.r.header {
            o.flag(Header, h.row, &["DOB"]);
        }
    }
}

/// 347: ACCOM `T` (foyer, a code the list does not hold) under 18 at the
/// collection start.
pub(crate) fn rule_347(c: &Ctx, o: &mut Out) {
    for r in &c.r.oc3 {
        let dob = r.dob.get().or(c.dob);
        if matches!(&r.accom, Field::Invalid(t) if t == "T")
            && dob.is_some_and(|d| sightline_domain::calendar::birthday(d, 18) > c.y.start)
        {
            o.flag(Oc3, r.row, &["ACCOM"]);
        }
    }
}
