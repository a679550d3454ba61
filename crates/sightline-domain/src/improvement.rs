//! Improvement plans and placement finance: what a council rated inadequate
//! records to show it is improving (inspections, their recommendations, the
//! themed action plan, monitoring visits) and what it spends on the children
//! it looks after (a weekly cost on every placement, budget lines per
//! financial year, staff cost rates).
//!
//! Why here: the plan's actions link to indicator ids and the placement costs
//! to children, so these records sit beside the journey model and are parsed
//! once, at the boundary, by the constructors below. Money is always integer
//! pence ([`Pence`]); a float never holds a sum of money.
//!
//! What it deliberately does not do: compute outturns, savings or exception
//! reports (crate `sightline-finance` holds those rules), or decide who may
//! see finance detail (the web app's roles do).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, parse_iso_date};
use crate::ids::ChildId;
use crate::journey::{Employment, RecordId, WorkerRole};

/// Why a record was refused at the boundary. Each message names the field
/// and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImprovementError {
    #[error(
        "{field}: {value:?} is not an amount of money: expected pounds such as 3200, 3,200.50 or £7,385"
    )]
    BadMoney { field: &'static str, value: String },
    #[error("{field}: {value:?} is not a date: expected YYYY-MM-DD")]
    BadDate { field: &'static str, value: String },
    #[error("{field} is required: {why}")]
    Missing {
        field: &'static str,
        why: &'static str,
    },
    #[error("{field}: {value:?} is not one of {expected}")]
    BadCode {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(
        "{0:?} is not a financial year: expected YYYY/YY with consecutive years (e.g. 2025/26) or the starting year, 2000 to 2099"
    )]
    BadYear(String),
    #[error("budget line for {year} is for an unknown year: this council has budgets for {known}")]
    UnknownYear { year: FinancialYear, known: String },
    #[error("{field}: {why}")]
    Invalid { field: &'static str, why: String },
}

/// An amount of money in pence. Never a float: sums, differences and
/// pro-rating stay exact, and rounding happens once, where documented.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Pence(pub i64);

impl Pence {
    pub const ZERO: Pence = Pence(0);

    /// Whole pounds.
    pub const fn pounds(p: i64) -> Pence {
        Pence(p * 100)
    }

    /// Parse pounds as people write them: `3200`, `3,200.50`, `£7,385`,
    /// `-639000`. At most two decimal places.
    pub fn parse(field: &'static str, s: &str) -> Result<Pence, ImprovementError> {
        let bad = || ImprovementError::BadMoney {
            field,
            value: s.to_string(),
        };
        let t = s.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let t = t.strip_prefix('£').unwrap_or(t);
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        let digits: String = whole.chars().filter(|&c| c != ',').collect();
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (t.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        let pounds: i64 = digits.parse().map_err(|_| bad())?;
        let pence: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        let v = pounds
            .checked_mul(100)
            .and_then(|v| v.checked_add(pence))
            .ok_or_else(bad)?;
        Ok(Pence(if neg { -v } else { v }))
    }

    /// `£1,234.56` (`-£639,000.00` when negative).
    pub fn display(self) -> String {
        let neg = self.0 < 0;
        let a = self.0.unsigned_abs();
        let pounds = (a / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{}£{grouped}.{:02}", if neg { "-" } else { "" }, a % 100)
    }

    /// `£4.424m` style, as council finance reports print budgets (rounded
    /// half away from zero to the nearest £1,000).
    pub fn display_millions(self) -> String {
        let thousands = (self.0 + if self.0 < 0 { -50_000 } else { 50_000 }) / 100_000;
        let neg = thousands < 0;
        let t = thousands.unsigned_abs();
        format!(
            "{}£{}.{:03}m",
            if neg { "-" } else { "" },
            t / 1000,
            t % 1000
        )
    }
}

impl fmt::Display for Pence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::ops::Add for Pence {
    type Output = Pence;
    fn add(self, o: Pence) -> Pence {
        Pence(self.0 + o.0)
    }
}

impl std::ops::Sub for Pence {
    type Output = Pence;
    fn sub(self, o: Pence) -> Pence {
        Pence(self.0 - o.0)
    }
}

impl std::ops::AddAssign for Pence {
    fn add_assign(&mut self, o: Pence) {
        self.0 += o.0;
    }
}

impl std::iter::Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        Pence(iter.map(|p| p.0).sum())
    }
}

/// A financial year, 1 April to 31 March, named by the calendar year it
/// STARTS in: `FinancialYear(2025)` is 2025/26 (1 April 2025 – 31 March
/// 2026). (A DfE `CollectionYear` is named by the year it ends; finance
/// reports write "2016/17", whose first half names it here.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// `2025/26`, `2025-26` or `2025`; years 2000 to 2099.
    pub fn parse(s: &str) -> Result<FinancialYear, ImprovementError> {
        let t = s.trim();
        let bad = || ImprovementError::BadYear(s.to_string());
        let (first, second) = match t.split_once(['/', '-']) {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        if first.len() != 4 {
            return Err(bad());
        }
        let y: i32 = first.parse().map_err(|_| bad())?;
        if !(2000..=2099).contains(&y) {
            return Err(bad());
        }
        if let Some(b) = second {
            let want = format!("{:02}", (y + 1) % 100);
            if b != want && b != (y + 1).to_string() {
                return Err(bad());
            }
        }
        Ok(FinancialYear(y))
    }

    /// 1 April.
    pub fn start(self) -> Date {
        Date::from_ymd_opt(self.0, 4, 1).unwrap_or_default()
    }

    /// 31 March of the next year (inclusive).
    pub fn end(self) -> Date {
        Date::from_ymd_opt(self.0 + 1, 3, 31).unwrap_or_default()
    }

    /// Days in the year (365 or 366).
    pub fn days(self) -> i64 {
        (self.end() - self.start()).num_days() + 1
    }

    /// The financial year a date falls in.
    pub fn containing(d: Date) -> FinancialYear {
        use chrono::Datelike;
        if d.month() >= 4 {
            FinancialYear(d.year())
        } else {
            FinancialYear(d.year() - 1)
        }
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

fn date_field(field: &'static str, s: &str) -> Result<Date, ImprovementError> {
    parse_iso_date(s).ok_or_else(|| ImprovementError::BadDate {
        field,
        value: s.to_string(),
    })
}

fn optional_date(field: &'static str, s: Option<&str>) -> Result<Option<Date>, ImprovementError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date_field(field, v).map(Some),
    }
}

macro_rules! coded {
    ($(#[$m:meta])* $name:ident, $what:literal { $($v:ident = $code:literal : $label:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $v,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)*];

            /// The stable code stored and written in files.
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code,)* }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label,)* }
            }

            /// Parse a code (case-insensitive).
            pub fn parse(field: &'static str, s: &str) -> Result<$name, ImprovementError> {
                let t = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code().eq_ignore_ascii_case(t))
                    .ok_or_else(|| ImprovementError::BadCode {
                        field,
                        value: s.to_string(),
                        expected: concat!($what, ": ", $($code, " "),*),
                    })
            }
        }
    };
}

