//! SEO facts of an article: the primary keyword (given, or derived from the title), its count
//! and density, title and meta description lengths, images. They are document facts: computed
//! on first use, cached on the document ([`Document::fact`]) per keyword query, and the same
//! whatever rules are enabled. The `seo/*` rules rate them (good, ok or bad, Yoast-style);
//! [`crate::score::seo`] turns those ratings, read from the findings, into the SEO score and
//! the report's `seo` block. Nothing here depends on the rules.

use crate::config::{Config, SeoConfig};
use crate::document::{Document, Image, Prose, TokenSlice, normalize_token, words};
use crate::text::leading_pairs::LeadingPairs;
use crate::text::memo::KeyedMemo;
use rustc_hash::FxHashMap;
use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::{Arc, LazyLock};
use unicode_segmentation::UnicodeSegmentation;

/// Where the primary keyword came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordSource {
    Cli,
    FrontMatter,
    Derived,
    None,
}

/// What decides an article's primary keyword: `--keyword`, the front-matter keys read for it,
/// and whether one may be derived from the title. The key of the [`keyword`] fact.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordQuery {
    pub cli: Option<String>,
    pub keys: Vec<String>,
    pub derive: bool,
}

impl KeywordQuery {
    pub fn new(cli: Option<&str>, seo: &SeoConfig) -> KeywordQuery {
        KeywordQuery {
            cli: cli.map(str::to_string),
            keys: seo.keyword_keys.clone(),
            derive: seo.derive_keyword,
        }
    }

    /// Whether this is the query [`KeywordQuery::new`] makes of `cli` and `seo`.
    fn asks(&self, cli: Option<&str>, seo: &SeoConfig) -> bool {
        self.cli.as_deref() == cli
            && self.keys == seo.keyword_keys
            && self.derive == seo.derive_keyword
    }
}

/// The primary keyword of an article and how often headings and prose use it.
#[derive(Debug, Clone)]
pub struct Keyword {
    pub phrase: Option<String>,
    pub source: KeywordSource,
    /// The phrase as keyword tokens ([`keyword_tokens`]); empty without a keyword.
    pub tokens: Vec<String>,
    pub count: usize,
    /// Occurrences per 100 words of headings and prose, rounded to two decimals.
    pub density: f64,
}

/// The primary keyword fact: computed once per document and query.
pub fn keyword(doc: &Document, cli: Option<&str>, seo: &SeoConfig) -> Arc<Keyword> {
    // The query is the fact's key; the computation reads the same settings (every rule asks,
    // and a second copy of the query was most of what asking cost a short article).
    doc.fact_by(
        |query: &KeywordQuery| query.asks(cli, seo),
        || KeywordQuery::new(cli, seo),
        || Keyword::compute(doc, cli, &seo.keyword_keys, seo.derive_keyword),
    )
}

impl Keyword {
    /// The fact for the query `(cli, keys, derive)` (see [`KeywordQuery`]).
    fn compute(doc: &Document, cli: Option<&str>, keys: &[String], derive: bool) -> Keyword {
        let prose = doc.prose();
        let cli = cli.filter(|k| !k.trim().is_empty());
        let mut derived = None;
        let (phrase, source) = if let Some(k) = cli {
            (Some(k.trim().to_string()), KeywordSource::Cli)
        } else if let Some(k) = doc.front_matter.keyword_from(keys) {
            (Some(k), KeywordSource::FrontMatter)
        } else if let Some(d) = derive.then(|| derive_keyword_in(doc, prose)).flatten() {
            let phrase = d.phrase.clone();
            derived = Some(d);
            (Some(phrase), KeywordSource::Derived)
        } else {
            (None, KeywordSource::None)
        };
        let tokens = phrase.as_deref().map(keyword_tokens).unwrap_or_default();
        // A text's count depends on its words, split from it, and the keyword: the language
        // server keeps the counts of the keyword it saw last (a count of every word of a long
        // article after each edit was the largest part of the SEO rules' work).
        static COUNTS: KeyedMemo<Vec<String>, usize> = KeyedMemo::new();
        let memo = COUNTS.for_key(&tokens);
        let count_in = |text: &str, words: TokenSlice<'_>| match &memo {
            Some(memo) => memo.get_or(text, || count_in_tokens(words, &tokens)),
            None => count_in_tokens(words, &tokens),
        };
        let count_in_heading =
            |i: usize| count_in(&doc.headings[i].text.text, prose.heading_words_of(doc, i));
        let count = match derived {
            // Derivation counted the keyword in the blocks and the headings below the H1 as
            // it chose it: only the H1s are left (a second walk of every word was a quarter
            // of the keyword's cost). The tokens are the phrase's own but for a lower-case
            // mapping that differs by context (a final sigma): then every text is counted.
            Some(d) if d.tokens == tokens => {
                d.body_count
                    + (0..doc.headings.len())
                        .filter(|&i| doc.headings[i].level == 1)
                        .map(count_in_heading)
                        .sum::<usize>()
            }
            _ => (0..doc.headings.len())
                .map(count_in_heading)
                .chain(
                    (0..doc.blocks.len())
                        .map(|i| count_in(&doc.blocks[i].text.text, prose.block_words_of(doc, i))),
                )
                .sum(),
        };
        let word_count = prose.word_count;
        let density = if word_count == 0 {
            0.0
        } else {
            round2(count as f64 * 100.0 / word_count as f64)
        };
        Keyword {
            phrase,
            source,
            tokens,
            count,
            density,
        }
    }
}

/// Markdown, HTML and shortcode images ([`Document::images_with`]): a fact per list of image
/// shortcode names, shared by `seo/image-alt` and the report.
pub fn images(doc: &Document, image_shortcodes: &[String]) -> Arc<Vec<Image>> {
    doc.fact_by(
        |names: &Vec<String>| names == image_shortcodes,
        || image_shortcodes.to_vec(),
        || doc.images_with(image_shortcodes),
    )
}

