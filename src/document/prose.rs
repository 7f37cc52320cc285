//! Sentences and words of the prose, computed once per document on first use.
//!
//! What counts (docs/scoring.md, "Words, sentences and readability"):
//! - prose is paragraphs, list items, blockquotes, footnotes and table cells; code (fenced,
//!   indented, inline), HTML and image alt text are not prose; headings count as words (for
//!   SEO figures) but not as sentences;
//! - a word is a Unicode (UAX #29) word that contains a letter or digit, and for the prose
//!   counts ([`reading_words`]) words joined by a hyphen or slash are one: `fine-tuning`,
//!   `and/or` and `client/server` are one word each, as are `don't`, `3.5` and `10,000`;
//!   template, shortcode, comment and component syntax (see `syntax.rs`) is not prose;
//! - sentences follow UAX #29 sentence boundaries, except that a boundary after a common
//!   abbreviation (`e.g.`, `Dr.`, `vs.`) or a single initial (`J.`) is not a boundary, and a
//!   decimal (`3.5`) never splits, nor does the leading period of a name (`.NET`); table
//!   cells are not sentences.

use super::tokens::{Token, TokenSlice, Tokens};
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
    /// Index range of its words in [`Prose::tokens`] (see [`Prose::sentence_words`]).
    pub tokens: Range<u32>,
    pub words: u32,
    pub syllables: u32,
}

/// Which sentences [`Prose::sentences_in`] gives: always those of paragraphs and list items;
/// those in block quotes (someone else's words) and footnotes (usually the sources) on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceScope {
    pub quotes: bool,
    pub footnotes: bool,
}

impl SentenceScope {
    /// Every sentence.
    pub const ALL: SentenceScope = SentenceScope {
        quotes: true,
        footnotes: true,
    };
    /// The author's own statements: not quoted, not in a footnote.
    pub const OWN: SentenceScope = SentenceScope {
        quotes: false,
        footnotes: false,
    };
    /// Claims: quotes included (a quoted claim is still made on the page), footnotes not (they
    /// are the sources).
    pub const CLAIMS: SentenceScope = SentenceScope {
        quotes: true,
        footnotes: false,
    };
}

/// A sentence with what rules read of it.
#[derive(Debug, Clone, Copy)]
pub struct SentenceView<'d> {
    pub sentence: &'d Sentence,
    pub block: &'d super::Block,
    /// The sentence's text.
    pub text: &'d str,
    /// Its words, offsets from the sentence's start.
    pub words: TokenSlice<'d>,
}

impl SentenceView<'_> {
    /// Source range of a range of the sentence's text.
    pub fn source(&self, local: Range<usize>) -> Range<usize> {
        let base = self.sentence.range.start;
        self.block
            .text
            .range_to_source(base + local.start..base + local.end)
    }
}

/// Bytes of block text from which a document's prose is computed in parts, on the threads of
/// the rayon pool it is computed on (the language server's and a large single file's rule
/// threads: there the prose, computed before the rules, was a fifth of an edit's latency on a
/// 1 MB article). Below it, or outside a pool, or with one thread, it is one part: the result
/// is the same either way.
const PROSE_PART_BYTES: usize = 128 * 1024;

/// The block ranges whose prose is computed apart (see [`PROSE_PART_BYTES`]): twice as many
/// as the pool has threads, so that a thread that finishes early takes another, each of about
/// the same text, each at least [`PROSE_PART_BYTES`]; one range for every block when the
/// document is small or there is no pool.
fn prose_parts(doc: &Document) -> Vec<Range<usize>> {
    let all = 0..doc.blocks.len();
    if rayon::current_thread_index().is_none() || rayon::current_num_threads() < 2 {
        return vec![all];
    }
    let bytes: usize = doc.blocks.iter().map(|b| b.text.text.len()).sum();
    let parts = (bytes / PROSE_PART_BYTES).min(2 * rayon::current_num_threads());
    if parts < 2 {
        return vec![all];
    }
    let per_part = bytes.div_ceil(parts);
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut filled) = (0, 0);
    for (i, block) in doc.blocks.iter().enumerate() {
        filled += block.text.text.len();
        if filled >= per_part && i + 1 < doc.blocks.len() {
            ranges.push(start..i + 1);
            (start, filled) = (i + 1, 0);
        }
    }
    ranges.push(start..doc.blocks.len());
    ranges
}

/// The spaces and line breaks of `text`, counted by a loop the compiler makes a vector one
/// (a byte counter per lane, summed every 255 bytes): a filter and count took four
/// instructions a byte.
fn spaces_and_breaks(text: &str) -> usize {
    text.as_bytes()
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &c| n + u8::from(c == b' ' || c == b'\n'));
            usize::from(n)
        })
        .sum()
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
    /// The words of every block and heading, split once.
    pub tokens: Tokens,
}

impl Prose {
    pub(crate) fn compute(doc: &Document) -> Prose {
        let parts = prose_parts(doc);
        let mut prose = if parts.len() > 1 {
            use rayon::prelude::*;
            let parts: Vec<Prose> = parts
                .into_par_iter()
                .with_max_len(1)
                .map(|blocks| Prose::of_blocks(doc, blocks))
                .collect();
            Prose::joined(doc, parts)
        } else {
            Prose::of_blocks(doc, 0..doc.blocks.len())
        };
        prose.finish(doc);
        prose
    }

    /// The prose of `doc`, an edit of `previous`: the same as [`Prose::compute`], but the
    /// blocks the edit left as they were (the longest runs of equal blocks at the start and at
    /// the end) are copied from `previous`'s prose rather than split again. A block's prose
    /// is its kind's and its text's alone. When most blocks are new, all are computed, in
    /// parts on the pool's threads.
    pub(crate) fn compute_after(doc: &Document, previous: &Document) -> Prose {
        let (old, new) = (&previous.blocks, &doc.blocks);
        let super::UnchangedEnds { prefix, suffix } = super::unchanged_ends(old, new, |a, b| {
            a.kind == b.kind && a.text.text == b.text.text
        });
        if 2 * (prefix + suffix) < new.len() {
            return Prose::compute(doc);
        }
        let before = previous.prose();
        let mut prose = Prose::joined(
            doc,
            vec![
                before.blocks_part(0..prefix, 0),
                Prose::of_blocks(doc, prefix..new.len() - suffix),
                before.blocks_part(old.len() - suffix..old.len(), new.len() - suffix),
            ],
        );
        prose.finish(doc);
        prose
    }

    /// The parts of `doc`'s prose (see [`Prose::append`]) as one, in order, its vectors grown
    /// once to their whole length (with room for the headings' words, see [`Prose::finish`]).
    fn joined(doc: &Document, parts: Vec<Prose>) -> Prose {
        let mut parts = parts.into_iter();
        let Some(mut prose) = parts.next() else {
            return Prose::default();
        };
        let rest = parts.as_slice();
        prose
            .sentences
            .reserve_exact(rest.iter().map(|p| p.sentences.len()).sum());
        prose
            .block_words
            .reserve_exact(rest.iter().map(|p| p.block_words.len()).sum());
        prose.tokens.reserve_for(
            rest.iter().map(|p| &p.tokens),
            doc.headings.iter().map(|h| h.text.text.as_str()),
        );
        for part in parts {
            prose.append(part);
        }
        prose
    }

    /// The prose of this document's blocks `blocks` as a part that starts at block `first`
    /// (see [`Prose::append`]): what [`Prose::of_blocks`] gives for blocks of the same kinds
    /// and texts.
    fn blocks_part(&self, blocks: Range<usize>, first: usize) -> Prose {
        if blocks.is_empty() {
            return Prose::default();
        }
        let base = self.tokens.block_range(blocks.start).start;
        let a = self.sentences.partition_point(|s| s.block < blocks.start);
        let b = self.sentences.partition_point(|s| s.block < blocks.end);
        let sentences: Vec<Sentence> = self.sentences[a..b]
            .iter()
            .map(|s| Sentence {
                block: s.block - blocks.start + first,
                range: s.range.clone(),
                tokens: s.tokens.start - base..s.tokens.end - base,
                words: s.words,
                syllables: s.syllables,
            })
            .collect();
        Prose {
            sentence_words: sentences.iter().map(|s| s.words as usize).sum(),
            sentence_syllables: sentences.iter().map(|s| s.syllables as usize).sum(),
            sentences,
            block_words: self.block_words[blocks.clone()].to_vec(),
            tokens: self.tokens.blocks_part(blocks),
            ..Prose::default()
        }
    }

    /// The headings' words and the counts over blocks and headings, once the blocks' prose is
    /// complete.
    fn finish(&mut self, doc: &Document) {
        let prose = self;
        for heading in &doc.headings {
            prose.tokens.push_heading(&heading.text.text);
        }
        prose.tokens.shrink_to_fit();
        prose.heading_words = doc
            .headings
            .iter()
            .enumerate()
            .map(|(i, h)| {
                reading_spans(
                    &h.text.text,
                    prose.tokens.spans(prose.tokens.heading_range(i)),
                )
                .count() as u32
            })
            .collect();
        prose.word_count = prose.block_words.iter().map(|&n| n as usize).sum::<usize>()
            + prose
                .heading_words
                .iter()
                .map(|&n| n as usize)
                .sum::<usize>();
    }

