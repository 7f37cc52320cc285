//! Temporal rules (dimension `temporal_correctness`): statements whose tense or freshness does
//! not fit the article's reference date (`ctx.reference_date`: `--today`, else the front-matter
//! `date`, else `[brief] current_date`, else the clock).
//!
//! The rules share a small clause model: a sentence (or a heading) is split into tokens (words,
//! commas, breaks); breaks (`; : ( ) — – ? !`, a spaced hyphen, and words such as "but",
//! "while", "although") end a clause. The word lists live in `rules/data/temporal.toml`.

mod ai_disclaimer;
mod future_as_past;
mod past_year_as_future;
mod relative_time;
mod stale_as_of;

pub use ai_disclaimer::AiDisclaimer;
pub use future_as_past::FutureAsPast;
pub use past_year_as_future::PastYearAsFuture;
pub use relative_time::RelativeTime;
pub use stale_as_of::StaleAsOf;

use super::DateSource;
use crate::document::{Document, PlainText, SentenceScope};
use crate::text::memo::{MemoList, SliceMemo};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

const DATA_JSON: &str = crate::embedded_json!("rules/data/temporal.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    year: RawYear,
    future: RawFuture,
    past: RawPast,
    clause: RawClause,
    stale: RawStale,
    ai_disclaimer: RawAi,
    relative: Vec<RelativePhrase>,
    relative_skip: RawRelativeSkip,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    clause_prepositions: Vec<String>,
    clause_leads: Vec<String>,
    future_prepositions: Vec<String>,
    past_prepositions: Vec<String>,
    modifiers: Vec<String>,
    future_adjectives: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFuture {
    markers: Vec<String>,
    reporting_verbs: Vec<String>,
    hypothetical: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPast {
    irregular: Vec<String>,
    future_oriented: Vec<String>,
    not_past_ed: Vec<String>,
    ed_blockers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    boundaries: Vec<String>,
    subordinators: Vec<String>,
    time_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStale {
    as_of: Vec<String>,
    latest_adjectives: Vec<String>,
    latest_nouns: Vec<String>,
    skip_if_contains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAi {
    patterns: Vec<String>,
    needles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelativeSkip {
    before: Vec<String>,
}

/// A relative time phrase and the explicit form its help suggests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelativePhrase {
    pub phrase: String,
    pub suggest: String,
    /// Words that, right after the phrase, make it something else ("at the moment of").
    #[serde(default)]
    pub skip_next: Vec<String>,
    /// Skip the phrase before an `-ing` word ("currently running": the state of a process
    /// when a command runs, not a claim about the world).
    #[serde(default)]
    pub skip_next_ing: bool,
}

type Set = HashSet<String>;

/// The word lists of `rules/data/temporal.toml`, as sets (and marker word sequences).
pub(crate) struct Data {
    pub clause_prepositions: Set,
    pub clause_leads: Set,
    pub future_prepositions: Set,
    pub past_prepositions: Set,
    pub modifiers: Set,
    pub future_adjectives: Set,
    /// Future markers as word sequences.
    pub markers: Markers,
    pub reporting_verbs: Set,
    pub hypothetical: Set,
    pub irregular_past: Set,
    pub future_oriented: Set,
    pub not_past_ed: Set,
    pub ed_blockers: Set,
    pub boundaries: Set,
    pub subordinators: Set,
    pub time_words: Set,
    pub stale_as_of: Vec<String>,
    pub latest_adjectives: Vec<String>,
    pub latest_nouns: Vec<String>,
    pub stale_skip: Vec<String>,
    pub ai_patterns: Vec<String>,
    pub ai_needles: Vec<String>,
    pub relative: Vec<RelativePhrase>,
    pub relative_skip_before: Set,
}

fn set(words: Vec<String>) -> Set {
    words.into_iter().map(|w| w.to_lowercase()).collect()
}

pub(crate) static DATA: LazyLock<Data> = LazyLock::new(|| {
    let raw: RawData = crate::embedded::read("rules/data/temporal.toml", DATA_JSON);
    let mut markers: Vec<Vec<String>> = raw
        .future
        .markers
        .iter()
        .map(|m| m.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    markers.sort_by_key(|m: &Vec<String>| std::cmp::Reverse(m.len()));
    let markers = Markers::new(markers);
    Data {
        clause_prepositions: set(raw.year.clause_prepositions),
        clause_leads: set(raw.year.clause_leads),
        future_prepositions: set(raw.year.future_prepositions),
        past_prepositions: set(raw.year.past_prepositions),
        modifiers: set(raw.year.modifiers),
        future_adjectives: set(raw.year.future_adjectives),
        markers,
        reporting_verbs: set(raw.future.reporting_verbs),
        hypothetical: set(raw.future.hypothetical),
        irregular_past: set(raw.past.irregular),
        future_oriented: set(raw.past.future_oriented),
        not_past_ed: set(raw.past.not_past_ed),
        ed_blockers: set(raw.past.ed_blockers),
        boundaries: set(raw.clause.boundaries),
        subordinators: set(raw.clause.subordinators),
        time_words: set(raw.clause.time_words),
        stale_as_of: raw.stale.as_of,
        latest_adjectives: raw.stale.latest_adjectives,
        latest_nouns: raw.stale.latest_nouns,
        stale_skip: raw.stale.skip_if_contains,
        ai_patterns: raw.ai_disclaimer.patterns,
        ai_needles: raw.ai_disclaimer.needles,
        relative: raw.relative,
        relative_skip_before: set(raw.relative_skip.before),
    }
});

/// A unit of text the temporal rules read: one sentence of a prose block, or one heading.
pub(crate) struct Unit<'d> {
    pub text: &'d PlainText,
    /// The id of `text` in the phrase scan's numbering ([`crate::text::phrases::doc_text`]).
    pub text_id: u32,
    /// Byte range of the unit in `text.text`.
    pub range: Range<usize>,
    pub in_blockquote: bool,
    /// Index into [`Document::sections`] of the section the unit belongs to (a heading: the
    /// section it opens).
    pub section: usize,
}

impl Unit<'_> {
    pub fn str(&self) -> &str {
        &self.text.text[self.range.clone()]
    }

    /// Source range of a range given relative to the unit's start.
    pub fn source(&self, local: Range<usize>) -> Range<usize> {
        let base = self.range.start;
        self.text
            .range_to_source(base + local.start..base + local.end)
    }
}

/// Every sentence of the prose (table cells excluded: they hold data, not statements) and
/// every heading, in document order of kind (sentences, then headings).
pub(crate) fn units(doc: &Document) -> impl Iterator<Item = Unit<'_>> {
    let sentences = doc
        .prose()
        .sentences_in(doc, SentenceScope::ALL)
        .map(|s| Unit {
            text: &s.block.text,
            text_id: s.sentence.block as u32,
            range: s.sentence.range.clone(),
            in_blockquote: s.block.in_blockquote,
            section: s.block.section,
        });
    let headings = doc
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s.heading?)))
        .map(|(section, h)| Unit {
            text: &doc.headings[h].text,
            text_id: crate::text::phrases::heading_text(doc, h),
            range: 0..doc.headings[h].text.text.len(),
            in_blockquote: false,
            section,
        });
    sentences.chain(headings)
}

