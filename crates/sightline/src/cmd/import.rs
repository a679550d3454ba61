//! `sightline import 903 DIR --year YYYY --la CODE` and `sightline import cin FILE --la CODE`.
//!
//! All or nothing: a structural error (missing column, unparseable date,
//! unknown code, malformed XML) rejects the whole import with exit 2 and the
//! store untouched. Rule failures do not block: they are stored as
//! data-quality queries on the children and summarised. Re-importing a year
//! replaces that year's data for the council in one transaction.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sightline_domain::{
    ChildId, ChildRecord, Council, Employment, RecordId, Service, Team, Worker, WorkerRole,
};
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
    // SSDA903 social-worker ids, by the worker id the mapping gave them.
    let mut sw_ids: Option<HashMap<RecordId, String>> = None;
    let (kind, year, records, findings) = match args.kind {
        ReturnArg::Ssda903 => {
            let year = super::collection_year(
                args.year
                    .context("--year is required for the SSDA903 (e.g. --year 2025)")?,
            )?;
            let ret = sightline_ssda903::read_dir(&args.path)?;
            let records = sightline_ssda903::to_records(&ret, la.number)?;
            let findings = sightline_ssda903::validate(&ret, year);
            sw_ids = Some(
                ret.sw_episodes
                    .iter()
                    .map(|s| {
                        (
                            sightline_ssda903::mapping::sw_worker_id(&s.sw_id),
                            s.sw_id.clone(),
                        )
                    })
                    .collect(),
            );
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
    let council = store.load_council(la.number)?.unwrap_or_else(|| Council {
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
    let mut changed = merged.changed;
    let (teams, workers) = match &sw_ids {
        Some(sw_ids) => social_workers(&council, &mut changed, sw_ids),
        None => (vec![], vec![]),
    };
    store.apply(
        la.number,
        &ChangeSet {
            upsert_children: changed,
            data_quality: Some((source.clone(), queries)),
            create_council: Some((council.name.clone(), council.population_0_17)),
            upsert_teams: teams,
            upsert_workers: workers,
            ..ChangeSet::default()
        },
    )?;
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

/// Point imported social-worker episodes at the council's workers (matched
/// by their `SW…` identifier), creating a worker for each identifier the
/// council does not know yet, in a team for imported workers.
fn social_workers(
    council: &Council,
    changed: &mut [ChildRecord],
    sw_ids: &HashMap<RecordId, String>,
) -> (Vec<Team>, Vec<Worker>) {
    let known: HashMap<&str, RecordId> = council
        .workers
        .iter()
        .map(|w| (w.sw_id.as_str(), w.id))
        .collect();
    let is_worker: std::collections::HashSet<RecordId> =
        council.workers.iter().map(|w| w.id).collect();
    let mut next_worker = council.workers.iter().map(|w| w.id).max().unwrap_or(0);
    let team_id = council.teams.iter().map(|t| t.id).max().unwrap_or(0) + 1;
    let mut created: HashMap<String, Worker> = HashMap::new();
    for record in changed.iter_mut() {
        for a in record.allocations.iter_mut() {
            if is_worker.contains(&a.worker) {
                continue;
            }
            let Some(sw_id) = sw_ids.get(&a.worker) else {
                continue;
            };
            if let Some(id) = known.get(sw_id.as_str()) {
                a.worker = *id;
                continue;
            }
            let w = created.entry(sw_id.clone()).or_insert_with(|| {
                next_worker += 1;
                Worker {
                    id: next_worker,
                    sw_id: sw_id.clone(),
                    name: sw_id.clone(),
                    team: team_id,
                    role: WorkerRole::SocialWorker,
                    employment: Employment::Permanent,
                    fte_hundredths: 100,
                    start: a.start,
                    end: None,
                    qualified: None,
                    case_holding: true,
                }
            });
            w.start = w.start.min(a.start);
            a.worker = w.id;
        }
    }
    if created.is_empty() {
        return (vec![], vec![]);
    }
    let team = Team {
        id: team_id,
        name: "Imported from the SSDA903 (team not yet recorded)".into(),
        service: Service::LookedAfter,
    };
    let mut workers: Vec<Worker> = created.into_values().collect();
    workers.sort_by_key(|w| w.id);
    (vec![team], workers)
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
