//! Generate a synthetic CIN census with deliberate faults, for parity and
//! speed runs: `cargo run --release -p sightline-cin --example gen -- OUT.xml N YEAR [SEED]`.
//!
//! Values are drawn around the census year so that roughly one child in
//! three breaks some rule; nothing here is real data.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sightline_cin::model::*;
use sightline_cin::writer;
use sightline_domain::calendar::Date;
use sightline_domain::codes::*;
use sightline_domain::ids::{LaNumber, Upn};

fn pick<T: Copy>(r: &mut SmallRng, xs: &[T]) -> T {
    xs[r.gen_range(0..xs.len())]
}

fn code<T: CodeList>(r: &mut SmallRng, bad: f64, junk: &str) -> Field<T> {
    if r.gen_bool(bad) {
        if r.gen_bool(0.5) {
            Field::Absent
        } else {
            Field::Invalid(junk.into())
        }
    } else {
        Field::Valid(pick(r, T::ALL))
    }
}

fn plus(d: Date, n: i64) -> Date {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new((-n) as u64)
    }
}

fn opt(r: &mut SmallRng, p: f64, d: Date) -> Field<Date> {
    if r.gen_bool(p) {
        Field::Valid(d)
    } else {
        Field::Absent
    }
}

fn child(r: &mut SmallRng, n: usize, refd: Date) -> CinChild {
    let la = LaNumber::new(pick(r, &[201, 806, 942, 999]))
        .unwrap_or_else(|_| LaNumber::new(201).unwrap());
    let mut c = CinChild {
        la_child_id: Some(match r.gen_range(0..200) {
            0 => format!("C-{n}"),
            1 => format!("C{n}XXXXXXXXXXXXXXXXXXXX"),
            2 => "DUP1".into(),
            _ => format!("C{n}"),
        }),
        ..Default::default()
    };
    if r.gen_range(0..200) == 0 {
        c.la_child_id = None;
    }
    match r.gen_range(0..100) {
        0..=79 => c.upn = Some(Upn::from_parts(la, n as u32).to_string()),
        80..=82 => {
            let u = Upn::from_parts(la, n as u32).to_string();
            c.upn = Some(format!("Z{}", &u[1..]));
        }
        83 => c.upn = Some("A2011234".into()),
        84 => c.upn = Some("M20112345678I".into()),
        _ => c.upn_unknown = code(r, 0.1, "UN9"),
    }
    if r.gen_range(0..50) == 0 {
        c.former_upn = Some(pick(r, &["A20112345678B", "M201123456780"]).into());
    }
    let unborn = r.gen_range(0..30) == 0;
    if unborn {
        c.expected_birth_date = Field::Valid(plus(refd, r.gen_range(-60..300)));
        c.sex = if r.gen_bool(0.8) {
            Field::Valid(Sex::Unknown)
        } else {
            Field::Valid(Sex::Female)
        };
    } else {
        c.birth_date = Field::Valid(plus(refd, -r.gen_range(-5..(26 * 365))));
        c.sex = code(r, 0.02, "X");
        if r.gen_range(0..100) == 0 {
            c.expected_birth_date = Field::Valid(plus(refd, 30));
        }
    }
    if r.gen_range(0..100) == 0 {
        c.death_date = Field::Valid(plus(refd, -r.gen_range(-10..500)));
    }
    c.ethnicity = code(r, 0.01, "XXXX");
    c.disabilities = match r.gen_range(0..100) {
        0..=69 => Some(vec![Field::Valid(Disability::None)]),
        70..=71 => Some(vec![
            Field::Valid(Disability::None),
            Field::Valid(Disability::Autism),
        ]),
        72 => Some(vec![
            Field::Valid(Disability::Learning),
            Field::Valid(Disability::Learning),
        ]),
        73 => None,
        74 => Some(vec![Field::Invalid("XYZ".into())]),
        _ => Some(
            (0..r.gen_range(1..4))
                .map(|_| Field::Valid(pick(r, &Disability::ALL[1..])))
                .collect(),
        ),
    };
    let n_eps = if r.gen_range(0..100) == 0 {
        0
    } else {
        r.gen_range(1..4)
    };
    let mut start = plus(refd, -r.gen_range(0..(3 * 365)));
    for k in 0..n_eps {
        let e = episode(r, start, refd, k + 1 == n_eps);
        start = e
            .closure_date
            .get()
            .map_or(plus(start, 30), |d| plus(d, r.gen_range(-5..60)));
        c.episodes.push(e);
        if start > refd {
            break;
        }
    }
    c
}

