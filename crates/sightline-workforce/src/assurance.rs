//! Quality assurance figures: case file audit grades per quarter against
//! the previous quarter (percentages by largest remainder, as seed 003
//! prints them, `indicators.md` §2.27), team health checks with their next
//! due dates, and the VEMT panel's counts (§2.28).
//!
//! Quarters are financial-year quarters: `2016-Q1` is April–June 2016, the
//! seed's "Q1 2016/17"; `2016-Q4` is January–March 2017.
//!
//! The monthly audit schedule ([`audit_schedule`]) proposes a random
//! sample and a themed selection of open cases with a pair of auditors who
//! are never the case's own team manager; the choice is a pure function of
//! the council and the month, so the same month always proposes the same
//! cases. Section grades and open audit actions come from the audit forms;
//! overdue safety plans and SEND risk assessments from their review dates.
//!
//! What it does not do: grade or moderate (people do, on the form).

use std::str::FromStr;

use chrono::Datelike;
use serde::Serialize;
use sightline_domain::codes::{CodeList, Sex};
use sightline_domain::quality::{
    AuditAction, AuditForm, AuditSection, AuditSelection, CaseFileAudit, Grade, RiskLevel,
    RiskPlan, RiskPlanKind, TeamHealthCheck, VemtConsideration, VemtMeeting,
};
use sightline_domain::{ChildId, Council, Date, RecordId, WorkerRole};

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

/// Section grades across the audits dated in a quarter: counts per section
/// in [`Grade::ALL`] order (sections not graded on a form are not counted).
pub fn section_distribution(
    audits: &[CaseFileAudit],
    forms: &[AuditForm],
    quarter: Quarter,
) -> Vec<(AuditSection, [u64; 4])> {
    let (s, e) = quarter.range();
    let in_quarter: std::collections::HashSet<RecordId> = audits
        .iter()
        .filter(|a| a.date >= s && a.date <= e)
        .map(|a| a.id)
        .collect();
    AuditSection::ALL
        .iter()
        .map(|&section| {
            let mut counts = [0u64; 4];
            for f in forms.iter().filter(|f| in_quarter.contains(&f.audit)) {
                for g in f.sections.iter().filter(|g| g.section == section) {
                    counts[Grade::ALL.iter().position(|x| *x == g.grade).unwrap_or(3)] += 1;
                }
            }
            (section, counts)
        })
        .collect()
}

/// An audit action not completed at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAction {
    pub audit: RecordId,
    pub child: ChildId,
    pub action: AuditAction,
    pub overdue: bool,
}

/// Actions from audits on or before `on` not completed by `on`, overdue
/// first then by due date.
pub fn open_actions(audits: &[CaseFileAudit], forms: &[AuditForm], on: Date) -> Vec<OpenAction> {
    let mut out: Vec<OpenAction> = forms
        .iter()
        .filter_map(|f| Some((f, audits.iter().find(|a| a.id == f.audit)?)))
        .filter(|(_, a)| a.date <= on)
        .flat_map(|(f, a)| {
            f.actions
                .iter()
                .filter(|x| x.completed.is_none_or(|c| c > on))
                .map(|x| OpenAction {
                    audit: a.id,
                    child: a.child.clone(),
                    action: x.clone(),
                    overdue: x.is_overdue_on(on),
                })
        })
        .collect();
    out.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(a.action.due.cmp(&b.action.due))
            .then(a.audit.cmp(&b.audit))
    });
    out
}

/// A case proposed for audit in a month, with its proposed pair of
/// auditors (team managers in post, neither the case's own manager).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledAudit {
    pub child: ChildId,
    /// The worker holding the case on the schedule date.
    pub holder: RecordId,
    pub selection: AuditSelection,
    pub auditor: RecordId,
    pub paired_auditor: RecordId,
}

/// The themed selection the schedule makes each month.
pub const THEME_LONG_CP_PLANS: &str = "CP plans over 18 months";