/// Whether the heading of a section, or of a section it is part of (a heading of a lower
/// level before it), names a year: "## 2022-September", "### What changed in 2023".
pub(crate) fn section_dated(doc: &Document, section: usize) -> bool {
    let mut level = u8::MAX;
    for s in doc.sections[..=section.min(doc.sections.len().saturating_sub(1))]
        .iter()
        .rev()
    {
        let Some(h) = s.heading.map(|h| &doc.headings[h]) else {
            continue;
        };
        if h.level >= level {
            continue;
        }
        level = h.level;
        if tokenize(&h.text.text).iter().any(|t| t.year.is_some()) {
            return true;
        }
        if level == 1 {
            break;
        }
    }
    false
}

/// A year written as a word: four ASCII digits from 1900 to 2100.
pub(crate) fn year_value(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = word.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// Whether `text` may hold a year other than `except` (a cheap filter before tokenizing).
/// Every year starts with `1` or `2`: memchr jumps between those (a test of every window of
/// four bytes was 2% of a reference site's run).
pub(crate) fn has_year_other_than(text: &str, except: i32) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        let Some(w) = b.get(i..i + 4) else {
            return false;
        };
        (w[0] == b'1' && w[1] == b'9' || w[0] == b'2' && (w[1] == b'0' || w[1] == b'1'))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && std::str::from_utf8(w)
                .ok()
                .and_then(year_value)
                .is_some_and(|y| y != except)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    Comma,
    Break,
}

