//! The arithmetic of every indicator: cohort, numerator and denominator at
//! one as-of date, with the drill-down rows produced by the same code path
//! (so the lists are exactly the children counted).
//!
//! Each function follows its section of `indicators.md` §2; the common rules
//! of §1.9 (short breaks, periods of care, placements, turning 18, unborn
//! children, deaths) are applied through [`crate::prepare`]. Nothing here
//! rounds, rates or compares with targets: see [`crate::engine`].

use chrono::Datelike;
use serde::Serialize;
use sightline_domain::calendar::CollectionYear;
use sightline_domain::codes::Sex;
use sightline_domain::codes::{CareLeaverActivity, InTouch};
use sightline_domain::quality::{
    CaseFileAudit, CseDisclosure, Grade, RiskLevel, VemtConsideration,
};
use sightline_domain::{Date, Employment};

use crate::params::{
    AdoptionWindow, AssessmentClock, Cp2YrsBasis, HealthMeasure, IcpcClock, Params,
};
use crate::period::{Window, latest_birthday, minus_months, plus_months};
use crate::prepare::{ChildFacts, OpenIndex, Prepared, Stock, StockKey, open_on_any};
use crate::publish::BREAKDOWN_NOTE_PREFIX;
use crate::value::Qty;

/// One row of a drill-down: a child (or worker) considered for a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillRow {
    /// The child's LA child id (for workforce figures: `worker SW…`).
    pub subject: String,
    /// The record that put it in the cohort, e.g. `assessment 12`.
    pub record: String,
    pub in_denominator: bool,
    pub in_numerator: bool,
    /// Short reason code (`short_break`, `ended_on_as_of`, `late_by_2_wd`, …).
    pub reason: String,
}

/// Collects drill-down rows when switched on; costs nothing when off.
pub(crate) struct Drill {
    rows: Option<Vec<DrillRow>>,
}

impl Drill {
    pub fn off() -> Drill {
        Drill { rows: None }
    }
    pub fn on() -> Drill {
        Drill { rows: Some(vec![]) }
    }
    pub fn into_rows(self) -> Vec<DrillRow> {
        self.rows.unwrap_or_default()
    }
    fn enabled(&self) -> bool {
        self.rows.is_some()
    }
    /// Add a row for child `ci`; `f` gives (record, reason) and runs only when on.
    fn child(
        &mut self,
        p: &Prepared,
        ci: usize,
        den: bool,
        num: bool,
        f: impl FnOnce() -> (String, String),
    ) {
        if let Some(rows) = &mut self.rows {
            let (record, reason) = f();
            rows.push(DrillRow {
                subject: p.record(ci).child.id.to_string(),
                record,
                in_denominator: den,
                in_numerator: num,
                reason,
            });
        }
    }
    fn other(&mut self, subject: String, den: bool, num: bool, record: String, reason: String) {
        if let Some(rows) = &mut self.rows {
            rows.push(DrillRow {
                subject,
                record,
                in_denominator: den,
                in_numerator: num,
                reason,
            });
        }
    }
}

/// The 0–17 population used for a rate, and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PopulationUsed {
    pub value: u32,
    pub note: Option<String>,
}

/// What a measure needs to know besides the data.
pub(crate) struct Ctx<'a> {
    pub as_of: Date,
    pub window: Window,
    pub params: &'a Params,
    pub population: Option<PopulationUsed>,
}

/// A measure's result before rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub numerator: Option<Qty>,
    pub denominator: Option<Qty>,
    /// Why there is no value at all (records not held).
    pub unavailable: Option<String>,
    pub notes: Vec<String>,
}

impl Outcome {
    fn count(n: i64) -> Outcome {
        Outcome {
            numerator: Some(Qty::Count(n)),
            denominator: None,
            unavailable: None,
            notes: vec![],
        }
    }
    fn frac(n: i64, d: i64) -> Outcome {
        Outcome {
            numerator: Some(Qty::Count(n)),
            denominator: Some(Qty::Count(d)),
            unavailable: None,
            notes: vec![],
        }
    }
    fn fte(n: i64, d: Option<i64>) -> Outcome {
        Outcome {
            numerator: Some(Qty::FteHundredths(n)),
            denominator: d.map(Qty::FteHundredths),
            unavailable: None,
            notes: vec![],
        }
    }
    fn unavailable(reason: &str) -> Outcome {
        Outcome {
            numerator: None,
            denominator: None,
            unavailable: Some(reason.to_string()),
            notes: vec![],
        }
    }
}

pub(crate) type EvalFn = fn(&Prepared, &Ctx, &mut Drill) -> Outcome;

/// `,history_truncated` when the period of care runs off the start of the
/// held history (§1.9: its earliest held DECOM is used as its start).
fn truncated(poc: &crate::prepare::Poc) -> &'static str {
    if poc.truncated {
        ",history_truncated"
    } else {
        ""
    }
}

fn ep_record(c: &ChildFacts, i: usize) -> String {
    format!("episode {} from {}", c.eps[i].id, c.eps[i].start)
}

/// Index range of a slice sorted by `key` whose key falls in `w`.
fn in_window<T>(v: &[T], w: Window, key: impl Fn(&T) -> Date) -> std::ops::Range<usize> {
    let lo = v.partition_point(|x| key(x) < w.start);
    let hi = v.partition_point(|x| key(x) <= w.end);
    lo..hi.max(lo)
}

/// The children a measure visits at `on`: with the drill-down on, every
/// child in council order (its rows include children who are not counted,
/// e.g. an episode ended on E); otherwise only the children `open` finds with
/// a record open on `on`, in council order, which include every child the
/// measure can count.
fn visit(p: &Prepared, d: &Drill, on: Date, open: &[&OpenIndex]) -> Vec<usize> {
    if d.enabled() {
        (0..p.children.len()).collect()
    } else {
        open_on_any(open, on)
    }
}

/// A stock count, remembered per date when no drill-down is wanted (a
/// report asks for each count and its rate at three dates).
fn memo_stock(
    p: &Prepared,
    key: StockKey,
    d: &mut Drill,
    f: impl FnOnce(&mut Drill) -> i64,
) -> i64 {
    if d.enabled() {
        return f(d);
    }
    if let Some(n) = p.stock_memo.lock().ok().and_then(|m| m.get(&key).copied()) {
        return n;
    }
    let n = f(d);
    if let Ok(mut m) = p.stock_memo.lock() {
        m.insert(key, n);
    }
    n
}

// ---------------------------------------------------------------- stock counts

