//! `contentlint merge A.jsonl B.jsonl ...`: the `jsonl` outputs of `check --shard K/N` runs
//! read back as one run. Each input lists its records in path order (a `check` lints in path
//! order), so the inputs are merged as sorted streams, one record of each held at a time: the
//! files come out in the order one run would have linted them, and memory holds the signatures
//! (for the site checks), not the reports. `summary` and `site` records are recomputed, so they
//! are skipped.

use super::Signature;
use crate::document::LineIndex;
use crate::report::{FileError, FileReport, ReportedFinding, Skipped};
use serde::Deserialize;
use std::cmp::Ordering;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A record of a `jsonl` report.
#[derive(Debug)]
pub enum Record {
    File(Box<FileReport>),
    Error(FileError),
    Skipped(Skipped),
}

impl Record {
    pub fn path(&self) -> &str {
        match self {
            Record::File(r) => &r.path,
            Record::Error(e) => &e.path,
            Record::Skipped(s) => &s.path,
        }
    }
}

/// A `file` line: the report, its findings split as the JSON shows them, its signature.
#[derive(Deserialize)]
struct FileLine {
    #[serde(flatten)]
    report: FileReport,
    #[serde(default)]
    violations: Vec<ReportedFinding>,
    #[serde(default)]
    warnings: Vec<ReportedFinding>,
    #[serde(default)]
    suppressed: Vec<crate::suppress::SuppressedFinding>,
    #[serde(default)]
    signature: Option<Signature>,
}

#[derive(Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// One input's records, read a line at a time.
struct Stream {
    name: String,
    lines: std::io::Lines<Box<dyn BufRead>>,
    line: usize,
    /// The next record and its line.
    head: Option<(Record, usize)>,
}

impl Stream {
    /// Reads the next record into `head` and returns the one it replaces.
    fn advance(&mut self, load_sources: bool) -> Result<Option<(Record, usize)>, String> {
        let previous = self.head.take();
        loop {
            let Some(text) = self.lines.next() else {
                return Ok(previous);
            };
            self.line += 1;
            let text =
                text.map_err(|e| format!("{}:{}: cannot read: {e}", self.name, self.line))?;
            if text.trim().is_empty() {
                continue;
            }
            let at = |message: String| format!("{}:{}: {message}", self.name, self.line);
            let kind: Kind = serde_json::from_str(&text).map_err(|e| {
                at(format!(
                    "not a JSON object ({e}); merge reads the output of `check --format jsonl`"
                ))
            })?;
            let record = match kind.kind.as_deref() {
                Some("file") => {
                    let line: FileLine = serde_json::from_str(&text)
                        .map_err(|e| at(format!("not a file record of contentlint: {e}")))?;
                    Record::File(Box::new(file_report(line, load_sources).map_err(at)?))
                }
                Some("error") => Record::Error(
                    serde_json::from_str(&text)
                        .map_err(|e| at(format!("not an error record: {e}")))?,
                ),
                Some("skipped") => Record::Skipped(
                    serde_json::from_str(&text)
                        .map_err(|e| at(format!("not a skipped record: {e}")))?,
                ),
                // Recomputed over all inputs.
                Some("summary") | Some("site") => continue,
                Some(other) => {
                    return Err(at(format!(
                        "unknown record type `{other}`; merge reads the output of `check \
                         --format jsonl` (file, error, skipped, summary)"
                    )));
                }
                None => {
                    return Err(at(
                        "a record without `type`; merge reads the output of `check --format \
                         jsonl`"
                            .into(),
                    ));
                }
            };
            if let Some((prev, prev_line)) = &previous
                && path_order(prev.path(), record.path()) != Ordering::Less
            {
                return Err(at(format!(
                    "`{}` comes after `{}` (line {prev_line}): records are not in path order, or \
                     a path appears twice; merge reads unedited `check` outputs",
                    record.path(),
                    prev.path()
                )));
            }
            self.head = Some((record, self.line));
            return Ok(previous);
        }
    }
}

