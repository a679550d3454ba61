//! Mapping between the census and the child journey
//! (`sightline_domain::journey`).
//!
//! Why: the council's records are the single source of truth. The census is
//! written from them ([`from_council`]), a census from another system is
//! imported into them ([`to_records`]), and a record can be checked against
//! the census rules as it is entered ([`validate_child`]).
//!
//! What the census expects for a collection year (cin-census.md §1): every
//! child with a CIN episode (referral) open at any point in the year, NFA
//! referrals included; within each episode the assessments, CIN plans, S47
//! enquiries and CP plans that were open at some point in the year; the ICPC
//! date on its `Section47` module, or on `CINdetails` when the enquiry is not
//! in the return; CP review dates from the plan's review conferences. Dates
//! after the reference date are left out (an end after 31 March means "still
//! open" in this return).
//!
//! What it does not do: import leniently. [`to_records`] is strict: a missing
//! or invalid value that the journey needs is a [`ReadError::Structure`]
//! naming the element path, not a guess.

use std::path::PathBuf;

use sightline_domain::calendar::{CollectionYear, Date};
use sightline_domain::codes::{Disability, Sex};
use sightline_domain::ids::{ChildId, LaNumber, Upn};
use sightline_domain::journey::{
    Birth, Child, ChildProtectionConference, ChildRecord, ConferenceKind, Council, RecordId,
    Referral, Section47Enquiry, SingleAssessment,
};
use sightline_exchange::Finding;

use crate::error::ReadError;
use crate::model::*;
use crate::rules::{Ctx, check_child};

/// The census a council returns for `year`.
pub fn from_council(council: &Council, year: CollectionYear) -> CinCensus {
    let reference = year.end();
    CinCensus {
        source: None,
        header: Header {
            collection: Some("CIN".into()),
            year: Field::Valid(year.0.unsigned_abs()),
            reference_date: Field::Valid(reference),
            source_level: Some("L".into()),
            lea: Some(council.la.to_string()),
            software_code: Some("Sightline".into()),
            release: Some(env!("CARGO_PKG_VERSION").into()),
            serial_no: Some("1".into()),
            date_time: Some(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string()),
        },
        children: council
            .children
            .iter()
            .filter_map(|r| census_child(r, year))
            .enumerate()
            .map(|(i, mut c)| {
                c.position = i + 1;
                c
            })
            .collect(),
    }
}

/// `d` if on or before the reference date, else absent (still open in this return).
fn upto(d: Option<Date>, reference: Date) -> Field<Date> {
    d.filter(|d| *d <= reference).into()
}

/// Open at some point in the year: started by its end, not ended before its start.
fn open_in(start: Date, end: Option<Date>, year: CollectionYear) -> bool {
    start <= year.end() && end.is_none_or(|e| e >= year.start())
}

/// The census `Child` for one record, or `None` if the child had no CIN
/// episode open in the year.
pub fn census_child(r: &ChildRecord, year: CollectionYear) -> Option<CinChild> {
    let refd = year.end();
    let episodes: Vec<CinEpisode> = r
        .referrals
        .iter()
        .filter(|x| open_in(x.date, x.closure.map(|c| c.date), year))
        .map(|x| episode(r, x, year))
        .collect();
    if episodes.is_empty() {
        return None;
    }
    let c = &r.child;
    let (birth_date, expected_birth_date) = match c.birth {
        Birth::Born(d) => (Field::Valid(d), Field::Absent),
        Birth::Unborn(d) => (Field::Absent, Field::Valid(d)),
    };
    let (sex, gender_current) = if year.0 >= 2025 {
        (Field::Valid(c.sex), Field::Absent)
    } else {
        let g = match c.sex {
            Sex::Male => GenderCurrent::Male,
            Sex::Female => GenderCurrent::Female,
            Sex::Unknown => GenderCurrent::NotKnown,
        };
        (Field::Absent, Field::Valid(g))
    };
    Some(CinChild {
        position: 0,
        la_child_id: Some(c.id.to_string()),
        upn: c.upn.as_ref().map(|u| u.to_string()),
        former_upn: c.former_upn.as_ref().map(|u| u.to_string()),
        upn_unknown: if c.upn.is_some() {
            Field::Absent
        } else {
            c.upn_unknown.into()
        },
        birth_date,
        expected_birth_date,
        sex,
        gender_current,
        death_date: upto(c.death_date, refd),
        ethnicity: Field::Valid(c.ethnicity),
        // None recorded yet is returned as NONE, as the writer would write it.
        disabilities: Some(if c.disabilities.is_empty() {
            vec![Field::Valid(Disability::None)]
        } else {
            c.disabilities.iter().map(|d| Field::Valid(*d)).collect()
        }),
        episodes,
    })
}

