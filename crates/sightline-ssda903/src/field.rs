//! One cell of an SSDA903 table, typed but forgiving.
//!
//! Why: the DfE rules report a bad code or date under its own rule (143 for an
//! unknown RNE, 141 for a bad DECOM), so validation must see an invalid value
//! rather than have the reader refuse the whole file; import, on the other
//! hand, must refuse it. A [`Field`] therefore remembers which of the three a
//! cell was: blank, a valid value, or the text that did not parse.
//!
//! What this module does not do: decide whether a value is allowed in a given
//! collection year (placement `K3`, sex `1`/`2`): the rules do that.

use chrono::NaiveDate;
use sightline_domain::CodeList;
use sightline_domain::Date;
use sightline_domain::codes::*;

/// A cell: blank, a value of the expected type, or text that was not one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Blank cell.
    #[default]
    Absent,
    /// A value of the expected type.
    Valid(T),
    /// Filled, but not a value of the expected type (the upper-cased text).
    Invalid(String),
}

impl<T: CellValue> Field<T> {
    /// Parse upper-cased, trimmed cell text.
    pub fn parse(text: &str) -> Self {
        if text.is_empty() {
            Field::Absent
        } else {
            match T::from_cell(text) {
                Some(v) => Field::Valid(v),
                None => Field::Invalid(text.to_string()),
            }
        }
    }
    /// The cell text as it would be written (blank for [`Field::Absent`]).
    pub fn text(&self) -> String {
        match self {
            Field::Absent => String::new(),
            Field::Valid(v) => v.to_cell(),
            Field::Invalid(s) => s.clone(),
        }
    }
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
    /// The cell was filled (valid or not).
    pub fn is_present(&self) -> bool {
        !matches!(self, Field::Absent)
    }
    pub fn is_blank(&self) -> bool {
        matches!(self, Field::Absent)
    }
    pub fn is_invalid(&self) -> bool {
        matches!(self, Field::Invalid(_))
    }
}

impl<T: PartialEq> Field<T> {
    /// Holds exactly `v`.
    pub fn is(&self, v: T) -> bool {
        matches!(self, Field::Valid(x) if *x == v)
    }
    /// Holds one of `vs`.
    pub fn is_any(&self, vs: &[T]) -> bool {
        matches!(self, Field::Valid(x) if vs.contains(x))
    }
}

impl<T: Copy> From<Option<T>> for Field<T> {
    fn from(o: Option<T>) -> Self {
        match o {
            Some(v) => Field::Valid(v),
            None => Field::Absent,
        }
    }
}

/// A value that can sit in a cell: parsed from and written as SSDA903 text.
pub trait CellValue: Sized {
    /// Parse upper-cased, trimmed, non-empty text.
    fn from_cell(s: &str) -> Option<Self>;
    /// The text written to a file.
    fn to_cell(&self) -> String;
}

impl CellValue for NaiveDate {
    fn from_cell(s: &str) -> Option<Self> {
        parse_date(s)
    }
    fn to_cell(&self) -> String {
        self.format("%d/%m/%Y").to_string()
    }
}

/// Parse `dd/mm/yyyy` strictly: two-digit day and month, four-digit year
/// (the peer's `%d/%m/%Y` also accepts one-digit day and month; so do we).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    // Fast path: exactly dd/mm/yyyy.
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    let mut parts = s.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || d.is_empty()
        || d.len() > 2
        || m.is_empty()
        || m.len() > 2
        || y.len() != 4
        || !b.iter().all(|c| c.is_ascii_digit() || *c == b'/')
    {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A yes/no item written `1`/`0`.
impl CellValue for bool {
    fn from_cell(s: &str) -> Option<Self> {
        match s {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
    fn to_cell(&self) -> String {
        if *self { "1" } else { "0" }.to_string()
    }
}

/// A small whole number (SDQ score, number of adopters); range checks are rules.
impl CellValue for u8 {
    fn from_cell(s: &str) -> Option<Self> {
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    }
    fn to_cell(&self) -> String {
        self.to_string()
    }
}

macro_rules! code_cells {
    ($($t:ty),+ $(,)?) => {
        $(impl CellValue for $t {
            fn from_cell(s: &str) -> Option<Self> {
                <$t as CodeList>::parse(s).ok()
            }
            fn to_cell(&self) -> String {
                CodeList::code(*self).to_string()
            }
        })+
    };
}

code_cells!(
    Sex,
    Ethnicity,
    ReasonNewEpisode,
    LegalStatus,
    CategoryOfNeed,
    PlacementType,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
    ReviewParticipation,
    SdqReason,
    InTouch,
    CareLeaverActivity,
    CareLeaverAccommodation,
    SexOfAdopters,
    LegalStatusOfAdopters,
    ReasonPlacedCeased,
    PreviousPermanence,
    SocialWorkerChangeReason,
    MissingKind,
);

/// Resolve a date that may hold `ZZ` for an unknown day or month and `ZZZZ`
/// for an unknown year (PrevPerm `DATE_PERM`, SWEpisodes dates) to the latest
/// date it could mean, as the DfE tools do (`ZZ/ZZ/2015` → 31/12/2015).
/// An unknown year cannot be resolved.
pub fn parse_zz_date(s: &str) -> Option<Date> {
    if !s.contains('Z') {
        return parse_date(s);
    }
    let mut parts = s.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y == "ZZZZ" {
        return None;
    }
    let year: i32 = if y.len() == 4 {
        y.parse().ok()?
    } else {
        return None;
    };
    let month: u32 = if m == "ZZ" { 12 } else { m.parse().ok()? };
    if d == "ZZ" {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        next.pred_opt()
    } else {
        NaiveDate::from_ymd_opt(year, month, d.parse().ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_remember_invalid_text() {
        assert_eq!(Field::<LegalStatus>::parse(""), Field::Absent);
        assert_eq!(
            Field::<LegalStatus>::parse("C2"),
            Field::Valid(LegalStatus::FullCareOrder)
        );
        assert_eq!(
            Field::<LegalStatus>::parse("C9"),
            Field::Invalid("C9".into())
        );
        assert_eq!(Field::<Date>::parse("31/02/2024").text(), "31/02/2024");
        assert_eq!(Field::<Date>::parse("1/4/2024").text(), "01/04/2024");
        assert!(Field::<Date>::parse("2024-04-01").is_invalid());
        assert!(Field::<Date>::parse("01/04/24").is_invalid());
        assert_eq!(Field::<bool>::parse("1"), Field::Valid(true));
        assert!(Field::<bool>::parse("2").is_invalid());
        assert!(Field::<u8>::parse("-1").is_invalid());
        assert!(Field::<u8>::parse("999").is_invalid());
    }

    #[test]
    fn zz_dates_resolve_to_the_latest_possible_day() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_zz_date("ZZ/ZZ/2015"), Some(d(2015, 12, 31)));
        assert_eq!(parse_zz_date("ZZ/02/2016"), Some(d(2016, 2, 29)));
        assert_eq!(parse_zz_date("05/ZZ/2016"), Some(d(2016, 12, 5)));
        assert_eq!(parse_zz_date("ZZ/ZZ/ZZZZ"), None);
        assert_eq!(parse_zz_date("12/03/2016"), Some(d(2016, 3, 12)));
        assert_eq!(parse_zz_date("32/03/2016"), None);
    }
}
