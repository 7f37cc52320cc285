//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other CI dashboards. Columns are
//! Unicode code points (`columnKind: unicodeCodePoints`), as in every contentlint report.
//!
//! What code scanning needs, beyond the schema: each rule once in `driver.rules` with `help`
//! (GitHub's upload check GH2012), `partialFingerprints` so that an alert follows its finding
//! when lines move, and relative, percent-encoded URIs under `originalUriBaseIds`
//! (SARIF1004, SARIF1002). A file that fails on its score or a hard gate gets a result of its
//! own (`contentlint/min-score`, `contentlint/hard-gate`), and safe fixes are `fixes`.

use super::verdict::{self, FileFailure, HARD_GATE_RULE, MIN_SCORE_RULE};
use super::{FileError, FileFormat, FileReport, Reporter, Summary};
use crate::finding::{Dimension, Severity};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The `originalUriBaseIds` key that results' relative URIs are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of contentlint's fingerprint in `partialFingerprints` (bump the version if the
/// fingerprint's recipe in [`crate::fingerprint`] changes).
pub const FINGERPRINT_KEY: &str = "contentlint/v1";

/// Rule metadata for the `tool.driver.rules` table.
pub struct SarifRule {
    pub id: String,
    pub summary: String,
    pub doc: String,
    pub severity: Severity,
    pub dimension: String,
    pub weight: f64,
    pub cap: f64,
}

impl SarifRule {
    /// The driver's entry for a rule, from its metadata.
    pub fn from_meta(m: &crate::rules::RuleMeta) -> SarifRule {
        SarifRule {
            id: m.id.to_string(),
            summary: m.summary.to_string(),
            doc: m.doc.to_string(),
            severity: m.severity,
            dimension: m.dimension.to_string(),
            weight: m.weight,
            cap: m.cap,
        }
    }
}

/// Streams: the header (rules table) goes out with the first result, each result as it comes
/// (one per line), so memory stays flat however many files a run has (all results were kept
/// before: 3.65 GB for 50k files). Only the tool notifications (one per unreadable file) wait
/// for the end.
pub struct SarifReporter {
    /// One entry per rule id, in first-seen order, with its variants (none for the verdict
    /// rules, which are described by [`verdict_rule`]).
    rules: Vec<(String, Vec<SarifRule>)>,
    format: Arc<SarifFileFormat>,
    started: bool,
    /// Whether a result was written (the next one follows a comma).
    any_result: bool,
    notifications: Vec<Value>,
}

impl SarifReporter {
    /// `rules` may hold several variants of one id (tone profiles each define
    /// `style/exclamation`): they become one driver rule whose help shows every variant, as
    /// `contentlint explain` does.
    pub fn new(rules: Vec<SarifRule>) -> SarifReporter {
        let mut grouped: Vec<(String, Vec<SarifRule>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for rule in rules {
            match index.get(&rule.id) {
                Some(&i) => grouped[i].1.push(rule),
                None => {
                    index.insert(rule.id.clone(), grouped.len());
                    grouped.push((rule.id.clone(), vec![rule]));
                }
            }
        }
        for id in [MIN_SCORE_RULE, HARD_GATE_RULE] {
            if !index.contains_key(id) {
                index.insert(id.to_string(), grouped.len());
                grouped.push((id.to_string(), Vec::new()));
            }
        }
        SarifReporter {
            rules: grouped,
            format: Arc::new(SarifFileFormat {
                base: None,
                rule_index: index,
            }),
            started: false,
            any_result: false,
            notifications: Vec::new(),
        }
    }

    /// Results' URIs become relative to `root` (the current directory, for the CLI) under
    /// `%SRCROOT%`; inputs outside it keep absolute `file://` URIs. Without a root, paths are
    /// written as given, percent-encoded.
    pub fn with_source_root(mut self, root: Option<PathBuf>) -> SarifReporter {
        let base = root.filter(|r| r.is_absolute()).map(|r| {
            let root = normalise(&r);
            let mut uri = file_uri(&root);
            if !uri.ends_with('/') {
                uri.push('/');
            }
            UriBase { root, uri }
        });
        // Called before `file_format` hands the format out, so nothing shares it yet.
        self.format = Arc::new(SarifFileFormat {
            base,
            rule_index: self.format.rule_index.clone(),
        });
        self
    }

    /// The document up to the opening of `results`, once.
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|(id, variants)| match variants.is_empty() {
                true => verdict_rule(id),
                false => driver_rule(variants),
            })
            .collect();
        let mut driver = json!({
            "name": "contentlint",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules
        });
        if let Some(uri) = repository() {
            driver["informationUri"] = json!(uri);
        }
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":"
        )?;
        serde_json::to_writer(&mut *out, &json!({ "driver": driver })).map_err(io::Error::other)?;
        if let Some(base) = &self.format.base {
            write!(out, ",\"originalUriBaseIds\":")?;
            serde_json::to_writer(&mut *out, &json!({ SRCROOT: { "uri": base.uri } }))
                .map_err(io::Error::other)?;
        }
        write!(out, ",\"columnKind\":\"unicodeCodePoints\",\"results\":[")
    }

    fn notification(&mut self, level: &str, text: String, path: &str) {
        let location = self.format.location(path);
        self.notifications.push(json!({
            "level": level,
            "message": { "text": text },
            "locations": [{ "physicalLocation": { "artifactLocation": location } }]
        }));
    }
}

