//! Case file audits: the quarter's grade distribution beside the previous
//! quarter's (as seed 003 reports it), section grades, the month's audit
//! schedule, the audits and their open actions, one audit's form, and the
//! structured audit form (overall and per-section grades, an action with
//! owner and due date) that records an audit through the store.
//!
//! The form refuses, keeping what was entered: a missing or unknown child,
//! an unknown auditor, the same person twice, an audit by the case's own
//! manager (`CaseFileAudit::check`), a missing grade, an action without an
//! owner or due date, or a due date before the audit.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_domain::quality::{
    AuditAction, AuditForm, AuditSection, AuditSelection, CaseFileAudit, Grade, QualityRecords,
    SectionGrade,
};
use sightline_domain::{ChildId, Date, WorkerRole};
use sightline_workforce::assurance::{
    Quarter, audit_schedule, open_actions, quarter_vs_previous, section_distribution,
};

use super::{
    Reach, council_view, count_cell, grade_tag, holder_on, holder_team, may_record_audits, reach,
    worker_name,
};
use crate::policy::suppress;
use crate::session::{errors_markup, signed_in};
use crate::{AppError, AppState, CouncilView, Ctx, blocking, long_date, page};

pub(super) type Errors = Vec<(&'static str, String)>;

#[derive(serde::Deserialize, Default)]
pub(crate) struct AuditsQuery {
    la: Option<u16>,
    quarter: Option<String>,
}

/// The audit is within the user's reach: service-wide all; a manager's
/// team's cases or audits by their team; a worker's own cases or audits.
fn audit_in_reach(view: &CouncilView, reach: Reach, a: &CaseFileAudit) -> bool {
    let child = a.child.as_str();
    let auditors = std::iter::once(a.auditor).chain(a.paired_auditor);
    match reach {
        Reach::All => true,
        Reach::Team(t) => {
            holder_team(view, child, a.date) == Some(t)
                || auditors
                    .clone()
                    .any(|w| view.worker_team.get(&w) == Some(&t))
        }
        Reach::Own { worker, .. } => {
            holder_on(view, child, a.date) == Some(worker) || auditors.clone().any(|w| w == worker)
        }
        Reach::Aggregate => false,
    }
}

fn managers(view: &CouncilView, on: Date) -> Vec<&sightline_domain::Worker> {
    let mut m: Vec<_> = view
        .council
        .workers
        .iter()
        .filter(|w| {
            matches!(w.role, WorkerRole::TeamManager | WorkerRole::HeadOfService)
                && w.is_in_post_on(on)
        })
        .collect();
    m.sort_by(|a, b| a.name.cmp(&b.name));
    m
}

pub(crate) async fn audits_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AuditsQuery>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let reach = reach(&ctx)?;
        let view = council_view(&state, &ctx, q.la)?;
        let rec = state.store.load_quality(view.council.la)?;
        let quarter = match q.quarter.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => s.parse::<Quarter>().map_err(|_| AppError::NotFound)?,
            None => Quarter::containing(view.as_at),
        };
        let body = audits_body(&ctx, &view, &rec, reach, quarter, &HashMap::new(), &vec![]);
        Ok(page("Case file audits", Some(&ctx), body).into_response())
    })
    .await
}

