//! The workforce and quality pages over a real HTTP socket: every route as
//! every role (server-side authorisation, including another team's audit
//! guessed in the URL), small-number suppression for elected members, and
//! recording a case file audit through the form: an audit by the case's own
//! manager is refused with the input kept and nothing saved; a good one is
//! saved through the store and counted in the quarter's distribution.

mod common;

use common::*;

use sightline_domain::codes::SocialWorkerChangeReason;
use sightline_domain::journey::Allocation;
use sightline_domain::quality::{
    AuditSelection, CaseFileAudit, ChildrensHome, Grade, QualityRecords, TeamHealthCheck,
};
use sightline_domain::{ChildId, CodeList, Council, Worker, WorkerRole};
use sightline_web::policy::Role;

/// Social workers 1 and 2 in team 1, 3 in team 2; team managers 4 (team 1)
/// and 5 (team 2); heads of service 6 and 7 (team 2). C1 and C4 are worker 1's,
/// C2 worker 2's, C3 worker 3's.
fn council() -> Council {
    let mut c = sightline_store::testing::sample_council(la(), 4, false);
    let template = c.workers[0].clone();
    c.workers = (1..=7)
        .map(|i| Worker {
            id: i,
            sw_id: format!("SW000{i}"),
            name: format!("Worker {i}"),
            team: if [3, 5, 6, 7].contains(&i) { 2 } else { 1 },
            role: match i {
                4 | 5 => WorkerRole::TeamManager,
                6 | 7 => WorkerRole::HeadOfService,
                _ => WorkerRole::SocialWorker,
            },
            start: d(2010, 1, 1),
            end: None,
            ..template.clone()
        })
        .collect();
    for (i, r) in c.children.iter_mut().enumerate() {
        r.allocations = vec![Allocation {
            id: 900,
            worker: [1, 2, 3, 1][i],
            start: d(2019, 1, 1),
            end: None,
            reason: SocialWorkerChangeReason::ALL[0],
        }];
        r.child.restricted = false;
    }
    c
}

fn records() -> QualityRecords {
    let audit = |id, child: &str, date| CaseFileAudit {
        id,
        child: ChildId::parse(child).unwrap(),
        auditor: 7,
        paired_auditor: Some(6),
        date,
        selection: AuditSelection::Random,
        grade: Grade::Good,
    };
    QualityRecords {
        audits: vec![audit(1, "C1", d(2024, 5, 1)), audit(2, "C3", d(2024, 5, 2))],
        health_checks: vec![TeamHealthCheck {
            id: 1,
            team: 1,
            date: d(2024, 1, 10),
            grade: Grade::RequiresImprovement,
            findings: "Plans drift".into(),
        }],
        homes: vec![ChildrensHome {
            id: 1,
            name: "Oak House".into(),
            urn: "SC123456".into(),
            places: 4,
            inspections: vec![],
        }],
        ..QualityRecords::default()
    }
}

async fn app() -> App {
    app_with(council(), records()).await
}

async fn app_with(c: Council, rec: QualityRecords) -> App {
    serve(|store| {
        store.replace_council(&c, &|_, _| {}).unwrap();
        sightline_workforce::check_records(&c, &rec).unwrap();
        store.save_quality(la(), &rec).unwrap();
    })
    .await
}

