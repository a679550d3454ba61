//! Print one generated child's record and chronology (debugging aid):
//! `cargo run -p sightline-synth --example child -- CHILD_ID [SEED]`.

use sightline_synth::{SynthConfig, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_default();
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let council = generate(&SynthConfig::middlesbrough(seed), &|_, _| {});
    let Some(r) = council.children.iter().find(|c| c.child.id.as_str() == id) else {
        eprintln!("no child {id}");
        return;
    };
    println!("{:?} {:?} dob {:?}", r.child.id, r.child.sex, r.child.birth);
    for f in &r.referrals {
        println!("referral {f:?}");
    }
    for e in &r.episodes {
        println!(
            "episode {} {} {} {} {:?} {:?}",
            e.start, e.reason_new, e.legal_status, e.placement, e.end, e.reason_place_change
        );
    }
    for p in &r.cin_plans {
        println!("cin plan {p:?}");
    }
    for p in &r.cp_plans {
        println!("cp plan {p:?}");
    }
    for e in r.chronology() {
        if e.kind != sightline_domain::ChronologyKind::Visit {
            println!("{} {:?} {}", e.date, e.kind, e.summary);
        }
    }
}
