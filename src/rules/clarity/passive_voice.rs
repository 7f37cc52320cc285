use super::{band, own_sentences};
use crate::document::{Document, Sentence, TokenSlice, TokenWord};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta, data_file, percent};
use crate::text::leading_pairs::LeadingPairs;
use crate::text::memo::{SentenceMemo, runs_by_block};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// The share of sentences with a passive construction: a form of "be" (is, are, was, were, be,
    /// been, being, isn't, ...) followed, after at most two adverbs ("is often used", "was not
    /// built"), by a past participle: a word in -ed or an irregular participle (written, built,
    /// known, ...). The word lists are in rules/data/passive.toml, with exceptions: -ed adjectives
    /// ("is interested", "was tired", "is based on"), -eed words that are not participles (need,
    /// indeed), capitalised words (names) and compounds ("is built-in", "is read-only").
    ///
    /// One finding per article, at the first passive construction. Block quotes and footnotes are
    /// not counted; articles with fewer than `min_sentences` (5) sentences, or with fewer than
    /// `passive_min_count` (2) passive sentences, are not judged: one idiomatic passive ("is
    /// scheduled for") in 5-9 sentences is 11-20%, which says nothing about the writing.
    ///
    /// ### Why
    ///
    /// The passive hides who acts and makes sentences longer.
    ///
    /// ### Example
    ///
    /// Bad: The model is trained on a corpus that was collected by the team.
    ///
    /// Good: The team collected a corpus and trained the model on it.
    ///
    /// ### Config
    ///
    /// Up to `[clarity] passive_share_ok` (10%) is good; up to `passive_share_bad` (15%) is
    /// reported as info; more is a warning.
    ///
    /// ### Source
    ///
    /// Yoast SEO's passive voice assessment for English (10% good, 15% limit).
    pub PassiveVoice {
        id: "clarity/passive-voice",
        dimension: Clarity,
        severity: Warning,
        summary: "Too many sentences are in the passive voice",
        weight: 2.0,
        cap: 4.0,
        examples: {
            fire: [
                "The release was built on Monday. The binaries were signed by the release team. Tests ran on three platforms. The packages were uploaded to the registry. Users got the update within an hour.\n",
            ],
            pass: [
                "We built the release on Monday. The release team signed the binaries. Tests ran on three platforms. We uploaded the packages to the registry. Users got the update within an hour.\n",
            ],
        },
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lexicon {
    be: Vec<String>,
    adverbs: Vec<String>,
    irregular: Vec<String>,
    eed_participles: Vec<String>,
    adjectives: Vec<String>,
}

struct Passive {
    be: HashSet<String>,
    /// Which written words may be a form of `be`, by their bytes (see [`BeGate`]).
    be_gate: BeGate,
    adverbs: HashSet<String>,
    irregular: HashSet<String>,
    eed: HashSet<String>,
    adjectives: HashSet<String>,
}

static PASSIVE: LazyLock<Passive> = LazyLock::new(|| {
    let l: Lexicon = data_file(
        "passive.toml",
        crate::embedded_json!("rules/data/passive.toml"),
    );
    let set = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
    let be: HashSet<String> = set(l.be);
    Passive {
        be_gate: BeGate::new(&be),
        be,
        adverbs: set(l.adverbs),
        irregular: set(l.irregular),
        eed: set(l.eed_participles),
        adjectives: set(l.adjectives),
    }
});

/// What the written bytes of a word say about whether its lower case (as the token stream
/// makes it) is one of a set of forms, read off the forms themselves: most words are turned
/// away by their first two bytes and their length, before their lower case is fetched and
/// hashed.
///
/// Exact as a test, never `false` for a word whose lower case is in the set: an ASCII byte
/// lower-cases to the ASCII lower case of itself, so a word that starts with two of them must
/// start, in lower case, as a form does (a word of one byte must be a form of one byte), and
/// an ASCII word is as long as its lower case. A byte beyond ASCII may stand for a character
/// whose lower case is ASCII (`’` for `'`, the Kelvin sign for `k`): in first or second place
/// it passes, and a word with such bytes may be longer than its lower case, so every
/// character of a form is allowed the four bytes of the longest UTF-8 character.
struct BeGate {
    /// The forms' first two bytes where they are ASCII.
    starts: LeadingPairs,
    /// The longest form, in bytes (an ASCII word's length).
    longest: usize,
    /// The longest form, in characters, times four (any word's length).
    longest_written: usize,
}

impl BeGate {
    fn new(forms: &HashSet<String>) -> BeGate {
        let mut starts = LeadingPairs::default();
        for form in forms {
            let bytes = form.as_bytes();
            // A form that starts beyond ASCII needs nothing: such a word always passes.
            if let Some(&first) = bytes.first().filter(|b| b.is_ascii()) {
                starts.insert(first, bytes.get(1).copied().filter(u8::is_ascii));
            }
        }
        BeGate {
            starts,
            longest: forms.iter().map(String::len).max().unwrap_or(0),
            longest_written: 4 * forms.iter().map(|f| f.chars().count()).max().unwrap_or(0),
        }
    }

    /// Whether the word written `bytes` may be a form.
    fn may_be(&self, bytes: &[u8]) -> bool {
        let starts = match *bytes {
            [] => return false,
            [first, ..] if !first.is_ascii() => true,
            [first] => self.starts.ends_after(first),
            [first, second, ..] if second.is_ascii() => self.starts.starts_pair(first, second),
            [first, ..] => self.starts.starts(first),
        };
        starts
            && (bytes.len() <= self.longest
                || (bytes.len() <= self.longest_written && !bytes.is_ascii()))
    }
}

fn is_participle(p: &Passive, word: TokenWord) -> bool {
    if !word.text.starts_with(|c: char| c.is_lowercase()) {
        return false; // a name, or a sentence-initial word
    }
    let w = word.lower;
    if p.adjectives.contains(w) {
        return false;
    }
    if p.irregular.contains(w) {
        return true;
    }
    if w.ends_with("eed") {
        return p.eed.contains(w);
    }
    w.len() >= 4 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase())
}

