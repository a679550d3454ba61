//! Families and their children's journeys: contacts at the front door,
//! referrals, assessments, strategy discussions, section 47 enquiries,
//! conferences, plans, care, and what follows care.
//!
//! Why families: siblings share a surname, a family number and usually a
//! journey (referred together, conferenced together, entering care together),
//! and a family's next referral depends on how the last one ended. A family
//! is generated alone, from its own random stream, so families can be built
//! in parallel and the council is the same whatever the thread count.
//!
//! What it does not do: assign record ids or child identifiers that are
//! unique across the council. Ids here are local to the family (1, 2, ...
//! per record kind); `lib.rs` shifts them when it assembles the council.

use chrono::Datelike;
use rand::Rng;
use rand::rngs::SmallRng;

use sightline_domain::calendar::{
    CollectionYear, Date, add_working_days, age_on, birthday, is_working_day, working_days_between,
};
use sightline_domain::codes::*;
use sightline_domain::*;

use crate::care::{self, Entry};
use crate::places::{FORENAMES_F, FORENAMES_M, Places, SURNAMES, pick, weighted};
use crate::workforce::Workforce;
use crate::{days, plus_months};

/// Fixed inputs shared by every family of one council.
pub(crate) struct Ctx<'a> {
    pub la: LaNumber,
    pub horizon: Date,
    pub window_start: Date,
    pub sim_start: Date,
    pub flow_start: Date,
    /// Children whose every record ended before this date are dropped.
    pub keep_from: Date,
    pub first_year: i32,
    pub last_year: i32,
    pub workforce: &'a Workforce,
    pub places: &'a Places,
}

pub(crate) const K_CONTACT: usize = 0;
pub(crate) const K_REFERRAL: usize = 1;
pub(crate) const K_ASSESSMENT: usize = 2;
pub(crate) const K_STRATEGY: usize = 3;
pub(crate) const K_S47: usize = 4;
pub(crate) const K_CONFERENCE: usize = 5;
pub(crate) const K_CP_PLAN: usize = 6;
pub(crate) const K_CIN_PLAN: usize = 7;
pub(crate) const K_EPISODE: usize = 8;
pub(crate) const K_REVIEW: usize = 9;
pub(crate) const K_VISIT: usize = 10;
pub(crate) const K_HEALTH: usize = 11;
pub(crate) const K_OFFENCE: usize = 12;
pub(crate) const K_MISSING: usize = 13;
pub(crate) const K_ADOPTION_DECISION: usize = 14;
pub(crate) const K_CARE_LEAVER: usize = 15;
pub(crate) const K_LEAVING_CARE: usize = 16;
pub(crate) const K_FGC: usize = 17;
pub(crate) const K_SAFETY: usize = 18;
pub(crate) const K_ALLOCATION: usize = 19;
pub(crate) const KINDS: usize = 20;

/// Per-kind record id counters, local to one family.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ids(pub [i64; KINDS]);

impl Ids {
    pub(crate) fn next(&mut self, kind: usize) -> i64 {
        self.0[kind] += 1;
        self.0[kind]
    }
}

/// Who holds a child's case over an interval.
#[derive(Debug, Clone, Copy)]
struct Phase {
    start: Date,
    end: Option<Date>,
    service: Service,
}

/// A child being generated, with the state the family loop needs.
pub(crate) struct Kid {
    pub rec: ChildRecord,
    pub dob: Date,
    pub home_postcode: Option<&'static str>,
    /// Open referral until this date (exclusive); `None` when free.
    busy_until: Option<Date>,
    /// Adopted, died, moved away or grown up: no further involvement.
    gone: bool,
    phases: Vec<Phase>,
    disabled: bool,
}

/// The kinds of family the council receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FamilyKind {
    /// Families reaching the front door during the simulated years.
    Flow,
    /// Families whose children came into care before the front-door history
    /// starts (so the looked-after population is settled when it begins).
    Legacy,
    /// An unaccompanied asylum-seeking child.
    Uasc,
    /// A disabled child receiving short breaks.
    ShortBreaks,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Route {
    ContactOnly,
    Nfa,
    AssessClose,
    S47NoIcpc,
    S47IcpcNoPlan,
    CinPlan,
    Disabled,
    Cp { care: bool },
    Care,
}

fn flow_route(rng: &mut SmallRng) -> Route {
    weighted(
        rng,
        &[
            (Route::ContactOnly, 430),
            (Route::Nfa, 40),
            (Route::AssessClose, 255),
            (Route::S47NoIcpc, 80),
            (Route::S47IcpcNoPlan, 10),
            (Route::CinPlan, 95),
            (Route::Disabled, 14),
            (Route::Cp { care: false }, 55),
            (Route::Cp { care: true }, 17),
            (Route::Care, 29),
        ],
    )
}

/// Share of flow involvements that bring a child into care: the legacy
/// families arrive at the flow rate times this.
pub(crate) const CARE_SHARE: f64 = 85.0 / 1000.0;

fn r(rng: &mut SmallRng, lo: i64, hi: i64) -> i64 {
    rng.gen_range(lo..hi.max(lo + 1))
}

fn prev_working_day(mut d: Date) -> Date {
    while !is_working_day(d) {
        d = days(d, -1);
    }
    d
}

fn next_working_day(mut d: Date) -> Date {
    while !is_working_day(d) {
        d = days(d, 1);
    }
    d
}

fn ethnicity(rng: &mut SmallRng) -> Ethnicity {
    weighted(
        rng,
        &[
            (Ethnicity::WhiteBritish, 790),
            (Ethnicity::WhiteOther, 35),
            (Ethnicity::WhiteIrish, 4),
            (Ethnicity::GypsyRoma, 6),
            (Ethnicity::TravellerIrishHeritage, 3),
            (Ethnicity::WhiteBlackCaribbean, 15),
            (Ethnicity::WhiteBlackAfrican, 8),
            (Ethnicity::WhiteAsian, 18),
            (Ethnicity::MixedOther, 15),
            (Ethnicity::Pakistani, 45),
            (Ethnicity::Indian, 5),
            (Ethnicity::Bangladeshi, 3),
            (Ethnicity::AsianOther, 10),
            (Ethnicity::BlackAfrican, 20),
            (Ethnicity::BlackCaribbean, 2),
            (Ethnicity::BlackOther, 3),
            (Ethnicity::Chinese, 2),
            (Ethnicity::OtherEthnicGroup, 10),
            (Ethnicity::NotObtained, 6),
        ],
    )
}

fn new_kid(
    rng: &mut SmallRng,
    places: &Places,
    surname: &str,
    eth: Ethnicity,
    dob: Date,
    family: i64,
) -> Kid {
    let sex = if rng.gen_bool(0.52) {
        Sex::Male
    } else {
        Sex::Female
    };
    let forename = if sex == Sex::Male {
        pick(rng, FORENAMES_M)
    } else {
        pick(rng, FORENAMES_F)
    };
    let eth = if rng.gen_bool(0.08) {
        ethnicity(rng)
    } else {
        eth
    };
    let child = Child {
        // Replaced with the council-wide identifier on assembly.
        id: ChildId::parse("PENDING").expect("a constant, valid child identifier"),
        forename: forename.to_string(),
        surname: surname.to_string(),
        upn: None,
        former_upn: None,
        upn_unknown: None,
        birth: Birth::Born(dob),
        sex,
        ethnicity: eth,
        disabilities: vec![Disability::None],
        death_date: None,
        uasc: None,
        mother_of_child_born: None,
        family: Some(family),
        restricted: rng.gen_bool(0.004),
    };
    Kid {
        rec: ChildRecord::new(child),
        dob,
        home_postcode: Some(places.home_sector(rng)),
        busy_until: None,
        gone: false,
        phases: Vec::new(),
        disabled: false,
    }
}

fn disable(rng: &mut SmallRng, kid: &mut Kid) {
    let mut codes = vec![weighted(
        rng,
        &[
            (Disability::Autism, 30),
            (Disability::Learning, 25),
            (Disability::Communication, 12),
            (Disability::Behaviour, 10),
            (Disability::Mobility, 8),
            (Disability::PersonalCare, 5),
            (Disability::Hearing, 3),
            (Disability::Vision, 3),
            (Disability::HandFunction, 1),
            (Disability::Incontinence, 1),
            (Disability::Consciousness, 1),
            (Disability::OtherEqualityAct, 1),
        ],
    )];
    for extra in [
        Disability::Learning,
        Disability::Communication,
        Disability::PersonalCare,
    ] {
        if rng.gen_bool(0.3) && !codes.contains(&extra) {
            codes.push(extra);
        }
    }
    kid.rec.child.disabilities = codes;
    kid.disabled = true;
}

