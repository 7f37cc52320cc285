//! Issue 9, item 3: configuration that scales. Nested `contentlint.toml` files merge over
//! their parents (`root = true` stops the walk), `extends`, `[[overrides]]` by glob, `exclude`
//! for directory walks, and `contentlint config --show-origin`. Every test builds its own tree
//! in a temporary directory.

use assert_cmd::Command;
use contentlint::config::{ConfigResolver, Origin, RuleSetting};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Passes every rule of the article preset; its title has 38 characters.
const GOOD: &str = include_str!("../fixtures/article.md");
/// One H2 and no conclusion: `structure/min-h2` and `structure/conclusion` fire.
const ONE_H2: &str = "# A Title For The Page\n\n## Only section\n\nSome words here.\n";

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

/// Writes `toml` to `root/file`, then `check`s `page` from `root`: exit 2 and `message` on stdout.
fn check_fails_with(root: &Path, file: &str, toml: &str, page: &str, message: impl AsRef<str>) {
    fs::write(root.join(file), toml).unwrap();
    contentlint()
        .current_dir(root)
        .args(["check", page])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(message.as_ref()));
}

/// A temporary tree of `(relative path, text)` files; returns it with its canonical root.
fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    (dir, root)
}

/// The ids of the rules these tests look at (structure, title length) that fire under `check --format json ARGS` (sorted, deduplicated).
fn fired(cwd: &Path, args: &[&str]) -> Vec<String> {
    let out = contentlint()
        .current_dir(cwd)
        .args(["check", "--format", "json", "--today", "2026-06-01"])
        .args(["--select", "structure,seo/title-length"])
        .args(args)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut ids: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let v = f["violations"].as_array().unwrap().clone();
            v.into_iter()
                .chain(f["warnings"].as_array().unwrap().clone())
        })
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The paths `check --format json` linted, relative to `cwd` as given.
fn linted(cwd: &Path, args: &[&str]) -> Vec<String> {
    let out = contentlint()
        .current_dir(cwd)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_child_config_refines_its_parent_instead_of_replacing_it() {
    let (_dir, root) = tree(&[
        (
            "contentlint.toml",
            "[rules]\n\"structure/min-h2\" = \"off\"\n",
        ),
        ("posts/contentlint.toml", "[seo]\ntitle_max = 30\n"),
        ("one.md", ONE_H2),
        ("good.md", GOOD),
        ("posts/one.md", ONE_H2),
        ("posts/good.md", GOOD),
        ("other/good.md", GOOD),
    ]);
    // the parent's "off" holds in the child's directory, and so does the child's threshold
    let child = fired(&root, &["posts/one.md"]);
    assert!(
        !child.contains(&"structure/min-h2".to_string()),
        "{child:?}"
    );
    assert!(
        child.contains(&"structure/conclusion".to_string()),
        "{child:?}"
    );
    assert_eq!(fired(&root, &["posts/good.md"]), ["seo/title-length"]);
    // the child's threshold does not leak up or sideways
    assert!(fired(&root, &["good.md", "other/good.md"]).is_empty());
    assert!(!fired(&root, &["one.md"]).contains(&"structure/min-h2".to_string()));

    let resolver = ConfigResolver::new(None).unwrap();
    let config = resolver.for_file(&root.join("posts/one.md")).unwrap();
    assert_eq!(config.rules["structure/min-h2"], RuleSetting::Off);
    assert_eq!(config.seo.title_max, 30);
    assert_eq!(
        config.seo.min_words, 300,
        "untouched keys keep their default"
    );
    assert_eq!(
        config.path.as_deref(),
        Some(&*root.join("posts/contentlint.toml"))
    );
    assert_eq!(
        config.origin("rules.\"structure/min-h2\""),
        &Origin::File(root.join("contentlint.toml"))
    );
    assert_eq!(
        config.origin("seo.title_max"),
        &Origin::File(root.join("posts/contentlint.toml"))
    );
    assert_eq!(config.origin("seo.min_words"), &Origin::Defaults);
}

#[test]
fn root_true_stops_the_walk_upwards() {
    let (_dir, root) = tree(&[
        (
            "contentlint.toml",
            "[rules]\n\"structure/min-h2\" = \"off\"\n",
        ),
        (
            "site/contentlint.toml",
            "root = true\n[seo]\ntitle_max = 30\n",
        ),
        ("site/one.md", ONE_H2),
        ("site/deeper/contentlint.toml", "[seo]\ntitle_min = 5\n"),
        ("site/deeper/one.md", ONE_H2),
    ]);
    for file in ["site/one.md", "site/deeper/one.md"] {
        let ids = fired(&root, &[file]);
        assert!(
            ids.contains(&"structure/min-h2".to_string()),
            "{file}: {ids:?}"
        );
    }
    let resolver = ConfigResolver::new(None).unwrap();
    let deeper = resolver.for_file(&root.join("site/deeper/one.md")).unwrap();
    assert_eq!((deeper.seo.title_min, deeper.seo.title_max), (5, 30));
    assert!(!deeper.rules.contains_key("structure/min-h2"));
    // `root` is no setting: a bad value is an error naming the file
    fs::write(root.join("site/contentlint.toml"), "root = \"yes\"\n").unwrap();
    contentlint()
        .current_dir(&root)
        .args(["check", "site/one.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("site/contentlint.toml"))
        .stdout(predicate::str::contains(
            "root = \"yes\" is not true or false",
        ));
}

#[test]
fn extends_chains_files_and_presets_and_reports_cycles_and_missing_files() {
    let (_dir, root) = tree(&[
        (
            "shared/base.toml",
            "extends = [\"preset:blog\"]\n[seo]\ntitle_max = 30\ntitle_min = 10\n",
        ),
        (
            "site/team.toml",
            "extends = \"../shared/base.toml\"\n[seo]\ntitle_min = 12\n",
        ),
        (
            "site/contentlint.toml",
            "# the site's settings\nextends = [\"team.toml\"]\n[seo]\ntitle_min = 15\n",
        ),
        ("site/good.md", GOOD),
    ]);
    let resolver = ConfigResolver::new(None).unwrap();
    let config = resolver.for_file(&root.join("site/good.md")).unwrap();
    assert_eq!(
        config.preset, "blog",
        "preset:blog in extends chooses the preset"
    );
    assert_eq!(config.brief.tone, "casual");
    assert_eq!(config.seo.title_max, 30);
    assert_eq!(
        config.seo.title_min, 15,
        "the file wins over what it extends"
    );
    assert_eq!(
        config.origin("seo.title_max"),
        &Origin::File(root.join("shared/base.toml"))
    );
    assert_eq!(
        config.origin("preset"),
        &Origin::File(root.join("shared/base.toml"))
    );
    assert_eq!(config.origin("brief.tone"), &Origin::Preset("blog".into()));
    // the fixture's H1 and title are both H1s under the blog preset: single-h1 fires too
    assert!(fired(&root, &["site/good.md"]).contains(&"seo/title-length".to_string()));

    // a cycle is an error that shows it
    fs::write(
        root.join("shared/base.toml"),
        "extends = [\"../site/team.toml\"]\n",
    )
    .unwrap();
    let out = contentlint()
        .current_dir(&root)
        .args(["check", "site/good.md"])
        .assert()
        .code(2);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("extends makes a cycle: "), "{stdout}");
    let team = root.join("site/team.toml").display().to_string();
    let base = root.join("shared/base.toml").display().to_string();
    assert!(
        stdout.contains(&format!("{team} -> {base} -> {team}")),
        "{stdout}"
    );

    // a missing file: the file that names it and the line of `extends`
    check_fails_with(
        &root,
        "site/contentlint.toml",
        "# the site's settings\n\nextends = [\"tema.toml\"]\n",
        "site/good.md",
        format!(
            "{}: line 3: extends = \"tema.toml\": no such file",
            root.join("site/contentlint.toml").display()
        ),
    );
    // an unknown preset
    check_fails_with(
        &root,
        "site/contentlint.toml",
        "extends = [\"preset:wiki\"]\n",
        "site/good.md",
        "line 1: extends: unknown preset \"wiki\"",
    );
}

#[test]
fn overrides_apply_by_glob_and_later_ones_win() {
    let config = r#"
[rules]
"structure/conclusion" = "off"

[[overrides]]
files = ["blog/**"]
[overrides.rules]
"structure/min-h2" = "off"

[[overrides]]
files = ["*.draft.md"]
[overrides.rules]
"structure/min-h2" = "info"
[overrides.seo]
title_max = 30
"#;
    let (_dir, root) = tree(&[
        ("contentlint.toml", config),
        ("one.md", ONE_H2),
        ("blog/one.md", ONE_H2),
        ("blog/2024/one.md", ONE_H2),
        ("blog/2024/one.draft.md", ONE_H2),
        ("docs/good.draft.md", GOOD),
        ("docs/good.md", GOOD),
    ]);
    assert_eq!(fired(&root, &["one.md"]), ["structure/min-h2"]);
    assert!(fired(&root, &["blog/one.md", "blog/2024/one.md"]).is_empty());
    let resolver = ConfigResolver::new(None).unwrap();
    let draft = resolver
        .for_file(&root.join("blog/2024/one.draft.md"))
        .unwrap();
    // both match; the later one wins
    assert_eq!(draft.rules["structure/min-h2"], RuleSetting::Info);
    assert_eq!(
        draft.origin("rules.\"structure/min-h2\""),
        &Origin::Override {
            file: root.join("contentlint.toml"),
            index: 2,
            files: vec!["*.draft.md".into()],
        }
    );
    assert_eq!(fired(&root, &["docs/good.draft.md"]), ["seo/title-length"]);
    assert!(fired(&root, &["docs/good.md"]).is_empty());
    // computed once per set of overrides: files that match the same ones share it, files
    // that match none share the directory's
    let a = resolver.for_file(&root.join("blog/x.md")).unwrap();
    let b = resolver.for_file(&root.join("blog/2024/y.md")).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    let plain = resolver.for_file(&root.join("docs/x.md")).unwrap();
    let plain2 = resolver.for_file(&root.join("z.md")).unwrap();
    assert!(Arc::ptr_eq(&plain, &plain2));
    assert!(!Arc::ptr_eq(&a, &plain));
    assert!(!plain.rules.contains_key("structure/min-h2"));

    // an override's bad key names the file and the override
    check_fails_with(
        &root,
        "contentlint.toml",
        "[[overrides]]\nfiles = [\"blog/**\"]\n[overrides.seo]\ntitel_max = 3\n",
        "one.md",
        "contentlint.toml: [[overrides]] #1: [seo] unknown field `titel_max`",
    );
    check_fails_with(
        &root,
        "contentlint.toml",
        "[[overrides]]\nfiles = [\"blog/**\"]\nexclude = [\"x\"]\n",
        "one.md",
        "`exclude` cannot be set in an override",
    );
    check_fails_with(
        &root,
        "contentlint.toml",
        "[[overrides]]\n[overrides.seo]\ntitle_max = 3\n",
        "one.md",
        "[[overrides]] #1 has no `files`",
    );
}

#[test]
fn excludes_skip_walked_files_and_named_files_only_when_forced() {
    let (_dir, root) = tree(&[
        (
            "contentlint.toml",
            "exclude = [\"drafts/**\", \"*.wip.md\"]\n",
        ),
        ("a.md", GOOD),
        ("drafts/b.md", GOOD),
        ("posts/c.wip.md", GOOD),
        // a nested file adds its own excludes and lints one of the parent's again
        (
            "posts/contentlint.toml",
            "exclude = [\"old/\", \"!keep.wip.md\"]\n",
        ),
        ("posts/d.md", GOOD),
        ("posts/keep.wip.md", GOOD),
        ("posts/old/e.md", GOOD),
    ]);
    assert_eq!(
        linted(&root, &["."]),
        ["./a.md", "./posts/d.md", "./posts/keep.wip.md"]
    );
    // a file named on the command line is linted, excluded or not
    assert_eq!(
        linted(&root, &["drafts/b.md", "posts/old/e.md"]),
        ["drafts/b.md", "posts/old/e.md"]
    );
    // ... unless --force-exclude (or force_exclude = true) says otherwise, as ruff does
    assert_eq!(
        linted(
            &root,
            &["--force-exclude", "drafts/b.md", "posts/old/e.md", "a.md"]
        ),
        ["a.md"]
    );
    fs::write(
        root.join("contentlint.toml"),
        "exclude = [\"drafts/**\"]\nforce_exclude = true\n",
    )
    .unwrap();
    assert_eq!(linted(&root, &["drafts/b.md", "a.md"]), ["a.md"]);
    // and standard input configured as an excluded path
    let out = contentlint()
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "drafts/new.md",
            "-",
        ])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 0);
}

