//! A child's journey through children's social care, as the records a
//! council keeps: contacts at the front door, referrals (CIN episodes),
//! single assessments, strategy discussions and section 47 enquiries, child
//! protection conferences and plans, CIN plans, looked-after episodes and the
//! periods of care they form, reviews, missing episodes, adoption, health and
//! offending outcomes, care leaving, and who holds the case.
//!
//! These types are the single source of truth: the statutory returns are
//! written from them, the indicators are computed from them and the web app
//! edits them. Field names follow the DfE guidance (a `LookedAfterEpisode`
//! has a `decom`-like `start`, a `legal_status`, a `placement`), so that a
//! data analyst who knows the SSDA903 and CIN census can read them.
//!
//! Invalid states are made hard to write: an episode's end date and reason
//! travel together ([`EpisodeEnd`]), as do a referral's closure date and
//! reason ([`CinClosure`]); a child is either born or unborn ([`Birth`]).
//!
//! Every record carries an `id` unique within its council and kind, so the
//! web app and the store can address it.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, age_on, birthday};
use crate::codes::*;
use crate::ids::{ChildId, LaNumber, Upn};

/// Identifier of one record, unique within its council and record kind.
pub type RecordId = i64;

/// Born (with a date of birth) or unborn (with an expected date of birth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum Birth {
    Born(Date),
    Unborn(Date),
}

impl Birth {
    /// The date of birth, or the expected date for an unborn child.
    pub fn date(self) -> Date {
        match self {
            Birth::Born(d) | Birth::Unborn(d) => d,
        }
    }
    pub fn is_unborn(self) -> bool {
        matches!(self, Birth::Unborn(_))
    }
}

/// Unaccompanied asylum-seeking child status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uasc {
    /// Date UASC status ceased (903 `DUC`), if it has.
    pub ceased: Option<Date>,
}

/// The child: identity and characteristics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    pub id: ChildId,
    pub forename: String,
    pub surname: String,
    pub upn: Option<Upn>,
    pub former_upn: Option<Upn>,
    pub upn_unknown: Option<UpnUnknown>,
    pub birth: Birth,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    /// Disability codes; empty when not yet recorded, `[None]` when no disability.
    pub disabilities: Vec<Disability>,
    pub death_date: Option<Date>,
    pub uasc: Option<Uasc>,
    /// 903 `MOTHER`: the child is herself a mother, with her first child's date of birth.
    pub mother_of_child_born: Option<Date>,
    /// Children of one family share a family number (siblings).
    pub family: Option<i64>,
    /// Restricted record: visible only to named users (e.g. a relative of a staff member).
    pub restricted: bool,
}

impl Child {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.forename, self.surname)
    }
    /// Age in whole years at `on`; `None` for an unborn child or before birth.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        match self.birth {
            Birth::Born(dob) if dob <= on => Some(age_on(dob, on)),
            _ => None,
        }
    }
}

/// What happened to a contact at the front door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    /// Accepted as a referral to children's social care.
    Referral,
    /// Stepped across to early help.
    EarlyHelp,
    /// Information and advice given.
    InformationAndAdvice,
    /// No further action.
    NoFurtherAction,
}

impl ContactOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Referral => "Referral to children's social care",
            Self::EarlyHelp => "Early help",
            Self::InformationAndAdvice => "Information and advice",
            Self::NoFurtherAction => "No further action",
        }
    }
}

/// A contact: anything that reaches the front door about a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: RecordId,
    pub date: Date,
    pub source: ReferralSource,
    /// Handled by the multi-agency safeguarding hub (MASH) / front door.
    pub via_mash: bool,
    pub outcome: ContactOutcome,
}

/// Closure of a CIN episode: the date and reason always go together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CinClosure {
    pub date: Date,
    pub reason: ReasonForClosure,
}

/// A referral accepted by children's social care and the CIN episode it
/// opens (CIN census `CINdetails`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: RecordId,
    pub date: Date,
    pub source: ReferralSource,
    /// Set at assessment; required unless the referral was NFA.
    pub primary_need: Option<PrimaryNeed>,
    pub closure: Option<CinClosure>,
    /// Referral with no further action.
    pub nfa: bool,
}

/// A single (child and family) assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleAssessment {
    pub id: RecordId,
    /// The referral (CIN episode) it belongs to.
    pub referral: RecordId,
    pub start: Date,
    /// Authorised (completed) by a manager; `None` while ongoing.
    pub authorised: Option<Date>,
    pub factors: Vec<AssessmentFactor>,
}

/// A strategy discussion (or meeting) about possible significant harm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyDiscussion {
    pub id: RecordId,
    pub referral: RecordId,
    pub date: Date,
    /// Whether it decided to start a section 47 enquiry.
    pub section47_started: bool,
}

/// A section 47 enquiry (CIN census `Section47`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section47Enquiry {
    pub id: RecordId,
    pub referral: RecordId,
    /// Date of the strategy discussion that started it.
    pub start: Date,
    /// Date by which an initial CP conference should be held, if recorded.
    pub icpc_target: Option<Date>,
    /// The enquiry concluded no initial conference was needed.
    pub icpc_not_required: bool,
}

