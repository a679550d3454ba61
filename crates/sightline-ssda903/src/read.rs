//! Reading an SSDA903 return from a directory of CSV files.
//!
//! Why: councils export the return from many case systems, with whatever file
//! names those systems choose. Like the DfE tools, the reader recognises each
//! table by its header row (the set of column names), accepts CRLF or LF and
//! an optional UTF-8 byte order mark, upper-cases every cell and treats a
//! blank cell as absent.
//!
//! What it refuses, with one line naming the file, row and column: text that
//! is not UTF-8, a file whose columns match no table, two files for one table,
//! rows with too few or too many cells, a file separated by something other
//! than commas, an absurdly long field or line. Values that are merely invalid
//! (a code not in the list, a date like 31/02/2024) are not refused here: they
//! are kept in their [`Field`](crate::Field) so that validation can report
//! them under their DfE rules. Import ([`crate::to_records`]) is strict.
//!
//! What it does not do: read the XML form of the return, or the Ofsted
//! provider lists.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::tables::{Return903, Table};

/// Longest field accepted (a CHILD id or postcode is a few characters).
pub const MAX_FIELD_BYTES: usize = 4096;
/// Most columns of any table (Episodes has 13).
const MAX_COLUMNS: usize = 16;
/// Longest line accepted before the reader gives up on a file.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Why a return could not be read (or imported). Each displays as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {message}")]
    Io { path: String, message: String },
    #[error(
        "{file}: row {row}, column {column}: expected UTF-8 text, found bytes that are not UTF-8"
    )]
    NotUtf8 {
        file: String,
        row: u64,
        column: String,
    },
    #[error("{file}: empty file: expected a header row naming the columns of an SSDA903 table")]
    Empty { file: String },
    #[error(
        "{file}: row 1: expected comma-separated values, found a header separated by {found:?}"
    )]
    Delimiter { file: String, found: char },
    #[error("{file}: row 1: columns match no SSDA903 table (closest is {closest}: {difference})")]
    UnknownTable {
        file: String,
        closest: String,
        /// e.g. "unexpected PL_DISTANCE; missing MC_DOB"
        difference: String,
    },
    #[error("{file}: row 1: expected UTF-8 text, found UTF-16 (save the file as UTF-8)")]
    Utf16 { file: String },
    #[error("{file}: row 1: column {column} appears twice")]
    DuplicateColumn { file: String, column: String },
    #[error("{second}: a second file for table {table} (the first is {first})")]
    DuplicateTable {
        table: String,
        first: String,
        second: String,
    },
    #[error(
        "{file}: row {row}: expected {expected} cells like the header row, found {found} (truncated or ragged row)"
    )]
    Ragged {
        file: String,
        row: u64,
        expected: usize,
        found: usize,
    },
    #[error(
        "{file}: row {row}, column {column}: expected at most {limit} bytes, found a field of {found} bytes"
    )]
    FieldTooLong {
        file: String,
        row: u64,
        column: String,
        limit: usize,
        found: usize,
    },
    #[error("{file}: row {row}: expected lines of at most {limit} bytes, found a longer one")]
    LineTooLong {
        file: String,
        row: u64,
        limit: usize,
    },
    #[error("{file}: row {row}: malformed CSV: {message}")]
    Csv {
        file: String,
        row: u64,
        message: String,
    },
    #[error("{file}: row {row}, column {column}: expected {expected}, found {found}")]
    Value {
        file: String,
        row: u64,
        column: String,
        expected: String,
        found: String,
    },
    #[error(
        "no SSDA903 CSV files found in {dir}: expected files such as header.csv and episodes.csv"
    )]
    NoFiles { dir: String },
}

/// Read every `*.csv` file in `path` (not recursing) as an SSDA903 table.
pub fn read_dir(path: &Path) -> Result<Return903, ReadError> {
    let io_err = |p: &Path, e: io::Error| ReadError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io_err(path, e))? {
        let entry = entry.map_err(|e| io_err(path, e))?;
        let p = entry.path();
        let is_csv = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && p.is_file() {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(ReadError::NoFiles {
            dir: path.display().to_string(),
        });
    }
    files.sort();
    let mut sources: Vec<(String, Box<dyn Read + Send>)> = Vec::with_capacity(files.len());
    for p in &files {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let f = std::fs::File::open(p).map_err(|e| io_err(p, e))?;
        sources.push((name, Box::new(f)));
    }
    read_sources(sources)
}

/// Read tables from named in-memory CSV texts (tests, the web app's uploads).
pub fn read_strs(files: &[(&str, &str)]) -> Result<Return903, ReadError> {
    read_sources(
        files
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    Box::new(t.as_bytes()) as Box<dyn Read + Send + '_>,
                )
            })
            .collect(),
    )
}

