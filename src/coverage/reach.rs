//! The reach index and the incremental analysis: which obligations a provision can reach, and an
//! analysis that, given the previous one and the law as it was, recomputes only the obligations
//! the changed provisions can reach — with a result equal to a full analysis
//! (`tests/incremental.rs` checks it on random edits).
//!
//! It works on the law in force, after lowering: a definition, a basic offence (for its
//! qualified forms), a reading or a reference resolved into a provision are already part of the
//! provisions that use them, so a change to any of them shows as a change to those provisions.
//! What a changed provision can reach (conservative: when in doubt, it reaches):
//! - an obligation tested on provisions of its block (offence, measure), for each cell where it
//!   is a candidate (the same index test as the engine's) or misses one value only (what the
//!   engine looks at to say that a definition leaves a value out), or — where the analysis
//!   explains misses — meets one value of the cell (the nearest miss); any cell of its block if
//!   one of its facets is written `?`;
//! - an obligation that does not apply when some offence reaches values: any offence;
//! - the derived tests (general-part rules, penalty levels): a provision that is a candidate for
//!   a cell of an obligation they look at (`of`), or of any obligation for a rule that must
//!   govern every offence the instrument relies on; every derived test when a general-part rule
//!   or a class changes;
//! - an obligation that looks in acts of some kind (`looks-in`): an act of that kind coming
//!   into force or going, or a declared act of that kind found or missing (what it reads of the
//!   acts in force: whether one of its kinds is there, and which are declared but not encoded).
//!
//! A new version of an act renames every address inside it (`J/act@OLD/…` → `J/act@NEW/…`):
//! provisions equal but for that are unchanged, and an obligation taken over from the previous
//! analysis has its addresses renamed; one whose texts name the old date is recomputed. A
//! provision or rule whose text alone changed (a paragraph reworded, its tags the same) reaches
//! nothing: the analysis quotes the text as evidence and reads nothing else of it, so an
//! obligation taken over gets the new text in its evidence. Nor does a provision's title or its
//! notes count: the analysis reads neither.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::engine::{analyze_reusing, analyze_with, obligations_only};
use super::{CellResult, Evidence, JurisdictionCoverage, Matched, ObligationCoverage, Shortfall};
use crate::model::assessment::Assessment;
#[cfg(test)]
use crate::model::in_force::indexed_facets;
use crate::model::in_force::{
    ClassRule, GeneralRule, LawInForce, Provision, Reach, RuleCondition, asked_met_by, indexes,
};
use crate::model::instrument::{
    Block, FacetRole, Instrument, Interpretation, Obligation, Test, WhenAbsent,
};

/// An act whose version differs between two days: its addresses are renamed.
#[derive(Clone, Debug)]
struct Rename {
    /// `J/act@OLD`.
    from: String,
    /// `J/act@NEW`.
    to: String,
}

/// What differs between two laws in force of one jurisdiction.
#[derive(Clone, Debug, Default)]
pub struct LawChange {
    /// Anything may have changed: every obligation is recomputed.
    pub everything: bool,
    /// Indices of the provisions of the old law that changed or went.
    pub old_provisions: Vec<usize>,
    /// Indices of the provisions of the new law that changed or came.
    pub new_provisions: Vec<usize>,
    /// A general-part rule or a class line changed, came or went.
    pub rules: bool,
    renames: Vec<Rename>,
    /// Strings that, in a text of an obligation taken over, mean it must be recomputed (the old
    /// version dates, the old day).
    stale_words: Vec<String>,
    /// Kinds of act that came into force or went, or whose declared acts not in force changed:
    /// the obligations that look in them are recomputed.
    pub kinds: BTreeSet<String>,
    /// Provisions and rules of the new law whose text alone changed: their address → the new
    /// text, put into the evidence of an obligation taken over. (The text is the unit's, so
    /// every provision and rule at an address has the same.)
    retexts: HashMap<String, Option<String>>,
}

impl LawChange {
    /// Whether nothing the analysis reads changed.
    pub fn is_empty(&self) -> bool {
        !self.everything
            && !self.rules
            && self.old_provisions.is_empty()
            && self.new_provisions.is_empty()
            && self.kinds.is_empty()
            && self.retexts.is_empty()
    }

