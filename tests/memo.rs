//! The language server's memos (`contentlint::text::memo`) are invisible in results: every
//! fixture lints to the same report with them as without, and again once they are filled.
//! A test binary of its own, because enabling the memos is for the whole process.
//!
//! `CONTENTLINT_MEMO_TEST_DIRS` (directories separated by `:`) adds the Markdown files under
//! them: real sites, which are not in the repository, checked by hand before a change to a
//! memo lands.

use contentlint::config::ConfigResolver;
use contentlint::engine::{LintOptions, Linter};
mod support;

use std::path::{Path, PathBuf};
use support::markdown_files;

/// Each fixture's report as JSON (a file that cannot be linted: its error).
fn reports(linter: &Linter, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            match linter.lint_source(path, source) {
                Ok(report) => serde_json::to_string(&report).unwrap(),
                Err(e) => format!("{e:?}"),
            }
        })
        .collect()
}

#[test]
fn memos_change_no_report() {
    let mut files = Vec::new();
    markdown_files(Path::new("fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 100, "{} fixtures", files.len());
    for dir in std::env::var("CONTENTLINT_MEMO_TEST_DIRS")
        .unwrap_or_default()
        .split(':')
        .filter(|d| !d.is_empty())
    {
        markdown_files(Path::new(dir), &mut files);
    }
    let options = LintOptions {
        today: Some("2026-12-01".parse().unwrap()),
        ..LintOptions::default()
    };
    let linter = Linter::new(ConfigResolver::default(), options);
    let without = reports(&linter, &files);
    contentlint::text::memo::enable();
    let filling = reports(&linter, &files);
    let filled = reports(&linter, &files);
    for ((path, a), (b, c)) in files.iter().zip(&without).zip(filling.iter().zip(&filled)) {
        assert_eq!(a, b, "{}: memos being filled", path.display());
        assert_eq!(a, c, "{}: memos filled", path.display());
    }
}
