//! Workforce and quality-assurance records (schema version 5): a council's
//! funded posts, working patterns, leave, case file audits with their forms
//! (section grades, actions, moderation), team health checks, VEMT
//! considerations and meetings, children's homes and their inspections,
//! transfer rules, safety plans and SEND risk assessments, disclosures of
//! child sexual exploitation ([`sightline_domain::quality::QualityRecords`]).
//!
//! Why this shape: one table per record and one per repeated part, keyed by
//! council, so that analysts and the indicator extract can query grades,
//! dates and owners directly (version 3 kept each record as a JSON
//! document; migration 0005 copies those across). Enumerations are stored
//! as their snake_case codes and weekdays as `Mon`..`Fri`, exactly as the
//! JSON had them, through serde, so the codes cannot drift from the domain.
//! The whole set is replaced per council in one transaction with bulk
//! inserts (`COPY` on PostgreSQL), so a refused save leaves the previous set
//! exactly as it was. The operations are written once over [`Tx`].
//!
//! What it deliberately does not do: validate the records against the
//! council (an audit by the case's own manager, overlapping employment, a
//! rota leaving a team with nobody): callers check with
//! `sightline_workforce::check_records` before saving. It does refuse two
//! records of one kind with one id. A stored value that is not a code is
//! reported as [`StoreError::Corrupt`], naming the table and column.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sightline_domain::quality::*;
use sightline_domain::{ChildId, Date, LaNumber, RecordId};

use crate::StoreError;
use crate::common::{BulkSink, Tx, council_exists, la_param};
use crate::schema::{Col, Reader, Table, Ty, Value};

const fn col(name: &'static str, ty: Ty) -> Col {
    Col { name, ty }
}

