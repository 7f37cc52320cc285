//! The linter: read a file, parse it once, run every enabled rule, score, and produce a
//! [`FileReport`]. Batches run in parallel on a rayon pool and come out in input order.

use crate::config::{Config, ConfigError, ConfigResolver, RuleSetting};
use crate::document::{Document, parse_date_prefix};
use crate::finding::{Finding, Severity};
use crate::packs::{self, PackRule};
use crate::report::{FileError, FileReport, ReportedFinding, SeoBlock, Stats};
use crate::rules::{self, Context, DateSource, Rule, RuleMeta};
use crate::score;
use crate::seo::SeoFigures;
use crate::text::phrases::{PhraseHits, PhraseIndex};
use jiff::civil::Date;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Options from the command line that apply to every file.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub keyword: Option<String>,
    pub today: Option<Date>,
    pub min_score: Option<f64>,
    /// Rule ids or group prefixes to run (empty: all).
    pub select: Vec<String>,
    /// Rule ids or group prefixes not to run.
    pub ignore: Vec<String>,
    /// Suppressions must give a reason (`check --require-reason`; see [`crate::suppress`]).
    pub require_reason: bool,
}

/// A rule as the engine holds it: built in (static) or from a pack.
#[derive(Clone)]
pub enum RuleRef {
    Builtin(&'static dyn Rule),
    Pack(Arc<PackRule>),
}

impl RuleRef {
    pub fn rule(&self) -> &dyn Rule {
        match self {
            RuleRef::Builtin(r) => *r,
            RuleRef::Pack(r) => r.as_ref(),
        }
    }

    pub fn meta(&self) -> &RuleMeta {
        self.rule().meta()
    }

    /// Whether the rule runs for an article of this tone (built-in rules: always).
    pub fn applies_to_tone(&self, tone: &str) -> bool {
        match self {
            RuleRef::Builtin(_) => true,
            RuleRef::Pack(r) => r.applies_to_tone(tone),
        }
    }
}

/// The rules available under one configuration: built-ins, embedded packs, user packs.
pub struct RuleSet {
    pub rules: Vec<RuleRef>,
    /// The phrase lists of every rule in one automaton: one pass over a document gives each
    /// rule its matches. Built on first use.
    phrases: std::sync::OnceLock<Arc<PhraseIndex>>,
    /// The same index over an automaton that is quick to build, for the first documents.
    quick_phrases: std::sync::OnceLock<Arc<PhraseIndex>>,
    /// Bytes of the documents that asked for the index so far.
    phrase_scans: AtomicUsize,
}

/// The bytes of documents a rule set scans with the index that is quick to build: the DFA
/// takes about 1 ms more to build and scans 3.5 ns a byte quicker (on the default rule set's
/// phrases, against the quick index's buckets: see [`crate::text::phrases::BUCKETS_MAX_BYTES`]),
/// so a run over more than this switches to it. (It was 512 KB while aho-corasick built the
/// DFA, 3.5 ms more, and 128 documents while the quick index was a noncontiguous NFA.)
const QUICK_INDEX_BYTES: usize = 256 * 1024;

/// Documents under this size run each rule as a rayon task of its own when their rules run
/// on threads. Otherwise rayon hands out runs of neighbouring rules, and the run holding the
/// heavy claims rules kept one thread busy after the other was done: one task per rule made
/// the language server 10-15% quicker after an edit of a 1 MB article. On a larger document
/// the balance matters less than memory: two heavy rules' working sets (each claims rule
/// holds its sentence list) then meet, and the peak of a 50 MB article rose by 16 MB.
const RULE_TASKS_MAX_BYTES: usize = 8 * 1024 * 1024;

/// A document this large takes the phrase index quick to scan even when it comes first: the
/// quick index would scan it with the same DFA (it takes its buckets only under this size),
/// and a second index would then build it again. (While the quick index scanned such a
/// document with a noncontiguous NFA, this was 2 MB, where aho-corasick's DFA paid.)
const QUICK_INDEX_MAX_DOCUMENT: usize = crate::text::phrases::BUCKETS_MAX_BYTES;

impl RuleSet {
    pub fn for_config(config: &Config) -> Result<RuleSet, ConfigError> {
        let mut rules: Vec<RuleRef> = rules::builtin().into_iter().map(RuleRef::Builtin).collect();
        rules.extend(packs::embedded().iter().cloned().map(RuleRef::Pack));
        let base = config.base_dir();
        for dir in &config.packs.dirs {
            let loaded = packs::load_dir(&base.join(dir)).map_err(|message| ConfigError {
                path: config.file_that_set("packs.dirs"),
                message,
            })?;
            rules.extend(loaded.into_iter().map(|r| RuleRef::Pack(Arc::new(r))));
        }
        // Ids are unique, except that pack rules limited to disjoint tone lists may share one
        // (each tone profile's own `style/exclamation`).
        for (i, a) in rules.iter().enumerate() {
            for b in &rules[..i] {
                if a.meta().id == b.meta().id && !disjoint_tones(a, b) {
                    return Err(ConfigError {
                        path: config.path.clone().unwrap_or_default(),
                        message: format!(
                            "two rules have the id `{}`; pack rule ids must be unique unless \
                             their `tones` lists are disjoint",
                            a.meta().id
                        ),
                    });
                }
            }
        }
        let set = RuleSet {
            rules,
            phrases: Default::default(),
            quick_phrases: Default::default(),
            phrase_scans: AtomicUsize::new(0),
        };
        // Validated against this set, user packs included: a rule id that only a pack defines
        // is known once the packs are loaded.
        set.check_config_names(config)
            .map_err(|(key, message)| ConfigError {
                path: config.file_that_set(&key),
                message,
            })?;
        Ok(set)
    }

    /// The phrase index of the set's rules (see [`crate::text::phrases`]) for one more
    /// document of `bytes` bytes: one quick to build for the first [`QUICK_INDEX_BYTES`], then
    /// one quick to scan; a document of [`QUICK_INDEX_MAX_DOCUMENT`] or more takes the second
    /// at once. Both give the same hits.
    pub fn phrase_index(&self, bytes: usize) -> &Arc<PhraseIndex> {
        let before = self.phrase_scans.fetch_add(bytes, Ordering::Relaxed);
        if before < QUICK_INDEX_BYTES && bytes < QUICK_INDEX_MAX_DOCUMENT {
            return self.quick_phrases.get_or_init(|| {
                Arc::new(PhraseIndex::quick_to_build(
                    self.rules.iter().flat_map(|r| r.rule().phrase_sets()),
                ))
            });
        }
        self.phrases.get_or_init(|| {
            Arc::new(PhraseIndex::new(
                self.rules.iter().flat_map(|r| r.rule().phrase_sets()),
            ))
        })
    }

