//! The law of a jurisdiction at a point in time: for each act the version in force on the date,
//! the jurisdiction's parent analysed with it, definitions expanded, qualified offences given
//! the tags of their basic offence, general-part rules with their scope resolved — and an index
//! of provisions by facet value, so that finding the provisions that reach a cell never scans
//! the whole law.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::corpus::Corpus;
use super::instrument::{Block, Facet, FacetRole, Instrument, Interpretation, Meet, WhenAbsent};
use super::law::{
    ActVersion, ConditionDraft, Element, ElementGroups, MaxPrison, PenaltyInfo, TagValue, Target,
    Tri,
};
use super::sorted_map::SortedMap;
use crate::date::Date;
use crate::source::FileId;
use crate::syntax::Span;
use crate::syntax::ast::{Compare, Duration, Qualification, Retention};

/// An act version in force on the date.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ActInForce {
    pub jurisdiction: String,
    pub act: String,
    /// The kind of act (`criminal-code`, `weapons-law` …): see `Jurisdiction::act_kinds`.
    pub kind: String,
    pub title: String,
    pub version: Date,
    /// `RS/criminal-code@2019-12-01`.
    pub address: String,
    /// The header's `note` lines (a caveat on the version date, the source …).
    pub notes: Vec<String>,
    /// What a syntax error kept out of the analysis: "line 17 (`para 2 x`): …".
    pub unread: Vec<String>,
    #[serde(skip)]
    pub file: FileId,
}

/// How a provision reaches a value: directly, or through a term the act defines.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Via {
    pub term: String,
    /// Address of the definition.
    pub defined_at: String,
}

/// What a provision says about one facet, after definitions are expanded.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Reach {
    /// The values as written (vocabulary values and terms).
    pub stated: Vec<String>,
    /// Vocabulary values of the facet reached, each with the term it came through, if any.
    pub values: SortedMap<String, Option<Via>>,
    /// Whether the values were inherited from the basic offence.
    pub inherited: bool,
    /// The facet's lines that end in `requires …` (`object ammunition requires "military"`).
    pub limits: Vec<LineLimit>,
    /// The vocabulary values reached only through such lines, each with the limit that counts
    /// (an index into `limits`). A value reached by a line without a limit is not here.
    pub limited: SortedMap<String, usize>,
    /// The facet's values include `?`: the provision may reach values it does not state.
    pub unknown: bool,
    /// Values reached only by the jurisdiction's reading of a stated value (`reads manufacture
    /// as including assemble "…"`), each with that reading. They are also in `values`.
    pub interpreted: SortedMap<String, Interpretation>,
}

impl Reach {
    /// The limit on a value the provision reaches, if the value is reached only through a line
    /// that narrows it.
    pub fn limit_of(&self, value: &str) -> Option<&LineLimit> {
        self.limited.get(value).and_then(|&i| self.limits.get(i))
    }
}

/// Narrowing elements that hold only for the values of one tag line.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LineLimit {
    /// The line's values as written.
    pub stated: Vec<String>,
    /// Every group demanded; within a group any one element suffices.
    pub requires: Vec<Vec<Element>>,
}

/// An offence or a measure in force: what coverage reads.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Provision {
    /// `RS/criminal-code@2019-12-01/art-348/para-1`.
    pub address: String,
    pub jurisdiction: String,
    pub act: String,
    pub version: Date,
    pub block: Block,
    /// The article's title.
    pub title: Option<String>,
    /// The unit's text, shared with the act version (and its syntax tree), not copied.
    #[serde(serialize_with = "shared_text")]
    pub text: Option<Arc<str>>,
    /// Element facets (and, for measures, the kinds of measure) → what the provision reaches.
    pub facets: SortedMap<String, Reach>,
    /// Narrowing elements the offence demands: every group, each satisfied by any one of its
    /// elements (`requires one of a, b` is one group of two). Per-line limits are in `facets`.
    pub requires: Vec<Vec<Element>>,
    pub penalty: Option<PenaltyInfo>,
    /// For a qualified form: how, and the address of the basic offence.
    pub qualifies: Option<(Qualification, String)>,
    pub expressly: BTreeSet<String>,
    /// The class the offence states (`class crime`), or inherits from its basic offence.
    pub class: Option<String>,
    /// Record retention period of a measure, where stated.
    #[serde(skip)]
    pub retention: Option<Retention>,
    /// Things the reader should know (a term not defined in the law in force, …).
    pub notes: Vec<String>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

/// A shared text serialized as the string it is (as an `Option<String>` was).
fn shared_text<S: serde::Serializer>(text: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&text.as_deref(), s)
}

impl Provision {
    pub fn is_aggravated(&self) -> bool {
        matches!(self.qualifies, Some((Qualification::Aggravates, _)))
    }

    pub fn max_prison(&self) -> Option<MaxPrison> {
        self.penalty.as_ref().map(|p| p.max)
    }
}

/// A condition of a rule, with listed references turned into addresses.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum RuleCondition {
    Always,
    MaxAtLeast {
        bound: Option<Duration>,
        strict: bool,
    },
    Expressly,
    /// Addresses of the listed units; a provision is listed when its address is one of them or
    /// lies inside one. `unresolved` are listed references with nothing in force to point at.
    Listed {
        addresses: Vec<String>,
        unresolved: Vec<String>,
    },
    /// Offences of a class (`when class crime`).
    Class {
        class: String,
    },
    /// Only where the case has a narrowing element (`when requires organised-group`): holds for
    /// an offence that itself requires it, or for an obligation that contains it; otherwise the
    /// rule reaches the offence in part.
    Requires {
        element: Element,
    },
    /// `A and B …`: every condition holds.
    All {
        all: Vec<RuleCondition>,
    },
    /// `(A or B …)` inside an `and`: any holds.
    Any {
        any: Vec<RuleCondition>,
    },
}

impl RuleCondition {
    /// Every condition that is no `and`/`or` group, in written order.
    pub fn leaves(&self) -> Vec<&RuleCondition> {
        match self {
            RuleCondition::All { all: cs } | RuleCondition::Any { any: cs } => {
                cs.iter().flat_map(RuleCondition::leaves).collect()
            }
            c => vec![c],
        }
    }
}

/// A `classify` line in force: a class the code distinguishes, and the penalty test that
/// derives it, where the code defines the class by its penalty.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ClassRule {
    pub address: String,
    pub jurisdiction: String,
    pub class: String,
    /// `(>=, 5y)`; the bound `None` where the file says `?`.
    pub test: Option<(Compare, Option<Duration>)>,
}

