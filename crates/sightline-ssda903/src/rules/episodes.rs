//! Episodes rules: codes and dates of each episode, the sequence of a
//! child's episodes (periods of care, RNE consistency), placement types
//! against legal status, age and length, and providers.

use chrono::NaiveDate;
use sightline_domain::Date;
use sightline_domain::codes::{
    LegalStatus as Ls, PlacementProvider as Pr, PlacementType as Pl, ReasonEpisodeCeased as Rec,
    ReasonNewEpisode as Rne, ReasonPlaceChange as Rpc,
};

use super::{
    Ctx, Out, Rule, is_adoption_place, is_adoption_rec, is_short_break, is_temporary, rule,
};
use crate::tables::{EpisodeRow, Table::*};

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        rule!(rule_141, "141", 2023, 9999, [Episodes]),
        rule!(rule_142, "142", 2023, 9999, [Episodes]),
        rule!(rule_143, "143", 2023, 9999, [Episodes]),
        rule!(rule_144, "144", 2023, 9999, [Episodes]),
        rule!(rule_145, "145", 2023, 9999, [Episodes]),
        rule!(rule_146, "146", 2023, 9999, [Episodes]),
        rule!(rule_147, "147", 2023, 9999, [Episodes]),
        rule!(rule_148, "148", 2023, 9999, [Episodes]),
        rule!(rule_149, "149", 2023, 9999, [Episodes]),
        rule!(rule_178, "178", 2023, 9999, [Episodes]),
        rule!(rule_213, "213", 2023, 9999, [Episodes]),
        rule!(rule_214, "214", 2023, 9999, [Episodes]),
        rule!(rule_217, "217", 2023, 9999, [Episodes]),
        rule!(rule_218, "218", 2023, 9999, [Episodes]),
        rule!(rule_222, "222", 2023, 9999, [Episodes]),
        rule!(rule_225, "225", 2023, 9999, [Episodes]),
        rule!(rule_226, "226", 2023, 9999, [Episodes]),
        rule!(rule_233, "233", 2026, 9999, [Episodes]),
        rule!(rule_234, "234", 2026, 9999, [Header, Episodes]),
        rule!(rule_242, "242", 2026, 9999, [Episodes]),
        rule!(rule_336, "336", 2023, 9999, [Episodes]),
        rule!(rule_353, "353", 2023, 9999, [Episodes]),
        rule!(rule_354, "354", 2023, 9999, [Episodes]),
        rule!(rule_355, "355", 2023, 9999, [Episodes]),
        rule!(rule_356, "356", 2023, 9999, [Episodes]),
        rule!(rule_357, "357", 2023, 9999, [Episodes]),
        rule!(rule_361, "361", 2023, 9999, [Episodes]),
        rule!(rule_362, "362", 2023, 9999, [Episodes]),
        rule!(rule_363, "363", 2023, 9999, [Episodes]),
        rule!(rule_364, "364", 2023, 9999, [Episodes]),
        rule!(rule_365, "365", 2023, 9999, [Episodes]),
        rule!(rule_366, "366", 2023, 9999, [Episodes]),
        rule!(rule_367, "367", 2023, 9999, [Episodes]),
        rule!(rule_371, "371", 2023, 9999, [Header, Episodes]),
        rule!(rule_372, "372", 2023, 9999, [Header, Episodes]),
        rule!(rule_373, "373", 2023, 9999, [Header, Episodes]),
        rule!(rule_374, "374", 2023, 9999, [Header, Episodes]),
        rule!(rule_375, "375", 2023, 9999, [Episodes]),
        rule!(rule_376, "376", 2023, 9999, [Episodes]),
        rule!(rule_377, "377", 2023, 9999, [Episodes]),
        rule!(rule_378, "378", 2023, 9999, [Episodes]),
        rule!(rule_379, "379", 2023, 9999, [Episodes]),
        rule!(rule_380, "380", 2023, 9999, [Episodes]),
        rule!(rule_381, "381", 2023, 9999, [Episodes]),
        rule!(rule_382, "382", 2023, 9999, [Episodes]),
        rule!(rule_383, "383", 2023, 9999, [Episodes]),
        rule!(rule_384, "384", 2023, 9999, [Episodes]),
        rule!(rule_385, "385", 2023, 9999, [Episodes]),
        rule!(rule_388, "388", 2023, 9999, [Episodes]),
        rule!(rule_389, "389", 2023, 9999, [Header, Episodes]),
        rule!(rule_390, "390", 2023, 9999, [Episodes]),
        rule!(rule_392b, "392b", 2023, 9999, [Episodes]),
        rule!(rule_392d, "392d", 2023, 9999, [Episodes]),
        rule!(rule_398, "398", 2023, 9999, [Episodes]),
        rule!(rule_407, "407", 2023, 9999, [Header, Episodes]),
        rule!(rule_408, "408", 2023, 9999, [Episodes]),
        rule!(rule_426, "426", 2023, 9999, [Episodes]),
        rule!(rule_431, "431", 2023, 9999, [Episodes]),
        rule!(rule_432, "432", 2023, 9999, [Episodes]),
        rule!(rule_433, "433", 2023, 9999, [Episodes]),
        rule!(rule_434, "434", 2023, 9999, [Episodes]),
        rule!(rule_435, "435", 2023, 9999, [Episodes]),
        rule!(rule_436, "436", 2023, 9999, [Episodes]),
        rule!(rule_437, "437", 2023, 9999, [Episodes]),
        rule!(rule_442, "442", 2023, 9999, [Header, Episodes]),
        rule!(rule_446, "446", 2023, 9999, [Episodes]),
        rule!(rule_501, "501", 2023, 9999, [Episodes]),
        rule!(rule_504, "504", 2023, 9999, [Episodes]),
        rule!(rule_516, "516", 2023, 9999, [Episodes]),
        rule!(rule_526, "526", 2023, 9999, [Episodes]),
        rule!(rule_527, "527", 2023, 9999, [Episodes]),
        rule!(rule_528, "528", 2023, 9999, [Episodes]),
        rule!(rule_529, "529", 2023, 9999, [Episodes]),
        rule!(rule_530, "530", 2023, 9999, [Episodes]),
        rule!(rule_531, "531", 2023, 9999, [Episodes]),
        rule!(rule_550, "550", 2023, 9999, [Episodes]),
        rule!(rule_607, "607", 2023, 9999, [Header, Episodes]),
        rule!(rule_625, "625", 2023, 9999, [Header, Episodes]),
        rule!(rule_1009, "1009", 2023, 9999, [Episodes]),
    ]
}

