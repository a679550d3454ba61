//! Improvement plan and placement finance records (schema version 6): a
//! council's inspections (judgements, recommendations), every action plan
//! version (actions and their evidence, linked indicators and
//! recommendations), monitoring visits (findings), placement costs, budget
//! years and lines, staff cost rates and the external residential review
//! ([`ImprovementRecords`]).
//!
//! Why real tables: the finance figures are queried by child, provider
//! type, year and head, and an analyst must be able to read a placement's
//! weekly cost with SQL; money is an integer number of pence in a BIGINT
//! column, never a float, and the database itself refuses a placement cost
//! of £0 or an action with no owner (CHECK constraints) should anything
//! bypass this module. Each top-level record keeps its `pos` so a set loads
//! in the order it was saved.
//!
//! How: the whole set is replaced per council in one transaction after
//! [`ImprovementRecords::check`] passes, so a budget line for an unknown
//! year, a placement cost without a start or an action owned by nobody is
//! refused with nothing saved. Placement costs (the only large table:
//! thousands of rows per council) go in multi-row INSERTs.
//!
//! Version 4 kept each record as JSON in `improvement_records`. That table
//! is still read for a council with nothing in the new tables, so a store
//! upgraded from version 4 loses nothing; the next save moves the council
//! to the new tables and empties its old rows.
//!
//! What it deliberately does not do: compute outturns or exception reports
//! (crate `sightline-finance`). A stored value that no longer parses is
//! [`StoreError::Corrupt`], naming the table, column and value.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sightline_domain::improvement::{
    Action, ActionPlan, BudgetLine, FinancialYear, Growth, ImprovementRecords, Inspection,
    Judgement, MonitoringVisit, Pence, PlacementCost, Recommendation, ResidentialReview,
    StaffCostRate,
};
use sightline_domain::{ChildId, Date, LaNumber};

use crate::StoreError;
use crate::common::{Tx, council_exists, la_param};
use crate::schema::{RowGet, Ty, Value};

/// The tables of this module, children before parents (deletion order).
const TABLES: [&str; 13] = [
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
];

/// Rows per multi-row INSERT (7 columns × 400 stays far below both
/// backends' parameter limits).
const BATCH: usize = 400;

/// The stable code of a domain enum (its serde name).
fn code<T: Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(StoreError::Database(format!(
            "cannot encode a code: {other:?}"
        ))),
    }
}

fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

fn owned(s: String) -> Value<'static> {
    Value::Text(Cow::Owned(s))
}

fn pos(i: usize) -> Value<'static> {
    Value::Int(i64::try_from(i).unwrap_or(i64::MAX))
}

/// Insert `rows` (each starting after the `la` column) into `table`.
fn insert(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &str,
    cols: &[&str],
    rows: &[Vec<Value<'_>>],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(BATCH) {
        let mut sql = format!("INSERT INTO {table} (la, {}) VALUES ", cols.join(", "));
        let mut params: Vec<Value<'_>> = Vec::with_capacity(chunk.len() * (cols.len() + 1));
        for (r, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), cols.len());
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for k in 0..=cols.len() {
                if k > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", params.len() + 1));
                params.push(if k == 0 {
                    la_param(la)
                } else {
                    row[k - 1].clone()
                });
            }
            sql.push(')');
        }
        tx.execute(&sql, &params)?;
    }
    Ok(())
}

/// Insert one row per item of `items` into `table`, in saved order: the
/// `pos` column (the item's index) first, then `cols` as `row` gives them.
fn insert_in_order<'a, T>(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &str,
    cols: &[&str],
    items: &'a [T],
    row: impl Fn(&'a T) -> Result<Vec<Value<'a>>, StoreError>,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut cells = vec![pos(i)];
        cells.extend(row(item)?);
        rows.push(cells);
    }
    let all: Vec<&str> = std::iter::once("pos").chain(cols.iter().copied()).collect();
    insert(tx, la, table, &all, &rows)
}

