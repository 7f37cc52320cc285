//! `contentlint.toml`: the built-in defaults (`rules/defaults.toml`), a project file found by
//! walking up from each article (or `--config`), merged key by key. Front matter and the CLI are
//! applied on top per article (see [`crate::engine`]).

use crate::finding::{Dimension, Severity};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub mod layers;
pub mod show;
pub use layers::Origin;

pub const FILE_NAME: &str = "contentlint.toml";

/// The built-in presets (`preset = "..."`, `check --preset`): configuration files merged between
/// the built-in defaults and the project's `contentlint.toml` (`rules/presets/*.toml`; each
/// documents its settings), by name, as JSON (see [`crate::embedded`]).
pub const PRESETS: &[(&str, &str)] = &[
    (
        "article",
        crate::embedded_json!("rules/presets/article.toml"),
    ),
    ("blog", crate::embedded_json!("rules/presets/blog.toml")),
    ("docs", crate::embedded_json!("rules/presets/docs.toml")),
];

/// The preset used when neither the configuration nor the command line names one.
pub const DEFAULT_PRESET: &str = "article";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The preset this configuration was built on (`rules/presets/NAME.toml`).
    pub preset: String,
    /// Gitignore-style globs, relative to the configuration file's directory, of files that
    /// directory walks skip; applied after `default_exclude` (so `!pattern` re-includes).
    pub exclude: Vec<String>,
    /// The built-in excludes: files that are never articles (licences, template partials).
    pub default_exclude: Vec<String>,
    /// Apply `exclude` to files named on the command line too (ruff's `force-exclude`).
    pub force_exclude: bool,
    pub brief: Brief,
    pub structure: StructureConfig,
    pub seo: SeoConfig,
    pub content: ContentConfig,
    pub temporal: TemporalConfig,
    pub claims: ClaimsConfig,
    pub filler: FillerConfig,
    pub clarity: ClarityConfig,
    pub packs: PacksConfig,
    pub rules: BTreeMap<String, RuleSetting>,
    pub scoring: ScoringConfig,
    pub regenerate: RegenerateConfig,
    /// `[suppressions]`: what inline suppressions may do (src/suppress.rs).
    #[serde(default)]
    pub suppressions: crate::suppress::SuppressionsConfig,
    pub output: OutputConfig,
    /// `[site]`: the site checks (src/site).
    pub site: crate::site::SiteConfig,
    /// The file this configuration was read from (none: built-in defaults only).
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// The layers this configuration was merged from (see [`layers`]).
    #[serde(skip)]
    layered: Layered,
}

/// The `[[overrides]]` applied to a configuration: (layer, override) indices into its chain.
pub type AppliedOverrides = Vec<(usize, usize)>;

/// What identifies a configuration's rule set (see [`Config::rule_set_key`]).
pub type RuleSetKey = (Option<PathBuf>, AppliedOverrides);

/// What a configuration remembers of its layers: the merged table, where each key came from,
/// the compiled excludes, and the chain (to apply `[[overrides]]` per article).
#[derive(Clone, Default)]
struct Layered {
    table: Arc<toml::Table>,
    origins: Arc<BTreeMap<String, Origin>>,
    /// Each layer's `exclude` globs (`default_exclude` is in the table).
    excludes: Arc<Vec<layers::ExcludeLayer>>,
    /// `default_exclude`, then each layer's `exclude`, each relative to its file's directory.
    excluders: Arc<Vec<ignore::gitignore::Gitignore>>,
    /// What [`Config::is_excluded`] makes canonical, kept: it asks for every file of a walk.
    canonical: Arc<CanonicalDirs>,
    chain: Option<Arc<layers::Chain>>,
    /// The overrides applied: (layer, override) indices into the chain.
    applied: Vec<(usize, usize)>,
}

/// The merged table and the overrides applied, nothing compiled: the compiled glob matchers'
/// Debug shows their thread pools' state, which changes as other threads match, and the result
/// cache keys a configuration by its Debug text ([`crate::cache`]).
impl std::fmt::Debug for Layered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layered")
            .field("table", &self.table)
            .field("applied", &self.applied)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    pub current_date: Option<String>,
    pub tone: String,
    pub technical_level: Option<u8>,
    pub hard_gates: Vec<String>,
    /// Front-matter keys read as the publication date after the built-in ones.
    pub date_keys: Vec<String>,
    /// With no readable date key, read the date from the file name or the page's address.
    pub date_from_path: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureConfig {
    pub title_is_h1: bool,
    pub min_h2: usize,
    pub conclusion_headings: Vec<String>,
    pub trailing_headings: Vec<String>,
    /// `structure/min-h2` and `structure/conclusion` judge only texts of at least this many
    /// words (0: every text).
    pub sections_min_words: usize,
    /// `structure/empty-section`: headings that may stay empty (a template's fixed sections).
    pub empty_allowed: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeoConfig {
    pub density_min: f64,
    pub density_max: f64,
    pub meta_description_min: usize,
    pub meta_description_max: usize,
    pub title_min: usize,
    pub title_max: usize,
    pub min_words: usize,
    pub max_words_without_subheading: usize,
    pub min_images: usize,
    /// Derive a primary keyword from the title when none is given (false: keyword checks
    /// run only with a keyword from the CLI or front matter).
    pub derive_keyword: bool,
    /// Front-matter keys read as the primary keyword, in order.
    pub keyword_keys: Vec<String>,
}

/// `[content]`: how the content model reads site syntax (src/document).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentConfig {
    /// Shortcode names that are images (`{{< figure src=... alt=... >}}`).
    pub image_shortcodes: Vec<String>,
    /// Paired shortcode names whose inner content is code (`{{< highlight go >}}`).
    pub code_shortcodes: Vec<String>,
}

/// `[temporal]`: the temporal rules (src/rules/temporal).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemporalConfig {
    /// `temporal/stale-as-of`: "as of <year>" older than this many years (by calendar year)
    /// is stale.
    pub stale_after_years: u32,
}

/// `[claims]`: the factual-consistency rules (src/rules/claims).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsConfig {
    /// `claims/title-mismatch`: least share of the shorter title's words found in the other.
    pub title_min_overlap: f64,
    /// `claims/unsourced-statistic`: a figure in a paragraph written in the first person plural
    /// ("we", "our") is the writer's organisation reporting its own numbers.
    pub first_person_plural_sources: bool,
}

/// `[filler]`: thresholds of the filler rules (the phrase lists live in rules/).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FillerConfig {
    /// `filler/buzzword-density`: most buzzwords per 100 words of prose.
    pub buzzword_density_max: f64,
    /// ... and the fewest buzzwords that can fire it, whatever the density.
    pub buzzword_min_count: usize,
}