fn audits_body(
    ctx: &Ctx,
    view: &CouncilView,
    rec: &QualityRecords,
    reach: Reach,
    quarter: Quarter,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let la = view.council.la.get();
    let on = view.as_at;
    let aggregate = reach == Reach::Aggregate;
    let (now, prev) = quarter_vs_previous(&rec.audits, quarter);
    let hide_now = if aggregate {
        suppress(&now.counts)
    } else {
        vec![false; 4]
    };
    let hide_prev = if aggregate {
        suppress(&prev.counts)
    } else {
        vec![false; 4]
    };
    let pct = |hidden: bool, p: u64| {
        if hidden {
            "*".to_string()
        } else {
            p.to_string()
        }
    };
    let (qs, qe) = quarter.range();
    let listed: Vec<&CaseFileAudit> = rec
        .audits
        .iter()
        .filter(|a| a.date >= qs && a.date <= qe && audit_in_reach(view, reach, a))
        .collect();
    let sections = section_distribution(&rec.audits, &rec.audit_forms, quarter);
    let actions: Vec<_> = open_actions(&rec.audits, &rec.audit_forms, on)
        .into_iter()
        .filter(|x| match reach {
            Reach::Own { worker, .. } => x.action.owner == worker,
            Reach::Team(t) => {
                view.worker_team.get(&x.action.owner) == Some(&t)
                    || rec
                        .audits
                        .iter()
                        .find(|a| a.id == x.audit)
                        .is_some_and(|a| audit_in_reach(view, reach, a))
            }
            Reach::All => true,
            Reach::Aggregate => false,
        })
        .collect();
    let schedule = if matches!(reach, Reach::All | Reach::Team(_)) {
        audit_schedule(&view.council, &rec.audits, on, 7, 2)
            .into_iter()
            .filter(|s| match reach {
                Reach::Team(t) => view.worker_team.get(&s.holder) == Some(&t),
                _ => true,
            })
            .collect()
    } else {
        vec![]
    };
    let quarters: Vec<Quarter> = {
        let mut v = vec![Quarter::containing(on)];
        for _ in 0..7 {
            let p = v[v.len() - 1].previous();
            v.push(p);
        }
        v
    };
    html! {
        h1 class="heading-l" { "Case file audits" }
        form method="get" action="/quality/audits" class="filters" {
            input type="hidden" name="la" value=(la);
            div class="form-group" {
                label class="label" for="quarter" { "Quarter" }
                select class="select" id="quarter" name="quarter" {
                    @for x in &quarters {
                        option value=(format!("{}-Q{}", x.year, x.q)) selected[*x == quarter] { (x.label()) }
                    }
                }
            }
            button type="submit" class="button button-secondary" { "Show" }
        }
        h2 class="heading-m" id="distribution" { "Grades " (now.label) " against " (prev.label) }
        @if aggregate { p class="hint" { "* 1 to 4 audits: suppressed, with the next smallest count where only one would be." } }
        table class="table" {
            caption class="table-caption" { (now.audits) " audits in " (now.label) "; " (prev.audits) " in " (prev.label) }
            thead { tr {
                th scope="col" { "Overall grade" }
                th scope="col" class="numeric" { (now.label) " audits" }
                th scope="col" class="numeric" { (now.label) " %" }
                th scope="col" class="numeric" { (prev.label) " audits" }
                th scope="col" class="numeric" { (prev.label) " %" }
            } }
            tbody {
                @for (i, g) in Grade::ALL.iter().enumerate() { tr {
                    th scope="row" { (g.label()) }
                    td class="numeric" { (count_cell(now.counts[i], hide_now[i])) }
                    td class="numeric" { (pct(hide_now[i], now.percent[i])) }
                    td class="numeric" { (count_cell(prev.counts[i], hide_prev[i])) }
                    td class="numeric" { (pct(hide_prev[i], prev.percent[i])) }
                } }
                tr {
                    th scope="row" { "Good or better" }
                    td {} td class="numeric" { (super::rate(now.good_or_better)) }
                    td {} td class="numeric" { (super::rate(prev.good_or_better)) }
                }
            }
        }
        @if !aggregate {
            h2 class="heading-m" { "Section grades " (now.label) }
            table class="table" {
                caption class="visually-hidden" { "Section grades on the audit forms of the quarter" }
                thead { tr { th scope="col" { "Section" } @for g in Grade::ALL { th scope="col" class="numeric" { (g.label()) } } } }
                tbody { @for (s, counts) in &sections { tr {
                    th scope="row" { (s.label()) }
                    @for n in counts { td class="numeric" { (n) } }
                } } }
            }
            h2 class="heading-m" id="audits" { "Audits " (now.label) " (" (listed.len()) ")" }
            @if listed.is_empty() { p { "No audits to show." } } @else {
                table class="table" {
                    caption class="visually-hidden" { "Audits in the quarter" }
                    thead { tr { th scope="col" { "Audit" } th scope="col" { "Date" } th scope="col" { "Child" } th scope="col" { "Selection" } th scope="col" { "Auditors" } th scope="col" { "Grade" } } }
                    tbody { @for a in listed.iter().rev() { tr {
                        td { a href=(format!("/quality/audits/{la}/{}", a.id)) { "Audit " (a.id) } }
                        td class="nowrap" { (long_date(a.date)) }
                        td { (a.child.as_str()) }
                        td { (selection_label(&a.selection)) }
                        td { (worker_name(view, a.auditor)) @if let Some(p) = a.paired_auditor { " and " (worker_name(view, p)) } }
                        td { (grade_tag(a.grade)) }
                    } } }
                }
            }
            h2 class="heading-m" { "Open actions (" (actions.len()) ")" }
            @if actions.is_empty() { p { "No open actions." } } @else {
                table class="table" {
                    caption class="visually-hidden" { "Audit actions not yet completed" }
                    thead { tr { th scope="col" { "Audit" } th scope="col" { "Action" } th scope="col" { "Owner" } th scope="col" { "Due" } th scope="col" { "Status" } } }
                    tbody { @for x in actions.iter().take(200) { tr {
                        td { a href=(format!("/quality/audits/{la}/{}", x.audit)) { "Audit " (x.audit) } }
                        td { (x.action.action) }
                        td { (worker_name(view, x.action.owner)) }
                        td class="nowrap" { (long_date(x.action.due)) }
                        td { @if x.overdue { strong class="tag tag-red" { "Overdue" } } @else { "Open" } }
                    } } }
                }
            }
        }
        @if !schedule.is_empty() {
            h2 class="heading-m" { "Proposed schedule for " (on.format("%B %Y")) }
            p class="hint" { "A random sample of open cases and a themed selection, none audited in the last 12 months, each with two managers who do not manage the case." }
            table class="table" {
                caption class="visually-hidden" { "Cases proposed for audit this month" }
                thead { tr { th scope="col" { "Child" } th scope="col" { "Selection" } th scope="col" { "Case holder" } th scope="col" { "Auditors" } } }
                tbody { @for s in &schedule { tr {
                    td { a href=(format!("/children/{la}/{}", s.child.as_str())) { (s.child.as_str()) } }
                    td { (selection_label(&s.selection)) }
                    td { (worker_name(view, s.holder)) }
                    td { (worker_name(view, s.auditor)) " and " (worker_name(view, s.paired_auditor)) }
                } } }
            }
        }
        @if may_record_audits(ctx) {
            (audit_form(ctx, view, form, errors))
        }
    }
}

