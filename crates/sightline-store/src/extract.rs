//! The indicator extract: a council's records as the indicator engine reads
//! them, and nothing more, for runs over many councils.
//!
//! Why: `load_council` reads every table of a council so that the web app
//! and the returns get the whole record. The indicators read only some of
//! it — not the contacts, statutory visits, CIN plans, missing episodes,
//! family group conferences, safety plans, previous permanence, disabilities
//! or assessment factors, which together are well over half of a council's
//! rows (a Middlesbrough-size council: about 240,000 of 372,000). An England
//! run (150 councils, about 12 million children aged 0–17) spends most of
//! its time reading rows, so this extract reads only the tables the engine
//! uses, with one query per table per council (never a query per child),
//! ordered by child so each row is attached to its child by a moving cursor
//! instead of a lookup, and [`for_each_indicator_council`] reads several
//! councils at once on separate connections (SQLite in WAL mode and
//! PostgreSQL both serve concurrent readers), handing each council to the
//! caller while the next is read.
//!
//! Each child comes from its facts ([`crate::facts`]: one compact value per
//! child, written with its rows) — one row per child instead of about ten.
//! A council whose facts are not all there (an upgraded store before its
//! facts are built) is read from the rows of each table instead; both paths
//! give the same `Council`, which the store's tests check.
//!
//! Nor does it read what identifies a child and no figure uses: each
//! child's names are left empty and its UPNs `None` (see
//! `schema::Reader::without_identity`), on both paths. Copying and checking
//! them was a tenth of an England extract, and a figures-only read has no
//! need to carry them.
//!
//! What it deliberately does not do: change the domain types. The extract is
//! a [`Council`] whose skipped lists are empty; it is for computing figures,
//! never for editing or exporting (saving it would drop the skipped
//! records). The indicator crate's tests compute every figure both from
//! `load_council` and from this extract and require them equal, so an
//! indicator that starts reading a skipped table fails there.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use sightline_domain::{ChildRecord, Council, LaNumber};

use crate::common::{
    Engine, Tx, facts_pending, la_param, one_int, read_council_header, read_council_rows,
};
use crate::facts;
use crate::schema::{self, CHILD_TABLES, ChildTable};
use crate::{Store, StoreError};

/// Child tables the indicator engine never reads; [`indicator_council`]
/// leaves their lists empty.
pub const SKIPPED_TABLES: &[&str] = &[
    "child_disabilities",
    "contacts",
    "assessment_factors",
    "cin_plans",
    "visits",
    "missing",
    "previous_permanence",
    "family_group_conferences",
    "safety_plans",
];

/// The child tables the indicators read (all but [`SKIPPED_TABLES`]), each
/// with its index in `CHILD_TABLES`, in that order: worked out once, as the
/// facts codec walks this list for every child.
pub(crate) fn indicator_tables() -> &'static [(usize, &'static ChildTable)] {
    static TABLES: OnceLock<Vec<(usize, &'static ChildTable)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        CHILD_TABLES
            .iter()
            .enumerate()
            .filter(|(_, ct)| !SKIPPED_TABLES.contains(&ct.table.name))
            .collect()
    })
}

/// Council `la` with the records the indicators read (see the module docs),
/// in one read transaction: the header, the workers (for the workforce
/// figures; teams are skipped), the children and each child table the
/// indicators use, one query each.
pub(crate) fn indicator_council<E: Engine>(
    engine: &E,
    la: LaNumber,
    children: Option<u64>,
    see: &mut dyn FnMut(&ChildRecord),
) -> Result<Option<Council>, StoreError> {
    let mut out = None;
    let postgres = engine.kind() == crate::Backend::Postgres;
    engine.transaction(false, &mut |tx| {
        if postgres {
            // Each query reads one council's rows by index: starting
            // parallel workers and compiling with JIT for it cost more than
            // the query (measured: 2 workers + 23 ms of JIT per query).
            tx.execute("SET LOCAL max_parallel_workers_per_gather = 0", &[])?;
            tx.execute("SET LOCAL jit = off", &[])?;
        }
        out = read(tx, la, children, see)?;
        Ok(())
    })?;
    Ok(out)
}

