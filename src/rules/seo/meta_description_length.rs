use super::{Assessment, Rating, front_matter_line, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

pub struct MetaDescriptionLength;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("seo/meta-description-length"),
    dimension: Dimension::Seo,
    severity: Severity::Warning,
    summary: Cow::Borrowed("The meta description exists and fits the search snippet"),
    doc: Cow::Borrowed(
        "The front-matter `description` (or `meta_description`, `summary`) is between \
`[seo] meta_description_min` and `meta_description_max` characters (default 120-160). Length \
is counted in user-perceived characters (grapheme clusters): `é` and an emoji count one.\n\n\
Bad: missing, or longer than the maximum (the search result cuts it). Ok: shorter than the \
minimum (the snippet space is wasted).\n\nSource: Google truncates description snippets at \
about 155-160 characters; Yoast SEO's meta description length assessment (120-156).",
    ),
    weight: 0.0,
    cap: 0.0,
};

impl Rule for MetaDescriptionLength {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(&META, doc, ctx, Some(assess(doc, &ctx.config.seo)))
    }
}

fn assess(doc: &Document, cfg: &SeoConfig) -> Assessment {
    let (n, lo, hi) = (
        crate::seo::meta_description_length(doc),
        cfg.meta_description_min,
        cfg.meta_description_max,
    );
    let range = front_matter_line(doc, &["description", "meta_description", "summary"]);
    if doc.front_matter.description().is_none() {
        Assessment::needs_work(
            Rating::Bad,
            "The article has no meta description",
            format!("Add a meta description (`description` in front matter, {lo}-{hi} chars)"),
        )
    } else if n > hi {
        Assessment::needs_work(
            Rating::Bad,
            format!("Meta description is {n} characters, over {hi}"),
            format!("Shorten meta description to fit search result preview (max {hi} chars)"),
        )
        .at(range)
    } else if n < lo {
        Assessment::needs_work(
            Rating::Ok,
            format!("Meta description is {n} characters, under {lo}"),
            format!("Lengthen meta description to use the search result preview (min {lo} chars)"),
        )
        .at(range)
    } else {
        Assessment::good(format!("Meta description is {n} characters"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    fn with_description(d: &str) -> String {
        format!("---\ntitle: T\ndescription: \"{d}\"\n---\n# T\n")
    }

    #[test]
    fn bands_and_range() {
        assert_eq!(
            assess(
                &MetaDescriptionLength,
                &with_description(&"a".repeat(140)),
                None
            )
            .rating,
            Rating::Good
        );
        let long = assess(
            &MetaDescriptionLength,
            &with_description(&"a".repeat(163)),
            None,
        );
        assert_eq!(long.rating, Rating::Bad);
        assert_eq!(
            long.recommendation.as_deref(),
            Some("Shorten meta description to fit search result preview (max 160 chars)")
        );
        // `description: "` + 163 characters + `"`, after `---\ntitle: T\n`
        assert_eq!(long.range, Some(13..13 + 178));
        assert_eq!(
            assess(&MetaDescriptionLength, &with_description("short"), None).rating,
            Rating::Ok
        );
        assert_eq!(
            assess(&MetaDescriptionLength, "# T\n", None).rating,
            Rating::Bad
        );
    }
}
