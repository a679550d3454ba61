//! Generated children: writing then reading gives them back, validation
//! never panics, and no byte sequence makes the reader panic.

use std::path::Path;

use proptest::prelude::*;
use sightline_cin::model::*;
use sightline_cin::reader::read_bytes;
use sightline_cin::validate;
use sightline_cin::writer::write_to;
use sightline_domain::calendar::{CollectionYear, Date};
use sightline_domain::codes::*;

/// Text that is never a valid value of any field (lower-case letters around
/// characters that must be escaped in XML or are not ASCII).
fn junk() -> impl Strategy<Value = String> {
    "[a-z]{1,3}[<>&'\" é]{0,2}[a-z]{1,3}"
}

fn date() -> impl Strategy<Value = Date> {
    (0i64..12_000).prop_map(|n| {
        chrono::NaiveDate::from_ymd_opt(1995, 1, 1).unwrap() + chrono::Duration::days(n)
    })
}

fn field<T: std::fmt::Debug + Clone + 'static>(
    valid: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Field<T>> {
    prop_oneof![
        2 => Just(Field::Absent),
        6 => valid.prop_map(Field::Valid),
        1 => junk().prop_map(Field::Invalid),
    ]
    .boxed()
}

fn code<T: CodeList + std::fmt::Debug>() -> BoxedStrategy<Field<T>> {
    field(prop::sample::select(T::ALL))
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[A-Za-z0-9]{1,22}|[a-z]{1,3}[<&> ][a-z]{1,3}")
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (
        field(date()),
        field(date()),
        field(date()),
        prop::option::of(prop::collection::vec(
            code::<AssessmentFactor>().prop_filter("present", Field::is_present),
            1..4,
        )),
    )
        .prop_map(|(start, internal_review, authorised, factors)| Assessment {
            start,
            internal_review,
            authorised,
            factors,
        })
}

fn episode() -> impl Strategy<Value = CinEpisode> {
    (
        (
            field(date()),
            code::<ReferralSource>(),
            code::<PrimaryNeed>(),
            field(date()),
            code::<ReasonForClosure>(),
            field(date()),
        ),
        prop::collection::vec(assessment(), 0..3),
        prop::collection::vec(
            (field(date()), field(date())).prop_map(|(start, end)| CinPlanDates { start, end }),
            0..2,
        ),
        prop::collection::vec(
            (
                field(date()),
                field(date()),
                field(date()),
                field(any::<bool>()),
            )
                .prop_map(|(start, icpc_target, icpc_date, icpc_not_required)| {
                    Section47 {
                        start,
                        icpc_target,
                        icpc_date,
                        icpc_not_required,
                    }
                }),
            0..2,
        ),
        field(any::<bool>()),
        prop::collection::vec(
            (
                field(date()),
                field(date()),
                code::<CategoryOfAbuse>(),
                code::<CategoryOfAbuse>(),
                field(0u32..20),
                prop::collection::vec(
                    field(date()).prop_filter("present", Field::is_present),
                    0..3,
                ),
            )
                .prop_map(
                    |(start, end, initial_category, latest_category, previous_plans, reviews)| {
                        CpPlan {
                            start,
                            end,
                            initial_category,
                            latest_category,
                            previous_plans,
                            reviews,
                        }
                    },
                ),
            0..2,
        ),
    )
        .prop_map(
            |(
                (
                    referral_date,
                    referral_source,
                    primary_need,
                    closure_date,
                    reason_for_closure,
                    icpc_date,
                ),
                assessments,
                cin_plans,
                section47s,
                referral_nfa,
                cp_plans,
            )| CinEpisode {
                referral_date,
                referral_source,
                primary_need,
                closure_date,
                reason_for_closure,
                icpc_date,
                assessments,
                cin_plans,
                section47s,
                referral_nfa,
                cp_plans,
            },
        )
}

fn child() -> impl Strategy<Value = CinChild> {
    (
        (
            text(),
            text(),
            text(),
            code::<UpnUnknown>(),
            field(date()),
            field(date()),
            code::<Sex>(),
            field(date()),
        ),
        code::<Ethnicity>(),
        prop::option::of(prop::collection::vec(
            code::<Disability>().prop_filter("present", Field::is_present),
            1..4,
        )),
        prop::collection::vec(episode(), 0..3),
    )
        .prop_map(
            |(
                (
                    la_child_id,
                    upn,
                    former_upn,
                    upn_unknown,
                    birth_date,
                    expected_birth_date,
                    sex,
                    death_date,
                ),
                ethnicity,
                disabilities,
                episodes,
            )| CinChild {
                position: 0,
                la_child_id,
                upn,
                former_upn,
                upn_unknown,
                birth_date,
                expected_birth_date,
                sex,
                gender_current: Field::Absent,
                death_date,
                ethnicity,
                // The writer always writes Disabilities (NONE when empty).
                disabilities: Some(
                    disabilities.unwrap_or_else(|| vec![Field::Valid(Disability::None)]),
                ),
                episodes,
            },
        )
}

fn census(children: Vec<CinChild>) -> CinCensus {
    CinCensus {
        source: Some("prop.xml".into()),
        header: Header {
            year: Field::Valid(2025),
            reference_date: Field::Valid(chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()),
            ..Default::default()
        },
        children: children
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c.position = i + 1;
                c
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn write_then_read_gives_the_children_back(children in prop::collection::vec(child(), 1..6)) {
        let c = census(children);
        let mut buf = Vec::new();
        write_to(&c, &mut buf).unwrap();
        let back = read_bytes(&buf, Path::new("prop.xml")).unwrap();
        prop_assert_eq!(&back.children, &c.children);
        for year in [2024, 2025, 2026] {
            let _ = validate(&back, CollectionYear(year));
        }
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_bytes(&bytes, Path::new("junk.xml"));
    }

    #[test]
    fn damaged_census_never_panics(children in prop::collection::vec(child(), 1..3), cut in 0usize..4000, flip in 0usize..4000, byte in any::<u8>()) {
        let mut buf = Vec::new();
        write_to(&census(children), &mut buf).unwrap();
        let n = buf.len();
        buf[flip % n] = byte;
        buf.truncate(cut % (n + 1));
        if let Ok(c) = read_bytes(&buf, Path::new("damaged.xml")) {
            let _ = validate(&c, CollectionYear(2025));
        }
    }
}
