//! The child-level DfE rules: each a function named after its DfE code that
//! looks at one `Child` and returns the element paths (below the child) that
//! fail.
//!
//! Why one function per rule: each rule is tested on its own, its behaviour
//! and its differences from the peer validator are documented against its
//! code in docs/rules/cin.md, and the registry in [`super::RULES`] selects
//! them by collection year.
//!
//! What these do not do: rules over the whole return (uniqueness of ids,
//! LA-level percentages) live in [`super::la`].

use sightline_domain::calendar::Date;
use sightline_domain::codes::{
    AssessmentFactor as F, Disability, ReasonForClosure, Sex, UpnUnknown,
};

use super::ctx::{Ctx, add_months_days, minus_years};
use crate::model::*;

/// Failing element paths below the child, e.g. `/CINdetails[1]/Assessments[2]`.
pub type Hits = Vec<String>;

fn ep(i: usize) -> String {
    format!("/CINdetails[{}]", i + 1)
}
fn sub(i: usize, name: &str, j: usize) -> String {
    format!("/CINdetails[{}]/{}[{}]", i + 1, name, j + 1)
}
const IDS: &str = "/ChildIdentifiers";
const CHARS: &str = "/ChildCharacteristics";

fn eps(c: &CinChild) -> impl Iterator<Item = (usize, &CinEpisode)> {
    c.episodes.iter().enumerate()
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

// ---------------------------------------------------------------- identifiers

/// UPN check letter.
pub fn r1510(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(u) = c.upn.as_deref() else { return };
    let cs = chars(u);
    if cs.len() == 13 && cs[1..].iter().all(|x| x.is_ascii_digit()) {
        let rest: String = cs[1..].iter().collect();
        if sightline_domain::ids::Upn::check_letter(&rest) != Some(cs[0]) {
            h.push(IDS.into());
        }
    }
}

const LA_CODES: &[(u16, u16)] = &[
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    (420, 420),
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    (815, 816),
    (820, 823),
    (825, 826),
    (830, 831),
    (835, 841),
    (845, 846),
    (850, 852),
    (855, 857),
    (860, 861),
    (865, 896),
    (908, 909),
    (916, 916),
    (919, 919),
    (921, 921),
    (925, 926),
    (928, 929),
    (931, 931),
    (933, 933),
    (935, 938),
    (940, 943),
];

/// Whether `code` is a DfE LA number accepted in UPN characters 2–4 (942 and
/// 943 from 2023-24).
pub fn is_la_code(code: u16, year: i32) -> bool {
    if year <= 2023 && (code == 942 || code == 943) {
        return false;
    }
    LA_CODES.iter().any(|(a, b)| (*a..=*b).contains(&code))
}

/// UPN characters 2–4 not a recognised LA code.
pub fn r1530(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(u) = c.upn.as_deref() else { return };
    let cs = chars(u);
    if cs.len() == 13 {
        let ok = cs[1..4].iter().all(|x| x.is_ascii_digit())
            && cs[1..4]
                .iter()
                .collect::<String>()
                .parse::<u16>()
                .is_ok_and(|n| is_la_code(n, x.year));
        if !ok {
            h.push(IDS.into());
        }
    }
}

/// UPN characters 5–12 not all numeric.
pub fn r1540(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(u) = c.upn.as_deref() else { return };
    let cs = chars(u);
    if cs.len() < 12 || !cs[4..12].iter().all(|x| x.is_ascii_digit()) {
        h.push(IDS.into());
    }
}

/// UPN character 13 not a digit or an allowed letter.
pub fn r1550(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(u) = c.upn.as_deref() else { return };
    let cs = chars(u);
    if cs.len() == 13 {
        let l = cs[12];
        let ok = l.is_ascii_digit() || (l.is_ascii_uppercase() && !matches!(l, 'I' | 'O' | 'S'));
        if !ok {
            h.push(IDS.into());
        }
    }
}

/// Former UPN wrongly formatted.
pub fn r1560q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(u) = c.former_upn.as_deref() else {
        return;
    };
    let cs = chars(u);
    let ok = cs.len() == 13 && cs[0].is_alphabetic() && cs[1..].iter().all(|x| x.is_ascii_digit());
    if !ok {
        h.push(IDS.into());
    }
}

