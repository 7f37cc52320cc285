//! `check --fix`, `--diff`, `--fix-only` end to end (issue 9 item 4).

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Wordy phrases (one capitalised, one in inline code that must stay), a second H1 and a
/// skipped heading level.
const FIXABLE: &str = include_str!("../fixtures/fix/fixable.md");

fn contentlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn workspace(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    fs::write(&post, text).unwrap();
    (dir, post)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fix_applies_every_safe_fix_and_a_second_run_changes_nothing() {
    let (dir, post) = workspace(FIXABLE);
    let out = contentlint(dir.path())
        .args(["check", "--fix", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("post.md: applied 10 fixes"), "{stderr}");
    let fixed = fs::read_to_string(&post).unwrap();
    insta::assert_snapshot!("fixable_fixed", fixed);
    // The exit code and report are those of the fixed text.
    let check = contentlint(dir.path())
        .args(["check", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), check.status.code());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("structure/heading-increment"), "{report}");
    let json = contentlint(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-03-02",
            "post.md",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let file = &v["files"][0];
    for key in ["violations", "warnings"] {
        for f in file[key].as_array().unwrap() {
            assert!(f["fix"].is_null(), "a fix is left: {f}");
        }
    }

    let again = contentlint(dir.path())
        .args(["check", "--fix", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&post).unwrap(), fixed, "idempotent");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(!stderr.contains("applied"), "nothing left to fix: {stderr}");
    assert_eq!(
        names(dir.path()),
        ["post.md"],
        "no backup, no temporary file"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let (dir, post) = workspace(FIXABLE);
    let before = fs::metadata(&post).unwrap().modified().unwrap();
    let out = contentlint(dir.path())
        .args(["check", "--diff", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&post).unwrap(), FIXABLE);
    assert_eq!(fs::metadata(&post).unwrap().modified().unwrap(), before);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.starts_with("--- post.md\n+++ post.md\n@@ "), "{diff}");
    assert!(diff.contains("\n-# How the cache headers work\n+## How the cache headers work\n"));
    assert!(diff.contains("+Each response sends a cache header. Because pages change rarely"));
    // Only the diff is on stdout (it applies as a patch); the summary is on stderr.
    assert!(!diff.contains("passed"), "{diff}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("post.md: would apply 10 fixes"), "{stderr}");
    assert!(stderr.contains("1 file"), "{stderr}");
    // The exit code is that of the fixed text.
    let (fixed_dir, _) = workspace(FIXABLE);
    let fixed = contentlint(fixed_dir.path())
        .args(["check", "--fix", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), fixed.status.code());
    assert_eq!(names(dir.path()), ["post.md"]);
}

#[test]
fn fix_only_limits_the_fixes_to_those_rules_or_groups() {
    let (dir, post) = workspace(FIXABLE);
    contentlint(dir.path())
        .args(["check", "--fix", "--fix-only", "structure", "post.md"])
        .output()
        .unwrap();
    let text = fs::read_to_string(&post).unwrap();
    assert!(text.contains("\n## How the cache headers work\n"), "{text}");
    // Under the demoted H1 (now an H2), the H4 becomes an H3.
    assert!(text.contains("\n### What a deploy clears\n"), "{text}");
    assert!(text.contains("in order to keep the origin idle"), "{text}");
    assert!(text.contains("Due to the fact that"), "{text}");
    contentlint(dir.path())
        .args([
            "check",
            "--fix",
            "--fix-only",
            "clarity/wordy-phrase",
            "post.md",
        ])
        .output()
        .unwrap();
    let text = fs::read_to_string(&post).unwrap();
    assert!(!text.contains("Due to the fact that"), "{text}");
    assert!(
        text.contains("`in order to`"),
        "inline code is not prose: {text}"
    );

    let out = contentlint(dir.path())
        .args(["check", "--fix", "--fix-only", "structur", "post.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `structure`?"));
    let out = contentlint(dir.path())
        .args(["check", "--fix-only", "structure", "post.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--fix-only alone is a usage error"
    );
}

#[test]
fn standard_input_with_fix_prints_the_fixed_text() {
    let (dir, post) = workspace(FIXABLE);
    let out = contentlint(dir.path())
        .args(["check", "--fix", "--today", "2026-03-02", "-"])
        .write_stdin(FIXABLE)
        .output()
        .unwrap();
    contentlint(dir.path())
        .args(["check", "--fix", "--today", "2026-03-02", "post.md"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        fs::read_to_string(&post).unwrap()
    );
    let mixed = contentlint(dir.path())
        .args(["check", "--fix", "-", "post.md"])
        .write_stdin(FIXABLE)
        .output()
        .unwrap();
    assert_eq!(mixed.status.code(), Some(2));
}

#[test]
fn fix_keeps_the_byte_order_mark_line_endings_and_permissions() {
    let text = format!("\u{feff}{}", FIXABLE.replace('\n', "\r\n"));
    let (dir, post) = workspace(&text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&post, fs::Permissions::from_mode(0o640)).unwrap();
    }
    contentlint(dir.path())
        .args(["check", "--fix", "post.md"])
        .output()
        .unwrap();
    let fixed = fs::read_to_string(&post).unwrap();
    assert!(fixed.starts_with('\u{feff}'));
    assert!(fixed.contains("To save money"), "{fixed}");
    assert_eq!(fixed.matches('\n').count(), fixed.matches("\r\n").count());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&post).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

/// What a run killed (-9) at any moment leaves: the article whole, either as it was or fully
/// fixed, never cut short; a temporary file it may leave is cleaned by the next run.
#[cfg(unix)]
#[test]
fn killing_the_process_during_fix_never_truncates_the_article() {
    // Big enough that linting and writing take a while in a debug build.
    let paragraph = "We did this in order to ship faster, and the majority of pages load \
                     at once.\n\n";
    let original = format!("{}{}", FIXABLE, paragraph.repeat(2000));
    let (reference_dir, reference) = workspace(&original);
    let started = Instant::now();
    contentlint(reference_dir.path())
        .args(["check", "--fix", "post.md"])
        .output()
        .unwrap();
    let full_run = started.elapsed();
    let fixed = fs::read_to_string(&reference).unwrap();
    assert_ne!(fixed, original);

    let (dir, post) = workspace(&original);
    let mut outcomes = (0, 0);
    let steps = 12;
    for step in 0..=steps {
        fs::write(&post, &original).unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("contentlint"))
            .current_dir(dir.path())
            .args(["check", "--fix", "post.md"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_run.mul_f64(step as f64 / steps as f64 * 1.1));
        let _ = child.kill();
        child.wait().unwrap();
        let text = fs::read_to_string(&post).unwrap();
        if text == original {
            outcomes.0 += 1;
        } else {
            assert_eq!(text.len(), fixed.len(), "killed at step {step}: cut short");
            assert!(
                text == fixed,
                "killed at step {step}: neither original nor fixed"
            );
            outcomes.1 += 1;
        }
    }
    assert!(outcomes.0 > 0, "some runs were killed before writing");
    eprintln!(
        "kept the original {} times, the fixed text {} times ({full_run:?} a run)",
        outcomes.0, outcomes.1
    );
    // A later run cleans what a killed one left, and finishes the job.
    fs::write(&post, &original).unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    contentlint(dir.path())
        .args(["check", "--fix", "post.md"])
        .timeout(deadline - Instant::now())
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&post).unwrap(), fixed);
    assert_eq!(names(dir.path()), ["post.md"], "temporary files left");
}

/// A substitution keeps "of" before a pronoun or determiner: "the majority of them" is "most of
/// them", never "most them" (found on a real blog by `--fix`).
#[test]
fn wordy_phrase_fixes_keep_of_before_pronouns_and_determiners() {
    let text = "# Crowds\n\nThe majority of them bring a computer. The majority of the hosts \
stay up. The majority of people agree, and a large number of them stay.\n";
    let (dir, post) = workspace(text);
    contentlint(dir.path())
        .args([
            "check",
            "--fix",
            "--fix-only",
            "clarity/wordy-phrase",
            "post.md",
        ])
        .output()
        .unwrap();
    let fixed = fs::read_to_string(&post).unwrap();
    assert!(fixed.contains("Most of them bring"), "{fixed}");
    assert!(fixed.contains("Most of the hosts"), "{fixed}");
    assert!(fixed.contains("Most people agree"), "{fixed}");
    assert!(fixed.contains("many of them stay"), "{fixed}");
}
