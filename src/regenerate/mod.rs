//! `contentlint regenerate`: for articles that fail, ask an LLM writer for revisions until one
//! passes (or the revisions run out), optionally add generated images, and write the result
//! safely. Nothing here runs unless asked, and an article that passes makes no backend call.
//!
//! One file, in order (each step is also a trace step, see [`trace`]):
//! 1. lint it (`route_input`, `validate`, `audit_seo`); if it passes, stop;
//! 2. the revision loop ([`revise`]): a repair prompt ([`prompt`]) to the writer
//!    ([`backend`]), the answer cleaned ([`response`]) with its front matter restored
//!    ([`front_matter`]), linted, kept if better (`generate_draft`, `validate`, `audit_seo`);
//! 3. with images on and too few images, generate and insert them ([`images`],
//!    `generate_images`);
//! 4. write atomically with a backup, or to `--output`, or print a diff ([`write`],
//!    `write_article`).
//!
//! A backend failure writes nothing and makes the exit code 2.

pub mod backend;
pub mod front_matter;
pub mod images;
pub mod prompt;
pub mod redact;
pub mod response;
pub mod revise;
pub mod settings;
pub mod trace;
pub mod write;

pub use settings::{Overrides, Settings};

use crate::config::ConfigResolver;
use crate::engine::{LintOptions, Linter, read_article};
use crate::report::{FileReport, Reporter, Summary};
use crate::write::{self as safe_write, Inputs, WriteError};
use backend::ImageBackend;
use redact::Redactor;
use revise::{LoopError, Reviser, Version, describe_problems};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use trace::Trace;

/// What the command was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub files: Vec<PathBuf>,
    /// `--config`: one configuration for every file instead of discovery.
    pub config: Option<PathBuf>,
    pub lint: LintOptions,
    pub overrides: Overrides,
    /// Write the result here instead of over the article (one file only).
    pub output: Option<PathBuf>,
    /// Print a unified diff, write nothing, and call no image backend.
    pub dry_run: bool,
    /// Write the trace (a JSON list of steps) here.
    pub trace: Option<PathBuf>,
}

/// Progress lines for people (stderr in the CLI). Write errors are ignored: a closed stderr
/// must not stop a run that is rewriting files.
/// Every line is redacted first.
pub struct LogSink {
    out: Box<dyn Write>,
    redactor: Redactor,
}

impl LogSink {
    pub fn new(out: Box<dyn Write>) -> LogSink {
        LogSink {
            out,
            redactor: Redactor::new(),
        }
    }

    /// Redact with `redactor` (shared: keys it learns later are redacted too).
    pub fn redact_with(&mut self, redactor: Redactor) {
        self.redactor = redactor;
    }

    pub fn line(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.out, "{}", self.redactor.redact(text.as_ref()));
        let _ = self.out.flush();
    }
}

/// Standard output, redacted: what is written is held until `flush`, so a key split across
/// two writes is still found.
struct RedactedOut<'a> {
    inner: &'a mut dyn Write,
    buf: Vec<u8>,
    redactor: Redactor,
}

impl Write for RedactedOut<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let bytes = std::mem::take(&mut self.buf);
            match String::from_utf8(bytes) {
                Ok(text) => self
                    .inner
                    .write_all(self.redactor.redact(&text).as_bytes())?,
                Err(e) => self.inner.write_all(e.as_bytes())?,
            }
        }
        self.inner.flush()
    }
}

/// Which version ended up in the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The article passed as it was: no backend call.
    AlreadyPassing,
    /// No revision ranked above the original.
    Original,
    Revision(u32),
}

/// The result for one article.
#[derive(Debug)]
pub struct FileOutcome {
    /// The report of the result, `revision_count` set.
    pub report: FileReport,
    pub original_score: u32,
    pub kept: Kept,
    pub images: Vec<PathBuf>,
    /// Where the result was written, if it was.
    pub written: Option<PathBuf>,
    pub backup: Option<PathBuf>,
    /// The unified diff, with `--dry-run`.
    pub diff: Option<String>,
}

