//! Declarative rules from TOML packs (`rules/*.toml`, embedded in the binary, plus the
//! directories in `[packs] dirs`). Kinds, modelled on Vale's:
//! - `existence`: phrases or regexes that should not appear;
//! - `substitution`: phrase -> preferred phrase (`[rule.swap]`), with a safe fix;
//! - `occurrence`: the number of matches must stay within `min`/`max`.
//!
//! Phrases are matched with aho-corasick at word boundaries (ASCII case-insensitive by default;
//! a straight apostrophe also matches a curly one); regexes use the `regex` crate, which runs
//! in linear time, so no pack can hang the linter. The `regex` crate has no look-around: when a
//! pattern has a capture group, the finding covers group 1 only, so context can be matched
//! without being reported. Every pack rule carries `[rule.examples]` that must fire and must
//! pass; the test suite runs them all.
//!
//! Tone profiles are packs too: a rule with `tones = [...]` runs only for articles of those
//! tones (front matter `tone`, else `[brief] tone`). Two rules may share an id when their tone
//! lists are disjoint: that is how each profile gives `style/exclamation` its own bounds.

use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rule::{Context, Rule, RuleMeta};
use crate::text::memo::TextMemo;
use crate::text::phrases::{PhraseHits, PhraseOptions, PhraseSet, doc_text, doc_text_count};
use crate::text::precheck::required_byte;
use crate::text::quick_regex::QuickRegex;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};

/// The packs built into the binary: (file name under `rules/`, its JSON; see
/// [`crate::embedded`]).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "wordiness.toml",
        crate::embedded_json!("rules/wordiness.toml"),
    ),
    ("filler.toml", crate::embedded_json!("rules/filler.toml")),
    (
        "style-professional.toml",
        crate::embedded_json!("rules/style-professional.toml"),
    ),
    (
        "style-academic.toml",
        crate::embedded_json!("rules/style-academic.toml"),
    ),
    (
        "style-casual.toml",
        crate::embedded_json!("rules/style-casual.toml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackInfo,
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackInfo {
    #[allow(dead_code)]
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    /// Tone profiles for every rule of the pack that sets no `tones` of its own: a profile
    /// pack sets this once.
    #[serde(default)]
    tones: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Existence,
    Substitution,
    Occurrence,
}

/// Where a pack rule looks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Paragraphs, list items, quotes, table cells (not headings, not code).
    #[default]
    Prose,
    Headings,
    /// Prose and headings.
    All,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    kind: Kind,
    dimension: Dimension,
    severity: Severity,
    summary: String,
    doc: String,
    message: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default = "one")]
    weight: f64,
    #[serde(default = "ten")]
    cap: f64,
    #[serde(default = "yes")]
    ignore_case: bool,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    swap: BTreeMap<String, String>,
    #[serde(default)]
    min: Option<usize>,
    #[serde(default)]
    max: Option<usize>,
    #[serde(default)]
    scope: Scope,
    /// Tone profiles this rule applies to (empty: all).
    #[serde(default)]
    tones: Vec<String>,
    examples: Examples,
}

fn one() -> f64 {
    1.0
}
fn ten() -> f64 {
    10.0
}
fn yes() -> bool {
    true
}

/// Texts a rule must fire on, and texts it must not.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub fire: Vec<String>,
    pub pass: Vec<String>,
}

/// A rule loaded from a pack.
pub struct PackRule {
    meta: RuleMeta,
    kind: Kind,
    phrases: Option<PhraseSet>,
    regexes: Vec<QuickRegex>,
    /// Per regex, an ASCII byte every match holds ([`required_byte`]), read on first use: a
    /// text without it is not searched.
    required_bytes: Vec<OnceLock<Option<u8>>>,
    /// The regexes' matches by text, kept across edits in the language server
    /// ([`crate::text::memo`]).
    regex_matches: TextMemo<Vec<(Range<usize>, usize)>>,
    /// Replacement per phrase (substitution).
    replacements: Vec<String>,
    message: String,
    help: Option<String>,
    min: Option<usize>,
    max: Option<usize>,
    scope: Scope,
    tones: Vec<String>,
    pub examples: Examples,
}

