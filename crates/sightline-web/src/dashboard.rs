//! The performance dashboard: the KPI table laid out as Stockton's Cabinet
//! report (measure, period, target bands, value, RAG, trend, last year),
//! a chart of each indicator over the last eight quarters as inline SVG
//! with a text alternative, filters for council, period type and date, and
//! a click-through from each figure to the children behind it.
//!
//! Why cached: computing every indicator means one pass over the council's
//! records plus an evaluation per indicator and date; the results for a
//! (council, date, period) are computed once and shared until a record of
//! that council is saved.
//!
//! Team filter: the same indicator engine run over the children allocated
//! to the team's workers at the as-at date (the council's other records
//! and its population kept, so a rate per 10,000 is the team's share of the
//! council's rate). The charts use that same set of children at every
//! quarter: the team's current caseload looked back on.
//!
//! Access: elected members see the figures with small numbers suppressed
//! and no drill-down; the drill-down lists only children the user may open
//! and says how many others there are.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use maud::{Markup, PreEscaped, html};
use sightline_domain::{ChildId, Council, Date};
use sightline_indicators::{
    Config, Engine, Explanation, Figure, PeriodType, Qty, Rag, SeriesPoint, Targets, Trend,
};

use crate::policy::{Capability, ChildAction, Decision, child_access, is_small};
use crate::session::signed_in;
use crate::{AppError, AppState, CouncilView, blocking, long_date, page};

/// The council targets the dashboard rates against (Stockton's bands, as
/// printed in its 2016/17 Cabinet report).
const TARGETS: &str = include_str!("../../../config/targets/stockton-2016-17.toml");

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub la: u16,
    pub as_of: Date,
    pub period: Option<&'static str>,
    /// Only the children allocated to this team's workers at `as_of`.
    pub team: Option<i64>,
}

pub(crate) struct Computed {
    figures: Vec<Figure>,
    series: HashMap<&'static str, Vec<SeriesPoint>>,
    drill: Mutex<HashMap<&'static str, Arc<Explanation>>>,
    /// The rendered table and charts, by (suppressed, drill-down links).
    rendered: Mutex<HashMap<(bool, bool), Arc<String>>>,
}

fn config(period: Option<PeriodType>) -> Config {
    Config {
        targets: Targets::parse(TARGETS, "stockton-2016-17.toml").ok(),
        period,
        ..Config::default()
    }
}

/// Quarter ends (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or before `on`, newest first.
fn quarter_ends(on: Date, n: usize) -> Vec<Date> {
    let mut out = Vec::new();
    let (mut y, mut q) = (on.year(), (on.month() - 1) / 3 + 1);
    while out.len() < n {
        let end = match q {
            1 => NaiveDate::from_ymd_opt(y, 3, 31),
            2 => NaiveDate::from_ymd_opt(y, 6, 30),
            3 => NaiveDate::from_ymd_opt(y, 9, 30),
            _ => NaiveDate::from_ymd_opt(y, 12, 31),
        };
        if let Some(e) = end.filter(|e| *e <= on) {
            out.push(e);
        }
        if q == 1 {
            q = 4;
            y -= 1;
        } else {
            q -= 1;
        }
        if y < 1990 {
            break;
        }
    }
    out
}

/// The council the figures are computed over: the whole council, or for a
/// team only the children allocated to its workers at the as-at date.
pub(crate) fn scoped<'a>(view: &'a CouncilView, key: &Key) -> Cow<'a, Council> {
    let Some(team) = key.team else {
        return Cow::Borrowed(&view.council);
    };
    let c = &view.council;
    Cow::Owned(Council {
        la: c.la,
        name: c.name.clone(),
        population_0_17: c.population_0_17,
        teams: c.teams.clone(),
        workers: c.workers.clone(),
        children: c
            .children
            .iter()
            .filter(|r| {
                r.allocated_worker_on(key.as_of)
                    .and_then(|w| view.worker_team.get(&w))
                    == Some(&team)
            })
            .cloned()
            .collect(),
    })
}

