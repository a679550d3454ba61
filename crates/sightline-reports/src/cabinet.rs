//! The quarterly Cabinet report (model: seed 003, Stockton-on-Tees, Cabinet
//! 1 December 2016): summary, recommendations, the performance update with
//! its KPI tables, activity against the previous quarter, trend charts, and
//! the VEMT, quality assurance, workload, children's homes and finance
//! sections from whatever the council records.
//!
//! Every figure comes from the indicator engine; the officers' words come
//! from the narrative template ([`crate::template`]) filled with the same
//! figures, suppressed when the paper is public. The VEMT, quality
//! assurance, children's homes and finance sections come from the council's
//! quality and finance records ([`Records`]) through the rules in
//! `sightline-workforce` and `sightline-finance`. A section whose records
//! Sightline does not hold says so plainly rather than printing zeros.
//! This module does not compute indicators or financial projections and
//! does not write files.

use std::collections::BTreeMap;

use sightline_domain::improvement::{BudgetHead, FinancialYear, ImprovementRecords, Pence};
use sightline_domain::quality::{
    CaseFileAudit, ChildrensHome, Grade, QualityRecords, TeamHealthCheck, VemtConsideration,
};
use sightline_domain::{Date, Employment};
use sightline_finance::{CostTable, placement_costs_of, project_line, staffing_cost};
use sightline_indicators::{CATALOGUE, Engine, Figure, PeriodType, Qty, Rag, Trend, Unit};
use sightline_workforce::assurance::{self, health_checks_due, quarter_vs_previous, vemt_counts};

use crate::Error;
use crate::chart::{Chart, Series};
use crate::doc::{Block, Cell, Document, Table, rag_label};
use crate::quarter::{Quarter, long_date};
use crate::suppress::{Disclosure, Relation, difference, margin_relations, suppress_table};
use crate::template::{Facts, Template};

/// One KPI table of the performance update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiGroup {
    /// The table heading as the council prints it.
    pub heading: &'static str,
    /// Narrative template section printed before the table.
    pub section: &'static str,
    /// Indicator ids, in row order, each with the label to print when the
    /// council's paper words it differently from the catalogue.
    pub rows: &'static [(&'static str, Option<&'static str>)],
}

/// The KPI tables of seed 003, in order, with its measure wording.
pub const STOCKTON_LAYOUT: &[KpiGroup] = &[
    KpiGroup {
        heading: "Assessment of need is completed in a timely manner",
        section: "assessment",
        rows: &[("assessments_within_45wd", None)],
    },
    KpiGroup {
        heading: "Commitment to safeguard children from abuse and neglect is reflected in the support they receive",
        section: "child_protection",
        rows: &[
            ("cp_plans_ended_2yrs_plus", None),
            ("cp_repeat_within_24m", None),
            // The seed prints "with required timescales" (sic).
            (
                "cp_reviews_in_time",
                Some(
                    "Percentage of Child Protection Cases which were reviewed with required timescales",
                ),
            ),
            ("icpc_within_15wd", None),
        ],
    },
    KpiGroup {
        heading: "Avoid unnecessary and disruptive placement moves for looked after children",
        section: "looked_after",
        rows: &[
            ("cla_reviews_in_time", None),
            ("cla_3plus_placements", None),
            ("cla_long_term_stability", None),
            ("adoption_placed_timely", None),
            ("adoption_a1_days", None),
            ("adoption_a2_days", None),
        ],
    },
    KpiGroup {
        heading: "Outcomes for looked after children",
        section: "outcomes",
        rows: &[("cla_offended", None), ("cla_health_checks", None)],
    },
    KpiGroup {
        heading: "Care leavers are supported into suitable housing and employment or training",
        section: "care_leavers",
        rows: &[
            ("care_leavers_suitable_accommodation", None),
            ("care_leavers_eet", None),
        ],
    },
];

/// The narrative template's sections, in the order the report prints them.
pub const SECTIONS: &[&str] = &[
    "summary",
    "recommendations",
    "background",
    "performance",
    "assessment",
    "child_protection",
    "looked_after",
    "outcomes",
    "care_leavers",
    "activity",
    "vemt",
    "quality_assurance",
    "workforce",
    "childrens_homes",
    "finance",
];

/// Facts a template may name besides the indicator figures.
pub const REPORT_FACTS: &[&str] = &[
    "council",
    "quarter",
    "quarter_number",
    "quarter_end",
    "previous_quarter_end",
    "financial_year",
    "previous_financial_year",
];

/// Suffixes of an indicator id a template may name: `{{cla_count}}`,
/// `{{cla_count.previous}}`, ...
pub const FIGURE_SUFFIXES: &[&str] = &[
    "",
    ".previous",
    ".last_year",
    ".trend",
    ".rag",
    ".change",
    ".target",
    ".numerator",
    ".denominator",
];

