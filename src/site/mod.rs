//! Site checks: findings about a set of pages rather than one page (shared titles, meta
//! descriptions and keywords, near-copies, broken internal links, orphans).
//!
//! Two phases (DESIGN.md section 5). Phase one lints each file and keeps its [`Signature`]
//! (computed from the parsed document, see `signature.rs`). Phase two, [`check`], reads only
//! the signatures, so a single run, a merge of `check --shard K/N` outputs
//! (`contentlint merge`) and a record stream are the same computation and give the same
//! findings. Pages are taken in path order and every grouping is ordered, so the output does
//! not depend on thread count or shard layout.

pub mod merge;
pub mod minhash;
mod model;
pub mod rules;
pub mod shard;
pub mod signature;

pub use model::{Page, Site};
pub use signature::{AnchorStyle, Signature};

use crate::finding::Severity;
use crate::rule::RuleMeta;
use serde::{Deserialize, Serialize};

/// `[site]`: the site checks. Defaults and their sources are in rules/defaults.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Run the site checks after a `check` (also `--site`/`--no-site`).
    pub enabled: bool,
    /// Words per shingle of `site/near-duplicate`.
    pub shingle_words: usize,
    /// MinHash values per page.
    pub sketch_size: usize,
    /// LSH bands the sketch is cut into (`sketch_size / lsh_bands` values a band).
    pub lsh_bands: usize,
    /// Estimated Jaccard similarity of shingle sets at or above which two pages are near-copies.
    pub near_duplicate_threshold: f64,
    /// Pages with fewer words of prose get no sketch (their few shingles say little).
    pub near_duplicate_min_words: usize,
    /// `site/keyword-cannibalization` also compares keywords derived from titles.
    pub derived_keywords: bool,
    /// How headings become `#anchors`.
    pub anchor_style: AnchorStyle,
    /// The directory that maps to the site's root URL, as paths are given on the command line
    /// (`content` for Hugo); empty: the deepest directory that holds every page.
    pub content_dir: String,
    /// The path the site is served under (`/docs/`): stripped from absolute links.
    pub base_path: String,
    /// How internal links may address a page: `files` (relative file paths, `../a/b.md`),
    /// `slugs` (the page's URL: `/a/b/`, from its path, `slug`, `url` and `aliases`),
    /// `hugo-ref` (`{{< ref "a/b.md" >}}` and `relref`). A link is fine if any scheme finds it.
    pub link_schemes: Vec<LinkScheme>,
    /// Shortcode names that link by content path (Hugo's `ref` and `relref`).
    pub ref_shortcodes: Vec<String>,
    /// File names (without extension) of a directory's own page: its URL is the directory's,
    /// and `site/orphan-page` never reports it.
    pub index_names: Vec<String>,
    /// File extensions of pages: a link to another extension (`.png`, `.pdf`) is not checked.
    pub page_extensions: Vec<String>,
    /// Gitignore-style globs (relative to the content directory) of pages that may have no
    /// incoming link (landing pages, search, 404).
    pub orphan_exempt: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkScheme {
    Files,
    Slugs,
    HugoRef,
}

impl SiteConfig {
    pub fn validate(&self) -> Result<(), String> {
        if self.shingle_words == 0 {
            return Err("[site] shingle_words must be at least 1".into());
        }
        if !(1..=1024).contains(&self.sketch_size) {
            return Err("[site] sketch_size must be between 1 and 1024".into());
        }
        if self.lsh_bands == 0 || self.lsh_bands > self.sketch_size {
            return Err("[site] lsh_bands must be between 1 and sketch_size".into());
        }
        let t = self.near_duplicate_threshold;
        if !(t > 0.0 && t <= 1.0) {
            return Err("[site] near_duplicate_threshold must be above 0 and at most 1".into());
        }
        if self.link_schemes.is_empty() {
            return Err(
                "[site] link_schemes is empty; list at least one of \"files\", \"slugs\", \
                 \"hugo-ref\""
                    .into(),
            );
        }
        if !self.base_path.starts_with('/') {
            return Err(format!(
                "[site] base_path = {:?} must start with `/` (the site root is \"/\")",
                self.base_path
            ));
        }
        for glob in &self.orphan_exempt {
            globset::Glob::new(glob)
                .map_err(|e| format!("[site] orphan_exempt: {glob:?} is not a valid glob: {e}"))?;
        }
        Ok(())
    }
}

/// A page a site finding is about, with the line when the finding is about one place in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRef {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl PageRef {
    pub fn new(path: &str) -> PageRef {
        PageRef {
            path: path.to_string(),
            line: None,
        }
    }

    pub fn at(path: &str, line: usize) -> PageRef {
        PageRef {
            path: path.to_string(),
            line: Some(line),
        }
    }
}

/// A finding about several pages (or one page and the site).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Every page involved, the page the finding is about first.
    pub pages: Vec<PageRef>,
    /// `site/near-duplicate`: the highest estimated similarity in the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// The `site` block of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteReport {
    /// Pages the site checks read (linted files with a signature).
    pub pages: usize,
    pub findings: Vec<SiteFinding>,
}

impl SiteReport {
    /// Findings at error severity: they fail the run as a failing file does.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Run the site checks over `site`. `severity` gives each rule's effective severity (`None`:
/// off), as [`crate::engine::Linter::effective_severity`] does for file rules.
pub fn check(site: &Site, severity: impl Fn(&RuleMeta) -> Option<Severity>) -> SiteReport {
    let mut findings = Vec::new();
    for rule in rules::RULES {
        let Some(sev) = severity(rule.meta) else {
            continue;
        };
        for mut f in (rule.check)(site) {
            f.severity = sev;
            findings.push(f);
        }
    }
    SiteReport {
        pages: site.pages().len(),
        findings,
    }
}

/// Whether the site checks run: `--site`/`--no-site` if given, else `[site] enabled`.
pub fn enabled(flag: Option<bool>, config: &SiteConfig) -> bool {
    flag.unwrap_or(config.enabled)
}

/// The site section of human output: a heading with the counts, then each finding with every
/// page involved (`path:line` where it is about one place). `show_info`: print info findings.
pub fn human_text(site: &SiteReport, show_info: bool) -> String {
    use std::fmt::Write as _;
    let count = |s: Severity| site.findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nsite checks over {}: {}, {}, {}",
        plural(site.pages, "page"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "info finding")
    );
    for f in &site.findings {
        if f.severity == Severity::Info && !show_info {
            continue;
        }
        let _ = writeln!(out, "  {}[{}]: {}", f.severity, f.rule, f.message);
        for p in &f.pages {
            let _ = match p.line {
                Some(line) => writeln!(out, "      {}:{line}", p.path),
                None => writeln!(out, "      {}", p.path),
            };
        }
    }
    out
}
