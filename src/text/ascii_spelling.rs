//! The ASCII spelling of a pattern: its syntax tree made into one that ASCII mode
//! (regex-syntax with Unicode off, which builds a regex in a third of the time) translates,
//! and that matches on ASCII text exactly what the original matches there with Unicode on.
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
//! A case-insensitive pattern is, where it can be, **lowered**: its letters are written in
//! lower case and its bracketed classes kept case-insensitive (`(?i:[A-Z])`), and the regex,
//! case-sensitive, searches the text in lower case ([`lowered_text`]). Case folding every
//! letter of a long pattern was half the cost of building it (the superlative pattern: 3.4M
//! instructions case-insensitive, 1.5M lowered). A pattern that sets the `i` flag itself
//! (`(?-i:...)`) is not lowered: which of its parts ignore case is the translator's business.
//!
//! `\d`, `\s`, `\w` and `\b` need no change: ASCII mode reads them as ASCII's, which is what
//! Unicode's are on ASCII text; the same classes hold both cases of a letter. The differential
//! tests of `quick_regex` compare the regex of every spelling with the full regex.

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem, Span};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::borrow::Cow;

/// The characters beyond ASCII whose simple case folding holds an ASCII letter: the long s
/// (`s`) and the Kelvin sign (`k`). `regex` matches `k` for a case-insensitive Kelvin sign.
pub const FOLDS_TO_ASCII: [char; 2] = ['\u{017F}', '\u{212A}'];

/// A pattern's ASCII spelling, translated.
pub struct AsciiSpelling {
    pub hir: Hir,
    /// Whether the pattern was lowered: its regex searches [`lowered_text`].
    pub lowered: bool,
}

/// The ASCII spelling of `pattern` (matched case-insensitively if `ignore_case`), lowered if
/// `may_lower` and it can be, or `None` when it has none: it does not parse, or names a character
/// that folds to ASCII (see the module docs), or ASCII mode rejects what is left.
pub fn ascii_spelling(pattern: &str, ignore_case: bool, may_lower: bool) -> Option<AsciiSpelling> {
    let mut ast = ast::parse::Parser::new().parse(pattern).ok()?;
    // A pattern of ASCII without escapes of code points or Unicode classes names nothing to
    // respell (the walk was 2% of a small article's instructions), and one without `(?` no
    // flag.
    let plain_ascii = pattern.is_ascii()
        && !["\\x", "\\u", "\\U", "\\p", "\\P"]
            .iter()
            .any(|e| pattern.contains(e));
    if !plain_ascii {
        respell(&mut ast)?;
    }
    let lowered = may_lower && ignore_case && !(pattern.contains("(?") && sets_case_flag(&ast));
    if lowered {
        lower(&mut ast);
    }
    let hir = regex_syntax::hir::translate::TranslatorBuilder::new()
        .unicode(false)
        .utf8(false)
        .case_insensitive(ignore_case && !lowered)
        .build()
        .translate(pattern, &ast)
        .ok()?;
    Some(AsciiSpelling { hir, lowered })
}