/// `[clarity]`: thresholds of the clarity rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarityConfig {
    pub long_sentence_words: u32,
    pub long_sentence_share_ok: f64,
    pub long_sentence_share_bad: f64,
    pub min_sentences: usize,
    pub paragraph_words_ok: u32,
    pub paragraph_words_bad: u32,
    pub passive_share_ok: f64,
    pub passive_share_bad: f64,
    /// `clarity/passive-voice`: the fewest passive sentences whose share is judged.
    pub passive_min_count: usize,
    pub consecutive_openers: usize,
    pub section_words_ok: usize,
    pub section_words_bad: usize,
    /// How much a word of a list item weighs in a section's word count (0 to 1).
    pub section_list_weight: f64,
    pub readability_min_words: usize,
    pub default_technical_level: u8,
    pub readability: Vec<ReadabilityBand>,
}

/// The readability expected of an article of one technical level.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadabilityBand {
    pub level: u8,
    pub min_reading_ease: f64,
    pub max_grade: f64,
    /// Who the level is for, shown in messages.
    pub audience: String,
}

impl ClarityConfig {
    /// The band of the highest level not above `level` (the lowest band if none is).
    pub fn band_for(&self, level: u8) -> Option<&ReadabilityBand> {
        self.readability
            .iter()
            .filter(|b| b.level <= level)
            .max_by_key(|b| b.level)
            .or_else(|| self.readability.iter().min_by_key(|b| b.level))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacksConfig {
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringConfig {
    pub severity_factor: BTreeMap<Severity, f64>,
    pub min_words: usize,
    pub constants: BTreeMap<Dimension, f64>,
    pub weights: BTreeMap<Dimension, f64>,
    pub gate_cap: f64,
    pub min_score: f64,
}

/// `[output]`: settings of the output formats.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// `--format github`: most annotations of one file, of one kind, and in all (see
    /// [`crate::report::GithubLimits`]).
    pub github_max_per_file: usize,
    pub github_max_per_type: usize,
    pub github_max_total: usize,
}

/// `[regenerate]`: the writer and image backends of `contentlint regenerate`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegenerateConfig {
    pub max_revisions: u32,
    pub images: bool,
    pub backup: bool,
    pub prompt_max_chars: usize,
    /// Most bytes a command backend may print before it is stopped (an error).
    pub max_output_bytes: u64,
    pub keep_front_matter: Vec<String>,
    pub hard_rules: Vec<String>,
    pub writer: WriterConfig,
    pub image: ImageConfig,
    pub http: HttpConfig,
}

/// Which kind of backend serves the writer or the images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    /// An OpenAI-compatible HTTP API.
    Openai,
    /// A local program: prompt on stdin, answer on stdout.
    Command,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriterConfig {
    pub backend: BackendKind,
    pub url: String,
    pub model: String,
    pub api_key_env: String,
    pub command: Vec<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageConfig {
    pub backend: BackendKind,
    pub url: String,
    pub model: String,
    pub api_key_env: String,
    pub command: Vec<String>,
    pub hero_size: String,
    pub size: String,
    pub min_images: Option<usize>,
    pub response_format: String,
    pub style: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub connect_timeout_secs: f64,
    pub timeout_secs: f64,
    pub retries: u32,
    pub backoff_ms: u64,
    pub max_retry_wait_secs: f64,
}

/// `WIDTHxHEIGHT`, as image APIs take sizes.
pub fn is_image_size(size: &str) -> bool {
    size.split_once('x').is_some_and(|(w, h)| {
        [w, h]
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

impl RegenerateConfig {
    fn validate(&self) -> Result<(), String> {
        if self.max_revisions == 0 {
            return Err("[regenerate] max_revisions must be at least 1".into());
        }
        if self.prompt_max_chars < 1000 {
            return Err("[regenerate] prompt_max_chars must be at least 1000".into());
        }
        for (key, size) in [
            ("hero_size", &self.image.hero_size),
            ("size", &self.image.size),
        ] {
            if !is_image_size(size) {
                return Err(format!(
                    "[regenerate.image] {key} = {size:?} is not a size; write it as WIDTHxHEIGHT, e.g. \"1792x1024\""
                ));
            }
        }
        let h = &self.http;
        for (key, secs) in [
            ("connect_timeout_secs", h.connect_timeout_secs),
            ("timeout_secs", h.timeout_secs),
            ("max_retry_wait_secs", h.max_retry_wait_secs),
        ] {
            // Duration::from_secs_f64 panics on NaN, negative or huge values.
            if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
                return Err(format!(
                    "[regenerate.http] {key} must be a number of seconds above 0 and at most 86400"
                ));
            }
        }
        if let Some(t) = self.writer.temperature
            && !(0.0..=2.0).contains(&t)
        {
            return Err("[regenerate.writer] temperature must be between 0 and 2".into());
        }
        Ok(())
    }
}

/// A rule's setting in `[rules]`: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleSetting {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Off => None,
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Error => Some(Severity::Error),
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_chain(layers::Chain {
            steps: Vec::new(),
            preset_cli: None,
            path: None,
        })
        .expect("built-in defaults are valid")
    }
}

/// A merged table read as a [`Config`] (keys and types only; [`Config::validate`] checks
/// values).
fn deserialize(table: toml::Table) -> Result<Config, String> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| {
            format!("{}; see docs/configuration.md for the keys", e.message())
        })
}

fn defaults_table() -> toml::Table {
    crate::embedded::read(
        "rules/defaults.toml",
        crate::embedded_json!("rules/defaults.toml"),
    )
}

/// A built-in preset's table, or an error that lists the presets.
pub fn preset_table(name: &str) -> Result<toml::Table, String> {
    Ok(crate::embedded::read(name, preset_json(name)?))
}

/// The names of the built-in presets, for messages: `article, blog, docs`.
pub fn preset_names() -> String {
    PRESETS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The JSON of a built-in preset, or an error that lists the presets.
pub fn preset_json(name: &str) -> Result<&'static str, String> {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, json)| *json)
        .ok_or_else(|| {
            format!(
                "unknown preset {name:?}; the presets are {}",
                preset_names()
            )
        })
}

/// The built-in defaults with a preset merged over them.
fn base_table(preset: &str) -> toml::Table {
    let mut table = defaults_table();
    let over = preset_table(preset).expect("a built-in preset");
    merge(&mut table, over);
    table.insert("preset".into(), toml::Value::String(preset.into()));
    table
}

