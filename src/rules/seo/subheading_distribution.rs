use super::{Assessment, Rating, rated};
use crate::config::SeoConfig;
use crate::document::{Document, Prose};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// No section (text between two headings) has more than `[seo]
    /// max_words_without_subheading` words (default 300), counted as clarity/long-section
    /// counts them: prose only (list items at `[clarity] section_list_weight`, tables and code
    /// not at all), with run-in heads (bold lead-ins, definition-list entries) starting a new
    /// stretch. Ok is reported as info, bad as a warning. `heading_count` in the report counts
    /// headings of every level (not `#` lines in code).
    ///
    /// Good: every section within the limit. Ok: the longest up to 50 words over. Bad: longer.
    ///
    /// ### Why
    ///
    /// Subheadings let readers scan a page and find their place; a long stretch without one is
    /// a wall of text.
    ///
    /// ### Example
    ///
    /// Bad: an H2 followed by 360 words of paragraphs. Good: the same words under two or three
    /// H3s.
    ///
    /// ### Config
    ///
    /// `[seo] max_words_without_subheading`, `[clarity] section_list_weight`.
    ///
    /// ### Source
    ///
    /// Yoast SEO's subheading distribution assessment (300 words good, 300-350 ok).
    pub SubheadingDistribution {
        id: "seo/subheading-distribution",
        dimension: Seo,
        severity: Warning,
        summary: "No stretch of text runs too long without a subheading",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                concat!(
                "# Moving a database\n\n## How we moved\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n\n",
                "Only one group needed a rollback. Its nightly job called a database function that the new system spells differently, and the job failed without an error. We caught it on Monday morning because the report it feeds was empty, fixed the call, and moved the group again the next weekend. After that we added a check to every job: it fails loudly when it writes no rows on a day when its input has rows. The check found two more silent failures in the old system, which nobody had noticed for months.\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n",
            ),
            ],
            pass: [
                "# Moving a database\n\n## How we moved\n\nWe moved the tables one service at a time.\n\n## The rollback\n\nOnly one group needed a rollback.\n",
            ],
        },
    }
}

impl Rule for SubheadingDistribution {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(
            &META,
            doc,
            ctx,
            Some(assess(
                doc,
                &ctx.config.seo,
                ctx.config.clarity.section_list_weight,
            )),
        )
    }
}

fn assess(doc: &Document, cfg: &SeoConfig, section_list_weight: f64) -> Assessment {
    // Prose words per section as clarity/long-section counts them.
    let words_by_section = Prose::sections_prose_words(doc, section_list_weight);
    let longest = doc
        .sections
        .iter()
        .zip(&words_by_section.0)
        .map(|(s, &words)| (words, s))
        .max_by_key(|(w, _)| *w);
    let max = cfg.max_words_without_subheading;
    match longest {
        Some((words, section)) if words > max => {
            let rating = if words <= max + 50 {
                Rating::Ok
            } else {
                Rating::Bad
            };
            let range = section
                .heading
                .map(|h| doc.headings[h].range.clone())
                .or_else(|| doc.blocks.get(section.blocks.start).map(|b| b.range()));
            Assessment::needs_work(
                rating,
                format!("A section runs {words} words without a subheading (max {max})"),
                format!("Add subheadings so that no section runs over {max} words"),
            )
            .at(range)
        }
        _ => Assessment::good(format!(
            "{} headings; no section over {max} words",
            doc.headings.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    #[test]
    fn long_sections() {
        let short = format!(
            "# T\n## A\n{}\n## B\n{}\n",
            "w ".repeat(250),
            "w ".repeat(250)
        );
        assert_eq!(
            assess(&SubheadingDistribution, &short, None).rating,
            Rating::Good
        );
        let ok = format!("# T\n## A\n{}\n", "w ".repeat(320));
        assert_eq!(
            assess(&SubheadingDistribution, &ok, None).rating,
            Rating::Ok
        );
        let bad = format!("# T\n## A\n{}\n", "w ".repeat(400));
        let a = assess(&SubheadingDistribution, &bad, None);
        assert_eq!(a.rating, Rating::Bad);
        assert_eq!(a.range, Some(4..8));
    }

    #[test]
    fn counts_as_long_section_does() {
        // A table of 500 codes and a code block are not text without a subheading.
        let rows = format!("| {} |\n", "code ".repeat(10)).repeat(50);
        let src = format!(
            "# T\n## A\n{}\n\n| h |\n|---|\n{rows}\n```\n{}\n```\n",
            "w ".repeat(100),
            "x ".repeat(400)
        );
        assert_eq!(
            assess(&SubheadingDistribution, &src, None).rating,
            Rating::Good
        );
        let items = format!("- {}\n", "w ".repeat(40)).repeat(10);
        let src = format!("# T\n## A\n{}\n\n{items}", "w ".repeat(100));
        assert_eq!(
            assess(&SubheadingDistribution, &src, None).rating,
            Rating::Good
        );
    }

    #[test]
    fn ok_is_info_and_bad_a_warning() {
        use crate::finding::Severity;
        use crate::rules::testing::run;
        let ok = run(
            &SubheadingDistribution,
            &format!("# T\n## A\n{}\n", "w ".repeat(320)),
        );
        assert_eq!(ok[0].severity, Severity::Info);
        let bad = run(
            &SubheadingDistribution,
            &format!("# T\n## A\n{}\n", "w ".repeat(400)),
        );
        assert_eq!(bad[0].severity, Severity::Warning);
    }
}
