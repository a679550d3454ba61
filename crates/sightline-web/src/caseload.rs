//! Caseloads: a team's workers with their cases, weighted caseload and
//! overdue items, the team's unallocated cases, and one worker's children.
//! Searchable and sortable with plain query parameters (no script).
//!
//! Why weighting: a child on a child protection plan takes more of a
//! worker's time than a child in need. The weights are simple and shown on
//! the page: child protection plan 3, looked after 2, other child in need 1
//! (the highest that applies to the child), plus 1 for each overdue
//! statutory item. They are a guide for managers, not a workload model.
//!
//! What it deliberately does not do: reallocate cases (a recording form
//! for allocation is future work).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::html;
use sightline_domain::ChildRecord;

use crate::policy::{Capability, ChildAction, Decision, Role, child_access};
use crate::session::signed_in;
use crate::{AppError, AppState, CouncilView, blocking, due, page};

/// The weight of one open case (see the module docs).
pub fn case_weight(
    r: &ChildRecord,
    view_on: sightline_domain::Date,
    overdue: usize,
) -> Option<u32> {
    let base = if r.is_on_cp_plan_on(view_on) {
        3
    } else if r.is_looked_after_on(view_on) {
        2
    } else if r.is_in_need_on(view_on) {
        1
    } else {
        return None;
    };
    Some(base + overdue as u32)
}

struct Case<'a> {
    record: &'a ChildRecord,
    worker: Option<i64>,
    weight: u32,
    overdue: usize,
    status: &'static str,
}

fn open_cases(view: &CouncilView) -> Vec<Case<'_>> {
    let on = view.as_at;
    view.council
        .children
        .iter()
        .filter_map(|r| {
            let overdue = due::due_items(r, on).iter().filter(|i| i.overdue).count();
            let weight = case_weight(r, on, overdue)?;
            let status = if r.is_on_cp_plan_on(on) {
                "Child protection"
            } else if r.is_looked_after_on(on) {
                "Looked after"
            } else {
                "Child in need"
            };
            Some(Case {
                record: r,
                worker: view.allocated_worker(r),
                weight,
                overdue,
                status,
            })
        })
        .collect()
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct TeamQuery {
    la: Option<u16>,
    team: Option<i64>,
    q: Option<String>,
    sort: Option<String>,
}

