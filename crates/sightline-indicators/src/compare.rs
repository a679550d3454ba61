//! Published comparators: England, regional or statistical-neighbour figures
//! loaded from a CSV so a council's figure can be printed beside them.
//!
//! Format (one header line, then one row per figure):
//!
//! ```text
//! indicator_id,area,period_end,value
//! cla_rate_per_10k,England,2016-03-31,60.0
//! cla_rate_per_10k,North East,2016-03-31,85.0
//! cla_offended,England,2016-03-31,c
//! ```
//!
//! `indicator_id` is a catalogue id; `area` is free text ("England", a region,
//! a council); `period_end` is the as-of date the figure describes
//! (YYYY-MM-DD or DD/MM/YYYY); `value` is a number or one of the DfE symbols
//! `c`, `x`, `z`, `k`, `low`, `u`. A figure is matched to rows with the same
//! id and `period_end` equal to its as-of date. Nothing is computed here.

use serde::Serialize;
use sightline_domain::Date;
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};

use crate::Error;
use crate::catalogue::definition;

/// A published value: a number or a DfE symbol.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PublishedValue {
    Number(f64),
    /// `c`, `x`, `z`, `k`, `low` or `u`.
    Symbol(String),
}

/// One comparator row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub indicator_id: String,
    pub area: String,
    pub period_end: Date,
    pub value: PublishedValue,
}

/// All comparator rows of a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparisons {
    pub rows: Vec<ComparisonRow>,
}

const SYMBOLS: &[&str] = &["c", "x", "z", "k", "low", "u"];

impl Comparisons {
    /// Parse comparator CSV; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Comparisons, Error> {
        let err = |row: usize, column: &str, reason: String| Error::Comparison {
            origin: origin.to_string(),
            row,
            column: column.to_string(),
            reason,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| err(1, "header", e.to_string()))?
            .clone();
        let want = ["indicator_id", "area", "period_end", "value"];
        if headers.iter().collect::<Vec<_>>() != want {
            return Err(err(
                1,
                "header",
                format!("expected the header {}", want.join(",")),
            ));
        }
        let mut rows = vec![];
        for (i, rec) in rdr.records().enumerate() {
            let row = i + 2;
            let rec = rec.map_err(|e| err(row, "row", e.to_string()))?;
            if rec.len() != 4 {
                return Err(err(
                    row,
                    "row",
                    format!("expected 4 fields, found {}", rec.len()),
                ));
            }
            let id = &rec[0];
            if definition(id).is_none() {
                return Err(err(
                    row,
                    "indicator_id",
                    format!("{id:?} is not an indicator id of the catalogue"),
                ));
            }
            let date = parse_iso_date(&rec[2])
                .or_else(|| parse_uk_date(&rec[2]))
                .ok_or_else(|| {
                    err(
                        row,
                        "period_end",
                        format!("expected a date like 2016-03-31, found {:?}", &rec[2]),
                    )
                })?;
            let v = &rec[3];
            let value = if SYMBOLS.contains(&v.to_ascii_lowercase().as_str()) {
                PublishedValue::Symbol(v.to_ascii_lowercase())
            } else {
                PublishedValue::Number(v.replace(',', "").parse().map_err(|_| {
                    err(
                        row,
                        "value",
                        format!("expected a number or one of c, x, z, k, low, u; found {v:?}"),
                    )
                })?)
            };
            rows.push(ComparisonRow {
                indicator_id: id.to_string(),
                area: rec[1].to_string(),
                period_end: date,
                value,
            });
        }
        Ok(Comparisons { rows })
    }

    /// Read a comparator file.
    pub fn load(path: &std::path::Path) -> Result<Comparisons, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Comparisons::parse(&text, &path.display().to_string())
    }

    /// Rows for a figure of `id` at `as_of`.
    pub fn for_figure(&self, id: &str, as_of: Date) -> Vec<ComparisonRow> {
        self.rows
            .iter()
            .filter(|r| r.indicator_id == id && r.period_end == as_of)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_dfe_symbols() {
        let c = Comparisons::parse(
            "indicator_id,area,period_end,value\ncla_rate_per_10k,England,2016-03-31,60.0\ncla_offended,North East,31/03/2016,c\n",
            "cmp.csv",
        )
        .unwrap();
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[0].value, PublishedValue::Number(60.0));
        assert_eq!(c.rows[1].value, PublishedValue::Symbol("c".into()));
        let d = chrono::NaiveDate::from_ymd_opt(2016, 3, 31).unwrap();
        assert_eq!(c.for_figure("cla_offended", d).len(), 1);
        assert!(
            c.for_figure("cla_offended", d.pred_opt().unwrap())
                .is_empty()
        );
    }

    #[test]
    fn errors_name_file_row_and_column() {
        let e = Comparisons::parse(
            "indicator_id,area,period_end,value\ncla_count,England,2016-13-01,5\n",
            "cmp.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("cmp.csv") && e.contains("row 2") && e.contains("period_end"),
            "{e}"
        );
        let e = Comparisons::parse("id,area\n", "cmp.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("header"), "{e}");
        let e = Comparisons::parse(
            "indicator_id,area,period_end,value\ncla_count,England,2016-03-31,lots\n",
            "cmp.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("value") && e.contains("lots"), "{e}");
    }
}
