//! The store's test suite: each shared test runs on SQLite and on
//! PostgreSQL (see [`crate::testing`] for how PostgreSQL is found and
//! isolated), followed by each backend's own opening and migration cases.

use std::path::PathBuf;
use std::sync::Mutex;

use sightline_domain::codes::*;
use sightline_domain::journey::*;
use sightline_domain::{ChildId, Council, LaNumber};

use crate::schema::{self, Ty};
use crate::testing::{self, PgSchema, full_child, sample_council};
use crate::{ChangeSet, DataQualityQuery, SCHEMA_VERSION, Store, StoreError};

fn la(n: u16) -> LaNumber {
    LaNumber::new(n).unwrap()
}
fn cid(s: &str) -> ChildId {
    ChildId::parse(s).unwrap()
}
fn none(_: u64, _: u64) {}

/// A store plus a raw connection to the same database, for tests that
/// inspect or damage what is stored.
struct Fixture {
    store: Box<dyn Store>,
    raw: Raw,
}

enum Raw {
    Sqlite(PathBuf, #[allow(dead_code)] tempfile::TempDir),
    Pg(String, #[allow(dead_code)] PgSchema),
}

impl Fixture {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let store = crate::open(&format!("sqlite://{}", path.display())).unwrap();
        Self {
            store,
            raw: Raw::Sqlite(path, dir),
        }
    }
    fn postgres() -> Option<Self> {
        let schema = testing::pg_schema()?;
        let url = schema.url();
        let store = crate::open(&url).unwrap();
        Some(Self {
            store,
            raw: Raw::Pg(url, schema),
        })
    }
    fn exec(&self, sql: &str) {
        match &self.raw {
            Raw::Sqlite(p, _) => {
                rusqlite::Connection::open(p)
                    .unwrap()
                    .execute_batch(sql)
                    .unwrap();
            }
            Raw::Pg(..) => self.pg().batch_execute(sql).unwrap(),
        }
    }
    /// The whole number a one-value query returns (a `count(*)`).
    fn count(&self, sql: &str) -> i64 {
        match &self.raw {
            Raw::Sqlite(p, _) => rusqlite::Connection::open(p)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Raw::Pg(..) => self.pg().query_one(sql, &[]).unwrap().get(0),
        }
    }
    fn pg(&self) -> postgres::Client {
        let Raw::Pg(url, _) = &self.raw else {
            panic!("not a PostgreSQL fixture")
        };
        url.parse::<postgres::Config>()
            .unwrap()
            .connect(postgres::NoTls)
            .unwrap()
    }
    /// Like `exec`, but the database's refusal is returned, not a panic.
    fn try_exec(&self, sql: &str) -> Result<(), String> {
        match &self.raw {
            Raw::Sqlite(p, _) => rusqlite::Connection::open(p)
                .unwrap()
                .execute_batch(sql)
                .map_err(|e| e.to_string()),
            Raw::Pg(..) => self.pg().batch_execute(sql).map_err(|e| format!("{e:?}")),
        }
    }
    /// (column name, declared type) of `table`, in order.
    fn columns(&self, table: &str) -> Vec<(String, String)> {
        match &self.raw {
            Raw::Sqlite(p, _) => {
                let c = rusqlite::Connection::open(p).unwrap();
                let mut s = c.prepare(&format!("PRAGMA table_info({table})")).unwrap();
                s.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect()
            }
            Raw::Pg(..) => {
                self.pg().query(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                    &[&table],
                )
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()
            }
        }
    }
}

macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $( #[test] fn $name() { super::$name(&super::Fixture::sqlite()); } )*
            #[test] fn in_memory_round_trip() { super::round_trip_on(&*crate::testing::sqlite()); }
        }
        mod on_postgres {
            $( #[test] fn $name() { if let Some(f) = super::Fixture::postgres() { super::$name(&f); } } )*
        }
    };
}

backend_tests!(
    full_round_trip,
    councils_are_isolated,
    conflicting_saves_are_refused,
    failed_change_set_changes_nothing,
    change_set_applies_atomically,
    data_quality_replaced_by_source,
    progress_reaches_total,
    streaming_replace_matches_bulk,
    corrupt_code_is_reported_not_panicked,
    corrupt_date_is_reported,
    schema_matches_the_mapping,
    concurrent_saves_from_threads,
    racing_saves_of_one_child_let_exactly_one_win,
    users_and_sessions_round_trip,
    restricted_grants_and_break_glass,
    access_chain_is_contiguous_under_concurrency,
    access_log_refuses_update_and_delete,
    child_version_follows_saves,
    change_set_creates_council_with_workers,
    failed_creation_leaves_no_council,
    quality_records_round_trip,
    quality_save_is_atomic_and_scoped,
    corrupt_quality_record_is_reported,
    quality_tables_match_the_mapping,
    improvement_records_round_trip,
    improvement_save_refuses_bad_records,
    corrupt_improvement_record_is_reported,
    improvement_tables_hold_pence_and_read_version_4_rows,
    facts_follow_every_write,
    pending_facts_are_read_from_rows_then_built_on_open,
    corrupt_facts_are_reported,
);

fn round_trip_on(store: &dyn Store) {
    let council = sample_council(la(806), 3, true);
    store.replace_council(&council, &none).unwrap();
    let loaded = store.load_council(la(806)).unwrap().unwrap();
    assert_eq!(loaded, council);
}

fn full_round_trip(f: &Fixture) {
    let s = &*f.store;
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let council = sample_council(la(806), 3, true);
    // Every list and every optional part is exercised.
    let c1 = &council.children[0];
    assert!(
        c1.adoption.is_some() && c1.previous_permanence.is_some() && !c1.annual_outcomes.is_empty()
    );
    s.replace_council(&council, &none).unwrap();
    let loaded = s.load_council(la(806)).unwrap().unwrap();
    assert_eq!(loaded.children.len(), 4);
    for (a, b) in loaded.children.iter().zip(&council.children) {
        assert_eq!(a, b, "child {}", b.child.id);
    }
    assert_eq!(loaded, council);
    let one = s.load_child(la(806), &cid("C2")).unwrap().unwrap();
    assert_eq!(&one, &council.children[1]);
    assert_eq!(s.load_child(la(806), &cid("NOPE")).unwrap(), None);
    assert_eq!(s.load_council(la(807)).unwrap(), None);
    let summary = s.councils().unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].la, la(806));
    assert_eq!(summary[0].name, council.name);
    assert_eq!(summary[0].population_0_17, 34_000);
    assert_eq!(summary[0].children, 4);
    // Replacing again is idempotent, not duplicated.
    s.replace_council(&council, &none).unwrap();
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
}

fn councils_are_isolated(f: &Fixture) {
    let s = &*f.store;
    let a = sample_council(la(806), 2, false);
    let mut b = sample_council(la(807), 3, true);
    b.name = "Other".into();
    b.children[0].child.forename = "Different".into();
    s.replace_council(&a, &none).unwrap();
    s.replace_council(&b, &none).unwrap();
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), a);
    assert_eq!(s.load_council(la(807)).unwrap().unwrap(), b);
    // Same child id in both councils: each loads its own.
    assert_eq!(
        s.load_child(la(806), &cid("C1"))
            .unwrap()
            .unwrap()
            .child
            .forename,
        "Amy\tTab"
    );
    assert_eq!(
        s.load_child(la(807), &cid("C1"))
            .unwrap()
            .unwrap()
            .child
            .forename,
        "Different"
    );
    let smaller = sample_council(la(806), 1, false);
    s.replace_council(&smaller, &none).unwrap();
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), smaller);
    assert_eq!(s.load_council(la(807)).unwrap().unwrap(), b);
    assert!(s.delete_council(la(806)).unwrap());
    assert!(!s.delete_council(la(806)).unwrap());
    assert_eq!(s.load_council(la(806)).unwrap(), None);
    assert_eq!(s.load_council(la(807)).unwrap().unwrap(), b);
    let names: Vec<u16> = s.councils().unwrap().iter().map(|c| c.la.get()).collect();
    assert_eq!(names, vec![807]);
}