/// Whether a placeholder names a figure of this report.
pub fn known_fact(name: &str) -> bool {
    if REPORT_FACTS.contains(&name) {
        return true;
    }
    let (id, suffix) = match name.find('.') {
        Some(p) => (&name[..p], &name[p..]),
        None => (name, ""),
    };
    FIGURE_SUFFIXES.contains(&suffix) && CATALOGUE.iter().any(|d| d.id == id)
}

/// The narrative shipped with Sightline (`config/narrative/cabinet.md`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../config/narrative/cabinet.md");

/// Parse a Cabinet narrative template.
pub fn parse_template(text: &str, origin: &str) -> Result<Template, Error> {
    Template::parse(text, origin, SECTIONS, &known_fact)
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub quarter: Quarter,
    pub disclosure: Disclosure,
    /// Reporting points in the trend charts (default 8 quarters).
    pub trend_quarters: usize,
    pub layout: &'static [KpiGroup],
}

impl Options {
    pub fn new(quarter: Quarter) -> Options {
        Options {
            quarter,
            disclosure: Disclosure::default(),
            trend_quarters: 8,
            layout: STOCKTON_LAYOUT,
        }
    }
}

/// A figure as printed, and whether it was suppressed.
pub fn printed(fig: &Figure, disclosure: &Disclosure) -> (String, bool) {
    if fig.value.is_none() {
        return (
            if fig.unavailable.is_some() {
                "not recorded".to_string()
            } else {
                "–".to_string()
            },
            false,
        );
    }
    if figure_hidden(fig.unit, fig.numerator, fig.denominator, disclosure) {
        return (disclosure.mark().to_string(), true);
    }
    (fig.display.clone().unwrap_or_default(), false)
}

/// Whether a value with this numerator and denominator must be suppressed:
/// counts of children 1..=max, and percentages or averages built on them.
/// Rates per 10,000 are checked on their count only (the denominator is the
/// population); FTE and ratios are not counts of children.
pub fn figure_hidden(
    unit: Unit,
    numerator: Option<Qty>,
    denominator: Option<Qty>,
    disclosure: &Disclosure,
) -> bool {
    let count = |q: Option<Qty>| match q {
        Some(Qty::Count(n)) => Some(n.max(0) as u64),
        _ => None,
    };
    match unit {
        Unit::Count => count(numerator).is_some_and(|n| disclosure.hides(n)),
        Unit::RatePer10k => count(numerator).is_some_and(|n| disclosure.hides(n)),
        Unit::Percent | Unit::Days => {
            count(numerator).is_some_and(|n| disclosure.hides(n))
                || count(denominator).is_some_and(|n| disclosure.hides(n))
        }
        Unit::Fte | Unit::Ratio => false,
    }
}

fn count_of(fig: &Figure) -> Option<u64> {
    match (fig.unit, fig.numerator) {
        (Unit::Count, Some(Qty::Count(n))) => Some(n.max(0) as u64),
        _ => None,
    }
}

fn fmt_value(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Percent => format!("{v:.1}%"),
        Unit::Days | Unit::Count => format!("{v:.0}"),
        _ => format!("{v:.1}"),
    }
}

/// The full-year figure of the previous financial year (the seed's
/// "2015/16 Value (Provisional)"): the measure at 31 March with its own
/// period, except that quarterly measures use the whole year (YD).
fn previous_year_figure(
    engine: &Engine,
    id: &str,
    q: Quarter,
    period: PeriodType,
) -> Result<Figure, Error> {
    let p = if period == PeriodType::Q {
        PeriodType::YD
    } else {
        period
    };
    Ok(engine.figure(id, q.previous_year_end(), Some(p))?)
}