fn cla_stock(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    memo_stock(p, (Stock::Cla, ctx.as_of, false), d, |d| {
        cla_stock_walk(p, ctx, d)
    })
}

fn cla_stock_walk(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    let e = ctx.as_of;
    let mut n = 0;
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        if let Some(i) = c.looked_after_ep(e) {
            n += 1;
            d.child(p, ci, true, true, || {
                // §1.9: counted as recorded, flagged as a data-quality query.
                let reason = if c.age_on(e).is_some_and(|a| a >= 18) {
                    "looked_after_aged_18_plus_query"
                } else {
                    "looked_after"
                };
                (ep_record(c, i), reason.into())
            });
        } else if d.enabled() {
            let reason = match c.open_episode(e) {
                Some(i) if !c.alive_on(e) => Some((i, "died")),
                Some(i) => Some((i, "short_break")),
                None => c
                    .eps
                    .iter()
                    .position(|x| x.end == Some(e))
                    .map(|i| (i, "ended_on_as_of")),
            };
            if let Some((i, r)) = reason {
                d.child(p, ci, false, false, || (ep_record(c, i), r.into()));
            }
        }
    }
    n
}

pub(crate) fn cla_count(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    Outcome::count(cla_stock(p, ctx, d))
}

fn rate(count: i64, ctx: &Ctx) -> Outcome {
    match &ctx.population {
        Some(pop) if pop.value > 0 => {
            let mut o = Outcome::frac(count, i64::from(pop.value));
            o.notes.extend(pop.note.clone());
            o
        }
        _ => {
            let mut o = Outcome::unavailable(
                "no 0-17 population for this council (set population_0_17 or give a population table)",
            );
            o.numerator = Some(Qty::Count(count));
            o
        }
    }
}

pub(crate) fn cla_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    rate(cla_stock(p, ctx, d), ctx)
}

fn cp_stock(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    let key = (Stock::Cp, ctx.as_of, ctx.params.include_unborn);
    memo_stock(p, key, d, |d| cp_stock_walk(p, ctx, d))
}

fn cp_stock_walk(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    let e = ctx.as_of;
    let mut n = 0;
    for ci in visit(p, d, e, &[&p.plan_index]) {
        let r = p.record(ci);
        if r.cp_plans.is_empty() {
            continue;
        }
        let c = &p.children[ci];
        match r.cp_plans.iter().find(|pl| pl.is_active_on(e)) {
            Some(pl) => {
                let rec = || format!("CP plan {} from {}", pl.id, pl.start);
                if !c.alive_on(e) {
                    d.child(p, ci, false, false, || (rec(), "died".into()));
                } else if !ctx.params.include_unborn && c.unborn_on(e) {
                    d.child(p, ci, false, false, || (rec(), "unborn_excluded".into()));
                } else {
                    n += 1;
                    let reason = if c.unborn_on(e) {
                        "on_plan_unborn"
                    } else {
                        "on_plan"
                    };
                    d.child(p, ci, true, true, || (rec(), reason.into()));
                }
            }
            None => {
                if let Some(pl) = r.cp_plans.iter().find(|pl| pl.end == Some(e)) {
                    d.child(p, ci, false, false, || {
                        (
                            format!("CP plan {} from {}", pl.id, pl.start),
                            "ended_on_as_of".into(),
                        )
                    });
                }
            }
        }
    }
    n
}

pub(crate) fn cp_plan_count(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    Outcome::count(cp_stock(p, ctx, d))
}

pub(crate) fn cp_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    rate(cp_stock(p, ctx, d), ctx)
}

fn cin_stock(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    let key = (Stock::Cin, ctx.as_of, ctx.params.include_unborn);
    memo_stock(p, key, d, |d| cin_stock_walk(p, ctx, d))
}

fn cin_stock_walk(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> i64 {
    let e = ctx.as_of;
    let mut n = 0;
    for ci in visit(p, d, e, &[&p.cin_index]) {
        let r = p.record(ci);
        if r.referrals.is_empty() {
            continue;
        }
        let c = &p.children[ci];
        let open = r
            .referrals
            .iter()
            .find(|x| !x.nfa && x.date <= e && x.closure.is_none_or(|cl| cl.date > e));
        match open {
            Some(x) => {
                let rec = || format!("referral {} on {}", x.id, x.date);
                if !c.alive_on(e) {
                    d.child(p, ci, false, false, || (rec(), "died".into()));
                } else if !ctx.params.include_unborn && c.unborn_on(e) {
                    d.child(p, ci, false, false, || (rec(), "unborn_excluded".into()));
                } else {
                    n += 1;
                    let reason = if c.unborn_on(e) {
                        "in_need_unborn"
                    } else {
                        "in_need"
                    };
                    d.child(p, ci, true, true, || (rec(), reason.into()));
                }
            }
            None if d.enabled() => {
                let ended = r.referrals.iter().find(|x| {
                    (x.nfa && x.date == e)
                        || x.closure.is_some_and(|cl| cl.date == e && x.date <= e)
                });
                if let Some(x) = ended {
                    let reason = if x.nfa { "nfa" } else { "ended_on_as_of" };
                    d.child(p, ci, false, false, || {
                        (format!("referral {} on {}", x.id, x.date), reason.into())
                    });
                }
            }
            None => {}
        }
    }
    n
}

pub(crate) fn cin_count(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    Outcome::count(cin_stock(p, ctx, d))
}

pub(crate) fn cin_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    rate(cin_stock(p, ctx, d), ctx)
}

// ----------------------------------------------------------- CIN / CP flows

fn timeliness_reason(wd: i64, limit: i64) -> String {
    if wd <= limit {
        format!("in_time_{wd}_wd")
    } else {
        format!("late_by_{}_wd", wd - limit)
    }
}

pub(crate) fn assessments_within_45wd(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (mut num, mut den) = (0, 0);
    for a in &p.assessments[in_window(&p.assessments, ctx.window, |a| a.authorised)] {
        let rec = || format!("assessment {} started {}", a.id, a.start);
        let clock = match ctx.params.assessment_clock {
            AssessmentClock::AssessmentStart => Some((a.start, a.wd_from_start)),
            AssessmentClock::Referral => a.referral_date.zip(a.wd_from_referral),
        };
        let Some((clock, wd)) = clock else {
            d.child(p, a.child, false, false, || {
                (rec(), "excluded_no_referral_date".into())
            });
            continue;
        };
        if a.authorised < clock {
            d.child(p, a.child, false, false, || {
                (rec(), "excluded_end_before_start".into())
            });
            continue;
        }
        den += 1;
        let ok = wd <= 45;
        num += i64::from(ok);
        d.child(p, a.child, true, ok, || (rec(), timeliness_reason(wd, 45)));
    }
    Outcome::frac(num, den)
}

