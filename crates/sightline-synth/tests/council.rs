//! The generated council: calibration, determinism, streaming, and the
//! structural rules a real council's records obey (and the DfE returns
//! check).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use sightline_domain::calendar::{
    CollectionYear, Date, add_working_days, age_on, birthday, working_days_between,
};
use sightline_domain::codes::*;
use sightline_domain::*;
use sightline_synth::{SynthConfig, generate, generate_in_chunks};

fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn council() -> &'static Council {
    static C: OnceLock<Council> = OnceLock::new();
    C.get_or_init(|| generate(&SynthConfig::default(), &|_, _| {}))
}

fn within(value: u32, target: f64, tolerance: f64) -> bool {
    (f64::from(value) - target).abs() <= target * tolerance
}

#[test]
fn default_council_is_calibrated_at_31_march_2025() {
    let c = council();
    let h = c.headline(d(2025, 3, 31));
    assert_eq!(h.population_0_17, 33_000);
    assert!(within(h.cin, 1800.0, 0.15), "children in need {}", h.cin);
    assert!(within(h.cp, 300.0, 0.15), "on CP plans {}", h.cp);
    assert!(within(h.cla, 500.0, 0.15), "looked after {}", h.cla);
    assert!((h.rate_per_10k(h.cla).unwrap_or(0.0) - f64::from(h.cla) / 3.3).abs() < 0.01);
    // Every year of the window looks alike (no warm-up drift).
    for y in 2021..=2025 {
        let h = c.headline(CollectionYear(y).end());
        assert!(within(h.cin, 1800.0, 0.2), "{y}: CIN {}", h.cin);
        assert!(within(h.cp, 300.0, 0.25), "{y}: CP {}", h.cp);
        assert!(within(h.cla, 500.0, 0.2), "{y}: CLA {}", h.cla);
    }
}

#[test]
fn headline_counts_match_the_definitions() {
    let c = council();
    let on = d(2024, 9, 30);
    let h = c.headline(on);
    let cla = c
        .children
        .iter()
        .filter(|r| r.child.death_date.is_none_or(|x| x > on))
        .filter(|r| {
            r.episodes.iter().any(|e| {
                e.start <= on
                    && e.end.is_none_or(|x| x.date > on)
                    && !e.legal_status.is_short_break()
            })
        })
        .count();
    let short = c
        .children
        .iter()
        .filter(|r| {
            r.episodes.iter().any(|e| {
                e.start <= on
                    && e.end.is_none_or(|x| x.date > on)
                    && e.legal_status.is_short_break()
            })
        })
        .count();
    assert_eq!(h.cla as usize, cla);
    assert!(
        short > 0,
        "some children on short breaks, not counted as looked after"
    );
}

