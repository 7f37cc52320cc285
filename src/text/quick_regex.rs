//! Regexes that are quick to build: until it has searched [`BUDGET`] bytes, a [`QuickRegex`]
//! searches with the meta engine of `regex` (`regex_automata::meta`, on which `regex` runs)
//! built without prefilter, and in ASCII mode for ASCII text; only a large input pays for
//! regexes with prefilter.
//!
//! Building the rules' regexes with `regex` was most of the CPU of checking one small article:
//! its meta engine extracts literals for prefilters (and for its reverse-suffix and
//! reverse-inner strategies), and folds every letter of a case-insensitive pattern, and every
//! `\w`, `\d`, `\s` and `\b`, over Unicode. Without prefilter a regex builds in about half
//! the time, in ASCII mode in about a third, and searches one article as quickly (its lazy
//! DFA runs at hundreds of MB/s; a prefilter pays on large inputs with rare literals).
//!
//! The matches and groups are the full regex's:
//!
//! - a prefilter only skips text where no match can start: without it the engine finds the
//!   same matches (the Unicode regex is the full regex but for its prefilter);
//! - the ASCII regex searches only ASCII text, where Unicode changes nothing (`\d`, `\s`,
//!   `\w` and `\b` are ASCII's there; a case-insensitive ASCII letter matches its other case,
//!   and beyond that only characters outside ASCII). A pattern ASCII mode rejects (`\p{L}`,
//!   a character beyond ASCII in a class) runs as its ASCII spelling there
//!   ([`ascii_spelling`]); one that names a character beyond ASCII whose case folding reaches
//!   ASCII (the long `ſ`, `s`, and the Kelvin sign, `k`) has none and takes the Unicode
//!   regex. Within the budget a case-insensitive ASCII regex is lowered: built
//!   case-sensitively in lower case, half the build, it searches the text in lower case;
//!   past it, only when its matches start with long literals (lowered literals make
//!   prefilters, quick on rare words and slow on common ones);
//! - text beyond ASCII none of whose characters beyond ASCII is a word character (curly
//!   quotes, dashes, no-break spaces, emoji: most English prose that is not ASCII) takes the
//!   Unicode regex with ASCII word boundaries once [`BOUNDED_AFTER`] bytes of such text have
//!   been searched, before and after the budget. A word boundary falls at the same places
//!   either way there, and the lazy DFA, which gives up at a Unicode word boundary on such
//!   text (leaving a backtracking search of the whole text, 5% of a blog's instructions),
//!   keeps going.
//!
//! The differential tests of `tests` compare each path with the full regex on every pattern
//! of the crate that takes it.

use crate::text::ascii_spelling::{AsciiSpelling, FOLDS_TO_ASCII, ascii_spelling, lowered_text};
use regex_automata::meta;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use std::borrow::Cow;
use std::ops::{Index, Range};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

/// Bytes a [`QuickRegex`] searches before it compiles its regexes with prefilter. An article
/// of a few hundred KB stays under it; a run over a site or a large file compiles them (a
/// prefilter searches rare literals faster) early.
pub const BUDGET: usize = 256 * 1024;

/// Bytes of text beyond ASCII without word characters beyond ASCII a [`QuickRegex`] searches
/// with its Unicode regex before it compiles the one with ASCII word boundaries: a blog of a
/// few hundred articles gets there early, one article rarely does. Measured (instructions):
/// compiling at once cost the seed article 2% more than before the path existed; 32 KB gave
/// the Rust blog back 6% of its 8% gain; 8 KB keeps the seed's gain and most of the blog's.
pub const BOUNDED_AFTER: usize = 8 * 1024;

/// A regex compiled on first use, for the text it is asked about (see the module docs).
pub struct QuickRegex {
    pattern: String,
    ignore_case: bool,
    size_limit: Option<usize>,
    /// Says where the pattern came from when it fails to compile.
    origin: &'static str,
    /// `None`: the pattern has no ASCII spelling, or ASCII mode cannot compile it.
    ascii: OnceLock<Option<AsciiRegex>>,
    /// The full regex without prefilter, for text beyond ASCII within the budget, and
    /// whether it has a lazy DFA (see [`QuickRegex::unicode`]).
    unicode: OnceLock<(meta::Regex, bool)>,
    /// The Unicode regex with ASCII word boundaries, for text whose characters beyond ASCII
    /// are none of them word characters; `None` when the pattern has no Unicode word boundary.
    ascii_bounded: OnceLock<Option<meta::Regex>>,
    /// Past the budget: the ASCII regex with prefilter, for ASCII text (`None` as for
    /// `ascii`).
    ascii_prefiltered: OnceLock<Option<AsciiRegex>>,
    /// Past the budget: the full regex, for every text when the pattern has no ASCII regex.
    unicode_prefiltered: OnceLock<meta::Regex>,
    /// The pattern's syntax tree as the full regex reads it: every Unicode regex is built
    /// from it, parsed once.
    hir: OnceLock<Hir>,
    /// The `regex` crate's regex: compiled only when asked for ([`QuickRegex::try_full`],
    /// which checks a user's pattern at load); once it is, it serves every search.
    full: OnceLock<regex::Regex>,
    /// Bytes searched, against the budget.
    searched: AtomicUsize,
    /// Bytes of text that could take `ascii_bounded` searched before it is compiled.
    bounded_pending: AtomicUsize,
    /// The characters a text beyond ASCII must not hold to be searched by the ASCII regexes
    /// with [`INERT_BYTE`]s; `None` when no text may be (see [`QuickRegex::inert_engine`]).
    not_inert: OnceLock<Option<ClassUnicode>>,
}

impl std::fmt::Debug for QuickRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuickRegex")
            .field("pattern", &self.pattern)
            .field("ignore_case", &self.ignore_case)
            .finish()
    }
}

/// The regex of a pattern's ASCII spelling.
struct AsciiRegex {
    regex: meta::Regex,
    /// Whether it searches the text in lower case ([`lowered_text`]).
    lowered: bool,
    /// Whether it may match the byte [`INERT_BYTE`] (a negated class, `.`): then it cannot
    /// search a text with characters made that byte.
    matches_inert_byte: bool,
}

/// The byte each byte of an inert character beyond ASCII becomes in the copy of a text an
/// ASCII regex searches (see [`QuickRegex::inert_engine`]): a continuation byte, which no
/// ASCII spelling names (a character beyond ASCII is `\xFF` there).
const INERT_BYTE: u8 = 0x80;

/// The word characters and white space of Unicode (`[\w\s]`): characters beyond ASCII that
/// keep a text from the ASCII regexes whatever the pattern (see [`QuickRegex::not_inert`]).
static WORD_OR_SPACE: LazyLock<ClassUnicode> = LazyLock::new(|| {
    match regex_syntax::parse(r"[\w\s]").map(Hir::into_kind) {
        Ok(HirKind::Class(Class::Unicode(class))) => class,
        // Not a Unicode class: every character is then kept from the path.
        _ => ClassUnicode::new([ClassUnicodeRange::new('\0', char::MAX)]),
    }
});

