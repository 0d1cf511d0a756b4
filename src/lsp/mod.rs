//! Stage beside the CLI — `lexgap lsp`: a language server over stdio for `.law`, `.bill`,
//! `assessments.yaml` and `jurisdiction.yaml` files.
//!
//! A plain main loop over `lsp-server` (rust-analyzer's transport: JSON-RPC framing on two
//! threads, no async runtime) with the protocol's types from `lsp-types`. Every message is
//! handled on the main thread, one at a time, inside `catch_unwind`: a bug met by one request is
//! logged to the client (`window/logMessage`) and answered with an error, and the server goes
//! on. Edits are coalesced: the workspace is analysed again only after a pause of a couple of
//! milliseconds in the stream of messages (or before a request needs the analysis), so a burst
//! of edits costs one analysis of the newest text.
//!
//! - [`project`]: the workspace (CLI rules), open buffers over disk files, the analysis;
//! - [`text`]: UTF-16 positions and incremental edits;
//! - [`features`]: diagnostics, completion, hover, definition, symbols, formatting, actions.

pub mod features;
pub mod project;
pub mod text;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{self as lsp, Uri};

use project::{Project, ProjectKey};

/// Runs the server on stdin/stdout until the client says `exit`. Returns the exit code: 0
/// after `shutdown` then `exit`, 1 when the client went away without `shutdown`, 2 on a
/// protocol error at start.
pub fn run() -> u8 {
    install_panic_hook();
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(&connection) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lexgap lsp: {e}");
            2
        }
    };
    drop(connection);
    let _ = io_threads.join();
    code
}

/// What the server advertises.
pub fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ",".into()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        ..Default::default()
    }
}

fn serve(connection: &Connection) -> Result<u8, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "lexgap", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server::new(&connection.sender, &init);
    server.main_loop(&connection.receiver)
}

/// How long the server waits, after a message that leaves an analysis to do, for another that
/// belongs to the same burst (an editor's keystrokes come tens of milliseconds apart; a
/// client replaying edits sends them microseconds apart).
const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(2);

/// The longest a burst of messages is coalesced before the server analyses what it has.
const COALESCE_AT_MOST: std::time::Duration = std::time::Duration::from_millis(250);

fn is_exit(msg: &Message) -> bool {
    matches!(msg, Message::Notification(n) if n.method == lsp::notification::Exit::METHOD)
}

/// An open document: its project and its path in it.
#[derive(Clone, Debug)]
struct Doc {
    key: ProjectKey,
    rel: String,
    version: i32,
}

pub struct Server<'a> {
    sender: &'a crossbeam_channel::Sender<Message>,
    projects: BTreeMap<ProjectKey, Project>,
    docs: HashMap<String, Doc>,
    shutting_down: bool,
}

