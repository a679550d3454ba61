//! Engine behaviour beyond the worked examples: rates from a population
//! table (seed 000), the population-year rule, many councils side by side,
//! comparators, trend tolerance overrides and the text output.

mod common;

use common::*;
use sightline_domain::Council;
use sightline_domain::la::{find_la, parse_population_csv};
use sightline_indicators::*;

/// A Middlesbrough-like council with exactly seed 000's counts at 29/02/2016:
/// 379 looked after, 256 on CP plans, 1,378 in need.
fn seed_000_council() -> Council {
    let children = (0..1378)
        .map(|i| {
            let mut c = child(&format!("M{i:05}"), "01/01/2008");
            c.referrals = vec![referral(1, "01/01/2016", "", false)];
            if i < 256 {
                c.cp_plans = vec![plan(1, "15/01/2016", "")];
            }
            if i < 379 {
                c.episodes = vec![ep(1, "01/02/2016", "", "", "S", "C2", "U4")];
            }
            c
        })
        .collect();
    let mut c = council(children);
    c.la = find_la("806").unwrap().number;
    c.name = "Middlesbrough".into();
    c.population_0_17 = 0;
    c
}

fn population_table(year: i32) -> Vec<sightline_domain::la::PopulationFigure> {
    parse_population_csv(&format!(
        "la_code,la_number,la_name,region,year,population_0_17,source\nE06000002,806,Middlesbrough,North East,{year},31801,test\n"
    ))
}

#[test]
fn seed_000_rates_with_two_decimals_from_the_mid_2015_population() {
    let c = seed_000_council();
    let cfg = Config {
        population: Some(population_table(2015)),
        params: vec![("rate_decimals".into(), "2".into())],
        ..Config::default()
    };
    let e = Engine::new(&c, &cfg).unwrap();
    let at = d("29/02/2016");
    let v = |id: &str| e.figure(id, at, None).unwrap();
    // 379 / 31,801 x 10,000 = 119.178 -> 119.18; 256 -> 80.50; 1,378 -> 433.32.
    assert_eq!(v("cla_rate_per_10k").display.as_deref(), Some("119.18"));
    assert_eq!(v("cp_rate_per_10k").display.as_deref(), Some("80.50"));
    assert_eq!(v("cin_rate_per_10k").display.as_deref(), Some("433.32"));
    assert_eq!(v("cin_rate_per_10k").denominator, Some(Qty::Count(31801)));
    assert!(v("cla_rate_per_10k").notes.is_empty());
}

#[test]
fn population_year_rule_and_fallback() {
    let c = seed_000_council();
    let cfg = Config {
        population: Some(population_table(2015)),
        ..Config::default()
    };
    let e = Engine::new(&c, &cfg).unwrap();
    // 18/08/2019 wants mid-2019: absent, so mid-2015 is used and flagged.
    let f = e.figure("cla_rate_per_10k", d("18/08/2019"), None).unwrap();
    assert!(
        f.notes
            .iter()
            .any(|n| n.starts_with("population_year_fallback") && n.contains("mid-2019")),
        "{:?}",
        f.notes
    );
    // 29/06/2016 (before 30 June) wants mid-2015: present, no note.
    let f = e.figure("cla_rate_per_10k", d("29/06/2016"), None).unwrap();
    assert!(f.notes.is_empty());
    // 30/06/2016 wants mid-2016: absent, falls back.
    let f = e.figure("cla_rate_per_10k", d("30/06/2016"), None).unwrap();
    assert_eq!(f.notes.len(), 1);
    // No population at all: the count is kept, the rate is null with a reason.
    let none = Config::default();
    let f = Engine::new(&c, &none)
        .unwrap()
        .figure("cla_rate_per_10k", d("29/02/2016"), None)
        .unwrap();
    assert_eq!(f.value, None);
    assert_eq!(f.numerator, Some(Qty::Count(379)));
    assert!(f.unavailable.unwrap().contains("population"));
}

