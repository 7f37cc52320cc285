use super::{
    DATA, TokKind, anchor_before, for_each_year_clause, hypothetical, is_past_verb, marker_at,
    reported, source_label,
};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// A year that is already past on the article's reference date is written as if it were still
    /// to come: "In 2025, enterprises will adopt..." in an article of 2026.
    ///
    /// The reference date is `--today`, else the front-matter `date`, else `[brief] current_date`,
    /// else the clock; the report states which. An article dated 2021 may say "In 2022, we will
    /// ship"; the same sentence dated 2026 fires.
    ///
    /// What fires, within one clause of one sentence or heading (a clause ends at `; : ( ) — – ?
    /// !`, a spaced hyphen, or words like "but", "while", "although"):
    /// - a time preposition and the year opening the clause, then a future marker within eight
    ///   words: "In 2025, enterprises will ...", "By the end of 2023, AI is expected to ...";
    /// - a future marker, then within ten words a preposition and the year: "Revenue will double by
    ///   2023", "The release is slated to ship in early 2022";
    /// - the year as the subject: "2024 will be the year of ...";
    /// - a future adjective right before the year: "the upcoming 2022 release".
    /// Future markers are `will`, `'ll`, `shall`, `is
    /// expected/set/slated/poised/projected/scheduled to`, `going to`, `plans to`, `due in` ...
    /// (rules/data/temporal.toml).
    ///
    /// What does not fire: reported speech (a past reporting verb anywhere in the sentence: "In
    /// 2020, analysts predicted that prices will fall by 2022", "..., analysts said"); "would" and
    /// other conditionals ("In 2024, analysts predicted prices would fall", "if", "imagine"); a
    /// past verb, a relative clause ("that", "which"), another year or another time word ("next
    /// year") between the year and the marker ("In 2024 the vendors launched a tool that will
    /// ..."); quoted text and blockquotes (someone else's words); table cells; years in code;
    /// versions (`2024.1`), amounts (`$2024`), ranges (`2019-2022`); "In Windows Server 2019, ..."
    /// (a product name is not a time modifier); "In the 2024 edition ..." (a year after an article
    /// names a thing). The opening year may follow a comma, "that" or up to two lead words
    /// ("Looking ahead to 2025, ...").
    ///
    /// ### Why
    ///
    /// The text was written earlier (or by a model with an old training cutoff) and now states a
    /// prediction as news: readers and search engines see stale content.
    ///
    /// ### Example
    ///
    /// Bad (dated 2026): "In 2025, enterprises will adopt agents." Good: "In 2025, enterprises
    /// adopted agents." or "By 2030, analysts expect ...".
    ///
    /// ### Config
    ///
    /// An error and a hard gate by default ([brief] hard_gates): a dated prediction that has
    /// expired is a factual error of the text, not a matter of style.
    pub PastYearAsFuture {
        id: "temporal/past-year-as-future",
        dimension: TemporalCorrectness,
        severity: Error,
        summary: "A year before the reference date is written as the future",
        weight: 5.0,
        cap: 25.0,
        examples: {
            fire: [
                "---\ndate: 2026-02-18\n---\nIn 2025, enterprises will adopt AI agents for customer support.\n",
                "---\ndate: 2026-02-18\n---\nRevenue will double by 2024.\n",
            ],
            pass: [
                "---\ndate: 2026-02-18\n---\nIn 2025, enterprises adopted AI agents for customer support.\n",
                "---\ndate: 2024-02-18\n---\nIn 2025, enterprises will adopt AI agents for customer support.\n",
                "---\ndate: 2026-02-18\n---\nIn 2022, the board said that revenue will double by 2024.\n",
            ],
        },
    }
}

/// Most words between an opening "In 2025," and its future marker.
const MAX_AFTER_YEAR: usize = 8;
/// Most words between a future marker and the preposition of a later year.
const MAX_BEFORE_YEAR: usize = 10;

