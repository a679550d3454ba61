//! The DfE validation rules for the CIN census, and the engine that runs them.
//!
//! Why: a local authority must see the same errors and queries as DfE
//! COLLECT before it submits. Each rule is a function named after its DfE
//! code ([`child`] for rules about one child, [`la`] for rules about the whole
//! return), registered in [`RULES`] with its message and the collection years
//! it applies to. The collection year selects the rules and code lists
//! (2023-24 checks `GenderCurrent`, 2024-25 `Sex`, and so on).
//!
//! What it does not do: read files (see [`crate::reader`]) or fix data.
//! Where the peer validator (csc-validator-be-cin) departs from the DfE rule,
//! the DfE rule is implemented and the difference is listed in
//! docs/rules/cin.md.

pub mod child;
pub mod ctx;
pub mod la;

use std::collections::HashMap;

use rayon::prelude::*;
use sightline_domain::calendar::CollectionYear;
use sightline_exchange::Finding;

pub use ctx::Ctx;

use crate::model::{CinChild, Header};

/// Error (blocks submission) or query (must be confirmed or explained).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Blocks submission.
    Error,
    /// Must be confirmed or explained.
    Query,
}

/// How a rule is checked.
#[derive(Clone, Copy)]
pub enum Check {
    /// Looks at one child at a time.
    Child(fn(&Ctx, &CinChild, &mut child::Hits)),
    /// Looks at the header.
    Header,
    /// Looks across children or at the whole return (see [`la`]).
    Return,
}

/// One DfE rule.
#[derive(Clone, Copy)]
pub struct Rule {
    /// DfE code, e.g. `"8500"`, `"8670Q"`.
    pub code: &'static str,
    /// The DfE message.
    pub message: &'static str,
    /// Elements the rule reads (reported as the finding's fields).
    pub fields: &'static [&'static str],
    /// First collection year (named by the year it ends) the rule applies to.
    pub from: i32,
    /// How it is checked.
    pub check: Check,
}

impl Rule {
    /// Errors are plain codes; queries end in `Q`.
    pub fn severity(&self) -> Severity {
        if self.code.ends_with('Q') {
            Severity::Query
        } else {
            Severity::Error
        }
    }
    /// Whether the rule applies in `year`.
    pub fn applies(&self, year: CollectionYear) -> bool {
        year.0 >= self.from
    }
}

macro_rules! rules {
    ($( $code:literal $from:literal $check:expr, [$($f:literal),*], $msg:literal; )+) => {
        /// Every rule Sightline implements, in the order of the DfE catalogue.
        pub static RULES: &[Rule] = &[ $( Rule {
            code: $code, message: $msg, fields: &[$($f),*], from: $from, check: $check,
        } ),+ ];
    };
}

use Check::{Child as C, Header as H, Return as R};
use child::*;

