use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

/// `structure/min-h2`: at least `[structure] min_h2` H2 sections.
pub struct MinH2;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("structure/min-h2"),
    dimension: Dimension::WebStructure,
    severity: Severity::Error,
    summary: Cow::Borrowed("The article has at least two H2 sections"),
    doc: Cow::Borrowed(
        "An article is organised in H2 sections, at least `[structure] min_h2` of them \
(default 2). Readers scan headings before they read; a wall of text under one title is \
skipped.\n\nBad: a title and one `## Details` section. Good: `## Why`, `## How`, \
`## Conclusion`.\n\nSource: the writer brief's required structure (\"At least two H2 \
sections\"). A hard gate by default ([brief] hard_gates).",
    ),
    weight: 3.0,
    cap: 15.0,
};

impl Rule for MinH2 {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let min = ctx.config.structure.min_h2;
        let count = doc.headings.iter().filter(|h| h.level == 2).count();
        if count >= min {
            return Vec::new();
        }
        let range = doc
            .h1s()
            .next()
            .map_or_else(|| doc.start_range(), |h| h.range.clone());
        vec![
            META.finding(
                range,
                format!("The article has {count} H2 section(s); at least {min} are required"),
            )
            .with_help("Split the body into sections with `## ` headings"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::{run, run_with};

    #[test]
    fn counts_h2_only() {
        assert!(run(&MinH2, "# T\n## A\n## B\n").is_empty());
        let f = run(&MinH2, "# T\n## A\n### B\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("1 H2"));
    }

    #[test]
    fn threshold_is_configurable() {
        let mut config = Config::default();
        config.structure.min_h2 = 3;
        assert_eq!(run_with(&MinH2, "# T\n## A\n## B\n", config).len(), 1);
    }
}
