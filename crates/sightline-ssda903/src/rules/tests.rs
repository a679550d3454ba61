//! Rule tests: a small clean return (every rule passes on it), and for each
//! rule an edit of that return which makes the rule fail.

use sightline_domain::CollectionYear;

use crate::read::read_strs;
use crate::tables::{Return903, Table};

pub(crate) const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
C1,F,15/06/2012,WBRI,A123456789012,0,
C2,M,03/03/2020,MWBC,UN1,,
C3,F,01/01/2019,WBRI,C223456789012,0,
C4,M,10/10/2005,BAFR,E323456789012,,
C5,M,01/01/2008,OOTH,UN3,,
C6,F,05/05/2015,WBRI,,,
";
pub(crate) const EPISODES: &str =
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
C1,01/06/2023,P,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222
C2,10/05/2024,S,V2,N4,U6,PR4,,,,GH7 8,IJ9 1,SC333333
C3,01/02/2022,S,C2,N1,U6,PR1,01/03/2023,X1,,KL1 2,MN3 4,SC444444
C3,01/03/2023,L,E1,N1,U6,PR1,01/06/2023,X1,CARPL,KL1 2,MN3 4,SC444444
C3,01/06/2023,T,E1,N1,A5,PR1,15/09/2024,E11,,KL1 2,OP5 6,SC666666
C5,01/06/2024,S,V2,N4,K2,PR4,,,,,,SC555555
C6,01/05/2024,S,V3,N2,U6,PR1,05/05/2024,E8,,,,
C6,01/08/2024,S,V3,N2,U6,PR1,04/08/2024,E8,,,,
";
pub(crate) const REVIEWS: &str = "CHILD,DOB,REVIEW,REVIEW_CODE
C1,15/06/2012,01/07/2024,PN1
C2,03/03/2020,10/06/2024,PN1
C3,01/01/2019,01/05/2024,PN2
C5,01/01/2008,01/07/2024,PN1
";
pub(crate) const UASC: &str = "CHILD,SEX,DOB,DUC
C5,M,01/01/2008,01/01/2026
";
pub(crate) const OC2: &str = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
C1,15/06/2012,12,,0,,1,1,1,0,,
";
pub(crate) const OC3: &str = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
C4,10/10/2005,YES,F2,D1
";
pub(crate) const AD1: &str =
    "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
C3,01/01/2019,01/02/2023,01/05/2023,1,2,MF,L11
";
pub(crate) const PLACED: &str = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
C3,01/01/2019,01/02/2023,,
";
pub(crate) const PREV_PERM: &str = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM
C2,03/03/2020,Z1,,
C5,01/01/2008,Z1,,
C6,05/05/2015,Z1,,
";
pub(crate) const MISSING: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END
C1,15/06/2012,M,05/08/2024,07/08/2024
";
pub(crate) const SW: &str = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
C1,15/06/2012,SW001,10/01/2022,,FCONTA
C2,03/03/2020,SW002,10/05/2024,,FCONTA
C3,01/01/2019,SW003,01/02/2022,15/09/2024,FCONTA
C5,01/01/2008,SW005,01/06/2024,,FCONTA
";

/// The clean fixture's tables as (file name, CSV text).
pub(crate) fn fixture_files() -> Vec<(&'static str, String)> {
    vec![
        ("header.csv", HEADER.into()),
        ("episodes.csv", EPISODES.into()),
        ("reviews.csv", REVIEWS.into()),
        ("uasc.csv", UASC.into()),
        ("oc2.csv", OC2.into()),
        ("oc3.csv", OC3.into()),
        ("ad1.csv", AD1.into()),
        ("placed.csv", PLACED.into()),
        ("prevperm.csv", PREV_PERM.into()),
        ("missing.csv", MISSING.into()),
        ("sw.csv", SW.into()),
    ]
}

pub(crate) fn fixture() -> Return903 {
    let files = fixture_files();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    read_strs(&refs).unwrap()
}