fn conflicting_saves_are_refused(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 2, false);
    s.replace_council(&council, &none).unwrap();
    let mut first = s.load_child(la(806), &cid("C1")).unwrap().unwrap();
    let stale = first.clone();
    assert_eq!(first.version, 3);
    first.child.surname = "Changed".into();
    first.visits.pop();
    first.episodes[1].urn = None;
    let v = s.save_child(la(806), &first).unwrap();
    assert_eq!(v, 4);
    let reloaded = s.load_child(la(806), &cid("C1")).unwrap().unwrap();
    let mut expected = first.clone();
    expected.version = 4;
    assert_eq!(reloaded, expected);
    // Someone else saved meanwhile: the stale edit is refused and changes nothing.
    match s.save_child(la(806), &stale) {
        Err(StoreError::Conflict {
            child,
            expected: e,
            found,
        }) => {
            assert_eq!((child.as_str(), e, found), ("C1", 3, 4));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        s.load_child(la(806), &cid("C1")).unwrap().unwrap(),
        expected
    );
    // A new child is saved from version 0.
    let new = testing::unborn_child(&cid("N9"));
    assert_eq!(s.save_child(la(806), &new).unwrap(), 1);
    let mut ghost = testing::unborn_child(&cid("N10"));
    ghost.version = 5;
    assert!(matches!(
        s.save_child(la(806), &ghost),
        Err(StoreError::Conflict { found: 0, .. })
    ));
    assert!(matches!(
        s.save_child(la(900), &new),
        Err(StoreError::NoSuchCouncil(_))
    ));
    assert_eq!(s.councils().unwrap()[0].children, 3);
}

fn failed_change_set_changes_nothing(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 3, false);
    s.replace_council(&council, &none).unwrap();
    let q = dq("903:2025", "103", Some("C1"));
    s.apply(
        la(806),
        &ChangeSet {
            data_quality: Some(("903:2025".into(), vec![q.clone()])),
            ..Default::default()
        },
    )
    .unwrap();
    let mut changed = council.children[0].clone();
    changed.child.surname = "Changed".into();
    // The same child twice: the second insert fails, after the deletes and
    // the first upsert have run.
    let bad = ChangeSet {
        upsert_children: vec![
            changed.clone(),
            testing::unborn_child(&cid("U5")),
            changed.clone(),
        ],
        delete_children: vec![cid("C2")],
        data_quality: Some(("903:2025".into(), vec![])),
        ..Default::default()
    };
    assert!(s.apply(la(806), &bad).is_err());
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    assert_eq!(s.data_quality(la(806), None).unwrap(), vec![q.clone()]);
    // A query of the wrong source also aborts the whole set.
    let bad = ChangeSet {
        delete_children: vec![cid("C3")],
        data_quality: Some(("903:2025".into(), vec![dq("cin:2025", "8500", None)])),
        ..Default::default()
    };
    assert!(s.apply(la(806), &bad).is_err());
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    assert_eq!(s.data_quality(la(806), None).unwrap(), vec![q]);
    assert!(matches!(
        s.apply(la(999), &ChangeSet::default()),
        Err(StoreError::NoSuchCouncil(_))
    ));
}

fn change_set_applies_atomically(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 3, false);
    s.replace_council(&council, &none).unwrap();
    let mut changed = council.children[0].clone();
    changed.child.surname = "Changed".into();
    changed.version = 77; // ignored: a change set replaces whole records
    let new = testing::unborn_child(&cid("U5"));
    s.apply(
        la(806),
        &ChangeSet {
            upsert_children: vec![changed.clone(), new.clone()],
            delete_children: vec![cid("C2")],
            ..Default::default()
        },
    )
    .unwrap();
    let loaded = s.load_council(la(806)).unwrap().unwrap();
    let ids: Vec<&str> = loaded
        .children
        .iter()
        .map(|c| c.child.id.as_str())
        .collect();
    assert_eq!(ids, vec!["C1", "C3", "U5"]);
    let mut want = changed;
    want.version = 4;
    assert_eq!(loaded.children[0], want);
    let mut want_new = new;
    want_new.version = 1;
    assert_eq!(loaded.children[2], want_new);
    assert_eq!(loaded.children[1], council.children[2]);
    assert_eq!(s.load_child(la(806), &cid("C2")).unwrap(), None);
}

/// An import into an empty store creates the council, its workers and its
/// children in one change set.
fn change_set_creates_council_with_workers(f: &Fixture) {
    let s = &*f.store;
    let sample = sample_council(la(806), 2, false);
    let mut team = sample.teams[0].clone();
    team.id = 41;
    let mut worker = sample.workers[0].clone();
    worker.id = 42;
    worker.team = 41;
    worker.sw_id = "SW42".into();
    let changes = ChangeSet {
        upsert_children: sample.children.clone(),
        create_council: Some(("Middlesbrough".into(), 33_000)),
        upsert_teams: vec![team.clone()],
        upsert_workers: vec![worker.clone()],
        ..Default::default()
    };
    s.apply(la(806), &changes).unwrap();
    let loaded = s.load_council(la(806)).unwrap().unwrap();
    assert_eq!(loaded.name, "Middlesbrough");
    assert_eq!(loaded.population_0_17, 33_000);
    assert_eq!(loaded.teams, vec![team.clone()]);
    assert_eq!(loaded.workers, vec![worker.clone()]);
    assert_eq!(loaded.children.len(), 2);
    // Applying again replaces the worker by id rather than duplicating it,
    // and an existing council keeps its name.
    let mut renamed = worker.clone();
    renamed.name = "Renamed".into();
    s.apply(
        la(806),
        &ChangeSet {
            create_council: Some(("Ignored".into(), 1)),
            upsert_workers: vec![renamed.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    let loaded = s.load_council(la(806)).unwrap().unwrap();
    assert_eq!(loaded.name, "Middlesbrough");
    assert_eq!(loaded.workers, vec![renamed]);
}

/// A change set that fails after creating the council leaves no council.
fn failed_creation_leaves_no_council(f: &Fixture) {
    let s = &*f.store;
    let sample = sample_council(la(806), 1, false);
    let child = sample.children[0].clone();
    let bad = ChangeSet {
        upsert_children: vec![child.clone(), child],
        create_council: Some(("Middlesbrough".into(), 33_000)),
        ..Default::default()
    };
    assert!(s.apply(la(806), &bad).is_err());
    assert!(s.councils().unwrap().is_empty());
    assert_eq!(s.load_council(la(806)).unwrap(), None);
}

fn dq(source: &str, rule: &str, child: Option<&str>) -> DataQualityQuery {
    DataQualityQuery {
        source: source.into(),
        rule: rule.into(),
        child: child.map(cid),
        location: "Episodes row 3".into(),
        fields: vec!["DECOM".into(), "RNE".into()],
        message: format!("Rule {rule}: tab\there, \"quoted\" \\ back"),
    }
}

fn data_quality_replaced_by_source(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 2, false), &none)
        .unwrap();
    s.replace_council(&sample_council(la(807), 1, false), &none)
        .unwrap();
    let set = |la_n: u16, source: &str, qs: Vec<DataQualityQuery>| {
        s.apply(
            la(la_n),
            &ChangeSet {
                data_quality: Some((source.into(), qs)),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let a = dq("903:2025", "103", Some("C1"));
    let b = dq("903:2025", "1001", None);
    let c = dq("cin:2025", "8525", Some("C2"));
    let d = dq("903:2025", "205A", Some("C2"));
    set(806, "903:2025", vec![a.clone(), b.clone()]);
    set(806, "cin:2025", vec![c.clone()]);
    set(807, "903:2025", vec![a.clone()]);
    assert_eq!(
        s.data_quality(la(806), None).unwrap(),
        vec![a.clone(), b, c.clone()]
    );
    set(806, "903:2025", vec![d.clone()]);
    assert_eq!(
        s.data_quality(la(806), None).unwrap(),
        vec![c.clone(), d.clone()]
    );
    assert_eq!(
        s.data_quality(la(806), Some(&cid("C2"))).unwrap(),
        vec![c, d]
    );
    assert_eq!(s.data_quality(la(806), Some(&cid("C1"))).unwrap(), vec![]);
    assert_eq!(s.data_quality(la(807), None).unwrap(), vec![a]);
}

fn progress_reaches_total(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 5, true);
    let seen: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());
    s.replace_council(&council, &|done, total| {
        seen.lock().unwrap().push((done, total))
    })
    .unwrap();
    let seen = seen.into_inner().unwrap();
    let total = schema::council_rows(&council).unwrap();
    // 5 full children of 41 rows, 1 unborn, the council, 2 teams, 2
    // workers, and a facts row for each of the 6 children.
    assert_eq!(total, 5 * 41 + 1 + 1 + 2 + 2 + 6);
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(
        seen.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress never goes back"
    );
}

fn streaming_replace_matches_bulk(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 7, true);
    let header = Council {
        children: vec![],
        ..council.clone()
    };
    // Something stale to be replaced.
    s.replace_council(&sample_council(la(806), 9, false), &none)
        .unwrap();
    let seen: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());
    let mut kids = council.children.clone().into_iter();
    s.replace_council_streaming(&header, &mut kids, &|d, t| {
        seen.lock().unwrap().push((d, t))
    })
    .unwrap();
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    let total = schema::council_rows(&council).unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    // A failing stream (a duplicate child) leaves the previous council.
    let mut dup = vec![council.children[0].clone(), council.children[0].clone()].into_iter();
    assert!(
        s.replace_council_streaming(&header, &mut dup, &none)
            .is_err()
    );
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
}

