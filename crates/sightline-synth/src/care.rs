//! Looked-after journeys: the SSDA903 episode chain of one child from the day
//! they start to be looked after to the day the period of care ends.
//!
//! Why a module of its own: the 903 rules on how episodes join (RNE, X1,
//! REASON_PLACE_CHANGE, legal-status runs, temporary placements, adoption
//! sequencing) are many and interlocking. [`Chain`] is the one place that
//! writes episodes, and it enforces the joins: a change of legal status alone
//! is an `L` episode with the placement copied, a move records its reason on
//! the episode it ends, a temporary placement returns to the placement it
//! interrupted, nothing is written after the collection horizon.
//!
//! What it does not do: reviews, health, missing episodes or care-leaver
//! records. Those are derived from the finished chain in `journey`.

use rand::Rng;
use rand::rngs::SmallRng;

use sightline_domain::calendar::{CollectionYear, Date, age_on, birthday};
use sightline_domain::codes::*;
use sightline_domain::{
    Adoption, AdoptionDecision, EpisodeEnd, LookedAfterEpisode, PreviousPermanenceRecord,
};

use crate::days;
use crate::journey::{Ctx, Ids, K_ADOPTION_DECISION, K_EPISODE, Kid};
use crate::places::{Places, pick, weighted};

/// A placement: type, provider, partial postcode and URN (one carer).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pl {
    pub place: PlacementType,
    pub provider: Option<PlacementProvider>,
    pub postcode: Option<String>,
    pub urn: Option<String>,
}

/// How a child came to be looked after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Entry {
    /// Police protection or an emergency protection order, then the courts.
    Emergency,
    /// Interim care order from the first day.
    Proceedings,
    /// Accommodated with parental agreement (section 20).
    Section20,
    /// Born into care proceedings (pre-birth plan).
    AtBirth,
    /// Unaccompanied asylum-seeking child.
    Uasc,
}

/// The episode chain being written for one child.
pub(crate) struct Chain {
    pub eps: Vec<LookedAfterEpisode>,
    horizon: Date,
    /// Care ends on the 18th birthday: nothing is written after it.
    eighteen: Date,
    home: Option<&'static str>,
    cin: CategoryOfNeed,
    last_temp: Option<Date>,
}

impl Chain {
    fn cur(&self) -> Option<&LookedAfterEpisode> {
        self.eps.last()
    }
    fn is_open(&self) -> bool {
        self.eps.last().is_some_and(|e| e.end.is_none())
    }
    fn cur_pl(&self) -> Option<Pl> {
        self.cur().map(|e| Pl {
            place: e.placement,
            provider: e.provider,
            postcode: e.placement_postcode.clone(),
            urn: e.urn.clone(),
        })
    }

    fn push(&mut self, ids: &mut Ids, start: Date, rne: ReasonNewEpisode, ls: LegalStatus, pl: Pl) {
        let short = ls.is_short_break();
        self.eps.push(LookedAfterEpisode {
            id: ids.next(K_EPISODE),
            start,
            reason_new: rne,
            legal_status: ls,
            category_of_need: self.cin,
            placement: pl.place,
            provider: pl.provider,
            end: None,
            reason_place_change: None,
            home_postcode: if short {
                None
            } else {
                self.home.map(str::to_string)
            },
            placement_postcode: if short { None } else { pl.postcode },
            urn: if short { None } else { pl.urn },
        });
    }

    /// Start a period of care (RNE `S`).
    fn start(&mut self, ids: &mut Ids, date: Date, ls: LegalStatus, pl: Pl) -> Option<()> {
        if date > self.horizon || self.is_open() {
            return None;
        }
        self.push(ids, date, ReasonNewEpisode::Started, ls, pl);
        Some(())
    }

    /// A new episode on `date`: a legal status change, a placement change,
    /// or both. `None` once the horizon is passed or the period has ended.
    fn change(
        &mut self,
        ids: &mut Ids,
        date: Date,
        ls: Option<LegalStatus>,
        pl: Option<Pl>,
        same_carer: bool,
        reason: ReasonPlaceChange,
    ) -> Option<Date> {
        let cur = self.cur()?;
        if cur.end.is_some() {
            return None;
        }
        let date = date.max(days(cur.start, 1));
        if date >= self.eighteen {
            let rec = if cur.placement.is_foster() {
                ReasonEpisodeCeased::StayingPut
            } else {
                ReasonEpisodeCeased::OtherReason
            };
            let _ = self.end(self.eighteen, rec);
            return None;
        }
        if date > self.horizon {
            return None;
        }
        let old_ls = cur.legal_status;
        let old_pl = self.cur_pl()?;
        let new_ls = ls.unwrap_or(old_ls);
        let new_pl = pl.unwrap_or_else(|| old_pl.clone());
        let ls_changed = new_ls != old_ls;
        let pl_changed = new_pl != old_pl;
        if !ls_changed && !pl_changed {
            return Some(date);
        }
        let rne = match (ls_changed, pl_changed, same_carer) {
            (true, false, _) => ReasonNewEpisode::LegalStatusChange,
            (false, true, false) => ReasonNewEpisode::PlacementChange,
            (false, true, true) => ReasonNewEpisode::PlacementChangeSameCarer,
            (true, true, false) => ReasonNewEpisode::LegalStatusAndPlacement,
            (true, true, true) => ReasonNewEpisode::LegalStatusAndPlacementSameCarer,
            (false, false, _) => return Some(date),
        };
        let temp_involved = old_pl.place.is_temporary() || new_pl.place.is_temporary();
        if let Some(last) = self.eps.last_mut() {
            last.end = Some(EpisodeEnd {
                date,
                reason: ReasonEpisodeCeased::Continues,
            });
            if pl_changed && !temp_involved {
                last.reason_place_change = Some(reason);
            }
        }
        self.push(ids, date, rne, new_ls, new_pl);
        Some(date)
    }

