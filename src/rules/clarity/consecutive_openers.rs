use crate::document::{Block, BlockKind, Document, Sentence};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::memo::{SentenceMemo, runs_by_block};
use std::ops::Range;
use std::sync::Arc;

declare_rule! {
    /// ### What
    ///
    /// Reports each run of `[clarity] consecutive_openers` (3) or more consecutive sentences that
    /// start with the same word (ignoring case; a hyphenated name such as `Get-Process` is one
    /// word). When the first word is an article, a number word or a demonstrative (the, a, an,
    /// this, that, these, those, one, two, ...), or the second word is a number ("Step 1"), the
    /// first two words are compared instead, so "The cache... The index... The log..." is not a
    /// run. Runs are counted within one paragraph: Yoast's assessment is about sentences in a row
    /// in running text, and paragraphs that open alike ("If you enable ..." / "If you disable ...",
    /// one option or one case each, definition-list terms, link-only lines) are deliberate
    /// parallels, as list items, table cells and quotes are (not counted). A sentence whose opener
    /// lost inline code ("The `Get-Process` cmdlet...") or that starts with punctuation also ends a
    /// run. A run of questions, or of requirements in RFC 2119 style (each sentence with MUST,
    /// SHOULD, MAY ...), is deliberate and not reported.
    ///
    /// ### Why
    ///
    /// Three sentences in a row that open with the same word read as a list of fragments and tire
    /// the reader; varied openers let prose flow.
    ///
    /// ### Example
    ///
    /// Bad: Rust is fast. Rust is safe. Rust is fun.
    ///
    /// Good: Rust is fast and safe, and writing it is fun.
    ///
    /// ### Source
    ///
    /// Yoast SEO's consecutive sentences assessment (3 or more sentences in a row starting with the
    /// same word; its English list of words that look at the second word).
    pub ConsecutiveOpeners {
        id: "clarity/consecutive-openers",
        dimension: Clarity,
        severity: Warning,
        summary: "Three or more sentences in a row start with the same word",
        weight: 1.0,
        cap: 4.0,
        examples: {
            fire: [
                "Rust is fast. Rust is safe. Rust is fun to write, once the borrow checker makes sense.\n",
            ],
            pass: [
                "Rust is fast. It is also safe. Writing it is fun, once the borrow checker makes sense.\n",
                "The cache is fast. The index is small. The log is safe.\n",
            ],
        },
    }
}

/// First words after which the second word is compared too (Yoast does the same).
const LOOK_FURTHER: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten",
];

/// The opener of a sentence as its text gives it: its first token (up to white space, so
/// that `Get-Process` and `Get-Service` differ), lower case, without surrounding punctuation;
/// plus the second token after an article or when the second is a number (`Step 1`,
/// `Step 2`); and where in the sentence the compared words end. `None` when the sentence
/// starts with punctuation (a fragment after removed code).
fn opener_of_text(text: &str) -> Option<(Arc<str>, usize)> {
    if !text.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let mut tokens = text.split_whitespace();
    let first = tokens.next()?;
    // The second word counts after an article or when it is a number: a number is one after
    // its punctuation is trimmed (lower case changes no digit), so most sentences never
    // clean it.
    let second = tokens.next();
    with_clean(first, |first| {
        let two = LOOK_FURTHER.contains(&first)
            || second.is_some_and(|t| {
                t.trim_start_matches(|c: char| !c.is_alphanumeric())
                    .starts_with(|c: char| c.is_ascii_digit())
            });
        let opener: Arc<str> = if two {
            // Joined by hand: `format!` cost about 700 instructions a sentence.
            let joined = |second: &str| {
                let mut opener = String::with_capacity(first.len() + 1 + second.len());
                opener.push_str(first);
                opener.push(' ');
                opener.push_str(second);
                Arc::from(opener)
            };
            match second {
                Some(second) => with_clean(second, joined),
                None => joined(""),
            }
        } else {
            Arc::from(first)
        };
        Some((opener, token_end(text, if two { 2 } else { 1 })))
    })
}

/// ASCII words up to this long are lower-cased on the stack by [`with_clean`].
const SHORT_WORD: usize = 32;

/// `f` of a token as openers are compared: without surrounding punctuation, lower case, a
/// curly apostrophe straight. A short ASCII word (most openers) is lower-cased on the stack,
/// so that an opener is allocated once, as its `Arc` (a lower-case `String` and its copy
/// were two allocations a sentence).
fn with_clean<R>(token: &str, f: impl FnOnce(&str) -> R) -> R {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_ascii() && word.len() <= SHORT_WORD {
        let mut buffer = [0u8; SHORT_WORD];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII bytes are UTF-8: the fallback is never taken.
        return f(std::str::from_utf8(lower).unwrap_or(word));
    }
    let lower = word.to_lowercase();
    if lower.contains('\u{2019}') {
        f(&lower.replace('\u{2019}', "'"))
    } else {
        f(&lower)
    }
}

