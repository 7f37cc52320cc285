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

/// A language server child process with its pipes.
struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    out: BufReader<ChildStdout>,
}

impl Session {
    /// Start the server and initialize it with these client capabilities and options.
    fn start(capabilities: Value, options: Value) -> (Session, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contentlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut session = Session { child, stdin, out };
        session.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": capabilities, "initializationOptions": options}}));
        let init = session.receive();
        assert_eq!(init["id"], 1, "{init}");
        (session, init)
    }

    fn send(&mut self, message: Value) {
        send(&mut self.stdin, message);
    }

    fn receive(&mut self) -> Value {
        receive(&mut self.out)
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
        );
    }

    /// The rule ids of the next diagnostics the server publishes.
    fn published_rules(&mut self) -> Vec<String> {
        let published = self.receive();
        assert_eq!(
            published["method"], "textDocument/publishDiagnostics",
            "{published}"
        );
        published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }

    fn finish(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        assert_eq!(self.receive()["id"], 99);
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        assert_eq!(wait_with_watchdog(&mut self.child), 0);
    }
}

/// The preset chooses rules: `docs` turns `structure/min-h2` off, `article` (the default) has it.
const SHORT_PAGE: &str = "# Title\n\nWe did it in order to win.\n";
const URI: &str = "file:///tmp/contentlint-lsp-test/page.md";

#[test]
fn server_info_hover_and_code_description() {
    let (mut lsp, init) = Session::start(json!({}), Value::Null);
    assert_eq!(init["result"]["serverInfo"]["name"], "contentlint");
    assert_eq!(
        init["result"]["serverInfo"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    lsp.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    lsp.open(URI, SHORT_PAGE);
    let published = lsp.receive();
    let diags = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    let wordy = diags
        .iter()
        .find(|d| d["code"] == "clarity/wordy-phrase")
        .unwrap();
    // codeDescription: the rule's page in the repository named in Cargo.toml
    let href = wordy["codeDescription"]["href"].as_str().unwrap();
    assert_eq!(
        href,
        format!(
            "{}/blob/main/docs/rules/clarity/wordy-phrase.md",
            env!("CARGO_PKG_REPOSITORY")
        )
    );
    assert!(
        std::path::Path::new("docs/rules/clarity/wordy-phrase.md").exists(),
        "the page it points at"
    );

    // hover inside the finding: the rule's documentation, as Markdown
    let inside = json!({"line": 2, "character": 12});
    lsp.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": URI}, "position": inside}}),
    );
    let hover = lsp.receive();
    assert_eq!(hover["id"], 2);
    assert_eq!(hover["result"]["contents"]["kind"], "markdown");
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**clarity/wordy-phrase**"), "{text}");
    let set =
        contentlint::engine::RuleSet::for_config(&contentlint::config::Config::default()).unwrap();
    let doc = &set.get("clarity/wordy-phrase").unwrap().meta().doc;
    let first_paragraph = doc.trim().split("\n\n").next().unwrap();
    assert!(text.contains(first_paragraph), "{text}");
    assert_eq!(hover["result"]["range"], wordy["range"]);

    // hover where no finding is: null
    let covered = |line: u64, character: u64| {
        diags.iter().any(|d| {
            let (s, e) = (&d["range"]["start"], &d["range"]["end"]);
            let pos = (line, character);
            let start = (
                s["line"].as_u64().unwrap(),
                s["character"].as_u64().unwrap(),
            );
            let end = (
                e["line"].as_u64().unwrap(),
                e["character"].as_u64().unwrap(),
            );
            start <= pos && pos <= end
        })
    };
    let free = (0..3)
        .flat_map(|l| (0..30).map(move |c| (l, c)))
        .find(|&(l, c)| !covered(l, c))
        .expect("a position without a finding");
    lsp.send(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": URI}, "position": {"line": free.0, "character": free.1}}}),
    );
    let nothing = lsp.receive();
    assert_eq!(nothing["id"], 3);
    assert_eq!(nothing["result"], Value::Null, "{nothing}");
    lsp.finish();
}

#[test]
fn preset_from_initialization_options_and_did_change_configuration() {
    let (mut lsp, _) = Session::start(json!({}), json!({"preset": "docs"}));
    lsp.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    lsp.open(URI, SHORT_PAGE);
    let rules = lsp.published_rules();
    assert!(!rules.contains(&"structure/min-h2".into()), "{rules:?}");
    assert!(rules.contains(&"clarity/wordy-phrase".into()), "{rules:?}");

    // pushed settings: the open document is linted again under the new preset
    lsp.send(
        json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
        "params": {"settings": {"contentlint": {"preset": "article"}}}}),
    );
    let rules = lsp.published_rules();
    assert!(rules.contains(&"structure/min-h2".into()), "{rules:?}");

    // a preset that does not exist: shown to the user, and the preset in force stays
    lsp.send(
        json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
        "params": {"settings": {"contentlint": {"preset": "novel"}}}}),
    );
    let shown = lsp.receive();
    assert_eq!(shown["method"], "window/showMessage", "{shown}");
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("novel"), "{message}");
    lsp.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
        "textDocument": {"uri": URI}}}),
    );
    let rules = lsp.published_rules();
    assert!(rules.contains(&"structure/min-h2".into()), "{rules:?}");
    lsp.finish();
}

#[test]
fn preset_from_workspace_configuration_requests() {
    let (mut lsp, _) = Session::start(json!({"workspace": {"configuration": true}}), Value::Null);
    lsp.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let request = lsp.receive();
    assert_eq!(request["method"], "workspace/configuration", "{request}");
    assert_eq!(
        request["params"]["items"],
        json!([{"section": "contentlint"}])
    );
    lsp.open(URI, SHORT_PAGE);
    let rules = lsp.published_rules();
    assert!(
        rules.contains(&"structure/min-h2".into()),
        "article by default: {rules:?}"
    );
    lsp.send(json!({"jsonrpc": "2.0", "id": request["id"], "result": [{"preset": "docs"}]}));
    let rules = lsp.published_rules();
    assert!(!rules.contains(&"structure/min-h2".into()), "{rules:?}");

    // a change notification without settings (VS Code's way): the server asks again
    lsp.send(
        json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
        "params": {"settings": null}}),
    );
    let again = lsp.receive();
    assert_eq!(again["method"], "workspace/configuration", "{again}");
    assert_ne!(again["id"], request["id"]);
    // no contentlint settings any more: the default preset
    lsp.send(json!({"jsonrpc": "2.0", "id": again["id"], "result": [null]}));
    let rules = lsp.published_rules();
    assert!(rules.contains(&"structure/min-h2".into()), "{rules:?}");
    lsp.finish();
}

#[test]
fn an_empty_configuration_answer_keeps_the_preset_of_the_initialization_options() {
    // Helix sends its `config` as initializationOptions and answers `null` for the section.
    let (mut lsp, _) = Session::start(
        json!({"workspace": {"configuration": true}}),
        json!({"contentlint": {"preset": "docs"}}),
    );
    lsp.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let request = lsp.receive();
    assert_eq!(request["method"], "workspace/configuration", "{request}");
    lsp.open(URI, SHORT_PAGE);
    let rules = lsp.published_rules();
    assert!(!rules.contains(&"structure/min-h2".into()), "{rules:?}");
    lsp.send(json!({"jsonrpc": "2.0", "id": request["id"], "result": [null]}));
    lsp.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
        "textDocument": {"uri": URI}}}),
    );
    let rules = lsp.published_rules();
    assert!(
        !rules.contains(&"structure/min-h2".into()),
        "docs still: {rules:?}"
    );
    lsp.finish();
}
