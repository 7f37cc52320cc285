use super::{Assessment, Rating, rated};
use crate::config::SeoConfig;
use crate::document::{Document, Image};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// Every image has alt text, and the article has at least `[seo] min_images` images
    /// (default 1). Images are Markdown images (`![what it shows](hero.png)`), HTML `<img>` tags
    /// (inline or in HTML blocks, attributes in any order) and image shortcodes (`[content]
    /// image_shortcodes`, default `figure`, `img`, `image`; alt text from `alt`, else `title`,
    /// else `caption`).
    ///
    /// A decorative image with an explicitly empty alt (`<img src="rule.png" alt="">`, `{{< img
    /// src="rule.png" alt="" >}}`) is fine: WCAG asks for an empty alt on decorative images so
    /// that screen readers skip them, so it counts as an image and in `images_optimized`.
    /// Markdown's `![](x.png)` cannot say decorative apart from forgotten and counts as missing
    /// alt text.
    ///
    /// Bad: an image without alt text. Ok: fewer images than the minimum.
    ///
    /// ### Why
    ///
    /// Screen readers and image search see nothing of an image without alt text.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// ![](build-times.png)
    /// ```
    ///
    /// Good: `![Build times before and after the cache](build-times.png)`.
    ///
    /// ### Config
    ///
    /// `[seo] min_images`, `[content] image_shortcodes`.
    ///
    /// ### Source
    ///
    /// WCAG 2.x success criterion 1.1.1 (non-text content) and technique H67 (empty alt on
    /// decorative images); Yoast SEO's image and image keyphrase assessments.
    pub ImageAlt {
        id: "seo/image-alt",
        dimension: Seo,
        severity: Warning,
        summary: "The article has images, each with alt text",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# Build cache\n\n![](build-times.png)\n",
                "# Build cache\n\nThe cache halves build times.\n",
            ],
            pass: [
                "# Build cache\n\n![Build times before and after the cache](build-times.png)\n",
                "# Build cache\n\n<img src=\"chart.png\" alt=\"Build times\">\n\n<img alt=\"\" src=\"rule.png\">\n",
            ],
        },
    }
}

impl Rule for ImageAlt {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(
            &META,
            doc,
            ctx,
            Some(assess(
                &ctx.config.seo,
                &crate::seo::images(doc, &ctx.config.content.image_shortcodes),
            )),
        )
    }
}

fn assess(cfg: &SeoConfig, images: &[Image]) -> Assessment {
    let total = images.len();
    let missing = images.iter().filter(|i| !i.has_alt()).count();
    let decorative = images.iter().filter(|i| i.decorative).count();
    let decorative_note = match decorative {
        0 => String::new(),
        n => format!(" ({n} decorative, with alt=\"\")"),
    };
    if missing > 0 {
        let first = images.iter().find(|i| !i.has_alt());
        Assessment::needs_work(
            Rating::Bad,
            format!("{missing} of {total} images have no alt text"),
            "Add alt text describing each image (alt=\"\" only for a purely decorative one)"
                .to_string(),
        )
        .at(first.map(|i| i.range.clone()))
    } else if total < cfg.min_images {
        Assessment::needs_work(
            Rating::Ok,
            format!(
                "The article has {total} image(s){decorative_note}; at least {} recommended",
                cfg.min_images
            ),
            "Add an image with alt text that describes it (and includes the keyword)",
        )
    } else {
        Assessment::good(format!(
            "{total} images, all with alt text or decorative{decorative_note}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    #[test]
    fn alt_text_and_minimum() {
        assert_eq!(
            assess(&ImageAlt, "![a chart](c.png)\n", None).rating,
            Rating::Good
        );
        let a = assess(&ImageAlt, "text ![](c.png) and ![ok](d.png)\n", None);
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(a.range, Some(5..15));
        assert_eq!(assess(&ImageAlt, "no images\n", None).rating, Rating::Ok);
    }

    #[test]
    fn html_and_shortcode_images_and_decorative_alt() {
        let src = "<img src=\"a.png\" alt=\"A chart\">\n\nText <IMG ALT='x' SRC=b.png> and \
{{< figure src=\"c.png\" caption=\"Flow\" >}} and <img alt=\"\" src=\"rule.png\" />.\n";
        let a = assess(&ImageAlt, src, None);
        assert_eq!(a.rating, Rating::Good, "{a:?}");
        let src = "Text <img src=\"a.png\"> and {{< img src=\"b.png\" >}}\n";
        let a = assess(&ImageAlt, src, None);
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(a.range, Some(5..22));
        // An image in an HTML comment or in code is not an image.
        let src = "<!-- <img src=\"a.png\"> -->\n\n`<img src=\"b.png\">`\n";
        assert_eq!(assess(&ImageAlt, src, None).rating, Rating::Ok);
    }
}
