//! Reporting periods: which events fall into a figure (`indicators.md` §1.2)
//! and how to step back to the previous reporting point (§1.1, §1.3).
//!
//! Why a module of its own: every indicator, the trend and the series all
//! need the same month arithmetic, and "31 May minus 3 months" must give the
//! same answer everywhere. It deliberately knows nothing about indicators.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use sightline_domain::Date;

/// The period type of a figure (§1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodType {
    /// Financial year to date: 1 April of the financial year containing E.
    YD,
    /// Rolling 12 months ending at E.
    RY,
    /// The quarter (three months) ending at E.
    Q,
    /// Snapshot at E (a window, where a definition needs one, is RY).
    EP,
}

impl PeriodType {
    pub const ALL: [PeriodType; 4] = [
        PeriodType::YD,
        PeriodType::RY,
        PeriodType::Q,
        PeriodType::EP,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::YD => "YD",
            Self::RY => "RY",
            Self::Q => "Q",
            Self::EP => "EP",
        }
    }

    /// Parse `YD`, `RY`, `Q` or `EP` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.code().eq_ignore_ascii_case(s.trim()))
    }

    /// The window `[S, E]` for as-of date `as_of`.
    pub fn window(self, as_of: Date) -> Window {
        let start = match self {
            Self::YD => {
                let y = if as_of.month() >= 4 {
                    as_of.year()
                } else {
                    as_of.year() - 1
                };
                ymd(y, 4, 1)
            }
            Self::RY | Self::EP => day_after(minus_months(as_of, 12)),
            Self::Q => day_after(previous_as_of(as_of, 3)),
        };
        Window { start, end: as_of }
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A closed date range `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: Date,
    pub end: Date,
}

impl Window {
    pub fn contains(self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Date {
    // Every caller passes a day that exists (1st of a month, or a clamped day).
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn day_after(d: Date) -> Date {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

/// The number of days of month `m` of year `y` (Gregorian), by arithmetic:
/// month arithmetic runs for every child at every date, and asking chrono
/// for up to four candidate dates was a visible share of the engine's time.
/// 28 (as before) for a month or year chrono cannot represent.
fn last_day_of_month(y: i32, m: u32) -> u32 {
    if !(NaiveDate::MIN.year()..=NaiveDate::MAX.year()).contains(&y) {
        return 28;
    }
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        _ => 28,
    }
}

/// Shift by `n` calendar months (negative: earlier), clamping the day to the
/// end of the target month: 31 May − 3 months = 28/29 February.
pub fn add_months(d: Date, n: i32) -> Date {
    let total = d.year() * 12 + d.month0() as i32 + n;
    let y = total.div_euclid(12);
    let m = total.rem_euclid(12) as u32 + 1;
    let day = d.day().min(last_day_of_month(y, m));
    ymd(y, m, day)
}

/// `plus_months(d, n)` of §1.1.
pub fn plus_months(d: Date, n: u32) -> Date {
    add_months(d, n as i32)
}

/// `minus_months(d, n)` of §1.1.
pub fn minus_months(d: Date, n: u32) -> Date {
    add_months(d, -(n as i32))
}

/// Whether `d` is the last day of its month.
pub fn is_month_end(d: Date) -> bool {
    d.day() == last_day_of_month(d.year(), d.month())
}

/// `previous_as_of(E, n)` of §1.1: month ends step to month ends
/// (30 September → 30 June → 31 March), other dates by `minus_months`.
pub fn previous_as_of(as_of: Date, n: u32) -> Date {
    let back = minus_months(as_of, n);
    if is_month_end(as_of) {
        ymd(
            back.year(),
            back.month(),
            last_day_of_month(back.year(), back.month()),
        )
    } else {
        back
    }
}

/// The birthday in `year` of a child born on `dob`: a 29 February birthday
/// falls on 1 March in common years (§1.1).
pub fn birthday_in(dob: Date, year: i32) -> Date {
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day()).unwrap_or_else(|| ymd(year, 3, 1))
}

/// Age in completed years at `on` as §1.1 defines it. **Note**: the domain's
/// `calendar::age_on` reaches a 29 February birthday on 28 February (the DfE
/// validators' convention); indicators follow the reference, 1 March.
pub fn age_at(dob: Date, on: Date) -> i32 {
    let mut age = on.year() - dob.year();
    if birthday_in(dob, on.year()) > on {
        age -= 1;
    }
    age
}

/// The latest birthday on or before `on` (the date of birth itself at age 0).
pub fn latest_birthday(dob: Date, on: Date) -> Date {
    let b = birthday_in(dob, on.year());
    if b <= on {
        b
    } else {
        birthday_in(dob, on.year() - 1).max(dob)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_agree_with_chrono() {
        let chrono_last = |y: i32, m: u32| {
            (28..=31)
                .rev()
                .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
                .unwrap_or(28)
        };
        let years = (1590..2410).chain([
            NaiveDate::MIN.year() - 1,
            NaiveDate::MIN.year(),
            NaiveDate::MAX.year(),
            NaiveDate::MAX.year() + 1,
            -4,
            0,
            4,
        ]);
        for y in years {
            for m in 0..=13 {
                assert_eq!(last_day_of_month(y, m), chrono_last(y, m), "{y}-{m}");
            }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(minus_months(d(2016, 5, 31), 3), d(2016, 2, 29));
        assert_eq!(minus_months(d(2017, 5, 31), 3), d(2017, 2, 28));
        assert_eq!(plus_months(d(2016, 2, 29), 12), d(2017, 2, 28));
        assert_eq!(plus_months(d(2016, 2, 29), 24), d(2018, 2, 28));
        assert_eq!(minus_months(d(2016, 1, 15), 1), d(2015, 12, 15));
        assert_eq!(plus_months(d(2015, 11, 30), 3), d(2016, 2, 29));
    }

    #[test]
    fn leap_day_birthdays_fall_on_1_march_in_common_years() {
        let dob = d(2008, 2, 29);
        assert_eq!(age_at(dob, d(2023, 2, 28)), 14);
        assert_eq!(age_at(dob, d(2023, 3, 1)), 15);
        assert_eq!(age_at(dob, d(2024, 2, 29)), 16);
        assert_eq!(latest_birthday(dob, d(2023, 2, 28)), d(2022, 3, 1));
        assert_eq!(latest_birthday(dob, d(2024, 2, 29)), d(2024, 2, 29));
        assert_eq!(
            latest_birthday(d(2016, 9, 30), d(2016, 9, 30)),
            d(2016, 9, 30)
        );
        assert_eq!(age_at(d(1996, 9, 30), d(2016, 9, 30)), 20);
    }

    #[test]
    fn previous_reporting_points_step_month_ends() {
        assert_eq!(previous_as_of(d(2016, 9, 30), 3), d(2016, 6, 30));
        assert_eq!(previous_as_of(d(2016, 6, 30), 3), d(2016, 3, 31));
        assert_eq!(previous_as_of(d(2016, 3, 31), 3), d(2015, 12, 31));
        assert_eq!(previous_as_of(d(2016, 2, 29), 12), d(2015, 2, 28));
        assert_eq!(previous_as_of(d(2016, 8, 18), 1), d(2016, 7, 18));
    }

    #[test]
    fn windows_follow_section_1_2() {
        let e = d(2016, 9, 30);
        assert_eq!(PeriodType::YD.window(e).start, d(2016, 4, 1));
        assert_eq!(PeriodType::RY.window(e).start, d(2015, 10, 1));
        assert_eq!(PeriodType::Q.window(e).start, d(2016, 7, 1));
        assert_eq!(PeriodType::YD.window(d(2016, 2, 29)).start, d(2015, 4, 1));
        // At 31 March YD and RY coincide.
        let m = d(2016, 3, 31);
        assert_eq!(PeriodType::YD.window(m), PeriodType::RY.window(m));
        assert_eq!(PeriodType::Q.window(m).start, d(2016, 1, 1));
        assert_eq!(PeriodType::parse("yd"), Some(PeriodType::YD));
        assert_eq!(PeriodType::parse("X"), None);
    }
}
