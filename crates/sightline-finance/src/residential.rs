//! The external residential review (seed 001: 71 external residential
//! placements averaging about £3,200 a week, up to £7,385 for secure): every
//! child in an external residential or secure placement, with its weekly
//! cost, how long they have been there, the review's plan and target date,
//! and the savings a move would make and has made.
//!
//! Savings rules (weekly differences pro-rated by day as in `cost`):
//! - projected in-year saving: (weekly now − weekly after the move) from the
//!   target date (or, when the target has passed without a move, from the
//!   day after the as-of date) to 31 March;
//! - full-year saving: the weekly difference × 52;
//! - actual saving after a move: the child's residential cost ended and the
//!   next placement (the cost records starting the next day; none means
//!   home, £0) is cheaper: the difference from the move to the as-of date
//!   (or 31 March, if earlier), plus its full-year effect.
//!
//! A `Remain` plan saves nothing. This module does not pick plans: the
//! review records them.

use serde::Serialize;
use sightline_domain::improvement::{
    FinancialYear, Pence, PlacementCost, ProviderType, ResidentialPlan, ResidentialReview,
};
use sightline_domain::{ChildId, Date};

use crate::cost::{overlap_days, pro_rata};

fn residential(p: ProviderType) -> bool {
    matches!(p, ProviderType::ExternalResidential | ProviderType::Secure)
}

/// Where a reviewed child is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Still in the placement; the target (if any) is still ahead.
    InPlacement,
    /// The target date has passed and the child has not moved.
    Overdue,
    /// Moved on `date` to a placement costing `weekly_after`.
    Moved { date: Date, weekly_after: Pence },
}

/// One child of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidentialRow {
    pub child: ChildId,
    pub provider: ProviderType,
    pub provider_name: Option<String>,
    pub weekly: Pence,
    /// First day of the unbroken run of residential placements.
    pub since: Date,
    /// Whole weeks from `since` to the as-of date (or the move).
    pub weeks: i64,
    pub plan: Option<ResidentialPlan>,
    pub target: Option<Date>,
    pub status: ReviewStatus,
    pub projected_in_year: Pence,
    pub full_year: Pence,
    pub actual_to_date: Pence,
}

/// Totals of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidentialSummary {
    /// Children still in a residential placement on the as-of date.
    pub current: usize,
    /// Mean weekly cost of those, rounded half up to the penny.
    pub average_weekly: Pence,
    pub highest_weekly: Pence,
    pub projected_in_year: Pence,
    pub full_year: Pence,
    pub actual_to_date: Pence,
    pub moved: usize,
    pub overdue: usize,
    pub rows: Vec<ResidentialRow>,
}

fn start_of_run(mine: &[&PlacementCost], idx: usize) -> Date {
    let mut since = mine[idx].start;
    loop {
        let prev = mine
            .iter()
            .find(|c| residential(c.provider) && c.end.and_then(|e| e.succ_opt()) == Some(since));
        match prev {
            Some(p) if p.start < since => since = p.start,
            _ => return since,
        }
    }
}