/// Replace council `la`'s records. Refuses, changing nothing, an unknown
/// council or records that fail [`ImprovementRecords::check`].
pub(crate) fn save(
    tx: &mut dyn Tx,
    la: LaNumber,
    records: &ImprovementRecords,
) -> Result<(), StoreError> {
    records
        .check()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    tx.lock_council(i64::from(la.get()))?;
    if !council_exists(tx, la)? {
        return Err(StoreError::NoSuchCouncil(la));
    }
    delete(tx, la)?;
    let r = records;

    let (mut insp, mut judg, mut recs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, x) in r.inspections.iter().enumerate() {
        insp.push(vec![
            pos(i),
            Value::Int(x.id),
            owned(code(&x.kind)?),
            Value::Date(x.date),
        ]);
        for (k, j) in x.judgements.iter().enumerate() {
            judg.push(vec![
                Value::Int(x.id),
                pos(k),
                owned(code(&j.area)?),
                owned(code(&j.grade)?),
            ]);
        }
        for (k, rec) in x.recommendations.iter().enumerate() {
            recs.push(vec![
                Value::Int(x.id),
                pos(k),
                text(&rec.id),
                text(&rec.text),
            ]);
        }
    }
    insert(
        tx,
        la,
        "improvement_inspections",
        &["pos", "id", "kind", "inspected"],
        &insp,
    )?;
    insert(
        tx,
        la,
        "improvement_judgements",
        &["inspection_id", "pos", "area", "grade"],
        &judg,
    )?;
    insert(
        tx,
        la,
        "improvement_recommendations",
        &["inspection_id", "pos", "rec_id", "text"],
        &recs,
    )?;

    let (mut plans, mut actions, mut links) = (Vec::new(), Vec::new(), Vec::new());
    for (i, p) in r.plans.iter().enumerate() {
        let (y, v) = (
            Value::Int(i64::from(p.year.0)),
            Value::Int(i64::from(p.version)),
        );
        plans.push(vec![
            pos(i),
            y.clone(),
            v.clone(),
            Value::Date(p.agreed),
            Value::Int(p.inspection),
        ]);
        for (k, a) in p.actions.iter().enumerate() {
            actions.push(vec![
                y.clone(),
                v.clone(),
                pos(k),
                text(&a.id),
                owned(code(&a.theme)?),
                text(&a.description),
                text(&a.owner),
                Value::Date(a.due),
                owned(code(&a.status)?),
                owned(code(&a.rag)?),
            ]);
            for (kind, list) in [
                ("evidence", &a.evidence),
                ("indicator", &a.indicators),
                ("recommendation", &a.recommendations),
            ] {
                for (n, value) in list.iter().enumerate() {
                    links.push(vec![
                        y.clone(),
                        v.clone(),
                        text(&a.id),
                        text(kind),
                        pos(n),
                        text(value),
                    ]);
                }
            }
        }
    }
    insert(
        tx,
        la,
        "improvement_plans",
        &["pos", "year", "version", "agreed", "inspection_id"],
        &plans,
    )?;
    insert(
        tx,
        la,
        "improvement_actions",
        &[
            "year",
            "version",
            "pos",
            "action_id",
            "theme",
            "description",
            "owner",
            "due",
            "status",
            "rag",
        ],
        &actions,
    )?;
    insert(
        tx,
        la,
        "improvement_action_links",
        &["year", "version", "action_id", "kind", "pos", "value"],
        &links,
    )?;

    let (mut visits, mut findings) = (Vec::new(), Vec::new());
    for (i, v) in r.visits.iter().enumerate() {
        visits.push(vec![
            pos(i),
            Value::Int(v.id),
            Value::Date(v.date),
            text(&v.focus),
        ]);
        for (k, f) in v.findings.iter().enumerate() {
            findings.push(vec![Value::Int(v.id), pos(k), text(f)]);
        }
    }
    insert(
        tx,
        la,
        "monitoring_visits",
        &["pos", "id", "visited", "focus"],
        &visits,
    )?;
    insert(
        tx,
        la,
        "monitoring_visit_findings",
        &["visit_id", "pos", "finding"],
        &findings,
    )?;

    insert_in_order(
        tx,
        la,
        "placement_costs",
        &[
            "child_id",
            "provider",
            "provider_name",
            "start_date",
            "end_date",
            "weekly_pence",
        ],
        &r.placement_costs,
        |c| {
            Ok(vec![
                text(c.child.as_str()),
                owned(code(&c.provider)?),
                c.provider_name.as_deref().map_or(Value::Null, text),
                Value::Date(c.start),
                c.end.map_or(Value::Null, Value::Date),
                Value::Int(c.weekly.0),
            ])
        },
    )?;
    insert_in_order(tx, la, "budget_years", &["year"], &r.budget_years, |y| {
        Ok(vec![Value::Int(i64::from(y.0))])
    })?;
    insert_in_order(
        tx,
        la,
        "budget_lines",
        &[
            "year",
            "head",
            "budget_pence",
            "spent_pence",
            "spent_as_of",
            "growth_kind",
            "growth_value",
        ],
        &r.budget_lines,
        |l| {
            let (kind, value) = match l.growth {
                Growth::None => ("none", Value::Int(0)),
                Growth::Amount { pence } => ("amount", Value::Int(pence)),
                Growth::Percent { basis_points } => ("percent", Value::Int(basis_points)),
            };
            Ok(vec![
                Value::Int(i64::from(l.year.0)),
                owned(code(&l.head)?),
                Value::Int(l.budget.0),
                Value::Int(l.spent_to_date.0),
                Value::Date(l.spent_as_of),
                text(kind),
                value,
            ])
        },
    )?;
    insert_in_order(
        tx,
        la,
        "staff_cost_rates",
        &["role", "employment", "annual_pence"],
        &r.staff_rates,
        |s| {
            Ok(vec![
                owned(code(&s.role)?),
                owned(code(&s.employment)?),
                Value::Int(s.annual_per_fte.0),
            ])
        },
    )?;
    insert_in_order(
        tx,
        la,
        "residential_reviews",
        &["child_id", "plan", "target", "weekly_after_pence"],
        &r.residential_reviews,
        |v| {
            Ok(vec![
                text(v.child.as_str()),
                owned(code(&v.plan)?),
                v.target.map_or(Value::Null, Value::Date),
                Value::Int(v.weekly_after.0),
            ])
        },
    )?;
    Ok(())
}

