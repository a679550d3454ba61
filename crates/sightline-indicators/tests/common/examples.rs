//! The worked examples of `indicators.md` §5 as councils. Each function
//! builds exactly the records of its table; the expected answers are in the
//! tests that use them, worked by hand there.

use super::*;
use sightline_domain::{ConferenceKind, Council, Employment, WorkerRole};

/// §5.2: cla_count and rate, E = 31/03/2016, population 2,500.
pub fn cla_count_5_2() -> Council {
    let mut c1 = child("C1", "01/01/2010");
    c1.episodes = vec![ep(1, "01/04/2015", "", "", "S", "C2", "U4")];
    let mut c2 = child("C2", "01/01/2010");
    c2.episodes = vec![ep(1, "10/01/2016", "31/03/2016", "E4A", "S", "C2", "U4")];
    let mut c3 = child("C3", "01/01/2010");
    c3.episodes = vec![ep(1, "31/03/2016", "", "", "S", "C1", "U4")];
    let mut c4 = child("C4", "01/01/2010");
    c4.episodes = vec![ep(1, "01/02/2016", "", "", "S", "V3", "U4")];
    // Turned 18 on 20/03/2016: the episode ends on the birthday.
    let mut c5 = child("C5", "20/03/1998");
    c5.episodes = vec![ep(1, "05/05/2014", "20/03/2016", "E8", "S", "C2", "U4")];
    let mut c6 = child("C6", "01/01/2010");
    c6.episodes = vec![
        ep(1, "01/09/2015", "15/02/2016", "X1", "S", "C2", "U4"),
        ep(2, "15/02/2016", "", "", "L", "E1", "U4"),
    ];
    let mut c = council(vec![c1, c2, c3, c4, c5, c6]);
    c.population_0_17 = 2500;
    c
}

/// §5.3: CIN and CP counts, E = 31/03/2016, population 400.
pub fn cin_cp_5_3() -> Council {
    let mut n1 = child("N1", "01/01/2012");
    n1.referrals = vec![referral(1, "01/02/2016", "", false)];
    n1.cp_plans = vec![plan(1, "20/02/2016", "")];
    let mut n2 = child("N2", "01/01/2012");
    n2.referrals = vec![referral(1, "10/03/2016", "31/03/2016", false)];
    let mut n3 = child("N3", "01/01/2012");
    n3.referrals = vec![referral(1, "31/03/2016", "31/03/2016", true)];
    let mut n4 = unborn("N4", "20/05/2016");
    n4.referrals = vec![referral(1, "15/01/2016", "", false)];
    n4.cp_plans = vec![plan(1, "01/03/2016", "31/03/2016")];
    let mut n5 = child("N5", "01/01/2012");
    n5.referrals = vec![referral(1, "01/11/2015", "", false)];
    n5.cp_plans = vec![plan(1, "05/12/2015", "")];
    let mut n6 = child("N6", "01/01/2012");
    n6.referrals = vec![referral(1, "20/12/2015", "29/02/2016", false)];
    let mut c = council(vec![n1, n2, n3, n4, n5, n6]);
    c.population_0_17 = 400;
    c
}

/// §5.4: assessments across Easter 2016, E = 30/06/2016.
pub fn assessments_5_4() -> Council {
    let rows = [
        ("A1", "18/03/2016", "24/03/2016", "01/06/2016"),
        ("A2", "18/03/2016", "24/03/2016", "02/06/2016"),
        ("A3", "01/04/2016", "01/04/2016", "01/04/2016"),
        ("A4", "08/03/2016", "10/03/2016", "31/03/2016"),
        // Started on Easter Monday: that day is day 0.
        ("A5", "24/03/2016", "28/03/2016", "31/05/2016"),
        ("A6", "14/06/2016", "15/06/2016", ""),
    ];
    council(
        rows.iter()
            .map(|(id, r, s, a)| {
                let mut c = child(id, "01/01/2012");
                c.referrals = vec![referral(1, r, "", false)];
                c.assessments = vec![assessment(1, 1, s, a)];
                c
            })
            .collect(),
    )
}