/// An edit of the fixture: set a cell, add a row, or delete a row.
#[derive(Clone, Copy)]
pub(crate) enum Edit {
    /// (file, data row index from 0, column, value)
    Set(&'static str, usize, &'static str, &'static str),
    /// (file, CSV line)
    Add(&'static str, &'static str),
    /// (file, data row index from 0)
    Del(&'static str, usize),
}
use Edit::*;

pub(crate) fn edited(edits: &[Edit]) -> Return903 {
    let mut files = fixture_files();
    for e in edits {
        let file = match e {
            Set(f, ..) | Add(f, _) | Del(f, _) => *f,
        };
        let Some(entry) = files.iter_mut().find(|(n, _)| *n == file) else {
            panic!("no fixture file {file}")
        };
        let mut lines: Vec<String> = entry.1.lines().map(String::from).collect();
        match e {
            Set(_, row, col, value) => {
                let cols: Vec<&str> = lines[0].split(',').collect();
                let ci = cols
                    .iter()
                    .position(|c| c == col)
                    .unwrap_or_else(|| panic!("no column {col}"));
                let mut cells: Vec<String> = lines[row + 1].split(',').map(String::from).collect();
                cells[ci] = value.to_string();
                lines[row + 1] = cells.join(",");
            }
            Add(_, line) => lines.push(line.to_string()),
            Del(_, row) => {
                lines.remove(row + 1);
            }
        }
        entry.1 = lines.join("\n") + "\n";
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    read_strs(&refs).unwrap()
}

const Y2025: CollectionYear = CollectionYear(2025);

fn codes(ret: &Return903, prev: Option<&Return903>, year: CollectionYear) -> Vec<String> {
    let mut v: Vec<String> = crate::rules::validate_with_previous(ret, prev, year)
        .into_iter()
        .map(|f| f.rule)
        .collect();
    v.dedup();
    v
}

#[test]
fn the_fixture_passes_every_rule() {
    let ret = fixture();
    let found = crate::rules::validate(&ret, Y2025);
    assert!(found.is_empty(), "{found:#?}");
}

/// (rule, year, edits that make it fail). The fixture itself is the passing
/// case of every rule (`the_fixture_passes_every_rule`).
pub(crate) const CASES: &[(&str, i32, &[Edit])] = &[
    ("371", 2024, &[Set("episodes.csv", 1, "PLACE", "H5")]),
    ("217t", 2024, &[Set("episodes.csv", 1, "PLACE", "P2")]),
    (
        "230",
        2024,
        &[
            Set("episodes.csv", 1, "PLACE", "H5"),
            Set("episodes.csv", 1, "URN", ""),
        ],
    ),
    (
        "370",
        2024,
        &[
            Set("episodes.csv", 6, "PLACE", "P2"),
            Set("episodes.csv", 6, "LS", "C2"),
        ],
    ),
    ("445", 2024, &[Set("episodes.csv", 1, "LS", "D1")]),
    ("451", 2024, &[Set("episodes.csv", 0, "LS", "D1")]),
    ("555", 2024, &[Set("episodes.csv", 1, "LS", "D1")]),
    (
        "556",
        2024,
        &[
            Set("episodes.csv", 3, "LS", "D1"),
            Set("placed.csv", 0, "DATE_PLACED", "01/04/2023"),
        ],
    ),
    ("SW01STG1", 2024, &[Del("sw.csv", 1)]),
    ("SW03STG1", 2024, &[Set("sw.csv", 0, "SW_REASON", "")]),
    (
        "SW11aSTG2",
        2024,
        &[
            Set("sw.csv", 0, "SW_DEC", "01/02/2023"),
            Add("sw.csv", "C1,15/06/2012,SW009,01/05/2023,,MANAGE"),
        ],
    ),
    (
        "SW14STG2",
        2024,
        &[Add("sw.csv", "C1,15/06/2012,SW009,01/05/2024,,MANAGE")],
    ),
    (
        "231",
        2025,
        &[
            Set("header.csv", 4, "DOB", "01/01/2016"),
            Set("uasc.csv", 0, "DOB", "01/01/2016"),
        ],
    ),
    (
        "347",
        2025,
        &[
            Set("oc3.csv", 0, "ACCOM", "T"),
            Set("header.csv", 3, "DOB", "10/10/2007"),
            Set("oc3.csv", 0, "DOB", "10/10/2007"),
        ],
    ),
    ("101", 2025, &[Set("header.csv", 0, "SEX", "2")]),
    ("102", 2025, &[Set("header.csv", 0, "DOB", "31/02/2012")]),
    ("103", 2025, &[Set("header.csv", 0, "ETHNIC", "ABCD")]),
    ("165", 2025, &[Set("header.csv", 0, "MOTHER", "7")]),
    ("168", 2025, &[Set("header.csv", 0, "UPN", "I123456789012")]),
    ("171", 2025, &[Set("header.csv", 0, "MC_DOB", "2020-01-01")]),
    ("174", 2025, &[Set("header.csv", 1, "MC_DOB", "01/01/2024")]),
    (
        "184",
        2025,
        &[Set("placed.csv", 0, "DATE_PLACED", "01/01/2018")],
    ),
    ("209", 2025, &[Set("header.csv", 2, "UPN", "UN1")]),
    (
        "210",
        2025,
        &[
            Set("header.csv", 1, "UPN", "UN4"),
            Set("episodes.csv", 1, "DECOM", "25/03/2025"),
        ],
    ),
    ("232", 2025, &[Set("header.csv", 1, "SEX", "U")]),
    ("301", 2025, &[Set("header.csv", 3, "DOB", "01/04/2025")]),
    ("302", 2025, &[Set("header.csv", 1, "DOB", "11/05/2024")]),
    ("351", 2025, &[Set("header.csv", 3, "DOB", "10/10/1998")]),
    ("352", 2025, &[Set("header.csv", 4, "DOB", "01/01/2006")]),
    ("358", 2025, &[Set("episodes.csv", 1, "LS", "J1")]),
    (
        "359",
        2025,
        &[
            Set("header.csv", 4, "DOB", "01/01/2007"),
            Set("episodes.csv", 5, "LS", "C2"),
        ],
    ),
    ("386", 2025, &[Set("header.csv", 2, "DOB", "01/01/2006")]),
    ("387", 2025, &[Set("episodes.csv", 4, "REC", "E5")]),
    ("393", 2025, &[Set("header.csv", 0, "MOTHER", "")]),
    ("460", 2025, &[Set("episodes.csv", 4, "REC", "E17")]),
    ("611", 2025, &[Set("header.csv", 0, "MOTHER", "1")]),
    ("612", 2025, &[Set("header.csv", 0, "MC_DOB", "01/01/2024")]),
    (
        "620",
        2025,
        &[
            Set("header.csv", 2, "MOTHER", "1"),
            Set("header.csv", 2, "MC_DOB", "01/01/2024"),
        ],
    ),
    (
        "621",
        2025,
        &[
            Set("header.csv", 0, "MOTHER", "1"),
            Set("header.csv", 0, "MC_DOB", "01/01/2010"),
        ],
    ),
    (
        "3001",
        2025,
        &[
            Set("header.csv", 3, "DOB", "10/10/2007"),
            Set("oc3.csv", 0, "DOB", "10/10/2007"),
            Set("oc3.csv", 0, "ACCOM", "Z1"),
        ],
    ),
    (
        "141",
        2025,
        &[Set("episodes.csv", 1, "DECOM", "32/05/2024")],
    ),
    (
        "142",
        2025,
        &[
            Set("episodes.csv", 2, "REC", ""),
            Set("episodes.csv", 2, "DEC", ""),
        ],
    ),
    ("143", 2025, &[Set("episodes.csv", 1, "RNE", "X")]),
    ("144", 2025, &[Set("episodes.csv", 1, "LS", "C9")]),
    ("145", 2025, &[Set("episodes.csv", 1, "CIN", "N9")]),
    ("146", 2025, &[Set("episodes.csv", 1, "PLACE", "Q1")]),
    (
        "146",
        2024,
        &[
            Set("episodes.csv", 1, "PLACE", "K3"),
            Set("header.csv", 0, "SEX", "2"),
            Set("header.csv", 1, "SEX", "1"),
        ],
    ),
    ("146", 2026, &[Set("episodes.csv", 1, "PLACE", "H5")]),
    ("147", 2025, &[Set("episodes.csv", 2, "DEC", "1/13/2023")]),
    ("148", 2025, &[Set("episodes.csv", 1, "REC", "E8")]),
    ("149", 2025, &[Set("episodes.csv", 4, "REC", "E1")]),
    ("178", 2025, &[Set("episodes.csv", 1, "PLACE", "T1")]),
    ("213", 2025, &[Set("episodes.csv", 1, "PLACE", "T2")]),
    ("214", 2025, &[Set("episodes.csv", 6, "URN", "SC1")]),
    ("217", 2025, &[Set("episodes.csv", 4, "RNE", "P")]),
    ("218", 2025, &[Set("episodes.csv", 1, "URN", "")]),
    ("222", 2025, &[Set("episodes.csv", 1, "PLACE", "R1")]),
    (
        "225",
        2025,
        &[Set("episodes.csv", 3, "REASON_PLACE_CHANGE", "")],
    ),
    (
        "226",
        2025,
        &[
            Set("episodes.csv", 3, "PLACE", "T1"),
            Set("episodes.csv", 3, "PLACE_PROVIDER", ""),
        ],
    ),
    (
        "233",
        2026,
        &[Set("episodes.csv", 1, "REASON_PLACE_CHANGE", "CARPL")],
    ),
    (
        "234",
        2026,
        &[
            Set("episodes.csv", 0, "REASON_PLACE_CHANGE", "CUSTOD"),
            Set("header.csv", 0, "DOB", "15/06/2015"),
        ],
    ),
    ("242", 2026, &[Set("episodes.csv", 5, "URN", "XXXXXXX")]),
    (
        "336",
        2025,
        &[
            Set("episodes.csv", 4, "PLACE", "A3"),
            Set("episodes.csv", 3, "PLACE", "K2"),
        ],
    ),
    (
        "353",
        2025,
        &[Set("episodes.csv", 2, "DECOM", "01/01/1990")],
    ),
    (
        "354",
        2025,
        &[Set("episodes.csv", 1, "DECOM", "01/04/2025")],
    ),
    ("355", 2025, &[Set("episodes.csv", 6, "DEC", "01/05/2024")]),
    ("356", 2025, &[Set("episodes.csv", 6, "DEC", "30/04/2024")]),
    ("357", 2025, &[Set("episodes.csv", 1, "RNE", "P")]),
    ("361", 2025, &[Set("episodes.csv", 1, "LS", "L1")]),
    ("362", 2025, &[Set("episodes.csv", 1, "LS", "L2")]),
    ("363", 2025, &[Set("episodes.csv", 1, "LS", "L3")]),
    ("364", 2025, &[Set("episodes.csv", 1, "LS", "J2")]),
    ("365", 2025, &[Set("episodes.csv", 7, "DEC", "30/08/2024")]),
    ("366", 2025, &[Set("episodes.csv", 7, "RNE", "P")]),
    (
        "367",
        2025,
        &[
            Set("episodes.csv", 7, "DEC", ""),
            Set("episodes.csv", 7, "REC", ""),
        ],
    ),
    ("371", 2025, &[Set("episodes.csv", 1, "PLACE", "K3")]),
    ("372", 2025, &[Set("episodes.csv", 1, "PLACE", "R5")]),
    (
        "373",
        2025,
        &[
            Set("episodes.csv", 1, "PLACE", "S1"),
            Set("header.csv", 1, "DOB", "03/03/2021"),
        ],
    ),
    ("374", 2025, &[Set("episodes.csv", 1, "PLACE", "P3")]),
    (
        "375",
        2025,
        &[
            Set("episodes.csv", 6, "PLACE", "T1"),
            Set("episodes.csv", 6, "DEC", "01/07/2024"),
        ],
    ),
    (
        "376",
        2025,
        &[
            Set("episodes.csv", 6, "PLACE", "T3"),
            Set("episodes.csv", 6, "DEC", "01/07/2024"),
        ],
    ),
    (
        "377",
        2025,
        &[
            Set("episodes.csv", 6, "PLACE", "T3"),
            Set("episodes.csv", 7, "PLACE", "T3"),
            Add(
                "episodes.csv",
                "C6,01/10/2024,S,V3,N2,T3,,03/10/2024,E8,,,,",
            ),
        ],
    ),
    ("378", 2025, &[Set("episodes.csv", 1, "PLACE", "P1")]),
    (
        "379",
        2025,
        &[
            Set("episodes.csv", 6, "PLACE", "T4"),
            Set("episodes.csv", 6, "DEC", "01/07/2024"),
        ],
    ),
    ("380", 2025, &[Set("episodes.csv", 1, "PLACE", "T0")]),
    ("381", 2025, &[Set("episodes.csv", 6, "PLACE", "T0")]),
    ("382", 2025, &[Set("episodes.csv", 7, "PLACE", "T2")]),
    (
        "383",
        2025,
        &[
            Set("episodes.csv", 3, "PLACE", "T0"),
            Set("episodes.csv", 3, "RNE", "P"),
        ],
    ),
    ("384", 2025, &[Set("episodes.csv", 7, "PLACE", "U1")]),
    ("385", 2025, &[Set("episodes.csv", 7, "DEC", "04/04/2025")]),
    ("388", 2025, &[Set("episodes.csv", 2, "DEC", "02/03/2023")]),
    ("389", 2025, &[Set("episodes.csv", 4, "REC", "E7")]),
    ("390", 2025, &[Set("episodes.csv", 4, "PLACE", "U6")]),
    ("392b", 2025, &[Set("episodes.csv", 1, "PL_POST", "")]),
    ("392d", 2025, &[Set("episodes.csv", 1, "PL_POST", "GH7 8")]),
    ("398", 2025, &[Set("episodes.csv", 7, "HOME_POST", "AB1 2")]),
    ("399", 2025, &[Set("header.csv", 5, "MOTHER", "0")]),
    (
        "407",
        2025,
        &[
            Set("episodes.csv", 4, "REC", "E45"),
            Set("header.csv", 2, "DOB", "01/01/2006"),
        ],
    ),
    ("408", 2025, &[Set("episodes.csv", 4, "LS", "C2")]),
    ("426", 2025, &[Set("episodes.csv", 7, "LS", "V4")]),
    (
        "431",
        2025,
        &[Set("episodes.csv", 7, "DECOM", "05/05/2024")],
    ),
    ("432", 2025, &[Set("episodes.csv", 7, "RNE", "P")]),
    (
        "433",
        2025,
        &[Set("episodes.csv", 4, "DECOM", "02/06/2023")],
    ),
    ("434", 2025, &[Set("episodes.csv", 3, "LS", "C2")]),
    ("435", 2025, &[Set("episodes.csv", 4, "LS", "C2")]),
    ("436", 2025, &[Set("episodes.csv", 4, "RNE", "B")]),
    ("437", 2025, &[Set("episodes.csv", 6, "REC", "E2")]),
    ("442", 2025, &[Set("header.csv", 0, "UPN", "")]),
    (
        "446",
        2025,
        &[
            Set("episodes.csv", 3, "DECOM", "01/03/2005"),
            Set("episodes.csv", 2, "DECOM", "01/02/2005"),
        ],
    ),
    (
        "501",
        2025,
        &[Set("episodes.csv", 4, "DECOM", "01/05/2023")],
    ),
    ("504", 2025, &[Set("episodes.csv", 4, "CIN", "N2")]),
    ("516", 2025, &[Set("episodes.csv", 4, "REC", "E45")]),
    ("526", 2025, &[Set("episodes.csv", 1, "PLACE_PROVIDER", "")]),
    (
        "527",
        2025,
        &[
            Set("episodes.csv", 5, "PLACE", "R2"),
            Set("episodes.csv", 5, "PLACE_PROVIDER", "PR1"),
        ],
    ),
    (
        "528",
        2025,
        &[
            Set("episodes.csv", 5, "PLACE", "R2"),
            Set("episodes.csv", 5, "PLACE_PROVIDER", "PR2"),
        ],
    ),
    (
        "529",
        2025,
        &[Set("episodes.csv", 5, "PLACE_PROVIDER", "PR3")],
    ),
    ("530", 2025, &[Set("episodes.csv", 5, "PLACE", "P1")]),
    (
        "531",
        2025,
        &[
            Set("episodes.csv", 5, "PLACE", "P1"),
            Set("episodes.csv", 5, "PLACE_PROVIDER", "PR5"),
        ],
    ),
    (
        "550",
        2025,
        &[Set("episodes.csv", 5, "PLACE_PROVIDER", "PR0")],
    ),
    ("607", 2025, &[Set("header.csv", 2, "MOTHER", "")]),
    (
        "625",
        2025,
        &[
            Set("header.csv", 2, "MOTHER", "1"),
            Set("header.csv", 2, "MC_DOB", "01/01/2025"),
        ],
    ),
    (
        "1009",
        2025,
        &[Set("episodes.csv", 3, "REASON_PLACE_CHANGE", "NOPE")],
    ),
    ("104", 2025, &[Set("uasc.csv", 0, "DUC", "01/01/2024")]),
    ("131", 2025, &[Set("oc3.csv", 0, "IN_TOUCH", "MAYBE")]),
    ("132", 2025, &[Set("oc3.csv", 0, "ACTIV", "F3")]),
    ("133", 2025, &[Set("oc3.csv", 0, "ACCOM", "S1")]),
    ("134", 2025, &[Add("oc3.csv", "C3,01/01/2019,YES,F2,D1")]),
    ("153", 2025, &[Set("oc3.csv", 0, "ACCOM", "")]),
    (
        "157",
        2025,
        &[
            Set("oc2.csv", 0, "SDQ_SCORE", ""),
            Set("oc2.csv", 0, "SDQ_REASON", "SDQ1"),
        ],
    ),
    (
        "158",
        2025,
        &[
            Set("oc2.csv", 0, "SUBSTANCE_MISUSE", "1"),
            Set("oc2.csv", 0, "INTERVENTION_RECEIVED", "1"),
            Set("oc2.csv", 0, "INTERVENTION_OFFERED", "1"),
        ],
    ),
    (
        "159",
        2025,
        &[
            Set("oc2.csv", 0, "SUBSTANCE_MISUSE", "1"),
            Set("oc2.csv", 0, "INTERVENTION_RECEIVED", "0"),
        ],
    ),
    ("166", 2025, &[Set("reviews.csv", 0, "REVIEW", "")]),
    ("167", 2025, &[Set("reviews.csv", 0, "REVIEW_CODE", "PN9")]),
    ("180", 2025, &[Set("oc2.csv", 0, "SDQ_SCORE", "41")]),
    ("181", 2025, &[Set("oc2.csv", 0, "TEETH_CHECK", "Y")]),
    ("182", 2025, &[Set("oc2.csv", 0, "TEETH_CHECK", "")]),
    ("185", 2025, &[Add("oc2.csv", "C2,03/03/2020,10,,,,,,,,,")]),
    ("186", 2025, &[Set("oc2.csv", 0, "SDQ_SCORE", "")]),
    ("187", 2025, &[Add("oc3.csv", "C1,15/06/2012,YES,F2,D1")]),
    ("188", 2025, &[Add("oc2.csv", "C2,03/03/2022,10,,,,,,,,,")]),
    ("189", 2025, &[Add("oc2.csv", "C4,10/10/2005,10,,,,,,,,,")]),
    ("190", 2025, &[Add("oc2.csv", "C2,03/03/2020,,,,1,,,,,,")]),
    ("191", 2025, &[Del("oc2.csv", 0)]),
    ("192", 2025, &[Set("oc2.csv", 0, "SUBSTANCE_MISUSE", "1")]),
    (
        "193",
        2025,
        &[Set("oc2.csv", 0, "INTERVENTION_OFFERED", "1")],
    ),
    (
        "196",
        2025,
        &[
            Set("oc2.csv", 0, "SDQ_SCORE", ""),
            Set("oc2.csv", 0, "SDQ_REASON", "SDQ9"),
        ],
    ),
    ("197a", 2025, &[Set("oc2.csv", 0, "SDQ_REASON", "SDQ2")]),
    (
        "197B",
        2025,
        &[
            Set("oc2.csv", 0, "SDQ_SCORE", ""),
            Set("oc2.csv", 0, "DOB", "15/06/2020"),
        ],
    ),
    (
        "198",
        2025,
        &[Add("oc2.csv", "C2,03/03/2020,,SDQ2,,,,,,,,")],
    ),
    ("215", 2025, &[Add("oc3.csv", "C1,15/06/2012,YES,F2,D1")]),
    (
        "303",
        2025,
        &[Add("uasc.csv", "C9,M,01/01/2008,01/01/2026")],
    ),
    ("304", 2025, &[Set("uasc.csv", 0, "DUC", "02/01/2026")]),
    ("344", 2025, &[Set("oc3.csv", 0, "IN_TOUCH", "DIED")]),
    ("345", 2025, &[Set("oc3.csv", 0, "ACTIV", "0")]),
    ("391", 2025, &[Add("oc3.csv", "C2,03/03/2020,YES,F2,D1")]),
    ("440", 2025, &[Set("reviews.csv", 0, "REVIEW_CODE", "PN0")]),
    ("441", 2025, &[Set("reviews.csv", 1, "DOB", "03/03/2021")]),
    ("542", 2025, &[Add("oc2.csv", "C2,03/03/2020,,,0,,,,,,,")]),
    ("543", 2025, &[Set("oc2.csv", 0, "CONVICTED", "")]),
    (
        "544",
        2025,
        &[
            Set("oc2.csv", 0, "CONVICTED", "1"),
            Set("oc2.csv", 0, "TEETH_CHECK", ""),
        ],
    ),
    ("545", 2025, &[Set("oc2.csv", 0, "DOB", "15/06/2020")]),
    ("546", 2025, &[Set("oc2.csv", 0, "HEALTH_CHECK", "1")]),
    (
        "547",
        2025,
        &[
            Set("oc2.csv", 0, "HEALTH_CHECK", "1"),
            Set("oc2.csv", 0, "TEETH_CHECK", ""),
        ],
    ),
    ("628", 2025, &[Set("header.csv", 3, "MOTHER", "0")]),
    (
        "1000",
        2025,
        &[Add(
            "episodes.csv",
            "C4,01/01/2023,S,C2,N1,U6,PR1,01/05/2024,E2,,AB1 2,CD3 4,SC1",
        )],
    ),
    (
        "1007",
        2025,
        &[
            Set("header.csv", 3, "DOB", "10/10/2006"),
            Set("oc3.csv", 0, "DOB", "10/10/2006"),
            Add(
                "episodes.csv",
                "C4,01/01/2023,S,C2,N1,U6,PR1,11/10/2024,E8,,AB1 2,CD3 4,SC1",
            ),
        ],
    ),
    (
        "1011",
        2025,
        &[Add(
            "episodes.csv",
            "C4,01/01/2023,S,C2,N1,U6,PR1,01/05/2024,E3,,AB1 2,CD3 4,SC1",
        )],
    ),
    (
        "1014",
        2025,
        &[
            Add("uasc.csv", "C4,M,10/10/2005,"),
            Add(
                "episodes.csv",
                "C4,01/01/2022,S,C2,N1,U6,PR1,01/05/2023,E8,,AB1 2,CD3 4,SC1",
            ),
        ],
    ),
    (
        "1016",
        2025,
        &[
            Set("header.csv", 3, "DOB", "10/10/2006"),
            Set("oc3.csv", 0, "DOB", "10/10/2006"),
            Add(
                "episodes.csv",
                "C4,01/01/2023,S,C2,N1,U6,PR1,10/10/2024,E8,,AB1 2,CD3 4,SC1",
            ),
        ],
    ),
    ("112", 2025, &[Set("ad1.csv", 0, "DATE_INT", "x")]),
    ("113", 2025, &[Set("ad1.csv", 0, "DATE_MATCH", "x")]),
    ("114", 2025, &[Set("ad1.csv", 0, "FOSTER_CARE", "2")]),
    ("115", 2025, &[Set("placed.csv", 0, "DATE_PLACED", "x")]),
    (
        "116",
        2025,
        &[Set("placed.csv", 0, "DATE_PLACED_CEASED", "x")],
    ),
    (
        "117",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/10/2024"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
        ],
    ),
    (
        "118",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/03/2024"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
        ],
    ),
    (
        "119",
        2025,
        &[Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1")],
    ),
    (
        "120",
        2025,
        &[
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD9"),
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/05/2024"),
        ],
    ),
    ("151", 2025, &[Set("ad1.csv", 0, "NB_ADOPTR", "")]),
    ("175", 2025, &[Set("ad1.csv", 0, "NB_ADOPTR", "3")]),
    ("176", 2025, &[Set("ad1.csv", 0, "SEX_ADOPTR", "XX")]),
    ("177", 2025, &[Set("ad1.csv", 0, "LS_ADOPTR", "L9")]),
    (
        "331",
        2025,
        &[Set("ad1.csv", 0, "DATE_MATCH", "01/07/2023")],
    ),
    (
        "333",
        2025,
        &[
            Set("ad1.csv", 0, "DATE_INT", "01/06/2023"),
            Set("placed.csv", 0, "DATE_PLACED", "01/06/2023"),
        ],
    ),
    (
        "334",
        2025,
        &[
            Set("ad1.csv", 0, "DATE_INT", "01/01/2022"),
            Set("placed.csv", 0, "DATE_PLACED", "01/01/2022"),
        ],
    ),
    ("335", 2025, &[Set("ad1.csv", 0, "FOSTER_CARE", "0")]),
    (
        "511",
        2025,
        &[
            Set("ad1.csv", 0, "SEX_ADOPTR", "M1"),
            Set("ad1.csv", 0, "LS_ADOPTR", "L2"),
        ],
    ),
    ("514", 2025, &[Set("ad1.csv", 0, "LS_ADOPTR", "L0")]),
    (
        "517",
        2025,
        &[
            Set("ad1.csv", 0, "SEX_ADOPTR", "FF"),
            Set("ad1.csv", 0, "LS_ADOPTR", "L3"),
        ],
    ),
    ("518", 2025, &[Set("ad1.csv", 0, "LS_ADOPTR", "L4")]),
    (
        "519",
        2025,
        &[
            Set("ad1.csv", 0, "SEX_ADOPTR", "M1"),
            Set("ad1.csv", 0, "LS_ADOPTR", "L2"),
            Set("ad1.csv", 0, "NB_ADOPTR", "1"),
        ],
    ),
    ("520", 2025, &[Set("ad1.csv", 0, "SEX_ADOPTR", "FF")]),
    (
        "521",
        2025,
        &[
            Set("ad1.csv", 0, "DATE_INT", "01/07/2023"),
            Set("ad1.csv", 0, "DATE_MATCH", "01/07/2023"),
        ],
    ),
    (
        "522",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/01/2023"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
        ],
    ),
    (
        "523",
        2025,
        &[Set("placed.csv", 0, "DATE_PLACED", "02/02/2023")],
    ),
    ("524", 2025, &[Set("ad1.csv", 0, "LS_ADOPTR", "L12")]),
    (
        "525",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/05/2024"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
        ],
    ),
    ("551", 2025, &[Set("placed.csv", 0, "DATE_PLACED", "")]),
    (
        "552",
        2025,
        &[Add("placed.csv", "C3,01/01/2019,01/07/2023,,")],
    ),
    ("553", 2025, &[Del("placed.csv", 0)]),
    (
        "554",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED", "02/03/2023"),
            Set("ad1.csv", 0, "DATE_INT", "02/03/2023"),
        ],
    ),
    ("557", 2025, &[Set("episodes.csv", 4, "REC", "E8")]),
    (
        "558",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/05/2023"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
            Add("placed.csv", "C3,01/01/2019,01/02/2023,01/05/2023,RD1"),
        ],
    ),
    (
        "563",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED", ""),
            Set("placed.csv", 0, "DATE_PLACED_CEASED", "01/05/2024"),
            Set("placed.csv", 0, "REASON_PLACED_CEASED", "RD1"),
        ],
    ),
    (
        "579",
        2025,
        &[Add("placed.csv", "C3,01/01/2019,01/03/2023,,")],
    ),
    (
        "582",
        2025,
        &[Set("ad1.csv", 0, "DATE_MATCH", "15/09/2024")],
    ),
    (
        "583",
        2025,
        &[Add("placed.csv", "C3,01/01/2019,01/01/2023,,")],
    ),
    ("601", 2025, &[Set("ad1.csv", 0, "SEX_ADOPTR", "")]),
    (
        "602",
        2025,
        &[Add(
            "ad1.csv",
            "C1,15/06/2012,01/02/2023,01/05/2023,1,2,MF,L11",
        )],
    ),
    ("630", 2025, &[Del("prevperm.csv", 0)]),
    ("631", 2025, &[Set("prevperm.csv", 0, "PREV_PERM", "P9")]),
    (
        "632",
        2025,
        &[
            Set("prevperm.csv", 0, "PREV_PERM", "P1"),
            Set("prevperm.csv", 0, "LA_PERM", "806"),
            Set("prevperm.csv", 0, "DATE_PERM", "ZZ/ZZ/2024"),
        ],
    ),
    ("633", 2025, &[Set("prevperm.csv", 0, "LA_PERM", "ABC")]),
    ("634", 2025, &[Add("prevperm.csv", "C1,15/06/2012,Z1,,")]),
    (
        "635",
        2025,
        &[
            Set("prevperm.csv", 0, "PREV_PERM", ""),
            Set("prevperm.csv", 0, "LA_PERM", "806"),
        ],
    ),
    (
        "1003",
        2025,
        &[
            Set("placed.csv", 0, "DATE_PLACED", "01/01/2022"),
            Set("ad1.csv", 0, "DATE_INT", "01/01/2022"),
        ],
    ),
    ("564", 2025, &[Set("missing.csv", 0, "MIS_START", "")]),
    ("565", 2025, &[Set("missing.csv", 0, "MISSING", "")]),
    (
        "566",
        2025,
        &[
            Set("missing.csv", 0, "MISSING", ""),
            Set("missing.csv", 0, "MIS_START", ""),
        ],
    ),
    (
        "567",
        2025,
        &[Set("missing.csv", 0, "MIS_END", "04/08/2024")],
    ),
    (
        "570",
        2025,
        &[
            Set("missing.csv", 0, "MIS_START", "05/04/2025"),
            Set("missing.csv", 0, "MIS_END", ""),
        ],
    ),
    (
        "571",
        2025,
        &[Set("missing.csv", 0, "MIS_END", "07/04/2025")],
    ),
    (
        "574",
        2025,
        &[Add("missing.csv", "C1,15/06/2012,A,06/08/2024,08/08/2024")],
    ),
    (
        "575",
        2025,
        &[Add("missing.csv", "C3,01/01/2019,M,01/07/2024,")],
    ),
    (
        "577",
        2025,
        &[Add("missing.csv", "C3,01/01/2019,M,01/09/2024,")],
    ),
    (
        "578",
        2025,
        &[Add("missing.csv", "C3,01/01/2019,M,01/10/2024,02/10/2024")],
    ),
    (
        "580",
        2025,
        &[Add("missing.csv", "C3,15/09/2006,M,01/09/2024,15/09/2024")],
    ),
    (
        "581",
        2025,
        &[Add("missing.csv", "C2,03/03/2020,M,01/05/2024,02/05/2024")],
    ),
    ("586", 2025, &[Set("missing.csv", 0, "DOB", "05/08/2024")]),
    ("1004", 2025, &[Set("missing.csv", 0, "MIS_START", "x")]),
    ("1005", 2025, &[Set("missing.csv", 0, "MIS_END", "x")]),
    ("1006", 2025, &[Set("missing.csv", 0, "MISSING", "Z")]),
    ("SW01aSTG1", 2025, &[Set("sw.csv", 0, "SW_ID", "")]),
    ("SW01bSTG1", 2025, &[Set("sw.csv", 1, "SW_REASON", "")]),
    ("SW02STG1", 2025, &[Set("sw.csv", 0, "SW_ID", "AB1")]),
    (
        "SW04STG1",
        2025,
        &[Set("sw.csv", 0, "SW_DECOM", "10/13/2022")],
    ),
    ("SW05STG1", 2025, &[Set("sw.csv", 0, "SW_DEC", "x")]),
    (
        "SW06STG2",
        2025,
        &[Set("sw.csv", 1, "SW_DECOM", "01/04/2025")],
    ),
    (
        "SW07STG2",
        2025,
        &[Set("sw.csv", 2, "SW_DEC", "01/04/2025")],
    ),
    (
        "SW08STG2",
        2025,
        &[Add("sw.csv", "C1,15/06/2012,SW009,01/05/2024,,MANAGE")],
    ),
    (
        "SW09STG2",
        2025,
        &[Set("sw.csv", 1, "SW_DEC", "10/05/2024")],
    ),
    (
        "SW10STG2",
        2025,
        &[Add("sw.csv", "C3,01/01/2019,SW009,01/10/2024,,MANAGE")],
    ),
    (
        "SW10aSTG2",
        2026,
        &[Add("sw.csv", "C3,01/01/2019,SW009,01/10/2024,,")],
    ),
    (
        "SW10bSTG2",
        2026,
        &[Add("sw.csv", "C3,01/01/2019,SW009,01/09/2024,,FCONTA")],
    ),
    (
        "SW11bSTG2",
        2025,
        &[Set("sw.csv", 2, "SW_DEC", "28/03/2025")],
    ),
    ("SW12STG2", 2025, &[Del("sw.csv", 1)]),
    ("SW13STG1", 2025, &[Set("sw.csv", 0, "SW_REASON", "BOSSES")]),
    ("SW17STG2", 2026, &[]),
    (
        "SW18STG2",
        2026,
        &[Set("sw.csv", 2, "SW_DEC", "01/01/2022")],
    ),
    (
        "SW19STG2",
        2026,
        &[Add("sw.csv", "C1,15/06/2012,SW009,10/01/2022,,MANAGE")],
    ),
    (
        "EPI",
        2025,
        &[Add("header.csv", "C7,M,01/01/2015,WBRI,UN2,,")],
    ),
    (
        "INT01",
        2025,
        &[Add(
            "ad1.csv",
            "C9,01/01/2019,01/02/2023,01/05/2023,1,2,MF,L11",
        )],
    ),
    (
        "INT02",
        2025,
        &[Add("placed.csv", "C9,01/01/2019,01/02/2023,,")],
    ),
    (
        "INT03",
        2025,
        &[Add(
            "episodes.csv",
            "C9,01/06/2024,S,V2,N4,K2,PR4,,,,AB1 2,CD3 4,SC1",
        )],
    ),
    (
        "INT04",
        2025,
        &[Add("missing.csv", "C9,15/06/2012,M,05/08/2024,07/08/2024")],
    ),
    (
        "INT05",
        2025,
        &[Add("oc2.csv", "C9,15/06/2012,12,,0,,1,1,1,0,,")],
    ),
    ("INT06", 2025, &[Add("oc3.csv", "C9,10/10/2005,YES,F2,D1")]),
    ("INT07", 2025, &[Add("prevperm.csv", "C9,03/03/2020,Z1,,")]),
    (
        "INT08",
        2025,
        &[Add("reviews.csv", "C9,15/06/2012,01/07/2024,PN1")],
    ),
    ("INT09", 2025, &[Add("uasc.csv", "C9,M,01/01/2008,")]),
    ("INT11", 2025, &[Set("ad1.csv", 0, "DOB", "02/01/2019")]),
    ("INT12", 2025, &[Set("placed.csv", 0, "DOB", "02/01/2019")]),
    ("INT13", 2025, &[Set("missing.csv", 0, "DOB", "16/06/2012")]),
    ("INT14", 2025, &[Set("oc2.csv", 0, "DOB", "16/06/2012")]),
    ("INT15", 2025, &[Set("oc3.csv", 0, "DOB", "11/10/2005")]),
    (
        "INT16",
        2025,
        &[Set("prevperm.csv", 0, "DOB", "04/03/2020")],
    ),
    ("INT17", 2025, &[Set("reviews.csv", 0, "DOB", "16/06/2012")]),
    ("INT18", 2025, &[Set("uasc.csv", 0, "DOB", "02/01/2008")]),
    ("INT21", 2025, &[Set("uasc.csv", 0, "SEX", "F")]),
    (
        "INT31",
        2025,
        &[Add(
            "ad1.csv",
            "C3,01/01/2019,01/02/2023,01/05/2023,1,2,MF,L11",
        )],
    ),
    (
        "INT32",
        2025,
        &[Add("header.csv", "C1,F,15/06/2012,WBRI,A123456789012,0,")],
    ),
    (
        "INT33",
        2025,
        &[Add("oc2.csv", "C1,15/06/2012,12,,0,,1,1,1,0,,")],
    ),
    ("INT34", 2025, &[Add("oc3.csv", "C4,10/10/2005,YES,F2,D1")]),
    ("INT35", 2025, &[Add("prevperm.csv", "C2,03/03/2020,Z1,,")]),
    (
        "INT36",
        2025,
        &[Add("uasc.csv", "C5,M,01/01/2008,01/01/2026")],
    ),
    (
        "1012",
        2025,
        &[Add("reviews.csv", "C4,10/10/2005,01/07/2024,PN1")],
    ),
    ("444", 2026, &[Set("header.csv", 1, "UPN", "A123456789012")]),
    (
        "199",
        2025,
        &[Add(
            "episodes.csv",
            "C3,01/10/2024,S,C2,N1,U6,PR1,,,,KL1 2,MN3 4,SC444444",
        )],
    ),
];

