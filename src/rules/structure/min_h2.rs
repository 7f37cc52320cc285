use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// An article is organised in H2 sections, at least `[structure] min_h2` of them (default 2).
    ///
    /// ### Why
    ///
    /// Readers scan headings before they read; a wall of text under one title is skipped.
    ///
    /// ### Example
    ///
    /// Bad: a title and one `## Details` section. Good: `## Why`, `## How`, `## Conclusion`.
    ///
    /// ### Config
    ///
    /// A hard gate by default ([brief] hard_gates). Texts of fewer than `[structure]
    /// sections_min_words` words are not judged (default 0; the blog preset: 300, Yoast's
    /// subheading distribution, which asks no subheading of a text of 300 words or fewer).
    ///
    /// ### Source
    ///
    /// The writer brief's required structure ("At least two H2 sections").
    pub MinH2 {
        id: "structure/min-h2",
        dimension: WebStructure,
        severity: Error,
        summary: "The article has at least two H2 sections",
        weight: 3.0,
        cap: 15.0,
        examples: {
            fire: [
                "# Caching\n\n## Details\n\nThe cache keeps pages for a day.\n",
            ],
            pass: [
                "# Caching\n\n## Why\n\nPages load faster.\n\n## How\n\nThe cache keeps pages for a day.\n",
            ],
        },
    }
}

impl Rule for MinH2 {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let min = ctx.config.structure.min_h2;
        if doc.prose().word_count < ctx.config.structure.sections_min_words {
            return Vec::new();
        }
        let count = doc.headings.iter().filter(|h| h.level == 2).count();
        // Where the title renders as the page's H1 (blogs, docs), the body's sections are its
        // top heading level, whatever it is: many posts use `###` or body `#` headings for
        // their sections (structure/heading-increment and single-h1 report the levels). The
        // article brief (title in the body) asks for H2s.
        let top_level_sections = if ctx.config.structure.title_is_h1 {
            let top = doc.headings.iter().map(|h| h.level).min();
            doc.headings.iter().filter(|h| Some(h.level) == top).count()
        } else {
            0
        };
        if count.max(top_level_sections) >= min {
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
    fn short_texts_are_exempt_when_configured() {
        let mut config = Config::default();
        config.structure.sections_min_words = 300;
        let short = "# T\n\nA short notice of a few words.\n";
        assert!(run_with(&MinH2, short, config.clone()).is_empty());
        let long = format!("# T\n\n{}\n", "word ".repeat(320));
        assert_eq!(run_with(&MinH2, &long, config).len(), 1);
    }

    #[test]
    fn top_level_sections_count_when_the_title_is_the_h1() {
        let mut config = Config::default();
        config.structure.title_is_h1 = true;
        for src in [
            "---\ntitle: T\n---\n# One\n\nText.\n\n# Two\n\nText.\n",
            "---\ntitle: T\n---\n### One\n\nText.\n\n### Two\n\nText.\n",
        ] {
            assert_eq!(run(&MinH2, src).len(), 1, "the brief asks for H2s: {src}");
            assert!(run_with(&MinH2, src, config.clone()).is_empty(), "{src}");
        }
        let one = "---\ntitle: T\n---\n### One\n\nText.\n\n#### Sub\n\nText.\n";
        assert_eq!(run_with(&MinH2, one, config).len(), 1);
    }

    #[test]
    fn threshold_is_configurable() {
        let mut config = Config::default();
        config.structure.min_h2 = 3;
        assert_eq!(run_with(&MinH2, "# T\n## A\n## B\n", config).len(), 1);
    }
}
