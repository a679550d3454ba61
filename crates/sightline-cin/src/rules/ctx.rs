//! The dates every rule measures against, worked out once per return.
//!
//! Why: the census period and the working-day thresholds of 8670Q, 8675Q and
//! 8569Q depend only on the reference date; computing them per child would
//! be wasteful and, worse, could drift between rules.

use chrono::{Datelike, Days, Months, NaiveDate};
use sightline_domain::calendar::{CollectionYear, Date, is_working_day};

/// Census-wide facts for one validation run.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The collection year (named by the year it ends): selects rules and lists.
    pub year: i32,
    /// `ReferenceDate`: the census end, 31 March.
    pub reference: Date,
    /// Census start: `ReferenceDate` − 1 year + 1 day (1 April).
    pub start: Date,
    /// 8670Q: an open assessment starting before this is past 45 working days.
    pub assessment_limit: Date,
    /// 8675Q: an S47 with no ICPC starting before this is past 15 working days.
    pub s47_limit: Date,
    /// 8569Q: a referral before this must not be NFA.
    pub nfa_limit: Date,
}

impl Ctx {
    /// The context for a collection year, using `reference` (the header's
    /// `ReferenceDate` when valid) or else 31 March of the year.
    pub fn new(year: CollectionYear, reference: Option<Date>) -> Self {
        let reference = reference.unwrap_or_else(|| year.end());
        let start = reference
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .unwrap_or(reference);
        Self {
            year: year.0,
            reference,
            start,
            assessment_limit: working_days_back(reference, 44),
            s47_limit: working_days_back(reference, 14),
            nfa_limit: roll_forward(start),
        }
    }

    /// On or after the census start and on or before the reference date.
    pub fn in_year(&self, d: Date) -> bool {
        d >= self.start && d <= self.reference
    }
}

/// The peer's "N working days before" (a pandas business-day offset of
/// `n`): from a working day, step back `n` working days; from a day off,
/// rolling back to the previous working day is the first step. The 45-day
/// limit uses `n` = 44 (the end date is day 1). See cin-census.md §4.4.
pub fn working_days_back(from: Date, n: u32) -> Date {
    let mut d = from;
    let mut left = n;
    if !is_working_day(d) && left > 0 {
        while !is_working_day(d) {
            d = d.pred_opt().unwrap_or(d);
        }
        left -= 1;
    }
    while left > 0 {
        d = d.pred_opt().unwrap_or(d);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// The first working day on or after `d`.
pub fn roll_forward(d: Date) -> Date {
    let mut x = d;
    while !is_working_day(x) {
        x = x.succ_opt().unwrap_or(x);
    }
    x
}

/// `d` plus `months` calendar months (clamped to the month's end), then `days`.
pub fn add_months_days(d: Date, months: i32, days: i64) -> Option<Date> {
    let m = if months >= 0 {
        d.checked_add_months(Months::new(months.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(months.unsigned_abs()))
    }?;
    m.checked_add_signed(chrono::Duration::days(days))
}

/// `d` minus `years` years (29 February becomes 28 February).
pub fn minus_years(d: Date, years: i32) -> Option<Date> {
    NaiveDate::from_ymd_opt(d.year() - years, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - years, d.month(), 28))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The threshold table of cin-census.md §4.4, verified against the peer.
    #[test]
    fn working_day_thresholds_match_the_peer_table() {
        let table = [
            (2024, d(2024, 1, 29), d(2024, 3, 11), d(2023, 4, 3)),
            (2025, d(2025, 1, 28), d(2025, 3, 11), d(2024, 4, 2)),
            (2026, d(2026, 1, 28), d(2026, 3, 11), d(2025, 4, 1)),
        ];
        for (year, assessment, s47, nfa) in table {
            let c = Ctx::new(CollectionYear(year), None);
            assert_eq!(c.assessment_limit, assessment, "8670Q {year}");
            assert_eq!(c.s47_limit, s47, "8675Q {year}");
            assert_eq!(c.nfa_limit, nfa, "8569Q {year}");
        }
    }

    #[test]
    fn census_period_is_inclusive() {
        let c = Ctx::new(CollectionYear(2025), None);
        assert_eq!(c.start, d(2024, 4, 1));
        assert!(c.in_year(d(2024, 4, 1)) && c.in_year(d(2025, 3, 31)));
        assert!(!c.in_year(d(2024, 3, 31)) && !c.in_year(d(2025, 4, 1)));
    }

    #[test]
    fn school_age_cut_off_for_8770q() {
        let c = Ctx::new(CollectionYear(2025), None);
        let cut = add_months_days(c.reference, 4, 31).and_then(|x| minus_years(x, 6));
        assert_eq!(cut, Some(d(2019, 8, 31)));
    }
}
