//! A cache of lint results for repeated runs (ruff's model). A file's report is stored under
//! its path and found again only when everything that decides it is unchanged: the file's
//! bytes, its effective configuration (and the user rule packs it loads), the contentlint
//! binary (version and build), and every lint option (`--keyword`, `--today`, `--select`,
//! `--ignore`, `--min-score`, `--require-reason`, `--preset`); and, for a report judged against
//! the clock (no `--today`, no date of the article's own), the day. Runs with a baseline,
//! `--fix` or `--diff` do not use it (see `open_cache` in main.rs).
//!
//! Layout: `DIR/CACHEDIR.TAG`, `DIR/.gitignore` (`*`), then `DIR/<settings>/<path hash>.json`,
//! one entry a file (the report, its findings, suppressed findings, pass mark and site
//! signature, and the key it was made under). Entries are written atomically (a temporary
//! file renamed); an entry that cannot be read or parsed, or whose key differs, is a miss,
//! never an error. Standard input and record streams are never cached. The directories of
//! settings that no run has opened for [`UNUSED_SETTINGS_KEPT`] are removed when a cache is
//! opened.

use crate::config::Config;
use crate::engine::{Input, LintOptions, Linter};
use crate::report::{FileError, FileReport, ReportedFinding};
use crate::site::Signature;
use crate::suppress::SuppressedFinding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The cache directory when neither `--cache-dir` nor `CONTENTLINT_CACHE_DIR` says otherwise,
/// in the current directory.
pub const DEFAULT_DIR: &str = ".contentlint_cache";

/// <https://bford.info/cachedir/>: backup tools skip a directory holding this file.
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by contentlint.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

/// `CONTENTLINT_NO_CACHE` set to anything but empty or `0` turns the cache off, as
/// `--no-cache` does (this repository's `.cargo/config.toml` sets it, so that tests never
/// leave a cache behind).
pub fn disabled_by_env() -> bool {
    std::env::var_os("CONTENTLINT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A 128-bit hash of `parts`, each after its length (so that the parts' boundaries count):
/// XXH3-128, one pass over the bytes at memory speed. Every run hashes every file's text for
/// its key, so this was a warm run's largest cost after reading its entries: two passes of
/// SipHash before it were 16% of a warm run's instructions on the Rust blog (33 M of 209 M).
/// Keys only have to agree within one build of contentlint, and the build is part of every
/// key (see [`settings_key`]); nothing here is a defence against a chosen collision, which
/// a local cache does not need.
fn hash128(parts: &[&[u8]]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.digest128()
}

/// What of the binary and the command line decides results: contentlint's version, this
/// build (the executable's size and modification time, so a rebuild during development is
/// never served old results), and the options that change reports (`--today` among them).
/// Today's date is not in it: most articles carry their own date, and their reports hold on
/// any day; the few judged against the clock are checked when they are read
/// ([`judged_on_this_day`]). With the date in this key, every entry was missed the next day.
pub fn settings_key(version: &str, options: &LintOptions, preset: Option<&str>) -> u128 {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default();
    // Every option, by its Debug form: an option added later is in the key without a change here.
    let options = format!("{options:?} preset={preset:?}");
    hash128(&[version.as_bytes(), build.as_bytes(), options.as_bytes()])
}

/// How long the entries of settings that no run uses stay: a new contentlint build, another
/// `--select` or `--today` is another settings directory, and without this the cache grew by a
/// copy of every report for each of them.
pub const UNUSED_SETTINGS_KEPT: std::time::Duration =
    std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// Removes the settings directories under `root` (named by a 32-digit hex key, as
/// [`Cache::open`] makes them) other than `current` that no run has opened for
/// [`UNUSED_SETTINGS_KEPT`], by their modification time, and that hold nothing but entries
/// ([`holds_only_entries`]: `--cache-dir` may name a directory the user also keeps other
/// things in). Best effort: whatever cannot be read or removed stays, and nothing else in
/// `root` is touched.
fn prune_unused_settings(root: &Path, current: &Path, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_settings = entry.file_name().to_str().is_some_and(|name| {
            name.len() == 32 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        });
        if !is_settings || path == current || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let unused = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > UNUSED_SETTINGS_KEPT);
        if unused && holds_only_entries(&path, true) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Whether `dir` holds only what the cache writes there: entries (`*.json`) and temporary
/// files (`.tmp*`), and, where `subdirectories` (a settings directory of the layout before
/// stop 49), two-hex-digit directories that hold only those.
fn holds_only_entries(dir: &Path, subdirectories: bool) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return false;
        };
        match entry.file_type() {
            Ok(t) if t.is_file() => name.ends_with(".json") || name.starts_with(".tmp"),
            Ok(t) if t.is_dir() => {
                subdirectories
                    && name.len() == 2
                    && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                    && holds_only_entries(&entry.path(), false)
            }
            _ => false,
        }
    })
}

