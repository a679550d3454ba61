//! Setup shared by the web integration tests (routes, quality_routes,
//! improvement_routes): the app served over a real socket on a fresh SQLite
//! store, raw HTTP/1.1 requests with a session cookie and form body, and one
//! signed-in session per role. Kept in one place so that every test file
//! signs in and talks HTTP the same way.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::sync::Arc;

use sightline_domain::{Date, LaNumber};
use sightline_store::{SessionRecord, Store};
use sightline_web::policy::Role;
use sightline_web::users::{UserSpec, create_user};
use sightline_web::{AppState, WebConfig, auth};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The test council's LA number.
pub fn la() -> LaNumber {
    LaNumber::new(808).unwrap()
}

/// A calendar date.
pub fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// The app listening on a local port, over its own SQLite store.
pub struct App {
    pub addr: std::net::SocketAddr,
    pub state: AppState,
    pub _dir: tempfile::TempDir,
    /// The SQLite file, for tests that reach behind the app.
    pub db: std::path::PathBuf,
}

/// Serve the app over a fresh store that `seed` fills first.
pub async fn serve(seed: impl FnOnce(&dyn Store)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db");
    let store: Arc<dyn Store> =
        Arc::from(sightline_store::open(&format!("sqlite://{}", db.display())).unwrap());
    seed(store.as_ref());
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
        db,
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
            .filter_map(|l| l.split_once(':').map(|x| x.1.trim().to_string()))
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| {
                c.split(';')
                    .next()
                    .and_then(|kv| kv.split_once('='))
                    .map(|x| x.1.to_string())
            })
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .lines()
            .find(|l| {
                l.to_ascii_lowercase()
                    .starts_with(&format!("{}:", name.to_ascii_lowercase()))
            })
            .and_then(|l| l.split_once(':').map(|x| x.1.trim().to_string()))
    }
    /// The value of the hidden `csrf` field of the page's form.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").unwrap() + 19;
        self.body[at..at + 64].to_string()
    }
}

/// One request over a new connection; `form` is the url-encoded body of a POST.
pub async fn http(
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

/// A GET with the session cookie.
pub async fn get(addr: std::net::SocketAddr, path: &str, cookie: &str) -> Reply {
    http(addr, "GET", path, cookie, "").await
}

/// A user of `role` with a password: a social worker is worker 1 of team 1,
/// a team manager manages team 1 and is `manager_worker` (if any).
pub fn spec(username: &str, role: Role, manager_worker: Option<i64>) -> UserSpec {
    let (team, worker) = match role {
        Role::SocialWorker => (Some(1), Some(1)),
        Role::TeamManager => (Some(1), manager_worker),
        _ => (None, None),
    };
    UserSpec {
        username: username.into(),
        display_name: format!("Test {}", role.label()),
        role,
        la: Some(la()),
        team,
        worker,
        expires_at: None,
        password: Some("a long test password".into()),
        totp_secret: None,
    }
}

/// One signed-in session per role (users as [`spec`]): (role, cookie header
/// value, CSRF token).
pub fn sessions(app: &App, manager_worker: Option<i64>) -> Vec<(Role, String, String)> {
    let now = app.state.now();
    Role::ALL
        .iter()
        .map(|&role| {
            let name = role.code().replace('_', "-");
            create_user(
                app.state.store.as_ref(),
                spec(&name, role, manager_worker),
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

/// The cookie of `role`'s session.
pub fn cookie(sessions: &[(Role, String, String)], role: Role) -> &str {
    &sessions.iter().find(|s| s.0 == role).unwrap().1
}
