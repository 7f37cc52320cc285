//! `github`: GitHub Actions workflow commands, so findings show as annotations on the pull
//! request (`::error file=...,line=...::message`).

use super::{FileError, FileFormat, FileReport, Reporter, Summary};
use crate::finding::Severity;
use std::io::{self, Write};
use std::sync::Arc;

#[derive(Default)]
pub struct GithubReporter;

/// Escape a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl FileFormat for GithubReporter {
    fn format(&self, report: &FileReport, out: &mut Vec<u8>) -> io::Result<()> {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message = format!("{message}. {help}");
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&report.path),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                escape_property(&format!("{} ({})", f.rule, f.dimension)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

impl Reporter for GithubReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(GithubReporter)
    }

    fn formatted(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)
    }

    fn error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        let line = error.line.map(|l| format!(",line={l}")).unwrap_or_default();
        writeln!(
            out,
            "::error file={}{line},title=contentlint::{}",
            escape_property(&error.path),
            escape_data(&error.message)
        )
    }

    fn skipped(&mut self, out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        writeln!(
            out,
            "::notice file={},title=contentlint::skipped: {}",
            escape_property(&s.path),
            escape_data(&s.reason)
        )
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "contentlint: {} files, {} passed, {} failed, {} could not be linted, mean score {}",
            s.files, s.passed, s.failed, s.errors, s.mean_score
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
