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
//! `bench load --england` loads every English LA sized so that the store
//! holds about 12 million children aged 0–17 (see [`england_sizes`]).
//!
//! `bench indicators --as-of D` times every indicator for every council in
//! the store at one date (read with the indicator extract, `READERS`
//! councils at a time, as `sightline indicators --la all` does), then a
//! 60-month series of every indicator for one council (`--series-la`,
//! default the largest), extract included.
//!
//! `bench load` writes into the store given by `--db`: use a scratch
//! database. `bench indicators` only reads.

use std::process::ExitCode;
use std::time::Instant;

use sightline_domain::la::{LocalAuthority, local_authorities, reference_population};
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
        /// England scale: every English LA, each sized by `england_sizes`
        /// (about 12 million children aged 0–17 in all). Overrides
        /// `--councils` and `--children`.
        #[arg(long)]
        england: bool,
    },
    /// Time every indicator for every council in the store at one date, and
    /// a 60-month series for one council.
    Indicators {
        /// The as-of date (YYYY-MM-DD).
        #[arg(long, default_value = "2025-03-31")]
        as_of: String,
        /// Council for the series (DfE number or ONS code); default: the
        /// council with the most children in the store.
        #[arg(long)]
        series_la: Option<String>,
        /// Months in the series (month ends back from --as-of).
        #[arg(long, default_value_t = 60)]
        months: u32,
        /// Councils read at once, each on its own connection.
        #[arg(long, default_value_t = super::indicators::READERS)]
        readers: usize,
        /// Time only reading the indicator extract of every council (no
        /// engine), to see how a run's time splits.
        #[arg(long)]
        extract_only: bool,
    },
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Load {
            councils,
            children,
            england,
        } => {
            let plan = if england {
                england_sizes(ENGLAND_CHILDREN)
            } else {
                uniform_sizes(councils, children)?
            };
            load(global, &plan)
        }
        What::Indicators {
            as_of,
            series_la,
            months,
            readers,
            extract_only,
        } => indicators(
            global,
            &as_of,
            series_la.as_deref(),
            months,
            readers,
            extract_only,
        ),
    }
}

/// Children aged 0–17 in England's synthetic store (ONS mid-2023: about
/// 12.0 million).
const ENGLAND_CHILDREN: u64 = 12_000_000;

/// `councils` councils of `children` each, Middlesbrough first so that
/// `--councils 1` is the demo council.
fn uniform_sizes(
    councils: usize,
    children: u32,
) -> anyhow::Result<Vec<(&'static LocalAuthority, u32)>> {
    let las = local_authorities();
    anyhow::ensure!(
        (1..=las.len()).contains(&councils),
        "--councils must be between 1 and {} (one per English local authority)",
        las.len()
    );
    let order = las
        .iter()
        .filter(|l| l.number.get() == 806)
        .chain(las.iter().filter(|l| l.number.get() != 806));
    Ok(order.take(councils).map(|l| (l, children)).collect())
}

/// Every English LA with a synthetic 0–17 population, summing to `total`.
///
/// The compiled-in population table holds a published figure only for
/// Middlesbrough, so the others are sized by the kind of authority their
/// ONS code names, with typical 0–17 populations (shire county E10 240,000;
/// metropolitan district E08 70,000; London borough E09 55,000; unitary E06
/// 45,000), spread ±30% deterministically by DfE number and scaled so the
/// total is `total`. Middlesbrough keeps its published figure. The point is
/// England's spread of council sizes (a few very large counties, many small
/// unitaries), not any real council's size.
pub fn england_sizes(total: u64) -> Vec<(&'static LocalAuthority, u32)> {
    let published = |la: &LocalAuthority| {
        sightline_domain::la::population_for(reference_population(), la.number, 2025)
            .map(|p| p.population_0_17)
    };
    let typical = |la: &LocalAuthority| -> f64 {
        let base = match la.ons_code.get(..3) {
            Some("E10") => 240_000.0,
            Some("E08") => 70_000.0,
            Some("E09") => 55_000.0,
            _ => 45_000.0,
        };
        let spread = (u64::from(la.number.get()) * 37 % 61) as f64 / 60.0; // 0..=1
        base * (0.7 + 0.6 * spread)
    };
    let las = local_authorities();
    let fixed: u64 = las.iter().filter_map(published).map(u64::from).sum();
    let free: f64 = las
        .iter()
        .filter(|l| published(l).is_none())
        .map(typical)
        .sum();
    let scale = (total.saturating_sub(fixed)) as f64 / free.max(1.0);
    las.iter()
        .map(|l| {
            let n = published(l).unwrap_or_else(|| (typical(l) * scale).round() as u32);
            (l, n.max(1_000))
        })
        .collect()
}

