//! Signing in and out: password, then a TOTP code or a recovery code;
//! sessions in the store behind an HttpOnly, SameSite=Strict cookie.
//!
//! Why this shape: the cookie holds a random token and the store only its
//! hash; the token is replaced when the second factor is given (no session
//! fixation); each session has its own CSRF token that every form carries;
//! failures of either factor count towards the account's lockout; a
//! session idle for longer than the configured timeout is ended.
//!
//! What it does not do: OIDC sign-in (documented as future work in
//! docs/WEB.md) or password changes through the web (the CLI resets them).

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use sightline_store::{SessionRecord, Store};

use crate::policy::Subject;
use crate::{AppError, AppState, Ctx, auth, blocking, page};

pub(crate) const SESSION_COOKIE: &str = "sightline_session";
const PRE_COOKIE: &str = "sightline_signin";

/// The value of cookie `name`, if sent.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    if state.config.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The session of this request, any stage; ends idle ones.
fn current_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SessionRecord>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = auth::sha256_hex(&token);
    let Some(mut s) = state.store.session(&hash)? else {
        return Ok(None);
    };
    let now = state.now();
    if now - s.last_seen > state.config.idle_timeout {
        state.store.delete_session(&hash)?;
        return Ok(None);
    }
    // Refresh the idle clock, at most once a minute (fewer writes).
    if now - s.last_seen >= 60 {
        s.last_seen = now;
        let _guard = state.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        state.store.put_session(&s)?;
    }
    Ok(Some(s))
}

/// A signed-in session and its user, as last read from the store.
#[derive(Clone)]
pub(crate) struct Cached {
    session: SessionRecord,
    user: sightline_store::UserRecord,
    /// When it was read (Unix seconds).
    at: i64,
}

/// How long a checked session is trusted without asking the store again:
/// a session ended or a user changed by another server process takes
/// effect within this time (in this process, at once).
const SESSION_CACHE_SECS: i64 = 5;

/// The fully signed-in user, or [`AppError::SignIn`].
pub(crate) fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Ctx, AppError> {
    let now = state.now();
    let token = cookie(headers, SESSION_COOKIE).ok_or(AppError::SignIn)?;
    let hash = auth::sha256_hex(&token);
    let cached = state
        .sessions
        .lock()
        .ok()
        .and_then(|m| m.get(&hash).cloned())
        .filter(|c| now - c.at < SESSION_CACHE_SECS && now >= c.at);
    let (session, user) = match cached {
        Some(c) => (c.session, c.user),
        None => {
            let Some(session) = current_session(state, headers)? else {
                forget(state, &hash);
                return Err(AppError::SignIn);
            };
            if !session.verified {
                return Err(AppError::SignIn);
            }
            let Some(user) = state.store.user(&session.username)? else {
                return Err(AppError::SignIn);
            };
            if let Ok(mut m) = state.sessions.lock() {
                if m.len() > 10_000 {
                    m.retain(|_, c| now - c.at < SESSION_CACHE_SECS);
                }
                m.insert(
                    hash.clone(),
                    Cached {
                        session: session.clone(),
                        user: user.clone(),
                        at: now,
                    },
                );
            }
            (session, user)
        }
    };
    let Some(subject) = Subject::of(&user, now) else {
        return Err(AppError::Forbidden);
    };
    if subject.expired {
        forget(state, &hash);
        state.store.delete_session(&session.token_hash)?;
        return Err(AppError::SignIn);
    }
    Ok(Ctx {
        user,
        subject,
        session,
    })
}

/// Drop a session from the cache.
fn forget(state: &AppState, token_hash: &str) {
    if let Ok(mut m) = state.sessions.lock() {
        m.remove(token_hash);
    }
}

fn error_summary(errors: &[(&str, String)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1" {
                h2 class="error-summary-title" id="error-summary-title" { "There is a problem" }
                ul class="error-summary-list" {
                    @for (field, msg) in errors {
                        li { a href=(format!("#{field}")) { (msg) } }
                    }
                }
            }
        }
    }
}

