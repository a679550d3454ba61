//! `sightline finance`: placement finance from the store.
//!
//! ```text
//! sightline finance import --la 806 FILE.json
//! sightline finance outturn --la 806 --year 2025 [--as-of DATE] [--format text|json]
//! sightline finance residential-review --la 806 --year 2025 [--as-of DATE] [--format text|json]
//! sightline finance staffing --la 806 --year 2025 [--as-of DATE] [--format text|json]
//! ```
//!
//! Thin glue: records come from the store (`save_improvement` /
//! `load_improvement`), rules from `sightline_finance`. `--year` is the
//! financial year named by the year it starts (2025 = 2025/26). Placement
//! costs are the council's recorded ones; when it has recorded none, each
//! looked-after episode is costed at `sightline_finance::CostTable`'s
//! documented default rates, and the output says so. Budget lines with a
//! ledger figure are projected from the ledger date; without any, spent to
//! date is the placements' own cost to `--as-of`. The import file is
//! `ImprovementRecords` as JSON; it is checked whole and saved whole, or
//! nothing is saved.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_domain::improvement::{FinancialYear, ImprovementRecords, Pence, PlacementCost};
use sightline_domain::{Council, Date, LaNumber};
use sightline_finance::outturn::LineOutturn;
use sightline_finance::{CostTable, placement_costs_of};

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

/// Output format.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct View {
    /// Council by DfE number (806) or ONS code.
    #[arg(long)]
    pub la: String,
    /// Financial year, named by the year it starts (2025 = April 2025 to March 2026), or 2025/26.
    #[arg(long)]
    pub year: String,
    /// The as-of date (YYYY-MM-DD or DD/MM/YYYY); default today, or the year end once past.
    #[arg(long)]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// Save the council's improvement plan and finance records (JSON), replacing them.
    Import {
        #[arg(long)]
        la: String,
        file: PathBuf,
    },
    /// Write the council's improvement plan and finance records as JSON (the import format).
    Export {
        #[arg(long)]
        la: String,
    },
    /// Projected outturn and variance by budget line.
    Outturn(View),
    /// Children in external residential placements, plans and savings.
    ResidentialReview(View),
    /// Agency and permanent staffing cost per team.
    Staffing(View),
}

/// The parsed view options and the council's records.
pub(crate) struct Loaded {
    pub council: Council,
    pub records: ImprovementRecords,
}

pub(crate) fn load(global: &Global, la: &str) -> anyhow::Result<Loaded> {
    let la: LaNumber = super::resolve_la(la)?.number;
    let store = sightline_store::open(&global.db)?;
    let council = store
        .load_council(la)?
        .with_context(|| format!("the store holds no council {la}"))?;
    let records = store.load_improvement(la)?;
    Ok(Loaded { council, records })
}

pub(crate) fn date_arg(flag: &str, s: &str) -> anyhow::Result<Date> {
    parse_iso_date(s)
        .or_else(|| parse_uk_date(s))
        .with_context(|| format!("--{flag} {s:?}: expected a date like 2025-09-30 or 30/09/2025"))
}

fn as_of(v: &View, year: FinancialYear) -> anyhow::Result<Date> {
    match &v.as_of {
        Some(s) => date_arg("as-of", s),
        None => Ok(
            sightline_domain::calendar::england_date_at(chrono::Utc::now().timestamp())
                .min(year.end()),
        ),
    }
}

/// The council's recorded placement costs, or (when none) its episodes at
/// the default table; the second value names the basis.
fn costs(l: &Loaded, year: FinancialYear) -> (Vec<PlacementCost>, &'static str) {
    if l.records.placement_costs.is_empty() {
        (
            placement_costs_of(&l.council, &CostTable::default(), year.start(), year.end()),
            "episodes at the default cost table (no placement costs recorded)",
        )
    } else {
        (
            l.records.placement_costs.clone(),
            "placement costs recorded by the council",
        )
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(v)?)?;
    Ok(())
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Import { la, file } => import(global, &la, &file),
        Sub::Export { la } => {
            print_json(&load(global, &la)?.records)?;
            Ok(ExitCode::SUCCESS)
        }
        Sub::Outturn(v) => outturn(global, &v),
        Sub::ResidentialReview(v) => residential(global, &v),
        Sub::Staffing(v) => staffing(global, &v),
    }
}

