//! The improvement boards' papers (seed 001): the operational board's full
//! action tracker and the strategic board's exception report, for a meeting
//! date, each with the change log since the previous meeting.
//!
//! Why: the operational board, chaired by the Director of Children's
//! Services, monitors every action of the improvement plan and "reports on
//! an exception basis" to the strategic board. Both papers come from the
//! same records and rules so the exceptions the strategic board sees are
//! exactly the tracker's rows that break a rule.
//!
//! How: [`prepare`] picks the plan version in force at the meeting (the
//! latest agreed on or before it), rates every linked indicator at the
//! meeting date with the caller's [`Engine`] (its targets decide red), and
//! applies `sightline_finance::board`'s exception rules and change log.
//! [`build`] lays the result out as a [`Document`] that the HTML, DOCX and
//! PDF renderers print; the web app renders the same [`BoardReport`].
//!
//! What it deliberately does not do: compute an indicator itself (the
//! engine does), read the store, or decide who may read the paper. Without
//! a previous meeting date, the change log compares with the version in
//! force the day before this version was agreed (the previous version).

use sightline_domain::Date;
use sightline_domain::improvement::{
    Action, ActionPlan, ActionStatus, ImprovementRecords, Inspection, Theme,
};
use sightline_finance::board::{Change, Exception, ExceptionReason, change_log, version_on};
use sightline_indicators::{Engine, Rag};

use crate::Error;
use crate::doc::{Block, Cell, Document, Table};
use crate::quarter::long_date;

/// Which board the paper is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardKind {
    /// Every action of the plan (the operational board's tracker).
    Operational,
    /// Only the exceptions (the strategic board).
    Strategic,
}

impl BoardKind {
    pub fn parse(s: &str) -> Result<BoardKind, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "operational" => Ok(BoardKind::Operational),
            "strategic" => Ok(BoardKind::Strategic),
            other => Err(Error::BadArgument(format!(
                "{other:?} is not a board: expected operational or strategic"
            ))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BoardKind::Operational => "Operational improvement board",
            BoardKind::Strategic => "Strategic improvement board",
        }
    }
}

/// A linked indicator's figure at the meeting date.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedFigure {
    pub id: String,
    pub label: String,
    /// As printed ("96.6%"), or "not recorded" / "not an indicator".
    pub value: String,
    pub rag: Option<Rag>,
}

/// Everything a board paper shows, computed once for HTML, DOCX and the web page.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardReport {
    pub kind: BoardKind,
    pub council: String,
    pub meeting: Date,
    /// The meeting the change log runs from.
    pub since: Date,
    /// The plan version in force at the meeting.
    pub plan: ActionPlan,
    pub inspection: Option<Inspection>,
    pub exceptions: Vec<Exception>,
    pub changes: Vec<Change>,
    /// Every linked indicator of the plan, in first-linked order.
    pub figures: Vec<LinkedFigure>,
}

impl BoardReport {
    /// The linked figure with this id.
    pub fn figure(&self, id: &str) -> Option<&LinkedFigure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// Actions of the plan in theme then id order.
    pub fn tracker(&self) -> Vec<&Action> {
        let mut v: Vec<&Action> = self.plan.actions.iter().collect();
        v.sort_by(|a, b| {
            (a.theme, sightline_finance::board::action_order(&a.id))
                .cmp(&(b.theme, sightline_finance::board::action_order(&b.id)))
        });
        v
    }

    /// (actions, complete, red) per theme, in theme order.
    pub fn theme_counts(&self) -> Vec<(Theme, usize, usize, usize)> {
        Theme::ALL
            .iter()
            .map(|&t| {
                let mine = self.plan.actions.iter().filter(|a| a.theme == t);
                let (mut n, mut done, mut red) = (0, 0, 0);
                for a in mine {
                    n += 1;
                    done += usize::from(a.status == ActionStatus::Complete);
                    red += usize::from(a.rag == sightline_domain::improvement::ActionRag::Red);
                }
                (t, n, done, red)
            })
            .collect()
    }
}