    /// The prose of the blocks `blocks` (their words, sentences and counts), the blocks'
    /// token indices counted from the first of them: one part of a document (see
    /// [`Prose::append`]).
    fn of_blocks(doc: &Document, blocks: Range<usize>) -> Prose {
        let first = blocks.start;
        let mut prose = Prose::default();
        let part = &doc.blocks[blocks.clone()];
        if part.iter().map(|b| b.text.text.len()).sum::<usize>() >= PROSE_PART_BYTES {
            // A large part's words, about one per space or line break and a quarter more for
            // the other separators, have their room made at once: doubling a buffer of
            // millions copies it to fresh memory each time (a tenth of the page faults of a
            // 50 MB article).
            let breaks: usize = part.iter().map(|b| spaces_and_breaks(&b.text.text)).sum();
            prose.tokens.reserve_words(breaks + breaks / 4 + part.len());
        }
        for block in part {
            prose.tokens.push_block(&block.text.text);
        }
        let tokens = &prose.tokens;
        // One borrow of the thread's syllable cache for the whole part.
        let mut ranges = Vec::new();
        SYLLABLES.with_borrow_mut(|syllable_cache| {
            for (index, block) in doc.blocks[blocks].iter().enumerate() {
                let text = &block.text.text;
                let mut block_total = 0;
                if block.kind == BlockKind::TableCell {
                    block_total =
                        reading_spans(text, tokens.spans(tokens.block_range(index))).count() as u32;
                } else {
                    ranges.clear();
                    push_sentence_ranges(text, &mut ranges);
                    for range in ranges.drain(..) {
                        let token_range = tokens.within(tokens.block_range(index), &range);
                        let sentence = &text[range.clone()];
                        let mut n = 0;
                        let mut syllables = 0;
                        for span in reading_spans(text, tokens.spans(token_range.clone())) {
                            let w = &text[span.clone()];
                            n += 1;
                            syllables += if is_identifier_by_context(
                                sentence,
                                span.start - range.start,
                                w,
                            ) {
                                1
                            } else {
                                syllable_cache.get(w)
                            };
                        }
                        if n == 0 {
                            continue;
                        }
                        block_total += n;
                        prose.sentence_words += n as usize;
                        prose.sentence_syllables += syllables as usize;
                        prose.sentences.push(Sentence {
                            block: first + index,
                            range,
                            tokens: token_range,
                            words: n,
                            syllables,
                        });
                    }
                }
                prose.block_words.push(block_total);
            }
        });
        prose
    }

    /// Append the prose of the blocks right after this part's (see [`Prose::of_blocks`]).
    fn append(&mut self, part: Prose) {
        let shift = self.tokens.append_blocks(part.tokens);
        self.sentences
            .extend(part.sentences.into_iter().map(|mut s| {
                s.tokens = s.tokens.start + shift..s.tokens.end + shift;
                s
            }));
        self.block_words.extend(part.block_words);
        self.sentence_words += part.sentence_words;
        self.sentence_syllables += part.sentence_syllables;
    }

    /// The sentences a rule reads, in document order: one filter for every rule, so that rules
    /// of a kind agree on what a sentence of the article is. Table cells never make sentences.
    pub fn sentences_in<'d>(
        &'d self,
        doc: &'d Document,
        scope: SentenceScope,
    ) -> impl Iterator<Item = SentenceView<'d>> + 'd {
        self.sentences.iter().filter_map(move |s| {
            let block = &doc.blocks[s.block];
            let excluded =
                (block.in_blockquote && !scope.quotes) || (block.in_footnote && !scope.footnotes);
            (!excluded).then(|| SentenceView {
                sentence: s,
                block,
                text: &block.text.text[s.range.clone()],
                words: self.sentence_words(doc, s),
            })
        })
    }

    /// The words of a sentence, with offsets from the sentence's start.
    pub fn sentence_words<'d>(&'d self, doc: &'d Document, sentence: &Sentence) -> TokenSlice<'d> {
        let text = &doc.blocks[sentence.block].text.text;
        self.tokens
            .slice(sentence.tokens.clone(), text, sentence.range.start)
    }

    /// The words of block `i`, with offsets in its plain text.
    pub fn block_words_of<'d>(&'d self, doc: &'d Document, i: usize) -> TokenSlice<'d> {
        self.tokens.block(i, &doc.blocks[i].text.text)
    }

    /// The words of heading `i`, with offsets in its plain text.
    pub fn heading_words_of<'d>(&'d self, doc: &'d Document, i: usize) -> TokenSlice<'d> {
        self.tokens.heading(i, &doc.headings[i].text.text)
    }

    /// Prose words of a section as the section-length rules count them: `clarity/long-section`
    /// and `seo/subheading-distribution` both call this, so they always agree.
    ///
    /// - paragraphs (block quotes and footnotes included) count in full; list items count at
    ///   `list_weight` (`[clarity] section_list_weight`): bullets already give readers the
    ///   structure that subheadings would; tables and code do not count at all (a table of 500
    ///   codes is not a wall of text, and code is not prose);
    /// - a run-in head works as a subheading: a paragraph that opens with a bold phrase that is
    ///   the whole paragraph or ends in `.`, `:` or `?` ("**Can you introduce yourself?**",
    ///   "**Caching.** The cache ..."), or a definition-list entry (`Term` then a line
    ///   `: definition`), or a glossary entry (a first line that is only a link, the
    ///   description below it). The figure is the longest stretch between such heads.
    ///
    /// Yoast's subheading distribution counts all text between subheadings; it has no notion
    /// of lists, tables or run-in heads, which reference pages are made of.
    pub fn section_prose_words(
        &self,
        doc: &Document,
        section: &Section,
        list_weight: f64,
    ) -> usize {
        self.stretch_words(doc, section, list_weight, &RunInHeads::of(doc))
    }

    /// [`Prose::section_prose_words`] of every section of `doc`, in order: a fact of the
    /// document, by list weight (clarity/long-section and seo/subheading-distribution both
    /// ask for every section; each asked the document for its run-in heads per section).
    pub fn sections_prose_words(doc: &Document, list_weight: f64) -> std::sync::Arc<SectionWords> {
        doc.fact(list_weight.to_bits(), || {
            let prose = doc.prose();
            let heads = RunInHeads::of(doc);
            SectionWords(
                doc.sections
                    .iter()
                    .map(|s| prose.stretch_words(doc, s, list_weight, &heads))
                    .collect(),
            )
        })
    }

    /// See [`Prose::section_prose_words`]; `heads`: the document's run-in heads.
    fn stretch_words(
        &self,
        doc: &Document,
        section: &Section,
        list_weight: f64,
        heads: &RunInHeads,
    ) -> usize {
        let mut longest = 0.0f64;
        let mut stretch = 0.0f64;
        for i in section.blocks.clone() {
            let block = &doc.blocks[i];
            let words = self.block_words.get(i).copied().unwrap_or(0) as f64;
            let weight = match block.kind {
                BlockKind::TableCell => 0.0,
                BlockKind::ListItem => list_weight,
                BlockKind::Paragraph if block.in_list => list_weight,
                BlockKind::Paragraph => 1.0,
            };
            if heads.blocks.binary_search(&i).is_ok() {
                longest = longest.max(stretch);
                stretch = 0.0;
            }
            stretch += words * weight;
        }
        longest.max(stretch).round() as usize
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

/// The paragraphs (outside lists) that open like a heading, by block index: a document fact,
/// since two rules measure the stretches between them (`clarity/long-section` and
/// `seo/subheading-distribution` each tested every paragraph of a long article).
/// The prose words of each section of a document ([`Prose::sections_prose_words`]).
pub struct SectionWords(pub Vec<usize>);

struct RunInHeads {
    blocks: Vec<usize>,
}

impl RunInHeads {
    fn of(doc: &Document) -> std::sync::Arc<RunInHeads> {
        doc.fact((), || RunInHeads {
            blocks: (0..doc.blocks.len())
                .filter(|&i| {
                    let block = &doc.blocks[i];
                    block.kind == BlockKind::Paragraph
                        && !block.in_list
                        && is_run_in_head(doc, block)
                })
                .collect(),
        })
    }
}

/// A definition-list entry: a line after the first (the term) that starts with ": " after
/// white space. Found from each line break with memchr rather than by splitting the lines
/// (which was most of the run-in head test on a long article); white space may span blank
/// lines, and a later line that starts so is one of the lines.
fn has_definition_line(para: &str) -> bool {
    memchr::memchr_iter(b'\n', para.as_bytes())
        .any(|at| para[at + 1..].trim_start().starts_with(": "))
}

/// Whether a paragraph opens like a heading (see [`Prose::section_prose_words`]).
fn is_run_in_head(doc: &Document, block: &super::Block) -> bool {
    let span = block.range();
    let source = doc.source.as_bytes();
    let line_start = memchr::memrchr(b'\n', &source[..span.start]).map_or(0, |n| n + 1);
    // To the end of the block's last line: its plain text ends before any closing `**`.
    let line_end =
        memchr::memchr(b'\n', &source[span.end..]).map_or(source.len(), |n| span.end + n);
    doc.source
        .get(line_start..line_end)
        .is_some_and(|para| may_open_like_a_heading(para) && opens_like_a_heading(para))
}

/// Whether the lines of a paragraph may have a shape of [`opens_like_a_heading`]: each opens
/// with `*` or `_` (a bold phrase), opens with `[` (a link) or holds a `:` (a definition
/// line). Most paragraphs do none of these, and the shapes' tests searched their lines (112 M
/// instructions on the PowerShell docs).
fn may_open_like_a_heading(para: &str) -> bool {
    matches!(
        para.trim_start().as_bytes().first(),
        Some(b'*' | b'_' | b'[')
    ) || memchr::memchr(b':', para.as_bytes()).is_some()
}

/// Whether the lines of a paragraph (whole source lines) have the shape of a run-in head.
fn opens_like_a_heading(para: &str) -> bool {
    // Both tests of lines need a second line; most paragraphs have one line (searching their
    // lines for every block, twice per check, was 2% of a reference site's run).
    let multiline = memchr::memchr(b'\n', para.as_bytes()).is_some();
    if multiline && has_definition_line(para) {
        return true;
    }
    // A glossary entry: a first line that is only a link, its description on the next lines.
    let mut lines = para.lines();
    if multiline && let (Some(first), Some(_)) = (lines.next(), lines.next()) {
        let first = first.trim();
        if first.starts_with('[')
            && first.ends_with(')')
            && first
                .find("](")
                .is_some_and(|i| !first[i + 2..].contains(']'))
        {
            return true;
        }
    }
    let para = para.trim_start();
    for marker in ["**", "__"] {
        let Some(rest) = para.strip_prefix(marker) else {
            continue;
        };
        let Some(close) = rest.find(marker) else {
            continue;
        };
        let inner = rest[..close].trim_end();
        let after = rest[close + marker.len()..].trim();
        return !inner.is_empty()
            && (after.is_empty()
                || inner.ends_with(['.', ':', '?'])
                || after.starts_with(['.', ':', '?']));
    }
    false
}

/// Words as readability formulas and word counts take them: [`words`], except that words
/// joined by a single hyphen or slash with no space are one word (`fine-tuning`,
/// `state-of-the-art`, `and/or`, `client/server`).
///
/// Flesch's counting instructions (1948, "A new readability yardstick", J. Applied Psychology
/// 32(3); again in *How to Write Plain English*, 1979) count contractions and hyphenated words
/// as one word, and numbers and symbols set off by white space as words; Yoast SEO splits
/// words on white space and textstat deletes hyphens and slashes before splitting, so both
/// count `fine-tuning` as one word too. Keyword matching keeps [`words`] (hyphens break), so
/// `fine tuning` still matches `fine-tuning`.
pub fn reading_words(text: &str) -> ReadingWords<'_> {
    ReadingWords {
        text,
        inner: words(text),
        pending: None,
    }
}

