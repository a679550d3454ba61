//! Allocate or reallocate a child to a worker, from the unallocated-cases
//! list (the workload-pressures meeting's view) or any case in reach.
//!
//! Why here and not among the child's recording forms: allocation is a
//! management decision about the workforce, made by the team manager (for
//! their own team's children and any unallocated child, to a worker of
//! their own team), a head of service or the director; a social worker never
//! allocates. The record keeps its history: the allocation current on the
//! new start date ends that day (`Allocation::end` is exclusive, so the
//! child is never held by two workers on one day) and a new one begins.
//!
//! Refused, with the input kept and nothing saved: a worker who is not in
//! post on the date or does not hold cases, a worker outside the manager's
//! team, the worker who already holds the case, a date on or before the
//! start of an allocation already recorded, a date in the future, and an
//! allocation that would take the worker over their caseload limit
//! (`sightline_workforce::caseload::CaseloadLimits`, the seeds' limits: 20
//! for a full-time social worker, 12 for an NQSW in their first six months,
//! scaled by FTE). Saves are optimistic, as the child's recording forms are:
//! the form carries the record's version and a concurrent change is
//! reported, never overwritten.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use sightline_domain::codes::SocialWorkerChangeReason;
use sightline_domain::journey::Allocation;
use sightline_domain::{ChildRecord, CodeList, Date, Worker};
use sightline_store::StoreError;
use sightline_workforce::caseload::CaseloadLimits;

use super::audits::{
    Errors, err_of, error_line, field, group_class, parse_date, text_input, worker_select,
};
use super::{reach, team_name, worker_name};
use crate::child::Loaded;
use crate::policy::Role;
use crate::session::{errors_markup, signed_in};
use crate::{AppError, AppState, CouncilView, Ctx, blocking, long_date, page};

#[derive(serde::Deserialize, Default)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

/// May the user allocate at all: team managers with a team, heads of
/// service and the director, on an account that has not expired.
pub(crate) fn may_allocate(ctx: &Ctx) -> bool {
    !ctx.subject.expired
        && match ctx.subject.role {
            Role::TeamManager => ctx.user.team.is_some(),
            Role::HeadOfService | Role::Director => true,
            _ => false,
        }
}

/// The child's record once the user may allocate it: a team manager only
/// their team's children and unallocated ones.
fn load_for_allocation(
    state: &AppState,
    ctx: &Ctx,
    la: &str,
    child: &str,
) -> Result<Loaded, AppError> {
    reach(ctx)?;
    if !may_allocate(ctx) {
        return Err(AppError::Forbidden);
    }
    let l = crate::child::load(state, ctx, la, child)?;
    if !may_allocate_child(ctx, &l.rel) {
        return Err(AppError::Forbidden);
    }
    Ok(l)
}

/// May the user allocate the child related to them as `rel`: leaders any
/// child, a team manager only their team's children and unallocated ones.
pub(crate) fn may_allocate_child(ctx: &Ctx, rel: &crate::policy::ChildRelation) -> bool {
    may_allocate(ctx)
        && (ctx.subject.role != Role::TeamManager || rel.in_user_team || rel.unallocated)
}

/// The team a team manager allocates within; `None` for leaders.
fn manager_team(ctx: &Ctx) -> Option<i64> {
    (ctx.subject.role == Role::TeamManager)
        .then_some(ctx.user.team)
        .flatten()
}

/// Cases held by `worker` on `on`, not counting `except`.
fn cases_of(view: &CouncilView, worker: i64, on: Date, except: &ChildRecord) -> u64 {
    view.council
        .children
        .iter()
        .filter(|r| r.child.id != except.child.id && r.allocated_worker_on(on) == Some(worker))
        .count() as u64
}

