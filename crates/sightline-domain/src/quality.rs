//! The records a council keeps about its workforce and the quality of its
//! practice: the funded establishment (posts), working patterns and leave
//! (the rota), case file audits, team health checks, the VEMT panel
//! (vulnerable, exploited, missing, trafficked children) and the disclosures
//! of child sexual exploitation it records, the council's own
//! children's homes and their Ofsted inspections, and the transfer protocol
//! between services.
//!
//! Why here: the seeds report these facts beside the children's figures
//! (caseloads, agency staff, audit grades, VEMT counts, homes' grades), and
//! the store, the CLI and the rules in `sightline-workforce` must share one
//! vocabulary for them. Bad input is refused at the boundary with
//! [`QualityError`]: overlapping employment records for one person, an
//! audit of a case by its own manager.
//!
//! What it deliberately does not do: compute rates, coverage or deadlines
//! (that is `sightline-workforce`), or know how any of this is stored.
//! People in post are the existing [`Worker`] records; a person with several
//! spells (a move between teams, a return) has several `Worker` records
//! sharing one `sw_id`.

use chrono::{Datelike, Months, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::ids::ChildId;
use crate::journey::{Council, RecordId, Service, Worker, WorkerRole};

/// Why a workforce or quality record was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QualityError {
    #[error(
        "employment records {first} and {second} for {sw_id} overlap ({first} runs {first_span}, {second} starts {second_start}); end one before the other starts"
    )]
    OverlappingEmployment {
        sw_id: String,
        first: RecordId,
        second: RecordId,
        first_span: String,
        second_start: Date,
    },
    #[error(
        "audit {audit}: worker {auditor} is the team manager of the worker holding child {child}'s case on {date}; a case is never audited by its own manager"
    )]
    AuditByOwnManager {
        audit: RecordId,
        auditor: RecordId,
        child: String,
        date: Date,
    },
    #[error("audit {audit}: the auditor and the paired auditor are the same worker ({auditor})")]
    AuditorPairedWithSelf { audit: RecordId, auditor: RecordId },
    #[error("audit {audit}: no worker {worker} in this council")]
    UnknownWorker { audit: RecordId, worker: RecordId },
    #[error("{what}: ends {end} before it starts {start}")]
    EndsBeforeStart {
        what: String,
        start: Date,
        end: Date,
    },
    #[error("children's home {name:?}: URN {urn:?} is not an Ofsted URN (SC followed by 6 digits)")]
    BadUrn { name: String, urn: String },
    #[error("{what}: no worker {worker} in this council")]
    UnknownWorkerFor { what: String, worker: RecordId },
    #[error("audit form for audit {0}: there is no audit {0}")]
    FormWithoutAudit(RecordId),
    #[error("audit {audit}: section {section:?} is graded twice")]
    SectionTwice {
        audit: RecordId,
        section: &'static str,
    },
    #[error(
        "audit {audit}: moderator {moderator} is one of the audit's own auditors; moderation is by someone else"
    )]
    ModeratedByAuditor {
        audit: RecordId,
        moderator: RecordId,
    },
    #[error("{what}: {date} is before {before_what} {before}")]
    DateBefore {
        what: String,
        date: Date,
        before_what: &'static str,
        before: Date,
    },
    #[error("{what}: there is no child {child} in this council")]
    UnknownChild { what: String, child: String },
    #[error("{what}: expected {expected}, found {found:?}")]
    BadValue {
        what: &'static str,
        expected: &'static str,
        found: String,
    },
}

/// The value among `all` whose code is `wanted` (the input already trimmed
/// and normalised), or the `BadValue` error naming `what`, the accepted
/// `expected` codes and the user's own `found` text.
fn parse_by_code<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    wanted: &str,
    found: &str,
    what: &'static str,
    expected: &'static str,
) -> Result<T, QualityError> {
    all.iter()
        .copied()
        .find(|x| code(*x) == wanted)
        .ok_or_else(|| QualityError::BadValue {
            what,
            expected,
            found: found.to_string(),
        })
}

/// The Ofsted four-point scale, used for audits, team health checks and
/// children's homes' inspections. Ordered best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::RequiresImprovement,
        Grade::Inadequate,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Outstanding => "outstanding",
            Self::Good => "good",
            Self::RequiresImprovement => "requires_improvement",
            Self::Inadequate => "inadequate",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Outstanding => "Outstanding",
            Self::Good => "Good",
            Self::RequiresImprovement => "Requires improvement",
            Self::Inadequate => "Inadequate",
        }
    }
    /// Good or outstanding.
    pub fn is_good_or_better(self) -> bool {
        matches!(self, Self::Outstanding | Self::Good)
    }
    /// Parse the code or the label, ignoring case (`RI` is accepted too).
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        if t == "ri" {
            return Ok(Self::RequiresImprovement);
        }
        parse_by_code(
            &Self::ALL,
            Self::code,
            &t,
            s,
            "grade",
            "outstanding, good, requires improvement or inadequate",
        )
    }
}

/// A funded post on a team's establishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: RecordId,
    pub team: RecordId,
    pub role: WorkerRole,
    /// Funded FTE in hundredths (100 = 1.0).
    pub fte_hundredths: u16,
    pub case_holding: bool,
    /// Funded from (inclusive) until `end` (exclusive).
    pub start: Date,
    pub end: Option<Date>,
}