fn episode(r: &ChildRecord, x: &Referral, year: CollectionYear) -> CinEpisode {
    let refd = year.end();
    let closed = x.closure.filter(|c| c.date <= refd);
    let mut e = CinEpisode {
        referral_date: Field::Valid(x.date),
        referral_source: Field::Valid(x.source),
        primary_need: x.primary_need.into(),
        closure_date: closed.map(|c| c.date).into(),
        reason_for_closure: closed.map(|c| c.reason).into(),
        referral_nfa: Field::Valid(x.nfa),
        ..Default::default()
    };
    for a in r.assessments.iter().filter(|a| a.referral == x.id) {
        if !open_in(a.start, a.authorised, year) {
            continue;
        }
        let authorised = upto(a.authorised, refd);
        let factors = if authorised.is_valid() && !a.factors.is_empty() {
            Some(a.factors.iter().map(|f| Field::Valid(*f)).collect())
        } else {
            None
        };
        e.assessments.push(Assessment {
            start: Field::Valid(a.start),
            internal_review: Field::Absent,
            authorised,
            factors,
        });
    }
    for p in r.cin_plans.iter().filter(|p| p.referral == x.id) {
        if open_in(p.start, p.end, year) {
            e.cin_plans.push(CinPlanDates {
                start: Field::Valid(p.start),
                end: upto(p.end, refd),
            });
        }
    }
    let initial = |c: &&ChildProtectionConference| {
        c.referral == x.id && matches!(c.kind, ConferenceKind::Initial | ConferenceKind::TransferIn)
    };
    let mut included_s47 = Vec::new();
    for s in r.section47s.iter().filter(|s| s.referral == x.id) {
        let icpc = r
            .conferences
            .iter()
            .filter(initial)
            .find(|c| c.section47 == Some(s.id))
            .map(|c| c.date);
        // An enquiry is in the return if it started in the year, or was
        // still awaiting its ICPC when the year began.
        let concluded_before = icpc.is_some_and(|d| d < year.start())
            || (s.icpc_not_required && s.start < year.start());
        if s.start > refd || concluded_before {
            continue;
        }
        included_s47.push(s.id);
        e.section47s.push(Section47 {
            start: Field::Valid(s.start),
            icpc_target: s.icpc_target.into(),
            icpc_date: upto(icpc, refd),
            icpc_not_required: Field::Valid(s.icpc_not_required),
        });
    }
    e.icpc_date = r
        .conferences
        .iter()
        .filter(initial)
        .filter(|c| c.section47.is_none_or(|s| !included_s47.contains(&s)))
        .find(|c| year.contains(c.date))
        .map(|c| c.date)
        .into();
    for p in r.cp_plans.iter().filter(|p| p.referral == x.id) {
        if !open_in(p.start, p.end, year) {
            continue;
        }
        let mut reviews: Vec<Date> = r
            .conferences
            .iter()
            .filter(|c| {
                c.kind == ConferenceKind::Review && c.cp_plan == Some(p.id) && c.date <= refd
            })
            .map(|c| c.date)
            .collect();
        reviews.sort();
        e.cp_plans.push(CpPlan {
            start: Field::Valid(p.start),
            end: upto(p.end, refd),
            initial_category: Field::Valid(p.initial_category),
            latest_category: Field::Valid(p.latest_category),
            previous_plans: Field::Valid(u32::from(p.previous_plans)),
            reviews: reviews.into_iter().map(Field::Valid).collect(),
        });
    }
    e
}

/// Validate one child's record against the census rules of `year`, as it
/// would appear in that year's return (no cross-child or LA-level rules).
/// A child with no CIN episode open in the year has nothing to check.
pub fn validate_child(record: &ChildRecord, year: CollectionYear) -> Vec<Finding> {
    let Some(mut c) = census_child(record, year) else {
        return Vec::new();
    };
    c.position = 1;
    let mut out = Vec::new();
    check_child(&Ctx::new(year, None), &c, &mut out);
    out
}

/// Strict import: every child of the census as a journey record for LA `la`.
/// Record ids are numbered 1, 2, … per kind in file order, so importing the
/// same file twice gives the same ids.
pub fn to_records(census: &CinCensus, la: LaNumber) -> Result<Vec<ChildRecord>, ReadError> {
    let _ = la;
    let mut ids = Ids::default();
    let file = census
        .source
        .clone()
        .unwrap_or_else(|| PathBuf::from("<memory>"));
    census
        .children
        .iter()
        .map(|c| import_child(c, &file, &mut ids))
        .collect()
}

#[derive(Default)]
struct Ids {
    referral: RecordId,
    assessment: RecordId,
    s47: RecordId,
    conference: RecordId,
    cp_plan: RecordId,
    cin_plan: RecordId,
}

