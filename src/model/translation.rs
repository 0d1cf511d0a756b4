//! Translations of the instrument model: `protocol/translations/<lang>/<instrument-id>.yaml`
//! (docs/translation.md).
//!
//! A catalog gives, for the stable ids of one instrument file (its facets, their values, its
//! obligations, their labelled parts and model provisions), the reader's-language text of each
//! human-readable field. Every field is optional: an untranslated one stays English and is
//! *marked* (`[en] `, [`FALLBACK_MARKER`]) wherever it is shown, and `lexgap check --lang L`
//! lists it with the place of the English source. Each entry may carry `en-hash`, a digest of
//! the English fields it translates ([`EnEntry::hash`]); when the English changes, the
//! translation is stale and `lexgap check` says so.
//!
//! `sr-Cyrl` is derived from `sr-Latn` by transliteration ([`super::translit`]) unless a
//! `sr-Cyrl` catalog gives a string itself.
//!
//! Pure: works on [`Sources`]; the catalogs are read by `workspace` like every input.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::codes::{
    BAD_TRANSLATION, STALE_TRANSLATION, TRANSLATION_MISMATCH, UNKNOWN_TRANSLATION_ID,
};
use super::instrument::Instrument;
use super::yaml::{Sp, parse, sp_span};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};
use crate::syntax::Span;

/// Where the catalogs live in a workspace.
pub const TRANSLATIONS_DIR: &str = "protocol/translations/";

/// What precedes an English string shown in place of a missing translation.
pub const FALLBACK_MARKER: &str = "[en] ";

/// Whether a workspace path is a translation catalog (and so not an instrument file).
pub fn is_catalog_path(rel: &str) -> bool {
    rel.starts_with(TRANSLATIONS_DIR)
}

/// The catalog files among the loaded sources, in path order.
pub fn catalog_files(sources: &Sources) -> Vec<FileId> {
    let mut files: Vec<(String, FileId)> = sources
        .iter()
        .filter(|(_, f)| is_catalog_path(&f.path) && f.path.ends_with(".yaml"))
        .map(|(id, f)| (f.path.clone(), id))
        .collect();
    files.sort();
    files.into_iter().map(|(_, id)| id).collect()
}

/// The instrument files among the loaded sources (`protocol/*.yaml` but the catalogs), in path
/// order: for callers holding sources without a [`crate::workspace::Loaded`]'s lists.
pub fn instrument_files(sources: &Sources) -> Vec<FileId> {
    let mut files: Vec<(String, FileId)> = sources
        .iter()
        .filter(|(_, f)| {
            f.path.starts_with("protocol/")
                && f.path.ends_with(".yaml")
                && !is_catalog_path(&f.path)
        })
        .map(|(id, f)| (f.path.clone(), id))
        .collect();
    files.sort();
    files.into_iter().map(|(_, id)| id).collect()
}

/// `(language, instrument id)` from a catalog's path, when it has the shape
/// `protocol/translations/<lang>/<id>.yaml`.
fn path_parts(rel: &str) -> Option<(&str, &str)> {
    let rest = rel.strip_prefix(TRANSLATIONS_DIR)?;
    let (lang, file) = rest.split_once('/')?;
    let id = file.strip_suffix(".yaml")?;
    (!id.contains('/') && !lang.is_empty() && !id.is_empty()).then_some((lang, id))
}

/// Whether `tag` is shaped like a BCP 47 language tag (`sq`, `sr-Latn`, `de-CH`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------------
// The English side: every translatable field of the instrument files, with its place.
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct EnFile {
    instrument: EnInstrument,
    #[serde(default)]
    facets: Vec<EnFacet>,
    #[serde(default)]
    obligations: Vec<EnObligation>,
}

#[derive(Deserialize)]
struct EnInstrument {
    id: Sp<String>,
    title: Option<Sp<String>>,
    short: Option<Sp<String>>,
    note: Option<Sp<String>>,
}

