//! Small-number suppression for anything that leaves the organisation.
//!
//! Why: Cabinet papers and published extracts are public, and a count of 1 to
//! 4 children (configurable) in a small council can identify a child. A
//! suppressed count is printed as a mark (`c`, the DfE symbol); any cell that
//! would let a reader recover it by subtraction from a published total is
//! suppressed too (secondary suppression), and so is any percentage, rate or
//! average built on a suppressed number. Zero is printed as 0.
//!
//! Internal reports (performance clinic, the web app behind login) may be
//! produced unsuppressed, but only when the caller says so explicitly
//! ([`Disclosure::Internal`]); the web app decides who may ask. This module
//! does not know about roles, and it does not round totals to the nearest 10
//! (Sightline publishes no national totals).

/// The suppression rule for public output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Counts from 1 to `max` are suppressed (default 4; DfE releases use 5).
    pub max: u64,
    /// What replaces a suppressed figure (default `c`).
    pub mark: String,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression {
            max: 4,
            mark: "c".to_string(),
        }
    }
}

/// Who the output is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disclosure {
    /// Leaves the organisation: suppress small numbers.
    Public(Suppression),
    /// Stays inside (explicitly requested): print every figure.
    Internal,
}

impl Default for Disclosure {
    fn default() -> Self {
        Disclosure::Public(Suppression::default())
    }
}

impl Disclosure {
    /// The rule in force, or `None` for internal output.
    pub fn rule(&self) -> Option<&Suppression> {
        match self {
            Disclosure::Public(s) => Some(s),
            Disclosure::Internal => None,
        }
    }

    /// Whether count `n` is suppressed on its own (primary suppression).
    pub fn hides(&self, n: u64) -> bool {
        self.rule().is_some_and(|s| s.hides(n))
    }

    /// Whether a percentage, rate or average with this numerator and
    /// denominator (children counted) must be suppressed.
    pub fn hides_ratio(&self, numerator: u64, denominator: Option<u64>) -> bool {
        self.hides(numerator) || denominator.is_some_and(|d| self.hides(d))
    }

    /// The suppression mark, or "" for internal output.
    pub fn mark(&self) -> &str {
        self.rule().map(|s| s.mark.as_str()).unwrap_or("")
    }

    /// A count as printed.
    pub fn count(&self, n: u64) -> String {
        if self.hides(n) {
            self.mark().to_string()
        } else {
            n.to_string()
        }
    }

    /// The sentence printed at the end of a document about suppression.
    pub fn note(&self) -> String {
        match self {
            Disclosure::Public(s) => format!(
                "Small numbers: counts from 1 to {max} are shown as \u{201c}{mark}\u{201d}, as are figures from which they could be worked out (totals, differences, and percentages or rates built on them).",
                max = s.max,
                mark = s.mark
            ),
            Disclosure::Internal => {
                "Internal document: small numbers are not suppressed. Do not publish.".to_string()
            }
        }
    }
}

impl Suppression {
    /// Whether count `n` is suppressed on its own.
    pub fn hides(&self, n: u64) -> bool {
        n >= 1 && n <= self.max
    }
}

/// A linear relation between published cells: the `parts` add up to `total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub parts: Vec<(usize, usize)>,
    pub total: (usize, usize),
}

/// The relations of a table whose last column holds row totals
/// (`row_totals`) and/or whose last row holds column totals (`col_totals`).
pub fn margin_relations(
    rows: usize,
    cols: usize,
    row_totals: bool,
    col_totals: bool,
) -> Vec<Relation> {
    let mut out = vec![];
    if rows == 0 || cols == 0 {
        return out;
    }
    let body_rows = if col_totals { rows - 1 } else { rows };
    let body_cols = if row_totals { cols - 1 } else { cols };
    if row_totals {
        for r in 0..rows {
            out.push(Relation {
                parts: (0..body_cols).map(|c| (r, c)).collect(),
                total: (r, cols - 1),
            });
        }
    }
    if col_totals {
        for c in 0..cols {
            out.push(Relation {
                parts: (0..body_rows).map(|r| (r, c)).collect(),
                total: (rows - 1, c),
            });
        }
    }
    out
}

