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
            let built = Engine::new(&council, &config).unwrap().all(e);
            let from_store = Engine::new(&loaded, &config).unwrap().all(e);
            assert_eq!(from_store.len(), CATALOGUE.len());
            for (a, b) in built.iter().zip(&from_store) {
                assert_eq!(
                    a, b,
                    "{backend}: {} differs after a round trip ({id} example)",
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
