//! Weekly placement costs turned into sums over dates.
//!
//! Pro-rating rule (the only rounding in this crate's placement figures):
//! a weekly cost accrues one seventh per calendar day; a cost record's sum
//! over a window is `weekly × days ÷ 7`, computed exactly in integer pence
//! and rounded half up to the penny ONCE per cost record and window. Days
//! are inclusive at both ends: a placement cost from 1 to 7 April is one
//! week. A cost change part-way is two records (the old rate ending the day
//! before the new one starts), so each side is pro-rated by its own days;
//! a placement crossing the financial year end is split by the window.
//!
//! Episodes become cost records with [`placement_costs_of`]: an episode
//! costs from its start to the day before it ends (the day of a move is paid
//! by the new placement), at the weekly rate of a [`CostTable`] for its
//! provider type. This module does not know real provider invoices: a
//! council's own rates, when stored, take the table's place.

use serde::Serialize;
use sightline_domain::codes::{PlacementProvider, PlacementType};
use sightline_domain::improvement::{Pence, PlacementCost, ProviderType};
use sightline_domain::{Council, Date};

/// Inclusive days of `[start, end]` that fall in `[from, to]`.
pub fn overlap_days(start: Date, end: Option<Date>, from: Date, to: Date) -> i64 {
    let s = start.max(from);
    let e = end.map_or(to, |e| e.min(to));
    if e < s { 0 } else { (e - s).num_days() + 1 }
}

/// `weekly × days ÷ 7`, rounded half up to the penny.
pub fn pro_rata(weekly: Pence, days: i64) -> Pence {
    let n = i128::from(weekly.0) * i128::from(days);
    let r = if n >= 0 { (n + 3) / 7 } else { (n - 3) / 7 };
    Pence(i64::try_from(r).unwrap_or(i64::MAX))
}

/// The cost of one cost record over the inclusive window `[from, to]`.
pub fn cost_between(c: &PlacementCost, from: Date, to: Date) -> Pence {
    pro_rata(c.weekly, overlap_days(c.start, c.end, from, to))
}

/// The finance provider type of an SSDA903 placement, or `None` when the
/// placement carries no placement cost (placed with parents, adoption
/// placements, hospital, custody, temporary and other placements).
///
/// Foster placements are in-house when the provider is the council itself
/// (PR1) or not recorded, otherwise bought from an agency (IFA). Homes are
/// in-house for PR1, otherwise external residential; residential schools are
/// external; K1 is secure; H5, K3 and P2 semi-independent; R3 parent and
/// child.
pub fn provider_type_of(
    placement: PlacementType,
    provider: Option<PlacementProvider>,
) -> Option<ProviderType> {
    ProviderType::of_placement(placement, provider)
}

/// Weekly cost by provider type, used where a council has not recorded a
/// placement's actual cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostTable {
    pub rates: Vec<(ProviderType, Pence)>,
}

impl Default for CostTable {
    /// Illustrative weekly rates at the seeds' magnitudes (seed 001: external
    /// residential averaging about £3,200 a week, secure up to £7,385):
    /// in-house fostering £450, IFA £850, in-house home £3,000, external
    /// residential £3,200, secure £7,385, semi-independent £1,100, parent and
    /// child £1,500. They are not any council's actual rates.
    fn default() -> Self {
        use ProviderType as T;
        CostTable {
            rates: vec![
                (T::InHouseFostering, Pence::pounds(450)),
                (T::Ifa, Pence::pounds(850)),
                (T::InHouseHome, Pence::pounds(3_000)),
                (T::ExternalResidential, Pence::pounds(3_200)),
                (T::Secure, Pence::pounds(7_385)),
                (T::SemiIndependent, Pence::pounds(1_100)),
                (T::ParentAndChild, Pence::pounds(1_500)),
            ],
        }
    }
}

impl CostTable {
    pub fn weekly(&self, t: ProviderType) -> Option<Pence> {
        self.rates.iter().find(|(p, _)| *p == t).map(|&(_, w)| w)
    }
}