    fn same_addr(&self, old: &str, new: &str) -> bool {
        old == new
            || self.renames.iter().any(|r| {
                match (old.strip_prefix(&r.from), new.strip_prefix(&r.to)) {
                    (Some(a), Some(b)) => a == b && (a.is_empty() || a.starts_with('/')),
                    _ => false,
                }
            })
    }

    fn rename(&self, s: &mut String) {
        for r in &self.renames {
            if let Some(rest) = s.strip_prefix(&r.from)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                *s = format!("{}{rest}", r.to);
                return;
            }
        }
    }

    fn same_opt_addr(&self, a: Option<&str>, b: Option<&str>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => self.same_addr(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    fn same_interpretation(&self, a: &Interpretation, b: &Interpretation) -> bool {
        a.reads == b.reads
            && a.as_including == b.as_including
            && a.reason == b.reason
            && a.source == b.source
            && self.same_opt_addr(a.recorded_at.as_deref(), b.recorded_at.as_deref())
    }

    fn same_reach(&self, a: &Reach, b: &Reach) -> bool {
        a.stated == b.stated
            && a.inherited == b.inherited
            && a.limits == b.limits
            && a.limited == b.limited
            && a.unknown == b.unknown
            && a.values.len() == b.values.len()
            && a.values.iter().zip(&b.values).all(|((ka, va), (kb, vb))| {
                ka == kb
                    && match (va, vb) {
                        (None, None) => true,
                        (Some(x), Some(y)) => {
                            x.term == y.term && self.same_addr(&x.defined_at, &y.defined_at)
                        }
                        _ => false,
                    }
            })
            && a.interpreted.len() == b.interpreted.len()
            && a.interpreted
                .iter()
                .zip(&b.interpreted)
                .all(|((ka, ia), (kb, ib))| ka == kb && self.same_interpretation(ia, ib))
    }

    /// Equal in what the analysis reads of a provision but its text (which it only quotes), and
    /// but for the renamed addresses and where in the files they are. The title and the notes
    /// are not compared: the analysis reads neither.
    fn same_provision(&self, a: &Provision, b: &Provision) -> bool {
        self.same_addr(&a.address, &b.address)
            && a.jurisdiction == b.jurisdiction
            && a.act == b.act
            && a.block == b.block
            && a.requires == b.requires
            && a.penalty == b.penalty
            && a.expressly == b.expressly
            && a.class == b.class
            && a.retention == b.retention
            && match (&a.qualifies, &b.qualifies) {
                (None, None) => true,
                (Some((qa, x)), Some((qb, y))) => qa == qb && self.same_addr(x, y),
                _ => false,
            }
            && a.facets.len() == b.facets.len()
            && a.facets
                .iter()
                .zip(&b.facets)
                .all(|((ka, ra), (kb, rb))| ka == kb && self.same_reach(ra, rb))
    }

    fn same_condition(&self, a: &RuleCondition, b: &RuleCondition) -> bool {
        match (a, b) {
            (RuleCondition::Always, RuleCondition::Always)
            | (RuleCondition::Expressly, RuleCondition::Expressly) => true,
            (
                RuleCondition::MaxAtLeast {
                    bound: ba,
                    strict: sa,
                },
                RuleCondition::MaxAtLeast {
                    bound: bb,
                    strict: sb,
                },
            ) => ba == bb && sa == sb,
            (
                RuleCondition::Listed {
                    addresses: aa,
                    unresolved: ua,
                },
                RuleCondition::Listed {
                    addresses: ab,
                    unresolved: ub,
                },
            ) => {
                ua == ub
                    && aa.len() == ab.len()
                    && aa.iter().zip(ab).all(|(x, y)| self.same_addr(x, y))
            }
            (RuleCondition::Class { class: ca }, RuleCondition::Class { class: cb }) => ca == cb,
            (RuleCondition::Requires { element: ea }, RuleCondition::Requires { element: eb }) => {
                ea == eb
            }
            (RuleCondition::All { all: a }, RuleCondition::All { all: b })
            | (RuleCondition::Any { any: a }, RuleCondition::Any { any: b }) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| self.same_condition(x, y))
            }
            _ => false,
        }
    }

    /// Equal but for the text (which the analysis only quotes) and the renamed addresses.
    fn same_rule(&self, a: &GeneralRule, b: &GeneralRule) -> bool {
        self.same_addr(&a.address, &b.address)
            && a.jurisdiction == b.jurisdiction
            && a.kind == b.kind
            && a.covers == b.covers
            && a.conditions.len() == b.conditions.len()
            && a.conditions
                .iter()
                .zip(&b.conditions)
                .all(|(x, y)| self.same_condition(x, y))
    }

    fn same_class(&self, a: &ClassRule, b: &ClassRule) -> bool {
        self.same_addr(&a.address, &b.address)
            && a.jurisdiction == b.jurisdiction
            && a.class == b.class
            && a.test == b.test
    }
}

