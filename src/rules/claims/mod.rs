//! Claims rules (dimension `factual_consistency`): figures and attributions without a source,
//! promotional superlatives without a measure, titles that promise what the article does not
//! deliver. The word lists live in `rules/data/claims.toml`.
//!
//! "Sourced" (shared by the rules): a sentence is sourced when it, or the sentence before or
//! after it in the same section, holds a link, a footnote reference, a bare URL, an
//! attribution phrase ("according to", "(Source: ...)"), an academic citation ("(Smith et al.,
//! 2021)"), a first-party phrase ("our survey", "we measured"), or a cue word with a proper name
//! ("a 2023 McKinsey survey found", "Gartner estimates").

mod count_mismatch;
mod title_mismatch;
mod unsourced_statistic;
mod unsupported_superlative;
mod vague_attribution;

pub use count_mismatch::CountMismatch;
pub use title_mismatch::TitleMismatch;
pub use unsourced_statistic::UnsourcedStatistic;
pub use unsupported_superlative::UnsupportedSuperlative;
pub use vague_attribution::VagueAttribution;

use crate::document::{BlockKind, Document, SentenceScope, TokenSlice, lower_case, words};
use crate::text::memo::{SentenceMemo, TextMemo, runs_by_block};
use crate::text::phrases::{PhraseHits, PhraseSet};
use crate::text::precheck::GatedRegex;
use crate::text::quick_regex::QuickRegex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

