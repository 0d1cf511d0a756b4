//! Lowering one `.law` file into an [`ActVersion`]: every unit with its stable address, and the
//! offences, measures, general-part rules and definitions it holds, with references inside the
//! act resolved and tag lines checked against the instrument's facets.
//!
//! Tag *values* are checked later, in [`super::corpus`], because a value may be a term that
//! another act of the jurisdiction defines.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::codes::*;
use super::hash_slots::HashSlots;
use super::instrument::{Block, FacetRole, Instrument};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::FileId;
use crate::syntax::ast::*;
use crate::syntax::{Span, Spanned};

/// One step of a unit's path: its kind and its number as written (`(Article, "278/a")`).
pub type Segment = (UnitKind, String);

/// An article, paragraph or point of the act version.
#[derive(Clone, Debug)]
pub struct UnitRecord {
    /// The unit's last step: its kind and number (a unit numbered `?` gets `?N`, the N-th such
    /// sibling). The whole path is [`ActVersion::path_of`].
    pub segment: Segment,
    /// `art-348/para-1/pt-a` (a `/` in a number becomes `.`).
    pub address: String,
    /// The unit's own heading, if it has one; [`ActVersion::title_of`] looks up the enclosing
    /// article's for paragraphs and points.
    pub title: Option<String>,
    /// The unit's text: English where there is one, else the first language (shared with the
    /// syntax tree, not copied).
    pub text: Option<std::sync::Arc<str>>,
    pub parent: Option<usize>,
    pub span: Span,
    pub repealed: bool,
    /// The unit's own `verified` line, if it has one (see [`ActVersion::verification_of`]).
    pub verified: Option<Verification>,
}

/// Where a reference points.
#[derive(Clone, Debug)]
pub enum Target {
    /// A unit of this act version.
    Local(usize),
    /// A unit of another act of the jurisdiction (resolved per point in time). An empty path is
    /// the whole act.
    Other {
        act: String,
        path: Vec<Segment>,
        span: Span,
    },
}

/// The longest imprisonment a penalty allows, as far as the text says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct MaxPrison {
    /// Life (or long-term) imprisonment is among the alternatives.
    pub life: bool,
    /// The largest stated maximum.
    pub known: Option<Duration>,
    /// The largest minimum of a range with no stated maximum (`prison 3y..`): the maximum is at
    /// least this.
    pub open_from: Option<Duration>,
    /// A bound marked `?`.
    pub unknown: bool,
    /// Any imprisonment at all.
    pub custodial: bool,
}

/// The answer to "does the maximum reach the threshold?", which the text may leave open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

impl MaxPrison {
    pub fn from_penalty(p: &Penalty) -> MaxPrison {
        let mut m = MaxPrison::default();
        for (_, term) in &p.terms {
            match &term.node {
                PenaltyTerm::Life => {
                    m.life = true;
                    m.custodial = true;
                }
                PenaltyTerm::Prison(r) => {
                    m.custodial = true;
                    match r.max.as_ref().map(|b| b.node) {
                        Some(Bound::Known(d)) => m.known = m.known.max(Some(d)),
                        Some(Bound::Unknown) => m.unknown = true,
                        None => match r.min.as_ref().map(|b| b.node) {
                            Some(Bound::Known(d)) => m.open_from = m.open_from.max(Some(d)),
                            _ => m.unknown = true,
                        },
                    }
                }
                PenaltyTerm::Unknown => m.unknown = true,
                PenaltyTerm::Fine => {}
            }
        }
        m
    }

    /// Whether the maximum is at least `t` (more than `t` when `strict`).
    pub fn reaches(&self, t: Duration, strict: bool) -> Tri {
        let ok = |d: Duration| if strict { d > t } else { d >= t };
        if self.life || self.known.is_some_and(ok) || self.open_from.is_some_and(ok) {
            Tri::Yes
        } else if self.unknown || self.open_from.is_some() {
            Tri::Unknown
        } else {
            Tri::No
        }
    }

    /// `5y`, `life`, `at least 3y (no maximum stated)`, `none (no imprisonment)`.
    pub fn describe(&self) -> String {
        if self.life {
            return "life imprisonment".into();
        }
        match (self.known, self.open_from, self.unknown) {
            (Some(k), _, false) => k.to_string(),
            (Some(k), _, true) => format!("{k} or an unknown longer term"),
            (None, Some(o), _) => format!("at least {o} (no maximum stated)"),
            (None, None, true) => "not known".into(),
            (None, None, false) => "no imprisonment".into(),
        }
    }
}

/// A penalty as the offence states it, with its maximum.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PenaltyInfo {
    pub text: String,
    pub max: MaxPrison,
}

impl PenaltyInfo {
    pub fn from_penalty(p: &Penalty) -> PenaltyInfo {
        PenaltyInfo {
            text: penalty_text(p),
            max: MaxPrison::from_penalty(p),
        }
    }
}

fn penalty_text(p: &Penalty) -> String {
    let mut out = String::new();
    for (joiner, term) in &p.terms {
        match joiner {
            Some(Joiner::And) => out.push_str(" + "),
            Some(Joiner::Or) => out.push_str(" or "),
            None => {}
        }
        let bound = |b: &Option<Spanned<Bound>>| match b.as_ref().map(|b| b.node) {
            Some(Bound::Known(d)) => d.to_string(),
            Some(Bound::Unknown) => "?".into(),
            None => String::new(),
        };
        match &term.node {
            PenaltyTerm::Prison(r) => {
                out.push_str(&format!("prison {}..{}", bound(&r.min), bound(&r.max)))
            }
            PenaltyTerm::Fine => out.push_str("fine"),
            PenaltyTerm::Life => out.push_str("life"),
            PenaltyTerm::Unknown => out.push('?'),
        }
    }
    out
}

/// A tag value as written, with its place.
pub type TagValue = Spanned<String>;

/// A narrowing element as written: a value of the vocabulary (`for-gain`), or the statute's own
/// words where the vocabulary has none (`"in a dwelling"`). Words always narrow: no obligation
/// is taken to contain them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    Value(String),
    Words(String),
}

impl Element {
    /// The vocabulary value, for an element that is one.
    pub fn value(&self) -> Option<&str> {
        match self {
            Element::Value(v) => Some(v),
            Element::Words(_) => None,
        }
    }

    /// For people: the value's label (`for gain`), or the words in quotes.
    pub fn label(&self, narrowing: Option<&super::instrument::Facet>) -> String {
        match self {
            Element::Value(v) => narrowing.map_or(v.as_str(), |n| n.label_of(v)).to_string(),
            Element::Words(w) => format!("\"{w}\""),
        }
    }
}