/// The opener of each sentence of one block as compared (see [`opener_of_text`]): `None`
/// also when inline code was removed from the compared words ("The `Get-Process` cmdlet"),
/// which would make different sentences look alike. The openers come from the block's text
/// alone, so the language server keeps them by that text.
fn openers(
    doc: &Document,
    block: &Block,
    sentences: &[Sentence],
    buffer: &mut Vec<Option<(Arc<str>, usize)>>,
) -> Vec<Option<Arc<str>>> {
    static BY_BLOCK: SentenceMemo<Option<(Arc<str>, usize)>> = SentenceMemo::new();
    let of_text = BY_BLOCK.get_or(&block.text.text, sentences.len(), buffer, |out| {
        out.extend(
            sentences
                .iter()
                .map(|s| opener_of_text(&block.text.text[s.range.clone()])),
        );
    });
    // The spans are sorted and disjoint: the first that ends late enough is the only
    // candidate (a binary search, not a scan of every span for every sentence), and most
    // paragraphs have none near them at all, which their source span tells before the words
    // are mapped to the source.
    let code = &doc.inline_code;
    let near_code = |source: Range<usize>| {
        let candidate = code.partition_point(|c| c.end + 2 < source.start);
        code.get(candidate).is_some_and(|c| c.start < source.end)
    };
    let block_near_code = near_code(block.range());
    sentences
        .iter()
        .zip(of_text.iter())
        .map(|(s, opener)| {
            let (opener, span_end) = opener.as_ref()?;
            let source = || {
                block
                    .text
                    .range_to_source(s.range.start..s.range.start + span_end)
            };
            (!(block_near_code && near_code(source()))).then(|| opener.clone())
        })
        .collect()
}

/// The byte offset where the `n`-th white-space separated token of `text` ends.
fn token_end(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_token = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_token {
                seen += 1;
                if seen == n {
                    return i;
                }
            }
            in_token = false;
        } else {
            in_token = true;
        }
    }
    text.len()
}

impl Rule for ConsecutiveOpeners {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let min = ctx.config.clarity.consecutive_openers;
        let prose = doc.prose();
        let mut out = Vec::new();
        // The current run: its opener, its sentences, and the block of its last sentence.
        let mut run: Vec<usize> = Vec::new();
        let mut current: Option<Arc<str>> = None;
        let mut last_block: Option<usize> = None;
        // One list for every block's openers (see `SentenceMemo::get_or`).
        let mut buffer = Vec::new();
        let flush = |run: &mut Vec<usize>, current: &Option<Arc<str>>, out: &mut Vec<Finding>| {
            if run.len() >= min && !deliberate(doc, prose, run) {
                let first = &prose.sentences[run[0]];
                let last = &prose.sentences[run[run.len() - 1]];
                let start = prose.source_range(doc, first).start;
                let end = prose.source_range(doc, last).end;
                let word = current.as_deref().unwrap_or_default();
                out.push(
                    META.finding(
                        start..end,
                        format!("{} sentences in a row start with \"{word}\"", run.len()),
                    )
                    .with_help("Vary the sentence openings, or merge the sentences"),
                );
            }
            run.clear();
        };
        for sentences in runs_by_block(&prose.sentences, |s| s.block) {
            let block_index = prose.sentences[sentences.start].block;
            let block = &doc.blocks[block_index];
            let eligible = block.kind == BlockKind::Paragraph
                && !block.in_list
                && !block.in_blockquote
                && !block.in_footnote;
            // A run stays within one paragraph (below): one of fewer than `min` sentences
            // holds none, and its openers are not read (most paragraphs are that short).
            if !eligible || sentences.len() < min {
                flush(&mut run, &current, &mut out);
                current = None;
                last_block = None;
                continue;
            }
            let openers = openers(doc, block, &prose.sentences[sentences.clone()], &mut buffer);
            for (i, this) in sentences.zip(openers) {
                // A run stays within one paragraph: consecutive paragraphs that open alike are
                // deliberate parallels (one case each, one option each, definition-list terms).
                let continues = last_block == Some(block_index);
                if !continues || this.is_none() || this != current {
                    flush(&mut run, &current, &mut out);
                    current = this;
                }
                run.push(i);
                last_block = Some(block_index);
            }
        }
        flush(&mut run, &current, &mut out);
        out
    }
}

/// RFC 2119 requirement keywords: a specification states one rule a sentence on purpose.
const REQUIREMENT_WORDS: &[&str] = &["MUST", "SHOULD", "MAY", "SHALL", "REQUIRED"];