/// The management list of §2.7: assessments open at E (started on or before
/// E, not authorised by E) for more than 45 working days. Not part of any
/// figure; rows are neither in a numerator nor a denominator.
pub(crate) fn open_assessments_over_45wd(p: &Prepared, as_of: Date) -> Vec<DrillRow> {
    let mut d = Drill::on();
    for (ci, r) in p.council.children.iter().enumerate() {
        for a in &r.assessments {
            if a.start > as_of || a.authorised.is_some_and(|x| x <= as_of) {
                continue;
            }
            let wd = crate::workdays::wd_between(a.start, as_of);
            if wd > 45 {
                d.child(p, ci, false, false, || {
                    (
                        format!("assessment {} started {}", a.id, a.start),
                        format!("open_{wd}_wd"),
                    )
                });
            }
        }
    }
    d.into_rows()
}

pub(crate) fn icpc_within_15wd(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (mut num, mut den) = (0, 0);
    for c in &p.icpcs[in_window(&p.icpcs, ctx.window, |c| c.date)] {
        let rec = || format!("ICPC {} on {}", c.id, c.date);
        let clock = match ctx.params.icpc_clock {
            IcpcClock::S47Start => c.s47_start.zip(c.wd_from_s47).ok_or("excluded_no_s47"),
            IcpcClock::StrategyDiscussion => c
                .strategy_date
                .zip(c.wd_from_strategy)
                .ok_or("excluded_no_strategy_discussion"),
        };
        let (clock, wd) = match clock {
            Ok(x) => x,
            Err(reason) => {
                d.child(p, c.child, false, false, || (rec(), reason.into()));
                continue;
            }
        };
        if c.date < clock {
            d.child(p, c.child, false, false, || {
                (rec(), "excluded_end_before_start".into())
            });
            continue;
        }
        den += 1;
        let ok = wd <= 15;
        num += i64::from(ok);
        d.child(p, c.child, true, ok, || (rec(), timeliness_reason(wd, 15)));
    }
    Outcome::frac(num, den)
}

pub(crate) fn cp_plans_ended_2yrs_plus(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (mut num, mut den) = (0, 0);
    let mut test = |pl: &crate::prepare::PlanFact, upto: Date, d: &mut Drill| {
        let rec = || format!("CP plan {} from {}", pl.id, pl.start);
        if upto < pl.start {
            d.child(p, pl.child, false, false, || {
                (rec(), "excluded_end_before_start".into())
            });
            return;
        }
        let long = upto >= plus_months(pl.start, 24);
        den += 1;
        num += i64::from(long);
        let days = (upto - pl.start).num_days();
        d.child(p, pl.child, true, long, || {
            (
                rec(),
                if long {
                    format!("2yrs_plus_{days}_days")
                } else {
                    format!("under_2yrs_{days}_days")
                },
            )
        });
    };
    match ctx.params.cp_2yrs_basis {
        Cp2YrsBasis::Ended => {
            let ends = &p.plans_by_end;
            let r = in_window(ends, ctx.window, |&i| {
                p.plans_by_start[i].end.unwrap_or(Date::MIN)
            });
            for &i in &ends[r] {
                let pl = &p.plans_by_start[i];
                test(pl, pl.end.unwrap_or(pl.start), d);
            }
        }
        Cp2YrsBasis::OpenAtEnd => {
            let upto = p.plans_by_start.partition_point(|pl| pl.start <= ctx.as_of);
            for pl in &p.plans_by_start[..upto] {
                if pl.end.is_none_or(|e| e > ctx.as_of) && p.children[pl.child].alive_on(ctx.as_of)
                {
                    test(pl, ctx.as_of, d);
                }
            }
        }
    }
    Outcome::frac(num, den)
}

pub(crate) fn cp_repeat_within_24m(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    cp_repeat(p, ctx, d, false)
}

pub(crate) fn cp_repeat_ever(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    cp_repeat(p, ctx, d, true)
}

fn cp_repeat(p: &Prepared, ctx: &Ctx, d: &mut Drill, ever: bool) -> Outcome {
    let (mut num, mut den) = (0, 0);
    for pl in &p.plans_by_start[in_window(&p.plans_by_start, ctx.window, |x| x.start)] {
        den += 1;
        let (hit, reason) = if ever {
            if pl.earlier_plan {
                (true, "earlier_plan")
            } else if pl.previous_plans_recorded > 0 {
                (true, "previous_plans_recorded")
            } else {
                (false, "first_plan")
            }
        } else if pl.repeat_24m {
            (true, "repeat_within_24m")
        } else if pl.earlier_plan {
            (false, "earlier_plan_over_24m")
        } else {
            (false, "first_plan")
        };
        num += i64::from(hit);
        d.child(p, pl.child, true, hit, || {
            (
                format!("CP plan {} from {}", pl.id, pl.start),
                reason.into(),
            )
        });
    }
    Outcome::frac(num, den)
}

/// Result of checking a review schedule against a window (§2.12, §2.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schedule {
    NotTested,
    InTime,
    Late { due: Date, held: Date },
    Overdue { due: Date },
}

/// Walk the deadlines: `first_due`, then `next_due(k, r_k)` after review k
/// (0-based) held on `r_k`. `reviews` are sorted and on or before E.
///
/// A deadline is tested when it falls in the window or its review was held in
/// the window. **Choice**: a review due before the window and still not held
/// by E is outstanding throughout the window and counts as tested (a
/// failure); otherwise a plan that has missed every review would drop out of
/// the cohort.
fn schedule(
    first_due: Date,
    reviews: &[Date],
    next_due: impl Fn(usize, Date) -> Date,
    w: Window,
) -> Schedule {
    let mut due = first_due;
    let mut tested = false;
    let mut k = 0;
    loop {
        match reviews.get(k) {
            Some(&r) => {
                if w.contains(due) || w.contains(r) {
                    tested = true;
                    if r > due {
                        return Schedule::Late { due, held: r };
                    }
                }
                due = next_due(k, r);
                k += 1;
            }
            None => {
                if due <= w.end {
                    return Schedule::Overdue { due };
                }
                break;
            }
        }
    }
    if tested {
        Schedule::InTime
    } else {
        Schedule::NotTested
    }
}

