//! The embedded SQLite backend: one file (or memory), WAL, a few pooled
//! connections.
//!
//! Why: a single council's analyst or a small team needs no server; one
//! file they can copy is the store. Every connection runs with WAL,
//! `busy_timeout`, `synchronous=NORMAL` and `foreign_keys=ON`.
//!
//! Opening is careful to write nothing until the file is known to be a
//! Sightline database this build understands: a text file, a database from
//! a newer Sightline or another application's database is refused untouched,
//! and a missing directory is reported rather than created.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql, TransactionBehavior};

use crate::common::{BulkSink, DbStore, EachRow, Engine, Fill, Tx, Work};
use crate::pool::Pool;
use crate::schema::{self, RowGet, RowSink, Table, Ty, Value};
use crate::{Backend, SCHEMA_VERSION, StoreError};

/// Migrations, oldest first: (version, SQL).
pub(crate) const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_access.sql")),
    (3, include_str!("../migrations/sqlite/0003_workforce.sql")),
    (
        4,
        include_str!("../migrations/sqlite/0004_improvement_finance.sql"),
    ),
    (
        5,
        include_str!("../migrations/sqlite/0005_quality_tables.sql"),
    ),
    (
        6,
        include_str!("../migrations/sqlite/0006_improvement_tables.sql"),
    ),
    (7, include_str!("../migrations/sqlite/0007_child_facts.sql")),
];

/// Where the database lives.
pub(crate) enum Target {
    File(PathBuf),
    Memory,
}

pub(crate) struct SqliteEngine {
    pool: Pool<Connection>,
}

fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// Set the per-connection pragmas (WAL switching is done once, at open).
fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Loading one child runs a statement per child table, and the web app
    // adds sessions, users and the audit log: rusqlite's default cache of
    // 16 prepared statements thrashes and parsing SQL dominates.
    conn.set_prepared_statement_cache_capacity(128);
    // Reads through a memory map and a larger page cache, not a pread per
    // page: the web app reads one child's rows from ~25 tables per page.
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "mmap_size", 268_435_456)?;
    Ok(())
}

fn flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Open the store at `target`, creating and migrating it as needed.
pub(crate) fn open(url: &str, target: Target) -> Result<DbStore<SqliteEngine>, StoreError> {
    open_with(url, target, MIGRATIONS)
}

pub(crate) fn open_with(
    url: &str,
    target: Target,
    migrations: &[(u32, &str)],
) -> Result<DbStore<SqliteEngine>, StoreError> {
    let unavailable = |reason: String| StoreError::Unavailable {
        url: url.to_string(),
        reason,
    };
    match target {
        Target::Memory => {
            let conn = Connection::open_in_memory().map_err(|e| unavailable(e.to_string()))?;
            configure(&conn).map_err(|e| unavailable(e.to_string()))?;
            migrate(&conn, migrations)?;
            // One connection: each in-memory connection is its own database.
            let pool = Pool::new(conn, 1, || {
                Err(StoreError::Database(
                    "the in-memory store has one connection".into(),
                ))
            });
            Ok(DbStore {
                engine: SqliteEngine { pool },
            })
        }
        Target::File(path) => {
            let existed = path.exists();
            if existed && !path.is_file() {
                return Err(unavailable(format!("{} is not a file", path.display())));
            }
            if !existed {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                if !parent.is_dir() {
                    return Err(unavailable(format!(
                        "directory {} does not exist; create it first",
                        parent.display()
                    )));
                }
            }
            let result = open_file(url, &path, existed, migrations);
            if result.is_err() && !existed {
                // Leave nothing behind: the file (and its WAL files) were ours.
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            }
            result
        }
    }
}

