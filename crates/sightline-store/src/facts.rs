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
//! payload. Format 2 adds compact forms of the commonest cells, each a tag
//! the first format never wrote: 6 a date from 1900-01-01 to 2079-06-06 as
//! two bytes (little-endian days from 1900-01-01), 32–63 text of 0–31 bytes
//! (the length is the tag less 32), 128–255 a whole number 0–127 (the tag
//! less 128). So this build reads format 1 values as they are (a store
//! written by an earlier build needs no rebuild), and writes format 2; a
//! value of any other version is refused as corrupt, never guessed.
//!
//! Why the compact forms: codes, dates and small numbers are most of a
//! child's cells, and a fifth to a quarter of the bytes were their tags and
//! length bytes. Every byte is copied several times on the way from the
//! store (on PostgreSQL: into the page, the result array, the message, the
//! socket), and a two-byte date needs no varint loop to read.

use std::borrow::Cow;
use std::cell::Cell;

use chrono::Datelike;
use sightline_domain::{ChildRecord, Date};

use crate::StoreError;
use crate::extract::indicator_tables;
use crate::schema::{self, Reader, RowGet, RowSink, Ty, Value};

/// The schema version that added `child_facts` and `pending_child_facts`.
pub(crate) const SINCE_SCHEMA: u32 = 7;

/// The facts format written by this build.
pub(crate) const FORMAT: u8 = 2;
/// The earlier format this build still reads (no compact cells).
const FORMAT_1: u8 = 1;

const NULL: u8 = 0;
const INT: u8 = 1;
const FALSE: u8 = 2;
const TRUE: u8 = 3;
const TEXT: u8 = 4;
const DATE: u8 = 5;
/// Format 2: a date from 1900-01-01 to 2079-06-06 as two bytes, its
/// little-endian number of days from 1900-01-01.
const DATE16: u8 = 6;
/// Format 2: text of up to [`SHORT_TEXT_MAX`] bytes, its length in the tag.
const SHORT_TEXT: u8 = 32;
const SHORT_TEXT_MAX: u8 = 31;
/// Format 2: a whole number 0–127 in the tag itself.
const SMALL_INT: u8 = 128;

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

/// Encodes rows into `buf`, counting them in `rows`; `compact` writes
/// format 2's compact cells (off only to write format 1 in tests).
struct Encoder {
    buf: Vec<u8>,
    rows: u64,
    compact: bool,
}