const DATA_JSON: &str = crate::embedded_json!("rules/data/claims.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    statistic: RawStatistic,
    attribution: RawAttribution,
    vague: RawVague,
    superlative: RawSuperlative,
    count: RawCount,
    title: RawTitle,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatistic {
    count_nouns: Vec<String>,
    count_adjectives: Vec<String>,
    count_lead_ins: Vec<String>,
    technical_after: Vec<String>,
    setting_context: Vec<String>,
    parameter_after: Vec<String>,
    evidence_markup: Vec<String>,
    evidence_nouns: Vec<String>,
    image_evidence: Vec<String>,
    advice_openers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttribution {
    phrases: Vec<String>,
    cues: Vec<String>,
    first_party: Vec<String>,
    own_view: Vec<String>,
    own_organisation: Vec<String>,
    roles: Vec<String>,
    not_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVague {
    subjects: Vec<String>,
    crowd_subjects: Vec<String>,
    quantifiers: Vec<String>,
    specific_before: Vec<String>,
    verbs: Vec<String>,
    opinion_verbs: Vec<String>,
    adverbs: Vec<String>,
    passive_next: Vec<String>,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuperlative {
    strong: Vec<String>,
    heads: Vec<String>,
    adjectives: Vec<String>,
    not_after_most: Vec<String>,
    intensifiers: Vec<String>,
    regard_phrases: Vec<String>,
    determiners: Vec<String>,
    vendor_determiners: Vec<String>,
    subject_verbs: Vec<String>,
    market_scopes: Vec<String>,
    not_between: Vec<String>,
    product_nouns: Vec<String>,
    measures: Vec<String>,
    comparatives: Vec<String>,
    back_references: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCount {
    number_words: Vec<String>,
    lead_ins: Vec<String>,
    not_list_nouns: Vec<String>,
    intro_headings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    stop_words: Vec<String>,
}

type Set = WordSet;

fn set(words: Vec<String>) -> Set {
    WordSet::new(words.into_iter().map(|w| w.to_lowercase()))
}

/// A set of lower-case words that answers most questions without hashing: the claims rules
/// ask about every word of every sentence, most words are in none of the lists, and a word
/// whose first byte and length no listed word has is not there (the hashing was 3% of a
/// reference site's run).
#[derive(Debug)]
pub(crate) struct WordSet {
    words: rustc_hash::FxHashSet<String>,
    /// For each first byte `b`: bit `n` set when a word starting with `b` is `n` bytes long
    /// (bit 63: 63 or more).
    lengths_by_first: [u64; 256],
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet {
            words: Default::default(),
            lengths_by_first: [0; 256],
        }
    }
}

impl WordSet {
    fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        let mut set = WordSet::default();
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                set.lengths_by_first[usize::from(b)] |= WordSet::length_bit(w.len());
            }
            set.words.insert(w);
        }
        set
    }

    fn length_bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    pub fn contains(&self, word: &str) -> bool {
        let Some(&b) = word.as_bytes().first() else {
            return self.words.contains(word);
        };
        self.lengths_by_first[usize::from(b)] & WordSet::length_bit(word.len()) != 0
            && self.words.contains(word)
    }

    /// Whether the lower case of a word written `written` may be in the set, answered from
    /// its bytes without making the lower case: an ASCII word's lower case has its length and
    /// its first byte in lower case; of any other word nothing is known ("FOLKS" with a
    /// Kelvin sign lower-cases to "folks").
    pub fn may_hold_lower_of(&self, written: &[u8]) -> bool {
        match written.first() {
            Some(&b) if written.is_ascii() => {
                let b = b.to_ascii_lowercase();
                self.lengths_by_first[usize::from(b)] & WordSet::length_bit(written.len()) != 0
            }
            _ => true,
        }
    }
}

/// The lists of `rules/data/claims.toml`, compiled once.
pub(crate) struct Data {
    pub count_nouns: Vec<String>,
    pub count_adjectives: Vec<String>,
    pub count_lead_ins: Vec<String>,
    pub technical_after: Vec<String>,
    pub setting_context: Set,
    pub parameter_after: Vec<String>,
    pub evidence_markup: Vec<String>,
    pub evidence_nouns: Set,
    pub image_evidence: Set,
    pub advice_openers: Set,
    pub attribution: PhraseSet,
    pub cues: Set,
    pub first_party: PhraseSet,
    pub own_view: PhraseSet,
    pub own_organisation: PhraseSet,
    pub roles: Set,
    pub not_names: Set,
    pub vague: PhraseSet,
    pub vague_subjects: Set,
    pub crowd_subjects: Set,
    /// `vague_subjects` and `crowd_subjects` as phrases: where a subject may start, from the
    /// document's one phrase scan (see `vague_attribution::subject_starts`).
    pub any_vague_subject: PhraseSet,
    pub vague_quantifiers: Set,
    pub specific_before: Set,
    pub attribution_verbs: Set,
    pub opinion_verbs: Set,
    pub vague_adverbs: Set,
    pub passive_next: Set,
    pub strong_superlatives: PhraseSet,
    pub heads: Vec<String>,
    pub not_after_most: Set,
    pub intensifiers: Vec<String>,
    pub regard_phrases: Vec<String>,
    pub determiners: Vec<String>,
    pub vendor_determiners: Set,
    pub subject_verbs: Vec<String>,
    pub market_scopes: PhraseSet,
    pub not_between: Set,
    pub product_nouns: Vec<String>,
    pub measures: PhraseSet,
    pub comparatives: PhraseSet,
    pub back_references: Set,
    pub number_words: Vec<String>,
    pub count_lead_ins_title: Vec<String>,
    pub not_list_nouns: Set,
    pub intro_headings: Vec<String>,
    pub stop_words: Set,
}

pub(crate) static DATA: LazyLock<Data> = LazyLock::new(|| {
    let raw: RawData = crate::embedded::read("rules/data/claims.toml", DATA_JSON);
    Data {
        count_nouns: raw.statistic.count_nouns,
        count_adjectives: raw.statistic.count_adjectives,
        count_lead_ins: raw.statistic.count_lead_ins,
        technical_after: raw.statistic.technical_after,
        setting_context: set(raw.statistic.setting_context),
        parameter_after: raw.statistic.parameter_after,
        evidence_markup: raw.statistic.evidence_markup,
        evidence_nouns: set(raw.statistic.evidence_nouns),
        image_evidence: set(raw.statistic.image_evidence),
        advice_openers: set(raw.statistic.advice_openers),
        attribution: PhraseSet::of(&raw.attribution.phrases),
        cues: set(raw.attribution.cues),
        first_party: PhraseSet::of(&raw.attribution.first_party),
        own_view: PhraseSet::of(&raw.attribution.own_view),
        own_organisation: PhraseSet::of(&raw.attribution.own_organisation),
        roles: set(raw.attribution.roles),
        not_names: set(raw.attribution.not_names),
        vague: PhraseSet::of(&raw.vague.phrases),
        any_vague_subject: PhraseSet::of(
            &[&raw.vague.subjects[..], &raw.vague.crowd_subjects[..]].concat(),
        ),
        vague_subjects: set(raw.vague.subjects),
        crowd_subjects: set(raw.vague.crowd_subjects),
        vague_quantifiers: set(raw.vague.quantifiers),
        specific_before: set(raw.vague.specific_before),
        attribution_verbs: set(raw.vague.verbs),
        opinion_verbs: set(raw.vague.opinion_verbs),
        vague_adverbs: set(raw.vague.adverbs),
        passive_next: set(raw.vague.passive_next),
        strong_superlatives: PhraseSet::of(&raw.superlative.strong),
        heads: raw
            .superlative
            .heads
            .into_iter()
            .chain(
                raw.superlative
                    .adjectives
                    .iter()
                    .filter_map(|a| superlative_form(a)),
            )
            .collect(),
        not_after_most: set(raw.superlative.not_after_most),
        intensifiers: raw.superlative.intensifiers,
        regard_phrases: raw.superlative.regard_phrases,
        determiners: raw.superlative.determiners,
        vendor_determiners: set(raw.superlative.vendor_determiners),
        subject_verbs: raw.superlative.subject_verbs,
        market_scopes: PhraseSet::of(&raw.superlative.market_scopes),
        not_between: set(raw.superlative.not_between),
        product_nouns: raw.superlative.product_nouns,
        measures: PhraseSet::of(&raw.superlative.measures),
        comparatives: PhraseSet::of(&raw.superlative.comparatives),
        back_references: set(raw.superlative.back_references),
        number_words: raw.count.number_words,
        count_lead_ins_title: raw.count.lead_ins,
        not_list_nouns: set(raw.count.not_list_nouns),
        intro_headings: raw.count.intro_headings,
        stop_words: set(raw.title.stop_words),
    }
});

/// "(Smith et al., 2021)", "(Jones 2019)", "[12]": academic citations. Compiled for the first
/// text that holds a bracket, or a parenthesis and a year's first two digits.
static CITATION: GatedRegex = GatedRegex::always(
    || {
        QuickRegex::new(
            r"\(\s*[A-Z][\p{L}'-]+(?:\s+(?:et al\.?|and|&)\s*[A-Z]?[\p{L}'-]*)?,?\s+(?:19|20)\d\d[a-z]?\s*\)|\[\d{1,3}\]",
            "citation regex",
        )
    },
    |t| t.contains('[') || (t.contains('(') && (t.contains("19") || t.contains("20"))),
);

/// A prose sentence as the claims rules see it.
pub(crate) struct Sent<'d> {
    pub text: &'d str,
    pub block: usize,
    /// Byte range of the sentence in the block's text.
    pub range: Range<usize>,
    pub section: usize,
    /// The sentence's words in the document's token stream: see [`Sent::words`].
    tokens: Range<u32>,
}