/// The record with the new allocation, or what is wrong with the form.
fn read_allocation(
    view: &CouncilView,
    record: &ChildRecord,
    form: &HashMap<String, String>,
    team: Option<i64>,
    today: Date,
) -> Result<ChildRecord, Errors> {
    let mut errors: Errors = Vec::new();
    let date = parse_date(field(form, "start"));
    match date {
        None => errors.push((
            "start",
            "Enter the date the allocation starts, for example 2025-03-14".into(),
        )),
        Some(d) if d > today => errors.push((
            "start",
            format!(
                "The allocation cannot start after today ({})",
                long_date(today)
            ),
        )),
        Some(d) => {
            if let Some(later) = record
                .allocations
                .iter()
                .filter(|a| a.start >= d)
                .max_by_key(|a| a.start)
            {
                errors.push((
                    "start",
                    format!(
                        "An allocation to {} is recorded from {}: the new allocation must start after it",
                        worker_name(view, later.worker),
                        long_date(later.start)
                    ),
                ));
            }
        }
    }
    let worker: Option<&Worker> = field(form, "worker")
        .parse::<i64>()
        .ok()
        .and_then(|id| view.council.workers.iter().find(|w| w.id == id));
    match (worker, date) {
        (None, _) => errors.push(("worker", "Choose the worker to allocate".into())),
        (Some(w), Some(on)) if !w.is_in_post_on(on) => errors.push((
            "worker",
            format!("{} is not in post on {}", w.name, long_date(on)),
        )),
        (Some(w), _) if !w.case_holding => errors.push((
            "worker",
            format!(
                "{} does not hold cases: choose a case-holding worker",
                w.name
            ),
        )),
        (Some(w), _) if team.is_some_and(|t| t != w.team) => errors.push((
            "worker",
            format!(
                "{} is in {}: a team manager allocates to workers of their own team",
                w.name,
                team_name(view, w.team)
            ),
        )),
        (Some(w), Some(on)) if record.allocated_worker_on(on) == Some(w.id) => errors.push((
            "worker",
            format!("{} already holds this case on {}", w.name, long_date(on)),
        )),
        (Some(w), Some(on)) => {
            let (nqsw, limit) =
                CaseloadLimits::default().limit_for(w.role, w.qualified, w.fte_hundredths, on);
            let cases = cases_of(view, w.id, on, record);
            if let Some(limit) = limit.filter(|l| cases + 1 > *l) {
                errors.push((
                    "worker",
                    format!(
                        "{} holds {cases} cases on {}: one more would exceed the {}limit of {limit}",
                        w.name,
                        long_date(on),
                        if nqsw { "newly qualified social worker's " } else { "caseload " }
                    ),
                ));
            }
        }
        _ => {}
    }
    let reason = SocialWorkerChangeReason::parse(field(form, "reason")).ok();
    if reason.is_none() {
        errors.push(("reason", "Choose the reason for the allocation".into()));
    }
    let (Some(date), Some(w), Some(reason), true) = (date, worker, reason, errors.is_empty())
    else {
        return Err(errors);
    };
    let mut new = record.clone();
    for a in new.allocations.iter_mut().filter(|a| a.is_current_on(date)) {
        a.end = Some(date);
    }
    let id = new.allocations.iter().map(|a| a.id).max().unwrap_or(0) + 1;
    new.allocations.push(Allocation {
        id,
        worker: w.id,
        start: date,
        end: None,
        reason,
    });
    new.sort();
    Ok(new)
}