static QUALITY_POSTS: Table = Table {
    name: "quality_posts",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("team", Ty::Int),
        col("role", Ty::Text),
        col("fte_hundredths", Ty::Int),
        col("case_holding", Ty::Bool),
        col("start_date", Ty::Date),
        col("end_date", Ty::Date),
    ],
    order: "id",
};
static QUALITY_PATTERNS: Table = Table {
    name: "quality_patterns",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("worker", Ty::Int),
        col("from_date", Ty::Date),
        col("kind", Ty::Text),
        col("day_off", Ty::Text),
        col("anchor", Ty::Date),
        col("days", Ty::Text),
    ],
    order: "id",
};
static QUALITY_LEAVE: Table = Table {
    name: "quality_leave",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("worker", Ty::Int),
        col("first_day", Ty::Date),
        col("last_day", Ty::Date),
        col("reason", Ty::Text),
    ],
    order: "id",
};
static QUALITY_AUDITS: Table = Table {
    name: "quality_audits",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("child_id", Ty::Text),
        col("auditor", Ty::Int),
        col("paired_auditor", Ty::Int),
        col("audit_date", Ty::Date),
        col("selection", Ty::Text),
        col("theme", Ty::Text),
        col("grade", Ty::Text),
    ],
    order: "id",
};
static QUALITY_AUDIT_FORMS: Table = Table {
    name: "quality_audit_forms",
    per_child: false,
    cols: &[col("audit", Ty::Int)],
    order: "audit",
};
static QUALITY_AUDIT_SECTIONS: Table = Table {
    name: "quality_audit_sections",
    per_child: false,
    cols: &[
        col("audit", Ty::Int),
        col("section", Ty::Text),
        col("grade", Ty::Text),
        col("remark", Ty::Text),
    ],
    order: "audit, section",
};
static QUALITY_AUDIT_ACTIONS: Table = Table {
    name: "quality_audit_actions",
    per_child: false,
    cols: &[
        col("audit", Ty::Int),
        col("seq", Ty::Int),
        col("action", Ty::Text),
        col("owner_worker", Ty::Int),
        col("due", Ty::Date),
        col("completed", Ty::Date),
    ],
    order: "audit, seq",
};
static QUALITY_AUDIT_MODERATIONS: Table = Table {
    name: "quality_audit_moderations",
    per_child: false,
    cols: &[
        col("audit", Ty::Int),
        col("moderator", Ty::Int),
        col("moderated_on", Ty::Date),
        col("original_grade", Ty::Text),
        col("note", Ty::Text),
    ],
    order: "audit",
};
static QUALITY_HEALTH_CHECKS: Table = Table {
    name: "quality_health_checks",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("team", Ty::Int),
        col("check_date", Ty::Date),
        col("grade", Ty::Text),
        col("findings", Ty::Text),
    ],
    order: "id",
};
static QUALITY_VEMT: Table = Table {
    name: "quality_vemt",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("child_id", Ty::Text),
        col("considered", Ty::Date),
        col("cse_risk", Ty::Text),
        col("closed", Ty::Date),
    ],
    order: "id",
};
static QUALITY_VEMT_MEETINGS: Table = Table {
    name: "quality_vemt_meetings",
    per_child: false,
    cols: &[col("id", Ty::Int), col("meeting_date", Ty::Date)],
    order: "id",
};
static QUALITY_VEMT_MEETING_CHILDREN: Table = Table {
    name: "quality_vemt_meeting_children",
    per_child: false,
    cols: &[
        col("meeting", Ty::Int),
        col("seq", Ty::Int),
        col("child_id", Ty::Text),
    ],
    order: "meeting, seq",
};
static QUALITY_HOMES: Table = Table {
    name: "quality_homes",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("name", Ty::Text),
        col("urn", Ty::Text),
        col("places", Ty::Int),
    ],
    order: "id",
};
static QUALITY_HOME_INSPECTIONS: Table = Table {
    name: "quality_home_inspections",
    per_child: false,
    cols: &[
        col("home", Ty::Int),
        col("seq", Ty::Int),
        col("inspected", Ty::Date),
        col("grade", Ty::Text),
    ],
    order: "home, seq",
};
static QUALITY_TRANSFER_RULES: Table = Table {
    name: "quality_transfer_rules",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("name", Ty::Text),
        col("trigger_kind", Ty::Text),
        col("to_service", Ty::Text),
        col("within_working_days", Ty::Int),
    ],
    order: "id",
};
static QUALITY_RISK_PLANS: Table = Table {
    name: "quality_risk_plans",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("child_id", Ty::Text),
        col("kind", Ty::Text),
        col("made", Ty::Date),
        col("last_reviewed", Ty::Date),
        col("next_review", Ty::Date),
        col("ended", Ty::Date),
    ],
    order: "id",
};

static QUALITY_CSE_DISCLOSURES: Table = Table {
    name: "quality_cse_disclosures",
    per_child: false,
    cols: &[
        col("id", Ty::Int),
        col("child_id", Ty::Text),
        col("disclosed_on", Ty::Date),
        col("disclosed_to", Ty::Text),
        col("referred_to_police", Ty::Bool),
    ],
    order: "id",
};

/// Every table of this module, in write order.
pub(crate) static TABLES: [&Table; 17] = [
    &QUALITY_POSTS,
    &QUALITY_PATTERNS,
    &QUALITY_LEAVE,
    &QUALITY_AUDITS,
    &QUALITY_AUDIT_FORMS,
    &QUALITY_AUDIT_SECTIONS,
    &QUALITY_AUDIT_ACTIONS,
    &QUALITY_AUDIT_MODERATIONS,
    &QUALITY_HEALTH_CHECKS,
    &QUALITY_VEMT,
    &QUALITY_VEMT_MEETINGS,
    &QUALITY_VEMT_MEETING_CHILDREN,
    &QUALITY_HOMES,
    &QUALITY_HOME_INSPECTIONS,
    &QUALITY_TRANSFER_RULES,
    &QUALITY_RISK_PLANS,
    &QUALITY_CSE_DISCLOSURES,
];

/// An enumeration's stored code: its serde string.
fn code<T: Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(StoreError::Database(format!(
            "cannot encode {other:?} as a stored code"
        ))),
    }
}

