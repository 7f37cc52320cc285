use super::{keyword, placement, rated, title_range};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The title (front-matter `title`, else the H1) contains the primary keyword. Matching
    /// ignores case and apostrophes, takes hyphens as word breaks and accepts a regular plural
    /// (as `seo/keyword-density` counts). Skipped when there is no primary keyword
    /// (`seo/no-keyword`); info, not a warning, when the keyword was derived from the title.
    ///
    /// ### Why
    ///
    /// Search engines weigh the title most, and searchers scan it for their query.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// ---
    /// title: Getting started
    /// keyword: cargo workspaces
    /// ---
    /// ```
    ///
    /// Good: `title: Cargo workspaces in ten minutes`.
    ///
    /// ### Config
    ///
    /// The keyword: `--keyword`, else front-matter `keyword` (`[seo] keyword_keys`), else derived
    /// from the title (`[seo] derive_keyword`).
    ///
    /// ### Source
    ///
    /// Yoast SEO's keyphrase in SEO title assessment.
    pub KeywordInTitle {
        id: "seo/keyword-in-title",
        dimension: Seo,
        severity: Warning,
        summary: "The title contains the primary keyword",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\ntitle: Getting started\nkeyword: cargo workspaces\n---\n# Getting started\n\nCargo workspaces share one lock file.\n",
            ],
            pass: [
                "---\ntitle: Cargo workspaces in ten minutes\nkeyword: cargo workspaces\n---\n# Cargo workspaces in ten minutes\n\nCargo workspaces share one lock file.\n",
                "# Getting started\n\nInstall the tool and run it on a folder.\n",
            ],
        },
    }
}

impl Rule for KeywordInTitle {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let title = doc.title();
        let a = placement(
            &keyword(doc, ctx),
            title.as_deref(),
            title_range(doc),
            "the title",
            "Add the primary keyword to the title",
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
    fn good_when_the_title_holds_the_keyword_bad_at_the_title_when_not() {
        assert_eq!(
            assess(&KeywordInTitle, PLACEMENTS, Some("rust linting")).rating,
            Rating::Good
        );
        let a = assess(&KeywordInTitle, PLACEMENTS, Some("cargo clippy"));
        assert_eq!(a.rating, Rating::Bad);
        // the front-matter title line, not the start of the file
        assert_eq!(&PLACEMENTS[a.range.unwrap()], "title: Rust linting guide");
        assert!(a.message.contains("is not in the title"), "{}", a.message);
        let a = assess(&KeywordInTitle, "Text only.\n", Some("x"));
        assert!(a.message.contains("no title"), "{}", a.message);
    }
}
