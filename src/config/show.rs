//! `contentlint config [PATH]`: the effective configuration of an article as TOML, and with
//! `--show-origin` each key with the layer that set it, as `git config --show-origin` does.

use super::Config;
use super::layers::{self, Origin, shown};
use std::fmt::Write;
use std::path::Path;

/// The configuration as TOML, after a comment that lists its layers (lowest first). Paths are
/// shown relative to `cwd` when under it.
pub fn render(config: &Config, target: &str, cwd: Option<&Path>) -> String {
    let mut out = format!("# The configuration of {target}, merged from (lowest first):\n");
    for origin in layers::layer_origins(config) {
        let _ = writeln!(out, "#   {}", describe_layer(&origin, cwd));
    }
    out.push_str("# The article's front matter and the command line apply on top of it.\n");
    if config.layered.excludes.len() > 1 {
        out.push_str(
            "# `exclude` adds up the globs of several files, each relative to its own file's \
             directory (see --show-origin).\n",
        );
    }
    out.push('\n');
    out.push_str(&toml::to_string(config.layered.table.as_ref()).unwrap_or_default());
    out
}

/// One line per value: `ORIGIN<TAB>key = value`, in the order of the TOML output. `exclude`
/// has one line per file that sets it.
pub fn render_origins(config: &Config, cwd: Option<&Path>) -> String {
    let mut out = String::new();
    leaves(config, &config.layered.table, "", cwd, &mut out);
    out
}

fn leaves(
    config: &Config,
    table: &toml::Table,
    prefix: &str,
    cwd: Option<&Path>,
    out: &mut String,
) {
    // Values first, then tables, as TOML prints them.
    for (key, value) in table.iter().filter(|(_, v)| !v.is_table()) {
        let path = format!("{prefix}{}", layers::key_segment(key));
        if path == "exclude" {
            if config.layered.excludes.is_empty() {
                let _ = writeln!(out, "{}\texclude = []", Origin::Defaults.describe(cwd));
            }
            for layer in config.layered.excludes.iter() {
                let globs = toml::Value::Array(
                    layer
                        .globs
                        .iter()
                        .cloned()
                        .map(toml::Value::String)
                        .collect(),
                );
                let _ = writeln!(out, "{}\texclude = {globs}", layer.origin.describe(cwd));
            }
            continue;
        }
        let origin = config.origin(&path).describe(cwd);
        let _ = writeln!(out, "{origin}\t{path} = {value}");
    }
    for (key, value) in table.iter() {
        if let toml::Value::Table(inner) = value {
            let path = format!("{prefix}{}.", layers::key_segment(key));
            leaves(config, inner, &path, cwd, out);
        }
    }
}

fn describe_layer(origin: &Origin, cwd: Option<&Path>) -> String {
    match origin {
        Origin::Defaults => "built-in defaults (rules/defaults.toml)".into(),
        Origin::Preset(name) => format!("preset {name} (rules/presets/{name}.toml)"),
        Origin::CommandLine => "--preset".into(),
        Origin::File(file) => shown(file, cwd),
        Origin::Override { file, index, files } => {
            let globs =
                toml::Value::Array(files.iter().cloned().map(toml::Value::String).collect());
            format!(
                "{} [[overrides]] #{index} (files = {globs})",
                shown(file, cwd)
            )
        }
    }
}

/// What `contentlint config` was asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: std::path::PathBuf,
    pub show_origin: bool,
    pub config: Option<std::path::PathBuf>,
    pub preset: Option<String>,
}

/// The text `contentlint config` prints, or the configuration error (rule names included:
/// they are checked against the rules the configuration loads, as `check` does).
pub fn run(request: &Request) -> Result<String, String> {
    let resolver =
        super::ConfigResolver::with_preset(request.config.as_deref(), request.preset.as_deref())
            .map_err(|e| e.to_string())?;
    let config = if request.path.is_dir() {
        resolver.for_directory(&request.path)
    } else {
        resolver.for_file(&request.path)
    }
    .map_err(|e| e.to_string())?;
    crate::engine::RuleSet::for_config(&config).map_err(|e| e.to_string())?;
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| d.canonicalize().ok());
    Ok(if request.show_origin {
        render_origins(&config, cwd.as_deref())
    } else {
        render(&config, &request.path.display().to_string(), cwd.as_deref())
    })
}