/// Which cells of `values` to suppress: every count from 1 to `max`
/// (primary), then, until nothing changes, in any relation with exactly one
/// suppressed cell, the smallest non-zero unsuppressed part (or, failing
/// that, any part, then the total) as well, so no suppressed cell can be
/// recovered by subtraction. Internal output suppresses nothing.
pub fn suppress_table(
    disclosure: &Disclosure,
    values: &[Vec<u64>],
    relations: &[Relation],
) -> Vec<Vec<bool>> {
    let mut hidden: Vec<Vec<bool>> = values
        .iter()
        .map(|row| row.iter().map(|&v| disclosure.hides(v)).collect())
        .collect();
    if disclosure.rule().is_none() {
        return hidden;
    }
    let get = |h: &Vec<Vec<bool>>, (r, c): (usize, usize)| h.get(r).and_then(|x| x.get(c)).copied();
    loop {
        let mut changed = false;
        for rel in relations {
            let members: Vec<(usize, usize)> =
                rel.parts.iter().copied().chain([rel.total]).collect();
            let n_hidden = members
                .iter()
                .filter(|&&m| get(&hidden, m) == Some(true))
                .count();
            if n_hidden != 1 {
                continue;
            }
            let value = |(r, c): (usize, usize)| values[r][c];
            let open_parts: Vec<(usize, usize)> = rel
                .parts
                .iter()
                .copied()
                .filter(|&m| get(&hidden, m) == Some(false))
                .collect();
            let pick = open_parts
                .iter()
                .copied()
                .filter(|&m| value(m) > 0)
                .min_by_key(|&m| value(m))
                .or_else(|| open_parts.first().copied())
                .or_else(|| (get(&hidden, rel.total) == Some(false)).then_some(rel.total));
            if let Some((r, c)) = pick {
                hidden[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// A change between two counts as printed ("+3", "-8", "0"), suppressed
/// when either count is suppressed (the change would reveal it).
pub fn difference(
    disclosure: &Disclosure,
    current: u64,
    previous: u64,
    current_hidden: bool,
    previous_hidden: bool,
) -> String {
    if current_hidden || previous_hidden {
        return disclosure.mark().to_string();
    }
    let d = current as i64 - previous as i64;
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(max: u64) -> Disclosure {
        Disclosure::Public(Suppression {
            max,
            mark: "c".into(),
        })
    }

    fn marks(v: &[Vec<u64>], h: &[Vec<bool>]) -> Vec<Vec<String>> {
        v.iter()
            .zip(h)
            .map(|(r, hr)| {
                r.iter()
                    .zip(hr)
                    .map(|(x, &hid)| if hid { "c".to_string() } else { x.to_string() })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn primary_suppression_hides_one_to_max_but_not_zero() {
        let p = public(4);
        assert_eq!(p.count(0), "0");
        assert_eq!(p.count(1), "c");
        assert_eq!(p.count(4), "c");
        assert_eq!(p.count(5), "5");
        assert_eq!(public(5).count(5), "c");
        assert_eq!(Disclosure::Internal.count(1), "1");
        assert_eq!(Disclosure::Internal.mark(), "");
    }

    #[test]
    fn percentages_on_small_numerators_or_denominators_are_hidden() {
        let p = public(4);
        assert!(p.hides_ratio(3, Some(40)), "numerator 3");
        assert!(p.hides_ratio(20, Some(4)), "denominator 4");
        assert!(!p.hides_ratio(0, Some(40)), "0 of 40 is publishable");
        assert!(!p.hides_ratio(10, Some(40)));
        assert!(!p.hides_ratio(10, None));
        assert!(!Disclosure::Internal.hides_ratio(1, Some(2)));
    }

    #[test]
    fn a_row_total_forces_a_second_cell_in_the_row() {
        // Female 3, male 17, total 20: hiding 3 alone would leave 20 - 17.
        let v = vec![vec![3, 17, 20]];
        let h = suppress_table(&public(4), &v, &margin_relations(1, 3, true, false));
        assert_eq!(marks(&v, &h), vec![vec!["c", "c", "20"]]);
    }

    #[test]
    fn the_smallest_non_zero_cell_is_chosen_for_secondary_suppression() {
        let v = vec![vec![2, 0, 9, 30, 41]];
        let h = suppress_table(&public(4), &v, &margin_relations(1, 5, true, false));
        assert_eq!(marks(&v, &h), vec![vec!["c", "0", "c", "30", "41"]]);
    }

    #[test]
    fn column_totals_and_the_grand_total_cascade() {
        // Two quarters (rows) by two teams (columns), row totals and a totals row.
        //            team A  team B  total
        // Q1            2      10     12
        // Q2            8       9     17
        // total        10      19     29
        let v = vec![vec![2, 10, 12], vec![8, 9, 17], vec![10, 19, 29]];
        let h = suppress_table(&public(4), &v, &margin_relations(3, 3, true, true));
        // Row Q1: 2 hidden -> 10 hidden. Column A: 2 hidden -> 8 hidden.
        // Column B: 10 hidden -> 9 hidden. Row Q2: 8 and 9 hidden (two) -> fine.
        assert_eq!(
            marks(&v, &h),
            vec![
                vec!["c", "c", "12"],
                vec!["c", "c", "17"],
                vec!["10", "19", "29"]
            ]
        );
        // Every relation now has zero or at least two hidden cells.
        for rel in margin_relations(3, 3, true, true) {
            let n = rel
                .parts
                .iter()
                .chain([&rel.total])
                .filter(|&&(r, c)| h[r][c])
                .count();
            assert_ne!(n, 1, "{rel:?}");
        }
    }

    #[test]
    fn a_suppressed_total_needs_a_partner_too() {
        // Parts 2 and 1 are both hidden; the total 3 is hidden by primary rule.
        let v = vec![vec![2, 1, 3], vec![10, 12, 22], vec![12, 13, 25]];
        let h = suppress_table(&public(4), &v, &margin_relations(3, 3, true, true));
        // Column 2 (totals): 3 hidden alone -> 22 hidden; row 2 then has one hidden (22) -> 10 hidden;
        // column 0 now has 2 and 10 hidden (fine); column 1 has 1 hidden only -> 12 hidden.
        for rel in margin_relations(3, 3, true, true) {
            let n = rel
                .parts
                .iter()
                .chain([&rel.total])
                .filter(|&&(r, c)| h[r][c])
                .count();
            assert_ne!(n, 1, "{rel:?} in {:?}", marks(&v, &h));
        }
        assert!(h[0][0] && h[0][1] && h[0][2]);
        assert!(!h[2][2], "the grand total stays published");
    }

    #[test]
    fn internal_output_suppresses_nothing() {
        let v = vec![vec![1, 2, 3]];
        let h = suppress_table(
            &Disclosure::Internal,
            &v,
            &margin_relations(1, 3, true, false),
        );
        assert_eq!(h, vec![vec![false, false, false]]);
    }

    #[test]
    fn differences_reveal_nothing() {
        let p = public(4);
        assert_eq!(difference(&p, 401, 409, false, false), "-8");
        assert_eq!(difference(&p, 12, 9, false, false), "+3");
        assert_eq!(difference(&p, 12, 3, false, true), "c");
        assert_eq!(difference(&p, 0, 0, false, false), "0");
    }
}