enum Engine<'r> {
    /// The ASCII regex or the Unicode one without prefilter.
    Meta(&'r meta::Regex),
    /// An ASCII regex that searches a copy of the text ([`mapped_text`]).
    Mapped(&'r meta::Regex, TextMap),
    Full(&'r regex::Regex),
}

/// How the text an ASCII regex searches is made from the text asked about: the same bytes at
/// the same offsets, ASCII letters in lower case if `lower` (a lowered regex), each byte
/// beyond ASCII [`INERT_BYTE`] if `inert`.
#[derive(Debug, Clone, Copy)]
struct TextMap {
    lower: bool,
    inert: bool,
}

impl<'r> Engine<'r> {
    fn ascii(regex: &'r AsciiRegex) -> Engine<'r> {
        if regex.lowered {
            Engine::Mapped(
                &regex.regex,
                TextMap {
                    lower: true,
                    inert: false,
                },
            )
        } else {
            Engine::Meta(&regex.regex)
        }
    }
}

/// The text a mapped regex searches (see [`TextMap`]): borrowed when nothing changes.
fn mapped_text(text: &str, map: TextMap) -> Cow<'_, [u8]> {
    if !map.inert {
        return match lowered_text(text) {
            Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
            Cow::Owned(t) => Cow::Owned(t.into_bytes()),
        };
    }
    Cow::Owned(
        text.bytes()
            .map(|b| match b {
                0x80.. => INERT_BYTE,
                _ if map.lower => b.to_ascii_lowercase(),
                _ => b,
            })
            .collect(),
    )
}

impl QuickRegex {
    /// A regex of `pattern`, compiled when first searched; `origin` names it in the panic
    /// message should it not compile.
    pub fn new(pattern: impl Into<String>, origin: &'static str) -> QuickRegex {
        QuickRegex {
            pattern: pattern.into(),
            ignore_case: false,
            size_limit: None,
            origin,
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
            ascii_bounded: OnceLock::new(),
            ascii_prefiltered: OnceLock::new(),
            unicode_prefiltered: OnceLock::new(),
            hir: OnceLock::new(),
            full: OnceLock::new(),
            searched: AtomicUsize::new(0),
            bounded_pending: AtomicUsize::new(0),
            not_inert: OnceLock::new(),
        }
    }

    /// Case-insensitive matching (the builder flag of `regex`).
    pub fn ignore_case(mut self, yes: bool) -> QuickRegex {
        self.ignore_case = yes;
        self
    }

    /// The size limit of the compiled program (both regexes).
    pub fn size_limit(mut self, bytes: usize) -> QuickRegex {
        self.size_limit = Some(bytes);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn is_ignore_case(&self) -> bool {
        self.ignore_case
    }

    /// The full regex, compiled now if need be.
    pub fn try_full(&self) -> Result<&regex::Regex, regex::Error> {
        if let Some(re) = self.full.get() {
            return Ok(re);
        }
        let mut builder = regex::RegexBuilder::new(&self.pattern);
        builder.case_insensitive(self.ignore_case);
        if let Some(limit) = self.size_limit {
            builder.size_limit(limit);
        }
        let re = builder.build()?;
        Ok(self.full.get_or_init(|| re))
    }

    /// The full regex (see [`QuickRegex::try_full`]).
    pub fn full(&self) -> &regex::Regex {
        self.try_full()
            .unwrap_or_else(|e| panic!("{}: {e}", self.origin))
    }

    /// Whether the full regex is compiled: then every search uses it.
    pub fn is_full(&self) -> bool {
        self.full.get().is_some()
    }

    /// Whether searches are past the budget (or on the full regex): then the regexes search
    /// with their prefilter, and a cheap test before them only costs time.
    pub fn is_prefiltered(&self) -> bool {
        self.is_full() || self.searched.load(Ordering::Relaxed) >= BUDGET
    }

    /// The configuration of the meta regexes within the budget: no prefilter, no one-pass DFA
    /// (half the build of a regex with `\p{L}`; groups are then read by the backtracker,
    /// within the match only), the size limit if set.
    fn meta_config(&self) -> meta::Config {
        self.limited(meta::Config::new().auto_prefilter(false).onepass(false))
    }

    /// `config` with the size limit, if set.
    fn limited(&self, config: meta::Config) -> meta::Config {
        match self.size_limit {
            Some(limit) => config
                .nfa_size_limit(Some(limit))
                .onepass_size_limit(Some(limit)),
            None => config,
        }
    }

    /// The ASCII regex, `None` when the pattern may not take that path.
    fn ascii(&self) -> Option<&AsciiRegex> {
        self.ascii
            .get_or_init(|| self.build_ascii(self.meta_config(), true))
            .as_ref()
    }

    /// The ASCII regex with prefilter (and the meta engine's other defaults but the one-pass
    /// DFA), past the budget. Lowered only when every match of the lowered pattern starts
    /// with one of a set of literals of at least [`LOWERED_PREFIX_BYTES`] bytes: the literals
    /// of a lowered pattern make prefilters that a case-insensitive one does not get (its
    /// literals multiply by case), quicker than the lazy DFA where they are rare and slower
    /// where they are common words. Measured on the Rust blog's paragraphs: the AI
    /// disclaimer's regex (literals of 4 bytes or more, "as of my", "i cannot") searched 2.4
    /// times as fast lowered; the superlative regex, whose matches start with "the", "a" or
    /// "our", 3.2 times as slowly.
    fn ascii_prefiltered(&self) -> Option<&AsciiRegex> {
        self.ascii_prefiltered
            .get_or_init(|| {
                let config = self.limited(meta::Config::new().onepass(false));
                ascii_spelling(&self.pattern, self.ignore_case, true)
                    .filter(|s| !s.lowered || has_long_prefixes(&s.hir))
                    .and_then(|s| Self::build_spelling(config.clone(), s))
                    .or_else(|| self.build_ascii(config, false))
            })
            .as_ref()
    }

    /// `lower`: lowered if the pattern can be (see [`ascii_spelling`]).
    fn build_ascii(&self, config: meta::Config, lower: bool) -> Option<AsciiRegex> {
        Self::build_spelling(
            config,
            ascii_spelling(&self.pattern, self.ignore_case, lower)?,
        )
    }

    fn build_spelling(config: meta::Config, spelling: AsciiSpelling) -> Option<AsciiRegex> {
        let regex = meta::Builder::new()
            .configure(config)
            .build_from_hir(&spelling.hir)
            .ok()?;
        Some(AsciiRegex {
            regex,
            lowered: spelling.lowered,
            matches_inert_byte: may_match_inert_byte(&spelling.hir),
        })
    }

    /// The characters beyond ASCII that keep a text from the ASCII regexes (see
    /// [`QuickRegex::inert_engine`]): word characters and white space (`\w` and `\s` of
    /// Unicode, where an ASCII regex reads a non-word, non-space byte), and every character the
    /// pattern names or a class of it holds (case folding included). `None` when the pattern
    /// matches the empty string (an empty match could fall inside a character) or names bytes
    /// beyond ASCII.
    ///
    /// Read from the pattern parsed as written, not from [`QuickRegex::hir`]: a
    /// case-insensitive parse folds every letter of the pattern over Unicode, which took a
    /// long list of words most of a millisecond, for a question about the few characters
    /// beyond ASCII it names. The characters that parse adds are case variants (of letters
    /// the pattern names, or the Kelvin sign and the long s for `k` and `s`), and every
    /// character with a case variant is a word character, kept here whatever the pattern
    /// ([`tests::characters_with_a_case_variant_are_word_characters`]): the class is the one
    /// the case-insensitive parse gives.
    fn not_inert(&self) -> Option<&ClassUnicode> {
        self.not_inert
            .get_or_init(|| {
                let hir = regex_syntax::parse(&self.pattern).ok()?;
                if hir.properties().minimum_len().is_none_or(|n| n == 0) {
                    return None;
                }
                let mut named = WORD_OR_SPACE.ranges().to_vec();
                // One class made of every range at the end: a union per literal was quadratic
                // in a long list of words.
                add_named_characters(&hir, &mut named).then(|| ClassUnicode::new(named))
            })
            .as_ref()
    }

    /// The ASCII regex for `haystack`, a text beyond ASCII, if each of its characters beyond
    /// ASCII is inert: no word character, no white space, nothing the pattern names
    /// ([`QuickRegex::not_inert`]). Curly quotes, dashes, symbols and emoji are, in most
    /// patterns: the Unicode regexes were compiled for such texts (the regex with ASCII word
    /// boundaries after [`BOUNDED_AFTER`] bytes), a third of the regex builds of a run over a
    /// blog, and searched them at a twentieth of the ASCII regex's speed.
    ///
    /// The regex searches a copy of the text in which every byte of those characters is
    /// [`INERT_BYTE`], which nothing in the regex matches: like the character in the Unicode
    /// regex, the bytes are consumed by no part of a match, and stand between words as a
    /// non-word character (`\b`) that is no line end. A match is never empty, so it starts and
    /// ends beside them, never inside a character: the matches and groups are the Unicode
    /// regex's, at the same offsets.
    fn inert_engine(&self, haystack: &str) -> Option<Engine<'_>> {
        let not_inert = self.not_inert()?;
        if !inert_beyond_ascii(haystack, not_inert) {
            return None;
        }
        let ascii = if self.is_prefiltered() {
            self.ascii_prefiltered()?
        } else {
            self.ascii()?
        };
        if ascii.matches_inert_byte {
            return None;
        }
        self.searched.fetch_add(haystack.len(), Ordering::Relaxed);
        Some(Engine::Mapped(
            &ascii.regex,
            TextMap {
                lower: ascii.lowered,
                inert: true,
            },
        ))
    }

    /// The full regex without prefilter (its matches are the full regex's on any text).
    ///
    /// When the pattern has a Unicode word boundary and an ASCII regex, this regex has no lazy
    /// DFA: that DFA gives up at the first byte beyond ASCII of a text, and the texts this
    /// regex then searches all have one (ASCII texts take the ASCII regex), so the meta engine
    /// would run its backtracker anyway, after a DFA that cost as much to build as the rest.
    fn unicode(&self) -> &meta::Regex {
        &self
            .unicode
            .get_or_init(|| {
                let hir = self.hir();
                let lazy_dfa =
                    !hir.properties().look_set().contains_word_unicode() || !self.may_have_ascii();
                let mut config = self.meta_config();
                if !lazy_dfa {
                    config = config.hybrid(false).dfa(false);
                }
                (self.build_from_hir(config, hir), lazy_dfa)
            })
            .0
    }

    /// Whether the pattern has an ASCII regex, without building it when that is not known
    /// yet (a text beyond ASCII may come first): almost every pattern has an ASCII spelling,
    /// all but those that name a character folding to ASCII. A wrong guess (one named by an
    /// escape, a spelling ASCII mode rejects) costs only speed (ASCII texts on the
    /// backtracker).
    fn may_have_ascii(&self) -> bool {
        match self.ascii.get() {
            Some(ascii) => ascii.is_some(),
            None => !self.pattern.contains(FOLDS_TO_ASCII),
        }
    }

    /// The full regex (the meta engine as `regex` builds it, but for the one-pass DFA) for the
    /// texts past the budget of a pattern without ASCII regex: from the syntax tree already
    /// parsed, not parsed again.
    fn unicode_prefiltered(&self) -> &meta::Regex {
        self.unicode_prefiltered.get_or_init(|| {
            self.build_from_hir(self.limited(meta::Config::new().onepass(false)), self.hir())
        })
    }

    fn build_from_hir(&self, config: meta::Config, hir: &Hir) -> meta::Regex {
        meta::Builder::new()
            .configure(config)
            .build_from_hir(hir)
            .unwrap_or_else(|e| panic!("{}: {e}", self.origin))
    }

    /// The syntax tree of the pattern as the full regex reads it.
    fn hir(&self) -> &Hir {
        self.hir.get_or_init(|| {
            regex_syntax::ParserBuilder::new()
                .case_insensitive(self.ignore_case)
                .build()
                .parse(&self.pattern)
                .unwrap_or_else(|e| panic!("{}: {e}", self.origin))
        })
    }

    /// The Unicode regex with every Unicode word boundary (`\b`, `\B`, `\<`, `\>`, the half
    /// boundaries) made an ASCII one; `None` when the pattern has none.
    fn ascii_bounded(&self) -> Option<&meta::Regex> {
        self.ascii_bounded
            .get_or_init(|| {
                if !may_have_word_boundary(&self.pattern) {
                    return None;
                }
                let (hir, changed) = with_ascii_word_boundaries(self.hir().clone());
                if !changed {
                    return None;
                }
                let hir = without_word_characters_beyond_ascii(hir);
                Some(self.build_from_hir(self.meta_config(), &hir))
            })
            .as_ref()
    }

    /// The regex with ASCII word boundaries for `haystack` (beyond ASCII), if it may take it:
    /// no character of it beyond ASCII is a word character, and such texts have been searched
    /// for [`BOUNDED_AFTER`] bytes (a small file beyond ASCII would otherwise compile both
    /// this regex and the Unicode one, for little to search).
    fn bounded_for(&self, haystack: &str) -> Option<&meta::Regex> {
        if let Some(bounded) = self.ascii_bounded.get() {
            return bounded
                .as_ref()
                .filter(|_| !has_word_character_beyond_ascii(haystack));
        }
        if has_word_character_beyond_ascii(haystack)
            || self
                .bounded_pending
                .fetch_add(haystack.len(), Ordering::Relaxed)
                < BOUNDED_AFTER
        {
            return None;
        }
        self.ascii_bounded()
    }

    fn engine(&self, haystack: &str) -> Engine<'_> {
        let ascii_text = haystack.is_ascii();
        // Text beyond ASCII makes the lazy DFA give up at a Unicode word boundary, and the
        // search start again on a backtracking engine. When none of the text's characters
        // beyond ASCII is a word character (curly quotes, dashes, no-break spaces, emoji), an
        // ASCII word boundary is the Unicode one at every position, and the DFA keeps going.
        if !ascii_text && let Some(inert) = self.inert_engine(haystack) {
            return inert;
        }
        if !ascii_text && let Some(bounded) = self.bounded_for(haystack) {
            self.searched.fetch_add(haystack.len(), Ordering::Relaxed);
            return Engine::Meta(bounded);
        }
        if let Some(full) = self.full.get() {
            return Engine::Full(full);
        }
        if self.searched.fetch_add(haystack.len(), Ordering::Relaxed) >= BUDGET {
            // With prefilter. Not the `regex` crate's regex: that is the Unicode one with
            // prefilter, which costs an ASCII text more to build and no less to search.
            if ascii_text && let Some(ascii) = self.ascii_prefiltered() {
                return Engine::ascii(ascii);
            }
            // A text beyond ASCII that the regex with ASCII word boundaries cannot take
            // (letters beyond ASCII) is rare where most text is ASCII: the Unicode regex
            // serves it, one build fewer.
            if self.may_have_ascii() {
                return Engine::Meta(self.unicode());
            }
            return Engine::Meta(self.unicode_prefiltered());
        }
        // Once a text beyond ASCII has needed the Unicode regex, it serves every text (one
        // regex compiled rather than two), if it has a lazy DFA.
        if ascii_text
            && self.unicode.get().is_none_or(|(_, lazy_dfa)| !lazy_dfa)
            && let Some(ascii) = self.ascii()
        {
            return Engine::ascii(ascii);
        }
        Engine::Meta(self.unicode())
    }

    // A lowered regex searches the text in lower case: the same offsets, so its matches and
    // groups are the text's. Its iterators are collected when the text had to be copied.

    pub fn is_match(&self, haystack: &str) -> bool {
        match self.engine(haystack) {
            Engine::Meta(re) => re.is_match(haystack.as_bytes()),
            Engine::Mapped(re, map) => re.is_match(&*mapped_text(haystack, map)),
            Engine::Full(re) => re.is_match(haystack),
        }
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        let range = match self.engine(haystack) {
            Engine::Meta(re) => re.find(haystack.as_bytes())?.range(),
            Engine::Mapped(re, map) => re.find(&*mapped_text(haystack, map))?.range(),
            Engine::Full(re) => re.find(haystack)?.range(),
        };
        Some(Match::new(haystack, range))
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        match self.engine(haystack) {
            Engine::Meta(re) => Matches::Ascii(haystack, re.find_iter(haystack.as_bytes())),
            Engine::Mapped(re, map) => match mapped_text(haystack, map) {
                Cow::Borrowed(_) => Matches::Ascii(haystack, re.find_iter(haystack.as_bytes())),
                Cow::Owned(mapped) => Matches::Collected(
                    re.find_iter(&mapped[..])
                        .map(|m| Match::new(haystack, m.range()))
                        .collect::<Vec<_>>()
                        .into_iter(),
                ),
            },
            Engine::Full(re) => Matches::Full(haystack, re.find_iter(haystack)),
        }
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let (re, searched) = match self.engine(haystack) {
            Engine::Meta(re) => (re, Cow::Borrowed(haystack.as_bytes())),
            Engine::Mapped(re, map) => (re, mapped_text(haystack, map)),
            Engine::Full(re) => return re.captures(haystack).map(|c| Captures::full(haystack, c)),
        };
        let mut groups = re.create_captures();
        re.captures(&*searched, &mut groups);
        groups.is_match().then(|| Captures::ascii(haystack, groups))
    }

    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        // Most texts hold no match: on ASCII text, where every regex it takes has a lazy DFA,
        // a search that stops at the first match state, without the groups the iterator
        // allocates, turns them away first. (On other text a Unicode regex may have no lazy
        // DFA, and the test would be a second slow search: measured, 2.6% more instructions
        // on the seed article.)
        let quick_no = |re: &meta::Regex| haystack.is_ascii() && !re.is_match(haystack.as_bytes());
        match self.engine(haystack) {
            Engine::Meta(re) if quick_no(re) => CaptureMatches::None,
            Engine::Meta(re) => {
                CaptureMatches::Ascii(haystack, re.captures_iter(haystack.as_bytes()))
            }
            Engine::Mapped(re, map) => match mapped_text(haystack, map) {
                Cow::Borrowed(_) if quick_no(re) => CaptureMatches::None,
                Cow::Borrowed(_) => {
                    CaptureMatches::Ascii(haystack, re.captures_iter(haystack.as_bytes()))
                }
                Cow::Owned(mapped) => CaptureMatches::Collected(
                    haystack,
                    re.captures_iter(&mapped[..])
                        .collect::<Vec<_>>()
                        .into_iter(),
                ),
            },
            Engine::Full(re) => CaptureMatches::Full(haystack, re.captures_iter(haystack)),
        }
    }

    /// The number of groups, the whole match included.
    pub fn captures_len(&self) -> usize {
        match (self.full.get(), self.ascii()) {
            (Some(re), _) => re.captures_len(),
            (None, Some(ascii)) => ascii.regex.captures_len(),
            (None, None) => self.unicode().captures_len(),
        }
    }
}

