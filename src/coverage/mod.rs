//! Stage 3 — coverage: which obligations the law in force meets, cell by cell. Pure functions,
//! no I/O: the law in force and the instrument in, a [`JurisdictionCoverage`] out.
//!
//! The rules, each tested in `tests/coverage.rs`:
//! - a requirement's cells are the product of its value lists;
//! - a cell is covered when ONE provision in force reaches every value of it and meets the
//!   thresholds — never by combining provisions;
//! - a provision that demands an element the cell does not contain (a narrowing element), that
//!   is only an aggravated form, or that meets a value only in part covers the cell partly, and
//!   the reason names the element and the provision;
//! - general-part rules reach the offences they govern (attempt thresholds, closed lists), and a
//!   cell only as far as those offences reach it; in a federal State each level's rules govern
//!   its own offences only (never a parent's), and a rule that must exist is met only where every
//!   level with offences has one of its own; a level none of whose general part is encoded
//!   leaves such a test unknown, not failed;
//! - a cell nothing known covers, that a provision could reach but for a value written `?`, is
//!   unknown, not a gap;
//! - an obligation not fully met is not assessed where an act the jurisdiction declares, of a
//!   kind the obligation looks in, has no version in force, or where it has unknown cells;
//! - the status of an obligation is full, partial, none or not-applicable; an obligation to
//!   consider, an option or a benchmark is never a gap;
//! - an expert assessment overrides the computed status, and both are kept.

mod engine;
mod group;
pub mod reach;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use crate::date::Date;
use crate::model::Status;
use crate::model::assessment::Assessment;
use crate::model::in_force::{ActInForce, LawInForce, Via};
use crate::model::instrument::{Domain, Facet, Instrument, InstrumentInfo, Interpretation, Kind};

pub use engine::{
    analyze, analyze_with, describe_condition, offences_governed, offences_to_reach, rule_applies,
    rule_applies_in_part, rule_holds_within,
};
pub use group::MissingGroup;

/// Whether one cell is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellStatus {
    NotCovered,
    /// Nothing known covers the cell, but a provision could, but for a value written `?`
    /// (`conduct ?`): not reported as a gap.
    Unknown,
    #[serde(rename = "partly-covered")]
    Partly,
    /// Covered, but only by an interpretation (of the instrument model or of the jurisdiction's
    /// experts), not by the words of the law: shown apart from "covered", with the reading and
    /// its source.
    #[serde(rename = "covered-by-interpretation")]
    Interpreted,
    Covered,
}

impl CellStatus {
    pub fn id(self) -> &'static str {
        match self {
            CellStatus::Covered => "covered",
            CellStatus::Interpreted => "covered-by-interpretation",
            CellStatus::Partly => "partly-covered",
            CellStatus::Unknown => "unknown",
            CellStatus::NotCovered => "not-covered",
        }
    }
}

/// How a provision reached one value of a cell.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Matched {
    pub axis: String,
    /// The value the cell asks for.
    pub asked: String,
    /// The value the provision states that reaches it; `None` when the provision says nothing
    /// about the facet and so is not limited by it.
    pub stated: Option<String>,
    /// The defined term it came through.
    pub via: Option<Via>,
    /// Whether the value is reached only in part.
    pub partly: bool,
    /// The interpretation it is reached by, when it is reached only so.
    pub interpretation: Option<Interpretation>,
}

/// Why a provision reaches a cell only in part (or, for derived tests, not at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShortfallKind {
    /// The offence demands an element the cell does not contain.
    Narrowing,
    /// Only an aggravated form reaches the cell.
    AggravatedOnly,
    /// A value is reached only in part (`partly-met-by`).
    PartlyMet,
    /// A penalty or retention period below the threshold.
    BelowThreshold,
    /// The text does not say whether a threshold is met.
    Unknown,
    /// A general-part rule does not reach the offence.
    RuleDoesNotApply,
    /// A rule applies only to some offences.
    RuleConditional,
    /// No rule of the kind is in force.
    NoRule,
    /// No offence covers the obligation a derived test looks at.
    NoBaseOffence,
    /// An offence reaches the cell's other elements, but a term the act defines (its object,
    /// say) leaves out the value asked for.
    DefinitionExcludes,
    /// Not a shortfall of the words: the value is reached only by an interpretation (named,
    /// with its source, in the text). Makes a cell "covered by interpretation".
    ByInterpretation,
    /// An offence reaches the cell's other elements but demands an element that excludes one
    /// the cell contains (a trafficking purpose, where the cell is personal consumption): it
    /// does not reach the cell at all.
    Excludes,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Shortfall {
    pub kind: ShortfallKind,
    /// The element concerned (a narrowing value, a threshold …).
    pub element: Option<String>,
    /// The provision concerned.
    pub provision: Option<String>,
    /// In words, for people.
    pub text: String,
}

