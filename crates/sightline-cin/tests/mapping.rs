//! The census and the child journey: import, export, validation at entry.

use std::path::{Path, PathBuf};

use sightline_cin::model::*;
use sightline_cin::{ReadError, from_council, read_file, to_records, validate_child};
use sightline_domain::calendar::{CollectionYear, Date};
use sightline_domain::codes::*;
use sightline_domain::ids::LaNumber;
use sightline_domain::journey::{CinClosure, Council, Referral};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}
fn d(s: &str) -> Date {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn la() -> LaNumber {
    LaNumber::parse("201").unwrap()
}
fn council(children: Vec<sightline_domain::journey::ChildRecord>) -> Council {
    Council {
        la: la(),
        name: "Test".into(),
        population_0_17: 1000,
        teams: vec![],
        workers: vec![],
        children,
    }
}

/// Children in a comparable form: every list sorted, positions cleared.
fn normal(mut cs: Vec<CinChild>) -> Vec<String> {
    for c in &mut cs {
        c.position = 0;
        for e in &mut c.episodes {
            e.assessments.sort_by_key(|a| format!("{a:?}"));
            e.cin_plans.sort_by_key(|a| format!("{a:?}"));
            e.section47s.sort_by_key(|a| format!("{a:?}"));
            e.cp_plans.sort_by_key(|a| format!("{a:?}"));
        }
        c.episodes.sort_by_key(|e| format!("{e:?}"));
    }
    let mut v: Vec<String> = cs.iter().map(|c| format!("{c:#?}")).collect();
    v.sort();
    v
}

#[test]
fn import_then_export_gives_the_same_content() {
    let census = read_file(&data("roundtrip.xml")).unwrap();
    let records = to_records(&census, la()).unwrap();
    assert_eq!(records.len(), 3);
    let back = from_council(&council(records), CollectionYear(2025));
    assert_eq!(normal(back.children), normal(census.children));
    assert_eq!(back.header.lea.as_deref(), Some("201"));
    assert_eq!(back.header.reference_date, Field::Valid(d("2025-03-31")));
}

#[test]
fn import_is_deterministic_and_links_conferences() {
    let census = read_file(&data("roundtrip.xml")).unwrap();
    let a = to_records(&census, la()).unwrap();
    let b = to_records(&census, la()).unwrap();
    assert_eq!(a, b);
    let third = &a[2];
    assert!(third.child.birth.is_unborn());
    let icpc = third
        .conferences
        .iter()
        .find(|c| {
            c.kind == sightline_domain::journey::ConferenceKind::Initial && c.section47.is_none()
        })
        .unwrap();
    assert!(icpc.cp_plan.is_some());
    assert_eq!(icpc.date, d("2024-12-02"));
    let ids: Vec<i64> = a
        .iter()
        .flat_map(|r| r.referrals.iter().map(|x| x.id))
        .collect();
    assert_eq!(ids, vec![1, 2, 3, 4]);
}

#[test]
fn import_rejects_invalid_values_with_the_element_path() {
    let mut census = read_file(&data("roundtrip.xml")).unwrap();
    census.children[1].episodes[0].cp_plans[0].latest_category = Field::Invalid("XXX".into());
    let err = to_records(&census, la()).unwrap_err();
    assert!(matches!(err, ReadError::Structure { .. }));
    let msg = err.to_string();
    assert!(
        msg.ends_with("Message/Children/Child[2]/CINdetails[1]/ChildProtectionPlans[1]/LatestCategoryOfAbuse: expected a category of abuse (NEG, PHY, SAB, EMO or MUL), found \"XXX\""),
        "{msg}"
    );
    let mut census = read_file(&data("roundtrip.xml")).unwrap();
    census.children[0].episodes[0].referral_nfa = Field::Absent;
    let msg = to_records(&census, la()).unwrap_err().to_string();
    assert!(
        msg.contains(
            "Child[1]/CINdetails[1]/ReferralNFA: expected true, false, 1 or 0, found nothing"
        ),
        "{msg}"
    );
    let mut census = read_file(&data("roundtrip.xml")).unwrap();
    census.children[0].la_child_id = Some("SL-1".into());
    assert!(
        to_records(&census, la())
            .unwrap_err()
            .to_string()
            .contains("LAchildID")
    );
}

#[test]
fn export_takes_episodes_open_in_the_year() {
    let census = read_file(&data("roundtrip.xml")).unwrap();
    let mut records = to_records(&census, la()).unwrap();
    let r = &mut records[0];
    let referral = |id, date: &str, closed: Option<&str>| Referral {
        id,
        date: d(date),
        source: ReferralSource::ALL[0],
        primary_need: Some(PrimaryNeed::ALL[0]),
        closure: closed.map(|c| CinClosure {
            date: d(c),
            reason: ReasonForClosure::ServicesCeased,
        }),
        nfa: false,
    };
    r.referrals
        .push(referral(100, "2023-01-01", Some("2024-03-31"))); // closed before the year
    r.referrals.push(referral(101, "2025-04-01", None)); // after the year
    r.referrals
        .push(referral(102, "2023-01-01", Some("2024-04-01"))); // closed on its first day
    let mut later = referral(103, "2025-03-20", Some("2025-04-10")); // closes after 31 March
    later.nfa = true;
    r.referrals.push(later);
    let out = from_council(&council(records), CollectionYear(2025));
    let first = &out.children[0];
    let dates: Vec<_> = first
        .episodes
        .iter()
        .map(|e| e.referral_date.get().unwrap())
        .collect();
    assert_eq!(
        dates,
        vec![d("2024-06-03"), d("2023-01-01"), d("2025-03-20")]
    );
    assert!(
        first.episodes[2].closure_date.is_absent(),
        "a closure after 31 March is still open"
    );
    // The year before, only the children referred by then.
    let out = from_council(
        &council(to_records(&census, la()).unwrap()),
        CollectionYear(2024),
    );
    assert!(out.children.is_empty());
    // 2023-24 writes GenderCurrent, not Sex.
    let mut recs = to_records(&census, la()).unwrap();
    recs[0].referrals[0].date = d("2024-01-10");
    let out = from_council(&council(recs), CollectionYear(2024));
    assert!(out.children[0].sex.is_absent() && out.children[0].gender_current.is_valid());
}

#[test]
fn validation_at_entry_reports_rules_for_one_child() {
    let census = read_file(&data("roundtrip.xml")).unwrap();
    let mut records = to_records(&census, la()).unwrap();
    assert_eq!(validate_child(&records[0], CollectionYear(2025)), vec![]);
    records[0].referrals[0].primary_need = None;
    let f = validate_child(&records[0], CollectionYear(2025));
    assert_eq!(
        f.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        vec!["8610"]
    );
    assert_eq!(
        f[0].path.as_deref(),
        Some("Message/Children/Child[1]/CINdetails[1]")
    );
    assert_eq!(f[0].child.as_deref(), Some("SL0000001"));
    assert!(
        validate_child(&records[0], CollectionYear(2020)).is_empty(),
        "not in that year's census"
    );
}