/// Delete council `la`'s records (new tables and the version 4 rows).
pub(crate) fn delete(tx: &mut dyn Tx, la: LaNumber) -> Result<u64, StoreError> {
    let mut n = 0;
    for t in TABLES {
        n += tx.execute(&format!("DELETE FROM {t} WHERE la = $1"), &[la_param(la)])?;
    }
    n += tx.execute(
        "DELETE FROM improvement_records WHERE la = $1",
        &[la_param(la)],
    )?;
    Ok(n)
}

/// Reads typed cells of one row of `table`, naming table and column in errors.
struct Cells<'r> {
    row: &'r dyn RowGet,
    table: &'static str,
    cols: &'static [&'static str],
}

impl Cells<'_> {
    fn bad(&self, i: usize, what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(format!(
            "table {}, column {}: {what}",
            self.table,
            self.cols.get(i).copied().unwrap_or("?")
        ))
    }
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        match self.row.cell(i, Ty::Int) {
            Ok(Value::Int(v)) => Ok(v),
            Ok(other) => Err(self.bad(i, format!("expected a whole number, found {other:?}"))),
            Err(e) => Err(self.bad(i, e)),
        }
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.row.cell(i, Ty::Text) {
            Ok(Value::Text(s)) => Ok(Some(s.into_owned())),
            Ok(Value::Null) => Ok(None),
            Ok(other) => Err(self.bad(i, format!("expected text, found {other:?}"))),
            Err(e) => Err(self.bad(i, e)),
        }
    }
    fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?
            .ok_or_else(|| self.bad(i, "expected text, found NULL"))
    }
    fn opt_date(&self, i: usize) -> Result<Option<Date>, StoreError> {
        match self.row.cell(i, Ty::Date) {
            Ok(Value::Date(d)) => Ok(Some(d)),
            Ok(Value::Null) => Ok(None),
            Ok(other) => Err(self.bad(i, format!("expected a date, found {other:?}"))),
            Err(e) => Err(self.bad(i, e)),
        }
    }
    fn date(&self, i: usize) -> Result<Date, StoreError> {
        self.opt_date(i)?
            .ok_or_else(|| self.bad(i, "expected a date, found NULL"))
    }
    fn code<T: DeserializeOwned>(&self, i: usize) -> Result<T, StoreError> {
        let s = self.text(i)?;
        serde_json::from_value(serde_json::Value::String(s.clone()))
            .map_err(|_| self.bad(i, format!("{s:?} is not a known code")))
    }
    fn child(&self, i: usize) -> Result<ChildId, StoreError> {
        let s = self.text(i)?;
        ChildId::parse(&s).map_err(|e| self.bad(i, e))
    }
    fn u32(&self, i: usize) -> Result<u32, StoreError> {
        let v = self.int(i)?;
        u32::try_from(v).map_err(|_| self.bad(i, format!("{v} is out of range")))
    }
    fn year(&self, i: usize) -> Result<FinancialYear, StoreError> {
        let v = self.int(i)?;
        i32::try_from(v)
            .map(FinancialYear)
            .map_err(|_| self.bad(i, format!("{v} is not a year")))
    }
}

