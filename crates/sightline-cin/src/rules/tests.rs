//! One failing and one passing case per rule, table-driven: a base child
//! that passes every rule, a mutation that makes the rule fail and a
//! near-miss mutation that must still pass.

use chrono::NaiveDate;
use sightline_domain::calendar::{CollectionYear, Date};
use sightline_domain::codes::*;

use super::*;
use crate::model::*;

fn d(s: &str) -> Date {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn v(s: &str) -> Field<Date> {
    Field::Valid(d(s))
}

/// A child that passes every child-level rule in 2024-25: an earlier
/// episode closed RC8 after an assessment, and an open episode with an
/// assessment, a CIN plan that ended when a CP plan began after an ICPC.
pub fn base() -> CinChild {
    CinChild {
        position: 1,
        la_child_id: Some("C1".into()),
        upn: Some("M201123456780".into()),
        birth_date: v("2012-05-14"),
        sex: Field::Valid(Sex::Female),
        ethnicity: Field::Valid(Ethnicity::ALL[0]),
        disabilities: Some(vec![
            Field::Valid(Disability::Autism),
            Field::Valid(Disability::Learning),
        ]),
        episodes: vec![
            CinEpisode {
                referral_date: v("2024-04-10"),
                referral_source: Field::Valid(ReferralSource::ALL[0]),
                primary_need: Field::Valid(PrimaryNeed::ALL[0]),
                closure_date: v("2024-05-20"),
                reason_for_closure: Field::Valid(ReasonForClosure::ClosedAfterAssessmentNfa),
                referral_nfa: Field::Valid(false),
                assessments: vec![Assessment {
                    start: v("2024-04-11"),
                    authorised: v("2024-05-20"),
                    factors: Some(vec![Field::Valid(AssessmentFactor::NoFactors)]),
                    ..Default::default()
                }],
                ..Default::default()
            },
            CinEpisode {
                referral_date: v("2024-06-03"),
                referral_source: Field::Valid(ReferralSource::ALL[4]),
                primary_need: Field::Valid(PrimaryNeed::ALL[0]),
                referral_nfa: Field::Valid(false),
                assessments: vec![Assessment {
                    start: v("2024-06-04"),
                    authorised: v("2024-07-15"),
                    factors: Some(vec![
                        Field::Valid(AssessmentFactor::DomesticAbuseChild),
                        Field::Valid(AssessmentFactor::MentalHealthParent),
                    ]),
                    ..Default::default()
                }],
                cin_plans: vec![CinPlanDates {
                    start: v("2024-06-04"),
                    end: v("2024-07-01"),
                }],
                section47s: vec![Section47 {
                    start: v("2024-06-10"),
                    icpc_target: v("2024-07-01"),
                    icpc_date: v("2024-07-01"),
                    icpc_not_required: Field::Valid(false),
                }],
                cp_plans: vec![CpPlan {
                    start: v("2024-07-01"),
                    end: Field::Absent,
                    initial_category: Field::Valid(CategoryOfAbuse::Neglect),
                    latest_category: Field::Valid(CategoryOfAbuse::Neglect),
                    previous_plans: Field::Valid(0),
                    reviews: vec![v("2024-09-30")],
                }],
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

fn codes(c: &CinChild, year: i32) -> Vec<String> {
    let mut out = Vec::new();
    check_child(&Ctx::new(CollectionYear(year), None), c, &mut out);
    out.into_iter().map(|f| f.rule).collect()
}

#[test]
fn base_child_passes_every_rule_in_every_year() {
    assert_eq!(codes(&base(), 2025), Vec::<String>::new());
    let mut old = base();
    old.sex = Field::Absent;
    old.gender_current = Field::Valid(GenderCurrent::Female);
    // In 2023-24 the dates fall after the census, but GenderCurrent is accepted.
    assert!(!codes(&old, 2024).iter().any(|x| x == "4180"));
    assert!(codes(&base(), 2024).iter().any(|x| x == "4180"));
}

type Mutate = fn(&mut CinChild);

fn e0(c: &mut CinChild) -> &mut CinEpisode {
    &mut c.episodes[0]
}
fn e1(c: &mut CinChild) -> &mut CinEpisode {
    &mut c.episodes[1]
}
fn a1(c: &mut CinChild) -> &mut Assessment {
    &mut c.episodes[1].assessments[0]
}
fn s1(c: &mut CinChild) -> &mut Section47 {
    &mut c.episodes[1].section47s[0]
}
fn p1(c: &mut CinChild) -> &mut CpPlan {
    &mut c.episodes[1].cp_plans[0]
}
fn cin1(c: &mut CinChild) -> &mut CinPlanDates {
    &mut c.episodes[1].cin_plans[0]
}
fn unborn(c: &mut CinChild) {
    c.birth_date = Field::Absent;
    c.expected_birth_date = v("2025-06-01");
    c.sex = Field::Valid(Sex::Unknown);
    c.episodes.truncate(1);
    e0(c).referral_date = v("2025-01-10");
    e0(c).closure_date = v("2025-02-01");
    e0(c).assessments[0].start = v("2025-01-11");
    e0(c).assessments[0].authorised = v("2025-02-01");
}
fn factors(c: &mut CinChild, f: &[AssessmentFactor]) {
    a1(c).factors = Some(f.iter().map(|x| Field::Valid(*x)).collect());
}
fn open_s47(c: &mut CinChild, start: &str) {
    e1(c).cp_plans.clear();
    let s = s1(c);
    s.icpc_date = Field::Absent;
    s.start = v(start);
}

/// (rule, make it fail, near miss that must pass).
const CASES: &[(&str, Mutate, Mutate)] = &[
    (
        "1510",
        |c| c.upn = Some("A201123456780".into()),
        |c| c.upn = Some("A20112345678B".into()),
    ),
    (
        "1530",
        |c| c.upn = Some("X999123456780".into()),
        |c| c.upn = Some("X942123456780".into()),
    ),
    (
        "1540",
        |c| c.upn = Some("M2011234567".into()),
        |c| c.upn = Some("M20112345678B".into()),
    ),
    (
        "1550",
        |c| c.upn = Some("M20112345678I".into()),
        |c| c.upn = Some("M20112345678B".into()),
    ),
    (
        "1560Q",
        |c| c.former_upn = Some("A20112345678B".into()),
        |c| c.former_upn = Some("A201123456789".into()),
    ),
    (
        "1570",
        |c| c.la_child_id = Some("C".repeat(21)),
        |c| c.la_child_id = Some("C".repeat(20)),
    ),
    (
        "1580",
        |c| c.la_child_id = Some("C-1".into()),
        |c| c.la_child_id = Some("C1a".into()),
    ),
    (
        "4008",
        |c| c.death_date = v("2024-06-01"),
        |c| c.death_date = v("2024-06-04"),
    ),
    (
        "4009Q",
        |c| c.death_date = v("2024-06-20"),
        |c| c.death_date = v("2024-07-01"),
    ),
    (
        "4180",
        |c| c.sex = Field::Invalid("X".into()),
        |c| c.sex = Field::Valid(Sex::Unknown),
    ),
    (
        "8500",
        |c| c.la_child_id = None,
        |c| c.la_child_id = Some("7".into()),
    ),
    (
        "8520",
        |c| c.birth_date = v("2025-04-01"),
        |c| c.birth_date = v("2025-03-31"),
    ),
    (
        "8525Q",
        |c| c.expected_birth_date = v("2025-05-01"),
        |c| unborn(c),
    ),
    (
        "8530Q",
        |c| {
            unborn(c);
            c.expected_birth_date = v("2025-03-01")
        },
        |c| {
            unborn(c);
            c.expected_birth_date = v("2025-03-02")
        },
    ),
    (
        "8535Q",
        |c| c.death_date = v("2010-01-01"),
        |c| c.death_date = v("2024-12-01"),
    ),
    (
        "8545Q",
        |c| c.death_date = v("2024-03-31"),
        |c| c.death_date = v("2024-04-01"),
    ),
    (
        "8590",
        |c| c.episodes.clear(),
        |c| {
            c.episodes.truncate(1);
        },
    ),
    (
        "8750",
        |c| {
            unborn(c);
            c.sex = Field::Valid(Sex::Female)
        },
        |c| unborn(c),
    ),
    (
        "8770Q",
        |c| {
            c.upn = None;
            c.birth_date = v("2019-08-31")
        },
        |c| {
            c.upn = None;
            c.birth_date = v("2019-09-01")
        },
    ),
    (
        "8772",
        |c| c.upn_unknown = Field::Valid(UpnUnknown::Un7),
        |c| c.upn_unknown = Field::Valid(UpnUnknown::Un6),
    ),
    (
        "8775Q",
        |c| c.birth_date = v("1999-01-01"),
        |c| {
            c.birth_date = v("1999-01-01");
            c.episodes.truncate(1);
            e0(c).closure_date = v("2024-01-01")
        },
    ),
    (
        "4220",
        |c| c.ethnicity = Field::Invalid("XXXX".into()),
        |c| c.ethnicity = Field::Valid(Ethnicity::ALL[19]),
    ),
    (
        "8540",
        |c| c.disabilities = None,
        |c| c.disabilities = Some(vec![Field::Valid(Disability::None)]),
    ),
    (
        "8790",
        |c| {
            c.disabilities = Some(vec![
                Field::Valid(Disability::None),
                Field::Valid(Disability::Autism),
            ])
        },
        |c| c.disabilities = Some(vec![Field::Valid(Disability::None)]),
    ),
    (
        "8794",
        |c| {
            c.disabilities = Some(vec![
                Field::Valid(Disability::Autism),
                Field::Valid(Disability::Autism),
            ])
        },
        |c| c.disabilities = Some(vec![Field::Valid(Disability::Autism)]),
    ),
    (
        "2990",
        |c| {
            e0(c).cin_plans.push(CinPlanDates {
                start: v("2024-04-12"),
                end: v("2024-05-01"),
            })
        },
        |c| e0(c).reason_for_closure = Field::Valid(ReasonForClosure::ServicesCeased),
    ),
    (
        "2991Q",
        |c| e1(c).assessments.clear(),
        |c| e1(c).section47s.clear(),
    ),
    (
        "8555Q",
        |c| c.death_date = v("2024-05-01"),
        |c| c.death_date = v("2024-06-03"),
    ),
    (
        "8568",
        |c| e1(c).referral_nfa = Field::Invalid("yes".into()),
        |c| e1(c).referral_nfa = Field::Valid(false),
    ),
    (
        "8569Q",
        |c| {
            e0(c).referral_nfa = Field::Valid(true);
            e0(c).referral_date = v("2024-04-01")
        },
        |c| {
            e0(c).referral_nfa = Field::Valid(true);
            e0(c).referral_date = v("2024-04-02")
        },
    ),
    (
        "8585Q",
        |c| e0(c).reason_for_closure = Field::Valid(ReasonForClosure::Died),
        |c| {
            e0(c).reason_for_closure = Field::Valid(ReasonForClosure::Died);
            c.death_date = v("2024-05-20")
        },
    ),
    (
        "8600",
        |c| e1(c).referral_date = v("2025-04-01"),
        |c| e1(c).referral_date = v("2024-06-03"),
    ),
    (
        "8606",
        |c| e0(c).referral_date = v("2011-08-06"),
        |c| e0(c).referral_date = v("2011-08-08"),
    ),
    (
        "8610",
        |c| e1(c).primary_need = Field::Absent,
        |c| {
            e0(c).referral_nfa = Field::Valid(true);
            e0(c).primary_need = Field::Absent
        },
    ),
    (
        "8620",
        |c| e0(c).closure_date = v("2024-03-31"),
        |c| e0(c).closure_date = v("2024-04-10"),
    ),
    (
        "8630",
        |c| e0(c).closure_date = v("2024-04-09"),
        |c| e0(c).closure_date = v("2024-04-10"),
    ),
    (
        "8640",
        |c| e0(c).reason_for_closure = Field::Invalid("RC0".into()),
        |c| {
            e0(c).reason_for_closure =
                Field::Valid(ReasonForClosure::ClosedAfterAssessmentEarlyHelp)
        },
    ),
    (
        "8650",
        |c| e1(c).primary_need = Field::Invalid("N10".into()),
        |c| e1(c).primary_need = Field::Valid(PrimaryNeed::ALL[9]),
    ),
    ("8805", |c| e0(c).reason_for_closure = Field::Absent, |_| {}),
    (
        "8810",
        |c| e1(c).reason_for_closure = Field::Valid(ReasonForClosure::ServicesCeased),
        |_| {},
    ),
    (
        "8815",
        |c| {
            e0(c).closure_date = Field::Absent;
            e0(c).reason_for_closure = Field::Absent
        },
        |c| {
            e0(c).closure_date = Field::Absent;
            e0(c).reason_for_closure = Field::Absent;
            e0(c).referral_nfa = Field::Valid(true)
        },
    ),
    (
        "8816",
        |c| {
            e0(c).closure_date = Field::Absent;
            e0(c).reason_for_closure = Field::Absent
        },
        |c| {
            e1(c).closure_date = v("2025-03-01");
            e1(c).reason_for_closure = Field::Valid(ReasonForClosure::ServicesCeased)
        },
    ),
    (
        "8820",
        |c| e1(c).referral_date = v("2024-05-19"),
        |c| e1(c).referral_date = v("2024-05-20"),
    ),
    ("8825Q", |c| e0(c).assessments.clear(), |_| {}),
    (
        "8831",
        |c| e0(c).referral_nfa = Field::Valid(true),
        |c| {
            e0(c).referral_nfa = Field::Valid(true);
            e0(c).assessments.clear()
        },
    ),
    (
        "8866",
        |c| e1(c).referral_source = Field::Invalid("11".into()),
        |c| e1(c).referral_source = Field::Valid(ReferralSource::ALL[21]),
    ),
    (
        "8867",
        |c| e0(c).assessments[0].authorised = Field::Absent,
        |_| {},
    ),
    (
        "8868",
        |c| {
            e1(c).closure_date = v("2025-03-20");
            s1(c).icpc_date = Field::Absent
        },
        |c| {
            e1(c).closure_date = v("2025-03-20");
            s1(c).icpc_date = Field::Absent;
            s1(c).icpc_not_required = Field::Valid(true)
        },
    ),
    (
        "8890",
        |c| {
            e1(c).section47s.push(Section47 {
                start: v("2024-06-20"),
                icpc_not_required: Field::Valid(true),
                ..Default::default()
            })
        },
        |c| {
            e1(c).section47s.push(Section47 {
                start: v("2024-07-02"),
                icpc_not_required: Field::Valid(true),
                ..Default::default()
            })
        },
    ),
    (
        "1103",
        |c| a1(c).start = v("2024-06-02"),
        |c| a1(c).start = v("2024-06-03"),
    ),
    (
        "8608",
        |c| a1(c).authorised = v("2024-06-03"),
        |c| a1(c).authorised = v("2024-06-04"),
    ),
    (
        "8614",
        |c| a1(c).authorised = Field::Absent,
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None
        },
    ),
    (
        "8670Q",
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None;
            a1(c).start = v("2025-01-27")
        },
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None;
            a1(c).start = v("2025-01-28")
        },
    ),
    (
        "8696",
        |c| e0(c).assessments[0].authorised = v("2024-03-31"),
        |c| e0(c).assessments[0].authorised = v("2024-04-11"),
    ),
    (
        "8736",
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None;
            a1(c).start = v("2024-03-31")
        },
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None;
            a1(c).start = v("2025-03-31")
        },
    ),
    (
        "8863Q",
        |c| {
            e1(c).assessments.push(Assessment {
                start: v("2024-07-15"),
                authorised: v("2024-08-01"),
                ..Default::default()
            })
        },
        |c| {
            e1(c).assessments.push(Assessment {
                start: v("2024-07-16"),
                authorised: v("2024-08-01"),
                ..Default::default()
            })
        },
    ),
    (
        "8869",
        |c| factors(c, &[AssessmentFactor::NoFactors, AssessmentFactor::Neglect]),
        |c| factors(c, &[AssessmentFactor::Neglect]),
    ),
    (
        "8873Q",
        |c| factors(c, &[AssessmentFactor::NoFactors]),
        |c| {
            factors(c, &[AssessmentFactor::NoFactors]);
            e1(c).assessments.push(Assessment {
                start: v("2024-08-01"),
                authorised: v("2024-08-02"),
                factors: Some(vec![Field::Valid(AssessmentFactor::Other)]),
                ..Default::default()
            })
        },
    ),
    (
        "8896",
        |c| {
            a1(c).authorised = Field::Absent;
            a1(c).factors = None;
            e1(c).assessments.push(Assessment {
                start: v("2025-03-01"),
                ..Default::default()
            })
        },
        |c| {
            e1(c).assessments.push(Assessment {
                start: v("2025-03-01"),
                ..Default::default()
            })
        },
    ),
    (
        "8897Q",
        |c| a1(c).factors = Some(vec![Field::Invalid("99Z".into())]),
        |c| a1(c).factors = Some(vec![Field::Valid(AssessmentFactor::Other)]),
    ),
    (
        "8898",
        |c| factors(c, &[AssessmentFactor::Neglect, AssessmentFactor::Neglect]),
        |c| {
            factors(
                c,
                &[AssessmentFactor::Neglect, AssessmentFactor::EmotionalAbuse],
            )
        },
    ),
    (
        "8945Q",
        |c| factors(c, &[AssessmentFactor::PhysicalAbuseLegacy]),
        |c| factors(c, &[AssessmentFactor::PhysicalAbuseAdultOnChild]),
    ),
    (
        "8950Q",
        |c| factors(c, &[AssessmentFactor::SexualAbuseLegacy]),
        |c| factors(c, &[AssessmentFactor::SexualAbuseChildOnChild]),
    ),
    (
        "4000",
        |c| e1(c).referral_nfa = Field::Valid(true),
        |c| {
            e1(c).referral_nfa = Field::Valid(true);
            e1(c).cin_plans.clear()
        },
    ),
    (
        "4001",
        |c| cin1(c).end = Field::Absent,
        |c| {
            cin1(c).end = Field::Absent;
            p1(c).end = v("2025-01-01")
        },
    ),
    (
        "4004",
        |c| {
            cin1(c).end = Field::Absent;
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2025-03-01"),
                end: Field::Absent,
            })
        },
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2025-03-01"),
                end: Field::Absent,
            })
        },
    ),
    (
        "4010",
        |c| cin1(c).start = Field::Absent,
        |c| cin1(c).start = v("2024-06-03"),
    ),
    (
        "4011",
        |c| cin1(c).end = v("2024-06-03"),
        |c| cin1(c).end = v("2024-06-05"),
    ),
    (
        "4012Q",
        |c| cin1(c).end = v("2024-06-04"),
        |c| cin1(c).end = v("2024-06-05"),
    ),
    (
        "4013",
        |c| cin1(c).end = v("2025-04-01"),
        |c| cin1(c).end = v("2025-03-31"),
    ),
    (
        "4014",
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-07-01"),
                end: v("2024-07-02"),
            })
        },
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-07-02"),
                end: v("2024-07-03"),
            })
        },
    ),
    (
        "4015",
        |c| cin1(c).start = v("2024-06-02"),
        |c| cin1(c).start = v("2024-06-03"),
    ),
    (
        "4016",
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-08-01"),
                end: v("2024-08-10"),
            })
        },
        |c| {
            p1(c).end = v("2024-08-01");
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-08-01"),
                end: v("2024-08-10"),
            })
        },
    ),
    (
        "4017",
        |c| cin1(c).end = v("2024-07-02"),
        |c| cin1(c).end = v("2024-07-01"),
    ),
    (
        "1104",
        |c| s1(c).icpc_date = v("2024-05-31"),
        |c| s1(c).icpc_date = v("2024-06-03"),
    ),
    (
        "2884",
        |c| e1(c).icpc_date = v("2024-07-01"),
        |c| e1(c).icpc_date = v("2024-07-02"),
    ),
    (
        "2889",
        |c| s1(c).start = v("2024-06-02"),
        |c| s1(c).start = v("2024-06-03"),
    ),
    (
        "8615",
        |c| s1(c).start = v("2024-07-02"),
        |c| s1(c).start = v("2024-07-01"),
    ),
    (
        "8675Q",
        |c| open_s47(c, "2025-03-10"),
        |c| open_s47(c, "2025-03-11"),
    ),
    (
        "8715",
        |c| s1(c).icpc_date = v("2025-04-01"),
        |c| s1(c).icpc_date = v("2025-03-31"),
    ),
    (
        "8740",
        |c| {
            open_s47(c, "2024-03-28");
            e1(c).referral_date = v("2024-03-01");
            c.episodes.remove(0);
        },
        |c| {
            open_s47(c, "2024-04-01");
            e1(c).referral_date = v("2024-03-01");
            c.episodes.remove(0);
        },
    ),
    (
        "8839",
        |c| {
            open_s47(c, "2024-06-10");
            e1(c).section47s.push(Section47 {
                start: v("2024-06-11"),
                icpc_not_required: Field::Valid(false),
                ..Default::default()
            })
        },
        |c| {
            open_s47(c, "2024-06-10");
            e1(c).section47s.push(Section47 {
                start: v("2024-06-11"),
                icpc_not_required: Field::Valid(true),
                ..Default::default()
            })
        },
    ),
    (
        "8870Q",
        |c| s1(c).icpc_target = v("2024-06-29"),
        |c| s1(c).icpc_target = v("2024-06-28"),
    ),
    (
        "8875",
        |c| s1(c).icpc_date = v("2024-06-30"),
        |c| s1(c).icpc_date = v("2024-06-28"),
    ),
    (
        "1105",
        |c| p1(c).start = v("2024-06-02"),
        |c| {
            p1(c).start = v("2024-06-03");
            s1(c).icpc_date = v("2024-06-03")
        },
    ),
    (
        "2885",
        |c| p1(c).start = v("2024-07-02"),
        |c| {
            p1(c).start = v("2024-07-02");
            s1(c).icpc_date = v("2024-07-02")
        },
    ),
    (
        "8565",
        |c| e0(c).assessments[0].authorised = v("2024-05-21"),
        |c| e0(c).assessments[0].authorised = v("2024-05-20"),
    ),
    (
        "8720",
        |c| p1(c).start = Field::Absent,
        |c| {
            p1(c).start = v("2025-03-31");
            s1(c).icpc_date = v("2025-03-31")
        },
    ),
    (
        "8730",
        |c| p1(c).previous_plans = Field::Invalid("-1".into()),
        |c| p1(c).previous_plans = Field::Valid(3),
    ),
    (
        "8832",
        |c| e1(c).referral_nfa = Field::Valid(true),
        |c| {
            e1(c).referral_nfa = Field::Valid(true);
            e1(c).cp_plans.clear()
        },
    ),
    (
        "8840",
        |c| p1(c).end = v("2024-07-01"),
        |c| p1(c).end = v("2024-07-02"),
    ),
    (
        "8841",
        |c| p1(c).reviews = vec![v("2024-07-01")],
        |c| p1(c).reviews = vec![v("2024-07-02")],
    ),
    (
        "8905",
        |c| p1(c).initial_category = Field::Invalid("ABC".into()),
        |c| p1(c).initial_category = Field::Valid(CategoryOfAbuse::Multiple),
    ),
    (
        "8910",
        |c| p1(c).latest_category = Field::Absent,
        |c| p1(c).latest_category = Field::Valid(CategoryOfAbuse::Emotional),
    ),
    (
        "8915",
        |c| c.death_date = v("2024-06-30"),
        |c| c.death_date = v("2024-10-01"),
    ),
    (
        "8920",
        |c| {
            p1(c).end = v("2024-12-01");
            c.death_date = v("2024-11-30")
        },
        |c| {
            p1(c).end = v("2024-12-01");
            c.death_date = v("2024-12-01")
        },
    ),
    (
        "8925",
        |c| p1(c).end = v("2024-06-30"),
        |c| p1(c).end = v("2024-07-02"),
    ),
    (
        "8930",
        |c| p1(c).end = v("2025-04-01"),
        |c| p1(c).end = v("2025-03-31"),
    ),
    (
        "8935",
        |c| {
            let p = p1(c).clone();
            e0(c).cp_plans.push(CpPlan {
                start: v("2024-05-01"),
                reviews: vec![],
                ..p
            })
        },
        |c| {
            let p = p1(c).clone();
            e0(c).cp_plans.push(CpPlan {
                start: v("2024-05-01"),
                end: v("2024-05-10"),
                reviews: vec![],
                ..p
            })
        },
    ),
    (
        "8940",
        |c| {
            let p = p1(c).clone();
            e1(c).cp_plans.push(CpPlan {
                start: v("2024-08-01"),
                reviews: vec![],
                ..p
            })
        },
        |c| {
            p1(c).end = v("2024-07-31");
            let p = p1(c).clone();
            e1(c).cp_plans.push(CpPlan {
                start: v("2024-08-01"),
                end: Field::Absent,
                reviews: vec![],
                ..p
            })
        },
    ),
    (
        "4003",
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-09-01"),
                end: v("2024-10-01"),
            })
        },
        |c| {
            e1(c).cin_plans.push(CinPlanDates {
                start: v("2024-09-01"),
                end: v("2024-09-30"),
            })
        },
    ),
    (
        "8842Q",
        |c| p1(c).reviews.push(Field::Invalid("x".into())),
        |c| p1(c).reviews.push(v("2024-12-30")),
    ),
];