impl<'d> Sent<'d> {
    /// The sentence's words (offsets from the sentence's start), split once per document.
    /// Made when asked, not kept in the list: three rules each build a list of every prose
    /// sentence, and the words' view was half of each entry (104 bytes).
    pub fn words(&self, doc: &'d Document) -> TokenSlice<'d> {
        doc.prose().tokens.slice(
            self.tokens.clone(),
            &doc.blocks[self.block].text.text,
            self.range.start,
        )
    }

    /// The sentence's range in the source: mapped when asked (most sentences are never
    /// asked, and mapping every one was 1% of a long article's instructions).
    pub fn source(&self, doc: &Document) -> Range<usize> {
        doc.blocks[self.block]
            .text
            .range_to_source(self.range.clone())
    }
}

/// Prose sentences, minus table cells (data, not claims) and footnotes (they are the
/// sources).
pub(crate) fn sentences(doc: &Document) -> Vec<Sent<'_>> {
    let prose = doc.prose();
    // Sized once: growing it was a fifth of the work of building it for a long article.
    let mut sents = Vec::with_capacity(prose.sentences.len());
    sents.extend(
        prose
            .sentences_in(doc, SentenceScope::CLAIMS)
            .map(|s| Sent {
                text: s.text,
                block: s.sentence.block,
                range: s.sentence.range.clone(),
                section: s.block.section,
                tokens: s.sentence.tokens.clone(),
            }),
    );
    sents
}

