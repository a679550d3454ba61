//! Benchmark: projected outturn for every placement of a Middlesbrough-size
//! council (synthetic, `SynthConfig::middlesbrough`), at the documented
//! default cost table (`CostTable::default`).
//!
//! ```text
//! cargo run --release -p sightline-finance --example outturn_bench [SEED]
//! ```
//!
//! Prints the council's size, then the median and worst of 50 runs of (a)
//! costing every episode (`placement_costs_of`) and (b) projecting every
//! budget line (`project_placements`), and of both together; then of (c)
//! the path the CLI and web app take for a council with recorded costs:
//! `project_budget` over the synthetic council's own placement costs and
//! ledger lines, social work staffing included
//! (`sightline_synth::improvement::improvement_records`).

use std::time::{Duration, Instant};

use sightline_domain::calendar::parse_iso_date;
use sightline_domain::improvement::FinancialYear;
use sightline_finance::{CostTable, placement_costs_of, project_placements, residential_review};
use sightline_synth::{SynthConfig, generate};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    let council = generate(&SynthConfig::middlesbrough(seed), &|_, _| {});
    let year = FinancialYear(2024);
    let Some(as_of) = parse_iso_date("2024-09-30") else {
        return;
    };
    let looked_after = council
        .children
        .iter()
        .filter(|c| c.is_looked_after_on(as_of))
        .count();
    let episodes: usize = council.children.iter().map(|c| c.episodes.len()).sum();
    let table = CostTable::default();
    let (mut derive, mut project, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = Vec::new();
    for _ in 0..50 {
        let t0 = Instant::now();
        let costs = placement_costs_of(&council, &table, year.start(), year.end());
        let t1 = Instant::now();
        last = project_placements(year, as_of, &costs, &[]);
        let t2 = Instant::now();
        derive.push(t1 - t0);
        project.push(t2 - t1);
        both.push(t2 - t0);
    }
    let costs = placement_costs_of(&council, &table, year.start(), year.end());
    let review = residential_review(year, as_of, &costs, &[]);
    println!(
        "{}: {} children, {} looked after on {as_of}, {} episodes, {} costed placements in {year}",
        council.name,
        council.children.len(),
        looked_after,
        episodes,
        costs.len()
    );
    for o in &last {
        println!(
            "  {:<42} spent {:>15}  committed {:>15}  outturn {:>10}  open {}",
            o.head.label(),
            o.spent_to_date.display(),
            o.committed.display(),
            o.outturn.display_millions(),
            o.current_placements
        );
    }
    println!(
        "  external residential review: {} children, average {} a week, highest {}",
        review.current,
        review.average_weekly.display(),
        review.highest_weekly.display()
    );
    let t = Instant::now();
    let records = sightline_synth::improvement::improvement_records(
        &SynthConfig::middlesbrough(seed),
        &council,
    );
    let synth = t.elapsed();
    let mut recorded = Vec::new();
    let mut lines = Vec::new();
    for _ in 0..50 {
        let t0 = Instant::now();
        lines = sightline_finance::project_budget(
            year,
            as_of,
            &records.placement_costs,
            &records.budget_lines,
            &council.teams,
            &council.workers,
            &records.staff_rates,
        )
        .unwrap_or_default();
        recorded.push(t0.elapsed());
    }
    println!(
        "  synthetic records: {} placement costs, {} budget lines, built in {synth:?}; {} lines projected",
        records.placement_costs.len(),
        records.budget_lines.len(),
        lines.len()
    );
    for (name, v) in [
        ("cost episodes", derive),
        ("project outturn", project),
        ("both", both),
        ("project_budget", recorded),
    ] {
        let (median, worst) = stats(v);
        println!("{name:>16}: median {median:?}, worst {worst:?} (50 runs)");
    }
}
