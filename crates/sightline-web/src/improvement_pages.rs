//! Improvement plan and finance pages (issue #9): inspections and their
//! recommendations, the action tracker with linked indicator figures, the
//! board papers for a meeting date, placement finance (budget lines,
//! projected outturn, variance), the external residential review and
//! staffing cost.
//!
//! Why here: the boards and finance officers work from the same records as
//! the returns; every figure comes from `sightline-finance` (money rules),
//! `sightline-reports::boards` (exception rules, change log) and the
//! indicator engine, so the page, the CLI and the DOCX paper agree.
//!
//! Who sees what (decided by `policy::may` on the server in every handler):
//! the plan and board papers every role but admin (they name officers,
//! never children); finance totals leaders, finance officers and elected
//! members; finance detail (per child, per team, spent and committed)
//! leaders and finance officers only. No page here shows a child's name:
//! the residential review lists children by id, linked to the record only
//! for users who may read child records (and that page checks again).
//!
//! Routes live under `/improvement/...` and `/finance/...` and are merged
//! into the app's router by [`routes`]; [`nav_links`] adds this area's
//! entries to the main navigation.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, Render, html};
use sightline_domain::Date;
use sightline_domain::calendar::parse_iso_date;
use sightline_domain::improvement::{
    ActionRag, FinancialYear, ImprovementRecords, Pence, PlacementCost,
};
use sightline_finance::board::version_on;
use sightline_finance::residential::ReviewStatus;
use sightline_indicators::{Config, Engine, Rag, Targets};
use sightline_reports::boards::{self, BoardKind, BoardReport};

use crate::policy::Capability;
use crate::session::signed_in;
use crate::{AppError, AppState, CouncilView, Ctx, blocking, long_date, page};

/// The bands the dashboard rates indicators with (the same file).
const TARGETS: &str = include_str!("../../../config/targets/stockton-2016-17.toml");

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/improvement", get(plan_page))
        .route("/improvement/board", get(board_page))
        .route("/improvement/board.docx", get(board_docx))
        .route("/finance", get(finance_page))
        .route("/finance/residential", get(residential_page))
        .route("/finance/staffing", get(staffing_page))
}

/// This area's entries in the main navigation, for the signed-in user.
pub(crate) fn nav_links(ctx: &Ctx) -> Markup {
    html! {
        @if ctx.may(Capability::ImprovementPlan) {
            li { a href="/improvement" { "Improvement plan" } }
        }
        @if ctx.may(Capability::FinanceTotals) {
            li { a href="/finance" { "Finance" } }
        }
    }
}

/// Query parameters of this area's pages.
#[derive(serde::Deserialize, Default)]
pub(crate) struct AreaQuery {
    la: Option<u16>,
    /// Board meeting date.
    meeting: Option<String>,
    /// Previous meeting date.
    last: Option<String>,
    /// operational | strategic.
    kind: Option<String>,
    /// Financial year (2024 or 2024/25).
    year: Option<String>,
    /// As-of date for finance figures.
    as_of: Option<String>,
}

/// The council the user asked for (or their first), if they may see it.
fn council_for(state: &AppState, ctx: &Ctx, la: Option<u16>) -> Result<Arc<CouncilView>, AppError> {
    let views: Vec<_> = state
        .all_councils()
        .into_iter()
        .filter(|v| ctx.sees_council(v.council.la))
        .collect();
    match la {
        Some(la) => views.into_iter().find(|v| v.council.la.get() == la),
        None => views.into_iter().next(),
    }
    .ok_or(AppError::NotFound)
}

/// A 400 page naming the bad parameter.
fn bad_request(ctx: &Ctx, title: &str, message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        page(
            title,
            Some(ctx),
            html! {
                div class="error-summary" role="alert" {
                    h2 class="error-summary-title" { "There is a problem" }
                    p { (message) }
                }
                p { a href="/improvement" { "Back to the improvement plan" } }
            },
        ),
    )
        .into_response()
}