/// Build the report's figures into template facts.
fn facts(
    engine: &Engine,
    opts: &Options,
) -> Result<(Facts, BTreeMap<&'static str, Figure>), Error> {
    let q = opts.quarter;
    let d = &opts.disclosure;
    let mut f = Facts::new();
    let mut figs = BTreeMap::new();
    f.insert("council".into(), engine.council().name.clone());
    f.insert("quarter".into(), format!("quarter {}", q.n));
    f.insert("quarter_number".into(), q.n.to_string());
    f.insert("quarter_end".into(), long_date(q.end()));
    f.insert("previous_quarter_end".into(), long_date(q.previous().end()));
    f.insert("financial_year".into(), q.financial_year());
    f.insert(
        "previous_financial_year".into(),
        q.previous_financial_year(),
    );
    let small = d.rule().map(|s| s.max + 1).unwrap_or(0);
    for def in CATALOGUE {
        let fig = engine.figure(def.id, q.end(), None)?;
        let (text, hidden) = printed(&fig, d);
        let narrative = if hidden && fig.unit == Unit::Count {
            format!("fewer than {small}")
        } else if hidden {
            "not published (small numbers)".to_string()
        } else {
            text
        };
        let id = def.id;
        f.insert(id.to_string(), narrative);
        let prev = fig.previous_value;
        let prev_hidden = fig.unit == Unit::Count && prev.is_some_and(|p| d.hides(p as u64));
        f.insert(
            format!("{id}.previous"),
            match prev {
                Some(_) if prev_hidden => format!("fewer than {small}"),
                Some(p) if !hidden || fig.unit == Unit::Count => fmt_value(fig.unit, p),
                Some(_) => "not published (small numbers)".into(),
                None => "not available".into(),
            },
        );
        f.insert(
            format!("{id}.last_year"),
            match fig.last_year_value {
                Some(v) if fig.unit == Unit::Count && d.hides(v as u64) => {
                    format!("fewer than {small}")
                }
                Some(v) => fmt_value(fig.unit, v),
                None => "not available".into(),
            },
        );
        f.insert(
            format!("{id}.trend"),
            fig.trend
                .map(|t| t.label().to_string())
                .unwrap_or_else(|| "not available".into()),
        );
        f.insert(
            format!("{id}.rag"),
            fig.rag
                .map(|r| rag_label(r).to_string())
                .unwrap_or_else(|| "not rated".into()),
        );
        f.insert(
            format!("{id}.target"),
            fig.target.clone().unwrap_or_else(|| "no target set".into()),
        );
        let change = match (count_of(&fig), prev) {
            (Some(c), Some(p)) => {
                let p = p as u64;
                if hidden || prev_hidden {
                    "a change that cannot be published (small numbers)".to_string()
                } else if c > p {
                    format!(
                        "an increase of {} since {}",
                        c - p,
                        long_date(fig.previous_as_of)
                    )
                } else if c < p {
                    format!(
                        "a decrease of {} since {}",
                        p - c,
                        long_date(fig.previous_as_of)
                    )
                } else {
                    format!("no change since {}", long_date(fig.previous_as_of))
                }
            }
            _ => "not available".to_string(),
        };
        f.insert(format!("{id}.change"), change);
        let part = |q: Option<Qty>| match q {
            Some(_) if hidden => d.mark().to_string(),
            Some(q) => q.display(),
            None => "not available".into(),
        };
        f.insert(format!("{id}.numerator"), part(fig.numerator));
        f.insert(format!("{id}.denominator"), part(fig.denominator));
        figs.insert(def.id, fig);
    }
    Ok((f, figs))
}

/// The council's records beyond the children's journeys that the report
/// renders when it has them: workforce and quality (audits, team health
/// checks, VEMT, children's homes) and improvement and finance (budget
/// lines, placement costs, staff rates). `None`, or empty lists, leave the
/// section saying "No data".
#[derive(Debug, Clone, Copy, Default)]
pub struct Records<'a> {
    pub quality: Option<&'a QualityRecords>,
    pub improvement: Option<&'a ImprovementRecords>,
}

/// Build the Cabinet report for `opts.quarter` from the engine's council
/// alone (the quality assurance, VEMT, homes and finance sections say "No
/// data"; see [`build_with_records`]).
pub fn build(engine: &Engine, template: &Template, opts: &Options) -> Result<Document, Error> {
    build_with_records(engine, template, opts, Records::default())
}

