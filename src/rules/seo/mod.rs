//! SEO rules (dimension `seo`): each rates one SEO fact of the document ([`crate::seo`]) good,
//! ok or bad, Yoast-style. They are ordinary rules: a rating other than good is a finding that
//! carries its rating ([`Finding::rating`]) and whose help is the recommendation; good is no
//! finding. The SEO score and the report's recommendations are computed from those findings
//! after the rules ran ([`crate::score::seo`]).

mod image_alt;
mod keyword_density;
mod keyword_in_first_paragraph;
mod keyword_in_meta_description;
mod keyword_in_subheading;
mod keyword_in_title;
mod meta_description_length;
mod no_keyword;
mod subheading_distribution;
mod text_length;
mod title_length;

use crate::document::Document;
pub use crate::finding::Rating;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::{Keyword, KeywordSource, contains_keyword};
use std::ops::Range;
use std::sync::Arc;

pub use image_alt::ImageAlt;
pub use keyword_density::KeywordDensity;
pub use keyword_in_first_paragraph::KeywordInFirstParagraph;
pub use keyword_in_meta_description::KeywordInMetaDescription;
pub use keyword_in_subheading::KeywordInSubheading;
pub use keyword_in_title::KeywordInTitle;
pub use meta_description_length::MetaDescriptionLength;
pub use no_keyword::NoKeyword;
pub use subheading_distribution::SubheadingDistribution;
pub use text_length::TextLength;
pub use title_length::TitleLength;

pub const RULES: &[&dyn Rule] = &[
    &KeywordDensity,
    &KeywordInTitle,
    &KeywordInFirstParagraph,
    &KeywordInMetaDescription,
    &KeywordInSubheading,
    &MetaDescriptionLength,
    &TitleLength,
    &TextLength,
    &ImageAlt,
    &SubheadingDistribution,
    &NoKeyword,
];

/// The rules that rate a figure and count in the SEO score, in report order (the order of the
/// recommendations). `seo/no-keyword` is not one: it says why the keyword checks were skipped.
pub const RATED_RULES: &[&str] = &[
    "seo/keyword-density",
    "seo/keyword-in-title",
    "seo/keyword-in-first-paragraph",
    "seo/keyword-in-meta-description",
    "seo/keyword-in-subheading",
    "seo/meta-description-length",
    "seo/title-length",
    "seo/text-length",
    "seo/image-alt",
    "seo/subheading-distribution",
];

/// The SEO rules that check the primary keyword: skipped when there is none (no finding, and
/// they do not count in the SEO score), and reported at info severity, saying so, when the
/// keyword was derived rather than given.
pub const KEYWORD_RULES: &[&str] = &[
    "seo/keyword-density",
    "seo/keyword-in-title",
    "seo/keyword-in-first-paragraph",
    "seo/keyword-in-meta-description",
    "seo/keyword-in-subheading",
];

/// A rated SEO figure. A rating other than good always carries a recommendation.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub rating: Rating,
    pub message: String,
    pub recommendation: Option<String>,
    pub range: Option<Range<usize>>,
}

impl Assessment {
    pub fn good(message: impl Into<String>) -> Assessment {
        Assessment {
            rating: Rating::Good,
            message: message.into(),
            recommendation: None,
            range: None,
        }
    }

    pub fn needs_work(
        rating: Rating,
        message: impl Into<String>,
        recommendation: impl Into<String>,
    ) -> Assessment {
        Assessment {
            rating,
            message: message.into(),
            recommendation: Some(recommendation.into()),
            range: None,
        }
    }

    pub fn at(mut self, range: Option<Range<usize>>) -> Assessment {
        self.range = range;
        self
    }
}

/// The article's primary keyword, as the document fact for this context's `--keyword` and
/// `[seo]` settings.
pub fn keyword(doc: &Document, ctx: &Context) -> Arc<Keyword> {
    crate::seo::keyword(doc, ctx.keyword, &ctx.config.seo)
}

/// What a rated rule's `check` returns for its assessment: nothing when good (or when there
/// was nothing to rate), else one finding that carries the rating.
pub fn rated(
    meta: &RuleMeta,
    doc: &Document,
    ctx: &Context,
    assessment: Option<Assessment>,
) -> Vec<Finding> {
    let Some(a) = assessment.filter(|a| a.rating != Rating::Good) else {
        return Vec::new();
    };
    let range = a.range.unwrap_or_else(|| doc.start_range());
    let mut f = meta.finding(range, a.message);
    f.help = a.recommendation;
    f.rating = Some(a.rating);
    // Yoast's ok band is a hint: info; bad takes the rule's severity.
    if a.rating == Rating::Ok {
        f.severity = Severity::Info;
    }
    // A derived keyword is a guess: advice about it is information, and says so.
    if KEYWORD_RULES.contains(&meta.id.as_ref())
        && keyword(doc, ctx).source == KeywordSource::Derived
    {
        f.severity = Severity::Info;
        f.message.push_str(
            " (keyword derived from the title; set `keyword` in the front matter or pass \
             --keyword to choose it)",
        );
    }
    vec![f]
}

