//! The CIN census as it stands in the XML file, one struct per module.
//!
//! Why: validation must see exactly what the local authority sent, including
//! wrong codes and dates that do not parse, so that each is reported under its
//! DfE rule (an invalid `Ethnicity` is rule 4220, not a read failure). Every
//! value is therefore a [`Field`] that remembers an invalid value as text.
//!
//! What this module does not do: decide what is valid beyond the shape of a
//! single value (that is the rules' job), or know about the child journey
//! (that is [`crate::mapping`]).

use std::path::PathBuf;

use sightline_domain::calendar::Date;
use sightline_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, CodeList, Disability, Ethnicity, PrimaryNeed,
    ReasonForClosure, ReferralSource, Sex, UpnUnknown,
};

/// One value as read: absent (element missing or empty), valid, or present
/// but not a valid value (kept as the text found).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// The element is missing or empty.
    #[default]
    Absent,
    /// A valid value.
    Valid(T),
    /// Present but not valid: the text as found.
    Invalid(String),
}

impl<T: Copy> Field<T> {
    /// The valid value, if any.
    pub fn get(&self) -> Option<T> {
        match self {
            Field::Valid(v) => Some(*v),
            _ => None,
        }
    }
}

impl<T> Field<T> {
    /// The element was missing or empty.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    /// The element was present (valid or not).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }
    /// Present and valid.
    pub fn is_valid(&self) -> bool {
        matches!(self, Field::Valid(_))
    }
    /// Present but not valid.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Field::Invalid(_))
    }
    /// The valid value by reference.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Field::Valid(v) => Some(v),
            _ => None,
        }
    }
}

impl<T: Copy> From<Option<T>> for Field<T> {
    fn from(o: Option<T>) -> Self {
        o.map_or(Field::Absent, Field::Valid)
    }
}

/// Parse a value from its element text (already trimmed).
pub trait FieldValue: Sized {
    /// What was expected, for error messages ("a date like 2025-03-31").
    const EXPECTED: &'static str;
    /// Parse the element text; `None` if it is not a valid value.
    fn parse_text(s: &str) -> Option<Self>;
    /// The text written for this value.
    fn to_text(&self) -> String;
}

impl FieldValue for Date {
    const EXPECTED: &'static str = "a date YYYY-MM-DD";
    fn parse_text(s: &str) -> Option<Self> {
        // Fast path for the only form the census uses, YYYY-MM-DD.
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd_opt(i32::try_from(y).ok()?, m, d)
    }
    fn to_text(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl FieldValue for bool {
    const EXPECTED: &'static str = "true, false, 1 or 0";
    fn parse_text(s: &str) -> Option<Self> {
        match s {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
    fn to_text(&self) -> String {
        if *self { "true" } else { "false" }.to_string()
    }
}

impl FieldValue for u32 {
    const EXPECTED: &'static str = "a whole number";
    fn parse_text(s: &str) -> Option<Self> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
}

/// The legacy `GenderCurrent` item (collection years to 2023-24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenderCurrent {
    /// `0`: not known (unborn children).
    NotKnown,
    /// `1`: male.
    Male,
    /// `2`: female.
    Female,
    /// `9`: not specified.
    NotSpecified,
}

impl FieldValue for GenderCurrent {
    const EXPECTED: &'static str = "a GenderCurrent code (0, 1, 2 or 9)";
    fn parse_text(s: &str) -> Option<Self> {
        match s {
            "0" => Some(Self::NotKnown),
            "1" => Some(Self::Male),
            "2" => Some(Self::Female),
            "9" => Some(Self::NotSpecified),
            _ => None,
        }
    }
    fn to_text(&self) -> String {
        match self {
            Self::NotKnown => "0",
            Self::Male => "1",
            Self::Female => "2",
            Self::NotSpecified => "9",
        }
        .to_string()
    }
}

macro_rules! code_field {
    ($($t:ty, $what:literal;)+) => {$(
        impl FieldValue for $t {
            const EXPECTED: &'static str = $what;
            fn parse_text(s: &str) -> Option<Self> {
                <$t as CodeList>::parse(s).ok()
            }
            fn to_text(&self) -> String {
                CodeList::code(*self).to_string()
            }
        }
    )+};
}

code_field! {
    Sex, "a Sex code (M, F or U)";
    Ethnicity, "an Ethnicity code (e.g. WBRI)";
    Disability, "a Disability code (e.g. NONE, AUT)";
    UpnUnknown, "a UPNunknown code (UN1 to UN7)";
    ReferralSource, "a ReferralSource code (e.g. 1A, 2A, 6)";
    PrimaryNeed, "a PrimaryNeedCode (N0 to N9)";
    ReasonForClosure, "a ReasonForClosure code (RC1 to RC9)";
    AssessmentFactor, "an AssessmentFactors code (e.g. 3A, 21)";
    CategoryOfAbuse, "a category of abuse (NEG, PHY, SAB, EMO or MUL)";
}

impl<T: FieldValue> Field<T> {
    /// Parse element text: empty is absent, otherwise valid or invalid.
    pub fn from_text(s: &str) -> Self {
        let t = s.trim();
        if t.is_empty() {
            Field::Absent
        } else {
            match T::parse_text(t) {
                Some(v) => Field::Valid(v),
                None => Field::Invalid(t.to_string()),
            }
        }
    }
    /// The text to write: the valid value's text or the invalid text as read.
    pub fn text(&self) -> Option<String> {
        match self {
            Field::Absent => None,
            Field::Valid(v) => Some(v.to_text()),
            Field::Invalid(s) => Some(s.clone()),
        }
    }
}

/// A whole census return.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CinCensus {
    /// The file it was read from, for error messages (`None` when built in memory).
    pub source: Option<PathBuf>,
    /// The `Header` module.
    pub header: Header,
    /// Every `Child`, in file order.
    pub children: Vec<CinChild>,
}

/// `Message/Header`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// `Collection` (`CIN`).
    pub collection: Option<String>,
    /// `Year`: the year the collection year ends.
    pub year: Field<u32>,
    /// `ReferenceDate`: 31 March of `Year`.
    pub reference_date: Field<Date>,
    /// `SourceLevel` (`L`).
    pub source_level: Option<String>,
    /// `LEA`: the 3-digit DfE LA number.
    pub lea: Option<String>,
    /// `SoftwareCode`.
    pub software_code: Option<String>,
    /// `Release`.
    pub release: Option<String>,
    /// `SerialNo`.
    pub serial_no: Option<String>,
    /// `DateTime` (kept as text).
    pub date_time: Option<String>,
}

/// `Message/Children/Child`: one child with their identifiers,
/// characteristics and CIN episodes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CinChild {
    /// 1-based position among the `Child` elements of the file.
    pub position: usize,
    /// `LAchildID`.
    pub la_child_id: Option<String>,
    /// `UPN` (kept as text: its rules check the shape).
    pub upn: Option<String>,
    /// `FormerUPN` (text).
    pub former_upn: Option<String>,
    /// `UPNunknown`.
    pub upn_unknown: Field<UpnUnknown>,
    /// `PersonBirthDate`.
    pub birth_date: Field<Date>,
    /// `ExpectedPersonBirthDate`.
    pub expected_birth_date: Field<Date>,
    /// `Sex` (from 2024-25).
    pub sex: Field<Sex>,
    /// `GenderCurrent` (to 2023-24).
    pub gender_current: Field<GenderCurrent>,
    /// `PersonDeathDate`.
    pub death_date: Field<Date>,
    /// `Ethnicity`.
    pub ethnicity: Field<Ethnicity>,
    /// `Disabilities/Disability`; `None` when there is no `Disabilities` element.
    pub disabilities: Option<Vec<Field<Disability>>>,
    /// `CINdetails`, in file order.
    pub episodes: Vec<CinEpisode>,
}