pub(crate) fn errors_markup(errors: &[(&str, String)]) -> Markup {
    error_summary(errors)
}

fn sign_in_form(token: &str, username: &str, errors: &[(&str, String)]) -> Markup {
    let err = |f: &str| errors.iter().find(|(k, _)| *k == f).map(|(_, m)| m.clone());
    page(
        if errors.is_empty() {
            "Sign in"
        } else {
            "Error: Sign in"
        },
        None,
        html! {
            (error_summary(errors))
            h1 class="heading-l" { "Sign in" }
            form method="post" action="/sign-in" novalidate {
                input type="hidden" name="csrf" value=(token);
                div class={ "form-group" @if err("username").is_some() { " form-group-error" } } {
                    label class="label" for="username" { "Username" }
                    @if let Some(m) = err("username") { p class="error-message" id="username-error" { span class="visually-hidden" { "Error:" } " " (m) } }
                    input class="input" id="username" name="username" type="text" autocomplete="username" spellcheck="false" value=(username);
                }
                div class="form-group" {
                    label class="label" for="password" { "Password" }
                    input class="input" id="password" name="password" type="password" autocomplete="current-password";
                }
                button type="submit" class="button" { "Continue" }
            }
        },
    )
}

pub(crate) async fn sign_in_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    blocking(move || {
        if signed_in(&state, &headers).is_ok() {
            return Ok(Redirect::to("/").into_response());
        }
        let token = auth::random_hex(32);
        let mut res = sign_in_form(&token, "", &[]).into_response();
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, PRE_COOKIE, &token, Some(600)),
        );
        Ok(res)
    })
    .await
}

const WRONG: &str = "Enter a correct username and password";

pub(crate) async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        // Sign-in CSRF: the form must carry the token of the cookie set with it.
        let pre = cookie(&headers, PRE_COOKIE).unwrap_or_default();
        let given = form.get("csrf").cloned().unwrap_or_default();
        if pre.is_empty() || !auth::constant_time_eq(&pre, &given) {
            return Err(AppError::Csrf);
        }
        let username = form.get("username").map(|s| s.trim()).unwrap_or("");
        let password = form.get("password").map(String::as_str).unwrap_or("");
        let retry = |msg: String| {
            let mut res = sign_in_form(&pre, username, &[("username", msg)]).into_response();
            *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            Ok(res)
        };
        let now = state.now();
        let Some(mut user) = state.store.user(username)? else {
            // Spend the same time as a real check, so timing tells nothing.
            let _ = auth::verify_password(password, dummy_hash());
            return retry(WRONG.into());
        };
        if let Some(until) = user.locked_until.filter(|&u| u > now) {
            return retry(locked_message(until - now));
        }
        if !auth::verify_password(password, &user.password_hash) {
            let msg = note_failure(state.store.as_ref(), &state, &mut user, now)?;
            return retry(msg);
        }
        let token = auth::random_hex(32);
        state.store.put_session(&SessionRecord {
            token_hash: auth::sha256_hex(&token),
            username: user.username.clone(),
            csrf: auth::random_hex(32),
            created_at: now,
            last_seen: now,
            verified: false,
        })?;
        let mut res = Redirect::to("/sign-in/two-factor").into_response();
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, &token, None),
        );
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, PRE_COOKIE, "", Some(0)),
        );
        Ok(res)
    })
    .await
}

/// An argon2id hash of a random password, checked against when the
/// username does not exist.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| auth::hash_password(&auth::random_hex(16)).unwrap_or_default())
}

fn locked_message(secs: i64) -> String {
    let mins = (secs + 59) / 60;
    format!(
        "This account is locked after too many failed attempts. Try again in {mins} minute{}",
        if mins == 1 { "" } else { "s" }
    )
}

/// Count a failed attempt; lock the account at the limit.
fn note_failure(
    store: &dyn Store,
    state: &AppState,
    user: &mut sightline_store::UserRecord,
    now: i64,
) -> Result<String, AppError> {
    user.failed_logins += 1;
    let msg = if user.failed_logins >= state.config.max_failures {
        user.failed_logins = 0;
        user.locked_until = Some(now + state.config.lockout);
        locked_message(state.config.lockout)
    } else {
        WRONG.to_string()
    };
    store.put_user(user, false)?;
    Ok(msg)
}

