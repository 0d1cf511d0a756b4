//! Workspaces: where lexgap's input comes from.
//!
//! A workspace is a folder with a `lexgap.toml`, found like cargo finds a package (walking up from
//! the current folder) or given with `--workspace`. It holds `protocol/`, `codes/` and optionally
//! `templates/`. Where none is found, the bundled data compiled into the binary is used, so
//! lexgap works from any folder. This module is the only one that reads input from disk; it hands
//! the rest of the pipeline bytes with their paths, which is what lets the bundled corpus and
//! files on disk go through exactly the same checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, MAX_FILE_BYTES, SourceFile, Sources};
use crate::syntax::ast::LawFile;
use crate::syntax::lint::{FilePlace, lint};
use crate::syntax::parse_law;

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

pub const MANIFEST: &str = "lexgap.toml";
pub const BAD_MANIFEST: Code = Code::error("E0301", "bad-manifest");

/// Folders deeper than this under `codes/` are not followed: the layout is three levels deep, and
/// the limit ends any symlink cycle the visited-set check would miss.
const MAX_WALK_DEPTH: usize = 16;

/// Where the input comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// A folder on disk (the one holding `lexgap.toml`, or given with `--workspace`).
    Disk(PathBuf),
    /// The data compiled into the binary.
    Bundled,
}

/// The settings of `lexgap.toml`. Every key is optional.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    /// A name shown in reports, e.g. "Western Balkans".
    pub name: Option<String>,
    /// A folder of report templates (relative to the workspace, e.g. `"templates"`) that
    /// overrides the bundled ones by name. Templates are code — a template can loop for ever
    /// or build gigabytes of text — so a workspace's templates are applied only when its
    /// `lexgap.toml` says so (or with `--templates DIR`), never because a folder is there.
    pub templates: Option<String>,
}

/// One input file: its path relative to the workspace root (with `/`), and its bytes.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub rel: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct Workspace {
    pub origin: Origin,
    pub manifest: Manifest,
    /// How what it holds is read into a model (the instrument measured): given to every load
    /// of the workspace ([`Workspace::load`], `crate::stream::World::open`).
    pub options: crate::model::LoadOptions,
}

/// An error that stops lexgap before it reads any input (exit code 2).
#[derive(Debug)]
pub struct WorkspaceError(pub String);

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WorkspaceError {}

impl Workspace {
    /// The workspace for a run: `explicit` if given, else the nearest folder at or above `cwd`
    /// holding a `lexgap.toml`, else the bundled data.
    pub fn discover(cwd: &Path, explicit: Option<&Path>) -> Result<Workspace, WorkspaceError> {
        if let Some(dir) = explicit {
            if !dir.is_dir() {
                return Err(WorkspaceError(format!(
                    "--workspace {}: no such folder",
                    dir.display()
                )));
            }
            return Workspace::open(dir);
        }
        let mut dir = Some(cwd);
        while let Some(d) = dir {
            if d.join(MANIFEST).is_file() {
                return Workspace::open(d);
            }
            dir = d.parent();
        }
        Ok(Workspace::bundled())
    }

    pub fn bundled() -> Workspace {
        Workspace {
            origin: Origin::Bundled,
            manifest: Manifest {
                name: Some("Western Balkans (bundled)".into()),
                templates: None,
            },
            options: crate::model::LoadOptions::default(),
        }
    }

