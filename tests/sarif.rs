//! `check --format sarif` against the official SARIF 2.1.0 JSON schema (vendored in
//! `tests/data/`, see its README) and the checks GitHub code scanning adds: unique rules with
//! help, relative percent-encoded URIs, fingerprints that survive line shifts, fixes, and
//! unreadable files as notifications.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::HashSet;
use std::fs;
use std::path::Path;

const SCHEMA: &str = include_str!("data/sarif-schema-2.1.0.json");

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn schema_errors(log: &Value) -> Vec<String> {
    let mut schema: Value = serde_json::from_str(SCHEMA).unwrap();
    // The schema's `language` patterns end in a stray `]` (`...{2}]?$`): ECMA-262 (Annex B)
    // reads it as a literal `]`, the validator's check of the schema rejects it. Escaping it
    // here, in memory, means the same; the vendored file stays as published.
    let mut escaped = 0;
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        if pattern == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
            *pattern = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$".into();
            escaped += 1;
        }
    }
    assert_eq!(
        escaped, 2,
        "the vendored schema changed: revisit this workaround"
    );
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// RFC 3986 percent-decoding, to check that a URI names the file it came from.
fn decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The byte offset of a 1-based line and column (in characters) of `text`.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    start
        + text[start..]
            .char_indices()
            .nth(column as usize - 1)
            .map_or(text.len() - start, |(i, _)| i)
}

const ARTICLE: &str = "# Title\n\n### Deep heading\n\nWe write in order to explain.\n";

#[test]
fn sarif_validates_against_the_official_schema_with_odd_names_fixes_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let outside_file = outside.path().canonicalize().unwrap().join("outside x.md");
    fs::write(&outside_file, ARTICLE).unwrap();
    for name in ["a b.md", "docs/#1 100%.md", "é.md"] {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, ARTICLE).unwrap();
    }
    fs::write(root.join("bad.md"), b"# T\n\n\xff\xfe text\n").unwrap();
    // A minimum this high fails every file on its score too.
    let log = sarif(
        &root,
        &["--min-score", "99", ".", outside_file.to_str().unwrap()],
    );

    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let mut ids = HashSet::new();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(ids.insert(id), "{id} is in driver.rules twice");
        for key in ["text", "markdown"] {
            let help = rule["help"][key].as_str().unwrap_or_default();
            assert!(!help.trim().is_empty(), "{id} has no help.{key}");
        }
        assert!(rule["shortDescription"]["text"].is_string(), "{id}");
        assert!(rule["fullDescription"]["text"].is_string(), "{id}");
        assert!(
            !rule["properties"]["tags"].as_array().unwrap().is_empty(),
            "{id}"
        );
    }
    // Tone profiles each define these: one rule each all the same.
    assert!(ids.contains("style/exclamation") && ids.contains("style/first-person"));

    // %SRCROOT% is the current directory; inputs inside it are relative to it.
    let srcroot = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(srcroot.starts_with("file:///") && srcroot.ends_with('/'));
    assert_eq!(
        decode(&srcroot["file://".len()..]),
        format!("{}/", root.display())
    );

    let results = run["results"].as_array().unwrap();
    let mut uris = HashSet::new();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(
            r["partialFingerprints"]["contentlint/v1"].is_string(),
            "{r}"
        );
        let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = location["uri"].as_str().unwrap().to_string();
        if location["uriBaseId"] == "%SRCROOT%" {
            assert!(root.join(decode(&uri)).is_file(), "{uri}");
        } else {
            assert!(uri.starts_with("file:///"), "{uri}");
            assert!(
                Path::new(&decode(&uri["file://".len()..])).is_file(),
                "{uri}"
            );
        }
        assert!(!uri.contains(' ') && !uri.contains('#'), "{uri}");
        uris.insert(uri);
    }
    for expected in ["a%20b.md", "docs/%231%20100%25.md", "%C3%A9.md"] {
        assert!(uris.contains(expected), "{expected} not in {uris:?}");
    }
    assert!(
        uris.iter()
            .any(|u| u.starts_with("file:///") && u.ends_with("/outside%20x.md")),
        "{uris:?}"
    );

    // Safe fixes: applying each replacement by its line/column region gives the fixed text.
    let in_a =
        |r: &&Value| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.md";
    for (rule, fixed) in [
        (
            "clarity/wordy-phrase",
            "# Title\n\n### Deep heading\n\nWe write to explain.\n",
        ),
        (
            "structure/heading-increment",
            "# Title\n\n## Deep heading\n\nWe write in order to explain.\n",
        ),
    ] {
        let r = results
            .iter()
            .filter(in_a)
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} result"));
        let change = &r["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "a%20b.md");
        let replacement = &change["replacements"][0];
        let region = &replacement["deletedRegion"];
        let start = offset(
            ARTICLE,
            region["startLine"].as_u64().unwrap(),
            region["startColumn"].as_u64().unwrap(),
        );
        let end = offset(
            ARTICLE,
            region["endLine"].as_u64().unwrap(),
            region["endColumn"].as_u64().unwrap(),
        );
        let inserted = replacement["insertedContent"]["text"].as_str().unwrap();
        assert_eq!(
            format!("{}{inserted}{}", &ARTICLE[..start], &ARTICLE[end..]),
            fixed
        );
    }

    // A file that fails its gates and score says so in results of its own.
    let verdicts: Vec<&Value> = results
        .iter()
        .filter(in_a)
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("contentlint/"))
        .collect();
    assert!(
        verdicts
            .iter()
            .any(|r| r["ruleId"] == "contentlint/min-score"
                && r["message"]["text"]
                    .as_str()
                    .unwrap()
                    .contains("< min-score 99")),
        "{verdicts:#?}"
    );
    assert!(
        verdicts
            .iter()
            .any(|r| r["ruleId"] == "contentlint/hard-gate"
                && r["message"]["text"]
                    .as_str()
                    .unwrap()
                    .contains("hard gate structure/")),
        "{verdicts:#?}"
    );

    // The file that cannot be read is a tool notification, not a result.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["level"] == "error"
            && n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.md"
            && n["message"]["text"].as_str().unwrap().contains("UTF-8")),
        "{notes:#?}"
    );
    assert!(!uris.contains("bad.md"));
}

