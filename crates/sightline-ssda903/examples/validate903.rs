//! Validate an SSDA903 return directory and print one line per finding,
//! `rule<TAB>table<TAB>row<TAB>child`, with timings on standard error — the
//! stand-in for `sightline validate 903` used by `bench/peer-903.sh`.
//!
//! `cargo run --release -p sightline-ssda903 --example validate903 -- DIR YEAR [PREV_DIR]`
//! `... --example validate903 -- --rules YEAR` lists the rule codes that run for YEAR.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use sightline_domain::CollectionYear;
use sightline_ssda903::{read_dir, validate_with_previous};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: validate903 DIR YEAR [PREV_DIR]");
        std::process::exit(2);
    }
    if args[0] == "--rules" {
        let year = args[1].parse::<i32>().unwrap_or(2025);
        for code in sightline_ssda903::rule_codes(CollectionYear(year), true) {
            println!("{code}");
        }
        return;
    }
    let Ok(year) = args[1].parse::<i32>() else {
        eprintln!(
            "expected a collection year such as 2025, found {:?}",
            args[1]
        );
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let ret = match read_dir(Path::new(&args[0])) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let prev = match args.get(2).map(|p| read_dir(Path::new(p))) {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
        None => None,
    };
    let t1 = Instant::now();
    let found = validate_with_previous(&ret, prev.as_ref(), CollectionYear(year));
    let t2 = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for f in &found {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            f.rule,
            f.table.as_deref().unwrap_or(""),
            f.row.unwrap_or(0),
            f.child.as_deref().unwrap_or("")
        );
    }
    let _ = out.flush();
    eprintln!(
        "read {} children / {} episodes in {:.3}s, validated in {:.3}s ({} findings), total {:.3}s",
        ret.header.len(),
        ret.episodes.len(),
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        found.len(),
        t2.duration_since(t0).as_secs_f64()
    );
}
