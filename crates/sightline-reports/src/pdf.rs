//! PDF rendering, written directly: A4 pages, the standard Helvetica fonts
//! (no font files to embed or ship), tables with repeated header rows across
//! page breaks, charts as vector paths from the same drawing as the SVG, and
//! "Page n of N" on every page.
//!
//! Why not Chromium or a PDF crate: no browser is installed on the servers
//! and a layout crate would cost more compile time than this module. It
//! deliberately supports only the blocks of [`crate::doc`]; text outside the
//! Windows-1252 repertoire prints as `?` (the trend arrows use the Symbol
//! font).

use std::fmt::Write;

use sightline_indicators::{Rag, Trend};

use crate::chart::{Anchor, HEIGHT, Rgb, Shape, WIDTH};
use crate::doc::{Block, Document, Table};

const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 50.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 60.0;
const CONTENT_W: f64 = PAGE_W - LEFT - RIGHT;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
    Italic,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Italic => "F3",
        }
    }
}

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,
    556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,
    1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,
    667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,
    333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,
    556,556,333,500,278,556,500,722,500,500,500,334,260,334,584,
];
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 95] = [
    278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,
    556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,
    975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,
    667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,
    333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,
    611,611,389,556,333,611,556,778,556,556,500,389,280,389,584,
];

/// Width of `s` in points at `size`.
fn width(s: &str, font: Font, size: f64) -> f64 {
    let table = if font == Font::Bold {
        &HELVETICA_BOLD
    } else {
        &HELVETICA
    };
    let units: u32 = s
        .chars()
        .map(|c| {
            let n = c as u32;
            if (32..127).contains(&n) {
                u32::from(table[(n - 32) as usize])
            } else {
                556
            }
        })
        .sum();
    f64::from(units) * size / 1000.0
}

/// A PDF string literal in WinAnsiEncoding.
fn pdf_str(s: &str) -> String {
    let mut o = String::from("(");
    for c in s.chars() {
        let b: u8 = match c {
            '(' | ')' | '\\' => {
                o.push('\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        };
        if b >= 0x80 {
            let _ = write!(o, "\\{b:03o}");
        } else {
            o.push(b as char);
        }
    }
    o.push(')');
    o
}

/// Greedy word wrap to `max` points.
fn wrap(text: &str, font: Font, size: f64, max: f64) -> Vec<String> {
    let mut lines = vec![];
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, font, size) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
        }
        lines.push(line);
    }
    lines
}

struct Pages {
    pages: Vec<String>,
    y: f64,
}

impl Pages {
    fn cur(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.pages.push(String::new());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }
    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = PAGE_H - TOP;
    }
    /// Start a new page unless `h` points fit below the cursor.
    fn ensure(&mut self, h: f64) {
        if self.y - h < BOTTOM && self.y < PAGE_H - TOP - 1.0 {
            self.new_page();
        }
    }
    fn text(&mut self, x: f64, y: f64, font: Font, size: f64, s: &str) {
        let s = pdf_str(s);
        let _ = writeln!(
            self.cur(),
            "BT /{} {size:.1} Tf {x:.2} {y:.2} Td {s} Tj ET",
            font.name()
        );
    }
    fn color_fill(&mut self, c: Rgb) {
        let _ = writeln!(
            self.cur(),
            "{:.3} {:.3} {:.3} rg",
            f64::from(c.0) / 255.0,
            f64::from(c.1) / 255.0,
            f64::from(c.2) / 255.0
        );
    }
    fn color_stroke(&mut self, c: Rgb) {
        let _ = writeln!(
            self.cur(),
            "{:.3} {:.3} {:.3} RG",
            f64::from(c.0) / 255.0,
            f64::from(c.1) / 255.0,
            f64::from(c.2) / 255.0
        );
    }
    fn rect_fill(&mut self, x: f64, y: f64, w: f64, h: f64, c: Rgb) {
        self.color_fill(c);
        let _ = writeln!(self.cur(), "{x:.2} {y:.2} {w:.2} {h:.2} re f");
        self.color_fill(Rgb(0, 0, 0));
    }
    fn rect_stroke(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let _ = writeln!(
            self.cur(),
            "0.5 w 0.45 G {x:.2} {y:.2} {w:.2} {h:.2} re S 0 G"
        );
    }
    /// A wrapped paragraph at `x`, `w` wide.
    fn para(&mut self, text: &str, font: Font, size: f64, x: f64, w: f64) {
        let lead = size * 1.3;
        for line in wrap(text, font, size, w) {
            self.ensure(lead);
            self.y -= lead;
            self.text(x, self.y + size * 0.25, font, size, &line);
        }
    }
}