/// What differs between `old` and `new`, two laws in force of one jurisdiction (usually on two
/// days, or before and after an edit).
pub fn law_change(old: &LawInForce, new: &LawInForce) -> LawChange {
    let mut ch = LawChange::default();
    if old.jurisdiction != new.jurisdiction
        || old.chain != new.chain
        || old.instrument_not_encoded != new.instrument_not_encoded
    {
        ch.everything = true;
        return ch;
    }
    // What the analysis reads of the acts themselves: which kinds are in force (an obligation
    // with nothing to go on says none of its kinds is encoded) and the declared acts missing
    // (named in the obligations that look in their kind, and a level's general part).
    fn kinds(l: &LawInForce) -> BTreeSet<&str> {
        l.acts.iter().map(|a| a.kind.as_str()).collect()
    }
    let (ko, kn) = (kinds(old), kinds(new));
    ch.kinds
        .extend(ko.symmetric_difference(&kn).map(|k| k.to_string()));
    // A kind's declared acts missing, in order (the texts list them): those of a kind whose
    // list differs.
    fn missing<'l>(l: &'l LawInForce, kind: &str) -> Vec<&'l crate::model::in_force::MissingAct> {
        l.missing_acts.iter().filter(|m| m.kind == kind).collect()
    }
    let missing_kinds: BTreeSet<&str> = old
        .missing_acts
        .iter()
        .chain(&new.missing_acts)
        .map(|m| m.kind.as_str())
        .collect();
    for k in missing_kinds {
        if missing(old, k) != missing(new, k) {
            ch.kinds.insert(k.to_string());
        }
    }
    for a in &old.acts {
        if let Some(b) = new
            .acts
            .iter()
            .find(|b| b.jurisdiction == a.jurisdiction && b.act == a.act)
            && a.version != b.version
        {
            ch.renames.push(Rename {
                from: a.address.clone(),
                to: b.address.clone(),
            });
            ch.stale_words.push(a.version.to_string());
        }
    }
    if old.at != new.at {
        ch.stale_words.push(old.at.to_string());
    }
    // Pair the provisions by address (renamed), the k-th of an address with the k-th.
    let mut by_address: HashMap<&str, (Vec<usize>, usize)> = HashMap::new();
    for (i, p) in new.provisions.iter().enumerate() {
        by_address.entry(p.address.as_str()).or_default().0.push(i);
    }
    let mut matched = vec![false; new.provisions.len()];
    let mut last: Option<usize> = None;
    for (oi, p) in old.provisions.iter().enumerate() {
        let mut key = p.address.clone();
        ch.rename(&mut key);
        let pair = by_address.get_mut(key.as_str()).and_then(|(list, next)| {
            let ni = list.get(*next).copied();
            *next += 1;
            ni
        });
        let Some(ni) = pair else {
            ch.old_provisions.push(oi);
            continue;
        };
        // The engine keeps the order of the law among the provisions it lists: an order that
        // changes is a change to everything.
        if last.is_some_and(|l| l >= ni) {
            ch.everything = true;
            return ch;
        }
        last = Some(ni);
        if let Some(m) = matched.get_mut(ni) {
            *m = true;
        }
        match new.provisions.get(ni) {
            Some(q) if ch.same_provision(p, q) => {
                if p.text != q.text {
                    ch.retexts
                        .insert(q.address.clone(), q.text.as_deref().map(str::to_string));
                }
            }
            _ => {
                ch.old_provisions.push(oi);
                ch.new_provisions.push(ni);
            }
        }
    }
    ch.new_provisions.extend(
        matched
            .iter()
            .enumerate()
            .filter(|(_, m)| !**m)
            .map(|(i, _)| i),
    );
    ch.new_provisions.sort_unstable();
    ch.new_provisions.dedup();
    ch.rules = old.rules.len() != new.rules.len()
        || old.classes.len() != new.classes.len()
        || old
            .rules
            .iter()
            .zip(&new.rules)
            .any(|(a, b)| !ch.same_rule(a, b))
        || old
            .classes
            .iter()
            .zip(&new.classes)
            .any(|(a, b)| !ch.same_class(a, b));
    if !ch.rules {
        for (a, b) in old.rules.iter().zip(&new.rules) {
            if a.text != b.text {
                ch.retexts.insert(b.address.clone(), b.text.clone());
            }
        }
    }
    ch
}

