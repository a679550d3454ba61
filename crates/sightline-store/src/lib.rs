//! `sightline-store`: where a council's records live.
//!
//! One [`Store`] trait, two backends: embedded SQLite (the default, one file,
//! WAL) and PostgreSQL (multi-user). Both hold the same schema, created and
//! upgraded by versioned migrations embedded in the binary, and both pass the
//! same test suite. Several councils (keyed by DfE LA number) share one store.
//!
//! The store speaks the domain's types ([`sightline_domain::Council`],
//! [`sightline_domain::ChildRecord`]) and nothing else: callers never see SQL.
//!
//! Architecture invariant: every write is one transaction: a failed write
//! leaves the store exactly as it was.
//!
//! # Opening
//!
//! [`open`] takes `sqlite://PATH` (`sqlite://data/store.db` is relative,
//! `sqlite:///var/lib/sightline.db` absolute; the file is created when
//! missing, its directory never is), `sqlite::memory:`, or
//! `postgres://USER@HOST:PORT/DB` (`postgresql://` too; query parameters
//! such as `?options=-csearch_path%3Dmy_schema` are passed to the server).
//! It refuses, writing nothing, a text file, another application's SQLite
//! database, a database from a newer Sightline ([`StoreError::NewerSchema`])
//! and an unreachable server (within about 3 seconds).
//!
//! # Layout
//!
//! - `schema`: the one mapping between domain types and table rows (column
//!   lists, to-row and from-row functions over a small `Value` enum), used by
//!   both backends so they cannot drift.
//! - `common`: every [`Store`] operation, written once over a small
//!   transaction interface.
//! - `sqlite`, `pg`: the backends (prepared inserts and `COPY`), migrations
//!   (`migrations/sqlite/*.sql`, `migrations/postgres/*.sql`, embedded with
//!   `include_str!`, each applied in its own transaction and recorded in
//!   `schema_migrations`).
//! - `facts`: each child's indicator records as one compact value, written
//!   with its rows (schema version 7).
//! - [`extract`]: the indicator extract (each child from its facts, several
//!   councils read at once) for runs over many councils.
//! - `access`: the web app's users, sessions and audit log.
//! - `workforce`: workforce and quality-assurance records (schema version 3).
//! - `finance`: improvement plan and placement finance records (schema
//!   version 4).
//!
//! # Threads and async
//!
//! A store is `Send + Sync` with a small connection pool (4 connections; one
//! for `sqlite::memory:`). The PostgreSQL backend uses the synchronous
//! `postgres` client, which must not be called on a thread driving a tokio
//! runtime: async code calls the store through
//! `tokio::task::spawn_blocking`.
//!
//! # Testing with both backends
//!
//! With the `testing` cargo feature (in another crate:
//! `sightline-store = { workspace = true, features = ["testing"] }` under
//! `[dev-dependencies]`), `testing::each_backend` runs a closure on a
//! fresh SQLite store and on a PostgreSQL store in its own throw-away
//! schema; `testing::sqlite` and `testing::postgres` give one each, and
//! `testing::sample_council` / `testing::full_child` build records with
//! every field filled. PostgreSQL comes from `SIGHTLINE_TEST_PG` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`); when it is unset or
//! unreachable the PostgreSQL half is skipped with a note on stderr, or
//! fails when `CI=true`.

use sightline_domain::{ChildId, ChildRecord, Council, LaNumber, Team, Worker};

mod access;
mod common;
pub mod extract;
mod facts;
mod finance;
mod pg;
mod pool;
mod schema;
mod sqlite;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
mod workforce;

pub use access::{AccessEntry, BreakGlass, MakeBatchEntry, MakeEntry, SessionRecord, UserRecord};

/// Which database a store is backed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The schema version this build of Sightline creates and understands.
pub const SCHEMA_VERSION: u32 = 7;

/// Errors from the store. Each says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST:PORT/DB")]
    BadUrl(String),
    #[error("cannot open the database {url}: {reason}")]
    Unavailable { url: String, reason: String },
    #[error(
        "the database was created by a newer Sightline (schema version {found}, this build knows {supported}); upgrade Sightline"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("migration to schema version {version} failed, nothing was changed: {reason}")]
    Migration { version: u32, reason: String },
    #[error(
        "the record for child {child} was changed by someone else (version {found}, you edited version {expected}); reload and try again"
    )]
    Conflict {
        child: String,
        expected: i64,
        found: i64,
    },
    #[error("no council {0} in this store")]
    NoSuchCouncil(LaNumber),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(String),
    /// Records refused by their own rules (e.g. a budget line for an
    /// unknown year); nothing was saved.
    #[error("refused, nothing was saved: {0}")]
    Invalid(String),
}

/// A council held in the store, without its records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CouncilSummary {
    pub la: LaNumber,
    pub name: String,
    pub population_0_17: u32,
    pub children: u64,
}