fn eps<'a>(c: &'a Ctx) -> impl Iterator<Item = &'a EpisodeRow> + 'a {
    c.r.episodes.iter().copied()
}

/// Consecutive pairs (previous, this) of a child's episodes by DECOM.
fn pairs<'a>(c: &'a Ctx) -> impl Iterator<Item = (&'a EpisodeRow, &'a EpisodeRow)> + 'a {
    c.r.episodes.windows(2).map(|w| (w[0], w[1]))
}

fn flag_if(c: &Ctx, o: &mut Out, fields: &[&str], f: impl Fn(&EpisodeRow) -> bool) {
    for e in eps(c) {
        if f(e) {
            o.flag(Episodes, e.row, fields);
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

pub(crate) fn rule_141(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DECOM"], |e| e.decom.is_invalid());
}

pub(crate) fn rule_142(c: &Ctx, o: &mut Out) {
    // The last episode is the latest by DECOM, a row with an unreadable DECOM
    // counting as later still (as the DfE tools sort); every other episode
    // with a DECOM must have ended.
    if c.child.is_empty() {
        return;
    }
    if let Some((_, rest)) = c.r.episodes.split_last() {
        for e in rest {
            if e.decom.get().is_some() && (e.dec.get().is_none() || e.rec.is_blank()) {
                o.flag(Episodes, e.row, &["DEC", "REC"]);
            }
        }
    }
}

pub(crate) fn rule_143(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["RNE"], |e| e.rne.is_invalid());
}

pub(crate) fn rule_144(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS"], |e| e.ls.is_invalid());
}

pub(crate) fn rule_145(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["CIN"], |e| e.cin.is_invalid());
}

/// Placement codes valid in a collection year.
pub(crate) fn place_valid(year: i32, p: Pl) -> bool {
    use Pl::*;
    match p {
        SupportedAccommodation => year >= 2025,
        SemiIndependentUnregulated | IndependentLiving | OtherPlacement => year <= 2025,
        OtherPlacementZ11 | OtherPlacementZ12 | OtherPlacementZ13 | OtherPlacementZ14 => {
            year >= 2026
        }
        _ => true,
    }
}

pub(crate) fn rule_146(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE"], |e| {
        e.place.is_invalid() || e.place.get().is_some_and(|p| !place_valid(c.y.year, p))
    });
}