coded! {
    /// An ILACS grade (Ofsted's four-point scale).
    IlacsGrade, "an ILACS grade" {
        Outstanding = "outstanding": "Outstanding",
        Good = "good": "Good",
        RequiresImprovement = "requires_improvement": "Requires improvement to be good",
        Inadequate = "inadequate": "Inadequate",
    }
}

coded! {
    /// The ILACS judgement areas.
    JudgementArea, "a judgement area" {
        OverallEffectiveness = "overall": "Overall effectiveness",
        HelpAndProtection = "help_and_protection": "The experiences and progress of children who need help and protection",
        InCare = "in_care": "The experiences and progress of children in care",
        CareLeavers = "care_leavers": "The experiences and progress of care leavers",
        Leadership = "leadership": "The impact of leaders on social work practice with children and families",
    }
}

coded! {
    /// The kind of inspection or visit.
    InspectionKind, "an inspection type" {
        StandardIlacs = "standard_ilacs": "Standard ILACS inspection",
        ShortIlacs = "short_ilacs": "Short ILACS inspection",
        FocusedVisit = "focused_visit": "Focused visit",
        Jtai = "jtai": "Joint targeted area inspection",
    }
}

coded! {
    /// The three themes of the improvement plan (seed 001).
    Theme, "a theme" {
        QualityAndPerformance = "quality_performance": "Quality & Performance",
        LeadershipAndManagement = "leadership_management": "Leadership & Management",
        GovernanceAndPartnerships = "governance_partnerships": "Governance & Partnerships",
    }
}