fn schedule_row(s: Schedule) -> (bool, bool, String) {
    match s {
        Schedule::NotTested => (false, false, "no_deadline_tested".into()),
        Schedule::InTime => (true, true, "in_time".into()),
        Schedule::Late { due, held } => (
            true,
            false,
            format!("late_by_{}_days_due_{due}", (held - due).num_days()),
        ),
        Schedule::Overdue { due } => (true, false, format!("review_overdue_due_{due}")),
    }
}

pub(crate) fn cp_reviews_in_time(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let (mut num, mut den) = (0, 0);
    let upto = p.plans_by_start.partition_point(|pl| pl.start <= e);
    for pl in &p.plans_by_start[..upto] {
        if pl.end.is_some_and(|x| x <= e) || !p.children[pl.child].alive_on(e) {
            continue;
        }
        let held = pl.reviews.partition_point(|r| *r <= e);
        let s = schedule(
            plus_months(pl.start, 3),
            &pl.reviews[..held],
            |_, r| plus_months(r, 6),
            ctx.window,
        );
        let (in_den, in_num, reason) = schedule_row(s);
        den += i64::from(in_den);
        num += i64::from(in_num);
        d.child(p, pl.child, in_den, in_num, || {
            (format!("CP plan {} from {}", pl.id, pl.start), reason)
        });
    }
    Outcome::frac(num, den)
}

pub(crate) fn cla_reviews_in_time(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let (mut num, mut den) = (0, 0);
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        let Some(i) = c.looked_after_ep(e) else {
            continue;
        };
        let poc = &c.periods[c.eps[i].period];
        // The reviews held in the period of care up to E (sorted).
        let from = c.cla_reviews.partition_point(|r| *r < poc.start);
        let upto = c.cla_reviews.partition_point(|r| *r <= e).max(from);
        let reviews = &c.cla_reviews[from..upto];
        let next = |k: usize, r: Date| {
            if k == 0 {
                plus_months(r, 3)
            } else {
                plus_months(r, 6)
            }
        };
        let s = schedule(poc.first_review_due, reviews, next, ctx.window);
        let (in_den, in_num, mut reason) = schedule_row(s);
        reason.push_str(truncated(poc));
        den += i64::from(in_den);
        num += i64::from(in_num);
        d.child(p, ci, in_den, in_num, || {
            (format!("period of care from {}", poc.start), reason)
        });
    }
    Outcome::frac(num, den)
}

// ------------------------------------------------------- looked-after flows

pub(crate) fn cla_3plus_placements(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (e, s) = (ctx.as_of, ctx.window.start);
    let (mut num, mut den) = (0, 0);
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        let Some(i) = c.looked_after_ep(e) else {
            continue;
        };
        let mut placements = 0;
        for ep in &c.eps {
            if ep.short_break || ep.temporary || ep.start > e || ep.end.is_some_and(|x| x < s) {
                continue;
            }
            if placements == 0 || ep.new_placement {
                placements += 1;
            }
        }
        den += 1;
        let hit = placements >= 3;
        num += i64::from(hit);
        d.child(p, ci, true, hit, || {
            (ep_record(c, i), format!("{placements}_placements"))
        });
    }
    Outcome::frac(num, den)
}

pub(crate) fn cla_long_term_stability(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let (period_cut, placement_cut) = (minus_months(e, 30), minus_months(e, 24));
    let (mut num, mut den) = (0, 0);
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        let Some(i) = c.looked_after_ep(e) else {
            continue;
        };
        let rec = || ep_record(c, i);
        let poc = &c.periods[c.eps[i].period];
        match c.age_on(e) {
            None => {
                d.child(p, ci, false, false, || {
                    (rec(), "excluded_no_date_of_birth".into())
                });
                continue;
            }
            Some(a) if a >= 16 => {
                d.child(p, ci, false, false, || (rec(), "aged_16_plus".into()));
                continue;
            }
            Some(_) => {}
        }
        if poc.start > period_cut {
            d.child(p, ci, false, false, || (rec(), "period_too_recent".into()));
            continue;
        }
        den += 1;
        let ep = &c.eps[i];
        let (stable, reason) = if ep.placement_start <= placement_cut {
            (true, "stable")
        } else if ep.place.is_placed_for_adoption()
            && ep.placement_first > poc.first
            && c.eps[ep.placement_first - 1].placement_start <= placement_cut
        {
            (true, "stable_adoption_rule")
        } else {
            (false, "placement_too_recent")
        };
        num += i64::from(stable);
        d.child(p, ci, true, stable, || {
            (rec(), format!("{reason}{}", truncated(poc)))
        });
    }
    Outcome::frac(num, den)
}

/// A child adopted in a window: the facts the adoption measures use.
struct Adopted {
    child: usize,
    entered: Date,
    adopted: Date,
    /// First A3–A6 episode of the period: (index, DECOM).
    placed: Option<(usize, Date)>,
    court_authority: Option<Date>,
    truncated: &'static str,
}

/// Periods of care ended by adoption with the end in `w`, in council and
/// period order (from the list `Prepared` keeps of such periods).
fn adopted_in(p: &Prepared, w: Window) -> Vec<Adopted> {
    let mut out = vec![];
    for &(ci, pi) in &p.adoptions {
        let c = &p.children[ci];
        let poc = &c.periods[pi];
        // `adoptions` holds only ended periods whose reason is an adoption.
        let Some(end) = poc.end.filter(|&end| w.contains(end)) else {
            continue;
        };
        let eps = &c.eps[poc.first..=poc.last];
        let placed = eps
            .iter()
            .position(|x| x.place.is_placed_for_adoption())
            .map(|k| (poc.first + k, eps[k].start));
        let court_authority = eps.iter().find(|x| x.court_authority).map(|x| x.start);
        out.push(Adopted {
            child: ci,
            entered: poc.start,
            adopted: end,
            placed,
            court_authority,
            truncated: truncated(poc),
        });
    }
    out
}

fn adoption_window(ctx: &Ctx, w: AdoptionWindow) -> Window {
    match w {
        AdoptionWindow::Period => ctx.window,
        AdoptionWindow::ThreeYears => Window {
            start: minus_months(ctx.as_of, 36).succ_opt().unwrap_or(ctx.as_of),
            end: ctx.as_of,
        },
    }
}

fn adopted_record(a: &Adopted) -> String {
    format!("period of care {} to {} (adopted)", a.entered, a.adopted)
}

