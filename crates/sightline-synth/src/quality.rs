//! Synthetic workforce and quality-assurance records for a generated
//! council: the funded establishment, working patterns (nine-day
//! fortnights, part-time weeks) and leave, monthly case file audits with
//! their forms (section grades, actions, moderation), team health checks,
//! the VEMT panel and the CSE disclosures it records, safety plans and SEND
//! risk assessments, the council's own children's homes and the transfer
//! protocol.
//!
//! Why here and why this way: the demo council must show every workforce
//! and quality view with the seeds' magnitudes (about 15 vacancies and 15
//! agency staff, about 26 audits a quarter graded mostly good or requires
//! improvement, six homes), and the records must agree with the generated
//! children, teams and workers: audits choose open cases through the same
//! schedule the web app proposes ([`audit_schedule`]), so the auditors are
//! never the case's own manager; VEMT considers children aged 11–17 with a
//! social worker; a few disclosures of CSE a year come from children the
//! panel considered at high risk of CSE, dated while their VEMT
//! arrangements were open; plans belong to children who have one. Everything passes
//! [`sightline_workforce::check_records`], the check every save makes.
//!
//! Children can arrive as a stream (`sightline generate --db` never holds a
//! large council in memory), so [`QualitySampler`] observes them one at a
//! time and keeps only what it needs: every child with a social worker in
//! the quality window at the default size, a fixed 1-in-N sample of them for
//! councils N times larger. Records are a function of the configuration and
//! the seed only: the same council always gets the same records.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use chrono::{Datelike, Weekday};
use sightline_domain::calendar::{Date, is_working_day};
use sightline_domain::codes::{Disability, Sex};
use sightline_domain::quality::{
    AuditAction, AuditForm, AuditSection, CaseFileAudit, ChildrensHome, CseDisclosure, DisclosedTo,
    Grade, Leave, Moderation, OfstedInspection, Post, QualityRecords, RiskLevel, RiskPlan,
    RiskPlanKind, SectionGrade, TeamHealthCheck, TransferRule, TransferTrigger, VemtConsideration,
    VemtMeeting, WorkingPattern, WorkingPatternRecord,
};
use sightline_domain::{ChildRecord, Council, RecordId, Service, Team, Worker, WorkerRole};
use sightline_workforce::assurance::audit_schedule;
use sightline_workforce::rota::{Rota, check_cover};

use crate::{Plan, SynthConfig, days, plus_months, stream_seed};

/// Random stream kinds (distinct from the journey and workforce streams).
const STREAM: u64 = 0x0A0D_17ED;

/// Observes a council's children as they are generated and builds its
/// quality records at the end.
pub struct QualitySampler {
    cfg: SynthConfig,
    scale: f64,
    stride: u64,
    seen: u64,
    window_start: Date,
    horizon: Date,
    posts: Vec<crate::workforce::Slot>,
    kept: Vec<ChildRecord>,
}

impl QualitySampler {
    pub fn new(cfg: &SynthConfig) -> Self {
        let plan = Plan::new(cfg);
        let scale = f64::from(plan.cfg.population_0_17) / 33_000.0;
        Self {
            stride: scale.ceil().max(1.0) as u64,
            scale,
            seen: 0,
            window_start: plan.window_start,
            horizon: plan.horizon,
            posts: plan.workforce.posts.clone(),
            cfg: plan.cfg,
            kept: Vec::new(),
        }
    }

    /// Look at the next child in generation order.
    pub fn observe(&mut self, r: &ChildRecord) {
        let n = self.seen;
        self.seen += 1;
        let in_window = r
            .allocations
            .iter()
            .any(|a| a.start <= self.horizon && a.end.is_none_or(|e| e > self.window_start));
        if in_window && n.is_multiple_of(self.stride) {
            self.kept.push(r.clone());
        }
    }

