//! The HTML report: its structure (always), and the page itself in headless Chromium
//! (`scripts/html-report-test.sh`, only where /usr/bin/chromium and node are installed).

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The JSON embedded in the page.
fn embedded(html: &str) -> serde_json::Value {
    let open = "<script id=\"data\" type=\"application/json\">";
    let start = html.find(open).expect("data element") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("the data is JSON")
}

fn html_of(dir: &Path, extra: &[&str]) -> String {
    let out = contentlint()
        .current_dir(dir)
        .args(["check", "--format", "html", "--today", "2026-06-01"])
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 2, "{out:?}");
    assert!(!out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_self_contained_page_with_the_data_embedded_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "blog/a.md",
        "# A </script> title\n\n# Two\n\nShort text.\n",
    );
    write(dir.path(), "blog/b.md", "# B\n\nShort text.\n");
    write(dir.path(), "docs/c.md", "# C\n\nShort text.\n");
    write(dir.path(), "bad.md", "\u{0}binary");
    let html = html_of(dir.path(), &[]);
    assert!(html.starts_with("<!doctype html>"));
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the data and the script, inline"
    );
    assert_eq!(
        html.matches("</script>").count(),
        2,
        "a `</script>` in a page is escaped"
    );
    assert!(
        !html.contains(" src=") && !html.contains("<link"),
        "nothing loaded"
    );
    let data = embedded(&html);
    let pages = data["pages"].as_array().unwrap();
    let paths: Vec<&str> = pages.iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(paths, ["./blog/a.md", "./blog/b.md", "./docs/c.md"]);
    assert_eq!(data["errors"][0][0], "./bad.md");
    assert!(data["base"].as_str().unwrap().starts_with("file:///"));
    // "Short text." pages all miss the same things: each message is stored once.
    let strings = data["strings"].as_array().unwrap();
    let min_h2 = strings
        .iter()
        .filter(|s| s.as_str().unwrap().contains("H2 section"))
        .count();
    assert_eq!(min_h2, 1, "{strings:?}");
    assert!(html.contains("4 pages: <span class=\"good\">0 passed</span>, <span class=\"bad\">3 failed</span>, 1 could not be linted"));
}

#[test]
fn links_use_the_base_url_when_given() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# A\n\ntext\n");
    let html = html_of(
        dir.path(),
        &["--html-base-url", "https://github.com/o/r/blob/main/"],
    );
    assert_eq!(embedded(&html)["base"], "https://github.com/o/r/blob/main/");
}

#[test]
fn a_thousand_pages_stay_small() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        write(
            dir.path(),
            &format!("s{}/p{i}.md", i % 10),
            &format!("# Page {i}\n\nIn 2019 we will ship {i} things. Very unique text.\n"),
        );
    }
    let html = html_of(dir.path(), &["--jobs", "2"]);
    let per_page = html.len() / 1000;
    // Each page here has about eight findings; their messages and advice are shared, so a
    // page costs its path, scores and source lines only.
    assert!(per_page < 1500, "{per_page} bytes a page");
    assert_eq!(embedded(&html)["pages"].as_array().unwrap().len(), 1000);
}

#[test]
fn the_page_works_in_headless_chromium() {
    if !Path::new("/usr/bin/chromium").exists() {
        println!(
            "skipped: /usr/bin/chromium is not installed (scripts/html-report-test.sh installs it as root)"
        );
        return;
    }
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        println!(
            "skipped: node is not installed (the Chromium test drives the page with playwright-core)"
        );
        return;
    }
    // Kept after the run (the screenshot is there to look at): target/tmp/html-report-test.
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report-test");
    let _ = fs::remove_dir_all(&out_dir);
    let root = env!("CARGO_MANIFEST_DIR");
    let run = std::process::Command::new(format!("{root}/scripts/html-report-test.sh"))
        .arg(env!("CARGO_BIN_EXE_contentlint"))
        .arg(&out_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the browser checks failed");
    let result: serde_json::Value =
        serde_json::from_slice(&fs::read(out_dir.join("result.json")).unwrap()).unwrap();
    assert_eq!(result["ok"], true);
    assert_eq!(result["console_errors"], serde_json::json!([]));
    let png = fs::read(out_dir.join("report.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a screenshot was taken");
}
