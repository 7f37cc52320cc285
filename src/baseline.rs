//! The baseline: accept today's findings, fail only on new ones (`check --write-baseline FILE`,
//! `check --baseline FILE`).
//!
//! A baseline file is one JSON object a line, sorted by path, rule and fingerprint, so that it
//! diffs and merges well in git:
//!
//! ```text
//! {"path":"blog/a.md","rule":"wordiness/in-order-to","fingerprint":"9f2c...:0","line":12,"message":"..."}
//! ```
//!
//! The key is the normalised path ([`crate::fingerprint::normalise_path`]), the rule and the
//! finding's fingerprint ([`crate::fingerprint`]); `line` and `message` are for the people who
//! read the file and are not compared. The step runs inside [`crate::engine::Linter`] before
//! scoring, so a baselined finding costs nothing and scores stay comparable with a run
//! without findings.

use crate::document::Document;
use crate::finding::Finding;
use crate::fingerprint::normalise_path;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One accepted finding: a line of the baseline file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// Where the finding was when the baseline was written (for people; not compared).
    #[serde(default)]
    pub line: usize,
    /// Its message then (for people; not compared).
    #[serde(default)]
    pub message: String,
}

impl Entry {
    fn key(&self) -> (&str, &str, &str) {
        (&self.path, &self.rule, &self.fingerprint)
    }
}

/// What the engine does with a file's findings: record them all, or drop those in a baseline.
pub enum BaselineStep {
    /// `--write-baseline`: every finding is kept and recorded.
    Record(Mutex<Vec<Entry>>),
    /// `--baseline`: findings in the baseline are dropped and counted.
    Filter(Filter),
}

/// A loaded baseline and what this run matched of it.
pub struct Filter {
    entries: Vec<Entry>,
    /// Normalised path -> (rule, fingerprint) -> index in `entries`.
    index: HashMap<String, HashMap<(String, String), usize>>,
    matched: Vec<AtomicBool>,
    /// Findings of this run that were not in the baseline.
    new: AtomicUsize,
    /// Normalised paths linted in this run: only their entries can be judged stale.
    linted: Mutex<HashSet<String>>,
}

impl BaselineStep {
    /// A step that records every finding, for `--write-baseline`.
    pub fn record() -> BaselineStep {
        BaselineStep::Record(Mutex::new(Vec::new()))
    }

    /// A step that drops the findings of the baseline at `path`; a clear error (file, line,
    /// what is wrong) if it cannot be read or is malformed.
    pub fn load(path: &Path) -> Result<BaselineStep, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--baseline {}: cannot read it: {e}", path.display()))?;
        let entries = parse(&text).map_err(|(line, what)| {
            format!(
                "{}:{line}: {what}; a baseline has one JSON object a line with \"path\", \
                 \"rule\" and \"fingerprint\" (write a new one with --write-baseline)",
                path.display()
            )
        })?;
        Ok(BaselineStep::Filter(Filter::new(entries)))
    }

    /// Apply the step to one file's findings (sorted, after suppressions) and their
    /// fingerprints, reported under `shown`: record them, or drop the baselined ones.
    pub fn apply(
        &self,
        shown: &str,
        doc: &Document,
        findings: &mut Vec<Finding>,
        fingerprints: &mut Vec<String>,
    ) {
        let path = normalise_path(shown);
        match self {
            BaselineStep::Record(recorded) => {
                let entries = findings
                    .iter()
                    .zip(fingerprints.iter())
                    .map(|(f, print)| Entry {
                        path: path.clone(),
                        rule: f.rule.to_string(),
                        fingerprint: print.clone(),
                        line: doc.position(f.range.start).line,
                        message: f.message.clone(),
                    });
                recorded.lock().expect("baseline record").extend(entries);
            }
            BaselineStep::Filter(filter) => filter.apply(path, findings, fingerprints),
        }
    }

    /// The end of the run: write the recorded baseline to `path`, or the tally of a filter.
    pub fn outcome(&self) -> Outcome {
        match self {
            BaselineStep::Record(recorded) => {
                let mut entries = recorded.lock().expect("baseline record").clone();
                entries.sort();
                entries.dedup_by(|a, b| a.key() == b.key());
                Outcome::Recorded(entries)
            }
            BaselineStep::Filter(filter) => Outcome::Filtered(filter.tally()),
        }
    }
}