fn rag_fill(r: Rag) -> Rgb {
    match r {
        Rag::Green => Rgb(0xb7, 0xe1, 0xb0),
        Rag::Amber => Rgb(0xff, 0xd9, 0x8a),
        Rag::Red => Rgb(0xf4, 0xa8, 0xa8),
    }
}

/// The Symbol-font arrow for a trend.
fn arrow(t: Trend) -> &'static str {
    match t {
        Trend::Improving | Trend::Increasing => "\\255",
        Trend::Declining | Trend::Decreasing => "\\257",
        Trend::Stable => "\\253",
    }
}

const CELL_SIZE: f64 = 8.0;
const PAD: f64 = 3.0;

fn table(p: &mut Pages, t: &Table) {
    let total: f64 = t.widths.iter().map(|w| f64::from(*w)).sum::<f64>().max(1.0);
    let n = t.header.len();
    let cols: Vec<f64> = (0..n)
        .map(|i| {
            t.widths
                .get(i)
                .map_or(CONTENT_W / n as f64, |w| f64::from(*w) / total * CONTENT_W)
        })
        .collect();
    let lead = CELL_SIZE * 1.25;
    let header_lines: Vec<Vec<String>> = t
        .header
        .iter()
        .zip(&cols)
        .map(|(h, w)| wrap(h, Font::Bold, CELL_SIZE, w - 2.0 * PAD))
        .collect();
    let header_h = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * lead + 2.0 * PAD;
    let draw_header = |p: &mut Pages| {
        let mut x = LEFT;
        let top = p.y;
        for (lines, w) in header_lines.iter().zip(&cols) {
            p.rect_fill(x, top - header_h, *w, header_h, Rgb(0xe8, 0xe8, 0xe8));
            p.rect_stroke(x, top - header_h, *w, header_h);
            for (k, l) in lines.iter().enumerate() {
                p.text(
                    x + PAD,
                    top - PAD - (k as f64 + 1.0) * lead + 2.0,
                    Font::Bold,
                    CELL_SIZE,
                    l,
                );
            }
            x += w;
        }
        p.y -= header_h;
    };
    // Caption, header and the first row stay together.
    let first_h = t.rows.first().map_or(0.0, |_| 3.0 * lead);
    p.ensure(14.0 + header_h + first_h);
    p.y -= 12.0;
    p.text(LEFT, p.y + 2.0, Font::Bold, 9.5, &t.caption);
    p.y -= 3.0;
    draw_header(p);
    for row in &t.rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(&cols)
            .map(|(c, w)| {
                let avail = w - 2.0 * PAD - if c.trend.is_some() { 12.0 } else { 0.0 };
                wrap(&c.text, Font::Regular, CELL_SIZE, avail)
            })
            .collect();
        let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f64 * lead + 2.0 * PAD;
        if p.y - h < BOTTOM {
            p.new_page();
            draw_header(p);
        }
        let top = p.y;
        let mut x = LEFT;
        for ((c, lines), w) in row.iter().zip(&cells).zip(&cols) {
            if let Some(r) = c.rag {
                p.rect_fill(x, top - h, *w, h, rag_fill(r));
            }
            p.rect_stroke(x, top - h, *w, h);
            let mut tx = x + PAD;
            if let Some(tr) = c.trend {
                let _ = writeln!(
                    p.cur(),
                    "BT /F4 {CELL_SIZE:.1} Tf {tx:.2} {:.2} Td ({}) Tj ET",
                    top - PAD - lead + 2.0,
                    arrow(tr)
                );
                tx += 12.0;
            }
            for (k, l) in lines.iter().enumerate() {
                let lx = if c.numeric {
                    x + w - PAD - width(l, Font::Regular, CELL_SIZE)
                } else {
                    tx
                };
                p.text(
                    lx,
                    top - PAD - (k as f64 + 1.0) * lead + 2.0,
                    Font::Regular,
                    CELL_SIZE,
                    l,
                );
            }
            x += w;
        }
        p.y -= h;
    }
    p.y -= 6.0;
}

