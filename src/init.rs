//! `contentlint init [DIR]`: look at a site (front-matter keys and how often each is used,
//! whether bodies carry an H1, the site generator from its marker files, the date key, template
//! folders, dated posts against undated pages), write a commented `contentlint.toml` whose every
//! choice cites its evidence ("312 of 340 pages have `date`"), then lint the site under it.
//!
//! The preset is chosen by majority, contentlint's rule (no published standard exists):
//! `article` when most pages already follow the writer brief (one H1 in the body, at least two
//! H2s, a conclusion last), else `blog` when most pages look like posts (a date or author in
//! the front matter, or a date in the file name or `path`), else `docs`.
//! What counts as a date key, an author key and a generator's marker lives in `rules/init.toml`.

use crate::config::{Config, ConfigResolver, FILE_NAME};
use crate::discover::collect_inputs;
use crate::document::{Document, FrontMatter};
use crate::engine::{Input, LintOptions, Linter, read_article};
use crate::rules::structure::normalize_heading;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const INIT_DATA: &str = include_str!("../rules/init.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InitData {
    date_keys: Vec<String>,
    review_date_keys: Vec<String>,
    author_keys: Vec<String>,
    fragment_dirs: Vec<String>,
    generator: Vec<GeneratorMarkers>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneratorMarkers {
    name: String,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    dirs: Vec<String>,
    #[serde(default)]
    config_files: Vec<String>,
    #[serde(default)]
    config_keys: Vec<String>,
}

fn init_data() -> InitData {
    toml::from_str(INIT_DATA).expect("rules/init.toml is valid")
}

/// What `init` found in a site.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub root: PathBuf,
    /// Markdown files with a body: the pages that will be linted.
    pub pages: usize,
    /// Files with front matter only (or empty): skipped when linting.
    pub bodyless: usize,
    /// Files that could not be read or whose front matter is broken.
    pub unreadable: usize,
    /// Files the built-in excludes skip, relative to the root.
    pub excluded: Vec<String>,
    /// Front-matter key -> pages that set it.
    pub keys: BTreeMap<String, usize>,
    /// Pages with a front-matter `title`.
    pub with_title: usize,
    /// Pages with at least one H1 in the body.
    pub body_h1: usize,
    /// Pages with no body H1 but a front-matter title.
    pub title_only: usize,
    /// Pages that follow the writer brief: one body H1, at least `min_h2` H2s, a conclusion.
    pub brief_shaped: usize,
    /// Pages that look like posts: a date or author key, or a date in the file name or `path`.
    pub post_like: usize,
    /// Pages with no date key but a date in the file name or a `path`/`url`/`slug` value.
    pub dated_by_name: usize,
    /// Pages with at least one code block.
    pub with_code: usize,
    /// Normalised heading text -> pages where that section is empty.
    pub empty_sections: BTreeMap<String, usize>,
    /// The site generator and the marker that gave it away.
    pub generator: Option<(String, String)>,
    /// The most used date key and its count.
    pub date_key: Option<(String, usize)>,
    /// Whether the temporal rules read that key without configuration.
    pub date_key_is_read: bool,
    /// Folders of fragments to exclude (relative, `/`-separated, with a trailing `/`), and
    /// how many pages each holds.
    pub fragment_dirs: Vec<(String, usize)>,
}

/// The site's root as shown in messages and paths: relative paths stay relative.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// A date in a file name or page address, as the temporal rules read it
/// ([`crate::document::date_in_path`]): what `init` counts is what the linter will use.
fn has_date(text: &str) -> bool {
    crate::document::date_in_path(text).is_some()
}

fn detect_generator(root: &Path, data: &InitData) -> Option<(String, String)> {
    for g in &data.generator {
        if let Some(f) = g.files.iter().find(|f| root.join(f).is_file()) {
            return Some((g.name.clone(), format!("`{f}`")));
        }
        for f in &g.config_files {
            let Ok(bytes) = crate::input::read_file(&root.join(f), 1024 * 1024) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if let Some(k) = g.config_keys.iter().find(|k| text.contains(k.as_str())) {
                return Some((
                    g.name.clone(),
                    format!("`{f}` with `{}`", k.trim_end_matches(" =")),
                ));
            }
        }
        if let Some(d) = g.dirs.iter().find(|d| root.join(d).is_dir()) {
            return Some((g.name.clone(), format!("the `{d}/` folder")));
        }
    }
    None
}