fn corrupt_code_is_reported_not_panicked(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    f.exec("UPDATE episodes SET ls = 'Q9' WHERE child_id = 'C1'");
    let e = s.load_council(la(806)).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, StoreError::Corrupt(_)), "{msg}");
    assert!(
        msg.contains("table episodes") && msg.contains("column ls") && msg.contains("\"Q9\""),
        "{msg}"
    );
    let e = s.load_child(la(806), &cid("C1")).unwrap_err();
    assert!(e.to_string().contains("column ls"), "{e}");
    // One of Sightline's own lists (conference kinds), likewise.
    f.exec("UPDATE episodes SET ls = 'C2' WHERE child_id = 'C1'");
    f.exec("UPDATE conferences SET conference_kind = 'X' WHERE child_id = 'C1'");
    let msg = s.load_council(la(806)).unwrap_err().to_string();
    assert!(
        msg.contains("table conferences")
            && msg.contains("expected a conference kind")
            && msg.contains("\"X\""),
        "{msg}"
    );
}

fn corrupt_date_is_reported(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    // An episode end date without its reason breaks the domain's invariant.
    f.exec("UPDATE episodes SET rec = NULL WHERE child_id = 'C1'");
    let msg = s.load_council(la(806)).unwrap_err().to_string();
    assert!(
        msg.contains("table episodes") && msg.contains("dec and rec"),
        "{msg}"
    );
}

/// The type each backend reports for a column of type `ty`.
fn declared(pg: bool, ty: Ty) -> &'static str {
    match (pg, ty) {
        (false, Ty::Int | Ty::Bool) => "INTEGER",
        (false, Ty::Text | Ty::Date) => "TEXT",
        (false, Ty::Bytes) => "BLOB",
        (true, Ty::Int) => "bigint",
        (true, Ty::Bool) => "boolean",
        (true, Ty::Text) => "text",
        (true, Ty::Date) => "date",
        (true, Ty::Bytes) => "bytea",
    }
}

fn schema_matches_the_mapping(f: &Fixture) {
    let pg = matches!(f.raw, Raw::Pg(..));
    for t in schema::all_tables() {
        let mut got = f.columns(t.name);
        if t.name == "data_quality" {
            assert_eq!(got.remove(0).0, "id");
        }
        let mut want: Vec<(String, String)> =
            vec![("la".into(), if pg { "bigint" } else { "INTEGER" }.into())];
        if t.per_child {
            want.push(("child_id".into(), if pg { "text" } else { "TEXT" }.into()));
        }
        for c in t.cols {
            want.push((c.name.into(), declared(pg, c.ty).into()));
        }
        assert_eq!(got, want, "table {}", t.name);
    }
    let migrations = f.columns("schema_migrations");
    assert_eq!(migrations.len(), 2);
    assert_eq!(migrations[0].0, "version");
    assert_eq!(migrations[1].0, "applied_at");
}

fn concurrent_saves_from_threads(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 8, false);
    s.replace_council(&council, &none).unwrap();
    std::thread::scope(|scope| {
        for rec in &council.children {
            scope.spawn(move || {
                let mut r = rec.clone();
                r.child.forename = format!("Saved{}", r.child.id);
                assert_eq!(s.save_child(la(806), &r).unwrap(), 4);
            });
        }
    });
    let loaded = s.load_council(la(806)).unwrap().unwrap();
    for c in &loaded.children {
        assert_eq!(c.child.forename, format!("Saved{}", c.child.id));
        assert_eq!(c.version, 4);
    }
}

fn racing_saves_of_one_child_let_exactly_one_win(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 1, false);
    s.replace_council(&council, &none).unwrap();
    let base = council.children[0].clone();
    let results: Vec<Result<i64, StoreError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let mut r = base.clone();
                r.child.surname = format!("Writer{i}");
                scope.spawn(move || s.save_child(la(806), &r))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wins: Vec<usize> = (0..4).filter(|&i| results[i].is_ok()).collect();
    assert_eq!(wins.len(), 1, "{results:?}");
    for r in &results {
        assert!(
            matches!(
                r,
                Ok(4)
                    | Err(StoreError::Conflict {
                        expected: 3,
                        found: 4,
                        ..
                    })
            ),
            "{r:?}"
        );
    }
    let stored = s.load_child(la(806), &cid("C1")).unwrap().unwrap();
    assert_eq!(stored.child.surname, format!("Writer{}", wins[0]));
    assert_eq!(stored.version, 4);
}

// ---- Opening: bad input is refused with one clear line, nothing written. ----

#[test]
fn unsupported_urls_are_refused() {
    for url in [
        "mysql://x/y",
        "sqlite://",
        "",
        "/tmp/file.db",
        "sqlite:relative.db",
    ] {
        match crate::open(url) {
            Err(StoreError::BadUrl(u)) => assert_eq!(u, url),
            Err(e) => panic!("{url}: expected BadUrl, got {e}"),
            Ok(_) => panic!("{url}: expected BadUrl, got a store"),
        }
    }
}

#[test]
fn sqlite_missing_directory_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir");
    let url = format!("sqlite://{}/store.db", missing.display());
    let e = crate::open(&url).err().unwrap();
    let msg = e.to_string();
    assert!(matches!(e, StoreError::Unavailable { .. }), "{msg}");
    assert!(
        msg.contains("does not exist") && !msg.contains('\n'),
        "{msg}"
    );
    assert!(!dir.path().join("no").exists());
}

#[test]
fn sqlite_unwritable_directory_is_reported() {
    // Nobody, root included, can create a file in /proc.
    let path = std::path::Path::new("/proc/sightline-store-test.db");
    if !std::path::Path::new("/proc").is_dir() {
        return;
    }
    let e = crate::open(&format!("sqlite://{}", path.display()))
        .err()
        .unwrap();
    let msg = e.to_string();
    assert!(matches!(e, StoreError::Unavailable { .. }), "{msg}");
    assert!(
        msg.contains("cannot create /proc/sightline-store-test.db") && !msg.contains('\n'),
        "{msg}"
    );
    assert!(!path.exists());
}

#[test]
fn sqlite_directory_instead_of_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = crate::open(&format!("sqlite://{}", dir.path().display()))
        .err()
        .unwrap();
    assert!(e.to_string().contains("is not a file"), "{e}");
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn sqlite_text_file_is_left_untouched() {
    let long = "This is a plain text file, not a database.\n".repeat(200);
    for content in ["hello\n", long.as_str()] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, content).unwrap();
        let e = crate::open(&format!("sqlite://{}", path.display()))
            .err()
            .unwrap();
        let msg = e.to_string();
        assert!(matches!(e, StoreError::Unavailable { .. }), "{msg}");
        assert!(
            msg.contains("not a SQLite database") && !msg.contains('\n'),
            "{msg}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
        assert_eq!(files_in(dir.path()), vec!["notes.txt"]);
    }
}

