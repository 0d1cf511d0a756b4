//! One workspace as the server sees it: the files on disk under the CLI's rules, the buffers the
//! editor has open laid over them, and the same checks as `lexgap check`, run again after each
//! edit.
//!
//! A workspace folder is checked as `check` streams it (`crate::stream`, see [`Outside`]): the
//! jurisdictions outside the focus (the open files' folders and their families) one at a time
//! from disk, only their diagnostics kept. The focus is held whole, for the editor's questions:
//! a re-check after one edit re-reads nothing from disk, re-parses only the files whose text
//! changed and lowers only the acts whose file changed; every other file's text, syntax tree,
//! lowered act and single-file diagnostics (decoding, grammar, lint) are kept from the previous
//! run. The cross-file stages (model, bills, reliance on unverified units, catalogs) run on the
//! focus each time: measured in `scripts/lsp-bench`, they fit the latency targets
//! (docs/editors.md).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::{FileId, SourceFile};
use crate::syntax::ast::LawFile;
use crate::syntax::lint::{FilePlace, lint};
use crate::workspace::{LawDoc, Loaded, Workspace};

/// Where a document belongs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProjectKey {
    /// A workspace folder: the nearest one above the file holding `lexgap.toml`, else the folder
    /// above a `codes/` folder the file lies in.
    Root(PathBuf),
    /// A file outside any workspace (or not yet saved): checked on its own against the bundled
    /// instrument, as `lexgap check FILE` checks it.
    Loose(String),
}

/// Finds the project of a file on disk by the CLI's rule (`lexgap.toml` upwards), then by the
/// layout (`…/codes/<J>/…`), and the file's path relative to it. `None`: a loose file.
pub fn locate(path: &Path) -> Option<(PathBuf, String)> {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.join(crate::workspace::MANIFEST).is_file() {
            return Some((d.to_path_buf(), crate::workspace::relative(d, path)));
        }
        dir = d.parent();
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.file_name()
            .is_some_and(|n| n == "codes" || n == "protocol")
            && let Some(root) = d.parent()
        {
            return Some((root.to_path_buf(), crate::workspace::relative(root, path)));
        }
        dir = d.parent();
    }
    None
}

/// Whether a path relative to a workspace root is one the CLI reads (`protocol/`, `codes/`).
pub fn is_workspace_input(rel: &str) -> bool {
    (rel.starts_with("protocol/") || rel.starts_with("codes/"))
        && [".law", ".bill", ".yaml", ".yml"]
            .iter()
            .any(|e| rel.ends_with(e))
}

/// One file's text and what it says on its own, kept between runs.
struct Cached {
    source: SourceFile,
    /// Whether `source.text` is the input exactly (after a byte-order mark): only then can a
    /// later input be compared with it instead of decoded again.
    exact: bool,
    law: Option<(FilePlace, Option<LawFile>)>,
    /// Decoding, grammar, lint and bidi-control diagnostics, without their file.
    diags: Vec<Diagnostic>,
    /// Which read of the file this is (a new number each time a file is read again).
    generation: u64,
}

/// The instrument read from `protocol/`, kept while the list of input files and the
/// protocol's texts stay the same (then its file ids are the same too).
struct InstrumentCache {
    key: (Vec<String>, Vec<u64>),
    instrument: crate::model::Instrument,
    diags: Vec<Diagnostic>,
}

/// By jurisdiction and day: the signature of what the law in force that day was built from
/// (see [`reliance_of`]), that law and its brief coverage.
type RelianceCache = HashMap<
    (String, crate::date::Date),
    (
        Vec<u64>,
        std::rc::Rc<crate::model::in_force::LawInForce>,
        crate::coverage::JurisdictionCoverage,
    ),
>;

/// [`crate::model::load_jurisdictions`]'s result, with the key it was read under: the input
/// files' paths, then the generation of each `jurisdiction.yaml`.
struct JurisdictionsCache {
    key: (Vec<String>, Vec<u64>),
    entries: Vec<crate::model::corpus::JurisdictionEntry>,
    diags: Vec<Diagnostic>,
}

/// One act lowered, with what lowering it found.
type Lowered = (Option<crate::model::law::ActVersion>, Vec<Diagnostic>);

/// Diagnostics by path, as the editor is sent them.
pub type ByPath = BTreeMap<String, Vec<lsp_types::Diagnostic>>;

/// A workspace folder as `lexgap check` streams it (`crate::stream`): the small files (the
/// instrument, `jurisdiction.yaml`, `assessments.yaml`) read and checked, then each
/// jurisdiction not in the focus checked on its own, from disk, and dropped — only its
/// diagnostics are kept. The focus is what the server loads whole (texts, syntax trees, model)
/// for the editor's questions: the jurisdictions of the open acts and bills, their ancestors
/// (whose acts their law is read with) and every jurisdiction below one of them (whose check
/// reads an open buffer).
struct Outside {
    /// What the world was read under: a hash of the small files' open buffers, and the read of
    /// the disk.
    key: (u64, u64),
    world: crate::stream::World,
    /// The jurisdiction folders loaded whole.
    focus: std::collections::BTreeSet<String>,
    /// What reading the small files found, by path.
    base: ByPath,
    /// Per jurisdiction folder outside the focus: the signature of what its check read (see
    /// [`signature`]) and what it found, by path.
    groups: BTreeMap<String, (u64, ByPath)>,
    /// The folders outside the focus to check again, each with its new signature.
    pending: Vec<(String, u64)>,
}

/// The result of one analysis: what `check` would find, with everything the editor features
/// need to answer questions about it.
pub struct Snapshot {
    pub loaded: Loaded,
    pub model: Model,
    pub by_rel: HashMap<String, FileId>,
    coverage: std::cell::RefCell<CoverageCache>,
    /// The previous snapshot's coverages, each with the law it was computed on: a coverage
    /// asked for again is updated from it incrementally (`coverage::reach`). Empty when the
    /// instrument changed.
    previous: std::cell::RefCell<CoverageCache>,
    /// The laws in force the analysis built (the reliance check's), taken instead of being
    /// built again.
    laws: CurrentLaws,
}

/// Laws in force by jurisdiction and day.
type CurrentLaws =
    BTreeMap<(String, crate::date::Date), std::rc::Rc<crate::model::in_force::LawInForce>>;

/// Coverages (with the cell-by-cell detail) by jurisdiction and day, each with its law.
type CoverageCache = BTreeMap<
    (String, crate::date::Date),
    (
        std::rc::Rc<crate::model::in_force::LawInForce>,
        std::rc::Rc<crate::coverage::JurisdictionCoverage>,
    ),
>;

/// At most this many jurisdictions keep, between two runs, the laws and coverages their
/// reliance check computed (the ones an edit just touched); the others compute them afresh
/// when one of their files changes. Bounds the server's memory on a large workspace.
const RELIANCE_KEPT: usize = 4;

