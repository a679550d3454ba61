//! Rules over the whole return: the header (100) and the LA-level queries
//! and errors (2883, 2886Q, 2887Q, 2888Q), computed from running totals so
//! that a streamed file never has to be held in memory.
//!
//! Uniqueness of LAchildID (8510) and UPN (1520) is kept by the engine in
//! [`super::Engine`], which remembers each id once.

use sightline_domain::codes::{CodeList, Disability, Sex};

use super::Ctx;
use crate::model::{CinChild, GenderCurrent, Header};

/// Rule 100: `ReferenceDate` must be 31 March of `Year`.
pub fn header_fails(h: &Header) -> bool {
    let expected = h
        .year
        .get()
        .and_then(|y| i32::try_from(y).ok())
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 3, 31));
    match (expected, h.reference_date.get()) {
        (Some(e), Some(r)) => e != r,
        _ => true,
    }
}

/// Running totals for the LA-level rules.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    /// Children in the return.
    pub children: u64,
    /// Born or unborn children with no sex recorded (excluding unborns).
    pub no_sex: u64,
    /// CP plans starting in the census year.
    pub cp_starts: u64,
    /// ICPCs (CINdetails and Section47 level) in the census year.
    pub icpcs: u64,
    /// Bit per disability code used (other than NONE).
    pub disability_codes: u32,
    /// Largest number of non-NONE disability codes on one child.
    pub max_disabilities: usize,
}

impl Totals {
    /// Add one child.
    pub fn add(&mut self, ctx: &Ctx, c: &CinChild) {
        self.children += 1;
        let unborn = c.expected_birth_date.is_valid();
        let no_sex = if ctx.year >= 2025 {
            matches!(c.sex.get(), None | Some(Sex::Unknown))
        } else {
            matches!(c.gender_current.get(), None | Some(GenderCurrent::NotKnown))
        };
        if no_sex && !unborn {
            self.no_sex += 1;
        }
        for e in &c.episodes {
            if e.icpc_date.get().is_some_and(|d| ctx.in_year(d)) {
                self.icpcs += 1;
            }
            for s in &e.section47s {
                if s.icpc_date.get().is_some_and(|d| ctx.in_year(d)) {
                    self.icpcs += 1;
                }
            }
            for p in &e.cp_plans {
                if p.start.get().is_some_and(|d| ctx.in_year(d)) {
                    self.cp_starts += 1;
                }
            }
        }
        if let Some(d) = &c.disabilities {
            let mut n = 0;
            for code in d.iter().filter_map(|x| x.get()) {
                if code != Disability::None {
                    n += 1;
                    if let Some(k) = Disability::ALL.iter().position(|x| *x == code) {
                        self.disability_codes |= 1 << k;
                    }
                }
            }
            self.max_disabilities = self.max_disabilities.max(n);
        }
    }

    /// The LA-level rules that fail, by code.
    pub fn failing(&self, _ctx: &Ctx) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.cp_starts > self.icpcs {
            out.push("2883");
        }
        if self.children > 0 && self.no_sex as f64 / self.children as f64 > 0.02 {
            out.push("2886Q");
        }
        if self.disability_codes.count_ones() < 8 {
            out.push("2887Q");
        }
        if self.disability_codes != 0 && self.max_disabilities <= 1 {
            out.push("2888Q");
        }
        out
    }
}