/// Run the command: each file in turn. Reports (or, with `--dry-run`, diffs) go to `out`,
/// progress to `log`. Returns the exit code: 0 every article passes now, 1 one still fails,
/// 2 an input, configuration or backend error.
pub fn run(
    request: &Request,
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    log: &mut LogSink,
) -> u8 {
    let redactor = Redactor::new();
    log.redact_with(redactor.clone());
    let mut out = RedactedOut {
        inner: out,
        buf: Vec::new(),
        redactor: redactor.clone(),
    };
    let out: &mut dyn Write = &mut out;
    let mut summary = Summary::default();
    let mut code = 0u8;
    let mut io_error = None;
    if let Some(message) = usage_error(request) {
        log.line(format!("error: {message}"));
        return 2;
    }
    // Everything that could destroy a file is checked before anything is written.
    let (files, _inputs) = match preflight(request, log) {
        Ok(v) => v,
        Err(message) => {
            log.line(format!("error: {message}; nothing was written"));
            return 2;
        }
    };
    let mut trace = Trace::with_redactor(request.trace.clone(), redactor.clone());
    if let Err(message) = trace.start() {
        log.line(format!("error: {message}"));
        return 2;
    }
    let resolver = match ConfigResolver::new(request.config.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            log.line(format!("error: {e}"));
            return 2;
        }
    };
    let linter = Linter::new(resolver, request.lint.clone());
    let run = Run {
        request,
        linter: &linter,
        redactor: &redactor,
    };
    for path in &files {
        let result = run.file(path, &mut trace, log);
        let (file_code, report) = match result {
            Ok(outcome) => {
                if let Some(diff) = &outcome.diff
                    && let Err(e) = out.write_all(diff.as_bytes())
                {
                    io_error.get_or_insert(e);
                }
                (u8::from(!outcome.report.valid), Ok(outcome.report))
            }
            Err(error) => {
                log.line(format!("error: {error}"));
                (2, Err(error))
            }
        };
        code = code.max(file_code);
        summary.add(&report);
        if request.dry_run {
            continue;
        }
        let written = match &report {
            Ok(r) => reporter.file(out, r),
            Err(e) => reporter.error(out, e),
        };
        if let Err(e) = written {
            io_error.get_or_insert(e);
        }
    }
    if !request.dry_run
        && let Err(e) = reporter.finish(out, &summary)
    {
        io_error.get_or_insert(e);
    }
    if let Err(e) = out.flush() {
        io_error.get_or_insert(e);
    }
    if let Some(e) = io_error
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        log.line(format!("error: cannot write the output: {e}"));
        code = 2;
    }
    if let Some(e) = &trace.write_error {
        log.line(format!("error: {e}"));
        code = 2;
    }
    code
}

/// The inputs, deduplicated by file identity (`a.md ./a.md` is one file, regenerated once),
/// after checking that `--trace` and `--output` are neither an input nor each other nor
/// something other than a regular file, and after removing temporary files a killed run left
/// beside them. `Err`: why the run must not start.
fn preflight(request: &Request, log: &mut LogSink) -> Result<(Vec<PathBuf>, Inputs), String> {
    let mut inputs = Inputs::new();
    let mut files = Vec::new();
    for f in &request.files {
        if inputs.add(f) {
            files.push(f.clone());
        } else {
            log.line(format!(
                "{}: the same file as an earlier argument; regenerated once",
                f.display()
            ));
        }
    }
    let named = |flag: &str, p: &Path, e: WriteError| match e {
        WriteError::IsInput { .. } => format!(
            "{flag} {} is the article being regenerated (or another input of this run); refusing to write over it",
            p.display()
        ),
        other => format!("{flag}: {other}"),
    };
    for (flag, target) in [("--trace", &request.trace), ("--output", &request.output)] {
        if let Some(t) = target {
            safe_write::check_target(t, &inputs).map_err(|e| named(flag, t, e))?;
        }
    }
    // Found now, not after the backend was paid for.
    if let Some(o) = &request.output {
        let dir = match o.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(format!(
                "--output {}: the directory {} does not exist",
                o.display(),
                dir.display()
            ));
        }
    }
    if let (Some(t), Some(o)) = (&request.trace, &request.output)
        && safe_write::same_file(t, o)
    {
        return Err(format!(
            "--trace {} and --output {} are the same file",
            t.display(),
            o.display()
        ));
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    for p in files
        .iter()
        .chain(request.trace.iter())
        .chain(request.output.iter())
    {
        let target = safe_write::resolve(p);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dirs.contains(&dir) {
            for stale in safe_write::clean_stale_temps(&dir) {
                log.line(format!(
                    "removed {}, a temporary file left by an interrupted run",
                    stale.display()
                ));
            }
            dirs.push(dir);
        }
    }
    Ok((files, inputs))
}

/// What is wrong with the request as a whole, before any file is read.
fn usage_error(request: &Request) -> Option<&'static str> {
    if request.output.is_some() && request.files.len() != 1 {
        Some("--output takes exactly one FILE")
    } else if request.files.iter().any(|f| f.as_os_str() == "-") {
        Some("regenerate rewrites files: give a path, not - (standard input)")
    } else {
        None
    }
}