#[test]
fn sqlite_foreign_database_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE accounts (id INTEGER); INSERT INTO accounts VALUES (1);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = crate::open(&format!("sqlite://{}", path.display()))
        .err()
        .unwrap();
    assert!(e.to_string().contains("not a Sightline store"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(files_in(dir.path()), vec!["other.db"]);
}

#[test]
fn sqlite_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let url = format!("sqlite://{}", path.display());
    let s = crate::open(&url).unwrap();
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    drop(s);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("INSERT INTO schema_migrations VALUES (99, '2030-01-01T00:00:00Z'); PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match crate::open(&url) {
        Err(StoreError::NewerSchema {
            found: 99,
            supported,
        }) => assert_eq!(supported, SCHEMA_VERSION),
        Err(e) => panic!("expected NewerSchema, got {e}"),
        Ok(_) => panic!("expected NewerSchema, got a store"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn sqlite_store_persists_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let url = format!("sqlite://{}", path.display());
    let council = sample_council(la(806), 2, true);
    crate::open(&url)
        .unwrap()
        .replace_council(&council, &none)
        .unwrap();
    let s = crate::open(&url).unwrap();
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    let c = rusqlite::Connection::open(&path).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let applied: i64 = c
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        applied,
        i64::from(SCHEMA_VERSION),
        "reopening does not re-run migrations"
    );
}

#[test]
fn sqlite_connections_have_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let url = format!("sqlite://{}", path.display());
    let store = crate::sqlite::open(&url, crate::sqlite::Target::File(path)).unwrap();
    use crate::common::Engine;
    let mut seen = Vec::new();
    store
        .engine
        .transaction(false, &mut |tx| {
            for p in [
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
            ] {
                tx.query(&format!("PRAGMA {p}"), &[], &mut |row| {
                    let v = match row.cell(0, Ty::Int) {
                        Ok(schema::Value::Int(i)) => i.to_string(),
                        _ => match row.cell(0, Ty::Text) {
                            Ok(schema::Value::Text(t)) => t.into_owned(),
                            other => format!("{other:?}"),
                        },
                    };
                    seen.push(v);
                    Ok(())
                })?;
            }
            Ok(())
        })
        .unwrap();
    // WAL; synchronous NORMAL = 1; foreign keys on; a busy timeout set.
    assert_eq!(seen[..3], ["wal".to_string(), "1".into(), "1".into()]);
    assert!(seen[3].parse::<i64>().unwrap() > 0);
}

const BAD_MIGRATION: &str =
    "CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);";

#[test]
fn sqlite_failed_migration_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let url = format!("sqlite://{}", path.display());
    let council = sample_council(la(806), 1, false);
    crate::open(&url)
        .unwrap()
        .replace_council(&council, &none)
        .unwrap();
    // A failing migration after the current ones.
    let next = SCHEMA_VERSION + 1;
    let mut migrations = crate::sqlite::MIGRATIONS.to_vec();
    migrations.push((next, BAD_MIGRATION));
    let target = crate::sqlite::Target::File(path.clone());
    match crate::sqlite::open_with(&url, target, &migrations) {
        Err(StoreError::Migration { version, reason }) if version == next => {
            assert!(reason.contains("no_such_table"), "{reason}")
        }
        Err(e) => panic!("expected a migration error, got {e}"),
        Ok(_) => panic!("expected a migration error"),
    }
    let s = crate::open(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    let c = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    // A fresh store whose first migration fails leaves no file behind.
    let fresh = dir.path().join("fresh.db");
    let r = crate::sqlite::open_with(
        "sqlite://fresh",
        crate::sqlite::Target::File(fresh.clone()),
        &[(1, BAD_MIGRATION)],
    );
    assert!(matches!(r, Err(StoreError::Migration { version: 1, .. })));
    assert!(!fresh.exists());
}

