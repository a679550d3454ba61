//! Golden test against seed 003 (Stockton-on-Tees, Cabinet 1 December 2016):
//! a council built so that its 2016-Q2 figures for single assessments and
//! ICPCs are the seed's (and its CP and looked-after counts those of
//! paragraphs 6 and 9), and a check that the generated KPI rows match the
//! seed's rows cell by cell — measure, period, bands, value, trend arrow,
//! 2015/16 target and value.
//!
//! Single assessments (YD): 2015/16 84 of 85 in time = 98.8%; Q1 2016/17 19 of
//! 20 (95.0% at 30/06, the previous reporting point); Q2 9 of 9, so 28 of 29
//! = 96.6% at 30/09: Green, improving. ICPCs (YD): 2015/16 77 of 82 = 93.9%;
//! Q1 28 of 32 (87.5%); Q2 31 of 32, so 59 of 64 = 92.2%: Green, improving.

mod common;

use chrono::Days;
use common::{child, d, referral, stockton_targets};
use sightline_domain::codes::*;
use sightline_domain::*;
use sightline_indicators::{Config, Engine, Rag, Trend};
use sightline_reports::{Disclosure, Quarter, cabinet};

fn minus(x: Date, days: u64) -> Date {
    x.checked_sub_days(Days::new(days)).unwrap()
}
fn plus(x: Date, days: u64) -> Date {
    x.checked_add_days(Days::new(days)).unwrap()
}

fn seed_council() -> Council {
    let mut children = vec![];
    let mut n = 0;
    let mut next = |late: bool, authorised: Date| {
        n += 1;
        let mut c = child(&format!("A{n:03}"), "01/01/2010", Sex::Female);
        let start = minus(authorised, if late { 100 } else { 14 });
        c.referrals.push(referral(
            1,
            &start.format("%d/%m/%Y").to_string(),
            ReferralSource::Schools,
        ));
        c.assessments.push(SingleAssessment {
            id: 2,
            referral: 1,
            start,
            authorised: Some(authorised),
            factors: vec![],
        });
        c
    };
    // (first authorised date, step in days, count, how many late)
    for (from, step, count, late) in [
        ("06/04/2015", 4, 85, 1),
        ("05/04/2016", 4, 20, 1),
        ("05/07/2016", 7, 9, 0),
    ] {
        for k in 0..count {
            children.push(next(k < late, plus(d(from), step * k)));
        }
    }
    let mut m = 0;
    let mut icpc = |late: bool, date: Date| {
        m += 1;
        let mut c = child(&format!("I{m:03}"), "01/01/2010", Sex::Male);
        let start = minus(date, if late { 35 } else { 7 });
        c.referrals.push(referral(
            1,
            &start.format("%d/%m/%Y").to_string(),
            ReferralSource::Police,
        ));
        c.section47s.push(Section47Enquiry {
            id: 2,
            referral: 1,
            start,
            icpc_target: None,
            icpc_not_required: false,
        });
        c.conferences.push(ChildProtectionConference {
            id: 3,
            referral: 1,
            kind: ConferenceKind::Initial,
            date,
            section47: Some(2),
            cp_plan: None,
            plan_outcome: false,
        });
        c
    };
    for (from, step, count, late) in [
        ("07/04/2015", 4, 82, 5),
        ("04/04/2016", 2, 32, 4),
        ("04/07/2016", 2, 32, 1),
    ] {
        for k in 0..count {
            children.push(icpc(k < late, plus(d(from), step * k)));
        }
    }
    // Seed paragraphs 6 and 9: 300 children on CP plans at 30/09/2016; 409
    // looked after at 30/06/2016 and 401 at 30/09/2016.
    for k in 0..300 {
        let mut c = child(&format!("P{k:03}"), "01/01/2012", Sex::Male);
        c.referrals
            .push(referral(1, "04/01/2016", ReferralSource::Police));
        c.cp_plans.push(CpPlan {
            id: 2,
            referral: 1,
            start: d("11/01/2016"),
            end: None,
            initial_category: CategoryOfAbuse::Neglect,
            latest_category: CategoryOfAbuse::Neglect,
            previous_plans: 0,
        });
        children.push(c);
    }
    for k in 0..409 {
        let mut c = child(&format!("L{k:03}"), "01/01/2009", Sex::Female);
        c.episodes.push(LookedAfterEpisode {
            id: 1,
            start: d("04/01/2016"),
            reason_new: ReasonNewEpisode::Started,
            legal_status: LegalStatus::FullCareOrder,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            end: (k < 8).then(|| EpisodeEnd {
                date: d("01/08/2016"),
                reason: ReasonEpisodeCeased::ReturnedHomePlanned,
            }),
            reason_place_change: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
        });
        children.push(c);
    }
    let mut c = common::council();
    c.children = children;
    c
}

#[test]
fn table_rows_match_seed_003_cell_by_cell() {
    let c = seed_council();
    let config = Config {
        targets: Some(stockton_targets()),
        ..Config::default()
    };
    let engine = Engine::new(&c, &config).unwrap();
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md").unwrap();
    let mut opts = cabinet::Options::new(Quarter::parse("2016-Q2").unwrap());
    opts.disclosure = Disclosure::default();
    let doc = cabinet::build(&engine, &template, &opts).unwrap();

    let t1 = doc.table("Table 1").unwrap();
    let row = &t1.rows[0];
    let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        cells,
        vec![
            "Timeliness of Single Assessments",
            "YD",
            "Green: >=95%\nAmber: 90% - 94%\nRed: <= 89%",
            "96.6%",
            "improving",
            "95.0%",
            "98.8%"
        ]
    );
    assert_eq!(row[3].rag, Some(Rag::Green));
    assert_eq!(row[4].trend, Some(Trend::Improving));
    assert_eq!(sightline_reports::doc::trend_arrow(Trend::Improving), '↑');

    let t2 = doc.table("Table 2").unwrap();
    let icpc = t2
        .rows
        .iter()
        .find(|r| r[0].text.starts_with("Timeliness of ICPCs"))
        .unwrap();
    let cells: Vec<&str> = icpc.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        cells,
        vec![
            "Timeliness of ICPCs (15 Working Days)",
            "YD",
            "Green: 85%+\nAmber: 75% - 84%\nRed: <= 75%",
            "92.2%",
            "improving",
            "85%",
            "93.9%"
        ]
    );
    assert_eq!(icpc[3].rag, Some(Rag::Green));
    // Seed paragraphs 6 and 9 through the template and the activity table.
    let text = doc.plain_text();
    assert!(
        text.contains(
            "There were 300 children subject to child protection (CP) plans at the end of quarter 2"
        ),
        "{text}"
    );
    assert!(text.contains("At the end of quarter 2 there were 401 looked after children, a decrease of 8 since 30 June 2016."), "{text}");
    let act = doc.table("Activity at the end").unwrap();
    let cla: Vec<&str> = act.rows[1].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        cla[..5],
        ["Looked after children", "409", "401", "-8", "decreasing"]
    );
    // The narrative carries the same figure.
    assert!(doc.plain_text().contains("Single assessments completed within 45 working days: 96.6% at the end of quarter 2 (Green against the target bands; trend improving)."));
}