impl ClassRule {
    /// `max >= 5y`.
    pub fn describe_test(&self) -> Option<String> {
        self.test.map(|(op, b)| {
            format!(
                "max {} {}",
                op.symbol(),
                b.map_or("?".to_string(), |d| d.to_string())
            )
        })
    }
}

/// A general-part rule in force.
#[derive(Clone, Debug, serde::Serialize)]
pub struct GeneralRule {
    pub address: String,
    pub jurisdiction: String,
    pub kind: String,
    pub covers: Vec<String>,
    /// Alternatives; empty means always.
    pub conditions: Vec<RuleCondition>,
    pub text: Option<String>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

impl GeneralRule {
    pub fn is_unconditional(&self) -> bool {
        self.conditions.is_empty()
            || self
                .conditions
                .iter()
                .any(|c| matches!(c, RuleCondition::Always))
    }
}

/// Provisions indexed by the values they reach: for each block, facet and value a cell may ask
/// for, the provisions that meet it (fully or partly); and for each facet the provisions that
/// say nothing about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProvisionIndex {
    /// Block → facet → value asked → provisions. Nested so that a lookup borrows its keys
    /// (the engine asks once per cell and value; a tuple key made it copy both strings).
    by_value: BTreeMap<Block, BTreeMap<String, BTreeMap<String, Vec<usize>>>>,
    /// Block → facet → provisions silent on it.
    silent: BTreeMap<Block, BTreeMap<String, Vec<usize>>>,
    by_block: BTreeMap<Block, Vec<usize>>,
}

/// Whether an index of provisions keys on facet `f` for provision `p`: a facet used in the
/// provision's block (the kinds of measure for a measure), never a narrowing facet.
pub(crate) fn indexes(f: &Facet, p: &Provision) -> bool {
    let relevant = f.used_in.contains(&p.block)
        || (f.role == FacetRole::MeasureKind && p.block == Block::Measure);
    relevant && f.role != FacetRole::Narrowing
}

/// The values a cell may ask for that a provision stating `stated` meets (itself included).
pub(crate) fn asked_met_by<'a>(
    f: &'a Facet,
    stated: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    let met = f.meets.get(stated);
    let own = met.is_none().then_some(stated);
    met.into_iter()
        .flat_map(|m| m.keys().map(String::as_str))
        .chain(own)
}

/// What a provision says to each facet an index of provisions keys on: for a facet it names, the
/// values asked that its stated values meet (`Some`); for one it is silent on, `None`. Narrowing
/// facets and facets not used in the provision's block are left out. The definition both
/// [`ProvisionIndex`] and the reach index of `coverage::reach` are tested against: each is built
/// value by value, for speed, and must equal the index built from this provision by provision.
#[cfg(test)]
pub(crate) fn indexed_facets<'a>(
    inst: &'a Instrument,
    p: &'a Provision,
) -> impl Iterator<Item = (&'a Facet, Option<BTreeSet<&'a str>>)> + 'a {
    inst.facets.iter().filter(|f| indexes(f, p)).map(move |f| {
        let asked = p.facets.get(&f.id).map(|reach| {
            reach
                .values
                .keys()
                .flat_map(|stated| asked_met_by(f, stated))
                .collect()
        });
        (f, asked)
    })
}

/// Block → facet (its position in the instrument) → value stated → provisions stating it.
type Stating<'p> = BTreeMap<Block, BTreeMap<usize, BTreeMap<&'p str, Vec<usize>>>>;

impl ProvisionIndex {
    /// Built in two steps: first, for each facet, the provisions stating each value (one
    /// lookup per value a provision states); then each value asked takes the lists of the
    /// stated values that meet it, merged. The map of values asked is so looked up once per
    /// (stated value, value asked) pair of the law rather than once per provision and pair, and
    /// no set of values asked is built per provision. The result is the index of
    /// [`indexed_facets`] filled provision by provision (`ProvisionIndex::one_by_one`, test
    /// `the_index_is_the_one_built_provision_by_provision`).
    fn build(inst: &Instrument, provisions: &[Provision]) -> ProvisionIndex {
        let mut ix = ProvisionIndex::default();
        let mut stating: Stating = BTreeMap::new();
        for (i, p) in provisions.iter().enumerate() {
            ix.by_block.entry(p.block).or_default().push(i);
            for (fi, f) in inst.facets.iter().enumerate() {
                if !indexes(f, p) {
                    continue;
                }
                match p.facets.get(&f.id) {
                    Some(reach) => {
                        let values = stating.entry(p.block).or_default().entry(fi).or_default();
                        for stated in reach.values.keys() {
                            values.entry(stated.as_str()).or_default().push(i);
                        }
                    }
                    None => {
                        let facets = ix.silent.entry(p.block).or_default();
                        match facets.get_mut(f.id.as_str()) {
                            Some(list) => list.push(i),
                            None => {
                                facets.insert(f.id.clone(), vec![i]);
                            }
                        }
                    }
                }
            }
        }
        for (block, facets) in stating {
            let by_facet = ix.by_value.entry(block).or_default();
            for (fi, stated_lists) in facets {
                let Some(f) = inst.facets.get(fi) else {
                    continue;
                };
                let by_asked = by_facet.entry(f.id.clone()).or_default();
                let mut merged = 0usize;
                for (stated, list) in stated_lists {
                    for asked in asked_met_by(f, stated) {
                        match by_asked.get_mut(asked) {
                            Some(to) => {
                                to.extend_from_slice(&list);
                                merged += 1;
                            }
                            None => {
                                by_asked.insert(asked.to_string(), list.clone());
                            }
                        }
                    }
                }
                // A list that took one stated value's provisions is sorted already; one that
                // took several is put in order, each provision once (a provision stating two
                // values meeting the same value asked is in both lists).
                if merged > 0 {
                    for list in by_asked.values_mut() {
                        list.sort_unstable();
                        list.dedup();
                    }
                }
            }
        }
        ix
    }

    /// The reference the index is tested against: every provision pushed under every value
    /// asked that [`indexed_facets`] gives it, one provision after the other.
    #[cfg(test)]
    fn one_by_one(inst: &Instrument, provisions: &[Provision]) -> ProvisionIndex {
        let mut ix = ProvisionIndex::default();
        for (i, p) in provisions.iter().enumerate() {
            ix.by_block.entry(p.block).or_default().push(i);
            for (f, asked) in indexed_facets(inst, p) {
                match asked {
                    Some(asked) => {
                        let values = ix
                            .by_value
                            .entry(p.block)
                            .or_default()
                            .entry(f.id.clone())
                            .or_default();
                        for a in asked {
                            values.entry(a.to_string()).or_default().push(i);
                        }
                    }
                    None => ix
                        .silent
                        .entry(p.block)
                        .or_default()
                        .entry(f.id.clone())
                        .or_default()
                        .push(i),
                }
            }
        }
        ix
    }