/// Initial, review or transfer-in child protection conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceKind {
    Initial,
    Review,
    TransferIn,
}

/// A child protection conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildProtectionConference {
    pub id: RecordId,
    pub referral: RecordId,
    pub kind: ConferenceKind,
    pub date: Date,
    /// The S47 enquiry an initial conference followed.
    pub section47: Option<RecordId>,
    /// The plan it started (initial) or reviewed (review).
    pub cp_plan: Option<RecordId>,
    /// Whether the child is (or remains) subject to a plan after it.
    pub plan_outcome: bool,
}

/// A child protection plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpPlan {
    pub id: RecordId,
    pub referral: RecordId,
    pub start: Date,
    pub end: Option<Date>,
    pub initial_category: CategoryOfAbuse,
    pub latest_category: CategoryOfAbuse,
    /// Number of previous CP plans, as the census records it.
    pub previous_plans: u16,
}

impl CpPlan {
    /// Subject to the plan at `on` (a plan ending on `on` no longer counts).
    pub fn is_active_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// A child in need plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CinPlan {
    pub id: RecordId,
    pub referral: RecordId,
    pub start: Date,
    pub end: Option<Date>,
}

/// End of a looked-after episode: date and reason always together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeEnd {
    /// 903 `DEC`.
    pub date: Date,
    /// 903 `REC`.
    pub reason: ReasonEpisodeCeased,
}

/// A looked-after episode (one SSDA903 Episodes row): legal status and
/// placement unchanged throughout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookedAfterEpisode {
    pub id: RecordId,
    /// 903 `DECOM`.
    pub start: Date,
    /// 903 `RNE`.
    pub reason_new: ReasonNewEpisode,
    /// 903 `LS`.
    pub legal_status: LegalStatus,
    /// 903 `CIN`.
    pub category_of_need: CategoryOfNeed,
    /// 903 `PLACE`.
    pub placement: PlacementType,
    /// 903 `PLACE_PROVIDER` (absent for temporary and other placements).
    pub provider: Option<PlacementProvider>,
    pub end: Option<EpisodeEnd>,
    /// 903 `REASON_PLACE_CHANGE`.
    pub reason_place_change: Option<ReasonPlaceChange>,
    /// 903 `HOME_POST`: partial postcode of the home address.
    pub home_postcode: Option<String>,
    /// 903 `PL_POST`: partial postcode of the placement.
    pub placement_postcode: Option<String>,
    /// 903 `URN`: Ofsted URN of the provider.
    pub urn: Option<String>,
}

impl LookedAfterEpisode {
    /// Looked after under this episode at `on` (an episode ending on `on` no longer counts).
    pub fn is_open_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e.date > on)
    }
}

/// A period of care: episodes joined end to start, from an `S` episode to an
/// E-coded end (or still open). Derived, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodOfCare {
    pub start: Date,
    pub end: Option<EpisodeEnd>,
    /// Indexes into the child's `episodes`, in date order.
    pub episodes: Vec<usize>,
}

/// A looked-after child's statutory review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaReview {
    pub id: RecordId,
    pub date: Date,
    pub participation: ReviewParticipation,
}

/// A statutory visit to a child (CP, CIN or looked after).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutoryVisit {
    pub id: RecordId,
    pub date: Date,
    /// Whether the child was seen (and seen alone where appropriate).
    pub child_seen: bool,
}

/// Kind of health check for a looked-after child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthCheckKind {
    /// Statutory health assessment (initial or review).
    HealthAssessment,
    /// Dental check.
    Dental,
    /// Development check (under 5).
    Development,
    /// Strengths and Difficulties Questionnaire.
    Sdq,
}

/// A dated health check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub id: RecordId,
    pub date: Date,
    pub kind: HealthCheckKind,
    /// SDQ total score (0–40) when `kind` is `Sdq`.
    pub sdq_score: Option<u8>,
}

/// A dated offending outcome (conviction, final warning, reprimand or youth
/// caution) while looked after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffenceOutcome {
    pub id: RecordId,
    pub date: Date,
}

/// The SSDA903 OC2 outcomes for a child looked after continuously for 12
/// months at 31 March of a collection year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualOutcomes {
    /// Collection year ending 31 March `year`.
    pub year: i32,
    pub sdq_score: Option<u8>,
    pub sdq_reason: Option<SdqReason>,
    pub convicted: Option<bool>,
    pub health_check: Option<bool>,
    pub immunisations: Option<bool>,
    pub teeth_check: Option<bool>,
    pub health_assessment: Option<bool>,
    pub substance_misuse: Option<bool>,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
}

/// Missing from placement, or away without authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingEpisode {
    pub id: RecordId,
    pub kind: MissingKind,
    pub start: Date,
    pub end: Option<Date>,
}