#[derive(Deserialize)]
struct EnFacet {
    id: Sp<String>,
    label: Option<Sp<String>>,
    explanation: Option<Sp<String>>,
    #[serde(default)]
    values: Vec<EnValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct EnValue {
    id: Sp<String>,
    label: Option<Sp<String>>,
    explanation: Option<Sp<String>>,
    #[serde(default)]
    includes_by_interpretation: Vec<EnInterpretation>,
    #[serde(default)]
    met_by_interpretation: Vec<EnInterpretation>,
}

/// A reading by which one value reaches another: its reason and source are translated.
#[derive(Deserialize)]
struct EnInterpretation {
    id: Sp<String>,
    reason: Option<Sp<String>>,
    source: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct EnObligation {
    id: Sp<String>,
    article: Option<Sp<String>>,
    title: Option<Sp<String>>,
    qualifier: Option<Sp<String>>,
    summary: Option<Sp<String>>,
    recommendation: Option<Sp<String>>,
    verification_note: Option<Sp<String>>,
    method: Option<Sp<String>>,
    requirement: Option<EnRequirement>,
    #[serde(default)]
    model_provisions: Vec<EnProvision>,
    #[serde(default)]
    references: Vec<EnReference>,
}

/// A pointer to UNODC guidance: its place in the publication is translated; the publication's
/// title is not (see [`Translation::apply`]).
#[derive(Deserialize)]
struct EnReference {
    source: Option<Sp<String>>,
    #[serde(rename = "where")]
    place: Option<Sp<String>>,
}

#[derive(Deserialize)]
struct EnRequirement {
    #[serde(default)]
    parts: Vec<EnPart>,
}

#[derive(Deserialize)]
struct EnPart {
    id: Option<Sp<String>>,
    label: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct EnProvision {
    id: Sp<String>,
    title: Option<Sp<String>>,
    text: Option<Sp<String>>,
    verification_note: Option<Sp<String>>,
}

/// What kind of thing an entry translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    Instrument,
    Facet,
    Value,
    Obligation,
    Provision,
    Reference,
    Interpretation,
}

/// One English field that can be translated.
#[derive(Clone, Debug)]
pub struct EnField {
    /// The field's name in the catalog (`label`, `verification-note`, `parts.i`).
    pub name: String,
    pub text: String,
    pub span: Span,
}

/// One translatable entry of an instrument file: its header, a facet, a value, an obligation or
/// a model provision.
#[derive(Clone, Debug)]
pub struct EnEntry {
    pub instrument: String,
    pub kind: EntryKind,
    /// The entry's path in a catalog: `instrument-text`, `facets.conduct`,
    /// `facets.conduct.values.manufacture`, `obligations.FP-5.1.a`,
    /// `obligations.FP-5.1.a.model-provisions.separate-offence`.
    pub path: String,
    pub file: FileId,
    /// The span of the entry's id (or the instrument's id for `instrument-text`).
    pub span: Span,
    pub fields: Vec<EnField>,
    /// [`hash`] of the fields.
    pub hash: String,
}

/// The `en-hash` of an entry's English fields: the first 8 hex digits of the SHA-256 of
/// `name\x1ftext\x1e` for each field present, in the order of docs/translation.md. An
/// obligation's `article` is not hashed (it was added to the catalogs after the first were
/// stamped, and changes only with the treaty's numbering).
pub fn hash(fields: &[EnField]) -> String {
    let mut h = Sha256::new();
    for f in fields.iter().filter(|f| f.name != "article") {
        h.update(f.name.as_bytes());
        h.update([0x1f]);
        h.update(f.text.as_bytes());
        h.update([0x1e]);
    }
    let digest = h.finalize();
    digest
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// The English side of every instrument file, entry by entry, in file order. Files that do not
/// parse are skipped (the instrument loader reports them).
#[derive(Clone, Debug, Default)]
pub struct English {
    pub entries: Vec<EnEntry>,
    index: HashMap<String, usize>,
    /// Instrument id → its file.
    pub instruments: BTreeMap<String, FileId>,
}

fn field(out: &mut Vec<EnField>, text: &str, name: &str, v: &Option<Sp<String>>) {
    if let Some(v) = v {
        out.push(EnField {
            name: name.to_string(),
            text: v.value.clone(),
            span: sp_span(text, v),
        });
    }
}

impl English {
    pub fn read(sources: &Sources, files: &[FileId]) -> English {
        let mut en = English::default();
        for &file in files {
            let Some(src) = sources.get(file) else {
                continue;
            };
            let Ok(raw) = parse::<EnFile>(src, file, "an instrument file") else {
                continue;
            };
            let text = src.text.as_str();
            let inst = raw.instrument.id.value.clone();
            if en.instruments.contains_key(&inst) {
                continue;
            }
            en.instruments.insert(inst.clone(), file);
            let mut fields = Vec::new();
            field(&mut fields, text, "title", &raw.instrument.title);
            field(&mut fields, text, "short", &raw.instrument.short);
            field(&mut fields, text, "note", &raw.instrument.note);
            en.push(
                &inst,
                EntryKind::Instrument,
                "instrument-text".into(),
                file,
                sp_span(text, &raw.instrument.id),
                fields,
            );
            for f in &raw.facets {
                let mut fields = Vec::new();
                field(&mut fields, text, "label", &f.label);
                field(&mut fields, text, "explanation", &f.explanation);
                let path = format!("facets.{}", f.id.value);
                en.push(
                    &inst,
                    EntryKind::Facet,
                    path.clone(),
                    file,
                    sp_span(text, &f.id),
                    fields,
                );
                for v in &f.values {
                    let mut fields = Vec::new();
                    field(&mut fields, text, "label", &v.label);
                    field(&mut fields, text, "explanation", &v.explanation);
                    let vp = format!("{path}.values.{}", v.id.value);
                    en.push(
                        &inst,
                        EntryKind::Value,
                        vp.clone(),
                        file,
                        sp_span(text, &v.id),
                        fields,
                    );
                    for (list, name) in [
                        (&v.includes_by_interpretation, "includes-by-interpretation"),
                        (&v.met_by_interpretation, "met-by-interpretation"),
                    ] {
                        for x in list {
                            let mut fields = Vec::new();
                            field(&mut fields, text, "reason", &x.reason);
                            field(&mut fields, text, "source", &x.source);
                            en.push(
                                &inst,
                                EntryKind::Interpretation,
                                format!("{vp}.{name}.{}", x.id.value),
                                file,
                                sp_span(text, &x.id),
                                fields,
                            );
                        }
                    }
                }
            }
            for o in &raw.obligations {
                let mut fields = Vec::new();
                field(&mut fields, text, "title", &o.title);
                field(&mut fields, text, "qualifier", &o.qualifier);
                field(&mut fields, text, "article", &o.article);
                field(&mut fields, text, "summary", &o.summary);
                field(&mut fields, text, "recommendation", &o.recommendation);
                field(&mut fields, text, "verification-note", &o.verification_note);
                field(&mut fields, text, "method", &o.method);
                for p in o.requirement.iter().flat_map(|r| &r.parts) {
                    if let Some(id) = &p.id {
                        field(&mut fields, text, &format!("parts.{}", id.value), &p.label);
                    }
                }
                let path = format!("obligations.{}", o.id.value);
                en.push(
                    &inst,
                    EntryKind::Obligation,
                    path.clone(),
                    file,
                    sp_span(text, &o.id),
                    fields,
                );
                for m in &o.model_provisions {
                    let mut fields = Vec::new();
                    field(&mut fields, text, "title", &m.title);
                    field(&mut fields, text, "text", &m.text);
                    field(&mut fields, text, "verification-note", &m.verification_note);
                    en.push(
                        &inst,
                        EntryKind::Provision,
                        format!("{path}.model-provisions.{}", m.id.value),
                        file,
                        sp_span(text, &m.id),
                        fields,
                    );
                }
                // References have no id: they are numbered from 1 in the order they stand.
                for (n, r) in o.references.iter().enumerate() {
                    let (Some(source), Some(_)) = (&r.source, &r.place) else {
                        continue;
                    };
                    let mut fields = Vec::new();
                    field(&mut fields, text, "where", &r.place);
                    en.push(
                        &inst,
                        EntryKind::Reference,
                        format!("{path}.references.{}", n + 1),
                        file,
                        sp_span(text, source),
                        fields,
                    );
                }
            }
        }
        en
    }

    fn push(
        &mut self,
        instrument: &str,
        kind: EntryKind,
        path: String,
        file: FileId,
        span: Span,
        fields: Vec<EnField>,
    ) {
        let key = key(instrument, &path);
        if self.index.contains_key(&key) {
            return;
        }
        let hash = hash(&fields);
        self.index.insert(key, self.entries.len());
        self.entries.push(EnEntry {
            instrument: instrument.to_string(),
            kind,
            path,
            file,
            span,
            fields,
            hash,
        });
    }

    pub fn entry(&self, instrument: &str, path: &str) -> Option<&EnEntry> {
        self.index
            .get(&key(instrument, path))
            .and_then(|&i| self.entries.get(i))
    }

    /// The entry with this path in any instrument (facet and obligation ids are unique across
    /// the instrument set).
    fn entry_anywhere(&self, path: &str) -> Option<&EnEntry> {
        self.entries.iter().find(|e| e.path == path)
    }
}

fn key(instrument: &str, path: &str) -> String {
    format!("{instrument}:{path}")
}

// ---------------------------------------------------------------------------------------------
// The catalogs.
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCatalog {
    language: Sp<String>,
    instrument: Sp<String>,
    #[serde(default)]
    reviewed_by_lawyer: bool,
    instrument_text: Option<RawInstrumentText>,
    #[serde(default)]
    facets: HashMap<Sp<String>, RawFacet>,
    #[serde(default)]
    obligations: HashMap<Sp<String>, RawObligation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawInstrumentText {
    en_hash: Option<Sp<String>>,
    title: Option<Sp<String>>,
    short: Option<Sp<String>>,
    note: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFacet {
    en_hash: Option<Sp<String>>,
    label: Option<Sp<String>>,
    explanation: Option<Sp<String>>,
    #[serde(default)]
    values: HashMap<Sp<String>, RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawValue {
    en_hash: Option<Sp<String>>,
    label: Option<Sp<String>>,
    explanation: Option<Sp<String>>,
    /// By the other value's id.
    #[serde(default)]
    includes_by_interpretation: HashMap<Sp<String>, RawInterpretation>,
    #[serde(default)]
    met_by_interpretation: HashMap<Sp<String>, RawInterpretation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawInterpretation {
    en_hash: Option<Sp<String>>,
    reason: Option<Sp<String>>,
    source: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawObligation {
    en_hash: Option<Sp<String>>,
    article: Option<Sp<String>>,
    title: Option<Sp<String>>,
    qualifier: Option<Sp<String>>,
    summary: Option<Sp<String>>,
    recommendation: Option<Sp<String>>,
    verification_note: Option<Sp<String>>,
    method: Option<Sp<String>>,
    #[serde(default)]
    parts: HashMap<Sp<String>, Sp<String>>,
    #[serde(default)]
    model_provisions: HashMap<Sp<String>, RawProvision>,
    /// By the reference's number (from 1, in the English order).
    #[serde(default)]
    references: HashMap<Sp<String>, RawReference>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReference {
    en_hash: Option<Sp<String>>,
    #[serde(rename = "where")]
    place: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawProvision {
    en_hash: Option<Sp<String>>,
    title: Option<Sp<String>>,
    text: Option<Sp<String>>,
    verification_note: Option<Sp<String>>,
}

/// One language's translation of the instrument model.
#[derive(Clone, Debug, Default)]
pub struct Translation {
    pub lang: String,
    /// `(instrument:path, field)` → text.
    strings: HashMap<(String, String), String>,
    /// Entries whose `en-hash` no longer matches their English (`instrument:path`), with the
    /// hash the catalog gives.
    pub stale: BTreeMap<String, String>,
    /// Entries translated without an `en-hash`.
    pub unstamped: BTreeSet<String>,
    /// Instrument id → whether its catalog says a lawyer reviewed it.
    pub reviewed: BTreeMap<String, bool>,
    /// The language this one was transliterated from (`sr-Latn` for `sr-Cyrl`).
    pub derived_from: Option<String>,
    /// Each instrument file's instrument id: a facet is translated in the catalog of the file
    /// that defines it, whichever analysis set it is shown in.
    files: BTreeMap<FileId, String>,
}

/// One entry of a catalog, read: its fields and its hash.
struct Given<'a> {
    en_hash: &'a Option<Sp<String>>,
    fields: Vec<(String, &'a Sp<String>)>,
}

fn given<'a>(
    en_hash: &'a Option<Sp<String>>,
    fields: &[(&str, &'a Option<Sp<String>>)],
) -> Given<'a> {
    Given {
        en_hash,
        fields: fields
            .iter()
            .filter_map(|(n, v)| v.as_ref().map(|v| (n.to_string(), v)))
            .collect(),
    }
}

impl Translation {
    /// The translation of one field of an entry, if the catalogs give one.
    pub fn get(&self, instrument: &str, path: &str, field: &str) -> Option<&str> {
        self.strings
            .get(&(key(instrument, path), field.to_string()))
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Whether every catalog this translation read says a lawyer reviewed it.
    pub fn reviewed_by_lawyer(&self) -> bool {
        !self.reviewed.is_empty() && self.reviewed.values().all(|r| *r)
    }

    /// Reads the catalogs of `lang` from `sources` against the English of `instrument_files`.
    /// `sr-Cyrl` is first derived from `sr-Latn` (whose problems are reported under its own
    /// language, not again here). Returns every problem found; what failed a check is left out.
    pub fn load(
        sources: &Sources,
        instrument_files: &[FileId],
        lang: &str,
    ) -> (Translation, Vec<Diagnostic>) {
        let en = English::read(sources, instrument_files);
        Translation::load_with(sources, &en, lang)
    }

    pub fn load_with(
        sources: &Sources,
        en: &English,
        lang: &str,
    ) -> (Translation, Vec<Diagnostic>) {
        let mut t = Translation {
            lang: lang.to_string(),
            files: en
                .instruments
                .iter()
                .map(|(i, f)| (*f, i.clone()))
                .collect(),
            ..Translation::default()
        };
        if lang == "sr-Cyrl" {
            let (latn, _) = Translation::load_with(sources, en, "sr-Latn");
            if !latn.is_empty() {
                t.derived_from = Some("sr-Latn".to_string());
                for ((k, f), v) in latn.strings {
                    t.strings.insert((k, f), super::translit::latn_to_cyrl(&v));
                }
                t.stale = latn.stale;
                t.unstamped = latn.unstamped;
                t.reviewed = latn.reviewed;
            }
        }
        let mut diags = Vec::new();
        for file in catalog_files(sources) {
            let Some(src) = sources.get(file) else {
                continue;
            };
            let Some((file_lang, _)) = path_parts(&src.path) else {
                // Reported once, under its folder's language (a file straight under
                // translations/ is reported by `check_all` as naming no language).
                if lang_of_path(&src.path) == Some(lang) {
                    diags.push(misplaced(file, &src.path));
                }
                continue;
            };
            if file_lang != lang {
                continue;
            }
            t.read_catalog(sources, en, file, &mut diags);
        }
        diags.sort_by_key(|d| (d.file.map(|f| f.0), d.span.map(|s| s.start)));
        (t, diags)
    }

    fn read_catalog(
        &mut self,
        sources: &Sources,
        en: &English,
        file: FileId,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(src) = sources.get(file) else {
            return;
        };
        let Some((lang, stem)) = path_parts(&src.path) else {
            return;
        };
        let raw = match parse::<RawCatalog>(src, file, "a translation catalog") {
            Ok(raw) => raw,
            Err(d) => {
                diags
                    .push(d.hint("see docs/translation.md for the shape of a translation catalog"));
                return;
            }
        };
        let text = src.text.as_str();
        let at = |v: &Sp<String>| sp_span(text, v);
        if raw.language.value != lang {
            diags.push(
                Diagnostic::new(
                    TRANSLATION_MISMATCH,
                    format!(
                        "the catalog says `language: {}` but stands in the folder of `{lang}`",
                        raw.language.value
                    ),
                )
                .at(at(&raw.language), "not the folder's language")
                .in_file(file)
                .hint(format!(
                    "write `language: {lang}` or move the file to protocol/translations/{}/",
                    raw.language.value
                )),
            );
            return;
        }
        if raw.instrument.value != stem {
            diags.push(
                Diagnostic::new(
                    TRANSLATION_MISMATCH,
                    format!(
                        "the catalog says `instrument: {}` but is named `{stem}.yaml`",
                        raw.instrument.value
                    ),
                )
                .at(at(&raw.instrument), "not the file's name")
                .in_file(file)
                .hint(format!(
                    "name the file `{}.yaml`, one catalog per instrument and language",
                    raw.instrument.value
                )),
            );
            return;
        }
        let inst = raw.instrument.value.clone();
        if !en.instruments.contains_key(&inst) {
            let mut d = Diagnostic::new(
                UNKNOWN_TRANSLATION_ID,
                format!("no instrument `{inst}` to translate"),
            )
            .at(at(&raw.instrument), "unknown instrument")
            .in_file(file);
            d = match did_you_mean(&inst, en.instruments.keys().map(String::as_str)) {
                Some(m) => d.hint(format!("did you mean `{m}`?")),
                None => d.hint(format!(
                    "the instruments are: {}",
                    en.instruments
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            diags.push(d);
            return;
        }
        self.reviewed.insert(inst.clone(), raw.reviewed_by_lawyer);
        let mut cx = Cx {
            t: self,
            en,
            inst: &inst,
            file,
            text,
            diags,
        };
        if let Some(it) = &raw.instrument_text {
            let g = given(
                &it.en_hash,
                &[
                    ("title", &it.title),
                    ("short", &it.short),
                    ("note", &it.note),
                ],
            );
            cx.entry("instrument-text", None, g);
        }
        for (fid, f) in sorted(&raw.facets) {
            let path = format!("facets.{}", fid.value);
            let g = given(
                &f.en_hash,
                &[("label", &f.label), ("explanation", &f.explanation)],
            );
            if !cx.entry(&path, Some(fid), g) {
                continue;
            }
            for (vid, v) in sorted(&f.values) {
                let g = given(
                    &v.en_hash,
                    &[("label", &v.label), ("explanation", &v.explanation)],
                );
                let vp = format!("{path}.values.{}", vid.value);
                if !cx.entry(&vp, Some(vid), g) {
                    continue;
                }
                for (list, name) in [
                    (&v.includes_by_interpretation, "includes-by-interpretation"),
                    (&v.met_by_interpretation, "met-by-interpretation"),
                ] {
                    for (xid, x) in sorted(list) {
                        let g = given(&x.en_hash, &[("reason", &x.reason), ("source", &x.source)]);
                        cx.entry(&format!("{vp}.{name}.{}", xid.value), Some(xid), g);
                    }
                }
            }
        }
        for (oid, o) in sorted(&raw.obligations) {
            let path = format!("obligations.{}", oid.value);
            let mut g = given(
                &o.en_hash,
                &[
                    ("title", &o.title),
                    ("qualifier", &o.qualifier),
                    ("article", &o.article),
                    ("summary", &o.summary),
                    ("recommendation", &o.recommendation),
                    ("verification-note", &o.verification_note),
                    ("method", &o.method),
                ],
            );
            for (pid, label) in sorted(&o.parts) {
                g.fields.push((format!("parts.{}", pid.value), label));
                // A part id is checked as a field; its span is the key's.
                let _ = pid;
            }
            if !cx.entry(&path, Some(oid), g) {
                continue;
            }
            for (mid, m) in sorted(&o.model_provisions) {
                let g = given(
                    &m.en_hash,
                    &[
                        ("title", &m.title),
                        ("text", &m.text),
                        ("verification-note", &m.verification_note),
                    ],
                );
                cx.entry(
                    &format!("{path}.model-provisions.{}", mid.value),
                    Some(mid),
                    g,
                );
            }
            for (rid, r) in sorted(&o.references) {
                let g = given(&r.en_hash, &[("where", &r.place)]);
                cx.entry(&format!("{path}.references.{}", rid.value), Some(rid), g);
            }
        }
    }
}

/// The language folder of a catalog path, whatever its depth.
fn lang_of_path(rel: &str) -> Option<&str> {
    rel.strip_prefix(TRANSLATIONS_DIR)?.split('/').next()
}

fn misplaced(file: FileId, rel: &str) -> Diagnostic {
    Diagnostic::new(
        BAD_TRANSLATION,
        format!("{rel} is not where a translation catalog stands"),
    )
    .at(Span::new(0, 0), "this file")
    .in_file(file)
    .hint("a catalog is protocol/translations/<language>/<instrument-id>.yaml, e.g. protocol/translations/sq/firearms-protocol.yaml")
}

/// A map's entries in the order they stand in the file.
fn sorted<V>(m: &HashMap<Sp<String>, V>) -> Vec<(&Sp<String>, &V)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
    v
}

struct Cx<'a, 'd> {
    t: &'a mut Translation,
    en: &'a English,
    inst: &'a str,
    file: FileId,
    text: &'a str,
    diags: &'d mut Vec<Diagnostic>,
}

impl Cx<'_, '_> {
    /// Records one catalog entry; false when its id names nothing of the instrument.
    fn entry(&mut self, path: &str, id: Option<&Sp<String>>, g: Given<'_>) -> bool {
        let at = |v: &Sp<String>| sp_span(self.text, v);
        let Some(entry) = self.en.entry(self.inst, path) else {
            if let Some(id) = id {
                self.diags.push(self.unknown(path, id));
            }
            return false;
        };
        let k = key(self.inst, path);
        match g.en_hash {
            Some(h)
                if !(h.value.len() == 8
                    && h.value
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())) =>
            {
                self.diags.push(
                    Diagnostic::new(BAD_TRANSLATION, format!("`en-hash: {}` is not 8 lower-case hex digits", h.value))
                        .at(at(h), "not a hash")
                        .in_file(self.file)
                        .hint(format!("the English of `{path}` now hashes to `{}` (`lexgap check --lang {}` lists every hash)", entry.hash, self.t.lang)),
                );
            }
            Some(h) if h.value != entry.hash => {
                self.t.stale.insert(k.clone(), h.value.clone());
                self.diags.push(
                    Diagnostic::new(
                        STALE_TRANSLATION,
                        format!(
                            "the English of `{path}` changed since this {} translation was written",
                            self.t.lang
                        ),
                    )
                    .at(
                        at(h),
                        format!(
                            "written for `{}`, the English now hashes to `{}`",
                            h.value, entry.hash
                        ),
                    )
                    .in_file(self.file)
                    .related_in(entry.file, entry.span, "the English entry")
                    .hint(format!(
                        "check the translation against the English, then write `en-hash: {}`",
                        entry.hash
                    )),
                );
            }
            Some(_) => {}
            None => {
                self.t.unstamped.insert(k.clone());
            }
        }
        for (name, v) in g.fields {
            if !entry.fields.iter().any(|f| f.name == name) {
                let (what, names): (String, Vec<&str>) = match name.strip_prefix("parts.") {
                    Some(p) => (
                        format!("`{path}` has no labelled part `{p}`"),
                        entry
                            .fields
                            .iter()
                            .filter_map(|f| f.name.strip_prefix("parts."))
                            .collect(),
                    ),
                    None => (
                        format!("`{path}` has no English `{name}` to translate"),
                        Vec::new(),
                    ),
                };
                let mut d = Diagnostic::new(UNKNOWN_TRANSLATION_ID, what)
                    .at(at(v), "nothing to translate")
                    .in_file(self.file)
                    .related_in(entry.file, entry.span, "the English entry");
                let p = name.strip_prefix("parts.").unwrap_or(&name);
                d = match did_you_mean(p, names.iter().copied()) {
                    Some(m) => d.hint(format!("did you mean `{m}`?")),
                    None if !names.is_empty() => {
                        d.hint(format!("its labelled parts are: {}", names.join(", ")))
                    }
                    None => d.hint("translate only the fields the English entry has"),
                };
                self.diags.push(d);
                continue;
            }
            if v.value.trim().is_empty() {
                self.diags.push(
                    Diagnostic::new(
                        BAD_TRANSLATION,
                        format!("empty translation of `{path}` {name}"),
                    )
                    .at(at(v), "empty")
                    .in_file(self.file)
                    .hint("leave the key out: a missing translation falls back to English, marked"),
                );
                continue;
            }
            self.t.strings.insert((k.clone(), name), v.value.clone());
        }
        true
    }

    fn unknown(&self, path: &str, id: &Sp<String>) -> Diagnostic {
        let (parent, _) = path.rsplit_once('.').unwrap_or(("", path));
        let what = if path.contains(".model-provisions.") {
            "model provision"
        } else if path.contains(".references.") {
            "reference"
        } else if path.contains("-by-interpretation.") {
            "interpretation"
        } else if path.contains(".values.") {
            "value"
        } else if path.starts_with("facets.") {
            "facet"
        } else {
            "obligation"
        };
        let mut d = Diagnostic::new(
            UNKNOWN_TRANSLATION_ID,
            format!("`{}` is no {what} of `{}`", id.value, self.inst),
        )
        .at(sp_span(self.text, id), format!("unknown {what}"))
        .in_file(self.file);
        if let Some(other) = self.en.entry_anywhere(path) {
            return d.hint(format!(
                "`{}` belongs to `{}`: translate it in protocol/translations/{}/{}.yaml",
                id.value, other.instrument, self.t.lang, other.instrument
            ));
        }
        // Siblings: entries of the same instrument and kind under the same parent.
        let prefix = format!("{parent}.");
        let siblings: Vec<&str> = self
            .en
            .entries
            .iter()
            .filter(|e| e.instrument == self.inst)
            .filter_map(|e| e.path.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('.') || what == "facet" || what == "obligation")
            .collect();
        let siblings: Vec<&str> = siblings
            .into_iter()
            .filter(|s| match what {
                "facet" | "obligation" => {
                    !s.contains(".values.")
                        && !s.contains(".model-provisions.")
                        && !s.contains(".references.")
                }
                _ => true,
            })
            .collect();
        if let Some(m) = did_you_mean(&id.value, siblings.iter().copied()) {
            d = d.hint(format!("did you mean `{m}`?"));
        } else {
            d = d.hint(format!(
                "translate only the ids of `{}` (its instrument file lists them)",
                self.inst
            ));
        }
        d
    }
}

// ---------------------------------------------------------------------------------------------
// Using a translation.
// ---------------------------------------------------------------------------------------------

/// How an instrument was put into a language: strings translated and strings left in English.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub translated: usize,
    /// Strings shown in English, each behind [`FALLBACK_MARKER`].
    pub fallback: usize,
}

/// The language an instrument was put into: what reports say about it, and the phrases the
/// shortfall sentences are built from (the `shortfall.*` keys of the report catalog
/// `templates/locales/<lang>.yaml`, English filling its gaps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Language {
    pub lang: String,
    pub coverage: Coverage,
    /// Whether every catalog read says a lawyer reviewed it.
    pub reviewed_by_lawyer: bool,
    /// `sr-Latn` when the text was transliterated from it.
    pub derived_from: Option<String>,
    /// `shortfall.…` → phrase.
    pub phrases: BTreeMap<String, String>,
    /// `J/act` → the act's title in this language (its header's, as reports name it), for the
    /// addresses in shortfall sentences; an act not here is named by its id.
    pub act_names: BTreeMap<String, String>,
}

/// What a JSON output says of the language of the instrument model's strings: how many were
/// translated and how many are shown in English behind the marker.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LanguageNote {
    pub lang: String,
    pub translated: usize,
    /// Strings shown in English, each prefixed by `marker`.
    pub fallback: usize,
    pub marker: &'static str,
    pub reviewed_by_lawyer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
}

impl Language {
    pub fn note(&self) -> LanguageNote {
        LanguageNote {
            lang: self.lang.clone(),
            translated: self.coverage.translated,
            fallback: self.coverage.fallback,
            marker: FALLBACK_MARKER,
            reviewed_by_lawyer: self.reviewed_by_lawyer,
            derived_from: self.derived_from.clone(),
        }
    }

    /// A phrase by its key under `shortfall.`; the key itself when even English lacks it.
    pub fn phrase<'a>(&'a self, key: &'a str) -> &'a str {
        self.phrases.get(key).map_or(key, String::as_str)
    }

    /// A phrase with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.phrase(key).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

impl Translation {
    /// A copy of `inst` whose every human-readable string is in this language: the catalog's
    /// text, or the English behind [`FALLBACK_MARKER`]. `phrases` are the shortfall phrases of
    /// the language ([`Language::phrases`]).
    pub fn apply(
        &self,
        inst: &Instrument,
        phrases: BTreeMap<String, String>,
    ) -> (Instrument, Coverage) {
        let (mut out, cov) = self.apply_strings(inst);
        out.language = Some(std::sync::Arc::new(Language {
            lang: self.lang.clone(),
            coverage: cov.clone(),
            reviewed_by_lawyer: self.reviewed_by_lawyer(),
            derived_from: self.derived_from.clone(),
            phrases,
            act_names: BTreeMap::new(),
        }));
        (out, cov)
    }

    fn apply_strings(&self, inst: &Instrument) -> (Instrument, Coverage) {
        let mut out = inst.clone();
        let mut cov = Coverage::default();
        let mut put = |instrument: &str, path: &str, name: &str, s: &mut String| {
            self.put(instrument, path, name, s, &mut cov)
        };
        // Facets and obligations carry their file; the instrument of a file is its header's.
        let mut of_file: BTreeMap<FileId, String> = self.files.clone();
        of_file.extend(out.parts.iter().map(|p| (p.file, p.id.clone())));
        let inst_of = |f: FileId| of_file.get(&f).cloned().unwrap_or_default();
        for p in &mut out.parts {
            let id = p.id.clone();
            put(&id, "instrument-text", "title", &mut p.title);
            put(&id, "instrument-text", "short", &mut p.short);
            if let Some(n) = &mut p.note {
                put(&id, "instrument-text", "note", n);
            }
        }
        for f in &mut out.facets {
            let i = inst_of(f.file);
            let path = format!("facets.{}", f.id);
            put(&i, &path, "label", &mut f.label);
            put(&i, &path, "explanation", &mut f.explanation);
            for v in &mut f.values {
                let vp = format!("{path}.values.{}", v.id);
                put(&i, &vp, "label", &mut v.label);
                put(&i, &vp, "explanation", &mut v.explanation);
                // The instrument's own readings (a jurisdiction's are recorded in its law).
                for (list, name, other) in [
                    (
                        &mut v.includes_by_interpretation,
                        "includes-by-interpretation",
                        true,
                    ),
                    (&mut v.met_by_interpretation, "met-by-interpretation", false),
                ] {
                    for x in list.iter_mut().filter(|x| x.recorded_at.is_none()) {
                        let id = if other { &x.as_including } else { &x.reads };
                        let xp = format!("{vp}.{name}.{id}");
                        put(&i, &xp, "reason", &mut x.reason);
                        if let Some(s) = &mut x.source {
                            put(&i, &xp, "source", s);
                        }
                    }
                }
            }
            // The readings the coverage engine looks up (the relations' closure): each is a copy
            // of one relation above, put into the language the same way (not counted again).
            for x in f.interpretations.values_mut() {
                let paths = [
                    format!(
                        "{path}.values.{}.met-by-interpretation.{}",
                        x.as_including, x.reads
                    ),
                    format!(
                        "{path}.values.{}.includes-by-interpretation.{}",
                        x.reads, x.as_including
                    ),
                ];
                let given = |field: &str| paths.iter().find_map(|p| self.get(&i, p, field));
                x.reason = given("reason")
                    .map_or_else(|| format!("{FALLBACK_MARKER}{}", x.reason), str::to_string);
                if let Some(s) = &mut x.source {
                    *s = given("source")
                        .map_or_else(|| format!("{FALLBACK_MARKER}{s}"), str::to_string);
                }
            }
        }
        // Each instrument's short name, English → as shown (a reference may name an instrument).
        let shorts: BTreeMap<String, String> = inst
            .all_parts
            .iter()
            .map(|p| {
                let shown = self
                    .get(&p.id, "instrument-text", "short")
                    .map_or_else(|| format!("{FALLBACK_MARKER}{}", p.short), str::to_string);
                (p.short.clone(), shown)
            })
            .collect();
        let mut obligations = std::mem::take(&mut out.obligations);
        self.translate_obligations(&mut obligations, &shorts, &mut put);
        out.obligations = obligations;
        // The obligations an analysis set is built from are put into the language too (not
        // counted: they are the same strings).
        let mut templates = std::mem::take(&mut out.templates);
        let mut uncounted = Coverage::default();
        self.translate_obligations(
            &mut templates,
            &shorts,
            &mut |i: &str, p: &str, n: &str, s: &mut String| self.put(i, p, n, s, &mut uncounted),
        );
        out.templates = templates;
        // So are the headers of every instrument an analysis set can be derived with.
        let mut all_parts = std::mem::take(&mut out.all_parts);
        for p in &mut all_parts {
            let id = p.id.clone();
            self.put(
                &id,
                "instrument-text",
                "title",
                &mut p.title,
                &mut uncounted,
            );
            self.put(
                &id,
                "instrument-text",
                "short",
                &mut p.short,
                &mut uncounted,
            );
            if let Some(n) = &mut p.note {
                self.put(&id, "instrument-text", "note", n, &mut uncounted);
            }
        }
        out.all_parts = all_parts;
        (out, cov)
    }

    fn put(&self, instrument: &str, path: &str, name: &str, s: &mut String, cov: &mut Coverage) {
        match self.get(instrument, path, name) {
            Some(t) => {
                *s = t.to_string();
                cov.translated += 1;
            }
            None => {
                *s = format!("{FALLBACK_MARKER}{s}");
                cov.fallback += 1;
            }
        }
    }

    fn translate_obligations(
        &self,
        obligations: &mut [super::instrument::Obligation],
        shorts: &BTreeMap<String, String>,
        put: &mut dyn FnMut(&str, &str, &str, &mut String),
    ) {
        for o in obligations.iter_mut() {
            let i = o.instrument.clone();
            let path = format!("obligations.{}", o.id);
            put(&i, &path, "title", &mut o.title);
            if let Some(q) = &mut o.qualifier {
                put(&i, &path, "qualifier", q);
            }
            put(&i, &path, "article", &mut o.article);
            put(&i, &path, "summary", &mut o.summary);
            put(&i, &path, "recommendation", &mut o.recommendation);
            if let Some(n) = &mut o.verification_note {
                put(&i, &path, "verification-note", n);
            }
            if let Some(m) = &mut o.method {
                put(&i, &path, "method", m);
            }
            for part in &mut o.requirement.parts {
                if let (Some(id), Some(label)) = (&part.id, &mut part.label) {
                    put(&i, &path, &format!("parts.{id}"), label);
                }
            }
            for m in &mut o.model_provisions {
                let mp = format!("{path}.model-provisions.{}", m.id);
                if let Some(t) = &mut m.title {
                    put(&i, &mp, "title", t);
                }
                put(&i, &mp, "text", &mut m.text);
                if let Some(n) = &mut m.verification_note {
                    put(&i, &mp, "verification-note", n);
                }
            }
            // A reference's place is ours to translate; its source is the title of a UNODC
            // publication, cited as published (none is published in these languages), or
            // the short name of an instrument of the library, given as the catalogs give it.
            for (n, r) in o.references.iter_mut().enumerate() {
                put(
                    &i,
                    &format!("{path}.references.{}", n + 1),
                    "where",
                    &mut r.place,
                );
                if let Some(short) = shorts.get(&r.source) {
                    r.source.clone_from(short);
                }
            }
        }
    }
}

/// One English string a language lacks, or translates from an older English.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    /// `missing` or `stale`.
    pub kind: &'static str,
    pub instrument: String,
    /// The entry's path in the catalog (`obligations.FP-5.1.a`).
    pub entry: String,
    /// The field (`title`, `parts.i`); for a stale entry, every field it has.
    pub field: String,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    /// The `en-hash` to write for the entry.
    pub en_hash: String,
}

/// Every English string `t` lacks, and every entry it translates from an older English, in
/// the order of the instrument files.
pub fn gaps(en: &English, t: &Translation) -> Vec<Gap> {
    let mut out = Vec::new();
    for e in &en.entries {
        let k = key(&e.instrument, &e.path);
        if t.stale.contains_key(&k) {
            out.push(Gap {
                kind: "stale",
                instrument: e.instrument.clone(),
                entry: e.path.clone(),
                field: e
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                file: e.file,
                span: e.span,
                en_hash: e.hash.clone(),
            });
        }
        for f in &e.fields {
            if t.get(&e.instrument, &e.path, &f.name).is_none() {
                out.push(Gap {
                    kind: "missing",
                    instrument: e.instrument.clone(),
                    entry: e.path.clone(),
                    field: f.name.clone(),
                    file: e.file,
                    span: f.span,
                    en_hash: e.hash.clone(),
                });
            }
        }
    }
    out
}

/// The languages that have catalogs among `sources` (with `sr-Cyrl` where `sr-Latn` has any).
pub fn languages(sources: &Sources) -> Vec<String> {
    let mut out = BTreeSet::new();
    for f in catalog_files(sources) {
        if let Some(l) = sources.get(f).and_then(|s| lang_of_path(&s.path)) {
            out.insert(l.to_string());
        }
    }
    if out.contains("sr-Latn") {
        out.insert("sr-Cyrl".to_string());
    }
    out.into_iter().collect()
}

/// Every problem of every catalog among `sources`, for `lexgap check`.
pub fn check_all(sources: &Sources, instrument_files: &[FileId]) -> Vec<Diagnostic> {
    let en = English::read(sources, instrument_files);
    let mut out = Vec::new();
    for lang in languages(sources) {
        if !is_language_tag(&lang) || lang == "en" {
            for f in catalog_files(sources) {
                if let Some(src) = sources
                    .get(f)
                    .filter(|s| lang_of_path(&s.path) == Some(lang.as_str()))
                {
                    out.push(
                        Diagnostic::new(BAD_TRANSLATION, format!("`{lang}` is not a language lexgap translates into"))
                            .at(Span::new(0, 0), "this file")
                            .in_file(f)
                            .hint(if lang == "en" {
                                "English is the instrument files themselves; a catalog translates them into another language".to_string()
                            } else {
                                format!("name the folder by a BCP 47 tag (`sq`, `mk`, `sr-Latn`, `sr-Cyrl`), not `{}`", src.path)
                            }),
                    );
                }
            }
            continue;
        }
        let (t, d) = Translation::load_with(sources, &en, &lang);
        // A derived language's problems are those of the catalogs it derives from, reported
        // under that language already; its own catalogs are reported here.
        if t.derived_from.is_some() {
            out.extend(d.into_iter().filter(|d| {
                d.file
                    .and_then(|f| sources.get(f))
                    .is_some_and(|s| lang_of_path(&s.path) == Some(lang.as_str()))
            }));
        } else {
            out.extend(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const INST: &str = "\
instrument:
  id: proto
  title: The Protocol
  short: Protocol
facets:
  - id: conduct
    label: conduct
    explanation: What is done.
    role: element
    used-in: [offence]
    when-absent: nothing
    values:
      - id: manufacture
        label: manufacturing
        explanation: Making.
      - id: assemble
        label: assembly
        explanation: Putting together.
obligations:
  - id: P-1
    article: Art 1
    title: Manufacturing
    kind: mandatory
    domain: criminal
    verification: verified
    summary: Make it an offence.
    recommendation: Do it.
    requirement:
      parts:
        - id: i
          label: the making
          offence: {conduct: [manufacture]}
";

    fn sources(catalogs: &[(&str, &str)]) -> (Sources, Vec<FileId>) {
        let mut s = Sources::default();
        let i = s.add(crate::source::SourceFile::new(
            "protocol/proto.yaml",
            INST.to_string(),
        ));
        for (p, t) in catalogs {
            s.add(crate::source::SourceFile::new(*p, t.to_string()));
        }
        (s, vec![i])
    }

    #[test]
    fn english_entries_have_places_and_hashes() {
        let (s, f) = sources(&[]);
        let en = English::read(&s, &f);
        let paths: Vec<_> = en.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "instrument-text",
                "facets.conduct",
                "facets.conduct.values.manufacture",
                "facets.conduct.values.assemble",
                "obligations.P-1"
            ]
        );
        let o = en.entry("proto", "obligations.P-1").unwrap();
        let names: Vec<_> = o.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["title", "article", "summary", "recommendation", "parts.i"]
        );
        assert_eq!(o.hash.len(), 8);
        assert_ne!(o.hash, en.entry("proto", "facets.conduct").unwrap().hash);
        let src = s.get(f[0]).unwrap();
        assert_eq!(src.line_col(o.fields[0].span.start as usize), (22, 12));
    }

    #[test]
    fn a_catalog_translates_and_the_rest_is_marked() {
        let cat = "\
language: sq
instrument: proto
facets:
  conduct:
    values:
      manufacture: {label: prodhimi}
obligations:
  P-1:
    title: Prodhimi
    parts: {i: prodhimi}
";
        let (s, f) = sources(&[("protocol/translations/sq/proto.yaml", cat)]);
        let (t, d) = Translation::load(&s, &f, "sq");
        assert!(d.is_empty(), "{d:?}");
        let inst = crate::model::load_instrument(&s, &f).0;
        let (tr, cov) = t.apply(&inst, BTreeMap::new());
        let conduct = tr.facet("conduct").unwrap();
        assert_eq!(conduct.label_of("manufacture"), "prodhimi");
        assert_eq!(conduct.label_of("assemble"), "[en] assembly");
        let o = tr.obligation("P-1").unwrap();
        assert_eq!(o.title, "Prodhimi");
        assert_eq!(o.summary, "[en] Make it an offence.");
        assert_eq!(o.requirement.parts[0].label.as_deref(), Some("prodhimi"));
        assert_eq!(cov.translated, 3);
        let en = English::read(&s, &f);
        let g = gaps(&en, &t);
        assert!(
            g.iter()
                .any(|g| g.entry == "facets.conduct.values.assemble" && g.field == "label")
        );
        assert!(
            !g.iter()
                .any(|g| g.entry == "obligations.P-1" && g.field == "title")
        );
        assert_eq!(g.len(), cov.fallback);
    }

    #[test]
    fn unknown_ids_are_located_with_a_hint() {
        let cat = "\
language: mk
instrument: proto
facets:
  conduct:
    values:
      manufacure: {label: производство}
obligations:
  P-2:
    title: x
  P-1:
    qualifier: x
    parts: {ii: x}
";
        let (s, f) = sources(&[("protocol/translations/mk/proto.yaml", cat)]);
        let (_, d) = Translation::load(&s, &f, "mk");
        let text = s.get(FileId(1)).unwrap();
        let got: Vec<_> = d
            .iter()
            .map(|d| {
                let (l, c) = text.line_col(d.span.unwrap().start as usize);
                format!(
                    "{}:{l}:{c} {} {}",
                    d.code.id,
                    d.message,
                    d.hint.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(
            got[0].starts_with("E0410:6:7 `manufacure` is no value"),
            "{got:#?}"
        );
        assert!(got[0].contains("did you mean `manufacture`?"), "{got:#?}");
        assert!(
            got[1].starts_with("E0410:8:3 `P-2` is no obligation"),
            "{got:#?}"
        );
        assert!(got[1].contains("did you mean `P-1`?"), "{got:#?}");
        assert!(got[2].contains("no English `qualifier`"), "{got:#?}");
        assert!(got[3].contains("no labelled part `ii`"), "{got:#?}");
    }

    #[test]
    fn stale_hashes_and_mismatches_are_reported() {
        let (s0, f0) = sources(&[]);
        let h = English::read(&s0, &f0)
            .entry("proto", "obligations.P-1")
            .unwrap()
            .hash
            .clone();
        let ok = format!(
            "language: sq\ninstrument: proto\nobligations:\n  P-1: {{en-hash: {h}, title: T}}\n"
        );
        let (s, f) = sources(&[("protocol/translations/sq/proto.yaml", &ok)]);
        let (t, d) = Translation::load(&s, &f, "sq");
        assert!(d.is_empty() && t.stale.is_empty(), "{d:?}");
        let stale =
            "language: sq\ninstrument: proto\nobligations:\n  P-1: {en-hash: 0badc0de, title: T}\n";
        let (s, f) = sources(&[("protocol/translations/sq/proto.yaml", stale)]);
        let (t, d) = Translation::load(&s, &f, "sq");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code.id, "W0401");
        assert!(t.stale.contains_key("proto:obligations.P-1"));
        assert!(
            gaps(&English::read(&s, &f), &t)
                .iter()
                .any(|g| g.kind == "stale")
        );
        let wrong = "language: mk\ninstrument: proto\n";
        let (s, f) = sources(&[("protocol/translations/sq/proto.yaml", wrong)]);
        let (_, d) = Translation::load(&s, &f, "sq");
        assert_eq!(d[0].code.id, "E0411");
    }

    #[test]
    fn serbian_cyrillic_is_derived_from_latin() {
        let latn = "language: sr-Latn\ninstrument: proto\nobligations:\n  P-1: {title: Nedozvoljena proizvodnja}\n";
        let cyrl = "language: sr-Cyrl\ninstrument: proto\nobligations:\n  P-1: {summary: Сопствени текст}\n";
        let (s, f) = sources(&[
            ("protocol/translations/sr-Latn/proto.yaml", latn),
            ("protocol/translations/sr-Cyrl/proto.yaml", cyrl),
        ]);
        let (t, d) = Translation::load(&s, &f, "sr-Cyrl");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            t.get("proto", "obligations.P-1", "title"),
            Some("Недозвољена производња")
        );
        assert_eq!(
            t.get("proto", "obligations.P-1", "summary"),
            Some("Сопствени текст")
        );
        assert_eq!(t.derived_from.as_deref(), Some("sr-Latn"));
    }

    #[test]
    fn bad_shapes_are_located_errors() {
        for cat in [
            "language: sq\ninstrument: proto\nfacet: {}\n",
            "language: sq\ninstrument: proto\nobligations: [a]\n",
            "language: sq\n",
            "language: sq\ninstrument: proto\nobligations:\n  P-1: {title: ''}\n",
            "language: sq\ninstrument: prota\n",
        ] {
            let (s, f) = sources(&[("protocol/translations/sq/proto.yaml", cat)]);
            let (_, d) = Translation::load(&s, &f, "sq");
            assert_eq!(d.len(), 1, "{cat}: {d:?}");
            assert!(d[0].is_error() && d[0].span.is_some(), "{cat}: {d:?}");
        }
    }

    #[test]
    fn language_tags() {
        for t in ["sq", "mk", "sr-Latn", "sr-Cyrl", "de-CH"] {
            assert!(is_language_tag(t), "{t}");
        }
        for t in ["", "SQ", "x", "sr_Latn", "sr-", "toolongtag"] {
            assert!(!is_language_tag(t), "{t}");
        }
    }
}