#[test]
fn many_councils_side_by_side_never_merge_children() {
    let a = common::examples::cla_count_5_2();
    let mut b = seed_000_council();
    b.population_0_17 = 31801;
    let councils: Vec<Result<Council, Error>> = vec![Ok(a), Ok(b)];
    let out = side_by_side(councils, d("29/02/2016"), &Config::default()).unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].name, "Stockton-on-Tees");
    let cla = |i: usize| {
        out[i]
            .figures
            .iter()
            .find(|f| f.id == "cla_count")
            .unwrap()
            .value
    };
    // Stockton fixture at 29/02/2016: C1, C2, C4 is a short break, C5, C6 -> 4; Middlesbrough 379.
    assert_eq!(cla(0), Some(4.0));
    assert_eq!(cla(1), Some(379.0));
    let table = render::side_by_side_table(&out);
    let row = table
        .lines()
        .find(|l| l.starts_with("Children looked after "))
        .unwrap();
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells, ["Children looked after", "EP", "4", "379"]);
    assert!(
        table
            .lines()
            .nth(1)
            .unwrap()
            .contains("Stockton-on-Tees | Middlesbrough")
    );
    // An error from the source stops the run and is returned.
    let bad: Vec<Result<Council, Error>> = vec![Err(Error::UnknownIndicator("x".into()))];
    assert!(side_by_side(bad, d("29/02/2016"), &Config::default()).is_err());
}

#[test]
fn comparators_attach_to_the_matching_figure() {
    let c = common::examples::cla_count_5_2();
    let cfg = Config {
        comparisons: Some(
            Comparisons::parse(
                "indicator_id,area,period_end,value\ncla_rate_per_10k,England,2016-03-31,60.0\ncla_rate_per_10k,North East,2016-03-31,85.0\ncla_rate_per_10k,England,2015-03-31,60.0\n",
                "cmp.csv",
            )
            .unwrap(),
        ),
        ..Config::default()
    };
    let f = Engine::new(&c, &cfg)
        .unwrap()
        .figure("cla_rate_per_10k", d("31/03/2016"), None)
        .unwrap();
    let areas: Vec<&str> = f.comparisons.iter().map(|r| r.area.as_str()).collect();
    assert_eq!(areas, ["England", "North East"]);
}

#[test]
fn trend_tolerance_from_the_targets_file() {
    // §5.16's ICPCs: 66.7 -> 80.0. With a tolerance of 20 points that is stable.
    let c = common::examples::icpc_trend_5_16();
    let t = Targets::parse(
        "[icpc_within_15wd]\npolarity = \"higher\"\ntrend_tolerance = 20\ngreen = { min = 85 }\n",
        "t.toml",
    )
    .unwrap();
    let cfg = Config {
        targets: Some(t),
        ..Config::default()
    };
    let f = Engine::new(&c, &cfg)
        .unwrap()
        .figure("icpc_within_15wd", d("30/09/2016"), None)
        .unwrap();
    assert_eq!(f.trend, Some(Trend::Stable));
    // Two-colour band without amber: 80 is not >= 85 -> Red.
    assert_eq!(f.rag, Some(Rag::Red));
}

#[test]
fn period_override_changes_the_window() {
    let c = common::examples::icpc_trend_5_16();
    let cfg = Config::default();
    let e = Engine::new(&c, &cfg).unwrap();
    // Q at 30/09/2016: 01/07–30/09: T4 and T5, both in time.
    let f = e
        .figure("icpc_within_15wd", d("30/09/2016"), Some(PeriodType::Q))
        .unwrap();
    assert_eq!(
        (f.numerator, f.denominator),
        (Some(Qty::Count(2)), Some(Qty::Count(2)))
    );
    assert_eq!(f.window.start, d("01/07/2016"));
    // Q at 30/06/2016 (the previous quarter): T1, T2, T3 -> 2 / 3.
    assert_eq!(f.previous_value, Some(66.7));
    // A series over the quarter ends.
    let s = e
        .series(
            "icpc_within_15wd",
            &[d("30/06/2016"), d("30/09/2016")],
            Some(PeriodType::YD),
        )
        .unwrap();
    assert_eq!(
        s.iter().map(|p| p.value).collect::<Vec<_>>(),
        [Some(66.7), Some(80.0)]
    );
}