coded! {
    /// Progress of an action.
    ActionStatus, "an action status" {
        NotStarted = "not_started": "Not started",
        InProgress = "in_progress": "In progress",
        Complete = "complete": "Complete",
    }
}

coded! {
    /// The action owner's own rating of an action.
    ActionRag, "a RAG rating" {
        Red = "red": "Red (off track)",
        Amber = "amber": "Amber (at risk)",
        Green = "green": "Green (on track)",
    }
}

coded! {
    /// Who provides a placement, as finance reports group costs. Mapping
    /// from the SSDA903 placement type and provider is
    /// `sightline_finance::provider_type_of`.
    ProviderType, "a provider type" {
        InHouseFostering = "in_house_fostering": "In-house fostering",
        Ifa = "ifa": "Independent fostering agency",
        InHouseHome = "in_house_home": "In-house children's home",
        ExternalResidential = "external_residential": "External residential",
        Secure = "secure": "Secure",
        SemiIndependent = "semi_independent": "Semi-independent / supported accommodation",
        ParentAndChild = "parent_and_child": "Parent and child",
    }
}

coded! {
    /// A budget line of the children's services budget.
    BudgetHead, "a budget line" {
        InHouseFostering = "in_house_fostering": "In-house fostering",
        Ifa = "ifa": "Independent fostering agency placements",
        InHouseHomes = "in_house_homes": "In-house children's homes",
        ExternalResidential = "external_residential": "Children's homes agency placements",
        Secure = "secure": "Secure placements",
        SemiIndependent = "semi_independent": "Semi-independent placements",
        ParentAndChild = "parent_and_child": "Parent and child placements",
        SocialWorkStaffing = "social_work_staffing": "Social work staffing",
    }
}

impl ProviderType {
    /// The provider type of an SSDA903 placement, or `None` when the
    /// placement carries no placement cost (placed with parents, adoption
    /// placements, hospital, custody, temporary and other placements).
    ///
    /// Foster placements are in-house when the provider is the council itself
    /// (PR1) or not recorded, otherwise bought from an agency (IFA). Homes are
    /// in-house for PR1, otherwise external residential; residential schools
    /// are external; K1 is secure; H5, K3 and P2 semi-independent; R3 parent
    /// and child. Kept here (not in `sightline-finance`) so the synthetic
    /// council and the finance rules cost placements by the same mapping.
    pub fn of_placement(
        placement: crate::codes::PlacementType,
        provider: Option<crate::codes::PlacementProvider>,
    ) -> Option<ProviderType> {
        use crate::codes::{PlacementProvider, PlacementType as P};
        let own = matches!(provider, None | Some(PlacementProvider::OwnLa));
        Some(match placement {
            P::FosterRelativeLongTerm
            | P::FosterRelativeFfa
            | P::FosterRelativeOther
            | P::FosterLongTerm
            | P::FosterFfa
            | P::FosterOther => {
                if own {
                    ProviderType::InHouseFostering
                } else {
                    ProviderType::Ifa
                }
            }
            P::ChildrensHome | P::ResidentialCareHome => {
                if provider == Some(PlacementProvider::OwnLa) {
                    ProviderType::InHouseHome
                } else {
                    ProviderType::ExternalResidential
                }
            }
            P::ResidentialSchool => ProviderType::ExternalResidential,
            P::SecureChildrensHome => ProviderType::Secure,
            P::SemiIndependentUnregulated | P::SupportedAccommodation | P::IndependentLiving => {
                ProviderType::SemiIndependent
            }
            P::FamilyCentre => ProviderType::ParentAndChild,
            _ => return None,
        })
    }
}

impl BudgetHead {
    /// The budget line a placement's cost falls on; `None` for staffing.
    pub fn of_provider(p: ProviderType) -> BudgetHead {
        match p {
            ProviderType::InHouseFostering => BudgetHead::InHouseFostering,
            ProviderType::Ifa => BudgetHead::Ifa,
            ProviderType::InHouseHome => BudgetHead::InHouseHomes,
            ProviderType::ExternalResidential => BudgetHead::ExternalResidential,
            ProviderType::Secure => BudgetHead::Secure,
            ProviderType::SemiIndependent => BudgetHead::SemiIndependent,
            ProviderType::ParentAndChild => BudgetHead::ParentAndChild,
        }
    }
}