#[test]
fn postgres_unreachable_server_fails_fast() {
    let started = std::time::Instant::now();
    // Nothing listens on port 1 of the loopback address.
    let url = "postgres://postgres:secret@127.0.0.1:1/test";
    let e = crate::open(url).err().unwrap();
    let msg = e.to_string();
    assert!(matches!(e, StoreError::Unavailable { .. }), "{msg}");
    assert!(!msg.contains("secret") && !msg.contains('\n'), "{msg}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
}

#[test]
fn postgres_newer_schema_is_refused_untouched() {
    let Some(schema) = testing::pg_schema() else {
        return;
    };
    let url = schema.url();
    crate::open(&url)
        .unwrap()
        .replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    let mut c: postgres::Client = url
        .parse::<postgres::Config>()
        .unwrap()
        .connect(postgres::NoTls)
        .unwrap();
    c.batch_execute("INSERT INTO schema_migrations (version) VALUES (99)")
        .unwrap();
    match crate::open(&url) {
        Err(StoreError::NewerSchema { found: 99, .. }) => {}
        Err(e) => panic!("expected NewerSchema, got {e}"),
        Ok(_) => panic!("expected NewerSchema, got a store"),
    }
    let n: i64 = c
        .query_one("SELECT count(*) FROM schema_migrations", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, i64::from(SCHEMA_VERSION) + 1);
    let children: i64 = c
        .query_one("SELECT count(*) FROM children", &[])
        .unwrap()
        .get(0);
    assert_eq!(children, 1);
}

#[test]
fn postgres_failed_migration_leaves_the_store_as_it_was() {
    let Some(schema) = testing::pg_schema() else {
        return;
    };
    let url = schema.url();
    let council = sample_council(la(806), 1, false);
    crate::open(&url)
        .unwrap()
        .replace_council(&council, &none)
        .unwrap();
    let next = SCHEMA_VERSION + 1;
    let mut migrations = crate::pg::MIGRATIONS.to_vec();
    migrations.push((next, BAD_MIGRATION));
    match crate::pg::open_with(&url, &migrations) {
        Err(StoreError::Migration { version, reason }) if version == next => {
            assert!(reason.contains("no_such_table"), "{reason}")
        }
        Err(e) => panic!("expected a migration error, got {e}"),
        Ok(_) => panic!("expected a migration error"),
    }
    let s = crate::open(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.load_council(la(806)).unwrap().unwrap(), council);
    let mut c: postgres::Client = url
        .parse::<postgres::Config>()
        .unwrap()
        .connect(postgres::NoTls)
        .unwrap();
    let exists: bool = c
        .query_one("SELECT to_regclass('half_done') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!exists);
}

#[test]
fn migrations_end_at_the_schema_version() {
    assert_eq!(
        crate::sqlite::MIGRATIONS.last().map(|m| m.0),
        Some(SCHEMA_VERSION)
    );
    assert_eq!(
        crate::pg::MIGRATIONS.last().map(|m| m.0),
        Some(SCHEMA_VERSION)
    );
    assert_eq!(crate::sqlite::MIGRATIONS.len(), crate::pg::MIGRATIONS.len());
}

#[test]
fn testing_each_backend_gives_fresh_stores() {
    let runs = Mutex::new(Vec::new());
    testing::each_backend(|name, store| {
        assert!(store.councils().unwrap().is_empty(), "{name}");
        let c: Council = sample_council(la(806), 1, false);
        store.replace_council(&c, &none).unwrap();
        runs.lock().unwrap().push(name.to_string());
    });
    let runs = runs.into_inner().unwrap();
    assert_eq!(runs[0], "sqlite");
}

#[test]
fn full_child_fills_every_list() {
    let r = full_child(&cid("C1"), 1);
    let lens = [
        r.contacts.len(),
        r.referrals.len(),
        r.assessments.len(),
        r.strategy_discussions.len(),
        r.section47s.len(),
        r.conferences.len(),
        r.cp_plans.len(),
        r.cin_plans.len(),
        r.episodes.len(),
        r.cla_reviews.len(),
        r.visits.len(),
        r.health_checks.len(),
        r.offences.len(),
        r.annual_outcomes.len(),
        r.missing.len(),
        r.adoption_decisions.len(),
        r.care_leaver_statuses.len(),
        r.leaving_care.len(),
        r.family_group_conferences.len(),
        r.safety_plans.len(),
        r.allocations.len(),
    ];
    assert!(lens.iter().all(|&n| n > 0), "{lens:?}");
    assert!(r.child.upn.is_some() && r.child.former_upn.is_some());
    let _ = (
        ContactOutcome::Referral,
        HealthCheckKind::Sdq,
        LegalStatus::FullCareOrder,
    );
}

#[test]
fn redacts_passwords() {
    assert_eq!(
        crate::pg::redact("postgres://u:pw@h:5/db"),
        "postgres://u:***@h:5/db"
    );
    assert_eq!(crate::pg::redact("postgres://u@h/db"), "postgres://u@h/db");
}

fn user(name: &str) -> crate::UserRecord {
    crate::UserRecord {
        username: name.into(),
        display_name: format!("User {name}"),
        role: "social_worker".into(),
        la: Some(la(808)),
        team: Some(2),
        worker: Some(7),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        totp_secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into(),
        recovery_codes: vec!["h1".into(), "h2".into()],
        failed_logins: 0,
        locked_until: None,
        totp_last_step: 0,
        expires_at: None,
        created_at: 1_700_000_000,
    }
}

fn users_and_sessions_round_trip(f: &Fixture) {
    let s = &f.store;
    let mut u = user("amy");
    assert!(s.put_user(&u, true).unwrap());
    assert!(
        !s.put_user(&u, true).unwrap(),
        "a taken username is refused"
    );
    assert!(
        !s.put_user(&user("nobody"), false).unwrap(),
        "updating a missing user"
    );
    assert_eq!(s.user("amy").unwrap(), Some(u.clone()));
    u.failed_logins = 3;
    u.locked_until = Some(1_700_000_900);
    u.recovery_codes = vec!["h2".into()];
    u.expires_at = Some(1_800_000_000);
    u.la = None;
    assert!(s.put_user(&u, false).unwrap());
    assert_eq!(s.user("amy").unwrap(), Some(u.clone()));
    s.put_user(&user("bob"), true).unwrap();
    let names: Vec<String> = s.users().unwrap().into_iter().map(|u| u.username).collect();
    assert_eq!(names, ["amy", "bob"]);
    assert_eq!(s.user("carol").unwrap(), None);

    let mut sess = crate::SessionRecord {
        token_hash: "t1".into(),
        username: "amy".into(),
        csrf: "c1".into(),
        created_at: 10,
        last_seen: 10,
        verified: false,
    };
    s.put_session(&sess).unwrap();
    assert_eq!(s.session("t1").unwrap(), Some(sess.clone()));
    sess.verified = true;
    sess.last_seen = 99;
    s.put_session(&sess).unwrap();
    assert_eq!(s.session("t1").unwrap(), Some(sess));
    s.delete_session("t1").unwrap();
    assert_eq!(s.session("t1").unwrap(), None);
}

fn restricted_grants_and_break_glass(f: &Fixture) {
    let s = &f.store;
    let c = cid("C1");
    assert!(s.restricted_grants(la(808), &c).unwrap().is_empty());
    s.grant_restricted(la(808), &c, "zoe").unwrap();
    s.grant_restricted(la(808), &c, "amy").unwrap();
    s.grant_restricted(la(808), &c, "amy").unwrap();
    s.grant_restricted(la(809), &c, "bob").unwrap();
    assert_eq!(s.restricted_grants(la(808), &c).unwrap(), ["amy", "zoe"]);
    assert!(s.revoke_restricted(la(808), &c, "zoe").unwrap());
    assert!(!s.revoke_restricted(la(808), &c, "zoe").unwrap());
    assert_eq!(s.restricted_grants(la(808), &c).unwrap(), ["amy"]);
    assert_eq!(s.restricted_grants(la(809), &c).unwrap(), ["bob"]);
    s.grant_restricted(la(808), &c, "zoe").unwrap();
    let ev = |child: &str, at| crate::BreakGlass {
        la: la(808),
        child: child.into(),
        username: "bob".into(),
        reason: "urgent safeguarding call".into(),
        at,
    };
    s.record_break_glass(&ev("C1", 5)).unwrap();
    s.record_break_glass(&ev("C2", 7)).unwrap();
    assert_eq!(
        s.break_glass_events(la(808), None).unwrap(),
        [ev("C2", 7), ev("C1", 5)]
    );
    assert_eq!(
        s.break_glass_events(la(808), Some(&c)).unwrap(),
        [ev("C1", 5)]
    );
    assert!(s.break_glass_events(la(809), None).unwrap().is_empty());
}

fn entry(who: &str, child: &str) -> impl FnMut(i64, &str) -> crate::AccessEntry {
    let who = who.to_string();
    let child = child.to_string();
    move |seq, prev| crate::AccessEntry {
        la: la(808),
        seq,
        at: 1_700_000_000 + seq,
        username: who.clone(),
        child: Some(child.clone()),
        what: "viewed record".into(),
        why: "/children/x".into(),
        prev_hash: prev.to_string(),
        hash: format!("{prev}>{seq}"),
    }
}

fn access_chain_is_contiguous_under_concurrency(f: &Fixture) {
    let s = &*f.store;
    std::thread::scope(|scope| {
        for t in 0..4 {
            scope.spawn(move || {
                for _ in 0..10 {
                    s.append_access(la(808), &mut entry(&format!("u{t}"), "C1"))
                        .unwrap();
                }
            });
        }
    });
    s.append_access(la(809), &mut entry("x", "C2")).unwrap();
    let mut one = entry("batch", "C3");
    let batch = s
        .append_access_batch(la(808), 3, &mut |_, seq, prev| one(seq, prev))
        .unwrap();
    assert_eq!(
        batch.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [41, 42, 43]
    );
    assert_eq!(batch[1].prev_hash, batch[0].hash);
    let log = s.access_log(la(808), None, None).unwrap();
    assert_eq!(log.len(), 43);
    let mut prev = String::new();
    for (i, e) in log.iter().enumerate() {
        assert_eq!(e.seq, i as i64 + 1);
        assert_eq!(
            e.prev_hash, prev,
            "entry {} links to its predecessor",
            e.seq
        );
        prev = e.hash.clone();
    }
    let other = s.access_log(la(809), None, None).unwrap();
    assert_eq!(
        (other.len(), other[0].seq, other[0].prev_hash.as_str()),
        (1, 1, "")
    );
    let newest = s.access_log(la(808), Some(&cid("C1")), Some(3)).unwrap();
    assert_eq!(
        newest.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [40, 39, 38]
    );
    assert!(
        s.access_log(la(808), Some(&cid("C9")), Some(3))
            .unwrap()
            .is_empty()
    );
}

fn child_version_follows_saves(f: &Fixture) {
    let s = &f.store;
    s.replace_council(&sample_council(la(808), 2, false), &none)
        .unwrap();
    let c1 = cid("C1");
    let v = s.child_version(la(808), &c1).unwrap().unwrap();
    let mut r = s.load_child(la(808), &c1).unwrap().unwrap();
    assert_eq!(r.version, v);
    r.child.forename = "Changed".into();
    let v2 = s.save_child(la(808), &r).unwrap();
    assert_eq!(s.child_version(la(808), &c1).unwrap(), Some(v2));
    assert_eq!(s.child_version(la(808), &cid("C9")).unwrap(), None);
    assert_eq!(s.child_version(la(809), &c1).unwrap(), None);
}

fn access_log_refuses_update_and_delete(f: &Fixture) {
    let s = &f.store;
    s.append_access(la(808), &mut entry("amy", "C1")).unwrap();
    let upd = f.try_exec("UPDATE access_log SET username = 'mallory'");
    assert!(upd.is_err_and(|e| e.contains("append-only")));
    let del = f.try_exec("DELETE FROM access_log");
    assert!(del.is_err_and(|e| e.contains("append-only")));
    assert_eq!(
        s.access_log(la(808), None, None).unwrap()[0].username,
        "amy"
    );
}

fn quality_records() -> sightline_domain::quality::QualityRecords {
    use chrono::Weekday;
    use sightline_domain::quality::*;
    let d = |y, m, day| sightline_domain::Date::from_ymd_opt(y, m, day).unwrap();
    let mut q = QualityRecords {
        posts: vec![Post {
            id: 1,
            team: 1,
            role: WorkerRole::SocialWorker,
            fte_hundredths: 1150,
            case_holding: true,
            start: d(2015, 4, 1),
            end: None,
        }],
        patterns: vec![WorkingPatternRecord {
            id: 1,
            worker: 1,
            from: d(2016, 1, 4),
            pattern: WorkingPattern::NineDayFortnight {
                day_off: Weekday::Fri,
                anchor: d(2016, 1, 4),
            },
        }],
        leave: vec![Leave {
            id: 1,
            worker: 1,
            first_day: d(2016, 8, 1),
            last_day: d(2016, 8, 12),
            reason: "Annual leave \"summer\"".into(),
        }],
        audits: vec![CaseFileAudit {
            id: 1,
            child: cid("C1"),
            auditor: 1,
            paired_auditor: Some(2),
            date: d(2016, 5, 10),
            selection: AuditSelection::Themed("Voice of the child".into()),
            grade: Grade::RequiresImprovement,
        }],
        health_checks: vec![TeamHealthCheck {
            id: 1,
            team: 1,
            date: d(2016, 2, 1),
            grade: Grade::Good,
            findings: "Strong supervision; caseloads high".into(),
        }],
        vemt: vec![VemtConsideration {
            id: 1,
            child: cid("C1"),
            considered: d(2016, 7, 5),
            cse_risk: Some(RiskLevel::High),
            closed: None,
        }],
        homes: vec![ChildrensHome {
            id: 1,
            name: "Oak House".into(),
            urn: "SC123456".into(),
            places: 4,
            inspections: vec![OfstedInspection {
                date: d(2016, 3, 1),
                grade: Grade::Outstanding,
            }],
        }],
        transfer_rules: vec![TransferRule {
            id: 1,
            name: "Looked after to the CLA service".into(),
            trigger: TransferTrigger::BecomesLookedAfter,
            to_service: Service::LookedAfter,
            within_working_days: 10,
        }],
        audit_forms: vec![AuditForm {
            audit: 1,
            sections: vec![
                SectionGrade {
                    section: AuditSection::VoiceOfTheChild,
                    grade: Grade::Good,
                    comment: "Wishes recorded".into(),
                },
                SectionGrade {
                    section: AuditSection::Planning,
                    grade: Grade::Inadequate,
                    comment: String::new(),
                },
            ],
            actions: vec![
                AuditAction {
                    action: "Update the plan".into(),
                    owner: 1,
                    due: d(2016, 6, 10),
                    completed: Some(d(2016, 6, 1)),
                },
                AuditAction {
                    action: "Record supervision".into(),
                    owner: 2,
                    due: d(2016, 6, 30),
                    completed: None,
                },
            ],
            moderation: Some(Moderation {
                moderator: 3,
                date: d(2016, 5, 20),
                original_grade: Grade::Good,
                note: "Plan drift".into(),
            }),
        }],
        vemt_meetings: vec![VemtMeeting {
            id: 1,
            date: d(2016, 7, 5),
            children: vec![cid("C1"), cid("C2")],
        }],
        risk_plans: vec![
            RiskPlan {
                id: 1,
                child: cid("C1"),
                kind: RiskPlanKind::SafetyPlan,
                made: d(2016, 1, 4),
                last_reviewed: Some(d(2016, 4, 4)),
                next_review: d(2016, 7, 4),
                ended: None,
            },
            RiskPlan {
                id: 2,
                child: cid("C1"),
                kind: RiskPlanKind::SendRiskAssessment,
                made: d(2016, 1, 4),
                last_reviewed: None,
                next_review: d(2016, 7, 4),
                ended: Some(d(2016, 9, 1)),
            },
        ],
        cse_disclosures: vec![
            CseDisclosure {
                id: 1,
                child: cid("C1"),
                date: d(2016, 7, 1),
                disclosed_to: DisclosedTo::SchoolStaff,
                referred_to_police: true,
            },
            CseDisclosure {
                id: 2,
                child: cid("C2"),
                date: d(2016, 9, 30),
                disclosed_to: DisclosedTo::ParentOrCarer,
                referred_to_police: false,
            },
        ],
    };
    q.patterns.push(WorkingPatternRecord {
        id: 2,
        worker: 2,
        from: d(2016, 1, 4),
        pattern: WorkingPattern::PartTime {
            days: vec![Weekday::Mon, Weekday::Wed, Weekday::Thu],
        },
    });
    q.homes[0].inspections.push(OfstedInspection {
        date: d(2017, 3, 1),
        grade: Grade::RequiresImprovement,
    });
    q
}

fn quality_records_round_trip(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    assert_eq!(s.load_quality(la(806)).unwrap(), Default::default());
    let q = quality_records();
    s.save_quality(la(806), &q).unwrap();
    assert_eq!(s.load_quality(la(806)).unwrap(), q);
    // Saving again replaces, not appends.
    let mut fewer = q.clone();
    fewer.audits.clear();
    s.save_quality(la(806), &fewer).unwrap();
    assert_eq!(s.load_quality(la(806)).unwrap(), fewer);
    // Replacing the council's children keeps its quality records; deleting
    // the council removes them.
    s.replace_council(&sample_council(la(806), 2, false), &none)
        .unwrap();
    assert_eq!(s.load_quality(la(806)).unwrap(), fewer);
    assert!(s.delete_council(la(806)).unwrap());
    assert_eq!(s.load_quality(la(806)).unwrap(), Default::default());
}

fn quality_save_is_atomic_and_scoped(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    s.replace_council(&sample_council(la(807), 1, false), &none)
        .unwrap();
    let q = quality_records();
    s.save_quality(la(806), &q).unwrap();
    // Duplicate ids: refused, and the previous set is untouched.
    let mut dup = q.clone();
    dup.audits.push(dup.audits[0].clone());
    let e = s.save_quality(la(806), &dup).unwrap_err();
    assert!(e.to_string().contains("two audit records have id 1"), "{e}");
    assert_eq!(s.load_quality(la(806)).unwrap(), q);
    let mut dup = q.clone();
    dup.cse_disclosures[1].id = 1;
    let e = s.save_quality(la(806), &dup).unwrap_err();
    assert!(
        e.to_string()
            .contains("two CSE disclosure records have id 1"),
        "{e}"
    );
    assert_eq!(s.load_quality(la(806)).unwrap(), q);
    // Another council's records are its own.
    assert_eq!(s.load_quality(la(807)).unwrap(), Default::default());
    let e = s.save_quality(la(808), &q).unwrap_err();
    assert!(matches!(e, StoreError::NoSuchCouncil(_)), "{e}");
}

fn corrupt_quality_record_is_reported(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    s.save_quality(la(806), &quality_records()).unwrap();
    f.exec("UPDATE quality_audits SET grade = 'satisfactory' WHERE id = 1");
    let e = s.load_quality(la(806)).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e}");
    assert!(
        e.to_string()
            .contains("table quality_audits, column grade: \"satisfactory\""),
        "{e}"
    );
    f.exec("UPDATE quality_audits SET grade = 'good' WHERE id = 1");
    assert!(s.load_quality(la(806)).is_ok());
    f.exec("UPDATE quality_cse_disclosures SET disclosed_to = 'friend' WHERE id = 2");
    let e = s.load_quality(la(806)).unwrap_err();
    assert!(
        e.to_string()
            .contains("table quality_cse_disclosures, column disclosed_to: \"friend\""),
        "{e}"
    );
}

/// The quality tables (migration 0005) have exactly the columns
/// `workforce.rs` reads and writes, on both backends.
fn quality_tables_match_the_mapping(f: &Fixture) {
    let pg = matches!(f.raw, Raw::Pg(..));
    for t in crate::workforce::TABLES {
        let mut want: Vec<(String, String)> =
            vec![("la".into(), if pg { "bigint" } else { "INTEGER" }.into())];
        for c in t.cols {
            want.push((c.name.into(), declared(pg, c.ty).into()));
        }
        assert_eq!(f.columns(t.name), want, "table {}", t.name);
    }
    assert!(f.columns("quality_records").is_empty());
}

/// A version 4 store's JSON quality documents are copied into the version 5
/// tables by migration 0005.
#[test]
fn sqlite_quality_documents_migrate_to_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let url = format!("sqlite://{}", path.display());
    let target = crate::sqlite::Target::File(path.clone());
    let v4 = crate::sqlite::open_with(&url, target, &crate::sqlite::MIGRATIONS[..4]).unwrap();
    drop(v4);
    // The council as a version 4 build wrote it (today's writes also fill
    // tables added since, which a version 4 store does not have).
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO councils (la, name, population_0_17) VALUES (806, 'Middlesbrough', 33000)",
        )
        .unwrap();
    let mut q = quality_records();
    q.audit_forms.clear();
    q.vemt_meetings.clear();
    q.risk_plans.clear();
    q.cse_disclosures.clear();
    let c = rusqlite::Connection::open(&path).unwrap();
    let put = |kind: &str, id: i64, body: String| {
        c.execute(
            "INSERT INTO quality_records (la, kind, id, body) VALUES (806, ?1, ?2, ?3)",
            rusqlite::params![kind, id, body],
        )
        .unwrap();
    };
    let j = |v: &dyn erased::Json| v.json();
    for x in &q.posts {
        put("post", x.id, j(x));
    }
    for x in &q.patterns {
        put("pattern", x.id, j(x));
    }
    for x in &q.leave {
        put("leave", x.id, j(x));
    }
    for x in &q.audits {
        put("audit", x.id, j(x));
    }
    for x in &q.health_checks {
        put("health_check", x.id, j(x));
    }
    for x in &q.vemt {
        put("vemt", x.id, j(x));
    }
    for x in &q.homes {
        put("home", x.id, j(x));
    }
    for x in &q.transfer_rules {
        put("transfer_rule", x.id, j(x));
    }
    drop(c);
    let s = crate::open(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.load_quality(la(806)).unwrap(), q);
}

mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

fn improvement_records() -> sightline_domain::improvement::ImprovementRecords {
    use sightline_domain::improvement::*;
    use sightline_domain::{Employment, WorkerRole};
    let d = |y, m, day| sightline_domain::Date::from_ymd_opt(y, m, day).unwrap();
    let inspection = Inspection::new(
        1,
        InspectionKind::StandardIlacs,
        d(2019, 12, 13),
        vec![Judgement {
            area: JudgementArea::OverallEffectiveness,
            grade: IlacsGrade::Inadequate,
        }],
        vec![Recommendation {
            id: "R1".into(),
            text: "Respond to neglect".into(),
        }],
    )
    .unwrap();
    let action = Action {
        id: "QP1".into(),
        theme: Theme::QualityAndPerformance,
        description: "Audit CP plans for neglect".into(),
        owner: "Head of Children's Care".into(),
        due: d(2025, 12, 31),
        status: ActionStatus::InProgress,
        rag: ActionRag::Amber,
        evidence: vec!["Audit report".into()],
        indicators: vec!["cp_review_timeliness".into()],
        recommendations: vec!["R1".into()],
    };
    let plan = |v| {
        ActionPlan::new(
            FinancialYear(2025),
            v,
            d(2025, 4, v),
            &inspection,
            vec![action.clone()],
        )
        .unwrap()
    };
    ImprovementRecords {
        plans: vec![plan(1), plan(2)],
        inspections: vec![inspection.clone()],
        visits: vec![MonitoringVisit {
            id: 1,
            date: d(2020, 8, 5),
            focus: "Children in need of help and protection".into(),
            findings: vec!["Progress in the front door".into()],
        }],
        placement_costs: vec![
            PlacementCost::new(
                cid("C1"),
                ProviderType::Secure,
                Some("Secure unit".into()),
                d(2025, 5, 1),
                Some(d(2025, 9, 30)),
                Pence::pounds(7_385),
            )
            .unwrap(),
            PlacementCost::new(
                cid("C1"),
                ProviderType::ExternalResidential,
                None,
                d(2025, 10, 1),
                None,
                Pence(320_050),
            )
            .unwrap(),
        ],
        budget_years: vec![FinancialYear(2025)],
        budget_lines: vec![
            BudgetLine::new(
                FinancialYear(2025),
                &[FinancialYear(2025)],
                BudgetHead::ExternalResidential,
                Pence::pounds(5_293_000),
                Pence::pounds(3_700_000),
                d(2025, 9, 30),
                Growth::Percent { basis_points: 250 },
            )
            .unwrap(),
        ],
        staff_rates: vec![StaffCostRate {
            role: WorkerRole::SocialWorker,
            employment: Employment::Agency,
            annual_per_fte: Pence::pounds(73_000),
        }],
        residential_reviews: vec![ResidentialReview {
            child: cid("C1"),
            plan: ResidentialPlan::StepDownToFoster,
            target: Some(d(2026, 1, 5)),
            weekly_after: Pence::pounds(850),
        }],
    }
}

