//! The Executive Member headline report (models: seeds 000 and 002,
//! Middlesbrough): children looked after, on child protection plans and in
//! need at a date, as counts and rates per 10,000 children, against the
//! previous quarter, the same date last year, and England and regional
//! rates when a comparator file is given.
//!
//! Figures come from the indicator engine (`cla_count`, `cla_rate_per_10k`,
//! ...); comparators from its loader ([`sightline_indicators::Comparisons`]).
//! This module does not compute figures and does not write files.

use sightline_domain::Date;
use sightline_indicators::{Engine, Figure, PublishedValue};

use crate::Error;
use crate::cabinet::{figure_hidden, printed};
use crate::chart::{Chart, Series};
use crate::doc::{Block, Cell, Document, Table};
use crate::quarter::long_date;
use crate::suppress::{Disclosure, difference};

/// The three headline measures: (count id, rate id, label).
pub const MEASURES: &[(&str, &str, &str)] = &[
    (
        "cla_count",
        "cla_rate_per_10k",
        "Children looked after (CLA)",
    ),
    (
        "cp_plan_count",
        "cp_rate_per_10k",
        "Children subject to a child protection plan (CP)",
    ),
    ("cin_count", "cin_rate_per_10k", "Children in need (CIN)"),
];

fn count(f: &Figure) -> Option<u64> {
    f.numerator.and_then(|q| match q {
        sightline_indicators::Qty::Count(n) => Some(n.max(0) as u64),
        _ => None,
    })
}

fn published(v: &PublishedValue) -> String {
    match v {
        PublishedValue::Number(n) => format!("{n:.1}"),
        PublishedValue::Symbol(s) => s.clone(),
    }
}