impl Post {
    pub fn is_funded_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// Refuse overlapping employment records: two `Worker` records with the
/// same `sw_id` whose spells overlap (a move between teams ends one spell
/// the day the next starts), or a record ending before it starts.
pub fn check_employment(workers: &[Worker]) -> Result<(), QualityError> {
    let mut sorted: Vec<&Worker> = workers.iter().collect();
    sorted.sort_by(|a, b| a.sw_id.cmp(&b.sw_id).then(a.start.cmp(&b.start)));
    for w in &sorted {
        if let Some(end) = w.end
            && end < w.start
        {
            return Err(QualityError::EndsBeforeStart {
                what: format!("employment record {} for {}", w.id, w.sw_id),
                start: w.start,
                end,
            });
        }
    }
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.sw_id == b.sw_id && a.end.is_none_or(|e| e > b.start) {
            return Err(QualityError::OverlappingEmployment {
                sw_id: a.sw_id.clone(),
                first: a.id,
                second: b.id,
                first_span: match a.end {
                    Some(e) => format!("{} to {}", a.start, e),
                    None => format!("from {} with no end", a.start),
                },
                second_start: b.start,
            });
        }
    }
    Ok(())
}

/// When a worker works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum WorkingPattern {
    /// Monday to Friday.
    FullTime,
    /// Nine-day fortnight: `day_off` is not worked in the fortnight's
    /// first week, counted from the Monday of `anchor`'s week, and every
    /// second week after it.
    NineDayFortnight { day_off: Weekday, anchor: Date },
    /// Works only the listed weekdays every week.
    PartTime { days: Vec<Weekday> },
}

impl WorkingPattern {
    /// The pattern has `on` as a working day (bank holidays and weekends
    /// are left to the caller's calendar).
    pub fn works_on(&self, on: Date) -> bool {
        let wd = on.weekday();
        if matches!(wd, Weekday::Sat | Weekday::Sun) {
            return false;
        }
        match self {
            Self::FullTime => true,
            Self::PartTime { days } => days.contains(&wd),
            Self::NineDayFortnight { day_off, anchor } => {
                if wd != *day_off {
                    return true;
                }
                let monday = |d: Date| {
                    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
                };
                let weeks = (monday(on) - monday(*anchor)).num_days().div_euclid(7);
                weeks.rem_euclid(2) != 0
            }
        }
    }

    /// Parse `full_time`, `9df:fri:2026-11-02` (nine-day fortnight, day off,
    /// anchor week) or `part_time:mon,tue,wed`.
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let bad = || QualityError::BadValue {
            what: "working pattern",
            expected: "full_time, 9df:DAY:YYYY-MM-DD or part_time:DAY,DAY,...",
            found: s.to_string(),
        };
        let t = s.trim().to_ascii_lowercase();
        if t == "full_time" {
            return Ok(Self::FullTime);
        }
        if let Some(rest) = t.strip_prefix("9df:") {
            let (day, anchor) = rest.split_once(':').ok_or_else(bad)?;
            let day_off = day.parse::<Weekday>().map_err(|_| bad())?;
            let anchor = crate::calendar::parse_iso_date(anchor).ok_or_else(bad)?;
            if matches!(day_off, Weekday::Sat | Weekday::Sun) {
                return Err(bad());
            }
            return Ok(Self::NineDayFortnight { day_off, anchor });
        }
        if let Some(rest) = t.strip_prefix("part_time:") {
            let days = rest
                .split(',')
                .map(|d| d.trim().parse::<Weekday>().map_err(|_| bad()))
                .collect::<Result<Vec<_>, _>>()?;
            if days.is_empty()
                || days
                    .iter()
                    .any(|d| matches!(d, Weekday::Sat | Weekday::Sun))
            {
                return Err(bad());
            }
            return Ok(Self::PartTime { days });
        }
        Err(bad())
    }
}

/// A worker's working pattern from a date (until the next record for the
/// same worker). Workers with no record work full time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingPatternRecord {
    pub id: RecordId,
    pub worker: RecordId,
    pub from: Date,
    pub pattern: WorkingPattern,
}

/// Leave (annual, sickness, training...), both dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leave {
    pub id: RecordId,
    pub worker: RecordId,
    pub first_day: Date,
    pub last_day: Date,
    pub reason: String,
}

impl Leave {
    pub fn covers(&self, on: Date) -> bool {
        self.first_day <= on && on <= self.last_day
    }
    pub fn check(&self) -> Result<(), QualityError> {
        if self.last_day < self.first_day {
            return Err(QualityError::EndsBeforeStart {
                what: format!("leave {} for worker {}", self.id, self.worker),
                start: self.first_day,
                end: self.last_day,
            });
        }
        Ok(())
    }
}

/// How a case was chosen for audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "theme")]
pub enum AuditSelection {
    Random,
    /// A themed selection, e.g. "voice of the child", "CP plans over 18 months".
    Themed(String),
}

/// A case file audit (monthly, by a pair of managers), graded on the
/// Ofsted scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFileAudit {
    pub id: RecordId,
    pub child: ChildId,
    pub auditor: RecordId,
    pub paired_auditor: Option<RecordId>,
    pub date: Date,
    pub selection: AuditSelection,
    pub grade: Grade,
}