impl Snapshot {
    pub fn law(&self, rel: &str) -> Option<&LawDoc> {
        let id = *self.by_rel.get(rel)?;
        self.loaded.laws.iter().find(|l| l.file == id)
    }

    pub fn path_of(&self, id: FileId) -> Option<&str> {
        self.loaded.sources.get(id).map(|f| f.path.as_str())
    }

    /// The coverage of a jurisdiction on a date, with the cell-by-cell detail (as `explain`
    /// computes it), computed once per snapshot.
    pub fn coverage(
        &self,
        j: &str,
        at: crate::date::Date,
    ) -> Option<std::rc::Rc<crate::coverage::JurisdictionCoverage>> {
        let key = (j.to_string(), at);
        if let Some((_, c)) = self.coverage.borrow().get(&key) {
            return Some(c.clone());
        }
        let law = match self.laws.get(&key) {
            Some(l) => l.clone(),
            None => std::rc::Rc::new(self.model.corpus.law_at(&self.model.instrument, j, at)?),
        };
        let name = self
            .model
            .corpus
            .jurisdictions
            .get(j)
            .and_then(|x| x.name.clone());
        let assessments = self.model.assessments_for(j);
        let previous = self.previous.borrow_mut().remove(&key);
        let cov = std::rc::Rc::new(match previous {
            // Only what the edits since can reach is computed again.
            Some((old, prev)) => crate::coverage::reach::reanalyze(
                &self.model.instrument,
                &old,
                &prev,
                &law,
                name,
                &assessments,
                true,
            ),
            None => crate::coverage::analyze(&self.model.instrument, &law, name, &assessments),
        });
        self.coverage.borrow_mut().insert(key, (law, cov.clone()));
        Some(cov)
    }
}

pub struct Project {
    pub key: ProjectKey,
    pub ws: Workspace,
    /// Input files as read from disk (or bundled), by path relative to the root.
    disk: BTreeMap<String, Vec<u8>>,
    /// Open buffers, by the same paths: they take the place of the files on disk.
    overlays: BTreeMap<String, String>,
    cache: HashMap<String, Cached>,
    instrument: Option<InstrumentCache>,
    /// Per jurisdiction: the signature of its inputs, and the diagnostics of its bills and of
    /// the units its analysis relies on.
    per_jurisdiction: HashMap<String, (Vec<u64>, Vec<Diagnostic>)>,
    /// The laws and coverages (brief) the last reliance check computed, by jurisdiction and
    /// day, for the few jurisdictions it was run on ([`RELIANCE_KEPT`]): the next check of
    /// the same jurisdiction updates them incrementally.
    reliance: RelianceCache,
    generation: u64,
    /// The translation catalogs' problems (`check`'s catalog check), found once per read of
    /// the disk: they depend on the templates alone, which are not edited as buffers.
    catalogs: Vec<(String, String, Diagnostic)>,
    /// The jurisdictions' metadata as last read, kept while the list of input files and the
    /// `jurisdiction.yaml` files stay the same (then their file ids are the same too).
    jurisdictions: Option<JurisdictionsCache>,
    pub snapshot: Option<Snapshot>,
    /// A workspace folder's jurisdictions as `lexgap check` streams them (see [`Outside`]);
    /// `None` for a loose file, or when the folder could not be listed (then every file is
    /// loaded).
    outside: Option<Outside>,
    /// Which read of the disk this is (one more at each save or change of files on disk).
    disk_reads: u64,
    /// Paths whose diagnostics from [`Outside`] changed since they were last published.
    pub outside_changed: std::collections::BTreeSet<String>,
    /// Of the check outside the focus under way: how many folders were taken, in how much
    /// time (for the log).
    pub outside_progress: (usize, std::time::Duration),
    /// Acts lowered (`model::law::lower_law`), by path, with the generation of the file and the
    /// number it was lowered under: an edit lowers only the act it changed.
    lowered: HashMap<String, (u64, FileId, Lowered)>,
    /// Whether the buffers or files changed since the last analysis.
    pub dirty: bool,
    /// Paths that were last published with diagnostics (to clear them when they go away).
    pub published: std::collections::BTreeSet<String>,
    /// Problems reading the workspace (a folder that cannot be read …), shown to the user once.
    pub read_errors: Vec<String>,
}

impl Project {
    pub fn open(key: ProjectKey) -> Result<Project, String> {
        let ws = match &key {
            ProjectKey::Root(root) => Workspace::open(root).map_err(|e| e.to_string())?,
            ProjectKey::Loose(_) => Workspace::bundled(),
        };
        let mut p = Project {
            key,
            ws,
            disk: BTreeMap::new(),
            overlays: BTreeMap::new(),
            cache: HashMap::new(),
            instrument: None,
            per_jurisdiction: HashMap::new(),
            reliance: HashMap::new(),
            generation: 0,
            catalogs: Vec::new(),
            jurisdictions: None,
            snapshot: None,
            outside: None,
            disk_reads: 0,
            outside_changed: std::collections::BTreeSet::new(),
            outside_progress: (0, std::time::Duration::ZERO),
            lowered: HashMap::new(),
            dirty: true,
            published: std::collections::BTreeSet::new(),
            read_errors: Vec::new(),
        };
        p.reload_disk();
        Ok(p)
    }

    /// The workspace's root folder (none for a loose file).
    pub fn root(&self) -> Option<&Path> {
        match &self.key {
            ProjectKey::Root(r) => Some(r),
            ProjectKey::Loose(_) => None,
        }
    }

    /// Reads the input files from disk again (after a save, or files changed outside the
    /// editor). A loose file's project reads only the bundled instrument. A workspace folder
    /// is read at the next analysis, as much of it as the focus needs
    /// ([`Project::refresh_outside`]).
    pub fn reload_disk(&mut self) {
        self.dirty = true;
        if let ProjectKey::Root(_) = self.key {
            self.disk_reads += 1;
            self.catalogs = crate::report::catalog_problems(&self.ws);
            return;
        }
        self.read_all_disk();
    }

    /// Every input file read from disk (a loose file: the bundled instrument).
    fn read_all_disk(&mut self) {
        let (listed, mut errors) = self.ws.list_inputs();
        let mut disk = BTreeMap::new();
        let loose = matches!(self.key, ProjectKey::Loose(_));
        for l in listed {
            if loose && !l.rel.starts_with("protocol/") {
                continue;
            }
            match l.read() {
                Ok(f) => {
                    disk.insert(f.rel, f.bytes);
                }
                Err(e) => errors.push(e),
            }
        }
        self.disk = disk;
        self.read_errors = errors;
        if !loose {
            self.catalogs = crate::report::catalog_problems(&self.ws);
        }
        self.dirty = true;
    }

    pub fn set_overlay(&mut self, rel: &str, text: String) {
        self.overlays.insert(rel.to_string(), text);
        self.dirty = true;
    }

