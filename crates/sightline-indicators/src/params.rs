//! The named council variants of the catalogue (`indicators.md` §2): every
//! place where councils count differently is a parameter here, never a
//! silent difference in the code.
//!
//! Parameters are set per indicator in a council's targets file (§4) or for
//! the whole run on the command line (`--param key=value`). This module only
//! parses and holds them; the measures read them.

use serde::Serialize;

use crate::Error;

/// Which clock the assessment timeliness measure runs (§2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentClock {
    /// AssessmentActualStartDate → authorisation (DfE statistics; default).
    AssessmentStart,
    /// CINreferralDate → authorisation (Working Together wording).
    Referral,
}

/// Which clock the ICPC timeliness measure runs (§2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IcpcClock {
    /// S47ActualStartDate (default).
    S47Start,
    /// The strategy discussion that started the S47.
    StrategyDiscussion,
}

/// Basis of the CP plans lasting 2 years or more measure (§2.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cp2YrsBasis {
    /// Plans ended in the period (NI 64; default).
    Ended,
    /// Plans open at E.
    OpenAtEnd,
}

/// The health measure of `cla_health_checks` (§2.21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthMeasure {
    HealthAssessment,
    Dental,
    Both,
    PafC19,
}

/// The window of the adoption A1/A2/A10 averages (§2.17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionWindow {
    /// The period type's window (default).
    Period,
    /// Three years ending at E (adoption scorecard).
    ThreeYears,
}

/// All parameters, with the reference defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    pub assessment_clock: AssessmentClock,
    pub icpc_clock: IcpcClock,
    pub include_unborn: bool,
    pub cp_2yrs_basis: Cp2YrsBasis,
    pub health_measure: HealthMeasure,
    /// Inclusive age band of care leavers at E, default 19–21.
    pub care_leaver_ages: (i32, i32),
    pub a1_window: AdoptionWindow,
    pub a2_window: AdoptionWindow,
    pub exclude_nfa_previous: bool,
    /// Decimal places of rates per 10,000 (seed 000 prints 2).
    pub rate_decimals: u32,
    /// Months between reporting points, for the previous-period trend.
    pub trend_step_months: u32,
    /// Funded social worker establishment (FTE, in hundredths) for the
    /// vacancy measures; the domain holds no establishment yet.
    pub establishment_fte_hundredths: Option<i64>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            assessment_clock: AssessmentClock::AssessmentStart,
            icpc_clock: IcpcClock::S47Start,
            include_unborn: true,
            cp_2yrs_basis: Cp2YrsBasis::Ended,
            health_measure: HealthMeasure::HealthAssessment,
            care_leaver_ages: (19, 21),
            a1_window: AdoptionWindow::Period,
            a2_window: AdoptionWindow::Period,
            exclude_nfa_previous: false,
            rate_decimals: 1,
            trend_step_months: 3,
            establishment_fte_hundredths: None,
        }
    }
}

/// Parameter names, for error messages and the docs.
pub const PARAM_NAMES: &[&str] = &[
    "assessment_clock",
    "icpc_clock",
    "include_unborn",
    "cp_2yrs_basis",
    "health_measure",
    "care_leaver_ages",
    "a1_window",
    "a2_window",
    "exclude_nfa_previous",
    "rate_decimals",
    "trend_step_months",
    "establishment_fte",
];

impl Params {
    /// Whether `key` names a parameter.
    pub fn is_param(key: &str) -> bool {
        PARAM_NAMES.contains(&key)
    }

