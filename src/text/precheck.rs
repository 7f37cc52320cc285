//! Cheap questions asked before a regex is compiled: can it match this text at all?
//!
//! Compiling the rules' regexes is most of the CPU of checking one small article, and most
//! small articles never hold what some of them look for. A rule asks [`may_hold_phrase`]
//! (or its own test, built the same way) before it first needs a regex, and compiles it only
//! when the answer is "maybe". The answers are never "no" when the regex could match:
//!
//! - on ASCII text, a case-insensitive regex matches ASCII letters ASCII case-insensitively,
//!   `\s` is one of the six ASCII white-space bytes and `\d` an ASCII digit, so a literal
//!   test with those rules says exactly whether a required literal occurs;
//! - any other text may hold the literal in a form only Unicode knows (the Kelvin sign for
//!   `k`, the long `ſ` for `s`, a no-break space for `\s`, Arabic-Indic digits for `\d`): the
//!   answer is "maybe", but for the phrase tests, which read such a text as its
//!   [`ascii_stand_in`] (a no-break space as a space; "maybe" on the Kelvin sign or the long
//!   s).

use crate::document::Document;
use crate::text::ascii_spelling::FOLDS_TO_ASCII;
use crate::text::phrase_dfa::CaselessWords;
use crate::text::phrases::{PhraseHits, PhraseSet};
use crate::text::quick_regex::QuickRegex;
use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A regex (or several) asked only about texts that may hold a match: `may_match` answers
/// first (it must say `true` wherever the regex could match, see the module docs). Once its
/// regexes search with prefilter (see [`crate::text::quick_regex`]) they are asked directly,
/// the prefilter being quicker than the test; after [`GATE_TEXTS`] texts the test is skipped
/// (a large input pays for it only on its first texts).
pub struct Gated<T: 'static> {
    cell: OnceLock<T>,
    build: fn() -> T,
    may_match: fn(&str) -> bool,
    asked: AtomicU32,
    /// Ask the test before every search, for the regex's whole life: it is quicker than the
    /// search (a [`PhraseGate`]), not only than the build.
    always: bool,
}

/// A gated [`QuickRegex`].
pub type GatedRegex = Gated<QuickRegex>;

/// Texts a [`Gated`] regex answers with its test before it is compiled regardless.
pub const GATE_TEXTS: u32 = 512;

/// Whether a gated value's regexes search with prefilter (then the gate only costs time).
pub trait FullyCompiled {
    fn fully_compiled(&self) -> bool;
}

impl FullyCompiled for QuickRegex {
    fn fully_compiled(&self) -> bool {
        self.is_prefiltered()
    }
}

impl FullyCompiled for Vec<QuickRegex> {
    fn fully_compiled(&self) -> bool {
        self.iter().all(QuickRegex::is_prefiltered)
    }
}

impl<T: FullyCompiled + 'static> Gated<T> {
    pub const fn new(build: fn() -> T, may_match: fn(&str) -> bool) -> Gated<T> {
        Self::with_policy(build, may_match, false)
    }

    /// A gate whose test costs less than a search, not only than the build (one pass of an
    /// automaton over the text: a [`PhraseGate`]): asked before every search.
    pub const fn always(build: fn() -> T, may_match: fn(&str) -> bool) -> Gated<T> {
        Self::with_policy(build, may_match, true)
    }

    const fn with_policy(build: fn() -> T, may_match: fn(&str) -> bool, always: bool) -> Gated<T> {
        Gated {
            cell: OnceLock::new(),
            build,
            may_match,
            asked: AtomicU32::new(0),
            always,
        }
    }

    /// The regex, made now if need be.
    pub fn get(&self) -> &T {
        self.cell.get_or_init(self.build)
    }

    /// The regex to search `text` with, or `None` when it cannot match there.
    pub fn for_text(&self, text: &str) -> Option<&T> {
        if self.always {
            return (self.may_match)(text).then(|| self.get());
        }
        match self.cell.get() {
            Some(re) if re.fully_compiled() => Some(re),
            _ if self.asked.fetch_add(1, Ordering::Relaxed) >= GATE_TEXTS => Some(self.get()),
            _ => (self.may_match)(text).then(|| self.get()),
        }
    }
}

/// Whether `b` is white space for a Unicode-aware `\s` (the ASCII ones: space, tab, line feed,
/// vertical tab, form feed, carriage return).
pub fn is_regex_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether `text` may hold `phrase` as a case-insensitive regex of it finds it, a space of the
/// phrase standing for `\s+` (as [`crate::text::phrases::regex_alternation`] writes lists):
/// exact on ASCII text and on other text read as its [`ascii_stand_in`]; always `true` on a
/// text that has none, or for a phrase that is not ASCII.
pub fn may_hold_phrase(text: &str, phrase: &str) -> bool {
    if !phrase.is_ascii() {
        return true;
    }
    ascii_reading(text).is_none_or(|t| ascii_holds_phrase(&t, phrase))
}

/// `text` itself if it is ASCII, else its [`ascii_stand_in`].
pub fn ascii_reading(text: &str) -> Option<Cow<'_, str>> {
    if text.is_ascii() {
        Some(Cow::Borrowed(text))
    } else {
        ascii_stand_in(text).map(Cow::Owned)
    }
}

/// A text beyond ASCII as a case-insensitive regex of ASCII phrases (a space standing for
/// `\s+`) reads it: each character beyond ASCII becomes one byte, a space if it is white space
/// (`\s` of Unicode is the `White_Space` property, as `char::is_whitespace`), else a NUL that
/// no phrase holds. Such a regex matches an ASCII letter only as that letter in either case,
/// or as a character whose case folds to it ([`FOLDS_TO_ASCII`]): a text holding one has no
/// stand-in (`None`). Lengths change (one byte a character), so the stand-in answers whether
/// a phrase occurs, never where. On a blog, most texts beyond ASCII are curly quotes, dashes
/// and accented names: "maybe" for every such text built and searched regexes that then
/// matched nothing.
pub fn ascii_stand_in(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if FOLDS_TO_ASCII.contains(&c) {
            return None;
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push('\0');
        }
    }
    Some(out)
}

