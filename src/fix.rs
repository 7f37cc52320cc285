//! `check --fix`, `--diff` and `--fix-only`, and the language server's "fix all": apply every
//! safe fix ([`crate::finding::Fix`]) of a file, re-lint, and repeat until nothing changes.
//!
//! A round applies the fixes whose ranges do not overlap (the first by position wins; the
//! others wait for the next round, when the re-lint reports them again on the new text). A
//! file whose fixes still change it after [`MAX_ROUNDS`], or come back to an earlier text
//! (two fixes undoing each other), did not converge: it is not written, and the run says so.
//! Fixes are byte edits of the file as read, so its byte order mark, line endings and lone
//! CRs stay as they were; the write is atomic ([`crate::write::write_file`], which keeps the
//! permissions) and refused if the file changed on disk while it was being fixed.

use crate::engine::{Input, Linter, RuleSet, matches_pattern, unknown_rule};
use crate::finding::Fix;
use crate::report::{FileError, FileReport};
use std::collections::HashSet;
use std::path::Path;

/// Most fix-and-re-lint rounds a file gets (issue 9: "at most 10 rounds"; each round so far
/// needs at most two: a demoted H1 makes the next heading's increment fixable).
pub const MAX_ROUNDS: usize = 10;

/// A file after fixing.
#[derive(Debug)]
pub struct Fixed {
    /// The text as read.
    pub original: String,
    /// The fixed text (the original when the fixes did not converge).
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Rounds that applied at least one fix.
    pub rounds: usize,
    /// Whether the fixes reached a text with nothing left to fix.
    pub converged: bool,
    /// The report of `text`.
    pub report: FileReport,
}

/// The fixes of `report` to apply to `text` this round: those of the selected rules (all when
/// `only` is empty) that change something, within the text and on character boundaries,
/// without overlapping an earlier one.
pub fn round_fixes<'r>(report: &'r FileReport, text: &str, only: &[String]) -> Vec<&'r Fix> {
    let mut fixes: Vec<&Fix> = report
        .findings
        .iter()
        .filter(|f| only.is_empty() || only.iter().any(|p| matches_pattern(&f.rule, p)))
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| {
            let r = &fix.range;
            r.start <= r.end
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
                && r.end <= text.len()
                && text[r.clone()] != fix.replacement
        })
        .collect();
    fixes.sort_by_key(|fix| (fix.range.start, fix.range.end));
    let mut kept: Vec<&Fix> = Vec::with_capacity(fixes.len());
    let mut outline_changed = false;
    for fix in fixes {
        // Two edits at one place (two insertions, or an insertion where a replacement
        // starts) overlap too: their order would be a guess.
        let overlaps = kept
            .last()
            .is_some_and(|k| fix.range.start < k.range.end || fix.range.start == k.range.start);
        // A heading's level is judged against the headings before it: once one level changes,
        // the others wait for the re-lint (a demoted H1 makes its sub-heading's fix `###`,
        // not the `##` it was computed as).
        let level = changes_heading_level(text, fix);
        if !(overlaps || level && outline_changed) {
            outline_changed |= level;
            kept.push(fix);
        }
    }
    kept
}

/// Whether `fix` edits the `#` marker of an ATX heading (its level).
fn changes_heading_level(text: &str, fix: &Fix) -> bool {
    let line_start = text[..fix.range.start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..].trim_start().starts_with('#')
        && text[fix.range.clone()].bytes().all(|b| b == b'#')
        && fix.replacement.bytes().all(|b| b == b'#')
}

/// `text` with `fixes` (sorted, not overlapping) applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for fix in fixes {
        out.push_str(&text[at..fix.range.start]);
        out.push_str(&fix.replacement);
        at = fix.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Fix `original` (already linted as `first`), which claims to be at `path`: rounds of
/// [`round_fixes`] and re-lints until nothing changes.
pub fn fix_linted(
    linter: &Linter,
    path: &Path,
    original: String,
    first: FileReport,
    only: &[String],
) -> Result<Fixed, FileError> {
    let mut text = original.clone();
    let mut report = first;
    let mut seen: HashSet<String> = HashSet::from([original.clone()]);
    let mut applied = 0;
    let mut rounds = 0;
    let converged = loop {
        let fixes = round_fixes(&report, &text, only);
        if fixes.is_empty() {
            break true;
        }
        if rounds == MAX_ROUNDS {
            break false;
        }
        let next = apply(&text, &fixes);
        applied += fixes.len();
        rounds += 1;
        if !seen.insert(next.clone()) {
            // Back to an earlier text: the fixes undo each other.
            break false;
        }
        report = linter.lint_source(path, next.clone())?;
        text = next;
    };
    if !converged {
        let report = linter.lint_source(path, original.clone())?;
        return Ok(Fixed {
            text: original.clone(),
            original,
            applied: 0,
            rounds,
            converged,
            report,
        });
    }
    Ok(Fixed {
        original,
        text,
        applied,
        rounds,
        converged,
        report,
    })
}