#[test]
fn config_command_prints_the_merged_configuration_and_each_keys_origin() {
    let (_dir, root) = tree(&[
        (
            "contentlint.toml",
            "preset = \"blog\"\nexclude = [\"drafts/**\"]\n[rules]\n\"structure/min-h2\" = \"off\"\n\
             [[overrides]]\nfiles = [\"*.draft.md\"]\n[overrides.seo]\ntitle_max = 30\n",
        ),
        ("shared.toml", "[clarity]\nlong_sentence_words = 25\n"),
        (
            "blog/contentlint.toml",
            "extends = [\"../shared.toml\"]\nexclude = [\"old/\"]\n[seo]\ntitle_min = 20\n",
        ),
    ]);
    let run = |args: &[&str]| {
        let out = contentlint()
            .current_dir(&root)
            .arg("config")
            .args(args)
            .assert()
            .code(0);
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let origins = run(&["blog/post.draft.md", "--show-origin"]);
    // The built-in defaults are many lines; they are named as such, and the rest is the
    // snapshot (stable whatever keys the defaults gain).
    assert!(origins.contains("built-in:rules/defaults.toml\tseo.min_words = 300\n"));
    let layered: String = origins
        .lines()
        .filter(|l| !l.starts_with("built-in:"))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("config_show_origin", layered);
    let text = run(&["blog/post.draft.md"]);
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("config_layers_header", header);
    // the TOML is the configuration: it reads back as one
    let body: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(body["seo"]["title_max"].as_integer(), Some(30));
    assert_eq!(body["seo"]["title_min"].as_integer(), Some(20));
    // a directory: no override applies
    let dir_text = run(&["blog", "--show-origin"]);
    assert!(dir_text.contains("built-in:rules/defaults.toml\tseo.title_max = 60\n"));
    assert!(!dir_text.contains("overrides#"), "{dir_text}");
    // a bad configuration is an error (exit 2) naming the file
    fs::write(
        root.join("shared.toml"),
        "[rules]\n\"structure/min-h3\" = \"off\"\n",
    )
    .unwrap();
    contentlint()
        .current_dir(&root)
        .args(["config", "blog/x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "shared.toml: [rules]: no rule or group is named `structure/min-h3`",
        ));
}

#[test]
fn pack_dirs_of_a_parent_layer_are_relative_to_the_parent() {
    let pack = "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"house/banned\"\nkind = \"existence\"\n\
                dimension = \"persona_style\"\nseverity = \"warning\"\nsummary = \"s\"\ndoc = \"d\"\n\
                message = \"m {match}\"\nexamples = { fire = [\"x\"], pass = [\"y\"] }\n\
                phrases = [\"contentlint\"]\n";
    let (_dir, root) = tree(&[
        ("contentlint.toml", "[packs]\ndirs = [\"packs\"]\n"),
        ("packs/house.toml", pack),
        (
            "posts/contentlint.toml",
            "[rules]\n\"house/banned\" = \"error\"\n",
        ),
        ("posts/a.md", "# Title\n\nWe like contentlint.\n"),
    ]);
    let out = contentlint()
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "house",
            "posts/a.md",
        ])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("\"rule\": \"house/banned\""), "{stdout}");
    assert!(stdout.contains("\"severity\": \"error\""), "{stdout}");
}

