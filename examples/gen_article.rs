//! Writes one generated article of at least N megabytes (decimal) to stdout: the scaling
//! input of `scripts/bench.sh` (the sections of `benches/corpus.rs` articles under one title).
//!
//! Usage: `cargo run --release --example gen_article -- 50 > big.md`

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(mb) = std::env::args().nth(1).and_then(|a| a.parse::<f64>().ok()) else {
        eprintln!("usage: gen_article MEGABYTES > FILE");
        return ExitCode::from(2);
    };
    let text = corpus::long_article((mb * 1e6) as usize, 1);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_article: {e}");
            ExitCode::from(1)
        }
    }
}
