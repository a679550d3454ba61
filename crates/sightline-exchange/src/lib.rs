//! `sightline-exchange`: the statutory returns a council sends the DfE.
//!
//! - [`ssda903`]: the children looked after return (a set of CSV tables).
//! - [`cin`]: the children in need census (one XML file).
//!
//! Each has a reader (parse into typed rows at the boundary, with errors that
//! name file, row, column and what was expected), a writer, the DfE
//! validation rules for the collection year, and a mapping to and from the
//! domain's [`sightline_domain::ChildRecord`].
//!
//! Architecture invariant: this crate knows no database and no web framework;
//! it can be used on its own to read, check and write returns.

pub mod finding;

pub use finding::Finding;
pub mod cin;
pub mod ssda903;