/// An agency decision that the child should be placed for adoption
/// (903 PlacedAdoption), and its reversal if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdoptionDecision {
    pub id: RecordId,
    /// 903 `DATE_PLACED`: the "should be placed for adoption" decision.
    pub decision_date: Date,
    /// Date and reason the decision was reversed.
    pub ceased: Option<(Date, ReasonPlacedCeased)>,
}

/// The adoption itself (903 AD1), recorded when the child is adopted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    /// 903 `DATE_INT`: decision that the child should be placed.
    pub decision_date: Date,
    /// 903 `DATE_MATCH`.
    pub matched_date: Date,
    /// Adopted by former foster carer(s).
    pub by_foster_carers: bool,
    pub number_of_adopters: u8,
    pub sex_of_adopters: SexOfAdopters,
    pub legal_status_of_adopters: LegalStatusOfAdopters,
}

/// Previous permanence before this period of care (903 PrevPerm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousPermanenceRecord {
    pub option: PreviousPermanence,
    /// LA where the order was made (old-style code or WAL/SCO/NUK/NIR).
    pub la: Option<String>,
    /// Date of the order as written (may contain `ZZ` for unknown parts).
    pub date: Option<String>,
}

/// A care leaver's status around a birthday (903 OC3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareLeaverStatus {
    pub id: RecordId,
    /// Collection year ending 31 March `year` whose birthday it records.
    pub year: i32,
    pub in_touch: InTouch,
    pub activity: CareLeaverActivity,
    pub accommodation: CareLeaverAccommodation,
}

/// Involvement with the leaving care service (16–25).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeavingCareService {
    pub id: RecordId,
    pub start: Date,
    pub end: Option<Date>,
}

/// A family group conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyGroupConference {
    pub id: RecordId,
    pub date: Date,
    /// A family plan was agreed.
    pub plan_agreed: bool,
}

/// A safety plan (e.g. for a child at risk of exploitation or going missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyPlan {
    pub id: RecordId,
    pub start: Date,
    pub end: Option<Date>,
    pub concern: String,
}

/// Who holds the case: a worker allocated to the child from one date to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub id: RecordId,
    pub worker: RecordId,
    pub start: Date,
    pub end: Option<Date>,
    pub reason: SocialWorkerChangeReason,
}

impl Allocation {
    pub fn is_current_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// The service a team belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Multi-agency front door (MASH) and duty.
    FrontDoor,
    /// Assessment and care planning.
    AssessmentAndCarePlanning,
    /// Safeguarding / child protection.
    Safeguarding,
    /// Children looked after.
    LookedAfter,
    /// Leaving care.
    LeavingCare,
    /// Children with disabilities.
    Disability,
    /// Fostering and adoption.
    FosteringAndAdoption,
}

impl Service {
    pub const ALL: [Service; 7] = [
        Service::FrontDoor,
        Service::AssessmentAndCarePlanning,
        Service::Safeguarding,
        Service::LookedAfter,
        Service::LeavingCare,
        Service::Disability,
        Service::FosteringAndAdoption,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::FrontDoor => "Front door (MASH)",
            Self::AssessmentAndCarePlanning => "Assessment and care planning",
            Self::Safeguarding => "Safeguarding",
            Self::LookedAfter => "Children looked after",
            Self::LeavingCare => "Leaving care",
            Self::Disability => "Children with disabilities",
            Self::FosteringAndAdoption => "Fostering and adoption",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::FrontDoor => "front_door",
            Self::AssessmentAndCarePlanning => "assessment",
            Self::Safeguarding => "safeguarding",
            Self::LookedAfter => "looked_after",
            Self::LeavingCare => "leaving_care",
            Self::Disability => "disability",
            Self::FosteringAndAdoption => "fostering_adoption",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// A team of workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: RecordId,
    pub name: String,
    pub service: Service,
}

/// A worker's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerRole {
    SocialWorker,
    SeniorPractitioner,
    TeamManager,
    HeadOfService,
    FamilySupportWorker,
    PersonalAdviser,
}

impl WorkerRole {
    pub const ALL: [WorkerRole; 6] = [
        WorkerRole::SocialWorker,
        WorkerRole::SeniorPractitioner,
        WorkerRole::TeamManager,
        WorkerRole::HeadOfService,
        WorkerRole::FamilySupportWorker,
        WorkerRole::PersonalAdviser,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::SocialWorker => "social_worker",
            Self::SeniorPractitioner => "senior_practitioner",
            Self::TeamManager => "team_manager",
            Self::HeadOfService => "head_of_service",
            Self::FamilySupportWorker => "family_support_worker",
            Self::PersonalAdviser => "personal_adviser",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SocialWorker => "Social worker",
            Self::SeniorPractitioner => "Senior practitioner",
            Self::TeamManager => "Team manager",
            Self::HeadOfService => "Head of service",
            Self::FamilySupportWorker => "Family support worker",
            Self::PersonalAdviser => "Personal adviser",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// Registered social workers (counted in the workforce census).
    pub fn is_social_worker(self) -> bool {
        matches!(
            self,
            Self::SocialWorker | Self::SeniorPractitioner | Self::TeamManager | Self::HeadOfService
        )
    }
}

/// Permanent employee or agency worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Permanent,
    Agency,
}

