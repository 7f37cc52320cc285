//! The token stream: the words of every prose block and heading, split once per document
//! (with [`words`], UAX #29) and kept with their byte offsets and lower-case forms, so that no
//! rule splits or lower-cases the same text again.
//!
//! Offsets are into the block's (or heading's) plain text, as [`super::Sentence::range`] is.
//! The lower-case forms live in one string per document (no allocation per word): Unicode
//! lower case, with the typographic apostrophe `’` written as `'`, so that word lists written
//! with a straight apostrophe match either.

use super::prose::{Words, is_ascii_lower, words};
use std::ops::Range;

/// Set in [`Token::end`] when the word's lower-case form differs from the word (it is then in
/// [`Tokens::lowers`]); most words are their own lower-case form and need nothing more.
const OWN_LOWER: u32 = 1 << 31;

/// Texts this long or longer get no tokens: offsets are `u32` with one bit taken (a 2 GB
/// paragraph is beyond any article; the input limit is 64 MB by default).
const MAX_TEXT: usize = (OWN_LOWER - 1) as usize;

/// One word: its byte range in its text. Eight bytes: a 50 MB article has millions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    /// End offset, with [`OWN_LOWER`] set when the lower-case form is stored apart.
    end: u32,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..(self.end & !OWN_LOWER) as usize
    }

    fn has_own_lower(&self) -> bool {
        self.end & OWN_LOWER != 0
    }
}

/// The words of every block and heading of a document.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    /// Lower-case forms of the words that are not their own, one after the other.
    lower: String,
    /// For each such word, in token order: its token index and its range in `lower`.
    lowers: Vec<(u32, u32, u32)>,
    /// Token index range of each block, same indices as [`super::Document::blocks`].
    blocks: Vec<Range<u32>>,
    /// Token index range of each heading, same indices as [`super::Document::headings`].
    headings: Vec<Range<u32>>,
}