/// [`may_hold_phrase`] of an ASCII text.
fn ascii_holds_phrase(text: &str, phrase: &str) -> bool {
    let (t, p) = (text.as_bytes(), phrase.as_bytes());
    let Some(&first) = p.first() else {
        return true;
    };
    // A phrase's space stands for any white space, its first as well (" leading space" is in
    // "a\nleading space").
    let may_start = |b: u8| match first {
        b' ' => is_regex_space(b),
        _ => b.eq_ignore_ascii_case(&first),
    };
    (0..t.len()).any(|i| may_start(t[i]) && phrase_at(t, i, p))
}

fn phrase_at(t: &[u8], mut i: usize, p: &[u8]) -> bool {
    let mut k = 0;
    while k < p.len() {
        if p[k] == b' ' {
            // One or more white-space bytes; extra spaces of the phrase are part of the run.
            if !t.get(i).copied().is_some_and(is_regex_space) {
                return false;
            }
            while t.get(i).copied().is_some_and(is_regex_space) {
                i += 1;
            }
            while p.get(k) == Some(&b' ') {
                k += 1;
            }
            continue;
        }
        if !t.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&p[k])) {
            return false;
        }
        i += 1;
        k += 1;
    }
    true
}

/// Whether `text` may hold an ASCII digit followed by at most one white space and then one
/// of `words` (ASCII, matched case-insensitively): `\d\s?(?:w1|w2)` of a case-insensitive
/// regex. Always `true` on text that is not ASCII.
pub fn may_hold_digit_then(text: &str, words: &[&str]) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let t = text.as_bytes();
    let starts = |at: usize| {
        words.iter().any(|w| {
            t.get(at..at + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
        })
    };
    (0..t.len()).any(|i| {
        t[i].is_ascii_digit()
            && (starts(i + 1)
                || (t.get(i + 1).copied().is_some_and(is_regex_space) && starts(i + 2)))
    })
}

/// An ASCII byte other than a letter that every match of `pattern` holds, if the pattern
/// names one: a text without it cannot match, whatever the text (UTF-8 never hides an ASCII
/// byte inside another character), so one `memchr` turns the text away before a search. `!`
/// for the exclamation patterns of the style pack, which otherwise searched every text of a
/// document.
///
/// Read from the pattern's syntax tree before translation (a parse without Unicode tables,
/// cheap enough for a pattern asked once): a literal is held; a concatenation holds what any
/// of its parts holds, an alternation what all its branches hold, a repetition what its part
/// holds if it repeats at least once, a class nothing. Letters never count (case-insensitive
/// matching, which a flag inside the pattern can turn on, folds them); no other ASCII
/// character has another case. Of the bytes held, a punctuation mark is preferred (rarer in
/// prose than a digit or a space).
pub fn required_byte(pattern: &str) -> Option<u8> {
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .ok()?;
    let held = required_bytes(&ast);
    let pick = |keep: fn(&u8) -> bool| (0..128u8).filter(keep).find(|&b| held & (1 << b) != 0);
    pick(u8::is_ascii_punctuation)
        .or_else(|| pick(u8::is_ascii_digit))
        .or_else(|| pick(|_| true))
}

/// The set of ASCII bytes other than letters every match of `ast` holds, as bits (see
/// [`required_byte`]).
fn required_bytes(ast: &regex_syntax::ast::Ast) -> u128 {
    use regex_syntax::ast::{Ast, RepetitionKind, RepetitionOp, RepetitionRange};
    match ast {
        Ast::Literal(literal) if literal.c.is_ascii() && !literal.c.is_ascii_alphabetic() => {
            1 << (literal.c as u8)
        }
        Ast::Repetition(rep) => {
            let at_least_once = match &rep.op {
                RepetitionOp {
                    kind: RepetitionKind::OneOrMore,
                    ..
                } => true,
                RepetitionOp {
                    kind: RepetitionKind::Range(range),
                    ..
                } => match range {
                    RepetitionRange::Exactly(n) | RepetitionRange::AtLeast(n) => *n >= 1,
                    RepetitionRange::Bounded(m, _) => *m >= 1,
                },
                _ => false,
            };
            if at_least_once {
                required_bytes(&rep.ast)
            } else {
                0
            }
        }
        Ast::Group(group) => required_bytes(&group.ast),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .fold(0, |held, a| held | required_bytes(a)),
        Ast::Alternation(alt) => alt
            .asts
            .iter()
            .map(required_bytes)
            .reduce(|a, b| a & b)
            .unwrap_or(0),
        _ => 0,
    }
}

/// Whether `text` may hold any of `phrases` (see [`may_hold_phrase`]).
pub fn may_hold_any<S: AsRef<str>>(text: &str, phrases: &[S]) -> bool {
    let Some(text) = ascii_reading(text) else {
        return true;
    };
    phrases.iter().any(|p| may_hold_phrase(&text, p.as_ref()))
}

