//! `sightline-finance`: the money rules behind a children's services finance
//! report and an improvement board's exception report.
//!
//! Why: seed 003 reports budget lines (independent fostering, agency
//! residential placements, social work staffing) against a projected
//! outturn, seed 001 reviews every external residential placement to step
//! children down, and the strategic improvement board sees only exceptions.
//! Each of those is a pure rule over the domain's records
//! (`sightline_domain::improvement`), kept here so the CLI, web app and
//! reports print the same figures and each rule is tested against
//! hand-worked examples.
//!
//! What it deliberately does not do: read or write the store, render
//! reports, or decide who may see finance detail. Money is integer pence
//! throughout; the only rounding is documented in [`cost`].
//!
//! - [`cost`]: daily pro-rating of weekly placement costs, the provider-type
//!   mapping from SSDA903 placement codes, and a default cost table.
//! - [`outturn`]: projected outturn and variance by budget line.
//! - [`residential`]: the external residential review and its savings.
//! - [`staffing`]: agency vs permanent staffing cost per team.
//! - [`board`]: the strategic board's exception report and change log.

pub mod board;
pub mod cost;
pub mod outturn;
pub mod residential;
pub mod staffing;

pub use board::{Change, Exception, ExceptionReason, change_log, exception_report};
pub use cost::{CostTable, cost_between, placement_costs_of, provider_type_of};
pub use outturn::{LineOutturn, project_budget, project_line, project_placements};
pub use residential::{ResidentialRow, ResidentialSummary, residential_review};
pub use staffing::{TeamStaffing, staffing_cost};

/// Why a finance rule could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FinanceError {
    #[error("no staff cost rate for {role} ({employment}): add one before costing staffing")]
    MissingRate { role: String, employment: String },
    #[error("{0}")]
    Invalid(String),
}
