//! The site rules: one file each, like the file rules, with metadata (id, dimension
//! `web_structure`, default severity, docs) and a check over the [`Site`]. Severities are set
//! in `[rules]` and `--select`/`--ignore` pick them as any rule (see [`crate::site::check`]).

mod broken_internal_link;
mod duplicate_meta_description;
mod duplicate_title;
mod keyword_cannibalization;
mod near_duplicate;
mod orphan_page;

use super::{PageRef, Site, SiteFinding};
use crate::rule::RuleMeta;
use std::collections::BTreeMap;

/// A site rule: its metadata and its check.
pub struct SiteRule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Site) -> Vec<SiteFinding>,
}

/// Every site rule, in report order.
pub static RULES: &[SiteRule] = &[
    SiteRule {
        meta: &duplicate_title::META,
        check: duplicate_title::check,
    },
    SiteRule {
        meta: &duplicate_meta_description::META,
        check: duplicate_meta_description::check,
    },
    SiteRule {
        meta: &keyword_cannibalization::META,
        check: keyword_cannibalization::check,
    },
    SiteRule {
        meta: &near_duplicate::META,
        check: near_duplicate::check,
    },
    SiteRule {
        meta: &broken_internal_link::META,
        check: broken_internal_link::check,
    },
    SiteRule {
        meta: &orphan_page::META,
        check: orphan_page::check,
    },
];

/// The site rule with this id.
pub fn get(id: &str) -> Option<&'static SiteRule> {
    RULES.iter().find(|r| r.meta.id == id)
}

/// Declares a site rule's `META` (a [`RuleMeta`]; weight and cap are unused: site findings
/// cost no page's score).
macro_rules! site_meta {
    ($id:literal, $severity:ident, $summary:literal, $doc:literal) => {
        pub static META: crate::rule::RuleMeta = crate::rule::RuleMeta {
            id: ::std::borrow::Cow::Borrowed($id),
            dimension: crate::finding::Dimension::WebStructure,
            severity: crate::finding::Severity::$severity,
            summary: ::std::borrow::Cow::Borrowed($summary),
            doc: ::std::borrow::Cow::Borrowed($doc),
            weight: 0.0,
            cap: 0.0,
        };
    };
}
pub(crate) use site_meta;

/// Lower case, whitespace collapsed: two titles that read the same are the same.
pub(crate) fn normalise_text(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One finding per group of two or more pages that share a key. Groups are ordered by their
/// first page's path; `message` words the finding from the key and the page count.
pub(crate) fn groups(
    site: &Site,
    meta: &RuleMeta,
    key: impl Fn(&super::Page) -> Option<String>,
    message: impl Fn(&str, usize) -> String,
) -> Vec<SiteFinding> {
    let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, page) in site.pages().iter().enumerate() {
        if let Some(k) = key(page).filter(|k| !k.is_empty()) {
            by_key
                .entry(normalise_text(&k))
                .or_insert_with(|| (k.clone(), Vec::new()))
                .1
                .push(i);
        }
    }
    let mut out: Vec<(usize, SiteFinding)> = by_key
        .into_values()
        .filter(|(_, pages)| pages.len() > 1)
        .map(|(shown, pages)| {
            let first = pages[0];
            (
                first,
                SiteFinding {
                    rule: meta.id.to_string(),
                    severity: meta.severity,
                    message: message(&shown, pages.len()),
                    pages: pages
                        .iter()
                        .map(|&i| PageRef::new(&site.pages()[i].path))
                        .collect(),
                    similarity: None,
                },
            )
        })
        .collect();
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::config::Config;
    use crate::document::Document;
    use crate::site::{Signature, Site, SiteConfig};
    use std::sync::Arc;

    /// A site of `(path, source)` pages, parsed and signed with `config`.
    pub fn site_with(pages: &[(&str, &str)], config: &Config) -> Site {
        let pages = pages
            .iter()
            .map(|(path, source)| {
                let doc = Document::parse(source.to_string()).expect("valid front matter");
                (
                    path.to_string(),
                    Arc::new(Signature::of(&doc, config, None)),
                )
            })
            .collect();
        Site::new(pages, Vec::new(), &config.site)
    }

    pub fn site(pages: &[(&str, &str)]) -> Site {
        site_with(pages, &Config::default())
    }

    pub fn paths(f: &crate::site::SiteFinding) -> Vec<&str> {
        f.pages.iter().map(|p| p.path.as_str()).collect()
    }

    #[allow(dead_code)]
    pub fn config(edit: impl FnOnce(&mut SiteConfig)) -> Config {
        let mut c = Config::default();
        edit(&mut c.site);
        c
    }
}