/// LAchildID longer than 20 characters.
pub fn r1570(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.la_child_id
        .as_deref()
        .is_some_and(|s| s.chars().count() > 20)
    {
        h.push(IDS.into());
    }
}

/// LAchildID has characters other than letters and digits.
pub fn r1580(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.la_child_id
        .as_deref()
        .is_some_and(|s| !s.chars().all(char::is_alphanumeric))
    {
        h.push(IDS.into());
    }
}

fn death(c: &CinChild) -> Option<Date> {
    c.death_date.get()
}

/// CIN plan starting after the child's death.
pub fn r4008(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    for (i, e) in eps(c) {
        for (j, p) in e.cin_plans.iter().enumerate() {
            if p.start.get().is_some_and(|s| s > dd) {
                h.push(sub(i, "CINPlanDates", j));
            }
        }
    }
}

/// CIN plan ending after the child's death.
pub fn r4009q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    for (i, e) in eps(c) {
        for (j, p) in e.cin_plans.iter().enumerate() {
            if p.end.get().is_some_and(|s| s > dd) {
                h.push(sub(i, "CINPlanDates", j));
            }
        }
    }
}

/// Sex (GenderCurrent to 2023-24) missing or invalid.
pub fn r4180(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let bad = if x.year >= 2025 {
        !c.sex.is_valid()
    } else {
        !c.gender_current.is_valid()
    };
    if bad {
        h.push(IDS.into());
    }
}

/// LAchildID missing.
pub fn r8500(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.la_child_id.is_none() {
        h.push(IDS.into());
    }
}

/// Date of birth after the census.
pub fn r8520(x: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.birth_date.get().is_some_and(|b| b > x.reference) {
        h.push(IDS.into());
    }
}

/// Exactly one of date of birth and expected date of birth.
pub fn r8525q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.birth_date.is_valid() == c.expected_birth_date.is_valid() {
        h.push(IDS.into());
    }
}

/// Expected date of birth outside [reference − 30 days, reference + 9 months].
pub fn r8530q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(e) = c.expected_birth_date.get() else {
        return;
    };
    let lo = add_months_days(x.reference, 0, -30);
    let hi = add_months_days(x.reference, 9, 0);
    if lo.is_some_and(|lo| e <= lo) || hi.is_some_and(|hi| e >= hi) {
        h.push(IDS.into());
    }
}

/// Death before birth (or death with no date of birth).
pub fn r8535q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    if c.birth_date.get().is_none_or(|b| b > dd) {
        h.push(IDS.into());
    }
}

/// Death outside the census year (an unreadable death date fails too).
pub fn r8545q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let bad = match &c.death_date {
        Field::Valid(d) => !x.in_year(*d),
        Field::Invalid(_) => true,
        Field::Absent => false,
    };
    if bad {
        h.push(IDS.into());
    }
}

/// No CIN episode.
pub fn r8590(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.episodes.is_empty() {
        h.push(String::new());
    }
}

/// Unborn child must have Sex U (GenderCurrent 0 to 2023-24).
pub fn r8750(x: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.birth_date.is_valid() || !c.expected_birth_date.is_valid() {
        return;
    }
    let bad = if x.year >= 2025 {
        c.sex.get() != Some(Sex::Unknown)
    } else {
        c.gender_current.get() != Some(GenderCurrent::NotKnown)
    };
    if bad {
        h.push(IDS.into());
    }
}

/// UPN or a valid reason expected for a child of school age.
pub fn r8770q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.upn.is_some() || !c.episodes.iter().any(CinEpisode::is_not_nfa) {
        return;
    }
    let Some(b) = c.birth_date.get() else { return };
    let cut = if x.year >= 2025 {
        add_months_days(x.reference, 4, 31).and_then(|d| minus_years(d, 6))
    } else {
        minus_years(x.reference, 6)
    };
    let reason_ok = c.upn_unknown.get().is_some_and(|u| u != UpnUnknown::Un1);
    if cut.is_some_and(|cut| b <= cut) && !reason_ok {
        h.push(IDS.into());
    }
}

/// UN7 used but an episode went on to further action.
pub fn r8772(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.upn_unknown.get() == Some(UpnUnknown::Un7) && c.episodes.iter().any(|e| !e.is_nfa()) {
        h.push(IDS.into());
    }
}