/// The signed-in user, if the policy lets them `cap`; otherwise the error
/// `signed_in` gives or [`AppError::Forbidden`].
fn user_who_may(state: &AppState, headers: &HeaderMap, cap: Capability) -> Result<Ctx, AppError> {
    let ctx = signed_in(state, headers)?;
    if !ctx.may(cap) {
        return Err(AppError::Forbidden);
    }
    Ok(ctx)
}

/// What a finance page is about: the council, the financial year and as-of
/// date asked for, and the council's improvement and finance records.
struct FinanceScope {
    view: Arc<CouncilView>,
    year: FinancialYear,
    as_of: Date,
    records: ImprovementRecords,
}

/// The scope of the finance page titled `title`, or the 400 page naming a
/// bad year or date.
fn finance_scope(
    state: &AppState,
    ctx: &Ctx,
    q: &AreaQuery,
    title: &str,
) -> Result<Result<FinanceScope, Response>, AppError> {
    let view = council_for(state, ctx, q.la)?;
    let (year, as_of) = match year_and_date(&view, q) {
        Ok(x) => x,
        Err(m) => return Ok(Err(bad_request(ctx, title, &m))),
    };
    let records = state.store.load_improvement(view.council.la)?;
    Ok(Ok(FinanceScope {
        view,
        year,
        as_of,
        records,
    }))
}

/// One row of a GOV.UK summary list: `term` and its `value`.
fn summary_row(term: &str, value: impl Render) -> Markup {
    html! { div class="summary-list-row" { dt { (term) } dd { (value) } } }
}

fn date_param(s: Option<&str>) -> Result<Option<Date>, String> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse_iso_date(v).map(Some).ok_or_else(|| {
            format!("{v:?} is not a date: enter it as YYYY-MM-DD, for example 2024-10-14")
        }),
    }
}

fn engine_config() -> Config {
    Config {
        targets: Targets::parse(TARGETS, "stockton-2016-17.toml").ok(),
        ..Config::default()
    }
}

fn rag_tag(r: Option<Rag>) -> Markup {
    match r {
        Some(Rag::Green) => html! { strong class="tag tag-green" { "Green" } },
        Some(Rag::Amber) => html! { strong class="tag tag-yellow" { "Amber" } },
        Some(Rag::Red) => html! { strong class="tag tag-red" { "Red" } },
        None => html! { "–" },
    }
}

fn action_rag_tag(r: ActionRag) -> Markup {
    rag_tag(Some(match r {
        ActionRag::Red => Rag::Red,
        ActionRag::Amber => Rag::Amber,
        ActionRag::Green => Rag::Green,
    }))
}

/// The board paper for the request: meeting defaults to the day the latest
/// plan version (on or before the records' date) was agreed.
fn board_for(
    state: &AppState,
    ctx: &Ctx,
    q: &AreaQuery,
) -> Result<Result<(Arc<CouncilView>, BoardReport), String>, AppError> {
    let view = council_for(state, ctx, q.la)?;
    let records = state.store.load_improvement(view.council.la)?;
    let kind = match q.kind.as_deref() {
        None | Some("") => BoardKind::Strategic,
        Some(k) => match BoardKind::parse(k) {
            Ok(k) => k,
            Err(e) => return Ok(Err(e.to_string())),
        },
    };
    let meeting = match date_param(q.meeting.as_deref()) {
        Ok(Some(d)) => d,
        Ok(None) => match version_on(&records.plans, view.as_at)
            .or_else(|| records.plans.iter().max_by_key(|p| (p.agreed, p.version)))
        {
            Some(p) => p.agreed,
            None => return Ok(Err("this council has no improvement plan recorded".into())),
        },
        Err(e) => return Ok(Err(format!("Meeting date: {e}"))),
    };
    let last = match date_param(q.last.as_deref()) {
        Ok(d) => d,
        Err(e) => return Ok(Err(format!("Previous meeting: {e}"))),
    };
    let quality = state.store.load_quality(view.council.la)?;
    let cfg = engine_config();
    let engine = match Engine::new(&view.council, &cfg) {
        Ok(e) => e.with_quality(&quality),
        Err(e) => return Ok(Err(e.to_string())),
    };
    match boards::prepare(kind, &engine, &records, meeting, last) {
        Ok(r) => Ok(Ok((view.clone(), r))),
        Err(e) => Ok(Err(e.to_string())),
    }
}

