//! Civil dates in England: working days, collection years, ages.
//!
//! Why here: the statutory clocks (assessment in 45 working days, ICPC in 15,
//! CLA review in 20) and every return's year boundaries are domain rules, used
//! by the returns, the indicators and the web app alike; one implementation
//! keeps them from drifting apart.
//!
//! Bank holidays are the England and Wales list 2010–2030, compiled in from
//! `data/bank-holidays-england-wales.csv` (a copy of the project reference).
//! A date outside that range is treated as having no bank holidays.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Civil date in England (no time zone: children's services dates are days).
pub type Date = NaiveDate;

const BANK_HOLIDAYS_CSV: &str = include_str!("../data/bank-holidays-england-wales.csv");

/// England and Wales bank holidays, as compiled in.
pub fn bank_holidays() -> &'static HashSet<Date> {
    static SET: OnceLock<HashSet<Date>> = OnceLock::new();
    SET.get_or_init(|| {
        BANK_HOLIDAYS_CSV
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .collect()
    })
}

/// Monday to Friday, not an England and Wales bank holiday.
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !bank_holidays().contains(&d)
}

/// Working days after `start` up to and including `end`: the start day is day
/// 0, so an assessment authorised on the next working day took 1 working day.
/// Negative when `end` is before `start`. This is the convention of
/// `indicators.md` §1.7.
pub fn working_days_between(start: Date, end: Date) -> i64 {
    if end == start {
        return 0;
    }
    let (lo, hi, sign) = if end > start {
        (start, end, 1)
    } else {
        (end, start, -1)
    };
    // Whole weeks contribute five weekdays each; walk the remainder.
    let total = (hi - lo).num_days();
    let weeks = total / 7;
    let mut count = weeks * 5;
    let mut d = lo + Days::new((weeks * 7) as u64);
    while d < hi {
        d = d + Days::new(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    let holidays = bank_holidays()
        .iter()
        .filter(|h| **h > lo && **h <= hi && !matches!(h.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as i64;
    sign * (count - holidays)
}

/// The date `n` working days after `start` (`n` = 0 gives `start` itself).
pub fn add_working_days(start: Date, n: u32) -> Date {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// A statutory collection year, 1 April to 31 March, named by the year in
/// which it ends (as the DfE does: 2025 is 1 April 2024 – 31 March 2025).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct CollectionYear(pub i32);

impl CollectionYear {
    /// The collection year that contains `d`.
    pub fn containing(d: Date) -> Self {
        if d.month() >= 4 {
            Self(d.year() + 1)
        } else {
            Self(d.year())
        }
    }
    /// 1 April at the start of the year.
    pub fn start(self) -> Date {
        NaiveDate::from_ymd_opt(self.0 - 1, 4, 1).expect("1 April exists")
    }
    /// 31 March at the end of the year (the census reference date).
    pub fn end(self) -> Date {
        NaiveDate::from_ymd_opt(self.0, 3, 31).expect("31 March exists")
    }
    pub fn contains(self, d: Date) -> bool {
        d >= self.start() && d <= self.end()
    }
    /// "2024/25"
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0 - 1, self.0 % 100)
    }
}

/// Whole years of age at `on` (a 29 February birthday is reached on
/// 28 February in common years, as the DfE tools compute it).
pub fn age_on(dob: Date, on: Date) -> i32 {
    let mut age = on.year() - dob.year();
    if birthday_in_year(dob, on.year()) > on {
        age -= 1;
    }
    age
}

/// The date a child born on `dob` reaches `years` of age.
pub fn birthday(dob: Date, years: i32) -> Date {
    birthday_in_year(dob, dob.year() + years)
}

fn birthday_in_year(dob: Date, year: i32) -> Date {
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .expect("28 February exists")
}

/// Parse a date written `dd/mm/yyyy` (the SSDA903 and most council forms).
pub fn parse_uk_date(s: &str) -> Option<Date> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

/// Parse an ISO date `yyyy-mm-dd` (the CIN census, the web app).
pub fn parse_iso_date(s: &str) -> Option<Date> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The civil date in England at Unix time `unix_seconds`: UTC, or British
/// Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00
/// UTC on the last Sunday of October. Callers read the clock; this stays
/// pure so the domain does no I/O.
pub fn england_date_at(unix_seconds: i64) -> Date {
    let Some(utc) = chrono::DateTime::from_timestamp(unix_seconds, 0) else {
        return Date::default();
    };
    let year = utc.year();
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(d);
        }
        d.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc()
    };
    let offset = if utc >= last_sunday(3) && utc < last_sunday(10) {
        chrono::Duration::hours(1)
    } else {
        chrono::Duration::zero()
    };
    (utc + offset).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn england_date_follows_british_summer_time() {
        let at = |s: &str| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc()
                .timestamp()
        };
        let d = |s: &str| parse_iso_date(s).unwrap();
        // Winter: the date in England is the UTC date.
        assert_eq!(england_date_at(at("2025-01-15 23:59:59")), d("2025-01-15"));
        // BST began at 01:00 UTC on Sunday 30 March 2025.
        assert_eq!(england_date_at(at("2025-03-30 00:59:59")), d("2025-03-30"));
        assert_eq!(england_date_at(at("2025-03-29 23:30:00")), d("2025-03-29"));
        assert_eq!(england_date_at(at("2025-03-30 23:00:00")), d("2025-03-31"));
        // Summer: 23:30 UTC is already tomorrow in England.
        assert_eq!(england_date_at(at("2025-07-31 23:30:00")), d("2025-08-01"));
        assert_eq!(england_date_at(at("2025-07-31 22:59:59")), d("2025-07-31"));
        // BST ended at 01:00 UTC on Sunday 26 October 2025.
        assert_eq!(england_date_at(at("2025-10-25 23:30:00")), d("2025-10-26"));
        assert_eq!(england_date_at(at("2025-10-26 23:30:00")), d("2025-10-26"));
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn bank_holidays_include_the_one_offs() {
        let h = bank_holidays();
        assert!(h.contains(&d(2022, 9, 19)), "State funeral");
        assert!(h.contains(&d(2023, 5, 8)), "Coronation");
        assert!(h.contains(&d(2022, 6, 3)), "Platinum jubilee");
        assert!(h.contains(&d(2016, 3, 25)), "Good Friday 2016");
        assert!(!is_working_day(d(2016, 3, 28)), "Easter Monday 2016");
        assert!(is_working_day(d(2016, 3, 29)));
    }

    #[test]
    fn working_days_around_easter_and_christmas() {
        // Thu 24 Mar 2016 -> Tue 29 Mar 2016: Good Friday, weekend, Easter Monday skipped.
        assert_eq!(working_days_between(d(2016, 3, 24), d(2016, 3, 29)), 1);
        // Fri 23 Dec 2016 -> Wed 28 Dec 2016: Mon 26 (Boxing Day) and Tue 27 (substitute Christmas) are holidays.
        assert_eq!(working_days_between(d(2016, 12, 23), d(2016, 12, 28)), 1);
        assert_eq!(working_days_between(d(2016, 12, 28), d(2016, 12, 23)), -1);
        assert_eq!(working_days_between(d(2016, 4, 4), d(2016, 4, 4)), 0);
        // A plain fortnight with no holidays.
        assert_eq!(working_days_between(d(2016, 6, 6), d(2016, 6, 20)), 10);
    }

    #[test]
    fn working_days_agree_with_day_by_day_count() {
        let start = d(2021, 12, 1);
        for len in 0..400 {
            let end = start + Days::new(len);
            let mut slow = 0;
            let mut x = start;
            while x < end {
                x = x + Days::new(1);
                if is_working_day(x) {
                    slow += 1;
                }
            }
            assert_eq!(working_days_between(start, end), slow, "to {end}");
            let w = add_working_days(start, slow as u32);
            assert!(w <= end, "{w} after {end}");
            assert_eq!(working_days_between(start, w), slow);
        }
    }

    #[test]
    fn add_working_days_skips_holidays() {
        // 15 working days from Mon 30 May 2022 passes the jubilee holidays (2 and 3 June).
        assert_eq!(add_working_days(d(2022, 5, 30), 15), d(2022, 6, 22));
        assert_eq!(add_working_days(d(2022, 5, 30), 0), d(2022, 5, 30));
        // indicators.md §1.7 worked example.
        assert_eq!(add_working_days(d(2016, 3, 24), 45), d(2016, 6, 1));
    }

    #[test]
    fn collection_years() {
        let y = CollectionYear::containing(d(2024, 4, 1));
        assert_eq!(y, CollectionYear(2025));
        assert_eq!(y.start(), d(2024, 4, 1));
        assert_eq!(y.end(), d(2025, 3, 31));
        assert_eq!(
            CollectionYear::containing(d(2025, 3, 31)),
            CollectionYear(2025)
        );
        assert_eq!(y.label(), "2024/25");
    }

    #[test]
    fn ages_and_leap_birthdays() {
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 27)), 17);
        assert_eq!(birthday(d(2008, 2, 29), 18), d(2026, 2, 28));
        assert_eq!(age_on(d(2010, 6, 15), d(2020, 6, 14)), 9);
        assert_eq!(age_on(d(2010, 6, 15), d(2020, 6, 15)), 10);
    }

    #[test]
    fn date_parsers() {
        assert_eq!(parse_uk_date("05/04/2024"), Some(d(2024, 4, 5)));
        assert_eq!(parse_uk_date("31/02/2020"), None);
        assert_eq!(parse_iso_date("2024-04-05"), Some(d(2024, 4, 5)));
    }
}