/// A member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worker {
    pub id: RecordId,
    /// Social worker identifier as in the 903 SWEpisodes (`SW…`).
    pub sw_id: String,
    pub name: String,
    pub team: RecordId,
    pub role: WorkerRole,
    pub employment: Employment,
    /// Full-time equivalent in hundredths (100 = 1.0 FTE).
    pub fte_hundredths: u16,
    pub start: Date,
    pub end: Option<Date>,
    /// Date qualified (newly qualified social workers are in their first year).
    pub qualified: Option<Date>,
    pub case_holding: bool,
}

impl Worker {
    pub fn is_in_post_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// Everything a council records about one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildRecord {
    pub child: Child,
    /// Optimistic-concurrency version: bumped by the store on every change.
    pub version: i64,
    pub contacts: Vec<Contact>,
    pub referrals: Vec<Referral>,
    pub assessments: Vec<SingleAssessment>,
    pub strategy_discussions: Vec<StrategyDiscussion>,
    pub section47s: Vec<Section47Enquiry>,
    pub conferences: Vec<ChildProtectionConference>,
    pub cp_plans: Vec<CpPlan>,
    pub cin_plans: Vec<CinPlan>,
    pub episodes: Vec<LookedAfterEpisode>,
    pub cla_reviews: Vec<ClaReview>,
    pub visits: Vec<StatutoryVisit>,
    pub health_checks: Vec<HealthCheck>,
    pub offences: Vec<OffenceOutcome>,
    pub annual_outcomes: Vec<AnnualOutcomes>,
    pub missing: Vec<MissingEpisode>,
    pub adoption_decisions: Vec<AdoptionDecision>,
    pub adoption: Option<Adoption>,
    pub previous_permanence: Option<PreviousPermanenceRecord>,
    pub care_leaver_statuses: Vec<CareLeaverStatus>,
    pub leaving_care: Vec<LeavingCareService>,
    pub family_group_conferences: Vec<FamilyGroupConference>,
    pub safety_plans: Vec<SafetyPlan>,
    pub allocations: Vec<Allocation>,
}

impl ChildRecord {
    /// A record holding only the child, with no events yet.
    pub fn new(child: Child) -> Self {
        Self {
            child,
            version: 0,
            contacts: vec![],
            referrals: vec![],
            assessments: vec![],
            strategy_discussions: vec![],
            section47s: vec![],
            conferences: vec![],
            cp_plans: vec![],
            cin_plans: vec![],
            episodes: vec![],
            cla_reviews: vec![],
            visits: vec![],
            health_checks: vec![],
            offences: vec![],
            annual_outcomes: vec![],
            missing: vec![],
            adoption_decisions: vec![],
            adoption: None,
            previous_permanence: None,
            care_leaver_statuses: vec![],
            leaving_care: vec![],
            family_group_conferences: vec![],
            safety_plans: vec![],
            allocations: vec![],
        }
    }

    /// Put every list in date order (the order the store returns and the
    /// returns are written in).
    pub fn sort(&mut self) {
        self.contacts.sort_by_key(|x| (x.date, x.id));
        self.referrals.sort_by_key(|x| (x.date, x.id));
        self.assessments.sort_by_key(|x| (x.start, x.id));
        self.strategy_discussions.sort_by_key(|x| (x.date, x.id));
        self.section47s.sort_by_key(|x| (x.start, x.id));
        self.conferences.sort_by_key(|x| (x.date, x.id));
        self.cp_plans.sort_by_key(|x| (x.start, x.id));
        self.cin_plans.sort_by_key(|x| (x.start, x.id));
        self.episodes.sort_by_key(|x| (x.start, x.id));
        self.cla_reviews.sort_by_key(|x| (x.date, x.id));
        self.visits.sort_by_key(|x| (x.date, x.id));
        self.health_checks.sort_by_key(|x| (x.date, x.id));
        self.offences.sort_by_key(|x| (x.date, x.id));
        self.annual_outcomes.sort_by_key(|x| x.year);
        self.missing.sort_by_key(|x| (x.start, x.id));
        self.adoption_decisions
            .sort_by_key(|x| (x.decision_date, x.id));
        self.care_leaver_statuses.sort_by_key(|x| (x.year, x.id));
        self.leaving_care.sort_by_key(|x| (x.start, x.id));
        self.family_group_conferences
            .sort_by_key(|x| (x.date, x.id));
        self.safety_plans.sort_by_key(|x| (x.start, x.id));
        self.allocations.sort_by_key(|x| (x.start, x.id));
    }

