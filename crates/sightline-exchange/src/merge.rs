//! Importing a return into a council's records: replace one collection
//! year's data, keep everything else.
//!
//! A return is a snapshot of one year. Re-importing the same year for the
//! same council must replace that year's data and nothing more: a child's
//! earlier years, their case notes and their other return stay. This module
//! works out, for each child, the record that results, so that the caller can
//! write all of it in one transaction.
//!
//! What belongs to a year:
//! - SSDA903: looked-after episodes overlapping the year, reviews and missing
//!   episodes starting in it, the year's OC2 and OC3 rows, social-worker
//!   allocations overlapping it, and (when the return has them) the AD1,
//!   PlacedAdoption, PrevPerm and UASC details.
//! - CIN census: referrals (CIN episodes) open at any time in the year, with
//!   every module hanging from them (assessments, S47s, conferences, CIN and
//!   CP plans).
//!
//! Incoming records get fresh ids (one past the council's largest for that
//! kind of record), with the links between them (an assessment's referral, a
//! conference's S47 and plan) carried over.

use std::collections::{HashMap, HashSet};

use sightline_domain::{ChildId, ChildRecord, CollectionYear, Council, Date, RecordId};

/// Which return is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnKind {
    Ssda903,
    Cin,
}

/// The children to write back after merging a return into a council.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    /// Every child whose record changed (including new children).
    pub changed: Vec<ChildRecord>,
    /// Children created by this import.
    pub new_children: usize,
}

fn overlaps(start: Date, end: Option<Date>, year: CollectionYear) -> bool {
    start <= year.end() && end.is_none_or(|e| e >= year.start())
}

/// Replace `year`'s `kind` data in `council` with `incoming` (one record per
/// child, as read from the return).
pub fn merge_return(
    council: &Council,
    incoming: Vec<ChildRecord>,
    kind: ReturnKind,
    year: CollectionYear,
) -> Merged {
    let mut ids = IdAllocator::from_council(council);
    let mut incoming_by_id: HashMap<ChildId, ChildRecord> = incoming
        .into_iter()
        .map(|r| (r.child.id.clone(), r))
        .collect();
    let mut merged = Merged::default();
    let mut seen: HashSet<ChildId> = HashSet::new();

    for existing in &council.children {
        let new = incoming_by_id.remove(&existing.child.id);
        let mut record = existing.clone();
        let had_year_data = strip_year(&mut record, kind, year);
        match new {
            Some(new) => {
                seen.insert(new.child.id.clone());
                graft(&mut record, new, kind, &mut ids);
                record.sort();
                merged.changed.push(record);
            }
            None if had_year_data => {
                record.sort();
                merged.changed.push(record);
            }
            None => {}
        }
    }
    let mut rest: Vec<ChildRecord> = incoming_by_id.into_values().collect();
    rest.sort_by(|a, b| a.child.id.cmp(&b.child.id));
    for new in rest {
        let mut record = ChildRecord::new(new.child.clone());
        graft(&mut record, new, kind, &mut ids);
        record.sort();
        merged.new_children += 1;
        merged.changed.push(record);
    }
    merged
}

/// Remove the year's records of this return; true when anything was removed.
fn strip_year(r: &mut ChildRecord, kind: ReturnKind, year: CollectionYear) -> bool {
    let before = count(r);
    match kind {
        ReturnKind::Ssda903 => {
            r.episodes
                .retain(|e| !overlaps(e.start, e.end.map(|x| x.date), year));
            r.cla_reviews.retain(|x| !year.contains(x.date));
            r.missing.retain(|x| !year.contains(x.start));
            r.annual_outcomes.retain(|x| x.year != year.0);
            r.care_leaver_statuses.retain(|x| x.year != year.0);
            // The return carries social-worker episodes back to 365 days
            // before the year (SW07STG2, SW12STG2): that whole window is the
            // return's to replace.
            let sw_from = year
                .start()
                .checked_sub_days(chrono::Days::new(365))
                .unwrap_or(year.start());
            r.allocations
                .retain(|a| !(a.start <= year.end() && a.end.is_none_or(|e| e >= sw_from)));
        }
        ReturnKind::Cin => {
            let gone: HashSet<RecordId> = r
                .referrals
                .iter()
                .filter(|x| overlaps(x.date, x.closure.map(|c| c.date), year))
                .map(|x| x.id)
                .collect();
            r.referrals.retain(|x| !gone.contains(&x.id));
            r.assessments.retain(|x| !gone.contains(&x.referral));
            r.strategy_discussions
                .retain(|x| !gone.contains(&x.referral));
            r.section47s.retain(|x| !gone.contains(&x.referral));
            r.conferences.retain(|x| !gone.contains(&x.referral));
            r.cp_plans.retain(|x| !gone.contains(&x.referral));
            r.cin_plans.retain(|x| !gone.contains(&x.referral));
        }
    }
    count(r) != before
}