impl Filter {
    fn new(entries: Vec<Entry>) -> Filter {
        let mut index: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            index
                .entry(normalise_path(&e.path))
                .or_default()
                .entry((e.rule.clone(), e.fingerprint.clone()))
                .or_insert(i);
        }
        let matched = entries.iter().map(|_| AtomicBool::new(false)).collect();
        Filter {
            entries,
            index,
            matched,
            new: AtomicUsize::new(0),
            linted: Mutex::new(HashSet::new()),
        }
    }

    fn apply(&self, path: String, findings: &mut Vec<Finding>, fingerprints: &mut Vec<String>) {
        let known = self.index.get(&path);
        let mut keep = Vec::with_capacity(findings.len());
        for (f, print) in findings.iter().zip(fingerprints.iter()) {
            let hit = known.and_then(|k| k.get(&(f.rule.to_string(), print.clone())));
            if let Some(&i) = hit {
                self.matched[i].store(true, Ordering::Relaxed);
            }
            keep.push(hit.is_none());
        }
        self.new
            .fetch_add(keep.iter().filter(|k| **k).count(), Ordering::Relaxed);
        let mut flags = keep.iter();
        findings.retain(|_| *flags.next().expect("one flag a finding"));
        let mut flags = keep.iter();
        fingerprints.retain(|_| *flags.next().expect("one flag a fingerprint"));
        self.linted.lock().expect("linted paths").insert(path);
    }

    fn tally(&self) -> Tally {
        let linted = self.linted.lock().expect("linted paths");
        let mut matched = 0;
        let mut stale = Vec::new();
        for (e, hit) in self.entries.iter().zip(&self.matched) {
            if hit.load(Ordering::Relaxed) {
                matched += 1;
            } else if linted.contains(&normalise_path(&e.path)) {
                stale.push(e.clone());
            }
        }
        stale.sort();
        Tally {
            matched,
            new: self.new.load(Ordering::Relaxed),
            stale: stale.len(),
            stale_entries: stale,
        }
    }
}

/// What a run made of its baseline step.
pub enum Outcome {
    /// Every finding of the run, sorted: the file `--write-baseline` writes.
    Recorded(Vec<Entry>),
    Filtered(Tally),
}

/// The `baseline` block of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    /// Baseline entries found again (their findings were not reported).
    pub matched: usize,
    /// Findings not in the baseline (reported).
    pub new: usize,
    /// Entries of the files linted in this run that no longer occur.
    pub stale: usize,
    pub stale_entries: Vec<Entry>,
}

/// Parse a baseline file; the error is (line, what is wrong).
pub fn parse(text: &str) -> Result<Vec<Entry>, (usize, String)> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let entry: Entry = serde_json::from_str(line)
            .map_err(|e| (i + 1, format!("not a baseline entry ({e})")))?;
        for (name, value) in [
            ("path", &entry.path),
            ("rule", &entry.rule),
            ("fingerprint", &entry.fingerprint),
        ] {
            if value.trim().is_empty() {
                return Err((i + 1, format!("\"{name}\" is empty")));
            }
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// The baseline file's text: one entry a line, in the given (sorted) order.
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&serde_json::to_string(e).expect("entries serialise"));
        out.push('\n');
    }
    out
}

/// Write `entries` to `path` atomically ([`crate::write::write_file`]): a run killed while
/// writing leaves the old baseline whole.
pub fn write(path: &Path, entries: &[Entry]) -> Result<(), String> {
    crate::write::write_file(path, render(entries).as_bytes(), None)
        .map_err(|e| format!("--write-baseline {}: {}", path.display(), e.reason()))
}

/// The short human section: counts, then each stale entry and what to do about them.
pub fn write_human(out: &mut dyn Write, tally: &Tally, baseline: &Path) -> io::Result<()> {
    writeln!(
        out,
        "\nbaseline {}: {} matched, {} new, {} stale",
        baseline.display(),
        tally.matched,
        tally.new,
        tally.stale
    )?;
    for e in &tally.stale_entries {
        writeln!(
            out,
            "  stale: {}:{} {} {}",
            e.path, e.line, e.rule, e.message
        )?;
    }
    if tally.stale > 0 {
        writeln!(
            out,
            "  (no longer found; shrink the baseline with --write-baseline {})",
            baseline.display()
        )?;
    }
    Ok(())
}

