//! The revision loop: prompt the writer with the best version so far and its findings, clean
//! and lint the answer, keep it if it ranks higher, until a revision passes or the revisions
//! run out. No version that scores below the original is ever kept.

use super::backend::{BackendError, Writer};
use super::prompt::{self, PromptInput};
use super::redact::Redactor;
use super::response;
use super::trace::{self, Trace};
use super::{LogSink, front_matter};
use crate::config::Config;
use crate::document::Document;
use crate::engine::Linter;
use crate::finding::Severity;
use crate::report::FileReport;
use serde_json::json;
use std::cmp::Reverse;

/// One version of the article: 0 is the original, n the writer's n-th revision.
#[derive(Debug, Clone)]
pub struct Version {
    pub revision: u32,
    pub text: String,
    pub report: FileReport,
}

/// How a report ranks: passing first, then score, then fewer hard gates, errors, warnings.
fn rank(r: &FileReport) -> (bool, u32, Reverse<usize>, Reverse<usize>, Reverse<usize>) {
    let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    (
        r.valid,
        r.score,
        Reverse(r.hard_gates.len()),
        Reverse(count(Severity::Error)),
        Reverse(count(Severity::Warning)),
    )
}

/// Whether `candidate` should replace `best`: it ranks strictly higher and does not score
/// below the original. Ties keep what we have (the original's text is the user's).
pub fn better(candidate: &FileReport, best: &FileReport, original_score: u32) -> bool {
    candidate.score >= original_score && rank(candidate) > rank(best)
}

/// What the loop ended with.
#[derive(Debug)]
pub struct LoopOutcome {
    pub best: Version,
    /// Revisions the writer produced.
    pub revisions: u32,
}

/// Why the loop stopped early.
#[derive(Debug)]
pub enum LoopError {
    Backend(BackendError),
    /// The prompt cannot be built (too large).
    Prompt(String),
}

pub struct Reviser<'a> {
    /// A linter whose keyword and reference date are pinned to the original's.
    pub linter: &'a Linter,
    pub config: &'a Config,
    pub shown: &'a str,
    pub writer: &'a dyn Writer,
    pub max_revisions: u32,
    pub keep_front_matter: &'a [String],
    /// Puts back the original's keyword and date sources into a revision's report.
    pub patch: &'a dyn Fn(&mut FileReport),
    /// Knows the run's API keys: a revision that holds one is never used.
    pub redactor: &'a Redactor,
}

impl Reviser<'_> {
    pub fn run(
        &self,
        original: Version,
        trace: &mut Trace,
        log: &mut LogSink,
    ) -> Result<LoopOutcome, LoopError> {
        let info = self.writer.info();
        let set = self.linter.rule_set(self.config).ok();
        let summary = |id: &str| set.as_ref()?.get(id).map(|r| r.meta().summary.to_string());
        let original_score = original.report.score;
        let original_text = original.text.clone();
        let mut best = original;
        let mut revisions = 0;
        for n in 1..=self.max_revisions {
            let doc = Document::parse(best.text.clone())
                .expect("the best version was linted, so its front matter parses");
            let repair = prompt::build(&PromptInput {
                report: &best.report,
                doc: &doc,
                config: self.config,
                summary: &summary,
                revision: n,
                max_revisions: self.max_revisions,
            })
            .map_err(LoopError::Prompt)?;
            let draft = match self.writer.write(&repair.chat) {
                Ok(d) => d,
                Err(e) => {
                    trace.push(
                        "generate_draft",
                        "Writer",
                        self.shown,
                        format!("Revision {n} failed: {}", e.message),
                        json!({
                            "revision_count": n,
                            "max_revisions": self.max_revisions,
                            "backend": info.backend,
                            "model": info.model,
                            "error": e.message,
                            "error_kind": e.kind,
                        }),
                    );
                    return Err(LoopError::Backend(e));
                }
            };
            revisions = n;
            let cleaned = response::clean(&draft.text).and_then(|text| {
                // A key in the answer (a hostile or confused server echoing the request) must
                // never reach the user's file.
                if self.redactor.found_in(&text) {
                    Err("the answer contains the API key".to_string())
                } else {
                    Ok(text)
                }
            });
            let mut metadata = json!({
                "revision_count": n,
                "max_revisions": self.max_revisions,
                "backend": info.backend,
                "model": info.model,
                "endpoint": info.endpoint,
                "attempts": draft.attempts,
                "prompt_chars": repair.chars(),
                "findings_in_prompt": repair.findings_included,
                "findings_omitted": repair.findings_omitted,
                "answer_chars": draft.text.chars().count(),
            });
            if let Some(usage) = draft.usage {
                metadata["token_usage"] = json!(usage);
            }
            if let Some(reason) = &draft.finish_reason {
                metadata["finish_reason"] = json!(reason);
            }
            let text = match cleaned {
                Ok(text) => text,
                Err(why) => {
                    trace.push(
                        "generate_draft",
                        "Writer",
                        self.shown,
                        format!("Revision {n} rejected: {why}"),
                        metadata,
                    );
                    log.line(format!(
                        "{}: revision {n}: rejected, not used ({why})",
                        self.shown
                    ));
                    continue;
                }
            };
            let text = front_matter::restore(&original_text, &text, self.keep_front_matter);
            let text = response::match_line_endings(&original_text, &text);
            let linted = self
                .linter
                .lint_with_config(self.shown, text.clone(), self.config);
            let mut report = match linted {
                Ok(r) => r,
                Err(e) => {
                    // The writer broke the file (front matter that does not parse): a lost
                    // revision, not a reason to stop.
                    trace.push(
                        "generate_draft",
                        "Writer",
                        self.shown,
                        format!("Revision {n} is unusable: {}", e.message),
                        metadata,
                    );
                    log.line(format!(
                        "{}: revision {n}: unusable ({})",
                        self.shown, e.message
                    ));
                    continue;
                }
            };
            (self.patch)(&mut report);
            report.revision_count = n;
            metadata["word_count"] = json!(report.stats.words);
            trace.push(
                "generate_draft",
                "Writer",
                self.shown,
                format!("Generated revision {n}: {} words", report.stats.words),
                metadata,
            );
            trace.push(
                "validate",
                "Critic",
                self.shown,
                trace::critic_outcome(&report),
                trace::critic_metadata(&report, n, self.max_revisions),
            );
            trace.push(
                "audit_seo",
                "SEO-Auditor",
                self.shown,
                trace::seo_outcome(&report),
                trace::seo_metadata(&report),
            );
            let accepted = better(&report, &best.report, original_score);
            log.line(format!(
                "{}: revision {n}: {} (score {}{}){}",
                self.shown,
                if report.valid { "passes" } else { "fails" },
                report.score,
                describe_problems(&report),
                if accepted {
                    ""
                } else {
                    "; not better, not kept"
                }
            ));
            let passes = report.valid;
            if accepted {
                best = Version {
                    revision: n,
                    text,
                    report,
                };
                if passes {
                    break;
                }
            }
        }
        Ok(LoopOutcome { best, revisions })
    }
}

