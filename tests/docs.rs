//! The manual: the rule list in docs/rules.md is the registry's (`contentlint rules
//! --markdown`), and every relative link in README.md and docs/*.md points at a file that
//! exists (and, with a `#fragment`, at a heading of that file).

use contentlint::config::Config;
use contentlint::engine::RuleSet;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

#[test]
fn rule_list_matches_the_registry() {
    let page = std::fs::read_to_string("docs/rules.md").unwrap();
    let start = page
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = page.find("<!-- rules:end -->").expect("rules:end marker");
    let expected = RuleSet::for_config(&Config::default())
        .unwrap()
        .markdown_table();
    assert_eq!(
        &page[start..end],
        expected,
        "docs/rules.md rule list is stale: paste `cargo run -- rules --markdown` between the markers"
    );
}

/// README.md and every docs/*.md.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

/// Link targets of a Markdown page (code spans and blocks are not links).
fn links(text: &str) -> Vec<String> {
    Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as `-`.
fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().unwrap_or_default();
                out.push(
                    h.to_lowercase()
                        .chars()
                        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                        .map(|c| if c == ' ' { '-' } else { c })
                        .collect(),
                );
            }
            _ => {}
        }
    }
    out
}

/// The problem with one link of `page`, if any.
fn broken(page: &Path, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (file, fragment) = match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target, None),
    };
    let path = if file.is_empty() {
        page.to_path_buf()
    } else {
        page.parent().unwrap_or(Path::new("")).join(file)
    };
    if !path.exists() {
        return Some(format!("{} does not exist", path.display()));
    }
    let fragment = fragment?;
    if path.extension().is_none_or(|x| x != "md") {
        return None;
    }
    let text = std::fs::read_to_string(&path).unwrap();
    (!anchors(&text).iter().any(|a| a == fragment))
        .then(|| format!("{} has no heading #{fragment}", path.display()))
}

#[test]
fn relative_links_resolve() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for target in links(&text) {
            checked += 1;
            if let Some(problem) = broken(&page, &target) {
                problems.push(format!("{}: ({target}): {problem}", page.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    assert!(checked >= 10, "only {checked} links found");
}

#[test]
fn broken_links_and_anchors_are_caught() {
    let readme = Path::new("README.md");
    assert_eq!(broken(readme, "docs/cli.md"), None);
    assert_eq!(broken(readme, "https://example.com/missing.md"), None);
    assert_eq!(
        broken(readme, "docs/configuration.md#presets-and-excludes"),
        None
    );
    assert!(broken(readme, "docs/no-such-page.md").is_some());
    assert!(broken(readme, "docs/configuration.md#no-such-heading").is_some());
    assert!(broken(Path::new("docs/cli.md"), "cli.md").is_none());
    assert!(broken(Path::new("docs/cli.md"), "docs/cli.md").is_some());
    assert_eq!(
        anchors("# A `b` c: d\n\n## Try it (Ollama)\n"),
        ["a-b-c-d", "try-it-ollama"]
    );
}

#[test]
fn the_readme_test_command_is_what_ci_runs() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    for command in [
        "cargo test --locked",
        "cargo run --release -- check fixtures/",
    ] {
        assert!(readme.contains(command), "README lacks `{command}`");
    }
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test --locked"),
        ".ci/run no longer runs the README's test command"
    );
}