pub(crate) fn rule_147(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DEC"], |e| e.dec.is_invalid());
}

pub(crate) fn rule_148(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DEC", "REC"], |e| {
        e.dec.is_present() != e.rec.is_present()
    });
}

pub(crate) fn rule_149(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["REC"], |e| e.rec.is_invalid());
}

/// Placements that have no provider: temporary moves and "other" (Z1 / Z11–Z14).
pub(crate) fn no_provider_place(year: i32, e: &EpisodeRow) -> bool {
    use Pl::*;
    match e.place.get() {
        Some(TemporarySevenDays) if year >= 2026 => false,
        Some(p) if p.is_temporary() => true,
        Some(OtherPlacement) => year <= 2025,
        Some(OtherPlacementZ11 | OtherPlacementZ12 | OtherPlacementZ13 | OtherPlacementZ14) => {
            year >= 2026
        }
        _ => false,
    }
}

pub(crate) fn rule_178(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE_PROVIDER"], |e| {
        e.place_provider.is_invalid()
            || (e.place_provider.is_present() && no_provider_place(c.y.year, e))
    });
}

pub(crate) fn rule_213(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE_PROVIDER"], |e| {
        (is_temporary(e) || (c.y.year >= 2026 && no_provider_place(c.y.year, e)))
            && e.place_provider.is_present()
    });
}

pub(crate) fn rule_214(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PL_POST", "URN"], |e| {
        is_short_break(e) && (!e.pl_post.is_empty() || !e.urn.is_empty())
    });
}

pub(crate) fn rule_217(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "DECOM", "RNE"], |e| {
        e.place.is_any(&[
            Pl::AdoptionConsentCurrentCarer,
            Pl::AdoptionOrderCurrentCarer,
        ]) && e.decom.get().is_some_and(|x| x >= d(2015, 4, 1))
            && !e.rne.is_any(&[
                Rne::Started,
                Rne::PlacementChangeSameCarer,
                Rne::LegalStatusAndPlacementSameCarer,
            ])
    });
}

/// Placements that need no URN in the year.
fn urn_exempt(year: i32, e: &EpisodeRow) -> bool {
    use Pl::*;
    let base = [
        WithParents,
        ResidentialEmployment,
        ResidentialCareHome,
        NhsHealthTrust,
        YoungOffenderInstitution,
    ];
    match e.place.get() {
        Some(p) if base.contains(&p) || p.is_temporary() => true,
        Some(SemiIndependentUnregulated | IndependentLiving) => year <= 2024,
        Some(OtherPlacement) => year <= 2025,
        Some(OtherPlacementZ11 | OtherPlacementZ12 | OtherPlacementZ13 | OtherPlacementZ14) => {
            year >= 2026
        }
        _ => false,
    }
}

/// 218 needs the placement's local authority to know it is in England; with
/// no postcode directory, Sightline treats every placement as in England.
pub(crate) fn rule_218(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["URN"], |e| {
        e.urn.is_empty()
            && !is_short_break(e)
            && e.place.is_present()
            && !urn_exempt(c.y.year, e)
            && e.dec.get().is_none_or(|x| x >= c.y.start)
            && !e.dec.is_invalid()
    });
}

pub(crate) fn rule_222(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["URN"], |e| {
        urn_exempt(c.y.year, e) && !e.urn.is_empty() && e.urn != "XXXXXXX"
    });
}

pub(crate) fn rule_225(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if a.rec.is(Rec::Continues)
            && a.reason_place_change.is_blank()
            && a.place.is_present()
            && !is_temporary(a)
            && b.rne.is_any(&[
                Rne::PlacementChange,
                Rne::LegalStatusAndPlacement,
                Rne::PlacementChangeSameCarer,
                Rne::LegalStatusAndPlacementSameCarer,
            ])
            && b.place.is_present()
            && !is_temporary(b)
        {
            o.flag(Episodes, a.row, &["REASON_PLACE_CHANGE"]);
        }
    }
}

