//! `sightline report`: the documents councillors and inspectors receive —
//! the quarterly Cabinet report, the Executive Member headline report and
//! the Ofsted Annex A workbook — built from the store through the indicator
//! engine (`sightline-reports`). This module only parses arguments, loads
//! the council and writes the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use sightline_domain::LaNumber;
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_indicators::{Comparisons, Config, Engine, Targets};
use sightline_reports::{Disclosure, Format, Quarter, Suppression, annex_a, cabinet, headline};

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    report: Report,
}

#[derive(clap::Subcommand, Debug)]
enum Report {
    /// The quarterly Cabinet activity and performance report (HTML, DOCX or PDF by --out's extension).
    Cabinet(CabinetArgs),
    /// The Executive Member headline report: CLA, CP and CIN counts and rates at a date.
    Headline(HeadlineArgs),
    /// The Ofsted Annex A workbook (lists 1 to 11) for an inspection date.
    AnnexA(AnnexArgs),
    /// An improvement board paper for a meeting: the operational board's action tracker or the strategic board's exception report.
    Board(BoardArgs),
}

#[derive(clap::Args, Debug)]
struct BoardArgs {
    /// Which board: operational (every action) or strategic (exceptions only).
    #[arg(long)]
    kind: String,
    /// The meeting's date (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    meeting: String,
    /// The previous meeting's date, for the change log (default: the day before the plan version in force was agreed).
    #[arg(long)]
    last_meeting: Option<String>,
    /// Indicator targets (TOML) that rate linked indicators (default: the bands the web dashboard uses, config/targets/stockton-2016-17.toml).
    #[arg(long)]
    targets: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args, Debug)]
struct Common {
    /// The council's DfE LA number (e.g. 808 for Stockton-on-Tees).
    #[arg(long)]
    la: String,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args, Debug)]
struct Disclose {
    /// Print every figure, including counts of 1 to N children (internal use only; never publish).
    #[arg(long)]
    unsuppressed: bool,
    /// Largest count suppressed in public output.
    #[arg(long, default_value_t = 4)]
    suppress_max: u64,
    /// The mark printed for a suppressed figure.
    #[arg(long, default_value = "c")]
    suppress_mark: String,
}

impl Disclose {
    fn disclosure(&self) -> Disclosure {
        if self.unsuppressed {
            Disclosure::Internal
        } else {
            Disclosure::Public(Suppression {
                max: self.suppress_max,
                mark: self.suppress_mark.clone(),
            })
        }
    }
}

#[derive(clap::Args, Debug)]
struct CabinetArgs {
    /// Financial-year quarter: 2016-Q2 = July to September 2016 (Q4 = January to March of the next year).
    #[arg(long)]
    quarter: String,
    #[command(flatten)]
    common: Common,
    /// The council's targets file (bands, previous year's targets), e.g. config/targets/stockton-2016-17.toml.
    #[arg(long)]
    targets: Option<PathBuf>,
    /// The officers' narrative template (default: the one built in, config/narrative/cabinet.md).
    #[arg(long)]
    template: Option<PathBuf>,
    #[command(flatten)]
    disclose: Disclose,
}

#[derive(clap::Args, Debug)]
struct HeadlineArgs {
    /// The date of the figures (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    as_of: String,
    #[command(flatten)]
    common: Common,
    /// England / regional comparator CSV (indicator_id,area,period_end,value).
    #[arg(long)]
    comparisons: Option<PathBuf>,
    #[command(flatten)]
    disclose: Disclose,
}

#[derive(clap::Args, Debug)]
struct AnnexArgs {
    /// The date the inspection data is produced (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    inspection_date: String,
    #[command(flatten)]
    common: Common,
}

/// The targets the web dashboard rates indicators with, used by board
/// papers unless `--targets` names another file.
const BOARD_TARGETS: &str = include_str!("../../../../config/targets/stockton-2016-17.toml");

fn date_arg(s: &str, what: &str) -> anyhow::Result<sightline_domain::Date> {
    parse_iso_date(s)
        .or_else(|| parse_uk_date(s))
        .with_context(|| format!("--{what} {s:?}: expected a date like 2016-09-30 or 30/09/2016"))
}