rules! {
    "100" 0 H, ["ReferenceDate", "Year"], "Reference Date is incorrect";
    "1510" 0 C(r1510), ["UPN"], "UPN invalid (wrong check letter at character 1)";
    "1520" 0 R, ["UPN"], "More than one record with the same UPN.";
    "1530" 0 C(r1530), ["UPN"], "UPN invalid (characters 2-4 not a recognised LA code)";
    "1540" 0 C(r1540), ["UPN"], "UPN invalid (characters 5-12 not all numeric)";
    "1550" 0 C(r1550), ["UPN"], "UPN invalid (character 13 not a recognised value)";
    "1560Q" 0 C(r1560q), ["FormerUPN"], "Please check and either amend or provide a reason: Former UPN wrongly formatted";
    "1570" 2025 C(r1570), ["LAchildID"], "LA Child ID must not be longer than 20 characters";
    "1580" 2025 C(r1580), ["LAchildID"], "LA Child ID must not contain any non-alphanumeric characters";
    "2886Q" 0 R, ["Sex", "ExpectedPersonBirthDate"], "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)";
    "4008" 0 C(r4008), ["PersonDeathDate", "CINPlanStartDate"], "CIN Plan shown as starting after the child’s Date of Death.";
    "4009Q" 0 C(r4009q), ["PersonDeathDate", "CINPlanEndDate"], "CIN Plan cannot end after the child’s Date of Death";
    "4180" 0 C(r4180), ["Sex"], "Sex must be provided and equal M, F, or U";
    "8500" 0 C(r8500), ["LAchildID"], "LA Child ID missing";
    "8510" 0 R, ["LAchildID"], "More than one child record with the same LA Child ID";
    "8520" 0 C(r8520), ["PersonBirthDate", "ReferenceDate"], "Date of Birth is after data collection period (must be on or before the end of the census period)";
    "8525Q" 0 C(r8525q), ["PersonBirthDate", "ExpectedPersonBirthDate"], "Either Date of Birth or Expected Date of Birth must be provided (but not both)";
    "8530Q" 0 C(r8530q), ["ExpectedPersonBirthDate", "ReferenceDate"], "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)";
    "8535Q" 0 C(r8535q), ["PersonDeathDate", "PersonBirthDate"], "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth";
    "8545Q" 0 C(r8545q), ["PersonDeathDate", "ReferenceDate"], "Please check and either amend data or provide a reason: Child's date of death should be within the census year";
    "8590" 0 C(r8590), ["LAchildID", "CINdetails"], "Child does not have a recorded CIN episode.";
    "8750" 0 C(r8750), ["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"], "Sex must equal U for an unborn child";
    "8770Q" 0 C(r8770q), ["UPN", "UPNunknown", "PersonBirthDate", "ReferralNFA", "ReferenceDate"], "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.";
    "8772" 0 C(r8772), ["UPNunknown", "ReferralNFA"], "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action";
    "8775Q" 0 C(r8775q), ["PersonBirthDate", "CINclosureDate", "ReferenceDate"], "Please check and either amend data or provide a reason: Child is over 25 years old";
    "4220" 0 C(r4220), ["Ethnicity"], "Ethnicity is missing or invalid (see Ethnicity table)";
    "8540" 0 C(r8540), ["Disability", "PersonBirthDate", "ReferralNFA"], "Child’s disability is missing or invalid (see Disability table)";
    "2887Q" 0 R, ["Disability"], "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return";
    "2888Q" 0 R, ["Disability"], "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.";
    "8790" 0 C(r8790), ["Disability"], "Disability information includes both None and other values";
    "8794" 0 C(r8794), ["Disability"], "Child has two or more disabilities with the same code";
    "2990" 0 C(r2990), ["ReasonForClosure", "DateOfInitialCPC", "Section47", "ChildProtectionPlans", "CINPlanDates"], "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.";
    "2991Q" 0 C(r2991q), ["Section47", "Assessments"], "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode";
    "8555Q" 0 C(r8555q), ["PersonDeathDate", "CINreferralDate"], "Child cannot be referred after its recorded date of death";
    "8568" 0 C(r8568), ["ReferralNFA"], "RNFA flag is missing or invalid";
    "8569Q" 0 C(r8569q), ["CINreferralDate", "ReferralNFA", "ReferenceDate"], "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case";
    "8585Q" 0 C(r8585q), ["ReasonForClosure", "PersonDeathDate"], "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death";
    "8600" 0 C(r8600), ["CINreferralDate", "ReferenceDate"], "Child referral date missing or after data collection period";
    "8606" 0 C(r8606), ["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"], "Child referral date is more than 40 weeks before DOB or expected DOB";
    "8610" 0 C(r8610), ["ReferralNFA", "PrimaryNeedCode"], "Primary Need code is missing for a referral which led to further action.";
    "8620" 0 C(r8620), ["CINclosureDate", "ReferenceDate"], "CIN Closure Date present and does not fall within the Census year";
    "8630" 0 C(r8630), ["CINreferralDate", "CINclosureDate"], "CIN Closure Date is before CIN Referral Date for the same CIN episode";
    "8640" 0 C(r8640), ["ReasonForClosure"], "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)";
    "8650" 0 C(r8650), ["PrimaryNeedCode"], "Primary Need Code invalid (see Primary Need table in CIN census code set)";
    "8805" 0 C(r8805), ["CINclosureDate", "ReasonForClosure"], "A CIN case cannot have a CIN closure date without a Reason for Closure";
    "8810" 0 C(r8810), ["ReasonForClosure", "CINclosureDate"], "A CIN case cannot have a Reason for Closure without a CIN Closure Date";
    "8815" 0 C(r8815), ["CINclosureDate", "ReferralNFA"], "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.";
    "8816" 0 C(r8816), ["CINreferralDate", "CINclosureDate", "ReferralNFA"], "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.";
    "8820" 0 C(r8820), ["CINreferralDate", "CINclosureDate", "ReferralNFA", "ReferenceDate"], "The dates on the CIN episodes for this child overlap";
    "8825Q" 0 C(r8825q), ["ReasonForClosure", "Assessments"], "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.";
    "8831" 0 C(r8831), ["ReferralNFA", "DateOfInitialCPC", "S47ActualStartDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate"], "Activity is recorded against a case marked as a referral with no further action";
    "8866" 0 C(r8866), ["CINreferralDate", "ReferralSource"], "Source of Referral is missing or an invalid code";
    "8867" 0 C(r8867), ["CINclosureDate", "AssessmentAuthorisationDate"], "CIN episode is shown as closed, however Assessment is not shown as completed";
    "8868" 0 C(r8868), ["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"], "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag";
    "8890" 0 C(r8890), ["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired", "ReferenceDate"], "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing";
    "1103" 0 C(r1103), ["AssessmentActualStartDate", "CINreferralDate"], "The assessment start date cannot be before the referral date";
    "8608" 0 C(r8608), ["AssessmentActualStartDate", "AssessmentAuthorisationDate"], "Assessment Start Date cannot be later than its End Date";
    "8614" 0 C(r8614), ["AssessmentAuthorisationDate", "AssessmentFactors"], "Parental or child factors at assessment should only be present for a completed assessment.";
    "8670Q" 0 C(r8670q), ["AssessmentActualStartDate", "AssessmentAuthorisationDate", "ReferenceDate"], "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.";
    "8696" 0 C(r8696), ["AssessmentAuthorisationDate", "ReferenceDate"], "Assessment end date must fall within the census year";
    "8736" 0 C(r8736), ["AssessmentActualStartDate", "AssessmentAuthorisationDate", "ReferenceDate"], "For an Assessment that has not been completed, the start date must fall within the census year";
    "8863Q" 0 C(r8863q), ["AssessmentActualStartDate", "AssessmentAuthorisationDate", "ReferenceDate"], "An Assessment is shown as starting when there is another Assessment ongoing.";
    "8869" 0 C(r8869), ["AssessmentFactors"], "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.";
    "8873Q" 0 C(r8873q), ["AssessmentFactors", "ReasonForClosure"], "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.";
    "8896" 0 C(r8896), ["AssessmentAuthorisationDate"], "Within one CINDetails group there are 2 or more open Assessments groups";
    "8897Q" 0 C(r8897q), ["AssessmentAuthorisationDate", "AssessmentFactors", "ReferenceDate"], "Parental or child factors at assessment information is missing from a completed assessment";
    "8898" 0 C(r8898), ["AssessmentFactors"], "The assessment has more than one parental or child factors with the same code";
    "8945Q" 2025 C(r8945q), ["AssessmentFactors"], "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)";
    "8950Q" 2025 C(r8950q), ["AssessmentFactors"], "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)";
    "4000" 0 C(r4000), ["ReferralNFA", "CINPlanDates"], "CIN Plan details provided for a referral with no further action";
    "4001" 0 C(r4001), ["CPPendDate", "CINPlanStartDate", "CINPlanEndDate"], "A CIN Plan cannot run concurrently with a Child Protection Plan";
    "4004" 0 C(r4004), ["CINPlanEndDate"], "This child is showing more than one open CIN Plan, i.e. with no End Date";
    "4010" 0 C(r4010), ["CINPlanStartDate", "ReferenceDate"], "CIN Plan start date is missing or out of data collection period";
    "4011" 0 C(r4011), ["CINPlanEndDate", "CINPlanStartDate"], "CIN Plan End Date earlier than Start Date";
    "4012Q" 0 C(r4012q), ["CINPlanStartDate", "CINPlanEndDate"], "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day";
    "4013" 0 C(r4013), ["CINPlanEndDate", "ReferenceDate"], "CIN Plan end date must fall within the census year";
    "4014" 0 C(r4014), ["CINPlanStartDate", "CINPlanEndDate", "ReferenceDate"], "CIN Plan data contains overlapping dates";
    "4015" 0 C(r4015), ["CINPlanStartDate", "CINreferralDate"], "The CIN Plan start date cannot be before the referral date";
    "4016" 0 C(r4016), ["CINPlanStartDate", "CPPstartDate", "CPPendDate", "ReferenceDate"], "A CIN Plan has been reported as open at the same time as a Child Protection Plan.";
    "4017" 0 C(r4017), ["CPPstartDate", "CINPlanStartDate", "CINPlanEndDate", "ReferenceDate"], "A CIN Plan has been reported as open at the same time as a Child Protection Plan.";
    "1104" 0 C(r1104), ["DateOfInitialCPC", "CINreferralDate"], "The date of the initial child protection conference cannot be before the referral date";
    "2884" 0 C(r2884), ["DateOfInitialCPC"], "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one";
    "2889" 0 C(r2889), ["S47ActualStartDate", "CINreferralDate"], "The S47 start date cannot be before the referral date.";
    "8615" 0 C(r8615), ["S47ActualStartDate", "DateOfInitialCPC"], "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference";
    "8675Q" 0 C(r8675q), ["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired", "ReferenceDate"], "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.";
    "8715" 0 C(r8715), ["DateOfInitialCPC", "ReferenceDate"], "Date of Initial Child Protection Conference must fall within the census year";
    "8740" 0 C(r8740), ["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired", "ReferenceDate"], "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year";
    "8839" 0 C(r8839), ["DateOfInitialCPC", "ICPCnotRequired"], "Within one CINDetails group there are 2 or more open S47 Assessments";
    "8870Q" 0 C(r8870q), ["InitialCPCtarget"], "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend";
    "8875" 0 C(r8875), ["DateOfInitialCPC"], "The Date of Initial Child Protection Conference cannot be a weekend";
    "1105" 0 C(r1105), ["CPPstartDate", "CINreferralDate"], "The child protection plan start date cannot be before the referral date";
    "2883" 0 R, ["CPPstartDate", "DateOfInitialCPC", "ReferenceDate"], "There are more child protection plans starting than initial conferences taking place";
    "2885" 0 C(r2885), ["CPPstartDate", "DateOfInitialCPC", "ICPCnotRequired", "ReferenceDate"], "Child protection plan shown as starting a different day to the initial child protection conference.";
    "8565" 0 C(r8565), ["CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate", "AssessmentAuthorisationDate", "S47ActualStartDate", "CPPendDate", "CINPlanStartDate", "CINPlanEndDate"], "Activity shown after a case has been closed";
    "8720" 0 C(r8720), ["CPPstartDate", "ReferenceDate"], "Child Protection Plan Start Date missing or out of data collection period";
    "8730" 0 C(r8730), ["NumberOfPreviousCPP"], "Total Number of previous Child Protection Plans missing";
    "8832" 0 C(r8832), ["ReferralNFA", "ChildProtectionPlans"], "Child Protection details provided for a referral with no further action.";
    "8840" 0 C(r8840), ["CPPstartDate", "CPPendDate"], "Child Protection Plan cannot start and end on the same day";
    "8841" 0 C(r8841), ["CPPstartDate", "CPPreviewDate"], "The review date cannot be on the same day or before the Child protection Plan start date.";
    "8905" 0 C(r8905), ["InitialCategoryOfAbuse"], "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)";
    "8910" 0 C(r8910), ["LatestCategoryOfAbuse"], "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)";
    "8915" 0 C(r8915), ["CPPstartDate", "PersonDeathDate"], "Child Protection Plan shown as starting after the child’s Date of Death";
    "8920" 0 C(r8920), ["PersonDeathDate", "CPPendDate"], "Child Protection Plan cannot end after the child’s Date of Death";
    "8925" 0 C(r8925), ["CPPstartDate", "CPPendDate"], "Child Protection Plan End Date earlier than Start Date";
    "8930" 0 C(r8930), ["CPPendDate", "ReferenceDate"], "Child Protection Plan End Date must fall within the census year";
    "8935" 0 C(r8935), ["CPPendDate"], "This child is showing more than one open Child Protection plan, i.e. with no End Date";
    "8940" 0 C(r8940), ["CPPstartDate", "CPPendDate", "ReferenceDate"], "Child Protection Plan data contains overlapping dates";
    "4003" 0 C(r4003), ["CPPreviewDate", "CPPendDate", "CINPlanStartDate", "CINPlanEndDate"], "A CPP review date is shown as being held at the same time as an open CIN Plan.";
    "8842Q" 0 C(r8842q), ["CPPreviewDate"], "Please check and either amend or provide a reason: Review Record has a missing date";
}

