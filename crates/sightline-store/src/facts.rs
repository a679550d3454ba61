//! Child facts: each child's indicator records as one compact binary value,
//! written in the same transaction as the rows it is made from.
//!
//! Why: the indicator engine reads every child of every council. At England
//! scale (150 councils, about 5 million child records, 54 million rows in
//! the tables the indicators read) reading those rows one by one costs
//! minutes on two cores — SQLite steps through 54 million rows and
//! PostgreSQL sends them, and each cell is decoded on its own. Reading one
//! value per child instead cuts the rows ten-fold and the per-cell work to a
//! byte walk. This is how a nightly figure becomes a figure on demand.
//!
//! What a facts value holds: exactly the rows the store writes for the
//! child's `children` row and each table the indicators read
//! ([`crate::extract::SKIPPED_TABLES`] are left out), each cell tagged with
//! its type. It is produced by the same `write` functions that produce the
//! rows ([`crate::schema::CHILD_TABLES`]) and read back by the same `read`
//! functions, so the facts and the rows cannot describe a child differently
//! unless one of them is changed outside the store.
//!
//! Invariants (tested on both backends in `tests.rs`):
//! - every write of a child (`save_child`, `replace_council`, the streaming
//!   bulk loads, `apply`) rewrites its facts in the same transaction, and
//!   every delete removes them;
//! - a council listed in `pending_child_facts` (a store upgraded from schema
//!   6, whose children have no facts yet) has its facts built from its rows
//!   when the store is next opened, before anything reads them;
//! - [`crate::extract`] gives the same `Council` from the facts as from the
//!   rows.
//!
//! Format (version [`FORMAT`]): one version byte; the `children` row's
//! cells; then for each indicator table in `CHILD_TABLES` order, a row count
//! and that many rows of `table.cols.len()` cells. A cell is a tag byte —
//! 0 NULL, 1 integer (zigzag varint), 2 false, 3 true, 4 text (varint
//! length, UTF-8), 5 date (zigzag varint of days from 0001-01-01) — then its
//! payload. A value of another version is refused as corrupt, never guessed.

use std::borrow::Cow;
use std::cell::RefCell;

use chrono::Datelike;
use sightline_domain::{ChildRecord, Date};

use crate::StoreError;
use crate::schema::{self, CHILD_TABLES, ChildTable, Reader, RowGet, RowSink, Ty, Value};

/// The schema version that added `child_facts` and `pending_child_facts`.
pub(crate) const SINCE_SCHEMA: u32 = 7;

/// The facts format written by this build.
pub(crate) const FORMAT: u8 = 1;

const NULL: u8 = 0;
const INT: u8 = 1;
const FALSE: u8 = 2;
const TRUE: u8 = 3;
const TEXT: u8 = 4;
const DATE: u8 = 5;

/// The child tables a facts value holds, in `CHILD_TABLES` order.
fn fact_tables() -> impl Iterator<Item = &'static ChildTable> {
    CHILD_TABLES
        .iter()
        .filter(|ct| !crate::extract::SKIPPED_TABLES.contains(&ct.table.name))
}

fn put_varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Encodes rows; `count` rows since the last [`Encoder::take_rows`].
struct Encoder {
    buf: Vec<u8>,
    rows: u64,
}

impl RowSink for Encoder {
    fn row(&mut self, values: &[Value<'_>]) -> Result<(), StoreError> {
        for v in values {
            match v {
                Value::Null => self.buf.push(NULL),
                Value::Int(n) => {
                    self.buf.push(INT);
                    put_varint(zigzag(*n), &mut self.buf);
                }
                Value::Bool(false) => self.buf.push(FALSE),
                Value::Bool(true) => self.buf.push(TRUE),
                Value::Text(s) => {
                    self.buf.push(TEXT);
                    put_varint(s.len() as u64, &mut self.buf);
                    self.buf.extend_from_slice(s.as_bytes());
                }
                Value::Date(d) => {
                    self.buf.push(DATE);
                    put_varint(zigzag(i64::from(d.num_days_from_ce())), &mut self.buf);
                }
                Value::Bytes(_) => {
                    return Err(StoreError::Database(
                        "internal: child facts cannot hold binary cells".into(),
                    ));
                }
            }
        }
        self.rows += 1;
        Ok(())
    }
}

/// The facts value of `rec`.
pub(crate) fn encode(rec: &ChildRecord) -> Result<Vec<u8>, StoreError> {
    let mut e = Encoder {
        buf: Vec::with_capacity(256),
        rows: 0,
    };
    e.buf.push(FORMAT);
    schema::write_child(rec, &mut e)?;
    let mut table = Encoder {
        buf: Vec::with_capacity(256),
        rows: 0,
    };
    for ct in fact_tables() {
        table.buf.clear();
        table.rows = 0;
        (ct.write)(rec, &mut table)?;
        put_varint(table.rows, &mut e.buf);
        e.buf.extend_from_slice(&table.buf);
    }
    Ok(e.buf)
}

/// A decoded row handed to the schema's `read` functions: each cell is
/// taken once, in column order.
struct DecodedRow {
    cells: RefCell<Vec<Value<'static>>>,
}

impl RowGet for DecodedRow {
    fn cell(&self, index: usize, ty: Ty) -> Result<Value<'static>, String> {
        let mut cells = self.cells.borrow_mut();
        let Some(slot) = cells.get_mut(index) else {
            return Err(format!("the facts hold no cell {index}"));
        };
        let v = std::mem::replace(slot, Value::Null);
        match (&v, ty) {
            (Value::Null, _)
            | (Value::Int(_), Ty::Int)
            | (Value::Bool(_), Ty::Bool)
            | (Value::Text(_), Ty::Text)
            | (Value::Date(_), Ty::Date) => Ok(v),
            (other, ty) => Err(format!("expected {ty:?}, found {other:?} in the facts")),
        }
    }
}

