//! `sightline-web`: the web app where social workers, managers, leaders and
//! councillors meet Sightline.
//!
//! Server-rendered HTML (maud, escaped by construction) over axum; no
//! single-page framework and no CDN: every asset is compiled into the binary.
//! Handlers are thin: extract, ask the store or the domain, render.
//!
//! This first version serves the overview page: each council in the store
//! with its headline counts (children looked after, on CP plans, in need) at
//! the latest 31 March its records cover, with rates per 10,000. Sign-in,
//! case records, caseloads and the performance dashboard build on it.
//!
//! Architecture invariant: the server binds 127.0.0.1 unless told otherwise,
//! and every response carries the security headers in [`security_headers`].

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use maud::{DOCTYPE, Markup, html};
use sightline_domain::{Council, Date, Headline, LaNumber};
use sightline_store::{Store, StoreError};

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
    let last = council
        .children
        .iter()
        .flat_map(|r| {
            r.referrals
                .iter()
                .map(|x| x.date)
                .chain(r.episodes.iter().map(|e| e.start))
                .chain(r.contacts.iter().map(|c| c.date))
        })
        .max()?;
    let year = if (last.month(), last.day()) >= (3, 31) {
        last.year()
    } else {
        last.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 3, 31)
}

/// Headline figures for every council in the store.
pub fn overview(store: &dyn Store) -> Result<Vec<CouncilOverview>, StoreError> {
    let mut out = Vec::new();
    for summary in store.councils()? {
        let Some(council) = store.load_council(summary.la)? else {
            continue;
        };
        let Some(on) = latest_census_date(&council) else {
            continue;
        };
        out.push(CouncilOverview {
            la: council.la,
            name: council.name.clone(),
            headline: council.headline(on),
        });
    }
    Ok(out)
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub overview: Arc<Vec<CouncilOverview>>,
}

/// The app's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(overview_page))
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
/// inline script or style), no MIME sniffing, no referrer leakage, no framing.
pub async fn security_headers(req: axum::extract::Request, next: Next) -> Response {
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
    res
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

async fn not_found() -> impl IntoResponse {
    (
        axum::http::StatusCode::NOT_FOUND,
        page(
            "Page not found",
            html! {
                h1 class="heading-l" { "Page not found" }
                p { "If you typed the web address, check it is correct." }
                p { a href="/" { "Go to the overview" } }
            },
        ),
    )
}

async fn overview_page(State(state): State<AppState>) -> Markup {
    page(
        "Overview",
        html! {
            h1 class="heading-l" { "Children's services overview" }
            @if state.overview.is_empty() {
                p { "The store holds no councils yet. Run " code { "sightline demo" } " or " code { "sightline import" } "." }
            }
            @for c in state.overview.iter() {
                h2 class="heading-m" { (c.name) " (" (c.la) ")" }
                table class="table" {
                    caption class="table-caption" { "At " (c.headline.on.format("%-d %B %Y")) }
                    thead { tr {
                        th scope="col" { "Measure" }
                        th scope="col" class="numeric" { "Children" }
                        th scope="col" class="numeric" { "Per 10,000 aged 0–17" }
                    } }
                    tbody {
                        (row("Children looked after", c.headline.cla, &c.headline))
                        (row("Children subject to a child protection plan", c.headline.cp, &c.headline))
                        (row("Children in need", c.headline.cin, &c.headline))
                    }
                }
                p class="hint" { "Child population aged 0–17: " (thousands(c.headline.population_0_17)) }
            }
        },
    )
}

fn row(label: &str, count: u32, h: &Headline) -> Markup {
    html! {
        tr {
            th scope="row" { (label) }
            td class="numeric" { (thousands(count)) }
            td class="numeric" { @if let Some(r) = h.rate_per_10k(count) { (format!("{r:.1}")) } @else { "–" } }
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

fn page(title: &str, body: Markup) -> Markup {
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
                header class="header" { div class="width-container" {
                    a href="/" class="header-name" { "Sightline" }
                    span class="header-service" { "Children's services" }
                } }
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