/// Lint and fix `source`, which claims to be at `path` (the language server's "fix all").
pub fn fix_source(
    linter: &Linter,
    path: &Path,
    source: String,
    only: &[String],
) -> Result<Fixed, FileError> {
    let first = linter.lint_source(path, source.clone())?;
    fix_linted(linter, path, source, first, only)
}

/// The language server's code action kind for "fix all" (editors run it on save with
/// `"editor.codeActionsOnSave": {"source.fixAll.contentlint": "explicit"}`).
pub const FIX_ALL_KIND: &str = "source.fixAll.contentlint";

/// The `source.fixAll.contentlint` action for a document: every safe fix, as `check --fix`
/// applies them, as one edit of the whole text. `None` when the client asked only for other
/// kinds, when nothing is fixable, or when the fixes do not settle.
pub fn fix_all_action(
    linter: &Linter,
    uri: &ls_types::Uri,
    path: &Path,
    text: &str,
    only: Option<&[ls_types::CodeActionKind]>,
) -> Option<ls_types::CodeActionOrCommand> {
    use ls_types::{CodeAction, CodeActionKind, Position, Range, TextEdit, WorkspaceEdit};
    // `source`, `source.fixAll` and the kind itself ask for it; no `only` is the menu.
    let wanted = only.is_none_or(|kinds| {
        kinds.iter().any(|k| {
            let k = k.as_str();
            FIX_ALL_KIND == k || FIX_ALL_KIND.starts_with(&format!("{k}."))
        })
    });
    if !wanted {
        return None;
    }
    // A bug in a rule must not end the editor's session (as when publishing diagnostics).
    let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fix_source(linter, path, text.to_string(), &[])
    }))
    .ok()?
    .ok()?;
    if !fixed.converged || fixed.text == text {
        return None;
    }
    let end = crate::lsp::lsp_position(text, text.len());
    let edit = TextEdit {
        range: Range::new(Position::new(0, 0), end),
        new_text: fixed.text,
    };
    Some(ls_types::CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("contentlint: apply {} safe fixes", fixed.applied),
        kind: Some(CodeActionKind::from(FIX_ALL_KIND.to_string())),
        edit: Some(WorkspaceEdit {
            changes: Some(std::collections::HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }))
}

/// What `check` does with fixes.
#[derive(Debug, Clone)]
pub struct FixMode {
    /// `--diff`: print a unified diff, write nothing.
    pub diff: bool,
    /// `--fix-only`: rules or groups whose fixes apply (empty: all).
    pub only: Vec<String>,
    /// The input is standard input: the fixed text is printed.
    pub stdin: bool,
}

/// A file of `check --fix`/`--diff` as the run reports it.
pub struct FileFix {
    /// The report of the text now on disk (or that would be, with `--diff`; or printed, for
    /// standard input).
    pub report: FileReport,
    /// What to print instead of the report: the diff, or the fixed standard input.
    pub output: Option<Vec<u8>>,
    /// A line for stderr: what was fixed, or why nothing was written.
    pub note: Option<String>,
}

impl FixMode {
    /// The mode of `check`'s flags for `inputs`: `None` without `--fix` or `--diff`.
    /// `--fix-only` names rules or groups (a typo is an error with a suggestion); standard
    /// input is fixed only on its own (its fixed text is the output).
    pub fn for_check(
        linter: &Linter,
        inputs: &[Input],
        fix: bool,
        diff: bool,
        only: &[String],
    ) -> Result<Option<FixMode>, String> {
        if !fix && !diff {
            if !only.is_empty() {
                return Err("--fix-only works with --fix or --diff".into());
            }
            return Ok(None);
        }
        let stdin = inputs.iter().any(|i| matches!(i, Input::Stdin(_)));
        if stdin && inputs.len() > 1 {
            return Err(
                "with --fix or --diff, standard input must be the only input (its fixed text \
                 is printed)"
                    .into(),
            );
        }
        if !only.is_empty() {
            let config = match inputs.first() {
                Some(input) => linter.config_for(input.path()),
                None => linter.config_for(Path::new("./contentlint.md")),
            }
            .map_err(|e| e.to_string())?;
            let rules: std::sync::Arc<RuleSet> =
                linter.rule_set(&config).map_err(|e| e.to_string())?;
            for name in only {
                if !rules.knows(name) {
                    return Err(unknown_rule("--fix-only", name, &rules.known_names()));
                }
            }
        }
        Ok(Some(FixMode {
            diff,
            only: only.to_vec(),
            stdin,
        }))
    }