/// [`may_hold_any`] for a fixed list, answered in one pass over the text: an automaton finds
/// where the first word of a phrase occurs (ASCII case aside), and [`may_hold_phrase`]'s
/// matcher checks the rest of the phrase there. The same answers as `may_hold_any`; testing a
/// list of sixty nouns phrase by phrase, byte by byte, was a tenth of a 1 MB article's
/// instructions.
///
/// The automaton is the first words' own DFA ([`CaselessWords`]) when they use at most 31
/// distinct bytes (case aside), quick to build and to search. Otherwise it is aho-corasick's,
/// first an NFA, a third of the build of a DFA (measured: 85 against 240 us for fifty
/// nouns), which a small document's few texts cannot repay; after [`PHRASE_GATE_DFA_AFTER`]
/// texts a DFA, a third quicker to search, takes over.
#[derive(Debug)]
pub struct PhraseGate {
    /// The phrases the automaton finds by their first word.
    phrases: Vec<Vec<u8>>,
    /// The group of each phrase (see [`PhraseGate::groups`]).
    groups: Vec<u32>,
    /// The phrases' first words (in the order of `phrases`); `None` when every text is
    /// "maybe" (a phrase that is empty or not ASCII).
    first_words: Option<Vec<Vec<u8>>>,
    /// The first words' own DFA, `None` when they use too many bytes.
    caseless: OnceLock<Option<CaselessWords>>,
    /// Otherwise, the automaton of the first texts.
    nfa: OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// The automaton of the texts after them.
    dfa: OnceLock<Option<aho_corasick::AhoCorasick>>,
    asked: AtomicU32,
    /// Phrases that start with a space (no first word): tested one by one, with their group.
    others: Vec<(String, u32)>,
    /// Every group's bit.
    all: u64,
}

/// A phrase of a [`PhraseGate`] and its group.
type GroupedPhrase<'p> = (&'p str, u32);

/// Texts a [`PhraseGate`] searches with its NFA before it builds its DFA.
pub const PHRASE_GATE_DFA_AFTER: u32 = 1024;

impl PhraseGate {
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> PhraseGate {
        Self::of_groups(&[phrases])
    }

    /// A gate over several lists at once, each a group numbered by its place (at most 64):
    /// [`PhraseGate::groups`] tells in one pass which lists a text may hold a phrase of.
    pub fn of_groups<S: AsRef<str>>(lists: &[&[S]]) -> PhraseGate {
        assert!(lists.len() <= 64, "a phrase gate has at most 64 groups");
        let grouped = lists
            .iter()
            .enumerate()
            .flat_map(|(g, list)| list.iter().map(move |p| (p.as_ref(), g as u32)));
        let (others, phrases): (Vec<GroupedPhrase>, Vec<GroupedPhrase>) =
            grouped.partition(|(p, _)| p.starts_with(' '));
        let testable = phrases.iter().all(|(p, _)| !p.is_empty() && p.is_ascii());
        let first_words = testable.then(|| {
            phrases
                .iter()
                .map(|(p, _)| p.split(' ').next().unwrap_or(p).as_bytes().to_vec())
                .collect()
        });
        PhraseGate {
            groups: phrases.iter().map(|&(_, g)| g).collect(),
            phrases: phrases.iter().map(|(p, _)| p.as_bytes().to_vec()).collect(),
            first_words,
            caseless: OnceLock::new(),
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            asked: AtomicU32::new(0),
            others: others
                .into_iter()
                .map(|(p, g)| (p.to_string(), g))
                .collect(),
            all: u64::MAX >> (64 - lists.len().max(1)),
        }
    }

    /// The automaton for the next text, built now if need be.
    fn automaton(&self, words: &[Vec<u8>]) -> Option<&aho_corasick::AhoCorasick> {
        use aho_corasick::AhoCorasickKind::{ContiguousNFA, DFA};
        let build = |kind| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(kind))
                .build(words)
                .ok()
        };
        if self.asked.fetch_add(1, Ordering::Relaxed) < PHRASE_GATE_DFA_AFTER {
            self.nfa.get_or_init(|| build(ContiguousNFA)).as_ref()
        } else {
            self.dfa.get_or_init(|| build(DFA)).as_ref()
        }
    }

    /// Whether `text` may hold one of the phrases: `may_hold_any(text, phrases)`.
    pub fn may_hold(&self, text: &str) -> bool {
        self.groups_until(text, 1) != 0
    }

    /// The groups (bit `g` for list `g` of [`PhraseGate::of_groups`]) of which `text` may hold
    /// a phrase: bit `g` is `may_hold_any(text, list g)`.
    pub fn groups(&self, text: &str) -> u64 {
        self.groups_until(text, self.all)
    }

    /// The groups of the phrases found in `t` from `starts`, the places (and phrases) where a
    /// phrase's first word starts, stopping once they make up `enough`.
    fn first_word_groups(
        &self,
        t: &[u8],
        starts: impl Iterator<Item = (usize, usize)>,
        enough: u64,
    ) -> u64 {
        let mut found = 0;
        for (start, p) in starts {
            let bit = 1 << self.groups[p];
            if found & bit == 0 && phrase_at(t, start, &self.phrases[p]) {
                found |= bit;
                if found & enough == enough {
                    break;
                }
            }
        }
        found
    }

    /// [`PhraseGate::groups`], stopping once the groups found make up `enough`.
    fn groups_until(&self, text: &str, enough: u64) -> u64 {
        let Some(words) = &self.first_words else {
            return self.all;
        };
        let Some(text) = ascii_reading(text) else {
            return self.all;
        };
        let t = text.as_bytes();
        // Overlapping: "most" may begin "most recent" where "most popular" fails.
        let mut found = match self.caseless.get_or_init(|| CaselessWords::new(words)) {
            Some(caseless) => {
                let starts = caseless.occurrences(t).map(|(s, _, p)| (s, p as usize));
                self.first_word_groups(t, starts, enough)
            }
            None => {
                let Some(first_words) = self.automaton(words) else {
                    return self.all;
                };
                let starts = first_words
                    .find_overlapping_iter(t)
                    .map(|m| (m.start(), m.pattern().as_usize()));
                self.first_word_groups(t, starts, enough)
            }
        };
        if found & enough == enough {
            return found;
        }
        for (phrase, g) in &self.others {
            if found & (1 << g) == 0 && may_hold_phrase(&text, phrase) {
                found |= 1 << g;
            }
        }
        found
    }
}

