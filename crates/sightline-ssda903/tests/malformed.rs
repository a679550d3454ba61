//! Malformed returns: each directory under `tests/data/malformed/` holds CSV
//! files and `expected.txt`, the one-line error the reader must give. Set
//! `UPDATE_EXPECT=1` to rewrite the expectations after a deliberate change.

use std::path::Path;

use sightline_ssda903::{ReadError, read_dir, read_strs};

#[test]
fn each_malformed_return_gives_its_one_line_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/malformed");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "corpus has {} cases", cases.len());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for dir in cases {
        let got = match read_dir(&dir) {
            Ok(_) => "read without error".to_string(),
            Err(e) => e.to_string(),
        };
        assert!(
            !got.contains('\n'),
            "{}: error spans lines: {got}",
            dir.display()
        );
        let expected_path = dir.join("expected.txt");
        if update {
            std::fs::write(&expected_path, format!("{got}\n")).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end() != got {
            failures.push(format!(
                "{}:\n  expected {}\n  got      {got}",
                dir.display(),
                expected.trim_end()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_ten_megabyte_field_is_refused_without_reading_it_whole() {
    let mut text = String::from("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,01/01/2010,WBRI,");
    text.push_str(&"9".repeat(10 << 20));
    text.push_str(",,\n");
    let err = read_strs(&[("header.csv", &text)]).unwrap_err();
    assert!(
        matches!(err, ReadError::LineTooLong { row: 2, .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "header.csv: row 2: expected lines of at most 1048576 bytes, found a longer one"
    );
}

#[test]
fn a_quoted_field_over_the_limit_is_refused() {
    // Newlines inside quotes keep each line short; the field cap still holds.
    let big: String = (0..2000).map(|_| "ab\n").collect();
    let text = format!("CHILD,DOB,REVIEW,REVIEW_CODE\n\"{big}\",01/01/2010,01/05/2024,PN1\n");
    let err = read_strs(&[("reviews.csv", &text)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "reviews.csv: row 2, column CHILD: expected at most 4096 bytes, found a field of 6000 bytes"
    );
}

#[test]
fn an_unreadable_or_empty_directory_is_an_error() {
    let err = read_dir(Path::new("/nonexistent/sightline/903")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/sightline/903: cannot read:"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.txt"), "not a return").unwrap();
    let err = read_dir(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no SSDA903 CSV files found in "),
        "{err}"
    );
}

#[test]
fn file_names_do_not_matter_and_crlf_bom_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("LA806_2025_whatever.CSV"),
        "\u{feff}CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nc1,m,01/01/2010,wbri,,,\r\n",
    )
    .unwrap();
    let ret = read_dir(dir.path()).unwrap();
    assert_eq!(ret.header.len(), 1);
    assert_eq!(ret.header[0].child, "C1");
}