    /// Periods of care, built from the episodes as the DfE defines them
    /// (`ssda903.md` §4.5): a new period starts at the first episode, at an
    /// `S` episode, or after a gap.
    pub fn periods_of_care(&self) -> Vec<PeriodOfCare> {
        let mut order: Vec<usize> = (0..self.episodes.len()).collect();
        order.sort_by_key(|&i| (self.episodes[i].start, self.episodes[i].id));
        let mut periods: Vec<PeriodOfCare> = Vec::new();
        for i in order {
            let ep = &self.episodes[i];
            let continues = periods.last().is_some_and(|p| {
                ep.reason_new != ReasonNewEpisode::Started
                    && p.end
                        .is_some_and(|e| e.date == ep.start && !e.reason.ends_period_of_care())
            });
            if continues {
                if let Some(p) = periods.last_mut() {
                    p.episodes.push(i);
                    p.end = ep.end;
                }
            } else {
                periods.push(PeriodOfCare {
                    start: ep.start,
                    end: ep.end,
                    episodes: vec![i],
                });
            }
        }
        periods
    }

    /// The looked-after episode open at `on`, if any (short breaks included).
    pub fn episode_on(&self, on: Date) -> Option<&LookedAfterEpisode> {
        self.episodes.iter().find(|e| e.is_open_on(on))
    }

    /// Looked after at `on` for Sightline figures: an open episode that is not
    /// a short break, and the child alive (`indicators.md` §1.9).
    pub fn is_looked_after_on(&self, on: Date) -> bool {
        self.is_alive_on(on)
            && self
                .episodes
                .iter()
                .any(|e| e.is_open_on(on) && !e.legal_status.is_short_break())
    }

    /// Subject to a child protection plan at `on`.
    pub fn is_on_cp_plan_on(&self, on: Date) -> bool {
        self.is_alive_on(on) && self.cp_plans.iter().any(|p| p.is_active_on(on))
    }

    /// A child in need at `on`: an open, non-NFA referral (CIN episode).
    pub fn is_in_need_on(&self, on: Date) -> bool {
        self.is_alive_on(on)
            && self
                .referrals
                .iter()
                .any(|r| !r.nfa && r.date <= on && r.closure.is_none_or(|c| c.date > on))
    }

    pub fn is_alive_on(&self, on: Date) -> bool {
        self.child.death_date.is_none_or(|d| d > on)
    }

    /// The worker allocated at `on`.
    pub fn allocated_worker_on(&self, on: Date) -> Option<RecordId> {
        self.allocations
            .iter()
            .rev()
            .find(|a| a.is_current_on(on))
            .map(|a| a.worker)
    }

