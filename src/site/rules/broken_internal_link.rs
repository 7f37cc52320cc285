//! `site/broken-internal-link`.

use crate::site::model::Resolved;
use crate::site::{PageRef, Site, SiteFinding};

super::site_meta!(
    "site/broken-internal-link",
    Warning,
    "An internal link or #anchor points to a page or heading that does not exist",
    "### What\n\nLinks between pages of the site that lead nowhere: a relative link to a file \
     that is not among the linted files, a URL that no page has, a Hugo `ref`/`relref` to a \
     missing page, or a `#anchor` that the target page does not define (heading slugs as \
     GitHub and Hugo make them, explicit `{#id}`s, HTML `id`/`name`). The finding names the \
     linking page (with the line) and, for a missing anchor, the target page.\n\n### How \
     links are resolved\n\n`[site] link_schemes` lists how a link may address a page: \
     `files` (a path relative to the linking file, or to the content directory when it starts \
     with `/`; the extension may be left out and a directory means its index page), `slugs` \
     (the page's URL: its path below `[site] content_dir` without extension, or its `slug`, \
     `url` or `aliases`; relative URLs resolve against the linking page's URL as a browser \
     does; `[site] base_path` is stripped) and `hugo-ref` (Hugo's `ref` and `relref`: the \
     linking page's directory, then the content directory). Links with a scheme (`https:`, \
     `mailto:`) and links to files that are not pages (`.png`, `.pdf`: see `[site] \
     page_extensions`) are not checked, nor destinations built by templates (`{{ }}`, `{% %}`); \
     a page with shortcodes or template syntax may render anchors its Markdown does not show, \
     so its anchors are not judged. Only the linted files are the site: run the site checks \
     over the whole site.\n\n### Severity\n\nA warning by default: on the Hugo docs (930 \
     pages) most reports come from the site's own conventions (a link render hook that reads \
     `[term](g)` as a glossary link, URLs Hugo lowercases, pages generated at build time). A \
     site whose links are plain files can make it an error (`[rules] \
     \"site/broken-internal-link\" = \"error\"`), as the acceptance fixture does.\n\n### Why\n\nA broken link is a dead end for readers and \
     for crawlers.\n\n### Config\n\n`[site] link_schemes`, `content_dir`, `base_path`, \
     `index_names`, `page_extensions`, `ref_shortcodes`, `anchor_style`."
);

pub fn check(site: &Site) -> Vec<SiteFinding> {
    let mut out = Vec::new();
    for (i, page) in site.pages().iter().enumerate() {
        for link in &page.signature.links {
            let finding = |message: String, pages: Vec<PageRef>| SiteFinding {
                rule: META.id.to_string(),
                severity: META.severity,
                message,
                pages,
                similarity: None,
            };
            match site.resolve(i, link) {
                Resolved::Missing => out.push(finding(
                    format!("`{}` links to no page of the site", link.target),
                    vec![PageRef::at(&page.path, link.line)],
                )),
                Resolved::Page(to, Some(anchor)) => {
                    let target = &site.pages()[to];
                    // A templated page's anchors are known only once it is rendered.
                    if !target.signature.templated && !target.signature.anchors.contains(&anchor) {
                        let place = if to == i {
                            "this page".to_string()
                        } else {
                            format!("`{}`", target.path)
                        };
                        let mut pages = vec![PageRef::at(&page.path, link.line)];
                        if to != i {
                            pages.push(PageRef::new(&target.path));
                        }
                        out.push(finding(
                            format!(
                                "`{}`: {place} has no heading or anchor `#{anchor}`",
                                link.target
                            ),
                            pages,
                        ));
                    }
                }
                Resolved::Page(_, None) | Resolved::OtherFile | Resolved::NotChecked => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::site;

    #[test]
    fn a_missing_page_and_a_missing_anchor_are_found_and_good_links_are_not() {
        let s = site(&[
            (
                "docs/a.md",
                "# A\n\n## Setup steps\n\n[ok](b.md#usage) [ok](#setup-steps) [ok](../docs/b)\n\n\
                 [gone](c.md) [bad anchor](b.md#nope) [self](#missing)\n\n[img](x.png) \
                 [web](https://example.org/c.md)\n",
            ),
            ("docs/b.md", "# B\n\n## Usage\n\ntext\n"),
            // Anchors rendered by a shortcode, a destination built by a template: not judged.
            (
                "docs/e.md",
                "# E\n\n{{% settings %}}\n\n[one](#baseurl) [two]({{% eturl sitemap %}})\n",
            ),
            ("docs/f.md", "# F\n\n[ok](e.md#cachedir)\n"),
        ]);
        let found = check(&s);
        type Pages = Vec<(String, Option<usize>)>;
        let summary: Vec<(String, Pages)> = found
            .iter()
            .map(|f| {
                (
                    f.message.clone(),
                    f.pages.iter().map(|p| (p.path.clone(), p.line)).collect(),
                )
            })
            .collect();
        assert_eq!(found.len(), 3, "{summary:#?}");
        assert!(found[0].message.contains("`c.md` links to no page"));
        assert_eq!(summary[0].1, vec![("docs/a.md".to_string(), Some(7))]);
        assert!(found[1].message.contains("#nope"));
        assert_eq!(
            summary[1].1,
            vec![
                ("docs/a.md".to_string(), Some(7)),
                ("docs/b.md".to_string(), None)
            ]
        );
        assert!(
            found[2]
                .message
                .contains("this page has no heading or anchor `#missing`")
        );
    }
}