/// A provision (or rule) that bears on a cell.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Evidence {
    pub address: String,
    /// `offence`, `measure` or `rule`.
    pub kind: &'static str,
    pub status: CellStatus,
    /// The unit's text (English where available), for quoting.
    pub text: Option<String>,
    pub matched: Vec<Matched>,
    /// For rules: the offences the rule was found to reach.
    pub applies_to: Vec<String>,
    /// For rules: each `requires` condition that held for the offences it reaches, and why
    /// (what `explain` says beside `applies to`). Absent where there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionHeld>,
    pub shortfalls: Vec<Shortfall>,
}

/// A rule's `requires ELEMENT` condition that held (docs/language.md, *conditions*): the rule
/// reaches the offence in every case, not only in those that have the element.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConditionHeld {
    /// The element the condition names (`organised-group`).
    pub requires: String,
    /// The element as the instrument names it (in the instrument's language).
    pub label: String,
    /// `obligation`: the obligation asking for the rule contains the element (its fixed
    /// elements: UNTOC Art 20 concerns organised crime, Art 3(1)); `offence`: the offence
    /// requires it itself.
    pub because: &'static str,
    /// For `offence`: the offences that require it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offences: Vec<String>,
}

impl ConditionHeld {
    /// Adds `held` to `list`: one entry per element and reason, the offences gathered.
    pub fn add(list: &mut Vec<ConditionHeld>, held: ConditionHeld) {
        match list
            .iter_mut()
            .find(|c| c.requires == held.requires && c.because == held.because)
        {
            Some(c) => {
                for o in held.offences {
                    if !c.offences.contains(&o) {
                        c.offences.push(o);
                    }
                }
            }
            None => list.push(held),
        }
    }
}

/// One cell and how the law in force covers it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CellResult {
    /// The id of the requirement part (limb) the cell belongs to.
    pub part: Option<String>,
    /// Its position in the requirement.
    #[serde(skip)]
    pub part_index: usize,
    /// `manufacture × firearm × without-licence`.
    pub key: String,
    pub values: Vec<(String, String)>,
    pub status: CellStatus,
    pub evidence: Vec<Evidence>,
    /// Shortfalls of a derived test that no single provision carries.
    pub shortfalls: Vec<Shortfall>,
    /// For a cell nothing covers: the nearest miss, in words (filled for `explain`).
    pub why_not: Option<String>,
    /// Provisions that reach the cell as well as those in `evidence`, which keeps at most
    /// `MAX_EVIDENCE` (4): "… and N more".
    #[serde(skip_serializing_if = "is_zero")]
    pub more_evidence: usize,
    /// Addresses of those further provisions (folded into the obligation's `provisions`).
    #[serde(skip)]
    pub beyond: BTreeSet<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Counts of cells by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CellCounts {
    /// Covered expressly (by the words of a provision).
    pub covered: usize,
    pub partly: usize,
    /// Covered only by an interpretation (not counted in `covered`).
    pub interpreted: usize,
    pub total: usize,
}

/// An expert assessment as shown beside the computed status.
#[derive(Clone, Debug, serde::Serialize)]
pub struct AssessmentView {
    pub status: Status,
    pub justification: String,
    pub author: String,
    pub date: Date,
    pub file: String,
    /// The instrument the assessment is restricted to (`instrument:` in assessments.yaml);
    /// absent where it applies under every instrument that measures the obligation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// An act in force was amended after the assessment was made: it may be out of date.
    pub stale: bool,
}

