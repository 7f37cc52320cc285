//! `json` (one document, DESIGN.md section 2) and `jsonl` (one file report a line, streamed).

use super::json_writer;
use super::{
    FileError, FileFormat, FileReport, REPORT_VERSION, ReportedFinding, Reporter, Summary,
};
use serde::Serialize;
use std::io::{self, Write};
use std::sync::Arc;

/// A file report with its findings split into `violations` and `warnings`.
#[derive(Serialize)]
struct FileJson<'a> {
    #[serde(flatten)]
    report: &'a FileReport,
    violations: Vec<&'a ReportedFinding>,
    warnings: Vec<&'a ReportedFinding>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    suppressed: &'a [crate::suppress::SuppressedFinding],
    /// `jsonl` only: the page's site signature, when it was computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'a crate::site::Signature>,
}

impl<'a> FileJson<'a> {
    fn new(report: &'a FileReport) -> FileJson<'a> {
        FileJson {
            report,
            violations: report.violations().collect(),
            warnings: report.warnings().collect(),
            suppressed: &report.suppressed,
            signature: None,
        }
    }
}

/// A file's report as a JSON value (what `json` and `jsonl` print for it), for tests and tools.
pub fn file_json(report: &FileReport) -> serde_json::Value {
    serde_json::to_value(FileJson::new(report)).expect("reports serialise")
}

/// A file of the `json` report: its object, indented as an element of `files`.
struct JsonFileFormat;

impl FileFormat for JsonFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        const FILES_LEVEL: usize = 2;
        buf.extend_from_slice(b"    ");
        Ok(json_writer::write_pretty_at(
            buf,
            FILES_LEVEL,
            &FileJson::new(report),
        )?)
    }
}

/// Streams `{"version":1,"files":[...],"errors":[...],"summary":{...}}`: files are written as
/// they come, errors are held until the end (they are few).
#[derive(Default)]
pub struct JsonReporter {
    files_written: usize,
    errors: Vec<FileError>,
    skipped: Vec<super::Skipped>,
    /// `check --baseline`: the `baseline` block, written before `summary`.
    baseline: Option<serde_json::Value>,
    site: Option<crate::site::SiteReport>,
}

impl Reporter for JsonReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(JsonFileFormat)
    }

    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        if self.files_written == 0 {
            write!(
                out,
                "{{\n  \"version\": {REPORT_VERSION},\n  \"files\": [\n"
            )?;
        } else {
            writeln!(out, ",")?;
        }
        self.files_written += 1;
        out.write_all(bytes)
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
        let baseline = match &self.baseline {
            Some(block) => format!(
                "\n  \"baseline\": {},",
                serde_json::to_string(block).map_err(io::Error::other)?
            ),
            None => String::new(),
        };
        // `site` only when the site checks ran, indented like the file reports.
        let site = match &self.site {
            None => String::new(),
            Some(site) => {
                let mut buf = Vec::new();
                json_writer::write_pretty_at(&mut buf, 1, site)?;
                format!("\n  \"site\": {},", String::from_utf8_lossy(&buf))
            }
        };
        writeln!(
            out,
            "],\n  \"errors\": {errors},{skipped}{baseline}{site}\n  \"summary\": {summary}\n}}"
        )
    }

    fn baseline(&mut self, _out: &mut dyn Write, block: &serde_json::Value) -> io::Result<()> {
        self.baseline = Some(block.clone());
        Ok(())
    }

    fn site(&mut self, _out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        self.site = Some(site.clone());
        Ok(())
    }

    fn skipped(&mut self, _out: &mut dyn Write, skipped: &super::Skipped) -> io::Result<()> {
        self.skipped.push(skipped.clone());
        Ok(())
    }
}

/// A line of the `jsonl` report: the body's fields, then its type.
#[derive(Serialize)]
struct Line<'a, T> {
    #[serde(flatten)]
    body: &'a T,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// One JSON object a line: `{"type":"file",...}`, `{"type":"error",...}`, then
/// `{"type":"summary",...}`.
#[derive(Default)]
pub struct JsonlReporter;

impl JsonlReporter {
    /// Appends `body`'s fields then `"type": kind`, and a newline: no intermediate
    /// `serde_json::Value` (building one per file was a tenth of a batch's time).
    fn line_into(buf: &mut Vec<u8>, kind: &str, body: &impl Serialize) -> io::Result<()> {
        json_writer::write_compact(buf, &Line { body, kind })?;
        buf.push(b'\n');
        Ok(())
    }

