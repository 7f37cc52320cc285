//! The speed limit for `contentlint check`: walk a directory for Markdown files, read each one
//! and run a bare pulldown-cmark parse over it (the same options as `Document::parse`, every
//! event of `into_offset_iter()` consumed) on a rayon pool, and nothing else. `scripts/bench.sh`
//! times this next to the linter, so the ratio between the two is what our own work costs.
//!
//! Usage: `cargo run --release --example bare_parse -- [--jobs N] DIR...`

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" | "-j" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => jobs = n,
                None => return usage("--jobs needs a number"),
            },
            "--help" | "-h" => return usage(""),
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    if dirs.is_empty() {
        return usage("name a directory");
    }

    // The same walk as `contentlint check` (discover.rs): .gitignore respected, sorted.
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in &dirs {
        for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_some_and(|t| t.is_file())
                && contentlint::discover::is_markdown(entry.path())
            {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => return usage(&format!("cannot start {jobs} threads: {e}")),
    };
    let (bytes, events) = pool.install(|| {
        files
            .par_iter()
            .map(|path| match std::fs::read_to_string(path) {
                Ok(source) => (source.len(), parse(&source)),
                Err(_) => (0, 0),
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    println!("{} files, {bytes} bytes, {events} events", files.len());
    ExitCode::SUCCESS
}

/// Every event of one file, with the options `contentlint::document` uses. Returns the event
/// count so the work cannot be optimised away.
fn parse(source: &str) -> usize {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(source, options)
        .into_offset_iter()
        .fold(0, |events, item| {
            std::hint::black_box(item);
            events + 1
        })
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: bare_parse [--jobs N] DIR...");
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
