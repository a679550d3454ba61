//! The child's record: summary, due and overdue items, chronology,
//! siblings, data-quality queries, who has looked at it; the restricted page
//! and breaking glass; the recording forms.
//!
//! Why together: every one of these starts from the same question (how does
//! this user stand to this child?) and must log the view before showing it.
//!
//! Recording forms validate at entry, first with the domain's own rules
//! (dates, an open referral, no overlapping plan), then with the DfE rules
//! of the return the event belongs to (`sightline_cin::validate_child` for
//! child protection, `sightline_ssda903::validate_child_with_workers`, given
//! the council's workforce, for looked-after events): a rule the record did not break before the change and breaks
//! after it stops the save. On any error the user's input is kept. Saves are
//! optimistic: the form carries the record's version and a concurrent
//! change is reported, never overwritten.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use sightline_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, CategoryOfNeed, LegalStatus, PlacementProvider,
    PlacementType, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange, ReferralSource,
    ReviewParticipation,
};
use sightline_domain::{
    ChildId, ChildProtectionConference, ChildRecord, ClaReview, CodeList, CollectionYear,
    ConferenceKind, Contact, ContactOutcome, CpPlan, Date, EpisodeEnd, LaNumber,
    LookedAfterEpisode, Referral, Section47Enquiry, SingleAssessment, StrategyDiscussion,
};
use sightline_store::{BreakGlass, StoreError};

use crate::policy::{ChildAction, ChildRelation, Decision, child_access};
use crate::session::{errors_markup, signed_in};
use crate::{AppError, AppState, CouncilView, Ctx, blocking, due, long_date, page};

/// Parse the URL's ids; anything malformed is simply not found.
fn ids(la: &str, child: &str) -> Result<(LaNumber, ChildId), AppError> {
    let la = la
        .parse::<u16>()
        .ok()
        .and_then(|n| LaNumber::new(n).ok())
        .ok_or(AppError::NotFound)?;
    let child = ChildId::parse(child).map_err(|_| AppError::NotFound)?;
    Ok((la, child))
}

/// The child's record and council, and how the user stands to it.
pub(crate) struct Loaded {
    pub la: LaNumber,
    pub view: Arc<CouncilView>,
    pub record: ChildRecord,
    pub rel: ChildRelation,
}

pub(crate) fn relation(
    state: &AppState,
    ctx: &Ctx,
    view: &CouncilView,
    r: &ChildRecord,
    lookups: bool,
) -> Result<ChildRelation, StoreError> {
    let worker = view.allocated_worker(r);
    let team = worker.and_then(|w| view.worker_team.get(&w).copied());
    let restricted = r.child.restricted;
    let (mut named, mut broke_glass) = (false, false);
    if restricted && lookups {
        let la = view.council.la;
        named = state
            .store
            .restricted_grants(la, &r.child.id)?
            .contains(&ctx.user.username);
        let since = state.now() - state.config.break_glass_for;
        broke_glass = state
            .store
            .break_glass_events(la, Some(&r.child.id))?
            .iter()
            .any(|e| e.username == ctx.user.username && e.at >= since);
    }
    Ok(ChildRelation {
        allocated_to_user: worker.is_some() && worker == ctx.user.worker,
        in_user_team: team.is_some() && team == ctx.user.team,
        unallocated: worker.is_none(),
        restricted,
        named,
        broke_glass,
    })
}

pub(crate) fn load(state: &AppState, ctx: &Ctx, la: &str, child: &str) -> Result<Loaded, AppError> {
    let (la, id) = ids(la, child)?;
    if !ctx.sees_council(la) {
        return Err(AppError::NotFound);
    }
    let view = state.council(la.get()).ok_or(AppError::NotFound)?;
    // The kept copy when it is still the stored version (one indexed read),
    // else the store's record, which then replaces the copy.
    let version = state
        .store
        .child_version(la, &id)?
        .ok_or(AppError::NotFound)?;
    let kept = view
        .child_index
        .get(id.as_str())
        .map(|&i| &view.council.children[i])
        .filter(|r| r.version == version);
    let record = match kept {
        Some(r) => r.clone(),
        None => {
            let r = state.store.load_child(la, &id)?.ok_or(AppError::NotFound)?;
            state.record_saved(la, r.clone());
            r
        }
    };
    let rel = relation(state, ctx, &view, &record, true)?;
    Ok(Loaded {
        la,
        view,
        record,
        rel,
    })
}

/// The child's data-quality queries (see [`AppState::dq`]).
fn data_quality(
    state: &AppState,
    l: &Loaded,
) -> Result<Arc<Vec<sightline_store::DataQualityQuery>>, StoreError> {
    let key = (l.la.get(), l.record.child.id.as_str().to_string());
    let now = state.now();
    let hit = state.dq.read().ok().and_then(|m| {
        m.get(&key)
            .filter(|(v, at, _)| *v == l.record.version && now - at < 60 && now >= *at)
            .map(|(_, _, q)| q.clone())
    });
    if let Some(q) = hit {
        return Ok(q);
    }
    let q = Arc::new(state.store.data_quality(l.la, Some(&l.record.child.id))?);
    if let Ok(mut m) = state.dq.write() {
        if m.len() > 100_000 {
            m.clear();
        }
        m.insert(key, (l.record.version, now, q.clone()));
    }
    Ok(q)
}

fn restricted_page(ctx: &Ctx, l: &Loaded) -> Response {
    let path = format!(
        "/children/{}/{}/break-glass",
        l.la.get(),
        l.record.child.id.as_str()
    );
    (
        StatusCode::FORBIDDEN,
        page(
            "Restricted record",
            Some(ctx),
            html! {
                h1 class="heading-l" { "This record is restricted" }
                p { "Only the people named on this record can open it." }
                @if crate::grants::may_manage(ctx, l) {
                    p { a href=(format!("/children/{}/{}/access", l.la.get(), l.record.child.id.as_str())) { "Who may see this restricted record" } }
                }
                div class="warning-text" {
                    strong { "If you need to open it now, for example to keep a child safe, you can break the glass. Your reason will be logged and sent to the child's team manager." }
                }
                form method="post" action=(path) novalidate {
                    input type="hidden" name="csrf" value=(ctx.session.csrf);
                    div class="form-group" {
                        label class="label" for="reason" { "Why do you need to open this record?" }
                        textarea class="textarea" id="reason" name="reason" rows="3" {}
                    }
                    button type="submit" class="button button-warning" { "Break the glass and open the record" }
                }
                p { a href="/" { "Go back to the overview" } }
            },
        ),
    )
        .into_response()
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct ChildQuery {
    saved: Option<String>,
}

pub(crate) async fn child_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
    Query(q): Query<ChildQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let l = load(&state, &ctx, &la, &child)?;
        match child_access(&ctx.subject, &l.rel, ChildAction::Summary) {
            Decision::Deny => return Err(AppError::Forbidden),
            Decision::Restricted => return Ok(restricted_page(&ctx, &l)),
            Decision::Allow => {}
        }
        let notes = child_access(&ctx.subject, &l.rel, ChildAction::CaseNotes) == Decision::Allow;
        let can_record = child_access(&ctx.subject, &l.rel, ChildAction::Record) == Decision::Allow;
        let can_log = child_access(&ctx.subject, &l.rel, ChildAction::AccessLog) == Decision::Allow;
        let what = if notes {
            "viewed record"
        } else {
            "viewed summary"
        };
        state.audit(
            l.la,
            &ctx.user.username,
            Some(l.record.child.id.as_str()),
            what,
            &format!("role {}", ctx.subject.role.code()),
            state.now(),
        )?;
        let dq: Arc<Vec<sightline_store::DataQualityQuery>> = if notes {
            data_quality(&state, &l)?
        } else {
            Arc::default()
        };
        let log = if can_log {
            state
                .store
                .access_log(l.la, Some(&l.record.child.id), Some(20))?
        } else {
            vec![]
        };
        let saved = q.saved.as_deref().and_then(FormKind::from_slug);
        Ok(render_child(&state, &ctx, &l, notes, can_record, &dq, &log, saved).into_response())
    })
    .await
}