/// A match: its range in the file and the index of the phrase (or, past the phrases, regex).
struct Hit {
    range: Range<usize>,
    matched: String,
    pattern: usize,
    /// The source holds exactly the matched text (no markup inside), so a fix is safe.
    verbatim: bool,
}

impl PackRule {
    fn from_spec(spec: RuleSpec, origin: &str, compile: Compile) -> Result<PackRule, String> {
        let err = |m: String| format!("{origin}: rule `{}`: {m}", spec.id);
        if !spec.id.contains('/') {
            return Err(err("ids are `group/name`".into()));
        }
        let (phrases, replacements): (Vec<String>, Vec<String>) = match spec.kind {
            Kind::Substitution => {
                if spec.swap.is_empty() {
                    return Err(err("a substitution rule needs a [rule.swap] table".into()));
                }
                spec.swap.clone().into_iter().unzip()
            }
            _ => (spec.phrases.clone(), Vec::new()),
        };
        if phrases.is_empty() && spec.patterns.is_empty() {
            return Err(err("give `phrases`, `patterns` or `swap`".into()));
        }
        if spec.kind == Kind::Occurrence && spec.min.is_none() && spec.max.is_none() {
            return Err(err("an occurrence rule needs `min` or `max`".into()));
        }
        // Scores are sums of weight x factor capped at `cap`: a negative, NaN or infinite one
        // makes every score of the article meaningless.
        for (key, value) in [("weight", spec.weight), ("cap", spec.cap)] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(err(format!(
                    "{key} = {value} is out of range: it must be a finite number >= 0"
                )));
            }
        }
        // An empty phrase matches between every two characters: thousands of empty findings.
        let list = if spec.kind == Kind::Substitution {
            "swap"
        } else {
            "phrases"
        };
        if let Some((i, p)) = phrases
            .iter()
            .enumerate()
            .find(|(_, p)| p.trim().is_empty())
        {
            return Err(err(format!(
                "{list}[{i}] = {p:?} is empty; every phrase needs at least one visible character"
            )));
        }
        let set = if phrases.is_empty() {
            None
        } else {
            let set = PhraseSet::new(
                &phrases,
                PhraseOptions {
                    ignore_case: spec.ignore_case,
                    ..PhraseOptions::default()
                },
            );
            // A user's list is compiled now, so that a list too large is a load error; a
            // built-in one (tested) on first use.
            if compile == Compile::Now {
                set.build().map_err(|e| {
                    err(format!(
                        "its {} phrases cannot be compiled ({e}); split the list into several rules",
                        set.len()
                    ))
                })?;
            }
            Some(set)
        };
        let regexes = spec
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // A built-in pattern is checked by a test: parsing every one at start-up was
                // a tenth of the CPU of checking one small article.
                if compile == Compile::Now {
                    check_pattern(p, spec.ignore_case)
                        .map_err(|e| err(format!("patterns[{i}] = {p:?}{e}")))?;
                }
                let regex = QuickRegex::new(p.clone(), "built-in pack pattern (tested)")
                    .ignore_case(spec.ignore_case)
                    .size_limit(PATTERN_SIZE_LIMIT);
                if compile == Compile::Now {
                    regex
                        .try_full()
                        .map_err(|e| err(format!("patterns[{i}] = {p:?}: {e}")))?;
                }
                Ok(regex)
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(PackRule {
            meta: RuleMeta {
                id: Cow::Owned(spec.id),
                dimension: spec.dimension,
                severity: spec.severity,
                summary: Cow::Owned(spec.summary),
                doc: Cow::Owned(spec.doc.trim().to_string()),
                weight: spec.weight,
                cap: spec.cap,
            },
            kind: spec.kind,
            phrases: set,
            required_bytes: regexes.iter().map(|_| OnceLock::new()).collect(),
            regexes,
            regex_matches: TextMemo::new(),
            replacements,
            message: spec.message,
            help: spec.help,
            min: spec.min,
            max: spec.max,
            scope: spec.scope,
            tones: spec.tones,
            examples: spec.examples,
        })
    }

    /// Whether this rule runs for articles of `tone` (no `tones`: every tone).
    pub fn applies_to_tone(&self, tone: &str) -> bool {
        self.tones.is_empty() || self.tones.iter().any(|t| t.eq_ignore_ascii_case(tone))
    }

    /// The tone profiles this rule is limited to (empty: all).
    pub fn tones(&self) -> &[String] {
        &self.tones
    }

    /// The phrase list of the rule, if it has one.
    pub fn phrase_set(&self) -> Option<&PhraseSet> {
        self.phrases.as_ref()
    }

    /// Matches in text `i` of `doc` (see [`doc_text`]): (byte range in its plain text,
    /// phrase or pattern index), phrases first, then each regex in order.
    fn text_matches(
        &self,
        doc: &Document,
        phrases: &PhraseHits,
        i: u32,
    ) -> Vec<(Range<usize>, usize)> {
        let plain = doc_text(doc, i).0.text.as_str();
        let mut out: Vec<(Range<usize>, usize)> = match &self.phrases {
            Some(set) => phrases
                .find_all(doc, set, i)
                .into_iter()
                .map(|m| (m.range, m.entry))
                .collect(),
            None => Vec::new(),
        };
        if !self.regexes.is_empty() {
            out.extend(
                self.regex_matches
                    .get_or(plain, || self.regex_matches_in(plain)),
            );
        }
        out
    }

    /// The matches of the rule's regexes in `plain`: (byte range, index past the phrases),
    /// each regex in order.
    fn regex_matches_in(&self, plain: &str) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        // Past the phrases (their replacements): a pattern has no replacement.
        let base = self.replacements.len();
        for (i, re) in self.regexes.iter().enumerate() {
            let required = self.required_bytes[i].get_or_init(|| required_byte(re.as_str()));
            if required.is_some_and(|b| memchr::memchr(b, plain.as_bytes()).is_none()) {
                continue;
            }
            if re.captures_len() > 1 {
                for caps in re.captures_iter(plain) {
                    if let Some(g) = caps.get(1).filter(|g| !g.range().is_empty()) {
                        out.push((g.range(), base + i));
                    }
                }
            } else {
                for m in re.find_iter(plain) {
                    if !m.range().is_empty() {
                        out.push((m.range(), base + i));
                    }
                }
            }
        }
        out
    }

    /// Byte ranges of text `i` of `doc` this rule matches, sorted and merged where they
    /// overlap.
    pub fn match_ranges(&self, doc: &Document, phrases: &PhraseHits, i: u32) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = self
            .text_matches(doc, phrases, i)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    /// The only texts of `doc` (see [`doc_text`]) where this rule can match, when the phrase
    /// scan knows them (a rule with regexes can match anywhere: `None`).
    pub fn texts_to_scan<'h>(&self, doc: &Document, phrases: &'h PhraseHits) -> Option<&'h [u32]> {
        match &self.phrases {
            Some(set) if self.regexes.is_empty() => phrases.texts_for(doc, set),
            _ => None,
        }
    }

    /// Whether this rule looks at prose blocks / headings.
    pub fn scans_blocks(&self) -> bool {
        self.scope != Scope::Headings
    }

    pub fn scans_headings(&self) -> bool {
        self.scope != Scope::Prose
    }

    fn hits(&self, doc: &Document, phrases: &PhraseHits) -> Vec<Hit> {
        let all: Vec<u32>;
        let indices = match self.texts_to_scan(doc, phrases) {
            Some(c) => c,
            None => {
                all = (0..doc_text_count(doc)).collect();
                &all
            }
        };
        let mut hits = Vec::new();
        for &i in indices {
            let text = match doc_text(doc, i) {
                (text, true) if self.scans_blocks() => text,
                (text, false) if self.scans_headings() => text,
                _ => continue,
            };
            let plain = text.text.as_str();
            for (r, pattern) in self.text_matches(doc, phrases, i) {
                let range = text.range_to_source(r.clone());
                let verbatim = doc.source.get(range.clone()) == Some(&plain[r.clone()]);
                hits.push(Hit {
                    range,
                    matched: plain[r].to_string(),
                    pattern,
                    verbatim,
                });
            }
        }
        hits.sort_by_key(|h| h.range.start);
        hits
    }

    /// `template` with its placeholders filled in, in one pass: `{count}`, and where they
    /// have a value `{match}` and `{replacement}` (a hit), `{min}` and `{max}`; other text,
    /// braces included, as written. What is put in is not read again: a matched "{max}"
    /// stays as the text has it. (A replacement per placeholder made a string and searched
    /// the message five times: 2,900 instructions a message, 0.9% of a generated article's.)
    fn render(&self, template: &str, hit: Option<&Hit>, count: usize) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let placeholder = |name: &str| {
                rest.strip_prefix('{')
                    .and_then(|r| r.strip_prefix(name))
                    .and_then(|r| r.strip_prefix('}'))
            };
            // `write!` to a `String` cannot fail.
            let filled = if let Some(r) = placeholder("count") {
                let _ = write!(out, "{count}");
                Some(r)
            } else if let (Some(r), Some(h)) = (placeholder("match"), hit) {
                out.push_str(&h.matched);
                Some(r)
            } else if let (Some(r), Some(h)) = (placeholder("replacement"), hit)
                && let Some(replacement) = self.replacements.get(h.pattern)
            {
                out.push_str(&match_case(&h.matched, replacement));
                Some(r)
            } else if let (Some(r), Some(min)) = (placeholder("min"), self.min) {
                let _ = write!(out, "{min}");
                Some(r)
            } else if let (Some(r), Some(max)) = (placeholder("max"), self.max) {
                let _ = write!(out, "{max}");
                Some(r)
            } else {
                None
            };
            match filled {
                Some(r) => rest = r,
                None => {
                    out.push('{');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn finding(&self, range: Range<usize>, hit: Option<&Hit>, count: usize) -> Finding {
        let mut f = self
            .meta
            .finding(range, self.render(&self.message, hit, count));
        f.help = self.help.as_ref().map(|h| self.render(h, hit, count));
        f
    }
}

impl Rule for PackRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        self.phrases.iter().collect()
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        if !self.applies_to_tone(&ctx.tone) {
            return Vec::new();
        }
        let hits = self.hits(doc, &ctx.phrases);
        match self.kind {
            Kind::Existence => hits
                .iter()
                .map(|h| self.finding(h.range.clone(), Some(h), hits.len()))
                .collect(),
            Kind::Substitution => hits
                .iter()
                .map(|h| {
                    let f = self.finding(h.range.clone(), Some(h), hits.len());
                    match self.replacements.get(h.pattern) {
                        Some(r) if h.verbatim => {
                            f.with_fix(h.range.clone(), match_case(&h.matched, r))
                        }
                        _ => f,
                    }
                })
                .collect(),
            Kind::Occurrence => {
                let n = hits.len();
                if let Some(max) = self.max.filter(|&m| n > m) {
                    let h = &hits[max];
                    vec![self.finding(h.range.clone(), Some(h), n)]
                } else if self.min.is_some_and(|m| n < m) {
                    vec![self.finding(doc.start_range(), None, n)]
                } else {
                    Vec::new()
                }
            }
        }
    }
}

