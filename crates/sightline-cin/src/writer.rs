//! Writes a census return as XML, in the DfE's element order.
//!
//! Why: the file goes to DfE COLLECT and to other tools that read elements by
//! position or expect one `Reviews` per review, so the writer emits exactly
//! the layout of cin-census.md §2: every optional element that has no value
//! is omitted, one `Reviews` per review date, `Disabilities` always present
//! (`NONE` when the child has none recorded), `ReferralNFA` after
//! `Section47`. Invalid values read from a file are written back as found,
//! so a read/write round trip changes nothing the rules can see.
//!
//! What it does not do: validate. Write, then run [`crate::validate`].

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::WriteError;
use crate::model::*;

/// Write a census to `path`.
pub fn write_file(census: &CinCensus, path: &Path) -> Result<(), WriteError> {
    let err = |source| WriteError::Io {
        file: path.to_path_buf(),
        source,
    };
    let f = File::create(path).map_err(err)?;
    let mut w = BufWriter::with_capacity(256 * 1024, f);
    write_to(census, &mut w).map_err(err)?;
    w.flush().map_err(err)
}

/// Write a census to any writer.
pub fn write_to(census: &CinCensus, w: &mut impl Write) -> io::Result<()> {
    write_start(&census.header, w)?;
    for c in &census.children {
        write_child(c, w)?;
    }
    write_end(w)
}

/// Write everything before the first `Child` (for writing child by child).
pub fn write_start(header: &Header, w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n")?;
    write_header(header, w)?;
    w.write_all(b"  <Children>\n")
}

/// Write everything after the last `Child`.
pub fn write_end(w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"  </Children>\n</Message>\n")
}

fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

fn leaf(w: &mut impl Write, indent: usize, name: &str, value: Option<&str>) -> io::Result<()> {
    if let Some(v) = value {
        writeln!(
            w,
            "{:indent$}<{name}>{}</{name}>",
            "",
            escape(v),
            indent = indent
        )?;
    }
    Ok(())
}

fn field<T: FieldValue>(
    w: &mut impl Write,
    indent: usize,
    name: &str,
    f: &Field<T>,
) -> io::Result<()> {
    leaf(w, indent, name, f.text().as_deref())
}

fn open(w: &mut impl Write, indent: usize, name: &str) -> io::Result<()> {
    writeln!(w, "{:indent$}<{name}>", "", indent = indent)
}

fn close(w: &mut impl Write, indent: usize, name: &str) -> io::Result<()> {
    writeln!(w, "{:indent$}</{name}>", "", indent = indent)
}

fn write_header(h: &Header, w: &mut impl Write) -> io::Result<()> {
    open(w, 2, "Header")?;
    open(w, 4, "CollectionDetails")?;
    leaf(w, 6, "Collection", h.collection.as_deref())?;
    field(w, 6, "Year", &h.year)?;
    field(w, 6, "ReferenceDate", &h.reference_date)?;
    close(w, 4, "CollectionDetails")?;
    open(w, 4, "Source")?;
    leaf(w, 6, "SourceLevel", h.source_level.as_deref())?;
    leaf(w, 6, "LEA", h.lea.as_deref())?;
    leaf(w, 6, "SoftwareCode", h.software_code.as_deref())?;
    leaf(w, 6, "Release", h.release.as_deref())?;
    leaf(w, 6, "SerialNo", h.serial_no.as_deref())?;
    leaf(w, 6, "DateTime", h.date_time.as_deref())?;
    close(w, 4, "Source")?;
    close(w, 2, "Header")
}