/// The rule with this DfE code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The rules that apply in a collection year.
pub fn rules_for(year: CollectionYear) -> impl Iterator<Item = &'static Rule> {
    RULES.iter().filter(move |r| r.applies(year))
}

const CHILDREN: &str = "Message/Children/Child";

fn finding(rule: &Rule, path: String, child: Option<&str>) -> Finding {
    Finding {
        rule: rule.code.to_string(),
        table: None,
        row: None,
        path: Some(path),
        child: child.map(str::to_string),
        fields: rule.fields.iter().map(|f| f.to_string()).collect(),
        message: rule.message.to_string(),
    }
}

/// Run every child-level rule of `year` on one child.
pub fn check_child(ctx: &Ctx, child: &CinChild, out: &mut Vec<Finding>) {
    let year = CollectionYear(ctx.year);
    let mut hits = Vec::new();
    for r in rules_for(year) {
        if let Check::Child(f) = r.check {
            hits.clear();
            f(ctx, child, &mut hits);
            for suffix in hits.drain(..) {
                out.push(finding(
                    r,
                    format!("{CHILDREN}[{}]{suffix}", child.position),
                    child.la_child_id.as_deref(),
                ));
            }
        }
    }
}

/// Validates a return child by child (in batches, in parallel), keeping only
/// the cross-child sets (LAchildID and UPN seen) and the LA-level totals.
pub struct Engine {
    ctx: Ctx,
    year: CollectionYear,
    findings: Vec<Finding>,
    ids: HashMap<String, Seen>,
    upns: HashMap<String, Seen>,
    totals: la::Totals,
}

