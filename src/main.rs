//! The `contentlint` binary: parse arguments, call the library, map the outcome to an exit
//! code (0 all pass, 1 a file fails, 2 an input or configuration error).

mod cli;

use clap::Parser;
use cli::{CheckArgs, Cli, Command, Format, InitArgs, LintArgs, RegenerateArgs, RulesArgs};
use contentlint::config::{ConfigError, ConfigResolver};
use contentlint::discover::{DiscoverOptions, collect_inputs_with};
use contentlint::engine::{Input, LintOptions, Linter, RuleSet, parse_date};
use contentlint::regenerate as regen;
use contentlint::report::{
    FileError, FileReport, GithubReporter, HtmlReporter, HumanReporter, JsonReporter,
    JsonlReporter, Reporter, SarifReporter, SarifRule, Skipped, Summary, html::HtmlRule,
};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Init(args) => init(args),
        Command::Regenerate(args) => regenerate(args),
        Command::Explain { rule, config } => explain(&rule, config.as_deref()),
        Command::Lsp => contentlint::lsp::run_stdio(),
    };
    match code {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn lint_options(args: &LintArgs) -> Result<LintOptions, String> {
    let today = args
        .today
        .as_deref()
        .map(|raw| parse_date(raw).map_err(|e| impossible_date(raw).unwrap_or(e)))
        .transpose()
        .map_err(|e| format!("--today: {e}"))?;
    Ok(LintOptions {
        keyword: args.keyword.clone(),
        today,
        min_score: args.min_score,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    })
}

/// Why a well-formed `YYYY-MM-DD` is not a date, in plain words ("February 2024 has 29
/// days"), rather than only "not a date".
fn impossible_date(raw: &str) -> Option<String> {
    let mut parts = raw.trim().splitn(3, '-');
    let year: i16 = parts.next()?.parse().ok()?;
    let month: i8 = parts.next()?.parse().ok()?;
    let day: i8 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!(
            "`{raw}`: there is no month {month}; write the date as YYYY-MM-DD"
        ));
    }
    let first = jiff::civil::Date::new(year, month, 1).ok()?;
    let days = first.days_in_month();
    (day < 1 || day > days).then(|| {
        format!(
            "`{raw}`: {} {year} has {days} days; write the date as YYYY-MM-DD",
            first.strftime("%B")
        )
    })
}

fn linter(args: &LintArgs) -> Result<Linter, String> {
    let options = lint_options(args)?;
    let resolver = ConfigResolver::new(args.config.as_deref()).map_err(|e| e.to_string())?;
    Ok(Linter::new(resolver, options))
}

fn reporter(
    format: Format,
    quiet: bool,
    linter: &Linter,
    html_base_url: Option<&str>,
) -> Result<Box<dyn Reporter>, String> {
    Ok(match format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut r = HumanReporter::new(color);
            r.show_info = !quiet;
            Box::new(r)
        }
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonlReporter),
        Format::Github => Box::new(GithubReporter),
        Format::Html => {
            let config = linter
                .config_for(Path::new("./contentlint.md"))
                .map_err(|e| e.to_string())?;
            let set = linter.rule_set(&config).map_err(|e| e.to_string())?;
            let rules = set
                .rules
                .iter()
                .map(|r| HtmlRule::from_meta(r.meta()))
                .collect();
            Box::new(HtmlReporter::new(rules, html_base_url.map(str::to_string)))
        }
        Format::Sarif => {
            let config = linter
                .config_for(Path::new("./contentlint.md"))
                .map_err(|e| e.to_string())?;
            let set = linter.rule_set(&config).map_err(|e| e.to_string())?;
            let rules = set
                .rules
                .iter()
                .map(|r| SarifRule::from_meta(r.meta()))
                .collect();
            Box::new(SarifReporter::new(rules))
        }
    })
}

