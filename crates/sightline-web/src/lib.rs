//! `sightline-web`: the web app where social workers, managers, leaders and
//! councillors meet Sightline.
//!
//! Server-rendered HTML (maud, escaped by construction) over axum; no
//! single-page framework, no script at all, and no CDN: every asset is
//! compiled into the binary. Pages follow the GOV.UK Design System's
//! patterns with Sightline's own stylesheet.
//!
//! - [`auth`]: password hashes, TOTP, recovery codes, tokens.
//! - [`policy`]: who may see and do what (pure, exhaustively tested).
//! - [`audit`]: the hash-chained access log and its verification.
//! - [`due`]: statutory timescales (visits, reviews, health assessments).
//! - [`users`]: creating users, the first-run admin and the demo users.
//! - `session`, `child`, `caseload`, `dashboard`: the pages.
//!
//! Every handler runs its work on a blocking thread (the PostgreSQL client
//! must not run on the async runtime), signs the user in from the session
//! cookie, and asks [`policy`] before reading anything.
//!
//! Architecture invariants: the server binds 127.0.0.1 unless told
//! otherwise; every response carries the security headers in
//! [`security_headers`]; no page carries inline script or style; URLs carry
//! only opaque ids (LA number, the LA's child id, record ids).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use maud::{DOCTYPE, Markup, html};
use sightline_domain::{ChildRecord, Council, Date, Headline, LaNumber};
use sightline_store::{SessionRecord, Store, StoreError, UserRecord};

pub mod audit;
pub mod auth;
mod caseload;
mod child;
mod dashboard;
pub mod due;
mod grants;
mod improvement_pages;
pub mod policy;
mod quality_pages;
mod session;
pub mod users;

pub use users::{DemoUser, NewUser, demo_users};

use policy::{Capability, Subject};

const CSS: &str = include_str!("../assets/app.css");

/// One council's headline, as the overview page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilOverview {
    pub la: LaNumber,
    pub name: String,
    pub headline: Headline,
}

/// The latest 31 March on or before the last date the council's records
/// reach: the census date its headline figures are quoted at.
pub fn latest_census_date(council: &Council) -> Option<Date> {
    let last = last_event(council)?;
    let year = if (last.month(), last.day()) >= (3, 31) {
        last.year()
    } else {
        last.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 3, 31)
}

/// The last date any of the council's records mention.
fn last_event(council: &Council) -> Option<Date> {
    council
        .children
        .iter()
        .flat_map(|r| {
            r.referrals
                .iter()
                .map(|x| x.date)
                .chain(r.episodes.iter().map(|e| e.start))
                .chain(r.contacts.iter().map(|c| c.date))
                .chain(r.visits.iter().map(|c| c.date))
                .chain(r.cla_reviews.iter().map(|c| c.date))
                .chain(r.cp_plans.iter().map(|c| c.start))
        })
        .max()
}

/// Headline figures for every council in the store.
pub fn overview(store: &dyn Store) -> Result<Vec<CouncilOverview>, StoreError> {
    let mut out = Vec::new();
    for summary in store.councils()? {
        let Some(council) = store.load_council(summary.la)? else {
            continue;
        };
        if let Some(o) = council_overview(&council) {
            out.push(o);
        }
    }
    Ok(out)
}

fn council_overview(council: &Council) -> Option<CouncilOverview> {
    let on = latest_census_date(council)?;
    Some(CouncilOverview {
        la: council.la,
        name: council.name.clone(),
        headline: council.headline(on),
    })
}

/// Settings of the web app.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when serving over TLS or behind a TLS proxy).
    pub secure_cookies: bool,
    /// Sign a session out after this many seconds without a request.
    pub idle_timeout: i64,
    /// Failed sign-in attempts (password or code) before the account locks.
    pub max_failures: i64,
    /// How long a locked account stays locked (seconds).
    pub lockout: i64,
    /// How long breaking glass opens a restricted record (seconds).
    pub break_glass_for: i64,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            idle_timeout: 30 * 60,
            max_failures: 5,
            lockout: 15 * 60,
            break_glass_for: 60 * 60,
        }
    }
}

/// A council as the pages use it: its records and the date they are as at.
pub(crate) struct CouncilView {
    pub council: Council,
    /// "Today" for due dates and caseloads: the real date, or the last date
    /// the records reach when they end earlier (synthetic data).
    pub as_at: Date,
    pub overview: Option<CouncilOverview>,
    /// Team of each worker.
    pub worker_team: HashMap<i64, i64>,
    /// Position of each child in `council.children`, by child id.
    pub child_index: HashMap<String, usize>,
}