struct Seen {
    position: usize,
    child: Option<String>,
    reported: bool,
}

impl Engine {
    /// Start a run for `year` with the return's header (rule 100 is checked here).
    pub fn new(year: CollectionYear, header: &Header) -> Self {
        let ctx = Ctx::new(year, header.reference_date.get());
        let mut findings = Vec::new();
        if let Some(r) = rule("100")
            && la::header_fails(header)
        {
            findings.push(finding(r, "Message/Header/CollectionDetails".into(), None));
        }
        Self {
            ctx,
            year,
            findings,
            ids: HashMap::new(),
            upns: HashMap::new(),
            totals: la::Totals::default(),
        }
    }

    /// The dates the rules use.
    pub fn ctx(&self) -> &Ctx {
        &self.ctx
    }

    /// Validate a batch of children (in file order).
    pub fn batch(&mut self, children: &[CinChild]) {
        let ctx = self.ctx;
        let per: Vec<Vec<Finding>> = children
            .par_iter()
            .map(|c| {
                let mut v = Vec::new();
                check_child(&ctx, c, &mut v);
                v
            })
            .collect();
        for v in per {
            self.findings.extend(v);
        }
        for c in children {
            self.totals.add(&self.ctx, c);
            self.unique(c);
        }
    }

    fn unique(&mut self, c: &CinChild) {
        let id = c.la_child_id.as_deref();
        if let (Some(key), Some(r)) = (id, rule("8510")) {
            seen(
                &mut self.ids,
                key,
                c,
                r,
                "/ChildIdentifiers",
                &mut self.findings,
            );
        }
        if let (Some(key), Some(r)) = (c.upn.as_deref(), rule("1520")) {
            seen(
                &mut self.upns,
                key,
                c,
                r,
                "/ChildIdentifiers",
                &mut self.findings,
            );
        }
    }