pub(crate) async fn plan_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::ImprovementPlan)?;
        let view = council_for(&state, &ctx, q.la)?;
        let records = state.store.load_improvement(view.council.la)?;
        let quality = state.store.load_quality(view.council.la)?;
        let on = view.as_at;
        let plan = version_on(&records.plans, on);
        let cfg = engine_config();
        let engine = Engine::new(&view.council, &cfg)
            .map_err(|_| AppError::NotFound)?
            .with_quality(&quality);
        let mut figures: Vec<(String, String, String, Option<Rag>)> = Vec::new();
        if let Some(p) = plan {
            for a in &p.actions {
                for id in &a.indicators {
                    if figures.iter().any(|f| &f.0 == id) {
                        continue;
                    }
                    if let Ok(f) = engine.figure(id, on, None) {
                        figures.push((
                            id.clone(),
                            f.label.to_string(),
                            f.display.clone().unwrap_or_else(|| "not recorded".into()),
                            f.rag,
                        ));
                    }
                }
            }
        }
        let la = view.council.la.get();
        Ok(page(
            "Improvement plan",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Improvement plan: " (view.council.name) }
                p class="hint" { "As at " (long_date(on)) ". "
                    a href=(format!("/improvement/board?la={la}")) { "Board papers" } }
                @if records.inspections.is_empty() {
                    p { "No inspection is recorded for this council." }
                }
                @for insp in &records.inspections {
                    h2 class="heading-m" { (insp.kind.label()) ", " (long_date(insp.date)) }
                    table class="table" id=(format!("judgements-{}", insp.id)) {
                        caption class="table-caption" { "Judgements" }
                        thead { tr { th scope="col" { "Judgement area" } th scope="col" { "Grade" } } }
                        tbody { @for j in &insp.judgements { tr {
                            th scope="row" { (j.area.label()) }
                            td { (j.grade.label()) }
                        } } }
                    }
                    table class="table" id=(format!("recommendations-{}", insp.id)) {
                        caption class="table-caption" { "Recommendations (" (insp.recommendations.len()) ")" }
                        thead { tr { th scope="col" { "Ref" } th scope="col" { "Recommendation" } th scope="col" { "Answered by" } } }
                        tbody { @for r in &insp.recommendations { tr {
                            th scope="row" { (r.id) }
                            td { (r.text) }
                            td { @if let Some(p) = plan {
                                (p.actions.iter().filter(|a| a.recommendations.contains(&r.id)).map(|a| a.id.as_str()).collect::<Vec<_>>().join(", "))
                            } }
                        } } }
                    }
                }
                @match plan {
                    None => p { "No action plan had been agreed by " (long_date(on)) "." },
                    Some(p) => {
                        h2 class="heading-m" { "Action plan " (p.year) ", version " (p.version) }
                        p { "Agreed " (long_date(p.agreed)) ". " (p.actions.len()) " actions; "
                            (p.actions.iter().filter(|a| a.status == sightline_domain::improvement::ActionStatus::Complete).count()) " complete, "
                            (p.actions.iter().filter(|a| a.rag == ActionRag::Red).count()) " rated red." }
                        @for t in sightline_domain::improvement::Theme::ALL {
                            table class="table" {
                                caption class="table-caption" { (t.label()) }
                                thead { tr {
                                    th scope="col" { "Action" } th scope="col" { "Description" } th scope="col" { "Owner" }
                                    th scope="col" { "Due" } th scope="col" { "Status" } th scope="col" { "RAG" }
                                    th scope="col" { "Linked indicators" }
                                } }
                                tbody { @for a in p.actions.iter().filter(|a| a.theme == *t) { tr {
                                    th scope="row" { (a.id) }
                                    td { (a.description) }
                                    td { (a.owner) }
                                    td class="nowrap" { (a.due) }
                                    td { (a.status.label()) }
                                    td { (action_rag_tag(a.rag)) }
                                    td { @for id in &a.indicators {
                                        @if let Some(f) = figures.iter().find(|f| &f.0 == id) {
                                            span class="small" { (f.1) ": " (f.2) " " } (rag_tag(f.3)) br;
                                        } @else { span class="small" { (id) } br; }
                                    } }
                                } } }
                            }
                        }
                    }
                }
                @if !records.visits.is_empty() {
                    h2 class="heading-m" { "Monitoring visits" }
                    table class="table" {
                        caption class="visually-hidden" { "Monitoring visits and their findings" }
                        thead { tr { th scope="col" { "Date" } th scope="col" { "Focus" } th scope="col" { "Findings" } } }
                        tbody { @for v in &records.visits { tr {
                            td class="nowrap" { (long_date(v.date)) }
                            td { (v.focus) }
                            td { ul class="list" { @for f in &v.findings { li { (f) } } } }
                        } } }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

pub(crate) async fn board_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::ImprovementPlan)?;
        let (view, r) = match board_for(&state, &ctx, &q)? {
            Ok(x) => x,
            Err(msg) => return Ok(bad_request(&ctx, "Board papers", &msg)),
        };
        let la = view.council.la.get();
        let kind_code = match r.kind {
            BoardKind::Operational => "operational",
            BoardKind::Strategic => "strategic",
        };
        let docx = format!(
            "/improvement/board.docx?la={la}&kind={kind_code}&meeting={}&last={}",
            r.meeting, r.since
        );
        Ok(page(
            "Board papers",
            Some(&ctx),
            html! {
                h1 class="heading-l" { (r.kind.label()) ": " (long_date(r.meeting)) }
                form method="get" action="/improvement/board" class="filters" {
                    input type="hidden" name="la" value=(la);
                    div class="form-group" {
                        label class="label" for="kind" { "Board" }
                        select class="select" id="kind" name="kind" {
                            option value="strategic" selected[r.kind == BoardKind::Strategic] { "Strategic (exceptions)" }
                            option value="operational" selected[r.kind == BoardKind::Operational] { "Operational (every action)" }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="meeting" { "Meeting date" }
                        div class="hint" id="meeting-hint" { "For example, 2024-10-14" }
                        input class="input input-width-20" id="meeting" name="meeting" type="date" aria-describedby="meeting-hint" value=(r.meeting);
                    }
                    div class="form-group" {
                        label class="label" for="last" { "Previous meeting" }
                        input class="input input-width-20" id="last" name="last" type="date" value=(r.since);
                    }
                    button type="submit" class="button button-secondary" { "Show" }
                }
                p { "Action plan " (r.plan.year) " version " (r.plan.version) ", agreed " (long_date(r.plan.agreed)) ": "
                    (r.plan.actions.len()) " actions, " strong id="exception-count" { (r.exceptions.len()) " exceptions" } ". "
                    a href=(docx) { "Download as a Word document" } }
                table class="table" id="theme-progress" {
                    caption class="table-caption" { "Progress by theme" }
                    thead { tr { th scope="col" { "Theme" } th scope="col" class="numeric" { "Actions" } th scope="col" class="numeric" { "Complete" } th scope="col" class="numeric" { "Red" } } }
                    tbody { @for (t, n, done, red) in r.theme_counts() { tr {
                        th scope="row" { (t.label()) }
                        td class="numeric" { (n) } td class="numeric" { (done) } td class="numeric" { (red) }
                    } } }
                }
                h2 class="heading-m" { "Exception report" }
                p class="hint" { "Actions not complete and rated red (off track), not complete and past their due date (overdue), or with a linked indicator rated red at the meeting date." }
                @if r.exceptions.is_empty() {
                    p { "No action is an exception at this meeting." }
                } @else {
                    table class="table" id="exceptions" {
                        caption class="visually-hidden" { "Exceptions at this meeting" }
                        thead { tr {
                            th scope="col" { "Action" } th scope="col" { "Theme" } th scope="col" { "Description" }
                            th scope="col" { "Owner" } th scope="col" { "Due" } th scope="col" { "RAG" } th scope="col" { "Why it is an exception" }
                        } }
                        tbody { @for e in &r.exceptions { tr {
                            th scope="row" { (e.action.id) }
                            td { (e.action.theme.label()) }
                            td { (e.action.description) }
                            td { (e.action.owner) }
                            td class="nowrap" { (e.action.due) }
                            td { (action_rag_tag(e.action.rag)) }
                            td { ul class="list" { @for why in &e.reasons { li { (boards::reason_text(why, &r)) } } } }
                        } } }
                    }
                }
                @if r.kind == BoardKind::Operational {
                    h2 class="heading-m" { "Action tracker" }
                    table class="table" id="tracker" {
                        caption class="visually-hidden" { "Every action of the plan" }
                        thead { tr {
                            th scope="col" { "Action" } th scope="col" { "Description" } th scope="col" { "Answers" }
                            th scope="col" { "Owner" } th scope="col" { "Due" } th scope="col" { "Status" } th scope="col" { "RAG" }
                            th scope="col" { "Evidence" } th scope="col" { "Linked indicators" }
                        } }
                        tbody { @for a in r.tracker() { tr {
                            th scope="row" { (a.id) }
                            td { (a.description) }
                            td { (a.recommendations.join(", ")) }
                            td { (a.owner) }
                            td class="nowrap" { (a.due) }
                            td { (a.status.label()) }
                            td { (action_rag_tag(a.rag)) }
                            td class="small" { (a.evidence.join("; ")) }
                            td { @for id in &a.indicators { @if let Some(f) = r.figure(id) {
                                span class="small" { (f.label) ": " (f.value) " " } (rag_tag(f.rag)) br;
                            } } }
                        } } }
                    }
                }
                h2 class="heading-m" { "Changes since " (long_date(r.since)) }
                @if r.changes.is_empty() { p { "No change to the plan since then." } }
                @else { ul class="list" id="changes" { @for c in &r.changes { li { (boards::change_text(c)) } } } }
            },
        )
        .into_response())
    })
    .await
}

pub(crate) async fn board_docx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::ImprovementPlan)?;
        let (_, r) = match board_for(&state, &ctx, &q)? {
            Ok(x) => x,
            Err(msg) => return Ok(bad_request(&ctx, "Board papers", &msg)),
        };
        let bytes = sightline_reports::render(&boards::build(&r), sightline_reports::Format::Docx)
            .map_err(|e| AppError::Store(sightline_store::StoreError::Database(e.to_string())))?;
        Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"board-{}.docx\"", r.meeting),
                ),
            ],
            bytes,
        )
            .into_response())
    })
    .await
}

