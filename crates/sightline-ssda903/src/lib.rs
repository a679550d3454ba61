//! The SSDA903 children looked after return: read, validate, write, map.
//!
//! Why this crate: the SSDA903 is the DfE's child-level return of children
//! looked after by an English council. Sightline produces it from its own
//! records (`from_council`), checks it against the DfE's validation rules
//! (`validate`), and reads a return written by another case system
//! (`read_dir`) to check it or to import it (`to_records`). It is usable on
//! its own, without the store or the web app.
//!
//! - [`read`]: CSV files → [`Return903`], tables recognised by their header row.
//! - [`rules`]: the DfE rules, one function per rule code, run in parallel per child.
//! - [`write`]: [`Return903`] → one CSV per table, DfE column order.
//! - [`mapping`]: the child journey ↔ the return's rows.
//!
//! What it does not do: the XML form of the return, the rules that need the
//! ONS postcode directory or Ofsted's provider lists (see
//! `docs/rules/ssda903.md`).
//!
//! Architecture invariant: no database, no web framework; the only I/O is
//! reading and writing the return's CSV files.

pub mod field;
pub mod mapping;
pub mod read;
pub mod rules;
pub mod tables;
pub mod write;

pub use field::Field;
pub use mapping::{from_council, to_records, validate_child, validate_child_with_workers};
pub use read::{ReadError, read_dir, read_strs};
pub use rules::{message, rule_codes, validate, validate_with_previous};
pub use tables::{Return903, Table};
pub use write::{WriteError, write_dir};
