//! Errors reading and writing census files.
//!
//! Why: a council's analyst must be able to fix the file from the message
//! alone, so every error is one line naming the file, where (line and byte,
//! or element path) and what was expected.

use std::path::PathBuf;

/// A census file could not be read (or, for import, mapped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the file: {message}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The XML is malformed, hostile or not a CIN census.
    #[error("{}: line {line}, byte {byte}: {message}", file.display())]
    Malformed {
        /// The file.
        file: PathBuf,
        /// 1-based line (0 if unknown).
        line: u64,
        /// 0-based byte offset.
        byte: u64,
        /// What went wrong and what was expected.
        message: String,
    },
    /// A value an import needs is missing or invalid.
    #[error("{}: {path}: expected {expected}, found {found}", file.display())]
    Structure {
        /// The file (or `<memory>`).
        file: PathBuf,
        /// Element path, e.g. `Message/Children/Child[3]/CINdetails[1]/CINreferralDate`.
        path: String,
        /// What was expected.
        expected: String,
        /// What was found (quoted text or "nothing").
        found: String,
    },
}

/// A census file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file could not be created or written.
    #[error("{}: cannot write the file: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}
