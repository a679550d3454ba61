//! Suppression of small numbers for published outputs (`indicators.md` §1.8).
//!
//! Why: internal reports print every count (seed 003 prints 1 outstanding
//! audit), but anything published follows the DfE statistical-release
//! practice so that no child can be identified. This module only hides
//! values; it never changes how they are computed.
//!
//! What it deliberately does not do: secondary suppression. That applies to
//! breakdown tables whose cells sum to a published total; the engine's
//! output is one figure per indicator, where no cell can be recovered by
//! subtraction. A report that prints breakdowns must apply it there.

use crate::engine::Figure;
use crate::value::{Qty, Unit};

/// How a note carrying a breakdown starts (audit grades, VEMT by sex and
/// CSE risk). Its cells can be 1 to 5 even when the figure is not, so
/// published output drops these notes.
pub const BREAKDOWN_NOTE_PREFIX: &str = "breakdown: ";

/// The DfE symbol for a suppressed value.
pub const SUPPRESSED: &str = "c";

fn small(q: Option<Qty>) -> bool {
    match q {
        Some(Qty::Count(n)) => (1..=5).contains(&n),
        // FTE figures are not counts of people; they are never suppressed.
        Some(Qty::FteHundredths(_)) | None => false,
    }
}

/// Whether a figure must be suppressed when published: a count from 1 to 5;
/// a percentage, rate or average whose numerator or denominator is from 1
/// to 5 (for an average in days, the number of children averaged).
pub fn must_suppress(f: &Figure) -> bool {
    match f.unit {
        Unit::Count => small(f.numerator),
        Unit::Days => small(f.denominator),
        Unit::Percent | Unit::RatePer10k | Unit::Ratio => {
            small(f.numerator) || small(f.denominator)
        }
        Unit::Fte => false,
    }
}

/// Replace every figure that must be suppressed by `c`: the value, its
/// numerator and denominator and the values it would be compared with are
/// removed, and the RAG and trend (which would reveal them) too. Breakdown
/// notes ([`BREAKDOWN_NOTE_PREFIX`]) are removed from every figure.
pub fn suppress_for_publication(figures: &mut [Figure]) {
    for f in figures {
        let before = f.notes.len();
        f.notes.retain(|n| !n.starts_with(BREAKDOWN_NOTE_PREFIX));
        if f.notes.len() < before {
            f.notes.push(
                "breakdown removed for publication: its cells may be from 1 to 5 (§1.8)".into(),
            );
        }
        if must_suppress(f) {
            f.value = None;
            f.display = Some(SUPPRESSED.to_string());
            f.numerator = None;
            f.denominator = None;
            f.rag = None;
            f.trend = None;
            f.previous_value = None;
            f.previous_display = None;
            f.last_year_value = None;
            f.notes
                .push("suppressed: a count from 1 to 5 is behind this figure (§1.8)".into());
        }
    }
}