/// Run `sql` for council `la`, reading each row with `each`.
fn select(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &'static str,
    cols: &'static [&'static str],
    order: &str,
    each: &mut dyn FnMut(&Cells) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT {} FROM {table} WHERE la = $1 ORDER BY {order}",
        cols.join(", ")
    );
    tx.query(&sql, &[la_param(la)], &mut |row| {
        each(&Cells { row, table, cols })
    })
}

/// Every row of `table` for council `la` in saved order (`pos`), each read
/// by `read`.
fn select_in_order<T>(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &'static str,
    cols: &'static [&'static str],
    read: impl Fn(&Cells) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    select(tx, la, table, cols, "pos", &mut |c| {
        out.push(read(c)?);
        Ok(())
    })?;
    Ok(out)
}

/// Each item's position in `items`, by `key`.
fn positions<T, K: Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> HashMap<K, usize> {
    items.iter().enumerate().map(|(i, x)| (key(x), i)).collect()
}

/// A stored row of `table` whose parent (`what`) is not stored.
fn orphan(table: &str, what: String) -> StoreError {
    StoreError::Corrupt(format!("table {table}: {what} belongs to no stored record"))
}

/// The rows of a child `table` whose first column is the id of a `parent`
/// record at a position in `index`, in `order`; each goes to `each` with
/// that position. A row whose parent is not stored is [`StoreError::Corrupt`].
fn select_children(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &'static str,
    cols: &'static [&'static str],
    order: &str,
    (parent, index): (&str, &HashMap<i64, usize>),
    each: &mut dyn FnMut(usize, &Cells) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    select(tx, la, table, cols, order, &mut |c| {
        let id = c.int(0)?;
        let i = *index
            .get(&id)
            .ok_or_else(|| orphan(table, format!("{parent} {id}")))?;
        each(i, c)
    })
}

