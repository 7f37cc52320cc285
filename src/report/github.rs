//! `github`: GitHub Actions workflow commands, so findings show as annotations on the pull
//! request (`::error file=...,line=...::message`), and a Markdown job summary.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per
//! job, and drops the rest in the order they were printed (actions/toolkit,
//! `docs/problem-matchers.md`, "Limitations"; the same limits apply to workflow commands). So
//! the annotations are not printed in file order as they come: the reporter keeps the first of
//! each kind (errors and failed files first, then warnings, then notices only if there is
//! room), capped per file and in all (`[output] github_max_per_file`, `github_max_per_type`,
//! `github_max_total`), prints them at the end, and says in a last notice how many it left
//! out. The job summary (`$GITHUB_STEP_SUMMARY`) lists every failing file with its reasons
//! and the rules that fired most, so nothing left out is lost.

use super::verdict;
use super::{FileError, FileFormat, FileReport, Reporter, Summary};
use crate::finding::Severity;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// The kind of an annotation, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    fn of(severity: Severity) -> Kind {
        match severity {
            Severity::Error => Kind::Error,
            Severity::Warning => Kind::Warning,
            Severity::Info => Kind::Notice,
        }
    }

    fn command(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::Notice => "notice",
        }
    }
}

/// How many annotations to print (`[output]` in contentlint.toml, `check --github-max-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GithubLimits {
    /// Most annotations of one file (its errors first).
    pub per_file: usize,
    /// Most annotations of one kind (error, warning, notice) in the run.
    pub per_type: usize,
    /// Most annotations in the run, the notice of what was left out included.
    pub total: usize,
}

impl Default for GithubLimits {
    /// GitHub's display limits (see the module doc): 10 of a kind per step, 50 per job; one
    /// file may fill the 10 of a kind, no more.
    fn default() -> Self {
        GithubLimits {
            per_file: 10,
            per_type: 10,
            total: 50,
        }
    }
}

/// What the per-file formatter hands the reporter: the annotations of one file, most
/// important first, and what the job summary needs of it. One JSON line: the formatter runs on
/// the worker thread that linted the file, the reporter only reads it.
#[derive(Debug, Serialize, Deserialize)]
struct FileRecord {
    path: String,
    score: u32,
    valid: bool,
    /// Why the file fails (empty when it passes).
    reasons: Vec<String>,
    /// Workflow command lines (no newline), errors first.
    annotations: Vec<(Kind, String)>,
    /// Findings per rule id, in the file's order of first appearance.
    rules: Vec<(String, usize)>,
}

/// The stateless half: one report to its [`FileRecord`].
struct GithubFileFormat;

impl FileFormat for GithubFileFormat {
    fn format(&self, report: &FileReport, out: &mut Vec<u8>) -> io::Result<()> {
        let mut annotations = Vec::new();
        let failures = verdict::file_failures(report);
        if !failures.is_empty() {
            let reasons: Vec<String> = failures.iter().map(ToString::to_string).collect();
            annotations.push((
                Kind::Error,
                format!(
                    "::error file={},line=1,title={}::{}",
                    escape_property(&report.path),
                    escape_property("contentlint: file fails"),
                    escape_data(&format!("The file fails: {}", reasons.join("; ")))
                ),
            ));
        }
        let mut findings: Vec<_> = report.findings.iter().collect();
        // Errors, then warnings, then info; each in file order (the sort is stable).
        findings.sort_by_key(|f| Kind::of(f.severity));
        for f in findings {
            let kind = Kind::of(f.severity);
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message = format!("{message}. {help}");
            }
            annotations.push((
                kind,
                format!(
                    "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    kind.command(),
                    escape_property(&report.path),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    escape_property(&format!("{} ({})", f.rule, f.dimension)),
                    escape_data(&message)
                ),
            ));
        }
        let mut rules: Vec<(String, usize)> = Vec::new();
        for f in &report.findings {
            match rules.iter_mut().find(|(id, _)| *id == f.rule) {
                Some((_, n)) => *n += 1,
                None => rules.push((f.rule.clone(), 1)),
            }
        }
        let record = FileRecord {
            path: report.path.clone(),
            score: report.score,
            valid: report.valid,
            reasons: if report.valid {
                Vec::new()
            } else {
                super::wording::failure_reasons(report)
            },
            annotations,
            rules,
        };
        serde_json::to_writer(&mut *out, &record).map_err(io::Error::other)?;
        out.push(b'\n');
        Ok(())
    }
}

