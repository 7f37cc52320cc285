//! The ASCII spelling of a pattern: a pattern that ASCII mode (regex-syntax with Unicode off,
//! which builds a regex in a third of the time) compiles, and that matches on ASCII text
//! exactly what the original matches there with Unicode on.
//!
//! ASCII mode rejects a Unicode class (`\p{L}`) and a character beyond ASCII in a class
//! (`[’']`), so a pattern holding one used to take the Unicode regex even on ASCII text:
//! 0.6 ms to build `[\p{L}\p{N})"”’](!+)` for every small article. On ASCII text such a
//! pattern only ever matches ASCII characters, so each of these pieces is spelled as the ASCII
//! characters it matches:
//!
//! - a character beyond ASCII, as a literal or in a class, matches nothing there: it becomes
//!   the byte `\xFF`, which ASCII text never holds;
//! - a class range is cut at the end of ASCII;
//! - a Unicode class becomes the class of its ASCII characters (`\p{L}`, `[A-Za-z]`); a
//!   negated one, the negation of that class, so that case folding, which comes before the
//!   negation, folds the same characters.
//!
//! Case-insensitive matching folds a character beyond ASCII to an ASCII letter in two cases
//! only, the long s (`s`) and the Kelvin sign (`k`) ([`FOLDS_TO_ASCII`]): a pattern naming one
//! of them has no ASCII spelling, nor one with a Unicode class that holds one of them but not
//! the ASCII letter (none of the general categories; no spelling is better than a wrong one).
//!
//! `\d`, `\s`, `\w` and `\b` need no change: ASCII mode reads them as ASCII's, which is what
//! Unicode's are on ASCII text. The differential tests of `quick_regex` compare the regex of
//! every spelling with the full regex.

use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{Class, HirKind};
use std::borrow::Cow;
use std::ops::Range;

/// The characters beyond ASCII whose simple case folding holds an ASCII letter: the long s
/// (`s`) and the Kelvin sign (`k`). `regex` matches `k` for a case-insensitive Kelvin sign.
pub const FOLDS_TO_ASCII: [char; 2] = ['\u{017F}', '\u{212A}'];

/// The byte a character beyond ASCII becomes: no ASCII text holds it.
const NEVER_IN_ASCII: &str = r"\xFF";

/// The ASCII spelling of `pattern` (the pattern itself when it needs none), or `None` when it
/// has none: it does not parse, or names a character that folds to ASCII (see the module
/// docs).
pub fn ascii_spelling(pattern: &str) -> Option<Cow<'_, str>> {
    // A pattern of ASCII without escapes of code points or Unicode classes needs no change.
    if pattern.is_ascii()
        && !["\\x", "\\u", "\\U", "\\p", "\\P"]
            .iter()
            .any(|e| pattern.contains(e))
    {
        return Some(Cow::Borrowed(pattern));
    }
    let ast = ast::parse::Parser::new().parse(pattern).ok()?;
    let edits = ast::visit(&ast, Respeller::default()).ok()?;
    if edits.is_empty() {
        return Some(Cow::Borrowed(pattern));
    }
    let mut spelled = String::with_capacity(pattern.len() + 16 * edits.len());
    let mut at = 0;
    for (range, text) in edits {
        // The visitor never sees inside a piece it respells, so pieces do not overlap.
        spelled.push_str(&pattern[at..range.start]);
        spelled.push_str(&text);
        at = range.end;
    }
    spelled.push_str(&pattern[at..]);
    Some(Cow::Owned(spelled))
}

/// Collects the respelled pieces, in pattern order; `Err` when the pattern has no spelling.
#[derive(Default)]
struct Respeller {
    edits: Vec<(Range<usize>, String)>,
}

impl Respeller {
    fn edit(&mut self, span: &ast::Span, text: String) {
        self.edits.push((span.start.offset..span.end.offset, text));
    }
}

fn folds_to_ascii(range: std::ops::RangeInclusive<char>) -> bool {
    FOLDS_TO_ASCII.iter().any(|c| range.contains(c))
}

impl ast::Visitor for Respeller {
    type Output = Vec<(Range<usize>, String)>;
    type Err = ();