fn chart(p: &mut Pages, c: &crate::chart::Chart, n: usize) {
    let k = CONTENT_W / WIDTH;
    let h = HEIGHT * k;
    p.ensure(h + 28.0);
    p.y -= 14.0;
    p.text(
        LEFT,
        p.y + 2.0,
        Font::Bold,
        9.5,
        &format!("Chart {n}: {}", c.title),
    );
    let top = p.y - 4.0;
    let tx = |x: f64| LEFT + x * k;
    let ty = |y: f64| top - y * k;
    for s in c.shapes() {
        match s {
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                p.color_stroke(color);
                let _ = writeln!(
                    p.cur(),
                    "{:.2} w {:.2} {:.2} m {:.2} {:.2} l S",
                    width * k,
                    tx(x1),
                    ty(y1),
                    tx(x2),
                    ty(y2)
                );
            }
            Shape::Polyline {
                points,
                color,
                width,
            } => {
                p.color_stroke(color);
                let mut s = format!("{:.2} w 1 J 1 j ", width * k);
                for (i, (x, y)) in points.iter().enumerate() {
                    let _ = write!(
                        s,
                        "{:.2} {:.2} {} ",
                        tx(*x),
                        ty(*y),
                        if i == 0 { "m" } else { "l" }
                    );
                }
                s.push('S');
                let _ = writeln!(p.cur(), "{s}");
            }
            Shape::Dot { x, y, r, color } => {
                p.color_fill(color);
                let (cx, cy, r) = (tx(x), ty(y), r * k);
                let _ = writeln!(
                    p.cur(),
                    "{:.2} {:.2} {:.2} {:.2} re f",
                    cx - r,
                    cy - r,
                    2.0 * r,
                    2.0 * r
                );
                p.color_fill(Rgb(0, 0, 0));
            }
            Shape::Text {
                x,
                y,
                size,
                text,
                anchor,
                color,
            } => {
                let size = size * k;
                let w = width(&text, Font::Regular, size);
                let x = match anchor {
                    Anchor::Start => tx(x),
                    Anchor::Middle => tx(x) - w / 2.0,
                    Anchor::End => tx(x) - w,
                };
                p.color_fill(color);
                p.text(x, ty(y), Font::Regular, size, &text);
                p.color_fill(Rgb(0, 0, 0));
            }
        }
    }
    let _ = writeln!(p.cur(), "0 G 1 w");
    p.y = top - h - 4.0;
}