fn selection_label(s: &AuditSelection) -> String {
    match s {
        AuditSelection::Random => "Random sample".into(),
        AuditSelection::Themed(t) => format!("Themed: {t}"),
    }
}

pub(super) fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map_or("", |s| s.as_str())
}

pub(super) fn err_of<'a>(errors: &'a Errors, name: &str) -> Option<&'a String> {
    errors.iter().find(|(k, _)| *k == name).map(|(_, m)| m)
}

pub(super) fn group_class(err: Option<&String>) -> &'static str {
    if err.is_some() {
        "form-group form-group-error"
    } else {
        "form-group"
    }
}

pub(super) fn error_line(err: Option<&String>) -> Markup {
    html! { @if let Some(m) = err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } } }
}

pub(super) fn worker_select(
    name: &'static str,
    label: &str,
    people: &[&sightline_domain::Worker],
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let err = err_of(errors, name);
    let chosen = field(form, name);
    html! {
        div class=(group_class(err)) {
            label class="label" for=(name) { (label) }
            (error_line(err))
            select class="select" id=(name) name=(name) {
                option value="" { "Choose" }
                @for w in people {
                    option value=(w.id) selected[chosen == w.id.to_string()] { (w.name) " (" (w.role.label()) ")" }
                }
            }
        }
    }
}

pub(super) fn text_input(
    name: &'static str,
    label: &str,
    hint: Option<&str>,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let err = err_of(errors, name);
    html! {
        div class=(group_class(err)) {
            label class="label" for=(name) { (label) }
            @if let Some(h) = hint { div class="hint" id=(format!("{name}-hint")) { (h) } }
            (error_line(err))
            input class="input input-width-20" id=(name) name=(name) type="text" value=(field(form, name))
                aria-describedby=[hint.map(|_| format!("{name}-hint"))];
        }
    }
}

fn grade_radios(
    name: &'static str,
    legend: &str,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let err = err_of(errors, name);
    let chosen = field(form, name);
    html! {
        div class=(group_class(err)) {
            fieldset class="fieldset" id=(name) {
                legend class="fieldset-legend" { (legend) }
                (error_line(err))
                @for g in Grade::ALL {
                    div class="radio" {
                        input class="radio-input" type="radio" id=(format!("{name}-{}", g.code())) name=(name) value=(g.code()) checked[chosen == g.code()];
                        label class="label radio-label" for=(format!("{name}-{}", g.code())) { (g.label()) }
                    }
                }
            }
        }
    }
}

