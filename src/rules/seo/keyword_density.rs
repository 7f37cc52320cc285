use super::{Assessment, Rating, keyword, rated};
use crate::config::SeoConfig;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::seo::Keyword;

declare_rule! {
    /// ### What
    ///
    /// Keyword density = occurrences of the primary keyword / words x 100, over headings and
    /// prose (code excluded). Matching compares word sequences, ignoring case and apostrophes,
    /// with hyphens as word breaks: `fine-tuning` matches `Fine tuning`. A word also matches in
    /// its regular plural (`generators` for `generator`).
    ///
    /// Good: within `[seo] density_min`..`density_max` (default 0.5-3%). Ok: present but below
    /// the band. Bad: absent, or above the band (keyword stuffing). Skipped when there is no
    /// primary keyword (`seo/no-keyword`); info, not a warning, when the keyword was derived
    /// from the title.
    ///
    /// ### Why
    ///
    /// A text about a topic names it; a text that names it in every sentence reads as keyword
    /// stuffing, to readers and to search engines.
    ///
    /// ### Example
    ///
    /// ```markdown
    /// ---
    /// keyword: cargo workspaces
    /// ---
    /// # Splitting a project
    ///
    /// Large projects grow into many crates that build together.
    /// ```
    ///
    /// Bad: the keyword does not occur in the text.
    ///
    /// ### Config
    ///
    /// `[seo] density_min`, `density_max`. The keyword: `--keyword`, else front-matter `keyword`
    /// (`[seo] keyword_keys`), else derived from the title (`[seo] derive_keyword`).
    ///
    /// ### Source
    ///
    /// Yoast SEO's keyphrase density assessment (0.5-3% good).
    pub KeywordDensity {
        id: "seo/keyword-density",
        dimension: Seo,
        severity: Warning,
        summary: "The primary keyword's density is within the configured band",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\nkeyword: cargo workspaces\n---\n# Splitting a project\n\nLarge projects grow into many crates that build together.\n",
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nCargo workspaces, cargo workspaces: cargo workspaces share a lock file.\n",
            ],
            pass: [
                "---\nkeyword: cargo workspaces\n---\n# Cargo workspaces\n\nLarge projects grow into many crates. Before the migration we listed every table, job and report of the old system, with its owner and its last use. About a third of the reports had not been opened for a year, so we archived them instead of moving them. The remaining tables were grouped by the service that writes to them, because a service and its tables have to move together. Each group moved in its own weekend window, and the crates of each service moved into cargo workspaces of their own.\n",
            ],
        },
    }
}

impl Rule for KeywordDensity {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        rated(&META, doc, ctx, assess(&ctx.config.seo, &keyword(doc, ctx)))
    }
}

fn assess(cfg: &SeoConfig, k: &Keyword) -> Option<Assessment> {
    // Without a keyword there is nothing to rate (`seo/no-keyword` says so).
    let keyword = k.phrase.as_ref()?;
    let (d, lo, hi) = (k.density, cfg.density_min, cfg.density_max);
    let band = format!("aim for {lo}-{hi}%");
    let assessment = if k.count == 0 {
        Assessment::needs_work(
            Rating::Bad,
            format!("The primary keyword \"{keyword}\" does not occur in the text"),
            format!("Use the primary keyword in the text ({band})"),
        )
    } else if d < lo {
        Assessment::needs_work(
            Rating::Ok,
            format!("Keyword density of \"{keyword}\" is {d}%, below {lo}%"),
            format!("Increase primary keyword density ({band})"),
        )
    } else if d > hi {
        Assessment::needs_work(
            Rating::Bad,
            format!("Keyword density of \"{keyword}\" is {d}%, above {hi}%"),
            format!("Reduce primary keyword density to avoid keyword stuffing ({band})"),
        )
    } else {
        Assessment::good(format!("Keyword density of \"{keyword}\" is {d}%"))
    };
    Some(assessment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::seo::testing::assess;

    fn body(n: usize, filler: usize) -> String {
        let mut s = String::from("# Guide\n\n");
        for _ in 0..n {
            s.push_str("rust lint ");
        }
        for _ in 0..filler {
            s.push_str("word ");
        }
        s
    }

    #[test]
    fn bands() {
        assert_eq!(
            assess(&KeywordDensity, &body(1, 98), Some("rust lint")).rating,
            Rating::Good
        );
        assert_eq!(
            assess(&KeywordDensity, &body(1, 400), Some("rust lint")).rating,
            Rating::Ok
        );
        assert_eq!(
            assess(&KeywordDensity, &body(10, 80), Some("rust lint")).rating,
            Rating::Bad
        );
        let a = assess(&KeywordDensity, &body(0, 50), Some("rust lint"));
        assert_eq!(a.rating, Rating::Bad);
        assert!(
            a.recommendation
                .unwrap()
                .contains("Use the primary keyword")
        );
    }
}
