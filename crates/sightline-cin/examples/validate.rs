//! Validate a CIN census file: `cargo run --release -p sightline-cin --example validate -- FILE YEAR [--json]`.
//! Prints one line per finding (or JSON lines), then the count and time on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use sightline_domain::calendar::CollectionYear;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(year)) = (
        args.first(),
        args.get(1).and_then(|y| y.parse::<i32>().ok()),
    ) else {
        eprintln!("usage: validate FILE YEAR [--json]");
        std::process::exit(2);
    };
    let json = args.iter().any(|a| a == "--json");
    let t = Instant::now();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
    let mut n = 0usize;
    let result = sightline_cin::validate_file_to(&PathBuf::from(file), CollectionYear(year), |f| {
        n += 1;
        let _ = if json {
            writeln!(out, "{}", serde_json::to_string(&f).unwrap_or_default())
        } else {
            writeln!(
                out,
                "{} {} {} {}",
                f.rule,
                f.child.as_deref().unwrap_or("-"),
                f.path.as_deref().unwrap_or("-"),
                f.message
            )
        };
    });
    let _ = out.flush();
    match result {
        Ok(()) => eprintln!("{n} findings in {:.3} s", t.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