/// Generate one family. `t0` is when it first reaches the front door.
pub(crate) fn family(
    ctx: &Ctx,
    kind: FamilyKind,
    family_no: i64,
    rng: &mut SmallRng,
) -> (Vec<ChildRecord>, Ids) {
    let mut ids = Ids::default();
    let surname = pick(rng, SURNAMES);
    let eth = ethnicity(rng);
    let mut kids: Vec<Kid> = Vec::new();
    let span =
        |a: Date, b: Date, rng: &mut SmallRng| days(a, rng.gen_range(0..(b - a).num_days().max(1)));
    match kind {
        FamilyKind::Flow | FamilyKind::Legacy => {
            let t0 = if kind == FamilyKind::Flow {
                span(ctx.flow_start, ctx.horizon, rng)
            } else {
                span(ctx.sim_start, ctx.flow_start, rng)
            };
            let n = weighted(rng, &[(1usize, 45), (2, 28), (3, 16), (4, 8), (5, 3)]);
            let prebirth = rng.gen_bool(0.06);
            let youngest_age = weighted(
                rng,
                &[
                    (0i64, 14),
                    (1, 6),
                    (2, 6),
                    (3, 6),
                    (4, 6),
                    (6, 12),
                    (8, 12),
                    (10, 10),
                    (12, 10),
                    (14, 11),
                    (16, 7),
                ],
            ) + r(rng, 0, 2);
            let mut dob = if prebirth {
                days(t0, r(rng, 40, 170))
            } else {
                days(t0, -(youngest_age * 365 + r(rng, 0, 365)))
            };
            for _ in 0..n {
                if age_on(dob, t0) >= 18 {
                    break;
                }
                let kid = new_kid(rng, ctx.places, surname, eth, dob, family_no);
                kids.push(kid);
                dob = days(dob, -(r(rng, 1, 4) * 365 + r(rng, 0, 300)));
            }
            if kids.is_empty() {
                return (Vec::new(), ids);
            }
            // Siblings share a home address.
            let home = kids[0].home_postcode;
            for k in &mut kids {
                k.home_postcode = home;
            }
            let mut t = t0;
            let mut first = true;
            if prebirth {
                // A pre-birth referral: inside the collection year of the birth where possible
                // (so a return never carries a birth date after its reference date).
                let birth = kids[0].dob;
                let ystart = CollectionYear::containing(birth).start();
                t = days(birth, -r(rng, 30, 150));
                if birth <= ctx.horizon {
                    t = t.max(ystart);
                }
            }
            loop {
                if t > ctx.horizon {
                    break;
                }
                let route = if kind == FamilyKind::Legacy && first {
                    weighted(rng, &[(Route::Cp { care: true }, 17), (Route::Care, 29)])
                } else {
                    flow_route(rng)
                };
                let end = involvement(ctx, &mut kids, &mut ids, rng, t, route);
                first = false;
                let Some(end) = end else { break };
                // Another concern later? Re-referrals within a year are common.
                let again: f64 = rng.r#gen();
                let gap = if again < 0.45 {
                    r(rng, 20, 150)
                } else if again < 0.63 {
                    r(rng, 200, 1500)
                } else {
                    break;
                };
                t = days(end, gap);
            }
        }
        FamilyKind::Uasc => {
            let t0 = span(days(ctx.window_start, -4 * 365), ctx.horizon, rng);
            let age = weighted(rng, &[(14i64, 8), (15, 22), (16, 42), (17, 28)]);
            let dob = days(t0, -(age * 365 + r(rng, 0, 330)));
            let eth = weighted(
                rng,
                &[
                    (Ethnicity::OtherEthnicGroup, 30),
                    (Ethnicity::AsianOther, 25),
                    (Ethnicity::BlackAfrican, 35),
                    (Ethnicity::BlackOther, 5),
                    (Ethnicity::WhiteOther, 5),
                ],
            );
            let surname = weighted(
                rng,
                &[
                    ("Abdi", 1),
                    ("Haile", 1),
                    ("Rahimi", 1),
                    ("Mohammadi", 1),
                    ("Ahmed", 1),
                    ("Ali", 1),
                    ("Mensah", 1),
                ],
            );
            let mut kid = new_kid(rng, ctx.places, surname, eth, dob, family_no);
            kid.rec.child.family = None;
            kid.rec.child.sex = if rng.gen_bool(0.92) {
                Sex::Male
            } else {
                Sex::Female
            };
            kid.rec.child.forename = if kid.rec.child.sex == Sex::Male {
                pick(
                    rng,
                    &[
                        "Ahmad", "Mohammed", "Yonas", "Dawit", "Ali", "Omar", "Hassan", "Samir",
                        "Abdullah", "Tesfay",
                    ],
                )
            } else {
                pick(rng, &["Selam", "Hana", "Amira", "Fatima", "Mariam"])
            }
            .to_string();
            kid.home_postcode = None;
            let eighteen = birthday(dob, 18);
            // DUC is the 18th birthday, recorded ahead of time (rule 205B).
            kid.rec.child.uasc = Some(Uasc {
                ceased: Some(eighteen),
            });
            kids.push(kid);
            let _ = involvement(ctx, &mut kids, &mut ids, rng, t0, Route::Care);
        }
        FamilyKind::ShortBreaks => {
            let t0 = span(days(ctx.window_start, -8 * 365), ctx.horizon, rng);
            let age = r(rng, 4, 15);
            let dob = days(t0, -(age * 365 + r(rng, 0, 365)));
            let mut kid = new_kid(rng, ctx.places, surname, eth, dob, family_no);
            kid.rec.child.family = None;
            disable(rng, &mut kid);
            kids.push(kid);
            let _ = involvement(ctx, &mut kids, &mut ids, rng, t0, Route::Disabled);
            if let Some(k) = kids.first_mut() {
                let start = days(t0, r(rng, 60, 200));
                let until = k.busy_until.unwrap_or(ctx.horizon);
                let eps = care::short_breaks(ctx, k, &mut ids, rng, start, until);
                k.rec.episodes.extend(eps);
            }
        }
    }
    let multi = kids.len() > 1;
    let out = kids
        .into_iter()
        .filter_map(|mut k| {
            if !multi {
                k.rec.child.family = None;
            }
            finish(ctx, &mut k, &mut ids, rng);
            let last = last_activity(&k.rec, ctx.horizon);
            (last >= ctx.keep_from).then_some(k.rec)
        })
        .collect();
    (out, ids)
}