pub(crate) async fn team_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TeamQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let all = ctx.may(Capability::AllCaseloads);
        if !all && !ctx.may(Capability::OwnTeamCaseload) {
            return Err(AppError::Forbidden);
        }
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
        let team = if all { q.team } else { ctx.user.team };
        if !all && q.team.is_some_and(|t| Some(t) != ctx.user.team) {
            return Err(AppError::Forbidden);
        }
        let cases = open_cases(&view);
        let mut per_worker: HashMap<i64, (usize, u32, usize)> = HashMap::new();
        for c in &cases {
            if let Some(w) = c.worker {
                let e = per_worker.entry(w).or_default();
                e.0 += 1;
                e.1 += c.weight;
                e.2 += c.overdue;
            }
        }
        let search = q.q.clone().unwrap_or_default().trim().to_lowercase();
        let mut rows: Vec<_> = view
            .council
            .workers
            .iter()
            .filter(|w| w.case_holding && w.is_in_post_on(view.as_at))
            .filter(|w| team.is_none_or(|t| w.team == t))
            .filter(|w| search.is_empty() || w.name.to_lowercase().contains(&search))
            .map(|w| {
                let (n, wt, od) = per_worker.get(&w.id).copied().unwrap_or_default();
                (w, n, wt, od)
            })
            .collect();
        match q.sort.as_deref() {
            Some("cases") => rows.sort_by_key(|r| std::cmp::Reverse(r.1)),
            Some("weight") => rows.sort_by_key(|r| std::cmp::Reverse(r.2)),
            Some("overdue") => rows.sort_by_key(|r| std::cmp::Reverse(r.3)),
            _ => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
        }
        // Unallocated open cases: managers (and service-wide roles) only.
        let show_unallocated = ctx.subject.role != Role::SocialWorker;
        let unallocated: Vec<&Case> = if show_unallocated {
            cases.iter().filter(|c| c.worker.is_none()).collect()
        } else {
            vec![]
        };
        let team_name = team.and_then(|t| view.council.teams.iter().find(|x| x.id == t));
        let la = view.council.la.get();
        Ok(page(
            "Caseloads",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Caseloads" @if let Some(t) = team_name { ": " (t.name) } }
                p class="hint" { "Open cases as at " (crate::long_date(view.as_at)) ". Weight: child protection plan 3, looked after 2, child in need 1, plus 1 for each overdue item." }
                form method="get" action="/caseloads" class="filters" {
                    input type="hidden" name="la" value=(la);
                    @if all {
                        div class="form-group" {
                            label class="label" for="team" { "Team" }
                            select class="select" id="team" name="team" {
                                option value="" { "All teams" }
                                @for t in &view.council.teams { option value=(t.id) selected[team == Some(t.id)] { (t.name) } }
                            }
                        }
                    }
                    div class="form-group" {
                        label class="label" for="q" { "Worker name" }
                        input class="input input-width-20" id="q" name="q" type="search" value=(q.q.clone().unwrap_or_default());
                    }
                    div class="form-group" {
                        label class="label" for="sort" { "Sort by" }
                        select class="select" id="sort" name="sort" {
                            @for (v, l) in [("name", "Name"), ("cases", "Cases"), ("weight", "Weighted caseload"), ("overdue", "Overdue items")] {
                                option value=(v) selected[q.sort.as_deref().unwrap_or("name") == v] { (l) }
                            }
                        }
                    }
                    button type="submit" class="button button-secondary" { "Apply" }
                }
                table class="table" {
                    caption class="visually-hidden" { "Caseload per worker" }
                    thead { tr {
                        th scope="col" { "Worker" } th scope="col" { "Role" }
                        th scope="col" class="numeric" { "Cases" } th scope="col" class="numeric" { "Weighted" } th scope="col" class="numeric" { "Overdue items" }
                    } }
                    tbody { @for (w, n, wt, od) in &rows { tr {
                        td { a href=(format!("/caseloads/worker/{la}/{}", w.id)) { (w.name) } }
                        td { (w.role.label()) }
                        td class="numeric" { (n) } td class="numeric" { (wt) } td class="numeric" { (od) }
                    } } }
                }
                @if show_unallocated {
                    h2 class="heading-m" { "Unallocated cases (" (unallocated.len()) ")" }
                    @if unallocated.is_empty() { p { "Every open case has a worker." } }
                    @else {
                        table class="table" {
                            thead { tr { th scope="col" { "Child" } th scope="col" { "Status" } th scope="col" class="numeric" { "Overdue items" } } }
                            tbody { @for c in unallocated.iter().take(200) { tr {
                                td { a href=(format!("/children/{la}/{}", c.record.child.id.as_str())) { (c.record.child.id.as_str()) } }
                                td { (c.status) } td class="numeric" { (c.overdue) }
                            } } }
                        }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct WorkerQuery {
    q: Option<String>,
    sort: Option<String>,
}

pub(crate) async fn worker_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, worker)): Path<(String, String)>,
    Query(q): Query<WorkerQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let la: u16 = la.parse().map_err(|_| AppError::NotFound)?;
        let worker: i64 = worker.parse().map_err(|_| AppError::NotFound)?;
        let view = state.council(la).ok_or(AppError::NotFound)?;
        if !ctx.sees_council(view.council.la) {
            return Err(AppError::NotFound);
        }
        let w = view
            .council
            .workers
            .iter()
            .find(|x| x.id == worker)
            .ok_or(AppError::NotFound)?;
        let all = ctx.may(Capability::AllCaseloads);
        let own_team = ctx.may(Capability::OwnTeamCaseload) && ctx.user.team == Some(w.team);
        if !all && !own_team {
            return Err(AppError::Forbidden);
        }
        let search = q.q.clone().unwrap_or_default().trim().to_lowercase();
        let mut cases: Vec<Case> = open_cases(&view)
            .into_iter()
            .filter(|c| c.worker == Some(worker))
            .filter(|c| {
                search.is_empty()
                    || c.record.child.full_name().to_lowercase().contains(&search)
                    || c.record.child.id.as_str().to_lowercase().contains(&search)
            })
            .collect();
        match q.sort.as_deref() {
            Some("weight") => cases.sort_by_key(|c| std::cmp::Reverse(c.weight)),
            Some("overdue") => cases.sort_by_key(|c| std::cmp::Reverse(c.overdue)),
            _ => cases.sort_by(|a, b| a.record.child.surname.cmp(&b.record.child.surname)),
        }
        // Each case the user may move (the allocation form's own rule) gets
        // a link to reallocate it.
        let mut rows = Vec::new();
        for c in &cases {
            let rel = crate::child::relation(&state, &ctx, &view, c.record, false)?;
            let open = child_access(&ctx.subject, &rel, ChildAction::Summary) == Decision::Allow;
            let moves = crate::quality_pages::may_allocate_child(&ctx, &rel);
            rows.push((c, open, moves));
        }
        let reallocates = rows.iter().any(|r| r.2);
        Ok(page(
            &format!("Caseload of {}", w.name),
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Caseload of " (w.name) }
                p class="hint" { (cases.len()) " open cases as at " (crate::long_date(view.as_at)) }
                form method="get" action=(format!("/caseloads/worker/{la}/{worker}")) class="filters" {
                    div class="form-group" {
                        label class="label" for="q" { "Child's name or id" }
                        input class="input input-width-20" id="q" name="q" type="search" value=(q.q.clone().unwrap_or_default());
                    }
                    div class="form-group" {
                        label class="label" for="sort" { "Sort by" }
                        select class="select" id="sort" name="sort" {
                            @for (v, l) in [("name", "Surname"), ("weight", "Weight"), ("overdue", "Overdue items")] {
                                option value=(v) selected[q.sort.as_deref().unwrap_or("name") == v] { (l) }
                            }
                        }
                    }
                    button type="submit" class="button button-secondary" { "Apply" }
                }
                table class="table" {
                    caption class="visually-hidden" { "Children allocated" }
                    thead { tr {
                        th scope="col" { "Child" } th scope="col" { "Status" } th scope="col" class="numeric" { "Weight" } th scope="col" class="numeric" { "Overdue items" }
                        @if reallocates { th scope="col" { span class="visually-hidden" { "Reallocate" } } }
                    } }
                    tbody { @for (c, open, moves) in &rows { tr {
                        td { @if *open {
                            a href=(format!("/children/{la}/{}", c.record.child.id.as_str())) { (c.record.child.full_name()) }
                        } @else if c.record.child.restricted { "Restricted record " (c.record.child.id.as_str()) }
                        @else { (c.record.child.full_name()) } }
                        td { (c.status) } td class="numeric" { (c.weight) } td class="numeric" { (c.overdue) }
                        @if reallocates { td { @if *moves {
                            a href=(format!("/quality/allocate/{la}/{}", c.record.child.id.as_str())) { "Reallocate" span class="visually-hidden" { " " (c.record.child.id.as_str()) } }
                        } } }
                    } } }
                }
            },
        )
        .into_response())
    })
    .await
}
