//! Write the CIN census of a synthetic council (sightline-synth) through
//! [`sightline_cin::mapping::census_child`], child by child:
//! `cargo run --release -p sightline-cin --example synth -- OUT.xml YEAR [POPULATION_0_17] [SEED]`.
//!
//! This is the census Sightline itself would return, so the validator should
//! find little in it; the peer parity script runs both validators on it.

use std::fs::File;
use std::io::{BufWriter, Write};

use sightline_cin::mapping::census_child;
use sightline_cin::model::{Field, Header};
use sightline_cin::writer;
use sightline_domain::calendar::CollectionYear;
use sightline_synth::{SynthConfig, stream};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(year)) = (a.first(), a.get(1).and_then(|y| y.parse::<i32>().ok())) else {
        eprintln!("usage: synth OUT.xml YEAR [POPULATION_0_17] [SEED]");
        std::process::exit(2);
    };
    let population = a.get(2).and_then(|p| p.parse().ok()).unwrap_or(33_000);
    let seed = a.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let cfg = SynthConfig {
        population_0_17: population,
        seed,
        last_year: year.max(2021),
        ..SynthConfig::middlesbrough(seed)
    };
    let cy = CollectionYear(year);
    let header = Header {
        collection: Some("CIN".into()),
        year: Field::Valid(year.unsigned_abs()),
        reference_date: Field::Valid(cy.end()),
        source_level: Some("L".into()),
        lea: Some(cfg.la.to_string()),
        software_code: Some("Sightline".into()),
        release: Some(env!("CARGO_PKG_VERSION").into()),
        serial_no: Some("1".into()),
        date_time: Some(format!("{year}-04-14T09:30:00")),
    };
    let write = || -> std::io::Result<usize> {
        let mut w = BufWriter::new(File::create(out)?);
        writer::write_start(&header, &mut w)?;
        let mut n = 0;
        for record in stream(&cfg, 256) {
            if let Some(mut c) = census_child(&record, cy) {
                n += 1;
                c.position = n;
                writer::write_child(&c, &mut w)?;
            }
        }
        writer::write_end(&mut w)?;
        w.flush()?;
        Ok(n)
    };
    match write() {
        Ok(n) => eprintln!("{n} children written to {out}"),
        Err(e) => {
            eprintln!("{out}: {e}");
            std::process::exit(1);
        }
    }
}
