//! Council targets and RAG ratings (`indicators.md` §1.5, §4), and the
//! short trend (§1.3).
//!
//! Why: targets are a council's choice, printed in its reports; they live in
//! one TOML file per council and year, and the engine applies one rule to
//! all of them: round the value to the precision the bands are printed in,
//! then Green if in the Green range, else Amber if in the Amber range, else
//! Red. The band text is rendered as the council printed it, never
//! regenerated. This module does not compute values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::catalogue::{Polarity, definition};
use crate::period::PeriodType;
use crate::value::Exact;
use crate::{Error, Params};

/// A RAG rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

/// One inclusive range of a band set, as scaled integers at the band
/// precision (`None` = unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: Option<i128>,
    pub max: Option<i128>,
}

impl Range {
    fn contains(self, r: i128) -> bool {
        self.min.is_none_or(|m| r >= m) && self.max.is_none_or(|m| r <= m)
    }
}

/// A council's target for one indicator (one TOML table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub polarity: Option<Polarity>,
    pub period: Option<PeriodType>,
    /// Decimal places the thresholds are printed in.
    pub precision: u32,
    pub green: Option<Range>,
    pub amber: Option<Range>,
    /// The band text exactly as printed ("Green: >=95% Amber: 90% - 94% Red: <= 89%").
    pub text: Option<String>,
    pub target_text: Option<String>,
    pub trend_tolerance: Option<f64>,
    /// Parameter settings for this indicator, as `key = value` text.
    pub params: Vec<(String, String)>,
    /// The council's own wording of the measure (`label = "…"`), printed
    /// instead of the catalogue's label in text, JSON and reports.
    pub label: Option<&'static str>,
}

impl Target {
    /// RAG for an exact value (§1.5). `None` when there are no bands.
    pub fn rag(&self, value: Exact) -> Option<Rag> {
        let green = self.green?;
        let r = value.round_scaled(self.precision);
        if green.contains(r) {
            Some(Rag::Green)
        } else if self.amber.is_some_and(|a| a.contains(r)) {
            Some(Rag::Amber)
        } else {
            Some(Rag::Red)
        }
    }

    /// RAG for a value as displayed (scaled by 10^`decimals`). The engine
    /// rates the printed value, so a figure printed "94.5%" is always rated
    /// as 94.5 (→ 95 → Green), never as its unrounded 94.45 (→ 94 → Amber):
    /// the colour always agrees with the number beside it.
    pub fn rag_displayed(&self, scaled: i128, decimals: u32) -> Option<Rag> {
        self.rag(Exact {
            num: scaled,
            den: 10i128.pow(decimals),
        })
    }

    /// The band text rendered the way the council prints it: the `text` as
    /// configured, with each colour on its own clause separated by ", "
    /// ("Green: >=95%, Amber: 90%–94%, Red: <=89%" style is not invented:
    /// the printed spacing is kept, only the clauses are comma-joined).
    pub fn band_text(&self) -> Option<String> {
        let t = self.text.as_ref()?;
        let mut out = String::new();
        for (i, part) in split_clauses(t).iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(part.trim());
        }
        Some(out)
    }

    /// Parameters with this table's settings applied over `base`.
    pub fn apply_params(&self, base: &Params) -> Result<Params, Error> {
        let mut p = base.clone();
        for (k, v) in &self.params {
            p.set(k, v)?;
        }
        Ok(p)
    }
}

/// Split "Green: >=95% Amber: 90% - 94% Red: <= 89%" at each colour name.
fn split_clauses(t: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = ["Green:", "Amber:", "Red:"]
        .iter()
        .filter_map(|c| t.find(c))
        .collect();
    cuts.sort_unstable();
    if cuts.first() != Some(&0) {
        cuts.insert(0, 0);
    }
    let mut out = Vec::new();
    for (i, &c) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied().unwrap_or(t.len());
        let s = t[c..end].trim().trim_end_matches(',').trim();
        if !s.is_empty() {
            out.push(s);
        }
    }
    out
}

/// A council's targets file (§4).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Targets {
    pub council: Option<String>,
    pub year: Option<String>,
    pub band_rule: Option<String>,
    pub indicators: BTreeMap<String, Target>,
}