fn int(v: impl Into<i64>) -> Value<'static> {
    Value::Int(v.into())
}
fn opt_int(v: Option<i64>) -> Value<'static> {
    v.map_or(Value::Null, Value::Int)
}
fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}
fn owned(s: String) -> Value<'static> {
    Value::Text(Cow::Owned(s))
}
fn opt_owned(s: Option<String>) -> Value<'static> {
    s.map_or(Value::Null, owned)
}
fn date(d: Date) -> Value<'static> {
    Value::Date(d)
}
fn opt_date(d: Option<Date>) -> Value<'static> {
    d.map_or(Value::Null, Value::Date)
}

fn unique<T>(kind: &str, items: &[T], id: impl Fn(&T) -> i64) -> Result<(), StoreError> {
    let mut ids: Vec<i64> = items.iter().map(id).collect();
    ids.sort_unstable();
    match ids.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(StoreError::Database(format!(
            "two {kind} records have id {}; ids must be unique per kind",
            w[0]
        ))),
        None => Ok(()),
    }
}

fn put(
    tx: &mut dyn Tx,
    table: &'static Table,
    la: i64,
    rows: &[Vec<Value<'_>>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    tx.insert(table, la, &mut |sink: &mut dyn BulkSink| {
        rows.iter().try_for_each(|r| sink.row(r))
    })?;
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
    let r = records;
    unique("post", &r.posts, |x| x.id)?;
    unique("pattern", &r.patterns, |x| x.id)?;
    unique("leave", &r.leave, |x| x.id)?;
    unique("audit", &r.audits, |x| x.id)?;
    unique("audit form", &r.audit_forms, |x| x.audit)?;
    unique("health_check", &r.health_checks, |x| x.id)?;
    unique("vemt", &r.vemt, |x| x.id)?;
    unique("vemt meeting", &r.vemt_meetings, |x| x.id)?;
    unique("home", &r.homes, |x| x.id)?;
    unique("transfer_rule", &r.transfer_rules, |x| x.id)?;
    unique("risk plan", &r.risk_plans, |x| x.id)?;
    unique("CSE disclosure", &r.cse_disclosures, |x| x.id)?;
    for f in &r.audit_forms {
        let mut s: Vec<_> = f.sections.iter().map(|s| s.section).collect();
        s.sort_unstable();
        if s.windows(2).any(|w| w[0] == w[1]) {
            return Err(StoreError::Database(format!(
                "audit {}: a section is graded twice",
                f.audit
            )));
        }
    }
    delete(tx, la)?;
    let l = i64::from(la.get());

    let mut rows = Vec::new();
    for p in &r.posts {
        rows.push(vec![
            int(p.id),
            int(p.team),
            owned(code(&p.role)?),
            int(p.fte_hundredths),
            Value::Bool(p.case_holding),
            date(p.start),
            opt_date(p.end),
        ]);
    }
    put(tx, &QUALITY_POSTS, l, &rows)?;

    let mut rows = Vec::new();
    for p in &r.patterns {
        let (kind, day_off, anchor, days) = match &p.pattern {
            WorkingPattern::FullTime => ("full_time", None, None, None),
            WorkingPattern::NineDayFortnight { day_off, anchor } => (
                "nine_day_fortnight",
                Some(code(day_off)?),
                Some(*anchor),
                None,
            ),
            WorkingPattern::PartTime { days } => (
                "part_time",
                None,
                None,
                Some(
                    days.iter()
                        .map(code)
                        .collect::<Result<Vec<_>, _>>()?
                        .join(","),
                ),
            ),
        };
        rows.push(vec![
            int(p.id),
            int(p.worker),
            date(p.from),
            text(kind),
            opt_owned(day_off),
            opt_date(anchor),
            opt_owned(days),
        ]);
    }
    put(tx, &QUALITY_PATTERNS, l, &rows)?;

    let rows: Vec<Vec<Value<'_>>> = r
        .leave
        .iter()
        .map(|x| {
            vec![
                int(x.id),
                int(x.worker),
                date(x.first_day),
                date(x.last_day),
                text(&x.reason),
            ]
        })
        .collect();
    put(tx, &QUALITY_LEAVE, l, &rows)?;

    let mut rows = Vec::new();
    for a in &r.audits {
        let (sel, theme) = match &a.selection {
            AuditSelection::Random => ("random", None),
            AuditSelection::Themed(t) => ("themed", Some(t.as_str())),
        };
        rows.push(vec![
            int(a.id),
            text(a.child.as_str()),
            int(a.auditor),
            opt_int(a.paired_auditor),
            date(a.date),
            text(sel),
            theme.map_or(Value::Null, text),
            owned(code(&a.grade)?),
        ]);
    }
    put(tx, &QUALITY_AUDITS, l, &rows)?;

    let rows: Vec<Vec<Value<'_>>> = r.audit_forms.iter().map(|f| vec![int(f.audit)]).collect();
    put(tx, &QUALITY_AUDIT_FORMS, l, &rows)?;
    let (mut sections, mut actions, mut moderations) = (Vec::new(), Vec::new(), Vec::new());
    for f in &r.audit_forms {
        for s in &f.sections {
            sections.push(vec![
                int(f.audit),
                owned(code(&s.section)?),
                owned(code(&s.grade)?),
                text(&s.comment),
            ]);
        }
        for (i, a) in f.actions.iter().enumerate() {
            actions.push(vec![
                int(f.audit),
                int(i as i64),
                text(&a.action),
                int(a.owner),
                date(a.due),
                opt_date(a.completed),
            ]);
        }
        if let Some(m) = &f.moderation {
            moderations.push(vec![
                int(f.audit),
                int(m.moderator),
                date(m.date),
                owned(code(&m.original_grade)?),
                text(&m.note),
            ]);
        }
    }
    put(tx, &QUALITY_AUDIT_SECTIONS, l, &sections)?;
    put(tx, &QUALITY_AUDIT_ACTIONS, l, &actions)?;
    put(tx, &QUALITY_AUDIT_MODERATIONS, l, &moderations)?;

    let mut rows = Vec::new();
    for h in &r.health_checks {
        rows.push(vec![
            int(h.id),
            int(h.team),
            date(h.date),
            owned(code(&h.grade)?),
            text(&h.findings),
        ]);
    }
    put(tx, &QUALITY_HEALTH_CHECKS, l, &rows)?;

    let mut rows = Vec::new();
    for v in &r.vemt {
        rows.push(vec![
            int(v.id),
            text(v.child.as_str()),
            date(v.considered),
            opt_owned(v.cse_risk.as_ref().map(code).transpose()?),
            opt_date(v.closed),
        ]);
    }
    put(tx, &QUALITY_VEMT, l, &rows)?;
    let rows: Vec<Vec<Value<'_>>> = r
        .vemt_meetings
        .iter()
        .map(|m| vec![int(m.id), date(m.date)])
        .collect();
    put(tx, &QUALITY_VEMT_MEETINGS, l, &rows)?;
    let rows: Vec<Vec<Value<'_>>> = r
        .vemt_meetings
        .iter()
        .flat_map(|m| {
            m.children
                .iter()
                .enumerate()
                .map(move |(i, c)| vec![int(m.id), int(i as i64), text(c.as_str())])
        })
        .collect();
    put(tx, &QUALITY_VEMT_MEETING_CHILDREN, l, &rows)?;

    let rows: Vec<Vec<Value<'_>>> = r
        .homes
        .iter()
        .map(|h| vec![int(h.id), text(&h.name), text(&h.urn), int(h.places)])
        .collect();
    put(tx, &QUALITY_HOMES, l, &rows)?;
    let mut rows = Vec::new();
    for h in &r.homes {
        for (i, x) in h.inspections.iter().enumerate() {
            rows.push(vec![
                int(h.id),
                int(i as i64),
                date(x.date),
                owned(code(&x.grade)?),
            ]);
        }
    }
    put(tx, &QUALITY_HOME_INSPECTIONS, l, &rows)?;

    let mut rows = Vec::new();
    for t in &r.transfer_rules {
        rows.push(vec![
            int(t.id),
            text(&t.name),
            owned(code(&t.trigger)?),
            owned(code(&t.to_service)?),
            int(t.within_working_days),
        ]);
    }
    put(tx, &QUALITY_TRANSFER_RULES, l, &rows)?;

    let mut rows = Vec::new();
    for p in &r.risk_plans {
        rows.push(vec![
            int(p.id),
            text(p.child.as_str()),
            owned(code(&p.kind)?),
            date(p.made),
            opt_date(p.last_reviewed),
            date(p.next_review),
            opt_date(p.ended),
        ]);
    }
    put(tx, &QUALITY_RISK_PLANS, l, &rows)?;

    let mut rows = Vec::new();
    for x in &r.cse_disclosures {
        rows.push(vec![
            int(x.id),
            text(x.child.as_str()),
            date(x.date),
            owned(code(&x.disclosed_to)?),
            Value::Bool(x.referred_to_police),
        ]);
    }
    put(tx, &QUALITY_CSE_DISCLOSURES, l, &rows)?;
    Ok(())
}