fn compute(view: &CouncilView, key: &Key) -> Computed {
    let period = key.period.and_then(PeriodType::parse);
    let cfg = config(period);
    let council = scoped(view, key);
    let Ok(engine) = Engine::new(&council, &cfg) else {
        return Computed {
            figures: vec![],
            series: HashMap::new(),
            drill: Mutex::default(),
            rendered: Mutex::default(),
        };
    };
    let figures = engine.all(key.as_of);
    let mut dates = quarter_ends(key.as_of, 8);
    dates.reverse();
    let series = figures
        .iter()
        .filter_map(|f| Some((f.id, engine.series(f.id, &dates, period).ok()?)))
        .collect();
    Computed {
        figures,
        series,
        drill: Mutex::default(),
        rendered: Mutex::default(),
    }
}

fn computed(state: &AppState, view: &CouncilView, key: Key) -> Arc<Computed> {
    if let Some(c) = state.figures.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return c;
    }
    // Computed outside the lock; two first requests may both compute.
    let c = Arc::new(compute(view, &key));
    if let Ok(mut m) = state.figures.lock() {
        m.insert(key, c.clone());
    }
    c
}

#[derive(serde::Deserialize, Default, Clone)]
pub(crate) struct DashQuery {
    la: Option<u16>,
    period: Option<String>,
    as_of: Option<String>,
    id: Option<String>,
    team: Option<String>,
}

struct Chosen {
    view: Arc<CouncilView>,
    key: Key,
    dates: Vec<Date>,
}

fn choose(state: &AppState, ctx: &crate::Ctx, q: &DashQuery) -> Result<Chosen, AppError> {
    let views: Vec<_> = state
        .all_councils()
        .into_iter()
        .filter(|v| ctx.sees_council(v.council.la))
        .collect();
    let view = match q.la {
        Some(la) => views.iter().find(|v| v.council.la.get() == la),
        None => views.first(),
    }
    .ok_or(AppError::NotFound)?
    .clone();
    let dates = quarter_ends(view.as_at, 8);
    let as_of = q
        .as_of
        .as_deref()
        .and_then(sightline_domain::calendar::parse_iso_date)
        .filter(|d| dates.contains(d))
        .or_else(|| dates.first().copied())
        .ok_or(AppError::NotFound)?;
    let period = q
        .period
        .as_deref()
        .and_then(PeriodType::parse)
        .map(PeriodType::code);
    // A team of this council, or none (an unknown id is refused, not ignored:
    // the page must never show council figures labelled as a team's).
    let team = match q.team.as_deref().unwrap_or("") {
        "" => None,
        t => Some(
            t.parse::<i64>()
                .ok()
                .filter(|id| view.council.teams.iter().any(|x| x.id == *id))
                .ok_or(AppError::NotFound)?,
        ),
    };
    Ok(Chosen {
        key: Key {
            la: view.council.la.get(),
            as_of,
            period,
            team,
        },
        view,
        dates,
    })
}

fn count(q: Option<Qty>) -> Option<i64> {
    match q {
        Some(Qty::Count(n)) => Some(n),
        _ => None,
    }
}

/// Elected members: a figure built on 1–4 children is not shown.
fn suppressed(f: &Figure) -> bool {
    small_count(f.numerator)
        || small_count(f.denominator)
        || (f.unit == sightline_indicators::Unit::Count
            && f.value.is_some_and(|v| v > 0.0 && v < 5.0))
}

/// A numerator or denominator of 1 to 4 children ([`is_small`]).
fn small_count(q: Option<Qty>) -> bool {
    count(q)
        .and_then(|n| u64::try_from(n).ok())
        .is_some_and(is_small)
}

fn rag_tag(r: Option<Rag>) -> Markup {
    match r {
        Some(Rag::Green) => html! { strong class="tag tag-green" { "Green" } },
        Some(Rag::Amber) => html! { strong class="tag tag-yellow" { "Amber" } },
        Some(Rag::Red) => html! { strong class="tag tag-red" { "Red" } },
        None => html! { span class="hint" { "No target" } },
    }
}

fn trend_mark(t: Option<Trend>) -> Markup {
    let arrow = match t {
        Some(Trend::Improving) | Some(Trend::Increasing) => "↑",
        Some(Trend::Declining) | Some(Trend::Decreasing) => "↓",
        Some(Trend::Stable) => "→",
        None => "",
    };
    html! {
        @if let Some(t) = t {
            span aria-hidden="true" class={ "trend trend-" (t.label()) } { (arrow) } " " (t.label())
        } @else { "–" }
    }
}

