//! The store's operations, written once over a minimal transaction
//! interface ([`Tx`]) that each backend implements.
//!
//! Why: loading, saving, version checks and change sets must behave the same
//! on SQLite and PostgreSQL. Writing them once here, with the backends only
//! running SQL and moving rows (prepared inserts for SQLite, `COPY` for
//! PostgreSQL), keeps the two from drifting. The SQL used here is the common
//! subset both understand (`$1` parameters work in SQLite too).
//!
//! What it does not do: open connections, run migrations or choose
//! isolation levels; the backends do.

use std::collections::HashMap;

use sightline_domain::{ChildId, ChildRecord, Council, LaNumber};

use crate::access::{
    self, AccessEntry, BreakGlass, MakeBatchEntry, MakeEntry, SessionRecord, UserRecord,
};
use crate::facts;
use crate::schema::{self, CHILD_TABLES, RowGet, RowSink, Table, Value};
use crate::{Backend, ChangeSet, CouncilSummary, DataQualityQuery, Progress, Store, StoreError};

/// A sink for bulk inserts into one table: rows for `set_child`'s child.
pub(crate) trait BulkSink: RowSink {
    /// The child the following rows belong to (child tables only).
    fn set_child(&mut self, child: &str);
    /// Rows written so far.
    fn rows(&self) -> u64;
}

/// Fills a [`BulkSink`] with rows.
pub(crate) type Fill<'a> = &'a mut dyn FnMut(&mut dyn BulkSink) -> Result<(), StoreError>;
/// Receives each selected row.
pub(crate) type EachRow<'a> = &'a mut dyn FnMut(&dyn RowGet) -> Result<(), StoreError>;

/// What the shared operations need from an open transaction.
pub(crate) trait Tx {
    /// Run a statement, returning the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, StoreError>;
    /// Run a query, handing each row to `each` as it arrives (not buffered).
    fn query(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        each: EachRow<'_>,
    ) -> Result<(), StoreError>;
    /// Insert many rows into `table` for council `la`, in bulk.
    fn insert(&mut self, table: &'static Table, la: i64, fill: Fill<'_>)
    -> Result<u64, StoreError>;
    /// Serialise writers of one council (PostgreSQL advisory lock; SQLite
    /// write transactions are already exclusive).
    fn lock_council(&mut self, la: i64) -> Result<(), StoreError>;
    /// Hand each (child id, facts) of council `la` to `each`, in no
    /// particular order ([`crate::facts`]). The default selects one row per
    /// child; PostgreSQL overrides it to send many children's facts per
    /// row.
    fn each_child_facts(&mut self, la: i64, each: EachFacts<'_>) -> Result<(), StoreError> {
        self.query(
            "SELECT child_id, facts FROM child_facts WHERE la = $1",
            &[Value::Int(la)],
            &mut |row| {
                let id = schema::read_child_id(row, &schema::CHILD_FACTS)?;
                match row.cell(1, schema::Ty::Bytes) {
                    Ok(Value::Bytes(b)) => each(&id, &b),
                    other => Err(StoreError::Corrupt(format!(
                        "table child_facts, column facts (child {id}): expected bytes, found {other:?}"
                    ))),
                }
            },
        )
    }
}

/// Receives one child's id and facts value.
pub(crate) type EachFacts<'a> = &'a mut dyn FnMut(&str, &[u8]) -> Result<(), StoreError>;

/// One body of work inside a transaction.
pub(crate) type Work<'a> = &'a mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>;