/// Provisions indexed by the values they reach, as `ProvisionIndex` indexes them (the same
/// facets, the same silence), to ask of a cell how many of its values each one meets.
pub struct ReachIndex<'a> {
    inst: &'a Instrument,
    by_value: HashMap<(Block, &'a str, &'a str), Vec<usize>>,
    silent: HashMap<(Block, &'a str), Vec<usize>>,
    blocks: HashSet<Block>,
    /// Blocks with a provision one of whose facets is written `?`.
    unknown: HashSet<Block>,
    /// Whether the analysis explains misses (the nearest miss looks at any value of a cell).
    explain: bool,
    len: usize,
}

impl<'a> ReachIndex<'a> {
    /// The index of `provisions` (a few: those changed, or one unit's), built as
    /// `ProvisionIndex` is built: first the provisions stating each value of each facet, then
    /// the values asked that each stated value meets, once per stated value rather than once
    /// per provision (a set of values asked per provision and facet was most of the cost: 6 M
    /// instructions for the 433 provisions of the 2,000-article benchmark's amendment). A
    /// provision stating two values that meet one value asked is listed under it once, as in
    /// [`ReachIndex::one_by_one`], which the test `the_index_is_the_one_built_one_by_one`
    /// checks it against.
    pub fn new(inst: &'a Instrument, provisions: &[&'a Provision], explain: bool) -> Self {
        let mut ix = ReachIndex::empty(inst, provisions.len(), explain);
        // (block, the facet's place in the instrument) → value stated → provisions stating it.
        let mut stating: BTreeMap<(Block, usize), BTreeMap<&'a str, Vec<usize>>> = BTreeMap::new();
        for (i, p) in provisions.iter().enumerate() {
            ix.note_block(p);
            for (fi, f) in inst.facets.iter().enumerate() {
                if !indexes(f, p) {
                    continue;
                }
                match p.facets.get(&f.id) {
                    Some(reach) => {
                        let values = stating.entry((p.block, fi)).or_default();
                        for stated in reach.values.keys() {
                            values.entry(stated.as_str()).or_default().push(i);
                        }
                    }
                    None => ix
                        .silent
                        .entry((p.block, f.id.as_str()))
                        .or_default()
                        .push(i),
                }
            }
        }
        for ((block, fi), values) in stating {
            let Some(f) = inst.facets.get(fi) else {
                continue;
            };
            for (stated, ids) in values {
                for asked in asked_met_by(f, stated) {
                    ix.by_value
                        .entry((block, f.id.as_str(), asked))
                        .or_default()
                        .extend_from_slice(&ids);
                }
            }
        }
        // In the order of the provisions, each once (a count per provision is bumped per list).
        for list in ix.by_value.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        ix
    }

    /// The index built provision by provision from [`indexed_facets`], the definition it
    /// shares with `ProvisionIndex`: what [`ReachIndex::new`] must equal.
    #[cfg(test)]
    fn one_by_one(inst: &'a Instrument, provisions: &[&'a Provision], explain: bool) -> Self {
        let mut ix = ReachIndex::empty(inst, provisions.len(), explain);
        for (i, p) in provisions.iter().enumerate() {
            ix.note_block(p);
            for (f, asked) in indexed_facets(inst, p) {
                match asked {
                    Some(asked) => {
                        for a in asked {
                            ix.by_value
                                .entry((p.block, f.id.as_str(), a))
                                .or_default()
                                .push(i);
                        }
                    }
                    None => ix
                        .silent
                        .entry((p.block, f.id.as_str()))
                        .or_default()
                        .push(i),
                }
            }
        }
        ix
    }

    fn empty(inst: &'a Instrument, len: usize, explain: bool) -> Self {
        ReachIndex {
            inst,
            by_value: HashMap::new(),
            silent: HashMap::new(),
            blocks: HashSet::new(),
            unknown: HashSet::new(),
            explain,
            len,
        }
    }

    /// Notes the block of `p`, and whether one of its facets is written `?`.
    fn note_block(&mut self, p: &Provision) {
        self.blocks.insert(p.block);
        if p.facets.values().any(|r| r.unknown) {
            self.unknown.insert(p.block);
        }
    }

    /// For a cell of `block`: the most values of the cell one provision meets, and how many
    /// values count (those of facets the index knows). `None` without a provision of the block.
    fn best_hits(
        &self,
        block: Block,
        values: &[(String, String)],
        counts: &mut [u16],
    ) -> Option<(usize, usize)> {
        if !self.blocks.contains(&block) {
            return None;
        }
        let mut n = 0usize;
        let mut touched: Vec<usize> = Vec::new();
        for (facet, value) in values {
            let Some(f) = self.inst.facet(facet) else {
                continue;
            };
            if f.role == FacetRole::Narrowing {
                continue;
            }
            n += 1;
            let mut bump = |list: &Vec<usize>| {
                for &i in list {
                    if let Some(c) = counts.get_mut(i) {
                        if *c == 0 {
                            touched.push(i);
                        }
                        *c = c.saturating_add(1);
                    }
                }
            };
            if let Some(list) = self.by_value.get(&(block, facet.as_str(), value.as_str())) {
                bump(list);
            }
            if f.when_absent == WhenAbsent::Anything
                && f.role == FacetRole::Element
                && let Some(list) = self.silent.get(&(block, facet.as_str()))
            {
                bump(list);
            }
        }
        let mut best = 0usize;
        for i in touched {
            if let Some(c) = counts.get_mut(i) {
                best = best.max(usize::from(*c));
                *c = 0;
            }
        }
        Some((best, n))
    }

    /// Whether a provision of the index can change the result of a cell tested on provisions
    /// of `block`: as a candidate, as a provision missing one value (definition exclusions),
    /// as the nearest miss (when explaining), or through a value written `?`.
    fn touches_cell(&self, block: Block, values: &[(String, String)], counts: &mut [u16]) -> bool {
        let Some((best, n)) = self.best_hits(block, values, counts) else {
            return false;
        };
        n <= 1 || self.unknown.contains(&block) || best + 1 >= n || (self.explain && best >= 1)
    }

    /// Whether a provision of the index is a candidate for a cell (meets every value): what
    /// the derived tests look at.
    fn candidate_for(&self, block: Block, values: &[(String, String)], counts: &mut [u16]) -> bool {
        self.best_hits(block, values, counts)
            .is_some_and(|(best, n)| best >= n)
    }

    /// Whether a provision of the index is a candidate for some cell of obligation `o` (what a
    /// derived test looking at `o` reads).
    fn candidate_in(&self, o: &Obligation, counts: &mut [u16]) -> bool {
        o.cells().iter().any(|c| match o.part(c).map(|p| &p.test) {
            Some(Test::Provisions { block, .. }) => self.candidate_for(*block, &c.values, counts),
            _ => false,
        })
    }

    /// The obligations (indices in the instrument) a provision of the index can reach; with
    /// `rules`, as if a general-part rule or class line had changed too.
    pub fn reached(&self, rules: bool) -> Vec<bool> {
        let inst = self.inst;
        let mut counts = vec![0u16; self.len];
        let mut out = vec![false; inst.obligations.len()];
        // Obligations some provision is a candidate for (what derived tests read).
        let mut base: BTreeMap<&str, bool> = BTreeMap::new();
        let mut any_base = false;
        if !self.blocks.is_empty() {
            for o in &inst.obligations {
                let hit = self.candidate_in(o, &mut counts);
                any_base |= hit;
                base.insert(o.id.as_str(), hit);
            }
        }
        let offences = self.blocks.contains(&Block::Offence);
        for (i, o) in inst.obligations.iter().enumerate() {
            let mut hit = offences && o.requirement.not_applicable_when.is_some();
            for part in &o.requirement.parts {
                if hit {
                    break;
                }
                match &part.test {
                    Test::Provisions { .. } => {}
                    Test::Rule { of, .. } | Test::OffencesOf { of, .. } => {
                        hit = rules
                            || if of.is_empty() {
                                any_base
                            } else {
                                of.iter()
                                    .any(|b| base.get(b.as_str()).copied().unwrap_or(false))
                            };
                    }
                }
            }
            if !hit {
                hit = o.cells().iter().any(|c| match o.part(c).map(|p| &p.test) {
                    Some(Test::Provisions { block, .. }) => {
                        self.touches_cell(*block, &c.values, &mut counts)
                    }
                    _ => false,
                });
            }
            if let Some(slot) = out.get_mut(i) {
                *slot = hit;
            }
        }
        out
    }
}

