use crate::document::{BlockKind, Document};
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

/// `clarity/paragraph-length`: paragraphs that are too long.
pub struct ParagraphLength;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("clarity/paragraph-length"),
    dimension: Dimension::Clarity,
    severity: Severity::Warning,
    summary: Cow::Borrowed("A paragraph is longer than 150 words"),
    doc: Cow::Borrowed(
        "Each paragraph over `[clarity] paragraph_words_ok` (150) words is reported: as info \
up to `paragraph_words_bad` (200), as a warning beyond. A wall of text is hard to scan and \
looks worse on a phone. List items, table cells and block quotes are not paragraphs here.\n\n\
Bad:  one 230-word paragraph covering three ideas.\n\
Good: three paragraphs, one idea each.\n\n\
Source: Yoast SEO's paragraph length assessment (150 words recommended, 200 the limit).",
    ),
    weight: 1.0,
    cap: 6.0,
};

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
