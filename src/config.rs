//! `contentlint.toml`: the built-in defaults (`rules/defaults.toml`), a project file found by
//! walking up from each article (or `--config`), merged key by key. Front matter and the CLI are
//! applied on top per article (see [`crate::engine`]).

use crate::finding::{Dimension, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const FILE_NAME: &str = "contentlint.toml";
const DEFAULTS: &str = include_str!("../rules/defaults.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
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
    /// The file this configuration was read from (none: built-in defaults only).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    pub current_date: Option<String>,
    pub tone: String,
    pub technical_level: Option<u8>,
    pub hard_gates: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureConfig {
    pub title_is_h1: bool,
    pub min_h2: usize,
    pub conclusion_headings: Vec<String>,
    pub trailing_headings: Vec<String>,
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
    pub consecutive_openers: usize,
    pub section_words_ok: usize,
    pub section_words_bad: usize,
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

/// `[regenerate]`: the writer and image backends of `contentlint regenerate`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegenerateConfig {
    pub max_revisions: u32,
    pub images: bool,
    pub backup: bool,
    pub prompt_max_chars: usize,
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
        Config::from_table(defaults_table(), None).expect("built-in defaults are valid")
    }
}

fn defaults_table() -> toml::Table {
    toml::from_str(DEFAULTS).expect("rules/defaults.toml is valid TOML")
}

impl Config {
    /// Read a configuration file and merge it over the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| err(format!("cannot read configuration: {e}")))?;
        Config::from_toml_str(&text, Some(path))
    }

    /// Parse configuration text (as found at `path`, used for messages and relative paths).
    pub fn from_toml_str(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let shown = path.unwrap_or(Path::new("<config>")).to_path_buf();
        let user: toml::Table = toml::from_str(text).map_err(|e| ConfigError {
            path: shown.clone(),
            message: format!("invalid TOML: {}", e.to_string().trim()),
        })?;
        let mut merged = defaults_table();
        merge(&mut merged, user);
        Config::from_table(merged, path)
    }

    fn from_table(table: toml::Table, path: Option<&Path>) -> Result<Config, ConfigError> {
        let shown = path.unwrap_or(Path::new("<config>")).to_path_buf();
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError {
                    path: shown.clone(),
                    message: format!(
                        "{}; see the README's Configuration section for the keys",
                        e.message()
                    ),
                })?;
        config.path = path.map(Path::to_path_buf);
        config.validate().map_err(|message| ConfigError {
            path: shown,
            message,
        })?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
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
        if !(0.0..=1.0).contains(&self.claims.title_min_overlap) {
            return Err("[claims] title_min_overlap must be between 0 and 1".into());
        }
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

/// Finds and caches the configuration for each directory: the nearest `contentlint.toml`
/// walking up from the article, or the built-in defaults.
#[derive(Default)]
pub struct ConfigResolver {
    explicit: Option<Arc<Config>>,
    by_dir: Mutex<HashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
    by_file: Mutex<HashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
    defaults: Arc<Config>,
}

impl ConfigResolver {
    /// `explicit`: a `--config` file used for every article instead of discovery.
    pub fn new(explicit: Option<&Path>) -> Result<ConfigResolver, ConfigError> {
        let explicit = explicit.map(Config::load).transpose()?.map(Arc::new);
        Ok(ConfigResolver {
            explicit,
            ..ConfigResolver::default()
        })
    }

    /// A resolver that always answers `config`.
    pub fn fixed(config: Config) -> ConfigResolver {
        ConfigResolver {
            explicit: Some(Arc::new(config)),
            ..ConfigResolver::default()
        }
    }

    /// The configuration for an article at `path` (stdin: the current directory).
    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = dir.canonicalize().unwrap_or(dir);
        self.for_dir(&dir)
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_dir.lock().expect("config cache").get(dir) {
            return found.clone();
        }
        let result = match dir
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(file) => self.load_file(&file),
            None => Ok(self.defaults.clone()),
        };
        self.by_dir
            .lock()
            .expect("config cache")
            .insert(dir.to_path_buf(), result.clone());
        result
    }

    fn load_file(&self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_file.lock().expect("config cache").get(file) {
            return found.clone();
        }
        let result = Config::load(file).map(Arc::new);
        self.by_file
            .lock()
            .expect("config cache")
            .insert(file.to_path_buf(), result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
