//! Reports: the data of a lint run (shaped as the JSON report of DESIGN.md section 2) and one
//! reporter per output format. Reporters only print: every number was computed before.

pub mod color;
mod concise;
mod github;
pub mod html;
mod human;
pub mod json;
pub mod json_writer;
mod sarif;
pub mod statistics;
pub mod verdict;
pub mod wording;

pub use crate::skip::Skipped;
pub use concise::ConciseReporter;
pub use github::{GithubLimits, GithubReporter};
pub use html::HtmlReporter;
pub use human::HumanReporter;
pub use json::{JsonReporter, JsonlReporter};
pub use sarif::{FINGERPRINT_KEY, SRCROOT, SarifReporter, SarifRule};
pub use statistics::Statistics;

use crate::document::{Document, LineIndex};
use crate::finding::{Dimension, Finding, Fix, Severity};
use crate::rules::DateSource;
use crate::score::{Rubric, SeoRated};
use crate::seo::{KeywordSource, SeoFigures};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::sync::Arc;

/// Schema version of the JSON report.
pub const REPORT_VERSION: u32 = 1;

/// A finding as reported: position in lines and columns (1-based, in characters) and in bytes
/// (`offset`, `length`, for tools that slice the file).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportedFinding {
    pub rule: String,
    pub severity: Severity,
    pub dimension: Dimension,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// What this finding cost its rubric dimension (0 for SEO findings).
    pub cost: f64,
    /// Stable across edits elsewhere in the file ([`crate::fingerprint`]): the baseline's key
    /// and SARIF's `partialFingerprints`.
    pub fingerprint: String,
}

impl ReportedFinding {
    pub fn new(doc: &Document, f: &Finding, fingerprint: String) -> ReportedFinding {
        ReportedFinding::of(doc, f.clone(), fingerprint)
    }

    /// [`ReportedFinding::new`] of a finding no longer needed: its texts move, not copied.
    pub fn of(doc: &Document, f: Finding, fingerprint: String) -> ReportedFinding {
        let (start, end) = doc
            .lines()
            .position_range(&doc.source, f.range.start, f.range.end);
        ReportedFinding {
            rule: f.rule.into_owned(),
            severity: f.severity,
            dimension: f.dimension,
            message: f.message,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            offset: f.range.start,
            length: f.range.len(),
            help: f.help,
            fix: f.fix,
            cost: f.cost,
            fingerprint,
        }
    }
}

/// The `seo` block.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeoBlock {
    pub seo_score: u32,
    pub primary_keyword: Option<String>,
    pub primary_keyword_source: KeywordSource,
    pub keyword_count: usize,
    pub keyword_density: f64,
    pub word_count: usize,
    pub heading_count: usize,
    pub meta_description_length: usize,
    pub title_length: usize,
    pub images_total: usize,
    pub images_optimized: usize,
    pub recommendations: Vec<String>,
}

impl SeoBlock {
    /// The figures, and the score and recommendations computed from the findings.
    pub fn new(f: SeoFigures, rated: SeoRated) -> SeoBlock {
        SeoBlock {
            seo_score: rated.score,
            primary_keyword: f.primary_keyword,
            primary_keyword_source: f.primary_keyword_source,
            keyword_count: f.keyword_count,
            keyword_density: f.keyword_density,
            word_count: f.word_count,
            heading_count: f.heading_count,
            meta_description_length: f.meta_description_length,
            title_length: f.title_length,
            images_total: f.images_total,
            images_optimized: f.images_optimized,
            recommendations: rated.recommendations,
        }
    }
}

/// Text statistics.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    pub words: usize,
    pub sentences: usize,
    pub paragraphs: usize,
    /// Words / 238 per minute (Brysbaert 2019, mean silent reading rate for non-fiction),
    /// rounded up.
    pub reading_time_minutes: usize,
    pub flesch_reading_ease: f64,
    pub flesch_kincaid_grade: f64,
}

impl Stats {
    pub fn new(doc: &Document) -> Stats {
        let prose = doc.prose();
        let r = crate::readability::Readability {
            words: prose.sentence_words,
            sentences: prose.sentences.len(),
            syllables: prose.sentence_syllables,
        };
        Stats {
            words: prose.word_count,
            sentences: prose.sentences.len(),
            paragraphs: doc
                .blocks
                .iter()
                .filter(|b| b.kind == crate::document::BlockKind::Paragraph)
                .count(),
            reading_time_minutes: prose.word_count.div_ceil(238),
            flesch_reading_ease: crate::seo::round2(r.flesch_reading_ease()),
            flesch_kincaid_grade: crate::seo::round2(r.flesch_kincaid_grade()),
        }
    }
}

