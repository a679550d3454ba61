//! Workforce and quality-assurance pages (issue #8): workforce figures by
//! team and service, unallocated cases and transfers, rota cover, case file
//! audits (schedule, the structured audit form, actions, the quarterly
//! grade distribution against the previous quarter), team health checks,
//! VEMT, overdue safety plans and SEND risk assessments, and the council's
//! children's homes.
//!
//! Routes live under `/quality/...` and are merged into the app's router by
//! [`routes`]; [`nav_links`] adds this area's entry to the main navigation.
//!
//! Who sees what ([`Reach`], from the existing capabilities in `policy`):
//! service-wide roles (head of service, director, performance officer,
//! inspector) see everything; a team manager their team (and every
//! unallocated case, which is theirs to allocate); a social worker their own
//! caseload and the audits of their own cases; an elected member the
//! aggregate figures only, with counts of children from 1 to 4 suppressed.
//! Administrators and finance officers see none of it. Recording an audit
//! is for managers (team managers, heads of service, directors); the store
//! refuses nothing the form has not already checked, and an audit by the
//! case's own manager is refused with the input kept. Allocating a case
//! ([`allocate`]) is for team managers (their team's and unallocated
//! children, to their own team's workers), heads of service and the
//! director; marking an audit action complete is for its owner or a
//! manager who may see the audit.
//!
//! Every figure comes from `sightline-workforce` over the store's records.

mod allocate;
pub(crate) use allocate::may_allocate_child;
mod audits;
mod views;

use axum::Router;
use axum::routing::get;
use maud::{Markup, html};

use crate::policy::{Capability, Role};
use crate::{AppError, AppState, CouncilView, Ctx};

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/quality", get(views::overview_page))
        .route("/quality/casework", get(views::casework_page))
        .route("/quality/rota", get(views::rota_page))
        .route(
            "/quality/audits",
            get(audits::audits_page).post(audits::record_audit),
        )
        .route("/quality/audits/:la/:id", get(audits::audit_page))
        .route(
            "/quality/audits/:la/:id/moderate",
            axum::routing::post(audits::moderate_audit),
        )
        .route(
            "/quality/audits/:la/:id/actions",
            axum::routing::post(audits::complete_action),
        )
        .route(
            "/quality/allocate/:la/:child",
            get(allocate::allocation_page).post(allocate::allocate),
        )
}

/// This area's entries in the main navigation, for the signed-in user.
pub(crate) fn nav_links(ctx: &Ctx) -> Markup {
    html! {
        @if reach(ctx).is_ok() {
            li { a href="/quality" { "Workforce and quality" } }
        }
    }
}

/// How far a user's view of the workforce and quality records reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Service-wide roles: every team and child.
    All,
    /// A team manager: their team.
    Team(i64),
    /// A social worker: their own caseload and audits (and their team's rota).
    Own { worker: i64, team: Option<i64> },
    /// An elected member: aggregate figures only, small numbers suppressed.
    Aggregate,
}

impl Reach {
    fn child_level(self) -> bool {
        self != Reach::Aggregate
    }
    fn team(self) -> Option<i64> {
        match self {
            Reach::Team(t) => Some(t),
            Reach::Own { team, .. } => team,
            _ => None,
        }
    }
}

pub(crate) fn reach(ctx: &Ctx) -> Result<Reach, AppError> {
    if ctx.subject.expired {
        return Err(AppError::Forbidden);
    }
    if ctx.may(Capability::AllCaseloads) {
        return Ok(Reach::All);
    }
    match (ctx.subject.role, ctx.user.team, ctx.user.worker) {
        (Role::TeamManager, Some(t), _) => Ok(Reach::Team(t)),
        (Role::SocialWorker, team, Some(worker)) => Ok(Reach::Own { worker, team }),
        (Role::ElectedMember, _, _) => Ok(Reach::Aggregate),
        _ => Err(AppError::Forbidden),
    }
}

/// May record case file audits (managers).
pub(crate) fn may_record_audits(ctx: &Ctx) -> bool {
    !ctx.subject.expired
        && matches!(
            ctx.subject.role,
            Role::TeamManager | Role::HeadOfService | Role::Director
        )
}

/// The council the request is about (`la` or the user's first).
fn council_view(
    state: &AppState,
    ctx: &Ctx,
    la: Option<u16>,
) -> Result<std::sync::Arc<CouncilView>, AppError> {
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

fn team_name(view: &CouncilView, team: i64) -> String {
    view.council
        .teams
        .iter()
        .find(|t| t.id == team)
        .map_or_else(|| format!("Team {team}"), |t| t.name.clone())
}

fn worker_name(view: &CouncilView, worker: i64) -> String {
    view.council
        .workers
        .iter()
        .find(|w| w.id == worker)
        .map_or_else(|| format!("Worker {worker}"), |w| w.name.clone())
}

/// The team of the worker holding `child`'s case on `on`, or of the last
/// worker who held it.
fn holder_team(view: &CouncilView, child: &str, on: sightline_domain::Date) -> Option<i64> {
    let r = view.council.children.get(*view.child_index.get(child)?)?;
    let w = r.allocated_worker_on(on).or_else(|| {
        r.allocations
            .iter()
            .filter(|a| a.start <= on)
            .max_by_key(|a| a.start)
            .map(|a| a.worker)
    })?;
    view.worker_team.get(&w).copied()
}

fn holder_on(view: &CouncilView, child: &str, on: sightline_domain::Date) -> Option<i64> {
    let r = view.council.children.get(*view.child_index.get(child)?)?;
    r.allocated_worker_on(on)
}

/// A count, or "1 to 4" (suppressed) for an elected member.
fn count_cell(n: u64, hidden: bool) -> String {
    if hidden {
        "*".to_string()
    } else {
        n.to_string()
    }
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(
        || "–".into(),
        |v| format!("{:.1}", sightline_workforce::round1(v)),
    )
}

fn grade_tag(g: sightline_domain::quality::Grade) -> Markup {
    use sightline_domain::quality::Grade::*;
    let class = match g {
        Outstanding | Good => "tag tag-green",
        RequiresImprovement => "tag tag-yellow",
        Inadequate => "tag tag-red",
    };
    html! { strong class=(class) { (g.label()) } }
}
