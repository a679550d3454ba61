//! `sightline-synth`: synthetic councils.
//!
//! Why: Sightline is demonstrated, tested and benchmarked on councils that
//! never existed. A synthetic council must look like a real one in the
//! figures a council reports (about 1,800 children in need, 300 on child
//! protection plans and 500 looked after in a Middlesbrough-sized council of
//! 33,000 children), and its records must make clean SSDA903 and CIN census
//! returns: every rule the DfE applies is respected by construction (episodes
//! joined by `X1`, reasons for placement change, URNs where rule 218 wants
//! them, closures consistent with the activity, no CIN plan alongside a CP
//! plan, and so on).
//!
//! How: families arrive at the front door at a steady rate; each family is
//! generated alone from its own random stream (derived from the master seed
//! and the family's number), so the council is identical whatever the number
//! of threads. Contacts lead to referrals, assessments, strategy discussions,
//! section 47 enquiries, conferences, plans and care; what follows care
//! (adoption, special guardianship, home, 18 and leaving care) comes from the
//! same journey. A warm-up before the first collection year (children who
//! came into care up to 18 years earlier) makes the first year look like the
//! last. The workforce (teams, posts, joiners and leavers) is built first and
//! children are allocated to workers in post.
//!
//! What it does not do: write returns (see `sightline-ssda903`,
//! `sightline-cin`) or load stores. Records about events before the first
//! collection year are kept where a return or an indicator needs the history
//! (a period of care's start, an earlier referral, a previous CP plan);
//! children whose involvement ended more than a year before the first
//! collection year are not generated. Councils other than the Tees valley
//! ones use Middlesbrough's postcode sectors for their home area.

mod care;
pub mod improvement;
mod journey;
mod places;
pub mod quality;
mod workforce;

use chrono::{Months, TimeDelta};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use rayon::prelude::*;

use sightline_domain::calendar::{CollectionYear, Date};
use sightline_domain::{ChildId, ChildRecord, Council, LaNumber, Team, Upn, Worker};

use journey::{Ctx, FamilyKind, KINDS};

/// The seed of the default council: its figures at 31 March 2025 sit close
/// to the calibration targets (other seeds vary by about a tenth, as a real
/// council's do from year to year).
pub const DEFAULT_SEED: u64 = 6;

/// The first collection year the generator supports (bank holidays start in 2010).
pub const EARLIEST_YEAR: i32 = 2012;
/// The last collection year the generator supports (bank holidays end in 2030).
pub const LATEST_YEAR: i32 = 2030;

/// A configuration the generator cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynthError {
    #[error("the child population must be at least 1,000, found {0}")]
    Population(u32),
    #[error(
        "collection years must run from {EARLIEST_YEAR} to {LATEST_YEAR} with the first not after the last, found {0}-{1}"
    )]
    Years(i32, i32),
    #[error("expected years as FIRST-LAST (for example 2021-2025), found {0:?}")]
    YearsShape(String),
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    pub la: LaNumber,
    pub name: String,
    /// Children aged 0–17 living in the council; flows scale linearly with it.
    pub population_0_17: u32,
    pub seed: u64,
    /// First collection year (named by the year it ends: 2021 = 2020/21).
    pub first_year: i32,
    /// Last collection year; the records stop at its 31 March.
    pub last_year: i32,
}

impl SynthConfig {
    /// Middlesbrough (806), 33,000 children, collection years 2021 to 2025.
    pub fn middlesbrough(seed: u64) -> Self {
        Self {
            la: LaNumber::new(806).unwrap_or_else(|_| unreachable!("806 is a valid LA number")),
            name: "Middlesbrough".to_string(),
            population_0_17: 33_000,
            seed,
            first_year: 2021,
            last_year: 2025,
        }
    }

    /// Check the configuration; [`generate`] assumes a valid one.
    pub fn validate(&self) -> Result<(), SynthError> {
        if self.population_0_17 < 1_000 {
            return Err(SynthError::Population(self.population_0_17));
        }
        if self.first_year > self.last_year
            || self.first_year < EARLIEST_YEAR
            || self.last_year > LATEST_YEAR
        {
            return Err(SynthError::Years(self.first_year, self.last_year));
        }
        Ok(())
    }