impl CouncilView {
    fn new(council: Council, today: Date) -> CouncilView {
        let as_at = last_event(&council).map_or(today, |l| l.min(today));
        let worker_team = council.workers.iter().map(|w| (w.id, w.team)).collect();
        let child_index = council
            .children
            .iter()
            .enumerate()
            .map(|(i, r)| (r.child.id.as_str().to_string(), i))
            .collect();
        CouncilView {
            child_index,
            overview: council_overview(&council),
            council,
            as_at,
            worker_team,
        }
    }

    /// The worker allocated to `r` at the view's date.
    pub fn allocated_worker(&self, r: &ChildRecord) -> Option<i64> {
        r.allocations
            .iter()
            .rev()
            .find(|a| a.is_current_on(self.as_at))
            .map(|a| a.worker)
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub(crate) councils: Arc<RwLock<HashMap<u16, Arc<CouncilView>>>>,
    pub(crate) figures: Arc<Mutex<HashMap<dashboard::Key, Arc<dashboard::Computed>>>>,
    /// Seconds added to the system clock (tests move time forward).
    pub clock_offset: Arc<AtomicI64>,
    /// Recently checked signed-in sessions with their user, by token hash
    /// (see `session::signed_in`).
    pub(crate) sessions: Arc<Mutex<HashMap<String, session::Cached>>>,
    /// Serialises this process's session refreshes: with SQLite, writers that
    /// queue here instead of on the database's write lock never sleep in
    /// its busy handler (which made the slowest child-page views slow).
    pub(crate) write_lock: Arc<Mutex<()>>,
    audit: Arc<audit::Writer>,
    /// Data-quality queries per child, with the record version and time
    /// (Unix seconds) they were read: reused while the record is unchanged,
    /// for at most a minute (an import replaces queries without always
    /// changing a record).
    pub(crate) dq: Arc<RwLock<DqCache>>,
}

/// See [`AppState::dq`].
pub(crate) type DqCache =
    HashMap<(u16, String), (i64, i64, Arc<Vec<sightline_store::DataQualityQuery>>)>;

impl AppState {
    /// Load every council of the store (the pages read them from memory;
    /// a saved record updates the copy).
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Result<AppState, StoreError> {
        let state = AppState {
            config: Arc::new(config),
            councils: Arc::default(),
            figures: Arc::default(),
            clock_offset: Arc::default(),
            sessions: Arc::default(),
            write_lock: Arc::default(),
            audit: Arc::new(audit::Writer::start(store.clone())),
            dq: Arc::default(),
            store,
        };
        WORKING.get_or_init(|| {
            tokio::sync::Semaphore::new(match state.store.backend() {
                sightline_store::Backend::Sqlite => 8,
                sightline_store::Backend::Postgres => 16,
            })
        });
        let today = state.today();
        let mut map = HashMap::new();
        for s in state.store.councils()? {
            if let Some(c) = state.store.load_council(s.la)? {
                map.insert(s.la.get(), Arc::new(CouncilView::new(c, today)));
            }
        }
        if let Ok(mut w) = state.councils.write() {
            *w = map;
        }
        Ok(state)
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.clock_offset.load(Ordering::Relaxed)
    }

    /// Today's civil date in England (British Summer Time included).
    pub fn today(&self) -> Date {
        sightline_domain::calendar::england_date_at(self.now())
    }

    pub(crate) fn council(&self, la: u16) -> Option<Arc<CouncilView>> {
        self.councils.read().ok()?.get(&la).cloned()
    }

    pub(crate) fn all_councils(&self) -> Vec<Arc<CouncilView>> {
        let mut v: Vec<Arc<CouncilView>> = self
            .councils
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default();
        v.sort_by_key(|c| c.council.la.get());
        v
    }

    /// Append to council `la`'s access audit chain (group-committed by
    /// [`audit::Writer`]); returns once the entry is committed.
    pub(crate) fn audit(
        &self,
        la: LaNumber,
        username: &str,
        child: Option<&str>,
        what: &str,
        why: &str,
        at: i64,
    ) -> Result<sightline_store::AccessEntry, StoreError> {
        self.audit.record(la, username, child, what, why, at)
    }

    /// Put a saved record into the in-memory copy and drop cached figures.
    pub(crate) fn record_saved(&self, la: LaNumber, record: ChildRecord) {
        let Some(view) = self.council(la.get()) else {
            return;
        };
        let mut council = view.council.clone();
        match council
            .children
            .iter_mut()
            .find(|c| c.child.id == record.child.id)
        {
            Some(c) => *c = record,
            None => council.children.push(record),
        }
        let fresh = Arc::new(CouncilView::new(council, self.today()));
        if let Ok(mut w) = self.councils.write() {
            w.insert(la.get(), fresh);
        }
        if let Ok(mut f) = self.figures.lock() {
            f.retain(|k, _| k.la != la.get());
        }
    }
}

/// The signed-in user of a request.
pub(crate) struct Ctx {
    pub user: UserRecord,
    pub subject: Subject,
    pub session: SessionRecord,
}

impl Ctx {
    pub fn may(&self, cap: Capability) -> bool {
        policy::may(&self.subject, cap)
    }

