//! Working-day arithmetic by table lookup, for speed.
//!
//! Why: preparing a council computes working days for every assessment,
//! ICPC and period of care (tens of thousands of spans); the domain's
//! `working_days_between` walks each span. Here the domain's own
//! `is_working_day` (England and Wales bank holidays, including one-offs) is
//! evaluated once per calendar day into a cumulative count, so a span is one
//! subtraction. Dates outside the table fall back to the domain functions,
//! and a test checks the two agree day by day. No calendar rules live here.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate};
use sightline_domain::Date;
use sightline_domain::calendar::{add_working_days, is_working_day, working_days_between};

struct Table {
    base: Date,
    /// `base` as days from the common era, so a date's index is one
    /// subtraction (chrono's date difference was a percent of an England run).
    base_days: i32,
    /// `cum[i]` = working days in `(base, base + i]`.
    cum: Vec<u32>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let base = NaiveDate::from_ymd_opt(2009, 1, 1).unwrap_or(NaiveDate::MIN);
        let end = NaiveDate::from_ymd_opt(2032, 12, 31).unwrap_or(base);
        let n = (end - base).num_days().max(0) as usize;
        let mut cum = Vec::with_capacity(n + 1);
        let mut c = 0u32;
        cum.push(0);
        let mut d = base;
        for _ in 0..n {
            d = d.checked_add_days(Days::new(1)).unwrap_or(d);
            c += u32::from(is_working_day(d));
            cum.push(c);
        }
        Table {
            base,
            base_days: base.num_days_from_ce(),
            cum,
        }
    })
}

fn index(t: &Table, d: Date) -> Option<usize> {
    usize::try_from(d.num_days_from_ce() - t.base_days)
        .ok()
        .filter(|&i| i < t.cum.len())
}

/// `wd_between(a, b)` of §1.7 (start day = day 0; negative when b < a).
pub(crate) fn wd_between(a: Date, b: Date) -> i64 {
    let t = table();
    match (index(t, a), index(t, b)) {
        (Some(i), Some(j)) => i64::from(t.cum[j]) - i64::from(t.cum[i]),
        _ => working_days_between(a, b),
    }
}

/// `add_wd(start, n)`: the n-th working day after `start`.
pub(crate) fn add_wd(start: Date, n: u32) -> Date {
    let t = table();
    if let Some(i) = index(t, start) {
        let target = t.cum[i] + n;
        let j = t.cum.partition_point(|&c| c < target);
        if n == 0 {
            return start;
        }
        if j < t.cum.len() {
            return t
                .base
                .checked_add_days(Days::new(j as u64))
                .unwrap_or(start);
        }
    }
    add_working_days(start, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_the_domain_calendar() {
        let start = NaiveDate::from_ymd_opt(2015, 12, 1).unwrap();
        for k in 0..900 {
            let a = start + Days::new(k * 3);
            for len in [0u64, 1, 5, 20, 45, 100] {
                let b = a + Days::new(len);
                assert_eq!(wd_between(a, b), working_days_between(a, b), "{a} -> {b}");
                assert_eq!(wd_between(b, a), working_days_between(b, a));
            }
            for n in [0u32, 1, 15, 20, 45] {
                assert_eq!(add_wd(a, n), add_working_days(a, n), "{a} + {n}");
            }
        }
        // Outside the table: the domain functions.
        let far = NaiveDate::from_ymd_opt(2040, 1, 1).unwrap();
        assert_eq!(wd_between(far, far + Days::new(7)), 5);
        // §1.7's example and §5.9's Christmas deadline.
        assert_eq!(
            add_wd(NaiveDate::from_ymd_opt(2016, 3, 24).unwrap(), 45),
            NaiveDate::from_ymd_opt(2016, 6, 1).unwrap()
        );
        assert_eq!(
            add_wd(NaiveDate::from_ymd_opt(2016, 12, 1).unwrap(), 20),
            NaiveDate::from_ymd_opt(2017, 1, 3).unwrap()
        );
    }
}