/// The [`reading_words`] of `text` from its already split words (`tokens`, some of the
/// tokens of `text`), as byte ranges of `text`: the same words, without splitting again, and
/// read from the tokens' ranges and the joining bytes alone, without making a string of each
/// token (the word walk of the prose statistics, done for every word of every document).
fn reading_spans<'a>(
    text: &'a str,
    tokens: &'a [Token],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    let mut k = 0;
    std::iter::from_fn(move || {
        let first = tokens.get(k)?.range();
        k += 1;
        let (start, mut end) = (first.start, first.end);
        while let Some(next) = tokens.get(k).map(Token::range) {
            if next.start != end + 1 || !matches!(bytes[end], b'-' | b'/') {
                break;
            }
            end = next.end;
            k += 1;
        }
        Some(start..end)
    })
}

pub struct ReadingWords<'a> {
    text: &'a str,
    inner: Words<'a>,
    pending: Option<Word<'a>>,
}

impl<'a> Iterator for ReadingWords<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        let (start, first) = self.pending.take().or_else(|| self.inner.next())?;
        let mut end = start + first.len();
        for (at, w) in self.inner.by_ref() {
            let joined = at == end + 1 && matches!(self.text.as_bytes()[end], b'-' | b'/');
            if !joined {
                self.pending = Some((at, w));
                break;
            }
            end = at + w.len();
        }
        Some((start, &self.text[start..end]))
    }
}

/// Syllables of one [`reading_words`] word: [`crate::readability::count_syllables`], and one
/// for a word without letters (`2024`, `3.5`, `10,000`, `42` of `42%`). Flesch's instructions
/// count a numeral's syllables as it is read aloud (`1948` = 4); one per number is the
/// simpler rule of textstat (pyphen gives a digit string one syllable) and keeps a number from
/// making a sentence look easier than its words.
pub fn word_syllables(word: &str) -> u32 {
    crate::readability::count_syllables(word).max(1)
}

/// Slots of a thread's syllable cache (a power of two). Words repeat (Zipf): a few thousand
/// distinct words make most of the words of any text, but a site's vocabulary (names, terms,
/// identifiers) runs to tens of thousands, and in a table of 4,096 slots (128 KB) frequent
/// words lost their slot to others so often that counting again was 4.6% of a run over the
/// Rust blog's instructions. A table of 512 KB took 2.2% off that run's instructions and 1.2%
/// off the PowerShell docs', and 1.0-1.4% off both runs' CPU on cores with 1 MB of L2 cache
/// (where a smaller L2 puts the table in L3, the CPU may not fall: stop 27's machine saw no
/// change). A slot is 16 bytes (the count shares the key's last byte), so that 512 KB holds
/// 32,768 words: 0.65% fewer instructions than 16,384 on the Rust blog, 0.4% on the
/// PowerShell docs, CPU within noise. A table of every word seen (a hash map of 100,000
/// words) missed the caches on most lookups and cost more than counting again.
const SYLLABLE_SLOTS: usize = 32768;

/// Slots of a new cache: a small article's few hundred distinct words fit, and writing a
/// full table touches a fresh page per 4 KB of it, each a page fault (a 12.6 KB article's run
/// took 62 for a table of 4,096 slots). The table grows to full size after
/// [`SYLLABLE_GROW_AFTER`] misses per slot.
const SYLLABLE_FIRST_SLOTS: usize = 1024;
const SYLLABLE_GROW_AFTER: usize = 2;

/// Words of at most this many bytes are remembered: their bytes and length make one `u128`
/// key, compared inline; longer words are rare and counted each time.
const SYLLABLE_KEY_BYTES: usize = 15;

/// Where a slot holds its word's syllables: the top four bits, above the key's length (at
/// most [`SYLLABLE_KEY_BYTES`], the four bits below).
const SYLLABLES_SHIFT: u32 = 124;

/// The key's bits of a slot.
const SYLLABLE_KEY_MASK: u128 = !(0xF << SYLLABLES_SHIFT);

/// A direct-mapped cache of [`reading_syllables`]: a word's slot is its key's hash; a new word
/// takes the slot over. A slot is the word's key with its syllables in the top four bits,
/// 0 when empty (a count of 16 or more, which no English word of 15 bytes has, is not
/// remembered).
struct SyllableCache {
    slots: Box<[u128]>,
    /// Misses since the table was made (it grows once, see [`SYLLABLE_FIRST_SLOTS`]).
    misses: usize,
}

impl Default for SyllableCache {
    fn default() -> Self {
        SyllableCache::with_slots(SYLLABLE_FIRST_SLOTS)
    }
}

thread_local! {
    /// Each thread counts a frequent word's syllables once for all the documents it lints.
    static SYLLABLES: std::cell::RefCell<SyllableCache> = Default::default();
}

/// The cache key of a non-empty word of at most [`SYLLABLE_KEY_BYTES`] bytes: its bytes, then
/// its length in the last byte (so `"ab"` and `"ab\0"` differ).
fn syllable_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > SYLLABLE_KEY_BYTES {
        return None;
    }
    // The bytes as a little-endian number, read in two halves of up to 8 bytes without a
    // call to memcpy (one per word of the document was a fifth of the readability counts).
    let (low, high) = bytes.split_at(bytes.len().min(8));
    let key = u128::from(le_bytes(low))
        | (u128::from(le_bytes(high)) << 64)
        | (u128::from(bytes.len() as u8) << 120);
    Some(key)
}

/// Up to 8 bytes as a little-endian number (zero above them): two overlapping loads, whose
/// common bytes are the same, so or-ing them is exact.
fn le_bytes(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    let read4 = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    match n {
        0 => 0,
        1..=3 => {
            u64::from(b[0])
                | (u64::from(b[n / 2]) << (8 * (n / 2)))
                | (u64::from(b[n - 1]) << (8 * (n - 1)))
        }
        _ => read4(0) | (read4(n - 4) << (8 * (n - 4))),
    }
}

/// The syllables readability counts for `word` wherever it stands: one for a word with the
/// shape of an identifier, else [`word_syllables`].
fn reading_syllables(word: &str) -> u32 {
    if has_identifier_shape(word) {
        1
    } else {
        word_syllables(word)
    }
}

impl SyllableCache {
    fn with_slots(slots: usize) -> SyllableCache {
        // Key 0 is never a word's key: a key holds its length (at least 1 for a word) in
        // the last byte, and the empty word is counted, not cached.
        SyllableCache {
            slots: vec![0; slots].into_boxed_slice(),
            misses: 0,
        }
    }

    /// The slot of `key` in a table of `slots` slots.
    fn slot(key: u128, slots: usize) -> usize {
        // Fold the key's halves and take the top bits of a multiplicative hash (Fibonacci
        // hashing): the low bytes alone would put every word of a common prefix in one slot.
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - slots.ilog2())) as usize
    }

    /// [`reading_syllables`], remembered.
    fn get(&mut self, word: &str) -> u32 {
        let Some(key) = syllable_key(word) else {
            return reading_syllables(word);
        };
        let entry = &mut self.slots[Self::slot(key, self.slots.len())];
        if *entry & SYLLABLE_KEY_MASK == key {
            return (*entry >> SYLLABLES_SHIFT) as u32;
        }
        let n = reading_syllables(word);
        if n < 16 {
            *entry = key | (u128::from(n) << SYLLABLES_SHIFT);
        }
        self.misses += 1;
        if self.slots.len() < SYLLABLE_SLOTS && self.misses > SYLLABLE_GROW_AFTER * self.slots.len()
        {
            self.grow();
        }
        n
    }

    /// Move to a table of [`SYLLABLE_SLOTS`], keeping what the small one holds.
    fn grow(&mut self) {
        let mut full = SyllableCache::with_slots(SYLLABLE_SLOTS);
        for &entry in self.slots.iter().filter(|&&entry| entry != 0) {
            full.slots[Self::slot(entry & SYLLABLE_KEY_MASK, SYLLABLE_SLOTS)] = entry;
        }
        *self = full;
    }
}