#[test]
fn an_explicit_config_reads_its_extends_and_overrides_and_nothing_else() {
    let (_dir, root) = tree(&[
        // found by walking up, but --config replaces discovery
        ("contentlint.toml", "[rules]\nstructure = \"off\"\n"),
        ("ci/base.toml", "[seo]\ntitle_max = 30\n"),
        (
            "ci.toml",
            "extends = [\"ci/base.toml\"]\n[[overrides]]\nfiles = [\"blog/**\"]\n\
             [overrides.rules]\n\"structure/min-h2\" = \"off\"\n",
        ),
        ("one.md", ONE_H2),
        ("blog/one.md", ONE_H2),
        ("good.md", GOOD),
    ]);
    let with = |file: &str| fired(&root, &["--config", "ci.toml", file]);
    assert_eq!(with("one.md"), ["structure/conclusion", "structure/min-h2"]);
    assert_eq!(with("blog/one.md"), ["structure/conclusion"]);
    assert_eq!(with("good.md"), ["seo/title-length"]);
    let out = contentlint()
        .current_dir(&root)
        .args([
            "config",
            "--config",
            "ci.toml",
            "--show-origin",
            "blog/one.md",
        ])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("file:ci/base.toml\tseo.title_max = 30\n"),
        "{text}"
    );
    assert!(
        text.contains("file:ci.toml[overrides#1]\trules.\"structure/min-h2\" = \"off\"\n"),
        "{text}"
    );
    assert!(!text.contains("rules.structure = "), "{text}");
}