    /// Set one parameter from its text form (`care_leaver_ages = "16-21"`).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), Error> {
        let v = value.trim();
        let bad = |expected: &str| Error::BadParam {
            key: key.to_string(),
            value: v.to_string(),
            expected: expected.to_string(),
        };
        match key {
            "assessment_clock" => {
                self.assessment_clock = match v {
                    "assessment_start" => AssessmentClock::AssessmentStart,
                    "referral" => AssessmentClock::Referral,
                    _ => return Err(bad("assessment_start or referral")),
                }
            }
            "icpc_clock" => {
                self.icpc_clock = match v {
                    "s47_start" => IcpcClock::S47Start,
                    "strategy_discussion" => IcpcClock::StrategyDiscussion,
                    _ => return Err(bad("s47_start or strategy_discussion")),
                }
            }
            "include_unborn" => {
                self.include_unborn = parse_bool(v).ok_or_else(|| bad("true or false"))?
            }
            "exclude_nfa_previous" => {
                self.exclude_nfa_previous = parse_bool(v).ok_or_else(|| bad("true or false"))?
            }
            "cp_2yrs_basis" => {
                self.cp_2yrs_basis = match v {
                    "ended" => Cp2YrsBasis::Ended,
                    "open_at_end" => Cp2YrsBasis::OpenAtEnd,
                    _ => return Err(bad("ended or open_at_end")),
                }
            }
            "health_measure" => {
                self.health_measure = match v {
                    "health_assessment" => HealthMeasure::HealthAssessment,
                    "dental" => HealthMeasure::Dental,
                    "both" => HealthMeasure::Both,
                    "paf_c19" => HealthMeasure::PafC19,
                    _ => return Err(bad("health_assessment, dental, both or paf_c19")),
                }
            }
            "care_leaver_ages" => {
                let parsed = v.split_once('-').and_then(|(a, b)| {
                    let (a, b) = (a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?);
                    (16 <= a && a <= b && b <= 25).then_some((a, b))
                });
                self.care_leaver_ages =
                    parsed.ok_or_else(|| bad("an age band such as 19-21, 17-21 or 16-21"))?;
            }
            "a1_window" | "a2_window" => {
                let w = match v {
                    "period" => AdoptionWindow::Period,
                    "3y" => AdoptionWindow::ThreeYears,
                    _ => return Err(bad("period or 3y")),
                };
                if key == "a1_window" {
                    self.a1_window = w;
                } else {
                    self.a2_window = w;
                }
            }
            "rate_decimals" => {
                self.rate_decimals = v
                    .parse()
                    .ok()
                    .filter(|d| *d <= 4)
                    .ok_or_else(|| bad("0 to 4"))?
            }
            "trend_step_months" => {
                self.trend_step_months = v
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| bad("a number of months from 1 to 12"))?
            }
            "establishment_fte" => {
                let f: f64 = v.parse().map_err(|_| bad("a number of FTE such as 11.5"))?;
                if !(0.0..=100_000.0).contains(&f) {
                    return Err(bad("a number of FTE such as 11.5"));
                }
                self.establishment_fte_hundredths = Some((f * 100.0).round() as i64);
            }
            _ => {
                return Err(Error::UnknownParam {
                    key: key.to_string(),
                    known: PARAM_NAMES.join(", "),
                });
            }
        }
        Ok(())
    }

    /// Set from `key=value`, as given on the command line.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), Error> {
        let (k, v) = pair.split_once('=').ok_or_else(|| Error::BadParam {
            key: pair.to_string(),
            value: String::new(),
            expected: "key=value, e.g. care_leaver_ages=16-21".to_string(),
        })?;
        self.set(k.trim(), v)
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_parse_and_reject_clearly() {
        let mut p = Params::default();
        p.set("care_leaver_ages", "16-21").unwrap();
        assert_eq!(p.care_leaver_ages, (16, 21));
        p.set_pair("assessment_clock=referral").unwrap();
        assert_eq!(p.assessment_clock, AssessmentClock::Referral);
        p.set("establishment_fte", "11.5").unwrap();
        assert_eq!(p.establishment_fte_hundredths, Some(1150));
        let e = p.set("care_leaver_ages", "21-19").unwrap_err().to_string();
        assert!(e.contains("care_leaver_ages") && e.contains("19-21"), "{e}");
        assert!(
            p.set("colour", "red")
                .unwrap_err()
                .to_string()
                .contains("assessment_clock")
        );
        assert!(p.set_pair("include_unborn").is_err());
    }
}
