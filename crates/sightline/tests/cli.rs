//! The `sightline` command's contracts, tested through the real binary:
//! exit codes, the JSON-lines shape, all-or-nothing imports, and the round
//! trip generate → export → validate → import → export.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{ok, sightline, sqlite_url};

/// Every CSV in a directory, as its sorted lines.
fn tables(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("export directory") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("csv text");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.sort();
        out.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            lines,
        );
    }
    out
}

/// A small synthetic council in its own store, and its 903 and CIN exports.
struct Council {
    dir: tempfile::TempDir,
    db: String,
    ssda903: PathBuf,
    cin: PathBuf,
}

fn council() -> Council {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = sqlite_url(dir.path(), "source.db");
    ok(&sightline(
        &db,
        &[
            "generate",
            "--children",
            "6000",
            "--seed",
            "7",
            "--years",
            "2023-2025",
            "--la",
            "806",
        ],
    ));
    let ssda903 = dir.path().join("903");
    let cin = dir.path().join("cin").join("2025.xml");
    ok(&sightline(
        &db,
        &[
            "export",
            "903",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            ssda903.to_str().unwrap(),
        ],
    ));
    ok(&sightline(
        &db,
        &[
            "export",
            "cin",
            "--year",
            "2025",
            "--la",
            "E06000002",
            "--out",
            cin.to_str().unwrap(),
        ],
    ));
    Council {
        dir,
        db,
        ssda903,
        cin,
    }
}