/// One signed-in session per role (the social worker is worker 1 of team
/// 1, the team manager manages team 1 and is worker 4): (role, cookie, csrf).
fn sessions(app: &App) -> Vec<(Role, String, String)> {
    common::sessions(app, Some(4))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_quality_route_as_every_role() {
    use Role::*;
    let app = app().await;
    let cookies = sessions(&app);
    let everyone_but = |out: &[Role]| -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| !out.contains(r)).collect()
    };
    let child_level = vec![
        SocialWorker,
        TeamManager,
        HeadOfService,
        Director,
        PerformanceOfficer,
        Inspector,
    ];
    let service_wide = vec![HeadOfService, Director, PerformanceOfficer, Inspector];
    let routes: Vec<(&str, Vec<Role>)> = vec![
        ("/quality", everyone_but(&[Admin, FinanceOfficer])),
        ("/quality/audits", everyone_but(&[Admin, FinanceOfficer])),
        (
            "/quality/audits?quarter=2024-Q1",
            everyone_but(&[Admin, FinanceOfficer]),
        ),
        ("/quality/casework", child_level.clone()),
        ("/quality/rota", child_level.clone()),
        ("/quality/rota?team=1", child_level.clone()),
        // Another team's rota, guessed in the URL.
        ("/quality/rota?team=2", service_wide.clone()),
        // Audit 1 is of worker 1's child (team 1); audit 2 of team 2's.
        ("/quality/audits/808/1", child_level.clone()),
        ("/quality/audits/808/2", service_wide.clone()),
    ];
    for (path, allowed) in &routes {
        for (role, cookie, _) in &cookies {
            let r = http(app.addr, "GET", path, cookie, "").await;
            let want = if allowed.contains(role) { 200 } else { 403 };
            assert_eq!(r.status, want, "{role:?} GET {path}");
        }
        // Signed out: to the sign-in page.
        let r = http(app.addr, "GET", path, "", "").await;
        assert_eq!(r.status, 303, "signed out GET {path}: {}", r.headers);
    }
    // Recording: managers and leaders who audit reach the form's checks (an
    // empty form is refused as incomplete, 400); everyone else 403.
    for (role, cookie, csrf) in &cookies {
        let r = http(
            app.addr,
            "POST",
            "/quality/audits?la=808",
            cookie,
            &format!("csrf={csrf}"),
        )
        .await;
        let want = if [TeamManager, HeadOfService, Director].contains(role) {
            400
        } else {
            403
        };
        assert_eq!(r.status, want, "{role:?} POST /quality/audits");
        let r = http(
            app.addr,
            "POST",
            "/quality/audits/808/1/moderate",
            cookie,
            &format!("csrf={csrf}"),
        )
        .await;
        assert_eq!(r.status, want, "{role:?} POST moderate");
    }
    assert_eq!(app.state.store.load_quality(la()).unwrap(), records());
    let body = |role: Role, path: &'static str| {
        let cookie = cookies.iter().find(|c| c.0 == role).unwrap().1.clone();
        let addr = app.addr;
        async move { http(addr, "GET", path, &cookie, "").await.body }
    };
    // An elected member sees grades, never a child: the two audits are
    // suppressed, and no audit list, schedule or form is shown.
    let b = body(ElectedMember, "/quality/audits?quarter=2024-Q1").await;
    assert!(b.contains("Good or better"), "{b}");
    assert!(b.contains(">*<"), "{b}");
    assert!(!b.contains("C1") && !b.contains("C3") && !b.contains("Record a case file audit"));
    // The service-wide view lists both audits; the social worker only theirs.
    let b = body(PerformanceOfficer, "/quality/audits?quarter=2024-Q1").await;
    assert!(b.contains("/quality/audits/808/1") && b.contains("/quality/audits/808/2"));
    assert!(!b.contains("Record a case file audit"));
    // Managers and leaders who audit get the form.
    let b = body(Director, "/quality/audits?quarter=2024-Q1").await;
    assert!(b.contains("Record a case file audit"));
    let b = body(SocialWorker, "/quality/audits?quarter=2024-Q1").await;
    assert!(b.contains("/quality/audits/808/1") && !b.contains("/quality/audits/808/2"));
    // The overview shows the overdue health check and the home.
    let b = body(TeamManager, "/quality").await;
    assert!(b.contains("Oak House") && b.contains("Overdue"), "{b}");
    // The navigation offers the area to those who may see it.
    assert!(b.contains("href=\"/quality\""));
    let b = body(Admin, "/").await;
    assert!(!b.contains("href=\"/quality\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_an_audit_refuses_the_cases_own_manager_and_saves_a_good_one() {
    let app = app().await;
    let cookies = sessions(&app);
    let (_, cookie, csrf) = cookies
        .iter()
        .find(|c| c.0 == Role::TeamManager)
        .unwrap()
        .clone();
    let fields = |auditor: i64, paired: i64| {
        format!(
            "csrf={csrf}&child=C1&date=2024-06-12&auditor={auditor}&paired_auditor={paired}&theme=Voice+of+the+child&grade=requires_improvement&section_planning=inadequate&section_voice_of_the_child=good&action=Update+the+plan&action_owner=1&action_due=2024-07-01"
        )
    };
    // Worker 4 manages team 1, which holds C1: refused, input kept.
    let r = http(
        app.addr,
        "POST",
        "/quality/audits?la=808",
        &cookie,
        &fields(4, 5),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("never audited by its own manager"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Voice of the child\""));
    assert!(r.body.contains("value=\"2024-06-12\""));
    assert!(r.body.contains("value=\"requires_improvement\" checked"));
    assert_eq!(app.state.store.load_quality(la()).unwrap(), records());
    // A missing grade and the same person twice are named.
    let r = http(
        app.addr,
        "POST",
        "/quality/audits?la=808",
        &cookie,
        &format!("csrf={csrf}&child=C1&date=2024-06-12&auditor=5&paired_auditor=5"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Choose the overall grade"));
    assert!(r.body.contains("Choose a different manager"));
    // A bad CSRF token and a social worker are refused.
    let r = http(
        app.addr,
        "POST",
        "/quality/audits?la=808",
        &cookie,
        &fields(5, 6).replace(&csrf, &"0".repeat(64)),
    )
    .await;
    assert_eq!(r.status, 403);
    let (_, sw_cookie, sw_csrf) = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .clone();
    let r = http(
        app.addr,
        "POST",
        "/quality/audits?la=808",
        &sw_cookie,
        &fields(5, 6).replace(&csrf, &sw_csrf),
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(app.state.store.load_quality(la()).unwrap(), records());
    // Managers of another team: saved, and counted in Q1 2024/25.
    let r = http(
        app.addr,
        "POST",
        "/quality/audits?la=808",
        &cookie,
        &fields(5, 6),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.headers.contains("quarter=2024-Q1"), "{}", r.headers);
    let saved = app.state.store.load_quality(la()).unwrap();
    assert_eq!(saved.audits.len(), 3);
    let a = &saved.audits[2];
    assert_eq!(
        (a.id, a.grade, a.auditor),
        (3, Grade::RequiresImprovement, 5)
    );
    let f = saved.form_of(3).unwrap();
    assert_eq!(f.sections.len(), 2);
    assert_eq!(f.actions[0].owner, 1);
    let r = http(
        app.addr,
        "GET",
        "/quality/audits?la=808&quarter=2024-Q1",
        &cookie,
        "",
    )
    .await;
    assert!(r.body.contains("3 audits in Q1 2024/25"), "{}", r.body);
    // Moderation by one of the audit's own auditors is refused, input kept.
    let moderate = |moderator: i64| {
        format!(
            "csrf={csrf}&moderator={moderator}&moderated_on=2024-06-20&moderated_grade=good&note=Strong+voice"
        )
    };
    let r = http(
        app.addr,
        "POST",
        "/quality/audits/808/3/moderate",
        &cookie,
        &moderate(5),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("one of the audit's own auditors"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Strong voice\""));
    assert_eq!(app.state.store.load_quality(la()).unwrap(), saved);
    // By another manager: the moderated grade stands, the auditors' is kept.
    let r = http(
        app.addr,
        "POST",
        "/quality/audits/808/3/moderate",
        &cookie,
        &moderate(7),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let moderated = app.state.store.load_quality(la()).unwrap();
    assert_eq!(moderated.audits[2].grade, Grade::Good);
    let m = moderated.form_of(3).unwrap().moderation.clone().unwrap();
    assert_eq!(
        (m.moderator, m.original_grade),
        (7, Grade::RequiresImprovement)
    );
    assert_eq!(moderated.form_of(3).unwrap().sections.len(), 2);
}

/// The council for allocation: C4 has been unallocated since 2020; worker
/// 2 works 0.05 FTE (a caseload limit of 1, already reached with C2);
/// worker 5 (team 2's manager) holds no cases.
fn allocation_council() -> Council {
    let mut c = council();
    for r in &mut c.children {
        if r.child.id.as_str() == "C4" {
            r.allocations[0].end = Some(d(2020, 1, 1));
        }
    }
    for w in &mut c.workers {
        match w.id {
            2 => w.fte_hundredths = 5,
            5 => w.case_holding = false,
            _ => {}
        }
    }
    c
}

/// Audit 1 (of C1, team 1) with an open action owned by worker 1.
fn action_records() -> QualityRecords {
    let mut rec = records();
    rec.audit_forms.push(sightline_domain::quality::AuditForm {
        audit: 1,
        sections: vec![],
        actions: vec![sightline_domain::quality::AuditAction {
            action: "Record the child's wishes".into(),
            owner: 1,
            due: d(2024, 6, 1),
            completed: None,
        }],
        moderation: None,
    });
    // Audit 2 (of C3, team 2) with an open action owned by worker 3.
    rec.audit_forms.push(sightline_domain::quality::AuditForm {
        audit: 2,
        sections: vec![],
        actions: vec![sightline_domain::quality::AuditAction {
            action: "Review the plan".into(),
            owner: 3,
            due: d(2024, 6, 1),
            completed: None,
        }],
        moderation: None,
    });
    rec
}

fn allocations_of(app: &App, child: &str) -> (i64, Vec<Allocation>) {
    let r = app
        .state
        .store
        .load_child(la(), &ChildId::parse(child).unwrap())
        .unwrap()
        .unwrap();
    (r.version, r.allocations)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allocation_and_action_routes_as_every_role() {
    use Role::*;
    let app = app_with(allocation_council(), action_records()).await;
    let cookies = sessions(&app);
    let before: Vec<_> = ["C1", "C3", "C4"]
        .iter()
        .map(|c| allocations_of(&app, c))
        .collect();
    // (path, roles that reach the form): C1 is team 1's, C3 team 2's, C4
    // unallocated (any team manager's to allocate).
    let routes: Vec<(&str, Vec<Role>)> = vec![
        (
            "/quality/allocate/808/C1",
            vec![TeamManager, HeadOfService, Director],
        ),
        ("/quality/allocate/808/C3", vec![HeadOfService, Director]),
        (
            "/quality/allocate/808/C4",
            vec![TeamManager, HeadOfService, Director],
        ),
    ];
    for (path, allowed) in &routes {
        for (role, cookie, csrf) in &cookies {
            let want_get = if allowed.contains(role) { 200 } else { 403 };
            let r = http(app.addr, "GET", path, cookie, "").await;
            assert_eq!(r.status, want_get, "{role:?} GET {path}");
            // An empty form reaches the checks (400) only for those allowed.
            let want_post = if allowed.contains(role) { 400 } else { 403 };
            let child = path.rsplit('/').next().unwrap();
            let version = before[["C1", "C3", "C4"].iter().position(|c| *c == child).unwrap()].0;
            let r = http(
                app.addr,
                "POST",
                path,
                cookie,
                &format!("csrf={csrf}&version={version}"),
            )
            .await;
            assert_eq!(r.status, want_post, "{role:?} POST {path}: {}", r.body);
        }
        let r = http(app.addr, "GET", path, "", "").await;
        assert_eq!(r.status, 303, "signed out GET {path}");
    }
    // Marking an action complete: its owner (the social worker, worker 1)
    // and managers who see the audit reach the checks; the rest 403.
    for (role, cookie, csrf) in &cookies {
        let want = if [SocialWorker, TeamManager, HeadOfService, Director].contains(role) {
            400
        } else {
            403
        };
        let r = http(
            app.addr,
            "POST",
            "/quality/audits/808/1/actions",
            cookie,
            &format!("csrf={csrf}"),
        )
        .await;
        assert_eq!(r.status, want, "{role:?} POST actions: {}", r.body);
    }
    // Audit 2 is team 2's: its open action is no reason for team 1's
    // manager, nor for worker 1, to open or complete it.
    for role in [TeamManager, SocialWorker, PerformanceOfficer] {
        let (_, cookie, csrf) = cookies.iter().find(|c| c.0 == role).unwrap();
        let r = http(app.addr, "GET", "/quality/audits/808/2", cookie, "").await;
        let want = if role == PerformanceOfficer { 200 } else { 403 };
        assert_eq!(r.status, want, "{role:?} GET audit 2");
        let r = http(
            app.addr,
            "POST",
            "/quality/audits/808/2/actions",
            cookie,
            &format!("csrf={csrf}&action_index=0&completed_on=2024-05-20&completion_note=x"),
        )
        .await;
        assert_eq!(r.status, 403, "{role:?} POST audit 2 actions");
    }
    // Nothing was saved by any of it.
    for (i, c) in ["C1", "C3", "C4"].iter().enumerate() {
        assert_eq!(allocations_of(&app, c), before[i], "{c}");
    }
    assert_eq!(
        app.state.store.load_quality(la()).unwrap(),
        action_records()
    );
    // The unallocated list links to the allocation form for a manager,
    // not for a performance officer.
    let link = "href=\"/quality/allocate/808/C4\"";
    let cookie = |role: Role| cookies.iter().find(|c| c.0 == role).unwrap().1.clone();
    let r = http(
        app.addr,
        "GET",
        "/quality/casework?la=808",
        &cookie(TeamManager),
        "",
    )
    .await;
    assert!(r.body.contains(link), "{}", r.body);
    let r = http(
        app.addr,
        "GET",
        "/quality/casework?la=808",
        &cookie(PerformanceOfficer),
        "",
    )
    .await;
    assert!(r.body.contains("C4") && !r.body.contains(link));
    // Worker 1's caseload (team 1) links each case to reallocation for
    // team 1's manager and the director, not for the worker or a
    // performance officer.
    let link = "href=\"/quality/allocate/808/C1\"";
    for (role, shown) in [
        (TeamManager, true),
        (Director, true),
        (SocialWorker, false),
        (PerformanceOfficer, false),
    ] {
        let r = http(
            app.addr,
            "GET",
            "/caseloads/worker/808/1",
            &cookie(role),
            "",
        )
        .await;
        assert_eq!(r.status, 200, "{role:?}");
        assert_eq!(r.body.contains(link), shown, "{role:?}: {}", r.body);
    }
    // The owner sees the completion form on the audit's page.
    let r = http(
        app.addr,
        "GET",
        "/quality/audits/808/1",
        &cookie(SocialWorker),
        "",
    )
    .await;
    assert!(r.body.contains("Mark an action complete"), "{}", r.body);
    let r = http(
        app.addr,
        "GET",
        "/quality/audits/808/1",
        &cookie(Inspector),
        "",
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains("Mark an action complete"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allocating_refuses_with_the_input_kept_and_saves_with_history() {
    let app = app_with(allocation_council(), action_records()).await;
    let cookies = sessions(&app);
    let session = |role: Role| cookies.iter().find(|c| c.0 == role).unwrap().clone();
    let (_, tm, tm_csrf) = session(Role::TeamManager);
    let (v1, c1_before) = allocations_of(&app, "C1");
    let post = |cookie: String, path: &'static str, form: String| {
        let addr = app.addr;
        async move { http(addr, "POST", path, &cookie, &form).await }
    };
    let refusals = [
        // Worker 3 is in team 2: not the team manager's to allocate to.
        (
            3,
            "2024-03-01",
            "a team manager allocates to workers of their own team",
        ),
        // Worker 2 is at their caseload limit (1 at 0.05 FTE).
        (2, "2024-03-01", "would exceed the caseload limit of 1"),
        // Worker 1 already holds C1.
        (1, "2024-03-01", "already holds this case"),
        // Before anyone was in post, and before the current allocation.
        (2, "2009-06-01", "is not in post on"),
    ];
    for (worker, start, message) in refusals {
        let r = post(
            tm.clone(),
            "/quality/allocate/808/C1",
            format!("csrf={tm_csrf}&version={v1}&worker={worker}&start={start}&reason=MANAGE"),
        )
        .await;
        assert_eq!(r.status, 400, "{worker} {start}: {}", r.body);
        assert!(r.body.contains(message), "{message}: {}", r.body);
        assert!(r.body.contains("error-summary"), "{}", r.body);
        assert!(r.body.contains(&format!("value=\"{start}\"")));
        assert!(r.body.contains("value=\"MANAGE\" selected"), "{}", r.body);
    }
    // A worker who holds no cases (worker 5, team 2's manager) and an
    // earlier date than the current allocation, as a head of service.
    let (_, hos, hos_csrf) = session(Role::HeadOfService);
    let r = post(
        hos.clone(),
        "/quality/allocate/808/C1",
        format!("csrf={hos_csrf}&version={v1}&worker=5&start=2024-03-01&reason=MANAGE"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("does not hold cases"), "{}", r.body);
    let r = post(
        hos.clone(),
        "/quality/allocate/808/C1",
        format!("csrf={hos_csrf}&version={v1}&worker=3&start=2018-03-01&reason=MANAGE"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("must start after it"), "{}", r.body);
    // A stale version: a conflict, the input kept, nothing overwritten.
    let r = post(
        hos.clone(),
        "/quality/allocate/808/C1",
        format!(
            "csrf={hos_csrf}&version={}&worker=3&start=2024-03-01&reason=MANAGE",
            v1 + 7
        ),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("Someone else changed this record"));
    assert!(r.body.contains("value=\"2024-03-01\""));
    assert_eq!(allocations_of(&app, "C1"), (v1, c1_before.clone()));
    // A head of service reallocates C1 to team 2's worker 3 from the date
    // the form suggests (the records' "today"): the previous allocation
    // ends that day, the new one starts, the write is logged.
    let page = http(app.addr, "GET", "/quality/allocate/808/C1", &hos, "").await;
    let marker = "name=\"start\" type=\"text\" value=\"";
    let at = page.body.split(marker).nth(1).unwrap()[..10].to_string();
    let on = sightline_domain::calendar::parse_iso_date(&at).unwrap();
    let r = post(
        hos.clone(),
        "/quality/allocate/808/C1",
        format!("csrf={hos_csrf}&version={v1}&worker=3&start={at}&reason=ORGRST"),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.headers.contains("/quality/allocate/808/C1?saved=1"));
    let (v2, after) = allocations_of(&app, "C1");
    assert!(v2 > v1);
    assert_eq!(after.len(), 2);
    assert_eq!((after[0].worker, after[0].end), (1, Some(on)));
    assert_eq!(
        (
            after[1].worker,
            after[1].start,
            after[1].end,
            after[1].reason
        ),
        (3, on, None, SocialWorkerChangeReason::Restructure)
    );
    let log = app.state.store.access_log(la(), None, None).unwrap();
    assert!(log.iter().any(|e| e.username == "head-of-service"
        && e.child.as_deref() == Some("C1")
        && e.what == "allocated the case to worker 3"));
    // C1 is now team 2's: team 1's manager may no longer allocate it.
    let r = http(app.addr, "GET", "/quality/allocate/808/C1", &tm, "").await;
    assert_eq!(r.status, 403);
    // Team 1's manager allocates the unallocated C4 to worker 1.
    let (v4, _) = allocations_of(&app, "C4");
    let r = post(
        tm.clone(),
        "/quality/allocate/808/C4",
        format!("csrf={tm_csrf}&version={v4}&worker=1&start={at}&reason=MANAGE"),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (_, c4) = allocations_of(&app, "C4");
    assert_eq!(c4.len(), 2);
    assert_eq!((c4[0].end, c4[1].worker), (Some(d(2020, 1, 1)), 1));
    let r = http(app.addr, "GET", "/quality/allocate/808/C4?saved=1", &tm, "").await;
    assert!(r.body.contains("Allocation saved") && r.body.contains("Reallocate the case"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completing_an_audit_action_refuses_bad_dates_and_saves_for_the_owner() {
    let app = app_with(allocation_council(), action_records()).await;
    let cookies = sessions(&app);
    let (_, sw, sw_csrf) = cookies
        .iter()
        .find(|c| c.0 == Role::SocialWorker)
        .unwrap()
        .clone();
    let post = |form: String| {
        let (addr, sw) = (app.addr, sw.clone());
        async move { http(addr, "POST", "/quality/audits/808/1/actions", &sw, &form).await }
    };
    // Completed before the audit (1 May 2024): refused, input kept.
    let r = post(format!(
        "csrf={sw_csrf}&action_index=0&completed_on=2024-04-01&completion_note=Wishes+recorded"
    ))
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("cannot be completed before the audit"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Wishes recorded\""));
    assert!(r.body.contains("value=\"0\" selected"), "{}", r.body);
    // No note: refused.
    let r = post(format!(
        "csrf={sw_csrf}&action_index=0&completed_on=2024-05-20"
    ))
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Enter a note of what was done"));
    assert_eq!(
        app.state.store.load_quality(la()).unwrap(),
        action_records()
    );
    // A good one: saved through the quality save, the note in the log.
    let r = post(format!(
        "csrf={sw_csrf}&action_index=0&completed_on=2024-05-20&completion_note=Wishes+recorded"
    ))
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let saved = app.state.store.load_quality(la()).unwrap();
    assert_eq!(
        saved.form_of(1).unwrap().actions[0].completed,
        Some(d(2024, 5, 20))
    );
    let log = app.state.store.access_log(la(), None, None).unwrap();
    assert!(log.iter().any(|e| e.username == "social-worker"
        && e.what.contains("Wishes recorded")
        && e.what.contains("2024-05-20")));
    // Once complete there is nothing left for the owner to complete.
    let r = post(format!(
        "csrf={sw_csrf}&action_index=0&completed_on=2024-05-21&completion_note=Again"
    ))
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(app.state.store.load_quality(la()).unwrap(), saved);
}
