//! Quality assurance figures: case file audit grades per quarter against
//! the previous quarter (percentages by largest remainder, as seed 003
//! prints them, `indicators.md` §2.27), team health checks with their next
//! due dates, and the VEMT panel's counts (§2.28).
//!
//! Quarters are financial-year quarters: `2016-Q1` is April–June 2016, the
//! seed's "Q1 2016/17"; `2016-Q4` is January–March 2017.
//!
//! What it does not do: choose the cases to audit or moderate grades.

use std::str::FromStr;

use chrono::Datelike;
use serde::Serialize;
use sightline_domain::codes::{CodeList, Sex};
use sightline_domain::quality::{
    CaseFileAudit, Grade, RiskLevel, TeamHealthCheck, VemtConsideration,
};
use sightline_domain::{Council, Date, RecordId};

/// A financial-year quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Quarter {
    /// The year the financial year starts (2016 for 2016/17).
    pub year: i32,
    /// 1 (April–June) to 4 (January–March).
    pub q: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "quarter {0:?}: expected YYYY-Qn with n from 1 to 4 (financial year: 2016-Q1 is April-June 2016)"
)]
pub struct BadQuarter(pub String);

impl FromStr for Quarter {
    type Err = BadQuarter;
    fn from_str(s: &str) -> Result<Self, BadQuarter> {
        let bad = || BadQuarter(s.to_string());
        let (y, q) = s.trim().split_once(['-', ' ']).ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u8 = q
            .strip_prefix(['Q', 'q'])
            .and_then(|n| n.parse().ok())
            .ok_or_else(bad)?;
        if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, q })
    }
}

impl Quarter {
    pub fn containing(d: Date) -> Self {
        let m = d.month();
        let (year, q) = match m {
            4..=6 => (d.year(), 1),
            7..=9 => (d.year(), 2),
            10..=12 => (d.year(), 3),
            _ => (d.year() - 1, 4),
        };
        Self { year, q }
    }
    /// First and last day.
    pub fn range(self) -> (Date, Date) {
        let (y, m) = match self.q {
            1 => (self.year, 4),
            2 => (self.year, 7),
            3 => (self.year, 10),
            _ => (self.year + 1, 1),
        };
        let start = Date::from_ymd_opt(y, m, 1).unwrap_or_default();
        let next = start
            .checked_add_months(chrono::Months::new(3))
            .unwrap_or(start);
        (start, next.pred_opt().unwrap_or(next))
    }
    pub fn previous(self) -> Self {
        if self.q == 1 {
            Self {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Self {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
    /// As the seeds print it: "Q1 2016/17".
    pub fn label(self) -> String {
        format!(
            "Q{} {}/{:02}",
            self.q,
            self.year,
            (self.year + 1).rem_euclid(100)
        )
    }
}

/// Whole percentages summing to 100 by the largest-remainder method (ties
/// go to the earlier entry); all zero when the total is zero.
pub fn largest_remainder(counts: &[u64]) -> Vec<u64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut pct: Vec<u64> = counts.iter().map(|c| c * 100 / total).collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (counts[a] * 100 % total, counts[b] * 100 % total);
        rb.cmp(&ra).then(a.cmp(&b))
    });
    let short = 100 - pct.iter().sum::<u64>();
    for &i in order.iter().take(short as usize) {
        pct[i] += 1;
    }
    pct
}

/// Audit grades in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeDistribution {
    pub quarter: Quarter,
    pub label: String,
    pub audits: u64,
    /// Count per grade, in [`Grade::ALL`] order.
    pub counts: [u64; 4],
    /// Whole percentages per grade by largest remainder.
    pub percent: Vec<u64>,
    /// Good or outstanding, percent of audits (unrounded).
    pub good_or_better: Option<f64>,
}

pub fn grade_distribution(audits: &[CaseFileAudit], quarter: Quarter) -> GradeDistribution {
    let (s, e) = quarter.range();
    let mut counts = [0u64; 4];
    for a in audits.iter().filter(|a| a.date >= s && a.date <= e) {
        let i = Grade::ALL.iter().position(|g| *g == a.grade).unwrap_or(3);
        counts[i] += 1;
    }
    let audits_n: u64 = counts.iter().sum();
    GradeDistribution {
        quarter,
        label: quarter.label(),
        audits: audits_n,
        counts,
        percent: largest_remainder(&counts),
        good_or_better: crate::percent(counts[0] + counts[1], audits_n),
    }
}