fn fmt_value(f: &Figure, v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) => match f.unit {
            sightline_indicators::Unit::Percent => format!("{v:.1}%"),
            sightline_indicators::Unit::Count | sightline_indicators::Unit::Days => {
                format!("{v:.0}")
            }
            _ => format!("{v:.1}"),
        },
    }
}

/// A line chart of `points` as inline SVG with a title and a description
/// listing every value (the text alternative).
fn chart(f: &Figure, points: &[SeriesPoint], hide: bool) -> Markup {
    let vals: Vec<(Date, f64)> = points
        .iter()
        .filter_map(|p| Some((p.as_of, p.value?)))
        .collect();
    let id = f.id;
    let desc = if hide {
        "Values not shown: small numbers are suppressed.".to_string()
    } else if vals.is_empty() {
        "No values for these dates.".to_string()
    } else {
        vals.iter()
            .map(|(d, v)| format!("{}: {}", d.format("%b %Y"), fmt_value(f, Some(*v))))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (w, h, pad) = (320.0, 80.0, 6.0);
    let mut path = String::new();
    if !hide && vals.len() >= 2 {
        let min = vals.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
        let max = vals.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
        let span = if max > min { max - min } else { 1.0 };
        let n = points.len().max(2) as f64 - 1.0;
        for (i, p) in points.iter().enumerate() {
            let Some(v) = p.value else { continue };
            let x = pad + (w - 2.0 * pad) * i as f64 / n;
            let y = h - pad - (h - 2.0 * pad) * (v - min) / span;
            path.push_str(&format!(
                "{}{x:.1},{y:.1} ",
                if path.is_empty() { "M" } else { "L" }
            ));
        }
    }
    html! {
        figure class="chart" {
            svg width="320" height="80" viewBox="0 0 320 80" role="img" aria-labelledby=(format!("t-{id} d-{id}")) {
                title id=(format!("t-{id}")) { (f.label) ", last eight quarters" }
                desc id=(format!("d-{id}")) { (desc) }
                line class="chart-axis" x1="6" y1="74" x2="314" y2="74" {}
                @if !path.is_empty() { path class="chart-line" d=(path.trim_end()) {} }
            }
            figcaption class="hint" { (f.label) ": " (desc) }
        }
    }
}

pub(crate) async fn dashboard_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DashQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        if !ctx.may(Capability::Figures) {
            return Err(AppError::Forbidden);
        }
        let ch = choose(&state, &ctx, &q)?;
        let c = computed(&state, &ch.view, ch.key.clone());
        let suppress = !ctx.may(Capability::UnsuppressedFigures);
        let drill = ctx.may(Capability::ChildLists);
        let la = ch.key.la;
        let period_q = ch.key.period.unwrap_or("");
        let cached = c
            .rendered
            .lock()
            .ok()
            .and_then(|m| m.get(&(suppress, drill)).cloned());
        let figures = match cached {
            Some(f) => f,
            None => {
                let f = Arc::new(figures_markup(&c, &ch.key, suppress, drill).into_string());
                if let Ok(mut m) = c.rendered.lock() {
                    m.insert((suppress, drill), f.clone());
                }
                f
            }
        };
        Ok(page(
            "Performance dashboard",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Performance dashboard" }
                p class="caption-m" { (ch.view.council.name) @if let Some(t) = team_name(&ch.view, ch.key.team) { ", " (t) } ", as at " (long_date(ch.key.as_of)) }
                form method="get" action="/dashboard" class="filters" {
                    div class="form-group" {
                        label class="label" for="la" { "Council" }
                        select class="select" id="la" name="la" {
                            @for v in state.all_councils().iter().filter(|v| ctx.sees_council(v.council.la)) {
                                option value=(v.council.la.get()) selected[v.council.la.get() == la] { (v.council.name) }
                            }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="team" { "Team" }
                        select class="select" id="team" name="team" {
                            option value="" { "Whole council" }
                            @for t in &ch.view.council.teams {
                                option value=(t.id) selected[ch.key.team == Some(t.id)] { (t.name) }
                            }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="as_of" { "As at" }
                        select class="select" id="as_of" name="as_of" {
                            @for d in &ch.dates { option value=(d.to_string()) selected[*d == ch.key.as_of] { (long_date(*d)) } }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="period" { "Period" }
                        select class="select" id="period" name="period" {
                            option value="" { "Each indicator's own" }
                            @for p in PeriodType::ALL { option value=(p.code()) selected[period_q == p.code()] { (period_name(p)) } }
                        }
                    }
                    button type="submit" class="button button-secondary" { "Apply" }
                }
                @if suppress {
                    p class="inset-text" { "Figures built on 1 to 4 children are shown as [c] to protect them from being identified." }
                }
                @if ch.key.team.is_some() {
                    p class="inset-text" { "Figures for the children allocated to the team's workers on " (long_date(ch.key.as_of)) ". Rates per 10,000 use the council's child population; the charts follow the same children back." }
                }
                (PreEscaped(figures.as_str()))
            },
        )
        .into_response())
    })
    .await
}

