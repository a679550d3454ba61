//! Stream a large synthetic council without holding it, and report speed:
//! `cargo run --release -p sightline-synth --example large -- [POPULATION] [CHUNK_FAMILIES]`.

use std::time::Instant;

use sightline_domain::calendar::CollectionYear;
use sightline_synth::{SynthConfig, generate_in_chunks};

fn main() {
    let mut args = std::env::args().skip(1);
    let population: u32 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(3_300_000);
    let chunk: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8_192);
    let cfg = SynthConfig {
        population_0_17: population,
        ..SynthConfig::default()
    };
    let on = CollectionYear(cfg.last_year).end();
    let t = Instant::now();
    let (mut children, mut records, mut cin, mut cp, mut cla, mut workers) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0usize);
    let r: Result<(), std::convert::Infallible> =
        generate_in_chunks(&cfg, chunk, &|_, _| {}, |_, w, chunk| {
            workers = w.len();
            for c in &chunk {
                children += 1;
                records += (c.contacts.len()
                    + c.referrals.len()
                    + c.assessments.len()
                    + c.episodes.len()
                    + c.visits.len()
                    + c.allocations.len()) as u64;
                cin += u64::from(c.is_in_need_on(on));
                cp += u64::from(c.is_on_cp_plan_on(on));
                cla += u64::from(c.is_looked_after_on(on));
            }
            Ok(())
        });
    let _ = r;
    println!(
        "population {population}: {children} children, {records} main records, {workers} workers in {:.2?}; at {on}: CIN {cin}, CP {cp}, CLA {cla}",
        t.elapsed()
    );
}
