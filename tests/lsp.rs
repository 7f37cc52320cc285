//! The language server end to end over stdio: initialize, open a document, get diagnostics,
//! ask for a quick fix, shut down.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdout, Command, Stdio};

fn send(stdin: &mut impl Write, msg: Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn receive(reader: &mut BufReader<ChildStdout>) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn diagnostics_and_quick_fix_over_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let init = receive(&mut out);
    assert_eq!(init["id"], 1);
    assert!(
        init["result"]["capabilities"]["codeActionProvider"]
            .as_bool()
            .unwrap()
    );
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let text = "# Title 😀\n\n#### Deep\n\nWe did it in order to win.\n";
    let uri = "file:///tmp/contentlint-lsp-test/post.md";
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let published = receive(&mut out);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 1);
    let diags = published["params"]["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"structure/min-h2"), "{codes:?}");
    let increment = diags
        .iter()
        .find(|d| d["code"] == "structure/heading-increment")
        .unwrap();
    assert_eq!(
        increment["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    let wordy = diags
        .iter()
        .find(|d| d["code"] == "clarity/wordy-phrase")
        .unwrap()
        .clone();
    assert_eq!(wordy["range"]["start"], json!({"line": 4, "character": 10}));

    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": wordy["range"], "context": {"diagnostics": [wordy]}}}),
    );
    let actions = receive(&mut out);
    assert_eq!(actions["id"], 2);
    let edit = &actions["result"][0]["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "to");
    assert_eq!(edit["range"]["start"], json!({"line": 4, "character": 10}));
    assert_eq!(edit["range"]["end"], json!({"line": 4, "character": 21}));

    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
    );
    assert_eq!(receive(&mut out)["id"], 3);
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(child.wait().unwrap().success());
}

/// Wait for the server to exit, killing it after a minute (a hang fails the test, never
/// blocks the suite).
fn wait_with_watchdog(child: &mut std::process::Child) -> i32 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("language server did not exit");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn item8_malformed_messages_over_stdio_then_exit_without_shutdown_is_1() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    assert_eq!(receive(&mut out)["id"], 1);
    let probe = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": "file:///x.md"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}}})
    };
    // the server used to abort on this length (or allocate it); now: refused, and on
    write!(stdin, "Content-Length: 99999999999\r\n\r\n").unwrap();
    send(&mut stdin, probe(2));
    let refused = receive(&mut out);
    assert_eq!(refused["error"]["code"], -32600, "{refused}");
    assert_eq!(receive(&mut out)["id"], 2);
    // invalid JSON, then a batch: errors, each followed by an answered request
    write!(stdin, "Content-Length: 3\r\n\r\n{{[x").unwrap();
    send(&mut stdin, probe(3));
    assert_eq!(receive(&mut out)["error"]["code"], -32700);
    assert_eq!(receive(&mut out)["id"], 3);
    send(&mut stdin, json!([probe(4)]));
    assert_eq!(receive(&mut out)["error"]["code"], -32600);
    send(&mut stdin, probe(5));
    assert_eq!(receive(&mut out)["result"], json!([]));
    // exit without shutdown: 1, as the specification says
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(wait_with_watchdog(&mut child), 1);
}