fn check(args: CheckArgs) -> Result<u8, String> {
    let linter = {
        let options = lint_options(&args.lint)?;
        let resolver =
            ConfigResolver::with_preset(args.lint.config.as_deref(), args.preset.as_deref())
                .map_err(|e| e.to_string())?;
        Linter::new(resolver, options).with_max_file_size(args.max_file_size)
    };
    if args.input_format == cli::InputFormat::Jsonl {
        return check_records(&args, &linter);
    }
    let (inputs, input_errors) = collect_inputs_with(
        &args.paths,
        args.stdin_filename.as_deref(),
        DiscoverOptions {
            no_ignore: args.no_ignore,
        },
    );
    // Files found by walking a directory (not named on the command line): these honour
    // `exclude` and are skipped when they have no body. Named files are always linted.
    let walked = |input: &Input| match input {
        Input::File(p) => !args.paths.contains(p),
        Input::Stdin(_) => false,
    };
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|input| match input {
            Input::File(p) if walked(input) => linter
                .config_for(p)
                .map_or(true, |config| !config.is_excluded(p)),
            _ => true,
        })
        .collect();
    let walked: Vec<bool> = inputs.iter().map(walked).collect();
    linter.check_selection(inputs.iter().map(|i| i.path()))?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // More threads than 4 per core (or than files) only cost memory and start-up time.
    let jobs = args
        .jobs
        .unwrap_or(cores)
        .clamp(1, cores * 4)
        .min(inputs.len().max(1));
    let mut reporter = reporter(
        args.format,
        args.quiet,
        &linter,
        args.html_base_url.as_deref(),
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut io_error = None;
    for error in &input_errors {
        summary.add(&Err(error.clone()));
        if let Err(e) = reporter.error(&mut out, error) {
            io_error.get_or_insert(e);
        }
    }
    let progress = progress_bar(inputs.len());
    // Each report is formatted on the worker that linted it; this thread writes bytes in
    // input order.
    let format = reporter.file_format();
    let finish = |i: usize, result: Result<FileReport, FileError>| match result {
        Ok(report) => {
            if walked[i]
                && let Some(reason) = contentlint::skip::bodyless_reason(&report.source)
            {
                return Linted::Skipped(Skipped {
                    path: report.path,
                    reason: reason.to_string(),
                });
            }
            let mut bytes = Vec::new();
            let formatted = format.format(&report, &mut bytes).map(|()| bytes);
            Linted::File {
                valid: report.valid,
                score: report.score,
                formatted,
            }
        }
        Err(error) => Linted::Error(error),
    };
    let cache = open_cache(&args, &linter);
    contentlint::cache::lint_batch_map(
        &linter,
        cache.as_ref(),
        &inputs,
        jobs,
        finish,
        |_, linted| {
            progress.inc(1);
            let written = match linted {
                Linted::Skipped(skipped) => {
                    summary.add_skipped();
                    reporter.skipped(&mut out, &skipped)
                }
                Linted::File {
                    valid,
                    score,
                    formatted,
                } => {
                    summary.add_file(valid, score);
                    formatted.and_then(|bytes| reporter.formatted(&mut out, &bytes))
                }
                Linted::Error(error) => {
                    summary.add_error();
                    reporter.error(&mut out, &error)
                }
            };
            if let Err(e) = written {
                io_error.get_or_insert(e);
            }
        },
    );
    progress.finish_and_clear();
    if let Some(cache) = &cache {
        cache.report_stats();
    }
    let finished = reporter
        .finish(&mut out, &summary)
        .and_then(|_| out.flush());
    match io_error.map_or(finished, Err) {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write the report: {e}")),
        Ok(()) => {}
    }
    Ok(summary.exit_code() as u8)
}

/// The result cache of `check`, unless `--no-cache` or `CONTENTLINT_NO_CACHE`; a cache that
/// cannot be opened is a warning and the run goes on without it.
fn open_cache(args: &CheckArgs, linter: &Linter) -> Option<contentlint::cache::Cache> {
    use contentlint::cache::{Cache, DEFAULT_DIR, disabled_by_env, settings_key};
    if args.no_cache || disabled_by_env() {
        return None;
    }
    // Without --today, undated articles are judged against the clock: today is in the key.
    let today = match linter.options().today {
        Some(date) => date.to_string(),
        None => jiff::ZonedDateTime::now().date().to_string(),
    };
    let settings = settings_key(
        env!("CARGO_PKG_VERSION"),
        linter.options(),
        args.preset.as_deref(),
        &today,
    );
    let dir = args.cache_dir.as_deref().unwrap_or(Path::new(DEFAULT_DIR));
    match Cache::open(dir, settings) {
        Ok(cache) => Some(cache),
        Err(e) => {
            eprintln!(
                "warning: cannot use the cache at {}: {e}; linting without it (--no-cache \
                 turns it off)",
                dir.display()
            );
            None
        }
    }
}