impl Config {
    /// Read a configuration file (and the files it `extends`) and merge it over the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with_preset(path, None)
    }

    /// Read a configuration file with `preset` (from `--preset`) instead of the one it names.
    pub fn load_with_preset(path: &Path, preset: Option<&str>) -> Result<Config, ConfigError> {
        let file = layers::LayerFile::load(path)?;
        Config::from_chain(layers::chain_of(file, preset, Some(path))?)
    }

    /// The built-in defaults under a preset (no project file).
    pub fn for_preset(preset: &str) -> Result<Config, ConfigError> {
        preset_json(preset).map_err(|message| ConfigError {
            path: PathBuf::from("--preset"),
            message,
        })?;
        Config::from_chain(layers::Chain {
            steps: Vec::new(),
            preset_cli: Some(preset.to_string()),
            path: None,
        })
    }

    /// Parse configuration text (as found at `path`, used for messages and relative paths).
    pub fn from_toml_str(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        Config::from_toml_str_with_preset(text, path, None)
    }

    /// Parse configuration text; `preset` (the command line's) wins over the text's `preset`.
    /// Merge order: built-in defaults < preset < the files it `extends` < this text.
    pub fn from_toml_str_with_preset(
        text: &str,
        path: Option<&Path>,
        preset: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let file = layers::LayerFile::parse(text, path)?;
        Config::from_chain(layers::chain_of(file, preset, path)?)
    }

    fn from_chain(chain: layers::Chain) -> Result<Config, ConfigError> {
        layers::build(&Arc::new(chain), &[])
    }

    /// Whether `[[overrides]]` may change this configuration for some articles (none applied
    /// yet).
    fn has_overrides(&self) -> bool {
        self.layered.applied.is_empty()
            && self
                .layered
                .chain
                .as_deref()
                .is_some_and(layers::has_overrides)
    }

    /// The overrides whose globs match `file` (absolute, with a canonical directory), and the
    /// chain to merge them into; `None` if none do.
    fn with_overrides_for(&self, file: &Path) -> Option<(AppliedOverrides, &Arc<layers::Chain>)> {
        let chain = self.layered.chain.as_ref()?;
        if !self.layered.applied.is_empty() || !layers::has_overrides(chain) {
            return None;
        }
        let matched = layers::matching_overrides(chain, file);
        (!matched.is_empty()).then_some((matched, chain))
    }

    /// The file (and override) that set `key`, a dotted key as `config --show-origin` writes
    /// it (`seo.title_max`, `rules."structure/min-h2"`): [`Origin::Defaults`] for a key that
    /// no layer above the built-in defaults sets (their origins are not recorded).
    pub fn origin(&self, key: &str) -> &Origin {
        static DEFAULTS: Origin = Origin::Defaults;
        self.layered.origins.get(key).unwrap_or(&DEFAULTS)
    }

    /// The configuration file that set `key`, else the configuration's own file: where an
    /// error about that key belongs.
    pub fn file_that_set(&self, key: &str) -> PathBuf {
        self.origin(key)
            .file()
            .or(self.path.as_deref())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// What identifies this configuration's rule set: its file and the overrides applied
    /// (an override may set `[packs]` or name rules, which the rule set checks).
    pub fn rule_set_key(&self) -> RuleSetKey {
        (self.path.clone(), self.layered.applied.clone())
    }

    /// Whether `check` skips `path`: a file found by walking a directory when it is excluded;
    /// a file named on the command line (`named`) only under `force_exclude` or
    /// `--force-exclude` (`force`), as ruff does.
    pub fn skips(&self, path: &Path, named: bool, force: bool) -> bool {
        (!named || force || self.force_exclude) && self.is_excluded(path)
    }

    /// Whether a directory walk skips `path`: each layer's `exclude` (deepest first; the first
    /// whose globs decide, as with nested `.gitignore` files), then `default_exclude`, gitignore
    /// style, each relative to the directory of the file that set it (the built-in list: the
    /// outermost configuration file's, else the current directory). Files named on the command
    /// line are linted whatever this says, unless `force_exclude`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let excluders = &self.layered.excluders;
        if excluders.iter().all(|e| e.is_empty()) {
            return false;
        }
        let canonical = &self.layered.canonical;
        let full = canonical.absolute(path);
        let roots = canonical
            .roots
            .get_or_init(|| excluders.iter().map(|e| canonical_root(e.path())).collect());
        for (index, (excluder, root)) in excluders.iter().zip(roots).enumerate().rev() {
            if excluder.is_empty() {
                continue;
            }
            let relative = relative_to(&full, root.as_deref());
            let matched = file_or_parents_match(excluder, &relative, |parent| {
                canonical.parents_match(index, excluder, parent)
            });
            match matched {
                ExcludeMatch::Ignore => return true,
                ExcludeMatch::Whitelist => return false,
                ExcludeMatch::None => {}
            }
        }
        false
    }

    fn validate(&self) -> Result<(), String> {
        self.validate_numbers()?;
        if let Some(date) = &self.brief.current_date
            && date.parse::<jiff::civil::Date>().is_err()
        {
            return Err(format!(
                "[brief] current_date = {date:?} is not a date; write it as YYYY-MM-DD"
            ));
        }
        if self.seo.density_min > self.seo.density_max {
            return Err("[seo] density_min is larger than density_max".into());
        }
        if self.seo.meta_description_min > self.seo.meta_description_max {
            return Err("[seo] meta_description_min is larger than meta_description_max".into());
        }
        self.regenerate.validate()?;
        self.site.validate()?;
        let c = &self.clarity;
        if c.long_sentence_share_ok > c.long_sentence_share_bad {
            return Err(
                "[clarity] long_sentence_share_ok is larger than long_sentence_share_bad".into(),
            );
        }
        if c.passive_share_ok > c.passive_share_bad {
            return Err("[clarity] passive_share_ok is larger than passive_share_bad".into());
        }
        if c.paragraph_words_ok > c.paragraph_words_bad {
            return Err("[clarity] paragraph_words_ok is larger than paragraph_words_bad".into());
        }
        if c.section_words_ok > c.section_words_bad {
            return Err("[clarity] section_words_ok is larger than section_words_bad".into());
        }
        if !(0.0..=1.0).contains(&c.section_list_weight) {
            return Err("[clarity] section_list_weight must be between 0 and 1".into());
        }
        if c.consecutive_openers < 2 {
            return Err("[clarity] consecutive_openers must be at least 2".into());
        }
        for dim in Dimension::RUBRIC {
            match self.scoring.constants.get(&dim) {
                Some(c) if *c > 0.0 => {}
                _ => {
                    return Err(format!(
                        "[scoring] constants.{dim} must be a positive number"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every floating-point number of the configuration is finite and within its documented
    /// range (rules/defaults.toml says each range). TOML can spell `nan`, `inf` and negative
    /// numbers, and any of them would make a score or a threshold silently meaningless.
    fn validate_numbers(&self) -> Result<(), String> {
        let s = &self.seo;
        in_range("[seo] density_min", s.density_min, 0.0, Some(100.0))?;
        in_range("[seo] density_max", s.density_max, 0.0, Some(100.0))?;
        if s.title_min > s.title_max {
            return Err(format!(
                "[seo] title_min = {} is larger than title_max = {}",
                s.title_min, s.title_max
            ));
        }
        in_range(
            "[claims] title_min_overlap",
            self.claims.title_min_overlap,
            0.0,
            Some(1.0),
        )?;
        in_range(
            "[filler] buzzword_density_max",
            self.filler.buzzword_density_max,
            0.0,
            Some(100.0),
        )?;
        let c = &self.clarity;
        for (key, share) in [
            ("long_sentence_share_ok", c.long_sentence_share_ok),
            ("long_sentence_share_bad", c.long_sentence_share_bad),
            ("passive_share_ok", c.passive_share_ok),
            ("passive_share_bad", c.passive_share_bad),
        ] {
            in_range(&format!("[clarity] {key}"), share, 0.0, Some(100.0))?;
        }
        for band in &c.readability {
            // Flesch Reading Ease runs from about -50 to 121 on real text; the grade from -3.4
            // up. Any finite bound is meaningful, so only NaN and infinities are refused.
            for (key, value) in [
                ("min_reading_ease", band.min_reading_ease),
                ("max_grade", band.max_grade),
            ] {
                if !value.is_finite() {
                    return Err(format!(
                        "[[clarity.readability]] level {}: {key} = {value} is not a finite number",
                        band.level
                    ));
                }
            }
        }
        let sc = &self.scoring;
        for (severity, factor) in &sc.severity_factor {
            in_range(
                &format!("[scoring] severity_factor.{severity}"),
                *factor,
                0.0,
                None,
            )?;
        }
        for (dim, constant) in &sc.constants {
            if !(constant.is_finite() && *constant > 0.0) {
                return Err(format!(
                    "[scoring] constants.{dim} = {constant} is out of range: it must be a finite \
                     number above 0"
                ));
            }
        }
        for (dim, weight) in &sc.weights {
            in_range(&format!("[scoring] weights.{dim}"), *weight, 0.0, None)?;
        }
        if !Dimension::RUBRIC
            .iter()
            .any(|d| sc.weights.get(d).copied().unwrap_or(1.0) > 0.0)
        {
            return Err(
                "[scoring] weights: every rubric dimension has weight 0, so the overall score \
                 would mean nothing; give at least one a weight above 0"
                    .into(),
            );
        }
        in_range("[scoring] gate_cap", sc.gate_cap, 0.0, Some(100.0))?;
        in_range("[scoring] min_score", sc.min_score, 0.0, Some(100.0))?;
        Ok(())
    }

    /// The directory relative paths in this configuration are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The reference date from `[brief] current_date`, if set.
    pub fn current_date(&self) -> Option<jiff::civil::Date> {
        self.brief.current_date.as_deref()?.parse().ok()
    }
}

/// `path` with its directory made canonical (like the resolver's directories, so symlinked
/// trees line up), else made absolute.
fn absolute(p: &Path) -> PathBuf {
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (dir.canonicalize(), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// What an excluder says of a path: the three cases of `ignore`'s `Match`, without the glob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExcludeMatch {
    None,
    Ignore,
    Whitelist,
}

impl<T> From<ignore::Match<T>> for ExcludeMatch {
    fn from(m: ignore::Match<T>) -> Self {
        match m {
            ignore::Match::None => ExcludeMatch::None,
            ignore::Match::Ignore(_) => ExcludeMatch::Ignore,
            ignore::Match::Whitelist(_) => ExcludeMatch::Whitelist,
        }
    }
}

/// `excluder.matched_path_or_any_parents(relative, false)` of a file's path relative to the
/// excluder's root, in two steps: the file itself, then (when it says nothing) what
/// `parents(directory)` answers for its directory, which is
/// `matched_path_or_any_parents(directory, true)`: the same walk up, the same globs. The
/// directory's answer is the same for every file in it, so the caller can remember it:
/// matching every parent of every file was 1% of a check over the PowerShell docs.
fn file_or_parents_match(
    excluder: &ignore::gitignore::Gitignore,
    relative: &Path,
    parents: impl FnOnce(&Path) -> ExcludeMatch,
) -> ExcludeMatch {
    match ExcludeMatch::from(excluder.matched(relative, false)) {
        ExcludeMatch::None => relative.parent().map_or(ExcludeMatch::None, parents),
        matched => matched,
    }
}

/// The canonical paths [`Config::is_excluded`] needs, made once: the roots of the excluders,
/// and the directories of the files asked about. Canonicalizing both for every file was 1.5%
/// of a check's CPU, in system calls; a directory's canonical form is its parent's and its
/// name when it is no symbolic link (one `lstat`, where `canonicalize` reads every component
/// of the path: a blog of 754 articles in 178 directories made 1,087 failed `readlink` calls).
#[derive(Default)]
struct CanonicalDirs {
    /// [`canonical_root`] of each excluder, in order.
    roots: std::sync::OnceLock<Vec<Option<PathBuf>>>,
    /// Directories as given and their canonical forms (`None`: it could not be made
    /// canonical). As many as the directories of the files checked.
    dirs: Mutex<FxHashMap<PathBuf, Option<PathBuf>>>,
    /// By excluder (its index) and directory relative to its root: what it says of the
    /// directory or a directory above it (see [`file_or_parents_match`]).
    parents: Mutex<FxHashMap<(usize, PathBuf), ExcludeMatch>>,
}

impl CanonicalDirs {
    /// `excluder.matched_path_or_any_parents(dir, true)`, remembered: `excluder` is the
    /// configuration's excluder number `index`, and `dir` is relative to its root.
    fn parents_match(
        &self,
        index: usize,
        excluder: &ignore::gitignore::Gitignore,
        dir: &Path,
    ) -> ExcludeMatch {
        let key = (index, dir.to_path_buf());
        if let Some(&known) = self.parents.lock().expect("exclude cache").get(&key) {
            return known;
        }
        let matched = ExcludeMatch::from(excluder.matched_path_or_any_parents(dir, true));
        self.parents
            .lock()
            .expect("exclude cache")
            .insert(key, matched);
        matched
    }

    /// [`absolute`], with the canonical directories of earlier calls reused.
    fn absolute(&self, p: &Path) -> PathBuf {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match (self.canonical_dir(dir), p.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
        }
    }

    /// `dir.canonicalize()`, remembered, and derived from its parent's when `dir` is a plain
    /// directory under it (not a symbolic link, not `.` or `..`).
    fn canonical_dir(&self, dir: &Path) -> Option<PathBuf> {
        // The lock is not held while a parent is made canonical.
        let known = self
            .dirs
            .lock()
            .expect("canonical directory cache")
            .get(dir)
            .cloned();
        if let Some(canonical) = known {
            return canonical;
        }
        let derived = match (dir.parent(), dir.components().next_back()) {
            (Some(parent), Some(std::path::Component::Normal(name)))
                if !parent.as_os_str().is_empty()
                    && std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) =>
            {
                self.canonical_dir(parent).map(|p| p.join(name))
            }
            _ => None,
        };
        let canonical = derived.or_else(|| dir.canonicalize().ok());
        self.dirs
            .lock()
            .expect("canonical directory cache")
            .insert(dir.to_path_buf(), canonical.clone());
        canonical
    }
}

/// A configuration's directory made canonical for [`relative_to`] (empty: the current
/// directory); `None` if the current directory cannot be read.
fn canonical_root(root: &Path) -> Option<PathBuf> {
    if root.as_os_str().is_empty() {
        std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok())
    } else {
        Some(root.canonicalize().unwrap_or_else(|_| root.to_path_buf()))
    }
}

/// `full` (see [`absolute`]) relative to `root` (a configuration's directory made canonical,
/// see [`canonical_root`]), as the gitignore matcher wants it. A path outside `root` keeps its
/// components without the root, so patterns without a slash (`LICENSE*`, `layouts/`) still
/// match.
fn relative_to(full: &Path, root: Option<&Path>) -> PathBuf {
    if let Some(rest) = root.and_then(|r| full.strip_prefix(r).ok()) {
        return rest.to_path_buf();
    }
    full.components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect()
}

/// A configuration file's text. Bounded, regular files only: `--config /dev/zero` or a FIFO
/// is an error, not a hang.
fn read_config_text(path: &Path) -> Result<String, ConfigError> {
    let err = |message: String| ConfigError {
        path: path.to_path_buf(),
        message,
    };
    let bytes = crate::input::read_file(path, crate::input::DEFAULT_MAX_FILE_SIZE)
        .map_err(|e| err(format!("cannot read configuration: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "cannot read configuration: invalid UTF-8 at byte {}; save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// `value` is finite and in `min..=max` (no `max`: unbounded above); the error names the key,
/// the value and the range.
pub fn in_range(key: &str, value: f64, min: f64, max: Option<f64>) -> Result<(), String> {
    let ok = value.is_finite() && value >= min && max.is_none_or(|m| value <= m);
    if ok {
        return Ok(());
    }
    Err(match max {
        Some(max) => {
            format!("{key} = {value} is out of range: it must be a number from {min} to {max}")
        }
        None => format!("{key} = {value} is out of range: it must be a finite number >= {min}"),
    })
}

/// `--min-score`: a number from 0 to 100 (clap value parser).
pub fn parse_min_score(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number; give a score from 0 to 100"))?;
    in_range("--min-score", value, 0.0, Some(100.0))?;
    Ok(value)
}

/// Merge `over` into `base`: tables merge recursively, anything else replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Finds and caches the configuration of each article: the `contentlint.toml` files from the
/// article's directory up to the outermost one (or one with `root = true`), merged over the
/// built-in defaults, then the `[[overrides]]` that match the article. The merge is computed
/// once per nearest file, and once per set of overrides that match.
#[derive(Default)]
pub struct ConfigResolver {
    explicit: Option<Arc<Config>>,
    /// `explicit` is answered as it is: its overrides were applied already (or are not wanted).
    fixed: bool,
    /// `--preset`: wins over the preset a configuration file names.
    preset: Option<String>,
    by_dir: Mutex<FxHashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
    /// The canonical directory and its configuration for each directory as the paths name it,
    /// before `canonicalize`: one system call per directory of a run, not per file.
    by_given_dir: Mutex<FxHashMap<PathBuf, CanonicalAndConfig>>,
    /// The merged configuration by its nearest file.
    by_file: Mutex<FxHashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
    /// Each configuration file, read and checked once however many chains it is in.
    layer_files: Mutex<FxHashMap<PathBuf, Result<Arc<layers::LayerFile>, ConfigError>>>,
    /// The articles' directories made canonical (from their parents' where they can be).
    canonical: CanonicalDirs,
    /// A configuration with overrides applied, by (its file, the overrides).
    with_overrides: OverrideCache,
    /// The configuration of an article with no configuration file above it: the built-in
    /// defaults, or `--preset`'s. Without a preset, made on first use: a run with `--config`
    /// never needs it, and `Default` made it once for nothing (4% of checking a small article).
    defaults: OnceLock<Arc<Config>>,
}

type OverrideCache = Mutex<FxHashMap<RuleSetKey, Result<Arc<Config>, ConfigError>>>;

/// A directory's canonical name and its configuration.
type CanonicalAndConfig = (PathBuf, Result<Arc<Config>, ConfigError>);

impl ConfigResolver {
    /// `explicit`: a `--config` file used for every article instead of discovery.
    pub fn new(explicit: Option<&Path>) -> Result<ConfigResolver, ConfigError> {
        ConfigResolver::with_preset(explicit, None)
    }

    /// Like [`ConfigResolver::new`], with `preset` (from `--preset`) instead of the preset
    /// each configuration names. An unknown preset is an error that lists the presets.
    pub fn with_preset(
        explicit: Option<&Path>,
        preset: Option<&str>,
    ) -> Result<ConfigResolver, ConfigError> {
        // An unknown preset is an error now, not at the first article.
        let defaults = match preset {
            Some(name) => OnceLock::from(Arc::new(Config::for_preset(name)?)),
            None => OnceLock::new(),
        };
        let explicit = explicit
            .map(|p| Config::load_with_preset(p, preset))
            .transpose()?
            .map(Arc::new);
        Ok(ConfigResolver {
            explicit,
            preset: preset.map(str::to_string),
            defaults,
            ..ConfigResolver::default()
        })
    }

    /// A resolver that always answers `config`.
    pub fn fixed(config: Config) -> ConfigResolver {
        ConfigResolver {
            explicit: Some(Arc::new(config)),
            fixed: true,
            ..ConfigResolver::default()
        }
    }

    /// The configuration for an article at `path` (stdin: the current directory).
    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let given = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some(c) = &self.explicit {
            if self.fixed || !c.has_overrides() {
                return Ok(c.clone());
            }
            let file = absolute(path);
            return self.apply_overrides(c, &file);
        }
        let cached = self
            .by_given_dir
            .lock()
            .expect("config cache")
            .get(given)
            .cloned();
        let (dir, base) = match cached {
            Some(found) => found,
            None => {
                let dir = self
                    .canonical
                    .canonical_dir(given)
                    .unwrap_or_else(|| given.to_path_buf());
                let result = self.for_dir(&dir);
                self.by_given_dir
                    .lock()
                    .expect("config cache")
                    .insert(given.to_path_buf(), (dir.clone(), result.clone()));
                (dir, result)
            }
        };
        let base = base?;
        if !base.has_overrides() {
            return Ok(base);
        }
        let file = match path.file_name() {
            Some(name) => dir.join(name),
            None => absolute(path),
        };
        self.apply_overrides(&base, &file)
    }

    /// The configuration of the articles in `dir`, before any `[[overrides]]` (they depend on
    /// an article's path).
    pub fn for_directory(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        self.for_dir(&dir)
    }

    /// `base` with the overrides that match `file` (absolute, canonical directory).
    fn apply_overrides(&self, base: &Arc<Config>, file: &Path) -> Result<Arc<Config>, ConfigError> {
        let Some((matched, chain)) = base.with_overrides_for(file) else {
            return Ok(base.clone());
        };
        let key = (base.path.clone(), matched);
        if let Some(found) = self.with_overrides.lock().expect("config cache").get(&key) {
            return found.clone();
        }
        let result = layers::build(chain, &key.1).map(Arc::new);
        self.with_overrides
            .lock()
            .expect("config cache")
            .insert(key, result.clone());
        result
    }

    /// The configuration of `dir`: its own file's, or else its parent's. Every directory on
    /// the way up is remembered, so a tree is probed once a directory, not once for every
    /// ancestor of every directory (on the Rust blog's 68 directories, a run's failed
    /// probes for files went from 782 to 362).
    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_dir.lock().expect("config cache").get(dir) {
            return found.clone();
        }
        let file = dir.join(FILE_NAME);
        let result = if file.is_file() {
            self.for_nearest(&file)
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent),
                None => Ok(self
                    .defaults
                    .get_or_init(|| Arc::new(Config::default()))
                    .clone()),
            }
        };
        self.by_dir
            .lock()
            .expect("config cache")
            .insert(dir.to_path_buf(), result.clone());
        result
    }

    /// The merged configuration whose nearest file is `nearest`: it and the files above it,
    /// up to the outermost or the first with `root = true`.
    fn for_nearest(&self, nearest: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_file.lock().expect("config cache").get(nearest) {
            return found.clone();
        }
        let result = self.merge_upwards(nearest).map(Arc::new);
        self.by_file
            .lock()
            .expect("config cache")
            .insert(nearest.to_path_buf(), result.clone());
        result
    }

    fn merge_upwards(&self, nearest: &Path) -> Result<Config, ConfigError> {
        let mut files = vec![(nearest.to_path_buf(), self.layer_file(nearest)?)];
        if !files[0].1.root
            && let Some(above) = nearest.parent().and_then(Path::parent)
        {
            for dir in above.ancestors() {
                let file = dir.join(FILE_NAME);
                if file.is_file() {
                    let layer = self.layer_file(&file)?;
                    let root = layer.root;
                    files.push((file, layer));
                    if root {
                        break;
                    }
                }
            }
        }
        let mut steps = Vec::new();
        let mut load = |p: &Path| self.layer_file(p);
        for (_, layer) in files.into_iter().rev() {
            layers::expand(layer, &mut load, &mut Vec::new(), &mut steps)?;
        }
        Config::from_chain(layers::Chain {
            steps,
            preset_cli: self.preset.clone(),
            path: Some(nearest.to_path_buf()),
        })
    }

    fn layer_file(&self, file: &Path) -> Result<Arc<layers::LayerFile>, ConfigError> {
        if let Some(found) = self.layer_files.lock().expect("config cache").get(file) {
            return found.clone();
        }
        let result = layers::LayerFile::load(file).map(Arc::new);
        self.layer_files
            .lock()
            .expect("config cache")
            .insert(file.to_path_buf(), result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered, derived canonical directories are `canonicalize`'s: nested plain
    /// directories, a symbolic link to a directory and a directory under it, `.` and `..`
    /// components, in any order of asking.
    #[cfg(unix)]
    #[test]
    fn canonical_dirs_are_canonicalize_s() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        std::fs::create_dir_all(base.join("a/b/c")).unwrap();
        std::fs::create_dir_all(base.join("d")).unwrap();
        std::os::unix::fs::symlink(base.join("a/b"), base.join("d/link")).unwrap();
        let files = [
            "a/b/c/x.md",
            "a/b/y.md",
            "d/link/c/z.md",
            "d/link/w.md",
            "a/b/../b/c/v.md",
            "a/./b/u.md",
            "d/link/../t.md",
            "missing/s.md",
            "a/b/c/x.md",
        ];
        let dirs = CanonicalDirs::default();
        for order in [files.to_vec(), files.iter().rev().copied().collect()] {
            for f in order {
                let p = base.join(f);
                assert_eq!(dirs.absolute(&p), absolute(&p), "{f}");
            }
        }
        // Through the link: the link's target, not the link.
        let linked = dirs.absolute(&base.join("d/link/c/z.md"));
        assert!(linked.ends_with("a/b/c/z.md"), "{}", linked.display());
    }

    /// The result cache keys a configuration by its Debug text: matching excludes on other
    /// threads (as a batch does) must not change it.
    /// The file's own match, then its directory's (remembered per directory), is
    /// `matched_path_or_any_parents` of the file: random paths under patterns of every kind
    /// (anchored, directory-only, negated, `**`, nested re-includes).
    #[test]
    fn file_then_directory_match_as_any_parents_does() {
        use ignore::gitignore::GitignoreBuilder;
        let mut builder = GitignoreBuilder::new("/repo");
        for line in [
            "LICENSE*",
            "/docs/",
            "drafts/",
            "!drafts/keep.md",
            "**/node_modules",
            "*.tmp.md",
            "a/**/b.md",
            "vendor",
            "!vendor/ok/",
            "x/*/",
        ] {
            builder.add_line(None, line).unwrap();
        }
        let excluder = builder.build().unwrap();
        let dirs = [
            "docs",
            "drafts",
            "a",
            "b",
            "vendor",
            "ok",
            "node_modules",
            "x",
        ];
        let files = ["LICENSE.md", "keep.md", "b.md", "z.tmp.md", "post.md"];
        let mut rng = crate::testing::Rng(31);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..5_000 {
            let mut path = PathBuf::new();
            for _ in 0..rng.below(4) {
                path.push(rng.pick(&dirs));
            }
            path.push(rng.pick(&files));
            let expected = ExcludeMatch::from(excluder.matched_path_or_any_parents(&path, false));
            let two_steps = file_or_parents_match(&excluder, &path, |dir| {
                excluder.matched_path_or_any_parents(dir, true).into()
            });
            assert_eq!(two_steps, expected, "{}", path.display());
            seen.insert(expected as u8);
        }
        // Every answer came up.
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn debug_text_does_not_change_when_excludes_are_matched() {
        let config = Config::from_toml_str(
            "exclude = [\"drafts/**\", \"*.tmp.md\"]\n",
            Some(Path::new("/site/contentlint.toml")),
        )
        .unwrap();
        let before = format!("{config:?}");
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for p in ["/site/drafts/a.md", "/site/b.md", "/site/c.tmp.md"] {
                        config.is_excluded(Path::new(p));
                    }
                });
            }
        });
        assert!(config.is_excluded(Path::new("/site/drafts/a.md")));
        assert_eq!(format!("{config:?}"), before);
    }

    #[test]
    fn the_nearest_configuration_wins_however_the_directory_is_named() {
        let root = tempfile::tempdir().unwrap();
        let sub = root.path().join("sub");
        let deeper = sub.join("deeper");
        std::fs::create_dir_all(&deeper).unwrap();
        std::fs::write(root.path().join(FILE_NAME), "[seo]\ntitle_max = 61\n").unwrap();
        std::fs::write(sub.join(FILE_NAME), "[seo]\ntitle_max = 62\n").unwrap();
        let resolver = ConfigResolver::default();
        let title_max = |p: &Path| resolver.for_file(p).unwrap().seo.title_max;
        assert_eq!(title_max(&root.path().join("a.md")), 61);
        assert_eq!(title_max(&sub.join("a.md")), 62);
        assert_eq!(title_max(&deeper.join("a.md")), 62);
        // The same directory by another name (`sub/deeper/..`) is the same directory: one
        // configuration, cached under both names.
        let other_name = deeper.join("..").join("b.md");
        assert_eq!(title_max(&other_name), 62);
        assert!(Arc::ptr_eq(
            &resolver.for_file(&sub.join("a.md")).unwrap(),
            &resolver.for_file(&other_name).unwrap()
        ));
        // The directories between a file's and its configuration's are remembered on the way.
        let fresh = ConfigResolver::default();
        assert_eq!(
            fresh.for_file(&deeper.join("a.md")).unwrap().seo.title_max,
            62
        );
        let canonical = deeper.canonicalize().unwrap();
        let remembered = fresh.by_dir.lock().unwrap();
        assert!(remembered.contains_key(&canonical));
        assert!(remembered.contains_key(canonical.parent().unwrap()));
        assert!(
            !remembered.contains_key(&root.path().canonicalize().unwrap()),
            "the walk stops at the nearest file"
        );
        drop(remembered);
        // A file's own directory is asked once, then answered from the cache.
        let first = resolver.for_file(&deeper.join("x.md")).unwrap();
        let again = resolver.for_file(&deeper.join("y.md")).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
    }

    #[test]
    fn defaults_parse() {
        let c = Config::default();
        assert_eq!(c.structure.min_h2, 2);
        assert_eq!(c.seo.meta_description_max, 160);
        assert!(c.path.is_none());
    }

    #[test]
    fn user_file_merges_over_defaults() {
        let c = Config::from_toml_str(
            "[seo]\ntitle_max = 70\n[rules]\n\"structure/min-h2\" = \"off\"\n",
            None,
        )
        .unwrap();
        assert_eq!(c.seo.title_max, 70);
        assert_eq!(c.seo.min_words, 300, "untouched keys keep their default");
        assert_eq!(c.rules["structure/min-h2"], RuleSetting::Off);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_clear_errors() {
        let e = Config::from_toml_str("[seo]\ntitel_max = 70\n", None).unwrap_err();
        assert!(e.message.contains("titel_max"), "{}", e.message);
        let e = Config::from_toml_str("[brief]\ncurrent_date = \"soon\"\n", None).unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
        let e = Config::from_toml_str("[rules]\n\"a/b\" = \"loud\"\n", None).unwrap_err();
        assert!(e.message.contains("loud"), "{}", e.message);
    }

    #[test]
    fn numbers_out_of_range_name_key_value_and_range() {
        let msg = |toml: &str| Config::from_toml_str(toml, None).unwrap_err().message;
        assert_eq!(
            msg("[scoring]\ngate_cap = 150\n"),
            "[scoring] gate_cap = 150 is out of range: it must be a number from 0 to 100"
        );
        assert_eq!(
            msg("[scoring]\nmin_score = -1\n"),
            "[scoring] min_score = -1 is out of range: it must be a number from 0 to 100"
        );
        assert_eq!(
            msg("[scoring.severity_factor]\nerror = inf\n"),
            "[scoring] severity_factor.error = inf is out of range: it must be a finite number >= 0"
        );
        assert_eq!(
            msg("[scoring.weights]\nclarity = -0.5\n"),
            "[scoring] weights.clarity = -0.5 is out of range: it must be a finite number >= 0"
        );
        assert_eq!(
            msg("[scoring.constants]\nclarity = nan\n"),
            "[scoring] constants.clarity = NaN is out of range: it must be a finite number above 0"
        );
        assert_eq!(
            msg("[filler]\nbuzzword_density_max = -1\nbuzzword_min_count = 0\n"),
            "[filler] buzzword_density_max = -1 is out of range: it must be a number from 0 to 100"
        );
        assert_eq!(
            msg("[claims]\ntitle_min_overlap = nan\n"),
            "[claims] title_min_overlap = NaN is out of range: it must be a number from 0 to 1"
        );
        assert!(msg("[clarity]\nlong_sentence_share_bad = 250\n").contains("from 0 to 100"));
        assert!(msg("[seo]\ntitle_min = 90\n").contains("title_min = 90 is larger"));
        let zero = "[scoring.weights]\ntemporal_correctness = 0\nfactual_consistency = 0\n\
                    web_structure = 0\npersona_style = 0\nclarity = 0\n";
        assert!(
            msg(zero).contains("at least one a weight above 0"),
            "{}",
            msg(zero)
        );
        let band = "[[clarity.readability]]\nlevel = 0\nmin_reading_ease = nan\nmax_grade = 9.0\n\
                    audience = \"all\"\n";
        assert!(msg(band).contains("min_reading_ease = NaN is not a finite number"));
        // the edges of every range are allowed
        let c = Config::from_toml_str(
            "[scoring]\ngate_cap = 0\nmin_score = 100\n[filler]\nbuzzword_density_max = 0\n",
            None,
        )
        .unwrap();
        assert_eq!(c.scoring.min_score, 100.0);
    }

    #[test]
    fn min_score_flag_is_a_score() {
        assert_eq!(parse_min_score("80"), Ok(80.0));
        assert_eq!(parse_min_score(" 0 "), Ok(0.0));
        assert_eq!(
            parse_min_score("100.5"),
            Err("--min-score = 100.5 is out of range: it must be a number from 0 to 100".into())
        );
        assert!(parse_min_score("NaN").is_err());
        assert!(parse_min_score("inf").is_err());
        assert_eq!(
            parse_min_score("high"),
            Err("`high` is not a number; give a score from 0 to 100".into())
        );
    }

    #[test]
    fn regenerate_section_is_typed() {
        let c = Config::default();
        let r = &c.regenerate;
        assert_eq!(r.max_revisions, 3);
        assert_eq!(r.writer.backend, BackendKind::Openai);
        assert_eq!(r.writer.api_key_env, "OPENAI_API_KEY");
        assert_eq!(r.image.hero_size, "1792x1024");
        assert!(r.image.min_images.is_none());
        let c = Config::from_toml_str(
            "[regenerate.writer]\nbackend = \"command\"\ncommand = [\"ollama\", \"run\", \"llama3.1\"]\n",
            None,
        )
        .unwrap();
        assert_eq!(c.regenerate.writer.backend, BackendKind::Command);
        assert_eq!(c.regenerate.writer.url, "https://api.openai.com/v1");
        let e = Config::from_toml_str("[regenerate]\nmax_revison = 2\n", None).unwrap_err();
        assert!(e.message.contains("max_revison"), "{}", e.message);
        let e = Config::from_toml_str("[regenerate.image]\nsize = \"big\"\n", None).unwrap_err();
        assert!(e.message.contains("WIDTHxHEIGHT"), "{}", e.message);
        let e = Config::from_toml_str("[regenerate.http]\ntimeout_secs = -1\n", None).unwrap_err();
        assert!(e.message.contains("timeout_secs"), "{}", e.message);
        let e = Config::from_toml_str("[regenerate]\nmax_revisions = 0\n", None).unwrap_err();
        assert!(e.message.contains("max_revisions"), "{}", e.message);
    }

    #[test]
    fn every_preset_loads_and_article_is_the_defaults() {
        for (name, _) in PRESETS {
            let c = Config::for_preset(name).unwrap();
            assert_eq!(c.preset, *name);
        }
        let article = Config::for_preset("article").unwrap();
        let defaults = Config::default();
        assert_eq!(article.brief.hard_gates, defaults.brief.hard_gates);
        assert_eq!(
            article.structure.title_is_h1,
            defaults.structure.title_is_h1
        );
        assert!(article.rules.is_empty() && defaults.rules.is_empty());
        assert_eq!(defaults.preset, "article");
        assert_eq!(Config::from_toml_str("", None).unwrap().preset, "article");
    }

    #[test]
    fn presets_merge_between_defaults_and_the_project_file() {
        let blog = Config::from_toml_str("preset = \"blog\"\n", None).unwrap();
        assert!(blog.structure.title_is_h1);
        assert_eq!(blog.brief.tone, "casual");
        assert!(
            !blog
                .brief
                .hard_gates
                .iter()
                .any(|g| g.starts_with("structure/"))
        );
        assert_eq!(blog.rules["structure/single-h1"], RuleSetting::Warning);
        assert_eq!(
            blog.seo.min_words, 300,
            "keys the preset leaves alone keep their default"
        );
        // the project file wins over its preset, key by key
        let c = Config::from_toml_str(
            "preset = \"blog\"\n[brief]\ntone = \"professional\"\n[rules]\n\"structure/min-h2\" = \"off\"\n",
            None,
        )
        .unwrap();
        assert_eq!(c.brief.tone, "professional");
        assert_eq!(c.rules["structure/min-h2"], RuleSetting::Off);
        assert_eq!(c.rules["structure/single-h1"], RuleSetting::Warning);
        // the command line's preset wins over the file's
        let c =
            Config::from_toml_str_with_preset("preset = \"blog\"\n", None, Some("docs")).unwrap();
        assert_eq!(c.preset, "docs");
        assert_eq!(c.brief.technical_level, Some(2));
        assert_eq!(c.rules["structure/min-h2"], RuleSetting::Off);
    }

    #[test]
    fn bad_presets_are_clear_errors() {
        let e = Config::from_toml_str("preset = \"wiki\"\n", None).unwrap_err();
        assert!(
            e.message.contains("unknown preset \"wiki\""),
            "{}",
            e.message
        );
        assert!(e.message.contains("article, blog, docs"), "{}", e.message);
        let e = Config::from_toml_str("preset = 3\n", None).unwrap_err();
        assert!(e.message.contains("not a preset name"), "{}", e.message);
        let e = Config::for_preset("essay").unwrap_err();
        assert!(e.message.contains("article, blog, docs"), "{}", e.message);
    }

    #[test]
    fn excludes_are_relative_to_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in ["drafts", "posts", "layouts/partials", "functions/partials"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let c = Config::from_toml_str(
            "exclude = [\"/drafts/\", \"*.tmp.md\"]\n",
            Some(&root.join(FILE_NAME)),
        )
        .unwrap();
        assert!(c.is_excluded(&root.join("drafts/a.md")));
        assert!(c.is_excluded(&root.join("posts/a.tmp.md")));
        assert!(c.is_excluded(&root.join("LICENSE.md")), "built-in");
        assert!(
            c.is_excluded(&root.join("layouts/partials/x.md")),
            "built-in"
        );
        assert!(!c.is_excluded(&root.join("posts/a.md")));
        assert!(
            !c.is_excluded(&root.join("posts/license.md")),
            "case-sensitive"
        );
        assert!(!c.is_excluded(&root.join("functions/partials/include.md")));
        // anchored globs do not match elsewhere
        assert!(!c.is_excluded(&root.join("posts/drafts.md")));
        let e = Config::from_toml_str("exclude = [\"{a,b\"]\n", None).unwrap_err();
        assert!(e.message.contains("exclude"), "{}", e.message);
    }
}
