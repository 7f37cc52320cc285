//! Filler rules (dimension `persona_style`): generic phrases (`filler/generic-phrase`, a
//! declarative rule in rules/filler.toml), buzzword density and leftovers of an LLM chat
//! (`filler/llm-artifact`).
//!
//! [`Padding`] records where the generic phrases are, once per article, so that other figures
//! can leave them out: the score's length normalisation, buzzword density and readability.
//! Adding a filler phrase therefore never dilutes a finding away. It is a document fact
//! ([`Padding::of`]): the same whether or not `filler/generic-phrase` itself is enabled, so a
//! figure never depends on the rule selection.

mod buzzword_density;
mod llm_artifact;

pub use buzzword_density::BuzzwordDensity;
pub use llm_artifact::LlmArtifact;

use crate::document::{BlockKind, Document, reading_words, word_syllables};
use crate::packs::{self, PackRule};
use crate::text::phrases::{PhraseHits, heading_text};
use std::ops::Range;
use std::sync::Arc;

/// The id of the declarative generic-phrase rule whose matches are padding.
pub const GENERIC_PHRASE: &str = "filler/generic-phrase";

/// Where generic filler phrases sit in an article, and how many words they hold.
#[derive(Debug, Clone, Default)]
pub struct Padding {
    /// Per block (indices of [`Document::blocks`]): matched byte ranges of the block's text,
    /// sorted and merged.
    pub block_spans: Vec<Vec<Range<usize>>>,
    /// Words inside phrases in prose blocks.
    pub block_words: usize,
    /// Words inside phrases in headings.
    pub heading_words: usize,
    /// Words and syllables inside phrases in sentences (blocks other than table cells): what
    /// readability leaves out.
    pub sentence_words: usize,
    pub sentence_syllables: usize,
}

impl Padding {
    /// The padding of `doc`, computed on first use from the rule set's phrase scan. The
    /// scan only saves work: the padding is the same without it (tested), so whichever caller
    /// comes first, every reader gets the same fact.
    pub fn of(doc: &Document, phrases: &PhraseHits) -> Arc<Padding> {
        doc.fact((), || Padding::compute(doc, phrases))
    }

    /// Match the built-in generic-phrase lexicon over every block and heading, reading the
    /// rule set's phrase scan of the document.
    pub fn compute(doc: &Document, phrases: &PhraseHits) -> Padding {
        let Some(rule) = generic_phrase_rule() else {
            return Padding::default();
        };
        let mut padding = Padding::default();
        let wanted = rule.texts_to_scan(doc, phrases);
        let may_match = |i: u32| wanted.is_none_or(|w| w.binary_search(&i).is_ok());
        if rule.scans_blocks() {
            for (i, block) in doc.blocks.iter().enumerate() {
                let spans = if may_match(i as u32) {
                    rule.match_ranges(doc, phrases, i as u32)
                } else {
                    Vec::new()
                };
                let (n, syllables) = words_in(&block.text.text, &spans);
                padding.block_words += n;
                if block.kind != BlockKind::TableCell {
                    padding.sentence_words += n;
                    padding.sentence_syllables += syllables;
                }
                padding.block_spans.push(spans);
            }
        }
        if rule.scans_headings() {
            for (i, heading) in doc.headings.iter().enumerate() {
                let id = heading_text(doc, i);
                if !may_match(id) {
                    continue;
                }
                let spans = rule.match_ranges(doc, phrases, id);
                padding.heading_words += words_in(&heading.text.text, &spans).0;
            }
        }
        padding
    }

    /// Words inside generic phrases, in prose and headings.
    pub fn words(&self) -> usize {
        self.block_words + self.heading_words
    }

    /// The phrase spans of one block.
    pub fn spans(&self, block: usize) -> &[Range<usize>] {
        self.block_spans.get(block).map_or(&[], Vec::as_slice)
    }
}

fn generic_phrase_rule() -> Option<&'static PackRule> {
    packs::embedded()
        .iter()
        .find(|r| crate::rules::Rule::meta(r.as_ref()).id == GENERIC_PHRASE)
        .map(|r| r.as_ref())
}

/// Words (and their syllables) of `text` that lie inside one of `spans`.
fn words_in(text: &str, spans: &[Range<usize>]) -> (usize, usize) {
    if spans.is_empty() {
        return (0, 0);
    }
    let (mut n, mut syllables) = (0, 0);
    for (at, w) in reading_words(text) {
        let end = at + w.len();
        if spans.iter().any(|s| s.start <= at && end <= s.end) {
            n += 1;
            syllables += word_syllables(w) as usize;
        }
    }
    (n, syllables)
}

/// Whether a word is written in capitals only (at least two letters; digits, apostrophes and
/// hyphens allowed): `API`, `DON'T`.
pub(crate) fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Every regex of the rules (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static crate::text::quick_regex::QuickRegex> {
    llm_artifact::quick_regexes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_words_inside_phrases() {
        let doc = Document::parse(
            "# Unlocking the full potential of caches\n\nIn today's fast-paced world, caches \
help. Plain text here.\n\n| a testament to it |\n|---|\n| x |\n"
                .to_string(),
        )
        .unwrap();
        // the same with and without the rule set's phrase index
        let set = crate::engine::RuleSet::for_config(&crate::config::Config::default()).unwrap();
        let filtered = Padding::compute(
            &doc,
            &PhraseHits::new(Some(set.phrase_index(doc.source.len()).clone())),
        );
        let p = Padding::compute(&doc, &PhraseHits::new(None));
        assert_eq!(filtered.words(), p.words());
        assert_eq!(filtered.block_spans, p.block_spans);
        // "In today's fast-paced world" = in, today's, fast-paced, world (a hyphenated word is
        // one word, as in the prose counts)
        assert_eq!(p.spans(0).len(), 1);
        assert_eq!(p.sentence_words, 4);
        // the table header cell "a testament to it": 3 words, not sentence words
        assert_eq!(p.block_words, 4 + 3);
        // heading: "Unlocking the full potential"
        assert_eq!(p.heading_words, 4);
        assert_eq!(p.words(), 11);
        assert!(p.sentence_syllables >= 5);
    }

    /// The seed article scored 97/100 with an LLM critic. contentlint must see its filler.
    #[test]
    fn seed_article_is_caught() {
        use crate::config::Config;
        use crate::engine::Linter;
        let linter = Linter::with_config(Config::default());
        let report = linter
            .lint_source(
                std::path::Path::new("fixtures/seed.md"),
                include_str!("../../../fixtures/seed.md").to_string(),
            )
            .unwrap();
        let generic = report
            .findings
            .iter()
            .filter(|f| f.rule == GENERIC_PHRASE)
            .count();
        assert!(generic >= 5, "only {generic} generic phrases found");
        let dims = &report.rubric.dimensions;
        let persona = dims[&crate::finding::Dimension::PersonaStyle];
        assert!(persona <= 50, "persona_style {persona}");
        assert!(
            report.rubric.overall_score <= 85,
            "overall {} is not well below 97",
            report.rubric.overall_score
        );
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == "filler/buzzword-density"),
            "buzzwords not caught"
        );
    }

    #[test]
    fn all_caps_words() {
        assert!(is_all_caps("API"));
        assert!(is_all_caps("DON'T"));
        assert!(is_all_caps("UTF-8"));
        assert!(!is_all_caps("I"));
        assert!(!is_all_caps("PowerShell"));
        assert!(!is_all_caps("42"));
    }
}
