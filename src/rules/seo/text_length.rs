use super::{Assessment, Rating, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The article has at least `[seo] min_words` words (default 300; headings and prose, not
    /// code). Good: at least the minimum. Ok: within 50 words of it. Bad: shorter.
    ///
    /// ### Why
    ///
    /// A short page rarely answers a searcher's question, and search engines rank it lower.
    ///
    /// ### Example
    ///
    /// Bad: a post of 120 words. Good: the same post grown to 300 words or more.
    ///
    /// ### Config
    ///
    /// `[seo] min_words`.
    ///
    /// ### Source
    ///
    /// Yoast SEO's text length assessment for posts (300 words good, 250-300 ok).
    pub TextLength {
        id: "seo/text-length",
        dimension: Seo,
        severity: Warning,
        summary: "The text has enough words",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# Moving a database\n\nWe moved the tables one service at a time, each in its own weekend window.\n",
            ],
            pass: [
                concat!(
                "# Moving a database\n\n## How we moved\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n\n",
                "## The rollback\n\n",
                "Only one group needed a rollback. Its nightly job called a database function that the new system spells differently, and the job failed without an error. We caught it on Monday morning because the report it feeds was empty, fixed the call, and moved the group again the next weekend. After that we added a check to every job: it fails loudly when it writes no rows on a day when its input has rows. The check found two more silent failures in the old system, which nobody had noticed for months.\n\n",
                "## Again\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n",
            ),
            ],
        },
    }
}

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