/// Delete council `la`'s records.
pub(crate) fn delete(tx: &mut dyn Tx, la: LaNumber) -> Result<u64, StoreError> {
    let mut n = 0;
    for t in TABLES {
        n += tx.execute(
            &format!("DELETE FROM {} WHERE la = $1", t.name),
            &[la_param(la)],
        )?;
    }
    Ok(n)
}

/// Reads one row's cells in column order: the shared [`Reader`] (whole
/// numbers, text and dates, naming the table and column in every error),
/// plus this module's booleans, child ids and codes stored as serde names.
struct Cells<'r>(Reader<'r>);

impl<'r> Deref for Cells<'r> {
    type Target = Reader<'r>;
    fn deref(&self) -> &Reader<'r> {
        &self.0
    }
}

impl DerefMut for Cells<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Cells<'_> {
    /// A flag, read as a boolean or as a whole number (0 is false).
    fn boolean(&mut self) -> Result<bool, StoreError> {
        match self.take()? {
            (_, Value::Bool(b)) => Ok(b),
            (_, Value::Int(v)) => Ok(v != 0),
            (i, o) => Err(self.corrupt(i, format!("expected true or false, found {o:?}"))),
        }
    }
    fn child(&mut self) -> Result<ChildId, StoreError> {
        let i = self.next;
        let s = self.text()?;
        ChildId::parse(&s).map_err(|e| self.corrupt(i, format!("{s:?} is not a child id: {e}")))
    }
    /// A stored code read back through serde.
    fn opt_code<T: DeserializeOwned>(&mut self) -> Result<Option<T>, StoreError> {
        let i = self.next;
        match self.opt_text()? {
            None => Ok(None),
            Some(s) => serde_json::from_value(serde_json::Value::String(s.clone()))
                .map(Some)
                .map_err(|_| self.corrupt(i, format!("{s:?} is not a known code"))),
        }
    }
    fn code<T: DeserializeOwned>(&mut self) -> Result<T, StoreError> {
        let i = self.next;
        self.opt_code()?
            .ok_or_else(|| self.corrupt(i, "expected a code, found NULL"))
    }
}