pub(crate) fn rule_226(c: &Ctx, o: &mut Out) {
    let v = &c.r.episodes;
    for (i, e) in v.iter().enumerate() {
        if !is_temporary(e) {
            continue;
        }
        let prev_filled = i > 0 && v[i - 1].reason_place_change.is_present();
        if e.reason_place_change.is_present() || prev_filled {
            o.flag(Episodes, e.row, &["REASON_PLACE_CHANGE", "PLACE"]);
        }
    }
}

pub(crate) fn rule_233(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DEC", "REASON_PLACE_CHANGE"], |e| {
        e.dec.is_blank() && e.reason_place_change.is_present()
    });
}

pub(crate) fn rule_234(c: &Ctx, o: &mut Out) {
    let Some(b10) = c.bday(10) else { return };
    flag_if(c, o, &["REASON_PLACE_CHANGE", "DECOM"], |e| {
        e.reason_place_change.is(Rpc::Custody) && e.decom.get().is_some_and(|x| x < b10)
    });
}

pub(crate) fn rule_242(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["URN", "PLACE"], |e| {
        e.urn == "XXXXXXX" && !(is_adoption_place(e) || e.place.get().is_some_and(Pl::is_foster))
    });
}

pub(crate) fn rule_336(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        let ok_prev = is_adoption_place(a) || a.place.get().is_some_and(Pl::is_foster);
        if b.place
            .is_any(&[Pl::AdoptionConsentCurrentCarer, Pl::AdoptionConsentNewCarer])
            && !ok_prev
        {
            o.flag(Episodes, b.row, &["PLACE"]);
        }
    }
}

pub(crate) fn rule_353(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DECOM"], |e| {
        e.decom.get().is_some_and(|x| x < d(1991, 10, 14))
    });
}

pub(crate) fn rule_354(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DECOM"], |e| {
        e.decom.get().is_some_and(|x| x > c.y.end)
    });
}

pub(crate) fn rule_355(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DECOM", "DEC"], |e| {
        e.decom.is_present() && e.decom == e.dec
    });
}

pub(crate) fn rule_356(c: &Ctx, o: &mut Out) {
    flag_if(
        c,
        o,
        &["DECOM", "DEC"],
        |e| matches!((e.decom.get(), e.dec.get()), (Some(a), Some(b)) if b < a),
    );
}

pub(crate) fn rule_357(c: &Ctx, o: &mut Out) {
    if let Some(first) = c.r.episodes.first()
        && first.decom.get().is_some_and(|x| x >= c.y.start)
        && !first.rne.is(Rne::Started)
    {
        o.flag(Episodes, first.row, &["RNE"]);
    }
}

/// Runs of consecutive episodes with legal status `ls` joined end to start,
/// flagged when the run spans more than `max_days` (361, 362).
fn run_span(c: &Ctx, o: &mut Out, ls: Ls, max_days: i64) {
    let mut run: Vec<&EpisodeRow> = Vec::new();
    let flush = |run: &mut Vec<&EpisodeRow>, o: &mut Out| {
        let start = run.iter().filter_map(|e| e.decom.get()).min();
        let end = run
            .iter()
            .filter_map(|e| {
                if e.dec.is_blank() {
                    Some(c.y.end)
                } else {
                    e.dec.get()
                }
            })
            .max();
        if let (Some(s), Some(t)) = (start, end)
            && (t - s).num_days() > max_days
        {
            for e in run.iter() {
                o.flag(Episodes, e.row, &["DECOM", "LS", "DEC"]);
            }
        }
        run.clear();
    };
    for e in eps(c) {
        if !e.ls.is(ls) || e.decom.get().is_none() {
            continue;
        }
        let joined = run
            .last()
            .is_some_and(|p| p.dec.get().is_some() && p.dec.get() == e.decom.get());
        if !joined && !run.is_empty() {
            flush(&mut run, o);
        }
        run.push(e);
    }
    if !run.is_empty() {
        flush(&mut run, o);
    }
}

pub(crate) fn rule_361(c: &Ctx, o: &mut Out) {
    run_span(c, o, Ls::PoliceProtection, 3);
}

pub(crate) fn rule_362(c: &Ctx, o: &mut Out) {
    run_span(c, o, Ls::EmergencyProtectionOrder, 21);
}

