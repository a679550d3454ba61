//! Every indicator through both store backends: each worked-example council
//! is stored, loaded back, and every figure of the catalogue computed from
//! the loaded copy must equal the figure from the council as built — and
//! the example's own answer. PostgreSQL runs when `SIGHTLINE_TEST_PG` names
//! a server (see `sightline_store::testing`).

mod common;

use common::d;
use common::examples as ex;
use sightline_domain::Council;
use sightline_indicators::*;

/// (council, as-of, id checked against its worked value, numerator, denominator).
fn cases() -> Vec<(Council, &'static str, &'static str, f64, f64)> {
    vec![
        (
            ex::cla_count_5_2(),
            "31/03/2016",
            "cla_rate_per_10k",
            3.0,
            2500.0,
        ),
        (
            ex::cin_cp_5_3(),
            "31/03/2016",
            "cin_rate_per_10k",
            3.0,
            400.0,
        ),
        (
            ex::assessments_5_4(),
            "30/06/2016",
            "assessments_within_45wd",
            3.0,
            4.0,
        ),
        (ex::icpc_5_5(), "30/06/2022", "icpc_within_15wd", 4.0, 5.0),
        (
            ex::cp_2yrs_5_6(),
            "30/09/2016",
            "cp_plans_ended_2yrs_plus",
            2.0,
            4.0,
        ),
        (
            ex::cp_repeat_5_7(1),
            "30/09/2016",
            "cp_repeat_ever",
            4.0,
            5.0,
        ),
        (
            ex::cp_reviews_5_8(),
            "30/09/2016",
            "cp_reviews_in_time",
            2.0,
            4.0,
        ),
        (
            ex::cla_reviews_5_9(),
            "31/03/2017",
            "cla_reviews_in_time",
            2.0,
            3.0,
        ),
        (
            ex::placements_5_10(),
            "31/03/2016",
            "cla_3plus_placements",
            2.0,
            4.0,
        ),
        (
            ex::stability_5_11(),
            "31/03/2016",
            "cla_long_term_stability",
            3.0,
            4.0,
        ),
        (
            ex::adoption_5_12(),
            "30/09/2016",
            "adoption_a10_days",
            1090.0,
            3.0,
        ),
        (ex::oc2_5_13(), "31/03/2016", "cla_offended", 1.0, 3.0),
        (
            ex::care_leavers_5_14(),
            "30/09/2016",
            "care_leavers_eet",
            2.0,
            4.0,
        ),
        (
            ex::re_referrals_5_15(),
            "30/09/2016",
            "re_referrals_12m",
            2.0,
            5.0,
        ),
        (
            ex::icpc_trend_5_16(),
            "30/09/2016",
            "icpc_within_15wd",
            4.0,
            5.0,
        ),
        (
            ex::workforce_5_17(),
            "30/09/2016",
            "caseload_per_fte",
            209.0,
            11.0,
        ),
    ]
}

#[test]
fn every_indicator_from_the_stored_copy_on_each_backend() {
    let config = Config {
        params: vec![("establishment_fte".into(), "11.5".into())],
        ..Config::default()
    };
    sightline_store::testing::each_backend(|backend, store| {
        for (council, as_of, id, num, den) in cases() {
            let e = d(as_of);
            store.replace_council(&council, &|_, _| {}).unwrap();
            let loaded = store
                .load_council(council.la)
                .unwrap()
                .expect("stored council");
            let extract = store
                .indicator_extract(council.la)
                .unwrap()
                .expect("stored council");
            let built = Engine::new(&council, &config).unwrap().all(e);
            let from_store = Engine::new(&loaded, &config).unwrap().all(e);
            let from_extract = Engine::new(&extract, &config).unwrap().all(e);
            assert_eq!(from_store.len(), CATALOGUE.len());
            assert_eq!(from_extract.len(), CATALOGUE.len());
            for ((a, b), c) in built.iter().zip(&from_store).zip(&from_extract) {
                assert_eq!(
                    a, b,
                    "{backend}: {} differs after a round trip ({id} example)",
                    a.id
                );
                assert_eq!(
                    a, c,
                    "{backend}: {} differs computed from the indicator extract ({id} example)",
                    a.id
                );
            }
            let f = from_store.iter().find(|f| f.id == id).unwrap();
            assert_eq!(
                (
                    f.numerator.map(|q| q.as_f64()),
                    f.denominator.map(|q| q.as_f64())
                ),
                (Some(num), Some(den)),
                "{backend}: {id} at {as_of}"
            );
        }
    });
}

