use crate::document::Document;
use crate::finding::Finding;
use crate::readability::Readability;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// Computes the Flesch Reading Ease (206.835 - 1.015 x words/sentence - 84.6 x syllables/word)
    /// and the Flesch-Kincaid grade (0.39 x words/sentence + 11.8 x syllables/word - 15.59) of the
    /// prose and compares them with the band for the article's technical level (front matter
    /// `technical_level`, else `[brief] technical_level`, else `[clarity] default_technical_level`
    /// = 1). It fires when the ease is below the band's floor and the grade above its ceiling, both
    /// as shown (one decimal). One failing alone is not reported: the formulas disagree on short
    /// reference pages and technical posts (short sentences of long technical words), and in the
    /// judged samples only 6 of 85 such findings were right (docs/precision.md). Identifiers
    /// written in prose (`images.Filter`, `snake_case`, `camelCase`, `-Flag`, `utf8`) count as one
    /// word of one syllable, like numbers. Default bands, from Flesch's 1948 table:
    ///
    /// ```text
    /// level 0  general public      ease >= 60 (standard, 8th-9th grade)   grade <= 9
    /// level 1  informed readers    ease >= 50 (fairly difficult)          grade <= 12
    /// level 2  practitioners       ease >= 30 (difficult, college)        grade <= 16
    /// level 3  specialists         ease >= 0  (very difficult)            grade <= 20
    /// ```
    ///
    /// Words inside generic filler phrases (filler/generic-phrase) are left out, so padding with
    /// short stock phrases cannot lift the score; texts of fewer than `readability_min_words` (100)
    /// sentence words are not judged. The report's `stats` give the figures over all the prose. How
    /// words, sentences and syllables are counted, and how the figures compare with textstat:
    /// docs/readability.md.
    ///
    /// ### Why
    ///
    /// A text harder than its audience's level loses readers; long sentences and long words, what
    /// the two formulas measure, are what makes it hard.
    ///
    /// ### Example
    ///
    /// Bad (level 0): Comprehensive organisational transformation necessitates multidimensional
    /// stakeholder alignment.
    ///
    /// Good (level 0): Change is hard. Get everyone to agree on the goal first.
    ///
    /// ### Source
    ///
    /// Flesch, R. (1948), "A new readability yardstick", J. Applied Psychology 32(3); Kincaid,
    /// Fishburne, Rogers & Chissom (1975), Research Branch Report 8-75, Naval Technical Training
    /// Command.
    pub ReadabilityLevel {
        id: "clarity/readability",
        dimension: Clarity,
        severity: Warning,
        summary: "The text is harder to read than its audience's level allows",
        weight: 3.0,
        cap: 3.0,
        examples: {
            fire: [
                concat!(
                    "Organisational interoperability necessitates comprehensive institutional alignment regarding terminological standardisation. Heterogeneous infrastructural configurations consequently complicate automated verification methodologies considerably. Administrative accountability mechanisms frequently remain insufficiently operationalised within decentralised organisational hierarchies. ",
                    "Interdepartmental communication deficiencies subsequently necessitate considerable managerial intervention. Standardised documentation repositories theoretically facilitate organisational knowledge preservation. Comprehensive terminological governance consequently requires continuous institutional commitment.\n\n",
                    "Organisational interoperability necessitates comprehensive institutional alignment regarding terminological standardisation. Heterogeneous infrastructural configurations consequently complicate automated verification methodologies considerably. Administrative accountability mechanisms frequently remain insufficiently operationalised within decentralised organisational hierarchies. ",
                    "Interdepartmental communication deficiencies subsequently necessitate considerable managerial intervention. Standardised documentation repositories theoretically facilitate organisational knowledge preservation. Comprehensive terminological governance consequently requires continuous institutional commitment.\n",
                ),
            ],
            pass: [
                concat!(
                "Teams that use the same words work faster. When sales says client and support says account, people talk past each other. A short list of shared terms fixes that. Put it where everyone can find it, and keep it up to date. ",
                "Teams that use the same words work faster. When sales says client and support says account, people talk past each other. A short list of shared terms fixes that. Put it where everyone can find it, and keep it up to date. ",
                "Teams that use the same words work faster. When sales says client and support says account, people talk past each other. A short list of shared terms fixes that. Put it where everyone can find it, and keep it up to date.\n",
            ),
            ],
        },
    }
}