fn allocation_markup(
    ctx: &Ctx,
    l: &Loaded,
    form: &HashMap<String, String>,
    errors: &Errors,
    version: i64,
    saved: bool,
) -> Markup {
    let view = &l.view;
    let r = &l.record;
    let la = l.la.get();
    let on = view.as_at;
    let child = r.child.id.as_str();
    let team = manager_team(ctx);
    let limits = CaseloadLimits::default();
    let by = sightline_workforce::census::cases_by_worker(&view.council, on);
    let mut people: Vec<&Worker> = view
        .council
        .workers
        .iter()
        .filter(|w| w.case_holding && w.is_in_post_on(on) && team.is_none_or(|t| t == w.team))
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let current = r.allocated_worker_on(on);
    let mut defaults = form.clone();
    if form.is_empty() {
        defaults.insert("start".into(), on.to_string());
    }
    let reason_err = err_of(errors, "reason");
    let chosen_reason = field(&defaults, "reason").to_string();
    html! {
        (errors_markup(errors))
        @if saved { div class="notification-banner notification-banner-success" role="status" { p { "Allocation saved." } } }
        span class="caption-l" { "Child " (child) }
        h1 class="heading-l" { @if current.is_some() { "Reallocate the case" } @else { "Allocate the case" } }
        p { "Held by: " @if let Some(w) = current { (worker_name(view, w)) } @else { strong class="tag tag-red" { "Unallocated" } } " on " (long_date(on)) "." }
        @if !r.allocations.is_empty() {
            table class="table" {
                caption class="table-caption" { "Allocation history" }
                thead { tr { th scope="col" { "Worker" } th scope="col" { "From" } th scope="col" { "Until" } th scope="col" { "Reason" } } }
                tbody { @for a in r.allocations.iter().rev() { tr {
                    th scope="row" { (worker_name(view, a.worker)) }
                    td { (long_date(a.start)) }
                    td { @if let Some(e) = a.end { (long_date(e)) } @else { "Now" } }
                    td { (a.reason.label()) }
                } } }
            }
        }
        h2 class="heading-m" { "New allocation" }
        p class="hint" {
            "Case-holding workers in post"
            @if let Some(t) = team { " in " (team_name(view, t)) }
            ", with their cases on " (long_date(on)) ". The allocation current on the start date ends that day."
        }
        ul class="list small" {
            @for w in &people {
                @let (nqsw, limit) = limits.limit_for(w.role, w.qualified, w.fte_hundredths, on);
                li { (w.name) ": " (by.get(&w.id).copied().unwrap_or(0)) " cases"
                    @if let Some(l) = limit { " (limit " (l) @if nqsw { ", newly qualified" } ")" } }
            }
        }
        form method="post" action=(format!("/quality/allocate/{la}/{child}")) novalidate {
            input type="hidden" name="csrf" value=(ctx.session.csrf);
            input type="hidden" name="version" value=(version);
            (worker_select("worker", "Worker", &people, &defaults, errors))
            (text_input("start", "Allocated from", Some("For example 2025-03-14"), &defaults, errors))
            div class=(group_class(reason_err)) {
                label class="label" for="reason" { "Reason" }
                (error_line(reason_err))
                select class="select" id="reason" name="reason" {
                    option value="" { "Choose" }
                    @for x in SocialWorkerChangeReason::ALL {
                        option value=(x.code()) selected[chosen_reason == x.code()] { (x.label()) }
                    }
                }
            }
            button type="submit" class="button" { "Save allocation" }
        }
        p { a href=(format!("/quality/casework?la={la}#unallocated")) { "Back to unallocated cases" } }
    }
}

pub(crate) async fn allocation_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
    Query(q): Query<SavedQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let l = load_for_allocation(&state, &ctx, &la, &child)?;
        state.audit(
            l.la,
            &ctx.user.username,
            Some(l.record.child.id.as_str()),
            "viewed allocation history",
            "allocation page",
            state.now(),
        )?;
        let v = l.record.version;
        let body = allocation_markup(&ctx, &l, &HashMap::new(), &vec![], v, q.saved.is_some());
        Ok(page("Allocate a case", Some(&ctx), body).into_response())
    })
    .await
}

pub(crate) async fn allocate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let l = load_for_allocation(&state, &ctx, &la, &child)?;
        let version = form
            .get("version")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(-1);
        let rerender = |errors: Errors, status: StatusCode| {
            let v = if version >= 0 { version } else { l.record.version };
            let body = allocation_markup(&ctx, &l, &form, &errors, v, false);
            Ok((status, page("Error: Allocate a case", Some(&ctx), body)).into_response())
        };
        let conflict = || {
            rerender(
                vec![(
                    "worker",
                    "Someone else changed this record while you were editing it. Nothing you entered has been saved: open the record again to see their change, then enter yours.".into(),
                )],
                StatusCode::CONFLICT,
            )
        };
        if version != l.record.version {
            return conflict();
        }
        let today = state.today().max(l.view.as_at);
        let mut new = match read_allocation(&l.view, &l.record, &form, manager_team(&ctx), today)
        {
            Ok(n) => n,
            Err(errors) => return rerender(errors, StatusCode::BAD_REQUEST),
        };
        new.version = version;
        match state.store.save_child(l.la, &new) {
            Ok(v) => {
                new.version = v;
                let worker = new
                    .allocations
                    .iter()
                    .max_by_key(|a| (a.start, a.id))
                    .map_or(0, |a| a.worker);
                state.audit(
                    l.la,
                    &ctx.user.username,
                    Some(new.child.id.as_str()),
                    &format!("allocated the case to worker {worker}"),
                    "allocation form",
                    state.now(),
                )?;
                let child = new.child.id.as_str().to_string();
                state.record_saved(l.la, new);
                Ok(
                    Redirect::to(&format!("/quality/allocate/{}/{child}?saved=1", l.la.get()))
                        .into_response(),
                )
            }
            Err(StoreError::Conflict { .. }) => conflict(),
            Err(e) => Err(e.into()),
        }
    })
    .await
}