/// A data-quality query raised by a return's validation rule against a
/// child, kept so workers can see and fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DataQualityQuery {
    /// Where it came from, e.g. `903:2025` or `cin:2025`.
    pub source: String,
    /// The DfE rule code, e.g. `103`.
    pub rule: String,
    /// The child, when the rule is about one.
    pub child: Option<ChildId>,
    /// Table or element path, and the fields involved.
    pub location: String,
    pub fields: Vec<String>,
    pub message: String,
}

/// A set of changes to one council applied in one transaction.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// Children to insert or replace whole (matched by child id).
    pub upsert_children: Vec<ChildRecord>,
    /// Children to delete with all their records.
    pub delete_children: Vec<ChildId>,
    /// Replace every data-quality query of this source with these.
    pub data_quality: Option<(String, Vec<DataQualityQuery>)>,
    /// Create the council (name, child population aged 0–17) in the same
    /// transaction when the store does not hold it yet; without it, applying
    /// to an unknown council is `NoSuchCouncil`.
    pub create_council: Option<(String, u32)>,
    /// Teams to add or replace (matched by id).
    pub upsert_teams: Vec<Team>,
    /// Workers to add or replace (matched by id).
    pub upsert_workers: Vec<Worker>,
}

/// Progress callback for long writes: (done, total) in rows.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// The one store interface both backends implement.
pub trait Store: Send + Sync {
    fn backend(&self) -> Backend;

    /// Schema version of the open database.
    fn schema_version(&self) -> Result<u32, StoreError>;

    /// Councils held, with child counts.
    fn councils(&self) -> Result<Vec<CouncilSummary>, StoreError>;

