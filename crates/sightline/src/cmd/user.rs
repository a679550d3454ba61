//! `sightline user add`: create a web app user, printing their password,
//! TOTP secret and recovery codes once. `sightline user list` shows who
//! exists (never any secret).

use std::process::ExitCode;

use anyhow::Context;
use sightline_domain::LaNumber;
use sightline_web::policy::Role;
use sightline_web::users::{UserSpec, create_user, username_from_name};

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Create a user.
    Add(AddArgs),
    /// List users (no secrets).
    List,
    /// DEMO ONLY: create one user per role for a council, with fixed,
    /// published passwords and TOTP secrets, and print them (tab-separated:
    /// username, role, password, TOTP secret, description).
    Demo {
        /// Council (DfE LA number); defaults to the store's only council.
        #[arg(long)]
        la: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// The person's name, e.g. "Amy Khan" (the username is made from it unless --username).
    #[arg(long)]
    pub name: String,
    /// social_worker, team_manager, head_of_service, director,
    /// performance_officer, elected_member, inspector or admin.
    #[arg(long)]
    pub role: String,
    /// Team (id or name) the user works in or manages; needed for social workers and team managers.
    #[arg(long)]
    pub team: Option<String>,
    /// Council (DfE LA number); defaults to the store's only council. Admins may be for all councils.
    #[arg(long)]
    pub la: Option<String>,
    #[arg(long)]
    pub username: Option<String>,
    /// The worker record (SW id) children are allocated to; found by name when omitted.
    #[arg(long)]
    pub worker: Option<String>,
    /// Days until the account expires (inspectors: default 30).
    #[arg(long)]
    pub expires_days: Option<i64>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store = sightline_store::open(&global.db)?;
    match args.action {
        Action::List => {
            for u in store.users()? {
                println!(
                    "{}\t{}\t{}\tla {}\tteam {}",
                    u.username,
                    u.role,
                    u.display_name,
                    u.la.map_or("all".to_string(), |l| l.to_string()),
                    u.team.map_or("-".to_string(), |t| t.to_string())
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Add(a) => add(a, store.as_ref()),
        Action::Demo { la } => {
            let la = match la {
                Some(s) => LaNumber::parse(&s).map_err(|e| anyhow::anyhow!("--la {s:?}: {e}"))?,
                None => match store.councils()?.as_slice() {
                    [one] => one.la,
                    [] => anyhow::bail!("the store holds no council: load one first"),
                    _ => anyhow::bail!("the store holds several councils: say which with --la"),
                },
            };
            let now = chrono::Utc::now().timestamp();
            eprintln!("DEMO USERS: fixed, published credentials. Never use them with real data.");
            for u in sightline_web::demo_users(store.as_ref(), la, now)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role.code(),
                    u.password,
                    u.totp_secret,
                    u.description
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn add(a: AddArgs, store: &dyn sightline_store::Store) -> anyhow::Result<ExitCode> {
    let role = Role::parse(&a.role).with_context(|| {
        format!(
            "--role {:?}: expected one of {}",
            a.role,
            Role::ALL.map(|r| r.code()).join(", ")
        )
    })?;
    let la = match &a.la {
        Some(s) => Some(LaNumber::parse(s).map_err(|e| anyhow::anyhow!("--la {s:?}: {e}"))?),
        None => {
            let held = store.councils()?;
            match (held.len(), role) {
                (1, _) => Some(held[0].la),
                (_, Role::Admin) => None,
                (0, _) => anyhow::bail!("the store holds no council: load one first"),
                _ => anyhow::bail!("the store holds several councils: say which with --la"),
            }
        }
    };
    let council = match la {
        Some(l) => store.load_council(l)?,
        None => None,
    };
    let team = match (&a.team, &council) {
        (None, _) => None,
        (Some(t), Some(c)) => Some(
            c.teams
                .iter()
                .find(|x| x.id.to_string() == *t || x.name.eq_ignore_ascii_case(t))
                .map(|x| x.id)
                .with_context(|| {
                    format!(
                        "--team {t:?}: no such team; the teams are {}",
                        c.teams
                            .iter()
                            .map(|x| format!("{} ({})", x.id, x.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?,
        ),
        (Some(t), None) => Some(
            t.parse::<i64>()
                .with_context(|| format!("--team {t:?}: expected a team id"))?,
        ),
    };
    let worker = match (&a.worker, &council) {
        (Some(w), Some(c)) => Some(
            c.workers
                .iter()
                .find(|x| x.sw_id == *w)
                .map(|x| x.id)
                .with_context(|| format!("--worker {w:?}: no worker with that SW id"))?,
        ),
        (Some(w), None) => anyhow::bail!("--worker {w:?} needs a council (--la)"),
        (None, Some(c)) if role == Role::SocialWorker => c
            .workers
            .iter()
            .find(|x| x.name.eq_ignore_ascii_case(a.name.trim()))
            .map(|x| x.id),
        (None, _) => None,
    };
    let now = chrono::Utc::now().timestamp();
    let expires_days = a.expires_days.or((role == Role::Inspector).then_some(30));
    let spec = UserSpec {
        username: a
            .username
            .clone()
            .unwrap_or_else(|| username_from_name(&a.name)),
        display_name: a.name.trim().to_string(),
        role,
        la,
        team,
        worker,
        expires_at: expires_days.map(|d| now + d * 86_400),
        password: None,
        totp_secret: None,
    };
    let new = create_user(store, spec, now)?;
    println!("Created user {}.", new.username);
    super::serve::print_new_user(&new);
    Ok(ExitCode::SUCCESS)
}