impl std::fmt::Display for Element {
    /// As written in a `.law` file: `for-gain`, `"in a dwelling"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Element::Value(v) => f.write_str(v),
            Element::Words(w) => f.write_str(&crate::syntax::format::quote(w)),
        }
    }
}

/// Narrowing elements: every group is demanded; within a group (`requires one of a, b`) any one
/// suffices. A plain `requires a, b` gives two groups of one.
pub type ElementGroups = Vec<Vec<Spanned<Element>>>;

/// A tag line that ends in `requires …`: its values, and what the offence demands when it
/// reaches one of them.
#[derive(Clone, Debug)]
pub struct LimitDraft {
    pub facet: String,
    pub values: Vec<TagValue>,
    pub requires: ElementGroups,
    pub span: Span,
}

/// An `offence` block as written (before definitions and qualified forms are resolved).
#[derive(Clone, Debug)]
pub struct OffenceDraft {
    pub unit: usize,
    pub span: Span,
    /// Element facets → values as written (`?` left out), of every line of the facet.
    pub tags: BTreeMap<String, Vec<TagValue>>,
    /// The values written on lines with no `requires` of their own, per facet that also has a
    /// line with a `requires` of its own (of a facet without such lines, every value is free:
    /// that is `tags`).
    pub free: BTreeMap<String, Vec<TagValue>>,
    /// The lines that end in `requires …`.
    pub limits: Vec<LimitDraft>,
    /// Narrowing elements of the whole offence (`requires` lines).
    pub requires: ElementGroups,
    pub penalty: Option<PenaltyInfo>,
    /// The basic offences this one qualifies: the qualified form applies to each.
    pub qualifies: Option<(Qualification, Vec<Target>, Span)>,
    pub expressly: Vec<String>,
    /// The class the offence states (`class crime`).
    pub class: Option<TagValue>,
    /// Element facets with a `?` among their values: what the provision reaches there is not
    /// known.
    pub unknown: BTreeSet<String>,
}

/// A `reads X as including Y, … "source"` line: the jurisdiction's reading of a value its
/// offences state, for the offences of the unit and its sub-units.
#[derive(Clone, Debug)]
pub struct ReadingDraft {
    pub unit: usize,
    pub span: Span,
    /// The facet both values belong to.
    pub facet: String,
    pub reads: String,
    pub including: Vec<String>,
    pub source: String,
}

/// A `classify` line: a class of offence the code distinguishes, and, where the code derives it
/// from the penalty, the test (`when max >= 5y`; the bound `None` when written `?`).
#[derive(Clone, Debug)]
pub struct ClassDraft {
    pub unit: usize,
    pub span: Span,
    pub class: TagValue,
    pub test: Option<(Compare, Option<Duration>)>,
}

/// A `measure` block as written.
#[derive(Clone, Debug)]
pub struct MeasureDraft {
    pub unit: usize,
    pub span: Span,
    pub kinds: Vec<String>,
    pub tags: BTreeMap<String, Vec<TagValue>>,
    /// Narrowing elements of the whole measure (`requires` lines): what it demands on top, so
    /// that it meets an obligation only in part.
    pub requires: ElementGroups,
    pub retention: Option<Retention>,
}

/// A condition of a general-part rule.
#[derive(Clone, Debug)]
pub enum ConditionDraft {
    Always,
    MaxAtLeast {
        bound: Option<Duration>,
        strict: bool,
    },
    Expressly,
    Listed(Vec<Target>),
    Class(TagValue),
    /// `requires V`: only where the case has the narrowing element.
    Requires(Spanned<Element>),
    /// `A and B …`.
    All(Vec<ConditionDraft>),
    /// `(A or B …)` inside an `and`.
    Any(Vec<ConditionDraft>),
}

impl ConditionDraft {
    /// Every condition that is no `and`/`or` group, in written order.
    pub fn leaves(&self) -> Vec<&ConditionDraft> {
        match self {
            ConditionDraft::All(cs) | ConditionDraft::Any(cs) => {
                cs.iter().flat_map(ConditionDraft::leaves).collect()
            }
            c => vec![c],
        }
    }
}

/// A `rule` line.
#[derive(Clone, Debug)]
pub struct RuleDraft {
    pub unit: usize,
    pub span: Span,
    pub kind: String,
    pub covers: Vec<String>,
    /// Alternatives; empty means always.
    pub conditions: Vec<ConditionDraft>,
}

/// A `define TERM = …` line.
#[derive(Clone, Debug)]
pub struct DefineDraft {
    pub unit: usize,
    pub span: Span,
    pub term: TagValue,
    pub values: Vec<TagValue>,
}

/// One version of one act, lowered.
#[derive(Clone, Debug)]
pub struct ActVersion {
    pub file: FileId,
    pub jurisdiction: String,
    pub act: String,
    pub title: String,
    pub date: Date,
    pub units: Vec<UnitRecord>,
    /// Every unit's index by its path hash: [`ActVersion::unit_by_path`] finds a unit without
    /// the act storing (and cloning) each unit's whole path.
    path_index: HashSlots,
    pub offences: Vec<OffenceDraft>,
    pub measures: Vec<MeasureDraft>,
    pub rules: Vec<RuleDraft>,
    pub classes: Vec<ClassDraft>,
    pub readings: Vec<ReadingDraft>,
    pub defines: Vec<DefineDraft>,
    /// References to other acts (`see act weapons-law article 5`), checked across files.
    pub(crate) other_refs: Vec<Target>,
    /// The header's `verified` status and the span of that line (or of the `act` line).
    pub verified: Option<Verification>,
    pub header_span: Span,
    /// The header's `note` lines, in file order.
    pub notes: Vec<String>,
    /// The lines a syntax error kept out of the model ("line 17 (`para 2 x`): …"): what the
    /// analysis of this version could not read.
    pub unread: Vec<String>,
}

impl ActVersion {
    /// `RS/criminal-code@2019-12-01`.
    pub fn address(&self) -> String {
        format!("{}/{}@{}", self.jurisdiction, self.act, self.date)
    }

    /// Whether a unit was checked against the official text: its own `verified` line, else
    /// the nearest enclosing unit's, else the header's. `None`: nothing says.
    pub fn verification_of(&self, unit: usize) -> Option<Verification> {
        let mut at = Some(unit);
        let mut steps = 0;
        while let Some(i) = at {
            let u = self.units.get(i)?;
            if let Some(v) = u.verified {
                return Some(v);
            }
            at = u.parent;
            steps += 1;
            if steps > self.units.len() {
                break;
            }
        }
        self.verified
    }

