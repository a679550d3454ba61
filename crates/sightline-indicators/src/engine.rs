//! The engine: turns a measure's exact numerator and denominator into a
//! figure a council can print — rounded value, RAG against its targets,
//! short trend against the previous reporting point, the same period last
//! year, published comparators — and produces the drill-down on request.
//!
//! One [`Engine`] serves one council: it prepares the council's facts once
//! ([`crate::prepare`]) and then evaluates any indicator at any date, so a
//! series or a whole report costs one preparation. Many councils are handled
//! one after another (see [`side_by_side`]); children are never merged
//! across councils. The engine reads the store's records, never a copy.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use sightline_domain::la::{PopulationFigure, population_for};
use sightline_domain::quality::QualityRecords;
use sightline_domain::{ChildId, ChildRecord, Council, Date};

use chrono::Datelike;

use crate::catalogue::{CATALOGUE, Definition, Polarity, definition};
use crate::compare::{ComparisonRow, Comparisons};
use crate::measures::{Ctx, Drill, DrillRow, PopulationUsed};
use crate::period::{PeriodType, Window, previous_as_of};
use crate::prepare::{Gathered, Prepared};
use crate::targets::{Rag, Target, Targets, Trend, trend};
use crate::value::{Exact, Qty, Unit, format_scaled, scaled_to_f64};
use crate::{Error, Params};

/// How to compute: the council's targets, parameter overrides, population
/// table and period override. Shared by every council of a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub targets: Option<Targets>,
    /// `key=value` parameter overrides for every indicator (after the targets file's).
    pub params: Vec<(String, String)>,
    /// A population table (year-specific) to use instead of the council's `population_0_17`.
    pub population: Option<Vec<PopulationFigure>>,
    /// Compute every indicator with this period type instead of its default.
    pub period: Option<PeriodType>,
    pub comparisons: Option<Comparisons>,
}

/// One computed figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub id: &'static str,
    /// As the council prints it: its targets file's `label` when it gives
    /// one, else the catalogue's.
    pub label: &'static str,
    /// The catalogue's label, when the council's wording replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalogue_label: Option<&'static str>,
    pub period: PeriodType,
    pub as_of: Date,
    pub window: Window,
    pub unit: Unit,
    pub polarity: Polarity,
    /// Rounded to display precision; null when the denominator is 0 or the
    /// records are not held.
    pub value: Option<f64>,
    /// As printed: "96.6%", "589", "19.0".
    pub display: Option<String>,
    pub numerator: Option<Qty>,
    pub denominator: Option<Qty>,
    pub rag: Option<Rag>,
    pub trend: Option<Trend>,
    /// The council's band text, as printed.
    pub target: Option<String>,
    /// The previous year's target as printed.
    pub target_text: Option<String>,
    pub previous_as_of: Date,
    pub previous_value: Option<f64>,
    /// The previous value as printed.
    pub previous_display: Option<String>,
    pub last_year_as_of: Date,
    pub last_year_value: Option<f64>,
    /// Why the figure has no value (records not held, no population).
    pub unavailable: Option<String>,
    pub notes: Vec<String>,
    pub comparisons: Vec<ComparisonRow>,
}

/// A figure with the children behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub figure: Figure,
    pub definition: DefinitionText,
    pub params: Params,
    pub rows: Vec<DrillRow>,
    /// For `assessments_within_45wd` only: assessments open at E for more
    /// than 45 working days (§2.7's management list); empty otherwise.
    pub open_over_limit: Vec<DrillRow>,
}

/// The words of a definition, for the drill-down header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionText {
    pub cohort: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
}

/// Figures for one council.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CouncilFigures {
    pub la: String,
    pub name: String,
    pub figures: Vec<Figure>,
}

struct Resolved {
    def: &'static Definition,
    params: Params,
    target: Option<Target>,
    period: PeriodType,
}

