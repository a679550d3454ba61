//! The workload-pressures meeting's views: children with an open case and
//! nobody allocated (with how long), and the transfer protocol between
//! services (pending and overdue transfers, counted in working days with
//! `sightline_domain::calendar`, start day = day 0).
//!
//! What it does not do: allocate or transfer anyone; it reports on the
//! allocation records the council keeps.

use serde::Serialize;
use sightline_domain::calendar::{add_working_days, working_days_between};
use sightline_domain::quality::{TransferRule, TransferTrigger};
use sightline_domain::{ChildId, ChildRecord, Council, Date, RecordId, Service};

/// A child with an open CIN episode, CP plan or looked-after episode at the
/// date and no open allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unallocated {
    pub child: ChildId,
    /// Unallocated since (the case opening or the last allocation's end).
    pub since: Date,
    pub days: i64,
}

/// The start of the earliest involvement still open at `on`, if any.
fn open_since(r: &ChildRecord, on: Date) -> Option<Date> {
    let cin = r
        .referrals
        .iter()
        .filter(|x| !x.nfa && x.date <= on && x.closure.is_none_or(|c| c.date > on))
        .map(|x| x.date);
    let cp = r
        .cp_plans
        .iter()
        .filter(|p| p.is_active_on(on))
        .map(|p| p.start);
    let cla = r
        .episodes
        .iter()
        .filter(|e| e.is_open_on(on))
        .map(|e| e.start);
    cin.chain(cp).chain(cla).min()
}

