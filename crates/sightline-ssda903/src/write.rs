//! Writing an SSDA903 return as CSV files, one per table.
//!
//! Why: the DfE upload takes one CSV per table with the columns in its order;
//! the writer is the inverse of the reader, so a written return reads back
//! to the same rows.
//!
//! What it does not do: choose which rows belong in a year's return (that is
//! [`crate::from_council`]) or write XML.

use std::io::Write;
use std::path::Path;

use crate::tables::{Return903, Table};

/// Why a return could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Write every supplied table of `ret` to `dir/<table>.csv` (created if
/// needed), columns in DfE order, dates `dd/mm/yyyy`, CRLF line ends.
pub fn write_dir(ret: &Return903, dir: &Path) -> Result<(), WriteError> {
    let err = |p: &Path, e: std::io::Error| WriteError::Io {
        path: p.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    for t in Table::ALL {
        if !ret.supplied.contains(&t) {
            continue;
        }
        let path = dir.join(format!("{}.csv", t.name()));
        let f = std::fs::File::create(&path).map_err(|e| err(&path, e))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write_table(ret, t, &mut w).map_err(|e| err(&path, e))?;
        w.flush().map_err(|e| err(&path, e))?;
    }
    Ok(())
}

/// Write one table as CSV text to `w`.
pub fn write_table(ret: &Return903, t: Table, w: &mut impl Write) -> std::io::Result<()> {
    let mut cw = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    cw.write_record(t.columns())?;
    for row in ret.rows_as_cells(t) {
        cw.write_record(&row)?;
    }
    cw.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_dir;

    #[test]
    fn written_return_reads_back_to_the_same_rows() {
        let mut ret = crate::read::read_strs(&[
            ("h.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,F,01/02/2010,WBRI,UN2,0,\nA2,M,03/03/2011,XXXX,,,\n"),
            ("e.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,01/05/2024,S,C2,N1,U6,PR1,,,,\"AB1 2\",CD3 4,SC1\n"),
        ])
        .unwrap();
        ret.supplied.insert(Table::Oc2);
        let dir = tempfile::tempdir().unwrap();
        write_dir(&ret, dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join("episodes.csv")).unwrap();
        assert!(text.starts_with("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"));
        assert!(text.contains("A1,01/05/2024,S,C2,N1,U6,PR1,,,,AB1 2,CD3 4,SC1\r\n"));
        let back = read_dir(dir.path()).unwrap();
        assert_eq!(back, ret);
    }
}
