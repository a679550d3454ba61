//! The `sightline` command: thin glue over the library crates.
//!
//! Exit codes, shared by every subcommand: 0 success; 1 the input was read but
//! a rule failed (validation); 2 the input or the store could not be used
//! (unreadable file, bad argument, unreachable database). Errors print as one
//! line on standard error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod progress;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (`mimalloc.h`, the
/// same number in mimalloc 2 and 3); `libmimalloc-sys` does not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay's documented defaults (ms): 10 in mimalloc 2, 1000 in
/// mimalloc 3 (`options.c`), which `libmimalloc-sys` builds unless asked for
/// version 2. Checking only for 10 left the option unset once the crate
/// moved to mimalloc 3.
const PURGE_DELAY_DEFAULTS: [std::ffi::c_long; 2] = [10, 1000];

/// Keep the memory a batch command frees for its next allocations instead
/// of handing it back to the OS 10 ms (mimalloc 2) or 1 s (mimalloc 3)
/// later. Why: an indicator run over
/// every council builds and drops each council's records in turn (hundreds
/// of MB for a large council); with purging, every council's records landed
/// on fresh pages the kernel had to zero again — a fifth of an England run's
/// CPU time (measured, `perf`). The cost is that the process keeps its peak
/// size until it exits, which suits a command that ends, not the server.
/// The option is set only when it holds mimalloc's documented default, so a
/// mimalloc whose options are numbered differently is left alone.
fn keep_freed_memory() {
    // SAFETY: mi_option_get/mi_option_set only read and write mimalloc's
    // option table; any option number is accepted.
    unsafe {
        if PURGE_DELAY_DEFAULTS.contains(&libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY)) {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

/// Sightline: children's services case records, statutory returns and performance figures.
#[derive(Parser, Debug)]
#[command(name = "sightline", version, about)]
struct Cli {
    /// The store: sqlite://PATH (default sqlite://sightline.db) or postgres://USER@HOST:PORT/DB.
    #[arg(
        long,
        global = true,
        env = "SIGHTLINE_DB",
        default_value = "sqlite://sightline.db"
    )]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build a synthetic council into the store (when empty) and serve the web app.
    Demo(cmd::demo::Args),
    /// Serve the web app over the store.
    Serve(cmd::serve::Args),
    /// Generate a synthetic council into a store (--db) or as statutory returns (--out).
    Generate(cmd::generate::Args),
    /// Validate a statutory return against the DfE rules.
    Validate(cmd::validate::Args),
    /// Import a statutory return into the store (all or nothing).
    Import(cmd::import::Args),
    /// Export a statutory return from the store.
    Export(cmd::export::Args),
    /// Compute the performance indicators.
    Indicators(cmd::indicators::Args),
    /// Produce a report: the quarterly Cabinet report, the headline report or Ofsted Annex A.
    Report(cmd::report::Args),
    /// Measure Sightline's own speed (see docs/PERFORMANCE.md).
    Bench(cmd::bench::Args),
    /// Manage web app users (add prints the secrets once).
    User(cmd::user::Args),
    /// Check the access audit log's hash chain.
    Audit(cmd::audit::Args),
    /// Workforce and quality assurance: caseloads, rota cover, audits, VEMT, homes.
    Workforce(cmd::workforce::Args),
    /// Placement finance: projected outturn, external residential review, staffing cost.
    Finance(cmd::finance::Args),
    /// Improvement plan: the strategic board's exception report.
    Plan(cmd::plan::Args),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SIGHTLINE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    if !matches!(cli.command, Command::Demo(_) | Command::Serve(_)) {
        keep_freed_memory();
    }
    let global = cmd::Global { db: cli.db };
    let result = match cli.command {
        Command::Demo(a) => cmd::demo::run(a, &global),
        Command::Serve(a) => cmd::serve::run(a, &global),
        Command::Generate(a) => cmd::generate::run(a, &global),
        Command::Validate(a) => cmd::validate::run(a, &global),
        Command::Import(a) => cmd::import::run(a, &global),
        Command::Export(a) => cmd::export::run(a, &global),
        Command::Indicators(a) => cmd::indicators::run(a, &global),
        Command::Report(a) => cmd::report::run(a, &global),
        Command::Bench(a) => cmd::bench::run(a, &global),
        Command::User(a) => cmd::user::run(a, &global),
        Command::Audit(a) => cmd::audit::run(a, &global),
        Command::Workforce(a) => cmd::workforce::run(a, &global),
        Command::Finance(a) => cmd::finance::run(a, &global),
        Command::Plan(a) => cmd::plan::run(a, &global),
    };
    match result {
        Ok(code) => code,
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            // The reader of our output went away (`| head`): stop quietly.
            ExitCode::SUCCESS
        }
        Err(e) => {
            // One line: the error and those of its causes that add something
            // (library errors often repeat their source in their own message).
            let mut msg = String::new();
            for cause in e.chain() {
                let text = cause.to_string();
                if !msg.contains(&text) {
                    if !msg.is_empty() {
                        msg.push_str(": ");
                    }
                    msg.push_str(&text);
                }
            }
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so `print!` to a closed pipe (`sightline … | head`)
/// would panic. A command-line tool should end quietly instead, as `cat`
/// does: restore the default action.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists;
    // setting a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    /// The option number and defaults match the mimalloc this build links:
    /// otherwise `keep_freed_memory` silently does nothing (as it once did).
    #[test]
    fn batch_commands_keep_freed_memory() {
        super::keep_freed_memory();
        // SAFETY: reads mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, -1, "mimalloc's purge delay was not turned off");
    }
}