#[allow(clippy::too_many_arguments)]
fn render_child(
    state: &AppState,
    ctx: &Ctx,
    l: &Loaded,
    notes: bool,
    can_record: bool,
    dq: &[sightline_store::DataQualityQuery],
    log: &[sightline_store::AccessEntry],
    saved: Option<FormKind>,
) -> Markup {
    let r = &l.record;
    let on = l.view.as_at;
    let c = &r.child;
    let episode = r.episode_on(on).filter(|_| r.is_looked_after_on(on));
    let plan = r.cp_plans.iter().find(|p| p.is_active_on(on));
    let worker = l
        .view
        .allocated_worker(r)
        .and_then(|w| l.view.council.workers.iter().find(|x| x.id == w));
    let team = worker.and_then(|w| l.view.council.teams.iter().find(|t| t.id == w.team));
    let items = due::due_items(r, on);
    let siblings: Vec<&ChildRecord> = match c.family {
        Some(f) => l
            .view
            .council
            .children
            .iter()
            .filter(|s| s.child.family == Some(f) && s.child.id != c.id)
            .collect(),
        None => vec![],
    };
    let base = format!("/children/{}/{}", l.la.get(), c.id.as_str());
    page(
        &format!("{} – child record", c.full_name()),
        Some(ctx),
        html! {
            @if let Some(k) = saved {
                div class="notification-banner notification-banner-success" role="alert" aria-labelledby="saved-title" {
                    h2 class="notification-banner-title" id="saved-title" { "Success" }
                    p class="notification-banner-heading" { (k.title()) " recorded" }
                }
            }
            span class="caption-l" { "Child " (c.id.as_str()) }
            h1 class="heading-l" { (c.full_name()) @if c.restricted { " " strong class="tag tag-red" { "Restricted" } } }
            @if c.restricted && crate::grants::may_manage(ctx, l) {
                p { a href=(format!("{base}/access")) { "Who may see this restricted record" } }
            }
            p class="hint" { "Records as at " (long_date(on)) }
            h2 class="heading-m" { "Summary" }
            dl class="summary-list" {
                div class="summary-list-row" { dt { "Date of birth" } dd { (long_date(c.birth.date())) @if let Some(a) = c.age_on(on) { " (age " (a) ")" } } }
                div class="summary-list-row" { dt { "Legal status" } dd { @if let Some(e) = episode { (e.legal_status.label()) " (" (e.legal_status.code()) ")" } @else { "Not looked after" } } }
                div class="summary-list-row" { dt { "Placement" } dd { @if let Some(e) = episode { (e.placement.label()) " since " (long_date(e.start)) } @else { "None" } } }
                div class="summary-list-row" { dt { "Child protection plan" } dd { @if let Some(p) = plan { "Since " (long_date(p.start)) ", " (p.latest_category.label().to_lowercase()) } @else { "None" } } }
                div class="summary-list-row" { dt { "Child in need" } dd { @if r.is_in_need_on(on) { "Open case" } @else { "No open case" } } }
                div class="summary-list-row" { dt { "Allocated worker" } dd {
                    @if let Some(w) = worker { (w.name) @if let Some(t) = team { ", " (t.name) } } @else { strong class="tag tag-yellow" { "Unallocated" } }
                } }
            }
            h2 class="heading-m" { "Due and overdue" }
            @if items.is_empty() {
                p { "Nothing statutory is due." }
            } @else {
                table class="table" {
                    caption class="visually-hidden" { "Statutory items due" }
                    thead { tr { th scope="col" { "Item" } th scope="col" { "Due by" } th scope="col" { "Status" } } }
                    tbody { @for i in &items { tr {
                        td { (i.what) }
                        td { (long_date(i.due)) }
                        td { @if i.overdue { strong class="tag tag-red" { "Overdue" } } @else { strong class="tag tag-green" { "Due" } } }
                    } } }
                }
            }
            @if can_record {
                h2 class="heading-m" { "Record an event" }
                ul class="list" {
                    @for k in FormKind::ALL {
                        li { a href=(format!("{base}/record/{}", k.slug())) { (k.title()) } }
                    }
                }
            }
            @if notes {
                h2 class="heading-m" { "Siblings" }
                @if siblings.is_empty() { p { "No siblings recorded." } }
                @else {
                    ul class="list" { @for s in &siblings {
                        @let rel = relation(state, ctx, &l.view, s, false).ok();
                        @let visible = !s.child.restricted && rel.is_some_and(|rel| child_access(&ctx.subject, &rel, ChildAction::Summary) == Decision::Allow);
                        li { @if visible {
                            a href=(format!("/children/{}/{}", l.la.get(), s.child.id.as_str())) { (s.child.full_name()) }
                        } @else { "A sibling whose record you cannot open" } }
                    } }
                }
                h2 class="heading-m" { "Data-quality queries" }
                @if dq.is_empty() { p { "No open queries." } }
                @else {
                    table class="table" {
                        caption class="visually-hidden" { "Data-quality queries" }
                        thead { tr { th scope="col" { "Return" } th scope="col" { "Rule" } th scope="col" { "Query" } } }
                        tbody { @for q in dq { tr { td { (q.source) } td { (q.rule) } td { (q.message) } } } }
                    }
                }
                h2 class="heading-m" { "Chronology" }
                table class="table" {
                    caption class="visually-hidden" { "Chronology, newest first" }
                    thead { tr { th scope="col" { "Date" } th scope="col" { "Event" } } }
                    tbody { @for e in r.chronology().iter().rev() { tr { td class="nowrap" { (long_date(e.date)) } td { (e.summary) } } } }
                }
            } @else {
                p class="inset-text" { "Case notes (chronology, siblings, data-quality queries) are not shown to your role." }
            }
            @if !log.is_empty() {
                h2 class="heading-m" { "Who has looked at this record" }
                table class="table" {
                    caption class="visually-hidden" { "Latest 20 views and changes" }
                    thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "Why" } } }
                    tbody { @for e in log { tr { td { (crate::timestamp(e.at)) } td { (e.username) } td { (e.what) } td { (e.why) } } } }
                }
            }
        },
    )
}