    /// Replace a council and all its records (bulk load), atomically.
    fn replace_council(&self, council: &Council, progress: Progress<'_>) -> Result<(), StoreError>;

    /// Replace a council, atomically, taking its children from `children`
    /// one at a time (`council.children` is ignored): for councils too large
    /// to hold in memory at once. Children are written in batches, so memory
    /// stays bounded. `total` in the progress callback is an estimate from
    /// the iterator's `size_hint` until the last call, where it equals `done`.
    fn replace_council_streaming(
        &self,
        council: &Council,
        children: &mut dyn Iterator<Item = ChildRecord>,
        progress: Progress<'_>,
    ) -> Result<(), StoreError>;

    /// Load a council with all its records, each child's lists in date order.
    fn load_council(&self, la: LaNumber) -> Result<Option<Council>, StoreError>;

    /// Council `la` with only the records the indicator engine reads (the
    /// lists in [`extract::SKIPPED_TABLES`] and the teams are left empty):
    /// for computing figures over many councils, never for editing or
    /// export. See [`extract`] and [`extract::for_each_indicator_council`].
    fn indicator_extract(&self, la: LaNumber) -> Result<Option<Council>, StoreError> {
        self.indicator_extract_seeing(la, None, &mut |_| {})
    }

    /// As [`Store::indicator_extract`], handing each child to `see` as soon
    /// as it is read (its lists sorted), so that the caller can work on the
    /// child while its records are still in the CPU's cache. `see` gets the
    /// children in the order of the council returned, each once — or, when
    /// the store cannot hand them over in that order (children stored out
    /// of order, facts still to be built), fewer of them than the council
    /// holds: a caller compares the count and falls back to the council.
    ///
    /// `children`: the council's number of children when the caller has
    /// just counted them ([`Store::councils`]), which spares the store its
    /// own count (a scan of the council's children); a count that no longer
    /// holds only makes the store read the council from its rows.
    fn indicator_extract_seeing(
        &self,
        la: LaNumber,
        children: Option<u64>,
        see: &mut dyn FnMut(&ChildRecord),
    ) -> Result<Option<Council>, StoreError>;

    /// Load one child's record.
    fn load_child(&self, la: LaNumber, child: &ChildId) -> Result<Option<ChildRecord>, StoreError>;

    /// The stored version of one child's record (`None` when not held):
    /// one indexed read, for callers that keep a copy and need to know
    /// whether it is still current.
    fn child_version(&self, la: LaNumber, child: &ChildId) -> Result<Option<i64>, StoreError>;

    /// Save one child's record if its stored version is still
    /// `record.version`; returns the new version, or `Conflict`.
    fn save_child(&self, la: LaNumber, record: &ChildRecord) -> Result<i64, StoreError>;

    /// Apply a change set to an existing council, atomically.
    fn apply(&self, la: LaNumber, changes: &ChangeSet) -> Result<(), StoreError>;

    /// Data-quality queries for a council, or for one child.
    fn data_quality(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
    ) -> Result<Vec<DataQualityQuery>, StoreError>;

    /// Delete a council and all its records, atomically; `false` when the
    /// store did not hold it.
    fn delete_council(&self, la: LaNumber) -> Result<bool, StoreError>;

    // The web app's access data (schema version 2, `access` module).

    /// Insert a user when `create` (`false` if the username is taken), or
    /// update one (`false` if there is no such user).
    fn put_user(&self, user: &UserRecord, create: bool) -> Result<bool, StoreError>;

    /// One user by username.
    fn user(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;

    /// Every user, by username.
    fn users(&self) -> Result<Vec<UserRecord>, StoreError>;

    /// Insert or replace a session.
    fn put_session(&self, session: &SessionRecord) -> Result<(), StoreError>;

    /// A session by its token hash.
    fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// The users named on a restricted record.
    fn restricted_grants(&self, la: LaNumber, child: &ChildId) -> Result<Vec<String>, StoreError>;

    /// Name a user on a restricted record.
    fn grant_restricted(
        &self,
        la: LaNumber,
        child: &ChildId,
        username: &str,
    ) -> Result<(), StoreError>;

    /// Take a user's name off a restricted record (`false` when it was not
    /// named there).
    fn revoke_restricted(
        &self,
        la: LaNumber,
        child: &ChildId,
        username: &str,
    ) -> Result<bool, StoreError>;

    fn record_break_glass(&self, event: &BreakGlass) -> Result<(), StoreError>;

    /// Break-glass events of a council (or one child), newest first.
    fn break_glass_events(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
    ) -> Result<Vec<BreakGlass>, StoreError>;

    /// Append the next entry to `la`'s access audit chain: `make` gets the
    /// sequence number and the previous entry's hash (`""` for the first)
    /// inside the same transaction, so the chain never forks.
    fn append_access(&self, la: LaNumber, make: MakeEntry<'_>) -> Result<AccessEntry, StoreError>;

    /// Append `n` entries to `la`'s chain in one transaction (the web app
    /// commits concurrent views together): `make(i, seq, prev_hash)`.
    fn append_access_batch(
        &self,
        la: LaNumber,
        n: usize,
        make: MakeBatchEntry<'_>,
    ) -> Result<Vec<AccessEntry>, StoreError>;

    /// `la`'s access log in chain order (`limit` None), or the newest
    /// `limit` entries, newest first; `child` narrows to one child.
    fn access_log(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
        limit: Option<usize>,
    ) -> Result<Vec<AccessEntry>, StoreError>;

    // Workforce and quality-assurance records (schema version 3,
    // `workforce` module).

    /// Replace council `la`'s workforce and quality records (posts, working
    /// patterns, leave, audits, health checks, VEMT, homes, transfer rules)
    /// in one transaction. Refuses, changing nothing, an unknown council or
    /// two records of one kind with the same id. The records are not checked
    /// against the council here: see `QualityRecords::check`.
    fn save_quality(
        &self,
        la: LaNumber,
        records: &sightline_domain::quality::QualityRecords,
    ) -> Result<(), StoreError>;

    /// Council `la`'s workforce and quality records (empty lists when none).
    fn load_quality(
        &self,
        la: LaNumber,
    ) -> Result<sightline_domain::quality::QualityRecords, StoreError>;

    // Improvement plan and placement finance (schema version 4, `finance`
    // module).

    /// Replace council `la`'s improvement and finance records (inspections,
    /// plan versions, visits, placement costs, budgets, staff rates,
    /// residential review) in one transaction. Refuses, changing nothing,
    /// an unknown council ([`StoreError::NoSuchCouncil`]) or records failing
    /// `ImprovementRecords::check` ([`StoreError::Invalid`]).
    fn save_improvement(
        &self,
        la: LaNumber,
        records: &sightline_domain::improvement::ImprovementRecords,
    ) -> Result<(), StoreError>;

    /// Council `la`'s improvement and finance records in the order saved
    /// (empty lists when none).
    fn load_improvement(
        &self,
        la: LaNumber,
    ) -> Result<sightline_domain::improvement::ImprovementRecords, StoreError>;
}

/// Open (creating and migrating when needed) the store at `url`:
/// `sqlite://PATH` (relative, or `sqlite:///absolute/path`), `sqlite::memory:`,
/// or `postgres://USER@HOST:PORT/DB` (also `postgresql://`).
///
/// Nothing is written unless the database is usable: a missing directory, a
/// file that is not a SQLite database, another application's database or one
/// from a newer Sightline is refused and left as it was; an unreachable
/// PostgreSQL server is reported within about 3 seconds.
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    let url = url.trim();
    if url == "sqlite::memory:" {
        return Ok(Box::new(sqlite::open(url, sqlite::Target::Memory)?));
    }
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(StoreError::BadUrl(url.to_string()));
        }
        let target = if path == ":memory:" {
            sqlite::Target::Memory
        } else {
            sqlite::Target::File(std::path::PathBuf::from(path))
        };
        return Ok(Box::new(sqlite::open(url, target)?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(pg::open(url)?));
    }
    Err(StoreError::BadUrl(url.to_string()))
}