    pub fn overlay(&self, rel: &str) -> Option<&str> {
        self.overlays.get(rel).map(String::as_str)
    }

    pub fn overlay_mut(&mut self, rel: &str) -> Option<&mut String> {
        self.dirty = true;
        self.overlays.get_mut(rel)
    }

    pub fn close_overlay(&mut self, rel: &str) {
        self.overlays.remove(rel);
        self.dirty = true;
    }

    /// The paths of the open buffers.
    pub fn open_rels(&self) -> impl Iterator<Item = &str> {
        self.overlays.keys().map(String::as_str)
    }

    /// Whether the project streams its workspace (a workspace folder that could be listed).
    pub fn outside(&self) -> Option<()> {
        self.outside.as_ref().map(|_| ())
    }

    /// The diagnostics of the files outside the focus and of the small files, by path.
    pub fn outside_diagnostics(&self) -> impl Iterator<Item = (&str, &Vec<lsp_types::Diagnostic>)> {
        self.outside.iter().flat_map(|o| {
            o.base
                .iter()
                .chain(o.groups.values().flat_map(|(_, d)| d.iter()))
                .map(|(k, v)| (k.as_str(), v))
        })
    }

    /// Every diagnostic the server has for the workspace, by path, as the editor is sent them
    /// (the analysis's, where it says them, and the streamed check's): what `lexgap check`
    /// finds, file for file.
    pub fn all_diagnostics(&self) -> ByPath {
        let mut out = ByPath::new();
        if let Some(s) = &self.snapshot {
            let root = self.root().map(Path::to_path_buf).unwrap_or_default();
            let mut all = by_path(&s.loaded.diagnostics, &root, &|f| s.loaded.sources.get(f));
            if self.outside.is_some() {
                all.retain(|rel, _| {
                    crate::stream::is_act_or_bill(rel) || rel.starts_with("templates/")
                });
            }
            out.extend(all);
        }
        for (rel, d) in self.outside_diagnostics() {
            if !d.is_empty() {
                out.insert(rel.to_string(), d.clone());
            }
        }
        out
    }

    /// The jurisdiction folders loaded whole (`None`: every one).
    pub fn focus(&self) -> Option<&std::collections::BTreeSet<String>> {
        self.outside.as_ref().map(|o| &o.focus)
    }

    /// For a workspace folder: reads the small files (with their open buffers) again when they
    /// or the disk changed, works out the focus, reads the focus's files into `disk`, and
    /// checks again each jurisdiction outside it whose inputs changed — as `lexgap check`
    /// checks it, from disk, one at a time, keeping only the diagnostics.
    fn refresh_outside(&mut self) {
        use crate::stream::{folder_of, is_act_or_bill};
        use std::collections::BTreeSet;
        let Some(root) = self.root().map(Path::to_path_buf) else {
            return;
        };
        let small: BTreeMap<String, std::sync::Arc<[u8]>> = self
            .overlays
            .iter()
            .filter(|(r, _)| !is_act_or_bill(r))
            .map(|(r, t)| (r.clone(), std::sync::Arc::from(t.as_bytes())))
            .collect();
        let key = {
            use std::hash::{Hash as _, Hasher as _};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            small.hash(&mut h);
            (h.finish(), self.disk_reads)
        };
        let (mut outside, rebuilt) = match self.outside.take() {
            Some(o) if o.key == key => (o, false),
            old => match crate::stream::World::open_overlaid(&self.ws, &small) {
                Ok(world) => {
                    let world = world.without_trees();
                    let base = by_path(&world.diagnostics, &root, &|f| world.base_source(f));
                    let (old_base, groups) = match old {
                        Some(o) => (o.base, o.groups),
                        None => (ByPath::new(), BTreeMap::new()),
                    };
                    changed_paths(&old_base, &base, &mut self.outside_changed);
                    let outside = Outside {
                        key,
                        world,
                        focus: BTreeSet::new(),
                        base,
                        groups,
                        pending: Vec::new(),
                    };
                    (outside, true)
                }
                Err(errors) => {
                    // The folder cannot be listed: every file that can be read is loaded.
                    if let Some(o) = old {
                        self.outside_changed.extend(o.base.into_keys());
                        for (_, (_, d)) in o.groups {
                            self.outside_changed.extend(d.into_keys());
                        }
                    }
                    self.read_all_disk();
                    self.read_errors.extend(errors);
                    return;
                }
            },
        };
        let Outside {
            world,
            focus: old_focus,
            groups: checked,
            pending,
            ..
        } = &mut outside;
        // The focus: the folders of the open acts and bills, their ancestors, and every folder
        // whose chain holds one of them.
        let open: BTreeSet<String> = self
            .overlays
            .keys()
            .filter(|r| is_act_or_bill(r))
            .map(|r| folder_of(r).to_string())
            .collect();
        let mut focus: BTreeSet<String> = BTreeSet::new();
        for o in &open {
            focus.extend(world.chain(o));
        }
        for g in world.groups() {
            if world.chain(&g).iter().any(|k| open.contains(k)) {
                focus.insert(g);
            }
        }
        if !rebuilt && focus == *old_focus {
            self.outside = Some(outside);
            return;
        }
        // The small files and the focus's, read (those read already kept while the disk is
        // the same).
        let mut disk = BTreeMap::new();
        let mut errors = Vec::new();
        for (i, rel) in world.paths().enumerate() {
            if is_act_or_bill(rel) && !focus.contains(folder_of(rel)) {
                continue;
            }
            let f = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            let Some(l) = world.listed(f).filter(|l| l.is_read()) else {
                continue;
            };
            if !rebuilt && let Some(b) = self.disk.remove(rel) {
                disk.insert(rel.to_string(), b);
                continue;
            }
            match l.read() {
                Ok(x) => {
                    disk.insert(x.rel, x.bytes);
                }
                Err(e) => errors.push(e),
            }
        }
        self.disk = disk;
        // The folders outside the focus, checked again where what their check reads changed.
        let instrument = {
            use std::hash::{Hash as _, Hasher as _};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (i, rel) in world.paths().enumerate() {
                if rel.starts_with("protocol/") {
                    rel.hash(&mut h);
                    world
                        .base_source(FileId(u32::try_from(i).unwrap_or(u32::MAX)))
                        .map(|s| s.text.as_str())
                        .hash(&mut h);
                }
            }
            h.finish()
        };
        let mut signatures = BTreeMap::new();
        let mut todo = Vec::new();
        for g in world.groups() {
            if focus.contains(&g) {
                continue;
            }
            let sig = signature(world, &g, instrument);
            if checked.get(&g).map(|(s, _)| *s) != Some(sig) {
                todo.push(g.clone());
            }
            signatures.insert(g, sig);
        }
        let gone: Vec<String> = checked
            .keys()
            .filter(|g| !signatures.contains_key(*g))
            .cloned()
            .collect();
        for g in gone {
            if let Some((_, d)) = checked.remove(&g) {
                self.outside_changed.extend(d.into_keys());
            }
        }
        *pending = todo
            .into_iter()
            .map(|g| {
                let sig = signatures.get(&g).copied().unwrap_or(0);
                (g, sig)
            })
            .collect();
        *old_focus = focus;
        self.read_errors = errors;
        self.outside = Some(outside);
    }

