//! Creating users: `sightline user add`, the first-run admin and the demo
//! users.
//!
//! Why here: the password hash, TOTP secret and recovery codes are made in
//! one place and handed back in the clear exactly once, for the command to
//! print; the store keeps only the hash of the password and of each
//! recovery code.
//!
//! What it deliberately does not do: send anything anywhere. The demo users'
//! fixed passwords and TOTP secrets are for `sightline demo` only and are
//! never used by `serve` or `user add`.

use sightline_domain::{Council, LaNumber, WorkerRole};
use sightline_store::{Store, StoreError, UserRecord};

use crate::auth;
use crate::policy::Role;

/// What to create.
#[derive(Debug, Clone)]
pub struct UserSpec {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub la: Option<LaNumber>,
    pub team: Option<i64>,
    pub worker: Option<i64>,
    /// Unix seconds after which the account stops working (inspectors).
    pub expires_at: Option<i64>,
    /// The password; a random one is made when `None`.
    pub password: Option<String>,
    /// The TOTP secret; a random one is made when `None` (demo users only
    /// pass one).
    pub totp_secret: Option<String>,
}

/// A created user's secrets, shown once.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub role: Role,
    pub password: String,
    pub totp_secret: String,
    pub otpauth_uri: String,
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("a user called {0:?} already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Auth(#[from] auth::AuthError),
}

/// A username from a person's name: "Amy Khan" → "amy.khan".
pub fn username_from_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// Create a user in `store`.
pub fn create_user(store: &dyn Store, spec: UserSpec, now: i64) -> Result<NewUser, UserError> {
    if spec.username.is_empty()
        || spec.username.len() > 64
        || !spec
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(UserError::Invalid(format!(
            "username {:?}: expected 1 to 64 letters, digits, dots, dashes or underscores",
            spec.username
        )));
    }
    if spec.role.needs_team() && spec.team.is_none() {
        return Err(UserError::Invalid(format!(
            "a {} needs a team (--team)",
            spec.role.label().to_lowercase()
        )));
    }
    let password = spec.password.unwrap_or_else(|| auth::random_hex(12));
    if let Some(p) = auth::password_problem(&password) {
        return Err(UserError::Invalid(p.into()));
    }
    let totp_secret = spec.totp_secret.unwrap_or_else(auth::new_totp_secret);
    let recovery_codes = auth::new_recovery_codes();
    let record = UserRecord {
        username: spec.username.clone(),
        display_name: spec.display_name,
        role: spec.role.code().to_string(),
        la: spec.la,
        team: spec.team,
        worker: spec.worker,
        password_hash: auth::hash_password(&password)?,
        totp_secret: totp_secret.clone(),
        recovery_codes: recovery_codes
            .iter()
            .map(|c| auth::recovery_hash(c))
            .collect(),
        failed_logins: 0,
        locked_until: None,
        totp_last_step: 0,
        expires_at: spec.expires_at,
        created_at: now,
    };
    if !store.put_user(&record, true)? {
        return Err(UserError::Exists(spec.username));
    }
    Ok(NewUser {
        otpauth_uri: auth::otpauth_uri(&spec.username, &totp_secret),
        username: spec.username,
        role: spec.role,
        password,
        totp_secret,
        recovery_codes,
    })
}

/// On first run (no users at all), create an `admin` and return its
/// secrets for the command to print once.
pub fn first_run_admin(store: &dyn Store, now: i64) -> Result<Option<NewUser>, UserError> {
    if !store.users()?.is_empty() {
        return Ok(None);
    }
    create_user(
        store,
        UserSpec {
            username: "admin".into(),
            display_name: "Administrator".into(),
            role: Role::Admin,
            la: None,
            team: None,
            worker: None,
            expires_at: None,
            password: None,
            totp_secret: None,
        },
        now,
    )
    .map(Some)
}

/// A demo user as `sightline demo` prints it. DEMO ONLY: the password and
/// TOTP secret are fixed and published.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: String,
    pub role: Role,
    pub description: String,
    pub password: String,
    pub totp_secret: String,
}

/// The fixed demo TOTP secret of role `r` (demo only).
fn demo_secret(r: Role) -> String {
    auth::base32_encode(format!("sightline-demo-{}", r.code()).as_bytes())
}

/// The social worker with the most children allocated at the end of the
/// records, and their team.
fn busiest_worker(council: &Council) -> Option<(i64, i64, String)> {
    let mut counts: std::collections::HashMap<i64, usize> = Default::default();
    for r in &council.children {
        if let Some(a) = r.allocations.iter().rev().find(|a| a.end.is_none()) {
            *counts.entry(a.worker).or_default() += 1;
        }
    }
    council
        .workers
        .iter()
        .filter(|w| w.role == WorkerRole::SocialWorker || w.role.is_social_worker())
        .max_by_key(|w| {
            (
                counts.get(&w.id).copied().unwrap_or(0),
                std::cmp::Reverse(w.id),
            )
        })
        .map(|w| (w.id, w.team, w.name.clone()))
}