fn open_file(
    url: &str,
    path: &Path,
    existed: bool,
    migrations: &[(u32, &str)],
) -> Result<DbStore<SqliteEngine>, StoreError> {
    let unavailable = |reason: String| StoreError::Unavailable {
        url: url.to_string(),
        reason,
    };
    let conn = Connection::open_with_flags(path, flags()).map_err(|e| {
        // SQLite's own message repeats the path; keep just its reason.
        let why = match &e {
            rusqlite::Error::SqliteFailure(code, _) => code.to_string(),
            other => other.to_string(),
        };
        unavailable(if existed {
            format!("cannot open {}: {why}", path.display())
        } else {
            format!(
                "cannot create {} (is its directory writable?): {why}",
                path.display()
            )
        })
    })?;
    conn.busy_timeout(Duration::from_secs(10))
        .map_err(|e| unavailable(e.to_string()))?;
    // Read before writing anything: is this a database at all, and ours?
    let mut tables: Vec<String> = Vec::new();
    let read = (|| -> Result<(), rusqlite::Error> {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            tables.push(r?);
        }
        Ok(())
    })();
    if let Err(e) = read {
        return Err(unavailable(format!(
            "{} is not a SQLite database ({e}); it was left untouched",
            path.display()
        )));
    }
    if existed && !tables.is_empty() && !tables.iter().any(|t| t == "schema_migrations") {
        return Err(unavailable(format!(
            "{} is a SQLite database but not a Sightline store (no schema_migrations table); it was left untouched",
            path.display()
        )));
    }
    let found = current_version(&conn).map_err(db_err)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| unavailable(format!("cannot switch {} to WAL: {e}", path.display())))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(unavailable(format!(
            "{} cannot use WAL (journal mode {mode})",
            path.display()
        )));
    }
    configure(&conn).map_err(|e| unavailable(e.to_string()))?;
    migrate(&conn, migrations)?;
    let owned = path.to_path_buf();
    let pool = Pool::new(conn, 4, move || {
        let c = Connection::open_with_flags(&owned, flags()).map_err(db_err)?;
        configure(&c).map_err(db_err)?;
        Ok(c)
    });
    let store = DbStore {
        engine: SqliteEngine { pool },
    };
    store.build_pending_facts(migrations)?;
    Ok(store)
}

/// The highest applied migration, 0 for a new database.
fn current_version(conn: &Connection) -> Result<u32, rusqlite::Error> {
    let has: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )?;
    if has == 0 {
        return Ok(0);
    }
    let v: Option<i64> = conn.query_row("SELECT max(version) FROM schema_migrations", [], |r| {
        r.get(0)
    })?;
    Ok(v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0))
}

/// Apply each pending migration in its own transaction; a failing one is
/// rolled back whole and reported.
pub(crate) fn migrate(conn: &Connection, migrations: &[(u32, &str)]) -> Result<(), StoreError> {
    for &(version, sql) in migrations {
        let fail = |e: rusqlite::Error| StoreError::Migration {
            version,
            reason: e.to_string(),
        };
        let run = || -> Result<(), rusqlite::Error> {
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let body = (|| -> Result<(), rusqlite::Error> {
                conn.execute_batch(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (
                         version    INTEGER NOT NULL PRIMARY KEY,
                         applied_at TEXT    NOT NULL
                     )",
                )?;
                if current_version(conn)? >= version {
                    return Ok(());
                }
                conn.execute_batch(sql)?;
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    [i64::from(version)],
                )?;
                Ok(())
            })();
            match body {
                Ok(()) => conn.execute_batch("COMMIT"),
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        };
        run().map_err(fail)?;
    }
    Ok(())
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::Date(d) => {
                let mut s = String::with_capacity(10);
                schema::iso_date(*d, &mut s);
                ToSqlOutput::Owned(rusqlite::types::Value::Text(s))
            }
        })
    }
}

impl RowGet for rusqlite::Row<'_> {
    fn cell(&self, index: usize, ty: Ty) -> Result<Value<'_>, String> {
        let v = self.get_ref(index).map_err(|e| e.to_string())?;
        let text =
            |b| std::str::from_utf8(b).map_err(|_| "found text that is not UTF-8".to_string());
        match (ty, v) {
            (_, ValueRef::Null) => Ok(Value::Null),
            (Ty::Int, ValueRef::Integer(i)) => Ok(Value::Int(i)),
            (Ty::Bool, ValueRef::Integer(0)) => Ok(Value::Bool(false)),
            (Ty::Bool, ValueRef::Integer(1)) => Ok(Value::Bool(true)),
            (Ty::Text, ValueRef::Text(b)) => Ok(Value::Text(text(b)?.into())),
            (Ty::Bytes, ValueRef::Blob(b)) => Ok(Value::Bytes(b.into())),
            (Ty::Date, ValueRef::Text(b)) => {
                // Stored dates are written `YYYY-MM-DD`: decode those
                // directly (chrono's format parser dominated whole-council
                // reads); anything else takes the general path below.
                if let Some(d) = iso_date_bytes(b) {
                    return Ok(Value::Date(d));
                }
                let s = text(b)?;
                sightline_domain::calendar::parse_iso_date(s)
                    .map(Value::Date)
                    .ok_or_else(|| format!("expected a YYYY-MM-DD date, found {s:?}"))
            }
            (ty, other) => Err(format!("expected {ty:?}, found {other:?}")),
        }
    }
}

