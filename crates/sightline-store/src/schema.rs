//! The one mapping between the domain's types and table rows.
//!
//! Why this module exists: the SQLite and PostgreSQL backends must store the
//! same columns in the same way. Each table is described once here (its
//! columns and their types), with one function that turns a record into rows
//! of [`Value`]s and one that reads a row back through a [`Reader`]. The
//! backends only move values between these functions and their database, so
//! the two cannot drift apart; a test checks that the migrations create
//! exactly these columns.
//!
//! What it deliberately does not do: talk to a database, or decide how rows
//! are sent (prepared statements for SQLite, `COPY` for PostgreSQL).
//!
//! Column names follow the DfE field names an analyst knows (`decom`, `rne`,
//! `ls`, `place` for episodes; `referral_date`, `primary_need_code` for CIN).
//! Codes are stored as the DfE code text and parsed back with
//! [`CodeList::parse`]: a stored value that is not a code is reported as
//! [`StoreError::Corrupt`] naming the table, column and value.

use std::borrow::Cow;

use sightline_domain::journey::*;
use sightline_domain::{ChildId, CodeList, Date, LaNumber, Upn};

use crate::{DataQualityQuery, StoreError};

/// Column type, as both backends understand it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// SQLite INTEGER, PostgreSQL BIGINT.
    Int,
    /// TEXT in both.
    Text,
    /// ISO `YYYY-MM-DD` TEXT in SQLite, DATE in PostgreSQL.
    Date,
    /// 0/1 INTEGER in SQLite, BOOLEAN in PostgreSQL.
    Bool,
    /// BLOB in SQLite, BYTEA in PostgreSQL (the child facts).
    Bytes,
}

/// One column after the key prefix (`la`, and `child_id` for child tables).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub name: &'static str,
    pub ty: Ty,
}

const fn c(name: &'static str, ty: Ty) -> Col {
    Col { name, ty }
}

/// One cell value moving between the domain and a database.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(Cow<'a, str>),
    Date(Date),
    Bytes(Cow<'a, [u8]>),
}

fn int(v: impl Into<i64>) -> Value<'static> {
    Value::Int(v.into())
}
fn opt_int<T: Into<i64>>(v: Option<T>) -> Value<'static> {
    v.map_or(Value::Null, |x| Value::Int(x.into()))
}
fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}
fn opt_text(s: Option<&str>) -> Value<'_> {
    s.map_or(Value::Null, text)
}
fn date(d: Date) -> Value<'static> {
    Value::Date(d)
}
fn opt_date(d: Option<Date>) -> Value<'static> {
    d.map_or(Value::Null, Value::Date)
}
fn boolean(b: bool) -> Value<'static> {
    Value::Bool(b)
}
fn opt_bool(b: Option<bool>) -> Value<'static> {
    b.map_or(Value::Null, Value::Bool)
}
fn code<T: CodeList>(v: T) -> Value<'static> {
    Value::Text(Cow::Borrowed(v.code()))
}
fn opt_code<T: CodeList>(v: Option<T>) -> Value<'static> {
    v.map_or(Value::Null, code)
}

/// Where a table's rows go: a prepared insert, a `COPY` buffer, a counter.
/// The sink adds the key prefix (`la`, `child_id`) itself.
pub(crate) trait RowSink {
    fn row(&mut self, values: &[Value<'_>]) -> Result<(), StoreError>;
}

/// Reads one stored cell by position; implemented for each backend's row.
pub(crate) trait RowGet {
    /// The cell at `index` (0-based over the selected columns) as `ty`;
    /// `Err` carries a short description of what was found instead.
    /// Text and bytes may borrow from the row: a code is parsed from the
    /// row's own buffer, never copied into a `String` first.
    fn cell(&self, index: usize, ty: Ty) -> Result<Value<'_>, String>;

    /// The whole-number cell at `index` (`None` for NULL), read as `ty`
    /// (the column's type). Rows that can read one straight from their
    /// bytes (the facts) do, without going through a `Value`.
    #[inline(always)]
    fn int_cell(&self, index: usize, ty: Ty) -> Result<Option<i64>, String> {
        match self.cell(index, ty)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(v)),
            other => Err(format!("expected a whole number, found {other:?}")),
        }
    }

    /// The date cell at `index` (`None` for NULL), as [`RowGet::int_cell`].
    #[inline(always)]
    fn date_cell(&self, index: usize, ty: Ty) -> Result<Option<Date>, String> {
        match self.cell(index, ty)? {
            Value::Null => Ok(None),
            Value::Date(d) => Ok(Some(d)),
            other => Err(format!("expected a date, found {other:?}")),
        }
    }

    /// The text cell at `index` as bytes (`None` for NULL), for a code:
    /// codes are ASCII and are matched as bytes ([`CodeList::exact_bytes`]),
    /// so a row that holds raw bytes (the facts) hands them over without
    /// checking them as UTF-8 first.
    #[inline(always)]
    fn code_cell(&self, index: usize) -> Result<Option<Cow<'_, [u8]>>, String> {
        match self.cell(index, Ty::Text)? {
            Value::Null => Ok(None),
            Value::Text(Cow::Borrowed(s)) => Ok(Some(Cow::Borrowed(s.as_bytes()))),
            Value::Text(Cow::Owned(s)) => Ok(Some(Cow::Owned(s.into_bytes()))),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}

/// Reads a row's columns in the order the table lists them, naming the
/// table, column and child in every error.
///
/// Generic over the row type so that a reader over one concrete row (the
/// facts decoder's) compiles each cell read inline; `Reader<'r>` alone is a
/// reader over any backend's row.
pub(crate) struct Reader<'r, G: RowGet + ?Sized = dyn RowGet + 'r> {
    row: &'r G,
    table: &'static Table,
    child: &'r str,
    /// Offset of the first column of `table.cols` in the selected row.
    offset: usize,
    /// Index (in `table.cols`) of the column the next read takes.
    pub(crate) next: usize,
    /// Leave out what identifies a child and no figure reads (names and
    /// UPNs): see [`Reader::without_identity`].
    without_identity: bool,
}

impl<'r, G: RowGet + ?Sized> Reader<'r, G> {
    pub(crate) fn new(row: &'r G, table: &'static Table, child: &'r str, offset: usize) -> Self {
        Self {
            row,
            table,
            child,
            offset,
            next: 0,
            without_identity: false,
        }
    }