/// Build the Cabinet report for `opts.quarter` from the engine's council
/// and the council's quality and finance records.
pub fn build_with_records(
    engine: &Engine,
    template: &Template,
    opts: &Options,
    records: Records<'_>,
) -> Result<Document, Error> {
    let q = opts.quarter;
    let d = &opts.disclosure;
    let (facts, figs) = facts(engine, opts)?;
    let council = engine.council();
    let mut b: Vec<Block> = vec![];
    let h1 = |b: &mut Vec<Block>, t: &str| {
        b.push(Block::Heading {
            level: 1,
            text: t.to_string(),
        })
    };
    let h2 = |b: &mut Vec<Block>, t: &str| {
        b.push(Block::Heading {
            level: 2,
            text: t.to_string(),
        })
    };

    h1(&mut b, "Summary");
    b.extend(template.render("summary", &facts)?);
    h1(&mut b, "Recommendations");
    b.extend(template.render("recommendations", &facts)?);
    if template.has("background") {
        h1(&mut b, "Background");
        b.extend(template.render("background", &facts)?);
    }

    h1(&mut b, "Performance update");
    b.extend(template.render("performance", &facts)?);
    for (i, g) in opts.layout.iter().enumerate() {
        b.extend(template.render(g.section, &facts)?);
        b.push(Block::Table(kpi_table(engine, q, d, i + 1, g)?));
    }

    h1(&mut b, "Activity");
    b.extend(template.render("activity", &facts)?);
    b.push(Block::Table(activity_table(&figs, q, d)));
    for chart in trend_charts(engine, q, opts)? {
        let table = chart.data_table(d.mark());
        b.push(Block::Chart(chart));
        b.push(Block::Table(table));
    }

    h1(&mut b, "Child sexual exploitation (VEMT)");
    b.extend(template.render("vemt", &facts)?);
    match records.quality.filter(|r| !r.vemt.is_empty()) {
        Some(r) => {
            b.push(Block::Table(vemt_table(council, &r.vemt, q, d)));
            if let Some(f) = figs
                .get("cse_disclosures")
                .filter(|f| f.unavailable.is_none())
            {
                b.push(Block::Table(simple_figure_table(
                    "Disclosures of child sexual exploitation",
                    &[f],
                    d,
                )));
            }
        }
        None => {
            let vemt: Vec<&Figure> = ["vemt_considered", "vemt_open", "cse_disclosures"]
                .iter()
                .filter_map(|id| figs.get(id))
                .collect();
            if vemt.iter().all(|f| f.unavailable.is_some()) {
                b.push(Block::Note(format!(
                    "No data: Sightline does not hold VEMT (vulnerable, exploited, missing and trafficked) records for {} yet, so the children considered under VEMT arrangements, their risk levels and disclosures of CSE cannot be reported.",
                    council.name
                )));
            } else {
                b.push(Block::Table(simple_figure_table(
                    "VEMT arrangements",
                    &vemt,
                    d,
                )));
            }
        }
    }

    h1(&mut b, "Quality assurance");
    b.extend(template.render("quality_assurance", &facts)?);
    h2(&mut b, "Team health checks");
    match records.quality.filter(|r| !r.health_checks.is_empty()) {
        Some(r) => b.push(Block::Table(health_check_table(
            council,
            &r.health_checks,
            q,
        ))),
        None => b.push(Block::Note(
            "No data: team health check grades are not recorded in Sightline yet.".to_string(),
        )),
    }
    h2(&mut b, "Case file audits");
    match (
        records.quality.filter(|r| !r.audits.is_empty()),
        figs.get("audits_good_or_better"),
    ) {
        (Some(r), _) => b.push(Block::Table(audit_table(&r.audits, q, d))),
        (None, Some(f)) if f.unavailable.is_none() => {
            b.push(Block::Table(simple_figure_table("Case file audits", &[f], d)))
        }
        _ => b.push(Block::Note(
            "No data: case file audits are not recorded in Sightline yet, so the grade distribution cannot be compared with the previous quarter.".to_string(),
        )),
    }

    h1(&mut b, "Workload pressures");
    b.extend(template.render("workforce", &facts)?);
    let wf: Vec<&Figure> = [
        "sw_vacancies_fte",
        "vacancy_rate",
        "agency_staff_count",
        "agency_rate",
        "turnover_rate",
        "caseload_per_fte",
        "unallocated_cases",
    ]
    .iter()
    .filter_map(|id| figs.get(id))
    .collect();
    b.push(Block::Table(simple_figure_table(
        "Workforce at the end of the quarter",
        &wf,
        d,
    )));
    let missing: Vec<&str> = wf
        .iter()
        .filter(|f| f.unavailable.is_some())
        .map(|f| f.label)
        .collect();
    if !missing.is_empty() {
        b.push(Block::Note(format!(
            "Not recorded: {}. The funded establishment is needed for vacancies; set it in the council's targets file.",
            missing.join("; ")
        )));
    }
    match team_table(council, q.end(), d) {
        Some(t) => b.push(Block::Table(t)),
        None => b.push(Block::Note(
            "No data: no teams are recorded in Sightline.".to_string(),
        )),
    }

    h1(&mut b, "Children's homes");
    b.extend(template.render("childrens_homes", &facts)?);
    match records.quality.filter(|r| !r.homes.is_empty()) {
        Some(r) => b.push(Block::Table(homes_table(&r.homes, q))),
        None => b.push(Block::Note(
            "No data: the council's children's homes and their Ofsted grades are not recorded in Sightline yet.".to_string(),
        )),
    }

    h1(&mut b, "Financial implications");
    b.extend(template.render("finance", &facts)?);
    let year = FinancialYear::containing(q.end());
    match records
        .improvement
        .filter(|r| r.budget_lines.iter().any(|l| l.year == year))
    {
        Some(r) => {
            let (table, notes) = finance_table(council, r, year, d);
            b.push(Block::Table(table));
            b.extend(notes.into_iter().map(Block::Note));
        }
        None => b.push(Block::Note(format!(
            "No data: budgets and projected outturns for {} are not recorded in Sightline yet.",
            q.financial_year()
        ))),
    }

    Ok(Document {
        title: "Safeguarding and Looked After Children Activity and Performance Update".to_string(),
        subtitle: vec![
            format!("Report to Cabinet — {}", council.name),
            format!(
                "Based on the data held at the end of {} ({})",
                q.name(),
                long_date(q.end())
            ),
        ],
        blocks: b,
        disclosure_note: d.note(),
    })
}

