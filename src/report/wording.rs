//! The words of the human and concise formats: counts with correct plurals, a file's verdict
//! with the reasons it fails, and the run's summary.

use super::verdict::{self, FileFailure};
use super::{FileReport, Summary};
use crate::finding::Severity;
use std::io::{self, Write};

/// `1 file`, `2 files`, `0 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `1 warning, 3 info` (zero counts left out), or `no warnings`. Errors are not counted here:
/// any error fails the file, and its verdict counts them.
pub fn finding_counts(report: &FileReport) -> String {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        (count(Severity::Warning), "warning", "warnings"),
        (count(Severity::Info), "info", "info"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    if parts.is_empty() {
        "no warnings".to_string()
    } else {
        parts.join(", ")
    }
}

/// Why a file fails, every reason that applies, in this order: `score 75 < min-score 80`,
/// `hard gate structure/conclusion` (`hard gates a, b`), `2 errors` (error findings of rules
/// that are not gates: a gate's findings are named by the gate already). Empty for a file that
/// passes. The file-level failures are [`verdict::file_failures`], which the CI formats report
/// as results of their own.
pub fn failure_reasons(report: &FileReport) -> Vec<String> {
    if report.valid {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    let mut gates: Vec<&str> = Vec::new();
    for failure in verdict::file_failures(report) {
        match failure {
            FileFailure::HardGate(gate) => gates.push(gate),
            score => reasons.push(score.to_string()),
        }
    }
    match gates.as_slice() {
        [] => {}
        [one] => reasons.push(format!("hard gate {one}")),
        many => reasons.push(format!("hard gates {}", many.join(", "))),
    }
    let errors = report
        .violations()
        .filter(|f| !report.hard_gates.contains(&f.rule))
        .count();
    if errors > 0 {
        reasons.push(plural(errors, "error", "errors"));
    }
    reasons
}

/// `FAIL (score 75 < min-score 80; 2 errors)`, or `pass`.
pub fn verdict(report: &FileReport) -> String {
    if report.valid {
        return "pass".to_string();
    }
    let reasons = failure_reasons(report);
    if reasons.is_empty() {
        "FAIL".to_string()
    } else {
        format!("FAIL ({})", reasons.join("; "))
    }
}

/// A file's line in human output: `path: verdict · score N · warnings · SEO N`.
pub fn verdict_line(report: &FileReport) -> String {
    format!(
        "{}: {} · score {} · {} · SEO {}",
        report.path,
        verdict(report),
        report.score,
        finding_counts(report),
        report.seo.seo_score
    )
}

/// The run's last lines: `2 files: 1 passed, 1 failed, 0 could not be linted; mean score 82`,
/// the skipped count when there is one, and the statistics table when asked for.
pub fn write_summary(out: &mut dyn Write, s: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} passed, {} failed, {} could not be linted; mean score {}",
        plural(s.files, "file", "files"),
        s.passed,
        s.failed,
        s.errors,
        s.mean_score
    )?;
    if s.skipped > 0 {
        writeln!(
            out,
            "{} skipped (no body)",
            plural(s.skipped, "file", "files")
        )?;
    }
    if s.site_errors > 0 {
        writeln!(
            out,
            "{} in the site checks: the run fails",
            plural(s.site_errors, "error", "errors")
        )?;
    }
    if s.suppressed > 0 {
        writeln!(
            out,
            "{} suppressed by contentlint-disable comments or front matter",
            plural(s.suppressed, "finding", "findings")
        )?;
    }
    if let Some(statistics) = &s.statistics {
        writeln!(out)?;
        statistics.write_table(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    fn report(source: &str, min_score: Option<f64>) -> FileReport {
        let mut config = Config::default();
        if let Some(min) = min_score {
            config.scoring.min_score = min;
        }
        Linter::with_config(config)
            .lint_source("a.md".as_ref(), source.to_string())
            .unwrap()
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(0, "file", "files"), "0 files");
        assert_eq!(plural(1, "file", "files"), "1 file");
        assert_eq!(plural(2, "file", "files"), "2 files");
        assert_eq!(plural(1, "warning", "warnings"), "1 warning");
    }

    #[test]
    fn summary_says_1_file_and_2_files() {
        let mut s = Summary::default();
        s.add_file(true, 90);
        s.add_skipped();
        let mut out = Vec::new();
        write_summary(&mut out, &s).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("1 file: 1 passed, 0 failed"), "{text}");
        assert!(text.contains("\n1 file skipped (no body)\n"), "{text}");
        s.add_file(false, 40);
        s.add_skipped();
        let mut out = Vec::new();
        write_summary(&mut out, &s).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("2 files: 1 passed, 1 failed"), "{text}");
        assert!(text.contains("\n2 files skipped (no body)\n"), "{text}");
    }

    /// An article that passes under the default preset (score 95, one warning).
    const ARTICLE: &str = include_str!("../../fixtures/article.md");

    #[test]
    fn score_below_min_score_is_named() {
        let r = report(ARTICLE, Some(100.0));
        assert!(
            r.score < 100,
            "the fixture must score under 100: {}",
            r.score
        );
        assert_eq!(
            failure_reasons(&r),
            [format!("score {} < min-score 100", r.score)]
        );
        assert_eq!(
            verdict_line(&r),
            format!(
                "a.md: FAIL (score {0} < min-score 100) · score {0} · 1 warning · SEO {1}",
                r.score, r.seo.seo_score
            )
        );
    }

    #[test]
    fn fractional_threshold_is_written_as_given() {
        let r = report(ARTICLE, Some(99.5));
        assert_eq!(
            failure_reasons(&r),
            [format!("score {} < min-score 99.5", r.score)]
        );
    }

    #[test]
    fn hard_gates_and_errors_are_named() {
        // Two H1s, no H2, no conclusion: three errors, each a hard gate of the default preset,
        // named once as gates and not counted again as errors.
        let r = report("# One\n\nText here.\n\n# Two\n\nMore text.\n", Some(0.0));
        assert_eq!(
            verdict(&r),
            "FAIL (hard gates structure/conclusion, structure/min-h2, structure/single-h1)"
        );
        let mut with_error = r.clone();
        let mut error = with_error.findings[0].clone();
        error.rule = "temporal/ai-disclaimer".into();
        error.severity = Severity::Error;
        with_error.findings.push(error);
        assert!(verdict(&with_error).ends_with("structure/single-h1; 1 error)"));
        // under a threshold it misses too, the score comes first
        let r = report("# One\n\nText here.\n\n# Two\n\nMore text.\n", Some(100.0));
        assert!(
            verdict(&r).starts_with(&format!(
                "FAIL (score {} < min-score 100; hard gates",
                r.score
            )),
            "{}",
            verdict(&r)
        );
    }

    #[test]
    fn one_hard_gate_is_singular() {
        let r = report("# One\n\nText here.\n\n## Conclusion\n\nDone.\n", Some(0.0));
        assert_eq!(verdict(&r), "FAIL (hard gate structure/min-h2)");
    }

    #[test]
    fn passing_file_has_no_reason() {
        let r = report(ARTICLE, Some(80.0));
        assert!(r.valid);
        assert!(failure_reasons(&r).is_empty());
        assert_eq!(verdict(&r), "pass");
        assert!(verdict_line(&r).starts_with("a.md: pass · score "));
        assert!(verdict_line(&r).contains(" · 1 warning · "));
    }
}