/// The shortest prefix literal that makes a lowered regex worth its prefilter (see
/// [`QuickRegex::ascii_prefiltered`]): of the crate's case-insensitive patterns, those whose
/// shortest was 4 bytes or more searched faster lowered, one of 3 bytes slightly slower.
const LOWERED_PREFIX_BYTES: usize = 4;

/// Whether every match of `hir` starts with one of a finite set of literals, each at least
/// [`LOWERED_PREFIX_BYTES`] long (regex-syntax's extractor, as the meta engine reads
/// prefixes).
fn has_long_prefixes(hir: &Hir) -> bool {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals
                .iter()
                .all(|l| l.as_bytes().len() >= LOWERED_PREFIX_BYTES)
    })
}

/// Whether `pattern` may hold a Unicode word boundary: a `\b`, `\B`, `\<` or `\>` (an
/// escaped backslash before one of them answers yes too, and costs only a regex compiled
/// for nothing).
fn may_have_word_boundary(pattern: &str) -> bool {
    ["\\b", "\\B", "\\<", "\\>"]
        .iter()
        .any(|e| pattern.contains(e))
}

/// `hir` with its Unicode word boundaries made ASCII ones, and whether there was one.
fn with_ascii_word_boundaries(hir: Hir) -> (Hir, bool) {
    let mut changed = false;
    let hir = map_leaves(hir, &mut |leaf| match leaf {
        HirKind::Look(look) => {
            let ascii = match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => other,
            };
            changed |= ascii != look;
            Hir::look(ascii)
        }
        other => rebuild_leaf(other),
    });
    (hir, changed)
}

