//! Command-line definitions (clap). No logic here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "contentlint",
    version,
    about = "Content validation and SEO linter for Markdown articles"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files, directories (recursive, .gitignore respected) or - (stdin)
    Check(CheckArgs),
    /// List the rules: id, dimension, default severity, summary
    Rules(RulesArgs),
    /// Look at a site and write a commented contentlint.toml for it (preset, excludes, why),
    /// then lint the site under it and show what fires most
    Init(InitArgs),
    /// Language server over stdio (diagnostics on open/change/save, quick fixes)
    Lsp,
    /// Ask an LLM writer (and image backend) to repair articles that fail; articles that
    /// pass make no backend call
    Regenerate(RegenerateArgs),
    /// Print the effective configuration of a file or directory (TOML); --show-origin names
    /// the file (or override) that set each key
    Config(ConfigArgs),
    /// Combine the jsonl outputs of `check --shard K/N` runs into one report, in any format,
    /// and run the site checks over the pages of all of them
    Merge(MergeArgs),
    /// Show a rule's full documentation
    Explain {
        /// Rule id, e.g. structure/single-h1
        rule: String,
        /// Configuration file (to find rules from user packs)
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print a shell completion script to stdout (e.g. `contentlint completions bash >
    /// ~/.local/share/bash-completion/completions/contentlint`)
    Completions {
        /// bash, elvish, fish, powershell or zsh
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout (e.g. `contentlint man > contentlint.1`)
    Man,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// One self-contained HTML page (batch audits)
    Html,
    /// One line a finding, `path:line:col: severity rule message` (editors, grep)
    Concise,
}

/// `--color`: when to colour human and concise output.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorWhen {
    /// When stdout is a terminal; NO_COLOR (non-empty) turns it off, FORCE_COLOR or
    /// CLICOLOR_FORCE (non-empty, not 0) on
    #[default]
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for contentlint::report::color::ColorChoice {
    fn from(c: ColorWhen) -> Self {
        match c {
            ColorWhen::Auto => Self::Auto,
            ColorWhen::Always => Self::Always,
            ColorWhen::Never => Self::Never,
        }
    }
}

/// What `check`'s inputs hold.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Markdown files, directories, or - for standard input
    Markdown,
    /// JSON lines: one {"path": ..., "text": ...} record a line
    Jsonl,
}

