//! The SSDA903 tables: their columns in DfE order and one typed row struct each.
//!
//! Why: every other module (reader, writer, rules, mapping) speaks these rows;
//! naming the columns once, in the order the DfE publishes them, keeps the
//! reader's table recognition and the writer's column order from drifting.
//!
//! What this module does not do: read or write files, or judge values.

use std::collections::BTreeSet;
use std::fmt;

use sightline_domain::Date;
use sightline_domain::codes::*;

use crate::field::{CellValue, Field};

/// One of the SSDA903 tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Header,
    Episodes,
    Reviews,
    Uasc,
    Oc2,
    Oc3,
    Ad1,
    PlacedAdoption,
    PrevPerm,
    Missing,
    SwEpisodes,
}

impl Table {
    pub const ALL: [Table; 11] = [
        Table::Header,
        Table::Episodes,
        Table::Reviews,
        Table::Uasc,
        Table::Oc2,
        Table::Oc3,
        Table::Ad1,
        Table::PlacedAdoption,
        Table::PrevPerm,
        Table::Missing,
        Table::SwEpisodes,
    ];

    /// Name used in findings and as the written file's stem (`episodes.csv`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Header => "header",
            Table::Episodes => "episodes",
            Table::Reviews => "reviews",
            Table::Uasc => "uasc",
            Table::Oc2 => "oc2",
            Table::Oc3 => "oc3",
            Table::Ad1 => "ad1",
            Table::PlacedAdoption => "placed_for_adoption",
            Table::PrevPerm => "previous_permanence",
            Table::Missing => "missing",
            Table::SwEpisodes => "social_worker",
        }
    }

    /// The DfE's name for the table (as the peer validator calls it).
    pub fn dfe_name(self) -> &'static str {
        match self {
            Table::Header => "Header",
            Table::Episodes => "Episodes",
            Table::Reviews => "Reviews",
            Table::Uasc => "UASC",
            Table::Oc2 => "OC2",
            Table::Oc3 => "OC3",
            Table::Ad1 => "AD1",
            Table::PlacedAdoption => "PlacedAdoption",
            Table::PrevPerm => "PrevPerm",
            Table::Missing => "Missing",
            Table::SwEpisodes => "SWEpisodes",
        }
    }

    /// Columns in DfE order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Header => HeaderRow::COLUMNS,
            Table::Episodes => EpisodeRow::COLUMNS,
            Table::Reviews => ReviewRow::COLUMNS,
            Table::Uasc => UascRow::COLUMNS,
            Table::Oc2 => Oc2Row::COLUMNS,
            Table::Oc3 => Oc3Row::COLUMNS,
            Table::Ad1 => Ad1Row::COLUMNS,
            Table::PlacedAdoption => PlacedAdoptionRow::COLUMNS,
            Table::PrevPerm => PrevPermRow::COLUMNS,
            Table::Missing => MissingRow::COLUMNS,
            Table::SwEpisodes => SwEpisodeRow::COLUMNS,
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dfe_name())
    }
}

/// How a cell type is read from and written to text.
pub trait Cell: Sized {
    fn read(text: &str) -> Self;
    fn write(&self) -> String;
}

impl Cell for String {
    fn read(text: &str) -> Self {
        text.to_string()
    }
    fn write(&self) -> String {
        self.clone()
    }
}

impl<T: CellValue> Cell for Field<T> {
    fn read(text: &str) -> Self {
        Field::parse(text)
    }
    fn write(&self) -> String {
        self.text()
    }
}

macro_rules! table_row {
    ($(#[$m:meta])* $name:ident { $( $f:ident : $t:ty = $col:literal ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            /// Row in the file, 1-based, the header row being row 1.
            pub row: u64,
            $( #[doc = concat!("`", $col, "`")] pub $f: $t ),+
        }

        impl $name {
            /// Columns in DfE order.
            pub const COLUMNS: &'static [&'static str] = &[$($col),+];

            /// Build a row from cells given in [`Self::COLUMNS`] order
            /// (upper-cased and trimmed by the caller).
            pub fn from_cells(row: u64, cells: &[&str]) -> Self {
                let mut it = cells.iter();
                Self {
                    row,
                    $( $f: <$t as Cell>::read(it.next().copied().unwrap_or("")) ),+
                }
            }

            /// Cells in DfE column order.
            pub fn to_cells(&self) -> Vec<String> {
                vec![$( Cell::write(&self.$f) ),+]
            }
        }
    };
}

table_row! {
    /// Header: one row per child.
    HeaderRow {
        child: String = "CHILD",
        sex: Field<Sex> = "SEX",
        dob: Field<Date> = "DOB",
        ethnic: Field<Ethnicity> = "ETHNIC",
        upn: String = "UPN",
        mother: Field<bool> = "MOTHER",
        mc_dob: Field<Date> = "MC_DOB",
    }
}