/// `hir` without the word characters beyond ASCII in its classes, for the texts the regex
/// with ASCII word boundaries searches, which hold none: it matches there exactly as `hir`
/// does. `\w`, and `\d` and every case-insensitive letter with it, is then a handful of ASCII
/// ranges rather than hundreds of Unicode ones, which made most of that regex's build (a
/// negated class keeps the other characters beyond ASCII: curly quotes, dashes, spaces).
fn without_word_characters_beyond_ascii(hir: Hir) -> Hir {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange};
    static BEYOND_ASCII: LazyLock<ClassUnicode> = LazyLock::new(|| {
        // `\w` is a Unicode class; were it not, nothing would be removed (the regex unchanged).
        let mut beyond = match regex_syntax::parse(r"\w").map(Hir::into_kind) {
            Ok(HirKind::Class(Class::Unicode(word))) => word,
            _ => ClassUnicode::empty(),
        };
        beyond.difference(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
        beyond
    });
    map_leaves(hir, &mut |leaf| match leaf {
        HirKind::Class(Class::Unicode(mut class)) => {
            class.difference(&BEYOND_ASCII);
            Hir::class(Class::Unicode(class))
        }
        other => rebuild_leaf(other),
    })
}

/// `hir` with each leaf (empty, literal, class, look-around) replaced by `leaf`'s answer, and
/// the rest of the tree as it was.
fn map_leaves(hir: Hir, leaf: &mut impl FnMut(HirKind) -> Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(map_leaves(*rep.sub, leaf));
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(map_leaves(*cap.sub, leaf));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(|h| map_leaves(h, leaf)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| map_leaves(h, leaf)).collect())
        }
        other => leaf(other),
    }
}