/// One involvement with the family, from the first contact to the end of the
/// resulting work. Returns when the family-level work ended (the next concern
/// is timed from it), or `None` when it runs past the horizon.
fn involvement(
    ctx: &Ctx,
    kids: &mut [Kid],
    ids: &mut Ids,
    rng: &mut SmallRng,
    t: Date,
    route: Route,
) -> Option<Date> {
    // A referral closed as NFA on the first days of April would be queried as
    // carried over from the previous year (CIN rule 8569Q): handle at the front door.
    let route = if route == Route::Nfa && t.month() == 4 && t.day() <= 3 {
        Route::ContactOnly
    } else {
        route
    };
    // Who is involved: alive, under 18 (unborn within 40 weeks), no open referral.
    let involved: Vec<usize> = kids
        .iter()
        .enumerate()
        .filter(|(_, k)| {
            !k.gone
                && k.rec.child.death_date.is_none()
                && k.busy_until.is_none_or(|b| b <= t)
                && (k.dob - t).num_days() <= 200
                && birthday(k.dob, 18) > days(t, 120)
        })
        .map(|(i, _)| i)
        .collect();
    if involved.is_empty() {
        return Some(t);
    }
    let prebirth = involved.iter().any(|&i| kids[i].dob > t);
    let source = if prebirth {
        weighted(
            rng,
            &[
                (ReferralSource::OtherPrimaryHealth, 50),
                (ReferralSource::HealthOther, 30),
                (ReferralSource::HealthVisitor, 10),
                (ReferralSource::Police, 10),
            ],
        )
    } else if route == Route::Disabled {
        weighted(
            rng,
            &[
                (ReferralSource::HealthOther, 40),
                (ReferralSource::Schools, 30),
                (ReferralSource::Family, 20),
                (ReferralSource::EducationServices, 10),
            ],
        )
    } else if kids[involved[0]].rec.child.uasc.is_some() {
        weighted(
            rng,
            &[
                (ReferralSource::Police, 50),
                (ReferralSource::OtherLegalAgency, 30),
                (ReferralSource::LaExternal, 20),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (ReferralSource::Police, 290),
                (ReferralSource::Schools, 180),
                (ReferralSource::EducationServices, 20),
                (ReferralSource::Gp, 25),
                (ReferralSource::HealthVisitor, 35),
                (ReferralSource::SchoolNurse, 10),
                (ReferralSource::OtherPrimaryHealth, 20),
                (ReferralSource::AccidentAndEmergency, 25),
                (ReferralSource::HealthOther, 40),
                (ReferralSource::Housing, 20),
                (ReferralSource::LaSocialCare, 30),
                (ReferralSource::LaOtherInternal, 30),
                (ReferralSource::LaExternal, 20),
                (ReferralSource::EarlyHelp, 40),
                (ReferralSource::Family, 70),
                (ReferralSource::Acquaintance, 15),
                (ReferralSource::SelfReferral, 10),
                (ReferralSource::IndividualOther, 10),
                (ReferralSource::OtherLegalAgency, 15),
                (ReferralSource::Other, 25),
                (ReferralSource::Anonymous, 15),
                (ReferralSource::Unknown, 5),
            ],
        )
    };
    // Contacts at the front door: earlier ones stepped to early help or advice.
    let earlier = weighted(rng, &[(0usize, 55), (1, 30), (2, 15)]);
    let mut contact_dates: Vec<(Date, ContactOutcome)> = (0..earlier)
        .map(|_| {
            let d = days(t, -r(rng, 5, 120));
            (
                d,
                weighted(
                    rng,
                    &[
                        (ContactOutcome::EarlyHelp, 40),
                        (ContactOutcome::InformationAndAdvice, 35),
                        (ContactOutcome::NoFurtherAction, 25),
                    ],
                ),
            )
        })
        .filter(|(d, _)| *d >= ctx.sim_start)
        .collect();
    let last_outcome = if route == Route::ContactOnly {
        weighted(
            rng,
            &[
                (ContactOutcome::EarlyHelp, 40),
                (ContactOutcome::InformationAndAdvice, 35),
                (ContactOutcome::NoFurtherAction, 25),
            ],
        )
    } else {
        ContactOutcome::Referral
    };
    contact_dates.push((t, last_outcome));
    let via_mash = rng.gen_bool(0.92);
    for &i in &involved {
        for (d, outcome) in &contact_dates {
            // No contact about a child who has a case open, or before any child is expected.
            if kids[i].busy_until.is_some_and(|b| *d < b) || (kids[i].dob - *d).num_days() > 270 {
                continue;
            }
            let id = ids.next(K_CONTACT);
            kids[i].rec.contacts.push(Contact {
                id,
                date: *d,
                source,
                via_mash,
                outcome: *outcome,
            });
        }
    }
    if route == Route::ContactOnly {
        return Some(t);
    }

    let ages: Vec<i32> = involved
        .iter()
        .map(|&i| {
            if kids[i].dob > t {
                -1
            } else {
                age_on(kids[i].dob, t)
            }
        })
        .collect();
    let eldest = ages.iter().copied().max().unwrap_or(0);
    let disabled_route = route == Route::Disabled;
    if disabled_route {
        for &i in &involved {
            if !kids[i].disabled {
                disable(rng, &mut kids[i]);
            }
        }
    }
    let need = match route {
        Route::Disabled => PrimaryNeed::Disability,
        Route::Cp { .. } | Route::Care if kids[involved[0]].rec.child.uasc.is_some() => {
            PrimaryNeed::AbsentParenting
        }
        Route::Cp { .. } | Route::Care => weighted(
            rng,
            &[
                (PrimaryNeed::AbuseOrNeglect, 75),
                (PrimaryNeed::FamilyDysfunction, 10),
                (PrimaryNeed::FamilyAcuteStress, 7),
                (PrimaryNeed::AbsentParenting, 4),
                (PrimaryNeed::ParentalIllness, 2),
                (
                    PrimaryNeed::SociallyUnacceptableBehaviour,
                    if eldest >= 12 { 6 } else { 0 },
                ),
            ],
        ),
        Route::AssessClose => weighted(
            rng,
            &[
                (PrimaryNeed::NotInNeed, 30),
                (PrimaryNeed::AbuseOrNeglect, 25),
                (PrimaryNeed::FamilyDysfunction, 15),
                (PrimaryNeed::FamilyAcuteStress, 15),
                (PrimaryNeed::SociallyUnacceptableBehaviour, 6),
                (PrimaryNeed::ParentalIllness, 5),
                (PrimaryNeed::LowIncome, 2),
                (PrimaryNeed::NotStated, 2),
            ],
        ),
        _ => weighted(
            rng,
            &[
                (PrimaryNeed::AbuseOrNeglect, 45),
                (PrimaryNeed::FamilyDysfunction, 18),
                (PrimaryNeed::FamilyAcuteStress, 14),
                (PrimaryNeed::SociallyUnacceptableBehaviour, 7),
                (PrimaryNeed::ParentalIllness, 6),
                (PrimaryNeed::AbsentParenting, 4),
                (PrimaryNeed::LowIncome, 2),
                (PrimaryNeed::Disability, 4),
            ],
        ),
    };
    let nfa = route == Route::Nfa;
    let mut referral_ids = Vec::new();
    for &i in &involved {
        let id = ids.next(K_REFERRAL);
        referral_ids.push(id);
        kids[i].rec.referrals.push(Referral {
            id,
            date: t,
            source,
            primary_need: (!nfa).then_some(need),
            closure: nfa.then_some(CinClosure {
                date: t,
                reason: ReasonForClosure::ServicesCeased,
            }),
            nfa,
        });
    }
    if nfa {
        return Some(t);
    }
    let service = if disabled_route || (need == PrimaryNeed::Disability) {
        Service::Disability
    } else {
        Service::AssessmentAndCarePlanning
    };
    // Everyone involved now has a case open until `close` (set per child below).
    let close_child =
        |kids: &mut [Kid], i: usize, ri: usize, date: Option<Date>, reason: ReasonForClosure| {
            let cap = days(birthday(kids[i].dob, 18), -1);
            let date = date.map(|d| {
                d.min(cap.max(t))
                    .max(latest_activity(&kids[i].rec, referral_ids[ri]))
            });
            if let Some(rf) = kids[i]
                .rec
                .referrals
                .iter_mut()
                .find(|x| x.id == referral_ids[ri])
            {
                rf.closure = date
                    .filter(|d| *d <= ctx.horizon)
                    .map(|d| CinClosure { date: d, reason });
            }
            kids[i].busy_until = Some(
                date.filter(|d| *d <= ctx.horizon)
                    .unwrap_or(days(ctx.horizon, 1)),
            );
        };

    // Single assessment.
    let a_start = add_working_days(t, r(rng, 0, 4) as u32);
    let wd = if rng.gen_bool(0.88) {
        r(rng, 8, 46)
    } else {
        r(rng, 46, 75)
    } as u32;
    let mut authorised = add_working_days(a_start, wd);
    // An assessment still open at 31 March is finished by then if it is long
    // overdue (CIN query 8670Q), as a council chases its late assessments.
    let year_end = CollectionYear::containing(a_start).end();
    if authorised > year_end && working_days_between(a_start, year_end) >= 44 {
        authorised = prev_working_day(year_end);
    }
    let authorised = (authorised <= ctx.horizon).then_some(authorised);
    let factors = assessment_factors(rng, route, eldest);
    for (ri, &i) in involved.iter().enumerate() {
        let id = ids.next(K_ASSESSMENT);
        kids[i].rec.assessments.push(SingleAssessment {
            id,
            referral: referral_ids[ri],
            start: a_start,
            authorised,
            factors: if authorised.is_some() {
                factors.clone()
            } else {
                vec![]
            },
        });
        kids[i].phases.push(Phase {
            start: t,
            end: None,
            service,
        });
    }
    let Some(mut authorised) = authorised else {
        for (ri, &i) in involved.iter().enumerate() {
            close_child(kids, i, ri, None, ReasonForClosure::ServicesCeased);
        }
        return None;
    };

    // Strategy discussion and section 47 enquiry.
    let s47_route = matches!(
        route,
        Route::S47NoIcpc | Route::S47IcpcNoPlan | Route::Cp { .. }
    ) || (route == Route::Care && rng.gen_bool(0.5));
    let mut icpc: Option<Date> = None;
    let mut s47_open_past_horizon = false;
    if s47_route {
        let max_off = wd.min(6) as i64;
        let sd = next_working_day(add_working_days(a_start, r(rng, 0, max_off + 1) as u32));
        let sd = sd.min(authorised);
        let needs_icpc = matches!(route, Route::S47IcpcNoPlan | Route::Cp { .. });
        let conf = if needs_icpc {
            let wd = if rng.gen_bool(0.8) {
                r(rng, 5, 16)
            } else {
                r(rng, 16, 27)
            } as u32;
            Some(add_working_days(sd, wd))
        } else {
            None
        };
        // Likewise an ICPC long overdue at 31 March is held by then (8675Q).
        let year_end = CollectionYear::containing(sd).end();
        let conf = conf.map(|c| {
            if c > year_end && working_days_between(sd, year_end) >= 14 {
                prev_working_day(year_end).max(sd)
            } else {
                c
            }
        });
        let conf = conf.filter(|c| *c <= ctx.horizon);
        s47_open_past_horizon = needs_icpc && conf.is_none();
        // An S47 whose ICPC falls in the next collection year keeps its
        // assessment open until the conference, so the census year holding
        // the S47 also holds the assessment (2991Q).
        if let Some(c) = conf
            && CollectionYear::containing(c) > CollectionYear::containing(authorised)
        {
            authorised = c;
            for (ri, &i) in involved.iter().enumerate() {
                if let Some(a) = kids[i]
                    .rec
                    .assessments
                    .iter_mut()
                    .find(|a| a.referral == referral_ids[ri])
                {
                    a.authorised = Some(c);
                }
            }
        }
        icpc = conf;
        for (ri, &i) in involved.iter().enumerate() {
            let sid = ids.next(K_STRATEGY);
            kids[i].rec.strategy_discussions.push(StrategyDiscussion {
                id: sid,
                referral: referral_ids[ri],
                date: sd,
                section47_started: true,
            });
            let s47 = ids.next(K_S47);
            kids[i].rec.section47s.push(Section47Enquiry {
                id: s47,
                referral: referral_ids[ri],
                start: sd,
                icpc_target: Some(add_working_days(sd, 15)),
                icpc_not_required: !needs_icpc,
            });
            if let Some(c) = conf {
                let cid = ids.next(K_CONFERENCE);
                kids[i].rec.conferences.push(ChildProtectionConference {
                    id: cid,
                    referral: referral_ids[ri],
                    kind: ConferenceKind::Initial,
                    date: c,
                    section47: Some(s47),
                    cp_plan: None,
                    plan_outcome: matches!(route, Route::Cp { .. }),
                });
            }
        }
    } else if rng.gen_bool(0.05) && route != Route::Disabled {
        let sd = next_working_day(add_working_days(a_start, r(rng, 0, 5) as u32)).min(authorised);
        for (ri, &i) in involved.iter().enumerate() {
            let sid = ids.next(K_STRATEGY);
            kids[i].rec.strategy_discussions.push(StrategyDiscussion {
                id: sid,
                referral: referral_ids[ri],
                date: sd,
                section47_started: false,
            });
        }
    }
    if s47_open_past_horizon {
        for (ri, &i) in involved.iter().enumerate() {
            close_child(kids, i, ri, None, ReasonForClosure::ServicesCeased);
        }
        return None;
    }
    let after = icpc.unwrap_or(authorised).max(authorised);

    // Safety plans for exploitation and missing concerns.
    if factors.iter().any(|f| {
        matches!(
            f,
            AssessmentFactor::Cse | AssessmentFactor::Cce | AssessmentFactor::Missing
        )
    }) {
        let concern = if factors.contains(&AssessmentFactor::Cse) {
            "Risk of child sexual exploitation"
        } else if factors.contains(&AssessmentFactor::Cce) {
            "Risk of child criminal exploitation"
        } else {
            "Going missing from home"
        };
        for &i in &involved {
            if ages_ok(&kids[i], t, 10) {
                let id = ids.next(K_SAFETY);
                let end = days(authorised, r(rng, 60, 300));
                kids[i].rec.safety_plans.push(SafetyPlan {
                    id,
                    start: authorised,
                    end: (end <= ctx.horizon).then_some(end),
                    concern: concern.to_string(),
                });
            }
        }
    }

    match route {
        Route::AssessClose => {
            let reason = if rng.gen_bool(0.55) {
                ReasonForClosure::ClosedAfterAssessmentNfa
            } else {
                ReasonForClosure::ClosedAfterAssessmentEarlyHelp
            };
            for (ri, &i) in involved.iter().enumerate() {
                end_phase(&mut kids[i], authorised);
                close_child(kids, i, ri, Some(authorised), reason);
            }
            Some(authorised)
        }
        Route::S47NoIcpc | Route::S47IcpcNoPlan | Route::CinPlan | Route::Disabled => {
            let plan = match route {
                Route::CinPlan => true,
                Route::Disabled => true,
                _ => rng.gen_bool(0.45),
            };
            if !plan {
                for (ri, &i) in involved.iter().enumerate() {
                    end_phase(&mut kids[i], after);
                    close_child(kids, i, ri, Some(after), ReasonForClosure::ServicesCeased);
                }
                return Some(after);
            }
            let start = days(after, r(rng, 1, 12));
            let len = if route == Route::Disabled {
                r(rng, 365, 2400)
            } else {
                r(rng, 90, 540)
            };
            let end = days(start, len);
            if route == Route::CinPlan && rng.gen_bool(0.12) {
                let when = days(start, r(rng, 10, 60));
                fgc(ctx, kids, &involved, ids, rng, when);
            }
            let mut fam_end = start;
            for (ri, &i) in involved.iter().enumerate() {
                let cap = days(birthday(kids[i].dob, 18), -1);
                if start >= cap {
                    end_phase(&mut kids[i], after);
                    close_child(kids, i, ri, Some(after), ReasonForClosure::ServicesCeased);
                    continue;
                }
                let mut my_end = end.min(cap);
                let mut reason = if my_end < end && kids[i].disabled {
                    ReasonForClosure::TransferredToAdultServices
                } else {
                    ReasonForClosure::ServicesCeased
                };
                // A few babies die while the family is supported.
                let p_death = if kids[i].dob <= t && age_on(kids[i].dob, t) < 1 {
                    0.06
                } else {
                    0.003
                };
                if kids[i].dob <= t && rng.gen_bool(p_death) {
                    let died = days(start, r(rng, 10, len.min(200)));
                    if died < my_end && died <= ctx.horizon {
                        my_end = died;
                        reason = ReasonForClosure::Died;
                        kids[i].rec.child.death_date = Some(died);
                        kids[i].gone = true;
                    }
                }
                cin_plan(ctx, &mut kids[i], ids, referral_ids[ri], start, my_end);
                end_phase(&mut kids[i], my_end);
                close_child(kids, i, ri, Some(my_end), reason);
                fam_end = fam_end.max(my_end);
            }
            (fam_end <= ctx.horizon).then_some(fam_end)
        }
        Route::Cp { care } => {
            let Some(plan_start) = icpc else {
                return Some(after);
            };
            cp_route(
                ctx,
                kids,
                &involved,
                &referral_ids,
                ids,
                rng,
                plan_start,
                care,
                need,
            )
        }
        Route::Care => {
            let how = if kids[involved[0]].rec.child.uasc.is_some() {
                Entry::Uasc
            } else if eldest >= 12 && rng.gen_bool(0.7) {
                Entry::Section20
            } else if rng.gen_bool(0.35) {
                Entry::Emergency
            } else if eldest >= 1 && rng.gen_bool(0.2) {
                Entry::Section20
            } else {
                Entry::Proceedings
            };
            let entry = match how {
                Entry::Emergency => t.max(a_start),
                Entry::Section20 | Entry::Uasc => days(a_start, r(rng, 0, 15)),
                _ => days(authorised, r(rng, 0, 30)),
            };
            enter_care(
                ctx,
                kids,
                &involved,
                &referral_ids,
                ids,
                rng,
                entry,
                how,
                need,
            )
        }
        Route::ContactOnly | Route::Nfa => Some(t),
    }
}