/// The financial year and as-of date of a finance page: the year asked for
/// (default: the year holding the records' date) and as-of (default: the
/// records' date, clipped to the year).
fn year_and_date(view: &CouncilView, q: &AreaQuery) -> Result<(FinancialYear, Date), String> {
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => FinancialYear::containing(view.as_at),
        Some(y) => FinancialYear::parse(y).map_err(|e| format!("Financial year: {e}"))?,
    };
    let as_of = match date_param(q.as_of.as_deref()) {
        Ok(Some(d)) => d,
        Ok(None) => view.as_at.clamp(year.start(), year.end()),
        Err(e) => return Err(format!("As at: {e}")),
    };
    Ok((year, as_of))
}

/// The council's recorded costs, or its episodes at the default table.
fn costs_of(
    view: &CouncilView,
    records: &ImprovementRecords,
    year: FinancialYear,
) -> (Vec<PlacementCost>, &'static str) {
    if records.placement_costs.is_empty() {
        (
            sightline_finance::placement_costs_of(
                &view.council,
                &sightline_finance::CostTable::default(),
                year.start(),
                year.end(),
            ),
            "looked-after episodes at the default cost table (no placement costs are recorded)",
        )
    } else {
        (
            records.placement_costs.clone(),
            "placement costs recorded by the council",
        )
    }
}

