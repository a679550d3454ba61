//! Cross-table integrity: every child in the Header, repeated DOB and SEX
//! agreeing with it, at most one row per child in the one-to-one tables, and
//! the one rule that compares children with each other (444, shared UPNs).

use std::collections::HashMap;

use sightline_domain::Date;
use sightline_exchange::Finding;

use super::{Ctx, Out, Rule, Years, rule};
use crate::field::Field;
use crate::tables::{Return903, Table, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_epi, "EPI", 2023, 9999, [Header, Episodes, Oc3]),
        rule!(rule_int01, "INT01", 2023, 9999, [Header, Ad1]),
        rule!(rule_int02, "INT02", 2023, 9999, [Header, PlacedAdoption]),
        rule!(rule_int03, "INT03", 2023, 9999, [Header, Episodes]),
        rule!(rule_int04, "INT04", 2023, 9999, [Header, Missing]),
        rule!(rule_int05, "INT05", 2023, 9999, [Header, Oc2]),
        rule!(rule_int06, "INT06", 2023, 9999, [Header, Oc3]),
        rule!(rule_int07, "INT07", 2023, 9999, [Header, PrevPerm]),
        rule!(rule_int08, "INT08", 2023, 9999, [Header, Reviews]),
        rule!(rule_int09, "INT09", 2023, 9999, [Header, Uasc]),
        rule!(rule_int11, "INT11", 2023, 9999, [Header, Ad1]),
        rule!(rule_int12, "INT12", 2023, 9999, [Header, PlacedAdoption]),
        rule!(rule_int13, "INT13", 2023, 9999, [Header, Missing]),
        rule!(rule_int14, "INT14", 2023, 9999, [Header, Oc2]),
        rule!(rule_int15, "INT15", 2023, 9999, [Header, Oc3]),
        rule!(rule_int16, "INT16", 2023, 9999, [Header, PrevPerm]),
        rule!(rule_int17, "INT17", 2023, 9999, [Header, Reviews]),
        rule!(rule_int18, "INT18", 2023, 9999, [Header, Uasc]),
        rule!(rule_int21, "INT21", 2023, 9999, [Header, Uasc]),
        rule!(rule_int31, "INT31", 2023, 9999, [Ad1]),
        rule!(rule_int32, "INT32", 2023, 9999, [Header]),
        rule!(rule_int33, "INT33", 2023, 9999, [Oc2]),
        rule!(rule_int34, "INT34", 2023, 9999, [Oc3]),
        rule!(rule_int35, "INT35", 2023, 9999, [PrevPerm]),
        rule!(rule_int36, "INT36", 2023, 9999, [Uasc]),
        rule!(rule_1012, "1012", 2023, 9999, [Episodes]),
    ]
}

pub(crate) fn rule_epi(c: &Ctx, o: &mut Out) {
    if c.r.episodes.is_empty() && c.r.oc3.is_empty() {
        for h in &c.r.header {
            o.flag(Header, h.row, &["CHILD"]);
        }
    }
}

fn not_in_header(c: &Ctx, o: &mut Out, t: Table, rows: impl Iterator<Item = u64>) {
    if c.r.header.is_empty() {
        for r in rows {
            o.flag(t, r, &["CHILD"]);
        }
    }
}

pub(crate) fn rule_int01(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Ad1, c.r.ad1.iter().map(|r| r.row));
}
pub(crate) fn rule_int02(c: &Ctx, o: &mut Out) {
    not_in_header(
        c,
        o,
        PlacedAdoption,
        c.r.placed_adoption.iter().map(|r| r.row),
    );
}
pub(crate) fn rule_int03(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Episodes, c.r.episodes.iter().map(|r| r.row));
}
pub(crate) fn rule_int04(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Missing, c.r.missing.iter().map(|r| r.row));
}
pub(crate) fn rule_int05(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Oc2, c.r.oc2.iter().map(|r| r.row));
}
pub(crate) fn rule_int06(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Oc3, c.r.oc3.iter().map(|r| r.row));
}
pub(crate) fn rule_int07(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, PrevPerm, c.r.prev_perm.iter().map(|r| r.row));
}
pub(crate) fn rule_int08(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Reviews, c.r.reviews.iter().map(|r| r.row));
}
pub(crate) fn rule_int09(c: &Ctx, o: &mut Out) {
    not_in_header(c, o, Uasc, c.r.uasc.iter().map(|r| r.row));
}

/// Rows whose DOB (valid) differs from the Header DOB (valid).
fn dob_differs<'a>(
    c: &Ctx,
    o: &mut Out,
    t: Table,
    rows: impl Iterator<Item = (u64, &'a Field<Date>)>,
) {
    let Some(dob) = c.dob else { return };
    for (row, d) in rows {
        if d.get().is_some_and(|d| d != dob) {
            o.flag(t, row, &["DOB"]);
        }
    }
}

