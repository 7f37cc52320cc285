//! The LLM-style evaluation set: `tests/eval/articles/*.md`, written the way generation
//! pipelines write (listicles, how-tos, "ultimate guides", news, opinion), with planted defects
//! of every rule group and traps that must not fire, scored against the answer key
//! `tests/eval/key.toml`.
//!
//! Run `cargo test --test eval -- --nocapture` for the per-rule table (`scripts/eval.sh` does
//! the same). Always asserted: the key is well-formed (every article listed, every rule id
//! exists, every line is inside its file, every rule group has expectations), and the quality
//! bar (recall >= 90%, at most one trap fired: issue 7), so CI guards it.
//!
//! Matching, explicitly:
//! - an expectation `{ rule, line = L }` is found when a finding of the same rule starts on a
//!   line within L-1..=L+1, or its span (start line to end line) contains L; each finding
//!   satisfies at most one expectation;
//! - `line = 0` (or `line = "any"`) is a whole-article expectation: any finding of the rule;
//! - a trap `{ rule, line = L, trap = true }` fires when a finding of that rule matches L by
//!   the same test (the key never puts an expectation of a rule within two lines of a trap of
//!   the same rule, so the tolerance cannot confuse them);
//! - findings the key does not mention are listed as "unlisted" (for reading, not scored),
//!   and for the clean articles they are shown separately.
//!
//! The reference date is the article's front-matter date, else 2026-12-01 (a fixed date, so
//! the result does not depend on the clock). An article may name a configuration file
//! (`config = "configs/x.toml"`, relative to `tests/eval/`), merged over the defaults.

use contentlint::config::Config;
use contentlint::engine::{Linter, RuleSet};
use contentlint::report::{FileReport, ReportedFinding};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = "tests/eval";
/// Reference date for undated articles.
const TODAY: &str = "2026-12-01";
/// Issue 7's bar: recall at least 90%, at most one trap fired.
const MIN_RECALL: f64 = 0.90;
const MAX_TRAPS: usize = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Key {
    article: Vec<Article>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    file: String,
    /// Clean articles carry no planted defect; their unlisted findings are shown apart.
    #[serde(default)]
    clean: bool,
    /// A configuration file relative to `tests/eval/`, merged over the defaults.
    config: Option<String>,
    #[serde(default)]
    findings: Vec<Expectation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    rule: String,
    line: Line,
    #[serde(default)]
    trap: bool,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(untagged)]
enum Line {
    Number(usize),
    Word(AnyLine),
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum AnyLine {
    Any,
}

impl Line {
    /// `None`: anywhere in the article.
    fn number(self) -> Option<usize> {
        match self {
            Line::Number(0) | Line::Word(AnyLine::Any) => None,
            Line::Number(n) => Some(n),
        }
    }