fn year_form(action: &str, la: u16, year: FinancialYear, records: &ImprovementRecords) -> Markup {
    let mut years = records.budget_years.clone();
    if !years.contains(&year) {
        years.push(year);
    }
    years.sort();
    html! {
        form method="get" action=(action) class="filters" {
            input type="hidden" name="la" value=(la);
            div class="form-group" {
                label class="label" for="year" { "Financial year" }
                select class="select" id="year" name="year" {
                    @for y in &years { option value=(y.0) selected[*y == year] { (y) } }
                }
            }
            button type="submit" class="button button-secondary" { "Show" }
        }
    }
}

fn finance_nav(ctx: &Ctx, la: u16, year: FinancialYear) -> Markup {
    html! {
        p { a href=(format!("/finance?la={la}&year={}", year.0)) { "Placement budget" } " · "
            a href=(format!("/finance/residential?la={la}&year={}", year.0)) { "External residential review" } " · "
            a href=(format!("/finance/staffing?la={la}&year={}", year.0)) { "Staffing cost" }
            @if !ctx.may(Capability::FinanceDetail) { " (totals only)" } }
    }
}

pub(crate) async fn finance_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::FinanceTotals)?;
        let detail = ctx.may(Capability::FinanceDetail);
        let FinanceScope {
            view,
            year,
            as_of,
            records,
        } = match finance_scope(&state, &ctx, &q, "Placement finance")? {
            Ok(scope) => scope,
            Err(bad) => return Ok(bad),
        };
        let (costs, basis) = costs_of(&view, &records, year);
        let lines = match sightline_finance::project_budget(
            year,
            as_of,
            &costs,
            &records.budget_lines,
            &view.council.teams,
            &view.council.workers,
            &records.staff_rates,
        ) {
            Ok(l) => l,
            Err(e) => return Ok(bad_request(&ctx, "Placement finance", &e.to_string())),
        };
        let total = |f: fn(&sightline_finance::LineOutturn) -> Pence| -> Pence { lines.iter().map(f).sum() };
        let la = view.council.la.get();
        Ok(page(
            "Placement finance",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Placement finance " (year) ": " (view.council.name) }
                (finance_nav(&ctx, la, year))
                (year_form("/finance", la, year, &records))
                p class="hint" { "Projected outturn = spent to date + committed cost of current placements to 31 March + the line's growth assumption. Variance = outturn − budget (positive is an overspend). Basis: " (basis) "." }
                table class="table" id="budget-lines" {
                    caption class="table-caption" { "Budget lines and projected outturn" }
                    thead { tr {
                        th scope="col" { "Budget line" }
                        th scope="col" class="numeric" { "Budget" }
                        @if detail {
                            th scope="col" { "Ledger to" }
                            th scope="col" class="numeric" { "Spent to date" }
                            th scope="col" class="numeric" { "Committed" }
                            th scope="col" class="numeric" { "Growth" }
                            th scope="col" class="numeric" { "Current placements" }
                        }
                        th scope="col" class="numeric" { "Projected outturn" }
                        th scope="col" class="numeric" { "Variance" }
                    } }
                    tbody {
                        @for o in &lines { tr {
                            th scope="row" { (o.head.label()) }
                            td class="numeric" { (o.budget.display_millions()) }
                            @if detail {
                                td class="nowrap" { (o.as_of) }
                                td class="numeric" { (o.spent_to_date.display()) }
                                td class="numeric" { (o.committed.display()) }
                                td class="numeric" { (o.growth.display()) }
                                td class="numeric" { (o.current_placements) }
                            }
                            td class="numeric" { (o.outturn.display_millions()) }
                            td class="numeric" { (o.variance.display_millions()) @if o.variance.0 > 0 { " over" } @else if o.variance.0 < 0 { " under" } }
                        } }
                        tr {
                            th scope="row" { "Total" }
                            td class="numeric" { strong { (total(|o| o.budget).display_millions()) } }
                            @if detail {
                                td {} td class="numeric" { (total(|o| o.spent_to_date).display()) }
                                td class="numeric" { (total(|o| o.committed).display()) }
                                td class="numeric" { (total(|o| o.growth).display()) } td {}
                            }
                            td class="numeric" { strong id="total-outturn" { (total(|o| o.outturn).display_millions()) } }
                            td class="numeric" { strong id="total-variance" { (total(|o| o.variance).display_millions()) } }
                        }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

/// A count as an elected member may see it: 1 to 4 suppressed.
fn count_for(ctx: &Ctx, n: usize) -> String {
    if !ctx.may(Capability::UnsuppressedFigures) && crate::policy::is_small(n as u64) {
        "[c]".into()
    } else {
        n.to_string()
    }
}

pub(crate) async fn residential_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::FinanceTotals)?;
        let detail = ctx.may(Capability::FinanceDetail);
        let links = ctx.may(Capability::ChildLists);
        let FinanceScope {
            view,
            year,
            as_of,
            records,
        } = match finance_scope(&state, &ctx, &q, "External residential review")? {
            Ok(scope) => scope,
            Err(bad) => return Ok(bad),
        };
        let (costs, basis) = costs_of(&view, &records, year);
        let s = sightline_finance::residential_review(year, as_of, &costs, &records.residential_reviews);
        let la = view.council.la.get();
        Ok(page(
            "External residential review",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "External residential review " (year) }
                (finance_nav(&ctx, la, year))
                (year_form("/finance/residential", la, year, &records))
                p class="hint" { "As at " (long_date(as_of)) ". Basis: " (basis) "." }
                dl class="summary-list" id="residential-summary" {
                    (summary_row("Children in external residential or secure placements", count_for(&ctx, s.current)))
                    (summary_row("Average weekly cost", s.average_weekly.display()))
                    (summary_row("Highest weekly cost", s.highest_weekly.display()))
                    (summary_row("Projected saving this year from planned moves", s.projected_in_year.display()))
                    (summary_row("Full-year effect of planned moves", s.full_year.display()))
                    (summary_row("Saving to date from moves made", s.actual_to_date.display()))
                    (summary_row("Children moved / past their target date", html! { (count_for(&ctx, s.moved)) " / " (count_for(&ctx, s.overdue)) }))
                }
                @if detail {
                    table class="table" id="residential-rows" {
                        caption class="table-caption" { "Children in the review (by record id)" }
                        thead { tr {
                            th scope="col" { "Child" } th scope="col" { "Provider" }
                            th scope="col" class="numeric" { "Weekly cost" } th scope="col" { "Since" } th scope="col" class="numeric" { "Weeks" }
                            th scope="col" { "Plan" } th scope="col" { "Target" } th scope="col" { "Status" }
                            th scope="col" class="numeric" { "Saving this year" } th scope="col" class="numeric" { "Full year" } th scope="col" class="numeric" { "Saved to date" }
                        } }
                        tbody { @for r in &s.rows { tr {
                            th scope="row" { @if links { a href=(format!("/children/{la}/{}", r.child.as_str())) { (r.child.as_str()) } } @else { (r.child.as_str()) } }
                            td { (r.provider.label()) }
                            td class="numeric" { (r.weekly.display()) }
                            td class="nowrap" { (r.since) }
                            td class="numeric" { (r.weeks) }
                            td { (r.plan.map_or("Not reviewed", |p| p.label())) }
                            td class="nowrap" { (r.target.map(|t| t.to_string()).unwrap_or_else(|| "–".into())) }
                            td { @match &r.status {
                                ReviewStatus::InPlacement => "In placement",
                                ReviewStatus::Overdue => strong class="tag tag-red" { "Past target" },
                                ReviewStatus::Moved { date, .. } => { "Moved " (date) },
                            } }
                            td class="numeric" { (r.projected_in_year.display()) }
                            td class="numeric" { (r.full_year.display()) }
                            td class="numeric" { (r.actual_to_date.display()) }
                        } } }
                    }
                } @else {
                    p { "Figures for individual children are shown to leaders and finance officers only." }
                }
            },
        )
        .into_response())
    })
    .await
}

