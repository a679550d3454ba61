//! Rota cover: for each team and working day, who is in (in post, working
//! that day under their pattern, not on leave), with days below a minimum
//! flagged; and the refusal of a rota that leaves a team with nobody.
//!
//! A worker's pattern is their latest [`WorkingPatternRecord`] starting on or
//! before the day; with none they work full time. Weekends and England and
//! Wales bank holidays are not working days.
//!
//! What it does not do: plan a rota or suggest swaps.

use std::collections::HashMap;

use serde::Serialize;
use sightline_domain::calendar::is_working_day;
use sightline_domain::quality::{Leave, WorkingPattern, WorkingPatternRecord};
use sightline_domain::{Council, Date, RecordId};

/// Who is in on one working day in one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCover {
    pub team: RecordId,
    pub date: Date,
    /// Worker ids, ascending.
    pub present: Vec<RecordId>,
    pub below_minimum: bool,
}

/// The rota left a team with nobody on a working day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the rota leaves team {team_name:?} (team {team}) with nobody on {date}: change a working pattern or the leave so that someone is in"
)]
pub struct EmptyTeam {
    pub team: RecordId,
    pub team_name: String,
    pub date: Date,
}

/// Patterns and leave indexed by worker, built once per view.
pub struct Rota<'a> {
    patterns: HashMap<RecordId, Vec<&'a WorkingPatternRecord>>,
    leave: HashMap<RecordId, Vec<&'a Leave>>,
}

impl<'a> Rota<'a> {
    pub fn new(patterns: &'a [WorkingPatternRecord], leave: &'a [Leave]) -> Self {
        let mut p: HashMap<RecordId, Vec<&WorkingPatternRecord>> = HashMap::new();
        for r in patterns {
            p.entry(r.worker).or_default().push(r);
        }
        for v in p.values_mut() {
            v.sort_by_key(|r| r.from);
        }
        let mut l: HashMap<RecordId, Vec<&Leave>> = HashMap::new();
        for r in leave {
            l.entry(r.worker).or_default().push(r);
        }
        Self {
            patterns: p,
            leave: l,
        }
    }

    /// `worker` works on `day` (a working day) under their pattern and is
    /// not on leave.
    pub fn works(&self, worker: RecordId, day: Date) -> bool {
        let pattern = self
            .patterns
            .get(&worker)
            .and_then(|v| v.iter().rev().find(|r| r.from <= day))
            .map_or(&WorkingPattern::FullTime, |r| &r.pattern);
        pattern.works_on(day)
            && !self
                .leave
                .get(&worker)
                .is_some_and(|v| v.iter().any(|l| l.covers(day)))
    }
}

/// Cover for each of `teams` on each working day in `[from, to]`, team by
/// team then date by date.
pub fn coverage(
    council: &Council,
    rota: &Rota<'_>,
    teams: &[RecordId],
    from: Date,
    to: Date,
    minimum: usize,
) -> Vec<DayCover> {
    let days: Vec<Date> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d))
        .collect();
    let mut out = Vec::with_capacity(days.len() * teams.len());
    for &team in teams {
        let members: Vec<_> = council.workers.iter().filter(|w| w.team == team).collect();
        for &day in &days {
            let mut present: Vec<RecordId> = members
                .iter()
                .filter(|w| w.is_in_post_on(day) && rota.works(w.id, day))
                .map(|w| w.id)
                .collect();
            present.sort_unstable();
            out.push(DayCover {
                team,
                date: day,
                below_minimum: present.len() < minimum,
                present,
            });
        }
    }
    out
}

/// Refuse a rota that leaves any team with staff in post with nobody in on
/// a working day in `[from, to]`.
pub fn check_cover(
    council: &Council,
    rota: &Rota<'_>,
    from: Date,
    to: Date,
) -> Result<(), EmptyTeam> {
    let teams: Vec<RecordId> = council.teams.iter().map(|t| t.id).collect();
    for c in coverage(council, rota, &teams, from, to, 1) {
        let staffed = council
            .workers
            .iter()
            .any(|w| w.team == c.team && w.is_in_post_on(c.date));
        if staffed && c.present.is_empty() {
            let team_name = council
                .teams
                .iter()
                .find(|t| t.id == c.team)
                .map_or_else(String::new, |t| t.name.clone());
            return Err(EmptyTeam {
                team: c.team,
                team_name,
                date: c.date,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::tests::*;
    use chrono::Weekday;
    use sightline_domain::{Employment, WorkerRole};

    fn team_of_two() -> Council {
        let s = d(2015, 1, 1);
        council(
            vec![
                worker(
                    1,
                    1,
                    WorkerRole::SocialWorker,
                    Employment::Permanent,
                    100,
                    s,
                    None,
                    true,
                ),
                worker(
                    2,
                    1,
                    WorkerRole::SocialWorker,
                    Employment::Permanent,
                    90,
                    s,
                    None,
                    true,
                ),
            ],
            vec![],
        )
    }

    #[test]
    fn cover_follows_patterns_leave_and_bank_holidays() {
        let c = team_of_two();
        // Worker 2: nine-day fortnight, Fridays off in the week of 2 May 2016.
        let patterns = vec![WorkingPatternRecord {
            id: 1,
            worker: 2,
            from: d(2016, 1, 1),
            pattern: WorkingPattern::NineDayFortnight {
                day_off: Weekday::Fri,
                anchor: d(2016, 5, 2),
            },
        }];
        // Worker 1 on leave Thursday 5 and Friday 6 May.
        let leave = vec![Leave {
            id: 1,
            worker: 1,
            first_day: d(2016, 5, 5),
            last_day: d(2016, 5, 6),
            reason: "annual".into(),
        }];
        let rota = Rota::new(&patterns, &leave);
        // Mon 2 May 2016 is a bank holiday: 3-6 May and 9-13 May are working days.
        let cov = coverage(&c, &rota, &[1], d(2016, 5, 2), d(2016, 5, 13), 2);
        assert_eq!(cov.len(), 9);
        assert_eq!(cov[0].date, d(2016, 5, 3));
        let by: HashMap<Date, &DayCover> = cov.iter().map(|c| (c.date, c)).collect();
        assert_eq!(by[&d(2016, 5, 4)].present, vec![1, 2]);
        assert!(!by[&d(2016, 5, 4)].below_minimum);
        assert_eq!(by[&d(2016, 5, 5)].present, vec![2]);
        assert!(by[&d(2016, 5, 5)].below_minimum);
        assert!(by[&d(2016, 5, 6)].present.is_empty());
        assert_eq!(by[&d(2016, 5, 13)].present, vec![1, 2]);
        let err = check_cover(&c, &rota, d(2016, 5, 2), d(2016, 5, 13)).unwrap_err();
        assert_eq!(err.date, d(2016, 5, 6));
        assert!(err.to_string().contains("Safeguarding 1"), "{err}");
        // Without the leave nobody is left alone: the rota is accepted.
        let rota = Rota::new(&patterns, &[]);
        assert_eq!(
            check_cover(&c, &rota, d(2016, 5, 2), d(2016, 5, 13)),
            Ok(())
        );
    }
}