impl Tokens {
    /// Split `texts` (blocks first, then headings, as counted by `blocks`).
    #[cfg(test)]
    pub(crate) fn split<'t>(
        blocks: impl Iterator<Item = &'t str>,
        headings: impl Iterator<Item = &'t str>,
    ) -> Tokens {
        let mut out = Tokens::default();
        for text in blocks {
            out.push_block(text);
        }
        for text in headings {
            out.push_heading(text);
        }
        out.shrink_to_fit();
        out
    }

    /// Make room for about `words` more words, at once (see [`Tokens::reserve_for`]).
    pub(crate) fn reserve_words(&mut self, words: usize) {
        self.tokens.reserve_exact(words);
    }

    /// Make room, at once, for the tokens of `parts` after this one's and then for the words
    /// of `headings` (at most one in two bytes of a text, rounded up; their lower-case forms
    /// about as long as the text): appended one by one, a large document's stream was copied
    /// to a larger buffer at each doubling (a sixth of the page faults of a 50 MB article).
    /// Room that is never written is never touched.
    pub(crate) fn reserve_for<'p, 'h>(
        &mut self,
        parts: impl Iterator<Item = &'p Tokens> + Clone,
        headings: impl Iterator<Item = &'h str> + Clone,
    ) {
        let heading_bytes: usize = headings.clone().map(str::len).sum();
        let heading_words: usize = headings.map(|h| h.len().div_ceil(2)).sum();
        self.tokens
            .reserve_exact(parts.clone().map(|p| p.tokens.len()).sum::<usize>() + heading_words);
        self.lower
            .reserve_exact(parts.clone().map(|p| p.lower.len()).sum::<usize>() + heading_bytes);
        self.lowers
            .reserve_exact(parts.clone().map(|p| p.lowers.len()).sum::<usize>() + heading_words);
        self.blocks
            .reserve_exact(parts.map(|p| p.blocks.len()).sum());
    }

    /// Append `other`, the tokens of the blocks after this one's (and no headings yet): the
    /// token stream of a document split in parts on several threads, joined in order.
    /// Returns the index its first token takes.
    pub(crate) fn append_blocks(&mut self, other: Tokens) -> u32 {
        debug_assert!(self.headings.is_empty() && other.headings.is_empty());
        let shift = self.tokens.len() as u32;
        let lower_shift = self.lower.len() as u32;
        self.tokens.extend_from_slice(&other.tokens);
        self.lower.push_str(&other.lower);
        self.lowers.extend(
            other
                .lowers
                .iter()
                .map(|&(t, from, to)| (t + shift, from + lower_shift, to + lower_shift)),
        );
        self.blocks
            .extend(other.blocks.iter().map(|r| r.start + shift..r.end + shift));
        shift
    }

    /// The tokens of blocks `blocks` alone (no headings), their indices counted from the
    /// first of them: what splitting those blocks' texts again would give, for
    /// [`Tokens::append_blocks`].
    pub(crate) fn blocks_part(&self, blocks: Range<usize>) -> Tokens {
        let ranges = &self.blocks[blocks];
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            return Tokens::default();
        };
        let (from, to) = (first.start, last.end);
        // Own lower-case forms are in token order: those of the part are one run.
        let a = self.lowers.partition_point(|&(t, _, _)| t < from);
        let b = self.lowers.partition_point(|&(t, _, _)| t < to);
        let lowers = &self.lowers[a..b];
        let (lower_from, lower_to) = match (lowers.first(), lowers.last()) {
            (Some(&(_, f, _)), Some(&(_, _, t))) => (f, t),
            _ => (0, 0),
        };
        Tokens {
            tokens: self.tokens[from as usize..to as usize].to_vec(),
            lower: self.lower[lower_from as usize..lower_to as usize].to_string(),
            lowers: lowers
                .iter()
                .map(|&(t, f, e)| (t - from, f - lower_from, e - lower_from))
                .collect(),
            blocks: ranges
                .iter()
                .map(|r| r.start - from..r.end - from)
                .collect(),
            headings: Vec::new(),
        }
    }

    /// Split the texts of more blocks, after those split so far (and before any heading).
    pub(crate) fn push_block(&mut self, text: &str) {
        debug_assert!(self.headings.is_empty());
        let range = self.push_text(text);
        self.blocks.push(range);
    }

    /// Split a heading's text, after every block.
    pub(crate) fn push_heading(&mut self, text: &str) {
        let range = self.push_text(text);
        self.headings.push(range);
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.tokens.shrink_to_fit();
    }

    fn push_text(&mut self, text: &str) -> Range<u32> {
        let first = self.tokens.len() as u32;
        if text.len() >= MAX_TEXT {
            return first..first;
        }
        match words(text) {
            Words::Ascii(mut scan) => {
                while let Some((at, w, own_lower)) = scan.next_word() {
                    self.push_word(at, w, own_lower);
                }
            }
            unicode => {
                for (at, w) in unicode {
                    self.push_word(at, w, is_ascii_lower(w));
                }
            }
        }
        first..self.tokens.len() as u32
    }

    /// Add word `w` at byte `at`; `own_lower`: it is its own lower case. Inlined into the
    /// split's loop: most words are their own lower case and need only their token pushed
    /// (as a call, its entry and exit were a third of this function's instructions).
    #[inline(always)]
    fn push_word(&mut self, at: usize, w: &str, own_lower: bool) {
        if own_lower {
            let (start, end) = (at as u32, (at + w.len()) as u32);
            self.tokens.push(Token { start, end });
        } else {
            self.push_word_with_lower(at, w);
        }
    }

    /// Add word `w` at byte `at`, with its lower-case form stored apart.
    #[inline(never)]
    fn push_word_with_lower(&mut self, at: usize, w: &str) {
        let (start, end) = (at as u32, (at + w.len()) as u32);
        let lower_start = self.lower.len() as u32;
        if w.is_ascii() {
            // Most words that are not their own lower case are capitalised ASCII words.
            self.lower.push_str(w);
            self.lower[lower_start as usize..].make_ascii_lowercase();
        } else {
            for c in w.chars() {
                if c == '\u{2019}' {
                    self.lower.push('\'');
                } else {
                    self.lower.extend(c.to_lowercase());
                }
            }
        }
        let index = self.tokens.len() as u32;
        self.lowers
            .push((index, lower_start, self.lower.len() as u32));
        self.tokens.push(Token {
            start,
            end: end | OWN_LOWER,
        });
    }

    /// The lower-case form of token `index`, stored apart.
    fn lower_of(&self, index: u32) -> &str {
        let i = self.lowers.partition_point(|&(t, _, _)| t < index);
        match self.lowers.get(i) {
            Some(&(t, from, to)) if t == index => &self.lower[from as usize..to as usize],
            _ => "",
        }
    }

    /// The words of block `i` (of `text`, the block's plain text).
    pub fn block<'d>(&'d self, i: usize, text: &'d str) -> TokenSlice<'d> {
        let range = self.blocks.get(i).cloned().unwrap_or(0..0);
        self.slice(range, text, 0)
    }

    /// The words of heading `i` (of `text`, the heading's plain text).
    pub fn heading<'d>(&'d self, i: usize, text: &'d str) -> TokenSlice<'d> {
        let range = self.headings.get(i).cloned().unwrap_or(0..0);
        self.slice(range, text, 0)
    }

    /// The token index range of block `i` (for [`Tokens::within`]).
    pub(crate) fn block_range(&self, i: usize) -> Range<u32> {
        self.blocks.get(i).cloned().unwrap_or(0..0)
    }

    /// The token index range of heading `i`.
    pub(crate) fn heading_range(&self, i: usize) -> Range<u32> {
        self.headings.get(i).cloned().unwrap_or(0..0)
    }

    /// The token index range, within `tokens` (a block's or heading's), of the words that lie
    /// inside the byte range `bytes` of that text.
    pub(crate) fn within(&self, tokens: Range<u32>, bytes: &Range<usize>) -> Range<u32> {
        let all = &self.tokens[tokens.start as usize..tokens.end as usize];
        let from = all.partition_point(|t| t.range().start < bytes.start);
        let to = all.partition_point(|t| t.range().end <= bytes.end);
        tokens.start + from as u32..tokens.start + to.max(from) as u32
    }

    /// The tokens at indices `range`: their byte ranges in their text, for walks that need no
    /// word made of them.
    pub(crate) fn spans(&self, range: Range<u32>) -> &[Token] {
        &self.tokens[range.start as usize..range.end as usize]
    }

    /// The words at token indices `range` of `text`, with offsets made relative to `base` (the
    /// byte where a sentence starts in its block, for a view of that sentence).
    pub(crate) fn slice<'d>(
        &'d self,
        range: Range<u32>,
        text: &'d str,
        base: usize,
    ) -> TokenSlice<'d> {
        TokenSlice {
            text,
            base,
            first: range.start,
            tokens: &self.tokens[range.start as usize..range.end as usize],
            all: self,
        }
    }
}