pub(crate) fn adoption_placed_timely(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (mut num, mut den) = (0, 0);
    for a in adopted_in(p, ctx.window) {
        let Some((_, placed)) = a.placed else {
            d.child(p, a.child, false, false, || {
                (
                    adopted_record(&a),
                    "excluded_not_placed_for_adoption".into(),
                )
            });
            continue;
        };
        let r = p.record(a.child);
        let decisions = r
            .adoption
            .iter()
            .map(|x| x.decision_date)
            .chain(r.adoption_decisions.iter().map(|x| x.decision_date));
        let decision = decisions
            .clone()
            .filter(|x| *x <= placed)
            .max()
            .or_else(|| decisions.min());
        let Some(decision) = decision else {
            d.child(p, a.child, false, false, || {
                (adopted_record(&a), "excluded_no_decision_date".into())
            });
            continue;
        };
        den += 1;
        let timely = placed <= plus_months(decision, 12);
        num += i64::from(timely);
        d.child(p, a.child, true, timely, || {
            let days = (placed - decision).num_days();
            (
                adopted_record(&a),
                if timely {
                    format!("timely_{days}_days")
                } else {
                    format!("late_{days}_days")
                },
            )
        });
    }
    Outcome::frac(num, den)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AdoptionMeasure {
    A1,
    A2,
    A10,
}

fn adoption_days(p: &Prepared, ctx: &Ctx, d: &mut Drill, m: AdoptionMeasure) -> Outcome {
    let w = adoption_window(
        ctx,
        if m == AdoptionMeasure::A2 {
            ctx.params.a2_window
        } else {
            ctx.params.a1_window
        },
    );
    let (mut sum, mut n) = (0i64, 0i64);
    for a in adopted_in(p, w) {
        let Some((pi, placed)) = a.placed else {
            d.child(p, a.child, false, false, || {
                (
                    adopted_record(&a),
                    "excluded_not_placed_for_adoption".into(),
                )
            });
            continue;
        };
        let r = p.record(a.child);
        let days = match m {
            AdoptionMeasure::A1 => (placed - a.entered).num_days(),
            AdoptionMeasure::A10 => {
                let moved_in = if r.adoption.as_ref().is_some_and(|x| x.by_foster_carers) {
                    p.children[a.child].eps[pi].placement_start
                } else {
                    placed
                };
                (moved_in - a.entered).num_days()
            }
            AdoptionMeasure::A2 => {
                let Some(ca) = a.court_authority else {
                    d.child(p, a.child, false, false, || {
                        (adopted_record(&a), "excluded_no_placement_order".into())
                    });
                    continue;
                };
                let Some(adoption) = &r.adoption else {
                    d.child(p, a.child, false, false, || {
                        (adopted_record(&a), "excluded_no_match_date".into())
                    });
                    continue;
                };
                (adoption.matched_date - ca).num_days().max(0)
            }
        };
        sum += days;
        n += 1;
        d.child(p, a.child, true, true, || {
            (adopted_record(&a), format!("{days}_days{}", a.truncated))
        });
    }
    Outcome::frac(sum, n)
}

pub(crate) fn adoption_a1_days(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    adoption_days(p, ctx, d, AdoptionMeasure::A1)
}

pub(crate) fn adoption_a2_days(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    adoption_days(p, ctx, d, AdoptionMeasure::A2)
}

pub(crate) fn adoption_a10_days(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    adoption_days(p, ctx, d, AdoptionMeasure::A10)
}

// ------------------------------------------------------------ OC2 outcomes

/// OC2 cohort at E (§2.20): looked after at E, current period of care started
/// on or before minus_months(E, 12), no short-break episode overlapping
/// (minus_months(E, 12), E]. Returns the open episode, or the exclusion.
fn oc2(c: &ChildFacts, e: Date) -> Result<usize, &'static str> {
    let i = c.looked_after_ep(e).ok_or("not_looked_after")?;
    let year_ago = minus_months(e, 12);
    if c.periods[c.eps[i].period].start > year_ago {
        return Err("under_12_months");
    }
    if c.eps
        .iter()
        .any(|x| x.short_break && x.start <= e && x.end.is_none_or(|end| end > year_ago))
    {
        return Err("short_break");
    }
    Ok(i)
}

fn is_31_march(e: Date) -> bool {
    e.month() == 3 && e.day() == 31
}

pub(crate) fn cla_offended(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let annual = is_31_march(e);
    if !annual && !p.has_dated_offences && p.convicted_flags_held {
        return Outcome::unavailable(
            "only the annual OC2 CONVICTED flag is held: the measure exists at 31 March only",
        );
    }
    let (mut num, mut den) = (0, 0);
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        let i = match oc2(c, e) {
            Ok(i) => i,
            Err("not_looked_after") => continue,
            Err(reason) => {
                if let Some(i) = c.looked_after_ep(e) {
                    d.child(p, ci, false, false, || (ep_record(c, i), reason.into()));
                }
                continue;
            }
        };
        if c.age_on(e).is_none_or(|a| a < 10) {
            d.child(p, ci, false, false, || (ep_record(c, i), "under_10".into()));
            continue;
        }
        let r = p.record(ci);
        let flag = if annual {
            r.annual_outcomes
                .iter()
                .find(|o| o.year == e.year())
                .and_then(|o| o.convicted)
        } else {
            None
        };
        let (hit, source) = match flag {
            Some(v) => (v, "oc2_convicted"),
            None => (
                r.offences.iter().any(|o| ctx.window.contains(o.date)),
                "dated_outcome",
            ),
        };
        den += 1;
        num += i64::from(hit);
        d.child(p, ci, true, hit, || {
            (
                ep_record(c, i),
                format!(
                    "{}_{source}{}",
                    if hit { "offended" } else { "not_offended" },
                    truncated(&c.periods[c.eps[i].period])
                ),
            )
        });
    }
    Outcome::frac(num, den)
}

fn up_to_date(dates: &[Date], e: Date, months: u32) -> bool {
    let held = dates.partition_point(|x| *x <= e);
    held > 0 && dates[held - 1] >= minus_months(e, months)
}

