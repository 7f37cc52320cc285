use super::{Assessment, Rating, rated, title_range};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The title (front-matter `title`, else the H1) is at most `[seo] title_max` characters
    /// (default 60) and at least `title_min` (default 1), counted in user-perceived characters.
    /// An article without a title is rated bad.
    ///
    /// ### Why
    ///
    /// Search results cut a long title, and the words after the cut are lost.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// # Everything you ever wanted to know about cargo workspaces but were afraid to ask
    /// ```
    ///
    /// Bad: 82 characters, over 60.
    ///
    /// ### Config
    ///
    /// `[seo] title_min`, `title_max`.
    ///
    /// ### Source
    ///
    /// Google shows about 50-60 characters of a title (Moz's title tag guidance); Yoast SEO's
    /// SEO title width assessment.
    pub TitleLength {
        id: "seo/title-length",
        dimension: Seo,
        severity: Warning,
        summary: "The title exists and fits search results",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# Everything you ever wanted to know about cargo workspaces but were afraid to ask\n\nText.\n",
                "Text without a title.\n",
            ],
            pass: [
                "# Cargo workspaces\n\nText.\n",
                "---\ntitle: Cargo workspaces\n---\nText.\n",
            ],
        },
    }
}

impl Rule for TitleLength {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(&META, doc, ctx, Some(assess(doc, &ctx.config.seo)))
    }
}

fn assess(doc: &Document, cfg: &SeoConfig) -> Assessment {
    let (n, lo, hi) = (crate::seo::title_length(doc), cfg.title_min, cfg.title_max);
    if doc.title().is_none() {
        Assessment::needs_work(
            Rating::Bad,
            "The article has no title",
            "Add a title (`title` in front matter or an H1)",
        )
    } else if n > hi {
        Assessment::needs_work(
            Rating::Bad,
            format!("Title is {n} characters, over {hi}"),
            format!("Shorten the title to fit search results (max {hi} chars)"),
        )
        .at(title_range(doc))
    } else if n < lo {
        Assessment::needs_work(
            Rating::Ok,
            format!("Title is {n} characters, under {lo}"),
            format!("Lengthen the title (min {lo} chars)"),
        )
        .at(title_range(doc))
    } else {
        Assessment::good(format!("Title is {n} characters"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    #[test]
    fn bands() {
        assert_eq!(
            assess(&TitleLength, "# Short title\n", None).rating,
            Rating::Good
        );
        let long = format!("# {}\n", "x".repeat(61));
        let a = assess(&TitleLength, &long, None);
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(a.range, Some(0..63));
        assert_eq!(assess(&TitleLength, "text\n", None).rating, Rating::Bad);
    }
}