/// (indicator id, as-of date, period type) of a remembered rounded value.
type CacheKey = (&'static str, Date, PeriodType);

/// A council's per-child facts, gathered child by child while the store
/// reads the council (`sightline_store::extract::for_each_indicator_council`
/// hands each child to [`CouncilFacts::see`] as soon as it is decoded), and
/// then given to [`Engine::with_facts`].
///
/// Why: preparing a council walks every child's records once. Done after
/// the read, that walk finds the records long gone from the CPU's cache (a
/// large council's records are hundreds of megabytes) and was the largest
/// single cost of an England run after reading; done as each child is read,
/// the records are still in cache. The figures are the same either way:
/// `Engine::with_facts` falls back to preparing the council itself when the
/// facts do not cover exactly its children.
pub struct CouncilFacts {
    gathered: Gathered,
    /// Id of the first child seen, checked against the council.
    first: Option<ChildId>,
}

impl CouncilFacts {
    /// Facts for a council of about `children` children.
    pub fn with_capacity(children: usize) -> CouncilFacts {
        CouncilFacts {
            gathered: Gathered::with_capacity(children),
            first: None,
        }
    }

    /// Gather the council's next child, in the council's order, its lists
    /// sorted (as the store reads them).
    pub fn see(&mut self, child: &ChildRecord) {
        if self.first.is_none() {
            self.first = Some(child.child.id.clone());
        }
        self.gathered.add(child);
    }

    /// Children seen so far.
    pub fn len(&self) -> usize {
        self.gathered.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The facts cover exactly `council`'s children: as many, with the same
    /// first child.
    fn covers(&self, council: &Council) -> bool {
        self.gathered.len() == council.children.len()
            && self.first.as_ref() == council.children.first().map(|c| &c.child.id)
    }
}

/// Each indicator's parameters, target and period under `config`.
fn resolve(config: &Config) -> Result<Vec<Resolved>, Error> {
    let mut resolved = Vec::with_capacity(CATALOGUE.len());
    for def in CATALOGUE {
        let target = config.targets.as_ref().and_then(|t| t.get(def.id)).cloned();
        let mut params = match &target {
            Some(t) => t.apply_params(&Params::default())?,
            None => Params::default(),
        };
        for (k, v) in &config.params {
            params.set(k, v)?;
        }
        let period = config
            .period
            .or(target.as_ref().and_then(|t| t.period))
            .unwrap_or(def.default_period);
        resolved.push(Resolved {
            def,
            params,
            target,
            period,
        });
    }
    Ok(resolved)
}

/// The indicator engine for one council.
pub struct Engine<'a> {
    prepared: Prepared<'a>,
    config: &'a Config,
    resolved: Vec<Resolved>,
    cache: Mutex<HashMap<CacheKey, Option<i128>>>,
}

impl<'a> Engine<'a> {
    /// Prepare `council` (one pass over its records) under `config`.
    pub fn new(council: &'a Council, config: &'a Config) -> Result<Engine<'a>, Error> {
        Engine::from_prepared(Prepared::new(council), config)
    }

    /// As [`Engine::new`], with the council's facts already gathered while
    /// it was read ([`CouncilFacts`]). Facts that do not cover exactly the
    /// council's children (a store that could not hand them over in order)
    /// are dropped and the council prepared afresh.
    pub fn with_facts(
        council: &'a Council,
        config: &'a Config,
        facts: CouncilFacts,
    ) -> Result<Engine<'a>, Error> {
        let prepared = if facts.covers(council) {
            facts.gathered.finish(council)
        } else {
            Prepared::new(council)
        };
        Engine::from_prepared(prepared, config)
    }

    fn from_prepared(prepared: Prepared<'a>, config: &'a Config) -> Result<Engine<'a>, Error> {
        Ok(Engine {
            prepared,
            config,
            resolved: resolve(config)?,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Compute `audits_good_or_better`, `vemt_considered`, `vemt_open` and
    /// `cse_disclosures` from the council's quality records (loaded by the
    /// caller, e.g. `Store::load_quality`). Without them those four figures are null
    /// with a reason. Give the records of the same council as [`Engine::new`].
    pub fn with_quality(mut self, quality: &'a QualityRecords) -> Engine<'a> {
        self.prepared.set_quality(quality);
        if let Ok(mut c) = self.cache.lock() {
            c.clear();
        }
        self
    }

    pub fn council(&self) -> &Council {
        self.prepared.council
    }

    fn resolve(&self, id: &str) -> Result<&Resolved, Error> {
        self.resolved
            .iter()
            .find(|r| r.def.id == id)
            .ok_or_else(|| Error::UnknownIndicator(id.to_string()))
    }

    /// The parameters `id` is computed with.
    pub fn params_for(&self, id: &str) -> Result<&Params, Error> {
        Ok(&self.resolve(id)?.params)
    }

    /// The 0–17 population for a rate at `as_of` (§1.6).
    fn population(&self, as_of: Date) -> Option<PopulationUsed> {
        let c = self.prepared.council;
        if let Some(table) = &self.config.population {
            let year =
                if as_of >= chrono::NaiveDate::from_ymd_opt(as_of.year(), 6, 30).unwrap_or(as_of) {
                    as_of.year()
                } else {
                    as_of.year() - 1
                };
            let found = population_for(table, c.la, year).filter(|f| f.year <= year);
            if let Some(f) = found {
                return Some(PopulationUsed {
                    value: f.population_0_17,
                    note: (f.year != year).then(|| {
                        format!(
                            "population_year_fallback: mid-{year} estimate absent, used mid-{}",
                            f.year
                        )
                    }),
                });
            }
            return (c.population_0_17 > 0).then(|| PopulationUsed {
                value: c.population_0_17,
                note: Some(format!(
                    "population table has no mid-{year} or earlier figure for this council: used the council's population_0_17"
                )),
            });
        }
        (c.population_0_17 > 0).then_some(PopulationUsed {
            value: c.population_0_17,
            note: None,
        })
    }

    /// Evaluate one measure: exact outcome and rounded value.
    fn eval(&self, r: &Resolved, as_of: Date, period: PeriodType, drill: &mut Drill) -> Evaluated {
        let ctx = Ctx {
            as_of,
            window: period.window(as_of),
            params: &r.params,
            population: if r.def.unit == Unit::RatePer10k {
                self.population(as_of)
            } else {
                None
            },
        };
        let out = (r.def.eval)(&self.prepared, &ctx, drill);
        let decimals = if r.def.unit == Unit::RatePer10k {
            r.params.rate_decimals
        } else {
            r.def.unit.decimals()
        };
        let exact = if out.unavailable.is_some() {
            None
        } else {
            out.numerator
                .and_then(|n| Exact::of(r.def.unit, n, out.denominator))
        };
        Evaluated {
            window: ctx.window,
            scaled: exact.map(|x| x.round_scaled(decimals)),
            decimals,
            outcome: out,
        }
    }

    /// One figure at `as_of`; `period` overrides the configured period.
    pub fn figure(
        &self,
        id: &str,
        as_of: Date,
        period: Option<PeriodType>,
    ) -> Result<Figure, Error> {
        let r = self.resolve(id)?;
        Ok(self.build(r, as_of, period.unwrap_or(r.period), &mut Drill::off()))
    }

    /// The rounded value of `r` at `at`, remembered: a report's previous
    /// period is the previous report's current period, so a series of
    /// reports evaluates each (indicator, date, period) once.
    fn scaled_at(&self, r: &Resolved, at: Date, period: PeriodType) -> Option<i128> {
        let key = (r.def.id, at, period);
        if let Some(v) = self.cache.lock().ok().and_then(|c| c.get(&key).copied()) {
            return v;
        }
        let v = self.eval(r, at, period, &mut Drill::off()).scaled;
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, v);
        }
        v
    }

    fn build(&self, r: &Resolved, as_of: Date, period: PeriodType, drill: &mut Drill) -> Figure {
        let cur = self.eval(r, as_of, period, drill);
        let prev_at = previous_as_of(as_of, r.params.trend_step_months);
        let year_at = previous_as_of(as_of, 12);
        if let Ok(mut c) = self.cache.lock() {
            c.insert((r.def.id, as_of, period), cur.scaled);
        }
        let prev = self.scaled_at(r, prev_at, period);
        let year = self.scaled_at(r, year_at, period);
        let polarity = r
            .target
            .as_ref()
            .and_then(|t| t.polarity)
            .unwrap_or(r.def.polarity);
        let tolerance = r
            .target
            .as_ref()
            .and_then(|t| t.trend_tolerance)
            .unwrap_or(r.def.unit.default_tolerance());
        let short_trend = match (cur.scaled, prev) {
            (Some(c), Some(p)) => Some(trend(polarity, c, p, cur.decimals, tolerance)),
            _ => None,
        };
        let rag = match (&r.target, cur.scaled) {
            (Some(t), Some(x)) => t.rag_displayed(x, cur.decimals),
            _ => None,
        };
        let comparisons = self
            .config
            .comparisons
            .as_ref()
            .map(|c| c.for_figure(r.def.id, as_of))
            .unwrap_or_default();
        let unavailable = cur.outcome.unavailable.clone();
        let council_label = r.target.as_ref().and_then(|t| t.label);
        Figure {
            id: r.def.id,
            label: council_label.unwrap_or(r.def.label),
            catalogue_label: council_label.map(|_| r.def.label),
            period,
            as_of,
            window: cur.window,
            unit: r.def.unit,
            polarity,
            value: cur.scaled.map(|s| scaled_to_f64(s, cur.decimals)),
            display: cur.scaled.map(|s| display(r.def.unit, s, cur.decimals)),
            previous_display: prev.map(|s| display(r.def.unit, s, cur.decimals)),
            numerator: cur.outcome.numerator,
            denominator: cur.outcome.denominator,
            rag,
            trend: short_trend,
            target: r.target.as_ref().and_then(|t| t.band_text()),
            target_text: r.target.as_ref().and_then(|t| t.target_text.clone()),
            previous_as_of: prev_at,
            previous_value: prev.map(|s| scaled_to_f64(s, cur.decimals)),
            last_year_as_of: year_at,
            last_year_value: year.map(|s| scaled_to_f64(s, cur.decimals)),
            unavailable,
            notes: cur.outcome.notes,
            comparisons,
        }
    }

    /// Every indicator of the catalogue at `as_of`.
    pub fn all(&self, as_of: Date) -> Vec<Figure> {
        self.resolved
            .iter()
            .map(|r| self.build(r, as_of, r.period, &mut Drill::off()))
            .collect()
    }

    /// A figure with its drill-down.
    pub fn explain(
        &self,
        id: &str,
        as_of: Date,
        period: Option<PeriodType>,
    ) -> Result<Explanation, Error> {
        let r = self.resolve(id)?;
        let mut drill = Drill::on();
        let figure = self.build(r, as_of, period.unwrap_or(r.period), &mut drill);
        Ok(Explanation {
            figure,
            definition: DefinitionText {
                cohort: r.def.cohort,
                numerator: r.def.numerator,
                denominator: r.def.denominator,
            },
            params: r.params.clone(),
            rows: drill.into_rows(),
            open_over_limit: if r.def.id == "assessments_within_45wd" {
                crate::measures::open_assessments_over_45wd(&self.prepared, as_of)
            } else {
                vec![]
            },
        })
    }

    /// The values of `id` at each date (no trend or comparison work):
    /// (as-of, numerator, denominator, rounded value).
    pub fn series(
        &self,
        id: &str,
        dates: &[Date],
        period: Option<PeriodType>,
    ) -> Result<Vec<SeriesPoint>, Error> {
        let r = self.resolve(id)?;
        let period = period.unwrap_or(r.period);
        Ok(dates
            .iter()
            .map(|&d| {
                let ev = self.eval(r, d, period, &mut Drill::off());
                SeriesPoint {
                    as_of: d,
                    numerator: ev.outcome.numerator,
                    denominator: ev.outcome.denominator,
                    value: ev.scaled.map(|s| scaled_to_f64(s, ev.decimals)),
                }
            })
            .collect())
    }
}

