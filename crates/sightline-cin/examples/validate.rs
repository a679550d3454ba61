//! Validate a CIN census file: `cargo run --release -p sightline-cin --example validate -- FILE YEAR [--json]`.
//! Prints one line per finding (or JSON lines), then the count and time on stderr.

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
    match sightline_cin::validate_file(&PathBuf::from(file), CollectionYear(year)) {
        Ok(findings) => {
            let took = t.elapsed();
            for f in &findings {
                if json {
                    println!("{}", serde_json::to_string(f).unwrap_or_default());
                } else {
                    println!(
                        "{} {} {} {}",
                        f.rule,
                        f.child.as_deref().unwrap_or("-"),
                        f.path.as_deref().unwrap_or("-"),
                        f.message
                    );
                }
            }
            eprintln!("{} findings in {:.3} s", findings.len(), took.as_secs_f64());
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