/// One KPI table: measure, period, target bands, value at the quarter end
/// (RAG-coloured), short trend, previous year's target and full-year value.
pub fn kpi_table(
    engine: &Engine,
    q: Quarter,
    d: &Disclosure,
    number: usize,
    g: &KpiGroup,
) -> Result<Table, Error> {
    let mut rows = vec![];
    for (id, label) in g.rows {
        let fig = engine.figure(id, q.end(), None)?;
        let (value, hidden) = printed(&fig, d);
        let last = previous_year_figure(engine, id, q, fig.period)?;
        let (last_value, _) = printed(&last, d);
        rows.push(vec![
            Cell::text(label.unwrap_or(fig.label)),
            Cell::text(fig.period.code()),
            // One band per line, as the seed prints them.
            Cell::text(
                fig.target
                    .as_deref()
                    .map_or_else(|| "No target set".into(), |t| t.replace(", ", "\n")),
            ),
            Cell::value(value, if hidden { None } else { fig.rag }),
            Cell::trend(fig.trend),
            Cell::text(fig.target_text.clone().unwrap_or_default()),
            Cell::num(last_value),
        ]);
    }
    let py = q.previous_financial_year();
    Ok(Table {
        caption: format!("Table {number}: {}", g.heading),
        header: vec![
            "Performance Measures".into(),
            "Period".into(),
            "Target Bands".into(),
            format!("{} {}", q.month_abbrev(), q.end().format("%Y")),
            "Short Trend".into(),
            format!("{py} Target"),
            format!("{py} Value (Provisional)"),
        ],
        rows,
        widths: vec![31, 8, 18, 9, 12, 11, 11],
    })
}

/// Children on CP plans, looked after and in need at the quarter end
/// against the previous quarter end, with rates per 10,000.
fn activity_table(figs: &BTreeMap<&'static str, Figure>, q: Quarter, d: &Disclosure) -> Table {
    let mut rows = vec![];
    for (count_id, rate_id, label) in [
        (
            "cp_plan_count",
            "cp_rate_per_10k",
            "Children subject to a child protection plan",
        ),
        ("cla_count", "cla_rate_per_10k", "Looked after children"),
        ("cin_count", "cin_rate_per_10k", "Children in need"),
    ] {
        let (Some(c), Some(r)) = (figs.get(count_id), figs.get(rate_id)) else {
            continue;
        };
        let cur = count_of(c).unwrap_or(0);
        let prev = c.previous_value.unwrap_or(0.0) as u64;
        let (ch, ph) = (d.hides(cur), d.hides(prev));
        let (rate, _) = printed(r, d);
        rows.push(vec![
            Cell::text(label),
            Cell::num(if ph {
                d.mark().to_string()
            } else {
                prev.to_string()
            }),
            Cell::num(if ch {
                d.mark().to_string()
            } else {
                cur.to_string()
            }),
            Cell::num(difference(d, cur, prev, ch, ph)),
            Cell::trend(c.trend),
            Cell::num(rate),
        ]);
    }
    Table {
        caption: format!(
            "Activity at the end of {} against the previous quarter",
            q.name()
        ),
        header: vec![
            "Measure".into(),
            long_date(q.previous().end()),
            long_date(q.end()),
            "Change".into(),
            "Direction".into(),
            "Rate per 10,000 children".into(),
        ],
        rows,
        widths: vec![34, 14, 14, 10, 14, 14],
    }
}

/// A table of figures: measure, value, previous, trend.
fn simple_figure_table(caption: &str, figs: &[&Figure], d: &Disclosure) -> Table {
    let rows = figs
        .iter()
        .map(|f| {
            let (v, hidden) = printed(f, d);
            let prev = match f.previous_value {
                _ if hidden => d.mark().to_string(),
                Some(p) if f.unit == Unit::Count && d.hides(p as u64) => d.mark().to_string(),
                Some(p) => fmt_value(f.unit, p),
                None if f.unavailable.is_some() => "not recorded".into(),
                None => "–".into(),
            };
            vec![
                Cell::text(f.label),
                Cell::value(v, if hidden { None } else { f.rag }),
                Cell::num(prev),
                Cell::trend(f.trend),
            ]
        })
        .collect();
    Table {
        caption: caption.to_string(),
        header: vec![
            "Measure".into(),
            "End of quarter".into(),
            "Previous quarter".into(),
            "Short Trend".into(),
        ],
        rows,
        widths: vec![46, 18, 18, 18],
    }
}

fn rules_quarter(q: Quarter) -> assurance::Quarter {
    assurance::Quarter {
        year: q.year,
        q: q.n,
    }
}

/// A column of counts of children as printed, with the cells `hidden` marks
/// replaced by the suppression mark.
fn shown(d: &Disclosure, v: u64, hidden: bool) -> String {
    if hidden {
        d.mark().to_string()
    } else {
        v.to_string()
    }
}

