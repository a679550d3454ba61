//! Streaming reader for the CIN census XML.
//!
//! Why: a national-scale file holds hundreds of thousands of children; the
//! reader hands them out one at a time ([`ChildReader::next_child`]) so that
//! memory holds only the children the caller keeps. It is also the boundary
//! where hostile input stops: a DOCTYPE (and so every entity declaration,
//! billion laughs, external entities) is rejected before anything is expanded,
//! nesting is capped, a text node or tag larger than [`MAX_TOKEN_BYTES`] is
//! refused without buffering it, and bytes that are not UTF-8 are an error.
//!
//! What it does not do: judge values. A code that is not in its list or a
//! date that does not parse is kept as [`Field::Invalid`] for the rules to
//! report. Only the shape of the document (known elements in the right
//! parents, each single-valued element once) is checked here.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

use crate::error::ReadError;
use crate::model::*;

/// Largest text node, tag or comment accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Deepest element nesting accepted (the census needs 8).
pub const MAX_DEPTH: usize = 16;

/// Every element the census defines, as a tree position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    Message,
    Header,
    CollectionDetails,
    Collection,
    Year,
    ReferenceDate,
    Source,
    SourceLevel,
    Lea,
    SoftwareCode,
    Release,
    SerialNo,
    DateTime,
    Children,
    Child,
    ChildIdentifiers,
    LaChildId,
    Upn,
    FormerUpn,
    UpnUnknown,
    PersonBirthDate,
    ExpectedPersonBirthDate,
    Sex,
    GenderCurrent,
    PersonDeathDate,
    ChildCharacteristics,
    Ethnicity,
    Disabilities,
    Disability,
    CinDetails,
    CinReferralDate,
    ReferralSource,
    PrimaryNeedCode,
    CinClosureDate,
    ReasonForClosure,
    EpisodeIcpc,
    Assessments,
    AssessmentActualStartDate,
    AssessmentInternalReviewDate,
    AssessmentAuthorisationDate,
    FactorsIdentifiedAtAssessment,
    AssessmentFactors,
    CinPlanDates,
    CinPlanStartDate,
    CinPlanEndDate,
    Section47,
    S47ActualStartDate,
    InitialCpcTarget,
    S47Icpc,
    IcpcNotRequired,
    ReferralNfa,
    ChildProtectionPlans,
    CppStartDate,
    CppEndDate,
    InitialCategoryOfAbuse,
    LatestCategoryOfAbuse,
    NumberOfPreviousCpp,
    Reviews,
    CppReviewDate,
}

