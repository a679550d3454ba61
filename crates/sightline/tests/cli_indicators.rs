//! `sightline indicators` over several councils and `sightline bench
//! indicators`, through the real binary on a small two-council store.

mod common;
use common::{ok, sightline, sqlite_url};

#[test]
fn every_council_side_by_side_matches_each_council_alone_and_the_bench_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "two.db");
    ok(&sightline(
        &db,
        &["bench", "load", "--councils", "2", "--children", "1000"],
    ));

    let all: serde_json::Value = serde_json::from_str(&ok(&sightline(
        &db,
        &[
            "indicators",
            "--as-of",
            "2025-03-31",
            "--la",
            "all",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    let councils = all.as_array().expect("an array of councils");
    assert_eq!(councils.len(), 2);
    for c in councils {
        let la = c["la"].as_str().unwrap();
        let alone: serde_json::Value = serde_json::from_str(&ok(&sightline(
            &db,
            &[
                "indicators",
                "--as-of",
                "2025-03-31",
                "--la",
                la,
                "--format",
                "json",
            ],
        )))
        .unwrap();
        assert_eq!(c["figures"], alone, "council {la}");
        let cla = alone
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "cla_count")
            .unwrap();
        assert!(cla["value"].as_f64().unwrap() > 0.0, "{cla}");
    }

    let bench = ok(&sightline(
        &db,
        &[
            "bench",
            "indicators",
            "--as-of",
            "2025-03-31",
            "--months",
            "3",
        ],
    ));
    assert!(bench.contains("for 2 councils"), "{bench}");
    assert!(bench.contains("3-month series"), "{bench}");

    let bad = sightline(&db, &["bench", "indicators", "--as-of", "31/03/2025"]);
    assert_eq!(bad.status.code(), Some(2));
}