/// The syntax tree of `kind`, as it was (a leaf [`map_leaves`] leaves alone).
fn rebuild_leaf(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(rep),
        HirKind::Capture(cap) => Hir::capture(cap),
        HirKind::Concat(subs) => Hir::concat(subs),
        HirKind::Alternation(subs) => Hir::alternation(subs),
    }
}

/// Whether a character of `text` beyond ASCII is a word character (`\w` of Unicode): then a
/// Unicode word boundary may fall where an ASCII one does not.
fn has_word_character_beyond_ascii(text: &str) -> bool {
    chars_beyond_ascii(text).any(regex_syntax::is_word_character)
}

/// The characters of `text` beyond ASCII, found by skipping the runs of ASCII bytes.
fn chars_beyond_ascii(text: &str) -> impl Iterator<Item = char> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(|b| !b.is_ascii())?;
        let c = text[start..].chars().next()?;
        at = start + c.len_utf8();
        Some(c)
    })
}

/// Whether every character of `text` beyond ASCII is outside `not_inert` (see
/// [`QuickRegex::inert_engine`]).
fn inert_beyond_ascii(text: &str, not_inert: &ClassUnicode) -> bool {
    let ranges = not_inert.ranges();
    chars_beyond_ascii(text).all(|c| {
        ranges
            .binary_search_by(|r| {
                if r.end() < c {
                    std::cmp::Ordering::Less
                } else if r.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_err()
    })
}

/// Adds to `named` the ranges of characters beyond ASCII that a literal or a class of `hir`
/// matches (those of ASCII never stand for an inert character); `false` when one matches
/// bytes beyond ASCII that are no character.
fn add_named_characters(hir: &Hir, named: &mut Vec<ClassUnicodeRange>) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) if lit.0.is_ascii() => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) => {
                named.extend(
                    text.chars()
                        .filter(|c| !c.is_ascii())
                        .map(|c| ClassUnicodeRange::new(c, c)),
                );
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            named.extend(class.ranges().iter().filter(|r| !r.end().is_ascii()));
            true
        }
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().all(|r| r.end().is_ascii()),
        HirKind::Repetition(rep) => add_named_characters(&rep.sub, named),
        HirKind::Capture(cap) => add_named_characters(&cap.sub, named),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().all(|h| add_named_characters(h, named))
        }
    }
}

/// Whether a regex of `hir` (an ASCII spelling) may match [`INERT_BYTE`]: a literal of it, a
/// class of bytes that holds it (a negated class, `.`), or any class of characters beyond
/// ASCII (none is expected in an ASCII spelling: kept out, not reasoned about).
fn may_match_inert_byte(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&INERT_BYTE),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| !r.end().is_ascii()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&INERT_BYTE)),
        HirKind::Repetition(rep) => may_match_inert_byte(&rep.sub),
        HirKind::Capture(cap) => may_match_inert_byte(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(may_match_inert_byte),
    }
}

/// One match: its haystack and byte range (as `regex::Match`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, range: Range<usize>) -> Match<'h> {
        Match {
            haystack,
            start: range.start,
            end: range.end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.range()]
    }
}

/// The groups of one match (as `regex::Captures`).
pub struct Captures<'h> {
    haystack: &'h str,
    groups: Groups<'h>,
}

enum Groups<'h> {
    Ascii(regex_automata::util::captures::Captures),
    Full(regex::Captures<'h>),
}