/// Whether `report` still holds today: always, unless its reference date is the clock's (no
/// `--today`, no date in the article, its path or the configuration), which it holds only on
/// the day it was made.
fn judged_on_this_day(report: &FileReport) -> bool {
    report.reference_date_source != crate::rule::DateSource::Clock
        || report.reference_date == crate::engine::clock_date().to_string()
}

/// How a run used the cache.
#[derive(Debug, Default)]
pub struct CacheStats {
    /// Reports read from the cache.
    pub hits: AtomicUsize,
    /// Files linted (no entry, or a stale or unreadable one).
    pub misses: AtomicUsize,
    /// Entries written.
    pub writes: AtomicUsize,
}

pub struct Cache {
    /// `DIR/<settings>`.
    dir: PathBuf,
    /// Each configuration's key, by the configuration's address (the `Arc` is kept, so an
    /// address is never reused for another configuration during the run).
    configs: Mutex<HashMap<usize, (Arc<Config>, u128)>>,
    pub stats: CacheStats,
}

/// An entry as written.
#[derive(Serialize)]
struct EntryOut<'a> {
    key: String,
    report: &'a FileReport,
    findings: &'a [ReportedFinding],
    suppressed: &'a [SuppressedFinding],
    min_score: f64,
    signature: Option<&'a Signature>,
}

/// An entry as read.
#[derive(Deserialize)]
struct EntryIn {
    key: String,
    report: FileReport,
    findings: Vec<ReportedFinding>,
    suppressed: Vec<SuppressedFinding>,
    min_score: f64,
    signature: Option<Signature>,
}