    /// Every rule id of the set and every group above one (`a/b/c`: `a`, `a/b`), sorted.
    pub fn known_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let site = crate::site::rules::RULES.iter().map(|r| r.meta);
        for meta in self.rules.iter().map(|r| r.meta()).chain(site) {
            let id: &str = &meta.id;
            names.push(id.to_string());
            for (i, _) in id.match_indices('/') {
                names.push(id[..i].to_string());
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Whether a `select`/`ignore`/`[rules]` entry names a rule or a group of this set.
    pub fn knows(&self, pattern: &str) -> bool {
        self.rules
            .iter()
            .map(|r| r.meta())
            .chain(crate::site::rules::RULES.iter().map(|r| r.meta))
            .any(|m| matches_pattern(&m.id, pattern))
    }

    /// `[rules]` keys name rules or groups, and `[brief] hard_gates` names rules of this set.
    /// Err: the dotted key that is wrong (`rules."x/y"`, see [`Config::origin`]) and why.
    fn check_config_names(&self, config: &Config) -> Result<(), (String, String)> {
        let known = self.known_names();
        for key in config.rules.keys() {
            if !self.knows(key) {
                let dotted = format!("rules.{}", crate::config::layers::key_segment(key));
                return Err((dotted, unknown_rule("[rules]", key, &known)));
            }
        }
        self.check_hard_gates(config)
            .map_err(|message| ("brief.hard_gates".to_string(), message))
    }

    fn check_hard_gates(&self, config: &Config) -> Result<(), String> {
        for gate in &config.brief.hard_gates {
            if self.get(gate).is_some() {
                continue;
            }
            if self.knows(gate) {
                let members: Vec<&str> = self
                    .rules
                    .iter()
                    .map(|r| r.meta().id.as_ref())
                    .filter(|id| matches_pattern(id, gate))
                    .collect();
                return Err(format!(
                    "[brief] hard_gates: `{gate}` is a group; hard gates are rule ids, so list \
                     the ones you mean: {}",
                    members.join(", ")
                ));
            }
            let ids: Vec<String> = self.rules.iter().map(|r| r.meta().id.to_string()).collect();
            return Err(unknown_rule("[brief] hard_gates", gate, &ids));
        }
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&RuleRef> {
        self.rules.iter().find(|r| r.meta().id == id)
    }

    /// The rule list as a Markdown table (the rule list of docs/rules.md is this, checked by a test).
    pub fn markdown_table(&self) -> String {
        self.markdown_table_linking_to("rules/")
    }

    /// The rule list as a Markdown table whose rules link to their pages at `pages` (a path
    /// relative to the page that shows the table: `rules/` from docs/, `docs/rules/` from the
    /// README).
    pub fn markdown_table_linking_to(&self, pages: &str) -> String {
        let mut out =
            String::from("| rule | dimension | default severity | checks |\n|---|---|---|---|\n");
        for r in &self.rules {
            let m = r.meta();
            // A rule with a page (docs/rules/) links to it, relative to docs/rules.md.
            let id = match crate::rule_docs::page_path(&m.id) {
                Some(page) if crate::rule_docs::has_page(&m.id) => {
                    format!("[`{}`]({pages}{page})", m.id)
                }
                _ => format!("`{}`", m.id),
            };
            out.push_str(&format!(
                "| {id} | {} | {} | {} |\n",
                m.dimension, m.severity, m.summary
            ));
        }
        out
    }

    /// Every rule with this id (several when tone profiles share it).
    pub fn all(&self, id: &str) -> impl Iterator<Item = &RuleRef> {
        self.rules.iter().filter(move |r| r.meta().id == id)
    }
}

/// Two pack rules limited to tone lists that share no tone.
fn disjoint_tones(a: &RuleRef, b: &RuleRef) -> bool {
    match (a, b) {
        (RuleRef::Pack(a), RuleRef::Pack(b)) => {
            !a.tones().is_empty()
                && !b.tones().is_empty()
                && !a
                    .tones()
                    .iter()
                    .any(|t| b.tones().iter().any(|u| t.eq_ignore_ascii_case(u)))
        }
        _ => false,
    }
}

/// The error for a name that is no rule (or group): where it was written, the name, and the
/// closest known name when one is close ("did you mean `structure`?").
pub fn unknown_rule(place: &str, name: &str, known: &[String]) -> String {
    let hint = match suggest(name, known) {
        Some(close) => format!("did you mean `{close}`? "),
        None => String::new(),
    };
    if name.trim().trim_end_matches('/').is_empty() {
        return format!("{place}: an empty rule name; remove it (a stray comma?)");
    }
    format!("{place}: no rule or group is named `{name}`; {hint}`contentlint rules` lists them all")
}

/// The known name closest to `name` by edit distance, if close enough to be a likely typo: at
/// most a third of the name's length (at least 1). A bare rule name also matches a full id
/// (`min-h3` -> `structure/min-h2`).
fn suggest<'k>(name: &str, known: &'k [String]) -> Option<&'k str> {
    let name = name.trim().trim_end_matches('/').to_lowercase();
    if name.is_empty() {
        return None;
    }
    let limit = (name.chars().count() / 3).max(1);
    known
        .iter()
        .filter_map(|k| {
            let whole = levenshtein(&name, k);
            let tail = if name.contains('/') {
                usize::MAX
            } else {
                k.rsplit('/')
                    .next()
                    .map_or(usize::MAX, |t| levenshtein(&name, t))
            };
            let d = whole.min(tail);
            (d <= limit).then_some((d, k.as_str()))
        })
        .min_by_key(|&(d, k)| (d, k.len(), k))
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters (insertions, deletions, substitutions).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The `[rules]` setting of a rule: its own entry, else that of its closest group
/// (`structure/min-h2` beats `structure`).
pub fn configured_setting(config: &Config, id: &str) -> Option<RuleSetting> {
    if let Some(s) = config.rules.get(id) {
        return Some(*s);
    }
    config
        .rules
        .iter()
        .filter(|(group, _)| matches_pattern(id, group))
        .max_by_key(|(group, _)| group.trim().trim_end_matches('/').len())
        .map(|(_, s)| *s)
}

/// `select`/`ignore` entries match an id exactly or as a group prefix (`structure`,
/// `structure/`).
pub(crate) fn matches_pattern(id: &str, pattern: &str) -> bool {
    let p = pattern.trim().trim_end_matches('/');
    !p.is_empty() && (id == p || id.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

pub struct Linter {
    resolver: ConfigResolver,
    options: LintOptions,
    rule_sets: Mutex<FxHashMap<crate::config::RuleSetKey, Arc<RuleSet>>>,
    /// Largest input read, in bytes (`check --max-file-size`).
    max_file_size: u64,
    /// `check --baseline`/`--write-baseline`: drops (or records) findings before scoring.
    baseline: Option<Arc<crate::baseline::BaselineStep>>,
    /// Compute each report's site signature ([`crate::site::Signature`]).
    signatures: bool,
    /// Give each finding its fingerprint (see [`Linter::with_fingerprints`]).
    fingerprints: bool,
    /// Threads that may check one large document's rules at once when the linter does not
    /// already run on a thread pool (see [`Linter::with_threads`]); 1: the calling thread.
    threads: usize,
    /// Their pool, started for the first large document.
    rule_pool: OnceLock<Option<rayon::ThreadPool>>,
}

/// Documents from this size on have their rules checked in parallel, when there are threads
/// to spare ([`Linter::with_threads`]): a 64 KB article takes about 10 ms to check, two
/// orders of magnitude above the cost of sharing out the rules. Below it, one thread.
pub const PARALLEL_RULES_FROM: usize = 64 * 1024;

/// A document as [`Linter::lint_edit`] linted it: what the lint of its next edit reuses.
pub struct LintedDocument {
    pub document: Document,
    /// The phrases its rule set found in it.
    phrases: PhraseHits,
}

/// Today's date where contentlint runs (the reference date of last resort).
///
/// On Unix without `TZ`, the local time zone is read from `/etc/localtime` itself:
/// `ZonedDateTime::now()` names the zone first, which loads the whole zoneinfo database (a
/// walk of its directory, 3M instructions: 7% of checking one small article without a date).
/// A date needs only the zone's offsets. Anywhere else, and if that file cannot be read, as
/// `ZonedDateTime::now()`.
pub fn clock_date() -> Date {
    #[cfg(unix)]
    if std::env::var_os("TZ").is_none()
        && let Some(zone) = local_zone()
    {
        return zone.to_datetime(jiff::Timestamp::now()).date();
    }
    jiff::ZonedDateTime::now().date()
}

/// `/etc/localtime`, read and parsed once per process: a batch asks for every undated
/// document, and reading the file each time cost more than linting a short one. (A server
/// that runs across a change of the system's time zone keeps the first one; the date itself
/// is taken anew each time.)
#[cfg(unix)]
fn local_zone() -> Option<&'static jiff::tz::TimeZone> {
    static ZONE: std::sync::OnceLock<Option<jiff::tz::TimeZone>> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        let data = std::fs::read("/etc/localtime").ok()?;
        jiff::tz::TimeZone::tzif("localtime", &data).ok()
    })
    .as_ref()
}

/// Where one document's rules run ([`Linter::rule_threads`]).
enum RuleThreads<'a> {
    Calling,
    CurrentPool,
    Own(&'a rayon::ThreadPool),
}

/// Where an article comes from.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    /// Standard input, shown as (and configured as if at) this path.
    Stdin(PathBuf),
}

impl Input {
    /// The path the input is configured as.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Stdin(p) => p,
        }
    }

    pub fn display(&self) -> String {
        match self {
            Input::File(p) | Input::Stdin(p) => p.display().to_string(),
        }
    }
}