#[test]
fn text_table_and_drill_down_read_like_a_report() {
    let c = common::examples::icpc_5_5();
    let t = Targets::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/targets/stockton-2016-17.toml"
    )))
    .unwrap();
    let cfg = Config {
        targets: Some(t),
        ..Config::default()
    };
    let e = Engine::new(&c, &cfg).unwrap();
    let figures = CouncilFigures {
        la: c.la.to_string(),
        name: c.name.clone(),
        figures: vec![e.figure("icpc_within_15wd", d("30/06/2022"), None).unwrap()],
    };
    let text = render::figures_table(&[figures]);
    assert!(
        text.contains("Stockton-on-Tees (808) — as at 30/06/2022"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("Timeliness of ICPCs"))
        .unwrap();
    for cell in [
        "YD",
        "80.0%",
        "4 / 5",
        "Green: 85%+, Amber: 75% - 84%, Red: <= 75%",
        "Amber",
    ] {
        assert!(row.contains(cell), "{cell} missing in {row}");
    }
    let x = e
        .explain("icpc_within_15wd", d("30/06/2022"), None)
        .unwrap();
    let text = render::explanation_text(&x);
    assert!(text.contains("Value: 80.0%   (4 / 5)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("I6") && l.contains("late_by_1_wd")),
        "{text}"
    );
    // JSON has the keys the CLI promises.
    let json = serde_json::to_value(&x.figure).unwrap();
    for k in [
        "id",
        "label",
        "period",
        "value",
        "numerator",
        "denominator",
        "rag",
        "trend",
        "target",
    ] {
        assert!(json.get(k).is_some(), "{k}");
    }
    assert_eq!(json["value"], serde_json::json!(80.0));
    assert_eq!(json["rag"], serde_json::json!("Amber"));
}

#[test]
fn unknown_ids_and_parameters_are_errors() {
    let c = common::examples::icpc_5_5();
    let cfg = Config::default();
    let e = Engine::new(&c, &cfg).unwrap();
    assert!(matches!(
        e.figure("nope", d("30/06/2022"), None),
        Err(Error::UnknownIndicator(_))
    ));
    let bad = Config {
        params: vec![("care_leaver_ages".into(), "abc".into())],
        ..Config::default()
    };
    assert!(Engine::new(&c, &bad).is_err());
}

#[test]
fn caseload_does_not_depend_on_the_order_of_workers() {
    let mut c = common::examples::workforce_5_17();
    c.workers.reverse();
    let cfg = Config::default();
    let f = Engine::new(&c, &cfg)
        .unwrap()
        .figure("caseload_per_fte", d("30/09/2016"), None)
        .unwrap();
    assert_eq!(f.value, Some(19.0));
    assert_eq!(f.numerator, Some(Qty::Count(209)));
}

#[test]
fn published_outputs_suppress_small_numbers() {
    // §5.2's council: cla_count 3 (1-5: suppressed); rate 3 / 2,500 (numerator 3:
    // suppressed); cp_plan_count 0 is shown as 0.
    let cfg = Config::default();
    let a = common::examples::cla_count_5_2();
    let mut figs = Engine::new(&a, &cfg).unwrap().all(d("31/03/2016"));
    publish::suppress_for_publication(&mut figs);
    let get = |figs: &[Figure], id: &str| figs.iter().find(|f| f.id == id).unwrap().clone();
    assert_eq!(get(&figs, "cla_count").display.as_deref(), Some("c"));
    assert_eq!(get(&figs, "cla_count").numerator, None);
    assert_eq!(get(&figs, "cla_rate_per_10k").display.as_deref(), Some("c"));
    assert_eq!(get(&figs, "cp_plan_count").display.as_deref(), Some("0"));
    // §5.17's workforce: caseload 209 / 11.0 FTE is kept; 3 agency staff are suppressed.
    let w = common::examples::workforce_5_17();
    let mut figs = Engine::new(&w, &cfg).unwrap().all(d("30/09/2016"));
    publish::suppress_for_publication(&mut figs);
    assert_eq!(
        get(&figs, "caseload_per_fte").display.as_deref(),
        Some("19.0")
    );
    assert_eq!(
        get(&figs, "agency_staff_count").display.as_deref(),
        Some("c")
    );
    assert_eq!(get(&figs, "agency_staff_count").trend, None);
}

#[test]
fn a_council_label_replaces_the_catalogue_label_in_text_json_and_drill_down() {
    let c = common::examples::icpc_trend_5_16();
    let wording = "ICPCs held within 15 working days of the strategy discussion (Stockton)";
    let t = Targets::parse(
        &format!("[icpc_within_15wd]\nlabel = \"{wording}\"\ngreen = {{ min = 85 }}\n"),
        "t.toml",
    )
    .unwrap();
    assert_eq!(t.get("icpc_within_15wd").unwrap().label, Some(wording));
    let cfg = Config {
        targets: Some(t),
        ..Config::default()
    };
    let e = Engine::new(&c, &cfg).unwrap();
    let f = e.figure("icpc_within_15wd", d("30/09/2016"), None).unwrap();
    assert_eq!(f.label, wording);
    assert_eq!(
        f.catalogue_label,
        Some("Timeliness of ICPCs (15 Working Days)")
    );
    // Indicators without a council label keep the catalogue's, and say nothing more.
    let other = e.figure("cla_count", d("30/09/2016"), None).unwrap();
    assert_eq!(other.label, "Children looked after");
    assert_eq!(other.catalogue_label, None);

    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["label"], wording);
    assert_eq!(
        json["catalogue_label"],
        "Timeliness of ICPCs (15 Working Days)"
    );
    assert!(
        serde_json::to_value(&other)
            .unwrap()
            .get("catalogue_label")
            .is_none()
    );

    let table = render::figures_table(&[CouncilFigures {
        la: c.la.to_string(),
        name: c.name.clone(),
        figures: e.all(d("30/09/2016")),
    }]);
    assert!(
        table.contains("ICPCs held within 15 working days"),
        "{table}"
    );
    assert!(!table.contains("Timeliness of ICPCs"), "{table}");
    let x = e
        .explain("icpc_within_15wd", d("30/09/2016"), None)
        .unwrap();
    assert!(render::explanation_text(&x).contains(wording));

    // The same wording loaded twice is one interned string.
    let again = Targets::parse(&format!("[cla_count]\nlabel = \"{wording}\"\n"), "u.toml").unwrap();
    assert!(std::ptr::eq(
        again.get("cla_count").unwrap().label.unwrap(),
        f.label
    ));
}

