//! Per-council facts computed once and reused for every indicator and every
//! date: episodes in date order with their periods of care and placement
//! starts, and flat, date-sorted tables of assessments, ICPCs, CP plans and
//! referrals with their date-independent flags (repeat plan, re-referral).
//!
//! Why: a 60-month series evaluates every indicator at 60+ dates; walking
//! each child's raw records for each date and indicator would repeat the
//! same chain-building thousands of times. Here it is done in one pass per
//! council; the measures then binary-search the sorted tables for a window.
//! It deliberately holds borrowed records, never a copy of the council.

use std::collections::HashMap;
use std::sync::Mutex;

use sightline_domain::RecordId;
use sightline_domain::codes::{
    LegalStatus, PlacementType, ReasonEpisodeCeased, ReasonNewEpisode, Sex,
};
use sightline_domain::quality::QualityRecords;
use sightline_domain::{
    Birth, ChildId, ChildRecord, ConferenceKind, Council, Date, HealthCheckKind,
};

use chrono::Datelike;

use crate::period::minus_months;
use crate::workdays::{add_wd, wd_between};

/// One looked-after episode with derived facts.
#[derive(Debug, Clone)]
pub(crate) struct Ep {
    pub id: i64,
    pub start: Date,
    pub end: Option<Date>,
    pub rne: ReasonNewEpisode,
    pub short_break: bool,
    pub temporary: bool,
    pub place: PlacementType,
    /// LS E1 (placement order) or D1 (freeing order).
    pub court_authority: bool,
    /// This episode starts a new placement for the stability counts (§1.9).
    pub new_placement: bool,
    /// Start of the placement this episode belongs to (walk back over L/T/U).
    pub placement_start: Date,
    /// Index of the episode that started this placement.
    pub placement_first: usize,
    /// Index into `ChildFacts::periods`.
    pub period: usize,
}