#[test]
fn every_rule_fails_on_its_case_and_only_its_case_changes_it() {
    let base = fixture();
    let mut failures = Vec::new();
    for (rule, year, edits) in CASES {
        let y = CollectionYear(*year);
        let before = codes(&base, None, y);
        let after = codes(&edited(edits), None, y);
        let newly = after.iter().any(|c| c == rule) && !before.iter().any(|c| c == rule);
        let always = edits.is_empty() && after.iter().any(|c| c == rule);
        if !(newly || always) {
            failures.push(format!("{rule} ({year}): not raised; raised {after:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_without_last_year_has_a_case() {
    let mut missing = Vec::new();
    for year in [2024, 2025, 2026] {
        for code in crate::rules::rule_codes(CollectionYear(year), false) {
            if !CASES.iter().any(|(r, _, _)| *r == code) {
                missing.push(code);
            }
        }
    }
    missing.sort_unstable();
    missing.dedup();
    assert!(missing.is_empty(), "rules without a test case: {missing:?}");
}

#[test]
fn the_fixture_passes_in_2023_24_with_numeric_sex() {
    let ret = edited(&[
        Set("header.csv", 0, "SEX", "2"),
        Set("header.csv", 1, "SEX", "1"),
        Set("header.csv", 2, "SEX", "2"),
        Set("header.csv", 3, "SEX", "1"),
        Set("header.csv", 4, "SEX", "1"),
        Set("header.csv", 5, "SEX", "2"),
        Set("uasc.csv", 0, "SEX", "1"),
    ]);
    // The fixture is a 2024/25 return; in 2023/24 its dates fall later than the
    // year, so only the date rules may complain, never the code lists.
    let found = crate::rules::validate(&ret, CollectionYear(2024));
    assert!(
        found
            .iter()
            .all(|f| !["101", "146", "165", "174", "393", "607", "612"].contains(&f.rule.as_str())),
        "{found:#?}"
    );
    // And the 2024/25 letters are refused in 2023/24.
    let found = crate::rules::validate(&fixture(), CollectionYear(2024));
    assert!(found.iter().any(|f| f.rule == "101"));
}

#[test]
fn findings_name_table_row_child_and_message() {
    let ret = edited(&[Set("episodes.csv", 1, "RNE", "X")]);
    let found = crate::rules::validate(&ret, Y2025);
    let f = found.iter().find(|f| f.rule == "143").unwrap();
    assert_eq!(f.table.as_deref(), Some("episodes"));
    assert_eq!(f.row, Some(3));
    assert_eq!(f.child.as_deref(), Some("C2"));
    assert_eq!(f.fields, vec!["RNE"]);
    assert!(!f.message.is_empty());
}

#[test]
fn tables_not_supplied_skip_their_rules() {
    let mut ret = fixture();
    ret.supplied.remove(&Table::Oc2);
    ret.oc2.clear();
    // Without OC2 supplied, 191 (OC2 missing for a child in the cohort) cannot run.
    assert!(
        crate::rules::validate(&ret, Y2025)
            .iter()
            .all(|f| f.rule != "191")
    );
}

#[test]
fn findings_are_sorted_by_rule_table_row() {
    let ret = edited(&[
        Set("episodes.csv", 2, "RNE", "X"),
        Set("episodes.csv", 0, "RNE", "X"),
        Set("header.csv", 0, "ETHNIC", "X"),
    ]);
    let found = crate::rules::validate(&ret, Y2025);
    let keys: Vec<_> = found
        .iter()
        .map(|f| (crate::rules::rule_order(&f.rule), f.table.clone(), f.row))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

// ---- rules comparing with last year's return ----

/// Last year's return: the fixture moved back a year is not needed; each case
/// builds last year's tables directly.
fn prev_of(files: &[(&str, &str)]) -> Return903 {
    read_strs(files).unwrap()
}

const PREV_HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
const PREV_EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

#[test]
fn previous_year_rules_fail_and_pass() {
    let this = fixture();
    // (rule, last year's header rows, last year's episode rows, extra files, must fail)
    let cases: &[(&str, &str, &str, bool)] = &[
        ("202", "C1,M,15/06/2012,WBRI,A123456789012,0,", "", true),
        ("202", "C1,F,15/06/2012,WBRI,A123456789012,0,", "", false),
        ("203", "C1,F,16/06/2012,WBRI,A123456789012,0,", "", true),
        ("204", "C1,F,15/06/2012,WIRI,A123456789012,0,", "", true),
        ("208", "C1,F,15/06/2012,WBRI,D123456789099,0,", "", true),
        ("208", "C1,F,15/06/2012,WBRI,UN2,0,", "", false),
        (
            "207",
            "C1,F,15/06/2012,WBRI,A123456789012,1,01/01/2011",
            "",
            true,
        ),
        (
            "624",
            "C1,F,15/06/2012,WBRI,A123456789012,1,01/01/2011",
            "",
            true,
        ),
        (
            "502",
            "",
            "C1,01/06/2023,P,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            false,
        ),
        (
            "502",
            "",
            "C1,02/06/2023,P,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503A",
            "",
            "C1,01/06/2023,T,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503B",
            "",
            "C1,01/06/2023,P,C1,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503C",
            "",
            "C1,01/06/2023,P,C2,N2,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503D",
            "",
            "C1,01/06/2023,P,C2,N1,U6,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503E",
            "",
            "C1,01/06/2023,P,C2,N1,U4,PR4,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "503F",
            "",
            "C1,01/06/2023,P,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC999999",
            true,
        ),
        (
            "562",
            "",
            "C1,01/06/2023,P,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "NoE",
            "",
            "C2,01/06/2023,S,C2,N1,U4,PR1,01/07/2023,E8,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "1002",
            "",
            "C2,01/06/2023,S,C2,N1,U4,PR1,01/07/2023,E8,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "1010",
            "",
            "C4,01/06/2022,S,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "1001",
            "",
            "C4,01/06/2022,S,C2,N1,U4,PR1,10/10/2023,E8,,AB1 2,EF5 6,SC222222",
            false,
        ),
        (
            "1001",
            "",
            "C4,01/09/2023,S,C2,N1,U4,PR1,10/10/2023,E8,,AB1 2,EF5 6,SC222222",
            true,
        ),
        (
            "199",
            "",
            "C3,01/02/2021,S,C2,N1,U6,PR1,01/01/2022,E11,,AB1 2,EF5 6,SC222222",
            true,
        ),
    ];
    for (rule, h, e, fail) in cases {
        let header = format!("{PREV_HEADER}{h}\n");
        let episodes = format!("{PREV_EPISODES}{e}\n");
        let prev = prev_of(&[("h.csv", &header), ("e.csv", &episodes)]);
        let found = codes(&this, Some(&prev), Y2025);
        assert_eq!(found.iter().any(|c| c == rule), *fail, "{rule}: {found:?}");
    }
    // Other tables.
    let with = |files: &[(&str, &str)]| {
        let mut all = vec![("h.csv", PREV_HEADER), ("e.csv", PREV_EPISODES)];
        all.extend_from_slice(files);
        codes(&this, Some(&prev_of(&all)), Y2025)
    };
    let uasc_prev = "CHILD,SEX,DOB,DUC\nC5,M,01/01/2008,01/01/2026\n";
    assert!(
        !with(&[("u.csv", uasc_prev)])
            .iter()
            .any(|c| c.starts_with("205"))
    );
    assert!(
        with(&[("u.csv", "CHILD,SEX,DOB,DUC\nC5,M,01/01/2008,01/05/2024\n")])
            .iter()
            .any(|c| c == "205B")
    );
    let c1_uasc = edited(&[Add("uasc.csv", "C1,F,15/06/2012,")]);
    let prev = prev_of(&[
        (
            "h.csv",
            &format!("{PREV_HEADER}C1,F,15/06/2012,WBRI,A123456789012,0,\n"),
        ),
        ("u.csv", "CHILD,SEX,DOB,DUC\n"),
    ]);
    assert!(
        codes(&c1_uasc, Some(&prev), Y2025)
            .iter()
            .any(|c| c == "205D")
    );
    let prev = prev_of(&[
        (
            "h.csv",
            &format!("{PREV_HEADER}C1,F,15/06/2012,WBRI,A123456789012,0,\n"),
        ),
        ("u.csv", "CHILD,SEX,DOB,DUC\nC1,F,15/06/2012,01/01/2020\n"),
    ]);
    assert!(
        codes(&fixture(), Some(&prev), Y2025)
            .iter()
            .any(|c| c == "205A")
    );
    // 205B: last year's DUC was the 18th birthday, this year's is blank.
    let blank_duc = edited(&[Set("uasc.csv", 0, "DUC", "")]);
    let prev = prev_of(&[("u.csv", uasc_prev)]);
    assert!(
        codes(&blank_duc, Some(&prev), Y2025)
            .iter()
            .any(|c| c == "205B")
    );
    // 1001: an episode open at last 31 March is in both files and counts
    // once (31 days in care after 14 is too few).
    let both = edited(&[Add(
        "episodes.csv",
        "C4,01/03/2024,S,C2,N1,U4,PR1,01/04/2024,E8,,AB1 2,EF5 6,SC1",
    )]);
    let prev = prev_of(&[(
        "e.csv",
        &format!("{PREV_EPISODES}C4,01/03/2024,S,C2,N1,U4,PR1,,,,AB1 2,EF5 6,SC1\n"),
    )]);
    assert!(codes(&both, Some(&prev), Y2025).iter().any(|c| c == "1001"));
    let pa = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n";
    assert!(with(&[("p.csv", pa)]).iter().any(|c| c == "559"));
    assert!(
        !with(&[("p.csv", &format!("{pa}C3,01/01/2019,01/02/2023,,\n"))])
            .iter()
            .any(|c| c == "559" || c == "560")
    );
    assert!(
        with(&[("p.csv", &format!("{pa}C3,01/01/2019,01/01/2023,,\n"))])
            .iter()
            .any(|c| c == "560")
    );
    assert!(
        with(&[(
            "p.csv",
            &format!("{pa}C3,01/01/2019,01/02/2023,01/03/2023,RD1\n")
        )])
        .iter()
        .any(|c| c == "561")
    );
    assert!(
        with(&[(
            "p.csv",
            &format!("{pa}C3,01/01/2019,01/03/2023,01/04/2023,RD1\n")
        )])
        .iter()
        .any(|c| c == "584")
    );
    let mis = "CHILD,DOB,MISSING,MIS_START,MIS_END\n";
    assert!(
        with(&[("m.csv", &format!("{mis}C1,15/06/2012,M,01/03/2024,\n"))])
            .iter()
            .any(|c| c == "576")
    );
    assert!(
        !with(&[(
            "m.csv",
            &format!("{mis}C1,15/06/2012,M,01/03/2024,02/03/2024\n")
        )])
        .iter()
        .any(|c| c == "576")
    );
    let mother = edited(&[
        Set("header.csv", 0, "MOTHER", "1"),
        Set("header.csv", 0, "MC_DOB", "01/01/2024"),
    ]);
    let prev = prev_of(&[(
        "h.csv",
        &format!("{PREV_HEADER}C1,F,15/06/2012,WBRI,A123456789012,0,\n"),
    )]);
    assert!(
        codes(&mother, Some(&prev), Y2025)
            .iter()
            .any(|c| c == "626")
    );
    let oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n";
    let died = edited(&[Set("oc3.csv", 0, "IN_TOUCH", "NO")]);
    let prev = prev_of(&[("o.csv", &format!("{oc3}C4,10/10/2005,DIED,0,0\n"))]);
    assert!(
        codes(&died, Some(&prev), CollectionYear(2026))
            .iter()
            .any(|c| c == "348")
    );
}