/// The report of one linted file. Deserialised from the cache ([`crate::cache`]) and from
/// `merge`'s inputs ([`crate::site::merge`]), which store `findings` beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub valid: bool,
    pub score: u32,
    pub revision_count: u32,
    pub reference_date: String,
    pub reference_date_source: DateSource,
    pub rubric: Rubric,
    pub hard_gates: Vec<String>,
    #[serde(skip)]
    pub findings: Vec<ReportedFinding>,
    /// Findings taken out by the article's suppressions ([`crate::suppress`]); in the JSON
    /// after `warnings`, only when there are some.
    #[serde(skip)]
    pub suppressed: Vec<crate::suppress::SuppressedFinding>,
    pub seo: SeoBlock,
    pub stats: Stats,
    /// The file's text, for source excerpts in human output.
    #[serde(skip)]
    pub source: Arc<String>,
    /// The line table of `source` (the document's own, built once).
    #[serde(skip)]
    pub lines: Arc<LineIndex>,
    /// The score under which this file fails (`--min-score`, else `[scoring] min_score`), so
    /// that a report can say why a file fails.
    #[serde(skip)]
    pub min_score: f64,
    /// What the site checks read of the page ([`crate::site::Signature`]), when they run or
    /// `jsonl` output carries it (`--site`, `--shard`).
    #[serde(skip)]
    pub signature: Option<Arc<crate::site::Signature>>,
}

impl FileReport {
    /// Error-severity findings.
    pub fn violations(&self) -> impl Iterator<Item = &ReportedFinding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// Warning- and info-severity findings.
    pub fn warnings(&self) -> impl Iterator<Item = &ReportedFinding> {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Error)
    }
}

/// A file that could not be linted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileError {
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl FileError {
    pub fn new(path: &str, line: Option<usize>, message: String) -> FileError {
        FileError {
            path: path.to_string(),
            message,
            line,
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub files: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub mean_score: u32,
    /// Files a directory walk found and did not lint (no body); not in `files`. Left out of
    /// the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// Findings taken out by inline or front-matter suppressions, in all files. Left out of
    /// the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// Site findings at error severity ([`crate::site`]): they fail the run. Left out of
    /// the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub site_errors: usize,
    #[serde(skip)]
    score_sum: u64,
    /// Findings per rule (`--statistics`); left out of the JSON when not asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics: Option<Statistics>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn add(&mut self, result: &Result<FileReport, FileError>) {
        match result {
            Ok(r) => {
                self.add_file(r.valid, r.score);
                self.add_suppressed(r.suppressed.len());
            }
            Err(_) => self.add_error(),
        }
    }

    /// A linted file, by its verdict and score (what [`Summary::add`] reads of a report).
    pub fn add_file(&mut self, valid: bool, score: u32) {
        self.files += 1;
        if valid {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        self.score_sum += u64::from(score);
        let n = (self.passed + self.failed) as u64;
        self.mean_score = ((self.score_sum as f64) / n as f64).round() as u32;
    }

    /// Findings a linted file's suppressions took out.
    pub fn add_suppressed(&mut self, n: usize) {
        self.suppressed += n;
    }

    /// A file that could not be linted.
    pub fn add_error(&mut self) {
        self.files += 1;
        self.errors += 1;
    }

    /// A file a directory walk skipped: counted apart, never a pass or a failure.
    pub fn add_skipped(&mut self) {
        self.skipped += 1;
    }

    /// Exit code: 2 if any input could not be linted, else 1 if any file failed, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.errors > 0 {
            2
        } else if self.failed > 0 || self.site_errors > 0 {
            1
        } else {
            0
        }
    }
}

/// The per-file half of an output format: one report to bytes, with no state of its own, so
/// the worker thread that linted a file formats it too and the thread that writes the output
/// only copies bytes (formatting on that one thread was 7% of a run and capped the speed-up
/// of a second thread at 1.77x).
pub trait FileFormat: Send + Sync {
    /// Appends the report's output to `buf`: what [`Reporter::formatted`] then writes.
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()>;
}

/// An output format: told about each result in order, then the summary.
pub trait Reporter {
    /// The stateless per-file formatter of this format, to run on any thread.
    fn file_format(&self) -> Arc<dyn FileFormat>;

    /// Writes the bytes [`FileFormat::format`] made of the next file's report, in its place
    /// in the output (separators, headers and held sections are the reporter's state).
    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()>;

    /// A file's report: formatted here, then written.
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let mut buf = Vec::new();
        self.file_format().format(report, &mut buf)?;
        self.formatted(out, &buf)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
    /// A file found by a directory walk and not linted (see [`crate::skip`]); every format
    /// says so, none drops it silently.
    fn skipped(&mut self, out: &mut dyn Write, skipped: &Skipped) -> io::Result<()>;
    /// The `baseline` block of a run with `check --baseline` ([`crate::baseline::Tally`]),
    /// before [`Reporter::finish`]. Formats without a place for it leave it out.
    fn baseline(&mut self, _out: &mut dyn Write, _block: &serde_json::Value) -> io::Result<()> {
        Ok(())
    }
    /// The site checks' findings ([`crate::site`]), after every file and before
    /// [`Reporter::finish`]. Formats without a place for them print nothing.
    fn site(&mut self, _out: &mut dyn Write, _site: &crate::site::SiteReport) -> io::Result<()> {
        Ok(())
    }
}
