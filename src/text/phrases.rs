//! Phrase lists, and the one pass that matches all of them.
//!
//! A [`PhraseSet`] is one list (a pack rule's phrases, a lexicon of `rules/data/`): matched
//! ASCII case-insensitively (or not), a straight apostrophe also matching the typographic one,
//! leftmost-longest, and kept only at word boundaries ([`Boundary`]).
//!
//! A [`PhraseIndex`] puts the phrases of every set a rule set reads into one automaton, and
//! [`PhraseHits`] is its scan of one document, made on the first question: each rule then reads
//! its own set's matches from the hits instead of scanning the prose again. The answers are
//! exactly those of the set's own scan of the same text ([`PhraseSet::find`]): the scan keeps
//! every occurrence of every phrase, and a question replays leftmost-longest selection and the
//! boundary filter over the occurrences of its set inside the range it asks about.

use crate::document::{Document, PlainText};
use crate::text::phrase_dfa::PhraseDfa;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

/// Where a match may sit in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Boundary {
    /// A phrase that starts (ends) with a word character (alphanumeric or `_`) must not have
    /// one right before (after) it: "delve into" is not in "delve intoxication", and
    /// "(source:" needs no boundary before its parenthesis.
    #[default]
    Word,
    /// No word character, `_` or hyphen on either side, whatever the phrase's own edges:
    /// "this year" is not in "this year-end".
    WordOrHyphen,
}

/// How a set matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseOptions {
    /// ASCII case-insensitive (Unicode letters outside ASCII match as written).
    pub ignore_case: bool,
    pub boundary: Boundary,
}

impl Default for PhraseOptions {
    fn default() -> Self {
        PhraseOptions {
            ignore_case: true,
            boundary: Boundary::Word,
        }
    }
}

/// One match of a set: its byte range and the index of its phrase in the list the set was
/// built from (an apostrophe variant reports its original).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    pub range: Range<usize>,
    pub entry: usize,
}

/// Phrase lists up to this many phrases are compiled to a DFA, which scans several times
/// faster but takes memory per state times alphabet; longer lists (user packs of 100k+
/// phrases) get the automaton aho-corasick picks for their size (a contiguous NFA), whose
/// memory grows with the phrases alone. Measured on the seed with a user pack of 550k random
/// 6-14 letter words (release build): 31 s of CPU with a forced DFA, 7.3 s without.
const DFA_MAX_PHRASES: usize = 5_000;

/// Sets with more phrases than this stay out of the shared automaton and scan on their own
/// (one pass, so sharing would save them little), so that the shared automaton stays small
/// whatever packs a user loads.
pub const INDEX_MAX_SET_PHRASES: usize = 2_000;

fn automaton<P: AsRef<[u8]>>(
    phrases: &[P],
    ignore_case: bool,
    match_kind: MatchKind,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    let kind = (phrases.len() <= DFA_MAX_PHRASES).then_some(AhoCorasickKind::DFA);
    automaton_of_kind(phrases, ignore_case, match_kind, kind)
}

fn automaton_of_kind<P: AsRef<[u8]>>(
    phrases: &[P],
    ignore_case: bool,
    match_kind: MatchKind,
    kind: Option<AhoCorasickKind>,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .ascii_case_insensitive(ignore_case)
        .match_kind(match_kind)
        .kind(kind)
        .build(phrases)
}

/// Gives every set its own id: the index finds a set's slot by it.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// One phrase list (see the module docs).
pub struct PhraseSet {
    id: u32,
    /// The phrases, then a typographic-apostrophe variant of each with a straight one.
    patterns: Vec<String>,
    /// Index in the original list of each pattern.
    entry_of: Vec<u32>,
    options: PhraseOptions,
    /// Built on the first direct scan: a set the rule set's index covers never needs it.
    automaton: OnceLock<AhoCorasick>,
    /// A noncontiguous NFA over the same patterns, for the first [`QUICK_SCANS`] direct scans:
    /// the same matches, far quicker to build than the DFA (a run over one small article scans
    /// a set a few times), slower to scan.
    quick: OnceLock<AhoCorasick>,
    scans: AtomicU32,
}

/// Direct scans of a set made with its quick-to-build automaton before the DFA is built.
const QUICK_SCANS: u32 = 256;

impl std::fmt::Debug for PhraseSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseSet")
            .field("patterns", &self.patterns.len())
            .field("options", &self.options)
            .finish()
    }
}

impl PhraseSet {
    /// A set over `phrases`. Its automaton is built on first use; [`PhraseSet::build`] builds
    /// it now, for lists that come from users.
    pub fn new<S: AsRef<str>>(phrases: &[S], options: PhraseOptions) -> PhraseSet {
        let mut patterns: Vec<String> = phrases.iter().map(|p| p.as_ref().to_string()).collect();
        let mut entry_of: Vec<u32> = (0..patterns.len() as u32).collect();
        // A straight apostrophe also matches the typographic one.
        for (i, p) in phrases.iter().enumerate() {
            let p = p.as_ref();
            if p.contains('\'') {
                patterns.push(p.replace('\'', "\u{2019}"));
                entry_of.push(i as u32);
            }
        }
        PhraseSet {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            patterns,
            entry_of,
            options,
            automaton: OnceLock::new(),
            quick: OnceLock::new(),
            scans: AtomicU32::new(0),
        }
    }

    /// [`PhraseSet::new`] with the default options (ASCII case-insensitive, word boundaries).
    pub fn of<S: AsRef<str>>(phrases: &[S]) -> PhraseSet {
        PhraseSet::new(phrases, PhraseOptions::default())
    }

    /// Build the automaton now: an error when the list is too large to compile.
    pub fn build(&self) -> Result<(), aho_corasick::BuildError> {
        if self.automaton.get().is_none() {
            let ac = automaton(
                &self.patterns,
                self.options.ignore_case,
                MatchKind::LeftmostLongest,
            )?;
            let _ = self.automaton.set(ac);
        }
        Ok(())
    }

    fn matcher(&self) -> &AhoCorasick {
        if let Some(ac) = self.automaton.get() {
            return ac;
        }
        if self.patterns.len() <= DFA_MAX_PHRASES
            && self.scans.fetch_add(1, Ordering::Relaxed) < QUICK_SCANS
        {
            return self.quick.get_or_init(|| {
                automaton_of_kind(
                    &self.patterns,
                    self.options.ignore_case,
                    MatchKind::LeftmostLongest,
                    Some(AhoCorasickKind::NoncontiguousNFA),
                )
                .unwrap_or_else(|e| panic!("a phrase list that cannot be compiled: {e}"))
            });
        }
        self.automaton.get_or_init(|| {
            automaton(
                &self.patterns,
                self.options.ignore_case,
                MatchKind::LeftmostLongest,
            )
            .unwrap_or_else(|e| panic!("a phrase list that cannot be compiled: {e}"))
        })
    }

