//! Who may see a restricted record: the users named on it, and the page
//! where a manager names or removes them.
//!
//! Why a separate page: naming someone on a restricted record (a child
//! related to a staff member, say) decides who can read it without
//! breaking glass, so it belongs to the people responsible for the team's
//! records (its team manager, heads of service, directors) and the admin,
//! is checked on the server like every route, and every change is written
//! to the access audit chain. Nobody may name themselves: that would be
//! breaking glass without the reason or the flag to the manager.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use crate::child::{Loaded, load};
use crate::policy::{self, Role};
use crate::session::{errors_markup, signed_in};
use crate::{AppError, AppState, Ctx, blocking, page};

/// May the user name people on (and remove them from) this record?
pub(crate) fn may_manage(ctx: &Ctx, l: &Loaded) -> bool {
    policy::may_manage_grants(&ctx.subject, &l.rel)
}

fn base(l: &Loaded) -> String {
    format!("/children/{}/{}", l.la.get(), l.record.child.id.as_str())
}

fn render(
    state: &AppState,
    ctx: &Ctx,
    l: &Loaded,
    username: &str,
    errors: &[(&'static str, String)],
    status: StatusCode,
) -> Result<Response, AppError> {
    let named = state.store.restricted_grants(l.la, &l.record.child.id)?;
    let users: Vec<(String, String)> = named
        .iter()
        .map(|u| {
            let shown = state
                .store
                .user(u)
                .ok()
                .flatten()
                .map(|x| {
                    format!(
                        "{} ({})",
                        x.display_name,
                        Role::parse(&x.role).map_or("no role", |r| r.label())
                    )
                })
                .unwrap_or_else(|| "no such user".into());
            (u.clone(), shown)
        })
        .collect();
    let path = format!("{}/access", base(l));
    let err = errors
        .iter()
        .find(|(k, _)| *k == "username")
        .map(|(_, m)| m.clone());
    Ok((
        status,
        page(
            if errors.is_empty() {
                "Who may see this restricted record"
            } else {
                "Error: Who may see this restricted record"
            },
            Some(ctx),
            html! {
                (errors_markup(errors))
                span class="caption-l" { "Child " (l.record.child.id.as_str()) }
                h1 class="heading-l" { "Who may see this restricted record" }
                p { "Only the people named here can open the record. Anyone else whose role would let them see it is asked for a reason (breaking glass), which is logged and shown to managers." }
                table class="table" id="named-users" {
                    caption class="table-caption" { (users.len()) " named" }
                    thead { tr { th scope="col" { "Username" } th scope="col" { "Name and role" } th scope="col" { span class="visually-hidden" { "Action" } } } }
                    tbody { @for (u, shown) in &users { tr {
                        td { (u) }
                        td { (shown) }
                        td {
                            @if *u != ctx.user.username {
                                form method="post" action=(path) class="inline-form" {
                                    input type="hidden" name="csrf" value=(ctx.session.csrf);
                                    input type="hidden" name="action" value="revoke";
                                    input type="hidden" name="username" value=(u);
                                    button type="submit" class="link-button" { "Remove" span class="visually-hidden" { " " (u) } }
                                }
                            }
                        }
                    } } }
                }
                h2 class="heading-m" { "Name someone" }
                form method="post" action=(path) novalidate {
                    input type="hidden" name="csrf" value=(ctx.session.csrf);
                    input type="hidden" name="action" value="grant";
                    div class={ "form-group" @if err.is_some() { " form-group-error" } } {
                        label class="label" for="username" { "Username" }
                        @if let Some(m) = &err { p class="error-message" { span class="visually-hidden" { "Error:" } " " (m) } }
                        input class="input input-width-20" id="username" name="username" type="text" spellcheck="false" value=(username);
                    }
                    button type="submit" class="button" { "Name this user" }
                }
                p { a href=(base(l)) { "Back to the record" } }
            },
        ),
    )
        .into_response())
}

fn load_managed(state: &AppState, ctx: &Ctx, la: &str, child: &str) -> Result<Loaded, AppError> {
    let l = load(state, ctx, la, child)?;
    if !l.record.child.restricted {
        return Err(AppError::NotFound);
    }
    if !may_manage(ctx, &l) {
        return Err(AppError::Forbidden);
    }
    Ok(l)
}

pub(crate) async fn grants_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        let l = load_managed(&state, &ctx, &la, &child)?;
        render(&state, &ctx, &l, "", &[], StatusCode::OK)
    })
    .await
}

pub(crate) async fn grants_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((la, child)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let ctx = signed_in(&state, &headers)?;
        ctx.check_csrf(&form)?;
        let l = load_managed(&state, &ctx, &la, &child)?;
        let username = form.get("username").map(|s| s.trim()).unwrap_or("");
        let refuse = |m: &str| {
            render(
                &state,
                &ctx,
                &l,
                username,
                &[("username", m.to_string())],
                StatusCode::BAD_REQUEST,
            )
        };
        if username.is_empty() {
            return refuse("Enter the username of the person to name");
        }
        if username == ctx.user.username {
            return refuse(
                "You cannot name yourself: ask another manager, or break glass from the record",
            );
        }
        let cid = &l.record.child.id;
        let (what, changed) = match form.get("action").map(String::as_str) {
            Some("grant") => {
                let Some(user) = state.store.user(username)? else {
                    return refuse("There is no user with that username");
                };
                if user.la.is_some_and(|x| x != l.la) {
                    return refuse("That user works for another council");
                }
                let reads = Role::parse(&user.role).is_some_and(|r| {
                    !matches!(r, Role::ElectedMember | Role::Admin | Role::FinanceOfficer)
                });
                if !reads {
                    return refuse("That user's role never opens child records");
                }
                state.store.grant_restricted(l.la, cid, username)?;
                (format!("named {username} on restricted record"), true)
            }
            Some("revoke") => {
                let removed = state.store.revoke_restricted(l.la, cid, username)?;
                (
                    format!("removed {username} from restricted record"),
                    removed,
                )
            }
            _ => return Err(AppError::NotFound),
        };
        if changed {
            state.audit(
                l.la,
                &ctx.user.username,
                Some(cid.as_str()),
                &what,
                "restricted-record access",
                state.now(),
            )?;
        }
        Ok(Redirect::to(&format!("{}/access", base(&l))).into_response())
    })
    .await
}
