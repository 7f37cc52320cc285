//! `human`: miette diagnostics (source excerpt, underline, rule id, help) per finding, a line
//! per file, and a summary line.

use super::{FileError, FileFormat, FileReport, ReportedFinding, Reporter, Summary};
use crate::document::{LineIndex, floor_char_boundary};
use crate::finding::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

pub struct HumanReporter {
    handler: GraphicalReportHandler,
    /// Print info-severity findings too (they are counted either way).
    pub show_info: bool,
}

/// A file's findings as frames, then its verdict line (what [`HumanReporter`] prints per file).
struct HumanFileFormat {
    handler: GraphicalReportHandler,
    show_info: bool,
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

/// Widest stretch of a line shown, in characters: long lines are cropped to a window around
/// the finding with an ellipsis, as rustc and ruff do (miette itself panics on columns past
/// 65,535 and would print a 20 MB line whole).
const WINDOW: usize = 120;
/// Characters kept before the finding when its line is cropped.
const LEAD: usize = 40;

/// The few lines shown for one finding, cropped, with the finding's place in the file.
struct Excerpt {
    name: String,
    /// The excerpt: context line, finding line, context line; each ends in `\n`; cropped.
    text: String,
    /// 0-based file line of the excerpt's first line.
    first_line: usize,
    /// The finding's span inside `text`, and its 0-based line and column in the file.
    label: miette::SourceSpan,
    line: usize,
    column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // The header asks for the label alone (for `file:line:col`); the frame asks for the
        // label with context: both answered from the excerpt, never from the whole file.
        if *span == self.label && before == 0 && after == 0 {
            let (start, len) = (self.label.offset(), self.label.len());
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                self.name.clone(),
                &self.text.as_bytes()[start..start + len],
                self.label,
                self.line,
                self.column,
                1,
            )));
        }
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.first_line,
            0,
            self.text.lines().count().max(1),
        )))
    }
}

/// Byte range of 1-based `line` in `source`, without its line break.
fn line_range(index: &LineIndex, source: &str, line: usize) -> Option<std::ops::Range<usize>> {
    let start = index.line_start(line)?;
    let end = index.line_start(line + 1).unwrap_or(source.len());
    let text = &source[start..end];
    let trimmed = text.trim_end_matches(['\n', '\r']);
    Some(start..start + trimmed.len())
}

/// Byte offset `n` characters before `at` (not before `floor`).
fn back_chars(source: &str, floor: usize, at: usize, n: usize) -> usize {
    source[floor..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| floor + i)
}

/// Byte offset `n` characters after `at` (not after `ceil`).
fn forward_chars(source: &str, at: usize, ceil: usize, n: usize) -> usize {
    source[at..ceil]
        .char_indices()
        .nth(n)
        .map_or(ceil, |(i, _)| at + i)
}

/// The cropped frame for a finding: its line (a window of [`WINDOW`] characters around the
/// span when the line is longer) and, when that line is whole, one line either side.
fn excerpt(
    name: &str,
    source: &str,
    index: &LineIndex,
    finding: &ReportedFinding,
) -> Option<Excerpt> {
    let line = finding.line;
    let range = line_range(index, source, line)?;
    let at = floor_char_boundary(source, finding.offset.clamp(range.start, range.end));
    // The label covers the span's part of this line only: one frame, never a paragraph.
    let span_end = floor_char_boundary(source, (finding.offset + finding.length).min(range.end));
    let span_end = span_end.max(at);
    let start = back_chars(source, range.start, at, LEAD);
    let end = forward_chars(source, start, range.end, WINDOW);
    let cropped = start > range.start || end < range.end;
    let mut text = String::new();
    let mut first_line = line - 1;
    if !cropped
        && line > 1
        && let Some(prev) = line_range(index, source, line - 1)
    {
        push_cropped(&mut text, source, prev);
        text.push('\n');
        first_line -= 1;
    }
    if start > range.start {
        text.push('…');
    }
    let label_start = text.len() + (at - start);
    let label_len = span_end.min(end).saturating_sub(at);
    text.push_str(&source[start..end]);
    if end < range.end {
        text.push('…');
    }
    text.push('\n');
    if !cropped && let Some(next) = line_range(index, source, line + 1) {
        push_cropped(&mut text, source, next);
        text.push('\n');
    }
    Some(Excerpt {
        name: name.to_string(),
        text,
        first_line,
        label: (label_start, label_len).into(),
        line: line - 1,
        column: finding.column.saturating_sub(1),
    })
}