pub(crate) fn rule_int11(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Ad1, c.r.ad1.iter().map(|r| (r.row, &r.dob)));
}
pub(crate) fn rule_int12(c: &Ctx, o: &mut Out) {
    dob_differs(
        c,
        o,
        PlacedAdoption,
        c.r.placed_adoption.iter().map(|r| (r.row, &r.dob)),
    );
}
pub(crate) fn rule_int13(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Missing, c.r.missing.iter().map(|r| (r.row, &r.dob)));
}
pub(crate) fn rule_int14(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Oc2, c.r.oc2.iter().map(|r| (r.row, &r.dob)));
}
pub(crate) fn rule_int15(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Oc3, c.r.oc3.iter().map(|r| (r.row, &r.dob)));
}
pub(crate) fn rule_int16(c: &Ctx, o: &mut Out) {
    dob_differs(
        c,
        o,
        PrevPerm,
        c.r.prev_perm.iter().map(|r| (r.row, &r.dob)),
    );
}
pub(crate) fn rule_int17(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Reviews, c.r.reviews.iter().map(|r| (r.row, &r.dob)));
}
pub(crate) fn rule_int18(c: &Ctx, o: &mut Out) {
    dob_differs(c, o, Uasc, c.r.uasc.iter().map(|r| (r.row, &r.dob)));
}

pub(crate) fn rule_int21(c: &Ctx, o: &mut Out) {
    let Some(h) = c.r.header.iter().find(|h| h.sex.is_present()) else {
        return;
    };
    for u in &c.r.uasc {
        if u.sex.is_present() && u.sex.text() != h.sex.text() {
            o.flag(Uasc, u.row, &["SEX"]);
        }
    }
}

fn duplicates(o: &mut Out, t: Table, rows: impl Iterator<Item = u64>, child: &str) {
    if child.is_empty() {
        return;
    }
    let rows: Vec<u64> = rows.collect();
    if rows.len() > 1 {
        for r in rows {
            o.flag(t, r, &["CHILD"]);
        }
    }
}

pub(crate) fn rule_int31(c: &Ctx, o: &mut Out) {
    duplicates(o, Ad1, c.r.ad1.iter().map(|r| r.row), c.child);
}
pub(crate) fn rule_int32(c: &Ctx, o: &mut Out) {
    duplicates(o, Header, c.r.header.iter().map(|r| r.row), c.child);
}
pub(crate) fn rule_int33(c: &Ctx, o: &mut Out) {
    duplicates(o, Oc2, c.r.oc2.iter().map(|r| r.row), c.child);
}
pub(crate) fn rule_int34(c: &Ctx, o: &mut Out) {
    duplicates(o, Oc3, c.r.oc3.iter().map(|r| r.row), c.child);
}
pub(crate) fn rule_int35(c: &Ctx, o: &mut Out) {
    duplicates(o, PrevPerm, c.r.prev_perm.iter().map(|r| r.row), c.child);
}
pub(crate) fn rule_int36(c: &Ctx, o: &mut Out) {
    duplicates(o, Uasc, c.r.uasc.iter().map(|r| r.row), c.child);
}

pub(crate) fn rule_1012(c: &Ctx, o: &mut Out) {
    if !c.r.episodes.is_empty() {
        return;
    }
    let tables: [(Table, Vec<u64>); 6] = [
        (
            PlacedAdoption,
            c.r.placed_adoption.iter().map(|r| r.row).collect(),
        ),
        (Missing, c.r.missing.iter().map(|r| r.row).collect()),
        (Reviews, c.r.reviews.iter().map(|r| r.row).collect()),
        (Ad1, c.r.ad1.iter().map(|r| r.row).collect()),
        (PrevPerm, c.r.prev_perm.iter().map(|r| r.row).collect()),
        (Oc2, c.r.oc2.iter().map(|r| r.row).collect()),
    ];
    for (t, rows) in tables {
        if c.supplied.contains(&t) {
            for r in rows {
                o.flag(t, r, &["CHILD"]);
            }
        }
    }
}

/// Codes of rules that compare children with each other (run once per return).
pub(crate) const CROSS_CHILD: &[(&str, i32, i32)] = &[("444", 2026, 9999)];

/// 444 (from 2025/26): a known UPN shared by more than one child.
pub(crate) fn cross_child(ret: &Return903, y: Years) -> Vec<Finding> {
    let mut out = Vec::new();
    if y.year < 2026 || !ret.supplied.contains(&Header) {
        return out;
    }
    let mut by_upn: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    for h in &ret.header {
        if !h.upn.is_empty() && !matches!(h.upn.as_str(), "UN1" | "UN2" | "UN3" | "UN4" | "UN5") {
            by_upn.entry(&h.upn).or_default().push((&h.child, h.row));
        }
    }
    for rows in by_upn.values() {
        let mut children: Vec<&str> = rows.iter().map(|r| r.0).collect();
        children.sort_unstable();
        children.dedup();
        if children.len() > 1 {
            for (child, row) in rows {
                let mut o = Out {
                    found: &mut out,
                    rule: "444",
                    child,
                };
                o.flag(Header, *row, &["UPN"]);
            }
        }
    }
    out
}
