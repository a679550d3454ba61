//! Generate a synthetic SSDA903 return (and last year's) for parity and speed
//! runs: a council from `sightline-synth`, its return via `from_council`, then
//! optionally copied (to reach national size) and mutated (to break rules).
//!
//! `cargo run --release -p sightline-ssda903 --example gen903 -- OUT_DIR YEAR
//!  [--population N] [--seed S] [--mutate P] [--copies K] [--split N] [--prev PREV_DIR]`
//!
//! `--split N` cuts each episode of N days or more into N consecutive
//! placements (RNE `P`, joined by `X1`), to reach the episode count of a
//! national-size return (about 4.7 episodes per child).
//!
//! `--mutate P` changes one cell in a fraction P of rows: blanked, junk, a
//! value taken from another row of the same column, or a date moved by up to
//! a year. Nothing here is real data.

use std::path::PathBuf;
use std::time::Instant;

use chrono::Days;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sightline_domain::CollectionYear;
use sightline_ssda903::field::parse_date;
use sightline_ssda903::{Return903, Table, from_council, write_dir};
use sightline_synth::{SynthConfig, generate};

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Cut each episode of `n` days or more into `n` consecutive placements.
fn split_episode(cells: &[String], n: usize, year_end: chrono::NaiveDate) -> Vec<Vec<String>> {
    let (Some(start), end) = (parse_date(&cells[1]), parse_date(&cells[7])) else {
        return vec![cells.to_vec()];
    };
    if cells[3] == "V3" || cells[3] == "V4" || cells[5].starts_with('T') {
        return vec![cells.to_vec()];
    }
    // An open episode is cut only up to 31 March.
    let stop = end.unwrap_or(year_end);
    let days = (stop - start).num_days();
    if n < 2 || days < n as i64 {
        return vec![cells.to_vec()];
    }
    let step = days / n as i64;
    let fmt = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    (0..n)
        .map(|i| {
            let mut c = cells.to_vec();
            let from = start + Days::new((step * i as i64) as u64);
            c[1] = fmt(from);
            if i > 0 {
                c[2] = "P".into();
                c[5] = if i % 2 == 1 {
                    "U4".into()
                } else {
                    cells[5].clone()
                };
                if c[5] == cells[5] && i % 2 == 0 {
                    c[11] = format!("{}X", cells[11]);
                }
            }
            if i + 1 < n {
                c[7] = fmt(start + Days::new((step * (i as i64 + 1)) as u64));
                c[8] = "X1".into();
                c[9] = "CARPL".into();
            }
            c
        })
        .collect()
}

/// Copy every row `copies` times with the CHILD id suffixed, split episodes, then mutate.
fn reshape(
    ret: &Return903,
    copies: usize,
    mutate: f64,
    seed: u64,
    split: usize,
    year_end: chrono::NaiveDate,
) -> Return903 {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut out = Return903 {
        supplied: ret.supplied.clone(),
        ..Return903::default()
    };
    for t in Table::ALL {
        let mut rows = ret.rows_as_cells(t);
        if t == Table::Episodes && split > 1 {
            rows = rows
                .iter()
                .flat_map(|r| split_episode(r, split, year_end))
                .collect();
        }
        let ncol = t.columns().len();
        for k in 0..copies {
            for row in &rows {
                let mut cells = row.clone();
                if k > 0 {
                    cells[0] = format!("{}X{k}", cells[0]);
                }
                if mutate > 0.0 && rng.gen_bool(mutate) && ncol > 1 {
                    let c = rng.gen_range(1..ncol);
                    cells[c] = match rng.gen_range(0..4) {
                        0 => String::new(),
                        1 => "ZZ9".to_string(),
                        2 => {
                            let other = &rows[rng.gen_range(0..rows.len())];
                            other[c].clone()
                        }
                        _ => match parse_date(&cells[c]) {
                            Some(d) => {
                                let n = rng.gen_range(1..400u64);
                                let moved = if rng.gen_bool(0.5) {
                                    d.checked_add_days(Days::new(n))
                                } else {
                                    d.checked_sub_days(Days::new(n))
                                };
                                moved
                                    .map(|d| d.format("%d/%m/%Y").to_string())
                                    .unwrap_or_default()
                            }
                            None => String::new(),
                        },
                    };
                }
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                out.push_cells(t, 0, &refs);
            }
        }
    }
    out.renumber();
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!(
            "usage: gen903 OUT_DIR YEAR [--population N] [--seed S] [--mutate P] [--copies K] [--prev PREV_DIR]"
        );
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[0]);
    let year: i32 = args[1].parse().unwrap_or(2025);
    let population: u32 = arg(&args, "--population", 33_000);
    let seed: u64 = arg(&args, "--seed", 1);
    let mutate: f64 = arg(&args, "--mutate", 0.0);
    let copies: usize = arg(&args, "--copies", 1).max(1);
    let split: usize = arg(&args, "--split", 1);
    let prev: Option<PathBuf> = args
        .iter()
        .position(|a| a == "--prev")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let cfg = SynthConfig {
        population_0_17: population,
        seed,
        first_year: (year - 6).max(2016),
        last_year: year,
        ..SynthConfig::middlesbrough(seed)
    };
    let t = Instant::now();
    let council = generate(&cfg, &|_, _| {});
    eprintln!(
        "generated {} children in {:.1?}",
        council.children.len(),
        t.elapsed()
    );
    let ret = reshape(
        &from_council(&council, CollectionYear(year)),
        copies,
        mutate,
        seed,
        split,
        CollectionYear(year).end(),
    );
    if let Err(e) = write_dir(&ret, &out) {
        eprintln!("{e}");
        std::process::exit(2);
    }
    eprintln!(
        "{}: {} children, {} episodes",
        out.display(),
        ret.header.len(),
        ret.episodes.len()
    );
    if let Some(p) = prev {
        let last = reshape(
            &from_council(&council, CollectionYear(year - 1)),
            copies,
            mutate,
            seed + 1,
            split,
            CollectionYear(year - 1).end(),
        );
        if let Err(e) = write_dir(&last, &p) {
            eprintln!("{e}");
            std::process::exit(2);
        }
        eprintln!(
            "{}: {} children, {} episodes",
            p.display(),
            last.header.len(),
            last.episodes.len()
        );
    }
}