    fn shown(self) -> String {
        self.number()
            .map_or_else(|| "any".to_string(), |n| n.to_string())
    }
}

fn load_key() -> Key {
    let path = Path::new(ROOT).join("key.toml");
    let text = std::fs::read_to_string(&path).expect("tests/eval/key.toml is readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config_for(article: &Article) -> Config {
    let mut config = match &article.config {
        Some(rel) => {
            let path = Path::new(ROOT).join(rel);
            Config::load(&path).unwrap_or_else(|e| panic!("{}: {e}", article.file))
        }
        None => Config::default(),
    };
    // The front-matter date still wins over this (config is below front matter).
    if config.brief.current_date.is_none() {
        config.brief.current_date = Some(TODAY.to_string());
    }
    config
}

fn lint(article: &Article) -> (FileReport, usize) {
    let path: PathBuf = Path::new(ROOT).join("articles").join(&article.file);
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    let lines = source.lines().count();
    let linter = Linter::with_config(config_for(article));
    let report = linter
        .lint_source(&path, source)
        .unwrap_or_else(|e| panic!("{}: does not lint: {e:?}", path.display()));
    (report, lines)
}

/// The matching rule of the module docs.
fn matches(f: &ReportedFinding, rule: &str, line: Option<usize>) -> bool {
    if f.rule != rule {
        return false;
    }
    match line {
        None => true,
        Some(l) => f.line.abs_diff(l) <= 1 || (f.line..=f.end_line.max(f.line)).contains(&l),
    }
}

#[derive(Default)]
struct RuleRow {
    expected: usize,
    found: usize,
    missed: Vec<String>,
    traps: usize,
    traps_fired: Vec<String>,
    unlisted: Vec<String>,
}

struct Outcome {
    rows: BTreeMap<String, RuleRow>,
    clean_noise: Vec<String>,
}

impl Outcome {
    fn expected(&self) -> usize {
        self.rows.values().map(|r| r.expected).sum()
    }
    fn found(&self) -> usize {
        self.rows.values().map(|r| r.found).sum()
    }
    fn traps_fired(&self) -> usize {
        self.rows.values().map(|r| r.traps_fired.len()).sum()
    }
    fn recall(&self) -> f64 {
        self.found() as f64 / self.expected().max(1) as f64
    }

    fn table(&self) -> String {
        let mut out = String::from(
            "| rule | expected | found | recall | missed (file:line) | traps | traps fired | unlisted |\n|---|---:|---:|---:|---|---:|---|---:|\n",
        );
        for (rule, r) in &self.rows {
            let recall = if r.expected == 0 {
                "-".to_string()
            } else {
                format!("{:.0}%", 100.0 * r.found as f64 / r.expected as f64)
            };
            out.push_str(&format!(
                "| {rule} | {} | {} | {recall} | {} | {} | {} | {} |\n",
                r.expected,
                r.found,
                r.missed.join(", "),
                r.traps,
                r.traps_fired.join(", "),
                r.unlisted.len(),
            ));
        }
        out.push_str(&format!(
            "\nrecall {}/{} = {:.1}%, traps fired {} of {}\n",
            self.found(),
            self.expected(),
            100.0 * self.recall(),
            self.traps_fired(),
            self.rows.values().map(|r| r.traps).sum::<usize>(),
        ));
        let unlisted: Vec<(&String, &String)> = self
            .rows
            .iter()
            .flat_map(|(rule, r)| r.unlisted.iter().map(move |u| (rule, u)))
            .collect();
        if !unlisted.is_empty() {
            out.push_str(
                "\nunlisted findings (the key neither expects nor forbids them; not scored):\n",
            );
            for (rule, u) in unlisted {
                out.push_str(&format!("  {rule} {u}\n"));
            }
        }
        if !self.clean_noise.is_empty() {
            out.push_str("\nfindings on clean articles (not scored):\n");
            for n in &self.clean_noise {
                out.push_str(&format!("  {n}\n"));
            }
        }
        out
    }
}

fn evaluate(key: &Key) -> Outcome {
    let mut rows: BTreeMap<String, RuleRow> = BTreeMap::new();
    let mut clean_noise = Vec::new();
    for article in &key.article {
        let (report, _) = lint(article);
        let mut used = vec![false; report.findings.len()];
        for e in article.findings.iter().filter(|e| !e.trap) {
            let row = rows.entry(e.rule.clone()).or_default();
            row.expected += 1;
            let hit = report
                .findings
                .iter()
                .enumerate()
                .find(|(i, f)| !used[*i] && matches(f, &e.rule, e.line.number()));
            match hit {
                Some((i, _)) => {
                    used[i] = true;
                    row.found += 1;
                }
                None => row
                    .missed
                    .push(format!("{}:{}", article.file, e.line.shown())),
            }
        }
        for e in article.findings.iter().filter(|e| e.trap) {
            let row = rows.entry(e.rule.clone()).or_default();
            row.traps += 1;
            let mut fired = false;
            for (i, f) in report.findings.iter().enumerate() {
                if matches(f, &e.rule, e.line.number()) {
                    used[i] = true;
                    fired = true;
                }
            }
            if fired {
                row.traps_fired
                    .push(format!("{}:{}", article.file, e.line.shown()));
            }
        }
        for (i, f) in report.findings.iter().enumerate() {
            if used[i] {
                continue;
            }
            let at = format!("{}:{} {}", article.file, f.line, f.message);
            if article.clean {
                clean_noise.push(format!("{} {at}", f.rule));
            }
            rows.entry(f.rule.clone()).or_default().unlisted.push(at);
        }
    }
    Outcome { rows, clean_noise }
}

fn known_rules(key: &Key) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for config in std::iter::once(Config::default()).chain(
        key.article
            .iter()
            .filter(|a| a.config.is_some())
            .map(config_for),
    ) {
        let set = RuleSet::for_config(&config).expect("rule set");
        ids.extend(set.rules.iter().map(|r| r.meta().id.to_string()));
    }
    ids
}

#[test]
fn answer_key_is_well_formed() {
    let key = load_key();
    let rules = known_rules(&key);
    let on_disk: BTreeSet<String> = std::fs::read_dir(Path::new(ROOT).join("articles"))
        .expect("tests/eval/articles")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    let listed: BTreeSet<String> = key.article.iter().map(|a| a.file.clone()).collect();
    assert_eq!(
        listed.len(),
        key.article.len(),
        "an article is listed twice in key.toml"
    );
    assert_eq!(
        on_disk, listed,
        "tests/eval/articles and key.toml list different articles"
    );
    assert!(
        key.article.len() >= 14,
        "issue 7 asks for at least 12 articles; we keep 14+"
    );
    assert!(
        key.article.iter().filter(|a| a.clean).count() >= 3,
        "at least three clean articles"
    );
    let mut groups_expected = BTreeSet::new();
    let mut traps = 0;
    for a in &key.article {
        let (_, lines) = lint(a);
        assert_eq!(
            a.clean,
            a.findings.iter().all(|e| e.trap),
            "{}: an article is clean exactly when it has no expectations (only traps)",
            a.file
        );
        for e in &a.findings {
            assert!(
                rules.contains(&e.rule),
                "{}: unknown rule {:?} in key.toml (see `contentlint rules`)",
                a.file,
                e.rule
            );
            if let Some(l) = e.line.number() {
                assert!(
                    l <= lines,
                    "{}: line {l} for {} is past the end ({lines} lines)",
                    a.file,
                    e.rule
                );
            }
            if e.trap {
                traps += 1;
                // Keeps the +-1 tolerance unambiguous (see the module docs).
                for other in a.findings.iter().filter(|o| !o.trap && o.rule == e.rule) {
                    if let (Some(t), Some(x)) = (e.line.number(), other.line.number()) {
                        assert!(
                            t.abs_diff(x) > 2,
                            "{}: trap at {t} and expectation at {x} of {} are too close",
                            a.file,
                            e.rule
                        );
                    }
                }
            } else {
                groups_expected.insert(e.rule.split('/').next().unwrap().to_string());
            }
        }
    }
    let groups: BTreeSet<String> = rules
        .iter()
        .map(|r| r.split('/').next().unwrap().to_string())
        .collect();
    let uncovered: Vec<&String> = groups.difference(&groups_expected).collect();
    assert!(
        uncovered.is_empty(),
        "rule groups with no planted defect: {uncovered:?}"
    );
    assert!(traps >= 10, "the key should hold traps, has {traps}");
}

#[test]
fn recall_and_traps_on_the_evaluation_set() {
    let key = load_key();
    let outcome = evaluate(&key);
    println!("{}", outcome.table());
    let without_expectations: Vec<String> = known_rules(&key)
        .into_iter()
        .filter(|r| outcome.rows.get(r).is_none_or(|row| row.expected == 0))
        .collect();
    println!("rules without a planted expectation: {without_expectations:?}");
    assert!(
        outcome.recall() >= MIN_RECALL,
        "recall {:.1}% is below {:.0}% (the table above lists the misses)",
        100.0 * outcome.recall(),
        100.0 * MIN_RECALL
    );
    assert!(
        outcome.traps_fired() <= MAX_TRAPS,
        "{} traps fired, at most {MAX_TRAPS} allowed (the table above lists them)",
        outcome.traps_fired()
    );
}
