//! Annex A: the workbook re-read with calamine — sheet names, headings as
//! specified (ofsted-annex-a.md), cells from the hand-built council, notes
//! on lists Sightline has no records for.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{council, d};
use sightline_reports::annex_a;

const COLUMN_COUNTS: [usize; 11] = [7, 8, 11, 12, 14, 14, 17, 34, 17, 16, 19];

fn workbook() -> Xlsx<std::io::Cursor<Vec<u8>>> {
    let bytes = annex_a::workbook(&council(), d("01/10/2016")).unwrap();
    Xlsx::new(std::io::Cursor::new(bytes)).unwrap()
}

fn cell(r: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match r.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::DateTime(dt)) => {
            // Excel serial day 0 is 30/12/1899.
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let nd = base + chrono::Days::new(dt.as_f64() as u64);
            nd.format("%d/%m/%Y").to_string()
        }
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

#[test]
fn eleven_lists_with_the_specified_headings() {
    let mut wb = workbook();
    let names = wb.sheet_names();
    let want: Vec<String> = (1..=11).map(|i| format!("List {i}")).collect();
    assert_eq!(names, want);
    for (i, n) in COLUMN_COUNTS.iter().enumerate() {
        let r = wb.worksheet_range(&format!("List {}", i + 1)).unwrap();
        let heads: Vec<String> = (0..*n).map(|c| cell(&r, 0, c)).collect();
        assert!(
            heads.iter().all(|h| !h.is_empty()),
            "List {}: {heads:?}",
            i + 1
        );
        assert_eq!(
            cell(&r, 0, *n),
            "",
            "List {} has exactly {n} columns",
            i + 1
        );
    }
    let l8 = wb.worksheet_range("List 8").unwrap();
    assert_eq!(cell(&l8, 0, 0), "Child Unique ID");
    assert_eq!(cell(&l8, 0, 7), "Date Started to be Looked After");
    assert_eq!(cell(&l8, 0, 33), "Allocated Worker");
    let l5 = wb.worksheet_range("List 5").unwrap();
    assert_eq!(
        cell(&l5, 0, 6),
        "Strategy discussion initiating Section 47 Enquiry Start Date"
    );
}

#[test]
fn cells_come_from_the_records() {
    let mut wb = workbook();
    // List 1: one contact (C01, police, 01/09/2016).
    let l1 = wb.worksheet_range("List 1").unwrap();
    assert_eq!(cell(&l1, 1, 0), "C01");
    assert_eq!(cell(&l1, 1, 1), "b) Female");
    assert_eq!(cell(&l1, 1, 2), "a) WBRI");
    assert_eq!(cell(&l1, 1, 3), "15/03/2008");
    assert_eq!(cell(&l1, 1, 4), "8");
    assert_eq!(cell(&l1, 1, 5), "01/09/2016");
    assert_eq!(cell(&l1, 1, 6), "q) 6: Police");
    assert_eq!(cell(&l1, 2, 0), "");
    // List 3: the ten referrals of 02/05/2016 (the two of January are older than six months).
    let l3 = wb.worksheet_range("List 3").unwrap();
    assert_eq!(l3.height(), 11);
    assert_eq!(cell(&l3, 1, 6), "e) 2A: Schools");
    assert_eq!(cell(&l3, 1, 7), "b) No");
    assert_eq!(cell(&l3, 1, 9), "Assessment Team");
    assert_eq!(cell(&l3, 1, 10), "Alex Worker");
    // List 5: six S47s, each with an ICPC that led to a plan.
    let l5 = wb.worksheet_range("List 5").unwrap();
    assert_eq!(l5.height(), 7);
    assert_eq!(cell(&l5, 1, 8), "10/06/2016");
    assert_eq!(cell(&l5, 1, 9), "a) Yes");
    assert_eq!(cell(&l5, 1, 11), "1");
    // List 7: eight open CP plans.
    let l7 = wb.worksheet_range("List 7").unwrap();
    assert_eq!(l7.height(), 9);
    assert_eq!(cell(&l7, 1, 7), "a) Neglect");
    assert_eq!(cell(&l7, 1, 8), "d) Emotional abuse");
    // List 8: three children in care.
    let l8 = wb.worksheet_range("List 8").unwrap();
    assert_eq!(l8.height(), 4);
    assert_eq!(cell(&l8, 1, 0), "C09");
    assert_eq!(cell(&l8, 1, 11), "C2: FCO");
    assert_eq!(cell(&l8, 1, 22), "d) U4: Foster placement - long term");
    assert_eq!(cell(&l8, 1, 23), "b) PR1: Own provision");
    assert_eq!(cell(&l8, 1, 24), "TS18 1AA");
}

#[test]
fn lists_without_records_keep_headings_and_a_note() {
    let mut wb = workbook();
    for list in ["List 2", "List 11", "List 9", "List 10"] {
        let r = wb.worksheet_range(list).unwrap();
        assert_eq!(cell(&r, 1, 0), "", "{list}: no records");
        assert!(
            cell(&r, 2, 0).starts_with("Note: "),
            "{list}: {}",
            cell(&r, 2, 0)
        );
    }
    let lists = annex_a::lists(&council(), d("01/10/2016"));
    assert!(lists[1].note.as_deref().unwrap().contains("early help"));
}

#[test]
fn a_date_excel_cannot_hold_is_written_as_text() {
    let mut c = council();
    c.children[0].child.birth = sightline_domain::Birth::Born(d("01/01/1850"));
    let bytes = annex_a::workbook(&c, d("01/10/2016")).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let l1 = wb.worksheet_range("List 1").unwrap();
    assert_eq!(l1.get((1, 3)), Some(&Data::String("01/01/1850".into())));
}