    /// The provisions of `block` that may reach every (facet, value) given: those meeting the
    /// value, plus — for facets where silence means "anything" — those saying nothing about it.
    /// Sorted, without repeats.
    pub fn candidates(
        &self,
        inst: &Instrument,
        block: Block,
        values: &[(String, String)],
    ) -> Vec<usize> {
        let mut lists: Vec<(&[usize], &[usize])> = Vec::with_capacity(values.len());
        for (facet, value) in values {
            let Some(f) = inst.facet(facet) else { continue };
            if f.role == FacetRole::Narrowing {
                continue;
            }
            let meeting: &[usize] = self
                .by_value
                .get(&block)
                .and_then(|facets| facets.get(facet.as_str()))
                .and_then(|values| values.get(value.as_str()))
                .map_or(&[], Vec::as_slice);
            let silent = if f.when_absent == WhenAbsent::Anything && f.role == FacetRole::Element {
                self.silent
                    .get(&block)
                    .and_then(|facets| facets.get(facet.as_str()))
                    .map_or(&[][..], Vec::as_slice)
            } else {
                &[]
            };
            lists.push((meeting, silent));
        }
        in_every(lists).unwrap_or_else(|| self.by_block.get(&block).cloned().unwrap_or_default())
    }
}

/// The elements in every one of `lists`, each the union of two sorted lists without repeats
/// (the provisions meeting a value and those silent on its facet); `None` where there is no
/// list. The shortest union is built first and the others are looked up only for what it
/// holds: building each union in full (most of an index's provisions are silent on a facet)
/// and intersecting them was 4.4 M instructions of the benchmark's diff (168 cells). Test
/// `in_every_is_the_intersection_of_the_unions`.
fn in_every(mut lists: Vec<(&[usize], &[usize])>) -> Option<Vec<usize>> {
    lists.sort_by_key(|(a, b)| a.len() + b.len());
    let ((first_a, first_b), rest) = lists.split_first()?;
    let mut found = union(first_a, first_b);
    for (a, b) in rest {
        found.retain(|x| a.binary_search(x).is_ok() || b.binary_search(x).is_ok());
    }
    Some(found)
}

/// The elements of either of two sorted lists without repeats, sorted, in one linear pass (the
/// index's lists are sorted and hold each provision once; test `union_is_sort_and_dedup`).
fn union(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut ia, mut ib) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let next = match (ia.peek(), ib.peek()) {
            (Some(&&x), Some(&&y)) => match x.cmp(&y) {
                std::cmp::Ordering::Less => ia.next(),
                std::cmp::Ordering::Greater => ib.next(),
                std::cmp::Ordering::Equal => {
                    ia.next();
                    ib.next()
                }
            },
            (Some(_), None) => ia.next(),
            (None, Some(_)) => ib.next(),
            (None, None) => break,
        };
        if let Some(&x) = next
            && out.last() != Some(&x)
        {
            out.push(x);
        }
    }
    out
}

/// The common elements of two sorted lists, in one linear pass.
#[cfg(test)]
fn intersect(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut ia, mut ib) = (a.iter().peekable(), b.iter().peekable());
    while let (Some(&&x), Some(&&y)) = (ia.peek(), ib.peek()) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => {
                ia.next();
            }
            std::cmp::Ordering::Greater => {
                ib.next();
            }
            std::cmp::Ordering::Equal => {
                out.push(x);
                ia.next();
                ib.next();
            }
        }
    }
    out
}

/// The law of a jurisdiction (with its ancestors) on a date.
#[derive(Clone, Debug)]
pub struct LawInForce {
    pub jurisdiction: String,
    /// The jurisdiction and its ancestors, nearest first.
    pub chain: Vec<String>,
    pub at: Date,
    pub acts: Vec<ActInForce>,
    pub provisions: Vec<Provision>,
    pub rules: Vec<GeneralRule>,
    /// The classes of offence the codes in force distinguish (`classify` lines).
    pub classes: Vec<ClassRule>,
    pub index: ProvisionIndex,
    /// Acts the jurisdiction or an ancestor declares (`acts:` in `jurisdiction.yaml`) that have
    /// no version in force on `at`: none is encoded, or none for that date.
    pub missing_acts: Vec<MissingAct>,
    /// Why the instrument measured is not assessed at all on `at`: the jurisdiction (or an
    /// ancestor) says its offences are encoded only from a later date (`encoded-from:` in
    /// `jurisdiction.yaml`).
    pub instrument_not_encoded: Option<String>,
}

/// A declared act with no version in force on the analysis date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MissingAct {
    pub jurisdiction: String,
    pub act: String,
    pub kind: String,
    pub title: Option<String>,
}

impl MissingAct {
    /// "the Criminal Code of Republika Srpska (BA-RS/criminal-code)".
    pub fn describe(&self) -> String {
        let title = self.title.as_deref().map_or_else(
            || self.kind.replace('-', " "),
            |t| t.trim_start_matches("the ").to_string(),
        );
        format!("the {title} ({}/{})", self.jurisdiction, self.act)
    }
}

impl LawInForce {
    /// The rules of `kind` that govern offences of `jurisdiction`: its own only. Each code's
    /// general part governs the offences of its own level (BiH CC Art 13(1): the state code's
    /// general part applies to offences of state law), so in a federal State an entity's
    /// offences are never governed by the parent's rules. Where the level has none, whether its
    /// general part says nothing or is not encoded is for [`LawInForce::has_general_part`].
    pub fn rules_governing(&self, jurisdiction: &str, kind: &str) -> Vec<&GeneralRule> {
        self.rules
            .iter()
            .filter(|r| r.jurisdiction == jurisdiction && r.kind == kind)
            .collect()
    }

    /// The `classify` lines that govern offences of `jurisdiction`: its own only (see
    /// [`LawInForce::rules_governing`]).
    pub fn classes_governing(&self, jurisdiction: &str) -> Vec<&ClassRule> {
        self.classes
            .iter()
            .filter(|c| c.jurisdiction == jurisdiction)
            .collect()
    }