    /// The full address of a unit: `RS/criminal-code@2019-12-01/art-348/para-1`.
    pub fn unit_address(&self, unit: usize) -> String {
        let Some(u) = self.units.get(unit) else {
            return self.address();
        };
        // Written into one string sized once (`format!` twice, the second copying the first,
        // cost a good part of building the law in force, which asks this for every provision).
        let mut out =
            String::with_capacity(self.jurisdiction.len() + self.act.len() + u.address.len() + 13);
        out.push_str(&self.jurisdiction);
        out.push('/');
        out.push_str(&self.act);
        out.push('@');
        // Writing into a String cannot fail.
        let _ = write!(out, "{}", self.date);
        out.push('/');
        out.push_str(&u.address);
        out
    }

    /// The unit at `path`; where two units share a path (a duplicate number, which lint
    /// reports), the first in the file.
    pub fn unit_by_path(&self, path: &[Segment]) -> Option<usize> {
        let h = path
            .iter()
            .fold(ROOT_HASH, |h, (kind, number)| step_hash(h, *kind, number));
        self.path_index.get(h).find(|&i| self.path_is(i, path))
    }

    /// Whether unit `unit` is `ancestor` or lies inside it.
    pub fn is_within(&self, unit: usize, ancestor: usize) -> bool {
        let mut at = Some(unit);
        while let Some(i) = at {
            if i == ancestor {
                return true;
            }
            at = self.units.get(i).and_then(|u| u.parent);
        }
        false
    }

    /// Whether unit `i`'s path is `path`, compared from the unit upwards.
    fn path_is(&self, i: usize, path: &[Segment]) -> bool {
        let mut at = Some(i);
        for seg in path.iter().rev() {
            match at.and_then(|i| self.units.get(i)) {
                Some(u) if u.segment == *seg => at = u.parent,
                _ => return false,
            }
        }
        at.is_none()
    }

    /// The path of a unit: `[(Article, "348"), (Para, "1")]`.
    pub fn path_of(&self, unit: usize) -> Vec<Segment> {
        let mut path = Vec::new();
        let mut at = Some(unit);
        while let Some(u) = at.and_then(|i| self.units.get(i)) {
            path.push(u.segment.clone());
            at = u.parent;
        }
        path.reverse();
        path
    }

    /// The heading of a unit, or of the nearest enclosing unit that has one (a paragraph is
    /// shown under its article's heading).
    pub fn title_of(&self, unit: usize) -> Option<&str> {
        let mut at = Some(unit);
        while let Some(u) = at.and_then(|i| self.units.get(i)) {
            if let Some(t) = &u.title {
                return Some(t);
            }
            at = u.parent;
        }
        None
    }

    /// Builds [`ActVersion::path_index`] once every unit is registered.
    fn index_paths(&mut self) {
        let mut hashes: Vec<u64> = Vec::with_capacity(self.units.len());
        for u in &self.units {
            // Parents are registered before their children, so their hash is already there.
            let parent = u
                .parent
                .and_then(|p| hashes.get(p).copied())
                .unwrap_or(ROOT_HASH);
            hashes.push(step_hash(parent, u.segment.0, &u.segment.1));
        }
        self.path_index = HashSlots::build(hashes.into_iter());
    }

    /// [`ActVersion::text_of`], shared: the law in force points at the text, not a copy.
    pub fn shared_text_of(&self, unit: usize) -> Option<std::sync::Arc<str>> {
        let mut at = Some(unit);
        while let Some(i) = at {
            let u = self.units.get(i)?;
            if let Some(t) = &u.text {
                return Some(t.clone());
            }
            at = u.parent;
        }
        None
    }

    /// The text of a unit, or of the nearest enclosing unit that has one.
    pub fn text_of(&self, unit: usize) -> Option<&str> {
        let mut at = Some(unit);
        while let Some(i) = at {
            let u = self.units.get(i)?;
            if let Some(t) = &u.text {
                return Some(t);
            }
            at = u.parent;
        }
        None
    }
}

/// The hash of the empty path.
const ROOT_HASH: u64 = 0;