/// The text a lowered regex searches: `text` with its ASCII letters in lower case (the same
/// bytes at the same offsets, but for case), not copied when it has no capital.
pub fn lowered_text(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn folds_to_ascii(range: std::ops::RangeInclusive<char>) -> bool {
    FOLDS_TO_ASCII.iter().any(|c| range.contains(c))
}

/// The literal a character beyond ASCII becomes: the byte `\xFF`, which no ASCII text holds.
fn never_in_ascii(span: Span) -> ast::Literal {
    byte_literal(span, 0xFF)
}

/// Respells `ast` in place (see the module docs); `None` when it has no spelling.
fn respell(ast: &mut Ast) -> Option<()> {
    match ast {
        Ast::Literal(l) if folds_to_ascii(l.c..=l.c) => return None,
        Ast::Literal(l) if !l.c.is_ascii() => **l = never_in_ascii(l.span),
        Ast::ClassUnicode(class) => *ast = Ast::class_bracketed(ascii_class(class)?),
        Ast::ClassBracketed(class) => respell_set(&mut class.kind)?,
        Ast::Repetition(rep) => respell(&mut rep.ast)?,
        Ast::Group(group) => respell(&mut group.ast)?,
        Ast::Alternation(alt) => alt.asts.iter_mut().try_for_each(respell)?,
        Ast::Concat(concat) => concat.asts.iter_mut().try_for_each(respell)?,
        _ => {}
    }
    Some(())
}

fn respell_set(set: &mut ClassSet) -> Option<()> {
    match set {
        ClassSet::Item(item) => respell_item(item),
        ClassSet::BinaryOp(op) => {
            respell_set(&mut op.lhs)?;
            respell_set(&mut op.rhs)
        }
    }
}

fn respell_item(item: &mut ClassSetItem) -> Option<()> {
    match item {
        ClassSetItem::Literal(l) if folds_to_ascii(l.c..=l.c) => return None,
        ClassSetItem::Literal(l) if !l.c.is_ascii() => *l = never_in_ascii(l.span),
        ClassSetItem::Range(r) if folds_to_ascii(r.start.c..=r.end.c) => return None,
        ClassSetItem::Range(r) if !r.start.c.is_ascii() => {
            *item = ClassSetItem::Literal(never_in_ascii(r.span));
        }
        ClassSetItem::Range(r) if !r.end.c.is_ascii() => r.end = byte_literal(r.end.span, 0x7F),
        // A class in a class is a set operand: the bracketed class fits there as it does alone.
        ClassSetItem::Unicode(class) => {
            *item = ClassSetItem::Bracketed(Box::new(ascii_class(class)?));
        }
        ClassSetItem::Bracketed(class) => respell_set(&mut class.kind)?,
        ClassSetItem::Union(union) => union.items.iter_mut().try_for_each(respell_item)?,
        _ => {}
    }
    Some(())
}

/// The literal `\xNN`: one byte in ASCII mode.
fn byte_literal(span: Span, byte: u8) -> ast::Literal {
    ast::Literal {
        span,
        kind: ast::LiteralKind::HexFixed(ast::HexLiteralKind::X),
        c: char::from(byte),
    }
}

/// A Unicode class (`\p{L}`, `\PN`, `\p{Script!=Greek}`) as the bracketed class of its ASCII
/// characters, negated as it is.
fn ascii_class(class: &ast::ClassUnicode) -> Option<ast::ClassBracketed> {
    use ast::ClassUnicodeKind::{Named, NamedValue, OneLetter};
    // The class it negates, if it is negated: folding comes before negation.
    let positive = match &class.kind {
        OneLetter(c) => format!(r"\p{c}"),
        Named(name) => format!(r"\p{{{name}}}"),
        NamedValue { name, value, .. } => format!(r"\p{{{name}={value}}}"),
    };
    let hir = regex_syntax::Parser::new().parse(&positive).ok()?;
    let HirKind::Class(Class::Unicode(chars)) = hir.kind() else {
        return None;
    };
    let holds = |c: char| chars.iter().any(|r| (r.start()..=r.end()).contains(&c));
    // Folded, the long s and the Kelvin sign bring in `s` and `k`: the ASCII class must hold
    // them already, or it would fold otherwise with case-insensitive matching.
    for (beyond, ascii) in FOLDS_TO_ASCII.iter().zip(['s', 'k']) {
        if holds(*beyond) && !holds(ascii) && !holds(ascii.to_ascii_uppercase()) {
            return None;
        }
    }
    let span = class.span;
    let mut items: Vec<ClassSetItem> = chars
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| {
            ClassSetItem::Range(ast::ClassSetRange {
                span,
                start: byte_literal(span, r.start() as u8),
                end: byte_literal(span, r.end().min('\x7F') as u8),
            })
        })
        .collect();
    if items.is_empty() {
        items.push(ClassSetItem::Literal(never_in_ascii(span)));
    }
    Some(ast::ClassBracketed {
        span,
        negated: class.is_negated(),
        kind: ClassSet::union(ast::ClassSetUnion { span, items }),
    })
}

/// Whether the pattern sets or clears the `i` flag anywhere.
fn sets_case_flag(ast: &Ast) -> bool {
    let names_i = |flags: &ast::Flags| {
        flags
            .items
            .iter()
            .any(|i| i.kind == ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive))
    };
    match ast {
        Ast::Flags(set) => names_i(&set.flags),
        Ast::Group(group) => group.flags().is_some_and(names_i) || sets_case_flag(&group.ast),
        Ast::Repetition(rep) => sets_case_flag(&rep.ast),
        Ast::Alternation(alt) => alt.asts.iter().any(sets_case_flag),
        Ast::Concat(concat) => concat.asts.iter().any(sets_case_flag),
        _ => false,
    }
}

