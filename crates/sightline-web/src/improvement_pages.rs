//! Improvement plan and finance pages (issue #9): inspections and their
//! recommendations, the action tracker, board exception reports, placement
//! finance and the external residential review.
//!
//! Routes live under `/improvement/...` and `/finance/...` and are merged
//! into the app's router by [`routes`]; [`nav_links`] adds this area's
//! entries to the main navigation.

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