/// Unallocated cases at `on`, longest unallocated first.
pub fn unallocated(council: &Council, on: Date) -> Vec<Unallocated> {
    let mut out: Vec<Unallocated> = council
        .children
        .iter()
        .filter(|r| !r.allocations.iter().any(|a| a.is_current_on(on)))
        .filter_map(|r| {
            let opened = open_since(r, on)?;
            let last_end = r
                .allocations
                .iter()
                .filter_map(|a| a.end)
                .filter(|e| *e <= on)
                .max();
            let since = last_end.map_or(opened, |e| e.max(opened));
            Some(Unallocated {
                child: r.child.id.clone(),
                since,
                days: (on - since).num_days(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.days.cmp(&a.days).then(a.child.cmp(&b.child)));
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Not yet transferred, deadline not passed.
    Pending,
    /// Not transferred and the deadline has passed.
    Overdue,
    OnTime,
    Late,
}

/// One transfer the protocol requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub rule: RecordId,
    pub child: ChildId,
    pub triggered: Date,
    pub deadline: Date,
    pub transferred: Option<Date>,
    pub status: TransferStatus,
    /// Working days from trigger to transfer, or to the date asked about.
    pub working_days: i64,
}

/// Every transfer `rule` requires up to `on`, with its status at `on`.
/// A trigger whose case has ended untransferred before `on` (the period of
/// care or plan closed) is no longer required and is left out.
pub fn transfers(council: &Council, rule: &TransferRule, on: Date) -> Vec<Transfer> {
    let service_of = |worker: RecordId| -> Option<Service> {
        let w = council.workers.iter().find(|w| w.id == worker)?;
        council
            .teams
            .iter()
            .find(|t| t.id == w.team)
            .map(|t| t.service)
    };
    let mut out = Vec::new();
    for r in &council.children {
        let triggers: Vec<(Date, Option<Date>)> = match rule.trigger {
            TransferTrigger::BecomesLookedAfter => r
                .periods_of_care()
                .into_iter()
                .map(|p| (p.start, p.end.map(|e| e.date)))
                .collect(),
            TransferTrigger::CpPlanStarts => r.cp_plans.iter().map(|p| (p.start, p.end)).collect(),
        };
        for (start, ended) in triggers.into_iter().filter(|(s, _)| *s <= on) {
            let deadline = add_working_days(start, rule.within_working_days);
            let transferred = r
                .allocations
                .iter()
                .filter(|a| a.end.is_none_or(|e| e > start) && a.start <= on)
                .filter(|a| service_of(a.worker) == Some(rule.to_service))
                .map(|a| a.start.max(start))
                .min();
            let (status, wd) = match transferred {
                Some(t) => {
                    let wd = working_days_between(start, t);
                    let s = if wd <= i64::from(rule.within_working_days) {
                        TransferStatus::OnTime
                    } else {
                        TransferStatus::Late
                    };
                    (s, wd)
                }
                None => {
                    if ended.is_some_and(|e| e <= on) {
                        continue;
                    }
                    let wd = working_days_between(start, on);
                    if on <= deadline {
                        (TransferStatus::Pending, wd)
                    } else {
                        (TransferStatus::Overdue, wd)
                    }
                }
            };
            out.push(Transfer {
                rule: rule.id,
                child: r.child.id.clone(),
                triggered: start,
                deadline,
                transferred,
                status,
                working_days: wd,
            });
        }
    }
    out.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.child.cmp(&b.child)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::tests::*;
    use sightline_domain::codes::*;
    use sightline_domain::{CinClosure, Employment, LookedAfterEpisode, Referral, WorkerRole};

    fn referral(date: Date, closed: Option<Date>) -> Referral {
        Referral {
            id: 1,
            date,
            source: ReferralSource::Family,
            primary_need: None,
            closure: closed.map(|date| CinClosure {
                date,
                reason: ReasonForClosure::Adopted,
            }),
            nfa: false,
        }
    }

    fn episode(start: Date) -> LookedAfterEpisode {
        LookedAfterEpisode {
            id: 1,
            start,
            reason_new: ReasonNewEpisode::Started,
            legal_status: LegalStatus::FullCareOrder,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            end: None,
            reason_place_change: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
        }
    }

    fn two_workers() -> Vec<sightline_domain::Worker> {
        let s = d(2015, 1, 1);
        vec![
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
                2,
                WorkerRole::SocialWorker,
                Employment::Permanent,
                100,
                s,
                None,
                true,
            ),
        ]
    }

    #[test]
    fn unallocated_counts_days_since_the_last_allocation_or_the_opening() {
        let mut a = ChildRecord::new(child("A"));
        a.referrals.push(referral(d(2016, 9, 1), None));
        a.allocations
            .push(alloc(1, 1, d(2016, 9, 1), Some(d(2016, 9, 20))));
        let mut b = ChildRecord::new(child("B"));
        b.referrals.push(referral(d(2016, 9, 25), None));
        let mut closed = ChildRecord::new(child("CLOSED"));
        closed
            .referrals
            .push(referral(d(2016, 1, 1), Some(d(2016, 2, 1))));
        let mut held = ChildRecord::new(child("HELD"));
        held.referrals.push(referral(d(2016, 1, 1), None));
        held.allocations.push(alloc(2, 1, d(2016, 1, 2), None));
        let c = council(two_workers(), vec![a, b, closed, held]);
        let u = unallocated(&c, d(2016, 9, 30));
        assert_eq!(u.len(), 2);
        assert_eq!(
            (u[0].child.as_str(), u[0].since, u[0].days),
            ("A", d(2016, 9, 20), 10)
        );
        assert_eq!(
            (u[1].child.as_str(), u[1].since, u[1].days),
            ("B", d(2016, 9, 25), 5)
        );
    }

    #[test]
    fn transfer_deadline_counts_working_days_over_bank_holidays() {
        let rule = TransferRule {
            id: 7,
            name: "LAC to looked-after service".into(),
            trigger: TransferTrigger::BecomesLookedAfter,
            to_service: Service::LookedAfter,
            within_working_days: 5,
        };
        // Looked after from Thursday 22 Dec 2016: 23 Dec is day 1, 26 and 27
        // Dec are bank holidays, 28, 29, 30 Dec are days 2-4, Tue 3 Jan is day 5
        // (2 Jan 2017 is the New Year bank holiday).
        let mut x = ChildRecord::new(child("X"));
        x.episodes.push(episode(d(2016, 12, 22)));
        x.allocations.push(alloc(1, 1, d(2016, 11, 1), None));
        let c = council(two_workers(), vec![x.clone()]);
        let t = transfers(&c, &rule, d(2017, 1, 3));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].deadline, d(2017, 1, 3));
        assert_eq!(t[0].status, TransferStatus::Pending);
        let t = transfers(&c, &rule, d(2017, 1, 4));
        assert_eq!(
            (t[0].status, t[0].working_days),
            (TransferStatus::Overdue, 6)
        );
        // Allocated to the looked-after team on the deadline: on time.
        x.allocations[0].end = Some(d(2017, 1, 3));
        x.allocations.push(alloc(2, 2, d(2017, 1, 3), None));
        let c = council(two_workers(), vec![x.clone()]);
        let t = transfers(&c, &rule, d(2017, 2, 1));
        assert_eq!(
            (t[0].status, t[0].transferred),
            (TransferStatus::OnTime, Some(d(2017, 1, 3)))
        );
        // A day later: late.
        x.allocations[0].end = Some(d(2017, 1, 4));
        x.allocations[1].start = d(2017, 1, 4);
        let c = council(two_workers(), vec![x]);
        let t = transfers(&c, &rule, d(2017, 2, 1));
        assert_eq!((t[0].status, t[0].working_days), (TransferStatus::Late, 6));
    }
}
