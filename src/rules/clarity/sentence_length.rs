use super::{band, own_sentences};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta, percent};

declare_rule! {
    /// ### What
    ///
    /// The share of sentences longer than `[clarity] long_sentence_words` (20) words. One finding
    /// per article, at the first long sentence. Sentences in block quotes and footnotes are not the
    /// author's and are not counted; articles with fewer than `min_sentences` (5) sentences are not
    /// judged. What counts as a word and a sentence: docs/readability.md.
    ///
    /// ### Why
    ///
    /// Long sentences are harder to follow, above all on a phone.
    ///
    /// ### Example
    ///
    /// Bad: a paragraph where most sentences run to 30 words, joined with commas and "and".
    ///
    /// Good: the same facts in sentences of 10 to 20 words.
    ///
    /// ### Config
    ///
    /// Up to `long_sentence_share_ok` (25%) is good; up to `long_sentence_share_bad` (30%) is
    /// reported as info; more is a warning.
    ///
    /// ### Source
    ///
    /// Yoast SEO's sentence length assessment for English (20 words; 25% good, 30% limit).
    pub SentenceLength {
        id: "clarity/sentence-length",
        dimension: Clarity,
        severity: Warning,
        summary: "Too many sentences are longer than 20 words",
        weight: 2.0,
        cap: 4.0,
        examples: {
            fire: [
                concat!(
                "When the nightly backup job starts while the import is still writing to the same table, the database holds both locks for several minutes and every request that touches the table waits. The simplest fix we found was to move the backup window to four in the morning, after the import has finished and before the first customers in Europe start their working day. If the import runs late because the upstream feed was delayed, a small check at the start of the backup script now waits up to thirty minutes for the import lock to be released by the writer. We also added an alert that pages the on-call engineer whenever the backup has waited for more than twenty minutes, so that a stuck import is noticed before customers notice it at all. ",
                "It works. The queue is empty at nine.\n",
            ),
            ],
            pass: [
                "The backup and the import used to run at the same time. Both held locks on the same table. Requests waited for minutes. We moved the backup to four in the morning. The import is done by then. A check in the backup script waits for the import lock. An alert pages the on-call engineer after twenty minutes. \n",
            ],
        },
    }
}

impl Rule for SentenceLength {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let cfg = &ctx.config.clarity;
        let mut total = 0usize;
        let mut long = Vec::new();
        for s in own_sentences(doc) {
            total += 1;
            if s.words > cfg.long_sentence_words {
                long.push(s);
            }
        }
        if total < cfg.min_sentences || long.is_empty() {
            return Vec::new();
        }
        let share = long.len() as f64 * 100.0 / total as f64;
        let Some(severity) = band(
            share,
            cfg.long_sentence_share_ok,
            cfg.long_sentence_share_bad,
        ) else {
            return Vec::new();
        };
        let mut f = META
            .finding(
                doc.prose().source_range(doc, long[0]),
                format!(
                    "{} of sentences ({} of {total}) are longer than {} words; aim for at most {}%",
                    percent(share),
                    long.len(),
                    cfg.long_sentence_words,
                    cfg.long_sentence_share_ok
                ),
            )
            .with_help("Split long sentences; this is the first of them");
        f.severity = severity;
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::run;

    fn article(long: usize, short: usize) -> String {
        let mut s = String::from("# T\n\n");
        for _ in 0..long {
            s.push_str(&"Word ".repeat(21));
            s.push_str("end. ");
        }
        for _ in 0..short {
            s.push_str("A short sentence here. ");
        }
        s
    }

    #[test]
    fn yoast_bands() {
        assert!(
            run(&SentenceLength, &article(1, 3)).is_empty(),
            "too few sentences"
        );
        assert!(run(&SentenceLength, &article(1, 4)).is_empty(), "20%");
        let f = run(&SentenceLength, &article(3, 8)); // 27.3%
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(
            f[0].message.starts_with("27.3% of sentences (3 of 11)"),
            "{}",
            f[0].message
        );
        let f = run(&SentenceLength, &article(4, 6)); // 40%
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].range.start, 5, "points at the first long sentence");
    }

    #[test]
    fn quotes_are_not_counted() {
        let mut s = article(0, 6);
        s.push_str("\n\n> ");
        s.push_str(&"quoted ".repeat(30));
        s.push_str("end.\n");
        assert!(run(&SentenceLength, &s).is_empty());
    }
}