/// The reasons of an exception as the board reads them.
pub fn reason_text(r: &ExceptionReason, report: &BoardReport) -> String {
    match r {
        ExceptionReason::OffTrack => "Off track (rated red by its owner)".to_string(),
        ExceptionReason::Overdue { days } => {
            format!("Overdue by {days} day{}", if *days == 1 { "" } else { "s" })
        }
        ExceptionReason::IndicatorRed { indicator } => match report.figure(indicator) {
            Some(f) => format!("Indicator red: {} ({})", f.label, f.value),
            None => format!("Indicator red: {indicator}"),
        },
    }
}

/// One change-log line.
pub fn change_text(c: &Change) -> String {
    match c {
        Change::Added {
            action,
            description,
        } => format!("{action} added: {description}"),
        Change::Removed { action } => format!("{action} removed"),
        Change::Status { action, from, to } => {
            format!("{action}: status {} → {}", from.label(), to.label())
        }
        Change::Rag { action, from, to } => {
            format!("{action}: RAG {} → {}", from.label(), to.label())
        }
        Change::Due { action, from, to } => format!("{action}: due date {from} → {to}"),
        Change::Owner { action, from, to } => format!("{action}: owner {from} → {to}"),
        Change::Evidence { action, added } => {
            format!("{action}: evidence added ({})", added.join("; "))
        }
    }
}

/// The paper for a meeting. `engine` rates the linked indicators at the
/// meeting date (its targets decide what is red). Refuses a meeting with no
/// plan agreed on or before it, and a previous meeting not before it.
pub fn prepare(
    kind: BoardKind,
    engine: &Engine,
    records: &ImprovementRecords,
    meeting: Date,
    last_meeting: Option<Date>,
) -> Result<BoardReport, Error> {
    let Some(plan) = version_on(&records.plans, meeting) else {
        return Err(Error::BadArgument(format!(
            "no action plan was agreed on or before {meeting}: the first was agreed {}",
            records.plans.iter().map(|p| p.agreed).min().map_or_else(
                || "never (no plan is recorded)".to_string(),
                |d| d.to_string()
            )
        )));
    };
    let since = match last_meeting {
        Some(l) if l >= meeting => {
            return Err(Error::BadArgument(format!(
                "the previous meeting {l} is not before the meeting {meeting}"
            )));
        }
        Some(l) => l,
        None => plan.agreed.pred_opt().unwrap_or(plan.agreed),
    };
    let mut figures: Vec<LinkedFigure> = Vec::new();
    for a in &plan.actions {
        for id in &a.indicators {
            if figures.iter().any(|f| &f.id == id) {
                continue;
            }
            let f = match sightline_indicators::definition(id) {
                None => LinkedFigure {
                    id: id.clone(),
                    label: id.clone(),
                    value: "not an indicator".into(),
                    rag: None,
                },
                Some(_) => {
                    let f = engine.figure(id, meeting, None)?;
                    LinkedFigure {
                        id: id.clone(),
                        label: f.label.to_string(),
                        value: f.display.clone().unwrap_or_else(|| "not recorded".into()),
                        rag: f.rag,
                    }
                }
            };
            figures.push(f);
        }
    }
    let rag = |id: &str| figures.iter().find(|f| f.id == id).and_then(|f| f.rag);
    let exceptions = sightline_finance::exception_report(plan, meeting, &rag);
    let changes = change_log(&records.plans, since, meeting);
    Ok(BoardReport {
        kind,
        council: engine.council().name.clone(),
        meeting,
        since,
        inspection: records
            .inspections
            .iter()
            .find(|i| i.id == plan.inspection)
            .cloned(),
        plan: plan.clone(),
        exceptions,
        changes,
        figures,
    })
}

fn indicators_cell(a: &Action, r: &BoardReport) -> Cell {
    let parts: Vec<String> = a
        .indicators
        .iter()
        .map(|id| match r.figure(id) {
            Some(f) => format!(
                "{}: {}{}",
                f.label,
                f.value,
                f.rag
                    .map(|g| format!(" ({})", crate::doc::rag_label(g)))
                    .unwrap_or_default()
            ),
            None => id.clone(),
        })
        .collect();
    let worst = a
        .indicators
        .iter()
        .filter_map(|id| r.figure(id).and_then(|f| f.rag))
        .max_by_key(|g| match g {
            Rag::Green => 0,
            Rag::Amber => 1,
            Rag::Red => 2,
        });
    Cell {
        rag: worst,
        ..Cell::text(if parts.is_empty() {
            "–".to_string()
        } else {
            parts.join("; ")
        })
    }
}