/// Walks a facts value.
struct Cursor<'b> {
    bytes: &'b [u8],
    at: usize,
    child: &'b str,
}

impl<'b> Cursor<'b> {
    fn corrupt(&self, what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(format!(
            "table child_facts, child {}: {what} at byte {}; rebuild the facts by saving the council again (`sightline import` or `generate`)",
            self.child, self.at
        ))
    }
    fn byte(&mut self) -> Result<u8, StoreError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| self.corrupt("the value ends early"))?;
        self.at += 1;
        Ok(b)
    }
    fn varint(&mut self) -> Result<u64, StoreError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.corrupt("a number longer than 64 bits"))
    }
    fn value(&mut self) -> Result<Value<'static>, StoreError> {
        Ok(match self.byte()? {
            NULL => Value::Null,
            INT => Value::Int(unzigzag(self.varint()?)),
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            TEXT => {
                let n = usize::try_from(self.varint()?)
                    .map_err(|_| self.corrupt("a text length out of range"))?;
                let end = self
                    .at
                    .checked_add(n)
                    .filter(|&e| e <= self.bytes.len())
                    .ok_or_else(|| self.corrupt("a text runs past the end"))?;
                let s = std::str::from_utf8(&self.bytes[self.at..end])
                    .map_err(|_| self.corrupt("text that is not UTF-8"))?;
                self.at = end;
                Value::Text(Cow::Owned(s.to_string()))
            }
            DATE => {
                let days = i32::try_from(unzigzag(self.varint()?))
                    .map_err(|_| self.corrupt("a date out of range"))?;
                Value::Date(
                    Date::from_num_days_from_ce_opt(days)
                        .ok_or_else(|| self.corrupt("a date out of range"))?,
                )
            }
            tag => return Err(self.corrupt(format!("unknown cell tag {tag}"))),
        })
    }
    fn row(&mut self, n: usize, into: &DecodedRow) -> Result<(), StoreError> {
        let mut cells = into.cells.borrow_mut();
        cells.clear();
        for _ in 0..n {
            cells.push(self.value()?);
        }
        Ok(())
    }
}

/// The child record held by the facts value `bytes` of child `id`: its
/// `children` row and the indicator tables' rows (the skipped tables'
/// lists are empty). Not sorted; the caller sorts.
pub(crate) fn decode(id: &str, bytes: &[u8]) -> Result<ChildRecord, StoreError> {
    let mut cur = Cursor {
        bytes,
        at: 0,
        child: id,
    };
    let version = cur.byte()?;
    if version != FORMAT {
        return Err(cur.corrupt(format!(
            "facts format {version}, this build reads format {FORMAT}"
        )));
    }
    let row = DecodedRow {
        cells: RefCell::new(Vec::with_capacity(32)),
    };
    let child = schema::parse_child_id(id, &schema::CHILD_FACTS)?;
    cur.row(schema::CHILDREN.cols.len(), &row)?;
    let mut rec = schema::read_child(&mut Reader::new(&row, &schema::CHILDREN, id, 0), child)?;
    for ct in fact_tables() {
        let n = cur.varint()?;
        for _ in 0..n {
            cur.row(ct.table.cols.len(), &row)?;
            (ct.read)(&mut Reader::new(&row, ct.table, id, 0), &mut rec)?;
        }
    }
    if cur.at != bytes.len() {
        return Err(cur.corrupt("bytes left over after the last table"));
    }
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_round_trips_extremes() {
        for v in [0, 1, -1, 63, -64, 738_000, i64::MAX, i64::MIN] {
            let mut b = vec![];
            put_varint(zigzag(v), &mut b);
            let mut c = Cursor {
                bytes: &b,
                at: 0,
                child: "C1",
            };
            assert_eq!(unzigzag(c.varint().unwrap()), v);
            assert_eq!(c.at, b.len());
        }
    }

    #[test]
    fn a_truncated_or_foreign_value_is_corrupt_not_a_panic() {
        assert!(matches!(decode("C1", &[]), Err(StoreError::Corrupt(_))));
        let e = decode("C1", &[FORMAT + 1]).unwrap_err().to_string();
        assert!(e.contains("format 2") && e.contains("child C1"), "{e}");
        // A text claiming more bytes than there are.
        let e = decode("C1", &[FORMAT, TEXT, 0x7f, b'a'])
            .unwrap_err()
            .to_string();
        assert!(e.contains("runs past the end"), "{e}");
        let e = decode("C1", &[FORMAT, 9]).unwrap_err().to_string();
        assert!(e.contains("unknown cell tag 9"), "{e}");
    }
}