/// The KPI table and the charts (the same for every user with the same
/// suppression and drill-down rights, so rendered once).
fn figures_markup(c: &Computed, key: &Key, suppress: bool, drill: bool) -> Markup {
    let la = key.la;
    let period_q = key.period.unwrap_or("");
    let team_q = key.team.map(|t| t.to_string()).unwrap_or_default();
    let ch_key = key;
    html! {
                table class="table kpi-table" {
                    caption class="table-caption" { "Key performance indicators" }
                    thead { tr {
                        th scope="col" { "Measure" } th scope="col" { "Period" } th scope="col" { "Target" }
                        th scope="col" class="numeric" { "Value" } th scope="col" { "RAG" } th scope="col" { "Trend" }
                        th scope="col" class="numeric" { "Last year" }
                    } }
                    tbody { @for f in &c.figures {
                        @let hide = suppress && suppressed(f);
                        tr {
                            th scope="row" { (f.label) }
                            td { (period_name(f.period)) }
                            td class="small" { (f.target.clone().unwrap_or_else(|| "–".into())) }
                            td class="numeric" id=(format!("value-{}", f.id)) {
                                @if hide { abbr title="suppressed: small number" { "[c]" } }
                                @else if let (true, Some(d)) = (drill, &f.display) {
                                    a href=(format!("/dashboard/drill?la={la}&id={}&as_of={}&period={period_q}&team={team_q}", f.id, ch_key.as_of)) { (d) span class="visually-hidden" { ": children behind " (f.label) } }
                                } @else { (f.display.clone().unwrap_or_else(|| "–".into())) }
                            }
                            td { @if hide { "–" } @else { (rag_tag(f.rag)) } }
                            td { @if hide { "–" } @else { (trend_mark(f.trend)) } }
                            td class="numeric" { @if suppress && f.unit == sightline_indicators::Unit::Count && f.last_year_value.is_some_and(|v| v > 0.0 && v < 5.0) { "[c]" } @else { (fmt_value(f, f.last_year_value)) } }
                        }
                    } }
                }
                h2 class="heading-m" { "Each indicator over the last eight quarters" }
                div class="charts" {
                    @for f in &c.figures {
                        @if let Some(s) = c.series.get(f.id) { (chart(f, s, suppress && s.iter().any(|p| {
                            small_count(p.numerator) || small_count(p.denominator)
                        }))) }
                    }
                }
    }
}

fn team_name(view: &CouncilView, team: Option<i64>) -> Option<&str> {
    let t = team?;
    view.council
        .teams
        .iter()
        .find(|x| x.id == t)
        .map(|x| x.name.as_str())
}

fn period_name(p: PeriodType) -> &'static str {
    match p {
        PeriodType::YD => "Year to date",
        PeriodType::RY => "Rolling year",
        PeriodType::Q => "Quarter",
        PeriodType::EP => "Snapshot",
    }
}

