//! Human and concise output end to end (issue 10 item 1): the seed article's frames fit a
//! terminal, the concise format, plurals, the reasons a file fails, colour flags and
//! environment variables, `--statistics`.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

const GOOD: &str = include_str!("../fixtures/article.md");

/// The binary with no colour variable inherited from the shell that runs the tests.
fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

const ESC: &str = "\x1b[";

#[test]
fn human_output_on_the_seed_fits_a_terminal() {
    let text = stdout(contentlint().args(["check", "--color", "never", "fixtures/seed.md"]));
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest <= 200, "a line of {longest} characters");
    assert!(!text.contains(ESC), "--color never");
    // one frame per line group, never a paragraph: every frame shows one source line
    for frame in text.split("╭─[").skip(1) {
        let source_lines = frame
            .lines()
            .take_while(|l| !l.contains("╰────"))
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(source_lines, 1, "{frame}");
    }
    insta::assert_snapshot!("human_seed", text);
}

#[test]
fn concise_format_is_one_line_a_finding() {
    let text = stdout(contentlint().args([
        "check",
        "--format",
        "concise",
        "fixtures/seed.md",
        "fixtures/article.md",
    ]));
    let json = stdout(contentlint().args([
        "check",
        "--format",
        "json",
        "fixtures/seed.md",
        "fixtures/article.md",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["violations"].as_array().unwrap().len() + f["warnings"].as_array().unwrap().len()
        })
        .sum();
    let finding_lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            // path:line:col: ...
            l.split(':')
                .nth(2)
                .is_some_and(|c| c.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(finding_lines.len(), findings, "{text}");
    assert!(
        text.contains("fixtures/seed.md:10:92: warning filler/generic-phrase Generic filler: \"have come to the forefront\"\n"),
        "{text}"
    );
    // a failing file says why; a passing one adds no line
    assert!(
        text.contains("\nfixtures/seed.md: FAIL (score 75 < min-score 80)\n"),
        "{text}"
    );
    assert!(!text.contains("fixtures/article.md: pass"), "{text}");
    insta::assert_snapshot!("concise_seed_and_article", text);
}

#[test]
fn seo_recommendations_are_not_repeated_under_their_frames() {
    let all = stdout(contentlint().args(["check", "fixtures/seed.md"]));
    assert!(
        !all.contains("  SEO: "),
        "each is the help of a frame: {all}"
    );
    // --quiet hides the info findings: their recommendations are then listed
    let quiet = stdout(contentlint().args(["check", "--quiet", "fixtures/seed.md"]));
    assert!(
        quiet.contains("\n  SEO: Increase primary keyword density (aim for 0.5-3%)\n"),
        "{quiet}"
    );
    assert!(!quiet.contains("  SEO: Use the primary keyword in the first paragraph"));
}

#[test]
fn quiet_hides_info_in_concise_output() {
    let all = stdout(contentlint().args(["check", "--format", "concise", "fixtures/seed.md"]));
    let quiet = stdout(contentlint().args([
        "check",
        "--format",
        "concise",
        "--quiet",
        "fixtures/seed.md",
    ]));
    assert!(all.contains(": info "));
    assert!(!quiet.contains(": info "), "{quiet}");
    assert!(quiet.lines().count() < all.lines().count());
}

#[test]
fn plurals_in_human_and_concise_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", GOOD);
    for format in ["human", "concise"] {
        let one = stdout(
            contentlint()
                .args(["check", "--format", format])
                .arg(dir.path().join("good.md")),
        );
        assert!(
            one.contains("1 file: 1 passed, 0 failed, 0 could not be linted; mean score 95"),
            "{format}: {one}"
        );
        assert!(!one.contains("1 files"), "{format}: {one}");
    }
    write(dir.path(), "other.md", GOOD);
    let two = stdout(contentlint().args(["check"]).arg(dir.path()));
    assert!(two.contains("2 files: 2 passed"), "{two}");
    // the file line: "1 warning", never "1 warnings" nor "warnings/info"
    assert!(
        two.contains("good.md: pass · score 95 · 1 warning · SEO"),
        "{two}"
    );
    assert!(!two.contains("warnings/info"), "{two}");
}

#[test]
fn failing_line_names_every_reason() {
    let dir = tempfile::tempdir().unwrap();
    // no conclusion: one error, a hard gate
    write(
        dir.path(),
        "gate.md",
        "# One\n\nText here.\n\n## Two\n\nMore.\n\n## Three\n\nDone.\n",
    );
    write(dir.path(), "good.md", GOOD);
    let text = stdout(
        contentlint()
            .args(["check", "--min-score", "99"])
            .arg(dir.path().join("gate.md"))
            .arg(dir.path().join("good.md")),
    );
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name) && l.contains(": FAIL"))
            .unwrap_or_else(|| panic!("no verdict for {name}: {text}"))
            .to_string()
    };
    let gate = line("gate.md");
    assert!(
        gate.contains(": FAIL (score ")
            && gate.contains(" < min-score 99; hard gate structure/conclusion)"),
        "{gate}"
    );
    assert!(line("good.md").contains(": FAIL (score 95 < min-score 99) · score 95"));
}