/// The review for `year` as at `as_of`. Children appear when they are in a
/// residential placement on `as_of`, or have a review and left residential
/// care between 1 April and `as_of`. Rows are sorted by weekly cost, highest
/// first, then child id.
pub fn residential_review(
    year: FinancialYear,
    as_of: Date,
    costs: &[PlacementCost],
    reviews: &[ResidentialReview],
) -> ResidentialSummary {
    let mut by_child: std::collections::BTreeMap<&ChildId, Vec<&PlacementCost>> =
        std::collections::BTreeMap::new();
    for c in costs {
        by_child.entry(&c.child).or_default().push(c);
    }
    let year_end = year.end();
    let next = as_of.succ_opt().unwrap_or(as_of);
    let mut rows = Vec::new();
    for (child, mut mine) in by_child {
        mine.sort_by_key(|c| c.start);
        let review = reviews.iter().find(|r| &r.child == child);
        let plan = review.map(|r| r.plan);
        let target = review.and_then(|r| r.target);
        let moving = plan.is_some_and(|p| p != ResidentialPlan::Remain);
        // Current residential placement.
        if let Some(i) = mine.iter().position(|c| {
            residential(c.provider) && overlap_days(c.start, c.end, as_of, as_of) == 1
        }) {
            let c = mine[i];
            let since = start_of_run(&mine, i);
            let (mut projected, mut full, mut status) =
                (Pence::ZERO, Pence::ZERO, ReviewStatus::InPlacement);
            if let (true, Some(r)) = (moving, review) {
                let diff = c.weekly - r.weekly_after;
                let from = match r.target {
                    Some(t) if t > as_of => t,
                    Some(_) => {
                        status = ReviewStatus::Overdue;
                        next
                    }
                    None => year_end.succ_opt().unwrap_or(year_end),
                };
                if r.target.is_some() {
                    projected = pro_rata(diff, overlap_days(from, None, from, year_end));
                    full = Pence(diff.0 * 52);
                }
            }
            rows.push(ResidentialRow {
                child: child.clone(),
                provider: c.provider,
                provider_name: c.provider_name.clone(),
                weekly: c.weekly,
                since,
                weeks: (as_of - since).num_days() / 7,
                plan,
                target,
                status,
                projected_in_year: projected,
                full_year: full,
                actual_to_date: Pence::ZERO,
            });
            continue;
        }
        // Moved this year, before or on the as-of date.
        if review.is_none() {
            continue;
        }
        let left = mine.iter().enumerate().rev().find(|(_, c)| {
            residential(c.provider)
                && c.end
                    .is_some_and(|e| e >= year.start().pred_opt().unwrap_or(e) && e < as_of)
        });
        let Some((i, c)) = left else { continue };
        let Some(moved) = c.end.and_then(|e| e.succ_opt()) else {
            continue;
        };
        let after: Pence = mine
            .iter()
            .filter(|n| n.start == moved)
            .map(|n| n.weekly)
            .sum();
        let diff = c.weekly - after;
        let until = as_of.min(year_end);
        let since = start_of_run(&mine, i);
        rows.push(ResidentialRow {
            child: child.clone(),
            provider: c.provider,
            provider_name: c.provider_name.clone(),
            weekly: c.weekly,
            since,
            weeks: (moved - since).num_days() / 7,
            plan,
            target,
            status: ReviewStatus::Moved {
                date: moved,
                weekly_after: after,
            },
            projected_in_year: Pence::ZERO,
            full_year: Pence(diff.0 * 52),
            actual_to_date: pro_rata(diff, overlap_days(moved, None, moved, until)),
        });
    }
    rows.sort_by(|a, b| b.weekly.cmp(&a.weekly).then_with(|| a.child.cmp(&b.child)));
    let current: Vec<&ResidentialRow> = rows
        .iter()
        .filter(|r| !matches!(r.status, ReviewStatus::Moved { .. }))
        .collect();
    let total: i64 = current.iter().map(|r| r.weekly.0).sum();
    let n = i64::try_from(current.len()).unwrap_or(i64::MAX);
    ResidentialSummary {
        current: current.len(),
        average_weekly: if n == 0 {
            Pence::ZERO
        } else {
            Pence((2 * total + n) / (2 * n))
        },
        highest_weekly: current.iter().map(|r| r.weekly).max().unwrap_or_default(),
        projected_in_year: rows.iter().map(|r| r.projected_in_year).sum(),
        full_year: rows.iter().map(|r| r.full_year).sum(),
        actual_to_date: rows.iter().map(|r| r.actual_to_date).sum(),
        moved: rows.len() - current.len(),
        overdue: rows
            .iter()
            .filter(|r| r.status == ReviewStatus::Overdue)
            .count(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        sightline_domain::calendar::parse_iso_date(s).unwrap()
    }

    fn pc(
        child: &str,
        p: ProviderType,
        start: &str,
        end: Option<&str>,
        weekly: i64,
    ) -> PlacementCost {
        PlacementCost {
            child: ChildId::parse(child).unwrap(),
            provider: p,
            provider_name: None,
            start: d(start),
            end: end.map(d),
            weekly: Pence::pounds(weekly),
        }
    }

    fn rv(
        child: &str,
        plan: ResidentialPlan,
        target: Option<&str>,
        after: i64,
    ) -> ResidentialReview {
        ResidentialReview {
            child: ChildId::parse(child).unwrap(),
            plan,
            target: target.map(d),
            weekly_after: Pence::pounds(after),
        }
    }

    #[test]
    fn hand_worked_review() {
        use ProviderType::*;
        use ResidentialPlan::*;
        let costs = vec![
            // A: step down to IFA (£850) from 5 Jan 2026: 86 days to 31 March.
            pc("A", ExternalResidential, "2024-10-07", None, 3_200),
            // S: secure, remains.
            pc("S", Secure, "2025-08-01", None, 7_385),
            // H: return home targeted 1 Sept, not moved by 30 Sept: overdue.
            pc("H", ExternalResidential, "2025-05-01", None, 2_800),
            // M: moved to an IFA on 1 Aug (residential ended 31 July).
            pc(
                "M",
                ExternalResidential,
                "2025-02-01",
                Some("2025-07-31"),
                4_000,
            ),
            pc("M", Ifa, "2025-08-01", None, 900),
            // F: fostered throughout, not in the review.
            pc("F", InHouseFostering, "2025-04-01", None, 450),
        ];
        let reviews = vec![
            rv("A", StepDownToFoster, Some("2026-01-05"), 850),
            rv("S", Remain, None, 0),
            rv("H", ReturnHome, Some("2025-09-01"), 0),
            rv("M", StepDownToFoster, Some("2025-08-01"), 900),
        ];
        let s = residential_review(FinancialYear(2025), d("2025-09-30"), &costs, &reviews);
        let ids: Vec<_> = s.rows.iter().map(|r| r.child.as_str()).collect();
        assert_eq!(ids, ["S", "M", "A", "H"]);
        assert_eq!(s.current, 3);
        // (3,200 + 7,385 + 2,800) / 3 = 4,461.666... → £4,461.67
        assert_eq!(s.average_weekly, Pence(446_167));
        assert_eq!(s.highest_weekly, Pence::pounds(7_385));
        let a = &s.rows[2];
        // £2,350 a week saved × 86 days ÷ 7 = £28,871.43.
        assert_eq!(a.projected_in_year, Pence(2_887_143));
        assert_eq!(a.full_year, Pence::pounds(2_350 * 52));
        assert_eq!(a.weeks, 51);
        let h = &s.rows[3];
        assert_eq!(h.status, ReviewStatus::Overdue);
        // £2,800 × 182 days (1 Oct – 31 Mar) ÷ 7 = £72,800.
        assert_eq!(h.projected_in_year, Pence::pounds(72_800));
        let m = &s.rows[1];
        assert_eq!(
            m.status,
            ReviewStatus::Moved {
                date: d("2025-08-01"),
                weekly_after: Pence::pounds(900)
            }
        );
        // £3,100 a week × 61 days (1 Aug – 30 Sept) ÷ 7 = £27,014.29.
        assert_eq!(m.actual_to_date, Pence(2_701_429));
        assert_eq!(
            s.rows[0].projected_in_year,
            Pence::ZERO,
            "remain saves nothing"
        );
        assert_eq!(s.moved, 1);
        assert_eq!(s.overdue, 1);
        assert_eq!(s.projected_in_year, Pence(2_887_143 + 7_280_000));
    }

    #[test]
    fn a_run_of_residential_placements_counts_from_the_first() {
        let costs = vec![
            pc(
                "A",
                ProviderType::ExternalResidential,
                "2025-01-01",
                Some("2025-06-30"),
                3_000,
            ),
            pc(
                "A",
                ProviderType::ExternalResidential,
                "2025-07-01",
                None,
                3_300,
            ),
        ];
        let s = residential_review(FinancialYear(2025), d("2025-09-30"), &costs, &[]);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].since, d("2025-01-01"));
        assert_eq!(s.rows[0].weekly, Pence::pounds(3_300));
        assert_eq!(s.rows[0].plan, None);
    }
}
