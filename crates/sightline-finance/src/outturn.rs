//! Projected outturn and variance by budget line.
//!
//! The rule (seed 003: "based on the current number of placements, plus
//! estimated growth, the projected outturn is..."):
//!
//! ```text
//! projected outturn = spent to date
//!                   + committed cost of placements from the day after the
//!                     ledger date to 31 March (known ends, future starts and
//!                     cost changes included, pro-rated by day, see `cost`)
//!                   + growth
//! variance          = projected outturn − budget   (positive = overspend)
//! ```
//!
//! Growth is the line's documented assumption ([`Growth`]): none, a fixed
//! sum, or basis points of the committed cost (rounded half up to the
//! penny). Spent to date comes from the ledger when the council has one
//! ([`project_line`]); [`project_placements`] instead costs the placements
//! themselves from 1 April to the as-of date, for councils (and the
//! synthetic data) without a ledger figure. Staffing lines take their
//! committed cost from the caller (see `staffing`).

use serde::Serialize;
use sightline_domain::Date;
use sightline_domain::improvement::{
    BudgetHead, BudgetLine, FinancialYear, Growth, Pence, PlacementCost,
};

use crate::cost::{cost_between, overlap_days};

/// One budget line's projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineOutturn {
    pub year: FinancialYear,
    pub head: BudgetHead,
    /// The last day counted in `spent_to_date`.
    pub as_of: Date,
    pub budget: Pence,
    pub spent_to_date: Pence,
    pub committed: Pence,
    pub growth: Pence,
    pub outturn: Pence,
    /// Outturn − budget: positive is an overspend, negative a saving.
    pub variance: Pence,
    /// Placements on this line open on the day after `as_of`.
    pub current_placements: usize,
}

/// The growth sum for a line with `committed` cost to year end.
pub fn growth_sum(g: Growth, committed: Pence) -> Pence {
    match g {
        Growth::None => Pence::ZERO,
        Growth::Amount { pence } => Pence(pence),
        Growth::Percent { basis_points } => {
            let n = i128::from(committed.0) * i128::from(basis_points);
            let r = if n >= 0 {
                (n + 5_000) / 10_000
            } else {
                (n - 5_000) / 10_000
            };
            Pence(i64::try_from(r).unwrap_or(i64::MAX))
        }
    }
}

fn on_line(head: BudgetHead, c: &PlacementCost) -> bool {
    BudgetHead::of_provider(c.provider) == head
}

/// Committed placement cost on `head` over `[from, to]`, and the number of
/// placements open on `from`.
pub fn committed(
    head: BudgetHead,
    costs: &[PlacementCost],
    from: Date,
    to: Date,
) -> (Pence, usize) {
    let mut sum = Pence::ZERO;
    let mut open = 0;
    for c in costs.iter().filter(|c| on_line(head, c)) {
        sum += cost_between(c, from, to);
        if overlap_days(c.start, c.end, from, from) == 1 {
            open += 1;
        }
    }
    (sum, open)
}

/// Spent, committed and open placements of one line.
struct Parts {
    spent: Pence,
    committed: Pence,
    open: usize,
}

fn finish(
    year: FinancialYear,
    head: BudgetHead,
    as_of: Date,
    budget: Pence,
    Parts {
        spent,
        committed,
        open,
    }: Parts,
    growth: Growth,
) -> LineOutturn {
    let growth = growth_sum(growth, committed);
    let outturn = spent + committed + growth;
    LineOutturn {
        year,
        head,
        as_of,
        budget,
        spent_to_date: spent,
        committed,
        growth,
        outturn,
        variance: outturn - budget,
        current_placements: open,
    }
}

/// Project one ledger budget line: its spent to date, plus the committed
/// cost of its placements from the day after the ledger date to year end,
/// plus growth. For `SocialWorkStaffing` pass the staffing commitment as
/// `extra` (placements never fall on that line).
pub fn project_line(line: &BudgetLine, costs: &[PlacementCost], extra: Pence) -> LineOutturn {
    let from = line.spent_as_of.succ_opt().unwrap_or(line.spent_as_of);
    let (c, open) = if from > line.year.end() {
        (Pence::ZERO, 0)
    } else {
        committed(line.head, costs, from, line.year.end())
    };
    finish(
        line.year,
        line.head,
        line.spent_as_of,
        line.budget,
        Parts {
            spent: line.spent_to_date,
            committed: c + extra,
            open,
        },
        line.growth,
    )
}

