//! Presets, `exclude`, skipping body-less pages and `contentlint init`, on the two fixture
//! sites (fixtures/sites/blog: a Hugo-like blog; fixtures/sites/docs: an MkDocs-like docs tree).

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

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

/// Copy a fixture site into a fresh temporary directory (init writes into it).
fn copy_site(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&Path::new("fixtures/sites").join(name), dir.path());
    dir
}

/// `check SITE --preset PRESET` as JSON, condensed to what a preset decides: per file, valid
/// and the rules that fired (with severity); the skipped list; the summary.
fn run_preset(site: &str, preset: &str) -> serde_json::Value {
    let out = contentlint()
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-06-01",
            "--preset",
            preset,
        ])
        .arg(Path::new("fixtures/sites").join(site))
        .output()
        .unwrap();
    let json = json_of(&out.stdout);
    let files: Vec<_> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut rules: Vec<String> = ["violations", "warnings"]
                .iter()
                .flat_map(|k| f[k].as_array().unwrap())
                .map(|v| {
                    format!(
                        "{} ({})",
                        v["rule"].as_str().unwrap(),
                        v["severity"].as_str().unwrap()
                    )
                })
                .collect();
            rules.sort();
            rules.dedup();
            serde_json::json!({
                "path": f["path"],
                "valid": f["valid"],
                "hard_gates": f["hard_gates"],
                "rules": rules,
            })
        })
        .collect();
    serde_json::json!({
        "exit": out.status.code(),
        "files": files,
        "skipped": json["skipped"],
        "summary": json["summary"],
    })
}

#[test]
fn blog_preset_on_the_blog_site() {
    let r = run_preset("blog", "blog");
    // Every post passes: structure is advice, the title is the H1, first person is fine.
    assert_eq!(r["summary"]["passed"], 3, "{r:#}");
    assert_eq!(r["summary"]["failed"], 0, "{r:#}");
    assert_eq!(r["exit"], 0);
    let all = r.to_string();
    // A closing section is not asked of a post (measured: wrong 59 times in 60 on three blogs).
    assert!(!all.contains("structure/conclusion"), "{all}");
    assert!(!all.contains("style/first-person"), "{all}");
    assert!(!all.contains("structure/single-h1"), "{all}");
    insta::assert_json_snapshot!("preset_blog_on_blog_site", r);
}

#[test]
fn article_preset_on_the_blog_site_fails_every_post() {
    // The default preset is the writer brief: human posts without a body H1 fail its gates.
    let r = run_preset("blog", "article");
    assert_eq!(r["summary"]["passed"], 0, "{r:#}");
    assert_eq!(r["summary"]["failed"], 3, "{r:#}");
    assert_eq!(r["exit"], 1);
    for f in r["files"].as_array().unwrap() {
        let gates = f["hard_gates"].to_string();
        assert!(gates.contains("structure/single-h1"), "{gates}");
    }
}

#[test]
fn docs_preset_on_the_docs_site() {
    let r = run_preset("docs", "docs");
    assert_eq!(r["summary"]["passed"], 4, "{r:#}");
    assert_eq!(r["summary"]["failed"], 0, "{r:#}");
    let all = r.to_string();
    assert!(!all.contains("structure/conclusion"), "{all}");
    assert!(!all.contains("structure/min-h2"), "{all}");
    insta::assert_json_snapshot!("preset_docs_on_docs_site", r);
    let article = run_preset("docs", "article");
    assert_eq!(article["summary"]["passed"], 0, "{article:#}");
}