/// The VEMT panel in the quarter (`sightline_workforce::assurance::vemt_counts`):
/// children considered by sex and CSE risk level, and open at the quarter
/// end. The sex rows add up to the children considered and the risk levels
/// to those at risk, so both are suppressed as related cells.
fn vemt_table(
    council: &sightline_domain::Council,
    vemt: &[VemtConsideration],
    q: Quarter,
    d: &Disclosure,
) -> Table {
    let c = vemt_counts(council, vemt, q.start(), q.end());
    let rows: [(&str, u64); 9] = [
        (
            "Children considered under VEMT arrangements in the quarter",
            c.considered,
        ),
        ("of whom female", c.female),
        ("of whom male", c.male),
        ("of whom sex not recorded", c.other_or_unknown),
        (
            "Considered to be at potential risk of CSE",
            c.at_risk_of_cse,
        ),
        ("of whom high risk", c.cse_high),
        ("of whom medium risk", c.cse_medium),
        ("of whom low risk", c.cse_low),
        (
            "Subject to VEMT arrangements at the end of the quarter",
            c.open,
        ),
    ];
    let values: Vec<Vec<u64>> = rows.iter().map(|(_, v)| vec![*v]).collect();
    let rels = [
        Relation {
            parts: vec![(1, 0), (2, 0), (3, 0)],
            total: (0, 0),
        },
        Relation {
            parts: vec![(5, 0), (6, 0), (7, 0)],
            total: (4, 0),
        },
    ];
    let hidden = suppress_table(d, &values, &rels);
    Table {
        caption: format!("VEMT arrangements in {}", q.name()),
        header: vec!["Children".into(), "Number".into()],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, (label, v))| vec![Cell::text(*label), Cell::num(shown(d, *v, hidden[i][0]))])
            .collect(),
        widths: vec![70, 30],
    }
}

/// Each team's latest health check at the quarter end, its next due date
/// and whether it is overdue (`sightline_workforce::assurance::health_checks_due`).
fn health_check_table(
    council: &sightline_domain::Council,
    checks: &[TeamHealthCheck],
    q: Quarter,
) -> Table {
    let rows = health_checks_due(council, checks, q.end())
        .into_iter()
        .map(|h| {
            vec![
                Cell::text(h.team_name),
                Cell::text(h.last.map_or_else(|| "Not yet checked".into(), long_date)),
                Cell::text(h.grade.map_or("–", Grade::label)),
                Cell::text(h.next_due.map_or_else(|| "Now".into(), long_date)),
                Cell::text(if h.overdue { "Overdue" } else { "No" }),
            ]
        })
        .collect();
    Table {
        caption: format!("Team health checks at {}", long_date(q.end())),
        header: vec![
            "Team".into(),
            "Latest check".into(),
            "Grade".into(),
            "Next due".into(),
            "Overdue".into(),
        ],
        rows,
        widths: vec![30, 18, 18, 18, 16],
    }
}

/// Case file audit grades in the quarter against the previous quarter,
/// counts and whole percentages by largest remainder
/// (`sightline_workforce::assurance::quarter_vs_previous`). Audits are about
/// children's cases, so the counts are suppressed with their totals, and a
/// percentage goes with its count (or with its quarter's total).
fn audit_table(audits: &[CaseFileAudit], q: Quarter, d: &Disclosure) -> Table {
    let (cur, prev) = quarter_vs_previous(audits, rules_quarter(q));
    let mut values: Vec<Vec<u64>> = (0..4)
        .map(|i| vec![prev.counts[i], cur.counts[i]])
        .collect();
    values.push(vec![prev.audits, cur.audits]);
    let rels = margin_relations(values.len(), 2, false, true);
    let hidden = suppress_table(d, &values, &rels);
    let pct = |dist: &assurance::GradeDistribution, i: usize, col: usize| {
        if hidden[i][col] || hidden[4][col] {
            d.mark().to_string()
        } else if dist.audits == 0 {
            "–".to_string()
        } else {
            format!("{}%", dist.percent[i])
        }
    };
    let mut rows: Vec<Vec<Cell>> = Grade::ALL
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![
                Cell::text(g.label()),
                Cell::num(shown(d, values[i][0], hidden[i][0])),
                Cell::num(pct(&prev, i, 0)),
                Cell::num(shown(d, values[i][1], hidden[i][1])),
                Cell::num(pct(&cur, i, 1)),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text("Audits completed"),
        Cell::num(shown(d, prev.audits, hidden[4][0])),
        Cell::num(if prev.audits == 0 { "–" } else { "100%" }),
        Cell::num(shown(d, cur.audits, hidden[4][1])),
        Cell::num(if cur.audits == 0 { "–" } else { "100%" }),
    ]);
    Table {
        caption: format!(
            "Case file audit grades in {} against {}",
            cur.label, prev.label
        ),
        header: vec![
            "Grade".into(),
            prev.label.clone(),
            format!("{} %", prev.label),
            cur.label.clone(),
            format!("{} %", cur.label),
        ],
        rows,
        widths: vec![32, 17, 17, 17, 17],
    }
}

