//! Bulk-load benchmark: builds a council of N copies of a hand-made child
//! record (about 30 rows each, fresh ids) and times `replace_council` and
//! `load_council` against the store at URL.
//!
//! ```text
//! cargo run --release -p sightline-store --features testing --example load_bench -- URL CHILDREN [--no-load] [--stream] [--scattered-ids]
//! /usr/bin/time -v target/release/examples/load_bench sqlite:///tmp/bench.db 1500000 --stream --no-load
//! ```
//!
//! `--stream` makes the children lazily and loads them with
//! `replace_council_streaming` (memory stays bounded); without it the whole
//! council is built in memory first and loaded with `replace_council`.
//!
//! Not a test: it measures, it does not assert.

use std::time::Instant;

use sightline_domain::{ChildId, ChildRecord, LaNumber};
use sightline_store::testing::{full_child, sample_council};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(n)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: load_bench URL CHILDREN [--no-load]");
        std::process::exit(2);
    };
    let n: usize = n.parse()?;
    let load = !args.iter().any(|a| a == "--no-load");
    let stream = args.iter().any(|a| a == "--stream");
    let scattered = args.iter().any(|a| a == "--scattered-ids");

    let started = Instant::now();
    let mut council = sample_council(LaNumber::new(806)?, 0, false);
    let mut children = (1..=n).map(|i| child(i, scattered));
    if !stream {
        council.children.reserve_exact(n);
        council.children.extend(&mut children);
    }
    let build = started.elapsed();

    let store = sightline_store::open(url)?;
    let rows = std::sync::atomic::AtomicU64::new(0);
    let progress = |done, _total| rows.store(done, std::sync::atomic::Ordering::Relaxed);
    let started = Instant::now();
    if stream {
        store.replace_council_streaming(&council, &mut children, &progress)?;
    } else {
        store.replace_council(&council, &progress)?;
    }
    let replace = started.elapsed();
    let rows = rows.into_inner();
    println!(
        "{url}: {n} children, {rows} rows; built in {:.2}s; {} {:.2}s = {:.0} rows/s",
        build.as_secs_f64(),
        if stream {
            "replace_council_streaming"
        } else {
            "replace_council"
        },
        replace.as_secs_f64(),
        rows as f64 / replace.as_secs_f64()
    );
    drop(council);
    if load {
        let started = Instant::now();
        let loaded = store.load_council(LaNumber::new(806)?)?;
        let took = started.elapsed();
        let got = loaded.map_or(0, |c| c.children.len());
        println!(
            "load_council {:.2}s = {:.0} rows/s ({got} children)",
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64()
        );
    }
    Ok(())
}

/// Child `i`: the hand-made full record trimmed to about 30 rows, the size
/// of a busy child's record, with a fresh id: zero-padded like the synthetic
/// generator's (`8060000001`, so they arrive in key order), or with
/// `--scattered-ids` `C1`, `C2`, ... (arriving out of key order: `C10` sorts
/// before `C2`).
fn child(i: usize, scattered: bool) -> ChildRecord {
    let id = if scattered {
        format!("C{i}")
    } else {
        format!("806{i:07}")
    };
    let id = ChildId::parse(&id).unwrap_or_else(|_| unreachable!("{id} is a valid id"));
    let mut r = full_child(&id, 1);
    r.contacts.truncate(1);
    r.visits.truncate(2);
    r.cla_reviews.truncate(1);
    r.conferences.truncate(1);
    r.allocations.truncate(1);
    r.assessments[0].factors.truncate(1);
    r.child.forename = format!("Child{i}");
    r
}