/// A context line, cut at [`WINDOW`] characters.
fn push_cropped(text: &mut String, source: &str, range: std::ops::Range<usize>) {
    let end = forward_chars(source, range.start, range.end, WINDOW);
    text.push_str(&source[range.start..end]);
    if end < range.end {
        text.push('…');
    }
}

/// One finding as a miette diagnostic over its excerpt.
struct FindingDiagnostic<'a> {
    finding: &'a ReportedFinding,
    source: Excerpt,
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
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label),
            self.source.label,
        ))))
    }
}

impl HumanFileFormat {
    /// One finding as a miette frame; if the renderer fails (or panics), a plain
    /// `path:line:col: severity rule message` line instead, so one finding never costs the
    /// rest of the report.
    fn render(
        &self,
        path: &str,
        source: &str,
        index: &LineIndex,
        finding: &ReportedFinding,
    ) -> String {
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            let source = excerpt(path, source, index, finding)?;
            let diagnostic = FindingDiagnostic { finding, source };
            let mut text = String::new();
            self.handler.render_report(&mut text, &diagnostic).ok()?;
            Some(text)
        }));
        match rendered {
            Ok(Some(text)) => text,
            _ => plain_line(path, finding),
        }
    }
}

/// The concise form of a finding.
fn plain_line(path: &str, f: &ReportedFinding) -> String {
    format!(
        "{path}:{}:{}: {} {} {}\n",
        f.line, f.column, f.severity, f.rule, f.message
    )
}

impl FileFormat for HumanFileFormat {
    fn format(&self, report: &FileReport, out: &mut Vec<u8>) -> io::Result<()> {
        // The document's line table: every finding's frame is found without a scan.
        let index = &report.lines;
        for finding in &report.findings {
            if finding.severity == Severity::Info && !self.show_info {
                continue;
            }
            let text = self.render(&report.path, &report.source, index, finding);
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
}

impl Reporter for HumanReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(HumanFileFormat {
            handler: self.handler.clone(),
            show_info: self.show_info,
        })
    }

    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        writeln!(out, "error: {error}")
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        writeln!(out, "skipped {}: {}", s.path, s.reason)
    }

    fn site(&mut self, out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        out.write_all(crate::site::human_text(site, self.show_info).as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    fn render(source: String) -> String {
        let linter = Linter::with_config(Config::default());
        let report = linter.lint_source("long.md".as_ref(), source).unwrap();
        let mut out = Vec::new();
        HumanReporter::new(false).file(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn item5_finding_past_column_65535_is_cropped_not_a_panic() {
        let source = format!(
            "# Title\n\n{}in order to finish{}\n",
            "word ".repeat(14_000),
            " word".repeat(2_000)
        );
        let out = render(source);
        // miette panicked here before ("Formatting argument out of range")
        assert!(out.contains("[long.md:3:70001]"), "{out}");
        let frame = out
            .lines()
            .find(|l| l.contains("in order to finish"))
            .expect("the finding's line is shown");
        assert!(frame.contains('…'), "{frame}");
        assert!(frame.chars().count() < 200, "{frame}");
        // every frame is a window, not the 80,000-character line
        assert!(out.lines().all(|l| l.chars().count() < 300));
        assert!(out.len() < 20_000, "{} bytes", out.len());
    }

    #[test]
    fn item5_renderer_failure_degrades_to_one_line() {
        let f = ReportedFinding {
            rule: "x/y".into(),
            severity: Severity::Warning,
            dimension: crate::finding::Dimension::Seo,
            message: "msg".into(),
            line: 99,
            column: 3,
            end_line: 99,
            end_column: 4,
            offset: 10_000,
            length: 1,
            help: None,
            fix: None,
            cost: 0.0,
            fingerprint: String::new(),
        };
        let source = "short\n";
        let index = LineIndex::new(source);
        // line 99 does not exist: no frame can be built, the finding is still printed
        let format = HumanFileFormat {
            handler: GraphicalReportHandler::new(),
            show_info: true,
        };
        let text = format.render("a.md", source, &index, &f);
        assert_eq!(text, "a.md:99:3: warning x/y msg\n");
    }

    #[test]
    fn item6_many_empty_headings_render_one_frame_each() {
        // 100k empty headings took 118 s (each frame scanned the file from the top); 20k are
        // enough to make a quadratic scan crawl (about 5 s) while the linear one stays cheap.
        let out = render("#\n".repeat(20_000));
        let frames = out.matches("╭─[long.md:").count();
        assert!(frames > 1000, "{frames}");
        assert!(out.contains("[long.md:20000:1]"), "last heading reported");
    }
}
