//! A small hand-built council for the report tests. Dates are dd/mm/yyyy.
//!
//! At 30/09/2016 (2016-Q2): 8 children on CP plans (6 at 30/06/2016), 3
//! looked after (3 at 30/06), 12 children in need; team 1 holds 3 children
//! and team 2 holds 9, so the public team table must suppress 3 and, to
//! protect it, 9 as well, leaving the total 12.
#![allow(dead_code)]

use sightline_domain::codes::*;
use sightline_domain::*;

pub fn d(s: &str) -> Date {
    sightline_domain::calendar::parse_uk_date(s).unwrap_or_else(|| panic!("bad test date {s}"))
}

pub fn child(id: &str, dob: &str, sex: Sex) -> ChildRecord {
    ChildRecord::new(Child {
        id: ChildId::parse(id).unwrap(),
        forename: "Test".into(),
        surname: id.into(),
        upn: None,
        former_upn: None,
        upn_unknown: Some(UpnUnknown::Un1),
        birth: Birth::Born(d(dob)),
        sex,
        ethnicity: Ethnicity::WhiteBritish,
        disabilities: vec![Disability::None],
        death_date: None,
        uasc: None,
        mother_of_child_born: None,
        family: None,
        restricted: false,
    })
}

pub fn referral(id: i64, date: &str, source: ReferralSource) -> Referral {
    Referral {
        id,
        date: d(date),
        source,
        primary_need: Some(PrimaryNeed::AbuseOrNeglect),
        closure: None,
        nfa: false,
    }
}

fn plan(id: i64, referral: i64, start: &str, end: Option<&str>) -> CpPlan {
    CpPlan {
        id,
        referral,
        start: d(start),
        end: end.map(d),
        initial_category: CategoryOfAbuse::Neglect,
        latest_category: CategoryOfAbuse::Emotional,
        previous_plans: 0,
    }
}

fn episode(id: i64, start: &str) -> LookedAfterEpisode {
    LookedAfterEpisode {
        id,
        start: d(start),
        reason_new: ReasonNewEpisode::Started,
        legal_status: LegalStatus::FullCareOrder,
        category_of_need: CategoryOfNeed::AbuseOrNeglect,
        placement: PlacementType::FosterLongTerm,
        provider: Some(PlacementProvider::OwnLa),
        end: None,
        reason_place_change: None,
        home_postcode: None,
        placement_postcode: Some("TS18 1AA".into()),
        urn: None,
    }
}

fn allocation(id: i64, worker: i64, start: &str) -> Allocation {
    Allocation {
        id,
        worker,
        start: d(start),
        end: None,
        reason: SocialWorkerChangeReason::ALL[0],
    }
}

fn worker(id: i64, name: &str, team: i64, employment: Employment) -> Worker {
    Worker {
        id,
        sw_id: format!("SW{id}"),
        name: name.into(),
        team,
        role: WorkerRole::SocialWorker,
        employment,
        fte_hundredths: 100,
        start: d("01/01/2015"),
        end: None,
        qualified: Some(d("01/07/2010")),
        case_holding: true,
    }
}

/// The fixture council (Stockton-on-Tees, LA 808).
pub fn council() -> Council {
    let mut children = vec![];
    for i in 1..=12i64 {
        let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
        let mut c = child(&format!("C{i:02}"), "15/03/2008", sex);
        let rid = i * 10;
        if i <= 10 {
            c.referrals
                .push(referral(rid, "02/05/2016", ReferralSource::Schools));
            c.assessments.push(SingleAssessment {
                id: rid + 1,
                referral: rid,
                start: d("03/05/2016"),
                authorised: Some(d(if i <= 8 { "01/06/2016" } else { "01/09/2016" })),
                factors: vec![],
            });
        } else {
            c.referrals
                .push(referral(rid, "04/01/2016", ReferralSource::Police));
        }
        if i <= 6 {
            c.section47s.push(Section47Enquiry {
                id: rid + 2,
                referral: rid,
                start: d("06/06/2016"),
                icpc_target: None,
                icpc_not_required: false,
            });
            c.conferences.push(ChildProtectionConference {
                id: rid + 3,
                referral: rid,
                kind: ConferenceKind::Initial,
                date: d("10/06/2016"),
                section47: Some(rid + 2),
                cp_plan: Some(rid + 4),
                plan_outcome: true,
            });
            c.cp_plans.push(plan(rid + 4, rid, "10/06/2016", None));
        } else if i <= 8 {
            c.cp_plans.push(plan(rid + 4, rid, "01/08/2016", None));
        }
        if (9..=11).contains(&i) {
            c.episodes.push(episode(rid + 5, "01/01/2016"));
        }
        if i == 1 {
            c.contacts.push(Contact {
                id: 1,
                date: d("01/09/2016"),
                source: ReferralSource::Police,
                via_mash: true,
                outcome: ContactOutcome::Referral,
            });
        }
        let w = if i <= 3 { 1 } else { 2 };
        c.allocations.push(allocation(rid + 6, w, "02/05/2015"));
        children.push(c);
    }
    Council {
        la: sightline_domain::la::find_la("808").unwrap().number,
        name: "Stockton-on-Tees".into(),
        population_0_17: 40_000,
        teams: vec![
            Team {
                id: 1,
                name: "Assessment Team".into(),
                service: Service::AssessmentAndCarePlanning,
            },
            Team {
                id: 2,
                name: "Fieldwork Team".into(),
                service: Service::Safeguarding,
            },
        ],
        workers: vec![
            worker(1, "Alex Worker", 1, Employment::Permanent),
            worker(2, "Sam Agency", 2, Employment::Agency),
        ],
        children,
    }
}

pub fn stockton_targets() -> sightline_indicators::Targets {
    sightline_indicators::Targets::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/targets/stockton-2016-17.toml"
    )))
    .unwrap()
}
