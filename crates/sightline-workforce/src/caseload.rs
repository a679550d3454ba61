//! Each worker's caseload at a date and the configurable caseload limits:
//! a limit per role for a full-time worker (scaled by FTE), and a lower,
//! protected limit for newly qualified social workers in their first months
//! (the seeds' NQSW academy protects caseloads for six months).
//!
//! What it does not do: decide allocations, or count a worker's cases by
//! complexity; a case is a child with an open allocation to the worker.

use chrono::Months;
use serde::{Deserialize, Serialize};
use sightline_domain::{Council, Date, RecordId, WorkerRole};

use crate::Scope;
use crate::census::cases_by_worker;

/// Caseload limits for a full-time worker; part-time limits are scaled by
/// FTE and rounded down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadLimits {
    /// Limit per role; roles not listed have no limit.
    pub by_role: Vec<(WorkerRole, u32)>,
    /// Months after qualifying during which the NQSW limit applies.
    pub nqsw_months: u32,
    pub nqsw_limit: u32,
}

impl Default for CaseloadLimits {
    /// The seeds' figures: a caseload target of 15–20 (limit 20 for social
    /// workers and senior practitioners, 25 for personal advisers) and an
    /// NQSW caseload protected at 12 for six months.
    fn default() -> Self {
        Self {
            by_role: vec![
                (WorkerRole::SocialWorker, 20),
                (WorkerRole::SeniorPractitioner, 20),
                (WorkerRole::PersonalAdviser, 25),
            ],
            nqsw_months: 6,
            nqsw_limit: 12,
        }
    }
}

/// One worker's caseload at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerCaseload {
    pub worker: RecordId,
    pub name: String,
    pub team: RecordId,
    pub role: WorkerRole,
    pub fte_hundredths: u16,
    /// In the protected NQSW months at the date.
    pub nqsw: bool,
    pub cases: u64,
    pub limit: Option<u64>,
}

impl WorkerCaseload {
    pub fn is_breach(&self) -> bool {
        self.limit.is_some_and(|l| self.cases > l)
    }
}

impl CaseloadLimits {
    /// The limit for a full-time worker of `role`, or the NQSW limit while
    /// `on` is within `nqsw_months` of `qualified`.
    pub fn limit_for(
        &self,
        role: WorkerRole,
        qualified: Option<Date>,
        fte_hundredths: u16,
        on: Date,
    ) -> (bool, Option<u64>) {
        let nqsw = role == WorkerRole::SocialWorker
            && qualified.is_some_and(|q| {
                q <= on
                    && q.checked_add_months(Months::new(self.nqsw_months))
                        .is_some_and(|until| on < until)
            });
        let full = if nqsw {
            Some(self.nqsw_limit)
        } else {
            self.by_role
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, l)| *l)
        };
        (
            nqsw,
            full.map(|l| u64::from(l) * u64::from(fte_hundredths) / 100),
        )
    }
}

/// Caseloads of the case-holding workers in post in `scope` at `on`,
/// largest first (then by worker id).
pub fn caseloads(
    council: &Council,
    limits: &CaseloadLimits,
    scope: Scope,
    on: Date,
) -> Vec<WorkerCaseload> {
    let by = cases_by_worker(council, on);
    let mut out: Vec<WorkerCaseload> = council
        .workers
        .iter()
        .filter(|w| w.case_holding && w.is_in_post_on(on) && scope.has_worker(council, w))
        .map(|w| {
            let (nqsw, limit) = limits.limit_for(w.role, w.qualified, w.fte_hundredths, on);
            WorkerCaseload {
                worker: w.id,
                name: w.name.clone(),
                team: w.team,
                role: w.role,
                fte_hundredths: w.fte_hundredths,
                nqsw,
                cases: by.get(&w.id).copied().unwrap_or(0),
                limit,
            }
        })
        .collect();
    out.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.worker.cmp(&b.worker)));
    out
}

/// The caseloads over their limit.
pub fn breaches(loads: &[WorkerCaseload]) -> Vec<&WorkerCaseload> {
    loads.iter().filter(|l| l.is_breach()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::tests::*;
    use sightline_domain::{ChildRecord, Employment};

    #[test]
    fn nqsw_limit_applies_for_six_months_and_part_time_is_scaled() {
        let l = CaseloadLimits::default();
        let on = d(2016, 9, 30);
        // Qualified 1 April 2016: protected until 1 October 2016.
        assert_eq!(
            l.limit_for(WorkerRole::SocialWorker, Some(d(2016, 4, 1)), 100, on),
            (true, Some(12))
        );
        assert_eq!(
            l.limit_for(
                WorkerRole::SocialWorker,
                Some(d(2016, 4, 1)),
                100,
                d(2016, 10, 1)
            ),
            (false, Some(20))
        );
        // 0.6 FTE: 20 × 0.6 = 12; NQSW 12 × 0.5 = 6.
        assert_eq!(
            l.limit_for(WorkerRole::SocialWorker, None, 60, on),
            (false, Some(12))
        );
        assert_eq!(
            l.limit_for(WorkerRole::SocialWorker, Some(d(2016, 8, 1)), 50, on),
            (true, Some(6))
        );
        // 0.75 × 25 = 18.75, rounded down.
        assert_eq!(
            l.limit_for(WorkerRole::PersonalAdviser, None, 75, on),
            (false, Some(18))
        );
        assert_eq!(
            l.limit_for(WorkerRole::TeamManager, None, 100, on),
            (false, None)
        );
    }

    #[test]
    fn breaches_list_workers_over_their_limit() {
        let s = d(2015, 1, 1);
        let mut nq = worker(
            1,
            1,
            WorkerRole::SocialWorker,
            Employment::Permanent,
            100,
            s,
            None,
            true,
        );
        nq.qualified = Some(d(2016, 6, 1));
        let exp = worker(
            2,
            1,
            WorkerRole::SocialWorker,
            Employment::Agency,
            100,
            s,
            None,
            true,
        );
        let mut children = Vec::new();
        // 13 cases each: over the NQSW's 12, within the other's 20.
        for n in 0..26 {
            let mut r = ChildRecord::new(child(&format!("C{n}")));
            r.allocations.push(alloc(n, 1 + n % 2, d(2016, 7, 1), None));
            children.push(r);
        }
        let c = council(vec![nq, exp], children);
        let loads = caseloads(
            &c,
            &CaseloadLimits::default(),
            Scope::Council,
            d(2016, 9, 30),
        );
        assert_eq!(loads.len(), 2);
        assert!(loads.iter().all(|l| l.cases == 13));
        let b = breaches(&loads);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].worker, b[0].nqsw, b[0].limit), (1, true, Some(12)));
        // Six months on the NQSW's limit is 20: no breach.
        let later = caseloads(
            &c,
            &CaseloadLimits::default(),
            Scope::Council,
            d(2016, 12, 1),
        );
        assert!(breaches(&later).is_empty());
    }
}