    /// A reader for the indicator extract ([`crate::extract`]): a child's
    /// names and UPNs are skipped, not read (left empty and `None`). Why:
    /// no indicator reads them, and at England scale copying and checking
    /// them was a tenth of reading the extract; leaving them out also keeps
    /// identifying data out of a figures-only read.
    pub(crate) fn without_identity(mut self) -> Self {
        self.without_identity = true;
        self
    }

    /// An identifying column (a name, a UPN) read by `read`, or skipped and
    /// left at its default when this reader leaves out identity.
    fn identity<T: Default>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.without_identity {
            self.next += 1;
            return Ok(T::default());
        }
        read(self)
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn corrupt(&self, col: usize, what: impl std::fmt::Display) -> StoreError {
        let name = self.table.cols.get(col).map_or("?", |c| c.name);
        let child = if self.child.is_empty() {
            String::new()
        } else {
            format!(" (child {})", self.child)
        };
        StoreError::Corrupt(format!(
            "table {}, column {}{child}: {what}",
            self.table.name, name
        ))
    }

    #[inline(always)]
    pub(crate) fn take(&mut self) -> Result<(usize, Value<'r>), StoreError> {
        let (i, col) = self.col()?;
        let v = self
            .row
            .cell(self.offset + i, col.ty)
            .map_err(|e| self.corrupt(i, e))?;
        Ok((i, v))
    }