/// Some consecutive words of one text (a block, a heading or a sentence).
#[derive(Debug, Clone, Copy)]
pub struct TokenSlice<'d> {
    /// The whole text the offsets of `tokens` refer to (a block's or heading's plain text).
    text: &'d str,
    /// Subtracted from every offset handed out: the start of the sentence in its block.
    base: usize,
    /// Index in the document's token stream of `tokens[0]`.
    first: u32,
    tokens: &'d [Token],
    all: &'d Tokens,
}

/// A word of a [`TokenSlice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenWord<'d> {
    /// Byte offset in the slice's text (a sentence: from the sentence's start).
    pub at: usize,
    /// The word as written.
    pub text: &'d str,
    /// Lower case, `’` as `'`.
    pub lower: &'d str,
}

impl TokenWord<'_> {
    pub fn end(&self) -> usize {
        self.at + self.text.len()
    }
}

impl<'d> TokenSlice<'d> {
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The words from the `i`-th on (none when `i` is past the end).
    pub fn from_word(self, i: usize) -> TokenSlice<'d> {
        let i = i.min(self.tokens.len());
        TokenSlice {
            first: self.first + i as u32,
            tokens: &self.tokens[i..],
            ..self
        }
    }

    /// The first byte of the `i`-th word (a word is never empty), without making the word:
    /// for scans that turn most words away by it.
    pub fn first_byte(&self, i: usize) -> u8 {
        self.text.as_bytes()[self.tokens[i].range().start]
    }

    /// The bytes of the `i`-th word as written, without making the word: for walks that turn
    /// most words away by them.
    pub fn bytes_of(&self, i: usize) -> &'d [u8] {
        &self.text.as_bytes()[self.tokens[i].range()]
    }

    /// The index of the word that starts at byte `at` of the slice's text (offsets as
    /// [`TokenWord::at`] gives them), if one does: a binary search.
    pub fn word_starting_at(&self, at: usize) -> Option<usize> {
        let start = self.base.checked_add(at)?;
        let i = self.tokens.partition_point(|t| t.range().start < start);
        (self.tokens.get(i)?.range().start == start).then_some(i)
    }

    /// The `i`-th word as written.
    pub fn text_of(&self, i: usize) -> &'d str {
        &self.text[self.tokens[i].range()]
    }

    pub fn get(&self, i: usize) -> Option<TokenWord<'d>> {
        self.tokens.get(i).map(|t| self.word(i, t))
    }

    fn word(&self, i: usize, t: &Token) -> TokenWord<'d> {
        let range = t.range();
        let text = &self.text[range.clone()];
        TokenWord {
            at: range.start - self.base,
            text,
            lower: if t.has_own_lower() {
                self.all.lower_of(self.first + i as u32)
            } else {
                text
            },
        }
    }

    pub fn iter(
        self,
    ) -> impl DoubleEndedIterator<Item = TokenWord<'d>> + ExactSizeIterator + Clone + 'd {
        TokenIter {
            front: 0,
            back: self.tokens.len(),
            lower_front: None,
            lower_back: None,
            slice: self,
        }
    }

    /// `(offset, word)` pairs, as [`words`] gives them for the slice's text. Straight from the
    /// tokens: the walk of [`TokenSlice::iter`] would also look up lower-case forms (a binary
    /// search per slice that has a capitalised word), which these callers do not read.
    pub fn words(self) -> impl DoubleEndedIterator<Item = (usize, &'d str)> + Clone + 'd {
        let (text, base) = (self.text, self.base);
        self.tokens.iter().map(move |t| {
            let range = t.range();
            (range.start - base, &text[range])
        })
    }
}