/// A test that a regex's match must pass, kept for the regex's whole life: the literals every
/// match starts with, found by regex-syntax's literal extractor, or that every match contains,
/// searched ASCII case-insensitively by one automaton.
///
/// The regex's own prefilter cannot do this for a case-insensitive pattern: its literals
/// multiply by case ("as an ai" has 256 spellings), so it keeps a few short ones or none. And
/// on text that is not ASCII, a regex with Unicode word boundaries (`\b`) leaves its fast
/// lazy DFA for a backtracking search of the whole text, ten to a hundred times slower: that
/// is where a gate saves most.
///
/// Sound, never `false` where the regex matches:
/// - a case-insensitive Unicode regex matches an ASCII letter of its pattern only as that
///   letter in either ASCII case, or as the Kelvin sign (for `k`) or the long s (for `s`): a
///   text holding either is always "maybe";
/// - literals come from the pattern read with ASCII classes (`\d`, `\s`, `\w` of ASCII); they
///   are valid on any text only when the pattern read with Unicode classes gives the same
///   literals (no class shortened them); otherwise the gate tests ASCII text only, where the
///   two readings agree, and other text is always "maybe".
///
/// A pattern whose matches can start anywhere (an unbounded class first, an empty branch) or
/// whose literals are not all ASCII gets no test.
#[derive(Debug)]
pub struct LiteralGate {
    /// `None`: every text may match.
    literals: Option<aho_corasick::AhoCorasick>,
    /// Whether `literals` answers for text that is not ASCII too.
    any_text: bool,
}

impl LiteralGate {
    /// The gate of `pattern` (the `regex` crate's syntax) by the literals its matches start
    /// with.
    pub fn of(pattern: &str) -> LiteralGate {
        let ascii = Self::prefixes(pattern, false);
        let any_text = ascii.is_some() && Self::prefixes(pattern, true) == ascii;
        LiteralGate {
            literals: ascii.and_then(|literals| Self::automaton(&literals)),
            any_text,
        }
    }

    /// A gate for a regex every match of which contains one of `literals` as written in its
    /// pattern (case aside): the caller knows that from how it built the regex (a list of
    /// escaped words). No test when a literal is empty or not ASCII.
    pub fn any_of<S: AsRef<str>>(literals: &[S]) -> LiteralGate {
        let literals: Vec<&[u8]> = literals.iter().map(|l| l.as_ref().as_bytes()).collect();
        let usable = !literals.is_empty() && literals.iter().all(|l| !l.is_empty() && l.is_ascii());
        LiteralGate {
            literals: usable.then(|| Self::automaton(&literals)).flatten(),
            any_text: true,
        }
    }

    fn automaton<L: AsRef<[u8]>>(literals: &[L]) -> Option<aho_corasick::AhoCorasick> {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A few hundred states at most; the DFA is the quickest to search.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(literals)
            .ok()
    }

    /// The literals every match of `pattern` starts with, read with Unicode or ASCII classes,
    /// if there is such a finite set of non-empty ASCII literals.
    fn prefixes(pattern: &str, unicode: bool) -> Option<Vec<Vec<u8>>> {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        // `utf8(false)` lets a negated ASCII class (`[^\]]`) take bytes above 0x7F, which the
        // extractor only reads, never runs.
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok()?;
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        let mut literals: Vec<Vec<u8>> = seq
            .literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            // A case-insensitive `s` or `k` read with Unicode classes also spells the long s
            // or the Kelvin sign: a text holding one is "maybe" anyway.
            .filter(|l| !(unicode && (contains(l, "\u{17F}") || contains(l, "\u{212A}"))))
            .collect();
        literals.sort();
        literals.dedup();
        let usable = !literals.is_empty() && literals.iter().all(|l| !l.is_empty() && l.is_ascii());
        usable.then_some(literals)
    }

    /// Whether the gate tests anything (tests, and callers that report it).
    pub fn is_selective(&self) -> bool {
        self.literals.is_some()
    }

    /// Whether the gate tests text that is not ASCII too.
    pub fn tests_any_text(&self) -> bool {
        self.literals.is_some() && self.any_text
    }

    /// Whether the regex may match somewhere in `text`: never `false` where it matches.
    ///
    /// ASCII text is always "maybe": there the regex's lazy DFA scans about as fast as this
    /// test would (measured: testing ASCII text too cost more than it saved), so only text
    /// that is not ASCII, where the regex is slow, is tested.
    pub fn may_match(&self, text: &str) -> bool {
        match &self.literals {
            Some(literals) if self.any_text && !text.is_ascii() => {
                text.contains(['\u{212A}', '\u{17F}']) || literals.is_match(text)
            }
            _ => true,
        }
    }

    /// The literal test itself, on ASCII text too (tests).
    #[cfg(test)]
    pub(crate) fn may_hold_literals(&self, text: &str) -> bool {
        match &self.literals {
            Some(literals) if self.any_text || text.is_ascii() => {
                text.contains(['\u{212A}', '\u{17F}']) || literals.is_match(text)
            }
            _ => true,
        }
    }
}

/// Texts that are not ASCII a [`LazyGate`] lets through untested before it builds its gate.
pub const GATE_AFTER_TEXTS: u32 = 64;

/// A [`LiteralGate`] built once [`GATE_AFTER_TEXTS`] texts that are not ASCII have asked:
/// building one (literal extraction, an automaton) costs more than a small document's whole
/// regex search (24M instructions on the seed article, a sixth of its run), while a site's
/// thousands of texts repay it many times.
pub struct LazyGate {
    build: fn() -> LiteralGate,
    cell: OnceLock<LiteralGate>,
    asked: AtomicU32,
}

impl LazyGate {
    pub const fn new(build: fn() -> LiteralGate) -> LazyGate {
        LazyGate {
            build,
            cell: OnceLock::new(),
            asked: AtomicU32::new(0),
        }
    }