fn load(global: &Global, plan: &[(&'static LocalAuthority, u32)]) -> anyhow::Result<ExitCode> {
    let store = sightline_store::open(&global.db)?;
    let started = Instant::now();
    let (mut gen_secs, mut load_secs, mut records) = (0.0, 0.0, 0u64);
    let councils = plan.len();
    let children: u64 = plan.iter().map(|(_, n)| u64::from(*n)).sum();
    let bar = progress::bar(councils as u64, "councils");
    for (i, (la, size)) in plan.iter().enumerate() {
        let cfg = SynthConfig {
            la: la.number,
            name: la.name.clone(),
            population_0_17: *size,
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
        "{councils} council(s), {children} children aged 0–17 in all, into {:?}: generate {gen_secs:.2} s, load {load_secs:.2} s, total {total:.2} s; {records} records ({:.0} records/s loaded); peak RSS {}",
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

/// `bench indicators --extract-only`: read every council's indicator
/// extract, `readers` at a time, and drop it.
fn extract_only(
    store: &dyn sightline_store::Store,
    las: &[sightline_domain::LaNumber],
    sizes: &[u64],
    readers: usize,
) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let counts = sightline_store::extract::for_each_indicator_council(
        store,
        las,
        sizes,
        readers,
        &|council| council.children.len(),
    )?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "indicator extract of {} councils ({} child records) on {:?} with {readers} reader(s): {secs:.2} s wall",
        las.len(),
        counts.iter().sum::<usize>(),
        store.backend(),
    );
    Ok(ExitCode::SUCCESS)
}

/// `bench indicators`: see the module docs.
fn indicators(
    global: &Global,
    as_of: &str,
    series_la: Option<&str>,
    months: u32,
    readers: usize,
    only_extract: bool,
) -> anyhow::Result<ExitCode> {
    use sightline_indicators::period::previous_as_of;
    use sightline_indicators::{CATALOGUE, Config, CouncilFacts, Engine};
    use std::sync::Mutex;

    let as_of = sightline_domain::calendar::parse_iso_date(as_of)
        .ok_or_else(|| anyhow::anyhow!("--as-of {as_of:?}: expected a date like 2025-03-31"))?;
    anyhow::ensure!(
        (1..=240).contains(&months),
        "--months must be between 1 and 240"
    );
    anyhow::ensure!(
        (1..=16).contains(&readers),
        "--readers must be between 1 and 16"
    );
    let store = sightline_store::open(&global.db)?;
    let held = store.councils()?;
    anyhow::ensure!(
        !held.is_empty(),
        "the store holds no councils; load some with `sightline bench load --england`"
    );
    let las: Vec<_> = held.iter().map(|c| c.la).collect();
    let sizes: Vec<u64> = held.iter().map(|c| c.children).collect();
    if only_extract {
        return extract_only(store.as_ref(), &las, &sizes, readers);
    }
    let children: u64 = held.iter().map(|c| u64::from(c.population_0_17)).sum();
    let records: u64 = sizes.iter().sum();
    let cfg = Config::default();

    // 1. Every indicator for every council at one date.
    let compute_secs = Mutex::new(0.0f64);
    let t = Instant::now();
    let figures = sightline_store::extract::for_each_indicator_council_seeing(
        store.as_ref(),
        &las,
        &sizes,
        readers,
        &|size| CouncilFacts::with_capacity(usize::try_from(size).unwrap_or(0)),
        &|facts, child| facts.see(child),
        &|council, facts| -> anyhow::Result<usize> {
            let c0 = Instant::now();
            let quality = store.load_quality(council.la)?;
            let engine = Engine::with_facts(&council, &cfg, facts)?.with_quality(&quality);
            let n = engine.all(as_of).len();
            if let Ok(mut s) = compute_secs.lock() {
                *s += c0.elapsed().as_secs_f64();
            }
            Ok(n)
        },
    )?;
    let all_secs = t.elapsed().as_secs_f64();
    let mut n_figures = 0;
    for f in figures {
        n_figures += f?;
    }
    let compute = compute_secs.into_inner().unwrap_or(0.0);
    println!(
        "all {} indicators for {} councils ({children} children aged 0-17, {records} child records) at {as_of} on {:?} with {readers} reader(s): {all_secs:.2} s wall ({n_figures} figures; engine and quality records {compute:.2} s summed over threads, the rest reading the extract and preparing each child as it is read)",
        CATALOGUE.len(),
        las.len(),
        store.backend(),
    );

    // 2. A 60-month series for one council, extract included.
    let la = match series_la {
        Some(code) => super::resolve_la(code)?.number,
        None => held
            .iter()
            .max_by_key(|c| c.children)
            .map(|c| c.la)
            .ok_or_else(|| anyhow::anyhow!("no councils"))?,
    };
    let t = Instant::now();
    let council = store
        .indicator_extract(la)?
        .ok_or_else(|| anyhow::anyhow!("council {la} is not in the store"))?;
    let quality = store.load_quality(la)?;
    let read = t.elapsed().as_secs_f64();
    let dates: Vec<_> = (0..months)
        .map(|k| previous_as_of(as_of, k))
        .rev()
        .collect();
    let t2 = Instant::now();
    let engine = Engine::new(&council, &cfg)?.with_quality(&quality);
    let mut points = 0;
    for d in CATALOGUE {
        points += engine.series(d.id, &dates, None)?.len();
    }
    let compute = t2.elapsed().as_secs_f64();
    println!(
        "{months}-month series of every indicator for {} {} ({} child records, {points} values): {:.2} s (read {read:.2} s, compute {compute:.2} s)",
        la,
        council.name,
        council.children.len(),
        read + compute
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn england_sizes_cover_every_la_and_sum_to_the_total() {
        let plan = england_sizes(ENGLAND_CHILDREN);
        assert_eq!(plan.len(), local_authorities().len());
        let total: u64 = plan.iter().map(|(_, n)| u64::from(*n)).sum();
        assert!(total.abs_diff(ENGLAND_CHILDREN) < 1_000, "total {total}");
        // Middlesbrough keeps its published figure; shire counties are the largest.
        let mb = plan.iter().find(|(l, _)| l.number.get() == 806).unwrap();
        assert_eq!(mb.1, 31_801);
        let largest = plan.iter().max_by_key(|(_, n)| *n).unwrap();
        assert!(largest.0.ons_code.starts_with("E10"), "{:?}", largest.0);
    }
}