/// A token of a unit: a word (lower-cased), a comma, or a clause break.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub kind: TokKind,
    /// Byte range in the unit's text.
    pub range: Range<usize>,
    pub lower: String,
    /// Inside quotation marks: someone else's words.
    pub quoted: bool,
    /// A year that is a valid standalone year (not a version, an amount, a range end...).
    pub year: Option<i32>,
}

impl Tok {
    pub fn is(&self, word: &str) -> bool {
        self.kind == TokKind::Word && self.lower == word
    }
}

/// Split a unit into tokens. Quote marks toggle `quoted`; years are recognised only when they
/// stand alone (not `$2024`, `2024%`, `v2024`, `2024.1`, `2019-2022`, `#2024`).
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let data = &*DATA;
    let mut out: Vec<Tok> = Vec::new();
    let mut quoted = false;
    let pieces: Vec<(usize, &str)> = crate::document::word_bounds(text).collect();
    for (i, &(at, piece)) in pieces.iter().enumerate() {
        let range = at..at + piece.len();
        let mut push = |kind: TokKind, lower: String, year: Option<i32>, quoted: bool| {
            out.push(Tok {
                kind,
                range: range.clone(),
                lower,
                quoted,
                year,
            });
        };
        if piece.chars().any(char::is_alphanumeric) {
            let lower = piece.to_lowercase();
            if data.boundaries.contains(&lower) {
                push(TokKind::Break, lower, None, quoted);
                continue;
            }
            let year = year_value(piece).filter(|_| standalone_year(text, &pieces, i));
            push(TokKind::Word, lower, year, quoted);
            continue;
        }
        match piece {
            "\"" => quoted = !quoted,
            "\u{201c}" => quoted = true,
            "\u{201d}" => quoted = false,
            "," => push(TokKind::Comma, ",".into(), None, quoted),
            ";" | ":" | "(" | ")" | "[" | "]" | "\u{2014}" | "\u{2013}" | "?" | "!"
            | "\u{2026}" => push(TokKind::Break, piece.into(), None, quoted),
            "-" => {
                let spaced = |j: Option<usize>| {
                    j.and_then(|j| pieces.get(j))
                        .is_none_or(|(_, p)| p.chars().all(char::is_whitespace))
                };
                if spaced(i.checked_sub(1)) && spaced(Some(i + 1)) {
                    push(TokKind::Break, "-".into(), None, quoted);
                }
            }
            _ => {}
        }
    }
    out
}