/// The sentences of `sents` with a candidate, and the candidate: `find` gives the candidate
/// of each sentence of one block from that block's text alone (its phrases, its words and its
/// sentences are split from it), so `memo` keeps them by block text in the language server.
pub(crate) fn candidates_by_block<'s, T: Clone + 's>(
    doc: &'s Document,
    sents: &'s [Sent<'s>],
    memo: &'static SentenceMemo<Option<T>>,
    find: impl Fn(&[Sent<'s>], &mut Vec<Option<T>>),
) -> Vec<(usize, T)> {
    let mut candidates = Vec::new();
    // One list for every block's answers (see `SentenceMemo::get_or`).
    let mut buffer = Vec::new();
    for run in runs_by_block(sents, |s| s.block) {
        let block = &sents[run.clone()];
        let text = &doc.blocks[block[0].block].text.text;
        let found = memo.get_or(text, block.len(), &mut buffer, |out| find(block, out));
        candidates.extend(
            run.zip(found.iter())
                .filter_map(|(i, candidate)| Some((i, candidate.clone()?))),
        );
    }
    candidates
}

/// The matches of `set` in a sentence, from the document's phrase scan: ranges in the
/// sentence's text.
pub(crate) fn sentence_matches(
    doc: &Document,
    phrases: &PhraseHits,
    set: &PhraseSet,
    sent: &Sent,
) -> Vec<Range<usize>> {
    let at = sent.range.start;
    phrases
        .find(doc, set, sent.block as u32, sent.range.clone())
        .into_iter()
        .map(|m| m.range.start - at..m.range.end - at)
        .collect()
}

/// Whether one sentence names a source (see the module docs).
pub(crate) fn names_source(doc: &Document, sent: &Sent) -> bool {
    names_source_masked(doc, sent, None)
}

/// Whether a sentence names a source for a claim in the sentence next to it: as
/// [`names_source`], but the writer's own view ("I think", "we estimate") sources only a figure
/// of its own sentence (an opinion after a figure is not where the figure came from).
pub(crate) fn names_source_for_neighbour(doc: &Document, sent: &Sent) -> bool {
    let data = &*DATA;
    let mut text = sent.text.to_string();
    let own = data
        .own_view
        .find(sent.text)
        .chain(data.own_organisation.find(sent.text));
    for m in own {
        text.replace_range(m.range.clone(), &" ".repeat(m.range.len()));
    }
    if text == sent.text {
        return names_source(doc, sent);
    }
    let masked = Sent {
        text: &text,
        block: sent.block,
        range: sent.range.clone(),
        section: sent.section,
        tokens: sent.tokens.clone(),
    };
    names_source(doc, &masked)
}

/// [`names_source`], with a range of the sentence's text blanked out first: the vague phrase
/// "studies show" must not count as its own cue word.
pub(crate) fn names_source_masked(doc: &Document, sent: &Sent, mask: Option<Range<usize>>) -> bool {
    if has_link_or_footnote(doc, sent) {
        return true;
    }
    let masked;
    let text = match mask {
        Some(m) => {
            let mut t = sent.text.to_string();
            t.replace_range(m.clone(), &" ".repeat(m.len()));
            masked = t;
            masked.as_str()
        }
        None => sent.text,
    };
    // Asked about the same sentences after every edit in the language server.
    static NAMED: TextMemo<bool> = TextMemo::new();
    NAMED.get_or(text, || text_names_source(text))
}

/// Whether a sentence's text (links and footnotes aside) names a source.
fn text_names_source(text: &str) -> bool {
    let data = &*DATA;
    if text.contains("http://")
        || text.contains("https://")
        || text.contains("www.")
        || data.attribution.any(text)
        || data.first_party.any(text)
        || data.own_view.any(text)
        || data.own_organisation.any(text)
        || CITATION.for_text(text).is_some_and(|re| re.is_match(text))
    {
        return true;
    }
    let has_cue = words(text).any(|(_, w)| data.cues.contains(lower_case(w).as_ref()));
    // "A spokesperson for the hospital said": a named role is an attribution.
    let has_role = || words(text).any(|(_, w)| data.roles.contains(lower_case(w).as_ref()));
    has_cue && (has_proper_name(text) || name_then_cue(text) || has_role())
}

/// "Gartner estimates ...", "IDC reports ...": a capitalised first word right before a cue.
fn name_then_cue(text: &str) -> bool {
    let data = &*DATA;
    let mut ws = words(text).map(|(_, w)| w);
    match (ws.next(), ws.next()) {
        (Some(name), Some(cue)) => {
            name.starts_with(char::is_uppercase)
                && !data.not_names.contains(lower_case(name).as_ref())
                && !data.cues.contains(lower_case(name).as_ref())
                && data.cues.contains(lower_case(cue).as_ref())
        }
        _ => false,
    }
}

/// A link in the sentence, or a footnote reference in it or right after it (`It grew.[^1]`:
/// the reference is not part of the sentence's text).
pub(crate) fn has_link_or_footnote(doc: &Document, sent: &Sent) -> bool {
    let source = sent.source(doc);
    let overlaps = |r: &Range<usize>| r.start < source.end && source.start < r.end;
    let right_after = |r: &Range<usize>| {
        r.start >= source.end
            && r.start - source.end <= 3
            && doc.source.get(source.end..r.start).is_some_and(|gap| {
                gap.chars()
                    .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
            })
    };
    // Links and footnote references are sorted and disjoint: binary-search the first that
    // ends after the sentence starts, not a scan of the whole list for every sentence.
    let first_link = doc.links.partition_point(|l| l.range.end <= source.start);
    let first_ref = doc.footnote_refs.partition_point(|r| r.end <= source.start);
    doc.links[first_link..]
        .iter()
        .take_while(|l| l.range.start < source.end)
        .any(|l| overlaps(&l.range))
        || doc.footnote_refs[first_ref..]
            .iter()
            .take_while(|r| r.start <= source.end + 3)
            .any(|r| overlaps(r) || right_after(r))
}

/// A capitalised word that is not the first word of the sentence and not a common word:
/// probably the name of an organisation or a person.
pub(crate) fn has_proper_name(text: &str) -> bool {
    let data = &*DATA;
    words(text).skip(1).any(|(at, w)| {
        let mut chars = w.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        // Not right after a sentence-internal full stop or colon ("... e.g. The").
        let after_stop = text[..at].trim_end().ends_with([':', '.', '"', '\u{201c}']);
        first_upper
            && w.chars().count() > 1
            && !after_stop
            && !data.not_names.contains(lower_case(w).as_ref())
    })
}

/// Whether sentence `i` of `sents`, or a neighbour in the same section, names a source, or its
/// block sits right next to a code block or an image (the evidence is shown: a benchmark's
/// output, a chart).
pub(crate) fn sourced_near(doc: &Document, sents: &[Sent], i: usize) -> bool {
    if evidence_adjacent(doc, sents[i].block) {
        return true;
    }
    let section = sents[i].section;
    let lo = i.saturating_sub(1);
    let hi = (i + 1).min(sents.len() - 1);
    names_source(doc, &sents[i])
        || (lo..=hi).any(|j| {
            j != i && sents[j].section == section && names_source_for_neighbour(doc, &sents[j])
        })
}

/// Whether the evidence is shown right next to the block: a code block or an image touches it
/// (only whitespace between), a table cell is the block before or after it, or the source
/// between it and its neighbouring block (within its section) holds a table, a figure, a chart,
/// an image or an embed (`<table>`, `<figure>`, `{{< figure >}}`, ...).
pub(crate) fn evidence_adjacent(doc: &Document, block: usize) -> bool {
    let span = doc.blocks[block].range();
    let blank = |r: Range<usize>| {
        doc.source
            .get(r)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
    };
    let touches = |r: &Range<usize>| {
        (r.end <= span.start && blank(r.end..span.start))
            || (r.start >= span.end && blank(span.end..r.start))
    };
    // Code blocks are sorted and disjoint: only the last one before the block and the first
    // one after it can be separated from it by white space alone (a binary search, not a scan
    // of every code block for every block).
    let after = doc
        .code_blocks
        .partition_point(|c| c.range.start < span.end);
    let before = doc
        .code_blocks
        .partition_point(|c| c.range.end <= span.start);
    let nearest_code = before
        .checked_sub(1)
        .and_then(|i| doc.code_blocks.get(i))
        .into_iter()
        .chain(doc.code_blocks.get(after));
    if nearest_code.into_iter().any(|c| touches(&c.range))
        || touching_images(doc, &span).any(|im| !is_photo(im))
    {
        return true;
    }
    let own_section = doc.blocks[block].section;
    let prev = block
        .checked_sub(1)
        .map(|i| &doc.blocks[i])
        .filter(|b| b.section == own_section);
    let next = doc
        .blocks
        .get(block + 1)
        .filter(|b| b.section == own_section);
    if [prev, next].into_iter().flatten().any(|b| {
        (b.kind == BlockKind::TableCell && !b.in_footnote)
            || doc.source.get(b.range()).is_some_and(is_embed)
    }) {
        return true;
    }
    let section = &doc.sections[own_section];
    let before_start = prev
        .map(|b| b.range().end)
        .filter(|&e| e <= span.start)
        .unwrap_or(section.range.start)
        .max(section.range.start);
    let after_end = next
        .map(|b| b.range().start)
        .filter(|&s| s >= span.end)
        .unwrap_or(section.range.end)
        .min(section.range.end);
    [before_start..span.start, span.end..after_end]
        .into_iter()
        .filter_map(|r| {
            // A photo between the blocks is not evidence: blank it out before looking.
            let mut gap = doc.source.get(r.clone())?.to_string();
            for im in images_within(doc, &r).filter(|im| is_photo(im)) {
                let at = im.range.start - r.start..im.range.end - r.start;
                gap.replace_range(at.clone(), &" ".repeat(at.len()));
            }
            Some(gap)
        })
        .any(|gap| shows_evidence(&gap))
}

/// The images of a document ordered by where they end and by where they start (a nested image
/// in alt text ends before the image around it, so `doc.images` is sorted by neither): the
/// images next to a block or inside a gap are found by binary search, not by a scan of every
/// image for every block asked about.
struct ImageOrder {
    by_end: Vec<u32>,
    by_start: Vec<u32>,
}

fn image_order(doc: &Document) -> std::sync::Arc<ImageOrder> {
    doc.fact((), || {
        let mut by_end: Vec<u32> = (0..doc.images.len() as u32).collect();
        let mut by_start = by_end.clone();
        by_end.sort_by_key(|&i| doc.images[i as usize].range.end);
        by_start.sort_by_key(|&i| doc.images[i as usize].range.start);
        ImageOrder { by_end, by_start }
    })
}

/// The images separated from `span` by white space alone (or touching it): those that end at
/// or before its start, from the nearest back while the gap stays blank, and those that start
/// at or after its end, from the nearest on. (A gap that holds anything else holds it for every
/// image further away too.)
fn touching_images<'d>(
    doc: &'d Document,
    span: &Range<usize>,
) -> impl Iterator<Item = &'d crate::document::Image> {
    let order = image_order(doc);
    let source = &*doc.source;
    // `Some(false)`: the gap holds something else; `None`: not a gap at character boundaries
    // (no image there touches, but one further away still may).
    let blank = |r: Range<usize>| source.get(r).map(|g| g.chars().all(char::is_whitespace));
    let mut out: Vec<&'d crate::document::Image> = Vec::new();
    let before = order
        .by_end
        .partition_point(|&i| doc.images[i as usize].range.end <= span.start);
    for &i in order.by_end[..before].iter().rev() {
        let im = &doc.images[i as usize];
        match blank(im.range.end..span.start) {
            Some(true) => out.push(im),
            Some(false) => break,
            None => {}
        }
    }
    let after = order
        .by_start
        .partition_point(|&i| doc.images[i as usize].range.start < span.end);
    for &i in &order.by_start[after..] {
        let im = &doc.images[i as usize];
        match blank(span.end..im.range.start) {
            Some(true) => out.push(im),
            Some(false) => break,
            None => {}
        }
    }
    out.into_iter()
}

