//! `contentlint lsp`: a language server over stdio. On open, change and save it lints the
//! buffer (configuration found from the file's path, as `check` does) and publishes
//! diagnostics; a finding with a safe fix is offered as a quick fix. Positions are converted to
//! LSP's UTF-16 columns.

use crate::config::ConfigResolver;
use crate::engine::{LintOptions, Linter};
use crate::finding::Severity;
use crate::report::FileReport;
use ls_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use ls_types::request::{CodeActionRequest, Request as _};
use ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use lsp_server::{Connection, Message, Notification, Request, Response};
use std::collections::HashMap;
use std::path::PathBuf;

/// Run the server on stdin/stdout until the client says exit.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let caps = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    connection.initialize(caps).map_err(|e| e.to_string())?;
    let linter = Linter::new(ConfigResolver::default(), LintOptions::default());
    let mut server = Server {
        connection: &connection,
        linter,
        documents: HashMap::new(),
    };
    server.main_loop()?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

struct Server<'c> {
    connection: &'c Connection,
    linter: Linter,
    /// Open documents: text and version.
    documents: HashMap<Uri, (String, Option<i32>)>,
}

fn parse<T: serde::de::DeserializeOwned>(n: Notification) -> Result<T, serde_json::Error> {
    serde_json::from_value(n.params)
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        for message in &self.connection.receiver {
            match message {
                Message::Request(req) => {
                    if self
                        .connection
                        .handle_shutdown(&req)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(());
                    }
                    self.request(req)?;
                }
                Message::Notification(n) => self.notification(n)?,
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) -> Result<(), String> {
        self.connection
            .sender
            .send(message)
            .map_err(|e| e.to_string())
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<ls_types::DidOpenTextDocumentParams>(n) {
                    let doc = p.text_document;
                    self.documents
                        .insert(doc.uri.clone(), (doc.text, Some(doc.version)));
                    self.publish(&doc.uri)?;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<ls_types::DidChangeTextDocumentParams>(n)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    let uri = p.text_document.uri;
                    self.documents
                        .insert(uri.clone(), (change.text, Some(p.text_document.version)));
                    self.publish(&uri)?;
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = parse::<ls_types::DidSaveTextDocumentParams>(n) {
                    let uri = p.text_document.uri;
                    if let Some(text) = p.text
                        && let Some(entry) = self.documents.get_mut(&uri)
                    {
                        entry.0 = text;
                    }
                    self.publish(&uri)?;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<ls_types::DidCloseTextDocumentParams>(n) {
                    let uri = p.text_document.uri;
                    self.documents.remove(&uri);
                    self.send_diagnostics(uri, Vec::new(), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<(), String> {
        if req.method != CodeActionRequest::METHOD {
            let response = Response::new_err(
                req.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("contentlint does not handle {}", req.method),
            );
            return self.send(response.into());
        }
        let actions = serde_json::from_value::<CodeActionParams>(req.params)
            .map(|p| quick_fixes(&p))
            .unwrap_or_default();
        let result = serde_json::to_value(actions).map_err(|e| e.to_string())?;
        self.send(Response::new_ok(req.id, result).into())
    }

    fn publish(&self, uri: &Uri) -> Result<(), String> {
        let Some((text, version)) = self.documents.get(uri) else {
            return Ok(());
        };
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled.md"));
        let diagnostics = match self.linter.lint_source(&path, text.clone()) {
            Ok(report) => diagnostics(&report, text),
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
        self.send_diagnostics(uri.clone(), diagnostics, *version)
    }

    fn send_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), String> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let params = serde_json::to_value(params).map_err(|e| e.to_string())?;
        self.send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into())
    }
}

/// LSP position (0-based line, UTF-16 column) of a byte offset.
pub fn lsp_position(text: &str, offset: usize) -> Position {
    let offset = crate::document::floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    Position::new(line as u32, character as u32)
}

fn lsp_range(text: &str, start: usize, end: usize) -> Range {
    Range::new(lsp_position(text, start), lsp_position(text, end))
}

/// Diagnostics for a report; a fix travels in `data` for the quick-fix request.
pub fn diagnostics(report: &FileReport, text: &str) -> Vec<Diagnostic> {
    report
        .findings
        .iter()
        .map(|f| {
            let message = match &f.help {
                Some(help) => format!("{} ({help})", f.message),
                None => f.message.clone(),
            };
            let data = f.fix.as_ref().map(|fix| {
                serde_json::json!({
                    "range": lsp_range(text, fix.range.start, fix.range.end),
                    "newText": fix.replacement,
                })
            });
            Diagnostic {
                range: lsp_range(text, f.offset, f.offset + f.length),
                severity: Some(match f.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(f.rule.clone())),
                source: Some("contentlint".into()),
                message,
                data,
                ..Diagnostic::default()
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
