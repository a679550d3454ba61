//! The two ways `sightline validate` reports findings.
//!
//! JSON lines are for other tools (one finding per line, stable keys); the
//! text report is for people and reads like the DfE's own error report:
//! findings grouped by rule, each rule with its message and count, then the
//! places it fails.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::Finding;

/// Write one JSON object per finding, one per line.
pub fn write_json_lines(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, f)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Write findings grouped by rule with counts. `max_places` limits how many
/// places are listed under each rule (the count is always complete).
pub fn write_text(
    out: &mut dyn Write,
    what: &str,
    findings: &[Finding],
    max_places: usize,
) -> io::Result<()> {
    if findings.is_empty() {
        writeln!(out, "{what}: no rule failures.")?;
        return Ok(());
    }
    let mut by_rule: BTreeMap<(RuleKey, &str), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_rule
            .entry((RuleKey::new(&f.rule), f.rule.as_str()))
            .or_default()
            .push(f);
    }
    let children: std::collections::HashSet<&str> =
        findings.iter().filter_map(|f| f.child.as_deref()).collect();
    writeln!(
        out,
        "{what}: {} failure{} of {} rule{}, affecting {} child{}.",
        findings.len(),
        plural(findings.len()),
        by_rule.len(),
        plural(by_rule.len()),
        children.len(),
        if children.len() == 1 { "" } else { "ren" }
    )?;
    writeln!(out)?;
    writeln!(out, "{:<8} {:>7}  message", "rule", "count")?;
    for ((_, rule), list) in &by_rule {
        writeln!(out, "{:<8} {:>7}  {}", rule, list.len(), list[0].message)?;
    }
    for ((_, rule), list) in &by_rule {
        writeln!(out)?;
        writeln!(out, "Rule {rule}: {}", list[0].message)?;
        for f in list.iter().take(max_places) {
            writeln!(out, "  {}", place(f))?;
        }
        if list.len() > max_places {
            writeln!(out, "  … and {} more", list.len() - max_places)?;
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Where a finding is, in words: `episodes row 17 (child 1234): DECOM, RNE`.
pub fn place(f: &Finding) -> String {
    let mut s = match (&f.table, f.row, &f.path) {
        (Some(t), Some(r), _) => format!("{t} row {r}"),
        (Some(t), None, _) => t.clone(),
        (None, _, Some(p)) => p.clone(),
        _ => "return".to_string(),
    };
    if let Some(c) = &f.child {
        s.push_str(&format!(" (child {c})"));
    }
    if !f.fields.is_empty() {
        s.push_str(": ");
        s.push_str(&f.fields.join(", "));
    }
    s
}

/// Sort rule codes numerically where they are numbers (`103` before `1000`),
/// then by their suffix (`503A`, `8670Q`), then the rest alphabetically.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RuleKey(u64, String);

impl RuleKey {
    fn new(rule: &str) -> Self {
        let digits: String = rule.chars().take_while(|c| c.is_ascii_digit()).collect();
        let n = digits.parse().unwrap_or(u64::MAX);
        Self(n, rule[digits.len()..].to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(rule: &str, row: u64, child: &str) -> Finding {
        Finding {
            rule: rule.into(),
            table: Some("episodes".into()),
            row: Some(row),
            path: None,
            child: Some(child.into()),
            fields: vec!["DECOM".into()],
            message: format!("message of {rule}"),
        }
    }

    #[test]
    fn json_lines_have_the_contract_keys() {
        let mut out = Vec::new();
        write_json_lines(&mut out, &[f("103", 2, "C1")]).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line,
            "{\"rule\":\"103\",\"table\":\"episodes\",\"row\":2,\"child\":\"C1\",\"fields\":[\"DECOM\"],\"message\":\"message of 103\"}\n"
        );
    }

    #[test]
    fn text_groups_by_rule_in_numeric_order_with_counts() {
        let findings = vec![
            f("1000", 5, "C2"),
            f("103", 2, "C1"),
            f("103", 3, "C1"),
            f("503A", 4, "C3"),
        ];
        let mut out = Vec::new();
        write_text(&mut out, "SSDA903 2024/25", &findings, 1).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("SSDA903 2024/25: 4 failures of 3 rules, affecting 3 children."));
        let i103 = text.find("\n103 ").unwrap();
        let i503 = text.find("\n503A ").unwrap();
        let i1000 = text.find("\n1000 ").unwrap();
        assert!(i103 < i503 && i503 < i1000);
        assert!(text.contains("103            2  message of 103"));
        assert!(text.contains("  episodes row 2 (child C1): DECOM\n  … and 1 more"));
    }

    #[test]
    fn empty_report_says_so() {
        let mut out = Vec::new();
        write_text(&mut out, "CIN 2024/25", &[], 10).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "CIN 2024/25: no rule failures.\n"
        );
    }
}