fn episode(r: &mut SmallRng, refer: Date, refd: Date, last: bool) -> CinEpisode {
    let nfa = r.gen_range(0..10) == 0;
    let mut e = CinEpisode {
        referral_date: if r.gen_range(0..300) == 0 {
            Field::Absent
        } else {
            Field::Valid(refer)
        },
        referral_source: code(r, 0.01, "11"),
        primary_need: if nfa && r.gen_bool(0.5) {
            Field::Absent
        } else {
            code(r, 0.01, "N10")
        },
        referral_nfa: match r.gen_range(0..200) {
            0 => Field::Absent,
            1 => Field::Invalid("yes".into()),
            _ => Field::Valid(nfa),
        },
        ..Default::default()
    };
    let closes = !last || r.gen_bool(0.5) || nfa;
    let end = plus(
        refer,
        if nfa {
            r.gen_range(0..3)
        } else {
            r.gen_range(20..400)
        },
    );
    if closes && end <= refd + Days::new(3) {
        e.closure_date = Field::Valid(end);
        e.reason_for_closure = if r.gen_range(0..100) == 0 {
            Field::Absent
        } else {
            code(r, 0.01, "RC0")
        };
    } else if r.gen_range(0..100) == 0 {
        e.reason_for_closure = Field::Valid(ReasonForClosure::ServicesCeased);
    }
    if nfa && r.gen_range(0..20) != 0 {
        return e;
    }
    let horizon = e.closure_date.get().unwrap_or(refd);
    for _ in 0..r.gen_range(0..3) {
        let s = plus(refer, r.gen_range(-2..30));
        let auth = plus(s, r.gen_range(0..70));
        let mut a = Assessment {
            start: Field::Valid(s),
            ..Default::default()
        };
        if auth <= horizon || r.gen_range(0..20) == 0 {
            a.authorised = Field::Valid(auth);
            let nf = r.gen_range(0..4);
            a.factors = Some((0..nf).map(|_| code(r, 0.02, "99Z")).collect());
        } else if r.gen_range(0..30) == 0 {
            a.factors = Some(vec![Field::Valid(AssessmentFactor::Neglect)]);
        }
        e.assessments.push(a);
    }
    if r.gen_range(0..4) == 0 {
        let s = plus(refer, r.gen_range(-1..20));
        let icpc = add_wd(s, r.gen_range(5..25));
        let mut s47 = Section47 {
            start: Field::Valid(s),
            icpc_target: opt(r, 0.7, plus(s, 21)),
            icpc_not_required: Field::Valid(r.gen_range(0..4) == 0),
            ..Default::default()
        };
        if icpc <= horizon && s47.icpc_not_required.get() == Some(false) {
            s47.icpc_date = Field::Valid(if r.gen_range(0..50) == 0 {
                plus(icpc, 1)
            } else {
                icpc
            });
            if r.gen_bool(0.6) {
                let cpp_end = plus(icpc, r.gen_range(30..500));
                e.cp_plans.push(CpPlan {
                    start: Field::Valid(icpc),
                    end: if cpp_end <= horizon {
                        Field::Valid(cpp_end)
                    } else {
                        Field::Absent
                    },
                    initial_category: code(r, 0.01, "ABC"),
                    latest_category: code(r, 0.01, "ABC"),
                    previous_plans: if r.gen_range(0..100) == 0 {
                        Field::Absent
                    } else {
                        Field::Valid(r.gen_range(0..3))
                    },
                    reviews: (1..r.gen_range(1..4))
                        .map(|k| Field::Valid(plus(icpc, 90 * k - r.gen_range(0..2) * 91)))
                        .collect(),
                });
            }
        }
        e.section47s.push(s47);
    }
    if r.gen_range(0..3) == 0 {
        let s = plus(refer, r.gen_range(-3..90));
        let end = plus(s, r.gen_range(0..300));
        e.cin_plans.push(CinPlanDates {
            start: Field::Valid(s),
            end: if end <= horizon {
                Field::Valid(end)
            } else {
                Field::Absent
            },
        });
    }
    if r.gen_range(0..50) == 0 {
        e.icpc_date = Field::Valid(plus(refer, 10));
    }
    e
}

fn add_wd(d: Date, n: u32) -> Date {
    sightline_domain::calendar::add_working_days(d, n)
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 3 {
        eprintln!("usage: gen OUT.xml N YEAR [SEED]");
        std::process::exit(2);
    }
    let n: usize = a[1].parse().unwrap_or(1000);
    let year: i32 = a[2].parse().unwrap_or(2025);
    let seed: u64 = a.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut r = SmallRng::seed_from_u64(seed);
    let refd = NaiveDate::from_ymd_opt(year, 3, 31).unwrap_or_default();
    let header = Header {
        collection: Some("CIN".into()),
        year: Field::Valid(year as u32),
        reference_date: Field::Valid(refd),
        source_level: Some("L".into()),
        lea: Some("201".into()),
        software_code: Some("Sightline".into()),
        release: Some("0.1".into()),
        serial_no: Some("1".into()),
        date_time: Some(format!("{year}-04-14T09:30:00")),
    };
    // Written child by child, so a national-size file needs little memory.
    let mut write = || -> std::io::Result<()> {
        let mut w = BufWriter::new(File::create(PathBuf::from(&a[0]))?);
        writer::write_start(&header, &mut w)?;
        for i in 1..=n {
            writer::write_child(&child(&mut r, i, refd), &mut w)?;
        }
        writer::write_end(&mut w)?;
        w.flush()
    };
    if let Err(e) = write() {
        eprintln!("{}: {e}", a[0]);
        std::process::exit(1);
    }
}
