//! The binary end to end: formats, exit codes, stdin, bad input, configuration.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const GOOD: &str = include_str!("../fixtures/article.md");

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON")
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn passing_file_exits_0_and_failing_file_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", GOOD);
    write(dir.path(), "bad.md", "# Only a title\n\nText.\n");
    contentlint()
        .arg("check")
        .arg(dir.path().join("good.md"))
        .assert()
        .code(0);
    contentlint()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("structure/min-h2"))
        .stdout(predicate::str::contains("2 files: 1 passed, 1 failed"));
}

#[test]
fn json_report_has_every_documented_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", GOOD);
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(v["version"], 1);
    let file = &v["files"][0];
    for key in [
        "path",
        "valid",
        "score",
        "revision_count",
        "reference_date",
        "reference_date_source",
        "rubric",
        "hard_gates",
        "violations",
        "warnings",
        "seo",
        "stats",
    ] {
        assert!(file.get(key).is_some(), "missing {key}");
    }
    for key in ["overall_score", "dimensions"] {
        assert!(file["rubric"].get(key).is_some(), "missing rubric.{key}");
    }
    for dim in [
        "temporal_correctness",
        "factual_consistency",
        "web_structure",
        "persona_style",
        "clarity",
    ] {
        assert!(file["rubric"]["dimensions"][dim].is_u64(), "missing {dim}");
    }
    for key in [
        "seo_score",
        "primary_keyword",
        "primary_keyword_source",
        "keyword_count",
        "keyword_density",
        "word_count",
        "heading_count",
        "meta_description_length",
        "title_length",
        "images_total",
        "images_optimized",
        "recommendations",
    ] {
        assert!(file["seo"].get(key).is_some(), "missing seo.{key}");
    }
    for key in [
        "sentences",
        "paragraphs",
        "reading_time_minutes",
        "flesch_reading_ease",
    ] {
        assert!(file["stats"].get(key).is_some(), "missing stats.{key}");
    }
    assert_eq!(v["errors"], serde_json::json!([]));
    for key in ["files", "passed", "failed", "errors", "mean_score"] {
        assert!(v["summary"].get(key).is_some(), "missing summary.{key}");
    }
}

#[test]
fn finding_shape_and_positions_in_a_crlf_file_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\r\ntitle: T\r\ndate: 2026-01-01\r\n---\r\n# T\r\n\r\n## A\r\n\r\nText.\r\n\r\n#### Deep\r\n\r\nMore.\r\n";
    write(dir.path(), "crlf.md", text);
    let out = contentlint()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "structure/heading-increment",
        ])
        .arg(dir.path().join("crlf.md"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let f = &v["files"][0]["warnings"][0];
    assert_eq!(f["rule"], "structure/heading-increment");
    assert_eq!(f["line"], 11);
    assert_eq!(f["column"], 1);
    assert_eq!(f["end_line"], 11);
    assert_eq!(f["end_column"], 10);
    let offset = f["offset"].as_u64().unwrap() as usize;
    let length = f["length"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + length], "#### Deep");
    for key in ["severity", "dimension", "message", "help", "cost"] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn jsonl_streams_one_line_per_file_then_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", GOOD);
    write(dir.path(), "b.md", GOOD);
    let out = contentlint()
        .args(["check", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["type"], "file");
    assert!(lines[0]["path"].as_str().unwrap().ends_with("a.md"));
    assert!(lines[1]["path"].as_str().unwrap().ends_with("b.md"));
    assert_eq!(lines[2]["type"], "summary");
    assert_eq!(lines[2]["files"], 2);
}

#[test]
fn stdin_with_a_filename() {
    contentlint()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "posts/new.md",
            "-",
        ])
        .write_stdin(GOOD)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"path\": \"posts/new.md\""));
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "1-good.md", GOOD);
    write(d, "2-utf8.md", b"# Title\n\ncaf\xe9\n".as_slice());
    write(d, "3-frontmatter.md", "---\ntitle: [unclosed\n---\n# T\n");
    write(
        d,
        "4-binary.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00".as_slice(),
    );
    write(d, "5-empty.md", "");
    write(d, "6-unclosed.md", "---\ntitle: x\n# T\n");
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(d)
        .arg(d.join("missing.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out.stdout);
    let errors: Vec<(String, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let p = e["path"].as_str().unwrap();
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            (name, e["message"].as_str().unwrap().to_string())
        })
        .collect();
    let msg = |name: &str| {
        errors
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no error for {name}: {errors:?}"))
            .1
            .clone()
    };
    assert!(msg("missing.md").contains("no such file"));
    assert!(msg("2-utf8.md").contains("invalid UTF-8 at byte 12 (line 3)"));
    assert!(msg("3-frontmatter.md").contains("invalid YAML front matter"));
    assert!(msg("4-binary.md").contains("binary file"));
    assert!(msg("6-unclosed.md").contains("never closed"));
    // the good file was linted; the empty one, found by the walk, is skipped with a note
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(
        v["skipped"][0]["path"],
        d.join("5-empty.md").display().to_string()
    );
    assert_eq!(v["skipped"][0]["reason"], "empty file");
    assert_eq!(v["summary"]["errors"], 5);
    // named on the command line, the empty file is linted and fails the structure rules
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(d.join("5-empty.md"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert!(
        v["files"][0]["hard_gates"]
            .as_array()
            .unwrap()
            .contains(&"structure/single-h1".into())
    );
}

#[test]
fn gitignore_is_respected_and_only_markdown_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".gitignore", "drafts/\n");
    write(d, "a.md", GOOD);
    write(d, "b.markdown", GOOD);
    write(d, "notes.txt", "not markdown");
    write(d, "drafts/c.md", "# ignored");
    let out = contentlint()
        .args(["check", "--format", "jsonl"])
        .arg(d)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.md") && text.contains("b.markdown"));
    assert!(!text.contains("c.md") && !text.contains("notes.txt"));
}

