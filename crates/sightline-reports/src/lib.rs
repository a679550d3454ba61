//! `sightline-reports`: the documents councillors and inspectors receive,
//! built from the records through the indicator engine.
//!
//! Why it exists: the same figures go to Cabinet (a public paper), to the
//! Executive Member (a briefing) and to Ofsted (Annex A child-level lists),
//! each in the format that audience uses. Every figure printed comes from
//! [`sightline_indicators::Engine`]; this crate lays figures out, applies
//! small-number suppression to anything public, and writes the file.
//!
//! - [`quarter`]: reporting quarters of the council's financial year.
//! - [`suppress`]: primary and secondary small-number suppression.
//! - [`template`]: the officers' narrative, Markdown with `{{figure}}` placeholders.
//! - [`doc`]: a small format-neutral document (headings, paragraphs, tables, charts).
//! - [`cabinet`], [`headline`]: the two reports as [`doc::Document`]s.
//! - [`chart`]: trend charts as accessible SVG (and the same drawing for PDF).
//! - [`html`], [`docx`], [`pdf`]: the three renderers of a document.
//! - [`annex_a`]: the Ofsted Annex A workbook.
//!
//! What it deliberately does not do: compute an indicator (it asks the
//! engine), read the store (the caller passes a loaded council), or decide
//! who may see unsuppressed figures (the caller passes [`suppress::Disclosure`]).

pub mod annex_a;
pub mod boards;
pub mod cabinet;
pub mod chart;
pub mod doc;
pub mod docx;
pub mod headline;
pub mod html;
pub mod pdf;
pub mod quarter;
pub mod raster;
pub mod suppress;
pub mod template;

pub use doc::Document;
pub use quarter::Quarter;
pub use suppress::{Disclosure, Suppression};

/// Output formats of a report document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Docx,
    Pdf,
}

impl Format {
    /// The format named by a file's extension (`.html`, `.htm`, `.docx`, `.pdf`).
    pub fn from_path(path: &std::path::Path) -> Result<Format, Error> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" => Ok(Format::Html),
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            _ => Err(Error::BadArgument(format!(
                "{}: expected a file ending .html, .docx or .pdf",
                path.display()
            ))),
        }
    }
}

/// Render a document to bytes in `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, Error> {
    match format {
        Format::Html => Ok(html::render(doc).into_bytes()),
        Format::Docx => docx::render(doc),
        Format::Pdf => Ok(pdf::render(doc)),
    }
}

/// Errors of report building. Each names what was wrong and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadArgument(String),
    #[error("{origin}: line {line}: {reason}")]
    Template {
        origin: String,
        line: usize,
        reason: String,
    },
    #[error(transparent)]
    Indicators(#[from] sightline_indicators::Error),
    #[error("cannot write the DOCX: {0}")]
    Docx(String),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/report.HTML")).unwrap(),
            Format::Html
        );
        assert_eq!(
            Format::from_path(Path::new("r.docx")).unwrap(),
            Format::Docx
        );
        assert_eq!(Format::from_path(Path::new("r.pdf")).unwrap(), Format::Pdf);
        let e = Format::from_path(Path::new("r.txt"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("r.txt") && e.contains(".html, .docx or .pdf"),
            "{e}"
        );
        assert!(Format::from_path(Path::new("report")).is_err());
    }
}