/// Runs of `ls` episodes where each starts no later than the previous ended;
/// the summed length of a run must not exceed `max_days` (363, 364).
fn run_sum(c: &Ctx, o: &mut Out, ls: Ls, max_days: i64) {
    let mut run: Vec<&EpisodeRow> = Vec::new();
    let mut total = 0i64;
    let mut last_end: Option<Date> = None;
    let flush = |run: &mut Vec<&EpisodeRow>, total: i64, o: &mut Out| {
        if total > max_days {
            for e in run.iter() {
                o.flag(Episodes, e.row, &["LS", "DECOM", "DEC"]);
            }
        }
        run.clear();
    };
    for e in eps(c) {
        let Some(s) = e.decom.get() else { continue };
        if !e.ls.is(ls) {
            continue;
        }
        let end = if e.dec.is_blank() {
            Some(c.y.end)
        } else {
            e.dec.get()
        };
        let Some(end) = end else { continue };
        if last_end.is_some_and(|p| s > p) && !run.is_empty() {
            flush(&mut run, total, o);
            total = 0;
        }
        total += (end - s).num_days();
        last_end = Some(end);
        run.push(e);
    }
    if !run.is_empty() {
        flush(&mut run, total, o);
    }
}

pub(crate) fn rule_363(c: &Ctx, o: &mut Out) {
    run_sum(c, o, Ls::ChildAssessmentOrder, 7);
}

pub(crate) fn rule_364(c: &Ctx, o: &mut Out) {
    run_sum(c, o, Ls::Pace, 21);
}

pub(crate) fn rule_365(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "DECOM", "DEC"], |e| {
        let end = if e.dec.is_blank() {
            Some(c.y.end)
        } else {
            e.dec.get()
        };
        e.ls.is(Ls::ShortBreaksEpisodes)
            && matches!((e.decom.get(), end), (Some(s), Some(t)) if (t - s).num_days() > 17)
    });
}

pub(crate) fn rule_366(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["RNE"], |e| {
        e.ls.is(Ls::ShortBreaksEpisodes) && !e.rne.is(Rne::Started)
    });
}

pub(crate) fn rule_367(c: &Ctx, o: &mut Out) {
    let mut total = 0i64;
    let mut rows = Vec::new();
    for e in eps(c) {
        if !e.ls.is(Ls::ShortBreaksEpisodes) {
            continue;
        }
        let Some(s) = e.decom.get() else { continue };
        let end = if e.dec.is_blank() {
            Some(c.y.end)
        } else {
            e.dec.get()
        };
        let Some(t) = end else { continue };
        let (s, t) = (s.max(c.y.start), t.min(c.y.end));
        if t > s {
            total += (t - s).num_days();
            rows.push(e.row);
        }
    }
    if total > 75 {
        for r in rows {
            o.flag(Episodes, r, &["LS", "DECOM", "DEC"]);
        }
    }
}

/// Episodes of `place` that start before the child's `age`th birthday.
fn placed_too_young(c: &Ctx, o: &mut Out, place: Pl, age: i32) {
    let Some(b) = c.bday(age) else { return };
    flag_if(c, o, &["DECOM", "PLACE"], |e| {
        e.place.is(place) && e.decom.get().is_some_and(|x| x < b)
    });
}

/// 371: supported accommodation (`K3`) before 16; up to 2023/24 the rule
/// was about its predecessor, semi-independent living (`H5`).
pub(crate) fn rule_371(c: &Ctx, o: &mut Out) {
    let place = if c.y.year <= 2024 {
        Pl::SemiIndependentUnregulated
    } else {
        Pl::SupportedAccommodation
    };
    placed_too_young(c, o, place, 16);
}
pub(crate) fn rule_372(c: &Ctx, o: &mut Out) {
    placed_too_young(c, o, Pl::YoungOffenderInstitution, 10);
}
pub(crate) fn rule_373(c: &Ctx, o: &mut Out) {
    placed_too_young(c, o, Pl::ResidentialSchool, 4);
}
pub(crate) fn rule_374(c: &Ctx, o: &mut Out) {
    placed_too_young(c, o, Pl::ResidentialEmployment, 14);
}

/// Closed episodes of `place` longer than `max_days`.
fn too_long(c: &Ctx, o: &mut Out, place: Pl, max_days: i64) {
    flag_if(c, o, &["DECOM", "PLACE", "DEC"], |e| {
        e.place.is(place)
            && matches!((e.decom.get(), e.dec.get()), (Some(s), Some(t)) if (t - s).num_days() > max_days)
    });
}