/// Council `la`'s records in the order saved (empty lists when none).
pub(crate) fn load(tx: &mut dyn Tx, la: LaNumber) -> Result<ImprovementRecords, StoreError> {
    let mut inspections = select_in_order(
        tx,
        la,
        "improvement_inspections",
        &["id", "kind", "inspected"],
        |c| {
            Ok(Inspection {
                id: c.int(0)?,
                kind: c.code(1)?,
                date: c.date(2)?,
                judgements: Vec::new(),
                recommendations: Vec::new(),
            })
        },
    )?;
    let index = positions(&inspections, |x| x.id);
    select_children(
        tx,
        la,
        "improvement_judgements",
        &["inspection_id", "area", "grade"],
        "inspection_id, pos",
        ("inspection", &index),
        &mut |i, c| {
            inspections[i].judgements.push(Judgement {
                area: c.code(1)?,
                grade: c.code(2)?,
            });
            Ok(())
        },
    )?;
    select_children(
        tx,
        la,
        "improvement_recommendations",
        &["inspection_id", "rec_id", "text"],
        "inspection_id, pos",
        ("inspection", &index),
        &mut |i, c| {
            inspections[i].recommendations.push(Recommendation {
                id: c.text(1)?,
                text: c.text(2)?,
            });
            Ok(())
        },
    )?;

    let mut plans = select_in_order(
        tx,
        la,
        "improvement_plans",
        &["year", "version", "agreed", "inspection_id"],
        |c| {
            Ok(ActionPlan {
                year: c.year(0)?,
                version: c.u32(1)?,
                agreed: c.date(2)?,
                inspection: c.int(3)?,
                actions: Vec::new(),
            })
        },
    )?;
    let plan_index = positions(&plans, |p| (p.year.0, p.version));
    select(
        tx,
        la,
        "improvement_actions",
        &[
            "year",
            "version",
            "action_id",
            "theme",
            "description",
            "owner",
            "due",
            "status",
            "rag",
        ],
        "year, version, pos",
        &mut |c| {
            let key = (c.year(0)?.0, c.u32(1)?);
            let i = *plan_index.get(&key).ok_or_else(|| {
                orphan(
                    "improvement_actions",
                    format!("plan {} version {}", key.0, key.1),
                )
            })?;
            plans[i].actions.push(Action {
                id: c.text(2)?,
                theme: c.code(3)?,
                description: c.text(4)?,
                owner: c.text(5)?,
                due: c.date(6)?,
                status: c.code(7)?,
                rag: c.code(8)?,
                evidence: Vec::new(),
                indicators: Vec::new(),
                recommendations: Vec::new(),
            });
            Ok(())
        },
    )?;
    let mut action_index: HashMap<(i32, u32, String), (usize, usize)> = HashMap::new();
    for (i, p) in plans.iter().enumerate() {
        for (k, a) in p.actions.iter().enumerate() {
            action_index.insert((p.year.0, p.version, a.id.clone()), (i, k));
        }
    }
    select(
        tx,
        la,
        "improvement_action_links",
        &["year", "version", "action_id", "kind", "value"],
        "year, version, action_id, kind, pos",
        &mut |c| {
            let key = (c.year(0)?.0, c.u32(1)?, c.text(2)?);
            let &(i, k) = action_index.get(&key).ok_or_else(|| {
                orphan(
                    "improvement_action_links",
                    format!("action {} of plan {} version {}", key.2, key.0, key.1),
                )
            })?;
            let a = &mut plans[i].actions[k];
            let value = c.text(4)?;
            match c.text(3)?.as_str() {
                "evidence" => a.evidence.push(value),
                "indicator" => a.indicators.push(value),
                "recommendation" => a.recommendations.push(value),
                other => return Err(c.bad(3, format!("{other:?} is not a kind of link"))),
            }
            Ok(())
        },
    )?;

    let mut visits = select_in_order(
        tx,
        la,
        "monitoring_visits",
        &["id", "visited", "focus"],
        |c| {
            Ok(MonitoringVisit {
                id: c.int(0)?,
                date: c.date(1)?,
                focus: c.text(2)?,
                findings: Vec::new(),
            })
        },
    )?;
    let visit_index = positions(&visits, |v| v.id);
    select_children(
        tx,
        la,
        "monitoring_visit_findings",
        &["visit_id", "finding"],
        "visit_id, pos",
        ("visit", &visit_index),
        &mut |i, c| {
            visits[i].findings.push(c.text(1)?);
            Ok(())
        },
    )?;

    let placement_costs = select_in_order(
        tx,
        la,
        "placement_costs",
        &[
            "child_id",
            "provider",
            "provider_name",
            "start_date",
            "end_date",
            "weekly_pence",
        ],
        |c| {
            Ok(PlacementCost {
                child: c.child(0)?,
                provider: c.code(1)?,
                provider_name: c.opt_text(2)?,
                start: c.date(3)?,
                end: c.opt_date(4)?,
                weekly: Pence(c.int(5)?),
            })
        },
    )?;
    let budget_years = select_in_order(tx, la, "budget_years", &["year"], |c| c.year(0))?;
    let budget_lines = select_in_order(
        tx,
        la,
        "budget_lines",
        &[
            "year",
            "head",
            "budget_pence",
            "spent_pence",
            "spent_as_of",
            "growth_kind",
            "growth_value",
        ],
        |c| {
            let value = c.int(6)?;
            let growth = match c.text(5)?.as_str() {
                "none" => Growth::None,
                "amount" => Growth::Amount { pence: value },
                "percent" => Growth::Percent {
                    basis_points: value,
                },
                other => return Err(c.bad(5, format!("{other:?} is not a kind of growth"))),
            };
            Ok(BudgetLine {
                year: c.year(0)?,
                head: c.code(1)?,
                budget: Pence(c.int(2)?),
                spent_to_date: Pence(c.int(3)?),
                spent_as_of: c.date(4)?,
                growth,
            })
        },
    )?;
    let staff_rates = select_in_order(
        tx,
        la,
        "staff_cost_rates",
        &["role", "employment", "annual_pence"],
        |c| {
            Ok(StaffCostRate {
                role: c.code(0)?,
                employment: c.code(1)?,
                annual_per_fte: Pence(c.int(2)?),
            })
        },
    )?;
    let residential_reviews = select_in_order(
        tx,
        la,
        "residential_reviews",
        &["child_id", "plan", "target", "weekly_after_pence"],
        |c| {
            Ok(ResidentialReview {
                child: c.child(0)?,
                plan: c.code(1)?,
                target: c.opt_date(2)?,
                weekly_after: Pence(c.int(3)?),
            })
        },
    )?;
    let out = ImprovementRecords {
        inspections,
        plans,
        visits,
        placement_costs,
        budget_years,
        budget_lines,
        staff_rates,
        residential_reviews,
    };
    if out == ImprovementRecords::default() {
        return load_version_4(tx, la);
    }
    Ok(out)
}