impl Linter {
    pub fn new(resolver: ConfigResolver, options: LintOptions) -> Linter {
        Linter {
            resolver,
            options,
            rule_sets: Mutex::default(),
            max_file_size: crate::input::DEFAULT_MAX_FILE_SIZE,
            baseline: None,
            signatures: false,
            fingerprints: true,
            threads: 1,
            rule_pool: OnceLock::new(),
        }
    }

    /// Let one large document's rules (from [`PARALLEL_RULES_FROM`] bytes) run on up to
    /// `threads` threads when the linter is called from outside a thread pool: a single file,
    /// the language server. Inside a pool (a batch of files) they share that pool's threads,
    /// which are free once the other files are done. Default 1: the calling thread.
    pub fn with_threads(mut self, threads: usize) -> Linter {
        self.threads = threads.max(1);
        self
    }

    /// Threads it may use ([`Linter::with_threads`]).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The largest input read, in bytes.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Run `step` on every file's findings before scoring ([`crate::baseline`]).
    pub fn with_baseline(mut self, step: Arc<crate::baseline::BaselineStep>) -> Linter {
        self.baseline = Some(step);
        self
    }

    /// Give every report its site signature (for the site checks, `--shard` and `merge`).
    pub fn with_signatures(mut self, on: bool) -> Linter {
        self.signatures = on;
        self
    }

    /// Whether findings get their fingerprint ([`crate::fingerprint`]; default on): reports
    /// that no baseline, SARIF or JSON reader will see (the language server's) can do
    /// without, and an empty one is left. A baseline step always has them.
    pub fn with_fingerprints(mut self, on: bool) -> Linter {
        self.fingerprints = on;
        self
    }

    /// Refuse inputs larger than `bytes` (default [`crate::input::DEFAULT_MAX_FILE_SIZE`]).
    pub fn with_max_file_size(mut self, bytes: u64) -> Linter {
        self.max_file_size = bytes;
        self
    }

    /// A linter that uses `config` for every file, with default options.
    pub fn with_config(config: Config) -> Linter {
        Linter::new(ConfigResolver::fixed(config), LintOptions::default())
    }

    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    /// Whether reports carry their site signature ([`Linter::with_signatures`]).
    pub fn signatures(&self) -> bool {
        self.signatures
    }

    /// Whether a baseline step rewrites findings ([`Linter::with_baseline`]).
    pub fn has_baseline(&self) -> bool {
        self.baseline.is_some()
    }

    pub fn config_for(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        self.resolver.for_file(path)
    }

    #[cfg(test)]
    pub(crate) fn config_for_tests(&self) -> Arc<Config> {
        self.resolver.for_file(Path::new("x.md")).expect("config")
    }

    pub fn rule_set(&self, config: &Config) -> Result<Arc<RuleSet>, ConfigError> {
        let key = config.rule_set_key();
        if let Some(set) = self.rule_sets.lock().expect("rule set cache").get(&key) {
            return Ok(set.clone());
        }
        let set = Arc::new(RuleSet::for_config(config)?);
        self.rule_sets
            .lock()
            .expect("rule set cache")
            .insert(key, set.clone());
        Ok(set)
    }

    /// The severity a rule runs at under `config` and the CLI selection; `None` if it is off.
    pub fn effective_severity(&self, config: &Config, meta: &RuleMeta) -> Option<Severity> {
        let id = meta.id.as_ref();
        let o = &self.options;
        if !o.select.is_empty() && !o.select.iter().any(|p| matches_pattern(id, p)) {
            return None;
        }
        if o.ignore.iter().any(|p| matches_pattern(id, p)) {
            return None;
        }
        match configured_setting(config, id) {
            Some(setting) => setting.severity(),
            None => Some(meta.severity),
        }
    }

