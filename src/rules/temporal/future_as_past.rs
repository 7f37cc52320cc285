use super::{
    DATA, Tok, TokKind, anchor_before, for_each_year_clause, hypothetical, is_past_verb, marker_at,
    source_label,
};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// A year that has not come yet on the article's reference date is told as history: "In 2028
    /// the company launched ..." in an article of 2026.
    ///
    /// What fires, within one clause of one sentence or heading:
    /// - a preposition (in, during, throughout, over) and the year opening the clause, then a
    ///   past-tense verb within eight words: "In 2028 the company launched ...", "During 2029,
    ///   revenue fell";
    /// - a past-tense verb, then within six words such a preposition and the year: "The company
    ///   launched its app in 2028", "It was released in late 2027";
    /// - "since" and the year in a clause with a past or perfect verb: "Sales have grown since
    ///   2028".
    /// A past-tense verb is an irregular past form (was, had, became, ... in
    /// rules/data/temporal.toml) or an `-ed` word after a noun or pronoun: after an article, a
    /// copula, an auxiliary or a hyphen it is an adjective or participle ("the most advanced",
    /// "will be released", "AI-powered").
    ///
    /// What does not fire: a clause with a future marker ("was delayed and will ship in 2028"), an
    /// infinitive ("was expected to ship in 2028", "the plan was to launch in 2028"), a planning or
    /// deciding verb ("scheduled for release in 2028", "approved an event in 2027": [past]
    /// future_oriented in rules/data/temporal.toml), a deadline moved forward ("was delayed until
    /// 2028": until, to and by are not past prepositions), a conditional ("if", "would",
    /// "imagine"), quoted text, blockquotes, table cells, code. Only the year is compared, not the
    /// month: "in December 2026" in an article of March 2026 passes.
    ///
    /// ### Why
    ///
    /// Either the year is a typo or the text invents events.
    ///
    /// ### Example
    ///
    /// Bad (dated 2026): "In 2028 the company launched its first phone." Good: "In 2028 the company
    /// plans to launch ...".
    ///
    /// ### Config
    ///
    /// An error: a past event in a future year is wrong whatever the style.
    pub FutureAsPast {
        id: "temporal/future-as-past",
        dimension: TemporalCorrectness,
        severity: Error,
        summary: "A year after the reference date is told in the past tense",
        weight: 5.0,
        cap: 25.0,
        examples: {
            fire: [
                "---\ndate: 2026-02-18\n---\nIn 2028 the company launched its first phone.\n",
                "---\ndate: 2026-02-18\n---\nThe company launched its app in 2028.\n",
            ],
            pass: [
                "---\ndate: 2026-02-18\n---\nIn 2028 the company plans to launch its first phone.\n",
                "---\ndate: 2026-02-18\n---\nThe launch was delayed until 2028.\n",
            ],
        },
    }
}

const MAX_AFTER_YEAR: usize = 8;
const MAX_BEFORE_YEAR: usize = 6;

static SINCE: LazyLock<HashSet<String>> =
    LazyLock::new(|| HashSet::from_iter(["since".to_string()]));

impl Rule for FutureAsPast {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn compares_with_reference_date(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let reference = i32::from(ctx.reference_date.year());
        let mut out = Vec::new();
        for_each_year_clause(doc, reference, |unit, text, _, clause| {
            let words = super::word_indices(clause);
            let has_marker = (0..words.len()).any(|w| marker_at(clause, &words, w).is_some());
            if has_marker || hypothetical(clause) {
                return;
            }
            for (y, &yi) in words.iter().enumerate() {
                let tok = &clause[yi];
                let Some(year) = tok.year.filter(|&v| v > reference) else {
                    continue;
                };
                if tok.quoted {
                    continue;
                }
                let Some((a, b)) = past_use(text, clause, &words, y) else {
                    continue;
                };
                let start = clause[a].range.start.min(tok.range.start);
                let end = clause[b].range.end.max(tok.range.end);
                let quote = &text[start..end];
                out.push(
                    META.finding(
                        unit.source(start..end),
                        format!(
                            "{year} is after the reference year {reference} but is told in the \
past tense (\"{quote}\")"
                        ),
                    )
                    .with_help(format!(
                        "Check the year; if the event is planned, write it as the future \
(\"plans to\", \"will\"). Reference date: {} ({})",
                        ctx.reference_date,
                        source_label(ctx.reference_date_source)
                    )),
                );
            }
        });
        out
    }
}

