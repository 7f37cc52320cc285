//! Inline suppressions: comments in the article that switch rules off for a line, a range or
//! the whole file, and the front matter's `contentlint: { disable: [...] }`.
//!
//! ```markdown
//! <!-- contentlint-disable claims/unsourced-statistic -- quoted from the vendor -->
//! ...
//! <!-- contentlint-enable claims/unsourced-statistic -->
//! <!-- contentlint-disable-next-line style -- a product name -->
//! <!-- contentlint-disable-file seo/text-length -->
//! ```
//!
//! Directives are read from the parsed [`Document`]: its HTML (and MDX) comment spans, which
//! the parse never takes from code, so a directive shown in a fenced block or a code span is an
//! example, not a directive. [`apply`] runs in the engine right after the rules, before the
//! scores: a suppressed finding is moved to the report's `suppressed` list and costs nothing.
//! What a directive did wrong (it suppressed nothing, names no rule, tries to silence a hard
//! gate, or lacks a required reason) is reported as `meta/unused-suppression`
//! (`src/rules/meta/unused_suppression.rs`), emitted here with that rule's metadata.

use crate::config::Config;
use crate::document::{BlockKind, Document, SyntaxKind};
use crate::engine::{RuleSet, matches_pattern, unknown_rule};
use crate::finding::{Finding, Severity};
use crate::report::ReportedFinding;
use crate::rules::meta::UnusedSuppression;
use crate::rules::{Rule, RuleMeta};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::ops::Range;

/// The id of the rule that reports what is wrong with a directive.
pub const META_RULE: &str = "meta/unused-suppression";

/// `[suppressions]` in contentlint.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SuppressionsConfig {
    /// Whether a directive may suppress a hard gate (`[brief] hard_gates`). Off by default: a
    /// gate is the brief's requirement, not a style preference.
    pub allow_gates: bool,
    /// Whether a directive needs a reason (`-- why`); one without is then not honoured
    /// (`check --require-reason` sets it too).
    pub require_reason: bool,
}

/// The form of a suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveKind {
    /// `contentlint-disable`: from the comment to the matching `contentlint-enable` (or the end).
    Disable,
    /// `contentlint-enable`: ends a `contentlint-disable`.
    Enable,
    /// `contentlint-disable-next-line`: the next non-blank line, and the block it starts.
    DisableNextLine,
    /// `contentlint-disable-file`: the whole file, wherever the comment is.
    DisableFile,
    /// Front matter `contentlint: { disable: [...] }`: the whole file.
    FrontMatter,
}

impl DirectiveKind {
    /// The directive's keyword as written in a comment.
    pub fn keyword(self) -> &'static str {
        match self {
            DirectiveKind::Disable => "contentlint-disable",
            DirectiveKind::Enable => "contentlint-enable",
            DirectiveKind::DisableNextLine => "contentlint-disable-next-line",
            DirectiveKind::DisableFile => "contentlint-disable-file",
            DirectiveKind::FrontMatter => "front matter `contentlint: { disable }`",
        }
    }
}

/// The comment keywords, longest first (so that `-disable-next-line` is not read as `-disable`).
const KEYWORDS: [(&str, DirectiveKind); 4] = [
    (
        "contentlint-disable-next-line",
        DirectiveKind::DisableNextLine,
    ),
    ("contentlint-disable-file", DirectiveKind::DisableFile),
    ("contentlint-disable", DirectiveKind::Disable),
    ("contentlint-enable", DirectiveKind::Enable),
];

/// One suppression as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids or groups as written; empty means every rule.
    pub names: Vec<String>,
    /// The text after ` -- `, if any.
    pub reason: Option<String>,
    /// The comment (or the front matter's `contentlint` key) in the source.
    pub range: Range<usize>,
    /// `DisableNextLine`: the line (and block) it covers; `None` at the end of the file.
    pub target: Option<Range<usize>>,
}

impl Directive {
    /// Whether the directive names `id` (or names no rule, so every one).
    fn name_for(&self, id: &str) -> Option<Option<usize>> {
        if self.names.is_empty() {
            return Some(None);
        }
        self.names
            .iter()
            .position(|n| matches_pattern(id, n))
            .map(Some)
    }
}

/// A comment that starts like a directive but is none (`contentlint-disabel`), or front matter
/// `contentlint` that cannot be read: reported, never silently ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Every directive of a document, in source order, and what could not be read as one.
#[derive(Debug, Default)]
pub struct Directives {
    pub directives: Vec<Directive>,
    pub malformed: Vec<Malformed>,
}

