//! The workforce and quality pages over a real HTTP socket: every route as
//! every role (server-side authorisation, including another team's audit
//! guessed in the URL), small-number suppression for elected members, and
//! recording a case file audit through the form: an audit by the case's own
//! manager is refused with the input kept and nothing saved; a good one is
//! saved through the store and counted in the quarter's distribution.

use std::sync::Arc;

use sightline_domain::codes::SocialWorkerChangeReason;
use sightline_domain::journey::Allocation;
use sightline_domain::quality::{
    AuditSelection, CaseFileAudit, ChildrensHome, Grade, QualityRecords, TeamHealthCheck,
};
use sightline_domain::{ChildId, CodeList, Council, Date, LaNumber, Worker, WorkerRole};
use sightline_store::{SessionRecord, Store};
use sightline_web::policy::Role;
use sightline_web::users::{UserSpec, create_user};
use sightline_web::{AppState, WebConfig, auth};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn la() -> LaNumber {
    LaNumber::new(808).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

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

struct App {
    addr: std::net::SocketAddr,
    state: AppState,
    _dir: tempfile::TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db");
    let store: Arc<dyn Store> =
        Arc::from(sightline_store::open(&format!("sqlite://{}", db.display())).unwrap());
    let c = council();
    store.replace_council(&c, &|_, _| {}).unwrap();
    let rec = records();
    sightline_workforce::check_records(&c, &rec).unwrap();
    store.save_quality(la(), &rec).unwrap();
    let state = AppState::new(store, WebConfig::default()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = sightline_web::router(state.clone());
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    App {
        addr,
        state,
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    form: &str,
) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        req.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            form.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(form);
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// One signed-in session per role (the social worker is worker 1 of team
/// 1, the team manager manages team 1): (role, cookie, csrf).
fn sessions(app: &App) -> Vec<(Role, String, String)> {
    let now = app.state.now();
    Role::ALL
        .iter()
        .map(|&role| {
            let name = role.code().replace('_', "-");
            let (team, worker) = match role {
                Role::SocialWorker => (Some(1), Some(1)),
                Role::TeamManager => (Some(1), Some(4)),
                _ => (None, None),
            };
            create_user(
                app.state.store.as_ref(),
                UserSpec {
                    username: name.clone(),
                    display_name: format!("Test {}", role.label()),
                    role,
                    la: Some(la()),
                    team,
                    worker,
                    expires_at: None,
                    password: Some("a long test password".into()),
                    totp_secret: None,
                },
                now,
            )
            .unwrap();
            let token = format!("token-{name}");
            let csrf = format!("{:0>64}", name);
            app.state
                .store
                .put_session(&SessionRecord {
                    token_hash: auth::sha256_hex(&token),
                    username: name.clone(),
                    csrf: csrf.clone(),
                    created_at: now,
                    last_seen: now,
                    verified: true,
                })
                .unwrap();
            (role, format!("sightline_session={token}"), csrf)
        })
        .collect()
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
