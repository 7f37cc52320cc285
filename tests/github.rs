//! `check --format github`: annotations errors first, capped per kind, per file and in all,
//! with a last notice of what was left out; a file that fails on its score gets an error
//! annotation naming the reason; `GITHUB_STEP_SUMMARY` gets a Markdown job summary.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const SEED: &str = include_str!("../fixtures/seed.md");
const ARTICLE: &str = include_str!("../fixtures/article.md");

/// seed.md fails on its score alone (75 < 80), short.md on gates, article.md passes, bad.md
/// cannot be read.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("seed.md"), SEED).unwrap();
    fs::write(dir.path().join("short.md"), "# T\n\ntext\n").unwrap();
    fs::write(dir.path().join("article.md"), ARTICLE).unwrap();
    fs::write(dir.path().join("bad.md"), b"# T\n\n\xff text\n").unwrap();
    dir
}

const FILES: [&str; 4] = ["seed.md", "short.md", "article.md", "bad.md"];

fn check(dir: &Path, format: &str, args: &[&str], summary: Option<&Path>) -> (i32, String) {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--today", "2026-02-18", "--format", format])
        .args(args)
        .args(FILES);
    if let Some(path) = summary {
        cmd.env("GITHUB_STEP_SUMMARY", path);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn kind(line: &str) -> Option<usize> {
    ["::error ", "::warning ", "::notice "]
        .iter()
        .position(|p| line.starts_with(p))
}

/// The number in "N more annotations left out".
fn left_out(text: &str) -> usize {
    let at = text
        .find(" more annotations left out")
        .expect("a left-out notice");
    let start = text[..at].rfind("::").unwrap() + 2;
    text[start..at].parse().unwrap()
}

#[test]
fn errors_first_capped_with_the_rest_counted_and_the_score_failure_annotated() {
    let dir = site();
    let (code, text) = check(dir.path(), "github", &[], None);
    assert_eq!(code, 2, "bad.md cannot be read");
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    let kinds: Vec<usize> = annotations.iter().map(|l| kind(l).unwrap()).collect();
    assert!(
        kinds.is_sorted(),
        "errors, then warnings, then notices:\n{text}"
    );
    for k in 0..3 {
        assert!(kinds.iter().filter(|&&x| x == k).count() <= 10, "{text}");
    }
    // The score failure, named, on seed.md (no finding of it is an error).
    assert!(
        annotations.contains(
            &"::error file=seed.md,line=1,title=contentlint%3A file fails::The file fails: score 75 < min-score 80"
        ),
        "{text}"
    );
    assert!(
        annotations
            .iter()
            .any(|l| l.starts_with("::error file=short.md,line=1,")
                && l.contains("hard gate structure/min-h2")),
        "{text}"
    );
    assert!(
        annotations
            .iter()
            .any(|l| l.starts_with("::error file=bad.md,") && l.contains("UTF-8")),
        "{text}"
    );

    // Every finding, verdict and unreadable file is shown or counted as left out.
    let (_, json) = check(dir.path(), "json", &[], None);
    let report: Value = serde_json::from_str(&json).unwrap();
    let mut all = report["errors"].as_array().unwrap().len();
    for file in report["files"].as_array().unwrap() {
        all += file["violations"].as_array().unwrap().len()
            + file["warnings"].as_array().unwrap().len();
        let verdict = file["score"].as_u64().unwrap() < 80
            || !file["hard_gates"].as_array().unwrap().is_empty();
        all += usize::from(verdict);
    }
    let last = annotations.last().unwrap();
    assert!(last.starts_with("::notice title=contentlint::"), "{last}");
    assert_eq!(left_out(last) + annotations.len() - 1, all, "{text}");
    let mean = &report["summary"]["mean_score"];
    assert!(
        text.ends_with(&format!(
            "contentlint: 4 files, 1 passed, 2 failed, 1 could not be linted, mean score {mean}\n"
        )),
        "{text}"
    );
}

#[test]
fn caps_come_from_the_output_section_and_the_flags_win() {
    let dir = site();
    fs::write(
        dir.path().join("contentlint.toml"),
        "[output]\ngithub_max_per_type = 3\ngithub_max_per_file = 100\n",
    )
    .unwrap();
    let (_, text) = check(dir.path(), "github", &["--github-max-per-file", "2"], None);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    let count = |k| annotations.iter().filter(|l| kind(l) == Some(k)).count();
    // Two a file, errors first: bad.md's error, seed.md's verdict and a warning, short.md's
    // verdict and a gate error, article.md's one warning; three errors fit. Then only the
    // notice of what was left out.
    assert_eq!((count(0), count(1), count(2)), (3, 2, 1), "{text}");
    for file in ["seed.md", "short.md", "article.md"] {
        let n = annotations
            .iter()
            .filter(|l| l.contains(&format!(" file={file},")))
            .count();
        assert!(n <= 2, "{file}: {n}\n{text}");
    }
    let (_, text) = check(dir.path(), "github", &["--github-max-total", "1"], None);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 1, "only the notice fits:\n{text}");
    assert!(annotations[0].contains("more annotations left out"));
}

#[test]
fn job_summary_is_appended_to_the_step_summary_file() {
    let dir = site();
    let summary = dir.path().join("step-summary.md");
    fs::write(&summary, "## An earlier step\n\n").unwrap();
    let (_, text) = check(dir.path(), "github", &[], Some(&summary));
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with(
        "## An earlier step\n\n## contentlint: 2 of 3 files failed, 1 could not be linted\n"
    ));
    let shown = text.lines().filter(|l| l.starts_with("::")).count();
    assert!(
        md.contains(&format!("Annotations: {shown} shown, ")),
        "{md}"
    );
    insta::assert_snapshot!("github_job_summary", md);

    // Outside GitHub Actions (no variable) nothing is written.
    let before = fs::read_to_string(&summary).unwrap();
    check(dir.path(), "github", &[], None);
    assert_eq!(fs::read_to_string(&summary).unwrap(), before);
}