/// One obligation in one jurisdiction.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ObligationCoverage {
    pub id: String,
    pub instrument: String,
    pub article: String,
    pub title: String,
    pub kind: Kind,
    pub domain: Domain,
    /// The status reports use: the expert's where there is an assessment, else the computed one.
    pub status: Status,
    pub computed_status: Status,
    /// Whether the (effective) status is a gap: a mandatory obligation not fully met.
    pub gap: bool,
    /// The status in words, fitting the kind ("partly met", "not adopted", "benchmark met").
    pub status_label: String,
    pub cells: CellCounts,
    /// Addresses of the provisions and rules that cover cells, fully or partly.
    pub provisions: Vec<String>,
    /// Addresses of the definitions whose terms leave out a value a missing cell asks for
    /// ("weapon" defined without parts): why an offence on that term does not reach it.
    pub definitions: Vec<String>,
    /// Cells not fully covered, grouped for people.
    pub missing: Vec<MissingGroup>,
    /// Why the obligation does not apply, when it does not.
    pub not_applicable: Option<String>,
    /// Why the obligation could not be assessed, when it could not (status `not-assessed`).
    pub not_assessed: Option<String>,
    pub assessment: Option<AssessmentView>,
    /// The recommendation, when the obligation is not fully met.
    pub recommendation: Option<String>,
    /// Cell by cell (used by `explain`; left out of the JSON of `analyze`).
    #[serde(skip)]
    pub cell_results: Vec<CellResult>,
}

/// The headline numbers.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Mandatory (including qualified) obligations that apply.
    pub mandatory: usize,
    pub mandatory_full: usize,
    pub mandatory_partial: usize,
    pub mandatory_none: usize,
    pub not_applicable: usize,
    /// Mandatory obligations not assessed for want of the act where they live (not counted in
    /// `mandatory`).
    pub not_assessed: usize,
    /// "mandatory obligations fully met: 9 of 21".
    pub line: String,
}

/// All obligations in one jurisdiction at one date.
#[derive(Clone, Debug, serde::Serialize)]
pub struct JurisdictionCoverage {
    pub id: String,
    pub name: Option<String>,
    pub at: Date,
    /// The jurisdictions whose law was analysed together (itself, then its parent).
    pub analysed_with: Vec<String>,
    pub acts: Vec<ActInForce>,
    pub summary: Summary,
    pub obligations: Vec<ObligationCoverage>,
}

/// The document `analyze --format json` prints (see docs/json.md).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Analysis {
    pub schema: &'static str,
    pub instruments: Vec<InstrumentInfo>,
    /// The language of the instrument model's strings, when not English (docs/translation.md):
    /// how many are shown in English behind the `[en] ` marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<crate::model::translation::LanguageNote>,
    pub jurisdictions: Vec<JurisdictionCoverage>,
}

/// The schema id of [`Analysis`]; its number changes when a field changes meaning or goes.
pub const ANALYSIS_SCHEMA: &str = "lexgap.analysis/1";

impl Analysis {
    pub fn new(inst: &Instrument, jurisdictions: Vec<JurisdictionCoverage>) -> Analysis {
        Analysis {
            schema: ANALYSIS_SCHEMA,
            instruments: inst.parts.clone(),
            translation: inst.language.as_deref().map(|l| l.note()),
            jurisdictions,
        }
    }
}

/// The document `analyze --format json` prints where it measures several instruments (the
/// jurisdictions list several and no `--instrument` is given): each instrument's
/// [`Analysis`], keyed by the measured instrument's id, in the order measured (docs/json.md).
#[derive(Debug)]
pub struct Analyses<'a> {
    pub analyses: Vec<&'a Analysis>,
}

/// The schema id of [`Analyses`].
pub const ANALYSES_SCHEMA: &str = "lexgap.analyses/1";

impl<'a> Analyses<'a> {
    pub fn new(analyses: impl IntoIterator<Item = &'a Analysis>) -> Analyses<'a> {
        Analyses {
            analyses: analyses.into_iter().collect(),
        }
    }
}

impl Analysis {
    /// The id of the instrument measured: the first of the analysis set.
    pub fn measured(&self) -> &str {
        self.instruments.first().map_or("", |i| i.id.as_str())
    }
}

impl serde::Serialize for Analyses<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeStruct as _};
        /// The analyses as a map, in the order measured.
        struct Keyed<'b>(&'b [&'b Analysis]);
        impl serde::Serialize for Keyed<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for a in self.0 {
                    map.serialize_entry(a.measured(), a)?;
                }
                map.end()
            }
        }
        let measured: Vec<&str> = self.analyses.iter().map(|a| a.measured()).collect();
        let mut st = serializer.serialize_struct("Analyses", 3)?;
        st.serialize_field("schema", ANALYSES_SCHEMA)?;
        st.serialize_field("measured", &measured)?;
        st.serialize_field("analyses", &Keyed(&self.analyses))?;
        st.end()
    }
}

