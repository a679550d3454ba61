//! The web app over a real HTTP socket: every route as every role
//! (including guessing another team's child in the URL), the sign-in flow
//! with TOTP, lockout and idle timeout, CSRF, recording with optimistic
//! concurrency, and audit-chain tampering detected.

mod common;

use common::*;
use std::sync::atomic::Ordering;

use sightline_domain::codes::SocialWorkerChangeReason;
use sightline_domain::journey::Allocation;
use sightline_domain::{CodeList, Council, Worker};
use sightline_web::auth;
use sightline_web::policy::Role;
use sightline_web::users::create_user;

/// Three social workers (1 and 2 in team 1, 3 in team 2); C1 allocated to
/// worker 1, C2 to worker 2, C3 to worker 3 (another team), C4 to worker 1
/// but restricted; C1 and C2 are siblings.
fn council() -> Council {
    let mut c = sightline_store::testing::sample_council(la(), 4, false);
    let template = c.workers[0].clone();
    c.workers = (1..=3)
        .map(|i| Worker {
            id: i,
            sw_id: format!("SW000{i}"),
            name: format!("Worker {i}"),
            team: if i == 3 { 2 } else { 1 },
            end: None,
            ..template.clone()
        })
        .collect();
    for (i, r) in c.children.iter_mut().enumerate() {
        let worker = [1, 2, 3, 1][i];
        r.allocations = vec![Allocation {
            id: 900,
            worker,
            start: r.referrals[0].date,
            end: None,
            reason: SocialWorkerChangeReason::ALL[0],
        }];
        r.child.restricted = i == 3;
        r.child.family = if i < 2 { Some(7) } else { None };
        for x in &mut r.referrals {
            x.closure = None;
        }
        r.cp_plans.clear();
        r.conferences.clear();
    }
    c
}

async fn app() -> App {
    serve(|store| store.replace_council(&council(), &|_, _| {}).unwrap()).await
}