    #[inline]
    pub(crate) fn opt_int(&mut self) -> Result<Option<i64>, StoreError> {
        let (i, col) = self.col()?;
        self.row
            .int_cell(self.offset + i, col.ty)
            .map_err(|e| self.corrupt(i, e))
    }
    pub(crate) fn int(&mut self) -> Result<i64, StoreError> {
        let i = self.next;
        self.opt_int()?
            .ok_or_else(|| self.corrupt(i, "expected a whole number, found NULL"))
    }
    fn opt_small<T: TryFrom<i64>>(&mut self) -> Result<Option<T>, StoreError> {
        let i = self.next;
        match self.opt_int()? {
            None => Ok(None),
            Some(v) => T::try_from(v)
                .map(Some)
                .map_err(|_| self.corrupt(i, format!("value {v} is out of range"))),
        }
    }
    pub(crate) fn small<T: TryFrom<i64>>(&mut self) -> Result<T, StoreError> {
        let i = self.next;
        self.opt_small()?
            .ok_or_else(|| self.corrupt(i, "expected a whole number, found NULL"))
    }
    #[inline]
    pub(crate) fn opt_text(&mut self) -> Result<Option<String>, StoreError> {
        match self.take()? {
            (_, Value::Null) => Ok(None),
            (_, Value::Text(s)) => Ok(Some(s.into_owned())),
            (i, other) => Err(self.corrupt(i, format!("expected text, found {other:?}"))),
        }
    }
    pub(crate) fn text(&mut self) -> Result<String, StoreError> {
        let i = self.next;
        self.opt_text()?
            .ok_or_else(|| self.corrupt(i, "expected text, found NULL"))
    }
    #[inline]
    pub(crate) fn opt_date(&mut self) -> Result<Option<Date>, StoreError> {
        let (i, col) = self.col()?;
        self.row
            .date_cell(self.offset + i, col.ty)
            .map_err(|e| self.corrupt(i, e))
    }
    pub(crate) fn date(&mut self) -> Result<Date, StoreError> {
        let i = self.next;
        self.opt_date()?
            .ok_or_else(|| self.corrupt(i, "expected a date, found NULL"))
    }
    #[inline]
    fn opt_bool(&mut self) -> Result<Option<bool>, StoreError> {
        match self.take()? {
            (_, Value::Null) => Ok(None),
            (_, Value::Bool(b)) => Ok(Some(b)),
            (i, other) => Err(self.corrupt(i, format!("expected true or false, found {other:?}"))),
        }
    }
    fn boolean(&mut self) -> Result<bool, StoreError> {
        let i = self.next;
        self.opt_bool()?
            .ok_or_else(|| self.corrupt(i, "expected true or false, found NULL"))
    }
    /// Text as stored, borrowed from the row when the backend allows.
    #[inline]
    fn opt_str(&mut self) -> Result<Option<Cow<'r, str>>, StoreError> {
        match self.take()? {
            (_, Value::Null) => Ok(None),
            (_, Value::Text(s)) => Ok(Some(s)),
            (i, other) => Err(self.corrupt(i, format!("expected text, found {other:?}"))),
        }
    }
    /// Take the next column (its index and definition) without reading it.
    #[inline(always)]
    fn col(&mut self) -> Result<(usize, &'static Col), StoreError> {
        let i = self.next;
        self.next += 1;
        match self.table.cols.get(i) {
            Some(col) => Ok((i, col)),
            None => Err(StoreError::Corrupt(format!(
                "table {}: read past its {} columns (internal mapping error)",
                self.table.name,
                self.table.cols.len()
            ))),
        }
    }
    /// The next column's text as bytes (a code's; `None` for NULL).
    #[inline(always)]
    fn code_bytes(&mut self) -> Result<Option<Cow<'r, [u8]>>, StoreError> {
        let (i, _) = self.col()?;
        let row: &'r G = self.row;
        row.code_cell(self.offset + i)
            .map_err(|e| self.corrupt(i, e))
    }
    #[inline]
    fn opt_code<T: CodeList>(&mut self) -> Result<Option<T>, StoreError> {
        let i = self.next;
        let Some(bytes) = self.code_bytes()? else {
            return Ok(None);
        };
        // Stored codes are exact: one match on the bytes. Anything else
        // goes through the text parse, for its trimming and its error.
        if let Some(c) = T::exact_bytes(&bytes) {
            return Ok(Some(c));
        }
        let s = std::str::from_utf8(&bytes)
            .map_err(|_| self.corrupt(i, "expected text, found bytes that are not UTF-8"))?;
        T::parse(s).map(Some).map_err(|e| self.corrupt(i, e))
    }
    fn code<T: CodeList>(&mut self) -> Result<T, StoreError> {
        let i = self.next;
        self.opt_code()?
            .ok_or_else(|| self.corrupt(i, format!("expected a {} code, found NULL", T::WHAT)))
    }
    /// A code from one of Sightline's own small lists (not a DfE list).
    fn own<T: Copy>(&mut self, list: &[(T, &'static str)], what: &str) -> Result<T, StoreError> {
        let i = self.next;
        let Some(bytes) = self.code_bytes()? else {
            return Err(self.corrupt(i, "expected text, found NULL"));
        };
        // Compared as bytes, as codes are (see `opt_code`).
        list.iter()
            .find(|(_, c)| c.as_bytes() == &*bytes)
            .map(|(v, _)| *v)
            .ok_or_else(|| {
                let expected: Vec<&str> = list.iter().map(|(_, c)| *c).collect();
                let found = String::from_utf8_lossy(&bytes);
                self.corrupt(
                    i,
                    format!(
                        "expected a {what} ({}), found {found:?}",
                        expected.join(", ")
                    ),
                )
            })
    }
    fn opt_upn(&mut self) -> Result<Option<Upn>, StoreError> {
        let i = self.next;
        match self.opt_str()? {
            None => Ok(None),
            Some(s) => Upn::parse(&s).map(Some).map_err(|e| self.corrupt(i, e)),
        }
    }
}

fn own_code<T: Copy + PartialEq>(list: &[(T, &'static str)], v: T) -> Value<'static> {
    let code = list.iter().find(|(x, _)| *x == v).map_or("", |(_, c)| *c);
    Value::Text(Cow::Borrowed(code))
}

// Sightline's own (non-DfE) lists, spelt as the domain's serde names.
const CONTACT_OUTCOMES: &[(ContactOutcome, &str)] = &[
    (ContactOutcome::Referral, "referral"),
    (ContactOutcome::EarlyHelp, "early_help"),
    (
        ContactOutcome::InformationAndAdvice,
        "information_and_advice",
    ),
    (ContactOutcome::NoFurtherAction, "no_further_action"),
];
const CONFERENCE_KINDS: &[(ConferenceKind, &str)] = &[
    (ConferenceKind::Initial, "initial"),
    (ConferenceKind::Review, "review"),
    (ConferenceKind::TransferIn, "transfer_in"),
];
const HEALTH_CHECK_KINDS: &[(HealthCheckKind, &str)] = &[
    (HealthCheckKind::HealthAssessment, "health_assessment"),
    (HealthCheckKind::Dental, "dental"),
    (HealthCheckKind::Development, "development"),
    (HealthCheckKind::Sdq, "sdq"),
];
const EMPLOYMENTS: &[(Employment, &str)] = &[
    (Employment::Permanent, "permanent"),
    (Employment::Agency, "agency"),
];

/// A table: its name, the columns after its key prefix, and the order its
/// rows are read back in (within a child).
#[derive(Debug)]
pub(crate) struct Table {
    pub name: &'static str,
    /// Whether rows are keyed by (`la`, `child_id`, ...) rather than (`la`, ...).
    pub per_child: bool,
    pub cols: &'static [Col],
    pub order: &'static str,
}

impl Table {
    /// Every stored column, key prefix included, comma-separated.
    pub fn column_list(&self) -> String {
        let mut s = String::from(if self.per_child { "la, child_id" } else { "la" });
        for col in self.cols {
            s.push_str(", ");
            s.push_str(col.name);
        }
        s
    }
    /// The columns read back: `child_id` (for child tables) then `cols`.
    pub fn select_list(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        if self.per_child {
            names.push("child_id");
        }
        names.extend(self.cols.iter().map(|c| c.name));
        names.join(", ")
    }
    /// Number of prefix columns in the stored table.
    pub fn prefix_len(&self) -> usize {
        if self.per_child { 2 } else { 1 }
    }
}

/// A table holding one list (or optional part) of a child's record.
pub(crate) struct ChildTable {
    pub table: &'static Table,
    /// Emit the child's rows for this table.
    pub write: fn(&ChildRecord, &mut dyn RowSink) -> Result<(), StoreError>,
    /// Add one stored row back into the child's record.
    pub read: fn(&mut Reader<'_>, &mut ChildRecord) -> Result<(), StoreError>,
    /// Make room in the child's record for this many more rows (a no-op
    /// for tables without a `reserve` clause). The facts decoder knows
    /// each table's row count before its rows: reserving it spares the
    /// list's growth, a reallocation and copy for every fifth row.
    pub reserve: fn(&mut ChildRecord, usize),
}

use Ty::{Bool as B, Date as D, Int as I, Text as T};

pub(crate) static COUNCILS: Table = Table {
    name: "councils",
    per_child: false,
    cols: &[c("name", T), c("population_0_17", I)],
    order: "la",
};

pub(crate) static TEAMS: Table = Table {
    name: "teams",
    per_child: false,
    cols: &[c("id", I), c("name", T), c("service", T)],
    order: "id",
};

pub(crate) static WORKERS: Table = Table {
    name: "workers",
    per_child: false,
    cols: &[
        c("id", I),
        c("sw_id", T),
        c("name", T),
        c("team_id", I),
        c("role", T),
        c("employment", T),
        c("fte_hundredths", I),
        c("start_date", D),
        c("end_date", D),
        c("qualified_date", D),
        c("case_holding", B),
    ],
    order: "id",
};

pub(crate) static DATA_QUALITY: Table = Table {
    name: "data_quality",
    per_child: false,
    cols: &[
        c("source", T),
        c("rule", T),
        c("child_id", T),
        c("location", T),
        c("fields", T),
        c("message", T),
    ],
    order: "id",
};

/// One compact value per child holding the records the indicators read
/// (see [`crate::facts`]); written with every write of the child.
pub(crate) static CHILD_FACTS: Table = Table {
    name: "child_facts",
    per_child: true,
    cols: &[c("facts", Ty::Bytes)],
    order: "child_id",
};

pub(crate) static CHILDREN: Table = Table {
    name: "children",
    per_child: true,
    cols: &[
        c("version", I),
        c("forename", T),
        c("surname", T),
        c("upn", T),
        c("former_upn", T),
        c("upn_unknown", T),
        c("date_of_birth", D),
        c("expected_date_of_birth", D),
        c("sex", T),
        c("ethnicity", T),
        c("date_of_death", D),
        c("uasc", B),
        c("uasc_ceased", D),
        c("mother_child_dob", D),
        c("family_id", I),
        c("restricted", B),
    ],
    order: "child_id",
};

pub(crate) fn write_council(council: &Council, sink: &mut dyn RowSink) -> Result<(), StoreError> {
    sink.row(&[text(&council.name), int(council.population_0_17)])
}

pub(crate) fn read_council(r: &mut Reader<'_>) -> Result<(String, u32), StoreError> {
    Ok((r.text()?, r.small()?))
}

pub(crate) fn write_team(t: &Team, sink: &mut dyn RowSink) -> Result<(), StoreError> {
    sink.row(&[int(t.id), text(&t.name), text(t.service.code())])
}

pub(crate) fn read_team(r: &mut Reader<'_>) -> Result<Team, StoreError> {
    let id = r.int()?;
    let name = r.text()?;
    let i = r.next;
    let s = r.text()?;
    let service = Service::parse(&s).ok_or_else(|| {
        let all: Vec<&str> = Service::ALL.iter().map(|x| x.code()).collect();
        r.corrupt(
            i,
            format!("expected a service ({}), found {s:?}", all.join(", ")),
        )
    })?;
    Ok(Team { id, name, service })
}

pub(crate) fn write_worker(w: &Worker, sink: &mut dyn RowSink) -> Result<(), StoreError> {
    sink.row(&[
        int(w.id),
        text(&w.sw_id),
        text(&w.name),
        int(w.team),
        text(w.role.code()),
        own_code(EMPLOYMENTS, w.employment),
        int(w.fte_hundredths),
        date(w.start),
        opt_date(w.end),
        opt_date(w.qualified),
        boolean(w.case_holding),
    ])
}

pub(crate) fn read_worker(r: &mut Reader<'_>) -> Result<Worker, StoreError> {
    let id = r.int()?;
    let sw_id = r.text()?;
    let name = r.text()?;
    let team = r.int()?;
    let i = r.next;
    let s = r.text()?;
    let role = WorkerRole::parse(&s).ok_or_else(|| {
        let all: Vec<&str> = WorkerRole::ALL.iter().map(|x| x.code()).collect();
        r.corrupt(
            i,
            format!("expected a worker role ({}), found {s:?}", all.join(", ")),
        )
    })?;
    Ok(Worker {
        id,
        sw_id,
        name,
        team,
        role,
        employment: r.own(EMPLOYMENTS, "employment")?,
        fte_hundredths: r.small()?,
        start: r.date()?,
        end: r.opt_date()?,
        qualified: r.opt_date()?,
        case_holding: r.boolean()?,
    })
}

pub(crate) fn write_data_quality(
    q: &DataQualityQuery,
    sink: &mut dyn RowSink,
) -> Result<(), StoreError> {
    let fields = serde_json::to_string(&q.fields)
        .map_err(|e| StoreError::Database(format!("cannot encode data-quality fields: {e}")))?;
    sink.row(&[
        text(&q.source),
        text(&q.rule),
        opt_text(q.child.as_ref().map(|c| c.as_str())),
        text(&q.location),
        Value::Text(Cow::Owned(fields)),
        text(&q.message),
    ])
}

pub(crate) fn read_data_quality(r: &mut Reader<'_>) -> Result<DataQualityQuery, StoreError> {
    let source = r.text()?;
    let rule = r.text()?;
    let i = r.next;
    let child = match r.opt_text()? {
        None => None,
        Some(s) => Some(ChildId::parse(&s).map_err(|e| r.corrupt(i, e))?),
    };
    let location = r.text()?;
    let i = r.next;
    let f = r.text()?;
    let fields: Vec<String> = serde_json::from_str(&f).map_err(|e| {
        r.corrupt(
            i,
            format!("expected a JSON list of field names, found {f:?} ({e})"),
        )
    })?;
    Ok(DataQualityQuery {
        source,
        rule,
        child,
        location,
        fields,
        message: r.text()?,
    })
}

pub(crate) fn write_child(rec: &ChildRecord, sink: &mut dyn RowSink) -> Result<(), StoreError> {
    let ch = &rec.child;
    let (dob, edob) = match ch.birth {
        Birth::Born(d) => (Some(d), None),
        Birth::Unborn(d) => (None, Some(d)),
    };
    sink.row(&[
        int(rec.version),
        text(&ch.forename),
        text(&ch.surname),
        opt_text(ch.upn.as_ref().map(|u| u.as_str())),
        opt_text(ch.former_upn.as_ref().map(|u| u.as_str())),
        opt_code(ch.upn_unknown),
        opt_date(dob),
        opt_date(edob),
        code(ch.sex),
        code(ch.ethnicity),
        opt_date(ch.death_date),
        boolean(ch.uasc.is_some()),
        opt_date(ch.uasc.and_then(|u| u.ceased)),
        opt_date(ch.mother_of_child_born),
        opt_int(ch.family),
        boolean(ch.restricted),
    ])
}

/// Read a `children` row; `id` is the row's already-read `child_id`.
pub(crate) fn read_child<G: RowGet + ?Sized>(
    r: &mut Reader<'_, G>,
    id: ChildId,
) -> Result<ChildRecord, StoreError> {
    let version = r.int()?;
    let forename = r.identity(Reader::text)?;
    let surname = r.identity(Reader::text)?;
    let upn = r.identity(Reader::opt_upn)?;
    let former_upn = r.identity(Reader::opt_upn)?;
    let upn_unknown = r.opt_code()?;
    let i = r.next;
    let birth = match (r.opt_date()?, r.opt_date()?) {
        (Some(d), None) => Birth::Born(d),
        (None, Some(d)) => Birth::Unborn(d),
        (dob, edob) => {
            return Err(r.corrupt(
                i,
                format!(
                    "exactly one of date_of_birth and expected_date_of_birth must be set, found {dob:?} and {edob:?}"
                ),
            ));
        }
    };
    let sex = r.code()?;
    let ethnicity = r.code()?;
    let death_date = r.opt_date()?;
    let is_uasc = r.boolean()?;
    let ceased = r.opt_date()?;
    let uasc = is_uasc.then_some(Uasc { ceased });
    let child = Child {
        id,
        forename,
        surname,
        upn,
        former_upn,
        upn_unknown,
        birth,
        sex,
        ethnicity,
        disabilities: Vec::new(),
        death_date,
        uasc,
        mother_of_child_born: r.opt_date()?,
        family: r.opt_int()?,
        restricted: r.boolean()?,
    };
    let mut rec = ChildRecord::new(child);
    rec.version = version;
    Ok(rec)
}

/// Read a child-table row's `child_id` (the first selected column).
pub(crate) fn read_child_id(row: &dyn RowGet, table: &'static Table) -> Result<String, StoreError> {
    match row.cell(0, Ty::Text) {
        Ok(Value::Text(s)) => Ok(s.into_owned()),
        Ok(other) => Err(StoreError::Corrupt(format!(
            "table {}, column child_id: expected text, found {other:?}",
            table.name
        ))),
        Err(e) => Err(StoreError::Corrupt(format!(
            "table {}, column child_id: {e}",
            table.name
        ))),
    }
}

/// Parse a child id read from `table`.
pub(crate) fn parse_child_id(s: &str, table: &'static Table) -> Result<ChildId, StoreError> {
    ChildId::parse(s)
        .map_err(|e| StoreError::Corrupt(format!("table {}, column child_id: {e}", table.name)))
}

/// The LA number read back from a stored `la` column.
pub(crate) fn la_from(v: i64, table: &str) -> Result<LaNumber, StoreError> {
    u16::try_from(v)
        .ok()
        .and_then(|n| LaNumber::new(n).ok())
        .ok_or_else(|| {
            StoreError::Corrupt(format!(
                "table {table}, column la: {v} is not a DfE LA number"
            ))
        })
}

/// Build a [`Reader`] entry point for the `children` table (used by the
/// backends when they select `child_id` first).
pub(crate) fn child_reader<'r>(row: &'r dyn RowGet, child: &'r str) -> Reader<'r> {
    Reader::new(row, &CHILDREN, child, 1)
}

macro_rules! child_tables {
    ($( $ident:ident = $name:literal order $order:literal [ $($col:expr),* $(,)? ]
        $( reserve |$v_rec:ident, $v_n:ident| $reserve:block )?
        write |$w_rec:ident, $w_sink:ident| $write:block
        read |$r:ident, $r_rec:ident| $read:block )*) => {
        $(
            pub(crate) static $ident: Table = Table {
                name: $name,
                per_child: true,
                cols: &[ $($col),* ],
                order: $order,
            };
        )*
        /// Every table holding part of a child's record other than
        /// `children` itself, in load order (a table's parent first).
        pub(crate) static CHILD_TABLES: &[ChildTable] = &[
            $(
                ChildTable {
                    table: &$ident,
                    write: {
                        fn w($w_rec: &ChildRecord, $w_sink: &mut dyn RowSink) -> Result<(), StoreError> $write
                        w
                    },
                    read: {
                        fn r($r: &mut Reader<'_>, $r_rec: &mut ChildRecord) -> Result<(), StoreError> $read
                        r
                    },
                    reserve: {
                        fn v(rec: &mut ChildRecord, n: usize) {
                            let _ = (&rec, n);
                            $( let ($v_rec, $v_n) = (rec, n); $reserve )?
                        }
                        v
                    },
                },
            )*
        ];

        /// The `read` of `CHILD_TABLES[index]` compiled for rows of type
        /// `G` (the same code): the facts decoder reads through this, so
        /// each cell read is inlined rather than a call through `dyn`.
        pub(crate) fn read_child_table<G: RowGet + ?Sized>(
            index: usize,
            row: &mut Reader<'_, G>,
            record: &mut ChildRecord,
        ) -> Result<(), StoreError> {
            let mut k = 0usize;
            $(
                {
                    fn r<G: RowGet + ?Sized>($r: &mut Reader<'_, G>, $r_rec: &mut ChildRecord) -> Result<(), StoreError> $read
                    if index == k {
                        return r(row, record);
                    }
                    k += 1;
                }
            )*
            Err(StoreError::Database(format!(
                "internal: no child table {index} (there are {k})"
            )))
        }
    };
}

child_tables! {
    DISABILITIES = "child_disabilities" order "seq" [c("seq", I), c("disability", T)]
    write |rec, sink| {
        for (i, d) in rec.child.disabilities.iter().enumerate() {
            sink.row(&[int(i as i64), code(*d)])?;
        }
        Ok(())
    }
    read |r, rec| {
        let _seq = r.int()?;
        rec.child.disabilities.push(r.code()?);
        Ok(())
    }

    CONTACTS = "contacts" order "id" [
        c("id", I), c("contact_date", D), c("contact_source", T), c("via_mash", B), c("contact_outcome", T),
    ]
    write |rec, sink| {
        for x in &rec.contacts {
            sink.row(&[int(x.id), date(x.date), code(x.source), boolean(x.via_mash), own_code(CONTACT_OUTCOMES, x.outcome)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.contacts.push(Contact {
            id: r.int()?,
            date: r.date()?,
            source: r.code()?,
            via_mash: r.boolean()?,
            outcome: r.own(CONTACT_OUTCOMES, "contact outcome")?,
        });
        Ok(())
    }

    REFERRALS = "referrals" order "id" [
        c("id", I), c("referral_date", D), c("referral_source", T), c("primary_need_code", T),
        c("cin_closure_date", D), c("reason_for_closure", T), c("referral_nfa", B),
    ]
    reserve |rec, n| { rec.referrals.reserve(n) }
    write |rec, sink| {
        for x in &rec.referrals {
            sink.row(&[
                int(x.id), date(x.date), code(x.source), opt_code(x.primary_need),
                opt_date(x.closure.map(|c| c.date)), opt_code(x.closure.map(|c| c.reason)), boolean(x.nfa),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        let id = r.int()?;
        let date = r.date()?;
        let source = r.code()?;
        let primary_need = r.opt_code()?;
        let i = r.next;
        let closure = match (r.opt_date()?, r.opt_code()?) {
            (Some(date), Some(reason)) => Some(CinClosure { date, reason }),
            (None, None) => None,
            (d, rc) => return Err(r.corrupt(i, format!(
                "cin_closure_date and reason_for_closure must be set together, found {d:?} and {rc:?}"))),
        };
        rec.referrals.push(Referral { id, date, source, primary_need, closure, nfa: r.boolean()? });
        Ok(())
    }

    ASSESSMENTS = "assessments" order "id" [
        c("id", I), c("referral_id", I), c("assessment_actual_start_date", D), c("assessment_authorisation_date", D),
    ]
    reserve |rec, n| { rec.assessments.reserve(n) }
    write |rec, sink| {
        for x in &rec.assessments {
            sink.row(&[int(x.id), int(x.referral), date(x.start), opt_date(x.authorised)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.assessments.push(SingleAssessment {
            id: r.int()?,
            referral: r.int()?,
            start: r.date()?,
            authorised: r.opt_date()?,
            factors: Vec::new(),
        });
        Ok(())
    }

    ASSESSMENT_FACTORS = "assessment_factors" order "assessment_id, seq" [
        c("assessment_id", I), c("seq", I), c("factor", T),
    ]
    write |rec, sink| {
        for a in &rec.assessments {
            for (i, f) in a.factors.iter().enumerate() {
                sink.row(&[int(a.id), int(i as i64), code(*f)])?;
            }
        }
        Ok(())
    }
    read |r, rec| {
        let i = r.next;
        let id = r.int()?;
        let _seq = r.int()?;
        let f = r.code()?;
        match rec.assessments.iter_mut().find(|a| a.id == id) {
            Some(a) => { a.factors.push(f); Ok(()) }
            None => Err(r.corrupt(i, format!("factor for assessment {id}, which is not in table assessments"))),
        }
    }

    STRATEGY_DISCUSSIONS = "strategy_discussions" order "id" [
        c("id", I), c("referral_id", I), c("strategy_discussion_date", D), c("section47_started", B),
    ]
    reserve |rec, n| { rec.strategy_discussions.reserve(n) }
    write |rec, sink| {
        for x in &rec.strategy_discussions {
            sink.row(&[int(x.id), int(x.referral), date(x.date), boolean(x.section47_started)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.strategy_discussions.push(StrategyDiscussion {
            id: r.int()?, referral: r.int()?, date: r.date()?, section47_started: r.boolean()?,
        });
        Ok(())
    }

    SECTION47S = "section47s" order "id" [
        c("id", I), c("referral_id", I), c("s47_actual_start_date", D), c("icpc_target_date", D),
        c("icpc_not_required", B),
    ]
    reserve |rec, n| { rec.section47s.reserve(n) }
    write |rec, sink| {
        for x in &rec.section47s {
            sink.row(&[int(x.id), int(x.referral), date(x.start), opt_date(x.icpc_target), boolean(x.icpc_not_required)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.section47s.push(Section47Enquiry {
            id: r.int()?, referral: r.int()?, start: r.date()?, icpc_target: r.opt_date()?,
            icpc_not_required: r.boolean()?,
        });
        Ok(())
    }

    CONFERENCES = "conferences" order "id" [
        c("id", I), c("referral_id", I), c("conference_kind", T), c("conference_date", D),
        c("section47_id", I), c("cp_plan_id", I), c("plan_outcome", B),
    ]
    reserve |rec, n| { rec.conferences.reserve(n) }
    write |rec, sink| {
        for x in &rec.conferences {
            sink.row(&[
                int(x.id), int(x.referral), own_code(CONFERENCE_KINDS, x.kind), date(x.date),
                opt_int(x.section47), opt_int(x.cp_plan), boolean(x.plan_outcome),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.conferences.push(ChildProtectionConference {
            id: r.int()?, referral: r.int()?, kind: r.own(CONFERENCE_KINDS, "conference kind")?,
            date: r.date()?, section47: r.opt_int()?, cp_plan: r.opt_int()?, plan_outcome: r.boolean()?,
        });
        Ok(())
    }

    CP_PLANS = "cp_plans" order "id" [
        c("id", I), c("referral_id", I), c("cpp_start_date", D), c("cpp_end_date", D),
        c("initial_category_of_abuse", T), c("latest_category_of_abuse", T), c("number_of_previous_cpp", I),
    ]
    reserve |rec, n| { rec.cp_plans.reserve(n) }
    write |rec, sink| {
        for x in &rec.cp_plans {
            sink.row(&[
                int(x.id), int(x.referral), date(x.start), opt_date(x.end),
                code(x.initial_category), code(x.latest_category), int(x.previous_plans),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.cp_plans.push(CpPlan {
            id: r.int()?, referral: r.int()?, start: r.date()?, end: r.opt_date()?,
            initial_category: r.code()?, latest_category: r.code()?, previous_plans: r.small()?,
        });
        Ok(())
    }

    CIN_PLANS = "cin_plans" order "id" [
        c("id", I), c("referral_id", I), c("cin_plan_start_date", D), c("cin_plan_end_date", D),
    ]
    write |rec, sink| {
        for x in &rec.cin_plans {
            sink.row(&[int(x.id), int(x.referral), date(x.start), opt_date(x.end)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.cin_plans.push(CinPlan { id: r.int()?, referral: r.int()?, start: r.date()?, end: r.opt_date()? });
        Ok(())
    }

    EPISODES = "episodes" order "id" [
        c("id", I), c("decom", D), c("rne", T), c("ls", T), c("cin", T), c("place", T),
        c("place_provider", T), c("dec", D), c("rec", T), c("reason_place_change", T),
        c("home_post", T), c("pl_post", T), c("urn", T),
    ]
    reserve |rec, n| { rec.episodes.reserve(n) }
    write |rec, sink| {
        for x in &rec.episodes {
            sink.row(&[
                int(x.id), date(x.start), code(x.reason_new), code(x.legal_status), code(x.category_of_need),
                code(x.placement), opt_code(x.provider), opt_date(x.end.map(|e| e.date)),
                opt_code(x.end.map(|e| e.reason)), opt_code(x.reason_place_change),
                opt_text(x.home_postcode.as_deref()), opt_text(x.placement_postcode.as_deref()),
                opt_text(x.urn.as_deref()),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        let id = r.int()?;
        let start = r.date()?;
        let reason_new = r.code()?;
        let legal_status = r.code()?;
        let category_of_need = r.code()?;
        let placement = r.code()?;
        let provider = r.opt_code()?;
        let i = r.next;
        let end = match (r.opt_date()?, r.opt_code()?) {
            (Some(date), Some(reason)) => Some(EpisodeEnd { date, reason }),
            (None, None) => None,
            (d, rc) => return Err(r.corrupt(i, format!("dec and rec must be set together, found {d:?} and {rc:?}"))),
        };
        rec.episodes.push(LookedAfterEpisode {
            id, start, reason_new, legal_status, category_of_need, placement, provider, end,
            reason_place_change: r.opt_code()?,
            home_postcode: r.opt_text()?,
            placement_postcode: r.opt_text()?,
            urn: r.opt_text()?,
        });
        Ok(())
    }

    CLA_REVIEWS = "cla_reviews" order "id" [c("id", I), c("review_date", D), c("review_code", T)]
    reserve |rec, n| { rec.cla_reviews.reserve(n) }
    write |rec, sink| {
        for x in &rec.cla_reviews {
            sink.row(&[int(x.id), date(x.date), code(x.participation)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.cla_reviews.push(ClaReview { id: r.int()?, date: r.date()?, participation: r.code()? });
        Ok(())
    }

    VISITS = "visits" order "id" [c("id", I), c("visit_date", D), c("child_seen", B)]
    write |rec, sink| {
        for x in &rec.visits {
            sink.row(&[int(x.id), date(x.date), boolean(x.child_seen)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.visits.push(StatutoryVisit { id: r.int()?, date: r.date()?, child_seen: r.boolean()? });
        Ok(())
    }

    HEALTH_CHECKS = "health_checks" order "id" [
        c("id", I), c("check_date", D), c("check_kind", T), c("sdq_score", I),
    ]
    reserve |rec, n| { rec.health_checks.reserve(n) }
    write |rec, sink| {
        for x in &rec.health_checks {
            sink.row(&[int(x.id), date(x.date), own_code(HEALTH_CHECK_KINDS, x.kind), opt_int(x.sdq_score)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.health_checks.push(HealthCheck {
            id: r.int()?, date: r.date()?, kind: r.own(HEALTH_CHECK_KINDS, "health check kind")?,
            sdq_score: r.opt_small()?,
        });
        Ok(())
    }

    OFFENCES = "offences" order "id" [c("id", I), c("offence_date", D)]
    reserve |rec, n| { rec.offences.reserve(n) }
    write |rec, sink| {
        for x in &rec.offences {
            sink.row(&[int(x.id), date(x.date)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.offences.push(OffenceOutcome { id: r.int()?, date: r.date()? });
        Ok(())
    }

    ANNUAL_OUTCOMES = "annual_outcomes" order "year" [
        c("year", I), c("sdq_score", I), c("sdq_reason", T), c("convicted", B), c("health_check", B),
        c("immunisations", B), c("teeth_check", B), c("health_assessment", B), c("substance_misuse", B),
        c("intervention_received", B), c("intervention_offered", B),
    ]
    reserve |rec, n| { rec.annual_outcomes.reserve(n) }
    write |rec, sink| {
        for x in &rec.annual_outcomes {
            sink.row(&[
                int(x.year), opt_int(x.sdq_score), opt_code(x.sdq_reason), opt_bool(x.convicted),
                opt_bool(x.health_check), opt_bool(x.immunisations), opt_bool(x.teeth_check),
                opt_bool(x.health_assessment), opt_bool(x.substance_misuse),
                opt_bool(x.intervention_received), opt_bool(x.intervention_offered),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.annual_outcomes.push(AnnualOutcomes {
            year: r.small()?, sdq_score: r.opt_small()?, sdq_reason: r.opt_code()?, convicted: r.opt_bool()?,
            health_check: r.opt_bool()?, immunisations: r.opt_bool()?, teeth_check: r.opt_bool()?,
            health_assessment: r.opt_bool()?, substance_misuse: r.opt_bool()?,
            intervention_received: r.opt_bool()?, intervention_offered: r.opt_bool()?,
        });
        Ok(())
    }

    MISSING = "missing" order "id" [
        c("id", I), c("missing", T), c("mis_start", D), c("mis_end", D),
    ]
    write |rec, sink| {
        for x in &rec.missing {
            sink.row(&[int(x.id), code(x.kind), date(x.start), opt_date(x.end)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.missing.push(MissingEpisode { id: r.int()?, kind: r.code()?, start: r.date()?, end: r.opt_date()? });
        Ok(())
    }

    ADOPTION_DECISIONS = "adoption_decisions" order "id" [
        c("id", I), c("date_placed", D), c("date_placed_ceased", D), c("reason_placed_ceased", T),
    ]
    reserve |rec, n| { rec.adoption_decisions.reserve(n) }
    write |rec, sink| {
        for x in &rec.adoption_decisions {
            sink.row(&[
                int(x.id), date(x.decision_date), opt_date(x.ceased.map(|c| c.0)), opt_code(x.ceased.map(|c| c.1)),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        let id = r.int()?;
        let decision_date = r.date()?;
        let i = r.next;
        let ceased = match (r.opt_date()?, r.opt_code()?) {
            (Some(d), Some(reason)) => Some((d, reason)),
            (None, None) => None,
            (d, rc) => return Err(r.corrupt(i, format!(
                "date_placed_ceased and reason_placed_ceased must be set together, found {d:?} and {rc:?}"))),
        };
        rec.adoption_decisions.push(AdoptionDecision { id, decision_date, ceased });
        Ok(())
    }

    ADOPTIONS = "adoptions" order "child_id" [
        c("date_int", D), c("date_match", D), c("foster_care", B), c("nb_adoptr", I),
        c("sex_adoptr", T), c("ls_adoptr", T),
    ]
    write |rec, sink| {
        if let Some(x) = &rec.adoption {
            sink.row(&[
                date(x.decision_date), date(x.matched_date), boolean(x.by_foster_carers),
                int(x.number_of_adopters), code(x.sex_of_adopters), code(x.legal_status_of_adopters),
            ])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.adoption = Some(Adoption {
            decision_date: r.date()?, matched_date: r.date()?, by_foster_carers: r.boolean()?,
            number_of_adopters: r.small()?, sex_of_adopters: r.code()?, legal_status_of_adopters: r.code()?,
        });
        Ok(())
    }

    PREVIOUS_PERMANENCE = "previous_permanence" order "child_id" [
        c("prev_perm", T), c("la_perm", T), c("date_perm", T),
    ]
    write |rec, sink| {
        if let Some(x) = &rec.previous_permanence {
            sink.row(&[code(x.option), opt_text(x.la.as_deref()), opt_text(x.date.as_deref())])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.previous_permanence = Some(PreviousPermanenceRecord {
            option: r.code()?, la: r.opt_text()?, date: r.opt_text()?,
        });
        Ok(())
    }

    CARE_LEAVER_STATUSES = "care_leaver_statuses" order "id" [
        c("id", I), c("year", I), c("in_touch", T), c("activ", T), c("accom", T),
    ]
    reserve |rec, n| { rec.care_leaver_statuses.reserve(n) }
    write |rec, sink| {
        for x in &rec.care_leaver_statuses {
            sink.row(&[int(x.id), int(x.year), code(x.in_touch), code(x.activity), code(x.accommodation)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.care_leaver_statuses.push(CareLeaverStatus {
            id: r.int()?, year: r.small()?, in_touch: r.code()?, activity: r.code()?, accommodation: r.code()?,
        });
        Ok(())
    }

    LEAVING_CARE = "leaving_care" order "id" [c("id", I), c("start_date", D), c("end_date", D)]
    reserve |rec, n| { rec.leaving_care.reserve(n) }
    write |rec, sink| {
        for x in &rec.leaving_care {
            sink.row(&[int(x.id), date(x.start), opt_date(x.end)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.leaving_care.push(LeavingCareService { id: r.int()?, start: r.date()?, end: r.opt_date()? });
        Ok(())
    }

    FAMILY_GROUP_CONFERENCES = "family_group_conferences" order "id" [
        c("id", I), c("fgc_date", D), c("plan_agreed", B),
    ]
    write |rec, sink| {
        for x in &rec.family_group_conferences {
            sink.row(&[int(x.id), date(x.date), boolean(x.plan_agreed)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.family_group_conferences.push(FamilyGroupConference { id: r.int()?, date: r.date()?, plan_agreed: r.boolean()? });
        Ok(())
    }

    SAFETY_PLANS = "safety_plans" order "id" [
        c("id", I), c("start_date", D), c("end_date", D), c("concern", T),
    ]
    write |rec, sink| {
        for x in &rec.safety_plans {
            sink.row(&[int(x.id), date(x.start), opt_date(x.end), text(&x.concern)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.safety_plans.push(SafetyPlan { id: r.int()?, start: r.date()?, end: r.opt_date()?, concern: r.text()? });
        Ok(())
    }

    ALLOCATIONS = "allocations" order "id" [
        c("id", I), c("worker_id", I), c("start_date", D), c("end_date", D), c("sw_reason", T),
    ]
    reserve |rec, n| { rec.allocations.reserve(n) }
    write |rec, sink| {
        for x in &rec.allocations {
            sink.row(&[int(x.id), int(x.worker), date(x.start), opt_date(x.end), code(x.reason)])?;
        }
        Ok(())
    }
    read |r, rec| {
        rec.allocations.push(Allocation {
            id: r.int()?, worker: r.int()?, start: r.date()?, end: r.opt_date()?, reason: r.code()?,
        });
        Ok(())
    }
}

/// Every table the store writes, for schema checks and whole-council deletes.
pub(crate) fn all_tables() -> Vec<&'static Table> {
    let mut v: Vec<&'static Table> = vec![&COUNCILS, &TEAMS, &WORKERS, &DATA_QUALITY, &CHILDREN];
    v.extend(CHILD_TABLES.iter().map(|t| t.table));
    v.push(&CHILD_FACTS);
    v
}

/// Counts rows instead of writing them (for progress totals).
pub(crate) struct CountSink(pub u64);

impl RowSink for CountSink {
    fn row(&mut self, _values: &[Value<'_>]) -> Result<(), StoreError> {
        self.0 += 1;
        Ok(())
    }
}

/// Rows a whole council writes, for progress reporting.
pub(crate) fn council_rows(council: &Council) -> Result<u64, StoreError> {
    // The council row, teams, workers and one facts row per child.
    let mut n = CountSink(
        1 + council.teams.len() as u64
            + council.workers.len() as u64
            + council.children.len() as u64,
    );
    for rec in &council.children {
        write_child(rec, &mut n)?;
        for t in CHILD_TABLES {
            (t.write)(rec, &mut n)?;
        }
    }
    Ok(n.0)
}

/// ISO `YYYY-MM-DD`, written without the formatter machinery (hot in bulk loads).
pub(crate) fn iso_date(d: Date, out: &mut String) {
    use chrono::Datelike;
    let y = d.year();
    if (0..=9999).contains(&y) {
        let b = [
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (d.month() / 10) as u8,
            b'0' + (d.month() % 10) as u8,
            b'-',
            b'0' + (d.day() / 10) as u8,
            b'0' + (d.day() % 10) as u8,
        ];
        out.extend(b.iter().map(|&c| c as char));
    } else {
        out.push_str(&d.format("%Y-%m-%d").to_string());
    }
}
