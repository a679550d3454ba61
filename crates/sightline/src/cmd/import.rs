//! `sightline import 903 DIR --year YYYY --la CODE` and `sightline import cin FILE --la CODE`.
//!
//! All or nothing: a structural error (missing column, unparseable date,
//! unknown code, malformed XML) rejects the whole import with exit 2 and the
//! store untouched. Rule failures do not block: they are stored as
//! data-quality queries on the children and summarised. Re-importing a year
//! replaces that year's data for the council in one transaction.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sightline_domain::{ChildId, Council};
use sightline_exchange::Finding;
use sightline_exchange::merge::{ReturnKind, merge_return};
use sightline_store::{ChangeSet, DataQualityQuery};

use super::{Global, ReturnArg};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which return: `903` (a directory of CSV tables) or `cin` (one XML file).
    pub kind: ReturnArg,
    /// The return to import.
    pub path: PathBuf,
    /// Collection year (required for the 903; the CIN census states its own, which this must match if given).
    #[arg(long)]
    pub year: Option<i32>,
    /// The council: DfE LA number (806) or ONS code (E06000002).
    #[arg(long)]
    pub la: String,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let la = super::resolve_la(&args.la)?;
    let (kind, year, records, findings) = match args.kind {
        ReturnArg::Ssda903 => {
            let year = super::collection_year(
                args.year
                    .context("--year is required for the SSDA903 (e.g. --year 2025)")?,
            )?;
            let ret = sightline_ssda903::read_dir(&args.path)?;
            let records = sightline_ssda903::to_records(&ret, la.number)?;
            let findings = sightline_ssda903::validate(&ret, year);
            (ReturnKind::Ssda903, year, records, findings)
        }
        ReturnArg::Cin => {
            let census = sightline_cin::read_file(&args.path)?;
            let stated = census.header.year.get().map(|y| y as i32);
            let year = match (stated, args.year) {
                (Some(s), Some(y)) if s != y => anyhow::bail!(
                    "{} is the census for {s} but --year says {y}",
                    args.path.display()
                ),
                (Some(y), _) | (None, Some(y)) => super::collection_year(y)?,
                (None, None) => anyhow::bail!(
                    "{}: the header has no valid Year; give --year",
                    args.path.display()
                ),
            };
            let records = sightline_cin::to_records(&census, la.number)?;
            let findings = sightline_cin::validate(&census, year);
            (ReturnKind::Cin, year, records, findings)
        }
    };
    let source = format!(
        "{}:{}",
        match kind {
            ReturnKind::Ssda903 => "903",
            ReturnKind::Cin => "cin",
        },
        year.0
    );
    let queries = to_queries(&source, &findings);
    let store = sightline_store::open(&global.db)?;
    let existing = store.load_council(la.number)?;
    let is_new = existing.is_none();
    let council = existing.unwrap_or_else(|| Council {
        la: la.number,
        name: la.name.clone(),
        population_0_17: sightline_domain::la::population_for(
            sightline_domain::la::reference_population(),
            la.number,
            year.0,
        )
        .map_or(0, |p| p.population_0_17),
        teams: vec![],
        workers: vec![],
        children: vec![],
    });
    let imported = records.len();
    let merged = merge_return(&council, records, kind, year);
    let new_children = merged.new_children;
    if is_new {
        let mut council = council;
        council.children = merged.changed;
        store.replace_council(&council, &|_, _| {})?;
        store.apply(
            la.number,
            &ChangeSet {
                data_quality: Some((source.clone(), queries)),
                ..ChangeSet::default()
            },
        )?;
    } else {
        store.apply(
            la.number,
            &ChangeSet {
                upsert_children: merged.changed,
                delete_children: vec![],
                data_quality: Some((source.clone(), queries)),
            },
        )?;
    }
    println!(
        "Imported {} {} for {} ({}): {imported} children ({new_children} new).",
        match kind {
            ReturnKind::Ssda903 => "SSDA903",
            ReturnKind::Cin => "CIN census",
        },
        year.label(),
        la.name,
        la.number
    );
    summarise(&findings);
    Ok(ExitCode::SUCCESS)
}

/// Rule failures become data-quality queries on the child.
fn to_queries(source: &str, findings: &[Finding]) -> Vec<DataQualityQuery> {
    findings
        .iter()
        .map(|f| DataQualityQuery {
            source: source.to_string(),
            rule: f.rule.clone(),
            child: f.child.as_deref().and_then(|c| ChildId::parse(c).ok()),
            location: sightline_exchange::report::place(f),
            fields: f.fields.clone(),
            message: f.message.clone(),
        })
        .collect()
}

fn summarise(findings: &[Finding]) {
    if findings.is_empty() {
        println!("No rule failures.");
        return;
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    println!(
        "{} rule failures stored as data-quality queries ({} rules): {}",
        findings.len(),
        by_rule.len(),
        by_rule
            .iter()
            .map(|(r, n)| format!("{r}×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
