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
//!   answer is always "maybe".

use crate::text::quick_regex::QuickRegex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A regex (or several) asked only about texts that may hold a match: `may_match` answers
/// first (it must say `true` wherever the regex could match, see the module docs). Once the
/// full regex is compiled (see [`crate::text::quick_regex`]) it is asked directly, its own
/// prefilter being quicker than the test; after [`GATE_TEXTS`] texts the test is skipped
/// (a large input pays for it only on its first texts).
pub struct Gated<T: 'static> {
    cell: OnceLock<T>,
    build: fn() -> T,
    may_match: fn(&str) -> bool,
    asked: AtomicU32,
}

/// A gated [`QuickRegex`].
pub type GatedRegex = Gated<QuickRegex>;

/// Texts a [`Gated`] regex answers with its test before it is compiled regardless.
pub const GATE_TEXTS: u32 = 512;

/// Whether a gated value's full regexes are compiled (then the gate only costs time).
pub trait FullyCompiled {
    fn fully_compiled(&self) -> bool;
}

impl FullyCompiled for QuickRegex {
    fn fully_compiled(&self) -> bool {
        self.is_full()
    }
}

impl FullyCompiled for Vec<QuickRegex> {
    fn fully_compiled(&self) -> bool {
        self.iter().all(QuickRegex::is_full)
    }
}

impl<T: FullyCompiled + 'static> Gated<T> {
    pub const fn new(build: fn() -> T, may_match: fn(&str) -> bool) -> Gated<T> {
        Gated {
            cell: OnceLock::new(),
            build,
            may_match,
            asked: AtomicU32::new(0),
        }
    }

    /// The regex, made now if need be.
    pub fn get(&self) -> &T {
        self.cell.get_or_init(self.build)
    }

    /// The regex to search `text` with, or `None` when it cannot match there.
    pub fn for_text(&self, text: &str) -> Option<&T> {
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
/// exact on ASCII text, always `true` on other text or for a phrase that is not ASCII.
pub fn may_hold_phrase(text: &str, phrase: &str) -> bool {
    if !text.is_ascii() || !phrase.is_ascii() {
        return true;
    }
    let (t, p) = (text.as_bytes(), phrase.as_bytes());
    let Some(&first) = p.first() else {
        return true;
    };
    (0..t.len()).any(|i| t[i].eq_ignore_ascii_case(&first) && phrase_at(t, i, p))
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

/// Whether `text` may hold any of `phrases` (see [`may_hold_phrase`]).
pub fn may_hold_any<S: AsRef<str>>(text: &str, phrases: &[S]) -> bool {
    !text.is_ascii() || phrases.iter().any(|p| may_hold_phrase(text, p.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the regex matches, the test says "maybe".
    #[test]
    fn never_no_where_the_regex_matches() {
        let phrases = ["as of", "up to date as of", "latest", "per cent"];
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
                if t.is_ascii() {
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
        assert!(may_hold_any("\u{a0}", &["as of"]));
    }
}
