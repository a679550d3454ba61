//! What is due or overdue for a child: statutory visits, looked-after (CLA)
//! reviews, child protection reviews and health assessments, computed from
//! the domain records as at a date.
//!
//! Why: the child page, the caseload pages and the worker's overdue counts
//! must agree, so the timescales are written once, here, with the statutory
//! source of each:
//! - CLA review: first within 20 working days of the period of care
//!   starting, the second within 3 months of the first, then every 6 months
//!   (Care Planning Regulations 2010, reg. 33).
//! - CLA statutory visit: within 1 week of a placement starting, then at
//!   least every 6 weeks (reg. 28; the 3-monthly option after a year in a
//!   long-term placement is not modelled: 6 weeks is the stricter rule).
//! - CP review conference: within 3 months of the initial conference (here:
//!   of the plan starting), then every 6 months (Working Together 2023).
//! - CP visit: at least every 10 working days (the common local standard).
//! - Health assessment: initial within 20 working days of coming into care,
//!   then every 6 months under 5 and every 12 months from 5.
//!
//! What it deliberately does not do: know about local policies beyond these.

use chrono::Months;
use sightline_domain::calendar::add_working_days;
use sightline_domain::{ChildRecord, ConferenceKind, Date, HealthCheckKind};

/// One statutory item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub what: &'static str,
    pub due: Date,
    pub overdue: bool,
}

fn months(d: Date, n: u32) -> Date {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

/// Items due for `r` at `on`, soonest first.
pub fn due_items(r: &ChildRecord, on: Date) -> Vec<DueItem> {
    let mut out = Vec::new();
    let mut push = |what, due: Date| {
        out.push(DueItem {
            what,
            due,
            overdue: due < on,
        })
    };
    if r.is_looked_after_on(on) {
        let periods = r.periods_of_care();
        if let Some(p) = periods
            .iter()
            .rev()
            .find(|p| p.start <= on && p.end.is_none_or(|e| e.date > on))
        {
            let reviews: Vec<Date> = r
                .cla_reviews
                .iter()
                .map(|x| x.date)
                .filter(|&d| d >= p.start && d <= on)
                .collect();
            let due = match reviews.as_slice() {
                [] => add_working_days(p.start, 20),
                [first] => months(*first, 3),
                [.., last] => months(*last, 6),
            };
            push("Looked-after review", due);
            let placed = r.episode_on(on).map(|e| e.start).unwrap_or(p.start);
            let last_visit = r
                .visits
                .iter()
                .map(|v| v.date)
                .filter(|&d| d >= placed && d <= on)
                .max();
            push(
                "Statutory visit",
                match last_visit {
                    Some(v) => v + chrono::Duration::days(42),
                    None => placed + chrono::Duration::days(7),
                },
            );
            let last_health = r
                .health_checks
                .iter()
                .filter(|h| h.kind == HealthCheckKind::HealthAssessment)
                .map(|h| h.date)
                .filter(|&d| d >= p.start && d <= on)
                .max();
            let under5 = r.child.age_on(on).is_some_and(|a| a < 5);
            push(
                "Health assessment",
                match last_health {
                    None => add_working_days(p.start, 20),
                    Some(h) => months(h, if under5 { 6 } else { 12 }),
                },
            );
        }
    }
    if let Some(plan) = r.cp_plans.iter().find(|p| p.is_active_on(on)) {
        let reviews: Vec<Date> = r
            .conferences
            .iter()
            .filter(|c| c.kind == ConferenceKind::Review && c.date >= plan.start && c.date <= on)
            .map(|c| c.date)
            .collect();
        push(
            "Child protection review conference",
            match reviews.last() {
                None => months(plan.start, 3),
                Some(&d) => months(d, 6),
            },
        );
        let last_visit = r
            .visits
            .iter()
            .map(|v| v.date)
            .filter(|&d| d >= plan.start && d <= on)
            .max();
        push(
            "Child protection visit",
            add_working_days(last_visit.unwrap_or(plan.start), 10),
        );
    }
    out.sort_by_key(|x| x.due);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sightline_domain::codes::*;
    use sightline_domain::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child() -> ChildRecord {
        ChildRecord::new(Child {
            id: ChildId::parse("C1").unwrap(),
            forename: "Amy".into(),
            surname: "Test".into(),
            upn: None,
            former_upn: None,
            upn_unknown: None,
            birth: Birth::Born(d(2015, 1, 1)),
            sex: Sex::Female,
            ethnicity: Ethnicity::parse("WBRI").unwrap(),
            disabilities: vec![],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        })
    }

    #[test]
    fn cp_plan_review_and_visit() {
        let mut r = child();
        r.cp_plans.push(CpPlan {
            id: 1,
            referral: 1,
            start: d(2024, 1, 10),
            end: None,
            initial_category: CategoryOfAbuse::parse("NEG").unwrap(),
            latest_category: CategoryOfAbuse::parse("NEG").unwrap(),
            previous_plans: 0,
        });
        let items = due_items(&r, d(2024, 2, 1));
        let review = items.iter().find(|i| i.what.contains("review")).unwrap();
        assert_eq!(review.due, d(2024, 4, 10));
        assert!(!review.overdue);
        let visit = items.iter().find(|i| i.what.contains("visit")).unwrap();
        // 10 working days after Wed 10 Jan 2024.
        assert_eq!(visit.due, d(2024, 1, 24));
        assert!(visit.overdue);
        assert!(due_items(&r, d(2023, 12, 1)).is_empty(), "before the plan");
    }
}
