//! Hand-built fixtures for the golden tests: small councils whose answers
//! are worked by hand in `indicators.md` §5. Dates are written dd/mm/yyyy as
//! in the reference tables so a reader can check them against it.
#![allow(dead_code)]

use sightline_domain::codes::*;
use sightline_domain::*;

pub mod examples;

pub fn d(s: &str) -> Date {
    sightline_domain::calendar::parse_uk_date(s).unwrap_or_else(|| panic!("bad test date {s}"))
}

fn code<T: CodeList>(s: &str) -> T {
    T::parse(s).unwrap_or_else(|_| panic!("bad test code {s}"))
}

pub fn council(children: Vec<ChildRecord>) -> Council {
    Council {
        la: sightline_domain::la::find_la("808").unwrap().number,
        name: "Stockton-on-Tees".into(),
        population_0_17: 0,
        teams: vec![],
        workers: vec![],
        children,
    }
}

pub fn child(id: &str, dob: &str) -> ChildRecord {
    let birth = if dob.is_empty() {
        Birth::Born(d("01/01/2008"))
    } else {
        Birth::Born(d(dob))
    };
    ChildRecord::new(Child {
        id: ChildId::parse(id).unwrap(),
        forename: "Test".into(),
        surname: id.into(),
        upn: None,
        former_upn: None,
        upn_unknown: Some(UpnUnknown::Un1),
        birth,
        sex: Sex::Female,
        ethnicity: Ethnicity::WhiteBritish,
        disabilities: vec![Disability::None],
        death_date: None,
        uasc: None,
        mother_of_child_born: None,
        family: None,
        restricted: false,
    })
}

pub fn unborn(id: &str, expected: &str) -> ChildRecord {
    let mut c = child(id, "");
    c.child.birth = Birth::Unborn(d(expected));
    c
}

/// An episode: `end` "" when open; `rec` the REC code when it ended.
pub fn ep(
    id: i64,
    start: &str,
    end: &str,
    rec: &str,
    rne: &str,
    ls: &str,
    place: &str,
) -> LookedAfterEpisode {
    LookedAfterEpisode {
        id,
        start: d(start),
        reason_new: code(rne),
        legal_status: code(ls),
        category_of_need: CategoryOfNeed::AbuseOrNeglect,
        placement: code(place),
        provider: Some(PlacementProvider::OwnLa),
        end: (!end.is_empty()).then(|| EpisodeEnd {
            date: d(end),
            reason: code(rec),
        }),
        reason_place_change: None,
        home_postcode: None,
        placement_postcode: Some("TS1 1".into()),
        urn: Some("SC123456".into()),
    }
}

pub fn referral(id: i64, date: &str, closed: &str, nfa: bool) -> Referral {
    Referral {
        id,
        date: d(date),
        source: ReferralSource::Family,
        primary_need: Some(PrimaryNeed::AbuseOrNeglect),
        closure: (!closed.is_empty()).then(|| CinClosure {
            date: d(closed),
            reason: ReasonForClosure::ClosedAfterAssessmentNfa,
        }),
        nfa,
    }
}

pub fn assessment(id: i64, referral: i64, start: &str, authorised: &str) -> SingleAssessment {
    SingleAssessment {
        id,
        referral,
        start: d(start),
        authorised: (!authorised.is_empty()).then(|| d(authorised)),
        factors: vec![],
    }
}

pub fn plan(id: i64, start: &str, end: &str) -> CpPlan {
    CpPlan {
        id,
        referral: 1,
        start: d(start),
        end: (!end.is_empty()).then(|| d(end)),
        initial_category: CategoryOfAbuse::Neglect,
        latest_category: CategoryOfAbuse::Neglect,
        previous_plans: 0,
    }
}

pub fn s47(id: i64, referral: i64, start: &str) -> Section47Enquiry {
    Section47Enquiry {
        id,
        referral,
        start: d(start),
        icpc_target: None,
        icpc_not_required: false,
    }
}

pub fn conference(
    id: i64,
    kind: ConferenceKind,
    date: &str,
    s47: Option<i64>,
    plan: Option<i64>,
) -> ChildProtectionConference {
    ChildProtectionConference {
        id,
        referral: 1,
        kind,
        date: d(date),
        section47: s47,
        cp_plan: plan,
        plan_outcome: true,
    }
}

pub fn cla_review(id: i64, date: &str) -> ClaReview {
    ClaReview {
        id,
        date: d(date),
        participation: ReviewParticipation::AttendsSpeaks,
    }
}

pub fn adoption(decision: &str, matched: &str, by_foster_carers: bool) -> Adoption {
    Adoption {
        decision_date: d(decision),
        matched_date: d(matched),
        by_foster_carers,
        number_of_adopters: 2,
        sex_of_adopters: SexOfAdopters::MaleFemaleCouple,
        legal_status_of_adopters: LegalStatusOfAdopters::MarriedDifferentSex,
    }
}

pub fn outcomes(
    year: i32,
    convicted: Option<bool>,
    health_assessment: Option<bool>,
) -> AnnualOutcomes {
    AnnualOutcomes {
        year,
        sdq_score: None,
        sdq_reason: None,
        convicted,
        health_check: None,
        immunisations: None,
        teeth_check: None,
        health_assessment,
        substance_misuse: None,
        intervention_received: None,
        intervention_offered: None,
    }
}

pub fn care_leaver_status(
    id: i64,
    year: i32,
    in_touch: &str,
    activ: &str,
    accom: &str,
) -> CareLeaverStatus {
    CareLeaverStatus {
        id,
        year,
        in_touch: code(in_touch),
        activity: code(activ),
        accommodation: code(accom),
    }
}

pub fn worker(
    id: i64,
    role: WorkerRole,
    employment: Employment,
    fte: u16,
    end: &str,
    case_holding: bool,
) -> Worker {
    Worker {
        id,
        sw_id: format!("SW{id:04}"),
        name: format!("Worker {id}"),
        team: 1,
        role,
        employment,
        fte_hundredths: fte,
        start: d("01/01/2010"),
        end: (!end.is_empty()).then(|| d(end)),
        qualified: None,
        case_holding,
    }
}

pub fn allocation(id: i64, worker: i64, start: &str) -> Allocation {
    Allocation {
        id,
        worker,
        start: d(start),
        end: None,
        reason: SocialWorkerChangeReason::FirstContact,
    }
}