impl<'h> Captures<'h> {
    fn ascii(haystack: &'h str, groups: regex_automata::util::captures::Captures) -> Captures<'h> {
        Captures {
            haystack,
            groups: Groups::Ascii(groups),
        }
    }

    fn full(haystack: &'h str, groups: regex::Captures<'h>) -> Captures<'h> {
        Captures {
            haystack,
            groups: Groups::Full(groups),
        }
    }

    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        let range = match &self.groups {
            Groups::Ascii(c) => c.get_group(i)?.range(),
            Groups::Full(c) => c.get(i)?.range(),
        };
        Some(Match::new(self.haystack, range))
    }

    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        let range = match &self.groups {
            Groups::Ascii(c) => c.get_group_by_name(name)?.range(),
            Groups::Full(c) => c.name(name)?.range(),
        };
        Some(Match::new(self.haystack, range))
    }

    /// The number of groups, the whole match included.
    pub fn len(&self) -> usize {
        match &self.groups {
            Groups::Ascii(c) => c.group_len(),
            Groups::Full(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Index<usize> for Captures<'_> {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group {i} in this match"))
    }
}

/// Matches of [`QuickRegex::find_iter`].
pub enum Matches<'r, 'h> {
    Ascii(&'h str, meta::FindMatches<'r, 'h>),
    /// Found in a copy of the text (in lower case).
    Collected(std::vec::IntoIter<Match<'h>>),
    Full(&'h str, regex::Matches<'r, 'h>),
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    // Inlined as it was before the collected variants: it runs once per text and regex, and
    // a call made a rule that asks one regex of every text 9% slower.
    #[inline(always)]
    fn next(&mut self) -> Option<Match<'h>> {
        match self {
            Matches::Ascii(h, it) => it.next().map(|m| Match::new(h, m.range())),
            Matches::Collected(it) => it.next(),
            Matches::Full(h, it) => it.next().map(|m| Match::new(h, m.range())),
        }
    }
}

/// Matches of [`QuickRegex::captures_iter`].
pub enum CaptureMatches<'r, 'h> {
    /// The text holds no match.
    None,
    Ascii(&'h str, meta::CapturesMatches<'r, 'h>),
    /// Found in a copy of the text (in lower case).
    Collected(
        &'h str,
        std::vec::IntoIter<regex_automata::util::captures::Captures>,
    ),
    Full(&'h str, regex::CaptureMatches<'r, 'h>),
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    // Inlined as it was before the collected variants: it runs once per text and regex, and
    // a call made a rule that asks one regex of every text 9% slower.
    #[inline(always)]
    fn next(&mut self) -> Option<Captures<'h>> {
        match self {
            CaptureMatches::None => None,
            CaptureMatches::Ascii(h, it) => it.next().map(|c| Captures::ascii(h, c)),
            CaptureMatches::Collected(h, it) => it.next().map(|c| Captures::ascii(h, c)),
            CaptureMatches::Full(h, it) => it.next().map(|c| Captures::full(h, c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

    /// Every regex of the crate that may take the cheap path.
    fn all_quick_regexes() -> Vec<&'static QuickRegex> {
        let mut all = crate::rules::claims::quick_regexes();
        all.extend(crate::rules::temporal::quick_regexes());
        all.extend(crate::rules::filler::quick_regexes());
        all.extend(crate::document::quick_regexes());
        all.extend(crate::packs::quick_regexes());
        all
    }

    /// A random string of the ASCII part of the language of `hir`: the generator of near
    /// matches.
    fn sample(hir: &Hir, rng: &mut Rng, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(class)) => {
                let ascii: Vec<(char, char)> = class
                    .ranges()
                    .iter()
                    .filter(|r| r.start().is_ascii())
                    .map(|r| (r.start(), r.end().min('\x7F')))
                    .collect();
                if !ascii.is_empty() {
                    let &(a, b) = rng.pick(&ascii);
                    let c = a as u32 + rng.below((b as u32 - a as u32 + 1) as usize) as u32;
                    out.push(char::from_u32(c).unwrap());
                }
            }
            HirKind::Class(Class::Bytes(class)) => {
                if let Some(r) = class.ranges().first() {
                    out.push(char::from(r.start().min(0x7F)));
                }
            }
            HirKind::Repetition(rep) => {
                let max = rep.max.unwrap_or(rep.min + 3).min(rep.min + 3);
                let n = rep.min + rng.below((max - rep.min + 1) as usize) as u32;
                for _ in 0..n {
                    sample(&rep.sub, rng, out);
                }
            }
            HirKind::Capture(cap) => sample(&cap.sub, rng, out),
            HirKind::Concat(subs) => subs.iter().for_each(|s| sample(s, rng, out)),
            HirKind::Alternation(subs) => sample(rng.pick(subs), rng, out),
        }
    }

    /// Words and signs of a pattern, for the text around its samples.
    fn vocabulary(pattern: &str) -> Vec<String> {
        let mut words: Vec<String> = pattern
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(str::to_string)
            .collect();
        words.extend(
            [
                "3", "42", "2,000", "1.5", "2024", "1999", "100", "0", "x", "%", "$", "(", ")",
                "[", "]", "{{", "}}", "<", ">", ",", ".", ";", ":", "-", "'", "\"", "#", "_", "/",
            ]
            .map(str::to_string),
        );
        words
    }

    const SPACES: &[&str] = &[
        " ", " ", " ", "  ", "\t", "\n", "\u{0B}", "\u{0C}", "\r\n", "",
    ];

    /// A text of samples, vocabulary and spaces, with a few random edits.
    fn text(hir: &Hir, words: &[String], rng: &mut Rng) -> String {
        let mut t = String::new();
        // A sample alone, for anchored patterns.
        if rng.below(4) == 0 {
            sample(hir, rng, &mut t);
            return t;
        }
        for _ in 0..1 + rng.below(6) {
            if rng.below(2) == 0 {
                sample(hir, rng, &mut t);
            } else {
                t.push_str(rng.pick(words).as_str());
            }
            let space: &&str = rng.pick(SPACES);
            t.push_str(space.as_ref());
        }
        let mut chars: Vec<char> = t.chars().collect();
        for _ in 0..rng.below(3) {
            if chars.is_empty() {
                break;
            }
            let i = rng.below(chars.len());
            match rng.below(4) {
                0 => {
                    chars.remove(i);
                }
                1 => chars[i] = chars[i].to_ascii_uppercase(),
                2 => chars[i] = chars[i].to_ascii_lowercase(),
                _ => chars.insert(i, *rng.pick(&['a', ' ', '1', '-', 'S', 'k', '.'])),
            }
        }
        chars.into_iter().collect()
    }

    /// Every match and group of `re` in `text`.
    fn meta_matches(re: &meta::Regex, text: &str) -> Vec<Vec<Option<Range<usize>>>> {
        re.captures_iter(text.as_bytes())
            .map(|c| {
                (0..c.group_len())
                    .map(|i| c.get_group(i).map(|m| m.range()))
                    .collect()
            })
            .collect()
    }

    fn full_matches(re: &regex::Regex, text: &str) -> Vec<Vec<Option<Range<usize>>>> {
        re.captures_iter(text)
            .map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect())
            .collect()
    }

    /// The syntax tree of a regex's pattern, for the generator of near matches.
    fn hir_of(re: &QuickRegex) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(re.ignore_case)
            .build()
            .parse(&re.pattern)
            .unwrap()
    }

    /// Asserts that `meta` finds the matches and groups `full` finds in `text`; whether there
    /// were any.
    fn assert_finds_alike(
        meta: &meta::Regex,
        full: &regex::Regex,
        text: &str,
        pattern: &str,
    ) -> bool {
        let expected = full_matches(full, text);
        assert_eq!(
            meta_matches(meta, text),
            expected,
            "{pattern:?} on {text:?}"
        );
        !expected.is_empty()
    }

    /// [`assert_finds_alike`] for an ASCII regex, on the text it searches (in lower case if
    /// it is lowered).
    fn assert_ascii_finds_alike(
        ascii: &AsciiRegex,
        full: &regex::Regex,
        text: &str,
        pattern: &str,
    ) -> bool {
        let expected = full_matches(full, text);
        let searched = if ascii.lowered {
            lowered_text(text)
        } else {
            Cow::Borrowed(text)
        };
        assert_eq!(
            meta_matches(&ascii.regex, &searched),
            expected,
            "{pattern:?} on {text:?} (lowered: {})",
            ascii.lowered
        );
        assert_eq!(
            ascii.regex.is_match(searched.as_bytes()),
            !expected.is_empty()
        );
        !expected.is_empty()
    }

    /// The texts of the repository's fixtures, by paragraph and by line.
    fn fixture_texts() -> Vec<String> {
        let mut texts = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let src = std::fs::read_to_string(&path).unwrap_or_default();
                    texts.extend(src.split("\n\n").map(str::to_string));
                    texts.extend(src.lines().map(str::to_string));
                }
            }
        }
        texts
    }

    /// The differential test: wherever a regex of the crate takes the cheap path, the ASCII
    /// regexes (with and without prefilter) find the matches and groups the full regex finds,
    /// on generated near matches and on the fixtures' ASCII paragraphs and lines; the Unicode
    /// regexes do on every text.
    #[test]
    fn the_cheap_path_finds_what_regex_finds() {
        let fixtures = fixture_texts();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let (mut cheap, mut lowered, mut lowered_prefiltered) = (0, 0, 0);
        for re in all_quick_regexes() {
            let Some(ascii) = re.ascii() else {
                eprintln!("takes the full regex: {:?}", re.pattern);
                continue;
            };
            let ascii_prefiltered = re
                .ascii_prefiltered()
                .expect("the ASCII regex, prefiltered");
            cheap += 1;
            lowered += usize::from(ascii.lowered);
            lowered_prefiltered += usize::from(ascii_prefiltered.lowered);
            let full = re.full();
            let hir = hir_of(re);
            let words = vocabulary(&re.pattern);
            let generated = (0..3000).map(|_| text(&hir, &words, &mut rng));
            let (mut compared, mut matched) = (0, 0);
            for t in generated.chain(fixtures.iter().cloned()) {
                // The Unicode regexes are the full one with or without prefilter, on any text.
                assert_finds_alike(re.unicode(), full, &t, &re.pattern);
                assert_finds_alike(re.unicode_prefiltered(), full, &t, &re.pattern);
                if !t.is_ascii() {
                    continue;
                }
                let found = assert_ascii_finds_alike(ascii, full, &t, &re.pattern);
                assert_ascii_finds_alike(ascii_prefiltered, full, &t, &re.pattern);
                compared += 1;
                matched += usize::from(found);
            }
            assert!(compared > 3000, "{:?}: {compared} texts", re.pattern);
            // An emoji's class matches no ASCII: nothing to find, but the texts are compared.
            let ascii_matchable = !re.pattern.contains("Extended_Pictographic");
            assert!(
                matched > 100 || !ascii_matchable,
                "{:?}: matched {matched} texts",
                re.pattern
            );
        }
        assert!(cheap >= 30, "{cheap} regexes take the cheap path");
        assert!(lowered >= 15, "{lowered} regexes are lowered");
        // The AI disclaimer's and the stale-phrase regexes start with long literals.
        assert!(
            (2..lowered).contains(&lowered_prefiltered),
            "{lowered_prefiltered} prefiltered regexes are lowered"
        );
    }

    /// Characters beyond ASCII that are not word characters: quotes, dashes, spaces, signs,
    /// numbers that are not digits (`½`, `²`), an emoji.
    const NOT_WORD_BEYOND_ASCII: &[char] = &[
        '\u{2019}', '\u{201C}', '\u{201D}', '\u{2014}', '\u{2013}', '\u{2026}', '\u{A0}',
        '\u{2009}', '€', '£', '×', '©', '°', '½', '²', '😀', '\u{FEFF}',
    ];
    /// Word characters beyond ASCII: letters, a combining accent, the zero-width joiner, a
    /// digit that is not ASCII's.
    const WORD_BEYOND_ASCII: &[char] = &[
        'é', 'ß', 'Ω', '中', '\u{301}', '\u{200D}', '٣', '\u{17F}', '\u{212A}',
    ];

    /// `text` with a few characters beyond ASCII put in, next to words as often as not.
    fn with_characters_beyond_ascii(text: &str, from: &[char], rng: &mut Rng) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(chars.len() + 1);
            chars.insert(i, *rng.pick(from));
        }
        chars.into_iter().collect()
    }

    /// The differential test of the ASCII word boundaries: on text whose characters beyond
    /// ASCII are none of them word characters, the regex with ASCII word boundaries finds the
    /// matches and groups the full regex finds; on any text, what a [`QuickRegex`] answers is
    /// what the full regex answers.
    #[test]
    fn ascii_word_boundaries_find_what_regex_finds_where_no_word_goes_beyond_ascii() {
        let fixtures = fixture_texts();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut bounded_regexes = 0;
        for re in all_quick_regexes() {
            let full = re.full();
            let hir = hir_of(re);
            let words = vocabulary(&re.pattern);
            let bounded = re.ascii_bounded();
            bounded_regexes += usize::from(bounded.is_some());
            let (mut compared, mut matched) = (0, 0);
            let fresh = QuickRegex {
                pattern: re.pattern.clone(),
                ..QuickRegex::new("", "test").ignore_case(re.ignore_case)
            };
            for i in 0..3000 {
                let base = text(&hir, &words, &mut rng);
                let from = if i % 4 == 0 {
                    WORD_BEYOND_ASCII
                } else {
                    NOT_WORD_BEYOND_ASCII
                };
                let t = with_characters_beyond_ascii(&base, from, &mut rng);
                assert_eq!(
                    has_word_character_beyond_ascii(&t),
                    t.chars()
                        .any(|c| !c.is_ascii() && WORD_BEYOND_ASCII.contains(&c)),
                    "{t:?}"
                );
                // Through the wrapper, whichever engine it picks.
                let answered: Vec<Vec<Option<Range<usize>>>> = fresh
                    .captures_iter(&t)
                    .map(|c| (0..c.len()).map(|g| c.get(g).map(|m| m.range())).collect())
                    .collect();
                assert_eq!(
                    answered,
                    full_matches(full, &t),
                    "{:?} on {t:?}",
                    re.pattern
                );
                let Some(bounded) = bounded else { continue };
                if has_word_character_beyond_ascii(&t) {
                    continue;
                }
                let found = assert_finds_alike(bounded, full, &t, &re.pattern);
                compared += 1;
                matched += usize::from(found);
            }
            let Some(bounded) = bounded else { continue };
            for t in fixtures
                .iter()
                .filter(|t| !has_word_character_beyond_ascii(t))
            {
                assert_finds_alike(bounded, full, t, &re.pattern);
            }
            assert!(compared > 1500, "{:?}: {compared} texts", re.pattern);
            let matchable = !re.pattern.contains("Extended_Pictographic");
            assert!(
                matched > 50 || !matchable,
                "{:?}: matched {matched} texts",
                re.pattern
            );
        }
        assert!(
            bounded_regexes >= 10,
            "{bounded_regexes} regexes have word boundaries"
        );
    }

    /// Every character that Unicode's simple case folding maps to another is a word
    /// character: a pattern parsed case-insensitively names no other character beyond the
    /// word characters than parsed as written ([`QuickRegex::not_inert`]).
    #[test]
    fn characters_with_a_case_variant_are_word_characters() {
        let mut others = WORD_OR_SPACE.clone();
        others.negate();
        let mut checked = 0;
        for c in others.ranges().iter().flat_map(|r| r.start()..=r.end()) {
            let mut variants = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            variants.case_fold_simple();
            assert_eq!(variants.ranges(), [ClassUnicodeRange::new(c, c)], "{c:?}");
            checked += 1;
        }
        assert!(checked > 900_000, "{checked} characters");
        assert!(
            FOLDS_TO_ASCII
                .iter()
                .all(|&c| regex_syntax::is_word_character(c))
        );
    }

    /// The characters that keep a text from the inert path, read from the pattern as written,
    /// are those of the pattern parsed as the full regex reads it (case folding over Unicode),
    /// for every regex of the crate and a few patterns with characters beyond ASCII.
    #[test]
    fn not_inert_holds_what_the_full_parse_names() {
        let written = [
            QuickRegex::new(r"caf\x{E9}|\x{2014}", "test").ignore_case(true),
            QuickRegex::new(r"[\x{C0}-\x{DE}]x|(?i:\x{3A3})", "test"),
            QuickRegex::new(r"[^a-z\x{E9}]k", "test").ignore_case(true),
            QuickRegex::new(r"s\x{2019}\x{212A}", "test"),
        ];
        let mut compared = 0;
        for re in all_quick_regexes().into_iter().chain(&written) {
            let hir = hir_of(re);
            let mut named = WORD_OR_SPACE.ranges().to_vec();
            let expected = (hir.properties().minimum_len().is_some_and(|n| n > 0)
                && add_named_characters(&hir, &mut named))
            .then(|| ClassUnicode::new(named));
            let found = re.not_inert();
            assert_eq!(found.is_some(), expected.is_some(), "{:?}", re.pattern);
            if let (Some(found), Some(expected)) = (found, expected) {
                assert_eq!(*found, expected, "{:?}", re.pattern);
                compared += 1;
            }
        }
        assert!(compared >= 25, "{compared} patterns");
        // A dash the pattern names is kept from the path; a curly quote it does not is inert.
        let named = written[0].not_inert().unwrap();
        assert!(!inert_beyond_ascii("a \u{2014} b", named));
        assert!(inert_beyond_ascii("a \u{2019} b", named));
    }

    /// The differential test of inert characters: on a text whose characters beyond ASCII are
    /// neither word characters, nor white space, nor named by the pattern, the ASCII regexes
    /// (with and without prefilter) searching the copy with [`INERT_BYTE`]s find the matches
    /// and groups the full regex finds in the text; a text with any other character beyond
    /// ASCII is refused.
    #[test]
    fn ascii_regexes_find_in_inert_text_what_regex_finds() {
        let fixtures = fixture_texts();
        let mut rng = Rng(0x51_7cc1_b727_220a);
        let (mut regexes, mut refused_named) = (0, 0);
        for re in all_quick_regexes() {
            let Some(not_inert) = re.not_inert() else {
                eprintln!("no inert path: {:?}", re.pattern);
                continue;
            };
            let ascii: Vec<&AsciiRegex> = [re.ascii(), re.ascii_prefiltered()]
                .into_iter()
                .flatten()
                .filter(|a| !a.matches_inert_byte)
                .collect();
            if ascii.is_empty() {
                eprintln!("its ASCII regexes match the inert byte: {:?}", re.pattern);
                continue;
            }
            regexes += 1;
            let full = re.full();
            let hir = hir_of(re);
            let words = vocabulary(&re.pattern);
            let (mut compared, mut matched) = (0, 0);
            let generated = (0..3000).map(|i| {
                let from = if i % 5 == 0 {
                    WORD_BEYOND_ASCII
                } else {
                    NOT_WORD_BEYOND_ASCII
                };
                with_characters_beyond_ascii(&text(&hir, &words, &mut rng), from, &mut rng)
            });
            for t in generated.chain(fixtures.iter().filter(|t| !t.is_ascii()).cloned()) {
                let inert = inert_beyond_ascii(&t, not_inert);
                let refused = t.chars().any(|c| {
                    !c.is_ascii()
                        && (regex_syntax::is_word_character(c)
                            || c.is_whitespace()
                            || re.pattern.contains(c))
                });
                // (A class or an escape may name others: refused as well.)
                assert!(!(refused && inert), "{:?} on {t:?}", re.pattern);
                refused_named += usize::from(
                    !inert && t.chars().any(|c| !c.is_ascii() && re.pattern.contains(c)),
                );
                if !inert {
                    continue;
                }
                let expected = full_matches(full, &t);
                for a in &ascii {
                    let searched = mapped_text(
                        &t,
                        TextMap {
                            lower: a.lowered,
                            inert: true,
                        },
                    );
                    let found: Vec<Vec<Option<Range<usize>>>> = a
                        .regex
                        .captures_iter(&searched[..])
                        .map(|c| {
                            (0..c.group_len())
                                .map(|i| c.get_group(i).map(|m| m.range()))
                                .collect()
                        })
                        .collect();
                    assert_eq!(found, expected, "{:?} on {t:?}", re.pattern);
                }
                compared += 1;
                matched += usize::from(!expected.is_empty());
            }
            assert!(compared > 500, "{:?}: {compared} texts", re.pattern);
            // A pattern of a whole text never matches one with a character put in.
            let looks = hir.properties().look_set();
            let matchable = !re.pattern.contains("Extended_Pictographic")
                && !looks.contains(Look::Start)
                && !looks.contains(Look::End);
            assert!(
                matched > 50 || !matchable,
                "{:?}: matched {matched} texts",
                re.pattern
            );
        }
        assert!(regexes >= 25, "{regexes} regexes take the inert path");
        assert!(refused_named > 0, "texts with a character a pattern names");
    }

    /// What the wrapper returns is what the engine it picked found, on either path.
    #[test]
    fn both_paths_answer_alike() {
        let re = QuickRegex::new(r"(\d+)\s?(?P<unit>%|percent)", "test").ignore_case(true);
        let text = "Up 40 PERCENT, then 5% - and 7 percent";
        let cheap: Vec<(Range<usize>, &str)> = re
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.name("unit").unwrap().as_str()))
            .collect();
        assert!(!re.is_full());
        assert_eq!(re.captures_len(), 3);
        re.full();
        let full: Vec<(Range<usize>, &str)> = re
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.name("unit").unwrap().as_str()))
            .collect();
        assert_eq!(cheap, full);
        assert_eq!(cheap.len(), 3);
        assert_eq!(re.find(text).map(|m| m.as_str()), Some("40 PERCENT"));
        assert_eq!(&re.captures(text).unwrap()[1], "40");
    }

    /// Past the budget, the regexes with prefilter are compiled (not the `regex` crate's);
    /// text beyond ASCII takes the Unicode regex, and so does every text after it.
    #[test]
    fn large_inputs_take_the_prefiltered_regexes_and_other_letters_the_unicode_one() {
        let re = QuickRegex::new(r"\bword\b", "test");
        let line = "a word ".repeat(1024);
        let mut searched = 0;
        while !re.is_prefiltered() {
            assert!(re.is_match(&line));
            searched += line.len();
        }
        assert!(searched >= BUDGET);
        assert!(re.is_match(&line) && !re.is_match("a sword"));
        assert!(re.ascii_prefiltered.get().is_some_and(Option::is_some));
        // Letters beyond ASCII: the Unicode regex, as within the budget (the pattern has an
        // ASCII regex); the full regex is never compiled.
        assert!(re.is_match("a word\u{e9} word") && !re.is_match("a word\u{e9}"));
        assert!(re.unicode.get().is_some() && re.unicode_prefiltered.get().is_none());
        assert!(!re.is_full());
        // A pattern without ASCII regex (it names the Kelvin sign): the full regex (from the
        // meta engine) past the budget.
        let re = QuickRegex::new(r"(?:\u{212A}|a) word", "test").ignore_case(true);
        while !re.is_prefiltered() {
            assert!(re.is_match(&line));
        }
        assert!(re.is_match(&line) && re.is_match("\u{212A} word") && re.is_match("k word"));
        assert!(re.unicode_prefiltered.get().is_some() && !re.is_full());
        let re = QuickRegex::new(r"\bword\b", "test");
        assert!(!re.is_match("wordé"));
        assert!(re.is_match("a word"));
        assert!(re.unicode.get().is_some() && !re.is_full());
        // A curly quote is no letter, no space, and the pattern names none: the ASCII regex
        // searches such text, the quote made inert bytes; no Unicode regex is compiled for it.
        let quoted = "a word\u{2019}s ".repeat(64);
        for _ in 0..(2 * BOUNDED_AFTER / quoted.len() + 1) {
            assert!(re.is_match(&quoted));
        }
        assert!(!re.is_match("a sword\u{2019}s") && re.is_match("\u{201C}word\u{201D}"));
        assert!(re.ascii_bounded.get().is_none());
        // A pattern that matches any character cannot: after BOUNDED_AFTER bytes of such text,
        // the regex with ASCII word boundaries.
        let re = QuickRegex::new(r"\bword\b.", "test");
        assert!(re.ascii().is_some_and(|a| a.matches_inert_byte));
        let mut searched = 0;
        while re.ascii_bounded.get().is_none() {
            assert!(re.is_match(&quoted));
            searched += quoted.len();
        }
        assert!(searched >= BOUNDED_AFTER);
        assert!(re.ascii_bounded.get().is_some_and(Option::is_some));
        // A letter beyond ASCII still takes the Unicode regex.
        assert!(re.is_match(&quoted) && !re.is_match("a wordé\u{2019}"));
    }

    #[test]
    fn patterns_that_name_a_folding_character_stay_on_regex() {
        let kelvin = QuickRegex::new("\u{212A}elvin", "test").ignore_case(true);
        assert!(kelvin.ascii().is_none());
        // `regex` matches `k` for the Kelvin sign: the reason for the rule.
        assert!(kelvin.is_match("kelvin") && kelvin.full().is_match("kelvin"));
    }

    fn simple_fold(c: char) -> Vec<(char, char)> {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect()
    }

    /// The fact about Unicode the module docs rest on, checked over every code point: only
    /// the long s and the Kelvin sign fold to ASCII.
    #[test]
    fn only_two_characters_beyond_ascii_fold_to_ascii() {
        let to_ascii: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|&c| simple_fold(c).iter().any(|&(a, _)| a.is_ascii()))
            .collect();
        assert_eq!(to_ascii, crate::text::ascii_spelling::FOLDS_TO_ASCII);
    }
}