    /// Whether any of the general part of `jurisdiction`'s own law is encoded (a `rule` or a
    /// `classify` line in its acts in force). Where none is, what its general part provides is
    /// not known: a rule test on its offences is unknown, never a gap and never answered with
    /// a parent's general part.
    pub fn has_general_part(&self, jurisdiction: &str) -> bool {
        self.rules.iter().any(|r| r.jurisdiction == jurisdiction)
            || self.classes.iter().any(|c| c.jurisdiction == jurisdiction)
    }

    pub fn provision(&self, address: &str) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.address == address)
    }
}

/// Whether a maximum passes a penalty test (`max >= 5y`).
pub fn penalty_passes(m: &MaxPrison, op: Compare, bound: Duration) -> Tri {
    let not = |t: Tri| match t {
        Tri::Yes => Tri::No,
        Tri::No => Tri::Yes,
        Tri::Unknown => Tri::Unknown,
    };
    match op {
        Compare::AtLeast => m.reaches(bound, false),
        Compare::MoreThan => m.reaches(bound, true),
        Compare::LessThan => not(m.reaches(bound, false)),
        Compare::AtMost => not(m.reaches(bound, true)),
    }
}

/// "Either holds": yes if one does, unknown if none does but one may.
pub fn tri_or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
        (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
        _ => Tri::No,
    }
}

/// Whether `address` is `prefix` or lies inside it.
pub fn address_within(address: &str, prefix: &str) -> bool {
    address == prefix
        || (address.starts_with(prefix) && address.as_bytes().get(prefix.len()) == Some(&b'/'))
}

impl Corpus {
    /// The law of `jurisdiction` in force on `at`, analysed with its ancestors; `None` when the
    /// corpus has no such jurisdiction.
    pub fn law_at(&self, inst: &Instrument, jurisdiction: &str, at: Date) -> Option<LawInForce> {
        if !self.jurisdictions.contains_key(jurisdiction) {
            return None;
        }
        let chain = self.chain(jurisdiction);
        let versions = self.versions_in_force(&chain, at);
        let b = InForceBuilder::new(inst, self, &versions, at);
        let mut provisions = b.offences();
        let mut rules = Vec::new();
        let mut classes = Vec::new();
        for (vi, v) in versions.iter().enumerate() {
            for m in &v.measures {
                provisions.push(b.measure(v, vi, m));
            }
            for r in &v.rules {
                rules.push(b.rule(v, vi, r));
            }
            for c in &v.classes {
                classes.push(ClassRule {
                    address: v.unit_address(c.unit),
                    jurisdiction: v.jurisdiction.clone(),
                    class: c.class.node.clone(),
                    test: c.test,
                });
            }
        }
        provisions.sort_by(|a, b| {
            a.address
                .cmp(&b.address)
                .then(a.span.start.cmp(&b.span.start))
        });
        rules.sort_by(|a, b| {
            a.address
                .cmp(&b.address)
                .then(a.span.start.cmp(&b.span.start))
        });
        let index = ProvisionIndex::build(inst, &provisions);
        let missing_acts = self.missing_acts(&chain, at);
        let instrument_not_encoded = inst.measured().and_then(|m| {
            // The nearest level with an `instruments:` list says whether the instrument's
            // offences are encoded (and from when); with no list anywhere, only the default
            // instrument is.
            let listing = chain.iter().find_map(|j| {
                let listed = self.jurisdictions.get(j)?.instruments.as_ref()?;
                Some((j, listed))
            });
            match listing {
                Some((j, _)) => match self.jurisdictions.get(j).and_then(|x| x.adopted(&m.id)) {
                    Some(a) => {
                        let from = a.encoded_from?;
                        (at < from).then(|| {
                            format!(
                                "the offences of the {} ({}) are encoded for {j} only from \
                                 {from}; the law of {at} is not encoded for this instrument",
                                m.short, m.id
                            )
                        })
                    }
                    None => Some(format!(
                        "{j}'s jurisdiction.yaml does not list the {} ({}) under \
                         `instruments:`, so its offences are not taken as encoded",
                        m.short, m.id
                    )),
                },
                None => {
                    let sets = inst.analysis_set_ids();
                    let default = inst
                        .resolve_id(super::DEFAULT_INSTRUMENT)
                        .filter(|d| sets.contains(d))
                        .or_else(|| sets.first().copied());
                    (default != Some(m.id.as_str())).then(|| {
                        format!(
                            "{jurisdiction} lists no `instruments:` in its jurisdiction.yaml, so \
                             only the default instrument's offences are taken as encoded, not \
                             those of the {} ({})",
                            m.short, m.id
                        )
                    })
                }
            }
        });
        Some(LawInForce {
            jurisdiction: jurisdiction.to_string(),
            chain,
            at,
            acts: versions
                .iter()
                .map(|v| ActInForce {
                    jurisdiction: v.jurisdiction.clone(),
                    act: v.act.clone(),
                    kind: self
                        .jurisdictions
                        .get(&v.jurisdiction)
                        .and_then(|j| j.act_kinds.get(&v.act))
                        .cloned()
                        .unwrap_or_else(|| v.act.clone()),
                    title: v.title.clone(),
                    version: v.date,
                    address: v.address(),
                    notes: v.notes.clone(),
                    unread: v.unread.clone(),
                    file: v.file,
                })
                .collect(),
            provisions,
            rules,
            classes,
            index,
            missing_acts,
            instrument_not_encoded,
        })
    }

    /// The version in force on `at` of each act of the jurisdictions of `chain`, in the chain's
    /// order.
    fn versions_in_force(&self, chain: &[String], at: Date) -> Vec<&ActVersion> {
        let mut versions = Vec::new();
        for j in chain {
            for (act, _) in self.acts_of(j) {
                if let Some(v) = self.version_at(j, act, at) {
                    versions.push(v);
                }
            }
        }
        versions
    }

    /// The acts the jurisdictions of `chain` declare that have no version in force on `at`.
    fn missing_acts(&self, chain: &[String], at: Date) -> Vec<MissingAct> {
        let mut out = Vec::new();
        for j in chain {
            let Some(jur) = self.jurisdictions.get(j) else {
                continue;
            };
            for d in &jur.declared {
                if self.version_at(j, &d.id, at).is_none() {
                    out.push(MissingAct {
                        jurisdiction: j.clone(),
                        act: d.id.clone(),
                        kind: d.kind.clone(),
                        title: d.title.clone(),
                    });
                }
            }
        }
        out
    }
}

struct InForceBuilder<'a> {
    inst: &'a Instrument,
    corpus: &'a Corpus,
    versions: &'a [&'a ActVersion],
    at: Date,
    /// For each version, the terms already looked up from it: what [`InForceBuilder::term`]
    /// found for the term (`arms` is stated by hundreds of offences; its definition is the
    /// same for each, so it is looked for once).
    terms: RefCell<Vec<BTreeMap<String, Option<Definition>>>>,
}

