//! A fuzz target that runs on the stable toolchain: every case (arbitrary bytes, or Markdown
//! built from article pieces and mutated, see cases.rs) goes through `Document::parse`, every
//! rule (the full `Linter`, with and without a keyword) and every output format; a panic, or a
//! rule crash the engine caught, is a crash. Each new crash is saved under
//! tests/data/fuzz-regressions/, which tests/fuzz_regressions.rs replays in `cargo test`.
//!
//! Usage: `scripts/fuzz.sh [SECONDS]`, or
//! `cargo run --release --example fuzz -- [--seconds N] [--seed S] [--out DIR]`.
//!
//! Why not cargo-fuzz: it needs a nightly toolchain (none here). arbtest or bolero would give
//! the same random loop; the generator of structured pieces is ours either way, so this needs
//! no new dependency.

mod cases;
mod harness;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut seconds = 60u64;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs());
    let mut out = PathBuf::from("tests/data/fuzz-regressions");
    let mut dump: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) if v.parse::<u64>().is_ok() => seconds = v.parse().unwrap(),
            ("--seed", Some(v)) if v.parse::<u64>().is_ok() => seed = v.parse().unwrap(),
            ("--out", Some(v)) => out = PathBuf::from(v),
            // write case N of --seed to stdout, to reproduce a slow case or a crash
            ("--dump", Some(v)) if v.parse::<u64>().is_ok() => dump = v.parse().ok(),
            _ => {
                eprintln!("usage: fuzz [--seconds N] [--seed S] [--out DIR] [--dump N]");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(n) = dump {
        use std::io::Write;
        let written = std::io::stdout().write_all(&cases::case(seed, n));
        return if written.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        };
    }
    let harness = harness::Harness::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut last_note = Instant::now();
    // crash description -> (count, first case)
    let mut crashes: BTreeMap<String, (u64, PathBuf)> = BTreeMap::new();
    let mut n = 0u64;
    eprintln!(
        "fuzz: seed {seed}, {seconds} s, crashes to {}",
        out.display()
    );
    while Instant::now() < deadline {
        let input = cases::case(seed, n);
        let started = Instant::now();
        let result = harness.run(&input);
        let took = started.elapsed();
        // Not a crash, but a limit to know about: one article should never take seconds.
        if took >= Duration::from_secs(2) {
            eprintln!(
                "fuzz: slow case {n}: {:.1} s for {} bytes (SEED={seed})",
                took.as_secs_f64(),
                input.len()
            );
        }
        if let Err(crash) = result {
            let entry = crashes.entry(crash.clone()).or_insert_with(|| {
                let path = out.join(format!("crash-{seed}-{n}.md"));
                let saved =
                    std::fs::create_dir_all(&out).and_then(|()| std::fs::write(&path, &input));
                match saved {
                    Ok(()) => eprintln!(
                        "fuzz: NEW CRASH case {n}: {crash}\n      saved {}",
                        path.display()
                    ),
                    Err(e) => {
                        eprintln!("fuzz: NEW CRASH case {n}: {crash}\n      cannot save: {e}")
                    }
                }
                (0, path)
            });
            entry.0 += 1;
        }
        n += 1;
        if last_note.elapsed() >= Duration::from_secs(10) {
            eprintln!(
                "fuzz: {n} executions, {} crashing ({} distinct), {:.0} s",
                crashes.values().map(|c| c.0).sum::<u64>(),
                crashes.len(),
                start.elapsed().as_secs_f64()
            );
            last_note = Instant::now();
        }
    }
    let total: u64 = crashes.values().map(|c| c.0).sum();
    println!(
        "executions: {n}  seconds: {:.0}  seed: {seed}  crashes: {total}  distinct: {}",
        start.elapsed().as_secs_f64(),
        crashes.len()
    );
    for (crash, (count, path)) in &crashes {
        println!("  {count} x {crash}\n      first: {}", path.display());
    }
    if crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
