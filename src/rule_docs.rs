//! One documentation page per rule (`docs/rules/<group>/<name>.md`), generated from the
//! rule's documentation (what `contentlint explain` prints), and the links to those pages: the
//! rule table of `docs/rules.md` and the language server's `codeDescription`.
//!
//! `contentlint rules --docs docs/rules` writes the pages; `tests/docs.rs` checks that every
//! rule has its page and that each page is what this module makes of the rule now.

use crate::config::Config;
use crate::engine::RuleSet;
use crate::rule::RuleMeta;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Where the pages live, relative to the repository root.
pub const PAGES_DIR: &str = "docs/rules";

/// The sections of a rule's documentation (see `src/rules/declare.rs`): a line holding only
/// one of these is a heading.
const SECTIONS: [&str; 5] = ["What", "Why", "Example", "Config", "Source"];

/// Ids of the rules that have a page: the built-in rules and the built-in packs' rules (a
/// user's pack rules have none).
static DOCUMENTED: LazyLock<HashSet<String>> = LazyLock::new(|| {
    RuleSet::for_config(&Config::default())
        .map(|set| set.rules.iter().map(|r| r.meta().id.to_string()).collect())
        .unwrap_or_default()
});

/// A page's path under [`PAGES_DIR`] (`group/name.md`); `None` for an id that is not
/// `group/name` in lower-case letters, digits and `-` (so no id can name a path outside).
pub fn page_path(id: &str) -> Option<String> {
    let (group, name) = id.split_once('/')?;
    let safe = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    (safe(group) && safe(name)).then(|| format!("{group}/{name}.md"))
}

/// Whether the rule `id` has a documentation page.
pub fn has_page(id: &str) -> bool {
    page_path(id).is_some() && DOCUMENTED.contains(id)
}

/// The address of the rule's page in the repository (`Cargo.toml` `repository`), when the
/// crate names one and the rule has a page.
pub fn docs_url(id: &str) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repository.is_empty() || !has_page(id) {
        return None;
    }
    Some(format!(
        "{repository}/blob/main/{PAGES_DIR}/{}",
        page_path(id)?
    ))
}

/// A rule's documentation text as Markdown: section names become headings at `level`, a line
/// break inside a paragraph (`Bad:` then `Good:`) stays a line break; indented code stays code.
pub fn doc_markdown(doc: &str, level: usize) -> String {
    let hashes = "#".repeat(level);
    let lines: Vec<&str> = doc.trim().lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let prose = |l: &str| !l.trim().is_empty() && !l.starts_with("    ");
        if SECTIONS.contains(&line.trim()) {
            out.push_str(&format!("{hashes} {}\n", line.trim()));
            continue;
        }
        out.push_str(line.trim_end());
        // CommonMark joins the lines of a paragraph; a trailing backslash keeps the break.
        let next = lines.get(i + 1).copied().unwrap_or("");
        if prose(line) && prose(next) && !SECTIONS.contains(&next.trim()) {
            out.push('\\');
        }
        out.push('\n');
    }
    out
}

/// The facts line of a rule: dimension, default severity, weight and cap.
fn facts(meta: &RuleMeta) -> String {
    format!(
        "| dimension | default severity | weight | cap |\n|---|---|---|---|\n| {} | {} | {} | {} |\n",
        meta.dimension, meta.severity, meta.weight, meta.cap
    )
}

/// The hover text of the language server for a rule (its variants when tone profiles each
/// define it): id, summary, facts and documentation, in Markdown.
pub fn hover_markdown(variants: &[&RuleMeta]) -> String {
    let mut out = String::new();
    for (i, meta) in variants.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        out.push_str(&format!(
            "**{}**: {}\n\n{}\n{}",
            meta.id,
            meta.summary,
            facts(meta),
            doc_markdown(&meta.doc, 4)
        ));
    }
    out
}

/// The page of the rule `id` (every variant in `set`).
pub fn page(set: &RuleSet, id: &str) -> String {
    let variants: Vec<&RuleMeta> = set.all(id).map(|r| r.meta()).collect();
    let mut out = format!(
        "<!-- Generated from the rule's documentation by `contentlint rules --docs {PAGES_DIR}`: \
         edit the rule, then run that. -->\n\n# `{id}`\n\n"
    );
    if let [meta] = variants.as_slice() {
        out.push_str(&format!(
            "{}\n\n{}\n{}",
            meta.summary,
            facts(meta),
            doc_markdown(&meta.doc, 2)
        ));
    } else {
        out.push_str(
            "Each tone profile defines this rule its own way; the article's tone chooses one \
             ([tone profiles](../../rules.md#the-critic)).\n\n",
        );
        for meta in &variants {
            out.push_str(&format!(
                "## {}\n\n{}\n{}\n",
                meta.summary,
                facts(meta),
                doc_markdown(&meta.doc, 3)
            ));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n`contentlint explain {id}` prints this in a terminal. Back to the [rule list](../../rules.md#rule-list).\n"
    ));
    out
}

/// Every page of `set`: its path under [`PAGES_DIR`] and its text, one per rule id, in the
/// set's order.
pub fn pages(set: &RuleSet) -> Result<Vec<(String, String)>, String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for rule in &set.rules {
        let id = rule.meta().id.as_ref();
        if !seen.insert(id) {
            continue;
        }
        let path = page_path(id).ok_or_else(|| {
            format!("rule id `{id}` is not `group/name` in lower case; it cannot name a page")
        })?;
        out.push((path, page(set, id)));
    }
    Ok(out)
}

/// Write the pages of the built-in rules under `dir`; the paths written.
pub fn write_pages(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let set = RuleSet::for_config(&Config::default()).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for (path, text) in pages(&set)? {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_are_group_and_name_only() {
        assert_eq!(
            page_path("structure/single-h1").as_deref(),
            Some("structure/single-h1.md")
        );
        for bad in ["single-h1", "../x/y", "a/../b", "a/b/c", "A/b", "a/", "/b"] {
            assert_eq!(page_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn sections_become_headings_and_breaks_stay() {
        let doc = "What\n\nOne rule.\n\nExample\n\nBad:  x!\nGood: x.\n\n    code\n    more\n\nSource\n\nYoast.";
        assert_eq!(
            doc_markdown(doc, 2),
            "## What\n\nOne rule.\n\n## Example\n\nBad:  x!\\\nGood: x.\n\n    code\n    more\n\n## Source\n\nYoast.\n"
        );
    }

    #[test]
    fn built_in_rules_have_pages_and_user_rules_do_not() {
        assert!(has_page("structure/single-h1"));
        assert!(has_page("filler/generic-phrase"), "a built-in pack rule");
        assert!(!has_page("mysite/house-style"));
        let url = docs_url("structure/single-h1").unwrap();
        assert!(
            url.ends_with("/blob/main/docs/rules/structure/single-h1.md"),
            "{url}"
        );
        assert_eq!(docs_url("mysite/house-style"), None);
    }
}