/// A rounded value as printed: "96.6%", "589", "19.0".
fn display(unit: Unit, scaled: i128, decimals: u32) -> String {
    let t = format_scaled(scaled, decimals);
    if unit == Unit::Percent {
        format!("{t}%")
    } else {
        t
    }
}

/// One point of a time series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub as_of: Date,
    pub numerator: Option<Qty>,
    pub denominator: Option<Qty>,
    pub value: Option<f64>,
}

struct Evaluated {
    window: Window,
    scaled: Option<i128>,
    decimals: u32,
    outcome: crate::measures::Outcome,
}

/// Drill-down for one figure of one council: `explain(council, id, as_of, period, params)`.
pub fn explain(
    council: &Council,
    id: &str,
    as_of: Date,
    period: Option<PeriodType>,
    params: &[(String, String)],
) -> Result<Explanation, Error> {
    let config = Config {
        params: params.to_vec(),
        ..Config::default()
    };
    let engine = Engine::new(council, &config)?;
    engine.explain(id, as_of, period)
}

/// Every indicator for each council in turn, side by side. Councils are
/// taken one at a time from the iterator, so a caller can stream them from
/// the store (England: 150 councils) without holding more than one.
pub fn side_by_side<I, E>(
    councils: I,
    as_of: Date,
    config: &Config,
) -> Result<Vec<CouncilFigures>, E>
where
    I: IntoIterator<Item = Result<Council, E>>,
    E: From<Error>,
{
    let mut out = vec![];
    for council in councils {
        let council = council?;
        let engine = Engine::new(&council, config)?;
        out.push(CouncilFigures {
            la: council.la.to_string(),
            name: council.name.clone(),
            figures: engine.all(as_of),
        });
    }
    Ok(out)
}