/// Write one `Child` element.
pub fn write_child(c: &CinChild, w: &mut impl Write) -> io::Result<()> {
    open(w, 4, "Child")?;
    open(w, 6, "ChildIdentifiers")?;
    leaf(w, 8, "LAchildID", c.la_child_id.as_deref())?;
    leaf(w, 8, "UPN", c.upn.as_deref())?;
    leaf(w, 8, "FormerUPN", c.former_upn.as_deref())?;
    field(w, 8, "UPNunknown", &c.upn_unknown)?;
    field(w, 8, "PersonBirthDate", &c.birth_date)?;
    field(w, 8, "ExpectedPersonBirthDate", &c.expected_birth_date)?;
    field(w, 8, "Sex", &c.sex)?;
    field(w, 8, "GenderCurrent", &c.gender_current)?;
    field(w, 8, "PersonDeathDate", &c.death_date)?;
    close(w, 6, "ChildIdentifiers")?;
    open(w, 6, "ChildCharacteristics")?;
    field(w, 8, "Ethnicity", &c.ethnicity)?;
    open(w, 8, "Disabilities")?;
    match c.disabilities.as_deref() {
        Some(d) if !d.is_empty() => {
            for x in d {
                field(w, 10, "Disability", x)?;
            }
        }
        _ => leaf(w, 10, "Disability", Some("NONE"))?,
    }
    close(w, 8, "Disabilities")?;
    close(w, 6, "ChildCharacteristics")?;
    for e in &c.episodes {
        write_episode(e, w)?;
    }
    close(w, 4, "Child")
}

fn write_episode(e: &CinEpisode, w: &mut impl Write) -> io::Result<()> {
    open(w, 6, "CINdetails")?;
    field(w, 8, "CINreferralDate", &e.referral_date)?;
    field(w, 8, "ReferralSource", &e.referral_source)?;
    field(w, 8, "PrimaryNeedCode", &e.primary_need)?;
    field(w, 8, "CINclosureDate", &e.closure_date)?;
    field(w, 8, "ReasonForClosure", &e.reason_for_closure)?;
    field(w, 8, "DateOfInitialCPC", &e.icpc_date)?;
    for a in &e.assessments {
        open(w, 8, "Assessments")?;
        field(w, 10, "AssessmentActualStartDate", &a.start)?;
        field(w, 10, "AssessmentInternalReviewDate", &a.internal_review)?;
        field(w, 10, "AssessmentAuthorisationDate", &a.authorised)?;
        if let Some(f) = a.factors.as_deref().filter(|f| !f.is_empty()) {
            open(w, 10, "FactorsIdentifiedAtAssessment")?;
            for x in f {
                field(w, 12, "AssessmentFactors", x)?;
            }
            close(w, 10, "FactorsIdentifiedAtAssessment")?;
        }
        close(w, 8, "Assessments")?;
    }
    for p in &e.cin_plans {
        open(w, 8, "CINPlanDates")?;
        field(w, 10, "CINPlanStartDate", &p.start)?;
        field(w, 10, "CINPlanEndDate", &p.end)?;
        close(w, 8, "CINPlanDates")?;
    }
    for s in &e.section47s {
        open(w, 8, "Section47")?;
        field(w, 10, "S47ActualStartDate", &s.start)?;
        field(w, 10, "InitialCPCtarget", &s.icpc_target)?;
        field(w, 10, "DateOfInitialCPC", &s.icpc_date)?;
        field(w, 10, "ICPCnotRequired", &s.icpc_not_required)?;
        close(w, 8, "Section47")?;
    }
    field(w, 8, "ReferralNFA", &e.referral_nfa)?;
    for p in &e.cp_plans {
        open(w, 8, "ChildProtectionPlans")?;
        field(w, 10, "CPPstartDate", &p.start)?;
        field(w, 10, "CPPendDate", &p.end)?;
        field(w, 10, "InitialCategoryOfAbuse", &p.initial_category)?;
        field(w, 10, "LatestCategoryOfAbuse", &p.latest_category)?;
        field(w, 10, "NumberOfPreviousCPP", &p.previous_plans)?;
        for r in &p.reviews {
            // A review read without a date is written back as an empty group.
            open(w, 10, "Reviews")?;
            leaf(w, 12, "CPPreviewDate", r.text().as_deref())?;
            close(w, 10, "Reviews")?;
        }
        close(w, 8, "ChildProtectionPlans")?;
    }
    close(w, 6, "CINdetails")
}