type FileError = crate::report::FileError;

fn file_error(shown: &str, message: impl Into<String>) -> FileError {
    FileError::new(shown, None, message.into())
}

/// What every file of a run shares.
struct Run<'a> {
    request: &'a Request,
    linter: &'a Linter,
    redactor: &'a Redactor,
}

impl Run<'_> {
    fn file(
        &self,
        path: &Path,
        trace: &mut Trace,
        log: &mut LogSink,
    ) -> Result<FileOutcome, FileError> {
        regenerate_file(self, path, trace, log)
    }
}

fn regenerate_file(
    run: &Run,
    path: &Path,
    trace: &mut Trace,
    log: &mut LogSink,
) -> Result<FileOutcome, FileError> {
    let request = run.request;
    let linter = run.linter;
    let shown = path.display().to_string();
    // A device, FIFO or socket is neither read nor replaced.
    if let Err(e @ WriteError::NotRegular { .. }) = safe_write::check_regular(path) {
        return Err(file_error(&shown, e.to_string()));
    }
    let original_text = read_article(path)?;
    let config = linter
        .config_for(path)
        .map_err(|e| file_error(&shown, e.to_string()))?;
    let settings =
        Settings::resolve(&config, &request.overrides).map_err(|e| file_error(&shown, e))?;
    // Both keys, whatever the backends: a command backend's wrapper may read either.
    run.redactor.add_env(&settings.writer.api_key_env);
    run.redactor.add_env(&settings.image.api_key_env);
    let original = linter.lint_with_config(&shown, original_text.clone(), &config)?;
    let max = settings.max_revisions;
    let route = if original.valid {
        format!("Article passes (score {}): no backend call", original.score)
    } else {
        format!(
            "Article fails (score {}{}): regenerating",
            original.score,
            describe_problems(&original)
        )
    };
    trace.push(
        "route_input",
        "Intake",
        &shown,
        route,
        json!({
            "generation_mode": "repair",
            "provided_content_present": true,
            "valid": original.valid,
            "score": original.score,
            "reference_date": original.reference_date,
            "primary_keyword": original.seo.primary_keyword,
            "images": settings.images,
            "dry_run": request.dry_run,
        }),
    );
    trace.push(
        "validate",
        "Critic",
        &shown,
        trace::critic_outcome(&original),
        trace::critic_metadata(&original, 0, max),
    );
    trace.push(
        "audit_seo",
        "SEO-Auditor",
        &shown,
        trace::seo_outcome(&original),
        trace::seo_metadata(&original),
    );
    if original.valid {
        log.line(format!(
            "{shown}: passes (score {}); no backend call, nothing to do",
            original.score
        ));
        return Ok(FileOutcome {
            original_score: original.score,
            report: original,
            kept: Kept::AlreadyPassing,
            images: Vec::new(),
            written: None,
            backup: None,
            diff: None,
        });
    }
    let writer = backend::writer(&settings.writer, &settings.http, run.redactor)
        .map_err(|e| file_error(&shown, e.message))?;
    let info = writer.info();
    log.line(format!(
        "{shown}: fails (score {}{}); asking {} model `{}` at {} for up to {max} revision{}",
        original.score,
        describe_problems(&original),
        info.backend,
        info.model,
        info.endpoint,
        if max == 1 { "" } else { "s" }
    ));
    // Revisions are judged by the original's keyword and reference date, so a writer cannot
    // pass by changing what it is measured against.
    let pinned_options = LintOptions {
        keyword: original.seo.primary_keyword.clone(),
        today: original.reference_date.parse().ok(),
        ..linter.options().clone()
    };
    let pinned = Linter::new(ConfigResolver::fixed((*config).clone()), pinned_options);
    let keyword_source = original.seo.primary_keyword_source;
    let date_source = original.reference_date_source;
    let patch = move |r: &mut FileReport| {
        r.seo.primary_keyword_source = keyword_source;
        r.reference_date_source = date_source;
    };
    let reviser = Reviser {
        linter: &pinned,
        config: &config,
        shown: &shown,
        writer: writer.as_ref(),
        max_revisions: max,
        keep_front_matter: &settings.keep_front_matter,
        patch: &patch,
        redactor: run.redactor,
    };
    let original_score = original.score;
    let looped = reviser
        .run(
            Version {
                revision: 0,
                text: original_text.clone(),
                report: original,
            },
            trace,
            log,
        )
        .map_err(|e| match e {
            LoopError::Backend(e) => {
                file_error(&shown, format!("{}; the article is unchanged", e.message))
            }
            LoopError::Prompt(m) => file_error(&shown, m),
        })?;
    let revisions = looped.revisions;
    let best = looped.best;
    let kept = if best.revision == 0 {
        log.line(format!(
            "{shown}: no revision scored above the original ({original_score}); kept the original"
        ));
        Kept::Original
    } else {
        log.line(format!(
            "{shown}: kept revision {} (score {}, was {original_score})",
            best.revision, best.report.score
        ));
        Kept::Revision(best.revision)
    };
    let destination = request.output.clone().unwrap_or_else(|| path.to_path_buf());
    let mut text = best.text;
    let mut report = best.report;
    let mut saved_images = Vec::new();
    if settings.images {
        let added = add_images(
            &settings,
            &text,
            &report,
            &destination,
            request.dry_run,
            trace,
            &shown,
            run.redactor,
        )
        .map_err(|e| file_error(&shown, format!("{e}; the article is unchanged")))?;
        if let Some((with_images, files)) = added {
            text = with_images;
            saved_images = files;
            report = pinned.lint_with_config(&shown, text.clone(), &config)?;
            patch(&mut report);
        }
    }
    report.revision_count = revisions;
    let mut outcome = FileOutcome {
        report,
        original_score,
        kept,
        images: saved_images,
        written: None,
        backup: None,
        diff: None,
    };
    publish(
        request,
        &settings,
        path,
        &destination,
        &original_text,
        &text,
        &mut outcome,
        trace,
        log,
    )
    .map_err(|e| file_error(&shown, e))?;
    Ok(outcome)
}