/// The measured SEO facts of one article: the `seo` block of the report, minus the score and
/// the recommendations.
#[derive(Debug, Clone, Serialize)]
pub struct SeoFigures {
    pub primary_keyword: Option<String>,
    pub primary_keyword_source: KeywordSource,
    pub keyword_count: usize,
    pub keyword_density: f64,
    pub word_count: usize,
    pub heading_count: usize,
    pub meta_description_length: usize,
    pub title_length: usize,
    pub images_total: usize,
    pub images_optimized: usize,
}

impl SeoFigures {
    pub fn of(doc: &Document, config: &Config, cli_keyword: Option<&str>) -> SeoFigures {
        let keyword = keyword(doc, cli_keyword, &config.seo);
        let images = images(doc, &config.content.image_shortcodes);
        SeoFigures {
            primary_keyword: keyword.phrase.clone(),
            primary_keyword_source: keyword.source,
            keyword_count: keyword.count,
            keyword_density: keyword.density,
            word_count: doc.prose().word_count,
            heading_count: doc.headings.len(),
            meta_description_length: meta_description_length(doc),
            title_length: title_length(doc),
            images_total: images.len(),
            // Decorative images (`alt=""`) count as optimized: WCAG wants their alt empty.
            images_optimized: images.iter().filter(|i| i.has_alt()).count(),
        }
    }
}

/// The front-matter description's length in characters (0 without one).
pub fn meta_description_length(doc: &Document) -> usize {
    doc.front_matter
        .description()
        .map_or(0, |d| char_length(&d))
}

/// The title's length in characters (0 without one).
pub fn title_length(doc: &Document) -> usize {
    doc.title().map_or(0, |t| char_length(&t))
}

/// Length in user-perceived characters (grapheme clusters): an accented letter or an emoji
/// is one, whatever its bytes or code points.
pub fn char_length(text: &str) -> usize {
    // ASCII text has one grapheme per byte but for `\r\n` (UAX #29: no ASCII character
    // extends another); segmenting it cost more than the rest of the SEO figures.
    if text.is_ascii() {
        return text.len() - memchr::memmem::find_iter(text.as_bytes(), b"\r\n").count();
    }
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
    // A word is normalised only when its first byte lets it (normalising every word of the
    // text was most of the SEO rules' cost on a short page).
    let words: Vec<&str> = words(text).map(|(_, w)| w).collect();
    words
        .windows(keyword.len())
        .filter(|w| {
            w.iter()
                .zip(keyword)
                .all(|(a, b)| may_start_form(a, b) && same_form(&normalize_token(a), b))
        })
        .count()
}

/// False when the keyword token of `word` ([`normalize_token`]) cannot start with `token`:
/// `word` starts with an ASCII letter or digit, which normalising keeps first (lower-cased),
/// and `token` starts with another byte.
fn may_start_form(word: &str, token: &str) -> bool {
    match (word.as_bytes().first(), token.as_bytes().first()) {
        (Some(&w), Some(&t)) if w.is_ascii_alphanumeric() => w.to_ascii_lowercase() == t,
        _ => true,
    }
}

/// Whether block `i` of `doc` holds the token sequence `keyword`: [`contains_keyword`] of the
/// block's text, read from the document's token stream (nothing split again).
pub fn block_holds_keyword(doc: &Document, i: usize, keyword: &[String]) -> bool {
    count_in_tokens(doc.prose().block_words_of(doc, i), keyword) > 0
}

/// How many times the token sequence `keyword` occurs in the words of a block or heading
/// (the document's token stream, so nothing is split or lower-cased again).
fn count_in_tokens(words: TokenSlice<'_>, keyword: &[String]) -> usize {
    if keyword.is_empty() || words.len() < keyword.len() {
        return 0;
    }
    let starts = words.len() - keyword.len() + 1;
    // A walk of the words' first bytes (most words are turned away by theirs, as
    // `may_be_word` would: the word itself is not made for them); only a word that may start
    // the keyword is compared, through the lower-case forms.
    let first = keyword[0].as_bytes().first().copied().filter(u8::is_ascii);
    (0..starts)
        .filter(|&i| {
            let b = words.first_byte(i);
            first.is_none_or(|k| !b.is_ascii_alphanumeric() || b.to_ascii_lowercase() == k)
        })
        .filter(|&i| may_be_word(words.text_of(i), &keyword[0]))
        .filter(|&i| {
            words
                .from_word(i)
                .iter()
                .zip(keyword)
                .all(|(w, k)| same_word(w.lower, k))
        })
        .count()
}

/// False when `word` (as written) cannot be [`same_word`] as the keyword token `keyword`: its
/// first byte, an ASCII letter or digit, is in either case another than the keyword's first;
/// or it is ASCII without an apostrophe, so its keyword form is its ASCII lower case, and that
/// is not the token or its plural (most words of a long text that share the token's first
/// letter: "the", "to" and "that" for "trail running").
fn may_be_word(word: &str, keyword: &str) -> bool {
    match (word.as_bytes().first(), keyword.as_bytes().first()) {
        (Some(&w), Some(&k)) if w.is_ascii_alphanumeric() && k.is_ascii() => {
            if w.to_ascii_lowercase() != k {
                return false;
            }
        }
        _ => return true,
    }
    if !word.is_ascii() || word.contains('\'') {
        return true;
    }
    word.len() >= keyword.len()
        && word.as_bytes()[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes())
        && [&b""[..], b"s", b"es"]
            .iter()
            .any(|plural| word.as_bytes()[keyword.len()..].eq_ignore_ascii_case(plural))
}

