//! Streaming: a world-scale workspace one jurisdiction at a time.
//!
//! Loading every act version of hundreds of jurisdictions at once holds every source, syntax
//! tree and lowered act in memory together — gigabytes for a world-scale corpus, with most of
//! the time going to page faults. A [`World`] reads the small files first (the instrument,
//! `jurisdiction.yaml`, `assessments.yaml`); then each jurisdiction's acts and bills, with the
//! acts of its ancestors (whose law it is analysed with), are read, parsed, linted and lowered
//! into a [`Part`], handed to the caller, and dropped. Jurisdictions run in parallel and their
//! results come back in the order asked for.
//!
//! Files keep one numbering — their index in the sorted list of every input file, the
//! [`FileId`]s that [`crate::workspace::load`] gives the same files — so diagnostics sort and
//! render as in a run that loads everything at once. The text of a file is kept only when a
//! diagnostic points into it.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::corpus::{Jurisdiction, JurisdictionEntry, build_corpus_with};
use crate::model::{Assessment, Instrument, Model, load_assessments};
use crate::report::digest;
use crate::source::{FileId, SourceFile, Sources};
use crate::workspace::{InputFile, Listed, Loaded, ReadAhead, Workspace, load_ahead};

/// The input of a run, listed; the small files read and the instrument built.
pub struct World {
    listed: Vec<Listed>,
    /// The sources of the small files, by their global id.
    base_sources: BTreeMap<FileId, SourceFile>,
    pub instrument: Instrument,
    /// `jurisdiction.yaml` of every jurisdiction (file ids global).
    metadata: Vec<JurisdictionEntry>,
    /// Every assessment (file ids global).
    assessments: Vec<Assessment>,
    /// Jurisdiction folder (`codes/<J>/…`) → the global ids of its `.law` and `.bill` files.
    /// Files outside any jurisdiction folder are under "".
    groups: BTreeMap<String, Vec<FileId>>,
    /// What reading the small files found (file ids global).
    pub diagnostics: Vec<Diagnostic>,
    /// The small files as loaded (ids local to it): what a report reads for jurisdiction names
    /// in several languages.
    base: Loaded,
    /// Whether parts record the SHA-256 of their own files ([`World::open_with_digests`]).
    hash: bool,
    /// Whether a part keeps the bodies of its acts' syntax trees when it has no bills to apply
    /// to them (see [`World::without_trees`]).
    trees: bool,
    /// SHA-256 of the small files by path, when hashing.
    pub digests: BTreeMap<String, String>,
}

/// One jurisdiction's files, loaded and modelled: its own acts and bills and its ancestors' acts.
pub struct Part {
    pub jurisdiction: String,
    /// File ids here are local to the part; [`Part::findings`] maps them back.
    pub loaded: Loaded,
    pub model: Model,
    /// Local id → global id.
    ids: Vec<FileId>,
    /// Local id → whether the file is the jurisdiction's own (not an ancestor's).
    own: Vec<bool>,
    /// SHA-256 of the jurisdiction's own files by path, when the world hashes (a report's
    /// provenance names every input with its digest); empty otherwise.
    pub digests: BTreeMap<String, String>,
}

/// One jurisdiction's files read and parsed, its acts not yet lowered ([`World::trees_until`]):
/// a comparison of texts needs only the trees, and runs while [`World::model_of`] models them.
pub struct PartTrees {
    jurisdiction: String,
    chain: Vec<String>,
    /// File ids here are local to the part, as in [`Part::loaded`].
    pub loaded: Loaded,
    ids: Vec<FileId>,
    own: Vec<bool>,
    digests: BTreeMap<String, String>,
}

impl PartTrees {
    /// The part, with the model [`World::model_of`] made of it and what modelling found.
    pub fn into_part(self, model: Model, found: Vec<Diagnostic>) -> Part {
        let mut loaded = self.loaded;
        loaded.diagnostics.extend(found);
        Part {
            jurisdiction: self.jurisdiction,
            loaded,
            model,
            ids: self.ids,
            own: self.own,
            digests: self.digests,
        }
    }
}

/// The files of a part as read: those read now, and the acts taken parsed from a read-ahead.
struct PartFiles {
    files: Vec<InputFile>,
    early: Vec<crate::workspace::ParsedLaw>,
    /// Sorted.
    ids: Vec<FileId>,
    own: Vec<bool>,
    digests: BTreeMap<String, String>,
}

