//! The `sightline finance`, `plan` and `report board` contracts, through the
//! real binary on a small synthetic council (whose improvement plan and
//! finance records `generate` saves): exit codes (0 ok, 1 records refused,
//! 2 bad input or store), the JSON shapes, the figures agreeing with their
//! own definitions, and imports that refuse bad records and save nothing.

use std::path::Path;
use std::process::Output;
mod common;
use common::{json, ok, shared_council, sightline, sqlite_url, stderr};

fn db() -> &'static str {
    &shared_council().1
}

fn pence(v: &serde_json::Value, field: &str) -> i64 {
    v[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} is not whole pence: {v}"))
}

/// `sightline finance <view>` for council 806, financial year 2024/25, as
/// at 30 September 2024, with `extra` arguments.
fn finance_2024(db: &str, view: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "finance",
        view,
        "--la",
        "806",
        "--year",
        "2024",
        "--as-of",
        "2024-09-30",
    ];
    args.extend_from_slice(extra);
    sightline(db, &args)
}

/// `sightline report board` of `kind` for the 20 February 2025 meeting,
/// written to `out`.
fn board_paper(kind: &str, out: &Path) -> Output {
    sightline(
        db(),
        &[
            "report",
            "board",
            "--la",
            "806",
            "--kind",
            kind,
            "--meeting",
            "2025-02-20",
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

#[test]
fn outturn_is_spent_plus_committed_plus_growth_for_every_line() {
    let v = json(&finance_2024(db(), "outturn", &["--format", "json"]));
    assert_eq!(v["year"], "2024/25");
    assert_eq!(v["basis"], "placement costs recorded by the council");
    let lines = v["lines"].as_array().expect("lines");
    let heads: Vec<&str> = lines.iter().map(|l| l["head"].as_str().unwrap()).collect();
    for h in ["ifa", "external_residential", "social_work_staffing"] {
        assert!(heads.contains(&h), "{h} in {heads:?}");
    }
    for l in lines {
        let (spent, committed, growth) = (
            pence(l, "spent_to_date"),
            pence(l, "committed"),
            pence(l, "growth"),
        );
        assert_eq!(pence(l, "outturn"), spent + committed + growth, "{l}");
        assert_eq!(
            pence(l, "variance"),
            pence(l, "outturn") - pence(l, "budget"),
            "{l}"
        );
        assert_eq!(l["as_of"], "2024-09-30");
    }
    // Seed 003's pattern: agency residential overspends, IFA underspends.
    let line = |h: &str| lines.iter().find(|l| l["head"] == h).unwrap();
    assert!(pence(line("external_residential"), "variance") > 0);
    assert!(pence(line("ifa"), "variance") < 0);
    // The text form prints the total in millions.
    let text = ok(&sightline(
        db(),
        &[
            "finance",
            "outturn",
            "--la",
            "806",
            "--year",
            "2024/25",
            "--as-of",
            "30/09/2024",
        ],
    ));
    assert!(
        text.contains("Total: budget £") && text.contains("m), projected outturn"),
        "{text}"
    );
}

#[test]
fn residential_review_and_staffing() {
    let v = json(&finance_2024(
        db(),
        "residential-review",
        &["--format", "json"],
    ));
    let r = &v["review"];
    let current = r["current"].as_u64().unwrap();
    assert!(current > 0, "{r}");
    let avg = pence(r, "average_weekly");
    assert!((200_000..=450_000).contains(&avg), "average weekly {avg}p");
    assert!(pence(r, "highest_weekly") <= 738_500);
    // Every child on the review has a plan (the synthetic review covers them all).
    let rows = r["rows"].as_array().unwrap();
    assert!(rows.iter().all(|x| !x["plan"].is_null()), "{r}");
    let s = ok(&finance_2024(db(), "staffing", &[]));
    assert!(s.contains("Agency%"), "{s}");
}

#[test]
fn plan_exceptions_and_board_papers() {
    let v = json(&sightline(
        db(),
        &[
            "plan",
            "exceptions",
            "--la",
            "806",
            "--meeting",
            "2025-02-20",
            "--last-meeting",
            "2024-10-14",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["plan_year"], "2024/25");
    assert_eq!(v["plan_version"], 4);
    let ex = v["exceptions"].as_array().unwrap();
    assert!(!ex.is_empty(), "{v}");
    for e in ex {
        assert!(!e["reasons"].as_array().unwrap().is_empty());
    }
    assert!(!v["changes"].as_array().unwrap().is_empty());

    let dir = tempfile::tempdir().unwrap();
    for (kind, file, needle) in [
        ("strategic", "strategic.html", "Exception report"),
        ("operational", "operational.html", "Action tracker"),
    ] {
        let out = dir.path().join(file);
        let o = ok(&board_paper(kind, &out));
        // The paper and `plan exceptions` rate indicators with the same bands.
        assert!(
            o.contains(&format!(", {} exceptions,", ex.len())),
            "{o} vs {} from plan exceptions",
            ex.len()
        );
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.contains(needle), "{kind}");
        assert!(!html.contains("<script"));
    }
    let docx = dir.path().join("board.docx");
    ok(&board_paper("strategic", &docx));
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
}

#[test]
fn bad_arguments_exit_2_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.html");
    let out = out.to_str().unwrap();
    for (args, msg) in [
        (
            vec!["finance", "outturn", "--la", "806", "--year", "2024/26"],
            "is not a financial year",
        ),
        (
            vec![
                "finance",
                "outturn",
                "--la",
                "806",
                "--year",
                "2024",
                "--as-of",
                "31/31/2024",
            ],
            "expected a date",
        ),
        (
            vec![
                "plan",
                "exceptions",
                "--la",
                "806",
                "--meeting",
                "2020-01-01",
            ],
            "no action plan agreed on or before 2020-01-01",
        ),
        (
            vec![
                "plan",
                "exceptions",
                "--la",
                "806",
                "--meeting",
                "2025-01-20",
                "--last-meeting",
                "2025-02-01",
            ],
            "is not before --meeting",
        ),
        (
            vec![
                "report",
                "board",
                "--la",
                "806",
                "--kind",
                "finance",
                "--meeting",
                "2025-01-20",
                "--out",
                out,
            ],
            "is not a board",
        ),
        (
            vec![
                "report",
                "board",
                "--la",
                "806",
                "--kind",
                "strategic",
                "--meeting",
                "2020-01-01",
                "--out",
                out,
            ],
            "no action plan was agreed on or before 2020-01-01",
        ),
        (
            vec![
                "report",
                "board",
                "--la",
                "806",
                "--kind",
                "strategic",
                "--meeting",
                "2025-01-20",
                "--out",
                "board.txt",
            ],
            "expected a file ending .html, .docx or .pdf",
        ),
    ] {
        let o = sightline(db(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(msg), "{args:?}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "{args:?}: one line: {e}");
    }
    assert!(
        !Path::new(out).exists(),
        "nothing written for a refused board paper"
    );
}

/// The council's records as JSON, changed by `edit`, written to a file.
fn records_file(dir: &Path, name: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
    let store = sightline_store::open(db()).unwrap();
    let la = sightline_domain::LaNumber::new(806).unwrap();
    let mut v = serde_json::to_value(store.load_improvement(la).unwrap()).unwrap();
    edit(&mut v);
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p.to_str().unwrap().to_string()
}

/// A change made to the records before import.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn imports_refuse_bad_records_and_save_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A store of its own: a successful import here must not disturb the others.
    let own = sqlite_url(dir.path(), "own.db");
    ok(&sightline(
        &own,
        &["generate", "--children", "1000", "--years", "2025"],
    ));
    let before = ok(&finance_2024(&own, "outturn", &["--format", "json"]));
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "no-start.json",
            Box::new(|v| {
                v["placement_costs"][0]["start"] = serde_json::Value::Null;
            }),
            "start is required",
        ),
        (
            "unknown-year.json",
            Box::new(|v| {
                v["budget_lines"][0]["year"] = serde_json::json!(2019);
            }),
            "budget line for 2019/20 is for an unknown year",
        ),
        (
            "no-owner.json",
            Box::new(|v| {
                v["plans"][0]["actions"][0]["owner"] = serde_json::json!("  ");
            }),
            "owner is required",
        ),
    ];
    for (name, edit, msg) in cases {
        let file = records_file(dir.path(), name, edit);
        let o = sightline(&own, &["finance", "import", "--la", "806", &file]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(msg) && e.contains("nothing was saved"),
            "{name}: {e}"
        );
    }
    // Money is pence: a float weekly cost is not read as money at all.
    let file = records_file(dir.path(), "float.json", |v| {
        v["placement_costs"][0]["weekly"] = serde_json::json!(3200.5);
    });
    let o = sightline(&own, &["finance", "import", "--la", "806", &file]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Not JSON.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "not json").unwrap();
    let o = sightline(
        &own,
        &["finance", "import", "--la", "806", bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not JSON"));
    // Nothing changed.
    let after = ok(&finance_2024(&own, "outturn", &["--format", "json"]));
    assert_eq!(before, after);
    // A good file (the shared council's own records) replaces the set.
    let good = records_file(dir.path(), "good.json", |_| {});
    let o = ok(&sightline(
        &own,
        &["finance", "import", "--la", "806", &good],
    ));
    assert!(o.starts_with("saved for council 806:"), "{o}");
    // Export writes the import format: what is exported imports back
    // unchanged, and an unknown council is exit 2.
    let exported = ok(&sightline(&own, &["finance", "export", "--la", "806"]));
    let store = sightline_store::open(&own).unwrap();
    let la = sightline_domain::LaNumber::new(806).unwrap();
    let saved = store.load_improvement(la).unwrap();
    drop(store);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&exported).unwrap(),
        serde_json::to_value(&saved).unwrap()
    );
    let round = dir.path().join("exported.json");
    std::fs::write(&round, &exported).unwrap();
    ok(&sightline(
        &own,
        &["finance", "import", "--la", "806", round.to_str().unwrap()],
    ));
    assert_eq!(
        ok(&sightline(&own, &["finance", "export", "--la", "806"])),
        exported
    );
    let o = sightline(&own, &["finance", "export", "--la", "807"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no council 807"), "{}", stderr(&o));
}
