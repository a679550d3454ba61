//! The strategic improvement board's exception report and change log (seed
//! 001: the operational board monitors the whole plan "and reports on an
//! exception basis" to the strategic board).
//!
//! Exception rules, for a meeting date:
//! - off track: an action not complete whose RAG is red;
//! - overdue: an action not complete whose due date is before the meeting;
//! - indicator red: any action (complete or not: the work may be done but
//!   the outcome not yet achieved) one of whose linked indicators is rated
//!   red by `sightline-indicators`.
//!
//! An action meeting several rules appears once with every reason. The
//! change log compares the plan version in force at the last meeting (the
//! latest agreed on or before it) with the one in force at this meeting.
//! This module does not compute indicator figures: the caller passes each
//! linked indicator's RAG.

use serde::Serialize;
use sightline_domain::Date;
use sightline_domain::improvement::{Action, ActionPlan, ActionRag, ActionStatus};
use sightline_indicators::Rag;

/// Why an action is on the exception report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExceptionReason {
    OffTrack,
    Overdue { days: i64 },
    IndicatorRed { indicator: String },
}

/// One action on the exception report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    pub action: Action,
    pub reasons: Vec<ExceptionReason>,
}

/// The exceptions of `plan` at a meeting on `meeting`, in theme then action
/// order. `indicator_rag` gives a linked indicator's RAG (`None` when it has
/// no bands or no figure: never an exception by itself).
pub fn exception_report(
    plan: &ActionPlan,
    meeting: Date,
    indicator_rag: &dyn Fn(&str) -> Option<Rag>,
) -> Vec<Exception> {
    let mut out: Vec<Exception> = plan
        .actions
        .iter()
        .filter_map(|a| {
            let open = a.status != ActionStatus::Complete;
            let mut reasons = Vec::new();
            if open && a.rag == ActionRag::Red {
                reasons.push(ExceptionReason::OffTrack);
            }
            if open && a.due < meeting {
                reasons.push(ExceptionReason::Overdue {
                    days: (meeting - a.due).num_days(),
                });
            }
            for id in &a.indicators {
                if indicator_rag(id) == Some(Rag::Red) {
                    reasons.push(ExceptionReason::IndicatorRed {
                        indicator: id.clone(),
                    });
                }
            }
            (!reasons.is_empty()).then(|| Exception {
                action: a.clone(),
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.action.theme, action_order(&a.action.id))
            .cmp(&(b.action.theme, action_order(&b.action.id)))
    });
    out
}

/// Sort key of an action reference with its numbers compared as numbers,
/// so QP1.2 comes before QP1.10.
pub fn action_order(id: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for ch in id.chars() {
        match (ch.to_digit(10), num) {
            (Some(d), Some(n)) => num = Some(n.saturating_mul(10).saturating_add(u64::from(d))),
            (Some(d), None) => {
                out.push((0, std::mem::take(&mut text)));
                num = Some(u64::from(d));
            }
            (None, Some(n)) => {
                out.push((n, String::new()));
                num = None;
                text.push(ch);
            }
            (None, None) => text.push(ch),
        }
    }
    match num {
        Some(n) => out.push((n, String::new())),
        None => out.push((0, text)),
    }
    out
}

/// One change to the plan between two meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added {
        action: String,
        description: String,
    },
    Removed {
        action: String,
    },
    Status {
        action: String,
        from: ActionStatus,
        to: ActionStatus,
    },
    Rag {
        action: String,
        from: ActionRag,
        to: ActionRag,
    },
    Due {
        action: String,
        from: Date,
        to: Date,
    },
    Owner {
        action: String,
        from: String,
        to: String,
    },
    Evidence {
        action: String,
        added: Vec<String>,
    },
}

/// The version in force on `on`: the latest agreed on or before it.
pub fn version_on(versions: &[ActionPlan], on: Date) -> Option<&ActionPlan> {
    versions
        .iter()
        .filter(|p| p.agreed <= on)
        .max_by_key(|p| (p.agreed, p.version))
}

