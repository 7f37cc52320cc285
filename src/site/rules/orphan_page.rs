//! `site/orphan-page`.

use crate::site::model::Resolved;
use crate::site::{PageRef, Site, SiteFinding};

super::site_meta!(
    "site/orphan-page",
    Warning,
    "No other page of the site links to this page",
    "### What\n\nA page that no other linted page links to (by any of `[site] link_schemes`). \
     Index pages (`[site] index_names`: `index`, `_index`, `README`) are reached through \
     their directory and are never reported; `[site] orphan_exempt` lists more (globs below \
     the content directory, such as `search.md` or `legal/**`). A site of one page has no \
     orphans.\n\n### Why\n\nReaders and crawlers find pages by following links; a page \
     nothing links to is found only through the sitemap or search, and passes on no link \
     value (Google Search Central, \"Link best practices\": every page you care about should \
     have a link from at least one other page). Navigation menus built by templates are not \
     in the Markdown: if your menus link to a page, list it in `orphan_exempt`.\n\n\
     ### Config\n\n`[site] index_names`, `orphan_exempt`."
);

pub fn check(site: &Site) -> Vec<SiteFinding> {
    let pages = site.pages();
    if pages.len() < 2 {
        return Vec::new();
    }
    let mut linked = vec![false; pages.len()];
    for (i, page) in pages.iter().enumerate() {
        for link in &page.signature.links {
            if let Resolved::Page(to, _) = site.resolve(i, link)
                && to != i
            {
                linked[to] = true;
            }
        }
    }
    let exempt = {
        let mut b = globset::GlobSetBuilder::new();
        for g in &site.config().orphan_exempt {
            if let Ok(glob) = globset::Glob::new(g) {
                b.add(glob);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    pages
        .iter()
        .enumerate()
        .filter(|&(i, page)| {
            !linked[i] && !site.is_index(i) && !exempt.is_match(site.relative(&page.path))
        })
        .map(|(_, page)| SiteFinding {
            rule: META.id.to_string(),
            severity: META.severity,
            message: "no other page links to this page".to_string(),
            pages: vec![PageRef::new(&page.path)],
            similarity: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::{config, paths, site, site_with};

    const PAGES: &[(&str, &str)] = &[
        ("c/_index.md", "# Home\n\n[a](a.md)\n"),
        ("c/a.md", "# A\n\n[b](b.md) [self](a.md)\n"),
        ("c/b.md", "# B\n\n[a](a.md)\n"),
        ("c/lonely.md", "# Lonely\n\n[a](a.md) [self](#lonely)\n"),
        ("c/search.md", "# Search\n"),
    ];

    #[test]
    fn a_page_nothing_links_to_is_an_orphan_and_index_pages_are_not() {
        let found = check(&site(PAGES));
        let all: Vec<Vec<&str>> = found.iter().map(paths).collect();
        assert_eq!(all, vec![vec!["c/lonely.md"], vec!["c/search.md"]]);
    }

    #[test]
    fn exempt_globs_are_relative_to_the_content_directory() {
        let c = config(|s| s.orphan_exempt = vec!["search.md".into()]);
        let found = check(&site_with(PAGES, &c));
        let all: Vec<Vec<&str>> = found.iter().map(paths).collect();
        assert_eq!(all, vec![vec!["c/lonely.md"]]);
    }
}