impl El {
    /// The children allowed under `self`, with their names.
    fn children(self) -> &'static [(&'static str, El)] {
        use El::*;
        match self {
            Message => &[("Header", Header), ("Children", Children)],
            Header => &[("CollectionDetails", CollectionDetails), ("Source", Source)],
            CollectionDetails => &[
                ("Collection", Collection),
                ("Year", Year),
                ("ReferenceDate", ReferenceDate),
            ],
            Source => &[
                ("SourceLevel", SourceLevel),
                ("LEA", Lea),
                ("SoftwareCode", SoftwareCode),
                ("Release", Release),
                ("SerialNo", SerialNo),
                ("DateTime", DateTime),
            ],
            Children => &[("Child", Child)],
            Child => &[
                ("ChildIdentifiers", ChildIdentifiers),
                ("ChildCharacteristics", ChildCharacteristics),
                ("CINdetails", CinDetails),
            ],
            ChildIdentifiers => &[
                ("LAchildID", LaChildId),
                ("UPN", Upn),
                ("FormerUPN", FormerUpn),
                ("UPNunknown", UpnUnknown),
                ("PersonBirthDate", PersonBirthDate),
                ("ExpectedPersonBirthDate", ExpectedPersonBirthDate),
                ("Sex", Sex),
                ("GenderCurrent", GenderCurrent),
                ("PersonDeathDate", PersonDeathDate),
            ],
            ChildCharacteristics => &[("Ethnicity", Ethnicity), ("Disabilities", Disabilities)],
            Disabilities => &[("Disability", Disability)],
            CinDetails => &[
                ("CINreferralDate", CinReferralDate),
                ("ReferralSource", ReferralSource),
                ("PrimaryNeedCode", PrimaryNeedCode),
                ("CINclosureDate", CinClosureDate),
                ("ReasonForClosure", ReasonForClosure),
                ("DateOfInitialCPC", EpisodeIcpc),
                ("Assessments", Assessments),
                ("CINPlanDates", CinPlanDates),
                ("Section47", Section47),
                ("ReferralNFA", ReferralNfa),
                ("ChildProtectionPlans", ChildProtectionPlans),
            ],
            Assessments => &[
                ("AssessmentActualStartDate", AssessmentActualStartDate),
                ("AssessmentInternalReviewDate", AssessmentInternalReviewDate),
                ("AssessmentAuthorisationDate", AssessmentAuthorisationDate),
                (
                    "FactorsIdentifiedAtAssessment",
                    FactorsIdentifiedAtAssessment,
                ),
            ],
            FactorsIdentifiedAtAssessment => &[("AssessmentFactors", AssessmentFactors)],
            CinPlanDates => &[
                ("CINPlanStartDate", CinPlanStartDate),
                ("CINPlanEndDate", CinPlanEndDate),
            ],
            Section47 => &[
                ("S47ActualStartDate", S47ActualStartDate),
                ("InitialCPCtarget", InitialCpcTarget),
                ("DateOfInitialCPC", S47Icpc),
                ("ICPCnotRequired", IcpcNotRequired),
            ],
            ChildProtectionPlans => &[
                ("CPPstartDate", CppStartDate),
                ("CPPendDate", CppEndDate),
                ("InitialCategoryOfAbuse", InitialCategoryOfAbuse),
                ("LatestCategoryOfAbuse", LatestCategoryOfAbuse),
                ("NumberOfPreviousCPP", NumberOfPreviousCpp),
                ("Reviews", Reviews),
            ],
            Reviews => &[("CPPreviewDate", CppReviewDate)],
            _ => &[],
        }
    }

    /// A leaf holds text; a container holds elements.
    fn is_leaf(self) -> bool {
        self.children().is_empty()
    }

    fn child_named(self, name: &[u8]) -> Option<El> {
        self.children()
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map(|(_, e)| *e)
    }

    fn expected_children(self) -> String {
        self.children()
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A byte source that refuses any run of more than [`MAX_TOKEN_BYTES`]
/// bytes without a `<` or `>`, so that the XML parser never buffers a huge
/// text node or tag. It also counts bytes for error positions.
pub struct Guard<R> {
    inner: R,
    run: usize,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut last = 0usize;
        for at in memchr::memchr2_iter(b'<', b'>', &buf[..n]) {
            self.run += at - last;
            if self.run > MAX_TOKEN_BYTES {
                return Err(too_long());
            }
            self.run = 0;
            last = at + 1;
        }
        self.run += n - last;
        if self.run > MAX_TOKEN_BYTES {
            return Err(too_long());
        }
        Ok(n)
    }
}

fn too_long() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a text node or tag longer than {MAX_TOKEN_BYTES} bytes"),
    )
}

/// Streams `Child` elements out of a census file.
pub struct ChildReader<R: BufRead> {
    xml: quick_xml::Reader<R>,
    file: PathBuf,
    /// Whole file bytes, when reading from memory (for line numbers).
    buf: Vec<u8>,
    stack: Vec<El>,
    text: String,
    header: Header,
    child: CinChild,
    children_seen: usize,
    in_children: bool,
    done: bool,
    /// The document, when read from memory (for line numbers in errors).
    mem: Option<Vec<u8>>,
    /// Reviews of the current plan before the open `Reviews` element.
    reviews_mark: usize,
}

