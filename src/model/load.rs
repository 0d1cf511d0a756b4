//! Loading the instrument from `protocol/*.yaml`: the YAML shape (serde), then every check that
//! needs the whole vocabulary — unknown facets and values, duplicate ids, requirements naming
//! what does not exist — each a located diagnostic with a did-you-mean hint.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use super::codes::*;
use super::instrument::*;
use super::yaml::{Sp, parse, sp_span};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};
use crate::syntax::Span;
use crate::syntax::ast::Duration;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    instrument: RawInstrument,
    #[serde(default)]
    facets: Vec<RawFacet>,
    #[serde(default)]
    obligations: Vec<Sp<RawObligation>>,
    #[serde(default)]
    comparative: Option<super::comparison::RawComparative>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawInstrument {
    id: Sp<String>,
    title: String,
    short: Option<String>,
    adopted: Option<Sp<String>>,
    in_force: Option<Sp<String>>,
    note: Option<String>,
    /// The convention this protocol supplements (`untoc`): its obligations are analysed once
    /// for this protocol, on the offences of `offences`.
    supplements: Option<Sp<String>>,
    /// The obligations that establish "the offences established in accordance with this
    /// Protocol" (Protocol Art 1(3)).
    #[serde(default)]
    offences: Vec<Sp<String>>,
    /// The obligation that is the instrument's trafficking offence (for comparisons).
    trafficking_offence: Option<Sp<String>>,
    /// What one of its offences is called in a supplemented convention's words.
    offence_noun: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFacet {
    id: Sp<String>,
    label: String,
    explanation: String,
    role: Sp<String>,
    #[serde(default)]
    used_in: Vec<Sp<String>>,
    when_absent: Option<Sp<String>>,
    values: Vec<RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawValue {
    id: Sp<String>,
    label: String,
    explanation: String,
    #[serde(default)]
    implies: HashMap<Sp<String>, Vec<Sp<String>>>,
    #[serde(default)]
    includes: Vec<Sp<String>>,
    #[serde(default)]
    met_by: Vec<Sp<String>>,
    #[serde(default)]
    partly_met_by: Vec<Sp<String>>,
    #[serde(default)]
    includes_by_interpretation: Vec<RawInterpretive>,
    #[serde(default)]
    met_by_interpretation: Vec<RawInterpretive>,
    #[serde(default)]
    excludes: Vec<Sp<String>>,
    covers: Option<Sp<String>>,
}

/// `{id: v, reason: "…", source: "…"}`: a relation that holds only by an interpretation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterpretive {
    id: Sp<String>,
    reason: Sp<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawObligation {
    id: Sp<String>,
    article: String,
    title: String,
    kind: Sp<String>,
    qualifier: Option<String>,
    domain: Sp<String>,
    summary: String,
    requirement: RawRequirement,
    verification: Sp<String>,
    verification_note: Option<String>,
    method: Option<String>,
    #[serde(default)]
    references: Vec<RawReference>,
    recommendation: String,
    #[serde(default)]
    looks_in: Vec<Sp<String>>,
    #[serde(default)]
    model_provisions: Vec<Sp<RawModelProvision>>,
}

/// A model provision (docs/protocol.md, *Model provisions*).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModelProvision {
    id: Sp<String>,
    option: Sp<String>,
    title: Option<String>,
    text: String,
    offence: Option<RawAxes>,
    rule: Option<Sp<String>>,
    #[serde(default)]
    covers: Vec<Sp<String>>,
    max_prison_at_least: Option<Sp<String>>,
    #[serde(default)]
    takes_out_qualifiers: bool,
    #[serde(default)]
    consequences: Vec<Sp<String>>,
    #[serde(default)]
    follows: Vec<RawReference>,
    verification: Sp<String>,
    verification_note: Option<String>,
}

type RawAxes = HashMap<Sp<String>, Vec<Sp<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRequirement {
    #[serde(default)]
    fixed: RawAxes,
    parts: Vec<Sp<RawPart>>,
    not_applicable_when: Option<RawNotApplicable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPart {
    id: Option<Sp<String>>,
    label: Option<String>,
    offence: Option<RawAxes>,
    measure: Option<RawAxes>,
    rule: Option<Sp<String>>,
    #[serde(default)]
    covers: Vec<Sp<String>>,
    #[serde(default)]
    of: Vec<Sp<String>>,
    offences_of: Option<Vec<Sp<String>>>,
    #[serde(default)]
    fixed: RawAxes,
    max_prison_at_least: Option<Sp<String>>,
    retention_at_least: Option<Sp<String>>,
    custodial: Option<bool>,
    #[serde(default)]
    without: Vec<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawNotApplicable {
    offence_reaches: RawAxes,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReference {
    source: String,
    #[serde(rename = "where")]
    place: String,
    verification: Sp<String>,
}

/// Reads the instrument from the given YAML files (the Protocol and the Convention), checks it
/// as a whole, and returns it with every problem found. The instrument returned is always
/// usable: what failed a check is left out. This is the instrument measured where nothing
/// chooses another ([`LoadOptions::default`]); [`load_instrument_with`] takes the choice.
pub fn load_instrument(sources: &Sources, files: &[FileId]) -> (Instrument, Vec<Diagnostic>) {
    load_instrument_with(sources, files, &LoadOptions::default())
}

/// [`load_instrument`], with the instrument measured as `options` says.
pub fn load_instrument_with(
    sources: &Sources,
    files: &[FileId],
    options: &LoadOptions,
) -> (Instrument, Vec<Diagnostic>) {
    let (inst, diags) = read_whole(sources, files);
    select(inst, diags, &options.instrument)
}

/// How a workspace is read into a model: a parameter of every load (the workspace and what it
/// loads carry it, `crate::workspace::Workspace::options`), never process-wide state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The instrument a command measures (`--instrument`, or one of the instruments the
    /// jurisdictions list).
    pub instrument: InstrumentChoice,
}

/// Which of the instruments read a load measures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum InstrumentChoice {
    /// The default instrument ([`DEFAULT_INSTRUMENT`]), else the first analysis set of the
    /// files.
    #[default]
    Default,
    /// This instrument's analysis set (an id or alias of `protocol/`); an unknown id is an
    /// error, and the default is measured.
    Set(String),
    /// Every obligation of every file: the comparative report compares the instruments'
    /// offences, so it reads them all at once.
    Whole,
}

impl LoadOptions {
    /// The options measuring `id` (`None`: the default).
    pub fn measuring(id: Option<&str>) -> LoadOptions {
        LoadOptions {
            instrument: id.map_or(InstrumentChoice::Default, |id| {
                InstrumentChoice::Set(id.to_string())
            }),
        }
    }
}

/// The files the last instrument read came from (id, path, text), with what was read: a
/// command reads the instrument twice (once to choose which instrument it measures, then to
/// measure it), and parsing the YAML again was a twentieth of a `lexgap diff`.
type LastRead = (Vec<(FileId, String, String)>, Instrument, Vec<Diagnostic>);
static LAST_READ: std::sync::Mutex<Option<LastRead>> = std::sync::Mutex::new(None);

/// Every obligation of every instrument file, as read from `files` (before a selection): the
/// same files read again give a copy of the last read.
fn read_whole(sources: &Sources, files: &[FileId]) -> (Instrument, Vec<Diagnostic>) {
    let key: Vec<(FileId, &str, &str)> = files
        .iter()
        .filter_map(|&id| {
            let f = sources.get(id)?;
            Some((id, f.path.as_str(), f.text.as_str()))
        })
        .collect();
    let same = |k: &[(FileId, String, String)]| {
        k.len() == key.len()
            && k.iter()
                .zip(&key)
                .all(|((i, p, t), (j, q, u))| i == j && p == q && t == u)
    };
    if let Ok(last) = LAST_READ.lock()
        && let Some((k, inst, diags)) = last.as_ref()
        && same(k)
    {
        return (inst.clone(), diags.clone());
    }
    let (inst, diags) = parse_whole(sources, files);
    if let Ok(mut last) = LAST_READ.lock() {
        let k = key
            .iter()
            .map(|(i, p, t)| (*i, p.to_string(), t.to_string()))
            .collect();
        *last = Some((k, inst.clone(), diags.clone()));
    }
    (inst, diags)
}

fn parse_whole(sources: &Sources, files: &[FileId]) -> (Instrument, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let mut diags = Vec::new();
    let mut raws: Vec<(FileId, &str, RawFile)> = Vec::new();
    // The files are parsed side by side: every command reads the instrument before anything
    // else, and YAML parsing is most of that (4% of a `diff`, in series before the rest).
    let parsed: Vec<_> = files
        .par_iter()
        .filter_map(|&id| {
            let file = sources.get(id)?;
            Some((id, file, parse::<RawFile>(file, id, "an instrument file")))
        })
        .collect();
    for (id, file, r) in parsed {
        match r {
            Ok(raw) => raws.push((id, file.text.as_str(), raw)),
            Err(d) => diags.push(*d),
        }
    }
    let mut b = Builder {
        inst: Instrument::default(),
        diags: &mut diags,
    };
    for (id, text, raw) in &raws {
        b.header(*id, text, &raw.instrument);
    }
    for (id, text, raw) in &raws {
        for f in &raw.facets {
            b.facet(*id, text, f);
        }
    }
    for (id, text, raw) in &raws {
        for f in &raw.facets {
            b.relations(*id, text, f);
        }
    }
    b.close_relations();
    // Obligations are read in two rounds: ids first, so that `of` may name an obligation defined
    // later or in the other file.
    let mut seen: BTreeMap<String, (FileId, Span)> = BTreeMap::new();
    let mut known: BTreeMap<String, bool> = BTreeMap::new();
    for (id, text, raw) in &raws {
        for o in &raw.obligations {
            let span = sp_span(text, &o.value.id);
            let oid = o.value.id.value.clone();
            if let Some((f0, s0)) = seen.get(&oid) {
                b.diags.push(
                    Diagnostic::new(DUPLICATE_ID, format!("obligation `{oid}` is defined twice"))
                        .at(span, "defined again here")
                        .in_file(*id)
                        .related_in(*f0, *s0, "first defined here")
                        .hint("give each obligation a unique id"),
                );
                continue;
            }
            seen.insert(oid.clone(), (*id, span));
            let is_offence = o
                .value
                .requirement
                .parts
                .iter()
                .all(|p| p.value.offence.is_some())
                && !o.value.requirement.parts.is_empty();
            known.insert(oid, is_offence);
        }
    }
    // `protocol-offences` (docs/protocol.md): the offences of the protocol being analysed.
    known.insert(PROTOCOL_OFFENCES.to_string(), true);
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut total_cells = 0usize;
    for (id, text, raw) in &raws {
        let instrument = raw.instrument.id.value.clone();
        for o in &raw.obligations {
            if !done.insert(o.value.id.value.clone()) {
                continue;
            }
            if let Some(ob) = b.obligation(*id, text, &instrument, o, &known) {
                if let Some(d) = too_many_cells(&ob, &mut total_cells) {
                    b.diags.push(d);
                    continue;
                }
                b.inst
                    .obligation_index
                    .insert(ob.id.clone(), b.inst.obligations.len());
                b.inst.obligations.push(ob);
            }
        }
    }
    for (id, text, raw) in &raws {
        b.instrument_links(*id, text, &raw.instrument, &known);
    }
    let files: Vec<_> = raws
        .iter()
        .map(|(id, text, raw)| {
            (
                *id,
                *text,
                raw.instrument.id.value.as_str(),
                raw.comparative.as_ref(),
            )
        })
        .collect();
    let d = super::comparison::build(&mut b.inst, &files);
    b.diags.extend(d);
    let mut inst = b.inst;
    inst.templates = inst.obligations.clone();
    inst.all_parts = inst.parts.clone();
    // Read as a whole (no instrument selected), `protocol-offences` stands for the offences of
    // every protocol that supplements the obligation's instrument (or of its own).
    let offences_for = |instrument: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &inst.parts {
            if p.id == instrument || p.supplements.as_deref() == Some(instrument) {
                out.extend(p.offences.iter().cloned());
            }
        }
        out
    };
    let expanded: Vec<Obligation> = inst
        .obligations
        .iter()
        .map(|o| {
            if o.names_protocol_offences() {
                o.with_protocol_offences(&offences_for(&o.instrument))
                    .with_offence_noun(DEFAULT_OFFENCE_NOUN)
            } else {
                o.clone().with_offence_noun(DEFAULT_OFFENCE_NOUN)
            }
        })
        .collect();
    inst.obligations = expanded;
    (inst, diags)
}

/// The instrument a command measures, of everything read (`choice`).
fn select(
    inst: Instrument,
    mut diags: Vec<Diagnostic>,
    choice: &InstrumentChoice,
) -> (Instrument, Vec<Diagnostic>) {
    match choice {
        InstrumentChoice::Whole => return (inst, diags),
        InstrumentChoice::Set(id) => match inst.analysis_set(id) {
            Ok(set) => return (set, diags),
            Err(e) => diags.push(Diagnostic::new(UNKNOWN_OBLIGATION, e).hint(
                "`lexgap vocabulary` and docs/protocol.md list the instruments; `--instrument` takes one of them",
            )),
        },
        InstrumentChoice::Default => {}
    }
    // Nothing selected: the default instrument, else the first analysis set of the files.
    let default = inst
        .resolve_id(DEFAULT_INSTRUMENT)
        .map(str::to_string)
        .or_else(|| inst.analysis_set_ids().first().map(|s| s.to_string()));
    if let Some(id) = default
        && let Ok(set) = inst.analysis_set(&id)
    {
        return (set, diags);
    }
    (inst, diags)
}

/// The instrument measured where nothing selects another (`--instrument`, a jurisdiction's
/// `instruments:`): lexgap's first instrument, the Firearms Protocol.
pub const DEFAULT_INSTRUMENT: &str = "firearms-protocol";

/// An error when `ob` has more cells than lexgap handles, alone or with the obligations read
/// before it (counted in `total`); the obligation is then left out, so that no analysis ever
/// builds its cells.
fn too_many_cells(ob: &Obligation, total: &mut usize) -> Option<Diagnostic> {
    use super::instrument::{MAX_CELLS_PER_OBLIGATION, MAX_CELLS_TOTAL};
    let count = ob.cell_count();
    let message = match count {
        Some(n) if n <= MAX_CELLS_PER_OBLIGATION && total.saturating_add(n) <= MAX_CELLS_TOTAL => {
            *total += n;
            return None;
        }
        Some(n) if n <= MAX_CELLS_PER_OBLIGATION => format!(
            "obligation `{}` brings the instrument's cells past {MAX_CELLS_TOTAL}, the most lexgap handles",
            ob.id
        ),
        Some(n) => format!(
            "obligation `{}` has {n} cells; lexgap handles at most {MAX_CELLS_PER_OBLIGATION} per obligation",
            ob.id
        ),
        None => format!(
            "obligation `{}` has more cells than can be counted; lexgap handles at most {MAX_CELLS_PER_OBLIGATION} per obligation",
            ob.id
        ),
    };
    Some(
        err(BAD_REQUIREMENT, ob.file, ob.span, message, "too many cells")
            .hint("a requirement's cells are the product of its value lists; split it into parts that each list only the values that go together"),
    )
}

struct Builder<'d> {
    inst: Instrument,
    diags: &'d mut Vec<Diagnostic>,
}

