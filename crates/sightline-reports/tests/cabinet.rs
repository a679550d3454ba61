//! Golden structure tests of the Cabinet report from a hand-built council:
//! section order, the seed's KPI layout, figures equal to the indicator
//! engine's, suppression applied, and the three formats re-read.

mod common;

use common::{council, stockton_targets};
use sightline_indicators::{Config, Engine};
use sightline_reports::doc::Block;
use sightline_reports::{Disclosure, Format, Quarter, cabinet, render};

/// Seed 003's KPI rows (indicators.md §3.1): measure as printed, period,
/// target bands as printed, 2015/16 target as printed, in table order.
const SEED_ROWS: &[(&str, &str, &str, &str)] = &[
    (
        "Timeliness of Single Assessments",
        "YD",
        "Green: >=95% Amber: 90% - 94% Red: <= 89%",
        "95.0%",
    ),
    (
        "Percentage of CPPs lasting 2 years or more",
        "YD",
        "Green: 0% - 2% Amber: 3% - 4% Red: >= 5%",
        "0-2%",
    ),
    (
        "Percentage of children becoming the subject of a CPP for a second or subsequent time (within 24 months)",
        "YD",
        "Green: 0% - 8% Amber: 9% - 12% Red: >= 13%",
        "0-8%",
    ),
    (
        "Percentage of Child Protection Cases which were reviewed with required timescales",
        "RY",
        "Green: 98%+ Amber: 95% - 97% Red: <= 94%",
        ">= 98%",
    ),
    (
        "Timeliness of ICPCs (15 Working Days)",
        "YD",
        "Green: 85%+ Amber: 75% - 84% Red: <= 75%",
        "85%",
    ),
    (
        "Children in Care cases which were reviewed within required timescales",
        "RY",
        "Green: 95%+ Amber: 91% - 94% Red: <= 90%",
        ">= 95%",
    ),
    (
        "Short-term stability of placements of looked after children: number of placements",
        "YD",
        "Green: 0% - 9% Amber: 10% - 12% Red: >= 13%",
        "0-9%",
    ),
    (
        "Longer term stability of placements of looked after children: length of placement",
        "EP",
        "Green: >= 65% Amber: 60% - 64% Red: <=59%",
        ">= 60%",
    ),
    (
        "Timeliness of placements of Children in Care for adoption following an agency decision that the child should be placed for adoption",
        "Q",
        "Green: 70%+ Amber: 66% - 69% Red: <= 65%",
        ">= 70%",
    ),
    (
        "Average time (in days) between a child entering care and moving in with its adoptive family, for children who have been adopted during the period - A1 indicator",
        "Q",
        "Green: <=593 Red: >593",
        "547 2011-14 National Threshold",
    ),
    (
        "Average time (in days) between a Local Authority receiving Court Authority to Place a Child and the Local Authority deciding on a Match to an Adoptive Family - A2 indicator",
        "Q",
        "Green: <=223 Red: >223",
        "152 2011-14 National Threshold",
    ),
    (
        "Percentage of Children in Care who have offended whilst in Care.",
        "YD",
        "Green: <=5% Red: >=6%",
        "5%",
    ),
    (
        "Health of CiC",
        "RY",
        "Green: 90%+ Amber: 80% - 89% Red: <= 79%",
        "90%",
    ),
    (
        "Number / proportion of children and young people placed in suitable accommodation (16-21 year olds)",
        "Q",
        "Green: 95%+ Amber: 85% - 94% Red: <= 85%",
        "95%",
    ),
    (
        "Number / proportion of care leavers in EET (16-21 year olds)",
        "Q",
        "Green: 55%+ Amber: 50% - 54% Red: <= 49%",
        "55%",
    ),
];