impl ChildReader<BufReader<Guard<File>>> {
    /// Open a file and read up to the first `Child` (so the header is known).
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        let f = File::open(path).map_err(|e| ReadError::Io {
            file: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let src = BufReader::with_capacity(256 * 1024, Guard { inner: f, run: 0 });
        let mut r = Self::start_lazy(src, path);
        r.pump(true)?;
        Ok(r)
    }
}

impl<'a> ChildReader<BufReader<Guard<&'a [u8]>>> {
    /// Read from bytes in memory (tests, uploads); `name` names it in errors.
    pub fn from_bytes(bytes: &'a [u8], name: &Path) -> Result<Self, ReadError> {
        let src = BufReader::new(Guard {
            inner: bytes,
            run: 0,
        });
        let mut r = Self::start_lazy(src, name);
        r.mem = Some(bytes.to_vec());
        r.pump(true)?;
        Ok(r)
    }
}

impl<R: BufRead> ChildReader<R> {
    fn start_lazy(src: R, file: &Path) -> Self {
        let mut xml = quick_xml::Reader::from_reader(src);
        let cfg = xml.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = true;
        cfg.trim_text(false);
        Self {
            xml,
            file: file.to_path_buf(),
            buf: Vec::with_capacity(1024),
            stack: Vec::with_capacity(MAX_DEPTH),
            text: String::new(),
            header: Header::default(),
            child: CinChild::default(),
            children_seen: 0,
            in_children: false,
            done: false,
            mem: None,
            reviews_mark: 0,
        }
    }

    /// The header (complete once the first child has been reached).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The next child, or `None` at the end of the document.
    pub fn next_child(&mut self) -> Result<Option<CinChild>, ReadError> {
        if self.done {
            return Ok(None);
        }
        self.pump(false)
    }

    fn err(&self, pos: u64, message: String) -> ReadError {
        ReadError::Malformed {
            file: self.file.clone(),
            line: match &self.mem {
                Some(m) => line_in(m, pos),
                None => line_of(&self.file, pos),
            },
            byte: pos,
            message,
        }
    }

    fn path(&self) -> String {
        let mut p = String::new();
        for (i, e) in self.stack.iter().enumerate() {
            if i > 0 {
                p.push('/');
            }
            let name = match i.checked_sub(1).map(|j| self.stack[j]) {
                None => "Message",
                Some(parent) => parent
                    .children()
                    .iter()
                    .find(|(_, c)| c == e)
                    .map_or("?", |(n, _)| *n),
            };
            p.push_str(name);
            if *e == El::Child {
                p.push_str(&format!("[{}]", self.children_seen + 1));
            }
        }
        p
    }

    /// Run the parser. With `header_only`, stop when the first `Child`
    /// starts (or at the end); otherwise stop after one whole `Child`.
    fn pump(&mut self, header_only: bool) -> Result<Option<CinChild>, ReadError> {
        let mut buf = std::mem::take(&mut self.buf);
        let r = self.pump_with(header_only, &mut buf);
        self.buf = buf;
        r
    }