pub(crate) async fn drill_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DashQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        if !ctx.may(Capability::ChildLists) {
            return Err(AppError::Forbidden);
        }
        let ch = choose(&state, &ctx, &q)?;
        let id = q.id.as_deref().unwrap_or("");
        let def = sightline_indicators::definition(id).ok_or(AppError::NotFound)?;
        let c = computed(&state, &ch.view, ch.key.clone());
        let existing = c.drill.lock().ok().and_then(|m| m.get(def.id).cloned());
        let ex = match existing {
            Some(e) => e,
            None => {
                let cfg = config(ch.key.period.and_then(PeriodType::parse));
                let council = scoped(&ch.view, &ch.key);
                let engine = Engine::new(&council, &cfg).map_err(|_| AppError::NotFound)?;
                let e = Arc::new(
                    engine
                        .explain(def.id, ch.key.as_of, None)
                        .map_err(|_| AppError::NotFound)?,
                );
                if let Ok(mut m) = c.drill.lock() {
                    m.insert(def.id, e.clone());
                }
                e
            }
        };
        state.audit(
            ch.view.council.la,
            &ctx.user.username,
            None,
            "viewed child list",
            &match ch.key.team {
                Some(t) => format!("indicator {} at {} for team {t}", def.id, ch.key.as_of),
                None => format!("indicator {} at {}", def.id, ch.key.as_of),
            },
            state.now(),
        )?;
        let by_id: HashMap<&str, &sightline_domain::ChildRecord> = ch
            .view
            .council
            .children
            .iter()
            .map(|r| (r.child.id.as_str(), r))
            .collect();
        let mut shown = Vec::new();
        let mut hidden = 0usize;
        for row in ex.rows.iter() {
            let rec = ChildId::parse(&row.subject)
                .ok()
                .and_then(|cid| by_id.get(cid.as_str()).copied());
            match rec {
                Some(r) => {
                    let rel = crate::child::relation(&state, &ctx, &ch.view, r, false)?;
                    if !r.child.restricted
                        && child_access(&ctx.subject, &rel, ChildAction::Summary) == Decision::Allow
                    {
                        shown.push((row, Some(r)));
                    } else {
                        hidden += 1;
                    }
                }
                None => shown.push((row, None)),
            }
        }
        let la = ch.key.la;
        let f = &ex.figure;
        Ok(page(
            &format!("{} – children", f.label),
            Some(&ctx),
            html! {
                span class="caption-l" { (ch.view.council.name) @if let Some(t) = team_name(&ch.view, ch.key.team) { ", " (t) } ", as at " (long_date(ch.key.as_of)) }
                h1 class="heading-l" { (f.label) }
                p { "Value: " strong id="drill-value" { (f.display.clone().unwrap_or_else(|| "–".into())) } }
                dl class="summary-list" {
                    div class="summary-list-row" { dt { "Cohort" } dd { (ex.definition.cohort) } }
                    div class="summary-list-row" { dt { "Numerator" } dd { (ex.definition.numerator) } }
                    div class="summary-list-row" { dt { "Denominator" } dd { (ex.definition.denominator) } }
                }
                @if hidden > 0 {
                    p class="inset-text" { (hidden) " more " @if hidden == 1 { "child is" } @else { "children are" } " counted in this figure but not listed: their records are outside your access." }
                }
                table class="table" id="drill-table" {
                    caption class="table-caption" { (shown.len()) " listed" }
                    thead { tr { th scope="col" { "Child" } th scope="col" { "Record" } th scope="col" { "In numerator" } th scope="col" { "In denominator" } th scope="col" { "Reason" } } }
                    tbody { @for (row, rec) in &shown { tr {
                        td { @if let Some(r) = rec { a href=(format!("/children/{la}/{}", r.child.id.as_str())) { (r.child.id.as_str()) } } @else { (row.subject) } }
                        td { (row.record) }
                        td { @if row.in_numerator { "Yes" } @else { "No" } }
                        td { @if row.in_denominator { "Yes" } @else { "No" } }
                        td { (row.reason.replace('_', " ")) }
                    } } }
                }
                p { a href=(format!("/dashboard?la={la}&as_of={}&team={}", ch.key.as_of, ch.key.team.map(|t| t.to_string()).unwrap_or_default())) { "Back to the dashboard" } }
                (PreEscaped(""))
            },
        )
        .into_response())
    })
    .await
}