impl Targets {
    /// Read a targets file.
    pub fn load(path: &Path) -> Result<Targets, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Targets::parse(&text, &path.display().to_string())
    }

    /// Parse targets TOML; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Targets, Error> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Error::Targets {
                origin: origin.to_string(),
                place: format!("line {line}, column {col}"),
                reason: e.message().to_string(),
            }
        })?;
        let err = |place: String, reason: String| Error::Targets {
            origin: origin.to_string(),
            place,
            reason,
        };
        let mut out = Targets::default();
        for (key, value) in &table {
            match (key.as_str(), value) {
                ("council", toml::Value::String(s)) => out.council = Some(s.clone()),
                ("year", toml::Value::String(s)) => out.year = Some(s.clone()),
                ("band_rule", toml::Value::String(s)) => {
                    if s != "round-to-precision, green-then-amber-else-red" {
                        return Err(err(
                            "band_rule".into(),
                            format!(
                                "the only band rule is \"round-to-precision, green-then-amber-else-red\", found {s:?}"
                            ),
                        ));
                    }
                    out.band_rule = Some(s.clone());
                }
                (id, toml::Value::Table(t)) => {
                    if definition(id).is_none() {
                        return Err(err(
                            format!("[{id}]"),
                            "not an indicator id of the catalogue (see docs/INDICATORS.md)".into(),
                        ));
                    }
                    let target =
                        parse_target(id, t).map_err(|(k, r)| err(format!("[{id}] {k}"), r))?;
                    // Validate the parameters now, not at compute time.
                    target
                        .apply_params(&Params::default())
                        .map_err(|e| err(format!("[{id}]"), e.to_string()))?;
                    out.indicators.insert(id.to_string(), target);
                }
                (k, _) => {
                    return Err(err(
                        k.to_string(),
                        "expected council, year, band_rule (text) or an [indicator_id] table"
                            .into(),
                    ));
                }
            }
        }
        Ok(out)
    }

    pub fn get(&self, id: &str) -> Option<&Target> {
        self.indicators.get(id)
    }
}

/// One `'static` copy of each distinct council label, so a [`crate::Figure`]
/// keeps its `&'static str` label whoever's wording it prints. Why not a
/// `String` per figure: reports and the web app copy figures freely and
/// read `label` as `&'static str`. Memory is bounded by the distinct
/// wordings ever loaded (a few dozen per council), not by how often a
/// targets file is read: reloading a file finds its labels already here.
fn intern_label(label: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static LABELS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let set = LABELS.get_or_init(|| Mutex::new(HashSet::new()));
    let mut set = match set.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(&l) = set.get(label) {
        return l;
    }
    let l: &'static str = Box::leak(label.to_string().into_boxed_str());
    set.insert(l);
    l
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn parse_target(id: &str, t: &toml::Table) -> Result<Target, (String, String)> {
    let mut target = Target {
        polarity: None,
        period: None,
        precision: 0,
        green: None,
        amber: None,
        text: None,
        target_text: None,
        trend_tolerance: None,
        params: vec![],
        label: None,
    };
    // Precision first: the ranges are scaled by it.
    if let Some(v) = t.get("precision") {
        target.precision = v.as_integer().filter(|p| (0..=4).contains(p)).ok_or((
            "precision".to_string(),
            "expected a whole number of decimal places, 0 to 4".to_string(),
        ))? as u32;
    }
    for (k, v) in t {
        let k = k.as_str();
        let text = || -> Result<String, (String, String)> {
            v.as_str()
                .map(str::to_string)
                .ok_or((k.to_string(), "expected text in quotes".to_string()))
        };
        match k {
            "precision" => {}
            "polarity" => {
                target.polarity = Some(match v.as_str() {
                    Some("higher") => Polarity::Higher,
                    Some("lower") => Polarity::Lower,
                    Some("neutral") => Polarity::Neutral,
                    _ => {
                        return Err((
                            k.into(),
                            "expected \"higher\", \"lower\" or \"neutral\"".into(),
                        ));
                    }
                })
            }
            "period" => {
                target.period = Some(v.as_str().and_then(PeriodType::parse).ok_or((
                    k.to_string(),
                    "expected \"YD\", \"RY\", \"Q\" or \"EP\"".to_string(),
                ))?)
            }
            "green" | "amber" => {
                let r = parse_range(v, target.precision).map_err(|e| (k.to_string(), e))?;
                if k == "green" {
                    target.green = Some(r);
                } else {
                    target.amber = Some(r);
                }
            }
            "red" => {
                // Informational: Red is whatever is neither Green nor Amber.
                parse_range(v, target.precision).map_err(|e| (k.to_string(), e))?;
            }
            "text" => target.text = Some(text()?),
            "label" => {
                let l = text()?;
                let l = l.trim();
                if l.is_empty() || l.chars().count() > 200 || l.contains(['\n', '\r']) {
                    return Err((
                        k.into(),
                        "expected the council's wording of the measure on one line, 1 to 200 characters"
                            .into(),
                    ));
                }
                target.label = Some(intern_label(l));
            }
            "target_text" => target.target_text = Some(text()?),
            "target" => {
                target.target_text = Some(match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    _ => return Err((k.into(), "expected a number or text".into())),
                })
            }
            "trend_tolerance" => {
                target.trend_tolerance = Some(number(v).filter(|f| *f >= 0.0).ok_or((
                    k.to_string(),
                    "expected a number of display units, e.g. 0.5".to_string(),
                ))?)
            }
            _ if Params::is_param(k) => {
                let s = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    _ => {
                        return Err((
                            k.into(),
                            "expected a value in quotes, a number or true/false".into(),
                        ));
                    }
                };
                target.params.push((k.to_string(), s));
            }
            _ => {
                return Err((
                    k.to_string(),
                    format!(
                        "unknown key in [{id}]; expected label, polarity, period, precision, green, amber, red, text, \
                         target_text, trend_tolerance or a parameter ({})",
                        crate::params::PARAM_NAMES.join(", ")
                    ),
                ));
            }
        }
    }
    if target.amber.is_some() && target.green.is_none() {
        return Err(("amber".into(), "an amber band needs a green band".into()));
    }
    Ok(target)
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn parse_range(v: &toml::Value, precision: u32) -> Result<Range, String> {
    let t = v
        .as_table()
        .ok_or("expected an inline table such as { min = 90, max = 94 }")?;
    let scale = 10f64.powi(precision as i32);
    let mut r = Range {
        min: None,
        max: None,
    };
    for (k, x) in t {
        let n = number(x).ok_or_else(|| format!("{k}: expected a number"))?;
        let scaled = (n * scale).round();
        if (scaled - n * scale).abs() > 1e-6 {
            return Err(format!(
                "{k} = {n} has more decimal places than precision = {precision}"
            ));
        }
        match k.as_str() {
            "min" => r.min = Some(scaled as i128),
            "max" => r.max = Some(scaled as i128),
            _ => return Err(format!("{k}: expected min or max")),
        }
    }
    Ok(r)
}

