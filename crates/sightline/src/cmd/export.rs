//! `sightline export 903 --year YYYY --la CODE --out DIR` and
//! `sightline export cin --year YYYY --la CODE --out FILE`: the returns,
//! produced from the store's records.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::{Global, ReturnArg};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which return: `903` or `cin`.
    pub kind: ReturnArg,
    /// Collection year, named by the year it ends (2025 = April 2024 to March 2025).
    #[arg(long)]
    pub year: i32,
    /// The council: DfE LA number (806) or ONS code (E06000002).
    #[arg(long)]
    pub la: String,
    /// Where to write: a directory for the 903, a file for the CIN census.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let la = super::resolve_la(&args.la)?;
    let year = super::collection_year(args.year)?;
    let store = sightline_store::open(&global.db)?;
    let council = store
        .load_council(la.number)?
        .with_context(|| format!("the store holds no records for {} ({})", la.name, la.number))?;
    match args.kind {
        ReturnArg::Ssda903 => {
            let ret = sightline_ssda903::from_council(&council, year);
            sightline_ssda903::write_dir(&ret, &args.out)?;
        }
        ReturnArg::Cin => {
            if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create the directory {}", parent.display()))?;
            }
            let census = sightline_cin::from_council(&council, year);
            sightline_cin::write_file(&census, &args.out)?;
        }
    }
    println!("Wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