/// The images wholly inside `r`.
fn images_within<'d>(
    doc: &'d Document,
    r: &Range<usize>,
) -> impl Iterator<Item = &'d crate::document::Image> {
    let order = image_order(doc);
    let first = order
        .by_start
        .partition_point(|&i| doc.images[i as usize].range.start < r.start);
    let mut out: Vec<&'d crate::document::Image> = Vec::new();
    for &i in &order.by_start[first..] {
        let im = &doc.images[i as usize];
        if im.range.start > r.end {
            break;
        }
        if im.range.end <= r.end {
            out.push(im);
        }
    }
    out.into_iter()
}

/// An image that illustrates rather than shows data: its alt text describes a scene ("An
/// emergency department entrance") and neither it, its title nor its file name names a chart,
/// a table, a benchmark or results (`[statistic] image_evidence` and `evidence_nouns`), and it
/// holds no figure.
fn is_photo(im: &crate::document::Image) -> bool {
    let data = &*DATA;
    // No alt text: it may be anything. Figures in it ("CPU time of 10k series"): a chart.
    if im.alt.trim().is_empty() || im.alt.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let names_data = [im.alt.as_str(), im.title.as_str(), im.url.as_str()]
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .any(|w| data.evidence_nouns.contains(&w) || data.image_evidence.contains(&w));
    !names_data
}