    fn line(out: &mut dyn Write, kind: &str, body: &impl Serialize) -> io::Result<()> {
        let mut buf = Vec::new();
        Self::line_into(&mut buf, kind, body)?;
        out.write_all(&buf)
    }
}

/// A file of the `jsonl` report: one line.
struct JsonlFileFormat;

impl FileFormat for JsonlFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut file = FileJson::new(report);
        file.signature = report.signature.as_deref();
        JsonlReporter::line_into(buf, "file", &file)
    }
}

impl Reporter for JsonlReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(JsonlFileFormat)
    }

    // Not flushed line by line (a `write` system call per file): the batch flushes whenever
    // it waits for results, so that a reader of the stream sees a file's report within the
    // hand-over's delay (`engine::Sink::pause`).
    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        Self::line(&mut *out, "error", error)?;
        out.flush()
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        Self::line(&mut *out, "summary", summary)?;
        out.flush()
    }

    fn baseline(&mut self, out: &mut dyn Write, block: &serde_json::Value) -> io::Result<()> {
        Self::line(&mut *out, "baseline", block)?;
        out.flush()
    }

    fn skipped(&mut self, out: &mut dyn Write, skipped: &super::Skipped) -> io::Result<()> {
        Self::line(&mut *out, "skipped", skipped)?;
        out.flush()
    }

    fn site(&mut self, out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        Self::line(&mut *out, "site", site)?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    /// What the `json` format printed for a file before it was serialised in place: the
    /// report pretty-printed at level 0, then every line indented by four spaces.
    fn reindented(report: &FileReport) -> String {
        let text = serde_json::to_string_pretty(&file_json(report)).unwrap();
        text.lines()
            .map(|line| format!("    {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_file_is_serialised_in_place_exactly_as_it_was_reindented() {
        let linter = Linter::with_config(Config::default());
        let sources = [
            "# T\n\ntext\n".to_string(),
            "---\ntitle: \"A \\\"quoted\\\" title\"\nkeyword: x\n---\n# T\n\n## A\n\nIn 2019 we \
             will ship 45% more, said experts.\n\n## B\n\nÜber naïve text.\n"
                .to_string(),
            String::new(),
        ];
        for source in sources {
            let report = linter.lint_source("a.md".as_ref(), source).unwrap();
            let mut buf = Vec::new();
            JsonFileFormat.format(&report, &mut buf).unwrap();
            assert_eq!(String::from_utf8(buf).unwrap(), reindented(&report));
        }
    }

    /// The `.md` files under `dir`, recursively.
    fn markdown_files(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                markdown_files(&path, files);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }

    /// Both formats write every fixture's report byte for byte as serde_json does (the `json`
    /// one at its place in `files`, the `jsonl` one on its line).
    #[test]
    fn fixture_reports_are_written_as_serde_json_writes_them() {
        let linter = Linter::with_config(Config::default());
        let mut files = Vec::new();
        markdown_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        assert!(files.len() > 20, "{} fixtures", files.len());
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            let Ok(doc) = crate::document::Document::parse(source.clone()) else {
                continue;
            };
            let signature = crate::site::Signature::of(&doc, &Config::default(), None);
            let mut report = linter.lint_source(&path, source).unwrap();
            report.signature = Some(std::sync::Arc::new(signature));
            let mut buf = Vec::new();
            JsonFileFormat.format(&report, &mut buf).unwrap();
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                reindented(&report),
                "{path:?}"
            );
            let mut line = Vec::new();
            JsonlFileFormat.format(&report, &mut line).unwrap();
            let mut file = FileJson::new(&report);
            file.signature = report.signature.as_deref();
            let body = &file;
            let expected = serde_json::to_string(&Line { body, kind: "file" }).unwrap() + "\n";
            assert_eq!(String::from_utf8(line).unwrap(), expected, "{path:?}");
        }
    }

    #[test]
    fn the_json_document_parses_with_files_in_order() {
        let linter = Linter::with_config(Config::default());
        let mut reporter = JsonReporter::default();
        let mut out = Vec::new();
        for name in ["a.md", "b.md"] {
            let report = linter
                .lint_source(name.as_ref(), "# T\n\ntext\n".into())
                .unwrap();
            reporter.file(&mut out, &report).unwrap();
        }
        reporter.finish(&mut out, &Summary::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["files"][0]["path"], "a.md");
        assert_eq!(v["files"][1]["path"], "b.md");
        assert!(v["files"][0]["violations"].is_array());
    }
}