/// Read the files in parallel (one table each), then gather the tables.
fn read_sources<'a>(
    sources: Vec<(String, Box<dyn Read + Send + 'a>)>,
) -> Result<Return903, ReadError> {
    let parts: Vec<Result<(String, Table, Return903), ReadError>> = sources
        .into_par_iter()
        .map(|(name, src)| {
            let mut part = Return903::default();
            let table = read_table(&name, src, &mut part)?;
            Ok((name, table, part))
        })
        .collect();
    let mut ret = Return903::default();
    let mut seen: BTreeMap<Table, String> = BTreeMap::new();
    for part in parts {
        let (name, table, part) = part?;
        if let Some(first) = seen.insert(table, name.clone()) {
            return Err(ReadError::DuplicateTable {
                table: table.dfe_name().to_string(),
                first,
                second: name,
            });
        }
        ret.take_table(table, part);
        ret.supplied.insert(table);
    }
    Ok(ret)
}

/// Fails reads once a line grows past [`MAX_LINE_BYTES`], so that a file
/// with no line breaks is refused before it is buffered whole.
struct LineCap<R> {
    inner: R,
    since_newline: usize,
    lines: u64,
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        match chunk.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                // The longest line ending in this chunk started before it
                // only for its first newline.
                let first = chunk.iter().position(|&b| b == b'\n').unwrap_or(last);
                if self.since_newline + first > MAX_LINE_BYTES {
                    return Err(io::Error::other(LINE_TOO_LONG));
                }
                let mut prev = first;
                for (i, _) in chunk
                    .iter()
                    .enumerate()
                    .skip(first + 1)
                    .filter(|(_, b)| **b == b'\n')
                {
                    if i - prev - 1 > MAX_LINE_BYTES {
                        return Err(io::Error::other(LINE_TOO_LONG));
                    }
                    self.lines += 1;
                    prev = i;
                }
                self.lines += 1;
                self.since_newline = n - last - 1;
            }
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(io::Error::other(LINE_TOO_LONG));
        }
        Ok(n)
    }
}

const LINE_TOO_LONG: &str = "line too long";

fn upper(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if t.bytes().any(|b| b.is_ascii_lowercase() || !b.is_ascii()) {
        let u = t.to_uppercase();
        if u == t {
            Cow::Borrowed(t)
        } else {
            Cow::Owned(u)
        }
    } else {
        Cow::Borrowed(t)
    }
}

/// Read one CSV file into `ret`, returning the table it was recognised as.
fn read_table<R: Read>(file: &str, src: R, ret: &mut Return903) -> Result<Table, ReadError> {
    let capped = LineCap {
        inner: src,
        since_newline: 0,
        lines: 0,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(capped);
    let mut rec = csv::ByteRecord::new();
    let csv_err = |e: csv::Error, row: u64, lines: u64| -> ReadError {
        let is_cap = matches!(e.kind(), csv::ErrorKind::Io(io) if io.to_string() == LINE_TOO_LONG);
        if is_cap {
            ReadError::LineTooLong {
                file: file.to_string(),
                row: lines + 1,
                limit: MAX_LINE_BYTES,
            }
        } else {
            ReadError::Csv {
                file: file.to_string(),
                row,
                message: e.to_string(),
            }
        }
    };

    // Header row.
    let got = rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_err(e, 1, 0))?;
    if !got {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let first = rec.get(0).unwrap_or_default();
    if first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]) {
        return Err(ReadError::Utf16 {
            file: file.to_string(),
        });
    }
    let mut names: Vec<String> = Vec::with_capacity(rec.len());
    for (i, cell) in rec.iter().enumerate() {
        let text = std::str::from_utf8(cell).map_err(|_| ReadError::NotUtf8 {
            file: file.to_string(),
            row: 1,
            column: format!("{}", i + 1),
        })?;
        let text = if i == 0 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        names.push(upper(text).into_owned());
    }
    if names.len() == 1 {
        for d in [';', '\t', '|'] {
            if names[0].contains(d) {
                return Err(ReadError::Delimiter {
                    file: file.to_string(),
                    found: d,
                });
            }
        }
    }
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(ReadError::DuplicateColumn {
                file: file.to_string(),
                column: n.clone(),
            });
        }
    }
    let table = recognise(file, &names)?;
    // Position of each DfE column in this file.
    let order: Vec<usize> = table
        .columns()
        .iter()
        .map(|c| names.iter().position(|n| n == c).unwrap_or(0))
        .collect();

    let mut row: u64 = 1;
    loop {
        let got = rdr.read_byte_record(&mut rec);
        let lines = rdr.get_ref().lines;
        let got = got.map_err(|e| csv_err(e, row + 1, lines))?;
        if !got {
            break;
        }
        row += 1;
        if rec.len() == 1 && rec.get(0).is_some_and(|c| c.is_empty()) {
            // A blank line inside the file: not a row.
            row -= 1;
            continue;
        }
        if rec.len() != names.len() {
            return Err(ReadError::Ragged {
                file: file.to_string(),
                row,
                expected: names.len(),
                found: rec.len(),
            });
        }
        let mut cells: [Cow<'_, str>; MAX_COLUMNS] = std::array::from_fn(|_| Cow::Borrowed(""));
        for (i, cell) in rec.iter().enumerate() {
            if cell.len() > MAX_FIELD_BYTES {
                return Err(ReadError::FieldTooLong {
                    file: file.to_string(),
                    row,
                    column: names[i].clone(),
                    limit: MAX_FIELD_BYTES,
                    found: cell.len(),
                });
            }
            let text = std::str::from_utf8(cell).map_err(|_| ReadError::NotUtf8 {
                file: file.to_string(),
                row,
                column: names[i].clone(),
            })?;
            cells[i] = upper(text);
        }
        let mut ordered: [&str; MAX_COLUMNS] = [""; MAX_COLUMNS];
        for (k, &i) in order.iter().enumerate() {
            ordered[k] = cells[i].as_ref();
        }
        ret.push_cells(table, row, &ordered[..order.len()]);
    }
    Ok(table)
}