/// Child over 25 with an episode open past their 25th birthday.
pub fn r8775q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(b) = c.birth_date.get() else { return };
    let Some(limit) = minus_years(x.reference, 25) else {
        return;
    };
    if b >= limit {
        return;
    }
    let Some(b25) = minus_years(b, -25) else {
        return;
    };
    if c.episodes
        .iter()
        .any(|e| e.closure_date.get().is_none_or(|cl| cl > b25))
    {
        h.push(IDS.into());
    }
}

// ----------------------------------------------------------- characteristics

/// Ethnicity missing or invalid.
pub fn r4220(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if !c.ethnicity.is_valid() {
        h.push(CHARS.into());
    }
}

/// Disability missing or invalid for a born child with further action.
pub fn r8540(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if !c.birth_date.is_valid() || !c.episodes.iter().any(CinEpisode::is_not_nfa) {
        return;
    }
    let ok = c
        .disabilities
        .as_ref()
        .is_some_and(|d| !d.is_empty() && d.iter().all(Field::is_valid));
    if !ok {
        h.push(CHARS.into());
    }
}

/// NONE together with another disability.
pub fn r8790(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(d) = &c.disabilities else { return };
    if !d.iter().any(|x| x.get() == Some(Disability::None)) {
        return;
    }
    for (k, x) in d.iter().enumerate() {
        if x.get() != Some(Disability::None) {
            h.push(format!("{CHARS}/Disabilities/Disability[{}]", k + 1));
        }
    }
}

/// The same disability twice.
pub fn r8794(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(d) = &c.disabilities else { return };
    for (k, x) in d.iter().enumerate() {
        if x.is_present() && d[..k].contains(x) {
            h.push(format!("{CHARS}/Disabilities/Disability[{}]", k + 1));
        }
    }
}

// ----------------------------------------------------------------- CINdetails

fn rc8_9(e: &CinEpisode) -> bool {
    matches!(
        e.reason_for_closure.get(),
        Some(
            ReasonForClosure::ClosedAfterAssessmentNfa
                | ReasonForClosure::ClosedAfterAssessmentEarlyHelp
        )
    )
}

/// Activity on an episode closed RC8/RC9.
pub fn r2990(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if rc8_9(e)
            && (e.icpc_date.is_present()
                || !e.section47s.is_empty()
                || !e.cp_plans.is_empty()
                || !e.cin_plans.is_empty())
        {
            h.push(ep(i));
        }
    }
}

/// Section 47 with no assessment on the episode.
pub fn r2991q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if !e.section47s.is_empty() && e.assessments.is_empty() {
            h.push(ep(i));
        }
    }
}

/// Referral after death.
pub fn r8555q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    for (i, e) in eps(c) {
        if e.referral_date.get().is_some_and(|r| r > dd) {
            h.push(ep(i));
        }
    }
}

/// ReferralNFA missing or invalid.
pub fn r8568(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if !e.referral_nfa.is_valid() {
            h.push(ep(i));
        }
    }
}

/// A referral from before the year flagged NFA.
pub fn r8569q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.is_nfa() && e.referral_date.get().is_some_and(|r| r < x.nfa_limit) {
            h.push(ep(i));
        }
    }
}

/// Closed as died (RC2) with no date of death.
pub fn r8585q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.death_date.is_present() {
        return;
    }
    for (i, e) in eps(c) {
        if e.reason_for_closure.get() == Some(ReasonForClosure::Died) {
            h.push(ep(i));
        }
    }
}

/// Referral date missing or after the census.
pub fn r8600(x: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.referral_date.get().is_none_or(|r| r > x.reference) {
            h.push(ep(i));
        }
    }
}

/// Referral more than 40 weeks before (expected) birth.
pub fn r8606(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let births = [c.birth_date.get(), c.expected_birth_date.get()];
    for (i, e) in eps(c) {
        let Some(r) = e.referral_date.get() else {
            continue;
        };
        if births
            .iter()
            .flatten()
            .any(|b| r < *b - chrono::Duration::days(280))
        {
            h.push(ep(i));
        }
    }
}

/// Primary need missing for a referral that led to further action.
pub fn r8610(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.is_not_nfa() && e.primary_need.is_absent() {
            h.push(ep(i));
        }
    }
}

