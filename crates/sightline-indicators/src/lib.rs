//! `sightline-indicators`: the indicator engine. Every performance figure in
//! the seed reports, for any council, any as-of date and any period type,
//! with RAG against the council's targets, a short trend, comparators, and a
//! drill-down to the children behind each numerator and denominator.
//!
//! The specification is `indicators.md` (conventions §1, catalogue §2); the
//! implemented catalogue and every choice made where the specification left
//! room are in `docs/INDICATORS.md`.
//!
//! - [`catalogue`]: one definition per indicator id.
//! - [`measures`]: cohort, numerator and denominator of each, with drill-down.
//! - [`prepare`] (private): per-council facts computed once (periods of care,
//!   placements, repeat plans, re-referrals) so many dates cost little.
//! - [`period`], [`value`]: windows, month arithmetic, exact rounding.
//! - [`targets`]: council targets from TOML, RAG and trend.
//! - [`compare`]: published comparators from CSV.
//! - [`publish`]: small-number suppression for published outputs.
//! - [`engine`]: figures, series, explanations, many councils.
//!
//! What it deliberately does not do: read files or the store on its own
//! (callers pass a [`sightline_domain::Council`] loaded from the store, and
//! its [`sightline_domain::quality::QualityRecords`] through
//! [`Engine::with_quality`] for the audit, VEMT and CSE disclosure figures), or keep any copy
//! of the records.

pub mod catalogue;
pub mod compare;
pub mod engine;
pub mod measures;
pub mod params;
pub mod period;
mod prepare;
pub mod publish;
pub mod render;
pub mod targets;
pub mod value;
mod workdays;

pub use catalogue::{CATALOGUE, Definition, Polarity, definition};
pub use compare::{ComparisonRow, Comparisons, PublishedValue};
pub use engine::{
    Config, CouncilFacts, CouncilFigures, Engine, Explanation, Figure, SeriesPoint, explain,
    side_by_side,
};
pub use measures::DrillRow;
pub use params::Params;
pub use period::{PeriodType, Window};
pub use targets::{Rag, Target, Targets, Trend};
pub use value::{Qty, Unit};

/// Errors of the engine. Each names what was wrong and what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error(
        "unknown indicator {0:?}; the ids are listed by `sightline indicators list` and in docs/INDICATORS.md"
    )]
    UnknownIndicator(String),
    #[error("parameter {key} = {value:?}: expected {expected}")]
    BadParam {
        key: String,
        value: String,
        expected: String,
    },
    #[error("unknown parameter {key:?}; the parameters are {known}")]
    UnknownParam { key: String, known: String },
    #[error("{origin}: {place}: {reason}")]
    Targets {
        origin: String,
        place: String,
        reason: String,
    },
    #[error("{origin}: row {row}, column {column}: {reason}")]
    Comparison {
        origin: String,
        row: usize,
        column: String,
        reason: String,
    },
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
}
