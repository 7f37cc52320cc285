use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// A heading is at most one level deeper than the heading before it: an H2 may be followed by
    /// an H3, not an H4.
    ///
    /// ### Why
    ///
    /// Skipped levels break the document outline that screen readers and search engines build.
    ///
    /// ### Example
    ///
    /// Bad: `# T` then `### Details`. Good: `# T`, `## Part`, `### Details`.
    ///
    /// ### Source
    ///
    /// WCAG 2.x technique G141 (organizing a page using headings); markdownlint MD001.
    pub HeadingIncrement {
        id: "structure/heading-increment",
        dimension: WebStructure,
        severity: Warning,
        summary: "Heading levels increase by one at a time",
        weight: 1.0,
        cap: 10.0,
        examples: {
            fire: [
                "# Caching\n\n### Details\n\nThe cache keeps pages for a day.\n",
            ],
            pass: [
                "# Caching\n\n## Setup\n\n### Details\n\nThe cache keeps pages for a day.\n",
            ],
        },
    }
}

impl Rule for HeadingIncrement {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        doc.headings
            .windows(2)
            .filter(|w| w[1].level > w[0].level + 1)
            .map(|w| {
                let (prev, h) = (&w[0], &w[1]);
                let want = prev.level + 1;
                let finding = META
                    .finding(
                        h.range.clone(),
                        format!("Heading level jumps from H{} to H{}", prev.level, h.level),
                    )
                    .with_help(format!("Make \"{}\" an H{want}", h.plain()));
                match super::atx_marker(&doc.source, &h.range) {
                    Some((at, n)) => finding.with_fix(at..at + n, "#".repeat(want as usize)),
                    None => finding,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn skipped_level_fires_with_fix() {
        let f = run(&HeadingIncrement, "# T\n### Deep\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "##");
        assert_eq!(f[0].fix.as_ref().unwrap().range, 4..7);
    }

    #[test]
    fn going_back_up_is_fine() {
        assert!(run(&HeadingIncrement, "# T\n## A\n### B\n## C\n").is_empty());
    }
}