impl Cache {
    /// Opens (creating it if needed) the cache at `root` for runs of `settings`
    /// ([`settings_key`]). `Err` says why it cannot be used; the run then goes on uncached.
    pub fn open(root: &Path, settings: u128) -> io::Result<Cache> {
        // Absolute once: a temporary file in a relative directory (the default,
        // `.contentlint_cache`) asked for the current directory at every write.
        let root = &std::path::absolute(root)?;
        std::fs::create_dir_all(root)?;
        for (name, text) in [("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "*\n")] {
            let path = root.join(name);
            if !path.exists() {
                write_atomic(&path, text.as_bytes())?;
            }
        }
        let dir = root.join(format!("{settings:032x}"));
        std::fs::create_dir_all(&dir)?;
        // Marked as used now (a run that only reads writes nothing in it), then the
        // directories of settings no run has used for a while go.
        let now = std::time::SystemTime::now();
        let _ = std::fs::File::open(&dir).and_then(|d| d.set_modified(now));
        prune_unused_settings(root, &dir, now);
        Ok(Cache {
            dir,
            configs: Mutex::new(HashMap::new()),
            stats: CacheStats::default(),
        })
    }

    /// With `CONTENTLINT_CACHE_STATS` set, says on stderr how the run used the cache.
    pub fn report_stats(&self) {
        if std::env::var_os("CONTENTLINT_CACHE_STATS").is_some() {
            eprintln!(
                "cache: {} read, {} linted, {} written",
                self.stats.hits.load(Ordering::Relaxed),
                self.stats.misses.load(Ordering::Relaxed),
                self.stats.writes.load(Ordering::Relaxed)
            );
        }
    }

    /// The key of a configuration: its every setting, and the bytes of the user packs it
    /// loads (a rule edited in a pack changes results; the configuration does not show it).
    fn config_key(&self, config: &Arc<Config>) -> u128 {
        let address = Arc::as_ptr(config) as usize;
        if let Some((_, key)) = self.configs.lock().expect("cache configs").get(&address) {
            return *key;
        }
        let mut packs = Vec::new();
        let base = config.base_dir();
        for dir in &config.packs.dirs {
            let mut files: Vec<PathBuf> = std::fs::read_dir(base.join(dir))
                .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            for file in files {
                packs.extend_from_slice(file.as_os_str().as_encoded_bytes());
                packs.extend(std::fs::read(&file).unwrap_or_default());
            }
        }
        let key = hash128(&[format!("{config:?}").as_bytes(), &packs]);
        self.configs
            .lock()
            .expect("cache configs")
            .insert(address, (config.clone(), key));
        key
    }

    /// Where the entry of `shown` lives: one flat directory per settings key. Entries were
    /// spread over 256 subdirectories before: a run with new settings created up to 256
    /// directories and asked for one before every write (on the Rust blog, 756 `mkdir`
    /// calls, 256 of them creating a directory, for 754 entries).
    fn entry_path(&self, shown: &str) -> PathBuf {
        self.dir
            .join(format!("{:032x}.json", hash128(&[shown.as_bytes()])))
    }

    /// The report of `shown` if the cache holds one made under `key`; `source` is the file's
    /// text, restored into the report for source excerpts.
    /// `signature`: the run needs the page's site signature (an entry without one is a miss).
    fn get(&self, shown: &str, key: u128, source: &str, signature: bool) -> Option<FileReport> {
        let bytes = std::fs::read(self.entry_path(shown)).ok()?;
        let entry: EntryIn = serde_json::from_slice(&bytes).ok()?;
        if entry.key != format!("{key:032x}") || entry.report.path != shown {
            return None;
        }
        if signature && entry.signature.is_none() {
            return None;
        }
        if !judged_on_this_day(&entry.report) {
            return None;
        }
        let mut report = entry.report;
        report.findings = entry.findings;
        report.suppressed = entry.suppressed;
        report.min_score = entry.min_score;
        report.signature = entry.signature.filter(|_| signature).map(Arc::new);
        // As the document holds it: a lone `\r` read as `\n` (same offsets).
        let source = crate::document::lone_cr_to_lf(source.to_string());
        report.lines = Arc::new(crate::document::LineIndex::new(&source));
        report.source = Arc::from(source);
        Some(report)
    }

    /// Stores `report` under `key`; a failed write only costs the next run a relint.
    fn put(&self, key: u128, report: &FileReport) {
        let entry = EntryOut {
            key: format!("{key:032x}"),
            report,
            findings: &report.findings,
            suppressed: &report.suppressed,
            min_score: report.min_score,
            signature: report.signature.as_deref(),
        };
        // The bytes serde_json::to_vec writes, by the report writer's serializer (its strings
        // are searched for escapes eight bytes at a time): an entry is mostly strings.
        let mut bytes = Vec::new();
        if crate::report::json_writer::write_compact(&mut bytes, &entry).is_err() {
            return;
        }
        let path = self.entry_path(&report.path);
        let written = write_atomic(&path, &bytes).or_else(|e| {
            // The directory was removed during the run (a `rm -rf` of the cache): made again.
            if e.kind() != io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(&self.dir)?;
            write_atomic(&path, &bytes)
        });
        if written.is_ok() {
            self.stats.writes.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Lints the file at `path` (already read as `text`), or reads its report from the cache.
    fn lint_file(
        &self,
        linter: &Linter,
        path: &Path,
        text: String,
    ) -> Result<FileReport, FileError> {
        let shown = path.display().to_string();
        // A configuration that cannot be loaded is reported as an uncached run reports it.
        let Ok(config) = linter.config_for(path) else {
            return linter.lint_source(path, text);
        };
        let key = hash128(&[&self.config_key(&config).to_le_bytes(), text.as_bytes()]);
        if let Some(report) = self.get(&shown, key, &text, linter.signatures()) {
            self.stats.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(report);
        }
        self.stats.misses.fetch_add(1, Ordering::Relaxed);
        let report = linter.lint_with_config(&shown, text, &config)?;
        self.put(key, &report);
        Ok(report)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// that a reader (another run) sees the old entry or the new one, never half of one. Unlike
/// [`crate::write::write_file`] it does not sync to disk: a cache entry lost to a crash is
/// only a miss.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// [`Linter::lint_batch_map`] through `cache` when there is one: files are read, then their
/// report comes from the cache or from linting (and is stored); standard input is always
/// linted.
pub fn lint_batch_map<T: Send>(
    linter: &Linter,
    cache: Option<&Cache>,
    inputs: &[Input],
    jobs: usize,
    finish: impl Fn(usize, Result<FileReport, FileError>) -> T + Sync,
    sink: impl crate::engine::Sink<T>,
) {
    let Some(cache) = cache else {
        return linter.lint_batch_map(inputs, jobs, finish, sink);
    };
    let work = |i: usize, input: &Input| {
        let result = catch_unwind(AssertUnwindSafe(|| match input {
            Input::File(path) => {
                let text = crate::engine::read_article_limited(path, linter.max_file_size())?;
                cache.lint_file(linter, path, text)
            }
            Input::Stdin(_) => linter.lint_input(input),
        }))
        .unwrap_or_else(|_| {
            Err(FileError::new(
                &input.display(),
                None,
                "internal error while linting this file; please report it".into(),
            ))
        });
        finish(i, result)
    };
    crate::engine::map_in_order(inputs, jobs, work, sink);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linter() -> Linter {
        Linter::with_config(Config::default())
    }

    const TEXT: &str =
        "---\ntitle: T\ndate: 2024-01-01\n---\n# T\r\rIn 2019 we will ship it.\n\n## A\n\ntext\n";

    fn json(report: &FileReport) -> String {
        let mut out = Vec::new();
        use crate::report::Reporter;
        crate::report::JsonlReporter.file(&mut out, report).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_cached_report_is_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 1).unwrap();
        let linter = linter();
        let path = Path::new("a.md");
        let first = cache.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(cache.stats.misses.load(Ordering::Relaxed), 1);
        assert_eq!(cache.stats.writes.load(Ordering::Relaxed), 1);
        let again = cache.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(cache.stats.hits.load(Ordering::Relaxed), 1);
        assert_eq!(json(&again), json(&first));
        assert_eq!(again.findings, first.findings);
        assert_eq!(&*again.source, &*first.source);
        assert_eq!(again.lines.line_count(), first.lines.line_count());
        assert!(dir.path().join("CACHEDIR.TAG").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "*\n"
        );
    }

    #[test]
    fn a_changed_file_or_settings_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let linter = linter();
        let path = Path::new("a.md");
        let cache = Cache::open(dir.path(), 1).unwrap();
        cache.lint_file(&linter, path, TEXT.into()).unwrap();
        cache
            .lint_file(&linter, path, format!("{TEXT}more\n"))
            .unwrap();
        assert_eq!(cache.stats.misses.load(Ordering::Relaxed), 2);
        // Another version (or another option) is another settings key: nothing is found.
        let options = LintOptions::default();
        let v1 = settings_key("1.0.0", &options, None);
        let v2 = settings_key("1.0.1", &options, None);
        let with_today = |day: &str| LintOptions {
            today: Some(day.parse().unwrap()),
            ..LintOptions::default()
        };
        let today = settings_key("1.0.0", &with_today("2026-01-01"), None);
        let next_day = settings_key("1.0.0", &with_today("2026-01-02"), None);
        let selected = settings_key(
            "1.0.0",
            &LintOptions {
                select: vec!["structure".into()],
                ..LintOptions::default()
            },
            None,
        );
        let strict = settings_key(
            "1.0.0",
            &LintOptions {
                require_reason: true,
                ..LintOptions::default()
            },
            None,
        );
        assert_ne!(v1, v2);
        assert_ne!(v1, today);
        assert_ne!(today, next_day, "--today is an option like any other");
        assert_ne!(v1, selected);
        assert_ne!(v1, strict, "--require-reason changes results");
        let a = Cache::open(dir.path(), v1).unwrap();
        a.lint_file(&linter, path, TEXT.into()).unwrap();
        let b = Cache::open(dir.path(), v2).unwrap();
        b.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(b.stats.hits.load(Ordering::Relaxed), 0);
        let a_again = Cache::open(dir.path(), v1).unwrap();
        a_again.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(a_again.stats.hits.load(Ordering::Relaxed), 1);
    }

    /// An article without a date is judged against the clock: its entry holds on the day it
    /// was made only. A dated article's holds on any day.
    #[test]
    fn only_a_report_judged_against_the_clock_expires_with_the_day() {
        let dir = tempfile::tempdir().unwrap();
        let linter = linter();
        let cache = Cache::open(dir.path(), 1).unwrap();
        let undated = "# T\n\nIn 2019 we will ship it.\n";
        for (name, text, expires) in [("undated.md", undated, true), ("dated.md", TEXT, false)] {
            let path = Path::new(name);
            let first = cache.lint_file(&linter, path, text.into()).unwrap();
            assert_eq!(
                first.reference_date_source == crate::rule::DateSource::Clock,
                expires
            );
            // The entry as a run on an earlier day would have written it.
            let entry = cache.entry_path(name);
            let written = std::fs::read_to_string(&entry).unwrap();
            let made = format!("\"reference_date\":\"{}\"", first.reference_date);
            assert!(written.contains(&made), "{written}");
            let earlier = written.replace(&made, "\"reference_date\":\"2000-01-01\"");
            std::fs::write(&entry, earlier).unwrap();
            let hits = cache.stats.hits.load(Ordering::Relaxed);
            let again = cache.lint_file(&linter, path, text.into()).unwrap();
            let hit = cache.stats.hits.load(Ordering::Relaxed) > hits;
            assert_eq!(hit, !expires, "{name}");
            if expires {
                assert_eq!(json(&again), json(&first), "linted again, for today");
            }
        }
    }

    #[test]
    fn settings_unused_for_a_month_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let long_ago = std::time::SystemTime::now() - UNUSED_SETTINGS_KEPT * 2;
        let settings_dir = |key: u128| root.join(format!("{key:032x}"));
        let make = |path: &Path, modified: Option<std::time::SystemTime>| {
            std::fs::create_dir_all(path).unwrap();
            std::fs::write(path.join("entry.json"), "{}").unwrap();
            if let Some(time) = modified {
                std::fs::File::open(path)
                    .unwrap()
                    .set_modified(time)
                    .unwrap();
            }
        };
        make(&settings_dir(1), Some(long_ago)); // old, then opened again: kept
        make(&settings_dir(2), Some(long_ago)); // old: removed
        make(&settings_dir(3), None); // recent: kept
        make(&settings_dir(6).join("ab"), Some(long_ago)); // old, the earlier layout: removed
        std::fs::File::open(settings_dir(6))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        make(&settings_dir(7), Some(long_ago)); // old, but holds a file of the user's: kept
        std::fs::write(settings_dir(7).join("notes.txt"), "mine").unwrap();
        std::fs::File::open(settings_dir(7))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        make(&root.join("not-a-key"), Some(long_ago)); // not ours: kept
        let mut short = format!("{:031x}", 4);
        make(&root.join(&short), Some(long_ago)); // not a key's length: kept
        short.push('G');
        make(&root.join(&short), Some(long_ago)); // not hex: kept
        std::fs::write(root.join(format!("{:032x}", 5)), "a file").unwrap();
        Cache::open(root, 1).unwrap();
        assert!(settings_dir(1).join("entry.json").exists());
        assert!(!settings_dir(2).exists());
        assert!(settings_dir(3).join("entry.json").exists());
        assert!(!settings_dir(6).exists());
        assert!(settings_dir(7).join("notes.txt").exists());
        assert!(root.join("not-a-key").exists());
        assert!(root.join(format!("{:031x}", 4)).exists());
        assert!(root.join(&short).exists());
        assert!(root.join(format!("{:032x}", 5)).exists());
        // Opening marked the current settings as used.
        let opened = std::fs::metadata(settings_dir(1))
            .unwrap()
            .modified()
            .unwrap();
        assert!(opened > long_ago);
    }

    #[test]
    fn a_cache_removed_during_the_run_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cache");
        let linter = linter();
        let path = Path::new("a.md");
        let cache = Cache::open(&root, 1).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        cache.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(cache.stats.writes.load(Ordering::Relaxed), 1);
        cache.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(cache.stats.hits.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_corrupt_entry_is_a_miss_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let linter = linter();
        let path = Path::new("a.md");
        let cache = Cache::open(dir.path(), 1).unwrap();
        let first = cache.lint_file(&linter, path, TEXT.into()).unwrap();
        let entry = cache.entry_path("a.md");
        for garbage in [&b"{\"key\": 3"[..], b"", b"\xff\xfe"] {
            std::fs::write(&entry, garbage).unwrap();
            let again = cache.lint_file(&linter, path, TEXT.into()).unwrap();
            assert_eq!(json(&again), json(&first));
        }
        assert_eq!(cache.stats.hits.load(Ordering::Relaxed), 0);
        assert_eq!(cache.stats.misses.load(Ordering::Relaxed), 4);
        cache.lint_file(&linter, path, TEXT.into()).unwrap();
        assert_eq!(
            cache.stats.hits.load(Ordering::Relaxed),
            1,
            "the entry was rewritten"
        );
    }
}