/// `CINdetails`: one referral and the episode of need that followed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CinEpisode {
    /// `CINreferralDate`.
    pub referral_date: Field<Date>,
    /// `ReferralSource`.
    pub referral_source: Field<ReferralSource>,
    /// `PrimaryNeedCode`.
    pub primary_need: Field<PrimaryNeed>,
    /// `CINclosureDate`.
    pub closure_date: Field<Date>,
    /// `ReasonForClosure`.
    pub reason_for_closure: Field<ReasonForClosure>,
    /// `CINdetails/DateOfInitialCPC`: an ICPC with no `Section47` module here.
    pub icpc_date: Field<Date>,
    /// `Assessments`.
    pub assessments: Vec<Assessment>,
    /// `CINPlanDates`.
    pub cin_plans: Vec<CinPlanDates>,
    /// `Section47`.
    pub section47s: Vec<Section47>,
    /// `ReferralNFA`.
    pub referral_nfa: Field<bool>,
    /// `ChildProtectionPlans`.
    pub cp_plans: Vec<CpPlan>,
}

impl CinEpisode {
    /// `ReferralNFA` is true.
    pub fn is_nfa(&self) -> bool {
        self.referral_nfa.get() == Some(true)
    }
    /// `ReferralNFA` is false (present and false).
    pub fn is_not_nfa(&self) -> bool {
        self.referral_nfa.get() == Some(false)
    }
}

/// `Assessments`: one single (child and family) assessment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    /// `AssessmentActualStartDate`.
    pub start: Field<Date>,
    /// `AssessmentInternalReviewDate`.
    pub internal_review: Field<Date>,
    /// `AssessmentAuthorisationDate`.
    pub authorised: Field<Date>,
    /// `FactorsIdentifiedAtAssessment/AssessmentFactors`; `None` when the
    /// container is absent.
    pub factors: Option<Vec<Field<AssessmentFactor>>>,
}

impl Assessment {
    /// The factors given (empty when none).
    pub fn factor_list(&self) -> &[Field<AssessmentFactor>] {
        self.factors.as_deref().unwrap_or(&[])
    }
}

/// `CINPlanDates`: one CIN plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CinPlanDates {
    /// `CINPlanStartDate`.
    pub start: Field<Date>,
    /// `CINPlanEndDate`.
    pub end: Field<Date>,
}

/// `Section47`: one section 47 enquiry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section47 {
    /// `S47ActualStartDate`.
    pub start: Field<Date>,
    /// `InitialCPCtarget`.
    pub icpc_target: Field<Date>,
    /// `DateOfInitialCPC`.
    pub icpc_date: Field<Date>,
    /// `ICPCnotRequired`.
    pub icpc_not_required: Field<bool>,
}

/// `ChildProtectionPlans`: one CP plan and its review conferences.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CpPlan {
    /// `CPPstartDate`.
    pub start: Field<Date>,
    /// `CPPendDate`.
    pub end: Field<Date>,
    /// `InitialCategoryOfAbuse`.
    pub initial_category: Field<CategoryOfAbuse>,
    /// `LatestCategoryOfAbuse`.
    pub latest_category: Field<CategoryOfAbuse>,
    /// `NumberOfPreviousCPP`.
    pub previous_plans: Field<u32>,
    /// Every `Reviews/CPPreviewDate`, one per review conference.
    pub reviews: Vec<Field<Date>>,
}
