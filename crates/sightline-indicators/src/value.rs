//! Exact values and their rounding (`indicators.md` §1.4).
//!
//! Why: a figure must round the same way in every report (12.25 → 12.3,
//! 94.45 → 94.5), which binary floating point cannot promise. Numerators and
//! denominators are kept as integers (FTE in hundredths) and every value is
//! derived from them by integer arithmetic; `f64` appears only in output.
//! This module does not decide what is counted.

use serde::{Serialize, Serializer};

/// What a figure measures, which fixes its formula and display precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 100 × numerator / denominator, 1 decimal place.
    Percent,
    /// 10,000 × numerator / population, `rate_decimals` places (default 1).
    RatePer10k,
    /// numerator (sum of days) / denominator (children), whole days.
    Days,
    /// numerator / denominator, 1 decimal place (caseload per FTE).
    Ratio,
    /// A full-time-equivalent figure (numerator only), 1 decimal place.
    Fte,
    /// A count (numerator only).
    Count,
}

impl Unit {
    /// Default display precision (§1.4).
    pub fn decimals(self) -> u32 {
        match self {
            Unit::Percent | Unit::RatePer10k | Unit::Ratio | Unit::Fte => 1,
            Unit::Days | Unit::Count => 0,
        }
    }
    fn multiplier(self) -> i128 {
        match self {
            Unit::Percent => 100,
            Unit::RatePer10k => 10_000,
            Unit::Days | Unit::Ratio | Unit::Fte | Unit::Count => 1,
        }
    }
    /// Default trend tolerance in display units (§1.3).
    pub fn default_tolerance(self) -> f64 {
        match self {
            Unit::Percent | Unit::RatePer10k => 0.5,
            Unit::Ratio => 0.1,
            Unit::Days | Unit::Count | Unit::Fte => 0.0,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::RatePer10k => "rate",
            Unit::Days => "days",
            Unit::Ratio => "ratio",
            Unit::Fte => "FTE",
            Unit::Count => "count",
        }
    }
}

/// An exact numerator or denominator: a whole count, or an FTE held in
/// hundredths (11.5 FTE = 1150).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qty {
    Count(i64),
    FteHundredths(i64),
}

impl Qty {
    /// (mantissa, scale): the value is mantissa / scale.
    fn parts(self) -> (i128, i128) {
        match self {
            Qty::Count(n) => (n as i128, 1),
            Qty::FteHundredths(n) => (n as i128, 100),
        }
    }
    pub fn is_zero(self) -> bool {
        self.parts().0 == 0
    }
    pub fn as_f64(self) -> f64 {
        let (m, s) = self.parts();
        m as f64 / s as f64
    }
    /// "209", "11.5".
    pub fn display(self) -> String {
        match self {
            Qty::Count(n) => n.to_string(),
            Qty::FteHundredths(n) => {
                let v = format_scaled(n as i128, 2);
                // Trim a trailing zero: 11.50 -> 11.5, 11.00 -> 11.0.
                match v.strip_suffix('0') {
                    Some(t) if !t.ends_with('.') => t.to_string(),
                    _ => v,
                }
            }
        }
    }
}

impl Serialize for Qty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Qty::Count(n) => s.serialize_i64(*n),
            Qty::FteHundredths(_) => s.serialize_f64(self.as_f64()),
        }
    }
}

/// An exact rational value `num / den` (den > 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    pub num: i128,
    pub den: i128,
}

impl Exact {
    /// The value of a figure of `unit` from its numerator and denominator;
    /// `None` when the denominator is zero.
    pub fn of(unit: Unit, numerator: Qty, denominator: Option<Qty>) -> Option<Exact> {
        let (nm, ns) = numerator.parts();
        let k = unit.multiplier();
        match denominator {
            None => Some(Exact {
                num: k * nm,
                den: ns,
            }),
            Some(d) => {
                let (dm, ds) = d.parts();
                if dm == 0 {
                    return None;
                }
                // k * (nm/ns) / (dm/ds)
                let (num, den) = (k * nm * ds, ns * dm);
                Some(if den < 0 {
                    Exact {
                        num: -num,
                        den: -den,
                    }
                } else {
                    Exact { num, den }
                })
            }
        }
    }

