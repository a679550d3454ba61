//! Workforce census figures at a date: caseload per case-holding FTE,
//! agency rate, vacancy rate and turnover, as `indicators.md` §2.26 defines
//! them after the DfE children's social work workforce census.
//!
//! Social workers are the registered roles (social worker, senior
//! practitioner, team manager, head of service); FTE is kept in hundredths
//! so sums are exact. What it does not do: decide what a "case" is beyond an
//! open allocation at the date, or count non-social-work staff.

use std::collections::{HashMap, HashSet};

use chrono::Months;
use serde::Serialize;
use sightline_domain::quality::Post;
use sightline_domain::{Council, Date, Employment, Worker};

use crate::{Scope, percent};

/// The census figures for one scope at `as_of` (turnover over the year to
/// `as_of`). FTE in hundredths; rates in percent, unrounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CensusFigures {
    pub as_of: Date,
    pub scope: Scope,
    /// Children allocated at `as_of` to case-holding social workers.
    pub cases: u64,
    pub case_holder_fte: u64,
    pub caseload_per_fte: Option<f64>,
    /// Employed (permanent) social worker FTE in post.
    pub employed_fte: u64,
    pub agency_fte: u64,
    pub agency_headcount: u64,
    pub agency_rate: Option<f64>,
    /// Funded social-work FTE on the establishment.
    pub funded_fte: u64,
    /// Funded FTE not filled by an employed social worker.
    pub vacant_fte: u64,
    pub vacancy_rate: Option<f64>,
    /// Turnover window start (one year before `as_of`, plus a day).
    pub turnover_from: Date,
    pub leavers_fte: u64,
    pub turnover_rate: Option<f64>,
}

fn in_post_sw<'a>(
    council: &'a Council,
    scope: Scope,
    on: Date,
) -> impl Iterator<Item = &'a Worker> + 'a {
    council
        .workers
        .iter()
        .filter(move |w| w.role.is_social_worker() && w.is_in_post_on(on))
        .filter(move |w| scope.has_worker(council, w))
}

/// Children allocated at `on` per worker id (an open allocation record).
pub fn cases_by_worker(council: &Council, on: Date) -> HashMap<i64, u64> {
    let mut out = HashMap::new();
    for rec in &council.children {
        let mut seen: Vec<i64> = Vec::new();
        for a in rec.allocations.iter().filter(|a| a.is_current_on(on)) {
            if !seen.contains(&a.worker) {
                seen.push(a.worker);
                *out.entry(a.worker).or_insert(0) += 1;
            }
        }
    }
    out
}

/// A leaver: an employed social worker whose record ends in `[from, to]`
/// with no record for the same person (`sw_id`) starting on or the day
/// after the end (an internal move is not a leaver).
pub fn is_leaver(council: &Council, w: &Worker, from: Date, to: Date) -> bool {
    let Some(end) = w.end else { return false };
    if w.employment != Employment::Permanent || !w.role.is_social_worker() {
        return false;
    }
    if end < from || end > to {
        return false;
    }
    let next_day = end.succ_opt().unwrap_or(end);
    !council
        .workers
        .iter()
        .any(|o| o.id != w.id && o.sw_id == w.sw_id && (o.start == end || o.start == next_day))
}

/// Compute the census figures for `scope` at `as_of`.
pub fn census(council: &Council, posts: &[Post], scope: Scope, as_of: Date) -> CensusFigures {
    let cases_by = cases_by_worker(council, as_of);
    census_one(
        council,
        posts,
        scope,
        as_of,
        &cases_by,
        &spell_starts(council),
    )
}

/// Each person's (`sw_id`) spell start dates, to tell a move from a leaver.
fn spell_starts(council: &Council) -> HashSet<(&str, Date)> {
    council
        .workers
        .iter()
        .map(|w| (w.sw_id.as_str(), w.start))
        .collect()
}

/// The census figures for several scopes at once (the council and each
/// team, say), counting cases and internal moves once for all of them.
pub fn census_many(
    council: &Council,
    posts: &[Post],
    scopes: &[Scope],
    as_of: Date,
) -> Vec<CensusFigures> {
    let cases_by = cases_by_worker(council, as_of);
    let starts = spell_starts(council);
    scopes
        .iter()
        .map(|&s| census_one(council, posts, s, as_of, &cases_by, &starts))
        .collect()
}