    /// One ordered timeline of everything recorded about the child.
    pub fn chronology(&self) -> Vec<ChronologyEntry> {
        let mut out = Vec::new();
        let mut push = |date: Date, kind: ChronologyKind, summary: String| {
            out.push(ChronologyEntry {
                date,
                kind,
                summary,
            })
        };
        match self.child.birth {
            Birth::Born(d) => push(d, ChronologyKind::Birth, "Born".into()),
            Birth::Unborn(d) => push(d, ChronologyKind::Birth, "Expected date of birth".into()),
        }
        for c in &self.contacts {
            push(
                c.date,
                ChronologyKind::Contact,
                format!(
                    "Contact from {}{}: {}",
                    c.source.label(),
                    if c.via_mash { " (MASH)" } else { "" },
                    c.outcome.label()
                ),
            );
        }
        for r in &self.referrals {
            let need = r
                .primary_need
                .map(|n| format!(", primary need {} {}", n.as_code(), n.label()))
                .unwrap_or_default();
            let nfa = if r.nfa { " — no further action" } else { "" };
            push(
                r.date,
                ChronologyKind::Referral,
                format!("Referral from {}{need}{nfa}", r.source.label()),
            );
            if let Some(c) = r.closure {
                push(
                    c.date,
                    ChronologyKind::CaseClosed,
                    format!("Case closed: {}", c.reason.label()),
                );
            }
        }
        for a in &self.assessments {
            push(
                a.start,
                ChronologyKind::Assessment,
                "Single assessment started".into(),
            );
            if let Some(d) = a.authorised {
                let factors: Vec<&str> = a.factors.iter().map(|f| f.label()).collect();
                let f = if factors.is_empty() {
                    String::new()
                } else {
                    format!(" — factors: {}", factors.join("; "))
                };
                push(
                    d,
                    ChronologyKind::Assessment,
                    format!(
                        "Single assessment authorised after {} working days{f}",
                        crate::calendar::working_days_between(a.start, d)
                    ),
                );
            }
        }
        for s in &self.strategy_discussions {
            push(
                s.date,
                ChronologyKind::Safeguarding,
                if s.section47_started {
                    "Strategy discussion: section 47 enquiry to start".into()
                } else {
                    "Strategy discussion: no section 47 enquiry".into()
                },
            );
        }
        for s in &self.section47s {
            push(
                s.start,
                ChronologyKind::Safeguarding,
                if s.icpc_not_required {
                    "Section 47 enquiry started (ICPC not required)".into()
                } else {
                    "Section 47 enquiry started".into()
                },
            );
        }
        for c in &self.conferences {
            let what = match c.kind {
                ConferenceKind::Initial => "Initial child protection conference",
                ConferenceKind::Review => "Review child protection conference",
                ConferenceKind::TransferIn => "Transfer-in child protection conference",
            };
            let outcome = match (c.kind, c.plan_outcome) {
                (ConferenceKind::Review, true) => "plan continues",
                (ConferenceKind::Review, false) => "plan ended",
                (_, true) => "child protection plan",
                (_, false) => "no plan",
            };
            push(
                c.date,
                ChronologyKind::Safeguarding,
                format!("{what}: {outcome}"),
            );
        }
        for p in &self.cp_plans {
            push(
                p.start,
                ChronologyKind::CpPlan,
                format!(
                    "Child protection plan started ({}){}",
                    p.initial_category.label(),
                    if p.previous_plans > 0 {
                        format!(", previous plans: {}", p.previous_plans)
                    } else {
                        String::new()
                    }
                ),
            );
            if let Some(e) = p.end {
                push(
                    e,
                    ChronologyKind::CpPlan,
                    format!(
                        "Child protection plan ended after {} days",
                        (e - p.start).num_days()
                    ),
                );
            }
        }
        // Plain spans: a start and, once it has ended, an end.
        let spans = self
            .cin_plans
            .iter()
            .map(|p| {
                (
                    p.start,
                    p.end,
                    ChronologyKind::CinPlan,
                    "Child in need plan",
                )
            })
            .chain(self.leaving_care.iter().map(|l| {
                (
                    l.start,
                    l.end,
                    ChronologyKind::CareLeaver,
                    "Leaving care service",
                )
            }));
        for (start, end, kind, what) in spans {
            push(start, kind, format!("{what} started"));
            if let Some(e) = end {
                push(e, kind, format!("{what} ended"));
            }
        }
        for e in &self.episodes {
            push(
                e.start,
                ChronologyKind::LookedAfter,
                format!(
                    "{}: {}; {}",
                    e.reason_new.label(),
                    e.legal_status.label(),
                    e.placement.label()
                ),
            );
            if let Some(end) = e.end
                && end.reason.ends_period_of_care()
            {
                push(
                    end.date,
                    ChronologyKind::LookedAfter,
                    format!("Ceased to be looked after: {}", end.reason.label()),
                );
            }
        }
        for r in &self.cla_reviews {
            push(
                r.date,
                ChronologyKind::Review,
                format!("Looked-after review ({})", r.participation.label()),
            );
        }
        for v in &self.visits {
            push(
                v.date,
                ChronologyKind::Visit,
                if v.child_seen {
                    "Statutory visit: child seen".into()
                } else {
                    "Statutory visit: child not seen".into()
                },
            );
        }
        for h in &self.health_checks {
            let what = match h.kind {
                HealthCheckKind::HealthAssessment => "Health assessment".to_string(),
                HealthCheckKind::Dental => "Dental check".to_string(),
                HealthCheckKind::Development => "Development check".to_string(),
                HealthCheckKind::Sdq => match h.sdq_score {
                    Some(s) => format!("SDQ completed, score {s}"),
                    None => "SDQ completed".to_string(),
                },
            };
            push(h.date, ChronologyKind::Health, what);
        }
        for o in &self.offences {
            push(
                o.date,
                ChronologyKind::Offending,
                "Offending outcome recorded".into(),
            );
        }
        for m in &self.missing {
            push(
                m.start,
                ChronologyKind::Missing,
                format!("{} started", m.kind.label()),
            );
            if let Some(e) = m.end {
                push(
                    e,
                    ChronologyKind::Missing,
                    format!("{} ended", m.kind.label()),
                );
            }
        }
        for d in &self.adoption_decisions {
            push(
                d.decision_date,
                ChronologyKind::Adoption,
                "Decision: should be placed for adoption".into(),
            );
            if let Some((date, reason)) = d.ceased {
                push(
                    date,
                    ChronologyKind::Adoption,
                    format!("Adoption decision reversed: {}", reason.label()),
                );
            }
        }
        if let Some(a) = &self.adoption {
            push(
                a.matched_date,
                ChronologyKind::Adoption,
                "Matched with adopters".into(),
            );
        }
        for s in &self.care_leaver_statuses {
            if let Birth::Born(dob) = self.child.birth {
                let when = crate::calendar::CollectionYear(s.year).end();
                let age = age_on(dob, when);
                push(
                    when,
                    ChronologyKind::CareLeaver,
                    format!(
                        "Care leaver aged {age}: {}; {}; {}",
                        s.in_touch.label(),
                        s.activity.label(),
                        s.accommodation.label()
                    ),
                );
            }
        }
        for f in &self.family_group_conferences {
            push(
                f.date,
                ChronologyKind::FamilyGroupConference,
                if f.plan_agreed {
                    "Family group conference: family plan agreed".into()
                } else {
                    "Family group conference held".into()
                },
            );
        }
        for s in &self.safety_plans {
            push(
                s.start,
                ChronologyKind::SafetyPlan,
                format!("Safety plan started: {}", s.concern),
            );
            if let Some(e) = s.end {
                push(e, ChronologyKind::SafetyPlan, "Safety plan ended".into());
            }
        }
        for a in &self.allocations {
            push(
                a.start,
                ChronologyKind::Allocation,
                format!("Allocated to worker {} ({})", a.worker, a.reason.label()),
            );
        }
        if let Some(d) = self.child.death_date {
            push(d, ChronologyKind::Birth, "Died".into());
        }
        // The 18th birthday matters to looked-after children and care
        // leavers, and only once the record reaches it.
        if let Birth::Born(dob) = self.child.birth {
            let eighteen = birthday(dob, 18);
            let last = out.iter().map(|e| e.date).max();
            if (!self.episodes.is_empty() || !self.leaving_care.is_empty())
                && last.is_some_and(|l| l >= eighteen)
            {
                out.push(ChronologyEntry {
                    date: eighteen,
                    kind: ChronologyKind::Birth,
                    summary: "18th birthday".into(),
                });
            }
        }
        out.sort_by_key(|e| (e.date, e.kind));
        out
    }
}

