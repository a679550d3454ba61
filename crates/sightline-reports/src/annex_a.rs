//! The Ofsted ILACS Annex A workbook: the child-level lists a council hands
//! to inspectors, built from the records for an inspection date.
//!
//! Layout follows `ofsted-annex-a.md`: one worksheet per list named
//! `List 1` … `List 11`, headings in row 1 exactly as specified, one record
//! per row, dates as real date cells shown `dd/mm/yyyy`, coded values in the
//! prefixed form (`a) Male`, `q) 6: Police`). Look-back windows: six calendar
//! months before the inspection date for lists 1–8, twelve for lists 10 and
//! 11 and for every "in the last 12 months" count.
//!
//! Where Sightline does not record what a column asks for (child seen alone,
//! permanence plan, IRO visits, early help, adopters, ...), the cell is left
//! blank (or `c) Unknown` where the list allows it), and a list with no
//! records at all keeps its headings and carries a note in row 3. This
//! module does not validate the records; the returns' validators do.

use std::collections::BTreeMap;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sightline_domain::codes::*;
use sightline_domain::{
    ChildRecord, CodeList, ConferenceKind, Council, Date, HealthCheckKind, RecordId,
};
use sightline_indicators::period::minus_months;

use crate::Error;

/// One cell of a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Date(Date),
    Int(i64),
    Blank,
}

impl Value {
    /// The cell as text (`dd/mm/yyyy` for dates), for tests and CSV.
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Int(n) => n.to_string(),
            Value::Blank => String::new(),
        }
    }
}

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}
fn od(d: Option<Date>) -> Value {
    d.map_or(Value::Blank, Value::Date)
}

/// One list of Annex A.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Worksheet name: `List 1`.
    pub sheet: String,
    /// What the list is: `Contacts`.
    pub title: &'static str,
    pub headings: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
    /// Why the list is empty, when Sightline holds no records for it.
    pub note: Option<String>,
}

const COMMON: [&str; 5] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
];
const DISABILITY: &str = "Does the Child have a Disability";
const TEAM: &str = "Allocated Team";
const WORKER: &str = "Allocated Worker";

fn headings(extra: &[&'static str]) -> Vec<&'static str> {
    COMMON
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect()
}

/// `a) Male`, `b) Female`, `c) Not stated/recorded`.
pub fn gender(s: Sex) -> &'static str {
    match s {
        Sex::Male => "a) Male",
        Sex::Female => "b) Female",
        Sex::Unknown => "c) Not stated/recorded",
    }
}

/// `a) WBRI` … `t) NOBT` in the Annex A order.
pub fn ethnicity(e: Ethnicity) -> String {
    const ORDER: [&str; 20] = [
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
        "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    ];
    let code = e.code();
    match ORDER.iter().position(|c| *c == code) {
        Some(i) => format!("{}) {code}", (b'a' + i as u8) as char),
        None => code.to_string(),
    }
}

/// `q) 6: Police` (List 1 and List 3 source codes).
pub fn source(s: ReferralSource) -> String {
    let code = s.code();
    let (letter, label) = match code {
        "1A" => ("a", "Individual"),
        "1B" => ("b", "Individual"),
        "1C" => ("c", "Individual"),
        "1D" => ("d", "Individual"),
        "2A" => ("e", "Schools"),
        "2B" => ("f", "Education services"),
        "3A" => ("g", "Health services"),
        "3B" => ("h", "Health services"),
        "3C" => ("i", "Health services"),
        "3D" => ("j", "Health services"),
        "3E" => ("k", "Health services"),
        "3F" => ("l", "Health services"),
        "4" => ("m", "Housing"),
        "5A" => ("n", "LA services"),
        "5B" => ("o", "LA services"),
        "5C" => ("p", "LA services"),
        "5D" => ("p1", "LA services"),
        "6" => ("q", "Police"),
        "7" => ("r", "Other legal agency"),
        "8" => ("s", "Other"),
        "9" => ("t", "Anonymous"),
        _ => ("u", "Unknown"),
    };
    format!("{letter}) {code}: {label}")
}

fn yes_no(b: bool) -> &'static str {
    if b { "a) Yes" } else { "b) No" }
}

/// `a) Yes` when any disability other than NONE is recorded, `b) No` for
/// NONE only, `c) Unknown` when nothing is recorded.
pub fn disability(r: &ChildRecord) -> &'static str {
    let d = &r.child.disabilities;
    if d.is_empty() {
        "c) Unknown"
    } else if d.iter().any(|x| *x != Disability::None) {
        "a) Yes"
    } else {
        "b) No"
    }
}