pub(crate) fn cla_health_checks(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let annual = is_31_march(e);
    let (mut num, mut den) = (0, 0);
    for ci in visit(p, d, e, &[&p.episode_index]) {
        let c = &p.children[ci];
        if c.eps.is_empty() {
            continue;
        }
        let i = match oc2(c, e) {
            Ok(i) => i,
            Err("not_looked_after") => continue,
            Err(reason) => {
                if let Some(i) = c.looked_after_ep(e) {
                    d.child(p, ci, false, false, || (ep_record(c, i), reason.into()));
                }
                continue;
            }
        };
        let oc2_row = if annual {
            p.record(ci)
                .annual_outcomes
                .iter()
                .find(|o| o.year == e.year())
        } else {
            None
        };
        let months = if c.age_on(e).is_some_and(|a| a < 5) {
            6
        } else {
            12
        };
        let health = oc2_row
            .and_then(|o| o.health_assessment)
            .unwrap_or_else(|| up_to_date(&c.health_assessments, e, months));
        let dental = oc2_row
            .and_then(|o| o.teeth_check)
            .unwrap_or_else(|| up_to_date(&c.dental_checks, e, 12));
        let (n, dd) = match ctx.params.health_measure {
            HealthMeasure::HealthAssessment => (i64::from(health), 1),
            HealthMeasure::Dental => (i64::from(dental), 1),
            HealthMeasure::Both => (i64::from(health && dental), 1),
            HealthMeasure::PafC19 => (i64::from(health) + i64::from(dental), 2),
        };
        num += n;
        den += dd;
        d.child(p, ci, true, n > 0, || {
            (
                ep_record(c, i),
                format!(
                    "health_assessment_{}_dental_{}{}",
                    ok_word(health),
                    ok_word(dental),
                    truncated(&c.periods[c.eps[i].period])
                ),
            )
        });
    }
    Outcome::frac(num, den)
}

fn ok_word(b: bool) -> &'static str {
    if b { "up_to_date" } else { "not_up_to_date" }
}

// ------------------------------------------------------------- care leavers

/// Care leavers at E (§2.22, §2.23): young people with a care leaver status
/// or leaving care involvement, aged within `care_leaver_ages` at E, alive,
/// not looked after at E, and not recorded as died or returned home at their
/// latest birthday. **Choice**: a young person with no status recorded for
/// the latest birthday stays in the denominator as "not known".
fn care_leavers(p: &Prepared, ctx: &Ctx, d: &mut Drill, eet: bool) -> Outcome {
    let e = ctx.as_of;
    let (lo, hi) = ctx.params.care_leaver_ages;
    let (mut num, mut den) = (0, 0);
    // Only children with a care leaver status or leaving care involvement.
    for &ci in &p.care_leaver_children {
        let r = p.record(ci);
        let c = &p.children[ci];
        let Some(age) = c.age_on(e) else { continue };
        if age < lo || age > hi {
            continue;
        }
        let Some(dob) = c.dob else { continue };
        let last_birthday = latest_birthday(dob, e);
        let year = CollectionYear::containing(last_birthday).0;
        let rec = || format!("care leaver aged {age}, birthday {last_birthday}");
        if !c.alive_on(e) {
            d.child(p, ci, false, false, || (rec(), "died".into()));
            continue;
        }
        if c.looked_after_ep(e).is_some() {
            d.child(p, ci, false, false, || (rec(), "looked_after".into()));
            continue;
        }
        let status = r.care_leaver_statuses.iter().rev().find(|s| s.year == year);
        let hit = match status {
            Some(s) if matches!(s.in_touch, InTouch::Died | InTouch::ReturnedHome) => {
                let reason = if s.in_touch == InTouch::Died {
                    "died"
                } else {
                    "returned_home"
                };
                d.child(p, ci, false, false, || (rec(), reason.into()));
                continue;
            }
            Some(s) => {
                if eet {
                    is_eet(s.activity)
                } else {
                    s.accommodation.is_suitable()
                }
            }
            None => false,
        };
        den += 1;
        num += i64::from(hit);
        d.child(p, ci, true, hit, || {
            let reason = match status {
                None => "status_not_recorded".to_string(),
                Some(s) if eet => format!("activity_{}", s.activity.as_code()),
                Some(s) => format!("accommodation_{}", s.accommodation.as_code()),
            };
            (rec(), reason)
        });
    }
    Outcome::frac(num, den)
}

/// EET as §2.23 lists it: F1, P1, F2, P2, F4, P4, F5, P5. **Choice**: the
/// historic F3/P3 codes are not in the reference's list and are not counted.
fn is_eet(a: CareLeaverActivity) -> bool {
    use CareLeaverActivity as A;
    matches!(
        a,
        A::HigherEducationFullTime
            | A::HigherEducationPartTime
            | A::OtherEducationFullTime
            | A::OtherEducationPartTime
            | A::TrainingFullTime
            | A::TrainingPartTime
            | A::EmploymentFullTime
            | A::EmploymentPartTime
    )
}

pub(crate) fn care_leavers_suitable_accommodation(
    p: &Prepared,
    ctx: &Ctx,
    d: &mut Drill,
) -> Outcome {
    care_leavers(p, ctx, d, false)
}

pub(crate) fn care_leavers_eet(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    care_leavers(p, ctx, d, true)
}

pub(crate) fn care_leavers_count(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let mut n = 0;
    for ci in visit(p, d, e, &[&p.leaving_care_index]) {
        let r = p.record(ci);
        let Some(l) = r
            .leaving_care
            .iter()
            .find(|l| l.start <= e && l.end.is_none_or(|x| x > e))
        else {
            continue;
        };
        if !p.children[ci].alive_on(e) {
            continue;
        }
        n += 1;
        d.child(p, ci, true, true, || {
            (
                format!("leaving care service from {}", l.start),
                "open".into(),
            )
        });
    }
    Outcome::count(n)
}

pub(crate) fn re_referrals_12m(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (mut num, mut den) = (0, 0);
    for rf in &p.referrals[in_window(&p.referrals, ctx.window, |r| r.date)] {
        let hit = if ctx.params.exclude_nfa_previous {
            rf.re_referral_excl_nfa
        } else {
            rf.re_referral
        };
        den += 1;
        num += i64::from(hit);
        d.child(p, rf.child, true, hit, || {
            (
                format!("referral {} on {}", rf.id, rf.date),
                if hit {
                    "re_referral_within_12m"
                } else {
                    "no_referral_in_previous_12m"
                }
                .into(),
            )
        });
    }
    Outcome::frac(num, den)
}

// ---------------------------------------------------------------- workforce

fn in_post_social_workers<'a>(
    p: &Prepared<'a>,
    e: Date,
) -> impl Iterator<Item = &'a sightline_domain::Worker> + use<'a> {
    p.council
        .workers
        .iter()
        .filter(move |w| w.role.is_social_worker() && w.is_in_post_on(e))
}

fn worker_subject(w: &sightline_domain::Worker) -> String {
    format!("worker {}", w.sw_id)
}

fn fte_of(w: &sightline_domain::Worker) -> i64 {
    i64::from(w.fte_hundredths)
}

