//! The web app's access data: users, sessions, grants to restricted records,
//! break-glass events and the hash-chained access audit log (schema
//! version 2).
//!
//! Why here: sign-in state and the audit trail must survive restarts and be
//! shared by every server process, on either backend, with the same
//! transactional guarantees as the case records. The operations are written
//! once over [`Tx`] like the rest of the store.
//!
//! What it deliberately does not do: hash passwords, check TOTP codes or
//! compute audit hashes. The web app owns those rules; the store only keeps
//! the rows, serialises appends to the audit chain, and never updates or
//! deletes an audit entry (the tables refuse it with triggers).

use std::borrow::Cow;

use sightline_domain::{ChildId, LaNumber};

use crate::StoreError;
use crate::common::{Tx, la_param};
use crate::schema::{RowGet, Ty, Value};

/// A web app user. Secrets are stored as the web app hands them over
/// (password and recovery codes already hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub username: String,
    pub display_name: String,
    /// The role's code, e.g. `social_worker`.
    pub role: String,
    /// The council the user works for; `None` for every council (admin).
    pub la: Option<LaNumber>,
    /// The team (`Team::id`) they belong to or manage.
    pub team: Option<i64>,
    /// The worker record (`Worker::id`) children are allocated to.
    pub worker: Option<i64>,
    pub password_hash: String,
    /// Base32 TOTP secret.
    pub totp_secret: String,
    /// Hashes of the unused recovery codes.
    pub recovery_codes: Vec<String>,
    pub failed_logins: i64,
    /// Unix seconds until which sign-in is refused.
    pub locked_until: Option<i64>,
    /// The last TOTP time step accepted (a code is never accepted twice).
    pub totp_last_step: i64,
    /// Unix seconds after which the account no longer works (inspectors).
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

/// A signed-in (or half signed-in) browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Hash of the cookie's token: a stolen database yields no sessions.
    pub token_hash: String,
    pub username: String,
    /// The synchroniser token every form of this session carries.
    pub csrf: String,
    pub created_at: i64,
    pub last_seen: i64,
    /// The second factor has been given.
    pub verified: bool,
}

/// Someone opened a restricted record they were not named on, giving a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlass {
    pub la: LaNumber,
    pub child: String,
    pub username: String,
    pub reason: String,
    pub at: i64,
}

/// One entry of a council's access audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    pub la: LaNumber,
    /// 1, 2, 3... per council, without gaps.
    pub seq: i64,
    pub at: i64,
    pub username: String,
    pub child: Option<String>,
    /// What was looked at or done, e.g. `viewed record`.
    pub what: String,
    /// Why (the route, or the break-glass reason).
    pub why: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Builds the next audit entry from its sequence number and the previous
/// entry's hash (`""` for the first).
pub type MakeEntry<'a> = &'a mut dyn FnMut(i64, &str) -> AccessEntry;

/// Builds the i-th of a batch of audit entries from its index, sequence
/// number and the previous entry's hash.
pub type MakeBatchEntry<'a> = &'a mut dyn FnMut(usize, i64, &str) -> AccessEntry;

/// Offset that keeps the audit chain's advisory lock apart from the
/// per-council writer lock (LA numbers are three digits).
const AUDIT_LOCK: i64 = 0x4155_4449_0000;

fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

/// Stands for NULL in a nullable whole-number column: the SQL wraps such
/// parameters in `NULLIF($n, CAST(-1 AS BIGINT))`, because an untyped NULL parameter cannot
/// be bound to a BIGINT column by the PostgreSQL client. Every such column
/// (LA numbers, record ids, Unix times) is never negative.
const NONE: i64 = -1;

fn opt_int(v: Option<i64>) -> Value<'static> {
    Value::Int(v.unwrap_or(NONE))
}

struct Cells<'r> {
    row: &'r dyn RowGet,
    table: &'static str,
    i: usize,
}

