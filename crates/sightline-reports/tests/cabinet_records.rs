//! The Cabinet report's quality assurance, VEMT, children's homes and
//! finance sections rendered from a hand-built council's records: audits in
//! two quarters, one team health check, two VEMT considerations, one home
//! and two budget lines. Figures are checked against the rules crates, and
//! the public version must hide the small counts about children.

mod common;

use common::{council, d};
use sightline_domain::ChildId;
use sightline_domain::improvement::{
    BudgetHead, BudgetLine, FinancialYear, Growth, ImprovementRecords, Pence, PlacementCost,
    ProviderType,
};
use sightline_domain::quality::{
    AuditSelection, CaseFileAudit, ChildrensHome, CseDisclosure, DisclosedTo, Grade,
    OfstedInspection, QualityRecords, RiskLevel, TeamHealthCheck, VemtConsideration,
};
use sightline_indicators::{Config, Engine};
use sightline_reports::doc::Table;
use sightline_reports::{Disclosure, Document, Format, Quarter, cabinet, render};

fn audit(id: i64, date: &str, grade: Grade) -> CaseFileAudit {
    CaseFileAudit {
        id,
        child: ChildId::parse(&format!("C{:02}", id % 12 + 1)).unwrap(),
        auditor: 1,
        paired_auditor: Some(2),
        date: d(date),
        selection: AuditSelection::Random,
        grade,
    }
}

/// Q1 2016/17: 3 good, 1 inadequate. Q2: 6 good, 4 requires improvement.
fn quality() -> QualityRecords {
    let mut audits = vec![];
    for i in 0..3 {
        audits.push(audit(i, "10/05/2016", Grade::Good));
    }
    audits.push(audit(3, "20/06/2016", Grade::Inadequate));
    for i in 10..16 {
        audits.push(audit(i, "15/08/2016", Grade::Good));
    }
    for i in 20..24 {
        audits.push(audit(i, "28/09/2016", Grade::RequiresImprovement));
    }
    // Outside both quarters: never counted.
    audits.push(audit(99, "01/10/2016", Grade::Outstanding));
    QualityRecords {
        audits,
        health_checks: vec![TeamHealthCheck {
            id: 1,
            team: 1,
            date: d("01/06/2016"),
            grade: Grade::Good,
            findings: "Timely assessments.".into(),
        }],
        vemt: vec![
            // C01 is female, C02 male (the fixture alternates).
            VemtConsideration {
                id: 1,
                child: ChildId::parse("C01").unwrap(),
                considered: d("15/08/2016"),
                cse_risk: Some(RiskLevel::High),
                closed: None,
            },
            VemtConsideration {
                id: 2,
                child: ChildId::parse("C02").unwrap(),
                considered: d("20/07/2016"),
                cse_risk: None,
                closed: Some(d("01/09/2016")),
            },
        ],
        homes: vec![ChildrensHome {
            id: 1,
            name: "Oak House".into(),
            urn: "SC123456".into(),
            places: 4,
            inspections: vec![
                OfstedInspection {
                    date: d("01/03/2016"),
                    grade: Grade::Outstanding,
                },
                // After the quarter end: not yet the latest grade.
                OfstedInspection {
                    date: d("01/11/2016"),
                    grade: Grade::Good,
                },
            ],
        }],
        ..QualityRecords::default()
    }
}

fn improvement() -> ImprovementRecords {
    let year = FinancialYear(2016);
    let cost = |child: &str, provider, weekly| PlacementCost {
        child: ChildId::parse(child).unwrap(),
        provider,
        provider_name: None,
        start: d("01/04/2016"),
        end: None,
        weekly: Pence::pounds(weekly),
    };
    ImprovementRecords {
        budget_years: vec![year],
        budget_lines: vec![
            BudgetLine {
                year,
                head: BudgetHead::Ifa,
                budget: Pence::pounds(4_424_000),
                spent_to_date: Pence::pounds(1_500_000),
                spent_as_of: d("30/09/2016"),
                growth: Growth::Amount {
                    pence: Pence::pounds(100_000).0,
                },
            },
            BudgetLine {
                year,
                head: BudgetHead::ExternalResidential,
                budget: Pence::pounds(5_293_000),
                spent_to_date: Pence::pounds(3_000_000),
                spent_as_of: d("30/09/2016"),
                growth: Growth::None,
            },
        ],
        placement_costs: vec![
            cost("C03", ProviderType::Ifa, 800),
            cost("C05", ProviderType::ExternalResidential, 3_000),
        ],
        ..ImprovementRecords::default()
    }
}

fn build(disclosure: Disclosure) -> Document {
    let c = council();
    let config = Config::default();
    let engine = Engine::new(&c, &config).unwrap();
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md").unwrap();
    let mut opts = cabinet::Options::new(Quarter::parse("2016-Q2").unwrap());
    opts.disclosure = disclosure;
    let (q, i) = (quality(), improvement());
    let records = cabinet::Records {
        quality: Some(&q),
        improvement: Some(&i),
    };
    cabinet::build_with_records(&engine, &template, &opts, records).unwrap()
}

fn rows(t: &Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect()
}