impl Ep {
    pub fn is_open_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// One period of care.
#[derive(Debug, Clone)]
pub(crate) struct Poc {
    pub start: Date,
    pub end: Option<Date>,
    pub end_reason: Option<ReasonEpisodeCeased>,
    /// Episodes `first..=last` in `ChildFacts::eps`.
    pub first: usize,
    pub last: usize,
    /// The chain starts with an episode whose RNE is not S.
    pub truncated: bool,
    /// First CLA review due: 20 working days after the start (§2.13).
    pub first_review_due: Date,
}

/// Facts about one child.
#[derive(Debug, Clone)]
pub(crate) struct ChildFacts {
    pub dob: Option<Date>,
    /// Unborn at E when E is before this date (expected or actual birth).
    pub born_on: Date,
    pub recorded_unborn: bool,
    pub death: Option<Date>,
    pub eps: Vec<Ep>,
    pub periods: Vec<Poc>,
    /// Dates of statutory health assessments and dental checks, sorted.
    pub health_assessments: Vec<Date>,
    pub dental_checks: Vec<Date>,
    /// Dates of CLA reviews, sorted.
    pub cla_reviews: Vec<Date>,
}

impl ChildFacts {
    pub fn alive_on(&self, on: Date) -> bool {
        self.death.is_none_or(|d| d > on)
    }
    pub fn unborn_on(&self, on: Date) -> bool {
        self.recorded_unborn || self.born_on > on
    }
    /// The open episode at `on` (short breaks included).
    pub fn open_episode(&self, on: Date) -> Option<usize> {
        self.eps.iter().position(|e| e.is_open_on(on))
    }
    /// Looked after at `on`: alive and an open episode that is not a short break.
    pub fn looked_after_ep(&self, on: Date) -> Option<usize> {
        if !self.alive_on(on) {
            return None;
        }
        self.open_episode(on).filter(|&i| !self.eps[i].short_break)
    }
    pub fn age_on(&self, on: Date) -> Option<i32> {
        self.dob
            .filter(|d| *d <= on && !self.recorded_unborn)
            .map(|d| crate::period::age_at(d, on))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AssessmentFact {
    pub child: usize,
    pub id: i64,
    pub start: Date,
    pub authorised: Date,
    pub referral_date: Option<Date>,
    /// Working days start → authorisation and referral → authorisation
    /// (computed once: they do not depend on the as-of date).
    pub wd_from_start: i64,
    pub wd_from_referral: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct IcpcFact {
    pub child: usize,
    pub id: i64,
    pub date: Date,
    pub s47_start: Option<Date>,
    pub strategy_date: Option<Date>,
    pub wd_from_s47: Option<i64>,
    pub wd_from_strategy: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlanFact {
    pub child: usize,
    pub id: i64,
    pub start: Date,
    pub end: Option<Date>,
    /// An earlier plan of the same child ended within 24 months before this start.
    pub repeat_24m: bool,
    /// Any earlier plan of the same child.
    pub earlier_plan: bool,
    pub previous_plans_recorded: u16,
    /// Review conference dates, sorted.
    pub reviews: Vec<Date>,
}

#[derive(Debug, Clone)]
pub(crate) struct ReferralFact {
    pub child: usize,
    pub id: i64,
    pub date: Date,
    /// An earlier referral of the child within 12 months before this one.
    pub re_referral: bool,
    /// As `re_referral`, ignoring earlier NFA referrals.
    pub re_referral_excl_nfa: bool,
}

/// Everything the measures need, built once per council.
pub(crate) struct Prepared<'a> {
    pub council: &'a Council,
    pub children: Vec<ChildFacts>,
    /// Authorised assessments, sorted by authorisation date.
    pub assessments: Vec<AssessmentFact>,
    /// Initial conferences, sorted by date.
    pub icpcs: Vec<IcpcFact>,
    /// CP plans sorted by start date.
    pub plans_by_start: Vec<PlanFact>,
    /// Indexes into `plans_by_start` of ended plans, sorted by end date.
    pub plans_by_end: Vec<usize>,
    /// Referrals sorted by date.
    pub referrals: Vec<ReferralFact>,
    pub has_dated_offences: bool,
    /// The council's case file audits and VEMT considerations, when the
    /// caller gave them ([`crate::Engine::with_quality`]); `None` makes the
    /// audit and VEMT figures null with a reason.
    pub quality: Option<&'a QualityRecords>,
    /// The child ids the VEMT records name, sorted, each with the sex of the
    /// first child of the council (in record order) with that id; built
    /// with `quality` (the VEMT notes break considerations down by sex).
    pub vemt_sex: Vec<(&'a ChildId, Option<Sex>)>,
    /// Children with a looked-after episode (short breaks included).
    pub episode_index: OpenIndex,
    /// Children with a CP plan.
    pub plan_index: OpenIndex,
    /// Children with a non-NFA referral (CIN episode).
    pub cin_index: OpenIndex,
    /// Children with a worker allocation; payload (position among the
    /// child's allocations, worker): the domain's `allocated_worker_on` is
    /// the worker of the current allocation latest in record order.
    pub allocation_index: OpenIndex<(usize, RecordId)>,
    /// Children with a leaving care involvement.
    pub leaving_care_index: OpenIndex,
    /// Children with a care leaver status or leaving care involvement, in order.
    pub care_leaver_children: Vec<usize>,
    /// (child, period of care) of periods ended by adoption, in child then period order.
    pub adoptions: Vec<(usize, usize)>,
    /// Some child has an annual OC2 CONVICTED flag.
    pub convicted_flags_held: bool,
    /// Stock counts already computed without a drill-down: a report asks
    /// for each count twice (count and rate) at each of three dates.
    pub stock_memo: Mutex<HashMap<StockKey, i64>>,
}

/// (stock, as-of date, include_unborn) of a remembered stock count.
pub(crate) type StockKey = (Stock, Date, bool);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Stock {
    Cla,
    Cp,
    Cin,
}

/// Which children have a record open on a date, where "open" is the
/// domain's `start <= on && end.is_none_or(|x| x > on)` (episodes, CP plans,
/// CIN referrals, allocations, leaving care). Why: most of a council's
/// children are long closed or never had such a record, and walking every
/// child for every indicator at every date was most of the engine's time.
/// The lookup only narrows the children a measure visits; each measure still
/// applies its own rule to each child visited.
#[derive(Debug, Clone)]
pub(crate) struct OpenIndex<T: Copy = ()> {
    /// (start, end, child, payload) of records with an end, sorted by start.
    ended: Vec<(Date, Date, u32, T)>,
    /// The latest end of each block of `BLOCK` entries of `ended`.
    block_end: Vec<Date>,
    /// (start, child, payload) of records without an end, sorted by start.
    open_ended: Vec<(Date, u32, T)>,
}

impl<T: Copy> Default for OpenIndex<T> {
    fn default() -> Self {
        OpenIndex {
            ended: vec![],
            block_end: vec![],
            open_ended: vec![],
        }
    }
}

const BLOCK: usize = 64;

impl<T: Copy> OpenIndex<T> {
    /// `records`: (start, end, child index, payload).
    fn new(records: Vec<Span<T>>) -> OpenIndex<T> {
        let mut ended = Vec::with_capacity(records.len());
        let mut open_ended = vec![];
        for (start, end, child, x) in records {
            let child = u32::try_from(child).unwrap_or(u32::MAX);
            match end {
                // Never open on any date: start <= on < end is impossible.
                Some(e) if e <= start => {}
                Some(e) => ended.push((start, e, child, x)),
                None => open_ended.push((start, child, x)),
            }
        }
        // Only the order of starts matters: the lookups sort by child.
        match day_order(&ended, |x| x.0) {
            Some(order) => ended = order.iter().map(|&i| ended[i]).collect(),
            None => ended.sort_unstable_by_key(|x| x.0),
        }
        match day_order(&open_ended, |x| x.0) {
            Some(order) => open_ended = order.iter().map(|&i| open_ended[i]).collect(),
            None => open_ended.sort_unstable_by_key(|x| x.0),
        }
        let block_end = ended
            .chunks(BLOCK)
            .map(|b| b.iter().map(|x| x.1).max().unwrap_or(Date::MIN))
            .collect();
        OpenIndex {
            ended,
            block_end,
            open_ended,
        }
    }

    /// Call `f(child, payload)` for each record open on `on`.
    fn each_open_on(&self, on: Date, mut f: impl FnMut(usize, T)) {
        let hi = self.ended.partition_point(|x| x.0 <= on);
        for (b, &end) in self.block_end.iter().enumerate() {
            let from = b * BLOCK;
            if from >= hi {
                break;
            }
            if end <= on {
                continue;
            }
            let to = (from + BLOCK).min(hi);
            for x in &self.ended[from..to] {
                if x.1 > on {
                    f(x.2 as usize, x.3);
                }
            }
        }
        let hi = self.open_ended.partition_point(|x| x.0 <= on);
        for x in &self.open_ended[..hi] {
            f(x.1 as usize, x.2);
        }
    }

    /// Append to `out` the children with a record open on `on` (unsorted,
    /// possibly repeated).
    fn add_open_on(&self, on: Date, out: &mut Vec<usize>) {
        self.each_open_on(on, |c, _| out.push(c));
    }
}

impl<K: Copy + Ord, V: Copy> OpenIndex<(K, V)> {
    /// For each child with a record open on `on`, in council order: the
    /// `V` of its open record with the greatest `K`.
    pub fn greatest_open_on(&self, on: Date) -> Vec<(usize, V)> {
        let mut all: Vec<(usize, K, V)> = vec![];
        self.each_open_on(on, |c, (k, v)| all.push((c, k, v)));
        all.sort_unstable_by_key(|x| (x.0, x.1));
        let mut out: Vec<(usize, V)> = Vec::with_capacity(all.len());
        for (c, _, v) in all {
            match out.last_mut() {
                Some(last) if last.0 == c => last.1 = v,
                _ => out.push((c, v)),
            }
        }
        out
    }
}

/// The children with a record open on `on` in any of `indexes`, in council
/// order, each once.
pub(crate) fn open_on_any<T: Copy>(indexes: &[&OpenIndex<T>], on: Date) -> Vec<usize> {
    let mut out = vec![];
    for i in indexes {
        i.add_open_on(on, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// What [`Prepared`] takes from each child, gathered one child at a time in
/// council order. It holds no reference to the council, so it can be fed
/// while the store is still reading the council
/// ([`crate::engine::CouncilFacts`]): each child's records are then walked
/// while they are still in the CPU's cache, instead of in a second pass over
/// a council that no longer fits in it.
#[derive(Default)]
pub(crate) struct Gathered {
    children: Vec<ChildFacts>,
    assessments: Vec<AssessmentFact>,
    icpcs: Vec<IcpcFact>,
    plans_by_start: Vec<PlanFact>,
    referrals: Vec<ReferralFact>,
    has_dated_offences: bool,
    convicted_flags_held: bool,
    care_leaver_children: Vec<usize>,
    adoptions: Vec<(usize, usize)>,
    // Each kind of record, for the open-record indexes.
    eps: Vec<Span>,
    plans: Vec<Span>,
    cin: Vec<Span>,
    allocations: Vec<Span<(usize, RecordId)>>,
    leaving_care: Vec<Span>,
}

/// (start, end, child, payload) of a record, for an [`OpenIndex`].
type Span<T = ()> = (Date, Option<Date>, usize, T);

impl Gathered {
    pub fn with_capacity(children: usize) -> Gathered {
        Gathered {
            children: Vec::with_capacity(children),
            ..Gathered::default()
        }
    }

    /// Children gathered so far.
    pub fn len(&self) -> usize {
        self.children.len()
    }

    /// Gather the next child of the council (its lists sorted, as the
    /// store and `ChildRecord::sort` leave them).
    pub fn add(&mut self, r: &ChildRecord) {
        let ci = self.children.len();
        let facts = child_facts(r);
        self.eps
            .extend(facts.eps.iter().map(|e| (e.start, e.end, ci, ())));
        for (pi, poc) in facts.periods.iter().enumerate() {
            if poc.end.is_some() && poc.end_reason.is_some_and(|r| r.is_adoption()) {
                self.adoptions.push((ci, pi));
            }
        }
        self.children.push(facts);
        self.plans
            .extend(r.cp_plans.iter().map(|x| (x.start, x.end, ci, ())));
        self.cin.extend(
            r.referrals
                .iter()
                .filter(|x| !x.nfa)
                .map(|x| (x.date, x.closure.map(|c| c.date), ci, ())),
        );
        self.allocations.extend(
            r.allocations
                .iter()
                .enumerate()
                .map(|(k, x)| (x.start, x.end, ci, (k, x.worker))),
        );
        self.leaving_care
            .extend(r.leaving_care.iter().map(|x| (x.start, x.end, ci, ())));
        self.add_cin_facts(ci, r);
        self.has_dated_offences |= !r.offences.is_empty();
        self.convicted_flags_held |= r.annual_outcomes.iter().any(|o| o.convicted.is_some());
        if !r.care_leaver_statuses.is_empty() || !r.leaving_care.is_empty() {
            self.care_leaver_children.push(ci);
        }
    }

    /// The prepared facts of `council`, whose children must be exactly
    /// those gathered, in the same order (the caller checks).
    pub fn finish(self, council: &Council) -> Prepared<'_> {
        let Gathered {
            children,
            mut assessments,
            mut icpcs,
            mut plans_by_start,
            mut referrals,
            has_dated_offences,
            convicted_flags_held,
            care_leaver_children,
            adoptions,
            eps,
            plans,
            cin,
            allocations,
            leaving_care,
        } = self;
        sort_by_day(&mut assessments, |a| (a.authorised, a.child, a.id));
        icpcs.sort_by_key(|a| (a.date, a.child, a.id));
        plans_by_start.sort_by_key(|a| (a.start, a.child, a.id));
        sort_by_day(&mut referrals, |a| (a.date, a.child, a.id));
        let mut plans_by_end: Vec<usize> = (0..plans_by_start.len())
            .filter(|&i| plans_by_start[i].end.is_some())
            .collect();
        plans_by_end.sort_by_key(|&i| plans_by_start[i].end);
        Prepared {
            council,
            children,
            assessments,
            icpcs,
            plans_by_start,
            plans_by_end,
            referrals,
            has_dated_offences,
            quality: None,
            vemt_sex: vec![],
            episode_index: OpenIndex::new(eps),
            plan_index: OpenIndex::new(plans),
            cin_index: OpenIndex::new(cin),
            allocation_index: OpenIndex::new(allocations),
            leaving_care_index: OpenIndex::new(leaving_care),
            care_leaver_children,
            adoptions,
            convicted_flags_held,
            stock_memo: Mutex::new(HashMap::new()),
        }
    }

    fn add_cin_facts(&mut self, ci: usize, r: &ChildRecord) {
        let referral_date = |id: i64| r.referrals.iter().find(|x| x.id == id).map(|x| x.date);
        for a in &r.assessments {
            if let Some(auth) = a.authorised {
                let referral_date = referral_date(a.referral);
                self.assessments.push(AssessmentFact {
                    child: ci,
                    id: a.id,
                    start: a.start,
                    authorised: auth,
                    referral_date,
                    wd_from_start: wd_between(a.start, auth),
                    wd_from_referral: referral_date.map(|r| wd_between(r, auth)),
                });
            }
        }
        for c in r
            .conferences
            .iter()
            .filter(|c| c.kind == ConferenceKind::Initial)
        {
            // The S47 it followed: as linked, else the latest S47 of the same
            // referral started on or before the conference.
            let s47 = c
                .section47
                .and_then(|id| r.section47s.iter().find(|s| s.id == id))
                .or_else(|| {
                    r.section47s
                        .iter()
                        .filter(|s| {
                            s.referral == c.referral && s.start <= c.date && !s.icpc_not_required
                        })
                        .max_by_key(|s| s.start)
                });
            let strategy_date = s47.and_then(|s| {
                r.strategy_discussions
                    .iter()
                    .filter(|d| {
                        d.referral == s.referral && d.section47_started && d.date <= s.start
                    })
                    .map(|d| d.date)
                    .max()
            });
            self.icpcs.push(IcpcFact {
                child: ci,
                id: c.id,
                date: c.date,
                s47_start: s47.map(|s| s.start),
                strategy_date,
                wd_from_s47: s47.map(|s| wd_between(s.start, c.date)),
                wd_from_strategy: strategy_date.map(|s| wd_between(s, c.date)),
            });
        }
        for plan in &r.cp_plans {
            let earlier = r
                .cp_plans
                .iter()
                .filter(|o| o.id != plan.id && o.start < plan.start);
            let repeat_24m = earlier.clone().any(|o| {
                o.end
                    .is_some_and(|e| e <= plan.start && e >= minus_months(plan.start, 24))
            });
            let mut reviews: Vec<Date> = r
                .conferences
                .iter()
                .filter(|c| c.kind == ConferenceKind::Review)
                .filter(|c| match c.cp_plan {
                    Some(id) => id == plan.id,
                    None => c.date >= plan.start && plan.end.is_none_or(|e| c.date <= e),
                })
                .map(|c| c.date)
                .collect();
            reviews.sort_unstable();
            self.plans_by_start.push(PlanFact {
                child: ci,
                id: plan.id,
                start: plan.start,
                end: plan.end,
                repeat_24m,
                earlier_plan: earlier.count() > 0,
                previous_plans_recorded: plan.previous_plans,
                reviews,
            });
        }
        for rf in &r.referrals {
            let earlier = r
                .referrals
                .iter()
                .filter(|o| o.id != rf.id && o.date < rf.date);
            // Most children have one referral: no month arithmetic for them.
            let (re_referral, re_referral_excl_nfa) = if earlier.clone().next().is_none() {
                (false, false)
            } else {
                let from = minus_months(rf.date, 12);
                let mut prev = earlier.filter(|o| o.date >= from);
                (prev.clone().next().is_some(), prev.any(|o| !o.nfa))
            };
            self.referrals.push(ReferralFact {
                child: ci,
                id: rf.id,
                date: rf.date,
                re_referral,
                re_referral_excl_nfa,
            });
        }
    }
}

impl<'a> Prepared<'a> {
    pub fn new(council: &'a Council) -> Prepared<'a> {
        let mut g = Gathered::with_capacity(council.children.len());
        for r in &council.children {
            g.add(r);
        }
        g.finish(council)
    }

    /// Use the council's quality records (see `Engine::with_quality`).
    pub fn set_quality(&mut self, quality: &'a QualityRecords) {
        self.quality = Some(quality);
        let mut ids: Vec<(&'a ChildId, Option<Sex>)> =
            quality.vemt.iter().map(|v| (&v.child, None)).collect();
        ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        ids.dedup_by(|a, b| a.0 == b.0);
        // One hash look-up per child, stopping once every id has been
        // found (the first child with an id is the one that counts).
        let slot: HashMap<&ChildId, usize> =
            ids.iter().enumerate().map(|(k, x)| (x.0, k)).collect();
        let mut missing = ids.len();
        for r in &self.council.children {
            if missing == 0 {
                break;
            }
            if let Some(&k) = slot.get(&r.child.id)
                && ids[k].1.is_none()
            {
                ids[k].1 = Some(r.child.sex);
                missing -= 1;
            }
        }
        self.vemt_sex = ids;
    }

    /// The sex of the first child of the council with id `id`, for a child
    /// the VEMT records name.
    pub fn vemt_child_sex(&self, id: &ChildId) -> Option<Sex> {
        self.vemt_sex
            .binary_search_by(|x| x.0.cmp(id))
            .ok()
            .and_then(|k| self.vemt_sex[k].1)
    }

    pub fn record(&self, child: usize) -> &'a ChildRecord {
        &self.council.children[child]
    }
}

/// The positions of `v`'s entries in order of `day`, entries of one day in
/// their order in `v` (a counting sort); `None` when the days span far more
/// days than `v` has entries (then a comparison sort is cheaper).
fn day_order<T>(v: &[T], day: impl Fn(&T) -> Date) -> Option<Vec<usize>> {
    let n = v.len();
    let days: Vec<i64> = v
        .iter()
        .map(|x| i64::from(day(x).num_days_from_ce()))
        .collect();
    let lo = days.iter().copied().min().unwrap_or(0);
    let hi = days.iter().copied().max().unwrap_or(0);
    let span = usize::try_from(hi - lo + 1).ok()?;
    if span > 4 * n + 4096 {
        return None;
    }
    // next[k]: where the next entry of day lo + k goes.
    let mut next = vec![0usize; span + 1];
    for &d in &days {
        next[(d - lo) as usize + 1] += 1;
    }
    for k in 1..=span {
        next[k] += next[k - 1];
    }
    let mut order = vec![0usize; n];
    for (i, &d) in days.iter().enumerate() {
        let k = (d - lo) as usize;
        order[next[k]] = i;
        next[k] += 1;
    }
    Some(order)
}

/// Sort `v` by `key` = (date, child, id) exactly as the stable
/// `sort_by_key` would, for a `v` built in council order (children in
/// ascending index): a counting sort on the day keeps council order within
/// a day, then the rare runs of one child's records on one day are put in
/// id order (stably). Why: the flat tables hold a record per referral or
/// assessment of the council and a comparison sort of them was a visible
/// share of preparing a council. Falls back to `sort_by_key` when `v` is
/// not in child order or its dates span far more days than it has entries.
fn sort_by_day<T: Clone>(v: &mut Vec<T>, key: impl Fn(&T) -> (Date, usize, i64)) {
    if v.len() < 2 {
        return;
    }
    let in_child_order = v.windows(2).all(|w| key(&w[0]).1 <= key(&w[1]).1);
    let order = if in_child_order {
        day_order(v, |x| key(x).0)
    } else {
        None
    };
    let Some(order) = order else {
        v.sort_by_key(|x| key(x));
        return;
    };
    let mut out: Vec<T> = order.iter().map(|&i| v[i].clone()).collect();
    for run in out.chunk_by_mut(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0 == kb.0 && ka.1 == kb.1
    }) {
        if run.len() > 1 {
            run.sort_by_key(|x| key(x).2);
        }
    }
    *v = out;
}

fn child_facts(r: &ChildRecord) -> ChildFacts {
    let (dob, born_on, recorded_unborn) = match r.child.birth {
        Birth::Born(d) => (Some(d), d, false),
        Birth::Unborn(d) => (None, d, true),
    };
    let mut eps: Vec<Ep> = Vec::with_capacity(r.episodes.len());
    let mut periods = Vec::new();
    for (pi, poc) in r.periods_of_care().into_iter().enumerate() {
        let first = eps.len();
        for &i in &poc.episodes {
            let e = &r.episodes[i];
            eps.push(Ep {
                id: e.id,
                start: e.start,
                end: e.end.map(|x| x.date),
                rne: e.reason_new,
                short_break: e.legal_status.is_short_break(),
                temporary: e.placement.is_temporary(),
                place: e.placement,
                court_authority: matches!(
                    e.legal_status,
                    LegalStatus::PlacementOrder | LegalStatus::FreeingOrder
                ),
                new_placement: false,
                placement_start: e.start,
                placement_first: eps.len(),
                period: pi,
            });
        }
        let last = eps.len().saturating_sub(1);
        periods.push(Poc {
            start: poc.start,
            end: poc.end.map(|x| x.date),
            end_reason: poc.end.map(|x| x.reason),
            first,
            last,
            truncated: r.episodes[poc.episodes[0]].reason_new != ReasonNewEpisode::Started,
            first_review_due: add_wd(poc.start, 20),
        });
    }
    mark_placements(r, &mut eps);
    let mut health_assessments: Vec<Date> = r
        .health_checks
        .iter()
        .filter(|h| h.kind == HealthCheckKind::HealthAssessment)
        .map(|h| h.date)
        .collect();
    health_assessments.sort_unstable();
    let mut dental_checks: Vec<Date> = r
        .health_checks
        .iter()
        .filter(|h| h.kind == HealthCheckKind::Dental)
        .map(|h| h.date)
        .collect();
    dental_checks.sort_unstable();
    let mut cla_reviews: Vec<Date> = r.cla_reviews.iter().map(|x| x.date).collect();
    cla_reviews.sort_unstable();
    ChildFacts {
        dob,
        born_on,
        recorded_unborn,
        death: r.child.death_date,
        eps,
        periods,
        health_assessments,
        dental_checks,
        cla_reviews,
    }
}

fn starts_placement(rne: ReasonNewEpisode) -> bool {
    matches!(
        rne,
        ReasonNewEpisode::Started
            | ReasonNewEpisode::PlacementChange
            | ReasonNewEpisode::LegalStatusAndPlacement
    )
}

/// Placement facts (§1.9, §2.14, §2.15): which episodes start a new
/// placement, and where each episode's placement began.
fn mark_placements(r: &ChildRecord, eps: &mut [Ep]) {
    // Carers of an episode, to compare across a temporary placement.
    let carers = |id: i64| {
        r.episodes
            .iter()
            .find(|e| e.id == id)
            .map(|e| (e.placement, e.urn.clone(), e.placement_postcode.clone()))
    };
    let mut last_non_temp: Option<usize> = None;
    let mut prev_temp = false;
    for i in 0..eps.len() {
        let same_period_as_prev = i > 0 && eps[i - 1].period == eps[i].period;
        // Placement start: walk back within the period over L/T/U episodes.
        if same_period_as_prev && !starts_placement(eps[i].rne) {
            eps[i].placement_start = eps[i - 1].placement_start;
            eps[i].placement_first = eps[i - 1].placement_first;
        }
        if eps[i].short_break || eps[i].temporary {
            prev_temp = eps[i].temporary;
            continue;
        }
        let rne = eps[i].rne;
        eps[i].new_placement = if rne == ReasonNewEpisode::Started || last_non_temp.is_none() {
            true
        } else if prev_temp {
            matches!(
                rne,
                ReasonNewEpisode::PlacementChange | ReasonNewEpisode::LegalStatusAndPlacement
            ) && last_non_temp.is_some_and(|j| carers(eps[j].id) != carers(eps[i].id))
        } else {
            starts_placement(rne)
        };
        last_non_temp = Some(i);
        prev_temp = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_synth::{SynthConfig, generate};

    /// Each index finds exactly the children with a record open on the
    /// date (the domain's own rule, child by child), on every date a record
    /// starts or ends, the day before and the day after.
    /// The counting sort gives exactly the stable comparison sort's order,
    /// ties included (entries equal in key keep their council order).
    #[test]
    fn sort_by_day_is_the_stable_sort_by_date_child_and_id() {
        let base = Date::from_ymd_opt(2020, 1, 1).unwrap_or(Date::MIN);
        // (date, child, id, tag): tag tells entries with equal keys apart.
        let mut v: Vec<(Date, usize, i64, usize)> = vec![];
        let mut x: u64 = 12345;
        let mut rnd = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        for child in 0..400 {
            for _ in 0..rnd(6) {
                let day = base + chrono::Days::new(rnd(40));
                let id = rnd(5) as i64;
                v.push((day, child, id, v.len()));
            }
        }
        let mut want = v.clone();
        want.sort_by_key(|a| (a.0, a.1, a.2));
        let mut got = v.clone();
        sort_by_day(&mut got, |a| (a.0, a.1, a.2));
        assert_eq!(got, want);
        // Not in child order, or dates far apart: the comparison sort.
        let mut shuffled = v.clone();
        shuffled.reverse();
        let mut want = shuffled.clone();
        want.sort_by_key(|a| (a.0, a.1, a.2));
        sort_by_day(&mut shuffled, |a| (a.0, a.1, a.2));
        assert_eq!(shuffled, want);
        let mut wide = v.clone();
        wide[0].0 = Date::from_ymd_opt(1900, 1, 1).unwrap_or(Date::MIN);
        wide[5].0 = Date::from_ymd_opt(2999, 1, 1).unwrap_or(Date::MIN);
        let mut want = wide.clone();
        want.sort_by_key(|a| (a.0, a.1, a.2));
        sort_by_day(&mut wide, |a| (a.0, a.1, a.2));
        assert_eq!(wide, want);
    }

    #[test]
    fn open_indexes_find_exactly_the_children_with_an_open_record() {
        let council = generate(
            &SynthConfig {
                population_0_17: 3_000,
                ..SynthConfig::middlesbrough(7)
            },
            &|_, _| {},
        );
        let p = Prepared::new(&council);
        let mut edges: Vec<Date> = vec![];
        for r in &council.children {
            for (s, e) in r
                .episodes
                .iter()
                .map(|x| (x.start, x.end.map(|e| e.date)))
                .chain(r.cp_plans.iter().map(|x| (x.start, x.end)))
                .chain(
                    r.referrals
                        .iter()
                        .map(|x| (x.date, x.closure.map(|c| c.date))),
                )
                .chain(r.allocations.iter().map(|x| (x.start, x.end)))
                .chain(r.leaving_care.iter().map(|x| (x.start, x.end)))
            {
                edges.push(s);
                edges.extend(e);
            }
        }
        edges.sort_unstable();
        edges.dedup();
        assert!(edges.len() > 300, "the council has records");
        let step = edges.len() / 150;
        let mut dates: Vec<Date> = vec![];
        for d in edges.iter().step_by(step.max(1)) {
            dates.extend([d.pred_opt(), Some(*d), d.succ_opt()].into_iter().flatten());
        }
        // The latest starts, where open-ended records begin.
        dates.extend(edges.iter().rev().take(40));
        let brute = |f: &dyn Fn(&ChildRecord, &ChildFacts) -> bool| -> Vec<usize> {
            (0..council.children.len())
                .filter(|&i| f(&council.children[i], &p.children[i]))
                .collect()
        };
        let mut found = 0;
        for &on in &dates {
            let cases: [(&OpenIndex, Vec<usize>); 4] = [
                (
                    &p.episode_index,
                    brute(&|_, c| c.eps.iter().any(|e| e.is_open_on(on))),
                ),
                (
                    &p.plan_index,
                    brute(&|r, _| r.cp_plans.iter().any(|x| x.is_active_on(on))),
                ),
                (
                    &p.cin_index,
                    brute(&|r, _| {
                        r.referrals.iter().any(|x| {
                            !x.nfa && x.date <= on && x.closure.is_none_or(|c| c.date > on)
                        })
                    }),
                ),
                (
                    &p.leaving_care_index,
                    brute(&|r, _| {
                        r.leaving_care
                            .iter()
                            .any(|x| x.start <= on && x.end.is_none_or(|e| e > on))
                    }),
                ),
            ];
            for (k, (index, want)) in cases.iter().enumerate() {
                assert_eq!(&open_on_any(&[index], on), want, "index {k} on {on}");
                found += want.len();
            }
            // Allocations: the children with a current allocation, each
            // with the worker the domain gives.
            let want: Vec<(usize, RecordId)> = council
                .children
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.allocated_worker_on(on).map(|w| (i, w)))
                .collect();
            assert_eq!(
                p.allocation_index.greatest_open_on(on),
                want,
                "allocations on {on}"
            );
            assert_eq!(
                open_on_any(&[&p.allocation_index], on),
                want.iter().map(|x| x.0).collect::<Vec<_>>()
            );
            found += want.len();
            let union = open_on_any(&[&p.cin_index, &p.plan_index, &p.episode_index], on);
            let mut want: Vec<usize> = cases[..3].iter().flat_map(|c| c.1.clone()).collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(union, want, "union on {on}");
        }
        assert!(found > 10_000, "the indexes are exercised ({found})");
    }
}