fn icpcs(rows: &[(&str, &str, &str)]) -> Council {
    council(
        rows.iter()
            .map(|(id, s, icpc)| {
                let mut c = child(id, "01/01/2012");
                c.referrals = vec![referral(1, s, "", false)];
                c.section47s = vec![s47(1, 1, s)];
                c.conferences = vec![conference(1, ConferenceKind::Initial, icpc, Some(1), None)];
                c
            })
            .collect(),
    )
}

/// §5.5: ICPCs around the 2022 jubilee holidays, E = 30/06/2022.
pub fn icpc_5_5() -> Council {
    icpcs(&[
        ("I1", "27/05/2022", "17/06/2022"),
        ("I2", "26/05/2022", "17/06/2022"),
        ("I3", "01/04/2022", "25/04/2022"),
        ("I4", "08/04/2022", "03/05/2022"),
        ("I5", "24/06/2022", "06/07/2022"),
        ("I6", "06/06/2022", "28/06/2022"),
    ])
}

/// §5.16: ICPCs for the trend, E = 30/09/2016 vs 30/06/2016.
pub fn icpc_trend_5_16() -> Council {
    icpcs(&[
        ("T1", "05/04/2016", "22/04/2016"),
        ("T2", "03/05/2016", "25/05/2016"),
        ("T3", "16/05/2016", "07/06/2016"),
        ("T4", "08/08/2016", "30/08/2016"),
        ("T5", "01/09/2016", "22/09/2016"),
    ])
}

/// §5.6: CP plans lasting 2 years or more, E = 30/09/2016.
pub fn cp_2yrs_5_6() -> Council {
    let rows = [
        ("P1", "15/06/2014", "15/06/2016"),
        ("P2", "16/06/2014", "15/06/2016"),
        ("P3", "01/08/2016", "01/08/2016"),
        ("P4", "10/01/2013", "30/09/2016"),
        ("P5", "01/01/2014", ""),
        ("P6", "01/02/2014", "31/03/2016"),
    ];
    council(
        rows.iter()
            .map(|(id, s, e)| {
                let mut c = child(id, "01/01/2010");
                c.cp_plans = vec![plan(1, s, e)];
                c
            })
            .collect(),
    )
}

/// §5.7: repeat CP plans, E = 30/09/2016. `e_previous` sets child E's
/// NumberOfPreviousCPP (a plan in another council).
pub fn cp_repeat_5_7(e_previous: u16) -> Council {
    let rows: [(&str, &[(&str, &str)]); 6] = [
        ("A", &[("01/01/2013", "30/06/2014"), ("30/06/2016", "")]),
        ("B", &[("01/01/2012", "01/06/2014"), ("02/06/2016", "")]),
        ("C", &[("10/05/2016", "")]),
        ("D", &[("01/02/2016", "20/04/2016"), ("20/04/2016", "")]),
        ("E", &[("15/08/2016", "")]),
        ("F", &[("01/03/2015", "01/03/2016")]),
    ];
    council(
        rows.iter()
            .map(|(id, plans)| {
                let mut c = child(id, "01/01/2010");
                c.cp_plans = plans
                    .iter()
                    .enumerate()
                    .map(|(i, (s, e))| plan(i as i64 + 1, s, e))
                    .collect();
                if *id == "E" {
                    c.cp_plans[0].previous_plans = e_previous;
                }
                c
            })
            .collect(),
    )
}

/// §5.8: CP reviews, E = 30/09/2016, RY.
pub fn cp_reviews_5_8() -> Council {
    let rows: [(&str, &str, &str, &[&str]); 6] = [
        ("R1", "01/07/2016", "", &[]),
        ("R2", "15/03/2016", "", &["15/06/2016"]),
        ("R3", "10/01/2016", "", &["11/04/2016"]),
        (
            "R4",
            "01/06/2015",
            "",
            &["20/08/2015", "19/02/2016", "19/08/2016"],
        ),
        ("R5", "01/02/2016", "15/09/2016", &["01/05/2016"]),
        ("R6", "20/12/2015", "", &[]),
    ];
    council(
        rows.iter()
            .map(|(id, s, e, reviews)| {
                let mut c = child(id, "01/01/2010");
                c.cp_plans = vec![plan(7, s, e)];
                c.conferences = reviews
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        conference(i as i64 + 1, ConferenceKind::Review, r, None, Some(7))
                    })
                    .collect();
                c
            })
            .collect(),
    )
}

