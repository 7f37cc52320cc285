use super::{Assessment, Rating, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

pub struct TextLength;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("seo/text-length"),
    dimension: Dimension::Seo,
    severity: Severity::Warning,
    summary: Cow::Borrowed("The text has enough words"),
    doc: Cow::Borrowed(
        "The article has at least `[seo] min_words` words (default 300; headings and prose, \
not code). Good: at least the minimum. Ok: within 50 words of it. Bad: shorter.\n\nSource: \
Yoast SEO's text length assessment for posts (300 words good, 250-300 ok).",
    ),
    weight: 0.0,
    cap: 0.0,
};

impl Rule for TextLength {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(&META, doc, ctx, Some(assess(doc, &ctx.config.seo)))
    }
}

fn assess(doc: &Document, cfg: &SeoConfig) -> Assessment {
    let (n, min) = (doc.prose().word_count, cfg.min_words);
    if n >= min {
        Assessment::good(format!("The text has {n} words"))
    } else {
        let rating = if n + 50 >= min {
            Rating::Ok
        } else {
            Rating::Bad
        };
        Assessment::needs_work(
            rating,
            format!("The text has {n} words, under {min}"),
            format!("Add more content (at least {min} words)"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    #[test]
    fn bands() {
        let words = |n: usize| "word ".repeat(n);
        assert_eq!(assess(&TextLength, &words(300), None).rating, Rating::Good);
        assert_eq!(assess(&TextLength, &words(260), None).rating, Rating::Ok);
        assert_eq!(assess(&TextLength, &words(100), None).rating, Rating::Bad);
    }
}
