//! Sentences and words of the prose, computed once per document on first use.
//!
//! What counts (README, "Words and sentences"):
//! - prose is paragraphs, list items, blockquotes, footnotes and table cells; code (fenced,
//!   indented, inline), HTML and image alt text are not prose; headings count as words (for
//!   SEO figures) but not as sentences;
//! - a word is a Unicode (UAX #29) word that contains a letter or digit: `fine-tuning` is two
//!   words, `don't` and `3.5` are one;
//! - sentences follow UAX #29 sentence boundaries, except that a boundary after a common
//!   abbreviation (`e.g.`, `Dr.`, `vs.`) or a single initial (`J.`) is not a boundary, and a
//!   decimal (`3.5`) never splits, nor does the leading period of a name (`.NET`); table
//!   cells are not sentences.

use super::{BlockKind, Document, Section};
use std::borrow::Cow;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index into [`Document::blocks`].
    pub block: usize,
    /// Byte range in the block's plain text.
    pub range: Range<usize>,
    pub words: u32,
    pub syllables: u32,
}

/// A word of a text: its byte offset in that text and the word itself.
pub type Word<'a> = (usize, &'a str);

#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub sentences: Vec<Sentence>,
    /// Words per block, same indices as [`Document::blocks`].
    pub block_words: Vec<u32>,
    /// Words per heading, same indices as [`Document::headings`].
    pub heading_words: Vec<u32>,
    /// Words in blocks and headings.
    pub word_count: usize,
    /// Words in sentences (what readability formulas divide by).
    pub sentence_words: usize,
    pub sentence_syllables: usize,
}

impl Prose {
    pub(crate) fn compute(doc: &Document) -> Prose {
        let mut prose = Prose {
            heading_words: doc
                .headings
                .iter()
                .map(|h| words(&h.text.text).count() as u32)
                .collect(),
            ..Prose::default()
        };
        for (index, block) in doc.blocks.iter().enumerate() {
            let mut block_total = 0;
            if block.kind == BlockKind::TableCell {
                block_total = words(&block.text.text).count() as u32;
            } else {
                for range in sentence_ranges(&block.text.text) {
                    let text = &block.text.text[range.clone()];
                    let mut n = 0;
                    let mut syllables = 0;
                    for (_, w) in words(text) {
                        n += 1;
                        syllables += crate::readability::count_syllables(w);
                    }
                    if n == 0 {
                        continue;
                    }
                    block_total += n;
                    prose.sentence_words += n as usize;
                    prose.sentence_syllables += syllables as usize;
                    prose.sentences.push(Sentence {
                        block: index,
                        range,
                        words: n,
                        syllables,
                    });
                }
            }
            prose.block_words.push(block_total);
        }
        prose.word_count = prose.block_words.iter().map(|&n| n as usize).sum::<usize>()
            + prose
                .heading_words
                .iter()
                .map(|&n| n as usize)
                .sum::<usize>();
        prose
    }

    /// Words in a section's prose blocks (its heading not counted).
    pub fn section_words(&self, section: &Section) -> usize {
        self.block_words
            .get(section.blocks.clone())
            .map_or(0, |w| w.iter().map(|&n| n as usize).sum())
    }

    /// The text of a sentence.
    pub fn text<'d>(&self, doc: &'d Document, sentence: &Sentence) -> &'d str {
        &doc.blocks[sentence.block].text.text[sentence.range.clone()]
    }

    /// The source range of a sentence.
    pub fn source_range(&self, doc: &Document, sentence: &Sentence) -> Range<usize> {
        doc.blocks[sentence.block]
            .text
            .range_to_source(sentence.range.clone())
    }
}

/// Words of a text with their byte offsets: UAX #29 words that hold a letter or a digit.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
}

/// A word as compared for keywords: lower case, apostrophes removed (`Don’t` = `dont`).
pub fn normalize_token(word: &str) -> Cow<'_, str> {
    let needs_change = word
        .chars()
        .any(|c| c.is_uppercase() || matches!(c, '\'' | '\u{2019}' | '\u{02bc}'));
    if !needs_change {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{02bc}'))
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// Abbreviations whose period does not end a sentence (lower case, without the period).
/// `etc.` is left out on purpose: it usually does end one.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "jr", "sr", "st", "fig",
    "no", "approx", "cf", "al", "eq", "vol", "p", "pp", "ch", "sec", "u.s", "u.k",
];

/// Sentence ranges of a block's text, trimmed of surrounding whitespace.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut merge_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let trimmed = piece.trim_end();
        let lead = piece.len() - piece.trim_start().len();
        if trimmed.trim_start().is_empty() {
            continue;
        }
        let range = start + lead..start + trimmed.len();
        match out.last_mut() {
            Some(last) if merge_next => last.end = range.end,
            _ => out.push(range),
        }
        // A period after a space and directly before a letter starts a name, not a sentence
        // end: `.NET`, `.gitignore` (UAX #29 breaks there).
        let leading_dot = piece.len() == trimmed.len()
            && trimmed.strip_suffix('.').is_some_and(|b| {
                b.is_empty() || b.ends_with(|c: char| c.is_whitespace() || c == '(')
            });
        merge_next = leading_dot || ends_with_abbreviation(trimmed);
    }
    out
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(before) = sentence.strip_suffix('.') else {
        return false;
    };
    let last = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true; // an initial, as in "J. Smith"
    }
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_sentences_but_not_abbreviations_or_decimals() {
        assert_eq!(
            sentences("It costs 3.5 dollars. Dr. Smith agrees, e.g. for tests. Done!"),
            vec![
                "It costs 3.5 dollars.",
                "Dr. Smith agrees, e.g. for tests.",
                "Done!"
            ]
        );
        assert_eq!(
            sentences("Written by J. R. Tolkien. Yes."),
            vec!["Written by J. R. Tolkien.", "Yes."]
        );
        assert_eq!(
            sentences("Compile against .NET Standard now. Done."),
            vec!["Compile against .NET Standard now.", "Done."]
        );
        assert_eq!(
            sentences("It ends , . Next one."),
            vec!["It ends , .", "Next one."]
        );
    }

    #[test]
    fn words_split_hyphens_and_keep_apostrophes() {
        let w: Vec<&str> = words("Fine-tuning isn't 3.5x — ok")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, vec!["Fine", "tuning", "isn't", "3.5x", "ok"]);
        assert_eq!(normalize_token("Don’t"), "dont");
        assert!(matches!(normalize_token("plain"), Cow::Borrowed(_)));
    }
}
