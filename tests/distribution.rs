//! What packagers and installers read: `contentlint completions SHELL`, `contentlint man`, and
//! the files that make the repository a pre-commit hook and a crate.

use assert_cmd::Command;

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let output = contentlint().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "contentlint {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands `contentlint --help` lists (clap's `help` aside).
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    let names: Vec<String> = commands
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    names
}

#[test]
fn bash_completions_name_the_subcommands_and_are_valid_bash() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(script.contains("_contentlint()"), "{script}");
    for name in subcommands() {
        assert!(script.contains(&name), "bash completion lacks `{name}`");
    }
    assert!(
        script.contains("--min-score"),
        "check's options are completed"
    );
    // bash -n parses without running: the script is well-formed.
    let mut bash = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("bash runs");
    use std::io::Write;
    bash.stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let checked = bash.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_shell_is_a_usage_error() {
    for shell in ["bash", "elvish", "fish", "powershell", "zsh"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("check"), "{shell}: {script}");
    }
    contentlint()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: bash"));
}

#[test]
fn man_page_is_roff_with_a_section_per_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".TH contentlint 1 "),
        "{}",
        &page[..80.min(page.len())]
    );
    for section in ["NAME", "SYNOPSIS", "SUBCOMMANDS", "\"EXIT STATUS\""] {
        assert!(
            page.lines().any(|l| l == format!(".SH {section}")),
            "no .SH {section}"
        );
    }
    for name in subcommands() {
        let heading = format!(".SH \"CONTENTLINT {}\"", name.to_uppercase());
        assert!(
            page.lines().any(|l| l == heading),
            "no section for `{name}`"
        );
        assert!(
            page.contains(&format!("\\fBcontentlint {name}\\fR")),
            "`{name}` not in the SUBCOMMANDS list or its synopsis"
        );
    }
    // Every request is a man(7) macro or a roff request the page defines with.
    let known = [
        ".TH", ".SH", ".SS", ".TP", ".IP", ".RS", ".RE", ".br", ".PP", ".ie", ".el",
    ];
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let request = line.split_whitespace().next().unwrap();
        assert!(known.contains(&request), "unexpected request: {line}");
    }
    assert!(
        !page.contains("(1)"),
        "points at pages that are not installed"
    );
}

/// groff's own warnings (`-ww`) on the page, where groff is installed.
#[test]
fn man_page_renders_without_groff_warnings() {
    let page = stdout_of(&["man"]);
    let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("groff not installed: rendering not checked");
        return;
    };
    use std::io::Write;
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let rendered = groff.wait_with_output().unwrap();
    let warnings = String::from_utf8_lossy(&rendered.stderr);
    assert!(
        rendered.status.success() && warnings.is_empty(),
        "{warnings}"
    );
}