const SEED_TABLES: &[(&str, usize)] = &[
    (
        "Table 1: Assessment of need is completed in a timely manner",
        1,
    ),
    (
        "Table 2: Commitment to safeguard children from abuse and neglect is reflected in the support they receive",
        4,
    ),
    (
        "Table 3: Avoid unnecessary and disruptive placement moves for looked after children",
        6,
    ),
    ("Table 4: Outcomes for looked after children", 2),
    (
        "Table 5: Care leavers are supported into suitable housing and employment or training",
        2,
    ),
];

fn build(disclosure: Disclosure) -> sightline_reports::Document {
    let c = council();
    let config = Config {
        targets: Some(stockton_targets()),
        ..Config::default()
    };
    let engine = Engine::new(&c, &config).unwrap();
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md").unwrap();
    let mut opts = cabinet::Options::new(Quarter::parse("2016-Q2").unwrap());
    opts.disclosure = disclosure;
    cabinet::build(&engine, &template, &opts).unwrap()
}

#[test]
fn sections_follow_the_seed_order() {
    let doc = build(Disclosure::default());
    assert_eq!(
        doc.headings(),
        vec![
            "Summary",
            "Recommendations",
            "Performance update",
            "Activity",
            "Child sexual exploitation (VEMT)",
            "Quality assurance",
            "Team health checks",
            "Case file audits",
            "Workload pressures",
            "Children's homes",
            "Financial implications",
        ]
    );
    assert!(
        doc.subtitle[1].contains("quarter 2 2016/17 (30 September 2016)"),
        "{:?}",
        doc.subtitle
    );
}

#[test]
fn the_stockton_kpi_layout_reproduces_the_seed_rows_and_bands() {
    let doc = build(Disclosure::Internal);
    let kpi: Vec<_> = doc
        .tables()
        .into_iter()
        .filter(|t| t.caption.starts_with("Table "))
        .collect();
    assert_eq!(kpi.len(), SEED_TABLES.len());
    let mut rows = vec![];
    for (t, (caption, n)) in kpi.iter().zip(SEED_TABLES) {
        assert_eq!(&t.caption, caption);
        assert_eq!(t.rows.len(), *n, "{caption}");
        assert_eq!(
            t.header,
            vec![
                "Performance Measures",
                "Period",
                "Target Bands",
                "Sep 2016",
                "Short Trend",
                "2015/16 Target",
                "2015/16 Value (Provisional)"
            ]
        );
        rows.extend(t.rows.iter());
    }
    assert_eq!(rows.len(), SEED_ROWS.len());
    for (row, (label, period, bands, target)) in rows.iter().zip(SEED_ROWS) {
        assert_eq!(row[0].text, *label);
        assert_eq!(row[1].text, *period, "{label}");
        assert_eq!(row[2].text.replace('\n', " "), *bands, "{label}");
        assert_eq!(row[5].text, *target, "{label}");
    }
}

#[test]
fn kpi_values_rag_and_trend_are_the_engine_figures() {
    let c = council();
    let config = Config {
        targets: Some(stockton_targets()),
        ..Config::default()
    };
    let engine = Engine::new(&c, &config).unwrap();
    let doc = build(Disclosure::Internal);
    let end = Quarter::parse("2016-Q2").unwrap().end();
    let t = doc.table("Table 1").unwrap();
    let f = engine.figure("assessments_within_45wd", end, None).unwrap();
    // 10 assessments authorised in the year to date, 8 within 45 working days.
    assert_eq!(f.display.as_deref(), Some("80.0%"));
    assert_eq!(t.rows[0][3].text, "80.0%");
    assert_eq!(t.rows[0][3].rag, f.rag);
    assert_eq!(t.rows[0][4].trend, f.trend);
    for id in [
        "cp_plans_ended_2yrs_plus",
        "icpc_within_15wd",
        "cp_reviews_in_time",
    ] {
        let f = engine.figure(id, end, None).unwrap();
        let row = doc
            .table("Table 2")
            .unwrap()
            .rows
            .iter()
            .find(|r| r[0].text.starts_with(&f.label[..20]))
            .unwrap()
            .clone();
        let want = f.display.clone().unwrap_or_else(|| "–".into());
        assert_eq!(row[3].text, want, "{id}");
    }
    let icpc = engine.figure("icpc_within_15wd", end, None).unwrap();
    assert_eq!(
        icpc.display.as_deref(),
        Some("100.0%"),
        "6 ICPCs, all 4 working days after the S47"
    );
}