fn improvement_records_round_trip(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    assert_eq!(s.load_improvement(la(806)).unwrap(), Default::default());
    let r = improvement_records();
    s.save_improvement(la(806), &r).unwrap();
    assert_eq!(s.load_improvement(la(806)).unwrap(), r);
    // Replacing saves the new set whole, in its order.
    let mut fewer = r.clone();
    fewer.placement_costs.reverse();
    fewer.plans.pop();
    s.save_improvement(la(806), &fewer).unwrap();
    assert_eq!(s.load_improvement(la(806)).unwrap(), fewer);
    // Reloading the council's children keeps them; deleting it removes them.
    s.replace_council(&sample_council(la(806), 2, false), &none)
        .unwrap();
    assert_eq!(s.load_improvement(la(806)).unwrap(), fewer);
    assert!(s.delete_council(la(806)).unwrap());
    assert_eq!(s.load_improvement(la(806)).unwrap(), Default::default());
}

fn improvement_save_refuses_bad_records(f: &Fixture) {
    use sightline_domain::improvement::FinancialYear;
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    let r = improvement_records();
    s.save_improvement(la(806), &r).unwrap();
    // A budget line for a year the council has no budget for.
    let mut year = r.clone();
    year.budget_lines[0].year = FinancialYear(2024);
    let e = s.save_improvement(la(806), &year).unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e}");
    assert!(e.to_string().contains("unknown year"), "{e}");
    // An action owned by nobody.
    let mut owner = r.clone();
    owner.plans[1].actions[0].owner = " ".into();
    let e = s.save_improvement(la(806), &owner).unwrap_err();
    assert!(e.to_string().contains("owner"), "{e}");
    // Nothing of either was saved.
    assert_eq!(s.load_improvement(la(806)).unwrap(), r);
    let e = s.save_improvement(la(808), &r).unwrap_err();
    assert!(matches!(e, StoreError::NoSuchCouncil(_)), "{e}");
}

fn corrupt_improvement_record_is_reported(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    s.save_improvement(la(806), &improvement_records()).unwrap();
    f.exec("UPDATE placement_costs SET provider = 'rocket' WHERE pos = 1");
    let e = s.load_improvement(la(806)).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e}");
    assert!(
        e.to_string()
            .contains("table placement_costs, column provider: \"rocket\""),
        "{e}"
    );
}

