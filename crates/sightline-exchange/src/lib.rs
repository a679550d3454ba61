//! `sightline-exchange`: what the statutory-return crates share.
//!
//! The returns themselves live in their own crates, each usable alone:
//! `sightline-ssda903` (children looked after, CSV tables) and
//! `sightline-cin` (children in need census, XML). This crate holds the
//! pieces both speak, so the CLI and the web app treat them alike: the
//! validation [`Finding`], its text and JSON-lines reports ([`report`]), and
//! the rule for merging an imported year into a council's records ([`merge`]).
//!
//! Architecture invariant: no database, no web framework, no file format
//! of its own; it depends only on `sightline-domain`.

pub mod finding;
pub mod merge;
pub mod report;

pub use finding::Finding;