/// Options shared by every command that lints.
#[derive(Args, Debug, Clone)]
pub struct LintArgs {
    /// Configuration file, instead of finding contentlint.toml by walking up from each file
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Primary keyword (overrides front matter and derivation)
    #[arg(long)]
    pub keyword: Option<String>,
    /// Reference date for temporal rules, YYYY-MM-DD (default: front-matter date, [brief] current_date, today)
    #[arg(long)]
    pub today: Option<String>,
    /// A file whose overall score is below this fails (0 to 100)
    #[arg(long, value_parser = contentlint::config::parse_min_score)]
    pub min_score: Option<f64>,
    /// Only run these rules or groups (comma-separated: structure,seo/title-length)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or groups (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories, or - for standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub lint: LintArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Path to report (and configure) standard input as
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Threads (default: all cores; at most 4 per core): files in parallel, and the rules of a
    /// file of 64 KB or more
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Largest file (or standard input) to read, in bytes; larger inputs are an error
    #[arg(long, value_name = "BYTES", default_value_t = contentlint::input::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Human format: hide info-severity findings
    #[arg(long)]
    pub quiet: bool,
    /// Also lint hidden files and files excluded by .gitignore/.ignore in directories
    #[arg(long)]
    pub no_ignore: bool,
    /// Preset: article (the default), blog or docs; wins over `preset` in contentlint.toml
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Record every current finding in FILE (sorted JSON lines), to accept them with --baseline
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings not in FILE (written by --write-baseline); list entries no longer found
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub baseline: Option<PathBuf>,
    /// Apply every safe fix, re-lint, repeat (at most 10 rounds), write each file atomically
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff; write nothing
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff: only fix findings of these rules or groups (comma-separated)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub fix_only: Vec<String>,
    /// Colour human and concise output: auto (a terminal, unless NO_COLOR), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
    /// After the summary, a table of findings per rule: count, severity, files (human and
    /// concise; a `statistics` list in the JSON summary)
    #[arg(long)]
    pub statistics: bool,
    /// Every suppression comment must give a reason after ` -- `; one without is reported and
    /// not honoured (as `[suppressions] require_reason = true`)
    #[arg(long)]
    pub require_reason: bool,
    /// GitHub format: most annotations of one file (default: [output] github_max_per_file, 10)
    #[arg(long, value_name = "N")]
    pub github_max_per_file: Option<usize>,
    /// GitHub format: most annotations of one kind (default: [output] github_max_per_type, 10)
    #[arg(long, value_name = "N")]
    pub github_max_per_type: Option<usize>,
    /// GitHub format: most annotations in all (default: [output] github_max_total, 50)
    #[arg(long, value_name = "N")]
    pub github_max_total: Option<usize>,
    /// Skip files named on the command line too when `exclude` matches them (as ruff's
    /// --force-exclude; for pre-commit hooks and editors that pass every file)
    #[arg(long)]
    pub force_exclude: bool,
    /// Run the site checks over the linted files as one site (default: [site] enabled)
    #[arg(long, overrides_with = "no_site")]
    pub site: bool,
    /// Do not run the site checks, whatever the configuration says
    #[arg(long, overrides_with = "site")]
    pub no_site: bool,
    /// Lint only shard K of N of the inputs (by a stable hash of each path) and give each
    /// jsonl file record its site signature; combine the outputs with `contentlint merge`
    #[arg(long, value_name = "K/N", value_parser = contentlint::site::shard::parse_shard)]
    pub shard: Option<contentlint::site::shard::Shard>,
    /// What the inputs hold: Markdown files (the default), or JSON lines of
    /// {"path": ..., "text": ...} records (`-` for standard input), linted as a stream
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "markdown")]
    pub input_format: InputFormat,
    /// Do not read or write the result cache (also: CONTENTLINT_NO_CACHE=1)
    #[arg(long)]
    pub no_cache: bool,
    /// Where the result cache lives (default: .contentlint_cache in the current directory)
    #[arg(long, value_name = "DIR", env = "CONTENTLINT_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// HTML format: prefix of page links, e.g. a repository's web view
    /// (https://github.com/OWNER/REPO/blob/main/); default file:// and the current directory
    #[arg(long, value_name = "URL")]
    pub html_base_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// jsonl reports of `check --shard K/N --format jsonl` (- for standard input)
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Configuration file for the site checks (default: contentlint.toml found from here)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Only run these site rules or groups (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these site rules or groups (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Do not run the site checks
    #[arg(long)]
    pub no_site: bool,
    /// Human format: hide info-severity findings
    #[arg(long)]
    pub quiet: bool,
    /// Colour human and concise output: auto (a terminal, unless NO_COLOR), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// The file (it need not exist) or directory whose configuration to print
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Name the layer that set each key: built-in, preset, file or file[overrides#N]
    #[arg(long)]
    pub show_origin: bool,
    /// Configuration file, instead of finding contentlint.toml by walking up
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Preset: article, blog or docs; wins over `preset` in contentlint.toml
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The site's root directory (default: the current directory)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing contentlint.toml
    #[arg(long)]
    pub force: bool,
    /// Print the configuration instead of writing it (and lint nothing)
    #[arg(long, alias = "stdout")]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Configuration file (to list rules from user packs and configured severities)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print as JSON
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print as a Markdown table (the rule list of docs/rules.md)
    #[arg(long)]
    pub markdown: bool,
    /// With --markdown: the path of the rule pages from where the table goes (default rules/,
    /// as from docs/; docs/rules/ for the README)
    #[arg(
        long,
        value_name = "PATH",
        requires = "markdown",
        default_value = "rules/"
    )]
    pub link_prefix: String,
    /// Write one Markdown page per built-in rule under DIR (DIR/<group>/<name>.md), from each
    /// rule's documentation: `contentlint rules --docs docs/rules`
    #[arg(long, value_name = "DIR", conflicts_with_all = ["json", "markdown", "config"])]
    pub docs: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RegenerateArgs {
    /// Articles to repair (files, not directories)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub lint: LintArgs,
    /// Most writer revisions per article (default: [regenerate] max_revisions, 3)
    #[arg(long)]
    pub max_revisions: Option<u32>,
    /// Generate missing images (a hero image by default)
    #[arg(long, overrides_with = "no_images")]
    pub images: bool,
    /// Do not generate images, whatever the configuration says
    #[arg(long, overrides_with = "images")]
    pub no_images: bool,
    /// Writer base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1
    #[arg(long)]
    pub writer_url: Option<String>,
    /// Writer model, e.g. gpt-4o-mini or llama3.1
    #[arg(long)]
    pub writer_model: Option<String>,
    /// Image API base URL
    #[arg(long)]
    pub image_url: Option<String>,
    /// Image model, e.g. dall-e-3
    #[arg(long)]
    pub image_model: Option<String>,
    /// Write the result here instead of over the article (one FILE only)
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Print a unified diff; write nothing, call no image backend
    #[arg(long)]
    pub dry_run: bool,
    /// Do not keep FILE.orig
    #[arg(long)]
    pub no_backup: bool,
    /// Write the run's trace (JSON list of steps) to this file
    #[arg(long)]
    pub trace: Option<PathBuf>,
    /// Format of the final report
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Colour human and concise output: auto (a terminal, unless NO_COLOR), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}