/// Failing files and unreadable files listed by name in the job summary; the rest are
/// counted. A page a person reads, far below GitHub's 1 MiB per step summary.
const SUMMARY_MAX_FILES: usize = 50;
/// Rules listed in the job summary's table of the rules that fired most.
const SUMMARY_TOP_RULES: usize = 10;

/// The stateful half: keeps the annotations to print (at most `per_type` of each kind) and
/// what the job summary needs, and prints both at the end.
#[derive(Default)]
pub struct GithubReporter {
    limits: GithubLimits,
    /// The job summary file (`$GITHUB_STEP_SUMMARY`), appended to at the end.
    summary_path: Option<PathBuf>,
    kept: [Vec<String>; 3],
    /// Annotations of each kind not kept (over a cap).
    left_out: [usize; 3],
    failing: Vec<(String, u32, Vec<String>)>,
    failing_count: usize,
    unreadable: Vec<(String, String)>,
    /// Rule id -> (findings, files).
    rules: HashMap<String, (usize, usize)>,
}

impl GithubReporter {
    pub fn new(limits: GithubLimits, summary_path: Option<PathBuf>) -> GithubReporter {
        GithubReporter {
            limits,
            summary_path,
            ..GithubReporter::default()
        }
    }

    /// Keeps an annotation if its kind has room, else counts it as left out.
    fn keep(&mut self, kind: Kind, line: String) {
        let i = kind as usize;
        if self.kept[i].len() < self.limits.per_type {
            self.kept[i].push(line);
        } else {
            self.left_out[i] += 1;
        }
    }

    /// The annotations to print, errors first, within the total; what did not fit is counted
    /// as left out. When anything is left out, the last slot goes to the notice that says so.
    fn select(&mut self) -> Vec<String> {
        let mut chosen: Vec<(Kind, String)> = Vec::new();
        for (i, kind) in [Kind::Error, Kind::Warning, Kind::Notice]
            .into_iter()
            .enumerate()
        {
            for line in std::mem::take(&mut self.kept[i]) {
                if chosen.len() < self.limits.total {
                    chosen.push((kind, line));
                } else {
                    self.left_out[i] += 1;
                }
            }
        }
        let notices = chosen.iter().filter(|(k, _)| *k == Kind::Notice).count();
        let full = chosen.len() >= self.limits.total || notices >= self.limits.per_type;
        if self.left_out.iter().sum::<usize>() > 0
            && full
            && let Some((kind, _)) = chosen.pop()
        {
            self.left_out[kind as usize] += 1;
        }
        chosen.into_iter().map(|(_, line)| line).collect()
    }