/// Keep a leading capital: "In order to" -> "To".
fn match_case(matched: &str, replacement: &str) -> String {
    let mut chars = replacement.chars();
    match (matched.chars().next(), chars.next()) {
        (Some(m), Some(first)) if m.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Parse one pack file's text into rules.
/// When a pack's regexes and phrase automata are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compile {
    /// At load: a user's pack, so that a pattern or list too large is a load error.
    Now,
    /// On first use: a built-in pack (its patterns are tested), so that a run pays only for
    /// the rules it uses (one tone's rules of several, one small file's few).
    OnFirstUse,
}

/// What is wrong with a pack's pattern, if anything: that it does not parse, or that it can
/// match the empty string (nothing at all, between any two characters). The message follows
/// the pattern's name.
fn check_pattern(pattern: &str, ignore_case: bool) -> Result<(), String> {
    // The syntax tree knows the shortest match.
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .build()
        .parse(pattern)
        .map_err(|e| format!(": {e}"))?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(
            " can match the empty string; make it match at least one character (e.g. \
                    `+` instead of `*`)"
                .to_string(),
        );
    }
    Ok(())
}

/// The size limit of a pack rule's compiled regex.
const PATTERN_SIZE_LIMIT: usize = 1 << 22;

/// Parse a user's pack file: every rule checked and compiled now.
pub fn parse_pack(text: &str, origin: &str) -> Result<Vec<PackRule>, String> {
    let file: PackFile =
        toml::from_str(text).map_err(|e| format!("{origin}: {}", e.to_string().trim()))?;
    pack_rules(file, origin, Compile::Now)
}

