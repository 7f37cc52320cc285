//! The language server's latency after an edit: starts `contentlint lsp`, opens FILE, then
//! sends RUNS changes (one word inserted in the middle of the file each time) and times each
//! from the change to the diagnostics of that version: until the message has arrived (the
//! server's latency), and until this client has also parsed its JSON (what an editor adds to
//! it). Prints the medians and the slowest in milliseconds. Used by `scripts/bench.sh` on a
//! generated 1 MB article.
//!
//! The changes are ranges when the server offers incremental sync, as an editor then sends
//! them; `--full` sends the whole text each time instead (what a full-sync server receives).
//!
//! Usage: `lsp_edit [--full] CONTENTLINT FILE [RUNS]`

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn send(to: &mut impl Write, message: &Value) -> std::io::Result<()> {
    let body = message.to_string();
    write!(to, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    to.flush()
}

/// The next message from the server and when its last byte arrived, or `None` at end of
/// output.
fn receive(from: &mut impl BufRead) -> std::io::Result<Option<(Value, Instant)>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if from.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length.unwrap_or(0)];
    from.read_exact(&mut body)?;
    let arrived = Instant::now();
    Ok(serde_json::from_slice(&body).ok().map(|m| (m, arrived)))
}

/// Reads until the diagnostics of `version` arrive; how many there were, and when they
/// arrived.
fn wait_for(from: &mut impl BufRead, version: i64) -> std::io::Result<(usize, Instant)> {
    while let Some((m, arrived)) = receive(from)? {
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version {
            let count = m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            return Ok((count, arrived));
        }
    }
    Err(std::io::Error::other("the server ended before answering"))
}

/// One edit's times: until its diagnostics arrived, and until the client also parsed them.
type EditTimes = (Duration, Duration);

/// Times `runs` edits; the times (until the diagnostics arrived, and until they were also
/// parsed), the last version's diagnostic count and whether the edits were sent as ranges
/// (the server offers incremental sync and `full` is false).
fn run(
    bin: &str,
    file: &str,
    runs: usize,
    full: bool,
) -> std::io::Result<(Vec<EditTimes>, usize, bool)> {
    let text = std::fs::read_to_string(file)?;
    let path = std::fs::canonicalize(file)?;
    let uri = format!("file://{}", path.display());
    let mut child = Command::new(bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut to = child.stdin.take().expect("piped stdin");
    let mut from = BufReader::new(child.stdout.take().expect("piped stdout"));
    send(
        &mut to,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}}}),
    )?;
    let mut incremental = false;
    while let Some((m, _)) = receive(&mut from)? {
        if m["id"] == 1 {
            let sync = &m["result"]["capabilities"]["textDocumentSync"];
            incremental = !full && (sync == 2 || sync["change"] == 2);
            break;
        }
    }
    send(
        &mut to,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    )?;
    send(
        &mut to,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    )?;
    let (mut diagnostics, _) = wait_for(&mut from, 1)?;
    let mut times = Vec::new();
    let middle = text[..text.len() / 2].rfind(' ').unwrap_or(0);
    // The LSP position of `middle`: 0-based line, UTF-16 column.
    let line = text[..middle].matches('\n').count();
    let line_start = text[..middle].rfind('\n').map_or(0, |i| i + 1);
    let column: usize = text[line_start..middle].chars().map(char::len_utf16).sum();
    for i in 0..runs {
        let version = 2 + i as i64;
        let word = format!(" edit{i}");
        let edit = if incremental {
            // Replace the previous edit's word (nothing, the first time) with this one.
            let before = if i == 0 {
                0
            } else {
                format!(" edit{}", i - 1).len()
            };
            json!({"range": {"start": {"line": line, "character": column},
                "end": {"line": line, "character": column + before}}, "text": word})
        } else {
            json!({"text": format!("{}{word}{}", &text[..middle], &text[middle..])})
        };
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [edit]}});
        let started = Instant::now();
        send(&mut to, &change)?;
        let arrived;
        (diagnostics, arrived) = wait_for(&mut from, version)?;
        times.push((arrived - started, started.elapsed()));
    }
    send(
        &mut to,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    )?;
    send(&mut to, &json!({"jsonrpc": "2.0", "method": "exit"}))?;
    drop(to);
    child.wait()?;
    Ok((times, diagnostics, incremental))
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--full");
    args.retain(|a| a != "--full");
    if args.len() < 2 {
        eprintln!("usage: lsp_edit [--full] CONTENTLINT FILE [RUNS]");
        return ExitCode::from(2);
    }
    let runs = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    match run(&args[0], &args[1], runs, full) {
        Ok((times, diagnostics, incremental)) => {
            let (mut arrived, mut parsed): (Vec<Duration>, Vec<Duration>) =
                times.into_iter().unzip();
            arrived.sort();
            parsed.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "{:.1} ms median, {:.1} ms slowest, {runs} edits ({}), {diagnostics} diagnostics; \
                 parsed by the client: {:.1} ms median",
                ms(arrived[arrived.len() / 2]),
                ms(arrived[arrived.len() - 1]),
                if incremental { "ranges" } else { "whole text" },
                ms(parsed[parsed.len() / 2]),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lsp_edit: {e}");
            ExitCode::from(1)
        }
    }
}
