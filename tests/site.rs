//! Site checks, shards and merge end to end, on the acceptance fixture site
//! `fixtures/sites/audit` (its contentlint.toml says what it holds).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SITE: &str = "fixtures/sites/audit";

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

/// `contentlint check` run inside the fixture site (so that its contentlint.toml applies).
fn check(args: &[&str]) -> std::process::Output {
    contentlint()
        .current_dir(SITE)
        .args(["check", "content", "--today", "2026-01-01"])
        .args(args)
        .output()
        .unwrap()
}

fn site_findings(json: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    json["site"]["findings"]
        .as_array()
        .expect("a site block")
        .iter()
        .map(|f| {
            let pages = f["pages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| match p["line"].as_u64() {
                    Some(line) => format!("{}:{line}", p["path"].as_str().unwrap()),
                    None => p["path"].as_str().unwrap().to_string(),
                })
                .collect();
            (f["rule"].as_str().unwrap().to_string(), pages)
        })
        .collect()
}

#[test]
fn each_site_rule_finds_exactly_the_cases_of_the_fixture_site() {
    let out = check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = site_findings(&json);
    let expect = |rule: &str, pages: &[&str]| {
        (
            rule.to_string(),
            pages
                .iter()
                .map(|p| format!("content/{p}"))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        found,
        vec![
            expect(
                "site/duplicate-title",
                &["blog/install-notes.md", "guides/install.md"]
            ),
            expect(
                "site/duplicate-meta-description",
                &["guides/configure.md", "guides/upgrade.md"]
            ),
            expect(
                "site/keyword-cannibalization",
                &["blog/brewing.md", "blog/green-tea.md", "blog/tea-guide.md"]
            ),
            expect(
                "site/near-duplicate",
                &["docs/overview-mirror.md", "docs/overview.md"]
            ),
            expect("site/broken-internal-link", &["docs/architecture.md:13"]),
            expect(
                "site/broken-internal-link",
                &["guides/upgrade.md:17", "guides/configure.md"]
            ),
            expect("site/orphan-page", &["blog/forgotten.md"]),
        ]
    );
    assert_eq!(json["site"]["pages"], 12);
    // The two broken links are errors: the run fails although every file passes.
    assert_eq!(json["summary"]["site_errors"], 2);
    assert_eq!(json["summary"]["failed"], 0);
    assert_eq!(out.status.code(), Some(1));
    // The file records of `json` carry no signature; `jsonl` ones do.
    assert!(json["files"][0].get("signature").is_none());
}

#[test]
fn the_site_checks_are_off_with_no_site_and_name_every_page_in_human_output() {
    let out = check(&["--no-site", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.get("site").is_none());
    assert_eq!(out.status.code(), Some(0));
    let out = check(&["--quiet"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("site checks over 12 pages: 2 errors, 5 warnings"),
        "{text}"
    );
    assert!(text.contains("content/guides/upgrade.md:17\n      content/guides/configure.md\n"));
}

/// The shard outputs of a run over the fixture site, in a temporary directory.
fn shards(dir: &Path, jobs: &str) -> Vec<PathBuf> {
    (1..=3)
        .map(|k| {
            let out = check(&[
                "--shard",
                &format!("{k}/3"),
                "--format",
                "jsonl",
                "-j",
                jobs,
            ]);
            assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            // Every file line carries its signature, and no shard runs the site checks.
            for line in text.lines().filter(|l| l.contains("\"type\":\"file\"")) {
                assert!(line.contains("\"signature\":{"), "{line}");
            }
            assert!(!text.contains("\"type\":\"site\""));
            let path = dir.join(format!("shard{k}.jsonl"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

#[test]
fn merged_shards_give_the_same_json_as_one_run_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    for jobs in ["1", "2"] {
        let single = check(&["--format", "json", "-j", jobs]);
        let paths = shards(dir.path(), jobs);
        // The shards split the site: each file in exactly one.
        let files: Vec<usize> = paths
            .iter()
            .map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .matches("\"type\":\"file\"")
                    .count()
            })
            .collect();
        assert_eq!(files.iter().sum::<usize>(), 12, "{files:?}");
        assert!(files.iter().all(|&n| n > 0), "{files:?}");
        // Inputs in any order.
        let merged = contentlint()
            .current_dir(SITE)
            .arg("merge")
            .args([&paths[2], &paths[0], &paths[1]])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(merged.stdout).unwrap(),
            String::from_utf8(single.stdout).unwrap(),
            "jobs {jobs}"
        );
        assert_eq!(merged.status.code(), single.status.code());
        // jsonl: the merge gives one run's jsonl too (signatures and site record included).
        let single = check(&["--format", "jsonl", "-j", jobs]);
        let merged = contentlint()
            .current_dir(SITE)
            .arg("merge")
            .args(&paths)
            .args(["--format", "jsonl"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(merged.stdout).unwrap(),
            String::from_utf8(single.stdout).unwrap()
        );
        // --no-site: the merge keeps no signatures and gives one `--no-site` run's JSON.
        let single = check(&["--format", "json", "--no-site", "-j", jobs]);
        let merged = contentlint()
            .current_dir(SITE)
            .arg("merge")
            .args(&paths)
            .args(["--format", "json", "--no-site"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(merged.stdout).unwrap(),
            String::from_utf8(single.stdout).unwrap()
        );
    }
}

#[test]
fn bad_or_missing_merge_input_is_an_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let paths = shards(dir.path(), "1");
    let bad = dir.path().join("bad.jsonl");
    let first = std::fs::read_to_string(&paths[0]).unwrap();
    let first_line = first.lines().next().unwrap();
    std::fs::write(
        &bad,
        format!("{first_line}\n{{\"type\": \"file\", \"path\": 3}}\n"),
    )
    .unwrap();
    let cases: Vec<(Vec<PathBuf>, String)> = vec![
        (
            vec![dir.path().join("none.jsonl")],
            "none.jsonl: cannot open".into(),
        ),
        (vec![bad.clone()], "bad.jsonl:2: not a file record".into()),
        (
            vec![paths[0].clone(), paths[0].clone()],
            "is also in".into(),
        ),
    ];
    for (inputs, message) in cases {
        let out = contentlint().arg("merge").args(&inputs).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&message), "{message}: {stderr}");
    }
    // A sketch that is not hex (cut or edited by hand) is named with its line.
    let sketched = first
        .lines()
        .find(|l| l.contains("\"sketch\":\""))
        .expect("a page long enough for a sketch");
    let at = sketched.find("\"sketch\":\"").unwrap() + "\"sketch\":\"".len();
    let broken = format!("{}zz{}", &sketched[..at], &sketched[at + 2..]);
    std::fs::write(&bad, format!("{broken}\n")).unwrap();
    let out = contentlint().arg("merge").arg(&bad).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.jsonl:1: not a file record of contentlint: bad sketch"),
        "{stderr}"
    );
    std::fs::write(&bad, "not json\n").unwrap();
    let out = contentlint().arg("merge").arg(&bad).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("bad.jsonl:1: not a JSON object"),
        "{stderr}"
    );
}

#[test]
fn a_bad_shard_argument_is_an_error() {
    for bad in ["0/3", "4/3", "three"] {
        contentlint()
            .args(["check", "--shard", bad, "x.md"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("K/N"));
    }
}

#[test]
fn site_rules_take_severities_from_the_configuration_and_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("contentlint.toml");
    std::fs::write(
        &config,
        "preset = \"blog\"\n[site]\nenabled = true\ncontent_dir = \"content\"\n\
         [rules]\n\"site/broken-internal-link\" = \"info\"\n\"site/orphan-page\" = \"off\"\n",
    )
    .unwrap();
    let out = check(&["--config", config.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<String> = site_findings(&json).into_iter().map(|(r, _)| r).collect();
    assert!(!rules.iter().any(|r| r == "site/orphan-page"), "{rules:?}");
    assert!(
        json["site"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "site/broken-internal-link")
            .all(|f| f["severity"] == "info")
    );
    // No site error and every file passes: exit 0.
    assert_eq!(out.status.code(), Some(0));
    let out = check(&["--select", "site/duplicate-title", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<String> = site_findings(&json).into_iter().map(|(r, _)| r).collect();
    assert_eq!(rules, vec!["site/duplicate-title"]);
}

#[test]
fn site_findings_reach_concise_github_and_html_output() {
    let out = check(&["--format", "concise"]);
    assert_eq!(out.status.code(), Some(1), "site errors fail the run");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "content/docs/architecture.md:13:1: error site/broken-internal-link `missing-page.md` \
             links to no page of the site\n"
        ),
        "{text}"
    );
    // One line per page involved: each is a place to go.
    for page in ["content/blog/install-notes.md", "content/guides/install.md"] {
        assert!(
            text.contains(&format!("{page}: warning site/duplicate-title ")),
            "{text}"
        );
    }
    assert!(
        text.contains("2 errors in the site checks: the run fails\n"),
        "{text}"
    );

    let out = check(&["--format", "github"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "::error file=content/guides/upgrade.md,line=17,title=site/broken-internal-link::"
        ),
        "{text}"
    );
    assert!(
        text.contains("(pages: content/guides/upgrade.md:17, content/guides/configure.md)"),
        "the other pages are named: {text}"
    );
    // Errors come before warnings, site errors included.
    let first_warning = text.find("::warning").unwrap();
    assert!(text.rfind("::error").unwrap() < first_warning, "{text}");
    assert!(text.contains("; 2 errors in the site checks\n"), "{text}");

    let out = check(&["--format", "html"]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains("\"site\":[{\"rule\":"),
        "the site section has data"
    );
    assert!(page.contains("site/orphan-page"));
}