    /// The records, given the council's teams and workers.
    pub fn finish(self, teams: &[Team], workers: &[Worker]) -> QualityRecords {
        let council = Council {
            la: self.cfg.la,
            name: self.cfg.name.clone(),
            population_0_17: self.cfg.population_0_17,
            teams: teams.to_vec(),
            workers: workers.to_vec(),
            children: self.kept,
        };
        let g = Gen {
            seed: self.cfg.seed,
            scale: self.scale,
            from: self.window_start,
            to: self.horizon,
            establishment: &self.posts,
            council: &council,
        };
        let mut rec = QualityRecords {
            posts: g.posts(),
            transfer_rules: transfer_rules(),
            homes: g.homes(),
            health_checks: g.health_checks(),
            ..QualityRecords::default()
        };
        (rec.patterns, rec.leave) = g.rota();
        (rec.audits, rec.audit_forms) = g.audits();
        (rec.vemt, rec.vemt_meetings) = g.vemt();
        rec.cse_disclosures = g.cse_disclosures(&rec.vemt);
        rec.risk_plans = g.risk_plans();
        rec
    }
}

/// The quality records of a council generated whole (`generate`).
pub fn quality_records(cfg: &SynthConfig, council: &Council) -> QualityRecords {
    let mut s = QualitySampler::new(cfg);
    for r in &council.children {
        s.observe(r);
    }
    s.finish(&council.teams, &council.workers)
}

struct Gen<'a> {
    seed: u64,
    scale: f64,
    from: Date,
    to: Date,
    establishment: &'a [crate::workforce::Slot],
    council: &'a Council,
}

/// `n` scaled to the council's size, at least `min`.
fn scaled(n: f64, scale: f64, min: usize) -> usize {
    ((n * scale).round() as usize).max(min)
}