/// Reads the directives of `doc`: its comment spans (never code) and its front matter.
pub fn directives(doc: &Document) -> Directives {
    let mut out = Directives::default();
    if let Some(fm) = front_matter_directive(doc) {
        match fm {
            Ok(d) => out.directives.push(d),
            Err(m) => out.malformed.push(m),
        }
    }
    for span in doc.syntax.iter().filter(|s| s.kind == SyntaxKind::Comment) {
        let text = &doc.source[span.range.clone()];
        let inner = if let Some(t) = text.strip_prefix("<!--") {
            t.strip_suffix("-->").unwrap_or(t)
        } else if let Some(t) = text.strip_prefix("{/*") {
            t.strip_suffix("*/}").unwrap_or(t)
        } else {
            continue;
        };
        let inner = inner.trim();
        if !inner.starts_with("contentlint-") {
            continue;
        }
        match parse_comment(inner) {
            Ok((kind, names, reason)) => {
                let target = (kind == DirectiveKind::DisableNextLine)
                    .then(|| next_line_target(doc, span.range.end))
                    .flatten();
                out.directives.push(Directive {
                    kind,
                    names,
                    reason,
                    range: span.range.clone(),
                    target,
                });
            }
            Err(message) => out.malformed.push(Malformed {
                range: span.range.clone(),
                message,
                help: "The directives are contentlint-disable, contentlint-enable, \
                       contentlint-disable-next-line and contentlint-disable-file, each \
                       followed by rule ids or groups (none: every rule) and an optional \
                       reason after ` -- `"
                    .into(),
            }),
        }
    }
    out
}

/// `contentlint-disable-next-line a/b, c -- why` -> the kind, the names and the reason.
fn parse_comment(inner: &str) -> Result<(DirectiveKind, Vec<String>, Option<String>), String> {
    let word_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let word = &inner[..word_end];
    let Some(&(_, kind)) = KEYWORDS.iter().find(|(k, _)| *k == word) else {
        let closest = KEYWORDS
            .iter()
            .map(|(k, _)| *k)
            .min_by_key(|k| crate::engine::levenshtein(word, k))
            .unwrap_or("contentlint-disable");
        return Err(format!(
            "`{word}` is not a suppression directive; did you mean `{closest}`?"
        ));
    };
    let rest = &inner[word_end..];
    let (list, reason) = match reason_split(rest) {
        Some(at) => (&rest[..at], Some(rest[at + 2..].trim())),
        None => (rest, None),
    };
    let names = list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let reason = reason.filter(|r| !r.is_empty()).map(str::to_string);
    Ok((kind, names, reason))
}

/// The byte offset of the ` -- ` that starts a reason: `--` at the start or after whitespace,
/// and at the end or before whitespace (a rule id never holds such a `--`).
fn reason_split(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    rest.match_indices("--").map(|(at, _)| at).find(|&at| {
        (at == 0 || b[at - 1].is_ascii_whitespace())
            && b.get(at + 2).is_none_or(|c| c.is_ascii_whitespace())
    })
}

/// What `contentlint-disable-next-line` ending at `after` covers: the next non-blank line,
/// extended to the end of every heading, prose block or code block that starts on it (so a
/// whole paragraph, list item or fenced block), and of a whole table when a table starts there.
pub fn next_line_target(doc: &Document, after: usize) -> Option<Range<usize>> {
    let source = &doc.source;
    let mut at = source[after..].find('\n').map(|i| after + i + 1)?;
    loop {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        if !source[at..line_end].trim().is_empty() {
            break;
        }
        if line_end >= source.len() {
            return None;
        }
        at = line_end + 1;
    }
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let on_line = |r: &Range<usize>| r.start >= at && r.start <= line_end;
    let mut end = line_end;
    for h in doc.headings.iter().filter(|h| on_line(&h.range)) {
        end = end.max(h.range.end);
    }
    for c in doc.code_blocks.iter().filter(|c| on_line(&c.range)) {
        end = end.max(c.range.end);
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        let range = block.range();
        if !on_line(&range) {
            continue;
        }
        end = end.max(range.end);
        if block.kind == BlockKind::TableCell {
            end = end.max(table_end(doc, i));
        }
    }
    // To the end of the last line covered (a table row's closing pipe, say).
    let end = source[end..].find('\n').map_or(source.len(), |i| end + i);
    Some(at..end)
}