/// A shortfall in words for people: its English text, or, when the instrument was put into
/// another language (docs/translation.md), the same reason built from its kind, provision and
/// element through that language's phrases.
pub fn reason_text(inst: &Instrument, s: &Shortfall) -> String {
    match inst.language.as_deref() {
        Some(lang) => group::reason_in(lang, inst, s),
        None => s.text.clone(),
    }
}

/// An interpretation in words: "contrary to the applicable law read as including without a
/// licence — by criminal-code art-364: Law on Weapons art. 5" or "— by the instrument model: …".
pub fn describe_interpretation(i: &Interpretation, facet: Option<&Facet>) -> String {
    let label = |v: &str| facet.map_or(v.to_string(), |f| f.label_of(v).to_string());
    let head = format!(
        "{} read as including {}",
        label(&i.reads),
        label(&i.as_including)
    );
    let source = i
        .source
        .as_deref()
        .map_or(String::new(), |s| format!(" (source: {s})"));
    match &i.recorded_at {
        Some(at) => format!("{head}, as recorded at {}{source}", short_address(at)),
        None => format!(
            "{head}, by the instrument model: {}{source}",
            i.reason.trim_end_matches('.')
        ),
    }
}

/// An interpretation in the reader's language (`shortfall.reading.*`): whose reading it is, the
/// two values by their labels, the instrument's reason or where the jurisdiction recorded it,
/// and its source.
pub fn describe_interpretation_in(
    lang: &crate::model::translation::Language,
    i: &Interpretation,
    facet: Option<&Facet>,
) -> String {
    let label = |v: &str| facet.map_or(v.to_string(), |f| f.label_of(v).to_string());
    let (reads, as_including) = (label(&i.reads), label(&i.as_including));
    let head = match &i.recorded_at {
        Some(at) => lang.fill(
            "shortfall.reading.recorded",
            &[
                ("reads", &reads),
                ("as", &as_including),
                ("at", &group::address_in(lang, at)),
            ],
        ),
        None => lang.fill(
            "shortfall.reading.instrument",
            &[
                ("reads", &reads),
                ("as", &as_including),
                ("reason", i.reason.trim_end_matches('.')),
            ],
        ),
    };
    match &i.source {
        Some(s) => format!(
            "{head} {}",
            lang.fill("shortfall.reading.source", &[("source", s)])
        ),
        None => head,
    }
}

/// The status in words for an obligation of a kind.
pub fn status_label(kind: Kind, status: Status) -> &'static str {
    match (kind, status) {
        (_, Status::NotApplicable) => "not applicable",
        (_, Status::NotAssessed) => "not assessed",
        (Kind::Mandatory | Kind::MandatoryQualified, Status::Full) => "met",
        (Kind::Mandatory | Kind::MandatoryQualified, Status::Partial) => "partly met",
        (Kind::Mandatory | Kind::MandatoryQualified, Status::None) => "not met",
        (Kind::ShallConsider | Kind::Optional, Status::Full) => "adopted",
        (Kind::ShallConsider | Kind::Optional, Status::Partial) => "partly adopted",
        (Kind::ShallConsider | Kind::Optional, Status::None) => "not adopted",
        (Kind::Advisory, Status::Full) => "benchmark met",
        (Kind::Advisory, Status::Partial) => "benchmark partly met",
        (Kind::Advisory, Status::None) => "benchmark not met",
    }
}

/// Analyses each jurisdiction on the date, in parallel (the result keeps the order given).
/// Jurisdictions unknown to the corpus are skipped (the CLI checks names first). The per-cell
/// detail `explain` needs is dropped, which keeps memory flat over hundreds of jurisdictions.
pub fn analyze_all(model: &crate::model::Model, jurisdictions: &[String], at: Date) -> Analysis {
    use rayon::prelude::*;
    let out: Vec<JurisdictionCoverage> = jurisdictions
        .par_iter()
        .filter_map(|j| analyze_one(model, j, at))
        .collect();
    Analysis::new(&model.instrument, out)
}

