//! Improvement plan and placement finance records (schema version 4): a
//! council's inspections, action plan versions, monitoring visits,
//! placement costs, budget years and lines, staff cost rates and external
//! residential review ([`ImprovementRecords`]).
//!
//! Why this shape: like the workforce records, these are few (hundreds per
//! council) and their forms are still growing, so each is one row of JSON
//! (money as integer pence) keyed by council, kind and position, which keeps
//! the saved order. The whole set is replaced per council in one
//! transaction after [`ImprovementRecords::check`] passes, so a budget line
//! for an unknown year or an action owned by nobody is refused with nothing
//! saved.
//!
//! What it deliberately does not do: compute outturns or exception reports
//! (crate `sightline-finance`). A row that no longer parses is reported as
//! [`StoreError::Corrupt`], naming its kind and position.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sightline_domain::LaNumber;
use sightline_domain::improvement::ImprovementRecords;

use crate::StoreError;
use crate::common::{Tx, council_exists, la_param};
use crate::schema::{Ty, Value};

fn rows<T: Serialize>(
    kind: &'static str,
    items: &[T],
    out: &mut Vec<(&'static str, i64, String)>,
) -> Result<(), StoreError> {
    for (pos, it) in items.iter().enumerate() {
        let body = serde_json::to_string(it)
            .map_err(|e| StoreError::Database(format!("cannot encode {kind} record: {e}")))?;
        out.push((kind, i64::try_from(pos).unwrap_or(i64::MAX), body));
    }
    Ok(())
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
    let mut all = Vec::new();
    rows("inspection", &records.inspections, &mut all)?;
    rows("plan", &records.plans, &mut all)?;
    rows("visit", &records.visits, &mut all)?;
    rows("placement_cost", &records.placement_costs, &mut all)?;
    rows("budget_year", &records.budget_years, &mut all)?;
    rows("budget_line", &records.budget_lines, &mut all)?;
    rows("staff_rate", &records.staff_rates, &mut all)?;
    rows("residential_review", &records.residential_reviews, &mut all)?;
    delete(tx, la)?;
    for (kind, pos, body) in &all {
        tx.execute(
            "INSERT INTO improvement_records (la, kind, pos, body) VALUES ($1, $2, $3, $4)",
            &[
                la_param(la),
                Value::Text(Cow::Borrowed(kind)),
                Value::Int(*pos),
                Value::Text(Cow::Borrowed(body)),
            ],
        )?;
    }
    Ok(())
}

/// Delete council `la`'s records.
pub(crate) fn delete(tx: &mut dyn Tx, la: LaNumber) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM improvement_records WHERE la = $1",
        &[la_param(la)],
    )
}

fn parse<T: DeserializeOwned>(kind: &str, pos: i64, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|e| {
        StoreError::Corrupt(format!(
            "table improvement_records, {kind} record {pos}: {e}"
        ))
    })
}

/// Council `la`'s records in the order saved (empty lists when none).
pub(crate) fn load(tx: &mut dyn Tx, la: LaNumber) -> Result<ImprovementRecords, StoreError> {
    let mut out = ImprovementRecords::default();
    tx.query(
        "SELECT kind, pos, body FROM improvement_records WHERE la = $1 ORDER BY kind, pos",
        &[la_param(la)],
        &mut |row| {
            let text = |i: usize| match row.cell(i, Ty::Text) {
                Ok(Value::Text(s)) => Ok(s.into_owned()),
                other => Err(StoreError::Corrupt(format!(
                    "table improvement_records, column {i}: expected text, found {other:?}"
                ))),
            };
            let kind = text(0)?;
            let pos = match row.cell(1, Ty::Int) {
                Ok(Value::Int(v)) => v,
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "table improvement_records, column pos: expected a whole number, found {other:?}"
                    )));
                }
            };
            let body = text(2)?;
            match kind.as_str() {
                "inspection" => out.inspections.push(parse(&kind, pos, &body)?),
                "plan" => out.plans.push(parse(&kind, pos, &body)?),
                "visit" => out.visits.push(parse(&kind, pos, &body)?),
                "placement_cost" => out.placement_costs.push(parse(&kind, pos, &body)?),
                "budget_year" => out.budget_years.push(parse(&kind, pos, &body)?),
                "budget_line" => out.budget_lines.push(parse(&kind, pos, &body)?),
                "staff_rate" => out.staff_rates.push(parse(&kind, pos, &body)?),
                "residential_review" => out.residential_reviews.push(parse(&kind, pos, &body)?),
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