/// A small synthetic council (every kind of record the generator makes,
/// five collection years), stored on each backend: every figure and every
/// drill-down computed from the indicator extract equals the one computed
/// from the whole council loaded back, at several dates and period types.
#[test]
fn the_indicator_extract_gives_the_same_figures_and_drill_downs_as_the_whole_council() {
    use sightline_synth::{SynthConfig, generate};
    let council = generate(
        &SynthConfig {
            population_0_17: 4_000,
            ..SynthConfig::middlesbrough(7)
        },
        &|_, _| {},
    );
    let config = Config {
        params: vec![("establishment_fte".into(), "20".into())],
        ..Config::default()
    };
    let dates = ["31/03/2025", "30/09/2023", "31/12/2021"];
    sightline_store::testing::each_backend(|backend, store| {
        store.replace_council(&council, &|_, _| {}).unwrap();
        let whole = store.load_council(council.la).unwrap().expect("stored");
        let extract = store
            .indicator_extract(council.la)
            .unwrap()
            .expect("stored");
        assert_eq!(extract.children.len(), whole.children.len());
        assert!(
            extract
                .children
                .iter()
                .all(|c| c.contacts.is_empty() && c.visits.is_empty()),
            "{backend}: the extract skips contacts and visits"
        );
        assert!(
            whole.children.iter().any(|c| !c.visits.is_empty()),
            "{backend}: the synthetic council has visits, so skipping them is tested"
        );
        // The same extract with each child prepared as it was read.
        let mut facts = CouncilFacts::with_capacity(0);
        let seen = store
            .indicator_extract_seeing(council.la, None, &mut |c| facts.see(c))
            .unwrap()
            .expect("stored");
        assert_eq!(seen, extract);
        assert_eq!(
            facts.len(),
            seen.children.len(),
            "{backend}: every child is handed over as it is read, so the engine uses those facts"
        );
        let from_whole = Engine::new(&whole, &config).unwrap();
        let from_extract = Engine::new(&extract, &config).unwrap();
        let from_seen = Engine::with_facts(&seen, &config, facts).unwrap();
        let mut compared = 0;
        for as_of in dates.map(d) {
            for period in [None, Some(PeriodType::Q), Some(PeriodType::RY)] {
                for def in CATALOGUE {
                    let a = from_whole.figure(def.id, as_of, period).unwrap();
                    let b = from_extract.figure(def.id, as_of, period).unwrap();
                    let c = from_seen.figure(def.id, as_of, period).unwrap();
                    assert_eq!(a, b, "{backend}: {} at {as_of} ({period:?})", def.id);
                    assert_eq!(
                        a, c,
                        "{backend}: {} at {as_of} ({period:?}), prepared while read",
                        def.id
                    );
                    compared += usize::from(a.numerator.is_some());
                }
            }
            for def in CATALOGUE {
                let a = from_whole.explain(def.id, as_of, None).unwrap();
                let b = from_extract.explain(def.id, as_of, None).unwrap();
                let c = from_seen.explain(def.id, as_of, None).unwrap();
                assert_eq!(a, b, "{backend}: drill-down of {} at {as_of}", def.id);
                assert_eq!(
                    a, c,
                    "{backend}: drill-down of {} at {as_of}, prepared while read",
                    def.id
                );
            }
        }
        assert!(
            compared > 200,
            "{backend}: only {compared} figures had a value"
        );
    });
}

/// Several councils read at once on separate connections come back in the
/// order asked, each complete, however they were scheduled (largest first
/// when sizes are given); an unknown council stops the run with
/// `NoSuchCouncil`.
#[test]
fn councils_are_read_in_parallel_in_the_order_asked() {
    use sightline_domain::LaNumber;
    use sightline_store::extract::for_each_indicator_council;
    let mut a = ex::cla_count_5_2();
    a.la = LaNumber::new(806).unwrap();
    let mut b = ex::icpc_5_5();
    b.la = LaNumber::new(807).unwrap();
    let mut c = ex::care_leavers_5_14();
    c.la = LaNumber::new(808).unwrap();
    sightline_store::testing::each_backend(|backend, store| {
        for council in [&a, &b, &c] {
            store.replace_council(council, &|_, _| {}).unwrap();
        }
        let las = [c.la, a.la, b.la];
        let want = vec![
            (c.la, c.children.len()),
            (a.la, a.children.len()),
            (b.la, b.children.len()),
        ];
        // Read in the order given, and largest first: results in the order asked.
        for sizes in [&[][..], &[1, 5, 3][..]] {
            let got = for_each_indicator_council(store, &las, sizes, 2, &|council| {
                (council.la, council.children.len())
            })
            .unwrap();
            assert_eq!(got, want, "{backend}, sizes {sizes:?}");
        }
        // With one reader the largest is read first.
        let read: std::sync::Mutex<Vec<sightline_domain::LaNumber>> = Default::default();
        for_each_indicator_council(store, &las, &[1, 5, 3], 1, &|council| {
            read.lock().unwrap().push(council.la);
        })
        .unwrap();
        assert_eq!(
            read.into_inner().unwrap(),
            vec![a.la, b.la, c.la],
            "{backend}"
        );
        let missing = LaNumber::new(999).unwrap();
        let err = for_each_indicator_council(store, &[a.la, missing], &[], 2, &|_| ()).unwrap_err();
        assert!(
            matches!(err, sightline_store::StoreError::NoSuchCouncil(la) if la == missing),
            "{backend}: {err}"
        );
    });
}
