//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other CI dashboards. Columns are
//! Unicode code points (`columnKind: unicodeCodePoints`), as in every contentlint report.

use super::{FileError, FileReport, Reporter, Summary};
use crate::finding::Severity;
use serde_json::{Value, json};
use std::io::{self, Write};

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
    results: usize,
    notifications: Vec<Value>,
}

impl SarifReporter {
    pub fn new(rules: Vec<SarifRule>) -> SarifReporter {
        SarifReporter {
            rules,
            started: false,
            results: 0,
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

impl Reporter for SarifReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.start(out)?;
        for f in &report.findings {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message = format!("{message}. {help}");
            }
            let result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": report.path.replace('\\', "/") },
                    "region": {
                        "startLine": f.line, "startColumn": f.column,
                        "endLine": f.end_line, "endColumn": f.end_column,
                        "byteOffset": f.offset, "byteLength": f.length
                    }
                }}],
                "properties": { "dimension": f.dimension, "cost": f.cost }
            });
            out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)?;
            self.results += 1;
        }
        Ok(())
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
