//! The corpus: every act version of every jurisdiction, lowered, and the checks that need more
//! than one file — tag values against the vocabulary and the terms acts define, references to
//! other acts, chains of qualified offences, the parents of sub-jurisdictions.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::codes::*;
use super::instrument::{FacetRole, Instrument};
use super::law::{ActVersion, Segment, TagValue, Target, describe_path, lower_law};
use super::yaml::{Sp, parse, sp_span};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};
use crate::syntax::ast::LawFile;
use crate::syntax::{Span, Spanned};

/// A jurisdiction: a State, or a sub-jurisdiction analysed together with its parent
/// (`BA-FBIH` with `BA`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Jurisdiction {
    pub id: String,
    pub parent: Option<String>,
    /// The English name, where `jurisdiction.yaml` gives one.
    pub name: Option<String>,
    /// Act id → kind of act (`weapons-law` …), from the `acts:` list of `jurisdiction.yaml`.
    /// An act not listed is taken to be of the kind its id names.
    pub act_kinds: BTreeMap<String, String>,
    /// The acts the `acts:` list declares, in its order: an act declared here with no version in
    /// force on a date is "not encoded" for that date, and the obligations that look in its kind
    /// and are not fully met are not assessed (docs/protocol.md).
    pub declared: Vec<DeclaredAct>,
    /// The instruments `jurisdiction.yaml` lists under `instruments:` (`None`: no list), each
    /// with the date its offences are encoded from (docs/protocol.md, *Instruments and analysis
    /// sets*).
    #[serde(skip)]
    pub instruments: Option<Vec<AdoptedInstrument>>,
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// One entry of a jurisdiction's `instruments:` list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AdoptedInstrument {
    pub id: String,
    /// The corpus encodes the instrument's offences only in versions from this date: an
    /// analysis at an earlier date is "not assessed".
    pub encoded_from: Option<Date>,
    /// Where the id stands in `jurisdiction.yaml`, for [`check_instrument_ids`].
    #[serde(skip)]
    pub at: Option<(FileId, Span)>,
}

impl Jurisdiction {
    /// The entry for an instrument (or its alias `firearms`).
    pub fn adopted(&self, instrument: &str) -> Option<&AdoptedInstrument> {
        self.instruments.as_ref()?.iter().find(|a| {
            a.id == instrument || (a.id == "firearms" && instrument == "firearms-protocol")
        })
    }
}

/// One entry of a jurisdiction's `acts:` list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DeclaredAct {
    pub id: String,
    /// The kind of act; an entry without one is of the kind its id names.
    pub kind: String,
    pub title: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawName {
    One(String),
    Many(BTreeMap<String, String>),
}

/// `codes/<J>/jurisdiction.yaml`. Only the fields lexgap's analysis needs are read; others
/// (languages, acts, treaty status) are for reports and are left alone here.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawJurisdiction {
    id: Option<Sp<String>>,
    parent: Option<Sp<String>>,
    name: Option<RawName>,
    #[serde(default)]
    acts: Vec<RawAct>,
    instruments: Option<Vec<RawAdopted>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawAdopted {
    id: Sp<String>,
    encoded_from: Option<Sp<String>>,
}

#[derive(Deserialize)]
struct RawAct {
    id: String,
    kind: Option<String>,
    title: Option<String>,
}

/// The kinds of act a jurisdiction's `acts:` list and an obligation's `looks-in:` may name.
pub const ACT_KINDS: &[&str] = &[
    "criminal-code",
    "legal-persons-law",
    "criminal-procedure-code",
    "weapons-law",
    "marking-law",
    "arms-trade-law",
    "customs-law",
    "other",
];

/// A jurisdiction read from its file, with where its `parent:` field stands (for diagnostics).
pub type JurisdictionEntry = (Jurisdiction, Option<(FileId, Span)>);