/// The words of a [`TokenSlice`] in order. The stored lower-case forms are in token order, so
/// walking the slice walks them too: one binary search per end of the walk, not one per word
/// ([`Tokens::lower_of`] for every capitalised word was 1% of a check).
#[derive(Clone)]
struct TokenIter<'d> {
    slice: TokenSlice<'d>,
    /// Next token from the front, within the slice.
    front: usize,
    /// One past the next token from the back, within the slice.
    back: usize,
    /// Index in [`Tokens::lowers`] of the first entry for a token at or after `front`, once
    /// a word of the front needed one.
    lower_front: Option<usize>,
    /// Index in [`Tokens::lowers`] one past the last entry for a token before `back`, once a
    /// word of the back needed one.
    lower_back: Option<usize>,
}

impl<'d> TokenIter<'d> {
    /// The word at `i` of the slice; `lower` is the entry of [`Tokens::lowers`] that should
    /// hold its lower-case form when it has one of its own.
    fn word_at(&self, i: usize, lower: usize) -> TokenWord<'d> {
        let slice = &self.slice;
        let t = &slice.tokens[i];
        let range = t.range();
        let text = &slice.text[range.clone()];
        let lower = if t.has_own_lower() {
            let index = slice.first + i as u32;
            match slice.all.lowers.get(lower) {
                Some(&(token, from, to)) if token == index => {
                    &slice.all.lower[from as usize..to as usize]
                }
                _ => slice.all.lower_of(index),
            }
        } else {
            text
        };
        TokenWord {
            at: range.start - slice.base,
            text,
            lower,
        }
    }

    /// The index in [`Tokens::lowers`] of the first entry for a token at or after slice
    /// position `i`.
    fn lower_index(&self, i: usize) -> usize {
        let index = self.slice.first + i as u32;
        self.slice
            .all
            .lowers
            .partition_point(|&(t, _, _)| t < index)
    }
}

impl<'d> Iterator for TokenIter<'d> {
    type Item = TokenWord<'d>;

    fn next(&mut self) -> Option<TokenWord<'d>> {
        if self.front >= self.back {
            return None;
        }
        let i = self.front;
        self.front += 1;
        if !self.slice.tokens[i].has_own_lower() {
            return Some(self.word_at(i, usize::MAX));
        }
        let lower = match self.lower_front {
            Some(l) => l,
            None => self.lower_index(i),
        };
        self.lower_front = Some(lower + 1);
        Some(self.word_at(i, lower))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for TokenIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        let i = self.back;
        if !self.slice.tokens[i].has_own_lower() {
            return Some(self.word_at(i, usize::MAX));
        }
        let end = match self.lower_back {
            Some(l) => l,
            None => self.lower_index(i + 1),
        };
        // The entry for token `i` is the one before `end` (there is one: the token has its
        // own lower-case form); `word_at` checks it all the same.
        let lower = end.wrapping_sub(1);
        self.lower_back = Some(lower);
        Some(self.word_at(i, lower))
    }
}