/// The vocabulary values a term stands for, and the address of its definition.
type Definition = (Vec<String>, String);

/// Qualified forms deeper than this are not followed (the check reports circles; this keeps a
/// broken corpus from looping).
const MAX_QUALIFICATION_DEPTH: usize = 16;

impl<'a> InForceBuilder<'a> {
    fn new(
        inst: &'a Instrument,
        corpus: &'a Corpus,
        versions: &'a [&'a ActVersion],
        at: Date,
    ) -> Self {
        InForceBuilder {
            inst,
            corpus,
            versions,
            at,
            terms: RefCell::new(vec![BTreeMap::new(); versions.len()]),
        }
    }

    /// The act version in force that a target points into, and the unit.
    fn locate(&self, vi: usize, t: &Target) -> Option<(usize, Option<usize>)> {
        let v = self.versions.get(vi)?;
        match t {
            Target::Local(u) => Some((vi, Some(*u))),
            Target::Other { act, path, .. } => {
                let chain = self.corpus.chain(&v.jurisdiction);
                let wi = chain.iter().find_map(|j| {
                    self.versions
                        .iter()
                        .position(|w| &w.jurisdiction == j && &w.act == act)
                })?;
                let w = self.versions.get(wi)?;
                if path.is_empty() {
                    Some((wi, None))
                } else {
                    w.unit_by_path(path).map(|u| (wi, Some(u)))
                }
            }
        }
    }

    fn describe_target(&self, vi: usize, t: &Target) -> String {
        match t {
            Target::Local(u) => self
                .versions
                .get(vi)
                .map(|v| v.unit_address(*u))
                .unwrap_or_default(),
            Target::Other { act, path, .. } => {
                format!("act {act} {}", super::law::describe_path(path))
            }
        }
    }

    /// Expands the values of one facet through the definitions visible from version `vi`:
    /// its own act first, then the other acts in force of its jurisdiction, then its ancestors'.
    fn expand(
        &self,
        vi: usize,
        facet: &str,
        stated: &[TagValue],
        notes: &mut Vec<String>,
    ) -> Reach {
        let mut reach = Reach {
            stated: stated.iter().map(|s| s.node.clone()).collect(),
            // Most stated values are vocabulary values, each reached once.
            values: SortedMap::with_capacity(stated.len()),
            ..Reach::default()
        };
        let Some(f) = self.inst.facet(facet) else {
            return reach;
        };
        for s in stated {
            if f.has_value(&s.node) {
                reach.values.insert_if_absent(s.node.clone(), || None);
                continue;
            }
            self.with_term(vi, &s.node, |found| match found {
                Some((values, site)) => {
                    for x in values {
                        if f.has_value(x) && !reach.values.contains_key(x) {
                            reach.values.insert(
                                x.clone(),
                                Some(Via {
                                    term: s.node.clone(),
                                    defined_at: site.clone(),
                                }),
                            );
                        }
                    }
                }
                None => notes.push(format!(
                    "`{}` is not a `{}` value nor a term defined in the law in force on {}",
                    s.node, f.id, self.at
                )),
            });
        }
        reach
    }

    /// Calls `then` with what [`InForceBuilder::term`] finds for `term` looked up from version
    /// `vi` with nothing seen before: worked out the first time, remembered after (the answer
    /// depends on the version and the term only).
    fn with_term<R>(
        &self,
        vi: usize,
        term: &str,
        then: impl FnOnce(Option<&Definition>) -> R,
    ) -> R {
        if let Some(found) = self.terms.borrow().get(vi).and_then(|m| m.get(term)) {
            return then(found.as_ref());
        }
        let found = self.term(vi, term, &mut Vec::new());
        let out = then(found.as_ref());
        if let Some(memo) = self.terms.borrow_mut().get_mut(vi) {
            memo.insert(term.to_string(), found);
        }
        out
    }

    /// The vocabulary values a term stands for, and where it is defined.
    fn term(&self, vi: usize, term: &str, seen: &mut Vec<String>) -> Option<Definition> {
        if seen.iter().any(|s| s == term) || seen.len() > MAX_QUALIFICATION_DEPTH {
            return None;
        }
        seen.push(term.to_string());
        let v = self.versions.get(vi)?;
        let mut order: Vec<usize> = vec![vi];
        for j in self.corpus.chain(&v.jurisdiction) {
            order.extend(
                self.versions
                    .iter()
                    .enumerate()
                    .filter(|(i, w)| *i != vi && w.jurisdiction == j)
                    .map(|(i, _)| i),
            );
        }
        for wi in order {
            let Some(w) = self.versions.get(wi) else {
                continue;
            };
            if let Some(d) = w.defines.iter().find(|d| d.term.node == term) {
                let mut out = Vec::new();
                for x in &d.values {
                    let vocab = self.inst.facets.iter().any(|f| f.has_value(&x.node));
                    if vocab {
                        out.push(x.node.clone());
                    } else if let Some((more, _)) = self.term(wi, &x.node, seen) {
                        out.extend(more);
                    }
                }
                seen.pop();
                return Some((out, w.unit_address(d.unit)));
            }
        }
        None
    }

    fn base_provision(&self, v: &ActVersion, vi: usize, o: &super::law::OffenceDraft) -> Provision {
        let mut notes = Vec::new();
        let mut facets = SortedMap::with_capacity(o.tags.len());
        for (facet, values) in &o.tags {
            let mut reach = self.expand(vi, facet, values, &mut notes);
            self.limit_reach(vi, facet, o, &mut reach);
            reach.unknown = o.unknown.contains(facet);
            read_reach(v, o.unit, facet, &mut reach);
            facets.insert(facet.clone(), reach);
        }
        let requires = element_groups(&o.requires);
        Provision {
            address: v.unit_address(o.unit),
            jurisdiction: v.jurisdiction.clone(),
            act: v.act.clone(),
            version: v.date,
            block: Block::Offence,
            title: v.title_of(o.unit).map(str::to_string),
            text: v.shared_text_of(o.unit),
            facets,
            requires,
            penalty: o.penalty.clone(),
            qualifies: None,
            expressly: o.expressly.iter().cloned().collect(),
            class: o.class.as_ref().map(|c| c.node.clone()),
            retention: None,
            notes,
            file: v.file,
            span: o.span,
        }
    }

    /// Records which values of a facet are reached only through lines that end in `requires …`,
    /// and the limit that counts for each: a value on a line without a limit is not narrowed;
    /// a value only on narrowed lines takes the least narrowed one (fewest groups, then the
    /// first written).
    fn limit_reach(&self, vi: usize, facet: &str, o: &super::law::OffenceDraft, reach: &mut Reach) {
        let lines: Vec<&super::law::LimitDraft> =
            o.limits.iter().filter(|l| l.facet == facet).collect();
        if lines.is_empty() {
            return;
        }
        let mut scratch = Vec::new();
        let free = o
            .free
            .get(facet)
            .map(|vs| self.expand(vi, facet, vs, &mut scratch).values)
            .unwrap_or_default();
        for line in lines {
            let reached = self.expand(vi, facet, &line.values, &mut scratch).values;
            let index = reach.limits.len();
            let requires = element_groups(&line.requires);
            for value in reached.keys() {
                if free.contains_key(value) {
                    continue;
                }
                let narrower = reach
                    .limit_of(value)
                    .is_none_or(|old| old.requires.len() > requires.len());
                if narrower {
                    reach.limited.insert(value.clone(), index);
                }
            }
            reach.limits.push(LineLimit {
                stated: line.values.iter().map(|x| x.node.clone()).collect(),
                requires,
            });
        }
    }

    /// Every offence in force with its qualified-form inheritance applied (see
    /// [`InForceBuilder::forms`]), in no particular order (the law in force sorts them).
    ///
    /// Each offence's own provision is worked out once: a basic offence is also a provision by
    /// itself, and working it out again for each form qualifying it (expanding its terms, reading
    /// its readings) cost a sixth of building the law in force.
    fn offences(&self) -> Vec<Provision> {
        let owns: Vec<Vec<Provision>> = self
            .versions
            .iter()
            .enumerate()
            .map(|(vi, v)| {
                v.offences
                    .iter()
                    .map(|o| self.base_provision(v, vi, o))
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        for (vi, v) in self.versions.iter().enumerate() {
            for (oi, o) in v.offences.iter().enumerate() {
                if o.qualifies.is_some() {
                    out.extend(self.forms(&owns, vi, oi, 0).into_owned());
                }
            }
        }
        // A basic offence's own provision is the offence in force as it stands: moved, not copied.
        for (own, v) in owns.into_iter().zip(self.versions) {
            out.extend(
                own.into_iter()
                    .zip(&v.offences)
                    .filter(|(_, o)| o.qualifies.is_none())
                    .map(|(p, _)| p),
            );
        }
        out
    }

    /// Offence `oi` of version `vi` with its qualified-form inheritance applied: the basic
    /// offence's tags, with each facet the qualified form states replacing the inherited one.
    /// Chains are followed from the root (a form that qualifies a qualified form inherits what
    /// that one has). A form qualifying several bases (`aggravates para 6, para 7`) gives one
    /// provision per base. `owns` holds every offence's own provision, by version and offence.
    /// A basic offence's forms are its own provision, borrowed.
    fn forms<'o>(
        &self,
        owns: &'o [Vec<Provision>],
        vi: usize,
        oi: usize,
        depth: usize,
    ) -> Cow<'o, [Provision]> {
        let (Some(o), Some(own)) = (
            self.versions.get(vi).and_then(|v| v.offences.get(oi)),
            owns.get(vi).and_then(|ps| ps.get(oi)),
        ) else {
            return Cow::Owned(Vec::new());
        };
        let Some((how, targets, _)) = &o.qualifies else {
            return Cow::Borrowed(std::slice::from_ref(own));
        };
        let mut out = Vec::new();
        for target in targets {
            self.qualified(own.clone(), owns, (vi, o), (*how, target), depth, &mut out);
        }
        Cow::Owned(out)
    }

    /// The qualified form `p` of offence `o` (of version `vi`) applied to one basic offence it
    /// names: one provision per provision of the basic offence in force, or `p` itself with a
    /// note where none is.
    fn qualified(
        &self,
        mut p: Provision,
        owns: &[Vec<Provision>],
        (vi, o): (usize, &super::law::OffenceDraft),
        (how, target): (Qualification, &Target),
        depth: usize,
        out: &mut Vec<Provision>,
    ) {
        let bases: Cow<[Provision]> = if depth >= MAX_QUALIFICATION_DEPTH {
            Cow::Owned(Vec::new())
        } else {
            self.locate(vi, target)
                .and_then(|(wi, unit)| {
                    let unit = unit?;
                    let w = self.versions.get(wi)?;
                    let boi = w.offences.iter().position(|x| x.unit == unit)?;
                    Some(self.forms(owns, wi, boi, depth + 1))
                })
                .unwrap_or_default()
        };
        let Some((last, others)) = bases.split_last() else {
            let target_address = self.describe_target(vi, target);
            p.notes.push(format!(
                "the basic offence ({target_address}) is not in force on {}",
                self.at
            ));
            p.qualifies = Some((how, target_address));
            out.push(p);
            return;
        };
        for b in others {
            out.push(inherit(p.clone(), b, o, how));
        }
        out.push(inherit(p, last, o, how));
    }

    fn measure(&self, v: &ActVersion, vi: usize, m: &super::law::MeasureDraft) -> Provision {
        let mut notes = Vec::new();
        let mut facets = SortedMap::with_capacity(m.tags.len() + 1);
        if let Some(kinds) = self.inst.facet_with_role(FacetRole::MeasureKind) {
            facets.insert(
                kinds.id.clone(),
                Reach {
                    stated: m.kinds.clone(),
                    values: m.kinds.iter().map(|k| (k.clone(), None)).collect(),
                    ..Reach::default()
                },
            );
        }
        for (facet, values) in &m.tags {
            facets.insert(facet.clone(), self.expand(vi, facet, values, &mut notes));
        }
        Provision {
            address: v.unit_address(m.unit),
            jurisdiction: v.jurisdiction.clone(),
            act: v.act.clone(),
            version: v.date,
            block: Block::Measure,
            title: v.title_of(m.unit).map(str::to_string),
            text: v.shared_text_of(m.unit),
            facets,
            requires: element_groups(&m.requires),
            penalty: None,
            qualifies: None,
            expressly: BTreeSet::new(),
            class: None,
            retention: m.retention,
            notes,
            file: v.file,
            span: m.span,
        }
    }

    fn rule(&self, v: &ActVersion, vi: usize, r: &super::law::RuleDraft) -> GeneralRule {
        let conditions = r.conditions.iter().map(|c| self.condition(vi, c)).collect();
        GeneralRule {
            address: v.unit_address(r.unit),
            jurisdiction: v.jurisdiction.clone(),
            kind: r.kind.clone(),
            covers: r.covers.clone(),
            conditions,
            text: v.text_of(r.unit).map(str::to_string),
            file: v.file,
            span: r.span,
        }
    }

    fn condition(&self, vi: usize, c: &ConditionDraft) -> RuleCondition {
        match c {
            ConditionDraft::Always => RuleCondition::Always,
            ConditionDraft::MaxAtLeast { bound, strict } => RuleCondition::MaxAtLeast {
                bound: *bound,
                strict: *strict,
            },
            ConditionDraft::Expressly => RuleCondition::Expressly,
            ConditionDraft::Class(c) => RuleCondition::Class {
                class: c.node.clone(),
            },
            ConditionDraft::Listed(targets) => {
                let mut addresses = Vec::new();
                let mut unresolved = Vec::new();
                for t in targets {
                    match self.locate(vi, t) {
                        Some((wi, u)) => match self.versions.get(wi) {
                            Some(w) => {
                                addresses.push(u.map_or_else(|| w.address(), |u| w.unit_address(u)))
                            }
                            None => unresolved.push(self.describe_target(vi, t)),
                        },
                        None => unresolved.push(self.describe_target(vi, t)),
                    }
                }
                RuleCondition::Listed {
                    addresses,
                    unresolved,
                }
            }
            ConditionDraft::Requires(e) => RuleCondition::Requires {
                element: e.node.clone(),
            },
            ConditionDraft::All(cs) => RuleCondition::All {
                all: cs.iter().map(|c| self.condition(vi, c)).collect(),
            },
            ConditionDraft::Any(cs) => RuleCondition::Any {
                any: cs.iter().map(|c| self.condition(vi, c)).collect(),
            },
        }
    }
}