#[test]
fn a_council_label_must_be_one_line_of_text() {
    for bad in [
        "[cla_count]\nlabel = \"\"\n",
        "[cla_count]\nlabel = 5\n",
        "[cla_count]\nlabel = \"two\\nlines\"\n",
    ] {
        let err = Targets::parse(bad, "t.toml").unwrap_err().to_string();
        assert!(err.contains("t.toml") && err.contains("label"), "{err}");
    }
}

/// Facts gathered child by child give the same figures as preparing the
/// council afresh; facts that do not cover exactly the council's children
/// (too few, another first child) are set aside, never used.
#[test]
fn facts_gathered_while_reading_are_used_only_when_they_cover_the_council() {
    let mut council = seed_000_council();
    // Children who differ, so a wrong child in the wrong place would show.
    council.children[0].cp_plans.clear();
    council.children[300].episodes.clear();
    let cfg = Config::default();
    let as_of = d("29/02/2016");
    let want = Engine::new(&council, &cfg).unwrap().all(as_of);
    let gathered = |children: &mut dyn Iterator<Item = &sightline_domain::ChildRecord>| {
        let mut f = CouncilFacts::with_capacity(0);
        for c in children {
            f.see(c);
        }
        f
    };
    let all = gathered(&mut council.children.iter());
    assert_eq!(all.len(), council.children.len());
    let missing_one = gathered(&mut council.children.iter().skip(1));
    let first_last = gathered(
        &mut council
            .children
            .last()
            .into_iter()
            .chain(&council.children[1..]),
    );
    let none = CouncilFacts::with_capacity(0);
    assert!(none.is_empty());
    for (what, facts) in [
        ("all, in order", all),
        ("one short", missing_one),
        ("the last child first", first_last),
        ("none", none),
    ] {
        let got = Engine::with_facts(&council, &cfg, facts)
            .unwrap()
            .all(as_of);
        assert_eq!(got, want, "{what}");
    }
    // Used when they cover the council: facts of another council with as
    // many children and the same first child give that council's figures.
    let mut other = council.clone();
    for c in other.children.iter_mut().skip(1) {
        c.cp_plans.clear();
    }
    let theirs = gathered(&mut other.children.iter());
    let got = Engine::with_facts(&council, &cfg, theirs)
        .unwrap()
        .all(as_of);
    let cp = |f: &[Figure]| {
        f.iter()
            .find(|f| f.id == "cp_plan_count")
            .unwrap()
            .numerator
    };
    assert_ne!(cp(&got), cp(&want), "the gathered facts were used");
}