impl Rule for PastYearAsFuture {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn compares_with_reference_date(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let reference = i32::from(ctx.reference_date.year());
        let mut out = Vec::new();
        for_each_year_clause(doc, reference, |unit, text, tokens, clause| {
            let words = super::word_indices(clause);
            for (y, &yi) in words.iter().enumerate() {
                let tok = &clause[yi];
                let Some(year) = tok.year.filter(|&v| v < reference) else {
                    continue;
                };
                if tok.quoted {
                    continue;
                }
                let Some((span_start, marker)) = future_use(text, clause, &words, y) else {
                    continue;
                };
                if hypothetical(clause) || reported(tokens) {
                    continue;
                }
                let start = clause[span_start].range.start.min(tok.range.start);
                let end = clause[marker].range.end.max(tok.range.end);
                let quote = &text[start..end];
                out.push(
                    META.finding(
                        unit.source(start..end),
                        format!(
                            "{year} is before the reference year {reference} but is written as \
the future (\"{quote}\")"
                        ),
                    )
                    .with_help(format!(
                        "If it happened, write it in the past tense (and say what happened); \
if not, update the year or drop the prediction. Reference date: {} ({})",
                        ctx.reference_date,
                        source_label(ctx.reference_date_source)
                    )),
                );
            }
        });
        out
    }
}

/// If the year at word `y` is used as the future, the token indices (in `clause`) of the start
/// of the evidence and of the future marker.
fn future_use(
    text: &str,
    clause: &[super::Tok],
    words: &[usize],
    y: usize,
) -> Option<(usize, usize)> {
    let data = &*DATA;
    let at = |w: usize| &clause[words[w]];
    let opens_clause = |w: usize| {
        // only commas (or nothing) before word w in the clause
        clause[..words[w]].iter().all(|t| t.kind == TokKind::Comma)
            || clause[words[w] - 1].kind == TokKind::Comma
            || clause[words[w] - 1].is("that")
    };
    // "the upcoming 2022 release"
    if y > 0 && data.future_adjectives.contains(at(y - 1).lower.as_str()) {
        return Some((words[y - 1], words[y]));
    }
    // "2024 will be the year of ...", "And 2024 is set to ..."
    let subject = opens_clause(y)
        || (y >= 1
            && matches!(at(y - 1).lower.as_str(), "and" | "so" | "then")
            && opens_clause(y - 1));
    if subject
        && y + 1 < words.len()
        && let Some(len) = marker_at(clause, words, y + 1)
    {
        return Some((words[y], words[y + len]));
    }
    // "In 2025, enterprises will ...", "By the end of 2023, AI is expected to ..."
    if let Some(p) = anchor_before(clause, words, y, &data.clause_prepositions) {
        let mut lead = p;
        while lead > 0 && p - lead < 2 && data.clause_leads.contains(at(lead - 1).lower.as_str()) {
            lead -= 1;
        }
        if opens_clause(lead) {
            for w in y + 1..words.len().min(y + 1 + MAX_AFTER_YEAR) {
                if let Some(len) = marker_at(clause, words, w) {
                    return Some((words[lead], words[w + len - 1]));
                }
                if blocks(text, clause, words, w) {
                    break;
                }
            }
        }
    }
    // "Revenue will double by 2023"
    if let Some(p) = anchor_before(clause, words, y, &data.future_prepositions) {
        let mut w = p;
        while w > 0 && p - w < MAX_BEFORE_YEAR {
            w -= 1;
            if let Some(len) = marker_at(clause, words, w)
                && w + len <= p
            {
                return Some((words[w], words[w + len - 1]));
            }
            if blocks(text, clause, words, w) {
                break;
            }
        }
    }
    None
}