/// A qualified form `q` of offence `o` with what it takes from its basic offence `b`: each
/// facet it does not state (marked inherited), the narrowing elements where it states none, the
/// penalty and class where it states none, and the rule kinds it is expressly covered by and the
/// notes of both. The basic offence is used up: its parts are moved, not copied.
fn inherit(
    mut q: Provision,
    b: &Provision,
    o: &super::law::OffenceDraft,
    how: Qualification,
) -> Provision {
    // Borrowed: a basic offence's provision stands in the law by itself too, and only what
    // the form does not state is copied.
    for (facet, reach) in &b.facets {
        if !q.facets.contains_key(facet) {
            q.facets.insert(
                facet.clone(),
                Reach {
                    inherited: true,
                    ..reach.clone()
                },
            );
        }
    }
    if o.requires.is_empty() {
        q.requires = b.requires.clone();
    }
    if q.penalty.is_none() {
        q.penalty = b.penalty.clone();
    }
    if q.class.is_none() {
        q.class = b.class.clone();
    }
    q.expressly.extend(b.expressly.iter().cloned());
    q.notes.extend(b.notes.iter().cloned());
    q.qualifies = Some((how, b.address.clone()));
    q
}

/// Adds to a facet's reach what the jurisdiction reads its stated values as including (`reads`
/// lines of the offence's unit and the units around it), each value marked with its reading.
/// A value the offence reaches by its words keeps that; one reached by a narrowed line passes
/// the narrowing on.
fn read_reach(v: &ActVersion, unit: usize, facet: &str, reach: &mut Reach) {
    for r in v
        .readings
        .iter()
        .filter(|r| r.facet == facet && v.is_within(unit, r.unit))
    {
        if !reach.values.contains_key(&r.reads) || reach.interpreted.contains_key(&r.reads) {
            continue;
        }
        let limit = reach.limited.get(&r.reads).copied();
        for x in &r.including {
            if reach.values.contains_key(x) {
                continue;
            }
            reach.values.insert(x.clone(), None);
            if let Some(l) = limit {
                reach.limited.insert(x.clone(), l);
            }
            reach.interpreted.insert(
                x.clone(),
                Interpretation {
                    reads: r.reads.clone(),
                    as_including: x.clone(),
                    reason: r.source.clone(),
                    source: Some(r.source.clone()),
                    recorded_at: Some(v.unit_address(r.unit)),
                },
            );
        }
    }
}

