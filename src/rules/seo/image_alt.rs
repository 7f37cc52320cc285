use super::{Assessment, Rating, SeoRule};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Dimension, Severity};
use crate::rules::RuleMeta;
use crate::seo::SeoFigures;
use std::borrow::Cow;

pub static RULE: SeoRule = SeoRule {
    meta: RuleMeta {
        id: Cow::Borrowed("seo/image-alt"),
        dimension: Dimension::Seo,
        severity: Severity::Warning,
        summary: Cow::Borrowed("The article has images, each with alt text"),
        doc: Cow::Borrowed(
            "Every image has non-empty alt text (`![what it shows](hero.png)`), and the article \
has at least `[seo] min_images` images (default 1). `images_optimized` in the report counts \
images with alt text.\n\nBad: an image without alt text (screen readers and image search see \
nothing). Ok: fewer images than the minimum.\n\nSource: WCAG 2.x success criterion 1.1.1 \
(non-text content); Yoast SEO's image and image keyphrase assessments.",
        ),
        weight: 0.0,
        cap: 0.0,
    },
    assess,
};

fn assess(doc: &Document, cfg: &SeoConfig, f: &SeoFigures) -> Assessment {
    let missing = f.images_total - f.images_optimized;
    if missing > 0 {
        let first = doc.images.iter().find(|i| i.alt.trim().is_empty());
        Assessment::needs_work(
            Rating::Bad,
            format!("{missing} of {} images have no alt text", f.images_total),
            "Add alt text describing each image".to_string(),
        )
        .at(first.map(|i| i.range.clone()))
    } else if f.images_total < cfg.min_images {
        Assessment::needs_work(
            Rating::Ok,
            format!(
                "The article has {} image(s); at least {} recommended",
                f.images_total, cfg.min_images
            ),
            "Add an image with alt text that describes it (and includes the keyword)",
        )
    } else {
        Assessment::good(format!("{} images, all with alt text", f.images_total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    #[test]
    fn alt_text_and_minimum() {
        assert_eq!(
            assess(&RULE, "![a chart](c.png)\n", None).rating,
            Rating::Good
        );
        let a = assess(&RULE, "text ![](c.png) and ![ok](d.png)\n", None);
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(a.range, Some(5..15));
        assert_eq!(assess(&RULE, "no images\n", None).rating, Rating::Ok);
    }
}
