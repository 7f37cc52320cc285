//! Layered configuration (issue 9, item 3). An article's configuration is, lowest first: the
//! built-in defaults, the preset, every `contentlint.toml` from the outermost (or the nearest
//! one with `root = true`) down to the article's directory, each preceded by the files it
//! `extends`, and each followed by its `[[overrides]]` whose `files` globs match the article.
//! Tables merge key by key (`[rules]` per rule); any other value, lists included, replaces.
//! Every key remembers the layer that set it, for `contentlint config --show-origin` and for
//! errors that name the file that holds a bad key.

use super::{
    Config, ConfigError, DEFAULT_PRESET, defaults_table, preset_json, preset_names,
    read_config_text,
};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Keys that say how to layer a file, not settings: read here, never merged.
const ROOT: &str = "root";
const EXTENDS: &str = "extends";
const OVERRIDES: &str = "overrides";
const PRESET: &str = "preset";
/// The prefix of an `extends` entry that names a built-in preset.
const PRESET_PREFIX: &str = "preset:";

/// Settings an `[[overrides]]` entry cannot change: they choose files or presets, and an
/// override already applies to chosen files only.
const NOT_IN_OVERRIDES: &[&str] = &[
    ROOT,
    EXTENDS,
    OVERRIDES,
    PRESET,
    "exclude",
    "default_exclude",
    "force_exclude",
];

/// Where a key's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `rules/defaults.toml`.
    Defaults,
    /// `rules/presets/NAME.toml`.
    Preset(String),
    /// `--preset` on the command line.
    CommandLine,
    /// A configuration file: found by walking up, given with `--config`, or named by `extends`.
    File(PathBuf),
    /// The `index`-th (from 1) `[[overrides]]` entry of a configuration file.
    Override {
        file: PathBuf,
        index: usize,
        files: Vec<String>,
    },
}

impl Origin {
    /// The configuration file of this origin, if it is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Origin::File(file) | Origin::Override { file, .. } => Some(file),
            _ => None,
        }
    }

    /// As `git config --show-origin` writes origins (`file:PATH`), with paths relative to
    /// `cwd` when they are under it.
    pub fn describe(&self, cwd: Option<&Path>) -> String {
        match self {
            Origin::Defaults => "built-in:rules/defaults.toml".into(),
            Origin::Preset(name) => format!("preset:{name}"),
            Origin::CommandLine => "command line:--preset".into(),
            Origin::File(file) => format!("file:{}", shown(file, cwd)),
            Origin::Override { file, index, .. } => {
                format!("file:{}[overrides#{index}]", shown(file, cwd))
            }
        }
    }
}

/// `path` relative to `cwd` when it is under it, else as it is.
pub fn shown(path: &Path, cwd: Option<&Path>) -> String {
    let relative = cwd.and_then(|c| path.strip_prefix(c).ok());
    match relative {
        Some(rest) if rest.as_os_str().is_empty() => ".".into(),
        Some(rest) => rest.display().to_string(),
        None => path.display().to_string(),
    }
}

/// One `[[overrides]]` entry: settings for the files its globs match.
#[derive(Debug)]
pub struct Override {
    pub file: PathBuf,
    /// Its place in the file, from 1.
    pub index: usize,
    /// The directory the globs are relative to (the file's, canonical).
    pub dir: PathBuf,
    pub patterns: Vec<String>,
    globs: GlobSet,
    pub table: toml::Table,
}

impl Override {
    /// Whether `file` (absolute, with a canonical directory) is one of this entry's files.
    pub fn matches(&self, file: &Path) -> bool {
        file.strip_prefix(&self.dir)
            .is_ok_and(|relative| self.globs.is_match(relative))
    }

    fn origin(&self) -> Origin {
        Origin::Override {
            file: self.file.clone(),
            index: self.index,
            files: self.patterns.clone(),
        }
    }
}

/// An `extends` entry.
#[derive(Debug)]
enum Extend {
    Preset(String),
    /// A configuration file, canonical.
    File(PathBuf),
}

