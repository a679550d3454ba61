//! Identifiers that cross system boundaries: the council's DfE number, the
//! LA's own child identifier, and the Unique Pupil Number.
//!
//! Each is parsed once, where it enters (a file, a form, a command line), and
//! is valid from then on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An identifier did not have the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("expected a three-digit DfE LA number such as 806, found {0:?}")]
    LaNumber(String),
    #[error(
        "expected a child identifier of 1 to 20 letters and digits (no spaces or punctuation), found {0:?}"
    )]
    ChildId(String),
    #[error(
        "expected a 13-character UPN (check letter, 3-digit LA number, 9 digits or 8 digits and a letter), found {0:?}"
    )]
    UpnShape(String),
    #[error("UPN {upn:?} has check letter {found}, expected {expected}")]
    UpnCheckLetter {
        upn: String,
        found: char,
        expected: char,
    },
}

/// A council's three-digit DfE local authority number (806 is Middlesbrough).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct LaNumber(u16);

impl LaNumber {
    pub fn new(n: u16) -> Result<Self, IdError> {
        if (1..=999).contains(&n) {
            Ok(Self(n))
        } else {
            Err(IdError::LaNumber(n.to_string()))
        }
    }
    pub fn get(self) -> u16 {
        self.0
    }
    /// Parse `"806"` (also `"0806"`-style zero padding is refused: DfE numbers are three digits).
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.len() != 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::LaNumber(t.to_string()));
        }
        t.parse::<u16>()
            .map_err(|_| IdError::LaNumber(t.to_string()))
            .and_then(Self::new)
    }
}

impl TryFrom<u16> for LaNumber {
    type Error = IdError;
    fn try_from(n: u16) -> Result<Self, IdError> {
        Self::new(n)
    }
}
impl From<LaNumber> for u16 {
    fn from(l: LaNumber) -> u16 {
        l.0
    }
}
impl fmt::Display for LaNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// The LA's own identifier for a child (903 `CHILD`, CIN `LAchildID`):
/// 1–20 ASCII letters and digits, stable across years.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChildId(String);

impl ChildId {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.is_empty() || t.len() > 20 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(IdError::ChildId(t.to_string()));
        }
        Ok(Self(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for ChildId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::parse(&s)
    }
}
impl From<ChildId> for String {
    fn from(c: ChildId) -> String {
        c.0
    }
}
impl fmt::Display for ChildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Unique Pupil Number: check letter, the allocating LA's number, then
/// digits (a temporary UPN ends in a letter).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Upn(String);

const UPN_CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

impl Upn {
    /// Parse and check a UPN, including its check letter where the last
    /// character is a digit (the DfE tools skip the check for temporary UPNs).
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim().to_ascii_uppercase();
        let b = t.as_bytes();
        let shape_ok = b.len() == 13
            && UPN_CHECK_LETTERS.contains(&b[0])
            && b[1..12].iter().all(|c| c.is_ascii_digit())
            && (b[12].is_ascii_digit() || UPN_CHECK_LETTERS.contains(&b[12]));
        if !shape_ok {
            return Err(IdError::UpnShape(t));
        }
        if b[12].is_ascii_digit() {
            let expected =
                Self::check_letter(&t[1..]).ok_or_else(|| IdError::UpnShape(t.clone()))?;
            if expected != b[0] as char {
                return Err(IdError::UpnCheckLetter {
                    upn: t.clone(),
                    found: b[0] as char,
                    expected,
                });
            }
        }
        Ok(Self(t))
    }

    /// The check letter for the twelve characters after it (all digits).
    pub fn check_letter(rest: &str) -> Option<char> {
        if rest.len() != 12 || !rest.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = rest
            .bytes()
            .enumerate()
            .map(|(i, c)| (i as u32 + 2) * u32::from(c - b'0'))
            .sum();
        Some(UPN_CHECK_LETTERS[(sum % 23) as usize] as char)
    }

    /// Build a valid permanent UPN from an LA number and a nine-digit serial.
    pub fn from_parts(la: LaNumber, serial: u32) -> Self {
        let rest = format!("{:03}{:09}", la.get(), serial % 1_000_000_000);
        let letter = Self::check_letter(&rest).unwrap_or('A');
        Self(format!("{letter}{rest}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Upn {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::parse(&s)
    }
}
impl From<Upn> for String {
    fn from(u: Upn) -> String {
        u.0
    }
}
impl fmt::Display for Upn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upn_check_letter_matches_the_dfe_worked_example() {
        assert_eq!(Upn::check_letter("201123456780"), Some('M'));
        assert!(Upn::parse("M201123456780").is_ok());
        assert!(matches!(
            Upn::parse("A201123456780"),
            Err(IdError::UpnCheckLetter { expected: 'M', .. })
        ));
        assert!(matches!(
            Upn::parse("M20112345678"),
            Err(IdError::UpnShape(_))
        ));
        // Temporary UPN ending in a letter: check letter not tested.
        assert!(Upn::parse("A20112345678A").is_ok());
    }

    #[test]
    fn generated_upns_validate() {
        let la = LaNumber::parse("806").unwrap();
        for serial in [0, 1, 12345, 999_999_999] {
            let u = Upn::from_parts(la, serial);
            assert_eq!(Upn::parse(u.as_str()), Ok(u));
        }
    }

    #[test]
    fn la_number_and_child_id() {
        assert_eq!(LaNumber::parse("806").unwrap().to_string(), "806");
        assert!(LaNumber::parse("86").is_err());
        assert!(LaNumber::parse("E06000002").is_err());
        assert!(ChildId::parse("ABC123").is_ok());
        assert!(ChildId::parse("ABC-123").is_err());
        assert!(ChildId::parse("").is_err());
        assert!(ChildId::parse("123456789012345678901").is_err());
    }
}