/// The most (stated, asked) pairs the closed relations of one facet may hold. The bundled
/// vocabularies reach a few thousand; a million pairs is ~100 MB and a second to close.
pub const MAX_CLOSURE_PAIRS: usize = 1_000_000;

fn err(
    code: crate::diagnostic::Code,
    file: FileId,
    span: Span,
    msg: String,
    label: &str,
) -> Diagnostic {
    Diagnostic::new(code, msg).at(span, label).in_file(file)
}

fn choose<'a>(
    file: FileId,
    text: &str,
    v: &Sp<String>,
    options: &[&'a str],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    if let Some(o) = options.iter().find(|o| **o == v.value) {
        return Some(o);
    }
    let mut d = err(
        BAD_FIELD,
        file,
        sp_span(text, v),
        format!("`{}` is not a {what}", v.value),
        &format!("expected one of: {}", options.join(", ")),
    );
    if let Some(s) = did_you_mean(&v.value, options.iter().copied()) {
        d = d.hint(format!("did you mean `{s}`?"));
    }
    diags.push(d);
    None
}

/// Parses `4y`, `10y`, `6m`, `1y6m`, `30d`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let mut d = Duration::default();
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u32 = num.parse().ok()?;
        num.clear();
        match c {
            'y' => d.years = n,
            'm' => d.months = n,
            'd' => d.days = n,
            _ => return None,
        }
        any = true;
    }
    (any && num.is_empty()).then_some(d)
}