/// One configuration file, read and checked, not yet merged.
#[derive(Debug)]
pub struct LayerFile {
    /// As given (`<config>` for text without a file).
    path: PathBuf,
    /// Canonical, for finding `extends` cycles.
    key: PathBuf,
    /// The directory its relative paths and globs are relative to (canonical when it exists;
    /// empty: the current directory).
    dir: PathBuf,
    pub root: bool,
    preset: Option<String>,
    extends: Vec<Extend>,
    /// The settings: everything but `root`, `extends`, `preset` and `[[overrides]]`.
    table: toml::Table,
    overrides: Vec<Arc<Override>>,
}

impl LayerFile {
    /// Read and check the file at `path`.
    pub fn load(path: &Path) -> Result<LayerFile, ConfigError> {
        let text = read_config_text(path)?;
        LayerFile::parse(&text, Some(path))
    }

    /// Check configuration text found at `path` (none: the current directory's `<config>`).
    /// Every key is checked here, against the layer alone, so an error names this file.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<LayerFile, ConfigError> {
        let shown = path.unwrap_or(Path::new("<config>")).to_path_buf();
        let err = |message: String| ConfigError {
            path: shown.clone(),
            message,
        };
        let mut table: toml::Table = toml::from_str(text)
            .map_err(|e| err(format!("invalid TOML: {}", e.to_string().trim())))?;
        // A bare file name (`--config ci.toml`) is in the current directory.
        let dir = match path.and_then(Path::parent) {
            Some(d) => {
                let d = if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                };
                d.canonicalize().unwrap_or_else(|_| d.to_path_buf())
            }
            None => PathBuf::new(),
        };
        let key = path
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_else(|| shown.clone());
        let root = match table.remove(ROOT) {
            None => false,
            Some(toml::Value::Boolean(b)) => b,
            Some(other) => {
                return Err(err(format!(
                    "root = {other} is not true or false; `root = true` stops the search for \
                     contentlint.toml files in parent directories"
                )));
            }
        };
        let preset = match table.remove(PRESET) {
            None => None,
            Some(toml::Value::String(name)) => {
                preset_json(&name).map_err(|m| err(format!("{m} (the `preset` key)")))?;
                Some(name)
            }
            Some(other) => {
                return Err(err(format!(
                    "preset = {other} is not a preset name; write one of {} in quotes",
                    preset_names()
                )));
            }
        };
        let extends = match table.remove(EXTENDS) {
            None => Vec::new(),
            Some(value) => {
                let line = key_line(text, EXTENDS)
                    .map(|n| format!("line {n}: "))
                    .unwrap_or_default();
                parse_extends(value, &dir).map_err(|m| err(format!("{line}{m}")))?
            }
        };
        let overrides = match table.remove(OVERRIDES) {
            None => Vec::new(),
            Some(value) => {
                // Text without a file: globs relative to the current directory.
                let globs_dir = if dir.as_os_str().is_empty() {
                    std::env::current_dir()
                        .and_then(|d| d.canonicalize())
                        .unwrap_or_default()
                } else {
                    dir.clone()
                };
                parse_overrides(value, &shown, &globs_dir).map_err(err)?
            }
        };
        check_shape(&table).map_err(err)?;
        Ok(LayerFile {
            path: shown,
            key,
            dir,
            root,
            preset,
            extends,
            table,
            overrides,
        })
    }

    fn origin(&self) -> Origin {
        Origin::File(self.path.clone())
    }
}

/// The 1-based line of the top-level `key = ...` in `text` (before the first table header).
fn key_line(text: &str, key: &str) -> Option<usize> {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with('[') {
            return None;
        }
        let rest = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(i + 1);
        }
    }
    None
}

fn parse_extends(value: toml::Value, dir: &Path) -> Result<Vec<Extend>, String> {
    let entries = match value {
        toml::Value::String(s) => vec![s],
        toml::Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => Ok(s),
                other => Err(format!(
                    "extends: {other} is not a path; write paths in quotes, e.g. \
                     extends = [\"../base.toml\", \"preset:blog\"]"
                )),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(format!(
                "extends = {other} is not a list of paths; write e.g. extends = \
                 [\"../base.toml\", \"preset:blog\"]"
            ));
        }
    };
    entries
        .into_iter()
        .map(|entry| {
            if let Some(name) = entry.strip_prefix(PRESET_PREFIX) {
                preset_json(name).map_err(|m| format!("extends: {m}"))?;
                return Ok(Extend::Preset(name.to_string()));
            }
            let target = dir.join(&entry);
            target.canonicalize().map(Extend::File).map_err(|e| {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_string()
                } else {
                    e.to_string()
                };
                format!(
                    "extends = {entry:?}: {why} (looked for {}); paths are relative to the \
                     file that names them",
                    target.display()
                )
            })
        })
        .collect()
}

