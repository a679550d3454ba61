//! The synthetic workforce: teams, posts and the people who fill them over
//! the years.
//!
//! Why: caseloads, agency rates, turnover and "who holds the case" all need a
//! staff list with history. Each funded post is filled by a succession of
//! workers (permanent or agency, some newly qualified), with short vacancies
//! between them, so joiners and leavers fall out of the model rather than
//! being painted on.
//!
//! What it does not do: decide who holds which child. A child's journey picks
//! a worker in post from the right service ([`Workforce::pick`]); the roster
//! never changes because of a child, which keeps generation parallel.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use sightline_domain::calendar::Date;
use sightline_domain::{Employment, RecordId, Service, Team, Worker, WorkerRole};

use crate::places::{FORENAMES_F, FORENAMES_M, SURNAMES, pick};
use crate::{days, stream_seed};

/// Teams and workers, indexed by service for fast "who is in post" look-ups.
pub(crate) struct Workforce {
    pub teams: Vec<Team>,
    pub workers: Vec<Worker>,
    /// Case-holding worker indexes per service, in `Service::ALL` order.
    by_service: Vec<Vec<usize>>,
    /// The establishment: one full-time slot per post the workers fill, in
    /// team order, with the ids of the workers who filled it in turn.
    pub posts: Vec<Slot>,
}

/// One post on a team's establishment and its occupants over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub team: RecordId,
    pub role: WorkerRole,
    pub case_holding: bool,
    /// Worker ids of the occupants, first to last.
    pub occupants: std::ops::RangeInclusive<RecordId>,
}

struct PostSpec {
    role: WorkerRole,
    case_holding: bool,
    agency_share: f64,
}

fn service_index(s: Service) -> usize {
    Service::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Workforce {
    /// Build the teams for a council of `scale` times Middlesbrough's size and
    /// fill their posts from `from` to `to`.
    pub(crate) fn build(seed: u64, scale: f64, from: Date, to: Date) -> Self {
        let mut rng = SmallRng::seed_from_u64(stream_seed(seed, 0x57AF, 0));
        let n = |base: f64| ((base * scale).round() as usize).max(1);
        let mut team_specs: Vec<(String, Service, Vec<PostSpec>)> = Vec::new();
        let sw = |k: usize| -> Vec<PostSpec> {
            (0..k)
                .map(|_| PostSpec {
                    role: WorkerRole::SocialWorker,
                    case_holding: true,
                    agency_share: 0.58,
                })
                .collect()
        };
        let manager = || PostSpec {
            role: WorkerRole::TeamManager,
            case_holding: false,
            agency_share: 0.08,
        };
        let senior = || PostSpec {
            role: WorkerRole::SeniorPractitioner,
            case_holding: true,
            agency_share: 0.2,
        };
        let head = || PostSpec {
            role: WorkerRole::HeadOfService,
            case_holding: false,
            agency_share: 0.0,
        };

        for i in 0..n(1.0) {
            let mut posts = vec![manager(), head()];
            posts.extend((0..6).map(|_| PostSpec {
                role: WorkerRole::SocialWorker,
                case_holding: false,
                agency_share: 0.3,
            }));
            posts.extend((0..3).map(|_| PostSpec {
                role: WorkerRole::FamilySupportWorker,
                case_holding: false,
                agency_share: 0.0,
            }));
            team_specs.push((
                numbered("Front Door (MASH)", i, n(1.0)),
                Service::FrontDoor,
                posts,
            ));
        }
        for i in 0..n(8.0) {
            let mut posts = vec![manager(), senior()];
            posts.extend(sw(6));
            if i == 0 {
                posts.push(head());
            }
            team_specs.push((
                format!("Assessment and Care Planning Team {}", i + 1),
                Service::AssessmentAndCarePlanning,
                posts,
            ));
        }
        for i in 0..n(2.0) {
            let mut posts = vec![manager(), senior()];
            posts.extend(sw(9));
            if i == 0 {
                posts.push(head());
            }
            team_specs.push((
                format!("Safeguarding and Care Planning Team {}", i + 1),
                Service::Safeguarding,
                posts,
            ));
        }
        for i in 0..n(3.0) {
            let mut posts = vec![manager(), senior()];
            posts.extend(sw(9));
            if i == 0 {
                posts.push(head());
            }
            team_specs.push((
                format!("Children Looked After Team {}", i + 1),
                Service::LookedAfter,
                posts,
            ));
        }
        for i in 0..n(1.0) {
            let mut posts = vec![manager()];
            posts.extend((0..9).map(|_| PostSpec {
                role: WorkerRole::PersonalAdviser,
                case_holding: true,
                agency_share: 0.05,
            }));
            team_specs.push((
                numbered("Pathways (Leaving Care)", i, n(1.0)),
                Service::LeavingCare,
                posts,
            ));
        }
        for i in 0..n(1.0) {
            let mut posts = vec![manager(), head()];
            posts.extend(sw(7));
            team_specs.push((
                numbered("Children with Disabilities", i, n(1.0)),
                Service::Disability,
                posts,
            ));
        }
        for i in 0..n(1.0) {
            let mut posts = vec![manager()];
            posts.extend((0..6).map(|_| PostSpec {
                role: WorkerRole::SocialWorker,
                case_holding: false,
                agency_share: 0.1,
            }));
            team_specs.push((
                numbered("Fostering and Adoption", i, n(1.0)),
                Service::FosteringAndAdoption,
                posts,
            ));
        }

        let mut teams = Vec::new();
        let mut workers: Vec<Worker> = Vec::new();
        let mut establishment = Vec::new();
        for (ti, (name, service, posts)) in team_specs.into_iter().enumerate() {
            let team_id = ti as RecordId + 1;
            teams.push(Team {
                id: team_id,
                name,
                service,
            });
            for post in posts {
                let first = workers.len() as RecordId + 1;
                fill_post(&mut rng, &mut workers, team_id, &post, from, to);
                establishment.push(Slot {
                    team: team_id,
                    role: post.role,
                    case_holding: post.case_holding,
                    occupants: first..=workers.len() as RecordId,
                });
            }
        }
        let mut by_service = vec![Vec::new(); Service::ALL.len()];
        for (i, w) in workers.iter().enumerate() {
            if w.case_holding
                && let Some(t) = teams.iter().find(|t| t.id == w.team)
            {
                by_service[service_index(t.service)].push(i);
            }
        }
        Self {
            teams,
            workers,
            by_service,
            posts: establishment,
        }
    }

    /// The worker with record id `id` (ids are positions plus one).
    pub(crate) fn worker(&self, id: RecordId) -> Option<&Worker> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| self.workers.get(i))
    }

    /// A case-holding worker of `service` in post on `on`, drawn with `rng`;
    /// falls back to any case-holding worker in post, then to anyone.
    pub(crate) fn pick(&self, rng: &mut SmallRng, service: Service, on: Date) -> &Worker {
        let pool = &self.by_service[service_index(service)];
        // Rejection sampling is fast: most of a post's occupants are not in post on a given day,
        // but a handful of tries nearly always finds one.
        for _ in 0..256 {
            let w = &self.workers[pool[rng.gen_range(0..pool.len())]];
            if w.is_in_post_on(on) {
                return w;
            }
        }
        let in_post: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&i| self.workers[i].is_in_post_on(on))
            .collect();
        if !in_post.is_empty() {
            return &self.workers[in_post[rng.gen_range(0..in_post.len())]];
        }
        let any: Vec<usize> = self
            .by_service
            .iter()
            .flatten()
            .copied()
            .filter(|&i| self.workers[i].is_in_post_on(on))
            .collect();
        if !any.is_empty() {
            return &self.workers[any[rng.gen_range(0..any.len())]];
        }
        &self.workers[pool[0]]
    }
}