/// One jurisdiction of [`analyze_all`]: `None` when the model has no such jurisdiction.
pub fn analyze_one(model: &crate::model::Model, j: &str, at: Date) -> Option<JurisdictionCoverage> {
    let law = model.corpus.law_at(&model.instrument, j, at)?;
    let name = model
        .corpus
        .jurisdictions
        .get(j)
        .and_then(|x| x.name.clone());
    Some(analyze_brief(
        &model.instrument,
        &law,
        name,
        &model.assessments_for(j),
    ))
}

/// An analysis without the cell-by-cell detail (what `explain` shows): what the regional
/// matrix and the JSON of `analyze` need, at a fraction of the memory and time.
pub fn analyze_brief(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
) -> JurisdictionCoverage {
    // One jurisdiction's obligations on one thread: `analyze_all` runs the jurisdictions
    // side by side already.
    let mut cov = engine::analyze_one_by_one(inst, law, name, assessments, false);
    for o in &mut cov.obligations {
        o.cell_results = Vec::new();
    }
    cov
}

/// At most this many `verified no` units are named one by one in a file; past it, one warning
/// at the header sums them up.
const UNVERIFIED_ONE_BY_ONE: usize = 10;

/// `check`: the units of `j`'s own acts that the analysis relies on — a provision that covers
/// a cell of some obligation, fully or partly, or a general-part rule used — on any day one of
/// its versions (or an ancestor's) takes effect, and that are `verified no` (their own line, an
/// enclosing unit's, or the header's). One warning per unit at its line; where a file has more
/// than [`UNVERIFIED_ONE_BY_ONE`], one warning at its header names them all.
pub fn unverified_reliance(
    model: &crate::model::Model,
    j: &str,
) -> Vec<crate::diagnostic::Diagnostic> {
    unverified_reliance_with(model, j, |at| analyze_one(model, j, at))
}

/// [`unverified_reliance`], with `analyse` giving `j`'s coverage on a day (as [`analyze_one`]
/// does; the language server answers from its last analyses, updated incrementally).
pub fn unverified_reliance_with(
    model: &crate::model::Model,
    j: &str,
    mut analyse: impl FnMut(Date) -> Option<JurisdictionCoverage>,
) -> Vec<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::Diagnostic;
    use crate::model::codes::RELIED_ON_UNVERIFIED;
    use crate::syntax::ast::Verification;
    let versions = &model.corpus.versions;
    let own: Vec<usize> = (0..versions.len())
        .filter(|&i| {
            versions.get(i).is_some_and(|v| {
                v.jurisdiction == j
                    && (v.verified == Some(Verification::No)
                        || v.units.iter().any(|u| u.verified == Some(Verification::No)))
            })
        })
        .collect();
    if own.is_empty() {
        return Vec::new();
    }
    // The law changes only on a version date: analysing on each is analysing on every day.
    let chain = model.corpus.chain(j);
    let mut dates: Vec<Date> = versions
        .iter()
        .filter(|v| chain.contains(&v.jurisdiction))
        .map(|v| v.date)
        .collect();
    dates.sort();
    dates.dedup();
    // Address → the obligations relying on it.
    let mut relied: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for at in dates {
        let Some(cov) = analyse(at) else {
            continue;
        };
        for o in &cov.obligations {
            for a in &o.provisions {
                relied.entry(a.clone()).or_default().insert(o.id.clone());
            }
        }
    }
    let mut out = Vec::new();
    for vi in own {
        let Some(v) = versions.get(vi) else { continue };
        let prefix = v.address();
        let mut found: Vec<(usize, &std::collections::BTreeSet<String>)> = Vec::new();
        for (ui, u) in v.units.iter().enumerate() {
            let Some(obligations) = relied.get(&format!("{prefix}/{}", u.address)) else {
                continue;
            };
            if v.verification_of(ui) == Some(Verification::No) {
                found.push((ui, obligations));
            }
        }
        if found.is_empty() {
            continue;
        }
        let hint = "read the unit against the official text and write `verified yes \"read in …\"` \
                    (or `partly`) on it: until then its verdicts rest on an unchecked encoding";
        if found.len() > UNVERIFIED_ONE_BY_ONE {
            let names: Vec<&str> = found
                .iter()
                .filter_map(|(ui, _)| v.units.get(*ui).map(|u| u.address.as_str()))
                .collect();
            out.push(
                Diagnostic::new(
                    RELIED_ON_UNVERIFIED,
                    format!(
                        "{} units of {} that the analysis relies on are `verified no`: {}",
                        found.len(),
                        prefix,
                        names.join(", ")
                    ),
                )
                .at(v.header_span, "not verified")
                .in_file(v.file)
                .hint(hint),
            );
            continue;
        }
        for (ui, obligations) in found {
            let Some(u) = v.units.get(ui) else { continue };
            let from = if u.verified.is_some() {
                String::new()
            } else {
                let mut at = u.parent;
                let mut from = " (the header's)".to_string();
                while let Some(p) = at.and_then(|i| v.units.get(i)) {
                    if p.verified.is_some() {
                        from = format!(" ({}'s)", p.address);
                        break;
                    }
                    at = p.parent;
                }
                from
            };
            let ids: Vec<&str> = obligations.iter().map(String::as_str).collect();
            out.push(
                Diagnostic::new(
                    RELIED_ON_UNVERIFIED,
                    format!(
                        "{} is `verified no`{from}, and the analysis relies on it ({})",
                        u.address,
                        ids.join(", ")
                    ),
                )
                .at(u.span, "not verified against the official text")
                .in_file(v.file)
                .hint(hint),
            );
        }
    }
    out
}