fn audit_form(
    ctx: &Ctx,
    view: &CouncilView,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let la = view.council.la.get();
    let people = managers(view, view.as_at);
    let owners: Vec<&sightline_domain::Worker> = {
        let mut v: Vec<_> = view
            .council
            .workers
            .iter()
            .filter(|w| w.is_in_post_on(view.as_at) && w.role != WorkerRole::FamilySupportWorker)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    html! {
        h2 class="heading-m" id="record" { "Record a case file audit" }
        (errors_markup(errors))
        form method="post" action=(format!("/quality/audits?la={la}")) novalidate {
            input type="hidden" name="csrf" value=(ctx.session.csrf);
            (text_input("child", "Child's id", Some("As on the child's record, for example C1001"), form, errors))
            (text_input("date", "Date of the audit", Some("For example 2025-03-14 or 14/03/2025"), form, errors))
            (worker_select("auditor", "Auditor", &people, form, errors))
            (worker_select("paired_auditor", "Paired auditor", &people, form, errors))
            (text_input("theme", "Theme (leave empty for a random sample)", Some("For example: Voice of the child"), form, errors))
            (grade_radios("grade", "Overall grade", form, errors))
            fieldset class="fieldset" {
                legend class="fieldset-legend" { "Grade for each section" }
                @for s in AuditSection::ALL {
                    @let name = section_field(s);
                    @let err = err_of(errors, name);
                    div class=(group_class(err)) {
                        label class="label" for=(name) { (s.label()) }
                        (error_line(err))
                        select class="select" id=(name) name=(name) {
                            option value="" { "Not graded" }
                            @for g in Grade::ALL { option value=(g.code()) selected[field(form, name) == g.code()] { (g.label()) } }
                        }
                    }
                }
            }
            fieldset class="fieldset" {
                legend class="fieldset-legend" { "Action (optional)" }
                (text_input("action", "What needs to be done", None, form, errors))
                (worker_select("action_owner", "Owner", &owners, form, errors))
                (text_input("action_due", "Due by", Some("For example 2025-04-11"), form, errors))
            }
            button type="submit" class="button" { "Save audit" }
        }
    }
}

fn section_field(s: AuditSection) -> &'static str {
    match s {
        AuditSection::VoiceOfTheChild => "section_voice_of_the_child",
        AuditSection::Assessment => "section_assessment",
        AuditSection::Planning => "section_planning",
        AuditSection::ManagementOversight => "section_management_oversight",
        AuditSection::MultiAgencyWorking => "section_multi_agency_working",
        AuditSection::Impact => "section_impact",
    }
}

pub(super) fn parse_date(s: &str) -> Option<Date> {
    parse_iso_date(s.trim()).or_else(|| parse_uk_date(s.trim()))
}

