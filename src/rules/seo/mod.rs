//! SEO rules (dimension `seo`): each rates one figure of [`crate::seo::SeoFigures`] good, ok or
//! bad, Yoast-style. The ratings make the SEO score; a rating other than good is also a finding
//! whose help is the recommendation.

mod image_alt;
mod keyword_density;
mod keyword_placement;
mod meta_description_length;
mod no_keyword;
mod subheading_distribution;
mod text_length;
mod title_length;

use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::{KEYWORD_RULES, KeywordSource, SeoFigures};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Good,
    Ok,
    Bad,
}

impl Rating {
    /// Points out of 9, as Yoast scores its assessments (good 9, ok 6, bad 3).
    pub fn points(self) -> u32 {
        match self {
            Rating::Good => 9,
            Rating::Ok => 6,
            Rating::Bad => 3,
        }
    }
}

/// A rated SEO figure. A rating other than good always carries a recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub rating: Rating,
    pub message: String,
    pub recommendation: Option<String>,
    #[serde(skip)]
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

pub type Assess = fn(&Document, &SeoConfig, &SeoFigures) -> Assessment;

/// An SEO rule: metadata plus the function that rates its figure.
pub struct SeoRule {
    pub meta: RuleMeta,
    pub assess: Assess,
}

impl SeoRule {
    pub fn id(&self) -> &'static str {
        match &self.meta.id {
            std::borrow::Cow::Borrowed(s) => s,
            std::borrow::Cow::Owned(_) => unreachable!("SEO rule ids are static"),
        }
    }
}

impl Rule for SeoRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        match ctx.seo.check(&self.meta.id) {
            Some(a) if a.rating != Rating::Good => {
                let range = a.range.clone().unwrap_or_else(|| doc.start_range());
                let mut f = self.meta.finding(range, a.message.clone());
                f.help = a.recommendation.clone();
                // Yoast's ok band is a hint: info; bad takes the rule's severity.
                if a.rating == Rating::Ok {
                    f.severity = Severity::Info;
                }
                // A derived keyword is a guess: advice about it is information, and says so.
                if ctx.seo.figures.primary_keyword_source == KeywordSource::Derived
                    && KEYWORD_RULES.contains(&self.id())
                {
                    f.severity = Severity::Info;
                    f.message.push_str(
                        " (keyword derived from the title; set `keyword` in the front matter \
                         or pass --keyword to choose it)",
                    );
                }
                vec![f]
            }
            _ => Vec::new(),
        }
    }
}

pub static SEO_RULES: &[&SeoRule] = &[
    &keyword_density::RULE,
    &keyword_placement::IN_TITLE,
    &keyword_placement::IN_FIRST_PARAGRAPH,
    &keyword_placement::IN_META_DESCRIPTION,
    &keyword_placement::IN_SUBHEADING,
    &meta_description_length::RULE,
    &title_length::RULE,
    &text_length::RULE,
    &image_alt::RULE,
    &subheading_distribution::RULE,
];

/// The SEO rules that are not ratings of a figure (they do not count in the SEO score).
pub static OTHER_RULES: &[&dyn Rule] = &[&no_keyword::RULE];

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

    /// Assess one SEO rule on `source` with the default configuration.
    pub fn assess(rule: &SeoRule, source: &str, keyword: Option<&str>) -> Assessment {
        let doc = Document::parse(source.to_string()).unwrap();
        let config = Config::default();
        let audit = crate::seo::SeoAudit::run(&doc, &config, keyword, &|_| true);
        (rule.assess)(&doc, &config.seo, &audit.figures)
    }
}