/// The document as PDF bytes.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut p = Pages {
        pages: vec![String::new()],
        y: PAGE_H - TOP,
    };
    p.para(&doc.title, Font::Bold, 16.0, LEFT, CONTENT_W);
    p.y -= 4.0;
    for s in &doc.subtitle {
        p.para(s, Font::Regular, 10.5, LEFT, CONTENT_W);
    }
    let mut section = 0;
    let mut n_chart = 0;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                let (size, label) = if *level == 1 {
                    section += 1;
                    (13.0, format!("{section}. {text}"))
                } else {
                    (11.0, text.clone())
                };
                p.ensure(size * 1.3 + 60.0);
                p.y -= size * 0.8;
                p.para(&label, Font::Bold, size, LEFT, CONTENT_W);
                p.y -= 2.0;
            }
            Block::Paragraph(t) => {
                p.y -= 4.0;
                p.para(t, Font::Regular, 10.0, LEFT, CONTENT_W);
            }
            Block::Note(t) => {
                p.y -= 4.0;
                let start_page = p.pages.len();
                let start = p.y;
                p.para(t, Font::Italic, 9.5, LEFT + 8.0, CONTENT_W - 8.0);
                if p.pages.len() == start_page {
                    let y = p.y;
                    p.rect_fill(LEFT, y - 2.0, 2.5, start - y, Rgb(0x99, 0x99, 0x99));
                }
            }
            Block::List { ordered, items } => {
                for (i, it) in items.iter().enumerate() {
                    p.y -= 2.0;
                    p.ensure(13.0);
                    let mark = if *ordered {
                        format!("{}.", i + 1)
                    } else {
                        "•".to_string()
                    };
                    let y = p.y - 13.0 + 2.5;
                    p.text(LEFT + 4.0, y, Font::Regular, 10.0, &mark);
                    p.para(it, Font::Regular, 10.0, LEFT + 20.0, CONTENT_W - 20.0);
                }
            }
            Block::Table(t) => table(&mut p, t),
            Block::Chart(c) => {
                n_chart += 1;
                chart(&mut p, c, n_chart);
            }
        }
    }
    p.y -= 8.0;
    p.para(&doc.disclosure_note, Font::Italic, 9.0, LEFT, CONTENT_W);
    assemble(&doc.title, p.pages)
}

/// Objects, page tree, fonts, footers and the cross-reference table.
fn assemble(title: &str, pages: Vec<String>) -> Vec<u8> {
    let n = pages.len();
    // 1 catalog, 2 pages, 3..=6 fonts, 7 info, then page i: 8+2i (page), 9+2i (content).
    let mut objs: Vec<Vec<u8>> = vec![];
    objs.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 8 + 2 * i)).collect();
    objs.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    for base in ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"] {
        objs.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    objs.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>".to_vec());
    objs.push(format!("<< /Title {} /Producer (Sightline) >>", pdf_str(title)).into_bytes());
    for (i, content) in pages.into_iter().enumerate() {
        let footer = format!("Page {} of {n}", i + 1);
        let fw = width(&footer, Font::Regular, 8.5);
        let stream = format!(
            "{content}0 g BT /F1 8.5 Tf {:.2} 30 Td {} Tj ET\n",
            (PAGE_W - fw) / 2.0,
            pdf_str(&footer)
        );
        objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R /F4 6 0 R >> >> /Contents {} 0 R >>",
                9 + 2 * i
            )
            .into_bytes(),
        );
        let mut s = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        s.extend_from_slice(stream.as_bytes());
        s.extend_from_slice(b"endstream");
        objs.push(s);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for off in offsets {
        let _ = writeln!(x, "{off:010} 00000 n ");
    }
    let _ = write!(
        x,
        "trailer\n<< /Size {} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    );
    out.extend_from_slice(x.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_win_ansi_encoded() {
        assert_eq!(pdf_str("a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(pdf_str("£4 – x"), "(\\2434 \\226 x)");
        assert_eq!(pdf_str("↑"), "(?)");
    }

    #[test]
    fn wrapping_respects_the_width() {
        let lines = wrap(
            "one two three four five six seven",
            Font::Regular,
            10.0,
            60.0,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(
                width(l, Font::Regular, 10.0) <= 60.0 || !l.contains(' '),
                "{l}"
            );
        }
        assert_eq!(width("0", Font::Regular, 10.0), 5.56);
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = assemble("T", vec!["BT ET\n".into(), "BT ET\n".into()]);
        // Work on bytes: the binary comment line is not UTF-8.
        let text = String::from_utf8_lossy(&pdf);
        let tail = text.rsplit("startxref\n").next().unwrap();
        let start: usize = tail.lines().next().unwrap().parse().unwrap();
        assert_eq!(&pdf[start..start + 4], b"xref");
        let xref = std::str::from_utf8(&pdf[start..]).unwrap();
        let first_obj = xref.lines().nth(3).unwrap();
        let off: usize = first_obj[..10].parse().unwrap();
        assert_eq!(&pdf[off..off + 7], b"1 0 obj");
        assert!(text.contains("Page 2 of 2"));
        assert!(text.contains("/Count 2"));
    }
}