/// A backend: runs work in a transaction, committing on `Ok`, rolling back
/// on `Err`.
pub(crate) trait Engine: Send + Sync {
    fn kind(&self) -> Backend;
    /// `write`: the work changes data (SQLite takes the write lock up front).
    fn transaction(&self, write: bool, work: Work<'_>) -> Result<(), StoreError>;
    /// A write transaction whose connection is lent ahead of callers of
    /// [`Engine::transaction`] waiting for one (the audit writer, which
    /// many requests wait on).
    fn transaction_first(&self, work: Work<'_>) -> Result<(), StoreError> {
        self.transaction(true, work)
    }
    /// A read whose `work` runs exactly one statement (which is its own
    /// consistent snapshot): PostgreSQL runs it without BEGIN and COMMIT,
    /// a third of the round trips. Never for more than one statement.
    fn read_one(&self, work: Work<'_>) -> Result<(), StoreError> {
        self.transaction(false, work)
    }
}

/// A store over one engine: the [`Store`] implementation both backends share.
pub(crate) struct DbStore<E> {
    pub engine: E,
}

/// Council `la`'s header (name, children aged 0–17), or `None` when the
/// store does not hold it.
pub(crate) fn read_council_header(
    tx: &mut dyn Tx,
    la: LaNumber,
) -> Result<Option<(String, u32)>, StoreError> {
    let mut header = None;
    let t = &schema::COUNCILS;
    tx.query(
        &format!("SELECT {} FROM {} WHERE la = $1", t.select_list(), t.name),
        &[la_param(la)],
        &mut |row| {
            header = Some(schema::read_council(&mut schema::Reader::new(
                row, t, "", 0,
            ))?);
            Ok(())
        },
    )?;
    Ok(header)
}

/// Every row council `la` holds in the per-council table `t` (teams,
/// workers), in the table's order, each read by `read`.
pub(crate) fn read_council_rows<T>(
    tx: &mut dyn Tx,
    t: &'static schema::Table,
    la: LaNumber,
    read: fn(&mut schema::Reader<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    tx.query(
        &format!(
            "SELECT {} FROM {} WHERE la = $1 ORDER BY {}",
            t.select_list(),
            t.name,
            t.order
        ),
        &[la_param(la)],
        &mut |row| {
            out.push(read(&mut schema::Reader::new(row, t, "", 0))?);
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn la_param(la: LaNumber) -> Value<'static> {
    Value::Int(i64::from(la.get()))
}

fn text_param(s: &str) -> Value<'_> {
    Value::Text(std::borrow::Cow::Borrowed(s))
}

pub(crate) fn one_int(row: &dyn RowGet, i: usize, what: &str) -> Result<i64, StoreError> {
    match row.cell(i, schema::Ty::Int) {
        Ok(Value::Int(v)) => Ok(v),
        Ok(other) => Err(StoreError::Corrupt(format!(
            "{what}: expected a whole number, found {other:?}"
        ))),
        Err(e) => Err(StoreError::Corrupt(format!("{what}: {e}"))),
    }
}

/// Whether council `la` is listed in `pending_child_facts` (stored before
/// schema 7, its facts not built yet).
pub(crate) fn facts_pending(tx: &mut dyn Tx, la: i64) -> Result<bool, StoreError> {
    let mut pending = false;
    tx.query(
        "SELECT la FROM pending_child_facts WHERE la = $1",
        &[Value::Int(la)],
        &mut |_| {
            pending = true;
            Ok(())
        },
    )?;
    Ok(pending)
}

/// Write `rec`'s facts ([`crate::facts`]) as its row of `child_facts`.
fn write_facts(sink: &mut dyn BulkSink, rec: &ChildRecord) -> Result<(), StoreError> {
    sink.set_child(rec.child.id.as_str());
    sink.row(&[Value::Bytes(facts::encode(rec)?.into())])
}

/// Delete every row of council `la` in every table.
pub(crate) fn delete_council_rows(tx: &mut dyn Tx, la: LaNumber) -> Result<u64, StoreError> {
    let mut n = 0;
    for t in schema::all_tables() {
        n += tx.execute(
            &format!("DELETE FROM {} WHERE la = $1", t.name),
            &[la_param(la)],
        )?;
    }
    // Rewritten whole (with its facts) or gone: nothing left to build.
    tx.execute(
        "DELETE FROM pending_child_facts WHERE la = $1",
        &[la_param(la)],
    )?;
    Ok(n)
}

/// Delete one child's rows in every child table.
fn delete_child_rows(tx: &mut dyn Tx, la: LaNumber, child: &ChildId) -> Result<(), StoreError> {
    let params = [la_param(la), text_param(child.as_str())];
    tx.execute(
        "DELETE FROM children WHERE la = $1 AND child_id = $2",
        &params,
    )?;
    for t in CHILD_TABLES
        .iter()
        .map(|t| t.table)
        .chain([&schema::CHILD_FACTS])
    {
        tx.execute(
            &format!("DELETE FROM {} WHERE la = $1 AND child_id = $2", t.name),
            &params,
        )?;
    }
    Ok(())
}

/// Insert children (all tables), table by table, streaming from `children`.
fn insert_children(
    tx: &mut dyn Tx,
    la: LaNumber,
    children: &[ChildRecord],
    done: &mut u64,
    total: u64,
    progress: Progress<'_>,
) -> Result<(), StoreError> {
    let la = i64::from(la.get());
    const EVERY: usize = 4096;
    // Key order: each index is then walked once, left to right, per batch
    // (and appended to when the caller's ids arrive in order).
    let mut sorted: Vec<&ChildRecord> = children.iter().collect();
    sorted.sort_unstable_by(|a, b| a.child.id.cmp(&b.child.id));
    let children = sorted;
    let base = *done;
    let n = tx.insert(&schema::CHILDREN, la, &mut |sink| {
        for (i, rec) in children.iter().enumerate() {
            sink.set_child(rec.child.id.as_str());
            schema::write_child(rec, sink)?;
            if i % EVERY == EVERY - 1 {
                progress(base + sink.rows(), total);
            }
        }
        Ok(())
    })?;
    *done += n;
    progress(*done, total);
    for t in CHILD_TABLES {
        let base = *done;
        let n = tx.insert(t.table, la, &mut |sink| {
            for (i, rec) in children.iter().enumerate() {
                sink.set_child(rec.child.id.as_str());
                (t.write)(rec, sink)?;
                if i % EVERY == EVERY - 1 {
                    progress(base + sink.rows(), total);
                }
            }
            Ok(())
        })?;
        *done += n;
        progress(*done, total);
    }
    // Last, the facts each child's rows make (see `facts`): same transaction.
    let base = *done;
    let n = tx.insert(&schema::CHILD_FACTS, la, &mut |sink| {
        for (i, rec) in children.iter().enumerate() {
            write_facts(sink, rec)?;
            if i % EVERY == EVERY - 1 {
                progress(base + sink.rows(), total);
            }
        }
        Ok(())
    })?;
    *done += n;
    progress(*done, total);
    Ok(())
}

/// Children written per batch by the bulk loads: bounds memory when
/// streaming, and keeps each `COPY` / prepared-insert run long.
const BATCH: usize = if cfg!(test) { 3 } else { 16_384 };

/// Delete council `la` everywhere and write its council row, teams and
/// workers; returns the rows written.
fn replace_header(tx: &mut dyn Tx, council: &Council) -> Result<u64, StoreError> {
    let la = council.la;
    let la_i = i64::from(la.get());
    tx.lock_council(la_i)?;
    delete_council_rows(tx, la)?;
    let mut done = 0u64;
    done += tx.insert(&schema::COUNCILS, la_i, &mut |sink| {
        schema::write_council(council, sink)
    })?;
    done += tx.insert(&schema::TEAMS, la_i, &mut |sink| {
        council
            .teams
            .iter()
            .try_for_each(|t| schema::write_team(t, sink))
    })?;
    done += tx.insert(&schema::WORKERS, la_i, &mut |sink| {
        council
            .workers
            .iter()
            .try_for_each(|w| schema::write_worker(w, sink))
    })?;
    Ok(done)
}

pub(crate) fn council_exists(tx: &mut dyn Tx, la: LaNumber) -> Result<bool, StoreError> {
    let mut found = false;
    tx.query(
        "SELECT la FROM councils WHERE la = $1",
        &[la_param(la)],
        &mut |_| {
            found = true;
            Ok(())
        },
    )?;
    Ok(found)
}

fn stored_version(
    tx: &mut dyn Tx,
    la: LaNumber,
    child: &ChildId,
) -> Result<Option<i64>, StoreError> {
    let mut v = None;
    tx.query(
        "SELECT version FROM children WHERE la = $1 AND child_id = $2",
        &[la_param(la), text_param(child.as_str())],
        &mut |row| {
            v = Some(one_int(row, 0, "table children, column version")?);
            Ok(())
        },
    )?;
    Ok(v)
}

/// Load the children matching `filter` (`""` for the whole council, or
/// `" AND child_id = $2"`), each with all its records, sorted.
fn load_children(
    tx: &mut dyn Tx,
    params: &[Value<'_>],
    filter: &str,
) -> Result<Vec<ChildRecord>, StoreError> {
    let mut children: Vec<ChildRecord> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let t = &schema::CHILDREN;
    tx.query(
        &format!(
            "SELECT {} FROM {} WHERE la = $1{filter}",
            t.select_list(),
            t.name
        ),
        params,
        &mut |row| {
            let id = schema::read_child_id(row, t)?;
            let child = schema::parse_child_id(&id, t)?;
            let mut r = schema::child_reader(row, &id);
            let rec = schema::read_child(&mut r, child)?;
            index.insert(id, children.len());
            children.push(rec);
            Ok(())
        },
    )?;
    if children.is_empty() {
        return Ok(children);
    }
    for ct in CHILD_TABLES {
        let t = ct.table;
        tx.query(
            &format!(
                "SELECT {} FROM {} WHERE la = $1{filter} ORDER BY child_id, {}",
                t.select_list(),
                t.name,
                t.order
            ),
            params,
            &mut |row| {
                let id = schema::read_child_id(row, t)?;
                let Some(&i) = index.get(&id) else {
                    return Err(StoreError::Corrupt(format!(
                        "table {}: rows for child {id}, who is not in table children",
                        t.name
                    )));
                };
                let mut r = schema::Reader::new(row, t, &id, 1);
                (ct.read)(&mut r, &mut children[i])
            },
        )?;
    }
    for c in &mut children {
        c.sort();
    }
    children.sort_by(|a, b| a.child.id.cmp(&b.child.id));
    Ok(children)
}

impl<E: Engine> DbStore<E> {
    /// Build the child facts ([`crate::facts`]) of each council listed in
    /// `pending_child_facts` — councils stored before schema 7 — from their
    /// rows, one council per write transaction, removing each from the list
    /// in the same transaction. Run when the store is opened with
    /// `migrations` applied (nothing to do when they stop before schema 7);
    /// a no-op (one empty query) once every council has its facts.
    pub(crate) fn build_pending_facts(&self, migrations: &[(u32, &str)]) -> Result<(), StoreError> {
        if !migrations.iter().any(|&(v, _)| v >= facts::SINCE_SCHEMA) {
            return Ok(());
        }
        let mut pending: Vec<i64> = Vec::new();
        self.engine.read_one(&mut |tx| {
            pending.clear();
            tx.query(
                "SELECT la FROM pending_child_facts ORDER BY la",
                &[],
                &mut |row| {
                    pending.push(one_int(row, 0, "table pending_child_facts, column la")?);
                    Ok(())
                },
            )
        })?;
        for la in pending {
            let number = schema::la_from(la, "pending_child_facts")?;
            let mut built = None;
            self.engine.transaction(true, &mut |tx| {
                tx.lock_council(la)?;
                // Another process may have built them since the list was read.
                if !facts_pending(tx, la)? {
                    return Ok(());
                }
                let children = load_children(tx, &[la_param(number)], "")?;
                tx.execute("DELETE FROM child_facts WHERE la = $1", &[Value::Int(la)])?;
                tx.insert(&schema::CHILD_FACTS, la, &mut |sink| {
                    children.iter().try_for_each(|rec| write_facts(sink, rec))
                })?;
                tx.execute(
                    "DELETE FROM pending_child_facts WHERE la = $1",
                    &[Value::Int(la)],
                )?;
                built = Some(children.len());
                Ok(())
            })?;
            if let Some(n) = built {
                tracing::info!(
                    la,
                    children = n,
                    "built the indicator facts of a council stored before schema 7"
                );
            }
        }
        Ok(())
    }

    /// Delete a council and all its records; `false` if it was not stored.
    pub fn delete_council(&self, la: LaNumber) -> Result<bool, StoreError> {
        let mut existed = false;
        self.engine.transaction(true, &mut |tx| {
            tx.lock_council(i64::from(la.get()))?;
            existed = council_exists(tx, la)?;
            delete_council_rows(tx, la)?;
            crate::workforce::delete(tx, la)?;
            crate::finance::delete(tx, la)?;
            Ok(())
        })?;
        Ok(existed)
    }
}

impl<E: Engine> Store for DbStore<E> {
    fn backend(&self) -> Backend {
        self.engine.kind()
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        let mut v = 0;
        self.engine.transaction(false, &mut |tx| {
            tx.query(
                "SELECT max(version) FROM schema_migrations",
                &[],
                &mut |row| {
                    v = match row.cell(0, schema::Ty::Int) {
                        Ok(Value::Int(n)) => u32::try_from(n).unwrap_or(u32::MAX),
                        _ => 0,
                    };
                    Ok(())
                },
            )
        })?;
        Ok(v)
    }

    fn councils(&self) -> Result<Vec<CouncilSummary>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction(false, &mut |tx| {
            out.clear();
            tx.query(
                "SELECT c.la, c.name, c.population_0_17, \
                 (SELECT count(*) FROM children ch WHERE ch.la = c.la) \
                 FROM councils c ORDER BY c.la",
                &[],
                &mut |row| {
                    let la =
                        schema::la_from(one_int(row, 0, "table councils, column la")?, "councils")?;
                    let mut r = schema::Reader::new(row, &schema::COUNCILS, "", 1);
                    let (name, population_0_17) = schema::read_council(&mut r)?;
                    let children = one_int(row, 3, "count of children")?;
                    out.push(CouncilSummary {
                        la,
                        name,
                        population_0_17,
                        children: u64::try_from(children).unwrap_or(0),
                    });
                    Ok(())
                },
            )
        })?;
        Ok(out)
    }

    fn replace_council(&self, council: &Council, progress: Progress<'_>) -> Result<(), StoreError> {
        let total = schema::council_rows(council)?;
        self.engine.transaction(true, &mut |tx| {
            let mut done = replace_header(tx, council)?;
            progress(done, total);
            for chunk in council.children.chunks(BATCH) {
                insert_children(tx, council.la, chunk, &mut done, total, progress)?;
            }
            progress(done, total);
            Ok(())
        })
    }

    fn replace_council_streaming(
        &self,
        council: &Council,
        children: &mut dyn Iterator<Item = ChildRecord>,
        progress: Progress<'_>,
    ) -> Result<(), StoreError> {
        self.engine.transaction(true, &mut |tx| {
            let header = replace_header(tx, council)?;
            let mut done = header;
            let mut batch = Vec::with_capacity(BATCH);
            let mut children_done = 0u64;
            loop {
                batch.clear();
                batch.extend((&mut *children).take(BATCH));
                if batch.is_empty() {
                    break;
                }
                children_done += batch.len() as u64;
                // Estimate the total from the rows per child so far.
                let per_child = (done - header) / children_done.max(1);
                let left = children.size_hint().0 as u64 + batch.len() as u64;
                let estimate = done + per_child.max(1) * left;
                insert_children(tx, council.la, &batch, &mut done, estimate, progress)?;
            }
            progress(done, done);
            Ok(())
        })
    }

    fn load_council(&self, la: LaNumber) -> Result<Option<Council>, StoreError> {
        let mut out = None;
        self.engine.transaction(false, &mut |tx| {
            out = None;
            let Some((name, population_0_17)) = read_council_header(tx, la)? else {
                return Ok(());
            };
            let teams = read_council_rows(tx, &schema::TEAMS, la, schema::read_team)?;
            let workers = read_council_rows(tx, &schema::WORKERS, la, schema::read_worker)?;
            let children = load_children(tx, &[la_param(la)], "")?;
            out = Some(Council {
                la,
                name,
                population_0_17,
                teams,
                workers,
                children,
            });
            Ok(())
        })?;
        Ok(out)
    }

    fn indicator_extract_seeing(
        &self,
        la: LaNumber,
        children: Option<u64>,
        see: &mut dyn FnMut(&ChildRecord),
    ) -> Result<Option<Council>, StoreError> {
        crate::extract::indicator_council(&self.engine, la, children, see)
    }

    fn child_version(&self, la: LaNumber, child: &ChildId) -> Result<Option<i64>, StoreError> {
        let mut out = None;
        self.engine.read_one(&mut |tx| {
            out = stored_version(tx, la, child)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn load_child(&self, la: LaNumber, child: &ChildId) -> Result<Option<ChildRecord>, StoreError> {
        let mut out = None;
        self.engine.transaction(false, &mut |tx| {
            let mut v = load_children(
                tx,
                &[la_param(la), text_param(child.as_str())],
                " AND child_id = $2",
            )?;
            out = v.pop();
            Ok(())
        })?;
        Ok(out)
    }

    fn save_child(&self, la: LaNumber, record: &ChildRecord) -> Result<i64, StoreError> {
        let mut new_version = 0;
        self.engine.transaction(true, &mut |tx| {
            tx.lock_council(i64::from(la.get()))?;
            if !council_exists(tx, la)? {
                return Err(StoreError::NoSuchCouncil(la));
            }
            let id = &record.child.id;
            let found = stored_version(tx, la, id)?;
            let current = found.unwrap_or(0);
            if current != record.version {
                return Err(StoreError::Conflict {
                    child: id.to_string(),
                    expected: record.version,
                    found: current,
                });
            }
            if found.is_some() {
                delete_child_rows(tx, la, id)?;
            }
            let mut saved = record.clone();
            saved.version = current + 1;
            new_version = saved.version;
            let mut done = 0;
            insert_children(
                tx,
                la,
                std::slice::from_ref(&saved),
                &mut done,
                0,
                &|_, _| {},
            )
        })?;
        Ok(new_version)
    }

    fn apply(&self, la: LaNumber, changes: &ChangeSet) -> Result<(), StoreError> {
        self.engine.transaction(true, &mut |tx| {
            let la_i = i64::from(la.get());
            tx.lock_council(la_i)?;
            if !council_exists(tx, la)? {
                let Some((name, population_0_17)) = &changes.create_council else {
                    return Err(StoreError::NoSuchCouncil(la));
                };
                let header = Council {
                    la,
                    name: name.clone(),
                    population_0_17: *population_0_17,
                    teams: vec![],
                    workers: vec![],
                    children: vec![],
                };
                tx.insert(&schema::COUNCILS, la_i, &mut |sink| {
                    schema::write_council(&header, sink)
                })?;
            }
            for t in &changes.upsert_teams {
                tx.execute(
                    "DELETE FROM teams WHERE la = $1 AND id = $2",
                    &[la_param(la), Value::Int(t.id)],
                )?;
            }
            tx.insert(&schema::TEAMS, la_i, &mut |sink| {
                changes
                    .upsert_teams
                    .iter()
                    .try_for_each(|t| schema::write_team(t, sink))
            })?;
            for w in &changes.upsert_workers {
                tx.execute(
                    "DELETE FROM workers WHERE la = $1 AND id = $2",
                    &[la_param(la), Value::Int(w.id)],
                )?;
            }
            tx.insert(&schema::WORKERS, la_i, &mut |sink| {
                changes
                    .upsert_workers
                    .iter()
                    .try_for_each(|w| schema::write_worker(w, sink))
            })?;
            for id in &changes.delete_children {
                delete_child_rows(tx, la, id)?;
            }
            let mut upserts = Vec::with_capacity(changes.upsert_children.len());
            for rec in &changes.upsert_children {
                let found = stored_version(tx, la, &rec.child.id)?;
                if found.is_some() {
                    delete_child_rows(tx, la, &rec.child.id)?;
                }
                let mut r = rec.clone();
                r.version = found.map_or(1, |v| v + 1);
                upserts.push(r);
            }
            let mut done = 0;
            insert_children(tx, la, &upserts, &mut done, 0, &|_, _| {})?;
            if let Some((source, queries)) = &changes.data_quality {
                tx.execute(
                    "DELETE FROM data_quality WHERE la = $1 AND source = $2",
                    &[la_param(la), text_param(source)],
                )?;
                if let Some(q) = queries.iter().find(|q| &q.source != source) {
                    return Err(StoreError::Database(format!(
                        "data-quality query from source {:?} given to replace source {source:?}",
                        q.source
                    )));
                }
                tx.insert(&schema::DATA_QUALITY, i64::from(la.get()), &mut |sink| {
                    queries
                        .iter()
                        .try_for_each(|q| schema::write_data_quality(q, sink))
                })?;
            }
            Ok(())
        })
    }

    fn data_quality(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
    ) -> Result<Vec<DataQualityQuery>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction(false, &mut |tx| {
            out.clear();
            let t = &schema::DATA_QUALITY;
            let mut params = vec![la_param(la)];
            let mut sql = format!("SELECT {} FROM {} WHERE la = $1", t.select_list(), t.name);
            if let Some(c) = child {
                params.push(text_param(c.as_str()));
                sql.push_str(" AND child_id = $2");
            }
            sql.push_str(" ORDER BY id");
            tx.query(&sql, &params, &mut |row| {
                out.push(schema::read_data_quality(&mut schema::Reader::new(
                    row, t, "", 0,
                ))?);
                Ok(())
            })
        })?;
        Ok(out)
    }

    fn delete_council(&self, la: LaNumber) -> Result<bool, StoreError> {
        DbStore::delete_council(self, la)
    }

    fn put_user(&self, user: &UserRecord, create: bool) -> Result<bool, StoreError> {
        let mut done = false;
        self.engine.transaction(true, &mut |tx| {
            done = access::put_user(tx, user, create)?;
            Ok(())
        })?;
        Ok(done)
    }

    fn user(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let mut out = None;
        self.engine.transaction(false, &mut |tx| {
            out = access::get_user(tx, username)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction(false, &mut |tx| {
            out = access::users(tx)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn put_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| access::put_session(tx, session))
    }

    fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let mut out = None;
        self.engine.transaction(false, &mut |tx| {
            out = access::get_session(tx, token_hash)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| access::delete_session(tx, token_hash))
    }

    fn restricted_grants(&self, la: LaNumber, child: &ChildId) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction(false, &mut |tx| {
            out = access::grants(tx, la, child)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn grant_restricted(
        &self,
        la: LaNumber,
        child: &ChildId,
        username: &str,
    ) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| access::grant(tx, la, child, username))
    }

    fn revoke_restricted(
        &self,
        la: LaNumber,
        child: &ChildId,
        username: &str,
    ) -> Result<bool, StoreError> {
        let mut out = false;
        self.engine.transaction(true, &mut |tx| {
            out = access::revoke(tx, la, child, username)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn record_break_glass(&self, event: &BreakGlass) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| access::record_break_glass(tx, event))
    }

    fn break_glass_events(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
    ) -> Result<Vec<BreakGlass>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction(false, &mut |tx| {
            out = access::break_glass_events(tx, la, child)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn append_access(&self, la: LaNumber, make: MakeEntry<'_>) -> Result<AccessEntry, StoreError> {
        let mut out = None;
        self.engine.transaction(true, &mut |tx| {
            out = Some(access::append_access(tx, la, &mut *make)?);
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::Database("internal: audit append produced no entry".into()))
    }

    fn append_access_batch(
        &self,
        la: LaNumber,
        n: usize,
        make: MakeBatchEntry<'_>,
    ) -> Result<Vec<AccessEntry>, StoreError> {
        let mut out = Vec::new();
        self.engine.transaction_first(&mut |tx| {
            out = access::append_access_batch(tx, la, n, &mut *make)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn access_log(
        &self,
        la: LaNumber,
        child: Option<&ChildId>,
        limit: Option<usize>,
    ) -> Result<Vec<AccessEntry>, StoreError> {
        let mut out = Vec::new();
        self.engine.read_one(&mut |tx| {
            out = access::access_log(tx, la, child, limit)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn save_quality(
        &self,
        la: LaNumber,
        records: &sightline_domain::quality::QualityRecords,
    ) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| crate::workforce::save(tx, la, records))
    }

    fn load_quality(
        &self,
        la: LaNumber,
    ) -> Result<sightline_domain::quality::QualityRecords, StoreError> {
        let mut out = sightline_domain::quality::QualityRecords::default();
        self.engine.transaction(false, &mut |tx| {
            out = crate::workforce::load(tx, la)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn save_improvement(
        &self,
        la: LaNumber,
        records: &sightline_domain::improvement::ImprovementRecords,
    ) -> Result<(), StoreError> {
        self.engine
            .transaction(true, &mut |tx| crate::finance::save(tx, la, records))
    }

    fn load_improvement(
        &self,
        la: LaNumber,
    ) -> Result<sightline_domain::improvement::ImprovementRecords, StoreError> {
        let mut out = sightline_domain::improvement::ImprovementRecords::default();
        self.engine.transaction(false, &mut |tx| {
            out = crate::finance::load(tx, la)?;
            Ok(())
        })?;
        Ok(out)
    }
}