/// The latest dated activity on a referral: a CIN episode never closes before it (rule 8565).
fn latest_activity(rec: &ChildRecord, referral: RecordId) -> Date {
    let mut last = rec
        .referrals
        .iter()
        .find(|r| r.id == referral)
        .map(|r| r.date)
        .unwrap_or(Date::MIN);
    for a in rec.assessments.iter().filter(|a| a.referral == referral) {
        last = last.max(a.authorised.unwrap_or(a.start));
    }
    for s in rec.section47s.iter().filter(|s| s.referral == referral) {
        last = last.max(s.start);
    }
    for c in rec.conferences.iter().filter(|c| c.referral == referral) {
        last = last.max(c.date);
    }
    for p in rec.cp_plans.iter().filter(|p| p.referral == referral) {
        last = last.max(p.end.unwrap_or(p.start));
    }
    for p in rec.cin_plans.iter().filter(|p| p.referral == referral) {
        last = last.max(p.end.unwrap_or(p.start));
    }
    last
}

fn ages_ok(kid: &Kid, on: Date, min: i32) -> bool {
    kid.dob <= on && age_on(kid.dob, on) >= min
}

fn end_phase(kid: &mut Kid, at: Date) {
    if let Some(p) = kid.phases.last_mut()
        && p.end.is_none()
    {
        p.end = Some(at.max(days(p.start, 1)));
    }
}

fn fgc(
    ctx: &Ctx,
    kids: &mut [Kid],
    involved: &[usize],
    ids: &mut Ids,
    rng: &mut SmallRng,
    date: Date,
) {
    if date > ctx.horizon {
        return;
    }
    let agreed = rng.gen_bool(0.75);
    for &i in involved {
        let id = ids.next(K_FGC);
        kids[i]
            .rec
            .family_group_conferences
            .push(FamilyGroupConference {
                id,
                date,
                plan_agreed: agreed,
            });
    }
}

fn cin_plan(ctx: &Ctx, kid: &mut Kid, ids: &mut Ids, referral: RecordId, start: Date, end: Date) {
    if start > ctx.horizon {
        return;
    }
    let id = ids.next(K_CIN_PLAN);
    let end = end.max(days(start, 1));
    kid.rec.cin_plans.push(CinPlan {
        id,
        referral,
        start,
        end: (end <= ctx.horizon).then_some(end),
    });
}