fn load(global: &Global, la: &str) -> anyhow::Result<sightline_domain::Council> {
    let la = LaNumber::parse(la).map_err(|e| anyhow::anyhow!("--la {la:?}: {e}"))?;
    let store = sightline_store::open(&global.db)?;
    store
        .load_council(la)?
        .with_context(|| format!("no council {la} in the store {}", global.db))
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    match args.report {
        Report::Cabinet(a) => {
            let quarter = Quarter::parse(&a.quarter)?;
            let format = Format::from_path(&a.common.out)?;
            let template = match &a.template {
                Some(p) => {
                    let text = std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read {}", p.display()))?;
                    cabinet::parse_template(&text, &p.display().to_string())?
                }
                None => cabinet::parse_template(
                    cabinet::DEFAULT_TEMPLATE,
                    "config/narrative/cabinet.md",
                )?,
            };
            let targets = a.targets.as_deref().map(Targets::load).transpose()?;
            let council = load(global, &a.common.la)?;
            let config = Config {
                targets,
                ..Config::default()
            };
            let engine = Engine::new(&council, &config)?;
            let mut opts = cabinet::Options::new(quarter);
            opts.disclosure = a.disclose.disclosure();
            // The quality assurance, VEMT, homes and finance sections come
            // from the council's quality and finance records (empty lists
            // when none are saved: those sections then say "No data").
            let store = sightline_store::open(&global.db)?;
            let quality = store.load_quality(council.la).with_context(|| {
                format!("cannot read the quality records of council {}", council.la)
            })?;
            let improvement = store.load_improvement(council.la).with_context(|| {
                format!("cannot read the finance records of council {}", council.la)
            })?;
            let records = cabinet::Records {
                quality: Some(&quality),
                improvement: Some(&improvement),
            };
            let doc = cabinet::build_with_records(&engine, &template, &opts, records)?;
            write(&a.common.out, &sightline_reports::render(&doc, format)?)?;
        }
        Report::Headline(a) => {
            let as_of = date_arg(&a.as_of, "as-of")?;
            let format = Format::from_path(&a.common.out)?;
            let comparisons = a
                .comparisons
                .as_deref()
                .map(Comparisons::load)
                .transpose()?;
            let council = load(global, &a.common.la)?;
            let config = Config {
                comparisons,
                ..Config::default()
            };
            let engine = Engine::new(&council, &config)?;
            let doc = headline::build(&engine, as_of, &a.disclose.disclosure())?;
            write(&a.common.out, &sightline_reports::render(&doc, format)?)?;
        }
        Report::AnnexA(a) => {
            let date = date_arg(&a.inspection_date, "inspection-date")?;
            let council = load(global, &a.common.la)?;
            write(&a.common.out, &annex_a::workbook(&council, date)?)?;
        }
        Report::Board(a) => {
            let kind = sightline_reports::boards::BoardKind::parse(&a.kind)?;
            let meeting = date_arg(&a.meeting, "meeting")?;
            let last = a
                .last_meeting
                .as_deref()
                .map(|s| date_arg(s, "last-meeting"))
                .transpose()?;
            let format = Format::from_path(&a.common.out)?;
            let targets = match &a.targets {
                Some(p) => Targets::load(p)?,
                None => Targets::parse(BOARD_TARGETS, "config/targets/stockton-2016-17.toml")?,
            };
            let council = load(global, &a.common.la)?;
            let store = sightline_store::open(&global.db)?;
            let improvement = store.load_improvement(council.la).with_context(|| {
                format!(
                    "cannot read the improvement records of council {}",
                    council.la
                )
            })?;
            let quality = store.load_quality(council.la).with_context(|| {
                format!("cannot read the quality records of council {}", council.la)
            })?;
            let config = Config {
                targets: Some(targets),
                ..Config::default()
            };
            let engine = Engine::new(&council, &config)?.with_quality(&quality);
            let report =
                sightline_reports::boards::prepare(kind, &engine, &improvement, meeting, last)?;
            let doc = sightline_reports::boards::build(&report);
            write(&a.common.out, &sightline_reports::render(&doc, format)?)?;
            println!(
                "{} for {}: {} actions, {} exceptions, {} changes since {}; written to {}",
                kind.label(),
                meeting,
                report.plan.actions.len(),
                report.exceptions.len(),
                report.changes.len(),
                report.since,
                a.common.out.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