/// Whether the [`reading_words`] word `word` at byte `at` of `text` is an identifier written
/// in prose rather than an English word, by what surrounds it ([`has_identifier_shape`]
/// reads the word itself; either says so): a name with an inner `.` or `::` between longer
/// parts (`images.Filter`, `System.Management.Automation.PSObject`, `std::fs`), an inner `_`
/// (`snake_case_name`), a leading `-` (`-ErrorAction`, `--verbose`), a capital right after a
/// lower-case letter (`camelCaseName`, `Get-ChildItem`, `GitHub`), or digits mixed with
/// letters (`utf8`, `x86_64`, `v2`).
///
/// Readability counts an identifier as one word of one syllable, as it does a number: the
/// reader takes it in as one name, and the syllable counter's English spelling rules would
/// give `System.Management.Automation.PSObject` 12 syllables and sink a reference page's
/// reading ease for what is only a name. Keeping it as a word (rather than leaving it out)
/// keeps the sentence as long as it reads; word counts are not affected.
fn is_identifier_by_context(text: &str, at: usize, word: &str) -> bool {
    // Every test below needs a `:` or `-` right before the word or a `:` right after it; most
    // words have neither (asked of every word of every document).
    let bytes = text.as_bytes();
    let prior = at.checked_sub(1).map(|i| bytes[i]);
    let next = bytes.get(at + word.len()).copied();
    if !matches!(prior, Some(b':' | b'-')) && next != Some(b':') {
        return false;
    }
    let before = &text[..at];
    let after = &text[at + word.len()..];
    if before.ends_with("::") || after.starts_with("::") {
        return true;
    }
    // A leading `-` that is not a hyphen between words or a minus before a number.
    if before.ends_with('-') && word.starts_with(char::is_alphabetic) {
        let prior = before[..before.len() - 1].chars().next_back();
        if prior.is_none_or(|c| c.is_whitespace() || c == '-' || c == '(' || c == '[') {
            return true;
        }
    }
    false
}

/// Whether `word` has the shape of an identifier (see [`is_identifier_by_context`]): the
/// syllable cache remembers the answer with the word.
fn has_identifier_shape(word: &str) -> bool {
    if word.is_ascii() {
        return ascii_identifier_shape(word.as_bytes());
    }
    if word.contains('_') {
        return true;
    }
    let dotted = word.contains('.')
        && word.split('.').filter(|p| p.chars().count() > 1).count() >= 2
        && word.chars().any(char::is_alphabetic);
    let camel = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, c)| a.is_lowercase() && c.is_uppercase());
    let mixed = word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic);
    dotted || camel || mixed
}

/// The word-shape tests of [`is_identifier`] for an ASCII word, in one pass over its bytes
/// (the general version walks its characters four times; most words are ASCII).
fn ascii_identifier_shape(word: &[u8]) -> bool {
    let (mut digit, mut alpha, mut camel) = (false, false, false);
    // Dot-separated parts longer than one byte.
    let (mut dots, mut long_parts, mut part_len) = (false, 0, 0);
    let mut prev_lower = false;
    for &b in word {
        match b {
            b'_' => return true,
            b'.' => {
                dots = true;
                long_parts += usize::from(part_len > 1);
                part_len = 0;
                prev_lower = false;
                continue;
            }
            b'0'..=b'9' => digit = true,
            b'a'..=b'z' => alpha = true,
            b'A'..=b'Z' => {
                alpha = true;
                camel |= prev_lower;
            }
            _ => {}
        }
        prev_lower = b.is_ascii_lowercase();
        part_len += 1;
    }
    long_parts += usize::from(part_len > 1);
    (dots && long_parts >= 2 && alpha) || camel || (digit && alpha)
}

/// Words of a text with their byte offsets: UAX #29 words that hold a letter or a digit.
///
/// ASCII text (most of it) takes a scanner that applies the UAX #29 rules that matter for
/// ASCII, several times faster than the general segmenter; other text takes the segmenter.
/// A test checks that both agree on ASCII.
pub fn words(text: &str) -> Words<'_> {
    if text.is_ascii() || only_plain_beyond_ascii(text) {
        Words::Ascii(AsciiWords { text, pos: 0 })
    } else {
        Words::Unicode(text.split_word_bound_indices())
    }
}

/// The characters beyond ASCII that the ASCII scanner segments as UAX #29 does: curly
/// single quotes, which join letters and digits as `.` does (MidNumLet), and punctuation and
/// spaces that are no part of a word and join nothing (Other: curly double quotes, guillemets,
/// dashes, the ellipsis, the bullet, the no-break space). Most English prose that is not ASCII
/// has no other; the Unicode segmenter is a tenth of a blog's word splitting time. The
/// differential test `plain_text_beyond_ascii_splits_as_the_unicode_segmenter` holds every one
/// of them to the Unicode segmenter.
const PLAIN_BEYOND_ASCII: [char; 11] = [
    '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{AB}', '\u{BB}', '\u{2013}', '\u{2014}',
    '\u{2026}', '\u{2022}', '\u{A0}',
];

/// Whether every character of `text` beyond ASCII is one of [`PLAIN_BEYOND_ASCII`].
fn only_plain_beyond_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        let from = at + i;
        let Some(c) = text[from..].chars().next() else {
            return false;
        };
        if !PLAIN_BEYOND_ASCII.contains(&c) {
            return false;
        }
        at = from + c.len_utf8();
    }
    true
}

/// Whether `b[i..]` starts with a curly single quote (U+2018, U+2019): UTF-8 `E2 80 98/99`.
fn curly_single_quote_at(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some([0xE2, 0x80, 0x98 | 0x99]))
}

#[derive(Clone)]
pub enum Words<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        match self {
            Words::Ascii(w) => w.next(),
            Words::Unicode(w) => w.find(|(_, w)| w.chars().any(char::is_alphanumeric)),
        }
    }
}

#[derive(Clone)]
pub struct AsciiWords<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        // A run of underscores alone is a segment but not a word.
        self.next_word().map(|(start, word, _)| (start, word))
    }
}

impl<'a> AsciiWords<'a> {
    /// The next word, and whether it is its own lower case (no capital, nothing beyond ASCII):
    /// known from the scan, so the token stream does not read the word again to ask.
    #[inline(always)]
    pub(crate) fn next_word(&mut self) -> Option<(usize, &'a str, bool)> {
        // A run of underscores alone is a segment but not a word.
        loop {
            let (start, word, classes) = self.next_segment()?;
            if classes & ALPHANUMERIC != 0 {
                return Some((start, word, classes & (UPPER | BEYOND_ASCII) == 0));
            }
        }
    }

    /// The next run of word bytes (with its UAX #29 joiners), and the union of its bytes'
    /// [`ASCII_CLASS`]es ([`BEYOND_ASCII`] if a curly quote joins it).
    #[inline(always)]
    fn next_segment(&mut self) -> Option<(usize, &'a str, u8)> {
        let b = self.text.as_bytes();
        let n = b.len();
        let mut i = self.pos;
        while i < n && ASCII_CLASS[b[i] as usize] == 0 {
            i += 1;
        }
        if i >= n {
            self.pos = n;
            return None;
        }
        let start = i;
        let mut classes = 0;
        loop {
            while i < n {
                let class = ASCII_CLASS[b[i] as usize];
                if class == 0 {
                    break;
                }
                classes |= class;
                i += 1;
            }
            // UAX #29 WB6/7 (letter [:.'] letter) and WB11/12 (digit [,;.'] digit); a curly
            // single quote joins as `.` does. The byte that ended the run is asked first: most
            // words end at a space, which joins nothing.
            let Some(&m) = b.get(i) else {
                break;
            };
            if m == 0xE2 {
                if curly_single_quote_at(b, i) && i + 3 < n {
                    let (p, q) = (b[i - 1], b[i + 3]);
                    if (p.is_ascii_alphabetic() && q.is_ascii_alphabetic())
                        || (p.is_ascii_digit() && q.is_ascii_digit())
                    {
                        classes |= BEYOND_ASCII;
                        i += 3;
                        continue;
                    }
                }
            } else if matches!(m, b':' | b'.' | b'\'' | b',' | b';') && i + 1 < n {
                let (p, q) = (b[i - 1], b[i + 1]);
                let letters = p.is_ascii_alphabetic() && q.is_ascii_alphabetic();
                let digits = p.is_ascii_digit() && q.is_ascii_digit();
                if (letters && matches!(m, b':' | b'.' | b'\''))
                    || (digits && matches!(m, b',' | b';' | b'.' | b'\''))
                {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        self.pos = i;
        Some((start, &self.text[start..i], classes))
    }
}

/// Every UAX #29 word-boundary segment of a text with its byte offset, punctuation and white
/// space included: what `text.split_word_bound_indices()` gives, with the ASCII scanner of
/// [`words`] for ASCII text (the Unicode segmenter was most of what the year-tense rules cost
/// on a long article). The test `ascii_word_bounds_are_the_unicode_segmenters` holds the two
/// together.
pub fn word_bounds(text: &str) -> WordBounds<'_> {
    if text.is_ascii() {
        WordBounds::Ascii(AsciiWords { text, pos: 0 })
    } else {
        WordBounds::Unicode(text.split_word_bound_indices())
    }
}

/// See [`word_bounds`].
pub enum WordBounds<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for WordBounds<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        match self {
            WordBounds::Ascii(w) => w.next_bound(),
            WordBounds::Unicode(w) => w.next(),
        }
    }
}