    /// The gate, built now if need be.
    pub fn get(&self) -> &LiteralGate {
        self.cell.get_or_init(self.build)
    }

    /// [`LiteralGate::may_match`], "maybe" without a test for the first texts.
    pub fn may_match(&self, text: &str) -> bool {
        if text.is_ascii() {
            return true;
        }
        if let Some(gate) = self.cell.get() {
            return gate.may_match(text);
        }
        if self.asked.fetch_add(1, Ordering::Relaxed) < GATE_AFTER_TEXTS {
            return true;
        }
        self.get().may_match(text)
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    memchr::memmem::find(haystack, needle.as_bytes()).is_some()
}

/// Literals one of which every match of a regex holds (ASCII case aside), found by the rule
/// set's one phrase scan ([`PhraseHits`]), which a rule reads at no cost of its own: a text
/// where none occurs is not searched, and a document where none occurs never compiles the
/// regex. Compiling is what a regex costs a small article (the chatbot-disclaimer regex alone
/// was a quarter of checking a near-empty one), and most articles hold none of these literals.
///
/// The rule lists the needles beside its patterns (rules/data) and returns
/// [`Needles::phrase_set`] from `phrase_sets`, so that the scan covers them. A test holds every
/// literal a match can start with to hold a needle ([`testing::assert_needles_cover`]).
///
/// Sound, never `false` where the regex matches: the scan keeps every occurrence of a needle,
/// at a word boundary or not, ASCII case-insensitively (a straight apostrophe also as the
/// typographic one). A case-insensitive Unicode regex also reads the Kelvin sign as `k` and the
/// long s as `s`: a text holding either is always "maybe". And when the scan does not cover
/// the needles (no index), every text is.
#[derive(Debug)]
pub struct Needles {
    set: PhraseSet,
}

impl Needles {
    pub fn new<S: AsRef<str>>(needles: &[S]) -> Needles {
        Needles {
            set: PhraseSet::of(needles),
        }
    }

    /// The needles as a phrase list, for the rule's `phrase_sets`.
    pub fn phrase_set(&self) -> &PhraseSet {
        &self.set
    }

    /// Whether text `text` of `doc` (numbered as [`doc_text`](crate::text::phrases::doc_text)
    /// numbers them) may hold a match.
    pub fn may_match(&self, hits: &PhraseHits, doc: &Document, text: u32) -> bool {
        let Some(texts) = hits.texts_for(doc, &self.set) else {
            return true;
        };
        if texts.binary_search(&text).is_ok() {
            return true;
        }
        hits.look_alike_texts(doc).binary_search(&text).is_ok()
    }
}

/// Whether `text` holds the Kelvin sign (E2 84 AA) or the long s (C5 BF), which a
/// case-insensitive Unicode regex reads as `k` and `s` (the two characters of
/// [`FOLDS_TO_ASCII`](crate::text::ascii_spelling::FOLDS_TO_ASCII)): one pass for both lead
/// bytes.
pub(crate) fn holds_ascii_look_alike(text: &[u8]) -> bool {
    memchr::memchr2_iter(0xE2, 0xC5, text).any(|at| {
        let rest = &text[at..];
        rest.starts_with("\u{212A}".as_bytes()) || rest.starts_with("\u{17F}".as_bytes())
    })
}

/// Whether a test that reads a text's bytes can stand for a case-insensitive Unicode regex on
/// it: whether no character of the text beyond ASCII is white space (`\s`), a character the
/// regex reads as an ASCII letter
/// ([`FOLDS_TO_ASCII`](crate::text::ascii_spelling::FOLDS_TO_ASCII)), or one of `named` (the
/// characters beyond ASCII the regex names). Any other character beyond ASCII (a letter, a
/// curly quote, a dash) is none of the bytes such a test asks for.
pub(crate) fn bytes_stand_for_regex(text: &str, named: impl Fn(char) -> bool) -> bool {
    text.is_ascii()
        || text.chars().filter(|c| !c.is_ascii()).all(|c| {
            !(c.is_whitespace()
                || crate::text::ascii_spelling::FOLDS_TO_ASCII.contains(&c)
                || named(c))
        })
}

/// Test helpers for gates: texts that vary case, white space and Unicode look-alikes, and the
/// soundness check every gate must pass.
#[cfg(test)]
pub(crate) mod testing {
    use super::LiteralGate;
    use regex::Regex;

    /// `n` texts of 1 to 12 of `words` (and a few fillers), with random case, separators
    /// (space, tab, newline, no-break space, none) and now and then a Kelvin sign or long s
    /// for `k`/`s` (which a case-insensitive Unicode regex matches as `k`/`s`). Deterministic.
    pub(crate) fn texts(words: &[&str], seed: u64, n: usize) -> Vec<String> {
        let mut state = seed;
        let mut next = move || {
            // SplitMix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let fillers = [
            "the", "data", "12", "3", "%", ",", ".", "x", "it", "(", "\"\"", "café", "\u{2014}",
            "\u{201C}", "\u{0663}", "é",
        ];
        let separators = [" ", " ", " ", "\t", "\n", "\u{a0}", "", "  "];
        (0..n)
            .map(|_| {
                let len = 1 + (next() % 12) as usize;
                let mut text = String::new();
                for _ in 0..len {
                    let pick = next() as usize;
                    let word = if pick.is_multiple_of(4) {
                        fillers[pick / 4 % fillers.len()]
                    } else {
                        words[pick / 4 % words.len()]
                    };
                    for c in word.chars() {
                        let roll = next() % 16;
                        match c {
                            'k' if roll == 0 => text.push('\u{212A}'),
                            's' if roll == 0 => text.push('\u{017F}'),
                            _ if roll < 5 => text.extend(c.to_uppercase()),
                            _ => text.push(c),
                        }
                    }
                    text.push_str(separators[next() as usize % separators.len()]);
                }
                text
            })
            .collect()
    }