fn import(global: &Global, la: &str, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let la: LaNumber = super::resolve_la(la)?.number;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not JSON", file.display()))?;
    // The refusals people hit most, named by record before the shape check.
    if let Some(costs) = value.get("placement_costs").and_then(|v| v.as_array()) {
        for (i, c) in costs.iter().enumerate() {
            if c.get("start")
                .is_none_or(|s| s.is_null() || s.as_str() == Some(""))
            {
                let child = c.get("child").and_then(|v| v.as_str()).unwrap_or("?");
                eprintln!(
                    "error: {}: placement_costs[{i}] (child {child}): start is required: a placement cost needs the date it starts to apply; nothing was saved",
                    file.display()
                );
                return Ok(ExitCode::from(1));
            }
        }
    }
    let records: ImprovementRecords = serde_json::from_value(value)
        .with_context(|| format!("{}: not improvement and finance records", file.display()))?;
    if let Err(e) = records.check() {
        eprintln!("error: {}: {e}; nothing was saved", file.display());
        return Ok(ExitCode::from(1));
    }
    let store = sightline_store::open(&global.db)?;
    store.save_improvement(la, &records)?;
    writeln!(
        out,
        "saved for council {la}: {} inspections, {} plan versions, {} placement costs, {} budget lines",
        records.inspections.len(),
        records.plans.len(),
        records.placement_costs.len(),
        records.budget_lines.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct OutturnOut<'a> {
    la: LaNumber,
    year: String,
    basis: &'a str,
    lines: Vec<LineOutturn>,
}

fn outturn(global: &Global, v: &View) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let year = FinancialYear::parse(&v.year)?;
    let l = load(global, &v.la)?;
    let as_of = as_of(v, year)?;
    let (costs, basis) = costs(&l, year);
    let lines = sightline_finance::project_budget(
        year,
        as_of,
        &costs,
        &l.records.budget_lines,
        &l.council.teams,
        &l.council.workers,
        &l.records.staff_rates,
    )?;
    if v.format == Format::Json {
        print_json(&OutturnOut {
            la: l.council.la,
            year: year.to_string(),
            basis,
            lines,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}) projected outturn {year}",
        l.council.name, l.council.la
    )?;
    writeln!(out, "basis: {basis}")?;
    writeln!(
        out,
        "{:<42} {:>12} {:>14} {:>14} {:>12} {:>14} {:>14} {:>6}",
        "Budget line", "Spent to", "Spent", "Committed", "Growth", "Outturn", "Variance", "Now"
    )?;
    let mut total = (Pence::ZERO, Pence::ZERO, Pence::ZERO);
    for o in &lines {
        writeln!(
            out,
            "{:<42} {:>12} {:>14} {:>14} {:>12} {:>14} {:>14} {:>6}",
            o.head.label(),
            o.as_of.to_string(),
            o.spent_to_date.display(),
            o.committed.display(),
            o.growth.display(),
            o.outturn.display(),
            o.variance.display(),
            o.current_placements
        )?;
        total.0 += o.budget;
        total.1 += o.outturn;
        total.2 += o.variance;
    }
    writeln!(
        out,
        "Total: budget {} ({}), projected outturn {} ({}), variance {} ({})",
        total.0.display(),
        total.0.display_millions(),
        total.1.display(),
        total.1.display_millions(),
        total.2.display(),
        total.2.display_millions()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn residential(global: &Global, v: &View) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let year = FinancialYear::parse(&v.year)?;
    let l = load(global, &v.la)?;
    let as_of = as_of(v, year)?;
    let (costs, basis) = costs(&l, year);
    let s =
        sightline_finance::residential_review(year, as_of, &costs, &l.records.residential_reviews);
    if v.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            la: LaNumber,
            year: String,
            as_of: Date,
            basis: &'a str,
            review: sightline_finance::ResidentialSummary,
        }
        print_json(&Out {
            la: l.council.la,
            year: year.to_string(),
            as_of,
            basis,
            review: s,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}) external residential review {year}, as at {as_of}",
        l.council.name, l.council.la
    )?;
    writeln!(out, "basis: {basis}")?;
    writeln!(
        out,
        "{} children in external residential or secure placements; average {} a week, highest {}",
        s.current,
        s.average_weekly.display(),
        s.highest_weekly.display()
    )?;
    writeln!(
        out,
        "{:<12} {:<22} {:>11} {:>11} {:>6} {:<26} {:>11} {:>12} {:>12} {:>12}",
        "Child",
        "Provider",
        "Weekly",
        "Since",
        "Weeks",
        "Plan",
        "Target",
        "In-year",
        "Full-year",
        "Actual"
    )?;
    for r in &s.rows {
        let status = match &r.status {
            sightline_finance::residential::ReviewStatus::InPlacement => String::new(),
            sightline_finance::residential::ReviewStatus::Overdue => " (overdue)".into(),
            sightline_finance::residential::ReviewStatus::Moved { date, .. } => {
                format!(" (moved {date})")
            }
        };
        writeln!(
            out,
            "{:<12} {:<22} {:>11} {:>11} {:>6} {:<26} {:>11} {:>12} {:>12} {:>12}",
            r.child.as_str(),
            r.provider.code(),
            r.weekly.display(),
            r.since.to_string(),
            r.weeks,
            format!("{}{status}", r.plan.map_or("not reviewed", |p| p.label())),
            r.target.map_or_else(|| "-".into(), |t| t.to_string()),
            r.projected_in_year.display(),
            r.full_year.display(),
            r.actual_to_date.display()
        )?;
    }
    writeln!(
        out,
        "Savings: projected in-year {}, full-year {}, actual to date {} ({} moved, {} overdue)",
        s.projected_in_year.display(),
        s.full_year.display(),
        s.actual_to_date.display(),
        s.moved,
        s.overdue
    )?;
    Ok(ExitCode::SUCCESS)
}