/// Project every placement budget line from the placements alone: spent to
/// date is their cost from 1 April to `as_of`, committed their cost from the
/// next day to 31 March. `budgets` gives each line's budget (lines without
/// one get a zero budget, so their variance is the whole outturn). Lines
/// come in `BudgetHead::ALL` order, only those with a budget or a cost.
pub fn project_placements(
    year: FinancialYear,
    as_of: Date,
    costs: &[PlacementCost],
    budgets: &[(BudgetHead, Pence, Growth)],
) -> Vec<LineOutturn> {
    let as_of = as_of.clamp(year.start().pred_opt().unwrap_or(year.start()), year.end());
    let next = as_of.succ_opt().unwrap_or(as_of);
    // One pass over the placements: spent and committed per head.
    let heads = BudgetHead::ALL;
    let mut spent = vec![Pence::ZERO; heads.len()];
    let mut comm = vec![Pence::ZERO; heads.len()];
    let mut open = vec![0usize; heads.len()];
    for c in costs {
        let h = BudgetHead::of_provider(c.provider);
        let i = heads.iter().position(|&x| x == h).unwrap_or(0);
        spent[i] += cost_between(c, year.start(), as_of);
        if next <= year.end() {
            comm[i] += cost_between(c, next, year.end());
            if overlap_days(c.start, c.end, next, next) == 1 {
                open[i] += 1;
            }
        }
    }
    let mut out = Vec::new();
    for (i, &h) in heads.iter().enumerate() {
        let b = budgets.iter().find(|(x, _, _)| *x == h);
        if b.is_none() && spent[i] == Pence::ZERO && comm[i] == Pence::ZERO {
            continue;
        }
        let (budget, growth) = b.map_or((Pence::ZERO, Growth::None), |&(_, b, g)| (b, g));
        let parts = Parts {
            spent: spent[i],
            committed: comm[i],
            open: open[i],
        };
        out.push(finish(year, h, as_of, budget, parts, growth));
    }
    out
}