fn parse_json<T: DeserializeOwned>(kind: &str, pos: i64, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|e| {
        StoreError::Corrupt(format!(
            "table improvement_records, {kind} record {pos}: {e}"
        ))
    })
}

/// Records saved before schema version 6, one JSON document per record.
fn load_version_4(tx: &mut dyn Tx, la: LaNumber) -> Result<ImprovementRecords, StoreError> {
    let mut out = ImprovementRecords::default();
    select(
        tx,
        la,
        "improvement_records",
        &["kind", "pos", "body"],
        "kind, pos",
        &mut |c| {
            let (kind, pos, body) = (c.text(0)?, c.int(1)?, c.text(2)?);
            match kind.as_str() {
                "inspection" => out.inspections.push(parse_json(&kind, pos, &body)?),
                "plan" => out.plans.push(parse_json(&kind, pos, &body)?),
                "visit" => out.visits.push(parse_json(&kind, pos, &body)?),
                "placement_cost" => out.placement_costs.push(parse_json(&kind, pos, &body)?),
                "budget_year" => out.budget_years.push(parse_json(&kind, pos, &body)?),
                "budget_line" => out.budget_lines.push(parse_json(&kind, pos, &body)?),
                "staff_rate" => out.staff_rates.push(parse_json(&kind, pos, &body)?),
                "residential_review" => {
                    out.residential_reviews.push(parse_json(&kind, pos, &body)?)
                }
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "table improvement_records, record {pos}: unknown kind {other:?}"
                    )));
                }
            }
            Ok(())
        },
    )?;
    Ok(out)
}