/// Schema version 6 keeps improvement records in tables, money as integer
/// pence; a council still holding version 4 JSON rows is read from them
/// until its next save moves it to the tables.
fn improvement_tables_hold_pence_and_read_version_4_rows(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 1, false), &none)
        .unwrap();
    let r = improvement_records();
    // A version 4 store: JSON documents only.
    for (pos, c) in r.placement_costs.iter().enumerate() {
        let body = serde_json::to_string(c).unwrap().replace('\'', "''");
        f.exec(&format!(
            "INSERT INTO improvement_records (la, kind, pos, body) VALUES (806, 'placement_cost', {pos}, '{body}')"
        ));
    }
    let old = s.load_improvement(la(806)).unwrap();
    assert_eq!(old.placement_costs, r.placement_costs);
    s.save_improvement(la(806), &r).unwrap();
    assert_eq!(s.load_improvement(la(806)).unwrap(), r);
    // The old rows are gone and the weekly cost is pence in an integer column.
    let e = s.save_improvement(la(806), &{
        let mut bad = r.clone();
        bad.placement_costs[0].weekly = sightline_domain::improvement::Pence(0);
        bad
    });
    assert!(matches!(e, Err(StoreError::Invalid(_))), "{e:?}");
    // Emptying the new tables by hand shows the version 4 rows went on save.
    for t in [
        "improvement_judgements",
        "improvement_recommendations",
        "improvement_inspections",
        "improvement_action_links",
        "improvement_actions",
        "improvement_plans",
        "monitoring_visit_findings",
        "monitoring_visits",
        "placement_costs",
        "budget_lines",
        "budget_years",
        "staff_cost_rates",
        "residential_reviews",
    ] {
        f.exec(&format!("DELETE FROM {t} WHERE la = 806"));
    }
    assert_eq!(s.load_improvement(la(806)).unwrap(), Default::default());
    f.exec("INSERT INTO placement_costs (la, pos, child_id, provider, start_date, weekly_pence) VALUES (806, 0, 'C1', 'secure', '2025-04-01', 738500)");
    let loaded = s.load_improvement(la(806)).unwrap();
    assert_eq!(
        loaded.placement_costs[0].weekly,
        sightline_domain::improvement::Pence(738_500)
    );
}

/// The indicator extract read from the rows of each table (the path a
/// council without facts takes), for comparison with the facts.
fn extract_from_rows(store: &dyn Store, f: &Fixture, la_n: LaNumber) -> Council {
    f.exec(&format!(
        "INSERT INTO pending_child_facts (la) VALUES ({})",
        la_n.get()
    ));
    let c = store.indicator_extract(la_n).unwrap().unwrap();
    f.exec(&format!(
        "DELETE FROM pending_child_facts WHERE la = {}",
        la_n.get()
    ));
    c
}

fn facts_rows(f: &Fixture, la_n: u16) -> i64 {
    f.count(&format!(
        "SELECT count(*) FROM child_facts WHERE la = {la_n}"
    ))
}

fn facts_follow_every_write(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 6, false);
    s.replace_council(&council, &none).unwrap();
    assert_eq!(facts_rows(f, 806), 6);
    let from_facts = s.indicator_extract(la(806)).unwrap().unwrap();
    assert_eq!(from_facts, extract_from_rows(s, f, la(806)));
    // The facts hold every list the indicators read and none they skip.
    let first = &from_facts.children[0];
    let full = &council.children[0];
    assert!(!first.episodes.is_empty() && first.episodes == full.episodes);
    assert!(!first.cp_plans.is_empty() && first.cp_plans == full.cp_plans);
    assert!(!full.contacts.is_empty() && first.contacts.is_empty());
    // Names and UPNs are left out of the extract on both paths; the rest of
    // the child is read.
    assert!(!full.child.forename.is_empty() && full.child.upn.is_some());
    assert!(
        from_facts
            .children
            .iter()
            .all(|c| c.child.forename.is_empty()
                && c.child.surname.is_empty()
                && c.child.upn.is_none()
                && c.child.former_upn.is_none())
    );
    assert_eq!(
        (first.child.birth, first.child.sex, first.child.ethnicity),
        (full.child.birth, full.child.sex, full.child.ethnicity)
    );

    // A save rewrites that child's facts.
    let mut rec = s.load_child(la(806), &full.child.id).unwrap().unwrap();
    let ended = rec.cp_plans[0].start + chrono::Days::new(40);
    rec.cp_plans[0].end = Some(ended);
    s.save_child(la(806), &rec).unwrap();
    let after = s.indicator_extract(la(806)).unwrap().unwrap();
    let saved = after
        .children
        .iter()
        .find(|c| c.child.id == rec.child.id)
        .unwrap();
    assert_eq!(saved.cp_plans[0].end, Some(ended));
    assert_eq!(after, extract_from_rows(s, f, la(806)));

    // A change set that deletes one child and adds another.
    let gone = council.children[1].child.id.clone();
    let mut added = council.children[2].clone();
    added.child.id = cid("NEW1");
    added.version = 0;
    let changes = ChangeSet {
        delete_children: vec![gone.clone()],
        upsert_children: vec![added],
        ..ChangeSet::default()
    };
    s.apply(la(806), &changes).unwrap();
    assert_eq!(facts_rows(f, 806), 6);
    let after = s.indicator_extract(la(806)).unwrap().unwrap();
    assert!(after.children.iter().all(|c| c.child.id != gone));
    assert!(after.children.iter().any(|c| c.child.id.as_str() == "NEW1"));
    assert_eq!(after, extract_from_rows(s, f, la(806)));
    // Each child is handed over as it is read, once, in the council's order
    // (the edits above stored some children after others).
    let (seen_council, seen) = extract_seeing(s, la(806));
    assert_eq!(seen_council, after);
    assert_eq!(seen, child_ids(&after));
    // A caller's count of the children spares the store its own; a count
    // that no longer holds (a child added or removed since) still gives the
    // council as stored, read from its rows.
    let n = after.children.len() as u64;
    assert_eq!(s.councils().unwrap()[0].children, n);
    for counted in [n, n + 1, n - 1] {
        let got = s
            .indicator_extract_seeing(la(806), Some(counted), &mut |_| {})
            .unwrap()
            .unwrap();
        assert_eq!(got, after, "counted {counted}");
    }

    // Deleting the council deletes its facts.
    assert!(s.delete_council(la(806)).unwrap());
    assert_eq!(facts_rows(f, 806), 0);
}

/// The indicator extract of `la`, with the ids of the children it handed
/// over as it read them, in that order.
fn extract_seeing(s: &dyn Store, la: LaNumber) -> (Council, Vec<ChildId>) {
    let mut seen = vec![];
    let council = s
        .indicator_extract_seeing(la, None, &mut |c| seen.push(c.child.id.clone()))
        .unwrap()
        .unwrap();
    (council, seen)
}

fn child_ids(c: &Council) -> Vec<ChildId> {
    c.children.iter().map(|c| c.child.id.clone()).collect()
}

fn pending_facts_are_read_from_rows_then_built_on_open(f: &Fixture) {
    let s = &*f.store;
    let council = sample_council(la(806), 4, false);
    s.replace_council(&council, &none).unwrap();
    let want = s.indicator_extract(la(806)).unwrap().unwrap();
    // As a store upgraded from schema 6 leaves it: rows, no facts, listed.
    f.exec("DELETE FROM child_facts; INSERT INTO pending_child_facts (la) VALUES (806)");
    assert_eq!(s.indicator_extract(la(806)).unwrap().unwrap(), want);
    // Read from the rows, the children are not handed over one by one
    // (fewer than the council holds tells the caller to use the council).
    let (from_rows, seen) = extract_seeing(s, la(806));
    assert_eq!(from_rows, want);
    assert!(seen.is_empty(), "{seen:?}");
    assert_eq!(facts_rows(f, 806), 0);
    // Opening the store builds them and empties the list.
    let url = match &f.raw {
        Raw::Sqlite(p, _) => format!("sqlite://{}", p.display()),
        Raw::Pg(url, _) => url.clone(),
    };
    let reopened = crate::open(&url).unwrap();
    assert_eq!(facts_rows(f, 806), 4);
    assert_eq!(reopened.indicator_extract(la(806)).unwrap().unwrap(), want);
    assert_eq!(s.indicator_extract(la(806)).unwrap().unwrap(), want);
    // Facts missing for one child (damaged outside the store): the rows are read.
    f.exec(&format!(
        "DELETE FROM child_facts WHERE child_id = '{}'",
        council.children[0].child.id
    ));
    assert_eq!(s.indicator_extract(la(806)).unwrap().unwrap(), want);
}

fn corrupt_facts_are_reported(f: &Fixture) {
    let s = &*f.store;
    s.replace_council(&sample_council(la(806), 2, false), &none)
        .unwrap();
    let bad = match &f.raw {
        Raw::Sqlite(..) => "x'01'",
        Raw::Pg(..) => "'\\x01'::bytea",
    };
    f.exec(&format!("UPDATE child_facts SET facts = {bad}"));
    let msg = s.indicator_extract(la(806)).unwrap_err().to_string();
    assert!(
        msg.contains("table child_facts") && msg.contains("ends early"),
        "{msg}"
    );
}
