//! The PostgreSQL backend: a shared server for several users.
//!
//! Why: a council's whole team (and its web app) works on one database.
//! Bulk loads stream each table through `COPY ... FROM STDIN` (text format),
//! never one `INSERT` per row; reads stream rows without buffering a whole
//! result. Writers of one council are serialised with a transaction-scoped
//! advisory lock keyed by the LA number.
//!
//! Uses the synchronous `postgres` client, which runs its own small runtime:
//! it must NOT be called from a thread driving a tokio runtime (it panics
//! there). Async callers (the web app) call the store via
//! `tokio::task::spawn_blocking`.
//!
//! What it does not do: TLS. Connect over a local socket or a trusted network.

use std::io::Write;
use std::time::Duration;

use postgres::types::{ToSql, Type};
use postgres::{Client, Config, IsolationLevel, NoTls};

use crate::common::{BulkSink, DbStore, EachFacts, EachRow, Engine, Fill, Tx, Work};
use crate::pool::Pool;
use crate::schema::{RowGet, RowSink, Table, Ty, Value};
use crate::{Backend, SCHEMA_VERSION, StoreError};

/// Migrations, oldest first: (version, SQL).
pub(crate) const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_access.sql")),
    (3, include_str!("../migrations/postgres/0003_workforce.sql")),
    (
        4,
        include_str!("../migrations/postgres/0004_improvement_finance.sql"),
    ),
    (
        5,
        include_str!("../migrations/postgres/0005_quality_tables.sql"),
    ),
    (
        6,
        include_str!("../migrations/postgres/0006_improvement_tables.sql"),
    ),
    (
        7,
        include_str!("../migrations/postgres/0007_child_facts.sql"),
    ),
];

/// Arbitrary key of the advisory lock that serialises migrations.
const MIGRATION_LOCK: i64 = 0x5167_4c69_6e65;

pub(crate) struct PgEngine {
    pool: Pool<PgConn>,
}

fn db_err(e: postgres::Error) -> StoreError {
    StoreError::Database(one_line(&e))
}

/// A postgres error as one line, with the server's detail when there is one.
fn one_line(e: &postgres::Error) -> String {
    let s = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                let t = inner.to_string();
                if !s.contains(&t) {
                    s.push_str(": ");
                    s.push_str(&t);
                }
                src = inner.source();
            }
            s
        }
    };
    s.replace('\n', " ")
}

/// The URL with any password replaced by `***`, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}

pub(crate) fn open(url: &str) -> Result<DbStore<PgEngine>, StoreError> {
    open_with(url, MIGRATIONS)
}

pub(crate) fn open_with(
    url: &str,
    migrations: &[(u32, &str)],
) -> Result<DbStore<PgEngine>, StoreError> {
    let shown = redact(url);
    let unavailable = |reason: String| StoreError::Unavailable {
        url: shown.clone(),
        reason,
    };
    let mut config: Config = url.parse().map_err(|e: postgres::Error| {
        unavailable(format!("invalid PostgreSQL URL: {}", one_line(&e)))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(3));
    }
    let mut client = config
        .connect(NoTls)
        .map_err(|e| unavailable(one_line(&e)))?;
    let found = current_version(&mut client).map_err(|e| unavailable(one_line(&e)))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    migrate(&mut client, migrations)?;
    let pool = Pool::new(PgConn::new(client), 4, move || {
        config.connect(NoTls).map(PgConn::new).map_err(db_err)
    });
    let store = DbStore {
        engine: PgEngine { pool },
    };
    store.build_pending_facts(migrations)?;
    Ok(store)
}

fn current_version(client: &mut Client) -> Result<u32, postgres::Error> {
    let row = client.query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])?;
    if !row.try_get::<_, bool>(0)? {
        return Ok(0);
    }
    let row = client.query_one("SELECT max(version) FROM schema_migrations", &[])?;
    let v: Option<i64> = row.try_get(0)?;
    Ok(v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0))
}

/// Apply each pending migration in its own transaction (DDL is
/// transactional in PostgreSQL); a failing one is rolled back whole.
pub(crate) fn migrate(client: &mut Client, migrations: &[(u32, &str)]) -> Result<(), StoreError> {
    for &(version, sql) in migrations {
        let run = |client: &mut Client| -> Result<(), postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                     version    BIGINT      NOT NULL PRIMARY KEY,
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                 )",
            )?;
            let row = tx.query_one("SELECT max(version) FROM schema_migrations", &[])?;
            let current: Option<i64> = row.try_get(0)?;
            if current.unwrap_or(0) >= i64::from(version) {
                return tx.commit();
            }
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1)",
                &[&i64::from(version)],
            )?;
            tx.commit()
        };
        run(client).map_err(|e| StoreError::Migration {
            version,
            reason: one_line(&e),
        })?;
    }
    Ok(())
}

