use super::{DATA, inside_quotes};
use crate::document::{BlockKind, Document};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::phrases::{PhraseSet, doc_text, doc_text_count};
use crate::text::precheck::{LazyGate, LiteralGate, Needles};
use crate::text::quick_regex::QuickRegex;
use std::borrow::Cow;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// Text left over from a chatbot answer: "As of my last update, ...", "as of my knowledge
    /// cutoff", "I don't have real-time data", "I cannot browse the internet", "As an AI language
    /// model, ...".
    ///
    /// The patterns are regular expressions in rules/data/temporal.toml ([ai_disclaimer]), matched
    /// case-insensitively in prose and headings.
    ///
    /// Not flagged: the phrase inside quotation marks or in a blockquote (an article about chatbots
    /// quoting one), in code, or in table cells.
    ///
    /// ### Why
    ///
    /// It dates the article to a model's training cutoff rather than to its publication date, tells
    /// readers the text was pasted from a chatbot, and is never what the author means to publish.
    ///
    /// ### Example
    ///
    /// Bad: "As of my last update in 2023, the library supports Python 3.11." Good: "As of February
    /// 2026, the library supports Python 3.11."
    ///
    /// ### Config
    ///
    /// An error and a hard gate by default ([brief] hard_gates).
    pub AiDisclaimer {
        id: "temporal/ai-disclaimer",
        dimension: TemporalCorrectness,
        severity: Error,
        summary: "Chatbot boilerplate about a knowledge cutoff or being an AI",
        weight: 5.0,
        cap: 25.0,
        examples: {
            fire: [
                "As of my last update in 2023, the library supports Python 3.11.\n",
                "As an AI language model, I cannot browse the internet.\n",
            ],
            pass: [
                "As of February 2026, the library supports Python 3.11.\n",
                "The chatbot replied: \"As an AI language model, I cannot browse the internet.\"\n",
            ],
        },
    }
}

/// The patterns of `[ai_disclaimer]` as one regex (case-insensitive, at a word boundary).
fn pattern_source() -> String {
    let body = DATA
        .ai_patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    format!(r"\b(?:{body})")
}

static PATTERN: LazyLock<QuickRegex> = LazyLock::new(|| {
    QuickRegex::new(pattern_source(), "rules/data/temporal.toml [ai_disclaimer]").ignore_case(true)
});

/// Most texts hold none of the words a disclaimer starts with ("as of my", "i cannot", "as an
/// ai"): they are not searched (the regex's own prefilter cannot say so, its literals
/// multiplied by case; see [`LiteralGate`]).
static GATE: LazyGate = LazyGate::new(|| LiteralGate::of(&pattern_source()));

/// What every disclaimer holds ("as of my", "language model", "i cannot" ...): texts where the
/// rule set's phrase scan found none are not searched, and an article without any never
/// compiles [`PATTERN`] (most of what the rule cost a small article).
static NEEDLES: LazyLock<Needles> = LazyLock::new(|| Needles::new(&DATA.ai_needles));

impl Rule for AiDisclaimer {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![NEEDLES.phrase_set()]
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for i in 0..doc_text_count(doc) {
            let (text, is_block) = doc_text(doc, i);
            let quoted_or_cell = is_block && {
                let block = &doc.blocks[i as usize];
                block.in_blockquote || block.kind == BlockKind::TableCell
            };
            if quoted_or_cell || !NEEDLES.may_match(&ctx.phrases, doc, i) {
                continue;
            }
            // Straight and curly apostrophes alike (copied only when there is a curly one).
            let plain: Cow<str> = if text.text.contains('\u{2019}') {
                Cow::Owned(text.text.replace('\u{2019}', "'"))
            } else {
                Cow::Borrowed(&text.text)
            };
            if !GATE.may_match(&plain) {
                continue;
            }
            for m in PATTERN.find_iter(&plain) {
                if inside_quotes(&plain, m.start()) {
                    continue;
                }
                // `replace` keeps byte offsets only when lengths match: map through the original.
                let range = if plain.len() == text.text.len() {
                    m.range()
                } else {
                    original_range(&text.text, &plain, m.range())
                };
                let quote = m.as_str().trim_end_matches([',', ' ']);
                out.push(
                    META.finding(
                        text.range_to_source(range),
                        format!("Chatbot boilerplate: \"{quote}\""),
                    )
                    .with_help(
                        "Remove it: state facts with the article's own date (\"as of <month> \
<year>\") and check them against current sources",
                    ),
                );
            }
        }
        out
    }
}

/// Map a byte range of `changed` (where each `’` of `original` became `'`) back to `original`.
fn original_range(
    original: &str,
    changed: &str,
    range: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let map = |target: usize| {
        let chars_before = changed[..target].chars().count();
        original
            .char_indices()
            .nth(chars_before)
            .map_or(original.len(), |(i, _)| i)
    };
    map(range.start)..map(range.end)
}

/// The rule's regex (the differential test of `quick_regex` reads it).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    vec![&PATTERN]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn the_gate_never_turns_away_a_disclaimer() {
        assert!(GATE.get().tests_any_text());
        let words = [
            "as of my last update",
            "as of my knowledge cutoff date",
            "as an ai language model",
            "i can't browse the internet",
            "i don't have access to real-time data",
            "my training data goes",
            "i'm an ai, so",
            "please check the latest sources as my",
            "according to my latest training",
            "the",
            "model",
            "ai",
            "my",
            "update",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 7, 5_000);
        let (matched, skipped) =
            crate::text::precheck::testing::assert_sound(PATTERN.full(), GATE.get(), &texts);
        assert!(matched > 100 && skipped > 100, "{matched} {skipped}");
    }

    #[test]
    fn every_disclaimer_holds_a_needle() {
        crate::text::precheck::testing::assert_needles_cover(
            &pattern_source(),
            &DATA
                .ai_needles
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
    }

    #[test]
    fn fires_on_disclaimers() {
        for body in [
            "As of my last update, the library supports Python 3.11.",
            "As of my knowledge cutoff in 2023, prices were stable.",
            "I don't have real-time data, but the trend is clear.",
            "I don’t have access to real-time information about prices.",
            "As an AI language model, I cannot give financial advice.",
            "I cannot browse the internet, so check the vendor's site.",
            "My training data only goes up to 2023.",
            "## As of my last update",
        ] {
            assert_eq!(run(&AiDisclaimer, body).len(), 1, "{body}");
        }
    }

    #[test]
    fn passes_quotes_and_ordinary_text() {
        for body in [
            "Chatbots often answer \"As of my last update, I cannot say.\"",
            "> As an AI language model, I cannot help with that.",
            "As of the last update, the library supports Python 3.11.",
            "An AI model can summarise text.",
            "Large language models have a knowledge cutoff.",
            "I have real-time data from the sensors.",
            "Use `as an AI language model` as a test string.",
        ] {
            assert!(run(&AiDisclaimer, body).is_empty(), "{body}");
        }
    }

    #[test]
    fn range_survives_curly_apostrophes() {
        let src = "Note: I don’t have real-time data here.";
        let f = run(&AiDisclaimer, src);
        assert_eq!(&src[f[0].range.clone()], "I don’t have real-time data");
    }
}
