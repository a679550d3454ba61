//! The DfE code lists, one Rust enum per list.
//!
//! Why: a legal status, a placement type or a category of abuse is one of a
//! fixed set of codes published by the DfE. Holding them as enums means a value
//! that got past the boundary (a file reader, a web form) is valid by
//! construction, and a `match` tells the compiler when a code is forgotten.
//!
//! Each list knows its codes (exactly as the DfE spells them), a short label
//! (paraphrased from DfE guidance, see `../shared/reference/ssda903.md` and
//! `cin-census.md`), and parses with [`CodeList::parse`], which trims the input
//! and matches the code exactly. Readers of the SSDA903 upper-case first (the
//! DfE tools do); the CIN census is case-sensitive.
//!
//! What this module does not do: decide which codes are valid in which
//! collection year. Historic codes that still appear in old returns (e.g.
//! placement `H5`, `P2`, `Z1`) are kept so that old data can be read; the
//! returns' validation rules (in `sightline-exchange`) say when they may be used.

use std::fmt;

/// A value was not one of the codes in a DfE code list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a {what} code (one of {expected}), found {found:?}")]
pub struct CodeError {
    /// The list's name, e.g. "legal status".
    pub what: &'static str,
    /// The codes that would have been accepted, comma-separated.
    pub expected: String,
    /// What was found instead.
    pub found: String,
}

/// Behaviour shared by every code list, so generic code (readers, forms,
/// the store) can parse and print any of them.
pub trait CodeList: Sized + Copy + 'static {
    /// Human name of the list, used in error messages ("placement type").
    const WHAT: &'static str;
    /// Every code, in the DfE's order.
    const ALL: &'static [Self];
    /// The DfE code, e.g. `"C2"`.
    fn code(self) -> &'static str;
    /// A short label, e.g. "Full care order".
    fn label(self) -> &'static str;

    /// The code spelt exactly `s` (no spaces), if any. The lists made by
    /// `code_list!` answer with one `match` on the text, which the compiler
    /// turns into length and byte comparisons; this default walks the list.
    fn exact(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == s)
    }

    /// As [`CodeList::exact`], on the code's bytes: a code is ASCII, so a
    /// reader holding bytes (the store's facts) need not check them as
    /// UTF-8 first; bytes that are not exactly a code are `None`.
    fn exact_bytes(b: &[u8]) -> Option<Self> {
        std::str::from_utf8(b).ok().and_then(Self::exact)
    }

    /// Parse a code exactly as the DfE spells it (surrounding spaces ignored).
    fn parse(s: &str) -> Result<Self, CodeError> {
        // Stored and well-formed input has no spaces: one match, no trim
        // (this parse runs for every code of every record read).
        if let Some(c) = Self::exact(s) {
            return Ok(c);
        }
        let t = s.trim();
        Self::exact(t).ok_or_else(|| CodeError {
            what: Self::WHAT,
            expected: Self::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", "),
            found: t.to_string(),
        })
    }

    /// Parse ignoring case, as the SSDA903 tools do (they upper-case input).
    fn parse_ignore_case(s: &str) -> Result<Self, CodeError> {
        Self::parse(&s.trim().to_ascii_uppercase())
    }
}

macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $var:ident = $code:literal : $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = $label] $var ),+
        }

        impl CodeList for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[ $( $name::$var ),+ ];
            fn code(self) -> &'static str {
                match self { $( $name::$var => $code ),+ }
            }
            fn label(self) -> &'static str {
                match self { $( $name::$var => $label ),+ }
            }
            #[inline]
            fn exact(s: &str) -> Option<Self> {
                match s { $( $code => Some($name::$var), )+ _ => None }
            }
            #[inline]
            #[allow(non_upper_case_globals)]
            fn exact_bytes(b: &[u8]) -> Option<Self> {
                // Each code's bytes as a constant named after its variant,
                // so the match below is one on byte strings.
                $( const $var: &[u8] = $code.as_bytes(); )+
                match b {
                    $( $var => ::core::option::Option::Some($name::$var), )+
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl $name {
            /// The DfE code (inherent shortcut for [`CodeList::code`]).
            pub fn as_code(self) -> &'static str { CodeList::code(self) }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(CodeList::code(*self))
            }
        }

        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> { <Self as CodeList>::parse(s) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(CodeList::code(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <Self as CodeList>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

code_list! {
    /// Sex (SSDA903 Header/UASC `SEX` from 2024/25, CIN `Sex`). Older 903
    /// returns use `1`/`2`; readers map those to `M`/`F`.
    Sex, "sex" {
        Male = "M": "Male",
        Female = "F": "Female",
        Unknown = "U": "Unknown or not recorded",
    }
}

code_list! {
    /// Ethnicity (`ETHNIC`, CIN `Ethnicity`, N00177).
    Ethnicity, "ethnicity" {
        WhiteBritish = "WBRI": "White British",
        WhiteIrish = "WIRI": "White Irish",
        WhiteOther = "WOTH": "Any other White background",
        TravellerIrishHeritage = "WIRT": "Traveller of Irish heritage",
        GypsyRoma = "WROM": "Gypsy/Roma",
        WhiteBlackCaribbean = "MWBC": "White and Black Caribbean",
        WhiteBlackAfrican = "MWBA": "White and Black African",
        WhiteAsian = "MWAS": "White and Asian",
        MixedOther = "MOTH": "Any other mixed background",
        Indian = "AIND": "Indian",
        Pakistani = "APKN": "Pakistani",
        Bangladeshi = "ABAN": "Bangladeshi",
        AsianOther = "AOTH": "Any other Asian background",
        BlackCaribbean = "BCRB": "Black Caribbean",
        BlackAfrican = "BAFR": "Black African",
        BlackOther = "BOTH": "Any other Black background",
        Chinese = "CHNE": "Chinese",
        OtherEthnicGroup = "OOTH": "Any other ethnic group",
        Refused = "REFU": "Refused",
        NotObtained = "NOBT": "Information not yet obtained",
    }
}

code_list! {
    /// Disability (CIN `Disability`, N00099).
    Disability, "disability" {
        None = "NONE": "No disability",
        Mobility = "MOB": "Mobility",
        HandFunction = "HAND": "Hand function",
        PersonalCare = "PC": "Personal care",
        Incontinence = "INC": "Incontinence",
        Communication = "COMM": "Communication",
        Learning = "LD": "Learning",
        Hearing = "HEAR": "Hearing",
        Vision = "VIS": "Vision",
        Behaviour = "BEH": "Behaviour",
        Consciousness = "CON": "Consciousness",
        Autism = "AUT": "Autism or Asperger syndrome",
        OtherEqualityAct = "DDA": "Other disability under the Equality Act",
    }
}

code_list! {
    /// Reason a UPN is unknown (`UPN` in the 903 Header, CIN `UPNunknown`).
    /// `UN6`/`UN7` are CIN-only.
    UpnUnknown, "UPN unknown reason" {
        Un1 = "UN1": "Not yet of school age or not yet allocated a UPN",
        Un2 = "UN2": "Never attended a state school in England",
        Un3 = "UN3": "Educated outside England",
        Un4 = "UN4": "Newly looked after or arrived, UPN not yet obtained",
        Un5 = "UN5": "UPN not available from the sources that hold it",
        Un6 = "UN6": "Aged 6 or over and UPN not known for another reason",
        Un7 = "UN7": "Referral with no further action",
    }
}

code_list! {
    /// Source of a referral or contact (CIN `ReferralSource`, N00152).
    ReferralSource, "referral source" {
        Family = "1A": "Individual: family member, relative or carer",
        Acquaintance = "1B": "Individual: acquaintance",
        SelfReferral = "1C": "Individual: self",
        IndividualOther = "1D": "Individual: other",
        Schools = "2A": "Schools",
        EducationServices = "2B": "Education services",
        Gp = "3A": "Health: GP",
        HealthVisitor = "3B": "Health: health visitor",
        SchoolNurse = "3C": "Health: school nurse",
        OtherPrimaryHealth = "3D": "Health: other primary health services",
        AccidentAndEmergency = "3E": "Health: A&E",
        HealthOther = "3F": "Health: other",
        Housing = "4": "Housing",
        LaSocialCare = "5A": "LA services: social care",
        LaOtherInternal = "5B": "LA services: other internal",
        LaExternal = "5C": "LA services: external",
        EarlyHelp = "5D": "LA services: early help",
        Police = "6": "Police",
        OtherLegalAgency = "7": "Other legal agency",
        Other = "8": "Other",
        Anonymous = "9": "Anonymous",
        Unknown = "10": "Unknown",
    }
}

code_list! {
    /// Primary need at assessment (CIN `PrimaryNeedCode`, N00101).
    PrimaryNeed, "primary need" {
        AbuseOrNeglect = "N1": "Abuse or neglect",
        Disability = "N2": "Child's disability or illness",
        ParentalIllness = "N3": "Parental disability or illness",
        FamilyAcuteStress = "N4": "Family in acute stress",
        FamilyDysfunction = "N5": "Family dysfunction",
        SociallyUnacceptableBehaviour = "N6": "Socially unacceptable behaviour",
        LowIncome = "N7": "Low income",
        AbsentParenting = "N8": "Absent parenting",
        NotInNeed = "N9": "Cases other than children in need",
        NotStated = "N0": "Not stated",
    }
}

code_list! {
    /// Category of need on a looked-after episode (903 `CIN`): `N1`–`N8` only.
    CategoryOfNeed, "category of need" {
        AbuseOrNeglect = "N1": "Abuse or neglect",
        Disability = "N2": "Child's disability",
        ParentalIllness = "N3": "Parental illness or disability",
        FamilyAcuteStress = "N4": "Family in acute stress",
        FamilyDysfunction = "N5": "Family dysfunction",
        SociallyUnacceptableBehaviour = "N6": "Socially unacceptable behaviour",
        LowIncome = "N7": "Low income",
        AbsentParenting = "N8": "Absent parenting",
    }
}

code_list! {
    /// Reason a CIN episode closed (CIN `ReasonForClosure`, N00103).
    ReasonForClosure, "reason for closure" {
        Adopted = "RC1": "Adopted",
        Died = "RC2": "Died",
        ChildArrangementsOrder = "RC3": "Child arrangements order",
        SpecialGuardianshipOrder = "RC4": "Special guardianship order",
        TransferredToOtherLa = "RC5": "Transferred to services of another LA",
        TransferredToAdultServices = "RC6": "Transferred to adult social care",
        ServicesCeased = "RC7": "Services ceased for any other reason",
        ClosedAfterAssessmentNfa = "RC8": "Case closed after assessment, no further action",
        ClosedAfterAssessmentEarlyHelp = "RC9": "Case closed after assessment, referred to early help",
    }
}

code_list! {
    /// Factors identified at assessment (CIN `AssessmentFactors`, N00181).
    AssessmentFactor, "assessment factor" {
        AlcoholChild = "1A": "Alcohol misuse: child",
        AlcoholParent = "1B": "Alcohol misuse: parent or carer",
        AlcoholOther = "1C": "Alcohol misuse: other person in household",
        DrugChild = "2A": "Drug misuse: child",
        DrugParent = "2B": "Drug misuse: parent or carer",
        DrugOther = "2C": "Drug misuse: other person in household",
        DomesticAbuseChild = "3A": "Domestic abuse: child subject",
        DomesticAbuseParent = "3B": "Domestic abuse: parent or carer subject",
        DomesticAbuseOther = "3C": "Domestic abuse: other person in household",
        MentalHealthChild = "4A": "Mental health: child",
        MentalHealthParent = "4B": "Mental health: parent or carer",
        MentalHealthOther = "4C": "Mental health: other person in household",
        LearningDisabilityChild = "5A": "Learning disability: child",
        LearningDisabilityParent = "5B": "Learning disability: parent or carer",
        LearningDisabilityOther = "5C": "Learning disability: other person in household",
        PhysicalDisabilityChild = "6A": "Physical disability or illness: child",
        PhysicalDisabilityParent = "6B": "Physical disability or illness: parent or carer",
        PhysicalDisabilityOther = "6C": "Physical disability or illness: other person in household",
        YoungCarer = "7A": "Young carer",
        PrivateFosteringOverseasReturn = "8B": "Privately fostered: overseas child who intends to return",
        PrivateFosteringOverseasStay = "8C": "Privately fostered: overseas child who intends to stay",
        PrivateFosteringEducation = "8D": "Privately fostered: UK child in an educational placement",
        PrivateFosteringFamily = "8E": "Privately fostered: UK child making alternative family arrangements",
        PrivateFosteringOther = "8F": "Privately fostered: other",
        Uasc = "9A": "Unaccompanied asylum-seeking child",
        Missing = "10A": "Going or being missing",
        Cse = "11A": "Child sexual exploitation",
        Trafficking = "12A": "Trafficking",
        Gangs = "13A": "Gangs",
        SociallyUnacceptableBehaviour = "14A": "Socially unacceptable behaviour",
        SelfHarm = "15A": "Self-harm",
        Neglect = "16A": "Neglect",
        EmotionalAbuse = "17A": "Emotional abuse",
        /// Legacy code: accepted on input, never written.
        PhysicalAbuseLegacy = "18A": "Physical abuse (legacy code)",
        PhysicalAbuseChildOnChild = "18B": "Physical abuse: child on child",
        PhysicalAbuseAdultOnChild = "18C": "Physical abuse: adult on child",
        /// Legacy code: accepted on input, never written.
        SexualAbuseLegacy = "19A": "Sexual abuse (legacy code)",
        SexualAbuseChildOnChild = "19B": "Sexual abuse: child on child",
        SexualAbuseAdultOnChild = "19C": "Sexual abuse: adult on child",
        Other = "20": "Other",
        NoFactors = "21": "No factors identified",
        Fgm = "22A": "Female genital mutilation",
        FaithOrBelief = "23A": "Abuse linked to faith or belief",
        Cce = "24A": "Child criminal exploitation",
    }
}

code_list! {
    /// Category of abuse on a CP plan (CIN `InitialCategoryOfAbuse`,
    /// `LatestCategoryOfAbuse`).
    CategoryOfAbuse, "category of abuse" {
        Neglect = "NEG": "Neglect",
        Physical = "PHY": "Physical abuse",
        Sexual = "SAB": "Sexual abuse",
        Emotional = "EMO": "Emotional abuse",
        Multiple = "MUL": "Multiple categories",
    }
}

code_list! {
    /// Reason for new episode (903 `RNE`).
    ReasonNewEpisode, "reason for new episode" {
        Started = "S": "Started to be looked after",
        LegalStatusChange = "L": "Change of legal status only",
        PlacementChange = "P": "Change of placement and carer(s) only",
        PlacementChangeSameCarer = "T": "Change of placement but same carer(s)",
        LegalStatusAndPlacement = "B": "Change of legal status and placement and carer(s)",
        LegalStatusAndPlacementSameCarer = "U": "Change of legal status and placement, same carer(s)",
    }
}

code_list! {
    /// Legal status of a looked-after episode (903 `LS`).
    LegalStatus, "legal status" {
        InterimCareOrder = "C1": "Interim care order",
        FullCareOrder = "C2": "Full care order",
        FreeingOrder = "D1": "Freeing order granted (historic)",
        PlacementOrder = "E1": "Placement order granted",
        Section20 = "V2": "Single period of accommodation under section 20",
        ShortBreaksEpisodes = "V3": "Agreed series of short-term breaks, individual episodes recorded",
        ShortBreaksAgreement = "V4": "Agreed series of short-term breaks, agreement recorded",
        Remanded = "J1": "Remanded to LA or youth detention accommodation",
        Pace = "J2": "Placed in LA accommodation under PACE",
        YouthRehabilitationOrder = "J3": "Sentenced to a youth rehabilitation order with residence requirement",
        PoliceProtection = "L1": "Under police protection and in LA accommodation",
        EmergencyProtectionOrder = "L2": "Emergency protection order",
        ChildAssessmentOrder = "L3": "Under child assessment order and in LA accommodation",
    }
}

impl LegalStatus {
    /// Short breaks (`V3`/`V4`): counted apart from other looked-after children.
    pub fn is_short_break(self) -> bool {
        matches!(self, Self::ShortBreaksEpisodes | Self::ShortBreaksAgreement)
    }
}

code_list! {
    /// Placement type (903 `PLACE`), including historic codes still found in old returns.
    PlacementType, "placement type" {
        AdoptionConsentCurrentCarer = "A3": "Placed for adoption with consent with current foster carer(s)",
        AdoptionConsentNewCarer = "A4": "Placed for adoption with consent not with current foster carer(s)",
        AdoptionOrderCurrentCarer = "A5": "Placed for adoption with placement order with current foster carer(s)",
        AdoptionOrderNewCarer = "A6": "Placed for adoption with placement order not with current foster carer(s)",
        SemiIndependentUnregulated = "H5": "Semi-independent living not subject to children's homes regulations (to 2024/25)",
        SecureChildrensHome = "K1": "Secure children's home",
        ChildrensHome = "K2": "Children's home subject to Children's Homes Regulations",
        SupportedAccommodation = "K3": "Supported accommodation (Ofsted-registered)",
        WithParents = "P1": "Placed with own parent(s) or person(s) with parental responsibility",
        IndependentLiving = "P2": "Independent living (to 2024/25)",
        ResidentialEmployment = "P3": "Residential employment",
        ResidentialCareHome = "R1": "Residential care home",
        NhsHealthTrust = "R2": "NHS/health trust or other establishment providing medical or nursing care",
        FamilyCentre = "R3": "Family centre or mother and baby unit",
        YoungOffenderInstitution = "R5": "Young offender institution or prison",
        ResidentialSchool = "S1": "Residential school",
        TemporaryOther = "T0": "All types of temporary move",
        TemporaryHospital = "T1": "Temporary period in hospital",
        TemporaryHoliday = "T2": "Temporary absence on holiday",
        TemporaryCarerHoliday = "T3": "Temporary accommodation while foster carer(s) on holiday",
        TemporarySevenDays = "T4": "Temporary accommodation of seven days or less",
        FosterRelativeLongTerm = "U1": "Foster placement with relative(s)/friend(s): long-term",
        FosterRelativeFfa = "U2": "Foster placement with relative(s)/friend(s): fostering for adoption",
        FosterRelativeOther = "U3": "Foster placement with relative(s)/friend(s): not long-term or FFA",
        FosterLongTerm = "U4": "Foster placement with other foster carer(s): long-term",
        FosterFfa = "U5": "Foster placement with other foster carer(s): fostering for adoption",
        FosterOther = "U6": "Foster placement with other foster carer(s): not long-term or FFA",
        OtherPlacement = "Z1": "Other placement (to 2024/25)",
        OtherPlacementZ11 = "Z11": "Other placement (Z11, from 2025/26)",
        OtherPlacementZ12 = "Z12": "Other placement (Z12, from 2025/26)",
        OtherPlacementZ13 = "Z13": "Other placement (Z13, from 2025/26)",
        OtherPlacementZ14 = "Z14": "Other placement (Z14, from 2025/26)",
    }
}

impl PlacementType {
    /// Temporary placements `T0`–`T4`: not a move for stability measures.
    pub fn is_temporary(self) -> bool {
        matches!(
            self,
            Self::TemporaryOther
                | Self::TemporaryHospital
                | Self::TemporaryHoliday
                | Self::TemporaryCarerHoliday
                | Self::TemporarySevenDays
        )
    }
    /// Placed for adoption (`A3`–`A6`).
    pub fn is_placed_for_adoption(self) -> bool {
        matches!(
            self,
            Self::AdoptionConsentCurrentCarer
                | Self::AdoptionConsentNewCarer
                | Self::AdoptionOrderCurrentCarer
                | Self::AdoptionOrderNewCarer
        )
    }
    /// Foster placements (`U1`–`U6`).
    pub fn is_foster(self) -> bool {
        matches!(
            self,
            Self::FosterRelativeLongTerm
                | Self::FosterRelativeFfa
                | Self::FosterRelativeOther
                | Self::FosterLongTerm
                | Self::FosterFfa
                | Self::FosterOther
        )
    }
}

code_list! {
    /// Placement provider (903 `PLACE_PROVIDER`).
    PlacementProvider, "placement provider" {
        Parents = "PR0": "Parent(s) or other person(s) with parental responsibility",
        OwnLa = "PR1": "Own provision by the LA",
        OtherLa = "PR2": "Other LA provision",
        OtherPublic = "PR3": "Other public provision",
        Private = "PR4": "Private provision",
        Voluntary = "PR5": "Voluntary or third-sector provision",
    }
}

code_list! {
    /// Reason an episode ceased (903 `REC`). `X1` continues the period of care;
    /// every other code ends it.
    ReasonEpisodeCeased, "reason episode ceased" {
        Continues = "X1": "Episode ceases and new episode begins on the same day",
        AdoptedUnopposed = "E11": "Adopted: application unopposed",
        AdoptedConsentDispensed = "E12": "Adopted: consent dispensed with by the court",
        Died = "E2": "Died",
        TakenOverByOtherLa = "E3": "Care taken over by another LA in the UK",
        ReturnedHomePlanned = "E4A": "Returned home as part of care planning",
        ReturnedHomeUnplanned = "E4B": "Returned home not as part of care planning",
        LivingWithOthersNoPr = "E13": "Left care to live with person(s) with no parental responsibility",
        ResidenceOrder = "E41": "Residence order or child arrangements order granted",
        SgoFormerFosterRelative = "E45": "Special guardianship order to former foster carer(s), relative/friend",
        SgoFormerFosterOther = "E46": "Special guardianship order to former foster carer(s), other",
        SgoCarerRelative = "E47": "Special guardianship order to carer(s), relative/friend",
        SgoCarerOther = "E48": "Special guardianship order to carer(s), other",
        IndependentLivingSupported = "E5": "Moved into independent living with supportive accommodation",
        IndependentLivingUnsupported = "E6": "Moved into independent living without formalised support",
        AdultSocialCare = "E7": "Transferred to residential care funded by adult social care",
        OtherReason = "E8": "Period of being looked after ceased for any other reason",
        SentencedToCustody = "E9": "Sentenced to custody",
        RemandEnded = "E14": "Accommodation on remand ended",
        AgeAssessedAdult = "E15": "Age assessment determined the child is 18 or over",
        MovedAbroad = "E16": "Child moved abroad",
        StayingPut = "E17": "Aged 18 or over and remained with current carers",
    }
}

impl ReasonEpisodeCeased {
    /// Any code other than `X1` ends the period of care.
    pub fn ends_period_of_care(self) -> bool {
        self != Self::Continues
    }
    /// Adopted (`E11`, `E12`).
    pub fn is_adoption(self) -> bool {
        matches!(self, Self::AdoptedUnopposed | Self::AdoptedConsentDispensed)
    }
    /// Special guardianship orders (`E45`–`E48`).
    pub fn is_sgo(self) -> bool {
        matches!(
            self,
            Self::SgoFormerFosterRelative
                | Self::SgoFormerFosterOther
                | Self::SgoCarerRelative
                | Self::SgoCarerOther
        )
    }
}

code_list! {
    /// Reason for a placement change (903 `REASON_PLACE_CHANGE`).
    ReasonPlaceChange, "reason for placement change" {
        CarePlan = "CARPL": "Change to or implementation of care plan",
        ProvisionClosed = "CLOSE": "Resignation or closure of provision",
        Allegation = "ALLEG": "Allegation (s47)",
        StandardsOfCare = "STAND": "Standards of care concern",
        ApprovalRemoved = "APPRR": "Approval removed",
        CarerRequestBehaviour = "CREQB": "Carer requests end due to child's behaviour",
        CarerRequestOther = "CREQO": "Carer requests end other than due to behaviour",
        ChildRequest = "CHILD": "Child requests placement end",
        LaRequest = "LAREQ": "Responsible or area authority requests placement end",
        PlacementStatusChange = "PLACE": "Change in the status of the placement only",
        Custody = "CUSTOD": "Child admitted to custody",
        Other = "OTHER": "Other",
    }
}

code_list! {
    /// How a looked-after child took part in their review (903 `REVIEW_CODE`).
    ReviewParticipation, "review participation" {
        UnderFour = "PN0": "Child aged under 4 at the time of the review",
        AttendsSpeaks = "PN1": "Attends and speaks for themself",
        AttendsAdvocate = "PN2": "Attends and an advocate speaks for them",
        AttendsSymbolic = "PN3": "Attends and conveys views symbolically",
        AttendsSilent = "PN4": "Attends but does not convey views",
        BriefsAdvocate = "PN5": "Does not attend but briefs an advocate",
        FacilitativeMedium = "PN6": "Does not attend but conveys views by a facilitative medium",
        ViewsNotConveyed = "PN7": "Does not attend and views not conveyed",
    }
}

code_list! {
    /// Reason no SDQ score (903 OC2 `SDQ_REASON`).
    SdqReason, "SDQ reason" {
        OutsideAgeRange = "SDQ1": "No form returned: child under 4 or over 17",
        CarerRefused = "SDQ2": "Carer refused to complete the questionnaire",
        Disability = "SDQ3": "Not possible due to severity of disability",
        Other = "SDQ4": "Other",
        ChildRefused = "SDQ5": "Child refuses to allow an SDQ to be completed",
    }
}

code_list! {
    /// Whether the LA is in touch with a care leaver (903 OC3 `IN_TOUCH`).
    InTouch, "in touch" {
        Yes = "YES": "In touch",
        No = "NO": "Not in touch",
        Died = "DIED": "Young person has died",
        Refused = "REFU": "Young person refuses contact",
        NotRequired = "NREQ": "Young person no longer requires services",
        ReturnedHome = "RHOM": "Returned home for 6 months or more",
    }
}

code_list! {
    /// Care leaver's main activity (903 OC3 `ACTIV`).
    CareLeaverActivity, "care leaver activity" {
        HigherEducationFullTime = "F1": "Full-time higher education",
        HigherEducationPartTime = "P1": "Part-time higher education",
        OtherEducationFullTime = "F2": "Full-time education other than higher education",
        OtherEducationPartTime = "P2": "Part-time education other than higher education",
        HistoricTrainingFullTime = "F3": "Full-time training or employment (historic)",
        HistoricTrainingPartTime = "P3": "Part-time training or employment (historic)",
        TrainingFullTime = "F4": "Full-time training or apprenticeship",
        TrainingPartTime = "P4": "Part-time training or apprenticeship",
        EmploymentFullTime = "F5": "Full-time employment",
        EmploymentPartTime = "P5": "Part-time employment",
        NeetIllness = "G4": "Not in education, employment or training: illness or disability",
        NeetOther = "G5": "Not in education, employment or training: other reasons",
        NeetParenting = "G6": "Not in education, employment or training: pregnancy or parenting",
        NotKnown = "0": "Not applicable or not known",
    }
}

impl CareLeaverActivity {
    /// In education, employment or training (the `F*`/`P*` codes).
    pub fn is_eet(self) -> bool {
        !matches!(
            self,
            Self::NeetIllness | Self::NeetOther | Self::NeetParenting | Self::NotKnown
        )
    }
}

code_list! {
    /// Care leaver's accommodation and its suitability (903 OC3 `ACCOM`):
    /// the letter is the type, the digit 1 suitable, 2 not suitable.
    CareLeaverAccommodation, "care leaver accommodation" {
        ParentsSuitable = "B1": "With parents or relatives: suitable",
        ParentsUnsuitable = "B2": "With parents or relatives: not suitable",
        CommunityHomeSuitable = "C1": "Community home or other residential care: suitable",
        CommunityHomeUnsuitable = "C2": "Community home or other residential care: not suitable",
        SemiIndependentSuitable = "D1": "Semi-independent transitional accommodation: suitable",
        SemiIndependentUnsuitable = "D2": "Semi-independent transitional accommodation: not suitable",
        SupportedLodgingsSuitable = "E1": "Supported lodgings: suitable",
        SupportedLodgingsUnsuitable = "E2": "Supported lodgings: not suitable",
        AbroadSuitable = "G1": "Gone abroad: suitable",
        AbroadUnsuitable = "G2": "Gone abroad: not suitable",
        DeportedSuitable = "H1": "Deported: suitable",
        DeportedUnsuitable = "H2": "Deported: not suitable",
        LodgingsSuitable = "K1": "Ordinary lodgings without formal support: suitable",
        LodgingsUnsuitable = "K2": "Ordinary lodgings without formal support: not suitable",
        NotKnownSuitable = "R1": "Residence not known: suitable",
        NotKnownUnsuitable = "R2": "Residence not known: not suitable",
        NoFixedAbode = "S2": "No fixed abode or homeless: not suitable",
        FoyerSuitable = "T1": "Foyer or similar: suitable",
        FoyerUnsuitable = "T2": "Foyer or similar: not suitable",
        IndependentSuitable = "U1": "Independent living: suitable",
        IndependentUnsuitable = "U2": "Independent living: not suitable",
        EmergencySuitable = "V1": "Emergency accommodation: suitable",
        EmergencyUnsuitable = "V2": "Emergency accommodation: not suitable",
        BedAndBreakfastSuitable = "W1": "Bed and breakfast: suitable",
        BedAndBreakfastUnsuitable = "W2": "Bed and breakfast: not suitable",
        Custody = "X2": "In custody: not suitable",
        OtherSuitable = "Y1": "Other accommodation: suitable",
        OtherUnsuitable = "Y2": "Other accommodation: not suitable",
        StayingPutSuitable = "Z1": "With former foster carers: suitable",
        StayingPutUnsuitable = "Z2": "With former foster carers: not suitable",
        NotKnown = "0": "Not applicable or not known",
    }
}

impl CareLeaverAccommodation {
    /// Accommodation judged suitable (the code ends in `1`).
    pub fn is_suitable(self) -> bool {
        self.as_code().ends_with('1')
    }
}

code_list! {
    /// Sex of adopter(s) (903 AD1 `SEX_ADOPTR`).
    SexOfAdopters, "sex of adopters" {
        SingleMale = "M1": "Single male",
        SingleFemale = "F1": "Single female",
        MaleCouple = "MM": "Male couple",
        FemaleCouple = "FF": "Female couple",
        MaleFemaleCouple = "MF": "Male and female couple",
    }
}

code_list! {
    /// Legal status of adopter(s) (903 AD1 `LS_ADOPTR`).
    LegalStatusOfAdopters, "legal status of adopters" {
        Single = "L0": "Single adopter",
        MarriedDifferentSex = "L11": "Different-sex married couple",
        MarriedSameSex = "L12": "Same-sex married couple",
        CivilPartners = "L2": "Civil partners",
        UnmarriedDifferentSex = "L3": "Different-sex unmarried couple",
        UnmarriedSameSex = "L4": "Same-sex unmarried couple",
    }
}

code_list! {
    /// Why a decision that a child should be placed for adoption was reversed
    /// (903 PlacedAdoption `REASON_PLACED_CEASED`).
    ReasonPlacedCeased, "reason placed for adoption ceased" {
        NeedsChanged = "RD1": "Child's needs changed",
        NoPlacementOrder = "RD2": "Court did not grant placement order",
        NoAdopters = "RD3": "Prospective adopters could not be found",
        Other = "RD4": "Any other reason",
    }
}

code_list! {
    /// Previous permanence option (903 PrevPerm `PREV_PERM`).
    PreviousPermanence, "previous permanence" {
        Adoption = "P1": "Adoption",
        SpecialGuardianship = "P2": "Special guardianship order",
        ChildArrangements = "P3": "Residence or child arrangements order",
        UnknownType = "P4": "Previous permanence of unknown type",
        None = "Z1": "No previous permanence or not known",
    }
}

code_list! {
    /// Reason for a change of social worker (903 SWEpisodes `SW_REASON`).
    SocialWorkerChangeReason, "social worker change reason" {
        Management = "MANAGE": "Management decision or case reallocation",
        FirstContact = "FCONTA": "First contact (first social worker)",
        LeftRole = "LEFTRL": "Social worker left the role or LA",
        Restructure = "ORGRST": "Organisational restructure",
        CaseProgressed = "TSPROC": "Change of team as the case progressed",
        Absence = "ABSENC": "Social worker absence",
        ChildRequest = "CHCHAN": "Child's request for change",
        ParentRequest = "PCCHAN": "Parent or carer request for change",
        Died = "SWDIED": "Social worker died",
        Other = "OTHERS": "Other",
    }
}

code_list! {
    /// Missing from placement or away without authorisation (903 `MISSING`).
    MissingKind, "missing type" {
        Missing = "M": "Missing from placement",
        Away = "A": "Away from placement without authorisation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_codes_and_rejects_others() {
        assert_eq!(LegalStatus::parse("C2"), Ok(LegalStatus::FullCareOrder));
        assert_eq!(
            LegalStatus::parse(" V3 "),
            Ok(LegalStatus::ShortBreaksEpisodes)
        );
        let err = LegalStatus::parse("c2").unwrap_err();
        assert_eq!(err.found, "c2");
        assert!(err.to_string().contains("legal status"));
        assert_eq!(
            LegalStatus::parse_ignore_case("c2"),
            Ok(LegalStatus::FullCareOrder)
        );
        assert!(PlacementType::parse("Q1").is_err());
    }

    #[test]
    fn codes_are_unique_within_each_list() {
        fn check<T: CodeList>() {
            let mut codes: Vec<_> = T::ALL.iter().map(|c| c.code()).collect();
            let n = codes.len();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), n, "duplicate code in {}", T::WHAT);
            // The list's own match finds each code, as the walk would, with
            // or without surrounding spaces.
            for &c in T::ALL {
                assert_eq!(T::exact(c.code()).map(|x| x.code()), Some(c.code()));
                let bytes = T::exact_bytes(c.code().as_bytes());
                assert_eq!(bytes.map(|x| x.code()), Some(c.code()));
                let spaced = format!(" {} ", c.code());
                assert_eq!(T::parse(&spaced).map(|x| x.code()), Ok(c.code()));
                assert!(T::exact(&spaced).is_none());
                assert!(T::exact_bytes(spaced.as_bytes()).is_none());
                // A prefix or an extension of a code is not that code.
                let longer = format!("{}9", c.code());
                assert!(T::exact_bytes(longer.as_bytes()).is_none_or(|x| x.code() == longer));
                let code = c.code().as_bytes();
                let shorter = &code[..code.len() - 1];
                assert!(T::exact_bytes(shorter).is_none_or(|x| x.code().as_bytes() == shorter));
            }
            for junk in [&b""[..], b"\xff", b"\xc3\xa9"] {
                assert_eq!(
                    T::exact_bytes(junk).map(|x| x.code()),
                    std::str::from_utf8(junk)
                        .ok()
                        .and_then(T::exact)
                        .map(|x| x.code())
                );
            }
        }
        check::<Sex>();
        check::<Ethnicity>();
        check::<ReferralSource>();
        check::<AssessmentFactor>();
        check::<PlacementType>();
        check::<ReasonEpisodeCeased>();
        check::<CareLeaverAccommodation>();
        check::<CareLeaverActivity>();
    }

    #[test]
    fn list_sizes_match_the_dfe_lists() {
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(Disability::ALL.len(), 13);
        assert_eq!(ReferralSource::ALL.len(), 22);
        assert_eq!(AssessmentFactor::ALL.len(), 44);
        assert_eq!(ReasonForClosure::ALL.len(), 9);
        assert_eq!(CareLeaverAccommodation::ALL.len(), 31);
    }

    #[test]
    fn serde_round_trips_as_the_code() {
        let j = serde_json::to_string(&PlacementType::FosterOther).unwrap();
        assert_eq!(j, "\"U6\"");
        let back: PlacementType = serde_json::from_str(&j).unwrap();
        assert_eq!(back, PlacementType::FosterOther);
        assert!(serde_json::from_str::<PlacementType>("\"U9\"").is_err());
    }

    #[test]
    fn derived_groupings() {
        assert!(ReasonEpisodeCeased::AdoptedUnopposed.is_adoption());
        assert!(!ReasonEpisodeCeased::Continues.ends_period_of_care());
        assert!(CareLeaverAccommodation::StayingPutSuitable.is_suitable());
        assert!(!CareLeaverAccommodation::NoFixedAbode.is_suitable());
        assert!(!CareLeaverActivity::NeetOther.is_eet());
        assert!(PlacementType::TemporaryHospital.is_temporary());
    }
}