    /// How many jurisdiction folders outside the focus have a check kept.
    pub fn outside_checked(&self) -> usize {
        self.outside.as_ref().map_or(0, |o| o.groups.len())
    }

    /// Whether jurisdictions outside the focus wait for their check
    /// ([`Project::check_outside`]).
    pub fn outside_pending(&self) -> bool {
        self.outside.as_ref().is_some_and(|o| !o.pending.is_empty())
    }

    /// Checks (at most `at_most` of) the jurisdictions outside the focus whose inputs changed
    /// (found by the last analysis): as `lexgap check` checks them, from disk, several at a
    /// time, each dropped once its diagnostics are taken. The server runs it after the
    /// focus's diagnostics are sent, a few jurisdictions at a time between messages.
    pub fn check_outside(&mut self, at_most: usize) {
        let Some(root) = self.root().map(Path::to_path_buf) else {
            return;
        };
        let Some(outside) = &mut self.outside else {
            return;
        };
        let Outside {
            world,
            groups: checked,
            pending,
            ..
        } = outside;
        let todo: Vec<(String, u64)> = pending.drain(..at_most.min(pending.len())).collect();
        let names: Vec<String> = todo.iter().map(|(g, _)| g.clone()).collect();
        let results = world.map(
            &names,
            None,
            |part| part.map(crate::stream::check_part),
            &|| {},
        );
        let mut errors = Vec::new();
        for ((g, sig), r) in todo.into_iter().zip(results) {
            let found = match r {
                Ok(f) => {
                    let mut diags = f.diagnostics.clone();
                    crate::cli::sort_diagnostics(&mut diags);
                    by_path(&diags, &root, &|id| f.source(id))
                }
                Err(e) => {
                    errors.extend(e);
                    ByPath::new()
                }
            };
            let old = checked.remove(&g).map(|(_, d)| d).unwrap_or_default();
            changed_paths(&old, &found, &mut self.outside_changed);
            checked.insert(g, (sig, found));
        }
        self.read_errors.extend(errors);
    }