impl CaseFileAudit {
    /// Refuse an audit by the case's own manager (the team manager of the
    /// team whose worker holds the case on the audit date), or an auditor
    /// paired with themself, or an unknown auditor.
    pub fn check(&self, council: &Council) -> Result<(), QualityError> {
        if self.paired_auditor == Some(self.auditor) {
            return Err(QualityError::AuditorPairedWithSelf {
                audit: self.id,
                auditor: self.auditor,
            });
        }
        let worker = |id: RecordId| council.workers.iter().find(|w| w.id == id);
        for a in std::iter::once(self.auditor).chain(self.paired_auditor) {
            if worker(a).is_none() {
                return Err(QualityError::UnknownWorker {
                    audit: self.id,
                    worker: a,
                });
            }
        }
        let Some(rec) = council.children.iter().find(|c| c.child.id == self.child) else {
            return Ok(());
        };
        let holders: Vec<&Worker> = rec
            .allocations
            .iter()
            .filter(|a| a.is_current_on(self.date))
            .filter_map(|a| worker(a.worker))
            .collect();
        for a in std::iter::once(self.auditor).chain(self.paired_auditor) {
            let Some(aw) = worker(a) else { continue };
            let manages = aw.role == WorkerRole::TeamManager
                && holders.iter().any(|h| h.team == aw.team || h.id == aw.id);
            if manages {
                return Err(QualityError::AuditByOwnManager {
                    audit: self.id,
                    auditor: a,
                    child: self.child.as_str().to_string(),
                    date: self.date,
                });
            }
        }
        Ok(())
    }
}

/// A team health check: findings and a grade; repeated after 12 months for
/// a good or outstanding team and after 6 months for the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamHealthCheck {
    pub id: RecordId,
    pub team: RecordId,
    pub date: Date,
    pub grade: Grade,
    pub findings: String,
}

impl TeamHealthCheck {
    /// The next check is due 12 months after a good or outstanding grade,
    /// 6 months after any other (month ends clamp: 31 Aug + 6 months = 28/29 Feb).
    pub fn next_due(&self) -> Date {
        let months = if self.grade.is_good_or_better() {
            12
        } else {
            6
        };
        self.date
            .checked_add_months(Months::new(months))
            .unwrap_or(self.date)
    }
}

/// CSE (child sexual exploitation) risk level at the VEMT panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low];
    pub fn code(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let t = s.trim().to_ascii_lowercase();
        parse_by_code(
            &Self::ALL,
            Self::code,
            &t,
            s,
            "CSE risk level",
            "high, medium or low",
        )
    }
}

/// A child considered by the VEMT panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VemtConsideration {
    pub id: RecordId,
    pub child: ChildId,
    /// The panel meeting that first considered the child.
    pub considered: Date,
    /// At potential risk of CSE, and how high; `None` if not.
    pub cse_risk: Option<RiskLevel>,
    /// Closed to VEMT arrangements on this date; open until then.
    pub closed: Option<Date>,
}

impl VemtConsideration {
    pub fn is_open_on(&self, on: Date) -> bool {
        self.considered <= on && self.closed.is_none_or(|c| c > on)
    }
}

/// To whom a child disclosed sexual exploitation, as the VEMT panel
/// records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosedTo {
    SocialWorker,
    Police,
    SchoolStaff,
    HealthProfessional,
    ParentOrCarer,
    Other,
}

impl DisclosedTo {
    pub const ALL: [DisclosedTo; 6] = [
        DisclosedTo::SocialWorker,
        DisclosedTo::Police,
        DisclosedTo::SchoolStaff,
        DisclosedTo::HealthProfessional,
        DisclosedTo::ParentOrCarer,
        DisclosedTo::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::SocialWorker => "social_worker",
            Self::Police => "police",
            Self::SchoolStaff => "school_staff",
            Self::HealthProfessional => "health_professional",
            Self::ParentOrCarer => "parent_or_carer",
            Self::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SocialWorker => "Social worker",
            Self::Police => "Police",
            Self::SchoolStaff => "School staff",
            Self::HealthProfessional => "Health professional",
            Self::ParentOrCarer => "Parent or carer",
            Self::Other => "Other",
        }
    }
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let t = s.trim().to_ascii_lowercase();
        parse_by_code(
            &Self::ALL,
            Self::code,
            &t,
            s,
            "disclosed to",
            "social_worker, police, school_staff, health_professional, parent_or_carer or other",
        )
    }
}

/// A disclosure of child sexual exploitation (CSE) by a child, as the VEMT
/// panel records it (seed 003 paragraph 20 reports the quarter's count,
/// `indicators.md` §2.28 `cse_disclosures`). The date is the day the child
/// disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CseDisclosure {
    pub id: RecordId,
    pub child: ChildId,
    pub date: Date,
    pub disclosed_to: DisclosedTo,
    /// The disclosure was referred to the police.
    pub referred_to_police: bool,
}

impl CseDisclosure {
    /// The child is one of the council's and the disclosure is not dated
    /// before the child's (expected) birth. A date after the day of saving
    /// needs the clock and is refused by `sightline_workforce`.
    pub fn check(&self, council: &Council) -> Result<(), QualityError> {
        let what = || format!("CSE disclosure {}", self.id);
        let Some(rec) = council.children.iter().find(|c| c.child.id == self.child) else {
            return Err(QualityError::UnknownChild {
                what: what(),
                child: self.child.as_str().to_string(),
            });
        };
        let born = rec.child.birth.date();
        if self.date < born {
            return Err(QualityError::DateBefore {
                what: what(),
                date: self.date,
                before_what: "the child's date of birth",
                before: born,
            });
        }
        Ok(())
    }
}