impl Rule for ReadabilityLevel {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.clarity;
        let prose = doc.prose();
        let padding = crate::rules::filler::Padding::of(doc, &ctx.phrases);
        let r = Readability {
            words: prose.sentence_words.saturating_sub(padding.sentence_words),
            sentences: prose.sentences.len(),
            syllables: prose
                .sentence_syllables
                .saturating_sub(padding.sentence_syllables),
        };
        if r.words < cfg.readability_min_words {
            return Vec::new();
        }
        let level = ctx.technical_level.unwrap_or(cfg.default_technical_level);
        let Some(band) = cfg.band_for(level) else {
            return Vec::new();
        };
        // Compared as shown (one decimal), so that "ease 50.0 (aim for 50 or more)" never fires.
        let round = |x: f64| (x * 10.0).round() / 10.0;
        let (ease, grade) = (
            round(r.flesch_reading_ease()),
            round(r.flesch_kincaid_grade()),
        );
        let (ease_fails, grade_fails) = (ease < band.min_reading_ease, grade > band.max_grade);
        // The two formulas weigh sentence length and word length differently and disagree on
        // short reference pages and technical posts (short sentences of long technical
        // words): only both failing is a hard text. One failing alone was right in 6 of 85
        // sampled findings on two real sites (docs/precision.md), so it is not reported.
        if !(ease_fails && grade_fails) {
            return Vec::new();
        }
        let range = doc
            .blocks
            .first()
            .map_or_else(|| doc.start_range(), |b| b.range());
        let range = range.start
            ..doc.source[range.clone()]
                .find('\n')
                .map_or(range.end, |n| range.start + n);
        let f = META
            .finding(
                range,
                format!(
                    "Hard to read for {} (technical level {level}): Flesch reading ease {ease:.1} \
(aim for {} or more), Flesch-Kincaid grade {grade:.1} (aim for {} or less)",
                    band.audience, band.min_reading_ease, band.max_grade
                ),
            )
            .with_help(format!(
                "Shorter sentences and shorter words raise the ease: {:.1} words per sentence, \
{:.2} syllables per word now{}",
                r.words as f64 / r.sentences.max(1) as f64,
                r.syllables as f64 / r.words.max(1) as f64,
                match padding.sentence_words {
                    0 => String::new(),
                    n => format!(
                        " ({n} words of filler phrases left out; the report's stats count them)"
                    ),
                }
            ));
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::finding::Severity;
    use crate::rules::testing::{run, run_with};

    const HARD: &str = "Comprehensive organisational transformation necessitates \
multidimensional stakeholder alignment across heterogeneous institutional environments. ";
    const EASY: &str = "The cat sat on the mat. It was a good day to rest. ";

    fn text(s: &str, times: usize, level: Option<u8>) -> String {
        let fm = level.map_or(String::new(), |l| {
            format!("---\ntechnical_level: {l}\n---\n")
        });
        format!("{fm}# T\n\n{}\n", s.repeat(times))
    }

    #[test]
    fn hard_text_fires_easy_passes() {
        let f = run(&ReadabilityLevel, &text(HARD, 12, Some(0)));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("the general public (technical level 0)"),
            "{}",
            f[0].message
        );
        assert!(run(&ReadabilityLevel, &text(EASY, 12, Some(0))).is_empty());
    }

    #[test]
    fn level_sets_the_band() {
        // Mid text: ease about 40 - fine for practitioners (level 2), not for level 0.
        let mid = "The compiler checks each borrow against the lifetime of its owner before \
the program runs, which prevents dangling references in practice. ";
        assert_eq!(run(&ReadabilityLevel, &text(mid, 8, Some(0))).len(), 1);
        assert!(run(&ReadabilityLevel, &text(mid, 8, Some(2))).is_empty());
        // no level anywhere: [clarity] default_technical_level
        let mut config = Config::default();
        config.clarity.default_technical_level = 2;
        assert!(run_with(&ReadabilityLevel, &text(mid, 8, None), config).is_empty());
    }

    #[test]
    fn only_both_formulas_failing_is_a_finding() {
        // Short sentences of long words: the grade is fine for level 1, the ease is not.
        let short_long = "We configure the services. ";
        assert!(run(&ReadabilityLevel, &text(short_long, 30, Some(1))).is_empty());
        let f = run(&ReadabilityLevel, &text(HARD, 12, Some(1)));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning, "{}", f[0].message);
    }

    #[test]
    fn identifiers_do_not_make_a_page_hard() {
        // The same plain sentences naming identifiers: judged like the plain text.
        let ids = "Set the value of images.Filter with -ErrorAction and snake_case_name. It is a \
good day to rest. ";
        assert!(run(&ReadabilityLevel, &text(ids, 12, Some(0))).is_empty());
        let words = "Set the value of organisational transformation with multidimensional \
stakeholders. It is a good day to rest. ";
        assert_eq!(run(&ReadabilityLevel, &text(words, 12, Some(0))).len(), 1);
    }

    #[test]
    fn short_texts_are_not_judged() {
        assert!(run(&ReadabilityLevel, &text(HARD, 3, Some(0))).is_empty());
    }

    #[test]
    fn filler_is_left_out() {
        // The same text with a filler phrase of short words is judged the same.
        let base = text(HARD, 12, Some(1));
        let padded = base.replacen(
            "Comprehensive",
            "In today's fast-paced world comprehensive",
            12,
        );
        let a = run(&ReadabilityLevel, &base);
        let b = run(&ReadabilityLevel, &padded);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].message, b[0].message);
    }

    /// The padding left out is a document fact: the same whether or not
    /// filler/generic-phrase runs (the seed article said ease 29.3 with every rule and 25.1
    /// under `--select clarity/readability`).
    #[test]
    fn the_figures_do_not_depend_on_the_rule_selection() {
        use crate::config::ConfigResolver;
        use crate::engine::{LintOptions, Linter};
        let seed = include_str!("../../../fixtures/seed.md");
        let message = |select: &[&str], ignore: &[&str]| {
            let options = LintOptions {
                select: select.iter().map(|s| s.to_string()).collect(),
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
                ..LintOptions::default()
            };
            let linter = Linter::new(ConfigResolver::fixed(Config::default()), options);
            let report = linter
                .lint_source(std::path::Path::new("seed.md"), seed.to_string())
                .unwrap();
            let found: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.rule == "clarity/readability")
                .map(|f| f.message.clone())
                .collect();
            assert_eq!(found.len(), 1, "{found:?}");
            found[0].clone()
        };
        let all = message(&[], &[]);
        assert!(all.contains("Flesch reading ease 29.3"), "{all}");
        assert_eq!(message(&["clarity/readability"], &[]), all);
        assert_eq!(message(&[], &["filler"]), all);
    }
}