/// Closure date outside the census year (or unreadable).
pub fn r8620(x: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if outside(x, &e.closure_date) {
            h.push(ep(i));
        }
    }
}

fn outside(x: &Ctx, f: &Field<Date>) -> bool {
    match f {
        Field::Valid(d) => !x.in_year(*d),
        Field::Invalid(_) => true,
        Field::Absent => false,
    }
}

fn before(a: &Field<Date>, b: &Field<Date>) -> bool {
    matches!((a.get(), b.get()), (Some(a), Some(b)) if a < b)
}

/// Closure before referral.
pub fn r8630(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if before(&e.closure_date, &e.referral_date) {
            h.push(ep(i));
        }
    }
}

/// Reason for closure invalid.
pub fn r8640(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.reason_for_closure.is_invalid() {
            h.push(ep(i));
        }
    }
}

/// Primary need invalid.
pub fn r8650(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.primary_need.is_invalid() {
            h.push(ep(i));
        }
    }
}

/// Closure date without a reason.
pub fn r8805(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.closure_date.is_present() && e.reason_for_closure.is_absent() {
            h.push(ep(i));
        }
    }
}

/// Reason without a closure date.
pub fn r8810(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.reason_for_closure.is_present() && e.closure_date.is_absent() {
            h.push(ep(i));
        }
    }
}

fn open_further_action(e: &CinEpisode) -> bool {
    e.closure_date.is_absent() && e.is_not_nfa()
}

/// More than one open episode that is not NFA.
pub fn r8815(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if c.episodes.iter().filter(|e| open_further_action(e)).count() > 1 {
        for (i, e) in eps(c) {
            if open_further_action(e) {
                h.push(ep(i));
            }
        }
    }
}

/// An open non-NFA episode that is not the latest.
pub fn r8816(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let mut latest: Option<(usize, Date)> = None;
    for (i, e) in eps(c) {
        if let Some(r) = e.referral_date.get()
            && latest.is_none_or(|(_, l)| r > l)
        {
            latest = Some((i, r));
        }
    }
    let Some((li, _)) = latest else { return };
    let mut any = false;
    for (i, e) in eps(c) {
        if i != li && open_further_action(e) && e.referral_date.is_valid() {
            h.push(ep(i));
            any = true;
        }
    }
    if any {
        h.push(ep(li));
    }
}

/// Episodes overlap.
pub fn r8820(x: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, a) in eps(c) {
        let Some(ar) = a.referral_date.get() else {
            continue;
        };
        let hit = eps(c).any(|(j, b)| {
            if i == j {
                return false;
            }
            let Some(br) = b.referral_date.get() else {
                return false;
            };
            if ar < br {
                return false;
            }
            match b.closure_date.get() {
                Some(bc) => ar < bc,
                None => b.closure_date.is_absent() && b.is_not_nfa() && ar < x.reference,
            }
        });
        if hit {
            h.push(ep(i));
        }
    }
}

/// RC8/RC9 with no assessment.
pub fn r8825q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if rc8_9(e) && e.assessments.is_empty() {
            h.push(ep(i));
        }
    }
}

/// Activity on an NFA referral.
pub fn r8831(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.is_nfa()
            && (e.icpc_date.is_present()
                || e.section47s.iter().any(|s| s.start.is_present())
                || e.assessments
                    .iter()
                    .any(|a| a.start.is_present() || a.authorised.is_present()))
        {
            h.push(ep(i));
        }
    }
}

/// Referral source missing or invalid.
pub fn r8866(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let from = chrono::NaiveDate::from_ymd_opt(2013, 4, 1);
    for (i, e) in eps(c) {
        let Some(r) = e.referral_date.get() else {
            continue;
        };
        if from.is_some_and(|f| r >= f) && !e.referral_source.is_valid() {
            h.push(ep(i));
        }
    }
}

/// Closed episode with an assessment not completed.
pub fn r8867(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.closure_date.is_present() {
            for (j, a) in e.assessments.iter().enumerate() {
                if a.authorised.is_absent() {
                    h.push(sub(i, "Assessments", j));
                }
            }
        }
    }
}

/// Closed episode with a section 47 not completed.
pub fn r8868(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.closure_date.is_present() {
            for (j, s) in e.section47s.iter().enumerate() {
                let not_req = s.icpc_not_required.get() == Some(true);
                if s.icpc_date.is_present() == not_req {
                    h.push(sub(i, "Section47", j));
                }
            }
        }
    }
}