fn read(
    tx: &mut dyn Tx,
    la: LaNumber,
    counted: Option<u64>,
    see: &mut dyn FnMut(&ChildRecord),
) -> Result<Option<Council>, StoreError> {
    let Some((name, population_0_17)) = read_council_header(tx, la)? else {
        return Ok(None);
    };
    let workers = read_council_rows(tx, &schema::WORKERS, la, schema::read_worker)?;
    let children = match read_facts(tx, la, counted, see)? {
        Some(children) => children,
        None => read_rows(tx, la)?,
    };
    Ok(Some(Council {
        la,
        name,
        population_0_17,
        teams: vec![],
        workers,
        children,
    }))
}

/// The council's children from their facts ([`crate::facts`]): one row per
/// child, each handed to `see` as it is read while they come in child id
/// order (the order of a load; see [`crate::Store::indicator_extract_seeing`]).
/// `None` when the council's facts are not all there (a store
/// upgraded from schema 6 whose facts are still to be built, or facts
/// missing for some child) — or not as many as `counted`, the caller's
/// count of the council's children when it has one — so the caller reads
/// the rows instead.
fn read_facts(
    tx: &mut dyn Tx,
    la: LaNumber,
    counted: Option<u64>,
    see: &mut dyn FnMut(&ChildRecord),
) -> Result<Option<Vec<ChildRecord>>, StoreError> {
    let la_i = i64::from(la.get());
    if facts_pending(tx, la_i)? {
        return Ok(None);
    }
    // Counting a council's children is a scan of them (on PostgreSQL
    // about 5 % of the server's work in an England run): skipped when the
    // caller has just counted them.
    let stored = match counted.and_then(|n| i64::try_from(n).ok()) {
        Some(n) => n,
        None => count_children(tx, la)?,
    };
    let mut children: Vec<ChildRecord> = Vec::with_capacity(usize::try_from(stored).unwrap_or(0));
    // In storage order, which is child order after a load; the sort below
    // is linear on sorted input.
    let mut in_order = true;
    tx.each_child_facts(la_i, &mut |id, bytes| {
        facts::decode_onto(id, bytes, &mut children)?;
        if let Some(rec) = children.last_mut() {
            rec.sort();
        }
        if let [.., before, rec] = children.as_slice() {
            in_order &= before.child.id < rec.child.id;
        }
        if let (true, Some(rec)) = (in_order, children.last()) {
            see(rec);
        }
        Ok(())
    })?;
    if children.len() as i64 != stored {
        tracing::warn!(
            la = la.get(),
            children = stored,
            facts = children.len(),
            "indicator facts not as many as the council's children: reading its rows instead"
        );
        return Ok(None);
    }
    children.sort_by(|a, b| a.child.id.cmp(&b.child.id));
    Ok(Some(children))
}

/// How many children council `la` holds.
fn count_children(tx: &mut dyn Tx, la: LaNumber) -> Result<i64, StoreError> {
    let mut n = 0i64;
    tx.query(
        "SELECT count(*) FROM children WHERE la = $1",
        &[la_param(la)],
        &mut |row| {
            n = one_int(row, 0, "count of children")?;
            Ok(())
        },
    )?;
    Ok(n)
}

