//! `contentlint lsp`: a language server over stdio. On open, change and save it lints the
//! buffer (configuration found from the file's path, as `check` does) and publishes
//! diagnostics; a finding with a safe fix is offered as a quick fix. Positions are converted to
//! LSP's UTF-16 columns from one line table per document.
//!
//! The framing (`Content-Length` headers) is our own, not `lsp-server`'s stdio transport, which
//! ends the session on the first malformed message: here invalid JSON, JSON that is not
//! JSON-RPC, a batch, a bad header, a short or huge `Content-Length` each get an error
//! response (or a `window/logMessage` when there is no id to answer), and the next message is
//! read. Messages over [`MAX_MESSAGE`] are refused without allocating their claimed length.

use crate::config::ConfigResolver;
use crate::document::LineIndex;
use crate::engine::{LintOptions, LintedDocument, Linter};
use crate::finding::Severity;
use crate::report::FileReport;
use ls_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use ls_types::request::{CodeActionRequest, HoverRequest, Request as _};
use ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic, DiagnosticSeverity,
    HoverProviderCapability, NumberOrString, Position, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;

/// Largest message read: 64 MiB, the `check --max-file-size` default (a document travels
/// whole in one message). A larger one is refused, never allocated.
pub const MAX_MESSAGE: u64 = crate::input::DEFAULT_MAX_FILE_SIZE + 1024 * 1024;
/// Longest header line kept (its tail, where a `Content-Length` after garbage would be).
const MAX_HEADER_LINE: usize = 8 * 1024;

// JSON-RPC 2.0 and LSP error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const SERVER_NOT_INITIALIZED: i64 = -32002;

/// Run the server on stdin/stdout until the client says exit. Returns the exit code: 0 after
/// `shutdown` then `exit`, 1 for `exit` (or end of input) without `shutdown`, as the LSP
/// specification says.
pub fn run_stdio() -> Result<u8, String> {
    let stdout = io::stdout();
    serve(io::BufReader::new(io::stdin()), stdout.lock())
        .map_err(|e| format!("language server: {e}"))
}