    /// Whether the output is text (a diff, or the fixed standard input) rather than a report:
    /// then the run's summary goes to stderr.
    pub fn prints_text(&self) -> bool {
        self.diff || self.stdin
    }

    /// Fix one input that `check` linted as `first`: write it (atomically), or make its
    /// diff, or (standard input) the fixed text to print.
    pub fn fix_input(
        &self,
        linter: &Linter,
        input: &Input,
        first: FileReport,
    ) -> Result<FileFix, FileError> {
        let shown = input.display();
        let path = input.path();
        let (original, first) = match input {
            // The text as linted (lone CRs made LFs, byte for byte) ends lines like the
            // file; the fixes go into the file's own bytes.
            Input::Stdin(_) => (first.source.to_string(), first),
            Input::File(p) => {
                let original = crate::engine::read_article_limited(p, linter.max_file_size())?;
                if *first.source == *original {
                    (original, first)
                } else {
                    let again = linter.lint_source(path, original.clone())?;
                    (original, again)
                }
            }
        };
        let fixed = fix_linted(linter, path, original, first, &self.only)?;
        let changed = fixed.text != fixed.original;
        let note = if !fixed.converged {
            Some(format!(
                "{shown}: the fixes did not settle in {MAX_ROUNDS} rounds (they overlap or undo \
                 each other); nothing written, fix it by hand or with --fix-only"
            ))
        } else if changed {
            let rounds = match fixed.rounds {
                1 => String::new(),
                n => format!(" in {n} rounds"),
            };
            Some(format!(
                "{shown}: {} {} fix{}{rounds}",
                if self.diff { "would apply" } else { "applied" },
                fixed.applied,
                if fixed.applied == 1 { "" } else { "es" },
            ))
        } else {
            None
        };
        let output = match input {
            Input::Stdin(_) => Some(fixed.text.clone().into_bytes()),
            Input::File(_) if self.diff => Some(
                crate::regenerate::write::unified_diff(
                    &fixed.original,
                    &fixed.text,
                    &shown,
                    &shown,
                )
                .into_bytes(),
            ),
            Input::File(p) => {
                if changed {
                    write_fixed(p, &fixed.original, &fixed.text, linter.max_file_size())
                        .map_err(|message| FileError::new(&shown, None, message))?;
                }
                None
            }
        };
        Ok(FileFix {
            report: fixed.report,
            output,
            note,
        })
    }
}

