use super::{DATA, RelativePhrase, month_name, source_label, tokenize, units};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, DateSource, Rule, RuleMeta};
use crate::text::phrases::{Boundary, PhraseOptions, PhraseSet};
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// "This year", "next year", "recently", "currently", "nowadays": the reader cannot tell when
    /// that was, and the text goes stale silently. The help gives the explicit form computed from
    /// the reference date ("this year" -> "in 2026", "next year" -> "in 2027").
    ///
    /// The phrases and their suggestions are in rules/data/temporal.toml ([[relative]]).
    ///
    /// Not flagged: a dated article (a front-matter `date`, or the reference date taken from the
    /// front matter): a post says "this year" and "recently" relative to its own publication date,
    /// which readers see beside it; a sentence that also names a year ("this year (2026)"); a
    /// phrase right after an article, a possessive or a degree word ("the currently selected item",
    /// "the most recently used file": a technical term, [relative_skip]); blockquotes; table cells;
    /// code.
    ///
    /// ### Example
    ///
    /// Bad: "This year, the team doubled in size." Good: "In 2026, the team doubled in size."
    ///
    /// ### Config
    ///
    /// Info only, with a small cap: relative time is a habit of style more than an error.
    pub RelativeTime {
        id: "temporal/relative-time",
        dimension: TemporalCorrectness,
        severity: Info,
        summary: "A relative time (\"this year\", \"currently\") has no explicit date",
        weight: 0.5,
        cap: 3.0,
        examples: {
            fire: [
                "This year, the team doubled in size.\n",
            ],
            pass: [
                "In 2026, the team doubled in size.\n",
                "---\ndate: 2026-02-18\n---\nThis year, the team doubled in size.\n",
            ],
        },
    }
}

/// The phrases of `[[relative]]`, in order. A hyphen joins words: "this year-end" is not
/// "this year".
static PHRASES: LazyLock<PhraseSet> = LazyLock::new(|| {
    let phrases: Vec<&str> = DATA.relative.iter().map(|r| r.phrase.as_str()).collect();
    PhraseSet::new(
        &phrases,
        PhraseOptions {
            boundary: Boundary::WordOrHyphen,
            ..PhraseOptions::default()
        },
    )
});

impl Rule for RelativeTime {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn compares_with_reference_date(&self) -> bool {
        true
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![&PHRASES]
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        // A dated post anchors its relative times: "this year" is the year it was published.
        if matches!(
            ctx.reference_date_source,
            DateSource::FrontMatter | DateSource::Path
        ) || doc.front_matter.date().is_some()
        {
            return Vec::new();
        }
        let date = ctx.reference_date;
        let year = i32::from(date.year());
        let month = month_name(date.month());
        let mut out = Vec::new();
        for unit in units(doc) {
            if unit.in_blockquote {
                continue;
            }
            let text = unit.str();
            let mut tokens = None;
            // Asked only once a phrase matches: it tokenizes the section's headings, and most
            // units match nothing (asked for every unit, it was a tenth of a run's time).
            let mut section_dated = None;
            for m in ctx
                .phrases
                .find(doc, &PHRASES, unit.text_id, unit.range.clone())
            {
                // Relative to the unit, as the rest of the walk reads it.
                let (entry, m) = (
                    m.entry,
                    m.range.start - unit.range.start..m.range.end - unit.range.start,
                );
                if *section_dated.get_or_insert_with(|| super::section_dated(doc, unit.section)) {
                    break;
                }
                let tokens = tokens.get_or_insert_with(|| tokenize(text));
                if tokens.iter().any(|t| t.year.is_some()) {
                    break;
                }
                let prev = tokens
                    .iter()
                    .rev()
                    .find(|t| t.range.end <= m.start && t.kind == super::TokKind::Word);
                if prev.is_some_and(|t| DATA.relative_skip_before.contains(t.lower.as_str())) {
                    continue;
                }
                let phrase = &DATA.relative[entry];
                if skip_next(phrase, &text[m.end..]) {
                    continue;
                }
                let suggest = phrase
                    .suggest
                    .replace("{year}", &year.to_string())
                    .replace("{next_year}", &(year + 1).to_string())
                    .replace("{last_year}", &(year - 1).to_string())
                    .replace("{month}", month);
                out.push(
                    META.finding(
                        unit.source(m.clone()),
                        format!(
                            "\"{}\" is relative: readers cannot tell when that is",
                            &text[m.clone()]
                        ),
                    )
                    .with_help(format!(
                        "Write {suggest} (reference date {date}, {})",
                        source_label(ctx.reference_date_source)
                    )),
                );
            }
        }
        out
    }
}

/// Whether the words after a phrase make it something other than a relative time.
fn skip_next(phrase: &RelativePhrase, rest: &str) -> bool {
    let rest = rest.trim_start().to_lowercase();
    let next = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .next()
        .unwrap_or("");
    if phrase.skip_next_ing && next.len() > 4 && next.ends_with("ing") {
        return true;
    }
    phrase.skip_next.iter().any(|s| {
        rest.strip_prefix(s.as_str())
            .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    /// An undated article, judged on 2026-02-18 (from the configuration).
    fn findings(body: &str) -> Vec<Finding> {
        let mut config = crate::config::Config::default();
        config.brief.current_date = Some("2026-02-18".into());
        crate::rules::testing::run_with(&RelativeTime, &format!("{body}\n"), config)
    }

    #[test]
    fn a_dated_post_anchors_relative_times() {
        let body = "This year, the team doubled in size. We recently moved offices.";
        assert_eq!(findings(body).len(), 2);
        for fm in [
            "---\ndate: 2019-06-01\n---\n",
            "+++\ndate = 2019-06-01\n+++\n",
        ] {
            let f = run(&RelativeTime, &format!("{fm}{body}\n"));
            assert!(f.is_empty(), "{fm}: {f:?}");
        }
    }

    #[test]
    fn fires_with_an_explicit_suggestion() {
        let f = findings("This year, the team doubled in size.");
        assert_eq!(f.len(), 1);
        assert!(f[0].help.as_ref().unwrap().starts_with("Write in 2026"));
        let f = findings("Next year we will hire.");
        assert!(f[0].help.as_ref().unwrap().starts_with("Write in 2027"));
        let f = findings("The API was recently redesigned. It currently supports JSON.");
        assert_eq!(f.len(), 2);
        assert!(f[1].help.as_ref().unwrap().contains("as of February 2026"));
        assert_eq!(findings("## What changed last year").len(), 1);
    }

    #[test]
    fn passes_dated_sentences_and_technical_terms() {
        for body in [
            "This year (2026) the team doubled in size.",
            "Open the most recently used file.",
            "Stop the currently running process.",
            "The list shows all currently installed modules.",
            "> This year was great, he said.",
            "Run `currently` in the shell.",
            "Yearly reports are recentlyish.",
            "Get the services that are currently running.",
            "Export the currently defined aliases.",
            "Validate the object at the moment of creating it.",
            "Delete the events currently in the queue.",
            "The pages that were recently referenced by the process.",
        ] {
            assert!(findings(body).is_empty(), "{body}");
        }
    }

    #[test]
    fn a_dated_heading_anchors_the_section() {
        for body in [
            "## 2022-September\n\nNo new content this month.",
            "## Updates\n\n### 2023\n\n#### March\n\nWe shipped a lot this month.",
        ] {
            assert!(findings(body).is_empty(), "{body}");
        }
    }
}