coded! {
    /// The plan for a child in an external residential placement.
    ResidentialPlan, "a residential review plan" {
        StepDownToFoster = "step_down_foster": "Step down to foster care",
        ReturnHome = "return_home": "Return home",
        Remain = "remain": "Remain",
    }
}

/// One judgement of an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub area: JudgementArea,
    pub grade: IlacsGrade,
}

/// A recommendation of an inspection, referred to by actions as `R1`, `R2`...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    pub text: String,
}

/// An inspection with its grades and recommendations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: RecordId,
    pub kind: InspectionKind,
    /// Last day on site.
    pub date: Date,
    pub judgements: Vec<Judgement>,
    pub recommendations: Vec<Recommendation>,
}

impl Inspection {
    /// Refuses two grades for one area and two recommendations with one id.
    pub fn new(
        id: RecordId,
        kind: InspectionKind,
        date: Date,
        judgements: Vec<Judgement>,
        recommendations: Vec<Recommendation>,
    ) -> Result<Inspection, ImprovementError> {
        for (i, j) in judgements.iter().enumerate() {
            if judgements[..i].iter().any(|k| k.area == j.area) {
                return Err(ImprovementError::Invalid {
                    field: "judgements",
                    why: format!("{} is graded twice", j.area.label()),
                });
            }
        }
        for (i, r) in recommendations.iter().enumerate() {
            if r.id.trim().is_empty() || r.text.trim().is_empty() {
                return Err(ImprovementError::Missing {
                    field: "recommendation",
                    why: "each recommendation needs an id (R1...) and its text",
                });
            }
            if recommendations[..i].iter().any(|s| s.id == r.id) {
                return Err(ImprovementError::Invalid {
                    field: "recommendations",
                    why: format!("{} is used twice", r.id),
                });
            }
        }
        Ok(Inspection {
            id,
            kind,
            date,
            judgements,
            recommendations,
        })
    }

    pub fn grade(&self, area: JudgementArea) -> Option<IlacsGrade> {
        self.judgements
            .iter()
            .find(|j| j.area == area)
            .map(|j| j.grade)
    }
}

/// One action of an improvement plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The plan's reference, e.g. `QP1.3`.
    pub id: String,
    pub theme: Theme,
    pub description: String,
    /// A named officer: an action owned by nobody is refused.
    pub owner: String,
    pub due: Date,
    pub status: ActionStatus,
    pub rag: ActionRag,
    /// What shows it is done (documents, audit results).
    pub evidence: Vec<String>,
    /// Indicator ids (crate `sightline-indicators`) whose figures show progress.
    pub indicators: Vec<String>,
    /// The inspection recommendations (`R1`...) it answers.
    pub recommendations: Vec<String>,
}

/// An action as typed or imported, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawAction {
    pub id: String,
    pub theme: String,
    pub description: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub rag: String,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub recommendations: Vec<String>,
}

impl RawAction {
    /// Check every field; the first problem is returned.
    pub fn parse(&self) -> Result<Action, ImprovementError> {
        if self.id.trim().is_empty() {
            return Err(ImprovementError::Missing {
                field: "id",
                why: "each action needs the plan's reference",
            });
        }
        if self.owner.trim().is_empty() {
            return Err(ImprovementError::Missing {
                field: "owner",
                why: "an action owned by nobody cannot be tracked: name the officer responsible",
            });
        }
        if self.description.trim().is_empty() {
            return Err(ImprovementError::Missing {
                field: "description",
                why: "say what the action is",
            });
        }
        Ok(Action {
            id: self.id.trim().to_string(),
            theme: Theme::parse("theme", &self.theme)?,
            description: self.description.trim().to_string(),
            owner: self.owner.trim().to_string(),
            due: date_field("due", &self.due)?,
            status: ActionStatus::parse("status", &self.status)?,
            rag: ActionRag::parse("rag", &self.rag)?,
            evidence: self.evidence.clone(),
            indicators: self.indicators.clone(),
            recommendations: self.recommendations.clone(),
        })
    }
}

