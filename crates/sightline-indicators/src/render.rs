//! Plain-text output: the table a performance officer pastes into a report,
//! and the drill-down listing. Formatting only; no figures are computed here.

use std::fmt::Write;

use crate::engine::{CouncilFigures, Explanation, Figure};
use crate::targets::Rag;

fn rag_text(r: Option<Rag>) -> &'static str {
    match r {
        Some(Rag::Green) => "Green",
        Some(Rag::Amber) => "Amber",
        Some(Rag::Red) => "Red",
        None => "",
    }
}

fn num_den(f: &Figure) -> String {
    match (f.numerator, f.denominator) {
        (Some(n), Some(d)) => format!("{} / {}", n.display(), d.display()),
        (Some(n), None) => n.display(),
        _ => String::new(),
    }
}

fn value_text(f: &Figure) -> String {
    match (&f.display, &f.unavailable) {
        (Some(d), _) => d.clone(),
        (None, Some(_)) => "n/a".into(),
        (None, None) => "-".into(),
    }
}

/// One table per council: indicator, period, value, numerator / denominator,
/// target bands, RAG, short trend, previous value.
pub fn figures_table(councils: &[CouncilFigures]) -> String {
    let mut out = String::new();
    for c in councils {
        let as_of = c
            .figures
            .first()
            .map(|f| f.as_of.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let _ = writeln!(out, "{} ({}) — as at {as_of}", c.name, c.la);
        let rows: Vec<[String; 8]> = c
            .figures
            .iter()
            .map(|f| {
                [
                    f.label.to_string(),
                    f.period.code().to_string(),
                    value_text(f),
                    num_den(f),
                    f.target.clone().unwrap_or_default(),
                    rag_text(f.rag).to_string(),
                    f.trend.map(|t| t.label().to_string()).unwrap_or_default(),
                    f.previous_value.map(|v| v.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        let head = [
            "Indicator",
            "Period",
            "Value",
            "Num / Den",
            "Target",
            "RAG",
            "Short trend",
            "Previous",
        ];
        let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (i, cell) in r.iter().enumerate() {
                // Long labels wrap badly in reports; cap the column.
                w[i] = w[i].max(cell.chars().count().min(if i == 0 { 60 } else { 48 }));
            }
        }
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let text: String = if c.chars().count() > w[i] {
                    let mut t: String = c.chars().take(w[i].saturating_sub(1)).collect();
                    t.push('…');
                    t
                } else {
                    c.clone()
                };
                let pad = w[i] - text.chars().count();
                if i > 0 {
                    s.push_str(" | ");
                }
                s.push_str(&text);
                s.push_str(&" ".repeat(pad));
            }
            let _ = writeln!(out, "{}", s.trim_end());
        };
        line(&head.map(String::from), &mut out);
        let _ = writeln!(
            out,
            "{}",
            w.iter()
                .map(|n| "-".repeat(*n))
                .collect::<Vec<_>>()
                .join("-+-")
        );
        for r in &rows {
            line(r, &mut out);
        }
        let notes: Vec<String> = c
            .figures
            .iter()
            .filter_map(|f| f.unavailable.as_ref().map(|u| format!("{}: {u}", f.id)))
            .collect();
        if !notes.is_empty() {
            let _ = writeln!(out, "\nNot available:");
            for n in notes {
                let _ = writeln!(out, "  {n}");
            }
        }
        out.push('\n');
    }
    out
}

/// The drill-down of one figure.
pub fn explanation_text(e: &Explanation) -> String {
    let f = &e.figure;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", f.label, f.id);
    let _ = writeln!(
        out,
        "As at {}, period {} ({} to {})",
        f.as_of.format("%d/%m/%Y"),
        f.period.code(),
        f.window.start.format("%d/%m/%Y"),
        f.window.end.format("%d/%m/%Y")
    );
    let _ = writeln!(out, "Cohort: {}", e.definition.cohort);
    let _ = writeln!(out, "Numerator: {}", e.definition.numerator);
    let _ = writeln!(out, "Denominator: {}", e.definition.denominator);
    let _ = writeln!(out, "Value: {}   ({})", value_text(f), num_den(f));
    if let Some(u) = &f.unavailable {
        let _ = writeln!(out, "Not available: {u}");
    }
    for n in &f.notes {
        let _ = writeln!(out, "Note: {n}");
    }
    let _ = writeln!(out);
    let wsub = e
        .rows
        .iter()
        .map(|r| r.subject.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let wrec = e
        .rows
        .iter()
        .map(|r| r.record.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "{:wsub$} | {:wrec$} | den | num | reason",
        "child", "record"
    );
    for r in &e.rows {
        let yn = |b: bool| if b { "yes" } else { "no" };
        let _ = writeln!(
            out,
            "{:wsub$} | {:wrec$} | {:3} | {:3} | {}",
            r.subject,
            r.record,
            yn(r.in_denominator),
            yn(r.in_numerator),
            r.reason
        );
    }
    out
}