/// An Ofsted inspection of a children's home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfstedInspection {
    pub date: Date,
    pub grade: Grade,
}

/// One of the council's own children's homes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildrensHome {
    pub id: RecordId,
    pub name: String,
    /// Ofsted unique reference number, `SC` and six digits.
    pub urn: String,
    pub places: u16,
    pub inspections: Vec<OfstedInspection>,
}

impl ChildrensHome {
    /// The most recent inspection on or before `on`.
    pub fn latest_on(&self, on: Date) -> Option<&OfstedInspection> {
        self.inspections
            .iter()
            .filter(|i| i.date <= on)
            .max_by_key(|i| i.date)
    }
    pub fn check(&self) -> Result<(), QualityError> {
        let u = self.urn.as_bytes();
        let ok = u.len() == 8
            && u[..2].eq_ignore_ascii_case(b"SC")
            && u[2..].iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(QualityError::BadUrn {
                name: self.name.clone(),
                urn: self.urn.clone(),
            });
        }
        Ok(())
    }
}

/// What starts a transfer between services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferTrigger {
    /// A period of care starts.
    BecomesLookedAfter,
    /// A child protection plan starts.
    CpPlanStarts,
}

/// The transfer protocol: after `trigger`, the case moves to a worker in
/// `to_service` within `within_working_days` (start day = day 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRule {
    pub id: RecordId,
    pub name: String,
    pub trigger: TransferTrigger,
    pub to_service: Service,
    pub within_working_days: u32,
}

/// A section of the structured case file audit form. Each is graded on
/// the Ofsted scale beside the overall grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditSection {
    /// The child's wishes and feelings are seen and heard.
    VoiceOfTheChild,
    Assessment,
    /// Plans are specific, timely and reviewed.
    Planning,
    /// Supervision and management oversight on the file.
    ManagementOversight,
    MultiAgencyWorking,
    /// What difference the work made for the child.
    Impact,
}

impl AuditSection {
    pub const ALL: [AuditSection; 6] = [
        AuditSection::VoiceOfTheChild,
        AuditSection::Assessment,
        AuditSection::Planning,
        AuditSection::ManagementOversight,
        AuditSection::MultiAgencyWorking,
        AuditSection::Impact,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::VoiceOfTheChild => "voice_of_the_child",
            Self::Assessment => "assessment",
            Self::Planning => "planning",
            Self::ManagementOversight => "management_oversight",
            Self::MultiAgencyWorking => "multi_agency_working",
            Self::Impact => "impact",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::VoiceOfTheChild => "Voice of the child",
            Self::Assessment => "Assessment",
            Self::Planning => "Planning",
            Self::ManagementOversight => "Management oversight",
            Self::MultiAgencyWorking => "Multi-agency working",
            Self::Impact => "Impact and outcomes",
        }
    }
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        parse_by_code(
            &Self::ALL,
            Self::code,
            &t,
            s,
            "audit section",
            "voice_of_the_child, assessment, planning, management_oversight, multi_agency_working or impact",
        )
    }
}

/// One section's grade on the audit form, with the auditors' comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionGrade {
    pub section: AuditSection,
    pub grade: Grade,
    #[serde(default)]
    pub comment: String,
}

/// An action the audit asks for: what, who owns it, by when, and when done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditAction {
    pub action: String,
    /// The worker who owns the action.
    pub owner: RecordId,
    pub due: Date,
    #[serde(default)]
    pub completed: Option<Date>,
}

impl AuditAction {
    pub fn is_overdue_on(&self, on: Date) -> bool {
        self.due < on && self.completed.is_none_or(|c| c > on)
    }
}

/// Moderation of an audit's overall grade by a third manager. The audit's
/// `grade` is the moderated grade; the auditors' grade is kept here, so
/// the quarterly distribution counts the grade that stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    pub moderator: RecordId,
    pub date: Date,
    /// The overall grade the auditors gave before moderation.
    pub original_grade: Grade,
    #[serde(default)]
    pub note: String,
}

/// The structured form behind a [`CaseFileAudit`]: per-section grades,
/// actions and moderation. Kept beside the audit (keyed by its id) so that
/// an audit recorded with only an overall grade, as older returns were,
/// stays valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditForm {
    pub audit: RecordId,
    #[serde(default)]
    pub sections: Vec<SectionGrade>,
    #[serde(default)]
    pub actions: Vec<AuditAction>,
    #[serde(default)]
    pub moderation: Option<Moderation>,
}