fn sessions(app: &App) -> Vec<(Role, String, String)> {
    common::sessions(app, None)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_as_every_role() {
    use Role::*;
    let app = app().await;
    let cookies = sessions(&app);
    // (path, roles allowed (200), special statuses for the others)
    let all = Role::ALL.to_vec();
    let child_readers = vec![
        SocialWorker,
        TeamManager,
        HeadOfService,
        Director,
        PerformanceOfficer,
        Inspector,
    ];
    let service_wide = vec![HeadOfService, Director, PerformanceOfficer, Inspector];
    let with = |mut v: Vec<Role>, extra: &[Role]| {
        v.extend_from_slice(extra);
        v
    };
    let routes: Vec<(&str, Vec<Role>)> = vec![
        ("/", all.clone()),
        ("/dashboard", all.clone()),
        ("/dashboard?period=RY", all.clone()),
        ("/dashboard/drill?id=cla_count", child_readers.clone()),
        (
            "/dashboard/drill?id=assessments_within_45wd",
            child_readers.clone(),
        ),
        ("/caseloads", child_readers.clone()),
        ("/caseloads?team=2", with(service_wide.clone(), &[])),
        ("/caseloads/worker/808/1", child_readers.clone()),
        ("/caseloads/worker/808/3", service_wide.clone()),
        ("/children/808/C1", child_readers.clone()),
        ("/children/808/C2", child_readers.clone()),
        // Another team's child, guessed in the URL.
        ("/children/808/C3", service_wide.clone()),
        (
            "/children/808/C1/record/cp-plan",
            vec![SocialWorker, TeamManager],
        ),
        (
            "/children/808/C1/record/cla-review",
            vec![SocialWorker, TeamManager],
        ),
        (
            "/children/808/C1/record/assessment",
            vec![SocialWorker, TeamManager],
        ),
        ("/children/808/C2/record/assessment", vec![TeamManager]),
        ("/children/808/C3/record/assessment", vec![]),
        (
            "/children/808/C1/record/strategy-discussion",
            vec![SocialWorker, TeamManager],
        ),
        (
            "/children/808/C2/record/strategy-discussion",
            vec![TeamManager],
        ),
        ("/children/808/C3/record/strategy-discussion", vec![]),
        (
            "/children/808/C1/record/icpc",
            vec![SocialWorker, TeamManager],
        ),
        ("/children/808/C2/record/icpc", vec![TeamManager]),
        ("/children/808/C3/record/icpc", vec![]),
        (
            "/children/808/C1/record/cla-episode",
            vec![SocialWorker, TeamManager],
        ),
        ("/children/808/C2/record/cla-episode", vec![TeamManager]),
        ("/children/808/C3/record/cla-episode", vec![]),
        // Same team: the manager may record, the other worker may not.
        ("/children/808/C2/record/cp-plan", vec![TeamManager]),
        ("/children/808/C3/record/cp-plan", vec![]),
        (
            "/break-glass",
            vec![TeamManager, HeadOfService, Director, Admin],
        ),
        (
            "/children/808/C4/access",
            vec![TeamManager, HeadOfService, Director, Admin],
        ),
    ];
    for (path, allowed) in &routes {
        for (role, cookie, _) in &cookies {
            let r = http(app.addr, "GET", path, cookie, "").await;
            let want = if allowed.contains(role) { 200 } else { 403 };
            // A social worker asking for another team's caseload by id is refused too.
            assert_eq!(r.status, want, "{role:?} GET {path}");
            if r.status == 403 {
                assert!(
                    r.body.contains("You cannot see this page"),
                    "{role:?} {path}"
                );
            }
            assert!(
                r.header("content-security-policy")
                    .is_some_and(|c| c.contains("frame-ancestors 'none'")),
                "{path}"
            );
            assert_eq!(
                r.header("x-content-type-options").as_deref(),
                Some("nosniff")
            );
            assert!(
                !r.body.contains("style=\"") && !r.body.contains("<script"),
                "{path}: inline style or script"
            );
        }
        let anon = http(app.addr, "GET", path, "", "").await;
        assert_eq!(
            (anon.status, anon.header("location").as_deref()),
            (303, Some("/sign-in")),
            "anonymous {path}"
        );
    }
    // The restricted record: every role that could otherwise read it gets
    // the restricted page; the others are refused outright.
    for (role, cookie, _) in &cookies {
        let r = http(app.addr, "GET", "/children/808/C4", cookie, "").await;
        assert_eq!(r.status, 403, "{role:?}");
        let restricted = r.body.contains("This record is restricted");
        let by_role = [
            SocialWorker,
            TeamManager,
            HeadOfService,
            Director,
            PerformanceOfficer,
            Inspector,
        ]
        .contains(role);
        assert_eq!(restricted, by_role, "{role:?}");
    }
    let sw = &cookies[0].1;
    assert_eq!(
        http(
            app.addr,
            "GET",
            "/dashboard/drill?id=no_such_indicator",
            sw,
            ""
        )
        .await
        .status,
        404
    );
    assert_eq!(
        http(
            app.addr,
            "GET",
            "/children/808/C1/record/no-such-form",
            sw,
            ""
        )
        .await
        .status,
        404
    );
    // Unknown children and councils are not found, for everyone.
    for (_, cookie, _) in &cookies {
        assert_eq!(
            http(app.addr, "GET", "/children/808/C999", cookie, "")
                .await
                .status,
            404
        );
        assert_eq!(
            http(app.addr, "GET", "/children/999/C1", cookie, "")
                .await
                .status,
            404
        );
        assert_eq!(
            http(app.addr, "GET", "/children/808/..%2F..", cookie, "")
                .await
                .status,
            404
        );
    }
    // Elected members never see child-level data.
    let em = &cookies.iter().find(|c| c.0 == ElectedMember).unwrap().1;
    for path in ["/", "/dashboard"] {
        let r = http(app.addr, "GET", path, em, "").await;
        assert!(
            !r.body.contains("/children/") && !r.body.contains("/dashboard/drill"),
            "{path}"
        );
    }
    // Views were logged for those who could open C1.
    let log = app.state.store.access_log(la(), None, None).unwrap();
    let viewers: Vec<&str> = log
        .iter()
        .filter(|e| e.child.as_deref() == Some("C1"))
        .map(|e| e.username.as_str())
        .collect();
    for who in ["social-worker", "team-manager", "director", "inspector"] {
        assert!(viewers.contains(&who), "{who} not logged");
    }
    assert!(!viewers.contains(&"elected-member"));
    assert!(sightline_web::audit::verify(&log).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_page_shows_who_looked_and_sections_by_role() {
    let app = app().await;
    let cookies = sessions(&app);
    let get = |role: Role| cookies.iter().find(|c| c.0 == role).unwrap().1.clone();
    let sw = http(
        app.addr,
        "GET",
        "/children/808/C1",
        &get(Role::SocialWorker),
        "",
    )
    .await;
    assert!(sw.body.contains("Chronology") && sw.body.contains("Record an event"));
    assert!(
        sw.body.contains("href=\"/children/808/C2\""),
        "sibling link"
    );
    assert!(!sw.body.contains("Who has looked at this record"));
    let sw2 = http(
        app.addr,
        "GET",
        "/children/808/C2",
        &get(Role::SocialWorker),
        "",
    )
    .await;
    assert!(
        !sw2.body.contains("Record an event"),
        "same team is read-only"
    );
    let po = http(
        app.addr,
        "GET",
        "/children/808/C1",
        &get(Role::PerformanceOfficer),
        "",
    )
    .await;
    assert!(
        !po.body.contains("<h2 class=\"heading-m\">Chronology"),
        "no case notes"
    );
    let dir = http(
        app.addr,
        "GET",
        "/children/808/C1",
        &get(Role::Director),
        "",
    )
    .await;
    assert!(dir.body.contains("Who has looked at this record"));
    assert!(dir.body.contains("social-worker"), "earlier view listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn break_glass_is_logged_and_flagged() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let csrf = format!("{:0>64}", "social-worker");
    // Without a CSRF token: refused.
    let r = http(
        app.addr,
        "POST",
        "/children/808/C4/break-glass",
        &sw,
        "reason=urgent+safeguarding+call",
    )
    .await;
    assert_eq!(r.status, 403);
    let r = http(
        app.addr,
        "POST",
        "/children/808/C4/break-glass",
        &sw,
        &format!("csrf={csrf}&reason=short"),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = http(
        app.addr,
        "POST",
        "/children/808/C4/break-glass",
        &sw,
        &format!("csrf={csrf}&reason=Police+called+about+the+child+tonight"),
    )
    .await;
    assert_eq!(r.status, 303);
    let r = http(app.addr, "GET", "/children/808/C4", &sw, "").await;
    assert_eq!(r.status, 200);
    assert!(
        !r.body.contains("Record an event"),
        "breaking glass gives read access only"
    );
    let tm = cookies
        .iter()
        .find(|c| c.0 == Role::TeamManager)
        .unwrap()
        .1
        .clone();
    let flagged = http(app.addr, "GET", "/break-glass", &tm, "").await;
    assert!(
        flagged
            .body
            .contains("Police called about the child tonight")
    );
    let log = app
        .state
        .store
        .access_log(
            la(),
            Some(&sightline_domain::ChildId::parse("C4").unwrap()),
            None,
        )
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.what == "broke glass" && e.username == "social-worker")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_totp_lockout_and_idle_timeout() {
    let app = app().await;
    let now = app.state.now();
    let new = create_user(
        app.state.store.as_ref(),
        spec("amy", Role::Director, None),
        now,
    )
    .unwrap();
    let sign_in = |password: &'static str| {
        let addr = app.addr;
        async move {
            let page = http(addr, "GET", "/sign-in", "", "").await;
            let pre = page.cookie("sightline_signin").unwrap();
            let csrf = page.csrf();
            assert_eq!(pre, csrf);
            http(
                addr,
                "POST",
                "/sign-in",
                &format!("sightline_signin={pre}"),
                &format!(
                    "csrf={csrf}&username=amy&password={}",
                    password.replace(' ', "+")
                ),
            )
            .await
        }
    };
    // Sign-in CSRF: a post without the cookie's token is refused.
    let r = http(app.addr, "POST", "/sign-in", "", "username=amy&password=x").await;
    assert_eq!(r.status, 403);
    // Password, then TOTP.
    let r = sign_in("a long test password").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let set = r.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let half = format!(
        "sightline_session={}",
        r.cookie("sightline_session").unwrap()
    );
    assert_eq!(
        http(app.addr, "GET", "/", &half, "").await.status,
        303,
        "not yet signed in"
    );
    let tf = http(app.addr, "GET", "/sign-in/two-factor", &half, "").await;
    let csrf = tf.csrf();
    let bad = http(
        app.addr,
        "POST",
        "/sign-in/two-factor",
        &half,
        &format!("csrf={csrf}&code=000000"),
    )
    .await;
    assert_eq!(bad.status, 401);
    let code = auth::totp_code(&new.totp_secret, app.state.now()).unwrap();
    let ok = http(
        app.addr,
        "POST",
        "/sign-in/two-factor",
        &half,
        &format!("csrf={csrf}&code={code}"),
    )
    .await;
    assert_eq!(ok.status, 303);
    let full = format!(
        "sightline_session={}",
        ok.cookie("sightline_session").unwrap()
    );
    assert_ne!(full, half, "a new token once signed in");
    assert_eq!(http(app.addr, "GET", "/", &full, "").await.status, 200);
    assert_eq!(
        http(app.addr, "GET", "/", &half, "").await.status,
        303,
        "old token is dead"
    );
    // Idle timeout: 31 minutes later the session is over.
    app.state.clock_offset.fetch_add(31 * 60, Ordering::Relaxed);
    assert_eq!(http(app.addr, "GET", "/", &full, "").await.status, 303);
    // A recovery code works once.
    let r = sign_in("a long test password").await;
    let half = format!(
        "sightline_session={}",
        r.cookie("sightline_session").unwrap()
    );
    let csrf = http(app.addr, "GET", "/sign-in/two-factor", &half, "")
        .await
        .csrf();
    let rc = &new.recovery_codes[0];
    let ok = http(
        app.addr,
        "POST",
        "/sign-in/two-factor",
        &half,
        &format!("csrf={csrf}&code={rc}"),
    )
    .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        app.state
            .store
            .user("amy")
            .unwrap()
            .unwrap()
            .recovery_codes
            .len(),
        auth::RECOVERY_CODES - 1
    );
    // Lockout after five wrong passwords; then even the right one fails.
    for i in 1..=5 {
        let r = sign_in("wrong password!!").await;
        assert_eq!(r.status, 401);
        assert_eq!(r.body.contains("locked"), i == 5, "attempt {i}");
    }
    let r = sign_in("a long test password").await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("locked"));
    app.state.clock_offset.fetch_add(16 * 60, Ordering::Relaxed);
    assert_eq!(
        sign_in("a long test password").await.status,
        303,
        "unlocked later"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_a_cp_plan_validates_keeps_input_and_refuses_stale_versions() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let csrf = format!("{:0>64}", "social-worker");
    let form = http(app.addr, "GET", "/children/808/C1/record/cp-plan", &sw, "").await;
    let marker = "name=\"version\" value=\"";
    let at = form.body.find(marker).unwrap() + marker.len();
    let version: i64 = form.body[at..].split('"').next().unwrap().parse().unwrap();
    // Errors keep the input and use the error summary.
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/cp-plan",
        &sw,
        &format!(
            "csrf={csrf}&version={version}&start-day=31&start-month=2&start-year=2023&category=NEG"
        ),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("There is a problem") && r.body.contains("must be a real date"));
    assert!(r.body.contains("value=\"31\"") && r.body.contains("<option value=\"NEG\" selected>"));
    let view = app
        .state
        .store
        .load_child(la(), &sightline_domain::ChildId::parse("C1").unwrap())
        .unwrap()
        .unwrap();
    let start = view.referrals[0].date + chrono::Duration::days(30);
    let body = |v: i64| {
        format!(
            "csrf={csrf}&version={v}&start-day={}&start-month={}&start-year={}&category=NEG",
            chrono::Datelike::day(&start),
            chrono::Datelike::month(&start),
            chrono::Datelike::year(&start)
        )
    };
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/cp-plan",
        &sw,
        &body(version),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = app
        .state
        .store
        .load_child(la(), &view.child.id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.cp_plans.len(), 1);
    assert_eq!(saved.cp_plans[0].start, start);
    assert_eq!(saved.version, version + 1);
    // The same form again, from the old version: refused, not overwritten.
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/cp-plan",
        &sw,
        &body(version),
    )
    .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("Someone else changed this record"));
    let after = app
        .state
        .store
        .load_child(la(), &view.child.id)
        .unwrap()
        .unwrap();
    assert_eq!(after.cp_plans.len(), 1);
    let page = http(app.addr, "GET", "/children/808/C1?saved=cp-plan", &sw, "").await;
    assert!(page.body.contains("Child protection plan start recorded"));
    // A contact: a second referral while one is open is refused; advice is recorded.
    let v = after.version;
    let contact = |outcome: &str| {
        format!(
            "csrf={csrf}&version={v}&date-day={}&date-month={}&date-year={}&source=1A&outcome={outcome}&via_mash=yes",
            chrono::Datelike::day(&start),
            chrono::Datelike::month(&start),
            chrono::Datelike::year(&start)
        )
    };
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/contact",
        &sw,
        &contact("referral"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("already has an open referral"));
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/contact",
        &sw,
        &contact("advice"),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = app
        .state
        .store
        .load_child(la(), &view.child.id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.contacts.len(), view.contacts.len() + 1);
    assert!(saved.contacts.iter().any(|c| c.date == start && c.via_mash));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_with_the_audit_log_is_named() {
    let app = app().await;
    let cookies = sessions(&app);
    let tm = cookies
        .iter()
        .find(|c| c.0 == Role::TeamManager)
        .unwrap()
        .1
        .clone();
    for _ in 0..3 {
        assert_eq!(
            http(app.addr, "GET", "/children/808/C1", &tm, "")
                .await
                .status,
            200
        );
    }
    let log = app.state.store.access_log(la(), None, None).unwrap();
    assert_eq!(sightline_web::audit::verify(&log).unwrap().entries, 3);
    let conn = rusqlite::Connection::open(&app.db).unwrap();
    // The table refuses edits; someone with the file drops the guard first.
    assert!(
        conn.execute("UPDATE access_log SET why = 'x' WHERE seq = 2", [])
            .is_err()
    );
    conn.execute_batch(
        "DROP TRIGGER access_log_no_update; UPDATE access_log SET username = 'someone-else' WHERE seq = 2;",
    )
    .unwrap();
    let log = app.state.store.access_log(la(), None, None).unwrap();
    let err = sightline_web::audit::verify(&log).unwrap_err();
    assert_eq!(
        err.to_string(),
        "entry 2 (by someone-else): its hash does not match its contents (the entry was changed)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_by_another_process_is_shown() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let before = http(app.addr, "GET", "/children/808/C1", &sw, "").await;
    assert!(!before.body.contains("Renamed"));
    // Another server (or an import) saves the record straight to the store.
    let id = sightline_domain::ChildId::parse("C1").unwrap();
    let mut r = app.state.store.load_child(la(), &id).unwrap().unwrap();
    r.child.forename = "Renamed".into();
    app.state.store.save_child(la(), &r).unwrap();
    let after = http(app.addr, "GET", "/children/808/C1", &sw, "").await;
    assert!(after.body.contains("Renamed"), "the kept copy was stale");
}

/// Post a recording form for C1 at its current version; the reply.
async fn record(app: &App, cookie: &str, form: &str, fields: &str) -> Reply {
    let csrf = format!("{:0>64}", "social-worker");
    let version = app
        .state
        .store
        .child_version(la(), &sightline_domain::ChildId::parse("C1").unwrap())
        .unwrap()
        .unwrap();
    http(
        app.addr,
        "POST",
        &format!("/children/808/C1/record/{form}"),
        cookie,
        &format!("csrf={csrf}&version={version}&{fields}"),
    )
    .await
}

fn c1(app: &App) -> sightline_domain::ChildRecord {
    app.state
        .store
        .load_child(la(), &sightline_domain::ChildId::parse("C1").unwrap())
        .unwrap()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_assessments_s47s_conferences_and_episode_changes() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let chronology = || async {
        http(app.addr, "GET", "/children/808/C1", &sw, "")
            .await
            .body
    };
    let page = chronology().await;
    for f in ["assessment", "strategy-discussion", "icpc", "cla-episode"] {
        assert!(
            page.contains(&format!("/children/808/C1/record/{f}\"")),
            "{f}"
        );
    }
    let before = c1(&app);

    // Single assessment: authorised before it started is refused, input kept.
    let r = record(&app, &sw, "assessment",
        "start-day=1&start-month=6&start-year=2019&authorised-day=20&authorised-month=5&authorised-year=2019&factor-1B=yes").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("There is a problem")
            && r.body
                .contains("must be on or after the date the assessment started")
    );
    assert!(
        r.body.contains("value=\"20\"")
            && r.body
                .contains("name=\"factor-1B\" type=\"checkbox\" value=\"yes\" checked")
    );
    assert_eq!(c1(&app).assessments, before.assessments);
    // Still ongoing, years before the census year: DfE rule 8736 refuses it.
    let r = record(
        &app,
        &sw,
        "assessment",
        "start-day=1&start-month=6&start-year=2019",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("DfE rule 8736") && r.body.contains("value=\"2019\""));
    assert!(!r.body.contains("DfE rule 8670Q"), "queries do not block");
    assert_eq!(c1(&app).assessments, before.assessments);
    // Started and authorised, with its factors.
    let r = record(&app, &sw, "assessment",
        "start-day=1&start-month=10&start-year=2026&authorised-day=20&authorised-month=10&authorised-year=2026&factor-1B=yes").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    assert_eq!(saved.assessments.len(), before.assessments.len() + 1);
    let page = chronology().await;
    assert!(
        page.contains("20 October 2026") && page.contains("Alcohol misuse: parent or carer"),
        "{page}"
    );

    // ICPC: none before any S47; then one for the fixture's enquiry of 4 May.
    let r = record(
        &app,
        &sw,
        "icpc",
        "date-day=3&date-month=5&date-year=2019&outcome=no-plan",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body
            .contains("no section 47 enquiry started on or before that date")
    );
    assert!(
        r.body.contains("value=\"no-plan\" checked")
            && r.body.contains("child protection plan start form")
    );
    let r = record(
        &app,
        &sw,
        "icpc",
        "date-day=20&date-month=5&date-year=2019&outcome=no-plan",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    assert_eq!(saved.conferences.len(), 1);
    assert_eq!(
        saved.conferences[0].section47,
        Some(before.section47s[0].id)
    );
    assert!(
        chronology()
            .await
            .contains("Initial child protection conference: no plan")
    );

    // Strategy discussion: "no conference needed" without an S47 is refused.
    let r = record(
        &app,
        &sw,
        "strategy-discussion",
        "date-day=1&date-month=7&date-year=2019&section47=no&icpc_not_required=yes",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Only a section 47 enquiry can conclude"));
    assert!(r.body.contains("value=\"no\" checked"));
    let r = record(
        &app,
        &sw,
        "strategy-discussion",
        "date-day=5&date-month=10&date-year=2026&section47=yes",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    assert_eq!(saved.section47s.len(), before.section47s.len() + 1);
    let s47 = saved
        .section47s
        .iter()
        .find(|s| s.start == chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
        .unwrap();
    assert!(chronology().await.contains("5 October 2026"));

    // A second conference links the new enquiry, not the one already conferenced.
    let r = record(
        &app,
        &sw,
        "icpc",
        "date-day=14&date-month=10&date-year=2026&outcome=no-plan",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    assert_eq!(saved.conferences.len(), 2);
    assert!(
        saved
            .conferences
            .iter()
            .any(|c| c.section47 == Some(s47.id) && c.date == s47.start + chrono::Duration::days(9))
    );
    // Looked-after episodes: a placement change while not looked after is refused.
    let r = record(&app, &sw, "cla-episode",
        "date-day=1&date-month=10&date-year=2026&change=new&rne=P&legal_status=C2&placement=U1&provider=PR1&category_of_need=N1").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("a new period of care starts with S"));
    assert!(r.body.contains("<option value=\"U1\" selected>"));
    let episodes = before.episodes.len();
    let r = record(&app, &sw, "cla-episode",
        "date-day=1&date-month=10&date-year=2026&change=new&rne=S&legal_status=C2&placement=U1&provider=PR1&category_of_need=N1&placement_postcode=ab1&urn=SC123456").await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A placement change without its reason: DfE rule 225 refuses it.
    let r = record(
        &app,
        &sw,
        "cla-episode",
        "date-day=1&date-month=11&date-year=2026&change=new&rne=P&legal_status=C2&placement=U3&provider=PR1&placement_postcode=ab2&urn=SC123456",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("DfE rule 225") && r.body.contains("value=\"SC123456\""));
    assert_eq!(c1(&app).episodes.len(), episodes + 1);
    let r = record(&app, &sw, "cla-episode",
        "date-day=1&date-month=11&date-year=2026&change=new&rne=P&legal_status=C2&placement=U3&provider=PR1&reason_place_change=CARPL&placement_postcode=ab2&urn=SC123456").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    assert_eq!(saved.episodes.len(), episodes + 2);
    let first = &saved.episodes[episodes];
    assert_eq!(first.end.map(|e| e.reason.code()), Some("X1"));
    assert_eq!(
        first.end.map(|e| e.date),
        Some(saved.episodes[episodes + 1].start)
    );
    assert_eq!(saved.episodes[episodes + 1].category_of_need.code(), "N1");
    assert_eq!(first.reason_place_change.map(|r| r.code()), Some("CARPL"));
    // Ending care with X1 is refused; with an E code it ends.
    let r = record(
        &app,
        &sw,
        "cla-episode",
        "date-day=20&date-month=11&date-year=2026&change=end&rec=X1",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("choose an E code"));
    let r = record(
        &app,
        &sw,
        "cla-episode",
        "date-day=20&date-month=11&date-year=2026&change=end&rec=E4A",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        c1(&app).episodes[episodes + 1].end.map(|e| e.reason.code()),
        Some("E4A")
    );
    assert!(chronology().await.contains("20 November 2026"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_looked_after_episode_breaking_a_social_worker_rule_is_refused() {
    let app = app().await;
    let cookies = sessions(&app);
    let tm = cookies
        .iter()
        .find(|c| c.0 == Role::TeamManager)
        .unwrap()
        .1
        .clone();
    // C1's worker left on 1 January 2026: nobody is allocated after that.
    let mut r = c1(&app);
    r.allocations[0].end = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
    app.state.store.save_child(la(), &r).unwrap();
    let version = app
        .state
        .store
        .child_version(la(), &sightline_domain::ChildId::parse("C1").unwrap())
        .unwrap()
        .unwrap();
    let csrf = format!("{:0>64}", "team-manager");
    let fields = "date-day=1&date-month=10&date-year=2026&change=new&rne=S&legal_status=C2&placement=U1&provider=PR1&category_of_need=N1&placement_postcode=ab1&urn=SC123456";
    let reply = http(
        app.addr,
        "POST",
        "/children/808/C1/record/cla-episode",
        &tm,
        &format!("csrf={csrf}&version={version}&{fields}"),
    )
    .await;
    // SSDA903 SW12: a child starting care needs a social worker allocated
    // that day; the form is refused with the rule's message, input kept.
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("DfE rule SW12STG2"), "{}", reply.body);
    assert!(reply.body.contains("value=\"SC123456\""));
    assert!(reply.body.contains("<option value=\"U1\" selected>"));
    assert_eq!(c1(&app).episodes.len(), r.episodes.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_filters_by_team_and_its_drill_down_follows() {
    let app = app().await;
    let cookies = sessions(&app);
    let head = cookies
        .iter()
        .find(|c| c.0 == Role::HeadOfService)
        .unwrap()
        .1
        .clone();
    let get = |path: String| {
        let head = head.clone();
        let addr = app.addr;
        async move { http(addr, "GET", &path, &head, "").await }
    };
    let whole = get("/dashboard/drill?id=cin_count".into()).await;
    assert_eq!(whole.status, 200);
    assert!(whole.body.contains("/children/808/C1\"") && whole.body.contains("/children/808/C3\""));
    // Team 2 holds only C3 (worker 3); team 1 holds C1, C2 and C4.
    let team2 = get("/dashboard/drill?id=cin_count&team=2".into()).await;
    assert_eq!(team2.status, 200);
    assert!(team2.body.contains("/children/808/C3\""), "{}", team2.body);
    assert!(!team2.body.contains("/children/808/C1\""));
    assert!(
        team2.body.contains("id=\"drill-value\">1<"),
        "{}",
        team2.body
    );
    let team1 = get("/dashboard/drill?id=cin_count&team=1".into()).await;
    assert!(
        team1.body.contains("/children/808/C1\"") && !team1.body.contains("/children/808/C3\"")
    );
    let dash = get("/dashboard?team=2".into()).await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("<option value=\"2\" selected>"));
    assert!(dash.body.contains("&amp;team=2"));
    // An unknown team is refused, never shown as the council's figures.
    assert_eq!(get("/dashboard?team=99".into()).await.status, 404);
    assert_eq!(get("/dashboard?team=x".into()).await.status, 404);
    // The drill-down by team is audited with the team.
    let log = app.state.store.access_log(la(), None, None).unwrap();
    assert!(log.iter().any(|e| e.why.ends_with("for team 2")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_a_cp_review_conference() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let start = c1(&app).referrals[0].date + chrono::Duration::days(30);
    let ymd = |d: chrono::NaiveDate, name: &str| {
        format!(
            "{name}-day={}&{name}-month={}&{name}-year={}",
            chrono::Datelike::day(&d),
            chrono::Datelike::month(&d),
            chrono::Datelike::year(&d)
        )
    };
    let review = start + chrono::Duration::days(90);
    // No plan yet: refused, the date kept.
    let r = record(
        &app,
        &sw,
        "cp-review",
        &format!("{}&outcome=continue", ymd(review, "date")),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body
            .contains("no child protection plan open on that date")
    );
    assert!(
        r.body
            .contains(&format!("value=\"{}\"", chrono::Datelike::year(&review)))
    );
    let r = record(
        &app,
        &sw,
        "cp-plan",
        &format!("{}&category=NEG", ymd(start, "start")),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The decision is required; the input is kept.
    let r = record(&app, &sw, "cp-review", &ymd(review, "date")).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Select what the conference decided"));
    // A review on the plan's first day is not a review.
    let r = record(
        &app,
        &sw,
        "cp-review",
        &format!("{}&outcome=continue", ymd(start, "date")),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = record(
        &app,
        &sw,
        "cp-review",
        &format!("{}&outcome=continue", ymd(review, "date")),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    let plan = saved.cp_plans.iter().find(|p| p.start == start).unwrap();
    let conf = saved
        .conferences
        .iter()
        .find(|c| c.kind == sightline_domain::ConferenceKind::Review)
        .unwrap();
    assert_eq!(
        (conf.date, conf.cp_plan, conf.plan_outcome),
        (review, Some(plan.id), true)
    );
    // The same review twice is refused.
    let r = record(
        &app,
        &sw,
        "cp-review",
        &format!("{}&outcome=continue", ymd(review, "date")),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("already recorded on that date"));
    // A stale version is refused, nothing saved.
    let csrf = format!("{:0>64}", "social-worker");
    let r = http(
        app.addr,
        "POST",
        "/children/808/C1/record/cp-review",
        &sw,
        &format!(
            "csrf={csrf}&version=1&{}&outcome=end",
            ymd(review + chrono::Duration::days(1), "date")
        ),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(c1(&app).conferences.len(), saved.conferences.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_names_and_removes_people_on_a_restricted_record() {
    let app = app().await;
    let cookies = sessions(&app);
    let cookie = |role: Role| cookies.iter().find(|c| c.0 == role).unwrap().1.clone();
    let (tm, sw) = (cookie(Role::TeamManager), cookie(Role::SocialWorker));
    let csrf = format!("{:0>64}", "team-manager");
    let post = |fields: String| {
        let tm = tm.clone();
        let addr = app.addr;
        async move { http(addr, "POST", "/children/808/C4/access", &tm, &fields).await }
    };
    // The social worker is allocated C4 but not named: the restricted page.
    assert_eq!(
        http(app.addr, "GET", "/children/808/C4", &sw, "")
            .await
            .status,
        403
    );
    let page = http(app.addr, "GET", "/children/808/C4", &tm, "").await;
    assert!(page.body.contains("/children/808/C4/access\""));
    // Refusals keep the input and change nothing.
    let r = post(format!("csrf={csrf}&action=grant&username=nobody.here")).await;
    assert_eq!(r.status, 400);
    assert!(
        r.body.contains("There is no user with that username")
            && r.body.contains("value=\"nobody.here\"")
    );
    let r = post(format!("csrf={csrf}&action=grant&username=elected-member")).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("never opens child records"));
    let r = post(format!("csrf={csrf}&action=grant&username=team-manager")).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("You cannot name yourself"));
    assert_eq!(
        post("csrf=bad&action=grant&username=social-worker".to_string())
            .await
            .status,
        403
    );
    let c4 = sightline_domain::ChildId::parse("C4").unwrap();
    assert!(
        app.state
            .store
            .restricted_grants(la(), &c4)
            .unwrap()
            .is_empty()
    );
    // Named: the social worker opens it; the change is in the audit chain.
    let r = post(format!("csrf={csrf}&action=grant&username=social-worker")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.state.store.restricted_grants(la(), &c4).unwrap(),
        ["social-worker"]
    );
    assert_eq!(
        http(app.addr, "GET", "/children/808/C4", &sw, "")
            .await
            .status,
        200
    );
    let listed = http(app.addr, "GET", "/children/808/C4/access", &tm, "").await;
    assert!(
        listed
            .body
            .contains("Remove<span class=\"visually-hidden\"> social-worker")
    );
    // Removed: restricted again.
    let r = post(format!("csrf={csrf}&action=revoke&username=social-worker")).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        http(app.addr, "GET", "/children/808/C4", &sw, "")
            .await
            .status,
        403
    );
    let log = app.state.store.access_log(la(), Some(&c4), None).unwrap();
    let whats: Vec<&str> = log.iter().map(|e| e.what.as_str()).collect();
    assert!(
        whats.contains(&"named social-worker on restricted record"),
        "{whats:?}"
    );
    assert!(whats.contains(&"removed social-worker from restricted record"));
    // Not a restricted record: no such page.
    assert_eq!(
        http(app.addr, "GET", "/children/808/C1/access", &tm, "")
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_a_transfer_in_conference_and_its_plan() {
    let app = app().await;
    let cookies = sessions(&app);
    let sw = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .1
        .clone();
    let on = c1(&app).referrals[0].date + chrono::Duration::days(20);
    let date = format!(
        "date-day={}&date-month={}&date-year={}",
        chrono::Datelike::day(&on),
        chrono::Datelike::month(&on),
        chrono::Datelike::year(&on)
    );
    // The decision is required; the date is kept.
    let r = record(&app, &sw, "transfer-in", &date).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Select what the conference decided"));
    assert!(
        r.body
            .contains(&format!("value=\"{}\"", chrono::Datelike::year(&on)))
    );
    // Before the referral: no open referral.
    let early = c1(&app).referrals[0].date - chrono::Duration::days(400);
    let r = record(
        &app,
        &sw,
        "transfer-in",
        &format!(
            "date-day={}&date-month={}&date-year={}&outcome=plan",
            chrono::Datelike::day(&early),
            chrono::Datelike::month(&early),
            chrono::Datelike::year(&early)
        ),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("There is no open referral"));
    let r = record(&app, &sw, "transfer-in", &format!("{date}&outcome=plan")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The same conference twice is refused.
    let r = record(&app, &sw, "transfer-in", &format!("{date}&outcome=plan")).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("already recorded on that date"));
    // The plan started that day is linked to the conference.
    let plan_start = date.replace("date-", "start-");
    let r = record(&app, &sw, "cp-plan", &format!("{plan_start}&category=NEG")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = c1(&app);
    let plan = saved.cp_plans.iter().find(|p| p.start == on).unwrap();
    let conf = saved
        .conferences
        .iter()
        .find(|c| c.kind == sightline_domain::ConferenceKind::TransferIn)
        .unwrap();
    assert_eq!(
        (conf.date, conf.cp_plan, conf.section47),
        (on, Some(plan.id), None)
    );
}
