//! The four "keyword in X" checks share one shape (is the keyword in this piece of text?), so
//! they share this file: `seo/keyword-in-title`, `seo/keyword-in-first-paragraph`,
//! `seo/keyword-in-meta-description`, `seo/keyword-in-subheading`.

use super::{Assessment, Rating, front_matter_line, keyword, rated, title_range};
use crate::document::{Block, BlockKind, Document};
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::{Keyword, contains_keyword};
use std::borrow::Cow;
use std::ops::Range;

const fn meta(id: &'static str, summary: &'static str, doc: &'static str) -> RuleMeta {
    RuleMeta {
        id: Cow::Borrowed(id),
        dimension: Dimension::Seo,
        severity: Severity::Warning,
        summary: Cow::Borrowed(summary),
        doc: Cow::Borrowed(doc),
        weight: 0.0,
        cap: 0.0,
    }
}

pub struct KeywordInTitle;

static IN_TITLE: RuleMeta = meta(
    "seo/keyword-in-title",
    "The title contains the primary keyword",
    "The title (front-matter `title`, else the H1) contains the primary keyword. Search \
engines weigh the title most and searchers scan it for their query.\n\nSource: Yoast SEO's \
keyphrase in SEO title assessment.",
);

impl Rule for KeywordInTitle {
    fn meta(&self) -> &RuleMeta {
        &IN_TITLE
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
        rated(&IN_TITLE, doc, ctx, a)
    }
}

pub struct KeywordInFirstParagraph;

static IN_FIRST_PARAGRAPH: RuleMeta = meta(
    "seo/keyword-in-first-paragraph",
    "The first paragraph contains the primary keyword",
    "The first paragraph of the body contains the primary keyword, so that readers and \
search engines see at once what the article is about. The first paragraph is the first prose \
paragraph of the body under whatever heading (not a quotation or a footnote): a page that \
opens with a heading has its first paragraph under it.\n\nSource: Yoast SEO's keyphrase in \
introduction assessment.",
);

impl Rule for KeywordInFirstParagraph {
    fn meta(&self) -> &RuleMeta {
        &IN_FIRST_PARAGRAPH
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let p = first_body_paragraph(doc);
        let a = placement(
            &keyword(doc, ctx),
            p.map(|p| p.text.text.as_str()),
            p.map(|p| p.range()),
            "the first paragraph",
            "Use the primary keyword in the first paragraph",
        );
        rated(&IN_FIRST_PARAGRAPH, doc, ctx, a)
    }
}

pub struct KeywordInMetaDescription;

static IN_META_DESCRIPTION: RuleMeta = meta(
    "seo/keyword-in-meta-description",
    "The meta description contains the primary keyword",
    "The meta description (front-matter `description`) contains the primary keyword: \
search engines bold the query's words in the snippet.\n\nSource: Yoast SEO's keyphrase in \
meta description assessment.",
);

impl Rule for KeywordInMetaDescription {
    fn meta(&self) -> &RuleMeta {
        &IN_META_DESCRIPTION
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let d = doc.front_matter.description();
        let a = placement(
            &keyword(doc, ctx),
            d.as_deref(),
            front_matter_line(doc, &["description", "meta_description", "summary"]),
            "the meta description",
            "Add the primary keyword to the meta description",
        );
        rated(&IN_META_DESCRIPTION, doc, ctx, a)
    }
}

pub struct KeywordInSubheading;

static IN_SUBHEADING: RuleMeta = meta(
    "seo/keyword-in-subheading",
    "At least one subheading (H2 or H3) contains the primary keyword",
    "At least one subheading (H2 or H3) contains the primary keyword, which tells readers \
that the sections are about their query.\n\nSource: Yoast SEO's keyphrase in subheading \
assessment, which counts H2 and H3 subheadings.",
);

impl Rule for KeywordInSubheading {
    fn meta(&self) -> &RuleMeta {
        &IN_SUBHEADING
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let k = keyword(doc, ctx);
        let h2s: Vec<_> = doc
            .headings
            .iter()
            .filter(|h| matches!(h.level, 2 | 3))
            .collect();
        let hit = h2s.iter().find(|h| contains_keyword(h.plain(), &k.tokens));
        let text = hit.or(h2s.first()).map(|h| h.plain());
        let a = placement(
            &k,
            text,
            h2s.first().map(|h| h.range.clone()),
            "any subheading",
            "Use the primary keyword in at least one subheading (H2 or H3)",
        );
        rated(&IN_SUBHEADING, doc, ctx, a)
    }
}

/// The first prose paragraph of the body, whichever section it is in.
fn first_body_paragraph(doc: &Document) -> Option<&Block> {
    doc.blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph && !b.in_blockquote && !b.in_footnote)
}

/// Whether `text` holds the keyword; `None` without a keyword (nothing to rate).
fn placement(
    k: &Keyword,
    text: Option<&str>,
    range: Option<Range<usize>>,
    place: &str,
    recommendation: &str,
) -> Option<Assessment> {
    let keyword = k.phrase.as_ref()?;
    Some(match text {
        Some(t) if contains_keyword(t, &k.tokens) => {
            Assessment::good(format!("\"{keyword}\" is in {place}"))
        }
        Some(_) => Assessment::needs_work(
            Rating::Bad,
            format!("The primary keyword \"{keyword}\" is not in {place}"),
            recommendation,
        )
        .at(range),
        None => Assessment::needs_work(
            Rating::Bad,
            format!(
                "There is no {} to hold the keyword \"{keyword}\"",
                place.trim_start_matches("the ").trim_start_matches("any ")
            ),
            recommendation,
        )
        .at(range),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    const DOC: &str = "---\ntitle: Rust linting guide\ndescription: How rust linting works.\n---\n# Rust linting guide\n\nIntro about rust linting.\n\n## Why Rust linting\n";

    #[test]
    fn all_placements_good() {
        let rules: [&dyn Rule; 4] = [
            &KeywordInTitle,
            &KeywordInFirstParagraph,
            &KeywordInMetaDescription,
            &KeywordInSubheading,
        ];
        for rule in rules {
            assert_eq!(
                assess(rule, DOC, Some("rust linting")).rating,
                Rating::Good,
                "{}",
                rule.meta().id
            );
        }
    }

    #[test]
    fn missing_placements_are_bad_with_a_range() {
        let rules: [&dyn Rule; 4] = [
            &KeywordInTitle,
            &KeywordInFirstParagraph,
            &KeywordInMetaDescription,
            &KeywordInSubheading,
        ];
        let doc = Document::parse(DOC.to_string()).unwrap();
        for rule in rules {
            let a = assess(rule, DOC, Some("cargo clippy"));
            assert_eq!(a.rating, Rating::Bad, "{}", rule.meta().id);
            // at the place that lacks the keyword, not at the start of the file
            let range = a.range.unwrap();
            assert_ne!(range, doc.start_range(), "{}", rule.meta().id);
            assert!(
                DOC[range].to_lowercase().contains("rust linting"),
                "{}",
                rule.meta().id
            );
            assert!(a.recommendation.is_some());
        }
        let a = assess(&KeywordInMetaDescription, "# T\n", Some("x"));
        assert!(a.message.contains("no meta description"), "{}", a.message);
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
    }
}