    /// Opens the folder `dir` as a workspace, reading its `lexgap.toml` if it has one.
    pub fn open(dir: &Path) -> Result<Workspace, WorkspaceError> {
        let path = dir.join(MANIFEST);
        let manifest = match read_input(&path)
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        {
            Ok(text) => toml::from_str::<Manifest>(&text).map_err(|e| {
                let at = e
                    .span()
                    .map(|s| {
                        let f = SourceFile::new(path.display().to_string(), text.clone());
                        let (l, c) = f.line_col(s.start);
                        format!(":{l}:{c}")
                    })
                    .unwrap_or_default();
                WorkspaceError(format!(
                    "{}{at}: {} (see docs/workspace in the README)",
                    path.display(),
                    e.message()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => {
                return Err(WorkspaceError(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(Workspace {
            origin: Origin::Disk(dir.to_path_buf()),
            manifest,
            options: crate::model::LoadOptions::default(),
        })
    }

    /// [`load`] of this workspace's files, carrying its [`Workspace::options`].
    pub fn load(&self, files: Vec<InputFile>) -> Loaded {
        let mut loaded = load(files);
        loaded.options = self.options.clone();
        loaded
    }

    pub fn root(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Disk(p) => Some(p),
            Origin::Bundled => None,
        }
    }

    /// A short description for messages: the folder, or "the bundled corpus".
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Disk(p) => p.display().to_string(),
            Origin::Bundled => "the bundled corpus".to_string(),
        }
    }

    /// Every file under `protocol/` and `codes/`, sorted by path. Files that cannot be read are
    /// returned as diagnostics, not skipped silently.
    pub fn input_files(&self) -> (Vec<InputFile>, Vec<String>) {
        let (listed, mut errors) = self.list_inputs();
        let mut files = Vec::with_capacity(listed.len());
        for l in listed {
            match l.read() {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        (files, errors)
    }

    /// Every input file under `protocol/` and `codes/`, sorted by path, without reading it:
    /// what [`Workspace::input_files`] reads, for callers that read one part at a time.
    pub fn list_inputs(&self) -> (Vec<Listed>, Vec<String>) {
        match &self.origin {
            Origin::Bundled => (
                BUNDLED
                    .iter()
                    .filter(|(p, _)| p.starts_with("protocol/"))
                    .chain(BUNDLED.iter().filter(|(p, _)| p.starts_with("codes/")))
                    .map(|(p, b)| Listed {
                        rel: (*p).to_string(),
                        at: At::Bundled(b),
                    })
                    .collect(),
                Vec::new(),
            ),
            Origin::Disk(root) => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                for sub in ["protocol", "codes"] {
                    files.extend(
                        list_tree(&root.join(sub), &mut errors)
                            .into_iter()
                            .map(|path| Listed {
                                rel: relative(root, &path),
                                at: if is_input(&path) {
                                    At::Disk(path)
                                } else {
                                    At::Unread
                                },
                            }),
                    );
                }
                // A workspace that encodes law but brings no instrument of its own is checked
                // against the bundled Firearms Protocol model.
                if !root.join("protocol").is_dir() {
                    files.extend(
                        BUNDLED
                            .iter()
                            .filter(|(p, _)| p.starts_with("protocol/"))
                            .map(|(p, b)| Listed {
                                rel: (*p).to_string(),
                                at: At::Bundled(b),
                            }),
                    );
                }
                files.sort_by(|a, b| a.rel.cmp(&b.rel));
                (files, errors)
            }
        }
    }

    /// The workspace's template folder, where `lexgap.toml` names one (`templates = "…"`):
    /// a relative path inside the workspace, else an error.
    pub fn templates_dir(&self) -> Result<Option<PathBuf>, WorkspaceError> {
        let (Origin::Disk(root), Some(rel)) = (&self.origin, &self.manifest.templates) else {
            return Ok(None);
        };
        let inside = !rel.is_empty()
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(WorkspaceError(format!(
                "{}: `templates = {rel:?}` must name a folder inside the workspace",
                root.join(MANIFEST).display()
            )));
        }
        Ok(Some(root.join(rel)))
    }

    /// A folder `templates/` in a workspace whose `lexgap.toml` does not name it: left unused,
    /// and worth a warning.
    pub fn unused_templates(&self) -> Option<PathBuf> {
        let Origin::Disk(root) = &self.origin else {
            return None;
        };
        let d = root.join("templates");
        (self.manifest.templates.is_none() && d.is_dir()).then_some(d)
    }

    /// A template file by its path under the workspace's template folder (`gap/report.html`),
    /// where `lexgap.toml` names one and it has the file, else from the bundled templates. A
    /// name that could leave the folder (`..`, an absolute path) finds nothing.
    pub fn template(&self, name: &str) -> Option<Vec<u8>> {
        let inside = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || name.contains('\\') {
            return None;
        }
        if let Ok(Some(dir)) = self.templates_dir()
            && let Ok(bytes) = read_input(&dir.join(name))
        {
            return Some(bytes);
        }
        bundled_file(&format!("templates/{name}")).map(<[u8]>::to_vec)
    }
}

/// An input file found but not yet read.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The path relative to the workspace root, with `/`.
    pub rel: String,
    at: At,
}

#[derive(Clone, Debug)]
enum At {
    Disk(PathBuf),
    Bundled(&'static [u8]),
    /// A file of an ending lexgap does not read: listed for its warning, its bytes not read.
    Unread,
    /// Bytes given instead of the file's (an editor's unsaved buffer).
    Given(std::sync::Arc<[u8]>),
}

impl Listed {
    /// A file whose bytes are given (an editor's buffer), on disk or not.
    pub fn given(rel: &str, bytes: std::sync::Arc<[u8]>) -> Listed {
        Listed {
            rel: rel.to_string(),
            at: At::Given(bytes),
        }
    }

    /// The file on disk this entry reads, if it reads one.
    pub fn disk_path(&self) -> Option<&Path> {
        match &self.at {
            At::Disk(p) => Some(p),
            _ => None,
        }
    }

    /// Whether the file's bytes are read (a file of an ending lexgap does not read is listed
    /// for its warning only, with no content).
    pub fn is_read(&self) -> bool {
        !matches!(self.at, At::Unread)
    }

    /// The file's size in bytes as listed (0 where it cannot be known): to read the largest
    /// first.
    pub fn size(&self) -> u64 {
        match &self.at {
            At::Disk(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            At::Bundled(b) => b.len() as u64,
            At::Unread => 0,
            At::Given(b) => b.len() as u64,
        }
    }

    /// Reads the file; the error is a message naming it. A file lexgap does not read comes back
    /// empty (its W0002 warning is given by [`load`]).
    pub fn read(&self) -> Result<InputFile, String> {
        let bytes = match &self.at {
            At::Disk(path) => read_input(path).map_err(|e| format!("{}: {e}", path.display()))?,
            At::Bundled(b) => b.to_vec(),
            At::Unread => Vec::new(),
            At::Given(b) => b.to_vec(),
        };
        Ok(InputFile {
            rel: self.rel.clone(),
            bytes,
        })
    }
}

/// A bundled file by its path relative to the repository root.
pub fn bundled_file(rel: &str) -> Option<&'static [u8]> {
    BUNDLED.iter().find(|(p, _)| *p == rel).map(|(_, b)| *b)
}

/// Reads one input file from disk, refusing what is not a regular file (a device such as
/// `/dev/zero` behind a link, or a named pipe, would never end or never start) and reading no
/// more than one byte past [`MAX_FILE_BYTES`], so that a huge file is refused by
/// [`SourceFile::decode`] without first being read whole into memory.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, device or pipe); lexgap reads only plain text files",
        ));
    }
    let limit = u64::try_from(MAX_FILE_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads every input file under `dir` (see [`list_tree`]); paths are made relative to `root`.
pub fn read_tree(root: &Path, dir: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<String>) {
    for path in list_tree(dir, errors) {
        // A file of an ending lexgap does not read is passed on empty, for its warning.
        let read = if is_input(&path) {
            read_input(&path)
        } else {
            Ok(Vec::new())
        };
        match read {
            Ok(bytes) => files.push(InputFile {
                rel: relative(root, &path),
                bytes,
            }),
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
}

/// Every input file (`.law`, `.bill`, `.yaml`) under `dir`, and every other file there that
/// is not documentation (see [`is_documentation`]; listed to be warned about, never read),
/// sorted, following symbolic links but
/// never into the same folder twice: a symlink loop ends there, with a message in `errors`.
/// A missing `dir` is no error (a workspace need not have every folder).
pub fn list_tree(dir: &Path, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut visited = BTreeSet::new();
    let mut out = Vec::new();
    walk(dir, 0, &mut visited, &mut out, errors);
    out
}

fn walk(
    dir: &Path,
    depth: usize,
    visited: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<String>,
) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && depth == 0 => return,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    if depth > MAX_WALK_DEPTH || !visited.insert(canonical) {
        errors.push(format!(
            "{}: not read, the folder was already read (a symbolic link loop?)",
            dir.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, depth + 1, visited, out, errors);
        } else if is_input(&path) || !is_documentation(name) {
            out.push(path);
        }
    }
}

/// Whether lexgap reads a file of this name (`.yml` is read only to be warned about).
fn is_input(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("law" | "bill" | "yaml" | "yml")
    )
}

/// A file that documents a corpus rather than encoding it — Markdown, or a `README`, `LICENSE`,
/// `NOTICE` or `COPYING` file of any ending — which may stand anywhere without a warning. Every
/// other file under `protocol/` and `codes/` that lexgap does not read is listed unread and
/// warned about (W0002, issue 20): `notes.txt`, `art.law.bak`, `x.lwa`.
fn is_documentation(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let stem = upper.split('.').next().unwrap_or("");
    upper.ends_with(".MD")
        || matches!(
            stem,
            "README" | "LICENSE" | "LICENCE" | "NOTICE" | "COPYING"
        )
}

/// A file lexgap was given or found where it reads files, but does not read.
pub const NOT_READ: crate::diagnostic::Code =
    crate::diagnostic::Code::warning("W0002", "file-not-read");

/// The warning for a file lexgap does not read (`jurisdiction.yml`, `notes.yaml` under
/// `codes/`, `check garbage.lwa`): silently skipping it lost a `parent:` once (issue 20).
pub fn not_read(rel: &str) -> Diagnostic {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let known = ["jurisdiction.yaml", "assessments.yaml"];
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let hint = match known.iter().find(|k| k.starts_with(&format!("{stem}."))) {
        Some(k) => format!("did you mean `{k}`? lexgap reads only that name"),
        None => "lexgap reads `.law` and `.bill` files, `protocol/*.yaml`, and \
                 `codes/<J>/jurisdiction.yaml` and `assessments.yaml`; rename the file or move \
                 it out of the workspace"
            .to_string(),
    };
    Diagnostic::new(NOT_READ, format!("{rel} is not read"))
        .at(crate::syntax::Span::new(0, 0), "this file is ignored")
        .hint(hint)
}

/// `path` relative to `root`, with `/` separators; the path as given when it is outside `root`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// A parsed `.law` file with what its path says about it. Its `ast.items` are empty when it was
/// loaded without its tree (see [`load_with`]); the header is always there.
#[derive(Clone, Debug)]
pub struct LawDoc {
    pub file: FileId,
    pub place: FilePlace,
    pub ast: LawFile,
}

/// Everything read for one run: the sources, the parsed laws, the other input files by kind,
/// and every diagnostic found so far.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub laws: Vec<LawDoc>,
    /// `protocol/*.yaml`: the instruments.
    pub instruments: Vec<FileId>,
    /// `codes/<J>/jurisdiction.yaml`.
    pub jurisdictions: Vec<FileId>,
    /// `codes/<J>/assessments.yaml`.
    pub assessments: Vec<FileId>,
    /// `codes/<J>/bills/*.bill`.
    pub bills: Vec<FileId>,
    pub diagnostics: Vec<Diagnostic>,
    /// How a model is built from it ([`crate::model::Model::build`]): the instrument measured.
    pub options: crate::model::LoadOptions,
}

impl Loaded {
    /// A copy of what was read without its diagnostics: for building a model, or reading a bill,
    /// beside the caller's.
    pub fn without_diagnostics(&self) -> Loaded {
        Loaded {
            sources: self.sources.clone(),
            laws: self.laws.clone(),
            instruments: self.instruments.clone(),
            jurisdictions: self.jurisdictions.clone(),
            assessments: self.assessments.clone(),
            bills: self.bills.clone(),
            diagnostics: Vec::new(),
            options: self.options.clone(),
        }
    }
}

/// Decodes, parses and lints every input file. Files are parsed in parallel; the result is in
/// path order whatever the order given and the thread timing (the order of the instrument's
/// files is the order of its obligations in every report).
pub fn load(files: Vec<InputFile>) -> Loaded {
    load_with(files, true, |_, _| ()).0
}

/// [`load`], handing each `.law` file's tree to `next` (with the file's id) in the same task
/// that parsed it, while the tree is still in the processor's cache; the results come back in
/// the order of [`Loaded::laws`]. The model's lowering runs here when streaming a world-scale
/// corpus: lowering every file after all were parsed read each tree back from memory, which
/// made `check` grow faster than the corpus (4x the articles took 5x the time).
///
/// With `keep_trees` false, each law's body (`LawFile::items`) is freed right after `next`, in
/// the same task, and only its header is kept: for a caller that needs nothing of the trees
/// after `next` (freeing a whole part's trees at its end walked them from memory again: 8% of
/// `check` at 1,000 articles a code).
pub fn load_with<T: Send>(
    files: Vec<InputFile>,
    keep_trees: bool,
    next: impl Fn(FileId, &LawFile) -> T + Sync,
) -> (Loaded, Vec<T>) {
    load_ahead(files, Vec::new(), keep_trees, next)
}

/// A `.law` file decoded, parsed and linted: what a load makes of it before lowering.
pub struct ParsedLaw {
    file: SourceFile,
    ast: LawFile,
    place: FilePlace,
    /// The parser's and the linter's findings, then any hidden bidirectional controls.
    diags: Vec<Diagnostic>,
}

/// What reading one input file gives: a `.law` file parsed, or any other file decoded (with why
/// it could not be, if it could not).
enum Decoded {
    Law(Box<ParsedLaw>),
    Other(SourceFile, Vec<Diagnostic>),
}

/// Decodes `f`, and parses and lints it if it is a `.law` file that decodes.
fn decode_and_parse(f: InputFile) -> Decoded {
    let is_law = f.rel.ends_with(".law");
    let place = is_law.then(|| FilePlace::from_path(Path::new(&f.rel)));
    let (file, mut diags) = match SourceFile::decode_owned(f.rel, f.bytes) {
        Ok(file) => (file, Vec::new()),
        Err(b) => {
            let (file, d) = *b;
            (file, vec![d])
        }
    };
    let hidden = if diags.is_empty() {
        crate::source::bidi_controls(&file.text)
    } else {
        Vec::new()
    };
    match place.filter(|_| diags.is_empty()) {
        Some(place) => {
            let (ast, mut d) = parse_law(&file.text);
            let clean = d.is_empty();
            d.extend(lint(&ast, &place, clean));
            d.extend(hidden);
            Decoded::Law(Box::new(ParsedLaw {
                file,
                ast,
                place,
                diags: d,
            }))
        }
        None => {
            diags.extend(hidden);
            Decoded::Other(file, diags)
        }
    }
}

/// Act files read and parsed before their load began — while the instrument was being read,
/// which parsing does not need — by path. The read-ahead is the command's one reading of these
/// files: a load takes a file's parse from here in place of reading the file again (reading and
/// comparing the bytes a second time cost a diff of the 2,000-article benchmark 2 ms and 6 MiB),
/// and reads and parses itself every file not here.
#[derive(Default)]
pub struct ReadAhead {
    parsed: BTreeMap<String, ParsedLaw>,
}

impl ReadAhead {
    /// Reads, decodes, parses and lints the `.law` files among `files`, in parallel; a file
    /// that cannot be read or decoded is left for its load to report.
    ///
    /// The largest files go first, each to whichever thread is free: a parallel iterator split
    /// the list in halves, and in a diff one thread, free early, waited while the other parsed
    /// a weapons law and then the second version of the criminal code (3–7 ms of one core idle
    /// in a 65 ms run). A large file's items are themselves parsed in pieces side by side
    /// ([`parse_law`]), so a thread that falls idle helps with the file another has begun; the
    /// largest-first order still leaves the small files, the ones that fill the last gaps, to
    /// the end.
    pub fn parse(files: &[&Listed]) -> ReadAhead {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let mut laws: Vec<&Listed> = files
            .iter()
            .copied()
            .filter(|l| l.rel.ends_with(".law"))
            .collect();
        laws.sort_by_cached_key(|l| std::cmp::Reverse(l.size()));
        let next = AtomicUsize::new(0);
        let parsed = std::sync::Mutex::new(BTreeMap::new());
        let parse_next = || {
            while let Some(l) = laws.get(next.fetch_add(1, Ordering::Relaxed)) {
                let Ok(f) = l.read() else { continue };
                if let Decoded::Law(p) = decode_and_parse(f) {
                    parsed
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(p.file.path.clone(), *p);
                }
            }
        };
        rayon::scope(|s| {
            for _ in 1..rayon::current_num_threads().min(laws.len()) {
                s.spawn(|_| parse_next());
            }
            parse_next();
        });
        ReadAhead {
            parsed: parsed
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// The parse of the file at `rel` (relative to the workspace), if it was read ahead.
    pub fn take(&mut self, rel: &str) -> Option<ParsedLaw> {
        self.parsed.remove(rel)
    }
}

/// One input of a load: a file read, or a `.law` file read and parsed ahead ([`ReadAhead`]).
enum Input {
    Read(InputFile),
    Early(Box<ParsedLaw>),
}

impl Input {
    fn rel(&self) -> &str {
        match self {
            Input::Read(f) => &f.rel,
            Input::Early(p) => &p.file.path,
        }
    }
}

/// [`load_with`] of `files` and of the `.law` files `early` already read and parsed (taken from
/// a [`ReadAhead`]): the two are loaded as one list in path order, each file parsed once.
pub fn load_ahead<T: Send>(
    files: Vec<InputFile>,
    early: Vec<ParsedLaw>,
    keep_trees: bool,
    next: impl Fn(FileId, &LawFile) -> T + Sync,
) -> (Loaded, Vec<T>) {
    use rayon::prelude::*;

    let mut files: Vec<Input> = files
        .into_iter()
        .map(Input::Read)
        .chain(early.into_iter().map(|p| Input::Early(Box::new(p))))
        .collect();
    files.sort_by(|a, b| a.rel().cmp(b.rel()));

    enum Parsed<T> {
        Law(SourceFile, Box<LawFile>, FilePlace, Vec<Diagnostic>, T),
        Other(SourceFile, Vec<Diagnostic>),
    }

    // Every file gets the id of its place in the sorted list (see the loop below).
    let parsed: Vec<Parsed<T>> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            let decoded = match f {
                Input::Early(p) => Decoded::Law(p),
                Input::Read(f) => decode_and_parse(f),
            };
            match decoded {
                Decoded::Law(p) => {
                    let ParsedLaw {
                        file,
                        mut ast,
                        place,
                        diags,
                    } = *p;
                    let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
                    let after = next(id, &ast);
                    if !keep_trees {
                        ast.items = Vec::new();
                    }
                    Parsed::Law(file, Box::new(ast), place, diags, after)
                }
                Decoded::Other(file, diags) => Parsed::Other(file, diags),
            }
        })
        .collect();

    let mut loaded = Loaded::default();
    let mut after = Vec::new();
    for p in parsed {
        match p {
            Parsed::Law(file, ast, place, diags, x) => {
                after.push(x);
                let id = loaded.sources.add(file);
                loaded
                    .diagnostics
                    .extend(diags.into_iter().map(|d| d.in_file(id)));
                loaded.laws.push(LawDoc {
                    file: id,
                    place,
                    ast: *ast,
                });
            }
            Parsed::Other(file, diags) => {
                let rel = file.path.clone();
                let id = loaded.sources.add(file);
                let failed = diags.iter().any(Diagnostic::is_error);
                loaded
                    .diagnostics
                    .extend(diags.into_iter().map(|d| d.in_file(id)));
                if failed {
                    continue;
                }
                let name = rel.rsplit('/').next().unwrap_or("");
                if !is_input(Path::new(&rel)) {
                    loaded.diagnostics.push(not_read(&rel).in_file(id));
                } else if crate::model::translation::is_catalog_path(&rel) {
                    // Translation catalogs: read by `model::translation` from the sources.
                } else if rel.starts_with("protocol/") {
                    loaded.instruments.push(id);
                } else if name == "jurisdiction.yaml" {
                    loaded.jurisdictions.push(id);
                } else if name == "assessments.yaml" {
                    loaded.assessments.push(id);
                } else if rel.ends_with(".bill") {
                    loaded.bills.push(id);
                } else {
                    loaded.diagnostics.push(not_read(&rel).in_file(id));
                }
            }
        }
    }
    (loaded, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a load gives, to compare two loads: each file's path, text and tree, and each
    /// diagnostic in full.
    fn summary(l: &Loaded) -> (Vec<(String, String)>, Vec<LawFile>, Vec<String>) {
        (
            l.sources
                .iter()
                .map(|(_, f)| (f.path.clone(), f.text.clone()))
                .collect(),
            l.laws.iter().map(|d| d.ast.clone()).collect(),
            l.diagnostics.iter().map(|d| format!("{d:?}")).collect(),
        )
    }

    #[test]
    fn a_load_with_files_parsed_ahead_equals_one_that_reads_them() {
        let (files, errors) = Workspace::bundled().input_files();
        assert!(errors.is_empty());
        let law = |rel: &str| files.iter().find(|f| f.rel == rel).cloned();
        let rels = [
            "codes/ME/criminal-code/2023-12-31.law",
            "codes/ME/jurisdiction.yaml",
            "codes/ME/weapons-law/2015-03-18.law",
        ];
        let inputs: Vec<InputFile> = rels
            .iter()
            .map(|rel| law(rel).unwrap_or_else(|| panic!("the bundled corpus has {rel}")))
            .collect();
        let plain = load_with(inputs.clone(), true, |id, ast| (id, ast.items.len()));
        // The criminal code parsed ahead, the other two read by the load: the same files in the
        // same order (ids), the same trees, diagnostics and lowering input.
        let listed = Listed::given(rels[0], inputs[0].bytes.clone().into());
        let mut ahead = ReadAhead::parse(&[&listed]);
        let early: Vec<ParsedLaw> = ahead.take(rels[0]).into_iter().collect();
        assert_eq!(early.len(), 1);
        assert!(ahead.take(rels[0]).is_none(), "a parse is taken once");
        let rest: Vec<InputFile> = inputs.get(1..).unwrap_or_default().to_vec();
        let mixed = load_ahead(rest, early, true, |id, ast| (id, ast.items.len()));
        assert_eq!(summary(&plain.0), summary(&mixed.0));
        assert_eq!(plain.1, mixed.1);
    }

    #[test]
    fn bundled_has_the_corpus() {
        let (files, errors) = Workspace::bundled().input_files();
        assert!(errors.is_empty());
        assert!(
            files
                .iter()
                .all(|f| f.rel.starts_with("protocol/") || f.rel.starts_with("codes/"))
        );
    }

    #[test]
    fn template_names_stay_inside_the_folder() {
        let ws = Workspace::bundled();
        assert!(ws.template("locales/sq.yaml").is_some());
        for name in [
            "../lexgap.toml",
            "/etc/passwd",
            "locales/../../x",
            "",
            "a\\..\\b",
        ] {
            assert!(ws.template(name).is_none(), "{name}");
        }
    }

    #[test]
    fn relative_paths_use_slashes() {
        assert_eq!(
            relative(Path::new("/w"), Path::new("/w/codes/RS/x.law")),
            "codes/RS/x.law"
        );
    }
}