/// Changes from the version in force at `last_meeting` to the one in force
/// at `meeting`; every action is `Added` when there was none before. Empty
/// when no version is in force at `meeting`.
pub fn change_log(versions: &[ActionPlan], last_meeting: Date, meeting: Date) -> Vec<Change> {
    let Some(now) = version_on(versions, meeting) else {
        return Vec::new();
    };
    let before: &[Action] = version_on(versions, last_meeting).map_or(&[], |p| &p.actions);
    let mut out = Vec::new();
    for a in &now.actions {
        let Some(b) = before.iter().find(|b| b.id == a.id) else {
            out.push(Change::Added {
                action: a.id.clone(),
                description: a.description.clone(),
            });
            continue;
        };
        let id = || a.id.clone();
        if b.status != a.status {
            out.push(Change::Status {
                action: id(),
                from: b.status,
                to: a.status,
            });
        }
        if b.rag != a.rag {
            out.push(Change::Rag {
                action: id(),
                from: b.rag,
                to: a.rag,
            });
        }
        if b.due != a.due {
            out.push(Change::Due {
                action: id(),
                from: b.due,
                to: a.due,
            });
        }
        if b.owner != a.owner {
            out.push(Change::Owner {
                action: id(),
                from: b.owner.clone(),
                to: a.owner.clone(),
            });
        }
        let added: Vec<String> = a
            .evidence
            .iter()
            .filter(|e| !b.evidence.contains(e))
            .cloned()
            .collect();
        if !added.is_empty() {
            out.push(Change::Evidence {
                action: id(),
                added,
            });
        }
    }
    for b in before {
        if !now.actions.iter().any(|a| a.id == b.id) {
            out.push(Change::Removed {
                action: b.id.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_domain::improvement::{FinancialYear, Theme};

    fn d(s: &str) -> Date {
        sightline_domain::calendar::parse_iso_date(s).unwrap()
    }

    fn action(
        id: &str,
        theme: Theme,
        due: &str,
        status: ActionStatus,
        rag: ActionRag,
        ind: &[&str],
    ) -> Action {
        Action {
            id: id.into(),
            theme,
            description: format!("do {id}"),
            owner: "Director of Children's Services".into(),
            due: d(due),
            status,
            rag,
            evidence: vec![],
            indicators: ind.iter().map(|s| s.to_string()).collect(),
            recommendations: vec![],
        }
    }

    fn plan(version: u32, agreed: &str, actions: Vec<Action>) -> ActionPlan {
        ActionPlan {
            year: FinancialYear(2025),
            version,
            agreed: d(agreed),
            inspection: 1,
            actions,
        }
    }

    #[test]
    fn action_references_sort_by_their_numbers() {
        let mut ids = vec!["QP1.10", "QP1.2", "QP2.1", "QP1.9", "LM1.1"];
        ids.sort_by_key(|i| action_order(i));
        assert_eq!(ids, ["LM1.1", "QP1.2", "QP1.9", "QP1.10", "QP2.1"]);
    }

    #[test]
    fn exception_rules() {
        use ActionRag::*;
        use ActionStatus::*;
        use Theme::*;
        let p = plan(
            1,
            "2025-04-01",
            vec![
                action(
                    "GP1",
                    GovernanceAndPartnerships,
                    "2025-12-31",
                    InProgress,
                    Green,
                    &[],
                ),
                action(
                    "QP2",
                    QualityAndPerformance,
                    "2025-06-30",
                    InProgress,
                    Amber,
                    &[],
                ),
                action(
                    "QP1",
                    QualityAndPerformance,
                    "2025-12-31",
                    InProgress,
                    Red,
                    &["cp_review_timeliness"],
                ),
                action(
                    "LM1",
                    LeadershipAndManagement,
                    "2025-06-30",
                    Complete,
                    Red,
                    &["sw_vacancy_rate"],
                ),
                action(
                    "LM2",
                    LeadershipAndManagement,
                    "2025-12-31",
                    NotStarted,
                    Green,
                    &["unknown"],
                ),
            ],
        );
        let rag = |id: &str| match id {
            "cp_review_timeliness" | "sw_vacancy_rate" => Some(Rag::Red),
            _ => None,
        };
        let ex = exception_report(&p, d("2025-07-15"), &rag);
        let ids: Vec<_> = ex.iter().map(|e| e.action.id.as_str()).collect();
        // Theme order: Q&P, L&M, G&P; GP1 and LM2 are not exceptions.
        assert_eq!(ids, ["QP1", "QP2", "LM1"]);
        assert_eq!(
            ex[0].reasons,
            vec![
                ExceptionReason::OffTrack,
                ExceptionReason::IndicatorRed {
                    indicator: "cp_review_timeliness".into()
                }
            ]
        );
        assert_eq!(ex[1].reasons, vec![ExceptionReason::Overdue { days: 15 }]);
        // Complete: neither off track nor overdue, but its indicator is red.
        assert_eq!(
            ex[2].reasons,
            vec![ExceptionReason::IndicatorRed {
                indicator: "sw_vacancy_rate".into()
            }]
        );
        // Due on the meeting day is not overdue.
        assert!(
            exception_report(&p, d("2025-06-30"), &|_| None)
                .iter()
                .all(|e| e.action.id != "QP2")
        );
    }

    #[test]
    fn change_log_since_the_last_meeting() {
        use ActionRag::*;
        use ActionStatus::*;
        use Theme::*;
        let v1 = plan(
            1,
            "2025-04-01",
            vec![
                action(
                    "QP1",
                    QualityAndPerformance,
                    "2025-12-31",
                    NotStarted,
                    Green,
                    &[],
                ),
                action(
                    "QP2",
                    QualityAndPerformance,
                    "2025-09-30",
                    InProgress,
                    Amber,
                    &[],
                ),
            ],
        );
        let mut qp1 = action(
            "QP1",
            QualityAndPerformance,
            "2026-01-31",
            InProgress,
            Red,
            &[],
        );
        qp1.evidence = vec!["Audit report June".into()];
        let v2 = plan(
            2,
            "2025-06-20",
            vec![
                qp1,
                action(
                    "LM1",
                    LeadershipAndManagement,
                    "2025-12-31",
                    NotStarted,
                    Green,
                    &[],
                ),
            ],
        );
        let versions = vec![v1, v2];
        let log = change_log(&versions, d("2025-05-01"), d("2025-07-01"));
        assert_eq!(
            log,
            vec![
                Change::Status {
                    action: "QP1".into(),
                    from: NotStarted,
                    to: InProgress
                },
                Change::Rag {
                    action: "QP1".into(),
                    from: Green,
                    to: Red
                },
                Change::Due {
                    action: "QP1".into(),
                    from: d("2025-12-31"),
                    to: d("2026-01-31")
                },
                Change::Evidence {
                    action: "QP1".into(),
                    added: vec!["Audit report June".into()]
                },
                Change::Added {
                    action: "LM1".into(),
                    description: "do LM1".into()
                },
                Change::Removed {
                    action: "QP2".into()
                },
            ]
        );
        // Same version in force at both meetings: nothing changed.
        assert!(change_log(&versions, d("2025-06-20"), d("2025-07-01")).is_empty());
        // No earlier version: everything is new.
        assert_eq!(
            change_log(&versions, d("2025-03-01"), d("2025-05-01")).len(),
            2
        );
    }
}