    /// Analyses the workspace as it stands in the editor: every file, the open buffers in place
    /// of their files, through the same stages as `lexgap check`.
    pub fn analyze(&mut self) -> &Snapshot {
        self.refresh_outside();
        // Take the previous run's syntax trees back into the cache (they were lent to it).
        let mut carried = CoverageCache::new();
        if let Some(old) = self.snapshot.take() {
            let Snapshot {
                loaded,
                coverage,
                previous,
                ..
            } = old;
            // What the last snapshot computed, and what it carried without being asked for.
            carried = previous.into_inner();
            carried.extend(coverage.into_inner());
            let Loaded { sources, laws, .. } = loaded;
            for doc in laws {
                if let Some(f) = sources.get(doc.file)
                    && let Some(c) = self.cache.get_mut(&f.path)
                    && let Some((_, tree)) = &mut c.law
                {
                    *tree = Some(doc.ast);
                }
            }
        }
        let mut inputs: BTreeMap<&str, &[u8]> = self
            .disk
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        for (rel, text) in &self.overlays {
            inputs.insert(rel.as_str(), text.as_bytes());
        }
        self.cache.retain(|k, _| inputs.contains_key(k.as_str()));
        // Parse what changed, in parallel (a whole workspace on the first run).
        let stale: Vec<(&str, &[u8])> = inputs
            .iter()
            .filter(|(rel, bytes)| !self.cache.get(**rel).is_some_and(|c| c.holds(bytes)))
            .map(|(r, b)| (*r, *b))
            .collect();
        let fresh: Vec<(String, Cached)> = {
            use rayon::prelude::*;
            stale
                .par_iter()
                .map(|(rel, bytes)| ((*rel).to_string(), Cached::read(rel, bytes.to_vec())))
                .collect()
        };
        // The open acts whose text changed: the coverage of their day is computed with the
        // analysis (below), so that the hover on a unit that usually follows finds it.
        let edited: Vec<String> = fresh
            .iter()
            .filter(|(rel, _)| rel.ends_with(".law") && self.overlays.contains_key(rel))
            .map(|(rel, _)| rel.clone())
            .collect();
        for (rel, mut c) in fresh {
            self.generation += 1;
            c.generation = self.generation;
            self.cache.insert(rel, c);
        }
        let instrument_key = (
            inputs.keys().map(|r| (*r).to_string()).collect::<Vec<_>>(),
            inputs
                .keys()
                .filter(|r| r.starts_with("protocol/"))
                .map(|r| self.cache.get(*r).map_or(0, |c| c.generation))
                .collect::<Vec<_>>(),
        );

        let mut loaded = Loaded::default();
        let mut by_rel = HashMap::new();
        for rel in inputs.keys() {
            let Some(c) = self.cache.get_mut(*rel) else {
                continue;
            };
            let id = loaded.sources.add(c.source.clone());
            by_rel.insert((*rel).to_string(), id);
            loaded
                .diagnostics
                .extend(c.diags.iter().cloned().map(|d| d.in_file(id)));
            match &mut c.law {
                Some((place, tree)) => {
                    let ast = match tree.take() {
                        Some(t) => t,
                        None => crate::syntax::parse_law(&c.source.text).0,
                    };
                    loaded.laws.push(LawDoc {
                        file: id,
                        place: place.clone(),
                        ast,
                    });
                }
                None => {
                    if c.diags.iter().any(Diagnostic::is_error) {
                        continue;
                    }
                    classify(&mut loaded, rel, id);
                }
            }
        }
        // `Model::build`, with the instrument kept from the last run when it cannot differ.
        let same_instrument = self
            .instrument
            .as_ref()
            .is_some_and(|c| c.key == instrument_key);
        if !same_instrument {
            carried.clear();
            self.reliance.clear();
        }
        let (instrument, mut found) = match self.instrument.take() {
            Some(c) if c.key == instrument_key => {
                let out = (c.instrument.clone(), c.diags.clone());
                self.instrument = Some(c);
                out
            }
            _ => {
                let (instrument, diags) =
                    crate::model::load_instrument(&loaded.sources, &loaded.instruments);
                self.instrument = Some(InstrumentCache {
                    key: instrument_key,
                    instrument: instrument.clone(),
                    diags: diags.clone(),
                });
                (instrument, diags)
            }
        };
        let jurisdictions_key = (
            inputs.keys().map(|r| (*r).to_string()).collect::<Vec<_>>(),
            loaded
                .jurisdictions
                .iter()
                .filter_map(|&id| loaded.sources.get(id))
                .map(|f| self.cache.get(&f.path).map_or(0, |c| c.generation))
                .collect::<Vec<_>>(),
        );
        let (jurisdictions, d) = match &self.jurisdictions {
            Some(c) if c.key == jurisdictions_key => (c.entries.clone(), c.diags.clone()),
            _ => {
                let (entries, diags) =
                    crate::model::load_jurisdictions(&loaded.sources, &loaded.jurisdictions);
                self.jurisdictions = Some(JurisdictionsCache {
                    key: jurisdictions_key,
                    entries: entries.clone(),
                    diags: diags.clone(),
                });
                (entries, diags)
            }
        };
        found.extend(d);
        let (assessments, d) =
            crate::model::load_assessments(&loaded.sources, &loaded.assessments, &instrument);
        found.extend(d);
        // Each act lowered again only when its file (or its number, or the instrument) changed.
        if !same_instrument {
            self.lowered.clear();
        }
        let mut lowered: Vec<Option<Lowered>> = loaded
            .laws
            .iter()
            .map(|l| {
                let path = loaded.sources.get(l.file)?.path.as_str();
                let generation = self.cache.get(path)?.generation;
                match self.lowered.get(path) {
                    Some((g, id, low)) if *g == generation && *id == l.file => Some(low.clone()),
                    _ => None,
                }
            })
            .collect();
        let fresh: Vec<(usize, Lowered)> = {
            use rayon::prelude::*;
            let todo: Vec<usize> = (0..lowered.len())
                .filter(|&i| lowered.get(i).is_some_and(Option::is_none))
                .collect();
            todo.par_iter()
                .filter_map(|&i| {
                    let l = loaded.laws.get(i)?;
                    Some((i, crate::model::law::lower_law(l.file, &l.ast, &instrument)))
                })
                .collect()
        };
        for (i, low) in fresh {
            if let Some(l) = loaded.laws.get(i)
                && let Some(f) = loaded.sources.get(l.file)
                && let Some(c) = self.cache.get(&f.path)
            {
                self.lowered
                    .insert(f.path.clone(), (c.generation, l.file, low.clone()));
            }
            if let Some(slot) = lowered.get_mut(i) {
                *slot = Some(low);
            }
        }
        self.lowered.retain(|k, _| inputs.contains_key(k.as_str()));
        let lowered: Vec<Lowered> = lowered
            .into_iter()
            .map(|l| l.unwrap_or((None, Vec::new())))
            .collect();
        let (model, d) = Model::with_lowered(
            instrument,
            jurisdictions,
            assessments,
            &loaded,
            lowered,
            true,
            true,
        );
        found.extend(d);
        // Per jurisdiction, what needs the whole jurisdiction (its bills applied, the units its
        // analysis relies on) is kept from the last run while none of its files, its
        // ancestors' or the instrument's changed (and no file came or went).
        let list_hash = {
            use std::hash::{Hash as _, Hasher as _};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            inputs.keys().for_each(|r| r.hash(&mut h));
            h.finish()
        };
        let mut jurisdictions: BTreeMap<String, ()> = model
            .corpus
            .jurisdictions_with_law()
            .into_iter()
            .map(|j| (j.to_string(), ()))
            .collect();
        for &id in &loaded.bills {
            if let Some(j) = loaded
                .sources
                .get(id)
                .and_then(|f| f.path.split('/').nth(1))
            {
                jurisdictions.insert(j.to_string(), ());
            }
        }
        let mut kept = HashMap::new();
        let mut reliance = std::mem::take(&mut self.reliance);
        let mut recomputed: Vec<String> = Vec::new();
        // The laws in force the reliance check built or found unchanged in this run: the
        // same as `Corpus::law_at` gives now, which a hover on a unit can take.
        let mut current: CurrentLaws = BTreeMap::new();
        for j in jurisdictions.keys() {
            let chain = model.corpus.chain(j);
            let mut signature = vec![list_hash];
            for (rel, _) in inputs.iter() {
                let mine = rel.starts_with("protocol/")
                    || chain.iter().any(|k| {
                        rel.strip_prefix("codes/")
                            .and_then(|r| r.strip_prefix(k.as_str()))
                            .is_some_and(|r| r.starts_with('/'))
                    });
                if mine {
                    signature.push(self.cache.get(*rel).map_or(0, |c| c.generation));
                }
            }
            let diags = match self.per_jurisdiction.remove(j) {
                Some((sig, d)) if sig == signature => d,
                _ => {
                    let bills = bills_of(&loaded, j);
                    let all = std::mem::replace(&mut loaded.bills, bills);
                    let mut d = crate::amend::check_bills(&loaded, Some(&model));
                    loaded.bills = all;
                    if model.corpus.jurisdictions_with_law().contains(&j.as_str()) {
                        recomputed.push(j.clone());
                        // What every day's law of `j` is built from, but its `.law` files: the
                        // list of inputs, the instrument's files, the chain's other files
                        // (metadata, assessments, bills).
                        let mut base = vec![list_hash];
                        for (rel, _) in inputs.iter() {
                            let mine = rel.starts_with("protocol/")
                                || (!rel.ends_with(".law")
                                    && chain.iter().any(|k| {
                                        rel.strip_prefix("codes/")
                                            .and_then(|r| r.strip_prefix(k.as_str()))
                                            .is_some_and(|r| r.starts_with('/'))
                                    }));
                            if mine {
                                base.push(self.cache.get(*rel).map_or(0, |c| c.generation));
                            }
                        }
                        let generation = |id: FileId| {
                            loaded
                                .sources
                                .get(id)
                                .and_then(|f| self.cache.get(&f.path))
                                .map_or(0, |c| c.generation)
                        };
                        d.extend(reliance_of(
                            &model,
                            j,
                            &base,
                            &generation,
                            &mut reliance,
                            &mut current,
                        ));
                    }
                    d
                }
            };
            found.extend(diags.iter().cloned());
            kept.insert(j.clone(), (signature, diags));
        }
        // Bills in a folder that names no jurisdiction of the corpus.
        let rest: Vec<FileId> = loaded
            .bills
            .iter()
            .copied()
            .filter(|id| {
                !kept.keys().any(|j| {
                    loaded
                        .sources
                        .get(*id)
                        .is_some_and(|f| f.path.starts_with(&format!("codes/{j}/")))
                })
            })
            .collect();
        if !rest.is_empty() {
            let all = std::mem::replace(&mut loaded.bills, rest);
            found.extend(crate::amend::check_bills(&loaded, Some(&model)));
            loaded.bills = all;
        }
        self.per_jurisdiction = kept;
        // Kept for the jurisdictions an edit touched, when they are few; all kept when no
        // jurisdiction was checked again (a save, an edit undone, a file outside `codes/`), so
        // that the next edit still finds them. Each day's entry carries the signature of what
        // it was computed from (`reliance_of`): one left from an older run is never taken for
        // a newer law, only updated from.
        if recomputed.is_empty() {
            self.reliance = reliance;
        } else if recomputed.len() <= RELIANCE_KEPT {
            reliance.retain(|(j, _), _| recomputed.contains(j));
            self.reliance = reliance;
        }
        loaded.diagnostics.extend(found);
        if matches!(self.key, ProjectKey::Root(_)) {
            crate::report::add_catalog_problems(self.catalogs.clone(), &mut loaded);
        }
        crate::cli::sort_diagnostics(&mut loaded.diagnostics);
        self.dirty = false;
        let snapshot = self.snapshot.insert(Snapshot {
            loaded,
            model,
            by_rel,
            coverage: std::cell::RefCell::new(BTreeMap::new()),
            previous: std::cell::RefCell::new(carried),
            laws: current,
        });
        // The coverage (with the cell-by-cell detail) of the day of each edited open act, as a
        // hover on one of its units asks for it: computed here, before the diagnostics are
        // sent, it costs the edit a few milliseconds (against a target of 150 ms) rather than
        // the hover (20 ms). Computed after them, while the editor is idle, it made the next
        // request wait (session 5).
        for rel in edited {
            let day = snapshot.by_rel.get(&rel).and_then(|&id| {
                let v = snapshot
                    .model
                    .corpus
                    .versions
                    .iter()
                    .find(|v| v.file == id)?;
                Some((v.jurisdiction.clone(), v.date))
            });
            if let Some((j, at)) = day {
                // A bug met here must not cost the edit its diagnostics: the hover would meet
                // it again, and be answered with an error.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    snapshot.coverage(&j, at)
                }));
            }
        }
        snapshot
    }
}