/// The repository URL of the package (Cargo.toml `repository`), if it is set.
fn repository() -> Option<&'static str> {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repo.is_empty()).then_some(repo)
}

/// Where a rule's documentation is on the web: its own page in the repository, else the rule
/// list of docs/rules.md for rules listed there (not a user's own packs: no link).
fn help_uri(id: &str) -> Option<String> {
    // A rule with its own page (docs/rules/<group>/<name>.md) links there.
    if let Some(url) = crate::rule_docs::docs_url(id) {
        return Some(url);
    }
    const RULES_DOC: &str = include_str!("../../docs/rules.md");
    let repo = repository()?;
    // The rule list names each rule in backticks (as a table cell or a link's text).
    RULES_DOC
        .contains(&format!("`{id}`"))
        .then(|| format!("{repo}/blob/HEAD/docs/rules.md#rule-list"))
}

/// One `reportingDescriptor` for all variants of a rule id.
fn driver_rule(variants: &[SarifRule]) -> Value {
    let first = &variants[0];
    let mut summaries: Vec<&str> = Vec::new();
    for v in variants {
        if !summaries.contains(&v.summary.as_str()) {
            summaries.push(&v.summary);
        }
    }
    let short = summaries.join(" / ");
    let full = variants
        .iter()
        .map(|v| {
            format!(
                "{}. {}",
                v.summary.trim_end_matches('.'),
                first_paragraph(&v.doc)
            )
        })
        .collect::<Vec<_>>()
        .join(" / ");
    // As `contentlint explain` prints it: each variant with its settings, then its doc.
    let text = variants
        .iter()
        .map(|v| {
            format!(
                "{}\n\ndimension: {}   default severity: {}   weight: {}   cap: {}\n\n{}",
                v.summary, v.dimension, v.severity, v.weight, v.cap, v.doc
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    let markdown = variants
        .iter()
        .map(|v| {
            format!(
                "**{}**\n\ndimension `{}`, default severity `{}`, weight {}, cap {}\n\n{}",
                v.summary, v.dimension, v.severity, v.weight, v.cap, v.doc
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    let group = first.id.split('/').next().unwrap_or(&first.id);
    // Tags are a set (the schema says unique): `seo/...` rules feed the `seo` dimension.
    let mut tags = vec![group];
    if first.dimension != group {
        tags.push(&first.dimension);
    }
    let mut rule = json!({
        "id": first.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(first.severity) },
        "properties": {
            "tags": tags,
            "dimension": first.dimension
        }
    });
    if let Some(uri) = help_uri(&first.id) {
        rule["helpUri"] = json!(uri);
    }
    rule
}

/// The first paragraph of a rule's doc (a "What" heading line skipped), on one line.
fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && *p != "What")
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The driver entry of a file-level verdict.
fn verdict_rule(id: &str) -> Value {
    let (short, help) = if id == MIN_SCORE_RULE {
        (
            "The article's overall score is below the minimum",
            "The overall score is the weighted mean of the rubric dimensions (see docs/scoring.md). \
             A file whose score is below `--min-score` (else `[scoring] min_score` in \
             contentlint.toml) fails, even with no error finding. Raise the score \
             by fixing the findings with the highest cost (the JSON report lists each finding's \
             `cost`), or lower the minimum on purpose.",
        )
    } else {
        (
            "A hard gate fired: the article is invalid whatever its score",
            "Hard gates are the rules the brief requires (`[brief] hard_gates` in \
             contentlint.toml): one finding of such a rule caps its rubric dimension and makes \
             the file fail. The result names the gate's rule; run `contentlint explain RULE` for \
             what it checks and how to fix it.",
        )
    };
    json!({
        "id": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": short },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": "error" },
        "properties": { "tags": ["contentlint", "verdict"] }
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One SARIF `result`, serialised straight from the finding (the fields in this order).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "contentlint/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: &'a ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: InsertedContent<'a>,
}

#[derive(Serialize)]
struct InsertedContent<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct ResultProperties {
    dimension: Dimension,
    cost: f64,
}

/// The run's `%SRCROOT%`: an absolute, normalised directory and its `file:` URI.
#[derive(Clone, Debug)]
struct UriBase {
    root: PathBuf,
    uri: String,
}

/// A file's results, one a line, separated by `,\n` (nothing for a file without findings).
struct SarifFileFormat {
    base: Option<UriBase>,
    /// Rule id -> index in `driver.rules` (the verdict rules included).
    rule_index: HashMap<String, usize>,
}

impl SarifFileFormat {
    /// The artifact location of a reported path: relative under `%SRCROOT%` when inside it,
    /// else an absolute `file://` URI; percent-encoded either way.
    fn location(&self, path: &str) -> ArtifactLocation {
        let slashed = path.replace('\\', "/");
        let Some(base) = &self.base else {
            return if is_absolute(&slashed) {
                ArtifactLocation {
                    uri: file_uri(Path::new(&slashed)),
                    uri_base_id: None,
                }
            } else {
                ArtifactLocation {
                    uri: encode_path(crate::fingerprint::normalise_path(&slashed).as_str()),
                    uri_base_id: None,
                }
            };
        };
        let absolute = normalise(&base.root.join(&slashed));
        match absolute.strip_prefix(&base.root) {
            Ok(relative) if relative.as_os_str() != "" => ArtifactLocation {
                uri: encode_path(&slash_path(relative)),
                uri_base_id: Some(SRCROOT),
            },
            _ => ArtifactLocation {
                uri: file_uri(&absolute),
                uri_base_id: None,
            },
        }
    }

    /// The region of a byte range of the report's file.
    fn region(report: &FileReport, start: usize, end: usize) -> Region {
        let (s, e) = report.lines.position_range(&report.source, start, end);
        Region {
            start_line: s.line,
            start_column: s.column,
            end_line: e.line,
            end_column: e.column,
            byte_offset: None,
            byte_length: None,
        }
    }

    /// Appends a result, after a separator unless it is the file's first.
    fn write_result(buf: &mut Vec<u8>, first: &mut bool, result: &SarifResult) -> io::Result<()> {
        if !std::mem::take(first) {
            buf.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut *buf, result).map_err(io::Error::other)
    }
}

impl FileFormat for SarifFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let location = self.location(&report.path);
        let mut first = true;
        // File-level verdicts first: they are why the file fails.
        for failure in verdict::file_failures(report) {
            let (message, detail) = match &failure {
                FileFailure::Score { .. } => {
                    (format!("The file fails on its score: {failure}"), "")
                }
                FileFailure::HardGate(rule) => (
                    format!(
                        "The file fails the {failure}: the article is invalid whatever its \
                         score (`contentlint explain {rule}`)"
                    ),
                    *rule,
                ),
            };
            let print = crate::fingerprint::file_level(failure.rule(), &report.path, detail);
            let result = SarifResult {
                rule_id: failure.rule(),
                rule_index: self.rule_index.get(failure.rule()).copied(),
                level: "error",
                message: Text { text: message },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: &location,
                        region: Region {
                            start_line: 1,
                            start_column: 1,
                            end_line: 1,
                            end_column: 1,
                            byte_offset: None,
                            byte_length: None,
                        },
                    },
                }],
                partial_fingerprints: Fingerprints { v1: &print },
                fixes: Vec::new(),
                properties: None,
            };
            Self::write_result(buf, &mut first, &result)?;
        }
        for f in &report.findings {
            let text = match &f.help {
                Some(help) => format!("{}. {help}", f.message),
                None => f.message.clone(),
            };
            let fixes = f
                .fix
                .iter()
                .map(|fix| SarifFix {
                    description: Text {
                        text: if fix.replacement.is_empty() {
                            "Delete the text".to_string()
                        } else {
                            format!("Replace with \u{201c}{}\u{201d}", fix.replacement)
                        },
                    },
                    artifact_changes: [ArtifactChange {
                        artifact_location: &location,
                        replacements: [Replacement {
                            deleted_region: Self::region(report, fix.range.start, fix.range.end),
                            inserted_content: InsertedContent {
                                text: &fix.replacement,
                            },
                        }],
                    }],
                })
                .collect();
            let result = SarifResult {
                rule_id: &f.rule,
                rule_index: self.rule_index.get(f.rule.as_str()).copied(),
                level: level(f.severity),
                message: Text { text },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: &location,
                        region: Region {
                            start_line: f.line,
                            start_column: f.column,
                            end_line: f.end_line,
                            end_column: f.end_column,
                            byte_offset: Some(f.offset),
                            byte_length: Some(f.length),
                        },
                    },
                }],
                partial_fingerprints: Fingerprints { v1: &f.fingerprint },
                fixes,
                properties: Some(ResultProperties {
                    dimension: f.dimension,
                    cost: f.cost,
                }),
            };
            Self::write_result(buf, &mut first, &result)?;
        }
        Ok(())
    }
}

