use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// A heading is followed by content (text, a list, code, an image, a table) before the next
    /// heading of the same or a higher level. An H1 directly followed by H2s is fine, and so is an
    /// H2 whose content is its H3 subsections.
    ///
    /// Content is anything in the source under the heading other than whitespace and HTML comments:
    /// a paragraph of inline code only, a list of code items, a table, an image, a shortcode (`{{<
    /// figure >}}`) or raw HTML all count, even where they hold no prose words. A heading that is a
    /// single code identifier (`### System.String`, `### std::io::Error`) names an entry of a
    /// reference list and is not reported, and so is a heading listed in `[structure]
    /// empty_allowed` (sections a site's template writes on every page, such as an API reference's
    /// `## Notes`; `contentlint init` proposes them).
    ///
    /// ### Why
    ///
    /// An empty section is usually a leftover of an outline the writer never filled in.
    ///
    /// ### Example
    ///
    /// Bad: `## Pricing` directly followed by `## Support`.
    pub EmptySection {
        id: "structure/empty-section",
        dimension: WebStructure,
        severity: Warning,
        summary: "Every section has content",
        weight: 1.0,
        cap: 10.0,
        examples: {
            fire: [
                "# Plans\n\n## Pricing\n\n## Support\n\nEmail us at any time.\n",
            ],
            pass: [
                "# Plans\n\n## Pricing\n\nThe basic plan is free.\n\n## Support\n\nEmail us at any time.\n",
            ],
        },
    }
}

impl Rule for EmptySection {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let allowed = &ctx.config.structure.empty_allowed;
        empty_headings(doc)
            .into_iter()
            .filter(|h| {
                let text = super::normalize_heading(h.plain());
                !allowed.iter().any(|a| super::normalize_heading(a) == text)
            })
            .map(|h| {
                META.finding(
                    h.range.clone(),
                    format!("Section \"{}\" has no content", h.plain()),
                )
                .with_help("Write the section or remove its heading")
            })
            .collect()
    }
}

/// The headings (below H1) with nothing under them before the next heading of the same or a
/// higher level: no text, no code, no HTML, no subsections. `contentlint init` counts them too,
/// to find the sections a site's template leaves empty on purpose.
pub fn empty_headings(doc: &Document) -> Vec<&crate::document::Heading> {
    let mut out = Vec::new();
    for (i, section) in doc.sections.iter().enumerate() {
        let Some(h) = section.heading.map(|h| &doc.headings[h]) else {
            continue;
        };
        if h.level == 1
            || is_label(h.plain())
            || !section.blocks.is_empty()
            || has_source_content(doc, h.range.end, section.range.end)
        {
            continue;
        }
        let has_subsections = doc
            .sections
            .get(i + 1)
            .and_then(|s| s.heading)
            .is_some_and(|next| doc.headings[next].level > h.level);
        if !has_subsections {
            out.push(h);
        }
    }
    out
}

/// A heading that is one code identifier (`### System.String`, `### std::io::Error`) names an
/// item of a reference list (a type an API takes or returns): the name is the content, and
/// API references leave such entries without text when there is nothing to add.
fn is_label(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains(char::is_whitespace)
        && (t.contains("::")
            || t.as_bytes().windows(3).any(|w| {
                w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric()
            }))
}

/// Whether the source between a heading and the end of its section holds anything but
/// whitespace and HTML comments (the Document keeps prose; inline code, HTML and shortcodes hold
/// none, yet a reader sees them).
fn has_source_content(doc: &Document, from: usize, to: usize) -> bool {
    let Some(mut rest) = doc.source.get(from..to.max(from)) else {
        return false;
    };
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return false;
        }
        let Some(comment) = trimmed.strip_prefix("<!--") else {
            return true;
        };
        match comment.find("-->") {
            Some(end) => rest = &comment[end + 3..],
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn template_sections_can_be_allowed_empty() {
        let src = "# T\n## Notes\n## Pricing\n## End\ntext\n";
        assert_eq!(run(&EmptySection, src).len(), 2);
        let mut config = crate::config::Config::default();
        config.structure.empty_allowed = vec!["NOTES".into()];
        let f = crate::rules::testing::run_with(&EmptySection, src, config);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("Pricing"));
    }

    #[test]
    fn code_identifier_headings_are_list_entries() {
        let src =
            "# T\n## Outputs\n### System.String\n### std::io::Error\n## Notes\n## End\ntext\n";
        let f = run(&EmptySection, src);
        let names: Vec<&str> = f.iter().map(|f| &src[f.range.clone()]).collect();
        assert_eq!(names, vec!["## Notes"], "{f:?}");
        assert!(is_label("Microsoft.Management.Infrastructure.CimInstance"));
        assert!(!is_label("Version 1.2 notes"));
        assert!(!is_label("Pricing"));
    }

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
    fn content_without_prose_words_is_content() {
        for body in [
            "`--force`",
            "- `alpha`\n- `beta`",
            "| a | b |\n|---|---|\n| `1` | `2` |",
            "{{< figure src=\"x.png\" >}}",
            "<div class=\"chart\"></div>",
            "![](chart.png)",
        ] {
            let src = format!("# T\n\n## Options\n\n{body}\n\n## Next\n\ntext\n");
            let f = run(&EmptySection, &src);
            assert!(f.is_empty(), "{body:?}: {f:?}");
        }
        // a comment is not content
        let f = run(
            &EmptySection,
            "# T\n\n## Todo\n\n<!-- write me -->\n\n## Next\n\ntext\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
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
