//! Hostile inputs at the command line (issue 12): devices, FIFOs, sockets, symlink loops, huge
//! thread counts, runs that find no file. Every run has a watchdog: a hang fails the test.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use std::time::Duration;

fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.timeout(Duration::from_secs(60));
    cmd
}

fn article(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("a.md");
    std::fs::write(&path, "# Title\n\nSome text.\n").unwrap();
    path
}

#[cfg(unix)]
fn fifo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("pipe.md");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path
}

#[cfg(unix)]
#[test]
fn item7_dev_zero_as_input_and_as_config_is_an_error_not_a_memory_blowup() {
    let dir = tempfile::tempdir().unwrap();
    contentlint()
        .args(["check", "/dev/zero"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "/dev/zero: cannot read file: not a regular file: it is a character device",
        ));
    contentlint()
        .args(["check", "--config", "/dev/zero"])
        .arg(article(dir.path()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read configuration: not a regular file",
        ));
}

#[cfg(unix)]
#[test]
fn item7_fifo_as_input_and_as_config_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path());
    contentlint()
        .arg("check")
        .arg(&pipe)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("it is a FIFO"));
    contentlint()
        .arg("check")
        .arg("--config")
        .arg(&pipe)
        .arg(article(dir.path()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it is a FIFO"));
}

#[test]
fn item7_max_file_size_is_enforced_for_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = article(dir.path());
    contentlint()
        .args(["check", "--max-file-size", "10"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("larger than the 10-byte limit"))
        .stdout(predicate::str::contains("--max-file-size"));
    contentlint()
        .args(["check", "--max-file-size", "10", "-"])
        .write_stdin("# A long enough title\n")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("cannot read standard input"));
    // within the limit: linted as usual (fails on rules, exit 1, not 2)
    contentlint()
        .args(["check", "--max-file-size", "1000"])
        .arg(&path)
        .assert()
        .code(1);
}

#[test]
fn item7_jobs_10000_on_one_file_finishes() {
    let dir = tempfile::tempdir().unwrap();
    contentlint()
        .args(["check", "--format", "json", "-j", "10000"])
        .arg(article(dir.path()))
        .assert()
        .code(1);
}

#[cfg(unix)]
#[test]
fn item13_socket_and_symlink_loop_get_true_messages() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("s.md");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    contentlint()
        .arg("check")
        .arg(&socket)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("it is a socket"));
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    contentlint()
        .arg("check")
        .arg(&a)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("cannot follow symbolic link"))
        .stdout(predicate::str::contains("no such file").not());
}

#[test]
fn item13_zero_files_exit_2_and_say_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".draft.md"), "# Draft\n").unwrap();
    contentlint()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no Markdown files found"))
        .stdout(predicate::str::contains("1 skipped as hidden or ignored"));
    contentlint()
        .args(["check", "--no-ignore", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(".draft.md"));
}

#[test]
fn item13_impossible_today_says_why() {
    let dir = tempfile::tempdir().unwrap();
    contentlint()
        .args(["check", "--today", "2024-02-30"])
        .arg(article(dir.path()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("February 2024 has 29 days"));
}

#[test]
fn item13_lone_cr_file_positions_and_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mac.md");
    std::fs::write(
        &path,
        "---\rtitle: Old Mac files\r---\r# Old Mac files\r\rWe did it in order to win.\r",
    )
    .unwrap();
    let out = contentlint()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &v["files"][0];
    let findings: Vec<&serde_json::Value> = ["violations", "warnings"]
        .iter()
        .flat_map(|k| file[k].as_array().unwrap())
        .collect();
    let wordy = findings
        .iter()
        .find(|f| f["rule"] == "clarity/wordy-phrase")
        .copied()
        .expect("wordy phrase found");
    assert_eq!(wordy["line"], 6, "{wordy}");
    assert_eq!(wordy["column"], 11, "{wordy}");
    // the title came from the front matter: no "no title" finding
    assert!(
        !findings.iter().any(|f| f["rule"] == "seo/title-length"
            && f["message"].as_str().unwrap().contains("no title")),
        "{findings:?}"
    );
}

#[test]
fn item5_human_format_long_line_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.md");
    let text = format!("# Title\n\n{}in order to finish.\n", "word ".repeat(14_000));
    std::fs::write(&path, text).unwrap();
    let out = contentlint().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("1 file: 0 passed, 1 failed"), "{stdout}");
    assert!(stdout.len() < 50_000, "{} bytes", stdout.len());
}