fn parse_overrides(
    value: toml::Value,
    file: &Path,
    dir: &Path,
) -> Result<Vec<Arc<Override>>, String> {
    let toml::Value::Array(entries) = value else {
        return Err(
            "overrides must be a list of tables: write each as [[overrides]] with `files = \
             [\"glob\", ...]` and the settings for those files"
                .into(),
        );
    };
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let index = i + 1;
            let place = format!("[[overrides]] #{index}");
            let toml::Value::Table(mut table) = entry else {
                return Err(format!("{place} is not a table"));
            };
            let patterns: Vec<String> = match table.remove("files") {
                Some(toml::Value::String(s)) => vec![s],
                Some(toml::Value::Array(items)) => items
                    .into_iter()
                    .map(|v| match v {
                        toml::Value::String(s) => Ok(s),
                        other => Err(format!("{place}: files: {other} is not a glob in quotes")),
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(format!("{place}: files = {other} is not a list of globs"));
                }
                None => {
                    return Err(format!(
                        "{place} has no `files`; give the globs it applies to, relative to this \
                         file's directory, e.g. files = [\"blog/**\"]"
                    ));
                }
            };
            if patterns.iter().all(|p| p.trim().is_empty()) {
                return Err(format!("{place}: files is empty, so it applies to nothing"));
            }
            if let Some(key) = NOT_IN_OVERRIDES.iter().find(|k| table.contains_key(**k)) {
                return Err(format!(
                    "{place}: `{key}` cannot be set in an override; set it at the top of the file"
                ));
            }
            let mut builder = GlobSetBuilder::new();
            for pattern in &patterns {
                for glob in override_globs(pattern)
                    .map_err(|e| format!("{place}: files: {pattern:?} is not a valid glob: {e}"))?
                {
                    builder.add(glob);
                }
            }
            let globs = builder
                .build()
                .map_err(|e| format!("{place}: cannot compile the globs: {e}"))?;
            check_shape(&table).map_err(|m| format!("{place}: {m}"))?;
            Ok(Arc::new(Override {
                file: file.to_path_buf(),
                index,
                dir: dir.to_path_buf(),
                patterns,
                globs,
                table,
            }))
        })
        .collect()
}

/// The globs of one `files` pattern, gitignore-style: relative to the configuration file's
/// directory; a pattern without a `/` matches a name at any depth (`*.draft.md`); a name also
/// matches everything under a directory of that name (`blog` = `blog/**`).
fn override_globs(pattern: &str) -> Result<Vec<globset::Glob>, globset::Error> {
    let trimmed = pattern.trim();
    let p = trimmed.strip_prefix("./").unwrap_or(trimmed);
    let anchored = p.starts_with('/') || p.trim_end_matches('/').contains('/');
    let p = p.trim_start_matches('/').trim_end_matches('/');
    let p = if anchored {
        p.to_string()
    } else {
        format!("**/{p}")
    };
    let mut globs = vec![GlobBuilder::new(&p).literal_separator(true).build()?];
    if !p.ends_with("/**") {
        globs.push(
            GlobBuilder::new(&format!("{p}/**"))
                .literal_separator(true)
                .build()?,
        );
    }
    Ok(globs)
}

/// `table`'s keys and value types are configuration keys: merged over the built-in defaults,
/// it reads as a [`Config`]. Ranges and keys that depend on each other are checked once the
/// layers are merged.
fn check_shape(table: &toml::Table) -> Result<(), String> {
    let mut merged = defaults_table();
    super::merge(&mut merged, table.clone());
    super::deserialize(merged).map(|_| ()).map_err(|message| {
        // serde names the field but not its table: say which table holds it.
        let field = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name);
        match field.and_then(|name| table_holding(table, name, "")) {
            Some(section) if !section.is_empty() => format!("[{section}] {message}"),
            _ => message,
        }
    })
}

