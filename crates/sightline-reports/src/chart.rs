//! Trend charts: a line per series over reporting points, drawn as a list of
//! shapes that the HTML renderer writes as SVG and the PDF renderer as
//! vector paths, so both show the same drawing.
//!
//! Accessibility: the SVG carries `<title>` and `<desc>`, and every chart is
//! followed in every format by its data as a table (the text alternative).
//! It deliberately draws only what a council paper needs: a line chart with
//! labelled axes; no interactivity, no scripts.

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// One value per x label; `None` where the figure has no value (or is suppressed).
    pub values: Vec<Option<f64>>,
}

/// A line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// One sentence describing what the chart shows (SVG `<desc>`).
    pub desc: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    /// Unit shown on the axis ("%", "children").
    pub unit: String,
}

/// A drawing primitive in chart coordinates (origin top left, y down).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        color: Rgb,
        width: f64,
    },
    Polyline {
        points: Vec<(f64, f64)>,
        color: Rgb,
        width: f64,
    },
    Dot {
        x: f64,
        y: f64,
        r: f64,
        color: Rgb,
    },
    Text {
        x: f64,
        y: f64,
        size: f64,
        text: String,
        anchor: Anchor,
        color: Rgb,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Series colours: dark blue, orange, teal, purple (distinguishable in
/// greyscale print by the dashes the legend names).
const PALETTE: [Rgb; 4] = [
    Rgb(0x1d, 0x4f, 0x91),
    Rgb(0xd3, 0x5f, 0x00),
    Rgb(0x00, 0x7a, 0x6c),
    Rgb(0x6b, 0x3f, 0xa0),
];
const INK: Rgb = Rgb(0x22, 0x22, 0x22);
const GRID: Rgb = Rgb(0xcc, 0xcc, 0xcc);

/// Chart width and height in drawing units (SVG px, PDF pt).
pub const WIDTH: f64 = 480.0;
pub const HEIGHT: f64 = 220.0;

fn nice_step(range: f64) -> f64 {
    let raw = range / 4.0;
    if raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn fmt_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

impl Chart {
    /// The drawing, in a `WIDTH` × `HEIGHT` box.
    pub fn shapes(&self) -> Vec<Shape> {
        let (left, right, top, bottom) = (48.0, 24.0, 14.0, 52.0);
        let pw = WIDTH - left - right;
        let ph = HEIGHT - top - bottom;
        let vals: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect();
        let mut lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let mut hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            lo = 0.0;
            hi = 1.0;
        }
        // Start the axis at zero unless the values sit far above it.
        if lo > 0.0 && lo < hi * 0.6 || lo >= 0.0 && hi <= 0.0 {
            lo = 0.0;
        }
        if self.unit == "%" && (90.0..=100.0).contains(&hi) {
            hi = 100.0;
        }
        if (hi - lo).abs() < 1e-9 {
            hi = lo + 1.0;
        }
        let step = nice_step(hi - lo);
        let y0 = (lo / step).floor() * step;
        let y1 = (hi / step).ceil() * step;
        let y_of = |v: f64| top + ph - (v - y0) / (y1 - y0) * ph;
        let n = self.x_labels.len().max(1);
        let x_of = |i: usize| {
            if n == 1 {
                left + pw / 2.0
            } else {
                left + pw * i as f64 / (n - 1) as f64
            }
        };
        let mut out = vec![];
        let mut t = y0;
        while t <= y1 + step / 2.0 {
            let y = y_of(t);
            out.push(Shape::Line {
                x1: left,
                y1: y,
                x2: left + pw,
                y2: y,
                color: GRID,
                width: 0.5,
            });
            out.push(Shape::Text {
                x: left - 4.0,
                y: y + 3.0,
                size: 8.0,
                text: format!("{}{}", fmt_tick(t), if self.unit == "%" { "%" } else { "" }),
                anchor: Anchor::End,
                color: INK,
            });
            t += step;
        }
        out.push(Shape::Line {
            x1: left,
            y1: top + ph,
            x2: left + pw,
            y2: top + ph,
            color: INK,
            width: 1.0,
        });
        for (i, l) in self.x_labels.iter().enumerate() {
            out.push(Shape::Text {
                x: x_of(i),
                y: top + ph + 14.0,
                size: 8.0,
                text: l.clone(),
                anchor: Anchor::Middle,
                color: INK,
            });
        }
        for (si, s) in self.series.iter().enumerate() {
            let color = PALETTE[si % PALETTE.len()];
            // Break the line where a value is missing.
            let mut run: Vec<(f64, f64)> = vec![];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let p = (x_of(i), y_of(*v));
                        out.push(Shape::Dot {
                            x: p.0,
                            y: p.1,
                            r: 2.5,
                            color,
                        });
                        run.push(p);
                    }
                    None => {
                        if run.len() > 1 {
                            out.push(Shape::Polyline {
                                points: std::mem::take(&mut run),
                                color,
                                width: 2.0,
                            });
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > 1 {
                out.push(Shape::Polyline {
                    points: run,
                    color,
                    width: 2.0,
                });
            }
            // Legend below the axis labels.
            let lx = left + 130.0 * si as f64;
            let ly = HEIGHT - 14.0;
            out.push(Shape::Line {
                x1: lx,
                y1: ly - 3.0,
                x2: lx + 16.0,
                y2: ly - 3.0,
                color,
                width: 2.0,
            });
            out.push(Shape::Text {
                x: lx + 20.0,
                y: ly,
                size: 8.0,
                text: s.name.clone(),
                anchor: Anchor::Start,
                color: INK,
            });
        }
        out
    }

    /// The chart as an inline SVG element with `<title>` and `<desc>`.
    pub fn svg(&self, id: &str) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            esc(&self.title),
            esc(&self.desc)
        );
        for sh in self.shapes() {
            match sh {
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    let _ = write!(
                        s,
                        r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{}" stroke-width="{width}"/>"#,
                        color.hex()
                    );
                }
                Shape::Polyline {
                    points,
                    color,
                    width,
                } => {
                    let pts: Vec<String> = points
                        .iter()
                        .map(|(x, y)| format!("{x:.1},{y:.1}"))
                        .collect();
                    let _ = write!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}"/>"#,
                        pts.join(" "),
                        color.hex()
                    );
                }
                Shape::Dot { x, y, r, color } => {
                    let _ = write!(
                        s,
                        r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r}" fill="{}"/>"#,
                        color.hex()
                    );
                }
                Shape::Text {
                    x,
                    y,
                    size,
                    text,
                    anchor,
                    color,
                } => {
                    let a = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let _ = write!(
                        s,
                        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{a}" fill="{}" font-family="Arial, Helvetica, sans-serif">{}</text>"#,
                        color.hex(),
                        esc(&text)
                    );
                }
            }
        }
        s.push_str("</svg>");
        s
    }

    /// The chart's data as a table: one row per reporting point.
    pub fn data_table(&self, mark_missing: &str) -> crate::doc::Table {
        use crate::doc::{Cell, Table};
        let mut header = vec!["Quarter end".to_string()];
        header.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .x_labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut r = vec![Cell::text(l.clone())];
                for s in &self.series {
                    r.push(Cell::num(match s.values.get(i).copied().flatten() {
                        Some(v) if self.unit == "%" => format!("{v:.1}%"),
                        Some(v) => fmt_tick(v),
                        None => mark_missing.to_string(),
                    }));
                }
                r
            })
            .collect();
        let n = self.series.len() as u16;
        let mut widths = vec![30];
        widths.extend(std::iter::repeat_n(70 / n.max(1), n as usize));
        Table {
            caption: format!("Data for chart: {}", self.title),
            header,
            rows,
            widths,
        }
    }
}

