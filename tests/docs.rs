//! The manual: the rule list in docs/rules.md is the registry's (`contentlint rules
//! --markdown`), every rule has its page under docs/rules/ as `contentlint rules --docs` writes
//! it, and every relative link in README.md, docs/*.md and docs/rules/ points at a file that
//! exists (and, with a `#fragment`, at a heading of that file).

use contentlint::config::Config;
use contentlint::engine::RuleSet;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
mod support;

use std::path::{Path, PathBuf};
use support::markdown_files;

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

#[test]
fn readme_rule_table_matches_the_registry() {
    let page = std::fs::read_to_string("README.md").unwrap();
    let start = page
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker in README.md")
        + "<!-- rules:start -->\n".len();
    let end = page
        .find("<!-- rules:end -->")
        .expect("rules:end marker in README.md");
    let expected = RuleSet::for_config(&Config::default())
        .unwrap()
        .markdown_table_linking_to("docs/rules/");
    assert_eq!(
        &page[start..end],
        expected,
        "the README's rule table is stale: paste `cargo run -- rules --markdown --link-prefix \
         docs/rules/` between the markers"
    );
}

#[test]
fn every_rule_has_its_generated_page() {
    let set = RuleSet::for_config(&Config::default()).unwrap();
    let expected = contentlint::rule_docs::pages(&set).unwrap();
    let mut problems = Vec::new();
    for (path, text) in &expected {
        let file = Path::new(contentlint::rule_docs::PAGES_DIR).join(path);
        match std::fs::read_to_string(&file) {
            Ok(found) if &found == text => {}
            Ok(_) => problems.push(format!("{} is stale", file.display())),
            Err(e) => problems.push(format!("{}: {e}", file.display())),
        }
    }
    // A page whose rule is gone (renamed or removed) goes too.
    let mut on_disk = Vec::new();
    markdown_files(Path::new(contentlint::rule_docs::PAGES_DIR), &mut on_disk);
    for file in &on_disk {
        let relative = file
            .strip_prefix(contentlint::rule_docs::PAGES_DIR)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !expected.iter().any(|(path, _)| *path == relative) {
            problems.push(format!("{} belongs to no rule", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with `cargo run -- rules --docs docs/rules` (and delete pages of removed rules)",
        problems.join("\n")
    );
    let ids: std::collections::HashSet<_> = set.rules.iter().map(|r| r.meta().id.clone()).collect();
    assert_eq!(expected.len(), ids.len(), "one page per rule id");
    assert!(expected.len() >= 40, "{} pages", expected.len());
}

#[test]
fn a_rule_page_holds_the_rules_documentation() {
    let set = RuleSet::for_config(&Config::default()).unwrap();
    let rule = set.get("structure/single-h1").unwrap().meta();
    let page = contentlint::rule_docs::page(&set, "structure/single-h1");
    assert!(page.contains("# `structure/single-h1`\n"), "{page}");
    assert!(page.contains(rule.summary.as_ref()));
    assert!(page.contains("## Why\n"), "{page}");
    // every paragraph of the documentation, word for word
    for paragraph in rule.doc.split("\n\n").filter(|p| !p.trim().is_empty()) {
        assert!(page.contains(paragraph.trim()), "missing: {paragraph}");
    }
    // tone profiles: every variant on one page
    let page = contentlint::rule_docs::page(&set, "style/exclamation");
    for variant in set.all("style/exclamation") {
        assert!(page.contains(variant.meta().summary.as_ref()));
    }
}

/// README.md and every Markdown page under docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    markdown_files(Path::new("docs"), &mut pages);
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