/// A quarter's grades beside the previous quarter's, as the seed reports.
pub fn quarter_vs_previous(
    audits: &[CaseFileAudit],
    quarter: Quarter,
) -> (GradeDistribution, GradeDistribution) {
    (
        grade_distribution(audits, quarter),
        grade_distribution(audits, quarter.previous()),
    )
}

/// A team's health-check position at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthCheckDue {
    pub team: RecordId,
    pub team_name: String,
    pub last: Option<Date>,
    pub grade: Option<Grade>,
    /// `None` when the team has never had a check (due now).
    pub next_due: Option<Date>,
    pub overdue: bool,
}

/// Every team's latest check on or before `on`, its next due date and
/// whether it is overdue (never checked counts as overdue).
pub fn health_checks_due(
    council: &Council,
    checks: &[TeamHealthCheck],
    on: Date,
) -> Vec<HealthCheckDue> {
    council
        .teams
        .iter()
        .map(|t| {
            let last = checks
                .iter()
                .filter(|c| c.team == t.id && c.date <= on)
                .max_by_key(|c| c.date);
            let next_due = last.map(TeamHealthCheck::next_due);
            HealthCheckDue {
                team: t.id,
                team_name: t.name.clone(),
                last: last.map(|c| c.date),
                grade: last.map(|c| c.grade),
                next_due,
                overdue: next_due.is_none_or(|d| d < on),
            }
        })
        .collect()
}

/// The VEMT panel's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VemtCounts {
    pub from: Date,
    pub to: Date,
    /// Children considered in `[from, to]`.
    pub considered: u64,
    pub female: u64,
    pub male: u64,
    /// Sex not recorded or the child not in the council's records.
    pub other_or_unknown: u64,
    pub at_risk_of_cse: u64,
    pub cse_high: u64,
    pub cse_medium: u64,
    pub cse_low: u64,
    /// Subject to VEMT arrangements at `to`.
    pub open: u64,
}