/// A section 47 starting while another is ongoing.
pub fn r8890(x: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        for (j, a) in e.section47s.iter().enumerate() {
            let Some(ast) = a.start.get() else { continue };
            let hit = e.section47s.iter().enumerate().any(|(k, b)| {
                if k == j {
                    return false;
                }
                let Some(bs) = b.start.get() else {
                    return false;
                };
                if a.start == b.start && a.icpc_date == b.icpc_date {
                    return false;
                }
                if ast < bs {
                    return false;
                }
                match b.icpc_date.get() {
                    Some(bi) => ast <= bi,
                    None => b.icpc_not_required.get() != Some(true) && ast <= x.reference,
                }
            });
            if hit {
                h.push(sub(i, "Section47", j));
            }
        }
    }
}

// ---------------------------------------------------------------- assessments

fn each_assessment(
    c: &CinChild,
    mut f: impl FnMut(usize, &CinEpisode, usize, &Assessment) -> bool,
    h: &mut Hits,
) {
    for (i, e) in eps(c) {
        for (j, a) in e.assessments.iter().enumerate() {
            if f(i, e, j, a) {
                h.push(sub(i, "Assessments", j));
            }
        }
    }
}

/// Assessment starting before the referral.
pub fn r1103(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(c, |_, e, _, a| before(&a.start, &e.referral_date), h);
}

/// Assessment start after its authorisation.
pub fn r8608(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(c, |_, _, _, a| before(&a.authorised, &a.start), h);
}

/// Factors on an assessment not completed.
pub fn r8614(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| a.authorised.is_absent() && !a.factor_list().is_empty(),
        h,
    );
}

/// Open assessment past 45 working days at the year end.
pub fn r8670q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| {
            a.authorised.is_absent() && a.start.get().is_some_and(|s| s < x.assessment_limit)
        },
        h,
    );
}

/// Authorisation outside the census year.
pub fn r8696(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(c, |_, _, _, a| outside(x, &a.authorised), h);
}

/// Open assessment starting outside the year.
pub fn r8736(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| a.authorised.is_absent() && a.start.get().is_none_or(|s| !x.in_year(s)),
        h,
    );
}

/// Assessment starting while another is ongoing.
pub fn r8863q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, e, j, a| {
            let Some(ast) = a.start.get() else {
                return false;
            };
            e.assessments.iter().enumerate().any(|(k, b)| {
                if k == j || (a.start == b.start && a.authorised == b.authorised) {
                    return false;
                }
                let Some(bs) = b.start.get() else {
                    return false;
                };
                if ast < bs {
                    return false;
                }
                match b.authorised.get() {
                    Some(ba) => ast <= ba,
                    None => b.authorised.is_absent() && ast <= x.reference,
                }
            })
        },
        h,
    );
}

fn has_factor(a: &Assessment, f: F) -> bool {
    a.factor_list().iter().any(|x| x.get() == Some(f))
}

/// Factor 21 (no factors) with another factor.
pub fn r8869(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| has_factor(a, F::NoFactors) && a.factor_list().len() > 1,
        h,
    );
}

/// One assessment, factor 21, but not closed RC8/RC9.
pub fn r8873q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.assessments.len() == 1 && has_factor(&e.assessments[0], F::NoFactors) && !rc8_9(e) {
            h.push(ep(i));
        }
    }
}

/// More than one open assessment in an episode.
pub fn r8896(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.assessments
            .iter()
            .filter(|a| a.authorised.is_absent())
            .count()
            > 1
        {
            for (j, a) in e.assessments.iter().enumerate() {
                if a.authorised.is_absent() {
                    h.push(sub(i, "Assessments", j));
                }
            }
        }
    }
}

/// Completed assessment with no factors or an invalid factor.
pub fn r8897q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| {
            a.authorised.get().is_some_and(|d| d >= x.start)
                && (a.factor_list().is_empty() || a.factor_list().iter().any(|f| !f.is_valid()))
        },
        h,
    );
}

/// The same factor twice in an assessment.
pub fn r8898(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(
        c,
        |_, _, _, a| {
            let f = a.factor_list();
            f.iter()
                .enumerate()
                .any(|(k, x)| x.is_present() && f[..k].contains(x))
        },
        h,
    );
}