#[test]
fn flows_look_like_a_council() {
    let c = council();
    let y = CollectionYear(2025);
    let mut referrals = 0;
    let mut rereferrals = 0;
    let mut assessed = 0;
    let mut in_time = 0;
    let mut icpcs = 0;
    let mut icpc_in_time = 0;
    let mut contacts = 0;
    for r in &c.children {
        contacts += r.contacts.iter().filter(|x| y.contains(x.date)).count();
        for f in r.referrals.iter().filter(|f| y.contains(f.date)) {
            referrals += 1;
            let year_before = f.date - chrono::Months::new(12);
            if r.referrals
                .iter()
                .any(|p| p.date < f.date && p.date >= year_before)
            {
                rereferrals += 1;
            }
        }
        for a in &r.assessments {
            if let Some(done) = a.authorised.filter(|x| y.contains(*x)) {
                assessed += 1;
                in_time += usize::from(working_days_between(a.start, done) <= 45);
            }
        }
        for conf in r
            .conferences
            .iter()
            .filter(|x| x.kind == ConferenceKind::Initial && y.contains(x.date))
        {
            icpcs += 1;
            let s47 = r
                .section47s
                .iter()
                .find(|s| Some(s.id) == conf.section47)
                .expect("ICPC follows an S47");
            icpc_in_time += usize::from(working_days_between(s47.start, conf.date) <= 15);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
    assert!(
        contacts > referrals * 2,
        "most contacts do not become referrals: {contacts} contacts, {referrals} referrals"
    );
    assert!(
        (17.0..=25.0).contains(&pct(rereferrals, referrals)),
        "re-referrals {:.1}%",
        pct(rereferrals, referrals)
    );
    assert!(
        (80.0..=95.0).contains(&pct(in_time, assessed)),
        "assessments in 45 wd {:.1}%",
        pct(in_time, assessed)
    );
    assert!(
        (72.0..=88.0).contains(&pct(icpc_in_time, icpcs)),
        "ICPCs in 15 wd {:.1}%",
        pct(icpc_in_time, icpcs)
    );
}

#[test]
fn same_seed_same_council_and_chunks_concatenate_to_it() {
    let cfg = SynthConfig {
        population_0_17: 4_000,
        seed: 7,
        ..SynthConfig::default()
    };
    let a = generate(&cfg, &|_, _| {});
    let b = generate(&cfg, &|_, _| {});
    assert_eq!(a, b);
    let mut streamed = Vec::new();
    let mut calls = 0;
    let r: Result<(), ()> = generate_in_chunks(&cfg, 37, &|_, _| {}, |teams, workers, chunk| {
        assert_eq!(teams, a.teams.as_slice());
        assert_eq!(workers.len(), a.workers.len());
        calls += 1;
        streamed.extend(chunk);
        Ok(())
    });
    assert!(r.is_ok());
    assert!(calls > 5);
    assert_eq!(streamed, a.children);
    // The thread count does not change the council.
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let serial = one_thread.install(|| generate(&cfg, &|_, _| {}));
    assert_eq!(serial, a);
    let other = generate(&SynthConfig { seed: 8, ..cfg }, &|_, _| {});
    assert_ne!(other.children, a.children);
}

#[test]
fn scales_linearly_with_population() {
    let small = generate(
        &SynthConfig {
            population_0_17: 8_250,
            ..SynthConfig::default()
        },
        &|_, _| {},
    );
    let h = small.headline(d(2025, 3, 31));
    assert!(within(h.cin, 450.0, 0.25), "CIN {}", h.cin);
    assert!(within(h.cla, 125.0, 0.3), "CLA {}", h.cla);
    let sw = |c: &Council| {
        c.workers
            .iter()
            .filter(|w| w.role.is_social_worker() && w.is_in_post_on(d(2025, 3, 31)))
            .count()
    };
    assert!(
        sw(&small) * 2 < sw(council()),
        "{} vs {}",
        sw(&small),
        sw(council())
    );
}

#[test]
fn record_ids_are_unique_per_kind() {
    let c = council();
    let mut seen: HashMap<&str, HashSet<i64>> = HashMap::new();
    let mut add = |kind: &'static str, id: i64| {
        assert!(
            seen.entry(kind).or_default().insert(id),
            "duplicate {kind} id {id}"
        )
    };
    let mut child_ids = HashSet::new();
    let mut upns = HashSet::new();
    for r in &c.children {
        assert!(child_ids.insert(r.child.id.clone()));
        if let Some(u) = &r.child.upn {
            assert!(upns.insert(u.clone()), "duplicate UPN {u}");
            assert!(Upn::parse(u.as_str()).is_ok());
        }
        r.contacts.iter().for_each(|x| add("contact", x.id));
        r.referrals.iter().for_each(|x| add("referral", x.id));
        r.assessments.iter().for_each(|x| add("assessment", x.id));
        r.strategy_discussions
            .iter()
            .for_each(|x| add("strategy", x.id));
        r.section47s.iter().for_each(|x| add("s47", x.id));
        r.conferences.iter().for_each(|x| add("conference", x.id));
        r.cp_plans.iter().for_each(|x| add("cp_plan", x.id));
        r.cin_plans.iter().for_each(|x| add("cin_plan", x.id));
        r.episodes.iter().for_each(|x| add("episode", x.id));
        r.cla_reviews.iter().for_each(|x| add("review", x.id));
        r.visits.iter().for_each(|x| add("visit", x.id));
        r.health_checks.iter().for_each(|x| add("health", x.id));
        r.missing.iter().for_each(|x| add("missing", x.id));
        r.allocations.iter().for_each(|x| add("allocation", x.id));
        r.care_leaver_statuses.iter().for_each(|x| add("oc3", x.id));
        r.leaving_care
            .iter()
            .for_each(|x| add("leaving_care", x.id));
        // References point at the child's own records.
        let refs: HashSet<i64> = r.referrals.iter().map(|x| x.id).collect();
        assert!(r.assessments.iter().all(|x| refs.contains(&x.referral)));
        assert!(r.section47s.iter().all(|x| refs.contains(&x.referral)));
        assert!(r.cp_plans.iter().all(|x| refs.contains(&x.referral)));
        assert!(r.cin_plans.iter().all(|x| refs.contains(&x.referral)));
        let plans: HashSet<i64> = r.cp_plans.iter().map(|x| x.id).collect();
        assert!(r.conferences.iter().all(|x| refs.contains(&x.referral) && x.cp_plan.is_none_or(|p| plans.contains(&p))));
    }
}

/// The rules of SSDA903 episode chains (rules 142, 148, 225, 226, 355, 380,
/// 381, 388, 408, 431-436, 217, 390, 516, 526, 213, 222, 218, 371, 365, 367, 214).
#[test]
fn episode_chains_follow_the_ssda903_rules() {
    let c = council();
    let no_urn = |p: PlacementType| {
        matches!(
            p,
            PlacementType::WithParents
                | PlacementType::ResidentialEmployment
                | PlacementType::ResidentialCareHome
                | PlacementType::NhsHealthTrust
                | PlacementType::YoungOffenderInstitution
        ) || p.is_temporary()
    };
    let mut checked = 0;
    for r in &c.children {
        let dob = r.child.birth.date();
        let eps = &r.episodes;
        for (i, e) in eps.iter().enumerate() {
            checked += 1;
            let short = e.legal_status.is_short_break();
            if let Some(end) = e.end {
                assert!(end.date > e.start, "{}: zero-length episode", r.child.id);
            }
            assert!(e.start >= dob);
            assert!(
                e.start < birthday(dob, 18),
                "{}: episode starts at 18",
                r.child.id
            );
            if e.end.is_none() {
                assert!(
                    birthday(dob, 18) > d(2025, 3, 31),
                    "{}: open past 18",
                    r.child.id
                );
            } else if let Some(end) = e.end {
                assert!(
                    end.date <= birthday(dob, 18),
                    "{}: looked after past 18",
                    r.child.id
                );
                if end.reason == ReasonEpisodeCeased::StayingPut {
                    assert!(end.date >= birthday(dob, 18));
                }
                if end.reason.is_adoption() {
                    assert!(e.placement.is_placed_for_adoption());
                }
                if matches!(
                    end.reason,
                    ReasonEpisodeCeased::SgoFormerFosterRelative
                        | ReasonEpisodeCeased::SgoFormerFosterOther
                ) {
                    assert!(e.placement.is_foster());
                }
            }
            if matches!(
                e.placement,
                PlacementType::AdoptionOrderCurrentCarer | PlacementType::AdoptionOrderNewCarer
            ) {
                assert_eq!(e.legal_status, LegalStatus::PlacementOrder);
            }
            if e.placement == PlacementType::SupportedAccommodation {
                assert!(e.start >= birthday(dob, 16), "{}: K3 under 16", r.child.id);
            }
            if e.placement.is_temporary() {
                assert!(e.provider.is_none() && e.urn.is_none() && e.reason_place_change.is_none());
                assert!(matches!(
                    e.reason_new,
                    ReasonNewEpisode::PlacementChange | ReasonNewEpisode::LegalStatusAndPlacement
                ));
                assert!(
                    e.end
                        .is_none_or(|x| x.reason == ReasonEpisodeCeased::Continues)
                );
            } else {
                assert!(e.provider.is_some(), "{}: provider missing", r.child.id);
            }
            if short {
                assert!(
                    e.placement_postcode.is_none() && e.home_postcode.is_none() && e.urn.is_none()
                );
                if e.legal_status == LegalStatus::ShortBreaksEpisodes {
                    assert_eq!(e.reason_new, ReasonNewEpisode::Started);
                    assert!(e.end.is_some_and(|x| (x.date - e.start).num_days() <= 17));
                }
            } else {
                assert_eq!(
                    e.urn.is_some(),
                    !no_urn(e.placement),
                    "{}: URN on {}",
                    r.child.id,
                    e.placement
                );
                assert!(e.placement_postcode.is_some());
                if r.child.uasc.is_none() {
                    assert!(e.home_postcode.is_some());
                    if e.placement != PlacementType::WithParents {
                        assert_ne!(e.home_postcode, e.placement_postcode, "392d");
                    }
                }
            }
            if e.placement == PlacementType::WithParents {
                assert_ne!(e.legal_status, LegalStatus::Section20, "378");
                assert_eq!(e.provider, Some(PlacementProvider::Parents));
            }
            let Some(prev) = i.checked_sub(1).map(|j| &eps[j]) else {
                assert_eq!(e.reason_new, ReasonNewEpisode::Started);
                continue;
            };
            let pend = prev.end.expect("only the last episode is open");
            let same_place = prev.placement == e.placement
                && prev.placement_postcode == e.placement_postcode
                && prev.urn == e.urn
                && prev.provider == e.provider;
            match e.reason_new {
                ReasonNewEpisode::Started => {
                    assert!(
                        pend.reason.ends_period_of_care() && pend.date < e.start,
                        "{}: S after X1 or overlap",
                        r.child.id
                    );
                }
                rne => {
                    assert_eq!(pend.date, e.start, "{}: gap in a period", r.child.id);
                    assert_eq!(pend.reason, ReasonEpisodeCeased::Continues);
                    assert_eq!(prev.category_of_need, e.category_of_need, "504");
                    match rne {
                        ReasonNewEpisode::LegalStatusChange => {
                            assert!(prev.legal_status != e.legal_status && same_place, "434")
                        }
                        ReasonNewEpisode::PlacementChange
                        | ReasonNewEpisode::PlacementChangeSameCarer => {
                            assert!(prev.legal_status == e.legal_status && !same_place, "435")
                        }
                        _ => assert!(prev.legal_status != e.legal_status && !same_place, "436"),
                    }
                    let moves = rne != ReasonNewEpisode::LegalStatusChange;
                    if moves && !prev.placement.is_temporary() && !e.placement.is_temporary() {
                        assert!(
                            prev.reason_place_change.is_some(),
                            "{}: 225 reason missing",
                            r.child.id
                        );
                    }
                    if matches!(
                        e.placement,
                        PlacementType::AdoptionOrderCurrentCarer
                            | PlacementType::AdoptionConsentCurrentCarer
                    ) {
                        assert!(
                            matches!(
                                rne,
                                ReasonNewEpisode::PlacementChangeSameCarer
                                    | ReasonNewEpisode::LegalStatusAndPlacementSameCarer
                            ),
                            "217"
                        );
                    }
                    if prev.placement.is_temporary() {
                        let before = &eps[i - 2];
                        assert_eq!(e.placement, before.placement, "383");
                    }
                }
            }
        }
        // Short breaks: at most 75 days a year, and never both V3 and V4.
        let v3 = eps
            .iter()
            .any(|e| e.legal_status == LegalStatus::ShortBreaksEpisodes);
        let v4 = eps
            .iter()
            .any(|e| e.legal_status == LegalStatus::ShortBreaksAgreement);
        assert!(!(v3 && v4));
        for y in 2021..=2025 {
            let cy = CollectionYear(y);
            let total: i64 = eps
                .iter()
                .filter(|e| e.legal_status == LegalStatus::ShortBreaksEpisodes)
                .map(|e| {
                    let s = e.start.max(cy.start());
                    let en = e.end.map_or(cy.end(), |x| x.date).min(cy.end());
                    (en - s).num_days().max(0)
                })
                .sum();
            assert!(total <= 75);
        }
        // Legal status runs: police protection 3 days, EPO 21 days.
        for e in eps {
            if let Some(end) = e.end {
                let len = (end.date - e.start).num_days();
                match e.legal_status {
                    LegalStatus::PoliceProtection => assert!(len <= 3),
                    LegalStatus::EmergencyProtectionOrder => assert!(len <= 21),
                    _ => {}
                }
            }
        }
    }
    assert!(checked > 2_000);
}

#[test]
fn adoption_records_are_consistent() {
    let c = council();
    let mut adopted = 0;
    for r in &c.children {
        let Some(a) = &r.adoption else { continue };
        adopted += 1;
        let last = r.episodes.last().unwrap();
        let end = last.end.unwrap();
        assert!(end.reason.is_adoption());
        assert!(
            a.matched_date <= last.start && a.matched_date < end.date,
            "331/582"
        );
        let first_e1 = r
            .episodes
            .iter()
            .find(|e| e.legal_status == LegalStatus::PlacementOrder)
            .unwrap();
        let decision = r
            .adoption_decisions
            .iter()
            .find(|x| x.ceased.is_none())
            .unwrap();
        assert_eq!(decision.decision_date, a.decision_date, "523");
        assert!(first_e1.start >= a.decision_date, "554");
        let first_a = r
            .episodes
            .iter()
            .find(|e| e.placement.is_placed_for_adoption())
            .unwrap();
        assert!(first_a.start >= a.decision_date, "521/552");
        assert_eq!(
            a.by_foster_carers,
            last.placement == PlacementType::AdoptionOrderCurrentCarer,
            "335"
        );
        assert!(matches!(
            (a.number_of_adopters, a.legal_status_of_adopters),
            (1, LegalStatusOfAdopters::Single) | (2, _)
        ));
        assert!(r.referrals.iter().any(|f| {
            f.closure
                .is_some_and(|c| c.reason == ReasonForClosure::Adopted && c.date == end.date)
        }));
        assert!(r.care_leaver_statuses.is_empty());
    }
    assert!(adopted >= 20, "adoptions over the window: {adopted}");
    // Reversed decisions close before the placement order lapses (553, 557).
    for r in &c.children {
        for dcs in &r.adoption_decisions {
            if let Some((when, _)) = dcs.ceased {
                assert!(
                    r.episodes
                        .iter()
                        .any(|e| e.start == when && e.legal_status == LegalStatus::FullCareOrder)
                );
            }
        }
    }
}

/// CIN census rules on episodes, assessments, S47s and plans (8565, 8815,
/// 8816, 8820, 2990, 8831, 8832, 4000, 4001, 4014, 4016, 4017, 8840, 8841,
/// 8875, 2885, 8867, 8868, 8606, 8750, 8869).
#[test]
fn cin_episodes_follow_the_census_rules() {
    let c = council();
    let horizon = d(2025, 3, 31);
    for r in &c.children {
        let id = &r.child.id;
        let mut refs: Vec<&Referral> = r.referrals.iter().collect();
        refs.sort_by_key(|x| x.date);
        for w in refs.windows(2) {
            assert!(w[0].date < w[1].date, "{id}: two referrals on one day");
            let end = w[0]
                .closure
                .map(|c| c.date)
                .expect("only the latest referral may be open");
            assert!(w[1].date >= end, "{id}: CIN episodes overlap");
        }
        for f in &refs {
            let activity: Vec<Date> = r
                .assessments
                .iter()
                .filter(|a| a.referral == f.id)
                .flat_map(|a| [Some(a.start), a.authorised])
                .chain(
                    r.section47s
                        .iter()
                        .filter(|s| s.referral == f.id)
                        .map(|s| Some(s.start)),
                )
                .chain(
                    r.conferences
                        .iter()
                        .filter(|s| s.referral == f.id)
                        .map(|s| Some(s.date)),
                )
                .chain(
                    r.cp_plans
                        .iter()
                        .filter(|s| s.referral == f.id)
                        .flat_map(|p| [Some(p.start), p.end]),
                )
                .chain(
                    r.cin_plans
                        .iter()
                        .filter(|s| s.referral == f.id)
                        .flat_map(|p| [Some(p.start), p.end]),
                )
                .flatten()
                .collect();
            assert!(
                activity.iter().all(|a| *a >= f.date),
                "{id}: activity before referral"
            );
            if f.nfa {
                assert!(activity.is_empty(), "{id}: activity on an NFA referral");
                assert_eq!(f.closure.map(|c| c.date), Some(f.date));
                continue;
            }
            assert!(f.primary_need.is_some());
            let assessments: Vec<&SingleAssessment> = r
                .assessments
                .iter()
                .filter(|a| a.referral == f.id)
                .collect();
            assert_eq!(assessments.len(), 1);
            let a = assessments[0];
            if a.authorised.is_none() {
                assert!(a.factors.is_empty(), "8614");
            } else {
                assert!(!a.factors.is_empty());
                assert!(
                    !a.factors.contains(&AssessmentFactor::NoFactors) || a.factors.len() == 1,
                    "8869"
                );
            }
            if let Some(cl) = f.closure {
                assert!(
                    activity.iter().all(|x| *x <= cl.date),
                    "{id}: 8565 activity after closure"
                );
                assert!(a.authorised.is_some(), "8867");
                let s47s = r.section47s.iter().filter(|s| s.referral == f.id).count();
                let plans = r.cp_plans.iter().filter(|p| p.referral == f.id).count()
                    + r.cin_plans.iter().filter(|p| p.referral == f.id).count();
                if matches!(
                    cl.reason,
                    ReasonForClosure::ClosedAfterAssessmentNfa
                        | ReasonForClosure::ClosedAfterAssessmentEarlyHelp
                ) {
                    assert_eq!(s47s + plans, 0, "{id}: 2990");
                }
                if a.factors == [AssessmentFactor::NoFactors] {
                    assert!(
                        matches!(
                            cl.reason,
                            ReasonForClosure::ClosedAfterAssessmentNfa
                                | ReasonForClosure::ClosedAfterAssessmentEarlyHelp
                        ),
                        "8873Q"
                    );
                }
                if cl.reason == ReasonForClosure::Died {
                    assert!(r.child.death_date.is_some());
                }
                for s in r.section47s.iter().filter(|s| s.referral == f.id) {
                    let icpc = r.conferences.iter().any(|c| c.section47 == Some(s.id));
                    assert!(icpc != s.icpc_not_required, "{id}: 8868");
                }
            }
        }
        for s in &r.section47s {
            for conf in r.conferences.iter().filter(|c| c.section47 == Some(s.id)) {
                assert!(conf.date >= s.start && is_weekday(conf.date), "8615/8875");
            }
        }
        for p in &r.cp_plans {
            assert!(p.end != Some(p.start), "8840");
            assert!(
                r.conferences
                    .iter()
                    .any(|c| c.kind == ConferenceKind::Initial
                        && c.date == p.start
                        && c.cp_plan == Some(p.id)),
                "2885"
            );
            for rv in r
                .conferences
                .iter()
                .filter(|c| c.kind == ConferenceKind::Review && c.cp_plan == Some(p.id))
            {
                assert!(rv.date > p.start, "8841");
            }
            for cp in &r.cin_plans {
                let cin_end = cp.end.unwrap_or(horizon);
                let cp_end = p.end.unwrap_or(horizon);
                assert!(
                    cp.start >= cp_end || cin_end <= p.start,
                    "{id}: 4016/4017 CIN plan alongside CP plan"
                );
            }
        }
        let mut cins: Vec<&CinPlan> = r.cin_plans.iter().collect();
        cins.sort_by_key(|p| p.start);
        for w in cins.windows(2) {
            assert!(
                w[0].end.is_some_and(|e| e < w[1].start),
                "{id}: 4014 CIN plans overlap or touch"
            );
        }
        for p in &cins {
            assert!(p.end != Some(p.start), "4012Q");
        }
        let mut plans: Vec<&CpPlan> = r.cp_plans.iter().collect();
        plans.sort_by_key(|p| p.start);
        for (k, w) in plans.windows(2).enumerate() {
            assert!(
                w[0].end.is_some_and(|e| e <= w[1].start),
                "{id}: CP plans overlap"
            );
            assert!(w[1].previous_plans as usize > k, "previous plans counted");
        }
        match r.child.birth {
            Birth::Unborn(edd) => {
                assert_eq!(r.child.sex, Sex::Unknown, "8750");
                assert!(edd > horizon && edd < d(2025, 12, 31), "8530Q");
                assert!(
                    r.episodes.is_empty(),
                    "unborn children are not looked after"
                );
                for f in &r.referrals {
                    assert!((edd - f.date).num_days() <= 280, "8606");
                }
            }
            Birth::Born(dob) => {
                assert_ne!(r.child.sex, Sex::Unknown);
                for f in &r.referrals {
                    assert!((dob - f.date).num_days() <= 280, "8606");
                    // A pre-birth referral and the birth fall in one collection year.
                    if f.date < dob && dob <= horizon {
                        assert_eq!(
                            CollectionYear::containing(f.date),
                            CollectionYear::containing(dob),
                            "{id}: birth after a census reference date"
                        );
                    }
                }
            }
        }
    }
}

fn is_weekday(x: Date) -> bool {
    x.weekday().number_from_monday() <= 5
}

#[test]
fn nothing_happens_after_death() {
    let c = council();
    let mut deaths = 0;
    for r in &c.children {
        let Some(died) = r.child.death_date else {
            continue;
        };
        deaths += 1;
        for e in r.chronology() {
            assert!(
                e.date <= died || e.summary == "18th birthday",
                "{}: {} after death",
                r.child.id,
                e.summary
            );
        }
    }
    assert!(deaths >= 1, "a few children die");
}

#[test]
fn reviews_health_missing_and_outcomes_follow_the_rules() {
    let c = council();
    let mut oc2 = 0;
    let mut oc3 = 0;
    for r in &c.children {
        let dob = r.child.birth.date();
        for rv in &r.cla_reviews {
            assert_eq!(
                rv.participation == ReviewParticipation::UnderFour,
                age_on(dob, rv.date) < 4,
                "440/441"
            );
            assert!(
                r.is_looked_after_on(rv.date),
                "{}: review while not looked after",
                r.child.id
            );
        }
        let periods = r.periods_of_care();
        for m in &r.missing {
            let end = m.end.unwrap();
            assert!(m.start > dob && end >= m.start);
            assert_eq!(
                CollectionYear::containing(m.start),
                CollectionYear::containing(end)
            );
            assert!(
                periods
                    .iter()
                    .any(|p| p.start <= m.start && p.end.is_none_or(|e| end <= e.date)),
                "577/578"
            );
            assert_ne!(end, birthday(dob, 18), "580");
        }
        let mut sorted = r.missing.clone();
        sorted.sort_by_key(|m| m.start);
        for w in sorted.windows(2) {
            assert!(w[1].start > w[0].end.unwrap(), "574");
        }
        for o in &r.annual_outcomes {
            oc2 += 1;
            let cy = CollectionYear(o.year);
            assert_eq!(
                o.convicted.is_some(),
                birthday(dob, 10) < cy.end(),
                "542/543"
            );
            assert_eq!(
                o.health_check.is_some(),
                birthday(dob, 5) > cy.end(),
                "545/546"
            );
            let sdq_due = birthday(dob, 4) <= cy.end() && birthday(dob, 17) >= cy.start();
            assert_eq!(
                o.sdq_score.is_some() || o.sdq_reason.is_some(),
                sdq_due,
                "186/188/189/197B"
            );
            assert!(!(o.sdq_score.is_some() && o.sdq_reason.is_some()), "197a");
            assert_ne!(o.sdq_reason, Some(SdqReason::OutsideAgeRange), "157");
            assert!(
                o.immunisations.is_some()
                    && o.teeth_check.is_some()
                    && o.health_assessment.is_some()
                    && o.substance_misuse.is_some(),
                "191"
            );
            match (
                o.substance_misuse,
                o.intervention_received,
                o.intervention_offered,
            ) {
                (Some(false), None, None)
                | (Some(true), Some(true), None)
                | (Some(true), Some(false), Some(_)) => {}
                other => panic!("158/159/192/193: {other:?}"),
            }
            assert!(
                r.care_leaver_statuses.iter().all(|s| s.year != o.year),
                "215"
            );
        }
        for s in &r.care_leaver_statuses {
            oc3 += 1;
            let cy = CollectionYear(s.year);
            let age = (17..=21)
                .find(|a| cy.contains(birthday(dob, *a)))
                .expect("391: a 17th-21st birthday in the year");
            if age == 17 {
                assert!(
                    !matches!(
                        s.accommodation,
                        CareLeaverAccommodation::StayingPutSuitable
                            | CareLeaverAccommodation::StayingPutUnsuitable
                    ),
                    "3001"
                );
            }
            if s.in_touch == InTouch::Yes {
                assert!(
                    s.activity != CareLeaverActivity::NotKnown
                        && s.accommodation != CareLeaverAccommodation::NotKnown,
                    "345"
                );
            }
            if matches!(s.in_touch, InTouch::Died | InTouch::ReturnedHome) {
                assert!(
                    s.activity == CareLeaverActivity::NotKnown
                        && s.accommodation == CareLeaverAccommodation::NotKnown,
                    "344"
                );
            }
            assert!(r.adoption.is_none());
        }
    }
    assert!(oc2 > 1_000 && oc3 > 200, "OC2 rows {oc2}, OC3 rows {oc3}");
}

#[test]
fn workforce_and_allocations_are_sound() {
    let c = council();
    let on = d(2025, 3, 31);
    let workers: HashMap<i64, &Worker> = c.workers.iter().map(|w| (w.id, w)).collect();
    let sws: Vec<&Worker> = c
        .workers
        .iter()
        .filter(|w| w.role.is_social_worker() && w.is_in_post_on(on))
        .collect();
    assert!(
        (120..=185).contains(&sws.len()),
        "social workers in post {}",
        sws.len()
    );
    let agency_fte: f64 = sws
        .iter()
        .filter(|w| w.employment == Employment::Agency)
        .map(|w| f64::from(w.fte_hundredths))
        .sum();
    let all_fte: f64 = sws.iter().map(|w| f64::from(w.fte_hundredths)).sum();
    let agency = 100.0 * agency_fte / all_fte;
    assert!((12.0..=24.0).contains(&agency), "agency {agency:.1}%");
    assert!(
        c.workers
            .iter()
            .any(|w| w.end.is_some_and(|e| CollectionYear(2024).contains(e))),
        "leavers"
    );
    assert!(
        c.workers
            .iter()
            .any(|w| CollectionYear(2024).contains(w.start)),
        "joiners"
    );
    assert!(
        c.workers.iter().any(
            |w| w.qualified.is_some_and(|q| (w.start - q).num_days() < 365) && w.is_in_post_on(on)
        ),
        "NQSWs"
    );
    assert_eq!(
        c.teams
            .iter()
            .filter(|t| t.service == Service::AssessmentAndCarePlanning)
            .count(),
        8
    );
    let mut cases: HashMap<i64, u32> = HashMap::new();
    for r in &c.children {
        let mut allocs = r.allocations.clone();
        allocs.sort_by_key(|a| a.start);
        for (i, a) in allocs.iter().enumerate() {
            let w = workers
                .get(&a.worker)
                .expect("allocation to a known worker");
            assert!(
                w.is_in_post_on(a.start),
                "{}: worker not in post",
                r.child.id
            );
            assert!(
                a.end
                    .is_none_or(|e| e > a.start && w.end.is_none_or(|we| e <= we)),
                "SW09 / worker left"
            );
            if let Some(next) = allocs.get(i + 1) {
                let end = a.end.expect("only the last allocation is open");
                assert!(next.start >= end, "{}: overlapping allocations", r.child.id);
                if next.reason != SocialWorkerChangeReason::FirstContact {
                    assert!((next.start - end).num_days() <= 7, "SW10");
                }
            }
        }
        if let Some(w) = r.allocated_worker_on(on) {
            *cases.entry(w).or_default() += 1;
        }
        // Every open case has a worker.
        let open = r.is_in_need_on(on) || r.is_looked_after_on(on);
        if open && !matches!(r.child.birth, Birth::Unborn(_)) {
            assert!(
                r.allocated_worker_on(on).is_some(),
                "{}: unallocated",
                r.child.id
            );
        }
    }
    let held: u32 = sws
        .iter()
        .filter(|w| w.case_holding)
        .map(|w| cases.get(&w.id).copied().unwrap_or(0))
        .sum();
    let fte: f64 = sws
        .iter()
        .filter(|w| w.case_holding)
        .map(|w| f64::from(w.fte_hundredths) / 100.0)
        .sum();
    let caseload = f64::from(held) / fte;
    assert!((13.0..=22.0).contains(&caseload), "caseload {caseload:.1}");
}

#[test]
fn awkward_cases_are_present() {
    let c = council();
    let kids = &c.children;
    // Siblings entering care together.
    let mut by_family: HashMap<i64, Vec<&ChildRecord>> = HashMap::new();
    for r in kids {
        if let Some(f) = r.child.family {
            by_family.entry(f).or_default().push(r);
        }
    }
    let together = by_family.values().any(|v| {
        let starts: Vec<Date> = v
            .iter()
            .filter_map(|r| r.episodes.first().map(|e| e.start))
            .collect();
        starts.len() >= 2 && starts.iter().all(|s| *s == starts[0])
    });
    assert!(together, "siblings entering care together");
    assert!(
        kids.iter()
            .any(|r| r.cp_plans.iter().any(|p| p.previous_plans > 0)),
        "repeat CP plans"
    );
    assert!(
        kids.iter().any(|r| r.cp_plans.iter().any(|p| p
            .end
            .is_some_and(|e| e >= p.start + chrono::Months::new(24)))),
        "plans of 2 years or more"
    );
    assert!(
        kids.iter().any(|r| r.episodes.iter().any(|e| e
            .end
            .is_some_and(|x| x.date == birthday(r.child.birth.date(), 18)
                && x.reason == ReasonEpisodeCeased::StayingPut))),
        "staying put at 18"
    );
    let uasc: Vec<&ChildRecord> = kids.iter().filter(|r| r.child.uasc.is_some()).collect();
    assert!(uasc.len() >= 10);
    assert!(uasc.iter().all(|r| {
        r.episodes
            .iter()
            .all(|e| e.legal_status == LegalStatus::Section20 && e.home_postcode.is_none())
    }));
    assert!(
        kids.iter()
            .any(|r| matches!(r.child.birth, Birth::Unborn(_))),
        "unborn children"
    );
    assert!(kids.iter().any(|r| r.child.restricted));
    assert!(kids.iter().any(|r| {
        r.episodes
            .iter()
            .any(|e| e.legal_status == LegalStatus::ShortBreaksEpisodes)
    }));
    assert!(kids.iter().any(|r| {
        r.episodes
            .iter()
            .any(|e| e.legal_status == LegalStatus::ShortBreaksAgreement)
    }));
    assert!(kids.iter().any(|r| {
        r.episodes
            .iter()
            .any(|e| e.placement == PlacementType::TemporaryCarerHoliday)
    }));
    assert!(kids.iter().any(|r| {
        r.episodes
            .iter()
            .any(|e| e.legal_status == LegalStatus::PoliceProtection)
    }));
    assert!(kids.iter().any(|r| {
        r.episodes
            .iter()
            .any(|e| e.end.is_some_and(|x| x.reason.is_sgo()))
    }));
    assert!(kids.iter().any(|r| r.child.mother_of_child_born.is_some()));
    assert!(
        kids.iter().any(|r| r.episodes.iter().any(|e| e
            .placement_postcode
            .as_deref()
            .is_some_and(|p| !p.starts_with("TS")))),
        "placements out of area"
    );
    assert!(kids.iter().any(|r| !r.family_group_conferences.is_empty()));
    assert!(kids.iter().any(|r| !r.safety_plans.is_empty()));
    let first_icpc = kids
        .iter()
        .flat_map(|r| r.section47s.iter())
        .filter_map(|s| s.icpc_target)
        .next()
        .unwrap();
    assert!(first_icpc.weekday().number_from_monday() <= 5);
    let _ = add_working_days;
}

#[test]
fn an_adopted_childs_chronology_reads_as_a_journey() {
    let c = council();
    let r = c
        .children
        .iter()
        .find(|r| r.adoption.is_some() && !r.cp_plans.is_empty())
        .expect("an adopted child who was on a plan");
    let chron = r.chronology();
    let dates: Vec<Date> = chron.iter().map(|e| e.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let pos = |pred: &dyn Fn(&ChronologyEntry) -> bool| {
        chron
            .iter()
            .position(pred)
            .unwrap_or_else(|| panic!("missing step in {:#?}", chron))
    };
    let born = pos(&|e| e.summary == "Born" || e.summary == "Expected date of birth");
    let referral = pos(&|e| e.summary.starts_with("Referral from"));
    let assessed = pos(&|e| e.summary.starts_with("Single assessment authorised after"));
    let icpc = pos(&|e| e.summary == "Initial child protection conference: child protection plan");
    let plan = pos(&|e| e.summary.starts_with("Child protection plan started"));
    let care = pos(&|e| {
        e.kind == ChronologyKind::LookedAfter && e.summary.starts_with("Started to be looked after")
    });
    let decision = pos(&|e| e.summary == "Decision: should be placed for adoption");
    let matched = pos(&|e| e.summary == "Matched with adopters");
    let adopted = pos(&|e| e.summary.starts_with("Ceased to be looked after: Adopted"));
    assert!(
        referral < icpc
            && icpc <= plan
            && plan <= care
            && care < decision
            && decision < matched
            && matched < adopted
    );
    assert!(assessed > referral);
    assert!(born <= care);
    assert!(
        chron
            .iter()
            .filter(|e| e.summary != "18th birthday")
            .all(|e| e.date <= d(2025, 3, 31))
    );
    assert!(chron.iter().any(|e| e.kind == ChronologyKind::Allocation));
    assert!(chron.iter().any(|e| e.kind == ChronologyKind::Review));
    assert!(chron.iter().any(|e| e.kind == ChronologyKind::Visit));
}

#[test]
fn config_checks_and_year_parsing() {
    assert!(SynthConfig::default().validate().is_ok());
    assert!(
        SynthConfig {
            population_0_17: 10,
            ..SynthConfig::default()
        }
        .validate()
        .is_err()
    );
    assert!(
        SynthConfig {
            first_year: 2026,
            last_year: 2025,
            ..SynthConfig::default()
        }
        .validate()
        .is_err()
    );
    assert_eq!(SynthConfig::parse_years("2021-2025"), Ok((2021, 2025)));
    assert_eq!(SynthConfig::parse_years("2024"), Ok((2024, 2024)));
    assert!(SynthConfig::parse_years("2025-2021").is_err());
    assert!(
        SynthConfig::parse_years("twenty")
            .unwrap_err()
            .to_string()
            .contains("2021-2025")
    );
}

#[test]
fn the_stream_yields_the_councils_children() {
    let cfg = SynthConfig {
        population_0_17: 3_000,
        seed: 3,
        ..SynthConfig::default()
    };
    let whole = generate(&cfg, &|_, _| {});
    let s = sightline_synth::stream(&cfg, 11);
    assert_eq!(s.workers(), whole.workers.as_slice());
    assert!(s.estimated_children() > 0);
    let streamed: Vec<ChildRecord> = s.collect();
    assert_eq!(streamed, whole.children);
    // Dropping a stream part-way stops the generator.
    let mut s = sightline_synth::stream(&cfg, 5);
    assert!(s.next().is_some());
    drop(s);
}
