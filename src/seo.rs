//! SEO figures and the SEO audit: the primary keyword, its count and density, title and meta
//! description lengths, images; then each `seo/*` rule rates them good, ok or bad, Yoast-style.
//! The SEO score is computed from those ratings in [`crate::score`].

use crate::config::Config;
use crate::document::{Document, normalize_token, words};
use crate::rules::seo::{Assessment, SEO_RULES};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// Where the primary keyword came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordSource {
    Cli,
    FrontMatter,
    Derived,
    None,
}

/// The measured SEO facts of one article (the `seo` block of the report, minus the score).
#[derive(Debug, Clone, Serialize)]
pub struct SeoFigures {
    pub primary_keyword: Option<String>,
    pub primary_keyword_source: KeywordSource,
    #[serde(skip)]
    pub keyword_tokens: Vec<String>,
    pub keyword_count: usize,
    pub keyword_density: f64,
    pub word_count: usize,
    pub heading_count: usize,
    pub meta_description_length: usize,
    pub title_length: usize,
    pub images_total: usize,
    pub images_optimized: usize,
    /// Markdown, HTML and shortcode images ([`Document::images_with`]).
    #[serde(skip)]
    pub images: Vec<crate::document::Image>,
}

/// One SEO check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct SeoCheck {
    pub rule: &'static str,
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// Figures plus the checks of the enabled `seo/*` rules, computed once per article.
#[derive(Debug, Clone)]
pub struct SeoAudit {
    pub figures: SeoFigures,
    pub checks: Vec<SeoCheck>,
}

impl SeoAudit {
    pub fn run(
        doc: &Document,
        config: &Config,
        cli_keyword: Option<&str>,
        enabled: &dyn Fn(&str) -> bool,
    ) -> SeoAudit {
        let figures = figures(doc, config, cli_keyword);
        let checks = SEO_RULES
            .iter()
            .filter(|r| enabled(&r.meta.id))
            .map(|r| SeoCheck {
                rule: r.id(),
                assessment: (r.assess)(doc, &config.seo, &figures),
            })
            .collect();
        SeoAudit { figures, checks }
    }

    pub fn check(&self, rule: &str) -> Option<&Assessment> {
        self.checks
            .iter()
            .find(|c| c.rule == rule)
            .map(|c| &c.assessment)
    }
}

/// Length in user-perceived characters (grapheme clusters): an accented letter or an emoji
/// is one, whatever its bytes or code points.
pub fn char_length(text: &str) -> usize {
    text.graphemes(true).count()
}

/// A phrase as a keyword token sequence: words, lower case, apostrophes dropped, hyphens as
/// word breaks (so `fine-tuning` = `fine tuning`).
pub fn keyword_tokens(phrase: &str) -> Vec<String> {
    words(phrase)
        .map(|(_, w)| normalize_token(w).into_owned())
        .collect()
}

/// How many times the token sequence `keyword` occurs in `text`.
pub fn count_occurrences(text: &str, keyword: &[String]) -> usize {
    if keyword.is_empty() {
        return 0;
    }
    let tokens: Vec<&str> = words(text).map(|(_, w)| w).collect();
    count_in_words(&tokens, keyword)
}

/// How many times the token sequence `keyword` occurs in the word list `words`.
fn count_in_words(words: &[&str], keyword: &[String]) -> usize {
    if keyword.is_empty() {
        return 0;
    }
    words
        .windows(keyword.len())
        .filter(|w| w.iter().zip(keyword).all(|(a, b)| same_word(a, b)))
        .count()
}

/// The words of every heading and prose block, segmented once per article and shared by
/// keyword derivation and the keyword count (each of which segmented the whole text again).
struct DocWords<'d> {
    words: Vec<&'d str>,
    /// Ranges into `words`, same indices as [`Document::headings`].
    headings: Vec<Range<usize>>,
    /// Ranges into `words`, same indices as [`Document::blocks`].
    blocks: Vec<Range<usize>>,
}

impl<'d> DocWords<'d> {
    fn new(doc: &'d Document) -> DocWords<'d> {
        let mut all = Vec::new();
        let mut span = |text: &'d str| {
            let start = all.len();
            all.extend(words(text).map(|(_, w)| w));
            start..all.len()
        };
        let headings = doc.headings.iter().map(|h| span(&h.text.text)).collect();
        let blocks = doc.blocks.iter().map(|b| span(&b.text.text)).collect();
        DocWords {
            words: all,
            headings,
            blocks,
        }
    }

    fn of(&self, span: &Range<usize>) -> &[&'d str] {
        &self.words[span.clone()]
    }
}

/// A text word matches a (normalised) keyword token when it normalises to it, or to its
/// regular English plural (`generators` for `generator`, `boxes` for `box`): keyphrases name
/// things in the singular. Compares without allocating.
fn same_word(word: &str, keyword: &str) -> bool {
    // Fast reject on the first letter (ASCII), the common case in a long text.
    if let (Some(&w), Some(&k)) = (word.as_bytes().first(), keyword.as_bytes().first())
        && w.is_ascii_alphanumeric()
        && k.is_ascii()
        && w.to_ascii_lowercase() != k
    {
        return false;
    }
    normalized_eq(word, keyword, "")
        || normalized_eq(word, keyword, "s")
        || normalized_eq(word, keyword, "es")
}