impl Builder<'_> {
    fn header(&mut self, file: FileId, text: &str, raw: &RawInstrument) {
        let date = |v: &Option<Sp<String>>, diags: &mut Vec<Diagnostic>| -> Option<Date> {
            let v = v.as_ref()?;
            match Date::parse(&v.value) {
                Ok(d) => Some(d),
                Err(e) => {
                    diags.push(err(
                        BAD_FIELD,
                        file,
                        sp_span(text, v),
                        format!("`{}` is not a date", v.value),
                        &e.to_string(),
                    ));
                    None
                }
            }
        };
        let adopted = date(&raw.adopted, self.diags);
        let in_force = date(&raw.in_force, self.diags);
        if let Some(prev) = self.inst.parts.iter().find(|p| p.id == raw.id.value) {
            self.diags.push(
                err(
                    DUPLICATE_ID,
                    file,
                    sp_span(text, &raw.id),
                    format!("instrument `{}` is defined twice", raw.id.value),
                    "defined again here",
                )
                .related_in(
                    prev.file,
                    Span::default(),
                    "first defined in this file",
                ),
            );
            return;
        }
        self.inst.parts.push(InstrumentInfo {
            id: raw.id.value.clone(),
            title: raw.title.clone(),
            short: raw.short.clone().unwrap_or_else(|| raw.id.value.clone()),
            adopted,
            in_force,
            note: raw.note.clone(),
            supplements: raw.supplements.as_ref().map(|s| s.value.clone()),
            offences: raw.offences.iter().map(|o| o.value.clone()).collect(),
            trafficking_offence: raw.trafficking_offence.as_ref().map(|s| s.value.clone()),
            offence_noun: raw.offence_noun.clone(),
            file,
        });
    }

    /// The header's links: `supplements` names another instrument; `offences` and
    /// `trafficking-offence` name offence obligations of the same file.
    fn instrument_links(
        &mut self,
        file: FileId,
        text: &str,
        raw: &RawInstrument,
        known: &BTreeMap<String, bool>,
    ) {
        if let Some(sup) = &raw.supplements {
            let ids: Vec<String> = self.inst.parts.iter().map(|p| p.id.clone()).collect();
            if sup.value == raw.id.value || !ids.contains(&sup.value) {
                let mut d = err(
                    UNKNOWN_OBLIGATION,
                    file,
                    sp_span(text, sup),
                    format!("`supplements: {}` names no other instrument", sup.value),
                    "unknown instrument",
                );
                if let Some(s) = did_you_mean(&sup.value, ids.iter().map(String::as_str)) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
                if let Some(p) = self.inst.parts.iter_mut().find(|p| p.id == raw.id.value) {
                    p.supplements = None;
                }
            }
        }
        let own = |o: &str| {
            self.inst
                .obligation(o)
                .is_some_and(|ob| ob.instrument == raw.id.value)
        };
        let mut bad: Vec<(&Sp<String>, &str)> = Vec::new();
        for o in raw.offences.iter().chain(raw.trafficking_offence.iter()) {
            if o.value == PROTOCOL_OFFENCES || !own(&o.value) {
                bad.push((o, "is not an obligation of this file"));
            } else if known.get(&o.value) != Some(&true) {
                bad.push((
                    o,
                    "is not an offence obligation (its parts must all be `offence` tests)",
                ));
            }
        }
        let mut drop: BTreeSet<String> = BTreeSet::new();
        for (o, why) in bad {
            drop.insert(o.value.clone());
            self.diags.push(
                err(
                    UNKNOWN_OBLIGATION,
                    file,
                    sp_span(text, o),
                    format!("`{}` {why}", o.value),
                    "here",
                )
                .hint("the header's `offences` and `trafficking-offence` name offence obligations of the instrument's own file"),
            );
        }
        if let Some(p) = self.inst.parts.iter_mut().find(|p| p.id == raw.id.value) {
            p.offences.retain(|o| !drop.contains(o));
            if p.trafficking_offence
                .as_ref()
                .is_some_and(|t| drop.contains(t))
            {
                p.trafficking_offence = None;
            }
        }
    }

    fn facet(&mut self, file: FileId, text: &str, raw: &RawFacet) {
        let span = sp_span(text, &raw.id);
        if let Some(prev) = self.inst.facet(&raw.id.value) {
            self.diags.push(
                err(
                    DUPLICATE_ID,
                    file,
                    span,
                    format!("facet `{}` is defined twice", raw.id.value),
                    "defined again here",
                )
                .related_in(prev.file, prev.span, "first defined here"),
            );
            return;
        }
        let roles = [
            ("element", FacetRole::Element),
            ("narrowing", FacetRole::Narrowing),
            ("rule-kind", FacetRole::RuleKind),
            ("rule-scope", FacetRole::RuleScope),
            ("measure-kind", FacetRole::MeasureKind),
        ];
        let names: Vec<&str> = roles.iter().map(|(n, _)| *n).collect();
        let Some(role) = choose(file, text, &raw.role, &names, "facet role", self.diags)
            .and_then(|n| roles.iter().find(|(r, _)| *r == n).map(|(_, r)| *r))
        else {
            return;
        };
        let mut used_in = BTreeSet::new();
        for u in &raw.used_in {
            match choose(
                file,
                text,
                u,
                &["offence", "measure"],
                "block kind",
                self.diags,
            ) {
                Some("offence") => {
                    used_in.insert(Block::Offence);
                }
                Some(_) => {
                    used_in.insert(Block::Measure);
                }
                None => {}
            }
        }
        if role == FacetRole::Narrowing && used_in.is_empty() {
            used_in.insert(Block::Offence);
        }
        let when_absent = match &raw.when_absent {
            Some(w) => match choose(
                file,
                text,
                w,
                &["anything", "nothing"],
                "`when-absent` value",
                self.diags,
            ) {
                Some("nothing") => WhenAbsent::Nothing,
                _ => WhenAbsent::Anything,
            },
            None => WhenAbsent::Anything,
        };
        let mut values = Vec::new();
        let mut value_index = BTreeMap::new();
        for v in &raw.values {
            let vspan = sp_span(text, &v.id);
            if let Some(prev) = value_index.get(&v.id.value).and_then(|&i| values.get(i)) {
                let prev: &FacetValue = prev;
                self.diags.push(
                    err(
                        DUPLICATE_ID,
                        file,
                        vspan,
                        format!(
                            "value `{}` is listed twice in facet `{}`",
                            v.id.value, raw.id.value
                        ),
                        "listed again here",
                    )
                    .related(prev.span, "first listed here"),
                );
                continue;
            }
            if !is_ident(&v.id.value) {
                self.diags.push(
                    err(
                        BAD_FIELD,
                        file,
                        vspan,
                        format!("`{}` is not a valid value id", v.id.value),
                        "here",
                    )
                    .hint("value ids are lowercase words joined by `-`, as in `.law` tag lines"),
                );
                continue;
            }
            value_index.insert(v.id.value.clone(), values.len());
            values.push(FacetValue {
                id: v.id.value.clone(),
                label: v.label.clone(),
                explanation: v.explanation.clone(),
                implies: BTreeMap::new(),
                includes: Vec::new(),
                met_by: Vec::new(),
                partly_met_by: Vec::new(),
                includes_by_interpretation: Vec::new(),
                met_by_interpretation: Vec::new(),
                excludes: Vec::new(),
                covers: None,
                file,
                span: vspan,
            });
        }
        self.inst
            .facet_index
            .insert(raw.id.value.clone(), self.inst.facets.len());
        self.inst.facets.push(Facet {
            id: raw.id.value.clone(),
            label: raw.label.clone(),
            explanation: raw.explanation.clone(),
            role,
            used_in,
            when_absent,
            values,
            value_index,
            meets: BTreeMap::new(),
            interpretations: BTreeMap::new(),
            met_by: BTreeMap::new(),
            file,
            span,
        });
    }

    /// Checks a value named in a relation and reports it when unknown.
    fn known_value(&mut self, file: FileId, text: &str, facet: &str, v: &Sp<String>) -> bool {
        let Some(f) = self.inst.facet(facet) else {
            return false;
        };
        if f.has_value(&v.value) {
            return true;
        }
        let mut d = err(
            UNKNOWN_VALUE_YAML,
            file,
            sp_span(text, v),
            format!("`{}` is not a value of facet `{facet}`", v.value),
            "unknown value",
        );
        if let Some(s) = did_you_mean(&v.value, f.value_ids()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
        false
    }

    fn known_facet(&mut self, file: FileId, text: &str, f: &Sp<String>) -> bool {
        if self.inst.facet(&f.value).is_some() {
            return true;
        }
        let mut d = err(
            UNKNOWN_FACET_YAML,
            file,
            sp_span(text, f),
            format!("there is no facet `{}`", f.value),
            "unknown facet",
        );
        if let Some(s) = did_you_mean(&f.value, self.inst.facets.iter().map(|f| f.id.as_str())) {
            d = d.hint(format!("did you mean `{s}`?"));
        } else {
            let all: Vec<&str> = self.inst.facets.iter().map(|f| f.id.as_str()).collect();
            d = d.hint(format!("the facets are: {}", all.join(", ")));
        }
        self.diags.push(d);
        false
    }

    fn relations(&mut self, file: FileId, text: &str, raw: &RawFacet) {
        let Some(&fi) = self.inst.facet_index.get(&raw.id.value) else {
            return;
        };
        if self.inst.facets.get(fi).is_none_or(|f| f.file != file) {
            return; // a duplicate facet, already reported
        }
        for v in &raw.values {
            if !self
                .inst
                .facets
                .get(fi)
                .is_some_and(|f| f.has_value(&v.id.value))
            {
                continue;
            }
            let mut implies: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut keys: Vec<_> = v.implies.iter().collect();
            keys.sort_by_key(|(k, _)| k.referenced.span().offset());
            for (facet, vals) in keys {
                if !self.known_facet(file, text, facet) {
                    continue;
                }
                for x in vals {
                    if self.known_value(file, text, &facet.value, x) {
                        implies
                            .entry(facet.value.clone())
                            .or_default()
                            .push(x.value.clone());
                    }
                }
            }
            let same = |b: &mut Self, list: &[Sp<String>]| -> Vec<String> {
                list.iter()
                    .filter(|x| b.known_value(file, text, &raw.id.value, x))
                    .map(|x| x.value.clone())
                    .collect()
            };
            let includes = same(self, &v.includes);
            let met_by = same(self, &v.met_by);
            let partly_met_by = same(self, &v.partly_met_by);
            let excludes = same(self, &v.excludes);
            if let Some(x) = v.excludes.iter().find(|x| x.value == v.id.value) {
                self.diags.push(
                    err(
                        BAD_FIELD,
                        file,
                        sp_span(text, x),
                        format!("`{}` cannot exclude itself", v.id.value),
                        "here",
                    )
                    .hint("`excludes` names the other values a case with this one cannot have"),
                );
            }
            // `reads` is the value a provision states; `as_including` the one a cell asks for.
            let interpretive = |b: &mut Self, list: &[RawInterpretive], stated_is_self: bool| {
                let mut out = Vec::new();
                for x in list {
                    if !b.known_value(file, text, &raw.id.value, &x.id) {
                        continue;
                    }
                    if x.reason.value.trim().is_empty() {
                        b.diags.push(
                            err(
                                BAD_FIELD,
                                file,
                                sp_span(text, &x.reason),
                                "an interpretation needs its reason".into(),
                                "empty reason",
                            )
                            .hint("say why the one value legally reaches the other, in a sentence"),
                        );
                        continue;
                    }
                    let (reads, as_including) = if stated_is_self {
                        (v.id.value.clone(), x.id.value.clone())
                    } else {
                        (x.id.value.clone(), v.id.value.clone())
                    };
                    out.push(Interpretation {
                        reads,
                        as_including,
                        reason: x.reason.value.clone(),
                        source: x.source.clone(),
                        recorded_at: None,
                    });
                }
                out
            };
            let includes_by_interpretation =
                interpretive(self, &v.includes_by_interpretation, true);
            let met_by_interpretation = interpretive(self, &v.met_by_interpretation, false);
            let covers = match &v.covers {
                Some(c) if self.known_facet(file, text, c) => {
                    let role = self.inst.facet(&c.value).map(|f| f.role);
                    if role != Some(FacetRole::RuleScope) {
                        self.diags.push(
                            err(BAD_FIELD, file, sp_span(text, c), format!("facet `{}` is not a rule-scope facet", c.value), "here")
                                .hint("`covers` names the facet a rule's `covers` list draws from; give that facet `role: rule-scope`"),
                        );
                        None
                    } else {
                        Some(c.value.clone())
                    }
                }
                _ => None,
            };
            let Some(facet) = self.inst.facets.get_mut(fi) else {
                continue;
            };
            if let Some(&vi) = facet.value_index.get(&v.id.value)
                && let Some(value) = facet.values.get_mut(vi)
            {
                value.implies = implies;
                value.includes = includes;
                value.met_by = met_by;
                value.partly_met_by = partly_met_by;
                value.includes_by_interpretation = includes_by_interpretation;
                value.met_by_interpretation = met_by_interpretation;
                value.excludes = excludes.into_iter().filter(|x| *x != v.id.value).collect();
                value.covers = covers;
            }
        }
    }

    /// Computes, per facet, which asked-for values each stated value meets (at most
    /// [`MAX_CLOSURE_PAIRS`] pairs a facet): the reflexive,
    /// transitive closure of `includes` and `met-by` (fully), the `…-by-interpretation` relations
    /// (by interpretation) and `partly-met-by` (partly); a path is as weak as its weakest step,
    /// and a path met by interpretation keeps the first interpretation on the way.
    fn close_relations(&mut self) {
        for facet in &mut self.inst.facets {
            // The closure is quadratic in the worst case (a chain of 8,000 values is 32 M
            // pairs: a 1.2 MB YAML aborted on allocation failure, issue 20 finding 7), so its
            // size is bounded: past MAX_CLOSURE_PAIRS the facet's relations are left out,
            // with an error at the facet.
            let mut pairs = 0usize;
            // Edges: stated -> asked, with strength and, for an interpretive step, its reading.
            type Edge = (String, Meet, Option<Interpretation>);
            let mut edges: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
            for v in &facet.values {
                for inc in &v.includes {
                    edges
                        .entry(v.id.clone())
                        .or_default()
                        .push((inc.clone(), Meet::Fully, None));
                }
                for m in &v.met_by {
                    edges
                        .entry(m.clone())
                        .or_default()
                        .push((v.id.clone(), Meet::Fully, None));
                }
                for m in &v.partly_met_by {
                    edges
                        .entry(m.clone())
                        .or_default()
                        .push((v.id.clone(), Meet::Partly, None));
                }
                for i in v
                    .includes_by_interpretation
                    .iter()
                    .chain(&v.met_by_interpretation)
                {
                    edges.entry(i.reads.clone()).or_default().push((
                        i.as_including.clone(),
                        Meet::Interpreted,
                        Some(i.clone()),
                    ));
                }
            }
            let mut meets = BTreeMap::new();
            let mut interpretations = BTreeMap::new();
            for v in &facet.values {
                let mut best: BTreeMap<String, (Meet, Option<Interpretation>)> = BTreeMap::new();
                best.insert(v.id.clone(), (Meet::Fully, None));
                let mut queue: Vec<(String, Meet, Option<Interpretation>)> =
                    vec![(v.id.clone(), Meet::Fully, None)];
                // Each value improves at most three times (absent → partly → interpreted →
                // fully), so this ends.
                while let Some((at, strength, reading)) = queue.pop() {
                    for (to, s, step) in edges.get(&at).map(Vec::as_slice).unwrap_or(&[]) {
                        let st = strength.min(*s);
                        if best.get(to).is_none_or(|(old, _)| *old < st) {
                            let r = reading.clone().or_else(|| step.clone());
                            best.insert(to.clone(), (st, r.clone()));
                            queue.push((to.clone(), st, r));
                        }
                    }
                }
                pairs += best.len();
                if pairs > MAX_CLOSURE_PAIRS {
                    break;
                }
                let mut m = BTreeMap::new();
                for (asked, (meet, reading)) in best {
                    if let (Meet::Interpreted, Some(r)) = (meet, reading) {
                        interpretations.insert((v.id.clone(), asked.clone()), r);
                    }
                    m.insert(asked, meet);
                }
                meets.insert(v.id.clone(), m);
            }
            if pairs > MAX_CLOSURE_PAIRS {
                self.diags.push(
                    err(
                        RELATIONS_TOO_LARGE,
                        facet.file,
                        facet.span,
                        format!(
                            "the relations of facet `{}` (`includes`, `met-by`, `partly-met-by`) reach more than {MAX_CLOSURE_PAIRS} pairs of values once closed",
                            facet.id
                        ),
                        "this facet",
                    )
                    .hint("a vocabulary's values reach a few thousand pairs; split the facet, or relate values to a few broader ones instead of chaining them"),
                );
                facet.meets = BTreeMap::new();
                facet.interpretations = BTreeMap::new();
                facet.met_by = BTreeMap::new();
                continue;
            }
            let mut met_by: BTreeMap<String, Vec<(String, Meet)>> = BTreeMap::new();
            for (stated, asked) in &meets {
                for (a, m) in asked {
                    met_by
                        .entry(a.clone())
                        .or_default()
                        .push((stated.clone(), *m));
                }
            }
            facet.meets = meets;
            facet.interpretations = interpretations;
            facet.met_by = met_by;
        }
    }

    /// Reads axes (`{facet: [values]}`) in vocabulary order, checking every facet and value.
    fn axes(
        &mut self,
        file: FileId,
        text: &str,
        raw: &RawAxes,
        allowed: &dyn Fn(&Facet) -> bool,
        what: &str,
    ) -> Option<Axes> {
        let mut ok = true;
        let mut keys: Vec<_> = raw.iter().collect();
        keys.sort_by_key(|(k, _)| k.referenced.span().offset());
        let mut out: Axes = Vec::new();
        for (facet, values) in keys {
            if !self.known_facet(file, text, facet) {
                ok = false;
                continue;
            }
            let allowed_here = self.inst.facet(&facet.value).is_some_and(allowed);
            if !allowed_here {
                self.diags.push(err(
                    BAD_REQUIREMENT,
                    file,
                    sp_span(text, facet),
                    format!("facet `{}` cannot be used in {what}", facet.value),
                    "not allowed here",
                ));
                ok = false;
                continue;
            }
            if values.is_empty() {
                self.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        sp_span(text, facet),
                        format!("facet `{}` lists no values", facet.value),
                        "empty list",
                    )
                    .hint(
                        "a requirement axis with no values has no cells; list at least one value",
                    ),
                );
                ok = false;
                continue;
            }
            let mut vals = Vec::new();
            for v in values {
                if self.known_value(file, text, &facet.value, v) {
                    if vals.contains(&v.value) {
                        self.diags.push(err(
                            DUPLICATE_ID,
                            file,
                            sp_span(text, v),
                            format!("value `{}` is listed twice", v.value),
                            "listed again here",
                        ));
                    } else {
                        vals.push(v.value.clone());
                    }
                } else {
                    ok = false;
                }
            }
            out.push((facet.value.clone(), vals));
        }
        out.sort_by_key(|(f, _)| self.inst.facet_position(f));
        ok.then_some(out)
    }

    fn duration(&mut self, file: FileId, text: &str, v: &Option<Sp<String>>) -> Option<Duration> {
        let v = v.as_ref()?;
        let d = parse_duration(&v.value);
        if d.is_none() {
            self.diags.push(
                err(
                    BAD_FIELD,
                    file,
                    sp_span(text, v),
                    format!("`{}` is not a duration", v.value),
                    "expected e.g. 4y, 6m, 1y6m",
                )
                .hint("write durations as in `.law` files: `4y`, `10y`, `6m`"),
            );
        }
        d
    }

    fn obligation_refs(
        &mut self,
        file: FileId,
        text: &str,
        of: &[Sp<String>],
        known: &BTreeMap<String, bool>,
    ) -> Option<Vec<String>> {
        let mut ok = true;
        let mut out = Vec::new();
        for o in of {
            match known.get(&o.value) {
                Some(true) => out.push(o.value.clone()),
                Some(false) => {
                    self.diags.push(
                        err(BAD_REQUIREMENT, file, sp_span(text, o), format!("`{}` is not an offence obligation", o.value), "here")
                            .hint("`of` and `offences-of` name obligations whose requirement is made of `offence` parts"),
                    );
                    ok = false;
                }
                None => {
                    let mut d = err(
                        UNKNOWN_OBLIGATION,
                        file,
                        sp_span(text, o),
                        format!("there is no obligation `{}`", o.value),
                        "unknown obligation",
                    );
                    if let Some(s) = did_you_mean(&o.value, known.keys().map(String::as_str)) {
                        d = d.hint(format!("did you mean `{s}`?"));
                    }
                    self.diags.push(d);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn obligation(
        &mut self,
        file: FileId,
        text: &str,
        instrument: &str,
        raw: &Sp<RawObligation>,
        known: &BTreeMap<String, bool>,
    ) -> Option<Obligation> {
        let o = &raw.value;
        let span = sp_span(text, &o.id);
        let kinds: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
        let kind = choose(
            file,
            text,
            &o.kind,
            &kinds,
            "kind of obligation",
            self.diags,
        )
        .and_then(|n| Kind::ALL.iter().find(|(k, _)| *k == n).map(|(_, k)| *k));
        let domains: Vec<&str> = Domain::ALL.iter().map(|(n, _)| *n).collect();
        let domain = choose(file, text, &o.domain, &domains, "domain", self.diags)
            .and_then(|n| Domain::ALL.iter().find(|(k, _)| *k == n).map(|(_, k)| *k));
        let verification = self.verification(file, text, &o.verification);
        let mut references = Vec::new();
        for r in &o.references {
            if let Some(v) = self.verification(file, text, &r.verification) {
                references.push(Reference {
                    source: r.source.clone(),
                    place: r.place.clone(),
                    verification: v,
                });
            }
        }
        let req = &o.requirement;
        let element = |f: &Facet| matches!(f.role, FacetRole::Element | FacetRole::Narrowing);
        let fixed = self.axes(file, text, &req.fixed, &element, "`fixed`")?;
        if req.parts.is_empty() {
            self.diags.push(err(
                BAD_REQUIREMENT,
                file,
                span,
                format!(
                    "obligation `{}` has a requirement with no parts",
                    o.id.value
                ),
                "here",
            ));
            return None;
        }
        let mut parts = Vec::new();
        let mut ok = true;
        for p in &req.parts {
            match self.part(file, text, p, &fixed, known) {
                Some(part) => parts.push(part),
                None => ok = false,
            }
        }
        let not_applicable_when = match &req.not_applicable_when {
            Some(n) => {
                let a = self.axes(
                    file,
                    text,
                    &n.offence_reaches,
                    &element,
                    "`offence-reaches`",
                );
                ok &= a.is_some();
                a.map(NotApplicableWhen::OffenceReaches)
            }
            None => None,
        };
        let mut looks_in = Vec::new();
        for k in &o.looks_in {
            match choose(
                file,
                text,
                k,
                crate::model::corpus::ACT_KINDS,
                "kind of act",
                self.diags,
            ) {
                Some(kind) => looks_in.push(kind.to_string()),
                None => ok = false,
            }
        }
        // The narrowing elements the obligation itself contains (`fixed: {requires: [...]}`):
        // the only ones a model offence may demand.
        let contained: Vec<String> = parts
            .iter()
            .filter_map(|p| match &p.test {
                Test::Provisions { fixed, .. } => Some(fixed),
                _ => None,
            })
            .flatten()
            .filter(|(f, _)| f == crate::syntax::parser::NARROWING_FACET)
            .flat_map(|(_, vs)| vs.iter().cloned())
            .collect();
        let mut model_provisions = Vec::new();
        for m in &o.model_provisions {
            match self.model_provision(file, text, m, &model_provisions, &contained) {
                Some(mp) => model_provisions.push(mp),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(Obligation {
            id: o.id.value.clone(),
            instrument: instrument.to_string(),
            article: o.article.clone(),
            title: o.title.clone(),
            kind: kind?,
            qualifier: o.qualifier.clone(),
            domain: domain?,
            summary: o.summary.trim().to_string(),
            requirement: Requirement {
                parts,
                not_applicable_when,
            },
            verification: verification?,
            verification_note: o.verification_note.clone(),
            method: o.method.clone(),
            references,
            recommendation: o.recommendation.trim().to_string(),
            looks_in,
            model_provisions,
            file,
            span,
        })
    }

    /// Checks one model provision: a known option, tags and rule values of the vocabulary, a
    /// duration, an id not used twice in the obligation.
    fn model_provision(
        &mut self,
        file: FileId,
        text: &str,
        raw: &Sp<RawModelProvision>,
        earlier: &[ModelProvision],
        contained: &[String],
    ) -> Option<ModelProvision> {
        let m = &raw.value;
        let span = super::yaml::span_of(text, &raw.referenced);
        let mut ok = true;
        if earlier.iter().any(|e| e.id == m.id.value) {
            self.diags.push(err(
                DUPLICATE_ID,
                file,
                sp_span(text, &m.id),
                format!("model provision `{}` is listed twice", m.id.value),
                "listed again here",
            ));
            ok = false;
        }
        let options: Vec<&str> = ProvisionOption::ALL.iter().map(|(n, _)| *n).collect();
        let option = choose(
            file,
            text,
            &m.option,
            &options,
            "model provision option",
            self.diags,
        )
        .and_then(|n| {
            ProvisionOption::ALL
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, k)| *k)
        });
        // Element facets, and the narrowing element an obligation contains (possession "for
        // the purpose of trafficking", 1988 Convention Art 3(1)(a)(iii)): a model offence says
        // what its words demand, never less.
        let element = |f: &Facet| {
            matches!(f.role, FacetRole::Element | FacetRole::Narrowing)
                && f.used_in.contains(&Block::Offence)
        };
        let offence = match &m.offence {
            Some(axes) => {
                let a = self.axes(file, text, axes, &element, "a model offence");
                ok &= a.is_some();
                a.unwrap_or_default()
            }
            None => Vec::new(),
        };
        if let Some(axes) = &m.offence {
            for (facet, values) in axes {
                let narrowing = self
                    .inst
                    .facet(&facet.value)
                    .is_some_and(|f| f.role == FacetRole::Narrowing);
                for v in values.iter().filter(|_| narrowing) {
                    if !contained.contains(&v.value) {
                        self.diags.push(
                            err(
                                BAD_REQUIREMENT,
                                file,
                                sp_span(text, v),
                                format!(
                                    "a model offence demands `{}`, which the obligation does not contain: the model would narrow its own obligation",
                                    v.value
                                ),
                                "not contained in the obligation",
                            )
                            .hint("a model offence may demand only the narrowing elements of the obligation's `fixed: {requires: [...]}`"),
                        );
                        ok = false;
                    }
                }
            }
        }
        let rule_kind = self
            .inst
            .facets
            .iter()
            .find(|f| f.role == FacetRole::RuleKind)
            .map(|f| f.id.clone());
        let mut rule = None;
        if let (Some(r), Some(kind_facet)) = (&m.rule, &rule_kind) {
            if self.known_value(file, text, kind_facet, r) {
                let scope = self
                    .inst
                    .facet(kind_facet)
                    .and_then(|f| f.value(&r.value))
                    .and_then(|v| v.covers.clone());
                let mut covers = Vec::new();
                for c in &m.covers {
                    match &scope {
                        Some(sf) if self.known_value(file, text, sf, c) => {
                            covers.push(c.value.clone());
                        }
                        Some(_) => ok = false,
                        None => {
                            self.diags.push(err(
                                BAD_REQUIREMENT,
                                file,
                                sp_span(text, c),
                                format!("rule `{}` covers nothing", r.value),
                                "not allowed here",
                            ));
                            ok = false;
                        }
                    }
                }
                rule = Some((r.value.clone(), covers));
            } else {
                ok = false;
            }
        }
        let mut consequences = Vec::new();
        for c in &m.consequences {
            match &rule_kind {
                Some(kf) if self.known_value(file, text, kf, c) => {
                    consequences.push(c.value.clone());
                }
                _ => ok = false,
            }
        }
        let max_prison_at_least = self.duration(file, text, &m.max_prison_at_least);
        ok &= m.max_prison_at_least.is_none() || max_prison_at_least.is_some();
        let mut follows = Vec::new();
        for r in &m.follows {
            match self.verification(file, text, &r.verification) {
                Some(v) => follows.push(Reference {
                    source: r.source.clone(),
                    place: r.place.clone(),
                    verification: v,
                }),
                None => ok = false,
            }
        }
        let verification = self.verification(file, text, &m.verification);
        if let Some(opt) = option {
            let needs_offence = matches!(
                opt,
                ProvisionOption::SeparateOffence | ProvisionOption::ExtendExisting
            );
            if needs_offence && offence.is_empty() {
                self.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        span,
                        format!(
                            "model provision `{}` makes an offence but gives no `offence` tags",
                            m.id.value
                        ),
                        "this provision",
                    )
                    .hint("list the offence's tags: `offence: {conduct: [...], object: [...]}`"),
                );
                ok = false;
            }
            if opt == ProvisionOption::GeneralPart && m.rule.is_none() {
                self.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        span,
                        format!(
                            "model provision `{}` is a general-part rule but names no `rule`",
                            m.id.value
                        ),
                        "this provision",
                    )
                    .hint("name the rule kind: `rule: attempt`"),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        Some(ModelProvision {
            id: m.id.value.clone(),
            option: option?,
            title: m.title.clone(),
            text: m.text.trim().to_string(),
            offence,
            rule,
            max_prison_at_least,
            takes_out_qualifiers: m.takes_out_qualifiers,
            consequences,
            follows,
            verification: verification?,
            verification_note: m.verification_note.clone(),
        })
    }

    fn verification(&mut self, file: FileId, text: &str, v: &Sp<String>) -> Option<Verification> {
        match choose(
            file,
            text,
            v,
            &["verified", "unverified"],
            "verification status",
            self.diags,
        )? {
            "verified" => Some(Verification::Verified),
            _ => Some(Verification::Unverified),
        }
    }

    fn part(
        &mut self,
        file: FileId,
        text: &str,
        raw: &Sp<RawPart>,
        fixed: &Axes,
        known: &BTreeMap<String, bool>,
    ) -> Option<Part> {
        let p = &raw.value;
        let span = super::yaml::span_of(text, &raw.referenced);
        let tests = [
            p.offence.is_some(),
            p.measure.is_some(),
            p.rule.is_some(),
            p.offences_of.is_some(),
        ];
        if tests.iter().filter(|t| **t).count() != 1 {
            self.diags.push(
                err(BAD_REQUIREMENT, file, span, "a requirement part needs exactly one of `offence`, `measure`, `rule`, `offences-of`".into(), "this part")
                    .hint("split a part that tests two things into two parts"),
            );
            return None;
        }
        let misplaced = |b: &mut Self, present: bool, name: &str, allowed: &str| {
            if present {
                b.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        span,
                        format!("`{name}` cannot be used in this part"),
                        "this part",
                    )
                    .hint(format!("`{name}` belongs with {allowed}")),
                );
            }
        };
        let test = if let Some(axes) = p.offence.as_ref().or(p.measure.as_ref()) {
            let block = if p.offence.is_some() {
                Block::Offence
            } else {
                Block::Measure
            };
            misplaced(
                self,
                !p.covers.is_empty() || !p.of.is_empty(),
                "covers`/`of",
                "`rule`",
            );
            misplaced(
                self,
                p.custodial.is_some() || !p.without.is_empty(),
                "custodial`/`without",
                "`offences-of`",
            );
            let allowed = |f: &Facet| match block {
                Block::Offence => {
                    f.used_in.contains(&Block::Offence) && f.role == FacetRole::Element
                }
                Block::Measure => {
                    (f.used_in.contains(&Block::Measure) && f.role == FacetRole::Element)
                        || f.role == FacetRole::MeasureKind
                }
            };
            let axes = self.axes(
                file,
                text,
                axes,
                &allowed,
                &format!("an `{}` part", block.keyword()),
            )?;
            if block == Block::Measure
                && !axes.iter().any(|(f, _)| {
                    self.inst
                        .facet(f)
                        .is_some_and(|f| f.role == FacetRole::MeasureKind)
                })
            {
                self.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        span,
                        "a `measure` part must list the kinds of measure".into(),
                        "this part",
                    )
                    .hint("add e.g. `measure: [record-keeping]`"),
                );
                return None;
            }
            let element = |f: &Facet| matches!(f.role, FacetRole::Element | FacetRole::Narrowing);
            let mut all_fixed = fixed.clone();
            for (f, vs) in self.axes(file, text, &p.fixed, &element, "`fixed`")? {
                all_fixed.push((f, vs));
            }
            Test::Provisions {
                block,
                axes,
                fixed: all_fixed,
                max_prison_at_least: self.duration(file, text, &p.max_prison_at_least),
                retention_at_least: self.duration(file, text, &p.retention_at_least),
            }
        } else if let Some(kind) = &p.rule {
            misplaced(
                self,
                p.custodial.is_some() || !p.without.is_empty() || p.max_prison_at_least.is_some(),
                "custodial`/`without`/`max-prison-at-least",
                "`offences-of`",
            );
            let Some(rules) = self
                .inst
                .facet_with_role(FacetRole::RuleKind)
                .map(|f| f.id.clone())
            else {
                self.diags.push(err(
                    BAD_REQUIREMENT,
                    file,
                    span,
                    "no facet has `role: rule-kind`, so rules cannot be required".into(),
                    "this part",
                ));
                return None;
            };
            if !self.known_value(file, text, &rules, kind) {
                return None;
            }
            let mut covers = Vec::new();
            if !p.covers.is_empty() {
                let Some(cf) = self.inst.covers_facet(&kind.value).map(|f| f.id.clone()) else {
                    self.diags.push(
                        err(
                            BAD_REQUIREMENT,
                            file,
                            sp_span(text, kind),
                            format!("rule `{}` has no `covers` facet", kind.value),
                            "this rule kind",
                        )
                        .hint("give the rule kind `covers: FACET` in the rule facet"),
                    );
                    return None;
                };
                for c in &p.covers {
                    if self.known_value(file, text, &cf, c) {
                        covers.push(c.value.clone());
                    } else {
                        return None;
                    }
                }
            }
            let of = self.obligation_refs(file, text, &p.of, known)?;
            // Of `fixed`, a rule part takes the narrowing elements only: what the obligation
            // contains, so that a rule applying only where the case has them is not narrowed.
            let narrowing = |f: &Facet| f.role == FacetRole::Narrowing;
            let mut contains: Axes = fixed
                .iter()
                .filter(|(f, _)| self.inst.facet(f).is_some_and(narrowing))
                .cloned()
                .collect();
            contains.extend(self.axes(
                file,
                text,
                &p.fixed,
                &narrowing,
                "`fixed` of a `rule` part",
            )?);
            Test::Rule {
                kind: kind.value.clone(),
                covers,
                of,
                contains,
            }
        } else {
            let of_raw = p.offences_of.as_deref().unwrap_or(&[]);
            misplaced(
                self,
                !p.covers.is_empty() || !p.of.is_empty(),
                "covers`/`of",
                "`rule`",
            );
            let of = self.obligation_refs(file, text, of_raw, known)?;
            if of.is_empty() {
                self.diags.push(err(
                    BAD_REQUIREMENT,
                    file,
                    span,
                    "`offences-of` lists no obligation".into(),
                    "this part",
                ));
                return None;
            }
            let narrowing = self
                .inst
                .facet_with_role(FacetRole::Narrowing)
                .map(|f| f.id.clone())
                .unwrap_or_default();
            let mut without = Vec::new();
            for w in &p.without {
                if self.known_value(file, text, &narrowing, w) {
                    without.push(w.value.clone());
                } else {
                    return None;
                }
            }
            let max = self.duration(file, text, &p.max_prison_at_least);
            let custodial = p.custodial.unwrap_or(false);
            if max.is_none() && !custodial && without.is_empty() {
                self.diags.push(
                    err(
                        BAD_REQUIREMENT,
                        file,
                        span,
                        "`offences-of` tests nothing".into(),
                        "this part",
                    )
                    .hint("add `max-prison-at-least`, `custodial: true` or `without`"),
                );
                return None;
            }
            Test::OffencesOf {
                of,
                max_prison_at_least: max,
                custodial,
                without,
            }
        };
        Some(Part {
            id: p.id.as_ref().map(|i| i.value.clone()),
            label: p.label.clone(),
            test,
        })
    }
}