    /// The number of patterns (apostrophe variants included).
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn options(&self) -> PhraseOptions {
        self.options
    }

    /// Matches in `text`, leftmost-longest, at boundaries.
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = PhraseMatch> + 't {
        let ac = (!self.patterns.is_empty()).then(|| self.matcher());
        ac.into_iter()
            .flat_map(move |ac| ac.find_iter(text))
            .filter(move |m| self.options.boundary.allows(text, m.range(), 0..text.len()))
            .map(|m| PhraseMatch {
                range: m.range(),
                entry: self.entry_of[m.pattern().as_usize()] as usize,
            })
    }

    /// Whether `text` holds a match.
    pub fn any(&self, text: &str) -> bool {
        self.find(text).next().is_some()
    }
}

impl Boundary {
    /// Whether `m` sits at boundaries of `text`, which is seen only within `within` (a match
    /// of a slice is judged as in the slice alone).
    fn allows(self, text: &str, m: Range<usize>, within: Range<usize>) -> bool {
        let before = text[within.start..m.start].chars().next_back();
        let after = text[m.end..within.end].chars().next();
        match self {
            Boundary::Word => {
                let first = text[m.clone()].chars().next();
                let last = text[m].chars().next_back();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                (!word(first) || !word(before)) && (!word(last) || !word(after))
            }
            Boundary::WordOrHyphen => {
                let word = |c: Option<char>| {
                    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
                };
                !word(before) && !word(after)
            }
        }
    }
}

