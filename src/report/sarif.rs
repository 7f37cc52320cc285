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

pub struct SarifReporter {
    rules: Vec<SarifRule>,
    results: Vec<Value>,
    notifications: Vec<Value>,
}

impl SarifReporter {
    pub fn new(rules: Vec<SarifRule>) -> SarifReporter {
        SarifReporter {
            rules,
            results: Vec::new(),
            notifications: Vec::new(),
        }
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
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message = format!("{message}. {help}");
            }
            self.results.push(json!({
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
            }));
        }
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.notifications.push(json!({
            "level": "error",
            "message": { "text": error.to_string() },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": error.path.replace('\\', "/") }
            }}]
        }));
        Ok(())
    }

    fn skipped(&mut self, _out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
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
        let sarif = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "contentlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }},
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
                "invocations": [{
                    "executionSuccessful": !self.notifications.iter().any(|n| n["level"] == "error"),
                    "toolExecutionNotifications": std::mem::take(&mut self.notifications)
                }]
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &sarif).map_err(io::Error::other)?;
        writeln!(out)
    }
}