/// Lowercase ASCII words joined by `-`, as `.law` identifiers are.
fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn load(texts: &[&str]) -> (Instrument, Vec<Diagnostic>, Sources) {
        let mut sources = Sources::new();
        let ids: Vec<FileId> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| sources.add(SourceFile::new(format!("protocol/{i}.yaml"), t.to_string())))
            .collect();
        let (inst, diags) = load_instrument(&sources, &ids);
        (inst, diags, sources)
    }

    fn bundled() -> (Instrument, Vec<Diagnostic>, Sources) {
        load(&[
            include_str!("../../protocol/drugs-1988.yaml"),
            include_str!("../../protocol/firearms-protocol.yaml"),
            include_str!("../../protocol/tip.yaml"),
            include_str!("../../protocol/untoc.yaml"),
        ])
    }

    #[test]
    fn each_protocol_gets_untoc_on_its_own_offences_and_drugs_stands_alone() {
        let (inst, diags, _) = bundled();
        assert!(diags.is_empty(), "{diags:#?}");
        // Nothing selected: the default set, the Firearms Protocol with UNTOC.
        assert_eq!(
            inst.measured().map(|m| m.id.as_str()),
            Some("firearms-protocol")
        );
        let of = |set: &Instrument, id: &str| -> Vec<String> {
            set.obligation(id)
                .map(|o| o.depends_on().into_iter().map(str::to_string).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            of(&inst, "UNTOC-10.1"),
            ["FP-5.1.a", "FP-5.1.b", "FP-5.1.c"]
        );
        let tip = inst.analysis_set("tip").expect("tip is a set");
        assert_eq!(of(&tip, "UNTOC-10.1"), ["TIP-5.1.a", "TIP-5.1.c"]);
        assert!(tip.obligation("FP-5.1.a").is_none());
        let legal = tip
            .obligation("UNTOC-10.1")
            .map(|o| o.recommendation.clone());
        assert!(legal.is_some_and(|r| r.contains("trafficking in persons offences")));
        let drugs = inst
            .analysis_set("drugs-1988")
            .expect("drugs-1988 is a set");
        assert!(drugs.obligation("UNTOC-10.1").is_none());
        assert!(drugs.obligation("DRUGS-3.1.a.i").is_some());
        assert_eq!(drugs.parts.len(), 1);
        assert!(inst.analysis_set("firearms").is_ok(), "the alias");
        let e = inst.analysis_set("untoc").err().unwrap_or_default();
        assert!(e.contains("--instrument firearms-protocol"), "{e}");
        let e = inst.analysis_set("tpi").err().unwrap_or_default();
        assert!(e.contains("did you mean `tip`?"), "{e}");
    }

    #[test]
    fn header_links_to_unknown_obligations_are_located() {
        let (_, diags, _) = load(&[r#"
instrument:
  id: p
  title: P
  supplements: nothing
  offences: [NOPE]
  trafficking-offence: R-1
facets:
  - id: rule
    label: rule
    explanation: x
    role: rule-kind
    values:
      - {id: attempt, label: attempt, explanation: x}
obligations:
  - id: R-1
    article: Art 1
    title: t
    kind: mandatory
    domain: criminal
    summary: s
    requirement:
      parts:
        - rule: attempt
    verification: unverified
    recommendation: r
"#]);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`supplements: nothing`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`NOPE` is not an obligation of this file")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`R-1` is not an offence obligation")),
            "{messages:?}"
        );
        assert!(diags.iter().all(|d| d.span.is_some()), "located");
    }

    #[test]
    fn bundled_protocol_loads_cleanly() {
        let (inst, diags, sources) = bundled();
        let rendered: Vec<String> = diags
            .iter()
            .map(|d| crate::diagnostic::render(d, &sources, Default::default()))
            .collect();
        assert!(diags.is_empty(), "{}", rendered.join("\n"));
        for id in [
            "FP-5.1.a",
            "FP-5.1.b",
            "FP-5.1.c",
            "FP-5.2.a",
            "FP-5.2.b",
            "FP-6.1",
            "FP-6.2",
            "FP-7",
            "FP-8.1.a",
            "FP-8.1.b",
            "FP-8.1.c",
            "FP-9",
            "FP-10.1",
            "FP-10.2",
            "FP-10.3",
            "FP-11.a",
            "FP-15.1",
            "UNTOC-10.1",
            "UNTOC-10.4",
            "UNTOC-11.1",
            "UNTOC-2.b",
            "UNTOC-12.1",
            "UNTOC-15.1",
            "UNTOC-15.3",
            "UNTOC-20.1",
            "UNTOC-34.2",
        ] {
            assert!(inst.obligation(id).is_some(), "missing {id}");
        }
        assert_eq!(
            inst.obligation("FP-5.1.a").map(|o| o.cells().len()),
            Some(14)
        );
        assert_eq!(
            inst.obligation("FP-5.1.b").map(|o| o.cells().len()),
            Some(32)
        );
        assert_eq!(
            inst.obligation("FP-5.2.b").map(|o| o.cells().len()),
            Some(18)
        );
    }

    #[test]
    fn bundled_vocabulary_has_the_agreed_ids() {
        let (inst, _, _) = bundled();
        let agreed: &[(&str, &str)] = &[
            (
                "conduct",
                "manufacture assemble modify reactivate import export transit acquire sell offer deliver move transfer exchange possess carry broker use falsify-marking obliterate-marking remove-marking alter-marking falsify-records",
            ),
            (
                "object",
                "firearm part-component ammunition ammunition-component sound-suppressor convertible-weapon deactivated-weapon gas-weapon explosive goods",
            ),
            (
                "circumstance",
                "without-licence contrary-to-licence from-illicitly-trafficked-parts without-marking false-marking evading-customs",
            ),
            ("mental", "intent negligence"),
            (
                "requires",
                "cross-border for-gain organised-group group as-business armed violence public-place large-quantity great-destructive-power military-only prohibited-items-only purpose-of-crime contrary-to-international-law official-capacity reseller-network",
            ),
            (
                "rule",
                "attempt complicity legal-persons confiscation seizure jurisdiction",
            ),
            (
                "participation",
                "co-perpetration instigation aiding abetting facilitating counselling organizing directing",
            ),
            (
                "confiscation",
                "object-of-offence instrumentalities proceeds value-based extended",
            ),
            (
                "jurisdiction",
                "territory flag-vessel nationality passive-personality stateless-resident non-extradition",
            ),
            ("liability", "criminal administrative civil"),
            (
                "measure",
                "record-keeping marking-at-manufacture marking-on-import marking-state-transfer deactivation-standard deactivation-verification deactivation-certificate manufacture-licence export-authorisation import-authorisation transit-authorisation broker-registration broker-licence seizure destruction controlled-delivery electronic-surveillance undercover-operations",
            ),
        ];
        for (facet, values) in agreed {
            let f = inst.facet(facet).unwrap_or_else(|| panic!("facet {facet}"));
            for v in values.split_whitespace() {
                assert!(f.has_value(v), "{facet} lacks {v}");
            }
        }
    }

    #[test]
    fn relations_close_transitively() {
        let (inst, _, _) = bundled();
        let object = inst.facet("object").unwrap();
        assert_eq!(object.meets("goods", "firearm"), Some(Meet::Fully));
        assert_eq!(object.meets("goods", "sound-suppressor"), Some(Meet::Fully));
        assert_eq!(object.meets("firearm", "goods"), None);
        let circ = inst.facet("circumstance").unwrap();
        assert_eq!(
            circ.meets("evading-customs", "without-licence"),
            Some(Meet::Partly)
        );
        let part = inst.facet("participation").unwrap();
        assert_eq!(part.meets("aiding", "accomplice"), Some(Meet::Fully));
        assert_eq!(part.meets("aiding", "facilitating"), Some(Meet::Partly));
        let implied = inst.implied(&[("conduct".into(), "import".into())]);
        assert!(implied.contains(&("requires".into(), "cross-border".into())));
    }

    const MINI: &str = "instrument: {id: t, title: T}\nfacets:\n  - id: conduct\n    label: c\n    explanation: e\n    role: element\n    used-in: [offence]\n    values:\n      - {id: make, label: m, explanation: e}\n";

    #[test]
    fn bundled_criminal_obligations_carry_model_provisions() {
        let (inst, diags, _) = bundled();
        assert!(diags.is_empty(), "{diags:#?}");
        for id in [
            "FP-5.1.a",
            "FP-5.1.b",
            "FP-5.1.c",
            "FP-5.2.a",
            "FP-5.2.b",
            "FP-6.1",
            "UNTOC-10.1",
            "TIP-5.1.a",
            "TIP-5.1.c",
            "TIP-3.b",
            "TIP-5.2.a",
            "TIP-5.2.b",
            "TIP-5.2.c",
            "DRUGS-3.1.a.i",
            "DRUGS-3.1.a.ii",
            "DRUGS-3.1.a.iii",
            "DRUGS-3.1.a.iv",
            "DRUGS-3.1.a.v",
            "DRUGS-3.1.b",
            "DRUGS-3.1.c.i",
            "DRUGS-3.1.c.ii",
            "DRUGS-3.1.c.iii",
            "DRUGS-3.1.c.iv",
            "DRUGS-3.2",
            "DRUGS-3.5",
            "DRUGS-5.1",
        ] {
            // Every instrument's obligations, not only the default set's.
            let o = inst.templates.iter().find(|o| o.id == id).unwrap();
            assert!(!o.model_provisions.is_empty(), "{id}");
        }
        let a = inst
            .obligations
            .iter()
            .find(|o| o.id == "FP-5.1.a")
            .unwrap();
        let sep = a
            .model_provisions
            .iter()
            .find(|m| m.option == ProvisionOption::SeparateOffence)
            .unwrap();
        assert_eq!(sep.max_prison_at_least, Some(Duration::from_years(4)));
        assert!(
            sep.offence
                .iter()
                .any(|(f, v)| f == "conduct" && v.contains(&"assemble".to_string()))
        );
        // The Model Law's chapter is not confirmed: every such reference says so.
        assert!(
            sep.follows
                .iter()
                .any(|r| r.verification == Verification::Unverified)
        );
    }

    #[test]
    fn a_model_provision_with_an_unknown_option_or_value_is_located() {
        let text = format!(
            "{MINI}obligations:\n  - id: X-1\n    article: a\n    title: t\n    kind: mandatory\n    domain: criminal\n    summary: s\n    requirement:\n      parts:\n        - offence: {{conduct: [make]}}\n    verification: verified\n    recommendation: r\n    model-provisions:\n      - id: m\n        option: separate-ofence\n        text: t\n        offence: {{conduct: [mkae]}}\n        verification: unverified\n"
        );
        let (inst, diags, sources) = load(&[&text]);
        assert!(inst.obligations.is_empty());
        let file = sources.get(FileId(0)).unwrap();
        let spans: Vec<&str> = diags
            .iter()
            .map(|d| &file.text[d.span.unwrap().range()])
            .collect();
        assert!(spans.contains(&"separate-ofence"), "{diags:#?}");
        assert!(spans.contains(&"mkae"), "{diags:#?}");
    }

    /// A model offence may demand a narrowing element its obligation contains (possession "for
    /// the purpose of trafficking", 1988 Convention Art 3(1)(a)(iii)) — its tags then say what
    /// its words demand — but not one the obligation does not contain: the model would narrow
    /// its own obligation. Located at the value.
    #[test]
    fn a_model_offence_demands_only_narrowing_elements_its_obligation_contains() {
        let narrowing = "  - id: requires\n    label: n\n    explanation: e\n    role: narrowing\n    used-in: [offence]\n    values:\n      - {id: for-sale, label: s, explanation: e}\n      - {id: for-gain, label: g, explanation: e}\n";
        let ob = |demands: &str| {
            format!(
                "{MINI}{narrowing}obligations:\n  - id: X-1\n    article: a\n    title: t\n    kind: mandatory\n    domain: criminal\n    summary: s\n    requirement:\n      fixed: {{requires: [for-sale]}}\n      parts:\n        - offence: {{conduct: [make]}}\n    verification: verified\n    recommendation: r\n    model-provisions:\n      - id: m\n        option: separate-offence\n        text: t\n        offence: {{conduct: [make], requires: [{demands}]}}\n        verification: unverified\n"
            )
        };
        let (inst, diags, _) = load(&[&ob("for-sale")]);
        assert!(diags.is_empty(), "{diags:#?}");
        let mp = &inst.obligations[0].model_provisions[0];
        assert!(
            mp.offence
                .iter()
                .any(|(f, v)| f == "requires" && v == &["for-sale".to_string()])
        );
        let (inst, diags, sources) = load(&[&ob("for-gain")]);
        assert!(inst.obligations.is_empty());
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let file = sources.get(FileId(0)).unwrap();
        assert_eq!(&file.text[diags[0].span.unwrap().range()], "for-gain");
        assert!(diags[0].message.contains("does not contain"), "{diags:#?}");
    }

    #[test]
    fn unknown_facet_and_value_are_located_with_hints() {
        let text = format!(
            "{MINI}obligations:\n  - id: X-1\n    article: a\n    title: t\n    kind: mandatory\n    domain: criminal\n    summary: s\n    requirement:\n      parts:\n        - offence: {{condcut: [make]}}\n        - offence: {{conduct: [mkae]}}\n    verification: verified\n    recommendation: r\n"
        );
        let (_, diags, sources) = load(&[&text]);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        let file = sources.get(FileId(0)).unwrap();
        assert_eq!(diags[0].code, UNKNOWN_FACET_YAML);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `conduct`?"));
        assert_eq!(&file.text[diags[0].span.unwrap().range()], "condcut");
        assert_eq!(diags[1].code, UNKNOWN_VALUE_YAML);
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `make`?"));
        assert_eq!(file.line_col(diags[1].span.unwrap().start as usize).0, 20);
    }

    #[test]
    fn contrary_to_law_meets_without_licence_only_by_interpretation() {
        let (inst, diags, _) = bundled();
        assert!(diags.is_empty(), "{diags:#?}");
        let c = inst.facet("circumstance").expect("circumstance facet");
        assert_eq!(
            c.meets("contrary-to-law", "without-licence"),
            Some(Meet::Interpreted)
        );
        let reading = c
            .interpretation("contrary-to-law", "without-licence")
            .expect("the reading, with its reason");
        assert!(reading.reason.contains("requires a licence"));
        assert_eq!(c.meets("contrary-to-law", "without-marking"), None);
        assert_eq!(
            c.meets("contrary-to-law", "from-illicitly-trafficked-parts"),
            None
        );
        assert_eq!(c.meets("without-licence", "contrary-to-law"), None);
    }

    #[test]
    fn interpretive_relations_close_as_weak_as_their_weakest_step() {
        let (inst, diags, _) = load(&[r#"
instrument: {id: t, title: T}
facets:
  - id: conduct
    label: conduct
    explanation: x
    role: element
    used-in: [offence]
    when-absent: nothing
    values:
      - {id: produce, label: producing, explanation: x, includes: [manufacture]}
      - id: manufacture
        label: manufacturing
        explanation: x
        includes-by-interpretation:
          - {id: assemble, reason: "Assembly is a way of making.", source: "Guide"}
      - {id: assemble, label: assembly, explanation: x, partly-met-by: [repair]}
      - {id: repair, label: repair, explanation: x}
"#]);
        assert!(diags.is_empty(), "{diags:#?}");
        let f = inst.facet("conduct").expect("facet");
        assert_eq!(f.meets("manufacture", "assemble"), Some(Meet::Interpreted));
        assert_eq!(f.meets("produce", "assemble"), Some(Meet::Interpreted));
        assert_eq!(
            f.interpretation("produce", "assemble")
                .map(|i| i.reads.as_str()),
            Some("manufacture")
        );
        assert_eq!(f.meets("produce", "manufacture"), Some(Meet::Fully));
        assert_eq!(f.meets("repair", "assemble"), Some(Meet::Partly));
    }

    #[test]
    fn duplicate_ids_across_files_are_reported() {
        let ob = "obligations:\n  - id: X-1\n    article: a\n    title: t\n    kind: mandatory\n    domain: criminal\n    summary: s\n    requirement:\n      parts:\n        - offence: {conduct: [make]}\n    verification: verified\n    recommendation: r\n";
        let other = format!("instrument: {{id: u, title: U}}\n{ob}");
        let (inst, diags, _) = load(&[&format!("{MINI}{ob}"), &other]);
        assert_eq!(inst.obligations.len(), 1);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, DUPLICATE_ID);
        assert_eq!(diags[0].related.len(), 1);
    }

    #[test]
    fn yaml_errors_become_diagnostics() {
        let (_, diags, _) = load(&["instrument: {id: t, title: T}\nfacets: [\n"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, YAML_SYNTAX);
        assert!(diags[0].span.is_some());
        let (_, diags, _) = load(&["instrument: {id: t, title: T}\nfacts: []\n"]);
        assert_eq!(diags[0].code, YAML_SYNTAX);
        assert!(diags[0].message.contains("facts"), "{}", diags[0].message);
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("4y"), Some(Duration::from_years(4)));
        assert_eq!(parse_duration("1y6m").map(|d| d.months), Some(6));
        assert_eq!(parse_duration("4"), None);
        assert_eq!(parse_duration("y"), None);
        assert_eq!(parse_duration("99999999999y"), None);
    }
}