#[test]
fn public_output_suppresses_small_counts_and_what_reveals_them() {
    let public = build(Disclosure::default());
    let internal = build(Disclosure::Internal);
    let act = |d: &sightline_reports::Document| d.table("Activity at the end").unwrap().clone();
    let (p, i) = (act(&public), act(&internal));
    // CP plans 6 -> 8: published. Looked after 3 -> 3: suppressed with its change.
    assert_eq!(p.rows[0][1].text, "6");
    assert_eq!(p.rows[0][2].text, "8");
    assert_eq!(p.rows[0][3].text, "+2");
    assert_eq!(p.rows[1][0].text, "Looked after children");
    assert_eq!(p.rows[1][2].text, "c");
    assert_eq!(p.rows[1][3].text, "c");
    assert_eq!(p.rows[1][5].text, "c", "a rate on 3 children is suppressed");
    assert_eq!(i.rows[1][2].text, "3");
    assert_eq!(i.rows[1][3].text, "0");
    // Team table: 3 suppressed, and 9 with it, so the total 12 reveals nothing.
    let team = public.table("by team").unwrap();
    let cells: Vec<&str> = team.rows.iter().map(|r| r[3].text.as_str()).collect();
    assert_eq!(cells, vec!["c", "c", "12"]);
    let team_i = internal.table("by team").unwrap();
    let cells: Vec<&str> = team_i.rows.iter().map(|r| r[3].text.as_str()).collect();
    assert_eq!(cells, vec!["3", "9", "12"]);
    // The narrative carries the same suppression.
    let text = public.plain_text();
    assert!(
        text.contains("there were fewer than 5 looked after children"),
        "{text}"
    );
    assert!(
        internal
            .plain_text()
            .contains("there were 3 looked after children")
    );
    assert!(public.disclosure_note.contains("1 to 4"));
    assert!(internal.disclosure_note.contains("not suppressed"));
    // The trend chart of CLA omits the suppressed points.
    let chart = public
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Chart(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    let cla = chart
        .series
        .iter()
        .find(|s| s.name == "Looked after")
        .unwrap();
    assert_eq!(cla.values.last(), Some(&None));
}

#[test]
fn sections_without_records_say_so() {
    let doc = build(Disclosure::default());
    let notes: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Note(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    for needle in [
        "VEMT",
        "team health check",
        "case file audits",
        "children's homes",
        "budgets",
    ] {
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("No data")
                    && n.to_lowercase().contains(&needle.to_lowercase())),
            "{needle}: {notes:?}"
        );
    }
}

#[test]
fn templates_are_checked_against_the_report_figures() {
    let e = cabinet::parse_template(
        "## summary\nThere were {{cla_count.previus}} children.\n",
        "my.md",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("my.md: line 2") && e.contains("cla_count.previus"),
        "{e}"
    );
    let e = cabinet::parse_template("## sumary\nx\n", "my.md")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown section"), "{e}");
    // A custom template's words carry the figures.
    let t = cabinet::parse_template(
        "## summary\nAt {{quarter_end}}: {{cp_plan_count}} on plans ({{cp_plan_count.change}}).\n",
        "my.md",
    )
    .unwrap();
    let c = council();
    let config = Config::default();
    let engine = Engine::new(&c, &config).unwrap();
    let doc = cabinet::build(
        &engine,
        &t,
        &cabinet::Options::new(Quarter::parse("2016-Q2").unwrap()),
    )
    .unwrap();
    assert!(
        doc.plain_text()
            .contains("At 30 September 2016: 8 on plans (an increase of 2 since 30 June 2016)."),
        "{}",
        doc.plain_text()
    );
}

