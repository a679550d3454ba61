//! Time the streaming reader alone: `cargo run --release -p sightline-cin --example parse -- FILE`.

use std::time::Instant;

fn main() {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: parse FILE");
        std::process::exit(2);
    };
    let t = Instant::now();
    let mut n = 0usize;
    let result =
        sightline_cin::reader::ChildReader::open(std::path::Path::new(&file)).and_then(|mut r| {
            while r.next_child()?.is_some() {
                n += 1;
            }
            Ok(())
        });
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(1);
    }
    eprintln!("{n} children read in {:.3} s", t.elapsed().as_secs_f64());
}