/// What a part leaves behind: diagnostics about its own files (global ids) and the text of the
/// files they point into.
#[derive(Debug, Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    sources: Vec<(FileId, SourceFile)>,
}

impl Findings {
    /// The text of a file a diagnostic points into (global numbering).
    pub fn source(&self, f: FileId) -> Option<&SourceFile> {
        self.sources.iter().find(|(id, _)| *id == f).map(|(_, s)| s)
    }
}

/// The jurisdiction folder a path belongs to: `codes/<J>/…` → `J`, anything else → "".
pub fn folder_of(rel: &str) -> &str {
    let mut parts = rel.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("codes"), Some(j), Some(_)) => j,
        _ => "",
    }
}

/// Of an act file (`….law`), its folder and the version its name gives (`YYYY-MM-DD.law`; a
/// file's name is its version, which `check` verifies), if it gives one; None for any other file.
pub(crate) fn act_file(rel: &str) -> Option<(&str, Option<crate::date::Date>)> {
    let stem = rel.strip_suffix(".law")?;
    let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    Some((folder, crate::date::Date::parse(name).ok()))
}

/// Whether the file at `rel` is an act file that may make up the law on a day up to `until`
/// (every act file without `until`): one not named `YYYY-MM-DD.law` with a later date. What
/// [`World::trees_until`] reads, and what `diff` reads ahead while the instrument is read.
pub(crate) fn version_until(rel: &str, until: Option<crate::date::Date>) -> bool {
    act_file(rel).is_some_and(|(_, version)| version.is_none_or(|v| until.is_none_or(|u| v <= u)))
}

/// Whether a path is an act's or a bill's (a file of a jurisdiction's part).
pub fn is_act_or_bill(rel: &str) -> bool {
    rel.ends_with(".law") || rel.ends_with(".bill")
}

fn id(i: usize) -> FileId {
    FileId(u32::try_from(i).unwrap_or(u32::MAX))
}

impl World {
    /// Lists the workspace's input files and reads the small ones. Errors are files or folders
    /// that could not be read.
    pub fn open(ws: &Workspace) -> Result<World, Vec<String>> {
        World::open_inner(ws, false, &BTreeMap::new())
    }

    /// [`World::open`] with the bytes of some files given instead of read from disk (the
    /// language server's unsaved buffers, by path relative to the root); a given path the
    /// workspace does not list is added to it.
    pub fn open_overlaid(
        ws: &Workspace,
        given: &BTreeMap<String, std::sync::Arc<[u8]>>,
    ) -> Result<World, Vec<String>> {
        World::open_inner(ws, false, given)
    }

    /// [`World::open`], also keeping the SHA-256 of every file as it is read: of the small
    /// files in [`World::digests`], of each part's own files in [`Part::digests`]. Reports list
    /// their inputs with digests; hashing while the bytes are at hand spares a second read.
    pub fn open_with_digests(ws: &Workspace) -> Result<World, Vec<String>> {
        World::open_inner(ws, true, &BTreeMap::new())
    }

    /// The world, its parts holding their acts' syntax trees only where bills need them (a
    /// part's model is all that `check` and `analyze` read otherwise): each tree is freed as soon
    /// as its act is lowered, while it is still in cache.
    pub fn without_trees(mut self) -> World {
        self.trees = false;
        self
    }

