//! SWEpisodes (social worker episodes) rules, from 2023/24.

use chrono::{Days, NaiveDate};
use sightline_domain::Date;
use sightline_domain::codes::{
    LegalStatus as Ls, ReasonEpisodeCeased as Rec, ReasonNewEpisode as Rne,
    SocialWorkerChangeReason as Swr,
};

use super::{Ctx, Out, Rule, rule};
use crate::field::parse_zz_date;
use crate::tables::{SwEpisodeRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_sw01a, "SW01aSTG1", 2025, 2025, [SwEpisodes]),
        rule!(rule_sw01b, "SW01bSTG1", 2025, 2025, [SwEpisodes]),
        rule!(rule_sw02, "SW02STG1", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw04, "SW04STG1", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw05, "SW05STG1", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw06, "SW06STG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw07, "SW07STG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw08, "SW08STG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw09, "SW09STG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw10, "SW10STG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw10a, "SW10aSTG2", 2026, 9999, [SwEpisodes]),
        rule!(rule_sw10b, "SW10bSTG2", 2026, 9999, [SwEpisodes]),
        rule!(rule_sw11b, "SW11bSTG2", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw12, "SW12STG2", 2024, 9999, [SwEpisodes, Episodes]),
        rule!(rule_sw13, "SW13STG1", 2024, 9999, [SwEpisodes]),
        rule!(rule_sw17, "SW17STG2", 2026, 9999, [SwEpisodes]),
        rule!(rule_sw18, "SW18STG2", 2026, 9999, [SwEpisodes]),
        rule!(rule_sw19, "SW19STG2", 2026, 9999, [SwEpisodes]),
    ]
}

fn decom(r: &SwEpisodeRow) -> Option<Date> {
    parse_zz_date(&r.sw_decom)
}
fn dec(r: &SwEpisodeRow) -> Option<Date> {
    parse_zz_date(&r.sw_dec)
}
fn cutoff() -> Date {
    NaiveDate::from_ymd_opt(2023, 4, 1).unwrap_or_default()
}
fn flag_if(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&SwEpisodeRow) -> bool) {
    for r in &c.r.sw_episodes {
        if f(r) {
            o.flag(SwEpisodes, r.row, fields);
        }
    }
}
/// A child's social worker episodes by SW_DECOM (then SW_DEC), valid starts only.
fn sorted<'a>(c: &Ctx<'a>) -> Vec<&'a SwEpisodeRow> {
    let mut v: Vec<&SwEpisodeRow> =
        c.r.sw_episodes
            .iter()
            .copied()
            .filter(|r| decom(r).is_some())
            .collect();
    v.sort_by_key(|r| (decom(r), dec(r).is_none(), dec(r), r.row));
    v
}

pub(crate) fn rule_sw01a(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DECOM", "SW_ID"], |r| match decom(r) {
        None => true,
        Some(d) => d < cutoff() && r.sw_id.is_empty(),
    });
}
pub(crate) fn rule_sw01b(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DECOM", "SW_ID", "SW_REASON"], |r| {
        match decom(r) {
            None => true,
            Some(d) => d >= cutoff() && (r.sw_id.is_empty() || r.sw_reason.is_blank()),
        }
    });
}
pub(crate) fn rule_sw02(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_ID"], |r| {
        !(r.sw_id.starts_with("SW") || r.sw_id.starts_with("XX"))
            || (c.y.year >= 2026 && r.sw_id.len() < 4)
    });
}
pub(crate) fn rule_sw04(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DECOM"], |r| {
        !r.sw_decom.is_empty() && decom(r).is_none()
    });
}
pub(crate) fn rule_sw05(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DEC"], |r| {
        !r.sw_dec.is_empty() && dec(r).is_none()
    });
}
pub(crate) fn rule_sw06(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DECOM"], |r| {
        decom(r).is_some_and(|d| d > c.y.end)
    });
}
pub(crate) fn rule_sw07(c: &Ctx, o: &mut Out) {
    let earliest =
        c.y.start
            .checked_sub_days(Days::new(365))
            .unwrap_or(c.y.start);
    flag_if(c, o, &["SW_DEC"], |r| {
        dec(r).is_some_and(|d| d < earliest || d > c.y.end)
    });
}
/// SW08: every social worker episode but the child's last (by SW_DECOM; one
/// with an unreadable SW_DECOM counts as last) has an end date.
pub(crate) fn rule_sw08(c: &Ctx, o: &mut Out) {
    let mut v: Vec<&SwEpisodeRow> = c.r.sw_episodes.to_vec();
    v.sort_by_key(|r| (decom(r).is_none(), decom(r), r.row));
    if let Some((_, rest)) = v.split_last() {
        for r in rest {
            if decom(r).is_some() && dec(r).is_none() {
                o.flag(SwEpisodes, r.row, &["SW_DEC"]);
            }
        }
    }
}
pub(crate) fn rule_sw09(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_DECOM", "SW_DEC"], |r| {
        !r.sw_decom.is_empty() && r.sw_decom == r.sw_dec
    });
}

