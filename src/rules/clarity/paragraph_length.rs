use crate::document::{BlockKind, Document};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// Each paragraph over `[clarity] paragraph_words_ok` (150) words is reported: as info up to
    /// `paragraph_words_bad` (200), as a warning beyond. List items, table cells and block quotes
    /// are not paragraphs here.
    ///
    /// ### Why
    ///
    /// A wall of text is hard to scan and looks worse on a phone.
    ///
    /// ### Example
    ///
    /// Bad: one 230-word paragraph covering three ideas.
    ///
    /// Good: three paragraphs, one idea each.
    ///
    /// ### Source
    ///
    /// Yoast SEO's paragraph length assessment (150 words recommended, 200 the limit).
    pub ParagraphLength {
        id: "clarity/paragraph-length",
        dimension: Clarity,
        severity: Warning,
        summary: "A paragraph is longer than 150 words",
        weight: 1.0,
        cap: 6.0,
        examples: {
            fire: [
                "Our support team answers about four hundred tickets a week, and most of them ask the same few questions. People want to know how to reset a password, how to export their data, how to change the billing address, and why an invoice shows a different amount than the price page. For years we answered each ticket by hand, copying text from an internal wiki that was often out of date. Last spring we measured where the time went. Writing the answer took less than a minute on average, but finding the right wiki page took four. Some pages described screens that no longer existed, and two pages contradicted each other about refunds. So we rewrote the twenty most common answers as short help articles, linked them from the contact form, and asked agents to update an article whenever they noticed a mistake. Within two months the number of tickets fell by a third.\n",
            ],
            pass: [
                "Our support team answers about four hundred tickets a week, and most of them ask the same few questions. People want to know how to reset a password, how to export their data, how to change the billing address, and why an invoice shows a different amount than the price page. For years we answered each ticket by hand, copying text from an internal wiki that was often out of date.\n\nLast spring we measured where the time went. Writing the answer took less than a minute on average, but finding the right wiki page took four. Some pages described screens that no longer existed, and two pages contradicted each other about refunds.\n\nSo we rewrote the twenty most common answers as short help articles, linked them from the contact form, and asked agents to update an article whenever they noticed a mistake. Within two months the number of tickets fell by a third.\n",
            ],
        },
    }
}

impl Rule for ParagraphLength {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.clarity;
        let prose = doc.prose();
        let mut out = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            if block.kind != BlockKind::Paragraph || block.in_list || block.in_blockquote {
                continue;
            }
            let words = prose.block_words[i];
            let Some(severity) = super::band(
                f64::from(words),
                f64::from(cfg.paragraph_words_ok),
                f64::from(cfg.paragraph_words_bad),
            ) else {
                continue;
            };
            let range = block.range();
            // Point at the paragraph's first line, not the whole wall of text.
            let first_line_end = doc.source[range.clone()]
                .find('\n')
                .map_or(range.end, |n| range.start + n);
            let mut f = META
                .finding(
                    range.start..first_line_end,
                    format!(
                        "Paragraph of {words} words; keep paragraphs under {}",
                        cfg.paragraph_words_ok
                    ),
                )
                .with_help("Split it where the topic changes");
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
    fn bands() {
        let para = |n: usize| format!("# T\n\n{}end.\n", "word ".repeat(n - 1));
        assert!(run(&ParagraphLength, &para(150)).is_empty());
        let f = run(&ParagraphLength, &para(151));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(
            f[0].message,
            "Paragraph of 151 words; keep paragraphs under 150"
        );
        assert_eq!(
            run(&ParagraphLength, &para(201))[0].severity,
            Severity::Warning
        );
    }

    #[test]
    fn lists_and_quotes_are_not_paragraphs() {
        let long = "word ".repeat(210);
        assert!(run(&ParagraphLength, &format!("# T\n\n- {long}\n")).is_empty());
        assert!(run(&ParagraphLength, &format!("# T\n\n> {long}\n")).is_empty());
    }
}