/// `check`'s reliance warnings for `j` (`coverage::unverified_reliance`), each day's coverage
/// taken from `cache` when what that day's law is built from has not changed, else updated
/// from the one in `cache` (same jurisdiction and day) where there is one, and put back in it.
///
/// The law in force on a day reads the versions of the chain's acts dated that day or before
/// (`Corpus::law_at`: each act's latest version not after the day, and the terms they define),
/// the chain's metadata and assessments, and the instrument. So a day's signature is `base`
/// (the list of inputs and the generations of the files other than `.law`) and the file and
/// generation of every version of the chain dated that day or before: an edit to the latest
/// version of an act leaves the earlier days' coverages as they were, without building their
/// law again.
fn reliance_of(
    model: &Model,
    j: &str,
    base: &[u64],
    generation: &dyn Fn(FileId) -> u64,
    cache: &mut RelianceCache,
    current: &mut CurrentLaws,
) -> Vec<Diagnostic> {
    let inst = &model.instrument;
    let name = model
        .corpus
        .jurisdictions
        .get(j)
        .and_then(|x| x.name.clone());
    let assessments = model.assessments_for(j);
    let chain = model.corpus.chain(j);
    // This jurisdiction's entries come out; those used go back (a day no longer a change date
    // is dropped).
    let keys: Vec<(String, crate::date::Date)> =
        cache.keys().filter(|(k, _)| k == j).cloned().collect();
    let mut mine: HashMap<crate::date::Date, _> = keys
        .into_iter()
        .filter_map(|k| cache.remove_entry(&k))
        .map(|((_, d), v)| (d, v))
        .collect();
    let mut fresh = Vec::new();
    let out = crate::coverage::unverified_reliance_with(model, j, |at| {
        let mut signature = base.to_vec();
        for v in &model.corpus.versions {
            if v.date <= at && chain.contains(&v.jurisdiction) {
                signature.push(v.file.0 as u64);
                signature.push(generation(v.file));
            }
        }
        let cov = match mine.remove(&at) {
            Some((sig, law, cov)) if sig == signature => {
                let out = cov.clone();
                current.insert((j.to_string(), at), law.clone());
                fresh.push(((j.to_string(), at), (sig, law, cov)));
                return Some(out);
            }
            Some((_, old, prev)) => {
                let law = model.corpus.law_at(inst, j, at)?;
                let mut c = crate::coverage::reach::reanalyze(
                    inst,
                    &old,
                    &prev,
                    &law,
                    name.clone(),
                    &assessments,
                    false,
                );
                for o in &mut c.obligations {
                    o.cell_results = Vec::new();
                }
                (law, c)
            }
            None => {
                let law = model.corpus.law_at(inst, j, at)?;
                let c = crate::coverage::analyze_brief(inst, &law, name.clone(), &assessments);
                (law, c)
            }
        };
        let (law, cov) = cov;
        let law = std::rc::Rc::new(law);
        current.insert((j.to_string(), at), law.clone());
        fresh.push(((j.to_string(), at), (signature, law, cov.clone())));
        Some(cov)
    });
    cache.extend(fresh);
    out
}

/// Diagnostics as the editor is sent them, by the path of their file; `source` gives the text
/// of a file by its number.
fn by_path<'s>(
    diags: &[Diagnostic],
    root: &Path,
    source: &dyn Fn(FileId) -> Option<&'s SourceFile>,
) -> ByPath {
    let uri_of = |rel: &str| super::path_to_uri(&root.join(rel));
    let mut per_file: BTreeMap<FileId, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        if let Some(f) = d.file {
            per_file.entry(f).or_default().push(d);
        }
    }
    let mut out = ByPath::new();
    for (f, ds) in per_file {
        let Some(file) = source(f) else {
            continue;
        };
        let index = super::text::LineIndex::new(&file.text);
        out.entry(file.path.clone()).or_default().extend(
            ds.into_iter()
                .map(|d| super::features::to_lsp_with(d, &index, source, &uri_of)),
        );
    }
    out
}

/// Adds to `changed` every path whose diagnostics differ between `old` and `new`.
fn changed_paths(old: &ByPath, new: &ByPath, changed: &mut std::collections::BTreeSet<String>) {
    for k in old.keys().chain(new.keys()) {
        if old.get(k) != new.get(k) {
            changed.insert(k.clone());
        }
    }
}

/// What the check of a jurisdiction folder outside the focus reads, hashed: the instrument's
/// files (`instrument`), the metadata and assessments of its chain, and the name, size and
/// modification time of every act and bill of its chain's folders.
fn signature(world: &crate::stream::World, g: &str, instrument: u64) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    instrument.hash(&mut h);
    world.context_of(g).hash(&mut h);
    for k in world.chain(g) {
        for &f in world.group_files(&k) {
            let Some(l) = world.listed(f) else {
                continue;
            };
            l.rel.hash(&mut h);
            match l.disk_path().and_then(|p| std::fs::metadata(p).ok()) {
                Some(m) => {
                    m.len().hash(&mut h);
                    m.modified().ok().hash(&mut h);
                }
                // Given bytes, or a file that cannot be read: read it to compare.
                None => l.read().ok().map(|x| x.bytes).hash(&mut h),
            }
        }
    }
    h.finish()
}