/// §5.9: CLA reviews over Easter and Christmas, E = 31/03/2017, RY.
pub fn cla_reviews_5_9() -> Council {
    let rows: [(&str, &str, &str, &[&str]); 5] = [
        (
            "L1",
            "17/03/2016",
            "C2",
            &["18/04/2016", "18/07/2016", "18/01/2017"],
        ),
        ("L2", "01/12/2016", "C2", &["04/01/2017"]),
        ("L3", "10/03/2017", "C2", &[]),
        ("L4", "01/06/2016", "V3", &[]),
        (
            "L5",
            "01/01/2014",
            "C2",
            &[
                "29/01/2014",
                "29/04/2014",
                "29/10/2014",
                "29/04/2015",
                "29/10/2015",
                "29/04/2016",
                "28/10/2016",
            ],
        ),
    ];
    council(
        rows.iter()
            .map(|(id, start, ls, reviews)| {
                let mut c = child(id, "01/01/2008");
                c.episodes = vec![ep(1, start, "", "", "S", ls, "U4")];
                c.cla_reviews = reviews
                    .iter()
                    .enumerate()
                    .map(|(i, r)| cla_review(i as i64 + 1, r))
                    .collect();
                c
            })
            .collect(),
    )
}

/// §5.10: 3+ placements, E = 31/03/2016, YD.
pub fn placements_5_10() -> Council {
    let mut k1 = child("K1", "01/01/2008");
    k1.episodes = vec![
        ep(1, "01/01/2015", "01/06/2015", "X1", "S", "C2", "U1"),
        ep(2, "01/06/2015", "01/09/2015", "X1", "P", "C2", "U4"),
        ep(3, "01/09/2015", "", "", "B", "C2", "K2"),
    ];
    let mut k2 = child("K2", "01/01/2008");
    k2.episodes = vec![
        ep(1, "01/02/2015", "01/05/2015", "X1", "S", "V2", "U4"),
        ep(2, "01/05/2015", "01/07/2015", "X1", "L", "C2", "U4"),
        ep(3, "01/07/2015", "01/10/2015", "X1", "T", "C2", "U5"),
        ep(4, "01/10/2015", "", "", "P", "C2", "U4"),
    ];
    let mut k3 = child("K3", "01/01/2008");
    k3.episodes = vec![
        ep(1, "10/04/2015", "20/06/2015", "E13", "S", "V2", "U4"),
        ep(2, "01/09/2015", "01/12/2015", "X1", "S", "C2", "U4"),
        ep(3, "01/12/2015", "", "", "P", "C2", "K2"),
    ];
    let mut k4 = child("K4", "01/01/2008");
    k4.episodes = vec![ep(1, "01/02/2015", "", "", "S", "V3", "U4")];
    let mut k5 = child("K5", "01/01/2008");
    k5.episodes = vec![ep(1, "01/04/2015", "31/03/2016", "E4A", "S", "C2", "U4")];
    let mut k6 = child("K6", "01/01/2008");
    k6.episodes = vec![
        ep(1, "01/03/2015", "10/08/2015", "X1", "S", "C2", "U4"),
        ep(2, "10/08/2015", "17/08/2015", "X1", "P", "C2", "T4"),
        ep(3, "17/08/2015", "", "", "P", "C2", "U4"),
    ];
    council(vec![k1, k2, k3, k4, k5, k6])
}