/// Convenience: the definition of `id` or an error listing the ids.
pub fn require_definition(id: &str) -> Result<&'static Definition, Error> {
    definition(id).ok_or_else(|| Error::UnknownIndicator(id.to_string()))
}

#[cfg(test)]
mod tests {
    //! The stock and looked-after measures visit only the children with a
    //! record open at E when no drill-down is wanted, and every child (in
    //! council order) when one is: the two paths must give the same figure.
    use super::*;
    use sightline_synth::quality::quality_records;
    use sightline_synth::{SynthConfig, generate};

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d} is a date"))
    }

    /// Every figure computed without a drill-down (narrowed walks, stock
    /// counts remembered) equals the figure of the explanation (every child
    /// walked), and the drill rows agree with it where a row is one counted
    /// child; under several parameter sets, dates and period types.
    #[test]
    fn figures_without_drill_down_equal_the_full_walk() {
        let cfg = SynthConfig {
            population_0_17: 3_000,
            ..SynthConfig::middlesbrough(7)
        };
        let council = generate(&cfg, &|_, _| {});
        let quality = quality_records(&cfg, &council);
        // The same council with deaths and overlapping allocations added, so
        // the narrowed walks meet the rules they must keep: a child who has
        // died is neither in need nor on a plan, and the allocated worker is
        // the current allocation latest in record order.
        let mut dirty = council.clone();
        let workers: Vec<i64> = council.workers.iter().map(|w| w.id).collect();
        for (i, r) in dirty.children.iter_mut().enumerate() {
            if i % 7 == 0 {
                let latest = r
                    .cp_plans
                    .iter()
                    .map(|x| x.start)
                    .chain(r.referrals.iter().map(|x| x.date))
                    .chain(r.episodes.iter().map(|x| x.start))
                    .max();
                if let Some(d) = latest {
                    r.child.death_date = d.checked_add_days(chrono::Days::new(20));
                }
                // Some of them never allocated: counted as unallocated
                // while open and alive.
                if i % 2 == 0 {
                    r.allocations.clear();
                }
            }
            if i % 5 == 0
                && let Some(a) = r.allocations.first().cloned()
            {
                r.allocations.push(sightline_domain::Allocation {
                    id: a.id + 10_000_000,
                    worker: workers[i % workers.len()],
                    start: a
                        .start
                        .checked_add_days(chrono::Days::new(30))
                        .unwrap_or(a.start),
                    end: None,
                    ..a
                });
            }
        }
        let mut dates = vec![
            date(2025, 3, 31),
            date(2024, 12, 31),
            date(2023, 6, 15),
            date(2022, 3, 31),
            date(2021, 9, 30),
            date(2020, 1, 1),
        ];
        // Dates on which records start and end, where "open on E" has its
        // edges: an episode, plan, referral or allocation starting or
        // ending on E.
        let mut edges: Vec<Date> = vec![];
        for r in &council.children {
            edges.extend(r.episodes.iter().map(|x| x.start));
            edges.extend(r.episodes.iter().filter_map(|x| x.end.map(|e| e.date)));
            edges.extend(
                r.cp_plans
                    .iter()
                    .flat_map(|x| [Some(x.start), x.end])
                    .flatten(),
            );
            edges.extend(r.referrals.iter().map(|x| x.date));
            edges.extend(r.referrals.iter().filter_map(|x| x.closure.map(|c| c.date)));
            edges.extend(
                r.allocations
                    .iter()
                    .flat_map(|x| [Some(x.start), x.end])
                    .flatten(),
            );
            edges.extend(
                r.leaving_care
                    .iter()
                    .flat_map(|x| [Some(x.start), x.end])
                    .flatten(),
            );
        }
        edges.sort_unstable();
        edges.dedup();
        assert!(edges.len() > 100, "the council has records");
        dates.extend((1..=6).map(|k| edges[k * (edges.len() - 1) / 7]));
        let param_sets: [&[(&str, &str)]; 2] = [
            &[("establishment_fte", "20")],
            &[
                ("establishment_fte", "20"),
                ("include_unborn", "false"),
                ("cp_2yrs_basis", "open_at_end"),
                ("health_measure", "paf_c19"),
                ("a1_window", "period"),
            ],
        ];
        let mut checked = 0;
        let mut nonzero_stock = 0;
        for council in [&council, &dirty] {
            for params in param_sets {
                let config = Config {
                    params: params
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    ..Config::default()
                };
                let fast = Engine::new(council, &config)
                    .unwrap_or_else(|e| panic!("engine: {e}"))
                    .with_quality(&quality);
                let full = Engine::new(council, &config)
                    .unwrap_or_else(|e| panic!("engine: {e}"))
                    .with_quality(&quality);
                for period in [None, Some(PeriodType::Q)] {
                    for d in CATALOGUE {
                        let series = fast
                            .series(d.id, &dates, period)
                            .unwrap_or_else(|e| panic!("series: {e}"));
                        for (k, &at) in dates.iter().enumerate() {
                            let quick = fast
                                .figure(d.id, at, period)
                                .unwrap_or_else(|e| panic!("figure: {e}"));
                            let ex = full
                                .explain(d.id, at, period)
                                .unwrap_or_else(|e| panic!("explain: {e}"));
                            assert_eq!(quick, ex.figure, "{} at {at} ({period:?})", d.id);
                            assert_eq!(
                                (series[k].numerator, series[k].denominator),
                                (ex.figure.numerator, ex.figure.denominator),
                                "series {} at {at} ({period:?})",
                                d.id
                            );
                            // Stock counts: one row per counted child.
                            if [
                                "cla_count",
                                "cp_plan_count",
                                "cin_count",
                                "care_leavers_count",
                                "unallocated_cases",
                            ]
                            .contains(&d.id)
                            {
                                let counted = ex.rows.iter().filter(|r| r.in_numerator).count();
                                assert_eq!(
                                    ex.figure.numerator,
                                    Some(crate::value::Qty::Count(counted as i64)),
                                    "{} rows at {at}",
                                    d.id
                                );
                                nonzero_stock += usize::from(counted > 0);
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 2 * 2 * CATALOGUE.len() * dates.len());

        // The VEMT note's breakdown by sex, counted the plain way: each
        // child named by the drill-down looked up among all the children.
        let config = Config::default();
        let engine = Engine::new(&council, &config)
            .unwrap_or_else(|e| panic!("engine: {e}"))
            .with_quality(&quality);
        let ex = engine
            .explain("vemt_open", date(2025, 3, 31), None)
            .unwrap_or_else(|e| panic!("explain: {e}"));
        let sex_of = |id: &str| {
            council
                .children
                .iter()
                .find(|r| r.child.id.to_string() == id)
                .map(|r| r.child.sex)
        };
        use sightline_domain::codes::Sex;
        let female = ex
            .rows
            .iter()
            .filter(|r| sex_of(&r.subject) == Some(Sex::Female))
            .count();
        let male = ex
            .rows
            .iter()
            .filter(|r| sex_of(&r.subject) == Some(Sex::Male))
            .count();
        assert!(female + male > 5, "VEMT children are named");
        let want = format!("{female} female, {male} male");
        assert!(
            ex.figure.notes.iter().any(|n| n.contains(&want)),
            "{want} in {:?}",
            ex.figure.notes
        );
        assert!(nonzero_stock > 20, "the stock figures are not all empty");
    }
}