/// The end of the table whose cell is block `i`: the cells that follow it with no blank line
/// between them.
fn table_end(doc: &Document, i: usize) -> usize {
    let mut end = doc.blocks[i].range().end;
    for next in &doc.blocks[i + 1..] {
        let range = next.range();
        let gap = doc.source.get(end..range.start).unwrap_or("");
        if next.kind != BlockKind::TableCell || gap.contains("\n\n") || gap.contains("\n\r\n") {
            break;
        }
        end = end.max(range.end);
    }
    end
}

/// The front matter's `contentlint: { disable: [RULE, ...], reason: "..." }` (YAML or TOML).
fn front_matter_directive(doc: &Document) -> Option<Result<Directive, Malformed>> {
    let value = doc.front_matter.field("contentlint")?;
    let range = front_matter_key(doc).unwrap_or_else(|| doc.front_matter.range.clone());
    let malformed = |message: String| Malformed {
        range: range.clone(),
        message,
        help: "Write it as `contentlint: { disable: [rule/id, group], reason: \"why\" }` \
               (TOML: `[contentlint]` with `disable = [...]`)"
            .into(),
    };
    let Value::Object(map) = value else {
        return Some(Err(malformed(
            "front matter `contentlint` is not a mapping".into(),
        )));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "disable" | "reason"))
    {
        return Some(Err(malformed(format!(
            "front matter `contentlint` has an unknown key `{key}`; the keys are `disable` \
             and `reason`"
        ))));
    }
    let names = match map.get("disable") {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => {
            let mut names = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => names.push(s.trim().to_string()),
                    other => {
                        return Some(Err(malformed(format!(
                            "front matter `contentlint.disable` holds {other}, not a rule id"
                        ))));
                    }
                }
            }
            names
        }
        None => {
            return Some(Err(malformed(
                "front matter `contentlint` has no `disable` list".into(),
            )));
        }
        Some(other) => {
            return Some(Err(malformed(format!(
                "front matter `contentlint.disable` is {other}, not a list of rule ids"
            ))));
        }
    };
    let reason = match map.get("reason") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    Some(Ok(Directive {
        kind: DirectiveKind::FrontMatter,
        // An empty list disables nothing; an empty name would disable everything.
        names: names.into_iter().filter(|n| !n.is_empty()).collect(),
        reason,
        range,
        target: None,
    }))
}

/// The line of the `contentlint` key in the front matter (`contentlint:`, `contentlint =`,
/// or a TOML `[contentlint]` table).
fn front_matter_key(doc: &Document) -> Option<Range<usize>> {
    let fm_range = doc.front_matter.range.clone();
    let fm = doc.source.get(fm_range.clone())?;
    let mut at = fm_range.start;
    for line in fm.split_inclusive('\n') {
        let trimmed = line.trim();
        let hit = trimmed.starts_with("[contentlint]")
            || trimmed
                .strip_prefix("contentlint")
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']));
        if hit {
            let start = at + (line.len() - line.trim_start().len());
            return Some(start..at + line.trim_end().len());
        }
        at += line.len();
    }
    None
}

/// A finding the article's suppressions took out of the report, with the directive that did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SuppressedFinding {
    #[serde(flatten)]
    pub finding: ReportedFinding,
    pub suppressed_by: SuppressedBy,
}

/// The directive that suppressed a finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SuppressedBy {
    pub directive: DirectiveKind,
    /// 1-based line of the comment (or of the front matter's `contentlint` key).
    pub line: usize,
    pub reason: Option<String>,
}

/// A finding taken out by a directive (before it is reported).
#[derive(Debug, Clone)]
pub struct Suppression {
    pub finding: Finding,
    pub by: SuppressedBy,
}

/// What the suppression step needs from the engine.
pub struct Step<'a> {
    pub config: &'a Config,
    pub rule_set: &'a RuleSet,
    /// Whether a rule with this id ran on the document (an unused suppression of a rule that
    /// is off or not selected proves nothing).
    pub ran: &'a dyn Fn(&str) -> bool,
    /// `check --require-reason` (or-ed with `[suppressions] require_reason`).
    pub require_reason: bool,
    /// The severity `meta/unused-suppression` runs at; `None`: it is off.
    pub meta_severity: Option<Severity>,
}