impl AuditForm {
    /// Refuse a form with no audit, a section graded twice, an unknown
    /// action owner or moderator, a moderation by one of the auditors, or
    /// dates before the audit.
    pub fn check(
        &self,
        audit: Option<&CaseFileAudit>,
        council: &Council,
    ) -> Result<(), QualityError> {
        let Some(audit) = audit else {
            return Err(QualityError::FormWithoutAudit(self.audit));
        };
        // The worker named for `what` is one of the council's, and the date
        // (`date_what`) is not before the audit.
        let by_known_worker_after_audit =
            |what: String, worker: RecordId, date_what: String, date: Date| {
                if !council.workers.iter().any(|w| w.id == worker) {
                    return Err(QualityError::UnknownWorkerFor { what, worker });
                }
                if date < audit.date {
                    return Err(QualityError::DateBefore {
                        what: date_what,
                        date,
                        before_what: "the audit date",
                        before: audit.date,
                    });
                }
                Ok(())
            };
        let mut seen = Vec::new();
        for s in &self.sections {
            if seen.contains(&s.section) {
                return Err(QualityError::SectionTwice {
                    audit: self.audit,
                    section: s.section.label(),
                });
            }
            seen.push(s.section);
        }
        for (i, a) in self.actions.iter().enumerate() {
            let what = format!("audit {} action {}", self.audit, i + 1);
            by_known_worker_after_audit(what.clone(), a.owner, format!("{what} due"), a.due)?;
        }
        if let Some(m) = &self.moderation {
            if m.moderator == audit.auditor || Some(m.moderator) == audit.paired_auditor {
                return Err(QualityError::ModeratedByAuditor {
                    audit: self.audit,
                    moderator: m.moderator,
                });
            }
            let what = format!("audit {} moderation", self.audit);
            by_known_worker_after_audit(what.clone(), m.moderator, what, m.date)?;
        }
        Ok(())
    }
}

/// A VEMT panel meeting and the children it discussed (new and reviewed).
/// A child's first consideration is its [`VemtConsideration`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VemtMeeting {
    pub id: RecordId,
    pub date: Date,
    pub children: Vec<ChildId>,
}

/// Which kind of plan keeps a child safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskPlanKind {
    /// A safety plan (every child with a social worker, seed 001).
    SafetyPlan,
    /// A risk assessment for a child with special educational needs or a
    /// disability.
    SendRiskAssessment,
}

impl RiskPlanKind {
    pub const ALL: [RiskPlanKind; 2] = [RiskPlanKind::SafetyPlan, RiskPlanKind::SendRiskAssessment];
    pub fn code(self) -> &'static str {
        match self {
            Self::SafetyPlan => "safety_plan",
            Self::SendRiskAssessment => "send_risk_assessment",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SafetyPlan => "Safety plan",
            Self::SendRiskAssessment => "SEND risk assessment",
        }
    }
    pub fn parse(s: &str) -> Result<Self, QualityError> {
        let t = s.trim().to_ascii_lowercase();
        parse_by_code(
            &Self::ALL,
            Self::code,
            &t,
            s,
            "plan kind",
            "safety_plan or send_risk_assessment",
        )
    }
}

/// A child's safety plan or SEND risk assessment, with its review dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskPlan {
    pub id: RecordId,
    pub child: ChildId,
    pub kind: RiskPlanKind,
    pub made: Date,
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    pub next_review: Date,
    /// No longer needed from this date.
    #[serde(default)]
    pub ended: Option<Date>,
}

impl RiskPlan {
    pub fn is_current_on(&self, on: Date) -> bool {
        self.made <= on && self.ended.is_none_or(|e| e > on)
    }
    /// Current and its review date has passed.
    pub fn is_overdue_on(&self, on: Date) -> bool {
        self.is_current_on(on) && self.next_review < on
    }
    pub fn check(&self) -> Result<(), QualityError> {
        let what = || {
            format!(
                "{} {} for child {}",
                self.kind.label(),
                self.id,
                self.child.as_str()
            )
        };
        if let Some(e) = self.ended
            && e < self.made
        {
            return Err(QualityError::EndsBeforeStart {
                what: what(),
                start: self.made,
                end: e,
            });
        }
        for (d, w) in [
            (Some(self.next_review), "next review"),
            (self.last_reviewed, "last review"),
        ] {
            if let Some(d) = d
                && d < self.made
            {
                return Err(QualityError::DateBefore {
                    what: format!("{} {w}", what()),
                    date: d,
                    before_what: "the date it was made",
                    before: self.made,
                });
            }
        }
        Ok(())
    }
}

/// Everything in this module a council records, as one bundle for the
/// store and the CLI. Lists added after the first release default to empty
/// when a file leaves them out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityRecords {
    pub posts: Vec<Post>,
    pub patterns: Vec<WorkingPatternRecord>,
    pub leave: Vec<Leave>,
    pub audits: Vec<CaseFileAudit>,
    pub health_checks: Vec<TeamHealthCheck>,
    pub vemt: Vec<VemtConsideration>,
    pub homes: Vec<ChildrensHome>,
    pub transfer_rules: Vec<TransferRule>,
    /// Section grades, actions and moderation, keyed by audit id.
    #[serde(default)]
    pub audit_forms: Vec<AuditForm>,
    #[serde(default)]
    pub vemt_meetings: Vec<VemtMeeting>,
    /// Safety plans and SEND risk assessments.
    #[serde(default)]
    pub risk_plans: Vec<RiskPlan>,
    /// Disclosures of child sexual exploitation.
    #[serde(default)]
    pub cse_disclosures: Vec<CseDisclosure>,
}

