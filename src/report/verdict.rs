//! Why a file fails beyond its own error findings: the score below `min-score` and the hard
//! gates. The CI formats (SARIF, GitHub annotations and job summary) report these file-level
//! verdicts as results of their own, so a file that fails only on its score is not silent there.

use super::FileReport;
use std::fmt;

/// The SARIF rule id (and annotation title) of a score below `min-score`.
pub const MIN_SCORE_RULE: &str = "contentlint/min-score";
/// The SARIF rule id (and annotation title) of a failed hard gate.
pub const HARD_GATE_RULE: &str = "contentlint/hard-gate";

/// One file-level reason a file fails.
#[derive(Debug, Clone, PartialEq)]
pub enum FileFailure<'a> {
    /// The overall score is below the file's minimum.
    Score { score: u32, min_score: f64 },
    /// A hard gate (a rule id) fired: the file is invalid whatever its score.
    HardGate(&'a str),
}

impl FileFailure<'_> {
    /// The id this failure is reported under.
    pub fn rule(&self) -> &'static str {
        match self {
            FileFailure::Score { .. } => MIN_SCORE_RULE,
            FileFailure::HardGate(_) => HARD_GATE_RULE,
        }
    }
}

impl fmt::Display for FileFailure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileFailure::Score { score, min_score } => {
                write!(f, "score {score} < min-score {min_score}")
            }
            FileFailure::HardGate(rule) => write!(f, "hard gate {rule}"),
        }
    }
}

/// The file-level failures of a report: the score first, then each gate in report order.
pub fn file_failures(report: &FileReport) -> Vec<FileFailure<'_>> {
    let mut failures = Vec::new();
    if f64::from(report.score) < report.min_score {
        failures.push(FileFailure::Score {
            score: report.score,
            min_score: report.min_score,
        });
    }
    failures.extend(report.hard_gates.iter().map(|g| FileFailure::HardGate(g)));
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    #[test]
    fn a_short_article_fails_on_its_gates_and_score_with_reasons_named() {
        let linter = Linter::with_config(Config::default());
        let report = linter
            .lint_source("a.md".as_ref(), "# T\n\ntext\n".into())
            .unwrap();
        assert!(!report.valid);
        let failures = file_failures(&report);
        assert!(
            failures.contains(&FileFailure::HardGate("structure/min-h2")),
            "{failures:?}"
        );
        // Gates are named once, their findings not counted again as errors.
        let reasons = super::super::wording::failure_reasons(&report);
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("hard gate") && r.contains("structure/min-h2"))
                && !reasons
                    .iter()
                    .any(|r| r.ends_with("error") || r.ends_with("errors")),
            "{reasons:?}"
        );
        let mut with_error = report.clone();
        let mut error = with_error.findings[0].clone();
        error.rule = "temporal/ai-disclaimer".into();
        error.severity = crate::finding::Severity::Error;
        with_error.findings.push(error);
        assert_eq!(
            super::super::wording::failure_reasons(&with_error)
                .last()
                .unwrap(),
            "1 error"
        );
        let mut passing = report.clone();
        passing.score = 90;
        passing.min_score = 80.0;
        passing.hard_gates.clear();
        assert!(file_failures(&passing).is_empty());
        passing.min_score = 90.5;
        assert_eq!(
            file_failures(&passing)[0].to_string(),
            "score 90 < min-score 90.5"
        );
    }
}