fn need(n: &str) -> String {
    let label = match n {
        "N1" => "Abuse or neglect",
        "N2" => "Child's disability",
        "N3" => "Parental disability or illness",
        "N4" => "Family in acute stress",
        "N5" => "Family dysfunction",
        "N6" => "Socially unacceptable behaviour",
        "N7" => "Low income",
        "N8" => "Absent parenting",
        "N9" => "Cases other than children in need",
        _ => "Not stated",
    };
    format!("{n} - {label}")
}

fn closure(r: ReasonForClosure) -> String {
    let label = match r.code() {
        "RC1" => "Adopted",
        "RC2" => "Died",
        "RC3" => "Child arrangements order",
        "RC4" => "Special guardianship order",
        "RC5" => "Transferred to services of another local authority",
        "RC6" => "Transferred to adult social care services",
        "RC7" => "Services ceased for any other reason, including child no longer in need",
        "RC8" => "Case closed after assessment, no further action",
        _ => "Case closed after assessment, referred to early help",
    };
    format!("{} - {label}", r.code())
}

fn abuse(c: CategoryOfAbuse) -> &'static str {
    match c {
        CategoryOfAbuse::Neglect => "a) Neglect",
        CategoryOfAbuse::Physical => "b) Physical abuse",
        CategoryOfAbuse::Sexual => "c) Sexual abuse",
        CategoryOfAbuse::Emotional => "d) Emotional abuse",
        CategoryOfAbuse::Multiple => "e) Multiple/not recommended",
    }
}

fn legal_status(l: LegalStatus) -> String {
    let label = match l.code() {
        "C1" => "ICO",
        "C2" => "FCO",
        "D1" => "Freeing order",
        "E1" => "Placement order",
        "V2" => "Single period under S20",
        "V3" => "Short term breaks, episodes recorded",
        "V4" => "Short term breaks, agreements recorded",
        "L1" => "Police protection LA accommodation",
        "L2" => "EPO",
        "L3" => "Child assessment order LA accommodation",
        "J1" => "Remanded to LA or youth detention",
        "J2" => "LA accommodation under PACE",
        _ => "Youth rehabilitation order",
    };
    format!("{}: {label}", l.code())
}

fn placement(p: PlacementType) -> String {
    const LIST: [(&str, &str, &str); 27] = [
        ("a", "U1", "Foster placement - relatives - long term"),
        ("b", "U2", "Foster placement - relative - FFA"),
        ("c", "U3", "Foster placement - relative - not FFA"),
        ("d", "U4", "Foster placement - long term"),
        ("e", "U5", "Foster placement - FFA"),
        ("f", "U6", "Foster placement - not FFA"),
        ("g", "A3", "Placed for adoption - consent - current foster"),
        ("h", "A4", "Placed for adoption - consent - not foster"),
        ("i", "A5", "Placed for adoption - order - foster"),
        ("j", "A6", "Placed for adoption - order - not foster"),
        ("k", "P1", "Placed with parents"),
        ("l", "P2", "Independent living"),
        ("m", "P3", "Residential employment"),
        ("n", "H5", "Residential accommodation"),
        ("o", "K1", "Secure Children's Homes"),
        ("p", "K2", "Children's Homes"),
        ("q", "R1", "Residential Care Home"),
        ("r", "R2", "NHS/Health Trust"),
        ("s", "R3", "Family Centre or Mother and Baby Unit"),
        ("t", "R5", "Young Offender Institution"),
        ("u", "S1", "Residential school"),
        ("v", "Z1", "Other placements"),
        ("w", "T0", "Temporary placement"),
        ("x", "T1", "Temporary placement - hospital"),
        ("y", "T2", "Temporary placement - holiday"),
        ("z", "T3", "Temporary placement - carer holiday"),
        ("zz", "T4", "Temporary placement - seven days or less"),
    ];
    match LIST.iter().find(|(_, c, _)| *c == p.code()) {
        Some((l, c, label)) => format!("{l}) {c}: {label}"),
        // Codes added after the template (K3, Z11–Z14): code and DfE label.
        None => format!("{}: {}", p.code(), p.label()),
    }
}