/// What kind of event a chronology line records (also its sort order within a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChronologyKind {
    Birth,
    Contact,
    Referral,
    Allocation,
    Assessment,
    Safeguarding,
    CpPlan,
    CinPlan,
    FamilyGroupConference,
    SafetyPlan,
    LookedAfter,
    Review,
    Visit,
    Health,
    Missing,
    Offending,
    Adoption,
    CareLeaver,
    /// A case closing comes last on its day, after the work that closed it.
    CaseClosed,
}

/// One line of a child's chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronologyEntry {
    pub date: Date,
    pub kind: ChronologyKind,
    pub summary: String,
}

/// A council and everything it records: the unit that is generated, stored,
/// exported and measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Council {
    pub la: LaNumber,
    pub name: String,
    /// Child population aged 0–17 used for rates per 10,000.
    pub population_0_17: u32,
    pub teams: Vec<Team>,
    pub workers: Vec<Worker>,
    pub children: Vec<ChildRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child() -> Child {
        Child {
            id: ChildId::parse("C1").unwrap(),
            forename: "Amy".into(),
            surname: "Test".into(),
            upn: None,
            former_upn: None,
            upn_unknown: Some(UpnUnknown::Un1),
            birth: Birth::Born(d(2012, 5, 1)),
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

    fn episode(
        id: i64,
        start: Date,
        rne: ReasonNewEpisode,
        end: Option<(Date, ReasonEpisodeCeased)>,
    ) -> LookedAfterEpisode {
        LookedAfterEpisode {
            id,
            start,
            reason_new: rne,
            legal_status: LegalStatus::FullCareOrder,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            end: end.map(|(date, reason)| EpisodeEnd { date, reason }),
            reason_place_change: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
        }
    }

    #[test]
    fn periods_of_care_follow_x1_chains_and_break_on_e_codes() {
        let mut r = ChildRecord::new(child());
        r.episodes = vec![
            episode(
                1,
                d(2020, 1, 1),
                ReasonNewEpisode::Started,
                Some((d(2020, 3, 1), ReasonEpisodeCeased::Continues)),
            ),
            episode(
                2,
                d(2020, 3, 1),
                ReasonNewEpisode::PlacementChange,
                Some((d(2020, 9, 1), ReasonEpisodeCeased::ReturnedHomePlanned)),
            ),
            episode(3, d(2021, 2, 1), ReasonNewEpisode::Started, None),
        ];
        let p = r.periods_of_care();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].start, d(2020, 1, 1));
        assert_eq!(p[0].episodes, vec![0, 1]);
        assert_eq!(
            p[0].end.unwrap().reason,
            ReasonEpisodeCeased::ReturnedHomePlanned
        );
        assert_eq!(p[1].end, None);
        assert!(r.is_looked_after_on(d(2020, 8, 31)));
        assert!(!r.is_looked_after_on(d(2020, 9, 1)), "ended on the day");
        assert!(r.is_looked_after_on(d(2021, 2, 1)));
    }

    #[test]
    fn any_open_non_short_break_episode_counts_as_looked_after() {
        let mut r = ChildRecord::new(child());
        let mut short = episode(1, d(2020, 1, 1), ReasonNewEpisode::Started, None);
        short.legal_status = LegalStatus::ShortBreaksAgreement;
        r.episodes.push(short);
        r.episodes
            .push(episode(2, d(2020, 1, 5), ReasonNewEpisode::Started, None));
        assert!(r.is_looked_after_on(d(2020, 2, 1)));
    }

    #[test]
    fn closure_comes_after_same_day_work_and_18th_birthday_only_when_reached() {
        let mut r = ChildRecord::new(child());
        r.referrals.push(Referral {
            id: 1,
            date: d(2019, 6, 3),
            source: ReferralSource::Police,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closure: Some(CinClosure {
                date: d(2019, 7, 1),
                reason: ReasonForClosure::ClosedAfterAssessmentNfa,
            }),
            nfa: false,
        });
        r.assessments.push(SingleAssessment {
            id: 1,
            referral: 1,
            start: d(2019, 6, 3),
            authorised: Some(d(2019, 7, 1)),
            factors: vec![],
        });
        r.episodes
            .push(episode(1, d(2019, 8, 1), ReasonNewEpisode::Started, None));
        let c = r.chronology();
        let last = c.last().unwrap();
        assert_eq!(last.kind, ChronologyKind::LookedAfter);
        let day: Vec<ChronologyKind> = c
            .iter()
            .filter(|e| e.date == d(2019, 7, 1))
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            day,
            vec![ChronologyKind::Assessment, ChronologyKind::CaseClosed]
        );
        assert!(
            !c.iter().any(|e| e.summary == "18th birthday"),
            "born 2012: not reached"
        );
        r.cla_reviews.push(ClaReview {
            id: 1,
            date: d(2030, 5, 2),
            participation: ReviewParticipation::AttendsSpeaks,
        });
        assert!(
            r.chronology()
                .iter()
                .any(|e| e.summary == "18th birthday" && e.date == d(2030, 5, 1))
        );
    }

    #[test]
    fn short_breaks_are_not_looked_after() {
        let mut r = ChildRecord::new(child());
        let mut e = episode(1, d(2020, 1, 1), ReasonNewEpisode::Started, None);
        e.legal_status = LegalStatus::ShortBreaksAgreement;
        r.episodes.push(e);
        assert!(r.episode_on(d(2020, 2, 1)).is_some());
        assert!(!r.is_looked_after_on(d(2020, 2, 1)));
    }

    #[test]
    fn chronology_is_ordered_and_readable() {
        let mut r = ChildRecord::new(child());
        r.referrals.push(Referral {
            id: 1,
            date: d(2019, 6, 3),
            source: ReferralSource::Police,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closure: None,
            nfa: false,
        });
        r.cp_plans.push(CpPlan {
            id: 1,
            referral: 1,
            start: d(2019, 7, 1),
            end: Some(d(2020, 1, 6)),
            initial_category: CategoryOfAbuse::Neglect,
            latest_category: CategoryOfAbuse::Neglect,
            previous_plans: 0,
        });
        r.assessments.push(SingleAssessment {
            id: 1,
            referral: 1,
            start: d(2019, 6, 3),
            authorised: Some(d(2019, 6, 28)),
            factors: vec![AssessmentFactor::DomesticAbuseParent],
        });
        let c = r.chronology();
        let dates: Vec<Date> = c.iter().map(|e| e.date).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted);
        assert_eq!(c[0].summary, "Born");
        assert!(
            c.iter()
                .any(|e| e.summary == "Referral from Police, primary need N1 Abuse or neglect")
        );
        assert!(c.iter().any(|e| {
            e.summary
                .starts_with("Single assessment authorised after 19 working days")
        }));
        assert!(
            c.iter()
                .any(|e| e.summary == "Child protection plan ended after 189 days")
        );
        // Same day: referral before assessment start.
        let i_ref = c
            .iter()
            .position(|e| e.kind == ChronologyKind::Referral)
            .unwrap();
        let i_ass = c
            .iter()
            .position(|e| e.kind == ChronologyKind::Assessment)
            .unwrap();
        assert!(i_ref < i_ass);
    }

    #[test]
    fn cp_plan_ending_on_date_is_not_active() {
        let p = CpPlan {
            id: 1,
            referral: 1,
            start: d(2016, 1, 1),
            end: Some(d(2016, 3, 31)),
            initial_category: CategoryOfAbuse::Neglect,
            latest_category: CategoryOfAbuse::Neglect,
            previous_plans: 0,
        };
        assert!(p.is_active_on(d(2016, 3, 30)));
        assert!(!p.is_active_on(d(2016, 3, 31)));
    }
}

/// The three headline counts leaders ask for first, at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub on: Date,
    /// Children looked after (short breaks excluded).
    pub cla: u32,
    /// Children subject to a child protection plan.
    pub cp: u32,
    /// Children in need (open, non-NFA CIN episodes).
    pub cin: u32,
    pub population_0_17: u32,
}

impl Headline {
    /// A count per 10,000 children aged 0–17, unrounded.
    pub fn rate_per_10k(&self, count: u32) -> Option<f64> {
        (self.population_0_17 > 0)
            .then(|| f64::from(count) * 10_000.0 / f64::from(self.population_0_17))
    }
}

impl Council {
    /// Headline counts at `on`.
    pub fn headline(&self, on: Date) -> Headline {
        let mut h = Headline {
            on,
            cla: 0,
            cp: 0,
            cin: 0,
            population_0_17: self.population_0_17,
        };
        for r in &self.children {
            h.cla += u32::from(r.is_looked_after_on(on));
            h.cp += u32::from(r.is_on_cp_plan_on(on));
            h.cin += u32::from(r.is_in_need_on(on));
        }
        h
    }
}