pub(crate) async fn break_glass(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let l = load(&state, &ctx, &la, &child)?;
        match child_access(&ctx.subject, &l.rel, ChildAction::Summary) {
            Decision::Deny => return Err(AppError::Forbidden),
            Decision::Allow => {
                return Ok(Redirect::to(&format!(
                    "/children/{}/{}",
                    l.la.get(),
                    l.record.child.id.as_str()
                ))
                .into_response());
            }
            Decision::Restricted => {}
        }
        let reason = form.get("reason").map(|s| s.trim()).unwrap_or("");
        if reason.chars().count() < 10 {
            let mut res = restricted_page(&ctx, &l);
            *res.status_mut() = StatusCode::BAD_REQUEST;
            let body = page(
                "Error: Restricted record",
                Some(&ctx),
                html! {
                    (errors_markup(&[("reason", "Enter why you need to open this record (at least 10 characters)".into())]))
                    p { a href=(format!("/children/{}/{}", l.la.get(), l.record.child.id.as_str())) { "Go back and give a reason" } }
                },
            );
            return Ok((StatusCode::BAD_REQUEST, body).into_response());
        }
        let now = state.now();
        state.store.record_break_glass(&BreakGlass {
            la: l.la,
            child: l.record.child.id.as_str().to_string(),
            username: ctx.user.username.clone(),
            reason: reason.to_string(),
            at: now,
        })?;
        state.audit(
            l.la,
            &ctx.user.username,
            Some(l.record.child.id.as_str()),
            "broke glass",
            reason,
            now,
        )?;
        Ok(Redirect::to(&format!(
            "/children/{}/{}",
            l.la.get(),
            l.record.child.id.as_str()
        ))
        .into_response())
    })
    .await
}

/// Break-glass events for managers: their team's children (team
/// managers) or the whole service.
pub(crate) async fn break_glass_events_page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        if !ctx.may(crate::policy::Capability::BreakGlassEvents) {
            return Err(AppError::Forbidden);
        }
        let mut rows = Vec::new();
        for view in state.all_councils() {
            if !ctx.sees_council(view.council.la) {
                continue;
            }
            for e in state.store.break_glass_events(view.council.la, None)? {
                if ctx.subject.role == crate::policy::Role::TeamManager {
                    let Some(r) = view
                        .council
                        .children
                        .iter()
                        .find(|c| c.child.id.as_str() == e.child)
                    else {
                        continue;
                    };
                    let rel = relation(&state, &ctx, &view, r, false)?;
                    if !rel.in_user_team {
                        continue;
                    }
                }
                rows.push(e);
            }
        }
        Ok(page(
            "Restricted records opened",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Restricted records opened by breaking glass" }
                @if rows.is_empty() { p { "No restricted record has been opened this way." } }
                @else {
                    table class="table" {
                        thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "Child" } th scope="col" { "Reason given" } } }
                        tbody { @for e in &rows { tr {
                            td { (crate::timestamp(e.at)) } td { (e.username) }
                            td { a href=(format!("/children/{}/{}", e.la.get(), e.child)) { (e.child) } }
                            td { (e.reason) }
                        } } }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

// ------------------------------------------------------------ recording

/// The recording forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormKind {
    Contact,
    Assessment,
    StrategyDiscussion,
    Icpc,
    TransferIn,
    CpPlanStart,
    CpReview,
    CpPlanEnd,
    ClaEpisode,
    ClaReview,
}

impl FormKind {
    /// In the order of a child's journey, as the record page lists them.
    const ALL: [FormKind; 10] = [
        FormKind::Contact,
        FormKind::Assessment,
        FormKind::StrategyDiscussion,
        FormKind::Icpc,
        FormKind::TransferIn,
        FormKind::CpPlanStart,
        FormKind::CpReview,
        FormKind::CpPlanEnd,
        FormKind::ClaEpisode,
        FormKind::ClaReview,
    ];

    fn slug(self) -> &'static str {
        match self {
            FormKind::Contact => "contact",
            FormKind::CpPlanStart => "cp-plan",
            FormKind::CpPlanEnd => "cp-plan-end",
            FormKind::CpReview => "cp-review",
            FormKind::ClaReview => "cla-review",
            FormKind::Assessment => "assessment",
            FormKind::StrategyDiscussion => "strategy-discussion",
            FormKind::Icpc => "icpc",
            FormKind::TransferIn => "transfer-in",
            FormKind::ClaEpisode => "cla-episode",
        }
    }

    fn from_slug(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.slug() == s)
    }

    fn title(self) -> &'static str {
        match self {
            FormKind::Contact => "Contact or referral",
            FormKind::CpPlanStart => "Child protection plan start",
            FormKind::CpPlanEnd => "Child protection plan end",
            FormKind::CpReview => "Child protection review conference held",
            FormKind::ClaReview => "Looked-after review held",
            FormKind::Assessment => "Single assessment started or authorised",
            FormKind::StrategyDiscussion => "Strategy discussion and section 47 enquiry",
            FormKind::Icpc => "Initial child protection conference",
            FormKind::TransferIn => "Transfer-in child protection conference",
            FormKind::ClaEpisode => "Looked-after episode change",
        }
    }
}

type Errors = Vec<(&'static str, String)>;

/// A date from GOV.UK's three-field date input `name-day`, `-month`, `-year`.
fn date_field(
    form: &HashMap<String, String>,
    name: &'static str,
    label: &str,
    errors: &mut Errors,
) -> Option<Date> {
    let get = |p: &str| {
        form.get(&format!("{name}-{p}"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let (d, m, y) = (get("day"), get("month"), get("year"));
    if d.is_empty() && m.is_empty() && y.is_empty() {
        errors.push((name, format!("Enter the {label}")));
        return None;
    }
    let parsed = match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) if (1900..=2100).contains(&y) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    if parsed.is_none() {
        errors.push((
            name,
            format!("The {label} must be a real date, for example 27 3 2025"),
        ));
    }
    parsed
}

/// The answer to the two-option radio question `name`: `true` for the
/// `yes` value, `false` for the `no` value; no answer (or any other value)
/// records `missing` against the field.
fn choice_field(
    form: &HashMap<String, String>,
    name: &'static str,
    (yes, no): (&str, &str),
    missing: &str,
    errors: &mut Errors,
) -> Option<bool> {
    match form.get(name).map(String::as_str) {
        Some(v) if v == yes => Some(true),
        Some(v) if v == no => Some(false),
        _ => {
            errors.push((name, missing.to_string()));
            None
        }
    }
}

fn date_input(name: &str, legend: &str, form: &HashMap<String, String>, errors: &Errors) -> Markup {
    let err = errors.iter().find(|(k, _)| *k == name).map(|(_, m)| m);
    let v = |p: &str| {
        form.get(&format!("{name}-{p}"))
            .cloned()
            .unwrap_or_default()
    };
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            fieldset class="fieldset" role="group" aria-describedby=(format!("{name}-hint")) {
                legend class="fieldset-legend" { (legend) }
                div class="hint" id=(format!("{name}-hint")) { "For example, 27 3 2025" }
                @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
                div class="date-input" id=(name) {
                    @for (p, label, w) in [("day", "Day", "2"), ("month", "Month", "2"), ("year", "Year", "4")] {
                        div class="date-input-item" {
                            label class="label" for=(format!("{name}-{p}")) { (label) }
                            input class=(format!("input input-width-{w}")) id=(format!("{name}-{p}")) name=(format!("{name}-{p}")) type="text" inputmode="numeric" value=(v(p));
                        }
                    }
                }
            }
        }
    }
}

fn select_input<T: CodeList>(
    name: &str,
    label: &str,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let err = errors.iter().find(|(k, _)| *k == name).map(|(_, m)| m);
    let chosen = form.get(name).cloned().unwrap_or_default();
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            label class="label" for=(name) { (label) }
            @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
            select class="select" id=(name) name=(name) {
                option value="" { "Choose" }
                @for v in T::ALL {
                    option value=(v.code()) selected[chosen == v.code()] { (v.label()) }
                }
            }
        }
    }
}