/// One version of a year's action plan. Versions are kept: the strategic
/// board's change log compares the version seen at the last meeting with
/// the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPlan {
    pub year: FinancialYear,
    /// 1, 2, 3... within the year.
    pub version: u32,
    /// When this version was agreed.
    pub agreed: Date,
    /// The inspection whose recommendations it answers.
    pub inspection: RecordId,
    pub actions: Vec<Action>,
}

impl ActionPlan {
    /// Refuses duplicate action ids and references to recommendations the
    /// inspection did not make.
    pub fn new(
        year: FinancialYear,
        version: u32,
        agreed: Date,
        inspection: &Inspection,
        actions: Vec<Action>,
    ) -> Result<ActionPlan, ImprovementError> {
        if version == 0 {
            return Err(ImprovementError::Invalid {
                field: "version",
                why: "versions start at 1".into(),
            });
        }
        for (i, a) in actions.iter().enumerate() {
            if actions[..i].iter().any(|b| b.id == a.id) {
                return Err(ImprovementError::Invalid {
                    field: "actions",
                    why: format!("action {} appears twice", a.id),
                });
            }
            for r in &a.recommendations {
                if !inspection.recommendations.iter().any(|x| &x.id == r) {
                    return Err(ImprovementError::Invalid {
                        field: "recommendations",
                        why: format!(
                            "action {} refers to {r}, which the inspection of {} did not make",
                            a.id, inspection.date
                        ),
                    });
                }
            }
        }
        Ok(ActionPlan {
            year,
            version,
            agreed,
            inspection: inspection.id,
            actions,
        })
    }

    /// Recommendations no action answers (the plan must cover them all).
    pub fn uncovered<'a>(&self, inspection: &'a Inspection) -> Vec<&'a Recommendation> {
        inspection
            .recommendations
            .iter()
            .filter(|r| {
                !self
                    .actions
                    .iter()
                    .any(|a| a.recommendations.contains(&r.id))
            })
            .collect()
    }
}

/// An Ofsted monitoring visit and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringVisit {
    pub id: RecordId,
    pub date: Date,
    /// The area looked at, e.g. "children in need and subject to a CP plan".
    pub focus: String,
    pub findings: Vec<String>,
}

/// The weekly cost of one child's placement from `start` (inclusive) to
/// `end` (inclusive; `None` while it continues). A cost change part-way is
/// a second `PlacementCost` starting the day the new rate applies, the
/// first ending the day before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementCost {
    pub child: ChildId,
    pub provider: ProviderType,
    /// The provider's name (home or agency), when known.
    pub provider_name: Option<String>,
    pub start: Date,
    pub end: Option<Date>,
    pub weekly: Pence,
}

/// A placement cost as typed or imported, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawPlacementCost {
    pub child: String,
    pub provider: String,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    pub weekly: String,
}

impl RawPlacementCost {
    pub fn parse(&self) -> Result<PlacementCost, ImprovementError> {
        let child = ChildId::parse(&self.child).map_err(|e| ImprovementError::Invalid {
            field: "child",
            why: e.to_string(),
        })?;
        let start = match self.start.as_deref().map(str::trim) {
            None | Some("") => {
                return Err(ImprovementError::Missing {
                    field: "start",
                    why: "a placement cost needs the date it starts to apply",
                });
            }
            Some(s) => date_field("start", s)?,
        };
        let end = optional_date("end", self.end.as_deref())?;
        PlacementCost::new(
            child,
            ProviderType::parse("provider", &self.provider)?,
            self.provider_name.clone().filter(|n| !n.trim().is_empty()),
            start,
            end,
            Pence::parse("weekly", &self.weekly)?,
        )
    }
}

impl PlacementCost {
    /// Refuses an end before the start and a cost that is not positive.
    pub fn new(
        child: ChildId,
        provider: ProviderType,
        provider_name: Option<String>,
        start: Date,
        end: Option<Date>,
        weekly: Pence,
    ) -> Result<PlacementCost, ImprovementError> {
        if let Some(e) = end
            && e < start
        {
            return Err(ImprovementError::Invalid {
                field: "end",
                why: format!("{e} is before the start {start}"),
            });
        }
        if weekly.0 <= 0 {
            return Err(ImprovementError::Invalid {
                field: "weekly",
                why: format!("{weekly} is not a weekly cost: it must be more than £0"),
            });
        }
        Ok(PlacementCost {
            child,
            provider,
            provider_name,
            start,
            end,
            weekly,
        })
    }
}

