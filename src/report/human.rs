//! `human`: miette code frames (source excerpt, underline, rule id, help), a verdict line per
//! file that names why it fails, and a summary line.
//!
//! A frame shows one line of the file, cropped to a window around the findings (rustc's and
//! ruff's shape), never a whole paragraph: a span over several lines is underlined on its
//! first line and its label says where it ends. Findings of one severity on one line whose
//! spans fit one window and do not cross share a frame (miette draws several labels on one
//! line); the frame then numbers them.

use super::{FileError, FileFormat, FileReport, ReportedFinding, Reporter, Summary, wording};
use crate::document::{LineIndex, floor_char_boundary};
use crate::finding::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};
use std::ops::Range;
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

/// Width that messages and help text wrap at: the frame's window plus its gutter, so a frame
/// and its text are about as wide (and a finding's output stays under 200 columns).
const TEXT_WIDTH: usize = 130;

impl HumanReporter {
    pub fn new(color: bool) -> HumanReporter {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        HumanReporter {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_context_lines(0)
                .with_width(TEXT_WIDTH),
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

/// Findings shown in one frame: same line, same severity, spans inside one window that are
/// equal or do not cross.
struct Frame<'a> {
    /// 1-based line of the file.
    line: usize,
    severity: Severity,
    /// The line's bytes (without its line break) and the window shown of them.
    line_range: Range<usize>,
    window: Range<usize>,
    members: Vec<&'a ReportedFinding>,
    /// Distinct spans (bytes of the file, cut at the window's end), left to right as added,
    /// with the indices into `members` that point at each.
    spans: Vec<(Range<usize>, Vec<usize>)>,
}

/// A finding's span on its first line: from its start to its end or the line's end.
fn span_on_line(source: &str, line: &Range<usize>, f: &ReportedFinding) -> Range<usize> {
    let at = floor_char_boundary(source, f.offset.clamp(line.start, line.end));
    let end = floor_char_boundary(source, (f.offset + f.length).min(line.end));
    at..end.max(at)
}

impl<'a> Frame<'a> {
    fn new(source: &str, index: &LineIndex, f: &'a ReportedFinding) -> Option<Frame<'a>> {
        let line_range = line_range(index, source, f.line)?;
        let span = span_on_line(source, &line_range, f);
        let start = back_chars(source, line_range.start, span.start, LEAD);
        let end = forward_chars(source, start, line_range.end, WINDOW);
        // The first span may run past the window: its label stops at the window's edge.
        let label = span.start..span.end.min(end);
        Some(Frame {
            line: f.line,
            severity: f.severity,
            window: start..end,
            line_range,
            members: vec![f],
            spans: vec![(label, vec![0])],
        })
    }

    /// Takes `f` into this frame if it fits (see [`Frame`]); false leaves the frame as it was.
    fn try_add(&mut self, source: &str, f: &'a ReportedFinding) -> bool {
        if f.line != self.line || f.severity != self.severity {
            return false;
        }
        let span = span_on_line(source, &self.line_range, f);
        let visible = span.start < self.window.end || self.window.end == self.line_range.end;
        if span.start < self.window.start || !visible {
            return false;
        }
        // A span that runs past the window joins only a label it matches up to the edge
        // (the first span is cut there too): cut short beside others, it would mislead.
        let past_edge = span.end > self.window.end;
        let span = span.start..span.end.min(self.window.end);
        if past_edge && !self.spans.iter().any(|(s, _)| *s == span) {
            return false;
        }
        let member = self.members.len();
        if let Some((_, who)) = self.spans.iter_mut().find(|(s, _)| *s == span) {
            who.push(member);
        } else if self
            .spans
            .iter()
            .all(|(s, _)| span.end <= s.start || span.start >= s.end)
            && !(span.is_empty() && self.spans.iter().any(|(s, _)| s.start == span.start))
        {
            self.spans.push((span, vec![member]));
        } else {
            return false;
        }
        self.members.push(f);
        true
    }

    /// Numbered when the frame underlines more than one span: `[1]` in the text, `1` under it.
    fn numbered(&self) -> bool {
        self.spans.len() > 1
    }
}

/// The frames of a file's findings, in the findings' order (by position); a finding joins an
/// earlier frame of its line when it fits there.
fn frames<'a>(
    source: &str,
    index: &LineIndex,
    findings: impl Iterator<Item = &'a ReportedFinding>,
) -> Vec<Result<Frame<'a>, &'a ReportedFinding>> {
    let mut out: Vec<Result<Frame<'a>, &'a ReportedFinding>> = Vec::new();
    // Frames of the current line only: findings come sorted by position.
    let mut line_first = 0;
    for f in findings {
        if let Some(Ok(last)) = out.last()
            && last.line != f.line
        {
            line_first = out.len();
        }
        let joined = out[line_first..]
            .iter_mut()
            .any(|frame| frame.as_mut().is_ok_and(|frame| frame.try_add(source, f)));
        if !joined {
            match Frame::new(source, index, f) {
                Some(frame) => out.push(Ok(frame)),
                // No such line: printed as a plain line, and no frame joins it.
                None => {
                    out.push(Err(f));
                    line_first = out.len();
                }
            }
        }
    }
    out
}

/// The few lines shown for one frame, cropped, with the labels' places in the file.
struct Excerpt {
    name: String,
    /// The frame's line, cropped, ending in `\n`.
    text: String,
    /// 0-based file line of the excerpt.
    line: usize,
    /// Each label's span inside `text`, and the 0-based column in the file where its first
    /// finding starts.
    labels: Vec<(miette::SourceSpan, usize)>,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // Always the whole excerpt (one line; the frame must show its ellipses, which lie
        // outside every label), never the whole file. The header's `file:line:col` reads the
        // line and column: those of the label asked about.
        let column = self
            .labels
            .iter()
            .find(|(label, ..)| label == span)
            .map_or(0, |&(.., column)| column);
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.line,
            column,
            1,
        )))
    }
}