    fn finish(mut self) -> Result<Self::Output, ()> {
        self.edits.sort_by_key(|(range, _)| range.start);
        Ok(self.edits)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
        match ast {
            Ast::Literal(l) if folds_to_ascii(l.c..=l.c) => return Err(()),
            Ast::Literal(l) if !l.c.is_ascii() => self.edit(&l.span, NEVER_IN_ASCII.to_string()),
            Ast::ClassUnicode(class) => self.edit(&class.span, ascii_class(class)?),
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ast::ClassSetItem) -> Result<(), ()> {
        match item {
            ast::ClassSetItem::Literal(l) if folds_to_ascii(l.c..=l.c) => return Err(()),
            ast::ClassSetItem::Literal(l) if !l.c.is_ascii() => {
                self.edit(&l.span, NEVER_IN_ASCII.to_string())
            }
            ast::ClassSetItem::Range(r) if folds_to_ascii(r.start.c..=r.end.c) => return Err(()),
            ast::ClassSetItem::Range(r) if !r.end.c.is_ascii() => {
                let text = if r.start.c.is_ascii() {
                    format!(r"{}-\x7F", hex(r.start.c as u8))
                } else {
                    NEVER_IN_ASCII.to_string()
                };
                self.edit(&r.span, text);
            }
            // A class in a class is a set operand: `[...]` fits there as it does alone.
            ast::ClassSetItem::Unicode(class) => self.edit(&class.span, ascii_class(class)?),
            _ => {}
        }
        Ok(())
    }
}

fn hex(byte: u8) -> String {
    format!(r"\x{byte:02X}")
}

/// A Unicode class (`\p{L}`, `\PN`, `\p{Script!=Greek}`) as the bracketed class of its ASCII
/// characters, negated as it is.
fn ascii_class(class: &ast::ClassUnicode) -> Result<String, ()> {
    use ast::ClassUnicodeKind::{Named, NamedValue, OneLetter};
    // The class it negates, if it is negated: folding comes before negation.
    let positive = match &class.kind {
        OneLetter(c) => format!(r"\p{c}"),
        Named(name) => format!(r"\p{{{name}}}"),
        NamedValue { name, value, .. } => format!(r"\p{{{name}={value}}}"),
    };
    let hir = regex_syntax::Parser::new()
        .parse(&positive)
        .map_err(|_| ())?;
    let HirKind::Class(Class::Unicode(chars)) = hir.kind() else {
        return Err(());
    };
    let holds = |c: char| chars.iter().any(|r| (r.start()..=r.end()).contains(&c));
    // Folded, the long s and the Kelvin sign bring in `s` and `k`: the ASCII class must hold
    // them already, or it would fold otherwise with case-insensitive matching.
    for (beyond, ascii) in FOLDS_TO_ASCII.iter().zip(['s', 'k']) {
        if holds(*beyond) && !holds(ascii) && !holds(ascii.to_ascii_uppercase()) {
            return Err(());
        }
    }
    let mut ranges = String::new();
    for r in chars.iter().filter(|r| r.start().is_ascii()) {
        let end = r.end().min('\x7F');
        ranges.push_str(&hex(r.start() as u8));
        if end != r.start() {
            ranges.push('-');
            ranges.push_str(&hex(end as u8));
        }
    }
    if ranges.is_empty() {
        ranges.push_str(NEVER_IN_ASCII);
    }
    let negation = if class.is_negated() { "^" } else { "" };
    Ok(format!("[{negation}{ranges}]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(pattern: &str) -> Option<String> {
        ascii_spelling(pattern).map(Cow::into_owned)
    }

    #[test]
    fn a_pattern_of_ascii_is_its_own_spelling() {
        assert!(matches!(
            ascii_spelling(r"(?i)\bas of\b"),
            Some(Cow::Borrowed(_))
        ));
        // An escape of an ASCII character needs no change either.
        assert_eq!(spelled(r"\x41\u{42}").as_deref(), Some(r"\x41\u{42}"));
    }

    #[test]
    fn characters_beyond_ascii_become_a_byte_ascii_text_never_holds() {
        assert_eq!(
            spelled(r"[$€£¥]\s?\d+|×").as_deref(),
            Some(r"[$\xFF\xFF\xFF]\s?\d+|\xFF")
        );
        assert_eq!(spelled(r"\u{2014}").as_deref(), Some(r"\xFF"));
        assert_eq!(spelled(r"[^’'-]").as_deref(), Some(r"[^\xFF'-]"));
        assert_eq!(
            spelled(r"[a-é][€-₿]").as_deref(),
            Some(r"[\x61-\x7F][\xFF]")
        );
    }

    #[test]
    fn unicode_classes_become_their_ascii_characters() {
        assert_eq!(spelled(r"\p{L}").as_deref(), Some(r"[\x41-\x5A\x61-\x7A]"));
        assert_eq!(
            spelled(r"[\p{L}\p{N}'-]+").as_deref(),
            Some(r"[[\x41-\x5A\x61-\x7A][\x30-\x39]'-]+")
        );
        // Negated, they stay negated: `(?i)\P{Lu}` matches no letter, where the negation of
        // `[a-z...]` folded would match every one.
        assert_eq!(spelled(r"\P{Lu}").as_deref(), Some(r"[^\x41-\x5A]"));
        assert_eq!(
            spelled(r"\p{Script!=Greek}")
                .as_deref()
                .map(|s| s.starts_with("[^")),
            Some(true)
        );
        // No ASCII character: the byte ASCII text never holds.
        assert_eq!(spelled(r"\p{Greek}").as_deref(), Some(r"[\xFF]"));
    }

    #[test]
    fn no_spelling_where_case_folding_reaches_ascii_from_beyond_it() {
        assert_eq!(spelled("(?i)\u{212A}elvin"), None);
        assert_eq!(spelled(r"(?i)\x{17F}"), None);
        assert_eq!(spelled(r"[\u{100}-\u{200}]"), None);
        assert_eq!(spelled(r"[\u{2000}-\u{2100}]").as_deref(), Some(r"[\xFF]"));
        assert_eq!(spelled("(unclosed \u{2014}"), None);
    }
}
