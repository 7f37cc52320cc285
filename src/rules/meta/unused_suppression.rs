use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// A suppression comment (or front matter `contentlint: { disable: [...] }`) that does not
    /// do its job:
    ///
    /// - it suppressed nothing: the rules it names found nothing where it applies (only rules
    ///   that ran count: a directive for a rule that is off or not selected is not reported);
    /// - it names no rule or group (a typo), with the closest known name;
    /// - it is not a directive (`contentlint-disabel`), or the front matter's `contentlint`
    ///   key cannot be read;
    /// - a `contentlint-enable` that ends no open `contentlint-disable`;
    /// - it would silence a hard gate (`[brief] hard_gates`) while `[suppressions] allow_gates`
    ///   is false: the gate stays;
    /// - it gives no reason (` -- why`) while reasons are required (`check --require-reason`
    ///   or `[suppressions] require_reason = true`): it is then not honoured at all.
    ///
    /// The engine reports these after every other rule ran, from the suppression step, so
    /// the rule's own check finds nothing. Select, ignore or re-grade it like any rule; its
    /// findings cost no score. See docs/suppressions.md.
    ///
    /// ### Why
    ///
    /// A stale suppression hides the next real finding on that line, and a misspelt one hides
    /// nothing while looking as if it did (ESLint's `--report-unused-disable-directives`, ruff's
    /// RUF100).
    ///
    /// ### Example
    ///
    /// ```markdown
    /// <!-- contentlint-disable-next-line style/shouting -->
    /// Never commit secrets.
    /// ```
    ///
    /// Nothing on the next line shouts: remove the comment.
    pub UnusedSuppression {
        id: "meta/unused-suppression",
        dimension: WebStructure,
        severity: Warning,
        summary: "A suppression comment that suppresses nothing, names no rule, or is not allowed",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "# T\n\n<!-- contentlint-disable-next-line style/shouting -->\nNever commit secrets.\n",
                "# T\n\n<!-- contentlint-disable-next-line style/shoutin -->\nYou should NEVER commit secrets.\n",
                "# T\n\n<!-- contentlint-enable style/shouting -->\nNever commit secrets.\n",
            ],
            pass: [
                "# T\n\n<!-- contentlint-disable-next-line style/shouting -->\nYou should NEVER commit secrets.\n",
                "# T\n\n```markdown\n<!-- contentlint-disable-next-line style/shouting -->\n```\n\nNever commit secrets.\n",
            ],
        },
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    /// Nothing: the suppression step reports this rule's findings (see the module docs).
    fn check(&self, _doc: &Document, _ctx: &Context) -> Vec<Finding> {
        Vec::new()
    }

    fn reported_by_engine(&self) -> bool {
        true
    }
}
