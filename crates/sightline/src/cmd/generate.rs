//! `sightline generate`: a synthetic council into the store.
//!
//! Why: demos, tests and benchmarks need a council with realistic volumes
//! and clean returns without real children's data. The council is streamed
//! into the store a chunk of families at a time, so a council 100 times
//! Middlesbrough's size loads in bounded memory; the load is still one
//! transaction (a failure leaves the store as it was).
//!
//! With `--out DIR` it writes the council as the statutory returns instead,
//! one per collection year: `DIR/903/<YYYY>/<table>.csv` and
//! `DIR/cin/<YYYY>.xml` (YYYY the year ending 31 March), through the same
//! writers `sightline export` uses, so what it writes validates clean.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sightline_domain::Council;
use sightline_domain::calendar::CollectionYear;
use sightline_synth::SynthConfig;

use super::Global;
use crate::progress;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The council's child population aged 0-17 (default 33000, about
    /// Middlesbrough's size); every flow and the workforce scale with it.
    #[arg(long, value_name = "N", default_value_t = 33_000)]
    pub children: u32,
    /// Random seed: the same seed, years and population give the same council.
    #[arg(long, value_name = "S", default_value_t = sightline_synth::DEFAULT_SEED)]
    pub seed: u64,
    /// Collection years FIRST-LAST, named by the year they end (2025 = 2024/25).
    #[arg(long, value_name = "FIRST-LAST", default_value = "2021-2025")]
    pub years: String,
    /// The council: a DfE LA number (806) or an ONS code (E06000002).
    #[arg(long, value_name = "CODE", default_value = "806")]
    pub la: String,
    /// Write the council's SSDA903 and CIN census returns to this folder
    /// instead of loading the store.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let la = sightline_domain::la::find_la(&args.la)?;
    let (first_year, last_year) = SynthConfig::parse_years(&args.years)?;
    let cfg = SynthConfig {
        la: la.number,
        name: la.name.clone(),
        population_0_17: args.children,
        seed: args.seed,
        first_year,
        last_year,
    };
    cfg.validate()?;
    if let Some(dir) = &args.out {
        return write_returns(&cfg, dir);
    }
    let started = Instant::now();
    let store = sightline_store::open(&global.db)
        .with_context(|| format!("cannot open the store {}", global.db))?;
    let mut stream = sightline_synth::stream(&cfg, 2_048);
    let shell = Council {
        la: cfg.la,
        name: cfg.name.clone(),
        population_0_17: cfg.population_0_17,
        teams: stream.teams().to_vec(),
        workers: stream.workers().to_vec(),
        children: Vec::new(),
    };
    let on = CollectionYear(last_year).end();
    let bar = progress::bar(stream.estimated_children(), "generating");
    let mut improvement = sightline_synth::improvement::ImprovementBuilder::new(&cfg);
    let mut quality = sightline_synth::quality::QualitySampler::new(&cfg);
    let (mut children, mut cla, mut cp, mut cin) = (0u64, 0u64, 0u64, 0u64);
    let mut counted = std::iter::from_fn(|| {
        let c = stream.next()?;
        children += 1;
        cla += u64::from(c.is_looked_after_on(on));
        cp += u64::from(c.is_on_cp_plan_on(on));
        cin += u64::from(c.is_in_need_on(on));
        improvement.observe(&c);
        quality.observe(&c);
        Some(c)
    });
    store
        .replace_council_streaming(&shell, &mut counted, &|done, _| bar.set_position(done))
        .with_context(|| format!("loading the council into {}", global.db))?;
    bar.finish_and_clear();
    store
        .save_improvement(cfg.la, &improvement.finish(&shell.workers))
        .with_context(|| {
            format!(
                "saving the improvement plan and finance records into {}",
                global.db
            )
        })?;
    store
        .save_quality(cfg.la, &quality.finish(&shell.teams, &shell.workers))
        .with_context(|| {
            format!(
                "saving the workforce and quality records into {}",
                global.db
            )
        })?;
    let rate = |n: u64| n as f64 * 10_000.0 / f64::from(cfg.population_0_17);
    println!(
        "Generated {} ({}): {children} children, {} workers, years {}-{} into {} in {:.1}s; at {}: {cin} children in need ({:.0} per 10,000), {cp} on CP plans ({:.0}), {cla} looked after ({:.0})",
        cfg.name,
        cfg.la,
        shell.workers.len(),
        CollectionYear(first_year).label(),
        CollectionYear(last_year).label(),
        global.db,
        started.elapsed().as_secs_f64(),
        on.format("%d/%m/%Y"),
        rate(cin),
        rate(cp),
        rate(cla),
    );
    Ok(ExitCode::SUCCESS)
}

/// Generate the council in memory and write each year's returns under `dir`.
fn write_returns(cfg: &SynthConfig, dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let bar = progress::bar(0, "generating");
    let council = sightline_synth::generate(cfg, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    for year in cfg.first_year..=cfg.last_year {
        let year = CollectionYear(year);
        let ssda903 = dir.join("903").join(year.0.to_string());
        std::fs::create_dir_all(&ssda903)
            .with_context(|| format!("cannot create the directory {}", ssda903.display()))?;
        sightline_ssda903::write_dir(&sightline_ssda903::from_council(&council, year), &ssda903)?;
        let cin_dir = dir.join("cin");
        std::fs::create_dir_all(&cin_dir)
            .with_context(|| format!("cannot create the directory {}", cin_dir.display()))?;
        let cin = cin_dir.join(format!("{}.xml", year.0));
        sightline_cin::write_file(&sightline_cin::from_council(&council, year), &cin)?;
    }
    println!(
        "Wrote the SSDA903 and CIN census returns of {} ({}) for {} ({} children) to {} in {:.1}s",
        cfg.name,
        cfg.la,
        if cfg.first_year == cfg.last_year {
            CollectionYear(cfg.last_year).label()
        } else {
            format!(
                "{} to {}",
                CollectionYear(cfg.first_year).label(),
                CollectionYear(cfg.last_year).label()
            )
        },
        council.children.len(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