impl Reporter for SarifReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        self.format.clone()
    }

    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        self.start(out)?;
        if bytes.is_empty() {
            return Ok(());
        }
        out.write_all(if self.any_result { b",\n" } else { b"\n" })?;
        self.any_result = true;
        out.write_all(bytes)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.start(out)?;
        self.notification("error", error.to_string(), &error.path);
        Ok(())
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        self.start(out)?;
        self.notification("note", format!("skipped {}: {}", s.path, s.reason), &s.path);
        Ok(())
    }

    /// One result per site finding: located on the page it is about (the first), the other
    /// pages as `relatedLocations`; fingerprinted by the rule and every page involved.
    fn site(&mut self, out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        self.start(out)?;
        for f in &site.findings {
            let Some(first) = f.pages.first() else {
                continue;
            };
            let physical = |p: &crate::site::PageRef| {
                let mut physical = json!({ "artifactLocation": self.format.location(&p.path) });
                if let Some(line) = p.line {
                    physical["region"] = json!({ "startLine": line });
                }
                physical
            };
            let others: Vec<&str> = f.pages[1..].iter().map(|p| p.path.as_str()).collect();
            let print = crate::fingerprint::file_level(&f.rule, &first.path, &others.join("\n"));
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": physical(first) }],
                "partialFingerprints": { "contentlint/v1": print },
            });
            if let Some(&index) = self.format.rule_index.get(&f.rule) {
                result["ruleIndex"] = json!(index);
            }
            if f.pages.len() > 1 {
                let related: Vec<Value> = f.pages[1..]
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        json!({
                            "id": i + 1,
                            "physicalLocation": physical(p),
                            "message": { "text": "also involved" },
                        })
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            out.write_all(if self.any_result { b",\n" } else { b"\n" })?;
            self.any_result = true;
            serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let invocations = json!([{
            "executionSuccessful": !self.notifications.iter().any(|n| n["level"] == "error"),
            "toolExecutionNotifications": std::mem::take(&mut self.notifications)
        }]);
        write!(out, "\n],\"invocations\":")?;
        serde_json::to_writer(&mut *out, &invocations).map_err(io::Error::other)?;
        writeln!(out, "}}]}}")
    }
}

