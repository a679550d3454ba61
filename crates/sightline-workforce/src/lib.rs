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
//!   per-section grades, open actions, the monthly audit schedule, team
//!   health checks due, VEMT counts, overdue safety plans and SEND risk
//!   assessments.
//! - [`check_records`]: every refusal a save must make (overlapping
//!   employment, an audit by the case's own manager, a rota leaving a team
//!   with nobody, a CSE disclosure for an unknown child or dated after
//!   today), in one place for the CLI and the web app. It is the one
//!   function here that reads the clock (for "today"); the rules
//!   themselves are [`check_records_on`], which takes the date.

pub mod allocation;
pub mod assurance;
pub mod caseload;
pub mod census;
pub mod rota;

use sightline_domain::quality::{QualityError, QualityRecords};
use sightline_domain::{Council, RecordId, Service, Worker};

/// Why a set of workforce and quality records was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Record(#[from] QualityError),
    #[error(transparent)]
    Rota(#[from] rota::EmptyTeam),
    #[error("two {kind} records have id {id}; ids must be unique per kind")]
    DuplicateId { kind: &'static str, id: RecordId },
    #[error(
        "{what}: dated {date}, after today ({today}); a disclosure is recorded once it has happened"
    )]
    FutureDate {
        what: String,
        date: sightline_domain::Date,
        today: sightline_domain::Date,
    },
}

/// Check records before they are saved, as of today's date in England:
/// see [`check_records_on`].
pub fn check_records(council: &Council, rec: &QualityRecords) -> Result<(), Refusal> {
    let today = sightline_domain::calendar::england_date_at(chrono::Utc::now().timestamp());
    check_records_on(council, rec, today)
}

/// Check records before they are saved on `today`: the domain's record
/// checks ([`QualityRecords::check`]: among them a CSE disclosure for a
/// child the council does not hold), unique ids per kind, no CSE disclosure
/// dated after `today`, and rota cover over the span the working patterns
/// and leave cover (at least two weeks from the earliest). The first
/// problem is returned; nothing is changed.
pub fn check_records_on(
    council: &Council,
    rec: &QualityRecords,
    today: sightline_domain::Date,
) -> Result<(), Refusal> {
    fn unique<T>(
        kind: &'static str,
        items: &[T],
        id: impl Fn(&T) -> RecordId,
    ) -> Result<(), Refusal> {
        let mut ids: Vec<RecordId> = items.iter().map(id).collect();
        ids.sort_unstable();
        match ids.windows(2).find(|w| w[0] == w[1]) {
            Some(w) => Err(Refusal::DuplicateId { kind, id: w[0] }),
            None => Ok(()),
        }
    }
    unique("post", &rec.posts, |r| r.id)?;
    unique("working pattern", &rec.patterns, |r| r.id)?;
    unique("leave", &rec.leave, |r| r.id)?;
    unique("audit", &rec.audits, |r| r.id)?;
    unique("audit form", &rec.audit_forms, |r| r.audit)?;
    unique("health check", &rec.health_checks, |r| r.id)?;
    unique("VEMT", &rec.vemt, |r| r.id)?;
    unique("VEMT meeting", &rec.vemt_meetings, |r| r.id)?;
    unique("children's home", &rec.homes, |r| r.id)?;
    unique("transfer rule", &rec.transfer_rules, |r| r.id)?;
    unique("risk plan", &rec.risk_plans, |r| r.id)?;
    unique("CSE disclosure", &rec.cse_disclosures, |r| r.id)?;
    rec.check(council)?;
    if let Some(x) = rec.cse_disclosures.iter().find(|x| x.date > today) {
        return Err(Refusal::FutureDate {
            what: format!("CSE disclosure {}", x.id),
            date: x.date,
            today,
        });
    }
    let starts = rec
        .patterns
        .iter()
        .map(|p| p.from)
        .chain(rec.leave.iter().map(|l| l.first_day));
    if let Some(from) = starts.min() {
        let to = rec
            .leave
            .iter()
            .map(|l| l.last_day)
            .max()
            .unwrap_or(from)
            .max(from + chrono::Duration::days(13));
        let r = rota::Rota::new(&rec.patterns, &rec.leave);
        rota::check_cover(council, &r, from, to)?;
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::tests::*;
    use sightline_domain::quality::{Leave, Post};
    use sightline_domain::{Employment, WorkerRole};

    #[test]
    fn check_records_refuses_duplicates_and_an_empty_team() {
        let s = d(2015, 1, 1);
        let c = council(
            vec![worker(
                1,
                1,
                WorkerRole::SocialWorker,
                Employment::Permanent,
                100,
                s,
                None,
                true,
            )],
            vec![],
        );
        let post = Post {
            id: 1,
            team: 1,
            role: WorkerRole::SocialWorker,
            fte_hundredths: 100,
            case_holding: true,
            start: s,
            end: None,
        };
        let mut rec = QualityRecords {
            posts: vec![post.clone(), post],
            ..QualityRecords::default()
        };
        assert_eq!(
            check_records(&c, &rec),
            Err(Refusal::DuplicateId {
                kind: "post",
                id: 1
            })
        );
        rec.posts.pop();
        assert_eq!(check_records(&c, &rec), Ok(()));
        // The only worker on leave on a working day: team 1 has nobody.
        rec.leave.push(Leave {
            id: 1,
            worker: 1,
            first_day: d(2016, 5, 3),
            last_day: d(2016, 5, 3),
            reason: "annual".into(),
        });
        let e = check_records(&c, &rec).unwrap_err();
        assert!(matches!(e, Refusal::Rota(_)), "{e}");
        assert!(e.to_string().contains("nobody on 2016-05-03"), "{e}");
    }

    #[test]
    fn check_records_refuses_a_cse_disclosure_for_an_unknown_child_or_after_today() {
        use sightline_domain::ChildRecord;
        use sightline_domain::quality::{CseDisclosure, DisclosedTo};
        let mut c = council(vec![], vec![]);
        c.children.push(ChildRecord::new(child("C1")));
        let today = d(2016, 9, 30);
        let x = |id, child: &str, date| CseDisclosure {
            id,
            child: sightline_domain::ChildId::parse(child).unwrap(),
            date,
            disclosed_to: DisclosedTo::SchoolStaff,
            referred_to_police: false,
        };
        let mut rec = QualityRecords {
            cse_disclosures: vec![x(1, "C1", today)],
            ..QualityRecords::default()
        };
        // Disclosed today: accepted.
        assert_eq!(check_records_on(&c, &rec, today), Ok(()));
        // Tomorrow: refused, naming the record and both dates.
        rec.cse_disclosures[0].date = d(2016, 10, 1);
        let e = check_records_on(&c, &rec, today).unwrap_err();
        assert_eq!(
            e.to_string(),
            "CSE disclosure 1: dated 2016-10-01, after today (2016-09-30); a disclosure is recorded once it has happened"
        );
        // An unknown child is refused before the date is looked at.
        rec.cse_disclosures[0] = x(1, "C7", d(2016, 8, 1));
        let e = check_records_on(&c, &rec, today).unwrap_err();
        assert!(e.to_string().contains("no child C7"), "{e}");
        // Two disclosures with one id.
        rec.cse_disclosures = vec![x(2, "C1", today), x(2, "C1", d(2016, 7, 1))];
        assert_eq!(
            check_records_on(&c, &rec, today),
            Err(Refusal::DuplicateId {
                kind: "CSE disclosure",
                id: 2
            })
        );
        // The clock-reading entry point accepts a disclosure from 2016.
        rec.cse_disclosures.pop();
        assert_eq!(check_records(&c, &rec), Ok(()));
    }
}
