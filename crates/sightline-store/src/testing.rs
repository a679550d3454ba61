//! Test helpers: fresh stores on each backend, for this crate's tests and
//! (behind the `testing` cargo feature) for other crates' tests.
//!
//! Why: every test should run against both SQLite and PostgreSQL without
//! tests trampling on each other. A SQLite store is a fresh in-memory
//! database; a PostgreSQL store lives in its own randomly named schema
//! (selected through the connection's `search_path`), dropped when the
//! [`TestStore`] is dropped, so tests run in parallel on one server.
//!
//! PostgreSQL is found through the `SIGHTLINE_TEST_PG` environment variable
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`). When it is unset or the
//! server cannot be reached, a PostgreSQL test prints why on stderr and is
//! skipped, except under `CI=true`, where it fails: CI must prove the
//! PostgreSQL backend works.
//!
//! ```ignore
//! // In another crate: [dev-dependencies] sightline-store = { workspace = true, features = ["testing"] }
//! sightline_store::testing::each_backend(|name, store| {
//!     store.replace_council(&council, &|_, _| {}).unwrap();
//!     assert_eq!(store.councils().unwrap().len(), 1, "{name}");
//! });
//! ```

use std::sync::atomic::{AtomicU64, Ordering};

use sightline_domain::codes::*;
use sightline_domain::journey::*;
use sightline_domain::{ChildId, Date, LaNumber, Upn};

use crate::Store;

/// The environment variable naming the PostgreSQL server for tests.
pub const PG_ENV: &str = "SIGHTLINE_TEST_PG";

/// A store for one test; a PostgreSQL store's schema is dropped with it.
pub struct TestStore {
    store: Option<Box<dyn Store>>,
    schema: Option<PgSchema>,
}

impl std::ops::Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        match &self.store {
            Some(s) => s.as_ref(),
            None => unreachable!("the store is only taken when dropped"),
        }
    }
}

impl TestStore {
    /// The isolated PostgreSQL schema, for tests that reopen the store.
    pub fn pg_schema(&self) -> Option<&PgSchema> {
        self.schema.as_ref()
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        // Close the store's connections before dropping its schema.
        self.store.take();
        self.schema.take();
    }
}

/// A uniquely named PostgreSQL schema, dropped (with everything in it) on drop.
pub struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    /// Create a fresh schema on the server at `base_url`.
    pub fn create(base_url: &str) -> Result<Self, String> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "sl_test_{}_{}_{}",
            std::process::id(),
            nanos,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = admin(base_url)?;
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .map_err(|e| format!("cannot create test schema {name}: {e}"))?;
        Ok(Self {
            base: base_url.to_string(),
            name,
        })
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A store URL whose connections use only this schema.
    pub fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.name)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = admin(&self.base) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn admin(url: &str) -> Result<postgres::Client, String> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e| format!("{PG_ENV}={url:?} is not a PostgreSQL URL: {e}"))?;
    config.connect_timeout(std::time::Duration::from_secs(3));
    config
        .connect(postgres::NoTls)
        .map_err(|e| format!("cannot reach PostgreSQL at {url}: {e}"))
}

/// Whether tests run under CI (`CI=true`), where skipping PostgreSQL is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// A fresh, empty SQLite store (in memory).
pub fn sqlite() -> TestStore {
    match crate::open("sqlite::memory:") {
        Ok(s) => TestStore {
            store: Some(s),
            schema: None,
        },
        Err(e) => panic!("cannot open an in-memory SQLite store: {e}"),
    }
}

/// A fresh PostgreSQL schema on the test server, or `None` (with the reason
/// on stderr) when `SIGHTLINE_TEST_PG` is unset or unreachable. Under
/// `CI=true` that is a failure instead (panics).
pub fn pg_schema() -> Option<PgSchema> {
    let why = match std::env::var(PG_ENV) {
        Err(_) => format!("{PG_ENV} is not set"),
        Ok(url) => match PgSchema::create(&url) {
            Ok(s) => return Some(s),
            Err(e) => e,
        },
    };
    if in_ci() {
        panic!("PostgreSQL tests must run under CI=true, but {why}");
    }
    eprintln!("skipping the PostgreSQL test: {why}");
    None
}