/// How much a line is expected to grow between now and the year end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Growth {
    /// None: current commitments only.
    None,
    /// A fixed sum (e.g. "estimated growth" of two more placements).
    Amount { pence: i64 },
    /// Basis points (1/100 of a percent) of the committed cost to year end.
    Percent { basis_points: i64 },
}

/// A budget line for one financial year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub year: FinancialYear,
    pub head: BudgetHead,
    pub budget: Pence,
    /// Spent (paid) to `spent_as_of`, from the ledger.
    pub spent_to_date: Pence,
    pub spent_as_of: Date,
    pub growth: Growth,
}

impl BudgetLine {
    /// `known` are the financial years the council has budgets set up for;
    /// a line for any other year is refused (an unknown year), as is a
    /// ledger date outside the year.
    pub fn new(
        year: FinancialYear,
        known: &[FinancialYear],
        head: BudgetHead,
        budget: Pence,
        spent_to_date: Pence,
        spent_as_of: Date,
        growth: Growth,
    ) -> Result<BudgetLine, ImprovementError> {
        if !known.contains(&year) {
            let known = if known.is_empty() {
                "no years yet".to_string()
            } else {
                known
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(ImprovementError::UnknownYear { year, known });
        }
        if spent_as_of < year.start() || spent_as_of > year.end() {
            return Err(ImprovementError::Invalid {
                field: "spent_as_of",
                why: format!("{spent_as_of} is not in the financial year {year}"),
            });
        }
        Ok(BudgetLine {
            year,
            head,
            budget,
            spent_to_date,
            spent_as_of,
            growth,
        })
    }
}

/// The yearly cost of one full-time post (salary with on-costs, or the
/// agency's charge), by role and employment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCostRate {
    pub role: WorkerRole,
    pub employment: Employment,
    pub annual_per_fte: Pence,
}

/// A child in an external residential placement, with the review's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentialReview {
    pub child: ChildId,
    pub plan: ResidentialPlan,
    /// When the move should happen (none for `Remain`).
    pub target: Option<Date>,
    /// The weekly cost expected after the move (e.g. an IFA rate); zero for
    /// a return home.
    pub weekly_after: Pence,
}

/// Everything a council keeps about its improvement plan and placement
/// finance, saved and loaded together (the store's schema version 4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovementRecords {
    pub inspections: Vec<Inspection>,
    /// Every version of every year's action plan.
    pub plans: Vec<ActionPlan>,
    pub visits: Vec<MonitoringVisit>,
    pub placement_costs: Vec<PlacementCost>,
    /// The financial years the council has set budgets for.
    pub budget_years: Vec<FinancialYear>,
    pub budget_lines: Vec<BudgetLine>,
    pub staff_rates: Vec<StaffCostRate>,
    pub residential_reviews: Vec<ResidentialReview>,
}

