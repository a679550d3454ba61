//! DOCX rendering with `docx-rs`: real Word headings (Heading 1/2 styles, so
//! the navigation pane and a table of contents work), real tables with a
//! header row and RAG shading, page numbers in the footer, and each chart as
//! a picture followed by its data table.
//!
//! It deliberately uses only what Word and LibreOffice both open without
//! complaint; no fields other than PAGE and NUMPAGES, no macros.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, NumPages, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, Style, StyleType, Table as DTable, TableCell, TableLayoutType, TableRow, WidthType,
};
use sightline_indicators::Rag;

use crate::Error;
use crate::doc::{Block, Document, Table, trend_arrow};

fn rag_fill(r: Rag) -> &'static str {
    match r {
        Rag::Green => "B7E1B0",
        Rag::Amber => "FFD98A",
        Rag::Red => "F4A8A8",
    }
}

fn text_run(t: &str) -> Run {
    Run::new().add_text(t)
}

/// Page width available for tables, in twentieths of a point (A4 less margins).
const TABLE_TWIPS: usize = 9600;

fn table(t: &Table) -> DTable {
    let total: usize = t
        .widths
        .iter()
        .map(|w| usize::from(*w))
        .sum::<usize>()
        .max(1);
    let width = |i: usize| {
        t.widths
            .get(i)
            .map_or(TABLE_TWIPS / t.header.len().max(1), |w| {
                usize::from(*w) * TABLE_TWIPS / total
            })
    };
    let mut rows = vec![];
    let head: Vec<TableCell> = t
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            TableCell::new()
                .width(width(i), WidthType::Dxa)
                .shading(Shading::new().fill("E8E8E8"))
                .add_paragraph(
                    Paragraph::new()
                        .line_spacing(LineSpacing::new().after(0))
                        .add_run(text_run(h).bold().size(18)),
                )
        })
        .collect();
    rows.push(TableRow::new(head));
    for r in &t.rows {
        let cells = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = match c.trend {
                    Some(tr) => format!("{} {}", trend_arrow(tr), c.text),
                    None => c.text.clone(),
                };
                let mut cell = TableCell::new().width(width(i), WidthType::Dxa);
                for line in text.split('\n') {
                    let mut p = Paragraph::new()
                        .line_spacing(LineSpacing::new().after(0))
                        .add_run(text_run(line).size(18));
                    if c.numeric {
                        p = p.align(AlignmentType::Right);
                    }
                    cell = cell.add_paragraph(p);
                }
                if let Some(rag) = c.rag {
                    cell = cell.shading(Shading::new().fill(rag_fill(rag)));
                }
                cell
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    DTable::new(rows)
        .layout(TableLayoutType::Fixed)
        .width(TABLE_TWIPS, WidthType::Dxa)
        .set_grid((0..t.header.len()).map(width).collect())
}

fn caption(t: &str) -> Paragraph {
    Paragraph::new()
        .style("Caption")
        .keep_next(true)
        .add_run(text_run(t))
}

/// The document as DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let font = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
    let mut d = Docx::new()
        .default_fonts(font.clone())
        .default_size(21)
        .default_line_spacing(LineSpacing::new().after(100))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .line_spacing(LineSpacing::new().before(0).after(120))
                .name("Title")
                .size(36)
                .bold()
                .fonts(font.clone()),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .line_spacing(LineSpacing::new().before(280).after(100))
                .name("Heading 1")
                .size(28)
                .bold()
                .fonts(font.clone()),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .line_spacing(LineSpacing::new().before(200).after(80))
                .name("Heading 2")
                .size(24)
                .bold()
                .fonts(font.clone()),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .line_spacing(LineSpacing::new().before(160).after(60))
                .name("Caption")
                .size(20)
                .bold()
                .fonts(font.clone()),
        )
        .add_style(
            Style::new("Note", StyleType::Paragraph)
                .name("Note")
                .size(20)
                .italic()
                .fonts(font.clone()),
        );
    d = d.footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run("Page "))
                .add_page_num(PageNum::new())
                .add_run(text_run(" of "))
                .add_num_pages(NumPages::new()),
        ),
    );
    d = d.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(text_run(&doc.title)),
    );
    for s in &doc.subtitle {
        d = d.add_paragraph(Paragraph::new().add_run(text_run(s)));
    }
    let mut section = 0;
    let mut n_chart = 0;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                d = if *level == 1 {
                    section += 1;
                    d.add_paragraph(
                        Paragraph::new()
                            .style("Heading1")
                            .outline_lvl(0)
                            .keep_next(true)
                            .add_run(text_run(&format!("{section}. {text}"))),
                    )
                } else {
                    d.add_paragraph(
                        Paragraph::new()
                            .style("Heading2")
                            .outline_lvl(1)
                            .keep_next(true)
                            .add_run(text_run(text)),
                    )
                };
            }
            Block::Paragraph(t) => d = d.add_paragraph(Paragraph::new().add_run(text_run(t))),
            Block::Note(t) => {
                d = d.add_paragraph(Paragraph::new().style("Note").add_run(text_run(t)))
            }
            Block::List { ordered, items } => {
                for (i, it) in items.iter().enumerate() {
                    let mark = if *ordered {
                        format!("{}.", i + 1)
                    } else {
                        "•".to_string()
                    };
                    d = d.add_paragraph(
                        Paragraph::new()
                            .indent(
                                Some(360),
                                Some(docx_rs::SpecialIndentType::Hanging(360)),
                                None,
                                None,
                            )
                            .add_run(text_run(&format!("{mark}\t{it}"))),
                    );
                }
            }
            Block::Table(t) => {
                d = d.add_paragraph(caption(&t.caption)).add_table(table(t));
                d = d.add_paragraph(Paragraph::new());
            }
            Block::Chart(c) => {
                n_chart += 1;
                let (png, w, h) = crate::raster::png(c, 2);
                let pic = Pic::new_with_dimensions(png, w, h).size(
                    (crate::chart::WIDTH * 11_500.0) as u32,
                    (crate::chart::HEIGHT * 11_500.0) as u32,
                );
                d = d
                    .add_paragraph(caption(&format!("Chart {n_chart}: {}", c.title)))
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)))
                    .add_paragraph(Paragraph::new().style("Note").add_run(text_run(&c.desc)));
            }
        }
    }
    d = d.add_paragraph(
        Paragraph::new()
            .style("Note")
            .add_run(text_run(&doc.disclosure_note)),
    );
    let mut buf = Cursor::new(Vec::new());
    d.pack(&mut buf).map_err(|e| Error::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}