/// The short trend between two reporting points (§1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Declining,
    Stable,
    Increasing,
    Decreasing,
}

impl Trend {
    pub fn label(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Declining => "declining",
            Trend::Stable => "stable",
            Trend::Increasing => "increasing",
            Trend::Decreasing => "decreasing",
        }
    }
}

/// Trend from previous `prev` to current `cur`, both already rounded to
/// display precision (scaled by 10^decimals); `tolerance` in display units.
pub fn trend(polarity: Polarity, cur: i128, prev: i128, decimals: u32, tolerance: f64) -> Trend {
    let d = cur - prev;
    let tol = (tolerance * 10f64.powi(decimals as i32)).round() as i128;
    if d.abs() <= tol {
        return Trend::Stable;
    }
    match (polarity, d > 0) {
        (Polarity::Higher, true) | (Polarity::Lower, false) => Trend::Improving,
        (Polarity::Higher, false) | (Polarity::Lower, true) => Trend::Declining,
        (Polarity::Neutral, true) => Trend::Increasing,
        (Polarity::Neutral, false) => Trend::Decreasing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_respects_polarity_and_tolerance() {
        assert_eq!(trend(Polarity::Higher, 800, 667, 1, 0.5), Trend::Improving);
        assert_eq!(trend(Polarity::Lower, 76, 79, 1, 0.5), Trend::Stable);
        assert_eq!(trend(Polarity::Lower, 70, 79, 1, 0.5), Trend::Improving);
        assert_eq!(trend(Polarity::Lower, 590, 589, 0, 0.0), Trend::Declining);
        assert_eq!(
            trend(Polarity::Neutral, 401, 409, 0, 0.0),
            Trend::Decreasing
        );
        assert_eq!(trend(Polarity::Neutral, 409, 409, 0, 0.0), Trend::Stable);
    }

    #[test]
    fn errors_name_the_file_table_and_key() {
        let e = Targets::parse("[nonsense]\nprecision = 0\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.toml") && e.contains("[nonsense]"), "{e}");
        let e = Targets::parse("[cla_count]\ngreen = { min = \"x\" }\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("[cla_count] green") && e.contains("min"), "{e}");
        let e = Targets::parse("[cla_count\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
        let e = Targets::parse(
            "[care_leavers_eet]\ncare_leaver_ages = \"30-40\"\n",
            "t.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("care_leaver_ages"), "{e}");
    }

    #[test]
    fn band_text_is_the_printed_text_clause_by_clause() {
        let t = Targets::parse(
            "[assessments_within_45wd]\ngreen = { min = 95 }\namber = { min = 90, max = 94 }\ntext = \"Green: >=95% Amber: 90% - 94% Red: <= 89%\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(
            t.get("assessments_within_45wd")
                .unwrap()
                .band_text()
                .unwrap(),
            "Green: >=95%, Amber: 90% - 94%, Red: <= 89%"
        );
    }
}
