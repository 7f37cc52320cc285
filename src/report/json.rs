//! `json` (one document, DESIGN.md section 2) and `jsonl` (one file report a line, streamed).

use super::{
    FileError, FileFormat, FileReport, REPORT_VERSION, ReportedFinding, Reporter, Summary,
};
use serde::Serialize;
use serde_json::ser::Formatter;
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

/// serde_json's pretty printer (two spaces a level) starting `level` levels deep: a file's
/// report is written straight into its place in the `files` array, never printed at level 0
/// and re-indented line by line.
struct NestedPretty {
    level: usize,
    has_value: bool,
}

impl NestedPretty {
    fn indent<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }
}

impl Formatter for NestedPretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A file of the `json` report: its object, indented as an element of `files`.
struct JsonFileFormat;

impl FileFormat for JsonFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        const FILES_LEVEL: usize = 2;
        buf.extend_from_slice(b"    ");
        let formatter = NestedPretty {
            level: FILES_LEVEL,
            has_value: false,
        };
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, formatter);
        FileJson::new(report)
            .serialize(&mut ser)
            .map_err(io::Error::other)
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
                let formatter = NestedPretty {
                    level: 1,
                    has_value: false,
                };
                let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
                site.serialize(&mut ser).map_err(io::Error::other)?;
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

/// One JSON object a line: `{"type":"file",...}`, `{"type":"error",...}`, then
/// `{"type":"summary",...}`.
#[derive(Default)]
pub struct JsonlReporter;

impl JsonlReporter {
    /// Writes `body`'s fields then `"type": kind` straight to `out`: no intermediate
    /// `serde_json::Value` (building one per file was a tenth of a batch's time).
    fn line(mut out: impl Write, kind: &str, body: &impl Serialize) -> io::Result<()> {
        #[derive(Serialize)]
        struct Line<'a, T> {
            #[serde(flatten)]
            body: &'a T,
            #[serde(rename = "type")]
            kind: &'a str,
        }
        serde_json::to_writer(&mut out, &Line { body, kind }).map_err(io::Error::other)?;
        writeln!(out)
    }
}

/// A file of the `jsonl` report: one line.
struct JsonlFileFormat;

impl FileFormat for JsonlFileFormat {
    fn format(&self, report: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut file = FileJson::new(report);
        file.signature = report.signature.as_deref();
        JsonlReporter::line(buf, "file", &file)
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