fn provider(p: PlacementProvider) -> String {
    let (l, label) = match p.code() {
        "PR0" => ("a", "Parents/Parental responsibility"),
        "PR1" => ("b", "Own provision"),
        "PR2" => ("c", "Other LA provision"),
        "PR3" => ("d", "Other public provision"),
        "PR4" => ("e", "Private provision"),
        _ => ("f", "Voluntary/third sector"),
    };
    format!("{l}) {}: {label}", p.code())
}

fn ceased(r: ReasonEpisodeCeased) -> String {
    const LIST: [(&str, &str, &str); 22] = [
        ("a", "E11", "Adopted - application unopposed"),
        ("b", "E12", "Adopted - consent dispensed"),
        ("c", "E2", "Died"),
        ("d", "E3", "Care taken by another LA"),
        (
            "e",
            "E4A",
            "Returned home to live with parents or relatives - part of planning",
        ),
        (
            "f",
            "E4B",
            "Returned home to live with parents or relatives - not part of planning",
        ),
        (
            "g",
            "E13",
            "Parents, relatives or other with no parental responsibility",
        ),
        ("h", "E41", "Residence order granted"),
        (
            "i",
            "E45",
            "Special Guardianship Orders - former carer relative/friend",
        ),
        (
            "j",
            "E46",
            "Special Guardianship Orders - former carer other",
        ),
        ("k", "E47", "Special Guardianship Orders - relative/friend"),
        ("l", "E48", "Special Guardianship Orders - other"),
        ("m", "E5", "Moved into independent living - supported"),
        ("n", "E6", "Moved into independent living - no support"),
        (
            "o",
            "E7",
            "Transferred to residential care funded by adult social services",
        ),
        ("p", "E9", "Sentenced to custody"),
        ("q", "E14", "Accommodation on remand ended"),
        ("r", "E15", "Age assessment determined child was 18 or over"),
        ("s", "E16", "Child moved abroad"),
        ("t", "E8", "Care ceased for any other reason"),
        ("u", "X1", "CodeError"),
        ("v", "E17", "Aged 18+ and remained with current carers"),
    ];
    match LIST.iter().find(|(_, c, _)| *c == r.code()) {
        Some((l, c, label)) => format!("{l}) {c}: {label}"),
        None => r.code().to_string(),
    }
}

fn in_touch(i: InTouch) -> &'static str {
    match i {
        InTouch::Yes => "a) Yes",
        InTouch::No => "b) No",
        InTouch::Died => "c) Died",
        InTouch::Refused => "d) Refu",
        InTouch::NotRequired => "e) NREQ",
        InTouch::ReturnedHome => "f) Rhom",
    }
}

fn accommodation_type(a: CareLeaverAccommodation) -> Value {
    let letter = a.code().chars().next().unwrap_or('0');
    let label = match letter {
        'B' => "Parents/relatives",
        'C' => "Community home/residential care",
        'D' => "Semi-independent, transitional accommodation and self-contained accommodation",
        'E' => "Supported lodgings",
        'G' => "Abroad",
        'H' => "Deported",
        'K' => "Ordinary lodgings, without formal support",
        'R' => "Residence not known",
        'S' => "No fixed abode/homeless",
        'T' => "Foyers and similar supported accommodation",
        'U' => "Independent living",
        'V' => "Emergency accommodation",
        'W' => "Bed and breakfast",
        'X' => "In custody",
        'Y' => "Other accommodation",
        'Z' => "With former foster carers",
        _ => return Value::Blank,
    };
    t(format!("{letter}: {label}"))
}

fn reason_placed_ceased(r: ReasonPlacedCeased) -> String {
    let label = match r.code() {
        "RD1" => "The child's needs changed subsequent to the decision",
        "RD2" => "The Court did not make a placement order",
        "RD3" => "Prospective adopters could not be found",
        _ => "Any other reason",
    };
    format!("{} - {label}", r.code())
}

/// Who holds the case at a date: (team name, worker name).
struct Staff<'a> {
    council: &'a Council,
    teams: BTreeMap<RecordId, &'a str>,
}

