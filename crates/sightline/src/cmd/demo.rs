//! `sightline demo`: a synthetic council in an embedded store, served.
//!
//! On an empty store it generates the default council (Middlesbrough-sized,
//! five collection years), loads it with a progress bar, and prints the
//! headline counts at the latest 31 March with rates per 10,000. On a store
//! that already holds data it loads nothing. Then it serves the web app.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use sightline_domain::Council;
use sightline_synth::SynthConfig;

use super::Global;
use crate::progress;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to serve on (loopback by default).
    #[arg(long, default_value_t = sightline_web::default_bind())]
    pub bind: SocketAddr,
    /// Seed of the synthetic council (the same seed gives the same council).
    #[arg(long, default_value_t = sightline_synth::DEFAULT_SEED)]
    pub seed: u64,
    /// Load and print the headline, then stop instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store: Arc<dyn sightline_store::Store> = Arc::from(sightline_store::open(&global.db)?);
    let held = store.councils()?;
    if held.is_empty() {
        let council = build(&args, store.as_ref())?;
        print_headline(&council);
    } else {
        for c in &held {
            println!(
                "The store {} already holds {} ({}): {} children. Serving it as it is.",
                global.db, c.name, c.la, c.children
            );
        }
    }
    if let Some(first) = store.councils()?.first() {
        print_demo_users(store.as_ref(), first.la)?;
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(store, args.bind)?;
    Ok(ExitCode::SUCCESS)
}

/// Generate the default council and load it, with progress bars.
fn build(args: &Args, store: &dyn sightline_store::Store) -> anyhow::Result<Council> {
    let cfg = SynthConfig::middlesbrough(args.seed);
    let started = Instant::now();
    let bar = progress::bar(0, "generating");
    let council = sightline_synth::generate(&cfg, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let generated = started.elapsed();
    let bar = progress::bar(0, "loading");
    store
        .replace_council(&council, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .context("cannot load the demo council into the store")?;
    store
        .save_improvement(
            council.la,
            &sightline_synth::improvement::improvement_records(&cfg, &council),
        )
        .context("cannot save the demo council's improvement plan and finance records")?;
    store
        .save_quality(
            council.la,
            &sightline_synth::quality::quality_records(&cfg, &council),
        )
        .context("cannot save the demo council's workforce and quality records")?;
    bar.finish_and_clear();
    println!(
        "Built {} ({}): {} children with records, {} workers, generated in {:.1} s, loaded in {:.1} s.",
        council.name,
        council.la,
        council.children.len(),
        council.workers.len(),
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64()
    );
    Ok(council)
}

/// One user per role with fixed, published credentials (demo only: the
/// demo is the one place these accounts are made, and it says so).
fn print_demo_users(
    store: &dyn sightline_store::Store,
    la: sightline_domain::LaNumber,
) -> anyhow::Result<()> {
    let users = sightline_web::demo_users(store, la, chrono::Utc::now().timestamp())?;
    println!();
    println!(
        "Demo users (DEMO ONLY: fixed, published credentials; never use them with real data)."
    );
    println!(
        "Sign in with the password, then the 6-digit code an authenticator app gives for the TOTP secret."
    );
    println!(
        "  {:<26} {:<20} {:<34} TOTP secret",
        "username", "role", "password"
    );
    for u in users {
        println!(
            "  {:<26} {:<20} {:<34} {}",
            u.username,
            u.role.code(),
            u.password,
            u.totp_secret
        );
    }
    Ok(())
}

fn print_headline(council: &Council) {
    let Some(on) = sightline_web::latest_census_date(council) else {
        return;
    };
    let h = council.headline(on);
    println!(
        "At {} (child population aged 0-17: {}):",
        on.format("%-d %B %Y"),
        h.population_0_17
    );
    for (label, n) in [
        ("Children looked after", h.cla),
        ("Children on child protection plans", h.cp),
        ("Children in need", h.cin),
    ] {
        let rate = h
            .rate_per_10k(n)
            .map_or_else(|| "-".to_string(), |r| format!("{r:.1}"));
        println!("  {label:<36} {n:>6}  = {rate:>6} per 10,000");
    }
}