/// Escape text for XML and HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            title: "Children looked after".into(),
            desc: "Children looked after at each quarter end".into(),
            x_labels: vec!["Jun 16".into(), "Sep 16".into(), "Dec 16".into()],
            series: vec![Series {
                name: "Looked after".into(),
                values: vec![Some(409.0), None, Some(401.0)],
            }],
            unit: "children".into(),
        }
    }

    #[test]
    fn svg_is_accessible_and_script_free() {
        let s = chart().svg("c1");
        assert!(s.contains(r#"<title id="c1-t">Children looked after</title>"#));
        assert!(s.contains("<desc id=\"c1-d\">"));
        assert!(s.contains(r#"role="img""#));
        assert!(!s.contains("<script"));
        // A missing value breaks the line: no polyline joins two points across it.
        assert!(!s.contains("<polyline"));
        assert_eq!(s.matches("<circle").count(), 2);
    }

    #[test]
    fn data_table_lists_every_point() {
        let t = chart().data_table("c");
        assert_eq!(t.header, vec!["Quarter end", "Looked after"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0][1].text, "409");
        assert_eq!(t.rows[1][1].text, "c");
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(nice_step(100.0), 25.0);
        assert_eq!(nice_step(8.0), 2.0);
        assert_eq!(fmt_tick(2.5), "2.5");
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
