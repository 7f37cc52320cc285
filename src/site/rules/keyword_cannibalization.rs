//! `site/keyword-cannibalization`.

use crate::site::{Site, SiteFinding};

super::site_meta!(
    "site/keyword-cannibalization",
    Warning,
    "Several pages of the site target the same primary keyword",
    "### What\n\nPages with the same primary keyword (compared as keyword tokens, ignoring case \
     and punctuation). Only keywords set in the front matter (`keyword`, `keyphrase`, \
     `focus_keyword`, `keywords`, or `[seo] keyword_keys`) count, unless `[site] \
     derived_keywords = true` also counts keywords derived from titles. A keyword given with \
     `--keyword` is every page's and is not compared.\n\n### Why\n\nPages that target one query \
     compete with each other for it, and search engines pick one, not always the one you meant \
     (Yoast: \"previously used keyphrase\" check; Moz, \"keyword cannibalization\").\n\n\
     ### Example\n\nThree posts with `keyword: green tea`.\n\n### Config\n\n`[site] \
     derived_keywords`, `[rules] \"site/keyword-cannibalization\"`."
);

pub fn check(site: &Site) -> Vec<SiteFinding> {
    let derived = site.config().derived_keywords;
    super::groups(
        site,
        &META,
        |p| {
            let s = &p.signature;
            let counted =
                s.keyword_source == "front_matter" || (derived && s.keyword_source == "derived");
            counted
                .then(|| s.keyword.as_deref().map(keyword_key))
                .flatten()
        },
        |keyword, n| format!("{n} pages have the primary keyword \"{keyword}\""),
    )
}

/// The keyword as its tokens ("Green-Tea" and "green tea" are one keyword).
fn keyword_key(keyword: &str) -> String {
    crate::seo::keyword_tokens(keyword).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::{config, paths, site, site_with};

    const PAGES: &[(&str, &str)] = &[
        ("a.md", "---\nkeyword: Green tea\n---\ntext\n"),
        ("b.md", "---\nkeywords: [green-tea, oolong]\n---\ntext\n"),
        ("c.md", "---\nkeyphrase: green tea\n---\ntext\n"),
        ("d.md", "---\nkeyword: black tea\n---\ntext\n"),
        (
            "e.md",
            "---\ntitle: Green tea\n---\n# Green tea\n\nGreen tea is brewed cool. Green tea is light.\n",
        ),
    ];

    #[test]
    fn three_pages_with_one_keyword_are_one_finding_and_derived_ones_are_left_out() {
        let found = check(&site(PAGES));
        assert_eq!(found.len(), 1);
        assert_eq!(paths(&found[0]), vec!["a.md", "b.md", "c.md"]);
        assert!(found[0].message.contains("3 pages"), "{}", found[0].message);
    }

    #[test]
    fn derived_keywords_count_when_asked() {
        let c = config(|s| s.derived_keywords = true);
        let found = check(&site_with(PAGES, &c));
        // e.md's keyword is derived from its title "Green tea".
        assert_eq!(found.len(), 1);
        assert_eq!(paths(&found[0]), vec!["a.md", "b.md", "c.md", "e.md"]);
    }
}