/// A date the user may leave blank (all three fields empty).
fn optional_date(
    form: &HashMap<String, String>,
    name: &'static str,
    label: &str,
    errors: &mut Errors,
) -> Option<Date> {
    let blank = ["day", "month", "year"].iter().all(|p| {
        form.get(&format!("{name}-{p}"))
            .is_none_or(|s| s.trim().is_empty())
    });
    if blank {
        None
    } else {
        date_field(form, name, label, errors)
    }
}

/// A code chosen from a [`select_input`]; `required` names what to ask for
/// when nothing was chosen (else blank is simply `None`).
fn code_field<T: CodeList>(
    form: &HashMap<String, String>,
    name: &'static str,
    required: Option<&str>,
    errors: &mut Errors,
) -> Option<T> {
    match form.get(name).map(|s| s.trim()).unwrap_or("") {
        "" => {
            if let Some(what) = required {
                errors.push((name, format!("Select {what}")));
            }
            None
        }
        c => match T::parse(c) {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push((name, format!("Select a {} from the list", T::WHAT)));
                None
            }
        },
    }
}

/// The referral (child in need episode) open on `on`, which the event
/// must belong to; else an error against `field`.
fn open_referral<'a>(
    r: &'a ChildRecord,
    on: Date,
    field: &'static str,
    what: &str,
    errors: &mut Errors,
) -> Option<&'a Referral> {
    let found = r
        .referrals
        .iter()
        .rev()
        .find(|x| x.date <= on && x.closure.is_none_or(|c| c.date >= on));
    if found.is_none() {
        errors.push((
            field,
            format!("There is no open referral (child in need episode) on that date; {what} must belong to one"),
        ));
    }
    found
}

fn error_of<'a>(name: &str, errors: &'a Errors) -> Option<&'a String> {
    errors.iter().find(|(k, _)| *k == name).map(|(_, m)| m)
}

/// GOV.UK radios: one choice among `options` (value, label).
fn radios(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let err = error_of(name, errors);
    let chosen = form.get(name).cloned().unwrap_or_default();
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            fieldset class="fieldset" id=(name) {
                legend class="fieldset-legend" { (legend) }
                @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
                div class="radios" {
                    @for (value, label) in options {
                        @let id = format!("{name}-{value}");
                        div class="radio" {
                            input class="radio-input" id=(id) name=(name) type="radio" value=(value) checked[chosen == *value];
                            label class="label radio-label" for=(id) { (label) }
                        }
                    }
                }
            }
        }
    }
}

fn checkbox(name: &str, label: &str, form: &HashMap<String, String>, errors: &Errors) -> Markup {
    let err = error_of(name, errors);
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
            div class="checkbox" {
                input class="checkbox-input" id=(name) name=(name) type="checkbox" value="yes" checked[form.contains_key(name)];
                label class="label checkbox-label" for=(name) { (label) }
            }
        }
    }
}

fn text_input(name: &str, label: &str, form: &HashMap<String, String>, errors: &Errors) -> Markup {
    let err = error_of(name, errors);
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            label class="label" for=(name) { (label) }
            @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
            input class="input input-width-10" id=(name) name=(name) type="text" value=(form.get(name).cloned().unwrap_or_default());
        }
    }
}

/// Factors identified at assessment: one checkbox per CIN code.
fn factors_input(form: &HashMap<String, String>, errors: &Errors) -> Markup {
    let err = error_of("factors", errors);
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            fieldset class="fieldset" id="factors" {
                legend class="fieldset-legend" { "Factors identified at assessment (when authorised)" }
                @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
                @for f in AssessmentFactor::ALL {
                    @let name = format!("factor-{}", f.code());
                    div class="checkbox" {
                        input class="checkbox-input" id=(name) name=(name) type="checkbox" value="yes" checked[form.contains_key(&name)];
                        label class="label checkbox-label" for=(name) { (f.code()) ": " (f.label()) }
                    }
                }
            }
        }
    }
}

/// The contact outcomes, with the codes the form uses.
const CONTACT_OUTCOMES: [(&str, ContactOutcome); 4] = [
    ("referral", ContactOutcome::Referral),
    ("early-help", ContactOutcome::EarlyHelp),
    ("advice", ContactOutcome::InformationAndAdvice),
    ("nfa", ContactOutcome::NoFurtherAction),
];

fn outcome_input(form: &HashMap<String, String>, errors: &Errors) -> Markup {
    let err = errors.iter().find(|(k, _)| *k == "outcome").map(|(_, m)| m);
    let chosen = form.get("outcome").cloned().unwrap_or_default();
    html! {
        div class={ "form-group" @if err.is_some() { " form-group-error" } } {
            label class="label" for="outcome" { "What happened to the contact" }
            @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
            select class="select" id="outcome" name="outcome" {
                option value="" { "Choose" }
                @for (code, o) in CONTACT_OUTCOMES {
                    option value=(code) selected[chosen == code] { (o.label()) }
                }
            }
        }
    }
}

