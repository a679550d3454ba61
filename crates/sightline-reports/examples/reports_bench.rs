//! Build every report for a synthetic Middlesbrough-size council and time
//! each step (docs/PERFORMANCE.md). Writes the files to the folder given as
//! the first argument (default: the system temp folder).
//!
//! `cargo run --release -p sightline-reports --example reports_bench -- /tmp/out`

use std::time::Instant;

use sightline_indicators::{Config, Engine, Targets};
use sightline_reports::{Format, Quarter, annex_a, cabinet, headline, render};
use sightline_synth::{SynthConfig, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&out)?;
    let mut cfg = SynthConfig::middlesbrough(7);
    cfg.first_year = 2015;
    cfg.last_year = 2017;
    let t = Instant::now();
    let council = generate(&cfg, &|_, _| {});
    eprintln!(
        "generated {} children in {:.2?}",
        council.children.len(),
        t.elapsed()
    );
    let targets = Targets::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/targets/stockton-2016-17.toml"
    )))?;
    let config = Config {
        targets: Some(targets),
        ..Config::default()
    };
    let quarter = Quarter::parse("2016-Q2")?;
    let template = cabinet::parse_template(cabinet::DEFAULT_TEMPLATE, "cabinet.md")?;

    let t = Instant::now();
    let engine = Engine::new(&council, &config)?;
    let doc = cabinet::build(&engine, &template, &cabinet::Options::new(quarter))?;
    for (f, ext) in [
        (Format::Html, "html"),
        (Format::Docx, "docx"),
        (Format::Pdf, "pdf"),
    ] {
        std::fs::write(out.join(format!("cabinet.{ext}")), render(&doc, f)?)?;
    }
    println!("cabinet report, all three formats: {:.2?}", t.elapsed());

    let t = Instant::now();
    let engine = Engine::new(&council, &config)?;
    let doc = headline::build(&engine, quarter.end(), &Default::default())?;
    std::fs::write(out.join("headline.html"), render(&doc, Format::Html)?)?;
    std::fs::write(out.join("headline.pdf"), render(&doc, Format::Pdf)?)?;
    println!("headline report (HTML and PDF): {:.2?}", t.elapsed());

    let t = Instant::now();
    let bytes = annex_a::workbook(&council, quarter.end())?;
    std::fs::write(out.join("annex-a.xlsx"), bytes)?;
    println!("Annex A workbook: {:.2?}", t.elapsed());
    Ok(())
}
