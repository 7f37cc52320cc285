use super::{
    DATA, candidates_by_block, names_source, names_source_masked, sentence_matches, sentences,
};
use crate::document::{Document, TokenSlice};
use crate::finding::Finding;
use crate::rules::temporal::inside_quotes;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::memo::SentenceMemo;
use crate::text::phrases::PhraseSet;
use std::ops::Range;

declare_rule! {
    /// ### What
    ///
    /// An appeal to authorities nobody can check: "studies show", "research suggests", "experts
    /// agree", "it is widely believed", "many believe", "according to experts".
    ///
    /// Matched by shape, not by a list of sentences: an unnamed subject, optionally after
    /// quantifiers ("many", "leading", "recent", "a"), then optionally auxiliaries and adverbs
    /// ("have consistently"), then an attribution verb: research, studies, experts, scientists,
    /// analysts, surveys, evidence ... with show, suggest, agree, say, found, prove, warn ...;
    /// crowds (people, many, some, others) only with opinion verbs (say, believe, think, agree,
    /// claim). The subject is named, so not vague, after a determiner or possessive ("the study",
    /// "our research", "Stanford's experts") or a capitalised name ("Gartner analysts say");
    /// "research by Stanford shows" never has the subject next to the verb; a participle followed
    /// by a preposition is a passive ("data shown in the table"). Impersonal forms ("it is widely
    /// believed", "according to experts", "a recent study") are phrases. Words:
    /// rules/data/claims.toml ([vague]).
    ///
    /// Fires unless the sentence or the one before or after it (same section) holds a link, a
    /// footnote reference, a bare URL, an attribution ("according to Gartner"), an academic
    /// citation, or a cue word with a proper name besides the vague phrase itself ("A recent study
    /// by Stanford found ..."), or its paragraph touches a code block or an image ("The numbers
    /// show ..." under the chart that shows them). A neighbour's source counts only when that
    /// sentence carries no statistic of its own: a link after "... by 15 to 30%" sources that
    /// figure, not the experts' view in the sentence before. The phrases are in
    /// rules/data/claims.toml ([vague]).
    ///
    /// Not flagged: the phrase inside quotation marks, code, table cells, footnotes.
    ///
    /// ### Why
    ///
    /// Wikipedia calls these weasel words; generated text is full of them. Name the study or the
    /// expert, or link it.
    ///
    /// ### Example
    ///
    /// Bad: "Studies show that remote teams ship faster." Good: "A 2024 Stanford study of 1,600
    /// workers found that remote teams ship faster [link]."
    ///
    /// ### Source
    ///
    /// Wikipedia's Manual of Style, "Unsupported attributions" (MOS:WEASEL).
    pub VagueAttribution {
        id: "claims/vague-attribution",
        dimension: FactualConsistency,
        severity: Warning,
        summary: "A claim is attributed to unnamed studies or experts",
        weight: 1.5,
        cap: 9.0,
        examples: {
            fire: [
                "Studies show that remote teams are more productive.\n",
                "Experts agree that the new format is safer.\n",
            ],
            pass: [
                "A 2023 Stanford study found that remote teams were more productive.\n",
                "Our tests show that the new format is safer.\n",
            ],
        },
    }
}

impl Rule for VagueAttribution {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![&DATA.vague, &DATA.any_vague_subject]
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let sents = sentences(doc);
        let mut out = Vec::new();
        static BY_BLOCK: SentenceMemo<Option<Range<usize>>> = SentenceMemo::new();
        let candidates = candidates_by_block(doc, &sents, &BY_BLOCK, |block, out| {
            out.extend(block.iter().map(|sent| {
                let vague = sentence_matches(doc, &ctx.phrases, &DATA.vague, sent);
                find_vague(doc, sent, vague, subject_starts(doc, ctx, sent))
            }));
        });
        for (i, range) in candidates {
            let sent = &sents[i];
            let section = sent.section;
            let neighbour_sourced = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| sents.get(j))
                .any(|s| s.section == section && backs(doc, s));
            if neighbour_sourced
                || super::evidence_adjacent(doc, sent.block)
                || names_source_masked(doc, sent, Some(range.clone()))
            {
                continue;
            }
            let phrase = &sent.text[range.clone()];
            let at = sent.range.start;
            out.push(
                META.finding(
                    doc.blocks[sent.block]
                        .text
                        .range_to_source(at + range.start..at + range.end),
                    format!("\"{phrase}\": which ones? No source is named"),
                )
                .with_help(
                    "Name the study, report or expert and link it, or state the claim as your \
own and support it",
                ),
            );
        }
        out
    }
}

