//! `sightline-domain`: the vocabulary of children's social care as Rust types.
//!
//! Everything else in Sightline speaks these types: the store persists them,
//! the returns read and write them, the indicators measure them and the web
//! app shows and edits them.
//!
//! - [`codes`]: the DfE code lists (legal status, placement type, category of
//!   abuse, ...) as enums, parsed at the boundary.
//! - [`ids`]: the council's DfE number, the LA child id, the UPN.
//! - [`calendar`]: working days with England and Wales bank holidays,
//!   collection years, ages.
//! - [`journey`]: the child's records (referrals, assessments, S47s, ICPCs,
//!   CP plans, looked-after episodes, periods of care, reviews, ...) and the
//!   chronology built from them.
//! - [`la`]: the English local authorities and their child populations.
//!
//! Architecture invariant: this crate does no I/O and knows no database,
//! file format or web framework.

pub mod calendar;
pub mod codes;
pub mod ids;
pub mod improvement;
pub mod journey;
pub mod la;
pub mod quality;

pub use calendar::{CollectionYear, Date};
pub use codes::CodeList;
pub use ids::{ChildId, LaNumber, Upn};
pub use journey::*;
