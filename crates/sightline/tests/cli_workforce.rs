//! The `sightline workforce` contract through the real binary on a small
//! synthetic council (whose workforce and quality records `generate` saves):
//! exit codes (0 ok, 1 records refused with nothing saved, 2 bad input or
//! store), the JSON shapes and the figures agreeing with the saved records,
//! and imports that refuse overlapping employment, an audit by the case's own
//! manager and a rota that leaves a team with nobody.

use std::process::Output;

mod common;
use common::{COUNCIL_DB, json, ok, shared_council, sightline, sqlite_url, stderr, stdout};

/// A fresh copy of the shared store, for tests that import.
fn copy() -> (tempfile::TempDir, String) {
    let (dir, _) = shared_council();
    let to = tempfile::tempdir().expect("temp dir");
    std::fs::copy(dir.path().join(COUNCIL_DB), to.path().join("w.db")).expect("copy");
    let db = sqlite_url(to.path(), "w.db");
    (to, db)
}

/// `sightline workforce <view>` for council 806, with `extra` arguments.
fn workforce(db: &str, view: &str, extra: &[&str]) -> Output {
    let mut args = vec!["workforce", view, "--la", "806"];
    args.extend_from_slice(extra);
    sightline(db, &args)
}

/// `workforce summary` as at 31 March 2025, parsed from its JSON.
fn summary(db: &str) -> serde_json::Value {
    json(&workforce(
        db,
        "summary",
        &["--as-of", "2025-03-31", "--format", "json"],
    ))
}

