//! Findings as text for snapshots, in the shape of ruff's: one header line per finding,
//! `line:col rule [severity] message`, then the source lines of its range with carets under
//! the range, then its help and fix. A snapshot of this text changes only where a finding does.

use contentlint::report::{FileReport, ReportedFinding};
use std::fmt::Write;

/// Lines of a range shown in full; a longer range shows its first two and its last line.
const MAX_RANGE_LINES: usize = 4;
/// Characters of a source line shown; a longer line shows a window around the range, with
/// `…` where it is cut (a 184-word paragraph on one line would bury the carets).
const MAX_LINE_WIDTH: usize = 100;
/// Characters shown before the range when a long line is cut.
const LEAD: usize = 30;

/// The findings of `report` that `keep` selects, one block each, in report order.
pub fn render(report: &FileReport, keep: impl Fn(&ReportedFinding) -> bool) -> String {
    let lines: Vec<&str> = report
        .source
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| keep(f)) {
        if !out.is_empty() {
            out.push('\n');
        }
        finding(&mut out, &lines, f);
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    // No trailing blanks (an empty source line, an excerpt of an empty range).
    out.lines()
        .map(|l| l.trim_end().to_string() + "\n")
        .collect()
}

fn finding(out: &mut String, lines: &[&str], f: &ReportedFinding) {
    let severity = format!("{:?}", f.severity).to_lowercase();
    writeln!(
        out,
        "{}:{} {} [{severity}] {}",
        f.line, f.column, f.rule, f.message
    )
    .unwrap();
    // A range that ends at column 1 of a line ends with the line before it.
    let end_line = if f.end_line > f.line && f.end_column == 1 {
        f.end_line - 1
    } else {
        f.end_line
    };
    let shown: Vec<usize> = if end_line - f.line < MAX_RANGE_LINES {
        (f.line..=end_line).collect()
    } else {
        vec![f.line, f.line + 1, end_line]
    };
    let gutter = end_line.to_string().len();
    writeln!(out, "{:gutter$} |", "").unwrap();
    let mut previous = None;
    for n in shown {
        if previous.is_some_and(|p| n > p + 1) {
            writeln!(out, "{:gutter$} | ...", "").unwrap();
        }
        previous = Some(n);
        let text = lines.get(n - 1).copied().unwrap_or("");
        let width = text.chars().count();
        let from = if n == f.line { f.column - 1 } else { 0 };
        let to = if n == f.end_line {
            f.end_column - 1
        } else {
            width
        };
        // An empty range, or the empty rest of a line, still gets one caret.
        let carets = to.saturating_sub(from).max(1);
        let (shown_text, from, carets) = window(text, width, from, carets);
        writeln!(out, "{n:>gutter$} | {shown_text}").unwrap();
        writeln!(out, "{:gutter$} | {:from$}{}", "", "", "^".repeat(carets)).unwrap();
    }
    writeln!(out, "{:gutter$} |", "").unwrap();
    if let Some(help) = &f.help {
        writeln!(out, "{:gutter$} = help: {help}", "").unwrap();
    }
    if let Some(fix) = &f.fix {
        writeln!(
            out,
            "{:gutter$} = fix: replace bytes {}..{} with {:?}",
            "", fix.range.start, fix.range.end, fix.replacement
        )
        .unwrap();
    }
}

/// `text` (of `width` characters) cut to [`MAX_LINE_WIDTH`] around the carets at `from`, and
/// where the carets fall in what is shown.
fn window(text: &str, width: usize, from: usize, carets: usize) -> (String, usize, usize) {
    if width <= MAX_LINE_WIDTH {
        return (text.to_string(), from, carets);
    }
    let start = from.saturating_sub(LEAD);
    let end = (start + MAX_LINE_WIDTH).min(width);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(text.chars().skip(start).take(end - start));
    if end < width {
        shown.push('…');
    }
    let carets = carets
        .min((end - start).saturating_sub(from - start))
        .max(1);
    (shown, from - start + usize::from(start > 0), carets)
}