pub(crate) async fn staffing_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> Response {
    blocking(move || {
        let ctx = user_who_may(&state, &headers, Capability::FinanceTotals)?;
        let detail = ctx.may(Capability::FinanceDetail);
        let FinanceScope {
            view,
            year,
            as_of,
            records,
        } = match finance_scope(&state, &ctx, &q, "Staffing cost")? {
            Ok(scope) => scope,
            Err(bad) => return Ok(bad),
        };
        let teams = match sightline_finance::staffing_cost(
            &view.council.teams,
            &view.council.workers,
            &records.staff_rates,
            year,
            year.start(),
            as_of,
        ) {
            Ok(t) => t,
            Err(e) => return Ok(bad_request(&ctx, "Staffing cost", &e.to_string())),
        };
        let permanent: Pence = teams.iter().map(|t| t.permanent).sum();
        let agency: Pence = teams.iter().map(|t| t.agency).sum();
        let pct = |a: Pence, t: Pence| if t.0 > 0 { (a.0 as f64 * 100.0 / t.0 as f64).round() as i64 } else { 0 };
        let la = view.council.la.get();
        let fte = |h: u32| format!("{}.{:02}", h / 100, h % 100);
        Ok(page(
            "Staffing cost",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Staffing cost " (year) }
                (finance_nav(&ctx, la, year))
                (year_form("/finance/staffing", la, year, &records))
                p class="hint" { (long_date(year.start())) " to " (long_date(as_of)) ": each worker's yearly rate for their role and employment × FTE × days in post ÷ days in the year." }
                dl class="summary-list" id="staffing-summary" {
                    (summary_row("Permanent staff", permanent.display()))
                    (summary_row("Agency staff", agency.display()))
                    (summary_row("Agency share of the cost", html! { (pct(agency, permanent + agency)) "%" }))
                }
                @if detail {
                    table class="table" id="staffing-teams" {
                        caption class="table-caption" { "Cost per team" }
                        thead { tr {
                            th scope="col" { "Team" }
                            th scope="col" class="numeric" { "Permanent" } th scope="col" class="numeric" { "Permanent FTE" }
                            th scope="col" class="numeric" { "Agency" } th scope="col" class="numeric" { "Agency FTE" }
                            th scope="col" class="numeric" { "Agency share" }
                        } }
                        tbody { @for t in &teams { tr {
                            th scope="row" { (t.name) }
                            td class="numeric" { (t.permanent.display()) } td class="numeric" { (fte(t.permanent_fte)) }
                            td class="numeric" { (t.agency.display()) } td class="numeric" { (fte(t.agency_fte)) }
                            td class="numeric" { (pct(t.agency, t.total())) "%" }
                        } } }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}
