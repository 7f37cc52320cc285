//! The linter: read a file, parse it once, run every enabled rule, score, and produce a
//! [`FileReport`]. Batches run in parallel on a rayon pool and come out in input order.

use crate::config::{Config, ConfigError, ConfigResolver};
use crate::document::{Document, parse_date_prefix};
use crate::finding::{Finding, Severity};
use crate::packs::{self, PackRule};
use crate::report::{FileError, FileReport, ReportedFinding, SeoBlock, Stats};
use crate::rules::{self, Context, DateSource, Rule, RuleMeta};
use crate::score;
use crate::seo::SeoAudit;
use jiff::civil::Date;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

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
    /// One pass over a document tells each phrase pack rule where to look.
    pub prefilter: packs::PackPrefilter,
}

impl RuleSet {
    pub fn for_config(config: &Config) -> Result<RuleSet, ConfigError> {
        let mut rules: Vec<RuleRef> = rules::builtin().into_iter().map(RuleRef::Builtin).collect();
        rules.extend(packs::embedded().iter().cloned().map(RuleRef::Pack));
        let base = config.base_dir();
        for dir in &config.packs.dirs {
            let loaded = packs::load_dir(&base.join(dir)).map_err(|message| ConfigError {
                path: config.path.clone().unwrap_or_default(),
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
        let prefilter = packs::PackPrefilter::new(rules.iter().filter_map(|r| match r {
            RuleRef::Pack(p) => Some(p.as_ref()),
            RuleRef::Builtin(_) => None,
        }));
        Ok(RuleSet { rules, prefilter })
    }

    pub fn get(&self, id: &str) -> Option<&RuleRef> {
        self.rules.iter().find(|r| r.meta().id == id)
    }

    /// The rule list as a Markdown table (the README's rule list is this, checked by a test).
    pub fn markdown_table(&self) -> String {
        let mut out =
            String::from("| rule | dimension | default severity | checks |\n|---|---|---|---|\n");
        for r in &self.rules {
            let m = r.meta();
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                m.id, m.dimension, m.severity, m.summary
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

/// `select`/`ignore` entries match an id exactly or as a group prefix (`structure`,
/// `structure/`).
fn matches_pattern(id: &str, pattern: &str) -> bool {
    let p = pattern.trim().trim_end_matches('/');
    !p.is_empty() && (id == p || id.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

pub struct Linter {
    resolver: ConfigResolver,
    options: LintOptions,
    rule_sets: Mutex<HashMap<Option<PathBuf>, Arc<RuleSet>>>,
}

/// Where an article comes from.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    /// Standard input, shown as (and configured as if at) this path.
    Stdin(PathBuf),
}

impl Input {
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
            rule_sets: Mutex::new(HashMap::new()),
        }
    }

    /// A linter that uses `config` for every file, with default options.
    pub fn with_config(config: Config) -> Linter {
        Linter::new(ConfigResolver::fixed(config), LintOptions::default())
    }

    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    pub fn config_for(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        self.resolver.for_file(path)
    }

    #[cfg(test)]
    pub(crate) fn config_for_tests(&self) -> Arc<Config> {
        self.resolver.for_file(Path::new("x.md")).expect("config")
    }

    pub fn rule_set(&self, config: &Config) -> Result<Arc<RuleSet>, ConfigError> {
        let key = config.path.clone();
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
        match config.rules.get(id) {
            Some(setting) => setting.severity(),
            None => Some(meta.severity),
        }
    }

    /// The per-article context: reference date, tone, keyword and SEO audit.
    pub fn context<'c>(&self, doc: &Document, config: &'c Config) -> Context<'c> {
        let (reference_date, reference_date_source) = if let Some(d) = self.options.today {
            (d, DateSource::Cli)
        } else if let Some(d) = doc.front_matter.date() {
            (d, DateSource::FrontMatter)
        } else if let Some(d) = config.current_date() {
            (d, DateSource::Config)
        } else {
            (jiff::ZonedDateTime::now().date(), DateSource::Clock)
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
        let rule_set = self.rule_set(config).ok();
        let enabled = |id: &str| {
            rule_set
                .as_ref()
                .and_then(|s| s.get(id))
                .is_some_and(|r| self.effective_severity(config, r.meta()).is_some())
        };
        let seo = SeoAudit::run(doc, config, self.options.keyword.as_deref(), &enabled);
        let pack_candidates = rule_set
            .as_ref()
            .map(|s| s.prefilter.scan(doc))
            .unwrap_or_default();
        let padding = if enabled(rules::filler::GENERIC_PHRASE) {
            rules::filler::Padding::compute(doc, &pack_candidates)
        } else {
            rules::filler::Padding::default()
        };
        Context {
            config,
            reference_date,
            reference_date_source,
            tone,
            technical_level,
            seo,
            padding,
            pack_candidates,
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

    pub fn lint_with_config(
        &self,
        shown: &str,
        source: String,
        config: &Config,
    ) -> Result<FileReport, FileError> {
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
        let ctx = self.context(&doc, config);
        let mut findings: Vec<Finding> = Vec::new();
        let mut metas: HashMap<&str, &RuleMeta> = HashMap::new();
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
            let found = catch_unwind(AssertUnwindSafe(|| r.rule().check(&doc, &ctx))).map_err(|_| {
                FileError::new(
                    shown,
                    None,
                    format!(
                        "internal error: rule `{}` crashed on this file; run with --ignore {} and please report it",
                        meta.id, meta.id
                    ),
                )
            })?;
            // A rule may grade its own findings (Yoast's ok band as info, bad as a warning); a
            // severity set in `[rules]` overrides them all.
            let configured = config.rules.contains_key(meta.id.as_ref());
            findings.extend(found.into_iter().map(|mut f| {
                if configured {
                    f.severity = severity;
                }
                f
            }));
        }
        findings.sort_by(|a, b| (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule)));
        let prose = doc.prose();
        // Padding does not dilute: words of generic filler phrases are not counted when costs
        // are normalised, so adding filler can never raise a score.
        let scored_words = prose.word_count.saturating_sub(ctx.padding.words());
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
        let seo = SeoBlock::new(&ctx.seo, score::seo_score(&ctx.seo));
        let stats = Stats::new(&doc);
        let reported = findings
            .iter()
            .map(|f| ReportedFinding::new(&doc, f))
            .collect();
        Ok(FileReport {
            path: shown.to_string(),
            valid,
            score,
            revision_count: 0,
            reference_date: ctx.reference_date.to_string(),
            reference_date_source: ctx.reference_date_source,
            rubric,
            hard_gates,
            findings: reported,
            seo,
            stats,
            source: Arc::from(doc.source.as_str()),
        })
    }

    /// Read and lint one input.
    pub fn lint_input(&self, input: &Input) -> Result<FileReport, FileError> {
        match input {
            Input::File(path) => {
                let source = read_article(path)?;
                self.lint_source(path, source)
            }
            Input::Stdin(path) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                    FileError::new(
                        &input.display(),
                        None,
                        format!("cannot read standard input: {e}"),
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
        mut sink: impl FnMut(usize, Result<FileReport, FileError>),
    ) {
        let jobs = jobs.max(1);
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("contentlint-{i}"))
            .build();
        let work = |tx: mpsc::Sender<(usize, Result<FileReport, FileError>)>| loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            let result =
                catch_unwind(AssertUnwindSafe(|| self.lint_input(input))).unwrap_or_else(|_| {
                    Err(FileError::new(
                        &input.display(),
                        None,
                        "internal error while linting this file; please report it".into(),
                    ))
                });
            if tx.send((i, result)).is_err() {
                break;
            }
        };
        std::thread::scope(|scope| {
            match &pool {
                Ok(pool) => {
                    let tx = tx.clone();
                    scope.spawn(move || {
                        pool.scope(|s| {
                            for _ in 0..jobs {
                                let tx = tx.clone();
                                s.spawn(|_| work(tx));
                            }
                        })
                    });
                }
                // No threads to be had: lint on this one.
                Err(_) => work(tx.clone()),
            }
            drop(tx);
            let mut pending: HashMap<usize, Result<FileReport, FileError>> = HashMap::new();
            let mut emit = 0;
            for (i, result) in rx {
                pending.insert(i, result);
                while let Some(r) = pending.remove(&emit) {
                    sink(emit, r);
                    emit += 1;
                }
            }
        });
    }
}

/// Read a file as an article: clear errors for unreadable, binary and non-UTF-8 files.
pub fn read_article(path: &Path) -> Result<String, FileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "is a directory".to_string(),
            _ => e.to_string(),
        };
        FileError::new(&shown, None, format!("cannot read file: {what}"))
    })?;
    decode(&shown, bytes)
}

/// Bytes to text: a NUL byte means a binary file; otherwise it must be UTF-8.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
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
