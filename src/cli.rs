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
    /// Language server over stdio (diagnostics on open/change/save, quick fixes)
    Lsp,
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
    /// A file whose overall score is below this fails
    #[arg(long)]
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
    /// Threads (default: all cores)
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Human format: hide info-severity findings
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Configuration file (to list rules from user packs and configured severities)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print as JSON
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print as a Markdown table (the README's rule list)
    #[arg(long)]
    pub markdown: bool,
}
