use super::{DATA, Sent, candidates_by_block, sentence_matches, sentences};
use crate::document::{Document, words};
use crate::finding::Finding;
use crate::rules::temporal::{inside_quotes, year_value};
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::memo::{SentenceMemo, TextMemo};
use crate::text::phrases::PhraseSet;
use crate::text::phrases::regex_alternation;
use crate::text::precheck::{LazyGate, LiteralGate, Needles};
use crate::text::quick_regex::{Captures, QuickRegex};
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// A claim to be the best, the first or the leading, with nothing that measures it: "our
    /// industry-leading platform", "the best CRM software", "a proven strategy", "guaranteed
    /// results", "the #1 tool".
    ///
    /// Matched by shape, not by a list of sentences: a determiner ("the", "our", "its", "the
    /// world's") and a superlative head (best, leading, top, number one, #1, the -est form of a
    /// listed adjective, or "most" + an adjective other than a quantity word: "the latest version",
    /// "at least", "most of the", "the most common" are not heads), which is a claim when
    /// intensified ("by far the fastest"), judged by nobody ("is widely regarded as the best",
    /// "considered by many to be one of the finest"), scoped to a market within four words ("the
    /// most trusted brand in the world", "on the market"), or followed by a product noun as below;
    /// "number one"/"#1" + a product noun is always a claim. Supported, so not a finding: a link, a
    /// footnote, a measure word or a named source (a cue word with a proper name) in the sentence
    /// or an adjacent one; a number other than a year in the sentence, or in a next sentence that
    /// refers back to it ("It runs a payroll in 40 seconds."); a comparison ("than") in the
    /// superlative's own clause or in such a next sentence. A number or a comparison elsewhere
    /// measures something else ("Pasteis de Belem is the number one choice for tarts, and the queue
    /// moves faster than it looks", "... at 10% brightness. Our world-class installers").
    ///
    /// What fires: phrases that are promotional on their own (industry-leading, world-class,
    /// best-in-class, award-winning, unparalleled, the world's best/first, proven
    /// results/strategy/track record, guaranteed results, unmatched performance ...); and a
    /// superlative head after a determiner followed within three words by a product or vendor noun
    /// ("the best CRM platform", "our most advanced AI model", "the #1 tool") when it is a claim:
    /// about the writer's own product ("our", "its", "their"), with a name or "we" as its subject
    /// ("Acme is the best CRM platform", "We are the leading agency"), or claiming a market ("the
    /// fastest host on the market"). Lists: rules/data/claims.toml ([superlative]).
    ///
    /// What does not fire: superlatives in how-to text ("the best way to cache is", "This is the
    /// easiest solution", "best practices", "the top of a program loop": a function word between
    /// head and noun); "the only" (in technical text it states a fact: "the only parameter that
    /// accepts", "the only solution is to"); "unmatched" alone ("each unmatched argument"); an aim
    /// rather than a claim ("to build the ultimate solution"); "#1" as an issue number; a claim
    /// with a measure as above (measure words: "according to", "benchmark", "rated", "ranked",
    /// "voted", "G2" ...; comparisons and back references: rules/data/claims.toml); quoted text;
    /// code; table cells.
    ///
    /// One finding per sentence.
    ///
    /// ### Why
    ///
    /// Readers discount it, and regulators treat unqualified superlatives in advertising as claims
    /// that need substantiation (U.S. FTC Advertising Substantiation Policy; UK CAP Code 3.7).
    ///
    /// ### Example
    ///
    /// Bad: "Acme is the best CRM platform for small teams." Good: "Acme is rated 4.8/5 by 2,000 G2
    /// reviewers, the highest among CRM platforms for small teams."
    pub UnsupportedSuperlative {
        id: "claims/unsupported-superlative",
        dimension: FactualConsistency,
        severity: Warning,
        summary: "A promotional superlative has no measure behind it",
        weight: 1.5,
        cap: 9.0,
        examples: {
            fire: [
                "Our industry-leading platform is the best CRM software on the market.\n",
                "It is by far the fastest way to deploy.\n",
            ],
            pass: [
                "Our platform is the best CRM software we tested: it imported 2 GB in 40 seconds.\n",
                "The latest version fixes most of the common bugs.\n",
            ],
        },
    }
}

