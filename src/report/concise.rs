//! `concise`: one line a finding, `path:line:col: severity rule message` (the shape of
//! compilers' and ruff's concise output, which editors' problem matchers and `grep` read),
//! a line per failing file naming why it fails, and the summary.

use super::{FileError, FileFormat, FileReport, Reporter, Summary, wording};
use crate::finding::Severity;
use std::io::{self, Write};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, Default)]
pub struct ConciseReporter {
    /// Colour the severity word (ANSI SGR).
    pub color: bool,
    /// Print info-severity findings too (they are counted either way).
    pub show_info: bool,
}

impl ConciseReporter {
    pub fn new(color: bool) -> ConciseReporter {
        ConciseReporter {
            color,
            show_info: true,
        }
    }
}

/// The severity word, in the colours of the human format's glyphs when asked.
fn severity(s: Severity, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    // red, yellow, cyan: SGR 31, 33, 36 (ECMA-48)
    let code = match s {
        Severity::Error => 31,
        Severity::Warning => 33,
        Severity::Info => 36,
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

impl FileFormat for ConciseReporter {
    fn format(&self, report: &FileReport, out: &mut Vec<u8>) -> io::Result<()> {
        for f in &report.findings {
            if f.severity == Severity::Info && !self.show_info {
                continue;
            }
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                report.path,
                f.line,
                f.column,
                severity(f.severity, self.color),
                f.rule,
                f.message
            )?;
        }
        if !report.valid {
            writeln!(out, "{}: {}", report.path, wording::verdict(report))?;
        }
        Ok(())
    }
}

impl Reporter for ConciseReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(*self)
    }

    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        // As the human format says it: the file could not be linted at all.
        writeln!(out, "{}: {error}", severity(Severity::Error, self.color))
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        writeln!(out, "{}: skipped: {}", s.path, s.reason)
    }

    /// One line per page a site finding involves, so that each is a location to jump to.
    fn site(&mut self, out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        for f in &site.findings {
            if f.severity == Severity::Info && !self.show_info {
                continue;
            }
            let severity = severity(f.severity, self.color);
            for p in &f.pages {
                match p.line {
                    Some(line) => writeln!(
                        out,
                        "{}:{line}:1: {severity} {} {}",
                        p.path, f.rule, f.message
                    )?,
                    None => writeln!(out, "{}: {severity} {} {}", p.path, f.rule, f.message)?,
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        wording::write_summary(out, s)
    }
}