    /// `--select` and `--ignore` name rules or groups that exist under the configuration of
    /// at least one of `paths` (user packs included): a typo is an error with a suggestion,
    /// never a run of no rules. Configurations that cannot be loaded are skipped here; each
    /// file reports its own.
    pub fn check_selection<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p Path>,
    ) -> Result<(), String> {
        let o = &self.options;
        if o.select.is_empty() && o.ignore.is_empty() {
            return Ok(());
        }
        let mut sets: Vec<Arc<RuleSet>> = Vec::new();
        let mut seen: Vec<Option<PathBuf>> = Vec::new();
        for path in paths {
            let Ok(config) = self.config_for(path) else {
                continue;
            };
            if seen.contains(&config.path) {
                continue;
            }
            seen.push(config.path.clone());
            if let Ok(set) = self.rule_set(&config) {
                sets.push(set);
            }
        }
        if sets.is_empty() {
            // No path given (or none configurable): the built-in rules and embedded packs.
            if let Ok(set) = RuleSet::for_config(&Config::default()) {
                sets.push(Arc::new(set));
            }
        }
        for (flag, patterns) in [("--select", &o.select), ("--ignore", &o.ignore)] {
            for p in patterns {
                if !sets.iter().any(|s| s.knows(p)) {
                    let mut known: Vec<String> =
                        sets.iter().flat_map(|s| s.known_names()).collect();
                    known.sort();
                    known.dedup();
                    return Err(unknown_rule(flag, p, &known));
                }
            }
        }
        Ok(())
    }

    /// The per-article context: reference date, tone, technical level, keyword.
    pub fn context<'c>(&'c self, doc: &Document, config: &'c Config) -> Context<'c> {
        self.context_at(doc, config, None)
    }

    /// [`Linter::context`] for an article at `path`, whose file name may carry its date.
    pub fn context_at<'c>(
        &'c self,
        doc: &Document,
        config: &'c Config,
        path: Option<&str>,
    ) -> Context<'c> {
        let date_field = doc.front_matter.date_field(&config.brief.date_keys);
        // A date key the parser cannot read is not dropped in silence: the fallback below is
        // not the article's date, so `frontmatter/invalid-date` reports it and the year
        // comparisons do not gate (see `Rule::compares_with_reference_date`).
        let reference_date_unreadable = self.options.today.is_none()
            && date_field.date.is_none()
            && !date_field.invalid.is_empty();
        let (reference_date, reference_date_source) = if let Some(d) = self.options.today {
            (d, DateSource::Cli)
        } else if let Some(d) = date_field.date {
            (d, DateSource::FrontMatter)
        } else if let Some(d) = config
            .brief
            .date_from_path
            .then(|| {
                let name = path.and_then(|p| Path::new(p).file_name()?.to_str());
                name.and_then(crate::document::date_in_path)
                    .or_else(|| doc.front_matter.address_date())
            })
            .flatten()
            .filter(|_| date_field.invalid.is_empty())
        {
            (d, DateSource::Path)
        } else if let Some(d) = config.current_date() {
            (d, DateSource::Config)
        } else {
            (clock_date(), DateSource::Clock)
        };
        let tone = doc
            .front_matter
            .get_str("tone")
            .unwrap_or_else(|| config.brief.tone.clone());
        let technical_level = doc
            .front_matter
            .get_str("technical_level")
            .and_then(|s| s.parse().ok())
            .or(config.brief.technical_level);
        let phrases = PhraseHits::new(
            self.rule_set(config)
                .ok()
                .map(|s| s.phrase_index(doc.source.len()).clone()),
        );
        Context {
            config,
            reference_date,
            reference_date_source,
            reference_date_unreadable,
            tone,
            technical_level,
            keyword: self.options.keyword.as_deref(),
            phrases,
        }
    }

    /// Lint text that claims to be at `path` (for configuration discovery and messages).
    pub fn lint_source(&self, path: &Path, source: String) -> Result<FileReport, FileError> {
        let shown = path.display().to_string();
        let config = self
            .config_for(path)
            .map_err(|e| FileError::new(&shown, None, e.to_string()))?;
        self.lint_with_config(&shown, source, &config)
    }

    /// The threads a large document's rules ran on, once one has (see
    /// [`PARALLEL_RULES_FROM`]): for work that follows such a lint, as turning its findings
    /// into a client's diagnostics. `None` before, or with one thread.
    pub fn rule_pool(&self) -> Option<&rayon::ThreadPool> {
        self.rule_pool.get().and_then(Option::as_ref)
    }

    /// Where `doc`'s rules run: a small document's on the calling thread; a large one's on
    /// the pool the linter already runs on, else on its own pool if it may use threads.
    fn rule_threads(&self, doc: &Document) -> RuleThreads<'_> {
        if doc.source.len() < PARALLEL_RULES_FROM {
            return RuleThreads::Calling;
        }
        if rayon::current_thread_index().is_some() {
            return RuleThreads::CurrentPool;
        }
        let pool = self.rule_pool.get_or_init(|| {
            (self.threads > 1)
                .then(|| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(self.threads)
                        .thread_name(|i| format!("contentlint-rules-{i}"))
                        .build()
                        .ok()
                })
                .flatten()
        });
        match pool {
            Some(pool) => RuleThreads::Own(pool),
            None => RuleThreads::Calling,
        }
    }

    /// Lint `source`, an edit of the text `previous` was linted from (the language server's
    /// buffer after a change): the same report as [`Linter::lint_source`], with what the edit
    /// did not touch (the words, sentences and phrases of the blocks and headings it left as
    /// they were) reused from `previous`. Returns what the next edit reuses.
    pub fn lint_edit(
        &self,
        path: &Path,
        source: String,
        previous: Option<&LintedDocument>,
    ) -> Result<(FileReport, LintedDocument), FileError> {
        let shown = path.display().to_string();
        let config = self
            .config_for(path)
            .map_err(|e| FileError::new(&shown, None, e.to_string()))?;
        self.lint_document(&shown, source, &config, previous)
    }

    pub fn lint_with_config(
        &self,
        shown: &str,
        source: String,
        config: &Config,
    ) -> Result<FileReport, FileError> {
        self.lint_document(shown, source, config, None)
            .map(|(report, _)| report)
    }

    /// Lint one source: the report, and the document it was made from.
    fn lint_document(
        &self,
        shown: &str,
        source: String,
        config: &Config,
        previous: Option<&LintedDocument>,
    ) -> Result<(FileReport, LintedDocument), FileError> {
        let rule_set = self
            .rule_set(config)
            .map_err(|e| FileError::new(shown, None, e.to_string()))?;
        let options = crate::document::ParseOptions {
            code_shortcodes: &config.content.code_shortcodes,
        };
        let doc = Document::parse_with(source, &options).map_err(|e| {
            FileError::new(
                shown,
                Some(e.line),
                format!("{} (fix the front matter, or remove it)", e.message),
            )
        })?;
        let mut ctx = self.context_at(&doc, config, Some(shown));
        let mut findings: Vec<Finding> = Vec::new();
        // Sized for every rule and hashed with FxHash: built per file, a growing SipHash map
        // cost more than the look-ups it serves.
        let mut metas: FxHashMap<&str, &RuleMeta> =
            FxHashMap::with_capacity_and_hasher(rule_set.rules.len(), Default::default());
        let mut running: Vec<(&RuleRef, Severity)> = Vec::with_capacity(rule_set.rules.len());
        for r in &rule_set.rules {
            let meta = r.meta();
            let Some(severity) = self.effective_severity(config, meta) else {
                continue;
            };
            // Skipped here, not only in the rule, so that another tone's variant of the same
            // id cannot lend this one its weight and cap.
            if !r.applies_to_tone(&ctx.tone) {
                continue;
            }
            metas.insert(meta.id.as_ref(), meta);
            running.push((r, severity));
        }
        let check = |(r, _): &(&RuleRef, Severity)| {
            catch_unwind(AssertUnwindSafe(|| r.rule().check(&doc, &ctx))).map_err(|_| {
                let id = &r.meta().id;
                FileError::new(
                    shown,
                    None,
                    format!(
                        "internal error: rule `{id}` crashed on this file; run with --ignore {id} and please report it"
                    ),
                )
            })
        };
        // On threads, the facts most rules read are computed first, side by side: computed
        // lazily by the first rule that asks, they kept the other threads waiting on it
        // (measured on the language server: one rule thread did 2.5 times the other's work).
        // Then each rule is a task of its own, up to `RULE_TASKS_MAX_BYTES`.
        let max_len = if doc.source.len() < RULE_TASKS_MAX_BYTES {
            1
        } else {
            usize::MAX
        };
        let prose = || match previous {
            Some(previous) => drop(doc.prose_after(&previous.document)),
            None => drop(doc.prose()),
        };
        let scan = || match previous {
            Some(previous) => ctx
                .phrases
                .scan_after(&doc, &previous.document, &previous.phrases),
            None => ctx.phrases.scan_now(&doc),
        };
        let on_threads = || {
            rayon::join(prose, scan);
            running
                .par_iter()
                .with_max_len(max_len)
                .map(check)
                .collect()
        };
        // In rule order however they ran: the report is the same.
        let checked: Vec<Result<Vec<Finding>, FileError>> = match self.rule_threads(&doc) {
            RuleThreads::Calling => {
                if previous.is_some() {
                    prose();
                    scan();
                }
                running.iter().map(check).collect()
            }
            RuleThreads::CurrentPool => on_threads(),
            RuleThreads::Own(pool) => pool.install(on_threads),
        };
        for ((r, severity), found) in running.iter().zip(checked) {
            let found = found?;
            let meta = r.meta();
            // A rule may grade its own findings (Yoast's ok band as info, bad as a warning); a
            // severity set in `[rules]` overrides them all.
            let configured = configured_setting(config, meta.id.as_ref()).is_some();
            let date_unsure =
                ctx.reference_date_unreadable && r.rule().compares_with_reference_date();
            findings.extend(found.into_iter().map(|mut f| {
                if configured {
                    f.severity = *severity;
                }
                // Judged against a fallback date, not the article's: a warning, never a gate.
                if date_unsure && f.severity == Severity::Error {
                    f.severity = Severity::Warning;
                    f.message.push_str(
                        " (not a gate: the front-matter date could not be read, see \
                         frontmatter/invalid-date)",
                    );
                }
                f
            }));
        }
        findings.sort_by(|a, b| (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule)));
        // Inline suppressions (src/suppress.rs), before the scores: a suppressed finding costs
        // nothing, and the hard gates are those of the findings that remain.
        let suppressed = crate::suppress::apply(
            &doc,
            &crate::suppress::Step {
                config,
                rule_set: &rule_set,
                ran: &|id| metas.contains_key(id),
                require_reason: self.options.require_reason,
                meta_severity: metas
                    .get(crate::suppress::META_RULE)
                    .and_then(|m| self.effective_severity(config, m)),
            },
            &mut findings,
        );
        // Before scoring: the baseline is keyed by fingerprint, and a baselined finding costs
        // nothing.
        let mut fingerprints = if self.fingerprints || self.baseline.is_some() {
            crate::fingerprint::fingerprints(&doc, shown, &findings)
        } else {
            vec![String::new(); findings.len()]
        };
        if let Some(step) = &self.baseline {
            step.apply(shown, &doc, &mut findings, &mut fingerprints);
        }
        let prose = doc.prose();
        // Padding does not dilute: words of generic filler phrases are not counted when costs
        // are normalised, so adding filler can never raise a score.
        let padding = rules::filler::Padding::of(&doc, &ctx.phrases);
        let scored_words = prose.word_count.saturating_sub(padding.words());
        let rubric = score::rubric(&mut findings, &metas, scored_words, config);
        let hard_gates: Vec<String> = {
            let mut g: Vec<String> = Vec::new();
            for f in findings.iter().filter(|f| score::is_gate(config, f)) {
                if !g.iter().any(|x| *x == f.rule) {
                    g.push(f.rule.to_string());
                }
            }
            g
        };
        let min_score = self.options.min_score.unwrap_or(config.scoring.min_score);
        let score = rubric.overall_score;
        let valid = hard_gates.is_empty()
            && !findings.iter().any(|f| f.severity == Severity::Error)
            && f64::from(score) >= min_score;
        // After the rules ran: the SEO score is read from the SEO rules' findings.
        let figures = SeoFigures::of(&doc, config, ctx.keyword);
        let has_keyword = figures.primary_keyword.is_some();
        let rated = score::seo(&findings, |id| metas.contains_key(id), has_keyword);
        let seo = SeoBlock::new(figures, rated);
        let stats = Stats::new(&doc);
        let signature = self
            .signatures
            .then(|| Arc::new(crate::site::Signature::of(&doc, config, ctx.keyword)));
        let reported = findings
            .into_iter()
            .zip(fingerprints)
            .map(|(f, print)| ReportedFinding::of(&doc, f, print))
            .collect();
        let report = FileReport {
            path: shown.to_string(),
            valid,
            score,
            revision_count: 0,
            reference_date: ctx.reference_date.to_string(),
            reference_date_source: ctx.reference_date_source,
            rubric,
            hard_gates,
            findings: reported,
            suppressed: crate::suppress::reported(&doc, shown, suppressed),
            seo,
            stats,
            lines: doc.lines().clone(),
            source: Arc::clone(&doc.source),
            min_score,
            signature,
        };
        let phrases = std::mem::take(&mut ctx.phrases);
        Ok((
            report,
            LintedDocument {
                document: doc,
                phrases,
            },
        ))
    }

    /// Read and lint one input.
    pub fn lint_input(&self, input: &Input) -> Result<FileReport, FileError> {
        match input {
            Input::File(path) => {
                let source = read_article_limited(path, self.max_file_size)?;
                self.lint_source(path, source)
            }
            Input::Stdin(path) => {
                let bytes = crate::input::read_bounded(std::io::stdin(), self.max_file_size, 0)
                    .map_err(|e| {
                        FileError::new(
                            &input.display(),
                            None,
                            format!("cannot read standard input: {}", read_error(&e)),
                        )
                    })?;
                let source = decode(&input.display(), bytes)?;
                self.lint_source(path, source)
            }
        }
    }

    /// Lint many inputs on `jobs` threads. `sink` gets every result in input order, as soon
    /// as it and all before it are done (so output streams and stays deterministic).
    pub fn lint_batch(
        &self,
        inputs: &[Input],
        jobs: usize,
        sink: impl FnMut(usize, Result<FileReport, FileError>),
    ) {
        self.lint_batch_map(inputs, jobs, |_, result| result, sink);
    }

    /// [`Linter::lint_batch`] with `finish` run on the worker thread that linted each input
    /// (formatting a report there keeps the one thread that writes the output from becoming
    /// the bottleneck); `sink` gets what `finish` returns, in input order.
    pub fn lint_batch_map<T: Send>(
        &self,
        inputs: &[Input],
        jobs: usize,
        finish: impl Fn(usize, Result<FileReport, FileError>) -> T + Sync,
        sink: impl Sink<T>,
    ) {
        let work = |i: usize, input: &Input| {
            let result =
                catch_unwind(AssertUnwindSafe(|| self.lint_input(input))).unwrap_or_else(|_| {
                    Err(FileError::new(
                        &input.display(),
                        None,
                        "internal error while linting this file; please report it".into(),
                    ))
                });
            finish(i, result)
        };
        map_in_order(inputs, jobs, work, sink);
    }
}