/// The dotted name of the table of `table` (or of an array of tables in it) with key `name`,
/// depth first; `""` for the top level.
fn table_holding(table: &toml::Table, name: &str, prefix: &str) -> Option<String> {
    if table.contains_key(name) {
        return Some(prefix.to_string());
    }
    table.iter().find_map(|(key, value)| {
        let path = if prefix.is_empty() {
            key_segment(key)
        } else {
            format!("{prefix}.{}", key_segment(key))
        };
        match value {
            toml::Value::Table(inner) => table_holding(inner, name, &path),
            toml::Value::Array(items) => items
                .iter()
                .filter_map(toml::Value::as_table)
                .find_map(|inner| table_holding(inner, name, &path)),
            _ => None,
        }
    })
}

/// One layer of a chain, lowest first.
#[derive(Debug)]
pub enum Step {
    /// `extends = ["preset:NAME"]` in `file`: as if `preset = "NAME"` were written there.
    Preset {
        name: String,
        file: PathBuf,
    },
    File(Arc<LayerFile>),
}

/// The layers an article's configuration is merged from, before the overrides that depend on
/// the article's path.
#[derive(Debug)]
pub struct Chain {
    pub steps: Vec<Step>,
    /// `--preset`: wins over any `preset` key.
    pub preset_cli: Option<String>,
    /// The nearest configuration file (or `--config`): the configuration's `path`.
    pub path: Option<PathBuf>,
}

/// Add `file`'s layers to `steps`: the files it extends (each with theirs, first), then it.
/// `load` reads a file (the resolver caches them); `stack` holds the files being expanded, so
/// a cycle is an error that shows it.
pub fn expand(
    file: Arc<LayerFile>,
    load: &mut dyn FnMut(&Path) -> Result<Arc<LayerFile>, ConfigError>,
    stack: &mut Vec<PathBuf>,
    steps: &mut Vec<Step>,
) -> Result<(), ConfigError> {
    stack.push(file.key.clone());
    for extend in &file.extends {
        match extend {
            Extend::Preset(name) => steps.push(Step::Preset {
                name: name.clone(),
                file: file.path.clone(),
            }),
            Extend::File(target) => {
                if let Some(start) = stack.iter().position(|k| k == target) {
                    let cycle: Vec<String> = stack[start..]
                        .iter()
                        .chain([target])
                        .map(|p| p.display().to_string())
                        .collect();
                    return Err(ConfigError {
                        path: file.path.clone(),
                        message: format!(
                            "extends makes a cycle: {}; remove one of these `extends` entries",
                            cycle.join(" -> ")
                        ),
                    });
                }
                let next = load(target)?;
                expand(next, load, stack, steps)?;
            }
        }
    }
    stack.pop();
    steps.push(Step::File(file));
    Ok(())
}

/// A file's layers, its `extends` read without a cache.
pub fn chain_of(
    file: LayerFile,
    preset_cli: Option<&str>,
    path: Option<&Path>,
) -> Result<Chain, ConfigError> {
    let mut steps = Vec::new();
    let mut load = |p: &Path| LayerFile::load(p).map(Arc::new);
    expand(Arc::new(file), &mut load, &mut Vec::new(), &mut steps)?;
    Ok(Chain {
        steps,
        preset_cli: preset_cli.map(str::to_string),
        path: path.map(Path::to_path_buf),
    })
}

/// A merged table and the origin of each of its values, by dotted key (`seo.title_max`,
/// `rules."structure/min-h2"`).
#[derive(Debug, Default)]
struct Traced {
    table: toml::Table,
    origins: BTreeMap<String, Origin>,
}

impl Traced {
    /// The built-in defaults, the first layer: the origin of a key that no later layer sets
    /// is [`Origin::Defaults`], which is left unrecorded (see [`Config::origin`]). Recording
    /// it for every key of the defaults was most of the cost of building a configuration,
    /// which every run that checks one small article pays.
    ///
    /// [`Config::origin`]: crate::config::Config::origin
    fn defaults(table: toml::Table) -> Traced {
        Traced {
            table,
            origins: BTreeMap::new(),
        }
    }

    fn merge(&mut self, over: toml::Table, origin: &Origin) {
        merge_traced(&mut self.table, over, &mut self.origins, "", origin);
    }
}