pub(crate) fn rule_375(c: &Ctx, o: &mut Out) {
    too_long(c, o, Pl::TemporaryHospital, 42);
}
pub(crate) fn rule_376(c: &Ctx, o: &mut Out) {
    too_long(c, o, Pl::TemporaryCarerHoliday, 21);
}
pub(crate) fn rule_379(c: &Ctx, o: &mut Out) {
    too_long(c, o, Pl::TemporarySevenDays, 7);
}

pub(crate) fn rule_377(c: &Ctx, o: &mut Out) {
    let t3: Vec<u64> = eps(c)
        .filter(|e| e.place.is(Pl::TemporaryCarerHoliday))
        .map(|e| e.row)
        .collect();
    if t3.len() > 2 {
        for r in t3 {
            o.flag(Episodes, r, &["PLACE"]);
        }
    }
}

pub(crate) fn rule_378(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "LS"], |e| {
        e.place.is(Pl::WithParents) && e.ls.is(Ls::Section20)
    });
}

pub(crate) fn rule_380(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "RNE"], |e| {
        is_temporary(e)
            && !e
                .rne
                .is_any(&[Rne::PlacementChange, Rne::LegalStatusAndPlacement])
    });
}

pub(crate) fn rule_381(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "REC"], |e| {
        is_temporary(e) && e.rec.is_present() && !e.rec.is(Rec::Continues)
    });
}

pub(crate) fn rule_382(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "PLACE"], |e| {
        is_short_break(e) && is_temporary(e)
    });
}

pub(crate) fn rule_383(c: &Ctx, o: &mut Out) {
    for w in c.r.episodes.windows(3) {
        let (a, b, cc) = (w[0], w[1], w[2]);
        if is_temporary(b) && (!cc.rne.is(Rne::PlacementChange) || cc.place != a.place) {
            o.flag(Episodes, cc.row, &["PLACE"]);
        }
    }
}

pub(crate) fn rule_384(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "LS"], |e| {
        is_short_break(e)
            && e.place
                .is_any(&[Pl::FosterRelativeLongTerm, Pl::FosterLongTerm])
    });
}

pub(crate) fn rule_385(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["DEC"], |e| e.dec.get().is_some_and(|x| x > c.y.end));
}

pub(crate) fn rule_388(c: &Ctx, o: &mut Out) {
    let v: Vec<&EpisodeRow> = eps(c).filter(|e| e.decom.get().is_some()).collect();
    for (i, e) in v.iter().enumerate() {
        let next = v.get(i + 1);
        let bad = match next {
            Some(n) => {
                (e.rec.is(Rec::Continues) && e.dec != n.decom)
                    || (e.rec.is_present()
                        && !e.rec.is(Rec::Continues)
                        && e.dec.is_present()
                        && e.dec == n.decom)
            }
            None => e.dec.is_present() && e.rec.is(Rec::Continues),
        };
        if bad {
            o.flag(Episodes, e.row, &["REC", "DEC"]);
        }
    }
}

pub(crate) fn rule_389(c: &Ctx, o: &mut Out) {
    let Some(b16) = c.bday(16) else { return };
    flag_if(c, o, &["REC", "DEC"], |e| {
        e.rec.is(Rec::AdultSocialCare) && e.dec.get().is_none_or(|x| x < b16)
    });
}

pub(crate) fn rule_390(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "REC"], |e| {
        is_adoption_rec(e) && !is_adoption_place(e)
    });
}

pub(crate) fn rule_392b(c: &Ctx, o: &mut Out) {
    if c.is_uasc() || c.prev_is_uasc() {
        return;
    }
    flag_if(c, o, &["HOME_POST", "PL_POST"], |e| {
        !is_short_break(e) && (e.home_post.is_empty() || e.pl_post.is_empty())
    });
}

pub(crate) fn rule_392d(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["HOME_POST", "PL_POST", "PLACE"], |e| {
        !e.place.is(Pl::WithParents) && !e.home_post.is_empty() && e.home_post == e.pl_post
    });
}

pub(crate) fn rule_398(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "HOME_POST", "PL_POST"], |e| {
        is_short_break(e) && (!e.home_post.is_empty() || !e.pl_post.is_empty())
    });
}

pub(crate) fn rule_407(c: &Ctx, o: &mut Out) {
    let Some(b18) = c.bday(18) else { return };
    flag_if(c, o, &["DEC", "REC"], |e| {
        e.rec.get().is_some_and(Rec::is_sgo) && e.dec.get().is_some_and(|x| x > b18)
    });
}