    /// Take the findings made so far (child-level and uniqueness).
    pub fn drain(&mut self) -> std::vec::Drain<'_, Finding> {
        self.findings.drain(..)
    }

    /// Finish: the LA-level rules, then every finding not yet drained.
    pub fn finish(mut self) -> Vec<Finding> {
        for code in self.totals.failing(&self.ctx) {
            if let Some(r) = rule(code).filter(|r| r.applies(self.year)) {
                self.findings
                    .push(finding(r, "Message/Children".into(), None));
            }
        }
        self.findings
    }
}

fn seen(
    map: &mut HashMap<String, Seen>,
    key: &str,
    c: &CinChild,
    r: &Rule,
    suffix: &str,
    out: &mut Vec<Finding>,
) {
    match map.get_mut(key) {
        None => {
            map.insert(
                key.to_string(),
                Seen {
                    position: c.position,
                    child: c.la_child_id.clone(),
                    reported: false,
                },
            );
        }
        Some(s) => {
            if !s.reported {
                s.reported = true;
                out.push(finding(
                    r,
                    format!("{CHILDREN}[{}]{suffix}", s.position),
                    s.child.as_deref(),
                ));
            }
            out.push(finding(
                r,
                format!("{CHILDREN}[{}]{suffix}", c.position),
                c.la_child_id.as_deref(),
            ));
        }
    }
}

/// Validate a whole census held in memory.
pub fn validate(census: &crate::model::CinCensus, year: CollectionYear) -> Vec<Finding> {
    let mut e = Engine::new(year, &census.header);
    for chunk in census.children.chunks(4096) {
        e.batch(chunk);
    }
    e.finish()
}

#[cfg(test)]
mod tests;
