//! The rule engine: the [`Rule`] trait, rule metadata, and the registry of built-in rules.
//!
//! A rule lives in one file under `src/rules/<group>/<name>.rs` for id `<group>/<name>`
//! (declarative rules live in `rules/*.toml`, see [`crate::packs`]). Each has its metadata,
//! its doc text (shown by `contentlint explain ID`) and its tests beside it.

pub mod claims;
pub mod clarity;
pub mod filler;
pub mod frontmatter;
pub mod seo;
pub mod structure;
pub mod style;
pub mod temporal;

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::seo::SeoAudit;
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
}

/// Where the temporal reference date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
/// per-article facts derived once (reference date, tone, keyword and SEO audit).
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
    pub seo: SeoAudit,
    /// Where the generic filler phrases are (empty when `filler/generic-phrase` is off).
    pub padding: filler::Padding,
    /// The phrase lists of the rule set, matched in one pass over the document.
    pub phrases: PhraseHits,
}

/// Every built-in (Rust) rule, in `contentlint rules` order.
pub fn builtin() -> Vec<&'static dyn Rule> {
    // In rubric order, SEO last.
    let mut rules: Vec<&'static dyn Rule> = temporal::RULES.to_vec();
    rules.extend_from_slice(claims::RULES);
    rules.extend_from_slice(structure::RULES);
    rules.extend_from_slice(filler::RULES);
    rules.extend_from_slice(style::RULES);
    rules.extend_from_slice(clarity::RULES);
    rules.extend(seo::SEO_RULES.iter().map(|r| *r as &'static dyn Rule));
    rules.extend_from_slice(seo::OTHER_RULES);
    rules.extend_from_slice(frontmatter::RULES);
    rules
}

/// Parse an embedded TOML data file (a word list under rules/data/). Embedded files are tested,
/// so a parse error is a bug in the build, not a user error.
pub(crate) fn data_file<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("rules/data/{name}: {e}"))
}

/// Words for the word-list rules that only compare words with lists (passive voice,
/// shouting): runs of letters, digits and apostrophes, with their byte offsets. Several times
/// faster than UAX #29 segmentation, and the same on ordinary English words; hyphens split.
pub(crate) fn simple_words(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if is_word(c) {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !is_word(c) {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        // Apostrophes that open or close a quotation are not part of the word.
        let word = text[start..end].trim_start_matches(['\'', '\u{2019}']);
        let start = end - word.len();
        let word = word.trim_end_matches(['\'', '\u{2019}']);
        Some((start, word))
    })
    .filter(|(_, w)| !w.is_empty())
}

/// A finding's "12.3%" figure.
pub(crate) fn percent(x: f64) -> String {
    format!("{:.1}%", x)
}

/// Test helpers shared by the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::engine::Linter;

    /// Run one rule over `source` with `config` and return its findings.
    pub fn run_with(rule: &dyn Rule, source: &str, config: Config) -> Vec<Finding> {
        let doc = Document::parse(source.to_string()).expect("valid front matter");
        let linter = Linter::with_config(config);
        let config = linter.config_for_tests();
        let ctx = linter.context(&doc, &config);
        rule.check(&doc, &ctx)
    }

    pub fn run(rule: &dyn Rule, source: &str) -> Vec<Finding> {
        run_with(rule, source, Config::default())
    }

    #[test]
    fn simple_words_split_like_words_on_plain_text() {
        let text = "It’s 'quoted' and fine-tuned, v1.2 DON'T.";
        let got: Vec<&str> = super::simple_words(text).map(|(_, w)| w).collect();
        assert_eq!(
            got,
            vec!["It’s", "quoted", "and", "fine", "tuned", "v1", "2", "DON'T"]
        );
        let (at, w) = super::simple_words(text).nth(1).unwrap();
        assert_eq!(&text[at..at + w.len()], "quoted");
    }
}