/// A fresh PostgreSQL store in its own schema; see [`pg_schema`] for when
/// it is `None`.
pub fn postgres() -> Option<TestStore> {
    let schema = pg_schema()?;
    match crate::open(&schema.url()) {
        Ok(s) => Some(TestStore {
            store: Some(s),
            schema: Some(schema),
        }),
        Err(e) => panic!("cannot open the PostgreSQL test store: {e}"),
    }
}

/// Run `f` on a fresh SQLite store, then on a fresh PostgreSQL store when
/// one is available (see [`postgres`]). `f` gets the backend's name
/// (`"sqlite"` or `"postgres"`) for assertion messages.
pub fn each_backend(f: impl Fn(&str, &dyn Store)) {
    let s = sqlite();
    f("sqlite", &*s);
    drop(s);
    if let Some(p) = postgres() {
        f("postgres", &*p);
    }
}

fn d(y: i32, m: u32, day: u32) -> Date {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// A hand-built child record with every list non-empty and every optional
/// field filled (about 40 rows), its record ids offset by `n * 100` so that
/// copies with different `n` stay distinct. For round-trip tests and
/// load benchmarks.
pub fn full_child(id: &ChildId, n: i64) -> ChildRecord {
    let b = n * 100;
    let child = Child {
        id: id.clone(),
        forename: "Amy\tTab".into(),
        surname: "O'Brien \\ Back\nslash".into(),
        upn: Upn::parse("A806000000001")
            .ok()
            .or_else(|| upn_with_check("806000000001")),
        former_upn: upn_with_check("806000000002"),
        upn_unknown: Some(UpnUnknown::Un1),
        birth: Birth::Born(d(2010, 2, 28)),
        sex: Sex::Female,
        ethnicity: Ethnicity::WhiteBritish,
        disabilities: vec![Disability::Behaviour, Disability::Hearing],
        death_date: Some(d(2030, 1, 1)),
        uasc: Some(Uasc {
            ceased: Some(d(2027, 2, 28)),
        }),
        mother_of_child_born: Some(d(2026, 7, 1)),
        family: Some(42 + n),
        restricted: true,
    };
    let mut r = ChildRecord::new(child);
    r.version = 3;
    r.contacts = vec![
        Contact {
            id: b + 1,
            date: d(2019, 5, 1),
            source: ReferralSource::Police,
            via_mash: true,
            outcome: ContactOutcome::Referral,
        },
        Contact {
            id: b + 2,
            date: d(2018, 1, 3),
            source: ReferralSource::Schools,
            via_mash: false,
            outcome: ContactOutcome::EarlyHelp,
        },
    ];
    r.referrals = vec![Referral {
        id: b + 1,
        date: d(2019, 5, 2),
        source: ReferralSource::Police,
        primary_need: Some(PrimaryNeed::AbuseOrNeglect),
        closure: Some(CinClosure {
            date: d(2024, 3, 1),
            reason: ReasonForClosure::ALL[0],
        }),
        nfa: false,
    }];
    r.assessments = vec![SingleAssessment {
        id: b + 1,
        referral: b + 1,
        start: d(2019, 5, 3),
        authorised: Some(d(2019, 6, 20)),
        factors: vec![
            AssessmentFactor::ALL[3],
            AssessmentFactor::ALL[0],
            AssessmentFactor::ALL[7],
        ],
    }];
    r.strategy_discussions = vec![StrategyDiscussion {
        id: b + 1,
        referral: b + 1,
        date: d(2019, 5, 4),
        section47_started: true,
    }];
    r.section47s = vec![Section47Enquiry {
        id: b + 1,
        referral: b + 1,
        start: d(2019, 5, 4),
        icpc_target: Some(d(2019, 5, 25)),
        icpc_not_required: false,
    }];
    r.conferences = vec![
        ChildProtectionConference {
            id: b + 1,
            referral: b + 1,
            kind: ConferenceKind::Initial,
            date: d(2019, 5, 20),
            section47: Some(b + 1),
            cp_plan: Some(b + 1),
            plan_outcome: true,
        },
        ChildProtectionConference {
            id: b + 2,
            referral: b + 1,
            kind: ConferenceKind::Review,
            date: d(2019, 8, 20),
            section47: Some(b + 1),
            cp_plan: Some(b + 1),
            plan_outcome: false,
        },
    ];
    r.cp_plans = vec![CpPlan {
        id: b + 1,
        referral: b + 1,
        start: d(2019, 5, 20),
        end: Some(d(2019, 8, 20)),
        initial_category: CategoryOfAbuse::Neglect,
        latest_category: CategoryOfAbuse::ALL[1],
        previous_plans: 2,
    }];
    r.cin_plans = vec![CinPlan {
        id: b + 1,
        referral: b + 1,
        start: d(2019, 8, 20),
        end: Some(d(2020, 1, 1)),
    }];
    r.episodes = vec![
        LookedAfterEpisode {
            id: b + 1,
            start: d(2020, 1, 1),
            reason_new: ReasonNewEpisode::Started,
            legal_status: LegalStatus::FullCareOrder,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            end: Some(EpisodeEnd {
                date: d(2021, 1, 1),
                reason: ReasonEpisodeCeased::Continues,
            }),
            reason_place_change: Some(ReasonPlaceChange::ALL[0]),
            home_postcode: Some("TS1 2".into()),
            placement_postcode: Some("TS5 6".into()),
            urn: Some("SC123456".into()),
        },
        LookedAfterEpisode {
            id: b + 2,
            start: d(2021, 1, 1),
            reason_new: ReasonNewEpisode::PlacementChange,
            legal_status: LegalStatus::FullCareOrder,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::ALL[2],
            provider: Some(PlacementProvider::ALL[1]),
            end: Some(EpisodeEnd {
                date: d(2023, 1, 1),
                reason: ReasonEpisodeCeased::ReturnedHomePlanned,
            }),
            reason_place_change: Some(ReasonPlaceChange::ALL[1]),
            home_postcode: Some("TS1 2".into()),
            placement_postcode: Some("DL1 1".into()),
            urn: Some("SC654321".into()),
        },
    ];
    r.cla_reviews = (1..=3)
        .map(|i| ClaReview {
            id: b + i,
            date: d(2020, 2 + i as u32, 10),
            participation: ReviewParticipation::ALL[i as usize % ReviewParticipation::ALL.len()],
        })
        .collect();
    r.visits = (1..=6)
        .map(|i| StatutoryVisit {
            id: b + i,
            date: d(2020, i as u32, 15),
            child_seen: i % 2 == 0,
        })
        .collect();
    r.health_checks = vec![
        HealthCheck {
            id: b + 1,
            date: d(2020, 3, 1),
            kind: HealthCheckKind::Sdq,
            sdq_score: Some(17),
        },
        HealthCheck {
            id: b + 2,
            date: d(2020, 2, 1),
            kind: HealthCheckKind::Dental,
            sdq_score: Some(0),
        },
    ];
    r.offences = vec![OffenceOutcome {
        id: b + 1,
        date: d(2021, 6, 1),
    }];
    r.annual_outcomes = vec![AnnualOutcomes {
        year: 2021,
        sdq_score: Some(12),
        sdq_reason: Some(SdqReason::ALL[0]),
        convicted: Some(true),
        health_check: Some(true),
        immunisations: Some(false),
        teeth_check: Some(true),
        health_assessment: Some(true),
        substance_misuse: Some(false),
        intervention_received: Some(true),
        intervention_offered: Some(false),
    }];
    r.missing = vec![MissingEpisode {
        id: b + 1,
        kind: MissingKind::ALL[0],
        start: d(2020, 7, 1),
        end: Some(d(2020, 7, 3)),
    }];
    r.adoption_decisions = vec![AdoptionDecision {
        id: b + 1,
        decision_date: d(2021, 3, 1),
        ceased: Some((d(2021, 9, 1), ReasonPlacedCeased::ALL[0])),
    }];
    r.adoption = Some(Adoption {
        decision_date: d(2021, 3, 1),
        matched_date: d(2021, 6, 1),
        by_foster_carers: true,
        number_of_adopters: 2,
        sex_of_adopters: SexOfAdopters::ALL[0],
        legal_status_of_adopters: LegalStatusOfAdopters::ALL[0],
    });
    r.previous_permanence = Some(PreviousPermanenceRecord {
        option: PreviousPermanence::ALL[0],
        la: Some("806".into()),
        date: Some("ZZ/ZZ/2015".into()),
    });
    r.care_leaver_statuses = vec![CareLeaverStatus {
        id: b + 1,
        year: 2028,
        in_touch: InTouch::ALL[0],
        activity: CareLeaverActivity::ALL[0],
        accommodation: CareLeaverAccommodation::ALL[0],
    }];
    r.leaving_care = vec![LeavingCareService {
        id: b + 1,
        start: d(2026, 2, 28),
        end: Some(d(2029, 1, 1)),
    }];
    r.family_group_conferences = vec![FamilyGroupConference {
        id: b + 1,
        date: d(2019, 6, 1),
        plan_agreed: true,
    }];
    r.safety_plans = vec![SafetyPlan {
        id: b + 1,
        start: d(2020, 7, 4),
        end: Some(d(2020, 12, 1)),
        concern: "Exploitation risk; \"county lines\"".into(),
    }];
    r.allocations = vec![
        Allocation {
            id: b + 1,
            worker: 1,
            start: d(2019, 5, 2),
            end: Some(d(2020, 1, 1)),
            reason: SocialWorkerChangeReason::ALL[0],
        },
        Allocation {
            id: b + 2,
            worker: 2,
            start: d(2020, 1, 1),
            end: Some(d(2023, 1, 1)),
            reason: SocialWorkerChangeReason::ALL[1],
        },
    ];
    r
}

fn upn_with_check(rest: &str) -> Option<Upn> {
    let letter = Upn::check_letter(rest)?;
    Upn::parse(&format!("{letter}{rest}")).ok()
}

/// A minimal unborn child: every optional field empty, every list empty.
pub fn unborn_child(id: &ChildId) -> ChildRecord {
    ChildRecord::new(Child {
        id: id.clone(),
        forename: "Baby".into(),
        surname: "Unborn".into(),
        upn: None,
        former_upn: None,
        upn_unknown: None,
        birth: Birth::Unborn(d(2026, 6, 1)),
        sex: Sex::Unknown,
        ethnicity: Ethnicity::ALL[Ethnicity::ALL.len() - 1],
        disabilities: vec![],
        death_date: None,
        uasc: None,
        mother_of_child_born: None,
        family: None,
        restricted: false,
    })
}

/// A council with two teams, two workers and `children` copies of
/// [`full_child`] (ids `C1`, `C2`, ...) plus, when `with_unborn`, one
/// unborn child `U1`; children and lists in the order the store returns.
pub fn sample_council(la: LaNumber, children: usize, with_unborn: bool) -> Council {
    let mut kids: Vec<ChildRecord> = (1..=children)
        .filter_map(|i| {
            ChildId::parse(&format!("C{i}"))
                .ok()
                .map(|id| full_child(&id, i as i64))
        })
        .collect();
    if with_unborn && let Ok(id) = ChildId::parse("U1") {
        kids.push(unborn_child(&id));
    }
    for k in &mut kids {
        k.sort();
    }
    kids.sort_by(|a, b| a.child.id.cmp(&b.child.id));
    Council {
        la,
        name: format!("Test council {la}"),
        population_0_17: 34_000,
        teams: vec![
            Team {
                id: 1,
                name: "Front door".into(),
                service: Service::FrontDoor,
            },
            Team {
                id: 2,
                name: "Children looked after".into(),
                service: Service::LookedAfter,
            },
        ],
        workers: vec![
            Worker {
                id: 1,
                sw_id: "SW0001".into(),
                name: "Sam Worker".into(),
                team: 1,
                role: WorkerRole::SocialWorker,
                employment: Employment::Permanent,
                fte_hundredths: 100,
                start: d(2015, 9, 1),
                end: Some(d(2024, 8, 31)),
                qualified: Some(d(1998, 7, 1)), // before 2000: negative PostgreSQL day count
                case_holding: true,
            },
            Worker {
                id: 2,
                sw_id: "SW0002".into(),
                name: "Alex Agency".into(),
                team: 2,
                role: WorkerRole::TeamManager,
                employment: Employment::Agency,
                fte_hundredths: 80,
                start: d(2018, 1, 1),
                end: None,
                qualified: None,
                case_holding: false,
            },
        ],
        children: kids,
    }
}