fn row<'a>(t: &'a [Vec<String>], first: &str) -> &'a [String] {
    t.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first}: {t:?}"))
}

#[test]
fn audits_compare_the_quarter_with_the_previous_one() {
    let doc = build(Disclosure::Internal);
    let t = doc.table("Case file audit grades").unwrap();
    assert_eq!(
        t.caption,
        "Case file audit grades in Q2 2016/17 against Q1 2016/17"
    );
    let r = rows(t);
    assert_eq!(row(&r, "Good"), ["Good", "3", "75%", "6", "60%"]);
    assert_eq!(
        row(&r, "Requires improvement"),
        ["Requires improvement", "0", "0%", "4", "40%"]
    );
    assert_eq!(row(&r, "Inadequate"), ["Inadequate", "1", "25%", "0", "0%"]);
    assert_eq!(
        row(&r, "Outstanding"),
        ["Outstanding", "0", "0%", "0", "0%"]
    );
    assert_eq!(
        row(&r, "Audits completed"),
        ["Audits completed", "4", "100%", "10", "100%"]
    );
}

#[test]
fn health_checks_show_latest_grade_next_due_and_overdue() {
    let doc = build(Disclosure::Internal);
    let r = rows(doc.table("Team health checks").unwrap());
    assert_eq!(
        row(&r, "Assessment Team"),
        [
            "Assessment Team",
            "1 June 2016",
            "Good",
            "1 June 2017",
            "No"
        ]
    );
    assert_eq!(
        row(&r, "Fieldwork Team"),
        ["Fieldwork Team", "Not yet checked", "–", "Now", "Overdue"]
    );
}

#[test]
fn vemt_counts_by_sex_and_risk_and_open_at_quarter_end() {
    let doc = build(Disclosure::Internal);
    let t = doc.table("VEMT arrangements").unwrap();
    let r = rows(t);
    let v = |label: &str| row(&r, label)[1].clone();
    assert_eq!(
        v("Children considered under VEMT arrangements in the quarter"),
        "2"
    );
    assert_eq!(v("of whom female"), "1");
    assert_eq!(v("of whom male"), "1");
    assert_eq!(v("of whom sex not recorded"), "0");
    assert_eq!(v("Considered to be at potential risk of CSE"), "1");
    assert_eq!(v("of whom high risk"), "1");
    assert_eq!(v("of whom medium risk"), "0");
    assert_eq!(
        v("Subject to VEMT arrangements at the end of the quarter"),
        "1"
    );
}

#[test]
fn homes_show_the_latest_grade_at_quarter_end() {
    let doc = build(Disclosure::Internal);
    let r = rows(
        doc.table("children's homes and their latest Ofsted grade")
            .unwrap(),
    );
    assert_eq!(
        row(&r, "Oak House"),
        ["Oak House", "SC123456", "4", "1 March 2016", "Outstanding"]
    );
}

#[test]
fn finance_shows_budget_outturn_and_variance_per_line_with_totals() {
    let doc = build(Disclosure::Internal);
    let t = doc.table("Budget and projected outturn 2016/17").unwrap();
    let r = rows(t);
    let i = improvement();
    let lines: Vec<_> = i
        .budget_lines
        .iter()
        .map(|l| sightline_finance::project_line(l, &i.placement_costs, Pence::ZERO))
        .collect();
    for o in &lines {
        let got = row(&r, o.head.label());
        assert_eq!(got[1], o.budget.display_millions());
        assert_eq!(got[2], o.outturn.display_millions());
        assert_eq!(got[3], o.variance.display_millions());
        assert_eq!(got[5], "1", "one placement open on each line");
    }
    // IFA: £1.5m spent, £800 a week for 182 days to 31 March, £100k growth:
    // well under its £4.424m budget.
    let ifa = row(&r, "Independent fostering agency placements");
    assert_eq!(ifa[1], "£4.424m");
    assert_eq!(ifa[4], "Saving");
    assert!(ifa[3].starts_with("-£"), "{ifa:?}");
    let total = row(&r, "Total");
    let sum = |f: fn(&sightline_finance::LineOutturn) -> Pence| {
        lines.iter().map(f).sum::<Pence>().display_millions()
    };
    assert_eq!(total[1], sum(|o| o.budget));
    assert_eq!(total[2], sum(|o| o.outturn));
    assert_eq!(total[3], sum(|o| o.variance));
    assert_eq!(total[1], "£9.717m");
    let html = String::from_utf8(render(&doc, Format::Html).unwrap()).unwrap();
    assert!(html.contains("Budget and projected outturn 2016/17"));
    assert!(html.contains("£4.424m") && html.contains("£5.293m"));
}

#[test]
fn the_records_replace_the_no_data_notes() {
    let doc = build(Disclosure::Internal);
    let text = doc.plain_text();
    assert!(!text.contains("No data: team health check"), "{text}");
    assert!(!text.contains("No data: case file audits"), "{text}");
    assert!(!text.contains("No data: Sightline does not hold VEMT"));
    assert!(!text.contains("No data: budgets"));
    assert!(!text.contains("homes and their Ofsted grades are not recorded"));
    let html = String::from_utf8(render(&doc, Format::Html).unwrap()).unwrap();
    assert!(html.contains("Oak House") && html.contains("SC123456"));
    assert!(html.contains("Case file audit grades in Q2 2016/17 against Q1 2016/17"));
}