fn form_markup(
    ctx: &Ctx,
    l: &Loaded,
    kind: FormKind,
    form: &HashMap<String, String>,
    errors: &Errors,
    version: i64,
) -> Markup {
    let base = format!("/children/{}/{}", l.la.get(), l.record.child.id.as_str());
    let title = kind.title();
    page(
        &if errors.is_empty() {
            title.to_string()
        } else {
            format!("Error: {title}")
        },
        Some(ctx),
        html! {
            (errors_markup(errors))
            span class="caption-l" { (l.record.child.full_name()) " (" (l.record.child.id.as_str()) ")" }
            h1 class="heading-l" { (title) }
            form method="post" action=(format!("{base}/record/{}", kind.slug())) novalidate {
                input type="hidden" name="csrf" value=(ctx.session.csrf);
                input type="hidden" name="version" value=(version);
                @match kind {
                    FormKind::Contact => {
                        (date_input("date", "Date of the contact", form, errors))
                        (select_input::<ReferralSource>("source", "Who made contact", form, errors))
                        (outcome_input(form, errors))
                        div class="form-group" {
                            div class="checkbox" {
                                input class="checkbox-input" id="via_mash" name="via_mash" type="checkbox" value="yes" checked[form.get("via_mash").is_some()];
                                label class="label checkbox-label" for="via_mash" { "Handled by the multi-agency safeguarding hub (MASH)" }
                            }
                        }
                    }
                    FormKind::CpPlanStart => {
                        (date_input("start", "Date the plan started", form, errors))
                        p class="inset-text" { "Any open child in need plan ends on this date: the child protection plan replaces it." }
                        (select_input::<CategoryOfAbuse>("category", "Initial category of abuse", form, errors))
                    }
                    FormKind::CpPlanEnd => {
                        (date_input("end", "Date the plan ended", form, errors))
                    }
                    FormKind::TransferIn => {
                        (date_input("date", "Date of the conference", form, errors))
                        p class="hint" { "For a child who was subject to a plan in another council and has moved here. The conference belongs to the referral open on this date." }
                        (radios("outcome", "What did the conference decide?", &[("plan", "A child protection plan here"), ("no-plan", "No plan")], form, errors))
                        p class="inset-text" {
                            "Record the plan itself with the "
                            a href=(format!("{base}/record/{}", FormKind::CpPlanStart.slug())) { "child protection plan start form" }
                            " on the conference's date."
                        }
                    }
                    FormKind::CpReview => {
                        (date_input("date", "Date of the review conference", form, errors))
                        p class="hint" { "The review is linked to the child protection plan open on this date." }
                        (radios("outcome", "What did the conference decide?", &[("continue", "The plan continues"), ("end", "The plan ends")], form, errors))
                        p class="inset-text" {
                            "When the plan ends, record its end with the "
                            a href=(format!("{base}/record/{}", FormKind::CpPlanEnd.slug())) { "child protection plan end form" }
                            "."
                        }
                    }
                    FormKind::Assessment => {
                        (date_input("start", "Date the assessment started", form, errors))
                        (date_input("authorised", "Date a manager authorised it (leave blank while it is ongoing)", form, errors))
                        (factors_input(form, errors))
                    }
                    FormKind::StrategyDiscussion => {
                        (date_input("date", "Date of the strategy discussion", form, errors))
                        (radios("section47", "Did it decide to start a section 47 enquiry?", &[("yes", "Yes, a section 47 enquiry starts on this date"), ("no", "No")], form, errors))
                        (checkbox("icpc_not_required", "The enquiry concluded that no initial child protection conference is needed", form, errors))
                    }
                    FormKind::Icpc => {
                        (date_input("date", "Date of the conference", form, errors))
                        p class="hint" { "The conference is linked to the latest section 47 enquiry started on or before this date that has no conference yet." }
                        (radios("outcome", "What did the conference decide?", &[("plan", "A child protection plan"), ("no-plan", "No plan")], form, errors))
                        p class="inset-text" {
                            "Record the plan itself with the "
                            a href=(format!("{base}/record/{}", FormKind::CpPlanStart.slug())) { "child protection plan start form" }
                            ": a plan recorded there with the conference's date is linked to it. Record the conference first."
                        }
                    }
                    FormKind::ClaEpisode => {
                        (date_input("date", "Date of the change", form, errors))
                        (radios("change", "What is changing?", &[("new", "A new episode starts (the current one closes with X1 on this date)"), ("end", "The child stops being looked after")], form, errors))
                        h2 class="heading-m" { "A new episode" }
                        (select_input::<ReasonNewEpisode>("rne", "Reason for new episode (RNE)", form, errors))
                        (select_input::<LegalStatus>("legal_status", "Legal status", form, errors))
                        (select_input::<PlacementType>("placement", "Placement type", form, errors))
                        (select_input::<PlacementProvider>("provider", "Placement provider (if any)", form, errors))
                        (select_input::<ReasonPlaceChange>("reason_place_change", "Reason the current placement ended (if the placement changes; recorded on the episode that closes)", form, errors))
                        (select_input::<CategoryOfNeed>("category_of_need", "Category of need (leave as it was to keep the current episode's)", form, errors))
                        (text_input("placement_postcode", "Partial postcode of the placement (if the placement changes)", form, errors))
                        (text_input("urn", "Ofsted unique reference number of the provider (if the placement changes)", form, errors))
                        h2 class="heading-m" { "Or the end of care" }
                        (select_input::<ReasonEpisodeCeased>("rec", "Reason the child stopped being looked after (an E code)", form, errors))
                    }
                    FormKind::ClaReview => {
                        (date_input("date", "Date of the review", form, errors))
                        (select_input::<ReviewParticipation>("participation", "How the child took part", form, errors))
                    }
                }
                button type="submit" class="button" { "Save" }
            }
            p { a href=(base) { "Cancel and go back to the record" } }
        },
    )
}

fn load_for_record(
    state: &AppState,
    ctx: &Ctx,
    la: &str,
    child: &str,
    form: &str,
) -> Result<Result<(Loaded, FormKind), Response>, AppError> {
    let kind = FormKind::from_slug(form).ok_or(AppError::NotFound)?;
    let l = load(state, ctx, la, child)?;
    match child_access(&ctx.subject, &l.rel, ChildAction::Record) {
        Decision::Allow => Ok(Ok((l, kind))),
        Decision::Restricted => Ok(Err(restricted_page(ctx, &l))),
        Decision::Deny => Err(AppError::Forbidden),
    }
}

pub(crate) async fn form_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child, form)): Path<(String, String, String)>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let (l, kind) = match load_for_record(&state, &ctx, &la, &child, &form)? {
            Ok(x) => x,
            Err(res) => return Ok(res),
        };
        let v = l.record.version;
        Ok(form_markup(&ctx, &l, kind, &HashMap::new(), &vec![], v).into_response())
    })
    .await
}

fn next_id<'a>(ids: impl Iterator<Item = &'a i64>) -> i64 {
    ids.max().copied().unwrap_or(0) + 1
}