/// Finished results [`map_in_order`]'s emitting thread lets gather before it wakes for them,
/// unless the first has waited [`HANDOFF_AFTER`]. Waking it for every file was a tenth of
/// the CPU of a run over a blog of 754 short articles (the workers' wake-up system calls and
/// the context switches: 0.030 s of system time of 0.27 s, against 0.006 s for a bare
/// parse).
const HANDOFF_ITEMS: usize = 32;

/// How long a finished result may wait for the emitting thread (the progress bar and the
/// streamed output lag the work by at most this).
const HANDOFF_AFTER: std::time::Duration = std::time::Duration::from_millis(20);

/// Results on their way from [`map_in_order`]'s workers to the thread that emits them.
struct Handoff<T> {
    state: Mutex<HandoffState<T>>,
    ready: Condvar,
}

struct HandoffState<T> {
    results: Vec<(usize, T)>,
    /// Workers still at work.
    running: usize,
}

impl<T> Handoff<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HandoffState<T>> {
        // A worker that panicked holding the lock left whole results behind.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push(&self, i: usize, result: T) {
        let mut state = self.lock();
        state.results.push((i, result));
        if state.results.len() >= HANDOFF_ITEMS {
            self.ready.notify_one();
        }
    }

    /// The results handed over so far (waiting for some), and whether they are the last.
    fn take(&self) -> (Vec<(usize, T)>, bool) {
        let mut state = self.lock();
        while state.results.len() < HANDOFF_ITEMS && state.running > 0 {
            let (next, wait) = self
                .ready
                .wait_timeout(state, HANDOFF_AFTER)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state = next;
            if wait.timed_out() && !state.results.is_empty() {
                break;
            }
        }
        (std::mem::take(&mut state.results), state.running == 0)
    }
}