table_row! {
    /// Episodes: one row per looked-after episode.
    EpisodeRow {
        child: String = "CHILD",
        decom: Field<Date> = "DECOM",
        rne: Field<ReasonNewEpisode> = "RNE",
        ls: Field<LegalStatus> = "LS",
        cin: Field<CategoryOfNeed> = "CIN",
        place: Field<PlacementType> = "PLACE",
        place_provider: Field<PlacementProvider> = "PLACE_PROVIDER",
        dec: Field<Date> = "DEC",
        rec: Field<ReasonEpisodeCeased> = "REC",
        reason_place_change: Field<ReasonPlaceChange> = "REASON_PLACE_CHANGE",
        home_post: String = "HOME_POST",
        pl_post: String = "PL_POST",
        urn: String = "URN",
    }
}

table_row! {
    /// Reviews: statutory reviews of the child's case.
    ReviewRow {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        review: Field<Date> = "REVIEW",
        review_code: Field<ReviewParticipation> = "REVIEW_CODE",
    }
}

table_row! {
    /// UASC: unaccompanied asylum-seeking children.
    UascRow {
        child: String = "CHILD",
        sex: Field<Sex> = "SEX",
        dob: Field<Date> = "DOB",
        duc: Field<Date> = "DUC",
    }
}

table_row! {
    /// OC2: outcomes for children looked after continuously for 12 months.
    Oc2Row {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        sdq_score: Field<u8> = "SDQ_SCORE",
        sdq_reason: Field<SdqReason> = "SDQ_REASON",
        convicted: Field<bool> = "CONVICTED",
        health_check: Field<bool> = "HEALTH_CHECK",
        immunisations: Field<bool> = "IMMUNISATIONS",
        teeth_check: Field<bool> = "TEETH_CHECK",
        health_assessment: Field<bool> = "HEALTH_ASSESSMENT",
        substance_misuse: Field<bool> = "SUBSTANCE_MISUSE",
        intervention_received: Field<bool> = "INTERVENTION_RECEIVED",
        intervention_offered: Field<bool> = "INTERVENTION_OFFERED",
    }
}

table_row! {
    /// OC3: care leavers around their 17th to 21st birthdays.
    Oc3Row {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        in_touch: Field<InTouch> = "IN_TOUCH",
        activ: Field<CareLeaverActivity> = "ACTIV",
        accom: Field<CareLeaverAccommodation> = "ACCOM",
    }
}

table_row! {
    /// AD1: children adopted from care in the year.
    Ad1Row {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        date_int: Field<Date> = "DATE_INT",
        date_match: Field<Date> = "DATE_MATCH",
        foster_care: Field<bool> = "FOSTER_CARE",
        nb_adoptr: Field<u8> = "NB_ADOPTR",
        sex_adoptr: Field<SexOfAdopters> = "SEX_ADOPTR",
        ls_adoptr: Field<LegalStatusOfAdopters> = "LS_ADOPTR",
    }
}

table_row! {
    /// PlacedAdoption: decisions that the child should be placed for adoption.
    PlacedAdoptionRow {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        date_placed: Field<Date> = "DATE_PLACED",
        date_placed_ceased: Field<Date> = "DATE_PLACED_CEASED",
        reason_placed_ceased: Field<ReasonPlacedCeased> = "REASON_PLACED_CEASED",
    }
}

table_row! {
    /// PrevPerm: permanence before this period of care.
    PrevPermRow {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        prev_perm: Field<PreviousPermanence> = "PREV_PERM",
        la_perm: String = "LA_PERM",
        date_perm: String = "DATE_PERM",
    }
}

table_row! {
    /// Missing: missing or away from placement without authorisation.
    MissingRow {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        missing: Field<MissingKind> = "MISSING",
        mis_start: Field<Date> = "MIS_START",
        mis_end: Field<Date> = "MIS_END",
    }
}

table_row! {
    /// SWEpisodes: the child's social workers.
    SwEpisodeRow {
        child: String = "CHILD",
        dob: Field<Date> = "DOB",
        sw_id: String = "SW_ID",
        sw_decom: String = "SW_DECOM",
        sw_dec: String = "SW_DEC",
        sw_reason: Field<SocialWorkerChangeReason> = "SW_REASON",
    }
}

/// A whole SSDA903 return: every table, as read (or as built for writing).
///
/// `supplied` records which tables were present: as in the DfE tools, a rule
/// that reads a table that was not supplied at all does not run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Return903 {
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub reviews: Vec<ReviewRow>,
    pub uasc: Vec<UascRow>,
    pub oc2: Vec<Oc2Row>,
    pub oc3: Vec<Oc3Row>,
    pub ad1: Vec<Ad1Row>,
    pub placed_adoption: Vec<PlacedAdoptionRow>,
    pub prev_perm: Vec<PrevPermRow>,
    pub missing: Vec<MissingRow>,
    pub sw_episodes: Vec<SwEpisodeRow>,
    pub supplied: BTreeSet<Table>,
}