/// Byte range of 1-based `line` in `source`, without its line break.
fn line_range(index: &LineIndex, source: &str, line: usize) -> Option<Range<usize>> {
    let start = index.line_start(source, line)?;
    let end = index.line_start(source, line + 1).unwrap_or(source.len());
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

/// The cropped excerpt of a frame: its line, or the window of it when the line is longer.
/// No context lines (rustc shows none): beside a heading or a paragraph they are mostly blank
/// lines or front matter, and they made a third of the output.
fn excerpt(name: &str, source: &str, frame: &Frame) -> Excerpt {
    let (line, range) = (frame.line, frame.line_range.clone());
    let Range { start, end } = frame.window;
    let mut text = String::new();
    if start > range.start {
        text.push('…');
    }
    let shift = text.len();
    text.push_str(&source[start..end]);
    if end < range.end {
        text.push('…');
    }
    text.push('\n');
    let labels = frame
        .spans
        .iter()
        .map(|(span, who)| {
            let f = frame.members[who[0]];
            let label = (shift + span.start - start, span.len()).into();
            (label, f.column.saturating_sub(1))
        })
        .collect();
    Excerpt {
        name: name.to_string(),
        text,
        line: line - 1,
        labels,
    }
}

/// One frame as a miette diagnostic over its excerpt: the findings' `rule: message` lines
/// (numbered when the frame underlines several spans), the frame, their help.
struct FrameDiagnostic<'a> {
    frame: &'a Frame<'a>,
    source: Excerpt,
    /// Label texts, one per span of the frame.
    label_texts: Vec<Option<String>>,
    help: Option<String>,
    /// The frame's line is blank (a whole-article finding at the start of the body): no frame
    /// is drawn, a `--> path:line:col` line says where.
    blank: bool,
    /// Messages and labels carry numbers.
    numbered: bool,
}

impl<'a> FrameDiagnostic<'a> {
    fn new(frame: &'a Frame<'a>, source: Excerpt) -> FrameDiagnostic<'a> {
        let blank = source.text.trim().is_empty();
        let numbered = frame.numbered() && !blank;
        let number = |i: usize| {
            // Numbered in the order the spans are underlined, left to right.
            frame
                .spans
                .iter()
                .position(|(_, who)| who.contains(&i))
                .map_or(0, |n| n + 1)
        };
        let label_texts = frame
            .spans
            .iter()
            .enumerate()
            .map(|(n, (_, who))| {
                // A span over several lines is underlined on its first: say where it ends.
                let end_line = who.iter().map(|&i| frame.members[i].end_line).max();
                let continues = end_line
                    .filter(|&end| end > frame.line)
                    .map(|end| format!("to line {end}"));
                match (numbered, continues) {
                    (true, Some(c)) => Some(format!("{} ({c})", n + 1)),
                    (true, None) => Some((n + 1).to_string()),
                    (false, c) => c,
                }
            })
            .collect();
        let helps: Vec<(usize, &str)> = frame
            .members
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.help.as_deref().map(|h| (number(i), h)))
            .collect();
        let same_help = helps.windows(2).all(|w| w[0].1 == w[1].1);
        let help = match helps.as_slice() {
            [] => None,
            [(_, h), ..] if same_help => Some(h.to_string()),
            // One help a line, in the order of the messages (numbered as they are).
            _ => Some(
                helps
                    .iter()
                    .map(|(n, h)| match numbered {
                        true => format!("[{n}] {h}"),
                        false => h.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        };
        FrameDiagnostic {
            frame,
            source,
            label_texts,
            help,
            blank,
            numbered,
        }
    }
}

impl fmt::Debug for FrameDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for FrameDiagnostic<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let frame = self.frame;
        for (i, f) in frame.members.iter().enumerate() {
            if i > 0 {
                out.write_str("\n")?;
            }
            if self.numbered {
                let n = frame
                    .spans
                    .iter()
                    .position(|(_, who)| who.contains(&i))
                    .map_or(0, |n| n + 1);
                write!(out, "[{n}] ")?;
            }
            write!(out, "{}: {}", f.rule, f.message)?;
        }
        if self.blank {
            let f = frame.members[0];
            write!(out, "\n--> {}:{}:{}", self.source.name, f.line, f.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for FrameDiagnostic<'_> {}

impl Diagnostic for FrameDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.frame.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.blank).then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.blank {
            return None;
        }
        let labels = self.source.labels.iter().zip(&self.label_texts).enumerate();
        Some(Box::new(labels.map(|(i, ((span, ..), text))| {
            // The first is primary: the header's `file:line:col` is where it starts.
            if i == 0 {
                LabeledSpan::new_primary_with_span(text.clone(), *span)
            } else {
                LabeledSpan::new_with_span(text.clone(), *span)
            }
        })))
    }
}