impl QualityRecords {
    /// Every check that needs only the records and the council: posts and
    /// leave with ends before starts, homes' URNs, audits by a case's own
    /// manager, audit forms (sections, actions, moderation), safety plans'
    /// and risk assessments' dates, CSE disclosures (a known child, not
    /// before birth), overlapping employment. The first
    /// problem is returned.
    pub fn check(&self, council: &Council) -> Result<(), QualityError> {
        check_employment(&council.workers)?;
        for p in &self.posts {
            if let Some(e) = p.end
                && e < p.start
            {
                return Err(QualityError::EndsBeforeStart {
                    what: format!("post {}", p.id),
                    start: p.start,
                    end: e,
                });
            }
        }
        self.leave.iter().try_for_each(Leave::check)?;
        self.homes.iter().try_for_each(ChildrensHome::check)?;
        self.audits.iter().try_for_each(|a| a.check(council))?;
        for f in &self.audit_forms {
            f.check(self.audits.iter().find(|a| a.id == f.audit), council)?;
        }
        self.risk_plans.iter().try_for_each(RiskPlan::check)?;
        self.cse_disclosures
            .iter()
            .try_for_each(|x| x.check(council))?;
        Ok(())
    }

    /// The form of audit `id`, if one was recorded.
    pub fn form_of(&self, audit: RecordId) -> Option<&AuditForm> {
        self.audit_forms.iter().find(|f| f.audit == audit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::{Allocation, ChildRecord, Employment, Team};

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    fn testkit_child(id: &str) -> crate::journey::Child {
        use crate::codes::*;
        crate::journey::Child {
            id: ChildId::parse(id).unwrap(),
            forename: "Amy".into(),
            surname: "Test".into(),
            upn: None,
            former_upn: None,
            upn_unknown: Some(UpnUnknown::Un1),
            birth: crate::journey::Birth::Born(d(2010, 5, 1)),
            sex: Sex::Female,
            ethnicity: Ethnicity::WhiteBritish,
            disabilities: vec![Disability::None],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        }
    }

    fn worker(id: i64, sw: &str, team: i64, role: WorkerRole, start: Date) -> Worker {
        Worker {
            id,
            sw_id: sw.into(),
            name: format!("W{id}"),
            team,
            role,
            employment: Employment::Permanent,
            fte_hundredths: 100,
            start,
            end: None,
            qualified: None,
            case_holding: role != WorkerRole::TeamManager,
        }
    }

    #[test]
    fn overlapping_employment_is_refused_and_a_team_move_is_not() {
        let mut a = worker(1, "SW1", 1, WorkerRole::SocialWorker, d(2020, 1, 1));
        a.end = Some(d(2021, 1, 1));
        let b = worker(2, "SW1", 2, WorkerRole::SocialWorker, d(2021, 1, 1));
        assert_eq!(check_employment(&[a.clone(), b.clone()]), Ok(()));
        let early = worker(3, "SW1", 2, WorkerRole::SocialWorker, d(2020, 12, 31));
        let err = check_employment(&[a, early]).unwrap_err();
        assert!(matches!(
            err,
            QualityError::OverlappingEmployment {
                first: 1,
                second: 3,
                ..
            }
        ));
        assert!(err.to_string().contains("SW1"), "{err}");
    }

    #[test]
    fn nine_day_fortnight_misses_the_day_off_every_other_week() {
        // Anchor week starting Monday 2 Nov 2026: Friday 6 Nov is off,
        // Friday 13 Nov worked, Friday 20 Nov off.
        let p = WorkingPattern::parse("9df:fri:2026-11-02").unwrap();
        assert!(!p.works_on(d(2026, 11, 6)));
        assert!(p.works_on(d(2026, 11, 13)));
        assert!(!p.works_on(d(2026, 11, 20)));
        assert!(p.works_on(d(2026, 11, 5)));
        assert!(!p.works_on(d(2026, 11, 7)));
        // Before the anchor too: 30 Oct is two weeks... one week before 6 Nov.
        assert!(p.works_on(d(2026, 10, 30)));
        assert!(!p.works_on(d(2026, 10, 23)));
        let pt = WorkingPattern::parse("part_time:mon,tue").unwrap();
        assert!(pt.works_on(d(2026, 11, 2)) && !pt.works_on(d(2026, 11, 4)));
        assert!(WorkingPattern::parse("9df:sat:2026-11-02").is_err());
        assert!(WorkingPattern::parse("part_time:").is_err());
    }

    #[test]
    fn health_check_next_due_depends_on_grade() {
        let mut h = TeamHealthCheck {
            id: 1,
            team: 1,
            date: d(2016, 8, 31),
            grade: Grade::Good,
            findings: String::new(),
        };
        assert_eq!(h.next_due(), d(2017, 8, 31));
        h.grade = Grade::RequiresImprovement;
        assert_eq!(h.next_due(), d(2017, 2, 28));
        h.grade = Grade::Outstanding;
        assert_eq!(h.next_due(), d(2017, 8, 31));
    }

    #[test]
    fn audit_by_the_cases_own_manager_is_refused() {
        let council = Council {
            la: crate::ids::LaNumber::new(808).unwrap(),
            name: "Test".into(),
            population_0_17: 1000,
            teams: vec![
                Team {
                    id: 1,
                    name: "A".into(),
                    service: Service::Safeguarding,
                },
                Team {
                    id: 2,
                    name: "B".into(),
                    service: Service::LookedAfter,
                },
            ],
            workers: vec![
                worker(10, "SW10", 1, WorkerRole::SocialWorker, d(2015, 1, 1)),
                worker(11, "SW11", 1, WorkerRole::TeamManager, d(2015, 1, 1)),
                worker(12, "SW12", 2, WorkerRole::TeamManager, d(2015, 1, 1)),
            ],
            children: vec![{
                let mut r = ChildRecord::new(testkit_child("C1"));
                r.allocations.push(Allocation {
                    id: 1,
                    worker: 10,
                    start: d(2016, 1, 1),
                    end: None,
                    reason: crate::codes::SocialWorkerChangeReason::FirstContact,
                });
                r
            }],
        };
        let mut audit = CaseFileAudit {
            id: 5,
            child: ChildId::parse("C1").unwrap(),
            auditor: 12,
            paired_auditor: Some(11),
            date: d(2016, 6, 1),
            selection: AuditSelection::Random,
            grade: Grade::Good,
        };
        let err = audit.check(&council).unwrap_err();
        assert!(
            matches!(err, QualityError::AuditByOwnManager { auditor: 11, .. }),
            "{err}"
        );
        audit.paired_auditor = None;
        assert_eq!(audit.check(&council), Ok(()));
        audit.paired_auditor = Some(12);
        assert!(matches!(
            audit.check(&council),
            Err(QualityError::AuditorPairedWithSelf { .. })
        ));
        audit.paired_auditor = Some(99);
        assert!(matches!(
            audit.check(&council),
            Err(QualityError::UnknownWorker { .. })
        ));
    }

    #[test]
    fn grades_urns_and_risk_levels_parse_at_the_boundary() {
        assert_eq!(
            Grade::parse("Requires improvement"),
            Ok(Grade::RequiresImprovement)
        );
        assert_eq!(Grade::parse("RI"), Ok(Grade::RequiresImprovement));
        assert!(Grade::parse("satisfactory").is_err());
        assert_eq!(RiskLevel::parse(" High "), Ok(RiskLevel::High));
        let mut h = ChildrensHome {
            id: 1,
            name: "Oak".into(),
            urn: "SC123456".into(),
            places: 4,
            inspections: vec![
                OfstedInspection {
                    date: d(2015, 3, 1),
                    grade: Grade::RequiresImprovement,
                },
                OfstedInspection {
                    date: d(2016, 3, 1),
                    grade: Grade::Good,
                },
            ],
        };
        assert_eq!(h.check(), Ok(()));
        assert_eq!(
            h.latest_on(d(2015, 12, 1)).map(|i| i.grade),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(
            h.latest_on(d(2016, 12, 1)).map(|i| i.grade),
            Some(Grade::Good)
        );
        h.urn = "SC12345".into();
        assert!(h.check().is_err());
    }

    #[test]
    fn cse_disclosure_needs_a_known_child_and_a_date_after_birth() {
        let council = Council {
            la: crate::ids::LaNumber::new(808).unwrap(),
            name: "Test".into(),
            population_0_17: 1000,
            teams: vec![],
            workers: vec![],
            children: vec![ChildRecord::new(testkit_child("C1"))],
        };
        let disclosure = CseDisclosure {
            id: 3,
            child: ChildId::parse("C1").unwrap(),
            date: d(2016, 8, 1),
            disclosed_to: DisclosedTo::SocialWorker,
            referred_to_police: true,
        };
        let mut q = QualityRecords {
            cse_disclosures: vec![disclosure],
            ..QualityRecords::default()
        };
        assert_eq!(q.check(&council), Ok(()));
        q.cse_disclosures[0].child = ChildId::parse("C9").unwrap();
        let e = q.check(&council).unwrap_err();
        assert_eq!(
            e.to_string(),
            "CSE disclosure 3: there is no child C9 in this council"
        );
        q.cse_disclosures[0].child = ChildId::parse("C1").unwrap();
        // Born 2010-05-01: the day before is refused, the day itself is not.
        q.cse_disclosures[0].date = d(2010, 4, 30);
        let e = q.check(&council).unwrap_err();
        assert!(
            e.to_string().contains("before the child's date of birth"),
            "{e}"
        );
        q.cse_disclosures[0].date = d(2010, 5, 1);
        assert_eq!(q.check(&council), Ok(()));
        // The JSON field may be left out (files written before it existed).
        let old: QualityRecords = serde_json::from_str(
            r#"{"posts": [], "patterns": [], "leave": [], "audits": [], "health_checks": [],
                "vemt": [], "homes": [], "transfer_rules": []}"#,
        )
        .unwrap();
        assert!(old.cse_disclosures.is_empty());
        let back: QualityRecords =
            serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(back, q);
        assert_eq!(DisclosedTo::parse(" Police "), Ok(DisclosedTo::Police));
        assert!(DisclosedTo::parse("friend").is_err());
    }

    #[test]
    fn records_bundle_refuses_the_first_bad_record_and_reads_its_json() {
        let council = Council {
            la: crate::ids::LaNumber::new(808).unwrap(),
            name: "Test".into(),
            population_0_17: 1000,
            teams: vec![],
            workers: vec![worker(1, "SW1", 1, WorkerRole::SocialWorker, d(2015, 1, 1))],
            children: vec![],
        };
        let json = r#"{
            "posts": [{"id": 1, "team": 1, "role": "social_worker", "fte_hundredths": 100,
                       "case_holding": true, "start": "2016-04-01", "end": null}],
            "patterns": [{"id": 1, "worker": 1, "from": "2016-04-04",
                          "pattern": {"kind": "nine_day_fortnight", "day_off": "Fri", "anchor": "2016-04-04"}}],
            "leave": [], "audits": [], "health_checks": [], "vemt": [],
            "homes": [{"id": 1, "name": "Oak", "urn": "SC123456", "places": 4, "inspections": []}],
            "transfer_rules": []
        }"#;
        let mut q: QualityRecords = serde_json::from_str(json).unwrap();
        assert_eq!(q.check(&council), Ok(()));
        assert!(!q.patterns[0].pattern.works_on(d(2016, 4, 8)));
        q.posts[0].end = Some(d(2016, 3, 1));
        assert!(matches!(
            q.check(&council),
            Err(QualityError::EndsBeforeStart { .. })
        ));
        q.posts[0].end = None;
        q.leave.push(Leave {
            id: 2,
            worker: 1,
            first_day: d(2016, 5, 2),
            last_day: d(2016, 5, 1),
            reason: String::new(),
        });
        let e = q.check(&council).unwrap_err();
        assert!(e.to_string().contains("leave 2 for worker 1"), "{e}");
    }

    #[test]
    fn audit_forms_refuse_double_sections_self_moderation_and_early_dates() {
        let council = Council {
            la: crate::ids::LaNumber::new(808).unwrap(),
            name: "Test".into(),
            population_0_17: 1000,
            teams: vec![],
            workers: (1..=3)
                .map(|i| {
                    worker(
                        i,
                        &format!("SW{i}"),
                        1,
                        WorkerRole::TeamManager,
                        d(2015, 1, 1),
                    )
                })
                .collect(),
            children: vec![],
        };
        let audit = CaseFileAudit {
            id: 7,
            child: ChildId::parse("C1").unwrap(),
            auditor: 1,
            paired_auditor: Some(2),
            date: d(2016, 6, 1),
            selection: AuditSelection::Random,
            grade: Grade::Good,
        };
        let mut form = AuditForm {
            audit: 7,
            sections: vec![SectionGrade {
                section: AuditSection::Planning,
                grade: Grade::Good,
                comment: String::new(),
            }],
            actions: vec![AuditAction {
                action: "Update the plan".into(),
                owner: 3,
                due: d(2016, 7, 1),
                completed: None,
            }],
            moderation: Some(Moderation {
                moderator: 3,
                date: d(2016, 6, 10),
                original_grade: Grade::RequiresImprovement,
                note: String::new(),
            }),
        };
        assert_eq!(form.check(Some(&audit), &council), Ok(()));
        assert!(form.actions[0].is_overdue_on(d(2016, 7, 2)));
        assert!(!form.actions[0].is_overdue_on(d(2016, 7, 1)));
        assert_eq!(
            form.check(None, &council),
            Err(QualityError::FormWithoutAudit(7))
        );
        form.sections.push(form.sections[0].clone());
        assert!(matches!(
            form.check(Some(&audit), &council),
            Err(QualityError::SectionTwice { .. })
        ));
        form.sections.pop();
        form.moderation.as_mut().unwrap().moderator = 2;
        assert!(matches!(
            form.check(Some(&audit), &council),
            Err(QualityError::ModeratedByAuditor { moderator: 2, .. })
        ));
        form.moderation = None;
        form.actions[0].due = d(2016, 5, 1);
        let e = form.check(Some(&audit), &council).unwrap_err();
        assert!(e.to_string().contains("audit 7 action 1 due"), "{e}");
        form.actions[0].due = d(2016, 7, 1);
        form.actions[0].owner = 99;
        assert!(matches!(
            form.check(Some(&audit), &council),
            Err(QualityError::UnknownWorkerFor { worker: 99, .. })
        ));
        assert_eq!(
            AuditSection::parse("Voice of the child"),
            Ok(AuditSection::VoiceOfTheChild)
        );
        assert!(AuditSection::parse("weather").is_err());
    }

    #[test]
    fn risk_plans_are_overdue_after_their_review_date_while_current() {
        let mut p = RiskPlan {
            id: 1,
            child: ChildId::parse("C1").unwrap(),
            kind: RiskPlanKind::SafetyPlan,
            made: d(2016, 1, 4),
            last_reviewed: None,
            next_review: d(2016, 4, 4),
            ended: None,
        };
        assert_eq!(p.check(), Ok(()));
        assert!(!p.is_overdue_on(d(2016, 4, 4)));
        assert!(p.is_overdue_on(d(2016, 4, 5)));
        assert!(!p.is_current_on(d(2016, 1, 3)));
        p.ended = Some(d(2016, 4, 5));
        assert!(!p.is_overdue_on(d(2016, 4, 5)));
        p.ended = Some(d(2015, 12, 1));
        assert!(matches!(
            p.check(),
            Err(QualityError::EndsBeforeStart { .. })
        ));
        p.ended = None;
        p.next_review = d(2015, 12, 1);
        let e = p.check().unwrap_err();
        assert!(
            e.to_string()
                .contains("Safety plan 1 for child C1 next review"),
            "{e}"
        );
        assert_eq!(
            RiskPlanKind::parse("send_risk_assessment"),
            Ok(RiskPlanKind::SendRiskAssessment)
        );
    }
}
