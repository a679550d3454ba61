//! The DfE validation rules for the SSDA903, one function per rule code.
//!
//! Why this shape: every DfE rule is about one child (its rows in the
//! different tables, and last year's rows), so the return is grouped by
//! `CHILD` once and the children are checked in parallel with rayon; each rule
//! is a plain function `rule_<code>(&Ctx, &mut Out)` over one child's rows,
//! testable alone. The collection year selects which rules run and which code
//! lists apply ([`Rule::applies`]).
//!
//! What this module does not do: rules that need the ONS postcode directory
//! (derived distance and placement LA) or the Ofsted provider lists; they are
//! listed, with the reason, in `docs/rules/ssda903.md`.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use sightline_domain::{CollectionYear, Date};
use sightline_exchange::Finding;

use crate::tables::*;

mod adoption;
mod episodes;
mod header;
mod integrity;
mod messages;
mod missing;
mod outcomes;
mod previous;
mod social_worker;
mod y2024;

#[cfg(test)]
pub(crate) mod tests;

/// The collection year's boundaries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Years {
    pub year: i32,
    pub start: Date,
    pub end: Date,
}

/// Last year's rows for one child.
#[derive(Default)]
pub(crate) struct Prev<'a> {
    pub header: Vec<&'a HeaderRow>,
    pub episodes: Vec<&'a EpisodeRow>,
    pub uasc: Vec<&'a UascRow>,
    pub placed_adoption: Vec<&'a PlacedAdoptionRow>,
    pub missing: Vec<&'a MissingRow>,
    pub oc3: Vec<&'a Oc3Row>,
}

/// One child's rows in every table, each list in file order except
/// `episodes`, which is sorted by DECOM (invalid or blank DECOM last).
#[derive(Default)]
pub(crate) struct Rows<'a> {
    pub header: Vec<&'a HeaderRow>,
    pub episodes: Vec<&'a EpisodeRow>,
    pub reviews: Vec<&'a ReviewRow>,
    pub uasc: Vec<&'a UascRow>,
    pub oc2: Vec<&'a Oc2Row>,
    pub oc3: Vec<&'a Oc3Row>,
    pub ad1: Vec<&'a Ad1Row>,
    pub placed_adoption: Vec<&'a PlacedAdoptionRow>,
    pub prev_perm: Vec<&'a PrevPermRow>,
    pub missing: Vec<&'a MissingRow>,
    pub sw_episodes: Vec<&'a SwEpisodeRow>,
}

/// Everything a rule sees about one child.
pub(crate) struct Ctx<'a> {
    pub y: Years,
    pub child: &'a str,
    pub r: Rows<'a>,
    /// Last year's rows, when last year's return was given.
    pub prev: Option<Prev<'a>>,
    pub supplied: &'a BTreeSet<Table>,
    /// Header DOB (first Header row with a valid DOB).
    pub dob: Option<Date>,
    /// Looked after continuously for 12 months at 31 March (`ssda903.md` §4.3).
    pub cla12: bool,
}

impl Ctx<'_> {
    /// The child's `n`th birthday.
    pub fn bday(&self, n: i32) -> Option<Date> {
        self.dob.map(|d| sightline_domain::calendar::birthday(d, n))
    }
    /// The child has a UASC row (with any field other than CHILD filled).
    pub fn is_uasc(&self) -> bool {
        self.r
            .uasc
            .iter()
            .any(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present())
    }
    pub fn prev_is_uasc(&self) -> bool {
        self.prev.as_ref().is_some_and(|p| {
            p.uasc
                .iter()
                .any(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present())
        })
    }
}

/// Where a rule writes its findings.
pub(crate) struct Out<'o> {
    pub found: &'o mut Vec<Finding>,
    pub rule: &'static str,
    pub child: &'o str,
}

impl Out<'_> {
    /// Flag row `row` of `table`, naming the fields involved.
    pub fn flag(&mut self, table: Table, row: u64, fields: &[&str]) {
        self.found.push(Finding {
            rule: self.rule.to_string(),
            table: Some(table.name().to_string()),
            row: Some(row),
            path: None,
            child: if self.child.is_empty() {
                None
            } else {
                Some(self.child.to_string())
            },
            fields: fields.iter().map(|f| f.to_string()).collect(),
            message: message(self.rule).to_string(),
        });
    }
}

/// The DfE message for a rule code.
pub fn message(code: &str) -> &'static str {
    messages::MESSAGES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .map(|i| messages::MESSAGES[i].1)
        .unwrap_or("")
}

/// One DfE rule.
pub(crate) struct Rule {
    pub code: &'static str,
    /// First and last collection years (named by their ending year) in which it applies.
    pub years: (i32, i32),
    /// Tables it reads; it does not run unless all were supplied.
    pub tables: &'static [Table],
    /// Needs last year's return.
    pub needs_prev: bool,
    pub check: fn(&Ctx, &mut Out),
}

impl Rule {
    pub fn applies(&self, year: i32) -> bool {
        self.years.0 <= year && year <= self.years.1
    }
}