#[test]
fn views_read_the_generated_records() {
    let db = &shared_council().1;
    let s = summary(db);
    let census = &s["census"];
    assert!(census["funded_fte"].as_u64().unwrap() > 0, "{census}");
    assert!(
        census["caseload_per_fte"].as_f64().unwrap() > 5.0,
        "{census}"
    );
    assert_eq!(s["homes"].as_array().unwrap().len(), 1, "{s}");
    assert!(s["vemt"]["considered"].as_u64().unwrap() > 0, "{s}");
    let text = ok(&workforce(db, "summary", &["--as-of", "2025-03-31"]));
    assert!(text.contains("Caseload per case-holding FTE"), "{text}");
    // About 26 audits a quarter at the default size: an eighth of that here.
    let a = json(&workforce(
        db,
        "audits",
        &["--quarter", "2024-Q3", "--format", "json"],
    ));
    let n = a["quarter"]["audits"].as_u64().unwrap();
    assert!((1..=6).contains(&n), "{a}");
    let pct: u64 = a["quarter"]["percent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(pct, 100);
    let rota = json(&workforce(
        db,
        "rota",
        &[
            "--team",
            "2",
            "--from",
            "2025-03-03",
            "--to",
            "2025-03-14",
            "--format",
            "json",
        ],
    ));
    // Ten working days, somebody in on each (the generator keeps cover).
    let days = rota.as_array().unwrap();
    assert_eq!(days.len(), 10);
    assert!(
        days.iter()
            .all(|d| !d["present"].as_array().unwrap().is_empty())
    );
}

#[test]
fn export_then_import_round_trips_the_generated_records() {
    let (dir, db) = copy();
    let first = ok(&workforce(&db, "export", &[]));
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(
        v["audit_forms"].as_array().unwrap().len() > 10,
        "{}",
        &first[..200]
    );
    assert!(!v["risk_plans"].as_array().unwrap().is_empty());
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let saved = ok(&workforce(&db, "import", &[file.to_str().unwrap()]));
    assert!(saved.contains("transfer rules"), "{saved}");
    let second = ok(&workforce(&db, "export", &[]));
    assert_eq!(first, second);
}

#[test]
fn bad_arguments_exit_2_with_the_reason() {
    let db = &shared_council().1;
    let cases: [(&[&str], &str); 4] = [
        (
            &["workforce", "audits", "--la", "806", "--quarter", "2024-Q5"],
            "expected YYYY-Qn",
        ),
        (
            &[
                "workforce",
                "summary",
                "--la",
                "806",
                "--as-of",
                "yesterday",
            ],
            "expected a date",
        ),
        (
            &[
                "workforce",
                "rota",
                "--la",
                "806",
                "--team",
                "999",
                "--from",
                "2025-03-03",
                "--to",
                "2025-03-14",
            ],
            "no such team",
        ),
        (
            &[
                "workforce",
                "summary",
                "--la",
                "807",
                "--as-of",
                "2025-03-31",
            ],
            "holds no records",
        ),
    ];
    for (args, msg) in cases {
        let out = sightline(db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(msg), "{args:?}: {}", stderr(&out));
    }
}

/// An import file with every list empty.
fn export(_db: &str) -> serde_json::Value {
    serde_json::json!({
        "posts": [], "patterns": [], "leave": [], "audits": [], "health_checks": [],
        "vemt": [], "homes": [], "transfer_rules": []
    })
}

#[test]
fn imports_refuse_bad_records_with_exit_1_and_save_nothing() {
    let (_dir, db) = copy();
    let before = summary(&db);
    let file = _dir.path().join("records.json");
    let import = |v: &serde_json::Value| {
        std::fs::write(&file, serde_json::to_string(v).unwrap()).unwrap();
        workforce(&db, "import", &[file.to_str().unwrap()])
    };
    // A child, its holder's team and that team's manager, from the store.
    let unalloc = json(&workforce(
        &db,
        "caseloads",
        &["--as-of", "2025-03-31", "--format", "json"],
    ));
    let busiest = unalloc
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|l| l["cases"].as_u64().unwrap())
        .unwrap()
        .clone();
    let team = busiest["team"].as_i64().unwrap();
    // Leave for everyone in the team on one working day empties it.
    let rota = json(&workforce(
        &db,
        "rota",
        &[
            "--team",
            &team.to_string(),
            "--from",
            "2025-03-04",
            "--to",
            "2025-03-04",
            "--format",
            "json",
        ],
    ));
    let present: Vec<i64> = rota[0]["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(!present.is_empty());
    // The import replaces the patterns too (everyone full time), so every
    // member of the team is given the day off.
    let members: Vec<i64> = sightline_store::open(&db)
        .unwrap()
        .load_council(sightline_domain::LaNumber::new(806).unwrap())
        .unwrap()
        .unwrap()
        .workers
        .iter()
        .filter(|w| w.team == team)
        .map(|w| w.id)
        .collect();
    let mut v = export(&db);
    v["leave"] = members
        .iter()
        .enumerate()
        .map(|(i, w)| {
            serde_json::json!({"id": i + 1, "worker": w, "first_day": "2025-03-04",
                "last_day": "2025-03-04", "reason": "training"})
        })
        .collect();
    let out = import(&v);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("with nobody on 2025-03-04") && err.contains("nothing was saved"),
        "{err}"
    );
    // Two records of one kind with one id.
    let mut v = export(&db);
    v["homes"] = serde_json::json!([
        {"id": 1, "name": "Oak", "urn": "SC123456", "places": 4, "inspections": []},
        {"id": 1, "name": "Elm", "urn": "SC123457", "places": 4, "inspections": []}
    ]);
    let out = import(&v);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("two children's home records have id 1"));
    // A bad URN names the home.
    let mut v = export(&db);
    v["homes"] =
        serde_json::json!([{"id": 1, "name": "Oak", "urn": "12", "places": 4, "inspections": []}]);
    let out = import(&v);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("\"Oak\""), "{}", stderr(&out));
    // An audit by an unknown worker.
    let mut v = export(&db);
    v["audits"] = serde_json::json!([{"id": 1, "child": "X1", "auditor": 999999, "paired_auditor": null,
        "date": "2025-03-04", "selection": {"kind": "random"}, "grade": "good"}]);
    let out = import(&v);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no worker 999999"),
        "{}",
        stderr(&out)
    );
    // An audit of a case by its own manager: the holder's team manager.
    let store = sightline_store::open(&db).unwrap();
    let la = sightline_domain::LaNumber::new(806).unwrap();
    let mut council = store.load_council(la).unwrap().unwrap();
    let on = sightline_domain::Date::from_ymd_opt(2025, 3, 3).unwrap();
    let (child, manager) = council
        .children
        .iter()
        .find_map(|r| {
            let holder = r.allocated_worker_on(on)?;
            let team = council.workers.iter().find(|w| w.id == holder)?.team;
            let m = council.workers.iter().find(|w| {
                w.team == team
                    && w.role == sightline_domain::WorkerRole::TeamManager
                    && w.is_in_post_on(on)
            })?;
            Some((r.child.id.as_str().to_string(), m.id))
        })
        .unwrap();
    let mut v = export(&db);
    v["audits"] = serde_json::json!([{"id": 1, "child": child, "auditor": manager, "paired_auditor": null,
        "date": "2025-03-03", "selection": {"kind": "random"}, "grade": "good"}]);
    let out = import(&v);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a case is never audited by its own manager"),
        "{}",
        stderr(&out)
    );
    // Overlapping employment records for one person in the store's staff
    // list: any import is refused until they are put right.
    let mut twin = council.workers[0].clone();
    twin.id = 999_998;
    twin.end = None;
    twin.start = council.workers[0].start;
    council.workers.push(twin);
    store.replace_council(&council, &|_, _| {}).unwrap();
    let out = import(&export(&db));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("overlap"), "{}", stderr(&out));
    council.workers.pop();
    store.replace_council(&council, &|_, _| {}).unwrap();
    // Not JSON: exit 2, naming the line.
    std::fs::write(&file, "{ not json").unwrap();
    let out = workforce(&db, "import", &[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
    // Nothing above was saved.
    assert_eq!(summary(&db), before);
    // A good file replaces the records: exit 0.
    let mut v = export(&db);
    v["homes"] = serde_json::json!([{"id": 1, "name": "Oak House", "urn": "SC123456", "places": 4,
        "inspections": [{"date": "2024-06-01", "grade": "good"}]}]);
    let out = import(&v);
    assert!(ok(&out).contains("saved 0 posts"), "{}", stdout(&out));
    let after = summary(&db);
    assert_eq!(after["homes"][0]["name"], "Oak House");
    assert_eq!(after["homes"][0]["latest_grade"], "good");
}