/// Counts a worker out when it ends, however it ends (a panic included), so that the
/// emitting thread never waits for it.
struct Worker<'h, T>(&'h Handoff<T>);

impl<T> Drop for Worker<'_, T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.running -= 1;
        if state.running == 0 {
            self.0.ready.notify_one();
        }
    }
}

/// Where [`map_in_order`] delivers its results: each in item order, and a pause each time it
/// has delivered every result handed over so far (a writer flushes there, so that a reader
/// of its stream sees every finished result within [`HANDOFF_AFTER`], with one write for many
/// results). A closure `FnMut(usize, T)` is a sink that ignores the pauses.
pub trait Sink<T> {
    fn deliver(&mut self, i: usize, result: T);

    /// No further result is ready yet.
    fn pause(&mut self) {}
}

impl<T, F: FnMut(usize, T)> Sink<T> for F {
    fn deliver(&mut self, i: usize, result: T) {
        self(i, result)
    }
}

/// Runs `work` over `items` on `jobs` threads; `sink` gets every result in item order, as
/// soon as it and all before it are done (within [`HANDOFF_AFTER`]; so output streams and
/// stays deterministic). The machinery of [`Linter::lint_batch_map`], for batches of other
/// items (records, cached files).
pub fn map_in_order<I: Sync, T: Send>(
    items: &[I],
    jobs: usize,
    work: impl Fn(usize, &I) -> T + Sync,
    mut sink: impl Sink<T>,
) {
    let jobs = jobs.max(1);
    let next = AtomicUsize::new(0);
    // One input is linted on this thread: starting a pool's threads cost more than
    // checking a small article's rules.
    let pool = (items.len() > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .thread_name(|i| format!("contentlint-{i}"))
                .build()
                .ok()
        })
        .flatten();
    let handoff = Handoff {
        state: Mutex::new(HandoffState {
            results: Vec::new(),
            running: if pool.is_some() { jobs } else { 1 },
        }),
        ready: Condvar::new(),
    };
    let work = || {
        let _counted = Worker(&handoff);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            handoff.push(i, work(i, item));
        }
    };
    std::thread::scope(|scope| {
        match &pool {
            Some(pool) => {
                scope.spawn(|| {
                    pool.scope(|s| {
                        for _ in 0..jobs {
                            s.spawn(|_| work());
                        }
                    })
                });
            }
            // One input, or no threads to be had: lint on this one.
            None => work(),
        }
        let mut pending: FxHashMap<usize, T> = FxHashMap::default();
        let mut emit = 0;
        loop {
            let (results, last) = handoff.take();
            for (i, result) in results {
                pending.insert(i, result);
                while let Some(r) = pending.remove(&emit) {
                    sink.deliver(emit, r);
                    emit += 1;
                }
            }
            sink.pause();
            if last {
                break;
            }
        }
    });
}

/// Read a file as an article: clear errors for unreadable, binary and non-UTF-8 files.
pub fn read_article(path: &Path) -> Result<String, FileError> {
    read_article_limited(path, crate::input::DEFAULT_MAX_FILE_SIZE)
}

/// [`read_article`] with a size limit: only regular files, at most `max` bytes.
pub fn read_article_limited(path: &Path, max: u64) -> Result<String, FileError> {
    let shown = path.display().to_string();
    let bytes = crate::input::read_file(path, max).map_err(|e| {
        FileError::new(
            &shown,
            None,
            format!("cannot read file: {}", read_error(&e)),
        )
    })?;
    decode(&shown, bytes)
}

/// A read error in words, with the way out when the input is too large.
fn read_error(e: &crate::input::ReadError) -> String {
    match e {
        crate::input::ReadError::TooLarge { .. } => {
            format!("{e}; `check` takes a higher limit with --max-file-size")
        }
        crate::input::ReadError::Other(_) => e.to_string(),
    }
}

