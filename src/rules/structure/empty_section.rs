use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

/// `structure/empty-section`: a heading with nothing under it.
pub struct EmptySection;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("structure/empty-section"),
    dimension: Dimension::WebStructure,
    severity: Severity::Warning,
    summary: Cow::Borrowed("Every section has content"),
    doc: Cow::Borrowed(
        "A heading is followed by content (text, a list, code, an image, a table) before the \
next heading of the same or a higher level. An H1 directly followed by H2s is fine, and so is \
an H2 whose content is its H3 subsections. An empty section is usually a leftover of an \
outline the writer never filled in.\n\nBad: `## Pricing` directly followed by `## Support`.",
    ),
    weight: 1.0,
    cap: 10.0,
};

impl Rule for EmptySection {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, section) in doc.sections.iter().enumerate() {
            let Some(h) = section.heading.map(|h| &doc.headings[h]) else {
                continue;
            };
            if h.level == 1 || !section.blocks.is_empty() || section.other_content > 0 {
                continue;
            }
            let has_subsections = doc
                .sections
                .get(i + 1)
                .and_then(|s| s.heading)
                .is_some_and(|next| doc.headings[next].level > h.level);
            if !has_subsections {
                out.push(
                    META.finding(
                        h.range.clone(),
                        format!("Section \"{}\" has no content", h.plain()),
                    )
                    .with_help("Write the section or remove its heading"),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn empty_and_non_empty_sections() {
        let f = run(
            &EmptySection,
            "# T\n## Empty\n## Full\ntext\n## Parent\n### Child\n- item\n## Last\n",
        );
        let names: Vec<_> = f.iter().map(|f| f.message.clone()).collect();
        assert_eq!(
            names,
            vec![
                "Section \"Empty\" has no content",
                "Section \"Last\" has no content"
            ]
        );
    }

    #[test]
    fn code_or_image_is_content() {
        assert!(
            run(
                &EmptySection,
                "# T\n## Code\n```\nx\n```\n## Img\n![a](b.png)\n"
            )
            .is_empty()
        );
    }
}