/// Legacy factor 18A used.
pub fn r8945q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(c, |_, _, _, a| has_factor(a, F::PhysicalAbuseLegacy), h);
}

/// Legacy factor 19A used.
pub fn r8950q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_assessment(c, |_, _, _, a| has_factor(a, F::SexualAbuseLegacy), h);
}

// ------------------------------------------------------------------ CIN plans

fn each_cin_plan(
    c: &CinChild,
    mut f: impl FnMut(&CinEpisode, usize, &CinPlanDates) -> bool,
    h: &mut Hits,
) {
    for (i, e) in eps(c) {
        for (j, p) in e.cin_plans.iter().enumerate() {
            if f(e, j, p) {
                h.push(sub(i, "CINPlanDates", j));
            }
        }
    }
}

/// CIN plan on an NFA referral.
pub fn r4000(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.is_nfa() && !e.cin_plans.is_empty() {
            h.push(ep(i));
        }
    }
}

/// Open CIN plan alongside an open CP plan in the same episode.
pub fn r4001(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(
        c,
        |e, _, p| {
            p.start.is_present()
                && p.end.is_absent()
                && e.cp_plans.iter().any(|cp| cp.end.is_absent())
        },
        h,
    );
}

/// More than one open CIN plan in an episode.
pub fn r4004(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(
        c,
        |e, _, p| p.end.is_absent() && e.cin_plans.iter().filter(|q| q.end.is_absent()).count() > 1,
        h,
    );
}

/// CIN plan start missing or after the census.
pub fn r4010(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(
        c,
        |_, _, p| p.start.get().is_none_or(|s| s > x.reference),
        h,
    );
}

/// CIN plan end before start.
pub fn r4011(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(c, |_, _, p| before(&p.end, &p.start), h);
}

/// CIN plan starts and ends on the same day.
pub fn r4012q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(c, |_, _, p| p.start.is_valid() && p.start == p.end, h);
}

/// CIN plan end outside the census year.
pub fn r4013(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(c, |_, _, p| outside(x, &p.end), h);
}

/// `a` starts on or after `b` starts and on or before `b` ends (or `b` is open).
fn starts_within(
    x: &Ctx,
    a_start: Date,
    b_start: Date,
    b_end: &Field<Date>,
    end_inclusive: bool,
) -> bool {
    if a_start < b_start {
        return false;
    }
    match b_end.get() {
        Some(be) => {
            if end_inclusive {
                a_start <= be
            } else {
                a_start < be
            }
        }
        None => b_end.is_absent() && a_start <= x.reference,
    }
}

/// CIN plans overlap.
pub fn r4014(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let plans: Vec<(usize, usize, &CinPlanDates)> = eps(c)
        .flat_map(|(i, e)| e.cin_plans.iter().enumerate().map(move |(j, p)| (i, j, p)))
        .collect();
    for (n, (i, j, a)) in plans.iter().enumerate() {
        let Some(a_start) = a.start.get() else {
            continue;
        };
        let hit = plans.iter().enumerate().any(|(m, (_, _, b))| {
            m != n
                && b.start
                    .get()
                    .is_some_and(|bs| starts_within(x, a_start, bs, &b.end, true))
        });
        if hit {
            h.push(sub(*i, "CINPlanDates", *j));
        }
    }
}

/// CIN plan starting before the referral.
pub fn r4015(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(c, |e, _, p| before(&p.start, &e.referral_date), h);
}

fn all_cp(c: &CinChild) -> impl Iterator<Item = &CpPlan> {
    c.episodes.iter().flat_map(|e| e.cp_plans.iter())
}

/// CIN plan starting while a CP plan is open.
pub fn r4016(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cin_plan(
        c,
        |_, _, p| {
            let Some(ps) = p.start.get() else {
                return false;
            };
            all_cp(c).any(|cp| {
                cp.start
                    .get()
                    .is_some_and(|cs| starts_within(x, ps, cs, &cp.end, false))
            })
        },
        h,
    );
}

