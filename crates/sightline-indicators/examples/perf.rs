//! Measure the indicator engine on a synthetic council (Middlesbrough-size
//! by default): preparation, every indicator at one date (with
//! previous-period and same-period-last-year values), and 60-month series.
//!
//! ```text
//! cargo run --release -p sightline-indicators --example perf -- \
//!     [--children N] [--runs N] [--store sqlite://PATH]
//! ```
//!
//! `--children N` sets the council's 0–17 population (default 33,000, as
//! Middlesbrough; 300,000 is about the largest council in England).
//! `--runs N` repeats each timed section N times and prints the best and
//! the mean (default 20 for a whole report, N/4 at least 3 for series).
//! `--no-quality` leaves out the quality records (`Engine::with_quality`),
//! so the four audit/VEMT figures are null as for a council without them.
//! With `--store URL` the generated council is also written to that store,
//! so `sightline indicators` can be tried on it.

use std::time::Instant;

use sightline_domain::Date;
use sightline_indicators::period::previous_as_of;
use sightline_indicators::{CATALOGUE, Config, Engine};
use sightline_synth::quality::quality_records;
use sightline_synth::{SynthConfig, generate};

/// Best and mean milliseconds of `runs` calls of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let (mut best, mut total) = (f64::MAX, 0.0);
    for _ in 0..runs {
        let t = Instant::now();
        f();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        best = best.min(ms);
        total += ms;
    }
    (best, total / runs.max(1) as f64)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    let v = args.get(i + 1)?;
    match v.parse() {
        Ok(x) => Some(x),
        Err(_) => {
            eprintln!("{name}: not a number: {v}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store_url: Option<String> = arg(&args, "--store");
    let runs: usize = arg(&args, "--runs").unwrap_or(20).max(1);
    let with_quality = !args.iter().any(|a| a == "--no-quality");
    let series_runs = (runs / 4).max(3);
    let mut cfg = SynthConfig::middlesbrough(1);
    if let Some(n) = arg::<u32>(&args, "--children") {
        cfg.population_0_17 = n;
    }
    if let Err(e) = cfg.validate() {
        eprintln!("{e}");
        std::process::exit(2);
    }

    let t = Instant::now();
    let council = generate(&cfg, &|_, _| {});
    let quality = quality_records(&cfg, &council);
    let engine_for = |config| {
        let engine = Engine::new(&council, config).expect("engine");
        if with_quality {
            engine.with_quality(&quality)
        } else {
            engine
        }
    };
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
        "generated {} (0-17 population {}: {} children, {} referrals/assessments/plans/episodes/conferences, {} workers{}) in {:.2?}",
        council.name,
        cfg.population_0_17,
        council.children.len(),
        records,
        council.workers.len(),
        if with_quality {
            ""
        } else {
            "; without quality records"
        },
        t.elapsed()
    );
    if let Some(url) = &store_url {
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
    let (best, mean) = time(runs, || {
        let engine = engine_for(&config);
        let figures = engine.all(e);
        assert_eq!(figures.len(), CATALOGUE.len());
    });
    println!(
        "all {} indicators at {e} (prepare + figure + previous + last year): best {best:.1} ms, mean {mean:.1} ms over {runs} runs",
        CATALOGUE.len(),
    );
    // The same, section by section (best of each).
    let mut parts = [f64::MAX; 4];
    for _ in 0..runs {
        let t = Instant::now();
        let engine = Engine::new(&council, &config).expect("engine");
        let t1 = Instant::now();
        let engine = if with_quality {
            engine.with_quality(&quality)
        } else {
            engine
        };
        let t2 = Instant::now();
        let figures = engine.all(e);
        let t3 = Instant::now();
        drop(figures);
        drop(engine);
        let t4 = Instant::now();
        for (k, (a, b)) in [(t, t1), (t1, t2), (t2, t3), (t3, t4)]
            .into_iter()
            .enumerate()
        {
            parts[k] = parts[k].min((b - a).as_secs_f64() * 1000.0);
        }
    }
    println!(
        "best of each: prepare {:.1} ms, with_quality {:.1} ms, all {:.1} ms, drop {:.1} ms",
        parts[0], parts[1], parts[2], parts[3]
    );

    let engine = engine_for(&config);

    // The slowest indicators (one value each, 20 repetitions).
    let mut per: Vec<(f64, &str)> = CATALOGUE
        .iter()
        .map(|d| {
            let t = Instant::now();
            for _ in 0..20 {
                engine.series(d.id, &[e], None).expect("series");
            }
            (t.elapsed().as_secs_f64() * 1000.0 / 20.0, d.id)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = per
        .iter()
        .take(8)
        .map(|(ms, id)| format!("{id} {ms:.2} ms"))
        .collect();
    println!("slowest single values: {}", top.join(", "));
    let one: f64 = per.iter().map(|x| x.0).sum();
    println!("every indicator at one date, summed: {one:.2} ms");

    // 60 month-ends back from E.
    let dates: Vec<Date> = (0..60).map(|k| previous_as_of(e, k)).rev().collect();
    let mut points = 0;
    let (best, mean) = time(series_runs, || {
        points = 0;
        for d in CATALOGUE {
            points += engine.series(d.id, &dates, None).expect("series").len();
        }
    });
    println!(
        "60-month series of every indicator ({points} values): best {best:.1} ms, mean {mean:.1} ms over {series_runs} runs"
    );
    let mut figs = 0;
    let (best, mean) = time(series_runs, || {
        // A fresh engine each run, so no remembered values carry over.
        let engine = engine_for(&config);
        figs = 0;
        for &d in &dates {
            figs += engine.all(d).len();
        }
    });
    println!(
        "60 monthly reports with trend and last year ({figs} figures, prepare included): best {best:.1} ms, mean {mean:.1} ms over {series_runs} runs"
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