fn rag_of(a: &Action) -> Rag {
    match a.rag {
        sightline_domain::improvement::ActionRag::Red => Rag::Red,
        sightline_domain::improvement::ActionRag::Amber => Rag::Amber,
        sightline_domain::improvement::ActionRag::Green => Rag::Green,
    }
}

/// The paper as a document.
pub fn build(r: &BoardReport) -> Document {
    let mut blocks = Vec::new();
    let p = &r.plan;
    blocks.push(Block::Paragraph(format!(
        "Action plan {} version {}, agreed {}: {} actions, {} exception{} at this meeting.",
        p.year,
        p.version,
        long_date(p.agreed),
        p.actions.len(),
        r.exceptions.len(),
        if r.exceptions.len() == 1 { "" } else { "s" }
    )));
    if let Some(i) = &r.inspection {
        blocks.push(Block::Paragraph(format!(
            "The plan answers the {} of {} ({} recommendations).",
            i.kind.label(),
            long_date(i.date),
            i.recommendations.len()
        )));
    }
    blocks.push(Block::Table(Table {
        caption: "Progress by theme".into(),
        header: vec![
            "Theme".into(),
            "Actions".into(),
            "Complete".into(),
            "Red".into(),
        ],
        rows: r
            .theme_counts()
            .into_iter()
            .map(|(t, n, done, red)| {
                vec![
                    Cell::text(t.label()),
                    Cell::num(n.to_string()),
                    Cell::num(done.to_string()),
                    Cell::num(red.to_string()),
                ]
            })
            .collect(),
        widths: vec![40, 20, 20, 20],
    }));
    blocks.push(Block::Heading {
        level: 1,
        text: "Exception report".into(),
    });
    blocks.push(Block::Paragraph(
        "An action is an exception when it is not complete and rated red by its owner (off track), \
         when it is not complete and its due date has passed (overdue), or when an indicator linked \
         to it is red at the meeting date."
            .into(),
    ));
    if r.exceptions.is_empty() {
        blocks.push(Block::Note(
            "No action is an exception at this meeting.".into(),
        ));
    }
    for t in Theme::ALL {
        let mine: Vec<&Exception> = r
            .exceptions
            .iter()
            .filter(|e| e.action.theme == *t)
            .collect();
        if mine.is_empty() {
            continue;
        }
        blocks.push(Block::Table(Table {
            caption: format!("Exceptions: {}", t.label()),
            header: vec![
                "Action".into(),
                "Description".into(),
                "Owner".into(),
                "Due".into(),
                "Status".into(),
                "Why it is an exception".into(),
            ],
            rows: mine
                .into_iter()
                .map(|e| {
                    let a = &e.action;
                    vec![
                        Cell::text(&a.id),
                        Cell::text(&a.description),
                        Cell::text(&a.owner),
                        Cell::text(a.due.to_string()),
                        Cell {
                            rag: Some(rag_of(a)),
                            ..Cell::text(a.status.label())
                        },
                        Cell::text(
                            e.reasons
                                .iter()
                                .map(|x| reason_text(x, r))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ]
                })
                .collect(),
            widths: vec![8, 30, 16, 10, 10, 26],
        }));
    }
    if r.kind == BoardKind::Operational {
        blocks.push(Block::Heading {
            level: 1,
            text: "Action tracker".into(),
        });
        for t in Theme::ALL {
            let rows: Vec<Vec<Cell>> = r
                .tracker()
                .into_iter()
                .filter(|a| a.theme == *t)
                .map(|a| {
                    vec![
                        Cell::text(&a.id),
                        Cell::text(&a.description),
                        Cell::text(a.recommendations.join(", ")),
                        Cell::text(&a.owner),
                        Cell::text(a.due.to_string()),
                        Cell::text(a.status.label()),
                        Cell {
                            rag: Some(rag_of(a)),
                            ..Cell::text(a.rag.label())
                        },
                        Cell::text(if a.evidence.is_empty() {
                            "–".to_string()
                        } else {
                            a.evidence.join("; ")
                        }),
                        indicators_cell(a, r),
                    ]
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            blocks.push(Block::Table(Table {
                caption: format!("Action tracker: {}", t.label()),
                header: vec![
                    "Action".into(),
                    "Description".into(),
                    "Answers".into(),
                    "Owner".into(),
                    "Due".into(),
                    "Status".into(),
                    "RAG".into(),
                    "Evidence".into(),
                    "Linked indicators".into(),
                ],
                rows,
                widths: vec![6, 20, 7, 12, 9, 9, 9, 14, 14],
            }));
        }
    }
    blocks.push(Block::Heading {
        level: 1,
        text: format!("Changes since {}", long_date(r.since)),
    });
    if r.changes.is_empty() {
        blocks.push(Block::Note("No change to the plan since then.".into()));
    } else {
        blocks.push(Block::List {
            ordered: false,
            items: r.changes.iter().map(change_text).collect(),
        });
    }
    Document {
        title: format!("{}: improvement plan", r.kind.label()),
        subtitle: vec![
            r.council.clone(),
            format!("Meeting of {}", long_date(r.meeting)),
        ],
        blocks,
        disclosure_note: "An internal board paper: it names officers and no children.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_domain::improvement::{ActionRag, FinancialYear, IlacsGrade, InspectionKind};
    use sightline_domain::{Council, LaNumber};
    use sightline_indicators::{Config, Targets};

    fn d(s: &str) -> Date {
        sightline_domain::calendar::parse_iso_date(s).unwrap()
    }

    fn action(id: &str, due: &str, status: ActionStatus, rag: ActionRag, ind: &[&str]) -> Action {
        Action {
            id: id.into(),
            theme: Theme::QualityAndPerformance,
            description: format!("do {id}"),
            owner: "Head of Service".into(),
            due: d(due),
            status,
            rag,
            evidence: vec![],
            indicators: ind.iter().map(|s| s.to_string()).collect(),
            recommendations: vec!["R1".into()],
        }
    }

    fn records(v2: Vec<Action>) -> ImprovementRecords {
        let insp = Inspection {
            id: 1,
            kind: InspectionKind::StandardIlacs,
            date: d("2024-01-26"),
            judgements: vec![sightline_domain::improvement::Judgement {
                area: sightline_domain::improvement::JudgementArea::OverallEffectiveness,
                grade: IlacsGrade::Inadequate,
            }],
            recommendations: vec![sightline_domain::improvement::Recommendation {
                id: "R1".into(),
                text: "Improve".into(),
            }],
        };
        let v1 = vec![action(
            "QP1.1",
            "2024-12-31",
            ActionStatus::InProgress,
            ActionRag::Green,
            &[],
        )];
        ImprovementRecords {
            plans: vec![
                ActionPlan {
                    year: FinancialYear(2024),
                    version: 1,
                    agreed: d("2024-04-15"),
                    inspection: 1,
                    actions: v1,
                },
                ActionPlan {
                    year: FinancialYear(2024),
                    version: 2,
                    agreed: d("2024-07-15"),
                    inspection: 1,
                    actions: v2,
                },
            ],
            inspections: vec![insp],
            ..Default::default()
        }
    }

    /// A council with no children: cla_count is 0. A targets file whose
    /// green band starts at 1 makes it red; with no targets nothing is red.
    fn engine_parts(red_cla: bool) -> (Council, Config) {
        let council = Council {
            la: LaNumber::new(806).unwrap(),
            name: "Testshire".into(),
            population_0_17: 10_000,
            teams: vec![],
            workers: vec![],
            children: vec![],
        };
        let mut cfg = Config::default();
        if red_cla {
            cfg.targets = Some(
                Targets::parse(
                    "[cla_count]\ngreen = { min = 10 }\namber = { min = 5, max = 9 }\nred = { max = 4 }\n",
                    "test.toml",
                )
                .unwrap(),
            );
        }
        (council, cfg)
    }

    #[test]
    fn exceptions_and_change_log_for_a_meeting() {
        use ActionRag::*;
        use ActionStatus::*;
        let recs = records(vec![
            action("QP1.1", "2024-12-31", InProgress, Red, &[]),
            action("QP1.2", "2024-08-01", InProgress, Green, &[]),
            action("QP1.3", "2024-08-01", Complete, Green, &["cla_count"]),
            action("QP1.4", "2024-09-30", InProgress, Amber, &["cla_count"]),
            action("QP1.5", "2024-09-10", Complete, Red, &[]),
        ]);
        let (council, cfg) = engine_parts(true);
        let engine = Engine::new(&council, &cfg).unwrap();
        let r = prepare(BoardKind::Strategic, &engine, &recs, d("2024-09-10"), None).unwrap();
        assert_eq!(r.plan.version, 2);
        assert_eq!(r.since, d("2024-07-14"));
        let ids: Vec<&str> = r.exceptions.iter().map(|e| e.action.id.as_str()).collect();
        // QP1.1 off track; QP1.2 overdue; QP1.3 complete but its indicator is red;
        // QP1.4 not due, amber, but its indicator is red; QP1.5 complete (red ignored).
        assert_eq!(ids, ["QP1.1", "QP1.2", "QP1.3", "QP1.4"]);
        assert_eq!(
            r.exceptions[1].reasons,
            [ExceptionReason::Overdue { days: 40 }]
        );
        assert_eq!(r.figure("cla_count").unwrap().rag, Some(Rag::Red));
        // Change log against version 1: QP1.1 turned red, four actions added.
        assert!(r.changes.contains(&Change::Rag {
            action: "QP1.1".into(),
            from: Green,
            to: Red
        }));
        assert_eq!(
            r.changes
                .iter()
                .filter(|c| matches!(c, Change::Added { .. }))
                .count(),
            4
        );
        let doc = build(&r);
        let text = doc.plain_text();
        assert!(text.contains("Overdue by 40 days"), "{text}");
        assert!(text.contains("Indicator red: "), "{text}");
        assert!(!doc.headings().contains(&"Action tracker"));
        // The operational board sees the whole tracker too.
        let op = prepare(
            BoardKind::Operational,
            &engine,
            &recs,
            d("2024-09-10"),
            None,
        )
        .unwrap();
        let doc = build(&op);
        assert!(doc.headings().contains(&"Action tracker"));
        assert!(doc.plain_text().contains("QP1.5"));
    }

    #[test]
    fn without_bands_no_indicator_is_red_and_bad_dates_are_refused() {
        use ActionRag::*;
        use ActionStatus::*;
        let recs = records(vec![action(
            "QP1.3",
            "2024-08-01",
            Complete,
            Green,
            &["cla_count"],
        )]);
        let (council, cfg) = engine_parts(false);
        let engine = Engine::new(&council, &cfg).unwrap();
        let r = prepare(
            BoardKind::Strategic,
            &engine,
            &recs,
            d("2024-09-10"),
            Some(d("2024-05-01")),
        )
        .unwrap();
        assert!(r.exceptions.is_empty());
        assert!(
            build(&r)
                .plain_text()
                .contains("No action is an exception at this meeting.")
        );
        let e = prepare(BoardKind::Strategic, &engine, &recs, d("2024-04-01"), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no action plan was agreed on or before 2024-04-01"),
            "{e}"
        );
        let e = prepare(
            BoardKind::Strategic,
            &engine,
            &recs,
            d("2024-09-10"),
            Some(d("2024-09-10")),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("not before the meeting"), "{e}");
        assert!(BoardKind::parse("finance").is_err());
    }

    #[test]
    fn renders_as_html_and_docx() {
        let recs = records(vec![action(
            "QP1.2",
            "2024-08-01",
            ActionStatus::InProgress,
            ActionRag::Green,
            &[],
        )]);
        let (council, cfg) = engine_parts(false);
        let engine = Engine::new(&council, &cfg).unwrap();
        let r = prepare(BoardKind::Strategic, &engine, &recs, d("2024-09-10"), None).unwrap();
        let doc = build(&r);
        let html = String::from_utf8(crate::render(&doc, crate::Format::Html).unwrap()).unwrap();
        assert!(
            html.contains("Exceptions: Quality &amp; Performance"),
            "{html}"
        );
        assert!(!html.contains("<script"));
        let docx = crate::render(&doc, crate::Format::Docx).unwrap();
        assert_eq!(&docx[..2], b"PK");
    }
}
