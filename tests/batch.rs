//! A batch of 1,000 generated files gives byte-identical JSON on 1 and 2 threads.

use assert_cmd::Command;
use std::fmt::Write;

fn article(i: usize) -> String {
    let mut s = format!(
        "---\ntitle: \"Article {i} about topic {}\"\ndate: 2026-0{}-1{}\n---\n# Article {i}\n\n",
        i % 17,
        1 + i % 9,
        i % 10
    );
    for section in 0..(i % 5) {
        let _ = write!(s, "## Section {section}\n\n");
        for p in 0..(1 + (i + section) % 3) {
            let _ = write!(
                s,
                "Paragraph {p} of section {section} in article {i} says {} things in order to test. \
                 It has a second sentence with {} words.\n\n",
                i * 7 % 13,
                (i + p) % 11
            );
        }
    }
    if i.is_multiple_of(3) {
        s.push_str("## Conclusion\n\nDone.\n");
    }
    if i.is_multiple_of(50) {
        s = "---\ntitle: [broken\n---\n".to_string();
    }
    s
}

#[test]
fn thousand_files_same_json_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        let sub = dir.path().join(format!("d{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("a{i:04}.md")), article(i)).unwrap();
    }
    let run = |jobs: &str| {
        Command::cargo_bin("contentlint")
            .unwrap()
            .args(["check", "--format", "json", "--jobs", jobs])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(
        one.status.code(),
        Some(2),
        "the broken files make it exit 2"
    );
    assert!(
        one.stdout == two.stdout,
        "JSON differs between 1 and 2 threads"
    );
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1000);
    assert_eq!(v["summary"]["errors"], 20);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files come out sorted by path");
}
