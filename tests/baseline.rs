//! `check --write-baseline` and `check --baseline` end to end (issue 9 item 2).

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const GOOD: &str = include_str!("../fixtures/article.md");

/// An article with three wordy phrases (each a finding with a fix) and some SEO findings.
const CACHING: &str = r#"---
title: "Caching Static Pages"
description: "How we cache static pages at the edge: what the headers say, how long pages live, and how a deploy clears the cache for the pages it changed."
keyword: "cache"
date: 2026-03-02
---
# Caching Static Pages

We cache every page at the edge in order to keep the origin idle. The cache holds pages for a day.

## Headers

Each response sends a cache header. Due to the fact that pages change rarely, a day is enough.

## Deploys

A deploy clears the cache for the pages it changed. We do this in order to show new text at once.

## Conclusion

The cache keeps the origin idle and pages fast.
"#;

fn contentlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = contentlint(dir)
        .args(["check", "--format", "json", "--today", "2026-03-02"])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), v)
}

/// (rule, line, message) of every finding a file report lists.
fn findings(file: &Value) -> Vec<(String, u64, String)> {
    let mut all: Vec<(String, u64, String)> = ["violations", "warnings"]
        .iter()
        .flat_map(|k| file[k].as_array().unwrap().iter())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("site/blog")).unwrap();
    fs::write(dir.path().join("site/a.md"), GOOD).unwrap();
    fs::write(dir.path().join("site/blog/caching.md"), CACHING).unwrap();
    dir
}

#[test]
fn edits_elsewhere_keep_matches_an_edited_finding_is_new_and_a_fixed_one_is_stale() {
    let dir = site();
    let root = dir.path();
    let (_, before) = json(root, &["site"]);
    let total: usize = before["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| findings(f).len())
        .sum();
    assert!(total >= 5, "the fixture has findings to baseline: {before}");
    let line_in_a = findings(&before["files"][0])[0].1;

    let out = contentlint(root)
        .args(["check", "--today", "2026-03-02", "site", "--write-baseline"])
        .arg("baseline.jsonl")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a written baseline is a success"
    );
    let text = fs::read_to_string(root.join("baseline.jsonl")).unwrap();
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), total, "every finding is recorded: {text}");
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("path"), s("rule"), s("fingerprint"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by path, rule, fingerprint");
    assert!(
        keys.iter()
            .all(|k| k.0 == "site/a.md" || k.0 == "site/blog/caching.md")
    );
    assert!(
        entries
            .iter()
            .all(|e| e["line"].as_u64().unwrap() > 0 && e["message"].is_string())
    );

    // Unchanged: everything matches, nothing is reported, nothing is stale.
    let (code, v) = json(root, &["site", "--baseline", "baseline.jsonl"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["baseline"]["matched"], total);
    assert_eq!(v["baseline"]["new"], 0);
    assert_eq!(v["baseline"]["stale"], 0);

    // 20 lines at the top of one file (an editorial note after its front matter) ...
    let a = root.join("site/a.md");
    let original = fs::read_to_string(&a).unwrap();
    let body = original.find("\n---\n").unwrap() + 5;
    let note: String = std::iter::once("<!--\n".to_string())
        .chain((1..=18).map(|n| format!("Editorial note {n}: reviewed by the docs team.\n")))
        .chain(std::iter::once("-->\n".to_string()))
        .collect();
    assert_eq!(note.lines().count(), 20);
    fs::write(
        &a,
        format!("{}{note}{}", &original[..body], &original[body..]),
    )
    .unwrap();
    // ... and in another file the sentence of one finding edited, another finding fixed.
    let c = root.join("site/blog/caching.md");
    let edited = CACHING
        .replace(
            "We do this in order to show new text at once.",
            "We do this in order to show the new pages at once.",
        )
        .replace("Due to the fact that pages", "Since pages");
    fs::write(&c, edited).unwrap();

    let (_, unfiltered) = json(root, &["site"]);
    assert_eq!(
        findings(&unfiltered["files"][0])[0].1,
        line_in_a + 20,
        "the finding in a.md moved down 20 lines"
    );
    let (code, v) = json(root, &["site", "--baseline", "baseline.jsonl"]);
    assert_eq!(code, Some(0), "{v}");
    assert!(findings(&v["files"][0]).is_empty(), "{}", v["files"][0]);
    assert_eq!(
        findings(&v["files"][1]),
        [(
            "clarity/wordy-phrase".to_string(),
            17,
            "Wordy: \"in order to\"".to_string()
        )],
        "only the edited finding is new"
    );
    let b = &v["baseline"];
    assert_eq!(b["new"], 1);
    assert_eq!(b["matched"], total - 2, "{b}");
    assert_eq!(b["stale"], 2, "{b}");
    let stale: Vec<&str> = b["stale_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        stale,
        ["Wordy: \"in order to\"", "Wordy: \"Due to the fact that\""],
        "the old form of the edited finding and the fixed one are stale: {b}"
    );

    // The human report says the same, briefly.
    let out = contentlint(root)
        .args([
            "check",
            "--today",
            "2026-03-02",
            "site",
            "--baseline",
            "baseline.jsonl",
        ])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains(&format!("{} matched, 1 new, 2 stale", total - 2)),
        "{human}"
    );
    assert!(
        human.contains("stale: site/blog/caching.md:13 clarity/wordy-phrase"),
        "{human}"
    );
}

#[test]
fn baselined_findings_cost_nothing_and_stale_entries_are_only_judged_for_linted_files() {
    let dir = site();
    let root = dir.path();
    contentlint(root)
        .args(["check", "site", "--write-baseline", "b.jsonl"])
        .assert()
        .code(0);
    let (_, plain) = json(root, &["site/blog/caching.md"]);
    let (_, based) = json(root, &["site/blog/caching.md", "--baseline", "b.jsonl"]);
    let plain_score = plain["files"][0]["score"].as_u64().unwrap();
    assert!(plain_score < 100, "{plain}");
    assert_eq!(
        based["files"][0]["score"], 100,
        "baselined findings cost nothing"
    );
    assert_eq!(based["files"][0]["seo"]["seo_score"], 100);
    // a.md was not linted: its entries are neither matched nor stale.
    assert_eq!(based["baseline"]["stale"], 0, "{}", based["baseline"]);
}

#[test]
fn a_malformed_baseline_is_a_clear_error_with_file_and_line() {
    let dir = site();
    let root = dir.path();
    fs::write(
        root.join("bad.jsonl"),
        "{\"path\":\"site/a.md\",\"rule\":\"r/x\",\"fingerprint\":\"00:0\"}\n{\"path\":\"site/a.md\"\n",
    )
    .unwrap();
    let out = contentlint(root)
        .args(["check", "site", "--baseline", "bad.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:2: not a baseline entry"), "{err}");
    assert!(err.contains("--write-baseline"), "{err}");
    let out = contentlint(root)
        .args(["check", "site", "--baseline", "missing.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.jsonl: cannot read it"));
}

#[test]
fn jsonl_gets_a_baseline_line_before_the_summary() {
    let dir = site();
    let root = dir.path();
    contentlint(root)
        .args(["check", "site", "--write-baseline", "b.jsonl"])
        .assert()
        .code(0);
    let out = contentlint(root)
        .args([
            "check",
            "site",
            "--format",
            "jsonl",
            "--baseline",
            "b.jsonl",
        ])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = lines.len();
    assert_eq!(lines[n - 2]["type"], "baseline");
    assert_eq!(lines[n - 2]["new"], 0);
    assert_eq!(lines[n - 1]["type"], "summary");
}
