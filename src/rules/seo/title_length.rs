use super::{Assessment, Rating, rated, title_range};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

pub struct TitleLength;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("seo/title-length"),
    dimension: Dimension::Seo,
    severity: Severity::Warning,
    summary: Cow::Borrowed("The title exists and fits search results"),
    doc: Cow::Borrowed(
        "The title (front-matter `title`, else the H1) is at most `[seo] title_max` \
characters (default 60) and at least `title_min` (default 1), counted in user-perceived \
characters.\n\nSource: Google shows about 50-60 characters of a title (Moz's title tag \
guidance); Yoast SEO's SEO title width assessment.",
    ),
    weight: 0.0,
    cap: 0.0,
};

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