#[test]
fn color_flag_and_environment() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = contentlint();
        cmd.args(["check"]).args(args).arg("fixtures/seed.md");
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout(&mut cmd).contains(ESC)
    };
    // stdout is a pipe here: auto means no colour
    assert!(!run(&[], &[]));
    assert!(run(&["--color", "always"], &[]));
    assert!(
        run(&["--color", "always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
    assert!(
        !run(&["--color", "never"], &[("FORCE_COLOR", "1")]),
        "the flag wins"
    );
    assert!(run(&[], &[("FORCE_COLOR", "1")]));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(&[], &[("FORCE_COLOR", "0")]));
    assert!(!run(&[], &[("FORCE_COLOR", "")]));
    assert!(!run(&[], &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]));
    assert!(
        run(&[], &[("NO_COLOR", ""), ("FORCE_COLOR", "1")]),
        "empty NO_COLOR is ignored"
    );
    // concise colours the severity word
    assert!(run(&["--format", "concise", "--color", "always"], &[]));
    assert!(!run(&["--format", "concise"], &[]));
    // regenerate takes the flag too
    contentlint()
        .args(["regenerate", "--color", "never", "--help"])
        .assert()
        .success();
}

#[test]
fn statistics_table_after_the_summary() {
    let text = stdout(contentlint().args([
        "check",
        "--statistics",
        "fixtures/seed.md",
        "fixtures/article.md",
    ]));
    let summary = text.find("2 files: ").expect("summary");
    let table = text.find("\nrule ").expect("table header");
    assert!(table > summary, "{text}");
    let row = |rule: &str| {
        text[table..]
            .lines()
            .find(|l| l.starts_with(&format!("{rule} ")))
            .unwrap_or_else(|| panic!("no row for {rule}: {text}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // the seed has 24 generic phrases; both articles have a long-sentence warning
    assert_eq!(row("filler/generic-phrase"), "24 warning 1");
    assert_eq!(row("clarity/sentence-length"), "2 warning 2");
    let without = stdout(contentlint().args(["check", "fixtures/seed.md"]));
    assert!(!without.contains("\nrule "), "only when asked");

    let concise = stdout(contentlint().args([
        "check",
        "--format",
        "concise",
        "--statistics",
        "fixtures/seed.md",
    ]));
    assert!(concise.contains("\nfiller/generic-phrase "), "{concise}");

    let json = stdout(contentlint().args([
        "check",
        "--format",
        "json",
        "--statistics",
        "fixtures/seed.md",
        "fixtures/article.md",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let stats = json["summary"]["statistics"].as_array().unwrap();
    assert_eq!(stats[0]["rule"], "filler/generic-phrase");
    assert_eq!(stats[0]["count"], 24);
    let json = stdout(contentlint().args(["check", "--format", "json", "fixtures/seed.md"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        json["summary"].get("statistics").is_none(),
        "left out when not asked"
    );
}