/// The obligations (indices in the instrument) a change can reach: every one when anything
/// may have changed.
pub fn reachable(
    inst: &Instrument,
    old: &LawInForce,
    new: &LawInForce,
    change: &LawChange,
    explain: bool,
) -> Vec<bool> {
    if change.everything {
        return vec![true; inst.obligations.len()];
    }
    let mut out = reached_by_provisions(inst, old, new, change, explain);
    if !change.kinds.is_empty() {
        for (hit, o) in out.iter_mut().zip(&inst.obligations) {
            *hit |= o.looks_in.iter().any(|k| change.kinds.contains(k));
        }
    }
    out
}

/// The obligations the changed provisions (and rules) can reach.
fn reached_by_provisions(
    inst: &Instrument,
    old: &LawInForce,
    new: &LawInForce,
    change: &LawChange,
    explain: bool,
) -> Vec<bool> {
    let provisions: Vec<&Provision> = change
        .old_provisions
        .iter()
        .filter_map(|&i| old.provisions.get(i))
        .chain(
            change
                .new_provisions
                .iter()
                .filter_map(|&i| new.provisions.get(i)),
        )
        .collect();
    ReachIndex::new(inst, &provisions, explain).reached(change.rules)
}

/// The obligations the provisions of `law` inside the unit at `address` (an article, a
/// paragraph …) can reach: what an editor shows for a unit, and what a change to it would
/// recompute. Ids in the instrument's order.
pub fn obligations_reached_by(inst: &Instrument, law: &LawInForce, address: &str) -> Vec<String> {
    let provisions: Vec<&Provision> = law
        .provisions
        .iter()
        .filter(|p| crate::model::in_force::address_within(&p.address, address))
        .collect();
    let rules = law
        .rules
        .iter()
        .any(|r| crate::model::in_force::address_within(&r.address, address))
        || law
            .classes
            .iter()
            .any(|c| crate::model::in_force::address_within(&c.address, address));
    if provisions.is_empty() && !rules {
        return Vec::new();
    }
    ReachIndex::new(inst, &provisions, false)
        .reached(rules)
        .iter()
        .zip(&inst.obligations)
        .filter(|(hit, _)| **hit)
        .map(|(_, o)| o.id.clone())
        .collect()
}