/// "; 2 violations; hard gates: structure/min-h2, structure/conclusion" or "".
pub fn describe_problems(r: &FileReport) -> String {
    let errors = r.violations().count();
    let mut s = String::new();
    if errors > 0 {
        s.push_str(&format!(
            "; {errors} violation{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if !r.hard_gates.is_empty() {
        s.push_str(&format!("; hard gates: {}", r.hard_gates.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regenerate::backend::{BackendInfo, ChatPrompt, Draft, ErrorKind};
    use std::cell::RefCell;

    const BAD: &str =
        "---\ndate: 2025-01-10\n---\n# Title\n\nSome text here.\n\n## Only section\n\nMore text.\n";
    const BETTER: &str =
        "# Title\n\nSome text here.\n\n## First\n\nMore text.\n\n## Second\n\nMore.\n";
    const GOOD: &str =
        "# Title\n\nSome text here.\n\n## First\n\nMore text.\n\n## Conclusion\n\nDone.\n";

    /// A writer that answers from a script and remembers the prompts.
    struct Scripted {
        answers: RefCell<Vec<Result<String, BackendError>>>,
        prompts: RefCell<Vec<String>>,
    }

    impl Scripted {
        fn new(answers: Vec<Result<&str, BackendError>>) -> Scripted {
            Scripted {
                answers: RefCell::new(
                    answers
                        .into_iter()
                        .rev()
                        .map(|a| a.map(String::from))
                        .collect(),
                ),
                prompts: RefCell::new(Vec::new()),
            }
        }
    }

    impl Writer for Scripted {
        fn info(&self) -> BackendInfo {
            BackendInfo {
                backend: "test",
                model: "scripted".into(),
                endpoint: String::new(),
            }
        }
        fn write(&self, prompt: &ChatPrompt) -> Result<Draft, BackendError> {
            self.prompts.borrow_mut().push(prompt.user.clone());
            let text = self
                .answers
                .borrow_mut()
                .pop()
                .expect("a scripted answer")?;
            Ok(Draft {
                text,
                usage: None,
                finish_reason: None,
                attempts: 1,
            })
        }
    }

    fn run(writer: &Scripted, max: u32) -> (Result<LoopOutcome, LoopError>, Trace, u32) {
        let config = Config::default();
        let options = crate::engine::LintOptions {
            select: vec!["structure".into()],
            ..Default::default()
        };
        let linter = Linter::new(
            crate::config::ConfigResolver::fixed(config.clone()),
            options,
        );
        let report = linter
            .lint_with_config("a.md", BAD.into(), &config)
            .unwrap();
        let original_score = report.score;
        let keep = config.regenerate.keep_front_matter.clone();
        let redactor = Redactor::new();
        redactor.add("sk-test-SCRIPTED-KEY-0001");
        let reviser = Reviser {
            linter: &linter,
            config: &config,
            shown: "a.md",
            writer,
            max_revisions: max,
            keep_front_matter: &keep,
            patch: &|_| {},
            redactor: &redactor,
        };
        let mut trace = Trace::new(None);
        let mut log = LogSink::new(Box::new(std::io::sink()));
        let out = reviser.run(
            Version {
                revision: 0,
                text: BAD.into(),
                report,
            },
            &mut trace,
            &mut log,
        );
        (out, trace, original_score)
    }

    #[test]
    fn stops_at_the_first_passing_revision_and_feeds_back_findings() {
        let w = Scripted::new(vec![
            Ok(BETTER),
            Ok(&format!("```markdown\n{GOOD}```")),
            Ok(BAD),
        ]);
        let (out, trace, _) = run(&w, 3);
        let out = out.unwrap();
        assert_eq!(out.revisions, 2);
        assert_eq!(out.best.revision, 2);
        assert!(out.best.report.valid);
        // Dropped front matter came back; the fence is gone.
        assert!(
            out.best
                .text
                .starts_with("---\ndate: 2025-01-10\n---\n# Title"),
            "{}",
            out.best.text
        );
        let prompts = w.prompts.borrow();
        assert_eq!(prompts.len(), 2);
        assert!(prompts[0].contains("[structure/min-h2]"));
        assert!(
            !prompts[1].contains("[structure/min-h2]"),
            "revision 1 fixed it"
        );
        assert!(prompts[1].contains("[structure/conclusion]"));
        assert!(
            prompts[1].contains("## Second"),
            "the prompt carries revision 1"
        );
        let steps: Vec<_> = trace.steps.iter().map(|s| s.step).collect();
        assert_eq!(
            steps,
            [
                "generate_draft",
                "validate",
                "audit_seo",
                "generate_draft",
                "validate",
                "audit_seo"
            ]
        );
        assert_eq!(trace.steps[4].metadata["revision_count"], 2);
        assert_eq!(trace.steps[4].metadata["max_revisions"], 3);
    }

    #[test]
    fn item9_and_item12_revisions_with_the_key_or_only_reasoning_are_rejected() {
        let with_key = format!("{GOOD}\nsk-test-SCRIPTED-KEY-0001\n");
        let thinking = format!("I should add a conclusion.\n</think>\n{GOOD}");
        let w = Scripted::new(vec![Ok(&with_key), Ok("Hmm.\n</think>\n"), Ok(&thinking)]);
        let (out, trace, _) = run(&w, 3);
        let out = out.unwrap();
        assert_eq!(out.revisions, 3);
        assert_eq!(
            out.best.revision, 3,
            "the reasoning was stripped, the article kept"
        );
        assert!(
            !out.best.text.contains("conclusion.\n"),
            "{}",
            out.best.text
        );
        assert!(!out.best.text.contains("think>"));
        let outcomes: Vec<&str> = trace.steps.iter().map(|s| s.outcome.as_str()).collect();
        assert!(
            outcomes[0].contains("rejected: the answer contains the API key"),
            "{outcomes:?}"
        );
        assert!(
            outcomes[1].contains("rejected: the answer has no article"),
            "{outcomes:?}"
        );
    }

    #[test]
    fn worse_revisions_are_never_kept() {
        let worse = "Just some words.\n";
        let w = Scripted::new(vec![Ok(worse), Ok(worse)]);
        let (out, _, original_score) = run(&w, 2);
        let out = out.unwrap();
        assert_eq!(out.revisions, 2);
        assert_eq!(out.best.revision, 0);
        assert_eq!(out.best.text, BAD);
        assert_eq!(out.best.report.score, original_score);
    }

    #[test]
    fn backend_errors_stop_the_loop() {
        let w = Scripted::new(vec![
            Ok(BETTER),
            Err(BackendError::new(ErrorKind::Timeout, "too slow", None)),
        ]);
        let (out, trace, _) = run(&w, 3);
        match out {
            Err(LoopError::Backend(e)) => assert_eq!(e.kind, ErrorKind::Timeout),
            other => panic!("{other:?}"),
        }
        let last = trace.steps.last().unwrap();
        assert_eq!(last.step, "generate_draft");
        assert!(last.outcome.contains("too slow"));
    }

    /// Only the brief's structure gates: the rule set grows, these tests should not move.
    fn structure_linter(config: &Config) -> Linter {
        let options = crate::engine::LintOptions {
            select: vec![
                "structure/single-h1".into(),
                "structure/min-h2".into(),
                "structure/conclusion".into(),
            ],
            ..Default::default()
        };
        Linter::new(
            crate::config::ConfigResolver::fixed(config.clone()),
            options,
        )
    }

    #[test]
    fn ranking() {
        let config = Config::default();
        let linter = structure_linter(&config);
        let lint = |s: &str| linter.lint_with_config("a.md", s.into(), &config).unwrap();
        let bad = lint(BAD);
        let better_one = lint(BETTER);
        assert!(better(&better_one, &bad, bad.score));
        assert!(!better(&bad, &better_one, bad.score));
        assert!(!better(&bad, &bad, bad.score), "a tie keeps what we have");
        assert!(
            !better(&better_one, &bad, better_one.score + 1),
            "never below the original"
        );
    }
}