#[test]
fn every_rule_fails_on_its_case_and_passes_on_its_near_miss() {
    let mut problems = Vec::new();
    for (code, fail, pass) in CASES {
        let mut c = base();
        fail(&mut c);
        if !codes(&c, 2025).iter().any(|x| x == code) {
            problems.push(format!("{code}: did not fail (got {:?})", codes(&c, 2025)));
        }
        let mut c = base();
        pass(&mut c);
        if codes(&c, 2025).iter().any(|x| x == code) {
            problems.push(format!("{code}: failed on its passing case"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_child_rule_has_a_case() {
    for r in RULES {
        if matches!(r.check, Check::Child(_)) {
            assert!(
                CASES.iter().any(|(c, _, _)| *c == r.code),
                "no test case for {}",
                r.code
            );
        }
    }
    assert_eq!(RULES.len(), 109);
    assert_eq!(
        RULES
            .iter()
            .filter(|r| r.severity() == Severity::Query)
            .count(),
        26
    );
}

#[test]
fn rules_added_in_2024_25_do_not_run_earlier() {
    let mut c = base();
    c.sex = Field::Absent;
    c.gender_current = Field::Valid(GenderCurrent::Female);
    c.la_child_id = Some("C-1".into());
    factors(&mut c, &[AssessmentFactor::PhysicalAbuseLegacy]);
    let got = codes(&c, 2024);
    assert!(
        !got.iter()
            .any(|x| x == "1580" || x == "8945Q" || x == "4180"),
        "{got:?}"
    );
    assert!(codes(&c, 2025).iter().any(|x| x == "1580"));
}

#[test]
fn gender_current_rules_in_2023_24() {
    let mut c = base();
    unborn(&mut c);
    c.sex = Field::Absent;
    c.gender_current = Field::Valid(GenderCurrent::Female);
    assert!(codes(&c, 2024).iter().any(|x| x == "8750"));
    c.gender_current = Field::Valid(GenderCurrent::NotKnown);
    assert!(!codes(&c, 2024).iter().any(|x| x == "8750"));
    c.gender_current = Field::Absent;
    assert!(codes(&c, 2024).iter().any(|x| x == "4180"));
}

#[test]
fn school_age_cut_off_differs_by_year_8770q() {
    let mut c = base();
    c.upn = None;
    c.birth_date = v("2018-06-01"); // 6 on 31 March 2024? no: 5; of school age by September 2025
    assert!(codes(&c, 2025).iter().any(|x| x == "8770Q"));
    c.birth_date = v("2019-01-01");
    assert!(!codes(&c, 2024).iter().any(|x| x == "8770Q"));
}

#[test]
fn la_code_list_gains_942_and_943_in_2023_24() {
    assert!(!child::is_la_code(942, 2023));
    assert!(child::is_la_code(942, 2024));
    assert!(child::is_la_code(201, 2023));
    assert!(!child::is_la_code(999, 2025));
}

fn census(children: Vec<CinChild>) -> CinCensus {
    CinCensus {
        source: None,
        header: Header {
            year: Field::Valid(2025),
            reference_date: v("2025-03-31"),
            ..Default::default()
        },
        children: children
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c.position = i + 1;
                c
            })
            .collect(),
    }
}

fn la_codes(c: &CinCensus) -> Vec<(String, Option<String>)> {
    validate(c, CollectionYear(2025))
        .into_iter()
        .map(|f| (f.rule, f.child))
        .collect()
}

#[test]
fn rule_100_reference_date_must_be_31_march_of_year() {
    let mut c = census(vec![base()]);
    assert!(!la_codes(&c).iter().any(|(r, _)| r == "100"));
    c.header.reference_date = v("2025-03-30");
    assert!(la_codes(&c).iter().any(|(r, _)| r == "100"));
}

#[test]
fn uniqueness_8510_and_1520_flag_every_copy() {
    let mut a = base();
    let mut b = base();
    b.upn = Some("A201123456789".into());
    let ok = la_codes(&census(vec![a.clone(), {
        let mut x = b.clone();
        x.la_child_id = Some("C2".into());
        x
    }]));
    assert!(!ok.iter().any(|(r, _)| r == "8510" || r == "1520"));
    a.la_child_id = Some("C1".into());
    b.upn = a.upn.clone();
    let got = la_codes(&census(vec![a, base(), b]));
    assert_eq!(got.iter().filter(|(r, _)| r == "8510").count(), 3);
    assert_eq!(got.iter().filter(|(r, _)| r == "1520").count(), 3);
}

#[test]
fn la_level_rules() {
    // 2887Q: fewer than 8 different codes; 2888Q: nobody has two.
    let one = |d: &[Disability]| {
        let mut c = base();
        c.disabilities = Some(d.iter().map(|x| Field::Valid(*x)).collect());
        c
    };
    let got = la_codes(&census(vec![one(&[Disability::Autism])]));
    assert!(got.contains(&("2887Q".into(), None)) && got.contains(&("2888Q".into(), None)));
    let all: Vec<Disability> = Disability::ALL[1..9].to_vec();
    let got = la_codes(&census(vec![one(&all)]));
    assert!(
        !got.iter().any(|(r, _)| r == "2887Q" || r == "2888Q"),
        "{got:?}"
    );
    // 2886Q: more than 2% without sex recorded (unborn excluded).
    let mut kids: Vec<CinChild> = (0..50).map(|_| base()).collect();
    for (i, k) in kids.iter_mut().enumerate() {
        k.la_child_id = Some(format!("C{i}"));
        k.upn = None;
        k.upn_unknown = Field::Valid(UpnUnknown::Un2);
    }
    kids[0].sex = Field::Valid(Sex::Unknown);
    assert!(
        !la_codes(&census(kids.clone()))
            .iter()
            .any(|(r, _)| r == "2886Q")
    );
    kids[1].sex = Field::Absent;
    assert!(
        la_codes(&census(kids.clone()))
            .iter()
            .any(|(r, _)| r == "2886Q")
    );
    // 2883: more CP plans starting than ICPCs.
    let mut c = base();
    assert!(
        !la_codes(&census(vec![c.clone()]))
            .iter()
            .any(|(r, _)| r == "2883")
    );
    c.episodes[1].section47s[0].icpc_date = Field::Absent;
    assert!(la_codes(&census(vec![c])).iter().any(|(r, _)| r == "2883"));
}