/// Cost records for every costed looked-after episode of a council that
/// overlaps `[from, to]`, at the table's rates (see the module docs).
pub fn placement_costs_of(
    council: &Council,
    table: &CostTable,
    from: Date,
    to: Date,
) -> Vec<PlacementCost> {
    let mut out = Vec::new();
    for rec in &council.children {
        for ep in &rec.episodes {
            let Some(kind) = provider_type_of(ep.placement, ep.provider) else {
                continue;
            };
            let Some(weekly) = table.weekly(kind) else {
                continue;
            };
            let end = match &ep.end {
                Some(e) => match e.date.pred_opt() {
                    Some(last) if last >= ep.start => Some(last),
                    _ => continue,
                },
                None => None,
            };
            if overlap_days(ep.start, end, from, to) == 0 {
                continue;
            }
            out.push(PlacementCost {
                child: rec.child.id.clone(),
                provider: kind,
                provider_name: None,
                start: ep.start,
                end,
                weekly,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_domain::ChildId;

    pub(crate) fn d(s: &str) -> Date {
        sightline_domain::calendar::parse_iso_date(s).unwrap()
    }

    fn pc(start: &str, end: Option<&str>, weekly: i64) -> PlacementCost {
        PlacementCost {
            child: ChildId::parse("C1").unwrap(),
            provider: ProviderType::ExternalResidential,
            provider_name: None,
            start: d(start),
            end: end.map(d),
            weekly: Pence::pounds(weekly),
        }
    }

    #[test]
    fn a_week_is_seven_inclusive_days() {
        let c = pc("2025-04-01", Some("2025-04-07"), 3_200);
        assert_eq!(
            cost_between(&c, d("2025-04-01"), d("2026-03-31")),
            Pence::pounds(3_200)
        );
    }

    #[test]
    fn part_weeks_round_half_up_once() {
        // £3,200 × 3 ÷ 7 = £1,371.428571... → £1,371.43
        let c = pc("2025-04-01", Some("2025-04-03"), 3_200);
        assert_eq!(
            cost_between(&c, d("2025-04-01"), d("2026-03-31")),
            Pence(137_143)
        );
        // 1p × 4 ÷ 7 = 0.571p → 1p; 1p × 3 ÷ 7 = 0.43p → 0p
        assert_eq!(pro_rata(Pence(1), 4), Pence(1));
        assert_eq!(pro_rata(Pence(1), 3), Pence(0));
    }

    #[test]
    fn window_clips_a_placement_crossing_the_year_end() {
        // 25 March to 7 April 2026: 7 days in 2025/26, 7 in 2026/27.
        let c = pc("2026-03-25", Some("2026-04-07"), 700);
        assert_eq!(
            cost_between(&c, d("2025-04-01"), d("2026-03-31")),
            Pence::pounds(700)
        );
        assert_eq!(
            cost_between(&c, d("2026-04-01"), d("2027-03-31")),
            Pence::pounds(700)
        );
        assert_eq!(
            cost_between(&c, d("2026-04-08"), d("2027-03-31")),
            Pence::ZERO
        );
    }

    #[test]
    fn splitting_a_window_changes_the_sum_by_rounding_only() {
        // Every split day of 2025/26, for an awkward rate: the two parts add
        // up to the whole within a penny (one rounding per part).
        let c = pc("2025-01-01", None, 3_217);
        let whole = cost_between(&c, d("2025-04-01"), d("2026-03-31"));
        let mut day = d("2025-04-01");
        while day < d("2026-03-31") {
            let next = day.succ_opt().unwrap();
            let parts =
                cost_between(&c, d("2025-04-01"), day) + cost_between(&c, next, d("2026-03-31"));
            assert!((parts.0 - whole.0).abs() <= 1, "{day}: {parts} vs {whole}");
            day = next;
        }
        // 365 days = 52 weeks and a day.
        assert_eq!(whole, Pence(3_217 * 100 * 52 + 45_957));
    }

    #[test]
    fn provider_types_follow_the_903_codes() {
        use PlacementProvider as R;
        use PlacementType as P;
        assert_eq!(
            provider_type_of(P::FosterOther, Some(R::OwnLa)),
            Some(ProviderType::InHouseFostering)
        );
        assert_eq!(
            provider_type_of(P::FosterOther, Some(R::Private)),
            Some(ProviderType::Ifa)
        );
        assert_eq!(
            provider_type_of(P::ChildrensHome, Some(R::OwnLa)),
            Some(ProviderType::InHouseHome)
        );
        assert_eq!(
            provider_type_of(P::ChildrensHome, Some(R::Private)),
            Some(ProviderType::ExternalResidential)
        );
        assert_eq!(
            provider_type_of(P::ChildrensHome, None),
            Some(ProviderType::ExternalResidential)
        );
        assert_eq!(
            provider_type_of(P::SecureChildrensHome, Some(R::OtherLa)),
            Some(ProviderType::Secure)
        );
        assert_eq!(
            provider_type_of(P::FamilyCentre, None),
            Some(ProviderType::ParentAndChild)
        );
        assert_eq!(provider_type_of(P::WithParents, Some(R::Parents)), None);
        assert_eq!(provider_type_of(P::AdoptionOrderNewCarer, None), None);
    }

    #[test]
    fn default_table_has_every_provider_type() {
        let t = CostTable::default();
        for &p in ProviderType::ALL {
            assert!(t.weekly(p).is_some(), "{p:?}");
        }
        assert_eq!(t.weekly(ProviderType::Secure), Some(Pence(738_500)));
    }
}