/// Generate and insert the missing images. `None`: none were missing. Files saved before a
/// failure are removed again, so a failed run leaves nothing behind.
#[allow(clippy::too_many_arguments)]
fn add_images(
    settings: &Settings,
    text: &str,
    report: &FileReport,
    destination: &Path,
    dry_run: bool,
    trace: &mut Trace,
    shown: &str,
    redactor: &Redactor,
) -> Result<Option<(String, Vec<PathBuf>)>, String> {
    let doc = crate::document::Document::parse(text.to_string())
        .map_err(|e| format!("line {}: {}", e.line, e.message))?;
    let stem = destination
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let plans = images::plan(&images::PlanInput {
        doc: &doc,
        keyword: report.seo.primary_keyword.as_deref(),
        file_stem: &stem,
        present: report.seo.images_total,
        wanted: settings.min_images,
        hero_size: &settings.image.hero_size,
        size: &settings.image.size,
        style: &settings.image.style,
    });
    if plans.is_empty() {
        return Ok(None);
    }
    let dir = match destination.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let titles: Vec<&str> = plans.iter().map(|p| p.title).collect();
    let sizes: Vec<&str> = plans.iter().map(|p| p.size.as_str()).collect();
    if dry_run {
        let mut taken = Vec::new();
        let mut inserts = Vec::new();
        for p in &plans {
            let path = images::free_path(&dir, &p.stem, "png", &taken);
            inserts.push((p.insert_at, p.alt.clone(), file_name(&path)));
            taken.push(path);
        }
        trace.push(
            "generate_images",
            "Image-Generator",
            shown,
            format!("Dry run: would generate {} images", plans.len()),
            json!({
                "generated_count": 0,
                "image_titles": titles,
                "image_sizes": sizes,
                "dry_run": true,
            }),
        );
        return Ok(Some((images::insert(text, &inserts, newline), Vec::new())));
    }
    let backend: Box<dyn ImageBackend> =
        backend::image_backend(&settings.image, &settings.http, redactor).map_err(|e| e.message)?;
    let info = backend.info();
    let mut saved: Vec<PathBuf> = Vec::new();
    let mut inserts = Vec::new();
    let mut revised_prompts = Vec::new();
    let mut attempts = 0;
    let cleanup = |saved: &[PathBuf]| {
        for p in saved {
            let _ = std::fs::remove_file(p);
        }
    };
    for p in &plans {
        let image = match backend.generate(&p.prompt, &p.size) {
            Ok(i) => i,
            Err(e) => {
                cleanup(&saved);
                trace.push(
                    "generate_images",
                    "Image-Generator",
                    shown,
                    format!("Image generation failed: {}", e.message),
                    json!({
                        "generated_count": 0,
                        "source": info.model,
                        "backend": info.backend,
                        "image_titles": titles,
                        "image_sizes": sizes,
                        "error": e.message,
                        "error_kind": e.kind,
                    }),
                );
                return Err(e.message);
            }
        };
        attempts += image.attempts;
        let ext = backend::image_extension(&image.bytes).unwrap_or("png");
        let path = images::free_path(&dir, &p.stem, ext, &saved);
        if let Err(e) = safe_write::write_file(&path, &image.bytes, None) {
            cleanup(&saved);
            return Err(format!(
                "cannot save the image {}: {}",
                path.display(),
                e.reason()
            ));
        }
        inserts.push((p.insert_at, p.alt.clone(), file_name(&path)));
        revised_prompts.push(image.revised_prompt);
        saved.push(path);
    }
    let files: Vec<String> = saved.iter().map(|p| p.display().to_string()).collect();
    trace.push(
        "generate_images",
        "Image-Generator",
        shown,
        format!("Generated {} images using {}", saved.len(), info.model),
        json!({
            "generated_count": saved.len(),
            "source": info.model,
            "backend": info.backend,
            "image_titles": titles,
            "image_sizes": sizes,
            "files": files,
            "alt_texts": plans.iter().map(|p| p.alt.as_str()).collect::<Vec<_>>(),
            "prompts": plans.iter().map(|p| p.prompt.as_str()).collect::<Vec<_>>(),
            "revised_prompts": revised_prompts,
            "attempts": attempts,
        }),
    );
    Ok(Some((images::insert(text, &inserts, newline), saved)))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Write the result (or print the diff) and record it.
#[allow(clippy::too_many_arguments)]
fn publish(
    request: &Request,
    settings: &Settings,
    path: &Path,
    destination: &Path,
    original: &str,
    result: &str,
    outcome: &mut FileOutcome,
    trace: &mut Trace,
    log: &mut LogSink,
) -> Result<(), String> {
    let shown = path.display().to_string();
    // The user's byte order mark and line endings, whatever the model wrote.
    let result = &safe_write::keep_encoding(original, result);
    let meta = |written: Option<&Path>, backup: Option<&Path>| {
        json!({
            "kept_revision": match outcome.kept { Kept::Revision(n) => n, _ => 0 },
            "revision_count": outcome.report.revision_count,
            "original_score": outcome.original_score,
            "score": outcome.report.score,
            "valid": outcome.report.valid,
            "written": written.map(|p| p.display().to_string()),
            "backup": backup.map(|p| p.display().to_string()),
            "dry_run": request.dry_run,
        })
    };
    if request.dry_run {
        let diff = write::unified_diff(
            original,
            result,
            &shown,
            &format!("{} (regenerated)", destination.display()),
        );
        let said = if diff.is_empty() {
            "Dry run: no change".to_string()
        } else {
            "Dry run: diff printed, nothing written".to_string()
        };
        log.line(format!("{shown}: {}", said.to_lowercase()));
        trace.push("write_article", "Publisher", &shown, said, meta(None, None));
        outcome.diff = Some(diff);
        return Ok(());
    }
    if result == original && request.output.is_none() {
        log.line(format!("{shown}: unchanged"));
        trace.push(
            "write_article",
            "Publisher",
            &shown,
            "Unchanged",
            meta(None, None),
        );
        return Ok(());
    }
    // The backend took seconds or minutes: if the article changed meanwhile (an editor saved
    // it), writing now would lose that edit, and the backup would not hold it either.
    if request.output.is_none() && read_article(path).is_ok_and(|now| now != original) {
        return Err(format!(
            "{shown} changed while the revision was being written; it is left as it is now \
             (run regenerate again to revise the new text)"
        ));
    }
    let mut backup = None;
    if request.output.is_none() && settings.backup {
        // A free name: an earlier run's backup holds the first original and is kept.
        let b = safe_write::free_backup_path(path);
        safe_write::write_file(&b, original.as_bytes(), Some(path)).map_err(|e| {
            format!(
                "cannot write the backup {}: {}; the article is unchanged",
                b.display(),
                e.reason()
            )
        })?;
        backup = Some(b);
    }
    safe_write::write_file(destination, result.as_bytes(), None).map_err(|e| {
        let kept = match &backup {
            Some(b) => format!("; it is unchanged (its backup {} was written)", b.display()),
            None => "; it is unchanged".to_string(),
        };
        format!(
            "cannot write {}: {}{kept}",
            destination.display(),
            e.reason()
        )
    })?;
    let backup_note = backup
        .as_ref()
        .map(|b| format!(" (backup {})", b.display()))
        .unwrap_or_default();
    log.line(format!(
        "{shown}: wrote {}{backup_note}",
        destination.display()
    ));
    trace.push(
        "write_article",
        "Publisher",
        &shown,
        format!("Wrote {}{backup_note}", destination.display()),
        meta(Some(destination), backup.as_deref()),
    );
    outcome.written = Some(destination.to_path_buf());
    outcome.backup = backup;
    Ok(())
}