/// The later episode starts more than 7 days from the previous end (or the previous is open).
fn gap_over_week(a: &SwEpisodeRow, b: &SwEpisodeRow) -> bool {
    match (dec(a), decom(b)) {
        (Some(e), Some(s)) => (s - e).num_days().abs() > 7,
        _ => true,
    }
}

pub(crate) fn rule_sw10(c: &Ctx, o: &mut Out) {
    // As the DfE tools sort: by SW_DECOM then SW_DEC, unreadable dates last.
    let mut v: Vec<&SwEpisodeRow> = c.r.sw_episodes.to_vec();
    v.sort_by_key(|r| {
        (
            decom(r).is_none(),
            decom(r),
            dec(r).is_none(),
            dec(r),
            r.row,
        )
    });
    for w in v.windows(2) {
        if !w[1].sw_reason.is(Swr::FirstContact) && gap_over_week(w[0], w[1]) {
            o.flag(SwEpisodes, w[1].row, &["SW_DECOM"]);
        }
    }
}
pub(crate) fn rule_sw10a(c: &Ctx, o: &mut Out) {
    for w in sorted(c).windows(2) {
        if !w[1].sw_reason.is(Swr::FirstContact) && gap_over_week(w[0], w[1]) {
            o.flag(SwEpisodes, w[1].row, &["SW_DECOM", "SW_REASON"]);
        }
    }
}
pub(crate) fn rule_sw10b(c: &Ctx, o: &mut Out) {
    for w in sorted(c).windows(2) {
        if w[1].sw_reason.is(Swr::FirstContact)
            && matches!((decom(w[1]), dec(w[0])), (Some(s), Some(e)) if s <= e)
        {
            o.flag(SwEpisodes, w[1].row, &["SW_DECOM", "SW_REASON"]);
        }
    }
}
pub(crate) fn rule_sw11b(c: &Ctx, o: &mut Out) {
    let v = sorted(c);
    let from = c.y.end.checked_sub_days(Days::new(5)).unwrap_or(c.y.end);
    if let Some(last) = v.last()
        && dec(last).is_some_and(|d| from <= d && d <= c.y.end)
    {
        o.flag(SwEpisodes, last.row, &["SW_DEC"]);
    }
}

pub(crate) fn rule_sw12(c: &Ctx, o: &mut Out) {
    let from =
        c.y.start
            .checked_sub_days(Days::new(365))
            .unwrap_or(c.y.start);
    for e in &c.r.episodes {
        if e.ls
            .is_any(&[Ls::ShortBreaksEpisodes, Ls::ShortBreaksAgreement])
        {
            continue;
        }
        let in_window = e.dec.is_blank() || e.dec.get().is_some_and(|d| from <= d && d <= c.y.end);
        let starts = e.rne.is(Rne::Started);
        let ends = e.dec.is_present() && !e.rec.is(Rec::Continues);
        if !in_window || !(starts || ends) {
            continue;
        }
        let covered = c.r.sw_episodes.iter().any(|r| {
            let s = decom(r);
            let t = dec(r);
            let (Some(s), Some(ep_start)) = (s, e.decom.get()) else {
                return false;
            };
            // A social worker allocated on the day the episode starts (or ends).
            let on = |d: Date| s <= d && t.is_none_or(|t| d <= t);
            (starts && on(ep_start)) || (ends && e.dec.get().is_some_and(on))
        });
        if !covered {
            o.flag(Episodes, e.row, &["DECOM", "DEC"]);
        }
    }
}

pub(crate) fn rule_sw13(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["SW_REASON"], |r| {
        r.sw_reason.is_invalid()
            || (r.sw_reason.is_blank() && decom(r).is_some_and(|d| d >= cutoff()))
    });
}
pub(crate) fn rule_sw17(c: &Ctx, o: &mut Out) {
    if let Some(last) = sorted(c).last()
        && !last.sw_dec.is_empty()
    {
        o.flag(SwEpisodes, last.row, &["SW_DEC"]);
    }
}
pub(crate) fn rule_sw18(c: &Ctx, o: &mut Out) {
    flag_if(
        c,
        o,
        &["SW_DECOM", "SW_DEC"],
        |r| matches!((decom(r), dec(r)), (Some(s), Some(e)) if e <= s),
    );
}
pub(crate) fn rule_sw19(c: &Ctx, o: &mut Out) {
    let v = sorted(c);
    for w in v.windows(2) {
        if decom(w[0]) == decom(w[1]) {
            o.flag(SwEpisodes, w[1].row, &["SW_DECOM"]);
        }
    }
}
