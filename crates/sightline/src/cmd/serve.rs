//! `sightline serve`: serve the web app over the store.

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
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store: Arc<dyn sightline_store::Store> = Arc::from(sightline_store::open(&global.db)?);
    serve(store, args.bind)?;
    Ok(ExitCode::SUCCESS)
}

/// Build the app state from the store and serve until Ctrl-C.
pub fn serve(store: Arc<dyn sightline_store::Store>, bind: SocketAddr) -> anyhow::Result<()> {
    let overview = sightline_web::overview(store.as_ref())?;
    let state = sightline_web::AppState {
        store,
        overview: Arc::new(overview),
    };
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
