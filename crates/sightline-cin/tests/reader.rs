//! The reader on real-shaped and hostile files.

use std::path::{Path, PathBuf};

use sightline_cin::model::*;
use sightline_cin::reader::read_bytes;
use sightline_cin::{ReadError, read_file, validate, validate_file, write_file};
use sightline_domain::calendar::CollectionYear;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn example_document_gives_the_peer_table_counts() {
    let c = read_file(&data("example.xml")).unwrap();
    let eps: Vec<&CinEpisode> = c.children.iter().flat_map(|c| &c.episodes).collect();
    let count = |f: &dyn Fn(&CinEpisode) -> usize| eps.iter().map(|e| f(e)).sum::<usize>();
    assert_eq!(c.children.len(), 2);
    assert_eq!(
        c.children
            .iter()
            .map(|c| c.disabilities.as_ref().map_or(0, Vec::len))
            .sum::<usize>(),
        3
    );
    assert_eq!(eps.len(), 3);
    assert_eq!(count(&|e| e.assessments.len()), 2);
    assert_eq!(
        count(&|e| e.assessments.iter().map(|a| a.factor_list().len()).sum()),
        4
    );
    assert_eq!(count(&|e| e.cin_plans.len()), 2);
    assert_eq!(count(&|e| e.section47s.len()), 1);
    assert_eq!(count(&|e| e.cp_plans.len()), 1);
    assert_eq!(
        count(&|e| e.cp_plans.iter().map(|p| p.reviews.len()).sum()),
        2
    );
    assert_eq!(c.header.lea.as_deref(), Some("201"));
    assert_eq!(c.children[1].position, 2);
    // Only the LA-level 2887Q, as the spec says.
    let f = validate(&c, CollectionYear(2025));
    assert_eq!(
        f.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        vec!["2887Q"]
    );
}

#[test]
fn both_reviews_shapes_are_read() {
    let one = br#"<Message><Children><Child><CINdetails><ChildProtectionPlans>
        <Reviews><CPPreviewDate>2024-07-25</CPPreviewDate><CPPreviewDate>2024-10-25</CPPreviewDate></Reviews>
        <Reviews><CPPreviewDate>2025-01-16</CPPreviewDate></Reviews>
        </ChildProtectionPlans></CINdetails></Child></Children></Message>"#;
    let c = read_bytes(one, Path::new("reviews.xml")).unwrap();
    let p = &c.children[0].episodes[0].cp_plans[0];
    assert_eq!(p.reviews.len(), 3);
    assert!(p.reviews.iter().all(Field::is_valid));
    // An empty Reviews group is a review with no date (8842Q).
    let empty = br#"<Message><Children><Child><CINdetails><ChildProtectionPlans>
        <Reviews></Reviews><Reviews><CPPreviewDate>2025-01-16</CPPreviewDate></Reviews>
        </ChildProtectionPlans></CINdetails></Child></Children></Message>"#;
    let c = read_bytes(empty, Path::new("reviews.xml")).unwrap();
    assert_eq!(
        c.children[0].episodes[0].cp_plans[0].reviews,
        vec![
            Field::Absent,
            Field::Valid(chrono::NaiveDate::from_ymd_opt(2025, 1, 16).unwrap())
        ]
    );
    let rules: Vec<String> = validate(&c, CollectionYear(2025))
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert!(rules.iter().any(|r| r == "8842Q"), "{rules:?}");
}

#[test]
fn invalid_values_are_kept_for_the_rules() {
    let x = br#"<Message><Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID>
        <PersonBirthDate>2012-02-30</PersonBirthDate><Sex>m</Sex></ChildIdentifiers>
        <ChildCharacteristics><Ethnicity>WBRI </Ethnicity><Disabilities><Disability>XYZ</Disability></Disabilities></ChildCharacteristics>
        <CINdetails><CINreferralDate/><ReferralNFA>TRUE</ReferralNFA></CINdetails></Child></Children></Message>"#;
    let c = read_bytes(x, Path::new("x.xml")).unwrap();
    let k = &c.children[0];
    assert_eq!(k.birth_date, Field::Invalid("2012-02-30".into()));
    assert_eq!(k.sex, Field::Invalid("m".into()));
    assert!(k.ethnicity.is_valid(), "surrounding spaces are trimmed");
    assert_eq!(
        k.disabilities.as_ref().unwrap()[0],
        Field::Invalid("XYZ".into())
    );
    assert_eq!(
        k.episodes[0].referral_date,
        Field::Absent,
        "an empty element is absent"
    );
    assert_eq!(k.episodes[0].referral_nfa, Field::Invalid("TRUE".into()));
    let rules: Vec<String> = validate(&c, CollectionYear(2025))
        .into_iter()
        .map(|f| f.rule)
        .collect();
    for r in ["4180", "8600", "8568", "8525Q"] {
        assert!(rules.iter().any(|x| x == r), "{r} missing from {rules:?}");
    }
}