pub(crate) fn rule_408(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "LS"], |e| {
        e.place
            .is_any(&[Pl::AdoptionOrderCurrentCarer, Pl::AdoptionOrderNewCarer])
            && !e.ls.is(Ls::PlacementOrder)
    });
}

pub(crate) fn rule_426(c: &Ctx, o: &mut Out) {
    let v3 = eps(c).any(|e| e.ls.is(Ls::ShortBreaksEpisodes));
    let v4 = eps(c).any(|e| e.ls.is(Ls::ShortBreaksAgreement));
    if v3 && v4 {
        flag_if(c, o, &["LS"], is_short_break);
    }
}

pub(crate) fn rule_431(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if b.rne.is(Rne::Started)
            && matches!((b.decom.get(), a.dec.get()), (Some(s), Some(p)) if s <= p)
        {
            o.flag(Episodes, b.row, &["RNE", "DECOM"]);
        }
    }
}

pub(crate) fn rule_432(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if a.rec.get().is_some_and(Rec::ends_period_of_care) && !b.rne.is(Rne::Started) {
            o.flag(Episodes, b.row, &["RNE"]);
        }
    }
}

pub(crate) fn rule_433(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if b.rne.is_present()
            && !b.rne.is(Rne::Started)
            && !b.rne.is_invalid()
            && (b.decom.is_blank() || a.dec.is_blank() || b.decom.get() != a.dec.get())
        {
            o.flag(Episodes, b.row, &["RNE", "DECOM"]);
        }
    }
}

/// PLACE, PL_POST, URN and PLACE_PROVIDER of two episodes: (all equal, all
/// equal and filled).
fn same_placement(a: &EpisodeRow, b: &EpisodeRow) -> (bool, bool) {
    let eq = a.place == b.place
        && a.pl_post == b.pl_post
        && a.urn == b.urn
        && a.place_provider == b.place_provider;
    let filled = a.place.is_present()
        && !a.pl_post.is_empty()
        && !a.urn.is_empty()
        && a.place_provider.is_present();
    (eq, eq && filled)
}

pub(crate) fn rule_434(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if b.rne.is(Rne::LegalStatusChange) && (b.ls == a.ls || !same_placement(a, b).0) {
            o.flag(
                Episodes,
                b.row,
                &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
            );
        }
    }
}

pub(crate) fn rule_435(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if !b
            .rne
            .is_any(&[Rne::PlacementChange, Rne::PlacementChangeSameCarer])
        {
            continue;
        }
        // Blank values never compare equal here (as the DfE tools do).
        let all_same = same_placement(a, b).1;
        if b.ls != a.ls || all_same {
            o.flag(
                Episodes,
                b.row,
                &["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
            );
        }
    }
}

pub(crate) fn rule_436(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if b.rne.is_any(&[
            Rne::LegalStatusAndPlacement,
            Rne::LegalStatusAndPlacementSameCarer,
        ]) && (b.ls == a.ls || same_placement(a, b).0)
        {
            o.flag(
                Episodes,
                b.row,
                &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
            );
        }
    }
}

pub(crate) fn rule_437(c: &Ctx, o: &mut Out) {
    let v = &c.r.episodes;
    for (i, e) in v.iter().enumerate() {
        if e.rec.is_any(&[Rec::Died, Rec::AgeAssessedAdult]) && i + 1 < v.len() {
            o.flag(Episodes, e.row, &["REC"]);
        }
    }
}

pub(crate) fn rule_442(c: &Ctx, o: &mut Out) {
    if !eps(c).any(|e| e.ls.is_present() && !is_short_break(e)) {
        return;
    }
    for h in &c.r.header {
        if h.upn.is_empty() {
            o.flag(Header, h.row, &["UPN"]);
        }
    }
}

pub(crate) fn rule_446(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["LS", "DECOM"], |e| {
        e.ls.is(Ls::PlacementOrder) && e.decom.get().is_some_and(|x| x < d(2005, 12, 1))
    });
}

pub(crate) fn rule_501(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if matches!((b.decom.get(), a.dec.get()), (Some(s), Some(p)) if s < p) {
            o.flag(Episodes, b.row, &["DECOM", "DEC"]);
        }
    }
}