/// A phrase list as one regex alternation, for regexes that need a list in context: escaped,
/// a space matching any run of whitespace, longest first (so that "current as of" wins over
/// "as of").
pub fn regex_alternation(items: &[String]) -> String {
    let mut items: Vec<&String> = items.iter().collect();
    items.sort_by_key(|s| std::cmp::Reverse(s.len()));
    items
        .iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Text `i` of a document in the numbering of [`PhraseHits`]: blocks first, then headings.
/// The flag says whether it is a block.
pub fn doc_text(doc: &Document, i: u32) -> (&PlainText, bool) {
    let i = i as usize;
    match doc.blocks.get(i) {
        Some(b) => (&b.text, true),
        None => (&doc.headings[i - doc.blocks.len()].text, false),
    }
}

/// The number of texts of a document in that numbering.
pub fn doc_text_count(doc: &Document) -> u32 {
    (doc.blocks.len() + doc.headings.len()) as u32
}

/// The id of a heading's text in that numbering.
pub fn heading_text(doc: &Document, heading: usize) -> u32 {
    (doc.blocks.len() + heading) as u32
}

/// One matcher over the phrases of many sets (see the module docs).
#[derive(Default)]
pub struct PhraseIndex {
    /// Every distinct phrase (ASCII lower case) of the sets, matched overlapping in texts
    /// lower-cased the ASCII way.
    phrases: Vec<String>,
    matcher: IndexMatcher,
    /// (slot, pattern index in its set) of each phrase.
    owners: Vec<Vec<(u32, u32)>>,
    /// Slot of each indexed set, by its id.
    slots: FxHashMap<u32, u32>,
}

/// How an index finds its phrases.
#[derive(Default)]
enum IndexMatcher {
    /// No phrase, or the whole cannot be compiled: every set scans on its own.
    #[default]
    None,
    Automaton(Box<CodedAutomaton>),
    /// The quick index: buckets for a document under [`BUCKETS_MAX_BYTES`], the automaton
    /// (built for the first larger one; `None` if it cannot be) for the others.
    Buckets {
        buckets: Box<PrefixBuckets>,
        automaton: OnceLock<Option<Box<CodedAutomaton>>>,
    },
}

/// An automaton over phrases written in the codes of their alphabet.
struct CodedAutomaton {
    automaton: CodedMatcher,
    alphabet: CompactAlphabet,
}

enum CodedMatcher {
    /// The index's own DFA, for up to [`DFA_MAX_PHRASES`] phrases.
    Dfa(PhraseDfa),
    /// aho-corasick's choice for more (a contiguous NFA; a noncontiguous NFA for a quick
    /// index, quicker to build).
    AhoCorasick(AhoCorasick),
}

/// Codes of the phrase bytes that keep a code of their own in a [`CompactAlphabet`]; the
/// next code is shared by the other phrase bytes.
const OWN_CODES: u8 = 30;

/// The code of every byte that is in no phrase: the last of [`crate::text::phrase_dfa::CLASSES`].
const OUTSIDE_CODE: u8 = OWN_CODES + 1;

/// The alphabet an index automaton reads: each byte of a text as a code, ASCII case folded.
///
/// aho-corasick's DFA keeps one transition per state and byte class, each state's row
/// rounded up to a power of two, and every gap between the bytes the phrases use is a class
/// of its own: the default rule set's 718 phrases hold 39 distinct bytes, which made 51
/// classes, rows of 64 and a table of 1.8 MB (most of a core's L2 cache, on a machine with 2
/// MB), 44 M instructions to build. Written as codes, 30 bytes of the phrases keep a code
/// each (a byte that is a phrase on its own, then the commonest), the others share one, and
/// every other byte reads as [`OUTSIDE_CODE`]: 32 classes at most, rows of 32, half the
/// table. A phrase with a shared code can match where the text has another byte of that code,
/// so its matches are checked against the text: the default set shares `#%.01jqx{`, and its
/// checks turned away 22 k such matches in the Rust blog, 44 k in the PowerShell docs (the
/// CPU of both runs fell 2-3%). The codes are the classes of the index's own [`PhraseDfa`],
/// which reads the text through `code` as it scans.
struct CompactAlphabet {
    code: [u8; 256],
    /// Per phrase: whether it holds a shared code (its matches are checked).
    checked: Vec<bool>,
}

impl CompactAlphabet {
    /// The alphabet of `phrases` (ASCII lower case), and each phrase in its codes.
    fn new(phrases: &[String]) -> (CompactAlphabet, Vec<Vec<u8>>) {
        let mut count = [0usize; 256];
        for &b in phrases.iter().flat_map(|p| p.as_bytes()) {
            count[usize::from(b)] += 1;
        }
        let mut whole = [false; 256];
        for phrase in phrases {
            if let &[b] = phrase.as_bytes() {
                whole[usize::from(b)] = true;
            }
        }
        // A phrase of one shared byte would match at every byte of its code: a byte that is
        // a phrase keeps its own, then the commonest.
        let mut used: Vec<u8> = (0..=u8::MAX)
            .filter(|&b| count[usize::from(b)] > 0)
            .collect();
        used.sort_by_key(|&b| {
            let b = usize::from(b);
            (!whole[b], std::cmp::Reverse(count[b]), b)
        });
        let mut code = [OUTSIDE_CODE; 256];
        for (rank, &b) in used.iter().enumerate() {
            code[usize::from(b)] = rank.min(usize::from(OWN_CODES)) as u8;
        }
        // Texts are read in ASCII lower case, as the phrases are written.
        for upper in b'A'..=b'Z' {
            code[usize::from(upper)] = code[usize::from(upper.to_ascii_lowercase())];
        }
        let shared = used.len() > usize::from(OWN_CODES) + 1;
        let in_codes =
            |p: &String| -> Vec<u8> { p.bytes().map(|b| code[usize::from(b)]).collect() };
        let coded: Vec<Vec<u8>> = phrases.iter().map(in_codes).collect();
        let checked = coded
            .iter()
            .map(|c| shared && c.contains(&OWN_CODES))
            .collect();
        (CompactAlphabet { code, checked }, coded)
    }

    /// `text` in codes, into `out`.
    fn write_codes(&self, text: &[u8], out: &mut Vec<u8>) {
        out.clear();
        out.extend(text.iter().map(|&b| self.code[usize::from(b)]));
    }

    /// Whether a match of `phrase`'s codes at `range` of `text` is `phrase`.
    fn confirms(&self, phrases: &[String], phrase: u32, text: &[u8], range: Range<usize>) -> bool {
        !self.checked[phrase as usize]
            || text[range].eq_ignore_ascii_case(phrases[phrase as usize].as_bytes())
    }
}

/// The size of document under which the quick index scans with [`PrefixBuckets`] rather than
/// an automaton. Measured on the default rule set's 718 phrases and a 124 KB article (release
/// build): the buckets build in 0.17 ms against the [`PhraseDfa`]'s 1.1 ms, and scan 6.3 ns a
/// byte against its 2.8, so they win below about 260 KB; this leaves a margin.
pub const BUCKETS_MAX_BYTES: usize = 128 * 1024;

/// Every occurrence of a list of distinct, non-empty phrases, found by their first three
/// bytes: a table from those bytes to the phrases that start with them, asked at each byte
/// of a text, and the phrases shorter than three bytes compared there as well. The same
/// occurrences as an automaton's overlapping search, built in a twentieth of the quickest
/// one's time (aho-corasick has no cheaper kind to build).
struct PrefixBuckets {
    /// Phrases of three bytes or more, by their first three.
    long: Vec<u32>,
    by_prefix: FxHashMap<[u8; 3], Range<u32>>,
    /// Phrases under three bytes, by their first byte.
    short: Vec<u32>,
    short_by_first: [Range<u32>; 256],
    /// Whether a phrase starts with the byte.
    starts: [bool; 256],
}

impl PrefixBuckets {
    /// `None` when a phrase is empty (an automaton reports it at every position).
    fn new(phrases: &[String]) -> Option<PrefixBuckets> {
        let prefix = |p: u32| -> [u8; 3] {
            let b = phrases[p as usize].as_bytes();
            [b[0], b[1], b[2]]
        };
        let mut starts = [false; 256];
        let (mut long, mut short) = (Vec::new(), Vec::new());
        for (i, phrase) in phrases.iter().enumerate() {
            let first = *phrase.as_bytes().first()?;
            starts[usize::from(first)] = true;
            if phrase.len() >= 3 {
                long.push(i as u32);
            } else {
                short.push(i as u32);
            }
        }
        long.sort_unstable_by_key(|&p| prefix(p));
        short.sort_unstable_by_key(|&p| phrases[p as usize].as_bytes()[0]);
        let mut short_by_first: [Range<u32>; 256] = std::array::from_fn(|_| 0..0);
        for (at, &p) in short.iter().enumerate() {
            let range = &mut short_by_first[usize::from(phrases[p as usize].as_bytes()[0])];
            if range.start == range.end {
                range.start = at as u32;
            }
            range.end = at as u32 + 1;
        }
        let mut by_prefix: FxHashMap<[u8; 3], Range<u32>> = FxHashMap::default();
        by_prefix.reserve(long.len());
        for (at, &p) in long.iter().enumerate() {
            let range = by_prefix.entry(prefix(p)).or_insert(at as u32..at as u32);
            range.end = at as u32 + 1;
        }
        Some(PrefixBuckets {
            long,
            by_prefix,
            short,
            short_by_first,
            starts,
        })
    }

    /// Calls `found(start, end, phrase)` for every occurrence in `text`.
    fn for_each(&self, phrases: &[String], text: &[u8], mut found: impl FnMut(usize, usize, u32)) {
        for (at, &byte) in text.iter().enumerate() {
            if !self.starts[usize::from(byte)] {
                continue;
            }
            let rest = &text[at..];
            let short = &self.short_by_first[usize::from(byte)];
            for &p in &self.short[short.start as usize..short.end as usize] {
                let phrase = phrases[p as usize].as_bytes();
                if rest.starts_with(phrase) {
                    found(at, at + phrase.len(), p);
                }
            }
            let Some(&[a, b, c]) = rest.get(..3).and_then(|k| <&[u8; 3]>::try_from(k).ok()) else {
                continue;
            };
            let Some(range) = self.by_prefix.get(&[a, b, c]) else {
                continue;
            };
            for &p in &self.long[range.start as usize..range.end as usize] {
                let phrase = phrases[p as usize].as_bytes();
                if rest.starts_with(phrase) {
                    found(at, at + phrase.len(), p);
                }
            }
        }
    }
}

impl std::fmt::Debug for PhraseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseIndex")
            .field("phrases", &self.owners.len())
            .field("sets", &self.slots.len())
            .finish()
    }
}

