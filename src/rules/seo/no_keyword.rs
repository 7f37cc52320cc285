use super::{keyword, title_range};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The article has no primary keyword: none was given (`--keyword`, front-matter `keyword`,
    /// `keyphrase`, `focus_keyword` or `keywords`) and none could be derived from the title (a
    /// phrase of content words from the title that the body uses at least twice). The keyword
    /// checks (`seo/keyword-density` and the four `seo/keyword-in-*` placements) are then
    /// skipped and do not count in the SEO score, rather than judging a guessed word such as
    /// "started" on a "Getting Started" page.
    ///
    /// ### Why
    ///
    /// The keyword checks need a keyword; this finding says why they did not run, and how to
    /// give them one.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// # Getting Started
    ///
    /// Install the tool, then run it on a folder of Markdown files.
    /// ```
    ///
    /// The body never repeats a title phrase: this finding, and `primary_keyword_source:
    /// "none"`. Fix: add `keyword: your topic phrase` to the front matter, or pass `--keyword`.
    ///
    /// ### Config
    ///
    /// `[seo] keyword_keys` (the front-matter keys read), `[seo] derive_keyword = false` turns
    /// derivation off.
    pub NoKeyword {
        id: "seo/no-keyword",
        dimension: Seo,
        severity: Info,
        summary: "No primary keyword was given or could be derived",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# Getting Started\n\nInstall the tool, then run it on a folder of Markdown files.\n",
            ],
            pass: [
                "---\nkeyword: markdown files\n---\n# Getting Started\n\nInstall the tool, then run it on a folder of Markdown files.\n",
                "# Cargo Workspaces\n\nCargo workspaces share a lock file. Cargo workspaces build together.\n",
            ],
        },
    }
}

impl Rule for NoKeyword {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        if keyword(doc, ctx).phrase.is_some() {
            return Vec::new();
        }
        let range = title_range(doc).unwrap_or_else(|| doc.start_range());
        let why = if ctx.config.seo.derive_keyword {
            "none was given and no title phrase of content words occurs at least twice in the text"
        } else {
            "none was given and `[seo] derive_keyword` is false"
        };
        let mut f = META.finding(
            range,
            format!("No primary keyword: {why}; the keyword checks were skipped"),
        );
        f.help = Some(
            "Set one with `keyword: <topic phrase>` in the front matter, or --keyword".to_string(),
        );
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::Linter;
    use crate::finding::Severity;
    use crate::rules::seo::KEYWORD_RULES;
    use crate::rules::testing::run;
    use crate::seo::KeywordSource;
    use std::path::Path;

    fn lint(source: &str) -> crate::report::FileReport {
        Linter::with_config(Config::default())
            .lint_source(Path::new("a.md"), source.to_string())
            .unwrap()
    }

    #[test]
    fn a_getting_started_page_has_no_keyword_and_no_keyword_findings() {
        let r = lint(
            "---\ntitle: Getting Started\n---\n# Getting Started\n\nGetting started takes five \
             minutes. Once started, the tool watches the folder.\n\n## Install\n\nRun the \
             installer.\n",
        );
        assert_eq!(r.seo.primary_keyword_source, KeywordSource::None);
        assert_eq!(r.seo.primary_keyword, None);
        let no_keyword: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.rule == "seo/no-keyword")
            .collect();
        assert_eq!(no_keyword.len(), 1);
        assert_eq!(no_keyword[0].severity, Severity::Info);
        assert!(
            !r.findings
                .iter()
                .any(|f| KEYWORD_RULES.contains(&f.rule.as_str())),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn findings_about_a_derived_keyword_are_info_and_say_so() {
        let src = "# Cargo Workspaces\n\nA workspace shares one lock file. Cargo workspaces build \
            together, and cargo workspaces test together.\n\n## Layout\n\nMembers sit in folders.\n";
        let r = lint(src);
        assert_eq!(r.seo.primary_keyword.as_deref(), Some("cargo workspaces"));
        let about: Vec<_> = r
            .findings
            .iter()
            .filter(|f| KEYWORD_RULES.contains(&f.rule.as_str()))
            .collect();
        assert!(!about.is_empty());
        for f in about {
            assert_eq!(f.severity, Severity::Info, "{}", f.rule);
            assert!(
                f.message.contains("derived from the title"),
                "{}",
                f.message
            );
        }
        // the same keyword given by the author is a warning, without the note
        let r = lint(&format!("---\nkeyword: cargo workspaces\n---\n{src}"));
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "seo/keyword-in-subheading")
            .unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert!(!f.message.contains("derived"), "{}", f.message);
    }

    #[test]
    fn fires_only_without_a_keyword() {
        let getting_started = "# Getting Started\n\nInstall the tool, then run it on a folder of \
            Markdown files. It prints what it found.\n";
        let f = run(&super::NoKeyword, getting_started);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].help.as_deref().unwrap().contains("keyword:"), "{f:?}");
        let with_keyword = format!("---\nkeyword: markdown files\n---\n{getting_started}");
        assert!(run(&super::NoKeyword, &with_keyword).is_empty());
    }
}