/// "<determiner> <head>": the head is a listed head, a generated -est form, or "most <word>".
static HEADED: LazyLock<QuickRegex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?:^|\b|\s)(?P<det>{})\s+(?P<head>{})(?:\b|$)",
        regex_alternation(&DATA.determiners),
        head_pattern(),
    );
    QuickRegex::new(pattern, "superlative regex").ignore_case(true)
});

/// The head of [`HEADED`]: a listed head, a generated -est form, or "most <word>".
fn head_pattern() -> String {
    format!(
        r"{}|most\s+(?P<adj>[\p{{L}}][\p{{L}}-]*)",
        regex_alternation(&DATA.heads)
    )
}

/// What every [`HEADED`] match holds after white space: the first word of a listed head or
/// "most" (determiners alone are in every sentence).
fn head_words() -> Vec<&'static str> {
    let mut words: Vec<&str> = DATA
        .heads
        .iter()
        .map(|h| h.split(' ').next().unwrap_or(""))
        .collect();
    words.push("most");
    words
}

/// Sentences without a head word are not searched (text beyond ASCII: see [`LiteralGate`]).
static HEADED_GATE: LazyGate = LazyGate::new(|| LiteralGate::any_of(&head_words()));

/// The head words, found by the rule set's phrase scan: a paragraph without one is not
/// searched, and an article without one never compiles [`HEADED`] (see [`Needles`]).
static HEADED_NEEDLES: LazyLock<Needles> = LazyLock::new(|| Needles::new(&head_words()));

/// Whether a [`HEADED`] match may start its head at one of `head_starts` (the places a head
/// word starts in `text`, from the phrase scan): white space before it, and before that the
/// last word of a determiner ("the", "a", "our", "world's" ...). `None` when the bytes cannot
/// tell: white space beyond ASCII (`\s`) or a character a case-insensitive regex reads as an
/// ASCII letter. Exact as a test otherwise: a match is a determiner, white space, then a head,
/// which starts with a head word. Most sentences with "most", "best" or "top" have none of
/// these before it ("for most", "at best", "on top of"): the regex search of each was half of
/// what the rule cost a blog.
fn determiner_before_head(
    text: &str,
    head_starts: impl IntoIterator<Item = usize>,
) -> Option<bool> {
    if !crate::text::precheck::bytes_stand_for_regex(text, |_| false) {
        return None;
    }
    let t = text.as_bytes();
    let is_space = crate::text::precheck::is_regex_space;
    Some(head_starts.into_iter().any(|at| {
        let mut end = at;
        while end > 0 && is_space(t[end - 1]) {
            end -= 1;
        }
        end < at
            && DATA.determiners.iter().any(|d| {
                let last = d.rsplit(' ').next().unwrap_or(d).as_bytes();
                end >= last.len() && t[end - last.len()..end].eq_ignore_ascii_case(last)
            })
    }))
}

