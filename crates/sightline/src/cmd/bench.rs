//! `sightline bench`: Sightline's own benchmarks, run on the machine at hand.
//!
//! `bench load --councils N` generates N Middlesbrough-sized synthetic
//! councils (each a different English LA, 33,000 children aged 0–17, five
//! collection years) and loads each into the store, one after another, so
//! memory stays bounded by one council. `--councils 1` is the "generate and
//! load the default council" figure; `--councils 100` is the 100× scale
//! (about a quarter of England's children). Figures go to
//! `docs/PERFORMANCE.md`.
//!
//! It writes into the store given by `--db`: use a scratch database.

use std::process::ExitCode;
use std::time::Instant;

use sightline_domain::la::local_authorities;
use sightline_synth::SynthConfig;

use super::Global;
use crate::progress;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Generate and load N default-sized councils into the store, timing each step.
    Load {
        /// How many councils (1 = the default council; 100 = the 100× scale).
        #[arg(long, default_value_t = 1)]
        councils: usize,
        /// Children aged 0–17 in each council.
        #[arg(long, default_value_t = 33_000)]
        children: u32,
    },
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Load { councils, children } => load(global, councils, children),
    }
}

fn load(global: &Global, councils: usize, children: u32) -> anyhow::Result<ExitCode> {
    let las = local_authorities();
    anyhow::ensure!(
        (1..=las.len()).contains(&councils),
        "--councils must be between 1 and {} (one per English local authority)",
        las.len()
    );
    let store = sightline_store::open(&global.db)?;
    let started = Instant::now();
    let (mut gen_secs, mut load_secs, mut records) = (0.0, 0.0, 0u64);
    let bar = progress::bar(councils as u64, "councils");
    // Middlesbrough first, so that `--councils 1` is the demo council.
    let order = las
        .iter()
        .filter(|l| l.number.get() == 806)
        .chain(las.iter().filter(|l| l.number.get() != 806));
    for (i, la) in order.take(councils).enumerate() {
        let cfg = SynthConfig {
            la: la.number,
            name: la.name.clone(),
            population_0_17: children,
            seed: i as u64 + 1,
            ..SynthConfig::middlesbrough(1)
        };
        let t = Instant::now();
        let council = sightline_synth::generate(&cfg, &|_, _| {});
        gen_secs += t.elapsed().as_secs_f64();
        records += council
            .children
            .iter()
            .map(|c| record_count(c) as u64)
            .sum::<u64>();
        let t = Instant::now();
        store.replace_council(&council, &|_, _| {})?;
        load_secs += t.elapsed().as_secs_f64();
        bar.inc(1);
    }
    bar.finish_and_clear();
    let total = started.elapsed().as_secs_f64();
    println!(
        "{councils} council(s) of {children} children into {:?}: generate {gen_secs:.2} s, load {load_secs:.2} s, total {total:.2} s; {records} records ({:.0} records/s loaded); peak RSS {}",
        store.backend(),
        records as f64 / load_secs.max(1e-9),
        peak_rss().unwrap_or_else(|| "unknown".into())
    );
    Ok(ExitCode::SUCCESS)
}

/// Rows a child's record occupies (the child and each event).
fn record_count(c: &sightline_domain::ChildRecord) -> usize {
    1 + c.contacts.len()
        + c.referrals.len()
        + c.assessments.len()
        + c.strategy_discussions.len()
        + c.section47s.len()
        + c.conferences.len()
        + c.cp_plans.len()
        + c.cin_plans.len()
        + c.episodes.len()
        + c.cla_reviews.len()
        + c.visits.len()
        + c.health_checks.len()
        + c.offences.len()
        + c.annual_outcomes.len()
        + c.missing.len()
        + c.adoption_decisions.len()
        + usize::from(c.adoption.is_some())
        + usize::from(c.previous_permanence.is_some())
        + c.care_leaver_statuses.len()
        + c.leaving_care.len()
        + c.family_group_conferences.len()
        + c.safety_plans.len()
        + c.allocations.len()
}

/// Peak resident memory of this process (Linux `VmHWM`).
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}