/// Narrowing groups as the provision keeps them: each group's elements sorted, without
/// repeats, and the groups sorted.
fn element_groups(groups: &ElementGroups) -> Vec<Vec<Element>> {
    let mut out: Vec<Vec<Element>> = groups
        .iter()
        .map(|g| {
            let mut alts: Vec<Element> = g.iter().map(|x| x.node.clone()).collect();
            alts.sort();
            alts.dedup();
            alts
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How a provision's reach meets a value a cell asks for, borrowed from the reach: most are
/// weighed and dropped (the best of a cell's alternatives is kept, and only where the evidence
/// is written out is it copied); copying each was a fifth of the cost of [`reach_meets`].
#[derive(Clone, Copy, Debug)]
pub struct ReachMeet<'r> {
    pub meet: Meet,
    /// The value the provision reaches that meets it.
    pub stated: &'r str,
    /// The defined term it came through.
    pub via: Option<&'r Via>,
    /// The reading it is met by, when it is met only by interpretation.
    pub interpretation: Option<&'r Interpretation>,
}

/// How far a provision's reach meets a value a cell asks for: the best meet, and among equal
/// meets a value no line limit narrows. A value reached only by the jurisdiction's reading, or
/// met only through an interpretive relation of the vocabulary, meets at best by
/// interpretation.
pub fn reach_meets<'r>(
    inst: &'r Instrument,
    facet: &str,
    reach: &'r Reach,
    asked: &str,
) -> Option<ReachMeet<'r>> {
    let f = inst.facet(facet)?;
    reach_meets_among(f, reach, asked, f.met_by_asked(asked))
}

