//! A validation finding: one rule failing for one place in a return.

use serde::Serialize;

/// One rule failure, in the shape of the CLI's JSON output:
/// `{"rule","table","row","child","fields","message"}` for the SSDA903 and
/// `{"rule","path","child","fields","message"}` for the CIN census.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The DfE rule code, e.g. `"103"` or `"8500"`.
    pub rule: String,
    /// SSDA903 table name (e.g. `"episodes"`); absent for the CIN census.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// 1-based row, counting the header as row 1 (SSDA903).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Element path (CIN census), e.g. `Message/Children/Child[3]/CINdetails[1]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The child the finding is about, if any.
    pub child: Option<String>,
    /// Fields (columns or elements) involved.
    pub fields: Vec<String>,
    /// The DfE's message for the rule.
    pub message: String,
}