fn each(
    tx: &mut dyn Tx,
    la: LaNumber,
    table: &'static Table,
    f: &mut dyn FnMut(&mut Cells<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let cols: Vec<&str> = table.cols.iter().map(|c| c.name).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE la = $1 ORDER BY {}",
        cols.join(", "),
        table.name,
        table.order
    );
    tx.query(&sql, &[la_param(la)], &mut |row| {
        f(&mut Cells(Reader::new(row, table, "", 0)))
    })
}

/// Council `la`'s records, each list in id order (empty when none).
pub(crate) fn load(tx: &mut dyn Tx, la: LaNumber) -> Result<QualityRecords, StoreError> {
    let mut out = QualityRecords::default();
    each(tx, la, &QUALITY_POSTS, &mut |c| {
        out.posts.push(Post {
            id: c.int()?,
            team: c.int()?,
            role: c.code()?,
            fte_hundredths: c.small()?,
            case_holding: c.boolean()?,
            start: c.date()?,
            end: c.opt_date()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_PATTERNS, &mut |c| {
        let (id, worker, from) = (c.int()?, c.int()?, c.date()?);
        let kind_at = c.next;
        let kind = c.text()?;
        let day_off: Option<chrono::Weekday> = c.opt_code()?;
        let anchor = c.opt_date()?;
        let days_at = c.next;
        let days = c.opt_text()?;
        let pattern = match (kind.as_str(), day_off, anchor) {
            ("full_time", _, _) => WorkingPattern::FullTime,
            ("nine_day_fortnight", Some(day_off), Some(anchor)) => {
                WorkingPattern::NineDayFortnight { day_off, anchor }
            }
            ("part_time", _, _) => WorkingPattern::PartTime {
                days: days
                    .unwrap_or_default()
                    .split(',')
                    .filter(|d| !d.is_empty())
                    .map(|d| {
                        serde_json::from_value(serde_json::Value::String(d.to_string()))
                            .map_err(|_| c.corrupt(days_at, format!("{d:?} is not a weekday")))
                    })
                    .collect::<Result<_, _>>()?,
            },
            _ => {
                return Err(c.corrupt(
                    kind_at,
                    format!("pattern {id}: kind {kind:?} without the fields it needs"),
                ));
            }
        };
        out.patterns.push(WorkingPatternRecord {
            id,
            worker,
            from,
            pattern,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_LEAVE, &mut |c| {
        out.leave.push(Leave {
            id: c.int()?,
            worker: c.int()?,
            first_day: c.date()?,
            last_day: c.date()?,
            reason: c.text()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_AUDITS, &mut |c| {
        let (id, child, auditor, paired_auditor, date) =
            (c.int()?, c.child()?, c.int()?, c.opt_int()?, c.date()?);
        let sel_at = c.next;
        let sel = c.text()?;
        let theme = c.opt_text()?;
        let selection = match (sel.as_str(), theme) {
            ("random", _) => AuditSelection::Random,
            ("themed", Some(t)) => AuditSelection::Themed(t),
            _ => return Err(c.corrupt(sel_at, format!("audit {id}: selection {sel:?}"))),
        };
        out.audits.push(CaseFileAudit {
            id,
            child,
            auditor,
            paired_auditor,
            date,
            selection,
            grade: c.code()?,
        });
        Ok(())
    })?;
    let mut forms: Vec<AuditForm> = Vec::new();
    each(tx, la, &QUALITY_AUDIT_FORMS, &mut |c| {
        forms.push(AuditForm {
            audit: c.int()?,
            sections: Vec::new(),
            actions: Vec::new(),
            moderation: None,
        });
        Ok(())
    })?;
    let at: HashMap<RecordId, usize> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.audit, i))
        .collect();
    let orphan = |t: &Table, audit: RecordId| {
        StoreError::Corrupt(format!("table {}: audit {audit} has no form", t.name))
    };
    each(tx, la, &QUALITY_AUDIT_SECTIONS, &mut |c| {
        let audit = c.int()?;
        let i = *at
            .get(&audit)
            .ok_or_else(|| orphan(&QUALITY_AUDIT_SECTIONS, audit))?;
        let s = SectionGrade {
            section: c.code()?,
            grade: c.code()?,
            comment: c.text()?,
        };
        forms[i].sections.push(s);
        Ok(())
    })?;
    each(tx, la, &QUALITY_AUDIT_ACTIONS, &mut |c| {
        let audit = c.int()?;
        let i = *at
            .get(&audit)
            .ok_or_else(|| orphan(&QUALITY_AUDIT_ACTIONS, audit))?;
        let _seq = c.int()?;
        let a = AuditAction {
            action: c.text()?,
            owner: c.int()?,
            due: c.date()?,
            completed: c.opt_date()?,
        };
        forms[i].actions.push(a);
        Ok(())
    })?;
    each(tx, la, &QUALITY_AUDIT_MODERATIONS, &mut |c| {
        let audit = c.int()?;
        let i = *at
            .get(&audit)
            .ok_or_else(|| orphan(&QUALITY_AUDIT_MODERATIONS, audit))?;
        let m = Moderation {
            moderator: c.int()?,
            date: c.date()?,
            original_grade: c.code()?,
            note: c.text()?,
        };
        forms[i].moderation = Some(m);
        Ok(())
    })?;
    // Sections come back in code order: restore the form's order.
    for f in &mut forms {
        f.sections.sort_by_key(|s| s.section);
    }
    out.audit_forms = forms;
    each(tx, la, &QUALITY_HEALTH_CHECKS, &mut |c| {
        out.health_checks.push(TeamHealthCheck {
            id: c.int()?,
            team: c.int()?,
            date: c.date()?,
            grade: c.code()?,
            findings: c.text()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_VEMT, &mut |c| {
        out.vemt.push(VemtConsideration {
            id: c.int()?,
            child: c.child()?,
            considered: c.date()?,
            cse_risk: c.opt_code()?,
            closed: c.opt_date()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_VEMT_MEETINGS, &mut |c| {
        out.vemt_meetings.push(VemtMeeting {
            id: c.int()?,
            date: c.date()?,
            children: Vec::new(),
        });
        Ok(())
    })?;
    let at: HashMap<RecordId, usize> = out
        .vemt_meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    let meetings = &mut out.vemt_meetings;
    each(tx, la, &QUALITY_VEMT_MEETING_CHILDREN, &mut |c| {
        let m = c.int()?;
        let i = *at.get(&m).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "table quality_vemt_meeting_children: no meeting {m}"
            ))
        })?;
        let _seq = c.int()?;
        meetings[i].children.push(c.child()?);
        Ok(())
    })?;
    each(tx, la, &QUALITY_HOMES, &mut |c| {
        out.homes.push(ChildrensHome {
            id: c.int()?,
            name: c.text()?,
            urn: c.text()?,
            places: c.small()?,
            inspections: Vec::new(),
        });
        Ok(())
    })?;
    let at: HashMap<RecordId, usize> = out
        .homes
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id, i))
        .collect();
    let homes = &mut out.homes;
    each(tx, la, &QUALITY_HOME_INSPECTIONS, &mut |c| {
        let h = c.int()?;
        let i = *at.get(&h).ok_or_else(|| {
            StoreError::Corrupt(format!("table quality_home_inspections: no home {h}"))
        })?;
        let _seq = c.int()?;
        homes[i].inspections.push(OfstedInspection {
            date: c.date()?,
            grade: c.code()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_TRANSFER_RULES, &mut |c| {
        out.transfer_rules.push(TransferRule {
            id: c.int()?,
            name: c.text()?,
            trigger: c.code()?,
            to_service: c.code()?,
            within_working_days: c.small()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_RISK_PLANS, &mut |c| {
        out.risk_plans.push(RiskPlan {
            id: c.int()?,
            child: c.child()?,
            kind: c.code()?,
            made: c.date()?,
            last_reviewed: c.opt_date()?,
            next_review: c.date()?,
            ended: c.opt_date()?,
        });
        Ok(())
    })?;
    each(tx, la, &QUALITY_CSE_DISCLOSURES, &mut |c| {
        out.cse_disclosures.push(CseDisclosure {
            id: c.int()?,
            child: c.child()?,
            date: c.date()?,
            disclosed_to: c.code()?,
            referred_to_police: c.boolean()?,
        });
        Ok(())
    })?;
    Ok(out)
}