impl PhraseIndex {
    pub fn new<'s>(sets: impl IntoIterator<Item = &'s PhraseSet>) -> PhraseIndex {
        Self::with_limit(sets, INDEX_MAX_SET_PHRASES)
    }

    /// [`PhraseIndex::new`] over [`PrefixBuckets`] (and its automaton for documents of
    /// [`BUCKETS_MAX_BYTES`] or more): the same hits, slower to scan a site but quicker to
    /// build (aho-corasick's DFA over every tone's phrases was 20% of the CPU of checking one
    /// small article; the index's own DFA builds in a tenth of its time, still six times the
    /// buckets'), for runs over a few documents.
    pub fn quick_to_build<'s>(sets: impl IntoIterator<Item = &'s PhraseSet>) -> PhraseIndex {
        Self::build(sets, INDEX_MAX_SET_PHRASES, true)
    }

    /// [`PhraseIndex::new`] with another limit on the phrases of an indexed set (tests).
    pub fn with_limit<'s>(
        sets: impl IntoIterator<Item = &'s PhraseSet>,
        max_set_phrases: usize,
    ) -> PhraseIndex {
        Self::build(sets, max_set_phrases, false)
    }

    /// `quick`: over buckets, else over [`automaton`]'s choice.
    fn build<'s>(
        sets: impl IntoIterator<Item = &'s PhraseSet>,
        max_set_phrases: usize,
        quick: bool,
    ) -> PhraseIndex {
        let mut phrases: Vec<String> = Vec::new();
        let mut at: FxHashMap<String, usize> = FxHashMap::default();
        let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut slots = FxHashMap::default();
        for set in sets {
            if set.is_empty() || set.len() > max_set_phrases || slots.contains_key(&set.id) {
                continue;
            }
            let slot = slots.len() as u32;
            slots.insert(set.id, slot);
            for (p, phrase) in set.patterns.iter().enumerate() {
                let lower = phrase.to_ascii_lowercase();
                let i = *at.entry(lower.clone()).or_insert_with(|| {
                    phrases.push(lower);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[i].push((slot, p as u32));
            }
        }
        if phrases.is_empty() {
            return PhraseIndex::default();
        }
        // Case-sensitive over lower-case phrases, searched in lower-cased texts: the same
        // matches as an ASCII case-insensitive automaton (lower-casing ASCII keeps every byte
        // offset), which takes twice the transitions and a set of the states queued while it
        // is built: about half the build time, most of what one small article pays for it.
        let buckets = quick.then(|| PrefixBuckets::new(&phrases)).flatten();
        let matcher = match buckets {
            Some(buckets) => IndexMatcher::Buckets {
                buckets: Box::new(buckets),
                automaton: OnceLock::new(),
            },
            None => match Self::automaton(&phrases, quick) {
                Ok(coded) => IndexMatcher::Automaton(Box::new(coded)),
                // Every set scans on its own, as it would alone: a set's matches never
                // depend on the other sets loaded.
                Err(_) => return PhraseIndex::default(),
            },
        };
        PhraseIndex {
            phrases,
            matcher,
            owners,
            slots,
        }
    }

    /// The automaton over `phrases`, in their [`CompactAlphabet`]: the index's [`PhraseDfa`],
    /// or past [`DFA_MAX_PHRASES`] (or its states) [`automaton`]'s choice, a noncontiguous NFA
    /// for the quick index (large documents, or phrases the buckets cannot take).
    fn automaton(
        phrases: &[String],
        quick: bool,
    ) -> Result<CodedAutomaton, aho_corasick::BuildError> {
        let (alphabet, coded) = CompactAlphabet::new(phrases);
        let dfa = (phrases.len() <= DFA_MAX_PHRASES)
            .then(|| PhraseDfa::new(&coded))
            .flatten();
        let automaton = match dfa {
            Some(dfa) => CodedMatcher::Dfa(dfa),
            None if quick => {
                let kind = Some(AhoCorasickKind::NoncontiguousNFA);
                CodedMatcher::AhoCorasick(automaton_of_kind(
                    &coded,
                    false,
                    MatchKind::Standard,
                    kind,
                )?)
            }
            None => CodedMatcher::AhoCorasick(automaton(&coded, false, MatchKind::Standard)?),
        };
        Ok(CodedAutomaton {
            automaton,
            alphabet,
        })
    }

    /// Whether the index answers for `set` (otherwise it scans on its own).
    pub fn covers(&self, set: &PhraseSet) -> bool {
        self.slot_of(set).is_some()
    }

    /// The slot of `set`'s texts and hits, when the index answers for it.
    fn slot_of(&self, set: &PhraseSet) -> Option<u32> {
        if matches!(self.matcher, IndexMatcher::None) {
            return None;
        }
        self.slots.get(&set.id).copied()
    }

    /// The automaton that scans the texts of a document of `doc_bytes` bytes; `None` when
    /// the quick index's buckets do (or nothing does).
    fn coded_for(&self, doc_bytes: usize) -> Option<&CodedAutomaton> {
        match &self.matcher {
            IndexMatcher::None => None,
            IndexMatcher::Automaton(coded) => Some(coded),
            IndexMatcher::Buckets { automaton, .. } => (doc_bytes >= BUCKETS_MAX_BYTES)
                .then(|| {
                    automaton
                        .get_or_init(|| Self::automaton(&self.phrases, true).ok().map(Box::new))
                })
                .and_then(Option::as_deref),
        }
    }

    /// Calls `found(start, end, phrase)` for every occurrence of a phrase in `text` (ASCII
    /// case aside), a text of a document of `doc_bytes` bytes; `buffer` holds the text as the
    /// matcher reads it.
    fn occurrences(
        &self,
        text: &[u8],
        doc_bytes: usize,
        buffer: &mut Vec<u8>,
        mut found: impl FnMut(usize, usize, u32),
    ) {
        let Some(coded) = self.coded_for(doc_bytes) else {
            if let IndexMatcher::Buckets { buckets, .. } = &self.matcher {
                buffer.clear();
                buffer.extend(text.iter().map(u8::to_ascii_lowercase));
                buckets.for_each(&self.phrases, buffer, found);
            }
            return;
        };
        let CodedAutomaton {
            automaton,
            alphabet,
        } = coded;
        let mut confirmed = |start: usize, end: usize, phrase: u32| {
            if alphabet.confirms(&self.phrases, phrase, text, start..end) {
                found(start, end, phrase);
            }
        };
        match automaton {
            CodedMatcher::Dfa(dfa) => dfa.for_each(text, &alphabet.code, confirmed),
            CodedMatcher::AhoCorasick(automaton) => {
                alphabet.write_codes(text, buffer);
                for m in automaton.find_overlapping_iter(&buffer[..]) {
                    confirmed(m.start(), m.end(), m.pattern().as_u32());
                }
            }
        }
    }

    /// The hits of each of `texts` when the index's own DFA scans a document of `doc_bytes`
    /// bytes, found two texts at a time ([`PhraseDfa::for_each_of`]); `None` when another
    /// matcher scans it.
    fn dfa_hits(&self, texts: &[&[u8]], doc_bytes: usize) -> Option<Vec<Vec<RawHit>>> {
        let CodedAutomaton {
            automaton: CodedMatcher::Dfa(dfa),
            alphabet,
        } = self.coded_for(doc_bytes)?
        else {
            return None;
        };
        let mut hits = vec![Vec::new(); texts.len()];
        dfa.for_each_of(texts, &alphabet.code, |t, start, end, phrase| {
            if alphabet.confirms(&self.phrases, phrase, texts[t], start..end) {
                hits[t].push(RawHit {
                    start: start as u32,
                    end: end as u32,
                    phrase,
                });
            }
        });
        Some(hits)
    }

    fn scan(&self, doc: &Document) -> Scan {
        self.scan_reusing(doc, |_| None)
    }

    /// The scan of `doc`, taking the hits of text `i` from `reused(i)` when it gives them (the
    /// hits of the same text, scanned by this index).
    fn scan_reusing<'r>(
        &self,
        doc: &Document,
        reused: impl Fn(u32) -> Option<&'r [RawHit]>,
    ) -> Scan {
        let n = doc_text_count(doc);
        let mut scan = Scan {
            texts: Vec::with_capacity(n as usize),
            by_slot: vec![Vec::new(); self.slots.len()],
        };
        if matches!(self.matcher, IndexMatcher::None) {
            return scan;
        }
        let doc_bytes: usize = (0..n).map(|i| doc_text(doc, i).0.text.len()).sum();
        let mut texts: Vec<Option<Vec<RawHit>>> =
            (0..n).map(|i| reused(i).map(<[RawHit]>::to_vec)).collect();
        let unscanned: Vec<u32> = (0..n).filter(|&i| texts[i as usize].is_none()).collect();
        let plain: Vec<&[u8]> = unscanned
            .iter()
            .map(|&i| doc_text(doc, i).0.text.as_bytes())
            .collect();
        let scanned = self.dfa_hits(&plain, doc_bytes).unwrap_or_else(|| {
            let mut buffer = Vec::new();
            plain
                .iter()
                .map(|text| {
                    let mut hits: Vec<RawHit> = Vec::new();
                    self.occurrences(text, doc_bytes, &mut buffer, |start, end, phrase| {
                        hits.push(RawHit {
                            start: start as u32,
                            end: end as u32,
                            phrase,
                        });
                    });
                    hits
                })
                .collect()
        });
        for (i, mut hits) in unscanned.into_iter().zip(scanned) {
            // Overlapping matches come in order of their end: by start, for range questions.
            hits.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
            texts[i as usize] = Some(hits);
        }
        for (i, hits) in (0..n).zip(texts) {
            let hits = hits.unwrap_or_default();
            for hit in &hits {
                for &(slot, _) in &self.owners[hit.phrase as usize] {
                    let texts = &mut scan.by_slot[slot as usize];
                    if texts.last() != Some(&i) {
                        texts.push(i);
                    }
                }
            }
            scan.texts.push(hits);
        }
        scan
    }
}