fn numbered(name: &str, i: usize, n: usize) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!("{name} {}", i + 1)
    }
}

fn fill_post(
    rng: &mut SmallRng,
    workers: &mut Vec<Worker>,
    team: RecordId,
    post: &PostSpec,
    from: Date,
    to: Date,
) {
    // The first occupant started some time before the history begins.
    let mut start = days(from, -rng.gen_range(0..(6 * 365)));
    let mut first = true;
    loop {
        let agency = rng.gen_bool(post.agency_share);
        let mean_days = if agency { 300.0 } else { 1500.0 };
        let tenure = (-mean_days * (1.0 - rng.r#gen::<f64>()).ln()).max(30.0) as i64;
        let end = days(start, tenure);
        let nqsw = post.role == WorkerRole::SocialWorker && !agency && !first && rng.gen_bool(0.3);
        let qualified = match post.role {
            WorkerRole::FamilySupportWorker | WorkerRole::PersonalAdviser => None,
            WorkerRole::SocialWorker if nqsw => Some(days(start, -rng.gen_range(10..90))),
            WorkerRole::SocialWorker => Some(days(start, -rng.gen_range(400..7000))),
            _ => Some(days(start, -rng.gen_range(2500..9000))),
        };
        let female = rng.gen_bool(0.82);
        let forename = if female {
            pick(rng, FORENAMES_F)
        } else {
            pick(rng, FORENAMES_M)
        };
        let id = workers.len() as RecordId + 1;
        workers.push(Worker {
            id,
            sw_id: format!("SW{:06}", 100_000 + id),
            name: format!("{forename} {}", pick(rng, SURNAMES)),
            team,
            role: post.role,
            employment: if agency {
                Employment::Agency
            } else {
                Employment::Permanent
            },
            fte_hundredths: if !agency && rng.gen_bool(0.15) {
                [60, 80, 90][rng.gen_range(0..3)]
            } else {
                100
            },
            start,
            end: (end <= to).then_some(end),
            qualified,
            case_holding: post.case_holding,
        });
        if end > to {
            break;
        }
        start = days(end, rng.gen_range(5..60));
        first = false;
        if start > to {
            break;
        }
    }
}