/// Shortens a full address for people: `RS/criminal-code@2024-01-01/art-348/para-1` →
/// `criminal-code art-348/para-1`.
pub fn short_address(address: &str) -> String {
    let without_j = address.split_once('/').map_or(address, |(_, rest)| rest);
    match without_j.split_once('/') {
        Some((act, unit)) => {
            // Built by hand, not with `format!`: called for every provision a cell is tested
            // against, where the formatting machinery was a tenth of an analysis.
            let act = act.split_once('@').map_or(act, |(a, _)| a);
            let mut s = String::with_capacity(act.len() + 1 + unit.len());
            s.push_str(act);
            s.push(' ');
            s.push_str(unit);
            s
        }
        None => without_j
            .split_once('@')
            .map_or(without_j, |(a, _)| a)
            .to_string(),
    }
}

/// Counts cells by status.
fn count(cells: &[CellResult]) -> CellCounts {
    let mut c = CellCounts {
        total: cells.len(),
        ..CellCounts::default()
    };
    for cell in cells {
        match cell.status {
            CellStatus::Covered => c.covered += 1,
            CellStatus::Interpreted => c.interpreted += 1,
            CellStatus::Partly => c.partly += 1,
            CellStatus::NotCovered | CellStatus::Unknown => {}
        }
    }
    c
}

/// The computed status from cell counts. Conservative: an obligation is `full` only when every
/// cell is covered expressly; a cell covered only by an interpretation makes it `partial`, and
/// the interpretation is named wherever the obligation is shown.
fn status_from(c: CellCounts) -> Status {
    if c.total > 0 && c.covered == c.total {
        Status::Full
    } else if c.covered + c.partly + c.interpreted == 0 {
        Status::None
    } else {
        Status::Partial
    }
}

fn summary(obligations: &[ObligationCoverage]) -> Summary {
    let mut s = Summary::default();
    for o in obligations {
        if o.status == Status::NotApplicable {
            s.not_applicable += 1;
            continue;
        }
        if !o.kind.can_be_gap() {
            continue;
        }
        if o.status == Status::NotAssessed {
            s.not_assessed += 1;
            continue;
        }
        s.mandatory += 1;
        match o.status {
            Status::Full => s.mandatory_full += 1,
            Status::Partial => s.mandatory_partial += 1,
            Status::None => s.mandatory_none += 1,
            Status::NotApplicable | Status::NotAssessed => {}
        }
    }
    s.line = format!(
        "mandatory obligations fully met: {} of {} ({} partly, {} not met{})",
        s.mandatory_full,
        s.mandatory,
        s.mandatory_partial,
        s.mandatory_none,
        match (s.not_applicable, s.not_assessed) {
            (0, 0) => String::new(),
            (n, 0) => format!("; {n} not applicable"),
            (0, m) => format!("; {m} not assessed"),
            (n, m) => format!("; {n} not applicable, {m} not assessed"),
        }
    );
    s
}

