//! The officers' narrative: an editable Markdown file with `{{figure}}`
//! placeholders, so the words printed beside a table always carry the
//! table's figures.
//!
//! Format: `## section` lines start a section (its key is the text after
//! `## `); blank lines separate paragraphs; lines starting `- ` form a
//! bulleted list and `1. ` a numbered one; `<!-- … -->` comments are dropped.
//! `{{name}}` is replaced by the named figure as printed (suppressed when the
//! report is public). A placeholder naming a figure the report does not know,
//! or a section the report does not print, is an error naming the line, so a
//! typo never reaches Cabinet. Nothing else of Markdown is interpreted.

use std::collections::BTreeMap;

use crate::Error;
use crate::doc::Block;

/// One parsed paragraph or list, with its line number for errors.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Para {
        line: usize,
        text: String,
    },
    List {
        line: usize,
        ordered: bool,
        items: Vec<String>,
    },
}

/// A parsed narrative template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    origin: String,
    sections: BTreeMap<String, Vec<Piece>>,
}

/// The figures a template may name, as printed.
pub type Facts = BTreeMap<String, String>;

impl Template {
    /// Parse `text` (named `origin` in errors). `sections` are the section
    /// keys the report prints; `known(name)` says whether a placeholder names
    /// a figure the report provides.
    pub fn parse(
        text: &str,
        origin: &str,
        sections: &[&str],
        known: &dyn Fn(&str) -> bool,
    ) -> Result<Template, Error> {
        let err = |line: usize, reason: String| Error::Template {
            origin: origin.to_string(),
            line,
            reason,
        };
        let mut out: BTreeMap<String, Vec<Piece>> = BTreeMap::new();
        let mut current: Option<String> = None;
        let mut para: Option<(usize, String)> = None;
        let mut list: Option<(usize, bool, Vec<String>)> = None;
        let mut in_comment = false;

        fn flush(
            out: &mut BTreeMap<String, Vec<Piece>>,
            current: &Option<String>,
            para: &mut Option<(usize, String)>,
            list: &mut Option<(usize, bool, Vec<String>)>,
        ) {
            let Some(sec) = current else {
                *para = None;
                *list = None;
                return;
            };
            let pieces = out.entry(sec.clone()).or_default();
            if let Some((line, text)) = para.take() {
                pieces.push(Piece::Para { line, text });
            }
            if let Some((line, ordered, items)) = list.take() {
                pieces.push(Piece::List {
                    line,
                    ordered,
                    items,
                });
            }
        }

        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let mut line = raw.trim_end().to_string();
            // Comments (possibly spanning lines) are dropped.
            loop {
                if in_comment {
                    match line.find("-->") {
                        Some(p) => {
                            line = line[p + 3..].to_string();
                            in_comment = false;
                        }
                        None => {
                            line.clear();
                            break;
                        }
                    }
                } else if let Some(p) = line.find("<!--") {
                    let rest = line[p + 4..].to_string();
                    line.truncate(p);
                    match rest.find("-->") {
                        Some(q) => line.push_str(&rest[q + 3..]),
                        None => {
                            in_comment = true;
                            break;
                        }
                    }
                } else {
                    break;
                }
            }
            let t = line.trim();
            check_placeholders(t, line_no, known).map_err(|r| err(line_no, r))?;
            if let Some(key) = t.strip_prefix("## ") {
                flush(&mut out, &current, &mut para, &mut list);
                let key = key.trim().to_string();
                if !sections.contains(&key.as_str()) {
                    return Err(err(
                        line_no,
                        format!(
                            "unknown section {key:?}; the sections are {}",
                            sections.join(", ")
                        ),
                    ));
                }
                out.entry(key.clone()).or_default();
                current = Some(key);
                continue;
            }
            if t.is_empty() {
                flush(&mut out, &current, &mut para, &mut list);
                continue;
            }
            if current.is_none() {
                return Err(err(
                    line_no,
                    "text before the first `## section` heading".to_string(),
                ));
            }
            let item = if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
                Some((false, rest))
            } else {
                numbered_item(t).map(|rest| (true, rest))
            };
            match item {
                Some((ordered, rest)) => {
                    if para.is_some() {
                        flush(&mut out, &current, &mut para, &mut None);
                    }
                    match &mut list {
                        Some((_, o, items)) if *o == ordered => items.push(rest.to_string()),
                        _ => {
                            flush(&mut out, &current, &mut None, &mut list);
                            list = Some((line_no, ordered, vec![rest.to_string()]));
                        }
                    }
                }
                None => match (&mut para, &mut list) {
                    // A continuation line of a list item.
                    (None, Some((_, _, items))) if raw.starts_with("  ") => {
                        if let Some(last) = items.last_mut() {
                            last.push(' ');
                            last.push_str(t);
                        }
                    }
                    (Some((_, p)), _) => {
                        p.push(' ');
                        p.push_str(t);
                    }
                    (None, _) => {
                        flush(&mut out, &current, &mut None, &mut list);
                        para = Some((line_no, t.to_string()));
                    }
                },
            }
        }
        if in_comment {
            return Err(err(
                text.lines().count(),
                "unclosed <!-- comment".to_string(),
            ));
        }
        flush(&mut out, &current, &mut para, &mut list);
        Ok(Template {
            origin: origin.to_string(),
            sections: out,
        })
    }

    /// Whether the template has text for `section`.
    pub fn has(&self, section: &str) -> bool {
        self.sections.get(section).is_some_and(|p| !p.is_empty())
    }

    /// The blocks of `section` with every placeholder replaced.
    pub fn render(&self, section: &str, facts: &Facts) -> Result<Vec<Block>, Error> {
        let Some(pieces) = self.sections.get(section) else {
            return Ok(vec![]);
        };
        let mut out = vec![];
        for p in pieces {
            match p {
                Piece::Para { line, text } => {
                    out.push(Block::Paragraph(self.fill(text, *line, facts)?))
                }
                Piece::List {
                    line,
                    ordered,
                    items,
                } => out.push(Block::List {
                    ordered: *ordered,
                    items: items
                        .iter()
                        .map(|i| self.fill(i, *line, facts))
                        .collect::<Result<_, _>>()?,
                }),
            }
        }
        Ok(out)
    }

    fn fill(&self, text: &str, line: usize, facts: &Facts) -> Result<String, Error> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(p) = rest.find("{{") {
            out.push_str(&rest[..p]);
            let after = &rest[p + 2..];
            let Some(q) = after.find("}}") else {
                out.push_str(&rest[p..]);
                rest = "";
                break;
            };
            let name = after[..q].trim();
            let v = facts.get(name).ok_or_else(|| Error::Template {
                origin: self.origin.clone(),
                line,
                reason: format!("placeholder {{{{{name}}}}} has no figure in this report"),
            })?;
            out.push_str(v);
            rest = &after[q + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn numbered_item(t: &str) -> Option<&str> {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    t[digits..].strip_prefix(". ")
}

fn check_placeholders(t: &str, _line: usize, known: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let mut rest = t;
    while let Some(p) = rest.find("{{") {
        let after = &rest[p + 2..];
        let q = after
            .find("}}")
            .ok_or_else(|| "a `{{` placeholder is not closed with `}}`".to_string())?;
        let name = after[..q].trim();
        if !known(name) {
            return Err(format!(
                "unknown figure {{{{{name}}}}}; placeholders name an indicator id (e.g. {{{{cla_count}}}}, {{{{cla_count.previous}}}}) or a report fact (see docs/REPORTS.md)"
            ));
        }
        rest = &after[q + 2..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(n: &str) -> bool {
        ["cla_count", "cla_count.previous", "quarter"].contains(&n)
    }

    const SECTIONS: &[&str] = &["summary", "looked_after"];

    #[test]
    fn paragraphs_lists_and_placeholders() {
        let t = Template::parse(
            "<!-- editable -->\n## summary\nData at the end of {{quarter}}.\nSecond line.\n\n- one {{cla_count}}\n- two\n\n1. first\n2. second\n## looked_after\nThere were {{ cla_count }} (was {{cla_count.previous}}).\n",
            "cabinet.md",
            SECTIONS,
            &known,
        )
        .unwrap();
        let facts: Facts = [
            ("quarter", "quarter 2"),
            ("cla_count", "401"),
            ("cla_count.previous", "409"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let b = t.render("summary", &facts).unwrap();
        assert_eq!(
            b,
            vec![
                Block::Paragraph("Data at the end of quarter 2. Second line.".into()),
                Block::List {
                    ordered: false,
                    items: vec!["one 401".into(), "two".into()]
                },
                Block::List {
                    ordered: true,
                    items: vec!["first".into(), "second".into()]
                },
            ]
        );
        assert_eq!(
            t.render("looked_after", &facts).unwrap(),
            vec![Block::Paragraph("There were 401 (was 409).".into())]
        );
        assert!(t.has("summary"));
    }

    #[test]
    fn an_unknown_figure_is_an_error_naming_the_line() {
        let e = Template::parse(
            "## summary\nok\n\nThere were {{cla_cuont}} children.\n",
            "cabinet.md",
            SECTIONS,
            &known,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("cabinet.md: line 4:"), "{e}");
        assert!(e.contains("cla_cuont"), "{e}");
    }

    #[test]
    fn unknown_sections_and_unclosed_placeholders_are_errors() {
        let e = Template::parse("## sumary\nx\n", "t.md", SECTIONS, &known)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && e.contains("sumary"), "{e}");
        let e = Template::parse("## summary\nx {{cla_count\n", "t.md", SECTIONS, &known)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("not closed"), "{e}");
        let e = Template::parse("text first\n", "t.md", SECTIONS, &known)
            .unwrap_err()
            .to_string();
        assert!(e.contains("before the first"), "{e}");
    }

    #[test]
    fn a_fact_missing_at_render_time_is_an_error() {
        let t = Template::parse("## summary\n{{quarter}}\n", "t.md", SECTIONS, &known).unwrap();
        assert!(t.render("summary", &Facts::new()).is_err());
    }
}