    fn open_inner(
        ws: &Workspace,
        hash: bool,
        given: &BTreeMap<String, std::sync::Arc<[u8]>>,
    ) -> Result<World, Vec<String>> {
        let (mut listed, errors) = ws.list_inputs();
        if !errors.is_empty() {
            return Err(errors);
        }
        if !given.is_empty() {
            listed.retain(|l| !given.contains_key(&l.rel));
            listed.extend(given.iter().map(|(rel, b)| Listed::given(rel, b.clone())));
            // The order of `Workspace::list_inputs`: `protocol/` first, then `codes/`, each
            // sorted.
            listed.sort_by(|a, b| {
                (!a.rel.starts_with("protocol/"), &a.rel)
                    .cmp(&(!b.rel.starts_with("protocol/"), &b.rel))
            });
        }
        let mut groups: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
        let mut base_ids = Vec::new();
        let mut base_files = Vec::new();
        let mut errors = Vec::new();
        let mut digests = BTreeMap::new();
        for (i, l) in listed.iter().enumerate() {
            if is_act_or_bill(&l.rel) {
                groups
                    .entry(folder_of(&l.rel).to_string())
                    .or_default()
                    .push(id(i));
            } else {
                match l.read() {
                    Ok(f) => {
                        if hash && l.is_read() {
                            digests.insert(f.rel.clone(), digest(&f.rel, &f.bytes).sha256);
                        }
                        base_ids.push(id(i));
                        base_files.push(f);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let base = ws.load(base_files);
        let global = |f: FileId| base_ids.get(f.0 as usize).copied().unwrap_or(f);
        let mut diags = base.diagnostics.clone();
        let (instrument, d) =
            crate::model::load_instrument_with(&base.sources, &base.instruments, &base.options);
        diags.extend(d);
        let (mut metadata, d) =
            crate::model::load_jurisdictions(&base.sources, &base.jurisdictions);
        diags.extend(d);
        diags.extend(crate::model::corpus::check_instrument_ids(
            &metadata,
            &instrument,
        ));
        let (mut assessments, d) = load_assessments(&base.sources, &base.assessments, &instrument);
        diags.extend(d);
        // Parents are checked once, against every jurisdiction with metadata or law.
        let mut all = metadata.clone();
        for j in groups.keys().filter(|j| !j.is_empty()) {
            if !metadata.iter().any(|(m, _)| &m.id == j) {
                all.push((bare(j), None));
            }
        }
        diags.extend(build_corpus_with(&instrument, &[], all, true).1);

        for (j, parent) in &mut metadata {
            j.file = j.file.map(global);
            if let Some((f, _)) = parent {
                *f = global(*f);
            }
        }
        for a in &mut assessments {
            a.file = global(a.file);
        }
        let diagnostics = diags.into_iter().map(|d| d.map_files(global)).collect();
        let mut base_sources = BTreeMap::new();
        for (local, file) in base.sources.iter() {
            base_sources.insert(global(local), file.clone());
        }
        let base = Loaded {
            diagnostics: Vec::new(),
            ..base
        };
        Ok(World {
            listed,
            base_sources,
            instrument,
            metadata,
            assessments,
            groups,
            diagnostics,
            base,
            hash,
            trees: true,
            digests,
        })
    }

    /// The path (relative to the workspace) of the input file numbered `f`.
    pub fn path(&self, f: FileId) -> Option<&str> {
        self.listed.get(f.0 as usize).map(|l| l.rel.as_str())
    }

    /// How many input files the run has.
    pub fn file_count(&self) -> usize {
        self.listed.len()
    }

    /// Every input file's path relative to the workspace root, in input order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.listed.iter().map(|l| l.rel.as_str())
    }

    /// The small files as loaded (the instrument, `jurisdiction.yaml`, `assessments.yaml`),
    /// numbered among themselves.
    pub fn base(&self) -> &Loaded {
        &self.base
    }

    /// The model without any law: the instrument, the jurisdictions with their metadata and
    /// the assessments. Enough for what a regional report says of the region as a whole.
    pub fn base_model(&self) -> Model {
        Model::with_laws(
            self.instrument.clone(),
            self.metadata.clone(),
            self.assessments.clone(),
            &Loaded::default(),
            false,
        )
        .0
    }

    /// Jurisdictions named by a `jurisdiction.yaml`, in id order.
    pub fn jurisdictions_with_metadata(&self) -> Vec<String> {
        let set: BTreeSet<String> = self.metadata.iter().map(|(m, _)| m.id.clone()).collect();
        set.into_iter().collect()
    }

    /// The latest date any act version takes effect, read from the file names alone
    /// (`codes/<J>/<act>/YYYY-MM-DD.law`: a file's name is its version, which `check`
    /// verifies). `None` when no act file is so named. A caller that needs the exact date on
    /// an invalid workspace compares it with the versions the parts hold.
    pub fn latest_version_by_name(&self) -> Option<crate::date::Date> {
        self.listed.iter().filter_map(|l| act_file(&l.rel)?.1).max()
    }

    /// Jurisdictions with at least one act or bill, in id order (with "" for files outside
    /// any jurisdiction folder, if there are such).
    pub fn groups(&self) -> Vec<String> {
        self.groups.keys().cloned().collect()
    }

    /// Jurisdictions with at least one act (`.law` file), in id order.
    pub fn jurisdictions_with_law(&self) -> Vec<String> {
        self.groups
            .iter()
            .filter(|(j, files)| {
                !j.is_empty()
                    && files.iter().any(|f| {
                        self.listed
                            .get(f.0 as usize)
                            .is_some_and(|l| l.rel.ends_with(".law"))
                    })
            })
            .map(|(j, _)| j.clone())
            .collect()
    }

    /// Whether the workspace knows a jurisdiction (by metadata or by a folder with files).
    /// The metadata `jurisdiction.yaml` gives for `j`, if it has the file.
    pub fn metadata_of(&self, j: &str) -> Option<&crate::model::Jurisdiction> {
        self.metadata.iter().map(|(m, _)| m).find(|m| m.id == j)
    }

    pub fn knows(&self, j: &str) -> bool {
        self.groups.contains_key(j) || self.metadata.iter().any(|(m, _)| m.id == j)
    }

    /// The input file numbered `f`, read (or as given).
    pub fn read(&self, f: FileId) -> Option<Result<InputFile, String>> {
        self.listed.get(f.0 as usize).map(Listed::read)
    }

    /// The input file numbered `f` as listed.
    pub fn listed(&self, f: FileId) -> Option<&Listed> {
        self.listed.get(f.0 as usize)
    }

    /// The acts and bills of a jurisdiction folder (see [`World::groups`]).
    pub fn group_files(&self, j: &str) -> &[FileId] {
        self.groups.get(j).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The text of a small file (the instrument, `jurisdiction.yaml`, `assessments.yaml`), by
    /// its number among every input file.
    pub fn base_source(&self, f: FileId) -> Option<&SourceFile> {
        self.base_sources.get(&f)
    }

    /// The metadata and assessments a part of `j` is modelled with (those of its chain), as
    /// text: what, beside its files and the instrument, `j`'s check depends on.
    pub fn context_of(&self, j: &str) -> String {
        let chain = self.chain(j);
        let mut out = String::new();
        for m in self.metadata.iter().filter(|(m, _)| chain.contains(&m.id)) {
            out.push_str(&format!("{m:?}\n"));
        }
        for a in self
            .assessments
            .iter()
            .filter(|a| chain.contains(&a.jurisdiction))
        {
            out.push_str(&format!("{a:?}\n"));
        }
        out
    }

    /// The jurisdiction and its ancestors, nearest first (stops at a cycle or unknown parent);
    /// for the files outside any jurisdiction folder (""), itself.
    pub fn chain(&self, j: &str) -> Vec<String> {
        if j.is_empty() {
            return vec![String::new()];
        }
        let mut out: Vec<String> = Vec::new();
        let mut at = Some(j.to_string());
        while let Some(x) = at {
            if out.contains(&x) {
                break;
            }
            at = self
                .metadata
                .iter()
                .find(|(m, _)| m.id == x)
                .and_then(|(m, _)| m.parent.clone());
            out.push(x);
        }
        out
    }

    /// Reads, parses and models one jurisdiction's files with its ancestors' acts. Errors are
    /// files that could not be read.
    pub fn part(&self, j: &str) -> Result<Part, Vec<String>> {
        self.part_at(j, None)
    }

    /// [`World::part`]; with a date, only the acts in force on that date are read: of each
    /// act's files named `YYYY-MM-DD.law`, the latest not after the date (a file's name is its
    /// version, which `check` verifies), with any file not so named; and no bills. This is what
    /// the law in force on the date is made of, read without the rest of the act's history.
    pub fn part_at(&self, j: &str, at: Option<crate::date::Date>) -> Result<Part, Vec<String>> {
        let chain = if j.is_empty() {
            vec![String::new()]
        } else {
            self.chain(j)
        };
        let ids = self.part_ids(&chain, at);
        self.load_part(j, &chain, ids, at.is_none(), ReadAhead::default())
    }

    /// The acts of `j` and its ancestors as far as `until`, read and parsed: every `.law` file
    /// not named `YYYY-MM-DD.law` with a later date (a file's name is its version, which `check`
    /// verifies); no bills. Whatever the law was on any day up to `until` is made of these —
    /// what `diff --from … --to until` reads, without the versions after it. Files in `ahead`
    /// (read and parsed while the instrument was read) are not read again. The acts are not yet
    /// lowered: [`World::model_of`] does it, while the caller compares the trees.
    pub fn trees_until(
        &self,
        j: &str,
        until: crate::date::Date,
        ahead: ReadAhead,
    ) -> Result<PartTrees, Vec<String>> {
        let chain = self.chain(j);
        let ids = self
            .part_ids(&chain, None)
            .into_iter()
            .filter(|f| self.path(*f).is_some_and(|p| version_until(p, Some(until))))
            .collect();
        let read = self.read_part(j, ids, ahead)?;
        let (loaded, _) = load_ahead(read.files, read.early, true, |_, _| ());
        Ok(PartTrees {
            jurisdiction: j.to_string(),
            chain,
            loaded,
            ids: read.ids,
            own: read.own,
            digests: read.digests,
        })
    }

    /// The model of a part read by [`World::trees_until`]: its acts lowered (in parallel) and
    /// modelled with the jurisdictions' metadata and assessments, and what modelling found.
    pub fn model_of(&self, part: &PartTrees) -> (Model, Vec<Diagnostic>) {
        use rayon::prelude::*;
        let lowered = part
            .loaded
            .laws
            .par_iter()
            .map(|l| crate::model::law::lower_law(l.file, &l.ast, &self.instrument))
            .collect();
        self.model_from(&part.chain, &part.loaded, lowered, false)
    }

    /// Reads, parses and models the files `ids` as the part of `j` (whose chain of ancestors
    /// is `chain`); `whole_history` when they are every version of its acts.
    fn load_part(
        &self,
        j: &str,
        chain: &[String],
        ids: Vec<FileId>,
        whole_history: bool,
        ahead: ReadAhead,
    ) -> Result<Part, Vec<String>> {
        let read = self.read_part(j, ids, ahead)?;
        // Each act is lowered as soon as it is parsed, while its tree is in cache.
        let has_bills = read.files.iter().any(|f| f.rel.ends_with(".bill"));
        let (loaded, lowered) = load_ahead(
            read.files,
            read.early,
            self.trees || has_bills,
            |id, ast| crate::model::law::lower_law(id, ast, &self.instrument),
        );
        let (model, found) = self.model_from(chain, &loaded, lowered, whole_history);
        let trees = PartTrees {
            jurisdiction: j.to_string(),
            chain: chain.to_vec(),
            loaded,
            ids: read.ids,
            own: read.own,
            digests: read.digests,
        };
        Ok(trees.into_part(model, found))
    }

    /// Reads the files `ids` of the part of `j`, taking from `ahead` the acts parsed already
    /// (unless their digest is wanted, which needs their bytes). Errors are files that could
    /// not be read.
    fn read_part(
        &self,
        j: &str,
        mut ids: Vec<FileId>,
        mut ahead: ReadAhead,
    ) -> Result<PartFiles, Vec<String>> {
        ids.sort();
        let own_set: BTreeSet<FileId> = self
            .groups
            .get(j)
            .map(|v| v.iter().copied().collect())
            .unwrap_or_default();
        let mut files: Vec<InputFile> = Vec::with_capacity(ids.len());
        let mut early = Vec::new();
        let mut errors = Vec::new();
        let mut digests = BTreeMap::new();
        for f in &ids {
            let Some(l) = self.listed.get(f.0 as usize) else {
                continue;
            };
            let hashed = self.hash && own_set.contains(f);
            if !hashed && let Some(p) = ahead.take(&l.rel) {
                early.push(p);
                continue;
            }
            match l.read() {
                Ok(x) => {
                    if hashed {
                        digests.insert(x.rel.clone(), digest(&x.rel, &x.bytes).sha256);
                    }
                    files.push(x);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let own = ids.iter().map(|f| own_set.contains(f)).collect();
        Ok(PartFiles {
            files,
            early,
            ids,
            own,
            digests,
        })
    }

    /// The model of the laws `loaded` holds, lowered already (`lowered`, in the order of
    /// `loaded.laws`), with the metadata and assessments of the jurisdictions of `chain`.
    fn model_from(
        &self,
        chain: &[String],
        loaded: &Loaded,
        lowered: Vec<(Option<crate::model::law::ActVersion>, Vec<Diagnostic>)>,
        whole_history: bool,
    ) -> (Model, Vec<Diagnostic>) {
        let metadata: Vec<JurisdictionEntry> = self
            .metadata
            .iter()
            .filter(|(m, _)| chain.contains(&m.id))
            .cloned()
            .collect();
        let assessments: Vec<Assessment> = self
            .assessments
            .iter()
            .filter(|a| chain.contains(&a.jurisdiction))
            .cloned()
            .collect();
        Model::with_lowered(
            self.instrument.clone(),
            metadata,
            assessments,
            loaded,
            lowered,
            false,
            whole_history,
        )
    }

    /// The files of a part (see [`World::part_at`]): the jurisdiction's acts and bills and its
    /// ancestors' acts, in input order.
    fn part_ids(&self, chain: &[String], at: Option<crate::date::Date>) -> Vec<FileId> {
        let mut ids: Vec<FileId> = Vec::new();
        for (depth, x) in chain.iter().enumerate() {
            for &f in self.groups.get(x).map(Vec::as_slice).unwrap_or(&[]) {
                let is_law = self
                    .listed
                    .get(f.0 as usize)
                    .is_some_and(|l| l.rel.ends_with(".law"));
                // An ancestor's acts are context; its bills are not.
                if depth == 0 || is_law {
                    ids.push(f);
                }
            }
        }
        if let Some(at) = at {
            ids = self.in_force(&ids, at);
        }
        ids.sort();
        ids
    }

    /// The small files and the files of `j`'s part (its acts and bills, its ancestors' acts),
    /// read: a workspace of one jurisdiction, for what needs every file of it loaded at once
    /// (a gap or amendment report) but nothing of the other jurisdictions.
    pub fn files_for(&self, j: &str) -> Result<Vec<InputFile>, Vec<String>> {
        let mut ids: Vec<FileId> = (0..self.listed.len())
            .map(id)
            .filter(|f| {
                self.listed
                    .get(f.0 as usize)
                    .is_some_and(|l| !is_act_or_bill(&l.rel))
            })
            .collect();
        ids.extend(self.part_ids(&self.chain(j), None));
        ids.sort();
        ids.dedup();
        let mut files = Vec::with_capacity(ids.len());
        let mut errors = Vec::new();
        for f in ids {
            if let Some(l) = self.listed.get(f.0 as usize) {
                match l.read() {
                    Ok(x) => files.push(x),
                    Err(e) => errors.push(e),
                }
            }
        }
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }

    /// Of `ids`, the `.law` files that may be in force on `at` (see [`World::part_at`]).
    fn in_force(&self, ids: &[FileId], at: crate::date::Date) -> Vec<FileId> {
        let mut latest: BTreeMap<&str, (crate::date::Date, FileId)> = BTreeMap::new();
        let mut out = Vec::new();
        for &f in ids {
            // Bills play no part in the law in force.
            let Some((folder, version)) = self.path(f).and_then(act_file) else {
                continue;
            };
            match version {
                Some(d) if d <= at => {
                    if latest.get(folder).is_none_or(|(best, _)| d > *best) {
                        latest.insert(folder, (d, f));
                    }
                }
                Some(_) => {}
                None => out.push(f),
            }
        }
        out.extend(latest.into_values().map(|(_, f)| f));
        out
    }

    /// Runs `f` on the part of each jurisdiction of `jurisdictions`, several at a time; the
    /// results come back in the order given. `done` is called after each (for progress).
    pub fn map<R: Send>(
        &self,
        jurisdictions: &[String],
        at: Option<crate::date::Date>,
        f: impl Fn(Result<Part, Vec<String>>) -> R + Sync + Send,
        done: &(dyn Fn() + Sync),
    ) -> Vec<R> {
        use rayon::prelude::*;
        jurisdictions
            .par_iter()
            .map(|j| {
                let r = f(self.part_at(j, at));
                done();
                r
            })
            .collect()
    }

    /// Everything needed to render the run's diagnostics: the small files' diagnostics and
    /// those the parts found, over sources numbered like the input (texts kept where a
    /// diagnostic points, empty elsewhere).
    pub fn finish(&self, findings: Vec<Findings>) -> Loaded {
        let mut kept: BTreeMap<FileId, SourceFile> = self.base_sources.clone();
        let mut diagnostics = self.diagnostics.clone();
        for f in findings {
            diagnostics.extend(f.diagnostics);
            kept.extend(f.sources);
        }
        let mut sources = Sources::new();
        for (i, l) in self.listed.iter().enumerate() {
            let file = kept
                .remove(&id(i))
                .unwrap_or_else(|| SourceFile::new(l.rel.clone(), String::new()));
            sources.add(file);
        }
        Loaded {
            sources,
            diagnostics,
            ..Loaded::default()
        }
    }

    /// [`World::finish`] for a run about `jurisdictions` only (`analyze`, `report gap`): of the
    /// small files' diagnostics, those of the files such a run reads — the instrument and the
    /// `jurisdiction.yaml` and `assessments.yaml` of the jurisdictions and their ancestors — and
    /// of the parts' findings each diagnostic once. Another jurisdiction's errors are left to
    /// `lexgap check`.
    pub fn finish_for(&self, findings: Vec<Findings>, jurisdictions: &[String]) -> Loaded {
        let folders: BTreeSet<String> = jurisdictions.iter().flat_map(|j| self.chain(j)).collect();
        let read = |f: FileId| {
            self.path(f)
                .is_none_or(|rel| folder_of(rel).is_empty() || folders.contains(folder_of(rel)))
        };
        let mut loaded = self.finish(findings);
        // A diagnostic is the same when its code, place and message are (an ancestor's act read
        // by several parts).
        let mut seen: BTreeSet<Same> = BTreeSet::new();
        loaded.diagnostics.retain(|d| {
            d.file.is_none_or(read)
                && seen.insert((
                    d.code.id,
                    d.file,
                    d.span.map(|s| (s.start, s.end)),
                    d.message.clone(),
                ))
        });
        loaded
    }
}

/// What `lexgap check` finds in one part beyond loading and modelling it: its bills applied,
/// the units its analysis relies on; with the part's own findings.
pub fn check_part(part: Part) -> Findings {
    let mut found = crate::amend::check_bills(&part.loaded, Some(&part.model));
    found.extend(crate::coverage::unverified_reliance(
        &part.model,
        &part.jurisdiction,
    ));
    part.findings(found, |_| true)
}

/// What makes two diagnostics the same one: code, file, place and message.
type Same = (&'static str, Option<FileId>, Option<(u32, u32)>, String);

/// A jurisdiction known only from its folder.
fn bare(id: &str) -> Jurisdiction {
    Jurisdiction {
        id: id.to_string(),
        parent: None,
        name: None,
        act_kinds: BTreeMap::new(),
        declared: Vec::new(),
        instruments: None,
        file: None,
    }
}

impl Part {
    /// The English name of the jurisdiction, where its metadata gives one.
    pub fn name(&self) -> Option<String> {
        self.model
            .corpus
            .jurisdictions
            .get(&self.jurisdiction)
            .and_then(|j| j.name.clone())
    }

    /// The diagnostics of the part (what loading and modelling found, and `extra`, found by the
    /// caller in the part's numbering) that concern the jurisdiction's own files, in the global
    /// numbering, with the sources they point into. `keep` selects which to keep.
    pub fn findings(self, extra: Vec<Diagnostic>, keep: impl Fn(&Diagnostic) -> bool) -> Findings {
        self.findings_in(false, extra, keep)
    }

    /// [`Part::findings`] about every file the part read: the jurisdiction's own and its
    /// ancestors' acts, whose errors bear on its analysis. [`World::finish_for`] keeps each
    /// diagnostic once where several parts read the same ancestor.
    pub fn findings_read(
        self,
        extra: Vec<Diagnostic>,
        keep: impl Fn(&Diagnostic) -> bool,
    ) -> Findings {
        self.findings_in(true, extra, keep)
    }

    fn findings_in(
        self,
        ancestors: bool,
        extra: Vec<Diagnostic>,
        keep: impl Fn(&Diagnostic) -> bool,
    ) -> Findings {
        let Part {
            loaded, ids, own, ..
        } = self;
        let is_own = |d: &Diagnostic| {
            ancestors
                || d.file
                    .is_none_or(|f| own.get(f.0 as usize).copied().unwrap_or(false))
        };
        let global = |f: FileId| ids.get(f.0 as usize).copied().unwrap_or(f);
        let mut wanted: BTreeSet<FileId> = BTreeSet::new();
        let mut diagnostics = Vec::new();
        for d in loaded.diagnostics.into_iter().chain(extra) {
            if !is_own(&d) || !keep(&d) {
                continue;
            }
            wanted.extend(d.files());
            diagnostics.push(d.map_files(global));
        }
        let sources = wanted
            .into_iter()
            .filter_map(|f| Some((global(f), loaded.sources.get(f)?.clone())))
            .collect();
        Findings {
            diagnostics,
            sources,
        }
    }
}