/// Build the headline report at `as_of`.
pub fn build(engine: &Engine, as_of: Date, disclosure: &Disclosure) -> Result<Document, Error> {
    let d = disclosure;
    let council = engine.council();
    let mut rows = vec![];
    let mut rate_rows = vec![];
    let mut areas: Vec<String> = vec![];
    let mut figs = vec![];
    for (cid, rid, label) in MEASURES {
        let c = engine.figure(cid, as_of, None)?;
        let r = engine.figure(rid, as_of, None)?;
        for row in &r.comparisons {
            if !areas.contains(&row.area) {
                areas.push(row.area.clone());
            }
        }
        figs.push((label, c, r));
    }
    let mut prev_at = as_of;
    let mut year_at = as_of;
    for (label, c, r) in &figs {
        prev_at = c.previous_as_of;
        year_at = c.last_year_as_of;
        let cur = count(c).unwrap_or(0);
        let prev = c.previous_value.map(|v| v as u64);
        let year = c.last_year_value.map(|v| v as u64);
        let shown = |v: Option<u64>| match v {
            Some(v) => d.count(v),
            None => "–".to_string(),
        };
        rows.push(vec![
            Cell::text(**label),
            Cell::num(d.count(cur)),
            Cell::num(shown(prev)),
            Cell::num(match prev {
                Some(p) => difference(d, cur, p, d.hides(cur), d.hides(p)),
                None => "–".into(),
            }),
            Cell::num(shown(year)),
            Cell::num(match year {
                Some(y) => difference(d, cur, y, d.hides(cur), d.hides(y)),
                None => "–".into(),
            }),
        ]);
        let (rate, _) = printed(r, d);
        let rate_at = |v: Option<f64>, n: Option<u64>| match (v, n) {
            (_, Some(n)) if d.hides(n) => d.mark().to_string(),
            (Some(v), _) => format!("{v:.1}"),
            _ => "–".into(),
        };
        let mut rr = vec![
            Cell::text(**label),
            Cell::num(rate),
            Cell::num(rate_at(r.previous_value, prev)),
            Cell::num(rate_at(r.last_year_value, year)),
        ];
        for a in &areas {
            let v = r
                .comparisons
                .iter()
                .find(|x| &x.area == a)
                .map(|x| published(&x.value))
                .unwrap_or_else(|| "–".into());
            rr.push(Cell::num(v));
        }
        rate_rows.push(rr);
    }
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            text: "Headline figures".into(),
        },
        Block::Paragraph(format!(
            "Children looked after, subject to a child protection plan and in need in {} at {}, compared with {} (previous quarter) and {} (a year earlier).",
            council.name,
            long_date(as_of),
            long_date(prev_at),
            long_date(year_at)
        )),
        Block::Table(Table {
            caption: "Numbers of children".into(),
            header: vec![
                "Measure".into(),
                long_date(as_of),
                long_date(prev_at),
                "Change".into(),
                long_date(year_at),
                "Change on last year".into(),
            ],
            rows,
            widths: vec![34, 14, 14, 10, 14, 14],
        }),
    ];
    let mut header = vec![
        "Measure".into(),
        long_date(as_of),
        long_date(prev_at),
        long_date(year_at),
    ];
    header.extend(areas.iter().cloned());
    let n = header.len() as u16;
    let mut widths = vec![34];
    widths.extend(std::iter::repeat_n(66 / (n - 1), (n - 1) as usize));
    blocks.push(Block::Table(Table {
        caption: "Rates per 10,000 children aged 0–17".into(),
        header,
        rows: rate_rows,
        widths,
    }));
    let chart = rate_chart(engine, as_of, d)?;
    let table = chart.data_table(d.mark());
    blocks.push(Block::Chart(chart));
    blocks.push(Block::Table(table));
    if areas.is_empty() {
        blocks.push(Block::Note(
            "No comparator figures: give a comparator CSV (--comparisons) with England and regional rates for this date to compare.".into(),
        ));
    } else {
        blocks.push(Block::Note(format!(
            "Comparator rates ({}) are as published for {}; Sightline does not compute them.",
            areas.join(", "),
            long_date(as_of)
        )));
    }
    if let Some(f) = figs.first().map(|(_, _, r)| r)
        && let Some(n) = f.notes.first()
    {
        blocks.push(Block::Note(format!("Population: {n}")));
    }
    Ok(Document {
        title: "Children's Services Headline Report".into(),
        subtitle: vec![
            format!(
                "Executive Member for Children's Services — {}",
                council.name
            ),
            format!("Figures at {}", long_date(as_of)),
        ],
        blocks,
        disclosure_note: d.note(),
    })
}

/// Rates per 10,000 at this date and the four reporting points before it.
fn rate_chart(engine: &Engine, as_of: Date, d: &Disclosure) -> Result<Chart, Error> {
    let mut dates = vec![as_of];
    for _ in 0..4 {
        let prev = sightline_indicators::period::previous_as_of(dates[dates.len() - 1], 3);
        dates.push(prev);
    }
    dates.reverse();
    let mut series = vec![];
    for (_, rid, label) in MEASURES {
        let pts = engine.series(rid, &dates, None)?;
        series.push(Series {
            name: label
                .split(" (")
                .last()
                .unwrap_or(label)
                .trim_end_matches(')')
                .to_string(),
            values: pts
                .iter()
                .map(|p| {
                    if figure_hidden(
                        sightline_indicators::Unit::RatePer10k,
                        p.numerator,
                        p.denominator,
                        d,
                    ) {
                        None
                    } else {
                        p.value
                    }
                })
                .collect(),
        });
    }
    Ok(Chart {
        title: "Rates per 10,000 children: CLA, CP and CIN".into(),
        desc: format!(
            "Line chart of the rates per 10,000 children aged 0-17 of children looked after, on child protection plans and in need at the five reporting points to {}.",
            long_date(as_of)
        ),
        x_labels: dates
            .iter()
            .map(|d| d.format("%b %y").to_string())
            .collect(),
        series,
        unit: "per 10,000".into(),
    })
}