impl RowGet for postgres::Row {
    fn cell(&self, index: usize, ty: Ty) -> Result<Value<'_>, String> {
        let e = |e: postgres::Error| one_line(&e);
        Ok(match ty {
            Ty::Int => {
                let column = self.columns().get(index).map(|c| c.type_().clone());
                let v = match column {
                    Some(Type::INT4) => self
                        .try_get::<_, Option<i32>>(index)
                        .map_err(e)?
                        .map(i64::from),
                    Some(Type::INT2) => self
                        .try_get::<_, Option<i16>>(index)
                        .map_err(e)?
                        .map(i64::from),
                    _ => self.try_get::<_, Option<i64>>(index).map_err(e)?,
                };
                v.map_or(Value::Null, Value::Int)
            }
            Ty::Bool => self
                .try_get::<_, Option<bool>>(index)
                .map_err(e)?
                .map_or(Value::Null, Value::Bool),
            Ty::Text => self
                .try_get::<_, Option<&str>>(index)
                .map_err(e)?
                .map_or(Value::Null, |s| Value::Text(s.into())),
            Ty::Date => self
                .try_get::<_, Option<chrono::NaiveDate>>(index)
                .map_err(e)?
                .map_or(Value::Null, Value::Date),
            Ty::Bytes => self
                .try_get::<_, Option<&[u8]>>(index)
                .map_err(e)?
                .map_or(Value::Null, |b| Value::Bytes(b.into())),
        })
    }
}

/// Query parameters as the client wants them, converted to the types the
/// prepared statement declares (so a whole number also fits an `integer` or
/// `smallint` column, when in range).
fn params<'a>(
    values: &'a [Value<'_>],
    types: &[Type],
) -> Result<Vec<Box<dyn ToSql + Sync + 'a>>, StoreError> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| -> Result<Box<dyn ToSql + Sync>, StoreError> {
            let ty = types.get(i).unwrap_or(&Type::INT8);
            let range = |n: i64| {
                StoreError::Database(format!("parameter ${}: {n} does not fit {ty}", i + 1))
            };
            Ok(match v {
                // A NULL of the parameter's declared type (a text NULL does not fit a date).
                Value::Null if *ty == Type::DATE => Box::new(Option::<chrono::NaiveDate>::None),
                Value::Null if *ty == Type::INT8 => Box::new(Option::<i64>::None),
                Value::Null if *ty == Type::BOOL => Box::new(Option::<bool>::None),
                Value::Null if *ty == Type::BYTEA => Box::new(Option::<Vec<u8>>::None),
                Value::Null => Box::new(Option::<String>::None),
                Value::Int(n) if *ty == Type::INT4 => {
                    Box::new(i32::try_from(*n).map_err(|_| range(*n))?)
                }
                Value::Int(n) if *ty == Type::INT2 => {
                    Box::new(i16::try_from(*n).map_err(|_| range(*n))?)
                }
                Value::Int(n) => Box::new(*n),
                Value::Bool(b) => Box::new(*b),
                Value::Text(s) => Box::new(s.as_ref()),
                Value::Date(d) => Box::new(*d),
                Value::Bytes(b) => Box::new(b.as_ref()),
            })
        })
        .collect()
}

/// A pooled connection with the statements prepared on it.
///
/// Why: preparing is a round trip to the server; loading one child runs a
/// statement per child table, so re-preparing each time doubled the round
/// trips of every read. Statements live as long as the connection.
pub(crate) struct PgConn {
    client: Client,
    statements: std::collections::HashMap<String, postgres::Statement>,
}

impl PgConn {
    fn new(client: Client) -> PgConn {
        PgConn {
            client,
            statements: std::collections::HashMap::new(),
        }
    }
}

/// Statements kept per connection before the cache is emptied.
const STATEMENT_CACHE: usize = 256;

struct PgTx<'c, C: postgres::GenericClient> {
    /// A transaction, or the bare connection for a one-statement read
    /// (autocommit: see `Engine::read_one`).
    tx: &'c mut C,
    statements: &'c mut std::collections::HashMap<String, postgres::Statement>,
}

impl<C: postgres::GenericClient> PgTx<'_, C> {
    fn prepared(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql).map_err(db_err)?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// Flush the `COPY` buffer to the server at this size.
const COPY_CHUNK: usize = 256 * 1024;

/// `COPY ... (FORMAT binary)` header: signature, flags, extension length.
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// Days from 0001-01-01 (chrono's day 1) to PostgreSQL's date epoch, 2000-01-01.
const PG_EPOCH_FROM_CE: i32 = 730_120;