/// The rules of a read pack file, each with the pack's tones unless it names its own.
fn pack_rules(file: PackFile, origin: &str, compile: Compile) -> Result<Vec<PackRule>, String> {
    let pack_tones = file.pack.tones;
    file.rule
        .into_iter()
        .map(|mut spec| {
            if spec.tones.is_empty() {
                spec.tones = pack_tones.clone();
            }
            PackRule::from_spec(spec, origin, compile)
        })
        .collect()
}

static EMBEDDED_RULES: LazyLock<Vec<Arc<PackRule>>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .flat_map(|(name, json)| {
            let origin = format!("rules/{name}");
            let file: PackFile = crate::embedded::read(&origin, json);
            pack_rules(file, &origin, Compile::OnFirstUse)
                .unwrap_or_else(|e| panic!("built-in pack: {e}"))
        })
        .map(Arc::new)
        .collect()
});

/// The rules of the built-in packs.
pub fn embedded() -> &'static [Arc<PackRule>] {
    &EMBEDDED_RULES
}

/// Load every `*.toml` pack in `dir` (sorted by name).
pub fn load_dir(dir: &Path) -> Result<Vec<PackRule>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read pack directory: {e}", dir.display()))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut rules = Vec::new();
    for file in files {
        // Bounded, regular files only, like every other input: a FIFO named `x.toml` in a pack
        // directory is an error, not a hang.
        let bytes = crate::input::read_file(&file, crate::input::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| format!("{}: cannot read pack: {e}", file.display()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{}: cannot read pack: invalid UTF-8 at byte {}; save it as UTF-8",
                file.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        rules.extend(parse_pack(&text, &file.display().to_string())?);
    }
    Ok(rules)
}

/// The patterns of the built-in packs (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    embedded().iter().flat_map(|r| &r.regexes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::run_with;

    /// Every built-in pack rule fires on its `fire` examples and not on its `pass` examples.
    #[test]
    fn embedded_pack_examples() {
        for rule in embedded() {
            check_examples(rule);
        }
    }

    /// A pack rule's examples, checked as built-in rules' are (`rules::declare`).
    pub(crate) fn check_examples(rule: &PackRule) {
        let mut config = Config::default();
        if let Some(t) = rule.tones.first() {
            config.brief.tone = t.clone();
        }
        let failures = crate::rules::declare::example_failures(
            rule,
            &rule.examples.fire,
            &rule.examples.pass,
            &config,
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    const PACK: &str = r#"
[pack]
name = "test"

[[rule]]
id = "t/exist"
kind = "existence"
dimension = "persona_style"
severity = "warning"
summary = "s"
doc = "d"
message = "Found {match}"
phrases = ["delve into", "it's important"]
patterns = ['\bsynerg\w*']
examples = { fire = ["Let us delve into it.", "It’s important to see."], pass = ["Delve deeper."] }

[[rule]]
id = "t/swap"
kind = "substitution"
dimension = "clarity"
severity = "info"
summary = "s"
doc = "d"
message = "Use {replacement}"
swap = { "in order to" = "to" }
examples = { fire = ["In order to win"], pass = ["in order"] }

[[rule]]
id = "t/count"
kind = "occurrence"
dimension = "persona_style"
severity = "warning"
summary = "s"
doc = "d"
message = "{count} exclamation marks (max {max})"
patterns = ['!']
max = 1
examples = { fire = ["Wow! Great!"], pass = ["Wow!"] }
"#;

    fn rules() -> Vec<PackRule> {
        parse_pack(PACK, "test.toml").unwrap()
    }

    #[test]
    fn the_three_kinds() {
        let rules = rules();
        for rule in &rules {
            check_examples(rule);
        }
        let f = run_with(
            &rules[0],
            "We delve into synergy, not delve intoxication.",
            Config::default(),
        );
        let msgs: Vec<_> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(msgs, vec!["Found delve into", "Found synergy"]);

        let src = "**Note**: In order to win, train.";
        let f = run_with(&rules[1], src, Config::default());
        let fix = f[0].fix.clone().unwrap();
        assert_eq!(&src[fix.range.clone()], "In order to");
        assert_eq!(fix.replacement, "To");
        assert_eq!(f[0].message, "Use To");

        let f = run_with(&rules[2], "A! B! C!", Config::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "3 exclamation marks (max 1)");
        assert_eq!(f[0].range, 4..5, "points at the first one over the limit");
    }

    /// Placeholders are filled where they have a value and left as written where they do
    /// not; other braces stay; text put in is not filled again.
    #[test]
    fn templates_are_filled_in_one_pass() {
        let rules = rules();
        let hit = |matched: &str, pattern| Hit {
            range: 0..matched.len(),
            matched: matched.to_string(),
            pattern,
            verbatim: true,
        };
        let template = "{count} {match} {replacement} {min} {max} {other} {{count}} {max";
        assert_eq!(
            rules[1].render(template, Some(&hit("In order to", 0)), 2),
            "2 In order to To {min} {max} {other} {2} {max"
        );
        assert_eq!(
            rules[2].render(template, None, 3),
            "3 {match} {replacement} {min} 1 {other} {3} {max"
        );
        assert_eq!(
            rules[2].render("Found {match} ({count})", Some(&hit("{count} {max}", 0)), 7),
            "Found {count} {max} (7)"
        );
        assert_eq!(rules[0].render("", None, 0), "");
        assert_eq!(rules[0].render("{", None, 0), "{");
    }

    #[test]
    fn no_fix_when_markup_splits_the_phrase() {
        let src = "In *order* to win.";
        let f = run_with(&rules()[1], src, Config::default());
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn bad_packs_are_clear_errors() {
        let e = parse_pack("[pack]\nname='x'\n[[rule]]\nid='nogroup'\n", "x.toml")
            .err()
            .unwrap();
        assert!(e.starts_with("x.toml"), "{e}");
        let bad_regex = PACK.replace(r"'\bsynerg\w*'", "'(unclosed'");
        let e = parse_pack(&bad_regex, "y.toml").err().unwrap();
        assert!(e.contains("t/exist") && e.contains("pattern"), "{e}");
    }

    /// Built-in packs compile their patterns and phrase lists on first use; each must compile
    /// (a failure there would be a panic at lint time, not a load error).
    #[test]
    fn every_built_in_pattern_and_phrase_list_compiles() {
        for rule in embedded() {
            for r in &rule.regexes {
                assert!(r.try_full().is_ok(), "{}: {}", rule.meta.id, r.as_str());
                // What a user's pack is checked for at load.
                let checked = check_pattern(r.as_str(), r.is_ignore_case());
                assert!(
                    checked.is_ok(),
                    "{}: {}{checked:?}",
                    rule.meta.id,
                    r.as_str()
                );
            }
            if let Some(set) = rule.phrase_set() {
                assert!(set.build().is_ok(), "{}", rule.meta.id);
            }
        }
        // A user's pack is compiled at load.
        let rules = parse_pack(PACK, "test.toml").unwrap();
        assert!(rules.iter().flat_map(|r| &r.regexes).all(|r| r.is_full()));
    }

    #[test]
    fn item11_empty_phrases_and_empty_matching_regexes_are_errors() {
        let e = parse_pack(
            &PACK.replace(r#""it's important"]"#, r#""it's important", " "]"#),
            "p.toml",
        )
        .err()
        .unwrap();
        assert_eq!(
            e,
            "p.toml: rule `t/exist`: phrases[2] = \" \" is empty; every phrase needs at least \
             one visible character"
        );
        let e = parse_pack(
            &PACK.replace(r#""in order to" = "to""#, r#""" = "to""#),
            "p.toml",
        )
        .err()
        .unwrap();
        assert!(e.contains("rule `t/swap`: swap[0] = \"\" is empty"), "{e}");
        for (pattern, ok) in [
            (r"'\b'", false),
            (r"'x*'", false),
            (r"'(?:very)?'", false),
            (r"'^'", false),
            (r"'a|'", false),
            (r"'x+'", true),
            (r"'(?i)\bvery (\w+)'", true),
        ] {
            let r = parse_pack(&PACK.replace(r"'\bsynerg\w*'", pattern), "p.toml");
            assert_eq!(r.is_ok(), ok, "{pattern}: {:?}", r.err());
            if !ok {
                let e = r.err().unwrap();
                assert!(
                    e.contains("patterns[0]") && e.contains("empty string"),
                    "{e}"
                );
            }
        }
    }

    #[test]
    fn item11_weight_and_cap_are_finite_and_not_negative() {
        for (field, value) in [("weight", "-1.0"), ("weight", "nan"), ("cap", "-inf")] {
            let text = PACK.replacen(
                "summary = \"s\"",
                &format!("summary = \"s\"\n{field} = {value}"),
                1,
            );
            let e = parse_pack(&text, "p.toml").err().unwrap();
            assert!(
                e.starts_with("p.toml: rule `t/exist`: ") && e.contains(&format!("{field} = ")),
                "{e}"
            );
            assert!(e.contains("finite number >= 0"), "{e}");
        }
    }

    /// A rule's findings are the same whether the rule set's phrase index covers its list or
    /// not (a list over the index's limit, or a rule outside the rule set, scans on its own).
    #[test]
    fn item11_findings_do_not_depend_on_the_phrase_index() {
        use crate::text::phrases::PhraseIndex;
        let rules = rules();
        let doc = Document::parse("# Delve into it\n\nWe delve into it. In order to win.\n".into())
            .unwrap();
        let sets = rules.iter().flat_map(|r| r.phrase_sets());
        let indexed = Arc::new(PhraseIndex::with_limit(sets.clone(), 1_000));
        let alone = Arc::new(PhraseIndex::with_limit(sets, 0));
        let swap = rules[1].phrase_set().unwrap();
        assert!(indexed.covers(swap) && !alone.covers(swap));
        let config = Config::default();
        let linter = crate::engine::Linter::with_config(config.clone());
        let run = |rule: &PackRule, index: &Arc<PhraseIndex>| {
            let mut ctx = linter.context(&doc, &config);
            ctx.phrases = PhraseHits::new(Some(index.clone()));
            // phrase-only rules look only where their phrases occur
            if rule.regexes.is_empty() {
                assert_eq!(
                    rule.texts_to_scan(&doc, &ctx.phrases).is_some(),
                    index.covers(rule.phrase_set().unwrap())
                );
            }
            rule.check(&doc, &ctx)
                .into_iter()
                .map(|f| (f.range, f.message))
                .collect::<Vec<_>>()
        };
        for rule in &rules {
            assert_eq!(run(rule, &indexed), run(rule, &alone), "{}", rule.meta().id);
        }
        assert_eq!(run(&rules[1], &indexed).len(), 1);
        assert_eq!(
            run(&rules[0], &indexed).len(),
            1,
            "the heading is out of scope"
        );
    }
}