/// `check --input-format jsonl`: each path (or `-`) is a stream of `{"path", "text"}` records,
/// linted a chunk at a time and reported in stream order, one result per record; a bad record
/// is an error in its place and the stream goes on. Never cached.
fn check_records(args: &CheckArgs, linter: &Linter) -> Result<u8, String> {
    use contentlint::input::{Records, lint_records};
    linter.check_selection([Path::new("./contentlint.md")])?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = args.jobs.unwrap_or(cores).clamp(1, cores * 4);
    let mut reporter = reporter(
        args.format,
        args.quiet,
        linter,
        args.html_base_url.as_deref(),
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut io_error = None;
    let format = reporter.file_format();
    let mut next = 0;
    for source in &args.paths {
        let stdin;
        let (reader, shown): (Box<dyn std::io::BufRead>, String) = if source == Path::new("-") {
            stdin = std::io::stdin();
            (Box::new(stdin.lock()), "standard input".to_string())
        } else {
            // Any readable stream: a file, or a pipe (`<(generate)`), read as it comes.
            match std::fs::File::open(source) {
                Ok(file) if !file.metadata().is_ok_and(|m| m.is_dir()) => (
                    Box::new(std::io::BufReader::new(file)),
                    source.display().to_string(),
                ),
                opened => {
                    let why = opened.map_or_else(|e| e.to_string(), |_| "is a directory".into());
                    let error = FileError::new(
                        &source.display().to_string(),
                        None,
                        format!("cannot read the records: {why}"),
                    );
                    summary.add_error();
                    if let Err(e) = reporter.error(&mut out, &error) {
                        io_error.get_or_insert(e);
                    }
                    continue;
                }
            }
        };
        let records = Records::new(reader, &shown, args.max_file_size);
        let finish = |_: usize, result: Result<FileReport, FileError>| match result {
            Ok(report) => {
                let mut bytes = Vec::new();
                let formatted = format.format(&report, &mut bytes).map(|()| bytes);
                Linted::File {
                    valid: report.valid,
                    score: report.score,
                    formatted,
                }
            }
            Err(error) => Linted::Error(error),
        };
        next = lint_records(linter, records, jobs, next, finish, |_, linted| {
            let written = match linted {
                Linted::File {
                    valid,
                    score,
                    formatted,
                } => {
                    summary.add_file(valid, score);
                    formatted.and_then(|bytes| reporter.formatted(&mut out, &bytes))
                }
                Linted::Error(error) => {
                    summary.add_error();
                    reporter.error(&mut out, &error)
                }
                Linted::Skipped(skipped) => {
                    summary.add_skipped();
                    reporter.skipped(&mut out, &skipped)
                }
            };
            if let Err(e) = written {
                io_error.get_or_insert(e);
            }
        });
    }
    let finished = reporter
        .finish(&mut out, &summary)
        .and_then(|_| out.flush());
    match io_error.map_or(finished, Err) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write the report: {e}")),
        Ok(()) => {}
    }
    Ok(summary.exit_code() as u8)
}

/// A linted input as the worker hands it to the writing thread.
enum Linted {
    /// Found by a directory walk and not an article.
    Skipped(Skipped),
    /// A report, already formatted.
    File {
        valid: bool,
        score: u32,
        formatted: std::io::Result<Vec<u8>>,
    },
    Error(FileError),
}

fn regenerate(args: RegenerateArgs) -> Result<u8, String> {
    let request = regen::Request {
        files: args.files,
        config: args.lint.config.clone(),
        lint: lint_options(&args.lint)?,
        overrides: regen::Overrides {
            max_revisions: args.max_revisions,
            images: (args.images || args.no_images).then_some(args.images),
            backup: args.no_backup.then_some(false),
            writer_url: args.writer_url,
            writer_model: args.writer_model,
            image_url: args.image_url,
            image_model: args.image_model,
        },
        output: args.output,
        dry_run: args.dry_run,
        trace: args.trace,
    };
    let linter = linter(&args.lint)?;
    linter.check_selection(request.files.iter().map(|f| f.as_path()))?;
    let mut reporter = reporter(args.format, false, &linter, None)?;
    let mut log = regen::LogSink::new(Box::new(std::io::stderr()));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    Ok(regen::run(&request, reporter.as_mut(), &mut out, &mut log))
}

