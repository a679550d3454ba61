//! Caseload and coverage views for a council of 300 workers, timed.
//!
//! Builds a synthetic council (20 teams of 15, 4,500 children each with an
//! allocation history, nine-day fortnights for a third of the workers and a
//! week's leave for a tenth), then times what the caseload and rota pages
//! compute: census figures for the council and every team, every worker's
//! caseload with breaches, the unallocated list, and one month's cover for
//! every team. Prints the median of 21 runs.
//!
//! `cargo run -p sightline-workforce --example workforce_bench [--release]`

use std::time::Instant;

use chrono::Weekday;
use sightline_domain::codes::{Sex, SocialWorkerChangeReason, UpnUnknown};
use sightline_domain::quality::{Leave, Post, WorkingPattern, WorkingPatternRecord};
use sightline_domain::{
    Allocation, Birth, Child, ChildId, ChildRecord, Council, Date, Employment, LaNumber, Service,
    Team, Worker, WorkerRole,
};
use sightline_workforce::Scope;
use sightline_workforce::allocation::unallocated;
use sightline_workforce::caseload::{CaseloadLimits, breaches, caseloads};
use sightline_workforce::census::{census, census_many};
use sightline_workforce::rota::{Rota, coverage};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn council() -> (Council, Vec<Post>, Vec<WorkingPatternRecord>, Vec<Leave>) {
    let teams: Vec<Team> = (1..=20)
        .map(|i| Team {
            id: i,
            name: format!("Team {i}"),
            service: Service::ALL[(i as usize) % Service::ALL.len()],
        })
        .collect();
    let mut workers = Vec::new();
    let mut patterns = Vec::new();
    let mut leave = Vec::new();
    for i in 0..300i64 {
        let role = if i % 15 == 0 {
            WorkerRole::TeamManager
        } else {
            WorkerRole::SocialWorker
        };
        workers.push(Worker {
            id: i + 1,
            sw_id: format!("SW{:06}", i + 1),
            name: format!("Worker {}", i + 1),
            team: i / 15 + 1,
            role,
            employment: if i % 7 == 0 {
                Employment::Agency
            } else {
                Employment::Permanent
            },
            fte_hundredths: if i % 5 == 0 { 60 } else { 100 },
            start: d(2014, 1, 1) + chrono::Duration::days(i * 5),
            end: (i % 11 == 0).then(|| d(2016, 3, 1) + chrono::Duration::days(i)),
            qualified: (i % 9 == 0).then(|| d(2016, 5, 1)),
            case_holding: role != WorkerRole::TeamManager,
        });
        if i % 3 == 0 {
            patterns.push(WorkingPatternRecord {
                id: i,
                worker: i + 1,
                from: d(2015, 1, 5),
                pattern: WorkingPattern::NineDayFortnight {
                    day_off: [Weekday::Mon, Weekday::Wed, Weekday::Fri][(i % 9 / 3) as usize],
                    anchor: d(2015, 1, 5),
                },
            });
        }
        if i % 10 == 0 {
            leave.push(Leave {
                id: i,
                worker: i + 1,
                first_day: d(2016, 9, 5) + chrono::Duration::days(i % 14),
                last_day: d(2016, 9, 9) + chrono::Duration::days(i % 14),
                reason: "annual".into(),
            });
        }
    }
    let mut children = Vec::new();
    for n in 0..4500i64 {
        let mut r = ChildRecord::new(Child {
            id: ChildId::parse(&format!("C{n:06}")).unwrap_or_else(|_| unreachable!()),
            forename: "A".into(),
            surname: "B".into(),
            upn: None,
            former_upn: None,
            upn_unknown: Some(UpnUnknown::Un1),
            birth: Birth::Born(d(2008, 1, 1)),
            sex: Sex::Female,
            ethnicity: sightline_domain::codes::Ethnicity::WhiteBritish,
            disabilities: vec![],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        });
        for k in 0..3i64 {
            let start = d(2015, 1, 1) + chrono::Duration::days(n % 300 + k * 200);
            r.allocations.push(Allocation {
                id: n * 3 + k,
                worker: (n * 7 + k * 13) % 300 + 1,
                start,
                end: (k < 2).then(|| start + chrono::Duration::days(200)),
                reason: SocialWorkerChangeReason::Management,
            });
        }
        children.push(r);
    }
    let posts = (1..=20)
        .map(|t| Post {
            id: t,
            team: t,
            role: WorkerRole::SocialWorker,
            fte_hundredths: 1500,
            case_holding: true,
            start: d(2014, 1, 1),
            end: None,
        })
        .collect();
    let c = Council {
        la: LaNumber::new(806).unwrap_or_else(|_| unreachable!()),
        name: "Bench".into(),
        population_0_17: 33_000,
        teams,
        workers,
        children,
    };
    (c, posts, patterns, leave)
}

fn main() {
    let (c, posts, patterns, leave) = council();
    let on = d(2016, 9, 30);
    let limits = CaseloadLimits::default();
    let team_ids: Vec<i64> = c.teams.iter().map(|t| t.id).collect();
    let mut times = Vec::new();
    let mut check = 0usize;
    for _ in 0..21 {
        let t0 = Instant::now();
        let f = census(&c, &posts, Scope::Council, on);
        let scopes: Vec<Scope> = team_ids.iter().map(|&t| Scope::Team(t)).collect();
        let per_team = census_many(&c, &posts, &scopes, on);
        let loads = caseloads(&c, &limits, Scope::Council, on);
        let over = breaches(&loads).len();
        let un = unallocated(&c, on).len();
        let rota = Rota::new(&patterns, &leave);
        let cov = coverage(&c, &rota, &team_ids, d(2016, 9, 1), on, 10);
        let below = cov.iter().filter(|x| x.below_minimum).count();
        times.push(t0.elapsed());
        check = f.cases as usize + per_team.len() + loads.len() + over + un + cov.len() + below;
        if times.len() == 1 {
            println!(
                "council: {} workers, {} children; {} cases, caseload per FTE {:.1}, {} caseloads ({} over limit), {} unallocated, {} team-days of cover ({} below minimum)",
                c.workers.len(),
                c.children.len(),
                f.cases,
                f.caseload_per_fte.unwrap_or(0.0),
                loads.len(),
                over,
                un,
                cov.len(),
                below
            );
        }
    }
    times.sort();
    println!(
        "caseload + census (council and 20 teams) + unallocated + one month's cover for 20 teams: median {:.2} ms, max {:.2} ms over 21 runs (check {check})",
        times[10].as_secs_f64() * 1000.0,
        times[20].as_secs_f64() * 1000.0
    );
}