impl<'a> AsciiWords<'a> {
    /// The next segment of ASCII text at a word boundary: a word (with its joiners), a run of
    /// spaces (WB3d), CR LF (WB3), or any other single byte (WB999).
    fn next_bound(&mut self) -> Option<Word<'a>> {
        let b = self.text.as_bytes();
        let start = self.pos;
        let &first = b.get(start)?;
        if ASCII_CLASS[first as usize] != 0 {
            let (at, word, _) = self.next_segment()?;
            return Some((at, word));
        }
        let end = match first {
            b' ' => start + b[start..].iter().take_while(|&&c| c == b' ').count(),
            b'\r' if b.get(start + 1) == Some(&b'\n') => start + 2,
            _ => start + 1,
        };
        self.pos = end;
        Some((start, &self.text[start..end]))
    }
}

/// [`ASCII_CLASS`] of a letter or digit.
const ALPHANUMERIC: u8 = 1;
/// [`ASCII_CLASS`] of the underscore, a word byte that makes no word alone.
const UNDERSCORE: u8 = 2;
/// [`ASCII_CLASS`] of a capital letter (with [`ALPHANUMERIC`]).
const UPPER: u8 = 4;
/// Not in [`ASCII_CLASS`]: a segment joined by a curly single quote.
const BEYOND_ASCII: u8 = 8;

/// The word bytes of ASCII, by byte: one load per byte where two range tests were (the scan
/// of words was a tenth of a corpus run).
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_uppercase() {
            table[b] = ALPHANUMERIC | UPPER;
        } else if byte.is_ascii_alphanumeric() {
            table[b] = ALPHANUMERIC;
        } else if byte == b'_' {
            table[b] = UNDERSCORE;
        }
        b += 1;
    }
    table
};

/// Whether `word` is ASCII without a capital: its own lower case, known without converting.
pub(crate) fn is_ascii_lower(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// A word in lower case, without allocating when it already is (most words are).
pub fn lower_case(word: &str) -> Cow<'_, str> {
    if is_ascii_lower(word) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// A word as compared for keywords: lower case, apostrophes removed (`Don’t` = `dont`).
pub fn normalize_token(word: &str) -> Cow<'_, str> {
    // ASCII words (most) by bytes: a capital or `'` was a char-by-char copy, a growing
    // `String`, about 370 instructions a word.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        if !bytes.iter().any(|&b| b.is_ascii_uppercase() || b == b'\'') {
            return Cow::Borrowed(word);
        }
        let mut token = String::with_capacity(word.len());
        token.extend(
            bytes
                .iter()
                .filter(|&&b| b != b'\'')
                .map(|&b| char::from(b.to_ascii_lowercase())),
        );
        return Cow::Owned(token);
    }
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
#[cfg(test)]
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    push_sentence_ranges(text, &mut out);
    out
}

/// Append the sentence ranges of a block's text (trimmed of surrounding whitespace) to `out`:
/// one list for every block of a document (a list of its own per block was an allocation per
/// paragraph).
fn push_sentence_ranges(text: &str, out: &mut Vec<Range<usize>>) {
    // Without sentence-ending punctuation (or a line/paragraph separator, which blocks do not
    // hold) UAX #29 finds no boundary: skip the segmenter.
    // (A byte search: the terminators are ASCII, and a search of chars decoded every one.)
    let plain = text.is_ascii() || only_plain_beyond_ascii(text);
    if plain && memchr::memchr3(b'.', b'!', b'?', text.as_bytes()).is_none() {
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            let lead = text.len() - text.trim_start().len();
            out.push(lead..lead + trimmed.len());
        }
        return;
    }
    if plain {
        push_sentences_of_pieces(AsciiSentences { text, pos: 0 }, out);
    } else {
        push_sentences_of_pieces(text.split_sentence_bound_indices(), out);
    }
}

/// The sentences of the pieces between UAX #29 boundaries: trimmed, the blank ones left out,
/// a piece joined to the one before it after an abbreviation or a name's leading dot.
fn push_sentences_of_pieces<'t>(
    pieces: impl Iterator<Item = (usize, &'t str)>,
    out: &mut Vec<Range<usize>>,
) {
    // Set after a piece of this text only: no sentence of an earlier text is extended.
    let mut merge_next = false;
    for (start, piece) in pieces {
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
}

/// UAX #29 sentence boundaries for ASCII text and text whose characters beyond ASCII are
/// [`PLAIN_BEYOND_ASCII`] (rules SB4-SB11 with their categories: ATerm `.`, STerm `!?`, Close
/// `"'()[]{}` and the curly quotes and guillemets, Sp the ASCII spaces and the no-break
/// space, SContinue `,-:;` and the en and em dashes; the ellipsis and the bullet are Other),
/// several times faster than the general segmenter. A test checks that both agree.
struct AsciiSentences<'a> {
    text: &'a str,
    pos: usize,
}

/// The length of the Close character (UAX #29) at `b[j..]`, or 0.
fn close_len(b: &[u8], j: usize) -> usize {
    match b[j] {
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => 1,
        // U+2018, U+2019, U+201C, U+201D; U+AB, U+BB.
        0xE2 if matches!(b.get(j + 1..j + 3), Some([0x80, 0x98 | 0x99 | 0x9C | 0x9D])) => 3,
        0xC2 if matches!(b.get(j + 1), Some(0xAB | 0xBB)) => 2,
        _ => 0,
    }
}

/// The length of the Sp character (UAX #29) at `b[j..]`, or 0.
fn sp_len(b: &[u8], j: usize) -> usize {
    match b[j] {
        b' ' | b'\t' | b'\x0b' | b'\x0c' => 1,
        // U+A0, the no-break space.
        0xC2 if b.get(j + 1) == Some(&0xA0) => 2,
        _ => 0,
    }
}

/// Whether `b[j..]` starts with an SContinue character (UAX #29): `,-:;`, U+2013, U+2014.
fn is_scontinue(b: &[u8], j: usize) -> bool {
    matches!(b[j], b',' | b'-' | b':' | b';')
        || matches!(b.get(j..j + 3), Some([0xE2, 0x80, 0x93 | 0x94]))
}

impl<'a> Iterator for AsciiSentences<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        let n = b.len();
        let start = self.pos;
        if start >= n {
            return None;
        }
        let is_sep = |c: u8| matches!(c, b'\n' | b'\r');
        let is_term = |c: u8| matches!(c, b'.' | b'!' | b'?');
        let mut i = start;
        // Where the next separator is, once searched: the text between is searched for
        // terminators alone (memchr's vector search, where a test of every byte was a tenth
        // of the text layer's work).
        let mut next_sep: Option<usize> = None;
        let end = loop {
            let sep_at = match next_sep {
                Some(at) if at >= i => at,
                _ => {
                    let at = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(n, |k| i + k);
                    next_sep = Some(at);
                    at
                }
            };
            i = memchr::memchr3(b'.', b'!', b'?', &b[i..sep_at]).map_or(sep_at, |k| i + k);
            if i >= n {
                break n;
            }
            let c = b[i];
            if is_sep(c) {
                // SB3/SB4: break after a separator (CR LF together).
                break if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
            }
            let mut j = i + 1;
            if c == b'.' && j < n {
                // (A byte beyond ASCII is no letter or digit here: the characters beyond
                // ASCII this scanner takes are no Upper, Lower or Numeric.)
                let prev_letter = i > start && b[i - 1].is_ascii_alphabetic();
                // SB6: ATerm x Numeric; SB7: (Upper|Lower) ATerm x Upper.
                if b[j].is_ascii_digit() || (prev_letter && b[j].is_ascii_uppercase()) {
                    i = j;
                    continue;
                }
            }
            while j < n {
                match close_len(b, j) {
                    0 => break,
                    len => j += len,
                }
            }
            while j < n {
                match sp_len(b, j) {
                    0 => break,
                    len => j += len,
                }
            }
            if j >= n {
                break n;
            }
            if is_sep(b[j]) {
                break if b[j] == b'\r' && b.get(j + 1) == Some(&b'\n') {
                    j + 2
                } else {
                    j + 1
                };
            }
            // SB8a: ... x (SContinue | SATerm).
            if is_scontinue(b, j) || is_term(b[j]) {
                i = j;
                continue;
            }
            // SB8: ATerm Close* Sp* x (not a letter, separator or terminator)* Lower.
            if c == b'.' {
                let mut k = j;
                while k < n && !(b[k].is_ascii_alphabetic() || is_sep(b[k]) || is_term(b[k])) {
                    k += 1;
                }
                if k < n && b[k].is_ascii_lowercase() {
                    i = k;
                    continue;
                }
            }
            break j;
        };
        self.pos = end;
        Some((start, &self.text[start..end]))
    }
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(before) = sentence.strip_suffix('.') else {
        return false;
    };
    // The last word, found from the end over ASCII bytes (most sentences end in ASCII; a
    // search of characters, a lower-case copy of the word and a comparison with every
    // abbreviation took 76 M instructions on the PowerShell docs); a byte beyond ASCII takes
    // the general path.
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while let Some(&b) = start.checked_sub(1).map(|i| &bytes[i]) {
        if !b.is_ascii() {
            return ends_with_abbreviation_beyond_ascii(before);
        }
        // `char::is_whitespace` of ASCII, and the parenthesis.
        if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b'(') {
            break;
        }
        start -= 1;
    }
    let last = &before[start..];
    if last.len() == 1 && bytes[start].is_ascii_uppercase() {
        return true; // an initial, as in "J. Smith"
    }
    last.len() <= MAX_ABBREVIATION_BYTES
        && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(last))
}