    /// End the period of care.
    fn end(&mut self, date: Date, rec: ReasonEpisodeCeased) -> Option<()> {
        let cur = self.eps.last_mut()?;
        if cur.end.is_some() {
            return None;
        }
        let date = date.max(days(cur.start, 1)).min(self.eighteen);
        if date > self.horizon {
            return None;
        }
        cur.end = Some(EpisodeEnd { date, reason: rec });
        Some(())
    }
}

fn foster_reason(rng: &mut SmallRng) -> ReasonPlaceChange {
    weighted(
        rng,
        &[
            (ReasonPlaceChange::CarePlan, 36),
            (ReasonPlaceChange::CarerRequestBehaviour, 16),
            (ReasonPlaceChange::CarerRequestOther, 12),
            (ReasonPlaceChange::ChildRequest, 8),
            (ReasonPlaceChange::LaRequest, 6),
            (ReasonPlaceChange::StandardsOfCare, 4),
            (ReasonPlaceChange::Allegation, 3),
            (ReasonPlaceChange::ProvisionClosed, 3),
            (ReasonPlaceChange::ApprovalRemoved, 2),
            (ReasonPlaceChange::Other, 10),
        ],
    )
}

/// The first day placement type `K3` (supported accommodation) may be used.
pub(crate) fn supported_accommodation_from() -> Date {
    CollectionYear(2025).start()
}