/// A run written that way on purpose: a series of questions, or the requirements of a
/// specification ("Senders MUST ... Senders MAY ..."), one per sentence. Found in the judged
/// samples of three real sites (docs/precision.md); neither reads as careless repetition.
fn deliberate(doc: &Document, prose: &crate::document::Prose, run: &[usize]) -> bool {
    let texts: Vec<&str> = run
        .iter()
        .map(|&i| prose.text(doc, &prose.sentences[i]).trim_end())
        .collect();
    texts.iter().all(|t| t.ends_with('?'))
        || texts.iter().all(|t| {
            t.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| REQUIREMENT_WORDS.contains(&w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack path for short ASCII words cleans a token as lower-casing it whole does.
    #[test]
    fn a_token_is_cleaned_alike_on_the_stack_and_off_it() {
        let long = "Supercalifragilisticexpialidocious-Extraordinarily";
        for token in [
            "The",
            "\"Hello,\"",
            "ÉCOLE",
            "Don\u{2019}t",
            "DON'T",
            "(Step",
            "x",
            long,
            "",
            "...",
        ] {
            let whole = token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .replace('\u{2019}', "'");
            assert_eq!(with_clean(token, str::to_string), whole, "{token}");
        }
    }
    use crate::rules::testing::run;

    #[test]
    fn questions_and_requirements_are_deliberate() {
        for src in [
            "# T\n\nIs it fast? Is it safe? Is it fun? Yes.\n",
            "# T\n\nSenders MUST retry. Senders MAY batch. Senders SHOULD log. Done.\n",
        ] {
            assert!(run(&ConsecutiveOpeners, src).is_empty(), "{src}");
        }
        let mixed = "# T\n\nSenders MUST retry. Senders batch often. Senders log. Done.\n";
        assert_eq!(run(&ConsecutiveOpeners, mixed).len(), 1);
    }

    #[test]
    fn runs_of_three() {
        let src = "# T\n\nRust is fast. Rust is safe. RUST is fun. Go is too.\n";
        let f = run(&ConsecutiveOpeners, src);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "3 sentences in a row start with \"rust\"");
        assert_eq!(
            &src[f[0].range.clone()],
            "Rust is fast. Rust is safe. RUST is fun."
        );
        // two only
        assert!(
            run(
                &ConsecutiveOpeners,
                "# T\n\nRust is fast. Rust is safe. Go is fun.\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn articles_look_at_the_second_word() {
        let ok = "# T\n\nThe cache is fast. The index is small. The log is long.\n";
        assert!(run(&ConsecutiveOpeners, ok).is_empty());
        let bad = "# T\n\nThe cache is fast. The cache is small. The cache is warm.\n";
        assert_eq!(run(&ConsecutiveOpeners, bad).len(), 1);
    }

    #[test]
    fn within_a_paragraph_only() {
        let across = "# T\n\nIt works. It is fast.\n\nIt is safe.\n";
        assert!(run(&ConsecutiveOpeners, across).is_empty());
        // Parallel paragraphs, one case each, are not a run.
        let cases = "# T\n\nIf you enable this setting, the log grows.\n\nIf you disable this \
setting, nothing is logged.\n\nIf this setting isn't configured, the default applies.\n";
        assert!(run(&ConsecutiveOpeners, cases).is_empty());
        let terms = "# T\n\n[Get-Item](a.md)\n\n[Get-Item](b.md)\n\n[Get-Item](c.md)\n";
        assert!(run(&ConsecutiveOpeners, terms).is_empty());
        let within = "# T\n\nIf it works, ship it. If not, wait. If in doubt, ask.\n";
        assert_eq!(run(&ConsecutiveOpeners, within).len(), 1);
        let sections = "# T\n\nIt works. It is fast.\n\n## B\n\nIt is safe.\n";
        assert!(run(&ConsecutiveOpeners, sections).is_empty());
        let list = "# T\n\n- Add a flag.\n- Add a test.\n- Add docs.\n";
        assert!(run(&ConsecutiveOpeners, list).is_empty());
        // The run of a paragraph is reported when a shorter paragraph follows it.
        let short_after = "# T\n\nIt works. It is fast. It is safe.\n\nIt is new. It is small.\n";
        let f = run(&ConsecutiveOpeners, short_after);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &short_after[f[0].range.clone()],
            "It works. It is fast. It is safe."
        );
        let broken = "# T\n\nIt works. It is fast.\n\n- x\n\nIt is safe.\n";
        assert!(run(&ConsecutiveOpeners, broken).is_empty());
        let code = "# T\n\nIf you can, run:\n\n```\nx\n```\n\nIf not, wait. If in doubt, ask.\n";
        assert!(run(&ConsecutiveOpeners, code).is_empty());
    }

    #[test]
    fn names_numbers_and_removed_code_are_not_runs() {
        for ok in [
            "# T\n\nGet-Process lists. Get-Service lists. Get-Item reads.\n",
            "# T\n\nStep 1: open it. Step 2: edit it. Step 3: save it.\n",
            "# T\n\nThe `a` cmdlet reads. The `b` cmdlet writes. The `c` cmdlet waits.\n",
            "# T\n\n`a` reads it. `b` reads it. `c` reads it.\n",
        ] {
            assert!(run(&ConsecutiveOpeners, ok).is_empty(), "{ok}");
        }
    }
}