pub(crate) fn caseload_per_fte(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let mut holders: Vec<&sightline_domain::Worker> = in_post_social_workers(p, e)
        .filter(|w| w.case_holding)
        .collect();
    holders.sort_by_key(|w| w.id);
    let fte: i64 = holders.iter().map(|w| fte_of(w)).sum();
    let mut cases = 0;
    // Each child's allocated worker at E: with the drill-down on, every
    // child's from its records; otherwise from the allocation index, for the
    // children with a current allocation (the same worker: the current
    // allocation latest in record order).
    let allocated: Vec<(usize, Option<sightline_domain::RecordId>)> = if d.enabled() {
        (0..p.children.len())
            .map(|ci| (ci, p.record(ci).allocated_worker_on(e)))
            .collect()
    } else {
        p.allocation_index
            .greatest_open_on(e)
            .into_iter()
            .map(|(ci, w)| (ci, Some(w)))
            .collect()
    };
    for (ci, worker) in allocated {
        if !p.children[ci].alive_on(e) {
            continue;
        }
        if let Some(wid) = worker
            && let Ok(k) = holders.binary_search_by_key(&wid, |w| w.id)
            && let Some(w) = holders.get(k)
        {
            cases += 1;
            d.child(p, ci, false, true, || {
                (format!("allocated to {}", w.sw_id), "allocated".into())
            });
        }
    }
    if d.enabled() {
        for w in &holders {
            let f = crate::value::Qty::FteHundredths(fte_of(w)).display();
            d.other(
                worker_subject(w),
                true,
                false,
                format!("{} FTE", f),
                "case_holding_in_post".into(),
            );
        }
    }
    Outcome {
        numerator: Some(Qty::Count(cases)),
        denominator: Some(Qty::FteHundredths(fte)),
        unavailable: None,
        notes: vec![],
    }
}

/// Employed and agency social worker FTE in post at `e`. Drill rows: for
/// `agency_rate` (`vacancy = false`) every worker is in the denominator and
/// agency workers in the numerator; for the vacancy figures only employed
/// workers are listed, in the denominator (the numerator is vacant posts).
fn employed_and_agency_fte(p: &Prepared, e: Date, d: &mut Drill, vacancy: bool) -> (i64, i64) {
    let (mut employed, mut agency) = (0, 0);
    for w in in_post_social_workers(p, e) {
        let is_agency = w.employment == Employment::Agency;
        if is_agency {
            agency += fte_of(w);
        } else {
            employed += fte_of(w);
        }
        if d.enabled() && !(vacancy && is_agency) {
            let f = Qty::FteHundredths(fte_of(w)).display();
            d.other(
                worker_subject(w),
                true,
                is_agency && !vacancy,
                format!("{f} FTE"),
                if is_agency { "agency" } else { "employed" }.into(),
            );
        }
    }
    (employed, agency)
}

pub(crate) fn agency_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let (employed, agency) = employed_and_agency_fte(p, ctx.as_of, d, false);
    Outcome::fte(agency, Some(agency + employed))
}

const NO_ESTABLISHMENT: &str = "the funded establishment is not recorded in the domain: set the parameter establishment_fte (FTE) in the targets file or with --param";

pub(crate) fn vacancy_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(est) = ctx.params.establishment_fte_hundredths else {
        return Outcome::unavailable(NO_ESTABLISHMENT);
    };
    let (employed, _) = employed_and_agency_fte(p, ctx.as_of, d, true);
    let vacant = (est - employed).max(0);
    Outcome::fte(vacant, Some(vacant + employed))
}

pub(crate) fn sw_vacancies_fte(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(est) = ctx.params.establishment_fte_hundredths else {
        return Outcome::unavailable(NO_ESTABLISHMENT);
    };
    let (employed, _) = employed_and_agency_fte(p, ctx.as_of, d, true);
    Outcome::fte((est - employed).max(0), None)
}

pub(crate) fn turnover_rate(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let (mut leavers, mut employed) = (0, 0);
    for w in &p.council.workers {
        if !w.role.is_social_worker() || w.employment != Employment::Permanent {
            continue;
        }
        let f = fte_of(w);
        if w.is_in_post_on(e) {
            employed += f;
            d.other(
                worker_subject(w),
                true,
                false,
                format!("{} FTE", Qty::FteHundredths(f).display()),
                "in_post".into(),
            );
        } else if let Some(left) = w.end.filter(|x| ctx.window.contains(*x)) {
            leavers += f;
            d.other(
                worker_subject(w),
                false,
                true,
                format!("{} FTE", Qty::FteHundredths(f).display()),
                format!("left_{left}"),
            );
        }
    }
    Outcome::fte(leavers, Some(employed))
}

pub(crate) fn unallocated_cases(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let e = ctx.as_of;
    let mut n = 0;
    // Without a drill-down, who is in need, on a CP plan or allocated at E
    // comes from the open-record indexes (the same rules as the records' own
    // `is_in_need_on`, `is_on_cp_plan_on` and `allocated_worker_on`), so the
    // children's records are not read again.
    let open = (!d.enabled()).then(|| {
        (
            open_on_any(&[&p.cin_index], e),
            open_on_any(&[&p.plan_index], e),
            open_on_any(&[&p.allocation_index], e),
        )
    });
    let visits = match &open {
        Some((cin, plans, _)) => {
            let mut v = open_on_any(&[&p.episode_index], e);
            v.extend(cin);
            v.extend(plans);
            v.sort_unstable();
            v.dedup();
            v
        }
        None => (0..p.children.len()).collect(),
    };
    for ci in visits {
        let c = &p.children[ci];
        let (in_need, on_plan, allocated) = match &open {
            Some((cin, plans, allocated)) => {
                let alive = c.alive_on(e);
                (
                    alive && cin.binary_search(&ci).is_ok(),
                    alive && plans.binary_search(&ci).is_ok(),
                    allocated.binary_search(&ci).is_ok(),
                )
            }
            None => {
                let r = p.record(ci);
                (
                    r.is_in_need_on(e),
                    r.is_on_cp_plan_on(e),
                    r.allocated_worker_on(e).is_some(),
                )
            }
        };
        if !(in_need || on_plan || c.looked_after_ep(e).is_some()) {
            continue;
        }
        if !allocated {
            n += 1;
            d.child(p, ci, true, true, || {
                ("open case".into(), "no_allocated_worker".into())
            });
        }
    }
    Outcome::count(n)
}

pub(crate) fn agency_staff_count(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let mut n = 0;
    for w in in_post_social_workers(p, ctx.as_of).filter(|w| w.employment == Employment::Agency) {
        n += 1;
        d.other(
            worker_subject(w),
            true,
            true,
            "agency social worker".into(),
            "in_post".into(),
        );
    }
    Outcome::count(n)
}

