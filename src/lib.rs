//! contentlint: a fast, rules-based content and SEO linter for Markdown articles.
//!
//! Data flows one way: bytes -> [`document::Document`] (parsed once) -> every enabled rule
//! ([`rules`], [`packs`]) returns findings -> [`score`] turns them into the rubric and the SEO
//! score -> a [`report`] prints. Embed it with [`engine::Linter`]:
//!
//! ```
//! use contentlint::{config::Config, engine::Linter};
//! let linter = Linter::with_config(Config::default());
//! let report = linter
//!     .lint_source("post.md".as_ref(), "# Title\n\nText.\n".to_string())
//!     .unwrap();
//! assert!(!report.valid); // fewer than two H2s, no conclusion
//! ```

pub mod baseline;
pub mod cache;
pub mod config;
pub mod discover;
pub mod document;
pub mod embedded;
pub mod engine;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod init;
pub mod input;
pub mod lsp;
pub mod packs;
pub mod readability;
pub mod regenerate;
pub mod report;
pub mod rule;
pub mod rule_docs;
pub mod rules;
pub mod score;
pub mod seo;
pub mod site;
pub mod skip;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod text;
pub mod write;
