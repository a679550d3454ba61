//! The workforce overview (figures by team and service, health checks,
//! VEMT, homes), the casework page (unallocated cases, transfers, overdue
//! safety plans and SEND risk assessments, a worker's own caseload) and
//! rota cover.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maud::html;
use sightline_domain::Service;
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_workforce::Scope;
use sightline_workforce::allocation::{TransferStatus, transfers, unallocated};
use sightline_workforce::assurance::{
    health_checks_due, risk_plans_at, vemt_counts, vemt_meetings_in,
};
use sightline_workforce::census::census;
use sightline_workforce::rota::{Rota, coverage};

use super::{
    Reach, council_view, count_cell, grade_tag, holder_team, rate, reach, team_name, worker_name,
};
use crate::policy::{is_small, suppress};
use crate::session::signed_in;
use crate::{AppError, AppState, blocking, long_date, page};

#[derive(serde::Deserialize, Default)]
pub(crate) struct LaQuery {
    la: Option<u16>,
}

pub(crate) async fn overview_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LaQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let reach = reach(&ctx)?;
        let view = council_view(&state, &ctx, q.la)?;
        let rec = state.store.load_quality(view.council.la)?;
        let c = &view.council;
        let on = view.as_at;
        let la = c.la.get();
        let aggregate = reach == Reach::Aggregate;
        // Rows: the council, each service, each team (a manager or worker
        // sees their own team's row and the council's).
        let mut scopes: Vec<(String, Scope)> = vec![("Whole council".into(), Scope::Council)];
        if matches!(reach, Reach::All | Reach::Aggregate) {
            for s in Service::ALL {
                if c.teams.iter().any(|t| t.service == s) {
                    scopes.push((s.label().to_string(), Scope::Service(s)));
                }
            }
        }
        for t in &c.teams {
            if reach.team().is_none_or(|mine| mine == t.id) {
                scopes.push((t.name.clone(), Scope::Team(t.id)));
            }
        }
        let figures: Vec<_> = scopes
            .iter()
            .map(|(name, s)| (name, census(c, &rec.posts, *s, on)))
            .collect();
        let checks: Vec<_> = health_checks_due(c, &rec.health_checks, on)
            .into_iter()
            .filter(|h| reach.team().is_none_or(|t| t == h.team))
            .collect();
        let year_from = on
            .checked_sub_months(chrono::Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(on);
        let v = vemt_counts(c, &rec.vemt, year_from, on);
        let (meetings, discussed) = vemt_meetings_in(&rec.vemt_meetings, year_from, on);
        let hide_sex = if aggregate {
            suppress(&[v.female, v.male, v.other_or_unknown])
        } else {
            vec![false; 3]
        };
        let hide_risk = if aggregate {
            suppress(&[v.cse_high, v.cse_medium, v.cse_low])
        } else {
            vec![false; 3]
        };
        let hide_total = |n: u64| aggregate && is_small(n);
        Ok(page(
            "Workforce and quality",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Workforce and quality" }
                p class="hint" { (c.name) " as at " (long_date(on)) ". Census definitions: caseload per case-holding FTE, agency and vacancy rates of social worker FTE, turnover over the year." }
                @if reach.child_level() {
                    ul class="list" {
                        li { a href=(format!("/quality/casework?la={la}")) { "Unallocated cases, transfers and overdue plans" } }
                        li { a href=(format!("/quality/rota?la={la}")) { "Rota cover" } }
                        li { a href=(format!("/quality/audits?la={la}")) { "Case file audits" } }
                    }
                } @else {
                    ul class="list" { li { a href=(format!("/quality/audits?la={la}")) { "Case file audit grades" } } }
                }
                h2 class="heading-m" { "Workforce" }
                table class="table" {
                    caption class="table-caption" { "Social work workforce by service and team" }
                    thead { tr {
                        th scope="col" { "Service or team" }
                        th scope="col" class="numeric" { "Cases" }
                        th scope="col" class="numeric" { "Case-holding FTE" }
                        th scope="col" class="numeric" { "Caseload per FTE" }
                        th scope="col" class="numeric" { "Agency rate %" }
                        th scope="col" class="numeric" { "Vacancy rate %" }
                        th scope="col" class="numeric" { "Vacant FTE" }
                        th scope="col" class="numeric" { "Turnover %" }
                    } }
                    tbody { @for (name, f) in &figures { tr {
                        th scope="row" { (name) }
                        td class="numeric" { (count_cell(f.cases, hide_total(f.cases))) }
                        td class="numeric" { (format!("{:.1}", f.case_holder_fte as f64 / 100.0)) }
                        td class="numeric" { (rate(f.caseload_per_fte)) }
                        td class="numeric" { (rate(f.agency_rate)) }
                        td class="numeric" { (rate(f.vacancy_rate)) }
                        td class="numeric" { (format!("{:.1}", f.vacant_fte as f64 / 100.0)) }
                        td class="numeric" { (rate(f.turnover_rate)) }
                    } } }
                }
                h2 class="heading-m" { "Team health checks" }
                table class="table" {
                    caption class="table-caption" { "Latest check and when the next is due (12 months after good or outstanding, 6 after any other grade)" }
                    thead { tr { th scope="col" { "Team" } th scope="col" { "Last check" } th scope="col" { "Grade" } th scope="col" { "Next due" } th scope="col" { "Status" } } }
                    tbody { @for h in &checks { tr {
                        th scope="row" { (h.team_name) }
                        td { @if let Some(d) = h.last { (long_date(d)) } @else { "Never" } }
                        td { @if let Some(g) = h.grade { (grade_tag(g)) } }
                        td { @if let Some(d) = h.next_due { (long_date(d)) } @else { "Now" } }
                        td { @if h.overdue { strong class="tag tag-red" { "Overdue" } } @else { "Not yet due" } }
                    } } }
                }
                h2 class="heading-m" { "VEMT panel" }
                p { "Vulnerable, exploited, missing and trafficked children considered in the year to " (long_date(on)) "." }
                @if aggregate { p class="hint" { "* 1 to 4 children: suppressed, with the next smallest count where only one would be." } }
                table class="table" {
                    caption class="table-caption" { "Children considered by the VEMT panel" }
                    tbody {
                        tr { th scope="row" { "Panel meetings" } td class="numeric" { (meetings) } }
                        @if !aggregate { tr { th scope="row" { "Children discussed (new and reviewed)" } td class="numeric" { (discussed) } } }
                        tr { th scope="row" { "Children considered" } td class="numeric" { (count_cell(v.considered, hide_total(v.considered))) } }
                        tr { th scope="row" { "Female" } td class="numeric" { (count_cell(v.female, hide_sex[0])) } }
                        tr { th scope="row" { "Male" } td class="numeric" { (count_cell(v.male, hide_sex[1])) } }
                        tr { th scope="row" { "At risk of child sexual exploitation" } td class="numeric" { (count_cell(v.at_risk_of_cse, hide_total(v.at_risk_of_cse))) } }
                        tr { th scope="row" { "CSE risk high" } td class="numeric" { (count_cell(v.cse_high, hide_risk[0])) } }
                        tr { th scope="row" { "CSE risk medium" } td class="numeric" { (count_cell(v.cse_medium, hide_risk[1])) } }
                        tr { th scope="row" { "CSE risk low" } td class="numeric" { (count_cell(v.cse_low, hide_risk[2])) } }
                        tr { th scope="row" { "Open to VEMT at " (long_date(on)) } td class="numeric" { (count_cell(v.open, hide_total(v.open))) } }
                    }
                }
                h2 class="heading-m" { "The council's children's homes" }
                table class="table" {
                    caption class="table-caption" { "Latest Ofsted inspection of each home" }
                    thead { tr { th scope="col" { "Home" } th scope="col" { "URN" } th scope="col" class="numeric" { "Places" } th scope="col" { "Latest grade" } th scope="col" { "Inspected" } } }
                    tbody { @for h in &rec.homes { tr {
                        th scope="row" { (h.name) }
                        td { (h.urn) }
                        td class="numeric" { (h.places) }
                        @if let Some(i) = h.latest_on(on) {
                            td { (grade_tag(i.grade)) } td { (long_date(i.date)) }
                        } @else { td { "Not yet inspected" } td {} }
                    } } }
                }
            },
        )
        .into_response())
    })
    .await
}