/// Whether a neighbouring sentence's source backs the vague claim: it names a source and does
/// not carry a statistic of its own. "Experts agree that both kinds matter. A 2019 meta-analysis
/// [link] found that fiber lowered the risk by 15 to 30%": the link sources the 15 to 30%, not
/// what the experts agree on.
fn backs(doc: &Document, s: &super::Sent) -> bool {
    names_source(doc, s) && super::unsourced_statistic::find_statistic(s.text).is_none()
}

/// Where in the sentence a word may start that is the subject of an attribution shape
/// (offsets in its text), answered from the document's phrase scan instead of the sentence's
/// words; `None`: any word may be. Most sentences hold no subject, and most words of those
/// that do are none: reading every word of every sentence was most of the rule's work.
///
/// Exact, not a guess: every listed subject is ASCII letters (a test holds the list to it),
/// so a word whose lower case is one is the same letters in some case, and the scan, which
/// reports every occurrence of a phrase (ASCII case aside), at a word boundary or not, reports
/// one where the word starts. The one character beyond ASCII whose lower case is an ASCII
/// letter breaks that (the Kelvin sign, `k`, as in "folks"; `İ` lower-cases to `i` and a
/// combining dot, which no ASCII word holds): a sentence with it is read word by word.
fn subject_starts(doc: &Document, ctx: &Context, sent: &super::Sent) -> Option<Vec<usize>> {
    if !sent.text.is_ascii() && sent.text.contains('\u{212A}') {
        return None;
    }
    let set = &DATA.any_vague_subject;
    let starts = ctx
        .phrases
        .occurrence_starts(doc, set, sent.block as u32, sent.range.clone())?;
    Some(starts.into_iter().map(|at| at - sent.range.start).collect())
}

