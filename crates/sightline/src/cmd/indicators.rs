//! `sightline indicators`: compute the performance indicators from the store.
//!
//! ```text
//! sightline indicators --as-of 2016-09-30 [--la 808]... [--all] [--period YD|RY|Q|EP]
//!                      [--targets config/targets/stockton-2016-17.toml] [--param key=value]...
//!                      [--population reference|FILE.csv] [--compare FILE.csv] [--publish]
//!                      [--format text|json]
//! sightline indicators explain ICPC_ID --as-of 2016-09-30 --la 808 [same options]
//! sightline indicators list
//! ```
//!
//! Thin glue: options are parsed here, councils are read with the store's
//! indicator extract (only the tables the indicators read, proved to give
//! the same figures as the whole record; `sightline_store::extract`) with
//! their case file audits and VEMT records (`Store::load_quality`), two
//! councils at a time on separate connections, each computed as soon as it
//! is read; everything else is `sightline_indicators`. JSON output is an
//! array of figures (one council) or of `{la, name, figures}` (several).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_domain::la::{find_la, parse_population_csv, reference_population};
use sightline_domain::{Council, Date, LaNumber};
use sightline_indicators::{
    CATALOGUE, Comparisons, Config, CouncilFacts, CouncilFigures, Engine, PeriodType, Targets,
    render,
};

use super::Global;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = false)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Sub>,
    #[command(flatten)]
    pub opts: Options,
}

#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// Drill down: every child considered for one figure, in or out and why.
    Explain {
        /// Indicator id, e.g. icpc_within_15wd (see `sightline indicators list`).
        id: String,
    },
    /// List the indicator catalogue: id, unit, default period, label.
    List,
}