impl ImprovementRecords {
    /// The rules a saved set must keep (records built through the
    /// constructors keep them already; this catches hand-edited JSON): every
    /// budget line in a known year and at most one per year and head; every
    /// action owned; plans answering a held inspection's recommendations,
    /// one per year and version; placement costs with positive weekly costs
    /// and ends not before starts; one staff rate per role and employment;
    /// one review per child.
    pub fn check(&self) -> Result<(), ImprovementError> {
        for (i, l) in self.budget_lines.iter().enumerate() {
            BudgetLine::new(
                l.year,
                &self.budget_years,
                l.head,
                l.budget,
                l.spent_to_date,
                l.spent_as_of,
                l.growth,
            )?;
            if self.budget_lines[..i]
                .iter()
                .any(|m| m.year == l.year && m.head == l.head)
            {
                return Err(ImprovementError::Invalid {
                    field: "budget_lines",
                    why: format!("two {} lines for {}", l.head.label(), l.year),
                });
            }
        }
        for (i, p) in self.plans.iter().enumerate() {
            let Some(insp) = self.inspections.iter().find(|x| x.id == p.inspection) else {
                return Err(ImprovementError::Invalid {
                    field: "plans",
                    why: format!(
                        "the {} plan version {} answers inspection {}, which is not held",
                        p.year, p.version, p.inspection
                    ),
                });
            };
            if p.actions.iter().any(|a| a.owner.trim().is_empty()) {
                return Err(ImprovementError::Missing {
                    field: "owner",
                    why: "an action owned by nobody cannot be tracked: name the officer responsible",
                });
            }
            ActionPlan::new(p.year, p.version, p.agreed, insp, p.actions.clone())?;
            if self.plans[..i]
                .iter()
                .any(|q| q.year == p.year && q.version == p.version)
            {
                return Err(ImprovementError::Invalid {
                    field: "plans",
                    why: format!("two version {} plans for {}", p.version, p.year),
                });
            }
        }
        for c in &self.placement_costs {
            PlacementCost::new(
                c.child.clone(),
                c.provider,
                c.provider_name.clone(),
                c.start,
                c.end,
                c.weekly,
            )?;
        }
        for (i, r) in self.staff_rates.iter().enumerate() {
            if self.staff_rates[..i]
                .iter()
                .any(|q| q.role == r.role && q.employment == r.employment)
            {
                return Err(ImprovementError::Invalid {
                    field: "staff_rates",
                    why: format!("two rates for {}", r.role.label()),
                });
            }
        }
        for (i, r) in self.residential_reviews.iter().enumerate() {
            if self.residential_reviews[..i]
                .iter()
                .any(|q| q.child == r.child)
            {
                return Err(ImprovementError::Invalid {
                    field: "residential_reviews",
                    why: format!("two reviews for child {}", r.child.as_str()),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_iso_date(s).unwrap()
    }

    #[test]
    fn money_parses_as_written_and_refuses_floats_in_disguise() {
        assert_eq!(Pence::parse("w", "3200").unwrap(), Pence(320_000));
        assert_eq!(Pence::parse("w", "£7,385").unwrap(), Pence(738_500));
        assert_eq!(Pence::parse("w", "3,200.5").unwrap(), Pence(320_050));
        assert_eq!(Pence::parse("w", "-639000.01").unwrap(), Pence(-63_900_001));
        for bad in ["", "3.", "3.123", "1e3", "£", "12a", "3,200.5.1"] {
            assert!(Pence::parse("w", bad).is_err(), "{bad}");
        }
        let e = Pence::parse("weekly", "lots").unwrap_err().to_string();
        assert!(e.starts_with("weekly: \"lots\""), "{e}");
    }

    #[test]
    fn money_displays_with_separators_and_millions() {
        assert_eq!(Pence(738_500).display(), "£7,385.00");
        assert_eq!(Pence(-63_900_001).display(), "-£639,000.01");
        assert_eq!(Pence(5).display(), "£0.05");
        assert_eq!(Pence::pounds(4_424_000).display_millions(), "£4.424m");
        assert_eq!(Pence::pounds(6_570_400).display_millions(), "£6.570m");
        assert_eq!(Pence::pounds(-2_418_000).display_millions(), "-£2.418m");
    }

    #[test]
    fn codes_are_what_files_and_the_store_hold() {
        assert_eq!(
            serde_json::to_string(&ProviderType::Ifa).unwrap(),
            "\"ifa\""
        );
        let g: IlacsGrade = serde_json::from_str("\"requires_improvement\"").unwrap();
        assert_eq!(g, IlacsGrade::RequiresImprovement);
        for &t in ProviderType::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.code()));
            assert_eq!(
                ProviderType::parse("p", &t.code().to_uppercase()).unwrap(),
                t
            );
        }
        assert_eq!(serde_json::to_string(&Pence(-5)).unwrap(), "-5");
    }

    #[test]
    fn financial_years_start_in_april() {
        let y = FinancialYear::parse("2016/17").unwrap();
        assert_eq!(y, FinancialYear(2016));
        assert_eq!(y.to_string(), "2016/17");
        assert_eq!(y.start(), d("2016-04-01"));
        assert_eq!(y.end(), d("2017-03-31"));
        assert_eq!(y.days(), 365);
        assert_eq!(FinancialYear(2023).days(), 366);
        assert_eq!(FinancialYear::parse("2025").unwrap(), FinancialYear(2025));
        assert_eq!(
            FinancialYear::containing(d("2026-03-31")),
            FinancialYear(2025)
        );
        assert_eq!(
            FinancialYear::containing(d("2026-04-01")),
            FinancialYear(2026)
        );
        for bad in ["2025/27", "25/26", "1999", "2100", "twenty"] {
            assert!(FinancialYear::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn placement_cost_without_start_is_refused() {
        let raw = RawPlacementCost {
            child: "C1".into(),
            provider: "secure".into(),
            weekly: "7385".into(),
            ..Default::default()
        };
        let e = raw.parse().unwrap_err();
        assert!(matches!(
            e,
            ImprovementError::Missing { field: "start", .. }
        ));
        let ok = RawPlacementCost {
            start: Some("2025-05-01".into()),
            ..raw.clone()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.weekly, Pence(738_500));
        assert_eq!(ok.provider, ProviderType::Secure);
        let backwards = RawPlacementCost {
            start: Some("2025-05-01".into()),
            end: Some("2025-04-01".into()),
            ..raw.clone()
        };
        assert!(backwards.parse().is_err());
        let free = RawPlacementCost {
            start: Some("2025-05-01".into()),
            weekly: "0".into(),
            ..raw
        };
        assert!(free.parse().is_err());
    }

    #[test]
    fn budget_line_for_unknown_year_is_refused() {
        let known = [FinancialYear(2025)];
        let e = BudgetLine::new(
            FinancialYear(2024),
            &known,
            BudgetHead::Ifa,
            Pence::pounds(1),
            Pence::ZERO,
            d("2024-09-30"),
            Growth::None,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "budget line for 2024/25 is for an unknown year: this council has budgets for 2025/26"
        );
        assert!(
            BudgetLine::new(
                FinancialYear(2025),
                &known,
                BudgetHead::Ifa,
                Pence::pounds(1),
                Pence::ZERO,
                d("2024-09-30"),
                Growth::None,
            )
            .is_err(),
            "ledger date outside the year"
        );
    }

    fn raw_action() -> RawAction {
        RawAction {
            id: "QP1".into(),
            theme: "quality_performance".into(),
            description: "Audit CP plans for neglect".into(),
            owner: "Head of Service".into(),
            due: "2025-12-31".into(),
            status: "in_progress".into(),
            rag: "amber".into(),
            recommendations: vec!["R1".into()],
            ..Default::default()
        }
    }

    #[test]
    fn action_owned_by_nobody_is_refused() {
        let mut a = raw_action();
        a.owner = "  ".into();
        let e = a.parse().unwrap_err();
        assert!(matches!(
            e,
            ImprovementError::Missing { field: "owner", .. }
        ));
        let mut b = raw_action();
        b.rag = "purple".into();
        assert!(
            b.parse()
                .unwrap_err()
                .to_string()
                .starts_with("rag: \"purple\"")
        );
        assert_eq!(
            raw_action().parse().unwrap().theme,
            Theme::QualityAndPerformance
        );
    }

    #[test]
    fn plans_cross_reference_the_inspection() {
        let insp = Inspection::new(
            1,
            InspectionKind::StandardIlacs,
            d("2019-12-13"),
            vec![Judgement {
                area: JudgementArea::OverallEffectiveness,
                grade: IlacsGrade::Inadequate,
            }],
            vec![
                Recommendation {
                    id: "R1".into(),
                    text: "Neglect".into(),
                },
                Recommendation {
                    id: "R2".into(),
                    text: "Front door".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            insp.grade(JudgementArea::OverallEffectiveness),
            Some(IlacsGrade::Inadequate)
        );
        let a = raw_action().parse().unwrap();
        let plan = ActionPlan::new(
            FinancialYear(2025),
            1,
            d("2025-04-01"),
            &insp,
            vec![a.clone()],
        )
        .unwrap();
        assert_eq!(plan.uncovered(&insp).len(), 1);
        assert_eq!(plan.uncovered(&insp)[0].id, "R2");
        let mut stray = a.clone();
        stray.id = "QP2".into();
        stray.recommendations = vec!["R9".into()];
        assert!(
            ActionPlan::new(FinancialYear(2025), 1, d("2025-04-01"), &insp, vec![stray]).is_err()
        );
        assert!(
            ActionPlan::new(
                FinancialYear(2025),
                1,
                d("2025-04-01"),
                &insp,
                vec![a.clone(), a]
            )
            .is_err()
        );
    }
}
