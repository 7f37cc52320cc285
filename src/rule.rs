//! What a rule is, apart from any particular rule: the [`Rule`] trait, its metadata and the
//! [`Context`] it runs in. Built-in rules (`crate::rules`) and pack rules (`crate::packs`)
//! both depend on this module, and it on neither, so the two never import each other in a
//! cycle.

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::text::phrases::{PhraseHits, PhraseSet};
use jiff::civil::Date;
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// What every rule declares about itself.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable id `group/name`.
    pub id: Cow<'static, str>,
    pub dimension: Dimension,
    pub severity: Severity,
    /// One line for `contentlint rules`.
    pub summary: Cow<'static, str>,
    /// What it checks, why, an example, and the source of any threshold.
    pub doc: Cow<'static, str>,
    /// Cost of one finding = weight x severity factor ([scoring] severity_factor).
    pub weight: f64,
    /// Most a rule can cost one article, so that one noisy rule cannot sink a dimension.
    pub cap: f64,
}

impl RuleMeta {
    /// A finding of this rule at its default severity (the engine applies the configured one).
    pub fn finding(&self, range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            rule: self.id.clone(),
            severity: self.severity,
            dimension: self.dimension,
            message: message.into(),
            range,
            help: None,
            fix: None,
            cost: 0.0,
            rating: None,
        }
    }
}

/// A check over a parsed document.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding>;
    /// The phrase lists the rule reads through [`Context::phrases`]: the rule set matches
    /// them all in one pass over each document.
    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        Vec::new()
    }
    /// Whether the rule compares the text's years and dates with the reference date. When the
    /// article's own date cannot be read (and no --today is given) the reference date is only
    /// a fallback (config or clock), so the engine makes such a rule's errors warnings: they
    /// never gate.
    fn compares_with_reference_date(&self) -> bool {
        false
    }
}

/// Where the temporal reference date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    Cli,
    FrontMatter,
    /// A date in the file name or the page's address (`2019-01-07-post.md`, `path =
    /// "2017/05/03/slug"`), when no front-matter date key has one.
    Path,
    Config,
    Clock,
}

/// Everything a rule may read besides the document: the merged configuration and the
/// per-article settings (reference date, tone, technical level, `--keyword`). Facts about the
/// document (prose statistics, padding, SEO figures) are not here: they are lazy methods on
/// the document, the same whatever rules run.
pub struct Context<'a> {
    pub config: &'a Config,
    pub reference_date: Date,
    pub reference_date_source: DateSource,
    /// The front matter has a date key but no readable date, and no --today was given: the
    /// reference date is a fallback (config or clock), so year comparisons do not gate.
    pub reference_date_unreadable: bool,
    /// Tone profile: front matter `tone`, else `[brief] tone`.
    pub tone: String,
    /// Technical level: front matter `technical_level`, else `[brief] technical_level`.
    pub technical_level: Option<u8>,
    /// The primary keyword given on the command line (`--keyword`): it outranks the front
    /// matter, so the keyword fact ([`crate::seo::keyword`]) needs it.
    pub keyword: Option<&'a str>,
    /// The phrase lists of the rule set, matched in one pass over the document.
    pub phrases: PhraseHits,
}