    /// Asserts that every literal a match of `pattern` can start with holds one of `needles`
    /// (ASCII case aside), read with Unicode classes (where `\s` is any white space: a needle
    /// must not span one) and, when the pattern has no Unicode class, with ASCII ones, so that
    /// [`super::Needles`] never turns away a text the regex matches. Literal prefixes are
    /// extracted with limits far above the default ones, so that a long alternation keeps
    /// whole words.
    pub(crate) fn assert_needles_cover(pattern: &str, needles: &[&str]) {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let needles: Vec<String> = needles.iter().map(|n| n.to_ascii_lowercase()).collect();
        for unicode in [false, true] {
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(unicode)
                .utf8(false)
                .build()
                .parse(pattern);
            // ASCII mode refuses `\p{L}`; the Unicode reading covers every match then.
            let hir = match parsed {
                Ok(hir) => hir,
                Err(_) if !unicode => continue,
                Err(e) => panic!("{pattern}: {e}"),
            };
            let seq = Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_class(64)
                .limit_repeat(16)
                .limit_literal_len(256)
                .limit_total(100_000)
                .extract(&hir);
            let literals = seq
                .literals()
                .unwrap_or_else(|| panic!("{pattern}: matches can start with anything"));
            for literal in literals {
                let text = String::from_utf8_lossy(literal.as_bytes()).to_ascii_lowercase();
                assert!(
                    needles.iter().any(|n| text.contains(n.as_str())),
                    "{pattern}: a match can start with {text:?}, which holds no needle"
                );
            }
        }
    }

