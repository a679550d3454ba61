//! Missing (missing or away from placement) rules, alone and against the
//! child's episodes and periods of care.

use sightline_domain::Date;
use sightline_domain::codes::ReasonEpisodeCeased as Rec;

use super::{Ctx, Out, Rule, rule};
use crate::tables::{MissingRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_564, "564", 2023, 9999, [Missing]),
        rule!(rule_565, "565", 2023, 9999, [Missing]),
        rule!(rule_566, "566", 2023, 9999, [Missing]),
        rule!(rule_567, "567", 2023, 9999, [Missing]),
        rule!(rule_570, "570", 2023, 9999, [Missing]),
        rule!(rule_571, "571", 2023, 9999, [Missing]),
        rule!(rule_574, "574", 2023, 9999, [Missing]),
        rule!(rule_575, "575", 2023, 9999, [Missing, Episodes]),
        rule!(rule_577, "577", 2023, 9999, [Missing, Episodes]),
        rule!(rule_578, "578", 2023, 9999, [Missing, Episodes]),
        rule!(rule_580, "580", 2023, 9999, [Missing, Episodes]),
        rule!(rule_581, "581", 2023, 9999, [Missing, Episodes]),
        rule!(rule_586, "586", 2023, 9999, [Missing]),
        rule!(rule_1004, "1004", 2023, 9999, [Missing]),
        rule!(rule_1005, "1005", 2023, 9999, [Missing]),
        rule!(rule_1006, "1006", 2023, 9999, [Missing]),
    ]
}

fn flag_if(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&MissingRow) -> bool) {
    for m in &c.r.missing {
        if f(m) {
            o.flag(Missing, m.row, fields);
        }
    }
}

pub(crate) fn rule_564(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MISSING", "MIS_START"], |m| {
        m.missing.get().is_some() && m.mis_start.is_blank()
    });
}
pub(crate) fn rule_565(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MISSING", "MIS_START"], |m| {
        m.mis_start.is_present() && m.missing.is_blank()
    });
}
pub(crate) fn rule_566(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MISSING", "MIS_END"], |m| {
        m.mis_end.is_present() && m.missing.is_blank()
    });
}
pub(crate) fn rule_567(c: &Ctx, o: &mut Out) {
    flag_if(
        c,
        o,
        &["MIS_START", "MIS_END"],
        |m| matches!((m.mis_start.get(), m.mis_end.get()), (Some(s), Some(e)) if e < s),
    );
}
pub(crate) fn rule_570(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MIS_START"], |m| {
        m.mis_start.get().is_some_and(|d| d > c.y.end)
    });
}
pub(crate) fn rule_571(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MIS_END"], |m| {
        m.mis_end
            .get()
            .is_some_and(|d| d < c.y.start || d > c.y.end)
    });
}

pub(crate) fn rule_574(c: &Ctx, o: &mut Out) {
    let mut rows: Vec<&MissingRow> =
        c.r.missing
            .iter()
            .copied()
            .filter(|m| m.mis_start.get().is_some())
            .collect();
    rows.sort_by_key(|m| {
        (
            m.mis_end.get().or(m.mis_start.get()),
            m.mis_start.get(),
            m.row,
        )
    });
    for w in rows.windows(2) {
        let (a, b) = (w[0], w[1]);
        let bad = a.mis_end.get().is_none()
            || matches!((b.mis_start.get(), a.mis_end.get()), (Some(s), Some(e)) if s < e);
        if bad {
            o.flag(Missing, b.row, &["MIS_START", "MIS_END"]);
        }
    }
}

pub(crate) fn rule_575(c: &Ctx, o: &mut Out) {
    for m in &c.r.missing {
        let Some(s) = m.mis_start.get() else { continue };
        if m.mis_end.is_present() {
            continue;
        }
        let inside_closed = c.r.episodes.iter().any(
            |e| matches!((e.decom.get(), e.dec.get()), (Some(a), Some(b)) if a <= s && s <= b),
        );
        if inside_closed {
            o.flag(Missing, m.row, &["MIS_END"]);
        }
    }
}

/// Periods of care as (start, end) where end is `None` while open: a new
/// period starts when an episode's DECOM is after the previous DEC.
fn periods(c: &Ctx) -> Vec<(Date, Option<Date>)> {
    let mut out: Vec<(Date, Option<Date>)> = Vec::new();
    let mut prev_dec: Option<Option<Date>> = None;
    for e in &c.r.episodes {
        let Some(s) = e.decom.get() else { continue };
        let dec = e.dec.get();
        let new = match prev_dec {
            None => true,
            Some(Some(p)) => s > p,
            Some(None) => false,
        };
        if new {
            out.push((s, dec));
        } else if let Some(last) = out.last_mut() {
            last.1 = dec;
        }
        prev_dec = Some(dec);
    }
    out
}

pub(crate) fn rule_577(c: &Ctx, o: &mut Out) {
    let ps = periods(c);
    if ps.is_empty() {
        return;
    }
    for m in &c.r.missing {
        let Some(s) = m.mis_start.get() else { continue };
        let end = m.mis_end.get();
        let inconsistent_with = |(ps_, pe): &(Date, Option<Date>)| match end {
            None => pe.is_some() || s < *ps_,
            Some(e) => pe.is_some_and(|p| e > p) || e < *ps_,
        };
        if ps.iter().all(inconsistent_with) {
            o.flag(Missing, m.row, &["MIS_END"]);
        }
    }
}

pub(crate) fn rule_578(c: &Ctx, o: &mut Out) {
    let ps = periods(c);
    if ps.is_empty() {
        return;
    }
    for m in &c.r.missing {
        let Some(s) = m.mis_start.get() else { continue };
        let inside = ps.iter().any(|(a, b)| *a <= s && b.is_none_or(|b| s <= b));
        if !inside {
            o.flag(Missing, m.row, &["MIS_START"]);
        }
    }
}

pub(crate) fn rule_580(c: &Ctx, o: &mut Out) {
    for m in &c.r.missing {
        let (Some(end), Some(dob)) = (m.mis_end.get(), m.dob.get()) else {
            continue;
        };
        if end != sightline_domain::calendar::birthday(dob, 18) {
            continue;
        }
        for e in &c.r.episodes {
            if e.dec.get() == Some(end) && !e.rec.is(Rec::OtherReason) {
                o.flag(Episodes, e.row, &["REC"]);
            }
        }
    }
}

pub(crate) fn rule_581(c: &Ctx, o: &mut Out) {
    if c.r.episodes.is_empty() {
        return;
    }
    for m in &c.r.missing {
        let inside = m.mis_start.get().is_some_and(|s| {
            c.r.episodes.iter().any(|e| {
                e.decom.get().is_some_and(|a| a <= s) && e.dec.get().is_none_or(|b| s <= b)
            })
        });
        if !inside {
            o.flag(Missing, m.row, &["MIS_START"]);
        }
    }
}

pub(crate) fn rule_586(c: &Ctx, o: &mut Out) {
    flag_if(
        c,
        o,
        &["MIS_START"],
        |m| matches!((m.mis_start.get(), m.dob.get()), (Some(s), Some(d)) if s <= d),
    );
}
pub(crate) fn rule_1004(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MIS_START"], |m| m.mis_start.get().is_none());
}
pub(crate) fn rule_1005(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MIS_END"], |m| m.mis_end.is_invalid());
}
pub(crate) fn rule_1006(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["MISSING"], |m| m.missing.is_invalid());
}
