//! Workforce and quality-assurance records (schema version 3): a council's
//! funded posts, working patterns, leave, case file audits, team health
//! checks, VEMT considerations, children's homes and transfer rules
//! ([`sightline_domain::quality::QualityRecords`]).
//!
//! Why this shape: the records are small in number (hundreds per council,
//! against hundreds of thousands of child rows) and their forms are still
//! growing, so each is one row of JSON keyed by council, kind and id rather
//! than a table per form. Both backends store them identically; the whole
//! set is replaced per council in one transaction, so a refused save leaves
//! the previous set exactly as it was. The operations are written once over
//! [`Tx`] like the rest of the store.
//!
//! What it deliberately does not do: validate the records against the
//! council (an audit by the case's own manager, overlapping employment,
//! a rota leaving a team with nobody): callers check with
//! `QualityRecords::check` and `sightline_workforce::rota::check_cover`
//! before saving. A record that no longer parses is reported as
//! [`StoreError::Corrupt`], naming its kind and id.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sightline_domain::LaNumber;
use sightline_domain::quality::QualityRecords;

use crate::StoreError;
use crate::common::{Tx, council_exists, la_param};
use crate::schema::{Ty, Value};

fn rows<T: Serialize>(
    kind: &'static str,
    items: &[T],
    id: impl Fn(&T) -> i64,
    out: &mut Vec<(&'static str, i64, String)>,
) -> Result<(), StoreError> {
    for it in items {
        let body = serde_json::to_string(it)
            .map_err(|e| StoreError::Database(format!("cannot encode {kind} record: {e}")))?;
        out.push((kind, id(it), body));
    }
    Ok(())
}

/// Replace council `la`'s records with `records`. Refuses (changing
/// nothing) when the council does not exist or two records of one kind
/// share an id.
pub(crate) fn save(
    tx: &mut dyn Tx,
    la: LaNumber,
    records: &QualityRecords,
) -> Result<(), StoreError> {
    tx.lock_council(i64::from(la.get()))?;
    if !council_exists(tx, la)? {
        return Err(StoreError::NoSuchCouncil(la));
    }
    let mut all = Vec::new();
    rows("post", &records.posts, |r| r.id, &mut all)?;
    rows("pattern", &records.patterns, |r| r.id, &mut all)?;
    rows("leave", &records.leave, |r| r.id, &mut all)?;
    rows("audit", &records.audits, |r| r.id, &mut all)?;
    rows("health_check", &records.health_checks, |r| r.id, &mut all)?;
    rows("vemt", &records.vemt, |r| r.id, &mut all)?;
    rows("home", &records.homes, |r| r.id, &mut all)?;
    rows("transfer_rule", &records.transfer_rules, |r| r.id, &mut all)?;
    let mut keys: Vec<(&str, i64)> = all.iter().map(|(k, id, _)| (*k, *id)).collect();
    keys.sort_unstable();
    if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(StoreError::Database(format!(
            "two {} records have id {}; ids must be unique per kind",
            w[0].0, w[0].1
        )));
    }
    delete(tx, la)?;
    for (kind, id, body) in &all {
        tx.execute(
            "INSERT INTO quality_records (la, kind, id, body) VALUES ($1, $2, $3, $4)",
            &[
                la_param(la),
                Value::Text(Cow::Borrowed(kind)),
                Value::Int(*id),
                Value::Text(Cow::Borrowed(body)),
            ],
        )?;
    }
    Ok(())
}

/// Delete council `la`'s records.
pub(crate) fn delete(tx: &mut dyn Tx, la: LaNumber) -> Result<u64, StoreError> {
    tx.execute("DELETE FROM quality_records WHERE la = $1", &[la_param(la)])
}

fn parse<T: DeserializeOwned>(kind: &str, id: i64, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("table quality_records, {kind} record {id}: {e}")))
}

/// Council `la`'s records, each list in id order (empty when none).
pub(crate) fn load(tx: &mut dyn Tx, la: LaNumber) -> Result<QualityRecords, StoreError> {
    let mut out = QualityRecords::default();
    tx.query(
        "SELECT kind, id, body FROM quality_records WHERE la = $1 ORDER BY kind, id",
        &[la_param(la)],
        &mut |row| {
            let text = |i: usize| match row.cell(i, Ty::Text) {
                Ok(Value::Text(s)) => Ok(s.into_owned()),
                other => Err(StoreError::Corrupt(format!(
                    "table quality_records, column {i}: expected text, found {other:?}"
                ))),
            };
            let kind = text(0)?;
            let id = match row.cell(1, Ty::Int) {
                Ok(Value::Int(v)) => v,
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "table quality_records, column id: expected a whole number, found {other:?}"
                    )));
                }
            };
            let body = text(2)?;
            match kind.as_str() {
                "post" => out.posts.push(parse(&kind, id, &body)?),
                "pattern" => out.patterns.push(parse(&kind, id, &body)?),
                "leave" => out.leave.push(parse(&kind, id, &body)?),
                "audit" => out.audits.push(parse(&kind, id, &body)?),
                "health_check" => out.health_checks.push(parse(&kind, id, &body)?),
                "vemt" => out.vemt.push(parse(&kind, id, &body)?),
                "home" => out.homes.push(parse(&kind, id, &body)?),
                "transfer_rule" => out.transfer_rules.push(parse(&kind, id, &body)?),
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "table quality_records, record {id}: unknown kind {other:?}"
                    )));
                }
            }
            Ok(())
        },
    )?;
    Ok(out)
}