/// A four-digit word is a year unless the characters around it make it something else.
fn standalone_year(text: &str, pieces: &[(usize, &str)], i: usize) -> bool {
    let (at, piece) = pieces[i];
    let before = text[..at].chars().next_back();
    let after = text[at + piece.len()..].chars().next();
    if matches!(
        before,
        Some('$' | '€' | '£' | '¥' | '#' | '.' | '/' | '\\' | '@' | '_')
    ) {
        return false;
    }
    if matches!(after, Some('%' | '/' | '\\' | '_' | '@')) {
        return false;
    }
    // 2024.1 (a version), 2019-2022 / 2019–22 (a range): not one year.
    let next_two: String = text[at + piece.len()..].chars().take(2).collect();
    let mut chars = next_two.chars();
    if let (Some(c), Some(d)) = (chars.next(), chars.next())
        && matches!(c, '.' | '-' | '\u{2013}')
        && d.is_ascii_digit()
    {
        // An ISO date (2024-03-01) is still a year.
        let rest = &text[at + piece.len() + c.len_utf8()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let iso = c == '-' && digits == 2 && rest.as_bytes().get(2) == Some(&b'-');
        if !iso {
            return false;
        }
    }
    if let Some('-' | '\u{2013}') = before {
        // the end of a range (2019-2022), unless it is "mid-2025".
        let word_before = text[..at - before.map_or(0, char::len_utf8)]
            .split(|c: char| !c.is_alphanumeric())
            .next_back()
            .unwrap_or("");
        if word_before.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    true
}

/// Every clause of every unit outside block quotes whose text names a year other than
/// `reference`: the shared walk of the year-tense rules. `visit` gets the unit, its text, all
/// its tokens (for sentence-wide checks) and the clause's tokens.
pub(crate) fn for_each_year_clause<'d>(
    doc: &'d Document,
    reference: i32,
    mut visit: impl FnMut(&Unit<'d>, &str, &[Tok], &[Tok]),
) {
    let year_units = doc.fact(YearUnits(reference), || YearUnits::of(doc, reference));
    let mut next = year_units.iter().peekable();
    for (i, unit) in units(doc).enumerate() {
        let Some((_, tokens)) = next.next_if(|(at, _)| *at as usize == i) else {
            continue;
        };
        let text = unit.str();
        for (_, clause) in clauses_with_offsets(tokens) {
            visit(&unit, text, tokens, clause);
        }
    }
}

/// The units the year-tense rules read (outside block quotes, naming a year other than the
/// reference year's) with their tokens: a document fact for the reference year, so that the
/// two rules tokenize each such unit once between them. Only those units are kept (in a long
/// article most units name no year).
#[derive(PartialEq)]
struct YearUnits(i32);

impl YearUnits {
    /// The index of each such unit in [`units`], and its tokens.
    fn of(doc: &Document, reference: i32) -> Vec<(u32, MemoList<Tok>)> {
        units(doc)
            .enumerate()
            .filter(|(_, unit)| !unit.in_blockquote && has_year_other_than(unit.str(), reference))
            .map(|(i, unit)| (i as u32, year_unit_tokens(unit.str())))
            .collect()
    }
}

/// [`tokenize`] of a unit that names a year. The language server asks again after every edit
/// about units it tokenized before: a memo keeps them there (memos are off in a batch).
fn year_unit_tokens(text: &str) -> MemoList<Tok> {
    static TOKENS: SliceMemo<Tok> = SliceMemo::new();
    TOKENS.get_or_sized(
        text,
        |tokens| tokens.iter().map(|t| t.lower.len()).sum::<usize>(),
        || tokenize(text),
    )
}

/// Clauses with the index of their first token in `tokens`.
pub(crate) fn clauses_with_offsets(tokens: &[Tok]) -> Vec<(usize, &[Tok])> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokKind::Break {
            if i > start {
                out.push((start, &tokens[start..i]));
            }
            start = i + 1;
        }
    }
    if tokens.len() > start {
        out.push((start, &tokens[start..]));
    }
    out
}

/// How the report names where the reference date came from.
pub(crate) fn source_label(source: DateSource) -> &'static str {
    match source {
        DateSource::Cli => "--today",
        DateSource::FrontMatter => "the front-matter date",
        DateSource::Path => "the date in the file name or page address",
        DateSource::Config => "[brief] current_date",
        DateSource::Clock => "the system clock; set `date` in the front matter or --today",
    }
}

/// Index ranges of the words of a clause (commas skipped), as a list of token indices.
pub(crate) fn word_indices(clause: &[Tok]) -> Vec<usize> {
    clause
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == TokKind::Word)
        .map(|(i, _)| i)
        .collect()
}

/// A future marker that starts at word `w` of `words` (indices into `clause`): the number of
/// words it spans.
pub(crate) fn marker_at(clause: &[Tok], words: &[usize], w: usize) -> Option<usize> {
    let first = &clause[words[w]].lower;
    // we'll, they'll, it'll
    if first.len() > 3 && (first.ends_with("'ll") || first.ends_with("\u{2019}ll")) {
        return Some(1);
    }
    let markers = &DATA.markers;
    // "it's expected to", "they're set to": the copula is inside the first word.
    let contracted = ["'s", "\u{2019}s", "'re", "\u{2019}re"]
        .iter()
        .any(|c| first.len() > c.len() && first.ends_with(c));
    if contracted {
        for m in markers.after_copula() {
            if w + 1 + m.len() <= words.len()
                && m.iter()
                    .zip(&words[w + 1..w + 1 + m.len()])
                    .all(|(a, &b)| clause[b].lower == *a)
            {
                return Some(1 + m.len());
            }
        }
    }
    for m in markers.starting_with(first) {
        if w + m.len() <= words.len()
            && m.iter()
                .zip(&words[w..w + m.len()])
                .all(|(a, &b)| clause[b].lower == *a)
        {
            // "will" as a noun: "free will", "the will of", "at will", "goodwill".
            if m.len() == 1 && m[0] == "will" && w > 0 {
                let prev = clause[words[w - 1]].lower.as_str();
                if matches!(
                    prev,
                    "free" | "the" | "a" | "at" | "good" | "ill" | "own" | "his"
                ) || matches!(prev, "her" | "their" | "your" | "my" | "our" | "political")
                {
                    return None;
                }
            }
            // "was going to" / "were going to" is the future in the past.
            if m.first().is_some_and(|f| f == "going")
                && w > 0
                && matches!(clause[words[w - 1]].lower.as_str(), "was" | "were")
            {
                return None;
            }
            return Some(m.len());
        }
    }
    None
}