/// One message read off the wire.
#[derive(Debug, PartialEq)]
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length` (what is wrong).
    BadHeader(String),
    /// A `Content-Length` over [`MAX_MESSAGE`].
    TooLarge(u64),
    Eof,
}

/// Read one header line, keeping at most its last [`MAX_HEADER_LINE`] bytes; `None` at end
/// of input. Never buffers an unbounded line.
fn read_header_line(reader: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        line.extend_from_slice(&chunk[..take]);
        reader.consume(take);
        if line.len() > MAX_HEADER_LINE {
            line.drain(..line.len() - MAX_HEADER_LINE);
        }
        if done {
            return Ok(Some(line));
        }
    }
}

/// Read the next message: headers up to a blank line, then `Content-Length` bytes. Garbage
/// before a `Content-Length` header (the tail of a message whose length was short, say) is
/// skipped, so one bad message never ends the session.
fn read_frame(reader: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<u64, String>> = None;
    let mut seen = false;
    loop {
        let Some(line) = read_header_line(reader)? else {
            return Ok(Frame::Eof);
        };
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !seen {
                continue; // stray blank line between messages
            }
            break;
        }
        seen = true;
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = line[at + "content-length:".len()..].trim();
            length = Some(
                value
                    .parse::<u64>()
                    .map_err(|_| format!("invalid Content-Length `{value}`")),
            );
        }
    }
    match length {
        None => Ok(Frame::BadHeader("no Content-Length header".into())),
        Some(Err(e)) => Ok(Frame::BadHeader(e)),
        Some(Ok(n)) if n > MAX_MESSAGE => Ok(Frame::TooLarge(n)),
        Some(Ok(n)) => {
            // Read what arrives, up to n: the claimed length is never allocated up front.
            let mut body = Vec::new();
            reader.take(n).read_to_end(&mut body)?;
            if (body.len() as u64) < n {
                return Ok(Frame::Eof);
            }
            Ok(Frame::Body(body))
        }
    }
}

fn write_message(out: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The server's linter: a large document's rules may use every core (the editor waits for
/// its diagnostics). Diagnostics carry no fingerprint: they are not computed.
fn server_linter(resolver: ConfigResolver) -> Linter {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    Linter::new(resolver, LintOptions::default())
        .with_threads(cores)
        .with_fingerprints(false)
}

/// A message as the reader thread hands it over: framed and parsed.
enum Incoming {
    Message(Result<Value, serde_json::Error>),
    BadHeader(String),
    TooLarge(u64),
    Eof,
    Failed(io::Error),
}

impl Incoming {
    fn read(input: &mut impl BufRead) -> Incoming {
        match read_frame(input) {
            Ok(Frame::Body(body)) => Incoming::Message(serde_json::from_slice(&body)),
            Ok(Frame::BadHeader(what)) => Incoming::BadHeader(what),
            Ok(Frame::TooLarge(n)) => Incoming::TooLarge(n),
            Ok(Frame::Eof) => Incoming::Eof,
            Err(e) => Incoming::Failed(e),
        }
    }

    /// A `didChange` of `uri`: it makes the diagnostics of that document's last version
    /// stale before they are sent.
    fn changes(&self, uri: &Uri) -> bool {
        let Incoming::Message(Ok(message)) = self else {
            return false;
        };
        message["method"] == DidChangeTextDocument::METHOD
            && message
                .pointer("/params/textDocument/uri")
                .and_then(Value::as_str)
                .is_some_and(|u| u == uri.as_str())
    }
}

/// Serve LSP over `input`/`output` until `exit` or the end of input; the exit code.
///
/// A thread reads and parses messages while the server lints, so that an edit which arrives
/// during a lint is already waiting when it ends: the diagnostics of a version that a waiting
/// edit replaces are never computed (typing in a large document would otherwise queue one
/// whole lint per keystroke).
pub fn serve(mut input: impl BufRead + Send + 'static, output: impl Write) -> io::Result<u8> {
    // Every edit relints sentences the server judged before.
    crate::text::memo::enable();
    // Bounded: a client that writes faster than the server reads waits, holding no more than
    // a few messages in memory.
    let (sender, receiver) = std::sync::mpsc::sync_channel(2);
    std::thread::Builder::new()
        .name("contentlint-lsp-reader".into())
        .spawn(move || {
            loop {
                let incoming = Incoming::read(&mut input);
                let last = matches!(incoming, Incoming::Eof | Incoming::Failed(_));
                if sender.send(incoming).is_err() || last {
                    break;
                }
            }
        })?;
    serve_incoming(&receiver, output)
}

/// A thread that drops what it is sent: freeing a large document's structures after each
/// lint was a tenth of the server's own thread's work after an edit, all of it before the
/// client got its diagnostics. `None` if no thread can be started (things are then dropped
/// where they are).
fn drop_thread() -> Option<std::sync::mpsc::Sender<Box<dyn Send>>> {
    let (sender, receiver) = std::sync::mpsc::channel::<Box<dyn Send>>();
    std::thread::Builder::new()
        .name("contentlint-lsp-drop".into())
        .spawn(move || receiver.into_iter().for_each(drop))
        .ok()?;
    Some(sender)
}

/// The server's loop over messages already read and parsed.
fn serve_incoming(
    receiver: &std::sync::mpsc::Receiver<Incoming>,
    mut output: impl Write,
) -> io::Result<u8> {
    let mut server = Server {
        out: &mut output,
        linter: server_linter(ConfigResolver::default()),
        documents: HashMap::new(),
        edited: Vec::new(),
        linted: HashMap::new(),
        drop_thread: drop_thread(),
        initialized: false,
        shutdown: false,
        settings: Settings::default(),
    };
    let mut waiting = None;
    loop {
        let incoming = waiting
            .take()
            .unwrap_or_else(|| receiver.recv().unwrap_or(Incoming::Eof));
        match incoming {
            Incoming::Eof => return Ok(if server.shutdown { 0 } else { 1 }),
            Incoming::Failed(e) => return Err(e),
            Incoming::BadHeader(what) => server.log(&format!(
                "contentlint: malformed message header ({what}); skipped"
            ))?,
            Incoming::TooLarge(n) => server.error(
                Value::Null,
                INVALID_REQUEST,
                &format!("message of {n} bytes is over the {MAX_MESSAGE}-byte limit; refused"),
            )?,
            Incoming::Message(message) => {
                if let Some(code) = server.message(message)? {
                    return Ok(code);
                }
            }
        }
        // Edited documents are linted now, unless the next message, already here, edits one
        // again: that one is linted after it. Any other message is answered after the
        // diagnostics, in the order the client sent them.
        if !server.edited.is_empty() {
            waiting = receiver.try_recv().ok();
            let edited = std::mem::take(&mut server.edited);
            for uri in edited {
                if waiting.as_ref().is_some_and(|next| next.changes(&uri)) {
                    server.edited.push(uri);
                } else {
                    server.publish(&uri)?;
                }
            }
        }
    }
}

struct Server<'o, W: Write> {
    out: &'o mut W,
    linter: Linter,
    /// Open documents: text and version.
    documents: HashMap<Uri, (String, Option<i32>)>,
    /// Documents changed since their diagnostics were last published.
    edited: Vec<Uri>,
    /// Each open buffer's last lint, which the next one reuses.
    linted: HashMap<Uri, LintedDocument>,
    /// Where documents and reports the server is done with are dropped ([`drop_thread`]).
    drop_thread: Option<std::sync::mpsc::Sender<Box<dyn Send>>>,
    initialized: bool,
    shutdown: bool,
    /// The client's settings and what the server keeps for hover.
    settings: Settings,
}

impl<W: Write> Server<'_, W> {
    fn send(&mut self, message: &Value) -> io::Result<()> {
        write_message(self.out, message)
    }

    fn respond(&mut self, id: Value, result: Value) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))
    }

    fn error(&mut self, id: Value, code: i64, message: &str) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
    }

    /// A message for the client's log (where no request id is known to answer).
    fn log(&mut self, message: &str) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": "window/logMessage",
            "params": {"type": 1, "message": message}}))
    }

    /// Handle one message; `Some(exit code)` on `exit`.
    fn message(&mut self, message: Result<Value, serde_json::Error>) -> io::Result<Option<u8>> {
        let value: Value = match message {
            Ok(v) => v,
            Err(e) => {
                self.error(Value::Null, PARSE_ERROR, &format!("invalid JSON: {e}"))?;
                return Ok(None);
            }
        };
        let Value::Object(mut object) = value else {
            let what = if value.is_array() {
                "batch messages are not supported by the Language Server Protocol"
            } else {
                "a JSON-RPC message must be an object"
            };
            self.error(Value::Null, INVALID_REQUEST, what)?;
            return Ok(None);
        };
        let id = object
            .get("id")
            .filter(|id| id.is_number() || id.is_string())
            .cloned();
        let method = object
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        let params = object.remove("params").unwrap_or(Value::Null);
        let valid = object.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
        match (valid, method, id) {
            (true, Some(method), Some(id)) => self.request(id, &method, params)?,
            (true, Some(method), None) if !object.contains_key("id") => {
                if method == "exit" {
                    return Ok(Some(if self.shutdown { 0 } else { 1 }));
                }
                self.notification(&method, params)?;
            }
            // A response: to our `workspace/configuration` request, or to nothing we asked.
            (true, None, Some(id)) if object.contains_key("result") || object.contains_key("error") => {
                self.configuration_response(&id, object.get("result"))?;
            }
            (_, _, id) => self.error(
                id.unwrap_or(Value::Null),
                INVALID_REQUEST,
                "not a JSON-RPC 2.0 request or notification (needs \"jsonrpc\": \"2.0\", a string \"method\", and a number or string \"id\" for a request)",
            )?,
        }
        Ok(None)
    }

    fn request(&mut self, id: Value, method: &str, params: Value) -> io::Result<()> {
        if method == "initialize" {
            if self.initialized {
                return self.error(id, INVALID_REQUEST, "initialize was already received");
            }
            self.initialized = true;
            let capabilities = ServerCapabilities {
                // Edits, not the whole text: a keystroke in a 1 MB article is a few bytes
                // on the wire, not a megabyte of JSON for each side to write and read.
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            };
            self.settings.pull = params
                .pointer("/capabilities/workspace/configuration")
                .and_then(Value::as_bool)
                .unwrap_or(false);

            let result = json!({
                "capabilities": capabilities,
                "serverInfo": {"name": "contentlint", "version": env!("CARGO_PKG_VERSION")}
            });
            self.respond(id, result)?;
            // After the answer: a bad preset is reported with `window/showMessage`.
            // Either `{"preset": ...}` or the settings object `{"contentlint": {...}}`.
            let options = params
                .get("initializationOptions")
                .map(|o| match o.get("contentlint") {
                    Some(section) => section.clone(),
                    None => o.clone(),
                });
            return match options {
                Some(options) if options.is_object() => {
                    self.configure(&options)?;
                    self.settings.initial = self.settings.preset.clone();
                    Ok(())
                }
                _ => Ok(()),
            };
        }
        if !self.initialized {
            return self.error(id, SERVER_NOT_INITIALIZED, "send initialize first");
        }
        if self.shutdown {
            return self.error(id, INVALID_REQUEST, "shutdown was requested; send exit");
        }
        match method {
            "shutdown" => {
                self.shutdown = true;
                self.respond(id, Value::Null)
            }
            HoverRequest::METHOD => {
                let result = self.hover(&params);
                self.respond(id, result)
            }
            CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(params) {
                Ok(p) => {
                    let mut actions = quick_fixes(&p);
                    actions.extend(self.fix_all(&p));
                    if let Some((text, _)) = self.documents.get(&p.text_document.uri) {
                        let path = p
                            .text_document
                            .uri
                            .to_file_path()
                            .map(|p| p.into_owned())
                            .unwrap_or_else(|| PathBuf::from("untitled.md"));
                        // A hard gate is offered no suppression that would not take.
                        let config = self.linter.config_for(&path).ok();
                        let locked = |rule: &str| {
                            config.as_ref().is_some_and(|c| {
                                !c.suppressions.allow_gates
                                    && c.brief.hard_gates.iter().any(|g| g == rule)
                            })
                        };
                        actions.extend(disable_actions(&p, text, locked));
                    }
                    let actions = serde_json::to_value(actions).unwrap_or_default();
                    self.respond(id, actions)
                }
                Err(e) => self.error(id, INVALID_PARAMS, &format!("invalid params: {e}")),
            },
            _ => self.error(
                id,
                METHOD_NOT_FOUND,
                &format!("contentlint does not handle {method}"),
            ),
        }
    }

    fn notification(&mut self, method: &str, params: Value) -> io::Result<()> {
        if !self.initialized {
            return Ok(()); // the protocol drops notifications before initialize
        }
        let bad = |e: serde_json::Error| format!("contentlint: invalid {method} params: {e}");
        match method {
            DidOpenTextDocument::METHOD => {
                match serde_json::from_value::<ls_types::DidOpenTextDocumentParams>(params) {
                    Ok(p) => {
                        let doc = p.text_document;
                        self.documents
                            .insert(doc.uri.clone(), (doc.text, Some(doc.version)));
                        self.publish(&doc.uri)?;
                    }
                    Err(e) => self.log(&bad(e))?,
                }
            }
            DidChangeTextDocument::METHOD => {
                match serde_json::from_value::<ls_types::DidChangeTextDocumentParams>(params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        let version = Some(p.text_document.version);
                        let Some((text, _)) = self.documents.remove(&uri) else {
                            // A change to a document never opened: nothing to apply it to,
                            // unless it is the whole text.
                            if let Some(change) =
                                p.content_changes.into_iter().rfind(|c| c.range.is_none())
                            {
                                self.documents.insert(uri.clone(), (change.text, version));
                                self.publish(&uri)?;
                            }
                            return Ok(());
                        };
                        let text = apply_changes(text, p.content_changes);
                        self.documents.insert(uri.clone(), (text, version));
                        if !self.edited.contains(&uri) {
                            self.edited.push(uri);
                        }
                    }
                    Err(e) => self.log(&bad(e))?,
                }
            }
            DidSaveTextDocument::METHOD => {
                match serde_json::from_value::<ls_types::DidSaveTextDocumentParams>(params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        if let Some(text) = p.text
                            && let Some(entry) = self.documents.get_mut(&uri)
                        {
                            entry.0 = text;
                        }
                        self.publish(&uri)?;
                    }
                    Err(e) => self.log(&bad(e))?,
                }
            }
            "initialized" => self.pull_configuration()?,
            DidChangeConfiguration::METHOD => {
                // Pushed settings carry the section; a client that is asked (VS Code) sends
                // none and is asked again.
                match params.pointer("/settings/contentlint") {
                    Some(section) => self.configure(section)?,
                    None => self.pull_configuration()?,
                }
            }
            DidCloseTextDocument::METHOD => {
                match serde_json::from_value::<ls_types::DidCloseTextDocumentParams>(params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        self.documents.remove(&uri);
                        self.linted.remove(&uri);
                        self.settings.published.remove(&uri);
                        self.send_diagnostics(uri, Vec::new(), None)?;
                    }
                    Err(e) => self.log(&bad(e))?,
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `source.fixAll.contentlint` for an open document ([`crate::fix::fix_all_action`]).
    fn fix_all(&self, params: &CodeActionParams) -> Option<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let (text, _) = self.documents.get(uri)?;
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled.md"));
        let only = params.context.only.as_deref();
        crate::fix::fix_all_action(&self.linter, uri, &path, text, only)
    }

    fn publish(&mut self, uri: &Uri) -> io::Result<()> {
        self.edited.retain(|u| u != uri);
        let Some((text, version)) = self.documents.get(uri) else {
            return Ok(());
        };
        let version = *version;
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled.md"));
        // The buffer's last lint: what an edit left as it was is not computed again (see
        // `Linter::lint_edit`).
        let previous = self.linted.remove(uri);
        // A bug in parsing must not end the editor's session: `check` reports it as that
        // file's error and goes on, so does the server.
        let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.linter
                .lint_edit(&path, text.clone(), previous.as_ref())
        }))
        .unwrap_or_else(|_| {
            Err(crate::report::FileError::new(
                &path.display().to_string(),
                None,
                "internal error while linting this file (please report it)".to_string(),
            ))
        });
        let diagnostics = match linted {
            Ok((report, linted)) => {
                self.linted.insert(uri.clone(), linted);
                let diagnostics = diagnostics_on(self.linter.rule_pool(), &report, text);
                self.discard(report);
                diagnostics
            }
            Err(e) => vec![Diagnostic {
                range: Range::new(
                    Position::new(e.line.map_or(0, |l| l.saturating_sub(1)) as u32, 0),
                    Position::new(e.line.map_or(0, |l| l.saturating_sub(1)) as u32, 0),
                ),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("contentlint".into()),
                message: e.message,
                ..Diagnostic::default()
            }],
        };
        if let Some(previous) = previous {
            self.discard(previous);
        }
        self.settings.remember(uri, &diagnostics);
        self.send_diagnostics(uri.clone(), diagnostics, version)
    }

    /// Drop `garbage` on the server's drop thread, if it has one (see [`drop_thread`]).
    fn discard(&self, garbage: impl Send + 'static) {
        if let Some(thread) = &self.drop_thread {
            // Sent back if the thread is gone: then dropped here.
            let _ = thread.send(Box::new(garbage));
        }
    }

    fn send_diagnostics(
        &mut self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> io::Result<()> {
        // Written one diagnostic at a time: a JSON value tree of a whole document's
        // diagnostics was the server's peak memory (416 MB for 100k findings).
        let mut body = format!(
            "{{\"jsonrpc\":\"2.0\",\"method\":\"{}\",\"params\":{{\"uri\":{},{}\"diagnostics\":[",
            PublishDiagnostics::METHOD,
            serde_json::to_string(uri.as_str()).map_err(io::Error::other)?,
            version.map_or(String::new(), |v| format!("\"version\":{v},")),
        );
        let written = map_on(self.linter.rule_pool(), &diagnostics, serde_json::to_string);
        for (i, d) in written.into_iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&d.map_err(io::Error::other)?);
        }
        body.push_str("]}}");
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }
}

/// What the client configures (`contentlint.preset`) and what the server keeps for hover.
#[derive(Default)]
struct Settings {
    /// The preset chosen by the client; `None`: the default (or the project's `preset`).
    preset: Option<String>,
    /// The preset of `initializationOptions`: what an empty `workspace/configuration` answer
    /// leaves in force (Helix sends its `config` there and answers `null` for the section).
    initial: Option<String>,
    /// The client answers `workspace/configuration` requests.
    pull: bool,
    /// Id of our `workspace/configuration` request awaiting its answer.
    pending: Option<Value>,
    /// Requests sent so far (for their ids).
    requests: u64,
    /// Each open document's published diagnostics: range and rule id.
    published: HashMap<Uri, Vec<(Range, String)>>,
}

impl Settings {
    fn remember(&mut self, uri: &Uri, diagnostics: &[Diagnostic]) {
        let kept = diagnostics
            .iter()
            .filter_map(|d| match &d.code {
                Some(NumberOrString::String(rule)) => Some((d.range, rule.clone())),
                _ => None,
            })
            .collect();
        self.published.insert(uri.clone(), kept);
    }
}

/// The client's settings and hover: `initializationOptions`, `workspace/configuration` and
/// `workspace/didChangeConfiguration` choose the preset; hover on a diagnostic explains its rule.
impl<W: Write> Server<'_, W> {
    /// Apply a `contentlint` settings section (`{"preset": "blog"}`): a new preset relints
    /// every open document; a preset that does not exist is shown to the user and the one in
    /// force stays.
    fn configure(&mut self, section: &Value) -> io::Result<()> {
        let preset = match section.get("preset") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if name.trim().is_empty() => None,
            Some(Value::String(name)) => Some(name.trim().to_string()),
            Some(other) => {
                return self.show_error(&format!(
                    "contentlint: setting `contentlint.preset` must be a preset name (article, blog, docs), not {other}"
                ));
            }
        };
        if preset == self.settings.preset {
            return Ok(());
        }
        match ConfigResolver::with_preset(None, preset.as_deref()) {
            Ok(resolver) => {
                self.linter = server_linter(resolver);
                self.settings.preset = preset;
                let open: Vec<Uri> = self.documents.keys().cloned().collect();
                for uri in open {
                    self.publish(&uri)?;
                }
                Ok(())
            }
            Err(e) => self.show_error(&format!(
                "contentlint: setting `contentlint.preset`: {e}; keeping the preset in force"
            )),
        }
    }

    fn show_error(&mut self, message: &str) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": "window/showMessage",
            "params": {"type": 1, "message": message}}))
    }

    /// Ask the client for the `contentlint` section, when it answers such requests.
    fn pull_configuration(&mut self) -> io::Result<()> {
        if !self.settings.pull {
            return Ok(());
        }
        self.settings.requests += 1;
        let id = json!(format!(
            "contentlint/configuration/{}",
            self.settings.requests
        ));
        self.settings.pending = Some(id.clone());
        self.send(
            &json!({"jsonrpc": "2.0", "id": id, "method": "workspace/configuration",
            "params": {"items": [{"section": "contentlint"}]}}),
        )
    }

    /// The client's answer to a request: our latest `workspace/configuration` is applied
    /// (an older one, overtaken by a later change, is not).
    fn configuration_response(&mut self, id: &Value, result: Option<&Value>) -> io::Result<()> {
        if self.settings.pending.as_ref() != Some(id) {
            return Ok(());
        }
        self.settings.pending = None;
        match result.and_then(|r| r.get(0)) {
            Some(section) if section.is_object() => self.configure(section),
            // No `contentlint` settings: the preset of the initialization options, if any.
            Some(Value::Null) => {
                let initial = self.settings.initial.clone();
                self.configure(&json!({ "preset": initial }))
            }
            _ => Ok(()),
        }
    }

    /// Hover on a published diagnostic: its rule's documentation, in Markdown; null elsewhere.
    fn hover(&self, params: &Value) -> Value {
        let Some(uri) = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<Uri>().ok())
        else {
            return Value::Null;
        };
        let Ok(position) = serde_json::from_value::<Position>(params["position"].clone()) else {
            return Value::Null;
        };
        let Some(published) = self.settings.published.get(&uri) else {
            return Value::Null;
        };
        let mut rules: Vec<&str> = Vec::new();
        let mut range = None;
        for (r, rule) in published {
            if r.start <= position && position <= r.end && !rules.contains(&rule.as_str()) {
                rules.push(rule);
                range.get_or_insert(*r);
            }
        }
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled.md"));
        let Ok(config) = self.linter.config_for(&path) else {
            return Value::Null;
        };
        let Ok(set) = self.linter.rule_set(&config) else {
            return Value::Null;
        };
        let texts: Vec<String> = rules
            .iter()
            .map(|id| set.all(id).map(|r| r.meta()).collect::<Vec<_>>())
            .filter(|variants| !variants.is_empty())
            .map(|variants| crate::rule_docs::hover_markdown(&variants))
            .collect();
        if texts.is_empty() {
            return Value::Null;
        }
        json!({"contents": {"kind": "markdown", "value": texts.join("\n---\n\n")},
            "range": range})
    }
}

/// The text after a `didChange`'s edits, applied in order: an edit with a range replaces
/// that range (UTF-16 positions, clamped as the protocol says); one without replaces the
/// whole text.
fn apply_changes(
    mut text: String,
    changes: Vec<ls_types::TextDocumentContentChangeEvent>,
) -> String {
    for change in changes {
        let Some(range) = change.range else {
            text = change.text;
            continue;
        };
        // No table of every line: an edit of a large document names two positions.
        let offset =
            |p: Position| LineIndex::utf16_offset_in(&text, p.line as usize, p.character as usize);
        let (a, b) = (offset(range.start), offset(range.end));
        text.replace_range(a.min(b)..a.max(b), &change.text);
    }
    text
}

/// LSP position (0-based line, UTF-16 column) of a byte offset. Builds a line table: for
/// many positions in one text, use [`diagnostics`] (one table per document).
pub fn lsp_position(text: &str, offset: usize) -> Position {
    lsp_position_in(&LineIndex::new(text), text, offset)
}

fn lsp_position_in(index: &LineIndex, text: &str, offset: usize) -> Position {
    let (line, character) = index.utf16_position(text, offset);
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

fn lsp_range(index: &LineIndex, text: &str, start: usize, end: usize) -> Range {
    Range::new(
        lsp_position_in(index, text, start),
        lsp_position_in(index, text, end),
    )
}

/// Findings from which the server turns a report into diagnostics, and writes them, on the
/// rule threads: a large document's hundreds of findings were a tenth of an edit's work, all
/// of it on the server's own thread while the rule threads waited for the next edit.
const PARALLEL_DIAGNOSTICS_FROM: usize = 256;

/// `f` of every item, in order: on `pool` when there is one and enough items.
fn map_on<T: Sync, R: Send>(
    pool: Option<&rayon::ThreadPool>,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    match pool {
        Some(pool) if items.len() >= PARALLEL_DIAGNOSTICS_FROM => {
            pool.install(|| items.par_iter().with_min_len(64).map(f).collect())
        }
        _ => items.iter().map(f).collect(),
    }
}

/// Diagnostics for a report; a fix travels in `data` for the quick-fix request.
pub fn diagnostics(report: &FileReport, text: &str) -> Vec<Diagnostic> {
    diagnostics_on(None, report, text)
}

/// [`diagnostics`], made on `pool` when there is one and the report has many findings.
fn diagnostics_on(
    pool: Option<&rayon::ThreadPool>,
    report: &FileReport,
    text: &str,
) -> Vec<Diagnostic> {
    // The document's own table: `text` differs from the linted source at most in lone CRs
    // (made LFs, byte for byte), which end lines in both.
    let index: &LineIndex = &report.lines;
    // One address per rule, not per finding: building and parsing it was a twentieth of the
    // server's work after an edit of a large article with many findings.
    let mut hrefs: HashMap<&str, Option<CodeDescription>> = HashMap::new();
    for f in &report.findings {
        hrefs.entry(f.rule.as_str()).or_insert_with(|| {
            crate::rule_docs::docs_url(&f.rule)
                .and_then(|url| url.parse::<Uri>().ok())
                .map(|href| CodeDescription { href })
        });
    }
    map_on(pool, &report.findings, |f| {
        let code_description = hrefs[f.rule.as_str()].clone();
        let message = match &f.help {
            Some(help) => format!("{} ({help})", f.message),
            None => f.message.clone(),
        };
        let data = f.fix.as_ref().map(|fix| {
            serde_json::json!({
                "range": lsp_range(index, text, fix.range.start, fix.range.end),
                "newText": fix.replacement,
            })
        });
        Diagnostic {
            range: lsp_range(index, text, f.offset, f.offset + f.length),
            severity: Some(match f.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(f.rule.clone())),
            code_description,
            source: Some("contentlint".into()),
            message,
            data,
            ..Diagnostic::default()
        }
    })
}

fn quick_fixes(params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| {
            let data = d.data.as_ref()?;
            let edit: TextEdit = serde_json::from_value(data.clone()).ok()?;
            let rule = match &d.code {
                Some(NumberOrString::String(s)) => s.clone(),
                _ => "contentlint".into(),
            };
            let changes = HashMap::from([(params.text_document.uri.clone(), vec![edit.clone()])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{rule}: replace with \"{}\"", edit.new_text),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// "Disable RULE for this line" on each contentlint diagnostic: a suppression comment above
/// its block, or "for this file" for a whole-article or front-matter finding
/// ([`crate::suppress::disable_comment_edit`]).
fn disable_actions(
    params: &CodeActionParams,
    text: &str,
    gate_locked: impl Fn(&str) -> bool,
) -> Vec<CodeActionOrCommand> {
    let Ok(doc) = crate::document::Document::parse(text.to_string()) else {
        return Vec::new();
    };
    let index = doc.lines().clone();
    // A lone CR is a LF in `doc.source`, byte for byte: offsets agree with `text`.
    let offset = |p: Position| -> Option<usize> {
        let start = index.line_start(&doc.source, p.line as usize + 1)?;
        let mut units = 0;
        for (i, c) in doc.source[start..].char_indices() {
            if units >= p.character as usize || c == '\n' {
                return Some(start + i);
            }
            units += c.len_utf16();
        }
        Some(doc.source.len())
    };
    params
        .context
        .diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some("contentlint"))
        .filter_map(|d| {
            let Some(NumberOrString::String(rule)) = &d.code else {
                return None;
            };
            // A suppression of the suppression checks would hide the directive's own problem.
            if rule.starts_with("meta/")
                || (d.severity == Some(DiagnosticSeverity::ERROR) && gate_locked(rule))
            {
                return None;
            }
            let range = offset(d.range.start)?..offset(d.range.end)?;
            let (at, comment, kind) = crate::suppress::disable_comment_edit(&doc, range, rule);
            let at = lsp_position_in(&index, text, at);
            let edit = TextEdit::new(Range::new(at, at), comment);
            let scope = match kind {
                crate::suppress::DirectiveKind::DisableFile => "this file",
                _ => "this line",
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {rule} for {scope}"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(
                        params.text_document.uri.clone(),
                        vec![edit],
                    )])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(message: &Value) -> Vec<u8> {
        let body = message.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn raw(text: &str) -> Vec<u8> {
        text.as_bytes().to_vec()
    }

    fn initialize() -> Vec<u8> {
        let mut bytes = frame(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {}}}));
        bytes.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ));
        bytes
    }

    /// A request that must always get its answer: a code action with nothing to fix.
    fn probe(id: i64) -> Vec<u8> {
        frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": "file:///x.md"},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}}}),
        )
    }

    /// Run the server over `input`; the exit code and every message it wrote.
    fn run(input: Vec<u8>) -> (u8, Vec<Value>) {
        let mut output = Vec::new();
        let code = serve(io::Cursor::new(input), &mut output).unwrap();
        let mut reader = io::Cursor::new(output);
        let mut messages = Vec::new();
        while let Frame::Body(body) = read_frame(&mut reader).unwrap() {
            messages.push(serde_json::from_slice(&body).unwrap());
        }
        (code, messages)
    }

    /// Each malformed message gets an error (or a log line), and the probe after it its answer.
    fn survives(bad: Vec<u8>, expect: &str) {
        let mut input = initialize();
        input.extend(bad);
        input.extend(probe(7));
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "id": 8, "method": "shutdown"}),
        ));
        input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
        let (code, messages) = run(input);
        assert_eq!(code, 0, "{messages:?}");
        let text = serde_json::to_string(&messages[1..]).unwrap();
        assert!(text.contains(expect), "{expect} not in {text}");
        let answer = messages
            .iter()
            .find(|m| m["id"] == 7)
            .expect("probe answered");
        assert_eq!(answer["result"], json!([]), "{answer}");
        assert!(messages.iter().any(|m| m["id"] == 8));
    }

    #[test]
    fn item8_invalid_json() {
        survives(raw("Content-Length: 9\r\n\r\n{\"id\": 1,"), "-32700");
    }

    #[test]
    fn item8_json_that_is_not_json_rpc() {
        survives(frame(&json!({"hello": "world"})), "-32600");
        survives(frame(&json!(42)), "must be an object");
        survives(frame(&json!({"jsonrpc": "2.0", "id": 3})), "\"id\":3");
    }

    #[test]
    fn item8_batch_array() {
        survives(
            frame(&json!([{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}])),
            "batch messages are not supported",
        );
    }

    #[test]
    fn item8_bad_headers() {
        survives(
            raw("Content-Lenght: 2\r\n\r\n{}"),
            "no Content-Length header",
        );
        survives(
            raw("Content-Length: lots\r\n\r\n{}"),
            "invalid Content-Length `lots`",
        );
        survives(
            raw("garbage without a colon\r\n\r\n"),
            "no Content-Length header",
        );
    }

    #[test]
    fn item8_short_content_length() {
        let body = json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}).to_string();
        survives(raw(&format!("Content-Length: 10\r\n\r\n{body}")), "-32700");
    }

    #[test]
    fn item7_huge_content_length_is_refused_not_allocated() {
        survives(raw("Content-Length: 99999999999\r\n\r\n"), "over the");
        survives(
            raw("Content-Length: 8000000000\r\n\r\n"),
            "8000000000 bytes",
        );
    }

    #[test]
    fn item8_exit_without_shutdown_is_1() {
        let mut input = initialize();
        input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
        assert_eq!(run(input).0, 1);
        let mut input = initialize();
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}),
        ));
        input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
        assert_eq!(run(input).0, 0);
        // the input ends without exit: as exit without shutdown
        assert_eq!(run(initialize()).0, 1);
    }

    #[test]
    fn diagnostics_are_published_and_cleared() {
        let mut input = initialize();
        let uri = "file:///tmp/contentlint-lsp-unit/post.md";
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 4,
            "text": "# T\n\nWe did it in order to win.\n"}}}),
        ));
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
            "params": {"textDocument": {"uri": uri}}}),
        ));
        let (_, messages) = run(input);
        let published = &messages[1]["params"];
        assert_eq!(published["uri"], uri);
        assert_eq!(published["version"], 4);
        let wordy = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "clarity/wordy-phrase")
            .expect("wordy phrase");
        assert_eq!(wordy["range"]["start"], json!({"line": 2, "character": 10}));
        let cleared = &messages[2]["params"];
        assert_eq!(cleared["diagnostics"], json!([]));
        assert!(cleared.get("version").is_none(), "{cleared}");
    }

    #[test]
    fn disable_for_this_line_inserts_a_comment_above_the_block() {
        let mut input = initialize();
        let uri = "file:///tmp/contentlint-lsp-unit/shout.md";
        let text = "# T\n\nFirst line of a paragraph,\nyou should NEVER do it.\n";
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
            "text": text}}}),
        ));
        let shout = json!({"range": {"start": {"line": 3, "character": 11},
            "end": {"line": 3, "character": 16}}, "code": "style/shouting",
            "source": "contentlint", "message": "shouting"});
        let whole = json!({"range": {"start": {"line": 0, "character": 0},
            "end": {"line": 0, "character": 3}}, "code": "seo/text-length",
            "source": "contentlint", "message": "short"});
        let meta = json!({"range": {"start": {"line": 2, "character": 0},
            "end": {"line": 2, "character": 3}}, "code": "meta/unused-suppression",
            "source": "contentlint", "message": "unused"});
        // a hard gate: not suppressible under the default [suppressions] allow_gates = false
        let gate = json!({"range": {"start": {"line": 0, "character": 0},
            "end": {"line": 0, "character": 3}}, "code": "structure/min-h2", "severity": 1,
            "source": "contentlint", "message": "no H2"});
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": uri}, "range": shout["range"],
            "context": {"diagnostics": [shout, whole, meta, gate]}}}),
        ));
        let (_, messages) = run(input);
        let actions = messages.iter().find(|m| m["id"] == 7).expect("an answer")["result"]
            .as_array()
            .unwrap()
            .clone();
        let titles: Vec<&str> = actions
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Disable style/shouting for this line",
                "Disable seo/text-length for this file"
            ]
        );
        let edit = &actions[0]["edit"]["changes"][uri][0];
        // above the paragraph's first line, not inside the paragraph
        assert_eq!(edit["range"]["start"], json!({"line": 2, "character": 0}));
        assert_eq!(edit["range"]["end"], json!({"line": 2, "character": 0}));
        assert_eq!(
            edit["newText"],
            "<!-- contentlint-disable-next-line style/shouting -->\n"
        );
        let edit = &actions[1]["edit"]["changes"][uri][0];
        assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 0}));
        assert_eq!(
            edit["newText"],
            "<!-- contentlint-disable-file seo/text-length -->\n"
        );
    }

    #[test]
    fn requests_before_initialize_are_refused() {
        let (_, messages) = run(probe(1));
        assert_eq!(messages[0]["error"]["code"], SERVER_NOT_INITIALIZED);
    }

    #[test]
    fn item6_many_empty_headings_map_in_one_pass() {
        // 100k empty headings stalled the server: each position scanned from the file start.
        // 20k still make a quadratic mapping crawl, at a fifth of the test's cost.
        let text = "#\n".repeat(20_000);
        let linter = Linter::with_config(crate::config::Config::default());
        let report = linter.lint_source("h.md".as_ref(), text.clone()).unwrap();
        let diags = diagnostics(&report, &text);
        assert!(diags.len() > 1000, "{}", diags.len());
        let last = diags.iter().map(|d| d.range.start.line).max().unwrap();
        assert_eq!(last, 19_999);
    }

    #[test]
    fn item13_lone_cr_positions() {
        let text = "# T\r\rWe did it in order to win.\r";
        let x = text.find("in order").unwrap();
        assert_eq!(lsp_position(text, x), Position::new(2, 10));
    }

    #[test]
    fn diagnostics_use_the_documents_line_table_for_the_buffer_as_sent() {
        // Lone CRs become LFs in the linted source (same offsets); the buffer keeps them. The
        // document's table must place every diagnostic where a table of the buffer would.
        let text = "# Tïtle\r\rIn order to 😀 win, we did it.\r\nIn order to win, again.\r";
        let linter = Linter::with_config(crate::config::Config::default());
        let report = linter
            .lint_source("cr.md".as_ref(), text.to_string())
            .unwrap();
        assert!(!report.findings.is_empty());
        let diags = diagnostics(&report, text);
        for (d, f) in diags.iter().zip(&report.findings) {
            assert_eq!(d.range.start, lsp_position(text, f.offset), "{}", f.rule);
            assert_eq!(
                d.range.end,
                lsp_position(text, f.offset + f.length),
                "{}",
                f.rule
            );
        }
    }

    fn change(range: Option<((u32, u32), (u32, u32))>, text: &str) -> Value {
        match range {
            Some(((l1, c1), (l2, c2))) => json!({"range": {
                "start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}},
                "text": text}),
            None => json!({"text": text}),
        }
    }

    #[test]
    fn edits_apply_in_order_at_utf16_positions() {
        let changes = |list: Vec<Value>| {
            list.into_iter()
                .map(|c| serde_json::from_value(c).unwrap())
                .collect::<Vec<_>>()
        };
        let text = "# 😀 T\r\nWe did it.\n".to_string();
        let edited = apply_changes(
            text.clone(),
            changes(vec![
                // after the emoji (two UTF-16 units) and a space: "T" becomes "!"
                change(Some(((0, 5), (0, 6))), "!"),
                // positions of the text as the first edit left it
                change(Some(((1, 9), (1, 9))), " in order to win"),
                // a column past the line's end is its end, before the break
                change(Some(((0, 40), (1, 0))), "\n\n"),
            ]),
        );
        assert_eq!(edited, "# 😀 !\n\nWe did it in order to win.\n");
        // a change without a range replaces the text; later edits apply to the new one
        let replaced = apply_changes(
            text,
            changes(vec![
                change(None, "new\n"),
                change(Some(((0, 3), (0, 3))), "er"),
            ]),
        );
        assert_eq!(replaced, "newer\n");
    }

    #[test]
    fn incremental_changes_are_linted_as_the_edited_text() {
        let mut input = initialize();
        let uri = "file:///tmp/contentlint-lsp-unit/edit.md";
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
            "text": "# T\n\nWe did it.\n"}}}),
        ));
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": 2},
            "contentChanges": [change(Some(((2, 9), (2, 9))), " in order to win")]}}),
        ));
        let (_, messages) = run(input);
        let capabilities = &messages[0]["result"]["capabilities"];
        assert_eq!(capabilities["textDocumentSync"], 2, "incremental");
        let published = |version: i64| {
            messages
                .iter()
                .find(|m| m["params"]["version"] == version)
                .unwrap_or_else(|| panic!("version {version} published"))["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["code"] == "clarity/wordy-phrase")
                .map(|d| d["range"]["start"].clone())
                .collect::<Vec<_>>()
        };
        assert!(published(1).is_empty());
        assert_eq!(published(2), [json!({"line": 2, "character": 10})]);
    }

    #[test]
    fn edits_waiting_behind_an_edit_replace_its_lint() {
        let uri = "file:///tmp/contentlint-lsp-unit/typing.md";
        let mut input = initialize();
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
            "text": "# T\n\nWe did it.\n"}}}),
        ));
        let edit = |version: i64, column: u32, text: &str| {
            frame(
                &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version},
                "contentChanges": [change(Some(((2, column), (2, column))), text)]}}),
            )
        };
        // three keystrokes, a request, a fourth keystroke
        input.extend(edit(2, 9, " in"));
        input.extend(edit(3, 12, " order"));
        input.extend(edit(4, 18, " to win"));
        input.extend(probe(5));
        input.extend(edit(5, 0, "So "));
        input.extend(frame(
            &json!({"jsonrpc": "2.0", "id": 6, "method": "shutdown"}),
        ));
        input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
        // Everything is waiting before the server starts, as when a lint takes longer than
        // the client's typing.
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut reader = io::Cursor::new(input);
        loop {
            let incoming = Incoming::read(&mut reader);
            let end = matches!(incoming, Incoming::Eof);
            sender.send(incoming).unwrap();
            if end {
                break;
            }
        }
        let mut output = Vec::new();
        assert_eq!(serve_incoming(&receiver, &mut output).unwrap(), 0);
        let mut reader = io::Cursor::new(output);
        let mut order = Vec::new();
        while let Frame::Body(body) = read_frame(&mut reader).unwrap() {
            let m: Value = serde_json::from_slice(&body).unwrap();
            if m["method"] == "textDocument/publishDiagnostics" {
                let wordy = m["params"]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "clarity/wordy-phrase");
                order.push(format!("v{} wordy={wordy}", m["params"]["version"]));
            } else if let Some(id) = m["id"].as_i64() {
                order.push(format!("answer {id}"));
            }
        }
        // Versions 2 and 3 are never linted; version 4 is published before the request
        // that came after it is answered.
        assert_eq!(
            order,
            [
                "answer 0",
                "v1 wordy=false",
                "v4 wordy=true",
                "answer 5",
                "v5 wordy=true",
                "answer 6"
            ]
        );
    }

    #[test]
    fn utf16_columns() {
        let text = "a\r\n😀é x";
        assert_eq!(lsp_position(text, 0), Position::new(0, 0));
        assert_eq!(lsp_position(text, 3), Position::new(1, 0));
        // the emoji is two UTF-16 units, é one
        let x = text.find('x').unwrap();
        assert_eq!(lsp_position(text, x), Position::new(1, 4));
    }
}