/// The council's children's homes with their latest Ofsted inspection on or
/// before the quarter end.
fn homes_table(homes: &[ChildrensHome], q: Quarter) -> Table {
    let rows = homes
        .iter()
        .map(|h| {
            let latest = h.latest_on(q.end());
            vec![
                Cell::text(h.name.clone()),
                Cell::text(h.urn.clone()),
                Cell::num(h.places.to_string()),
                Cell::text(
                    latest.map_or_else(|| "Not yet inspected".into(), |i| long_date(i.date)),
                ),
                Cell::text(latest.map_or("–", |i| i.grade.label())),
            ]
        })
        .collect();
    Table {
        caption: format!(
            "The council's children's homes and their latest Ofsted grade at {}",
            long_date(q.end())
        ),
        header: vec![
            "Home".into(),
            "URN".into(),
            "Places".into(),
            "Latest inspection".into(),
            "Ofsted grade".into(),
        ],
        rows,
        widths: vec![30, 14, 10, 22, 24],
    }
}

/// Budget, projected outturn and variance of each budget line of `year`
/// (`sightline_finance::project_line`; social work staffing adds the
/// staffing commitment from `sightline_finance::staffing_cost`), with
/// totals, and notes on the basis. Placements open now are counts of
/// children and are suppressed in public output.
fn finance_table(
    council: &sightline_domain::Council,
    r: &ImprovementRecords,
    year: FinancialYear,
    d: &Disclosure,
) -> (Table, Vec<String>) {
    let mut notes = vec![];
    let costs = if r.placement_costs.is_empty() {
        notes.push(
            "Placement costs are not recorded, so placements are costed from their episodes at Sightline's default cost table.".to_string(),
        );
        placement_costs_of(council, &CostTable::default(), year.start(), year.end())
    } else {
        r.placement_costs.clone()
    };
    let mut rows = vec![];
    let (mut budget, mut outturn, mut variance) = (Pence::ZERO, Pence::ZERO, Pence::ZERO);
    for line in r.budget_lines.iter().filter(|l| l.year == year) {
        let extra = if line.head == BudgetHead::SocialWorkStaffing {
            let from = line.spent_as_of.succ_opt().unwrap_or(line.spent_as_of);
            match staffing_cost(
                &council.teams,
                &council.workers,
                &r.staff_rates,
                year,
                from,
                year.end(),
            ) {
                Ok(teams) => teams.iter().map(|t| t.total()).sum(),
                Err(e) => {
                    notes.push(format!(
                        "{} is left out: its outturn cannot be projected ({e}).",
                        line.head.label()
                    ));
                    continue;
                }
            }
        } else {
            Pence::ZERO
        };
        let o = project_line(line, &costs, extra);
        budget += o.budget;
        outturn += o.outturn;
        variance += o.variance;
        rows.push(vec![
            Cell::text(o.head.label()),
            Cell::num(o.budget.display_millions()),
            Cell::num(o.outturn.display_millions()),
            Cell::num(o.variance.display_millions()),
            Cell::text(position(o.variance)),
            Cell::num(if o.head == BudgetHead::SocialWorkStaffing {
                "–".to_string()
            } else {
                d.count(o.current_placements as u64)
            }),
            Cell::text(long_date(o.as_of)),
        ]);
    }
    rows.push(vec![
        Cell::text("Total"),
        Cell::num(budget.display_millions()),
        Cell::num(outturn.display_millions()),
        Cell::num(variance.display_millions()),
        Cell::text(position(variance)),
        Cell::text(""),
        Cell::text(""),
    ]);
    notes.push(
        "Projected outturn is spent to date from the ledger, plus the committed cost to 31 March, plus estimated growth; variance is outturn less budget (positive is an overspend).".to_string(),
    );
    let fy = format!("{}/{:02}", year.0, (year.0 + 1).rem_euclid(100));
    (
        Table {
            caption: format!("Budget and projected outturn {fy}"),
            header: vec![
                "Budget line".into(),
                format!("Budget {fy}"),
                "Projected outturn".into(),
                "Variance".into(),
                "Position".into(),
                "Placements now".into(),
                "Spent to".into(),
            ],
            rows,
            widths: vec![28, 12, 13, 12, 11, 11, 13],
        },
        notes,
    )
}

fn position(variance: Pence) -> &'static str {
    match variance.0 {
        v if v > 0 => "Overspend",
        v if v < 0 => "Saving",
        _ => "On budget",
    }
}