/// If the year at word `y` is told in the past tense, the token indices of the evidence's ends.
fn past_use(text: &str, clause: &[Tok], words: &[usize], y: usize) -> Option<(usize, usize)> {
    let data = &*DATA;
    let at = |w: usize| &clause[words[w]];
    let opens_clause = |w: usize| {
        clause[..words[w]].iter().all(|t| t.kind == TokKind::Comma)
            || clause[words[w] - 1].kind == TokKind::Comma
            || clause[words[w] - 1].is("that")
    };
    let stops = |w: usize| {
        let t = at(w);
        t.year.is_some()
            || data.future_oriented.contains(t.lower.as_str())
            || t.is("to")
            || data.subordinators.contains(t.lower.as_str())
            || data.time_words.contains(t.lower.as_str())
    };
    // "In 2028 the company launched ..."
    if let Some(p) = anchor_before(clause, words, y, &data.past_prepositions) {
        let mut lead = p;
        while lead > 0 && p - lead < 2 && data.clause_leads.contains(at(lead - 1).lower.as_str()) {
            lead -= 1;
        }
        if opens_clause(lead) {
            for w in y + 1..words.len().min(y + 1 + MAX_AFTER_YEAR) {
                if stops(w) {
                    break;
                }
                if is_past_verb(text, clause, words, w) {
                    return Some((words[lead], words[w]));
                }
            }
        }
        // "The company launched its app in 2028"
        let mut w = p;
        while w > 0 && p - w < MAX_BEFORE_YEAR {
            w -= 1;
            if stops(w) {
                break;
            }
            if is_past_verb(text, clause, words, w) {
                return Some((words[w], words[y]));
            }
        }
    }
    // "Sales have grown since 2028"
    if let Some(p) = anchor_before(clause, words, y, &SINCE) {
        // A relative clause after the year ("since 2028, when the first customer signed")
        // tells its own event: its verbs neither make nor excuse the perfect.
        let end = (y + 1..words.len())
            .find(|&w| data.subordinators.contains(at(w).lower.as_str()))
            .unwrap_or(words.len());
        let perfect = (0..end).any(|w| {
            matches!(
                at(w).lower.as_str(),
                "has" | "have" | "had" | "was" | "were" | "been"
            ) || is_past_verb(text, clause, words, w)
        }) && !(0..end).any(|w| data.future_oriented.contains(at(w).lower.as_str()));
        if perfect {
            return Some((words[p], words[y]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    fn fires(body: &str) -> usize {
        run(
            &FutureAsPast,
            &format!("---\ndate: 2026-02-18\n---\n{body}\n"),
        )
        .len()
    }

    #[test]
    fn fires_on_future_years_in_the_past_tense() {
        for body in [
            "In 2028 the company launched its first phone.",
            "During 2029, revenue fell sharply.",
            "The company launched its app in 2028.",
            "It was released in late 2027.",
            "Sales have grown since 2028.",
            "Revenue has grown since 2027, when the first paying customer signed.",
            "## In 2030 the market collapsed",
        ] {
            assert_eq!(fires(body), 1, "{body}");
        }
    }

    #[test]
    fn passes_plans_deadlines_and_past_years() {
        for body in [
            "In 2028 the company plans to launch its first phone.",
            "The launch was delayed and will happen in 2028.",
            "The release was expected to ship in 2028.",
            "The plan was to launch in 2028.",
            "The release was delayed until 2028.",
            "If we launched in 2028, we would be late.",
            "In 2024 the company launched its first phone.",
            "In 2028, the most advanced models will be cheap.",
            "The team said \"we shipped in 2028\" as a joke.",
            "> In 2028 the company launched its first phone.",
            "The contract, signed in 2024, runs through 2028.",
            "In 2026 the company launched its first phone.",
            "The print edition, scheduled for release in May 2028, sold out.",
            "Rust in Action, scheduled for release in May 2028.",
            "The Council approved an All-Hands event in 2027.",
            "Since 2028, when the contract was signed, costs will fall.",
        ] {
            assert_eq!(fires(body), 0, "{body}");
        }
    }
}
