//! `scripts/precision.sh` (the counting part of docs/precision.md) run on the evaluation set
//! with this build's binary: the counts match the report, samples are capped, spread over
//! files and reproducible (seed 7).

use std::path::Path;
use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(out: &Path) -> String {
    let output = Command::new("bash")
        .arg("scripts/precision.sh")
        .arg("tests/eval/articles")
        .arg("")
        .arg(out)
        .env("CONTENTLINT_BIN", env!("CARGO_BIN_EXE_contentlint"))
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "precision.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn precision_script_counts_and_samples() {
    if !have("bash") || !have("python3") {
        eprintln!("skipped: scripts/precision.sh needs bash and python3");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let printed = run(dir.path());
    let articles = std::fs::read_dir("tests/eval/articles").unwrap().count();
    assert!(
        printed.contains(&format!("- files linted: {articles}\n")),
        "{printed}"
    );
    assert!(
        printed.contains("| 90-100 |"),
        "histogram by 10s: {printed}"
    );

    // Per-rule counts agree with the raw report.
    let report = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    let mut llm = 0;
    for line in report.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in ["violations", "warnings"] {
            for f in v[key].as_array().into_iter().flatten() {
                if f["rule"] == "filler/llm-artifact" {
                    llm += 1;
                }
            }
        }
    }
    assert!(llm > 0);
    // The row: | rule | severities (e.g. "error/warning") | findings | files | ... |
    let row = printed
        .lines()
        .find(|l| l.starts_with("| filler/llm-artifact |"))
        .unwrap_or_else(|| panic!("no llm-artifact row: {printed}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[3], llm.to_string(), "{row}");

    // Samples: one section per firing rule, at most 20 items, each with path:line and source.
    let samples = std::fs::read_to_string(dir.path().join("samples.md")).unwrap();
    for section in samples.split("\n## ").skip(1) {
        let items = section.matches("\n- [ ] `").count();
        assert!((1..=20).contains(&items), "{section}");
        assert_eq!(section.matches("\n  > ").count(), items, "{section}");
    }
    assert!(samples.contains("`tests/eval/articles/wedding-budget-checklist.md:"));

    // Fixed seed: the same sample twice.
    let again = tempfile::tempdir().unwrap();
    run(again.path());
    assert_eq!(
        samples,
        std::fs::read_to_string(again.path().join("samples.md")).unwrap()
    );
}