/// What a "keyword in X" rule rates: whether `text` (the place, `None` when the article has
/// none) holds the keyword; `None` without a keyword (nothing to rate). A finding points at
/// `range`, the place that lacks the keyword.
pub fn placement(
    k: &Keyword,
    text: Option<&str>,
    range: Option<Range<usize>>,
    place: &str,
    recommendation: &str,
) -> Option<Assessment> {
    k.phrase.as_ref()?;
    placement_held(
        k,
        text.map(|t| contains_keyword(t, &k.tokens)),
        range,
        place,
        recommendation,
    )
}

/// [`placement`] when the caller knows whether the place holds the keyword (`held`, `None`
/// when there is no such place): a block of the body, counted in the document's token stream.
pub fn placement_held(
    k: &Keyword,
    held: Option<bool>,
    range: Option<Range<usize>>,
    place: &str,
    recommendation: &str,
) -> Option<Assessment> {
    let keyword = k.phrase.as_ref()?;
    Some(match held {
        Some(true) => Assessment::good(format!("\"{keyword}\" is in {place}")),
        Some(false) => Assessment::needs_work(
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

/// The front-matter keys read as the meta description.
pub const META_DESCRIPTION_KEYS: &[&str] = &["description", "meta_description", "summary"];

/// The line of a front-matter key (`description: ...` or `description = ...`), for findings.
pub fn front_matter_line(doc: &Document, keys: &[&str]) -> Option<Range<usize>> {
    let fm = &doc.source[doc.front_matter.range.clone()];
    let mut at = 0;
    for line in fm.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let hit = keys.iter().any(|k| {
            trimmed
                .strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        });
        if hit {
            let start = at + (line.len() - trimmed.len());
            return Some(start..at + line.trim_end().len());
        }
        at += line.len();
    }
    None
}

/// The title's location: its front-matter line, else the H1.
pub fn title_range(doc: &Document) -> Option<Range<usize>> {
    front_matter_line(doc, &["title"]).or_else(|| doc.h1s().next().map(|h| h.range.clone()))
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::config::Config;
    use crate::engine::{LintOptions, Linter};

    /// Run one rated SEO rule on `source` with the default configuration and `keyword` as
    /// `--keyword`: its rating (good when it has no finding) and its finding.
    pub fn assess(rule: &dyn Rule, source: &str, keyword: Option<&str>) -> Rated {
        let doc = Document::parse(source.to_string()).unwrap();
        let options = LintOptions {
            keyword: keyword.map(str::to_string),
            ..LintOptions::default()
        };
        let linter = Linter::new(
            crate::config::ConfigResolver::fixed(Config::default()),
            options,
        );
        let config = linter.config_for_tests();
        let ctx = linter.context(&doc, &config);
        let mut found = rule.check(&doc, &ctx);
        assert!(
            found.len() <= 1,
            "a rated rule has at most one finding: {found:?}"
        );
        let finding = found.pop();
        if let Some(f) = &finding {
            assert!(f.rating.is_some_and(|r| r != Rating::Good), "{f:?}");
            assert!(
                f.help.is_some(),
                "a rating other than good has a recommendation"
            );
        }
        Rated {
            rating: finding.as_ref().map_or(Rating::Good, |f| f.rating.unwrap()),
            range: finding.as_ref().map(|f| f.range.clone()),
            message: finding
                .as_ref()
                .map(|f| f.message.clone())
                .unwrap_or_default(),
            recommendation: finding.and_then(|f| f.help),
        }
    }

    /// An article with the keyword "rust linting" in every place the placement rules check.
    pub const PLACEMENTS: &str = "---\ntitle: Rust linting guide\ndescription: How rust linting \
        works.\n---\n# Rust linting guide\n\nIntro about rust linting.\n\n## Why Rust linting\n";

    /// What [`assess`] saw.
    #[derive(Debug)]
    pub struct Rated {
        pub rating: Rating,
        /// The finding's range (`None`: no finding).
        pub range: Option<Range<usize>>,
        pub message: String,
        pub recommendation: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;
    use crate::seo::KeywordSource;
    use std::path::Path;

    #[test]
    fn every_seo_rule_is_rated_or_no_keyword_in_registry_order() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.meta().id.as_ref()).collect();
        assert_eq!(&ids[..RATED_RULES.len()], RATED_RULES);
        assert_eq!(&ids[RATED_RULES.len()..], ["seo/no-keyword"]);
        assert!(KEYWORD_RULES.iter().all(|k| RATED_RULES.contains(k)));
    }

    #[test]
    fn without_a_keyword_the_keyword_checks_are_skipped_and_not_scored() {
        let linter = Linter::with_config(Config::default());
        let src = "# Getting Started\n\nInstall it and run it on a folder.\n";
        let r = linter.lint_source(Path::new("a.md"), src.into()).unwrap();
        assert_eq!(r.seo.primary_keyword_source, KeywordSource::None);
        assert!(
            !r.findings
                .iter()
                .any(|f| KEYWORD_RULES.contains(&f.rule.as_str())),
            "{:?}",
            r.findings
        );
        // rated: title length (good), meta description (bad), text length (bad), images (ok),
        // subheadings (good): (9 + 3 + 3 + 6 + 9) / 45
        assert_eq!(r.seo.seo_score, 30 * 100 / 45);
        assert_eq!(r.seo.recommendations.len(), 3);
    }
}