    /// Wherever `re` matches, `gate` says "maybe"; returns how many texts matched and how many
    /// the gate turned away, so that a test can check it tested something.
    pub(crate) fn assert_sound(re: &Regex, gate: &LiteralGate, texts: &[String]) -> (usize, usize) {
        let (mut matched, mut skipped) = (0, 0);
        for t in texts {
            // The literal test on every text (`may_match` passes ASCII text untested).
            let maybe = gate.may_hold_literals(t);
            assert!(gate.may_match(t) || !maybe);
            if re.is_match(t) {
                matched += 1;
                assert!(
                    maybe,
                    "the gate turned away a text the regex matches: {t:?}"
                );
            }
            skipped += usize::from(!maybe);
        }
        (matched, skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_gates_are_exact_on_ascii_and_maybe_elsewhere() {
        let gate = LiteralGate::of(r"\b(?:as an ai( language)? model|i (cannot|can't) browse)");
        assert!(gate.is_selective());
        // The regex is asked directly on ASCII text, tested first on other text.
        assert!(gate.may_match("An ordinary sentence."));
        assert!(!gate.may_match("An ordinary sentence\u{a0}with a no-break space."));
        assert!(gate.may_hold_literals("Well, AS AN AI model, I"));
        assert!(gate.may_hold_literals("i CAN'T browse"));
        assert!(!gate.may_hold_literals("An ordinary sentence."));
        // Plain literals are found in any text; a Kelvin sign or long s may be a `k` or an `s`.
        assert!(gate.tests_any_text());
        assert!(!gate.may_hold_literals("An ordinary sentence\u{a0}with a no-break space."));
        assert!(gate.may_hold_literals("As an AI model\u{a0}I"));
        assert!(gate.may_hold_literals("\u{17F}ome text"));
        // Read with Unicode classes, `\d` gives no finite literals: ASCII text only.
        let digits = LiteralGate::of(r"\d+\s?%");
        assert!(digits.is_selective() && !digits.tests_any_text());
        assert!(digits.may_hold_literals("five\u{a0}%"));
        // No finite set of starting literals: no test.
        assert!(!LiteralGate::of(r"\w+ing").is_selective());
        assert!(!LiteralGate::of(r"(?:|abc)").is_selective());
        assert!(!LiteralGate::of(r"€\d+").is_selective());
        assert!(!LiteralGate::of(r"(").is_selective());
        // ASCII classes are the Unicode ones on ASCII text.
        let digits = LiteralGate::of(r"\d+\s?%");
        assert!(digits.is_selective());
        assert!(!digits.may_hold_literals("no figures"));
        assert!(digits.may_hold_literals("about 5 %"));
    }

    #[test]
    fn lazy_gates_build_only_after_some_texts_beyond_ascii() {
        static GATE: LazyGate = LazyGate::new(|| LiteralGate::of(r"\bas an ai"));
        let other = "An ordinary sentence\u{a0}with a no-break space.";
        for _ in 0..GATE_AFTER_TEXTS {
            assert!(GATE.may_match(other));
            assert!(GATE.may_match("ASCII text is never tested."));
        }
        assert!(GATE.cell.get().is_none());
        assert!(!GATE.may_match(other));
        assert!(GATE.may_match("As an AI\u{a0}model"));
    }

    #[test]
    fn literal_gates_never_turn_away_a_match() {
        let patterns = [
            r"\b(?:as of my (last|latest) (knowledge )?(update|training)|i('m| am) (just )?an ai\b)",
            r"(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|per\s?cent\b)",
            r"\bkeys?\s+skills",
            r"\[\s*(?i:insert|your)\b[^\]\n]{0,60}\]",
        ];
        let words = [
            "as",
            "of",
            "my",
            "last",
            "latest",
            "knowledge",
            "update",
            "training",
            "i'm",
            "i",
            "am",
            "just",
            "an",
            "ai",
            "5",
            "12.5",
            "%",
            "percent",
            "per",
            "cent",
            "key",
            "keys",
            "skills",
            "[",
            "]",
            "insert",
            "your",
            "name",
            "as of my last update",
            "as of my latest knowledge training",
            "i'm an ai",
            "i am just an ai",
            "5%",
            "[insert",
            "key skills",
        ];
        let texts = testing::texts(&words, 0x5EED, 20_000);
        for p in patterns {
            let re = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .unwrap();
            let gate = LiteralGate::of(p);
            assert!(gate.is_selective(), "{p}");
            let (matched, skipped) = testing::assert_sound(&re, &gate, &texts);
            assert!(
                matched > 50 && skipped > 50,
                "{p}: {matched} matched, {skipped} skipped"
            );
        }
    }

    /// Wherever the regex matches, the test says "maybe".
    #[test]
    fn never_no_where_the_regex_matches() {
        let phrases = ["as of", "up to date as of", "latest", "per cent", " of"];
        let texts = [
            "As   OF 2020",
            "as\u{0B}of",
            "as\tof",
            "up to\ndate as of",
            "LATEST",
            "per\r\ncent",
            "aſ of 2020",
            "\u{212A}",
            "as\u{a0}of",
            "nothing here",
            "as",
            "a s of",
        ];
        for p in phrases {
            let re =
                regex::RegexBuilder::new(&crate::text::phrases::regex_alternation(
                    &[p.to_string()],
                ))
                .case_insensitive(true)
                .build()
                .unwrap();
            for t in texts {
                if re.is_match(t) {
                    assert!(may_hold_phrase(t, p), "{p:?} in {t:?}");
                }
                // Exact on ASCII, and on other text without a letter folding to ASCII.
                if !t.contains(FOLDS_TO_ASCII) {
                    assert_eq!(may_hold_phrase(t, p), re.is_match(t), "{p:?} in {t:?}");
                }
            }
        }
        assert!(!may_hold_any("nothing here", &["as of", "latest"]));
        let digit_then = ["3x", "3 X", "3\u{0B}times", "3  x", "x3", "3", "3\u{a0}x"];
        let re = regex::RegexBuilder::new(r"\d\s?(?:x|times)")
            .case_insensitive(true)
            .build()
            .unwrap();
        for t in digit_then {
            if re.is_match(t) {
                assert!(may_hold_digit_then(t, &["x", "times"]), "{t:?}");
            }
            if t.is_ascii() {
                assert_eq!(
                    may_hold_digit_then(t, &["x", "times"]),
                    re.is_match(t),
                    "{t:?}"
                );
            }
        }
        // Beyond ASCII: a no-break space is white space, a letter folding to `k` or `s` may
        // be one of the phrase's.
        assert!(may_hold_any("as\u{a0}of", &["as of"]));
        assert!(!may_hold_any("\u{a0}caf\u{e9}", &["as of"]));
        assert!(may_hold_any("\u{212A}", &["as of"]));
        assert_eq!(
            ascii_stand_in("a\u{a0}\u{e9}\u{2019}b").as_deref(),
            Some("a \0\0b")
        );
    }

    /// A gate made with `new` stops testing after [`GATE_TEXTS`] texts (its test then costs
    /// more than it saves); one made with `always` tests every text.
    #[test]
    fn gates_stop_testing_after_some_texts_unless_always() {
        static ONCE_BUILT: Gated<QuickRegex> =
            Gated::new(|| QuickRegex::new("abc", "test"), |t| t.contains("abc"));
        static ALWAYS: Gated<QuickRegex> =
            Gated::always(|| QuickRegex::new("abc", "test"), |t| t.contains("abc"));
        for _ in 0..GATE_TEXTS {
            assert!(ONCE_BUILT.for_text("xyz").is_none());
        }
        assert!(ONCE_BUILT.for_text("xyz").is_some());
        for _ in 0..=GATE_TEXTS {
            assert!(ALWAYS.for_text("xyz").is_none());
        }
        assert!(ALWAYS.for_text("xyzabc").is_some());
        assert!(ALWAYS.for_text("xyz").is_none());
    }

    /// The one-pass gate answers as the phrase-by-phrase test, on texts that vary case, white
    /// space, phrases that share a first word and letters beyond ASCII.
    #[test]
    fn phrase_gates_answer_as_the_phrase_by_phrase_test() {
        let lists: [&[&str]; 5] = [
            &[
                "most recent",
                "most popular",
                "latest",
                "up-to-date",
                "as of",
            ],
            &["users", "user", "teams", "per cent", "a hundred"],
            &["as of", " leading space"],
            // First words of 32 distinct bytes: aho-corasick's automata, not the words' own.
            &[
                "quick brown",
                "brown",
                "fox",
                "jumps over",
                "lazy",
                "dog",
                "0123456789",
            ],
            &["café", "latest"],
        ];
        let words = [
            "most",
            "recent",
            "popular",
            "latest",
            "up-to-date",
            "as",
            "of",
            "users",
            "use",
            "teams",
            "per",
            "cent",
            "a",
            "hundred",
            "leading",
            "space",
            "café",
            "quick",
            "brown",
            "fox",
            "jumps",
            "over",
            "lazy",
            "dog",
            "0123456789",
        ];
        // More ASCII texts than the NFA answers (the automaton reads only those): the DFA
        // answers too.
        let texts = testing::texts(&words, 7, 12_000);
        let ascii = texts.iter().filter(|t| t.is_ascii()).count();
        assert!(ascii > 2 * PHRASE_GATE_DFA_AFTER as usize, "{ascii}");
        let (mut turned_away, mut beyond_ascii) = (0, 0);
        let mut own_dfa = Vec::new();
        for list in lists {
            let gate = PhraseGate::new(list);
            let phrases: Vec<String> = list.iter().map(|p| p.to_string()).collect();
            let re = regex::RegexBuilder::new(&crate::text::phrases::regex_alternation(&phrases))
                .case_insensitive(true)
                .build()
                .unwrap();
            for t in &texts {
                let expected = may_hold_any(t, list);
                assert_eq!(gate.may_hold(t), expected, "{list:?} in {t:?}");
                if re.is_match(t) {
                    assert!(expected, "{list:?} turned away {t:?}");
                }
                turned_away += usize::from(!expected);
                beyond_ascii += usize::from(!expected && !t.is_ascii());
            }
            own_dfa.push(gate.caseless.get().map(Option::is_some));
        }
        let (own, theirs) = (Some(true), Some(false));
        assert_eq!(own_dfa, [own, own, own, theirs, None]);
        // The lists that can be tested turned some texts away, beyond ASCII as well, and lists
        // that cannot never do.
        assert!(
            turned_away > 1_000 && beyond_ascii > 500,
            "{turned_away} {beyond_ascii}"
        );
        // One gate over the lists at once says of each what its own gate says (the list with
        // a phrase beyond ASCII would make every text "maybe" for all).
        let grouped = PhraseGate::of_groups(&lists[..4]);
        for t in &texts {
            let groups = grouped.groups(t);
            for (g, list) in lists[..4].iter().enumerate() {
                let expected = may_hold_any(t, list);
                assert_eq!(groups & (1 << g) != 0, expected, "group {g} in {t:?}");
            }
        }
        assert!(PhraseGate::new(&["café"]).may_hold("nothing"));
        assert!(!PhraseGate::new(&["as of"]).may_hold("nothing"));
    }

    #[test]
    fn needles_answer_from_the_phrase_scan() {
        use crate::text::phrases::PhraseIndex;
        use std::sync::Arc;
        let needles = Needles::new(&["as of my", "i don't"]);
        let doc = Document::parse(
            "# Title\n\nAs of my last update, it worked.\n\nNothing here.\n\nI don\u{2019}t know.\n\n\
             The \u{212A}elvin sign.\n"
                .to_string(),
        )
        .unwrap();
        let hits = PhraseHits::new(Some(Arc::new(PhraseIndex::new([needles.phrase_set()]))));
        let answers: Vec<bool> = (0..4).map(|i| needles.may_match(&hits, &doc, i)).collect();
        // A needle; none; a needle with a typographic apostrophe; a Kelvin sign (maybe).
        assert_eq!(answers, [true, false, true, true]);
        // Without an index covering them, every text may match.
        let unindexed = PhraseHits::new(None);
        assert!((0..4).all(|i| needles.may_match(&unindexed, &doc, i)));
    }

    #[test]
    fn look_alikes_of_ascii_letters_are_found_among_other_characters() {
        for (text, holds) in [
            ("plain", false),
            ("\u{201C}curly\u{201D} caf\u{e9} \u{2014} \u{17E}", false),
            ("a\u{17F}", true),
            ("\u{2019}\u{212A}elvin", true),
        ] {
            assert_eq!(holds_ascii_look_alike(text.as_bytes()), holds, "{text}");
        }
        // The characters are those that fold to ASCII letters.
        for c in crate::text::ascii_spelling::FOLDS_TO_ASCII {
            assert!(holds_ascii_look_alike(c.to_string().as_bytes()), "{c}");
        }
    }

    #[test]
    #[should_panic(expected = "holds no needle")]
    fn a_pattern_without_a_needle_is_caught() {
        testing::assert_needles_cover(
            r"\b(?:as of my (last|latest) update|i cannot browse)",
            &["as of my"],
        );
    }

    #[test]
    fn needles_may_sit_inside_the_literal_a_match_starts_with() {
        testing::assert_needles_cover(
            r"\b(?:as (a|an) (large )?language model)",
            &["language model"],
        );
        testing::assert_needles_cover(r"\[\s*(?i:insert|add)\b[^\]]{0,9}\]", &["["]);
    }

    #[test]
    fn the_required_byte_of_a_pattern_is_in_every_match() {
        assert_eq!(
            required_byte(r#"[\p{L}\p{N})"”’](!+)(?:[\s"”’)\]*_]|$)"#),
            Some(b'!')
        );
        assert_eq!(required_byte("!(!+)"), Some(b'!'));
        // A punctuation mark before a digit or a space.
        assert_eq!(required_byte(r"e\.g\. 2"), Some(b'.'));
        assert_eq!(required_byte(r"v2 \w+"), Some(b'2'));
        assert_eq!(required_byte(r"a{2,} b"), Some(b' '));
        // Nothing every match holds: letters (a flag inside may fold them), classes, optional
        // parts, a branch without it, characters beyond ASCII.
        for pattern in [
            "abc",
            "(?i)abc",
            "a|b",
            "x?!?",
            "!*",
            "!{0,3}",
            r"\d+",
            "[!]",
            "(?:a!|b)",
            "(?:a!|b!)?",
            "é",
            "not a pattern (",
        ] {
            assert_eq!(required_byte(pattern), None, "{pattern}");
        }
        // Both branches hold `!`: the alternation does.
        assert_eq!(required_byte("(?:a!|b!)"), Some(b'!'));
        // Every match found in random texts holds the byte.
        let patterns = [
            r#"[\p{L}\p{N})"”’](!+)(?:[\s"”’)\]*_]|$)"#,
            "!(!+)",
            r"(?:e\.g\.|i\.e\.)",
            r"\d+%",
        ];
        let alphabet = ["a", "!", "e.g.", "i.e.", "5", "%", " ", "”", "é", "\n", ")"];
        let mut seed = 7u64;
        for pattern in patterns {
            let byte = required_byte(pattern).expect(pattern);
            let re = regex::Regex::new(pattern).unwrap();
            for _ in 0..300 {
                let mut text = String::new();
                for _ in 0..12 {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    text.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
                }
                for m in re.find_iter(&text) {
                    assert!(
                        m.as_str().as_bytes().contains(&byte),
                        "{pattern} in {text:?}"
                    );
                }
                if !text.as_bytes().contains(&byte) {
                    assert!(!re.is_match(&text), "{pattern} in {text:?}");
                }
            }
        }
    }
}