impl ExactSizeIterator for TokenIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_once_with_lower_case_forms_and_offsets() {
        let blocks = ["Studies SHOW it’s fine-tuned.", ""];
        let headings = ["Über 2024"];
        let t = Tokens::split(blocks.into_iter(), headings.into_iter());
        let b0: Vec<_> = t.block(0, blocks[0]).iter().collect();
        let lower: Vec<&str> = b0.iter().map(|w| w.lower).collect();
        assert_eq!(lower, vec!["studies", "show", "it's", "fine", "tuned"]);
        assert_eq!(b0[2].text, "it’s");
        assert_eq!(&blocks[0][b0[2].at..b0[2].end()], "it’s");
        assert!(t.block(1, blocks[1]).is_empty());
        let h: Vec<&str> = t.heading(0, headings[0]).iter().map(|w| w.lower).collect();
        assert_eq!(h, vec!["über", "2024"]);
    }

    #[test]
    fn a_sentence_view_has_sentence_offsets() {
        let text = "First one. Second words here.";
        let t = Tokens::split([text].into_iter(), std::iter::empty());
        let sentence = 11..text.len();
        let range = t.within(t.block_range(0), &sentence);
        let view = t.slice(range, text, sentence.start);
        let got: Vec<(usize, &str)> = view.words().collect();
        let want: Vec<(usize, &str)> = words(&text[sentence]).collect();
        assert_eq!(got, want);
        // Lower-case forms stored apart are found from a slice that starts mid-stream.
        let lower: Vec<&str> = view.iter().map(|w| w.lower).collect();
        assert_eq!(lower, vec!["second", "words", "here"]);
        assert_eq!(t.block(0, text).get(0).unwrap().lower, "first");
    }

    /// A word's offset in a sentence view finds its index; an offset inside a word or
    /// between words, before the view or past it, none.
    #[test]
    fn words_are_found_by_their_start() {
        let text = "First one. Second  words-here.";
        let t = Tokens::split([text].into_iter(), std::iter::empty());
        let sentence = 11..text.len();
        let view = t.slice(t.within(t.block_range(0), &sentence), text, sentence.start);
        for (i, w) in view.iter().enumerate() {
            assert_eq!(view.word_starting_at(w.at), Some(i), "{}", w.text);
            assert_eq!(view.word_starting_at(w.at + 1), None, "{}", w.text);
        }
        assert_eq!(view.word_starting_at(6), None, "the gap after \"Second\"");
        assert_eq!(view.word_starting_at(sentence.len() + 5), None);
        let whole = t.block(0, text);
        assert_eq!(whole.word_starting_at(0), Some(0));
        assert_eq!(whole.word_starting_at(11), Some(2));
    }

    #[test]
    fn iterating_from_either_end_gives_the_stored_lower_case_forms() {
        let text = "Über den Fluss GEHT es. Ein Café, ein Tee: WIR trinken";
        let t = Tokens::split([text].into_iter(), std::iter::empty());
        let all = t.block(0, text);
        let by_index: Vec<TokenWord<'_>> = (0..all.len()).map(|i| all.get(i).unwrap()).collect();
        assert_eq!(all.iter().collect::<Vec<_>>(), by_index);
        let mut backwards: Vec<_> = all.iter().rev().collect();
        backwards.reverse();
        assert_eq!(backwards, by_index);
        // Mixed ends, and slices that start and end between stored forms.
        let mut it = all.iter();
        let (a, b, c) = (it.next(), it.next_back(), it.next());
        assert_eq!(
            [a, b, c],
            [by_index.first(), by_index.last(), by_index.get(1)].map(|w| w.copied())
        );
        assert_eq!(it.len(), by_index.len() - 3);
        assert_eq!(it.collect::<Vec<_>>(), by_index[2..by_index.len() - 1]);
        for from in 0..all.len() as u32 {
            for to in from..=all.len() as u32 {
                let view = t.slice(from..to, text, 0);
                let want = &by_index[from as usize..to as usize];
                assert_eq!(view.iter().collect::<Vec<_>>(), want);
                assert_eq!(
                    view.iter().rev().collect::<Vec<_>>(),
                    want.iter().rev().copied().collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn words_agree_with_the_word_splitter() {
        for text in [
            "Don't stop; it's 3:30 -- 42nd st. e.g. U.S. v1.2 snake_case",
            "Naïve café — “quoted” 10,000 3.5%",
        ] {
            let t = Tokens::split([text].into_iter(), std::iter::empty());
            let got: Vec<(usize, &str)> = t.block(0, text).words().collect();
            let want: Vec<(usize, &str)> = words(text).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
