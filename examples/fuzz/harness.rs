//! The fuzz harness: one input through the whole linter and every output format; any panic,
//! and any "internal error" the engine turned a rule's panic into, is a crash. Shared by the
//! fuzz binary (examples/fuzz/main.rs) and the regression test (tests/fuzz_regressions.rs).

use contentlint::config::{Config, ConfigResolver};
use contentlint::engine::{LintOptions, Linter, RuleSet, decode};
use contentlint::report::{
    FileError, FileReport, GithubReporter, HtmlReporter, HumanReporter, JsonReporter,
    JsonlReporter, Reporter, SarifReporter, SarifRule, Summary,
};
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Once};

/// The linters an input runs through: default options, and a keyword set on the command line
/// (the keyword drives the SEO checks and exemptions of other rules).
pub struct Harness {
    linters: Vec<Linter>,
    rule_set: Arc<RuleSet>,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics are expected while fuzzing: keep their message and place for the report instead of
/// printing each to stderr.
fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panic at {at}: {message}")));
        }));
    });
}

impl Harness {
    pub fn new() -> Harness {
        quiet_panics();
        let mut config = Config::default();
        // A fixed reference date keeps runs reproducible.
        config.brief.current_date = Some("2026-02-18".into());
        let linter = |keyword: Option<&str>| {
            Linter::new(
                ConfigResolver::fixed(config.clone()),
                LintOptions {
                    keyword: keyword.map(String::from),
                    ..LintOptions::default()
                },
            )
        };
        let linters = vec![linter(None), linter(Some("rust async"))];
        let rule_set = linters[0].rule_set(&config).expect("built-in rule set");
        Harness { linters, rule_set }
    }

    /// Run one input; `Err` describes the crash.
    pub fn run(&self, bytes: &[u8]) -> Result<(), String> {
        LAST_PANIC.with(|p| p.borrow_mut().take());
        let outcome = catch_unwind(AssertUnwindSafe(|| self.run_inner(bytes)));
        match outcome {
            Ok(result) => result,
            Err(_) => Err(LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "panic".into())),
        }
    }

    fn run_inner(&self, bytes: &[u8]) -> Result<(), String> {
        let source = match decode("fuzz.md", bytes.to_vec()) {
            Ok(s) => s,
            // binary or invalid UTF-8: a clear error is the right answer; still report it
            Err(e) => {
                self.report(&Err(e));
                return Ok(());
            }
        };
        for linter in &self.linters {
            let result = linter.lint_source(Path::new("fuzz.md"), source.clone());
            if let Err(e) = &result
                && e.message.contains("internal error")
            {
                let detail = LAST_PANIC
                    .with(|p| p.borrow_mut().take())
                    .unwrap_or_default();
                return Err(format!("{} ({detail})", e.message));
            }
            self.report(&result);
        }
        Ok(())
    }

    fn sarif_rules(&self) -> Vec<SarifRule> {
        self.rule_set
            .rules
            .iter()
            .map(|r| SarifRule::from_meta(r.meta()))
            .collect()
    }

    /// Every output format over one result.
    fn report(&self, result: &Result<FileReport, FileError>) {
        let mut reporters: Vec<Box<dyn Reporter>> = vec![
            Box::new(HumanReporter::new(false)),
            Box::new(JsonReporter::default()),
            Box::new(JsonlReporter),
            Box::new(SarifReporter::new(self.sarif_rules())),
            Box::new(GithubReporter::default()),
            Box::new(HtmlReporter::default()),
        ];
        let mut summary = Summary::default();
        summary.add(result);
        for r in &mut reporters {
            let mut out: Vec<u8> = Vec::new();
            // Writing to a Vec cannot fail; a reporter's own error is no crash.
            let _ = match result {
                Ok(report) => r.file(&mut out, report),
                Err(error) => r.error(&mut out, error),
            };
            let _ = r.finish(&mut out, &summary);
        }
    }
}