/// One occurrence of a phrase of the index in a text.
#[derive(Debug, Clone, Copy)]
struct RawHit {
    start: u32,
    end: u32,
    phrase: u32,
}

#[derive(Debug, Default)]
struct Scan {
    /// Per text: every occurrence of every phrase, by start.
    texts: Vec<Vec<RawHit>>,
    /// Per slot: the texts where a phrase of the set occurs (a superset of where it matches).
    by_slot: Vec<Vec<u32>>,
}

/// The phrases of one document, scanned once by a rule set's [`PhraseIndex`] on the first
/// question. Every question names the document: the same one each time.
#[derive(Debug, Default)]
pub struct PhraseHits {
    index: Option<Arc<PhraseIndex>>,
    scan: OnceLock<Scan>,
    /// See [`PhraseHits::look_alike_texts`].
    look_alikes: OnceLock<Vec<u32>>,
}

impl PhraseHits {
    /// Hits of a document from `index`; `None`: every set scans on its own.
    pub fn new(index: Option<Arc<PhraseIndex>>) -> PhraseHits {
        PhraseHits {
            index,
            scan: OnceLock::new(),
            look_alikes: OnceLock::new(),
        }
    }

    /// Scan the document now, if the rule set has an index: the engine does this beside the
    /// other document facts before a large document's rules run on several threads, so that
    /// no rule thread waits for another to finish the scan.
    pub fn scan_now(&self, doc: &Document) {
        if let Some(index) = self.index.as_deref() {
            self.scan.get_or_init(|| index.scan(doc));
        }
    }

    /// [`PhraseHits::scan_now`] for `doc`, an edit of `previous` whose hits `before` are:
    /// the texts the edit left as they were (the longest runs of equal blocks, and of equal
    /// headings, at either end) take their hits from `before` when the same index scanned
    /// them. The same hits as a scan of every text.
    pub fn scan_after(&self, doc: &Document, previous: &Document, before: &PhraseHits) {
        let Some(index) = self.index.as_deref() else {
            return;
        };
        let old_scan = before
            .index
            .as_ref()
            .filter(|old| std::ptr::eq(old.as_ref(), index))
            .and(before.scan.get());
        let Some(old_scan) = old_scan else {
            return self.scan_now(doc);
        };
        let same = |a: &PlainText, b: &PlainText| a.text == b.text;
        let blocks = crate::document::unchanged_ends(&previous.blocks, &doc.blocks, |a, b| {
            same(&a.text, &b.text)
        });
        let headings =
            crate::document::unchanged_ends(&previous.headings, &doc.headings, |a, b| {
                same(&a.text, &b.text)
            });
        let (old_blocks, new_blocks) = (previous.blocks.len(), doc.blocks.len());
        let old_of = |i: u32| -> Option<u32> {
            let i = i as usize;
            let old = if i < new_blocks {
                blocks.old_index(i, old_blocks, new_blocks)?
            } else {
                let h = i - new_blocks;
                old_blocks + headings.old_index(h, previous.headings.len(), doc.headings.len())?
            };
            Some(old as u32)
        };
        self.scan.get_or_init(|| {
            index.scan_reusing(doc, |i| {
                old_of(i)
                    .and_then(|j| old_scan.texts.get(j as usize))
                    .map(Vec::as_slice)
            })
        });
    }

    /// The texts of the document (see [`doc_text`]), in order, that hold the Kelvin sign or
    /// the long s, which a case-insensitive Unicode regex reads as `k` and `s`: found in one
    /// pass on the first question, for every [`crate::text::precheck::Needles`] asked about
    /// a text where its needles are not (three or four of them ask about every text; a
    /// search of the text for each question cost a documentation site of many short texts
    /// 0.8% of its instructions).
    pub fn look_alike_texts(&self, doc: &Document) -> &[u32] {
        self.look_alikes.get_or_init(|| {
            (0..doc_text_count(doc))
                .filter(|&i| {
                    crate::text::precheck::holds_ascii_look_alike(
                        doc_text(doc, i).0.text.as_bytes(),
                    )
                })
                .collect()
        })
    }