fn next(n: &mut RecordId) -> RecordId {
    *n += 1;
    *n
}

struct At<'a> {
    file: &'a PathBuf,
    path: String,
}

impl At<'_> {
    fn err(&self, element: &str, expected: &str, found: Option<&str>) -> ReadError {
        ReadError::Structure {
            file: self.file.clone(),
            path: if element.is_empty() {
                self.path.clone()
            } else {
                format!("{}/{element}", self.path)
            },
            expected: expected.to_string(),
            found: found.map_or_else(|| "nothing".to_string(), |f| format!("{f:?}")),
        }
    }
    fn need<T: FieldValue + Copy>(&self, f: &Field<T>, element: &str) -> Result<T, ReadError> {
        self.opt(f, element)?
            .ok_or_else(|| self.err(element, T::EXPECTED, None))
    }
    fn opt<T: FieldValue + Copy>(
        &self,
        f: &Field<T>,
        element: &str,
    ) -> Result<Option<T>, ReadError> {
        match f {
            Field::Absent => Ok(None),
            Field::Valid(v) => Ok(Some(*v)),
            Field::Invalid(s) => Err(self.err(element, T::EXPECTED, Some(s))),
        }
    }
    fn sub(&self, name: &str, i: usize) -> At<'_> {
        At {
            file: self.file,
            path: format!("{}/{name}[{}]", self.path, i + 1),
        }
    }
}

fn import_child(c: &CinChild, file: &PathBuf, ids: &mut Ids) -> Result<ChildRecord, ReadError> {
    let at = At {
        file,
        path: format!("Message/Children/Child[{}]", c.position),
    };
    let idp = At {
        file,
        path: format!("{}/ChildIdentifiers", at.path),
    };
    let id_text = c
        .la_child_id
        .as_deref()
        .ok_or_else(|| idp.err("LAchildID", "a child identifier", None))?;
    let id =
        ChildId::parse(id_text).map_err(|e| idp.err("LAchildID", &e.to_string(), Some(id_text)))?;
    let upn_of = |s: &Option<String>, el: &str| -> Result<Option<Upn>, ReadError> {
        s.as_deref()
            .map(|u| Upn::parse(u).map_err(|e| idp.err(el, &e.to_string(), Some(u))))
            .transpose()
    };
    let birth = match (
        idp.opt(&c.birth_date, "PersonBirthDate")?,
        idp.opt(&c.expected_birth_date, "ExpectedPersonBirthDate")?,
    ) {
        (Some(b), None) => Birth::Born(b),
        (None, Some(e)) => Birth::Unborn(e),
        (b, _) => {
            return Err(idp.err(
                "PersonBirthDate",
                "exactly one of PersonBirthDate and ExpectedPersonBirthDate",
                Some(if b.is_some() { "both" } else { "neither" }),
            ));
        }
    };
    let sex = match (&c.sex, &c.gender_current) {
        (Field::Absent, g) if g.is_present() => match idp.need(g, "GenderCurrent")? {
            GenderCurrent::Male => Sex::Male,
            GenderCurrent::Female => Sex::Female,
            _ => Sex::Unknown,
        },
        (s, _) => idp.need(s, "Sex")?,
    };
    let chp = At {
        file,
        path: format!("{}/ChildCharacteristics", at.path),
    };
    let mut disabilities = Vec::new();
    for (k, d) in c.disabilities.iter().flatten().enumerate() {
        disabilities.push(chp.sub("Disabilities/Disability", k).need(d, "")?);
    }
    let child = Child {
        id,
        forename: String::new(),
        surname: String::new(),
        upn: upn_of(&c.upn, "UPN")?,
        former_upn: upn_of(&c.former_upn, "FormerUPN")?,
        upn_unknown: idp.opt(&c.upn_unknown, "UPNunknown")?,
        birth,
        sex,
        ethnicity: chp.need(&c.ethnicity, "Ethnicity")?,
        disabilities,
        death_date: idp.opt(&c.death_date, "PersonDeathDate")?,
        uasc: None,
        mother_of_child_born: None,
        family: None,
        restricted: false,
    };
    let mut rec = ChildRecord::new(child);
    if c.episodes.is_empty() {
        return Err(at.err("CINdetails", "at least one CINdetails episode", None));
    }
    for (i, e) in c.episodes.iter().enumerate() {
        import_episode(e, &at.sub("CINdetails", i), ids, &mut rec)?;
    }
    Ok(rec)
}

