use super::{META_DESCRIPTION_KEYS, front_matter_line, keyword, placement, rated};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The meta description (front-matter `description`, or `meta_description`, `summary`)
    /// contains the primary keyword; an article without one is rated bad too. Matching is as
    /// `seo/keyword-density` counts. Skipped when there is no primary keyword
    /// (`seo/no-keyword`); info, not a warning, when the keyword was derived from the title.
    ///
    /// ### Why
    ///
    /// Search engines bold the query's words in the snippet.
    ///
    /// ### Example
    ///
    /// ```yaml
    /// keyword: cargo workspaces
    /// description: How to split a large Rust project into crates that build together.
    /// ```
    ///
    /// Good: `description: How cargo workspaces split a large Rust project into crates.`
    ///
    /// ### Config
    ///
    /// The keyword: `--keyword`, else front-matter `keyword` (`[seo] keyword_keys`), else derived
    /// from the title (`[seo] derive_keyword`).
    ///
    /// ### Source
    ///
    /// Yoast SEO's keyphrase in meta description assessment.
    pub KeywordInMetaDescription {
        id: "seo/keyword-in-meta-description",
        dimension: Seo,
        severity: Warning,
        summary: "The meta description contains the primary keyword",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\nkeyword: cargo workspaces\ndescription: How to split a large Rust project into crates that build together.\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n",
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n",
            ],
            pass: [
                "---\nkeyword: cargo workspaces\ndescription: How cargo workspaces split a large Rust project into crates.\n---\n# Cargo workspaces\n\nCargo workspaces share one lock file.\n",
            ],
        },
    }
}

impl Rule for KeywordInMetaDescription {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let d = doc.front_matter.description();
        let a = placement(
            &keyword(doc, ctx),
            d.as_deref(),
            front_matter_line(doc, META_DESCRIPTION_KEYS),
            "the meta description",
            "Add the primary keyword to the meta description",
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
    fn bad_at_the_description_line_without_the_keyword() {
        assert_eq!(
            assess(&KeywordInMetaDescription, PLACEMENTS, Some("rust linting")).rating,
            Rating::Good
        );
        let a = assess(&KeywordInMetaDescription, PLACEMENTS, Some("cargo clippy"));
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(
            &PLACEMENTS[a.range.unwrap()],
            "description: How rust linting works."
        );
        let a = assess(&KeywordInMetaDescription, "# T\n", Some("x"));
        assert_eq!(a.rating, Rating::Bad);
        assert!(a.message.contains("no meta description"), "{}", a.message);
    }
}