    fn pump_with(
        &mut self,
        header_only: bool,
        buf: &mut Vec<u8>,
    ) -> Result<Option<CinChild>, ReadError> {
        loop {
            let pos = self.xml.buffer_position();
            buf.clear();
            let ev = match self.xml.read_event_into(buf) {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.xml.error_position();
                    let what = match &e {
                        quick_xml::Error::Io(io) => io.to_string(),
                        other => other.to_string(),
                    };
                    let where_ = if self.stack.is_empty() {
                        String::new()
                    } else {
                        format!(" inside {}", self.path())
                    };
                    return Err(self.err(at, format!("malformed XML{where_}: {what}")));
                }
            };
            match ev {
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                        if enc != "utf-8" && enc != "utf8" {
                            return Err(self.err(
                                pos,
                                format!("the file declares encoding {enc:?}; expected UTF-8"),
                            ));
                        }
                    }
                }
                Event::DocType(_) => {
                    return Err(self.err(
                        pos,
                        "a DOCTYPE declaration is not allowed (entity declarations are never expanded); expected <Message>".into(),
                    ));
                }
                Event::PI(_) | Event::Comment(_) => {}
                Event::Start(e) => {
                    let name = e.name();
                    let name = name.as_ref();
                    if e.attributes().next().is_some() && self.stack.is_empty() {
                        // Attributes are not used by the census; a namespace on
                        // Message would make other tools see nothing.
                        if e.attributes().any(|a| {
                            a.map(|a| a.key.as_ref().starts_with(b"xmlns"))
                                .unwrap_or(true)
                        }) {
                            return Err(self.err(
                                pos,
                                "<Message> has a namespace or bad attribute; expected a plain <Message>".into(),
                            ));
                        }
                    }
                    let el = match self.stack.last() {
                        None if self.done => {
                            return Err(self.err(
                                pos,
                                "content after </Message>; expected the end of the file".into(),
                            ));
                        }
                        None => {
                            if name == b"Message" {
                                El::Message
                            } else {
                                return Err(self.err(
                                    pos,
                                    format!(
                                        "expected the root element <Message>, found <{}>",
                                        String::from_utf8_lossy(name)
                                    ),
                                ));
                            }
                        }
                        Some(parent) => match parent.child_named(name) {
                            Some(el) => el,
                            None => {
                                let msg = if parent.is_leaf() {
                                    format!(
                                        "{}: expected text, found element <{}>",
                                        self.path(),
                                        String::from_utf8_lossy(name)
                                    )
                                } else {
                                    format!(
                                        "{}: unexpected element <{}>; expected one of {}",
                                        self.path(),
                                        String::from_utf8_lossy(name),
                                        parent.expected_children()
                                    )
                                };
                                return Err(self.err(pos, msg));
                            }
                        },
                    };
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(
                            self.err(pos, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    self.open_el(el);
                    self.stack.push(el);
                    self.text.clear();
                    if el == El::Child && header_only {
                        return Ok(None);
                    }
                }
                Event::Text(t) => {
                    let s = t.unescape().map_err(|e| {
                        let p = self.path();
                        self.err(
                            pos,
                            format!("{p}: unreadable text ({e}); expected UTF-8 text using only the predefined XML entities"),
                        )
                    })?;
                    self.push_text(&s, pos)?;
                }
                Event::CData(t) => {
                    let s = std::str::from_utf8(&t).map_err(|_| {
                        self.err(pos, "text is not UTF-8; expected a UTF-8 file".into())
                    })?;
                    let s = s.to_string();
                    self.push_text(&s, pos)?;
                }
                Event::End(_) => {
                    let Some(el) = self.stack.last().copied() else {
                        return Err(self.err(pos, "unexpected closing tag".into()));
                    };
                    if el.is_leaf() {
                        let text = std::mem::take(&mut self.text);
                        self.leaf(el, text.trim(), pos)?;
                    }
                    self.stack.pop();
                    if el == El::Reviews {
                        self.close_reviews();
                    }
                    if el == El::Child {
                        let mut c = std::mem::take(&mut self.child);
                        self.children_seen += 1;
                        c.position = self.children_seen;
                        return Ok(Some(c));
                    }
                    if el == El::Message {
                        self.done = true;
                    }
                }
                Event::Empty(_) => {
                    return Err(self.err(pos, "unexpected empty element".into()));
                }
                Event::Eof => {
                    if !self.stack.is_empty() {
                        return Err(self.err(
                            self.xml.buffer_position(),
                            format!(
                                "the file ends inside {}; expected the closing tags (truncated file?)",
                                self.path()
                            ),
                        ));
                    }
                    if !self.done {
                        return Err(self.err(
                            pos,
                            "the file has no <Message> element; expected a CIN census XML file"
                                .into(),
                        ));
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn push_text(&mut self, s: &str, pos: u64) -> Result<(), ReadError> {
        match self.stack.last() {
            Some(el) if el.is_leaf() => {
                if self.text.len() + s.len() > MAX_TOKEN_BYTES {
                    return Err(self.err(
                        pos,
                        format!("{}: text longer than {MAX_TOKEN_BYTES} bytes", self.path()),
                    ));
                }
                self.text.push_str(s);
                Ok(())
            }
            _ if s.trim().is_empty() => Ok(()),
            Some(_) => Err(self.err(
                pos,
                format!(
                    "{}: unexpected text {:?}; expected elements",
                    self.path(),
                    clip(s)
                ),
            )),
            None => Err(self.err(
                pos,
                format!("unexpected text {:?} outside <Message>", clip(s)),
            )),
        }
    }

    fn open_el(&mut self, el: El) {
        let c = &mut self.child;
        match el {
            El::Children => self.in_children = true,
            El::Disabilities => {
                c.disabilities.get_or_insert_with(Vec::new);
            }
            El::CinDetails => c.episodes.push(CinEpisode::default()),
            El::Assessments => {
                if let Some(e) = c.episodes.last_mut() {
                    e.assessments.push(Assessment::default());
                }
            }
            El::FactorsIdentifiedAtAssessment => {
                if let Some(a) = c.episodes.last_mut().and_then(|e| e.assessments.last_mut()) {
                    a.factors.get_or_insert_with(Vec::new);
                }
            }
            El::CinPlanDates => {
                if let Some(e) = c.episodes.last_mut() {
                    e.cin_plans.push(CinPlanDates::default());
                }
            }
            El::Section47 => {
                if let Some(e) = c.episodes.last_mut() {
                    e.section47s.push(Section47::default());
                }
            }
            El::ChildProtectionPlans => {
                if let Some(e) = c.episodes.last_mut() {
                    e.cp_plans.push(CpPlan::default());
                }
            }
            El::Reviews => {
                self.reviews_mark = self.current_plan().map_or(0, |p| p.reviews.len());
            }
            _ => {}
        }
    }

    fn current_plan(&mut self) -> Option<&mut CpPlan> {
        self.child
            .episodes
            .last_mut()
            .and_then(|e| e.cp_plans.last_mut())
    }

    /// A `Reviews` group with no `CPPreviewDate` is one review with a
    /// missing date (rule 8842Q).
    fn close_reviews(&mut self) {
        let mark = self.reviews_mark;
        if let Some(p) = self.current_plan()
            && p.reviews.len() == mark
        {
            p.reviews.push(Field::Absent);
        }
    }

    fn leaf(&mut self, el: El, t: &str, pos: u64) -> Result<(), ReadError> {
        let dup = |r: &Self| {
            let p = r.path();
            r.err(pos, format!("{p} appears more than once; expected it once"))
        };
        macro_rules! set {
            ($slot:expr) => {{
                let v = Field::from_text(t);
                if $slot.is_present() {
                    if v.is_present() {
                        return Err(dup(self));
                    }
                } else {
                    $slot = v;
                }
            }};
        }
        macro_rules! set_text {
            ($slot:expr) => {{
                if $slot.is_some() {
                    if !t.is_empty() {
                        return Err(dup(self));
                    }
                } else if !t.is_empty() {
                    $slot = Some(t.to_string());
                }
            }};
        }
        let h = &mut self.header;
        let c = &mut self.child;
        match el {
            El::Collection => set_text!(h.collection),
            El::Year => set!(h.year),
            El::ReferenceDate => set!(h.reference_date),
            El::SourceLevel => set_text!(h.source_level),
            El::Lea => set_text!(h.lea),
            El::SoftwareCode => set_text!(h.software_code),
            El::Release => set_text!(h.release),
            El::SerialNo => set_text!(h.serial_no),
            El::DateTime => set_text!(h.date_time),
            El::LaChildId => set_text!(c.la_child_id),
            El::Upn => set_text!(c.upn),
            El::FormerUpn => set_text!(c.former_upn),
            El::UpnUnknown => set!(c.upn_unknown),
            El::PersonBirthDate => set!(c.birth_date),
            El::ExpectedPersonBirthDate => set!(c.expected_birth_date),
            El::Sex => set!(c.sex),
            El::GenderCurrent => set!(c.gender_current),
            El::PersonDeathDate => set!(c.death_date),
            El::Ethnicity => set!(c.ethnicity),
            El::Disability => {
                if let Some(d) = c.disabilities.as_mut() {
                    d.push(Field::from_text(t));
                }
            }
            _ => {
                let Some(e) = c.episodes.last_mut() else {
                    return Ok(());
                };
                match el {
                    El::CinReferralDate => set!(e.referral_date),
                    El::ReferralSource => set!(e.referral_source),
                    El::PrimaryNeedCode => set!(e.primary_need),
                    El::CinClosureDate => set!(e.closure_date),
                    El::ReasonForClosure => set!(e.reason_for_closure),
                    El::EpisodeIcpc => set!(e.icpc_date),
                    El::ReferralNfa => set!(e.referral_nfa),
                    El::AssessmentActualStartDate
                    | El::AssessmentInternalReviewDate
                    | El::AssessmentAuthorisationDate
                    | El::AssessmentFactors => {
                        let Some(a) = e.assessments.last_mut() else {
                            return Ok(());
                        };
                        match el {
                            El::AssessmentActualStartDate => set!(a.start),
                            El::AssessmentInternalReviewDate => set!(a.internal_review),
                            El::AssessmentAuthorisationDate => set!(a.authorised),
                            _ => {
                                if let Some(f) = a.factors.as_mut() {
                                    f.push(Field::from_text(t));
                                }
                            }
                        }
                    }
                    El::CinPlanStartDate | El::CinPlanEndDate => {
                        let Some(p) = e.cin_plans.last_mut() else {
                            return Ok(());
                        };
                        if el == El::CinPlanStartDate {
                            set!(p.start)
                        } else {
                            set!(p.end)
                        }
                    }
                    El::S47ActualStartDate
                    | El::InitialCpcTarget
                    | El::S47Icpc
                    | El::IcpcNotRequired => {
                        let Some(s) = e.section47s.last_mut() else {
                            return Ok(());
                        };
                        match el {
                            El::S47ActualStartDate => set!(s.start),
                            El::InitialCpcTarget => set!(s.icpc_target),
                            El::S47Icpc => set!(s.icpc_date),
                            _ => set!(s.icpc_not_required),
                        }
                    }
                    El::CppStartDate
                    | El::CppEndDate
                    | El::InitialCategoryOfAbuse
                    | El::LatestCategoryOfAbuse
                    | El::NumberOfPreviousCpp
                    | El::CppReviewDate => {
                        let Some(p) = e.cp_plans.last_mut() else {
                            return Ok(());
                        };
                        match el {
                            El::CppStartDate => set!(p.start),
                            El::CppEndDate => set!(p.end),
                            El::InitialCategoryOfAbuse => set!(p.initial_category),
                            El::LatestCategoryOfAbuse => set!(p.latest_category),
                            El::NumberOfPreviousCpp => set!(p.previous_plans),
                            _ => p.reviews.push(Field::from_text(t)),
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

fn clip(s: &str) -> String {
    let t = s.trim();
    if t.chars().count() > 40 {
        format!("{}...", t.chars().take(40).collect::<String>())
    } else {
        t.to_string()
    }
}

fn line_in(bytes: &[u8], pos: u64) -> u64 {
    let end = usize::try_from(pos).unwrap_or(usize::MAX).min(bytes.len());
    1 + bytes[..end].iter().filter(|b| **b == b'\n').count() as u64
}

/// The 1-based line holding byte `pos`, found by re-reading the file (only
/// done when reporting an error; 0 if the file cannot be read).
fn line_of(file: &Path, pos: u64) -> u64 {
    let Ok(f) = File::open(file) else {
        return 0;
    };
    let mut r = BufReader::new(f.take(pos));
    let mut line = 1u64;
    let mut chunk = [0u8; 64 * 1024];
    while let Ok(n) = r.read(&mut chunk) {
        if n == 0 {
            break;
        }
        line += chunk[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    line
}

/// Read a whole census into memory.
pub fn read_file(path: &Path) -> Result<CinCensus, ReadError> {
    let mut r = ChildReader::open(path)?;
    let mut children = Vec::new();
    while let Some(c) = r.next_child()? {
        children.push(c);
    }
    Ok(CinCensus {
        source: Some(path.to_path_buf()),
        header: r.header().clone(),
        children,
    })
}

/// Read a whole census from bytes; `name` names it in errors.
pub fn read_bytes(bytes: &[u8], name: &Path) -> Result<CinCensus, ReadError> {
    let mut r = ChildReader::from_bytes(bytes, name)?;
    let mut children = Vec::new();
    while let Some(c) = r.next_child()? {
        children.push(c);
    }
    Ok(CinCensus {
        source: Some(name.to_path_buf()),
        header: r.header().clone(),
        children,
    })
}