/// Per directive, per name (or the one "every rule" slot): what it did.
#[derive(Clone, Default)]
struct Use {
    /// It suppressed at least one finding.
    used: bool,
    /// The hard gates it would have suppressed, were that allowed.
    refused_gates: Vec<String>,
}

/// Applies the document's suppressions to `findings` (sorted, as the rules left them): the
/// suppressed ones are removed and returned; findings about the directives themselves are
/// added (in order) when `meta/unused-suppression` is on.
pub fn apply(doc: &Document, step: &Step<'_>, findings: &mut Vec<Finding>) -> Vec<Suppression> {
    let found = directives(doc);
    if found.directives.is_empty() && found.malformed.is_empty() {
        return Vec::new();
    }
    let allow_gates = step.config.suppressions.allow_gates;
    let require_reason = step.require_reason || step.config.suppressions.require_reason;
    let all = &found.directives;
    // Names that no rule or group has: reported, and they match nothing anyway.
    let known: Vec<Vec<bool>> = all
        .iter()
        .map(|d| d.names.iter().map(|n| step.rule_set.knows(n)).collect())
        .collect();
    // A directive without a reason where one is required is not honoured.
    let honoured: Vec<bool> = all
        .iter()
        .map(|d| d.kind == DirectiveKind::Enable || !require_reason || d.reason.is_some())
        .collect();
    let mut uses: Vec<Vec<Use>> = all
        .iter()
        .map(|d| vec![Use::default(); d.names.len().max(1)])
        .collect();
    // The range directives in source order, for the replay that decides a finding's state.
    let ranged: Vec<usize> = (0..all.len())
        .filter(|&i| matches!(all[i].kind, DirectiveKind::Disable | DirectiveKind::Enable))
        .filter(|&i| honoured[i])
        .collect();
    let mut suppressed = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let id = finding.rule.as_ref();
        let at = finding.range.start;
        let applies = |i: usize| -> Option<usize> {
            let d = &all[i];
            let slot = d.name_for(id)?;
            Some(slot.unwrap_or(0))
        };
        // The most specific directive wins the credit: next line, then range, then file.
        let next_line = (0..all.len()).find_map(|i| {
            let d = &all[i];
            (honoured[i]
                && d.kind == DirectiveKind::DisableNextLine
                && d.target.as_ref().is_some_and(|t| t.contains(&at)))
            .then(|| applies(i).map(|s| (i, s)))
            .flatten()
        });
        let ranged_hit = || {
            let before = ranged.partition_point(|&i| all[i].range.end <= at);
            ranged[..before].iter().rev().find_map(|&i| {
                applies(i).map(|s| (all[i].kind == DirectiveKind::Disable).then_some((i, s)))
            })?
        };
        let file_hit = || {
            (0..all.len()).find_map(|i| {
                (honoured[i]
                    && matches!(
                        all[i].kind,
                        DirectiveKind::DisableFile | DirectiveKind::FrontMatter
                    ))
                .then(|| applies(i).map(|s| (i, s)))
                .flatten()
            })
        };
        let Some((i, slot)) = next_line.or_else(ranged_hit).or_else(file_hit) else {
            kept.push(finding);
            continue;
        };
        if !allow_gates && crate::score::is_gate(step.config, &finding) {
            let refused = &mut uses[i][slot].refused_gates;
            if !refused.iter().any(|g| g == id) {
                refused.push(id.to_string());
            }
            kept.push(finding);
            continue;
        }
        uses[i][slot].used = true;
        let d = &all[i];
        suppressed.push(Suppression {
            finding,
            by: SuppressedBy {
                directive: d.kind,
                line: doc.position(d.range.start).line,
                reason: d.reason.clone(),
            },
        });
    }
    *findings = kept;
    if let Some(severity) = step.meta_severity {
        let mut meta = report_directives(doc, step, &found, &known, &honoured, &uses);
        for f in &mut meta {
            f.severity = severity;
        }
        if !meta.is_empty() {
            findings.extend(meta);
            findings.sort_by(|a, b| (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule)));
        }
    }
    suppressed
}