fn assessment_factors(rng: &mut SmallRng, route: Route, eldest: i32) -> Vec<AssessmentFactor> {
    use AssessmentFactor as F;
    if route == Route::AssessClose && rng.gen_bool(0.2) {
        return vec![F::NoFactors];
    }
    let mut pool: Vec<(F, u32)> = vec![
        (F::DomesticAbuseParent, 30),
        (F::MentalHealthParent, 22),
        (F::DrugParent, 12),
        (F::AlcoholParent, 10),
        (
            F::Neglect,
            if matches!(route, Route::Cp { .. } | Route::Care) {
                25
            } else {
                10
            },
        ),
        (F::EmotionalAbuse, 12),
        (F::PhysicalAbuseAdultOnChild, 6),
        (F::SexualAbuseAdultOnChild, 2),
        (F::LearningDisabilityParent, 3),
        (F::PhysicalDisabilityParent, 2),
        (F::DomesticAbuseOther, 4),
        (F::Other, 3),
    ];
    if eldest >= 10 {
        pool.extend([
            (F::MentalHealthChild, 8),
            (F::SelfHarm, 4),
            (F::Missing, 5),
            (F::Cse, 3),
            (F::Cce, 3),
            (F::SociallyUnacceptableBehaviour, 5),
            (F::DrugChild, 3),
            (F::Gangs, 1),
        ]);
    }
    if route == Route::Disabled {
        pool = vec![
            (F::LearningDisabilityChild, 40),
            (F::PhysicalDisabilityChild, 30),
            (F::MentalHealthChild, 5),
            (F::MentalHealthParent, 5),
        ];
    }
    let n = weighted(rng, &[(1usize, 35), (2, 40), (3, 20), (4, 5)]);
    let mut out: Vec<F> = Vec::new();
    for _ in 0..n {
        let f = weighted(rng, &pool);
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// CP plan for the involved children from the ICPC; reviews; the plan ends
/// at a review conference, or when the children come into care.
#[allow(clippy::too_many_arguments)]
fn cp_route(
    ctx: &Ctx,
    kids: &mut [Kid],
    involved: &[usize],
    referral_ids: &[RecordId],
    ids: &mut Ids,
    rng: &mut SmallRng,
    start: Date,
    care: bool,
    need: PrimaryNeed,
) -> Option<Date> {
    let category = weighted(
        rng,
        &[
            (CategoryOfAbuse::Neglect, 50),
            (CategoryOfAbuse::Emotional, 30),
            (CategoryOfAbuse::Physical, 8),
            (CategoryOfAbuse::Sexual, 4),
            (CategoryOfAbuse::Multiple, 8),
        ],
    );
    let latest = if rng.gen_bool(0.1) {
        weighted(
            rng,
            &[
                (CategoryOfAbuse::Neglect, 50),
                (CategoryOfAbuse::Emotional, 40),
                (CategoryOfAbuse::Multiple, 10),
            ],
        )
    } else {
        category
    };
    let planned_len = weighted(
        rng,
        &[
            ((90i64, 180i64), 18),
            ((180, 365), 45),
            ((365, 600), 27),
            ((600, 730), 7),
            ((730, 1000), 3),
        ],
    );
    let planned_end = days(start, r(rng, planned_len.0, planned_len.1));
    // Reviews: first within 3 months, then at most 6-monthly; a few late.
    let mut reviews: Vec<Date> = Vec::new();
    let mut due = plus_months(start, 3);
    let mut end: Option<Date> = None;
    loop {
        let held = if rng.gen_bool(0.95) {
            prev_working_day(days(due, -r(rng, 0, 21)))
        } else {
            next_working_day(days(due, r(rng, 1, 20)))
        };
        let held = held.max(days(start, 1));
        if held > ctx.horizon {
            break;
        }
        if held >= planned_end {
            end = Some(held);
            break;
        }
        reviews.push(held);
        due = plus_months(held, 6);
    }
    // Coming into care ends the plan.
    let prebirth_dob = involved
        .iter()
        .map(|&i| kids[i].dob)
        .filter(|d| *d > start)
        .min();
    let entry = if care {
        let e = match prebirth_dob {
            Some(dob) => dob,
            None => days(start, r(rng, 20, 300)),
        };
        Some(e).filter(|e| end.is_none_or(|x| *e < x) && *e <= ctx.horizon)
    } else {
        None
    };
    let plan_end = match entry {
        Some(e) => Some(e.max(days(start, 1))),
        None => end,
    };
    let fgc_date = days(start, r(rng, 14, 80));
    if rng.gen_bool(0.4) && plan_end.is_none_or(|e| fgc_date < e) {
        fgc(ctx, kids, involved, ids, rng, fgc_date);
    }
    for (ri, &i) in involved.iter().enumerate() {
        let cap = days(birthday(kids[i].dob, 18), -1);
        let capped = plan_end.is_none_or(|e| e > cap) && cap <= ctx.horizon;
        let plan_end = if capped {
            Some(cap.max(days(start, 1)))
        } else {
            plan_end
        };
        if capped {
            kids[i].gone = true;
        }
        let previous = kids[i].rec.cp_plans.len() as u16
            + u16::from(kids[i].rec.cp_plans.is_empty() && rng.gen_bool(0.04));
        let pid = ids.next(K_CP_PLAN);
        kids[i].rec.cp_plans.push(CpPlan {
            id: pid,
            referral: referral_ids[ri],
            start,
            end: plan_end,
            initial_category: category,
            latest_category: latest,
            previous_plans: previous,
        });
        if let Some(c) = kids[i]
            .rec
            .conferences
            .iter_mut()
            .rev()
            .find(|c| c.kind == ConferenceKind::Initial && c.date == start)
        {
            c.cp_plan = Some(pid);
        }
        for &rv in reviews
            .iter()
            .filter(|rv| plan_end.is_none_or(|e| **rv < e))
        {
            let cid = ids.next(K_CONFERENCE);
            kids[i].rec.conferences.push(ChildProtectionConference {
                id: cid,
                referral: referral_ids[ri],
                kind: ConferenceKind::Review,
                date: rv,
                section47: None,
                cp_plan: Some(pid),
                plan_outcome: true,
            });
        }
        if entry.is_none()
            && !capped
            && let Some(e) = end
        {
            let cid = ids.next(K_CONFERENCE);
            kids[i].rec.conferences.push(ChildProtectionConference {
                id: cid,
                referral: referral_ids[ri],
                kind: ConferenceKind::Review,
                date: e,
                section47: None,
                cp_plan: Some(pid),
                plan_outcome: false,
            });
        }
        end_phase(&mut kids[i], start);
        kids[i].phases.push(Phase {
            start,
            end: plan_end,
            service: Service::Safeguarding,
        });
        if capped {
            close_child_simple(
                ctx,
                &mut kids[i],
                referral_ids[ri],
                cap,
                ReasonForClosure::ServicesCeased,
            );
        }
    }
    // Those who turned 18 on the plan have left the story.
    let involved: Vec<usize> = involved
        .iter()
        .copied()
        .filter(|&i| !kids[i].gone)
        .collect();
    let referral_ids: Vec<RecordId> = involved
        .iter()
        .map(|&i| kids[i].rec.referrals.last().map_or(0, |r| r.id))
        .collect();
    let involved = involved.as_slice();
    let referral_ids = referral_ids.as_slice();
    if involved.is_empty() {
        return plan_end.filter(|e| *e <= ctx.horizon);
    }
    if let Some(e) = entry {
        let how = if prebirth_dob.is_some() {
            Entry::AtBirth
        } else {
            Entry::Proceedings
        };
        return enter_care(ctx, kids, involved, referral_ids, ids, rng, e, how, need);
    }
    let end = end?;
    // Step down to a child in need plan, or close.
    let step_down = rng.gen_bool(0.55);
    let cin_end = days(end, r(rng, 90, 270));
    let mut fam_end = end;
    for (ri, &i) in involved.iter().enumerate() {
        let cap = days(birthday(kids[i].dob, 18), -1);
        if step_down && end < cap {
            let my_end = cin_end.min(cap);
            cin_plan(ctx, &mut kids[i], ids, referral_ids[ri], end, my_end);
            kids[i].phases.push(Phase {
                start: end,
                end: Some(my_end),
                service: Service::AssessmentAndCarePlanning,
            });
            close_child_simple(
                ctx,
                &mut kids[i],
                referral_ids[ri],
                my_end,
                ReasonForClosure::ServicesCeased,
            );
            fam_end = fam_end.max(my_end);
        } else {
            close_child_simple(
                ctx,
                &mut kids[i],
                referral_ids[ri],
                end,
                ReasonForClosure::ServicesCeased,
            );
        }
    }
    (fam_end <= ctx.horizon).then_some(fam_end)
}

fn close_child_simple(
    ctx: &Ctx,
    kid: &mut Kid,
    referral: RecordId,
    date: Date,
    reason: ReasonForClosure,
) {
    let date = date.max(latest_activity(&kid.rec, referral));
    if let Some(rf) = kid.rec.referrals.iter_mut().find(|x| x.id == referral) {
        rf.closure = (date <= ctx.horizon).then_some(CinClosure { date, reason });
    }
    kid.busy_until = Some(if date <= ctx.horizon {
        date
    } else {
        days(ctx.horizon, 1)
    });
}

/// The involved children come into care on `entry`.
#[allow(clippy::too_many_arguments)]
fn enter_care(
    ctx: &Ctx,
    kids: &mut [Kid],
    involved: &[usize],
    referral_ids: &[RecordId],
    ids: &mut Ids,
    rng: &mut SmallRng,
    entry: Date,
    how: Entry,
    need: PrimaryNeed,
) -> Option<Date> {
    let cin = match need {
        PrimaryNeed::AbuseOrNeglect | PrimaryNeed::NotInNeed | PrimaryNeed::NotStated => {
            CategoryOfNeed::AbuseOrNeglect
        }
        PrimaryNeed::Disability => CategoryOfNeed::Disability,
        PrimaryNeed::ParentalIllness => CategoryOfNeed::ParentalIllness,
        PrimaryNeed::FamilyAcuteStress => CategoryOfNeed::FamilyAcuteStress,
        PrimaryNeed::FamilyDysfunction => CategoryOfNeed::FamilyDysfunction,
        PrimaryNeed::SociallyUnacceptableBehaviour => CategoryOfNeed::SociallyUnacceptableBehaviour,
        PrimaryNeed::LowIncome => CategoryOfNeed::LowIncome,
        PrimaryNeed::AbsentParenting => CategoryOfNeed::AbsentParenting,
    };
    let mut fam_end = entry;
    let mut any_open = false;
    for (ri, &i) in involved.iter().enumerate() {
        let kid = &mut kids[i];
        let my_entry = entry.max(kid.dob);
        let eighteen = birthday(kid.dob, 18);
        if my_entry > ctx.horizon || days(my_entry, 30) >= eighteen {
            close_child_simple(
                ctx,
                kid,
                referral_ids[ri],
                my_entry.min(days(eighteen, -1)),
                ReasonForClosure::ServicesCeased,
            );
            continue;
        }
        // A child in need plan stops when the child is looked after.
        end_phase(kid, my_entry);
        if let Some(p) = kid.rec.cin_plans.last_mut()
            && p.end.is_none_or(|e| e > my_entry)
        {
            p.end = Some(my_entry.max(days(p.start, 1)));
        }
        let my_how = if kid.dob > entry || (how == Entry::AtBirth && kid.dob == my_entry) {
            Entry::AtBirth
        } else if how == Entry::AtBirth {
            Entry::Proceedings
        } else {
            how
        };
        let my_how = if my_how == Entry::Section20 && age_on(kid.dob, my_entry) < 1 {
            Entry::Proceedings
        } else {
            my_how
        };
        let eps = care::looked_after(ctx, kid, ids, rng, my_entry, my_how, cin);
        let last = eps.last().and_then(|e| e.end);
        kid.rec.episodes.extend(eps);
        match last {
            None => {
                any_open = true;
                kid.busy_until = Some(days(ctx.horizon, 1));
            }
            Some(end) => {
                let (reason, gone) = match end.reason {
                    r if r.is_adoption() => (ReasonForClosure::Adopted, true),
                    r if r.is_sgo() => (ReasonForClosure::SpecialGuardianshipOrder, false),
                    ReasonEpisodeCeased::ResidenceOrder => {
                        (ReasonForClosure::ChildArrangementsOrder, false)
                    }
                    ReasonEpisodeCeased::Died => (ReasonForClosure::Died, true),
                    ReasonEpisodeCeased::TakenOverByOtherLa => {
                        (ReasonForClosure::TransferredToOtherLa, true)
                    }
                    _ => (ReasonForClosure::ServicesCeased, false),
                };
                let eighteen_reached = end.date >= eighteen;
                let home = matches!(
                    end.reason,
                    ReasonEpisodeCeased::ReturnedHomePlanned
                        | ReasonEpisodeCeased::ReturnedHomeUnplanned
                );
                let mut close = end.date;
                if home && !eighteen_reached && rng.gen_bool(0.4) {
                    let plan_end = days(end.date, r(rng, 90, 200)).min(days(eighteen, -1));
                    if plan_end > end.date {
                        cin_plan(ctx, kid, ids, referral_ids[ri], end.date, plan_end);
                        kid.phases.push(Phase {
                            start: end.date,
                            end: Some(plan_end),
                            service: Service::AssessmentAndCarePlanning,
                        });
                        close = plan_end;
                    }
                }
                let reason = if eighteen_reached && kid.disabled {
                    ReasonForClosure::TransferredToAdultServices
                } else {
                    reason
                };
                close_child_simple(ctx, kid, referral_ids[ri], close, reason);
                if close > ctx.horizon {
                    any_open = true;
                }
                kid.gone = gone || eighteen_reached;
                fam_end = fam_end.max(close);
            }
        }
    }
    if any_open { None } else { Some(fam_end) }
}

/// After the family loop: statutory visits, reviews, health, missing
/// episodes, OC2 outcomes, care-leaver records, allocations and the UPN.
fn finish(ctx: &Ctx, kid: &mut Kid, ids: &mut Ids, rng: &mut SmallRng) {
    let horizon = ctx.horizon;
    let dob = kid.dob;
    let unborn = dob > horizon;
    if unborn {
        kid.rec.child.birth = Birth::Unborn(dob);
        kid.rec.child.sex = Sex::Unknown;
        kid.rec.child.disabilities = vec![Disability::None];
    }
    let rec = &mut kid.rec;
    // Nothing continues past a death.
    if let Some(died) = rec.child.death_date {
        for p in &mut rec.safety_plans {
            if p.end.is_none_or(|e| e > died) {
                p.end = Some(died.max(days(p.start, 1)).min(died));
            }
        }
        rec.safety_plans.retain(|p| p.start < died);
        rec.family_group_conferences.retain(|f| f.date <= died);
    }
    let periods: Vec<(Date, Option<EpisodeEnd>)> = rec
        .periods_of_care()
        .into_iter()
        .filter(|p| {
            p.episodes
                .iter()
                .all(|&i| !rec.episodes[i].legal_status.is_short_break())
        })
        .map(|p| (p.start, p.end))
        .collect();

    // Spring 2020: every child with a social worker got a safety plan
    // (seed 004, paragraph 9).
    if let (Some(start), Some(end)) = (
        chrono::NaiveDate::from_ymd_opt(2020, 4, 27),
        chrono::NaiveDate::from_ymd_opt(2020, 9, 30),
    ) && start >= ctx.sim_start
        && end <= horizon
        && (rec.is_in_need_on(start)
            || rec
                .leaving_care
                .iter()
                .any(|l| l.start <= start && l.end.is_none_or(|e| e > start)))
        && rec.child.death_date.is_none_or(|d| d > end)
    {
        let id = ids.next(K_SAFETY);
        rec.safety_plans.push(SafetyPlan {
            id,
            start,
            end: Some(end),
            concern: "COVID-19: safety plan for a child with a social worker".to_string(),
        });
    }
    // Visits: CP every 10 working days or so, CIN plans every 4-6 weeks,
    // looked after every 6 weeks in the first year then every 3 months.
    let mut visits: Vec<Date> = Vec::new();
    for p in &rec.cp_plans {
        let mut d = add_working_days(p.start, r(rng, 5, 10) as u32);
        let stop = p.end.unwrap_or(horizon).min(horizon);
        while d < stop {
            visits.push(d);
            d = add_working_days(d, r(rng, 8, 14) as u32);
        }
    }
    for p in &rec.cin_plans {
        let mut d = add_working_days(p.start, r(rng, 5, 20) as u32);
        let stop = p.end.unwrap_or(horizon).min(horizon);
        while d < stop {
            visits.push(d);
            d = add_working_days(d, r(rng, 18, 30) as u32);
        }
    }
    for (start, end) in &periods {
        let stop = end.map(|e| e.date).unwrap_or(horizon).min(horizon);
        let mut d = days(*start, r(rng, 3, 7));
        while d < stop {
            visits.push(d);
            let gap = if (d - *start).num_days() < 365 {
                r(rng, 30, 43)
            } else {
                r(rng, 70, 92)
            };
            d = days(d, gap);
        }
    }
    visits.sort();
    visits.dedup();
    for d in visits {
        if d < dob {
            continue;
        }
        let id = ids.next(K_VISIT);
        rec.visits.push(StatutoryVisit {
            id,
            date: d,
            child_seen: rng.gen_bool(0.95),
        });
    }

    // Looked-after reviews, health, missing and offending, per period of care.
    for (start, end) in &periods {
        let stop = end.map(|e| e.date).unwrap_or(days(horizon, 1));
        let mut due = add_working_days(*start, 20);
        let mut k = 0;
        loop {
            let held = if rng.gen_bool(0.95) {
                days(due, -r(rng, 0, if k == 0 { 6 } else { 20 }))
            } else {
                days(due, r(rng, 1, 15))
            };
            let held = held.max(days(*start, 1));
            if held >= stop || held > horizon {
                break;
            }
            let age = age_on(dob, held);
            let participation = if age < 4 {
                ReviewParticipation::UnderFour
            } else {
                weighted(
                    rng,
                    &[
                        (ReviewParticipation::AttendsSpeaks, 55),
                        (ReviewParticipation::AttendsAdvocate, 8),
                        (ReviewParticipation::AttendsSymbolic, 3),
                        (ReviewParticipation::AttendsSilent, 4),
                        (ReviewParticipation::BriefsAdvocate, 10),
                        (ReviewParticipation::FacilitativeMedium, 15),
                        (ReviewParticipation::ViewsNotConveyed, 5),
                    ],
                )
            };
            let id = ids.next(K_REVIEW);
            rec.cla_reviews.push(ClaReview {
                id,
                date: held,
                participation,
            });
            due = if k == 0 {
                plus_months(held, 3)
            } else {
                plus_months(held, 6)
            };
            k += 1;
        }
        // Health: assessment within 20 working days then yearly (6-monthly under 5),
        // dental yearly, SDQ yearly for 4-16, development checks under 5.
        let mut d = add_working_days(*start, r(rng, 8, 24) as u32);
        while d < stop && d <= horizon {
            let age = age_on(dob, d);
            if rng.gen_bool(0.93) {
                let id = ids.next(K_HEALTH);
                rec.health_checks.push(HealthCheck {
                    id,
                    date: d,
                    kind: HealthCheckKind::HealthAssessment,
                    sdq_score: None,
                });
            }
            if age >= 1 && rng.gen_bool(0.85) {
                let dd = days(d, r(rng, 5, 60));
                if dd < stop && dd <= horizon {
                    let id = ids.next(K_HEALTH);
                    rec.health_checks.push(HealthCheck {
                        id,
                        date: dd,
                        kind: HealthCheckKind::Dental,
                        sdq_score: None,
                    });
                }
            }
            if (4..=16).contains(&age) && rng.gen_bool(0.82) {
                let dd = days(d, r(rng, 0, 40));
                if dd < stop && dd <= horizon {
                    let id = ids.next(K_HEALTH);
                    let score = (rng.gen_range(0..26) + rng.gen_range(0..16)) as u8;
                    rec.health_checks.push(HealthCheck {
                        id,
                        date: dd,
                        kind: HealthCheckKind::Sdq,
                        sdq_score: Some(score.min(40)),
                    });
                }
            }
            if age < 5 && rng.gen_bool(0.9) {
                let id = ids.next(K_HEALTH);
                rec.health_checks.push(HealthCheck {
                    id,
                    date: d,
                    kind: HealthCheckKind::Development,
                    sdq_score: None,
                });
            }
            d = days(
                d,
                if age < 5 {
                    r(rng, 150, 182)
                } else {
                    r(rng, 300, 360)
                },
            );
        }
        // Missing from placement: mostly teenagers.
        let mut t = *start;
        loop {
            let age = age_on(dob, t);
            let rate = if age >= 13 {
                0.8
            } else if age >= 11 {
                0.2
            } else {
                0.0
            };
            if rate == 0.0 {
                t = birthday(dob, 11).max(days(t, 1));
                if t >= stop || t > horizon {
                    break;
                }
                continue;
            }
            let gap = (-(365.0 / rate) * (1.0 - rng.r#gen::<f64>()).ln()).max(3.0) as i64;
            let ms = days(t, gap);
            let me = days(ms, r(rng, 0, 4));
            let eighteen = birthday(dob, 18);
            if me >= stop || me > horizon {
                break;
            }
            let crosses_year = CollectionYear::containing(ms) != CollectionYear::containing(me);
            if !crosses_year && me != eighteen && ms > dob {
                let id = ids.next(K_MISSING);
                let kind = if rng.gen_bool(0.7) {
                    MissingKind::Missing
                } else {
                    MissingKind::Away
                };
                rec.missing.push(MissingEpisode {
                    id,
                    kind,
                    start: ms,
                    end: Some(me),
                });
            }
            t = days(me, 1);
        }
        // Offending outcomes for 10+.
        let mut t = birthday(dob, 10).max(*start);
        while t < stop && t <= horizon {
            let gap = (-(365.0 / 0.06) * (1.0 - rng.r#gen::<f64>()).ln()) as i64;
            t = days(t, gap.max(30));
            if t < stop && t <= horizon {
                let id = ids.next(K_OFFENCE);
                rec.offences.push(OffenceOutcome { id, date: t });
            }
        }
    }

    // OC2: children looked after continuously for 12 months at 31 March.
    for y in ctx.first_year..=ctx.last_year {
        let cy = CollectionYear(y);
        if !continuously_looked_after(rec, cy) {
            continue;
        }
        let (start, end) = (cy.start(), cy.end());
        let in_year = |d: &Date| *d >= start && *d <= end;
        let b4 = birthday(dob, 4);
        let b5 = birthday(dob, 5);
        let b10 = birthday(dob, 10);
        let b17 = birthday(dob, 17);
        let sdq_applies = b4 <= end && b17 >= start;
        let latest_sdq = rec
            .health_checks
            .iter()
            .filter(|h| h.kind == HealthCheckKind::Sdq && in_year(&h.date))
            .filter_map(|h| h.sdq_score)
            .next_back();
        let (sdq_score, sdq_reason) = if !sdq_applies {
            (None, None)
        } else if let Some(s) = latest_sdq {
            (Some(s), None)
        } else {
            let reason = if kid.disabled {
                SdqReason::Disability
            } else {
                weighted(
                    rng,
                    &[
                        (SdqReason::CarerRefused, 30),
                        (SdqReason::Other, 50),
                        (SdqReason::ChildRefused, 20),
                    ],
                )
            };
            (None, Some(reason))
        };
        let age_end = age_on(dob, end);
        let substance = age_end >= 12 && rng.gen_bool(0.05);
        let received = substance.then(|| rng.gen_bool(0.7));
        let offered = match received {
            Some(false) => Some(rng.gen_bool(0.6)),
            _ => None,
        };
        rec.annual_outcomes.push(AnnualOutcomes {
            year: y,
            sdq_score,
            sdq_reason,
            convicted: (b10 < end).then(|| rec.offences.iter().any(|o| in_year(&o.date))),
            health_check: (b5 > end).then(|| {
                rec.health_checks
                    .iter()
                    .any(|h| h.kind == HealthCheckKind::Development && in_year(&h.date))
            }),
            immunisations: Some(rng.gen_bool(0.9)),
            teeth_check: Some(
                rec.health_checks
                    .iter()
                    .any(|h| h.kind == HealthCheckKind::Dental && in_year(&h.date)),
            ),
            health_assessment: Some(
                rec.health_checks
                    .iter()
                    .any(|h| h.kind == HealthCheckKind::HealthAssessment && in_year(&h.date)),
            ),
            substance_misuse: Some(substance),
            intervention_received: received,
            intervention_offered: offered,
        });
    }

    // Care leavers: relevant and former relevant children.
    let care_days = |from: Date| -> i64 {
        rec.episodes
            .iter()
            .filter(|e| !e.legal_status.is_short_break())
            .map(|e| {
                let s = e.start.max(from);
                let en = e.end.map(|x| x.date).unwrap_or(horizon);
                (en - s).num_days().max(0)
            })
            .sum()
    };
    let last_end = rec
        .episodes
        .iter()
        .rfind(|e| !e.legal_status.is_short_break())
        .map(|e| e.end);
    let adopted = rec.adoption.is_some();
    let final_rec = last_end.flatten().map(|e| e.reason);
    let eligible = !unborn
        && !adopted
        && rec.child.death_date.is_none()
        && final_rec != Some(ReasonEpisodeCeased::TakenOverByOtherLa)
        && care_days(birthday(dob, 14)) >= 91
        && care_days(birthday(dob, 16)) >= 1;
    let mut lc_phase: Option<Phase> = None;
    if eligible && let Some(Some(end)) = last_end {
        let left = end.date;
        let start = left;
        let stop = weighted(rng, &[(21i32, 58), (25, 8), (19, 16), (20, 18)]);
        let stop = if stop == 25 {
            birthday(dob, 25)
        } else {
            birthday(dob, stop)
        };
        if start <= horizon && stop > start {
            let id = ids.next(K_LEAVING_CARE);
            rec.leaving_care.push(LeavingCareService {
                id,
                start,
                end: (stop <= horizon).then_some(stop),
            });
            lc_phase = Some(Phase {
                start,
                end: (stop <= horizon).then_some(stop),
                service: Service::LeavingCare,
            });
        }
        // OC3 around the 17th to 21st birthdays.
        let staying_put = end.reason == ReasonEpisodeCeased::StayingPut;
        for y in ctx.first_year..=ctx.last_year {
            let cy = CollectionYear(y);
            for age in 17..=21 {
                let b = birthday(dob, age);
                if !cy.contains(b) {
                    continue;
                }
                // 17 or 18: only if care ended before that birthday (rules 1007, 1016).
                if age <= 18 && left >= b {
                    continue;
                }
                if continuously_looked_after(rec, cy) {
                    continue;
                }
                let in_touch = weighted(
                    rng,
                    &[
                        (InTouch::Yes, 88),
                        (InTouch::No, 5),
                        (InTouch::Refused, 3),
                        (InTouch::NotRequired, 3),
                        (InTouch::ReturnedHome, 1),
                    ],
                );
                let (activity, accommodation) = match in_touch {
                    InTouch::Yes => {
                        let activity = weighted(
                            rng,
                            &[
                                (CareLeaverActivity::OtherEducationFullTime, 20),
                                (CareLeaverActivity::OtherEducationPartTime, 4),
                                (
                                    CareLeaverActivity::HigherEducationFullTime,
                                    if age >= 19 { 6 } else { 0 },
                                ),
                                (CareLeaverActivity::TrainingFullTime, 8),
                                (CareLeaverActivity::TrainingPartTime, 3),
                                (CareLeaverActivity::EmploymentFullTime, 8),
                                (CareLeaverActivity::EmploymentPartTime, 5),
                                (CareLeaverActivity::NeetOther, 28),
                                (CareLeaverActivity::NeetIllness, 9),
                                (CareLeaverActivity::NeetParenting, 7),
                            ],
                        );
                        let accommodation =
                            if age >= 18 && staying_put && age <= 20 && rng.gen_bool(0.6) {
                                CareLeaverAccommodation::StayingPutSuitable
                            } else {
                                weighted(
                                    rng,
                                    &[
                                        (CareLeaverAccommodation::SemiIndependentSuitable, 25),
                                        (
                                            CareLeaverAccommodation::IndependentSuitable,
                                            if age >= 18 { 25 } else { 3 },
                                        ),
                                        (CareLeaverAccommodation::SupportedLodgingsSuitable, 12),
                                        (CareLeaverAccommodation::ParentsSuitable, 12),
                                        (CareLeaverAccommodation::CommunityHomeSuitable, 3),
                                        (CareLeaverAccommodation::FoyerSuitable, 3),
                                        (CareLeaverAccommodation::OtherSuitable, 3),
                                        (CareLeaverAccommodation::BedAndBreakfastUnsuitable, 2),
                                        (CareLeaverAccommodation::NoFixedAbode, 2),
                                        (CareLeaverAccommodation::Custody, 2),
                                        (CareLeaverAccommodation::EmergencyUnsuitable, 2),
                                        (CareLeaverAccommodation::ParentsUnsuitable, 2),
                                    ],
                                )
                            };
                        (activity, accommodation)
                    }
                    _ => (
                        CareLeaverActivity::NotKnown,
                        CareLeaverAccommodation::NotKnown,
                    ),
                };
                let id = ids.next(K_CARE_LEAVER);
                rec.care_leaver_statuses.push(CareLeaverStatus {
                    id,
                    year: y,
                    in_touch,
                    activity,
                    accommodation,
                });
            }
        }
    }

    // UPN: school-age children by the end of the history have one.
    let school_age = !unborn && birthday(dob, 4) <= CollectionYear(ctx.last_year).start();
    if rec.child.uasc.is_some() {
        if rng.gen_bool(0.5) {
            rec.child.upn_unknown = Some(UpnUnknown::Un2);
        } else {
            rec.child.upn = Some(Upn::from_parts(ctx.la, 0));
        }
    } else if school_age {
        rec.child.upn = Some(Upn::from_parts(ctx.la, 0));
    } else {
        rec.child.upn_unknown = Some(UpnUnknown::Un1);
    }
    // A few young women in care are already mothers when they come into care.
    if rec.child.sex == Sex::Female
        && let Some(first) = rec
            .episodes
            .iter()
            .find(|e| !e.legal_status.is_short_break())
        && age_on(dob, first.start) >= 15
        && rng.gen_bool(0.06)
    {
        let baby = days(first.start, -r(rng, 30, 300));
        if age_on(dob, baby) >= 14 {
            rec.child.mother_of_child_born = Some(baby);
        }
    }

    // Allocations: one worker at a time, across the child's phases.
    let mut phases = kid.phases.clone();
    for (start, end) in &periods {
        phases.push(Phase {
            start: *start,
            end: end.map(|e| e.date),
            service: Service::LookedAfter,
        });
    }
    if let Some(p) = lc_phase {
        phases.push(p);
    }
    phases.retain(|p| p.start <= horizon && p.end.is_none_or(|e| e > p.start));
    phases.sort_by_key(|p| p.start);
    // Trim overlaps so phases follow one another.
    for i in 1..phases.len() {
        let start = phases[i].start;
        if let Some(e) = phases[i - 1].end
            && e > start
        {
            phases[i - 1].end = Some(start);
        } else if phases[i - 1].end.is_none() {
            phases[i - 1].end = Some(start);
        }
    }
    phases.retain(|p| p.end.is_none_or(|e| e > p.start));
    let mut allocations: Vec<Allocation> = Vec::new();
    let mut prev_end: Option<Date> = None;
    let mut prev_service: Option<Service> = None;
    for p in &phases {
        let contiguous = prev_end == Some(p.start);
        let stop = p.end.unwrap_or(days(horizon, 1));
        let mut s = p.start;
        let mut reason = if contiguous {
            SocialWorkerChangeReason::CaseProgressed
        } else {
            SocialWorkerChangeReason::FirstContact
        };
        // Same service straight after: keep the worker.
        if contiguous
            && prev_service == Some(p.service)
            && let Some(last) = allocations.last_mut()
            && last.end == Some(p.start)
        {
            let w = ctx.workforce.worker(last.worker);
            let worker_end = w.and_then(|w| w.end);
            if worker_end.is_none_or(|we| we > p.start) {
                let until = worker_end.map_or(stop, |we| we.min(stop));
                last.end = (until <= horizon).then_some(until);
                s = until;
                reason = SocialWorkerChangeReason::LeftRole;
            }
        }
        while s < stop && s <= horizon {
            let w = ctx.workforce.pick(rng, p.service, s);
            let mut until = stop;
            let mut next_reason = SocialWorkerChangeReason::LeftRole;
            if let Some(we) = w.end
                && we < until
            {
                until = we;
            }
            let realloc = days(
                s,
                (-(365.0 / 0.15) * (1.0 - rng.r#gen::<f64>()).ln()).max(30.0) as i64,
            );
            if realloc < until {
                until = realloc;
                next_reason = weighted(
                    rng,
                    &[
                        (SocialWorkerChangeReason::Management, 60),
                        (SocialWorkerChangeReason::Absence, 20),
                        (SocialWorkerChangeReason::ChildRequest, 8),
                        (SocialWorkerChangeReason::ParentRequest, 8),
                        (SocialWorkerChangeReason::Restructure, 4),
                    ],
                );
            }
            if until <= s {
                until = days(s, 1);
            }
            let id = ids.next(K_ALLOCATION);
            allocations.push(Allocation {
                id,
                worker: w.id,
                start: s,
                end: (until <= horizon).then_some(until),
                reason,
            });
            reason = next_reason;
            s = until;
        }
        prev_end = p.end;
        prev_service = Some(p.service);
    }
    // A worker's involvement that ends in the last days of March with nothing
    // after it runs into April (the worker closes the file), so no return
    // shows a social worker episode ending at the year's edge (SW11bSTG2).
    let n = allocations.len();
    for k in 0..n {
        let Some(end) = allocations[k].end else {
            continue;
        };
        let next_start = allocations.get(k + 1).map(|a| a.start);
        let edge = end.month() == 3 && end.day() >= 26;
        let april = days(CollectionYear::containing(end).end(), 1);
        let worker_end = ctx
            .workforce
            .worker(allocations[k].worker)
            .and_then(|w| w.end);
        if edge && next_start.is_none_or(|s| s >= april) && worker_end.is_none_or(|w| w >= april) {
            allocations[k].end = (april <= horizon).then_some(april);
        }
    }
    rec.allocations = allocations;
    rec.sort();
}

/// The SSDA903 "continuously looked after for 12 months" cohort test
/// (`ssda903.md` §4.3) for one collection year.
pub(crate) fn continuously_looked_after(rec: &ChildRecord, cy: CollectionYear) -> bool {
    let (start, end) = (cy.start(), cy.end());
    let during: Vec<&LookedAfterEpisode> = rec
        .episodes
        .iter()
        .filter(|e| e.start <= end && e.end.is_none_or(|x| x.date >= start))
        .collect();
    if during.is_empty() {
        return false;
    }
    !during.iter().any(|e| {
        (e.reason_new == ReasonNewEpisode::Started && e.start > start && e.start <= end)
            || e.end.is_some_and(|x| {
                x.reason != ReasonEpisodeCeased::Continues && x.date >= start && x.date < end
            })
            || e.legal_status.is_short_break()
    })
}

/// The latest date anything about the child happened (the horizon when
/// something is still open).
fn last_activity(rec: &ChildRecord, horizon: Date) -> Date {
    let mut last = rec
        .contacts
        .iter()
        .map(|c| c.date)
        .max()
        .unwrap_or(Date::MIN);
    let mut bump = |d: Option<Date>| {
        let d = d.unwrap_or(horizon);
        if d > last {
            last = d;
        }
    };
    for r in &rec.referrals {
        bump(Some(r.closure.map(|c| c.date).unwrap_or(horizon)));
    }
    for e in &rec.episodes {
        bump(e.end.map(|x| x.date));
    }
    for l in &rec.leaving_care {
        bump(l.end);
    }
    for s in &rec.care_leaver_statuses {
        bump(Some(CollectionYear(s.year).start()));
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Start, RNE, legal status and end of one test episode.
    type Ep = (
        Date,
        ReasonNewEpisode,
        LegalStatus,
        Option<(Date, ReasonEpisodeCeased)>,
    );

    fn record(episodes: &[Ep]) -> ChildRecord {
        let child = Child {
            id: ChildId::parse("C1").unwrap(),
            forename: "A".into(),
            surname: "B".into(),
            upn: None,
            former_upn: None,
            upn_unknown: None,
            birth: Birth::Born(d(2012, 1, 1)),
            sex: Sex::Female,
            ethnicity: Ethnicity::WhiteBritish,
            disabilities: vec![Disability::None],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        };
        let mut r = ChildRecord::new(child);
        for (i, (start, rne, ls, end)) in episodes.iter().enumerate() {
            r.episodes.push(LookedAfterEpisode {
                id: i as i64 + 1,
                start: *start,
                reason_new: *rne,
                legal_status: *ls,
                category_of_need: CategoryOfNeed::AbuseOrNeglect,
                placement: PlacementType::FosterOther,
                provider: Some(PlacementProvider::OwnLa),
                end: end.map(|(date, reason)| EpisodeEnd { date, reason }),
                reason_place_change: None,
                home_postcode: None,
                placement_postcode: None,
                urn: None,
            });
        }
        r
    }

    #[test]
    fn continuously_looked_after_follows_the_903_definition() {
        use LegalStatus::*;
        use ReasonEpisodeCeased::*;
        use ReasonNewEpisode::*;
        let y = CollectionYear(2024);
        // Started on 1 April: still continuous (ssda903.md §4.3).
        assert!(continuously_looked_after(
            &record(&[(d(2023, 4, 1), Started, FullCareOrder, None)]),
            y
        ));
        assert!(!continuously_looked_after(
            &record(&[(d(2023, 4, 2), Started, FullCareOrder, None)]),
            y
        ));
        // Left on 31 March: still continuous; left on 30 March: not.
        assert!(continuously_looked_after(
            &record(&[(
                d(2020, 1, 1),
                Started,
                FullCareOrder,
                Some((d(2024, 3, 31), ReturnedHomePlanned))
            )]),
            y
        ));
        assert!(!continuously_looked_after(
            &record(&[(
                d(2020, 1, 1),
                Started,
                FullCareOrder,
                Some((d(2024, 3, 30), ReturnedHomePlanned))
            )]),
            y
        ));
        // An X1 join inside the year does not break it; a short break does.
        assert!(continuously_looked_after(
            &record(&[
                (
                    d(2020, 1, 1),
                    Started,
                    InterimCareOrder,
                    Some((d(2023, 9, 1), Continues))
                ),
                (d(2023, 9, 1), LegalStatusChange, FullCareOrder, None)
            ]),
            y
        ));
        assert!(!continuously_looked_after(
            &record(&[(d(2020, 1, 1), Started, ShortBreaksAgreement, None)]),
            y
        ));
        assert!(!continuously_looked_after(&record(&[]), y));
    }

    #[test]
    fn latest_activity_covers_plans_and_conferences() {
        let mut r = record(&[]);
        r.referrals.push(Referral {
            id: 1,
            date: d(2023, 1, 5),
            source: ReferralSource::Police,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closure: None,
            nfa: false,
        });
        r.assessments.push(SingleAssessment {
            id: 1,
            referral: 1,
            start: d(2023, 1, 6),
            authorised: Some(d(2023, 2, 20)),
            factors: vec![],
        });
        assert_eq!(latest_activity(&r, 1), d(2023, 2, 20));
        r.cin_plans.push(CinPlan {
            id: 1,
            referral: 1,
            start: d(2023, 3, 1),
            end: Some(d(2023, 9, 1)),
        });
        assert_eq!(latest_activity(&r, 1), d(2023, 9, 1));
        assert_eq!(
            latest_activity(&r, 2),
            Date::MIN,
            "another referral's activity is not counted"
        );
    }
}