/// Lowers `ast` in place: letters in lower case, bracketed classes case-insensitive.
fn lower(ast: &mut Ast) {
    match ast {
        Ast::Literal(l) => l.c = l.c.to_ascii_lowercase(),
        Ast::ClassBracketed(class) => {
            let span = class.span;
            let class = std::mem::replace(ast, Ast::empty(span));
            *ast = Ast::group(ast::Group {
                span,
                kind: ast::GroupKind::NonCapturing(ast::Flags {
                    span,
                    items: vec![ast::FlagsItem {
                        span,
                        kind: ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive),
                    }],
                }),
                ast: Box::new(class),
            });
        }
        Ast::Repetition(rep) => lower(&mut rep.ast),
        Ast::Group(group) => lower(&mut group.ast),
        Ast::Alternation(alt) => alt.asts.iter_mut().for_each(lower),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(lower),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spelling's syntax tree printed, and whether it is lowered.
    fn spelled(pattern: &str, ignore_case: bool) -> Option<(String, bool)> {
        ascii_spelling(pattern, ignore_case, true).map(|s| (s.hir.to_string(), s.lowered))
    }

    fn finds(pattern: &str, ignore_case: bool, text: &str) -> Vec<std::ops::Range<usize>> {
        let spelling = ascii_spelling(pattern, ignore_case, true).expect("a spelling");
        let re = regex_automata::meta::Regex::builder()
            .build_from_hir(&spelling.hir)
            .unwrap();
        let searched = if spelling.lowered {
            lowered_text(text)
        } else {
            Cow::Borrowed(text)
        };
        re.find_iter(searched.as_bytes())
            .map(|m| m.range())
            .collect()
    }

    #[test]
    fn characters_beyond_ascii_match_nothing_in_ascii_text() {
        assert_eq!(finds(r"[$€£¥]\d+|×\d", false, "$5 €5 x5 ×5"), vec![0..2]);
        assert_eq!(finds(r"\u{2014}|-", false, "a-b"), vec![1..2]);
        // Negated: every ASCII character but those named.
        assert_eq!(finds(r"[^’'-]+", false, "ab'c"), vec![0..2, 3..4]);
        // A range is cut at the end of ASCII.
        assert_eq!(finds(r"[x-é]+", false, "wxyz~"), vec![1..5]);
        assert!(finds(r"[€-₿]", false, "abc").is_empty());
    }

    #[test]
    fn unicode_classes_become_their_ascii_characters() {
        assert_eq!(finds(r"\p{L}+", false, "ab1 cd"), vec![0..2, 4..6]);
        assert_eq!(
            finds(r"[\p{L}\p{N}'-]+", false, "it's 42!"),
            vec![0..4, 5..7]
        );
        // Negated, they stay negated, case folded first: `(?i)\P{Lu}` matches no letter,
        // where the negation of `[a-z...]` folded would match every one.
        assert_eq!(finds(r"\P{Lu}", true, "aB1"), vec![2..3]);
        assert_eq!(finds(r"\P{Lu}", false, "aB1"), vec![0..1, 2..3]);
        assert_eq!(finds(r"[^\p{Lu}]", true, "aB1"), vec![2..3]);
        // No ASCII character: nothing.
        assert!(finds(r"\p{Greek}", false, "abc").is_empty());
        assert_eq!(finds(r"\P{Greek}", false, "ab"), vec![0..1, 1..2]);
    }

    #[test]
    fn a_case_insensitive_pattern_is_lowered_unless_it_sets_the_flag_itself() {
        let (_, lowered) = spelled("Most [A-Z]+", true).unwrap();
        assert!(lowered);
        assert_eq!(
            finds("Most [A-Z]+", true, "MOST ab most Cd"),
            vec![0..7, 8..15]
        );
        assert_eq!(finds("[^A-Z]", true, "aB1"), vec![2..3]);
        assert_eq!(finds(r"\bUSD\b", true, "usd Usd"), vec![0..3, 4..7]);
        assert!(!spelled("Most", false).unwrap().1);
        assert!(!ascii_spelling("Most", true, false).unwrap().lowered);
        for pattern in ["(?-i:Most) x", "a(?i)b", "(?i:a)b"] {
            assert!(!spelled(pattern, true).unwrap().1, "{pattern}");
        }
        assert_eq!(finds("(?-i:Most) x", true, "most x Most X"), vec![7..13]);
    }

    #[test]
    fn lowered_text_changes_only_capitals() {
        assert!(matches!(lowered_text("already low’"), Cow::Borrowed(_)));
        assert_eq!(lowered_text("MiXed ’Q’"), "mixed ’q’");
    }

    #[test]
    fn no_spelling_where_case_folding_reaches_ascii_from_beyond_it() {
        assert!(spelled("\u{212A}elvin", true).is_none());
        assert!(spelled(r"\x{17F}", true).is_none());
        assert!(spelled(r"[\u{100}-\u{200}]", false).is_none());
        assert!(spelled(r"[\u{2000}-\u{2100}]", false).is_some());
        assert!(spelled("(unclosed", false).is_none());
    }
}