/// Bytes to text: a NUL byte means a binary file; otherwise it must be UTF-8.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    // memchr: a byte-at-a-time scan of the first 8 KB cost 1.5% of a check.
    if let Some(at) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
        return Err(FileError::new(
            shown,
            Some(line_at(&bytes, at)),
            format!("binary file (NUL byte at byte {at}); contentlint reads UTF-8 Markdown"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = line_at(e.as_bytes(), at);
        FileError::new(
            shown,
            Some(line),
            format!("invalid UTF-8 at byte {at} (line {line}); save the file as UTF-8"),
        )
    })
}

fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `--today` and friends: a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, String> {
    if text.len() == 10
        && let Some(d) = parse_date_prefix(text)
    {
        return Ok(d);
    }
    Err(format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed fixture, its body repeated past [`PARALLEL_RULES_FROM`]: findings of many
    /// rules, headings, statistics, a dated front matter.
    fn large_article() -> String {
        let seed = include_str!("../fixtures/seed.md");
        let body_at = seed[3..].find("---\n").map_or(0, |i| i + 7);
        let mut source = seed.to_string();
        while source.len() < 2 * PARALLEL_RULES_FROM {
            source.push_str(&seed[body_at..]);
        }
        source
    }

    /// Every result reaches the sink once, in item order, whatever order the workers finish
    /// in and however few results wait to be handed over; a worker that panics ends the run
    /// with its panic rather than leaving the emitting thread waiting.
    #[test]
    fn map_in_order_emits_every_result_in_order() {
        for (n, jobs) in [(0, 2), (1, 1), (2, 3), (HANDOFF_ITEMS * 3 + 5, 3), (100, 1)] {
            let items: Vec<usize> = (0..n).collect();
            let mut seen = Vec::new();
            map_in_order(
                &items,
                jobs,
                |i, &item| {
                    // Later items often finish first.
                    if item % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    (i, item * 2)
                },
                |i, (at, doubled)| {
                    assert_eq!((i, at), (seen.len(), seen.len()));
                    seen.push(doubled);
                },
            );
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
        // A sink that counts pauses: one comes after the last result.
        struct Counting<'c> {
            delivered: &'c mut usize,
            pauses_after: &'c mut Vec<usize>,
        }
        impl Sink<usize> for Counting<'_> {
            fn deliver(&mut self, i: usize, result: usize) {
                assert_eq!((i, result), (*self.delivered, *self.delivered));
                *self.delivered += 1;
            }
            fn pause(&mut self) {
                self.pauses_after.push(*self.delivered);
            }
        }
        let items: Vec<usize> = (0..HANDOFF_ITEMS * 4).collect();
        let (mut delivered, mut pauses_after) = (0, Vec::new());
        let counting = Counting {
            delivered: &mut delivered,
            pauses_after: &mut pauses_after,
        };
        map_in_order(&items, 2, |_, &item| item, counting);
        assert_eq!(delivered, items.len());
        assert_eq!(pauses_after.last(), Some(&items.len()));
        assert!(pauses_after.windows(2).all(|w| w[0] <= w[1]));
        let panicked = catch_unwind(|| {
            map_in_order(
                &[1, 2, 3, 4],
                2,
                |_, &item| {
                    assert_ne!(item, 3, "the third item panics");
                    item
                },
                |_, _| {},
            );
        });
        assert!(panicked.is_err());
    }

    fn report_json(linter: &Linter, source: &str) -> String {
        let report = linter
            .lint_source(Path::new("large.md"), source.to_string())
            .expect("lints");
        assert!(report.findings.len() > 100, "{}", report.findings.len());
        serde_json::to_string(&report).expect("serialises")
    }

    /// A large document's rules run on threads of their own (a single file, the language
    /// server) or on the pool the linter is called from (a batch), and the report is the one
    /// of the calling thread, finding for finding, score for score.
    #[test]
    fn a_large_documents_rules_in_parallel_report_as_on_one_thread() {
        let source = large_article();
        let doc = Document::parse(source.clone()).expect("parses");
        let one = Linter::with_config(Config::default());
        assert!(matches!(one.rule_threads(&doc), RuleThreads::Calling));
        let expected = report_json(&one, &source);

        let own = Linter::with_config(Config::default()).with_threads(4);
        assert!(matches!(own.rule_threads(&doc), RuleThreads::Own(_)));
        assert_eq!(report_json(&own, &source), expected);
        // A small document stays on the calling thread.
        let small = Document::parse("# Title\n\nShort.\n".to_string()).expect("parses");
        assert!(matches!(own.rule_threads(&small), RuleThreads::Calling));

        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("pool");
        pool.install(|| {
            assert!(matches!(one.rule_threads(&doc), RuleThreads::CurrentPool));
            assert_eq!(report_json(&one, &source), expected);
        });
    }

    /// An edit linted after the document before it (the language server's way) reports what
    /// a lint of the edited text alone reports, on the calling thread and on threads.
    #[test]
    fn an_edit_linted_after_its_previous_document_reports_as_alone() {
        let large = large_article();
        let middle = large[..large.len() / 2]
            .rfind("\n\n")
            .expect("a paragraph break")
            + 2;
        let edits = [
            format!(
                "{}A new paragraph, said to be the best. In 2019 we will ship it.\n\n{}",
                &large[..middle],
                &large[middle..]
            ),
            large.replacen("the", "THE", 3),
            large[..large.len() / 3].to_string(),
        ];
        for threads in [1, 4] {
            let linter = Linter::with_config(Config::default()).with_threads(threads);
            let path = Path::new("large.md");
            let (_, mut previous) = linter.lint_edit(path, large.clone(), None).expect("lints");
            for edit in &edits {
                let (report, linted) = linter
                    .lint_edit(path, edit.clone(), Some(&previous))
                    .expect("lints");
                assert_eq!(
                    serde_json::to_string(&report).expect("serialises"),
                    report_json(&linter, edit),
                    "{threads} threads"
                );
                previous = linted;
            }
        }
    }

    /// The clock's date is the one the time zone database gives (read on either side of it,
    /// in case midnight falls in between).
    #[test]
    fn the_clock_date_is_the_local_date() {
        let before = jiff::ZonedDateTime::now().date();
        let ours = clock_date();
        let after = jiff::ZonedDateTime::now().date();
        assert!(
            ours == before || ours == after,
            "{ours} not {before} or {after}"
        );
    }

    #[test]
    fn a_date_in_the_file_name_or_address_is_the_reference_date() {
        let linter = Linter::with_config(Config::default());
        let body = "# A post\n\nIn 2019, we will ship it.\n";
        let dated = linter
            .lint_source("_posts/2018-12-31-plans.md".as_ref(), body.into())
            .unwrap();
        assert_eq!(dated.reference_date, "2018-12-31");
        assert_eq!(dated.reference_date_source, DateSource::Path);
        assert!(
            !dated.hard_gates.iter().any(|g| g.starts_with("temporal/")),
            "2019 was the future on 2018-12-31: {:?}",
            dated.hard_gates
        );
        let zola = "+++\ntitle = \"Plans\"\npath = \"2018/12/31/plans\"\n+++\n".to_string() + body;
        let r = linter.lint_source("plans.md".as_ref(), zola).unwrap();
        assert_eq!(r.reference_date_source, DateSource::Path);
        // A front-matter date wins; with date_from_path off the address is not read.
        let fm = "---\ndate: 2017-01-02\n---\n".to_string() + body;
        let r = linter
            .lint_source("_posts/2018-12-31-plans.md".as_ref(), fm)
            .unwrap();
        assert_eq!(r.reference_date, "2017-01-02");
        let off = Config::from_toml_str("[brief]\ndate_from_path = false\n", None).unwrap();
        let r = Linter::with_config(off)
            .lint_source("_posts/2018-12-31-plans.md".as_ref(), body.into())
            .unwrap();
        assert_ne!(r.reference_date_source, DateSource::Path);
    }

    #[test]
    fn select_and_ignore_patterns() {
        assert!(matches_pattern("structure/single-h1", "structure"));
        assert!(matches_pattern("structure/single-h1", "structure/"));
        assert!(matches_pattern(
            "structure/single-h1",
            "structure/single-h1"
        ));
        assert!(!matches_pattern("structure/single-h1", "struct"));
        assert!(!matches_pattern("structure/single-h1", ""));
    }

    #[test]
    fn unknown_names_get_the_closest_known_one() {
        let known: Vec<String> = [
            "structure",
            "structure/min-h2",
            "structure/single-h1",
            "seo",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(suggest("strucutre", &known), Some("structure"));
        assert_eq!(suggest("Structure/", &known), Some("structure"));
        assert_eq!(
            suggest("structure/min-h3", &known),
            Some("structure/min-h2")
        );
        // a bare rule name finds its id
        assert_eq!(suggest("single-h1", &known), Some("structure/single-h1"));
        // nothing close: no guess
        assert_eq!(suggest("readability", &known), None);
        assert_eq!(suggest("", &known), None);
        assert_eq!(
            unknown_rule("--select", "strucutre", &known),
            "--select: no rule or group is named `strucutre`; did you mean `structure`? \
             `contentlint rules` lists them all"
        );
        assert_eq!(
            unknown_rule("--ignore", "xyzzy", &known),
            "--ignore: no rule or group is named `xyzzy`; `contentlint rules` lists them all"
        );
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("ünï", "uni"), 2);
    }

    #[test]
    fn selection_is_checked_against_the_live_registry() {
        let options = LintOptions {
            select: vec!["structure".into(), "filler/generic-phrase".into()],
            ignore: vec!["seo/title-length".into()],
            ..LintOptions::default()
        };
        let linter = Linter::new(ConfigResolver::fixed(Config::default()), options);
        assert_eq!(linter.check_selection([Path::new("a.md")]), Ok(()));
        let options = LintOptions {
            ignore: vec!["seo/titel-length".into()],
            ..LintOptions::default()
        };
        let linter = Linter::new(ConfigResolver::fixed(Config::default()), options);
        let e = linter.check_selection([Path::new("a.md")]).unwrap_err();
        assert!(e.contains("did you mean `seo/title-length`?"), "{e}");
        // every registered id and group is known, whatever branch added it
        let set = RuleSet::for_config(&Config::default()).unwrap();
        for r in &set.rules {
            assert!(set.knows(&r.meta().id));
            let group = r.meta().id.split('/').next().unwrap().to_string();
            assert!(set.known_names().contains(&group));
        }
    }

    /// Small documents take the phrase index that is quick to build until they add up to
    /// `QUICK_INDEX_BYTES`; a very large document takes the one quick to scan at once.
    #[test]
    fn a_very_large_first_document_takes_the_phrase_index_quick_to_scan() {
        let small_first = RuleSet::for_config(&Config::default()).unwrap();
        let document = QUICK_INDEX_MAX_DOCUMENT - 1;
        let quick = small_first.phrase_index(document).clone();
        let mut scanned = document;
        while scanned < QUICK_INDEX_BYTES {
            assert!(Arc::ptr_eq(&quick, small_first.phrase_index(document)));
            scanned += document;
        }
        assert!(small_first.phrases.get().is_none());
        let next = small_first.phrase_index(10_000);
        assert!(
            !Arc::ptr_eq(&quick, next),
            "past the budget: the other index"
        );
        let large_first = RuleSet::for_config(&Config::default()).unwrap();
        large_first.phrase_index(QUICK_INDEX_MAX_DOCUMENT);
        assert!(large_first.quick_phrases.get().is_none());
        assert!(large_first.phrases.get().is_some());
    }

    #[test]
    fn tone_profiles_share_ids_and_only_their_own_runs() {
        let set = RuleSet::for_config(&Config::default()).unwrap();
        assert_eq!(set.all("style/exclamation").count(), 3);
        let linter = Linter::with_config(Config::default());
        let src =
            |tone: &str| format!("---\ntone: {tone}\n---\n# T\n\nGreat! Really great! So good!!\n");
        let count = |tone: &str| {
            let r = linter.lint_source(Path::new("x.md"), src(tone)).unwrap();
            r.findings
                .iter()
                .filter(|f| f.rule == "style/exclamation")
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
        };
        // professional: one finding for the article; academic: one per mark; casual: the run
        assert_eq!(count("professional").len(), 1);
        assert_eq!(count("academic").len(), 3);
        assert_eq!(
            count("casual"),
            vec!["Repeated exclamation marks: \"!!\"".to_string()]
        );
    }

    #[test]
    fn overlapping_tones_cannot_share_an_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            r#"
[pack]
name = "mine"
tones = ["casual", "formal"]

[[rule]]
id = "style/exclamation"
kind = "existence"
dimension = "persona_style"
severity = "warning"
summary = "s"
doc = "d"
message = "m"
patterns = ['!']
examples = { fire = ["a!"], pass = ["a"] }
"#,
        )
        .unwrap();
        let mut config = Config::default();
        config.packs.dirs = vec![dir.path().to_path_buf()];
        let err = RuleSet::for_config(&config).err().unwrap();
        assert!(err.message.contains("style/exclamation"), "{}", err.message);
        // a new tone of its own is fine
        let text = std::fs::read_to_string(dir.path().join("mine.toml")).unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            text.replace(r#"["casual", "formal"]"#, r#"["formal"]"#),
        )
        .unwrap();
        assert!(RuleSet::for_config(&config).is_ok());
    }

    #[test]
    fn decode_errors_name_the_place() {
        let e = decode("a.md", b"ok\n\xff".to_vec()).unwrap_err();
        assert_eq!(
            e.message,
            "invalid UTF-8 at byte 3 (line 2); save the file as UTF-8"
        );
        let e = decode("b.md", b"\x89PNG\r\n\x00".to_vec()).unwrap_err();
        assert!(e.message.starts_with("binary file"), "{}", e.message);
    }
}