/// `C:/x` or `/x`.
fn is_absolute(slashed: &str) -> bool {
    slashed.starts_with('/')
        || (slashed.len() > 2
            && slashed.as_bytes()[0].is_ascii_alphabetic()
            && &slashed[1..3] == ":/")
}

/// `.` and `..` resolved by name (the file may not exist: an unreadable input is reported
/// too), without following links.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path with `/` separators.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `file:` URI of an absolute path: `file:///dir/a%20b.md` (`file:///C:/dir` on Windows).
fn file_uri(path: &Path) -> String {
    let slashed = path.to_string_lossy().replace('\\', "/");
    let encoded = encode_path(&slashed);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// Percent-encodes a path for a URI (RFC 3986 section 2): every byte of its UTF-8 form but the
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) and the `/` separator, so that spaces, `#`,
/// `%`, `?`, `:` and non-ASCII letters cannot change what the URI means. A drive letter's
/// colon (`C:`) is kept, as `file:` URIs write it.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let drive = path.len() >= 2
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path.as_bytes()[1] == b':'
        && (path.len() == 2 || path.as_bytes()[2] == b'/');
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    fn rule(id: &str, summary: &str) -> SarifRule {
        SarifRule {
            id: id.into(),
            summary: summary.into(),
            doc: "What\n\nIt checks.\n\nWhy\n\nBecause.".into(),
            severity: Severity::Error,
            dimension: "web_structure".into(),
            weight: 1.0,
            cap: 3.0,
        }
    }

    #[test]
    fn item13_sarif_streams_results_as_valid_json() {
        let linter = Linter::with_config(Config::default());
        let report = linter
            .lint_source("a.md".as_ref(), "# T\n\ntext\n".into())
            .unwrap();
        let mut reporter = SarifReporter::new(vec![rule("structure/min-h2", "s")]);
        let mut out = Vec::new();
        reporter.file(&mut out, &report).unwrap();
        // the results are written as they come, before the run ends
        let streamed = String::from_utf8(out.clone()).unwrap();
        assert!(
            streamed.contains("\"ruleId\":\"structure/min-h2\""),
            "{streamed}"
        );
        reporter.file(&mut out, &report).unwrap();
        let error = FileError::new("b.md", None, "cannot read file".into());
        reporter.error(&mut out, &error).unwrap();
        reporter.finish(&mut out, &Summary::default()).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let run = &v["runs"][0];
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "structure/min-h2");
        let per_file = report.findings.len() + verdict::file_failures(&report).len();
        assert_eq!(run["results"].as_array().unwrap().len(), 2 * per_file);
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        let first = report.findings[0].fingerprint.as_str();
        assert!(
            run["results"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["partialFingerprints"][FINGERPRINT_KEY] == first)
        );

        // no file at all: still a valid document
        let mut out = Vec::new();
        let mut reporter = SarifReporter::new(Vec::new());
        reporter.finish(&mut out, &Summary::default()).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["runs"][0]["results"], json!([]));
    }

    #[test]
    fn variants_of_one_id_become_one_rule_with_every_variant_in_its_help() {
        let reporter = SarifReporter::new(vec![
            rule("style/exclamation", "Exclamation marks (professional tone)"),
            rule("structure/single-h1", "One H1"),
            rule(
                "style/exclamation",
                "Runs of exclamation marks (casual tone)",
            ),
        ]);
        let mut out = Vec::new();
        let mut r = reporter;
        r.finish(&mut out, &Summary::default()).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "style/exclamation",
                "structure/single-h1",
                MIN_SCORE_RULE,
                HARD_GATE_RULE
            ]
        );
        let help = rules[0]["help"]["text"].as_str().unwrap();
        assert!(
            help.contains("(professional tone)") && help.contains("(casual tone)"),
            "{help}"
        );
        assert_eq!(
            rules[0]["shortDescription"]["text"],
            "Exclamation marks (professional tone) / Runs of exclamation marks (casual tone)"
        );
        assert_eq!(rules[1]["fullDescription"]["text"], "One H1. It checks.");
        assert_eq!(
            rules[1]["properties"]["tags"],
            json!(["structure", "web_structure"])
        );
    }

    #[test]
    fn help_uri_only_for_documented_rules_and_a_named_repository() {
        match repository() {
            // Cargo.toml names no repository: no link anywhere.
            None => assert_eq!(help_uri("structure/single-h1"), None),
            Some(repo) => {
                assert_eq!(
                    help_uri("structure/single-h1").unwrap(),
                    format!("{repo}/blob/main/docs/rules/structure/single-h1.md")
                );
                assert_eq!(help_uri("mypack/own-rule"), None);
            }
        }
    }

    #[test]
    fn paths_are_relative_to_the_source_root_and_percent_encoded() {
        let format = SarifReporter::new(Vec::new())
            .with_source_root(Some(PathBuf::from("/work/site")))
            .format;
        let at = |p: &str| {
            let l = format.location(p);
            (l.uri, l.uri_base_id)
        };
        assert_eq!(at("a b.md"), ("a%20b.md".into(), Some(SRCROOT)));
        assert_eq!(
            at("./docs/#1 100%.md"),
            ("docs/%231%20100%25.md".into(), Some(SRCROOT))
        );
        assert_eq!(at("/work/site/é.md"), ("%C3%A9.md".into(), Some(SRCROOT)));
        assert_eq!(
            at("../other/x.md"),
            ("file:///work/other/x.md".into(), None)
        );
        assert_eq!(at("/tmp/a:b?.md"), ("file:///tmp/a%3Ab%3F.md".into(), None));
        assert_eq!(at("<stdin>"), ("%3Cstdin%3E".into(), Some(SRCROOT)));
        assert_eq!(format.base.as_ref().unwrap().uri, "file:///work/site/");
        let bare = SarifReporter::new(Vec::new()).format;
        assert_eq!(bare.location("./a b.md").uri, "a%20b.md");
        assert_eq!(encode_path("C:/Users/x y"), "C:/Users/x%20y");
        assert_eq!(file_uri(Path::new("C:/x")), "file:///C:/x");
    }
}