/// A progress bar on stderr for batches, hidden when stderr is not a terminal.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len < 50 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

fn rule_set(config: Option<&Path>) -> Result<(RuleSet, contentlint::config::Config), String> {
    let resolver = ConfigResolver::new(config).map_err(|e| e.to_string())?;
    let config = resolver
        .for_file(Path::new("./contentlint-rules.md"))
        .map_err(|e: ConfigError| e.to_string())?;
    let set = RuleSet::for_config(&config).map_err(|e| e.to_string())?;
    Ok((set, (*config).clone()))
}

fn rules(args: RulesArgs) -> Result<u8, String> {
    let (set, config) = rule_set(args.config.as_deref())?;
    let linter = Linter::with_config(config.clone());
    let mut out = std::io::stdout().lock();
    let rows: Vec<_> = set
        .rules
        .iter()
        .map(|r| {
            let m = r.meta();
            let severity = linter
                .effective_severity(&config, m)
                .map_or("off", |s| s.as_str());
            (
                m.id.to_string(),
                m.dimension.as_str(),
                severity,
                m.summary.to_string(),
            )
        })
        .collect();
    let written = if args.markdown {
        write!(out, "{}", set.markdown_table())
    } else if args.json {
        let json: Vec<_> = rows
            .iter()
            .map(|(id, dim, sev, summary)| {
                serde_json::json!({"id": id, "dimension": dim, "severity": sev, "summary": summary})
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        )
    } else {
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        rows.iter().try_for_each(|(id, dim, sev, summary)| {
            writeln!(out, "{id:width$}  {dim:20}  {sev:7}  {summary}")
        })
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(0),
    }
}

fn explain(id: &str, config: Option<&Path>) -> Result<u8, String> {
    let (set, _) = rule_set(config)?;
    let Some(rule) = set.get(id) else {
        let close: Vec<_> = set
            .rules
            .iter()
            .map(|r| r.meta().id.to_string())
            .filter(|r| r.contains(id.split('/').next_back().unwrap_or(id)))
            .collect();
        let hint = if close.is_empty() {
            "run `contentlint rules` for the list".to_string()
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        return Err(format!("no rule `{id}`; {hint}"));
    };
    // Tone profiles may each define the rule: show every variant.
    let mut text = String::new();
    for (i, rule) in set.all(&rule.meta().id).enumerate() {
        if i > 0 {
            text.push_str("\n---\n\n");
        }
        let m = rule.meta();
        text.push_str(&format!(
            "{}\n\ndimension: {}   default severity: {}   weight: {}   cap: {}\n\n{}\n\n{}\n",
            m.id, m.dimension, m.severity, m.weight, m.cap, m.summary, m.doc
        ));
    }
    write_stdout(text.as_bytes())?;
    Ok(0)
}

/// Write to stdout; a closed pipe (`| head`) is the reader's choice, not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn init(args: InitArgs) -> Result<u8, String> {
    use contentlint::init;
    let survey = init::survey(&args.dir)?;
    let text = survey.render();
    let config_path = args.dir.join(contentlint::config::FILE_NAME);
    let config = contentlint::config::Config::from_toml_str(&text, Some(&config_path))
        .map_err(|e| format!("internal error: `init` wrote an invalid configuration: {e}"))?;
    let result = init::lint_site(&args.dir, config);
    if args.dry_run {
        // The configuration on stdout (to redirect), what it would do on stderr.
        write_stdout(text.as_bytes())?;
        eprint!("under this configuration: {}", result.render());
        return Ok(0);
    }
    let written = init::write_config(&args.dir, &text, args.force)?;
    let summary = format!(
        "wrote {} (preset \"{}\")\n{}",
        written.display(),
        survey.preset().0,
        result.render()
    );
    write_stdout(summary.as_bytes())?;
    Ok(0)
}