#[test]
fn empty_records_still_say_no_data() {
    let c = council();
    let config = Config::default();
    let engine = Engine::new(&c, &config).unwrap();
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md").unwrap();
    let opts = cabinet::Options::new(Quarter::parse("2016-Q2").unwrap());
    let (q, i) = (QualityRecords::default(), ImprovementRecords::default());
    let records = cabinet::Records {
        quality: Some(&q),
        improvement: Some(&i),
    };
    let text = cabinet::build_with_records(&engine, &template, &opts, records)
        .unwrap()
        .plain_text();
    for needle in [
        "No data: team health check",
        "No data: case file audits",
        "No data: Sightline does not hold VEMT",
        "No data: budgets and projected outturns for 2016/17",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

#[test]
fn public_output_hides_small_counts_about_children() {
    let doc = build(Disclosure::default());
    let r = rows(doc.table("Case file audit grades").unwrap());
    // Q1's 3 and 1 and their total 4 are all small; in Q2 the 4 is small and
    // the 6 goes with it so the total of 10 cannot give it away.
    assert_eq!(row(&r, "Good"), ["Good", "c", "c", "c", "c"]);
    assert_eq!(
        row(&r, "Requires improvement"),
        ["Requires improvement", "0", "c", "c", "c"]
    );
    assert_eq!(row(&r, "Inadequate"), ["Inadequate", "c", "c", "0", "0%"]);
    assert_eq!(
        row(&r, "Audits completed"),
        ["Audits completed", "c", "100%", "10", "100%"]
    );
    let v = rows(doc.table("VEMT arrangements").unwrap());
    for label in [
        "Children considered under VEMT arrangements in the quarter",
        "of whom female",
        "of whom male",
        "Considered to be at potential risk of CSE",
        "of whom high risk",
        "Subject to VEMT arrangements at the end of the quarter",
    ] {
        assert_eq!(row(&v, label)[1], "c", "{label}");
    }
    assert_eq!(row(&v, "of whom medium risk")[1], "0");
    let f = rows(doc.table("Budget and projected outturn").unwrap());
    assert_eq!(row(&f, "Independent fostering agency placements")[5], "c");
    // Money and grades are not about individual children: still printed.
    assert_eq!(
        row(&f, "Independent fostering agency placements")[1],
        "£4.424m"
    );
    let h = rows(doc.table("Team health checks").unwrap());
    assert_eq!(row(&h, "Assessment Team")[2], "Good");
}

/// Disclosures of CSE are the `cse_disclosures` figure of the engine that
/// holds the quality records: two in Q2 2016/17 (on its first and last day),
/// one in Q1 (30 June) and one after it (1 October) that never count.
#[test]
fn cse_disclosures_in_the_quarter_come_from_the_engine_and_are_suppressed_in_public() {
    let c = council();
    let config = Config::default();
    let mut q = quality();
    let disclosure = |id: i64, child: &str, date: &str| CseDisclosure {
        id,
        child: ChildId::parse(child).unwrap(),
        date: d(date),
        disclosed_to: DisclosedTo::SocialWorker,
        referred_to_police: true,
    };
    q.cse_disclosures = vec![
        disclosure(1, "C01", "30/06/2016"),
        disclosure(2, "C01", "01/07/2016"),
        disclosure(3, "C03", "30/09/2016"),
        disclosure(4, "C05", "01/10/2016"),
    ];
    let i = improvement();
    let engine = Engine::new(&c, &config).unwrap().with_quality(&q);
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md").unwrap();
    let doc_for = |disclosure: Disclosure| {
        let mut opts = cabinet::Options::new(Quarter::parse("2016-Q2").unwrap());
        opts.disclosure = disclosure;
        let records = cabinet::Records {
            quality: Some(&q),
            improvement: Some(&i),
        };
        cabinet::build_with_records(&engine, &template, &opts, records).unwrap()
    };
    let internal = doc_for(Disclosure::Internal);
    let r = rows(
        internal
            .table("Disclosures of child sexual exploitation")
            .unwrap(),
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0][1], "2", "Q2 holds disclosures 2 and 3: {r:?}");
    assert_eq!(r[0][2], "1", "Q1 holds disclosure 1: {r:?}");
    let html = String::from_utf8(render(&internal, Format::Html).unwrap()).unwrap();
    assert!(
        html.contains("Disclosures of child sexual exploitation in the quarter: 2."),
        "the narrative names the figure"
    );

    let public = doc_for(Disclosure::default());
    let r = rows(
        public
            .table("Disclosures of child sexual exploitation")
            .unwrap(),
    );
    assert_ne!(r[0][1], "2", "a count of 2 is not published");
    let html = String::from_utf8(render(&public, Format::Html).unwrap()).unwrap();
    assert!(html.contains("Disclosures of child sexual exploitation in the quarter: fewer than"));
}