impl RowSink for Encoder {
    fn row(&mut self, values: &[Value<'_>]) -> Result<(), StoreError> {
        for v in values {
            match v {
                Value::Null => self.buf.push(NULL),
                Value::Int(n) => match u8::try_from(*n) {
                    Ok(small) if self.compact && small < SMALL_INT => {
                        self.buf.push(SMALL_INT + small);
                    }
                    _ => {
                        self.buf.push(INT);
                        put_varint(zigzag(*n), &mut self.buf);
                    }
                },
                Value::Bool(false) => self.buf.push(FALSE),
                Value::Bool(true) => self.buf.push(TRUE),
                Value::Text(s) => match u8::try_from(s.len()) {
                    Ok(n) if self.compact && n <= SHORT_TEXT_MAX => {
                        self.buf.push(SHORT_TEXT + n);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    _ => {
                        self.buf.push(TEXT);
                        put_varint(s.len() as u64, &mut self.buf);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                },
                Value::Date(d) => {
                    let days = d.num_days_from_ce();
                    match u16::try_from(days - DAY_TABLE_FROM) {
                        Ok(off) if self.compact => {
                            self.buf.push(DATE16);
                            self.buf.extend_from_slice(&off.to_le_bytes());
                        }
                        _ => {
                            self.buf.push(DATE);
                            put_varint(zigzag(i64::from(days)), &mut self.buf);
                        }
                    }
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
    encode_as(rec, FORMAT)
}

/// The facts value of `rec` in `format` (1 only in tests, to check that
/// values an earlier build wrote still read).
fn encode_as(rec: &ChildRecord, format: u8) -> Result<Vec<u8>, StoreError> {
    let compact = format != FORMAT_1;
    let mut e = Encoder {
        buf: Vec::with_capacity(256),
        rows: 0,
        compact,
    };
    e.buf.push(format);
    schema::write_child(rec, &mut e)?;
    let mut table = Encoder {
        buf: Vec::with_capacity(256),
        rows: 0,
        compact,
    };
    for &(_, ct) in indicator_tables() {
        table.buf.clear();
        table.rows = 0;
        (ct.write)(rec, &mut table)?;
        put_varint(table.rows, &mut e.buf);
        e.buf.extend_from_slice(&table.buf);
    }
    Ok(e.buf)
}

/// Days from 0001-01-01 of the first date in [`DAY_TABLE`] (1 January 1900).
const DAY_TABLE_FROM: i32 = 693_596;
/// Dates in [`DAY_TABLE`]: 1900 to 2099.
const DAY_TABLE_LEN: usize = 73_049;

/// Every date from 1900 to 2099 by day number: most dates a council holds
/// fall there, and a table lookup is a fraction of chrono's calendar
/// arithmetic (measured: 4 % of a whole-England extract).
static DAY_TABLE: std::sync::OnceLock<Vec<Date>> = std::sync::OnceLock::new();

fn day_table() -> &'static [Date] {
    DAY_TABLE.get_or_init(|| {
        (0..DAY_TABLE_LEN as i32)
            .filter_map(|i| Date::from_num_days_from_ce_opt(DAY_TABLE_FROM + i))
            .collect()
    })
}

fn date_from_days(days: i32) -> Option<Date> {
    let table = day_table();
    usize::try_from(days - DAY_TABLE_FROM)
        .ok()
        .and_then(|i| table.get(i).copied())
        .or_else(|| Date::from_num_days_from_ce_opt(days))
}

/// One row of a facts value, decoded as the schema's `read` functions ask
/// for its cells (in column order, each once): no cell is copied out of the
/// value, and text is handed over borrowed.
struct FactsRow<'b> {
    cur: Cursor<'b>,
    /// Index of the next cell in the value; cells before it are consumed.
    next: Cell<usize>,
}

impl<'b> FactsRow<'b> {
    /// Move to cell `index`, the next to be read, skipping any before it.
    #[inline(always)]
    fn at_cell(&self, index: usize) -> Result<(), String> {
        if index != self.next.get() {
            self.skip_to(index).map_err(|e| e.to_string())?;
        }
        self.next.set(index + 1);
        Ok(())
    }

    /// Start a row of `n` cells: skip what the previous row's reader left.
    #[inline(always)]
    fn skip_rest(&self, n: usize) -> Result<(), StoreError> {
        // Readers take every cell of most rows: no call then.
        if self.next.get() != n {
            self.skip_to(n)?;
        }
        self.next.set(0);
        Ok(())
    }

    /// Skip the cells from the next one up to `index` (columns the reader
    /// does not ask for: a child's names and UPNs in the extract, the rest
    /// of a row).
    #[inline(never)]
    fn skip_to(&self, index: usize) -> Result<(), StoreError> {
        let next = self.next.get();
        if index < next {
            return Err(self.cur.corrupt(format!(
                "cell {index} asked for after cell {next} (read once, in order)"
            )));
        }
        for _ in next..index {
            self.cur.skip()?;
        }
        self.next.set(index);
        Ok(())
    }
}

impl RowGet for FactsRow<'_> {
    // Inlined into each `Reader` read so the cell's value is not moved
    // through the stack (measured: a third of a whole-England extract).
    #[inline(always)]
    fn cell(&self, index: usize, ty: Ty) -> Result<Value<'_>, String> {
        self.at_cell(index)?;
        self.cur.typed(ty).map_err(|e| e.to_string())
    }

    // Whole numbers and dates straight from the bytes, without a `Value`
    // (they are most of a child's cells). The stored tag is still checked.
    #[inline(always)]
    fn int_cell(&self, index: usize, _ty: Ty) -> Result<Option<i64>, String> {
        self.at_cell(index)?;
        self.cur.opt_int().map_err(|e| e.to_string())
    }

    #[inline(always)]
    fn date_cell(&self, index: usize, _ty: Ty) -> Result<Option<Date>, String> {
        self.at_cell(index)?;
        self.cur.opt_date().map_err(|e| e.to_string())
    }

    /// A code's bytes as stored, not checked as UTF-8: the reader matches
    /// them against its list's codes, and checks them only when they are
    /// not one (codes were a twentieth of an England extract).
    #[inline(always)]
    fn code_cell(&self, index: usize) -> Result<Option<Cow<'_, [u8]>>, String> {
        self.at_cell(index)?;
        self.cur.code().map_err(|e| e.to_string())
    }
}

/// A whole number's tag, in either form.
#[inline(always)]
fn is_int(tag: u8) -> bool {
    tag == INT || tag >= SMALL_INT
}

/// A date's tag, in either form.
#[inline(always)]
fn is_date(tag: u8) -> bool {
    tag == DATE || tag == DATE16
}

/// A text's tag, in either form.
#[inline(always)]
fn is_text(tag: u8) -> bool {
    tag == TEXT || (SHORT_TEXT..=SHORT_TEXT + SHORT_TEXT_MAX).contains(&tag)
}

/// Walks a facts value. The position is a `Cell` so that a row can be read
/// through `&self` (`RowGet`) without a `RefCell`'s borrow flag per cell.
struct Cursor<'b> {
    bytes: &'b [u8],
    at: Cell<usize>,
    child: &'b str,
}

impl<'b> Cursor<'b> {
    #[cold]
    #[inline(never)]
    fn corrupt(&self, what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(format!(
            "table child_facts, child {}: {what} at byte {}; rebuild the facts by saving the council again (`sightline import` or `generate`)",
            self.child,
            self.at.get()
        ))
    }
    #[inline]
    fn byte(&self) -> Result<u8, StoreError> {
        let at = self.at.get();
        let b = *self
            .bytes
            .get(at)
            .ok_or_else(|| self.corrupt("the value ends early"))?;
        self.at.set(at + 1);
        Ok(b)
    }
    #[inline]
    fn varint(&self) -> Result<u64, StoreError> {
        // One byte holds most values (codes' lengths, small ids).
        let at = self.at.get();
        if let Some(&b) = self.bytes.get(at)
            && b < 0x80
        {
            self.at.set(at + 1);
            return Ok(u64::from(b));
        }
        self.long_varint()
    }
    /// A varint of two bytes or more. Dates are three (days from the year 1
    /// are about 740,000), so two and three bytes are read without a loop.
    #[inline(always)]
    fn long_varint(&self) -> Result<u64, StoreError> {
        let at = self.at.get();
        if let Some(&[b0, b1, b2, ..]) = self.bytes.get(at..) {
            let v = u64::from(b0 & 0x7f) | (u64::from(b1 & 0x7f) << 7);
            if b1 < 0x80 {
                self.at.set(at + 2);
                return Ok(v);
            }
            if b2 < 0x80 {
                self.at.set(at + 3);
                return Ok(v | (u64::from(b2) << 14));
            }
        }
        self.slow_varint()
    }
    #[inline(never)]
    fn slow_varint(&self) -> Result<u64, StoreError> {
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
    /// The whole number after `tag` (one [`is_int`] accepts).
    #[inline(always)]
    fn int_after(&self, tag: u8) -> Result<i64, StoreError> {
        if tag >= SMALL_INT {
            return Ok(i64::from(tag - SMALL_INT));
        }
        Ok(unzigzag(self.varint()?))
    }
    /// The date after `tag` (one [`is_date`] accepts).
    #[inline(always)]
    fn date_after(&self, tag: u8) -> Result<Date, StoreError> {
        if tag == DATE16 {
            return self.date16();
        }
        self.date()
    }
    /// The text after `tag` (one [`is_text`] accepts), as bytes not yet
    /// checked as UTF-8.
    #[inline(always)]
    fn text_after(&self, tag: u8) -> Result<&'b [u8], StoreError> {
        if tag != TEXT {
            return self.take(usize::from(tag - SHORT_TEXT));
        }
        let n = usize::try_from(self.varint()?)
            .map_err(|_| self.corrupt("a text length out of range"))?;
        self.take(n)
    }
    #[inline(always)]
    fn utf8(&self, bytes: &'b [u8]) -> Result<&'b str, StoreError> {
        std::str::from_utf8(bytes).map_err(|_| self.corrupt("text that is not UTF-8"))
    }
    /// The next cell, which must be NULL or a whole number.
    #[inline(always)]
    fn opt_int(&self) -> Result<Option<i64>, StoreError> {
        match self.byte()? {
            tag if is_int(tag) => Ok(Some(self.int_after(tag)?)),
            NULL => Ok(None),
            tag => Err(self.mistyped(tag, Ty::Int)),
        }
    }
    /// The next cell, which must be NULL or a date.
    #[inline(always)]
    fn opt_date(&self) -> Result<Option<Date>, StoreError> {
        match self.byte()? {
            tag if is_date(tag) => Ok(Some(self.date_after(tag)?)),
            NULL => Ok(None),
            tag => Err(self.mistyped(tag, Ty::Date)),
        }
    }
    /// The next cell, which must be NULL or text, as bytes (for a code).
    #[inline(always)]
    fn code(&self) -> Result<Option<Cow<'b, [u8]>>, StoreError> {
        match self.byte()? {
            tag if is_text(tag) => Ok(Some(Cow::Borrowed(self.text_after(tag)?))),
            NULL => Ok(None),
            tag => Err(self.mistyped(tag, Ty::Text)),
        }
    }
    /// The next `n` bytes.
    #[inline(always)]
    fn take(&self, n: usize) -> Result<&'b [u8], StoreError> {
        let at = self.at.get();
        let end = at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.corrupt("a text runs past the end"))?;
        let bytes: &'b [u8] = self.bytes;
        self.at.set(end);
        Ok(&bytes[at..end])
    }
    /// A format 2 two-byte date (after its tag).
    #[inline(always)]
    fn date16(&self) -> Result<Date, StoreError> {
        let at = self.at.get();
        let Some(&[lo, hi]) = self.bytes.get(at..at + 2) else {
            return Err(self.corrupt("the value ends early"));
        };
        self.at.set(at + 2);
        // The table runs to 2099, past the last two-byte day (2079).
        day_table()
            .get(usize::from(u16::from_le_bytes([lo, hi])))
            .copied()
            .ok_or_else(|| self.corrupt("a date out of range"))
    }
    #[inline(always)]
    fn date(&self) -> Result<Date, StoreError> {
        let days = i32::try_from(unzigzag(self.varint()?))
            .map_err(|_| self.corrupt("a date out of range"))?;
        date_from_days(days).ok_or_else(|| self.corrupt("a date out of range"))
    }
    /// Step over the next cell, whatever its type: text is not checked,
    /// as nothing reads it.
    fn skip(&self) -> Result<(), StoreError> {
        match self.byte()? {
            NULL | FALSE | TRUE => {}
            tag if is_int(tag) => {
                self.int_after(tag)?;
            }
            // A date's days are not looked up: only stepped over.
            DATE => {
                self.varint()?;
            }
            DATE16 => {
                self.date16()?;
            }
            tag if is_text(tag) => {
                self.text_after(tag)?;
            }
            tag => return Err(self.corrupt(format!("unknown cell tag {tag}"))),
        }
        Ok(())
    }
    /// The next cell, which must be NULL or of type `ty`. Why it branches
    /// on the type asked for, not on the tag read: a reader asks for the
    /// same type at the same place of every row, so that branch is
    /// predictable where the tag's was not (measured: the cell reads were
    /// two fifths of an England extract).
    #[inline(always)]
    fn typed(&self, ty: Ty) -> Result<Value<'b>, StoreError> {
        let tag = self.byte()?;
        if tag == NULL {
            return Ok(Value::Null);
        }
        match ty {
            Ty::Int if is_int(tag) => Ok(Value::Int(self.int_after(tag)?)),
            Ty::Date if is_date(tag) => Ok(Value::Date(self.date_after(tag)?)),
            Ty::Text if is_text(tag) => Ok(Value::Text(Cow::Borrowed(
                self.utf8(self.text_after(tag)?)?,
            ))),
            Ty::Bool if tag == FALSE || tag == TRUE => Ok(Value::Bool(tag == TRUE)),
            _ => Err(self.mistyped(tag, ty)),
        }
    }
    #[cold]
    #[inline(never)]
    fn mistyped(&self, tag: u8, ty: Ty) -> StoreError {
        let found = match tag {
            t if is_int(t) => "an integer".to_string(),
            FALSE | TRUE => "a boolean".to_string(),
            t if is_text(t) => "text".to_string(),
            t if is_date(t) => "a date".to_string(),
            other => format!("unknown cell tag {other}"),
        };
        self.corrupt(format!("expected {ty:?}, found {found}"))
    }
}

