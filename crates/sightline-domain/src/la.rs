//! The English local authorities with children's services, and their child
//! populations.
//!
//! A council is identified by its three-digit DfE number (806 Middlesbrough);
//! users may also give the ONS code (E06000002). Both map through the
//! reference list compiled in from `data/local-authorities.csv`.

use std::sync::OnceLock;

use crate::ids::LaNumber;

const LA_CSV: &str = include_str!("../data/local-authorities.csv");
const POPULATION_CSV: &str = include_str!("../data/population.csv");

/// One English local authority.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocalAuthority {
    pub number: LaNumber,
    /// ONS GSS code, e.g. `E06000002`.
    pub ons_code: String,
    pub name: String,
    pub region: String,
}

/// No local authority matched what the user gave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no English local authority has the DfE number or ONS code {0:?}; give a three-digit DfE number such as 806 or an ONS code such as E06000002"
)]
pub struct UnknownLa(pub String);

/// All 153 authorities, in DfE-number order.
pub fn local_authorities() -> &'static [LocalAuthority] {
    static LIST: OnceLock<Vec<LocalAuthority>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<LocalAuthority> = LA_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let f = split_csv_line(line);
                if f.len() < 4 {
                    return None;
                }
                Some(LocalAuthority {
                    number: LaNumber::parse(&f[0]).ok()?,
                    ons_code: f[1].clone(),
                    name: f[2].clone(),
                    region: f[3].clone(),
                })
            })
            .collect();
        v.sort_by_key(|l| l.number);
        v
    })
}

/// Find an authority by DfE number (`806`) or ONS code (`E06000002`).
pub fn find_la(code: &str) -> Result<&'static LocalAuthority, UnknownLa> {
    let t = code.trim();
    let found = if let Ok(n) = LaNumber::parse(t) {
        local_authorities().iter().find(|l| l.number == n)
    } else {
        local_authorities()
            .iter()
            .find(|l| l.ons_code.eq_ignore_ascii_case(t))
    };
    found.ok_or_else(|| UnknownLa(t.to_string()))
}

/// A published 0–17 population for one authority and year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PopulationFigure {
    pub la: LaNumber,
    pub year: i32,
    pub population_0_17: u32,
    pub source: String,
}

/// The reference population table (see `population.csv`; only figures with
/// a named source are there).
pub fn reference_population() -> &'static [PopulationFigure] {
    static LIST: OnceLock<Vec<PopulationFigure>> = OnceLock::new();
    LIST.get_or_init(|| parse_population_csv(POPULATION_CSV))
}

/// Parse a population table with the reference columns
/// (`la_code,la_number,la_name,region,year,population_0_17,source`).
/// Rows that do not parse are skipped.
pub fn parse_population_csv(text: &str) -> Vec<PopulationFigure> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f = split_csv_line(line);
            if f.len() < 6 {
                return None;
            }
            Some(PopulationFigure {
                la: LaNumber::parse(&f[1]).ok()?,
                year: f[4].trim().parse().ok()?,
                population_0_17: f[5].trim().parse().ok()?,
                source: f.get(6).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// The most recent population at or before `year` for `la` (or the earliest
/// after it when none precedes it).
pub fn population_for(
    table: &[PopulationFigure],
    la: LaNumber,
    year: i32,
) -> Option<&PopulationFigure> {
    let mut rows: Vec<&PopulationFigure> = table.iter().filter(|p| p.la == la).collect();
    rows.sort_by_key(|p| p.year);
    rows.iter()
        .rev()
        .find(|p| p.year <= year)
        .or_else(|| rows.first())
        .copied()
}

/// Split one line of a simple CSV (fields may be quoted; quotes doubled inside).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_number_or_ons_code() {
        assert_eq!(local_authorities().len(), 153);
        let m = find_la("806").unwrap();
        assert_eq!(m.name, "Middlesbrough");
        assert_eq!(find_la("E06000004").unwrap().name, "Stockton-on-Tees");
        assert_eq!(find_la("e06000002").unwrap().number, m.number);
        assert!(find_la("999").is_err());
        assert!(find_la("Middlesbrough").is_err());
    }

    #[test]
    fn names_with_commas_survive() {
        assert!(
            local_authorities()
                .iter()
                .any(|l| l.name == "Bristol, City of")
        );
    }

    #[test]
    fn middlesbrough_population_from_seed() {
        let la = LaNumber::parse("806").unwrap();
        let p = population_for(reference_population(), la, 2016).unwrap();
        assert_eq!(p.population_0_17, 31_801);
        assert_eq!(
            population_for(reference_population(), la, 2025)
                .unwrap()
                .year,
            2016
        );
    }
}