/// The suppressed findings as the report lists them (position, fingerprint, directive).
pub fn reported(doc: &Document, shown: &str, list: Vec<Suppression>) -> Vec<SuppressedFinding> {
    if list.is_empty() {
        return Vec::new();
    }
    let (findings, by): (Vec<Finding>, Vec<SuppressedBy>) =
        list.into_iter().map(|s| (s.finding, s.by)).unzip();
    let prints = crate::fingerprint::fingerprints(doc, shown, &findings);
    findings
        .iter()
        .zip(prints)
        .zip(by)
        .map(|((f, print), suppressed_by)| SuppressedFinding {
            finding: ReportedFinding::new(doc, f, print),
            suppressed_by,
        })
        .collect()
}

/// The findings of `meta/unused-suppression` about the directives of a document.
fn report_directives(
    doc: &Document,
    step: &Step<'_>,
    found: &Directives,
    known: &[Vec<bool>],
    honoured: &[bool],
    uses: &[Vec<Use>],
) -> Vec<Finding> {
    let meta: &RuleMeta = UnusedSuppression.meta();
    let mut out = Vec::new();
    for m in &found.malformed {
        out.push(
            meta.finding(m.range.clone(), m.message.clone())
                .with_help(m.help.clone()),
        );
    }
    let unclosed = unused_enables(&found.directives, honoured);
    for (i, d) in found.directives.iter().enumerate() {
        let keyword = d.kind.keyword();
        let line = doc.position(d.range.start).line;
        for (n, name) in d.names.iter().enumerate() {
            if !known[i][n] {
                let names = step.rule_set.known_names();
                out.push(
                    meta.finding(d.range.clone(), unknown_rule(keyword, name, &names))
                        .with_help("A misspelt name suppresses nothing; correct or remove it"),
                );
            }
        }
        if !honoured[i] {
            out.push(
                meta.finding(
                    d.range.clone(),
                    format!(
                        "{keyword} on line {line} gives no reason, and reasons are required \
                         (--require-reason or [suppressions] require_reason), so it suppresses \
                         nothing"
                    ),
                )
                .with_help(
                    "Say why after ` -- `, e.g. <!-- contentlint-disable-next-line RULE -- \
                     quoted from the source -->",
                ),
            );
            continue;
        }
        if d.kind == DirectiveKind::Enable {
            // Unknown names are reported above already.
            let known_or_all =
                |n: &&Option<String>| n.as_ref().is_none_or(|n| step.rule_set.knows(n));
            for name in unclosed[i].iter().filter(known_or_all) {
                let what = name
                    .as_deref()
                    .map_or("every rule".into(), |n| format!("`{n}`"));
                out.push(
                    meta.finding(
                        d.range.clone(),
                        format!("{keyword} of {what} enables nothing: no contentlint-disable of it is open here"),
                    )
                    .with_help("Remove it, or the contentlint-disable it was meant to end is misspelt"),
                );
            }
            continue;
        }
        for (slot, used) in uses[i].iter().enumerate() {
            let name = d.names.get(slot);
            for gate in &used.refused_gates {
                out.push(
                    meta.finding(
                        d.range.clone(),
                        format!(
                            "{keyword} cannot suppress `{gate}` (a hard gate): hard gates stay \
                             unless [suppressions] allow_gates = true"
                        ),
                    )
                    .with_help(
                        "Fix the article, or allow gate suppressions in contentlint.toml: \
                         [suppressions] allow_gates = true",
                    ),
                );
            }
            match used {
                Use { used: true, .. } => {}
                Use { refused_gates, .. } if !refused_gates.is_empty() => {}
                Use { .. } => {
                    let Some(name) = name else {
                        out.push(
                            meta.finding(
                                d.range.clone(),
                                format!(
                                    "{keyword} suppresses nothing: no finding where it applies"
                                ),
                            )
                            .with_help("Remove it; nothing needs suppressing here any more"),
                        );
                        continue;
                    };
                    // Unknown names are reported above; a rule that did not run (off, not
                    // selected, another tone's) might have fired, so it proves nothing.
                    if !known[i][slot]
                        || !step.rule_set.rules.iter().any(|r| {
                            let id = r.meta().id.as_ref();
                            matches_pattern(id, name) && (step.ran)(id)
                        })
                    {
                        continue;
                    }
                    out.push(
                        meta.finding(
                            d.range.clone(),
                            format!(
                                "{keyword} of `{name}` suppresses nothing: it has no finding \
                                 where the directive applies"
                            ),
                        )
                        .with_help(format!(
                            "Remove `{name}` from it; nothing needs suppressing here any more"
                        )),
                    );
                }
            }
        }
    }
    out
}

