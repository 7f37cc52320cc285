use super::normalize_heading;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The final H2 is a conclusion: its text, in lower case without punctuation, is one of
    /// `[structure] conclusion_headings` (conclusion, final thoughts, wrapping up, summary, key
    /// takeaways, the bottom line, and the headings that close an article by their role: what's
    /// next, what happens now?, next steps, thank you, feedback, learn more, get involved, ...) or
    /// starts with one ("Conclusion: what to do next"). Sections listed in `[structure]
    /// trailing_headings` (References, FAQ, Further reading, ...) may follow it.
    ///
    /// ### Why
    ///
    /// Readers who skim jump to the end: a conclusion tells them what to take away.
    ///
    /// ### Example
    ///
    /// Bad: the article stops after `## Industry applications`. Good: `## Conclusion` or `## Key
    /// takeaways` last, then `## References`.
    ///
    /// ### Config
    ///
    /// A hard gate by default ([brief] hard_gates). Texts of fewer than `[structure]
    /// sections_min_words` words are not judged (default 0).
    ///
    /// ### Source
    ///
    /// The writer brief's required structure ("A clear conclusion section").
    pub Conclusion {
        id: "structure/conclusion",
        dimension: WebStructure,
        severity: Error,
        summary: "The article ends with a conclusion section",
        weight: 3.0,
        cap: 15.0,
        examples: {
            fire: [
                "# Caching\n\n## Why\n\nPages load faster.\n\n## How\n\nThe cache keeps pages for a day.\n",
            ],
            pass: [
                "# Caching\n\n## Why\n\nPages load faster.\n\n## How\n\nThe cache keeps pages for a day.\n\n## Final thoughts\n\nCache what is read often.\n",
            ],
        },
    }
}

impl Rule for Conclusion {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.structure;
        if doc.prose().word_count < ctx.config.structure.sections_min_words {
            return Vec::new();
        }
        let last = doc
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .rev()
            .find(|h| {
                !super::heading_is_any(&normalize_heading(h.plain()), &cfg.trailing_headings)
            });
        let help = "End the article with an H2 such as `## Conclusion` or `## Key takeaways` \
(accepted texts: [structure] conclusion_headings)";
        match last {
            None => vec![
                META.finding(doc.start_range(), "The article has no conclusion section")
                    .with_help(help),
            ],
            Some(h)
                if super::heading_is_any(
                    &normalize_heading(h.plain()),
                    &cfg.conclusion_headings,
                ) =>
            {
                Vec::new()
            }
            Some(h) => vec![
                META.finding(
                    h.range.clone(),
                    format!("The last section \"{}\" is not a conclusion", h.plain()),
                )
                .with_help(help),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn conclusion_variants_pass() {
        for h in [
            "Conclusion",
            "Final Thoughts",
            "Wrapping up",
            "Key takeaways",
            "The Bottom Line",
            "Conclusion: what next",
            "What happens now?",
            "What's next?",
            "Thank you!",
            "Thanks",
            "Feedback",
            "Learn more",
            "Get involved",
            "Next steps",
        ] {
            let src = format!("# T\n## A\ntext\n## {h}\ntext\n");
            assert!(run(&Conclusion, &src).is_empty(), "{h}");
        }
    }

    #[test]
    fn a_closing_section_may_be_followed_by_further_reading() {
        let src = "# T\n## A\ntext\n## Get started\ntext\n## Further reading\n- x\n";
        assert!(run(&Conclusion, src).is_empty());
        // a role word inside another heading is not a closing section
        assert_eq!(
            run(&Conclusion, "# T\n## A\n## How feedback loops work\n").len(),
            1
        );
    }

    #[test]
    fn trailing_references_and_faq_are_allowed() {
        let src = "# T\n## A\n## Summary\n## FAQ\n## References\n";
        assert!(run(&Conclusion, src).is_empty());
    }

    #[test]
    fn missing_conclusion_fires() {
        let f = run(&Conclusion, "# T\n## A\n## Industry applications\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Industry applications"));
        assert_eq!(run(&Conclusion, "# T\ntext\n").len(), 1);
        // an H3 conclusion is not a conclusion section
        assert_eq!(run(&Conclusion, "# T\n## A\n### Conclusion\n").len(), 1);
        // "summary statistics" is not a conclusion prefix match of "summary" + word... it is;
        // but "summarizing data" is not.
        assert_eq!(
            run(&Conclusion, "# T\n## A\n## Summarizing data\n").len(),
            1
        );
    }
}