/// The audit and its form from the submitted fields, or what is wrong.
fn read_form(
    view: &CouncilView,
    rec: &QualityRecords,
    form: &HashMap<String, String>,
) -> Result<(CaseFileAudit, AuditForm), Errors> {
    let mut errors: Errors = Vec::new();
    let child = match ChildId::parse(field(form, "child").trim()) {
        Ok(c) if view.child_index.contains_key(c.as_str()) => Some(c),
        Ok(_) => {
            errors.push((
                "child",
                "There is no child with this id in this council".into(),
            ));
            None
        }
        Err(_) => {
            errors.push(("child", "Enter the child's id".into()));
            None
        }
    };
    let date = parse_date(field(form, "date"));
    if date.is_none() {
        errors.push((
            "date",
            "Enter the date of the audit, for example 2025-03-14".into(),
        ));
    }
    let known = |name: &'static str, errors: &mut Errors| -> Option<i64> {
        let id = field(form, name).parse::<i64>().ok();
        match id {
            Some(id) if view.council.workers.iter().any(|w| w.id == id) => Some(id),
            _ => {
                errors.push((name, "Choose a manager".into()));
                None
            }
        }
    };
    let auditor = known("auditor", &mut errors);
    let paired = known("paired_auditor", &mut errors);
    if auditor.is_some() && auditor == paired {
        errors.push((
            "paired_auditor",
            "Choose a different manager: an audit is carried out by two people".into(),
        ));
    }
    let grade = Grade::parse(field(form, "grade")).ok();
    if grade.is_none() {
        errors.push(("grade", "Choose the overall grade".into()));
    }
    let sections: Vec<SectionGrade> = AuditSection::ALL
        .iter()
        .filter_map(|&s| {
            Grade::parse(field(form, section_field(s)))
                .ok()
                .map(|grade| SectionGrade {
                    section: s,
                    grade,
                    comment: String::new(),
                })
        })
        .collect();
    let mut actions = Vec::new();
    let text = field(form, "action").trim();
    if !text.is_empty() {
        let owner = known("action_owner", &mut errors);
        let due = parse_date(field(form, "action_due"));
        match due {
            None => errors.push(("action_due", "Enter the date the action is due by".into())),
            Some(d) if date.is_some_and(|a| d < a) => errors.push((
                "action_due",
                "The action cannot be due before the audit".into(),
            )),
            _ => {}
        }
        if let (Some(owner), Some(due)) = (owner, due) {
            actions.push(AuditAction {
                action: text.to_string(),
                owner,
                due,
                completed: None,
            });
        }
    }
    let (Some(child), Some(date), Some(auditor), Some(paired), Some(grade)) =
        (child, date, auditor, paired, grade)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let theme = field(form, "theme").trim();
    let audit = CaseFileAudit {
        id: rec.audits.iter().map(|a| a.id).max().unwrap_or(0) + 1,
        child,
        auditor,
        paired_auditor: Some(paired),
        date,
        selection: if theme.is_empty() {
            AuditSelection::Random
        } else {
            AuditSelection::Themed(theme.to_string())
        },
        grade,
    };
    // The domain's refusals: an audit by the case's own manager above all.
    if let Err(e) = audit.check(&view.council) {
        let which =
            match &e {
                sightline_domain::quality::QualityError::AuditByOwnManager {
                    auditor: a, ..
                } if *a == paired => "paired_auditor",
                _ => "auditor",
            };
        return Err(vec![(which, own_manager_message(view, &e))]);
    }
    let form_rec = AuditForm {
        audit: audit.id,
        sections,
        actions,
        moderation: None,
    };
    if let Err(e) = form_rec.check(Some(&audit), &view.council) {
        return Err(vec![("child", e.to_string())]);
    }
    Ok((audit, form_rec))
}

fn own_manager_message(view: &CouncilView, e: &sightline_domain::quality::QualityError) -> String {
    use sightline_domain::quality::QualityError::*;
    match e {
        AuditByOwnManager { auditor, child, .. } => format!(
            "{} manages the team holding {child}'s case: a case is never audited by its own manager. Choose another manager",
            worker_name(view, *auditor)
        ),
        other => other.to_string(),
    }
}

pub(crate) async fn record_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AuditsQuery>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let reach = reach(&ctx)?;
        if !may_record_audits(&ctx) {
            return Err(AppError::Forbidden);
        }
        let view = council_view(&state, &ctx, q.la)?;
        let mut rec = state.store.load_quality(view.council.la)?;
        match read_form(&view, &rec, &form) {
            Err(errors) => {
                let quarter = Quarter::containing(view.as_at);
                let body = audits_body(&ctx, &view, &rec, reach, quarter, &form, &errors);
                Ok((
                    StatusCode::BAD_REQUEST,
                    page("Error: Case file audits", Some(&ctx), body),
                )
                    .into_response())
            }
            Ok((audit, audit_form)) => {
                let quarter = Quarter::containing(audit.date);
                let child = audit.child.as_str().to_string();
                let id = audit.id;
                rec.audits.push(audit);
                rec.audit_forms.push(audit_form);
                state.store.save_quality(view.council.la, &rec)?;
                state.audit(
                    view.council.la,
                    &ctx.user.username,
                    Some(&child),
                    &format!("recorded case file audit {id}"),
                    "audit form",
                    state.now(),
                )?;
                Ok(Redirect::to(&format!(
                    "/quality/audits?la={}&quarter={}-Q{}#distribution",
                    view.council.la.get(),
                    quarter.year,
                    quarter.q
                ))
                .into_response())
            }
        }
    })
    .await
}