/// The council's projected outturn for `year`, as the CLI, web app and
/// reports print it: each ledger budget line of the year projected from its
/// ledger date ([`project_line`]; the social work staffing line's committed
/// cost is the staffing cost of the workforce from the day after the ledger
/// date to the year end), or, when the year has no ledger lines, every
/// placement costed from 1 April to `as_of` ([`project_placements`]).
pub fn project_budget(
    year: FinancialYear,
    as_of: Date,
    costs: &[PlacementCost],
    lines: &[BudgetLine],
    teams: &[sightline_domain::Team],
    workers: &[sightline_domain::Worker],
    rates: &[sightline_domain::improvement::StaffCostRate],
) -> Result<Vec<LineOutturn>, crate::FinanceError> {
    let ledger: Vec<&BudgetLine> = lines.iter().filter(|b| b.year == year).collect();
    if ledger.is_empty() {
        return Ok(project_placements(year, as_of, costs, &[]));
    }
    let mut out = Vec::new();
    for b in ledger {
        let extra = if b.head == BudgetHead::SocialWorkStaffing {
            let from = b.spent_as_of.succ_opt().unwrap_or(b.spent_as_of);
            crate::staffing::staffing_cost(teams, workers, rates, year, from, year.end())?
                .iter()
                .map(|t| t.total())
                .sum()
        } else {
            Pence::ZERO
        };
        out.push(project_line(b, costs, extra));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_domain::ChildId;
    use sightline_domain::improvement::ProviderType;

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

    /// The hand-worked example in docs/FINANCE.md: ledger to 30 September
    /// 2025, 182 days (26 weeks) to 31 March 2026.
    fn example() -> Vec<PlacementCost> {
        use ProviderType::*;
        vec![
            // Open all year: 26 weeks × £3,500 = £91,000.
            pc("A", ExternalResidential, "2025-01-01", None, 3_500),
            // Starts and ends mid-year: 3 Nov – 14 Dec = 42 days = 6 weeks × £3,000 = £18,000.
            pc(
                "B",
                ExternalResidential,
                "2025-11-03",
                Some("2025-12-14"),
                3_000,
            ),
            // Cost change part-way: £2,800 to 31 Dec (92 days = £36,800),
            // £3,150 from 1 Jan (90 days = £40,500).
            pc(
                "C",
                ExternalResidential,
                "2025-06-01",
                Some("2025-12-31"),
                2_800,
            ),
            pc("C", ExternalResidential, "2026-01-01", None, 3_150),
            // Starts 18 March, crosses the year end: 14 days in year = £7,000.
            pc("D", ExternalResidential, "2026-03-18", None, 3_500),
            // Ended before the ledger date: nothing committed.
            pc(
                "E",
                ExternalResidential,
                "2025-04-01",
                Some("2025-08-31"),
                4_000,
            ),
            // Another line: not counted.
            pc("F", Ifa, "2025-04-01", None, 900),
        ]
    }

    #[test]
    fn hand_worked_outturn_for_a_ledger_line() {
        let line = BudgetLine {
            year: FinancialYear(2025),
            head: BudgetHead::ExternalResidential,
            budget: Pence::pounds(1_200_000),
            spent_to_date: Pence::pounds(1_000_000),
            spent_as_of: d("2025-09-30"),
            growth: Growth::Amount {
                pence: Pence::pounds(50_000).0,
            },
        };
        let o = project_line(&line, &example(), Pence::ZERO);
        assert_eq!(o.committed, Pence::pounds(193_300));
        assert_eq!(o.growth, Pence::pounds(50_000));
        assert_eq!(o.outturn, Pence::pounds(1_243_300));
        assert_eq!(o.variance, Pence::pounds(43_300));
        // A and C open on 1 October (B starts later, D in March, E ended).
        assert_eq!(o.current_placements, 2);
        let pct = BudgetLine {
            growth: Growth::Percent { basis_points: 500 },
            ..line
        };
        let o = project_line(&pct, &example(), Pence::ZERO);
        assert_eq!(o.growth, Pence::pounds(9_665));
    }

    #[test]
    fn seed_003_agency_residential_paragraph() {
        // Budget £5.293m; 55 current placements averaging £2,700 a week for
        // the 26 weeks after 30 September; spent £3.7m; growth £150k.
        let costs: Vec<_> = (0..55)
            .map(|i| {
                pc(
                    &format!("K{i}"),
                    ProviderType::ExternalResidential,
                    "2016-01-04",
                    None,
                    2_700,
                )
            })
            .collect();
        let line = BudgetLine {
            year: FinancialYear(2016),
            head: BudgetHead::ExternalResidential,
            budget: Pence::pounds(5_293_000),
            spent_to_date: Pence::pounds(3_700_000),
            spent_as_of: d("2016-09-30"),
            growth: Growth::Amount {
                pence: Pence::pounds(150_000).0,
            },
        };
        let o = project_line(&line, &costs, Pence::ZERO);
        assert_eq!(o.current_placements, 55);
        assert_eq!(o.outturn.display_millions(), "£7.711m");
        assert_eq!(o.variance.display_millions(), "£2.418m");
    }

    #[test]
    fn placements_alone_split_spent_and_committed_at_as_of() {
        let out = project_placements(
            FinancialYear(2025),
            d("2025-09-30"),
            &example(),
            &[(BudgetHead::Ifa, Pence::pounds(50_000), Growth::None)],
        );
        let heads: Vec<_> = out.iter().map(|o| o.head).collect();
        assert_eq!(
            heads,
            vec![BudgetHead::Ifa, BudgetHead::ExternalResidential]
        );
        let ifa = &out[0];
        // 183 days to 30 Sept at £900 = £23,528.57; 182 days after = £23,400.
        assert_eq!(ifa.spent_to_date, Pence(2_352_857));
        assert_eq!(ifa.committed, Pence::pounds(23_400));
        assert_eq!(ifa.variance, Pence(2_352_857 + 2_340_000 - 5_000_000));
        let res = &out[1];
        assert_eq!(res.committed, Pence::pounds(193_300));
        // A 183 days £91,500; C 4 months (122 days) £48,800; E 153 days £87,428.57.
        assert_eq!(res.spent_to_date, Pence(9_150_000 + 4_880_000 + 8_742_857));
        assert_eq!(res.budget, Pence::ZERO);
    }

    #[test]
    fn as_of_after_the_year_commits_nothing() {
        let out = project_placements(FinancialYear(2025), d("2026-06-01"), &example(), &[]);
        assert!(out.iter().all(|o| o.committed == Pence::ZERO));
        assert!(out.iter().all(|o| o.as_of == d("2026-03-31")));
    }
}