/// A word's keyword form ([`normalize_token`]) from its lower-case form
/// ([`crate::document::TokenWord::lower`], where `’` is already `'`): apostrophes dropped,
/// copied only when it has one.
fn keyword_form(lower: &str) -> Cow<'_, str> {
    const APOSTROPHES: [char; 2] = ['\'', '\u{02bc}'];
    // A test of bytes first, without decoding characters: `'` is one byte, and U+02BC is
    // 0xCA 0xBC (0xCA leads U+0280 to U+02BF: those few take the test of characters).
    if !lower.bytes().any(|b| b == b'\'' || b == 0xCA) {
        return Cow::Borrowed(lower);
    }
    if lower.contains(APOSTROPHES) {
        Cow::Owned(lower.replace(APOSTROPHES, ""))
    } else {
        Cow::Borrowed(lower)
    }
}

/// A word (its lower-case form) matches a normalised keyword token when its keyword form is
/// that token or its regular English plural (`generators` for `generator`, `boxes` for
/// `box`): keyphrases name things in the singular.
fn same_word(lower: &str, keyword: &str) -> bool {
    // Fast reject on the first letter (ASCII), the common case in a long text: an ASCII
    // letter or digit first stays first in the keyword form.
    if let (Some(&w), Some(&k)) = (lower.as_bytes().first(), keyword.as_bytes().first())
        && w.is_ascii_alphanumeric()
        && k.is_ascii()
        && w != k
    {
        return false;
    }
    same_form(&keyword_form(lower), keyword)
}

/// A keyword form equals the token or its plural in `s` or `es`.
fn same_form(form: &str, keyword: &str) -> bool {
    form.strip_prefix(keyword)
        .is_some_and(|rest| matches!(rest, "" | "s" | "es"))
}

pub fn contains_keyword(text: &str, keyword: &[String]) -> bool {
    count_occurrences(text, keyword) > 0
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordData {
    stopwords: Vec<String>,
    generic: Vec<String>,
}

static KEYWORD_DATA: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    // Embedded and tested: a parse error is a bug in the build. Parsed here, not with the
    // rules' data-file helper, so that this module does not depend on the rules.
    let data: KeywordData = toml::from_str(include_str!("../rules/data/keyword.toml"))
        .unwrap_or_else(|e| panic!("rules/data/keyword.toml: {e}"));
    (
        data.stopwords.into_iter().collect(),
        data.generic.into_iter().collect(),
    )
});

/// A word that can be part of a derived keyword: not a stop word, not a generic word
/// (`rules/data/keyword.toml`), not a single letter and not a number.
fn is_content_word(token: &str) -> bool {
    let (stop, generic) = &*KEYWORD_DATA;
    token.chars().count() > 1
        && !token
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !stop.contains(token)
        && !generic.contains(token)
}

/// Longest derived keyword, in words: search keyphrases are short (Yoast counts a keyphrase of
/// more than four content words as too long), and the bound keeps derivation linear.
const MAX_KEYWORD_WORDS: usize = 4;

/// A derived keyword must occur at least this often in the body (headings below the H1 and
/// prose): a phrase the text uses once is not its topic.
const MIN_DERIVED_USES: usize = 2;

/// Derive a primary keyword when none is given (docs/scoring.md, "Primary keyword"):
/// 1. split the title (front matter, else H1) into phrases at punctuation other than an
///    in-word hyphen or apostrophe (`The Training Phase – Pre-training & Fine-Tuning` gives
///    `The Training Phase`, `Pre-training`, `Fine-Tuning`);
/// 2. candidates are the 1-4 word runs inside a phrase made only of content words (no stop
///    word or generic word of `rules/data/keyword.toml`, no single letter, no number);
/// 3. each candidate scores (occurrences in the body) x (words in it); the best one that
///    occurs at least twice wins, ties going to the longer, then the earlier;
/// 4. if none occurs twice there is no keyword (`primary_keyword_source: "none"`): a title word
///    the body does not use is not a topic, and every keyword check on it would be noise.
///
/// Linear in title words + body words: body n-grams (up to 4 words) are counted once in a hash
/// map of interned word ids, and each candidate is a constant number of look-ups.
pub fn derive_keyword(doc: &Document) -> Option<String> {
    derive_keyword_in(doc, doc.prose()).map(|d| d.phrase)
}

/// A derived keyword: the phrase, its keyword tokens as the title gave them, and its count in
/// the blocks and the headings below the H1, where derivation counted it.
struct Derived {
    phrase: String,
    tokens: Vec<String>,
    body_count: usize,
}

/// The forms a keyword token matches in the text (see [`same_word`]): itself and its plurals.
fn plural_forms(token: &str) -> [String; 3] {
    // Joined, not formatted: `format!` parses its arguments at run time, and every title word
    // of every file has these forms made.
    [
        token.to_string(),
        [token, "s"].concat(),
        [token, "es"].concat(),
    ]
}

/// Body n-gram counts over interned, normalised words. An n-gram is padded with `u32::MAX`.
/// Only words of the title (in any plural form) can be part of a keyword, so only runs of
/// such words are counted: the maps stay as small as the title, and a body word costs one
/// lookup (FxHash: the keys are short, trusted strings).
struct NgramIndex {
    ids: Vocabulary,
    counts: FxHashMap<[u32; MAX_KEYWORD_WORDS], usize>,
}

/// The interned title words, with a cheap test that rejects most body words before they are
/// normalised and hashed (the index's cost is one look-up per body word).
struct Vocabulary {
    ids: FxHashMap<String, u32>,
    /// By byte: whether a word that starts with it may be in the vocabulary (any byte but an
    /// ASCII letter or digit, or one that starts a word of it in either case). One load per
    /// body word, where the bit tests below took thirty instructions.
    may_start: [bool; 256],
    /// The words' first two bytes where they are ASCII. A body word that starts with two
    /// ASCII letters or digits is looked up only when its first two, in lower case, start a
    /// word: a title word in t lets every "the", "this" and "to" through the first-byte test,
    /// and this turns them away (Rust blog: 0.3% fewer instructions, about 1% less CPU, at the
    /// edge of this machine's noise).
    starts: LeadingPairs,
    /// Bit n: some word is n bytes long (n < 64).
    lengths: u64,
}