fn two_factor_form(csrf: &str, errors: &[(&str, String)]) -> Markup {
    let err = errors.first().map(|(_, m)| m.clone());
    page(
        if errors.is_empty() {
            "Enter your security code"
        } else {
            "Error: Enter your security code"
        },
        None,
        html! {
            (error_summary(errors))
            h1 class="heading-l" { "Enter your security code" }
            form method="post" action="/sign-in/two-factor" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                div class={ "form-group" @if err.is_some() { " form-group-error" } } {
                    label class="label" for="code" { "Security code" }
                    div class="hint" id="code-hint" { "The 6-digit code from your authenticator app, or one of your recovery codes." }
                    @if let Some(m) = &err { p class="error-message" id="code-error" { span class="visually-hidden" { "Error:" } " " (m) } }
                    input class="input input-width-10" id="code" name="code" type="text" autocomplete="one-time-code" spellcheck="false" aria-describedby="code-hint";
                }
                button type="submit" class="button" { "Sign in" }
            }
        },
    )
}

pub(crate) async fn two_factor_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    blocking(move || {
        let Some(s) = current_session(&state, &headers)? else {
            return Err(AppError::SignIn);
        };
        if s.verified {
            return Ok(Redirect::to("/").into_response());
        }
        Ok(two_factor_form(&s.csrf, &[]).into_response())
    })
    .await
}

pub(crate) async fn two_factor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let Some(s) = current_session(&state, &headers)? else {
            return Err(AppError::SignIn);
        };
        let given = form.get("csrf").map(String::as_str).unwrap_or("");
        if !auth::constant_time_eq(given, &s.csrf) {
            return Err(AppError::Csrf);
        }
        let Some(mut user) = state.store.user(&s.username)? else {
            return Err(AppError::SignIn);
        };
        let now = state.now();
        let retry = |msg: String| {
            let mut res = two_factor_form(&s.csrf, &[("code", msg)]).into_response();
            *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            Ok(res)
        };
        if let Some(until) = user.locked_until.filter(|&u| u > now) {
            state.store.delete_session(&s.token_hash)?;
            return retry(locked_message(until - now));
        }
        let code = form.get("code").map(|c| c.trim()).unwrap_or("");
        let ok = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            match auth::check_totp(&user.totp_secret, code, now, user.totp_last_step) {
                Some(step) => {
                    user.totp_last_step = step;
                    true
                }
                None => false,
            }
        } else {
            auth::use_recovery_code(&mut user.recovery_codes, code)
        };
        if !ok {
            let msg = note_failure(state.store.as_ref(), &state, &mut user, now)?;
            let msg = if msg == WRONG {
                "Enter the current code from your app, or an unused recovery code".to_string()
            } else {
                state.store.delete_session(&s.token_hash)?;
                msg
            };
            return retry(msg);
        }
        user.failed_logins = 0;
        user.locked_until = None;
        state.store.put_user(&user, false)?;
        // A new token for the signed-in session: the pre-sign-in token dies.
        state.store.delete_session(&s.token_hash)?;
        let token = auth::random_hex(32);
        state.store.put_session(&SessionRecord {
            token_hash: auth::sha256_hex(&token),
            username: user.username.clone(),
            csrf: auth::random_hex(32),
            created_at: now,
            last_seen: now,
            verified: true,
        })?;
        let mut res = Redirect::to("/").into_response();
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, &token, None),
        );
        Ok(res)
    })
    .await
}

pub(crate) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        if let Some(s) = current_session(&state, &headers)? {
            let given = form.get("csrf").map(String::as_str).unwrap_or("");
            if !auth::constant_time_eq(given, &s.csrf) {
                return Err(AppError::Csrf);
            }
            forget(&state, &s.token_hash);
            state.store.delete_session(&s.token_hash)?;
        }
        let mut res = Redirect::to("/sign-in").into_response();
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0)),
        );
        Ok(res)
    })
    .await
}