/// What `check` does at the end of a run with a baseline step: write the recorded file (and
/// say so on stderr), or print the tally (human text, or the report's `baseline` block
/// through the reporter). Returns the paths and counts said, for the caller's exit code.
pub fn finish(
    step: &BaselineStep,
    file: &Path,
    human: bool,
    reporter: &mut dyn crate::report::Reporter,
    out: &mut dyn Write,
) -> Result<(), String> {
    match step.outcome() {
        Outcome::Recorded(entries) => {
            write(file, &entries)?;
            let files: BTreeSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
            eprintln!(
                "wrote {} findings of {} files to the baseline {}",
                entries.len(),
                files.len(),
                file.display()
            );
            Ok(())
        }
        Outcome::Filtered(tally) => {
            let written = if human {
                write_human(out, &tally, file)
            } else {
                let block = serde_json::to_value(&tally).expect("tallies serialise");
                reporter.baseline(out, &block)
            };
            written.map_err(|e| format!("cannot write the report: {e}"))
        }
    }
}

/// The baseline file named by `--baseline` or `--write-baseline`, and the step for it.
pub fn from_args(
    write: Option<&PathBuf>,
    read: Option<&PathBuf>,
) -> Result<Option<(PathBuf, BaselineStep)>, String> {
    match (write, read) {
        (Some(w), _) => Ok(Some((w.clone(), BaselineStep::record()))),
        (None, Some(r)) => Ok(Some((r.clone(), BaselineStep::load(r)?))),
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, rule: &str, print: &str) -> Entry {
        Entry {
            path: path.into(),
            rule: rule.into(),
            fingerprint: print.into(),
            line: 3,
            message: "m \"quoted\"".into(),
        }
    }

    #[test]
    fn render_and_parse_round_trip_one_object_a_line() {
        let entries = vec![entry("a.md", "r/x", "00ff:0"), entry("b.md", "r/y", "0a:1")];
        let text = render(&entries);
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("{\"path\":\"a.md\",\"rule\":\"r/x\",\"fingerprint\""));
        assert_eq!(parse(&text).unwrap(), entries);
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_line_number() {
        let text = format!(
            "{}\n{{\"path\":\"a.md\"}}\n",
            render(&[entry("a", "r", "f")])
        );
        let (line, what) = parse(&text).unwrap_err();
        assert_eq!(line, 3);
        assert!(what.contains("missing field `rule`"), "{what}");
        let (line, what) = parse("not json\n").unwrap_err();
        assert_eq!(line, 1);
        assert!(what.starts_with("not a baseline entry"), "{what}");
        let (_, what) = parse("{\"path\":\"a\",\"rule\":\"\",\"fingerprint\":\"f\"}").unwrap_err();
        assert_eq!(what, "\"rule\" is empty");
    }

    #[test]
    fn stale_entries_are_only_judged_for_linted_files() {
        let doc = Document::parse("# T\n\ntext\n".into()).unwrap();
        let step = BaselineStep::Filter(Filter::new(vec![
            entry("./a.md", "r/x", "1:0"),
            entry("a.md", "r/gone", "2:0"),
            entry("b.md", "r/x", "3:0"),
        ]));
        let finding = |rule: &'static str| Finding {
            rule: rule.into(),
            severity: crate::finding::Severity::Warning,
            dimension: crate::finding::Dimension::Clarity,
            message: "m".into(),
            range: 0..1,
            help: None,
            fix: None,
            cost: 0.0,
            rating: None,
        };
        let mut findings = vec![finding("r/x"), finding("r/new")];
        let mut prints = vec!["1:0".to_string(), "4:0".to_string()];
        step.apply("a.md", &doc, &mut findings, &mut prints);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "r/new");
        assert_eq!(prints, ["4:0"]);
        let Outcome::Filtered(tally) = step.outcome() else {
            panic!("a filter")
        };
        assert_eq!((tally.matched, tally.new, tally.stale), (1, 1, 1));
        assert_eq!(tally.stale_entries[0].rule, "r/gone");
    }
}
