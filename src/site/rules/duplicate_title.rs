//! `site/duplicate-title`.

use crate::site::{Site, SiteFinding};

super::site_meta!(
    "site/duplicate-title",
    Warning,
    "Two or more pages of the site have the same title",
    "### What\n\nPages whose titles (front-matter `title`, else the first H1) are the same, \
     ignoring case and spacing. One finding names every page of the group.\n\n### Why\n\n\
     The title is the search result's headline: pages with one title compete for the same \
     query and look interchangeable in results and tabs (Google Search Central, \"Influencing \
     your title links\": make titles distinct for each page).\n\n### Example\n\n\
     `guide/install.md` and `blog/install.md` both titled \"Install\".\n\n### Config\n\n\
     `[rules] \"site/duplicate-title\"` (severity or \"off\")."
);

pub fn check(site: &Site) -> Vec<SiteFinding> {
    super::groups(
        site,
        &META,
        |p| p.signature.title.clone(),
        |title, n| format!("{n} pages have the title \"{title}\""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::{paths, site};

    #[test]
    fn pages_with_one_title_are_one_finding() {
        let s = site(&[
            ("a.md", "---\ntitle: Install\n---\ntext\n"),
            ("b.md", "# install\n\ntext\n"),
            ("c.md", "---\ntitle: Configure\n---\ntext\n"),
            ("d.md", "text without title\n"),
        ]);
        let found = check(&s);
        assert_eq!(found.len(), 1);
        assert_eq!(paths(&found[0]), vec!["a.md", "b.md"]);
        assert!(found[0].message.contains("2 pages"), "{}", found[0].message);
    }
}