/// Walk `root` (as `check` would: `.gitignore` respected, the built-in excludes applied) and
/// gather the evidence.
pub fn survey(root: &Path) -> Result<Survey, String> {
    if !root.is_dir() {
        return Err(format!("{}: not a directory", root.display()));
    }
    let data = init_data();
    // The built-in excludes, rooted at the site (where the config will be written).
    let defaults =
        Config::from_toml_str("", Some(&root.join(FILE_NAME))).map_err(|e| e.to_string())?;
    let brief = Config::default();
    let conclusions: Vec<String> = brief
        .structure
        .conclusion_headings
        .iter()
        .map(|h| normalize_heading(h))
        .collect();
    let (inputs, _) = collect_inputs(&[root.to_path_buf()], None);
    let mut s = Survey {
        root: root.to_path_buf(),
        generator: detect_generator(root, &data),
        ..Survey::default()
    };
    let mut date_keys: HashMap<String, usize> = HashMap::new();
    // Folder (relative to the root) -> (pages, pages with neither a title nor an H1).
    let mut folders: BTreeMap<PathBuf, (usize, usize)> = BTreeMap::new();
    for input in &inputs {
        let Input::File(path) = input else { continue };
        if defaults.is_excluded(path) {
            s.excluded.push(relative(root, path));
            continue;
        }
        let Ok(source) = read_article(path) else {
            s.unreadable += 1;
            continue;
        };
        if crate::skip::bodyless_reason(&source).is_some() {
            s.bodyless += 1;
            continue;
        }
        let Ok(doc) = Document::parse(source) else {
            s.unreadable += 1;
            continue;
        };
        s.pages += 1;
        let fm = &doc.front_matter;
        for key in fm.fields.keys() {
            *s.keys.entry(key.clone()).or_default() += 1;
        }
        let title = fm.title().is_some();
        s.with_title += usize::from(title);
        let h1s = doc.h1s().count();
        let rel = path.strip_prefix(root).unwrap_or(path);
        for dir in rel.ancestors().skip(1) {
            if dir.as_os_str().is_empty() {
                break;
            }
            let e = folders.entry(dir.to_path_buf()).or_default();
            e.0 += 1;
            e.1 += usize::from(!title && h1s == 0);
        }
        if h1s > 0 {
            s.body_h1 += 1;
        } else if title {
            s.title_only += 1;
        }
        let h2s: Vec<_> = doc.headings.iter().filter(|h| h.level == 2).collect();
        let concluded = h2s
            .last()
            .is_some_and(|h| conclusions.contains(&normalize_heading(h.plain())));
        if h1s == 1 && h2s.len() >= brief.structure.min_h2 && concluded {
            s.brief_shaped += 1;
        }
        // A publication date makes a page look like a post; a review date (`ms.date`,
        // `lastmod`) is kept on reference pages too, so it does not.
        let mut dated = false;
        for key in &data.date_keys {
            if fm.fields.contains_key(key) {
                *date_keys.entry(key.clone()).or_default() += 1;
                dated |= !data.review_date_keys.contains(key);
            }
        }
        s.with_code += usize::from(!doc.code_blocks.is_empty());
        let mut empty: Vec<String> = crate::rules::structure::empty_headings(&doc)
            .iter()
            .map(|h| normalize_heading(h.plain()))
            .collect();
        empty.sort();
        empty.dedup();
        for text in empty {
            *s.empty_sections.entry(text).or_default() += 1;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let by_name = has_date(&name) || fm.address_date().is_some();
        s.dated_by_name += usize::from(by_name && !dated);
        let authored = data.author_keys.iter().any(|k| fm.fields.contains_key(k));
        if dated || by_name || authored {
            s.post_like += 1;
        }
    }
    let fragment_named = |dir: &Path| {
        dir.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with('_')
                || data
                    .fragment_dirs
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&n))
        })
    };
    let candidates: Vec<&PathBuf> = folders
        .iter()
        .filter(|(dir, (pages, fragments))| *pages > 0 && pages == fragments && fragment_named(dir))
        .map(|(dir, _)| dir)
        .collect();
    s.fragment_dirs = candidates
        .iter()
        .filter(|dir| !candidates.iter().any(|o| o != *dir && dir.starts_with(o)))
        .map(|dir| {
            let shown = format!("{}/", dir.display().to_string().replace('\\', "/"));
            (shown, folders[*dir].0)
        })
        .collect();
    s.date_key = date_keys
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    s.date_key_is_read = s
        .date_key
        .as_ref()
        .is_some_and(|(k, _)| FrontMatter::DATE_KEYS.contains(&k.as_str()));
    Ok(s)
}