/// The analysis of `new`, given `previous`, the analysis of `old` made with the same `explain`
/// (by `coverage::analyze_with`, or by this function): the obligations the change can reach are
/// computed, the others taken over (their addresses renamed where an act has a new version).
/// The result equals `analyze_with(inst, new, name, assessments, explain)`.
pub fn reanalyze(
    inst: &Instrument,
    old: &LawInForce,
    previous: &JurisdictionCoverage,
    new: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
) -> JurisdictionCoverage {
    let change = law_change(old, new);
    let dirty = reachable(inst, old, new, &change, explain);
    reuse_from(
        inst,
        new,
        previous,
        &change,
        &dirty,
        name,
        assessments,
        explain,
    )
}

#[allow(clippy::too_many_arguments)]
fn reuse_from(
    inst: &Instrument,
    new: &LawInForce,
    previous: &JurisdictionCoverage,
    change: &LawChange,
    dirty: &[bool],
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
) -> JurisdictionCoverage {
    let by_id: HashMap<&str, &ObligationCoverage> = previous
        .obligations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    analyze_reusing(inst, new, name, assessments, explain, |i| {
        if change.everything || dirty.get(i).copied().unwrap_or(true) {
            return None;
        }
        let o = inst.obligations.get(i)?;
        if assessments.iter().any(|a| a.obligation == o.id) {
            return None;
        }
        let prev = by_id.get(o.id.as_str())?;
        if prev.assessment.is_some() {
            return None;
        }
        carry_over(prev, change)
    })
}