fn file_report(line: FileLine, load_sources: bool) -> Result<FileReport, String> {
    let FileLine {
        mut report,
        violations,
        warnings,
        suppressed,
        signature,
    } = line;
    // The engine's order: by offset, then rule.
    let mut findings = violations;
    findings.extend(warnings);
    findings.sort_by(|a, b| (a.offset, &a.rule).cmp(&(b.offset, &b.rule)));
    report.findings = findings;
    report.suppressed = suppressed;
    report.signature = signature.map(Arc::new);
    // Source excerpts (human output) need the file; a missing one leaves them out.
    if load_sources && let Ok(text) = std::fs::read_to_string(&report.path) {
        report.lines = Arc::new(LineIndex::new(&text));
        report.source = Arc::new(text);
    }
    Ok(report)
}

/// The order a run lints files in: by path, component by component (as `Path` compares).
pub fn path_order(a: &str, b: &str) -> Ordering {
    Path::new(a).cmp(Path::new(b))
}

/// The records of several `jsonl` reports, merged into path order.
pub struct Merger {
    streams: Vec<Stream>,
    load_sources: bool,
    /// Where each path was first seen, to refuse a path that two inputs hold.
    last: Option<(String, String, usize)>,
}

impl Merger {
    /// Opens every input (`-` is standard input). `load_sources`: read each linted file again
    /// for source excerpts (human output).
    pub fn open(inputs: &[PathBuf], load_sources: bool) -> Result<Merger, String> {
        let mut streams = Vec::new();
        for path in inputs {
            let name = path.display().to_string();
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                let file =
                    std::fs::File::open(path).map_err(|e| format!("{name}: cannot open: {e}"))?;
                Box::new(std::io::BufReader::new(file))
            };
            let mut stream = Stream {
                name,
                lines: reader.lines(),
                line: 0,
                head: None,
            };
            stream.advance(load_sources)?;
            streams.push(stream);
        }
        Ok(Merger {
            streams,
            load_sources,
            last: None,
        })
    }

    /// The next record in path order, or `None` when every input is read.
    pub fn next_record(&mut self) -> Result<Option<Record>, String> {
        let mut best: Option<usize> = None;
        for (i, s) in self.streams.iter().enumerate() {
            let Some((record, _)) = &s.head else { continue };
            let better = match best.and_then(|b| self.streams[b].head.as_ref()) {
                None => true,
                Some((current, _)) => path_order(record.path(), current.path()) == Ordering::Less,
            };
            if better {
                best = Some(i);
            }
        }
        let Some(i) = best else { return Ok(None) };
        let stream = &mut self.streams[i];
        let (path, line) = match &stream.head {
            Some((record, line)) => (record.path().to_string(), *line),
            None => return Ok(None),
        };
        if let Some((last, name, at)) = &self.last
            && *last == path
        {
            return Err(format!(
                "{}:{line}: `{path}` is also in {name}:{at}; merge the outputs of one run's \
                 shards (each file in one shard)",
                stream.name
            ));
        }
        self.last = Some((path, stream.name.clone(), line));
        let load = self.load_sources;
        Ok(stream.advance(load)?.map(|(record, _)| record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_is_the_order_a_run_lints_in() {
        // `discover` sorts `PathBuf`s: component by component, so `a/x.md` comes before
        // `a-b/x.md` although `-` sorts before `/` as text.
        let mut paths = vec!["a-b/x.md", "a/x.md", "a/b/c.md", "a.md"];
        let mut bufs: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        bufs.sort();
        paths.sort_by(|a, b| path_order(a, b));
        let sorted: Vec<String> = bufs.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(paths, sorted);
        assert_eq!(paths, vec!["a/b/c.md", "a/x.md", "a-b/x.md", "a.md"]);
    }
}
