//! `sightline workforce`: the workforce and quality-assurance views over a
//! council in the store: census figures, caseloads and breaches, the
//! unallocated-cases list, transfers, rota cover, audit grades by quarter,
//! team health checks, VEMT counts and the council's children's homes.
//!
//! ```text
//! sightline workforce import     --la 806 records.json
//! sightline workforce export     --la 806 > records.json
//! sightline workforce summary    --la 806 --as-of 2016-09-30 [--team 3 | --service safeguarding]
//! sightline workforce caseloads  --la 806 --as-of 2016-09-30 [--breaches] [--limit social_worker=18]
//!                                [--nqsw-limit 10] [--nqsw-months 6]
//! sightline workforce unallocated --la 806 --as-of 2016-09-30
//! sightline workforce transfers  --la 806 --as-of 2016-09-30
//! sightline workforce rota       --la 806 --team 3 --from 2016-09-01 --to 2016-09-30 [--min 2]
//! sightline workforce audits     --la 806 --quarter 2016-Q1
//! ```
//! Every view takes `--format text|json`. `import` reads the records as
//! JSON (`sightline_domain::quality::QualityRecords`), refuses the whole file
//! on the first problem (overlapping employment, an audit by the case's own
//! manager, a rota leaving a team with nobody, duplicate ids: exit 1,
//! nothing saved) and otherwise replaces the council's records in one
//! transaction. Unreadable input or store: exit 2.
//!
//! What it does not do: edit single records (the web app will) or generate
//! synthetic records.

use anyhow::Context;
use sightline_domain::calendar::{parse_iso_date, parse_uk_date};
use sightline_domain::quality::{Grade, QualityRecords};
use sightline_domain::{Council, Date, Service, WorkerRole};
use sightline_workforce::allocation::{TransferStatus, transfers, unallocated};
use sightline_workforce::assurance::{
    Quarter, health_checks_due, quarter_vs_previous, vemt_counts,
};
use sightline_workforce::caseload::{CaseloadLimits, breaches, caseloads};
use sightline_workforce::census::census;
use sightline_workforce::rota::{Rota, coverage};
use sightline_workforce::{Scope, round1};

use super::{Global, resolve_la};