#[test]
fn every_malformed_file_gives_its_one_line_error() {
    let dir = data("malformed");
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
    {
        let expected = std::fs::read_to_string(p.with_extension("expected")).unwrap();
        let expected = expected.trim();
        let err = read_file(p).expect_err(&format!("{} should not read", p.display()));
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "{}: not one line: {msg}", p.display());
        assert!(
            msg.starts_with(&p.display().to_string()),
            "{msg} should name the file"
        );
        assert!(
            msg.contains(expected),
            "{}:\n  got      {msg}\n  expected {expected}",
            p.display()
        );
        assert!(matches!(err, ReadError::Malformed { .. }));
        // The streaming validator reports the same error.
        assert_eq!(validate_file(p, CollectionYear(2025)).unwrap_err(), err);
        n += 1;
    }
    assert!(n >= 20, "only {n} malformed files");
}

#[test]
fn errors_give_line_and_byte() {
    let err = read_file(&data("malformed/billion_laughs.xml")).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Malformed {
                line: 2,
                byte: 22,
                ..
            }
        ),
        "{err}"
    );
    let err = read_file(&data("missing.xml")).unwrap_err();
    assert!(matches!(err, ReadError::Io { .. }), "{err}");
}

#[test]
fn write_then_read_gives_the_same_census() {
    let c = read_file(&data("example.xml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xml");
    write_file(&c, &out).unwrap();
    let back = read_file(&out).unwrap();
    assert_eq!(back.header, c.header);
    assert_eq!(back.children, c.children);
    // Element order and one Reviews per review, as the spec's example.
    let text = std::fs::read_to_string(&out).unwrap();
    let original = std::fs::read_to_string(data("example.xml")).unwrap();
    let strip = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(strip(&text), strip(&original));
}

/// More children than one batch, with ids repeated across batches: the
/// streaming validator finds exactly what the in-memory one finds.
#[test]
fn streaming_validation_matches_in_memory_validation_across_batches() {
    let base = read_file(&data("roundtrip.xml")).unwrap();
    let mut census = CinCensus {
        source: None,
        header: base.header.clone(),
        children: Vec::new(),
    };
    let n = sightline_cin::BATCH * 2 + 100;
    for i in 0..n {
        let mut c = base.children[i % base.children.len()].clone();
        // Every 5,000th child reuses an id and a UPN from the first batch.
        c.la_child_id = Some(if i % 5000 == 4999 {
            "C7".to_string()
        } else {
            format!("C{i}")
        });
        if i % 5000 != 4999 {
            c.upn = None;
        }
        if i % 97 == 0 {
            c.episodes[0].referral_nfa = Field::Invalid("yes".into());
        }
        c.position = i + 1;
        census.children.push(c);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xml");
    write_file(&census, &path).unwrap();
    let key = |f: &sightline_exchange::Finding| (f.rule.clone(), f.path.clone(), f.child.clone());
    let mut streamed: Vec<_> = validate_file(&path, CollectionYear(2025))
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let mut in_memory: Vec<_> = validate(&read_file(&path).unwrap(), CollectionYear(2025))
        .iter()
        .map(key)
        .collect();
    streamed.sort();
    in_memory.sort();
    assert_eq!(streamed.len(), in_memory.len());
    assert!(streamed == in_memory);
    let dups = streamed.iter().filter(|(r, _, _)| r == "8510").count();
    assert_eq!(
        dups, 4,
        "the first C7 and its three repeats, each in a later batch"
    );
    assert!(streamed.iter().any(|(r, _, _)| r == "8568"));
}