/// §5.11: long-term stability, E = 31/03/2016, EP.
pub fn stability_5_11() -> Council {
    let mut m1 = child("M1", "01/04/2005");
    m1.episodes = vec![
        ep(1, "01/06/2012", "01/02/2014", "X1", "S", "C2", "U6"),
        ep(2, "01/02/2014", "", "", "P", "C2", "U4"),
    ];
    let mut m2 = child("M2", "15/06/2006");
    m2.episodes = vec![
        ep(1, "30/09/2013", "01/04/2014", "X1", "S", "C2", "U6"),
        ep(2, "01/04/2014", "", "", "P", "C2", "U4"),
    ];
    let mut m3 = child("M3", "31/03/2000");
    m3.episodes = vec![ep(1, "01/01/2010", "", "", "S", "C2", "U4")];
    let mut m4 = child("M4", "01/01/2008");
    m4.episodes = vec![ep(1, "01/10/2013", "", "", "S", "C2", "U4")];
    let mut m5 = child("M5", "01/01/2010");
    m5.episodes = vec![
        ep(1, "01/05/2012", "01/06/2013", "X1", "S", "C2", "U6"),
        ep(2, "01/06/2013", "01/09/2015", "X1", "P", "C2", "U4"),
        ep(3, "01/09/2015", "", "", "P", "E1", "A4"),
    ];
    let mut m6 = child("M6", "01/07/2007");
    m6.episodes = vec![
        ep(1, "01/01/2011", "01/03/2013", "X1", "S", "C2", "U6"),
        ep(2, "01/03/2013", "01/01/2015", "X1", "P", "C2", "U4"),
        ep(3, "01/01/2015", "", "", "L", "E1", "U4"),
    ];
    council(vec![m1, m2, m3, m4, m5, m6])
}

/// §5.12: adoptions, E = 30/09/2016, Q.
pub fn adoption_5_12() -> Council {
    let mut a = child("ADa", "01/01/2014");
    a.episodes = vec![
        ep(1, "01/02/2015", "10/11/2015", "X1", "S", "C2", "U6"),
        ep(2, "10/11/2015", "20/03/2016", "X1", "L", "E1", "U6"),
        ep(3, "20/03/2016", "15/08/2016", "E11", "P", "E1", "A4"),
    ];
    a.adoption = Some(adoption("01/09/2015", "01/03/2016", false));
    let mut b = child("ADb", "01/01/2013");
    b.episodes = vec![
        ep(1, "10/05/2014", "05/02/2015", "X1", "S", "C2", "U6"),
        ep(2, "05/02/2015", "15/02/2016", "X1", "L", "E1", "U6"),
        ep(3, "15/02/2016", "01/09/2016", "E12", "P", "E1", "A4"),
    ];
    b.adoption = Some(adoption("05/01/2015", "20/01/2016", false));
    let mut c = child("ADc", "01/01/2014");
    c.episodes = vec![
        ep(1, "01/03/2015", "01/04/2015", "X1", "S", "C1", "U6"),
        ep(2, "01/04/2015", "01/12/2015", "X1", "P", "C2", "U5"),
        ep(3, "01/12/2015", "10/01/2016", "X1", "L", "E1", "U5"),
        ep(4, "10/01/2016", "30/09/2016", "E11", "T", "E1", "A3"),
    ];
    c.adoption = Some(adoption("01/10/2015", "15/11/2015", true));
    let mut dd = child("ADd", "01/01/2014");
    dd.episodes = vec![
        ep(1, "01/01/2015", "01/07/2015", "X1", "S", "C2", "U6"),
        ep(2, "01/07/2015", "01/10/2015", "X1", "L", "E1", "U6"),
        ep(3, "01/10/2015", "30/06/2016", "E11", "P", "E1", "A4"),
    ];
    dd.adoption = Some(adoption("01/06/2015", "01/09/2015", false));
    council(vec![a, b, c, dd])
}

/// §5.13: OC2 offending and health, E = 31/03/2016.
pub fn oc2_5_13() -> Council {
    let mk = |id: &str, dob: &str, start: &str, convicted: Option<bool>, health: Option<bool>| {
        let mut c = child(id, dob);
        c.episodes = vec![ep(1, start, "", "", "S", "C2", "U4")];
        c.annual_outcomes = vec![outcomes(2016, convicted, health)];
        c
    };
    let o1 = mk("O1", "01/06/2001", "01/01/2014", Some(true), Some(true));
    let o2 = mk("O2", "01/05/2006", "01/01/2013", None, Some(true));
    let o3 = mk("O3", "10/10/2003", "31/03/2015", Some(false), Some(false));
    let o4 = mk("O4", "01/01/2001", "01/04/2015", Some(false), Some(true));
    let mut o5 = mk("O5", "01/01/2000", "01/01/2010", Some(true), Some(true));
    o5.episodes = vec![
        ep(1, "01/01/2010", "01/06/2015", "X1", "S", "C2", "U4"),
        ep(2, "01/06/2015", "01/09/2015", "X1", "L", "V3", "U4"),
        ep(3, "01/09/2015", "", "", "L", "C2", "U4"),
    ];
    let o6 = mk("O6", "01/03/2005", "01/09/2012", Some(false), Some(true));
    council(vec![o1, o2, o3, o4, o5, o6])
}