#[derive(clap::Args, Debug)]
pub struct Options {
    /// The as-of date E (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, global = true)]
    pub as_of: Option<String>,
    /// Council by DfE number (808) or ONS code (E06000004); repeat for several.
    /// Default: the only council in the store.
    #[arg(long = "la", global = true)]
    pub la: Vec<String>,
    /// Every council in the store (also `--la all`).
    #[arg(long, global = true, conflicts_with = "la")]
    pub all: bool,
    /// Period type for every indicator (default: the targets file's, else the catalogue's).
    #[arg(long, global = true)]
    pub period: Option<String>,
    /// The council's targets file (TOML, see config/targets/).
    #[arg(long, global = true)]
    pub targets: Option<PathBuf>,
    /// Parameter for every indicator, e.g. care_leaver_ages=16-21 (repeatable).
    #[arg(long = "param", global = true)]
    pub params: Vec<String>,
    /// Population table for rates: `reference` (the compiled-in table) or a CSV
    /// with the columns la_code,la_number,la_name,region,year,population_0_17,source.
    /// Default: the council's population_0_17.
    #[arg(long, global = true)]
    pub population: Option<String>,
    /// Published comparators CSV: indicator_id,area,period_end,value.
    #[arg(long, global = true)]
    pub compare: Option<PathBuf>,
    /// Published output: suppress small numbers (counts 1–5 and figures built
    /// on them become `c`, indicators.md §1.8).
    #[arg(long, global = true)]
    pub publish: bool,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

fn parse_date(s: &str) -> anyhow::Result<Date> {
    parse_iso_date(s)
        .or_else(|| parse_uk_date(s))
        .with_context(|| format!("--as-of {s:?}: expected a date like 2016-09-30 or 30/09/2016"))
}

fn config(o: &Options) -> anyhow::Result<Config> {
    let mut cfg = Config::default();
    if let Some(p) = &o.targets {
        cfg.targets = Some(Targets::load(p)?);
    }
    for pair in &o.params {
        let (k, v) = pair.split_once('=').with_context(|| {
            format!("--param {pair:?}: expected key=value, e.g. care_leaver_ages=16-21")
        })?;
        // Validate now so a typo fails before any work.
        sightline_indicators::Params::default().set(k.trim(), v)?;
        cfg.params.push((k.trim().to_string(), v.to_string()));
    }
    if let Some(p) = &o.period {
        cfg.period = Some(
            PeriodType::parse(p)
                .with_context(|| format!("--period {p:?}: expected YD, RY, Q or EP"))?,
        );
    }
    cfg.population = match o.population.as_deref() {
        None => None,
        Some("reference") => Some(reference_population().to_vec()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --population {path}"))?;
            let rows = parse_population_csv(&text);
            if rows.is_empty() {
                bail!(
                    "{path}: no population rows; expected the header la_code,la_number,la_name,region,year,population_0_17,source and one row per council and year"
                );
            }
            Some(rows)
        }
    };
    if let Some(p) = &o.compare {
        cfg.comparisons = Some(Comparisons::load(p)?);
    }
    Ok(cfg)
}

/// Which councils to compute, resolved against the store.
fn councils(
    o: &Options,
    held: &[sightline_store::CouncilSummary],
) -> anyhow::Result<Vec<LaNumber>> {
    let listing = || {
        held.iter()
            .map(|c| format!("{} {}", c.la, c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if o.all || o.la.iter().any(|l| l.eq_ignore_ascii_case("all")) {
        if held.is_empty() {
            bail!(
                "the store holds no councils; load one with `sightline generate` or `sightline import`"
            );
        }
        return Ok(held.iter().map(|c| c.la).collect());
    }
    if o.la.is_empty() {
        return match held {
            [one] => Ok(vec![one.la]),
            [] => bail!(
                "the store holds no councils; load one with `sightline generate` or `sightline import`"
            ),
            _ => bail!(
                "the store holds several councils ({}); choose with --la CODE or --all",
                listing()
            ),
        };
    }
    let mut out = vec![];
    for code in &o.la {
        let la = find_la(code)?;
        if !held.iter().any(|c| c.la == la.number) {
            bail!(
                "council {} {} is not in the store (it holds: {})",
                la.number,
                la.name,
                listing()
            );
        }
        out.push(la.number);
    }
    Ok(out)
}

fn load(store: &dyn sightline_store::Store, la: LaNumber) -> anyhow::Result<Council> {
    store
        .indicator_extract(la)?
        .with_context(|| format!("council {la} disappeared from the store while reading"))
}

/// Councils read at once (each on its own connection) while others are
/// computed. Three on two cores: one council's reading waits on I/O while
/// the others compute (England, 30 November 2026: SQLite 11.3–12.4 s with
/// three, 11.9–13.1 s with two; PostgreSQL 13.9–16.8 s against 15.2–17.3 s).
pub const READERS: usize = 3;

/// Every indicator at `as_of` for each of `las`, in that order: councils are
/// read `readers` at a time and each is computed (with its quality records)
/// on the thread that read it, so at most `readers` are held at once.
pub fn all_councils(
    store: &dyn sightline_store::Store,
    las: &[LaNumber],
    sizes: &[u64],
    as_of: Date,
    cfg: &Config,
    readers: usize,
    publish: bool,
) -> anyhow::Result<Vec<CouncilFigures>> {
    // Each child is prepared for the engine as it is read (`CouncilFacts`),
    // while its records are still in the CPU's cache.
    let results = sightline_store::extract::for_each_indicator_council_seeing(
        store,
        las,
        sizes,
        readers,
        &|size| CouncilFacts::with_capacity(usize::try_from(size).unwrap_or(0)),
        &|facts, child| facts.see(child),
        &|council, facts| -> anyhow::Result<CouncilFigures> {
            let quality = store.load_quality(council.la)?;
            let engine = Engine::with_facts(&council, cfg, facts)?.with_quality(&quality);
            let mut figures = engine.all(as_of);
            if publish {
                sightline_indicators::publish::suppress_for_publication(&mut figures);
            }
            Ok(CouncilFigures {
                la: council.la.to_string(),
                name: council.name.clone(),
                figures,
            })
        },
    )?;
    results.into_iter().collect()
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let o = &args.opts;
    if let Some(Sub::List) = args.command {
        for d in CATALOGUE {
            println!(
                "{:<38} {:<6} {:<3} {}",
                d.id,
                d.unit.code(),
                d.default_period.code(),
                d.label
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let as_of = parse_date(
        o.as_of
            .as_deref()
            .context("--as-of is required, e.g. --as-of 2016-09-30")?,
    )?;
    let cfg = config(o)?;
    if let Some(Sub::Explain { id }) = &args.command {
        sightline_indicators::engine::require_definition(id)?;
    }
    let store = sightline_store::open(&global.db)?;
    let held = store.councils()?;
    let las = councils(o, &held)?;

    if let Some(Sub::Explain { id }) = &args.command {
        let [la] = las.as_slice() else {
            bail!("explain works on one council: give one --la");
        };
        if o.publish {
            bail!("explain lists children and is for internal use only: drop --publish");
        }
        let council = load(store.as_ref(), *la)?;
        let quality = store.load_quality(*la)?;
        let e = Engine::new(&council, &cfg)?
            .with_quality(&quality)
            .explain(id, as_of, None)?;
        match o.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&e)?),
            Format::Text => print!("{}", render::explanation_text(&e)),
        }
        return Ok(ExitCode::SUCCESS);
    }

    // An England run holds at most READERS councils' records at once.
    let sizes: Vec<u64> = las
        .iter()
        .map(|la| held.iter().find(|c| c.la == *la).map_or(0, |c| c.children))
        .collect();
    let out = all_councils(
        store.as_ref(),
        &las,
        &sizes,
        as_of,
        &cfg,
        READERS,
        o.publish,
    )?;
    match o.format {
        Format::Json if out.len() == 1 => {
            println!("{}", serde_json::to_string_pretty(&out[0].figures)?)
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(&out)?),
        Format::Text if out.len() > 1 => print!("{}", render::side_by_side_table(&out)),
        Format::Text => print!("{}", render::figures_table(&out)),
    }
    Ok(ExitCode::SUCCESS)
}