/// `YYYY-MM-DD` as written by `schema::iso_date`, without allocating;
/// `None` for any other shape or an impossible date.
fn iso_date_bytes(b: &[u8]) -> Option<sightline_domain::Date> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let y = digit(y0)? * 1000 + digit(y1)? * 100 + digit(y2)? * 10 + digit(y3)?;
    let m = digit(m0)? * 10 + digit(m1)?;
    let d = digit(d0)? * 10 + digit(d1)?;
    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

struct SqliteTx<'c> {
    tx: &'c rusqlite::Transaction<'c>,
}

struct InsertSink<'s> {
    stmt: rusqlite::Statement<'s>,
    table: &'static Table,
    la: i64,
    child: String,
    rows: u64,
}

impl RowSink for InsertSink<'_> {
    fn row(&mut self, values: &[Value<'_>]) -> Result<(), StoreError> {
        if values.len() != self.table.cols.len() {
            return Err(StoreError::Database(format!(
                "internal: {} values for the {} columns of table {}",
                values.len(),
                self.table.cols.len(),
                self.table.name
            )));
        }
        let named =
            |e: rusqlite::Error| StoreError::Database(format!("table {}: {e}", self.table.name));
        self.stmt.raw_bind_parameter(1, self.la).map_err(named)?;
        let mut i = 2;
        if self.table.per_child {
            self.stmt
                .raw_bind_parameter(2, self.child.as_str())
                .map_err(named)?;
            i = 3;
        }
        for v in values {
            self.stmt.raw_bind_parameter(i, v).map_err(named)?;
            i += 1;
        }
        self.stmt.raw_execute().map_err(named)?;
        self.rows += 1;
        Ok(())
    }
}

impl BulkSink for InsertSink<'_> {
    fn set_child(&mut self, child: &str) {
        self.child.clear();
        self.child.push_str(child);
    }
    fn rows(&self) -> u64 {
        self.rows
    }
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, StoreError> {
        let mut stmt = self.tx.prepare_cached(sql).map_err(db_err)?;
        let n = stmt
            .execute(rusqlite::params_from_iter(params.iter()))
            .map_err(db_err)?;
        Ok(n as u64)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        each: EachRow<'_>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            each(row)?;
        }
        Ok(())
    }

    fn insert(
        &mut self,
        table: &'static Table,
        la: i64,
        fill: Fill<'_>,
    ) -> Result<u64, StoreError> {
        let n = table.prefix_len() + table.cols.len();
        let placeholders: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name,
            table.column_list(),
            placeholders.join(", ")
        );
        let stmt = self.tx.prepare(&sql).map_err(db_err)?;
        let mut sink = InsertSink {
            stmt,
            table,
            la,
            child: String::new(),
            rows: 0,
        };
        fill(&mut sink)?;
        Ok(sink.rows)
    }

    fn lock_council(&mut self, _la: i64) -> Result<(), StoreError> {
        Ok(())
    }
}

impl Engine for SqliteEngine {
    fn kind(&self) -> Backend {
        Backend::Sqlite
    }

    fn transaction(&self, write: bool, work: Work<'_>) -> Result<(), StoreError> {
        let mut conn = self.pool.get()?;
        let behavior = if write {
            TransactionBehavior::Immediate
        } else {
            TransactionBehavior::Deferred
        };
        let tx = conn.transaction_with_behavior(behavior).map_err(db_err)?;
        let result = work(&mut SqliteTx { tx: &tx });
        match result {
            Ok(()) => tx.commit().map_err(db_err),
            Err(e) => {
                // Dropping the transaction rolls it back.
                drop(tx);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod date_tests {
    use super::iso_date_bytes;

    #[test]
    fn stored_dates_decode_without_the_format_parser() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(iso_date_bytes(b"2025-03-31"), d(2025, 3, 31));
        assert_eq!(iso_date_bytes(b"2024-02-29"), d(2024, 2, 29));
        // Impossible dates and other shapes fall to the general path.
        assert_eq!(iso_date_bytes(b"2025-02-29"), None);
        assert_eq!(iso_date_bytes(b"2025-3-31"), None);
        assert_eq!(iso_date_bytes(b"31/03/2025"), None);
        assert_eq!(iso_date_bytes(b"2025-03-3x"), None);
    }
}