/// Staff and allocated children by team at `on`, with a total row; the
/// children counts are suppressed with their total (secondary suppression).
fn team_table(council: &sightline_domain::Council, on: Date, d: &Disclosure) -> Option<Table> {
    if council.teams.is_empty() {
        return None;
    }
    let mut allocated: BTreeMap<i64, u64> = BTreeMap::new();
    let worker_team: BTreeMap<i64, i64> = council.workers.iter().map(|w| (w.id, w.team)).collect();
    for c in &council.children {
        if let Some(w) = c.allocated_worker_on(on)
            && let Some(t) = worker_team.get(&w)
        {
            *allocated.entry(*t).or_default() += 1;
        }
    }
    let mut names = vec![];
    let mut staff = vec![];
    let mut values: Vec<Vec<u64>> = vec![];
    for t in &council.teams {
        let in_post: Vec<_> = council
            .workers
            .iter()
            .filter(|w| w.team == t.id && w.is_in_post_on(on) && w.role.is_social_worker())
            .collect();
        let agency = in_post
            .iter()
            .filter(|w| w.employment == Employment::Agency)
            .count();
        let fte: u32 = in_post.iter().map(|w| u32::from(w.fte_hundredths)).sum();
        names.push(t.name.clone());
        staff.push((format!("{}.{:02}", fte / 100, fte % 100), agency));
        values.push(vec![allocated.get(&t.id).copied().unwrap_or(0)]);
    }
    let total: u64 = values.iter().map(|r| r[0]).sum();
    values.push(vec![total]);
    let rels = margin_relations(values.len(), 1, false, true);
    let hidden = suppress_table(d, &values, &rels);
    let mut rows: Vec<Vec<Cell>> = names
        .into_iter()
        .zip(staff)
        .enumerate()
        .map(|(i, (n, (fte, agency)))| {
            vec![
                Cell::text(n),
                Cell::num(fte.trim_end_matches('0').trim_end_matches('.').to_string()),
                Cell::num(agency.to_string()),
                Cell::num(if hidden[i][0] {
                    d.mark().to_string()
                } else {
                    values[i][0].to_string()
                }),
            ]
        })
        .collect();
    let last = values.len() - 1;
    rows.push(vec![
        Cell::text("Total"),
        Cell::text(""),
        Cell::text(""),
        Cell::num(if hidden[last][0] {
            d.mark().to_string()
        } else {
            total.to_string()
        }),
    ]);
    Some(Table {
        caption: format!(
            "Social workers and allocated children by team at {}",
            long_date(on)
        ),
        header: vec![
            "Team".into(),
            "Social workers in post (FTE)".into(),
            "Of whom agency (headcount)".into(),
            "Children allocated".into(),
        ],
        rows,
        widths: vec![40, 20, 20, 20],
    })
}

/// Trend charts of the main indicators over the last quarters.
fn trend_charts(engine: &Engine, q: Quarter, opts: &Options) -> Result<Vec<Chart>, Error> {
    let quarters = q.trailing(opts.trend_quarters.max(2));
    let dates: Vec<Date> = quarters.iter().map(|q| q.end()).collect();
    let labels: Vec<String> = dates
        .iter()
        .map(|d| d.format("%b %y").to_string())
        .collect();
    let series = |id: &str, name: &str| -> Result<Series, Error> {
        let def = sightline_indicators::engine::require_definition(id)?;
        let pts = engine.series(id, &dates, None)?;
        Ok(Series {
            name: name.to_string(),
            values: pts
                .iter()
                .map(|p| {
                    if figure_hidden(def.unit, p.numerator, p.denominator, &opts.disclosure) {
                        None
                    } else {
                        p.value
                    }
                })
                .collect(),
        })
    };
    let counts = Chart {
        title: "Children subject to a CP plan and looked after children, by quarter end".into(),
        desc: format!(
            "Line chart of the number of children subject to a child protection plan and of looked after children at the end of each of the {} quarters to {}.",
            dates.len(),
            long_date(q.end())
        ),
        x_labels: labels.clone(),
        series: vec![
            series("cp_plan_count", "CP plans")?,
            series("cla_count", "Looked after")?,
        ],
        unit: "children".into(),
    };
    let timeliness = Chart {
        title: "Timeliness of single assessments and ICPCs (financial year to date)".into(),
        desc: format!(
            "Line chart of the percentage of single assessments completed within 45 working days and of ICPCs held within 15 working days, year to date at each quarter end to {}.",
            long_date(q.end())
        ),
        x_labels: labels,
        series: vec![
            series("assessments_within_45wd", "Single assessments")?,
            series("icpc_within_15wd", "ICPCs")?,
        ],
        unit: "%".into(),
    };
    Ok(vec![counts, timeliness])
}

/// The trend of a figure in words.
pub fn trend_word(t: Option<Trend>) -> &'static str {
    t.map(|t| t.label()).unwrap_or("")
}

/// A RAG in words.
pub fn rag_word(r: Option<Rag>) -> &'static str {
    r.map(rag_label).unwrap_or("")
}