/// An obligation's coverage taken over from the previous analysis: its addresses renamed;
/// `None` where one of its texts names an old version date or the old day (recompute it).
fn carry_over(prev: &ObligationCoverage, change: &LawChange) -> Option<ObligationCoverage> {
    let mut o = prev.clone();
    if change.renames.is_empty() && change.stale_words.is_empty() && change.retexts.is_empty() {
        return Some(o);
    }
    let stale = |s: &str| change.stale_words.iter().any(|w| s.contains(w.as_str()));
    let stale_opt = |s: &Option<String>| s.as_deref().is_some_and(stale);
    let fix_shortfall = |s: &mut Shortfall| -> bool {
        if let Some(p) = &mut s.provision {
            change.rename(p);
        }
        !(stale(&s.text) || stale_opt(&s.element))
    };
    let fix_matched = |m: &mut Matched| -> bool {
        if let Some(v) = &mut m.via {
            change.rename(&mut v.defined_at);
            if stale(&v.term) {
                return false;
            }
        }
        if let Some(i) = &mut m.interpretation {
            if let Some(r) = &mut i.recorded_at {
                change.rename(r);
            }
            if stale(&i.reason) || stale_opt(&i.source) {
                return false;
            }
        }
        !stale_opt(&m.stated)
    };
    let mut fix_evidence = |e: &mut Evidence| -> bool {
        change.rename(&mut e.address);
        // A provision or rule reworded: the evidence quotes its unit's new text.
        if let Some(t) = change.retexts.get(&e.address) {
            e.text = t.clone();
        }
        for a in &mut e.applies_to {
            change.rename(a);
        }
        !stale_opt(&e.text)
            && e.matched.iter_mut().all(&fix_matched)
            && e.shortfalls.iter_mut().all(&fix_shortfall)
    };
    let mut fix_cell = |c: &mut CellResult| -> bool {
        c.beyond = std::mem::take(&mut c.beyond)
            .into_iter()
            .map(|mut a| {
                change.rename(&mut a);
                a
            })
            .collect();
        !stale_opt(&c.why_not)
            && c.evidence.iter_mut().all(&mut fix_evidence)
            && c.shortfalls.iter_mut().all(&fix_shortfall)
    };
    for a in o.provisions.iter_mut().chain(o.definitions.iter_mut()) {
        change.rename(a);
    }
    let ok = !stale_opt(&o.not_applicable)
        && !stale_opt(&o.not_assessed)
        && o.cell_results.iter_mut().all(&mut fix_cell)
        && o.missing.iter_mut().all(|g| {
            for p in &mut g.provisions {
                change.rename(p);
            }
            !stale(&g.text) && !g.reasons.iter().any(|r| stale(r))
        });
    ok.then_some(o)
}

/// [`reanalyze`] where the reach is known: `dirty` says, by obligation index, which to compute.
/// Used by the callers that work out the change once for several analyses.
#[allow(clippy::too_many_arguments)]
pub fn reanalyze_dirty(
    inst: &Instrument,
    new: &LawInForce,
    previous: &JurisdictionCoverage,
    change: &LawChange,
    dirty: &[bool],
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
) -> JurisdictionCoverage {
    reuse_from(
        inst,
        new,
        previous,
        change,
        dirty,
        name,
        assessments,
        explain,
    )
}