/// `key` as one segment of a dotted TOML key: bare when it can be, else quoted.
pub fn key_segment(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml::Value::String(key.to_string()).to_string()
    }
}

fn merge_traced(
    base: &mut toml::Table,
    over: toml::Table,
    origins: &mut BTreeMap<String, Origin>,
    prefix: &str,
    origin: &Origin,
) {
    for (key, value) in over {
        let path = format!("{prefix}{}", key_segment(&key));
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => {
                merge_traced(b, o, origins, &format!("{path}."), origin);
            }
            (_, toml::Value::Table(o)) => {
                // A new table (or a table over a value): each key is this origin's.
                let below = format!("{path}.");
                remove_below(origins, &below);
                origins.remove(&path);
                let mut fresh = toml::Table::new();
                merge_traced(&mut fresh, o, origins, &below, origin);
                base.insert(key, toml::Value::Table(fresh));
            }
            (_, value) => {
                remove_below(origins, &format!("{path}."));
                origins.insert(path, origin.clone());
                base.insert(key, value);
            }
        }
    }
}

/// Forget the origins of the keys under `below` (a path and its dot): they sort together, so
/// a range finds them, where a scan of every origin per merged key cost as much as the rest
/// of the configuration's build.
fn remove_below(origins: &mut BTreeMap<String, Origin>, below: &str) {
    use std::ops::Bound;
    let under: Vec<String> = origins
        .range::<str, _>((Bound::Included(below), Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(below))
        .map(|(k, _)| k.clone())
        .collect();
    for key in under {
        origins.remove(&key);
    }
}

/// `exclude` globs of one layer, relative to its directory. Unlike other lists these add up
/// across layers, as nested `.gitignore` files do: a nested `contentlint.toml` refines its
/// parent's excludes (`!glob` lints a file again) rather than dropping them.
#[derive(Debug, Clone)]
pub struct ExcludeLayer {
    pub origin: Origin,
    pub dir: PathBuf,
    pub globs: Vec<String>,
}

/// The configuration of `chain` with the overrides `matched` ((step, override) indices, in
/// order) applied.
pub fn build(chain: &Arc<Chain>, matched: &[(usize, usize)]) -> Result<Config, ConfigError> {
    let shown = chain
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from("<config>"));
    let err = |message: String| ConfigError {
        path: shown.clone(),
        message,
    };
    let (preset, preset_origin) = chosen_preset(chain);
    let preset_table = crate::config::preset_table(&preset).map_err(err)?;
    let mut traced = Traced::defaults(defaults_table());
    traced.merge(preset_table, &Origin::Preset(preset.clone()));
    let nearest_dir = chain
        .steps
        .iter()
        .rev()
        .find_map(|s| match s {
            Step::File(f) => Some(f.dir.clone()),
            Step::Preset { .. } => None,
        })
        .unwrap_or_default();
    let mut exclude_layers = Vec::new();
    for (i, step) in chain.steps.iter().enumerate() {
        let Step::File(file) = step else { continue };
        let mut table = file.table.clone();
        if let Some(globs) = table.remove("exclude") {
            exclude_layers.push(ExcludeLayer {
                origin: file.origin(),
                dir: file.dir.clone(),
                globs: strings(&globs),
            });
        }
        if file.dir != nearest_dir {
            rebase_pack_dirs(&mut table, &file.dir);
        }
        traced.merge(table, &file.origin());
        for &(_, o) in matched.iter().filter(|(s, _)| *s == i) {
            let over = &file.overrides[o];
            let mut table = over.table.clone();
            if file.dir != nearest_dir {
                rebase_pack_dirs(&mut table, &file.dir);
            }
            traced.merge(table, &over.origin());
        }
    }
    traced
        .table
        .insert(PRESET.into(), toml::Value::String(preset.clone()));
    traced.origins.insert(PRESET.into(), preset_origin);
    let all_excludes: Vec<toml::Value> = exclude_layers
        .iter()
        .flat_map(|l| l.globs.iter().cloned().map(toml::Value::String))
        .collect();
    traced
        .table
        .insert("exclude".into(), toml::Value::Array(all_excludes));
    // `default_exclude` is relative to the file that set it; the built-in list to the
    // outermost configuration file (the project's root), else the current directory.
    let default_dir = match traced.origins.get("default_exclude").and_then(Origin::file) {
        Some(file) => dir_of(chain, file),
        None => chain
            .steps
            .iter()
            .find_map(|s| match s {
                Step::File(f) if f.path.as_os_str() != "<config>" => Some(f.dir.clone()),
                _ => None,
            })
            .unwrap_or_default(),
    };
    let default_layer = ExcludeLayer {
        origin: traced
            .origins
            .get("default_exclude")
            .cloned()
            .unwrap_or(Origin::Defaults),
        dir: default_dir,
        globs: traced
            .table
            .get("default_exclude")
            .map(strings)
            .unwrap_or_default(),
    };
    let mut config = super::deserialize(traced.table.clone()).map_err(err)?;
    if let Err(message) = config.validate() {
        return Err(blame(chain, &preset, message, &shown));
    }
    let mut matchers = Vec::new();
    for layer in std::iter::once(&default_layer).chain(&exclude_layers) {
        let shown_file = layer.origin.file().map_or(shown.clone(), Path::to_path_buf);
        matchers.push(exclude_matcher(layer).map_err(|message| ConfigError {
            path: shown_file,
            message,
        })?);
    }
    config.path = chain.path.clone();
    config.layered = super::Layered {
        table: Arc::new(traced.table),
        origins: Arc::new(traced.origins),
        excludes: Arc::new(exclude_layers),
        excluders: Arc::new(matchers),
        canonical: Default::default(),
        chain: Some(chain.clone()),
        applied: matched.to_vec(),
    };
    Ok(config)
}