/// The council's children from the rows of each table the indicators read.
fn read_rows(tx: &mut dyn Tx, la: LaNumber) -> Result<Vec<ChildRecord>, StoreError> {
    // Children in child id order; `ids[i]` is the stored id of `children[i]`.
    let mut children: Vec<ChildRecord> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let t = &schema::CHILDREN;
    tx.query(
        &format!(
            "SELECT {} FROM {} WHERE la = $1 ORDER BY child_id",
            t.select_list(),
            t.name
        ),
        &[la_param(la)],
        &mut |row| {
            let id = schema::read_child_id(row, t)?;
            let child = schema::parse_child_id(&id, t)?;
            let mut r = schema::child_reader(row, &id).without_identity();
            children.push(schema::read_child(&mut r, child)?);
            ids.push(id);
            Ok(())
        },
    )?;
    // Only needed when the database's ordering of child ids differs from
    // Rust's byte order (a PostgreSQL collation other than "C").
    let mut index: Option<HashMap<String, usize>> = None;
    for &(_, ct) in indicator_tables() {
        let t = ct.table;
        let mut cursor = 0usize;
        tx.query(
            &format!(
                "SELECT {} FROM {} WHERE la = $1 ORDER BY child_id, {}",
                t.select_list(),
                t.name,
                t.order
            ),
            &[la_param(la)],
            &mut |row| {
                let id = schema::read_child_id(row, t)?;
                // Rows arrive grouped by child in the children's order:
                // move the cursor forward to this row's child.
                while cursor < ids.len() && ids[cursor].as_str() < id.as_str() {
                    cursor += 1;
                }
                let i = if ids.get(cursor).is_some_and(|c| *c == id) {
                    cursor
                } else {
                    let map = index.get_or_insert_with(|| {
                        ids.iter()
                            .enumerate()
                            .map(|(i, s)| (s.clone(), i))
                            .collect()
                    });
                    let Some(&i) = map.get(&id) else {
                        return Err(StoreError::Corrupt(format!(
                            "table {}: rows for child {id}, who is not in table children",
                            t.name
                        )));
                    };
                    cursor = 0;
                    i
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

/// Read councils `las` with [`Store::indicator_extract`], `readers` at a
/// time on separate connections, and hand each to `each` on the thread that
/// read it, as soon as it is read (so reading one council overlaps the
/// caller's work on another, and at most `readers` councils are held at
/// once). `sizes[i]` is council `las[i]`'s number of children as
/// [`Store::councils`] counted them: the largest are read first, so no large
/// council is left to run alone at the end, and each council is spared a
/// count of its children (a count that no longer holds only makes that
/// council read from its rows); without sizes (`&[]`) they are read in
/// order and each counted. Returns
/// `each`'s results in the order of `las`. Stops at the first error; a
/// council missing from the store is `NoSuchCouncil`.
pub fn for_each_indicator_council<T: Send>(
    store: &dyn Store,
    las: &[LaNumber],
    sizes: &[u64],
    readers: usize,
    each: &(dyn Fn(Council) -> T + Sync),
) -> Result<Vec<T>, StoreError> {
    for_each_indicator_council_seeing(store, las, sizes, readers, &|_| (), &|_, _| {}, &|c, ()| {
        each(c)
    })
}

/// As [`for_each_indicator_council`], and while each council is read, each
/// child is handed to `see` with the council's own state (made by
/// `start(size)`, `size` as in `sizes` or 0) as it is read — see
/// [`Store::indicator_extract_seeing`] — and the state is then given to
/// `each` with the council.
pub fn for_each_indicator_council_seeing<S, T: Send>(
    store: &dyn Store,
    las: &[LaNumber],
    sizes: &[u64],
    readers: usize,
    start: &(dyn Fn(u64) -> S + Sync),
    see: &(dyn Fn(&mut S, &ChildRecord) + Sync),
    each: &(dyn Fn(Council, S) -> T + Sync),
) -> Result<Vec<T>, StoreError> {
    let mut order: Vec<usize> = (0..las.len()).collect();
    let counted = sizes.len() == las.len();
    if counted {
        order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..las.len()).map(|_| None).collect());
    let failed: Mutex<Option<StoreError>> = Mutex::new(None);
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let la = las[i];
            if failed.lock().map(|f| f.is_some()).unwrap_or(true) {
                break;
            }
            let mut state = start(sizes.get(i).copied().unwrap_or(0));
            let result = store
                .indicator_extract_seeing(la, counted.then(|| sizes[i]), &mut |child| {
                    see(&mut state, child)
                })
                .and_then(|c| c.ok_or(StoreError::NoSuchCouncil(la)));
            match result {
                Ok(council) => {
                    let t = each(council, state);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(t);
                    }
                }
                Err(e) => {
                    if let Ok(mut f) = failed.lock() {
                        f.get_or_insert(e);
                    }
                    break;
                }
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..readers.max(1) {
            s.spawn(work);
        }
        work();
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(e);
    }
    let results = results
        .into_inner()
        .map_err(|_| StoreError::Database("a reader thread panicked".into()))?;
    results
        .into_iter()
        .zip(las)
        .map(|(r, la)| r.ok_or(StoreError::NoSuchCouncil(*la)))
        .collect()
}
