//! Measure the indicator engine on a Middlesbrough-size synthetic council:
//! preparation, every indicator at one date (with previous-period and
//! same-period-last-year values), and 60-month series.
//!
//! ```text
//! cargo run --release -p sightline-indicators --example perf [-- --store sqlite://PATH]
//! ```
//!
//! With `--store URL` the generated council is also written to that store,
//! so `sightline indicators` can be tried on it.

use std::time::Instant;

use sightline_domain::Date;
use sightline_indicators::period::previous_as_of;
use sightline_indicators::{CATALOGUE, Config, Engine};
use sightline_synth::{SynthConfig, generate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store_url = args
        .iter()
        .position(|a| a == "--store")
        .and_then(|i| args.get(i + 1));

    let t = Instant::now();
    let council = generate(&SynthConfig::middlesbrough(1), &|_, _| {});
    let records: usize = council
        .children
        .iter()
        .map(|c| {
            c.referrals.len()
                + c.assessments.len()
                + c.cp_plans.len()
                + c.episodes.len()
                + c.conferences.len()
        })
        .sum();
    println!(
        "generated {} ({} children, {} referrals/assessments/plans/episodes/conferences, {} workers) in {:.2?}",
        council.name,
        council.children.len(),
        records,
        council.workers.len(),
        t.elapsed()
    );
    if let Some(url) = store_url {
        let store = sightline_store::open(url).expect("open store");
        store
            .replace_council(&council, &|_, _| {})
            .expect("store council");
        println!("stored in {url}");
    }

    let config = Config {
        params: vec![("establishment_fte".into(), "150".into())],
        ..Config::default()
    };
    let e = Date::from_ymd_opt(2025, 3, 31).expect("date");

    // Preparation plus all indicators at one date, as the CLI does it.
    let runs = 20;
    let mut best = f64::MAX;
    let mut total = 0.0;
    for _ in 0..runs {
        let t = Instant::now();
        let engine = Engine::new(&council, &config).expect("engine");
        let figures = engine.all(e);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(figures.len(), CATALOGUE.len());
        best = best.min(ms);
        total += ms;
    }
    println!(
        "all {} indicators at {e} (prepare + figure + previous + last year): best {best:.1} ms, mean {:.1} ms over {runs} runs",
        CATALOGUE.len(),
        total / runs as f64
    );

    let t = Instant::now();
    let engine = Engine::new(&council, &config).expect("engine");
    println!(
        "prepare alone: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // The slowest indicators (one value each, 50 repetitions).
    let mut per: Vec<(f64, &str)> = CATALOGUE
        .iter()
        .map(|d| {
            let t = Instant::now();
            for _ in 0..50 {
                engine.series(d.id, &[e], None).expect("series");
            }
            (t.elapsed().as_secs_f64() * 1000.0 / 50.0, d.id)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = per
        .iter()
        .take(6)
        .map(|(ms, id)| format!("{id} {ms:.2} ms"))
        .collect();
    println!("slowest single values: {}", top.join(", "));

    // 60 month-ends back from E.
    let dates: Vec<Date> = (0..60).map(|k| previous_as_of(e, k)).rev().collect();
    let t = Instant::now();
    let mut points = 0;
    for d in CATALOGUE {
        points += engine.series(d.id, &dates, None).expect("series").len();
    }
    println!(
        "60-month series of every indicator ({points} values): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let mut figs = 0;
    for &d in &dates {
        figs += engine.all(d).len();
    }
    println!(
        "60 monthly reports with trend and last year ({figs} figures): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let h = council.headline(e);
    let f = |id: &str| {
        engine
            .figure(id, e, None)
            .expect("figure")
            .display
            .unwrap_or_default()
    };
    println!(
        "at {e}: CLA {} (headline {}), CP {} ({}), CIN {} ({}), assessments in 45 wd {}, ICPC in 15 wd {}",
        f("cla_count"),
        h.cla,
        f("cp_plan_count"),
        h.cp,
        f("cin_count"),
        h.cin,
        f("assessments_within_45wd"),
        f("icpc_within_15wd")
    );
}