/// The table whose column set equals `names`, or an error naming the closest.
fn recognise(file: &str, names: &[String]) -> Result<Table, ReadError> {
    let mut best: Option<(usize, Table, Vec<String>, Vec<String>)> = None;
    for t in Table::ALL {
        let cols = t.columns();
        let unexpected: Vec<String> = names
            .iter()
            .filter(|n| !cols.contains(&n.as_str()))
            .cloned()
            .collect();
        let missing: Vec<String> = cols
            .iter()
            .filter(|c| !names.iter().any(|n| n == *c))
            .map(|c| c.to_string())
            .collect();
        if unexpected.is_empty() && missing.is_empty() {
            return Ok(t);
        }
        let score = unexpected.len() + missing.len();
        if best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, t, unexpected, missing));
        }
    }
    let (_, t, unexpected, missing) = best.unwrap_or((0, Table::Header, vec![], vec![]));
    let mut parts = Vec::new();
    if !unexpected.is_empty() {
        parts.push(format!("unexpected {}", unexpected.join(", ")));
    }
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    Err(ReadError::UnknownTable {
        file: file.to_string(),
        closest: t.dfe_name().to_string(),
        difference: parts.join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;

    #[test]
    fn recognises_tables_by_columns_in_any_order_with_bom_and_crlf() {
        let ret = read_strs(&[
            (
                "a.csv",
                "\u{feff}SEX,CHILD,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nm,c1,01/02/2010,wbri,,,\r\n",
            ),
            (
                "b.csv",
                "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/02/2010,03/05/2024,PN1\n",
            ),
        ])
        .unwrap();
        assert_eq!(ret.header.len(), 1);
        assert_eq!(ret.header[0].child, "C1");
        assert_eq!(ret.header[0].row, 2);
        assert!(ret.header[0].sex.is(sightline_domain::codes::Sex::Male));
        assert!(ret.header[0].mother.is_blank());
        assert_eq!(ret.reviews.len(), 1);
        assert!(ret.supplied.contains(&Table::Reviews));
        assert!(!ret.supplied.contains(&Table::Episodes));
    }

    #[test]
    fn invalid_values_are_kept_for_the_rules() {
        let ret = read_strs(&[(
            "h.csv",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,X,31/02/2010,ZZZZ,,7,\n",
        )])
        .unwrap();
        assert_eq!(ret.header[0].dob, Field::Invalid("31/02/2010".into()));
        assert_eq!(ret.header[0].ethnic, Field::Invalid("ZZZZ".into()));
        assert_eq!(ret.header[0].mother, Field::Invalid("7".into()));
    }

    #[test]
    fn blank_lines_are_skipped_but_ragged_rows_are_not() {
        let ok = read_strs(&[("r.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n\n1,,,\n")]).unwrap();
        assert_eq!(ok.reviews.len(), 1);
        let err = read_strs(&[("r.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n1,,\n")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.csv: row 2: expected 4 cells like the header row, found 3 (truncated or ragged row)"
        );
    }
}
