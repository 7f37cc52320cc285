use super::{keyword, placement_held, rated};
use crate::document::{Block, BlockKind, Document};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The first paragraph of the body contains the primary keyword. The first paragraph is the
    /// first prose paragraph of the body under whatever heading (not a quotation or a
    /// footnote): a page that opens with a heading has its first paragraph under it. Matching is
    /// as `seo/keyword-density` counts. Skipped when there is no primary keyword
    /// (`seo/no-keyword`); info, not a warning, when the keyword was derived from the title.
    ///
    /// ### Why
    ///
    /// Readers and search engines see at once what the article is about.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// ---
    /// keyword: cargo workspaces
    /// ---
    /// # Cargo workspaces
    ///
    /// Large projects grow into many crates.
    /// ```
    ///
    /// Good: "Cargo workspaces keep the many crates of a large project together."
    ///
    /// ### Config
    ///
    /// The keyword: `--keyword`, else front-matter `keyword` (`[seo] keyword_keys`), else derived
    /// from the title (`[seo] derive_keyword`).
    ///
    /// ### Source
    ///
    /// Yoast SEO's keyphrase in introduction assessment.
    pub KeywordInFirstParagraph {
        id: "seo/keyword-in-first-paragraph",
        dimension: Seo,
        severity: Warning,
        summary: "The first paragraph contains the primary keyword",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nLarge projects grow into many crates.\n\n## Layout\n\nCargo workspaces share one lock file.\n",
            ],
            pass: [
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces keep the many crates of a large project together.\n",
                "---\nkeyword: cargo workspaces\n---\n## Setting up\n\nCargo workspaces start with one manifest.\n",
            ],
        },
    }
}

impl Rule for KeywordInFirstParagraph {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let k = keyword(doc, ctx);
        let p = first_body_paragraph(doc);
        // Counted in the document's token stream: splitting the paragraph's words again cost
        // 11 K instructions a file on a blog.
        let held = p.map(|(i, _)| crate::seo::block_holds_keyword(doc, i, &k.tokens));
        let a = placement_held(
            &k,
            held,
            p.map(|(_, p)| p.range()),
            "the first paragraph",
            "Use the primary keyword in the first paragraph",
        );
        rated(&META, doc, ctx, a)
    }
}

/// The first prose paragraph of the body, whichever section it is in, with its index.
fn first_body_paragraph(doc: &Document) -> Option<(usize, &Block)> {
    doc.blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.kind == BlockKind::Paragraph && !b.in_blockquote && !b.in_footnote)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::Rating;
    use crate::rules::seo::testing::{PLACEMENTS, assess};

    #[test]
    fn bad_at_the_first_paragraph_without_the_keyword() {
        assert_eq!(
            assess(&KeywordInFirstParagraph, PLACEMENTS, Some("rust linting")).rating,
            Rating::Good
        );
        let a = assess(&KeywordInFirstParagraph, PLACEMENTS, Some("cargo clippy"));
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(&PLACEMENTS[a.range.unwrap()], "Intro about rust linting.");
        assert!(a.recommendation.is_some());
    }

    #[test]
    fn first_paragraph_under_a_heading_counts() {
        let src = "## Installing rust linting\n\nRust linting starts with cargo.\n\nMore.\n";
        let a = assess(&KeywordInFirstParagraph, src, Some("rust linting"));
        assert_eq!(a.rating, Rating::Good, "{}", a.message);
        let a = assess(&KeywordInFirstParagraph, src, Some("clippy"));
        assert!(
            a.message.contains("is not in the first paragraph"),
            "{}",
            a.message
        );
        let src = "# Title\n\n> Rust linting quoted.\n\n## Setup\n\nNo keyword here.\n";
        let a = assess(&KeywordInFirstParagraph, src, Some("rust linting"));
        assert_eq!(
            a.rating,
            Rating::Bad,
            "a quotation is not the first paragraph"
        );
    }
}
