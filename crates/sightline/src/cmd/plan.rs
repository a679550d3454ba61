//! `sightline plan`: the improvement plan's strategic board exception report.
//!
//! ```text
//! sightline plan exceptions --la 806 --meeting 2025-07-15 [--last-meeting 2025-05-20]
//!                           [--targets config/targets/FILE.toml] [--format text|json]
//! ```
//!
//! Thin glue: the plan version in force at the meeting (the latest agreed on
//! or before it) comes from the store; linked indicators are rated by
//! `sightline_indicators` as at the meeting date (with the council's quality
//! records) against the targets file given, or by default the bands the web
//! dashboard and `report board` use (`config/targets/stockton-2016-17.toml`),
//! so all three show the same exceptions; the rules and the change log since
//! the last meeting are `sightline_finance::board`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use sightline_finance::board::version_on;
use sightline_indicators::{Config, Engine, Rag, Targets};

use super::Global;
use super::finance::{Format, date_arg, load};

/// The bands the web dashboard rates indicators with.
const DEFAULT_TARGETS: &str = include_str!("../../../../config/targets/stockton-2016-17.toml");

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// Actions off track, overdue or with a red indicator, and what changed since the last meeting.
    Exceptions {
        /// Council by DfE number (806) or ONS code.
        #[arg(long)]
        la: String,
        /// The board meeting's date.
        #[arg(long)]
        meeting: String,
        /// The previous meeting's date, for the change log.
        #[arg(long)]
        last_meeting: Option<String>,
        /// The council's indicator targets (TOML), to rate linked indicators (default: config/targets/stockton-2016-17.toml, as the web dashboard).
        #[arg(long)]
        targets: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Sub::Exceptions {
        la,
        meeting,
        last_meeting,
        targets,
        format,
    } = args.command;
    let meeting = date_arg("meeting", &meeting)?;
    let last = last_meeting
        .map(|s| date_arg("last-meeting", &s))
        .transpose()?;
    if let Some(l) = last {
        anyhow::ensure!(
            l < meeting,
            "--last-meeting {l} is not before --meeting {meeting}"
        );
    }
    let l = load(global, &la)?;
    let Some(plan) = version_on(&l.records.plans, meeting) else {
        anyhow::bail!(
            "council {} has no action plan agreed on or before {meeting}: import one with `sightline finance import`",
            l.council.la
        );
    };
    let linked = plan.actions.iter().any(|a| !a.indicators.is_empty());
    let mut rags: Vec<(&'static str, Option<Rag>)> = Vec::new();
    if linked {
        let cfg = Config {
            targets: Some(match &targets {
                Some(p) => Targets::load(p)?,
                None => Targets::parse(DEFAULT_TARGETS, "config/targets/stockton-2016-17.toml")?,
            }),
            ..Config::default()
        };
        let quality = sightline_store::open(&global.db)?.load_quality(l.council.la)?;
        let engine = Engine::new(&l.council, &cfg)?.with_quality(&quality);
        rags = engine
            .all(meeting)
            .into_iter()
            .map(|f| (f.id, f.rag))
            .collect();
    }
    for a in &plan.actions {
        for id in &a.indicators {
            if sightline_indicators::definition(id).is_none() {
                eprintln!(
                    "warning: action {} links to {id:?}, which is not an indicator (see `sightline indicators list`); it is never red",
                    a.id
                );
            }
        }
    }
    let rag = |id: &str| rags.iter().find(|(i, _)| *i == id).and_then(|(_, r)| *r);
    let exceptions = sightline_finance::exception_report(plan, meeting, &rag);
    let changes = last.map(|d| sightline_finance::change_log(&l.records.plans, d, meeting));
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            la: sightline_domain::LaNumber,
            meeting: sightline_domain::Date,
            plan_year: String,
            plan_version: u32,
            actions: usize,
            exceptions: &'a [sightline_finance::Exception],
            changes: Option<&'a [sightline_finance::Change]>,
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&Out {
                la: l.council.la,
                meeting,
                plan_year: plan.year.to_string(),
                plan_version: plan.version,
                actions: plan.actions.len(),
                exceptions: &exceptions,
                changes: changes.as_deref(),
            })?
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}) strategic board exception report, meeting {meeting}",
        l.council.name, l.council.la
    )?;
    writeln!(
        out,
        "Action plan {} version {} (agreed {}): {} actions, {} exceptions",
        plan.year,
        plan.version,
        plan.agreed,
        plan.actions.len(),
        exceptions.len()
    )?;
    let mut theme = None;
    for e in &exceptions {
        if theme != Some(e.action.theme) {
            theme = Some(e.action.theme);
            writeln!(out, "\n{}", e.action.theme.label())?;
        }
        let why: Vec<String> = e
            .reasons
            .iter()
            .map(|r| match r {
                sightline_finance::ExceptionReason::OffTrack => "off track (red)".to_string(),
                sightline_finance::ExceptionReason::Overdue { days } => {
                    format!("overdue by {days} days")
                }
                sightline_finance::ExceptionReason::IndicatorRed { indicator } => {
                    format!("indicator {indicator} is red")
                }
            })
            .collect();
        writeln!(
            out,
            "  {:<8} {} (owner {}, due {}, {}): {}",
            e.action.id,
            e.action.description,
            e.action.owner,
            e.action.due,
            e.action.status.label(),
            why.join("; ")
        )?;
    }
    if let (Some(changes), Some(d)) = (&changes, last) {
        writeln!(out, "\nChanges since the meeting of {d}: {}", changes.len())?;
        for c in changes {
            writeln!(out, "  {}", describe(c))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One change-log line as the board reads it.
fn describe(c: &sightline_finance::Change) -> String {
    use sightline_finance::Change as C;
    match c {
        C::Added {
            action,
            description,
        } => format!("{action} added: {description}"),
        C::Removed { action } => format!("{action} removed"),
        C::Status { action, from, to } => {
            format!("{action} status {} -> {}", from.label(), to.label())
        }
        C::Rag { action, from, to } => format!("{action} RAG {} -> {}", from.label(), to.label()),
        C::Due { action, from, to } => format!("{action} due {from} -> {to}"),
        C::Owner { action, from, to } => format!("{action} owner {from} -> {to}"),
        C::Evidence { action, added } => format!("{action} evidence added: {}", added.join("; ")),
    }
}