/// Whether `text` (lower case) ends with one of `phrases` at a word boundary.
fn ends_with_phrase(text: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| {
        text.strip_suffix(p.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// One "<determiner> <head>" and what follows it, judged by the grammar of the module docs:
/// the range to report when it is a claim.
fn headed_claim(text: &str, c: &Captures) -> Option<Range<usize>> {
    let d = &*DATA;
    let det = c.name("det")?;
    let head = c.name("head")?;
    let whole = det.start()..head.end();
    if let Some(adj) = c.name("adj") {
        let a = adj.as_str().to_lowercase();
        let plural = a.ends_with('s') && !(a.ends_with("ous") || a.ends_with("ss"));
        if d.not_after_most.contains(&a) || plural {
            return None;
        }
    }
    if inside_quotes(text, whole.start) || issue_number(text, &(head.start()..head.end())) {
        return None;
    }
    // "by far the fastest", "is widely regarded as (one of) the best"
    let before = text[..whole.start]
        .trim_end()
        .to_lowercase()
        .replace('\u{2019}', "'");
    let before_one_of = before
        .strip_suffix("one of")
        .map_or(before.as_str(), str::trim_end);
    if ends_with_phrase(&before, &d.intensifiers)
        || ends_with_phrase(before_one_of, &d.regard_phrases)
    {
        return Some(whole);
    }
    // Up to three words, none a function word, then a product or vendor noun.
    let after = &text[whole.end..];
    let mut product = None;
    for (i, (at, w)) in words(after).take(4).enumerate() {
        let lw = w.to_lowercase();
        if d.product_nouns.contains(&lw) {
            product = Some(whole.end + at + w.len());
            break;
        }
        if i == 3 || d.not_between.contains(&lw) {
            break;
        }
    }
    // A market scope within four words: "the most trusted bank in the world".
    let scoped = d.market_scopes.find(after).next().is_some_and(|m| {
        let r = m.range;
        words(&after[..r.start]).count() <= 4
            && !words(&after[..r.start]).any(|(_, w)| matches!(w, "is" | "are" | "was" | "to"))
    });
    if scoped && !aim(text, &whole) {
        return Some(whole.start..product.unwrap_or(whole.end));
    }
    let end = product?;
    let hard_head = matches!(
        head.as_str().to_lowercase().as_str(),
        "number one" | "#1" | "no. 1"
    );
    let r = whole.start..end;
    (!how_to(text, &r) && !aim(text, &r) && (hard_head || is_claim(text, &r, det.as_str())))
        .then_some(r)
}

/// The first promotional superlative of a sentence; `strong`: where the strong superlatives
/// of `[superlative] strong` are in it.
/// `may_be_headed`: whether the sentence's paragraph holds a head word (see [`HEADED_NEEDLES`]).
fn find_superlative(
    text: &str,
    strong: Vec<Range<usize>>,
    may_be_headed: bool,
) -> Option<Range<usize>> {
    let strong = strong
        .into_iter()
        .find(|r| !inside_quotes(text, r.start) && !issue_number(text, r) && !aim(text, r));
    // Asked about the same sentences after every edit in the language server.
    static HEADED_CLAIMS: TextMemo<Option<Range<usize>>> = TextMemo::new();
    let headed = (may_be_headed && HEADED_GATE.may_match(text))
        .then(|| {
            HEADED_CLAIMS.get_or(text, || {
                HEADED
                    .captures_iter(text)
                    .find_map(|c| headed_claim(text, &c))
            })
        })
        .flatten();
    match (strong, headed) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// A headed superlative is a claim when it is about the writer's own product ("our"), when a
/// name or "we" is its subject ("Acme is the best CRM"), or when it claims a market ("on the
/// market").
fn is_claim(text: &str, r: &Range<usize>, determiner: &str) -> bool {
    let data = &*DATA;
    if data.vendor_determiners.contains(&determiner.to_lowercase()) {
        return true;
    }
    if data.market_scopes.any(&text[r.end..]) {
        return true;
    }
    // "<Name> is the best ...", "We are the leading ...", "Acme is one of the leading ..."
    let mut before = text[..r.start].trim_end().replace('\u{2019}', "'");
    if before.to_lowercase().ends_with(" one of") {
        before.truncate(before.len() - " one of".len());
        before = before.trim_end().to_string();
    }
    let lower = before.to_lowercase();
    let Some(verb) = data.subject_verbs.iter().find(|v| {
        lower.ends_with(v.as_str())
            && (v.starts_with('\'')
                || lower.len() == v.len()
                || lower[..lower.len() - v.len()].ends_with(' '))
    }) else {
        return false;
    };
    let subject_part = before[..before.len() - verb.len()].trim_end();
    let subject = subject_part
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower_subject = subject.to_lowercase();
    lower_subject == "we"
        || (subject.starts_with(char::is_uppercase)
            && !data.not_names.contains(&lower_subject)
            && !lower_subject.ends_with("'s"))
}

/// "to build the ultimate solution", "to promote best-in-class functionality": an aim, not a
/// claim (the phrase follows "to <verb>").
fn aim(text: &str, r: &Range<usize>) -> bool {
    let mut before = text[..r.start].split_whitespace().rev().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    });
    let (Some(first), Some(second)) = (before.next(), before.next()) else {
        return false;
    };
    // "to build the ultimate", "to promote best-in-class"
    let verb_then = |verb: &str, to: &str| to == "to" && verb.chars().all(char::is_alphabetic);
    if verb_then(&first, &second) {
        return true;
    }
    matches!(first.as_str(), "the" | "a" | "an")
        && before.next().is_some_and(|to| verb_then(&second, &to))
}

/// "#1" as an issue or pull-request number ("fixes #1", "issue #1").
fn issue_number(text: &str, r: &Range<usize>) -> bool {
    if !text[r.clone()].starts_with('#') {
        return false;
    }
    let before = text[..r.start].trim_end().to_lowercase();
    [
        "issue",
        "pr",
        "pull request",
        "bug",
        "ticket",
        "fixes",
        "fixed",
        "closes",
        "see",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// "The best choice depends on ...", "the best choice for you": advice, not a claim. (Other
/// how-to superlatives, "the best way to", never reach a product noun.)
fn how_to(text: &str, r: &Range<usize>) -> bool {
    let rest = text[r.end..].trim_start().to_lowercase();
    let matched = text[r.clone()].to_lowercase();
    matched.ends_with("choice") && (rest.starts_with("depends") || rest.starts_with("for you"))
}

/// Where a sentence stands to the superlative it may measure.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// The superlative's own sentence; the range is the superlative (masked: "#1" holds a
    /// digit).
    Same,
    /// The sentence before it, or a next sentence about something else: only a link, a
    /// footnote or a measure word counts, not a bare number or a comparison.
    Beside,
    /// A next sentence that refers back to it ("It loads a page in 0.4 seconds.").
    Continuing,
}

/// A measure in a sentence (see [`Place`]).
fn has_measure(doc: &Document, sent: &Sent, place: Place, mask: Option<&Range<usize>>) -> bool {
    if super::has_link_or_footnote(doc, sent) {
        return true;
    }
    let outside = |at: usize| mask.is_none_or(|m| at < m.start || at >= m.end);
    if DATA
        .measures
        .find(sent.text)
        .any(|m| outside(m.range.start))
    {
        return true;
    }
    if place == Place::Beside {
        return false;
    }
    let clause = match (place, mask) {
        (Place::Same, Some(m)) => clause_around(sent.text, m),
        _ => 0..sent.text.len(),
    };
    if DATA
        .comparatives
        .find(&sent.text[clause.clone()])
        .any(|m| outside(clause.start + m.range.start))
    {
        return true;
    }
    // A number that is not a year, anywhere in the sentence ("the largest dome in the world,
    // finished around 126 AD" gives the reader something to check).
    crate::document::words(sent.text).any(|(at, w)| {
        outside(at) && w.starts_with(|c: char| c.is_ascii_digit()) && year_value(w).is_none()
    })
}

/// Where a clause ends: ", and", ", but", ";" and the like.
static BOUNDARY: LazyLock<QuickRegex> = LazyLock::new(|| {
    QuickRegex::new(
        r"(?i)[;:\u{2014}]|,\s+(?:and|but|while|whereas|so|yet|or)\b",
        "clause regex",
    )
});

/// The clause of `text` that holds `r`: cut at ", and", ", but", ";" and the like.
fn clause_around(text: &str, r: &Range<usize>) -> Range<usize> {
    let mut start = 0;
    let mut end = text.len();
    for m in BOUNDARY.find_iter(text) {
        if m.end() <= r.start {
            start = m.end();
        } else if m.start() >= r.end {
            end = m.start();
            break;
        }
    }
    start..end
}

/// The next sentence continues this one: it opens with a word that refers back.
fn continues(next: &Sent) -> bool {
    crate::document::words(next.text)
        .next()
        .is_some_and(|(_, w)| {
            DATA.back_references
                .contains(&w.to_lowercase().replace('\u{2019}', "'"))
        })
}

impl Rule for UnsupportedSuperlative {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![&DATA.strong_superlatives, HEADED_NEEDLES.phrase_set()]
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let sents = sentences(doc);
        let mut out = Vec::new();
        static BY_BLOCK: SentenceMemo<Option<Range<usize>>> = SentenceMemo::new();
        let candidates = candidates_by_block(doc, &sents, &BY_BLOCK, |block, out| {
            // Asked once per paragraph, not once per sentence (the answer is the paragraph's).
            let may_be_headed = HEADED_NEEDLES.may_match(&ctx.phrases, doc, block[0].block as u32);
            out.extend(block.iter().map(|sent| {
                let strong = sentence_matches(doc, &ctx.phrases, &DATA.strong_superlatives, sent);
                let may_be_headed = may_be_headed && {
                    let set = HEADED_NEEDLES.phrase_set();
                    let (text, range) = (sent.block as u32, sent.range.clone());
                    let starts = ctx.phrases.occurrence_starts(doc, set, text, range);
                    starts.is_none_or(|starts| {
                        let in_sentence = starts.into_iter().map(|s| s - sent.range.start);
                        determiner_before_head(sent.text, in_sentence) != Some(false)
                    })
                };
                find_superlative(sent.text, strong, may_be_headed)
            }));
        });
        for (i, range) in candidates {
            let sent = &sents[i];
            let section = sent.section;
            let beside = |s: &&Sent| s.section == section;
            let before = i.checked_sub(1).and_then(|j| sents.get(j)).filter(beside);
            let next = sents.get(i + 1).filter(beside);
            let measured = has_measure(doc, sent, Place::Same, Some(&range))
                || super::names_source_masked(doc, sent, Some(range.clone()))
                || before.is_some_and(|s| has_measure(doc, s, Place::Beside, None))
                || next.is_some_and(|s| {
                    let place = if continues(s) {
                        Place::Continuing
                    } else {
                        Place::Beside
                    };
                    has_measure(doc, s, place, None)
                });
            if measured {
                continue;
            }
            let phrase = sent.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let at = sent.range.start;
            out.push(
                META.finding(
                    doc.blocks[sent.block]
                        .text
                        .range_to_source(at + range.start..at + range.end),
                    format!("\"{phrase}\": a superlative with nothing to measure it by"),
                )
                .with_help(
                    "Back it with a measure (a benchmark, a rating, a ranking, a figure with its \
source) or say what it is specifically good at",
                ),
            );
        }
        out
    }
}

/// Every regex of the rule (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    vec![&HEADED, &BOUNDARY]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    fn fires(text: &str) -> usize {
        run(&UnsupportedSuperlative, text).len()
    }

    #[test]
    fn every_headed_superlative_holds_a_head_word() {
        // Every match holds its head after the determiner: the head's own matches must start
        // with a head word (prefixes cannot be read past the `\s+` before it).
        crate::text::precheck::testing::assert_needles_cover(&head_pattern(), &head_words());
    }

    /// Determiners, heads and the words around them, for texts that hold headed
    /// superlatives and texts that almost do.
    const HEADED_WORDS: [&str; 16] = [
        "the",
        "a",
        "our",
        "world's",
        "best",
        "leading",
        "number one",
        "no. 1",
        "#1",
        "fastest",
        "most",
        "trusted",
        "most-loved",
        "top-rated",
        "crm",
        "is",
    ];

    #[test]
    fn the_gate_never_turns_away_a_headed_superlative() {
        assert!(HEADED_GATE.get().tests_any_text());
        let mut words = HEADED_WORDS.to_vec();
        words.extend(["easiest", "platform", "tool", "we", "are", "one of"]);
        let texts = crate::text::precheck::testing::texts(&words, 11, 5_000);
        let (matched, skipped) =
            crate::text::precheck::testing::assert_sound(HEADED.full(), HEADED_GATE.get(), &texts);
        assert!(matched > 100 && skipped > 100, "{matched} {skipped}");
    }

    /// The determiner test never turns away a text the regex finds a headed superlative in,
    /// given where head words start (every place, inside words too, as the phrase scan gives
    /// them); it turns most texts with a head word but no determiner before it away, and
    /// leaves white space beyond ASCII and look-alike letters to the regex.
    #[test]
    fn the_determiner_test_never_turns_away_a_headed_superlative() {
        let mut words = HEADED_WORDS.to_vec();
        words.extend([
            "its",
            "their",
            "world\u{2019}s",
            "The",
            "A",
            "at",
            "for",
            "on",
            "Most",
        ]);
        words.extend([
            "top",
            "bestseller",
            "almost",
            "\u{e9}",
            "\u{2014}",
            "\r",
            "\x0c",
        ]);
        let heads = head_words();
        let texts = crate::text::precheck::testing::texts(&words, 13, 20_000);
        let (mut matched, mut turned_away, mut left) = (0, 0, 0);
        for t in &texts {
            let lower = t.to_ascii_lowercase();
            let starts: Vec<usize> = (0..t.len())
                .filter(|&i| {
                    heads
                        .iter()
                        .any(|h| lower.as_bytes()[i..].starts_with(h.as_bytes()))
                })
                .collect();
            let answer = determiner_before_head(t, starts.iter().copied());
            if HEADED.full().is_match(t) {
                matched += 1;
                assert_ne!(answer, Some(false), "turned away: {t:?}");
            }
            turned_away += usize::from(answer == Some(false) && !starts.is_empty());
            left += usize::from(answer.is_none());
        }
        assert!(
            matched > 1_000 && turned_away > 2_000 && left > 100,
            "{matched} {turned_away} {left}"
        );
    }

    #[test]
    fn fires_on_unmeasured_superlatives() {
        for text in [
            "Acme is the best CRM platform for small teams.",
            "Our industry-leading platform scales with you.",
            "Try our cheapest hosting plan today.",
            "We offer world-class support.",
            "Get proven results with our strategy.",
            "Guaranteed results or your money back.",
            "Acme is the #1 tool for marketers.",
            "It is the fastest hosting provider on the market.",
            "Acme’s the top-rated CRM for startups.",
            "Meet our most advanced AI model yet.",
            "We are the leading digital agency in Leeds.",
            // shapes beyond a phrase list
            "Acme is by far the fastest way to ship a site.",
            "Zed has become the number one choice for editors.",
            "Acme is the most trusted payroll brand in the world.",
            "Acme is widely regarded as the best CRM.",
            "It is considered by many to be one of the finest tools.",
            "Acme is one of the leading providers of payroll software.",
            "Our simplest plan covers ten users.",
            "It is the most secure messenger on the market.",
            "Their greatest strength is the smoothest editor anywhere.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn passes_how_to_and_measured_claims() {
        for text in [
            "The best way to cache pages is a CDN.",
            "The fastest option is the -Filter parameter.",
            "Follow these best practices for naming.",
            "It is the only parameter that accepts pipeline input.",
            "Acme is the best CRM platform, according to G2.",
            "Acme is rated the best CRM platform by 2,000 reviewers.",
            "Acme is the best CRM platform. It scored 4.8 in the 2025 benchmark.",
            "It is the fastest engine ([benchmarks](https://example.com)).",
            "He called it \"the best tool ever\" in jest.",
            "This fixes issue #1 in the tracker.",
            "The order isn't guaranteed.",
            "This is the easiest solution with the least impact.",
            "The only solution is to make large architectural changes.",
            "Rustc is not the only tool that improved.",
            "It returns to the top of a program loop.",
            "The leading dot in the extension is optional.",
            "On the most popular operating systems they are older programs.",
            "Linux was the most popular choice.",
            "The number one cause of pages is slow downloads.",
            "The parser reports each unmatched argument.",
            "We met to build the ultimate solution.",
            "Some features make it hard to promote best-in-class functionality.",
            "The best choice depends on your needs.",
            // not superlative claims
            "Install the latest version first.",
            "You need at least 4 GB of memory.",
            "Most of the time the cache is warm.",
            "This is by far the most common question we get.",
            "The most recent release fixed it.",
            "Pick the best tool for the job.",
            "Most users never change the default.",
            // supported: a number, a link, a named source, a measure
            "Acme is the fastest database in the world at 2.1 million queries per second.",
            "Acme is the most trusted bank in the world ([survey](https://example.com)).",
            "Forrester named Acme the leading CRM platform in its 2025 Wave report.",
            "Acme is by far the fastest, according to the TPC benchmark.",
            // a measure in its own clause, or in a next sentence that continues it
            "Acme is the fastest payroll tool on the market, faster than Paychex on every run.",
            "Acme is the fastest payroll tool on the market. It runs a payroll in 40 seconds.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }

    #[test]
    fn a_measure_must_be_about_the_claim() {
        for text in [
            // a number in the sentence before measures something else
            "A plan costs 12 euros a month. Acme is by far the most trusted payroll brand in the world.",
            // a comparison in another clause of the sentence
            "Luigi's is the number one choice for pizza, and the line moves faster than you think.",
            // a next sentence about something else
            "Luigi's is the number one choice for pizza. Expect to pay about 9 euros a slice.",
            // a setting in the sentence before a strong superlative
            "Dim the hallway lights to 10% at night.\n\nOur world-class installers do the rest.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }
}
