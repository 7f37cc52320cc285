//! `human`: miette diagnostics (source excerpt, underline, rule id, help) per finding, a line
//! per file, and a summary line.

use super::{FileError, FileReport, ReportedFinding, Reporter, Summary};
use crate::finding::Severity;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

pub struct HumanReporter {
    handler: GraphicalReportHandler,
    /// Print info-severity findings too (they are counted either way).
    pub show_info: bool,
}

impl HumanReporter {
    pub fn new(color: bool) -> HumanReporter {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        HumanReporter {
            handler: GraphicalReportHandler::new_themed(theme).with_context_lines(1),
            show_info: true,
        }
    }
}

/// One finding as a miette diagnostic over the file's text.
struct FindingDiagnostic<'a> {
    finding: &'a ReportedFinding,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let label = format!("{} ({})", f.dimension, f.severity);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(label),
            f.offset,
            f.length,
        ))))
    }
}

impl Reporter for HumanReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            if finding.severity == Severity::Info && !self.show_info {
                continue;
            }
            let diagnostic = FindingDiagnostic {
                finding,
                source: NamedSource::new(report.path.clone(), report.source.clone()),
            };
            let mut text = String::new();
            self.handler
                .render_report(&mut text, &diagnostic)
                .map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        let errors = report.violations().count();
        let warnings = report.warnings().count();
        let verdict = if report.valid { "pass" } else { "FAIL" };
        write!(
            out,
            "{}: {verdict} score {} ({} errors, {} warnings/info) · SEO {}",
            report.path, report.score, errors, warnings, report.seo.seo_score
        )?;
        if !report.hard_gates.is_empty() {
            write!(out, " · hard gates: {}", report.hard_gates.join(", "))?;
        }
        writeln!(out)?;
        for r in &report.seo.recommendations {
            writeln!(out, "  SEO: {r}")?;
        }
        Ok(())
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        writeln!(out, "error: {error}")
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        writeln!(out, "skipped {}: {}", s.path, s.reason)
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "\n{} files: {} passed, {} failed, {} could not be linted; mean score {}",
            s.files, s.passed, s.failed, s.errors, s.mean_score
        )?;
        if s.skipped > 0 {
            writeln!(out, "{} files skipped (no body)", s.skipped)?;
        }
        Ok(())
    }
}
