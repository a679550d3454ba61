//! Workforce and quality-assurance pages (issue #8): workforce figures,
//! unallocated cases, transfers, rota cover, case file audits, team health
//! checks, VEMT, safety plans and the council's children's homes.
//!
//! Routes live under `/quality/...` and are merged into the app's router by
//! [`routes`]; [`nav_links`] adds this area's entries to the main navigation.

use axum::Router;
use maud::{Markup, html};

use crate::{AppState, Ctx};

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

/// This area's entries in the main navigation, for the signed-in user.
pub(crate) fn nav_links(_ctx: &Ctx) -> Markup {
    html! {}
}