/// Source between two blocks that holds a table (a row of pipes) or evidence markup.
fn shows_evidence(gap: &str) -> bool {
    let lower = gap.to_lowercase();
    DATA.evidence_markup
        .iter()
        .any(|m| lower.contains(m.as_str()))
        || gap.lines().any(|l| {
            let t = l.trim();
            t.len() > 1 && (t.starts_with('|') || t.ends_with('|'))
        })
}

/// A paragraph that is only a shortcode or an embed (`{{< chart src="x.csv" >}}`).
fn is_embed(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("{{<") || t.starts_with("{{%")) && t.ends_with("}}")
}

/// Whether the sentence points at shown evidence: "the table above", "this chart".
pub(crate) fn refers_to_evidence(text: &str) -> bool {
    // Word by word, without a lower-case copy of each: this is asked of every sentence with a
    // figure. Only ASCII letters lower-case to these determiners (no character beyond ASCII
    // folds to one of their letters), so the ASCII comparison is exact.
    let mut after_determiner = false;
    words(text).any(|(_, w)| {
        let refers = after_determiner && DATA.evidence_nouns.contains(&lower_case(w));
        after_determiner = ["the", "this", "that", "these", "following"]
            .iter()
            .any(|d| w.eq_ignore_ascii_case(d));
        refers
    })
}

/// The H1 that is the article's title: the only H1, opening the body (no prose before it).
/// Blogs that render the front-matter title use H1s for sections; those are not titles.
pub(crate) fn title_h1(doc: &Document) -> Option<&crate::document::Heading> {
    let mut h1s = doc.h1s();
    let h1 = h1s.next()?;
    if h1s.next().is_some() || doc.headings.first().is_some_and(|h| h.level != 1) {
        return None;
    }
    let prose_before = doc.blocks.iter().any(|b| b.range().start < h1.range.start);
    (!prose_before).then_some(h1)
}