pub(crate) async fn casework_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LaQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let reach = reach(&ctx)?;
        if !reach.child_level() {
            return Err(AppError::Forbidden);
        }
        let view = council_view(&state, &ctx, q.la)?;
        let rec = state.store.load_quality(view.council.la)?;
        let c = &view.council;
        let on = view.as_at;
        let la = c.la.get();
        let in_reach = |child: &str| match reach {
            Reach::All => true,
            Reach::Team(t) => holder_team(&view, child, on) == Some(t),
            Reach::Own { worker, .. } => super::holder_on(&view, child, on) == Some(worker),
            Reach::Aggregate => false,
        };
        // Unallocated cases are every manager's to allocate.
        let unalloc = if matches!(reach, Reach::Own { .. }) {
            vec![]
        } else {
            unallocated(c, on)
        };
        let mut moves = Vec::new();
        for rule in &rec.transfer_rules {
            for t in transfers(c, rule, on) {
                if matches!(t.status, TransferStatus::Pending | TransferStatus::Overdue)
                    && in_reach(t.child.as_str())
                {
                    moves.push((rule.name.clone(), t));
                }
            }
        }
        moves.sort_by_key(|(_, t)| (t.status != TransferStatus::Overdue, t.deadline));
        let (current, overdue) = risk_plans_at(&rec.risk_plans, on);
        let overdue: Vec<_> = overdue
            .into_iter()
            .filter(|p| in_reach(p.child.as_str()))
            .collect();
        let own: Vec<_> = match reach {
            Reach::Own { worker, .. } => c
                .children
                .iter()
                .filter(|r| r.allocated_worker_on(on) == Some(worker))
                .map(|r| {
                    let plan = rec
                        .risk_plans
                        .iter()
                        .filter(|p| p.child == r.child.id && p.is_current_on(on))
                        .min_by_key(|p| p.next_review);
                    (r, plan)
                })
                .collect(),
            _ => vec![],
        };
        let allocates = super::allocate::may_allocate(&ctx);
        let own_worker = match reach {
            Reach::Own { worker, .. } => Some(worker),
            _ => None,
        };
        let scope_text = match reach {
            Reach::Team(t) => format!("Your team: {}.", team_name(&view, t)),
            Reach::Own { .. } => "Your own caseload.".to_string(),
            _ => "Whole council.".to_string(),
        };
        Ok(page(
            "Unallocated cases, transfers and overdue plans",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Unallocated cases, transfers and overdue plans" }
                p class="hint" { "As at " (long_date(on)) ". " (scope_text) }
                @if let Some(worker) = own_worker {
                    h2 class="heading-m" { "Your caseload (" (own.len()) ")" }
                    table class="table" {
                        caption class="visually-hidden" { "Children allocated to " (worker_name(&view, worker)) }
                        thead { tr { th scope="col" { "Child" } th scope="col" { "Safety plan or risk assessment next review" } } }
                        tbody { @for (r, plan) in &own { tr {
                            td { a href=(format!("/children/{la}/{}", r.child.id.as_str())) { (r.child.id.as_str()) } }
                            td { @if let Some(p) = plan {
                                (p.kind.label()) ": " (long_date(p.next_review))
                                @if p.is_overdue_on(on) { " " strong class="tag tag-red" { "Overdue" } }
                            } @else { "None recorded" } }
                        } } }
                    }
                } @else {
                    h2 class="heading-m" id="unallocated" { "Unallocated cases (" (unalloc.len()) ")" }
                    p class="hint" { "The workload-pressures meeting's list: children with an open case and nobody allocated, longest first." }
                    @if unalloc.is_empty() { p { "Every open case has a worker." } } @else {
                        table class="table" {
                            caption class="visually-hidden" { "Unallocated cases" }
                            thead { tr {
                                th scope="col" { "Child" } th scope="col" { "Unallocated since" } th scope="col" class="numeric" { "Days unallocated" }
                                @if allocates { th scope="col" { span class="visually-hidden" { "Action" } } }
                            } }
                            tbody { @for u in unalloc.iter().take(300) { tr {
                                td { a href=(format!("/children/{la}/{}", u.child.as_str())) { (u.child.as_str()) } }
                                td { (long_date(u.since)) }
                                td class="numeric" { (u.days) }
                                @if allocates { td { a href=(format!("/quality/allocate/{la}/{}", u.child.as_str())) { "Allocate" span class="visually-hidden" { " " (u.child.as_str()) } } } }
                            } } }
                        }
                    }
                }
                h2 class="heading-m" id="transfers" { "Transfers pending or overdue (" (moves.len()) ")" }
                @if moves.is_empty() { p { "No transfers are waiting." } } @else {
                    table class="table" {
                        caption class="visually-hidden" { "Transfers under the transfer protocol" }
                        thead { tr { th scope="col" { "Child" } th scope="col" { "Rule" } th scope="col" { "Triggered" } th scope="col" { "Due by" } th scope="col" { "Status" } } }
                        tbody { @for (rule, t) in moves.iter().take(300) { tr {
                            td { a href=(format!("/children/{la}/{}", t.child.as_str())) { (t.child.as_str()) } }
                            td { (rule) }
                            td { (long_date(t.triggered)) }
                            td { (long_date(t.deadline)) }
                            td { @if t.status == TransferStatus::Overdue { strong class="tag tag-red" { "Overdue" } } @else { "Pending" } }
                        } } }
                    }
                }
                h2 class="heading-m" id="plans" { "Safety plans and SEND risk assessments overdue for review (" (overdue.len()) ")" }
                @if reach == Reach::All {
                    p class="hint" { (current[0]) " current safety plans and " (current[1]) " current SEND risk assessments." }
                }
                @if overdue.is_empty() { p { "None overdue." } } @else {
                    table class="table" {
                        caption class="visually-hidden" { "Plans overdue for review" }
                        thead { tr { th scope="col" { "Child" } th scope="col" { "Plan" } th scope="col" { "Review was due" } th scope="col" class="numeric" { "Days overdue" } } }
                        tbody { @for p in overdue.iter().take(300) { tr {
                            td { a href=(format!("/children/{la}/{}", p.child.as_str())) { (p.child.as_str()) } }
                            td { (p.kind.label()) }
                            td { (long_date(p.next_review)) }
                            td class="numeric" { (p.days_overdue) }
                        } } }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct RotaQuery {
    la: Option<u16>,
    team: Option<i64>,
    from: Option<String>,
    min: Option<usize>,
}

pub(crate) async fn rota_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<RotaQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let reach = reach(&ctx)?;
        if !reach.child_level() {
            return Err(AppError::Forbidden);
        }
        let view = council_view(&state, &ctx, q.la)?;
        let c = &view.council;
        let la = c.la.get();
        let team = match reach {
            Reach::All => q
                .team
                .or_else(|| c.teams.first().map(|t| t.id))
                .ok_or(AppError::NotFound)?,
            _ => {
                let mine = reach.team().ok_or(AppError::Forbidden)?;
                if q.team.is_some_and(|t| t != mine) {
                    return Err(AppError::Forbidden);
                }
                mine
            }
        };
        if !c.teams.iter().any(|t| t.id == team) {
            return Err(AppError::NotFound);
        }
        let monday = |d: sightline_domain::Date| {
            d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
        };
        let from_text = q.from.clone().unwrap_or_default();
        let from = parse_iso_date(&from_text)
            .or_else(|| parse_uk_date(&from_text))
            .map_or_else(|| monday(view.as_at), monday);
        let to = from + chrono::Duration::days(13);
        let min = q.min.unwrap_or(2).max(1);
        let rec = state.store.load_quality(c.la)?;
        let rota = Rota::new(&rec.patterns, &rec.leave);
        let cover = coverage(c, &rota, &[team], from, to, min);
        let members: Vec<_> = c
            .workers
            .iter()
            .filter(|w| w.team == team && (w.is_in_post_on(from) || w.is_in_post_on(to)))
            .collect();
        let short = cover.iter().filter(|d| d.below_minimum).count();
        Ok(page(
            "Rota cover",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Rota cover: " (team_name(&view, team)) }
                p class="hint" { "Working days from " (long_date(from)) " to " (long_date(to)) " (bank holidays excluded). Working patterns (nine-day fortnights, part-time weeks) and leave decide who is in." }
                form method="get" action="/quality/rota" class="filters" {
                    input type="hidden" name="la" value=(la);
                    @if reach == Reach::All {
                        div class="form-group" {
                            label class="label" for="team" { "Team" }
                            select class="select" id="team" name="team" {
                                @for t in &c.teams { option value=(t.id) selected[t.id == team] { (t.name) } }
                            }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="from" { "Fortnight starting" }
                        input class="input input-width-20" id="from" name="from" type="text" value=(from.to_string());
                    }
                    div class="form-group" {
                        label class="label" for="min" { "Minimum in" }
                        input class="input input-width-2" id="min" name="min" type="text" inputmode="numeric" value=(min);
                    }
                    button type="submit" class="button button-secondary" { "Show" }
                }
                @if short > 0 {
                    div class="warning-text" { strong { (short) " working days below the minimum of " (min) "." } }
                }
                table class="table" {
                    caption class="table-caption" { "Who is in, per working day" }
                    thead { tr { th scope="col" { "Day" } th scope="col" class="numeric" { "In" } th scope="col" { "Who" } th scope="col" { "Cover" } } }
                    tbody { @for d in &cover { tr {
                        th scope="row" class="nowrap" { (d.date.format("%a %-d %b %Y")) }
                        td class="numeric" { (d.present.len()) }
                        td class="small" { @for (i, w) in d.present.iter().enumerate() { @if i > 0 { ", " } (worker_name(&view, *w)) } }
                        td { @if d.below_minimum { strong class="tag tag-red" { "Below minimum" } } @else { "Covered" } }
                    } } }
                }
                h2 class="heading-m" { "Working patterns" }
                table class="table" {
                    caption class="visually-hidden" { "Working pattern of each member of the team" }
                    thead { tr { th scope="col" { "Worker" } th scope="col" { "Role" } th scope="col" { "Pattern" } } }
                    tbody { @for w in &members { tr {
                        td { (w.name) }
                        td { (w.role.label()) }
                        td { (pattern_label(rec.patterns.iter().filter(|p| p.worker == w.id && p.from <= to).max_by_key(|p| p.from).map(|p| &p.pattern))) }
                    } } }
                }
            },
        )
        .into_response())
    })
    .await
}

fn pattern_label(p: Option<&sightline_domain::quality::WorkingPattern>) -> String {
    use sightline_domain::quality::WorkingPattern::*;
    match p {
        None | Some(FullTime) => "Full time".into(),
        Some(NineDayFortnight { day_off, anchor }) => format!(
            "Nine-day fortnight, {day_off} off every other week (from the week of {})",
            long_date(*anchor)
        ),
        Some(PartTime { days }) => format!(
            "Part time: {}",
            days.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