/// Streams one table's rows as binary `COPY` (no text parsing on the
/// server). Each value's type is checked against the mapping's column type,
/// which a test checks against the migrations.
struct CopySink<'w> {
    out: postgres::CopyInWriter<'w>,
    buf: Vec<u8>,
    table: &'static Table,
    la: i64,
    child: String,
    rows: u64,
}

fn push_len(n: usize, buf: &mut Vec<u8>) -> Result<(), StoreError> {
    let n = i32::try_from(n)
        .map_err(|_| StoreError::Database(format!("a value of {n} bytes is too long to store")))?;
    buf.extend_from_slice(&n.to_be_bytes());
    Ok(())
}

impl RowSink for CopySink<'_> {
    fn row(&mut self, values: &[Value<'_>]) -> Result<(), StoreError> {
        let t = self.table;
        if values.len() != t.cols.len() {
            return Err(StoreError::Database(format!(
                "internal: {} values for the {} columns of table {}",
                values.len(),
                t.cols.len(),
                t.name
            )));
        }
        let fields = (t.prefix_len() + t.cols.len()) as i16;
        self.buf.extend_from_slice(&fields.to_be_bytes());
        self.buf.extend_from_slice(&8i32.to_be_bytes());
        self.buf.extend_from_slice(&self.la.to_be_bytes());
        if t.per_child {
            push_len(self.child.len(), &mut self.buf)?;
            self.buf.extend_from_slice(self.child.as_bytes());
        }
        for (v, col) in values.iter().zip(t.cols) {
            match (v, col.ty) {
                (Value::Null, _) => self.buf.extend_from_slice(&(-1i32).to_be_bytes()),
                (Value::Int(n), Ty::Int) => {
                    self.buf.extend_from_slice(&8i32.to_be_bytes());
                    self.buf.extend_from_slice(&n.to_be_bytes());
                }
                (Value::Bool(b), Ty::Bool) => {
                    self.buf.extend_from_slice(&1i32.to_be_bytes());
                    self.buf.push(u8::from(*b));
                }
                (Value::Text(s), Ty::Text) => {
                    push_len(s.len(), &mut self.buf)?;
                    self.buf.extend_from_slice(s.as_bytes());
                }
                (Value::Bytes(b), Ty::Bytes) => {
                    push_len(b.len(), &mut self.buf)?;
                    self.buf.extend_from_slice(b);
                }
                (Value::Date(d), Ty::Date) => {
                    use chrono::Datelike;
                    let days = d.num_days_from_ce() - PG_EPOCH_FROM_CE;
                    self.buf.extend_from_slice(&4i32.to_be_bytes());
                    self.buf.extend_from_slice(&days.to_be_bytes());
                }
                (v, ty) => {
                    return Err(StoreError::Database(format!(
                        "internal: table {}, column {}: value {v:?} for a {ty:?} column",
                        t.name, col.name
                    )));
                }
            }
        }
        self.rows += 1;
        if self.buf.len() >= COPY_CHUNK {
            self.out
                .write_all(&self.buf)
                .map_err(|e| StoreError::Database(format!("COPY into table {}: {e}", t.name)))?;
            self.buf.clear();
        }
        Ok(())
    }
}

impl BulkSink for CopySink<'_> {
    fn set_child(&mut self, child: &str) {
        self.child.clear();
        self.child.push_str(child);
    }
    fn rows(&self) -> u64 {
        self.rows
    }
}

