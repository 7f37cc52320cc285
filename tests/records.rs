//! `check --input-format jsonl`: records in, one result per record out, in stream order.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

fn record(path: &str, text: &str) -> String {
    serde_json::json!({"path": path, "text": text}).to_string() + "\n"
}

fn lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The fixture articles of the repository, as (path relative to `fixtures/`, text).
fn fixture_articles() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(&root).unwrap().display().to_string();
                found.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn records_give_the_same_results_as_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let articles = fixture_articles();
    assert!(articles.len() > 50);
    let mut stream = String::new();
    let mut paths = Vec::new();
    for (rel, text) in &articles {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        stream.push_str(&record(rel, text));
        paths.push(rel.clone());
    }
    let common = [
        "check",
        "--format",
        "jsonl",
        "--today",
        "2026-06-01",
        "-j",
        "2",
    ];
    let files = contentlint()
        .current_dir(dir.path())
        .args(common)
        .args(&paths)
        .output()
        .unwrap();
    let records = contentlint()
        .current_dir(dir.path())
        .args(common)
        .args(["--input-format", "jsonl", "-"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(records.status.code(), files.status.code());
    let (files, records) = (lines(&files.stdout), lines(&records.stdout));
    assert_eq!(
        records.len(),
        articles.len() + 1,
        "one line a record and the summary"
    );
    assert_eq!(records, files);
}

#[test]
fn a_bad_record_is_an_error_in_its_place_and_the_stream_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let stream = format!(
        "{}{{\"path\": \"b.md\", \"text\": 3}}\n\n{}not json at all\n{}",
        record("a.md", "# A\n\ntext\n"),
        record("c.md", "# C\n\ntext\u{0}\n"),
        record("d.md", "# D\n\ntext\n"),
    );
    let out = contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "--input-format", "jsonl", "-"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let got = lines(&out.stdout);
    let kinds: Vec<(&str, &str)> = got
        .iter()
        .map(|l| {
            (
                l["type"].as_str().unwrap(),
                l["path"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("file", "a.md"),
            ("error", "standard input"),
            ("error", "c.md"),
            ("error", "standard input"),
            ("file", "d.md"),
            ("summary", ""),
        ]
    );
    let message = |i: usize| got[i]["message"].as_str().unwrap().to_string();
    assert!(
        message(1).starts_with("record 2: invalid type: integer `3`, expected a string"),
        "{}",
        message(1)
    );
    assert_eq!(got[1]["line"], 2);
    assert!(message(2).starts_with("binary file"), "{}", message(2));
    assert!(
        message(3).starts_with("record 5: not a JSON object"),
        "{}",
        message(3)
    );
    assert_eq!(got[5]["files"], 5);
    assert_eq!(got[5]["errors"], 3);
}

#[test]
fn a_stream_longer_than_a_chunk_keeps_its_order_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // More records than one chunk (512), so results cross chunk boundaries.
    let n = 1300;
    let stream: String = (0..n)
        .map(|i| {
            record(
                &format!("p{i}.md"),
                &format!("# Page {i}\n\nSome text {i}.\n"),
            )
        })
        .collect();
    let records = dir.path().join("records.jsonl");
    fs::write(&records, &stream).unwrap();
    let out = contentlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "-j",
            "2",
            "--input-format",
            "jsonl",
        ])
        .arg(&records)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..n).map(|i| format!("p{i}.md")).collect();
    assert_eq!(paths, expected);
    assert_eq!(json["summary"]["files"], n);
    // A records file that is not there is an error, not a panic.
    contentlint()
        .current_dir(dir.path())
        .args(["check", "--input-format", "jsonl", "missing.jsonl"])
        .assert()
        .code(2)
        .stdout(predicates::str::contains("cannot read the records"));
}