impl Cached {
    /// Decodes, parses and lints one file exactly as `workspace::load` does.
    fn read(rel: &str, bytes: Vec<u8>) -> Cached {
        let is_law = rel.ends_with(".law");
        let (source, mut diags, exact) = match SourceFile::decode_owned(rel, bytes) {
            Ok(file) => (file, Vec::new(), true),
            Err(b) => {
                let (file, d) = *b;
                (file, vec![d], false)
            }
        };
        let hidden = if diags.is_empty() {
            crate::source::bidi_controls(&source.text)
        } else {
            Vec::new()
        };
        let mut law = None;
        if is_law && diags.is_empty() {
            let place = FilePlace::from_path(Path::new(rel));
            let (ast, mut d) = crate::syntax::parse_law(&source.text);
            let clean = d.is_empty();
            d.extend(lint(&ast, &place, clean));
            diags.extend(d);
            law = Some((place, Some(ast)));
        }
        diags.extend(hidden);
        Cached {
            source,
            exact,
            law,
            diags,
            generation: 0,
        }
    }

    /// Whether these input bytes are the ones this entry was read from.
    fn holds(&self, bytes: &[u8]) -> bool {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        self.exact && self.source.text.as_bytes() == bytes
    }
}

/// The bills in `codes/<j>/`.
fn bills_of(loaded: &Loaded, j: &str) -> Vec<FileId> {
    let prefix = format!("codes/{j}/");
    loaded
        .bills
        .iter()
        .copied()
        .filter(|&id| {
            loaded
                .sources
                .get(id)
                .is_some_and(|f| f.path.starts_with(&prefix))
        })
        .collect()
}