/// Apply the form to a copy of the record, or say what is wrong.
fn apply(
    r: &ChildRecord,
    kind: FormKind,
    form: &HashMap<String, String>,
    today: Date,
    workers: &[sightline_domain::Worker],
) -> Result<ChildRecord, Errors> {
    let mut errors: Errors = Vec::new();
    let mut new = r.clone();
    let not_future = |d: Date, field: &'static str, label: &str, errors: &mut Errors| {
        if d > today {
            errors.push((field, format!("The {label} must be today or in the past")));
        }
    };
    match kind {
        FormKind::Contact => {
            let date = date_field(form, "date", "date of the contact", &mut errors);
            let source = match form.get("source").map(String::as_str).unwrap_or("") {
                "" => {
                    errors.push(("source", "Select who made contact".into()));
                    None
                }
                c => ReferralSource::parse(c).ok(),
            };
            let outcome = CONTACT_OUTCOMES
                .iter()
                .find(|(code, _)| form.get("outcome").map(String::as_str) == Some(code))
                .map(|(_, o)| *o);
            if outcome.is_none() {
                errors.push(("outcome", "Select what happened to the contact".into()));
            }
            if let Some(d) = date {
                not_future(d, "date", "date of the contact", &mut errors);
                if outcome == Some(ContactOutcome::Referral)
                    && r.referrals
                        .iter()
                        .any(|x| x.date <= d && x.closure.is_none_or(|c| c.date > d))
                {
                    errors.push(("outcome", "The child already has an open referral on that date: record this as information and advice, or close that episode first".into()));
                }
            }
            if let (Some(date), Some(source), Some(outcome), true) =
                (date, source, outcome, errors.is_empty())
            {
                new.contacts.push(Contact {
                    id: next_id(r.contacts.iter().map(|c| &c.id)),
                    date,
                    source,
                    via_mash: form.get("via_mash").is_some(),
                    outcome,
                });
                if outcome == ContactOutcome::Referral {
                    new.referrals.push(Referral {
                        id: next_id(r.referrals.iter().map(|x| &x.id)),
                        date,
                        source,
                        primary_need: None,
                        closure: None,
                        nfa: false,
                    });
                }
            }
        }
        FormKind::CpPlanStart => {
            let start = date_field(form, "start", "date the plan started", &mut errors);
            let category = match form.get("category").map(String::as_str).unwrap_or("") {
                "" => {
                    errors.push(("category", "Select the initial category of abuse".into()));
                    None
                }
                c => match CategoryOfAbuse::parse(c) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        errors.push(("category", "Select a category from the list".into()));
                        None
                    }
                },
            };
            if let Some(s) = start {
                not_future(s, "start", "date the plan started", &mut errors);
                if r.cp_plans
                    .iter()
                    .any(|p| p.start <= s && p.end.is_none_or(|e| e > s))
                {
                    errors.push(("start", "The child is already on a child protection plan on that date; end it first".into()));
                }
            }
            let referral = start.and_then(|s| open_referral(r, s, "start", "a plan", &mut errors));
            if let (Some(start), Some(category), Some(referral), true) =
                (start, category, referral, errors.is_empty())
            {
                // A child protection plan replaces a child in need plan
                // (CIN census rules 4001, 4016 and 4017): it ends that day.
                for p in &mut new.cin_plans {
                    if p.start <= start && p.end.is_none_or(|e| e > start) {
                        p.end = Some(start);
                    }
                }
                let id = next_id(r.cp_plans.iter().map(|p| &p.id));
                // The initial (or transfer-in) conference that decided on it, held that day.
                for c in &mut new.conferences {
                    if matches!(c.kind, ConferenceKind::Initial | ConferenceKind::TransferIn)
                        && c.plan_outcome
                        && c.cp_plan.is_none()
                        && c.date == start
                    {
                        c.cp_plan = Some(id);
                    }
                }
                new.cp_plans.push(CpPlan {
                    id,
                    referral: referral.id,
                    start,
                    end: None,
                    initial_category: category,
                    latest_category: category,
                    previous_plans: u16::try_from(r.cp_plans.len()).unwrap_or(u16::MAX),
                });
            }
        }
        FormKind::TransferIn => {
            let date = date_field(form, "date", "date of the conference", &mut errors);
            let plan = choice_field(
                form,
                "outcome",
                ("plan", "no-plan"),
                "Select what the conference decided",
                &mut errors,
            );
            if let Some(d) = date {
                not_future(d, "date", "date of the conference", &mut errors);
                if let Some(referral) = open_referral(r, d, "date", "a conference", &mut errors) {
                    let same_day = r.conferences.iter().any(|c| {
                        c.referral == referral.id
                            && c.date == d
                            && matches!(
                                c.kind,
                                ConferenceKind::Initial | ConferenceKind::TransferIn
                            )
                    });
                    if same_day {
                        errors.push((
                            "date",
                            "A conference on this referral is already recorded on that date".into(),
                        ));
                    }
                    if let (Some(plan), true) = (plan, errors.is_empty()) {
                        new.conferences.push(ChildProtectionConference {
                            id: next_id(r.conferences.iter().map(|c| &c.id)),
                            referral: referral.id,
                            kind: ConferenceKind::TransferIn,
                            date: d,
                            section47: None,
                            cp_plan: r
                                .cp_plans
                                .iter()
                                .find(|p| plan && p.start == d)
                                .map(|p| p.id),
                            plan_outcome: plan,
                        });
                    }
                }
            }
        }
        FormKind::CpReview => {
            let date = date_field(form, "date", "date of the review conference", &mut errors);
            let continues = choice_field(
                form,
                "outcome",
                ("continue", "end"),
                "Select what the conference decided",
                &mut errors,
            );
            if let Some(d) = date {
                not_future(d, "date", "date of the review conference", &mut errors);
                // The plan open on the day: started before it, not ended before it.
                let plan = r
                    .cp_plans
                    .iter()
                    .rev()
                    .find(|p| p.start < d && p.end.is_none_or(|e| e >= d));
                match plan {
                    None => errors.push(("date", "The child had no child protection plan open on that date (a review conference comes after the plan started)".into())),
                    Some(p) if r.conferences.iter().any(|c| c.kind == ConferenceKind::Review && c.cp_plan == Some(p.id) && c.date == d) => {
                        errors.push(("date", "A review conference of this plan is already recorded on that date".into()));
                    }
                    Some(p) => {
                        if let (Some(continues), true) = (continues, errors.is_empty()) {
                            new.conferences.push(ChildProtectionConference {
                                id: next_id(r.conferences.iter().map(|c| &c.id)),
                                referral: p.referral,
                                kind: ConferenceKind::Review,
                                date: d,
                                section47: None,
                                cp_plan: Some(p.id),
                                plan_outcome: continues,
                            });
                        }
                    }
                }
            }
        }
        FormKind::CpPlanEnd => {
            let end = date_field(form, "end", "date the plan ended", &mut errors);
            if let Some(e) = end {
                not_future(e, "end", "date the plan ended", &mut errors);
                match new.cp_plans.iter_mut().rev().find(|p| p.end.is_none()) {
                    None => errors.push((
                        "end",
                        "The child has no open child protection plan to end".into(),
                    )),
                    Some(p) if e < p.start => errors.push((
                        "end",
                        format!(
                            "The end date must be on or after the plan's start, {}",
                            long_date(p.start)
                        ),
                    )),
                    Some(p) => {
                        if errors.is_empty() {
                            p.end = Some(e);
                        }
                    }
                }
            }
        }
        FormKind::Assessment => {
            let start = date_field(form, "start", "date the assessment started", &mut errors);
            let authorised =
                optional_date(form, "authorised", "date it was authorised", &mut errors);
            let factors: Vec<AssessmentFactor> = AssessmentFactor::ALL
                .iter()
                .copied()
                .filter(|f| form.contains_key(&format!("factor-{}", f.code())))
                .collect();
            if let Some(s) = start {
                not_future(s, "start", "date the assessment started", &mut errors);
            }
            if let Some(a) = authorised {
                not_future(a, "authorised", "date it was authorised", &mut errors);
                if start.is_some_and(|s| a < s) {
                    errors.push((
                        "authorised",
                        "The date authorised must be on or after the date the assessment started"
                            .into(),
                    ));
                }
            } else if !factors.is_empty() {
                errors.push(("factors", "Factors are recorded when the assessment is authorised: enter the date it was authorised".into()));
            }
            let referral =
                start.and_then(|s| open_referral(r, s, "start", "an assessment", &mut errors));
            if let (Some(start), Some(referral)) = (start, referral) {
                let same = new
                    .assessments
                    .iter()
                    .position(|a| a.referral == referral.id && a.start == start);
                let ongoing = r.assessments.iter().find(|a| {
                    a.referral == referral.id && a.authorised.is_none() && a.start != start
                });
                match (same.map(|i| &mut new.assessments[i]), authorised) {
                    (Some(a), Some(d)) if a.authorised.is_none() => {
                        a.authorised = Some(d);
                        a.factors = factors;
                    }
                    (Some(_), _) => errors.push(("start", "An assessment starting on that date is already recorded: to authorise it, enter the date it was authorised".into())),
                    (None, _) if ongoing.is_some() => errors.push(("start", format!(
                        "The assessment started on {} is still ongoing: authorise it first by entering that start date",
                        ongoing.map(|a| long_date(a.start)).unwrap_or_default()
                    ))),
                    (None, _) => new.assessments.push(SingleAssessment {
                        id: next_id(r.assessments.iter().map(|a| &a.id)),
                        referral: referral.id,
                        start,
                        authorised,
                        factors,
                    }),
                }
            }
        }
        FormKind::StrategyDiscussion => {
            let date = date_field(form, "date", "date of the strategy discussion", &mut errors);
            let section47 = choice_field(
                form,
                "section47",
                ("yes", "no"),
                "Select whether a section 47 enquiry starts",
                &mut errors,
            );
            let icpc_not_required = form.contains_key("icpc_not_required");
            if icpc_not_required && section47 == Some(false) {
                errors.push((
                    "icpc_not_required",
                    "Only a section 47 enquiry can conclude that no conference is needed".into(),
                ));
            }
            if let Some(d) = date {
                not_future(d, "date", "date of the strategy discussion", &mut errors);
            }
            let referral = date
                .and_then(|d| open_referral(r, d, "date", "a strategy discussion", &mut errors));
            if let (Some(date), Some(referral), Some(section47), true) =
                (date, referral, section47, errors.is_empty())
            {
                new.strategy_discussions.push(StrategyDiscussion {
                    id: next_id(r.strategy_discussions.iter().map(|x| &x.id)),
                    referral: referral.id,
                    date,
                    section47_started: section47,
                });
                if section47 {
                    new.section47s.push(Section47Enquiry {
                        id: next_id(r.section47s.iter().map(|x| &x.id)),
                        referral: referral.id,
                        start: date,
                        // Working Together: an initial conference within 15 working days.
                        icpc_target: Some(sightline_domain::calendar::add_working_days(date, 15)),
                        icpc_not_required,
                    });
                }
            }
        }
        FormKind::Icpc => {
            let date = date_field(form, "date", "date of the conference", &mut errors);
            let plan = choice_field(
                form,
                "outcome",
                ("plan", "no-plan"),
                "Select what the conference decided",
                &mut errors,
            );
            if let Some(d) = date {
                not_future(d, "date", "date of the conference", &mut errors);
                let s47 = r.section47s.iter().rev().find(|s| {
                    s.start <= d
                        && !r
                            .conferences
                            .iter()
                            .any(|c| c.kind == ConferenceKind::Initial && c.section47 == Some(s.id))
                });
                match s47 {
                    None => errors.push(("date", "There is no section 47 enquiry started on or before that date awaiting an initial conference: record the strategy discussion first".into())),
                    Some(s) if s.icpc_not_required => errors.push(("date", "That section 47 enquiry concluded that no conference was needed".into())),
                    Some(s) => {
                        if let (Some(plan), true) = (plan, errors.is_empty()) {
                            new.conferences.push(ChildProtectionConference {
                                id: next_id(r.conferences.iter().map(|c| &c.id)),
                                referral: s.referral,
                                kind: ConferenceKind::Initial,
                                date: d,
                                section47: Some(s.id),
                                cp_plan: r.cp_plans.iter().find(|p| plan && p.start == d).map(|p| p.id),
                                plan_outcome: plan,
                            });
                        }
                    }
                }
            }
        }
        FormKind::ClaEpisode => {
            let date = date_field(form, "date", "date of the change", &mut errors);
            if let Some(d) = date {
                not_future(d, "date", "date of the change", &mut errors);
            }
            let open = r.episodes.iter().position(|e| e.end.is_none());
            match form.get("change").map(String::as_str) {
                Some("new") => {
                    let rne = code_field::<ReasonNewEpisode>(
                        form,
                        "rne",
                        Some("the reason for the new episode"),
                        &mut errors,
                    );
                    let legal_status = code_field::<LegalStatus>(
                        form,
                        "legal_status",
                        Some("the legal status"),
                        &mut errors,
                    );
                    let placement = code_field::<PlacementType>(
                        form,
                        "placement",
                        Some("the placement type"),
                        &mut errors,
                    );
                    let provider =
                        code_field::<PlacementProvider>(form, "provider", None, &mut errors);
                    let reason_place_change = code_field::<ReasonPlaceChange>(
                        form,
                        "reason_place_change",
                        None,
                        &mut errors,
                    );
                    let previous = open.map(|i| &r.episodes[i]);
                    let category_of_need =
                        code_field::<CategoryOfNeed>(form, "category_of_need", None, &mut errors)
                            .or(previous.map(|e| e.category_of_need));
                    if category_of_need.is_none() {
                        errors.push(("category_of_need", "Select the category of need".into()));
                    }
                    if let (Some(d), Some(rne)) = (date, rne) {
                        match previous {
                            Some(p) if d <= p.start => errors.push(("date", format!("The new episode must start after the current one, which started on {}", long_date(p.start)))),
                            Some(_) if rne == ReasonNewEpisode::Started => errors.push(("rne", "The child is already looked after: choose what changed (S starts a new period of care)".into())),
                            None if rne != ReasonNewEpisode::Started => errors.push(("rne", "The child is not looked after: a new period of care starts with S".into())),
                            None if r.episodes.iter().any(|e| e.end.is_some_and(|x| x.date > d)) => errors.push(("date", "That date falls within an earlier period of care".into())),
                            _ => {}
                        }
                    }
                    let text = |name: &str| {
                        form.get(name)
                            .map(|s| s.trim().to_uppercase())
                            .filter(|s| !s.is_empty())
                    };
                    let (postcode, urn) = (text("placement_postcode"), text("urn"));
                    if let (
                        Some(d),
                        Some(rne),
                        Some(legal_status),
                        Some(placement),
                        Some(category_of_need),
                        true,
                    ) = (
                        date,
                        rne,
                        legal_status,
                        placement,
                        category_of_need,
                        errors.is_empty(),
                    ) {
                        let same_placement = rne == ReasonNewEpisode::LegalStatusChange;
                        let episode = LookedAfterEpisode {
                            id: next_id(r.episodes.iter().map(|e| &e.id)),
                            start: d,
                            reason_new: rne,
                            legal_status,
                            category_of_need,
                            placement,
                            provider,
                            end: None,
                            reason_place_change: None,
                            home_postcode: previous.and_then(|p| p.home_postcode.clone()),
                            placement_postcode: postcode.or_else(|| {
                                previous
                                    .filter(|_| same_placement)
                                    .and_then(|p| p.placement_postcode.clone())
                            }),
                            urn: urn.or_else(|| {
                                previous
                                    .filter(|_| same_placement)
                                    .and_then(|p| p.urn.clone())
                            }),
                        };
                        if let Some(i) = open {
                            // 903 REASON_PLACE_CHANGE belongs to the episode whose placement ends.
                            if reason_place_change.is_some() {
                                new.episodes[i].reason_place_change = reason_place_change;
                            }
                            new.episodes[i].end = Some(EpisodeEnd {
                                date: d,
                                reason: ReasonEpisodeCeased::Continues,
                            });
                        }
                        new.episodes.push(episode);
                    }
                }
                Some("end") => {
                    let rec = code_field::<ReasonEpisodeCeased>(
                        form,
                        "rec",
                        Some("the reason the child stopped being looked after"),
                        &mut errors,
                    );
                    if rec == Some(ReasonEpisodeCeased::Continues) {
                        errors.push(("rec", "X1 is recorded for you when a new episode starts: choose an E code to end care".into()));
                    }
                    match (open, date) {
                        (None, _) => errors.push((
                            "change",
                            "The child is not looked after: there is no episode to end".into(),
                        )),
                        (Some(i), Some(d)) if d < r.episodes[i].start => errors.push((
                            "date",
                            format!(
                                "The end must be on or after the current episode's start, {}",
                                long_date(r.episodes[i].start)
                            ),
                        )),
                        (Some(i), Some(d)) => {
                            if let (Some(reason), true) = (rec, errors.is_empty()) {
                                new.episodes[i].end = Some(EpisodeEnd { date: d, reason });
                            }
                        }
                        (Some(_), None) => {}
                    }
                }
                _ => errors.push((
                    "change",
                    "Select whether a new episode starts or care ends".into(),
                )),
            }
        }
        FormKind::ClaReview => {
            let date = date_field(form, "date", "date of the review", &mut errors);
            let participation = match form.get("participation").map(String::as_str).unwrap_or("") {
                "" => {
                    errors.push(("participation", "Select how the child took part".into()));
                    None
                }
                c => ReviewParticipation::parse(c).ok(),
            };
            if let Some(d) = date {
                not_future(d, "date", "date of the review", &mut errors);
                if !r
                    .episodes
                    .iter()
                    .any(|e| e.start <= d && e.end.is_none_or(|x| x.date >= d))
                {
                    errors.push(("date", "The child was not looked after on that date".into()));
                }
            }
            if let (Some(date), Some(participation), true) =
                (date, participation, errors.is_empty())
            {
                new.cla_reviews.push(ClaReview {
                    id: next_id(r.cla_reviews.iter().map(|x| &x.id)),
                    date,
                    participation,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    new.sort();
    // The DfE rules of the return the event belongs to: block only what
    // this change breaks.
    let year = CollectionYear::containing(today);
    let cin = matches!(
        kind,
        FormKind::Contact
            | FormKind::Assessment
            | FormKind::StrategyDiscussion
            | FormKind::Icpc
            | FormKind::CpPlanStart
            | FormKind::CpPlanEnd
            | FormKind::CpReview
            | FormKind::TransferIn
    );
    // SSDA903 with the council's workforce, so the social-worker episode
    // rules (SW...) see each allocated worker's real SW_ID and block too.
    let dfe = |rec: &ChildRecord| {
        if cin {
            sightline_cin::validate_child(rec, year)
        } else {
            sightline_ssda903::validate_child_with_workers(rec, year, workers)
        }
    };
    let key = |f: &sightline_exchange::Finding| (f.rule.clone(), f.message.clone());
    let before: BTreeSet<(String, String)> = dfe(r).iter().map(key).collect();
    let field = field_of(kind);
    // A query (CIN rules ending in Q: "please check and either amend data
    // or provide a reason") does not block: many ask about the state at the
    // end of the census year (an assessment still open 45 working days
    // before it ends) and would refuse every ongoing assessment or S47
    // recorded today. They appear among the record's data-quality queries.
    for f in dfe(&new) {
        if !f.rule.ends_with('Q') && !before.contains(&key(&f)) {
            errors.push((field, format!("DfE rule {}: {}", f.rule, f.message)));
        }
    }
    if errors.is_empty() {
        Ok(new)
    } else {
        Err(errors)
    }
}

pub(crate) async fn form_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child, form_slug)): Path<(String, String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let (l, kind) = match load_for_record(&state, &ctx, &la, &child, &form_slug)? {
            Ok(x) => x,
            Err(res) => return Ok(res),
        };
        let version = form
            .get("version")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(-1);
        let today = state.today().max(l.view.as_at);
        let rerender = |errors: Errors, status: StatusCode| {
            let v = if version >= 0 { version } else { l.record.version };
            Ok((status, form_markup(&ctx, &l, kind, &form, &errors, v)).into_response())
        };
        let conflict = || {
            rerender(
                vec![(
                    field_of(kind),
                    "Someone else changed this record while you were editing it. Nothing you entered has been saved: open the record again to see their change, then enter yours.".into(),
                )],
                StatusCode::CONFLICT,
            )
        };
        // Optimistic concurrency: the form was filled in on the version it
        // carries; a record changed since is reported before anything else
        // (the store checks again when saving, for a change in between).
        if version != l.record.version {
            return conflict();
        }
        let mut new = match apply(&l.record, kind, &form, today, &l.view.council.workers) {
            Ok(n) => n,
            Err(errors) => return rerender(errors, StatusCode::BAD_REQUEST),
        };
        new.version = version;
        match state.store.save_child(l.la, &new) {
            Ok(v) => {
                new.version = v;
                state.audit(
                    l.la,
                    &ctx.user.username,
                    Some(new.child.id.as_str()),
                    &format!("recorded {}", kind.title().to_lowercase()),
                    "recording form",
                    state.now(),
                )?;
                state.record_saved(l.la, new);
                Ok(Redirect::to(&format!(
                    "/children/{}/{}?saved={}",
                    l.la.get(),
                    l.record.child.id.as_str(),
                    kind.slug()
                ))
                .into_response())
            }
            Err(StoreError::Conflict { .. }) => conflict(),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// The field an error about the whole form (a DfE rule, a conflict) is shown against.
fn field_of(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Contact
        | FormKind::StrategyDiscussion
        | FormKind::Icpc
        | FormKind::ClaEpisode
        | FormKind::ClaReview
        | FormKind::CpReview
        | FormKind::TransferIn => "date",
        FormKind::Assessment | FormKind::CpPlanStart => "start",
        FormKind::CpPlanEnd => "end",
    }
}