/// Where a jurisdiction file's `name:` key is (the start of the file if it has none at the
/// start of a line).
fn name_key_span(text: &str) -> Span {
    let at = if text.starts_with("name:") {
        Some(0)
    } else {
        text.find("\nname:").map(|i| i + 1)
    };
    at.map_or(Span::new(0, 0), |i| Span::new(i, i + 4))
}

/// Reads the jurisdiction files. The id comes from the folder (`codes/<J>/jurisdiction.yaml`);
/// an `id:` field that disagrees is an error.
pub fn load_jurisdictions(
    sources: &Sources,
    files: &[FileId],
) -> (Vec<JurisdictionEntry>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for &id in files {
        let Some(file) = sources.get(id) else {
            continue;
        };
        let folder = file.path.rsplit('/').nth(1).unwrap_or("").to_string();
        let raw = match parse::<RawJurisdiction>(file, id, "a jurisdiction file") {
            Ok(r) => r,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        if let Some(j) = &raw.id
            && j.value != folder
            && !folder.is_empty()
        {
            diags.push(
                Diagnostic::new(
                    BAD_JURISDICTION,
                    format!(
                        "the file says jurisdiction `{}`, but it is in folder `{folder}`",
                        j.value
                    ),
                )
                .at(sp_span(&file.text, j), format!("expected `{folder}`"))
                .hint("jurisdiction files live at codes/<JURISDICTION>/jurisdiction.yaml")
                .in_file(id),
            );
        }
        let jid = if folder.is_empty() {
            raw.id.as_ref().map(|j| j.value.clone()).unwrap_or_default()
        } else {
            folder
        };
        let name = match raw.name {
            Some(RawName::One(s)) => Some(s),
            Some(RawName::Many(m)) => m.get("en").cloned().or_else(|| m.values().next().cloned()),
            None => None,
        };
        let name = match name {
            Some(n) if n.chars().count() > crate::syntax::lint::MAX_TITLE => {
                let at = name_key_span(&file.text);
                diags.push(
                    Diagnostic::new(
                        BAD_JURISDICTION,
                        format!(
                            "the jurisdiction's name is {} characters long; at most {} are accepted",
                            n.chars().count(),
                            crate::syntax::lint::MAX_TITLE
                        ),
                    )
                    .at(at, "too long")
                    .hint("a name is repeated in every report cell; shorten it")
                    .in_file(id),
                );
                None
            }
            other => other,
        };
        let parent_span = raw.parent.as_ref().map(|p| (id, sp_span(&file.text, p)));
        let instruments = raw.instruments.as_ref().map(|list| {
            list.iter()
                .map(|a| AdoptedInstrument {
                    id: a.id.value.clone(),
                    at: Some((id, sp_span(&file.text, &a.id))),
                    encoded_from: a.encoded_from.as_ref().and_then(|d| {
                        match Date::parse(&d.value) {
                            Ok(date) => Some(date),
                            Err(e) => {
                                diags.push(
                                    Diagnostic::new(
                                        BAD_JURISDICTION,
                                        format!("`encoded-from: {}` is not a date", d.value),
                                    )
                                    .at(sp_span(&file.text, d), e.to_string())
                                    .hint("write the date of the first version that encodes the instrument's offences, YYYY-MM-DD")
                                    .in_file(id),
                                );
                                None
                            }
                        }
                    }),
                })
                .collect()
        });
        out.push((
            Jurisdiction {
                id: jid,
                parent: raw.parent.map(|p| p.value),
                name,
                act_kinds: raw
                    .acts
                    .iter()
                    .filter_map(|a| Some((a.id.clone(), a.kind.clone()?)))
                    .collect(),
                declared: raw
                    .acts
                    .into_iter()
                    .map(|a| DeclaredAct {
                        kind: a.kind.unwrap_or_else(|| a.id.clone()),
                        id: a.id,
                        title: a.title,
                    })
                    .collect(),
                instruments,
                file: Some(id),
            },
            parent_span,
        ));
    }
    (out, diags)
}

/// An `instruments:` entry of a jurisdiction file that names no instrument of the workspace
/// (nor an alias, `firearms`): the jurisdiction would silently be measured against nothing for
/// it. Said only when the workspace has instruments (a workspace whose protocol/ could not be
/// read has its own errors). A convention a protocol supplements (`untoc`) is a known id: a
/// jurisdiction may record its status.
pub fn check_instrument_ids(
    jurisdictions: &[JurisdictionEntry],
    inst: &Instrument,
) -> Vec<Diagnostic> {
    let known: Vec<&str> = inst.all_parts.iter().map(|p| p.id.as_str()).collect();
    if known.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (j, _) in jurisdictions {
        for a in j.instruments.iter().flatten() {
            if inst.resolve_id(&a.id).is_some() {
                continue;
            }
            let Some((file, span)) = a.at else { continue };
            let mut d = Diagnostic::new(
                UNKNOWN_INSTRUMENT,
                format!("there is no instrument `{}` in protocol/", a.id),
            )
            .at(
                span,
                format!(
                    "expected one of: {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .in_file(file);
            d = match did_you_mean(&a.id, known.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("an instrument's id is the `id:` of its protocol/*.yaml file's `instrument:` header"),
            };
            out.push(d);
        }
    }
    out
}

/// Every act version of every jurisdiction, lowered and checked across files.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub jurisdictions: BTreeMap<String, Jurisdiction>,
    pub versions: Vec<ActVersion>,
    /// (jurisdiction, act) → indices into `versions`, oldest first.
    pub(crate) by_act: BTreeMap<(String, String), Vec<usize>>,
}

impl Corpus {
    /// The jurisdiction and its ancestors, nearest first. Stops at a cycle or an unknown parent.
    pub fn chain(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut at = Some(id.to_string());
        while let Some(j) = at {
            if out.contains(&j) {
                break;
            }
            at = self.jurisdictions.get(&j).and_then(|x| x.parent.clone());
            out.push(j);
        }
        out
    }

    /// Acts of a jurisdiction (by id), with their versions oldest first.
    pub fn acts_of(&self, jurisdiction: &str) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_act
            .iter()
            .filter(move |((j, _), _)| j == jurisdiction)
            .map(|((_, a), v)| (a.as_str(), v.as_slice()))
    }

    /// The version of an act in force on `at`: the one with the latest date not after it.
    pub fn version_at(&self, jurisdiction: &str, act: &str, at: Date) -> Option<&ActVersion> {
        let list = self
            .by_act
            .get(&(jurisdiction.to_string(), act.to_string()))?;
        list.iter()
            .rev()
            .filter_map(|&i| self.versions.get(i))
            .find(|v| v.date <= at)
    }

    /// Jurisdictions that have at least one act, in id order.
    pub fn jurisdictions_with_law(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.by_act.keys().map(|(j, _)| j.as_str()).collect();
        set.into_iter().collect()
    }
}

/// A parsed law with its file.
pub struct LawInput<'a> {
    pub file: FileId,
    pub law: &'a LawFile,
}