    /// Parse `2021-2025` (or a single year `2025`).
    pub fn parse_years(s: &str) -> Result<(i32, i32), SynthError> {
        let t = s.trim();
        let (a, b) = t.split_once('-').unwrap_or((t, t));
        let a: i32 = a
            .trim()
            .parse()
            .map_err(|_| SynthError::YearsShape(t.to_string()))?;
        let b: i32 = b
            .trim()
            .parse()
            .map_err(|_| SynthError::YearsShape(t.to_string()))?;
        if a > b || a < EARLIEST_YEAR || b > LATEST_YEAR {
            return Err(SynthError::Years(a, b));
        }
        Ok((a, b))
    }

    /// The configuration with out-of-range values brought into range.
    fn normalised(&self) -> Self {
        let mut c = self.clone();
        c.population_0_17 = c.population_0_17.max(1_000);
        c.first_year = c.first_year.clamp(EARLIEST_YEAR, LATEST_YEAR);
        c.last_year = c.last_year.clamp(c.first_year, LATEST_YEAR);
        c
    }
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self::middlesbrough(DEFAULT_SEED)
    }
}

pub(crate) fn days(d: Date, n: i64) -> Date {
    d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d)
}

/// Same day of month `n` months later, or the month's last day (indicators §1.1).
pub(crate) fn plus_months(d: Date, n: u32) -> Date {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of one random stream: the master seed, a stream kind, an index.
pub(crate) fn stream_seed(seed: u64, kind: u64, index: u64) -> u64 {
    splitmix(splitmix(seed ^ splitmix(kind)) ^ index)
}

/// Families per year per 10,000 children reaching the front door.
const FLOW_PER_10K: f64 = 305.0;
const UASC_PER_10K: f64 = 3.3;
const SHORT_BREAKS_PER_10K: f64 = 2.4;

/// The plan of one council: dates, the workforce and how many families of each kind.
struct Plan {
    cfg: SynthConfig,
    workforce: workforce::Workforce,
    places: places::Places,
    horizon: Date,
    window_start: Date,
    sim_start: Date,
    flow_start: Date,
    kinds: Vec<(FamilyKind, u64)>,
}

impl Plan {
    fn new(cfg: &SynthConfig) -> Self {
        let cfg = cfg.normalised();
        let window_start = CollectionYear(cfg.first_year).start();
        let horizon = CollectionYear(cfg.last_year).end();
        let sim_start = days(window_start, -18 * 365);
        let flow_start = days(window_start, -8 * 365);
        let scale = f64::from(cfg.population_0_17) / 33_000.0;
        let per10k = f64::from(cfg.population_0_17) / 10_000.0;
        let years = |a: Date, b: Date| (b - a).num_days() as f64 / 365.25;
        let count = |rate: f64, a: Date, b: Date| (rate * per10k * years(a, b)).round() as u64;
        let kinds = vec![
            (FamilyKind::Flow, count(FLOW_PER_10K, flow_start, horizon)),
            (
                FamilyKind::Legacy,
                count(FLOW_PER_10K * journey::CARE_SHARE, sim_start, flow_start),
            ),
            (
                FamilyKind::Uasc,
                count(UASC_PER_10K, days(window_start, -4 * 365), horizon),
            ),
            (
                FamilyKind::ShortBreaks,
                count(SHORT_BREAKS_PER_10K, days(window_start, -8 * 365), horizon),
            ),
        ];
        let workforce = workforce::Workforce::build(cfg.seed, scale, sim_start, horizon);
        let mut rng = SmallRng::seed_from_u64(stream_seed(cfg.seed, 0x91AC, 0));
        let places = places::Places::for_la(cfg.la, &mut rng);
        Self {
            cfg,
            workforce,
            places,
            horizon,
            window_start,
            sim_start,
            flow_start,
            kinds,
        }
    }

    fn total(&self) -> u64 {
        self.kinds.iter().map(|(_, n)| n).sum()
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            la: self.cfg.la,
            horizon: self.horizon,
            window_start: self.window_start,
            sim_start: self.sim_start,
            flow_start: self.flow_start,
            keep_from: days(self.window_start, -365),
            first_year: self.cfg.first_year,
            last_year: self.cfg.last_year,
            workforce: &self.workforce,
            places: &self.places,
        }
    }

    fn kind_of(&self, index: u64) -> (FamilyKind, u64) {
        let mut i = index;
        for (k, n) in &self.kinds {
            if i < *n {
                return (*k, i);
            }
            i -= n;
        }
        (FamilyKind::Flow, i)
    }
}