fn census_one(
    council: &Council,
    posts: &[Post],
    scope: Scope,
    as_of: Date,
    cases_by: &HashMap<i64, u64>,
    starts: &HashSet<(&str, Date)>,
) -> CensusFigures {
    let (mut cases, mut holder_fte, mut employed, mut agency, mut agency_n) = (0, 0, 0, 0, 0);
    for w in in_post_sw(council, scope, as_of) {
        let fte = u64::from(w.fte_hundredths);
        if w.case_holding {
            holder_fte += fte;
            cases += cases_by.get(&w.id).copied().unwrap_or(0);
        }
        match w.employment {
            Employment::Permanent => employed += fte,
            Employment::Agency => {
                agency += fte;
                agency_n += 1;
            }
        }
    }
    let funded: u64 = posts
        .iter()
        .filter(|p| p.role.is_social_worker() && p.is_funded_on(as_of))
        .filter(|p| scope.has_team(council, p.team))
        .map(|p| u64::from(p.fte_hundredths))
        .sum();
    let vacant = funded.saturating_sub(employed);
    let turnover_from = as_of
        .checked_sub_months(Months::new(12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(as_of);
    let moved = |w: &Worker, end: Date| {
        starts.contains(&(w.sw_id.as_str(), end))
            || end
                .succ_opt()
                .is_some_and(|n| starts.contains(&(w.sw_id.as_str(), n)))
    };
    let leavers: u64 = council
        .workers
        .iter()
        .filter(|w| {
            w.end.is_some_and(|end| {
                w.employment == Employment::Permanent
                    && w.role.is_social_worker()
                    && turnover_from <= end
                    && end <= as_of
                    && !moved(w, end)
            }) && scope.has_worker(council, w)
        })
        .map(|w| u64::from(w.fte_hundredths))
        .sum();
    CensusFigures {
        as_of,
        scope,
        cases,
        case_holder_fte: holder_fte,
        caseload_per_fte: (holder_fte > 0).then(|| cases as f64 * 100.0 / holder_fte as f64),
        employed_fte: employed,
        agency_fte: agency,
        agency_headcount: agency_n,
        agency_rate: percent(agency, agency + employed),
        funded_fte: funded,
        vacant_fte: vacant,
        vacancy_rate: percent(vacant, vacant + employed),
        turnover_from,
        leavers_fte: leavers,
        turnover_rate: percent(leavers, employed),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::round1;
    use sightline_domain::codes::SocialWorkerChangeReason;
    use sightline_domain::{
        Allocation, Birth, Child, ChildId, ChildRecord, LaNumber, Service, Team, WorkerRole,
    };

    pub fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    pub fn child(id: &str) -> Child {
        use sightline_domain::codes::*;
        Child {
            id: ChildId::parse(id).unwrap(),
            forename: "A".into(),
            surname: "B".into(),
            upn: None,
            former_upn: None,
            upn_unknown: Some(UpnUnknown::Un1),
            birth: Birth::Born(d(2010, 1, 1)),
            sex: Sex::Female,
            ethnicity: Ethnicity::WhiteBritish,
            disabilities: vec![Disability::None],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn worker(
        id: i64,
        team: i64,
        role: WorkerRole,
        employment: Employment,
        fte: u16,
        start: Date,
        end: Option<Date>,
        case_holding: bool,
    ) -> Worker {
        Worker {
            id,
            sw_id: format!("SW{id}"),
            name: format!("Worker {id}"),
            team,
            role,
            employment,
            fte_hundredths: fte,
            start,
            end,
            qualified: None,
            case_holding,
        }
    }

    pub fn alloc(id: i64, worker: i64, start: Date, end: Option<Date>) -> Allocation {
        Allocation {
            id,
            worker,
            start,
            end,
            reason: SocialWorkerChangeReason::FirstContact,
        }
    }

    pub fn council(workers: Vec<Worker>, children: Vec<ChildRecord>) -> Council {
        Council {
            la: LaNumber::new(808).unwrap(),
            name: "Test".into(),
            population_0_17: 10_000,
            teams: vec![
                Team {
                    id: 1,
                    name: "Safeguarding 1".into(),
                    service: Service::Safeguarding,
                },
                Team {
                    id: 2,
                    name: "Looked after 1".into(),
                    service: Service::LookedAfter,
                },
            ],
            workers,
            children,
        }
    }

    /// indicators.md §5.17, worked by hand there.
    #[test]
    fn seed_003_workforce_figures() {
        use Employment::*;
        use WorkerRole::*;
        let s = d(2014, 1, 1);
        let mut ws = Vec::new();
        for i in 1..=7 {
            ws.push(worker(i, 1, SocialWorker, Permanent, 100, s, None, true));
        }
        ws.push(worker(8, 1, SocialWorker, Permanent, 50, s, None, true));
        ws.push(worker(9, 1, SocialWorker, Permanent, 50, s, None, true));
        ws.push(worker(10, 1, TeamManager, Permanent, 100, s, None, false));
        for i in 11..=13 {
            ws.push(worker(i, 1, SocialWorker, Agency, 100, s, None, true));
        }
        ws.push(worker(
            14,
            1,
            SocialWorker,
            Permanent,
            100,
            s,
            Some(d(2016, 3, 15)),
            true,
        ));
        ws.push(worker(
            15,
            1,
            SocialWorker,
            Permanent,
            50,
            s,
            Some(d(2016, 9, 1)),
            true,
        ));
        ws.push(worker(
            16,
            1,
            SocialWorker,
            Permanent,
            100,
            s,
            Some(d(2015, 9, 30)),
            true,
        ));
        // 209 children over the 12 in-post case holders (ids 1-9, 11-13),
        // plus one whose allocation ended and one held by a leaver.
        let holders: Vec<i64> = (1..=9).chain(11..=13).collect();
        let mut children = Vec::new();
        for n in 0..209 {
            let mut r = ChildRecord::new(child(&format!("C{n}")));
            r.allocations
                .push(alloc(n, holders[n as usize % 12], d(2016, 1, 1), None));
            children.push(r);
        }
        let mut old = ChildRecord::new(child("OLD"));
        old.allocations
            .push(alloc(999, 1, d(2015, 1, 1), Some(d(2016, 9, 30))));
        children.push(old);
        let c = council(ws, children);
        let posts = vec![Post {
            id: 1,
            team: 1,
            role: SocialWorker,
            fte_hundredths: 1150,
            case_holding: true,
            start: s,
            end: None,
        }];
        let f = census(&c, &posts, Scope::Council, d(2016, 9, 30));
        assert_eq!(f.employed_fte, 900);
        assert_eq!(f.case_holder_fte, 1100);
        assert_eq!(f.cases, 209);
        assert_eq!(f.caseload_per_fte.map(round1), Some(19.0));
        assert_eq!(f.agency_rate.map(round1), Some(25.0));
        assert_eq!(f.vacant_fte, 250);
        assert_eq!(f.vacancy_rate.map(round1), Some(21.7));
        assert_eq!(f.turnover_from, d(2015, 10, 1));
        assert_eq!(f.leavers_fte, 150);
        assert_eq!(f.turnover_rate.map(round1), Some(16.7));
        assert_eq!(f.agency_headcount, 3);
        // The looked-after team has nobody: no rates, not zero.
        let t2 = census(&c, &posts, Scope::Team(2), d(2016, 9, 30));
        assert_eq!(
            (t2.cases, t2.caseload_per_fte, t2.agency_rate),
            (0, None, None)
        );
        let sg = census(
            &c,
            &posts,
            Scope::Service(Service::Safeguarding),
            d(2016, 9, 30),
        );
        assert_eq!(sg.cases, 209);
    }

    #[test]
    fn an_internal_move_is_not_a_leaver() {
        use Employment::*;
        use WorkerRole::*;
        let mut a = worker(
            1,
            1,
            SocialWorker,
            Permanent,
            100,
            d(2015, 1, 1),
            Some(d(2016, 4, 1)),
            true,
        );
        let mut b = worker(
            2,
            2,
            SocialWorker,
            Permanent,
            100,
            d(2016, 4, 1),
            None,
            true,
        );
        a.sw_id = "SWX".into();
        b.sw_id = "SWX".into();
        let c = council(vec![a.clone(), b], vec![]);
        assert!(!is_leaver(&c, &a, d(2015, 10, 1), d(2016, 9, 30)));
        let c2 = council(vec![a.clone()], vec![]);
        assert!(is_leaver(&c2, &a, d(2015, 10, 1), d(2016, 9, 30)));
        let f = census(&c, &[], Scope::Council, d(2016, 9, 30));
        assert_eq!((f.leavers_fte, f.turnover_rate), (0, Some(0.0)));
    }
}