const NOT_GIVEN: &str = "these records were not given to the engine (the caller passes the council's quality records with Engine::with_quality)";

/// §2.27: audits dated in `[S, E]`, good or outstanding over all graded
/// audits. A note gives the grade breakdown by largest remainder (§1.4).
pub(crate) fn audits_good_or_better(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(q) = p.quality else {
        return Outcome::unavailable(&format!("case file audits: {NOT_GIVEN}"));
    };
    let mut audits: Vec<&CaseFileAudit> = q
        .audits
        .iter()
        .filter(|a| ctx.window.contains(a.date))
        .collect();
    audits.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    let mut by_grade = [0u64; 4];
    let mut good = 0;
    for a in &audits {
        let ok = a.grade.is_good_or_better();
        good += i64::from(ok);
        if let Some(i) = Grade::ALL.iter().position(|g| *g == a.grade) {
            by_grade[i] += 1;
        }
        d.other(
            a.child.to_string(),
            true,
            ok,
            format!("audit {} on {}", a.id, a.date),
            a.grade.code().into(),
        );
    }
    let mut out = Outcome::frac(good, audits.len() as i64);
    if !audits.is_empty() {
        let pct = crate::value::largest_remainder_percentages(&by_grade);
        let parts: Vec<String> = Grade::ALL
            .iter()
            .zip(by_grade.iter().zip(&pct))
            .map(|(g, (n, pc))| format!("{} {n} ({pc}%)", g.label().to_lowercase()))
            .collect();
        out.notes.push(format!(
            "{BREAKDOWN_NOTE_PREFIX}grades {}",
            parts.join(", ")
        ));
    }
    out
}

const NO_VEMT_RECORDS: &str =
    "no VEMT records are held for this council: 0 may mean none were recorded";

/// The breakdown §2.28 prints beside a VEMT count: sex, at potential risk
/// of CSE, and the risk levels.
fn vemt_note(p: &Prepared, considered: &[&VemtConsideration]) -> String {
    let (mut female, mut male, mut other) = (0, 0, 0);
    for v in considered {
        let sex = p.vemt_child_sex(&v.child);
        match sex {
            Some(Sex::Female) => female += 1,
            Some(Sex::Male) => male += 1,
            _ => other += 1,
        }
    }
    let level = |l: RiskLevel| considered.iter().filter(|v| v.cse_risk == Some(l)).count();
    let at_risk = considered.iter().filter(|v| v.cse_risk.is_some()).count();
    let mut s = format!("{BREAKDOWN_NOTE_PREFIX}{female} female, {male} male");
    if other > 0 {
        s.push_str(&format!(", {other} sex not known"));
    }
    s.push_str(&format!(
        "; {at_risk} at potential risk of CSE ({} high, {} medium, {} low)",
        level(RiskLevel::High),
        level(RiskLevel::Medium),
        level(RiskLevel::Low)
    ));
    s
}

/// One consideration per child: the latest of `records` (a child first
/// considered twice counts once, with its most recent risk level).
fn per_child<'q>(
    records: impl Iterator<Item = &'q VemtConsideration>,
) -> Vec<&'q VemtConsideration> {
    let mut v: Vec<&VemtConsideration> = records.collect();
    v.sort_by(|a, b| {
        a.child
            .cmp(&b.child)
            .then(b.considered.cmp(&a.considered))
            .then(b.id.cmp(&a.id))
    });
    v.dedup_by(|later, kept| later.child == kept.child);
    v
}

/// §2.28: children first considered by the VEMT panel in `[S, E]`.
pub(crate) fn vemt_considered(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(q) = p.quality else {
        return Outcome::unavailable(&format!("VEMT arrangements: {NOT_GIVEN}"));
    };
    let children = per_child(q.vemt.iter().filter(|v| ctx.window.contains(v.considered)));
    for v in &children {
        d.other(
            v.child.to_string(),
            true,
            true,
            format!("VEMT consideration {} on {}", v.id, v.considered),
            match v.cse_risk {
                Some(l) => format!("cse_risk_{}", l.code()),
                None => "considered".into(),
            },
        );
    }
    let mut out = Outcome::count(children.len() as i64);
    out.notes.push(vemt_note(p, &children));
    if q.vemt.is_empty() {
        out.notes.push(NO_VEMT_RECORDS.into());
    }
    out
}

/// §2.28: children subject to VEMT arrangements at E (considered on or
/// before E, not closed on or before E).
pub(crate) fn vemt_open(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(q) = p.quality else {
        return Outcome::unavailable(&format!("VEMT arrangements: {NOT_GIVEN}"));
    };
    let children = per_child(q.vemt.iter().filter(|v| v.is_open_on(ctx.as_of)));
    for v in &children {
        d.other(
            v.child.to_string(),
            true,
            true,
            format!("VEMT consideration {} from {}", v.id, v.considered),
            "open".into(),
        );
    }
    let mut out = Outcome::count(children.len() as i64);
    out.notes.push(vemt_note(p, &children));
    if q.vemt.is_empty() {
        out.notes.push(NO_VEMT_RECORDS.into());
    }
    out
}

/// §2.28: disclosures of CSE dated in `[S, E]`, counted as disclosures (a
/// child who discloses twice counts twice); the drill-down names each
/// disclosure's child. A note gives how many were referred to the police.
pub(crate) fn cse_disclosures(p: &Prepared, ctx: &Ctx, d: &mut Drill) -> Outcome {
    let Some(q) = p.quality else {
        return Outcome::unavailable(&format!("CSE disclosures: {NOT_GIVEN}"));
    };
    let mut found: Vec<&CseDisclosure> = q
        .cse_disclosures
        .iter()
        .filter(|x| ctx.window.contains(x.date))
        .collect();
    found.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    for x in &found {
        d.other(
            x.child.to_string(),
            true,
            true,
            format!("CSE disclosure {} on {}", x.id, x.date),
            format!("disclosed_to_{}", x.disclosed_to.code()),
        );
    }
    let mut out = Outcome::count(found.len() as i64);
    if !found.is_empty() {
        let police = found.iter().filter(|x| x.referred_to_police).count();
        out.notes.push(format!(
            "{BREAKDOWN_NOTE_PREFIX}{police} of {} referred to the police",
            found.len()
        ));
    }
    if q.cse_disclosures.is_empty() && q.vemt.is_empty() {
        out.notes.push(NO_VEMT_RECORDS.into());
    }
    out
}