/// A stable pseudo-random key for ordering a child within a month (FNV-1a;
/// no randomness source, so a month's schedule is reproducible).
fn month_key(child: &ChildId, on: Date) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in child.as_str().bytes().chain(on.to_string().into_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The audit schedule for the month starting on the first of `month`'s
/// month: `random` open cases sampled at random and up to `themed` children
/// on a CP plan for more than 18 months, none audited in the 12 months
/// before, each with a pair of auditors drawn in turn from the team
/// managers in post who do not manage the case.
pub fn audit_schedule(
    council: &Council,
    audits: &[CaseFileAudit],
    month: Date,
    random: usize,
    themed: usize,
) -> Vec<ScheduledAudit> {
    let on = Date::from_ymd_opt(month.year(), month.month(), 1).unwrap_or(month);
    let year_before = on.checked_sub_months(chrono::Months::new(12)).unwrap_or(on);
    let recently: std::collections::HashSet<&ChildId> = audits
        .iter()
        .filter(|a| a.date > year_before && a.date <= on)
        .map(|a| &a.child)
        .collect();
    let team_of = |w: RecordId| council.workers.iter().find(|x| x.id == w).map(|x| x.team);
    let managers: Vec<&sightline_domain::Worker> = council
        .workers
        .iter()
        .filter(|w| w.role == WorkerRole::TeamManager && w.is_in_post_on(on))
        .collect();
    let mut long_cp = Vec::new();
    let mut open = Vec::new();
    for r in &council.children {
        if recently.contains(&r.child.id) {
            continue;
        }
        let Some(holder) = r.allocated_worker_on(on) else {
            continue;
        };
        let key = month_key(&r.child.id, on);
        let cp_months_18 = on.checked_sub_months(chrono::Months::new(18)).unwrap_or(on);
        if r.cp_plans
            .iter()
            .any(|p| p.is_active_on(on) && p.start < cp_months_18)
        {
            long_cp.push((key, r, holder));
        } else {
            open.push((key, r, holder));
        }
    }
    long_cp.sort_by_key(|x| x.0);
    open.sort_by_key(|x| x.0);
    let picked = long_cp
        .into_iter()
        .take(themed)
        .map(|x| (x, AuditSelection::Themed(THEME_LONG_CP_PLANS.to_string())))
        .chain(
            open.into_iter()
                .take(random)
                .map(|x| (x, AuditSelection::Random)),
        );
    let mut turn = 0usize;
    let mut out = Vec::new();
    for ((_, r, holder), selection) in picked {
        let holder_team = team_of(holder);
        let eligible: Vec<RecordId> = managers
            .iter()
            .filter(|m| Some(m.team) != holder_team && m.id != holder)
            .map(|m| m.id)
            .collect();
        if eligible.len() < 2 {
            continue;
        }
        let a = eligible[turn % eligible.len()];
        let b = eligible[(turn + 1) % eligible.len()];
        turn += 2;
        out.push(ScheduledAudit {
            child: r.child.id.clone(),
            holder,
            selection,
            auditor: a,
            paired_auditor: b,
        });
    }
    out
}

/// A safety plan or SEND risk assessment whose review date has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverduePlan {
    pub plan: RecordId,
    pub child: ChildId,
    pub kind: RiskPlanKind,
    pub next_review: Date,
    pub days_overdue: i64,
}

/// Current plans at `on`: how many of each kind, and the overdue ones,
/// longest overdue first.
pub fn risk_plans_at(plans: &[RiskPlan], on: Date) -> ([u64; 2], Vec<OverduePlan>) {
    let mut current = [0u64; 2];
    let mut overdue = Vec::new();
    for p in plans.iter().filter(|p| p.is_current_on(on)) {
        let k = RiskPlanKind::ALL
            .iter()
            .position(|k| *k == p.kind)
            .unwrap_or(0);
        current[k] += 1;
        if p.is_overdue_on(on) {
            overdue.push(OverduePlan {
                plan: p.id,
                child: p.child.clone(),
                kind: p.kind,
                next_review: p.next_review,
                days_overdue: (on - p.next_review).num_days(),
            });
        }
    }
    overdue.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.plan.cmp(&b.plan))
    });
    (current, overdue)
}