/// Create one user per role for council `la` (skipping any that exist),
/// DEMO ONLY: fixed passwords (`demo-<role>-password`) and fixed TOTP
/// secrets, returned for the demo to print. The social worker is the worker
/// with the most allocated children; the team manager manages their team;
/// the inspector's account expires after 30 days; a restricted record of
/// the social worker's caseload is named to the team manager only.
pub fn demo_users(store: &dyn Store, la: LaNumber, now: i64) -> Result<Vec<DemoUser>, UserError> {
    let council = store
        .load_council(la)?
        .ok_or(UserError::Store(StoreError::NoSuchCouncil(la)))?;
    let (worker, team, worker_name) = busiest_worker(&council)
        .ok_or_else(|| UserError::Invalid("the council has no workers".into()))?;
    let team_name = council
        .teams
        .iter()
        .find(|t| t.id == team)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    for role in Role::ALL {
        let username = format!("demo.{}", role.code().replace('_', "."));
        let (desc, team, worker, expires) = match role {
            Role::SocialWorker => (
                format!("{worker_name}, {team_name}: own caseload; team read-only"),
                Some(team),
                Some(worker),
                None,
            ),
            Role::TeamManager => (format!("manager of {team_name}"), Some(team), None, None),
            Role::Inspector => (
                "read-only, account expires in 30 days".to_string(),
                None,
                None,
                Some(now + 30 * 86_400),
            ),
            r => (r.label().to_string(), None, None, None),
        };
        let password = format!("demo-{}-password", role.code().replace('_', "-"));
        let totp_secret = demo_secret(role);
        if store.user(&username)?.is_none() {
            create_user(
                store,
                UserSpec {
                    username: username.clone(),
                    display_name: format!("Demo {}", role.label().to_lowercase()),
                    role,
                    la: Some(la),
                    team,
                    worker,
                    expires_at: expires,
                    password: Some(password.clone()),
                    totp_secret: Some(totp_secret.clone()),
                },
                now,
            )?;
        }
        out.push(DemoUser {
            username,
            role,
            description: desc,
            password,
            totp_secret,
        });
    }
    // Name the team manager on any restricted record of the worker's
    // caseload, so the demo shows both sides of the restriction.
    for r in &council.children {
        let allocated = r
            .allocations
            .iter()
            .rev()
            .find(|a| a.end.is_none())
            .is_some_and(|a| a.worker == worker);
        if r.child.restricted && allocated {
            store.grant_restricted(la, &r.child.id, "demo.team.manager")?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_from_names() {
        assert_eq!(username_from_name("Amy Khan"), "amy.khan");
        assert_eq!(username_from_name("  Jo  O'Neil-Smith "), "jo.oneilsmith");
    }

    #[test]
    fn created_users_keep_only_hashes() {
        let store = sightline_store::testing::sqlite();
        let new = create_user(
            &*store,
            UserSpec {
                username: "amy.khan".into(),
                display_name: "Amy Khan".into(),
                role: Role::Director,
                la: None,
                team: None,
                worker: None,
                expires_at: None,
                password: None,
                totp_secret: None,
            },
            1_700_000_000,
        )
        .unwrap();
        let stored = store.user("amy.khan").unwrap().unwrap();
        assert!(auth::verify_password(&new.password, &stored.password_hash));
        assert!(!stored.password_hash.contains(&new.password));
        assert_eq!(stored.recovery_codes.len(), auth::RECOVERY_CODES);
        assert!(!stored.recovery_codes.contains(&new.recovery_codes[0]));
        assert_eq!(stored.totp_secret, new.totp_secret);
        assert!(
            new.otpauth_uri
                .starts_with("otpauth://totp/Sightline:amy.khan?secret=")
        );
        // A second user of the same name is refused; a worker needs a team.
        let again = UserSpec {
            username: "amy.khan".into(),
            display_name: "A".into(),
            role: Role::Director,
            la: None,
            team: None,
            worker: None,
            expires_at: None,
            password: None,
            totp_secret: None,
        };
        assert!(matches!(
            create_user(&*store, again.clone(), 0),
            Err(UserError::Exists(_))
        ));
        let sw = UserSpec {
            username: "sw".into(),
            role: Role::SocialWorker,
            ..again
        };
        assert!(matches!(
            create_user(&*store, sw, 0),
            Err(UserError::Invalid(_))
        ));
        // No first-run admin once there are users.
        assert!(first_run_admin(&*store, 0).unwrap().is_none());
    }
}