fn weighted<T: Copy>(rng: &mut SmallRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (t, w) in items {
        if x < *w {
            return *t;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// One step better or worse on the Ofsted scale, clamped.
fn shift(g: Grade, by: i32) -> Grade {
    let i = Grade::ALL.iter().position(|x| *x == g).unwrap_or(1) as i32;
    Grade::ALL[(i + by).clamp(0, 3) as usize]
}

/// The first working day on or after `d`.
fn working_on_or_after(d: Date) -> Date {
    d.iter_days().find(|x| is_working_day(*x)).unwrap_or(d)
}

fn first_of_month(d: Date) -> Date {
    Date::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
}

fn months(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut m = first_of_month(from);
    while m <= to {
        out.push(m);
        m = plus_months(m, 1);
    }
    out
}

fn transfer_rules() -> Vec<TransferRule> {
    vec![
        TransferRule {
            id: 1,
            name: "Becomes looked after: to the Children Looked After service".into(),
            trigger: TransferTrigger::BecomesLookedAfter,
            to_service: Service::LookedAfter,
            within_working_days: 10,
        },
        TransferRule {
            id: 2,
            name: "Child protection plan: to Safeguarding and Care Planning".into(),
            trigger: TransferTrigger::CpPlanStarts,
            to_service: Service::Safeguarding,
            within_working_days: 15,
        },
    ]
}

const HOME_NAMES: [&str; 12] = [
    "Oak House",
    "Beech View",
    "Willow Lodge",
    "Hawthorn Close",
    "Rowan House",
    "Elm Court",
    "Ash Grove",
    "Cedar Lodge",
    "Holly Bank",
    "Larch House",
    "Maple Court",
    "Birch Lodge",
];

const FINDINGS: [&str; 6] = [
    "Supervision regular and reflective; caseloads within target.",
    "Timely assessments; plans need sharper outcomes.",
    "Voice of the child clear on most files; management oversight inconsistent.",
    "High agency turnover has slowed visits; recruitment plan agreed.",
    "Strong multi-agency work; chronologies not kept up to date.",
    "Good morale; NQSWs well supported in the academy.",
];

const SECTION_COMMENTS: [&str; 5] = [
    "Evidence on file.",
    "Some gaps in recording.",
    "Clear and child-focused.",
    "Needs sharper analysis.",
    "Not evidenced on file.",
];

const ACTIONS: [&str; 6] = [
    "Update the chronology",
    "Record the child's wishes and feelings",
    "Review the plan with SMART outcomes",
    "Record management oversight and supervision",
    "Hold a core group and share minutes",
    "Complete the updated assessment",
];

impl Gen<'_> {
    fn rng(&self, kind: u64, index: u64) -> SmallRng {
        SmallRng::seed_from_u64(stream_seed(self.seed, STREAM ^ kind, index))
    }

    /// One full-time funded post per slot the workforce fills. Posts left
    /// vacant or covered by agency staff at the end of the window stay
    /// funded until about 15 FTE (at the default size) are vacant; the rest
    /// were deleted from the establishment during the last year, as the
    /// restructures in the seeds did, their agency cover continuing over
    /// establishment.
    fn posts(&self) -> Vec<Post> {
        let registered = |r: WorkerRole| {
            matches!(
                r,
                WorkerRole::SocialWorker
                    | WorkerRole::SeniorPractitioner
                    | WorkerRole::TeamManager
                    | WorkerRole::HeadOfService
            )
        };
        let employed_fte = |slot: &crate::workforce::Slot| -> u32 {
            slot.occupants
                .clone()
                .filter_map(|id| self.council.workers.iter().find(|w| w.id == id))
                .filter(|w| {
                    w.is_in_post_on(self.to)
                        && w.employment == sightline_domain::Employment::Permanent
                })
                .map(|w| u32::from(w.fte_hundredths))
                .sum()
        };
        let mut rng = self.rng(7, 0);
        let mut budget = (1500.0 * self.scale).round() as i64;
        let mut out = Vec::new();
        for (i, slot) in self.establishment.iter().enumerate() {
            let gap = 100 - i64::from(employed_fte(slot).min(100));
            let end = if registered(slot.role) && gap > 0 {
                // Keep funding while the budget of vacancies lasts, taking
                // whole vacancies with a chance so they spread over teams.
                if budget >= gap && (gap < 100 || rng.gen_bool(0.5)) {
                    budget -= gap;
                    None
                } else {
                    Some(days(self.to, -rng.gen_range(30..330)))
                }
            } else {
                None
            };
            out.push(Post {
                id: i as RecordId + 1,
                team: slot.team,
                role: slot.role,
                fte_hundredths: 100,
                case_holding: slot.case_holding,
                start: days(self.from, -3 * 365),
                end,
            });
        }
        out
    }

    /// Working patterns for the workers in post in the window (nine-day
    /// fortnights for about one in six, part-time weeks for part-time
    /// staff) and two blocks of annual leave each in the last year, then
    /// made to keep every team covered: leave that would leave a team with
    /// nobody is dropped, and a pattern that would is made full time.
    fn rota(&self) -> (Vec<WorkingPatternRecord>, Vec<Leave>) {
        let mut patterns = Vec::new();
        let mut leave = Vec::new();
        let year_start = days(self.to, -364);
        let days_of_week = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        for w in &self.council.workers {
            if w.start > self.to || w.end.is_some_and(|e| e <= self.from) {
                continue;
            }
            let mut rng = self.rng(1, w.id as u64);
            let from = w.start.max(days(self.from, -365));
            let pattern = match w.fte_hundredths {
                90 => Some(WorkingPattern::NineDayFortnight {
                    day_off: days_of_week[rng.gen_range(0..5)],
                    anchor: days(from, 7 * rng.gen_range(0..2)),
                }),
                f @ (60 | 80) => {
                    let keep = if f == 60 { 3 } else { 4 };
                    let skip = rng.gen_range(0..5);
                    let days: Vec<Weekday> = (0..keep)
                        .map(|k| days_of_week[(skip + 1 + k) % 5])
                        .collect();
                    let mut days = days;
                    days.sort_by_key(|d| d.num_days_from_monday());
                    Some(WorkingPattern::PartTime { days })
                }
                _ if rng.gen_bool(0.16) => Some(WorkingPattern::NineDayFortnight {
                    day_off: days_of_week[rng.gen_range(0..5)],
                    anchor: days(from, 7 * rng.gen_range(0..2)),
                }),
                _ => None,
            };
            if let Some(pattern) = pattern {
                patterns.push(WorkingPatternRecord {
                    id: patterns.len() as RecordId + 1,
                    worker: w.id,
                    from,
                    pattern,
                });
            }
            if w.is_in_post_on(year_start) || w.is_in_post_on(self.to) {
                for block in 0..2 {
                    let lo = year_start.max(w.start);
                    let hi = self.to.min(w.end.unwrap_or(self.to));
                    let span = (hi - lo).num_days();
                    if span < 30 {
                        continue;
                    }
                    let half = span / 2;
                    let first = days(lo, block * half + rng.gen_range(0..(half - 14).max(1)));
                    let len = [4, 4, 9, 13][rng.gen_range(0..4)];
                    leave.push(Leave {
                        id: leave.len() as RecordId + 1,
                        worker: w.id,
                        first_day: first,
                        last_day: days(first, len),
                        reason: "annual".into(),
                    });
                }
            }
        }
        self.keep_teams_covered(&mut patterns, &mut leave);
        (patterns, leave)
    }

    fn keep_teams_covered(&self, patterns: &mut Vec<WorkingPatternRecord>, leave: &mut Vec<Leave>) {
        let Some(mut from) = patterns
            .iter()
            .map(|p| p.from)
            .chain(leave.iter().map(|l| l.first_day))
            .min()
        else {
            return;
        };
        let to = leave
            .iter()
            .map(|l| l.last_day)
            .max()
            .unwrap_or(from)
            .max(from + chrono::Duration::days(13));
        for _ in 0..10_000 {
            let empty = {
                let rota = Rota::new(patterns, leave);
                check_cover(self.council, &rota, from, to)
            };
            let Err(e) = empty else { return };
            let team_workers: Vec<RecordId> = self
                .council
                .workers
                .iter()
                .filter(|w| w.team == e.team && w.is_in_post_on(e.date))
                .map(|w| w.id)
                .collect();
            let before = leave.len();
            leave.retain(|l| !(team_workers.contains(&l.worker) && l.covers(e.date)));
            if leave.len() == before {
                patterns.retain(|p| !team_workers.contains(&p.worker));
            }
            from = e.date;
        }
    }

    /// Monthly audits: the schedule's random sample and themed selection
    /// (about 26 a quarter at the default size), graded with a slowly
    /// improving distribution; each with a form.
    fn audits(&self) -> (Vec<CaseFileAudit>, Vec<AuditForm>) {
        let mut audits: Vec<CaseFileAudit> = Vec::new();
        let mut forms = Vec::new();
        let heads: Vec<&Worker> = self
            .council
            .workers
            .iter()
            .filter(|w| w.role == WorkerRole::HeadOfService)
            .collect();
        for (mi, month) in months(self.from, self.to).into_iter().enumerate() {
            let mut rng = self.rng(2, mi as u64);
            let per_month = if mi % 3 == 2 { 8.0 } else { 9.0 };
            let n = scaled(per_month, self.scale, 1);
            let themed = scaled(2.0, self.scale, 0);
            let plan = audit_schedule(self.council, &audits, month, n - themed.min(n), themed);
            let years_in = mi as u32 / 12;
            for s in plan {
                let date = working_on_or_after(days(month, rng.gen_range(3..24)));
                if date > self.to {
                    continue;
                }
                let grade = weighted(
                    &mut rng,
                    &[
                        (Grade::Outstanding, 3 + years_in),
                        (Grade::Good, 50 + 3 * years_in),
                        (Grade::RequiresImprovement, 38 - 2 * years_in),
                        (Grade::Inadequate, 9 - years_in.min(4)),
                    ],
                );
                let audit = CaseFileAudit {
                    id: audits.len() as RecordId + 1,
                    child: s.child.clone(),
                    auditor: s.auditor,
                    paired_auditor: Some(s.paired_auditor),
                    date,
                    selection: s.selection.clone(),
                    grade,
                };
                // A reallocation between the first of the month and the
                // audit date could make an auditor the case's manager.
                if audit.check(self.council).is_err() {
                    continue;
                }
                let form = self.form(&mut rng, &audit, s.holder, &heads);
                audits.push(audit);
                forms.push(form);
            }
        }
        (audits, forms)
    }

    fn form(
        &self,
        rng: &mut SmallRng,
        audit: &CaseFileAudit,
        holder: RecordId,
        heads: &[&Worker],
    ) -> AuditForm {
        let sections = AuditSection::ALL
            .iter()
            .map(|&section| SectionGrade {
                section,
                grade: shift(audit.grade, weighted(rng, &[(-1, 15), (0, 65), (1, 20)])),
                comment: SECTION_COMMENTS[rng.gen_range(0..SECTION_COMMENTS.len())].into(),
            })
            .collect();
        let n_actions = match audit.grade {
            Grade::Outstanding => 0,
            Grade::Good => usize::from(rng.gen_bool(0.3)),
            Grade::RequiresImprovement => rng.gen_range(1..=2),
            Grade::Inadequate => rng.gen_range(2..=3),
        };
        let owner = if self
            .council
            .workers
            .iter()
            .any(|w| w.id == holder && w.is_in_post_on(audit.date))
        {
            holder
        } else {
            audit.auditor
        };
        let actions = (0..n_actions)
            .map(|k| {
                let due = days(audit.date, [14, 20, 28][rng.gen_range(0..3)]);
                let completed = (due < days(self.to, -30) && rng.gen_bool(0.88))
                    .then(|| days(due, rng.gen_range(-12..6)).max(audit.date));
                AuditAction {
                    action: ACTIONS[(k + rng.gen_range(0..ACTIONS.len())) % ACTIONS.len()].into(),
                    owner,
                    due,
                    completed,
                }
            })
            .collect();
        let moderators: Vec<&&Worker> = heads
            .iter()
            .filter(|h| {
                h.is_in_post_on(audit.date)
                    && h.id != audit.auditor
                    && Some(h.id) != audit.paired_auditor
            })
            .collect();
        let moderation = (!moderators.is_empty() && rng.gen_bool(0.15)).then(|| {
            let m = moderators[rng.gen_range(0..moderators.len())];
            Moderation {
                moderator: m.id,
                date: days(audit.date, rng.gen_range(5..15)),
                original_grade: if rng.gen_bool(0.3) {
                    shift(audit.grade, -1)
                } else {
                    audit.grade
                },
                note: "Moderated at the monthly practice panel.".into(),
            }
        });
        AuditForm {
            audit: audit.id,
            sections,
            actions,
            moderation,
        }
    }

    /// A check for every team early in the window, repeated when due (12
    /// months after good or outstanding, 6 after anything else), a little
    /// late at times; one team in six lets its last check lapse.
    fn health_checks(&self) -> Vec<TeamHealthCheck> {
        let mut out = Vec::new();
        for (ti, t) in self.council.teams.iter().enumerate() {
            let mut rng = self.rng(3, t.id as u64);
            let mut date = working_on_or_after(days(self.from, rng.gen_range(0..180)));
            let lapse = ti % 6 == 5;
            while date <= self.to {
                let grade = weighted(
                    &mut rng,
                    &[
                        (Grade::Outstanding, 6),
                        (Grade::Good, 50),
                        (Grade::RequiresImprovement, 34),
                        (Grade::Inadequate, 10),
                    ],
                );
                let check = TeamHealthCheck {
                    id: out.len() as RecordId + 1,
                    team: t.id,
                    date,
                    grade,
                    findings: FINDINGS[rng.gen_range(0..FINDINGS.len())].into(),
                };
                let next = check.next_due();
                out.push(check);
                if lapse && next > days(self.to, -300) {
                    break;
                }
                date = working_on_or_after(days(next, rng.gen_range(-10..21)));
            }
        }
        out
    }

    /// A panel on the first working Wednesday-or-later of each month;
    /// about four new children a month at the default size (two in three
    /// girls), aged 11–17 with a social worker; three in four at risk of
    /// CSE; closed after two to nine months. Each meeting discusses its new
    /// children and those still open.
    fn vemt(&self) -> (Vec<VemtConsideration>, Vec<VemtMeeting>) {
        let mut considered: Vec<VemtConsideration> = Vec::new();
        let mut meetings = Vec::new();
        for (mi, month) in months(self.from, self.to).into_iter().enumerate() {
            let mut rng = self.rng(4, mi as u64);
            let wed = month
                .iter_days()
                .find(|d| d.weekday() == Weekday::Wed)
                .unwrap_or(month);
            let date = working_on_or_after(wed);
            if date > self.to {
                continue;
            }
            let open: Vec<sightline_domain::ChildId> = considered
                .iter()
                .filter(|v| v.is_open_on(date))
                .map(|v| v.child.clone())
                .collect();
            let mut girls = Vec::new();
            let mut boys = Vec::new();
            for r in &self.council.children {
                let age_ok = r.child.age_on(date).is_some_and(|a| (11..=17).contains(&a));
                if age_ok && r.allocated_worker_on(date).is_some() && !open.contains(&r.child.id) {
                    match r.child.sex {
                        Sex::Female => girls.push(r),
                        _ => boys.push(r),
                    }
                }
            }
            let n = scaled(4.0, self.scale, 1) + rng.gen_range(0..3);
            let mut new_children = Vec::new();
            for _ in 0..n {
                let pool = if rng.gen_bool(0.66) && !girls.is_empty() {
                    &mut girls
                } else {
                    &mut boys
                };
                if pool.is_empty() {
                    continue;
                }
                let r = pool.swap_remove(rng.gen_range(0..pool.len()));
                let cse_risk = rng.gen_bool(0.75).then(|| {
                    weighted(
                        &mut rng,
                        &[
                            (RiskLevel::High, 20),
                            (RiskLevel::Medium, 35),
                            (RiskLevel::Low, 45),
                        ],
                    )
                });
                let closed = days(date, rng.gen_range(60..270));
                new_children.push(r.child.id.clone());
                considered.push(VemtConsideration {
                    id: considered.len() as RecordId + 1,
                    child: r.child.id.clone(),
                    considered: date,
                    cse_risk,
                    closed: (closed <= self.to).then_some(closed),
                });
            }
            let mut discussed = open;
            discussed.extend(new_children);
            meetings.push(VemtMeeting {
                id: meetings.len() as RecordId + 1,
                date,
                children: discussed,
            });
        }
        (considered, meetings)
    }

    /// A safety plan for every child with a social worker at the end of
    /// the window or whose case closed in its last year (reviewed every
    /// three months; about one in twelve overdue), and a SEND risk
    /// assessment for those with a disability (every six months).
    /// A few disclosures of CSE a year (two to four at the default size, so
    /// most quarters have none, as seed 003's had): each from a
    /// child the VEMT panel considered at high risk of CSE, dated on a day
    /// in the year while the child's VEMT arrangements were open. A child
    /// discloses at most once a year.
    fn cse_disclosures(&self, vemt: &[VemtConsideration]) -> Vec<CseDisclosure> {
        let high: Vec<&VemtConsideration> = vemt
            .iter()
            .filter(|v| v.cse_risk == Some(RiskLevel::High))
            .collect();
        let mut out = Vec::new();
        let mut start = self.from;
        let mut year = 0;
        while start <= self.to {
            let end = days(plus_months(start, 12), -1).min(self.to);
            let mut rng = self.rng(6, year);
            let mut pool: Vec<&VemtConsideration> = high
                .iter()
                .copied()
                .filter(|v| v.considered <= end && v.closed.is_none_or(|c| c > start))
                .collect();
            let n = ((3.0 * self.scale).round() as usize + rng.gen_range(0..3)).saturating_sub(1);
            for _ in 0..n {
                if pool.is_empty() {
                    break;
                }
                let v = pool.swap_remove(rng.gen_range(0..pool.len()));
                let lo = v.considered.max(start);
                let hi = v.closed.map_or(end, |c| days(c, -1)).min(end);
                if hi < lo {
                    continue;
                }
                out.push(CseDisclosure {
                    id: out.len() as RecordId + 1,
                    child: v.child.clone(),
                    date: days(lo, rng.gen_range(0..=(hi - lo).num_days())),
                    disclosed_to: weighted(
                        &mut rng,
                        &[
                            (DisclosedTo::SocialWorker, 40),
                            (DisclosedTo::Police, 15),
                            (DisclosedTo::SchoolStaff, 20),
                            (DisclosedTo::HealthProfessional, 10),
                            (DisclosedTo::ParentOrCarer, 10),
                            (DisclosedTo::Other, 5),
                        ],
                    ),
                    referred_to_police: rng.gen_bool(0.85),
                });
            }
            start = days(end, 1);
            year += 1;
        }
        out
    }

    fn risk_plans(&self) -> Vec<RiskPlan> {
        let mut out = Vec::new();
        let year_before = days(self.to, -365);
        for (i, r) in self.council.children.iter().enumerate() {
            let last = r.allocations.iter().max_by_key(|a| a.start);
            let Some(last) = last else { continue };
            let ended = match last.end {
                None => None,
                Some(e) if e > year_before && e <= self.to => Some(e),
                Some(e) if e > self.to => None,
                Some(_) => continue,
            };
            if last.start > self.to {
                continue;
            }
            let first = r
                .allocations
                .iter()
                .filter(|a| a.end.is_none_or(|e| e > days(self.to, -730)))
                .map(|a| a.start)
                .min()
                .unwrap_or(last.start);
            let made = first.max(days(self.to, -730));
            let mut rng = self.rng(5, i as u64);
            let disabled = r.child.disabilities.iter().any(|d| *d != Disability::None);
            let kinds: &[(RiskPlanKind, u32)] = if disabled {
                &[
                    (RiskPlanKind::SafetyPlan, 3),
                    (RiskPlanKind::SendRiskAssessment, 6),
                ]
            } else {
                &[(RiskPlanKind::SafetyPlan, 3)]
            };
            for &(kind, every) in kinds {
                let stop = ended.unwrap_or(self.to);
                // Reviews as they happened: (when due, when done).
                let mut reviews: Vec<(Date, Date)> = Vec::new();
                let mut next = plus_months(made, every);
                while next <= stop {
                    let reviewed = days(next, rng.gen_range(-7..5)).max(made);
                    reviews.push((next, reviewed));
                    next = plus_months(reviewed, every);
                }
                // About one open plan in twelve missed its last review.
                if ended.is_none()
                    && rng.gen_bool(0.08)
                    && let Some((due, _)) = reviews.pop()
                {
                    next = due;
                }
                let last_reviewed = reviews.last().map(|r| r.1);
                out.push(RiskPlan {
                    id: out.len() as RecordId + 1,
                    child: r.child.id.clone(),
                    kind,
                    made,
                    last_reviewed,
                    next_review: next,
                    ended,
                });
            }
        }
        out
    }

    /// Six homes at the default size, inspected yearly.
    fn homes(&self) -> Vec<ChildrensHome> {
        let n = scaled(6.0, self.scale, 1);
        (0..n)
            .map(|i| {
                let mut rng = self.rng(6, i as u64);
                let name = if i < HOME_NAMES.len() {
                    HOME_NAMES[i].to_string()
                } else {
                    format!(
                        "{} {}",
                        HOME_NAMES[i % HOME_NAMES.len()],
                        i / HOME_NAMES.len() + 1
                    )
                };
                let mut date = working_on_or_after(days(self.from, -730 + rng.gen_range(0..200)));
                let mut inspections = Vec::new();
                while date <= self.to {
                    inspections.push(OfstedInspection {
                        date,
                        grade: weighted(
                            &mut rng,
                            &[
                                (Grade::Outstanding, 15),
                                (Grade::Good, 55),
                                (Grade::RequiresImprovement, 25),
                                (Grade::Inadequate, 5),
                            ],
                        ),
                    });
                    date = working_on_or_after(days(date, rng.gen_range(300..420)));
                }
                ChildrensHome {
                    id: i as RecordId + 1,
                    name,
                    urn: format!("SC{:06}", rng.gen_range(100_000..1_000_000)),
                    places: rng.gen_range(2..=6),
                    inspections,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_workforce::Scope;
    use sightline_workforce::assurance::{Quarter, grade_distribution, health_checks_due};
    use sightline_workforce::census::census;

    fn small() -> (SynthConfig, Council, QualityRecords) {
        let cfg = SynthConfig {
            first_year: 2024,
            last_year: 2025,
            ..SynthConfig::middlesbrough(7)
        };
        let council = crate::generate(&cfg, &|_, _| {});
        let rec = quality_records(&cfg, &council);
        (cfg, council, rec)
    }

    #[test]
    fn demo_magnitudes_and_every_save_check_passes() {
        let (cfg, council, rec) = small();
        assert_eq!(sightline_workforce::check_records(&council, &rec), Ok(()));
        let end = sightline_domain::calendar::CollectionYear(cfg.last_year).end();
        let f = census(&council, &rec.posts, Scope::Council, end);
        let vacancies = f.vacant_fte as f64 / 100.0;
        assert!((8.0..=25.0).contains(&vacancies), "vacant FTE {vacancies}");
        // Agency staff come from the roster the children's generator shares
        // (28 at the default seed): the same order as the seed's ~15.
        assert!(
            (10..=35).contains(&f.agency_headcount),
            "agency {}",
            f.agency_headcount
        );
        // About 26 audits a quarter, mostly good or requires improvement.
        for q in 1..=4 {
            let d = grade_distribution(&rec.audits, Quarter { year: 2024, q });
            assert!((20..=30).contains(&d.audits), "{d:?}");
            assert!(d.counts[1] + d.counts[2] >= d.audits * 7 / 10, "{d:?}");
        }
        assert_eq!(rec.audit_forms.len(), rec.audits.len());
        assert!(rec.audit_forms.iter().any(|f| f.moderation.is_some()));
        assert!(rec.audit_forms.iter().all(|f| f.sections.len() == 6));
        assert_eq!(rec.homes.len(), 6);
        assert!(rec.homes.iter().all(|h| h.latest_on(end).is_some()));
        // Every team has had a check; some are overdue.
        let due = health_checks_due(&council, &rec.health_checks, end);
        assert!(due.iter().all(|h| h.last.is_some()));
        assert!(due.iter().any(|h| h.overdue) && due.iter().any(|h| !h.overdue));
        // VEMT: a panel a month, girls and boys, all three CSE levels.
        assert_eq!(rec.vemt_meetings.len(), 24);
        let v = sightline_workforce::assurance::vemt_counts(
            &council,
            &rec.vemt,
            sightline_domain::calendar::CollectionYear(2025).start(),
            end,
        );
        assert!((40..=90).contains(&v.considered), "{v:?}");
        assert!(v.female > v.male && v.male > 0, "{v:?}");
        assert!(v.cse_high > 0 && v.cse_medium > 0 && v.cse_low > 0, "{v:?}");
        // CSE disclosures: a few a year (2 to 4 each), every one from a
        // child considered at high risk and open to VEMT that day.
        assert!(
            (4..=8).contains(&rec.cse_disclosures.len()),
            "{:?}",
            rec.cse_disclosures
        );
        for x in &rec.cse_disclosures {
            assert!(
                rec.vemt.iter().any(|v| v.child == x.child
                    && v.cse_risk == Some(RiskLevel::High)
                    && v.is_open_on(x.date)),
                "{x:?}"
            );
        }
        // Nine-day fortnights and part-time weeks are both in the rota.
        assert!(
            rec.patterns
                .iter()
                .any(|p| matches!(p.pattern, WorkingPattern::NineDayFortnight { .. }))
        );
        assert!(
            rec.patterns
                .iter()
                .any(|p| matches!(p.pattern, WorkingPattern::PartTime { .. }))
        );
        assert!(rec.leave.len() > 100);
        // Safety plans for children with a social worker, some overdue;
        // SEND risk assessments for disabled children.
        let (current, overdue) =
            sightline_workforce::assurance::risk_plans_at(&rec.risk_plans, end);
        assert!(current[0] > 500 && current[1] > 0, "{current:?}");
        assert!(!overdue.is_empty() && overdue.len() * 5 < current[0] as usize);
    }

    #[test]
    fn same_seed_same_records_and_a_stream_agrees() {
        let (cfg, council, rec) = small();
        let mut s = QualitySampler::new(&cfg);
        let mut stream = crate::stream(&cfg, 512);
        let (teams, workers) = (stream.teams().to_vec(), stream.workers().to_vec());
        for r in &mut stream {
            s.observe(&r);
        }
        assert_eq!(s.finish(&teams, &workers), rec);
        let other = quality_records(&SynthConfig { seed: 8, ..cfg }, &council);
        assert_ne!(other.audits, rec.audits);
    }
}
