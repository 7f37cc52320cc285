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
pub mod response;
pub mod revise;
pub mod settings;
pub mod trace;
pub mod write;

pub use settings::{Overrides, Settings};

use crate::config::ConfigResolver;
use crate::engine::{LintOptions, Linter, read_article};
use crate::report::{FileReport, Reporter, Summary};
use backend::ImageBackend;
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
pub struct LogSink {
    out: Box<dyn Write>,
}

impl LogSink {
    pub fn new(out: Box<dyn Write>) -> LogSink {
        LogSink { out }
    }

    pub fn line(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.out, "{}", text.as_ref());
        let _ = self.out.flush();
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
    let mut trace = Trace::new(request.trace.clone());
    let mut summary = Summary::default();
    let mut code = 0u8;
    let mut io_error = None;
    if let Err(message) = trace.start() {
        log.line(format!("error: {message}"));
        return 2;
    }
    if let Some(message) = usage_error(request) {
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
    for path in &request.files {
        let result = regenerate_file(request, &linter, path, &mut trace, log);
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

fn regenerate_file(
    request: &Request,
    linter: &Linter,
    path: &Path,
    trace: &mut Trace,
    log: &mut LogSink,
) -> Result<FileOutcome, FileError> {
    let shown = path.display().to_string();
    let original_text = read_article(path)?;
    let config = linter
        .config_for(path)
        .map_err(|e| file_error(&shown, e.to_string()))?;
    let settings =
        Settings::resolve(&config, &request.overrides).map_err(|e| file_error(&shown, e))?;
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
    let writer = backend::writer(&settings.writer, &settings.http)
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
fn add_images(
    settings: &Settings,
    text: &str,
    report: &FileReport,
    destination: &Path,
    dry_run: bool,
    trace: &mut Trace,
    shown: &str,
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
        backend::image_backend(&settings.image, &settings.http).map_err(|e| e.message)?;
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
        if let Err(e) = write::write_atomic(&path, &image.bytes) {
            cleanup(&saved);
            return Err(format!("cannot save the image {}: {e}", path.display()));
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
    let mut backup = None;
    if request.output.is_none() && settings.backup {
        let b = write::backup_path(path);
        write::write_atomic_like(&b, original.as_bytes(), path).map_err(|e| {
            format!(
                "cannot write the backup {}: {e}; the article is unchanged",
                b.display()
            )
        })?;
        backup = Some(b);
    }
    write::write_atomic(destination, result.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", destination.display()))?;
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
