use super::{keyword, placement_held, rated};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::contains_keyword;

declare_rule! {
    /// ### What
    ///
    /// At least one subheading (H2 or H3) contains the primary keyword; an article without
    /// subheadings is rated bad too. Matching is as `seo/keyword-density` counts. Skipped when
    /// there is no primary keyword (`seo/no-keyword`); info, not a warning, when the keyword was
    /// derived from the title.
    ///
    /// ### Why
    ///
    /// A subheading with the keyword tells readers that the sections are about their query.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// ---
    /// keyword: cargo workspaces
    /// ---
    /// # Cargo workspaces
    ///
    /// ## Layout
    /// ```
    ///
    /// Good: `## Laying out cargo workspaces`.
    ///
    /// ### Config
    ///
    /// The keyword: `--keyword`, else front-matter `keyword` (`[seo] keyword_keys`), else derived
    /// from the title (`[seo] derive_keyword`).
    ///
    /// ### Source
    ///
    /// Yoast SEO's keyphrase in subheading assessment, which counts H2 and H3 subheadings.
    pub KeywordInSubheading {
        id: "seo/keyword-in-subheading",
        dimension: Seo,
        severity: Warning,
        summary: "At least one subheading (H2 or H3) contains the primary keyword",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n\n## Layout\n\nMembers sit in folders.\n",
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n",
            ],
            pass: [
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n\n## Laying out cargo workspaces\n\nMembers sit in folders.\n",
            ],
        },
    }
}

impl Rule for KeywordInSubheading {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let k = keyword(doc, ctx);
        let subheadings: Vec<_> = doc
            .headings
            .iter()
            .filter(|h| matches!(h.level, 2 | 3))
            .collect();
        // Whether one holds it, once (`None` without a subheading to hold it).
        let held = subheadings.first().map(|_| {
            subheadings
                .iter()
                .any(|h| contains_keyword(h.plain(), &k.tokens))
        });
        let a = placement_held(
            &k,
            held,
            subheadings.first().map(|h| h.range.clone()),
            "any subheading",
            "Use the primary keyword in at least one subheading (H2 or H3)",
        );
        rated(&META, doc, ctx, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::Rating;
    use crate::rules::seo::testing::{PLACEMENTS, assess};

    #[test]
    fn bad_at_the_first_subheading_without_the_keyword() {
        assert_eq!(
            assess(&KeywordInSubheading, PLACEMENTS, Some("rust linting")).rating,
            Rating::Good
        );
        let a = assess(&KeywordInSubheading, PLACEMENTS, Some("cargo clippy"));
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(&PLACEMENTS[a.range.unwrap()], "## Why Rust linting");
    }

    #[test]
    fn an_h3_is_a_subheading_and_an_h4_is_not() {
        let h3 = "# T\n\n## Setup\n\n### Rust linting rules\n\ntext\n";
        assert_eq!(
            assess(&KeywordInSubheading, h3, Some("rust linting")).rating,
            Rating::Good
        );
        let h4 = h3.replace("### Rust", "#### Rust");
        assert_eq!(
            assess(&KeywordInSubheading, &h4, Some("rust linting")).rating,
            Rating::Bad
        );
        let a = assess(&KeywordInSubheading, "# T\n\ntext\n", Some("rust linting"));
        assert!(a.message.contains("no subheading"), "{}", a.message);
    }
}
