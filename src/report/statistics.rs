//! `--statistics`: how often each rule fired in a run, in how many files and at which
//! severities (ruff's flag of that name). Counted per file on the worker that linted it
//! ([`FileCounts`]), added up on the thread that writes the report ([`Statistics`]).

use super::FileReport;
use crate::finding::Severity;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One file's findings per rule and severity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileCounts(BTreeMap<(String, Severity), usize>);

impl FileCounts {
    pub fn of(report: &FileReport) -> FileCounts {
        let mut counts = BTreeMap::new();
        for f in &report.findings {
            *counts.entry((f.rule.clone(), f.severity)).or_insert(0) += 1;
        }
        FileCounts(counts)
    }
}

/// A rule's line of the table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub count: usize,
    /// `warning`, or every severity it fired at (`error/warning`: configured per file).
    pub severity: String,
    /// Files with at least one finding of the rule.
    pub files: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    count: usize,
    severities: Vec<Severity>,
    files: usize,
}

/// The run's findings per rule. Serialised (in the JSON summary, when asked for) as the
/// table's rows: most frequent rule first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    rules: BTreeMap<String, Tally>,
}

impl Statistics {
    /// Adds one file's counts.
    pub fn add(&mut self, file: &FileCounts) {
        let mut last: Option<&str> = None;
        for ((rule, severity), n) in &file.0 {
            let tally = self.rules.entry(rule.clone()).or_default();
            tally.count += n;
            if !tally.severities.contains(severity) {
                tally.severities.push(*severity);
                tally.severities.sort_by(|a, b| b.cmp(a));
            }
            // A rule at two severities in one file is still one file.
            if last != Some(rule.as_str()) {
                tally.files += 1;
            }
            last = Some(rule);
        }
    }

    /// Rows, most findings first, then by rule id.
    pub fn rows(&self) -> Vec<RuleCount> {
        let mut rows: Vec<RuleCount> = self
            .rules
            .iter()
            .map(|(rule, t)| RuleCount {
                rule: rule.clone(),
                count: t.count,
                severity: t
                    .severities
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("/"),
                files: t.files,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
        rows
    }

    /// The table: `rule  count  severity  files`, aligned, one rule a line; a line saying so
    /// when nothing fired.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let rows = self.rows();
        if rows.is_empty() {
            return writeln!(out, "no findings");
        }
        let rule_w = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0).max(4);
        let count_w = rows
            .iter()
            .map(|r| r.count.to_string().len())
            .max()
            .unwrap_or(0)
            .max(5);
        let sev_w = rows
            .iter()
            .map(|r| r.severity.len())
            .max()
            .unwrap_or(0)
            .max(8);
        writeln!(
            out,
            "{:rule_w$}  {:>count_w$}  {:sev_w$}  files",
            "rule", "count", "severity"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:rule_w$}  {:>count_w$}  {:sev_w$}  {:>5}",
                r.rule, r.count, r.severity, r.files
            )?;
        }
        Ok(())
    }
}

impl Serialize for Statistics {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rows().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(items: &[(&str, Severity, usize)]) -> FileCounts {
        FileCounts(
            items
                .iter()
                .map(|(r, s, n)| ((r.to_string(), *s), *n))
                .collect(),
        )
    }

    #[test]
    fn adds_counts_files_and_severities() {
        let mut s = Statistics::default();
        s.add(&counts(&[
            ("filler/generic-phrase", Severity::Warning, 3),
            ("structure/single-h1", Severity::Error, 1),
        ]));
        s.add(&counts(&[
            ("filler/generic-phrase", Severity::Warning, 2),
            // configured as an error in this file
            ("filler/generic-phrase", Severity::Error, 1),
        ]));
        let rows = s.rows();
        assert_eq!(
            rows,
            vec![
                RuleCount {
                    rule: "filler/generic-phrase".into(),
                    count: 6,
                    severity: "error/warning".into(),
                    files: 2,
                },
                RuleCount {
                    rule: "structure/single-h1".into(),
                    count: 1,
                    severity: "error".into(),
                    files: 1,
                },
            ]
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json[0]["rule"], "filler/generic-phrase");
        assert_eq!(json[0]["files"], 2);
    }

    #[test]
    fn table_is_aligned_most_frequent_first() {
        let mut s = Statistics::default();
        s.add(&counts(&[
            ("a/rare", Severity::Info, 1),
            ("b/often", Severity::Warning, 12),
        ]));
        let mut out = Vec::new();
        s.write_table(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "rule     count  severity  files\n\
             b/often     12  warning       1\n\
             a/rare       1  info          1\n"
        );
        let mut out = Vec::new();
        Statistics::default().write_table(&mut out).unwrap();
        assert_eq!(out, b"no findings\n");
    }
}