/// `text` as `# ` comment lines of at most 96 characters.
fn comment(t: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > 96 && line.len() > 1 {
            t.push_str(&line);
            t.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    t.push_str(&line);
    t.push('\n');
}

/// More than half.
fn most(part: usize, whole: usize) -> bool {
    whole > 0 && part * 2 > whole
}

impl Survey {
    /// The preset the evidence points to, and why.
    pub fn preset(&self) -> (&'static str, String) {
        let n = self.pages;
        if n == 0 {
            (
                "article",
                "no Markdown page with a body was found, so the default preset".to_string(),
            )
        } else if most(self.brief_shaped, n) {
            (
                "article",
                format!(
                    "{} of {n} pages follow the writer brief already (one H1 in the body, two or \
                     more H2s, a conclusion last)",
                    self.brief_shaped
                ),
            )
        } else if most(self.post_like, n) {
            (
                "blog",
                format!(
                    "{} of {n} pages look like posts (a date or an author in the front matter, \
                     or a date in the file name or `path`)",
                    self.post_like
                ),
            )
        } else {
            (
                "docs",
                format!(
                    "{} of {n} pages look like posts (a date or an author in the front \
                     matter, or a date in the file name or `path`) and {} follow the writer \
                     brief: reference and guide pages",
                    self.post_like, self.brief_shaped
                ),
            )
        }
    }

    /// Headings empty on at least 10 pages and a tenth of all pages: sections a template
    /// writes on every page (an API reference's "Notes"), most used first.
    pub fn template_empty_sections(&self) -> Vec<(String, usize)> {
        let mut found: Vec<(String, usize)> = self
            .empty_sections
            .iter()
            .filter(|(_, pages)| **pages >= 10 && **pages * 10 >= self.pages)
            .map(|(text, &pages)| (text.clone(), pages))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found
    }

    /// Whether the front-matter title should count as the H1: unless most pages carry an H1
    /// in the body already (then a title would make every page's H1 a second one).
    pub fn title_is_h1(&self) -> bool {
        !most(self.body_h1, self.pages)
    }

    /// The commented `contentlint.toml` for this site.
    pub fn render(&self) -> String {
        let n = self.pages;
        let (preset, why) = self.preset();
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# contentlint.toml, written by `contentlint init` from what it found in this folder."
        );
        let _ = writeln!(
            t,
            "# Merge order: built-in defaults (rules/defaults.toml) < the preset \
             (rules/presets/{preset}.toml)\n# < this file < each page's front matter < the \
             command line. Edit freely; `contentlint\n# explain RULE` documents every rule."
        );
        let _ = writeln!(t, "#");
        let _ = writeln!(
            t,
            "# Found: {n} Markdown pages with a body, {} with front matter only (skipped when \
             linting),\n# {} excluded by the built-in excludes, {} unreadable.",
            self.bodyless,
            self.excluded.len(),
            self.unreadable
        );
        match &self.generator {
            Some((name, marker)) => {
                let _ = writeln!(t, "# Site generator: {name} ({marker}).");
            }
            None => {
                let _ = writeln!(t, "# Site generator: none recognised (no marker file).");
            }
        }
        let top: Vec<String> = {
            let mut keys: Vec<_> = self.keys.iter().collect();
            keys.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            keys.iter()
                .take(8)
                .map(|(k, c)| format!("`{k}` {c}"))
                .collect()
        };
        if !top.is_empty() {
            comment(
                &mut t,
                &format!("Front-matter keys (pages): {}.", top.join(", ")),
            );
        }
        t.push('\n');
        comment(&mut t, &format!("{preset}: {why}."));
        let _ = writeln!(t, "preset = \"{preset}\"");

        let _ = writeln!(
            t,
            "\n# Files a directory walk skips: gitignore-style globs relative to this file, \
             after the\n# built-in `default_exclude` (licences, template partials); `!glob` \
             lints a file again."
        );
        if !self.excluded.is_empty() {
            let shown: Vec<_> = self.excluded.iter().take(5).map(String::as_str).collect();
            let more = self.excluded.len().saturating_sub(shown.len());
            let _ = writeln!(
                t,
                "# The built-in excludes skip {} file(s) here: {}{}.",
                self.excluded.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        for (dir, pages) in &self.fragment_dirs {
            comment(
                &mut t,
                &format!(
                    "{dir}: none of its {pages} page(s) has a title or an H1: fragments \
                     included into other pages, not pages."
                ),
            );
        }
        let globs: Vec<String> = self
            .fragment_dirs
            .iter()
            .map(|(d, _)| format!("{d:?}"))
            .collect();
        let _ = writeln!(t, "exclude = [{}]", globs.join(", "));

        let _ = writeln!(t, "\n[brief]");
        match &self.date_key {
            Some((key, count)) if self.date_key_is_read => {
                let _ = writeln!(
                    t,
                    "# {count} of {n} pages have `{key}`: the temporal rules judge each of them \
                     by that date\n# (\"next year\" in a 2019 post means 2020). Pages without one \
                     are judged by today's date."
                );
            }
            Some((key, count)) => {
                let _ = writeln!(
                    t,
                    "# {count} of {n} pages date themselves with `{key}`, which the temporal \
                     rules do not read\n# by default: read it, so that each page is judged by \
                     its own date."
                );
                let _ = writeln!(t, "date_keys = [\"{key}\"]");
            }
            None => {
                let _ = writeln!(
                    t,
                    "# No page has a date key: the temporal rules judge every page by today's \
                     date."
                );
            }
        }
        if self.dated_by_name > 0 {
            comment(
                &mut t,
                &format!(
                    "{} of {n} pages have no date key but a date in their file name or `path`: \
                     the temporal rules read it there ([brief] date_from_path, on by default) \
                     and judge each of those pages by that date.",
                    self.dated_by_name
                ),
            );
        }
        if most(self.with_code, n) {
            comment(
                &mut t,
                &format!(
                    "{} of {n} pages carry code blocks: they are written for practitioners, so \
                     readability is judged at technical level 2 (Flesch reading ease 30+, \
                     grade 16 at most) rather than for general readers.",
                    self.with_code
                ),
            );
            let _ = writeln!(t, "technical_level = 2");
        }

        let _ = writeln!(t, "\n[structure]");
        let title_is_h1 = self.title_is_h1();
        let _ = writeln!(
            t,
            "# {} of {n} pages have an H1 in the body; {} have none but a front-matter `title`.",
            self.body_h1, self.title_only
        );
        if title_is_h1 {
            let _ = writeln!(
                t,
                "# The site renders the title as the page's H1, so the title counts as the H1."
            );
        } else {
            let _ = writeln!(
                t,
                "# Pages carry their own H1, so a front-matter title does not count as a \
                 second one."
            );
        }
        let _ = writeln!(t, "title_is_h1 = {title_is_h1}");
        let template_empty = self.template_empty_sections();
        if !template_empty.is_empty() {
            let listed: Vec<String> = template_empty
                .iter()
                .map(|(text, pages)| format!("\"{text}\" ({pages} pages)"))
                .collect();
            comment(
                &mut t,
                &format!(
                    "Sections the site's template leaves empty on many pages: {}. An empty \
                     section that recurs like this is the template's, not a page's omission.",
                    listed.join(", ")
                ),
            );
            let names: Vec<String> = template_empty
                .iter()
                .map(|(text, _)| format!("{text:?}"))
                .collect();
            let _ = writeln!(t, "empty_allowed = [{}]", names.join(", "));
        }
        let _ = writeln!(
            t,
            "\n[rules]\n# Per-rule severity, \"error\", \"warning\", \"info\" or \"off\"; e.g.\n\
             # \"clarity/passive-voice\" = \"off\""
        );
        t
    }
}

/// Write `text` as `dir/contentlint.toml`. An existing file is an error unless `force`; then
/// the old file is kept as `contentlint.toml.bak` (or the first free `.bak.N`: an earlier
/// backup is never replaced), and the new one is written through the one write path
/// (atomic, regular files only). Nothing a user wrote is lost.
pub fn write_config(dir: &Path, text: &str, force: bool) -> Result<PathBuf, String> {
    let path = dir.join(FILE_NAME);
    if std::fs::symlink_metadata(&path).is_ok() {
        if !force {
            return Err(format!(
                "{} already exists; pass --force to replace it (the old file is kept as {FILE_NAME}.bak), \
                 or --dry-run to print the new one",
                path.display()
            ));
        }
        crate::write::check_regular(&path).map_err(|e| format!("{e}; nothing written"))?;
        let backup = free_name(dir, &format!("{FILE_NAME}.bak"));
        std::fs::copy(&path, &backup)
            .map_err(|e| format!("cannot keep {}: {e}; nothing written", backup.display()))?;
    }
    crate::write::write_file(&path, text.as_bytes(), None).map_err(|e| e.to_string())?;
    Ok(path)
}

/// `dir/name`, or `dir/name.1`, `dir/name.2` ... : the first that does not exist.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (1u32..)
        .map(|n| dir.join(format!("{name}.{n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("a free backup name")
}

/// The outcome of linting a site under a configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteResult {
    pub pages: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub errors: usize,
    /// Rules by the number of pages they fire on (most first, then by id), with the number of
    /// pages they make fail (an error or a hard gate).
    pub top_rules: Vec<(String, usize, usize)>,
    /// Rules by the number of pages they make fail (most first), when any do.
    pub failing_rules: Vec<(String, usize)>,
    /// Failing pages with no error finding and no hard gate: under `[scoring] min_score`.
    pub below_min_score: usize,
}

/// Lint every page under `root` as `check root` would, with `config` for all of them.
pub fn lint_site(root: &Path, config: Config) -> SiteResult {
    let linter = Linter::new(ConfigResolver::fixed(config), LintOptions::default());
    let (inputs, errors) = collect_inputs(&[root.to_path_buf()], None);
    let mut r = SiteResult {
        errors: errors.len(),
        ..SiteResult::default()
    };
    let config = linter.config_for(root).ok();
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|i| match (i, &config) {
            (Input::File(p), Some(c)) => !c.is_excluded(p),
            _ => true,
        })
        .collect();
    let mut fired: HashMap<String, (usize, usize)> = HashMap::new();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    linter.lint_batch(&inputs, jobs, |_, result| match result {
        Err(_) => r.errors += 1,
        Ok(report) if crate::skip::bodyless_reason(&report.source).is_some() => r.skipped += 1,
        Ok(report) => {
            r.pages += 1;
            if report.valid {
                r.passed += 1;
            } else {
                r.failed += 1;
                if report.hard_gates.is_empty() && report.violations().next().is_none() {
                    r.below_min_score += 1;
                }
            }
            let mut seen: Vec<&str> = Vec::new();
            for f in &report.findings {
                if seen.contains(&f.rule.as_str()) {
                    continue;
                }
                seen.push(&f.rule);
                let e = fired.entry(f.rule.clone()).or_default();
                e.0 += 1;
                let fails = f.severity == crate::finding::Severity::Error
                    || report.hard_gates.contains(&f.rule);
                e.1 += usize::from(fails);
            }
        }
    });
    let mut top: Vec<_> = fired.into_iter().map(|(k, (n, f))| (k, n, f)).collect();
    let mut failing: Vec<(String, usize)> = top
        .iter()
        .filter(|(_, _, f)| *f > 0)
        .map(|(k, _, f)| (k.clone(), *f))
        .collect();
    failing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    failing.truncate(5);
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(5);
    r.top_rules = top;
    r.failing_rules = failing;
    r
}

impl SiteResult {
    /// What `init` prints after writing the configuration.
    pub fn render(&self) -> String {
        let mut t = format!(
            "{} of {} pages pass ({} fail); {} skipped (no body), {} could not be linted\n",
            self.passed, self.pages, self.failed, self.skipped, self.errors
        );
        if !self.top_rules.is_empty() {
            t.push_str("rules that fire most (pages, of which failing on it):\n");
            for (rule, n, fails) in &self.top_rules {
                let _ = writeln!(t, "  {rule:40} {n:5}  ({fails} failing)");
            }
        }
        if !self.failing_rules.is_empty() {
            t.push_str("rules that make pages fail (pages):\n");
            for (rule, n) in &self.failing_rules {
                let _ = writeln!(t, "  {rule:40} {n:5}");
            }
        }
        if self.below_min_score > 0 {
            let _ = writeln!(
                t,
                "  {:40} {:5}  (no error, a score under [scoring] min_score)",
                "(score)", self.below_min_score
            );
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names_and_paths() {
        assert!(has_date("2017-11-30-prometheus-at-cloudnativecon.md"));
        assert!(has_date("2017/06/27/Increasing-Rusts-Reach"));
        assert!(!has_date("Rust-1.88.0.md"));
        assert!(!has_date("2017-11/30"));
        assert!(!has_date("1234567890"));
    }

    #[test]
    fn preset_by_majority() {
        let base = Survey {
            pages: 10,
            ..Survey::default()
        };
        assert_eq!(
            Survey {
                pages: 0,
                ..base.clone()
            }
            .preset()
            .0,
            "article"
        );
        assert_eq!(base.preset().0, "docs");
        assert_eq!(
            Survey {
                post_like: 6,
                ..base.clone()
            }
            .preset()
            .0,
            "blog"
        );
        assert_eq!(
            Survey {
                post_like: 5,
                ..base.clone()
            }
            .preset()
            .0,
            "docs",
            "half is not most"
        );
        let brief = Survey {
            post_like: 10,
            brief_shaped: 6,
            ..base.clone()
        };
        assert_eq!(brief.preset().0, "article");
        assert!(base.title_is_h1());
        assert!(!Survey { body_h1: 6, ..base }.title_is_h1());
    }

    #[test]
    fn init_data_parses() {
        let d = init_data();
        assert!(
            FrontMatter::DATE_KEYS
                .iter()
                .all(|k| d.date_keys.iter().any(|d| d == k))
        );
        assert!(d.generator.iter().any(|g| g.name == "Hugo"));
    }

    #[test]
    fn sections_a_template_leaves_empty_are_allowed() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..12 {
            let notes = if i < 11 { "" } else { "A real note.\n\n" };
            let page = format!(
                "---\ntitle: Page {i}\n---\n## Synopsis\n\nDoes thing {i}.\n\n## Notes\n\n{notes}## Related links\n\n- [x](x.md)\n"
            );
            std::fs::write(dir.path().join(format!("p{i}.md")), page).unwrap();
        }
        std::fs::write(
            dir.path().join("odd.md"),
            "---\ntitle: Odd\n---\n## Pricing\n\n## Support\n\nText.\n",
        )
        .unwrap();
        let s = survey(dir.path()).unwrap();
        assert_eq!(s.template_empty_sections(), vec![("notes".to_string(), 11)]);
        let text = s.render();
        assert!(text.contains("empty_allowed = [\"notes\"]"), "{text}");
        // One page's empty "Pricing" is that page's omission, not the template's.
        assert!(!text.contains("pricing"), "{text}");
        Config::from_toml_str(&text, None).unwrap();
    }

    #[test]
    fn existing_config_needs_force_and_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "preset = \"docs\"\n").unwrap();
        let e = write_config(dir.path(), "preset = \"blog\"\n", false).unwrap_err();
        assert!(e.contains("--force"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap(),
            "preset = \"docs\"\n"
        );
        write_config(dir.path(), "preset = \"blog\"\n", true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap(),
            "preset = \"blog\"\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("contentlint.toml.bak")).unwrap(),
            "preset = \"docs\"\n"
        );
        // A second --force keeps the first backup (the user's own file) and adds another.
        write_config(dir.path(), "preset = \"article\"\n", true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("contentlint.toml.bak")).unwrap(),
            "preset = \"docs\"\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("contentlint.toml.bak.1")).unwrap(),
            "preset = \"blog\"\n"
        );
    }
}