impl<C: postgres::GenericClient> Tx for PgTx<'_, C> {
    fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<u64, StoreError> {
        let stmt = self.prepared(sql)?;
        let p = params(values, stmt.params())?;
        let refs: Vec<&(dyn ToSql + Sync)> = p.iter().map(|b| b.as_ref()).collect();
        self.tx.execute(&stmt, &refs).map_err(db_err)
    }

    fn query(
        &mut self,
        sql: &str,
        values: &[Value<'_>],
        each: EachRow<'_>,
    ) -> Result<(), StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let stmt = self.prepared(sql)?;
        let p = params(values, stmt.params())?;
        let refs = p.iter().map(|b| b.as_ref() as &dyn ToSql);
        let mut rows = self.tx.query_raw(&stmt, refs).map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            each(&row)?;
        }
        Ok(())
    }

    fn insert(
        &mut self,
        table: &'static Table,
        la: i64,
        fill: Fill<'_>,
    ) -> Result<u64, StoreError> {
        let sql = format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary)",
            table.name,
            table.column_list()
        );
        let out = self.tx.copy_in(&sql).map_err(db_err)?;
        let mut buf = Vec::with_capacity(COPY_CHUNK + 4096);
        buf.extend_from_slice(COPY_HEADER);
        let mut sink = CopySink {
            out,
            buf,
            table,
            la,
            child: String::new(),
            rows: 0,
        };
        fill(&mut sink)?;
        let CopySink {
            mut out,
            mut buf,
            rows,
            ..
        } = sink;
        // The binary trailer: a field count of -1.
        buf.extend_from_slice(&(-1i16).to_be_bytes());
        out.write_all(&buf)
            .map_err(|e| StoreError::Database(format!("COPY into table {}: {e}", table.name)))?;
        out.finish().map_err(db_err)?;
        Ok(rows)
    }

    fn lock_council(&mut self, la: i64) -> Result<(), StoreError> {
        // Prepared once per connection: a text query is a parse round trip
        // and then an execute round trip, on every write.
        let stmt = self.prepared("SELECT pg_advisory_xact_lock($1)")?;
        self.tx.execute(&stmt, &[&la]).map_err(db_err)?;
        Ok(())
    }

    fn each_child_facts(&mut self, la: i64, each: EachFacts<'_>) -> Result<(), StoreError> {
        // Up to FACTS_PER_ROW children's facts as two arrays in one row, in
        // child order through the primary key: a row per child cost more in
        // protocol messages and the client's row handling than the facts
        // cost to decode (measured: an England extract 24.8 s that way).
        // 4,096 rather than 16,384: the server builds each page's arrays in
        // memory it then frees, and smaller pages reuse it (England, 1 Dec
        // 2026: 10.65-11.29 s against 11.46-12.13 s, run alternately).
        const FACTS_PER_ROW: i64 = if cfg!(test) { 2 } else { 4_096 };
        let stmt = self.prepared(
            "SELECT coalesce(array_agg(child_id), '{}'), coalesce(array_agg(facts), '{}') \
             FROM (SELECT child_id, facts FROM child_facts WHERE la = $1 AND child_id > $2 \
                   ORDER BY child_id LIMIT $3) page",
        )?;
        let mut after = String::new();
        loop {
            let row = self
                .tx
                .query_one(&stmt, &[&la, &after, &FACTS_PER_ROW])
                .map_err(db_err)?;
            let ids: Vec<&str> = row.try_get(0).map_err(db_err)?;
            let facts: Vec<&[u8]> = row.try_get(1).map_err(db_err)?;
            if ids.len() != facts.len() {
                return Err(StoreError::Corrupt(format!(
                    "table child_facts: {} child ids but {} facts for council {la}",
                    ids.len(),
                    facts.len()
                )));
            }
            let Some(last) = ids.last() else { break };
            // Keyset paging needs each page in child order: checked, not assumed.
            if ids.windows(2).any(|w| w[0] >= w[1]) || ids[0] <= after.as_str() {
                return Err(StoreError::Database(format!(
                    "child facts of council {la} came back out of child order"
                )));
            }
            let full = ids.len() as i64 == FACTS_PER_ROW;
            after = (*last).to_string();
            for (id, f) in ids.into_iter().zip(facts) {
                each(id, f)?;
            }
            if !full {
                break;
            }
        }
        Ok(())
    }
}

impl Engine for PgEngine {
    fn kind(&self) -> Backend {
        Backend::Postgres
    }

    fn transaction(&self, write: bool, work: Work<'_>) -> Result<(), StoreError> {
        self.run(self.pool.get()?, write, work)
    }

    fn transaction_first(&self, work: Work<'_>) -> Result<(), StoreError> {
        self.run(self.pool.get_first()?, true, work)
    }

    fn read_one(&self, work: Work<'_>) -> Result<(), StoreError> {
        // One statement is its own snapshot: no BEGIN and COMMIT round trips.
        let mut conn = self.pool.get()?;
        let PgConn { client, statements } = &mut *conn;
        let result = work(&mut PgTx {
            tx: client,
            statements,
        });
        if result.is_err() && client.is_closed() {
            conn.discard();
        }
        result
    }
}

impl PgEngine {
    fn run(
        &self,
        mut conn: crate::pool::Lease<'_, PgConn>,
        write: bool,
        work: Work<'_>,
    ) -> Result<(), StoreError> {
        let PgConn { client, statements } = &mut *conn;
        let result = (|| {
            let mut b = client.build_transaction();
            if !write {
                // One consistent snapshot across the tables a load reads.
                b = b
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true);
            }
            let mut tx = b.start().map_err(db_err)?;
            work(&mut PgTx {
                tx: &mut tx,
                statements,
            })?;
            tx.commit().map_err(db_err)
        })();
        let closed = client.is_closed();
        if result.is_err() && closed {
            conn.discard();
        }
        result
    }
}