/// Choose a placement suitable for a child of `age` under legal status `ls`.
pub(crate) fn choose_placement(
    rng: &mut SmallRng,
    places: &Places,
    age: i32,
    home: Option<&'static str>,
    uasc: bool,
    on: Date,
) -> Pl {
    #[derive(Clone, Copy)]
    enum K {
        OwnFoster,
        IfaFoster,
        Relative,
        Ffa,
        OwnHome,
        PrivateHome,
        Supported,
        School,
        MotherBaby,
    }
    let kind = if uasc {
        if age >= 16 {
            weighted(
                rng,
                &[(K::Supported, 60), (K::IfaFoster, 30), (K::PrivateHome, 10)],
            )
        } else {
            weighted(
                rng,
                &[(K::IfaFoster, 70), (K::OwnFoster, 10), (K::PrivateHome, 20)],
            )
        }
    } else if age < 1 {
        weighted(
            rng,
            &[
                (K::OwnFoster, 58),
                (K::Relative, 15),
                (K::Ffa, 10),
                (K::MotherBaby, 5),
                (K::IfaFoster, 12),
            ],
        )
    } else if age < 10 {
        weighted(
            rng,
            &[
                (K::OwnFoster, 50),
                (K::IfaFoster, 22),
                (K::Relative, 22),
                (K::OwnHome, if age >= 8 { 3 } else { 0 }),
                (K::PrivateHome, if age >= 8 { 3 } else { 0 }),
            ],
        )
    } else if age < 16 {
        weighted(
            rng,
            &[
                (K::OwnFoster, 38),
                (K::IfaFoster, 25),
                (K::Relative, 12),
                (K::OwnHome, 7),
                (K::PrivateHome, 15),
                (K::School, 3),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (K::OwnFoster, 22),
                (K::IfaFoster, 14),
                (K::Relative, 8),
                (K::OwnHome, 6),
                (K::PrivateHome, 10),
                (K::Supported, 40),
            ],
        )
    };
    // Supported accommodation (K3) exists from 2024/25; before it, no
    // semi-independent code is used, because H5 changes its URN rule at the
    // 2024/25 boundary and one episode cannot carry both (rules 218, 222).
    let kind = if matches!(kind, K::Supported) && on < supported_accommodation_from() {
        K::IfaFoster
    } else {
        kind
    };
    let not = home;
    match kind {
        K::OwnFoster => Pl {
            place: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            postcode: Some(places.placement_sector(rng, 0.8, not).to_string()),
            urn: Some(places.own_fostering_urn.clone()),
        },
        K::IfaFoster => Pl {
            place: PlacementType::FosterOther,
            provider: Some(if rng.gen_bool(0.8) {
                PlacementProvider::Private
            } else {
                PlacementProvider::Voluntary
            }),
            postcode: Some(places.placement_sector(rng, 0.45, not).to_string()),
            urn: Some(pick(rng, &places.ifas.iter().collect::<Vec<_>>()).clone()),
        },
        K::Relative => Pl {
            place: PlacementType::FosterRelativeOther,
            provider: Some(PlacementProvider::OwnLa),
            postcode: Some(places.placement_sector(rng, 0.7, not).to_string()),
            urn: Some(places.own_fostering_urn.clone()),
        },
        K::Ffa => Pl {
            place: PlacementType::FosterFfa,
            provider: Some(PlacementProvider::OwnLa),
            postcode: Some(places.placement_sector(rng, 0.6, not).to_string()),
            urn: Some(places.own_fostering_urn.clone()),
        },
        K::OwnHome | K::PrivateHome => {
            let own = matches!(kind, K::OwnHome);
            let homes: Vec<&(String, &'static str, bool)> = places
                .homes
                .iter()
                .filter(|h| h.2 == own && Some(h.1) != not)
                .collect();
            let h = homes[rng.gen_range(0..homes.len())];
            Pl {
                place: PlacementType::ChildrensHome,
                provider: Some(if own {
                    PlacementProvider::OwnLa
                } else {
                    PlacementProvider::Private
                }),
                postcode: Some(h.1.to_string()),
                urn: Some(h.0.clone()),
            }
        }
        K::Supported => {
            let s: Vec<&(String, &'static str)> = places
                .supported
                .iter()
                .filter(|s| Some(s.1) != not)
                .collect();
            let s = s[rng.gen_range(0..s.len())];
            Pl {
                place: PlacementType::SupportedAccommodation,
                provider: Some(if rng.gen_bool(0.7) {
                    PlacementProvider::Private
                } else {
                    PlacementProvider::Voluntary
                }),
                postcode: Some(s.1.to_string()),
                urn: Some(s.0.clone()),
            }
        }
        K::School => {
            let s = &places.schools[rng.gen_range(0..places.schools.len())];
            Pl {
                place: PlacementType::ResidentialSchool,
                provider: Some(PlacementProvider::Private),
                postcode: Some(s.1.to_string()),
                urn: Some(s.0.clone()),
            }
        }
        K::MotherBaby => {
            let s = &places.family_centres[rng.gen_range(0..places.family_centres.len())];
            Pl {
                place: PlacementType::FamilyCentre,
                provider: Some(PlacementProvider::Private),
                postcode: Some(s.1.to_string()),
                urn: Some(s.0.clone()),
            }
        }
    }
}

/// Run one child's looked-after journey from `entry`. Returns the episode
/// chain; the child's adoption records are written into `kid`.
pub(crate) fn looked_after(
    ctx: &Ctx,
    kid: &mut Kid,
    ids: &mut Ids,
    rng: &mut SmallRng,
    date: Date,
    how: Entry,
    cin: CategoryOfNeed,
) -> Vec<LookedAfterEpisode> {
    let uasc = how == Entry::Uasc;
    let home = if uasc { None } else { kid.home_postcode };
    let mut chain = Chain {
        eps: Vec::new(),
        horizon: ctx.horizon,
        eighteen: birthday(kid.dob, 18),
        home,
        cin,
        last_temp: None,
    };
    let mut j = Journey {
        ctx,
        kid,
        ids,
        rng,
        chain: &mut chain,
        entry: date,
    };
    let _ = j.run(how);
    // Previous permanence (903 PrevPerm), asked of every child starting a period of care.
    if kid_prev_perm_missing(j.kid) {
        let option = weighted(
            j.rng,
            &[
                (PreviousPermanence::None, 92),
                (PreviousPermanence::ChildArrangements, 4),
                (PreviousPermanence::SpecialGuardianship, 3),
                (PreviousPermanence::Adoption, 1),
            ],
        );
        let (la, when) = if option == PreviousPermanence::None {
            (None, None)
        } else {
            let d = days(date, -j.rng.gen_range(200..2000));
            (
                Some(format!("{:03}", ctx.la.get())),
                Some(format!(
                    "ZZ/{:02}/{}",
                    chrono::Datelike::month(&d),
                    chrono::Datelike::year(&d)
                )),
            )
        };
        // A ZZ day resolves to the month's last day: keep it before the first DECOM.
        j.kid.rec.previous_permanence = Some(PreviousPermanenceRecord {
            option,
            la,
            date: when,
        });
    }
    chain.eps
}

fn kid_prev_perm_missing(kid: &Kid) -> bool {
    kid.rec.previous_permanence.is_none()
}

struct Journey<'a, 'b> {
    ctx: &'a Ctx<'a>,
    kid: &'b mut Kid,
    ids: &'b mut Ids,
    rng: &'b mut SmallRng,
    chain: &'b mut Chain,
    entry: Date,
}

impl Journey<'_, '_> {
    fn age(&self, on: Date) -> i32 {
        age_on(self.kid.dob, on)
    }
    fn eighteen(&self) -> Date {
        birthday(self.kid.dob, 18)
    }
    fn r(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.gen_range(lo..hi.max(lo + 1))
    }
    fn placement(&mut self, on: Date) -> Pl {
        let age = self.age(on);
        let uasc = self.kid.rec.child.uasc.is_some();
        choose_placement(self.rng, self.ctx.places, age, self.chain.home, uasc, on)
    }

    fn run(&mut self, how: Entry) -> Option<()> {
        let d = self.entry;
        match how {
            Entry::Emergency => {
                let pl = self.placement(d);
                if self.rng.gen_bool(0.7) {
                    self.chain
                        .start(self.ids, d, LegalStatus::PoliceProtection, pl)?;
                    let next = days(d, self.r(1, 4));
                    self.after_emergency(next)
                } else {
                    self.chain
                        .start(self.ids, d, LegalStatus::EmergencyProtectionOrder, pl)?;
                    let next = days(d, self.r(7, 22));
                    self.after_emergency(next)
                }
            }
            Entry::Proceedings => {
                let pl = self.placement(d);
                self.chain
                    .start(self.ids, d, LegalStatus::InterimCareOrder, pl)?;
                self.proceedings(d, true)
            }
            Entry::AtBirth => {
                let pl = if self.rng.gen_bool(0.2) {
                    let s = &self.ctx.places.family_centres[0];
                    Pl {
                        place: PlacementType::FamilyCentre,
                        provider: Some(PlacementProvider::Private),
                        postcode: Some(s.1.to_string()),
                        urn: Some(s.0.clone()),
                    }
                } else {
                    self.placement(d)
                };
                self.chain
                    .start(self.ids, d, LegalStatus::InterimCareOrder, pl)?;
                if self
                    .chain
                    .cur()
                    .is_some_and(|e| e.placement == PlacementType::FamilyCentre)
                {
                    let moved = days(d, self.r(60, 120));
                    let pl = self.placement(moved);
                    self.chain.change(
                        self.ids,
                        moved,
                        None,
                        Some(pl),
                        false,
                        ReasonPlaceChange::CarePlan,
                    )?;
                }
                self.proceedings(d, true)
            }
            Entry::Section20 => {
                let pl = self.placement(d);
                self.chain.start(self.ids, d, LegalStatus::Section20, pl)?;
                self.section20(d)
            }
            Entry::Uasc => {
                let pl = self.placement(d);
                self.chain.start(self.ids, d, LegalStatus::Section20, pl)?;
                let eighteen = self.eighteen();
                self.stay(d, eighteen)?;
                let rec = weighted(
                    self.rng,
                    &[
                        (ReasonEpisodeCeased::IndependentLivingSupported, 55),
                        (ReasonEpisodeCeased::IndependentLivingUnsupported, 10),
                        (ReasonEpisodeCeased::StayingPut, 15),
                        (ReasonEpisodeCeased::OtherReason, 20),
                    ],
                );
                let rec = self.adult_rec(rec);
                self.chain.end(eighteen, rec)
            }
        }
    }

    fn after_emergency(&mut self, next: Date) -> Option<()> {
        let roll: f64 = self.rng.r#gen();
        if roll < 0.72 {
            self.chain.change(
                self.ids,
                next,
                Some(LegalStatus::InterimCareOrder),
                None,
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            self.proceedings(next, self.age(next) < 5)
        } else if roll < 0.9 && self.age(next) >= 1 {
            self.chain.change(
                self.ids,
                next,
                Some(LegalStatus::Section20),
                None,
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            self.section20(next)
        } else {
            self.chain
                .end(next, ReasonEpisodeCeased::ReturnedHomePlanned)
        }
    }

    /// Interim care order until the final hearing, then the care plan.
    fn proceedings(&mut self, from: Date, adoption_possible: bool) -> Option<()> {
        let hearing = days(from, self.r(160, 330));
        self.stay(from, hearing)?;
        let young = self.age(self.entry) < 4;
        let roll: f64 = self.rng.r#gen();
        if adoption_possible && young && roll < 0.55 {
            return self.adoption(hearing);
        }
        let roll: f64 = self.rng.r#gen();
        if roll < 0.5 {
            self.chain.change(
                self.ids,
                hearing,
                Some(LegalStatus::FullCareOrder),
                None,
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            self.long_term(hearing)
        } else if roll < 0.68 {
            self.chain
                .end(hearing, ReasonEpisodeCeased::ReturnedHomePlanned)
        } else if roll < 0.78 {
            // Placed with parents under a full care order, then discharged.
            let pl = Pl {
                place: PlacementType::WithParents,
                provider: Some(PlacementProvider::Parents),
                postcode: self.chain.home.map(str::to_string),
                urn: None,
            };
            if pl.postcode.is_none() {
                return self
                    .chain
                    .end(hearing, ReasonEpisodeCeased::ReturnedHomePlanned);
            }
            self.chain.change(
                self.ids,
                hearing,
                Some(LegalStatus::FullCareOrder),
                Some(pl),
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            let discharge = days(hearing, self.r(120, 400));
            self.chain
                .end(discharge, ReasonEpisodeCeased::ReturnedHomePlanned)
        } else if roll < 0.94 {
            let rec = self.sgo_rec();
            self.chain.end(hearing, rec)
        } else {
            self.chain.end(hearing, ReasonEpisodeCeased::ResidenceOrder)
        }
    }

    fn sgo_rec(&mut self) -> ReasonEpisodeCeased {
        let place = self.chain.cur().map(|e| e.placement);
        match place {
            Some(
                PlacementType::FosterRelativeLongTerm
                | PlacementType::FosterRelativeOther
                | PlacementType::FosterRelativeFfa,
            ) => ReasonEpisodeCeased::SgoFormerFosterRelative,
            Some(p) if p.is_foster() => {
                if self.rng.gen_bool(0.6) {
                    ReasonEpisodeCeased::SgoFormerFosterOther
                } else {
                    ReasonEpisodeCeased::SgoCarerRelative
                }
            }
            _ => ReasonEpisodeCeased::SgoCarerRelative,
        }
    }

    /// Full care order: long-term fostering, then 18, an SGO, or home.
    fn long_term(&mut self, from: Date) -> Option<()> {
        let eighteen = self.eighteen();
        // Confirm the placement as long-term (same carers, new placement type).
        let confirm = days(from, self.r(90, 420));
        if confirm < eighteen && self.rng.gen_bool(0.55) {
            self.stay(from, confirm)?;
            let cur = self.chain.cur_pl()?;
            let lt = match cur.place {
                PlacementType::FosterOther => Some(PlacementType::FosterLongTerm),
                PlacementType::FosterRelativeOther => Some(PlacementType::FosterRelativeLongTerm),
                _ => None,
            };
            if let Some(place) = lt {
                let pl = Pl { place, ..cur };
                self.chain.change(
                    self.ids,
                    confirm,
                    None,
                    Some(pl),
                    true,
                    ReasonPlaceChange::PlacementStatusChange,
                )?;
            }
        }
        let from = confirm.max(from);
        let entry_age = self.age(self.entry);
        let roll: f64 = self.rng.r#gen();
        let to_eighteen = if entry_age >= 8 { 0.72 } else { 0.4 };
        if roll < to_eighteen {
            // Some leave at 16 or 17 for independent living or home.
            if self.rng.gen_bool(0.15) {
                let sixteen = birthday(self.kid.dob, 16);
                let leave = days(sixteen.max(from), self.r(30, 600));
                if leave < eighteen {
                    self.stay(from, leave)?;
                    let rec = weighted(
                        self.rng,
                        &[
                            (ReasonEpisodeCeased::IndependentLivingSupported, 45),
                            (ReasonEpisodeCeased::IndependentLivingUnsupported, 10),
                            (ReasonEpisodeCeased::ReturnedHomeUnplanned, 25),
                            (ReasonEpisodeCeased::LivingWithOthersNoPr, 20),
                        ],
                    );
                    return self.chain.end(leave, rec);
                }
            }
            self.stay(from, eighteen)?;
            let place = self.chain.cur().map(|e| e.placement)?;
            let rec = if place.is_foster() {
                weighted(
                    self.rng,
                    &[
                        (ReasonEpisodeCeased::StayingPut, 50),
                        (ReasonEpisodeCeased::IndependentLivingSupported, 25),
                        (ReasonEpisodeCeased::OtherReason, 15),
                        (ReasonEpisodeCeased::ReturnedHomePlanned, 10),
                    ],
                )
            } else {
                weighted(
                    self.rng,
                    &[
                        (ReasonEpisodeCeased::IndependentLivingSupported, 60),
                        (ReasonEpisodeCeased::IndependentLivingUnsupported, 15),
                        (ReasonEpisodeCeased::OtherReason, 15),
                        (ReasonEpisodeCeased::ReturnedHomePlanned, 10),
                    ],
                )
            };
            let rec = self.adult_rec(rec);
            self.chain.end(eighteen, rec)
        } else if roll < to_eighteen + 0.18 {
            let when = days(from, self.r(300, 1400)).min(days(eighteen, -30));
            self.stay(from, when)?;
            let rec = self.sgo_rec();
            self.chain.end(when, rec)
        } else if roll < 0.999 {
            let when = days(from, self.r(300, 1100)).min(days(eighteen, -30));
            self.stay(from, when)?;
            self.chain
                .end(when, ReasonEpisodeCeased::ReturnedHomePlanned)
        } else {
            let when = days(from, self.r(100, 2000)).min(days(eighteen, -30));
            self.stay(from, when)?;
            self.chain.end(when, ReasonEpisodeCeased::Died)?;
            self.kid.rec.child.death_date = Some(when.max(days(self.entry, 1)));
            Some(())
        }
    }

    /// `E17` (staying put) only from a foster placement.
    fn adult_rec(&self, rec: ReasonEpisodeCeased) -> ReasonEpisodeCeased {
        let foster = self.chain.cur().is_some_and(|e| e.placement.is_foster());
        if rec == ReasonEpisodeCeased::StayingPut && !foster {
            ReasonEpisodeCeased::IndependentLivingSupported
        } else {
            rec
        }
    }

    fn section20(&mut self, from: Date) -> Option<()> {
        let age = self.age(from);
        let eighteen = self.eighteen();
        let roll: f64 = self.rng.r#gen();
        let (home_p, c1_p) = if age >= 13 { (0.42, 0.15) } else { (0.55, 0.3) };
        if roll < home_p {
            let when = days(from, self.r(14, 240)).min(days(eighteen, -1));
            self.stay(from, when)?;
            let rec = if age >= 12 && self.rng.gen_bool(0.3) {
                ReasonEpisodeCeased::ReturnedHomeUnplanned
            } else {
                ReasonEpisodeCeased::ReturnedHomePlanned
            };
            self.chain.end(when, rec)
        } else if roll < home_p + c1_p {
            let when = days(from, self.r(30, 240)).min(days(eighteen, -200));
            if when <= from {
                return self.stay_to_eighteen(from);
            }
            self.stay(from, when)?;
            self.chain.change(
                self.ids,
                when,
                Some(LegalStatus::InterimCareOrder),
                None,
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            self.proceedings(when, false)
        } else if age >= 14 {
            self.stay_to_eighteen(from)
        } else {
            let when = days(from, self.r(180, 700));
            self.stay(from, when)?;
            self.chain
                .end(when, ReasonEpisodeCeased::ReturnedHomePlanned)
        }
    }

    fn stay_to_eighteen(&mut self, from: Date) -> Option<()> {
        let eighteen = self.eighteen();
        self.stay(from, eighteen)?;
        let rec = weighted(
            self.rng,
            &[
                (ReasonEpisodeCeased::IndependentLivingSupported, 40),
                (ReasonEpisodeCeased::StayingPut, 20),
                (ReasonEpisodeCeased::ReturnedHomePlanned, 20),
                (ReasonEpisodeCeased::OtherReason, 20),
            ],
        );
        let rec = if rec == ReasonEpisodeCeased::StayingPut
            && !self.chain.cur().is_some_and(|e| e.placement.is_foster())
        {
            ReasonEpisodeCeased::IndependentLivingSupported
        } else {
            rec
        };
        self.chain.end(eighteen, rec)
    }

    /// Adoption: decision, placement order, match, placement, order.
    fn adoption(&mut self, hearing: Date) -> Option<()> {
        let decision = days(hearing, -self.r(20, 80)).max(days(self.entry, 30));
        let decision_id = self.ids.next(K_ADOPTION_DECISION);
        if decision > self.ctx.horizon {
            return Some(());
        }
        self.kid.rec.adoption_decisions.push(AdoptionDecision {
            id: decision_id,
            decision_date: decision,
            ceased: None,
        });
        let order = hearing.max(days(decision, 1));
        self.chain.change(
            self.ids,
            order,
            Some(LegalStatus::PlacementOrder),
            None,
            false,
            ReasonPlaceChange::CarePlan,
        )?;
        if self.rng.gen_bool(0.12) {
            // The plan changes before a match: the decision is reversed and the
            // care order revives.
            let rev = days(order, self.r(150, 450));
            self.stay(order, rev)?;
            if rev > self.ctx.horizon {
                return Some(());
            }
            let reason = weighted(
                self.rng,
                &[
                    (ReasonPlacedCeased::NoAdopters, 50),
                    (ReasonPlacedCeased::NeedsChanged, 30),
                    (ReasonPlacedCeased::Other, 20),
                ],
            );
            if let Some(d) = self.kid.rec.adoption_decisions.last_mut() {
                d.ceased = Some((rev, reason));
            }
            self.chain.change(
                self.ids,
                rev,
                Some(LegalStatus::FullCareOrder),
                None,
                false,
                ReasonPlaceChange::CarePlan,
            )?;
            return self.long_term(rev);
        }
        let matched = days(order, self.r(40, 240));
        self.stay(order, matched)?;
        let placed = days(matched, self.r(7, 50));
        let by_foster =
            self.chain.cur().is_some_and(|e| e.placement.is_foster()) && self.rng.gen_bool(0.18);
        if placed > self.ctx.horizon {
            return Some(());
        }
        let cur = self.chain.cur_pl()?;
        if by_foster {
            let pl = Pl {
                place: PlacementType::AdoptionOrderCurrentCarer,
                provider: Some(PlacementProvider::OwnLa),
                postcode: cur.postcode,
                urn: Some(self.ctx.places.own_adoption_urn.clone()),
            };
            self.chain.change(
                self.ids,
                placed,
                None,
                Some(pl),
                true,
                ReasonPlaceChange::PlacementStatusChange,
            )?;
        } else {
            let provider = weighted(
                self.rng,
                &[
                    (PlacementProvider::OwnLa, 60),
                    (PlacementProvider::OtherLa, 20),
                    (PlacementProvider::Voluntary, 20),
                ],
            );
            let urn = if provider == PlacementProvider::OwnLa {
                self.ctx.places.own_adoption_urn.clone()
            } else {
                pick(self.rng, &self.ctx.places.ifas.iter().collect::<Vec<_>>()).clone()
            };
            let in_area = if provider == PlacementProvider::OwnLa {
                0.5
            } else {
                0.2
            };
            let home = self.chain.home;
            let pl = Pl {
                place: PlacementType::AdoptionOrderNewCarer,
                provider: Some(provider),
                postcode: Some(
                    self.ctx
                        .places
                        .placement_sector(self.rng, in_area, home)
                        .to_string(),
                ),
                urn: Some(urn),
            };
            self.chain.change(
                self.ids,
                placed,
                None,
                Some(pl),
                false,
                ReasonPlaceChange::CarePlan,
            )?;
        }
        let adopted = days(placed, self.r(75, 320));
        if adopted > self.ctx.horizon {
            return Some(());
        }
        let rec = if self.rng.gen_bool(0.7) {
            ReasonEpisodeCeased::AdoptedUnopposed
        } else {
            ReasonEpisodeCeased::AdoptedConsentDispensed
        };
        self.chain.end(adopted, rec)?;
        let (number, sex, ls) = weighted(
            self.rng,
            &[
                (
                    (
                        2,
                        SexOfAdopters::MaleFemaleCouple,
                        LegalStatusOfAdopters::MarriedDifferentSex,
                    ),
                    62,
                ),
                (
                    (
                        2,
                        SexOfAdopters::MaleFemaleCouple,
                        LegalStatusOfAdopters::UnmarriedDifferentSex,
                    ),
                    10,
                ),
                (
                    (
                        2,
                        SexOfAdopters::FemaleCouple,
                        LegalStatusOfAdopters::MarriedSameSex,
                    ),
                    5,
                ),
                (
                    (
                        2,
                        SexOfAdopters::MaleCouple,
                        LegalStatusOfAdopters::CivilPartners,
                    ),
                    4,
                ),
                (
                    (
                        2,
                        SexOfAdopters::FemaleCouple,
                        LegalStatusOfAdopters::UnmarriedSameSex,
                    ),
                    2,
                ),
                (
                    (
                        1,
                        SexOfAdopters::SingleFemale,
                        LegalStatusOfAdopters::Single,
                    ),
                    15,
                ),
                (
                    (1, SexOfAdopters::SingleMale, LegalStatusOfAdopters::Single),
                    2,
                ),
            ],
        );
        self.kid.rec.adoption = Some(Adoption {
            decision_date: decision,
            matched_date: matched,
            by_foster_carers: by_foster,
            number_of_adopters: number,
            sex_of_adopters: sex,
            legal_status_of_adopters: ls,
        });
        Some(())
    }

    /// Stay looked after from `from` to `until`: placement moves, temporary
    /// breaks with the same carers, and the move to supported accommodation
    /// at 16. `None` if the horizon comes first.
    fn stay(&mut self, from: Date, until: Date) -> Option<()> {
        // Care stops at 18: a stay planned beyond it ends on the birthday.
        let eighteen = self.eighteen();
        if until > eighteen {
            self.stay(from, eighteen)?;
            let rec = if self.chain.cur().is_some_and(|e| e.placement.is_foster()) {
                ReasonEpisodeCeased::StayingPut
            } else {
                ReasonEpisodeCeased::OtherReason
            };
            self.chain.end(eighteen, rec)?;
            return None;
        }
        let mut t = from;
        let sixteen = birthday(self.kid.dob, 16);
        let mut k3_done = false;
        loop {
            let cur = self.chain.cur_pl()?;
            let age = self.age(t);
            let rate = if cur.place == PlacementType::ChildrensHome {
                0.55
            } else if age >= 12 {
                0.4
            } else {
                0.22
            };
            let gap = (-(365.0 / rate) * (1.0 - self.rng.r#gen::<f64>()).ln()).max(14.0) as i64;
            let mut next = days(t, gap);
            // Supported accommodation from the 16th birthday (rule 371).
            if !k3_done
                && sixteen > t
                && sixteen < until
                && sixteen < next
                && !cur.place.is_placed_for_adoption()
                && cur.place != PlacementType::WithParents
            {
                k3_done = true;
                let when = days(sixteen, self.r(0, 120));
                if when >= supported_accommodation_from() && self.rng.gen_bool(0.35) {
                    next = when;
                    if next >= until {
                        break;
                    }
                    if next > self.ctx.horizon {
                        return None;
                    }
                    let s = &self.ctx.places.supported
                        [self.rng.gen_range(0..self.ctx.places.supported.len())];
                    if Some(s.1) != self.chain.home {
                        let pl = Pl {
                            place: PlacementType::SupportedAccommodation,
                            provider: Some(PlacementProvider::Private),
                            postcode: Some(s.1.to_string()),
                            urn: Some(s.0.clone()),
                        };
                        self.chain.change(
                            self.ids,
                            next,
                            None,
                            Some(pl),
                            false,
                            ReasonPlaceChange::CarePlan,
                        )?;
                    }
                    t = next;
                    continue;
                }
            }
            if next >= until {
                break;
            }
            if next > self.ctx.horizon {
                return None;
            }
            if cur.place.is_placed_for_adoption() || cur.place == PlacementType::WithParents {
                t = next;
                continue;
            }
            let can_temp = cur.place.is_foster()
                && self
                    .chain
                    .last_temp
                    .is_none_or(|l| (next - l).num_days() > 400);
            if can_temp && self.rng.gen_bool(0.25) {
                // Foster carers on holiday: a short temporary placement, then back.
                let back = days(next, self.r(3, 15));
                if back >= until {
                    t = next;
                    continue;
                }
                let home = self.chain.home;
                let temp = Pl {
                    place: PlacementType::TemporaryCarerHoliday,
                    provider: None,
                    postcode: Some(
                        self.ctx
                            .places
                            .placement_sector(self.rng, 0.7, home)
                            .to_string(),
                    ),
                    urn: None,
                };
                self.chain.change(
                    self.ids,
                    next,
                    None,
                    Some(temp),
                    false,
                    ReasonPlaceChange::Other,
                )?;
                self.chain.last_temp = Some(next);
                self.chain.change(
                    self.ids,
                    back,
                    None,
                    Some(cur),
                    false,
                    ReasonPlaceChange::Other,
                )?;
                t = back;
                continue;
            }
            let mut pl = self.placement(next);
            if pl == cur {
                t = next;
                continue;
            }
            if self.kid.rec.child.uasc.is_none()
                && cur.place == PlacementType::SupportedAccommodation
                && pl.place != PlacementType::SupportedAccommodation
                && self.rng.gen_bool(0.7)
            {
                // Stay in supported accommodation, another provider.
                let s = &self.ctx.places.supported
                    [self.rng.gen_range(0..self.ctx.places.supported.len())];
                if Some(s.1) == self.chain.home {
                    t = next;
                    continue;
                }
                pl = Pl {
                    place: PlacementType::SupportedAccommodation,
                    provider: cur.provider,
                    postcode: Some(s.1.to_string()),
                    urn: Some(s.0.clone()),
                };
                if pl == cur {
                    t = next;
                    continue;
                }
            }
            let reason = foster_reason(self.rng);
            self.chain
                .change(self.ids, next, None, Some(pl), false, reason)?;
            t = next;
        }
        if until > self.ctx.horizon {
            None
        } else {
            Some(())
        }
    }
}

/// Short breaks for a disabled child: either individual stays (`V3`, each
/// its own period of care, at most 17 days each and 75 days a year) or one
/// agreement (`V4`).
pub(crate) fn short_breaks(
    ctx: &Ctx,
    kid: &mut Kid,
    ids: &mut Ids,
    rng: &mut SmallRng,
    from: Date,
    until: Date,
) -> Vec<LookedAfterEpisode> {
    let mut chain = Chain {
        eps: Vec::new(),
        horizon: ctx.horizon,
        eighteen: birthday(kid.dob, 18),
        home: None,
        cin: CategoryOfNeed::Disability,
        last_temp: None,
    };
    // Every period of care, short breaks included, asks for previous permanence (rule 630).
    if kid.rec.previous_permanence.is_none() {
        kid.rec.previous_permanence = Some(PreviousPermanenceRecord {
            option: PreviousPermanence::None,
            la: None,
            date: None,
        });
    }
    let own = ctx.places.homes.iter().find(|h| h.2).map(|h| h.0.clone());
    let pl = Pl {
        place: PlacementType::ChildrensHome,
        provider: Some(PlacementProvider::OwnLa),
        postcode: None,
        urn: own,
    };
    let until = until.min(days(birthday(kid.dob, 18), -1));
    if rng.gen_bool(0.4) {
        if chain
            .start(ids, from, LegalStatus::ShortBreaksAgreement, pl)
            .is_some()
        {
            let _ = chain.end(until, ReasonEpisodeCeased::OtherReason);
        }
        return chain.eps;
    }
    let mut t = from;
    let mut year_days: i64 = 0;
    let mut year = sightline_domain::CollectionYear::containing(t);
    while t < until && t <= ctx.horizon {
        let len = rng.gen_range(2..5);
        let end = days(t, len);
        let y = sightline_domain::CollectionYear::containing(t);
        if y != year {
            year = y;
            year_days = 0;
        }
        // Keep each collection year's total well under 75 days, and every stay inside one year.
        if year_days + len <= 60
            && sightline_domain::CollectionYear::containing(end) == y
            && end <= until
        {
            if chain
                .start(ids, t, LegalStatus::ShortBreaksEpisodes, pl.clone())
                .is_none()
            {
                break;
            }
            if chain
                .end(end, ReasonEpisodeCeased::ReturnedHomePlanned)
                .is_none()
            {
                break;
            }
            year_days += len;
        }
        t = days(end, rng.gen_range(20..45));
    }
    chain.eps
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn foster(postcode: &str) -> Pl {
        Pl {
            place: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            postcode: Some(postcode.to_string()),
            urn: Some("SC000001".into()),
        }
    }

    fn chain(eighteen: Date) -> Chain {
        Chain {
            eps: Vec::new(),
            horizon: d(2025, 3, 31),
            eighteen,
            home: Some("TS1 1"),
            cin: CategoryOfNeed::AbuseOrNeglect,
            last_temp: None,
        }
    }

    #[test]
    fn changes_join_episodes_with_the_right_rne_and_reason() {
        let mut ids = Ids::default();
        let mut c = chain(d(2030, 1, 1));
        c.start(
            &mut ids,
            d(2022, 1, 10),
            LegalStatus::InterimCareOrder,
            foster("TS3 7"),
        )
        .unwrap();
        c.change(
            &mut ids,
            d(2022, 6, 1),
            Some(LegalStatus::FullCareOrder),
            None,
            false,
            ReasonPlaceChange::CarePlan,
        )
        .unwrap();
        c.change(
            &mut ids,
            d(2023, 2, 1),
            None,
            Some(foster("TS5 4")),
            false,
            ReasonPlaceChange::CarerRequestBehaviour,
        )
        .unwrap();
        let rne: Vec<ReasonNewEpisode> = c.eps.iter().map(|e| e.reason_new).collect();
        assert_eq!(
            rne,
            [
                ReasonNewEpisode::Started,
                ReasonNewEpisode::LegalStatusChange,
                ReasonNewEpisode::PlacementChange
            ]
        );
        // A legal change alone carries no placement-change reason; a move records it on the episode it ends.
        assert_eq!(c.eps[0].reason_place_change, None);
        assert_eq!(
            c.eps[1].reason_place_change,
            Some(ReasonPlaceChange::CarerRequestBehaviour)
        );
        assert_eq!(
            c.eps[1].end.map(|e| (e.date, e.reason)),
            Some((d(2023, 2, 1), ReasonEpisodeCeased::Continues))
        );
        assert_eq!(c.eps[2].home_postcode.as_deref(), Some("TS1 1"));
        assert_eq!(c.eps.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn nothing_is_written_past_18_or_the_horizon() {
        let mut ids = Ids::default();
        let mut c = chain(d(2024, 5, 1));
        c.start(
            &mut ids,
            d(2023, 1, 10),
            LegalStatus::Section20,
            foster("TS3 7"),
        )
        .unwrap();
        assert!(
            c.change(
                &mut ids,
                d(2024, 6, 1),
                None,
                Some(foster("TS5 4")),
                false,
                ReasonPlaceChange::CarePlan
            )
            .is_none()
        );
        let end = c.eps[0].end.unwrap();
        assert_eq!(
            (end.date, end.reason),
            (d(2024, 5, 1), ReasonEpisodeCeased::StayingPut)
        );
        let mut c = chain(d(2030, 5, 1));
        c.start(
            &mut ids,
            d(2025, 1, 10),
            LegalStatus::Section20,
            foster("TS3 7"),
        )
        .unwrap();
        assert!(
            c.end(d(2025, 4, 2), ReasonEpisodeCeased::ReturnedHomePlanned)
                .is_none()
        );
        assert!(c.eps[0].end.is_none(), "still open at the horizon");
    }

    #[test]
    fn short_break_episodes_carry_no_postcodes_or_urn() {
        let mut ids = Ids::default();
        let mut c = chain(d(2030, 1, 1));
        c.start(
            &mut ids,
            d(2022, 1, 10),
            LegalStatus::ShortBreaksEpisodes,
            foster("TS3 7"),
        )
        .unwrap();
        let e = &c.eps[0];
        assert!(e.home_postcode.is_none() && e.placement_postcode.is_none() && e.urn.is_none());
    }
}
