//! One module per subcommand. Each owns its clap `Args` and a `run`.

pub mod audit;
pub mod bench;
pub mod demo;
pub mod export;
pub mod finance;
pub mod generate;
pub mod import;
pub mod indicators;
pub mod plan;
pub mod report;
pub mod serve;
pub mod user;
pub mod validate;
pub mod workforce;

use sightline_domain::CollectionYear;
use sightline_domain::la::LocalAuthority;

/// Which statutory return a command is about.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnArg {
    /// The SSDA903 children looked after return (a directory of CSV tables).
    #[value(name = "903")]
    Ssda903,
    /// The children in need census (one XML file).
    Cin,
}

/// A collection year named by the year it ends, within the years the DfE
/// rules here cover.
pub fn collection_year(y: i32) -> anyhow::Result<CollectionYear> {
    anyhow::ensure!(
        (2000..=2100).contains(&y),
        "--year {y}: expected the year a collection year ends, such as 2025 for April 2024 to March 2025"
    );
    Ok(CollectionYear(y))
}

/// A council from its DfE number (806) or ONS code (E06000002).
pub fn resolve_la(code: &str) -> anyhow::Result<&'static LocalAuthority> {
    Ok(sightline_domain::la::find_la(code)?)
}

/// Options shared by every subcommand.
#[derive(Debug, Clone)]
pub struct Global {
    /// Store URL (`--db` / `SIGHTLINE_DB`).
    pub db: String,
}