/// Write the fixed text over `path`, atomically, unless the file changed since it was read
/// (an editor saved it meanwhile: writing would lose that edit).
fn write_fixed(path: &Path, original: &str, text: &str, max: u64) -> Result<(), String> {
    let now = crate::engine::read_article_limited(path, max).map_err(|e| e.message)?;
    if now != original {
        return Err("the file changed while it was being fixed; nothing written, run again".into());
    }
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        crate::write::clean_stale_temps(dir);
    }
    crate::write::write_file(path, text.as_bytes(), None)
        .map_err(|e| format!("cannot write the fixes: {}", e.reason()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn linter() -> Linter {
        Linter::with_config(Config::default())
    }

    fn fix(range: std::ops::Range<usize>, replacement: &str) -> Fix {
        Fix {
            range,
            replacement: replacement.into(),
        }
    }

    #[test]
    fn overlapping_and_same_place_fixes_wait_for_the_next_round() {
        let a = fix(0..4, "x");
        let b = fix(2..6, "y");
        let c = fix(6..6, "!");
        let d = fix(6..6, "?");
        let e = fix(8..9, "z");
        let text = "0123456789";
        let mut report = linter()
            .lint_source("x.md".as_ref(), "# T\n".into())
            .unwrap();
        report.findings.clear();
        for f in [&e, &d, &c, &b, &a] {
            let mut finding = crate::report::ReportedFinding {
                rule: "r/x".into(),
                severity: crate::finding::Severity::Info,
                dimension: crate::finding::Dimension::Clarity,
                message: String::new(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                offset: 0,
                length: 0,
                help: None,
                fix: None,
                cost: 0.0,
                fingerprint: String::new(),
            };
            finding.fix = Some(f.clone());
            report.findings.push(finding);
        }
        let kept = round_fixes(&report, text, &[]);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(apply(text, &kept), "x45?67z9");
        assert!(round_fixes(&report, text, &["other".into()]).is_empty());
    }

    #[test]
    fn a_demoted_h1_and_its_sub_heading_are_fixed_in_two_rounds() {
        let fixed = fix_source(
            &linter(),
            Path::new("post.md"),
            "# A\n\nText.\n\n# B\n\nText.\n\n### C\n\nText.\n".into(),
            &[],
        )
        .unwrap();
        assert!(
            fixed.text.contains("\n## B\n") && fixed.text.contains("\n### C\n"),
            "{}",
            fixed.text
        );
        // The sub-heading's fix was computed against the H1 and is not needed once B is an H2.
        assert!(fixed.converged && fixed.applied == 1, "{fixed:?}");
    }

    #[test]
    fn fixes_outside_the_text_or_inside_a_character_are_skipped() {
        let mut report = linter()
            .lint_source("x.md".as_ref(), "# T\n".into())
            .unwrap();
        let template = report.findings[0].clone();
        report.findings.clear();
        for f in [fix(0..99, "x"), fix(1..2, "x"), fix(0..1, "é")] {
            let mut finding = template.clone();
            finding.fix = Some(f);
            report.findings.push(finding);
        }
        assert!(round_fixes(&report, "é", &[]).is_empty());
    }

    #[test]
    fn headings_and_phrases_are_fixed_and_a_second_run_changes_nothing() {
        let text = "# Title\n\n# Second title\n\n### Deep\n\nSome text in order to show it.\n";
        let fixed = fix_source(&linter(), "x.md".as_ref(), text.into(), &[]).unwrap();
        assert!(fixed.converged);
        assert_eq!(
            fixed.text,
            "# Title\n\n## Second title\n\n### Deep\n\nSome text to show it.\n"
        );
        let again = fix_source(&linter(), "x.md".as_ref(), fixed.text.clone(), &[]).unwrap();
        assert_eq!(again.text, fixed.text);
        assert_eq!(again.applied, 0);
    }

    #[test]
    fn fixes_that_undo_each_other_do_not_converge_and_leave_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let rule = |id: &str, from: &str, to: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nkind = \"substitution\"\ndimension = \"clarity\"\n\
                 severity = \"info\"\nsummary = \"s\"\ndoc = \"d\"\nmessage = \"m\"\n\
                 swap = {{ \"{from}\" = \"{to}\" }}\n\
                 examples = {{ fire = [\"a {from} b\"], pass = [\"x\"] }}\n"
            )
        };
        let pack = format!(
            "[pack]\nname = \"cycle\"\n\n{}\n{}",
            rule("t/forth", "alpha", "beta"),
            rule("t/back", "beta", "alpha")
        );
        std::fs::write(dir.path().join("cycle.toml"), pack).unwrap();
        let config = Config::from_toml_str(
            &format!("[packs]\ndirs = [{:?}]\n", dir.path().display().to_string()),
            None,
        )
        .unwrap();
        let linter = Linter::with_config(config);
        let text = "# T\n\nThe alpha test.\n";
        let fixed = fix_source(&linter, "x.md".as_ref(), text.into(), &[]).unwrap();
        assert!(!fixed.converged);
        assert_eq!(fixed.text, text);
        assert_eq!(fixed.applied, 0);
        // One rule alone settles after one round.
        let only = fix_source(&linter, "x.md".as_ref(), text.into(), &["t/forth".into()]).unwrap();
        assert!(only.converged);
        assert_eq!(only.text, "# T\n\nThe beta test.\n");
    }

    #[test]
    fn fix_all_action_replaces_the_document_when_asked_for_its_kind() {
        use ls_types::CodeActionKind;
        let uri: ls_types::Uri = "file:///tmp/x.md".parse().unwrap();
        let text = "# T\n\n### Deep\n\nWe did it in order to win.\n";
        let path = Path::new("x.md");
        let kinds = |k: &str| vec![CodeActionKind::from(k.to_string())];
        for asked in [None, Some(kinds("source")), Some(kinds("source.fixAll"))] {
            let action = fix_all_action(&linter(), &uri, path, text, asked.as_deref());
            let Some(ls_types::CodeActionOrCommand::CodeAction(action)) = action else {
                panic!("offered for {asked:?}")
            };
            assert_eq!(action.kind.unwrap().as_str(), FIX_ALL_KIND);
            let edits = &action.edit.unwrap().changes.unwrap()[&uri];
            assert_eq!(edits[0].new_text, "# T\n\n## Deep\n\nWe did it to win.\n");
            assert_eq!(edits[0].range.end, ls_types::Position::new(5, 0));
        }
        let quickfix = kinds("quickfix");
        assert!(fix_all_action(&linter(), &uri, path, text, Some(&quickfix)).is_none());
        let clean = "# T\n\nWe did it to win.\n";
        assert!(fix_all_action(&linter(), &uri, path, clean, None).is_none());
    }
}