/// Whether the article reports its own survey or results: the title (or H1) names a survey or
/// results and the text speaks of respondents or of what "we asked". Its figures are its own.
pub(crate) fn reports_own_survey(doc: &Document) -> bool {
    let title = doc.title().unwrap_or_default().to_lowercase();
    if !["survey", "results", "census", "poll"]
        .iter()
        .any(|w| title.contains(w))
    {
        return false;
    }
    doc.blocks.iter().any(|b| {
        let t = b.text.text.to_lowercase();
        [
            "respondents",
            "we asked",
            "we received",
            "our survey",
            "this year's survey",
            "participants",
        ]
        .iter()
        .any(|w| t.contains(w))
    })
}

/// The superlative head of a base adjective: "-est" for one-syllable words ("fast" ->
/// "fastest", "large" -> "largest", "big" -> "biggest") and "-y" words ("easy" -> "easiest"),
/// "most <word>" for longer ones ("reliable" -> "most reliable").
fn superlative_form(base: &str) -> Option<String> {
    let b = base.trim().to_lowercase();
    let vowel = |c: char| "aeiou".contains(c);
    let chars: Vec<char> = b.chars().collect();
    let n = chars.len();
    if n < 2 || !b.is_ascii() {
        return None;
    }
    // Vowel groups, less a silent final "e" ("large", but not "simple").
    let groups = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| vowel(c) && (i == 0 || !vowel(chars[i - 1])))
        .count();
    let syllables = groups - usize::from(b.ends_with('e') && !b.ends_with("le") && groups > 1);
    Some(
        if b.ends_with('y') && !vowel(chars[n - 2]) && syllables <= 2 {
            format!("{}iest", &b[..n - 1])
        } else if syllables == 2 && b.ends_with("le") {
            format!("{b}st")
        } else if syllables > 1 {
            format!("most {b}")
        } else if b.ends_with('e') {
            format!("{b}st")
        } else if n >= 3
            && !vowel(chars[n - 1])
            && !"wxy".contains(chars[n - 1])
            && vowel(chars[n - 2])
            && !vowel(chars[n - 3])
        {
            format!("{b}{}est", chars[n - 1])
        } else {
            format!("{b}est")
        },
    )
}

/// Lower case, punctuation dropped, whitespace collapsed (as [`super::structure`] compares
/// headings).
pub(crate) fn normalize(text: &str) -> String {
    super::structure::normalize_heading(text)
}