/// §5.14: care leavers, E = 30/09/2016 (statuses for collection year 2016/17).
pub fn care_leavers_5_14() -> Council {
    let rows = [
        ("CL1", "15/07/1997", "YES", "F2", "B1"),
        ("CL2", "01/07/1995", "YES", "G5", "S2"),
        ("CL3", "30/09/1996", "NO", "0", "0"),
        ("CL4", "10/08/1997", "RHOM", "0", "0"),
        ("CL5", "20/06/1997", "YES", "F1", "B1"),
        ("CL6", "05/09/1998", "YES", "F4", "K1"),
    ];
    council(
        rows.iter()
            .map(|(id, dob, touch, activ, accom)| {
                let mut c = child(id, dob);
                c.care_leaver_statuses = vec![care_leaver_status(1, 2017, touch, activ, accom)];
                c
            })
            .collect(),
    )
}

/// §5.15: re-referrals, E = 30/09/2016, YD.
pub fn re_referrals_5_15() -> Council {
    let mut x = child("X", "01/01/2010");
    x.referrals = vec![
        referral(1, "15/05/2015", "01/06/2015", false),
        referral(2, "15/05/2016", "", false),
    ];
    let mut y = child("Y", "01/01/2010");
    y.referrals = vec![
        referral(1, "14/05/2015", "01/06/2015", false),
        referral(2, "15/05/2016", "", false),
    ];
    let mut z = child("Z", "01/01/2010");
    z.referrals = vec![
        referral(1, "01/06/2016", "01/06/2016", true),
        referral(2, "01/08/2016", "", false),
    ];
    let mut w = child("W", "01/01/2010");
    w.referrals = vec![referral(1, "20/04/2016", "", false)];
    council(vec![x, y, z, w])
}

/// §5.17: workforce, E = 30/09/2016. Workers 1–9 employed case-holders
/// (7 × 1.0, 2 × 0.5), 10 the team manager, 11–13 agency, 14–16 leavers.
/// 209 children allocated to the case-holders, and one open case (U1)
/// with no allocated worker.
pub fn workforce_5_17() -> Council {
    let sw = WorkerRole::SocialWorker;
    let mut workers = vec![];
    for id in 1..=7 {
        workers.push(worker(id, sw, Employment::Permanent, 100, "", true));
    }
    workers.push(worker(8, sw, Employment::Permanent, 50, "", true));
    workers.push(worker(9, sw, Employment::Permanent, 50, "", true));
    workers.push(worker(
        10,
        WorkerRole::TeamManager,
        Employment::Permanent,
        100,
        "",
        false,
    ));
    for id in 11..=13 {
        workers.push(worker(id, sw, Employment::Agency, 100, "", true));
    }
    workers.push(worker(
        14,
        sw,
        Employment::Permanent,
        100,
        "15/03/2016",
        true,
    ));
    workers.push(worker(
        15,
        sw,
        Employment::Permanent,
        50,
        "01/09/2016",
        true,
    ));
    workers.push(worker(
        16,
        sw,
        Employment::Permanent,
        100,
        "30/09/2015",
        true,
    ));
    let holders: Vec<i64> = (1..=9).chain(11..=13).collect();
    let mut children: Vec<ChildRecord> = (0..209)
        .map(|i| {
            let mut c = child(&format!("W{i:03}"), "01/01/2010");
            c.referrals = vec![referral(1, "01/01/2016", "", false)];
            c.allocations = vec![allocation(1, holders[i % holders.len()], "01/01/2016")];
            c
        })
        .collect();
    let mut u = child("U1", "01/01/2010");
    u.referrals = vec![referral(1, "01/09/2016", "", false)];
    children.push(u);
    let mut c = council(children);
    c.workers = workers;
    c
}
