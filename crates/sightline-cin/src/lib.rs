//! The children in need (CIN) census: read, validate, write, and map to and
//! from the child journey.
//!
//! Why this crate exists: every English local authority sends the DfE one
//! CIN census XML file a year. Sightline must check a file exactly as DfE
//! COLLECT would (the DfE rule set, by collection year), produce the file
//! from the council's records, and import a file into those records. It is
//! usable alone: no database, no web framework.
//!
//! - [`read_file`] / [`reader::ChildReader`]: streaming, hostile-input-safe
//!   reader keeping invalid values for the rules ([`model::Field`]).
//! - [`validate`] / [`validate_file`]: the DfE rules ([`rules::RULES`]);
//!   `validate_file` streams in batches and validates them in parallel.
//! - [`write_file`]: the DfE element order.
//! - [`from_council`], [`to_records`], [`validate_child`]: mapping to and
//!   from `sightline_domain::journey`.
//!
//! What it does not do: derive looked-after figures (they come from the
//! SSDA903), or store anything.
//!
//! Architecture invariant: depends only on `sightline-domain` and
//! `sightline-exchange`; no I/O beyond the files it is given.

pub mod error;
pub mod mapping;
pub mod model;
pub mod reader;
pub mod rules;
pub mod writer;

use std::path::Path;
use std::sync::mpsc;

use sightline_domain::calendar::CollectionYear;
use sightline_exchange::Finding;

pub use error::{ReadError, WriteError};
pub use mapping::{from_council, to_records, validate_child};
pub use model::{CinCensus, CinChild, Field};
pub use reader::read_file;
pub use writer::write_file;

/// Children validated together in one parallel batch by [`validate_file`].
pub const BATCH: usize = 8192;

/// Validate a census held in memory against the rules of `year`.
pub fn validate(census: &CinCensus, year: CollectionYear) -> Vec<Finding> {
    rules::validate(census, year)
}

/// Validate a census file without holding it in memory: the reader fills a
/// batch of children while the previous batch is validated in parallel; only
/// the LAchildID/UPN sets and LA-level totals outlive a batch. The findings
/// are collected; use [`validate_file_to`] to stream them instead.
pub fn validate_file(path: &Path, year: CollectionYear) -> Result<Vec<Finding>, ReadError> {
    let mut out = Vec::new();
    validate_file_to(path, year, |f| out.push(f))?;
    Ok(out)
}

/// As [`validate_file`], handing each finding to `sink` as soon as its batch
/// is validated (in file order within the child-level rules; the
/// cross-child and LA-level findings come last), so that memory stays
/// bounded whatever the number of findings. On a read error, findings
/// already handed over stand and the error is returned.
pub fn validate_file_to(
    path: &Path,
    year: CollectionYear,
    mut sink: impl FnMut(Finding) + Send,
) -> Result<(), ReadError> {
    let mut reader = reader::ChildReader::open(path)?;
    let mut engine = rules::Engine::new(year, reader.header());
    let (tx, rx) = mpsc::sync_channel::<Vec<CinChild>>(1);
    std::thread::scope(|s| {
        let sink = &mut sink;
        let worker = s.spawn(move || {
            for batch in rx {
                engine.batch(&batch);
                drop(batch);
                engine.drain().for_each(&mut *sink);
            }
            engine.finish().into_iter().for_each(sink);
        });
        let mut result = Ok(());
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            match reader.next_child() {
                Ok(Some(c)) => {
                    batch.push(c);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if tx.send(full).is_err() {
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_ok() && !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        if let Err(p) = worker.join() {
            std::panic::resume_unwind(p);
        }
        result
    })
}