    fn indexed(&self, doc: &Document, set: &PhraseSet) -> Option<(&PhraseIndex, &Scan, u32)> {
        // One look-up of the set's slot, not two (`covers`, then the slot): asked for every
        // sentence by several rules.
        let index = self.index.as_deref()?;
        let slot = index.slot_of(set)?;
        let scan = self.scan.get_or_init(|| index.scan(doc));
        Some((index, scan, slot))
    }

    /// The texts (see [`doc_text`]) where `set` may match, in order, or `None` when the
    /// index does not cover it (then any text may).
    pub fn texts_for(&self, doc: &Document, set: &PhraseSet) -> Option<&[u32]> {
        let (_, scan, slot) = self.indexed(doc, set)?;
        Some(&scan.by_slot[slot as usize])
    }

    /// The matches of `set` in `range` of text `text` (see [`doc_text`]), exactly as
    /// `set.find(&plain[range])` finds them, with ranges in the whole text.
    pub fn find(
        &self,
        doc: &Document,
        set: &PhraseSet,
        text: u32,
        range: Range<usize>,
    ) -> Vec<PhraseMatch> {
        if let Some(found) = self.indexed_matches(doc, set, text, range.clone()) {
            return found;
        }
        let plain = doc_text(doc, text).0.text.as_str();
        set.find(&plain[range.clone()])
            .map(|m| PhraseMatch {
                range: range.start + m.range.start..range.start + m.range.end,
                entry: m.entry,
            })
            .collect()
    }

    /// The matches of `set` in `range` of text `text`, in order, or `None` when the index
    /// does not cover the set.
    /// The scan's occurrences come by start, the longest first ([`PhraseIndex::scan`]), so
    /// the leftmost-longest choice is made as they go by: the first of the set's occurrences
    /// that starts at or after the end of the last one taken is taken (a pattern listed
    /// twice: its first entry), and is a match if it sits at boundaries. No list of the
    /// occurrences is made and sorted: asked for most sentences by several rules.
    fn indexed_matches(
        &self,
        doc: &Document,
        set: &PhraseSet,
        text: u32,
        range: Range<usize>,
    ) -> Option<Vec<PhraseMatch>> {
        let (index, scan, slot) = self.indexed(doc, set)?;
        let mut found = Vec::new();
        // A text where no phrase of the set occurs has no match: most sentences, asked by
        // the claims rules one at a time, are in one.
        if scan.by_slot[slot as usize].binary_search(&text).is_err() {
            return Some(found);
        }
        let plain = doc_text(doc, text).0.text.as_str();
        let hits = &scan.texts[text as usize];
        let first = hits.partition_point(|h| (h.start as usize) < range.start);
        let mut taken_end = 0;
        for h in &hits[first..] {
            let (start, end) = (h.start as usize, h.end as usize);
            if start >= range.end {
                break;
            }
            if end > range.end || start < taken_end {
                continue;
            }
            for &(s, p) in &index.owners[h.phrase as usize] {
                if s == slot
                    && (set.options.ignore_case
                        || plain.as_bytes()[start..end] == *set.patterns[p as usize].as_bytes())
                {
                    taken_end = end;
                    if set
                        .options
                        .boundary
                        .allows(plain, start..end, range.clone())
                    {
                        found.push(PhraseMatch {
                            range: start..end,
                            entry: set.entry_of[p as usize] as usize,
                        });
                    }
                    break;
                }
            }
        }
        Some(found)
    }

    /// The start of every occurrence of a phrase of `set` inside `range` of text `text`
    /// (see [`doc_text`]), at a word boundary or not, overlapping or not, in order: what the
    /// scan found, before [`PhraseHits::find`] picks matches. `None` when the index does not
    /// cover the set.
    pub fn occurrence_starts(
        &self,
        doc: &Document,
        set: &PhraseSet,
        text: u32,
        range: Range<usize>,
    ) -> Option<Vec<usize>> {
        let (index, scan, slot) = self.indexed(doc, set)?;
        if scan.by_slot[slot as usize].binary_search(&text).is_err() {
            return Some(Vec::new());
        }
        let plain = doc_text(doc, text).0.text.as_bytes();
        let hits = &scan.texts[text as usize];
        let first = hits.partition_point(|h| (h.start as usize) < range.start);
        let mut starts = Vec::new();
        for h in &hits[first..] {
            let (start, end) = (h.start as usize, h.end as usize);
            if start >= range.end {
                break;
            }
            let of_set = index.owners[h.phrase as usize].iter().any(|&(s, p)| {
                s == slot
                    && (set.options.ignore_case
                        || plain[start..end] == *set.patterns[p as usize].as_bytes())
            });
            if end <= range.end && of_set && starts.last() != Some(&start) {
                starts.push(start);
            }
        }
        Some(starts)
    }

