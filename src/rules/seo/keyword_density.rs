use super::{Assessment, Rating, keyword, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::Keyword;
use std::borrow::Cow;

pub struct KeywordDensity;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("seo/keyword-density"),
    dimension: Dimension::Seo,
    severity: Severity::Warning,
    summary: Cow::Borrowed("The primary keyword's density is within the configured band"),
    doc: Cow::Borrowed(
        "Keyword density = occurrences of the primary keyword / words x 100, over headings \
and prose (code excluded). Matching compares word sequences, ignoring case and apostrophes, \
with hyphens as word breaks: `fine-tuning` matches `Fine tuning`.\n\nGood: within \
`[seo] density_min`..`density_max` (default 0.5-3%). Ok: present but below the band. Bad: \
absent, or above the band (keyword stuffing). Skipped when there is no primary keyword \
(`seo/no-keyword`); info, not a warning, when the keyword was derived from the title.\n\n\
Source: Yoast SEO's keyphrase density assessment (0.5-3% good).",
    ),
    weight: 0.0,
    cap: 0.0,
};

impl Rule for KeywordDensity {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(&META, doc, ctx, assess(&ctx.config.seo, &keyword(doc, ctx)))
    }
}

fn assess(cfg: &SeoConfig, k: &Keyword) -> Option<Assessment> {
    // Without a keyword there is nothing to rate (`seo/no-keyword` says so).
    let keyword = k.phrase.as_ref()?;
    let (d, lo, hi) = (k.density, cfg.density_min, cfg.density_max);
    let band = format!("aim for {lo}-{hi}%");
    let assessment = if k.count == 0 {
        Assessment::needs_work(
            Rating::Bad,
            format!("The primary keyword \"{keyword}\" does not occur in the text"),
            format!("Use the primary keyword in the text ({band})"),
        )
    } else if d < lo {
        Assessment::needs_work(
            Rating::Ok,
            format!("Keyword density of \"{keyword}\" is {d}%, below {lo}%"),
            format!("Increase primary keyword density ({band})"),
        )
    } else if d > hi {
        Assessment::needs_work(
            Rating::Bad,
            format!("Keyword density of \"{keyword}\" is {d}%, above {hi}%"),
            format!("Reduce primary keyword density to avoid keyword stuffing ({band})"),
        )
    } else {
        Assessment::good(format!("Keyword density of \"{keyword}\" is {d}%"))
    };
    Some(assessment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    fn body(n: usize, filler: usize) -> String {
        let mut s = String::from("# Guide\n\n");
        for _ in 0..n {
            s.push_str("rust lint ");
        }
        for _ in 0..filler {
            s.push_str("word ");
        }
        s
    }

    #[test]
    fn bands() {
        assert_eq!(
            assess(&KeywordDensity, &body(1, 98), Some("rust lint")).rating,
            Rating::Good
        );
        assert_eq!(
            assess(&KeywordDensity, &body(1, 400), Some("rust lint")).rating,
            Rating::Ok
        );
        assert_eq!(
            assess(&KeywordDensity, &body(10, 80), Some("rust lint")).rating,
            Rating::Bad
        );
        let a = assess(&KeywordDensity, &body(0, 50), Some("rust lint"));
        assert_eq!(a.rating, Rating::Bad);
        assert!(
            a.recommendation
                .unwrap()
                .contains("Use the primary keyword")
        );
    }
}