/// CP plan starting while a CIN plan is open.
pub fn r4017(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let cin: Vec<&CinPlanDates> = c.episodes.iter().flat_map(|e| e.cin_plans.iter()).collect();
    each_cp(
        c,
        |_, _, cp| {
            let Some(cs) = cp.start.get() else {
                return false;
            };
            cin.iter().any(|p| {
                p.start
                    .get()
                    .is_some_and(|ps| starts_within(x, cs, ps, &p.end, false))
            })
        },
        h,
    );
}

// ------------------------------------------------------------------ section 47

fn each_s47(c: &CinChild, mut f: impl FnMut(&CinEpisode, &Section47) -> bool, h: &mut Hits) {
    for (i, e) in eps(c) {
        for (j, s) in e.section47s.iter().enumerate() {
            if f(e, s) {
                h.push(sub(i, "Section47", j));
            }
        }
    }
}

/// ICPC before the referral.
pub fn r1104(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(c, |e, s| before(&s.icpc_date, &e.referral_date), h);
}

/// The same ICPC at both the S47 and the CINdetails level.
pub fn r2884(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        let Some(d) = e.icpc_date.get() else { continue };
        if e.section47s.iter().any(|s| s.icpc_date.get() == Some(d)) {
            h.push(ep(i));
        }
    }
}

/// S47 start before the referral.
pub fn r2889(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(c, |e, s| before(&s.start, &e.referral_date), h);
}

/// S47 start missing (with an ICPC) or after the ICPC.
pub fn r8615(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(
        c,
        |_, s| before(&s.icpc_date, &s.start) || (s.icpc_date.is_present() && !s.start.is_valid()),
        h,
    );
}

/// S47 with no ICPC past 15 working days at the year end.
pub fn r8675q(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(
        c,
        |_, s| {
            s.icpc_date.is_absent()
                && s.icpc_not_required.get() == Some(false)
                && s.start.get().is_some_and(|d| d < x.s47_limit)
        },
        h,
    );
}

/// ICPC outside the census year.
pub fn r8715(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(c, |_, s| outside(x, &s.icpc_date), h);
}

/// S47 awaiting its ICPC but starting outside the year.
pub fn r8740(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(
        c,
        |_, s| {
            s.icpc_date.is_absent()
                && s.icpc_not_required.get() == Some(false)
                && s.start.get().is_some_and(|d| !x.in_year(d))
        },
        h,
    );
}

/// Two or more open S47 enquiries in an episode.
pub fn r8839(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let open = |s: &Section47| s.icpc_date.is_absent() && s.icpc_not_required.get() != Some(true);
    each_s47(
        c,
        |e, s| open(s) && e.section47s.iter().filter(|t| open(t)).count() > 1,
        h,
    );
}

fn weekend(d: Option<Date>) -> bool {
    use chrono::{Datelike, Weekday};
    d.is_some_and(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// ICPC target on a weekend.
pub fn r8870q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(c, |_, s| weekend(s.icpc_target.get()), h);
}

/// ICPC on a weekend.
pub fn r8875(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_s47(c, |_, s| weekend(s.icpc_date.get()), h);
}

// ---------------------------------------------------------------- CP plans

fn each_cp(c: &CinChild, mut f: impl FnMut(&CinEpisode, usize, &CpPlan) -> bool, h: &mut Hits) {
    for (i, e) in eps(c) {
        for (j, p) in e.cp_plans.iter().enumerate() {
            if f(e, j, p) {
                h.push(sub(i, "ChildProtectionPlans", j));
            }
        }
    }
}

/// CP plan starting before the referral.
pub fn r1105(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |e, _, p| before(&p.start, &e.referral_date), h);
}

/// CP plan starting on a different day from its ICPC.
pub fn r2885(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(
        c,
        |e, _, p| {
            let Some(s) = p.start.get() else { return false };
            if !x.in_year(s) {
                return false;
            }
            let s47: Vec<&Section47> = e
                .section47s
                .iter()
                .filter(|q| q.icpc_not_required.get() != Some(true))
                .collect();
            if s47.is_empty() {
                e.icpc_date.get() != Some(s)
            } else {
                !s47.iter().any(|q| q.icpc_date.get() == Some(s))
            }
        },
        h,
    );
}