/// The longest of [`ABBREVIATIONS`], in bytes.
const MAX_ABBREVIATION_BYTES: usize = {
    let (mut longest, mut i) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// [`ends_with_abbreviation`] of `before` (the sentence without its final period) whose last
/// word may hold characters beyond ASCII: Unicode white space ends it, and the Kelvin sign is
/// a `k` in lower case ("U.\u{212A}.").
fn ends_with_abbreviation_beyond_ascii(before: &str) -> bool {
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

    /// The vector count of spaces and line breaks is the plain one, across its 255-byte
    /// chunks (up to 255 in one) and for text beyond ASCII.
    #[test]
    fn spaces_and_breaks_are_counted_as_a_filter_counts_them() {
        let count = |t: &str| t.bytes().filter(|&c| c == b' ' || c == b'\n').count();
        let texts = [
            String::new(),
            " ".repeat(255),
            " ".repeat(256),
            "\n".repeat(1000),
            "a b\nc\td\re ".repeat(97),
            "Café — naïve\u{a0}words, two\u{2028}lines\n".repeat(40),
        ];
        for text in &texts {
            assert_eq!(spaces_and_breaks(text), count(text), "{text:?}");
        }
    }

    /// The prose of a large document computed in parts on a pool's threads is the prose
    /// computed in one part: the same words, lower-case forms, sentences and counts.
    #[test]
    fn prose_in_parts_is_the_prose_in_one_part() {
        let mut source = String::from("# Title of the Article\n\n");
        let mut i = 0;
        while source.len() < 5 * PROSE_PART_BYTES {
            source.push_str(&format!(
                "## Section {i}\n\nThe API’s NEW cache cut 40% of requests in {i} days. \
                 Über-fast Café drinks, e.g. lattes, cost $3.50. Don't panic!\n\n\
                 | Col | Value |\n|---|---|\n| cell {i} | Mixed Case |\n\n\
                 - An item with `code {i}` and **Bold** words.\n\n"
            ));
            i += 1;
        }
        let doc = Document::parse(source).unwrap();
        assert_eq!(prose_parts(&doc).len(), 1, "outside a pool: one part");
        let whole = format!("{:?}", Prose::compute(&doc));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let (parts, in_parts) = pool.install(|| (prose_parts(&doc), Prose::compute(&doc)));
        assert!(parts.len() > 1, "{parts:?}");
        assert_eq!(parts.first().map(|r| r.start), Some(0));
        assert_eq!(parts.last().map(|r| r.end), Some(doc.blocks.len()));
        assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(format!("{in_parts:?}"), whole);
    }

    /// The prose of an edit computed from the document before it is the prose computed
    /// anew, whatever the edit: in a paragraph, a table cell, a heading, the front matter,
    /// across blocks, blocks added or removed at either end.
    #[test]
    fn prose_after_an_edit_is_the_prose_computed_anew() {
        let base = "---\ntitle: T\n---\n# Title of the Article\n\nFirst paragraph, e.g. this \
                    one. It has two sentences!\n\n## Section one\n\nThe API’s NEW cache cut \
                    40% of requests. Über-fast Café drinks cost $3.50.\n\n| Col | Value |\n\
                    |---|---|\n| cell one | Mixed Case |\n\n- An item with `code` and **Bold** \
                    words.\n- Another item\n\n> A quote. With two sentences.\n\nLast \
                    paragraph of the text.\n";
        // An edit that breaks the front matter (a random one may) is no document.
        let check = |before: &str, after: &str| {
            let (Ok(old), Ok(new)) = (
                Document::parse(before.to_string()),
                Document::parse(after.to_string()),
            ) else {
                return false;
            };
            old.prose();
            assert_eq!(
                format!("{:?}", Prose::compute_after(&new, &old)),
                format!("{:?}", Prose::compute(&new)),
                "{before:?} -> {after:?}"
            );
            true
        };
        let edits: [(&str, &str); 10] = [
            ("cut", "cut nearly"),
            ("cell one", "cell one. Two"),
            ("Section one", "Section one and two"),
            ("title: T", "title: Other"),
            ("two sentences!\n\n## Section one\n\n", ""),
            (
                "# Title of the Article\n\n",
                "# Title\n\nA new first block.\n\n",
            ),
            ("Last paragraph", "Final paragraph"),
            ("text.\n", "text.\n\nOne more block at the end. Yes.\n"),
            ("- Another item", "- Another item\n- And a third"),
            ("> A quote.", "A quote no more."),
        ];
        for (from, to) in edits {
            assert!(base.contains(from), "{from}");
            assert!(check(base, &base.replacen(from, to, 1)));
            assert!(check(&base.replacen(from, to, 1), base));
        }
        assert!(check(base, ""));
        assert!(check("", base));
        // Random edits of random characters, among them Markdown's.
        let mut edits =
            crate::document::testing::RandomEdits::new("ab .!?\n#|-*>`’é1 ", 0x2545_f491_4f6c_dd1d);
        let mut text = base.to_string();
        for _ in 0..300 {
            let edited = edits.edit(&text);
            if check(&text, &edited) {
                text = edited;
            }
        }
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

    /// 20,000 strings of up to `max_len - 1` bytes from `alphabet`, the same every run
    /// (xorshift64 from `seed`).
    fn random_strings(alphabet: &[u8], max_len: u64, seed: u64) -> Vec<String> {
        let chars: Vec<char> = alphabet.iter().map(|&b| b as char).collect();
        random_texts(&chars, max_len, seed)
    }

    /// [`random_strings`] of characters.
    fn random_texts(alphabet: &[char], max_len: u64, seed: u64) -> Vec<String> {
        let mut rng = crate::testing::Rng(seed);
        let mut next = move || rng.next();
        (0..20_000)
            .map(|_| {
                // The length from the generator too: an empty string must not stop it.
                let len = (next() % max_len) as usize;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// The reading words read from the token stream are those split from the text.
    #[test]
    fn reading_spans_of_the_tokens_are_the_reading_words() {
        let alphabet = [
            'a', 'B', '3', '-', '/', ' ', '.', '\'', '’', 'é', '_', ',', '\n',
        ];
        for text in random_texts(&alphabet, 16, 31) {
            let tokens = Tokens::split([text.as_str()].into_iter(), std::iter::empty());
            let spans: Vec<Range<usize>> =
                reading_spans(&text, tokens.spans(tokens.block_range(0))).collect();
            let words: Vec<Range<usize>> = reading_words(&text)
                .map(|(at, w)| at..at + w.len())
                .collect();
            assert_eq!(spans, words, "{text:?}");
        }
    }

    /// The definition-line test finds what a walk of the lines after the first finds.
    #[test]
    fn definition_lines_are_the_lines_that_start_with_a_colon() {
        let alphabet = [
            'a', ':', ' ', '\n', '\r', '\t', '\u{a0}', '\u{2003}', ',', 'é',
        ];
        let mut found = 0;
        for text in random_texts(&alphabet, 12, 29) {
            let by_lines = text
                .lines()
                .skip(1)
                .any(|l| l.trim_start().starts_with(": "));
            assert_eq!(has_definition_line(&text), by_lines, "{text:?}");
            found += usize::from(by_lines);
        }
        assert!(found > 100, "{found}");
    }

    /// The words of `s` as the Unicode segmenter splits them (what [`words`] must give).
    fn segmenter_words(s: &str) -> Vec<Word<'_>> {
        s.split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .collect()
    }

    #[test]
    fn sentence_scopes_filter_quotes_and_footnotes_and_carry_words() {
        let doc = crate::document::Document::parse(
            "Own words here. Second one.\n\n> Quoted line.\n\nA claim.[^1]\n\n\
             | a b | c |\n|---|---|\n| cell one. | two. |\n\n[^1]: Source note.\n"
                .to_string(),
        )
        .unwrap();
        let prose = doc.prose();
        let texts =
            |scope| -> Vec<&str> { prose.sentences_in(&doc, scope).map(|s| s.text).collect() };
        assert_eq!(
            texts(SentenceScope::ALL),
            vec![
                "Own words here.",
                "Second one.",
                "Quoted line.",
                "A claim.",
                "Source note."
            ]
        );
        assert_eq!(
            texts(SentenceScope::OWN),
            vec!["Own words here.", "Second one.", "A claim."]
        );
        assert_eq!(
            texts(SentenceScope::CLAIMS),
            vec!["Own words here.", "Second one.", "Quoted line.", "A claim."]
        );
        let first = prose.sentences_in(&doc, SentenceScope::ALL).nth(1).unwrap();
        let words: Vec<(usize, &str)> = first.words.words().collect();
        assert_eq!(words, vec![(0, "Second"), (7, "one")]);
        assert_eq!(&doc.source[first.source(0..6)], "Second");
    }

    #[test]
    fn syllable_cache_keys_are_distinct_and_answers_match_the_counter() {
        // Length is part of the key: a word and the same word with a NUL byte differ.
        assert_ne!(syllable_key("ab"), syllable_key("ab\0"));
        assert_eq!(syllable_key(""), None);
        assert_ne!(syllable_key("\0"), Some(0));
        assert!(syllable_key("fifteen-bytes-x").is_some());
        assert!(syllable_key("sixteen-bytes-xy").is_none());
        let mut cache = SyllableCache::default();
        let words = [
            "the",
            "readability",
            "queue",
            "uncharacteristically",
            "y",
            "canyon",
            "ab",
            "ab\0",
            "café",
            "naïve",
            "internationalization",
            "camelCaseName",
            "snake_case_name",
            "images.Filter",
            "x86_64",
            // Counts of 8 and more fill the top bit of a slot.
            "uncompromising",
            "b-b-b-b-b-b-b-b",
            "aiaiaiaiaiaiaia",
        ];
        assert!(
            words
                .iter()
                .any(|w| w.len() <= 15 && reading_syllables(w) >= 8)
        );
        // Twice: the second round answers from the cache.
        for _ in 0..2 {
            for w in words {
                assert_eq!(cache.get(w), reading_syllables(w), "{w:?}");
            }
        }
        // An identifier's shape is remembered with its count: one syllable.
        assert_eq!(cache.get("camelCaseName"), 1);
        assert!(word_syllables("camelCaseName") > 1);
        assert_eq!(cache.get("internationalization"), 8);
        // More words than slots: evicted words are counted again, never answered wrongly.
        let many: Vec<String> = (0..3 * SYLLABLE_SLOTS)
            .map(|i| format!("{}{}", ["bo", "rea", "quie", "ty"][i % 4], i))
            .collect();
        for _ in 0..2 {
            for w in &many {
                assert_eq!(cache.get(w), reading_syllables(w), "{w:?}");
            }
        }
        // A new cache is small; many distinct words grow it to full size once.
        assert_eq!(SyllableCache::default().slots.len(), SYLLABLE_FIRST_SLOTS);
        assert_eq!(cache.slots.len(), SYLLABLE_SLOTS);
    }

    #[test]
    fn ascii_identifier_shape_agrees_with_the_general_test() {
        let general = |word: &str| {
            word.contains('_')
                || (word.contains('.')
                    && word.split('.').filter(|p| p.chars().count() > 1).count() >= 2
                    && word.chars().any(char::is_alphabetic))
                || word
                    .chars()
                    .zip(word.chars().skip(1))
                    .any(|(a, c)| a.is_lowercase() && c.is_uppercase())
                || (word.chars().any(|c| c.is_ascii_digit())
                    && word.chars().any(char::is_alphabetic))
        };
        for w in random_strings(b"aZ9._bQ0'", 9, 0x2545_F491_4F6C_DD1D) {
            assert_eq!(ascii_identifier_shape(w.as_bytes()), general(&w), "{w:?}");
        }
        for w in [
            "images.Filter",
            "snake_case",
            "camelCase",
            "utf8",
            "e.g",
            "U.S",
            "3.5",
            "GitHub",
            "plain",
        ] {
            assert_eq!(ascii_identifier_shape(w.as_bytes()), general(w), "{w:?}");
        }
    }

    /// The key read in two halves is the word's bytes, then its length in the last byte.
    #[test]
    fn syllable_keys_are_the_bytes_and_the_length() {
        let mut rng = crate::testing::Rng(0x5eed_1234_abcd);
        for len in 0..=SYLLABLE_KEY_BYTES + 1 {
            for _ in 0..50 {
                let word: String = (0..len)
                    .map(|_| char::from(b'!' + rng.below(94) as u8))
                    .collect();
                let expected = (1..=SYLLABLE_KEY_BYTES).contains(&len).then(|| {
                    let mut key = [0u8; 16];
                    key[..len].copy_from_slice(word.as_bytes());
                    key[15] = len as u8;
                    u128::from_le_bytes(key)
                });
                assert_eq!(syllable_key(&word), expected, "{word:?}");
            }
        }
    }

    #[test]
    fn ascii_sentences_agree_with_the_unicode_segmenter() {
        let samples = [
            "It costs 3.5 dollars. Dr. Smith agrees, e.g. for tests. Done!",
            "Wait... what? Yes!! \"Quoted.\" (Parens.) Next one. the lower case. U.S. Army.",
            "Ends with etc. And then. 1. Two. a.b. c. ok.) \n new line\r\nCRLF. x.: y. -z",
            "No terminal punctuation at all",
            "Trailing spaces.   ",
            "Really?No space! Mixed.Case. e.g.,so. Hi.1 x!? y?! (a.) [B.] {c.}",
            "",
            ".",
        ];
        for s in samples {
            let fast: Vec<_> = AsciiSentences { text: s, pos: 0 }.collect();
            let slow: Vec<_> = s.split_sentence_bound_indices().collect();
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    /// Random ASCII strings over the characters the rules distinguish: both fast paths must
    /// match unicode-segmentation exactly.
    #[test]
    fn fast_paths_agree_on_random_ascii() {
        for s in random_strings(b"aZ9 .!?,-:;'\"()_\n\r\t#/bQ0", 24, 0x9E37_79B9_7F4A_7C15) {
            let fast: Vec<_> = AsciiSentences { text: &s, pos: 0 }.collect();
            let slow: Vec<_> = s.split_sentence_bound_indices().collect();
            assert_eq!(fast, slow, "sentences of {s:?}");
            let fast: Vec<_> = words(&s).collect();
            let slow = segmenter_words(&s);
            assert_eq!(fast, slow, "words of {s:?}");
        }
    }

    /// Texts of ASCII and the characters beyond ASCII the sentence scanner takes: its
    /// sentences are the Unicode segmenter's (each character after a terminator, before one,
    /// and between; it fails when a curly quote is taken for Other rather than Close).
    #[test]
    fn plain_text_beyond_ascii_splits_into_the_unicode_segmenters_sentences() {
        let mut alphabet: Vec<char> = "aZ9 .!?,-:;'\"()\n".chars().collect();
        alphabet.extend(PLAIN_BEYOND_ASCII);
        let mut beyond = 0;
        for text in random_texts(&alphabet, 14, 0x2545_F491_4F6C_DD1D) {
            assert!(only_plain_beyond_ascii(&text));
            assert_sentences_agree(&text);
            beyond += usize::from(!text.is_ascii());
        }
        assert!(beyond > 10_000, "{beyond} texts beyond ASCII");
        // Every one of them right after a terminator, before a lower-case or capital letter.
        for c in PLAIN_BEYOND_ASCII {
            for text in [
                format!("Ab.{c} c"),
                format!("Ab.{c} C"),
                format!("Ab. {c}c"),
                format!("Ab. {c}C"),
                format!("Ab!{c}{c} d. E"),
                format!("a{c}. B{c}"),
            ] {
                assert_sentences_agree(&text);
            }
        }
    }

    /// The byte scanner splits `text` into the Unicode segmenter's sentences.
    fn assert_sentences_agree(text: &str) {
        let fast: Vec<_> = AsciiSentences { text, pos: 0 }.collect();
        let slow: Vec<_> = text.split_sentence_bound_indices().collect();
        assert_eq!(fast, slow, "{text:?}");
    }

    /// Texts of ASCII and the characters beyond it that the ASCII scanner takes: its words
    /// are the Unicode segmenter's, and a text with any other character takes the segmenter.
    #[test]
    fn plain_text_beyond_ascii_splits_as_the_unicode_segmenter() {
        let mut alphabet: Vec<char> = "aZ9 0.,;:'_-x\n".chars().collect();
        alphabet.extend(PLAIN_BEYOND_ASCII);
        let mut beyond = 0;
        let mut own_lower = [0usize; 2];
        for text in random_texts(&alphabet, 12, 0x9E37_79B9_7F4A_7C15) {
            let fast: Vec<_> = words(&text).collect();
            assert_eq!(fast, segmenter_words(&text), "{text:?}");
            beyond += usize::from(!text.is_ascii());
            // The scan's own-lower-case flag is the test of the word's bytes.
            if let Words::Ascii(mut scan) = words(&text) {
                while let Some((_, w, lower)) = scan.next_word() {
                    assert_eq!(lower, is_ascii_lower(w), "{w:?} in {text:?}");
                    own_lower[usize::from(lower)] += 1;
                }
            }
        }
        assert!(own_lower[0] > 1000 && own_lower[1] > 1000, "{own_lower:?}");
        assert!(beyond > 10_000, "{beyond}");
        for (text, plain) in [
            (
                "It\u{2019}s \u{201C}fine\u{201D} \u{2014} isn\u{2019}t it\u{2026}",
                true,
            ),
            ("caf\u{E9}", false),
            ("a\u{FE0F}", false),
            ("\u{1F600} ok", false),
        ] {
            assert_eq!(only_plain_beyond_ascii(text), plain, "{text:?}");
        }
        assert_eq!(
            words("We\u{2019}re 3\u{2019}000 \u{2018}a\u{2019} x\u{A0}y").collect::<Vec<_>>(),
            vec![
                (0, "We\u{2019}re"),
                (8, "3\u{2019}000"),
                (19, "a"),
                (24, "x"),
                (27, "y")
            ]
        );
    }

    #[test]
    fn ascii_scanner_agrees_with_the_unicode_segmenter() {
        let samples = [
            "Fine-tuning isn't 3.5x faster, e.g. at 1,000,000 rows; see example.com or a:b.",
            "snake_case and __init__ and v2.0.1-beta (U.S.) 'quoted' teachers' 10'000 x.5 5.",
            "Don't stop; it's 3:30 -- 42nd st. 1;2 a;b a,b 1,b a'1 _x_ ",
            "",
            "   ",
            "...!!!",
        ];
        for s in samples {
            let fast: Vec<_> = words(s).collect();
            let slow = segmenter_words(s);
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn ascii_word_bounds_are_the_unicode_segmenters() {
        let alphabet = b"aZ09 _.,;:'\"-$%#/\t\r\n\x0b\x0c\x00\x7f()!?x";
        let samples = [
            "",
            " ",
            "  a  b\r\n\r\rc\n\n",
            "it's 3.5, 1;2 a:b __x__ 'q'",
        ];
        let random = random_strings(alphabet, 24, 0x5eed_b0d5);
        for s in samples
            .iter()
            .copied()
            .chain(random.iter().map(String::as_str))
        {
            let fast: Vec<_> = word_bounds(s).collect();
            let slow: Vec<_> = s.split_word_bound_indices().collect();
            assert_eq!(fast, slow, "{s:?}");
        }
        // Beyond ASCII: the segmenter itself.
        let s = "caf\u{e9} \u{2019}99 \u{201c}2024\u{201d}";
        assert_eq!(
            word_bounds(s).collect::<Vec<_>>(),
            s.split_word_bound_indices().collect::<Vec<_>>()
        );
    }

    #[test]
    fn reading_words_join_hyphens_and_slashes() {
        let text = "Fine-tuning and/or client/server state-of-the-art, a - b, x/ y, 10,000 rows (42%) in 2024-25.";
        let w: Vec<&str> = reading_words(text).map(|(_, w)| w).collect();
        assert_eq!(
            w,
            [
                "Fine-tuning",
                "and/or",
                "client/server",
                "state-of-the-art",
                "a",
                "b",
                "x",
                "y",
                "10,000",
                "rows",
                "42",
                "in",
                "2024-25"
            ]
        );
        for (at, w) in reading_words(text) {
            assert_eq!(&text[at..at + w.len()], w);
        }
        assert_eq!(word_syllables("fine-tuning"), 3);
        assert_eq!(word_syllables("2024"), 1);
        assert_eq!(word_syllables("3.5"), 1);
        assert_eq!(word_syllables("and/or"), 2);
    }

    /// The quick byte test before the context tests rejects no word they take: every
    /// reading word of generated texts of colons, hyphens, brackets and spaces, held to the
    /// tests alone.
    #[test]
    fn the_context_test_needs_a_colon_or_hyphen_beside_the_word() {
        fn by_context_alone(text: &str, at: usize, word: &str) -> bool {
            let before = &text[..at];
            let after = &text[at + word.len()..];
            if before.ends_with("::") || after.starts_with("::") {
                return true;
            }
            before.ends_with('-')
                && word.starts_with(char::is_alphabetic)
                && before[..before.len() - 1]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '-' || c == '(' || c == '[')
        }
        let words = [
            "::", ":", "-", "--", "(-", "[", "std", "fs", "Name", "2", "é",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 11, 5_000);
        let (mut words_seen, mut taken) = (0, 0);
        for text in &texts {
            for (at, w) in reading_words(text) {
                let expected = by_context_alone(text, at, w);
                assert_eq!(
                    is_identifier_by_context(text, at, w),
                    expected,
                    "{w:?} in {text:?}"
                );
                words_seen += 1;
                taken += usize::from(expected);
            }
        }
        assert!(
            taken > 300 && words_seen > 10 * taken,
            "{taken} of {words_seen}"
        );
    }

    /// Abbreviations in any case, the Kelvin sign read as the `k` it is in lower case.
    #[test]
    fn abbreviations_end_no_sentence_in_any_case() {
        for ended in [
            "See fig.",
            "SEE FIG.",
            "(e.G.",
            "the U.\u{212A}.",
            "J.",
            "by Dr.",
        ] {
            assert!(ends_with_abbreviation(ended), "{ended}");
        }
        for not in ["It ends.", "etc.", "the U.K.S.", "\u{212A}it.", "é.", "."] {
            assert!(!ends_with_abbreviation(not), "{not}");
        }
    }

    /// The byte scan for the last word agrees with the general reading (white space and
    /// case of every script) on generated sentences: abbreviations in every case, initials,
    /// Unicode spaces and vertical tabs before the word, letters beyond ASCII in it.
    #[test]
    fn the_ascii_scan_for_abbreviations_agrees_with_the_general_one() {
        let words = [
            "e.g",
            "E.G",
            "Fig",
            "APPROX",
            "approxi",
            "u.s",
            "U.\u{212A}",
            "J",
            "j",
            "p",
            "P",
            "é",
            "(Dr",
            "\u{a0}vs",
            "\u{2003}st",
            "\x0bno",
            "\u{212A}",
            "x",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 13, 5_000);
        let mut ended = 0;
        for text in &texts {
            let sentence = format!("{text}.");
            let expected = ends_with_abbreviation_beyond_ascii(text);
            assert_eq!(ends_with_abbreviation(&sentence), expected, "{sentence:?}");
            ended += usize::from(expected);
        }
        assert!(ended > 200 && ended < 4_000, "{ended}");
    }

    fn is_identifier(text: &str, at: usize, word: &str) -> bool {
        is_identifier_by_context(text, at, word) || has_identifier_shape(word)
    }

    #[test]
    fn identifiers_are_one_syllable_words() {
        let ids = |text: &str| -> Vec<String> {
            reading_words(text)
                .filter(|&(at, w)| is_identifier(text, at, w))
                .map(|(_, w)| w.to_string())
                .collect()
        };
        assert_eq!(
            ids(
                "Set -ErrorAction or --verbose on images.Filter, System.Management.Automation.PSObject and std::fs."
            ),
            [
                "ErrorAction",
                "verbose",
                "images.Filter",
                "System.Management.Automation.PSObject",
                "std",
                "fs"
            ]
        );
        assert_eq!(
            ids("Call snake_case_name or camelCaseName with utf8 on x86_64 via Get-ChildItem."),
            [
                "snake_case_name",
                "camelCaseName",
                "utf8",
                "x86_64",
                "Get-ChildItem"
            ]
        );
        // English words, abbreviations, hyphenated words, numbers and minus signs are not.
        assert!(ids("Fine-tuning e.g. the U.S. market, a - b, 3.5 or 10,000 rows in 2024-25 at -5 degrees is Easy.").is_empty());
        // Counted as one word each, of one syllable, in the document's figures.
        let doc = Document::parse(
            "# T\n\nUse System.Management.Automation.PSObject and -ErrorAction here.\n".to_string(),
        )
        .unwrap();
        let prose = doc.prose();
        assert_eq!(prose.sentence_words, 5);
        assert_eq!(prose.sentence_syllables, 1 + 1 + 1 + 1 + 1);
    }

    /// The quick test turns away no paragraph of a run-in head's shape: generated lines of
    /// bold phrases, links, definition lines and their near misses.
    #[test]
    fn the_quick_test_of_run_in_heads_turns_none_away() {
        let words = [
            "**Caching.**",
            "**Can",
            "you?**",
            "__Note:__",
            ": a definition",
            ":",
            "[Get-Item](",
            "get-item.md)",
            "](x)",
            "*",
            "_",
            "[",
            "Term",
            "\n",
            "\n  ",
            "\n\n",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 17, 20_000);
        let (mut heads, mut turned_away) = (0, 0);
        for para in &texts {
            let head = opens_like_a_heading(para);
            assert!(!head || may_open_like_a_heading(para), "{para:?}");
            heads += usize::from(head);
            turned_away += usize::from(!may_open_like_a_heading(para));
        }
        assert!(heads > 500 && turned_away > 500, "{heads} {turned_away}");
    }

    #[test]
    fn section_words_weigh_lists_and_split_at_run_in_heads() {
        let words = |src: &str, weight: f64| {
            let doc = Document::parse(src.to_string()).unwrap();
            let prose = doc.prose();
            doc.sections
                .iter()
                .map(|s| prose.section_prose_words(&doc, s, weight))
                .max()
                .unwrap()
        };
        let para = "word ".repeat(100);
        let item = format!("- {}\n", "word ".repeat(10));
        let table = format!("| {} |\n", "word ".repeat(50));
        let src = format!(
            "# T\n\n{para}\n\n{}\n| h |\n|---|\n{}\n```\n{para}\n```\n",
            item.repeat(10),
            table.repeat(4)
        );
        assert_eq!(words(&src, 1.0), 200);
        assert_eq!(words(&src, 0.5), 150);
        assert_eq!(words(&src, 0.0), 100);
        // Bold run-in heads and definition-list entries start a new stretch.
        for head in [
            "**Caching.** Some words.",
            "**Why cache?**",
            "__Cache__: words",
            "Cache\n: words here",
            "[Cache](cache.md)\nKeeps the words.",
        ] {
            let src = format!("# T\n\n{para}\n\n{head}\n\n{para}\n");
            assert!(words(&src, 1.0) < 110, "{head}");
        }
        // A paragraph that only starts with bold text or a link is not a head.
        for not_head in [
            "**Note** that this goes on.",
            "[Cache](c.md) keeps\nthe words.",
        ] {
            let src = format!("# T\n\n{para}\n\n{not_head}\n\n{para}\n");
            assert!(words(&src, 1.0) > 200, "{not_head}");
        }
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

    /// The ASCII path of [`normalize_token`] gives what the character-by-character definition
    /// gives, and borrows exactly when nothing changes.
    #[test]
    fn normalize_token_matches_its_definition() {
        let definition = |word: &str| -> String {
            word.chars()
                .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{02bc}'))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let pieces = [
            "a", "Z", "'", "\u{2019}", "\u{2bc}", "don", "T", "x1", "-", "_", "\u{c9}", "\u{130}",
            "\u{212a}", "ß", "Q", "''",
        ];
        let mut rng = crate::testing::Rng(11);
        for _ in 0..5_000 {
            let word: String = (0..rng.below(6)).map(|_| *rng.pick(&pieces)).collect();
            let token = normalize_token(&word);
            assert_eq!(token, definition(&word), "{word:?}");
            assert_eq!(
                matches!(token, Cow::Borrowed(_)),
                token == word.as_str(),
                "{word:?}"
            );
        }
    }
}