pub(crate) fn rule_504(c: &Ctx, o: &mut Out) {
    for (a, b) in pairs(c) {
        if a.rec.is(Rec::Continues)
            && a.dec.get().is_some()
            && a.dec.get() == b.decom.get()
            && a.cin != b.cin
        {
            o.flag(Episodes, b.row, &["CIN"]);
        }
    }
}

pub(crate) fn rule_516(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["REC", "PLACE"], |e| {
        e.rec
            .is_any(&[Rec::SgoFormerFosterRelative, Rec::SgoFormerFosterOther])
            && !e.place.get().is_some_and(Pl::is_foster)
    });
}

pub(crate) fn rule_526(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "PLACE_PROVIDER"], |e| {
        let exempt = is_temporary(e)
            || (c.y.year <= 2025 && e.place.is(Pl::OtherPlacement))
            || (c.y.year >= 2026 && no_provider_place(c.y.year, e));
        !exempt && e.place_provider.is_blank()
    });
}

fn provider_for(c: &Ctx, o: &mut Out, places: &[Pl], pr: Pr) {
    flag_if(c, o, &["PLACE", "PLACE_PROVIDER"], |e| {
        e.place.is_any(places) && e.place_provider.is(pr)
    });
}

pub(crate) fn rule_527(c: &Ctx, o: &mut Out) {
    provider_for(
        c,
        o,
        &[
            Pl::WithParents,
            Pl::NhsHealthTrust,
            Pl::YoungOffenderInstitution,
        ],
        Pr::OwnLa,
    );
}
pub(crate) fn rule_528(c: &Ctx, o: &mut Out) {
    provider_for(
        c,
        o,
        &[
            Pl::WithParents,
            Pl::NhsHealthTrust,
            Pl::YoungOffenderInstitution,
        ],
        Pr::OtherLa,
    );
}
pub(crate) fn rule_529(c: &Ctx, o: &mut Out) {
    use Pl::*;
    let places = [
        AdoptionConsentCurrentCarer,
        AdoptionConsentNewCarer,
        AdoptionOrderCurrentCarer,
        AdoptionOrderNewCarer,
        SecureChildrensHome,
        ChildrensHome,
        WithParents,
        FosterRelativeLongTerm,
        FosterRelativeFfa,
        FosterRelativeOther,
        FosterLongTerm,
        FosterFfa,
        FosterOther,
    ];
    provider_for(c, o, &places, Pr::OtherPublic);
}
pub(crate) fn rule_530(c: &Ctx, o: &mut Out) {
    provider_for(c, o, &[Pl::WithParents], Pr::Private);
}
pub(crate) fn rule_531(c: &Ctx, o: &mut Out) {
    provider_for(c, o, &[Pl::WithParents], Pr::Voluntary);
}

pub(crate) fn rule_550(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["PLACE", "PLACE_PROVIDER"], |e| {
        e.place_provider.is(Pr::Parents) && !e.place.is(Pl::WithParents)
    });
}

pub(crate) fn rule_607(c: &Ctx, o: &mut Out) {
    let hit = eps(c).any(|e| {
        e.ls.is_present()
            && !is_short_break(e)
            && e.rec.is_present()
            && !e.rec.is(Rec::Continues)
            && e.dec.get().is_some_and(|x| c.y.start <= x && x <= c.y.end)
    });
    if !hit {
        return;
    }
    for h in &c.r.header {
        if super::header::is_female(c.y.year, &h.sex) && h.mother.is_blank() {
            o.flag(Header, h.row, &["SEX", "MOTHER"]);
        }
    }
}

pub(crate) fn rule_625(c: &Ctx, o: &mut Out) {
    let Some(last) = eps(c)
        .filter(|e| e.dec.get().is_some())
        .max_by_key(|e| e.dec.get())
    else {
        return;
    };
    let dec = last.dec.get();
    for h in &c.r.header {
        if let Some(mc) = h.mc_dob.get()
            && (mc > c.y.end || dec.is_some_and(|x| mc > x))
        {
            o.flag(Header, h.row, &["MC_DOB"]);
            o.flag(Episodes, last.row, &["DEC"]);
        }
    }
}

pub(crate) fn rule_1009(c: &Ctx, o: &mut Out) {
    flag_if(c, o, &["REASON_PLACE_CHANGE"], |e| {
        e.reason_place_change.is_invalid()
    });
}
