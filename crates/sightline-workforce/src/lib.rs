//! `sightline-workforce`: the rules behind the workforce and
//! quality-assurance figures the seeds report beside the children's
//! figures.
//!
//! Why a crate of its own: caseloads, agency, vacancy and turnover rates,
//! caseload limits, the unallocated-cases list, the transfer protocol, rota
//! cover, audit grade distributions, team health-check due dates and VEMT
//! counts are rules over the domain's records
//! ([`sightline_domain::Council`] and
//! [`sightline_domain::quality::QualityRecords`]) that the CLI, the web app
//! and the indicator engine all need, computed the same way.
//!
//! What it deliberately does not do: read or write anything (no I/O), store
//! records, or render them. Every function is pure and takes the date it is
//! asked about, so any figure can be computed at any date.
//!
//! - [`census`]: caseload per case-holding FTE, agency rate, vacancy rate,
//!   turnover (DfE children's social work workforce census definitions,
//!   `indicators.md` §2.26), by council, service or team.
//! - [`caseload`]: each worker's caseload and the configurable limits per
//!   role (newly qualified social workers protected for their first months).
//! - [`allocation`]: the unallocated-cases list (the workload-pressures
//!   meeting's view) and the transfer protocol (pending and overdue
//!   transfers, in working days).
//! - [`rota`]: who is in, per team and working day; days below minimum cover;
//!   refusal of a rota that leaves a team with nobody.
//! - [`assurance`]: audit grades per quarter against the previous quarter,
//!   team health checks due, VEMT counts.

pub mod allocation;
pub mod assurance;
pub mod caseload;
pub mod census;
pub mod rota;

use sightline_domain::{Council, RecordId, Service, Worker};

/// Which part of the council a figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Scope {
    Council,
    Service(Service),
    Team(RecordId),
}

impl Scope {
    /// The team `team` is in this scope.
    pub fn has_team(self, council: &Council, team: RecordId) -> bool {
        match self {
            Self::Council => true,
            Self::Team(t) => t == team,
            Self::Service(s) => council.teams.iter().any(|t| t.id == team && t.service == s),
        }
    }
    pub fn has_worker(self, council: &Council, w: &Worker) -> bool {
        self.has_team(council, w.team)
    }
}

/// Round half away from zero to one decimal place, as the seeds print rates.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `num / den` as a percentage, `None` when the denominator is zero.
pub fn percent(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 * 100.0 / den as f64)
}
