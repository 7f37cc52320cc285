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
    /// Show a rule's full documentation
    Explain {
        /// Rule id, e.g. structure/single-h1
        rule: String,
        /// Configuration file (to find rules from user packs)
        #[arg(long)]
        config: Option<PathBuf>,
    },
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
    /// Threads (default: all cores; at most 4 per core and one per file)
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
}