#[test]
fn preset_key_in_the_config_and_the_cli_override() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contentlint.toml", "preset = \"docs\"\n");
    write(
        dir.path(),
        "page.md",
        "---\ntitle: Options\n---\n\nThe program reads one file and prints its lines in order.\n",
    );
    // docs: a titled page with no H2 and no conclusion passes the structure rules
    let out = contentlint()
        .args(["check", "--format", "json", "--today", "2026-06-01"])
        .arg(dir.path().join("page.md"))
        .output()
        .unwrap();
    let json = json_of(&out.stdout);
    assert_eq!(json["files"][0]["hard_gates"], serde_json::json!([]));
    // --preset article wins over the file's preset
    let out = contentlint()
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-06-01",
            "--preset",
            "article",
        ])
        .arg(dir.path().join("page.md"))
        .output()
        .unwrap();
    let gates = json_of(&out.stdout)["files"][0]["hard_gates"].to_string();
    assert!(gates.contains("structure/min-h2"), "{gates}");
    // the project file still overrides its preset
    write(
        dir.path(),
        "contentlint.toml",
        "preset = \"docs\"\n[rules]\n\"structure/min-h2\" = \"error\"\n[brief]\nhard_gates = [\"structure/min-h2\"]\n",
    );
    let out = contentlint()
        .args(["check", "--format", "json", "--today", "2026-06-01"])
        .arg(dir.path().join("page.md"))
        .output()
        .unwrap();
    assert_eq!(
        json_of(&out.stdout)["files"][0]["hard_gates"],
        serde_json::json!(["structure/min-h2"])
    );
}

#[test]
fn unknown_presets_are_errors_that_list_the_presets() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# A\n");
    contentlint()
        .args(["check", "--preset", "essay"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown preset \"essay\""))
        .stderr(predicate::str::contains("article, blog, docs"));
    write(dir.path(), "contentlint.toml", "preset = \"wiki\"\n");
    contentlint()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("contentlint.toml"))
        .stdout(predicate::str::contains("unknown preset \"wiki\""));
}

#[test]
fn exclude_globs_apply_to_walks_not_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    let page = "# T\n\nText.\n";
    write(
        dir.path(),
        "contentlint.toml",
        "exclude = [\"drafts/**\", \"!LICENSE.md\"]\n",
    );
    write(dir.path(), "post.md", page);
    write(dir.path(), "drafts/wip.md", page);
    write(dir.path(), "LICENSE.md", page);
    write(dir.path(), "LICENSE-MIT.md", page);
    write(dir.path(), "_includes/footer.md", page);
    write(dir.path(), "themes/x/layouts/partials/head.md", page);
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json = json_of(&out.stdout);
    let mut paths: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            Path::new(p)
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    paths.sort();
    // drafts/ by the project's glob, LICENSE-MIT.md and the partials by the built-in ones;
    // LICENSE.md is re-included by `!LICENSE.md`.
    assert_eq!(paths, vec!["LICENSE.md", "post.md"]);
    // a file named on the command line is linted even when excluded
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("drafts/wip.md"))
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)["summary"]["files"], 1);
}