macro_rules! rule {
    ($f:ident, $code:literal, $from:expr, $to:expr, [$($t:ident),*]) => {
        $crate::rules::Rule { code: $code, years: ($from, $to), tables: &[$($crate::tables::Table::$t),*], needs_prev: false, check: $f }
    };
    ($f:ident, $code:literal, $from:expr, $to:expr, [$($t:ident),*], prev) => {
        $crate::rules::Rule { code: $code, years: ($from, $to), tables: &[$($crate::tables::Table::$t),*], needs_prev: true, check: $f }
    };
}
pub(crate) use rule;

/// Every rule Sightline implements, for every year.
pub(crate) fn registry() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(header::rules());
    v.extend(episodes::rules());
    v.extend(outcomes::rules());
    v.extend(adoption::rules());
    v.extend(missing::rules());
    v.extend(social_worker::rules());
    v.extend(integrity::rules());
    v.extend(previous::rules());
    v.extend(y2024::rules());
    v
}

/// Codes of the rules that run for `year` (with or without last year's return).
pub fn rule_codes(year: CollectionYear, with_previous: bool) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = registry()
        .iter()
        .filter(|r| r.applies(year.0) && (with_previous || !r.needs_prev))
        .map(|r| r.code)
        .chain(
            integrity::CROSS_CHILD
                .iter()
                .filter(|(_, from, to)| *from <= year.0 && year.0 <= *to)
                .map(|(code, _, _)| *code),
        )
        .collect();
    v.sort_by(|a, b| rule_order(a).cmp(&rule_order(b)));
    v
}

/// Sort key for rule codes: numeric part first (so 101 < 1000 < SW01).
pub(crate) fn rule_order(code: &str) -> (u32, &str) {
    let mut n: u32 = 0;
    let mut any = false;
    for b in code.bytes().take_while(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(u32::from(b - b'0'));
        any = true;
    }
    (if any { n } else { u32::MAX }, code)
}

fn group<'a, R>(
    rows: &'a [R],
    map: &mut HashMap<&'a str, usize>,
    slots: &mut Vec<(&'a str, Rows<'a>)>,
    push: impl Fn(&mut Rows<'a>, &'a R),
) where
    R: HasChild,
{
    for r in rows {
        let key = r.child_id();
        let i = *map.entry(key).or_insert_with(|| {
            slots.push((key, Rows::default()));
            slots.len() - 1
        });
        push(&mut slots[i].1, r);
    }
}

pub(crate) trait HasChild {
    fn child_id(&self) -> &str;
}
macro_rules! has_child {
    ($($t:ty),*) => { $(impl HasChild for $t { fn child_id(&self) -> &str { &self.child } })* };
}
has_child!(
    HeaderRow,
    EpisodeRow,
    ReviewRow,
    UascRow,
    Oc2Row,
    Oc3Row,
    Ad1Row,
    PlacedAdoptionRow,
    PrevPermRow,
    MissingRow,
    SwEpisodeRow
);

/// Sort a child's episodes by DECOM (blank or invalid last), then file order.
pub(crate) fn sort_episodes(eps: &mut [&EpisodeRow]) {
    eps.sort_by_key(|e| (e.decom.get().is_none(), e.decom.get(), e.row));
}

fn group_return(ret: &Return903) -> Vec<(&str, Rows<'_>)> {
    let mut map: HashMap<&str, usize> = HashMap::with_capacity(ret.header.len() * 2);
    let mut slots: Vec<(&str, Rows)> = Vec::with_capacity(ret.header.len() + 16);
    group(&ret.header, &mut map, &mut slots, |s, r| s.header.push(r));
    group(&ret.episodes, &mut map, &mut slots, |s, r| {
        s.episodes.push(r)
    });
    group(&ret.reviews, &mut map, &mut slots, |s, r| s.reviews.push(r));
    group(&ret.uasc, &mut map, &mut slots, |s, r| s.uasc.push(r));
    group(&ret.oc2, &mut map, &mut slots, |s, r| s.oc2.push(r));
    group(&ret.oc3, &mut map, &mut slots, |s, r| s.oc3.push(r));
    group(&ret.ad1, &mut map, &mut slots, |s, r| s.ad1.push(r));
    group(&ret.placed_adoption, &mut map, &mut slots, |s, r| {
        s.placed_adoption.push(r)
    });
    group(&ret.prev_perm, &mut map, &mut slots, |s, r| {
        s.prev_perm.push(r)
    });
    group(&ret.missing, &mut map, &mut slots, |s, r| s.missing.push(r));
    group(&ret.sw_episodes, &mut map, &mut slots, |s, r| {
        s.sw_episodes.push(r)
    });
    slots
}

