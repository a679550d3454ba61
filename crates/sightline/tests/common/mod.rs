//! Helpers shared by the `sightline` binary's integration tests: running the
//! real binary against a store, reading what it printed, and one generated
//! synthetic council per test binary. Kept in one place so every contract
//! test runs the binary the same way (no `SIGHTLINE_DB` leaking in).

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Runs the built `sightline` binary with `--db db` and `args`.
pub fn sightline(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SIGHTLINE_DB")
        .output()
        .expect("the sightline binary runs")
}

/// What the run printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the run printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Stdout of a run that must have succeeded (fails the test, showing both
/// streams, otherwise).
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// Stdout of a successful run, parsed as JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("JSON on stdout")
}

/// The SQLite store URL for the file `name` in `dir`.
pub fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// The file name of the shared council's store inside its temp dir.
pub const COUNCIL_DB: &str = "council.db";

/// A council of 4,000 children (collection years 2024 and 2025, so financial
/// years 2023/24 and 2024/25), generated once per test binary into a store
/// the tests only read: `(its temp dir, its URL)`.
pub fn shared_council() -> &'static (tempfile::TempDir, String) {
    static S: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = sqlite_url(dir.path(), COUNCIL_DB);
        ok(&sightline(
            &db,
            &["generate", "--children", "4000", "--years", "2024-2025"],
        ));
        (dir, db)
    })
}
