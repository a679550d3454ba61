//! Reporting quarters of the council's financial year.
//!
//! Convention (as seed 003, "quarter 2 (30 September 2016)"): `YYYY-Qn`
//! names quarter n of the financial year that starts on 1 April YYYY.
//! Q1 = April–June, Q2 = July–September, Q3 = October–December of YYYY,
//! Q4 = January–March of YYYY+1. So `2016-Q2` ends 30/09/2016 and
//! `2016-Q4` ends 31/03/2017. This module only names dates; which events fall
//! in a figure is the indicator engine's business.

use chrono::{Datelike, NaiveDate};
use sightline_domain::Date;

use crate::Error;

/// A quarter of a financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    /// The calendar year in which the financial year starts (2016 for 2016/17).
    pub year: i32,
    /// 1 to 4.
    pub n: u8,
}

impl Quarter {
    /// Parse `2016-Q2` (case-insensitive `q`).
    pub fn parse(s: &str) -> Result<Quarter, Error> {
        let bad = || {
            Error::BadArgument(format!(
                "quarter {s:?}: expected YYYY-Qn with n from 1 to 4, e.g. 2016-Q2 (July to September 2016)"
            ))
        };
        let (y, q) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let n: u8 = q
            .strip_prefix('Q')
            .or_else(|| q.strip_prefix('q'))
            .ok_or_else(bad)?
            .parse()
            .map_err(|_| bad())?;
        if !(1..=4).contains(&n) || !(1900..=2999).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, n })
    }

    /// The quarter whose last day is `end` (a quarter end date), if any.
    pub fn ending_on(end: Date) -> Option<Quarter> {
        let q = Quarter::containing(end);
        (q.end() == end).then_some(q)
    }

    /// The quarter containing `d`.
    pub fn containing(d: Date) -> Quarter {
        let (year, n) = match d.month() {
            4..=6 => (d.year(), 1),
            7..=9 => (d.year(), 2),
            10..=12 => (d.year(), 3),
            _ => (d.year() - 1, 4),
        };
        Quarter { year, n }
    }

    /// First day of the quarter.
    pub fn start(self) -> Date {
        let (y, m) = match self.n {
            1 => (self.year, 4),
            2 => (self.year, 7),
            3 => (self.year, 10),
            _ => (self.year + 1, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the quarter: the as-of date of the report.
    pub fn end(self) -> Date {
        let (y, m, d) = match self.n {
            1 => (self.year, 6, 30),
            2 => (self.year, 9, 30),
            3 => (self.year, 12, 31),
            _ => (self.year + 1, 3, 31),
        };
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    pub fn previous(self) -> Quarter {
        if self.n == 1 {
            Quarter {
                year: self.year - 1,
                n: 4,
            }
        } else {
            Quarter {
                year: self.year,
                n: self.n - 1,
            }
        }
    }

    /// "2016/17".
    pub fn financial_year(self) -> String {
        format!("{}/{:02}", self.year, (self.year + 1).rem_euclid(100))
    }

    /// The previous financial year, "2015/16".
    pub fn previous_financial_year(self) -> String {
        Quarter {
            year: self.year - 1,
            n: self.n,
        }
        .financial_year()
    }

    /// 31 March that ended the previous financial year.
    pub fn previous_year_end(self) -> Date {
        NaiveDate::from_ymd_opt(self.year, 3, 31).unwrap_or(NaiveDate::MIN)
    }

    /// "quarter 2 2016/17".
    pub fn name(self) -> String {
        format!("quarter {} {}", self.n, self.financial_year())
    }

    /// "Sep" — the month heading of the seed's value column.
    pub fn month_abbrev(self) -> String {
        self.end().format("%b").to_string()
    }

    /// The `count` quarters ending with this one, oldest first.
    pub fn trailing(self, count: usize) -> Vec<Quarter> {
        let mut out = vec![self];
        while out.len() < count {
            let p = out[out.len() - 1].previous();
            out.push(p);
        }
        out.reverse();
        out
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.n)
    }
}

/// "30 September 2016".
pub fn long_date(d: Date) -> String {
    format!("{} {}", d.day(), d.format("%B %Y"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_follow_the_financial_year() {
        let q = Quarter::parse("2016-Q2").unwrap();
        assert_eq!(q.start(), d(2016, 7, 1));
        assert_eq!(q.end(), d(2016, 9, 30));
        assert_eq!(q.previous().end(), d(2016, 6, 30));
        assert_eq!(q.financial_year(), "2016/17");
        assert_eq!(q.previous_financial_year(), "2015/16");
        assert_eq!(q.previous_year_end(), d(2016, 3, 31));
        assert_eq!(q.month_abbrev(), "Sep");
        assert_eq!(q.name(), "quarter 2 2016/17");
        let q4 = Quarter::parse("2016-q4").unwrap();
        assert_eq!(q4.end(), d(2017, 3, 31));
        assert_eq!(q4.start(), d(2017, 1, 1));
        assert_eq!(
            Quarter::parse("2016-Q1").unwrap().previous(),
            Quarter { year: 2015, n: 4 }
        );
        assert_eq!(Quarter::containing(d(2017, 2, 1)), q4);
        assert_eq!(Quarter::ending_on(d(2016, 9, 30)), Some(q));
        assert_eq!(Quarter::ending_on(d(2016, 9, 29)), None);
        assert_eq!(long_date(d(2016, 9, 30)), "30 September 2016");
        let t = q.trailing(3);
        assert_eq!(
            t.iter().map(|q| q.to_string()).collect::<Vec<_>>(),
            ["2015-Q4", "2016-Q1", "2016-Q2"]
        );
    }

    #[test]
    fn bad_quarters_are_clear_errors() {
        for s in ["2016", "2016-Q5", "2016-Q0", "16-Q", "x-Q1", "2016-2"] {
            let e = Quarter::parse(s).unwrap_err().to_string();
            assert!(e.contains("YYYY-Qn"), "{s}: {e}");
        }
    }
}
