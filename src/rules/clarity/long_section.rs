use crate::document::{Document, Prose};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// Each section (the text between two headings of any level, or before the first) with more
    /// than `[clarity] section_words_ok` (300) words of prose is reported: as info up to
    /// `section_words_bad` (350), as a warning beyond. The count is of prose: paragraphs in full,
    /// list items at `section_list_weight` (0.5: bullets already give the structure subheadings
    /// would), table cells and code not at all; a run-in head (a paragraph that is bold text, or
    /// opens with a bold phrase ending in `.`, `:` or `?`, or a definition-list entry `Term` / `:
    /// definition`) starts a new stretch, and the longest stretch is the section's figure. This is
    /// the clarity side of seo/subheading-distribution, which rates only the longest section for
    /// the SEO score; both use the same count.
    ///
    /// ### Why
    ///
    /// Subheadings let readers scan and find their place.
    ///
    /// ### Example
    ///
    /// Bad: an H2 followed by 600 words of paragraphs.
    ///
    /// Good: the same 600 words under two or three H3s.
    ///
    /// ### Source
    ///
    /// Yoast SEO's subheading distribution assessment (300 words good, 350 the limit).
    pub LongSection {
        id: "clarity/long-section",
        dimension: Clarity,
        severity: Warning,
        summary: "A section runs more than 300 words without a subheading",
        weight: 1.0,
        cap: 4.0,
        examples: {
            fire: [
                concat!(
                "## How we moved\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n\n",
                "Only one group needed a rollback. Its nightly job called a database function that the new system spells differently, and the job failed without an error. We caught it on Monday morning because the report it feeds was empty, fixed the call, and moved the group again the next weekend. After that we added a check to every job: it fails loudly when it writes no rows on a day when its input has rows. The check found two more silent failures in the old system, which nobody had noticed for months.\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n",
            ),
            ],
            pass: [
                concat!(
                "## How we moved\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n\n",
                "### The rollback\n\n",
                "Only one group needed a rollback. Its nightly job called a database function that the new system spells differently, and the job failed without an error. We caught it on Monday morning because the report it feeds was empty, fixed the call, and moved the group again the next weekend. After that we added a check to every job: it fails loudly when it writes no rows on a day when its input has rows. The check found two more silent failures in the old system, which nobody had noticed for months.\n\n",
                "### Again\n\n",
                "Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window. On Friday evening we stopped the writers, copied the data, and compared row counts and checksums. On Saturday the service ran against the new database in read-only mode while a small team checked the main screens by hand. On Sunday we switched writes over, and the old tables stayed available for a week in case we needed to roll back.\n",
            ),
            ],
        },
    }
}

impl Rule for LongSection {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.clarity;
        let words_by_section = Prose::sections_prose_words(doc, cfg.section_list_weight);
        let mut out = Vec::new();
        for (section, &words) in doc.sections.iter().zip(&words_by_section.0) {
            let Some(severity) = super::band(
                words as f64,
                cfg.section_words_ok as f64,
                cfg.section_words_bad as f64,
            ) else {
                continue;
            };
            let Some(range) = section
                .heading
                .map(|h| doc.headings[h].range.clone())
                .or_else(|| doc.blocks.get(section.blocks.start).map(|b| b.range()))
            else {
                continue;
            };
            let what = match section.heading {
                Some(h) => format!("The section \"{}\"", doc.headings[h].plain()),
                None => "The text before the first heading".to_string(),
            };
            let mut f = META
                .finding(
                    range,
                    format!(
                        "{what} runs {words} words without a subheading (aim for at most {})",
                        cfg.section_words_ok
                    ),
                )
                .with_help("Split it with subheadings where the topic changes");
            f.severity = severity;
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::run;

    #[test]
    fn bands_and_every_section() {
        let src = format!(
            "# T\n\n## A\n\n{}\n\n## B\n\n{}\n\n## C\n\n{}\n",
            "w ".repeat(300),
            "w ".repeat(320),
            "w ".repeat(400)
        );
        let f = run(&LongSection, &src);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(
            f[0].message,
            "The section \"B\" runs 320 words without a subheading (aim for at most 300)"
        );
        assert_eq!(f[1].severity, Severity::Warning);
        assert_eq!(&src[f[1].range.clone()], "## C");
    }

    #[test]
    fn tables_do_not_count() {
        let row = format!("| {} |\n", "w ".repeat(100));
        let src = format!(
            "# T\n\n## A\n\n{}\n\n| h |\n|---|\n{}",
            "w ".repeat(250),
            row.repeat(3)
        );
        assert!(run(&LongSection, &src).is_empty());
    }

    #[test]
    fn lists_weigh_half_and_run_in_heads_split() {
        // 200 words of paragraph and 200 of list items: 300 at the default weight of 0.5.
        let items = format!("- {}\n", "w ".repeat(20)).repeat(10);
        let src = format!("# T\n\n## A\n\n{}\n\n{items}", "w ".repeat(200));
        assert!(run(&LongSection, &src).is_empty());
        let mut config = crate::config::Config::default();
        config.clarity.section_list_weight = 1.0;
        let f = crate::rules::testing::run_with(&LongSection, &src, config);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("runs 400 words"), "{}", f[0].message);
        // Options described under bold run-in heads read like subsections.
        let option = format!("**-Force.** {}\n\n", "w ".repeat(120));
        let src = format!("# T\n\n## Parameters\n\n{}", option.repeat(5));
        assert!(run(&LongSection, &src).is_empty());
        let plain = format!("Force. {}\n\n", "w ".repeat(120));
        let src = format!("# T\n\n## Parameters\n\n{}", plain.repeat(5));
        assert_eq!(run(&LongSection, &src).len(), 1);
    }

    #[test]
    fn text_before_the_first_heading() {
        let src = format!("{}\n", "w ".repeat(360));
        let f = run(&LongSection, &src);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .starts_with("The text before the first heading")
        );
    }
}
