//! The Executive Member headline report: counts and rates equal to the
//! engine's, previous quarter and last year, comparators from the CSV.

mod common;

use common::{council, d};
use sightline_indicators::{Comparisons, Config, Engine};
use sightline_reports::{Disclosure, Format, headline, render};

#[test]
fn counts_rates_and_comparators() {
    let c = council();
    let comparisons = Comparisons::parse(
        "indicator_id,area,period_end,value\ncp_rate_per_10k,England,2016-09-30,43.1\ncp_rate_per_10k,North East,2016-09-30,64.2\ncla_rate_per_10k,England,2016-09-30,c\n",
        "cmp.csv",
    )
    .unwrap();
    let config = Config {
        comparisons: Some(comparisons),
        ..Config::default()
    };
    let engine = Engine::new(&c, &config).unwrap();
    let doc = headline::build(&engine, d("30/09/2016"), &Disclosure::Internal).unwrap();
    let counts = doc.table("Numbers of children").unwrap();
    assert_eq!(counts.header[1], "30 September 2016");
    assert_eq!(counts.header[2], "30 June 2016");
    assert_eq!(counts.header[4], "30 September 2015");
    let row = |label: &str| {
        counts
            .rows
            .iter()
            .find(|r| r[0].text.starts_with(label))
            .unwrap()
    };
    assert_eq!(row("Children subject")[1].text, "8");
    assert_eq!(row("Children subject")[2].text, "6");
    assert_eq!(row("Children subject")[3].text, "+2");
    assert_eq!(row("Children subject")[4].text, "0");
    assert_eq!(row("Children in need")[1].text, "12");
    let rates = doc.table("Rates per 10,000").unwrap();
    assert_eq!(
        rates.header[4..],
        ["England".to_string(), "North East".to_string()]
    );
    let cp = rates
        .rows
        .iter()
        .find(|r| r[0].text.starts_with("Children subject"))
        .unwrap();
    let engine_rate = engine
        .figure("cp_rate_per_10k", d("30/09/2016"), None)
        .unwrap();
    // 8 / 40,000 * 10,000 = 2.0
    assert_eq!(engine_rate.display.as_deref(), Some("2.0"));
    assert_eq!(cp[1].text, "2.0");
    assert_eq!(cp[4].text, "43.1");
    assert_eq!(cp[5].text, "64.2");
    let cla = rates
        .rows
        .iter()
        .find(|r| r[0].text.starts_with("Children looked"))
        .unwrap();
    assert_eq!(cla[4].text, "c", "DfE symbols pass through");
    assert_eq!(cla[5].text, "–", "no regional figure given");
    let chart = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            sightline_reports::doc::Block::Chart(c) => Some(c),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        chart.x_labels,
        ["Sep 15", "Dec 15", "Mar 16", "Jun 16", "Sep 16"]
    );
    assert_eq!(chart.series.len(), 3);
    assert_eq!(
        chart.series[1].values[4],
        Some(2.0),
        "CP rate at 30/09/2016"
    );
    assert_eq!(
        chart.series[1].values[3],
        Some(1.5),
        "6 plans at 30/06/2016"
    );
}

#[test]
fn public_headline_suppresses_small_counts() {
    let c = council();
    let config = Config::default();
    let engine = Engine::new(&c, &config).unwrap();
    let doc = headline::build(&engine, d("30/09/2016"), &Disclosure::default()).unwrap();
    let counts = doc.table("Numbers of children").unwrap();
    let cla = counts
        .rows
        .iter()
        .find(|r| r[0].text.starts_with("Children looked"))
        .unwrap();
    assert_eq!(cla[1].text, "c");
    assert_eq!(cla[3].text, "c", "the change would reveal it");
    let rates = doc.table("Rates per 10,000").unwrap();
    let cla = rates
        .rows
        .iter()
        .find(|r| r[0].text.starts_with("Children looked"))
        .unwrap();
    assert_eq!(cla[1].text, "c");
    assert!(doc.plain_text().contains("No comparator figures"));
    let pdf = render(&doc, Format::Pdf).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("(Numbers of children)"));
}