impl Vocabulary {
    fn new(words: impl Iterator<Item = String>) -> Vocabulary {
        // Sized at once: grown a word at a time, the map was moved to a larger table a few
        // times for every file's title.
        let words: Vec<String> = words.collect();
        let mut ids: FxHashMap<String, u32> =
            FxHashMap::with_capacity_and_hasher(words.len(), Default::default());
        let mut lengths = 0u64;
        let mut starts = LeadingPairs::default();
        for word in words {
            if let Some(&b) = word.as_bytes().first().filter(|b| b.is_ascii()) {
                starts.insert(b, word.as_bytes().get(1).copied().filter(u8::is_ascii));
            }
            if word.len() < 64 {
                lengths |= 1 << word.len();
            }
            let next = ids.len() as u32;
            ids.entry(word).or_insert(next);
        }
        // Every byte may, but an ASCII letter or digit that starts no word in either case:
        // only those 62 are tested (a test of all 256 was a tenth of deriving a short
        // page's keyword).
        let mut may_start = [true; 256];
        for b in (b'0'..=b'9').chain(b'A'..=b'Z').chain(b'a'..=b'z') {
            may_start[usize::from(b)] = starts.starts(b);
        }
        Vocabulary {
            ids,
            may_start,
            starts,
            lengths,
        }
    }

    /// False when no word of the vocabulary can be the keyword form of a word (as written)
    /// that starts with `first_byte`: an ASCII letter or digit that starts none of them in
    /// either case.
    fn may_hold(&self, first_byte: u8) -> bool {
        self.may_start[usize::from(first_byte)]
    }

    /// False when no word of the vocabulary can be the keyword form of `written` (a word as
    /// written, never empty): [`Vocabulary::may_hold`] of its first byte, and when its first
    /// two bytes are ASCII letters or digits, those two in lower case must start a word (the
    /// keyword form of such a word starts with them: lower case keeps an ASCII byte ASCII,
    /// and only apostrophes are dropped).
    fn may_hold_written(&self, written: &[u8]) -> bool {
        match *written {
            [first, second, ..]
                if first.is_ascii_alphanumeric() && second.is_ascii_alphanumeric() =>
            {
                self.starts.starts_pair(first, second)
            }
            [first, ..] => self.may_hold(first),
            [] => false,
        }
    }

    /// The id of a word's keyword form, given its lower-case form
    /// ([`crate::document::TokenWord::lower`]), if it is in the vocabulary.
    fn id_of(&self, lower: &str) -> Option<u32> {
        // An ASCII letter or digit first stays first in the keyword form.
        if let Some(&first) = lower
            .as_bytes()
            .first()
            .filter(|b| b.is_ascii_alphanumeric())
            && !self.starts.starts(first)
        {
            return None;
        }
        let form = keyword_form(lower);
        if form.len() < 64 && self.lengths & (1 << form.len()) == 0 {
            return None;
        }
        self.ids.get(form.as_ref()).copied()
    }

    fn get(&self, normalized: &str) -> Option<&u32> {
        self.ids.get(normalized)
    }
}