/// Groups provisions addresses: unique and sorted. Each is named by many cells: borrowed,
/// sorted and deduplicated, then copied once (a set of copies cost 4.4 M instructions of the
/// benchmark's diff).
fn addresses(cells: &[CellResult]) -> Vec<String> {
    let mut named: Vec<&str> = cells
        .iter()
        .filter(|c| c.status >= CellStatus::Partly)
        .flat_map(|c| &c.evidence)
        .filter(|e| e.status >= CellStatus::Partly)
        .flat_map(|e| std::iter::once(&e.address).chain(&e.applies_to))
        .map(String::as_str)
        .collect();
    named.sort_unstable();
    named.dedup();
    named.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell of the status drawn, with evidence of each status and address drawn (addresses
    /// from a few, so that cells name the same ones).
    fn cell_naming(status: usize, evidence: Vec<(usize, usize, Vec<usize>)>) -> CellResult {
        const STATUSES: [CellStatus; 5] = [
            CellStatus::NotCovered,
            CellStatus::Unknown,
            CellStatus::Partly,
            CellStatus::Interpreted,
            CellStatus::Covered,
        ];
        let address = |n: usize| format!("AA/criminal-code@2001-01-01/art-{n}");
        CellResult {
            part: None,
            part_index: 0,
            key: String::new(),
            values: Vec::new(),
            status: STATUSES[status % 5],
            evidence: evidence
                .into_iter()
                .map(|(status, at, applies_to)| Evidence {
                    address: address(at),
                    kind: "offence",
                    status: STATUSES[status % 5],
                    text: None,
                    matched: Vec::new(),
                    applies_to: applies_to.into_iter().map(address).collect(),
                    conditions: Vec::new(),
                    shortfalls: Vec::new(),
                })
                .collect(),
            shortfalls: Vec::new(),
            why_not: None,
            more_evidence: 0,
            beyond: BTreeSet::new(),
        }
    }

    proptest::proptest! {
        /// The addresses sorted and deduplicated in place are the set the cells name, as a
        /// set of copies gathers them.
        #[test]
        fn addresses_are_the_set_the_cells_name(
            drawn in proptest::collection::vec(
                (
                    0usize..5,
                    proptest::collection::vec(
                        (0usize..5, 0usize..12, proptest::collection::vec(0usize..12, 0..3)),
                        0..4,
                    ),
                ),
                0..8,
            ),
        ) {
            let cells: Vec<CellResult> = drawn
                .into_iter()
                .map(|(status, evidence)| cell_naming(status, evidence))
                .collect();
            let mut set: BTreeSet<String> = BTreeSet::new();
            for c in cells.iter().filter(|c| c.status >= CellStatus::Partly) {
                for e in c.evidence.iter().filter(|e| e.status >= CellStatus::Partly) {
                    set.insert(e.address.clone());
                    set.extend(e.applies_to.iter().cloned());
                }
            }
            proptest::prop_assert_eq!(addresses(&cells), set.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn short_addresses() {
        assert_eq!(
            short_address("RS/criminal-code@2024-01-01/art-348/para-1"),
            "criminal-code art-348/para-1"
        );
        assert_eq!(
            short_address("RS/criminal-code@2024-01-01"),
            "criminal-code"
        );
    }

    #[test]
    fn statuses_from_counts() {
        let c = |covered, partly, total| CellCounts {
            covered,
            partly,
            interpreted: 0,
            total,
        };
        assert_eq!(status_from(c(3, 0, 3)), Status::Full);
        // Every cell covered, one only by interpretation: never full.
        let by_reading = CellCounts {
            covered: 2,
            partly: 0,
            interpreted: 1,
            total: 3,
        };
        assert_eq!(status_from(by_reading), Status::Partial);
        let only_reading = CellCounts {
            interpreted: 1,
            total: 1,
            ..CellCounts::default()
        };
        assert_eq!(status_from(only_reading), Status::Partial);
        assert_eq!(status_from(c(2, 0, 3)), Status::Partial);
        assert_eq!(status_from(c(0, 1, 3)), Status::Partial);
        assert_eq!(status_from(c(0, 0, 3)), Status::None);
    }

    #[test]
    fn labels_never_call_options_gaps() {
        assert_eq!(
            status_label(Kind::ShallConsider, Status::None),
            "not adopted"
        );
        assert_eq!(status_label(Kind::Mandatory, Status::Partial), "partly met");
        assert!(!Kind::ShallConsider.can_be_gap());
        assert!(!Kind::Advisory.can_be_gap());
    }
}