impl<'r> Cells<'r> {
    fn next(&mut self, ty: Ty) -> Result<Value<'r>, StoreError> {
        let i = self.i;
        self.i += 1;
        self.row.cell(i, ty).map_err(|e| {
            StoreError::Corrupt(format!("table {}, column {}: {e}", self.table, i + 1))
        })
    }
    fn text(&mut self) -> Result<String, StoreError> {
        match self.next(Ty::Text)? {
            Value::Text(s) => Ok(s.into_owned()),
            other => Err(self.bad("text", &other)),
        }
    }
    fn opt_text(&mut self) -> Result<Option<String>, StoreError> {
        match self.next(Ty::Text)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.into_owned())),
            other => Err(self.bad("text", &other)),
        }
    }
    fn int(&mut self) -> Result<i64, StoreError> {
        match self.next(Ty::Int)? {
            Value::Int(v) => Ok(v),
            other => Err(self.bad("a whole number", &other)),
        }
    }
    fn opt_int(&mut self) -> Result<Option<i64>, StoreError> {
        match self.next(Ty::Int)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(v)),
            other => Err(self.bad("a whole number", &other)),
        }
    }
    fn bool(&mut self) -> Result<bool, StoreError> {
        match self.next(Ty::Bool)? {
            Value::Bool(v) => Ok(v),
            other => Err(self.bad("a boolean", &other)),
        }
    }
    fn la(&mut self) -> Result<LaNumber, StoreError> {
        let v = self.int()?;
        la_from(v, self.table)
    }
    fn bad(&self, want: &str, found: &Value<'_>) -> StoreError {
        StoreError::Corrupt(format!(
            "table {}, column {}: expected {want}, found {found:?}",
            self.table, self.i
        ))
    }
}

fn la_from(v: i64, table: &str) -> Result<LaNumber, StoreError> {
    u16::try_from(v)
        .ok()
        .and_then(|n| LaNumber::new(n).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("table {table}: {v} is not an LA number")))
}

const USER_COLS: &str = "username, display_name, role, la, team_id, worker_id, password_hash, totp_secret, recovery_codes, failed_logins, locked_until, totp_last_step, expires_at, created_at";

fn user_params(u: &UserRecord) -> Vec<Value<'_>> {
    vec![
        text(&u.username),
        text(&u.display_name),
        text(&u.role),
        opt_int(u.la.map(|l| i64::from(l.get()))),
        opt_int(u.team),
        opt_int(u.worker),
        text(&u.password_hash),
        text(&u.totp_secret),
        Value::Text(Cow::Owned(u.recovery_codes.join(" "))),
        Value::Int(u.failed_logins),
        opt_int(u.locked_until),
        Value::Int(u.totp_last_step),
        opt_int(u.expires_at),
        Value::Int(u.created_at),
    ]
}

fn read_user(row: &dyn RowGet) -> Result<UserRecord, StoreError> {
    let mut c = Cells {
        row,
        table: "web_users",
        i: 0,
    };
    Ok(UserRecord {
        username: c.text()?,
        display_name: c.text()?,
        role: c.text()?,
        la: match c.opt_int()? {
            Some(v) => Some(la_from(v, "web_users")?),
            None => None,
        },
        team: c.opt_int()?,
        worker: c.opt_int()?,
        password_hash: c.text()?,
        totp_secret: c.text()?,
        recovery_codes: c.text()?.split_whitespace().map(str::to_string).collect(),
        failed_logins: c.int()?,
        locked_until: c.opt_int()?,
        totp_last_step: c.int()?,
        expires_at: c.opt_int()?,
        created_at: c.int()?,
    })
}

/// Insert `user` when `create` (false if the username is taken), otherwise
/// update it (false if there is no such user).
pub(crate) fn put_user(
    tx: &mut dyn Tx,
    user: &UserRecord,
    create: bool,
) -> Result<bool, StoreError> {
    let exists = get_user(tx, &user.username)?.is_some();
    if create {
        if exists {
            return Ok(false);
        }
        tx.execute(
            &format!(
                "INSERT INTO web_users ({USER_COLS}) VALUES ($1, $2, $3, NULLIF($4, CAST(-1 AS BIGINT)), NULLIF($5, CAST(-1 AS BIGINT)), NULLIF($6, CAST(-1 AS BIGINT)), $7, $8, $9, $10, NULLIF($11, CAST(-1 AS BIGINT)), $12, NULLIF($13, CAST(-1 AS BIGINT)), $14)"
            ),
            &user_params(user),
        )?;
        return Ok(true);
    }
    if !exists {
        return Ok(false);
    }
    // SQLite numbers `$n` parameters in order of first appearance, so the
    // key goes last here, as it is written last.
    let mut params = user_params(user);
    let key = params.remove(0);
    params.push(key);
    tx.execute(
        "UPDATE web_users SET display_name = $1, role = $2, la = NULLIF($3, CAST(-1 AS BIGINT)), team_id = NULLIF($4, CAST(-1 AS BIGINT)), worker_id = NULLIF($5, CAST(-1 AS BIGINT)), password_hash = $6, totp_secret = $7, recovery_codes = $8, failed_logins = $9, locked_until = NULLIF($10, CAST(-1 AS BIGINT)), totp_last_step = $11, expires_at = NULLIF($12, CAST(-1 AS BIGINT)), created_at = $13 WHERE username = $14",
        &params,
    )?;
    Ok(true)
}

