use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// An article has exactly one H1: its title.
    ///
    /// Setext (`Title` underlined with `===`) and ATX (`# Title`) headings both count; a `#` line
    /// in a code block does not. A front-matter `title` does not count, unless `[structure]
    /// title_is_h1 = true`: set it for sites whose templates render the title as the H1 (most Hugo
    /// themes); then any H1 in the body is a second one.
    ///
    /// ### Why
    ///
    /// No H1 leaves search engines and screen readers without a page title; two H1s split it.
    ///
    /// ### Example
    ///
    /// Bad:
    ///
    /// ```markdown
    /// # Pre-training
    /// text
    /// # Fine-tuning
    /// ```
    ///
    /// Good:
    ///
    /// ```markdown
    /// # The training phase
    /// ## Pre-training
    /// ```
    ///
    /// ### Config
    ///
    /// A hard gate by default ([brief] hard_gates).
    ///
    /// ### Source
    ///
    /// The writer brief's required structure ("Exactly one H1 heading"); Yoast's single-title
    /// assessment.
    pub SingleH1 {
        id: "structure/single-h1",
        dimension: WebStructure,
        severity: Error,
        summary: "The article has exactly one H1 heading",
        weight: 3.0,
        cap: 30.0,
        examples: {
            fire: [
                "# Pre-training\n\nThe model reads text.\n\n# Fine-tuning\n\nThe model reads examples.\n",
                "## Pre-training\n\nThe model reads text.\n",
            ],
            pass: [
                "# The training phase\n\n## Pre-training\n\nThe model reads text.\n\n```sh\n# not a heading\n```\n",
            ],
        },
    }
}

impl Rule for SingleH1 {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let title_counts = ctx.config.structure.title_is_h1 && doc.front_matter.title().is_some();
        let h1s: Vec<_> = doc.h1s().collect();
        if h1s.is_empty() && !title_counts {
            return vec![
                META.finding(doc.start_range(), "The article has no H1 heading")
                    .with_help(
                        "Add the title as a `# Title` line before the first section, or set \
[structure] title_is_h1 = true if your site renders the front-matter title as the H1",
                    ),
            ];
        }
        let extra = if title_counts { 0 } else { 1 };
        let title = doc
            .front_matter
            .title()
            .map(|t| super::normalize_heading(&t))
            .unwrap_or_default();
        h1s.iter()
            .skip(extra)
            .map(|h| {
                // Say "duplicates" only when it does: the texts match once normalised.
                let message = if title_counts && super::normalize_heading(h.plain()) == title {
                    format!(
                        "H1 \"{}\" duplicates the front-matter title, which the site renders as the H1",
                        h.plain()
                    )
                } else if title_counts {
                    format!(
                        "A second H1 \"{}\": the front-matter title already renders as the H1 \
([structure] title_is_h1)",
                        h.plain()
                    )
                } else {
                    format!("Second H1 heading \"{}\": an article has exactly one", h.plain())
                };
                let finding = META
                    .finding(h.range.clone(), message)
                    .with_help("Make this heading an H2 (`## ...`)");
                match super::atx_marker(&doc.source, &h.range) {
                    Some((at, _)) => finding.with_fix(at..at, "#"),
                    None => finding,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::{run, run_with};

    #[test]
    fn one_h1_passes() {
        assert!(run(&SingleH1, "# Title\n\n## A\n").is_empty());
    }

    #[test]
    fn setext_and_atx_h1_are_two() {
        let f = run(&SingleH1, "Title\n=====\n\ntext\n\n# Another\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Another"));
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "#");
    }

    #[test]
    fn hashes_in_code_are_not_headings() {
        let src = "# Title\n\n```sh\n# comment\n```\n\n    # indented code\n";
        assert!(run(&SingleH1, src).is_empty());
    }

    #[test]
    fn missing_h1_and_front_matter_title() {
        let src = "---\ntitle: T\n---\n## A\n";
        assert_eq!(run(&SingleH1, src).len(), 1);
        let mut config = Config::default();
        config.structure.title_is_h1 = true;
        assert!(run_with(&SingleH1, src, config.clone()).is_empty());
        let both = "---\ntitle: T\n---\n# T\n";
        assert_eq!(run_with(&SingleH1, both, config.clone()).len(), 1);
    }

    #[test]
    fn the_message_says_duplicate_only_when_the_texts_match() {
        let mut config = Config::default();
        config.structure.title_is_h1 = true;
        let same = "---\ntitle: \"Getting started!\"\n---\n# Getting  Started\n";
        let f = run_with(&SingleH1, same, config.clone());
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("duplicates the front-matter title"),
            "{}",
            f[0].message
        );
        let other = "---\ntitle: Getting started\n---\n# Install the tools\n";
        let f = run_with(&SingleH1, other, config);
        assert_eq!(f.len(), 1);
        assert!(!f[0].message.contains("duplicates"), "{}", f[0].message);
        assert!(f[0].message.contains("title_is_h1"), "{}", f[0].message);
    }
}
