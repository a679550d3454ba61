//! `sightline serve`: serve the web app over the store.
//!
//! On first run (a store with no users) an `admin` user is created and its
//! password, TOTP secret and recovery codes are printed once on standard
//! error.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (loopback by default; say 0.0.0.0:8080 to expose it).
    #[arg(long, default_value_t = sightline_web::default_bind())]
    pub bind: SocketAddr,
    /// Mark cookies Secure: set this when users reach Sightline over HTTPS
    /// (for example behind a TLS-terminating proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Sign users out after this many minutes without a request.
    #[arg(long, default_value_t = 30)]
    pub idle_minutes: i64,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store: Arc<dyn sightline_store::Store> = Arc::from(sightline_store::open(&global.db)?);
    let config = sightline_web::WebConfig {
        secure_cookies: args.secure_cookies,
        idle_timeout: args.idle_minutes.max(1) * 60,
        ..Default::default()
    };
    serve_with(store, args.bind, config)?;
    Ok(ExitCode::SUCCESS)
}

/// Print a new user's secrets once.
pub fn print_new_user(u: &sightline_web::NewUser) {
    eprintln!("  username:       {}", u.username);
    eprintln!("  role:           {}", u.role.label());
    eprintln!("  password:       {}", u.password);
    eprintln!("  TOTP secret:    {}", u.totp_secret);
    eprintln!("  TOTP URI:       {}", u.otpauth_uri);
    eprintln!("  recovery codes: {}", u.recovery_codes.join(" "));
    eprintln!("  (shown once: keep them safe)");
}

/// Build the app state from the store and serve until Ctrl-C, with the
/// default settings.
pub fn serve(store: Arc<dyn sightline_store::Store>, bind: SocketAddr) -> anyhow::Result<()> {
    serve_with(store, bind, sightline_web::WebConfig::default())
}

/// Build the app state from the store and serve until Ctrl-C.
pub fn serve_with(
    store: Arc<dyn sightline_store::Store>,
    bind: SocketAddr,
    config: sightline_web::WebConfig,
) -> anyhow::Result<()> {
    let state = sightline_web::AppState::new(store, config)?;
    if let Some(admin) = sightline_web::users::first_run_admin(state.store.as_ref(), state.now())
        .context("cannot create the first-run admin")?
    {
        eprintln!("First run: created the administrator.");
        print_new_user(&admin);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the web server's runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind}"))?;
        let addr = listener.local_addr().unwrap_or(bind);
        eprintln!("Serving Sightline at http://{addr}/ (Ctrl-C to stop)");
        sightline_web::serve(listener, state)
            .await
            .context("the web server stopped with an error")
    })
}