impl NgramIndex {
    fn new<'a>(
        vocabulary: impl Iterator<Item = String>,
        spans: impl Iterator<Item = TokenSlice<'a>>,
    ) -> NgramIndex {
        let ids = Vocabulary::new(vocabulary);
        let mut counts: FxHashMap<[u32; MAX_KEYWORD_WORDS], usize> = FxHashMap::default();
        let mut run: Vec<u32> = Vec::new();
        let mut count_run = |run: &mut Vec<u32>| {
            for i in 0..run.len() {
                let mut key = [u32::MAX; MAX_KEYWORD_WORDS];
                // Each prefix of the window is an n-gram of its own: count it as it grows.
                for (n, &id) in run[i..].iter().take(MAX_KEYWORD_WORDS).enumerate() {
                    key[n] = id;
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
            run.clear();
        };
        for span in spans {
            for i in 0..span.len() {
                // The word and its lower-case form are looked up only for a word its first
                // byte, and then its first two, let through.
                let id = (ids.may_hold(span.first_byte(i))
                    && ids.may_hold_written(span.bytes_of(i)))
                .then(|| span.get(i).and_then(|w| ids.id_of(w.lower)))
                .flatten();
                match id {
                    Some(id) => run.push(id),
                    // Most words end no run: no call for them.
                    None if !run.is_empty() => count_run(&mut run),
                    None => {}
                }
            }
            count_run(&mut run);
        }
        NgramIndex { ids, counts }
    }

    /// The ids of a keyword token's forms in the vocabulary: itself and its plurals
    /// ([`same_word`]), one buffer for the three.
    fn forms_of(&self, token: &str) -> Vec<u32> {
        let mut form = String::with_capacity(token.len() + 2);
        let mut ids = Vec::with_capacity(3);
        for suffix in ["", "s", "es"] {
            form.truncate(0);
            form.push_str(token);
            form.push_str(suffix);
            ids.extend(self.ids.get(&form).copied());
        }
        ids
    }

    /// Occurrences of a keyword token sequence given as the ids of each token's forms
    /// ([`NgramIndex::forms_of`]), each token in any of its forms.
    fn count(&self, forms: &[Vec<u32>]) -> usize {
        let mut total = 0;
        let mut key = [u32::MAX; MAX_KEYWORD_WORDS];
        self.sum_keys(forms, 0, &mut key, &mut total);
        total
    }

    fn sum_keys(
        &self,
        forms: &[Vec<u32>],
        at: usize,
        key: &mut [u32; MAX_KEYWORD_WORDS],
        total: &mut usize,
    ) {
        if at == forms.len() {
            *total += self.counts.get(key).copied().unwrap_or(0);
            return;
        }
        for &id in &forms[at] {
            key[at] = id;
            self.sum_keys(forms, at + 1, key, total);
        }
        key[at] = u32::MAX;
    }
}

fn derive_keyword_in(doc: &Document, prose: &Prose) -> Option<Derived> {
    let title = doc.title()?;
    let phrases = title_phrases(&title);
    let spans = (0..doc.blocks.len())
        .map(|i| prose.block_words_of(doc, i))
        .chain(
            (0..doc.headings.len())
                .filter(|&i| doc.headings[i].level != 1)
                .map(|i| prose.heading_words_of(doc, i)),
        );
    // Every word of a candidate is a content word: only their forms need ids. A stop word of
    // the title ("the", "of") made most body words a look-up and most runs of them an n-gram
    // count; a run broken at such a word changes no count of a candidate (no window of
    // candidate words holds it).
    let vocabulary = phrases
        .iter()
        .flatten()
        .filter(|(_, token)| is_content_word(token))
        .flat_map(|(_, token)| plural_forms(token));
    let index = NgramIndex::new(vocabulary, spans);
    // The forms' ids of every title word, looked up once: a candidate is a run of them, counted
    // and told apart from the runs seen before without a string made (most candidates lose).
    let forms: Vec<Vec<Vec<u32>>> = phrases
        .iter()
        .map(|phrase| phrase.iter().map(|(_, t)| index.forms_of(t)).collect())
        .collect();
    let mut seen: HashSet<[u32; MAX_KEYWORD_WORDS]> = HashSet::default();
    let mut best: Option<(usize, usize, Derived)> = None; // (score, len, keyword)
    for (phrase, forms) in phrases.iter().zip(&forms) {
        for start in 0..phrase.len() {
            for len in 1..=MAX_KEYWORD_WORDS.min(phrase.len() - start) {
                let run = &phrase[start..start + len];
                if !is_content_word(&run[len - 1].1) {
                    // Every word must be a content word: no longer run from `start` can be one.
                    break;
                }
                let run_forms = &forms[start..start + len];
                // A long title repeats itself: count each distinct run once. A content word's
                // first form is itself, so its id stands for the token.
                let mut key = [u32::MAX; MAX_KEYWORD_WORDS];
                for (k, f) in key.iter_mut().zip(run_forms) {
                    *k = f.first().copied().unwrap_or(u32::MAX);
                }
                if !seen.insert(key) {
                    continue;
                }
                let count = index.count(run_forms);
                let score = count * len;
                if count >= MIN_DERIVED_USES
                    && best
                        .as_ref()
                        .is_none_or(|(s, l, _)| score > *s || (score == *s && len > *l))
                {
                    let phrase = title[run[0].0.start..run[len - 1].0.end].to_lowercase();
                    let keyword = Derived {
                        phrase,
                        tokens: run.iter().map(|(_, t)| t.clone()).collect(),
                        body_count: count,
                    };
                    best = Some((score, len, keyword));
                }
            }
        }
    }
    best.map(|(_, _, keyword)| keyword)
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
    use crate::config::Config;

    /// Words in every case, with apostrophes, plurals, other scripts and the Kelvin sign, and
    /// what separates them: the pieces of the keyword-count tests' random texts.
    const WORD_PIECES: [&str; 20] = [
        "Trail",
        "trails",
        "TRAILES",
        "running",
        "Running's",
        "été",
        "Étés",
        "box",
        "Boxes",
        "\u{212a}it",
        "kits",
        "'trail",
        "9lives",
        "x",
        " ",
        " ",
        "-",
        ", ",
        "don’t",
        "dont",
    ];

    /// The quick test never turns away a word [`same_word`] takes: words in every case, with
    /// apostrophes, plurals, other scripts and the Kelvin sign, against tokens of each kind.
    /// The count with its first-byte test gives what normalising every word gave.
    #[test]
    fn count_occurrences_matches_its_definition() {
        let definition = |text: &str, keyword: &[String]| -> usize {
            if keyword.is_empty() {
                return 0;
            }
            let forms: Vec<Cow<'_, str>> = words(text).map(|(_, w)| normalize_token(w)).collect();
            forms
                .windows(keyword.len())
                .filter(|w| w.iter().zip(keyword).all(|(a, b)| same_form(a, b)))
                .count()
        };
        let pieces = WORD_PIECES;
        let keywords: Vec<Vec<String>> = [
            "trail",
            "trail running",
            "été",
            "box",
            "kit",
            "dont",
            "9lives",
            "x",
            "running trail",
        ]
        .iter()
        .map(|k| keyword_tokens(k))
        .chain([vec![String::new()], Vec::new()])
        .collect();
        let mut rng = crate::testing::Rng(21);
        for _ in 0..4_000 {
            let text: String = (0..rng.below(10)).map(|_| *rng.pick(&pieces)).collect();
            for keyword in &keywords {
                assert_eq!(
                    count_occurrences(&text, keyword),
                    definition(&text, keyword),
                    "{text:?} {keyword:?}"
                );
            }
        }
    }

    #[test]
    fn may_be_word_turns_away_no_match() {
        let keywords = ["trail", "box", "k", "kit", "été", "it's", "2024", "a"];
        let words = [
            "trail",
            "Trails",
            "TRAILES",
            "trailer",
            "trai",
            "the",
            "t",
            "trail's",
            "tra'il",
            "box",
            "Boxes",
            "boxs",
            "boxess",
            "K",
            "\u{212A}it",
            "\u{212A}its",
            "kit’s",
            "Kits",
            "été",
            "Étés",
            "ete",
            "it's",
            "its",
            "It’s",
            "2024",
            "2024s",
            "A",
            "as",
            "aes",
            "",
        ];
        let lower = |w: &str| w.to_lowercase().replace('\u{2019}', "'");
        let mut turned_away = 0;
        for k in keywords {
            for w in words {
                if same_word(&lower(w), k) {
                    assert!(may_be_word(w, k), "{w:?} is {k:?}");
                } else {
                    turned_away += usize::from(!may_be_word(w, k));
                }
            }
        }
        assert!(turned_away > 100, "{turned_away}");
    }

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

    /// `count_occurrences` of the keyword over every heading and block of `doc`: what a
    /// keyword's count must be.
    fn counted_in_every_text(doc: &Document, tokens: &[String]) -> usize {
        doc.headings
            .iter()
            .map(|h| &h.text.text)
            .chain(doc.blocks.iter().map(|b| &b.text.text))
            .map(|t| count_occurrences(t, tokens))
            .sum()
    }

    /// A derived keyword's count is read off the index that chose it, plus the H1s: the same
    /// as counting it in every heading and block (H1s, plurals, a front-matter title, two
    /// H1s, a title whose lower case depends on context).
    #[test]
    fn derived_keyword_count_is_the_sum_of_count_occurrences_over_headings_and_blocks() {
        let cases = [
            "# Trail Running Shoes\n\nTrail running is fun; trail runnings too. Shoes.\n\n\
             ## Trail running in winter\n\nMore TRAIL RUNNING.\n\n# Trail running, again\n\n\
             trail running\n",
            "---\ntitle: Static Site Generators\n---\n\nStatic site generators and a static site \
             generator.\n\n## Static site generators compared\n\nstatic sites\n",
            "---\ntitle: Box\n---\n\n# Box guide\n\nA box, two boxes, boxs.\n\n## Boxes\n",
            "# ΟΔΟΣ ΟΔΟΣ guide\n\nοδος οδος and ΟΔΟΣ here, οδος.\n\n## ΟΔΟΣ\n",
        ];
        for src in cases {
            let doc = Document::parse(src.into()).unwrap();
            let k = keyword(&doc, None, &Config::default().seo);
            assert_eq!(k.source, KeywordSource::Derived, "{src}");
            let expected = counted_in_every_text(&doc, &k.tokens);
            assert_eq!(k.count, expected, "{src}");
            assert!(k.count > 2, "{src}");
        }
    }

    /// A block holds the keyword, read from the token stream, exactly when its text does:
    /// random paragraphs, list items and table cells of words in every case, plurals,
    /// apostrophes, other scripts and punctuation, against keywords of each kind.
    #[test]
    fn block_holds_keyword_as_its_text_contains_it() {
        // In Markdown too: emphasis and inline code around and between the words.
        let pieces: Vec<&str> = WORD_PIECES
            .iter()
            .copied()
            .chain(["**", "`code`"])
            .collect();
        let keywords: Vec<Vec<String>> = ["trail", "trail running", "été", "box", "kit", "dont"]
            .iter()
            .map(|k| keyword_tokens(k))
            .chain([Vec::new()])
            .collect();
        let mut rng = crate::testing::Rng(29);
        let mut blocks = 0;
        for _ in 0..600 {
            let text = |rng: &mut crate::testing::Rng| -> String {
                (0..1 + rng.below(8)).map(|_| *rng.pick(&pieces)).collect()
            };
            let src = format!(
                "# T\n\n{}\n\n- {}\n\n| {} | {} |\n|---|---|\n| {} | x |\n",
                text(&mut rng),
                text(&mut rng),
                text(&mut rng),
                text(&mut rng),
                text(&mut rng)
            );
            let doc = Document::parse(src).unwrap();
            for keyword in &keywords {
                for (i, block) in doc.blocks.iter().enumerate() {
                    blocks += 1;
                    assert_eq!(
                        block_holds_keyword(&doc, i, keyword),
                        contains_keyword(&block.text.text, keyword),
                        "{:?} in {:?}",
                        keyword,
                        block.text.text
                    );
                }
            }
        }
        assert!(blocks > 10_000);
    }

    #[test]
    fn keyword_count_is_the_sum_of_count_occurrences_over_headings_and_blocks() {
        let doc = Document::parse(
            "# Fine-tuning guide\n\nFine tuning and FINE-TUNINGS. Don’t fine\ntune, fine tuning!\n\n\
             - fine-tuning item\n\n## Why fine tuning\n\n| fine tuning | x |\n|---|---|\n| a | Fine-Tuning |\n"
                .into(),
        )
        .unwrap();
        // The count reads the token stream, count_occurrences splits the text: they agree,
        // whatever the case or the apostrophe (straight, typographic, modifier letter).
        let src = "# Don\u{2019}t panic\n\nDON'T PANIC, don\u{02bc}t panics. Don\u{2019}t Panic! \
                   ÜBER dont panic.\n";
        let other = Document::parse(src.into()).unwrap();
        for phrase in ["don't panic", "dont panic", "über dont"] {
            let k = keyword(&other, Some(phrase), &Config::default().seo);
            let expected = counted_in_every_text(&other, &k.tokens);
            assert_eq!(k.count, expected, "{phrase}");
            assert!(k.count > 0, "{phrase}");
        }
        assert_eq!(
            keyword(&other, Some("don't panic"), &Config::default().seo).count,
            5
        );
        let k = keyword(&doc, Some("fine-tuning"), &Config::default().seo);
        let expected = counted_in_every_text(&doc, &k.tokens);
        assert_eq!(expected, 8);
        assert_eq!(k.count, expected);
    }

    #[test]
    fn the_vocabulary_finds_a_word_as_normalize_token_does() {
        use crate::document::Tokens;
        // The lower-case form the token stream gives a word, as the index reads it.
        fn lower_of(word: &str) -> String {
            let t = Tokens::split([word].into_iter(), std::iter::empty());
            let words: Vec<_> = t.block(0, word).iter().collect();
            assert_eq!(words.len(), 1, "{word}");
            words[0].lower.to_string()
        }
        let vocabulary = Vocabulary::new(
            ["dont", "rust", "café", "v1", "fine", "x_y", "its"]
                .into_iter()
                .map(String::from),
        );
        for (word, expected) in [
            ("Don't", Some("dont")),
            ("DON\u{2019}T", Some("dont")),
            ("it\u{02bc}s", Some("its")),
            ("RUST", Some("rust")),
            ("Rusty", None),
            ("ruST", Some("rust")),
            ("Café", Some("café")),
            ("CAFÉ", Some("café")),
            ("V1", Some("v1")),
            ("X_Y", Some("x_y")),
            ("fines", None),
            ("zebra", None),
        ] {
            let id = vocabulary.id_of(&lower_of(word));
            // The test on the word as written never turns away a word of the vocabulary.
            assert!(
                id.is_none() || vocabulary.may_hold(word.as_bytes()[0]),
                "{word}"
            );
            assert!(
                id.is_none() || vocabulary.may_hold_written(word.as_bytes()),
                "{word}"
            );
            assert_eq!(
                id,
                vocabulary.get(&normalize_token(word)).copied(),
                "{word}"
            );
            assert_eq!(
                id,
                expected.and_then(|e| vocabulary.get(e).copied()),
                "{word}"
            );
        }
        assert!(!vocabulary.may_hold(b'Z') && vocabulary.may_hold("\u{2019}tis".as_bytes()[0]));
        let long = "a".repeat(70);
        let vocabulary = Vocabulary::new([long.clone()].into_iter());
        assert_eq!(vocabulary.id_of(&lower_of(&long.to_uppercase())), Some(0));
    }

    /// The test of a word's first two bytes never turns away a word of the vocabulary, and
    /// turns away the words that start like none of its words: random words of letters in
    /// both cases, digits, apostrophes, letters beyond ASCII and the characters whose lower
    /// case is ASCII (the Kelvin sign), against random vocabularies of the same pieces.
    #[test]
    fn the_two_byte_test_turns_away_no_word_of_the_vocabulary() {
        use crate::document::Tokens;
        let pieces = [
            "t", "T", "h", "H", "e", "r", "R", "u", "s", "S", "9", "'", "\u{2019}", "\u{02bc}",
            "é", "É", "\u{212a}", "k", "K", "_",
        ];
        let mut rng = crate::testing::Rng(45);
        let word = |rng: &mut crate::testing::Rng| -> String {
            (0..1 + rng.below(4)).map(|_| *rng.pick(&pieces)).collect()
        };
        let (mut kept, mut turned_away, mut found) = (0, 0, 0);
        for _ in 0..300 {
            let vocabulary: Vec<String> = (0..1 + rng.below(4))
                .map(|_| normalize_token(&word(&mut rng)).into_owned())
                .filter(|w| !w.is_empty())
                .collect();
            if vocabulary.is_empty() {
                continue;
            }
            let index = Vocabulary::new(vocabulary.iter().cloned());
            for _ in 0..50 {
                // Half of them a word of the vocabulary in random case, alone or with `s` or
                // `'s` after it.
                let written = match rng.below(2) {
                    0 => word(&mut rng),
                    _ => {
                        let v = rng.pick(&vocabulary).clone();
                        let recased: String = v
                            .chars()
                            .map(|c| match rng.below(2) {
                                0 => c.to_uppercase().collect::<String>(),
                                _ => c.to_string(),
                            })
                            .collect();
                        recased + ["", "s", "'s"][rng.below(3)]
                    }
                };
                let tokens = Tokens::split([written.as_str()].into_iter(), std::iter::empty());
                for w in tokens.block(0, &written).iter() {
                    let may = index.may_hold_written(w.text.as_bytes());
                    if index.id_of(w.lower).is_some() {
                        assert!(may, "{:?} in {vocabulary:?}", w.text);
                        found += 1;
                    }
                    let pair = w
                        .text
                        .as_bytes()
                        .get(..2)
                        .filter(|p| p.iter().all(u8::is_ascii_alphanumeric));
                    if let Some(pair) = pair {
                        let starts = vocabulary
                            .iter()
                            .any(|v| v.as_bytes().get(..2) == Some(&pair.to_ascii_lowercase()[..]));
                        assert_eq!(may, starts, "{:?} in {vocabulary:?}", w.text);
                        if starts { kept += 1 } else { turned_away += 1 }
                    }
                }
            }
        }
        assert!(
            found > 1000 && kept > 1000 && turned_away > 1000,
            "{found} {kept} {turned_away}"
        );
    }

    /// The byte tests agree with their definitions: a keyword form drops exactly the two
    /// apostrophes (characters that share U+02BC's first byte stay), and the first-byte table
    /// says what the bit set does for every byte.
    #[test]
    fn keyword_form_and_first_byte_table_match_their_definitions() {
        for word in [
            "plain",
            "don't",
            "it\u{02bc}s",
            "\u{0280}x",
            "\u{02bb}okina",
            "\u{02bf}ayn\u{02bc}",
            "caf\u{e9}",
            "''",
            "",
        ] {
            let expected = word.replace(['\'', '\u{02bc}'], "");
            assert_eq!(keyword_form(word), expected, "{word:?}");
        }
        let vocabulary = Vocabulary::new(["rust", "Zed", "9lives"].into_iter().map(String::from));
        for b in 0..=u8::MAX {
            let bit = !b.is_ascii_alphanumeric() || vocabulary.starts.starts(b);
            assert_eq!(vocabulary.may_hold(b), bit, "{b}");
        }
        assert!(
            vocabulary.may_hold(b'R') && vocabulary.may_hold(b'9') && !vocabulary.may_hold(b'q')
        );
    }

    #[test]
    fn grapheme_length() {
        assert_eq!(char_length("e\u{301}té 👍🏽"), 5);
        // ASCII: one per byte, `\r\n` one, as the segmenter counts them.
        for text in ["", "Plain title", "a\r\nb\rc\n\r\n\n", "\t\u{7f}x"] {
            assert_eq!(char_length(text), text.graphemes(true).count(), "{text:?}");
        }
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
    fn no_keyword_is_derived_from_title_words_the_body_does_not_repeat() {
        let doc = Document::parse("# Rust Error Handling\n\nNothing relevant.\n".into()).unwrap();
        assert_eq!(derive_keyword(&doc), None);
        // once is not a topic
        let doc =
            Document::parse("# Rust Error Handling\n\nError handling once.\n".into()).unwrap();
        assert_eq!(derive_keyword(&doc), None);
    }

    #[test]
    fn generic_words_stop_words_letters_and_numbers_are_never_keywords() {
        let cases = [
            "# Getting Started\n\nOnce started, it keeps started jobs. We started again.\n",
            "# Using the API\n\nUsing it is easy. Keep using it. Using more.\n",
            "# C in 10 Steps\n\nThe c compiler, c again, c flags. 10 and 10 and 10.\n",
            "# A Cloud-Based Setup\n\nBased on this, based on that, based on more.\n",
        ];
        for src in cases {
            let doc = Document::parse(src.into()).unwrap();
            assert_eq!(derive_keyword(&doc), None, "{src}");
        }
        // the content words of the same titles still count
        let doc = Document::parse(
            "# Getting Started with Cargo\n\nCargo builds crates. Run cargo test.\n".into(),
        )
        .unwrap();
        assert_eq!(derive_keyword(&doc).as_deref(), Some("cargo"));
        let doc = Document::parse(
            "# A Cloud-Based Setup\n\nThe setup is cheap; a setup scales.\n".into(),
        )
        .unwrap();
        assert_eq!(derive_keyword(&doc).as_deref(), Some("setup"));
    }

    #[test]
    fn derivation_counts_plurals_and_prefers_the_longer_phrase_on_ties() {
        let src = "# Static Site Generator\n\nA static site generator builds pages. Static site \
             generators are fast. Sites are static.\n";
        let doc = Document::parse(src.into()).unwrap();
        assert_eq!(
            derive_keyword(&doc).as_deref(),
            Some("static site generator")
        );
        // the figure counts the two in the body and the H1
        let k = keyword(&doc, None, &Config::default().seo);
        assert_eq!(k.count, 3);
    }

    #[test]
    fn the_keyword_comes_from_the_cli_the_front_matter_or_the_title() {
        let src = "# Getting Started\n\nInstall it and run it on a folder.\n";
        let doc = Document::parse(src.into()).unwrap();
        let config = Config::default();
        let k = keyword(&doc, None, &config.seo);
        assert_eq!(k.source, KeywordSource::None);
        assert!(k.phrase.is_none() && k.tokens.is_empty() && k.count == 0);
        let src = "# Cargo Workspaces\n\nCargo workspaces share a lock file. Cargo workspaces build together.\n";
        let doc = Document::parse(src.into()).unwrap();
        let derived = keyword(&doc, None, &config.seo);
        assert_eq!(derived.phrase.as_deref(), Some("cargo workspaces"));
        assert_eq!(derived.source, KeywordSource::Derived);
        let mut off = Config::default();
        off.seo.derive_keyword = false;
        assert_eq!(keyword(&doc, None, &off.seo).source, KeywordSource::None);
        let given = keyword(&doc, Some(" lock file "), &off.seo);
        assert_eq!(given.source, KeywordSource::Cli);
        assert_eq!(given.phrase.as_deref(), Some("lock file"));
        assert_eq!(given.count, 1);
        // each query is its own fact; asking again gives the cached one
        assert!(Arc::ptr_eq(&derived, &keyword(&doc, None, &config.seo)));
        let fm = format!("---\nkeyword: lock file\n---\n{src}");
        let doc = Document::parse(fm).unwrap();
        assert_eq!(
            keyword(&doc, None, &config.seo).source,
            KeywordSource::FrontMatter
        );
        assert_eq!(
            keyword(&doc, Some("cargo"), &config.seo).source,
            KeywordSource::Cli
        );
    }

    #[test]
    fn figures_of_the_report() {
        let src = "---\ntitle: Cargo Workspaces\ndescription: How cargo workspaces share a lock.\n---\n\
            # Cargo Workspaces\n\nCargo workspaces share a lock file. ![](a.png) and ![b](b.png)\n\n\
            ## Cargo workspaces\n\n{{< figure src=\"c.png\" alt=\"\" >}}\n";
        let doc = Document::parse(src.into()).unwrap();
        let f = SeoFigures::of(&doc, &Config::default(), None);
        assert_eq!(f.primary_keyword.as_deref(), Some("cargo workspaces"));
        assert_eq!(f.keyword_count, 3);
        assert_eq!(f.word_count, doc.prose().word_count);
        assert_eq!(f.keyword_density, round2(300.0 / f.word_count as f64));
        assert_eq!(f.heading_count, 2);
        assert_eq!(f.title_length, 16);
        assert_eq!(f.meta_description_length, 34);
        assert_eq!((f.images_total, f.images_optimized), (3, 2));
    }

    #[test]
    fn derivation_is_linear_in_a_long_title() {
        // 10,000 title words that are all candidates: before, every candidate was compared
        // with every body word (22.7 s); now each is a few hash look-ups.
        let title: Vec<String> = (0..10_000).map(|i| format!("topic{}", i % 5_000)).collect();
        let body: Vec<String> = (0..10_000).map(|i| format!("topic{}", i % 7_000)).collect();
        let src = format!("# {}\n\n{}.\n", title.join(" "), body.join(" "));
        let doc = Document::parse(src).unwrap();
        let start = std::time::Instant::now();
        let k = derive_keyword(&doc);
        // topic0..topic2999 appear twice in the body, as do their runs
        assert!(k.is_some());
        // generous: debug build on a shared machine; the release figure is in the bench
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