#[test]
fn the_schema_check_catches_what_code_scanning_rejects() {
    // The validator is strict enough to matter: an unencoded space in a URI, a missing
    // message, an unknown level.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), ARTICLE).unwrap();
    let log = sarif(dir.path(), &["a.md"]);
    assert!(schema_errors(&log).is_empty());
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][1]
        .as_object_mut()
        .unwrap()
        .remove("message");
    broken["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///a b/".into();
    let errors = schema_errors(&broken);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    fs::write(&path, ARTICLE).unwrap();
    let before = sarif(dir.path(), &["--min-score", "99", "x.md"]);
    let shifted = ARTICLE.replace(
        "# Title\n",
        "# Title\n\nA new first paragraph.\n\nAnd a second one.\n",
    );
    fs::write(&path, shifted).unwrap();
    let after = sarif(dir.path(), &["--min-score", "99", "x.md"]);
    let find = |log: &Value, rule: &str| -> (Value, u64) {
        let r = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule}"))
            .clone();
        let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap();
        (r["partialFingerprints"]["contentlint/v1"].clone(), line)
    };
    for rule in [
        "clarity/wordy-phrase",
        "structure/heading-increment",
        "contentlint/min-score",
    ] {
        let (print_before, line_before) = find(&before, rule);
        let (print_after, line_after) = find(&after, rule);
        assert_eq!(print_before, print_after, "{rule}");
        if rule != "contentlint/min-score" {
            assert_eq!(line_after, line_before + 4, "{rule}");
        }
    }
    // Editing the finding's own text changes it.
    fs::write(&path, ARTICLE.replace("We write", "They wrote")).unwrap();
    let edited = sarif(dir.path(), &["--min-score", "99", "x.md"]);
    assert_ne!(
        find(&before, "clarity/wordy-phrase").0,
        find(&edited, "clarity/wordy-phrase").0
    );
}

#[test]
fn site_findings_are_results_with_every_page_involved() {
    let dir = Path::new("fixtures/sites/audit");
    let log = sarif(dir, &["content", "--site", "--today", "2026-01-01"]);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"site/orphan-page"), "{rules:?}");
    let results = run["results"].as_array().unwrap();
    let anchor = results
        .iter()
        .find(|r| {
            r["ruleId"] == "site/broken-internal-link" && r["relatedLocations"].as_array().is_some()
        })
        .expect("the broken anchor, with its target page");
    let location = &anchor["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "content/guides/upgrade.md"
    );
    assert_eq!(location["region"]["startLine"], 17);
    assert_eq!(anchor["level"], "error");
    assert_eq!(
        anchor["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "content/guides/configure.md"
    );
    let index = anchor["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index], "site/broken-internal-link");
    assert!(
        anchor["partialFingerprints"]["contentlint/v1"]
            .as_str()
            .is_some_and(|p| !p.is_empty())
    );
}