fn import_episode(
    e: &CinEpisode,
    at: &At<'_>,
    ids: &mut Ids,
    rec: &mut ChildRecord,
) -> Result<(), ReadError> {
    let rid = next(&mut ids.referral);
    let closure = match (
        at.opt(&e.closure_date, "CINclosureDate")?,
        at.opt(&e.reason_for_closure, "ReasonForClosure")?,
    ) {
        (Some(date), Some(reason)) => Some(sightline_domain::journey::CinClosure { date, reason }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(at.err("ReasonForClosure", "a reason with the closure date", None));
        }
        (None, Some(r)) => {
            return Err(at.err(
                "CINclosureDate",
                "a closure date with the reason",
                Some(r.as_code()),
            ));
        }
    };
    rec.referrals.push(Referral {
        id: rid,
        date: at.need(&e.referral_date, "CINreferralDate")?,
        source: at.need(&e.referral_source, "ReferralSource")?,
        primary_need: at.opt(&e.primary_need, "PrimaryNeedCode")?,
        closure,
        nfa: at.need(&e.referral_nfa, "ReferralNFA")?,
    });
    for (j, a) in e.assessments.iter().enumerate() {
        let aa = at.sub("Assessments", j);
        let mut factors = Vec::new();
        for (k, f) in a.factor_list().iter().enumerate() {
            factors.push(
                aa.sub("FactorsIdentifiedAtAssessment/AssessmentFactors", k)
                    .need(f, "")?,
            );
        }
        aa.opt(&a.internal_review, "AssessmentInternalReviewDate")?;
        rec.assessments.push(SingleAssessment {
            id: next(&mut ids.assessment),
            referral: rid,
            start: aa.need(&a.start, "AssessmentActualStartDate")?,
            authorised: aa.opt(&a.authorised, "AssessmentAuthorisationDate")?,
            factors,
        });
    }
    for (j, p) in e.cin_plans.iter().enumerate() {
        let pa = at.sub("CINPlanDates", j);
        rec.cin_plans.push(sightline_domain::journey::CinPlan {
            id: next(&mut ids.cin_plan),
            referral: rid,
            start: pa.need(&p.start, "CINPlanStartDate")?,
            end: pa.opt(&p.end, "CINPlanEndDate")?,
        });
    }
    let mut plan_ids = Vec::new();
    for (j, p) in e.cp_plans.iter().enumerate() {
        let pa = at.sub("ChildProtectionPlans", j);
        let id = next(&mut ids.cp_plan);
        let start = pa.need(&p.start, "CPPstartDate")?;
        let previous = pa.need(&p.previous_plans, "NumberOfPreviousCPP")?;
        rec.cp_plans.push(sightline_domain::journey::CpPlan {
            id,
            referral: rid,
            start,
            end: pa.opt(&p.end, "CPPendDate")?,
            initial_category: pa.need(&p.initial_category, "InitialCategoryOfAbuse")?,
            latest_category: pa.need(&p.latest_category, "LatestCategoryOfAbuse")?,
            previous_plans: u16::try_from(previous).map_err(|_| {
                pa.err(
                    "NumberOfPreviousCPP",
                    "a number up to 65535",
                    Some(&previous.to_string()),
                )
            })?,
        });
        for (k, r) in p.reviews.iter().enumerate() {
            let date = pa.sub("Reviews", k).need(r, "CPPreviewDate")?;
            rec.conferences.push(ChildProtectionConference {
                id: next(&mut ids.conference),
                referral: rid,
                kind: ConferenceKind::Review,
                date,
                section47: None,
                cp_plan: Some(id),
                plan_outcome: true,
            });
        }
        plan_ids.push((start, id));
    }
    let plan_on = |d: Date| plan_ids.iter().find(|(s, _)| *s == d).map(|(_, id)| *id);
    for (j, s) in e.section47s.iter().enumerate() {
        let sa = at.sub("Section47", j);
        let id = next(&mut ids.s47);
        rec.section47s.push(Section47Enquiry {
            id,
            referral: rid,
            start: sa.need(&s.start, "S47ActualStartDate")?,
            icpc_target: sa.opt(&s.icpc_target, "InitialCPCtarget")?,
            icpc_not_required: sa.need(&s.icpc_not_required, "ICPCnotRequired")?,
        });
        if let Some(d) = sa.opt(&s.icpc_date, "DateOfInitialCPC")? {
            rec.conferences.push(ChildProtectionConference {
                id: next(&mut ids.conference),
                referral: rid,
                kind: ConferenceKind::Initial,
                date: d,
                section47: Some(id),
                cp_plan: plan_on(d),
                plan_outcome: plan_on(d).is_some(),
            });
        }
    }
    if let Some(d) = at.opt(&e.icpc_date, "DateOfInitialCPC")? {
        rec.conferences.push(ChildProtectionConference {
            id: next(&mut ids.conference),
            referral: rid,
            kind: ConferenceKind::Initial,
            date: d,
            section47: None,
            cp_plan: plan_on(d),
            plan_outcome: plan_on(d).is_some(),
        });
    }
    Ok(())
}