impl HumanFileFormat {
    /// One frame as miette draws it; if the renderer fails (or panics), a plain
    /// `path:line:col: severity rule message` line per finding instead, so one frame never
    /// costs the rest of the report.
    fn render(&self, path: &str, source: &str, frame: &Frame) -> String {
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            let excerpt = excerpt(path, source, frame);
            let diagnostic = FrameDiagnostic::new(frame, excerpt);
            let mut text = String::new();
            self.handler.render_report(&mut text, &diagnostic).ok()?;
            Some(text)
        }));
        match rendered {
            Ok(Some(text)) => text,
            _ => frame.members.iter().map(|f| plain_line(path, f)).collect(),
        }
    }
}

/// The concise form of a finding.
pub(super) fn plain_line(path: &str, f: &ReportedFinding) -> String {
    format!(
        "{path}:{}:{}: {} {} {}\n",
        f.line, f.column, f.severity, f.rule, f.message
    )
}

impl FileFormat for HumanFileFormat {
    fn format(&self, report: &FileReport, out: &mut Vec<u8>) -> io::Result<()> {
        // The document's line table: every finding's frame is found without a scan.
        let index = &report.lines;
        let shown = report
            .findings
            .iter()
            .filter(|f| self.show_info || f.severity != Severity::Info);
        for frame in frames(&report.source, index, shown) {
            let text = match frame {
                Ok(frame) => self.render(&report.path, &report.source, &frame),
                Err(f) => plain_line(&report.path, f),
            };
            writeln!(out, "{text}")?;
        }
        writeln!(out, "{}", wording::verdict_line(report))?;
        // An SEO recommendation is the help of an SEO finding, printed under its frame: only
        // those of findings not shown (info, under --quiet) are repeated here.
        let shown_help = |r: &String| {
            report.findings.iter().any(|f| {
                f.help.as_ref() == Some(r) && (self.show_info || f.severity != Severity::Info)
            })
        };
        for r in report.seo.recommendations.iter().filter(|r| !shown_help(r)) {
            writeln!(out, "  SEO: {r}")?;
        }
        // A blank line between files.
        writeln!(out)
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
        // Each file's block ends in a blank line already.
        wording::write_summary(out, s)
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
        let frames = frames(source, &index, std::iter::once(&f));
        assert!(matches!(frames.as_slice(), [Err(g)] if *g == &f));
        assert_eq!(plain_line("a.md", &f), "a.md:99:3: warning x/y msg\n");
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

    /// A finding over bytes `range` of `source`, positioned as the engine positions them.
    fn at(source: &str, rule: &str, severity: Severity, range: Range<usize>) -> ReportedFinding {
        let index = LineIndex::new(source);
        let (start, end) = (
            index.position(source, range.start),
            index.position(source, range.end),
        );
        ReportedFinding {
            rule: rule.into(),
            severity,
            dimension: crate::finding::Dimension::Clarity,
            message: format!("{rule} fired"),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            offset: range.start,
            length: range.len(),
            help: Some(format!("fix {rule}")),
            fix: None,
            cost: 0.0,
            fingerprint: String::new(),
        }
    }

    fn render_findings(source: &str, findings: &[ReportedFinding]) -> (usize, String) {
        let index = LineIndex::new(source);
        let frames = frames(source, &index, findings.iter());
        let format = HumanFileFormat {
            handler: HumanReporter::new(false).handler,
            show_info: true,
        };
        let text = frames
            .iter()
            .map(|f| format.render("a.md", source, f.as_ref().unwrap()))
            .collect();
        (frames.len(), text)
    }

    fn span(source: &str, needle: &str) -> Range<usize> {
        let start = source.find(needle).unwrap();
        start..start + needle.len()
    }

    const LINE: &str = "# T\n\nWe did it in order to win and at this point in time we stopped.\n";

    #[test]
    fn findings_on_one_line_share_a_numbered_frame() {
        let findings = [
            at(LINE, "a/one", Severity::Warning, span(LINE, "in order to")),
            at(
                LINE,
                "b/two",
                Severity::Warning,
                span(LINE, "at this point in time"),
            ),
        ];
        let (frames, text) = render_findings(LINE, &findings);
        assert_eq!(frames, 1, "{text}");
        assert_eq!(text.matches("╭─[").count(), 1, "{text}");
        assert!(
            text.contains("⚠ [1] a/one: a/one fired\n  │ [2] b/two: b/two fired\n"),
            "{text}"
        );
        assert!(
            text.contains("[a.md:3:11]"),
            "the header points at the first: {text}"
        );
        assert!(text.contains("╰── 1") && text.contains("╰── 2"), "{text}");
        assert!(
            text.contains("help: [1] fix a/one\n        [2] fix b/two"),
            "{text}"
        );
    }

    #[test]
    fn equal_spans_share_one_unnumbered_label() {
        let whole = span(
            LINE,
            "We did it in order to win and at this point in time we stopped.",
        );
        let findings = [
            at(LINE, "a/one", Severity::Warning, whole.clone()),
            at(LINE, "b/two", Severity::Warning, whole),
        ];
        let (frames, text) = render_findings(LINE, &findings);
        assert_eq!(frames, 1, "{text}");
        assert!(!text.contains("[1]") && !text.contains("╰── "), "{text}");
        assert!(
            text.contains("⚠ a/one: a/one fired\n  │ b/two: b/two fired\n"),
            "{text}"
        );
    }

    #[test]
    fn other_severity_or_crossing_spans_get_their_own_frame() {
        let findings = [
            at(LINE, "a/one", Severity::Warning, span(LINE, "in order to")),
            at(
                LINE,
                "b/two",
                Severity::Info,
                span(LINE, "at this point in time"),
            ),
        ];
        assert_eq!(render_findings(LINE, &findings).0, 2);
        let findings = [
            at(
                LINE,
                "a/one",
                Severity::Warning,
                span(LINE, "in order to win"),
            ),
            at(LINE, "b/two", Severity::Warning, span(LINE, "order to")),
        ];
        assert_eq!(render_findings(LINE, &findings).0, 2);
        // on another line
        let source = format!("{LINE}Again in order to win.\n");
        let second = source.rfind("in order to").unwrap();
        let findings = [
            at(
                &source,
                "a/one",
                Severity::Warning,
                span(&source, "in order to"),
            ),
            at(&source, "a/one", Severity::Warning, second..second + 11),
        ];
        assert_eq!(render_findings(&source, &findings).0, 2);
    }

    #[test]
    fn findings_far_apart_on_a_long_line_get_their_own_cropped_frame() {
        let source = format!(
            "# T\n\nin order to {}at this point in time\n",
            "word ".repeat(60)
        );
        let findings = [
            at(
                &source,
                "a/one",
                Severity::Warning,
                span(&source, "in order to"),
            ),
            at(
                &source,
                "b/two",
                Severity::Warning,
                span(&source, "at this point in time"),
            ),
        ];
        let (frames, text) = render_findings(&source, &findings);
        assert_eq!(frames, 2, "{text}");
        assert!(text.lines().all(|l| l.chars().count() < 140), "{text}");
    }

    #[test]
    fn a_span_over_lines_is_underlined_on_its_first_and_says_where_it_ends() {
        let source = "# T\n\nFirst line of a paragraph\nsecond line\nthird line.\n";
        let findings = [at(
            source,
            "a/one",
            Severity::Warning,
            span(
                source,
                "First line of a paragraph\nsecond line\nthird line.",
            ),
        )];
        let (_, text) = render_findings(source, &findings);
        assert!(text.contains("╰── to line 5"), "{text}");
        assert!(text.contains(" 3 │ First line of a paragraph\n"), "{text}");
        assert!(!text.contains("second line"), "one line shown: {text}");
    }

    #[test]
    fn a_finding_on_a_blank_line_gets_a_location_not_a_frame() {
        let source = "---\ntitle: T\n---\n\nSome text.\n";
        let findings = [
            at(source, "a/one", Severity::Error, 17..17),
            at(source, "b/two", Severity::Error, 17..17),
        ];
        let (frames, text) = render_findings(source, &findings);
        assert_eq!(frames, 1);
        assert_eq!(
            text,
            "  × a/one: a/one fired\n  │ b/two: b/two fired\n  │ --> a.md:4:1\n  help: fix a/one\n        fix b/two\n"
        );
    }
}