/// `normalize_token(word) == keyword + suffix`, without building the normalised word.
fn normalized_eq(word: &str, keyword: &str, suffix: &str) -> bool {
    let mut expected = keyword.chars().chain(suffix.chars());
    let mut actual = word
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{02bc}'))
        .flat_map(char::to_lowercase);
    loop {
        match (actual.next(), expected.next()) {
            (None, None) => return true,
            (Some(a), Some(e)) if a == e => {}
            _ => return false,
        }
    }
}

pub fn contains_keyword(text: &str, keyword: &[String]) -> bool {
    count_occurrences(text, keyword) > 0
}

fn figures(doc: &Document, config: &Config, cli_keyword: Option<&str>) -> SeoFigures {
    let doc_words = DocWords::new(doc);
    let (primary_keyword, source) = if let Some(k) = cli_keyword.filter(|k| !k.trim().is_empty()) {
        (Some(k.trim().to_string()), KeywordSource::Cli)
    } else if let Some(k) = doc.front_matter.keyword() {
        (Some(k), KeywordSource::FrontMatter)
    } else if let Some(k) = derive_keyword_in(doc, &doc_words) {
        (Some(k), KeywordSource::Derived)
    } else {
        (None, KeywordSource::None)
    };
    let keyword_tokens = primary_keyword
        .as_deref()
        .map(keyword_tokens)
        .unwrap_or_default();
    let keyword_count = doc_words
        .headings
        .iter()
        .chain(&doc_words.blocks)
        .map(|span| count_in_words(doc_words.of(span), &keyword_tokens))
        .sum();
    let word_count = doc.prose().word_count;
    let images = doc.images_with(&config.content.image_shortcodes);
    let keyword_density = if word_count == 0 {
        0.0
    } else {
        round2(keyword_count as f64 * 100.0 / word_count as f64)
    };
    SeoFigures {
        primary_keyword,
        primary_keyword_source: source,
        keyword_tokens,
        keyword_count,
        keyword_density,
        word_count,
        heading_count: doc.headings.len(),
        meta_description_length: doc
            .front_matter
            .description()
            .map_or(0, |d| char_length(&d)),
        title_length: doc.title().map_or(0, |t| char_length(&t)),
        // Decorative images (`alt=""`) count as optimized: WCAG wants their alt empty.
        images_total: images.len(),
        images_optimized: images.iter().filter(|i| i.has_alt()).count(),
        images,
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Deserialize)]
struct KeywordData {
    stopwords: Vec<String>,
}

static STOPWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let data: KeywordData = toml::from_str(include_str!("../rules/data/keyword.toml"))
        .expect("rules/data/keyword.toml");
    data.stopwords.into_iter().collect()
});

/// Derive a primary keyword when none is given (README, "Primary keyword"):
/// 1. split the title (front matter, else H1) into phrases at punctuation other than an
///    in-word hyphen or apostrophe (`The Training Phase – Pre-training & Fine-Tuning` gives
///    `The Training Phase`, `Pre-training`, `Fine-Tuning`);
/// 2. candidates are the 1-4 word runs inside a phrase that neither start nor end with a
///    stop word (`rules/data/keyword.toml`) and are not numbers;
/// 3. each candidate scores (occurrences in the body) x (words in it); the best one that
///    occurs at least twice wins, ties going to the longer, then the earlier;
/// 4. if none occurs twice, the longest candidate of the first phrase is used.
///
/// So a keyword is always whole words of the title that the body actually uses, never a
/// fragment across a dash like `training phase pre`.
pub fn derive_keyword(doc: &Document) -> Option<String> {
    derive_keyword_in(doc, &DocWords::new(doc))
}