    /// May the user see council `la` at all?
    pub fn sees_council(&self, la: LaNumber) -> bool {
        self.user.la.is_none_or(|l| l == la)
    }

    /// Refuse a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, form: &HashMap<String, String>) -> Result<(), AppError> {
        let given = form.get("csrf").map(String::as_str).unwrap_or("");
        if auth::constant_time_eq(given, &self.session.csrf) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

/// Why a request did not produce its page.
#[derive(Debug)]
pub(crate) enum AppError {
    /// Not signed in (or the session ended): go to the sign-in page.
    SignIn,
    Forbidden,
    NotFound,
    Csrf,
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::SignIn => Redirect::to("/sign-in").into_response(),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                page(
                    "You cannot see this page",
                    None,
                    html! {
                        h1 class="heading-l" { "You cannot see this page" }
                        p { "Your role does not give access to this information. If you need it for your work, ask your manager." }
                        p { a href="/" { "Go to the overview" } }
                    },
                ),
            )
                .into_response(),
            AppError::NotFound => not_found_response(),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                page(
                    "The form has expired",
                    None,
                    html! {
                        h1 class="heading-l" { "The form has expired" }
                        p { "For your security the form could not be accepted. Go back, reload the page and try again." }
                    },
                ),
            )
                .into_response(),
            AppError::Store(e) => {
                tracing::error!("store error: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page(
                        "Sorry, there is a problem with the service",
                        None,
                        html! {
                            h1 class="heading-l" { "Sorry, there is a problem with the service" }
                            p { "Try again later. Nothing you entered has been saved." }
                        },
                    ),
                )
                    .into_response()
            }
        }
    }
}

/// How many requests work at once (set by the first [`AppState::new`]):
/// SQLite work is CPU-bound on this process's cores; PostgreSQL work
/// mostly waits on the server, so more requests may wait together.
static WORKING: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();

/// Run `f` on a blocking thread: the store's PostgreSQL client must not run
/// on the async runtime, and argon2 takes tens of milliseconds.
pub(crate) async fn blocking<F>(f: F) -> Response
where
    F: FnOnce() -> Result<Response, AppError> + Send + 'static,
{
    // At most a few requests work at once: the store has a handful of
    // connections and the machine a few cores; more threads only queue on
    // the pool and switch context. The rest wait here, cheaply.
    let _permit = match WORKING.get() {
        Some(s) => s.acquire().await.ok(),
        None => None,
    };
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(_) => {
            AppError::Store(StoreError::Database("a request handler failed".into())).into_response()
        }
    }
}

/// The app's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(overview_page))
        .route(
            "/sign-in",
            get(session::sign_in_page).post(session::sign_in),
        )
        .route(
            "/sign-in/two-factor",
            get(session::two_factor_page).post(session::two_factor),
        )
        .route("/sign-out", post(session::sign_out))
        .route("/children/:la/:child", get(child::child_page))
        .route("/children/:la/:child/break-glass", post(child::break_glass))
        .route(
            "/children/:la/:child/access",
            get(grants::grants_page).post(grants::grants_submit),
        )
        .route(
            "/children/:la/:child/record/:form",
            get(child::form_page).post(child::form_submit),
        )
        .route("/caseloads", get(caseload::team_page))
        .route("/caseloads/worker/:la/:worker", get(caseload::worker_page))
        .route("/dashboard", get(dashboard::dashboard_page))
        .route("/dashboard/drill", get(dashboard::drill_page))
        .route("/break-glass", get(child::break_glass_events_page))
        .merge(quality_pages::routes())
        .merge(improvement_pages::routes())
        .route("/assets/app.css", get(stylesheet))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serve on `listener` until interrupted (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// The default address: loopback only.
pub fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// Headers every response carries: a strict Content-Security-Policy (no
/// inline script or style), no MIME sniffing, no referrer leakage, no
/// framing, and no caching of pages that may hold personal data.
pub async fn security_headers(req: axum::extract::Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
}

fn not_found_response() -> Response {
    (
        StatusCode::NOT_FOUND,
        page(
            "Page not found",
            None,
            html! {
                h1 class="heading-l" { "Page not found" }
                p { "If you typed the web address, check it is correct." }
                p { a href="/" { "Go to the overview" } }
            },
        ),
    )
        .into_response()
}

async fn not_found() -> Response {
    not_found_response()
}

async fn overview_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    blocking(move || {
        let ctx = session::signed_in(&state, &headers)?;
        if !ctx.may(Capability::Figures) {
            return Err(AppError::Forbidden);
        }
        let suppress = !ctx.may(Capability::UnsuppressedFigures);
        let views: Vec<Arc<CouncilView>> = state
            .all_councils()
            .into_iter()
            .filter(|v| ctx.sees_council(v.council.la))
            .collect();
        Ok(page(
            "Overview",
            Some(&ctx),
            html! {
                h1 class="heading-l" { "Children's services overview" }
                @if views.is_empty() {
                    p { "The store holds no councils yet. Run " code { "sightline demo" } " or " code { "sightline import" } "." }
                }
                @for v in &views {
                    @if let Some(c) = &v.overview {
                        h2 class="heading-m" { (c.name) " (" (c.la) ")" }
                        (headline_table(c, suppress))
                        p class="hint" { "Child population aged 0–17: " (thousands(c.headline.population_0_17)) }
                    }
                }
                ul class="list" {
                    li { a href="/dashboard" { "Performance dashboard" } }
                    @if ctx.may(Capability::AllCaseloads) || ctx.may(Capability::OwnTeamCaseload) {
                        li { a href="/caseloads" { "Caseloads" } }
                    }
                    @if ctx.may(Capability::BreakGlassEvents) {
                        li { a href="/break-glass" { "Restricted records opened by breaking glass" } }
                    }
                }
            },
        )
        .into_response())
    })
    .await
}