pub(crate) fn get_user(tx: &mut dyn Tx, username: &str) -> Result<Option<UserRecord>, StoreError> {
    let mut out = None;
    tx.query(
        &format!("SELECT {USER_COLS} FROM web_users WHERE username = $1"),
        &[text(username)],
        &mut |row| {
            out = Some(read_user(row)?);
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn users(tx: &mut dyn Tx) -> Result<Vec<UserRecord>, StoreError> {
    let mut out = Vec::new();
    tx.query(
        &format!("SELECT {USER_COLS} FROM web_users ORDER BY username"),
        &[],
        &mut |row| {
            out.push(read_user(row)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Insert or replace a session.
pub(crate) fn put_session(tx: &mut dyn Tx, s: &SessionRecord) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM web_sessions WHERE token_hash = $1",
        &[text(&s.token_hash)],
    )?;
    tx.execute(
        "INSERT INTO web_sessions (token_hash, username, csrf, created_at, last_seen, verified) VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            text(&s.token_hash),
            text(&s.username),
            text(&s.csrf),
            Value::Int(s.created_at),
            Value::Int(s.last_seen),
            Value::Bool(s.verified),
        ],
    )?;
    Ok(())
}

pub(crate) fn get_session(
    tx: &mut dyn Tx,
    token_hash: &str,
) -> Result<Option<SessionRecord>, StoreError> {
    let mut out = None;
    tx.query(
        "SELECT token_hash, username, csrf, created_at, last_seen, verified FROM web_sessions WHERE token_hash = $1",
        &[text(token_hash)],
        &mut |row| {
            let mut c = Cells {
                row,
                table: "web_sessions",
                i: 0,
            };
            out = Some(SessionRecord {
                token_hash: c.text()?,
                username: c.text()?,
                csrf: c.text()?,
                created_at: c.int()?,
                last_seen: c.int()?,
                verified: c.bool()?,
            });
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn delete_session(tx: &mut dyn Tx, token_hash: &str) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM web_sessions WHERE token_hash = $1",
        &[text(token_hash)],
    )?;
    Ok(())
}

pub(crate) fn grants(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: &ChildId,
) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    tx.query(
        "SELECT username FROM restricted_grants WHERE la = $1 AND child_id = $2 ORDER BY username",
        &[la_param(la), text(child.as_str())],
        &mut |row| {
            let mut c = Cells {
                row,
                table: "restricted_grants",
                i: 0,
            };
            out.push(c.text()?);
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn grant(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: &ChildId,
    username: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM restricted_grants WHERE la = $1 AND child_id = $2 AND username = $3",
        &[la_param(la), text(child.as_str()), text(username)],
    )?;
    tx.execute(
        "INSERT INTO restricted_grants (la, child_id, username) VALUES ($1, $2, $3)",
        &[la_param(la), text(child.as_str()), text(username)],
    )?;
    Ok(())
}

/// Take a user's name off a restricted record; `false` when it was not on it.
pub(crate) fn revoke(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: &ChildId,
    username: &str,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "DELETE FROM restricted_grants WHERE la = $1 AND child_id = $2 AND username = $3",
        &[la_param(la), text(child.as_str()), text(username)],
    )?;
    Ok(n > 0)
}

pub(crate) fn record_break_glass(tx: &mut dyn Tx, e: &BreakGlass) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO break_glass (la, child_id, username, reason, at) VALUES ($1, $2, $3, $4, $5)",
        &[
            la_param(e.la),
            text(&e.child),
            text(&e.username),
            text(&e.reason),
            Value::Int(e.at),
        ],
    )?;
    Ok(())
}

pub(crate) fn break_glass_events(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: Option<&ChildId>,
) -> Result<Vec<BreakGlass>, StoreError> {
    let mut out = Vec::new();
    let mut params = vec![la_param(la)];
    let mut sql =
        "SELECT la, child_id, username, reason, at FROM break_glass WHERE la = $1".to_string();
    if let Some(c) = child {
        params.push(text(c.as_str()));
        sql.push_str(" AND child_id = $2");
    }
    sql.push_str(" ORDER BY at DESC, id DESC");
    tx.query(&sql, &params, &mut |row| {
        let mut c = Cells {
            row,
            table: "break_glass",
            i: 0,
        };
        out.push(BreakGlass {
            la: c.la()?,
            child: c.text()?,
            username: c.text()?,
            reason: c.text()?,
            at: c.int()?,
        });
        Ok(())
    })?;
    Ok(out)
}

const ENTRY_COLS: &str = "la, seq, at, username, child_id, what, why, prev_hash, hash";

fn read_entry(row: &dyn RowGet) -> Result<AccessEntry, StoreError> {
    let mut c = Cells {
        row,
        table: "access_log",
        i: 0,
    };
    Ok(AccessEntry {
        la: c.la()?,
        seq: c.int()?,
        at: c.int()?,
        username: c.text()?,
        child: c.opt_text()?,
        what: c.text()?,
        why: c.text()?,
        prev_hash: c.text()?,
        hash: c.text()?,
    })
}

/// Append the next entry of `la`'s chain, serialised with other appenders.
pub(crate) fn append_access(
    tx: &mut dyn Tx,
    la: LaNumber,
    make: MakeEntry<'_>,
) -> Result<AccessEntry, StoreError> {
    let mut v = append_access_batch(tx, la, 1, &mut |_, seq, prev| make(seq, prev))?;
    v.pop()
        .ok_or_else(|| StoreError::Database("internal: audit append produced no entry".into()))
}

/// Append `n` entries to `la`'s chain in one transaction (group commit):
/// `make(i, seq, prev_hash)` builds the i-th.
pub(crate) fn append_access_batch(
    tx: &mut dyn Tx,
    la: LaNumber,
    n: usize,
    make: MakeBatchEntry<'_>,
) -> Result<Vec<AccessEntry>, StoreError> {
    tx.lock_council(AUDIT_LOCK + i64::from(la.get()))?;
    let mut last: Option<(i64, String)> = None;
    tx.query(
        "SELECT seq, hash FROM access_log WHERE la = $1 ORDER BY seq DESC LIMIT 1",
        &[la_param(la)],
        &mut |row| {
            let mut c = Cells {
                row,
                table: "access_log",
                i: 0,
            };
            last = Some((c.int()?, c.text()?));
            Ok(())
        },
    )?;
    let (mut seq, mut prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, String::new()),
    };
    let mut out: Vec<AccessEntry> = Vec::with_capacity(n);
    for i in 0..n {
        let mut e = make(i, seq, &prev);
        e.la = la;
        e.seq = seq;
        e.prev_hash = prev;
        seq += 1;
        prev = e.hash.clone();
        out.push(e);
    }
    // A few multi-row INSERTs instead of one per entry: each statement is a
    // round trip, and the chain's lock is held until the commit. Chunk sizes
    // come from a fixed set so each connection prepares at most four texts.
    let mut rest: &[AccessEntry] = &out;
    while !rest.is_empty() {
        let size = INSERT_CHUNKS
            .iter()
            .copied()
            .find(|&c| c <= rest.len())
            .unwrap_or(1);
        let (chunk, tail) = rest.split_at(size);
        let mut params = Vec::with_capacity(size * 9);
        for e in chunk {
            params.extend([
                la_param(la),
                Value::Int(e.seq),
                Value::Int(e.at),
                text(&e.username),
                e.child.as_deref().map_or(Value::Null, text),
                text(&e.what),
                text(&e.why),
                text(&e.prev_hash),
                text(&e.hash),
            ]);
        }
        tx.execute(&insert_entries_sql(size), &params)?;
        rest = tail;
    }
    Ok(out)
}

/// Rows per audit INSERT statement, largest first.
const INSERT_CHUNKS: [usize; 4] = [64, 16, 4, 1];

/// `INSERT INTO access_log (...) VALUES (...), (...)` for `rows` entries.
fn insert_entries_sql(rows: usize) -> String {
    let mut sql = format!("INSERT INTO access_log ({ENTRY_COLS}) VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..9 {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * 9 + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// A council's log in chain order, or one child's newest `limit` entries
/// (newest first).
pub(crate) fn access_log(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: Option<&ChildId>,
    limit: Option<usize>,
) -> Result<Vec<AccessEntry>, StoreError> {
    let mut out = Vec::new();
    let mut params = vec![la_param(la)];
    let mut sql = format!("SELECT {ENTRY_COLS} FROM access_log WHERE la = $1");
    if let Some(c) = child {
        params.push(text(c.as_str()));
        sql.push_str(" AND child_id = $2");
    }
    match limit {
        Some(n) => {
            sql.push_str(&format!(" ORDER BY seq DESC LIMIT {}", n.min(100_000)));
        }
        None => sql.push_str(" ORDER BY seq"),
    }
    tx.query(&sql, &params, &mut |row| {
        out.push(read_entry(row)?);
        Ok(())
    })?;
    Ok(out)
}
