use super::{Assessment, META_DESCRIPTION_KEYS, Rating, front_matter_line, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The front-matter `description` (or `meta_description`, `summary`) is between `[seo]
    /// meta_description_min` and `meta_description_max` characters (default 120-160). Length is
    /// counted in user-perceived characters (grapheme clusters): `é` and an emoji count one.
    ///
    /// Bad: missing, or longer than the maximum (the search result cuts it). Ok: shorter than
    /// the minimum (the snippet space is wasted).
    ///
    /// ### Why
    ///
    /// Search engines show the meta description as the result's snippet: a missing one is
    /// replaced by whatever text they pick, a long one is cut.
    ///
    /// ### Example
    ///
    /// ```yaml
    /// description: Workspaces.
    /// ```
    ///
    /// Ok, not good: 11 characters, under 120.
    ///
    /// ### Config
    ///
    /// `[seo] meta_description_min`, `meta_description_max`.
    ///
    /// ### Source
    ///
    /// Google truncates description snippets at about 155-160 characters; Yoast SEO's meta
    /// description length assessment (120-156).
    pub MetaDescriptionLength {
        id: "seo/meta-description-length",
        dimension: Seo,
        severity: Warning,
        summary: "The meta description exists and fits the search snippet",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# Cargo workspaces\n\nWorkspaces share one lock file.\n",
                "---\ndescription: Workspaces.\n---\n# Cargo workspaces\n\nWorkspaces share one lock file.\n",
            ],
            pass: [
                "---\ndescription: How cargo workspaces split a large Rust project into crates that share one lock file, one target folder and one set of profiles.\n---\n# Cargo workspaces\n\nWorkspaces share one lock file.\n",
            ],
        },
    }
}

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
    let range = front_matter_line(doc, META_DESCRIPTION_KEYS);
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