/// The first vague attribution of a sentence, outside quotation marks: the shape
/// `[quantifier...] subject [adverb...] verb`, or an impersonal phrase.
/// `phrases`: where the phrases of `[vague] phrases` are in it; `subjects`: where a subject
/// may start (see [`subject_starts`]; `None`: at any word).
fn find_vague<'d>(
    doc: &'d Document,
    sent: &super::Sent<'d>,
    phrases: Vec<Range<usize>>,
    subjects: Option<Vec<usize>>,
) -> Option<Range<usize>> {
    let text = sent.text;
    let words = sent.words(doc);
    let phrase = phrases.into_iter().find(|r| !inside_quotes(text, r.start));
    let shaped = match subjects {
        Some(starts) => starts
            .into_iter()
            .filter_map(|at| words.word_starting_at(at))
            .filter_map(|i| attribution_shape_at(text, words, i))
            .find(|r| !inside_quotes(text, r.start)),
        None => (0..words.len())
            .filter_map(|i| attribution_shape_at(text, words, i))
            .find(|r| !inside_quotes(text, r.start)),
    };
    match (phrase, shaped) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The `[quantifier...] subject [adverb...] verb` with an unnamed subject whose subject is
/// word `i`, if there is one.
fn attribution_shape_at(text: &str, words: TokenSlice<'_>, i: usize) -> Option<Range<usize>> {
    let d = &*DATA;
    let lower = |i: usize| words.get(i).map_or("", |w| w.lower);
    // Most words are turned away by their bytes; only the rest are looked up in lower case
    // (making a capitalised word's lower case is a search of the document's list of them).
    let written = words.bytes_of(i);
    if !d.vague_subjects.may_hold_lower_of(written) && !d.crowd_subjects.may_hold_lower_of(written)
    {
        return None;
    }
    let subject = lower(i);
    let authority = d.vague_subjects.contains(subject);
    if !authority && !d.crowd_subjects.contains(subject) {
        return None;
    }
    let mut first = i;
    while first > 0 && d.vague_quantifiers.contains(lower(first - 1)) {
        first -= 1;
    }
    // "the study", "our research", "Stanford's experts", "Gartner analysts": named.
    if let Some(before) = first.checked_sub(1) {
        let word = lower(before);
        if d.specific_before.contains(word)
            || word.ends_with("'s")
            || words.text_of(before).starts_with(char::is_uppercase)
        {
            return None;
        }
    }
    // "the annual survey", "our own recent research": a determiner a word or two further
    // back, within the same clause, makes the subject specific too.
    let further = first.checked_sub(2).and_then(|w| words.get(w));
    if let (Some(w), Some(f)) = (further, words.get(first)) {
        let gap = &text[w.end()..f.at];
        if !gap.contains([',', ';', ':', '(', '.']) && d.specific_before.contains(w.lower) {
            return None;
        }
    }
    let mut k = i + 1;
    while k < words.len() && k <= i + 3 && d.vague_adverbs.contains(lower(k)) {
        k += 1;
    }
    let verb = words.get(k)?;
    let verbs = if authority {
        &d.attribution_verbs
    } else {
        &d.opinion_verbs
    };
    if !verbs.contains(verb.lower) {
        return None;
    }
    let next = lower(k + 1);
    let participle = verb.lower.ends_with("ed")
        || verb.lower.ends_with("wn")
        || verb.lower.ends_with("en")
        || matches!(verb.lower, "found" | "said" | "thought");
    // "reports show up", "data shown in the table", "studies found in the archive",
    // "people think about"
    if matches!(next, "up" | "off" | "out")
        || (!authority && matches!(next, "about" | "of"))
        || (participle && k == i + 1 && d.passive_next.contains(next))
    {
        return None;
    }
    let start = words.get(first).map_or(verb.at, |w| w.at);
    Some(start..verb.end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run, with_context};

    fn fires(text: &str) -> usize {
        run(&VagueAttribution, text).len()
    }

    #[test]
    fn fires_on_unnamed_authorities() {
        for text in [
            "Studies show that remote teams ship faster.",
            "Experts agree this is the future.",
            "Research suggests Python is easy to learn.",
            "It is widely believed that SEO is dead.",
            "Many believe the market will recover.",
            "According to experts, the market will recover.",
            "It’s widely believed that SEO is dead.",
            // shapes, not a list
            "Recent research suggests that sleep improves recall.",
            "Many leading experts agree that the market will turn.",
            "Scientists have consistently found a link.",
            "Some say the format is dead.",
            "Many people believe that SEO is dead.",
            "Independent analysts predict a rebound next year.",
            "In short, experts warn against it.",
            "In the end, experts agree on little.",
            // the next sentence's link sources its own figure, not the experts' view
            "Experts agree that sleep matters. A [2021 trial](https://example.com) cut errors by 20%.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    /// [`subject_starts`] names the start of every word the shape scan would take for a
    /// subject (or says any word may be one): random sentences of listed subjects among
    /// ASCII and other words, typographic punctuation, ideographs, the Kelvin sign, combining
    /// marks and digits.
    #[test]
    fn subject_starts_miss_no_subject() {
        let pieces = [
            "studies",
            "Data",
            "EXPERTS",
            "many",
            "some",
            "report",
            "reports",
            "folks",
            "FOL\u{212A}S",
            "STUD\u{130}ES",
            "数据",
            "研究",
            "é",
            "e\u{301}",
            "’",
            "'",
            "_",
            "-",
            "3",
            "٣",
            "the",
            "show",
            "say",
            "people",
            "research",
            "Others",
            "x",
            ".",
            ",",
            "“",
            "”",
            "—",
            "ü",
        ];
        let seps = [" ", "", " ", ". ", " ", "", "\n"];
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        let (mut checked, mut skipped, mut subjects) = (0, 0, 0);
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..1 + next(12) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(seps[next(seps.len())]);
            }
            text.push_str(".\n");
            with_context(&text, |doc, ctx| {
                for sent in sentences(doc) {
                    let starts = subject_starts(doc, ctx, &sent);
                    for w in sent.words(doc).iter() {
                        let subject = DATA.vague_subjects.contains(w.lower)
                            || DATA.crowd_subjects.contains(w.lower);
                        let named = starts.as_ref().is_none_or(|s| s.contains(&w.at));
                        assert!(!subject || named, "{:?} in {:?}", w.text, sent.text);
                        subjects += usize::from(subject && starts.is_some());
                    }
                    checked += 1;
                    skipped += usize::from(starts.is_some_and(|s| s.is_empty()));
                }
            });
        }
        assert!(
            checked > 3_000 && skipped > 100 && subjects > 1_000,
            "{checked} {skipped} {subjects}"
        );
    }

    #[test]
    fn passes_named_or_linked_sources() {
        for text in [
            "Studies show ([Stanford, 2024](https://example.com)) remote teams ship faster.",
            "A recent study by Stanford found that remote teams ship faster.",
            "Studies show remote teams ship faster.[^1]\n\n[^1]: Bloom, 2015.",
            "Experts agree. According to Gartner, agents are next.",
            "He wrote \"studies show\" as a joke.",
            "Our studies of the logs are below.",
            "Use `studies show` in code.",
            "![Build times](times.png)\n\nThe numbers show that caching helps.",
            // specific or named subjects
            "The study shows a clear effect.",
            "Our research found two causes.",
            // an indirect question, not an attribution
            "We asked how people think the tool could improve.",
            "Gartner analysts predict a rebound.",
            "Research by Stanford shows remote teams ship faster.",
            // not attributions
            "People found the bug in an hour.",
            "The data shown in the table is hourly.",
            "Reports show up in the dashboard.",
            "Those experts who agree are few.",
            "Unit tests show the bug.",
            "The annual survey suggests a healthy community.",
            "Most of the time, people think about the server first.",
            "A chart has 100 data points.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }
}
