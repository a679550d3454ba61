//! `sightline validate 903 DIR --year YYYY` and `sightline validate cin FILE --year YYYY`.
//!
//! The contract other tools depend on: exit 0 when no rule fails, 1 when any
//! fails, 2 when the input cannot be read; `--format json` prints one object
//! per finding per line, `--format text` a report grouped by rule.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use sightline_domain::CollectionYear;
use sightline_exchange::{Finding, report};

use super::{Global, ReturnArg};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which return: `903` (a directory of CSV tables) or `cin` (one XML file).
    pub kind: ReturnArg,
    /// The return to check.
    pub path: PathBuf,
    /// Collection year, named by the year it ends (2025 = April 2024 to March 2025).
    #[arg(long)]
    pub year: i32,
    /// `text` for people, `json` (one finding per line) for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// SSDA903 only: last year's return, for the rules that compare years.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Text format: how many places to list under each rule.
    #[arg(long, default_value_t = 20)]
    pub max_places: usize,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let year = super::collection_year(args.year)?;
    if args.kind == ReturnArg::Cin && args.format == Format::Json {
        return stream_cin_json(&args, year);
    }
    let (what, findings) = match args.kind {
        ReturnArg::Ssda903 => ("SSDA903", validate_903(&args, year)?),
        ReturnArg::Cin => (
            "CIN census",
            sightline_cin::validate_file(&args.path, year)?,
        ),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => report::write_json_lines(&mut out, &findings)?,
        Format::Text => report::write_text(
            &mut out,
            &format!("{what} {}", year.label()),
            &findings,
            args.max_places,
        )?,
    }
    out.flush()?;
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn validate_903(args: &Args, year: CollectionYear) -> anyhow::Result<Vec<Finding>> {
    let ret = sightline_ssda903::read_dir(&args.path)?;
    Ok(match &args.previous {
        Some(p) => {
            let prev = sightline_ssda903::read_dir(p)?;
            sightline_ssda903::validate_with_previous(&ret, Some(&prev), year)
        }
        None => sightline_ssda903::validate(&ret, year),
    })
}

/// A national CIN census can hold millions of findings: as JSON lines they
/// are written as each batch of children is checked, never all held at once.
fn stream_cin_json(args: &Args, year: CollectionYear) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut failures = 0u64;
    let mut write_error = None;
    sightline_cin::validate_file_to(&args.path, year, |f| {
        failures += 1;
        if write_error.is_none()
            && let Err(e) = report::write_json_lines(&mut out, std::slice::from_ref(&f))
        {
            write_error = Some(e);
        }
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    out.flush()?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
