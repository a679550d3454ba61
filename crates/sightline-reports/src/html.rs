//! HTML rendering: one self-contained file (styles inline in one `<style>`
//! element, charts as inline SVG, no scripts, no external assets), with a
//! print stylesheet so the browser prints it as a council paper.
//!
//! It is safe under a strict Content-Security-Policy that forbids scripts;
//! it deliberately has none. Text is escaped; nothing from the records is
//! ever written as markup.

use std::fmt::Write;

use sightline_indicators::Rag;

use crate::chart::esc;
use crate::doc::{Block, Document, Table, rag_label, trend_arrow};

const STYLE: &str = r#"
body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;color:#111;max-width:62rem;margin:2rem auto;padding:0 1rem}
h1{font-size:18pt;margin:0 0 .3rem}
.subtitle{margin:0;color:#333}
h2{font-size:14pt;margin:1.6rem 0 .4rem;border-bottom:1px solid #999}
h3{font-size:12pt;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:9.5pt}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #888;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#e8e8e8}
td.num{text-align:right;white-space:nowrap}
td.rag-green{background:#b7e1b0}
td.rag-amber{background:#ffd98a}
td.rag-red{background:#f4a8a8}
.trend{white-space:nowrap}
.note{border-left:4px solid #999;padding:.3rem .6rem;background:#f4f4f4}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
figure{margin:.6rem 0}
figure svg{max-width:100%;height:auto}
footer{margin-top:2rem;font-size:9pt;color:#333;border-top:1px solid #999;padding-top:.4rem}
@media print{
 body{max-width:none;margin:0;font-size:10pt}
 @page{size:A4;margin:18mm 15mm 20mm;@bottom-center{content:"Page " counter(page) " of " counter(pages)}}
 h2{break-after:avoid}
 table,figure{break-inside:avoid}
 .note{background:none}
}
"#;

fn rag_class(r: Option<Rag>) -> &'static str {
    match r {
        Some(Rag::Green) => " rag-green",
        Some(Rag::Amber) => " rag-amber",
        Some(Rag::Red) => " rag-red",
        None => "",
    }
}

fn table(out: &mut String, t: &Table) {
    let _ = write!(
        out,
        "<table><caption>{}</caption><thead><tr>",
        esc(&t.caption)
    );
    for h in &t.header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let mut class = String::new();
            if c.numeric {
                class.push_str("num");
            }
            class.push_str(rag_class(c.rag));
            if c.trend.is_some() {
                class.push_str(" trend");
            }
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let class = class.trim();
            if class.is_empty() {
                let _ = write!(out, "<{tag}>");
            } else {
                let _ = write!(out, "<{tag} class=\"{class}\">");
            }
            match c.trend {
                Some(t) => {
                    let _ = write!(
                        out,
                        "<span aria-hidden=\"true\">{}</span> {}",
                        trend_arrow(t),
                        esc(&c.text)
                    );
                }
                None => out.push_str(&esc(&c.text).replace('\n', "<br>")),
            }
            if let Some(r) = c.rag {
                let _ = write!(out, "<span class=\"sr\"> ({})</span>", rag_label(r));
            }
            let _ = write!(out, "</{close}>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// The document as one HTML file.
pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n<header><h1>{}</h1>",
        esc(&doc.title),
        esc(&doc.title)
    );
    for s in &doc.subtitle {
        let _ = write!(out, "<p class=\"subtitle\">{}</p>", esc(s));
    }
    out.push_str("</header>\n<main>\n");
    let mut n_chart = 0;
    let mut section = 0;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                if *level == 1 {
                    section += 1;
                    let _ = writeln!(out, "<h2>{section}. {}</h2>", esc(text));
                } else {
                    let _ = writeln!(out, "<h3>{}</h3>", esc(text));
                }
            }
            Block::Paragraph(t) => {
                let _ = writeln!(out, "<p>{}</p>", esc(t));
            }
            Block::Note(t) => {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(t));
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(out, "<{tag}>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", esc(i));
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Table(t) => table(&mut out, t),
            Block::Chart(c) => {
                n_chart += 1;
                let _ = writeln!(
                    out,
                    "<figure>{}<figcaption>Chart {n_chart}: {} (data in the table below)</figcaption></figure>",
                    c.svg(&format!("chart{n_chart}")),
                    esc(&c.title)
                );
            }
        }
    }
    let _ = write!(
        out,
        "</main>\n<footer><p>{}</p><p>Produced by Sightline from the council's records.</p></footer>\n</body></html>\n",
        esc(&doc.disclosure_note)
    );
    out
}