/// The future markers of `rules/data/temporal.toml` as lower-case word sequences, longest
/// first, indexed by their first word: [`marker_at`] asks about every word of every clause
/// that names a year, and a scan of every marker for each was a third of
/// `temporal/future-as-past` on a generated article.
pub(crate) struct Markers {
    /// Longest first; none empty.
    all: Vec<Vec<String>>,
    /// Indices into `all`, in its order, of the markers that start with a word.
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Indices into `all`, in its order, of the markers of more than one word whose first is
    /// "is" or "are".
    copula: Vec<usize>,
}

impl Markers {
    /// `all`: longest first. An empty marker (which would match anywhere) is left out.
    fn new(all: Vec<Vec<String>>) -> Markers {
        let all: Vec<Vec<String>> = all.into_iter().filter(|m| !m.is_empty()).collect();
        let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        let mut copula = Vec::new();
        for (i, m) in all.iter().enumerate() {
            by_first.entry(m[0].clone()).or_default().push(i);
            if m.len() > 1 && (m[0] == "is" || m[0] == "are") {
                copula.push(i);
            }
        }
        Markers {
            all,
            by_first,
            copula,
        }
    }

    /// The markers whose first word is `word`, longest first.
    fn starting_with<'m>(&'m self, word: &str) -> impl Iterator<Item = &'m [String]> + 'm {
        let indices = self.by_first.get(word).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| self.all[i].as_slice())
    }

    /// What follows "is" or "are" in the markers of more than one word that start with one,
    /// longest first: the rest of a marker after a contracted copula ("it's expected to").
    fn after_copula(&self) -> impl Iterator<Item = &[String]> + '_ {
        self.copula.iter().map(|&i| &self.all[i][1..])
    }
}

/// Whether word `w` (index into `words`) is a past-tense verb: an irregular past form, or a
/// regular `-ed` form that does not follow a word that makes it an adjective or participle
/// ("the most advanced", "has launched", "will be released"), nor open the clause ("Automated
/// tools will ..."), nor follow a hyphen ("AI-powered").
pub(crate) fn is_past_verb(text: &str, clause: &[Tok], words: &[usize], w: usize) -> bool {
    let data = &*DATA;
    let tok = &clause[words[w]];
    let word = tok.lower.as_str();
    if data.irregular_past.contains(word) {
        return true;
    }
    if !word.ends_with("ed") || word.len() < 4 || data.not_past_ed.contains(word) {
        return false;
    }
    if !word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    let Some(prev) = w.checked_sub(1).map(|p| &clause[words[p]]) else {
        return false;
    };
    if data.ed_blockers.contains(prev.lower.as_str()) || prev.year.is_some() {
        return false;
    }
    // "AI-powered": a compound adjective.
    if text[..tok.range.start].ends_with('-') {
        return false;
    }
    true
}

/// Whether the unit holds a reporting verb in the past (not after a present copula): the
/// future in it is reported speech ("analysts predicted that ... will", "..., he said").
pub(crate) fn reported(tokens: &[Tok]) -> bool {
    let data = &*DATA;
    let mut prev: Option<&str> = None;
    for t in tokens {
        if t.kind != TokKind::Word {
            continue;
        }
        if data.reporting_verbs.contains(t.lower.as_str())
            && !prev.is_some_and(|p| {
                matches!(p, "is" | "are" | "am" | "be" | "being" | "been")
                    || p.ends_with("'s")
                    || p.ends_with("'re")
                    || p.ends_with("\u{2019}s")
                    || p.ends_with("\u{2019}re")
            })
        {
            return true;
        }
        prev = Some(t.lower.as_str());
    }
    false
}

