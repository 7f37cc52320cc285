//! The result cache end to end: a rerun reads it (counted), a changed file or configuration
//! is linted again, output is the same either way, and nothing is cached for standard input,
//! records or `--no-cache`.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// contentlint with the cache on (this repository's cargo config turns it off for tests) and
/// its counts on stderr, run in `dir`.
fn contentlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir)
        .env_remove("CONTENTLINT_NO_CACHE")
        .env_remove("CONTENTLINT_CACHE_DIR")
        .env("CONTENTLINT_CACHE_STATS", "1");
    cmd
}

/// (stdout, the cache line of stderr).
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = contentlint(dir).args(args).output().unwrap();
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stats = stderr
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or("")
        .to_string();
    (String::from_utf8(out.stdout).unwrap(), stats)
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("site")).unwrap();
    fs::write(
        dir.path().join("site/a.md"),
        "# A\n\nIn 2019 we will ship it.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("site/b.md"),
        "# B\n\n## One\n\nSome text.\n",
    )
    .unwrap();
    dir
}

const ARGS: &[&str] = &["check", "--format", "json", "--today", "2026-06-01", "site"];

#[test]
fn a_rerun_reads_the_cache_and_prints_the_same() {
    let dir = site();
    let (first, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 0 read, 2 linted, 2 written");
    let (second, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 2 read, 0 linted, 0 written");
    assert_eq!(second, first);
    let human: Vec<&str> = ARGS
        .iter()
        .copied()
        .filter(|a| *a != "--format" && *a != "json")
        .collect();
    let (cached, _) = run(dir.path(), &human);
    let mut uncached: Vec<&str> = human.clone();
    uncached.push("--no-cache");
    let (fresh, stats) = run(dir.path(), &uncached);
    assert_eq!(stats, "", "--no-cache: no cache");
    assert_eq!(cached, fresh, "human frames come from the file's text");
    let root = dir.path().join(".contentlint_cache");
    assert_eq!(fs::read_to_string(root.join(".gitignore")).unwrap(), "*\n");
    assert!(
        fs::read_to_string(root.join("CACHEDIR.TAG"))
            .unwrap()
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55")
    );
}

#[test]
fn a_changed_file_or_configuration_or_option_is_linted_again() {
    let dir = site();
    run(dir.path(), ARGS);
    fs::write(
        dir.path().join("site/b.md"),
        "# B\n\n## One\n\nOther text.\n",
    )
    .unwrap();
    let (_, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 1 read, 1 linted, 1 written");
    fs::write(
        dir.path().join("contentlint.toml"),
        "[rules]\n\"structure/min-h2\" = \"off\"\n",
    )
    .unwrap();
    let (out, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 0 read, 2 linted, 2 written");
    assert!(
        !out.contains("structure/min-h2"),
        "the new configuration applies"
    );
    let (_, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 2 read, 0 linted, 0 written");
    let mut other_date: Vec<&str> = ARGS.to_vec();
    other_date[4] = "2026-06-02";
    let (_, stats) = run(dir.path(), &other_date);
    assert_eq!(stats, "cache: 0 read, 2 linted, 2 written");
    let mut selected: Vec<&str> = ARGS.to_vec();
    selected.extend(["--select", "structure"]);
    let (_, stats) = run(dir.path(), &selected);
    assert_eq!(stats, "cache: 0 read, 2 linted, 2 written");
}

#[test]
fn a_corrupt_entry_is_linted_again_not_an_error() {
    let dir = site();
    let (first, _) = run(dir.path(), ARGS);
    let mut entries = Vec::new();
    let mut dirs = vec![dir.path().join(".contentlint_cache")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                entries.push(p);
            }
        }
    }
    assert_eq!(entries.len(), 2);
    fs::write(&entries[0], "{\"key\": \"not a report\"").unwrap();
    let (second, stats) = run(dir.path(), ARGS);
    assert_eq!(stats, "cache: 1 read, 1 linted, 1 written");
    assert_eq!(second, first);
}

#[test]
fn cache_dir_stdin_and_records() {
    let dir = site();
    let elsewhere = tempfile::tempdir().unwrap();
    let mut args: Vec<&str> = ARGS.to_vec();
    let cache_dir = elsewhere.path().join("c");
    let cache_dir = cache_dir.to_str().unwrap();
    args.extend(["--cache-dir", cache_dir]);
    let (_, stats) = run(dir.path(), &args);
    assert_eq!(stats, "cache: 0 read, 2 linted, 2 written");
    assert!(Path::new(cache_dir).join("CACHEDIR.TAG").exists());
    assert!(!dir.path().join(".contentlint_cache").exists());
    // Standard input is never cached.
    let out = contentlint(dir.path())
        .args(["check", "--cache-dir", cache_dir, "-"])
        .write_stdin("# A\n\ntext\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cache: 0 read, 0 linted, 0 written"));
    // Nor are records; no cache is even opened.
    contentlint(dir.path())
        .args(["check", "--input-format", "jsonl", "-"])
        .write_stdin("{\"path\": \"a.md\", \"text\": \"# A\\n\\ntext\\n\"}\n")
        .assert()
        .code(1);
    assert!(!dir.path().join(".contentlint_cache").exists());
}