/// Lowers every law and checks what needs the whole corpus. `jurisdictions` come from
/// [`load_jurisdictions`]; a jurisdiction that has laws but no metadata is added without parent.
pub fn build_corpus(
    inst: &Instrument,
    laws: &[LawInput<'_>],
    jurisdictions: Vec<JurisdictionEntry>,
) -> (Corpus, Vec<Diagnostic>) {
    build_corpus_with(inst, laws, jurisdictions, true)
}

/// [`build_corpus`], checking the jurisdictions' parents only when `parents` is set.
pub fn build_corpus_with(
    inst: &Instrument,
    laws: &[LawInput<'_>],
    jurisdictions: Vec<JurisdictionEntry>,
    parents: bool,
) -> (Corpus, Vec<Diagnostic>) {
    // Files lower independently: in parallel, collected in order.
    use rayon::prelude::*;
    let lowered: Vec<_> = laws
        .par_iter()
        .map(|l| lower_law(l.file, l.law, inst))
        .collect();
    build_corpus_lowered(inst, lowered, jurisdictions, parents, true)
}

/// [`build_corpus_with`] from laws already lowered (each by [`lower_law`], in file order).
///
/// `whole_history` says the laws are every version of the jurisdictions' acts. Where they are
/// only some (the versions in force on one day, as `analyze --at` reads them), a reference to
/// another act is not checked: the act, or the unit, may be in a version not read (`check`
/// reads them all).
pub fn build_corpus_lowered(
    inst: &Instrument,
    lowered: Vec<(Option<ActVersion>, Vec<Diagnostic>)>,
    jurisdictions: Vec<JurisdictionEntry>,
    parents: bool,
    whole_history: bool,
) -> (Corpus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut corpus = Corpus::default();
    let mut parent_spans: BTreeMap<String, (FileId, Span)> = BTreeMap::new();
    for (j, span) in jurisdictions {
        if let Some(s) = span {
            parent_spans.insert(j.id.clone(), s);
        }
        corpus.jurisdictions.entry(j.id.clone()).or_insert(j);
    }
    for (v, d) in lowered {
        diags.extend(d);
        if let Some(v) = v {
            corpus.versions.push(v);
        }
    }
    corpus.versions.sort_by(|a, b| {
        (&a.jurisdiction, &a.act, a.date, a.file).cmp(&(&b.jurisdiction, &b.act, b.date, b.file))
    });
    let mut dup: BTreeMap<(String, String, Date), FileId> = BTreeMap::new();
    let mut keep = Vec::new();
    for v in std::mem::take(&mut corpus.versions) {
        let key = (v.jurisdiction.clone(), v.act.clone(), v.date);
        if let Some(first) = dup.get(&key) {
            diags.push(
                Diagnostic::new(
                    DUPLICATE_ID,
                    format!(
                        "version {} of {}/{} is given by two files",
                        v.date, v.jurisdiction, v.act
                    ),
                )
                .in_file(v.file)
                .related_in(*first, Span::default(), "also given by this file")
                .hint("keep one file per act version"),
            );
            continue;
        }
        dup.insert(key, v.file);
        keep.push(v);
    }
    corpus.versions = keep;
    for (i, v) in corpus.versions.iter().enumerate() {
        corpus
            .by_act
            .entry((v.jurisdiction.clone(), v.act.clone()))
            .or_default()
            .push(i);
        corpus
            .jurisdictions
            .entry(v.jurisdiction.clone())
            .or_insert_with(|| Jurisdiction {
                id: v.jurisdiction.clone(),
                parent: None,
                name: None,
                act_kinds: BTreeMap::new(),
                declared: Vec::new(),
                instruments: None,
                file: None,
            });
    }
    if parents {
        check_parents(&corpus, &parent_spans, &mut diags);
    }
    let mut c = Checker {
        inst,
        corpus: &corpus,
        diags: &mut diags,
        whole_history,
        suggestions: BTreeMap::new(),
    };
    for vi in 0..corpus.versions.len() {
        c.version(vi);
    }
    (corpus, diags)
}

fn check_parents(
    corpus: &Corpus,
    spans: &BTreeMap<String, (FileId, Span)>,
    diags: &mut Vec<Diagnostic>,
) {
    for j in corpus.jurisdictions.values() {
        let Some(p) = &j.parent else { continue };
        let (file, span) = spans
            .get(&j.id)
            .copied()
            .unwrap_or((FileId(0), Span::default()));
        if !corpus.jurisdictions.contains_key(p) {
            let mut d = Diagnostic::new(
                UNKNOWN_PARENT,
                format!(
                    "jurisdiction `{}` names parent `{p}`, which has no folder under codes/",
                    j.id
                ),
            )
            .at(span, "unknown jurisdiction")
            .in_file(file);
            if let Some(s) = did_you_mean(p, corpus.jurisdictions.keys().map(String::as_str)) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            diags.push(d);
        } else if corpus
            .chain(&j.id)
            .last()
            .and_then(|last| corpus.jurisdictions.get(last))
            .and_then(|x| x.parent.as_ref())
            .is_some()
        {
            diags.push(
                Diagnostic::new(
                    UNKNOWN_PARENT,
                    format!("jurisdiction `{}` is its own ancestor", j.id),
                )
                .at(span, "parent cycle")
                .in_file(file)
                .hint("a sub-jurisdiction names its State as parent; the State names none"),
            );
        }
    }
}

struct Checker<'a, 'd> {
    inst: &'a Instrument,
    corpus: &'a Corpus,
    diags: &'d mut Vec<Diagnostic>,
    /// Every version of the acts is in the corpus (see [`build_corpus_lowered`]).
    whole_history: bool,
    /// The did-you-mean of an unknown value, by facet and value, for the version being
    /// checked (its terms are among the candidates): two million lines of one misspelt value
    /// computed the same suggestion two million times, 190 µs each (issue 20).
    suggestions: BTreeMap<(String, String), Option<String>>,
}

/// Where a term is defined: (version index, define index).
type TermSite = (usize, usize);

impl Checker<'_, '_> {
    /// Terms visible from a version: its own, then those of any version of any act of its
    /// jurisdiction and its ancestors (latest version first). The first site found is the one
    /// checks use.
    fn visible_terms(&self, vi: usize) -> BTreeMap<String, TermSite> {
        let mut out: BTreeMap<String, TermSite> = BTreeMap::new();
        let Some(v) = self.corpus.versions.get(vi) else {
            return out;
        };
        for (di, d) in v.defines.iter().enumerate() {
            out.entry(d.term.node.clone()).or_insert((vi, di));
        }
        for j in self.corpus.chain(&v.jurisdiction) {
            for (_, list) in self.corpus.acts_of(&j) {
                for &other in list.iter().rev() {
                    let defines = self
                        .corpus
                        .versions
                        .get(other)
                        .map(|w| w.defines.as_slice())
                        .unwrap_or(&[]);
                    for (di, d) in defines.iter().enumerate() {
                        out.entry(d.term.node.clone()).or_insert((other, di));
                    }
                }
            }
        }
        out
    }

    /// The vocabulary values a term stands for (through other terms), or `None` on a cycle.
    fn expand(
        &self,
        term: &str,
        terms: &BTreeMap<String, TermSite>,
        seen: &mut Vec<String>,
    ) -> Option<BTreeSet<String>> {
        if seen.iter().any(|s| s == term) {
            return None;
        }
        seen.push(term.to_string());
        let &(vi, di) = terms.get(term)?;
        let d = self.corpus.versions.get(vi)?.defines.get(di)?;
        let mut out = BTreeSet::new();
        for v in &d.values {
            if terms.contains_key(&v.node) && !self.is_vocab(&v.node) {
                out.extend(self.expand(&v.node, terms, seen)?);
            } else {
                out.insert(v.node.clone());
            }
        }
        seen.pop();
        Some(out)
    }

    fn is_vocab(&self, value: &str) -> bool {
        self.inst.facets.iter().any(|f| {
            matches!(f.role, FacetRole::Element | FacetRole::Narrowing) && f.has_value(value)
        })
    }

    fn version(&mut self, vi: usize) {
        self.suggestions.clear();
        let corpus = self.corpus;
        let Some(v) = corpus.versions.get(vi) else {
            return;
        };
        let file = v.file;
        let terms = self.visible_terms(vi);
        // Definitions: every value is a vocabulary value or a term; no cycles.
        for d in &v.defines {
            for x in &d.values {
                if self.is_vocab(&x.node) || terms.contains_key(&x.node) {
                    continue;
                }
                let mut candidates: Vec<&str> = self
                    .inst
                    .facets
                    .iter()
                    .filter(|f| f.role == FacetRole::Element)
                    .flat_map(|f| f.value_ids())
                    .collect();
                candidates.extend(terms.keys().map(String::as_str));
                let mut diag = Diagnostic::new(
                    UNKNOWN_TAG_VALUE,
                    format!(
                        "`{}` is neither a vocabulary value nor a defined term",
                        x.node
                    ),
                )
                .at(x.span, "unknown value")
                .in_file(file);
                diag = match did_you_mean(&x.node, candidates) {
                    Some(s) => diag.hint(format!("did you mean `{s}`?")),
                    None => diag.hint("`lexgap vocabulary` lists every facet's values with their meaning; a domestic term needs a `define` line"),
                };
                self.diags.push(diag);
            }
            if self.expand(&d.term.node, &terms, &mut Vec::new()).is_none()
                && terms.get(&d.term.node)
                    == Some(&(
                        vi,
                        v.defines
                            .iter()
                            .position(|x| x.term.node == d.term.node)
                            .unwrap_or(0),
                    ))
            {
                self.diags.push(
                    Diagnostic::new(DEFINITION_CYCLE, format!("the definition of `{}` refers back to itself", d.term.node))
                        .at(d.term.span, "circular definition")
                        .in_file(file)
                        .hint("a definition lists vocabulary values, or terms defined without reference back to it"),
                );
            }
        }
        for o in &v.offences {
            // Narrowing elements in words are the statute's own: nothing to check them against.
            let narrowing: Vec<TagValue> = o
                .requires
                .iter()
                .chain(o.limits.iter().flat_map(|l| l.requires.iter()))
                .flatten()
                .filter_map(|e| e.node.value().map(|v| Spanned::new(v.to_string(), e.span)))
                .collect();
            if let Some(n) = self.inst.facet_with_role(FacetRole::Narrowing) {
                self.tag_values(file, &n.id, &narrowing, &terms);
            }
            for (facet, values) in &o.tags {
                self.tag_values(file, facet, values, &terms);
            }
        }
        for m in &v.measures {
            for (facet, values) in &m.tags {
                self.tag_values(file, facet, values, &terms);
            }
        }
        // A rule's `requires` conditions name narrowing elements as an offence's lines do.
        let conditional: Vec<TagValue> = v
            .rules
            .iter()
            .flat_map(|r| r.conditions.iter().flat_map(|c| c.leaves()))
            .filter_map(|c| match c {
                super::law::ConditionDraft::Requires(e) => {
                    e.node.value().map(|v| Spanned::new(v.to_string(), e.span))
                }
                _ => None,
            })
            .collect();
        if let Some(n) = self.inst.facet_with_role(FacetRole::Narrowing)
            && !conditional.is_empty()
        {
            self.tag_values(file, &n.id, &conditional, &terms);
        }
        self.classes(vi);
        // References to other acts.
        let mut targets: Vec<&Target> = v.other_refs.iter().collect();
        for o in &v.offences {
            if let Some((_, ts, _)) = &o.qualifies {
                targets.extend(ts.iter());
            }
        }
        for r in &v.rules {
            for c in r.conditions.iter().flat_map(|c| c.leaves()) {
                if let super::law::ConditionDraft::Listed(ts) = c {
                    targets.extend(ts.iter());
                }
            }
        }
        for t in targets {
            if let Target::Other { act, path, span } = t {
                self.other_act(vi, act, path, *span);
            }
        }
        self.qualifications(vi);
    }

    /// The classes of offence declared (`classify CLASS`) in any version of any act of the
    /// jurisdiction of version `vi` and its ancestors.
    fn declared_classes(corpus: &Corpus, vi: usize) -> BTreeSet<&str> {
        let Some(v) = corpus.versions.get(vi) else {
            return BTreeSet::new();
        };
        let mut out = BTreeSet::new();
        for j in corpus.chain(&v.jurisdiction) {
            for (_, list) in corpus.acts_of(&j) {
                for w in list.iter().filter_map(|&i| corpus.versions.get(i)) {
                    out.extend(w.classes.iter().map(|c| c.class.node.as_str()));
                }
            }
        }
        out
    }

    /// Every class an offence states or a rule's condition names must be declared.
    fn classes(&mut self, vi: usize) {
        let corpus = self.corpus;
        let Some(v) = corpus.versions.get(vi) else {
            return;
        };
        let declared = Self::declared_classes(corpus, vi);
        let stated = v.offences.iter().filter_map(|o| o.class.as_ref());
        let named = v.rules.iter().flat_map(|r| {
            r.conditions
                .iter()
                .flat_map(|c| c.leaves())
                .filter_map(|c| match c {
                    super::law::ConditionDraft::Class(c) => Some(c),
                    _ => None,
                })
        });
        for class in stated.chain(named) {
            if declared.contains(class.node.as_str()) {
                continue;
            }
            let mut d = Diagnostic::new(
                BAD_CLASS,
                format!(
                    "`{}` is not a class of offence the codes of {} declare",
                    class.node, v.jurisdiction
                ),
            )
            .at(class.span, "unknown class")
            .in_file(v.file);
            d = match did_you_mean(&class.node, declared.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None if declared.is_empty() => d.hint(
                    "declare the classes the code distinguishes in its general part: `classify crime`, or `classify crime when max >= 5y` where the penalty decides",
                ),
                None => d.hint(format!(
                    "the declared classes are: {}",
                    declared.iter().copied().collect::<Vec<_>>().join(", ")
                )),
            };
            self.diags.push(d);
        }
    }

    fn tag_values(
        &mut self,
        file: FileId,
        facet: &str,
        values: &[TagValue],
        terms: &BTreeMap<String, TermSite>,
    ) {
        let Some(f) = self.inst.facet(facet) else {
            return;
        };
        for x in values {
            if f.has_value(&x.node) {
                continue;
            }
            if terms.contains_key(&x.node) {
                if let Some(expanded) = self.expand(&x.node, terms, &mut Vec::new()) {
                    let foreign: Vec<&String> =
                        expanded.iter().filter(|e| !f.has_value(e)).collect();
                    if !foreign.is_empty() {
                        let list: Vec<&str> = foreign.iter().map(|s| s.as_str()).collect();
                        self.diags.push(
                            Diagnostic::new(
                                WRONG_FACET,
                                format!(
                                    "`{}` stands for {}, which {} not `{}` value{}",
                                    x.node,
                                    list.join(", "),
                                    if list.len() == 1 { "is" } else { "are" },
                                    f.id,
                                    if list.len() == 1 { "" } else { "s" }
                                ),
                            )
                                .at(x.span, format!("not all `{}` values", f.id))
                                .in_file(file)
                                .hint(format!("use the term on the line of the facet its values belong to, or define a separate term for `{}`", f.id)),
                        );
                    }
                }
                continue;
            }
            if let Some(other) = self
                .inst
                .facets
                .iter()
                .find(|g| g.id != f.id && g.has_value(&x.node))
            {
                self.diags.push(
                    Diagnostic::new(
                        WRONG_FACET,
                        format!(
                            "`{}` is a `{}` value, not a `{}` value",
                            x.node, other.id, f.id
                        ),
                    )
                    .at(x.span, format!("not a `{}` value", f.id))
                    .in_file(file)
                    .hint(format!("move it to a `{}` line", other.id)),
                );
                continue;
            }
            let key = (f.id.clone(), x.node.clone());
            let suggestion = match self.suggestions.get(&key) {
                Some(s) => s.clone(),
                None => {
                    let mut candidates: Vec<&str> = f.value_ids().collect();
                    candidates.extend(terms.keys().map(String::as_str));
                    let s = did_you_mean(&x.node, candidates).map(str::to_string);
                    self.suggestions.insert(key, s.clone());
                    s
                }
            };
            let mut d = Diagnostic::new(
                UNKNOWN_TAG_VALUE,
                format!(
                    "`{}` is not a `{}` value or a term defined in this jurisdiction",
                    x.node, f.id
                ),
            )
            .at(x.span, format!("unknown `{}` value", f.id))
            .in_file(file);
            d = match suggestion {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("`lexgap vocabulary {}` lists the {} values with their meaning; a domestic term needs a `define` line", f.id, f.id)),
            };
            self.diags.push(d);
        }
    }

    fn other_act(&mut self, vi: usize, act: &str, path: &[Segment], span: Span) {
        if !self.whole_history {
            return;
        }
        let corpus = self.corpus;
        let Some(v) = corpus.versions.get(vi) else {
            return;
        };
        let chain = self.corpus.chain(&v.jurisdiction);
        let versions: Vec<&ActVersion> = chain
            .iter()
            .filter_map(|j| self.corpus.by_act.get(&(j.clone(), act.to_string())))
            .flatten()
            .filter_map(|&i| self.corpus.versions.get(i))
            .collect();
        if versions.is_empty() {
            let acts: BTreeSet<&str> = chain
                .iter()
                .flat_map(|j| self.corpus.acts_of(j).map(|(a, _)| a))
                .collect();
            let mut d = Diagnostic::new(
                UNKNOWN_ACT,
                format!("{} has no act `{act}`", v.jurisdiction),
            )
            .at(span, "unknown act")
            .in_file(v.file);
            d = match did_you_mean(act, acts.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "the acts encoded for {} are: {}",
                    v.jurisdiction,
                    acts.into_iter().collect::<Vec<_>>().join(", ")
                )),
            };
            self.diags.push(d);
            return;
        }
        if path.is_empty() || versions.iter().any(|x| x.unit_by_path(path).is_some()) {
            return;
        }
        self.diags.push(
            Diagnostic::new(
                DANGLING_REFERENCE,
                format!("no version of `{act}` has {}", describe_path(path)),
            )
            .at(span, "no such unit")
            .in_file(v.file)
            .hint(format!(
                "check the article number against the encoded versions of `{act}`"
            )),
        );
    }

    /// Each `aggravates`/`mitigates` must point at a unit holding an offence, and qualified
    /// forms must not refer to each other in a circle.
    fn qualifications(&mut self, vi: usize) {
        let corpus = self.corpus;
        let Some(v) = corpus.versions.get(vi) else {
            return;
        };
        for o in &v.offences {
            let Some((how, targets, span)) = &o.qualifies else {
                continue;
            };
            for target in targets {
                let Target::Local(target) = target else {
                    continue;
                };
                if !v.offences.iter().any(|x| x.unit == *target) {
                    let path = v.path_of(*target);
                    let path = path.as_slice();
                    self.diags.push(
                        Diagnostic::new(
                            BAD_QUALIFICATION,
                            format!(
                                "the offence {} {}, which holds no offence",
                                how.keyword(),
                                describe_path(path)
                            ),
                        )
                        .at(*span, "not an offence")
                        .in_file(v.file)
                        .hint("point at the unit whose `offence` block states the basic offence"),
                    );
                } else if leads_back(v, *target, o.unit) {
                    self.diags.push(
                        Diagnostic::new(
                            BAD_QUALIFICATION,
                            "qualified offences refer to each other in a circle",
                        )
                        .at(*span, "part of a circle")
                        .in_file(v.file)
                        .hint(
                            "a qualified form points at its basic offence, which points at nothing",
                        ),
                    );
                }
            }
        }
    }
}

/// Whether following `aggravates`/`mitigates` from unit `from` leads to unit `goal`.
fn leads_back(v: &ActVersion, from: usize, goal: usize) -> bool {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == goal {
            return true;
        }
        if !seen.insert(at) {
            continue;
        }
        for o in v.offences.iter().filter(|x| x.unit == at) {
            if let Some((_, ts, _)) = &o.qualifies {
                stack.extend(ts.iter().filter_map(|t| match t {
                    Target::Local(u) => Some(*u),
                    Target::Other { .. } => None,
                }));
            }
        }
    }
    false
}