impl Return903 {
    /// A return with every table supplied and empty.
    pub fn empty_with_all_tables() -> Self {
        Self {
            supplied: Table::ALL.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Number of data rows in `t`.
    pub fn len(&self, t: Table) -> usize {
        match t {
            Table::Header => self.header.len(),
            Table::Episodes => self.episodes.len(),
            Table::Reviews => self.reviews.len(),
            Table::Uasc => self.uasc.len(),
            Table::Oc2 => self.oc2.len(),
            Table::Oc3 => self.oc3.len(),
            Table::Ad1 => self.ad1.len(),
            Table::PlacedAdoption => self.placed_adoption.len(),
            Table::PrevPerm => self.prev_perm.len(),
            Table::Missing => self.missing.len(),
            Table::SwEpisodes => self.sw_episodes.len(),
        }
    }

    /// Cells of every row of `t`, in DfE column order.
    pub fn rows_as_cells(&self, t: Table) -> Vec<Vec<String>> {
        fn all<R>(rows: &[R], f: impl Fn(&R) -> Vec<String>) -> Vec<Vec<String>> {
            rows.iter().map(f).collect()
        }
        match t {
            Table::Header => all(&self.header, HeaderRow::to_cells),
            Table::Episodes => all(&self.episodes, EpisodeRow::to_cells),
            Table::Reviews => all(&self.reviews, ReviewRow::to_cells),
            Table::Uasc => all(&self.uasc, UascRow::to_cells),
            Table::Oc2 => all(&self.oc2, Oc2Row::to_cells),
            Table::Oc3 => all(&self.oc3, Oc3Row::to_cells),
            Table::Ad1 => all(&self.ad1, Ad1Row::to_cells),
            Table::PlacedAdoption => all(&self.placed_adoption, PlacedAdoptionRow::to_cells),
            Table::PrevPerm => all(&self.prev_perm, PrevPermRow::to_cells),
            Table::Missing => all(&self.missing, MissingRow::to_cells),
            Table::SwEpisodes => all(&self.sw_episodes, SwEpisodeRow::to_cells),
        }
    }

    /// Append a row of `t` from cells in DfE column order.
    pub fn push_cells(&mut self, t: Table, row: u64, cells: &[&str]) {
        match t {
            Table::Header => self.header.push(HeaderRow::from_cells(row, cells)),
            Table::Episodes => self.episodes.push(EpisodeRow::from_cells(row, cells)),
            Table::Reviews => self.reviews.push(ReviewRow::from_cells(row, cells)),
            Table::Uasc => self.uasc.push(UascRow::from_cells(row, cells)),
            Table::Oc2 => self.oc2.push(Oc2Row::from_cells(row, cells)),
            Table::Oc3 => self.oc3.push(Oc3Row::from_cells(row, cells)),
            Table::Ad1 => self.ad1.push(Ad1Row::from_cells(row, cells)),
            Table::PlacedAdoption => self
                .placed_adoption
                .push(PlacedAdoptionRow::from_cells(row, cells)),
            Table::PrevPerm => self.prev_perm.push(PrevPermRow::from_cells(row, cells)),
            Table::Missing => self.missing.push(MissingRow::from_cells(row, cells)),
            Table::SwEpisodes => self.sw_episodes.push(SwEpisodeRow::from_cells(row, cells)),
        }
    }

    /// Move table `t`'s rows from `other` into `self` (replacing them).
    pub fn take_table(&mut self, t: Table, mut other: Return903) {
        use std::mem::take;
        match t {
            Table::Header => self.header = take(&mut other.header),
            Table::Episodes => self.episodes = take(&mut other.episodes),
            Table::Reviews => self.reviews = take(&mut other.reviews),
            Table::Uasc => self.uasc = take(&mut other.uasc),
            Table::Oc2 => self.oc2 = take(&mut other.oc2),
            Table::Oc3 => self.oc3 = take(&mut other.oc3),
            Table::Ad1 => self.ad1 = take(&mut other.ad1),
            Table::PlacedAdoption => self.placed_adoption = take(&mut other.placed_adoption),
            Table::PrevPerm => self.prev_perm = take(&mut other.prev_perm),
            Table::Missing => self.missing = take(&mut other.missing),
            Table::SwEpisodes => self.sw_episodes = take(&mut other.sw_episodes),
        }
    }

    /// Renumber every table's rows 2, 3, ... (as they would be written).
    pub fn renumber(&mut self) {
        fn go<R>(rows: &mut [R], set: impl Fn(&mut R, u64)) {
            for (i, r) in rows.iter_mut().enumerate() {
                set(r, i as u64 + 2);
            }
        }
        go(&mut self.header, |r, n| r.row = n);
        go(&mut self.episodes, |r, n| r.row = n);
        go(&mut self.reviews, |r, n| r.row = n);
        go(&mut self.uasc, |r, n| r.row = n);
        go(&mut self.oc2, |r, n| r.row = n);
        go(&mut self.oc3, |r, n| r.row = n);
        go(&mut self.ad1, |r, n| r.row = n);
        go(&mut self.placed_adoption, |r, n| r.row = n);
        go(&mut self.prev_perm, |r, n| r.row = n);
        go(&mut self.missing, |r, n| r.row = n);
        go(&mut self.sw_episodes, |r, n| r.row = n);
    }
}