#[test]
fn config_is_found_by_walking_up_and_can_turn_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "contentlint.toml",
        "[rules]\n\"structure/min-h2\" = \"off\"\n\"structure/conclusion\" = \"warning\"\n",
    );
    write(d, "deep/er/a.md", "# Title\n\nText.\n");
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(d.join("deep/er/a.md"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let file = &v["files"][0];
    let text = file.to_string();
    assert!(!text.contains("structure/min-h2"));
    assert_eq!(
        file["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "structure/conclusion")
            .count(),
        1
    );
    assert_eq!(file["valid"], true, "{file}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bad_config_is_exit_2_with_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contentlint.toml", "[seo]\ntitle_maximum = 3\n");
    write(dir.path(), "a.md", GOOD);
    contentlint()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("contentlint.toml")
                .and(predicate::str::contains("title_maximum")),
        );
    contentlint()
        .args(["check", "--config", "/nonexistent/contentlint.toml"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read configuration"));
    contentlint()
        .args(["check", "--today", "tomorrow", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn min_score_fails_a_file_that_otherwise_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        GOOD.replace(
            "We measured that cost before we moved.",
            "In order to decide, we measured that cost in order to move.",
        ),
    );
    contentlint().arg("check").arg(dir.path()).assert().code(0);
    // the wordy phrases cost a little: below 100, above the default 80
    contentlint()
        .args(["check", "--min-score", "100"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn today_keyword_select_and_ignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", GOOD.replace("date: 2026-03-02\n", ""));
    let out = contentlint()
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2027-01-05",
            "--keyword",
            "Zola",
            "--ignore",
            "seo/keyword-in-title,structure",
        ])
        .arg(dir.path().join("a.md"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let f = &v["files"][0];
    assert_eq!(f["reference_date"], "2027-01-05");
    assert_eq!(f["reference_date_source"], "cli");
    assert_eq!(f["seo"]["primary_keyword"], "Zola");
    assert_eq!(f["seo"]["primary_keyword_source"], "cli");
    let text = f.to_string();
    assert!(!text.contains("seo/keyword-in-title") && !text.contains("\"structure/"));
    assert!(text.contains("seo/keyword-in-meta-description"));
}

#[test]
fn rules_and_explain() {
    contentlint().arg("rules").assert().code(0).stdout(
        predicate::str::contains("structure/single-h1")
            .and(predicate::str::contains("web_structure")),
    );
    contentlint()
        .args(["explain", "structure/conclusion"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("final thoughts"));
    contentlint()
        .args(["explain", "structure/nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule `structure/nope`"));
}

#[test]
fn sarif_and_github_formats() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# T\n\ntext\n");
    let out = contentlint()
        .args(["check", "--format", "sarif"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "contentlint");
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() >= 10);
    let r = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "structure/min-h2")
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );

    let out = contentlint()
        .args(["check", "--format", "github"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("::error file=")
            && l.contains("line=1,col=1")
            && l.contains("title=structure/min-h2 (web_structure)::")),
        "{text}"
    );
}

#[test]
fn description_length_counts_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // 160 user-perceived characters, many of them multi-byte: accents (precomposed and
    // combining), emoji with a skin tone, CJK.
    let unit = "Café naïve résumé 👍🏽 e\u{301}tude 日本 ";
    let mut description = String::new();
    while description.chars().count() < 400 {
        description.push_str(unit);
    }
    let description: String = unicode_prefix(&description, 160);
    assert!(
        description.len() > 200,
        "multi-byte: {} bytes",
        description.len()
    );
    let text = GOOD.replace(
        "description: \"A practical comparison of static site generators for small teams: build times, templating, hosting costs and the migration steps we measured.\"",
        &format!("description: \"{description}\""),
    );
    write(dir.path(), "a.md", text);
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(v["files"][0]["seo"]["meta_description_length"], 160);
    assert!(!v.to_string().contains("seo/meta-description-length"));
}

/// The first `n` grapheme clusters of `s`.
fn unicode_prefix(s: &str, n: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).take(n).collect()
}

#[test]
fn every_finding_position_is_right_in_a_crlf_file_with_front_matter() {
    let seed = include_str!("../fixtures/seed.md").replace('\n', "\r\n")
        + "\r\n## Extra\r\n\r\n#### Skipped level with café\r\n\r\nSome text in order to test.\r\n";
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seed-crlf.md", &seed);
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let file = &v["files"][0];
    let findings: Vec<&serde_json::Value> = ["violations", "warnings"]
        .iter()
        .flat_map(|k| file[k].as_array().unwrap())
        .collect();
    assert!(findings.len() >= 5, "{findings:?}");
    for f in findings {
        let offset = f["offset"].as_u64().unwrap() as usize;
        let end = offset + f["length"].as_u64().unwrap() as usize;
        let (line, column) = line_col(&seed, offset);
        let (end_line, end_column) = line_col(&seed, end);
        assert_eq!(
            (
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize
            ),
            (line, column),
            "{f}"
        );
        assert_eq!(
            (
                f["end_line"].as_u64().unwrap() as usize,
                f["end_column"].as_u64().unwrap() as usize
            ),
            (end_line, end_column),
            "{f}"
        );
        assert!(
            !seed[offset..end].contains('\r') || seed[offset..end].contains("\r\n"),
            "a range never splits CRLF: {f}"
        );
    }
}

/// Line and column (1-based, in characters, CR not counted) computed independently.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset]
        .trim_end_matches('\r')
        .chars()
        .count()
        + 1;
    (line, column)
}

#[test]
fn packs_from_config_directories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "contentlint.toml", "[packs]\ndirs = [\"house\"]\n");
    write(
        d,
        "house/links.toml",
        r#"[pack]
name = "house"

[[rule]]
id = "house/click-here"
kind = "existence"
dimension = "persona_style"
severity = "error"
summary = "Links do not say click here"
doc = "Name the target."
message = "Avoid \"{match}\""
phrases = ["click here"]
examples = { fire = ["Click here now."], pass = ["Read the guide."] }
"#,
    );
    write(
        d,
        "a.md",
        GOOD.replace("We picked Zola.", "We picked Zola. Click here for details."),
    );
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(d.join("a.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    assert_eq!(v["files"][0]["violations"][0]["rule"], "house/click-here");
    assert_eq!(
        v["files"][0]["violations"][0]["message"],
        "Avoid \"Click here\""
    );
    contentlint()
        .args(["explain", "house/click-here", "--config"])
        .arg(d.join("contentlint.toml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Name the target."));
    // a broken pack is a configuration error naming the file and the rule
    write(
        d,
        "house/links.toml",
        "[pack]\nname = \"house\"\n[[rule]]\nid = \"house/x\"\nkind = \"existence\"\n",
    );
    contentlint()
        .args(["check"])
        .arg(d.join("a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("links.toml"));
}

#[test]
fn html_report_lists_files_findings_and_errors_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# One\n\n# Two <i & \"q\"\n\ntext\n");
    write(dir.path(), "b.md", b"\xff".as_slice());
    let out = contentlint()
        .args(["check", "--format", "html"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("2 pages:"));
    assert!(html.contains("structure/min-h2"));
    // The page's text is in the embedded JSON, with `<` escaped (the script sets it as text).
    assert!(html.contains(r#"Two \u003ci & \"q\""#), "{html}");
    assert!(!html.contains("<i &"));
    assert!(html.contains("invalid UTF-8"));
}