/// The range in `text` of its first passive construction, from the verb "be" to the
/// participle.
#[cfg(test)]
pub(crate) fn find_passive(text: &str) -> Option<Range<usize>> {
    let tokens = crate::document::Tokens::split([text].into_iter(), std::iter::empty());
    find_passive_in(text, tokens.block(0, text))
}

/// [`find_passive`] over the sentence's words, already split and lower-cased (the
/// document's token stream).
fn find_passive_in(text: &str, words: TokenSlice<'_>) -> Option<Range<usize>> {
    let p = &*PASSIVE;
    for i in 0..words.len() {
        // Most words are turned away by their bytes, before their lower case is fetched.
        if !p.be_gate.may_be(words.bytes_of(i)) {
            continue;
        }
        let Some(word) = words.get(i).filter(|w| p.be.contains(w.lower)) else {
            continue;
        };
        let (at, w) = (word.at, word.text);
        let mut prev_end = at + w.len();
        for next_word in words.from_word(i + 1).iter().take(3) {
            let (next_at, next) = (next_word.at, next_word.text);
            // Punctuation between the two ends the construction ("is, used").
            if !text[prev_end..next_at].chars().all(char::is_whitespace) {
                break;
            }
            let end = next_at + next.len();
            if is_participle(p, next_word) && !text[end..].starts_with('-') {
                return Some(at..end);
            }
            let folded = next_word.lower;
            let adverb = p.adverbs.contains(folded) || (folded.len() > 4 && folded.ends_with("ly"));
            if !adverb {
                break;
            }
            prev_end = end;
        }
    }
    None
}

