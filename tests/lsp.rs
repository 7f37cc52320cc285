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