pub fn vemt_counts(
    council: &Council,
    vemt: &[VemtConsideration],
    from: Date,
    to: Date,
) -> VemtCounts {
    let sex_of = |v: &VemtConsideration| {
        council
            .children
            .iter()
            .find(|c| c.child.id == v.child)
            .map(|c| c.child.sex)
    };
    let mut out = VemtCounts {
        from,
        to,
        considered: 0,
        female: 0,
        male: 0,
        other_or_unknown: 0,
        at_risk_of_cse: 0,
        cse_high: 0,
        cse_medium: 0,
        cse_low: 0,
        open: vemt.iter().filter(|v| v.is_open_on(to)).count() as u64,
    };
    for v in vemt
        .iter()
        .filter(|v| v.considered >= from && v.considered <= to)
    {
        out.considered += 1;
        match sex_of(v).map(|s| s.code()) {
            Some(c) if c == Sex::Female.code() => out.female += 1,
            Some(c) if c == Sex::Male.code() => out.male += 1,
            _ => out.other_or_unknown += 1,
        }
        if let Some(level) = v.cse_risk {
            out.at_risk_of_cse += 1;
            match level {
                RiskLevel::High => out.cse_high += 1,
                RiskLevel::Medium => out.cse_medium += 1,
                RiskLevel::Low => out.cse_low += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::tests::*;
    use sightline_domain::quality::AuditSelection;
    use sightline_domain::{ChildId, ChildRecord};

    fn audit(id: i64, date: Date, grade: Grade) -> CaseFileAudit {
        CaseFileAudit {
            id,
            child: ChildId::parse("C1").unwrap(),
            auditor: 1,
            paired_auditor: Some(2),
            date,
            selection: AuditSelection::Random,
            grade,
        }
    }

    #[test]
    fn quarters_are_financial_years() {
        let q: Quarter = "2016-Q1".parse().unwrap();
        assert_eq!(q.range(), (d(2016, 4, 1), d(2016, 6, 30)));
        assert_eq!(q.label(), "Q1 2016/17");
        assert_eq!(q.previous(), Quarter { year: 2015, q: 4 });
        assert_eq!(q.previous().range(), (d(2016, 1, 1), d(2016, 3, 31)));
        assert_eq!(
            Quarter::containing(d(2017, 2, 1)),
            Quarter { year: 2016, q: 4 }
        );
        assert!("2016-Q5".parse::<Quarter>().is_err());
        assert!("Q1".parse::<Quarter>().is_err());
    }

    /// indicators.md §5.18: 1 outstanding, 15 good, 9 RI, 1 inadequate.
    #[test]
    fn seed_003_audit_grades_by_largest_remainder() {
        let mut audits = Vec::new();
        let grades = [
            (Grade::Outstanding, 1),
            (Grade::Good, 15),
            (Grade::RequiresImprovement, 9),
            (Grade::Inadequate, 1),
        ];
        let mut id = 0;
        for (g, n) in grades {
            for _ in 0..n {
                id += 1;
                audits.push(audit(id, d(2016, 5, 10), g));
            }
        }
        // Previous quarter: 2 good, 1 inadequate; and one outside both.
        audits.push(audit(100, d(2016, 3, 31), Grade::Good));
        audits.push(audit(101, d(2016, 1, 1), Grade::Good));
        audits.push(audit(102, d(2016, 2, 1), Grade::Inadequate));
        audits.push(audit(103, d(2016, 7, 1), Grade::Inadequate));
        let (now, prev) = quarter_vs_previous(&audits, "2016-Q1".parse().unwrap());
        assert_eq!(now.audits, 26);
        assert_eq!(now.counts, [1, 15, 9, 1]);
        assert_eq!(now.percent, vec![4, 58, 34, 4]);
        assert_eq!(now.good_or_better.map(crate::round1), Some(61.5));
        assert_eq!(prev.counts, [0, 2, 0, 1]);
        assert_eq!(prev.percent, vec![0, 67, 0, 33]);
        assert_eq!(largest_remainder(&[0, 0]), vec![0, 0]);
        assert_eq!(largest_remainder(&[1, 1, 1]), vec![34, 33, 33]);
    }

    #[test]
    fn health_checks_due_and_overdue() {
        let c = council(vec![], vec![]);
        let checks = vec![
            TeamHealthCheck {
                id: 1,
                team: 1,
                date: d(2016, 1, 15),
                grade: Grade::Good,
                findings: String::new(),
            },
            TeamHealthCheck {
                id: 2,
                team: 2,
                date: d(2016, 1, 15),
                grade: Grade::RequiresImprovement,
                findings: String::new(),
            },
        ];
        let due = health_checks_due(&c, &checks, d(2016, 9, 30));
        assert_eq!(
            (due[0].next_due, due[0].overdue),
            (Some(d(2017, 1, 15)), false)
        );
        assert_eq!(
            (due[1].next_due, due[1].overdue),
            (Some(d(2016, 7, 15)), true)
        );
        // Before any check the team is due now.
        let due = health_checks_due(&c, &checks, d(2015, 12, 1));
        assert!(due.iter().all(|h| h.last.is_none() && h.overdue));
    }

    #[test]
    fn vemt_counts_by_sex_risk_and_open() {
        let mut boy = child("B");
        boy.sex = Sex::Male;
        let c = council(
            vec![],
            vec![ChildRecord::new(child("G")), ChildRecord::new(boy)],
        );
        let v = |id, who: &str, considered, risk, closed| VemtConsideration {
            id,
            child: ChildId::parse(who).unwrap(),
            considered,
            cse_risk: risk,
            closed,
        };
        let vemt = vec![
            v(1, "G", d(2016, 7, 5), Some(RiskLevel::High), None),
            v(
                2,
                "B",
                d(2016, 8, 5),
                Some(RiskLevel::Medium),
                Some(d(2016, 9, 1)),
            ),
            v(3, "G", d(2016, 9, 5), None, None),
            v(4, "NOBODY", d(2016, 9, 6), Some(RiskLevel::Low), None),
            v(5, "G", d(2016, 3, 5), Some(RiskLevel::High), None),
        ];
        let n = vemt_counts(&c, &vemt, d(2016, 7, 1), d(2016, 9, 30));
        assert_eq!(
            (n.considered, n.female, n.male, n.other_or_unknown),
            (4, 2, 1, 1)
        );
        assert_eq!(
            (n.at_risk_of_cse, n.cse_high, n.cse_medium, n.cse_low),
            (3, 1, 1, 1)
        );
        assert_eq!(n.open, 4);
    }
}