impl<'a> Staff<'a> {
    fn new(council: &'a Council) -> Staff<'a> {
        Staff {
            council,
            teams: council
                .teams
                .iter()
                .map(|t| (t.id, t.name.as_str()))
                .collect(),
        }
    }
    fn worker(&self, r: &ChildRecord, on: Date) -> Option<&'a sightline_domain::Worker> {
        let id = r.allocated_worker_on(on)?;
        self.council.workers.iter().find(|w| w.id == id)
    }
    fn cells(&self, r: &ChildRecord, on: Date) -> [Value; 2] {
        match self.worker(r, on) {
            Some(w) => [
                self.teams.get(&w.team).map_or(Value::Blank, |n| t(*n)),
                t(w.name.clone()),
            ],
            None => [Value::Blank, Value::Blank],
        }
    }
}

fn common(r: &ChildRecord, on: Date) -> Vec<Value> {
    let c = &r.child;
    vec![
        t(c.id.to_string()),
        t(gender(c.sex)),
        t(ethnicity(c.ethnicity)),
        if c.birth.is_unborn() {
            Value::Blank
        } else {
            Value::Date(c.birth.date())
        },
        c.age_on(on)
            .filter(|a| *a >= 0)
            .map_or(Value::Blank, |a| Value::Int(i64::from(a))),
    ]
}