/// Activity after the episode closed.
pub fn r8565(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        let Some(cl) = e.closure_date.get() else {
            continue;
        };
        let after = |f: &Field<Date>| f.get().is_some_and(|d| d > cl);
        let bad = after(&e.icpc_date)
            || e.assessments
                .iter()
                .any(|a| after(&a.start) || after(&a.authorised))
            || e.section47s
                .iter()
                .any(|s| after(&s.start) || after(&s.icpc_date))
            || e.cp_plans.iter().any(|p| after(&p.end))
            || e.cin_plans.iter().any(|p| after(&p.start) || after(&p.end));
        if bad {
            h.push(ep(i));
        }
    }
}

/// CP plan start missing or after the census.
pub fn r8720(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(
        c,
        |_, _, p| p.start.get().is_none_or(|s| s > x.reference),
        h,
    );
}

/// Number of previous CP plans missing or invalid.
pub fn r8730(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| !p.previous_plans.is_valid(), h);
}

/// CP plan on an NFA referral.
pub fn r8832(_: &Ctx, c: &CinChild, h: &mut Hits) {
    for (i, e) in eps(c) {
        if e.is_nfa() && !e.cp_plans.is_empty() {
            h.push(ep(i));
        }
    }
}

/// CP plan starts and ends on the same day.
pub fn r8840(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| p.start.is_valid() && p.start == p.end, h);
}

/// Review on or before the plan start.
pub fn r8841(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(
        c,
        |_, _, p| {
            p.start
                .get()
                .is_some_and(|s| p.reviews.iter().any(|r| r.get().is_some_and(|r| r <= s)))
        },
        h,
    );
}

/// Initial category of abuse missing or invalid.
pub fn r8905(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| !p.initial_category.is_valid(), h);
}

/// Latest category of abuse missing or invalid.
pub fn r8910(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| !p.latest_category.is_valid(), h);
}

/// CP plan starting after death.
pub fn r8915(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    each_cp(c, |_, _, p| p.start.get().is_some_and(|s| s > dd), h);
}

/// CP plan ending after death.
pub fn r8920(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let Some(dd) = death(c) else { return };
    each_cp(c, |_, _, p| p.end.get().is_some_and(|s| s > dd), h);
}

/// CP plan end before start.
pub fn r8925(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| before(&p.end, &p.start), h);
}

/// CP plan end outside the census year.
pub fn r8930(x: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| outside(x, &p.end), h);
}

/// More than one open CP plan.
pub fn r8935(_: &Ctx, c: &CinChild, h: &mut Hits) {
    if all_cp(c).filter(|p| p.end.is_absent()).count() > 1 {
        each_cp(c, |_, _, p| p.end.is_absent(), h);
    }
}

/// CP plans overlap.
pub fn r8940(x: &Ctx, c: &CinChild, h: &mut Hits) {
    let plans: Vec<(usize, usize, &CpPlan)> = eps(c)
        .flat_map(|(i, e)| e.cp_plans.iter().enumerate().map(move |(j, p)| (i, j, p)))
        .collect();
    for (n, (i, j, a)) in plans.iter().enumerate() {
        let Some(a_start) = a.start.get() else {
            continue;
        };
        let hit = plans.iter().enumerate().any(|(m, (_, _, b))| {
            m != n
                && b.start
                    .get()
                    .is_some_and(|bs| starts_within(x, a_start, bs, &b.end, true))
        });
        if hit {
            h.push(sub(*i, "ChildProtectionPlans", *j));
        }
    }
}

// -------------------------------------------------------------------- reviews

/// CP review held while a CIN plan was open.
pub fn r4003(_: &Ctx, c: &CinChild, h: &mut Hits) {
    let cin: Vec<&CinPlanDates> = c.episodes.iter().flat_map(|e| e.cin_plans.iter()).collect();
    each_cp(
        c,
        |_, _, p| {
            p.reviews.iter().any(|r| {
                let Some(r) = r.get() else { return false };
                p.end.get() != Some(r)
                    && cin.iter().any(|q| {
                        q.start.get().is_some_and(|s| r >= s)
                            && match q.end.get() {
                                Some(e) => r < e,
                                None => q.end.is_absent(),
                            }
                    })
            })
        },
        h,
    );
}

/// A review with no (valid) date.
pub fn r8842q(_: &Ctx, c: &CinChild, h: &mut Hits) {
    each_cp(c, |_, _, p| p.reviews.iter().any(|r| !r.is_valid()), h);
}
