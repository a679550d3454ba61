//! A small format-neutral document: what a report says, in order, without
//! saying how it looks.
//!
//! Why: the Cabinet and headline reports go out as HTML, DOCX and PDF, and
//! the three must say exactly the same thing. Builders produce a
//! [`Document`]; each renderer turns every block into its format. It
//! deliberately has no styling beyond what a council paper needs (headings,
//! paragraphs, lists, tables with RAG and trend cells, charts, notes).

use sightline_indicators::{Rag, Trend};

use crate::chart::Chart;

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// Lines under the title (meeting, council, data date).
    pub subtitle: Vec<String>,
    pub blocks: Vec<Block>,
    /// The note printed at the end on how small numbers were treated.
    pub disclosure_note: String,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 (section) or 2 (subsection).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Table(Table),
    Chart(Chart),
    /// A plain statement that a section has no data, or a caveat.
    Note(String),
}

/// A table with one header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// "Table 1: Assessment of need is completed in a timely manner".
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Relative column widths (sum need not be 100).
    pub widths: Vec<u16>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Right-aligned figure.
    pub numeric: bool,
    /// The cell is coloured by this rating (the value cell of a KPI row).
    pub rag: Option<Rag>,
    /// The cell is a short-trend arrow.
    pub trend: Option<Trend>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            numeric: false,
            rag: None,
            trend: None,
        }
    }
    pub fn num(t: impl Into<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(t)
        }
    }
    pub fn value(t: impl Into<String>, rag: Option<Rag>) -> Cell {
        Cell {
            rag,
            ..Cell::num(t)
        }
    }
    pub fn trend(t: Option<Trend>) -> Cell {
        Cell {
            text: t.map(|t| t.label().to_string()).unwrap_or_default(),
            numeric: false,
            rag: None,
            trend: t,
        }
    }
}

/// The arrow printed for a trend: up = improving (or increasing), down =
/// declining (or decreasing), two-headed = stable; the word always follows
/// so the meaning never rests on the glyph alone.
pub fn trend_arrow(t: Trend) -> char {
    match t {
        Trend::Improving | Trend::Increasing => '↑',
        Trend::Declining | Trend::Decreasing => '↓',
        Trend::Stable => '↔',
    }
}

pub fn rag_label(r: Rag) -> &'static str {
    match r {
        Rag::Green => "Green",
        Rag::Amber => "Amber",
        Rag::Red => "Red",
    }
}

impl Document {
    /// Every heading's text, in order (for structure tests and contents).
    pub fn headings(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every table, in order.
    pub fn tables(&self) -> Vec<&Table> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// The table whose caption contains `needle`.
    pub fn table(&self, needle: &str) -> Option<&Table> {
        self.tables()
            .into_iter()
            .find(|t| t.caption.contains(needle))
    }

    /// All text of the document (for searching in tests and checks).
    pub fn plain_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.subtitle.join("\n"));
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph(text) | Block::Note(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::List { items, .. } => {
                    for i in items {
                        out.push_str(i);
                        out.push('\n');
                    }
                }
                Block::Table(t) => {
                    out.push_str(&t.caption);
                    out.push('\n');
                    out.push_str(&t.header.join(" | "));
                    out.push('\n');
                    for r in &t.rows {
                        let cells: Vec<&str> = r.iter().map(|c| c.text.as_str()).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Chart(c) => {
                    out.push_str(&c.title);
                    out.push('\n');
                }
            }
        }
        out.push_str(&self.disclosure_note);
        out
    }
}