impl<'a> Server<'a> {
    pub fn new(
        sender: &'a crossbeam_channel::Sender<Message>,
        _init: &lsp::InitializeParams,
    ) -> Server<'a> {
        Server {
            sender,
            projects: BTreeMap::new(),
            docs: HashMap::new(),
            shutting_down: false,
        }
    }

    fn main_loop(&mut self, receiver: &crossbeam_channel::Receiver<Message>) -> Result<u8, String> {
        loop {
            // Jurisdictions outside the focus waiting for their check are checked a few at a
            // time while no message waits (the reader thread hands a message over as soon as
            // it has read one), so that a request waits for one batch at most.
            let msg = if self.projects.values().any(Project::outside_pending) {
                match receiver.try_recv() {
                    Ok(msg) => msg,
                    Err(crossbeam_channel::TryRecvError::Empty) => {
                        self.check_outside();
                        continue;
                    }
                    Err(crossbeam_channel::TryRecvError::Disconnected) => {
                        return Ok(self.exit_code());
                    }
                }
            } else {
                let Ok(msg) = receiver.recv() else {
                    // The client closed the stream without `exit`.
                    return Ok(self.exit_code());
                };
                msg
            };
            if is_exit(&msg) {
                return Ok(self.exit_code());
            }
            self.handle(msg);
            // Coalesce a burst: while edits keep coming, apply them to the buffers (cheap) and
            // analyse once, for the newest text. `lsp-server`'s channel holds no message (a
            // rendezvous with its reader thread), so "nothing waiting" cannot be asked; a
            // message that follows within `DEBOUNCE` is taken as part of the same burst. After
            // `COALESCE_AT_MOST` of an unbroken stream the server analyses anyway, so that a
            // client that never pauses still gets diagnostics.
            let started = std::time::Instant::now();
            while self.projects.values().any(|p| p.dirty) && started.elapsed() < COALESCE_AT_MOST {
                match receiver.recv_timeout(DEBOUNCE) {
                    Ok(msg) if is_exit(&msg) => return Ok(self.exit_code()),
                    Ok(msg) => self.handle(msg),
                    Err(crossbeam_channel::RecvTimeoutError::Timeout) => break,
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                        return Ok(self.exit_code());
                    }
                }
            }
            self.refresh_all();
        }
    }

    /// 0 after `shutdown`, 1 when the client leaves without it.
    fn exit_code(&self) -> u8 {
        if self.shutting_down { 0 } else { 1 }
    }

    /// Handles one message; a panic while handling it is caught (see [`Server::guarded`]).
    pub fn handle(&mut self, msg: Message) {
        match msg {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                let response = match self.guarded(&method, |server| server.request(req)) {
                    Some(Ok(value)) => Response::new_ok(id, value),
                    Some(Err((code, message))) => Response::new_err(id, code as i32, message),
                    None => Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("lexgap lsp: internal error while handling {method} (see the log)"),
                    ),
                };
                self.send(Message::Response(response));
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                self.guarded(&method, |server| server.notification(n));
            }
            Message::Response(_) => {}
        }
    }

    /// Runs `f` inside `catch_unwind`: a panic is logged to the client (`window/logMessage`)
    /// and gives `None`; the server goes on.
    pub fn guarded<T>(&mut self, what: &str, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self))) {
            Ok(v) => Some(v),
            Err(payload) => {
                self.report_panic(what, payload.as_ref());
                None
            }
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.sender.send(msg);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    pub fn log(&self, typ: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams { typ, message });
    }

    /// Logs a caught panic to the client and returns the message.
    fn report_panic(&self, method: &str, payload: &(dyn std::any::Any + Send)) -> String {
        let text = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let message = format!(
            "lexgap lsp: internal error while handling {method}: {text}. The server goes on; \
             this is a bug in lexgap, please report it with the file you were editing."
        );
        self.log(lsp::MessageType::ERROR, message.clone());
        message
    }

    fn request(&mut self, req: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        use lsp::request::*;
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        let params = req.params;
        let json = |v: Result<serde_json::Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match req.method.as_str() {
            Shutdown::METHOD => {
                self.shutting_down = true;
                Ok(serde_json::Value::Null)
            }
            Completion::METHOD => {
                let p: lsp::CompletionParams = serde_json::from_value(params).map_err(bad)?;
                let at = &p.text_document_position;
                let out = self.with_doc(&at.text_document.uri, |ctx| {
                    features::completion(&ctx, at.position)
                });
                json(serde_json::to_value(out))
            }
            HoverRequest::METHOD => {
                let p: lsp::HoverParams = serde_json::from_value(params).map_err(bad)?;
                let at = &p.text_document_position_params;
                let out = self
                    .with_doc(&at.text_document.uri, |ctx| {
                        features::hover(&ctx, at.position)
                    })
                    .flatten();
                json(serde_json::to_value(out))
            }
            GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = serde_json::from_value(params).map_err(bad)?;
                let at = &p.text_document_position_params;
                let out = self
                    .with_doc(&at.text_document.uri, |ctx| {
                        features::definition(&ctx, at.position)
                    })
                    .flatten()
                    .map(lsp::GotoDefinitionResponse::Scalar);
                json(serde_json::to_value(out))
            }
            References::METHOD => {
                let p: lsp::ReferenceParams = serde_json::from_value(params).map_err(bad)?;
                let at = &p.text_document_position;
                let out = self.with_doc(&at.text_document.uri, |ctx| {
                    features::references(&ctx, at.position, p.context.include_declaration)
                });
                json(serde_json::to_value(out))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = serde_json::from_value(params).map_err(bad)?;
                let out = self
                    .with_doc(&p.text_document.uri, |ctx| features::symbols(&ctx))
                    .map(lsp::DocumentSymbolResponse::Nested);
                json(serde_json::to_value(out))
            }
            Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams =
                    serde_json::from_value(params).map_err(bad)?;
                let out = self
                    .with_doc(&p.text_document.uri, |ctx| features::formatting(&ctx))
                    .flatten();
                json(serde_json::to_value(out))
            }
            CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = serde_json::from_value(params).map_err(bad)?;
                let uri = p.text_document.uri.clone();
                let out = self.with_doc(&uri, |ctx| features::code_actions(&ctx, &p));
                json(serde_json::to_value(out))
            }
            _ if self.shutting_down => Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            )),
            m => Err((
                ErrorCode::MethodNotFound,
                format!("lexgap lsp does not answer {m}"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let d = p.text_document;
                self.open(&d.uri, &d.language_id, d.version, d.text);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
                    return;
                };
                doc.version = p.text_document.version;
                let doc = doc.clone();
                if let Some(text) = self
                    .projects
                    .get_mut(&doc.key)
                    .and_then(|pr| pr.overlay_mut(&doc.rel))
                {
                    for change in &p.content_changes {
                        text::apply_change(text, change);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(pr) = self.projects.get_mut(&doc.key) {
                    pr.close_overlay(&doc.rel);
                    if matches!(doc.key, ProjectKey::Loose(_)) {
                        self.projects.remove(&doc.key);
                        self.publish_empty(&uri);
                    }
                }
            }
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => {
                for p in self.projects.values_mut() {
                    if p.root().is_some() {
                        p.reload_disk();
                    }
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, uri: &Uri, language: &str, version: i32, text: String) {
        let path = uri_to_path(uri);
        let located = path.as_deref().and_then(project::locate);
        let (key, rel) = match located {
            Some((root, rel)) if project::is_workspace_input(&rel) => (ProjectKey::Root(root), rel),
            _ => {
                let mut name = uri
                    .as_str()
                    .rsplit('/')
                    .next()
                    .filter(|s| !s.is_empty())
                    .unwrap_or("untitled")
                    .to_string();
                let ext = if language == "bill" { ".bill" } else { ".law" };
                if !(name.ends_with(".law") || name.ends_with(".bill") || name.ends_with(".yaml")) {
                    name.push_str(ext);
                }
                (ProjectKey::Loose(uri.as_str().to_string()), name)
            }
        };
        if !self.projects.contains_key(&key) {
            match Project::open(key.clone()) {
                Ok(p) => {
                    for e in &p.read_errors {
                        self.log(lsp::MessageType::WARNING, format!("lexgap: {e}"));
                    }
                    self.projects.insert(key.clone(), p);
                }
                Err(e) => {
                    self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!("lexgap: {e}"),
                    });
                    return;
                }
            }
        }
        if let Some(p) = self.projects.get_mut(&key) {
            p.set_overlay(&rel, text);
        }
        self.docs
            .insert(uri.as_str().to_string(), Doc { key, rel, version });
    }

    /// Analyses every project with edits not yet analysed and publishes its diagnostics.
    fn refresh_all(&mut self) {
        let keys: Vec<ProjectKey> = self
            .projects
            .iter()
            .filter(|(_, p)| p.dirty)
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            self.refresh(&k);
        }
    }

    /// Checks a few of the jurisdictions outside a project's focus that wait for it, and
    /// sends what changed.
    fn check_outside(&mut self) {
        let Some(key) = self
            .projects
            .iter()
            .find(|(_, p)| p.outside_pending())
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        let batch = rayon::current_num_threads().max(1);
        let started = std::time::Instant::now();
        let outcome = self.guarded("the check of the workspace", |server| {
            server.projects.get_mut(&key)?.check_outside(batch);
            server.publish(&key)
        });
        self.send_batches(&key, outcome);
        if let Some(p) = self.projects.get_mut(&key) {
            let (n, spent) = p.outside_progress;
            let (n, spent) = (n + batch, spent + started.elapsed());
            p.outside_progress = (n, spent);
            if !p.outside_pending() {
                let message = format!(
                    "lexgap: checked {} jurisdiction folder(s) outside the open files' in {:.1} s",
                    n.min(p.outside_checked()),
                    spent.as_secs_f64()
                );
                p.outside_progress = (0, std::time::Duration::ZERO);
                self.log(lsp::MessageType::INFO, message);
            }
        }
    }

    /// The diagnostics of a project to send now (see [`features::publish`]).
    fn publish(&mut self, key: &ProjectKey) -> Option<Vec<lsp::PublishDiagnosticsParams>> {
        let p = self.projects.get(key)?;
        let (batches, now) = features::publish(
            p,
            |rel| self.uri_of(key, rel),
            |rel| self.cleared_uri(key, rel),
        );
        if let Some(p) = self.projects.get_mut(key) {
            p.published = now;
            p.outside_changed.clear();
        }
        Some(batches)
    }

    fn send_batches(
        &mut self,
        key: &ProjectKey,
        outcome: Option<Option<Vec<lsp::PublishDiagnosticsParams>>>,
    ) {
        match outcome {
            Some(batches) => {
                for b in batches.into_iter().flatten() {
                    self.notify::<lsp::notification::PublishDiagnostics>(b);
                }
            }
            None => {
                // Not again until the next edit: the same input would fail the same way.
                if let Some(p) = self.projects.get_mut(key) {
                    p.dirty = false;
                }
            }
        }
    }

    fn refresh(&mut self, key: &ProjectKey) {
        let outcome = self.guarded("the analysis", |server| {
            let p = server.projects.get_mut(key)?;
            p.analyze();
            server.publish(key)
        });
        self.send_batches(key, outcome);
    }

    /// The URI of a file of a project (with the version of its open document, if open).
    fn uri_of(&self, key: &ProjectKey, rel: &str) -> Option<(Uri, Option<i32>)> {
        let open = self
            .docs
            .iter()
            .find(|(_, d)| &d.key == key && d.rel == rel);
        if let Some((u, d)) = open {
            return u.parse::<Uri>().ok().map(|u| (u, Some(d.version)));
        }
        match key {
            ProjectKey::Root(root) => {
                let path = root.join(rel);
                path.is_file()
                    .then(|| path_to_uri(&path))
                    .flatten()
                    .map(|u| (u, None))
            }
            ProjectKey::Loose(_) => None,
        }
    }

    /// The URI under which a file's diagnostics were published, to clear them: as
    /// [`Server::uri_of`], but also for a file no longer on disk (deleted while open, then
    /// closed), whose diagnostics would otherwise stay in the editor.
    fn cleared_uri(&self, key: &ProjectKey, rel: &str) -> Option<(Uri, Option<i32>)> {
        self.uri_of(key, rel).or_else(|| match key {
            ProjectKey::Root(root) => path_to_uri(&root.join(rel)).map(|u| (u, None)),
            ProjectKey::Loose(_) => None,
        })
    }

    fn publish_empty(&self, uri: &Uri) {
        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: Vec::new(),
            version: None,
        });
    }

    /// Runs `f` on an open document with an up-to-date analysis of its project.
    fn with_doc<T>(&mut self, uri: &Uri, f: impl FnOnce(features::DocCtx<'_>) -> T) -> Option<T> {
        let doc = self.docs.get(uri.as_str())?.clone();
        if self
            .projects
            .get(&doc.key)
            .is_some_and(|p| p.dirty || p.snapshot.is_none())
        {
            self.refresh(&doc.key);
        }
        let key = doc.key.clone();
        let p = self.projects.get(&key)?;
        let snapshot = p.snapshot.as_ref()?;
        let text = p.overlay(&doc.rel)?;
        let ctx = features::DocCtx {
            uri,
            rel: &doc.rel,
            text,
            project: p,
            snapshot,
            uri_of: &|rel: &str| self.uri_of(&key, rel).map(|(u, _)| u),
        };
        Some(f(ctx))
    }
}