    /// The matches of `set` in the whole of text `text`.
    pub fn find_all(&self, doc: &Document, set: &PhraseSet, text: u32) -> Vec<PhraseMatch> {
        let len = doc_text(doc, text).0.text.len();
        self.find(doc, set, text, 0..len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        Document::parse(src.to_string()).unwrap()
    }

    #[test]
    fn words_apostrophes_and_case() {
        let set = PhraseSet::of(&["delve into", "it's important", "(source:"]);
        let text = "We Delve into it, not delve intoxication. It’s important (Source: X).";
        let got: Vec<(&str, usize)> = set.find(text).map(|m| (&text[m.range], m.entry)).collect();
        assert_eq!(
            got,
            vec![("Delve into", 0), ("It’s important", 1), ("(Source:", 2)]
        );
        let exact = PhraseSet::new(
            &["We"],
            PhraseOptions {
                ignore_case: false,
                ..Default::default()
            },
        );
        assert_eq!(exact.find("we We").count(), 1);
    }

    /// The hits of an edit scanned after the document before it are those of a scan of every
    /// text, whatever the edit; hits scanned by another index are not reused.
    #[test]
    fn hits_after_an_edit_are_those_scanned_anew() {
        let sets = [
            PhraseSet::of(&["in order to", "the best", "cut"]),
            PhraseSet::of(&["it's", "café", "one"]),
        ];
        let index = Arc::new(PhraseIndex::new(sets.iter()));
        let scanned = |doc: &Document, hits: &PhraseHits| {
            hits.scan_now(doc);
            format!("{:?}", hits.scan.get())
        };
        let base = "# The best title\n\nIn order to cut. It's one.\n\n## Café one\n\n\
                    - the best item\n- cut it\n\n| cut | one |\n|---|---|\n| a | the best |\n\n\
                    ## Last one\n\nThe end, in order to cut.\n";
        let mut edits =
            crate::document::testing::RandomEdits::new("abct e.\n#|-’é", 0x2545_f491_4f6c_dd1d);
        let mut text = base.to_string();
        let mut before = doc(&text);
        let mut before_hits = PhraseHits::new(Some(index.clone()));
        before_hits.scan_now(&before);
        for _ in 0..300 {
            let edited = edits.edit(&text);
            let after = doc(&edited);
            let hits = PhraseHits::new(Some(index.clone()));
            hits.scan_after(&after, &before, &before_hits);
            let anew = scanned(&after, &PhraseHits::new(Some(index.clone())));
            assert_eq!(
                format!("{:?}", hits.scan.get()),
                anew,
                "{text:?} -> {edited:?}"
            );
            (text, before, before_hits) = (edited, after, hits);
        }
        // Hits of another index (of other phrases) are never taken.
        let other = PhraseHits::new(Some(Arc::new(PhraseIndex::new([&sets[0]]))));
        let d = doc(base);
        other.scan_now(&d);
        let hits = PhraseHits::new(Some(index.clone()));
        hits.scan_after(&d, &d, &other);
        assert_eq!(
            format!("{:?}", hits.scan.get()),
            scanned(&d, &PhraseHits::new(Some(index)))
        );
    }

    #[test]
    fn hyphen_boundaries() {
        let set = PhraseSet::new(
            &["this year"],
            PhraseOptions {
                boundary: Boundary::WordOrHyphen,
                ..Default::default()
            },
        );
        assert!(!set.any("this year-end"));
        assert!(!set.any("mid-this year"));
        assert!(set.any("In this year, we"));
        assert!(PhraseSet::of(&["this year"]).any("this year-end"));
    }

    /// A longer phrase that fails its boundary hides a shorter one inside it, as in a
    /// leftmost-longest search.
    #[test]
    fn a_longer_failed_match_hides_a_shorter_one() {
        let set = PhraseSet::of(&["in order", "in order to"]);
        assert!(!set.any("in order tom"));
        let d = doc("in order tom\n");
        let hits = PhraseHits::new(Some(Arc::new(PhraseIndex::new([&set]))));
        assert!(hits.find_all(&d, &set, 0).is_empty());
    }

    /// Pseudo-random texts over a small alphabet: the index's answers for every set and
    /// range are those of the set's own leftmost-longest scan of the slice, whichever
    /// automaton the index is built on.
    #[test]
    fn index_answers_as_each_set_alone() {
        index_answers_as_each_set_alone_with(|sets| PhraseIndex::new(sets.iter()));
        index_answers_as_each_set_alone_with(|sets| PhraseIndex::quick_to_build(sets.iter()));
    }

    fn index_answers_as_each_set_alone_with(build: impl Fn(&[PhraseSet]) -> PhraseIndex) {
        let sets = [
            PhraseSet::of(&["ab", "abc", "b", "Ab", "c a", "a'b"]),
            PhraseSet::of(&["bc", "cab", "abcab", "a"]),
            PhraseSet::new(
                &["AB", "ca", "b c"],
                PhraseOptions {
                    ignore_case: false,
                    ..Default::default()
                },
            ),
            PhraseSet::new(
                &["a b", "ab", "c-"],
                PhraseOptions {
                    boundary: Boundary::WordOrHyphen,
                    ..Default::default()
                },
            ),
        ];
        let index = Arc::new(build(&sets));
        assert!(sets.iter().all(|s| index.covers(s)));
        let alphabet = ['a', 'b', 'c', 'A', 'B', ' ', '-', '\'', '’', 'é'];
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = || rng.next();
        for _ in 0..300 {
            let len = 1 + next() % 24;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let d = doc(&format!("x{text}x\n"));
            let plain = d.blocks[0].text.text.clone();
            let hits = PhraseHits::new(Some(index.clone()));
            let bounds: Vec<usize> = (0..=plain.len())
                .filter(|&i| plain.is_char_boundary(i))
                .collect();
            for set in &sets {
                for (k, &a) in bounds.iter().enumerate() {
                    for &b in &bounds[k..] {
                        let alone: Vec<PhraseMatch> = set
                            .find(&plain[a..b])
                            .map(|m| PhraseMatch {
                                range: a + m.range.start..a + m.range.end,
                                entry: m.entry,
                            })
                            .collect();
                        assert_eq!(hits.find(&d, set, 0, a..b), alone, "{plain:?} {a}..{b}");
                    }
                }
            }
        }
    }

    /// The buckets find every occurrence an overlapping automaton search finds, on random
    /// phrases (one to five bytes, a typographic apostrophe among them) in random texts.
    #[test]
    fn buckets_find_what_an_automaton_finds() {
        let alphabet = ["a", "b", "c", " ", "’", "ab", "the "];
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |below: usize| rng.below(below);
        let mut compared = 0;
        for _ in 0..200 {
            let mut phrases: Vec<String> = (0..1 + next(12))
                .map(|_| {
                    (0..1 + next(3))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect()
                })
                .collect();
            phrases.sort();
            phrases.dedup();
            let buckets = PrefixBuckets::new(&phrases).expect("no empty phrase");
            let ac = automaton_of_kind(&phrases, false, MatchKind::Standard, None).unwrap();
            for _ in 0..20 {
                let text: String = (0..next(30))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                let mut found = Vec::new();
                buckets.for_each(&phrases, text.as_bytes(), |s, e, p| found.push((s, e, p)));
                let mut expected: Vec<(usize, usize, u32)> = ac
                    .find_overlapping_iter(&text)
                    .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
                    .collect();
                found.sort_unstable();
                expected.sort_unstable();
                assert_eq!(found, expected, "{phrases:?} in {text:?}");
                compared += usize::from(!expected.is_empty());
            }
        }
        assert!(compared > 1000, "{compared} texts with occurrences");
        assert!(PrefixBuckets::new(&["a".to_string(), String::new()]).is_none());
    }

    /// The occurrence starts are every place a phrase of the set starts, ASCII case aside,
    /// inside words and overlapping, in a range, with both indexes; a set the index does not
    /// cover has none to give.
    #[test]
    fn occurrence_starts_are_every_place_a_phrase_starts() {
        let needles = PhraseSet::of(&["best", "best-selling", "most", "no."]);
        let other = PhraseSet::of(&["the best"]);
        let text = "The BEST best-selling bestseller, almost most; no. 1 and Mostly best";
        let d = doc(&format!("{text}\n"));
        let lower = text.to_ascii_lowercase();
        // Starts of a phrase that ends by `end`.
        let starts_by = |end: usize| -> Vec<usize> {
            (0..text.len())
                .filter(|&i| {
                    ["best", "best-selling", "most", "no."]
                        .iter()
                        .any(|p| lower[i..].starts_with(p) && i + p.len() <= end)
                })
                .collect()
        };
        let every = starts_by(text.len());
        for index in [
            PhraseIndex::new([&needles, &other]),
            PhraseIndex::quick_to_build([&needles, &other]),
        ] {
            let hits = PhraseHits::new(Some(Arc::new(index)));
            let all = hits.occurrence_starts(&d, &needles, 0, 0..text.len());
            assert_eq!(all.as_deref(), Some(&every[..]));
            let range = 9..40;
            let inside: Vec<usize> = starts_by(range.end)
                .into_iter()
                .filter(|&i| i >= range.start)
                .collect();
            assert_eq!(hits.occurrence_starts(&d, &needles, 0, range), Some(inside));
        }
        let uncovered = PhraseHits::new(Some(Arc::new(PhraseIndex::new([&other]))));
        assert_eq!(
            uncovered.occurrence_starts(&d, &needles, 0, 0..text.len()),
            None
        );
    }

    /// Phrases over more distinct bytes than an alphabet has codes: the index's automaton
    /// reads shared codes, finds every occurrence a plain search finds and no other, and its
    /// table is smaller than that of an automaton over the bytes.
    #[test]
    fn a_compact_alphabet_finds_every_occurrence_and_only_those() {
        let bytes: Vec<String> = ('a'..='z')
            .chain(['0', '1', '2', '#', '%', '[', '{', '.', '-', '\'', '’', 'é'])
            .map(String::from)
            .collect();
        let mut rng = crate::testing::Rng(0x51_7cc1_b727_220a);
        let mut next = |below: usize| rng.below(below);
        let mut phrases: Vec<String> = vec!["[".into(), "{{".into(), "#1".into(), "q".into()];
        while phrases.len() < 300 {
            let phrase: String = (0..1 + next(6))
                .map(|_| bytes[next(bytes.len())].as_str())
                .collect();
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        let index = PhraseIndex::new([&PhraseSet::of(&phrases)]);
        let IndexMatcher::Automaton(coded) = &index.matcher else {
            panic!("the index has an automaton");
        };
        let alphabet = &coded.alphabet;
        assert!(
            alphabet.checked.iter().any(|&c| c),
            "some phrase holds a shared code"
        );
        assert!(
            (0..=u8::MAX).all(|b| alphabet.code[usize::from(b)] <= OWN_CODES
                || alphabet.code[usize::from(b)] == OUTSIDE_CODE)
        );
        let CodedMatcher::Dfa(dfa) = &coded.automaton else {
            panic!("the index has its own DFA");
        };
        let plain = automaton(&index.phrases, false, MatchKind::Standard).unwrap();
        assert!(dfa.memory_usage() * 3 < plain.memory_usage() * 2);
        let mut buffer = Vec::new();
        let mut rejected = 0;
        for _ in 0..400 {
            let text: String = (0..next(40))
                .map(|_| {
                    let b = &bytes[next(bytes.len())];
                    if next(4) == 0 {
                        b.to_uppercase()
                    } else {
                        b.clone()
                    }
                })
                .collect();
            let lower = text.to_ascii_lowercase();
            let mut expected: Vec<(usize, usize, u32)> = Vec::new();
            for (p, phrase) in index.phrases.iter().enumerate() {
                for at in (0..lower.len())
                    .filter(|&at| lower.as_bytes()[at..].starts_with(phrase.as_bytes()))
                {
                    expected.push((at, at + phrase.len(), p as u32));
                }
            }
            let mut found = Vec::new();
            index.occurrences(text.as_bytes(), text.len(), &mut buffer, |s, e, p| {
                found.push((s, e, p))
            });
            let mut unchecked = 0;
            dfa.for_each(text.as_bytes(), &alphabet.code, |_, _, _| unchecked += 1);
            rejected += unchecked - found.len();
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{text:?}");
        }
        assert!(rejected > 0, "no shared code was put to the test");
    }

    /// A document of [`BUCKETS_MAX_BYTES`] or more: the quick index scans it with its
    /// automaton, and answers as the other index does.
    #[test]
    fn the_quick_index_scans_a_large_document_with_its_automaton() {
        let set = PhraseSet::of(&["in order to", "it's", "a", "delve"]);
        let paragraph = "In order to delve, it’s a plan. Dinner order tomorrow.\n\n";
        let src = paragraph.repeat(2 * BUCKETS_MAX_BYTES / paragraph.len());
        let d = doc(&src);
        let quick = Arc::new(PhraseIndex::quick_to_build([&set]));
        let dfa = Arc::new(PhraseIndex::new([&set]));
        let (quick_hits, dfa_hits) = (
            PhraseHits::new(Some(quick.clone())),
            PhraseHits::new(Some(dfa)),
        );
        for text in [0, 1, doc_text_count(&d) - 1] {
            let found = quick_hits.find_all(&d, &set, text);
            assert_eq!(found.len(), 4);
            assert_eq!(found, dfa_hits.find_all(&d, &set, text));
        }
        let IndexMatcher::Buckets { automaton, .. } = &quick.matcher else {
            panic!("the quick index is over buckets");
        };
        assert!(automaton.get().is_some_and(Option::is_some));
    }

    #[test]
    fn sets_beyond_the_limit_scan_on_their_own() {
        let small = PhraseSet::of(&["delve into"]);
        let large = PhraseSet::of(&["in order to", "at this point"]);
        let index = Arc::new(PhraseIndex::with_limit([&small, &large], 1));
        assert!(index.covers(&small));
        assert!(!index.covers(&large));
        let d = doc("# At this point\n\nWe delve into it. In order to win.\n");
        let hits = PhraseHits::new(Some(index));
        assert_eq!(hits.texts_for(&d, &small), Some(&[0u32][..]));
        assert_eq!(hits.texts_for(&d, &large), None);
        assert_eq!(hits.find_all(&d, &large, 0).len(), 1);
        assert_eq!(hits.find_all(&d, &large, heading_text(&d, 0)).len(), 1);
        // no index at all: the same answers
        let none = PhraseHits::new(None);
        assert_eq!(none.find_all(&d, &small, 0), hits.find_all(&d, &small, 0));
    }
}