#[test]
fn synthetic_returns_validate_clean_and_survive_import_and_export() {
    let c = council();
    for (kind, path) in [("903", &c.ssda903), ("cin", &c.cin)] {
        let out = sightline(
            &c.db,
            &["validate", kind, path.to_str().unwrap(), "--year", "2025"],
        );
        let text = ok(&out);
        assert!(text.contains("no rule failures"), "{kind}: {text}");
    }
    let db2 = sqlite_url(c.dir.path(), "imported.db");
    let imported = ok(&sightline(
        &db2,
        &[
            "import",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--la",
            "806",
        ],
    ));
    assert!(imported.contains("No rule failures"), "{imported}");
    ok(&sightline(
        &db2,
        &["import", "cin", c.cin.to_str().unwrap(), "--la", "806"],
    ));
    let again = c.dir.path().join("903-again");
    ok(&sightline(
        &db2,
        &[
            "export",
            "903",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            again.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        tables(&c.ssda903),
        tables(&again),
        "903 rows changed on the round trip"
    );
    let cin_again = c.dir.path().join("cin-again.xml");
    ok(&sightline(
        &db2,
        &[
            "export",
            "cin",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            cin_again.to_str().unwrap(),
        ],
    ));
    let strip = |p: &Path| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("<DateTime>"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        strip(&c.cin),
        strip(&cin_again),
        "CIN census changed on the round trip"
    );
    // Importing the same year again replaces it rather than adding to it.
    ok(&sightline(
        &db2,
        &[
            "import",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--la",
            "806",
        ],
    ));
    let third = c.dir.path().join("903-third");
    ok(&sightline(
        &db2,
        &[
            "export",
            "903",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            third.to_str().unwrap(),
        ],
    ));
    assert_eq!(tables(&c.ssda903), tables(&third));
}

/// Replace the first data row's value in `column` of a CSV.
fn corrupt(path: &Path, column: &str, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let i = header.iter().position(|h| *h == column).unwrap();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[i] = value.to_string();
    lines[1] = cells.join(",");
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn rule_failures_exit_1_as_json_lines_and_structural_errors_exit_2_leaving_the_store_alone() {
    let c = council();
    corrupt(&c.ssda903.join("header.csv"), "ETHNIC", "XXXX");
    let out = sightline(
        &c.db,
        &[
            "validate",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let f = findings
        .iter()
        .find(|f| f["rule"] == "103")
        .expect("rule 103 (invalid ethnicity) reported");
    assert_eq!(f["table"], "header");
    assert_eq!(f["row"], 2, "first data row, counting the header as row 1");
    assert_eq!(f["fields"], serde_json::json!(["ETHNIC"]));
    assert!(f["child"].is_string() && f["message"].is_string());

    // The same file cannot be imported: an unknown code is structural there.
    let db2 = sqlite_url(c.dir.path(), "target.db");
    ok(&sightline(
        &db2,
        &["import", "cin", c.cin.to_str().unwrap(), "--la", "806"],
    ));
    let before = c.dir.path().join("before");
    ok(&sightline(
        &db2,
        &[
            "export",
            "cin",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            before.to_str().unwrap(),
        ],
    ));
    let out = sightline(
        &db2,
        &[
            "import",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--la",
            "806",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("header.csv") && err.contains("ETHNIC"),
        "{err}"
    );
    let after = c.dir.path().join("after");
    ok(&sightline(
        &db2,
        &[
            "export",
            "cin",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            after.to_str().unwrap(),
        ],
    ));
    let strip = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("<DateTime>"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(&before),
        strip(&after),
        "store unchanged by the failed import"
    );
    let out = sightline(
        &db2,
        &[
            "export",
            "903",
            "--year",
            "2025",
            "--la",
            "806",
            "--out",
            c.dir.path().join("none").to_str().unwrap(),
        ],
    );
    ok(&out);
    assert!(
        tables(&c.dir.path().join("none"))
            .get("episodes.csv")
            .is_none_or(|rows| rows.len() == 1),
        "no episodes were imported"
    );

    // An impossible date is a finding for validation (as the DfE tools
    // report it) and a structural error for import.
    corrupt(&c.ssda903.join("header.csv"), "ETHNIC", "WBRI");
    corrupt(&c.ssda903.join("episodes.csv"), "DECOM", "31/02/2024");
    let out = sightline(
        &c.db,
        &[
            "validate",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"DECOM\""));
    let out = sightline(
        &db2,
        &[
            "import",
            "903",
            c.ssda903.to_str().unwrap(),
            "--year",
            "2025",
            "--la",
            "806",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("episodes.csv")
            && err.contains("row 2")
            && err.contains("DECOM")
            && err.contains("31/02/2024"),
        "{err}"
    );
}

#[test]
fn unusable_inputs_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "--db".into(),
            "postgres://nobody@127.0.0.1:1/none".into(),
            "indicators".into(),
            "--as-of".into(),
            "2025-03-31".into(),
        ],
        vec![
            "--db".into(),
            "mysql://x".into(),
            "export".into(),
            "903".into(),
            "--year".into(),
            "2025".into(),
            "--la".into(),
            "806".into(),
            "--out".into(),
            "x".into(),
        ],
        vec![
            "validate".into(),
            "cin".into(),
            dir.path().join("missing.xml").display().to_string(),
            "--year".into(),
            "2025".into(),
        ],
        vec![
            "validate".into(),
            "903".into(),
            dir.path().join("missing").display().to_string(),
            "--year".into(),
            "2025".into(),
        ],
        vec![
            "--db".into(),
            sqlite_url(dir.path(), "x.db"),
            "export".into(),
            "903".into(),
            "--year".into(),
            "2025".into(),
            "--la".into(),
            "Atlantis".into(),
            "--out".into(),
            "x".into(),
        ],
    ];
    for args in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_sightline"))
            .args(&args)
            .env_remove("SIGHTLINE_DB")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn demo_builds_an_empty_store_once_and_prints_the_headline() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "demo.db");
    let first = ok(&sightline(&db, &["demo", "--no-serve"]));
    assert!(first.contains("At 31 March 2025"), "{first}");
    for label in [
        "Children looked after",
        "Children on child protection plans",
        "Children in need",
    ] {
        let line = first
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} in {first}"));
        assert!(line.contains("per 10,000"), "{line}");
    }
    let second = ok(&sightline(&db, &["demo", "--no-serve"]));
    assert!(
        second.contains("already holds Middlesbrough (806)"),
        "{second}"
    );
}