/// `println!` that ends quietly when stdout is closed (`| head`) and
/// reports any other write error.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            return Err(e.into());
        }
    }};
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Common {
    /// The council (DfE number such as 806, or ONS code).
    #[arg(long)]
    pub la: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Caseload limits (defaults: social worker and senior practitioner 20,
/// personal adviser 25, NQSW 12 for their first 6 months).
#[derive(clap::Args, Debug)]
pub struct LimitArgs {
    /// A full-time limit for a role, e.g. --limit social_worker=18 (repeatable).
    #[arg(long = "limit", value_name = "ROLE=N")]
    pub limits: Vec<String>,
    /// The NQSW limit.
    #[arg(long, value_name = "N")]
    pub nqsw_limit: Option<u32>,
    /// Months after qualifying the NQSW limit applies.
    #[arg(long, value_name = "M")]
    pub nqsw_months: Option<u32>,
}

impl LimitArgs {
    fn limits(&self) -> anyhow::Result<CaseloadLimits> {
        let mut l = CaseloadLimits::default();
        for spec in &self.limits {
            let (role, n) = spec.split_once('=').with_context(|| {
                format!("--limit {spec:?}: expected ROLE=N, e.g. social_worker=18")
            })?;
            let role = WorkerRole::parse(role.trim()).with_context(|| {
                format!(
                    "--limit {spec:?}: unknown role {role:?}; expected one of {}",
                    WorkerRole::ALL.map(|r| r.code()).join(", ")
                )
            })?;
            let n: u32 = n.trim().parse().with_context(|| {
                format!("--limit {spec:?}: expected a whole number of cases after '='")
            })?;
            l.by_role.retain(|(r, _)| *r != role);
            l.by_role.push((role, n));
        }
        if let Some(n) = self.nqsw_limit {
            l.nqsw_limit = n;
        }
        if let Some(m) = self.nqsw_months {
            l.nqsw_months = m;
        }
        Ok(l)
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Replace the council's workforce and quality records from a JSON file (all or nothing).
    Import {
        #[command(flatten)]
        common: Common,
        /// QualityRecords as JSON.
        file: std::path::PathBuf,
    },
    /// Write the council's workforce and quality records as JSON (the import format).
    Export {
        /// The council (DfE number such as 806, or ONS code).
        #[arg(long)]
        la: String,
    },
    /// Census figures (caseload per FTE, agency, vacancy, turnover), unallocated cases,
    /// caseload breaches, overdue transfers and health checks, VEMT counts, homes.
    Summary {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        as_of: String,
        /// Only this team (its id).
        #[arg(long, conflicts_with = "service")]
        team: Option<i64>,
        /// Only this service (front_door, assessment, safeguarding, looked_after, ...).
        #[arg(long)]
        service: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Each case-holding worker's caseload against their limit.
    Caseloads {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        as_of: String,
        /// Only workers over their limit.
        #[arg(long)]
        breaches: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Children with an open case and nobody allocated, with days unallocated.
    Unallocated {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        as_of: String,
    },
    /// Pending and overdue transfers under the council's transfer rules.
    Transfers {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        as_of: String,
    },
    /// Who is in, per working day, for one team; days below the minimum flagged.
    Rota {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        team: i64,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Minimum number of workers in.
        #[arg(long, default_value_t = 1)]
        min: usize,
    },
    /// Case file audit grades in a quarter against the previous quarter.
    Audits {
        #[command(flatten)]
        common: Common,
        /// Financial-year quarter: 2016-Q1 is April-June 2016.
        #[arg(long)]
        quarter: String,
    },
}

fn date(flag: &str, s: &str) -> anyhow::Result<Date> {
    parse_iso_date(s)
        .or_else(|| parse_uk_date(s))
        .with_context(|| format!("--{flag} {s:?}: expected a date like 2016-09-30 or 30/09/2016"))
}

fn load(
    global: &Global,
    la: &str,
) -> anyhow::Result<(Box<dyn sightline_store::Store>, Council, QualityRecords)> {
    let la = resolve_la(la)?;
    let store = sightline_store::open(&global.db)?;
    let council = store
        .load_council(la.number)?
        .with_context(|| format!("the store holds no records for {} ({})", la.name, la.number))?;
    let records = store.load_quality(la.number)?;
    Ok((store, council, records))
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{:.1}", round1(v)))
}

fn fte(h: u64) -> String {
    format!("{:.2}", h as f64 / 100.0)
}

fn team_name(c: &Council, id: i64) -> String {
    c.teams
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| format!("team {id}"), |t| t.name.clone())
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    out!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<std::process::ExitCode> {
    match args.action {
        Action::Import { common, file } => return import(global, &common, &file),
        Action::Export { la } => {
            let (_s, _council, rec) = load(global, &la)?;
            print_json(&rec)?;
        }
        Action::Summary {
            common,
            as_of,
            team,
            service,
            limits,
        } => {
            let limits = limits.limits()?;
            let as_of = date("as-of", &as_of)?;
            let scope = match (team, service) {
                (Some(t), _) => Scope::Team(t),
                (None, Some(s)) => Scope::Service(Service::parse(&s).with_context(|| {
                    format!(
                        "--service {s:?}: expected one of {}",
                        Service::ALL.map(|s| s.code()).join(", ")
                    )
                })?),
                _ => Scope::Council,
            };
            let (_s, council, rec) = load(global, &common.la)?;
            summary(&council, &rec, &limits, scope, as_of, common.format)?;
        }
        Action::Caseloads {
            common,
            as_of,
            breaches: only,
            limits,
        } => {
            let limits = limits.limits()?;
            let as_of = date("as-of", &as_of)?;
            let (_s, council, _rec) = load(global, &common.la)?;
            let loads = caseloads(&council, &limits, Scope::Council, as_of);
            let shown: Vec<_> = if only {
                breaches(&loads).into_iter().cloned().collect()
            } else {
                loads
            };
            match common.format {
                Format::Json => print_json(&shown)?,
                Format::Text => {
                    out!("Caseloads at {as_of} ({} workers)", shown.len());
                    for l in &shown {
                        out!(
                            "{:>6}  {:<28} {:<24} {:>4} FTE {:>3} cases  limit {:>3}{}{}",
                            l.worker,
                            l.name,
                            team_name(&council, l.team),
                            fte(u64::from(l.fte_hundredths)),
                            l.cases,
                            l.limit.map_or_else(|| "-".into(), |x| x.to_string()),
                            if l.nqsw { "  NQSW" } else { "" },
                            if l.is_breach() { "  OVER LIMIT" } else { "" }
                        );
                    }
                }
            }
        }
        Action::Unallocated { common, as_of } => {
            let as_of = date("as-of", &as_of)?;
            let (_s, council, _rec) = load(global, &common.la)?;
            let u = unallocated(&council, as_of);
            match common.format {
                Format::Json => print_json(&u)?,
                Format::Text => {
                    out!("Unallocated cases at {as_of}: {}", u.len());
                    for x in &u {
                        out!(
                            "  {:<12} since {}  {:>4} days",
                            x.child.as_str(),
                            x.since,
                            x.days
                        );
                    }
                }
            }
        }
        Action::Transfers { common, as_of } => {
            let as_of = date("as-of", &as_of)?;
            let (_s, council, rec) = load(global, &common.la)?;
            let mut all = Vec::new();
            for rule in &rec.transfer_rules {
                all.extend(transfers(&council, rule, as_of).into_iter().filter(|t| {
                    matches!(t.status, TransferStatus::Pending | TransferStatus::Overdue)
                }));
            }
            match common.format {
                Format::Json => print_json(&all)?,
                Format::Text => {
                    out!("Transfers pending or overdue at {as_of}: {}", all.len());
                    for t in &all {
                        out!(
                            "  rule {:<3} {:<12} triggered {}  due {}  {:?} ({} working days)",
                            t.rule,
                            t.child.as_str(),
                            t.triggered,
                            t.deadline,
                            t.status,
                            t.working_days
                        );
                    }
                }
            }
        }
        Action::Rota {
            common,
            team,
            from,
            to,
            min,
        } => {
            let (from, to) = (date("from", &from)?, date("to", &to)?);
            anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
            let (_s, council, rec) = load(global, &common.la)?;
            anyhow::ensure!(
                council.teams.iter().any(|t| t.id == team),
                "--team {team}: no such team in {}",
                council.name
            );
            let rota = Rota::new(&rec.patterns, &rec.leave);
            let cov = coverage(&council, &rota, &[team], from, to, min);
            match common.format {
                Format::Json => print_json(&cov)?,
                Format::Text => {
                    out!(
                        "{}: cover from {from} to {to} (minimum {min})",
                        team_name(&council, team)
                    );
                    for c in &cov {
                        out!(
                            "  {} {}  {:>2} in{}",
                            c.date.format("%a"),
                            c.date,
                            c.present.len(),
                            if c.below_minimum {
                                "  BELOW MINIMUM"
                            } else {
                                ""
                            }
                        );
                    }
                }
            }
        }
        Action::Audits { common, quarter } => {
            let q: Quarter = quarter.parse()?;
            let (_s, _council, rec) = load(global, &common.la)?;
            let (now, prev) = quarter_vs_previous(&rec.audits, q);
            match common.format {
                Format::Json => print_json(&serde_json::json!({"quarter": now, "previous": prev}))?,
                Format::Text => {
                    out!(
                        "Case file audits {}: {} (previous quarter {}: {})",
                        now.label,
                        now.audits,
                        prev.label,
                        prev.audits
                    );
                    for (i, g) in Grade::ALL.iter().enumerate() {
                        out!(
                            "  {:<22} {:>4} {:>4}%   previous {:>4} {:>4}%",
                            g.label(),
                            now.counts[i],
                            now.percent[i],
                            prev.counts[i],
                            prev.percent[i]
                        );
                    }
                    out!(
                        "  Good or better: {}% (previous {}%)",
                        rate(now.good_or_better),
                        rate(prev.good_or_better)
                    );
                }
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Exit 0 when saved, 1 when the records are refused (nothing saved), and
/// an error (exit 2) when the file or the store cannot be used.
fn import(
    global: &Global,
    common: &Common,
    file: &std::path::Path,
) -> anyhow::Result<std::process::ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let rec: QualityRecords = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: line {}, column {}: {e}",
            file.display(),
            e.line(),
            e.column()
        )
    })?;
    let (store, council, _old) = load(global, &common.la)?;
    if let Err(e) = sightline_workforce::check_records(&council, &rec) {
        eprintln!("error: {}: {e}; nothing was saved", file.display());
        return Ok(std::process::ExitCode::from(1));
    }
    store.save_quality(council.la, &rec)?;
    out!(
        "{}: saved {} posts, {} working patterns, {} leave, {} audits ({} forms), {} health checks, {} VEMT ({} meetings), {} homes, {} transfer rules, {} safety plans and SEND risk assessments",
        council.name,
        rec.posts.len(),
        rec.patterns.len(),
        rec.leave.len(),
        rec.audits.len(),
        rec.audit_forms.len(),
        rec.health_checks.len(),
        rec.vemt.len(),
        rec.vemt_meetings.len(),
        rec.homes.len(),
        rec.transfer_rules.len(),
        rec.risk_plans.len()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

fn summary(
    council: &Council,
    rec: &QualityRecords,
    limits: &CaseloadLimits,
    scope: Scope,
    as_of: Date,
    format: Format,
) -> anyhow::Result<()> {
    let f = census(council, &rec.posts, scope, as_of);
    let loads = caseloads(council, limits, scope, as_of);
    let over = breaches(&loads);
    let unalloc: Vec<_> = unallocated(council, as_of)
        .into_iter()
        .filter(|u| {
            scope == Scope::Council
                || council
                    .children
                    .iter()
                    .find(|c| c.child.id == u.child)
                    .and_then(|c| {
                        c.allocations
                            .iter()
                            .filter_map(|a| a.end.map(|e| (e, a.worker)))
                            .max()
                    })
                    .and_then(|(_, w)| council.workers.iter().find(|x| x.id == w))
                    .is_some_and(|w| scope.has_worker(council, w))
        })
        .collect();
    let mut overdue_transfers = 0;
    for rule in &rec.transfer_rules {
        overdue_transfers += transfers(council, rule, as_of)
            .iter()
            .filter(|t| t.status == TransferStatus::Overdue)
            .count();
    }
    let checks: Vec<_> = health_checks_due(council, &rec.health_checks, as_of)
        .into_iter()
        .filter(|h| scope.has_team(council, h.team))
        .collect();
    let year_from = as_of
        .checked_sub_months(chrono::Months::new(12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(as_of);
    let vemt = vemt_counts(council, &rec.vemt, year_from, as_of);
    let homes: Vec<_> = rec
        .homes
        .iter()
        .map(|h| {
            let latest = h.latest_on(as_of);
            serde_json::json!({
                "name": h.name, "urn": h.urn, "places": h.places,
                "latest_grade": latest.map(|i| i.grade), "inspected": latest.map(|i| i.date),
            })
        })
        .collect();
    match format {
        Format::Json => print_json(&serde_json::json!({
            "census": f,
            "caseload_breaches": over,
            "unallocated": unalloc,
            "overdue_transfers": overdue_transfers,
            "health_checks": checks,
            "vemt": vemt,
            "homes": homes,
        })),
        Format::Text => {
            let scope_name = match scope {
                Scope::Council => council.name.clone(),
                Scope::Service(s) => s.label().to_string(),
                Scope::Team(t) => team_name(council, t),
            };
            out!("Workforce at {as_of}: {scope_name}");
            out!(
                "  Caseload per case-holding FTE   {:>6}  ({} cases / {} FTE)",
                rate(f.caseload_per_fte),
                f.cases,
                fte(f.case_holder_fte)
            );
            out!(
                "  Agency rate                     {:>6}% ({} FTE, {} agency social workers)",
                rate(f.agency_rate),
                fte(f.agency_fte),
                f.agency_headcount
            );
            out!(
                "  Vacancy rate                    {:>6}% ({} vacant of {} funded FTE)",
                rate(f.vacancy_rate),
                fte(f.vacant_fte),
                fte(f.funded_fte)
            );
            out!(
                "  Turnover {} to {}  {:>6}% ({} FTE left)",
                f.turnover_from,
                as_of,
                rate(f.turnover_rate),
                fte(f.leavers_fte)
            );
            out!("  Unallocated cases               {:>6}", unalloc.len());
            out!("  Caseloads over their limit      {:>6}", over.len());
            out!("  Overdue transfers               {:>6}", overdue_transfers);
            out!(
                "  Team health checks overdue      {:>6} of {}",
                checks.iter().filter(|h| h.overdue).count(),
                checks.len()
            );
            out!(
                "  VEMT (year to date): {} considered ({} female, {} male), {} at risk of CSE ({} high, {} medium, {} low), {} open",
                vemt.considered,
                vemt.female,
                vemt.male,
                vemt.at_risk_of_cse,
                vemt.cse_high,
                vemt.cse_medium,
                vemt.cse_low,
                vemt.open
            );
            for h in &rec.homes {
                let latest = h.latest_on(as_of);
                out!(
                    "  Home {} ({}, {} places): {}",
                    h.name,
                    h.urn,
                    h.places,
                    latest.map_or_else(
                        || "not yet inspected".into(),
                        |i| format!("{} ({})", i.grade.label(), i.date)
                    )
                );
            }
            Ok(())
        }
    }
}