fn headline_table(c: &CouncilOverview, suppress: bool) -> Markup {
    let counts = [c.headline.cla, c.headline.cp, c.headline.cin];
    let hide = if suppress {
        policy::suppress(&counts.map(u64::from))
    } else {
        vec![false; 3]
    };
    let labels = [
        "Children looked after",
        "Children subject to a child protection plan",
        "Children in need",
    ];
    html! {
        table class="table" {
            caption class="table-caption" { "At " (c.headline.on.format("%-d %B %Y")) }
            thead { tr {
                th scope="col" { "Measure" }
                th scope="col" class="numeric" { "Children" }
                th scope="col" class="numeric" { "Per 10,000 aged 0–17" }
            } }
            tbody {
                @for i in 0..3 {
                    tr {
                        th scope="row" { (labels[i]) }
                        @if hide[i] {
                            td class="numeric" { abbr title="suppressed: small number" { "[c]" } }
                            td class="numeric" { "[c]" }
                        } @else {
                            td class="numeric" { (thousands(counts[i])) }
                            td class="numeric" { @if let Some(r) = c.headline.rate_per_10k(counts[i]) { (format!("{r:.1}")) } @else { "–" } }
                        }
                    }
                }
            }
        }
        @if suppress && hide.iter().any(|h| *h) {
            p class="hint" { "[c]: a small number (1 to 4), or a figure that would reveal one, is not shown." }
        }
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The page layout: header with the signed-in user and sign-out, main.
pub(crate) fn page(title: &str, ctx: Option<&Ctx>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Sightline" }
                link rel="stylesheet" href="/assets/app.css";
            }
            body {
                a href="#main" class="skip-link" { "Skip to main content" }
                header class="header" { div class="width-container header-inner" {
                    div {
                        a href="/" class="header-name" { "Sightline" }
                        span class="header-service" { "Children's services" }
                    }
                    @if let Some(c) = ctx {
                        nav class="header-nav" aria-label="Account" {
                            span class="header-user" { (c.user.display_name) " (" (c.subject.role.label()) ")" }
                            form method="post" action="/sign-out" class="inline-form" {
                                input type="hidden" name="csrf" value=(c.session.csrf);
                                button type="submit" class="link-button" { "Sign out" }
                            }
                        }
                    }
                } }
                @if let Some(c) = ctx {
                    nav class="service-nav" aria-label="Main" { div class="width-container" {
                        ul {
                            li { a href="/" { "Overview" } }
                            li { a href="/dashboard" { "Dashboard" } }
                            @if c.may(Capability::AllCaseloads) || c.may(Capability::OwnTeamCaseload) {
                                li { a href="/caseloads" { "Caseloads" } }
                            }
                            (quality_pages::nav_links(c))
                            (improvement_pages::nav_links(c))
                        }
                    } }
                }
                div class="width-container" {
                    main id="main" class="main" { (body) }
                }
                footer class="footer" { div class="width-container" {
                    p { "Synthetic data only. Sightline " (env!("CARGO_PKG_VERSION")) }
                } }
            }
        }
    }
}

/// Render a date as "3 March 2025".
pub(crate) fn long_date(d: Date) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A Unix time as "3 Mar 2025 14:05 UTC".
pub(crate) fn timestamp(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%-d %b %Y %H:%M UTC").to_string())
        .unwrap_or_else(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(31801), "31,801");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