/// [`reach_meets`] on the facet itself and the values of it that meet `asked`
/// ([`Facet::met_by_asked`]), for a caller that has them at hand: a cell's values are weighed
/// against every candidate provision, and looking the facet up by its id each time was a fifth
/// of the cost; with the meeting values looked up once per cell as well, the engine's
/// `provision_reaches` fell from 12.4 M to 7.5 M instructions on the benchmark's diff.
pub fn reach_meets_among<'r>(
    f: &'r Facet,
    reach: &'r Reach,
    asked: &str,
    meeting: Option<&'r [(String, Meet)]>,
) -> Option<ReachMeet<'r>> {
    /// The best value so far, with the rank it was chosen by.
    struct Best<'r> {
        rank: (Meet, bool),
        meet: Meet,
        stated: &'r String,
        via: &'r Option<Via>,
        interpretation: Option<&'r Interpretation>,
    }
    let mut best: Option<Best> = None;
    let mut consider = |stated: &'r String, via: &'r Option<Via>, meet: Meet| {
        let mut meet = meet;
        let mut interpretation = if meet == Meet::Interpreted {
            f.interpretation(stated, asked)
        } else {
            None
        };
        if let Some(reading) = reach.interpreted.get(stated) {
            meet = meet.min(Meet::Interpreted);
            interpretation = interpretation.or(Some(reading));
        }
        let rank = (meet, !reach.limited.contains_key(stated));
        if best.as_ref().is_none_or(|b| rank > b.rank) {
            best = Some(Best {
                rank,
                meet,
                stated,
                via,
                interpretation,
            });
        }
    };
    // The few values that meet `asked`, looked up in what the provision states, when that is
    // quicker than walking all it states; both go in value-id order and keep the first best,
    // so they choose the same value.
    match meeting {
        Some(meeting) if meeting.len() < reach.values.len() => {
            for (stated, m) in meeting {
                if let Some(via) = reach.values.get(stated) {
                    consider(stated, via, *m);
                }
            }
        }
        _ => {
            for (stated, via) in &reach.values {
                if let Some(m) = f.meets(stated, asked) {
                    consider(stated, via, m);
                }
            }
        }
    }
    best.map(|b| ReachMeet {
        meet: b.meet,
        stated: b.stated.as_str(),
        via: b.via.as_ref(),
        interpretation: b.interpretation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::each_bundled_law;

    /// The days the tests build the bundled corpus's law in force on.
    const DAYS: &[&str] = &["2005-01-01", "2015-06-01", "2024-06-01"];

    proptest::proptest! {
        #[test]
        fn union_is_sort_and_dedup(
            a in proptest::collection::btree_set(0usize..60, 0..30),
            b in proptest::collection::btree_set(0usize..60, 0..30),
        ) {
            let a: Vec<usize> = a.into_iter().collect();
            let b: Vec<usize> = b.into_iter().collect();
            let mut expected = a.clone();
            expected.extend(&b);
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(union(&a, &b), expected);
        }

        /// The shortest union first, the others looked up, is the intersection of every union
        /// built in full, in the order given.
        #[test]
        fn in_every_is_the_intersection_of_the_unions(
            lists in proptest::collection::vec(
                (
                    proptest::collection::btree_set(0usize..80, 0..40),
                    proptest::collection::btree_set(0usize..80, 0..40),
                ),
                0..5,
            ),
        ) {
            let lists: Vec<(Vec<usize>, Vec<usize>)> = lists
                .into_iter()
                .map(|(a, b)| (a.into_iter().collect(), b.into_iter().collect()))
                .collect();
            let expected = lists
                .iter()
                .map(|(a, b)| union(a, b))
                .reduce(|all, next| intersect(&all, &next));
            let borrowed = lists.iter().map(|(a, b)| (a.as_slice(), b.as_slice())).collect();
            proptest::prop_assert_eq!(in_every(borrowed), expected);
        }
    }

    /// The reference for [`InForceBuilder::offences`]: offence `o` worked out by itself, each
    /// basic offence it names worked out again (as the law in force was built before the own
    /// provisions were shared).
    fn one_by_one(
        b: &InForceBuilder,
        vi: usize,
        o: &crate::model::law::OffenceDraft,
        depth: usize,
    ) -> Vec<Provision> {
        let own = b.base_provision(b.versions[vi], vi, o);
        let Some((how, targets, _)) = &o.qualifies else {
            return vec![own];
        };
        let mut out = Vec::new();
        for target in targets {
            let bases = (depth < MAX_QUALIFICATION_DEPTH)
                .then(|| b.locate(vi, target))
                .flatten()
                .and_then(|(wi, unit)| {
                    let bo = b.versions[wi]
                        .offences
                        .iter()
                        .find(|x| Some(x.unit) == unit)?;
                    Some(one_by_one(b, wi, bo, depth + 1))
                })
                .unwrap_or_default();
            if bases.is_empty() {
                let mut p = own.clone();
                let target_address = b.describe_target(vi, target);
                p.notes.push(format!(
                    "the basic offence ({target_address}) is not in force on {}",
                    b.at
                ));
                p.qualifies = Some((*how, target_address));
                out.push(p);
            }
            for base in bases {
                out.push(inherit(own.clone(), &base, o, *how));
            }
        }
        out
    }

    /// The law in force's offences, each own provision worked out once, are those worked out
    /// offence by offence: every bundled jurisdiction at several dates, compared as JSON in
    /// the law's order.
    #[test]
    fn the_offences_are_those_worked_out_one_by_one() {
        let (mut offences, mut qualified) = (0, 0);
        each_bundled_law(DAYS, |model, j, at, law| {
            let chain = model.corpus.chain(j);
            let versions = model.corpus.versions_in_force(&chain, at);
            let b = InForceBuilder::new(&model.instrument, &model.corpus, &versions, at);
            let mut reference: Vec<Provision> = Vec::new();
            for (vi, v) in versions.iter().enumerate() {
                for o in &v.offences {
                    reference.extend(one_by_one(&b, vi, o, 0));
                }
            }
            reference.sort_by(|a, b| {
                a.address
                    .cmp(&b.address)
                    .then(a.span.start.cmp(&b.span.start))
            });
            let built: Vec<&Provision> = law
                .provisions
                .iter()
                .filter(|p| p.block == Block::Offence)
                .collect();
            let json = |p: &Provision| serde_json::to_string(p).unwrap();
            let built: Vec<String> = built.into_iter().map(json).collect();
            let reference: Vec<String> = reference.iter().map(json).collect();
            assert_eq!(built, reference, "{j} on {at}");
            offences += reference.len();
            qualified += law
                .provisions
                .iter()
                .filter(|p| p.qualifies.is_some())
                .count();
        });
        assert!(offences > 100, "only {offences} offences compared");
        assert!(qualified > 10, "only {qualified} qualified forms compared");
    }

    #[test]
    fn the_index_is_the_one_built_provision_by_provision() {
        let mut provisions = 0;
        each_bundled_law(DAYS, |model, j, at, law| {
            let reference = ProvisionIndex::one_by_one(&model.instrument, &law.provisions);
            assert_eq!(law.index, reference, "{j} on {at}");
            provisions += law.provisions.len();
        });
        assert!(provisions > 100, "only {provisions} provisions indexed");
    }
}