/// The hash of a path one step longer than the path hashed `parent`: FNV-1a over the kind and
/// the number's bytes, ended by a byte no UTF-8 text contains. Units are found by comparing
/// paths after the hash, so a collision costs a comparison, never a wrong answer; the hash has
/// no keys, so the index is the same on every run.
fn step_hash(parent: u64, kind: UnitKind, number: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = parent ^ 0xcbf2_9ce4_8422_2325;
    for b in [kind as u8].iter().chain(number.as_bytes()).chain(&[0xFF]) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// The segment text in an address: `/` becomes `.`.
pub fn address_segment(kind: UnitKind, number: &str) -> String {
    let mut out = String::with_capacity(kind.address_prefix().len() + 1 + number.len());
    push_address_segment(&mut out, kind, number);
    out
}

/// Appends [`address_segment`] to `out` (no `format!`: this runs for every unit of every act).
fn push_address_segment(out: &mut String, kind: UnitKind, number: &str) {
    out.push_str(kind.address_prefix());
    out.push('-');
    // Most numbers have no `/`: copied whole, not character by character.
    if !number.as_bytes().contains(&b'/') {
        out.push_str(number);
        return;
    }
    for c in number.chars() {
        out.push(if c == '/' { '.' } else { c });
    }
}

/// Lowers a parsed `.law` file. Returns `None` when the header does not say which jurisdiction
/// and version the file is (the parser or lint has reported that already).
pub fn lower_law(
    file: FileId,
    law: &LawFile,
    inst: &Instrument,
) -> (Option<ActVersion>, Vec<Diagnostic>) {
    let h = &law.header;
    let (Some(j), Some(v)) = (h.jurisdiction(), h.version()) else {
        return (None, Vec::new());
    };
    if h.act.node.is_empty() {
        return (None, Vec::new());
    }
    let mut l = Lowerer {
        inst,
        act: ActVersion {
            file,
            jurisdiction: j.node.clone(),
            act: h.act.node.clone(),
            title: h.title.node.clone(),
            date: v.node,
            units: Vec::new(),
            path_index: HashSlots::default(),
            offences: Vec::new(),
            measures: Vec::new(),
            rules: Vec::new(),
            classes: Vec::new(),
            readings: Vec::new(),
            defines: Vec::new(),
            other_refs: Vec::new(),
            verified: h.verified().map(|x| x.status.node),
            header_span: h.verified().map_or(h.act.span, |x| x.status.span),
            notes: h.notes().map(|n| n.node.clone()).collect(),
            unread: Vec::new(),
        },
        diags: Vec::new(),
        pending: Vec::new(),
    };
    // Parents are pushed before children and the act is read once: size the vectors once.
    let count: usize = law
        .items
        .iter()
        .map(|i| match i {
            Item::Article(a) => count_units(a),
            _ => 0,
        })
        .sum();
    l.act.units.reserve_exact(count);
    l.pending.reserve_exact(count);
    let mut unknown_articles = 0usize;
    for item in &law.items {
        if let Item::Article(a) = item {
            l.register(a, None, &mut unknown_articles);
        }
    }
    l.act.index_paths();
    // Second pass: entries, now that every unit (and so every reference target) is known.
    let pending = std::mem::take(&mut l.pending);
    for (idx, unit) in pending {
        l.entries(idx, unit);
    }
    let diags = l.diags.into_iter().map(|d| d.in_file(file)).collect();
    (Some(l.act), diags)
}

struct Lowerer<'a> {
    inst: &'a Instrument,
    act: ActVersion,
    diags: Vec<Diagnostic>,
    pending: Vec<(usize, &'a Unit)>,
}

/// How many units `u` is, with every sub-unit.
fn count_units(u: &Unit) -> usize {
    1 + u.children().map(count_units).sum::<usize>()
}

fn preferred_text(u: &Unit) -> Option<std::sync::Arc<str>> {
    u.texts()
        .find(|t| &*t.lang.node == "en")
        .or_else(|| u.texts().next())
        .map(|t| t.shared_value())
        .filter(|s| !s.is_empty())
        .cloned()
}

impl<'a> Lowerer<'a> {
    /// Records a unit and its sub-units, parents before children (which
    /// [`ActVersion::index_paths`] relies on).
    fn register(&mut self, u: &'a Unit, parent: Option<usize>, unknown_count: &mut usize) {
        let number = match &u.number.node {
            UnitNumber::Known(n) => n.clone(),
            UnitNumber::Unknown | UnitNumber::Unreadable => {
                *unknown_count += 1;
                format!("?{unknown_count}")
            }
        };
        // The address extends the parent's: `art-348` → `art-348/para-1`.
        let parent_address = parent
            .and_then(|p| self.act.units.get(p))
            .map(|p| p.address.as_str());
        let mut address = String::with_capacity(
            parent_address.map_or(0, |a| a.len() + 1)
                + u.kind.address_prefix().len()
                + 1
                + number.len(),
        );
        if let Some(p) = parent_address {
            address.push_str(p);
            address.push('/');
        }
        push_address_segment(&mut address, u.kind, &number);
        let idx = self.act.units.len();
        self.act.units.push(UnitRecord {
            segment: (u.kind, number),
            address,
            title: u.title.as_ref().map(|t| t.node.clone()),
            text: preferred_text(u),
            parent,
            span: u.span,
            repealed: u.is_repealed(),
            verified: u.verified().map(|x| x.status.node),
        });
        self.pending.push((idx, u));
        let mut unknown_children = 0usize;
        for child in u.children() {
            self.register(child, Some(idx), &mut unknown_children);
        }
    }

    fn entries(&mut self, idx: usize, u: &'a Unit) {
        if u.is_repealed() {
            return; // a repealed unit has no legal effect
        }
        for e in &u.body {
            match e {
                Entry::Offence(o) => self.offence(idx, o),
                Entry::Measure(m) => self.measure(idx, m),
                Entry::Rule(r) => self.rule(idx, r),
                Entry::Reads(r) => self.reading(idx, r),
                Entry::Classify(c) => self.act.classes.push(ClassDraft {
                    unit: idx,
                    span: c.span,
                    class: c.class.clone(),
                    test: c.when.as_ref().map(|t| {
                        let bound = match t.node.bound {
                            Bound::Known(d) => Some(d),
                            Bound::Unknown => None,
                        };
                        (t.node.op, bound)
                    }),
                }),
                Entry::Define(d) => self.define(idx, d),
                Entry::See(s) => {
                    for r in &s.refs {
                        if let Some(Target::Other { act, path, span }) = self.resolve(idx, r) {
                            self.act.other_refs.push(Target::Other { act, path, span });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The values of a line that takes identifiers (the parser accepts words in quotes only
    /// where narrowing elements stand; see [`Lowerer::elements`]).
    fn values(vs: &[Spanned<Value>]) -> Vec<TagValue> {
        vs.iter()
            .filter_map(|v| match &v.node {
                Value::Ident(s) => Some(Spanned::new(s.clone(), v.span)),
                Value::Unknown | Value::Words(_) => None,
            })
            .collect()
    }

    /// Narrowing elements as groups: `requires one of a, b` is one group, `requires a, b` two.
    fn elements(one_of: bool, vs: &[Spanned<Value>]) -> ElementGroups {
        let elements: Vec<Spanned<Element>> = vs
            .iter()
            .filter_map(|v| {
                let e = match &v.node {
                    Value::Ident(s) => Element::Value(s.clone()),
                    Value::Words(w) => Element::Words(w.clone()),
                    Value::Unknown => return None,
                };
                Some(Spanned::new(e, v.span))
            })
            .collect();
        if one_of {
            if elements.is_empty() {
                Vec::new()
            } else {
                vec![elements]
            }
        } else {
            elements.into_iter().map(|e| vec![e]).collect()
        }
    }

    /// Checks a tag line's facet keyword for a block; reports an unknown one.
    fn tag_facet(&mut self, t: &TagLine, block: Block) -> bool {
        // Without an instrument (a workspace with no protocol/) there is no vocabulary to check
        // against: keep the tags as written.
        if self.inst.tag_facets(block).any(|f| f.id == t.facet.node) || self.inst.facets.is_empty()
        {
            return true;
        }
        let allowed: Vec<&str> = self.inst.tag_facets(block).map(|f| f.id.as_str()).collect();
        let mut d = Diagnostic::new(
            UNKNOWN_TAG_FACET,
            format!(
                "`{}` is not a tag of {} blocks",
                t.facet.node,
                block.keyword()
            ),
        )
        .at(
            t.facet.span,
            format!("expected one of: {}", allowed.join(", ")),
        );
        if let Some(s) = did_you_mean(&t.facet.node, allowed.iter().copied()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
        false
    }

    fn offence(&mut self, idx: usize, o: &Offence) {
        let mut tags: BTreeMap<String, Vec<TagValue>> = BTreeMap::new();
        let mut free: BTreeMap<String, Vec<TagValue>> = BTreeMap::new();
        let mut limits: Vec<LimitDraft> = Vec::new();
        let mut requires: ElementGroups = Vec::new();
        let narrowing = self
            .inst
            .facet_with_role(FacetRole::Narrowing)
            .map(|f| f.id.clone());
        let mut penalty = None;
        let mut qualifies = None;
        let mut expressly = Vec::new();
        let mut class: Option<TagValue> = None;
        let mut unknown = BTreeSet::new();
        // The facets with a line that ends in `requires …`: only theirs are kept in `free`.
        let limited: Vec<&str> = o
            .lines
            .iter()
            .filter_map(|line| match line {
                OffenceLine::Tag(t) if t.limit.is_some() => Some(t.facet.node.as_str()),
                _ => None,
            })
            .collect();
        for line in &o.lines {
            match line {
                OffenceLine::Tag(t) => {
                    if !self.tag_facet(t, Block::Offence) {
                        continue;
                    }
                    if narrowing.as_deref() == Some(t.facet.node.as_str()) {
                        requires.extend(Self::elements(t.one_of, &t.values));
                        continue;
                    }
                    if t.values.iter().any(|v| v.node == Value::Unknown) {
                        unknown.insert(t.facet.node.clone());
                    }
                    let values = Self::values(&t.values);
                    let facet_tags = tags.entry(t.facet.node.clone()).or_default();
                    match &t.limit {
                        Some(l) => {
                            facet_tags.extend(values.iter().cloned());
                            limits.push(LimitDraft {
                                facet: t.facet.node.clone(),
                                values,
                                requires: Self::elements(l.one_of, &l.values),
                                span: l.span,
                            });
                        }
                        None if limited.contains(&t.facet.node.as_str()) => {
                            facet_tags.extend(values.iter().cloned());
                            free.entry(t.facet.node.clone()).or_default().extend(values);
                        }
                        None => facet_tags.extend(values),
                    }
                }
                OffenceLine::Penalty(p) => penalty = Some(PenaltyInfo::from_penalty(p)),
                OffenceLine::Qualifies {
                    how, targets, span, ..
                } => {
                    let mut resolved = Vec::new();
                    for target in targets {
                        let Some(t) = self.resolve(idx, target) else {
                            continue;
                        };
                        if matches!(t, Target::Local(i) if i == idx) {
                            self.diags.push(
                                Diagnostic::new(
                                    BAD_QUALIFICATION,
                                    format!("the offence {} itself", how.keyword()),
                                )
                                .at(target.span, "points at its own unit")
                                .hint("name the basic offence, e.g. `aggravates para 1`"),
                            );
                        } else {
                            resolved.push(t);
                        }
                    }
                    if !resolved.is_empty() {
                        qualifies = Some((*how, resolved, *span));
                    }
                }
                OffenceLine::Expressly { values, .. } => {
                    for v in Self::values(values) {
                        if self.rule_kind(&v) {
                            expressly.push(v.node);
                        }
                    }
                }
                OffenceLine::Class { class: c, .. } => match &class {
                    Some(first) => self.diags.push(
                        Diagnostic::new(
                            BAD_CLASS,
                            "an offence is of one class; this one states two",
                        )
                        .at(c.span, "second class")
                        .related(first.span, "first stated here")
                        .hint("keep the class the code gives the offence"),
                    ),
                    None => class = Some(c.clone()),
                },
                OffenceLine::Comment(_) => {}
            }
        }
        self.act.offences.push(OffenceDraft {
            unit: idx,
            span: o.span,
            tags,
            free,
            limits,
            requires,
            penalty,
            qualifies,
            expressly,
            class,
            unknown,
        });
    }

    fn measure(&mut self, idx: usize, m: &Measure) {
        let Some(kinds_facet) = self.inst.facet_with_role(FacetRole::MeasureKind) else {
            return;
        };
        let mut kinds = Vec::new();
        for v in Self::values(&m.values) {
            if kinds_facet.has_value(&v.node) {
                kinds.push(v.node);
            } else {
                let mut d = Diagnostic::new(
                    UNKNOWN_TAG_VALUE,
                    format!("`{}` is not a kind of measure", v.node),
                )
                .at(v.span, "unknown measure");
                d = match did_you_mean(&v.node, kinds_facet.value_ids()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!(
                        "`lexgap vocabulary {}` lists the kinds of measure",
                        kinds_facet.id
                    )),
                };
                self.diags.push(d);
            }
        }
        let mut tags: BTreeMap<String, Vec<TagValue>> = BTreeMap::new();
        let mut requires: ElementGroups = Vec::new();
        let narrowing = self
            .inst
            .facet_with_role(FacetRole::Narrowing)
            .map(|f| f.id.clone());
        let mut retention = None;
        for line in &m.lines {
            match line {
                MeasureLine::Tag(t) => {
                    if let Some(l) = &t.limit {
                        self.diags.push(
                            Diagnostic::new(
                                BAD_LIMIT,
                                "a measure's tag lines take no narrowing elements of their own",
                            )
                            .at(l.span, "a measure's lines take no limit of their own")
                            .hint("put the narrowing element on a `requires` line of its own in the measure"),
                        );
                    }
                    if !self.tag_facet(t, Block::Measure) {
                        continue;
                    }
                    if narrowing.as_deref() == Some(t.facet.node.as_str()) {
                        requires.extend(Self::elements(t.one_of, &t.values));
                    } else {
                        tags.entry(t.facet.node.clone())
                            .or_default()
                            .extend(Self::values(&t.values));
                    }
                }
                MeasureLine::Retention { period, .. } => retention = Some(period.node),
                MeasureLine::Comment(_) => {}
            }
        }
        self.act.measures.push(MeasureDraft {
            unit: idx,
            span: m.span,
            kinds,
            tags,
            requires,
            retention,
        });
    }

    fn rule_kind(&mut self, v: &TagValue) -> bool {
        let Some(rules) = self.inst.facet_with_role(FacetRole::RuleKind) else {
            return false;
        };
        if rules.has_value(&v.node) {
            return true;
        }
        let mut d = Diagnostic::new(
            UNKNOWN_RULE,
            format!("`{}` is not a kind of general-part rule", v.node),
        )
        .at(
            v.span,
            format!(
                "expected one of: {}",
                rules.value_ids().collect::<Vec<_>>().join(", ")
            ),
        );
        if let Some(s) = did_you_mean(&v.node, rules.value_ids()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
        false
    }

    fn rule(&mut self, idx: usize, r: &Rule) {
        let kind = Spanned::new(r.kind.node.clone(), r.kind.span);
        if !self.rule_kind(&kind) {
            return;
        }
        let mut covers = Vec::new();
        let covers_facet = self.inst.covers_facet(&kind.node);
        for v in Self::values(&r.covers) {
            match covers_facet {
                Some(f) if f.has_value(&v.node) => covers.push(v.node),
                Some(f) => {
                    let mut d = Diagnostic::new(
                        UNKNOWN_TAG_VALUE,
                        format!(
                            "`{}` is not a {} (what `rule {}` covers)",
                            v.node, f.label, kind.node
                        ),
                    )
                    .at(
                        v.span,
                        format!(
                            "expected one of: {}",
                            f.value_ids().collect::<Vec<_>>().join(", ")
                        ),
                    );
                    d = match did_you_mean(&v.node, f.value_ids()) {
                        Some(s) => d.hint(format!("did you mean `{s}`?")),
                        None => d.hint(format!(
                            "`lexgap vocabulary {}` lists them with their meaning",
                            f.id
                        )),
                    };
                    self.diags.push(d);
                }
                None => {
                    self.diags.push(
                        Diagnostic::new(
                            UNKNOWN_TAG_VALUE,
                            format!("`rule {}` takes no `covers` list", kind.node),
                        )
                        .at(v.span, "not expected here")
                        .hint("remove `covers …` from this rule"),
                    );
                    break;
                }
            }
        }
        let mut conditions = Vec::new();
        for c in &r.when {
            conditions.push(self.condition(idx, &c.node));
        }
        self.act.rules.push(RuleDraft {
            unit: idx,
            span: r.span,
            kind: kind.node,
            covers,
            conditions,
        });
    }

    /// One condition of a `rule` line, lowered (references resolved).
    fn condition(&mut self, idx: usize, c: &Condition) -> ConditionDraft {
        match c {
            Condition::Always => ConditionDraft::Always,
            Condition::MaxAtLeast { bound, strict } => ConditionDraft::MaxAtLeast {
                bound: match bound {
                    Bound::Known(d) => Some(*d),
                    Bound::Unknown => None,
                },
                strict: *strict,
            },
            Condition::Expressly => ConditionDraft::Expressly,
            Condition::Listed(refs) => {
                ConditionDraft::Listed(refs.iter().filter_map(|r| self.resolve(idx, r)).collect())
            }
            Condition::Class(class) => ConditionDraft::Class(class.clone()),
            Condition::Requires(v) => ConditionDraft::Requires(Spanned::new(
                match &v.node {
                    Value::Ident(s) => Element::Value(s.clone()),
                    // `?` is refused by the parser; words stay words.
                    Value::Words(w) => Element::Words(w.clone()),
                    Value::Unknown => Element::Words("?".into()),
                },
                v.span,
            )),
            Condition::All(cs) => {
                ConditionDraft::All(cs.iter().map(|m| self.condition(idx, &m.node)).collect())
            }
            Condition::Any(cs) => {
                ConditionDraft::Any(cs.iter().map(|m| self.condition(idx, &m.node)).collect())
            }
        }
    }

    /// A `reads` line: both values must be values of one element facet of the vocabulary.
    fn reading(&mut self, idx: usize, r: &Reads) {
        let elements: Vec<&super::instrument::Facet> = self
            .inst
            .facets
            .iter()
            .filter(|f| f.role == FacetRole::Element)
            .collect();
        let Some(facet) = elements.iter().find(|f| f.has_value(&r.value.node)) else {
            let all = elements.iter().flat_map(|f| f.value_ids());
            let mut d = Diagnostic::new(
                BAD_READING,
                format!(
                    "`{}` is not a value of the vocabulary an offence can state",
                    r.value.node
                ),
            )
            .at(r.value.span, "unknown value");
            d = match did_you_mean(&r.value.node, all) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("a reading names a conduct, object, circumstance or mental element of the vocabulary; a term the act defines is read through its definition"),
            };
            self.diags.push(d);
            return;
        };
        let mut including = Vec::new();
        for v in Self::values(&r.including) {
            if facet.has_value(&v.node) && v.node != r.value.node {
                including.push(v.node);
                continue;
            }
            let mut d = Diagnostic::new(
                BAD_READING,
                format!(
                    "`{}` is not another `{}` value, which `{}` could be read as including",
                    v.node, facet.id, r.value.node
                ),
            )
            .at(v.span, format!("expected a `{}` value", facet.id));
            if let Some(s) = did_you_mean(&v.node, facet.value_ids()) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            self.diags.push(d);
        }
        if including.is_empty() {
            return;
        }
        self.act.readings.push(ReadingDraft {
            unit: idx,
            span: r.span,
            facet: facet.id.clone(),
            reads: r.value.node.clone(),
            including,
            source: r.source.node.clone(),
        });
    }

    fn define(&mut self, idx: usize, d: &Define) {
        let term = Spanned::new(d.term.node.clone(), d.term.span);
        if let Some(f) = self.inst.facets.iter().find(|f| f.has_value(&term.node)) {
            self.diags.push(
                Diagnostic::new(BAD_DEFINITION, format!("`{}` is a value of the vocabulary ({}) and cannot be redefined", term.node, f.id))
                    .at(term.span, "vocabulary value")
                    .hint(format!("name the domestic term differently, e.g. `{}-domestic`, and list the values it stands for", term.node)),
            );
            return;
        }
        if let Some(prev) = self.act.defines.iter().find(|x| x.term.node == term.node) {
            self.diags.push(
                Diagnostic::new(
                    BAD_DEFINITION,
                    format!("`{}` is defined twice in this act", term.node),
                )
                .at(term.span, "defined again here")
                .related(prev.term.span, "first defined here")
                .hint("keep one definition per term"),
            );
            return;
        }
        self.act.defines.push(DefineDraft {
            unit: idx,
            span: d.span,
            term,
            values: Self::values(&d.values),
        });
    }

    /// Resolves a reference standing in unit `from`. Reports a reference to a unit of this act
    /// that does not exist; references to other acts are checked across files.
    fn resolve(&mut self, from: usize, r: &Spanned<Ref>) -> Option<Target> {
        let known = |n: &Spanned<UnitNumber>| match &n.node {
            UnitNumber::Known(s) => Some(s.clone()),
            UnitNumber::Unknown | UnitNumber::Unreadable => None,
        };
        let mut tail: Vec<Segment> = Vec::new();
        if let Some(a) = &r.node.article {
            tail.push((UnitKind::Article, known(a)?));
        }
        if let Some(p) = &r.node.para {
            tail.push((UnitKind::Para, known(p)?));
        }
        for p in &r.node.points {
            tail.push((UnitKind::Point, known(p)?));
        }
        if let Some(act) = &r.node.act
            && act.node != self.act.act
        {
            return Some(Target::Other {
                act: act.node.clone(),
                path: tail,
                span: r.span,
            });
        }
        let here = self.act.path_of(from);
        let candidates: Vec<Vec<Segment>> = if r.node.article.is_some() || r.node.act.is_some() {
            vec![tail.clone()]
        } else if r.node.para.is_some() {
            // `para N`: in the same article.
            let article: Vec<Segment> = here.iter().take(1).cloned().collect();
            vec![[article, tail.clone()].concat()]
        } else {
            // `point X`: a point of this unit, else a sibling point.
            let mut parent = here.clone();
            parent.pop();
            vec![
                [here.clone(), tail.clone()].concat(),
                [parent, tail.clone()].concat(),
            ]
        };
        for c in &candidates {
            if let Some(i) = self.act.unit_by_path(c) {
                return Some(Target::Local(i));
            }
        }
        let shown = candidates.first().cloned().unwrap_or_default();
        let mut d = Diagnostic::new(
            DANGLING_REFERENCE,
            format!("there is no {} in this act", describe_path(&shown)),
        )
        .at(r.span, "no such unit");
        // Suggest a unit with the same parent.
        let mut parent = shown.clone();
        if let Some((kind, number)) = parent.pop() {
            let mut siblings: Vec<String> = Vec::new();
            for (i, u) in self.act.units.iter().enumerate() {
                let (k, n) = &u.segment;
                if *k == kind
                    && !siblings.contains(n)
                    && self.act.path_of(i).get(..parent.len()) == Some(parent.as_slice())
                    && self.act.path_of(i).len() == parent.len() + 1
                {
                    siblings.push(n.clone());
                }
            }
            if let Some(s) = siblings
                .iter()
                .find(|s| crate::syntax::numbering::same_but_script(&number, s))
            {
                d = d.hint(format!(
                    "did you mean {} {s}? Its letter is of another script (Latin `a` and Cyrillic `а` look alike but are different numbers): write it as the unit's own line does",
                    kind.keyword()
                ));
            } else if let Some(s) = did_you_mean(&number, siblings.iter().map(String::as_str)) {
                d = d.hint(format!("did you mean {} {s}?", kind.keyword()));
            } else if !siblings.is_empty() {
                let list: Vec<String> = siblings
                    .iter()
                    .take(12)
                    .map(|s| format!("{} {s}", kind.keyword()))
                    .collect();
                d = d.hint(format!("this act has {}", list.join(", ")));
            } else {
                d = d.hint(
                    "references point at units of the same file unless they start with `act ID`",
                );
            }
        }
        self.diags.push(d);
        None
    }
}

/// `article 348 para 1 point a`.
pub fn describe_path(path: &[Segment]) -> String {
    if path.is_empty() {
        return "unit".into();
    }
    path.iter()
        .map(|(k, n)| format!("{} {n}", k.keyword()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_law;

    pub(crate) fn instrument() -> Instrument {
        let mut sources = crate::source::Sources::new();
        let a = sources.add(crate::source::SourceFile::new(
            "p.yaml",
            include_str!("../../protocol/firearms-protocol.yaml").to_string(),
        ));
        let b = sources.add(crate::source::SourceFile::new(
            "u.yaml",
            include_str!("../../protocol/untoc.yaml").to_string(),
        ));
        super::super::load_instrument(&sources, &[a, b]).0
    }

    const HEADER: &str = "act criminal-code \"CC\"\n  jurisdiction RS\n  version 2019-12-01\n  source \"SG\"\n  language en\n  rendering unofficial\n";

    fn lower(body: &str) -> (ActVersion, Vec<Diagnostic>) {
        let (law, d) = parse_law(&format!("{HEADER}{body}"));
        assert!(d.is_empty(), "{d:#?}");
        let (act, diags) = lower_law(FileId(0), &law, &instrument());
        (act.unwrap(), diags)
    }

    #[test]
    fn addresses_and_references() {
        let (act, diags) = lower(
            "article 278/a \"X\"\n  para 1\n    text en: T\n    point a\n  para 2\n    offence\n      aggravates para 1\n    see para 1 point a\narticle ?\n  text en: U\n",
        );
        assert!(diags.is_empty(), "{diags:#?}");
        let addrs: Vec<&str> = act.units.iter().map(|u| u.address.as_str()).collect();
        assert_eq!(
            addrs,
            [
                "art-278.a",
                "art-278.a/para-1",
                "art-278.a/para-1/pt-a",
                "art-278.a/para-2",
                "art-?1"
            ]
        );
        assert_eq!(
            act.unit_address(2),
            "RS/criminal-code@2019-12-01/art-278.a/para-1/pt-a"
        );
        assert!(matches!(
            act.offences[0]
                .qualifies
                .as_ref()
                .map(|(q, t, _)| (*q, t.as_slice())),
            Some((Qualification::Aggravates, [Target::Local(1)]))
        ));
        assert_eq!(act.title_of(3), Some("X"));
    }

    #[test]
    fn units_are_found_by_path_and_the_first_of_a_duplicate_wins() {
        // Lint reports the duplicate article 2; lowering keeps both, and the path names the first.
        let (act, _) = lower(
            "article 1\n  para 1\n  para 2\narticle 2\n  para 1\n    point a\narticle 2\n  para 1\narticle ?\n",
        );
        let seg = |k, n: &str| (k, n.to_string());
        let (a, p, pt) = (UnitKind::Article, UnitKind::Para, UnitKind::Point);
        for (i, u) in act.units.iter().enumerate() {
            let path = act.path_of(i);
            let first = act.units.iter().position(|x| x.address == u.address);
            assert_eq!(act.unit_by_path(&path), first, "{}", u.address);
        }
        assert_eq!(
            act.unit_by_path(&[seg(a, "2"), seg(p, "1"), seg(pt, "a")]),
            Some(5)
        );
        assert_eq!(act.unit_by_path(&[seg(a, "2")]), Some(3));
        assert_eq!(act.unit_by_path(&[seg(a, "?1")]), Some(8));
        assert_eq!(act.unit_by_path(&[seg(a, "1"), seg(p, "3")]), None);
        assert_eq!(
            act.unit_by_path(&[seg(p, "1")]),
            None,
            "a paragraph is not at the top"
        );
        assert_eq!(act.unit_by_path(&[]), None);
        assert_eq!(act.path_of(5), [seg(a, "2"), seg(p, "1"), seg(pt, "a")]);
    }

    #[test]
    fn a_dangling_reference_lists_the_siblings_in_file_order() {
        let (_, diags) = lower(
            "article 9\n  para 1\n  para 2\n  para 10\n  para 11\n    offence\n      aggravates para 30\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean para 10?"));
        let (_, diags) = lower(
            "article 9\n  para 1\n  para 2\n  para 10\n  para 11\n    offence\n      aggravates para 99999\n",
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("this act has para 1, para 2, para 10, para 11")
        );
    }

    #[test]
    fn a_reference_in_latin_to_a_cyrillic_number_says_the_scripts_differ() {
        let (_, diags) = lower(
            "article 396\n  text en: T\narticle 396-а\n  text en: T\narticle 397\n  see article 396-a\n",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        let hint = diags[0].hint.as_deref().unwrap_or("");
        assert!(hint.starts_with("did you mean article 396-а?"), "{hint}");
        assert!(hint.contains("another script"), "{hint}");
    }

    #[test]
    fn dangling_reference_is_located_with_hint() {
        let (_, diags) = lower(
            "article 348\n  para 1\n    text en: T\n  para 2\n    offence\n      aggravates para 3\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, DANGLING_REFERENCE);
        assert!(
            diags[0].message.contains("article 348 para 3"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn unknown_facet_and_rule() {
        let (_, diags) =
            lower("article 1\n  rule atempt when max >= 5y\n  rule complicity covers aidng\n");
        let codes: Vec<_> = diags.iter().map(|d| d.code.id).collect();
        assert_eq!(codes, ["E0505", "E0502"]);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `attempt`?"));
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `aiding`?"));
    }

    #[test]
    fn penalty_maximum() {
        let (law, _) = parse_law(&format!(
            "{HEADER}article 1\n  offence\n    penalty prison 3y.. or fine\n"
        ));
        let (act, _) = lower_law(FileId(0), &law, &instrument());
        let m = act.unwrap().offences[0].penalty.clone().unwrap().max;
        assert_eq!(m.reaches(Duration::from_years(3), false), Tri::Yes);
        assert_eq!(m.reaches(Duration::from_years(5), false), Tri::Unknown);
        let (law, _) = parse_law(&format!(
            "{HEADER}article 1\n  offence\n    penalty prison 6m..5y + fine\n"
        ));
        let m = lower_law(FileId(0), &law, &instrument())
            .0
            .unwrap()
            .offences[0]
            .penalty
            .clone()
            .unwrap()
            .max;
        assert_eq!(m.reaches(Duration::from_years(5), false), Tri::Yes);
        assert_eq!(m.reaches(Duration::from_years(5), true), Tri::No);
        assert_eq!(m.describe(), "5y");
    }

    #[test]
    fn narrowing_elements_in_words_and_line_limits_are_lowered() {
        let (act, diags) = lower(
            "article 1\n  offence\n    conduct sell\n    object firearm\n    object ammunition requires one of \"military\", for-gain\n    requires \"in a dwelling\", for-gain\n",
        );
        assert!(diags.is_empty(), "{diags:#?}");
        let o = &act.offences[0];
        let words = |w: &str| Element::Words(w.into());
        let nodes = |g: &ElementGroups| -> Vec<Vec<Element>> {
            g.iter()
                .map(|x| x.iter().map(|e| e.node.clone()).collect())
                .collect()
        };
        assert_eq!(
            nodes(&o.requires),
            [
                vec![words("in a dwelling")],
                vec![Element::Value("for-gain".into())]
            ]
        );
        assert_eq!(o.limits.len(), 1);
        assert_eq!(o.limits[0].facet, "object");
        assert_eq!(
            nodes(&o.limits[0].requires),
            [vec![words("military"), Element::Value("for-gain".into())]]
        );
        let object: Vec<&str> = o.tags["object"].iter().map(|v| v.node.as_str()).collect();
        assert_eq!(object, ["firearm", "ammunition"]);
        let free: Vec<&str> = o.free["object"].iter().map(|v| v.node.as_str()).collect();
        assert_eq!(free, ["firearm"]);
    }

    #[test]
    fn readings_name_values_of_one_facet() {
        let (act, diags) = lower(
            "article 1\n  reads manufacture as including assemble, firearm \"C\"\n  reads manufacure as including assemble \"C\"\n",
        );
        let hints: Vec<(&str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.code.id, d.hint.as_deref()))
            .collect();
        assert_eq!(
            hints,
            [
                ("E0512", None),
                ("E0512", Some("did you mean `manufacture`?"))
            ]
        );
        assert_eq!(act.readings.len(), 1);
        assert_eq!(act.readings[0].facet, "conduct");
        assert_eq!(act.readings[0].including, ["assemble"]);
    }

    #[test]
    fn a_measure_takes_no_narrowing_elements() {
        let (_, diags) = lower(
            "article 1\n  measure record-keeping\n    object firearm requires \"military\"\n",
        );
        let codes: Vec<_> = diags.iter().map(|d| d.code.id).collect();
        assert_eq!(codes, ["E0510"]);
    }

    #[test]
    fn a_measure_requires_line_narrows_the_whole_measure() {
        let (act, diags) = lower(
            "article 1\n  measure security-measures\n    conduct import\n    requires \"where the authority deems it necessary\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let m = &act.measures[0];
        let groups: Vec<Vec<Element>> = m
            .requires
            .iter()
            .map(|g| g.iter().map(|e| e.node.clone()).collect())
            .collect();
        assert_eq!(
            groups,
            [vec![Element::Words(
                "where the authority deems it necessary".into()
            )]]
        );
        assert!(!m.tags.contains_key("requires"));
    }

    #[test]
    fn vocabulary_values_cannot_be_redefined() {
        let (_, diags) = lower("article 1\n  define firearm = firearm, ammunition\n");
        assert_eq!(diags[0].code, BAD_DEFINITION);
    }
}
