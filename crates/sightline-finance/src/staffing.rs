//! Staffing cost per team, agency against permanent (seeds 003 and 004:
//! the social work staffing overspend is "largely as a result of the cost
//! of employing agency staff").
//!
//! Rule: a worker costs their role and employment's yearly rate per FTE ×
//! FTE × days in post within the window (start to the day before the
//! leaving date) ÷ days in the financial year,
//! computed exactly and rounded half up to the penny once per worker. A
//! worker whose role has no rate is an error, never a silent £0. This
//! module does not know pay scales: the council stores its rates.

use serde::Serialize;
use sightline_domain::improvement::{FinancialYear, Pence, StaffCostRate};
use sightline_domain::{Date, Employment, RecordId, Team, Worker};

use crate::FinanceError;
use crate::cost::overlap_days;

/// One team's staffing cost over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamStaffing {
    pub team: RecordId,
    pub name: String,
    pub permanent: Pence,
    pub agency: Pence,
    /// FTE in hundredths in post on the window's last day.
    pub permanent_fte: u32,
    pub agency_fte: u32,
}

impl TeamStaffing {
    pub fn total(&self) -> Pence {
        self.permanent + self.agency
    }
}

/// The cost of one worker over `[from, to]` within `year`.
pub fn worker_cost(
    w: &Worker,
    rates: &[StaffCostRate],
    year: FinancialYear,
    from: Date,
    to: Date,
) -> Result<Pence, FinanceError> {
    let rate = rates
        .iter()
        .find(|r| r.role == w.role && r.employment == w.employment)
        .ok_or_else(|| FinanceError::MissingRate {
            role: w.role.label().to_string(),
            employment: match w.employment {
                Employment::Agency => "agency".into(),
                Employment::Permanent => "permanent".into(),
            },
        })?;
    // `Worker::end` is the leaving date (not in post that day).
    let end = w.end.map(|e| e.pred_opt().unwrap_or(e));
    let days = if w.end.is_some_and(|e| e <= w.start) {
        0
    } else {
        overlap_days(w.start, end, from.max(year.start()), to.min(year.end()))
    };
    let n = i128::from(rate.annual_per_fte.0) * i128::from(w.fte_hundredths) * i128::from(days);
    let den = 100 * i128::from(year.days());
    Ok(Pence(
        i64::try_from((n + den / 2) / den).unwrap_or(i64::MAX),
    ))
}

/// Agency and permanent cost per team over `[from, to]` (clipped to the
/// financial year), teams in the council's order; workers of unknown teams
/// are costed under a team named "Unknown team".
pub fn staffing_cost(
    teams: &[Team],
    workers: &[Worker],
    rates: &[StaffCostRate],
    year: FinancialYear,
    from: Date,
    to: Date,
) -> Result<Vec<TeamStaffing>, FinanceError> {
    let mut out: Vec<TeamStaffing> = teams
        .iter()
        .map(|t| TeamStaffing {
            team: t.id,
            name: t.name.clone(),
            permanent: Pence::ZERO,
            agency: Pence::ZERO,
            permanent_fte: 0,
            agency_fte: 0,
        })
        .collect();
    let last = to.min(year.end());
    for w in workers {
        let cost = worker_cost(w, rates, year, from, to)?;
        let i = match out.iter().position(|t| t.team == w.team) {
            Some(i) => i,
            None => {
                out.push(TeamStaffing {
                    team: w.team,
                    name: "Unknown team".into(),
                    permanent: Pence::ZERO,
                    agency: Pence::ZERO,
                    permanent_fte: 0,
                    agency_fte: 0,
                });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        let in_post = w.is_in_post_on(last);
        match w.employment {
            Employment::Permanent => {
                t.permanent += cost;
                if in_post {
                    t.permanent_fte += u32::from(w.fte_hundredths);
                }
            }
            Employment::Agency => {
                t.agency += cost;
                if in_post {
                    t.agency_fte += u32::from(w.fte_hundredths);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_domain::{Service, WorkerRole};

    fn d(s: &str) -> Date {
        sightline_domain::calendar::parse_iso_date(s).unwrap()
    }

    fn worker(id: i64, emp: Employment, fte: u16, start: &str, end: Option<&str>) -> Worker {
        Worker {
            id,
            sw_id: format!("SW{id}"),
            name: format!("W{id}"),
            team: 1,
            role: WorkerRole::SocialWorker,
            employment: emp,
            fte_hundredths: fte,
            start: d(start),
            end: end.map(d),
            qualified: None,
            case_holding: true,
        }
    }

    fn rates() -> Vec<StaffCostRate> {
        vec![
            StaffCostRate {
                role: WorkerRole::SocialWorker,
                employment: Employment::Permanent,
                annual_per_fte: Pence::pounds(47_450),
            },
            StaffCostRate {
                role: WorkerRole::SocialWorker,
                employment: Employment::Agency,
                annual_per_fte: Pence::pounds(73_000),
            },
        ]
    }

    #[test]
    fn hand_worked_team_cost() {
        let teams = vec![Team {
            id: 1,
            name: "Assessment 1".into(),
            service: Service::FrontDoor,
        }];
        let workers = vec![
            // Full year, full time: £47,450.
            worker(1, Employment::Permanent, 100, "2020-01-01", None),
            // Half time from 1 October: 182/365 × 0.5 × £47,450 = £11,830.
            worker(2, Employment::Permanent, 50, "2025-10-01", None),
            // Agency for April–June (91 days): 91/365 × £73,000 = £18,200.
            worker(3, Employment::Agency, 100, "2025-03-01", Some("2025-07-01")),
        ];
        let y = FinancialYear(2025);
        let out = staffing_cost(&teams, &workers, &rates(), y, y.start(), y.end()).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].permanent, Pence::pounds(47_450 + 11_830));
        assert_eq!(out[0].agency, Pence::pounds(18_200));
        assert_eq!(out[0].permanent_fte, 150);
        assert_eq!(out[0].agency_fte, 0, "left in June");
    }

    #[test]
    fn a_role_without_a_rate_is_an_error() {
        let mut w = worker(1, Employment::Agency, 100, "2025-04-01", None);
        w.role = WorkerRole::TeamManager;
        let y = FinancialYear(2025);
        let e = staffing_cost(&[], &[w], &rates(), y, y.start(), y.end()).unwrap_err();
        assert!(e.to_string().contains("agency"), "{e}");
    }
}
