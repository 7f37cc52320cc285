//! `json` (one document, DESIGN.md section 2) and `jsonl` (one file report a line, streamed).

use super::{FileError, FileReport, REPORT_VERSION, ReportedFinding, Reporter, Summary};
use serde::Serialize;
use std::io::{self, Write};

/// A file report with its findings split into `violations` and `warnings`.
#[derive(Serialize)]
struct FileJson<'a> {
    #[serde(flatten)]
    report: &'a FileReport,
    violations: Vec<&'a ReportedFinding>,
    warnings: Vec<&'a ReportedFinding>,
}

pub fn file_json(report: &FileReport) -> serde_json::Value {
    serde_json::to_value(FileJson {
        report,
        violations: report.violations().collect(),
        warnings: report.warnings().collect(),
    })
    .expect("reports serialise")
}

/// Streams `{"version":1,"files":[...],"errors":[...],"summary":{...}}`: files are written as
/// they come, errors are held until the end (they are few).
#[derive(Default)]
pub struct JsonReporter {
    files_written: usize,
    errors: Vec<FileError>,
    skipped: Vec<super::Skipped>,
}

impl Reporter for JsonReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if self.files_written == 0 {
            write!(
                out,
                "{{\n  \"version\": {REPORT_VERSION},\n  \"files\": [\n"
            )?;
        } else {
            writeln!(out, ",")?;
        }
        self.files_written += 1;
        let text = serde_json::to_string_pretty(&file_json(report)).map_err(io::Error::other)?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write!(out, "    {line}")?;
        }
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.errors.push(error.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.files_written == 0 {
            write!(out, "{{\n  \"version\": {REPORT_VERSION},\n  \"files\": [")?;
        } else {
            write!(out, "\n  ")?;
        }
        let errors = serde_json::to_string(&self.errors).map_err(io::Error::other)?;
        let summary = serde_json::to_string(summary).map_err(io::Error::other)?;
        // `skipped` only when a walk skipped something, so reports of runs that skip nothing
        // keep their shape.
        let skipped = if self.skipped.is_empty() {
            String::new()
        } else {
            let list = serde_json::to_string(&self.skipped).map_err(io::Error::other)?;
            format!("\n  \"skipped\": {list},")
        };
        writeln!(
            out,
            "],\n  \"errors\": {errors},{skipped}\n  \"summary\": {summary}\n}}"
        )
    }

    fn skipped(&mut self, _out: &mut dyn Write, skipped: &super::Skipped) -> io::Result<()> {
        self.skipped.push(skipped.clone());
        Ok(())
    }
}

/// One JSON object a line: `{"type":"file",...}`, `{"type":"error",...}`, then
/// `{"type":"summary",...}`.
#[derive(Default)]
pub struct JsonlReporter;

impl JsonlReporter {
    /// Writes `body`'s fields then `"type": kind` straight to `out`: no intermediate
    /// `serde_json::Value` (building one per file was a tenth of a batch's time, all of it on
    /// the single thread that writes the report).
    fn line(out: &mut dyn Write, kind: &str, body: &impl Serialize) -> io::Result<()> {
        #[derive(Serialize)]
        struct Line<'a, T> {
            #[serde(flatten)]
            body: &'a T,
            #[serde(rename = "type")]
            kind: &'a str,
        }
        serde_json::to_writer(&mut *out, &Line { body, kind }).map_err(io::Error::other)?;
        writeln!(out)?;
        out.flush()
    }
}

impl Reporter for JsonlReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let body = FileJson {
            report,
            violations: report.violations().collect(),
            warnings: report.warnings().collect(),
        };
        Self::line(out, "file", &body)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        Self::line(out, "error", error)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        Self::line(out, "summary", summary)
    }

    fn skipped(&mut self, out: &mut dyn Write, skipped: &super::Skipped) -> io::Result<()> {
        Self::line(out, "skipped", skipped)
    }
}