fn count(r: &ChildRecord) -> usize {
    r.episodes.len()
        + r.cla_reviews.len()
        + r.missing.len()
        + r.annual_outcomes.len()
        + r.care_leaver_statuses.len()
        + r.allocations.len()
        + r.referrals.len()
        + r.assessments.len()
        + r.strategy_discussions.len()
        + r.section47s.len()
        + r.conferences.len()
        + r.cp_plans.len()
        + r.cin_plans.len()
}

/// Add the return's records for one child, with fresh ids; take the child's
/// characteristics from the return (the newest statement of them) but keep
/// what returns do not carry (names, family, restriction).
fn graft(r: &mut ChildRecord, new: ChildRecord, kind: ReturnKind, ids: &mut IdAllocator) {
    let keep_names = (r.child.forename.clone(), r.child.surname.clone());
    let keep = (r.child.family, r.child.restricted);
    let mut child = new.child;
    if !keep_names.0.is_empty() || !keep_names.1.is_empty() {
        child.forename = keep_names.0;
        child.surname = keep_names.1;
    }
    child.family = child.family.or(keep.0);
    child.restricted = keep.1 || child.restricted;
    match kind {
        ReturnKind::Ssda903 => {
            // The 903 carries no disabilities or former UPN: keep the CIN census's.
            if child.disabilities.is_empty() {
                child.disabilities = std::mem::take(&mut r.child.disabilities);
            }
            if child.former_upn.is_none() {
                child.former_upn = r.child.former_upn.take();
            }
            r.child = child;
            for mut e in new.episodes {
                e.id = ids.next(Kind::Episode);
                r.episodes.push(e);
            }
            for mut x in new.cla_reviews {
                x.id = ids.next(Kind::ClaReview);
                r.cla_reviews.push(x);
            }
            for mut x in new.missing {
                x.id = ids.next(Kind::Missing);
                r.missing.push(x);
            }
            r.annual_outcomes.extend(new.annual_outcomes);
            for mut x in new.care_leaver_statuses {
                x.id = ids.next(Kind::CareLeaverStatus);
                r.care_leaver_statuses.push(x);
            }
            for mut x in new.allocations {
                x.id = ids.next(Kind::Allocation);
                r.allocations.push(x);
            }
            if new.adoption.is_some() {
                r.adoption = new.adoption;
            }
            for mut d in new.adoption_decisions {
                r.adoption_decisions
                    .retain(|x| x.decision_date != d.decision_date);
                d.id = ids.next(Kind::AdoptionDecision);
                r.adoption_decisions.push(d);
            }
            if new.previous_permanence.is_some() {
                r.previous_permanence = new.previous_permanence;
            }
        }
        ReturnKind::Cin => {
            // The census carries no UASC, motherhood or names: keep the 903's.
            child.uasc = child.uasc.or(r.child.uasc);
            child.mother_of_child_born =
                child.mother_of_child_born.or(r.child.mother_of_child_born);
            r.child = child;
            let mut referral_ids = HashMap::new();
            for mut x in new.referrals {
                let id = ids.next(Kind::Referral);
                referral_ids.insert(x.id, id);
                x.id = id;
                r.referrals.push(x);
            }
            let map = |old: RecordId| referral_ids.get(&old).copied().unwrap_or(old);
            for mut x in new.assessments {
                x.id = ids.next(Kind::Assessment);
                x.referral = map(x.referral);
                r.assessments.push(x);
            }
            for mut x in new.strategy_discussions {
                x.id = ids.next(Kind::StrategyDiscussion);
                x.referral = map(x.referral);
                r.strategy_discussions.push(x);
            }
            let mut s47_ids = HashMap::new();
            for mut x in new.section47s {
                let id = ids.next(Kind::Section47);
                s47_ids.insert(x.id, id);
                x.id = id;
                x.referral = map(x.referral);
                r.section47s.push(x);
            }
            let mut plan_ids = HashMap::new();
            for mut x in new.cp_plans {
                let id = ids.next(Kind::CpPlan);
                plan_ids.insert(x.id, id);
                x.id = id;
                x.referral = map(x.referral);
                r.cp_plans.push(x);
            }
            for mut x in new.cin_plans {
                x.id = ids.next(Kind::CinPlan);
                x.referral = map(x.referral);
                r.cin_plans.push(x);
            }
            for mut x in new.conferences {
                x.id = ids.next(Kind::Conference);
                x.referral = map(x.referral);
                x.section47 = x.section47.map(|s| s47_ids.get(&s).copied().unwrap_or(s));
                x.cp_plan = x.cp_plan.map(|p| plan_ids.get(&p).copied().unwrap_or(p));
                r.conferences.push(x);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Episode,
    ClaReview,
    Missing,
    CareLeaverStatus,
    Allocation,
    AdoptionDecision,
    Referral,
    Assessment,
    StrategyDiscussion,
    Section47,
    CpPlan,
    CinPlan,
    Conference,
}

/// Hands out ids one past the largest already used in the council.
struct IdAllocator(HashMap<Kind, RecordId>);

impl IdAllocator {
    fn from_council(c: &Council) -> Self {
        let mut m: HashMap<Kind, RecordId> = HashMap::new();
        let mut see = |k: Kind, id: RecordId| {
            let e = m.entry(k).or_insert(0);
            *e = (*e).max(id);
        };
        for r in &c.children {
            r.episodes.iter().for_each(|x| see(Kind::Episode, x.id));
            r.cla_reviews
                .iter()
                .for_each(|x| see(Kind::ClaReview, x.id));
            r.missing.iter().for_each(|x| see(Kind::Missing, x.id));
            r.care_leaver_statuses
                .iter()
                .for_each(|x| see(Kind::CareLeaverStatus, x.id));
            r.allocations
                .iter()
                .for_each(|x| see(Kind::Allocation, x.id));
            r.adoption_decisions
                .iter()
                .for_each(|x| see(Kind::AdoptionDecision, x.id));
            r.referrals.iter().for_each(|x| see(Kind::Referral, x.id));
            r.assessments
                .iter()
                .for_each(|x| see(Kind::Assessment, x.id));
            r.strategy_discussions
                .iter()
                .for_each(|x| see(Kind::StrategyDiscussion, x.id));
            r.section47s.iter().for_each(|x| see(Kind::Section47, x.id));
            r.cp_plans.iter().for_each(|x| see(Kind::CpPlan, x.id));
            r.cin_plans.iter().for_each(|x| see(Kind::CinPlan, x.id));
            r.conferences
                .iter()
                .for_each(|x| see(Kind::Conference, x.id));
        }
        Self(m)
    }

    fn next(&mut self, k: Kind) -> RecordId {
        let e = self.0.entry(k).or_insert(0);
        *e += 1;
        *e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sightline_domain::codes::*;
    use sightline_domain::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(id: &str) -> Child {
        Child {
            id: ChildId::parse(id).unwrap(),
            forename: String::new(),
            surname: String::new(),
            upn: None,
            former_upn: None,
            upn_unknown: Some(UpnUnknown::Un1),
            birth: Birth::Born(d(2015, 1, 1)),
            sex: Sex::Male,
            ethnicity: Ethnicity::WhiteBritish,
            disabilities: vec![],
            death_date: None,
            uasc: None,
            mother_of_child_born: None,
            family: None,
            restricted: false,
        }
    }

    fn episode(id: i64, start: Date, end: Option<Date>) -> LookedAfterEpisode {
        LookedAfterEpisode {
            id,
            start,
            reason_new: ReasonNewEpisode::Started,
            legal_status: LegalStatus::Section20,
            category_of_need: CategoryOfNeed::AbuseOrNeglect,
            placement: PlacementType::FosterOther,
            provider: Some(PlacementProvider::OwnLa),
            end: end.map(|date| EpisodeEnd {
                date,
                reason: ReasonEpisodeCeased::ReturnedHomePlanned,
            }),
            reason_place_change: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
        }
    }

    fn council(children: Vec<ChildRecord>) -> Council {
        Council {
            la: LaNumber::parse("806").unwrap(),
            name: "Test".into(),
            population_0_17: 1000,
            teams: vec![],
            workers: vec![],
            children,
        }
    }

    #[test]
    fn reimporting_a_year_replaces_only_that_year() {
        let y = CollectionYear(2025);
        let mut a = ChildRecord::new(child("A"));
        a.child.forename = "Ann".into();
        a.episodes = vec![
            episode(1, d(2020, 5, 1), Some(d(2021, 1, 1))), // earlier year: kept
            episode(2, d(2024, 6, 1), None),                // this year: replaced
        ];
        let mut b = ChildRecord::new(child("B"));
        b.episodes = vec![episode(3, d(2024, 7, 1), None)]; // not in new return: removed
        let existing = council(vec![a, b]);

        let mut new_a = ChildRecord::new(child("A"));
        new_a.episodes = vec![episode(1, d(2024, 6, 2), None)];
        let new_c = {
            let mut c = ChildRecord::new(child("C"));
            c.episodes = vec![episode(1, d(2024, 8, 1), None)];
            c
        };
        let m = merge_return(&existing, vec![new_a, new_c], ReturnKind::Ssda903, y);
        assert_eq!(m.new_children, 1);
        assert_eq!(m.changed.len(), 3);
        let a = m
            .changed
            .iter()
            .find(|r| r.child.id.as_str() == "A")
            .unwrap();
        assert_eq!(a.child.forename, "Ann", "names survive an import");
        let starts: Vec<Date> = a.episodes.iter().map(|e| e.start).collect();
        assert_eq!(starts, vec![d(2020, 5, 1), d(2024, 6, 2)]);
        let ids: HashSet<i64> = m
            .changed
            .iter()
            .flat_map(|r| r.episodes.iter().map(|e| e.id))
            .collect();
        assert_eq!(ids.len(), 3, "fresh ids never collide: {ids:?}");
        let b = m
            .changed
            .iter()
            .find(|r| r.child.id.as_str() == "B")
            .unwrap();
        assert!(b.episodes.is_empty());
    }

    #[test]
    fn cin_import_remaps_links_between_modules() {
        let y = CollectionYear(2025);
        let mut existing = ChildRecord::new(child("A"));
        existing.referrals.push(Referral {
            id: 7,
            date: d(2019, 1, 1),
            source: ReferralSource::Police,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closure: Some(CinClosure {
                date: d(2019, 6, 1),
                reason: ReasonForClosure::ServicesCeased,
            }),
            nfa: false,
        });
        let mut new = ChildRecord::new(child("A"));
        new.referrals.push(Referral {
            id: 1,
            date: d(2024, 5, 1),
            source: ReferralSource::Schools,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closure: None,
            nfa: false,
        });
        new.section47s.push(Section47Enquiry {
            id: 1,
            referral: 1,
            start: d(2024, 5, 2),
            icpc_target: None,
            icpc_not_required: false,
        });
        new.cp_plans.push(CpPlan {
            id: 1,
            referral: 1,
            start: d(2024, 5, 20),
            end: None,
            initial_category: CategoryOfAbuse::Neglect,
            latest_category: CategoryOfAbuse::Neglect,
            previous_plans: 0,
        });
        new.conferences.push(ChildProtectionConference {
            id: 1,
            referral: 1,
            kind: ConferenceKind::Initial,
            date: d(2024, 5, 20),
            section47: Some(1),
            cp_plan: Some(1),
            plan_outcome: true,
        });
        let m = merge_return(&council(vec![existing]), vec![new], ReturnKind::Cin, y);
        let r = &m.changed[0];
        assert_eq!(r.referrals.len(), 2, "earlier referral kept");
        let new_ref = r
            .referrals
            .iter()
            .find(|x| x.date == d(2024, 5, 1))
            .unwrap();
        assert_eq!(new_ref.id, 8);
        assert_eq!(r.section47s[0].referral, 8);
        assert_eq!(r.conferences[0].section47, Some(r.section47s[0].id));
        assert_eq!(r.conferences[0].cp_plan, Some(r.cp_plans[0].id));
    }
}