impl Rule for PassiveVoice {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.clarity;
        let prose = doc.prose();
        let mut total = 0usize;
        let mut passive = 0usize;
        let mut first: Option<Range<usize>> = None;
        let sentences: Vec<&Sentence> = own_sentences(doc).collect();
        let mut buffer = Vec::new();
        for run in runs_by_block(&sentences, |s| s.block) {
            let block = &doc.blocks[sentences[run.start].block];
            // A sentence's words are its block's, split from the block's text: the language
            // server keeps each block's answers by that text.
            static BY_BLOCK: SentenceMemo<Option<Range<usize>>> = SentenceMemo::new();
            let found =
                BY_BLOCK.get_or(&block.text.text, run.len(), &mut buffer, |out| {
                    out.extend(sentences[run.clone()].iter().map(|s| {
                        find_passive_in(prose.text(doc, s), prose.sentence_words(doc, s))
                    }));
                });
            total += run.len();
            for (s, r) in sentences[run].iter().zip(found.iter()) {
                let Some(r) = r else {
                    continue;
                };
                passive += 1;
                if first.is_none() {
                    first = Some(
                        block
                            .text
                            .range_to_source(s.range.start + r.start..s.range.start + r.end),
                    );
                }
            }
        }
        let Some(first) = first else {
            return Vec::new();
        };
        // One passive in a short page is already 10-20%: a share needs a few cases to mean
        // anything.
        if total < cfg.min_sentences || passive < cfg.passive_min_count {
            return Vec::new();
        }
        let share = passive as f64 * 100.0 / total as f64;
        let Some(severity) = band(share, cfg.passive_share_ok, cfg.passive_share_bad) else {
            return Vec::new();
        };
        let mut f = META
            .finding(
                first,
                format!(
                    "{} of sentences ({passive} of {total}) are in the passive voice; aim for at most {}%",
                    percent(share),
                    cfg.passive_share_ok
                ),
            )
            .with_help("Name who does what (\"the team trained the model\"); this is the first passive");
        f.severity = severity;
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::run;

    fn passive(text: &str) -> Option<&str> {
        find_passive(text).map(|r| &text[r])
    }

    #[test]
    fn detects_be_plus_participle() {
        assert_eq!(passive("The model is trained daily."), Some("is trained"));
        assert_eq!(passive("It was not built in a day."), Some("was not built"));
        assert_eq!(
            passive("It has been widely adopted."),
            Some("been widely adopted")
        );
        assert_eq!(
            passive("Data is being collected."),
            Some("is being collected")
        );
        assert_eq!(passive("The fee was guaranteed."), Some("was guaranteed"));
        assert_eq!(
            passive("Files aren’t written twice."),
            Some("aren’t written")
        );
    }

    #[test]
    fn exceptions() {
        for active in [
            "The team trains the model.",
            "She is interested in Rust.",
            "The design is based on Go.",
            "It is indeed fast.",
            "The function is built-in.",
            "The file is read-only.",
            "The speed is Ted's record.",
            "What we need is speed.",
            "It is, used or not, fast.",
            "The error is red.",
            "It is a tested design.",
        ] {
            assert_eq!(passive(active), None, "{active}");
        }
    }

    /// Checks that `gate` turns away no word whose lower case, as the token stream makes it,
    /// is in `forms`: the forms as written, in upper case and with curly apostrophes, and
    /// 20,000 random words of `pieces`. Returns how many words were forms.
    fn no_form_turned_away(forms: &HashSet<String>, gate: &BeGate, pieces: &[&str]) -> usize {
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut words: Vec<String> = forms.iter().cloned().collect();
        words.extend(forms.iter().map(|f| f.to_uppercase()));
        words.extend(forms.iter().map(|f| f.replace('\'', "\u{2019}")));
        for _ in 0..20_000 {
            let n = 1 + rng.below(4);
            words.push((0..n).map(|_| *rng.pick(pieces)).collect());
        }
        let mut found = 0;
        for word in &words {
            // As the rule reads it: a sentence's words from the token stream.
            let text = format!("{word} x");
            let tokens =
                crate::document::Tokens::split([text.as_str()].into_iter(), std::iter::empty());
            let slice = tokens.block(0, &text);
            for i in 0..slice.len() {
                let lower = slice.get(i).expect("a word").lower;
                if forms.contains(lower) {
                    found += 1;
                    assert!(gate.may_be(slice.bytes_of(i)), "{word:?}: {lower:?}");
                }
            }
        }
        found
    }