/// Every regex of the claims rules (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    let mut all = vec![CITATION.get()];
    all.extend(unsourced_statistic::quick_regexes());
    all.extend(unsupported_superlative::quick_regexes());
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;
    use crate::finding::Dimension;

    fn doc(src: &str) -> Document {
        Document::parse(src.to_string()).unwrap()
    }

    #[test]
    fn sources_are_recognised() {
        for text in [
            "According to Gartner, it grew.",
            "A 2023 McKinsey survey found it grew.",
            "It grew ([report](https://example.com)).",
            "It grew.[^1]\n\n[^1]: Gartner.",
            "It grew (Source: IDC).",
            "It grew (Smith et al., 2021).",
            "In our tests it grew.",
            "Gartner estimates it grew.",
        ] {
            let d = doc(text);
            let sents = sentences(&d);
            assert!(names_source(&d, &sents[0]), "{text}");
        }
        for text in [
            "Studies show it grew.",
            "It grew a lot.",
            "The survey was long.",
            "Experts say it grew in March.",
            "Research shows it grew.",
        ] {
            let d = doc(text);
            let sents = sentences(&d);
            let sourced = names_source(&d, &sents[0]);
            // "The survey" is first-party wording: the article reports its own survey.
            assert_eq!(sourced, text.starts_with("The survey"), "{text}");
        }
    }

    #[test]
    fn neighbours_in_the_same_section_count() {
        let d = doc("It grew 40%. According to IDC, that is normal.\n\n## Next\n\nIt fell 10%.\n");
        let sents = sentences(&d);
        assert!(sourced_near(&d, &sents, 0));
        assert!(!sourced_near(&d, &sents, 2));
    }

    /// Odd input never panics.
    #[test]
    fn superlative_forms() {
        let forms: Vec<_> = [
            "fast", "large", "easy", "big", "thin", "great", "reliable", "simple",
        ]
        .iter()
        .map(|a| superlative_form(a).unwrap())
        .collect();
        assert_eq!(
            forms,
            [
                "fastest",
                "largest",
                "easiest",
                "biggest",
                "thinnest",
                "greatest",
                "most reliable",
                "simplest"
            ]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        let linter = Linter::with_config(Config::default());
        for text in [
            "€3bn… $ 5 million, 1 in 4—people, 3× faster, 50 %, 12,000,000 users, #1™ tool.",
            "---\ntitle: “5” Ways | — \n---\n# 5\n\nStudies show “the best” — our #1 platform’s 40%.",
            "---\ntitle: ''\n---\n# \n",
            "Experts agree.[^x]\n\n[^x]: 40% of them.",
        ] {
            linter
                .lint_source("odd.md".as_ref(), text.to_string())
                .expect("lints");
        }
    }

    const ARTICLE: &str = "---\ntitle: 5 Ways to Grow Revenue\ndate: 2026-02-18\n---\n\
# 5 Ways to Grow Revenue\n\nRevenue matters to every team.\n\n\
## Price better\n\nCompanies that raise prices grow 40% faster.\n\n\
## Sell more\n\nSell more.\n\n## Conclusion\n\nGrow.\n";

    /// The whole linter: claims findings feed factual_consistency.
    #[test]
    fn linter_reports_claims_in_factual_consistency() {
        let report = Linter::with_config(Config::default())
            .lint_source("a.md".as_ref(), ARTICLE.to_string())
            .unwrap();
        let rules: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.dimension == Dimension::FactualConsistency)
            .map(|f| f.rule.as_str())
            .collect();
        assert!(rules.contains(&"claims/unsourced-statistic"), "{rules:?}");
        assert!(rules.contains(&"claims/count-mismatch"), "{rules:?}");
        assert!(report.rubric.dimensions[&Dimension::FactualConsistency] < 100);
        // claims are warnings, never gates
        assert!(!report.hard_gates.iter().any(|g| g.starts_with("claims/")));
    }

    /// The first-byte and length tests never turn away a listed word, and the set answers as
    /// a hash set does for listed words, near misses, the empty word and long words.
    #[test]
    fn word_sets_answer_as_hash_sets_do() {
        let listed: Vec<String> = [
            "experts",
            "researchers",
            "a",
            "études",
            "ü",
            &"x".repeat(70),
        ]
        .map(String::from)
        .to_vec();
        let set = WordSet::new(listed.clone());
        let hashed: std::collections::HashSet<&str> = listed.iter().map(String::as_str).collect();
        let mut probes: Vec<String> = listed.clone();
        probes.extend(
            [
                "",
                "expert",
                "expertss",
                "Experts",
                "b",
                "études!",
                "u",
                &"x".repeat(71),
                "xx",
            ]
            .map(String::from),
        );
        for p in &probes {
            assert_eq!(set.contains(p), hashed.contains(p.as_str()), "{p:?}");
        }
        assert!(DATA.vague_subjects.contains("experts"));
        assert!(!WordSet::default().contains(""));
    }

    /// `may_hold_lower_of` never turns away a word whose lower case is listed, whatever its
    /// case or script, and turns away most other ASCII words: random words of listed words'
    /// pieces in mixed case, with the Kelvin sign, typographic apostrophes and other letters.
    #[test]
    fn the_written_word_test_turns_away_no_listed_word() {
        let set = WordSet::new(
            ["folks", "experts", "data", "kin", "people's"]
                .map(String::from)
                .to_vec(),
        );
        let pieces = [
            "fol", "k", "K", "\u{212A}", "s", "S", "ex", "PERTS", "Data", "’", "'", "é", "in",
            "people", "x", "İ",
        ];
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        let (mut listed, mut turned_away) = (0, 0);
        let known = ["FOL\u{212A}S", "people’s", "PEOPLE’S", "Data", "EXPERTS"];
        let random = (0..20_000).map(|_| {
            (0..1 + rng.below(4))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect::<String>()
        });
        for word in known.map(String::from).into_iter().chain(random) {
            let lower = word.to_lowercase().replace('’', "'");
            let may = set.may_hold_lower_of(word.as_bytes());
            if set.contains(&lower) {
                listed += 1;
                assert!(may, "{word:?} lower-cases to the listed {lower:?}");
            }
            turned_away += usize::from(!may);
        }
        assert!(listed > 50 && turned_away > 5_000, "{listed} {turned_away}");
    }

    /// `vague_attribution::subject_starts` finds subjects with a case-insensitive phrase
    /// scan, which is exact only for words of ASCII letters.
    #[test]
    fn vague_subjects_are_ascii_lowercase_words() {
        let raw: RawData = crate::embedded::read("rules/data/claims.toml", DATA_JSON);
        for word in raw.vague.subjects.iter().chain(&raw.vague.crowd_subjects) {
            assert!(
                !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
                "{word:?}"
            );
        }
    }
}