fn group_prev(ret: &Return903) -> HashMap<&str, Prev<'_>> {
    let mut m: HashMap<&str, Prev> = HashMap::with_capacity(ret.header.len() * 2);
    for r in &ret.header {
        m.entry(&r.child).or_default().header.push(r);
    }
    for r in &ret.episodes {
        m.entry(&r.child).or_default().episodes.push(r);
    }
    for r in &ret.uasc {
        m.entry(&r.child).or_default().uasc.push(r);
    }
    for r in &ret.placed_adoption {
        m.entry(&r.child).or_default().placed_adoption.push(r);
    }
    for r in &ret.missing {
        m.entry(&r.child).or_default().missing.push(r);
    }
    for r in &ret.oc3 {
        m.entry(&r.child).or_default().oc3.push(r);
    }
    for p in m.values_mut() {
        sort_episodes(&mut p.episodes);
    }
    m
}

/// `ssda903.md` §4.3: looked after continuously for the 12 months to 31 March.
pub(crate) fn continuously_looked_after(eps: &[&EpisodeRow], y: Years) -> bool {
    use sightline_domain::codes::{
        LegalStatus as Ls, ReasonEpisodeCeased as Rec, ReasonNewEpisode as Rne,
    };
    let mut any = false;
    for e in eps {
        let (Some(decom), dec) = (e.decom.get(), e.dec.get()) else {
            continue;
        };
        let during = decom <= y.end && dec.is_none_or(|d| d >= y.start);
        if during {
            any = true;
            if e.ls
                .is_any(&[Ls::ShortBreaksEpisodes, Ls::ShortBreaksAgreement])
            {
                return false;
            }
        }
        if e.rne.is(Rne::Started) && decom > y.start && decom <= y.end {
            return false;
        }
        if let Some(d) = dec
            && !e.rec.is(Rec::Continues)
            && d >= y.start
            && d < y.end
        {
            return false;
        }
    }
    any
}

/// Validate a return against the rules for `year`, with last year's return
/// when given (rules needing it are skipped otherwise). Findings are sorted by
/// rule, table and row.
pub fn validate_with_previous(
    ret: &Return903,
    previous: Option<&Return903>,
    year: CollectionYear,
) -> Vec<Finding> {
    let y = Years {
        year: year.0,
        start: year.start(),
        end: year.end(),
    };
    let rules: Vec<Rule> = registry()
        .into_iter()
        .filter(|r| {
            r.applies(year.0)
                && r.tables.iter().all(|t| ret.supplied.contains(t))
                && (!r.needs_prev || previous.is_some())
        })
        .collect();
    let groups = group_return(ret);
    let prev_groups = previous.map(group_prev);
    let mut found: Vec<Finding> = groups
        .into_par_iter()
        .map(|(child, mut rows)| {
            sort_episodes(&mut rows.episodes);
            let dob = rows.header.iter().find_map(|h| h.dob.get());
            let cla12 = continuously_looked_after(&rows.episodes, y);
            let prev = prev_groups.as_ref().map(|m| {
                m.get(child)
                    .map(|p| Prev {
                        header: p.header.clone(),
                        episodes: p.episodes.clone(),
                        uasc: p.uasc.clone(),
                        placed_adoption: p.placed_adoption.clone(),
                        missing: p.missing.clone(),
                        oc3: p.oc3.clone(),
                    })
                    .unwrap_or_default()
            });
            let ctx = Ctx {
                y,
                child,
                r: rows,
                prev,
                supplied: &ret.supplied,
                dob,
                cla12,
            };
            let mut out = Vec::new();
            for rule in &rules {
                let mut o = Out {
                    found: &mut out,
                    rule: rule.code,
                    child,
                };
                (rule.check)(&ctx, &mut o);
            }
            out
        })
        .flatten()
        .collect();
    found.extend(integrity::cross_child(ret, y));
    sort_findings(&mut found);
    found
}

/// Sort by rule, table, row, then dedupe (a rule may reach a row twice).
pub(crate) fn sort_findings(found: &mut Vec<Finding>) {
    found.par_sort_unstable_by(|a, b| {
        rule_order(&a.rule)
            .cmp(&rule_order(&b.rule))
            .then_with(|| a.table.cmp(&b.table))
            .then_with(|| a.row.cmp(&b.row))
            .then_with(|| a.fields.cmp(&b.fields))
    });
    found.dedup_by(|a, b| a.rule == b.rule && a.table == b.table && a.row == b.row);
}

/// Validate a return against the rules for `year`.
pub fn validate(ret: &Return903, year: CollectionYear) -> Vec<Finding> {
    validate_with_previous(ret, None, year)
}

// ---- small helpers shared by the rule modules ----

use sightline_domain::codes::{LegalStatus, PlacementType, ReasonEpisodeCeased};

pub(crate) fn is_short_break(e: &EpisodeRow) -> bool {
    e.ls.is_any(&[
        LegalStatus::ShortBreaksEpisodes,
        LegalStatus::ShortBreaksAgreement,
    ])
}

pub(crate) fn is_temporary(e: &EpisodeRow) -> bool {
    e.place.get().is_some_and(PlacementType::is_temporary)
}

pub(crate) fn is_adoption_rec(e: &EpisodeRow) -> bool {
    e.rec.get().is_some_and(ReasonEpisodeCeased::is_adoption)
}

pub(crate) fn is_adoption_place(e: &EpisodeRow) -> bool {
    e.place
        .get()
        .is_some_and(PlacementType::is_placed_for_adoption)
}