    /// Round half away from zero to `decimals` places; the result is scaled
    /// by 10^decimals (66.666… at 1 place → 667).
    pub fn round_scaled(self, decimals: u32) -> i128 {
        round_div(self.num * 10i128.pow(decimals), self.den)
    }

    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// `a / b` rounded half away from zero (b > 0).
pub fn round_div(a: i128, b: i128) -> i128 {
    let q = (2 * a.abs() + b) / (2 * b);
    if a < 0 { -q } else { q }
}

/// A scaled integer as a decimal string: (667, 1) → "66.7".
pub fn format_scaled(v: i128, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let p = 10i128.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!(
        "{sign}{}.{:0width$}",
        a / p,
        a % p,
        width = decimals as usize
    )
}

/// A scaled integer as `f64` for JSON: (667, 1) → 66.7.
pub fn scaled_to_f64(v: i128, decimals: u32) -> f64 {
    // Going through the decimal text gives the shortest exact-looking float.
    format_scaled(v, decimals).parse().unwrap_or(f64::NAN)
}

/// Whole percentages that total 100 by the largest remainder method (§1.4):
/// floors first, then one point each to the largest remainders, ties to the
/// category listed first. Returns all zeros when the total is zero.
pub fn largest_remainder_percentages(counts: &[u64]) -> Vec<u64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u64> = counts.iter().map(|&c| c * 100 / total).collect();
    let mut rema: Vec<(u64, usize)> = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| ((c * 100) % total, i))
        .collect();
    // Largest remainder first; equal remainders keep the listed order.
    rema.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: u64 = out.iter().sum();
    for &(_, i) in rema.iter().take((100 - given) as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_on_exact_values() {
        let pct = |n, d| {
            Exact::of(Unit::Percent, Qty::Count(n), Some(Qty::Count(d)))
                .unwrap()
                .round_scaled(1)
        };
        assert_eq!(pct(2, 3), 667);
        assert_eq!(pct(1, 8), 125); // 12.5
        // 12.25 -> 12.3 (binary floats would give 12.2)
        assert_eq!(
            Exact {
                num: 1225,
                den: 100
            }
            .round_scaled(1),
            123
        );
        assert_eq!(
            Exact {
                num: 9445,
                den: 100
            }
            .round_scaled(1),
            945
        );
        assert_eq!(
            Exact {
                num: -1225,
                den: 100
            }
            .round_scaled(1),
            -123
        );
        assert_eq!(format_scaled(667, 1), "66.7");
        assert_eq!(format_scaled(-5, 1), "-0.5");
        assert_eq!(format_scaled(589, 0), "589");
        assert!(Exact::of(Unit::Percent, Qty::Count(0), Some(Qty::Count(0))).is_none());
    }

    #[test]
    fn fte_values_are_exact() {
        // 209 cases / 11.0 FTE = 19.0; 2.5 / (2.5 + 9.0) = 21.7 %.
        let r = Exact::of(Unit::Ratio, Qty::Count(209), Some(Qty::FteHundredths(1100))).unwrap();
        assert_eq!(r.round_scaled(1), 190);
        let v = Exact::of(
            Unit::Percent,
            Qty::FteHundredths(250),
            Some(Qty::FteHundredths(1150)),
        )
        .unwrap();
        assert_eq!(v.round_scaled(1), 217);
        assert_eq!(Qty::FteHundredths(1150).display(), "11.5");
        assert_eq!(Qty::FteHundredths(1100).display(), "11.0");
        assert_eq!(Qty::FteHundredths(1125).display(), "11.25");
    }

    #[test]
    fn largest_remainder_reproduces_seed_003_audits() {
        assert_eq!(
            largest_remainder_percentages(&[1, 15, 9, 1]),
            vec![4, 58, 34, 4]
        );
        assert_eq!(largest_remainder_percentages(&[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(largest_remainder_percentages(&[0, 0]), vec![0, 0]);
        assert_eq!(largest_remainder_percentages(&[3]), vec![100]);
    }
}