#[test]
fn html_is_self_contained_and_script_free() {
    let doc = build(Disclosure::default());
    let html = String::from_utf8(render(&doc, Format::Html).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("src=") && !html.contains("<link"),
        "no external assets"
    );
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains("<title id=\"chart1-t\">"));
    assert!(html.contains("<h2>3. Performance update</h2>"));
    assert!(html.contains("Table 1: Assessment of need is completed in a timely manner"));
    assert!(html.contains("Green: &gt;=95%<br>Amber: 90% - 94%<br>Red: &lt;= 89%"));
}

#[test]
fn docx_reopens_with_headings_tables_and_pictures() {
    let doc = build(Disclosure::default());
    let bytes = render(&doc, Format::Docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert_eq!(
        xml.matches("<w:pStyle w:val=\"Heading1\"").count(),
        9,
        "nine sections"
    );
    assert_eq!(xml.matches("<w:tbl>").count(), doc.tables().len());
    assert!(xml.contains("Table 2: Commitment to safeguard children"));
    assert!(
        xml.contains("w:fill=\"F4A8A8\"")
            || xml.contains("w:fill=\"FFD98A\"")
            || xml.contains("w:fill=\"B7E1B0\"")
    );
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    let media: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .collect();
    assert_eq!(media.len(), 2, "{media:?}");
    let mut footer = String::new();
    let name = names
        .iter()
        .find(|n| n.starts_with("word/footer"))
        .unwrap()
        .clone();
    std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut footer).unwrap();
    assert!(footer.contains("PAGE"), "{footer}");
    // docx-rs parses it back.
    let parsed = docx_rs::read_docx(&bytes).unwrap();
    let tables = parsed
        .document
        .children
        .iter()
        .filter(|c| matches!(c, docx_rs::DocumentChild::Table(_)))
        .count();
    assert_eq!(tables, doc.tables().len());
}

#[test]
fn pdf_carries_the_key_figures_and_page_numbers() {
    let doc = build(Disclosure::default());
    let pdf = render(&doc, Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("(80.0%)"), "single assessments value");
    assert!(raw.contains("Page 1 of "));
    // When poppler's pdftotext is installed, extract the text as a reader would.
    if std::path::Path::new("/usr/bin/pdftotext").exists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let out = std::process::Command::new("/usr/bin/pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Timeliness of Single Assessments"), "{text}");
        assert!(text.contains("80.0%"));
        assert!(text.contains("Table 5: Care leavers are supported into suitable housing"));
        assert!(text.contains("Page 1 of"));
    }
}

#[test]
fn figures_built_on_small_counts_are_hidden() {
    use sightline_indicators::{Qty, Unit};
    use sightline_reports::cabinet::figure_hidden;
    let p = Disclosure::default();
    let c = |n| Some(Qty::Count(n));
    assert!(figure_hidden(Unit::Percent, c(3), c(40), &p), "numerator 3");
    assert!(
        figure_hidden(Unit::Percent, c(30), c(4), &p),
        "denominator 4"
    );
    assert!(
        !figure_hidden(Unit::Percent, c(0), c(40), &p),
        "0 of 40 is publishable"
    );
    assert!(
        figure_hidden(Unit::Days, c(1800), c(3), &p),
        "an average over 3 children"
    );
    assert!(
        figure_hidden(Unit::RatePer10k, c(2), c(40_000), &p),
        "a rate on 2 children"
    );
    assert!(!figure_hidden(Unit::RatePer10k, c(8), c(40_000), &p));
    assert!(figure_hidden(Unit::Count, c(1), None, &p));
    assert!(!figure_hidden(Unit::Count, c(0), None, &p));
    assert!(
        !figure_hidden(Unit::Fte, Some(Qty::FteHundredths(150)), None, &p),
        "FTE is not a count of children"
    );
    assert!(!figure_hidden(
        Unit::Percent,
        c(3),
        c(40),
        &Disclosure::Internal
    ));
}