/// Every list for an inspection whose data is produced on `date`.
pub fn lists(council: &Council, date: Date) -> Vec<List> {
    let six = minus_months(date, 6);
    let twelve = minus_months(date, 12);
    let in6 = |d: Date| d > six && d <= date;
    let in12 = |d: Date| d > twelve && d <= date;
    let staff = Staff::new(council);
    let mut out = vec![];

    // List 1: contacts.
    let mut rows = vec![];
    for r in &council.children {
        for c in r.contacts.iter().filter(|c| in6(c.date)) {
            let mut row = common(r, date);
            row.extend([Value::Date(c.date), t(source(c.source))]);
            rows.push(row);
        }
    }
    out.push(List {
        sheet: "List 1".into(),
        title: "Contacts",
        headings: headings(&["Date of Contact", "Contact Source"]),
        note: rows
            .is_empty()
            .then(|| "No contacts are recorded in the six months before the inspection.".into()),
        rows,
    });

    // List 2: early help (not recorded).
    out.push(List {
        sheet: "List 2".into(),
        title: "Early help",
        headings: headings(&[
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ]),
        rows: vec![],
        note: Some("Sightline does not record early help assessments yet: supply this list from the early help system.".into()),
    });

    // List 3: referrals.
    let mut rows = vec![];
    for r in &council.children {
        for f in r.referrals.iter().filter(|f| in6(f.date)) {
            let since = minus_months(f.date, 12);
            let previous = r
                .referrals
                .iter()
                .filter(|o| o.id != f.id && o.date >= since && o.date <= f.date)
                .count();
            let mut row = common(r, date);
            row.extend([
                Value::Date(f.date),
                t(source(f.source)),
                t(yes_no(f.nfa)),
                Value::Int(previous as i64),
            ]);
            row.extend(staff.cells(r, date));
            rows.push(row);
        }
    }
    out.push(List {
        sheet: "List 3".into(),
        title: "Referrals",
        headings: headings(&[
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            TEAM,
            WORKER,
        ]),
        note: rows
            .is_empty()
            .then(|| "No referrals are recorded in the six months before the inspection.".into()),
        rows,
    });

    // List 4: assessments.
    let mut rows = vec![];
    for r in &council.children {
        for a in r.assessments.iter().filter(|a| in6(a.start)) {
            let authorised = a.authorised.filter(|d| *d <= date);
            let referral = r.referrals.iter().find(|f| f.id == a.referral);
            let closed_after = referral.and_then(|f| f.closure.as_ref()).is_some_and(|c| {
                matches!(
                    c.reason,
                    ReasonForClosure::ClosedAfterAssessmentNfa
                        | ReasonForClosure::ClosedAfterAssessmentEarlyHelp
                )
            });
            let seen = r.visits.iter().any(|v| {
                v.child_seen && v.date >= a.start && authorised.is_none_or(|e| v.date <= e)
            });
            let mut row = common(r, date);
            row.extend([
                t(disability(r)),
                Value::Date(a.start),
                t(if seen { "a) Yes" } else { "c) Unknown" }),
                od(authorised),
                match authorised {
                    Some(_) => t(yes_no(!closed_after)),
                    None => Value::Blank,
                },
            ]);
            row.extend(staff.cells(r, date));
            rows.push(row);
        }
    }
    out.push(List {
        sheet: "List 4".into(),
        title: "Assessments",
        headings: headings(&[
            DISABILITY,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            TEAM,
            WORKER,
        ]),
        note: rows
            .is_empty()
            .then(|| "No assessments started in the six months before the inspection.".into()),
        rows,
    });

    // List 5: section 47 enquiries and ICPCs.
    let mut rows = vec![];
    for r in &council.children {
        let icpcs_12m = r
            .conferences
            .iter()
            .filter(|c| c.kind == ConferenceKind::Initial && in12(c.date))
            .count();
        for s in r.section47s.iter().filter(|s| in6(s.start)) {
            let icpc = r
                .conferences
                .iter()
                .filter(|c| c.kind == ConferenceKind::Initial && c.date <= date)
                .find(|c| c.section47 == Some(s.id))
                .or_else(|| {
                    r.conferences.iter().find(|c| {
                        c.kind == ConferenceKind::Initial
                            && c.section47.is_none()
                            && c.referral == s.referral
                            && c.date >= s.start
                            && c.date <= date
                    })
                });
            let since = minus_months(s.start, 12);
            let others = r
                .section47s
                .iter()
                .filter(|o| o.id != s.id && o.start >= since && o.start <= s.start)
                .count();
            let mut row = common(r, date);
            row.extend([
                t(disability(r)),
                Value::Date(s.start),
                t(yes_no(s.icpc_not_required)),
                od(icpc.map(|c| c.date)),
                icpc.map_or(Value::Blank, |c| t(yes_no(c.plan_outcome))),
                Value::Int(others as i64),
                Value::Int(icpcs_12m as i64),
            ]);
            row.extend(staff.cells(r, date));
            rows.push(row);
        }
    }
    out.push(List {
        sheet: "List 5".into(),
        title: "Section 47 enquiries and ICPCs",
        headings: headings(&[
            DISABILITY,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            TEAM,
            WORKER,
        ]),
        note: rows.is_empty().then(|| {
            "No section 47 enquiries started in the six months before the inspection.".into()
        }),
        rows,
    });

    // List 6: children in need (open at the date or during the six months).
    let mut rows = vec![];
    for r in &council.children {
        let open =
            r.referrals.iter().rev().find(|f| {
                !f.nfa && f.date <= date && f.closure.as_ref().is_none_or(|c| c.date > six)
            });
        let Some(f) = open else { continue };
        let closure_in = f.closure.as_ref().filter(|c| c.date <= date);
        let status = if r.is_looked_after_on(date) {
            "a) Looked after child"
        } else if r.is_on_cp_plan_on(date) {
            "b) Child Protection plan"
        } else if r
            .cin_plans
            .iter()
            .any(|p| p.start <= date && p.end.is_none_or(|e| e > date))
        {
            "c) Child in need plan"
        } else if r
            .assessments
            .iter()
            .any(|a| a.start <= date && a.authorised.is_none_or(|e| e > date))
        {
            "d) Open assessment"
        } else {
            "e) Closed episode"
        };
        let last_seen = r
            .visits
            .iter()
            .filter(|v| v.child_seen && v.date <= date)
            .map(|v| v.date)
            .max();
        let mut row = common(r, date);
        row.extend([
            t(disability(r)),
            Value::Date(f.date),
            t(need(f.primary_need.map_or("N0", |n| n.code()))),
            od(last_seen),
            od(closure_in.map(|c| c.date)),
            closure_in.map_or(Value::Blank, |c| t(closure(c.reason))),
            t(status),
        ]);
        row.extend(staff.cells(r, date));
        rows.push(row);
    }
    out.push(List {
        sheet: "List 6".into(),
        title: "Children in need",
        headings: headings(&[
            DISABILITY,
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            TEAM,
            WORKER,
        ]),
        note: rows.is_empty().then(|| {
            "No children in need at the inspection date or in the six months before it.".into()
        }),
        rows,
    });

    // List 7: child protection.
    let mut rows = vec![];
    for r in &council.children {
        let epo = r.episodes.iter().any(|e| {
            matches!(
                e.legal_status,
                LegalStatus::PoliceProtection | LegalStatus::EmergencyProtectionOrder
            ) && e.start <= date
                && e.end.as_ref().is_none_or(|x| x.date > six)
        });
        for p in r
            .cp_plans
            .iter()
            .filter(|p| p.start <= date && p.end.is_none_or(|e| e > six))
        {
            let end = p.end.filter(|e| *e <= date);
            let last_visit = r
                .visits
                .iter()
                .filter(|v| v.date <= date && v.date >= p.start)
                .map(|v| v.date)
                .max();
            let review = r
                .conferences
                .iter()
                .filter(|c| {
                    c.kind == ConferenceKind::Review && c.cp_plan == Some(p.id) && c.date <= date
                })
                .map(|c| c.date)
                .max();
            let mut row = common(r, date);
            row.extend([
                t(disability(r)),
                Value::Date(p.start),
                t(abuse(p.initial_category)),
                t(abuse(p.latest_category)),
                od(last_visit),
                if last_visit.is_some() {
                    t("c) Unknown")
                } else {
                    Value::Blank
                },
                od(review),
                od(end),
                t(yes_no(epo)),
                Value::Int(i64::from(p.previous_plans)),
            ]);
            row.extend(staff.cells(r, date));
            rows.push(row);
        }
    }
    out.push(List {
        sheet: "List 7".into(),
        title: "Child protection",
        headings: headings(&[
            DISABILITY,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            TEAM,
            WORKER,
        ]),
        note: rows.is_empty().then(|| "No child protection plans open at the inspection date or ended in the six months before it.".into()),
        rows,
    });

    // List 8: children in care.
    let mut rows = vec![];
    for r in &council.children {
        let periods = r.periods_of_care();
        let Some(period) = periods
            .iter()
            .rev()
            .find(|p| p.start <= date && p.end.as_ref().is_none_or(|e| e.date > six))
        else {
            continue;
        };
        let eps: Vec<&sightline_domain::LookedAfterEpisode> = period
            .episodes
            .iter()
            .filter_map(|&i| r.episodes.get(i))
            .filter(|e| e.start <= date)
            .collect();
        let Some(last) = eps.last() else { continue };
        if last.legal_status.is_short_break() {
            continue;
        }
        let ended = period.end.as_ref().filter(|e| e.date <= date);
        let ls_start = eps
            .iter()
            .rev()
            .take_while(|e| e.legal_status == last.legal_status)
            .last()
            .map(|e| e.start);
        let new_placement = |e: &&&sightline_domain::LookedAfterEpisode| {
            !e.placement.is_temporary()
                && matches!(
                    e.reason_new,
                    ReasonNewEpisode::Started
                        | ReasonNewEpisode::PlacementChange
                        | ReasonNewEpisode::LegalStatusAndPlacement
                )
        };
        let placement_start = eps.iter().rev().find(new_placement).map(|e| e.start);
        let placements_12m = r
            .episodes
            .iter()
            .filter(|e| in12(e.start) && new_placement(&e))
            .count();
        let second = periods
            .iter()
            .filter(|p| p.start <= date && p.end.as_ref().is_none_or(|e| e.date > twelve))
            .count()
            > 1;
        let uasc = r
            .child
            .uasc
            .as_ref()
            .is_some_and(|u| u.ceased.is_none_or(|c| c > twelve));
        let check = |k: HealthCheckKind| {
            r.health_checks
                .iter()
                .filter(|h| h.kind == k && h.date <= date)
                .map(|h| h.date)
                .max()
        };
        let missing = |k: MissingKind| {
            r.missing
                .iter()
                .filter(|m| m.kind == k && in12(m.start))
                .count() as i64
        };
        let mut row = common(r, date);
        row.extend([
            t(yes_no(uasc)),
            t(disability(r)),
            Value::Date(period.start),
            t(need(last.category_of_need.code())),
            t(yes_no(second)),
            od(ls_start),
            t(legal_status(last.legal_status)),
            od(r.cla_reviews
                .iter()
                .filter(|v| v.date <= date)
                .map(|v| v.date)
                .max()),
            od(r.visits
                .iter()
                .filter(|v| v.date <= date && v.date >= period.start)
                .map(|v| v.date)
                .max()),
            Value::Blank,
            Value::Blank,
            od(check(HealthCheckKind::HealthAssessment)),
            od(check(HealthCheckKind::Dental)),
            Value::Int(placements_12m as i64),
            od(ended.map(|e| e.date)),
            ended.map_or(Value::Blank, |e| t(ceased(e.reason))),
            od(placement_start),
            t(placement(last.placement)),
            last.provider.map_or(Value::Blank, |p| t(provider(p))),
            last.placement_postcode.clone().map_or(Value::Blank, t),
            last.urn.clone().map_or(Value::Blank, t),
            Value::Blank,
            Value::Blank,
            Value::Int(missing(MissingKind::Missing)),
            Value::Int(missing(MissingKind::Away)),
            Value::Blank,
            Value::Blank,
        ]);
        row.extend(staff.cells(r, date));
        rows.push(row);
    }
    out.push(List {
        sheet: "List 8".into(),
        title: "Children in care",
        headings: headings(&[
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
            DISABILITY,
            "Date Started to be Looked After",
            "Child's Category of Need",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            "Start date of current legal status",
            "Child's Legal Status",
            "Date of Latest Statutory Review",
            "Date of Last Social Work Visit",
            "What is the permanence plan for this child?",
            "Date of Last IRO Visit / Contact to the Child",
            "Date of Last Health Assessment",
            "Date of Last Dental Check",
            "Number of Placements in the Last 12 months",
            "Date Ceased to be Looked After",
            "Reason Ceased to be Looked After",
            "Start Date of Most Recent Placement",
            "Placement Type",
            "Placement Provider",
            "Placement postcode",
            "URN of Placement",
            "Placement Location",
            "LA of Placement",
            "Number of Episodes the Child has been \u{2018}Missing\u{2019} from their Placement in the last 12 months",
            "Number of Episodes the Child has been \u{2018}Absent\u{2019} from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            TEAM,
            WORKER,
        ]),
        note: rows.is_empty().then(|| "No children in care at the inspection date or in the six months before it.".into()),
        rows,
    });

    // List 9: care leavers (open leaving care involvement at the date).
    let mut rows = vec![];
    for r in &council.children {
        if !r
            .leaving_care
            .iter()
            .any(|l| l.start <= date && l.end.is_none_or(|e| e > date))
        {
            continue;
        }
        let status = r.care_leaver_statuses.iter().max_by_key(|s| (s.year, s.id));
        let adviser = staff
            .worker(r, date)
            .filter(|w| w.role == sightline_domain::WorkerRole::PersonalAdviser)
            .map(|w| w.name.clone());
        let age = r.child.age_on(date).unwrap_or(0);
        let category = if r.is_looked_after_on(date) {
            "d) Eligible child"
        } else if age >= 18 {
            "b) Former relevant child"
        } else {
            "a) Relevant child"
        };
        let [team, worker] = staff.cells(r, date);
        let mut row = common(r, date);
        row.extend([
            t(yes_no(r.child.uasc.is_some())),
            t(disability(r)),
            team,
            worker,
            adviser.map_or(Value::Blank, t),
            t(category),
            Value::Blank,
            status.map_or(Value::Blank, |s| t(in_touch(s.in_touch))),
            Value::Blank,
            status.map_or(Value::Blank, |s| accommodation_type(s.accommodation)),
            status.map_or(Value::Blank, |s| {
                if s.accommodation == CareLeaverAccommodation::NotKnown {
                    Value::Blank
                } else {
                    t(if s.accommodation.is_suitable() {
                        "a) Suitable"
                    } else {
                        "b) Unsuitable"
                    })
                }
            }),
            status.map_or(Value::Blank, |s| {
                t(format!("{}: {}", s.activity.code(), s.activity.label()))
            }),
        ]);
        rows.push(row);
    }
    out.push(List {
        sheet: "List 9".into(),
        title: "Care leavers",
        headings: headings(&[
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            DISABILITY,
            TEAM,
            WORKER,
            "Allocated Personal Advisor",
            "Eligibility Category",
            "Latest Pathway Plan Review Date",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ]),
        note: rows.is_empty().then(|| {
            "No care leavers receiving leaving care services at the inspection date.".into()
        }),
        rows,
    });

    // List 10: adoption.
    let mut rows = vec![];
    for r in &council.children {
        let adopted = r
            .episodes
            .iter()
            .filter_map(|e| e.end.as_ref())
            .find(|e| e.reason.is_adoption() && e.date <= date)
            .map(|e| e.date);
        for dec in &r.adoption_decisions {
            let reversed = dec.ceased.filter(|(d, _)| *d <= date);
            let relevant = in12(dec.decision_date)
                || adopted.is_some_and(in12)
                || reversed.is_some_and(|(d, _)| in12(d))
                || (dec.decision_date <= date && reversed.is_none() && adopted.is_none());
            if !relevant || dec.decision_date > date {
                continue;
            }
            let entered = r
                .periods_of_care()
                .into_iter()
                .filter(|p| p.start <= dec.decision_date)
                .map(|p| p.start)
                .max();
            let c = &r.child;
            let first = |f: &dyn Fn(&sightline_domain::LookedAfterEpisode) -> bool| {
                r.episodes
                    .iter()
                    .filter(|e| e.start <= date && f(e))
                    .map(|e| e.start)
                    .min()
            };
            rows.push(vec![
                t(c.id.to_string()),
                c.family.map_or(Value::Blank, |f| t(f.to_string())),
                t(gender(c.sex)),
                t(ethnicity(c.ethnicity)),
                if c.birth.is_unborn() {
                    Value::Blank
                } else {
                    Value::Date(c.birth.date())
                },
                c.age_on(date)
                    .filter(|a| *a >= 0)
                    .map_or(Value::Blank, |a| Value::Int(i64::from(a))),
                t(disability(r)),
                od(entered),
                Value::Date(dec.decision_date),
                od(first(&|e| e.legal_status == LegalStatus::PlacementOrder)),
                od(r.adoption
                    .as_ref()
                    .map(|a| a.matched_date)
                    .filter(|d| *d <= date)),
                od(first(&|e| e.placement.is_placed_for_adoption())),
                od(adopted),
                od(reversed.map(|(d, _)| d)),
                reversed.map_or(Value::Blank, |(_, why)| t(reason_placed_ceased(why))),
                od(first(&|e| {
                    matches!(
                        e.placement,
                        PlacementType::FosterRelativeFfa | PlacementType::FosterFfa
                    )
                })),
            ]);
        }
    }
    out.push(List {
        sheet: "List 10".into(),
        title: "Adoption",
        headings: vec![
            "Child Unique ID",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Date of Birth",
            "Age of Child (Years)",
            DISABILITY,
            "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption",
            "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters",
            "Date Placed for Adoption",
            "Date of Adoption Order",
            "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ],
        note: rows.is_empty().then(|| "No children with an adoption decision, adoption or reversed decision in the 12 months before the inspection.".into()),
        rows,
    });

    // List 11: adopters (not recorded).
    out.push(List {
        sheet: "List 11".into(),
        title: "Adopters",
        headings: vec![
            "Individual adopter identifier",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Disability",
            "Is the (prospective) adopter fostering for adoption?",
            "Date enquiry received",
            "Date Stage 1 started",
            "Date Stage 1 ended",
            "Date Stage 2 started",
            "Date Stage 2 ended",
            "Date application submitted",
            "Date application approved",
            "Date adopter matched with child(ren)",
            "Date child/children placed with adopter(s)",
            "No. of children placed",
            "Date of Adoption Order",
            "Date of leaving adoption process",
            "Reason for leaving adoption process",
        ],
        rows: vec![],
        note: Some("Sightline does not record prospective adopters yet: supply this list from the adoption agency's records.".into()),
    });
    out
}

/// The Annex A workbook as xlsx bytes.
pub fn workbook(council: &Council, date: Date) -> Result<Vec<u8>, Error> {
    let x = |e: rust_xlsxwriter::XlsxError| Error::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let italic = Format::new().set_italic();
    for list in lists(council, date) {
        let ws = wb.add_worksheet();
        ws.set_name(&list.sheet).map_err(x)?;
        for (c, h) in list.headings.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(x)?;
            ws.set_column_width(c as u16, 18).map_err(x)?;
        }
        ws.set_freeze_panes(1, 0).map_err(x)?;
        for (i, row) in list.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Value::Text(s) => {
                        ws.write_string(r, c, s).map_err(x)?;
                    }
                    Value::Int(n) => {
                        ws.write_number(r, c, *n as f64).map_err(x)?;
                    }
                    Value::Date(d) => {
                        use chrono::Datelike;
                        // Excel cannot hold dates before 1900: write those as text.
                        match u16::try_from(d.year()).ok().and_then(|y| {
                            ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
                        }) {
                            Some(dt) => {
                                ws.write_datetime_with_format(r, c, &dt, &date_fmt)
                                    .map_err(x)?;
                            }
                            None => {
                                ws.write_string(r, c, v.text()).map_err(x)?;
                            }
                        }
                    }
                    Value::Blank => {}
                }
            }
        }
        if let Some(note) = &list.note {
            ws.write_string_with_format(2, 0, format!("Note: {note}"), &italic)
                .map_err(x)?;
        }
    }
    wb.save_to_buffer().map_err(x)
}
