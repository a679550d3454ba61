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

/// Split `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

const LABEL_WIDTH: usize = 60;

/// One table per council: indicator (labels as the council prints them,
/// wrapped), period, value, numerator / denominator, target bands, RAG,
/// short trend, previous value.
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
                    f.previous_display.clone().unwrap_or_default(),
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
                let len = if i == 0 {
                    wrap(cell, LABEL_WIDTH)
                        .iter()
                        .map(|l| l.chars().count())
                        .max()
                        .unwrap_or(0)
                } else {
                    cell.chars().count()
                };
                w[i] = w[i].max(len);
            }
        }
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str(" | ");
                }
                s.push_str(c);
                s.push_str(&" ".repeat(w[i].saturating_sub(c.chars().count())));
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
            let label = wrap(&r[0], LABEL_WIDTH);
            let mut first = r.clone();
            first[0] = label[0].clone();
            line(&first, &mut out);
            for more in &label[1..] {
                let mut cont: [String; 8] = Default::default();
                cont[0] = more.clone();
                line(&cont, &mut out);
            }
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

/// Several councils side by side: one row per indicator, one column per
/// council (its value as printed), then one column per comparator area
/// (England, a region…) found for the figures. Councils are never merged.
pub fn side_by_side_table(councils: &[CouncilFigures]) -> String {
    let Some(first) = councils.first() else {
        return String::new();
    };
    let mut areas: Vec<String> = vec![];
    for c in councils {
        for f in &c.figures {
            for r in &f.comparisons {
                if !areas.contains(&r.area) {
                    areas.push(r.area.clone());
                }
            }
        }
    }
    let mut head: Vec<String> = vec!["Indicator".into(), "Period".into()];
    head.extend(councils.iter().map(|c| c.name.clone()));
    head.extend(areas.iter().cloned());
    let mut rows: Vec<Vec<String>> = vec![];
    for (i, f) in first.figures.iter().enumerate() {
        let mut row = vec![f.label.to_string(), f.period.code().to_string()];
        for c in councils {
            row.push(
                c.figures
                    .get(i)
                    .filter(|g| g.id == f.id)
                    .map(value_text)
                    .unwrap_or_default(),
            );
        }
        for a in &areas {
            let v = f
                .comparisons
                .iter()
                .find(|r| &r.area == a)
                .map(|r| match &r.value {
                    crate::compare::PublishedValue::Number(n) => n.to_string(),
                    crate::compare::PublishedValue::Symbol(s) => s.clone(),
                });
            row.push(v.unwrap_or_default());
        }
        rows.push(row);
    }
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            let len = if i == 0 {
                wrap(cell, LABEL_WIDTH)
                    .iter()
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0)
            } else {
                cell.chars().count()
            };
            w[i] = w[i].max(len);
        }
    }
    let mut out = String::new();
    let as_of = first
        .figures
        .first()
        .map(|f| f.as_of.format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "As at {as_of}");
    let line = |cells: &[String], out: &mut String| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str(" | ");
            }
            s.push_str(c);
            s.push_str(&" ".repeat(w[i].saturating_sub(c.chars().count())));
        }
        let _ = writeln!(out, "{}", s.trim_end());
    };
    line(&head, &mut out);
    let _ = writeln!(
        out,
        "{}",
        w.iter()
            .map(|n| "-".repeat(*n))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for r in &rows {
        let label = wrap(&r[0], LABEL_WIDTH);
        let mut first_line = r.clone();
        first_line[0] = label[0].clone();
        line(&first_line, &mut out);
        for more in &label[1..] {
            let mut cont = vec![String::new(); r.len()];
            cont[0] = more.clone();
            line(&cont, &mut out);
        }
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
    if !e.open_over_limit.is_empty() {
        let _ = writeln!(
            out,
            "\nOpen at {} for more than 45 working days:",
            f.as_of.format("%d/%m/%Y")
        );
        for r in &e.open_over_limit {
            let _ = writeln!(out, "{} | {} | {}", r.subject, r.record, r.reason);
        }
    }
    out
}
