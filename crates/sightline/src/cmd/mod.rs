//! One module per subcommand. Each owns its clap `Args` and a `run`.

pub mod audit;
pub mod bench;
pub mod demo;
pub mod export;
pub mod generate;
pub mod import;
pub mod indicators;
pub mod report;
pub mod serve;
pub mod user;
pub mod validate;

/// Options shared by every subcommand.
#[derive(Debug, Clone)]
pub struct Global {
    /// Store URL (`--db` / `SIGHTLINE_DB`).
    pub db: String,
}