    /// The Markdown job summary.
    fn job_summary(&self, s: &Summary, shown: usize) -> String {
        let mut md = String::new();
        let linted = s.passed + s.failed;
        let mut headline = if s.failed == 0 && linted == 1 {
            "1 file passed".to_string()
        } else if s.failed == 0 {
            format!("all {linted} files passed")
        } else {
            format!("{} of {} failed", s.failed, plural(linted, "file"))
        };
        if s.errors > 0 {
            headline.push_str(&format!(", {} could not be linted", s.errors));
        }
        if s.site_errors > 0 {
            headline.push_str(&format!(
                ", {} in the site checks",
                plural(s.site_errors, "error")
            ));
        }
        md.push_str(&format!("## contentlint: {headline}\n\n"));
        md.push_str("| files | passed | failed | could not be linted | skipped | mean score |\n");
        md.push_str("|---:|---:|---:|---:|---:|---:|\n");
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n\n",
            s.files, s.passed, s.failed, s.errors, s.skipped, s.mean_score
        ));
        if !self.failing.is_empty() {
            md.push_str("### Failing files\n\n| file | score | why |\n|---|---:|---|\n");
            for (path, score, reasons) in &self.failing {
                md.push_str(&format!(
                    "| {} | {score} | {} |\n",
                    code(path),
                    cell(&reasons.join("; "))
                ));
            }
            let more = self.failing_count - self.failing.len();
            if more > 0 {
                md.push_str(&format!("\nand {} more.\n", plural(more, "failing file")));
            }
            md.push('\n');
        }
        if !self.unreadable.is_empty() {
            md.push_str("### Could not be linted\n\n| file | error |\n|---|---|\n");
            for (path, message) in &self.unreadable {
                md.push_str(&format!("| {} | {} |\n", code(path), cell(message)));
            }
            let more = s.errors.saturating_sub(self.unreadable.len());
            if more > 0 {
                md.push_str(&format!("\nand {} more.\n", plural(more, "file")));
            }
            md.push('\n');
        }
        if !self.rules.is_empty() {
            let mut top: Vec<(&String, &(usize, usize))> = self.rules.iter().collect();
            top.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
            md.push_str("### Top rules\n\n| rule | findings | files |\n|---|---:|---:|\n");
            for (rule, (findings, files)) in top.iter().take(SUMMARY_TOP_RULES) {
                md.push_str(&format!("| {} | {findings} | {files} |\n", code(rule)));
            }
            md.push_str(&format!(
                "\n`contentlint explain RULE` tells what a rule checks and how to fix it; {} fired in all.\n\n",
                plural(self.rules.len(), "rule")
            ));
        }
        let left_out: usize = self.left_out.iter().sum();
        md.push_str(&format!(
            "Annotations: {shown} shown, {left_out} left out (GitHub shows 10 of each kind per step).\n"
        ));
        md
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A table cell's text: `|` escaped, lines joined.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// A code span in a table cell, whatever backticks the text holds.
fn code(text: &str) -> String {
    let text = cell(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Escape a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for GithubReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(GithubFileFormat)
    }

    fn formatted(&mut self, _out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        let record: FileRecord = serde_json::from_slice(bytes).map_err(io::Error::other)?;
        let mut in_file = 0;
        for (kind, line) in record.annotations {
            if in_file < self.limits.per_file {
                in_file += 1;
                self.keep(kind, line);
            } else {
                self.left_out[kind as usize] += 1;
            }
        }
        if !record.valid {
            self.failing_count += 1;
            if self.failing.len() < SUMMARY_MAX_FILES {
                self.failing
                    .push((record.path, record.score, record.reasons));
            }
        }
        for (rule, n) in record.rules {
            let entry = self.rules.entry(rule).or_default();
            entry.0 += n;
            entry.1 += 1;
        }
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        let line = error.line.map(|l| format!(",line={l}")).unwrap_or_default();
        self.keep(
            Kind::Error,
            format!(
                "::error file={}{line},title=contentlint::{}",
                escape_property(&error.path),
                escape_data(&error.message)
            ),
        );
        if self.unreadable.len() < SUMMARY_MAX_FILES {
            self.unreadable
                .push((error.path.clone(), error.message.clone()));
        }
        Ok(())
    }

    fn skipped(&mut self, _out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        self.keep(
            Kind::Notice,
            format!(
                "::notice file={},title=contentlint::skipped: {}",
                escape_property(&s.path),
                escape_data(&s.reason)
            ),
        );
        Ok(())
    }

    /// One annotation per site finding, on the page it is about (the first), naming the others.
    fn site(&mut self, _out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        for f in &site.findings {
            let Some(first) = f.pages.first() else {
                continue;
            };
            let kind = Kind::of(f.severity);
            let line = first.line.unwrap_or(1);
            let mut message = f.message.clone();
            if f.pages.len() > 1 {
                let pages: Vec<String> = f
                    .pages
                    .iter()
                    .map(|p| match p.line {
                        Some(l) => format!("{}:{l}", p.path),
                        None => p.path.clone(),
                    })
                    .collect();
                message = format!("{message} (pages: {})", pages.join(", "));
            }
            self.keep(
                kind,
                format!(
                    "::{} file={},line={line},title={}::{}",
                    kind.command(),
                    escape_property(&first.path),
                    escape_property(&f.rule),
                    escape_data(&message)
                ),
            );
            let entry = self.rules.entry(f.rule.clone()).or_default();
            entry.0 += 1;
            entry.1 += f.pages.len();
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lines = self.select();
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        let [errors, warnings, notices] = self.left_out;
        let left_out = errors + warnings + notices;
        if left_out > 0 {
            writeln!(
                out,
                "::notice title=contentlint::{}",
                escape_data(&format!(
                    "{left_out} more annotations left out ({}, {}, {}): GitHub shows {} of each \
                     kind per step. The job summary lists the failing files; \
                     `contentlint check --format human` prints every finding.",
                    plural(errors, "error"),
                    plural(warnings, "warning"),
                    plural(notices, "notice"),
                    self.limits.per_type
                ))
            )?;
        }
        writeln!(
            out,
            "contentlint: {} files, {} passed, {} failed, {} could not be linted, mean score {}{}",
            s.files,
            s.passed,
            s.failed,
            s.errors,
            s.mean_score,
            match s.site_errors {
                0 => String::new(),
                n => format!("; {} in the site checks", plural(n, "error")),
            }
        )?;
        if let Some(path) = &self.summary_path {
            let shown = lines.len() + usize::from(left_out > 0);
            let md = self.job_summary(s, shown);
            // Appended: other steps of the job write to the same file (GitHub's docs on
            // GITHUB_STEP_SUMMARY).
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(md.as_bytes()))
                .map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!(
                            "the job summary {} (GITHUB_STEP_SUMMARY): {e}",
                            path.display()
                        ),
                    )
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(code("a|b`c"), "`` a\\|b`c ``");
    }

    fn line(kind: Kind, n: usize) -> (Kind, String) {
        (kind, format!("::{} file=f{n}.md::m", kind.command()))
    }

    fn record(path: &str, annotations: Vec<(Kind, String)>) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(&FileRecord {
            path: path.into(),
            score: 90,
            valid: true,
            reasons: Vec::new(),
            annotations,
            rules: Vec::new(),
        })
        .unwrap();
        bytes.push(b'\n');
        bytes
    }

    fn run(limits: GithubLimits, files: &[Vec<(Kind, String)>]) -> String {
        let mut reporter = GithubReporter::new(limits, None);
        let mut out = Vec::new();
        for (i, annotations) in files.iter().enumerate() {
            reporter
                .formatted(&mut out, &record(&format!("f{i}.md"), annotations.clone()))
                .unwrap();
        }
        reporter.finish(&mut out, &Summary::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn caps_per_kind_and_total_leave_room_for_the_notice_of_what_was_left_out() {
        // 30 notices, 30 warnings, 30 errors in one file each.
        let many = |kind| (0..30).map(|n| line(kind, n)).collect::<Vec<_>>();
        let limits = GithubLimits {
            per_file: 100,
            per_type: 10,
            total: 50,
        };
        let text = run(
            limits,
            &[many(Kind::Notice), many(Kind::Warning), many(Kind::Error)],
        );
        let lines: Vec<&str> = text.lines().collect();
        let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
        assert_eq!(count("::error "), 10);
        assert_eq!(count("::warning "), 10);
        // 9 notices and the notice of what was left out: GitHub shows 10.
        assert_eq!(count("::notice "), 10);
        assert!(lines[0].starts_with("::error ") && lines[10].starts_with("::warning "));
        assert!(
            lines[29].contains("61 more annotations left out (20 errors, 20 warnings, 21 notices)"),
            "{text}"
        );

        // A small total: errors fill it, the last slot is the notice.
        let text = run(
            GithubLimits {
                per_file: 100,
                per_type: 10,
                total: 5,
            },
            &[many(Kind::Warning), many(Kind::Error)],
        );
        assert_eq!(
            text.lines().filter(|l| l.starts_with("::error ")).count(),
            4
        );
        assert!(text.contains("56 more annotations left out (26 errors, 30 warnings, 0 notices)"));

        // Nothing over a cap: no notice.
        let text = run(GithubLimits::default(), &[vec![line(Kind::Warning, 1)]]);
        assert!(!text.contains("left out"), "{text}");
    }

    #[test]
    fn per_file_cap_keeps_a_files_first_annotations() {
        let file = vec![
            line(Kind::Error, 0),
            line(Kind::Warning, 1),
            line(Kind::Warning, 2),
            line(Kind::Notice, 3),
        ];
        let limits = GithubLimits {
            per_file: 2,
            ..GithubLimits::default()
        };
        let text = run(limits, &[file.clone(), file]);
        let kept: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
        assert_eq!(
            kept,
            [
                "::error file=f0.md::m",
                "::error file=f0.md::m",
                "::warning file=f1.md::m",
                "::warning file=f1.md::m",
                "::notice title=contentlint::4 more annotations left out (0 errors, 2 warnings, 2 notices): GitHub shows 10 of each kind per step. The job summary lists the failing files; `contentlint check --format human` prints every finding."
            ]
        );
    }
}