/// Ids handed out so far, per record kind, and children numbered so far.
#[derive(Default)]
struct Numbering {
    offsets: [i64; KINDS],
    children: u64,
}

impl Numbering {
    /// Give a family's records council-wide ids and its children their identifiers.
    fn assign(&mut self, la: LaNumber, records: &mut [ChildRecord], local: &journey::Ids) {
        let o = self.offsets;
        use journey::*;
        for r in records.iter_mut() {
            self.children += 1;
            let n = self.children;
            if let Ok(id) = ChildId::parse(&format!("{:03}{n:07}", la.get())) {
                r.child.id = id;
            }
            if r.child.upn.is_some() {
                r.child.upn = Some(Upn::from_parts(la, 10_000_000 + n as u32));
            }
            for x in &mut r.contacts {
                x.id += o[K_CONTACT];
            }
            for x in &mut r.referrals {
                x.id += o[K_REFERRAL];
            }
            for x in &mut r.assessments {
                x.id += o[K_ASSESSMENT];
                x.referral += o[K_REFERRAL];
            }
            for x in &mut r.strategy_discussions {
                x.id += o[K_STRATEGY];
                x.referral += o[K_REFERRAL];
            }
            for x in &mut r.section47s {
                x.id += o[K_S47];
                x.referral += o[K_REFERRAL];
            }
            for x in &mut r.conferences {
                x.id += o[K_CONFERENCE];
                x.referral += o[K_REFERRAL];
                if let Some(s) = &mut x.section47 {
                    *s += o[K_S47];
                }
                if let Some(p) = &mut x.cp_plan {
                    *p += o[K_CP_PLAN];
                }
            }
            for x in &mut r.cp_plans {
                x.id += o[K_CP_PLAN];
                x.referral += o[K_REFERRAL];
            }
            for x in &mut r.cin_plans {
                x.id += o[K_CIN_PLAN];
                x.referral += o[K_REFERRAL];
            }
            for x in &mut r.episodes {
                x.id += o[K_EPISODE];
            }
            for x in &mut r.cla_reviews {
                x.id += o[K_REVIEW];
            }
            for x in &mut r.visits {
                x.id += o[K_VISIT];
            }
            for x in &mut r.health_checks {
                x.id += o[K_HEALTH];
            }
            for x in &mut r.offences {
                x.id += o[K_OFFENCE];
            }
            for x in &mut r.missing {
                x.id += o[K_MISSING];
            }
            for x in &mut r.adoption_decisions {
                x.id += o[K_ADOPTION_DECISION];
            }
            for x in &mut r.care_leaver_statuses {
                x.id += o[K_CARE_LEAVER];
            }
            for x in &mut r.leaving_care {
                x.id += o[K_LEAVING_CARE];
            }
            for x in &mut r.family_group_conferences {
                x.id += o[K_FGC];
            }
            for x in &mut r.safety_plans {
                x.id += o[K_SAFETY];
            }
            for x in &mut r.allocations {
                x.id += o[K_ALLOCATION];
            }
        }
        for (k, n) in local.0.iter().enumerate() {
            self.offsets[k] += n;
        }
    }
}

/// Generate a whole council in memory. `progress` is called with
/// (families done, families in all).
pub fn generate(cfg: &SynthConfig, progress: &(dyn Fn(u64, u64) + Sync)) -> Council {
    let plan = Plan::new(cfg);
    let mut children = Vec::new();
    let result: Result<(), std::convert::Infallible> = run(&plan, 4096, progress, |_, _, chunk| {
        children.extend(chunk);
        Ok(())
    });
    let _ = result;
    Council {
        la: plan.cfg.la,
        name: plan.cfg.name.clone(),
        population_0_17: plan.cfg.population_0_17,
        teams: plan.workforce.teams.clone(),
        workers: plan.workforce.workers.clone(),
        children,
    }
}