/// Whether any word of the clause makes it hypothetical ("if", "would", "imagine", ...).
pub(crate) fn hypothetical(clause: &[Tok]) -> bool {
    clause
        .iter()
        .any(|t| t.kind == TokKind::Word && DATA.hypothetical.contains(t.lower.as_str()))
}

/// If a year at word `y` is anchored by a preposition in `preps` (with time modifiers between,
/// as in "by the end of 2025", "in March 1, 2025", "by mid-2025"), the word index of that
/// preposition.
pub(crate) fn anchor_before(
    clause: &[Tok],
    words: &[usize],
    y: usize,
    preps: &Set,
) -> Option<usize> {
    let data = &*DATA;
    // "In the 2024 edition": a year right after an article names a thing, not a time.
    if y > 0 && matches!(clause[words[y - 1]].lower.as_str(), "the" | "a" | "an") {
        return None;
    }
    let mut w = y;
    let mut skipped = 0;
    while w > 0 {
        w -= 1;
        let word = clause[words[w]].lower.as_str();
        if preps.contains(word) {
            return Some(w);
        }
        let day = word
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .is_ok_and(|d| (1..=31).contains(&d))
            && word.len() <= 4;
        if (data.modifiers.contains(word) || day) && skipped < 5 {
            skipped += 1;
            continue;
        }
        return None;
    }
    None
}

/// The explicit year, month and neighbours used in help texts.
pub(crate) fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// Whether byte `at` of `text` lies inside quotation marks (straight or curly).
pub(crate) fn inside_quotes(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let straight = before.matches('"').count();
    let open = before.matches('\u{201c}').count();
    let close = before.matches('\u{201d}').count();
    straight % 2 == 1 || open > close
}