/// Decode the child record held by the facts value `bytes` of child `id`
/// onto the end of `out`: its `children` row and the indicator tables'
/// rows (the skipped tables' lists are empty). Not sorted; the caller sorts.
///
/// Why onto a list rather than returning the record: a `ChildRecord` is
/// 776 bytes, and returning one through `Result`s and then pushing it
/// copied it three or four times (a twentieth of an England extract). Here
/// it is moved once, while still empty, and its rows are read into place.
/// On an error `out` may end with a partly read record; the caller drops
/// the list.
pub(crate) fn decode_onto(
    id: &str,
    bytes: &[u8],
    out: &mut Vec<ChildRecord>,
) -> Result<(), StoreError> {
    let row = FactsRow {
        cur: Cursor {
            bytes,
            at: Cell::new(0),
            child: id,
        },
        next: Cell::new(0),
    };
    let version = row.cur.byte()?;
    if version != FORMAT && version != FORMAT_1 {
        return Err(row.cur.corrupt(format!(
            "facts format {version}, this build reads formats {FORMAT_1} and {FORMAT}"
        )));
    }
    let child = schema::parse_child_id(id, &schema::CHILD_FACTS)?;
    out.push(schema::read_child(
        &mut Reader::new(&row, &schema::CHILDREN, id, 0).without_identity(),
        child,
    )?);
    let Some(rec) = out.last_mut() else {
        return Err(StoreError::Database(
            "internal: a pushed child record is not there".into(),
        ));
    };
    row.skip_rest(schema::CHILDREN.cols.len())?;
    for &(index, ct) in indicator_tables() {
        let n = row.cur.varint()?;
        if n > 0 {
            // Each row takes at least a byte per column: a corrupt count
            // cannot reserve more than the value could hold.
            let room = (bytes.len() - row.cur.at.get()) / ct.table.cols.len().max(1);
            (ct.reserve)(rec, usize::try_from(n).unwrap_or(usize::MAX).min(room));
        }
        for _ in 0..n {
            schema::read_child_table(index, &mut Reader::new(&row, ct.table, id, 0), rec)?;
            row.skip_rest(ct.table.cols.len())?;
        }
    }
    if row.cur.at.get() != bytes.len() {
        return Err(row.cur.corrupt("bytes left over after the last table"));
    }
    Ok(())
}