/// Files other than `.law`, sorted by kind as `workspace::load` does.
fn classify(loaded: &mut Loaded, rel: &str, id: FileId) {
    let name = rel.rsplit('/').next().unwrap_or("");
    if crate::model::translation::is_catalog_path(rel) {
        // Translation catalogs are not instruments (docs/translation.md).
    } else if rel.starts_with("protocol/") {
        loaded.instruments.push(id);
    } else if name == "jurisdiction.yaml" {
        loaded.jurisdictions.push(id);
    } else if name == "assessments.yaml" {
        loaded.assessments.push(id);
    } else if rel.ends_with(".bill") {
        loaded.bills.push(id);
    } else {
        loaded
            .diagnostics
            .push(crate::workspace::not_read(rel).in_file(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `lexgap check` finds in the workspace at `root`, as the server would send it.
    fn check_of(root: &Path) -> ByPath {
        let ws = Workspace::open(root).unwrap();
        let (_, mut loaded) = crate::cli::check::check_world(&ws).unwrap();
        crate::report::check_catalogs(&ws, &mut loaded);
        crate::cli::sort_diagnostics(&mut loaded.diagnostics);
        by_path(&loaded.diagnostics, root, &|f| loaded.sources.get(f))
    }

    /// Diagnostics as text, with the workspace's root left out of the URIs they name.
    fn shown(b: &ByPath, root: &Path) -> Vec<String> {
        let prefix = crate::lsp::path_to_uri(root).unwrap().as_str().to_string();
        b.iter()
            .flat_map(|(rel, ds)| {
                ds.iter()
                    .map(move |d| format!("{rel} {}", serde_json::to_string(d).unwrap()))
            })
            .map(|s| s.replace(&prefix, "ROOT"))
            .collect()
    }

    /// A copy of the repository's workspace (its `protocol/` and `codes/`) in a new folder.
    fn copy_workspace() -> tempfile::TempDir {
        let from = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for sub in ["protocol", "codes"] {
            let mut stack = vec![from.join(sub)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    let to = dir.path().join(p.strip_prefix(&from).unwrap());
                    if p.is_dir() {
                        std::fs::create_dir_all(&to).unwrap();
                        stack.push(p);
                    } else {
                        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                        std::fs::copy(&p, &to).unwrap();
                    }
                }
            }
        }
        std::fs::write(dir.path().join("lexgap.toml"), "").unwrap();
        dir
    }

    /// The server finds exactly what `lexgap check` finds, diagnostic for diagnostic, on the
    /// repository's workspace: with nothing open (every jurisdiction checked as `check`
    /// streams it), with a file open (its jurisdiction's family loaded whole), after an edit,
    /// and after the edit is undone.
    #[test]
    fn the_server_finds_what_check_finds() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut p = Project::open(ProjectKey::Root(root.clone())).unwrap();
        let want = shown(&check_of(&root), &root);
        assert!(!want.is_empty());
        p.analyze();
        assert!(p.outside_pending());
        p.check_outside(usize::MAX);
        assert_eq!(shown(&p.all_diagnostics(), &root), want);
        assert_eq!(p.focus().map(|f| f.len()), Some(0));
        // A second run from the cache, and one after an edit undone, find the same.
        let rel = "codes/RS/criminal-code/2019-12-01.law";
        let text = String::from_utf8(std::fs::read(root.join(rel)).unwrap()).unwrap();
        p.set_overlay(rel, text.clone());
        p.analyze();
        p.check_outside(usize::MAX);
        assert_eq!(shown(&p.all_diagnostics(), &root), want);
        assert!(p.focus().unwrap().contains("RS"));
        assert!(!p.focus().unwrap().contains("ME"));
        p.set_overlay(rel, text.replace("object firearm", "object firearmm"));
        p.analyze();
        p.check_outside(usize::MAX);
        let edited = shown(&p.all_diagnostics(), &root);
        assert!(edited.iter().any(|d| d.contains("firearmm")), "{edited:?}");
        p.set_overlay(rel, text);
        p.analyze();
        p.check_outside(usize::MAX);
        assert_eq!(shown(&p.all_diagnostics(), &root), want);
        // Only the focus is held: RS's files and the small ones.
        assert!(
            p.disk
                .keys()
                .all(|r| !r.ends_with(".law") || r.starts_with("codes/RS/"))
        );
        p.close_overlay(rel);
        p.analyze();
        p.check_outside(usize::MAX);
        assert_eq!(shown(&p.all_diagnostics(), &root), want);
        assert!(p.disk.keys().all(|r| !r.ends_with(".law")));
    }

    /// Opens, edits, saves and closes at random in a copy of the workspace, one file of a
    /// parent jurisdiction among them (BA, whose acts BA-BD, BA-FBIH and BA-RS are analysed
    /// with): after each step, what the server has equals what `lexgap check` finds in a
    /// second copy holding the editor's buffers in place of the files.
    #[test]
    fn random_edits_opens_and_closes_find_what_check_finds() {
        let ws = copy_workspace();
        let mirror = copy_workspace();
        let root = ws.path().to_path_buf();
        let files: Vec<String> = {
            let mut v = Vec::new();
            let mut stack = vec![root.join("codes")];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "law" || e == "bill")
                        || p.file_name().is_some_and(|n| n == "jurisdiction.yaml")
                    {
                        v.push(crate::workspace::relative(&root, &p));
                    }
                }
            }
            v.sort();
            v
        };
        let mut p = Project::open(ProjectKey::Root(root.clone())).unwrap();
        let mut seed: u64 = 0x5eed_1e96;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let edits = [
            ("object firearm", "object firearmm"),
            ("verified yes", "verified no"),
            ("para ", "para x"),
            ("parent: BA", "parent: BAX"),
            ("\n", "\n  aggravates para 99\n"),
            ("text en:", "tex en:"),
        ];
        let mut focus_was_family = false;
        for step in 0..12 {
            let open: Vec<String> = p.open_rels().map(str::to_string).collect();
            let op = next(4);
            let what = if op == 0 || open.is_empty() {
                // Open a file: a BA act first, to hold a family in the focus.
                let rel = if step == 0 {
                    files
                        .iter()
                        .find(|r| r.starts_with("codes/BA/") && r.ends_with(".law"))
                        .unwrap()
                        .clone()
                } else {
                    files[next(files.len())].clone()
                };
                let text = String::from_utf8(std::fs::read(root.join(&rel)).unwrap()).unwrap();
                std::fs::write(mirror.path().join(&rel), &text).unwrap();
                p.set_overlay(&rel, text);
                format!("open {rel}")
            } else if op == 1 {
                let rel = &open[next(open.len())];
                // Closing: the mirror takes the disk's text back.
                std::fs::copy(root.join(rel), mirror.path().join(rel)).unwrap();
                p.close_overlay(rel);
                format!("close {rel}")
            } else if op == 2 {
                // Save: the buffer is written to disk.
                let rel = &open[next(open.len())];
                std::fs::write(root.join(rel), p.overlay(rel).unwrap()).unwrap();
                p.reload_disk();
                format!("save {rel}")
            } else {
                let rel = open[next(open.len())].clone();
                let (from, to) = edits[next(edits.len())];
                let text = p.overlay(&rel).unwrap().to_string();
                let at = text.match_indices(from).map(|(i, _)| i).collect::<Vec<_>>();
                let edited = if at.is_empty() {
                    format!("{text}x")
                } else {
                    let i = at[next(at.len())];
                    format!("{}{to}{}", &text[..i], &text[i + from.len()..])
                };
                std::fs::write(mirror.path().join(&rel), &edited).unwrap();
                p.set_overlay(&rel, edited);
                format!("edit {rel}: {from:?} -> {to:?}")
            };
            p.analyze();
            p.check_outside(usize::MAX);
            if p.focus().is_some_and(|f| f.contains("BA-FBIH")) {
                focus_was_family = true;
            }
            let got = shown(&p.all_diagnostics(), &root);
            let want = shown(&check_of(mirror.path()), mirror.path());
            assert_eq!(got, want, "step {step}: {what}");
        }
        assert!(focus_was_family, "a parent's family was never loaded whole");
    }

    /// The reliance check keeps each day's coverage while the files that day's law is built
    /// from are the same: after edits to the latest version (which leave the earlier days as
    /// they were) and then to an older one (which reaches every later day), the server finds
    /// what a server that kept nothing finds.
    #[test]
    fn days_kept_by_the_reliance_check_follow_edits_to_older_versions() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let show = |l: &Loaded| -> Vec<String> {
            l.diagnostics
                .iter()
                .map(|d| format!("{:?} {:?} {} {}", d.file, d.span, d.code.id, d.message))
                .collect()
        };
        let read = |rel: &str| String::from_utf8(std::fs::read(root.join(rel)).unwrap()).unwrap();
        let latest = "codes/RS/criminal-code/2019-12-01.law";
        let older = "codes/RS/criminal-code/2014-10-18.law";
        let mut p = Project::open(ProjectKey::Root(root.clone())).unwrap();
        p.analyze();
        p.check_outside(usize::MAX);
        let mut edits: Vec<(&str, String)> = Vec::new();
        // A letter typed into a text of the latest version, then an older version's units
        // marked unverified (the 2014 code is the law in force from its day until 2017).
        let text = read(latest);
        let at = text.find("text en:").unwrap() + "text en:".len();
        edits.push((latest, format!("{} x{}", &text[..at], &text[at..])));
        edits.push((
            older,
            read(older).replace(" verified yes \"read in", " verified no \"read in"),
        ));
        // Then its firearms offences made about ammunition: the coverage of its days changes.
        edits.push((
            older,
            read(older)
                .replace(" verified yes \"read in", " verified no \"read in")
                .replace("object firearm", "object ammunition"),
        ));
        for (rel, edited) in edits {
            p.set_overlay(rel, edited);
            let incremental = show(&p.analyze().loaded);
            let mut fresh = Project::open(ProjectKey::Root(root.clone())).unwrap();
            for rel in p.open_rels() {
                fresh.set_overlay(rel, p.overlay(rel).unwrap().to_string());
            }
            assert_eq!(
                incremental,
                show(&fresh.analyze().loaded),
                "after editing {rel}"
            );
        }
        // Each day's coverage the reliance check keeps is that of the day's law as it is now.
        let s = p.snapshot.as_ref().unwrap();
        let model = &s.model;
        assert!(p.reliance.keys().any(|(j, _)| j == "RS"));
        for ((j, at), (_, _, cov)) in &p.reliance {
            let law = model.corpus.law_at(&model.instrument, j, *at).unwrap();
            let name = model
                .corpus
                .jurisdictions
                .get(j)
                .and_then(|x| x.name.clone());
            let want = crate::coverage::analyze_brief(
                &model.instrument,
                &law,
                name,
                &model.assessments_for(j),
            );
            assert_eq!(
                serde_json::to_value(cov).unwrap(),
                serde_json::to_value(&want).unwrap(),
                "{j} on {at}"
            );
        }
        let id = s.by_rel.get(older).copied();
        assert!(
            s.loaded
                .diagnostics
                .iter()
                .any(|d| d.code.id == "W0501" && d.file == id),
            "the older version's units, now unverified, are relied on"
        );
    }

    #[test]
    fn projects_are_found_by_manifest_then_by_layout() {
        let dir = tempfile::tempdir().unwrap();
        let law = dir.path().join("x/codes/RS/criminal-code/2019-12-01.law");
        std::fs::create_dir_all(law.parent().unwrap()).unwrap();
        assert_eq!(
            locate(&law),
            Some((
                dir.path().join("x"),
                "codes/RS/criminal-code/2019-12-01.law".to_string()
            ))
        );
        std::fs::write(dir.path().join("lexgap.toml"), "").unwrap();
        assert_eq!(locate(&law).map(|(r, _)| r), Some(dir.path().to_path_buf()));
        assert_eq!(locate(Path::new("/nowhere/a.law")), None);
    }
}
