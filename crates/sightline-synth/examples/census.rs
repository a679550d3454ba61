//! Print a synthetic council's headline figures and flows per collection
//! year, and how long generation took:
//! `cargo run --release -p sightline-synth --example census -- [POPULATION] [SEED]`.

use std::time::Instant;

use sightline_domain::calendar::{CollectionYear, working_days_between};
use sightline_synth::{SynthConfig, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let population: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(33_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let cfg = SynthConfig {
        population_0_17: population,
        seed,
        ..SynthConfig::middlesbrough(seed)
    };
    let t = Instant::now();
    let council = generate(&cfg, &|_, _| {});
    let took = t.elapsed();
    let records: usize = council
        .children
        .iter()
        .map(|c| {
            c.contacts.len()
                + c.referrals.len()
                + c.assessments.len()
                + c.strategy_discussions.len()
                + c.section47s.len()
                + c.conferences.len()
                + c.cp_plans.len()
                + c.cin_plans.len()
                + c.episodes.len()
                + c.cla_reviews.len()
                + c.visits.len()
                + c.health_checks.len()
                + c.missing.len()
                + c.allocations.len()
        })
        .sum();
    println!(
        "generated {} children, {} records, {} workers in {:.2?}",
        council.children.len(),
        records,
        council.workers.len(),
        took
    );
    for y in cfg.first_year..=cfg.last_year {
        let cy = CollectionYear(y);
        let h = council.headline(cy.end());
        let in_year = |d: &sightline_domain::Date| cy.contains(*d);
        let mut referrals = 0;
        let mut rereferrals = 0;
        let mut assessments = 0;
        let mut in45 = 0;
        let mut s47 = 0;
        let mut icpc = 0;
        let mut icpc15 = 0;
        let mut cp_starts = 0;
        let mut cla_starts = 0;
        let mut contacts = 0;
        let mut adopted = 0;
        for c in &council.children {
            contacts += c.contacts.iter().filter(|x| in_year(&x.date)).count();
            for r in &c.referrals {
                if in_year(&r.date) {
                    referrals += 1;
                    if c.referrals
                        .iter()
                        .any(|p| p.date < r.date && p.date >= r.date - chrono::Months::new(12))
                    {
                        rereferrals += 1;
                    }
                }
            }
            for a in &c.assessments {
                if let Some(d) = a.authorised.filter(|d| in_year(d)) {
                    assessments += 1;
                    if working_days_between(a.start, d) <= 45 {
                        in45 += 1;
                    }
                }
            }
            s47 += c.section47s.iter().filter(|s| in_year(&s.start)).count();
            for conf in c
                .conferences
                .iter()
                .filter(|x| x.kind == sightline_domain::ConferenceKind::Initial && in_year(&x.date))
            {
                icpc += 1;
                if let Some(s) = conf
                    .section47
                    .and_then(|s| c.section47s.iter().find(|x| x.id == s))
                    && working_days_between(s.start, conf.date) <= 15
                {
                    icpc15 += 1;
                }
            }
            cp_starts += c.cp_plans.iter().filter(|p| in_year(&p.start)).count();
            cla_starts += c
                .episodes
                .iter()
                .filter(|e| {
                    e.reason_new == sightline_domain::codes::ReasonNewEpisode::Started
                        && !e.legal_status.is_short_break()
                        && in_year(&e.start)
                })
                .count();
            adopted += c
                .episodes
                .iter()
                .filter(|e| {
                    e.end
                        .is_some_and(|x| x.reason.is_adoption() && in_year(&x.date))
                })
                .count();
        }
        let leavers = council
            .children
            .iter()
            .filter(|c| {
                c.leaving_care
                    .iter()
                    .any(|l| l.start <= cy.end() && l.end.is_none_or(|e| e > cy.end()))
            })
            .count();
        println!(
            "{}: CIN {} ({:.0}/10k) CP {} ({:.0}) CLA {} ({:.0}) leavers {leavers} | contacts {contacts} referrals {referrals} re-ref {:.1}% assess {assessments} in45 {:.1}% s47 {s47} icpc {icpc} in15 {:.1}% cp starts {cp_starts} cla starts {cla_starts} adopted {adopted}",
            cy.label(),
            h.cin,
            h.rate_per_10k(h.cin).unwrap_or(0.0),
            h.cp,
            h.rate_per_10k(h.cp).unwrap_or(0.0),
            h.cla,
            h.rate_per_10k(h.cla).unwrap_or(0.0),
            100.0 * rereferrals as f64 / referrals.max(1) as f64,
            100.0 * in45 as f64 / assessments.max(1) as f64,
            100.0 * icpc15 as f64 / icpc.max(1) as f64,
        );
    }
}