/// A word between a year and a future marker that detaches the marker from the year: another
/// year, a time word ("next"), a relative or subordinating word, a reporting verb, a past verb.
fn blocks(text: &str, clause: &[super::Tok], words: &[usize], w: usize) -> bool {
    let data = &*DATA;
    let t = &clause[words[w]];
    let word = t.lower.as_str();
    t.year.is_some()
        || data.time_words.contains(word)
        || data.subordinators.contains(word)
        || (data.reporting_verbs.contains(word)
            && !(w > 0
                && matches!(
                    clause[words[w - 1]].lower.as_str(),
                    "is" | "are" | "be" | "been" | "being"
                )))
        || is_past_verb(text, clause, words, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    fn dated(date: &str, body: &str) -> String {
        format!("---\ndate: {date}\n---\n{body}\n")
    }

    fn fires(body: &str) -> usize {
        run(&PastYearAsFuture, &dated("2026-02-18", body)).len()
    }

    #[test]
    fn fires_on_past_years_written_as_future() {
        for body in [
            "In 2025, enterprises will adopt agents.",
            "By 2023, AI is expected to replace search.",
            "Everyone is excited about the upcoming 2022 release.",
            "2024 will be the year of the agent.",
            "# 2024 Will Be the Year of AI",
            "Revenue will double by 2023.",
            "The release is slated to ship in early 2022.",
            "By the end of 2025, most teams are going to use it.",
            "In Q3 2024 we'll launch the beta.",
            "Starting in 2025, all cars will be electric.",
            "We expect that by 2025 most teams will use agents.",
            "Looking ahead to 2025, companies will invest more.",
            "In 2025 it's expected to reach $1 trillion.",
            "Windows 10 support will end in October 2025.",
            "Sales fell last quarter, and by mid-2025 they will recover.",
            "In 2025, AI-powered agents will handle support.",
            "In 2025, automated tools will write tests.",
        ] {
            assert_eq!(fires(body), 1, "{body}");
        }
    }

    #[test]
    fn passes_past_tense_reported_speech_and_future_years() {
        for body in [
            "By 2030, analysts expect agents everywhere.",
            "In 2024 the vendors launched new models.",
            "In 2024, analysts predicted prices would fall.",
            "In 2020, analysts predicted that prices will fall by 2022.",
            "In 2024 the vendors shipped a tool that will change everything.",
            "In 2024 we shipped the API, but next year we will ship the UI.",
            "In 2024 sales fell; next year they will rise.",
            "In Windows Server 2019, the cmdlet will prompt for a password.",
            "The script will list files created in 2020.",
            "You will learn what happened in 2020.",
            "If we had shipped in 2020, we would be done.",
            "The CEO said \"2020 will be our year\" back then.",
            "The 2024.1 release will add themes.",
            "From 2019-2022 the team will be remembered.",
            "Back in 2019, we thought 2020 will be big.",
            "In 2025 the market will have grown, analysts said.",
            "Compared to 2024, sales will rise.",
            "The company will launch in 2029.",
            "In 2026, we will ship the new engine.",
            "In the 2024 edition this rule will apply to all functions.",
        ] {
            assert_eq!(fires(body), 0, "{body}");
        }
    }

    #[test]
    fn blockquotes_and_code_are_skipped() {
        assert_eq!(fires("> In 2025, enterprises will adopt agents."), 0);
        assert_eq!(fires("Run `In 2025, we will` now."), 0);
    }

    #[test]
    fn reference_year_comes_from_the_date() {
        let body = "In 2022, we will ship the new engine.";
        assert!(run(&PastYearAsFuture, &dated("2021-03-01", body)).is_empty());
        let f = run(&PastYearAsFuture, &dated("2026-03-01", body));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("\"In 2022, we will\""),
            "{}",
            f[0].message
        );
        assert!(f[0].help.as_ref().unwrap().contains("front-matter date"));
    }

    #[test]
    fn range_points_at_the_evidence() {
        let src = dated("2026-02-18", "Today, revenue will double by 2023.");
        let f = run(&PastYearAsFuture, &src);
        assert_eq!(&src[f[0].range.clone()], "will double by 2023");
    }
}
