//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other CI dashboards. Columns are
//! Unicode code points (`columnKind: unicodeCodePoints`), as in every contentlint report.

use super::{FileError, FileFormat, FileReport, Reporter, Summary};
use crate::finding::{Dimension, Severity};
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::sync::Arc;

/// Rule metadata for the `tool.driver.rules` table.
pub struct SarifRule {
    pub id: String,
    pub summary: String,
    pub doc: String,
    pub severity: Severity,
    pub dimension: String,
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
        }
    }
}

/// Streams: the header (rules table) goes out with the first result, each result as it comes
/// (one per line), so memory stays flat however many files a run has (all results were kept
/// before: 3.65 GB for 50k files). Only the tool notifications (one per unreadable file) wait
/// for the end.
pub struct SarifReporter {
    rules: Vec<SarifRule>,
    started: bool,
    /// Whether a result was written (the next one follows a comma).
    any_result: bool,
    notifications: Vec<Value>,
}

impl SarifReporter {
    pub fn new(rules: Vec<SarifRule>) -> SarifReporter {
        SarifReporter {
            rules,
            started: false,
            any_result: false,
            notifications: Vec::new(),
        }
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
            .map(|r| {
                json!({
                    "id": r.id,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.doc },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "dimension": r.dimension }
                })
            })
            .collect();
        let tool = json!({ "driver": {
            "name": "contentlint",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules
        }});
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":"
        )?;
        serde_json::to_writer(&mut *out, &tool).map_err(io::Error::other)?;
        write!(out, ",\"columnKind\":\"unicodeCodePoints\",\"results\":[")
    }
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
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    properties: ResultProperties,
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
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct ResultProperties {
    dimension: Dimension,
    cost: f64,
}

/// A file's results, one a line, separated by `,\n` (nothing for a file without findings).
struct SarifFileFormat;

impl FileFormat for SarifFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let uri = report.path.replace('\\', "/");
        for (i, f) in report.findings.iter().enumerate() {
            let text = match &f.help {
                Some(help) => format!("{}. {help}", f.message),
                None => f.message.clone(),
            };
            let result = SarifResult {
                rule_id: &f.rule,
                level: level(f.severity),
                message: Text { text },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: &uri },
                        region: Region {
                            start_line: f.line,
                            start_column: f.column,
                            end_line: f.end_line,
                            end_column: f.end_column,
                            byte_offset: f.offset,
                            byte_length: f.length,
                        },
                    },
                }],
                properties: ResultProperties {
                    dimension: f.dimension,
                    cost: f.cost,
                },
            };
            if i > 0 {
                buf.extend_from_slice(b",\n");
            }
            serde_json::to_writer(&mut *buf, &result).map_err(io::Error::other)?;
        }
        Ok(())
    }
}

impl Reporter for SarifReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(SarifFileFormat)
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
        self.notifications.push(json!({
            "level": "error",
            "message": { "text": error.to_string() },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": error.path.replace('\\', "/") }
            }}]
        }));
        Ok(())
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        self.start(out)?;
        self.notifications.push(json!({
            "level": "note",
            "message": { "text": format!("skipped {}: {}", s.path, s.reason) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": s.path.replace('\\', "/") }
            }}]
        }));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    #[test]
    fn item13_sarif_streams_results_as_valid_json() {
        let linter = Linter::with_config(Config::default());
        let report = linter
            .lint_source("a.md".as_ref(), "# T\n\ntext\n".into())
            .unwrap();
        let rule = SarifRule {
            id: "structure/min-h2".into(),
            summary: "s".into(),
            doc: "d".into(),
            severity: Severity::Error,
            dimension: "web_structure".into(),
        };
        let mut reporter = SarifReporter::new(vec![rule]);
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
        assert_eq!(
            run["results"].as_array().unwrap().len(),
            2 * report.findings.len()
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);

        // no file at all: still a valid document
        let mut out = Vec::new();
        let mut reporter = SarifReporter::new(Vec::new());
        reporter.finish(&mut out, &Summary::default()).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["runs"][0]["results"], json!([]));
    }
}