    /// The gate never turns away a form of "be" (pieces of the forms and of other words, both
    /// cases, straight and curly apostrophes, letters beyond ASCII, the Kelvin sign), and does
    /// turn away common words that are not forms.
    #[test]
    fn the_gate_turns_away_no_form_of_be() {
        let p = &*PASSIVE;
        let pieces = [
            "a", "b", "i", "w", "m", "s", "re", "ere", "as", "e", "en", "ing", "n't", "n’t", "'",
            "’", "t", "K", "\u{212A}", "é", "É", "x", "the", "cause", "IS", "W", "ARE", "Be",
        ];
        let found = no_form_turned_away(&p.be, &p.be_gate, &pieces);
        assert!(
            found > 3 * p.be.len(),
            "the random words hold forms too: {found}"
        );
        // By their first two bytes, or (ASCII) by being longer than every form.
        for other in [
            "the",
            "of",
            "Rust",
            "a",
            "and",
            "which",
            "into",
            "important",
            "whatever",
            "Availability",
        ] {
            assert!(!p.be_gate.may_be(other.as_bytes()), "{other}");
        }
    }

    /// The same for forms the gate must let through by a byte beyond ASCII: an apostrophe
    /// first or second (written `’`), a `k` (written as the Kelvin sign), a letter beyond
    /// ASCII, a form of one letter.
    #[test]
    fn the_gate_reads_forms_beyond_ascii() {
        let forms: HashSet<String> = ["'s", "o'er", "ok", "k", "é", "xé", "ték"]
            .into_iter()
            .map(String::from)
            .collect();
        let gate = BeGate::new(&forms);
        let pieces = [
            "'", "’", "s", "S", "o", "O", "er", "k", "K", "\u{212A}", "é", "É", "x", "X", "t", "T",
            "a",
        ];
        let found = no_form_turned_away(&forms, &gate, &pieces);
        assert!(
            found > 3 * forms.len(),
            "the random words hold forms too: {found}"
        );
        assert!(!gate.may_be(b"or") && !gate.may_be(b"y") && !gate.may_be(b"tea"));
    }

    fn article(passive: usize, active: usize) -> String {
        let mut s = String::from("# T\n\n");
        for _ in 0..passive {
            s.push_str("The file is written. ");
        }
        for _ in 0..active {
            s.push_str("We write the file. ");
        }
        s
    }

    #[test]
    fn yoast_bands() {
        assert!(run(&PassiveVoice, &article(1, 9)).is_empty(), "10%");
        let f = run(&PassiveVoice, &article(2, 14)); // 12.5%
        assert_eq!(f[0].severity, Severity::Info);
        assert!(
            f[0].message.starts_with("12.5% of sentences (2 of 16)"),
            "{}",
            f[0].message
        );
        let src = article(2, 3);
        let f = run(&PassiveVoice, &src);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(&src[f[0].range.clone()], "is written");
        assert!(
            run(&PassiveVoice, &article(2, 1)).is_empty(),
            "too few sentences"
        );
    }

    #[test]
    fn one_passive_is_not_a_share() {
        // 1 of 5 is 20%, over the bad band, but one case says nothing.
        assert!(run(&PassiveVoice, &article(1, 4)).is_empty());
        assert!(run(&PassiveVoice, &article(1, 7)).is_empty());
        // The minimum is configurable: 1 restores Yoast's plain share.
        let mut config = crate::config::Config::default();
        config.clarity.passive_min_count = 1;
        let f = crate::rules::testing::run_with(&PassiveVoice, &article(1, 4), config);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