/// For each `contentlint-enable`, the names (`None`: every rule) it enables while nothing of
/// them is disabled by an open `contentlint-disable`. Empty for other directives.
fn unused_enables(all: &[Directive], honoured: &[bool]) -> Vec<Vec<Option<String>>> {
    let mut out = vec![Vec::new(); all.len()];
    // Open disables: `None` for one of every rule.
    let mut open: Vec<Option<String>> = Vec::new();
    let overlap = |a: &str, b: &str| matches_pattern(a, b) || matches_pattern(b, a);
    for (i, d) in all.iter().enumerate() {
        if !honoured[i] {
            continue;
        }
        match d.kind {
            DirectiveKind::Disable if d.names.is_empty() => open.push(None),
            DirectiveKind::Disable => open.extend(d.names.iter().cloned().map(Some)),
            DirectiveKind::Enable if d.names.is_empty() => {
                if open.is_empty() {
                    out[i].push(None);
                }
                open.clear();
            }
            DirectiveKind::Enable => {
                let every = open.iter().any(Option::is_none);
                for name in &d.names {
                    let before = open.len();
                    open.retain(|o| o.as_deref().is_none_or(|o| !overlap(o, name)));
                    if open.len() == before && !every {
                        out[i].push(Some(name.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The edit that suppresses a finding of rule `rule` at byte range `range`: where to insert
/// which comment. A `contentlint-disable-next-line` goes on its own line above the block holding
/// the finding (the first line of a paragraph or a table, the item of a list), so the block's
/// rendering is not split. A finding in the front matter, or a whole-article one (pointed at
/// the body's first line, [`Document::start_range`]), gets a `contentlint-disable-file` comment
/// at the start of the body instead.
pub fn disable_comment_edit(
    doc: &Document,
    range: Range<usize>,
    rule: &str,
) -> (usize, String, DirectiveKind) {
    let source = &doc.source;
    let offset = range.start;
    if offset < doc.body_start || range == doc.start_range() {
        let at = doc.body_start.min(source.len());
        let newline = if at > 0 && !source[..at].ends_with('\n') {
            "\n"
        } else {
            ""
        };
        return (
            at,
            format!("{newline}<!-- contentlint-disable-file {rule} -->\n"),
            DirectiveKind::DisableFile,
        );
    }
    let offset = offset.min(source.len());
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let touches = |r: &Range<usize>| r.start <= line_end && r.end > line_start;
    let mut start = line_start;
    for h in doc.headings.iter().filter(|h| touches(&h.range)) {
        start = start.min(h.range.start);
    }
    for c in doc.code_blocks.iter().filter(|c| touches(&c.range)) {
        start = start.min(c.range.start);
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        if !touches(&block.range()) {
            continue;
        }
        let mut first = i;
        if block.kind == BlockKind::TableCell {
            while first > 0
                && doc.blocks[first - 1].kind == BlockKind::TableCell
                && table_end(doc, first - 1) >= block.range().end
            {
                first -= 1;
            }
        }
        start = start.min(doc.blocks[first].range().start);
    }
    let at = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = &source[at..];
    let prefix_len = line
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(line.len());
    let mut prefix = line[..prefix_len].to_string();
    // Inside a list (not at its start) the comment goes into the item above at the item's
    // content indent, so that it does not end the list.
    let marker = list_marker_width(&line[prefix_len..]);
    let previous_blank = at == 0 || {
        let before = &source[..at - 1];
        let prev_start = before.rfind('\n').map_or(0, |i| i + 1);
        before[prev_start..]
            .trim_matches(|c: char| c.is_whitespace() || c == '>')
            .is_empty()
    };
    if marker > 0 && !previous_blank {
        prefix.push_str(&" ".repeat(marker));
    }
    let crlf = line
        .find('\n')
        .is_some_and(|i| i > 0 && line.as_bytes()[i - 1] == b'\r');
    let eol = if crlf { "\r\n" } else { "\n" };
    (
        at,
        format!("{prefix}<!-- contentlint-disable-next-line {rule} -->{eol}"),
        DirectiveKind::DisableNextLine,
    )
}

/// The width of a list marker and its space at the start of `line` (`- `, `* `, `+ `, `1. `,
/// `1) `), or 0.
fn list_marker_width(line: &str) -> usize {
    let b = line.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return 2;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
    {
        return digits + 2;
    }
    0
}

#[cfg(test)]
mod tests;