/// Generate a council a chunk of families at a time, so a very large council
/// never has to be held in memory. `sink` receives the teams and workers
/// (the same every call) and the next children, in order; the concatenation
/// of the chunks equals [`generate`]'s children for any `chunk_families`.
/// Stops at the first error from `sink` and returns it.
pub fn generate_in_chunks<E>(
    cfg: &SynthConfig,
    chunk_families: usize,
    progress: &(dyn Fn(u64, u64) + Sync),
    sink: impl FnMut(&[Team], &[Worker], Vec<ChildRecord>) -> Result<(), E>,
) -> Result<(), E> {
    let plan = Plan::new(cfg);
    run(&plan, chunk_families.max(1), progress, sink)
}

/// A synthetic council's children as an iterator, generated on a background
/// thread a chunk of families ahead of the reader (bounded memory: at most
/// two chunks wait). For stores that pull children one at a time.
pub struct ChildStream {
    teams: Vec<Team>,
    workers: Vec<Worker>,
    families: u64,
    rx: std::sync::mpsc::Receiver<Vec<ChildRecord>>,
    buffered: std::vec::IntoIter<ChildRecord>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl ChildStream {
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }
    pub fn workers(&self) -> &[Worker] {
        &self.workers
    }
    /// About how many children the council will have (about one per family).
    pub fn estimated_children(&self) -> u64 {
        self.families
    }
}

impl Iterator for ChildStream {
    type Item = ChildRecord;
    fn next(&mut self) -> Option<ChildRecord> {
        loop {
            if let Some(c) = self.buffered.next() {
                return Some(c);
            }
            match self.rx.recv() {
                Ok(chunk) => self.buffered = chunk.into_iter(),
                Err(_) => {
                    if let Some(h) = self.handle.take() {
                        let _ = h.join();
                    }
                    return None;
                }
            }
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.buffered.len(), None)
    }
}

/// Generate a council as a [`ChildStream`]; the children are those of
/// [`generate`], in the same order.
pub fn stream(cfg: &SynthConfig, chunk_families: usize) -> ChildStream {
    let plan = Plan::new(cfg);
    let teams = plan.workforce.teams.clone();
    let workers = plan.workforce.workers.clone();
    let families = plan.total();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ChildRecord>>(2);
    let chunk = chunk_families.max(1);
    let handle = std::thread::spawn(move || {
        // A send fails only when the reader has gone: then stop generating.
        let _ = run(&plan, chunk, &|_, _| {}, |_, _, records| tx.send(records));
    });
    ChildStream {
        teams,
        workers,
        families,
        rx,
        buffered: Vec::new().into_iter(),
        handle: Some(handle),
    }
}

fn run<E>(
    plan: &Plan,
    chunk_families: usize,
    progress: &(dyn Fn(u64, u64) + Sync),
    mut sink: impl FnMut(&[Team], &[Worker], Vec<ChildRecord>) -> Result<(), E>,
) -> Result<(), E> {
    let ctx = plan.ctx();
    let total = plan.total();
    let mut numbering = Numbering::default();
    let mut done = 0u64;
    progress(0, total);
    while done < total {
        let end = (done + chunk_families as u64).min(total);
        let families: Vec<(Vec<ChildRecord>, journey::Ids)> = (done..end)
            .into_par_iter()
            .map(|index| {
                let (kind, _) = plan.kind_of(index);
                let salt = match kind {
                    FamilyKind::Flow => 1,
                    FamilyKind::Legacy => 2,
                    FamilyKind::Uasc => 3,
                    FamilyKind::ShortBreaks => 4,
                };
                let mut rng = SmallRng::seed_from_u64(stream_seed(plan.cfg.seed, salt, index));
                journey::family(&ctx, kind, index as i64 + 1, &mut rng)
            })
            .collect();
        let mut chunk = Vec::new();
        for (mut records, ids) in families {
            numbering.assign(plan.cfg.la, &mut records, &ids);
            chunk.extend(records);
        }
        sink(&plan.workforce.teams, &plan.workforce.workers, chunk)?;
        done = end;
        progress(done, total);
    }
    Ok(())
}