pub(crate) async fn audit_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, id)): Path<(String, String)>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let (view, rec, id, in_reach) = load_audit(&state, &ctx, &la, &id)?;
        let body = audit_markup(&ctx, &view, &rec, id, in_reach, &HashMap::new(), &vec![]);
        Ok(page(&format!("Case file audit {id}"), Some(&ctx), body).into_response())
    })
    .await
}

/// The council, its records, the audit's id and whether the audit is in
/// the user's reach, once the user may see it: in reach, or the owner of
/// one of its open actions (who sees the page to complete it, nothing more).
#[allow(clippy::type_complexity)]
fn load_audit(
    state: &AppState,
    ctx: &Ctx,
    la: &str,
    id: &str,
) -> Result<(std::sync::Arc<CouncilView>, QualityRecords, i64, bool), AppError> {
    let reach = reach(ctx)?;
    let la: u16 = la.parse().map_err(|_| AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let view = council_view(state, ctx, Some(la))?;
    let rec = state.store.load_quality(view.council.la)?;
    let a = rec
        .audits
        .iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)?;
    let in_reach = audit_in_reach(&view, reach, a);
    if !in_reach && completable(ctx, &rec, id, false).is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((view, rec, id, in_reach))
}

/// The open actions of audit `id` the user may mark complete (by their
/// index on the audit form): a manager with the audit `in_reach` any of
/// them, anyone else the ones they own.
fn completable(
    ctx: &Ctx,
    rec: &QualityRecords,
    id: i64,
    in_reach: bool,
) -> Vec<(usize, AuditAction)> {
    if ctx.subject.expired {
        return vec![];
    }
    let manager = in_reach && may_record_audits(ctx);
    rec.form_of(id)
        .map(|f| {
            f.actions
                .iter()
                .enumerate()
                .filter(|(_, x)| x.completed.is_none())
                .filter(|(_, x)| manager || ctx.user.worker == Some(x.owner))
                .map(|(i, x)| (i, x.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn audit_markup(
    ctx: &Ctx,
    view: &CouncilView,
    rec: &QualityRecords,
    id: i64,
    in_reach: bool,
    form: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let la = view.council.la.get();
    let Some(a) = rec.audits.iter().find(|a| a.id == id) else {
        return html! {};
    };
    let f = rec.form_of(id);
    let people: Vec<&sightline_domain::Worker> = managers(view, view.as_at)
        .into_iter()
        .filter(|w| w.id != a.auditor && Some(w.id) != a.paired_auditor)
        .collect();
    let open = completable(ctx, rec, id, in_reach);
    let action_err = err_of(errors, "action_index");
    let chosen_action = field(form, "action_index");
    html! {
        (errors_markup(errors))
        h1 class="heading-l" { "Case file audit " (id) }
        dl class="summary-list" {
            div class="summary-list-row" { dt { "Child" } dd { a href=(format!("/children/{la}/{}", a.child.as_str())) { (a.child.as_str()) } } }
            div class="summary-list-row" { dt { "Date" } dd { (long_date(a.date)) } }
            div class="summary-list-row" { dt { "Selection" } dd { (selection_label(&a.selection)) } }
            div class="summary-list-row" { dt { "Auditors" } dd { (worker_name(view, a.auditor)) @if let Some(p) = a.paired_auditor { " and " (worker_name(view, p)) } } }
            div class="summary-list-row" { dt { "Overall grade" } dd { (grade_tag(a.grade)) } }
            @if let Some(m) = f.and_then(|f| f.moderation.as_ref()) {
                div class="summary-list-row" { dt { "Moderation" } dd {
                    "By " (worker_name(view, m.moderator)) " on " (long_date(m.date)) "; the auditors' grade was " (m.original_grade.label()) ". " (m.note)
                } }
            }
        }
        @if let Some(f) = f {
            h2 class="heading-m" { "Sections" }
            table class="table" {
                caption class="visually-hidden" { "Grade of each section" }
                thead { tr { th scope="col" { "Section" } th scope="col" { "Grade" } th scope="col" { "Comment" } } }
                tbody { @for s in &f.sections { tr { th scope="row" { (s.section.label()) } td { (grade_tag(s.grade)) } td { (s.comment) } } } }
            }
            h2 class="heading-m" { "Actions" }
            @if f.actions.is_empty() { p { "No actions." } } @else {
                table class="table" {
                    caption class="visually-hidden" { "Actions from the audit" }
                    thead { tr { th scope="col" { "Action" } th scope="col" { "Owner" } th scope="col" { "Due" } th scope="col" { "Completed" } } }
                    tbody { @for x in &f.actions { tr {
                        td { (x.action) } td { (worker_name(view, x.owner)) } td { (long_date(x.due)) }
                        td { @if let Some(c) = x.completed { (long_date(c)) } @else if x.is_overdue_on(view.as_at) { strong class="tag tag-red" { "Overdue" } } @else { "Open" } }
                    } } }
                }
            }
        }
        @if !open.is_empty() {
            h2 class="heading-m" id="complete" { "Mark an action complete" }
            form method="post" action=(format!("/quality/audits/{la}/{id}/actions")) novalidate {
                input type="hidden" name="csrf" value=(ctx.session.csrf);
                div class=(group_class(action_err)) {
                    label class="label" for="action_index" { "Action" }
                    (error_line(action_err))
                    select class="select" id="action_index" name="action_index" {
                        option value="" { "Choose" }
                        @for (i, x) in &open {
                            option value=(i) selected[chosen_action == i.to_string()] { (x.action) " (" (worker_name(view, x.owner)) ", due " (long_date(x.due)) ")" }
                        }
                    }
                }
                (text_input("completed_on", "Date completed", Some("For example 2025-04-08"), form, errors))
                (text_input("completion_note", "Note (what was done)", None, form, errors))
                button type="submit" class="button" { "Mark complete" }
            }
        }
        @if in_reach && may_record_audits(ctx) {
            h2 class="heading-m" id="moderate" { "Moderate the overall grade" }
            p class="hint" { "Moderation is by a manager who did not carry out the audit. The moderated grade is the one counted in the quarter; the auditors' grade is kept." }
            form method="post" action=(format!("/quality/audits/{la}/{id}/moderate")) novalidate {
                input type="hidden" name="csrf" value=(ctx.session.csrf);
                (worker_select("moderator", "Moderator", &people, form, errors))
                (text_input("moderated_on", "Date of moderation", Some("For example 2025-03-21"), form, errors))
                (grade_radios("moderated_grade", "Moderated overall grade", form, errors))
                (text_input("note", "Note", None, form, errors))
                button type="submit" class="button" { "Save moderation" }
            }
        }
        p { a href=(format!("/quality/audits?la={la}&quarter={}-Q{}", Quarter::containing(a.date).year, Quarter::containing(a.date).q)) { "Back to the audits" } }
    }
}

/// Record moderation of an audit's overall grade: the grade that stands
/// becomes the moderated one and the auditors' grade is kept.
pub(crate) async fn moderate_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, id)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let (view, mut rec, id, in_reach) = load_audit(&state, &ctx, &la, &id)?;
        if !in_reach || !may_record_audits(&ctx) {
            return Err(AppError::Forbidden);
        }
        let mut errors: Errors = Vec::new();
        let moderator = field(&form, "moderator")
            .parse::<i64>()
            .ok()
            .filter(|m| view.council.workers.iter().any(|w| w.id == *m));
        if moderator.is_none() {
            errors.push(("moderator", "Choose a manager".into()));
        }
        let date = parse_date(field(&form, "moderated_on"));
        if date.is_none() {
            errors.push((
                "moderated_on",
                "Enter the date of moderation, for example 2025-03-21".into(),
            ));
        }
        let grade = Grade::parse(field(&form, "moderated_grade")).ok();
        if grade.is_none() {
            errors.push(("moderated_grade", "Choose the moderated grade".into()));
        }
        let (Some(audit_i), true) = (
            rec.audits.iter().position(|a| a.id == id),
            errors.is_empty(),
        ) else {
            let body = audit_markup(&ctx, &view, &rec, id, in_reach, &form, &errors);
            return Ok((
                StatusCode::BAD_REQUEST,
                page("Error: Case file audit", Some(&ctx), body),
            )
                .into_response());
        };
        let (Some(moderator), Some(date), Some(grade)) = (moderator, date, grade) else {
            return Err(AppError::NotFound);
        };
        let audit = rec.audits[audit_i].clone();
        let mut f = rec.form_of(id).cloned().unwrap_or(AuditForm {
            audit: id,
            sections: vec![],
            actions: vec![],
            moderation: None,
        });
        let original = f
            .moderation
            .as_ref()
            .map_or(audit.grade, |m| m.original_grade);
        f.moderation = Some(sightline_domain::quality::Moderation {
            moderator,
            date,
            original_grade: original,
            note: field(&form, "note").trim().to_string(),
        });
        if let Err(e) = f.check(Some(&audit), &view.council) {
            let field_name = match e {
                sightline_domain::quality::QualityError::DateBefore { .. } => "moderated_on",
                _ => "moderator",
            };
            let errors = vec![(field_name, e.to_string())];
            let body = audit_markup(&ctx, &view, &rec, id, in_reach, &form, &errors);
            return Ok((
                StatusCode::BAD_REQUEST,
                page("Error: Case file audit", Some(&ctx), body),
            )
                .into_response());
        }
        rec.audits[audit_i].grade = grade;
        rec.audit_forms.retain(|x| x.audit != id);
        rec.audit_forms.push(f);
        state.store.save_quality(view.council.la, &rec)?;
        state.audit(
            view.council.la,
            &ctx.user.username,
            Some(audit.child.as_str()),
            &format!("moderated case file audit {id}"),
            "audit form",
            state.now(),
        )?;
        Ok(
            Redirect::to(&format!("/quality/audits/{}/{id}", view.council.la.get()))
                .into_response(),
        )
    })
    .await
}

/// Mark one of the audit's actions complete, with the date and a note: for
/// the action's owner or a manager who may see the audit. The note goes to
/// the access log with the change (the action record holds the date only).
/// Saved through the store's quality save, all or nothing.
pub(crate) async fn complete_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, id)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let (view, mut rec, id, in_reach) = load_audit(&state, &ctx, &la, &id)?;
        let open = completable(&ctx, &rec, id, in_reach);
        if open.is_empty() {
            return Err(AppError::Forbidden);
        }
        let Some(audit) = rec.audits.iter().find(|a| a.id == id).cloned() else {
            return Err(AppError::NotFound);
        };
        let mut errors: Errors = Vec::new();
        let index = field(&form, "action_index")
            .parse::<usize>()
            .ok()
            .filter(|i| open.iter().any(|(j, _)| j == i));
        if index.is_none() {
            errors.push(("action_index", "Choose the action that is complete".into()));
        }
        let today = state.today().max(view.as_at);
        let date = parse_date(field(&form, "completed_on"));
        match date {
            None => errors.push((
                "completed_on",
                "Enter the date the action was completed, for example 2025-04-08".into(),
            )),
            Some(d) if d < audit.date => errors.push((
                "completed_on",
                format!(
                    "The action cannot be completed before the audit ({})",
                    long_date(audit.date)
                ),
            )),
            Some(d) if d > today => errors.push((
                "completed_on",
                format!("The date cannot be after today ({})", long_date(today)),
            )),
            _ => {}
        }
        let note = field(&form, "completion_note").trim().to_string();
        if note.is_empty() {
            errors.push(("completion_note", "Enter a note of what was done".into()));
        }
        let rerender = |errors: &Errors, rec: &QualityRecords| {
            let body = audit_markup(&ctx, &view, rec, id, in_reach, &form, errors);
            Ok((
                StatusCode::BAD_REQUEST,
                page("Error: Case file audit", Some(&ctx), body),
            )
                .into_response())
        };
        let (Some(index), Some(date), true) = (index, date, errors.is_empty()) else {
            return rerender(&errors, &rec);
        };
        let Some(f) = rec.audit_forms.iter_mut().find(|f| f.audit == id) else {
            return Err(AppError::NotFound);
        };
        let Some(action) = f.actions.get_mut(index) else {
            return Err(AppError::NotFound);
        };
        action.completed = Some(date);
        let text = action.action.clone();
        if let Err(e) = f.clone().check(Some(&audit), &view.council) {
            let fresh = state.store.load_quality(view.council.la)?;
            return rerender(&vec![("completed_on", e.to_string())], &fresh);
        }
        state.store.save_quality(view.council.la, &rec)?;
        state.audit(
            view.council.la,
            &ctx.user.username,
            Some(audit.child.as_str()),
            &format!("completed action \"{text}\" of case file audit {id} on {date}: {note}"),
            "audit action",
            state.now(),
        )?;
        Ok(
            Redirect::to(&format!("/quality/audits/{}/{id}", view.council.la.get()))
                .into_response(),
        )
    })
    .await
}
