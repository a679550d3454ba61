//! `sightline audit verify`: check each council's access audit chain and
//! name the first entry that no longer matches (exit 1), or print the
//! number of entries and the latest hash (publish it to detect a wholesale
//! rewrite later).

use std::process::ExitCode;

use sightline_domain::LaNumber;

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Verify the hash chain of the access audit log.
    Verify {
        /// Only this council (DfE LA number).
        #[arg(long)]
        la: Option<String>,
    },
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store = sightline_store::open(&global.db)?;
    let Action::Verify { la } = args.action;
    let las: Vec<LaNumber> = match la {
        Some(s) => vec![LaNumber::parse(&s).map_err(|e| anyhow::anyhow!("--la {s:?}: {e}"))?],
        None => store.councils()?.into_iter().map(|c| c.la).collect(),
    };
    let mut ok = true;
    for la in las {
        let entries = store.access_log(la, None, None)?;
        match sightline_web::audit::verify(&entries) {
            Ok(v) => println!(
                "council {la}: {} entries, chain intact, latest hash {}",
                v.entries,
                if v.head.is_empty() { "-" } else { &v.head }
            ),
            Err(e) => {
                ok = false;
                println!("council {la}: TAMPERED: {e}");
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