fn derive_keyword_in(doc: &Document, doc_words: &DocWords<'_>) -> Option<String> {
    let title = doc.title()?;
    let phrases = title_phrases(&title);
    let mut candidates: Vec<(Vec<String>, String)> = Vec::new();
    let mut fallback: Option<String> = None;
    for (pi, phrase) in phrases.iter().enumerate() {
        for start in 0..phrase.len() {
            for len in 1..=4.min(phrase.len() - start) {
                let run = &phrase[start..start + len];
                let (first, last) = (&run[0].1, &run[len - 1].1);
                if STOPWORDS.contains(first.as_str())
                    || STOPWORDS.contains(last.as_str())
                    || run
                        .iter()
                        .all(|(_, t)| t.chars().all(|c| c.is_ascii_digit()))
                {
                    continue;
                }
                let text = title[run[0].0.clone().start..run[len - 1].0.end].to_lowercase();
                let tokens: Vec<String> = run.iter().map(|(_, t)| t.clone()).collect();
                if pi == 0
                    && fallback
                        .as_ref()
                        .is_none_or(|f| keyword_tokens(f).len() < len)
                {
                    fallback = Some(text.clone());
                }
                candidates.push((tokens, text));
            }
        }
    }
    // One pass over the body's words counts every candidate: a candidate can only start at a
    // word that matches its first token.
    let mut counts = vec![0usize; candidates.len()];
    let spans = doc_words.blocks.iter().chain(
        doc.headings
            .iter()
            .zip(&doc_words.headings)
            .filter(|(h, _)| h.level != 1)
            .map(|(_, span)| span),
    );
    for span in spans {
        let tokens = doc_words.of(span);
        for i in 0..tokens.len() {
            for (c, (cand, _)) in candidates.iter().enumerate() {
                if tokens.len() - i >= cand.len()
                    && cand.iter().zip(&tokens[i..]).all(|(k, w)| same_word(w, k))
                {
                    counts[c] += 1;
                }
            }
        }
    }
    let mut best: Option<(usize, usize, &str)> = None; // (score, len, text)
    for ((cand, text), count) in candidates.iter().zip(counts) {
        let (len, score) = (cand.len(), count * cand.len());
        if count >= 2 && best.is_none_or(|(s, l, _)| score > s || (score == s && len > l)) {
            best = Some((score, len, text));
        }
    }
    best.map(|(_, _, t)| t.to_string()).or(fallback)
}

type TitleWord = (std::ops::Range<usize>, String);

/// Runs of title words joined only by spaces or an in-word hyphen/apostrophe.
fn title_phrases(title: &str) -> Vec<Vec<TitleWord>> {
    let mut phrases: Vec<Vec<TitleWord>> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for (at, w) in words(title) {
        let joined = prev_end.is_some_and(|end| {
            let gap = &title[end..at];
            gap.chars().all(char::is_whitespace) || gap == "-" || gap == "\u{2010}"
        });
        let token = normalize_token(w).into_owned();
        let word = (at..at + w.len(), token);
        match phrases.last_mut() {
            Some(p) if joined => p.push(word),
            _ => phrases.push(vec![word]),
        }
        prev_end = Some(at + w.len());
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_matching_is_case_apostrophe_and_hyphen_insensitive() {
        let k = keyword_tokens("fine-tuning");
        assert_eq!(
            count_occurrences("Fine tuning and FINE-TUNING, fine–tuning.", &k),
            3
        );
        let k = keyword_tokens("don't panic");
        assert_eq!(count_occurrences("Don’t Panic! dont panic", &k), 2);
        assert_eq!(count_occurrences("fine", &keyword_tokens("fine tuning")), 0);
        let k = keyword_tokens("static site generator");
        assert_eq!(
            count_occurrences("Static Site Generators and static site generator", &k),
            2
        );
        assert_eq!(count_occurrences("boxes", &keyword_tokens("box")), 1);
        assert_eq!(count_occurrences("generatorx", &k[2..]), 0);
    }

    #[test]
    fn keyword_count_is_the_sum_of_count_occurrences_over_headings_and_blocks() {
        let doc = Document::parse(
            "# Fine-tuning guide\n\nFine tuning and FINE-TUNINGS. Don’t fine\ntune, fine tuning!\n\n\
             - fine-tuning item\n\n## Why fine tuning\n\n| fine tuning | x |\n|---|---|\n| a | Fine-Tuning |\n"
                .into(),
        )
        .unwrap();
        let f = figures(&doc, &Config::default(), Some("fine-tuning"));
        let expected: usize = doc
            .headings
            .iter()
            .map(|h| &h.text.text)
            .chain(doc.blocks.iter().map(|b| &b.text.text))
            .map(|t| count_occurrences(t, &f.keyword_tokens))
            .sum();
        assert_eq!(expected, 8);
        assert_eq!(f.keyword_count, expected);
    }

    #[test]
    fn grapheme_length() {
        assert_eq!(char_length("e\u{301}té 👍🏽"), 5);
    }

    #[test]
    fn title_phrases_split_at_dashes_not_hyphens() {
        let p = title_phrases("The Training Phase – Pre-training & Fine-Tuning");
        let texts: Vec<Vec<&str>> = p
            .iter()
            .map(|p| p.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["the", "training", "phase"],
                vec!["pre", "training"],
                vec!["fine", "tuning"]
            ]
        );
    }

    #[test]
    fn derived_keyword_is_whole_title_words_the_body_uses() {
        let doc = Document::parse(
            "# The Training Phase – Pre-training & Fine-Tuning\n\nFine-tuning adapts a model. \
             Pre-training comes first. Fine tuning is cheaper than pre-training. Fine-tuning wins.\n"
                .into(),
        )
        .unwrap();
        assert_eq!(derive_keyword(&doc).as_deref(), Some("fine-tuning"));
    }

    #[test]
    fn derived_keyword_falls_back_to_the_first_phrase() {
        let doc = Document::parse("# Rust Error Handling\n\nNothing relevant.\n".into()).unwrap();
        assert_eq!(derive_keyword(&doc).as_deref(), Some("rust error handling"));
    }
}