/// The preset and where it was chosen: `--preset`, else the last layer that names one.
fn chosen_preset(chain: &Chain) -> (String, Origin) {
    if let Some(name) = &chain.preset_cli {
        return (name.clone(), Origin::CommandLine);
    }
    let mut chosen = (DEFAULT_PRESET.to_string(), Origin::Defaults);
    for step in &chain.steps {
        match step {
            Step::Preset { name, file } => chosen = (name.clone(), Origin::File(file.clone())),
            Step::File(f) => {
                if let Some(name) = &f.preset {
                    chosen = (name.clone(), f.origin());
                }
            }
        }
    }
    chosen
}

/// The directory of the chain's file `file`.
fn dir_of(chain: &Chain, file: &Path) -> PathBuf {
    chain
        .steps
        .iter()
        .find_map(|s| match s {
            Step::File(f) if f.path == file => Some(f.dir.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A merged configuration's value out of range or at odds with another: the error names the
/// deepest file that is wrong on its own (over the defaults and preset), else the nearest
/// file and the files merged.
fn blame(chain: &Chain, preset: &str, message: String, nearest: &Path) -> ConfigError {
    for step in chain.steps.iter().rev() {
        let Step::File(file) = step else { continue };
        let mut alone = super::base_table(preset);
        super::merge(&mut alone, file.table.clone());
        let own = super::deserialize(alone).and_then(|c| c.validate());
        if own.as_ref().err() == Some(&message) {
            return ConfigError {
                path: file.path.clone(),
                message,
            };
        }
    }
    let files: Vec<String> = chain
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::File(f) => Some(f.path.display().to_string()),
            Step::Preset { .. } => None,
        })
        .collect();
    let message = if files.len() > 1 {
        format!(
            "{message} (in the configuration merged from {})",
            files.join(", ")
        )
    } else {
        message
    };
    ConfigError {
        path: nearest.to_path_buf(),
        message,
    }
}

fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `[packs] dirs` of a layer that is not the nearest file: relative entries made relative to
/// the layer's own directory (the rule set resolves them against the nearest file's).
fn rebase_pack_dirs(table: &mut toml::Table, dir: &Path) {
    let Some(toml::Value::Array(dirs)) = table
        .get_mut("packs")
        .and_then(toml::Value::as_table_mut)
        .and_then(|p| p.get_mut("dirs"))
    else {
        return;
    };
    for entry in dirs.iter_mut() {
        if let toml::Value::String(s) = entry
            && Path::new(s.as_str()).is_relative()
        {
            *s = dir.join(s.as_str()).display().to_string();
        }
    }
}

fn exclude_matcher(layer: &ExcludeLayer) -> Result<ignore::gitignore::Gitignore, String> {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(&layer.dir);
    for glob in &layer.globs {
        builder
            .add_line(None, glob)
            .map_err(|e| format!("exclude: {glob:?} is not a valid glob: {e}"))?;
    }
    builder
        .build()
        .map_err(|e| format!("exclude: cannot compile the globs: {e}"))
}

/// The steps and override indices of `chain` whose globs match `file` (absolute, canonical
/// directory), in merge order.
pub fn matching_overrides(chain: &Chain, file: &Path) -> Vec<(usize, usize)> {
    let mut matched = Vec::new();
    for (i, step) in chain.steps.iter().enumerate() {
        if let Step::File(f) = step {
            for (o, over) in f.overrides.iter().enumerate() {
                if over.matches(file) {
                    matched.push((i, o));
                }
            }
        }
    }
    matched
}

/// Whether any layer of `chain` has overrides.
pub fn has_overrides(chain: &Chain) -> bool {
    chain
        .steps
        .iter()
        .any(|s| matches!(s, Step::File(f) if !f.overrides.is_empty()))
}

/// The layers, lowest first, as origins (for the `config` command's header).
pub fn layer_origins(config: &Config) -> Vec<Origin> {
    let Some(chain) = &config.layered.chain else {
        return vec![Origin::Defaults, Origin::Preset(config.preset.clone())];
    };
    let mut out = vec![Origin::Defaults, Origin::Preset(config.preset.clone())];
    for (i, step) in chain.steps.iter().enumerate() {
        if let Step::File(f) = step {
            out.push(f.origin());
            for &(_, o) in config.layered.applied.iter().filter(|(s, _)| *s == i) {
                out.push(f.overrides[o].origin());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob_matches(pattern: &str, path: &str) -> bool {
        let mut b = GlobSetBuilder::new();
        for g in override_globs(pattern).unwrap() {
            b.add(g);
        }
        b.build().unwrap().is_match(Path::new(path))
    }

    #[test]
    fn override_globs_are_gitignore_style() {
        assert!(glob_matches("blog/**", "blog/a.md"));
        assert!(glob_matches("blog/**", "blog/2024/a.md"));
        assert!(!glob_matches("blog/**", "docs/blog/a.md"), "anchored");
        assert!(glob_matches("*.draft.md", "a.draft.md"));
        assert!(glob_matches("*.draft.md", "blog/x/a.draft.md"), "any depth");
        assert!(!glob_matches("*.draft.md", "a.md"));
        assert!(glob_matches("blog", "blog/a.md"), "a directory's files");
        assert!(glob_matches("/blog/", "blog/a/b.md"));
        assert!(glob_matches("./docs/*.md", "docs/a.md"));
        assert!(!glob_matches("docs/*.md", "docs/x/a.md"), "* stops at /");
    }

    #[test]
    fn key_line_finds_top_level_keys_only() {
        let text = "# c\nroot = true\n extends = [\"a\"]\n[seo]\nextends = 1\n";
        assert_eq!(key_line(text, "extends"), Some(3));
        assert_eq!(key_line(text, "root"), Some(2));
        assert_eq!(key_line("[x]\nextends = 1\n", "extends"), None);
    }

    #[test]
    fn traced_merge_records_the_last_layer_per_key() {
        let a: toml::Table =
            toml::from_str("[seo]\nx = 1\ny = 2\n[rules]\n\"a/b\" = \"off\"\n").unwrap();
        let b: toml::Table = toml::from_str("[seo]\ny = 3\n[rules]\n\"a/c\" = \"info\"\n").unwrap();
        let c: toml::Table = toml::from_str("[seo]\nx = 4\n").unwrap();
        let mut t = Traced::defaults(a);
        t.merge(b, &Origin::CommandLine);
        t.merge(c, &Origin::Preset("blog".into()));
        // the defaults' keys are not recorded: an unrecorded key is the defaults'
        assert_eq!(t.origins.get("rules.\"a/b\""), None);
        assert_eq!(t.origins["seo.x"], Origin::Preset("blog".into()));
        assert_eq!(t.origins["seo.y"], Origin::CommandLine);
        assert_eq!(t.origins["rules.\"a/c\""], Origin::CommandLine);
        assert_eq!(t.table["seo"]["y"].as_integer(), Some(3));
    }
}