/// Every regex of the temporal rules (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static crate::text::quick_regex::QuickRegex> {
    let mut all = ai_disclaimer::quick_regexes();
    all.extend(stale_as_of::quick_regexes());
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;
    use crate::finding::Dimension;

    #[test]
    fn data_parses_and_markers_are_longest_first() {
        let d = &*DATA;
        let lengths: Vec<usize> = d.markers.all.iter().map(Vec::len).collect();
        assert!(lengths.windows(2).all(|w| w[0] >= w[1]), "{lengths:?}");
        assert!(lengths.iter().all(|&n| n > 0));
        // The index keeps the order and finds every marker by its first word.
        for (i, m) in d.markers.all.iter().enumerate() {
            assert!(
                d.markers
                    .starting_with(&m[0])
                    .any(|n| std::ptr::eq(n, &d.markers.all[i][..]))
            );
        }
        let will: Vec<usize> = d
            .markers
            .starting_with("will")
            .map(<[String]>::len)
            .collect();
        assert!(!will.is_empty() && will.windows(2).all(|w| w[0] >= w[1]));
        assert!(d.clause_prepositions.contains("by"));
        assert!(!d.relative.is_empty());
    }

    #[test]
    fn years_stand_alone() {
        let years = |t: &str| -> Vec<i32> { tokenize(t).iter().filter_map(|t| t.year).collect() };
        assert_eq!(
            years("In 2025, by mid-2026 and on 2024-03-01"),
            vec![2025, 2026, 2024]
        );
        assert!(years("v2025 $2025 2025% 2019-2022 2024.1 #2024 1899 12345").is_empty());
        assert!(has_year_other_than("by 2024.", 2026));
        assert!(!has_year_other_than("in 2026 and 12345", 2026));
        // Candidates at the very start and end, and a `1` or `2` too near the end to start one.
        assert!(has_year_other_than("1999", 2026));
        assert!(has_year_other_than("x 2019", 2026));
        assert!(!has_year_other_than("x 201", 2026));
        assert!(!has_year_other_than("22019 2", 2026));
        assert!(has_year_other_than("a2019b 2", 2026));
        assert!(!has_year_other_than("1899 2101 2026", 2026));
    }

    #[test]
    fn clauses_break_at_punctuation_and_conjunctions() {
        let toks = tokenize("In 2024 sales fell; but next year - they will rise (maybe)");
        let n: Vec<usize> = clauses_with_offsets(&toks)
            .iter()
            .map(|(_, c)| c.len())
            .collect();
        assert_eq!(n, vec![4, 2, 3, 1]);
        let q = tokenize("He said \"2020 will be big\" then");
        assert!(q.iter().find(|t| t.year == Some(2020)).unwrap().quoted);
    }

    /// Odd input never panics: multi-byte dashes and quotes next to years, emoji, empty text.
    #[test]
    fn odd_input_does_not_panic() {
        let odd = [
            "In 2025–2026 we will ship. In 2025—we will. By 2025\u{2013}26, it’ll be done.",
            "“In 2024 we will” — 2024’s 😀2025😀 will be ‘2023’ in 2022… By ２０２５ it will.",
            "2025",
            "# 2025\n\n> 2024 will\n\n| 2023 | will |\n|---|---|\n| a | b |\n",
            "As of 2020–21, as of 2019—and the latest version (2018–2019) is 2017-.",
            "This year’s 2025 recently currently at the moment",
            "",
        ];
        let linter = Linter::with_config(Config::default());
        for text in odd {
            let src = format!("---\ndate: 2026-02-18\n---\n{text}\n");
            linter.lint_source("odd.md".as_ref(), src).expect("lints");
            linter
                .lint_source("odd.md".as_ref(), text.to_string())
                .expect("lints");
        }
    }

    const DATED_2026: &str = "---\ntitle: Enterprise AI plans\ndate: 2026-02-18\n---\n";

    /// The whole linter: a past year written as the future is a gate of temporal_correctness.
    #[test]
    fn linter_reports_past_year_as_future_as_a_hard_gate() {
        let src = format!(
            "{DATED_2026}# Enterprise AI plans\n\nIn 2025, enterprises will adopt agents \
everywhere. Budgets grow each quarter.\n\n## Budgets\n\nTeams plan carefully.\n\n## Conclusion\n\n\
Plan well.\n"
        );
        let linter = Linter::with_config(Config::default());
        let report = linter.lint_source("a.md".as_ref(), src).unwrap();
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "temporal/past-year-as-future")
            .expect("a past-year-as-future finding");
        assert_eq!(f.dimension, Dimension::TemporalCorrectness);
        assert_eq!(f.line, 7);
        assert!(report.rubric.dimensions[&Dimension::TemporalCorrectness] < 100);
        assert!(
            report
                .hard_gates
                .iter()
                .any(|g| g == "temporal/past-year-as-future")
        );
        assert!(!report.valid);
        assert_eq!(report.reference_date, "2026-02-18");
    }

    /// The acceptance test of the brief: the same sentence is fine in an article of 2021 and a
    /// finding in one of 2026.
    #[test]
    fn reference_date_decides() {
        let body = "# Roadmap\n\nIn 2022, we will ship the new engine.\n";
        let linter = Linter::with_config(Config::default());
        let temporal = |date: &str| {
            let src = format!("---\ndate: {date}\n---\n{body}");
            let report = linter.lint_source("a.md".as_ref(), src).unwrap();
            report
                .findings
                .iter()
                .filter(|f| f.dimension == Dimension::TemporalCorrectness)
                .map(|f| f.rule.clone())
                .collect::<Vec<_>>()
        };
        assert!(temporal("2021-03-01").is_empty());
        assert_eq!(temporal("2026-03-01"), vec!["temporal/past-year-as-future"]);
    }

    #[test]
    fn linter_reports_ai_disclaimer_as_a_hard_gate() {
        let src = format!(
            "{DATED_2026}# Enterprise AI plans\n\nAs of my last update, agents are popular.\n"
        );
        let report = Linter::with_config(Config::default())
            .lint_source("a.md".as_ref(), src)
            .unwrap();
        assert!(
            report
                .hard_gates
                .iter()
                .any(|g| g == "temporal/ai-disclaimer")
        );
        assert!(report.rubric.dimensions[&Dimension::TemporalCorrectness] <= 50);
    }
}