/// VEMT panel meetings in `[from, to]` and the children they discussed
/// (a child discussed at several meetings counts at each).
pub fn vemt_meetings_in(meetings: &[VemtMeeting], from: Date, to: Date) -> (u64, u64) {
    let m: Vec<&VemtMeeting> = meetings
        .iter()
        .filter(|m| m.date >= from && m.date <= to)
        .collect();
    (
        m.len() as u64,
        m.iter().map(|m| m.children.len() as u64).sum(),
    )
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

    #[test]
    fn schedule_never_pairs_the_cases_own_manager_and_skips_recent_audits() {
        use sightline_domain::{Employment, WorkerRole};
        let s = d(2015, 1, 1);
        let mut workers = vec![
            worker(
                1,
                1,
                WorkerRole::SocialWorker,
                Employment::Permanent,
                100,
                s,
                None,
                true,
            ),
            worker(
                2,
                1,
                WorkerRole::TeamManager,
                Employment::Permanent,
                100,
                s,
                None,
                false,
            ),
            worker(
                3,
                2,
                WorkerRole::TeamManager,
                Employment::Permanent,
                100,
                s,
                None,
                false,
            ),
        ];
        let mut kids = Vec::new();
        for i in 0..6 {
            let mut r = ChildRecord::new(child(&format!("K{i}")));
            r.allocations.push(alloc(i, 1, d(2016, 1, 1), None));
            kids.push(r);
        }
        let c = council(workers.clone(), kids.clone());
        // Only one manager outside the holder's team: no pair, no schedule.
        assert!(audit_schedule(&c, &[], d(2016, 6, 15), 4, 1).is_empty());
        workers.push(worker(
            4,
            3,
            WorkerRole::TeamManager,
            Employment::Permanent,
            100,
            s,
            None,
            false,
        ));
        let c = council(workers, kids);
        let plan = audit_schedule(&c, &[], d(2016, 6, 15), 4, 1);
        assert_eq!(plan.len(), 4);
        assert!(plan.iter().all(|p| p.auditor != 2 && p.paired_auditor != 2));
        assert!(plan.iter().all(|p| p.auditor != p.paired_auditor));
        assert_eq!(plan, audit_schedule(&c, &[], d(2016, 6, 2), 4, 1));
        // A child audited in the year before is not proposed again.
        let mut recent = audit(1, d(2016, 3, 1), Grade::Good);
        recent.child = plan[0].child.clone();
        let again = audit_schedule(&c, &[recent], d(2016, 6, 1), 6, 0);
        assert_eq!(again.len(), 5);
        assert!(again.iter().all(|p| p.child != plan[0].child));
    }

    #[test]
    fn sections_actions_and_overdue_plans() {
        use sightline_domain::quality::{AuditAction, SectionGrade};
        let audits = vec![
            audit(1, d(2016, 5, 10), Grade::Good),
            audit(2, d(2016, 8, 1), Grade::Good),
        ];
        let form = |audit, grade, due, completed| AuditForm {
            audit,
            sections: vec![SectionGrade {
                section: AuditSection::Planning,
                grade,
                comment: String::new(),
            }],
            actions: vec![AuditAction {
                action: "Review the plan".into(),
                owner: 1,
                due,
                completed,
            }],
            moderation: None,
        };
        let forms = vec![
            form(1, Grade::RequiresImprovement, d(2016, 6, 10), None),
            form(2, Grade::Good, d(2016, 9, 1), Some(d(2016, 8, 20))),
        ];
        let dist = section_distribution(&audits, &forms, "2016-Q1".parse().unwrap());
        let planning = dist
            .iter()
            .find(|(s, _)| *s == AuditSection::Planning)
            .unwrap();
        assert_eq!(planning.1, [0, 0, 1, 0]);
        let open = open_actions(&audits, &forms, d(2016, 8, 10));
        assert_eq!(open.len(), 2);
        assert!(open[0].overdue && open[0].audit == 1);
        assert!(!open[1].overdue);
        assert_eq!(open_actions(&audits, &forms, d(2016, 8, 25)).len(), 1);
        let plan = |id, kind, next: Date, ended| RiskPlan {
            id,
            child: ChildId::parse("C1").unwrap(),
            kind,
            made: d(2016, 1, 1),
            last_reviewed: None,
            next_review: next,
            ended,
        };
        let plans = vec![
            plan(1, RiskPlanKind::SafetyPlan, d(2016, 4, 1), None),
            plan(2, RiskPlanKind::SafetyPlan, d(2016, 9, 1), None),
            plan(3, RiskPlanKind::SendRiskAssessment, d(2016, 3, 1), None),
            plan(
                4,
                RiskPlanKind::SendRiskAssessment,
                d(2016, 3, 1),
                Some(d(2016, 3, 2)),
            ),
        ];
        let (current, overdue) = risk_plans_at(&plans, d(2016, 5, 1));
        assert_eq!(current, [2, 1]);
        assert_eq!(
            overdue.iter().map(|o| o.plan).collect::<Vec<_>>(),
            vec![3, 1]
        );
        assert_eq!(overdue[0].days_overdue, 61);
        let meetings = vec![
            VemtMeeting {
                id: 1,
                date: d(2016, 5, 4),
                children: vec![ChildId::parse("C1").unwrap()],
            },
            VemtMeeting {
                id: 2,
                date: d(2016, 7, 4),
                children: vec![],
            },
        ];
        assert_eq!(
            vemt_meetings_in(&meetings, d(2016, 4, 1), d(2016, 6, 30)),
            (1, 1)
        );
    }
}