thread_local! {
    /// The message and place of the last panic on this thread, for the log.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the CLI's panic hook (which says lexgap stopped): the server keeps the message for
/// the client's log and goes on.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let (payload, location) = crate::diagnostic::panic_parts(info);
        let text = format!("{payload}{location}");
        eprintln!("lexgap lsp: internal error: {text} (caught; the server goes on)");
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

/// The path of a `file:` URI (percent-decoded); `None` for other schemes (`untitled:`).
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(hex) = rest.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path, percent-encoding what a URI path may not hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?;
    let mut out = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_server::RequestId;

    #[test]
    fn uris_and_paths_round_trip() {
        let p = Path::new("/w/codes/RS/кривични законик/2019-12-01.law");
        let u = path_to_uri(p).unwrap();
        assert!(
            u.as_str().starts_with("file:///w/codes/RS/%D0%BA"),
            "{}",
            u.as_str()
        );
        assert_eq!(uri_to_path(&u).unwrap(), p);
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&untitled), None);
    }

    /// A panic while handling a request is caught: the client gets an error response and a
    /// `window/logMessage`, and the server answers the next request.
    #[test]
    fn a_panic_in_a_request_is_logged_and_the_server_goes_on() {
        install_panic_hook();
        let (server_side, client) = Connection::memory();
        let mut server = Server::new(&server_side.sender, &lsp::InitializeParams::default());
        let answer: Option<()> =
            server.guarded("textDocument/hover", |_| panic!("boom in a handler"));
        assert_eq!(answer, None);
        let Message::Notification(n) = client.receiver.try_recv().unwrap() else {
            panic!("no log message");
        };
        assert_eq!(n.method, "window/logMessage");
        assert!(
            n.params["message"]
                .as_str()
                .unwrap()
                .contains("boom in a handler")
        );
        // The server still answers.
        server.handle(Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".into(),
            serde_json::Value::Null,
        )));
        let Message::Response(r) = client.receiver.try_recv().unwrap() else {
            panic!("no response");
        };
        assert!(r.response_result.is_ok());
    }
}
