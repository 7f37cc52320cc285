//! The run as a trace in the seed pipeline's shape: a JSON list of steps, each with `step`,
//! `time` (RFC 3339), `outcome` and `metadata`, plus the `agent` that took it (Intake, Writer,
//! Critic, SEO-Auditor, Image-Generator, Publisher) and the article's `path`. The shape is
//! documented by `schemas/trace.schema.json`. The trace is rewritten (atomically) after every
//! step, so a run that is killed or hangs still leaves a readable trace of what it did.

use super::redact::Redactor;
use crate::report::{FileReport, ReportedFinding};
use crate::write::write_file;
use serde::Serialize;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub step: &'static str,
    pub agent: &'static str,
    pub path: String,
    pub time: String,
    pub outcome: String,
    pub metadata: Value,
}

/// The steps so far, and where to keep them.
#[derive(Debug, Default)]
pub struct Trace {
    pub steps: Vec<Step>,
    file: Option<PathBuf>,
    /// The first failure to write the trace file (reported once, at the end).
    pub write_error: Option<String>,
    /// Every step is redacted before it is kept.
    redactor: Redactor,
}

impl Trace {
    pub fn new(file: Option<PathBuf>) -> Trace {
        Trace::with_redactor(file, Redactor::new())
    }

    pub fn with_redactor(file: Option<PathBuf>, redactor: Redactor) -> Trace {
        Trace {
            steps: Vec::new(),
            file,
            write_error: None,
            redactor,
        }
    }

    pub fn push(
        &mut self,
        step: &'static str,
        agent: &'static str,
        path: &str,
        outcome: impl Into<String>,
        metadata: Value,
    ) {
        let mut metadata = metadata;
        self.redactor.redact_json(&mut metadata);
        self.steps.push(Step {
            step,
            agent,
            path: self.redactor.redact(path),
            time: jiff::Timestamp::now().to_string(),
            outcome: self.redactor.redact(&outcome.into()),
            metadata,
        });
        self.flush();
    }

    /// Write what there is now (an empty list at the start): a trace file that cannot be
    /// written is better found before any backend call. `Err` with the reason.
    pub fn start(&mut self) -> Result<(), String> {
        self.flush();
        match &self.write_error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn flush(&mut self) {
        let Some(file) = &self.file else { return };
        let mut text = serde_json::to_string_pretty(&self.steps).expect("trace serialises");
        text.push('\n');
        // Keys learnt after a step was pushed are caught here too.
        let text = self.redactor.redact(&text);
        if let Err(e) = write_file(file, text.as_bytes(), None)
            && self.write_error.is_none()
        {
            self.write_error = Some(format!(
                "cannot write the trace {}: {}",
                file.display(),
                e.reason()
            ));
        }
    }
}

fn finding_json(f: &ReportedFinding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    })
}

/// The Critic's metadata for one version of the article (revision 0 is the original).
pub fn critic_metadata(report: &FileReport, revision: u32, max_revisions: u32) -> Value {
    json!({
        "revision_count": revision,
        "max_revisions": max_revisions,
        "valid": report.valid,
        "score": report.score,
        "violations": report.violations().map(finding_json).collect::<Vec<_>>(),
        "warnings": report.warnings().map(finding_json).collect::<Vec<_>>(),
        "hard_gates": report.hard_gates,
        "rubric": {
            "overall_score": report.rubric.overall_score,
            "dimensions": report.rubric.dimensions,
        },
    })
}

/// The critic's outcome line, as the seed writes it.
pub fn critic_outcome(report: &FileReport) -> String {
    let valid = if report.valid { "True" } else { "False" };
    format!("Valid: {valid}; Score: {}", report.score)
}

/// The SEO auditor's metadata: the report's `seo` block.
pub fn seo_metadata(report: &FileReport) -> Value {
    serde_json::to_value(&report.seo).expect("seo block serialises")
}

pub fn seo_outcome(report: &FileReport) -> String {
    let s = &report.seo;
    format!(
        "SEO Score: {}%; Keyword Density: {}%; Images optimized: {}/{}",
        s.seo_score, s.keyword_density, s.images_optimized, s.images_total
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_written_as_they_happen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("trace.json");
        let mut t = Trace::new(Some(file.clone()));
        t.push(
            "route_input",
            "Intake",
            "a.md",
            "Article fails",
            json!({"x": 1}),
        );
        let steps: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(steps[0]["step"], "route_input");
        let time = steps[0]["time"].as_str().unwrap();
        assert!(time.parse::<jiff::Timestamp>().is_ok(), "{time}");
        t.push(
            "validate",
            "Critic",
            "a.md",
            "Valid: False; Score: 50",
            json!({}),
        );
        let steps: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(steps.as_array().unwrap().len(), 2);
        assert!(t.write_error.is_none());
    }
}