/// Both sides of a coverage delta (`lexgap diff`): the law `before` analysed in full and, side
/// by side, only the obligations the change can reach in the law `after`; the others are taken
/// over from `before` (renamed; recomputed where a text names an old date). Without expert
/// assessments, with the cell results (`analyze_with`, not explaining misses); `after` equals
/// `analyze_with(inst, after, name, &[], false)`.
pub fn both_sides(
    inst: &Instrument,
    before: &LawInForce,
    after: &LawInForce,
    name: Option<String>,
) -> (JurisdictionCoverage, JurisdictionCoverage) {
    let change = law_change(before, after);
    let dirty = reachable(inst, before, after, &change, false);
    let (old, computed) = rayon::join(
        || analyze_with(inst, before, name.clone(), &[], false),
        || obligations_only(inst, after, &[], false, &dirty),
    );
    let mut computed = computed;
    // What cannot be taken over as it is (a text names an old date) is computed now.
    let redo: Vec<bool> = computed
        .iter_mut()
        .zip(&old.obligations)
        .map(|(slot, prev)| {
            if slot.is_none() {
                *slot = carry_over(prev, &change);
            }
            slot.is_none()
        })
        .collect();
    let mut late = if redo.iter().any(|r| *r) {
        obligations_only(inst, after, &[], false, &redo)
    } else {
        Vec::new()
    };
    let obligations: Vec<ObligationCoverage> = computed
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.or_else(|| late.get_mut(i).and_then(Option::take)))
        .collect();
    let new = JurisdictionCoverage {
        id: after.jurisdiction.clone(),
        name,
        at: after.at,
        analysed_with: after.chain.clone(),
        acts: after.acts.clone(),
        summary: super::summary(&obligations),
        obligations,
    };
    (old, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_the_one_built_one_by_one() {
        let mut indexed = 0;
        let days = ["2005-01-01", "2015-06-01", "2024-06-01"];
        crate::model::each_bundled_law(&days, |model, j, at, law| {
            let inst = &model.instrument;
            let all: Vec<&Provision> = law.provisions.iter().collect();
            // Every provision, and a few of them as a change would give (every third).
            let some: Vec<&Provision> = all.iter().copied().step_by(3).collect();
            for (what, provisions) in [("all", &all), ("some", &some)] {
                for explain in [false, true] {
                    let fast = ReachIndex::new(inst, provisions, explain);
                    let reference = ReachIndex::one_by_one(inst, provisions, explain);
                    let at_what = format!("{j} on {at}, {what}");
                    assert_eq!(fast.by_value, reference.by_value, "{at_what}");
                    assert_eq!(fast.silent, reference.silent, "{at_what}");
                    assert_eq!(fast.blocks, reference.blocks, "{at_what}");
                    assert_eq!(fast.unknown, reference.unknown, "{at_what}");
                    assert_eq!(fast.reached(false), reference.reached(false), "{at_what}");
                    assert_eq!(fast.reached(true), reference.reached(true), "{at_what}");
                }
                indexed += provisions.len();
            }
        });
        assert!(indexed > 100, "only {indexed} provisions indexed");
    }

    #[test]
    fn an_address_renamed_keeps_its_unit() {
        let ch = LawChange {
            renames: vec![Rename {
                from: "RS/cc@2019-01-01".into(),
                to: "RS/cc@2020-01-01".into(),
            }],
            ..LawChange::default()
        };
        assert!(ch.same_addr("RS/cc@2019-01-01/art-1", "RS/cc@2020-01-01/art-1"));
        assert!(!ch.same_addr("RS/cc@2019-01-01/art-1", "RS/cc@2020-01-01/art-2"));
        assert!(!ch.same_addr("RS/cc@2019-01-01x/art-1", "RS/cc@2020-01-01x/art-1"));
        let mut s = "RS/cc@2019-01-01/art-1/para-2".to_string();
        ch.rename(&mut s);
        assert_eq!(s, "RS/cc@2020-01-01/art-1/para-2");
        let mut other = "RS/cc2@2019-01-01/art-1".to_string();
        ch.rename(&mut other);
        assert_eq!(other, "RS/cc2@2019-01-01/art-1");
    }
}