/// The child record held by `bytes` on its own (for tests).
#[cfg(test)]
pub(crate) fn decode(id: &str, bytes: &[u8]) -> Result<ChildRecord, StoreError> {
    let mut out = Vec::with_capacity(1);
    decode_onto(id, bytes, &mut out)?;
    out.pop()
        .ok_or_else(|| StoreError::Database("internal: nothing decoded".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CLA review row (id 7, a date, `code`) read through the facts
    /// reader: the review's participation code, or the error.
    fn review_code(code: &[u8]) -> Result<&'static str, StoreError> {
        use sightline_domain::CodeList;
        let (index, ct) = schema::CHILD_TABLES
            .iter()
            .enumerate()
            .find(|(_, ct)| ct.table.name == "cla_reviews")
            .unwrap();
        let mut bytes = vec![INT];
        put_varint(zigzag(7), &mut bytes);
        bytes.push(DATE);
        put_varint(zigzag(738_000), &mut bytes);
        bytes.push(TEXT);
        put_varint(code.len() as u64, &mut bytes);
        bytes.extend_from_slice(code);
        let row = FactsRow {
            cur: Cursor {
                bytes: &bytes,
                at: Cell::new(0),
                child: "C1",
            },
            next: Cell::new(0),
        };
        let id = sightline_domain::ChildId::parse("C1").unwrap();
        let mut rec = crate::testing::full_child(&id, 1);
        rec.cla_reviews.clear();
        schema::read_child_table(index, &mut Reader::new(&row, ct.table, "C1", 0), &mut rec)?;
        Ok(rec.cla_reviews[0].participation.code())
    }

    #[test]
    fn codes_are_matched_as_bytes_and_anything_else_is_checked() {
        assert_eq!(review_code(b"PN1").unwrap(), "PN1");
        // Not exact: trimmed and parsed as text, as every reader does.
        assert_eq!(review_code(b" PN4 ").unwrap(), "PN4");
        for (bad, says) in [
            (&b"PN"[..], "review participation"),
            (b"PN11", "review participation"),
            (b"\xffPN1", "not UTF-8"),
        ] {
            let e = review_code(bad).unwrap_err().to_string();
            assert!(
                e.contains("table cla_reviews, column review_code") && e.contains(says),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn values_written_in_format_1_still_read_the_same() {
        for n in [1, 2, 7] {
            let id = sightline_domain::ChildId::parse(&format!("C{n}")).unwrap();
            let rec = crate::testing::full_child(&id, n);
            let old = encode_as(&rec, FORMAT_1).unwrap();
            let new = encode(&rec).unwrap();
            assert_eq!((old[0], new[0]), (FORMAT_1, FORMAT));
            assert!(new.len() < old.len(), "{} !< {}", new.len(), old.len());
            let (a, b) = (
                decode(id.as_str(), &old).unwrap(),
                decode(id.as_str(), &new).unwrap(),
            );
            assert_eq!(a, b);
            assert!(!b.episodes.is_empty() && !b.cla_reviews.is_empty());
        }
    }

    #[test]
    fn compact_cells_round_trip_at_their_edges() {
        let day = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap();
        let long = "x".repeat(32);
        let cells: Vec<(Value<'_>, Ty, usize)> = vec![
            // (value, type, bytes written)
            (Value::Int(0), Ty::Int, 1),
            (Value::Int(127), Ty::Int, 1),
            (Value::Int(128), Ty::Int, 3),
            (Value::Int(-1), Ty::Int, 2),
            (Value::Int(i64::MAX), Ty::Int, 11),
            (Value::Text(Cow::Borrowed("")), Ty::Text, 1),
            (Value::Text(Cow::Borrowed(&long[..31])), Ty::Text, 32),
            (Value::Text(Cow::Borrowed(&long)), Ty::Text, 34),
            (Value::Text(Cow::Borrowed("Zoë")), Ty::Text, 5),
            (Value::Date(day(1899, 12, 31)), Ty::Date, 4),
            (Value::Date(day(1900, 1, 1)), Ty::Date, 3),
            (Value::Date(day(2025, 3, 31)), Ty::Date, 3),
            (Value::Date(day(2079, 6, 6)), Ty::Date, 3),
            (Value::Date(day(2079, 6, 7)), Ty::Date, 4),
            (Value::Bool(true), Ty::Bool, 1),
            (Value::Null, Ty::Date, 1),
        ];
        let mut e = Encoder {
            buf: vec![],
            rows: 0,
            compact: true,
        };
        let values: Vec<Value<'_>> = cells.iter().map(|(v, _, _)| v.clone()).collect();
        e.row(&values).unwrap();
        let c = Cursor {
            bytes: &e.buf,
            at: Cell::new(0),
            child: "C1",
        };
        for (v, ty, len) in &cells {
            let at = c.at.get();
            assert_eq!(&c.typed(*ty).unwrap(), v);
            assert_eq!(c.at.get() - at, *len, "{v:?}");
        }
        assert_eq!(c.at.get(), e.buf.len());
        // Skipping steps over each cell exactly.
        c.at.set(0);
        for _ in &cells {
            c.skip().unwrap();
        }
        assert_eq!(c.at.get(), e.buf.len());
        // A two-byte date cut short, a short text past the end: corrupt.
        for bad in [&[DATE16, 1][..], &[SHORT_TEXT + 3, b'a']] {
            let c = Cursor {
                bytes: bad,
                at: Cell::new(0),
                child: "C1",
            };
            assert!(matches!(c.skip(), Err(StoreError::Corrupt(_))), "{bad:?}");
        }
    }

    #[test]
    fn zigzag_round_trips_extremes() {
        for v in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            8191,
            -8192,
            8192,
            1_048_575,
            1_048_576,
            738_000,
            i64::MAX,
            i64::MIN,
        ] {
            let mut b = vec![];
            put_varint(zigzag(v), &mut b);
            let c = Cursor {
                bytes: &b,
                at: Cell::new(0),
                child: "C1",
            };
            assert_eq!(unzigzag(c.varint().unwrap()), v);
            assert_eq!(c.at.get(), b.len());
        }
    }

    #[test]
    fn day_table_agrees_with_chrono_inside_and_outside_its_range() {
        let first = Date::from_ymd_opt(1900, 1, 1).unwrap();
        let last = Date::from_ymd_opt(2099, 12, 31).unwrap();
        assert_eq!(first.num_days_from_ce(), DAY_TABLE_FROM);
        assert_eq!(
            last.num_days_from_ce() - DAY_TABLE_FROM + 1,
            DAY_TABLE_LEN as i32
        );
        for d in [
            first,
            Date::from_ymd_opt(2024, 2, 29).unwrap(),
            last,
            Date::from_ymd_opt(1899, 12, 31).unwrap(),
            Date::from_ymd_opt(2100, 1, 1).unwrap(),
            Date::from_ymd_opt(1, 1, 1).unwrap(),
        ] {
            assert_eq!(date_from_days(d.num_days_from_ce()), Some(d));
        }
        assert_eq!(date_from_days(i32::MAX), None);
    }

    #[test]
    fn a_truncated_or_foreign_value_is_corrupt_not_a_panic() {
        assert!(matches!(decode("C1", &[]), Err(StoreError::Corrupt(_))));
        let e = decode("C1", &[FORMAT + 1]).unwrap_err().to_string();
        assert!(e.contains("format 3") && e.contains("child C1"), "{e}");
        // The version cell, then a forename claiming more bytes than there are.
        let e = decode("C1", &[FORMAT, INT, 0, TEXT, 0x7f, b'a'])
            .unwrap_err()
            .to_string();
        assert!(e.contains("runs past the end"), "{e}");
        // A child's row, then a first table claiming 2^62 rows: the room
        // made for them is bounded by the bytes left, not a panic.
        let id = sightline_domain::ChildId::parse("C1").unwrap();
        let mut e = Encoder {
            buf: vec![FORMAT],
            rows: 0,
            compact: true,
        };
        schema::write_child(&crate::testing::full_child(&id, 1), &mut e).unwrap();
        put_varint(1 << 62, &mut e.buf);
        e.buf.extend_from_slice(&[NULL; 40]);
        assert!(matches!(decode("C1", &e.buf), Err(StoreError::Corrupt(_))));
        let e = decode("C1", &[FORMAT, 9]).unwrap_err().to_string();
        assert!(e.contains("unknown cell tag 9"), "{e}");
        // A cell of another type than its column's.
        let e = decode("C1", &[FORMAT, TEXT, 1, b'a'])
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected Int, found text"), "{e}");
    }
}