fn staffing(global: &Global, v: &View) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let year = FinancialYear::parse(&v.year)?;
    let l = load(global, &v.la)?;
    let to = as_of(v, year)?;
    anyhow::ensure!(
        !l.records.staff_rates.is_empty(),
        "council {} has no staff cost rates stored: import them with `sightline finance import`",
        l.council.la
    );
    let teams = sightline_finance::staffing_cost(
        &l.council.teams,
        &l.council.workers,
        &l.records.staff_rates,
        year,
        year.start(),
        to,
    )?;
    if v.format == Format::Json {
        print_json(&teams)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}) staffing cost {year}, {} to {to}",
        l.council.name,
        l.council.la,
        year.start()
    )?;
    writeln!(
        out,
        "{:<36} {:>14} {:>8} {:>14} {:>8} {:>8}",
        "Team", "Permanent", "FTE", "Agency", "FTE", "Agency%"
    )?;
    for t in &teams {
        let pct = if t.total().0 == 0 {
            "-".to_string()
        } else {
            format!("{}%", (t.agency.0 * 100 + t.total().0 / 2) / t.total().0)
        };
        writeln!(
            out,
            "{:<36} {:>14} {:>8} {:>14} {:>8} {:>8}",
            t.name,
            t.permanent.display(),
            format!("{}.{:02}", t.permanent_fte / 100, t.permanent_fte % 100),
            t.agency.display(),
            format!("{}.{:02}", t.agency_fte / 100, t.agency_fte % 100),
            pct
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