#[test]
fn bodyless_pages_are_skipped_with_a_note_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "moved.md",
        "---\ntitle: Moved\nredirect_to: /new/\n---\n\n",
    );
    write(dir.path(), "post.md", "# T\n\nText.\n");
    let check = |format: &str| {
        contentlint()
            .args(["check", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = check("human");
    let text = String::from_utf8(out.stdout).unwrap();
    let moved = dir.path().join("moved.md").display().to_string();
    assert!(
        text.contains(&format!("skipped {moved}: no body (front matter only)")),
        "{text}"
    );
    assert!(text.contains("1 file: 0 passed, 1 failed"), "{text}");
    assert!(text.contains("1 file skipped (no body)"), "{text}");

    let json = json_of(&check("json").stdout);
    assert_eq!(
        json["skipped"],
        serde_json::json!([{"path": moved, "reason": "no body (front matter only)"}])
    );
    assert_eq!(json["summary"]["skipped"], 1);
    assert_eq!(json["summary"]["files"], 1);

    let jsonl = String::from_utf8(check("jsonl").stdout).unwrap();
    assert!(
        jsonl
            .lines()
            .any(|l| l.contains("\"type\":\"skipped\"") && l.contains("moved.md")),
        "{jsonl}"
    );
    let github = String::from_utf8(check("github").stdout).unwrap();
    assert!(
        github.contains("::notice file=") && github.contains("skipped"),
        "{github}"
    );
    let sarif = json_of(&check("sarif").stdout);
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(
        notes.contains("skipped") && notes.contains("\"note\""),
        "{notes}"
    );
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    let html = String::from_utf8(check("html").stdout).unwrap();
    assert!(
        html.contains("Files skipped") && html.contains("moved.md"),
        "{html}"
    );

    // Named on the command line, a body-less page is linted (an empty generated article fails).
    contentlint()
        .arg("check")
        .arg(dir.path().join("moved.md"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no H1"));
}

#[test]
fn runs_that_skip_nothing_keep_the_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "post.md", "# T\n\nText.\n");
    let json = json_of(
        &contentlint()
            .args(["check", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    );
    assert!(json.get("skipped").is_none());
    assert!(json["summary"].get("skipped").is_none());
}

/// `init` on a copy of a fixture site: the written file (snapshot) and what it prints.
fn init_site(site: &str) -> (String, String) {
    let dir = copy_site(site);
    let out = contentlint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = fs::read_to_string(dir.path().join("contentlint.toml")).unwrap();
    (written, String::from_utf8(out.stdout).unwrap())
}

#[test]
fn init_on_the_blog_site() {
    let (config, printed) = init_site("blog");
    assert!(config.contains("preset = \"blog\""), "{config}");
    assert!(
        config.contains("Site generator: Hugo (`config.toml` with `baseURL`)"),
        "{config}"
    );
    assert!(config.contains("3 of 3 pages have `date`"), "{config}");
    assert!(printed.contains("(preset \"blog\")"), "{printed}");
    assert!(printed.contains("3 of 3 pages pass"), "{printed}");
    assert!(printed.contains("2 skipped (no body)"), "{printed}");
    assert!(printed.contains("rules that fire most"), "{printed}");
    insta::assert_snapshot!("init_blog_site", config);
}

#[test]
fn init_on_the_docs_site() {
    let (config, printed) = init_site("docs");
    assert!(config.contains("preset = \"docs\""), "{config}");
    assert!(
        config.contains("Site generator: MkDocs (`mkdocs.yml`)"),
        "{config}"
    );
    assert!(config.contains("exclude = []"), "{config}");
    assert!(printed.contains("4 of 4 pages pass"), "{printed}");
    insta::assert_snapshot!("init_docs_site", config);
}

#[test]
fn init_excludes_fragment_folders() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(
            dir.path(),
            &format!("guide/page{i}.md"),
            format!("---\ntitle: Page {i}\n---\n\nText of page {i}.\n"),
        );
    }
    // included into other pages: no title, no H1
    write(
        dir.path(),
        "guide/includes/note.md",
        "A note shared by several pages.\n",
    );
    write(
        dir.path(),
        "guide/includes/warning.md",
        "> Back up your files first.\n",
    );
    // a folder called partials with real pages (Hugo's docs have one) stays
    write(
        dir.path(),
        "functions/partials/include.md",
        "---\ntitle: partials.Include\n---\n\nText.\n",
    );
    let out = contentlint()
        .args(["init", "--dry-run"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let config = String::from_utf8(out.stdout).unwrap();
    assert!(
        config.contains("exclude = [\"guide/includes/\"]"),
        "{config}"
    );
    assert!(
        !dir.path().join("contentlint.toml").exists(),
        "--dry-run writes nothing"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("4 of 4 pages pass"), "{stderr}");
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = copy_site("docs");
    let path = dir.path().join("contentlint.toml");
    fs::write(&path, "# mine\npreset = \"article\"\n").unwrap();
    contentlint()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# mine\npreset = \"article\"\n"
    );
    contentlint()
        .args(["init", "--force"])
        .arg(dir.path())
        .assert()
        .code(0);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("preset = \"docs\"")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("contentlint.toml.bak")).unwrap(),
        "# mine\npreset = \"article\"\n"
    );
    // the written configuration is what `check` then uses
    contentlint()
        .args(["check", "--today", "2026-06-01"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("4 files: 4 passed"));
}

#[test]
fn init_names_the_rules_that_make_pages_fail() {
    let dir = tempfile::tempdir().unwrap();
    let page = |extra: &str| {
        format!(
            "---\ntitle: Tide tables\ndate: 2025-03-01\n---\n\nThe tables list the low tides of \
             each month for the north shore.{extra}\n"
        )
    };
    write(dir.path(), "a.md", page(""));
    write(
        dir.path(),
        "b.md",
        page(" As of my last knowledge update, the tables are correct."),
    );
    let out = contentlint()
        .args(["init", "--dry-run"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 of 2 pages pass (1 fail)"), "{stderr}");
    let failing = stderr
        .split("rules that make pages fail (pages):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(failing.contains("temporal/ai-disclaimer"), "{stderr}");
    assert!(
        !failing.contains("seo/"),
        "SEO advice makes no page fail: {stderr}"
    );
}
