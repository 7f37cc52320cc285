//! `site/duplicate-meta-description`.

use crate::site::{Site, SiteFinding};

super::site_meta!(
    "site/duplicate-meta-description",
    Warning,
    "Two or more pages of the site have the same meta description",
    "### What\n\nPages whose meta descriptions (front-matter `description`, `meta_description` \
     or `summary`) are the same, ignoring case and spacing. One finding names every page of \
     the group.\n\n### Why\n\nThe meta description is the search result's snippet; a copied \
     one tells searchers nothing about which page answers them (Google Search Central, \
     \"Control your snippets\": create unique descriptions for each page).\n\n### Example\n\n\
     Two pages with `description: Learn more about our product.`\n\n### Config\n\n\
     `[rules] \"site/duplicate-meta-description\"`."
);

pub fn check(site: &Site) -> Vec<SiteFinding> {
    super::groups(
        site,
        &META,
        |p| p.signature.meta.clone(),
        |meta, n| format!("{n} pages have the meta description \"{meta}\""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::{paths, site};

    #[test]
    fn pages_with_one_description_are_one_finding() {
        let s = site(&[
            ("a.md", "---\ndescription: Tea, brewed.\n---\ntext\n"),
            ("b.md", "---\ndescription: Coffee.\n---\ntext\n"),
            ("c.md", "---\nsummary: tea,   BREWED.\n---\ntext\n"),
        ]);
        let found = check(&s);
        assert_eq!(found.len(), 1);
        assert_eq!(paths(&found[0]), vec!["a.md", "c.md"]);
    }
}
