//! The computation: every cell of every obligation against the law in force.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use super::group::group_missing;
use super::*;
use crate::model::in_force::{
    ClassRule, GeneralRule, LineLimit, Provision, ReachMeet, RuleCondition, penalty_passes,
    reach_meets, reach_meets_among, tri_or,
};
use crate::model::instrument::{
    Block, Cell, FacetRole, Meet, NotApplicableWhen, OF_AXIS, Obligation, Part, Test, WhenAbsent,
    product,
};
use crate::model::law::{Element, MaxPrison, Tri};
use crate::syntax::ast::{Bound, Duration, Retention};

/// Analyses every obligation of the instrument against the law in force. `assessments` are the
/// jurisdiction's expert assessments.
pub fn analyze(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
) -> JurisdictionCoverage {
    analyze_with(inst, law, name, assessments, true)
}

/// [`analyze`], choosing whether to work out the nearest miss of every uncovered cell (what
/// `explain` shows; `analyze` over many jurisdictions skips it).
pub fn analyze_with(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
) -> JurisdictionCoverage {
    analyze_in(inst, law, name, assessments, explain, true)
}

/// [`analyze_with`] on one thread: for a caller that already analyses several jurisdictions
/// side by side ([`super::analyze_all`]), so that no more laws in force are held at once than
/// there are threads. The same result.
pub(super) fn analyze_one_by_one(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
) -> JurisdictionCoverage {
    analyze_in(inst, law, name, assessments, explain, false)
}

/// [`analyze_with`]: the obligations side by side (each memo the engine shares fills once,
/// whichever thread asks first) or one after another.
fn analyze_in(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
    side_by_side: bool,
) -> JurisdictionCoverage {
    let mut e = Engine::new(inst, law, explain);
    e.side_by_side = side_by_side;
    let obligations: Vec<ObligationCoverage> = if side_by_side {
        e.base_cells_ahead(|_| true);
        inst.obligations
            .par_iter()
            .map(|o| e.obligation(o, assessments))
            .collect()
    } else {
        inst.obligations
            .iter()
            .map(|o| e.obligation(o, assessments))
            .collect()
    };
    JurisdictionCoverage {
        id: law.jurisdiction.clone(),
        name,
        at: law.at,
        analysed_with: law.chain.clone(),
        acts: law.acts.clone(),
        summary: summary(&obligations),
        obligations,
    }
}

/// The offences a rule that must merely exist (confiscation of proceeds, sanctions on legal
/// persons) must govern: each offence in force that reaches a cell of a mandatory offence
/// obligation of the instrument — fully, by interpretation, in part or but for a value written
/// `?` — not only those a cell keeps as evidence (indices into `law.provisions`, sorted).
///
/// One definition, shared: the engine measures such rules against it, and `lexgap draft`
/// decides with it which offences a rule it amends or drafts must reach.
pub fn offences_governed(inst: &Instrument, law: &LawInForce) -> Vec<usize> {
    Engine::new(inst, law, false).offences_needed().to_vec()
}

/// The offences a rule on the offences of obligation `of` (attempt, complicity, confiscation of
/// the objects, liability of legal persons) must reach: for each cell of `of`, those that reach
/// it as far as the best offence does (a rule reaching only an offence that covers the cell less
/// gives at most "partly"); cells nothing reaches, or reaches but for a `?`, ask for none
/// (indices into `law.provisions`, sorted). The engine's `rule` test with `of` measures each
/// cell so; `lexgap draft` extends rules to them.
pub fn offences_to_reach(inst: &Instrument, law: &LawInForce, of: &str) -> Vec<usize> {
    let e = Engine::new(inst, law, false);
    let mut out = BTreeSet::new();
    for b in e.base_cells(of) {
        let strongest = b.reached.iter().map(|(_, s)| *s).max();
        if let Some(best) = strongest.filter(|s| *s > CellStatus::Unknown) {
            out.extend(
                b.reached
                    .iter()
                    .filter(|(_, s)| *s == best)
                    .map(|(i, _)| *i),
            );
        }
    }
    out.into_iter().collect()
}

/// Whether a general-part rule's conditions (threshold, closed list, class, `expressly`) hold
/// for an offence, with the reason when they do not: what `lexgap report comparative` asks of
/// each trafficking offence.
pub fn rule_applies(
    inst: &Instrument,
    law: &LawInForce,
    rule: &GeneralRule,
    offence: &Provision,
) -> (Tri, Option<String>) {
    Engine::new(inst, law, false).conditions_hold(rule, offence, &BTreeSet::new())
}

/// Whether a rule's conditions hold outright for an offence, where the obligation asking for the
/// rule contains the narrowing elements `contains` (UNTOC-20.1's organised group): a `requires`
/// condition naming one of them holds, as the engine measures the obligation's cells. What
/// `lexgap draft` asks before adding an offence to a procedure code's closed list.
pub fn rule_holds_within(
    inst: &Instrument,
    law: &LawInForce,
    rule: &GeneralRule,
    offence: &Provision,
    contains: &[(String, String)],
) -> bool {
    let contains = inst.implied(contains);
    matches!(
        Engine::new(inst, law, false)
            .holds(rule, offence, &contains)
            .0,
        Holds::Yes
    )
}

/// Where a rule's conditions hold for an offence only in the cases that have a further element
/// (`requires organised-group`, the offence not demanding it): the reason in words; `None`
/// where they hold outright, fail, or cannot be told. Read with no obligation's `fixed`
/// elements, as [`rule_applies`] is.
pub fn rule_applies_in_part(
    inst: &Instrument,
    law: &LawInForce,
    rule: &GeneralRule,
    offence: &Provision,
) -> Option<String> {
    match Engine::new(inst, law, false).holds(rule, offence, &BTreeSet::new()) {
        (Holds::Only, why) => why,
        _ => None,
    }
}

/// A cell of an offence obligation with every provision that reaches it (fully or partly):
/// what derived tests (attempt, penalty level …) look at.
struct BaseCell {
    cell: Cell,
    reached: Vec<(usize, CellStatus)>,
}

/// One element a cell asks of a provision — an axis of the cell, or a fixed element of the
/// obligation — with its facet and the values any one of which meets it, each with the facet's
/// values that meet it ([`Facet::met_by_asked`]). Every candidate provision of a cell is
/// weighed against the same asks: they are looked up by name once per cell, not once per
/// provision.
struct Ask<'c> {
    axis: &'c str,
    facet: &'c Facet,
    alternatives: Vec<Alternative<'c>>,
}

/// A value asked for, with the facet's values that meet it ([`Facet::met_by_asked`]).
type Alternative<'c> = (&'c str, Option<&'c [(String, Meet)]>);

/// What a cell contains — its values and the obligation's fixed elements — with what they
/// imply ([`Instrument::implied`]), worked out the first time a provision's required elements
/// are weighed against it: most candidates require none.
struct Contains<'c> {
    cell: &'c Cell,
    fixed: &'c [(String, Vec<String>)],
    closure: OnceCell<BTreeSet<(String, String)>>,
}

impl Contains<'_> {
    fn closure(&self, inst: &Instrument) -> &BTreeSet<(String, String)> {
        self.closure.get_or_init(|| {
            let mut pairs: Vec<(String, String)> = self.cell.values.clone();
            for (f, vs) in self.fixed {
                pairs.extend(vs.iter().map(|v| (f.clone(), v.clone())));
            }
            inst.implied(&pairs)
        })
    }
}

/// What a cell asks of a provision, in order, but for the narrowing elements (the obligation
/// contains them: permitted, not asked for); `None` where an axis is no facet of the
/// instrument, which no provision reaches.
type CellAsks<'c> = Option<Vec<Ask<'c>>>;

/// The engine only reads the instrument and the law; what it works out once and shares
/// (base cells, verdicts, the offences needed) sits behind locks that fill once, so that the
/// obligations of one analysis can be computed on several threads: each memo is a function of
/// the instrument and the law alone, so whichever thread fills it, every reader sees the same.
struct Engine<'a> {
    inst: &'a Instrument,
    law: &'a LawInForce,
    /// The base cells of each obligation (by its index in the instrument), worked out when a
    /// test first asks.
    base: Vec<OnceLock<Vec<BaseCell>>>,
    /// The offences that reach some base cell of each obligation (by index; indices into
    /// `law.provisions`, sorted, without repeats): what a rule test on its offences asks a
    /// verdict of, the same for each of its cells.
    base_offences: Vec<OnceLock<Vec<usize>>>,
    /// Whether to work out, for uncovered cells, the nearest miss (cheap; kept switchable).
    explain: bool,
    /// The provisions with a facet written `?` (indices): the only ones that can make a cell
    /// unknown.
    with_unknown: Vec<usize>,
    /// Each offence's verdict under the rules of a kind (memoized): see [`VerdictAsk`]. Few
    /// asks (a kind, a value of `covers`, what an obligation contains): a list, searched by
    /// reference, each ask's verdicts behind their own lock.
    verdicts: Mutex<Vec<(VerdictAsk, Arc<Mutex<Verdicts>>)>>,
    /// [`Engine::offences_needed`] (memoized: the same for every cell asking).
    needed: OnceLock<Vec<usize>>,
    /// For each obligation (by index), whether a derived test reads its base cells
    /// ([`read_by_derived_tests`], worked out once per engine).
    read_by_derived: Vec<bool>,
    /// Whether an obligation's cells are worked out on several threads (else in order, on the
    /// caller's).
    side_by_side: bool,
}

/// What a rule test asks of each offence: the kind of rule, the value of its `covers` asked for
/// and what the obligation asking contains. [`Engine::rule_verdict`] depends on nothing else
/// (the instrument and the law are fixed for an engine), so every cell and obligation asking
/// the same gets the same verdict on an offence: worked out once.
type VerdictAsk = (String, Option<String>, BTreeSet<(String, String)>);

/// Whether the rules of a kind govern an offence.
struct Verdict {
    status: CellStatus,
    /// The rules that do, at that status (indices into `law.rules`).
    rules: Vec<usize>,
    /// The reasons the others do not. Shared where they are the same for many offences (no
    /// rule of a jurisdiction meets the ask: see [`Governing`]).
    why: Vec<Arc<str>>,
}

/// The verdicts worked out so far on offences, by index into `law.provisions`; beside them,
/// what each rule's `covers` gives the value asked for, by index into `law.rules`.
#[derive(Default)]
struct Verdicts {
    offences: Vec<Option<Verdict>>,
    covers: Vec<Option<Option<CoversMeet>>>,
    /// For each jurisdiction whose offences were asked about, how its rules of the kind govern
    /// them: the same for each of its offences.
    governing: Vec<Arc<Governing>>,
}

/// How the rules of the kind asked for govern one jurisdiction's offences, worked out once per
/// jurisdiction and ask: a scan of the general part, and the reason no rule applies written in
/// words, were worked out for each offence (3,000 sentences on the benchmark's diff, each the
/// same as its jurisdiction's others).
struct Governing {
    jurisdiction: String,
    /// The governing rules (`LawInForce::rules_governing`, in their order) whose `covers` meets
    /// the value asked for: the index into `law.rules`, how far, and the reasons in words.
    meeting: Vec<(usize, Meet, Vec<Arc<str>>)>,
    /// Why no rule governs an offence of the jurisdiction — none of its general part is
    /// encoded, it has no rule of the kind, or none covers the value asked — with the status it
    /// gives: the verdict on every offence where no rule meets the ask, and the reason where
    /// those that meet it all fail without one.
    none: (CellStatus, Arc<str>),
}

/// How far a rule's `covers` list meets the value asked for, and the reasons in words (a
/// reading, a partial meet): the same for every offence the rule governs, so worked out once
/// per rule and ask, not once per offence.
struct CoversMeet {
    meet: Meet,
    /// The value of the rule's `covers` that meets it.
    stated: Option<String>,
    reasons: Vec<Arc<str>>,
}

impl Verdicts {
    fn get(&self, i: usize) -> Option<&Verdict> {
        self.offences.get(i).and_then(Option::as_ref)
    }

    fn insert(&mut self, i: usize, v: Verdict) {
        if self.offences.len() <= i {
            self.offences.resize_with(i + 1, || None);
        }
        if let Some(slot) = self.offences.get_mut(i) {
            *slot = Some(v);
        }
    }

    /// Rule `r`'s meet of the value asked for, worked out by `work` the first time.
    fn covers_of(
        &mut self,
        r: usize,
        work: impl FnOnce() -> Option<CoversMeet>,
    ) -> Option<&CoversMeet> {
        if self.covers.len() <= r {
            self.covers.resize_with(r + 1, || None);
        }
        let slot = self.covers.get_mut(r)?;
        slot.get_or_insert_with(work).as_ref()
    }
}

/// What each rule part of one obligation contains (its `contains` elements with what they
/// imply), by part index: the same for each of the part's cells, so worked out once for a run
/// of them.
#[derive(Default)]
struct Contained(BTreeMap<usize, BTreeSet<(String, String)>>);

impl Contained {
    /// Part `part`'s, worked out by `work` the first time.
    fn of_part(
        &mut self,
        part: usize,
        work: impl FnOnce() -> BTreeSet<(String, String)>,
    ) -> &BTreeSet<(String, String)> {
        self.0.entry(part).or_insert_with(work)
    }
}

/// What [`Engine::provision_reaches`] works out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reaching {
    /// The status only (choosing among candidates).
    Status,
    /// The status with the evidence in words.
    Detail,
    /// As `Detail`, letting a facet written `?` through: whether the provision could reach the
    /// cell but for an unknown value.
    Unknown,
    /// Only a provision that would reach the cell but demands an element that excludes one the
    /// cell contains: its evidence (not covered) with that reason; `None` for any other.
    Excluded,
}

/// How far a rule's conditions hold for an offence, weakest first (`or` takes the best of its
/// alternatives, `and` the worst of its members).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Holds {
    No,
    /// Cannot be told (a threshold or a list entry not known).
    Unknown,
    /// Only in the cases that have a further element (`requires organised-group`): the rule
    /// reaches the offence in part.
    Only,
    Yes,
}

impl From<Tri> for Holds {
    fn from(t: Tri) -> Holds {
        match t {
            Tri::Yes => Holds::Yes,
            Tri::No => Holds::No,
            Tri::Unknown => Holds::Unknown,
        }
    }
}

/// How an offence's penalty meets a test on offences ([`Engine::penalty_test`]): the status
/// and the reasons where it falls short.
type PenaltyVerdict = (CellStatus, Vec<(ShortfallKind, String)>);

/// Reasons listed in one shortfall before "and N more".
const MAX_REASONS: usize = 4;

/// Provisions whose evidence (address, text, matched elements) a cell keeps: the first ones,
/// in the order of the law; the others that reach the cell as well are counted
/// ([`CellResult::more_evidence`]) and still named in the obligation's provisions. Without a
/// cap every offence that reaches every cell of an obligation at the cell limit cost ~110 MB
/// (issue 20, finding 9).
pub const MAX_EVIDENCE: usize = 4;

/// The fewest cells of one obligation handed to a thread at a time: a cell takes from a few
/// thousand instructions (a rule test) to a few hundred thousand, so that small obligations
/// are not cut into tasks that cost more to hand over than to compute.
const CELLS_PER_TASK: usize = 4;

/// At most about this many runs of cells per obligation: a big obligation's cells go to the
/// threads in runs of many, each run gathering its addresses beyond the evidence in one set.
const RUNS_PER_OBLIGATION: usize = 64;

impl<'a> Engine<'a> {
    fn new(inst: &'a Instrument, law: &'a LawInForce, explain: bool) -> Self {
        Engine {
            inst,
            law,
            base: inst.obligations.iter().map(|_| OnceLock::new()).collect(),
            base_offences: inst.obligations.iter().map(|_| OnceLock::new()).collect(),
            explain,
            with_unknown: law
                .provisions
                .iter()
                .enumerate()
                .filter(|(_, p)| p.facets.values().any(|r| r.unknown))
                .map(|(i, _)| i)
                .collect(),
            verdicts: Mutex::new(Vec::new()),
            needed: OnceLock::new(),
            read_by_derived: inst
                .obligations
                .iter()
                .map(|o| read_by_derived_tests(inst, &o.id))
                .collect(),
            side_by_side: true,
        }
    }

    fn obligation(&self, o: &Obligation, assessments: &[&Assessment]) -> ObligationCoverage {
        let not_applicable = self.not_applicable(o);
        // Addresses of provisions that reach a cell beyond the evidence it keeps.
        let mut beyond: BTreeSet<String> = BTreeSet::new();
        let cell_results: Vec<CellResult> = if not_applicable.is_some() {
            Vec::new()
        } else {
            // The cells are independent of one another: worked out side by side in runs of
            // neighbours, then taken in their order. Each run trims its cells' evidence and
            // gathers the addresses beyond it at once, as one thread does: a cell holding all
            // of them until the end cost an obligation of 10,000 cells ~18 MB
            // (`tests/hostile.rs` `the_cell_limit_bounds_the_analysis`).
            let own = self.own_reach(o);
            let cells = o.cells();
            let run = (cells.len() / RUNS_PER_OBLIGATION).max(CELLS_PER_TASK);
            let runs: Vec<(Vec<CellResult>, BTreeSet<String>)> = if self.side_by_side {
                cells
                    .par_chunks(run)
                    .enumerate()
                    .map(|(n, chunk)| self.cells(o, chunk, n * run, own))
                    .collect()
            } else {
                vec![self.cells(o, &cells, 0, own)]
            };
            let mut all = Vec::with_capacity(cells.len());
            for (mut results, mut addresses) in runs {
                all.append(&mut results);
                beyond.append(&mut addresses);
            }
            all
        };
        let counts = count(&cell_results);
        let not_assessed = if not_applicable.is_some() || status_from(counts) == Status::Full {
            None
        } else {
            // Said in the reader's language where a phrase exists (`shortfall.not-assessed.*`);
            // the other reasons are English sentences, marked as such.
            let marked = |s: String| self.marked(s);
            self.law
                .instrument_not_encoded
                .clone()
                .map(marked)
                .or_else(|| self.not_encoded(o, counts))
                .or_else(|| unknown_values(self.inst, &cell_results, counts))
                .or_else(|| {
                    (counts.covered + counts.partly + counts.interpreted == 0)
                        .then(|| self.not_assessed(o))?
                })
        };
        let computed = if not_applicable.is_some() {
            Status::NotApplicable
        } else if not_assessed.is_some() {
            Status::NotAssessed
        } else {
            status_from(counts)
        };
        let assessment = assessments
            .iter()
            .find(|a| a.obligation == o.id && a.applies_in(self.inst, &o.instrument))
            .map(|a| AssessmentView {
                status: a.status,
                justification: a.justification.clone(),
                author: a.author.clone(),
                date: a.date,
                file: a.source.clone(),
                instrument: a.instrument.clone(),
                stale: self.law.acts.iter().any(|v| v.version > a.date),
            });
        let status = assessment.as_ref().map_or(computed, |a| a.status);
        let missing = group_missing(self.inst, o, &cell_results);
        ObligationCoverage {
            id: o.id.clone(),
            instrument: o.instrument.clone(),
            article: o.article.clone(),
            title: o.title.clone(),
            kind: o.kind,
            domain: o.domain,
            status,
            computed_status: computed,
            gap: o.kind.can_be_gap() && matches!(status, Status::Partial | Status::None),
            status_label: status_label(o.kind, status).to_string(),
            cells: counts,
            provisions: {
                let mut all = addresses(&cell_results);
                if !beyond.is_empty() {
                    beyond.extend(all);
                    all = beyond.into_iter().collect();
                }
                all
            },
            definitions: cell_results
                .iter()
                .flat_map(|c| &c.shortfalls)
                .filter(|s| s.kind == ShortfallKind::DefinitionExcludes)
                .filter_map(|s| s.provision.clone())
                .collect::<BTreeSet<String>>()
                .into_iter()
                .collect(),
            missing,
            not_applicable,
            not_assessed,
            assessment,
            recommendation: matches!(status, Status::Partial | Status::None)
                .then(|| o.recommendation.clone()),
            cell_results,
        }
    }

    /// The cells `cells` of obligation `o`, the first of which is its cell `first`, each with
    /// its evidence trimmed to [`MAX_EVIDENCE`]; beside them the addresses of the provisions
    /// that reach a cell beyond the evidence it keeps. `own`: [`Engine::own_reach`] of `o`.
    fn cells(
        &self,
        o: &Obligation,
        cells: &[Cell],
        first: usize,
        own: &[BaseCell],
    ) -> (Vec<CellResult>, BTreeSet<String>) {
        let mut beyond = BTreeSet::new();
        let mut contained = Contained::default();
        let results = cells
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let reached = own.get(first + k).map(|b| b.reached.as_slice());
                let mut r = self.cell(o, c, reached, &mut contained);
                if r.evidence.len() > MAX_EVIDENCE {
                    let rest = r.evidence.split_off(MAX_EVIDENCE);
                    r.more_evidence += rest.len();
                    if r.status != CellStatus::NotCovered {
                        for e in rest.iter().filter(|e| e.status != CellStatus::NotCovered) {
                            beyond.insert(e.address.clone());
                            beyond.extend(e.applies_to.iter().cloned());
                        }
                    }
                }
                beyond.append(&mut r.beyond);
                r
            })
            .collect();
        (results, beyond)
    }

    /// Why an obligation not fully met cannot be assessed: an act the jurisdiction (or an
    /// ancestor) declares, of a kind the obligation looks in, has no version in force on the
    /// date, so what it may add is unknown. The coverage of the acts encoded stays as evidence.
    fn not_encoded(&self, o: &Obligation, counts: CellCounts) -> Option<String> {
        let acts: Vec<String> = self
            .law
            .missing_acts
            .iter()
            .filter(|a| o.looks_in.contains(&a.kind))
            .map(|a| a.describe())
            .collect();
        if acts.is_empty() {
            return None;
        }
        if let Some(lang) = self.inst.language.as_deref() {
            // The acts by their titles as declared (`jurisdiction.yaml`) with their ids.
            let acts: Vec<String> = self
                .law
                .missing_acts
                .iter()
                .filter(|a| o.looks_in.contains(&a.kind))
                .map(|a| {
                    let title = a.title.as_deref().unwrap_or(&a.act);
                    format!(
                        "{} ({}/{})",
                        title.trim_start_matches("the "),
                        a.jurisdiction,
                        a.act
                    )
                })
                .collect();
            let shown = lang.phrase(
                if counts.covered + counts.partly + counts.interpreted == 0 {
                    "shortfall.not-assessed.nothing-covers"
                } else {
                    "shortfall.not-assessed.known-shown"
                },
            );
            return Some(lang.fill(
                "shortfall.not-assessed.not-encoded",
                &[
                    ("date", &self.law.at.to_string()),
                    ("acts", &acts.join("; ")),
                    ("shown", shown),
                ],
            ));
        }
        let verb = if acts.len() == 1 { "is" } else { "are" };
        let shown = if counts.covered + counts.partly + counts.interpreted == 0 {
            "nothing the encoded law contains covers it"
        } else {
            "what the encoded law covers is shown"
        };
        Some(format!(
            "{} {verb} not encoded for {}; {shown}",
            join_and(&acts),
            self.law.at
        ))
    }

    /// An English sentence as an analysis in another language shows it: behind the fallback
    /// marker (docs/translation.md), never passed off as translated.
    fn marked(&self, s: String) -> String {
        match self.inst.language {
            Some(_) => format!("{}{s}", crate::model::translation::FALLBACK_MARKER),
            None => s,
        }
    }

    /// Why an obligation nothing covers cannot be assessed: none of the acts where such
    /// provisions live is encoded for the jurisdiction.
    fn not_assessed(&self, o: &Obligation) -> Option<String> {
        if o.looks_in.is_empty() || self.law.acts.iter().any(|a| o.looks_in.contains(&a.kind)) {
            return None;
        }
        let kinds: Vec<String> = o.looks_in.iter().map(|k| k.replace('-', " ")).collect();
        if let Some(lang) = self.inst.language.as_deref() {
            // A kind of act by the language's word for it; one it has none for (a kind a
            // workspace adds) in English, marked.
            let kinds: Vec<String> = o
                .looks_in
                .iter()
                .zip(&kinds)
                .map(|(id, words)| {
                    let key = format!("shortfall.act-kind.{id}");
                    match lang.phrases.get(&key) {
                        Some(w) => w.clone(),
                        None => format!("{}{words}", crate::model::translation::FALLBACK_MARKER),
                    }
                })
                .collect();
            return Some(lang.fill(
                "shortfall.not-assessed.no-act",
                &[
                    ("date", &self.law.at.to_string()),
                    ("kinds", &kinds.join(", ")),
                ],
            ));
        }
        Some(format!(
            "no {} of {} in force on {} is encoded; provisions meeting this obligation are \
             normally found there",
            join_or(&kinds),
            self.law.jurisdiction,
            self.law.at
        ))
    }

    fn not_applicable(&self, o: &Obligation) -> Option<String> {
        let NotApplicableWhen::OffenceReaches(axes) = o.requirement.not_applicable_when.as_ref()?;
        for values in product(axes) {
            for i in self
                .law
                .index
                .candidates(self.inst, Block::Offence, &values)
            {
                let Some(p) = self.law.provisions.get(i) else {
                    continue;
                };
                // Named (directly or through a defined term), not merely reached through a broad
                // value: a smuggling offence on "goods" says nothing about how the law treats
                // deactivated weapons.
                let explicit = values.iter().all(|(facet, asked)| {
                    p.facets.get(facet).is_some_and(|r| {
                        r.values.contains_key(asked) && !r.interpreted.contains_key(asked)
                    })
                });
                if explicit && let Some(lang) = self.inst.language.as_deref() {
                    let what: Vec<String> = values
                        .iter()
                        .map(|(f, v)| {
                            self.inst
                                .facet(f)
                                .map_or(v.as_str(), |x| x.label_of(v))
                                .to_string()
                        })
                        .collect();
                    return Some(lang.fill(
                        "shortfall.not-applicable",
                        &[
                            ("provision", &super::group::address_in(lang, &p.address)),
                            ("what", &what.join(", ")),
                        ],
                    ));
                }
                if explicit {
                    let what: Vec<String> = values
                        .iter()
                        .map(|(f, v)| {
                            let label = self.inst.facet(f).map_or(v.as_str(), |x| x.label_of(v));
                            format!("{label} ({f} {v})")
                        })
                        .collect();
                    return Some(format!(
                        "{} makes {} an object of a criminal offence, so the law treats them as it treats firearms",
                        p.address,
                        what.join(", ")
                    ));
                }
            }
        }
        None
    }

    /// For an obligation with a provisions test, the provisions that reach each of its cells
    /// (in the order of `o.cells()`), as [`Engine::base_cells`] holds them: the same work a
    /// rule test on its offences needs, done once for both. `Vec::new()` for an obligation
    /// with no provisions test, whose id does not name it, or that no derived test reads (each
    /// cell then works its own out and keeps nothing: an obligation of 10,000 cells held every
    /// cell's offences for the whole analysis, `tests/hostile.rs`
    /// `the_cell_limit_bounds_the_analysis`).
    fn own_reach(&self, o: &Obligation) -> &[BaseCell] {
        match self.own_reach_index(o) {
            Some(_) => self.base_cells(&o.id),
            None => &[],
        }
    }

    /// The index of `o` in the instrument where [`Engine::own_reach`] keeps its base cells.
    fn own_reach_index(&self, o: &Obligation) -> Option<usize> {
        let has_provisions = o
            .requirement
            .parts
            .iter()
            .any(|p| matches!(p.test, Test::Provisions { .. }));
        let &index = self.inst.obligation_index.get(&o.id)?;
        let kept = has_provisions
            && self
                .inst
                .obligations
                .get(index)
                .is_some_and(|x| std::ptr::eq(x, o))
            && self.read_by_derived.get(index).copied().unwrap_or(false);
        kept.then_some(index)
    }

    /// Works out, side by side and before any obligation asks, the base cells the obligations
    /// `wanted` (by index) will read — their own where a derived test reads them, those of the
    /// obligations their tests name in `of`, every mandatory offence obligation's where a rule
    /// must govern every offence — so that no thread waits while another fills a memo an
    /// obligation needs (a large base obligation worked out on one thread, the obligations
    /// deriving from it waiting on the other). Each memo gets what [`Engine::base_cells`] would
    /// have given it; an obligation that may prove not applicable is left to ask itself.
    fn base_cells_ahead(&self, wanted: impl Fn(usize) -> bool) {
        let mut bases: BTreeSet<usize> = BTreeSet::new();
        let mut every_offence = false;
        for (k, o) in self.inst.obligations.iter().enumerate() {
            if !wanted(k) || o.requirement.not_applicable_when.is_some() {
                continue;
            }
            bases.extend(self.own_reach_index(o));
            for part in &o.requirement.parts {
                match &part.test {
                    Test::Rule { of, .. } if of.is_empty() => every_offence = true,
                    Test::Rule { of, .. } | Test::OffencesOf { of, .. } => bases.extend(
                        of.iter()
                            .filter_map(|id| self.inst.obligation_index.get(id).copied()),
                    ),
                    Test::Provisions { .. } => {}
                }
            }
        }
        if every_offence {
            bases.extend(self.offence_obligations());
        }
        let todo: Vec<(usize, Cell)> = bases
            .into_iter()
            .filter(|k| self.base.get(*k).is_some_and(|m| m.get().is_none()))
            .filter_map(|k| Some((k, self.inst.obligations.get(k)?)))
            .flat_map(|(k, o)| o.cells().into_iter().map(move |c| (k, c)))
            .collect();
        let reached: Vec<Vec<(usize, CellStatus)>> = todo
            .par_iter()
            .map(|(k, c)| match self.inst.obligations.get(*k) {
                Some(o) => self.reached_by(o, c),
                None => Vec::new(),
            })
            .collect();
        let mut by_obligation: BTreeMap<usize, Vec<BaseCell>> = BTreeMap::new();
        for ((k, cell), reached) in todo.into_iter().zip(reached) {
            by_obligation
                .entry(k)
                .or_default()
                .push(BaseCell { cell, reached });
        }
        for (k, cells) in by_obligation {
            if let Some(memo) = self.base.get(k) {
                // Filled meanwhile by a thread that asked: the same cells.
                let _ = memo.set(cells);
            }
        }
    }

    /// One cell of an obligation. `reached`: the provisions that reach it with how far, where
    /// already known ([`Engine::own_reach`]); else worked out here, the same way. `contained`:
    /// what the obligation's rule parts contain, as far as worked out for its cells so far.
    fn cell(
        &self,
        o: &Obligation,
        cell: &Cell,
        reached: Option<&[(usize, CellStatus)]>,
        contained: &mut Contained,
    ) -> CellResult {
        let part = o.part(cell);
        let mut r = CellResult {
            part: part.and_then(|p| p.id.clone()),
            part_index: cell.part,
            key: cell.key(),
            values: cell.values.clone(),
            status: CellStatus::NotCovered,
            evidence: Vec::new(),
            shortfalls: Vec::new(),
            why_not: None,
            more_evidence: 0,
            beyond: BTreeSet::new(),
        };
        let Some(part) = part else { return r };
        match &part.test {
            Test::Provisions { block, fixed, .. } => {
                // First how far each provision reaches, then the evidence — addresses, texts,
                // shortfalls in words — of the best only: most candidates are dropped.
                let worked_out: Vec<(usize, CellStatus)>;
                let found = match reached {
                    Some(found) => found,
                    None => {
                        worked_out = self
                            .provisions_for(part, cell, false)
                            .into_iter()
                            .map(|(i, e)| (i, e.status))
                            .collect();
                        &worked_out
                    }
                };
                let best = found
                    .iter()
                    .map(|(_, s)| *s)
                    .max()
                    .unwrap_or(CellStatus::NotCovered);
                r.status = best;
                let mut kept: Vec<usize> = found
                    .iter()
                    .filter(|(_, s)| *s == best)
                    .map(|&(i, _)| i)
                    .collect();
                // Words only for the first few; the rest are counted and named.
                if kept.len() > MAX_EVIDENCE {
                    let rest = kept.split_off(MAX_EVIDENCE);
                    r.more_evidence = rest.len();
                    if best != CellStatus::NotCovered {
                        r.beyond.extend(
                            rest.iter()
                                .filter_map(|&i| self.law.provisions.get(i))
                                .map(|p| p.address.clone()),
                        );
                    }
                }
                r.evidence = if kept.is_empty() {
                    Vec::new()
                } else {
                    self.provisions_for_among(part, cell, &kept, true)
                        .into_iter()
                        .map(|(_, e)| e)
                        .collect()
                };
                if best == CellStatus::NotCovered {
                    let unknown = self.unknown_reach(part, cell);
                    if unknown.is_empty() {
                        r.shortfalls = self.definition_exclusions(*block, cell);
                        r.shortfalls.extend(self.element_exclusions(part, cell));
                    }
                    let ruled_out = r
                        .shortfalls
                        .iter()
                        .any(|s| s.kind == ShortfallKind::Excludes);
                    if !unknown.is_empty() {
                        r.status = CellStatus::Unknown;
                        r.evidence = unknown;
                    } else if ruled_out {
                        r.why_not = Some(
                            "the offences that reach its other elements demand an element that rules it out"
                                .to_string(),
                        );
                    } else if self.explain {
                        r.why_not = Some(self.nearest_miss(*block, cell, fixed));
                    }
                }
            }
            Test::Rule {
                kind, of, contains, ..
            } => {
                let covers = cell.value("covers").map(str::to_string);
                let contains = contained.of_part(cell.part, || {
                    let pairs: Vec<(String, String)> = contains
                        .iter()
                        .flat_map(|(f, vs)| vs.iter().map(move |v| (f.clone(), v.clone())))
                        .collect();
                    self.inst.implied(&pairs)
                });
                if of.is_empty() {
                    self.general_rule(kind, covers.as_deref(), &o.looks_in, contains, &mut r);
                } else if let Some(base) = cell.value(OF_AXIS) {
                    let base = base.to_string();
                    self.rule_of(kind, covers.as_deref(), &base, contains, &mut r);
                }
            }
            Test::OffencesOf {
                max_prison_at_least,
                custodial,
                without,
                ..
            } => {
                if let Some(base) = cell.value(OF_AXIS) {
                    let base = base.to_string();
                    self.offences_of(&base, *max_prison_at_least, *custodial, without, &mut r);
                }
            }
        }
        r
    }

    /// Every provision in force that reaches the cell, fully or partly, with its evidence; with
    /// `detail` false, the evidence holds the status only (see [`Engine::provision_reaches`]).
    fn provisions_for(&self, part: &Part, cell: &Cell, detail: bool) -> Vec<(usize, Evidence)> {
        let Test::Provisions { block, .. } = &part.test else {
            return Vec::new();
        };
        let candidates = self.law.index.candidates(self.inst, *block, &cell.values);
        self.provisions_for_among(part, cell, &candidates, detail)
    }

    /// [`Engine::provisions_for`] among the provisions `candidates` (indices, sorted).
    fn provisions_for_among(
        &self,
        part: &Part,
        cell: &Cell,
        candidates: &[usize],
        detail: bool,
    ) -> Vec<(usize, Evidence)> {
        let Test::Provisions {
            fixed,
            max_prison_at_least,
            retention_at_least,
            ..
        } = &part.test
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let (contains, asks) = self.cell_asks(cell, fixed);
        let Some(asks) = asks else {
            return out;
        };
        for &i in candidates {
            let Some(p) = self.law.provisions.get(i) else {
                continue;
            };
            if let Some(e) = self.provision_reaches(
                p,
                &asks,
                &contains,
                *max_prison_at_least,
                *retention_at_least,
                if detail {
                    Reaching::Detail
                } else {
                    Reaching::Status
                },
            ) {
                out.push((i, e));
            }
        }
        out
    }

    /// What a cell asks of a provision: the values it contains with what they imply (worked
    /// out once per cell, when first needed), and each axis of the cell, then each fixed
    /// element (any one of its values suffices).
    fn cell_asks<'c>(
        &'c self,
        cell: &'c Cell,
        fixed: &'c [(String, Vec<String>)],
    ) -> (Contains<'c>, CellAsks<'c>) {
        let contains = Contains {
            cell,
            fixed,
            closure: OnceCell::new(),
        };
        let axes = cell
            .values
            .iter()
            .map(|(a, v)| (a.as_str(), std::slice::from_ref(v)))
            .chain(fixed.iter().map(|(f, vs)| (f.as_str(), vs.as_slice())));
        let asks: Option<Vec<Option<Ask>>> = axes
            .map(|(axis, values)| {
                let facet = self.inst.facet(axis)?;
                Some((facet.role != FacetRole::Narrowing).then(|| {
                    Ask {
                        axis,
                        facet,
                        alternatives: values
                            .iter()
                            .map(|v| (v.as_str(), facet.met_by_asked(v)))
                            .collect(),
                    }
                }))
            })
            .collect();
        (contains, asks.map(|a| a.into_iter().flatten().collect()))
    }

    /// The provisions that could reach a cell nothing known covers but for a value written `?`
    /// (`conduct ?`), with their evidence (status [`CellStatus::Unknown`]).
    fn unknown_reach(&self, part: &Part, cell: &Cell) -> Vec<Evidence> {
        if self.with_unknown.is_empty() {
            return Vec::new();
        }
        self.reach_of(part, cell, Reaching::Unknown, |block| {
            self.with_unknown
                .iter()
                .copied()
                .filter(|i| {
                    self.law
                        .provisions
                        .get(*i)
                        .is_some_and(|p| p.block == block)
                })
                .collect()
        })
        .into_iter()
        .filter(|e| e.status == CellStatus::Unknown)
        .collect()
    }

    /// The evidence of each provision `pick` names (given the part's block) for one cell of a
    /// provisions test, worked out in `mode`: the cell's asks and the test's thresholds, as
    /// [`Engine::provision_reaches`] takes them. Empty for a test of another kind.
    fn reach_of(
        &self,
        part: &Part,
        cell: &Cell,
        mode: Reaching,
        pick: impl FnOnce(Block) -> Vec<usize>,
    ) -> Vec<Evidence> {
        let Test::Provisions {
            block,
            fixed,
            max_prison_at_least,
            retention_at_least,
            ..
        } = &part.test
        else {
            return Vec::new();
        };
        let (contains, asks) = self.cell_asks(cell, fixed);
        let Some(asks) = asks else {
            return Vec::new();
        };
        pick(*block)
            .into_iter()
            .filter_map(|i| self.law.provisions.get(i))
            .filter_map(|p| {
                self.provision_reaches(
                    p,
                    &asks,
                    &contains,
                    *max_prison_at_least,
                    *retention_at_least,
                    mode,
                )
            })
            .collect()
    }

    /// Whether one provision reaches every element asked for (the cell's values, then the
    /// obligation's fixed elements, any one of whose values suffices), and how far: the heart of
    /// "covered by ONE provision".
    ///
    /// With [`Reaching::Status`] only the status is worked out: the evidence carries no address, text,
    /// matched elements or shortfalls. Choosing among a cell's candidates needs only that, and
    /// building the words for every candidate was most of the cost of an analysis.
    fn provision_reaches(
        &self,
        p: &Provision,
        asks: &[Ask],
        contains: &Contains,
        max_prison: Option<Duration>,
        retention: Option<Duration>,
        mode: Reaching,
    ) -> Option<Evidence> {
        let detail = mode != Reaching::Status;
        let wild = mode == Reaching::Unknown;
        let mut excluded: Vec<Shortfall> = Vec::new();
        let mut matched = Vec::new();
        // Facets stated `?` on which the provision was let through (with `wild` only).
        let mut unknown: Vec<&str> = Vec::new();
        let mut shortfalls = Vec::new();
        // How many shortfalls were found (pushed to `shortfalls` only with `detail`).
        let mut gaps = 0usize;
        let short = if detail {
            super::short_address(&p.address)
        } else {
            String::new()
        };
        // Limits of the lines through which the values were reached, with the value's label.
        let mut limits: Vec<(&str, &LineLimit)> = Vec::new();
        // Values reached only by interpretation, and the readings in words.
        let mut interpreted = 0usize;
        let mut readings: Vec<Shortfall> = Vec::new();
        for &Ask {
            axis,
            facet,
            ref alternatives,
        } in asks
        {
            match p.facets.get(axis) {
                Some(reach) => {
                    let best = alternatives
                        .iter()
                        .filter_map(|&(asked, meeting)| {
                            reach_meets_among(facet, reach, asked, meeting).map(|m| (asked, m))
                        })
                        .max_by_key(|(_, m)| m.meet);
                    let best = match best {
                        Some(b) => b,
                        None if wild && reach.unknown => {
                            unknown.push(axis);
                            continue;
                        }
                        None => return None,
                    };
                    let (
                        asked,
                        ReachMeet {
                            meet,
                            stated,
                            via,
                            interpretation,
                        },
                    ) = best;
                    if let Some(limit) = reach.limit_of(stated) {
                        limits.push((facet.label_of(asked), limit));
                    }
                    if meet == Meet::Partly {
                        gaps += 1;
                    }
                    if meet == Meet::Interpreted {
                        interpreted += 1;
                    }
                    if !detail {
                        continue;
                    }
                    if let Some(i) = interpretation {
                        readings.push(Shortfall {
                            kind: ShortfallKind::ByInterpretation,
                            element: Some(asked.to_string()),
                            provision: Some(p.address.clone()),
                            text: match self.inst.language.as_deref() {
                                Some(lang) => {
                                    super::describe_interpretation_in(lang, i, Some(facet))
                                }
                                None => format!(
                                    "{short} reaches {} only by interpretation: {}",
                                    facet.label_of(asked),
                                    super::describe_interpretation(i, Some(facet))
                                ),
                            },
                        });
                    }
                    if meet == Meet::Partly {
                        shortfalls.push(Shortfall {
                            kind: ShortfallKind::PartlyMet,
                            element: Some(asked.to_string()),
                            provision: Some(p.address.clone()),
                            text: format!(
                                "{short} reaches {} only in part, through {}",
                                facet.label_of(asked),
                                facet.label_of(stated)
                            ),
                        });
                    }
                    matched.push(Matched {
                        axis: axis.to_string(),
                        asked: asked.to_string(),
                        stated: Some(stated.to_string()),
                        via: via.cloned(),
                        partly: meet == Meet::Partly,
                        interpretation: interpretation.cloned(),
                    });
                }
                None => match facet.when_absent {
                    WhenAbsent::Anything if !detail => {}
                    WhenAbsent::Anything => matched.push(Matched {
                        axis: axis.to_string(),
                        asked: alternatives
                            .first()
                            .map(|(asked, _)| asked.to_string())
                            .unwrap_or_default(),
                        stated: None,
                        via: None,
                        partly: false,
                        interpretation: None,
                    }),
                    WhenAbsent::Nothing => return None,
                },
            }
        }
        // Narrowing elements the cell does not contain: the offence's, then those of the lines
        // through which it reaches the cell's values.
        let narrowing = self.inst.facet_with_role(FacetRole::Narrowing);
        let groups = p.requires.iter().map(|g| (g, None)).chain(
            limits
                .iter()
                .flat_map(|(value, l)| l.requires.iter().map(move |g| (g, Some(*value)))),
        );
        for (group, for_value) in groups {
            let closure = contains.closure(self.inst);
            if group_contained(narrowing, closure, group) {
                continue;
            }
            // An element no case of the cell can have: the provision does not reach it at all.
            if let Some(text) = group_excluded(narrowing, closure, group) {
                if mode != Reaching::Excluded {
                    return None;
                }
                let limit = for_value.map_or(String::new(), |v| format!(" for {v}"));
                let (demanded, rules_out) = text;
                excluded.push(Shortfall {
                    kind: ShortfallKind::Excludes,
                    element: Some(element_ids(group)),
                    provision: Some(p.address.clone()),
                    text: format!(
                        "{} requires {demanded}{limit}, which excludes {rules_out}",
                        super::short_address(&p.address)
                    ),
                });
                continue;
            }
            gaps += 1;
            if !detail {
                continue;
            }
            let label = requires_label(narrowing, group);
            let limit = for_value.map_or(String::new(), |v| format!(" for {v}"));
            shortfalls.push(Shortfall {
                kind: ShortfallKind::Narrowing,
                element: Some(element_ids(group)),
                provision: Some(p.address.clone()),
                text: format!("{short} requires {label}{limit}"),
            });
        }
        if p.qualifies.is_some() && p.is_aggravated() {
            gaps += 1;
        }
        if let Some((_, base)) = p.qualifies.as_ref().filter(|_| detail && p.is_aggravated()) {
            shortfalls.push(Shortfall {
                kind: ShortfallKind::AggravatedOnly,
                element: None,
                provision: Some(p.address.clone()),
                text: format!(
                    "{short} is an aggravated form of {}",
                    super::short_address(base)
                ),
            });
        }
        if let Some(t) = max_prison {
            let m = p.max_prison().unwrap_or(MaxPrison {
                unknown: true,
                ..MaxPrison::default()
            });
            match m.reaches(t, false) {
                Tri::Yes => {}
                Tri::No | Tri::Unknown if !detail => gaps += 1,
                Tri::No => shortfalls.push(Shortfall {
                    kind: ShortfallKind::BelowThreshold,
                    element: Some(format!("max-prison>={t}")),
                    provision: Some(p.address.clone()),
                    text: format!("{short}: maximum {} is below {t}", m.describe()),
                }),
                Tri::Unknown => shortfalls.push(Shortfall {
                    kind: ShortfallKind::Unknown,
                    element: Some(format!("max-prison>={t}")),
                    provision: Some(p.address.clone()),
                    text: format!(
                        "{short}: maximum {} — cannot tell whether it reaches {t}",
                        m.describe()
                    ),
                }),
            }
        }
        if let Some(t) = retention {
            match p.retention {
                Some(r) if r.at_least(t) == Some(true) => {}
                _ if !detail => gaps += 1,
                Some(Retention::For(Bound::Known(d))) => shortfalls.push(Shortfall {
                    kind: ShortfallKind::BelowThreshold,
                    element: Some(format!("retention>={t}")),
                    provision: Some(p.address.clone()),
                    text: format!("{short}: records kept {d}, less than {t}"),
                }),
                _ => shortfalls.push(Shortfall {
                    kind: ShortfallKind::Unknown,
                    element: Some(format!("retention>={t}")),
                    provision: Some(p.address.clone()),
                    text: format!("{short}: no retention period stated (at least {t} required)"),
                }),
            }
        }
        if !unknown.is_empty() {
            let stated: Vec<String> = unknown.iter().map(|f| format!("`{f} ?`")).collect();
            shortfalls.push(Shortfall {
                kind: ShortfallKind::Unknown,
                element: Some(unknown.join(", ")),
                provision: Some(p.address.clone()),
                text: format!(
                    "{} could reach it, but what it reaches is not known ({})",
                    super::short_address(&p.address),
                    stated.join(", ")
                ),
            });
        }
        if mode == Reaching::Excluded {
            return (!excluded.is_empty()).then(|| Evidence {
                address: p.address.clone(),
                kind: p.block.keyword(),
                status: CellStatus::NotCovered,
                text: p.text.as_deref().map(str::to_string),
                matched,
                applies_to: Vec::new(),
                conditions: Vec::new(),
                shortfalls: excluded,
            });
        }
        let status = if !unknown.is_empty() {
            CellStatus::Unknown
        } else if gaps > 0 || !shortfalls.is_empty() {
            CellStatus::Partly
        } else if interpreted > 0 {
            CellStatus::Interpreted
        } else {
            CellStatus::Covered
        };
        // A reading is shown beside the shortfalls: it is why the cell is not covered expressly.
        shortfalls.extend(readings);
        Some(Evidence {
            address: if detail {
                p.address.clone()
            } else {
                String::new()
            },
            kind: p.block.keyword(),
            status,
            text: if detail {
                p.text.as_deref().map(str::to_string)
            } else {
                None
            },
            matched,
            applies_to: Vec::new(),
            conditions: Vec::new(),
            shortfalls,
        })
    }

    /// For a cell nothing reaches: the provisions that would reach it but demand an element
    /// that excludes one the cell contains ("requires for the purpose of trafficking, which
    /// excludes for personal consumption"), each with that reason.
    fn element_exclusions(&self, part: &Part, cell: &Cell) -> Vec<Shortfall> {
        let mut out: Vec<Shortfall> = self
            .reach_of(part, cell, Reaching::Excluded, |block| {
                self.law.index.candidates(self.inst, block, &cell.values)
            })
            .into_iter()
            .flat_map(|e| e.shortfalls)
            .collect();
        let more = out.len().saturating_sub(MAX_REASONS);
        out.truncate(MAX_REASONS);
        if more > 0 {
            out.push(Shortfall {
                kind: ShortfallKind::Excludes,
                element: None,
                provision: None,
                text: format!("and {more} more"),
            });
        }
        out
    }

    /// For a cell nothing reaches: the provisions that reach every other element of it but
    /// reach the value of one element through a term the act defines, whose definition leaves
    /// that value out ("weapon" without parts) — the definition, with its address, is why.
    fn definition_exclusions(&self, block: Block, cell: &Cell) -> Vec<Shortfall> {
        let mut found: BTreeSet<(String, String, String, String)> = BTreeSet::new();
        for (k, (axis, asked)) in cell.values.iter().enumerate() {
            let Some(facet) = self.inst.facet(axis) else {
                continue;
            };
            if facet.role == FacetRole::Narrowing {
                continue;
            }
            let others: Vec<(String, String)> = cell
                .values
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, v)| v.clone())
                .collect();
            for i in self.law.index.candidates(self.inst, block, &others) {
                let Some(p) = self.law.provisions.get(i) else {
                    continue;
                };
                let Some(reach) = p.facets.get(axis) else {
                    continue;
                };
                if reach_meets(self.inst, axis, reach, asked).is_some() {
                    continue;
                }
                for via in reach.values.values().flatten() {
                    found.insert((
                        p.address.clone(),
                        via.term.clone(),
                        via.defined_at.clone(),
                        facet.label_of(asked).to_string(),
                    ));
                }
            }
        }
        let mut out: Vec<Shortfall> = found
            .into_iter()
            .map(|(address, term, defined_at, label)| Shortfall {
                kind: ShortfallKind::DefinitionExcludes,
                element: Some(term.clone()),
                provision: Some(defined_at.clone()),
                text: format!(
                    "{} reaches `{term}` as {} defines it, which leaves out {label}",
                    super::short_address(&address),
                    super::short_address(&defined_at)
                ),
            })
            .collect();
        let more = out.len().saturating_sub(MAX_REASONS);
        out.truncate(MAX_REASONS);
        if more > 0 {
            out.push(Shortfall {
                kind: ShortfallKind::DefinitionExcludes,
                element: None,
                provision: None,
                text: format!("and {more} more"),
            });
        }
        out
    }

    /// For a cell nothing reaches: the provision that reaches the most of its values, and what
    /// it lacks — so that an expert sees why, not just that.
    fn nearest_miss(&self, block: Block, cell: &Cell, fixed: &[(String, Vec<String>)]) -> String {
        let mut hits: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        let axes: Vec<&(String, String)> = cell
            .values
            .iter()
            .filter(|(a, _)| {
                self.inst
                    .facet(a)
                    .is_some_and(|f| f.role != FacetRole::Narrowing)
            })
            .collect();
        for pair in &axes {
            for i in self
                .law
                .index
                .candidates(self.inst, block, std::slice::from_ref(*pair))
            {
                hits.entry(i).or_default().push(pair.0.as_str());
            }
        }
        let what = if block == Block::Offence {
            "offence"
        } else {
            "measure"
        };
        // Most values reached; then most reached by what the provision states (rather than by
        // saying nothing); then the first.
        let explicit = |i: usize, reached: &[&str]| {
            self.law.provisions.get(i).map_or(0, |p| {
                reached
                    .iter()
                    .filter(|a| p.facets.contains_key(**a))
                    .count()
            })
        };
        let Some((best, reached)) = hits.iter().max_by(|a, b| {
            (a.1.len(), explicit(*a.0, a.1))
                .cmp(&(b.1.len(), explicit(*b.0, b.1)))
                .then(b.0.cmp(a.0))
        }) else {
            return format!("no {what} in force reaches any value of this cell");
        };
        let Some(p) = self.law.provisions.get(*best) else {
            return format!("no {what} in force reaches this cell");
        };
        let mut lacks: Vec<String> = Vec::new();
        for (axis, asked) in &axes {
            if reached.contains(&axis.as_str()) {
                continue;
            }
            let facet = self.inst.facet(axis);
            let label = facet.map_or(asked.as_str(), |f| f.label_of(asked));
            let states = p.facets.get(axis.as_str()).map(|r| r.stated.join(", "));
            // A term the act defines: the definition, with its address, is what leaves it out.
            let mut defined: Vec<String> = Vec::new();
            for via in p
                .facets
                .get(axis.as_str())
                .into_iter()
                .flat_map(|r| r.values.values().flatten())
            {
                let d = format!(
                    "`{}` as {} defines it leaves it out",
                    via.term,
                    super::short_address(&via.defined_at)
                );
                if !defined.contains(&d) {
                    defined.push(d);
                }
            }
            let defined = if defined.is_empty() {
                String::new()
            } else {
                format!("; {}", defined.join("; "))
            };
            lacks.push(match states {
                Some(s) if !s.is_empty() => format!("{label} (it names {axis} {s}{defined})"),
                _ => format!("{label} (it names no {axis})"),
            });
        }
        for (axis, vals) in fixed {
            let ok = self.inst.facet(axis).is_some_and(|f| {
                f.role == FacetRole::Narrowing
                    || p.facets.get(axis).is_none_or(|r| {
                        vals.iter()
                            .any(|v| reach_meets(self.inst, axis, r, v).is_some())
                    })
            });
            if !ok {
                lacks.push(format!("{axis} {}", vals.join(" or ")));
            }
        }
        if lacks.is_empty() {
            return format!("no {what} in force reaches this cell");
        }
        format!(
            "nearest: {} reaches the other elements but not {}",
            super::short_address(&p.address),
            lacks.join("; ")
        )
    }

    /// The cells of an offence obligation with the provisions reaching each (memoized; none
    /// for an id that names no obligation).
    fn base_cells(&self, id: &str) -> &[BaseCell] {
        let Some(&index) = self.inst.obligation_index.get(id) else {
            return &[];
        };
        let (Some(o), Some(memo)) = (self.inst.obligations.get(index), self.base.get(index)) else {
            return &[];
        };
        memo.get_or_init(|| {
            o.cells()
                .into_iter()
                .map(|c| {
                    let reached = self.reached_by(o, &c);
                    BaseCell { cell: c, reached }
                })
                .collect()
        })
    }

    /// The provisions that reach a cell of obligation `o`, with how far: a base cell's.
    fn reached_by(&self, o: &Obligation, c: &Cell) -> Vec<(usize, CellStatus)> {
        match o.part(c) {
            Some(part) => self
                .provisions_for(part, c, false)
                .into_iter()
                .map(|(i, e)| (i, e.status))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The offences reaching some base cell of obligation `id` (indices into `law.provisions`,
    /// sorted, without repeats; memoized).
    fn base_offences(&self, id: &str) -> &[usize] {
        let Some(memo) = self
            .inst
            .obligation_index
            .get(id)
            .and_then(|&k| self.base_offences.get(k))
        else {
            return &[];
        };
        memo.get_or_init(|| {
            let mut offences: Vec<usize> = self
                .base_cells(id)
                .iter()
                .flat_map(|b| b.reached.iter())
                .map(|(i, _)| *i)
                .filter(|i| *i < self.law.provisions.len())
                .collect();
            offences.sort_unstable();
            offences.dedup();
            offences
        })
    }

    /// The line limits that narrow a provision on a cell's values. Which value of a reach
    /// meets the one asked is worked out only for a reach some of whose lines have limits: few
    /// have, and weighing every offence's values for every cell of the obligations it covers
    /// was a twentieth of the benchmark's diff (17 M instructions).
    fn cell_limits<'p>(&self, p: &'p Provision, values: &[(String, String)]) -> Vec<&'p LineLimit> {
        values
            .iter()
            .filter_map(|(axis, asked)| {
                let reach = p.facets.get(axis).filter(|r| !r.limited.is_empty())?;
                let m = reach_meets(self.inst, axis, reach, asked)?;
                reach.limit_of(m.stated)
            })
            .collect()
    }

    /// The offences in force that the instrument's mandatory offence obligations rely on: each
    /// offence that reaches a cell of one, fully or partly (indices, sorted).
    fn offences_needed(&self) -> &[usize] {
        self.needed.get_or_init(|| self.offences_needed_now())
    }

    /// [`Engine::offences_needed`], worked out.
    fn offences_needed_now(&self) -> Vec<usize> {
        let mut out = BTreeSet::new();
        for k in self.offence_obligations() {
            let Some(o) = self.inst.obligations.get(k) else {
                continue;
            };
            for b in self.base_cells(&o.id) {
                out.extend(
                    b.reached
                        .iter()
                        .filter(|(_, s)| *s != CellStatus::NotCovered)
                        .map(|(i, _)| *i),
                );
            }
        }
        out.into_iter()
            .filter(|i| {
                self.law
                    .provisions
                    .get(*i)
                    .is_some_and(|p| p.block == Block::Offence)
            })
            .collect()
    }

    /// The instrument's mandatory offence obligations (indices of those their ids name, as
    /// [`Engine::base_cells`] finds them): whose offences a rule that must merely exist governs.
    fn offence_obligations(&self) -> Vec<usize> {
        self.inst
            .obligations
            .iter()
            .filter(|o| matches!(o.kind, Kind::Mandatory | Kind::MandatoryQualified))
            .filter(|o| {
                o.requirement.parts.iter().any(|p| {
                    matches!(
                        p.test,
                        Test::Provisions {
                            block: Block::Offence,
                            ..
                        }
                    )
                })
            })
            .filter_map(|o| self.inst.obligation_index.get(&o.id).copied())
            .collect()
    }

    /// Whether an offence is of `class`, with the reason in words where it is not (or cannot be
    /// told; none where it is: its only caller, a rule's `class` condition, gives none then):
    /// the class it states (or inherits) decides; else the code's penalty test for the class,
    /// where it has one; else it cannot be told — never assumed.
    fn is_of_class(&self, p: &Provision, class: &str) -> (Tri, String) {
        let short = ShortAddress(&p.address);
        if let Some(stated) = &p.class {
            return if stated == class {
                (Tri::Yes, String::new())
            } else {
                (Tri::No, format!("{short} is a {stated}, not a {class}"))
            };
        }
        let tests: Vec<&ClassRule> = self
            .law
            .classes_governing(&p.jurisdiction)
            .into_iter()
            .filter(|c| c.class == class && c.test.is_some())
            .collect();
        if tests.is_empty() {
            return (
                Tri::Unknown,
                format!(
                    "the class of {short} is not known: it states none, and no `classify {class} when …` derives it from the penalty"
                ),
            );
        }
        let m = p.max_prison().unwrap_or(MaxPrison {
            unknown: true,
            ..MaxPrison::default()
        });
        let mut verdict = Tri::No;
        for c in &tests {
            let t = match c.test {
                Some((op, Some(b))) => penalty_passes(&m, op, b),
                _ => Tri::Unknown,
            };
            verdict = tri_or(verdict, t);
        }
        if verdict == Tri::Yes {
            return (Tri::Yes, String::new());
        }
        let tested: Vec<String> = tests
            .iter()
            .map(|c| {
                format!(
                    "{} makes a {class} of {}",
                    super::short_address(&c.address),
                    c.describe_test().unwrap_or_default()
                )
            })
            .collect();
        let why = match verdict {
            Tri::Yes => String::new(),
            Tri::No => format!(
                "{short} is not a {class}: maximum {} ({})",
                m.describe(),
                tested.join("; ")
            ),
            Tri::Unknown => format!(
                "the class of {short} is not known: maximum {} ({})",
                m.describe(),
                tested.join("; ")
            ),
        };
        (verdict, why)
    }

    /// Whether a rule's conditions hold for an offence, with the reason when they do not.
    /// `contains` is what the obligation asking for the rule itself contains (its `fixed`
    /// narrowing values, with what they imply): a `requires` condition naming one of them holds.
    /// A condition that holds only in part (`requires organised-group` for an offence any
    /// person can commit) reads [`Tri::Unknown`] here, with the reason; [`Engine::holds`] tells
    /// the two apart.
    fn conditions_hold(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
    ) -> (Tri, Option<String>) {
        let (h, why) = self.holds(r, p, contains);
        let t = match h {
            Holds::Yes => Tri::Yes,
            Holds::No => Tri::No,
            Holds::Unknown | Holds::Only => Tri::Unknown,
        };
        (t, why)
    }

    /// How far a rule's conditions hold for an offence: the alternatives (`or`) as the best of
    /// them, a conjunction (`and`) as the worst of its members; the reasons of the conditions
    /// that decide, when the verdict is not `Yes`.
    fn holds(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
    ) -> (Holds, Option<String>) {
        if r.is_unconditional() {
            return (Holds::Yes, None);
        }
        let (h, reasons) = self.any_holds(r, p, contains, &r.conditions);
        let reason = (h != Holds::Yes).then(|| reasons.join(", and "));
        (h, reason)
    }

    fn any_holds(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        alternatives: &[RuleCondition],
    ) -> (Holds, Vec<String>) {
        let mut verdict = Holds::No;
        let mut reasons = Vec::new();
        for c in alternatives {
            let (h, why) = self.condition_holds(r, p, contains, c);
            verdict = verdict.max(h);
            for w in why {
                if !w.is_empty() && !reasons.contains(&w) {
                    reasons.push(w);
                }
            }
        }
        (verdict, reasons)
    }

    fn condition_holds(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        c: &RuleCondition,
    ) -> (Holds, Vec<String>) {
        // The reasons of a condition that holds never reach the reader: `holds` drops them
        // where the whole holds, an `and` keeps only the reasons of members no better than its
        // verdict, and an `or` with one member that holds holds itself — so none is written.
        let short = ShortAddress(&p.address);
        let (t, reason) = match c {
            RuleCondition::Always => (Holds::Yes, String::new()),
            RuleCondition::MaxAtLeast { bound, strict } => {
                let m = p.max_prison().unwrap_or(MaxPrison {
                    unknown: true,
                    ..MaxPrison::default()
                });
                match bound {
                    Some(b) => match m.reaches(*b, *strict) {
                        Tri::Yes => (Holds::Yes, String::new()),
                        t => {
                            let op = if *strict { ">" } else { ">=" };
                            (
                                Holds::from(t),
                                format!(
                                    "maximum of {short} is {}, rule needs {op} {b}",
                                    m.describe()
                                ),
                            )
                        }
                    },
                    None => (
                        Holds::Unknown,
                        "the rule's threshold is not known".to_string(),
                    ),
                }
            }
            RuleCondition::Expressly => {
                if p.expressly.contains(&r.kind) {
                    (Holds::Yes, String::new())
                } else {
                    (
                        Holds::No,
                        format!("{short} does not say `expressly {}`", r.kind),
                    )
                }
            }
            // A class that cannot be told is not assumed: the rule does not apply, and the
            // reason says the class is unknown.
            RuleCondition::Class { class } => match self.is_of_class(p, class) {
                (Tri::Yes, _) => (Holds::Yes, String::new()),
                (_, why) => (Holds::No, why),
            },
            RuleCondition::Listed {
                addresses,
                unresolved,
            } => {
                if addresses
                    .iter()
                    .any(|a| crate::model::in_force::address_within(&p.address, a))
                {
                    (Holds::Yes, String::new())
                } else if !unresolved.is_empty() {
                    (
                        Holds::Unknown,
                        format!(
                            "{short} is not in the closed list of {}, part of which could not be resolved",
                            super::short_address(&r.address)
                        ),
                    )
                } else {
                    (
                        Holds::No,
                        format!(
                            "{short} is not in the closed list of {}",
                            super::short_address(&r.address)
                        ),
                    )
                }
            }
            RuleCondition::Requires { element } => self.requires_holds(r, p, contains, element),
            RuleCondition::Any { any } => return self.any_holds(r, p, contains, any),
            RuleCondition::All { all } => {
                let mut verdict = Holds::Yes;
                let mut members = Vec::new();
                for m in all {
                    let (h, why) = self.condition_holds(r, p, contains, m);
                    verdict = verdict.min(h);
                    members.push((h, why));
                }
                // The reasons of the members that decide: those no better than the verdict.
                let mut reasons = Vec::new();
                for (h, why) in members {
                    if h == verdict {
                        for w in why {
                            if !w.is_empty() && !reasons.contains(&w) {
                                reasons.push(w);
                            }
                        }
                    }
                }
                return (verdict, reasons);
            }
        };
        (t, vec![reason])
    }

    /// A `requires` condition: it holds for an offence that itself requires the element (every
    /// case of it has the element) and where the obligation asking for the rule contains it
    /// (UNTOC Art 20 asks for the techniques for organised crime only: Art 3(1), Firearms
    /// Protocol Art 4(1)). Elsewhere the rule reaches the offence only in the cases that have
    /// the element: in part. Words are never contained, as for an offence's own `requires`.
    fn requires_holds(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        element: &Element,
    ) -> (Holds, String) {
        let narrowing = self.inst.facet_with_role(FacetRole::Narrowing);
        if self.requires_held_because(p, contains, element).is_some() {
            return (Holds::Yes, String::new());
        }
        (
            Holds::Only,
            format!(
                "{} applies to {} only where {}: {}",
                super::short_address(&r.address),
                super::short_address(&p.address),
                "the case has a further element",
                element.label(narrowing)
            ),
        )
    }

    /// Why a `requires` condition holds for an offence: `obligation` where the obligation
    /// asking for the rule contains the element, `offence` where the offence requires it itself
    /// (every case of it has the element); `None` where it does not hold outright.
    fn requires_held_because(
        &self,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        element: &Element,
    ) -> Option<&'static str> {
        let narrowing = self.inst.facet_with_role(FacetRole::Narrowing);
        if group_contained(narrowing, contains, std::slice::from_ref(element)) {
            return Some("obligation");
        }
        let (n, v) = (narrowing?, element.value()?);
        p.requires
            .iter()
            .any(|group| {
                !group.is_empty()
                    && group.iter().all(|e| {
                        e.value()
                            .is_some_and(|s| n.meets(s, v) == Some(Meet::Fully))
                    })
            })
            .then_some("offence")
    }

    /// The `requires` conditions of a rule that hold for an offence, with why, added to `out`
    /// (what `explain` says of a rule that reaches the offence).
    fn requires_held(
        &self,
        r: &GeneralRule,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        out: &mut Vec<super::ConditionHeld>,
    ) {
        let elements = requires_elements(&r.conditions);
        let narrowing = self.inst.facet_with_role(FacetRole::Narrowing);
        for element in elements {
            if let Some(because) = self.requires_held_because(p, contains, element) {
                super::ConditionHeld::add(
                    out,
                    super::ConditionHeld {
                        requires: element.to_string(),
                        label: element.label(narrowing),
                        because,
                        offences: if because == "offence" {
                            vec![p.address.clone()]
                        } else {
                            Vec::new()
                        },
                    },
                );
            }
        }
    }

    /// How far a rule's `covers` list meets the value asked for.
    fn covers_meet(&self, r: &GeneralRule, asked: Option<&str>) -> Option<(Meet, Option<String>)> {
        let Some(asked) = asked else {
            return Some((Meet::Fully, None));
        };
        let facet = self.inst.covers_facet(&r.kind)?;
        r.covers
            .iter()
            .filter_map(|s| facet.meets(s, asked).map(|m| (m, Some(s.clone()))))
            .max_by_key(|(m, _)| *m)
    }

    /// The instrument's interpretation by which a rule's `covers` value meets the one asked for.
    fn covers_interpretation(
        &self,
        r: &GeneralRule,
        asked: Option<&str>,
        stated: Option<&str>,
    ) -> Option<crate::model::instrument::Interpretation> {
        let facet = self.inst.covers_facet(&r.kind)?;
        facet.interpretation(stated?, asked?).cloned()
    }

    /// A general-part rule that must merely exist (jurisdiction, confiscation of proceeds …).
    ///
    /// Each level of a federal State governs its own offences (BiH CC Art 13(1)): the offences
    /// the instrument's offence obligations rely on are grouped by the jurisdiction whose law
    /// they belong to, and a level's offences count as reached only by that level's own rules of
    /// the kind. The cell is covered where every level is; a level with offences and no such rule
    /// is a shortfall that names it. A unitary State has one level, so this is the plain "a rule
    /// of the kind exists" test.
    ///
    /// The jurisdiction analysed is a level too when it declares an act of its own where such a
    /// rule would be (`looks_in`) that is not encoded, and none of its general part is: its own
    /// offences are not known, and neither is whether its own rules reach them (BA-RS, analysed
    /// with the state code: the state's rules govern the state's offences only).
    fn general_rule(
        &self,
        kind: &str,
        covers: Option<&str>,
        looks_in: &[String],
        contains: &BTreeSet<(String, String)>,
        r: &mut CellResult,
    ) {
        let needed = self.offences_needed();
        let label = |v: &str| {
            self.inst
                .covers_facet(kind)
                .map_or(v.to_string(), |f| f.label_of(v).to_string())
        };
        let mut levels: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in needed {
            if let Some(p) = self.law.provisions.get(i) {
                levels.entry(p.jurisdiction.as_str()).or_default().push(i);
            }
        }
        let own = self.law.jurisdiction.as_str();
        let own_not_encoded = !self.law.has_general_part(own)
            && self
                .law
                .missing_acts
                .iter()
                .any(|a| a.jurisdiction == own && looks_in.contains(&a.kind));
        if own_not_encoded && !levels.is_empty() {
            levels.entry(own).or_default();
        }
        if levels.is_empty() {
            // No offence to govern: any rule of the kind in force.
            let rules: Vec<&GeneralRule> =
                self.law.rules.iter().filter(|x| x.kind == kind).collect();
            r.evidence = self.rules_evidence(kind, covers, &rules, &[], contains);
        } else {
            let mut statuses = Vec::new();
            for (level, offences) in &levels {
                // The level's own rules only: a parent's general part governs the parent's
                // offences (BiH CC Art 13(1)), so it cannot stand in for a level's missing rule.
                let rules: Vec<&GeneralRule> = self
                    .law
                    .rules
                    .iter()
                    .filter(|x| x.kind == kind && x.jurisdiction == *level)
                    .collect();
                if rules.is_empty() && !self.law.has_general_part(level) {
                    // None of the level's general part is encoded: not known, not a gap.
                    statuses.push(CellStatus::Unknown);
                    r.shortfalls.push(Shortfall {
                        kind: ShortfallKind::Unknown,
                        element: covers.map(str::to_string),
                        provision: None,
                        text: no_general_part(level, kind),
                    });
                    continue;
                }
                let evidence = self.rules_evidence(kind, covers, &rules, offences, contains);
                let best = evidence
                    .iter()
                    .map(|e| e.status)
                    .max()
                    .unwrap_or(CellStatus::NotCovered);
                statuses.push(best);
                if best == CellStatus::NotCovered && levels.len() > 1 {
                    let what =
                        covers.map_or_else(String::new, |c| format!(" covering {}", label(c)));
                    let mut list: Vec<String> = offences
                        .iter()
                        .filter_map(|i| self.law.provisions.get(*i))
                        .map(|p| super::short_address(&p.address))
                        .collect();
                    let more = list.len().saturating_sub(MAX_REASONS);
                    list.truncate(MAX_REASONS);
                    let mut list = list.join(", ");
                    if more > 0 {
                        list.push_str(&format!(" and {more} more"));
                    }
                    r.shortfalls.push(Shortfall {
                        kind: ShortfallKind::RuleDoesNotApply,
                        element: covers.map(str::to_string),
                        provision: None,
                        text: format!(
                            "no `rule {kind}`{what} governs the offences of {level} ({list})"
                        ),
                    });
                }
                r.evidence
                    .extend(evidence.into_iter().filter(|e| e.status == best));
            }
            // Every level must be reached: the weakest level decides, but a level reached
            // beside one that is not gives "partly".
            let weakest = statuses
                .iter()
                .copied()
                .min()
                .unwrap_or(CellStatus::NotCovered);
            let strongest = statuses
                .iter()
                .copied()
                .max()
                .unwrap_or(CellStatus::NotCovered);
            let unknown_only = statuses.contains(&CellStatus::Unknown)
                && statuses
                    .iter()
                    .all(|s| matches!(s, CellStatus::Unknown | CellStatus::Covered));
            r.status = if unknown_only {
                // Every level known is reached; the others' general part is not encoded.
                CellStatus::Unknown
            } else if weakest >= CellStatus::Partly || strongest < CellStatus::Partly {
                weakest
            } else {
                CellStatus::Partly
            };
            if r.status == CellStatus::Unknown && !unknown_only {
                r.status = CellStatus::NotCovered;
            }
            let mut seen = BTreeSet::new();
            r.evidence.retain(|e| seen.insert(e.address.clone()));
            if r.status == CellStatus::NotCovered {
                r.evidence.clear();
                r.shortfalls.clear();
            }
        }
        if levels.is_empty() {
            let best = r
                .evidence
                .iter()
                .map(|e| e.status)
                .max()
                .unwrap_or(CellStatus::NotCovered);
            r.evidence.retain(|e| e.status == best);
            r.status = best;
        }
        if r.status == CellStatus::NotCovered {
            let what = covers.map_or_else(
                || kind.to_string(),
                |c| format!("{kind} covering {}", label(c)),
            );
            r.why_not = Some(format!("no `rule {what}` in the law in force"));
        }
    }

    /// The evidence of each of `rules` for a must-exist test, measured (where a rule has
    /// conditions) against `needed`, the offences it is to govern.
    fn rules_evidence(
        &self,
        kind: &str,
        covers: Option<&str>,
        rules: &[&GeneralRule],
        needed: &[usize],
        contains: &BTreeSet<(String, String)>,
    ) -> Vec<Evidence> {
        let label = |v: &str| {
            self.inst
                .covers_facet(kind)
                .map_or(v.to_string(), |f| f.label_of(v).to_string())
        };
        let mut out = Vec::new();
        for rule in rules {
            let Some((meet, stated)) = self.covers_meet(rule, covers) else {
                continue;
            };
            let short = super::short_address(&rule.address);
            let mut shortfalls = Vec::new();
            if meet == Meet::Partly
                && let (Some(asked), Some(stated)) = (covers, &stated)
            {
                shortfalls.push(Shortfall {
                    kind: ShortfallKind::PartlyMet,
                    element: Some(asked.to_string()),
                    provision: Some(rule.address.clone()),
                    text: format!(
                        "{short} reaches {} only in part, through {}",
                        label(asked),
                        label(stated)
                    ),
                });
            }
            // A rule with conditions (a closed list, a threshold) is measured against the
            // offences the instrument's mandatory offence obligations rely on that it governs:
            // it is met where it reaches every one of them, and the shortfall names those it
            // does not reach.
            let mut applies_to = Vec::new();
            let mut conditions = Vec::new();
            if !rule.is_unconditional() {
                let governed: Vec<&Provision> = needed
                    .iter()
                    .filter_map(|i| self.law.provisions.get(*i))
                    .filter(|p| {
                        self.law
                            .rules_governing(&p.jurisdiction, kind)
                            .iter()
                            .any(|g| g.address == rule.address)
                    })
                    .collect();
                let mut outside = Vec::new();
                for p in &governed {
                    match self.conditions_hold(rule, p, contains).0 {
                        Tri::Yes => {
                            applies_to.push(p.address.clone());
                            self.requires_held(rule, p, contains, &mut conditions);
                        }
                        Tri::No | Tri::Unknown => outside.push(super::short_address(&p.address)),
                    }
                }
                if governed.is_empty() || !outside.is_empty() {
                    let which = if outside.is_empty() {
                        String::new()
                    } else {
                        let more = outside.len().saturating_sub(MAX_REASONS);
                        outside.truncate(MAX_REASONS);
                        let mut list = outside.join(", ");
                        if more > 0 {
                            list.push_str(&format!(" and {more} more"));
                        }
                        format!(": not to {list}")
                    };
                    shortfalls.push(Shortfall {
                        kind: ShortfallKind::RuleConditional,
                        element: None,
                        provision: Some(rule.address.clone()),
                        text: format!(
                            "{short} applies only to some offences ({}){which}",
                            describe_conditions(rule)
                        ),
                    });
                }
            }
            let status = if !shortfalls.is_empty() {
                CellStatus::Partly
            } else if meet == Meet::Interpreted {
                CellStatus::Interpreted
            } else {
                CellStatus::Covered
            };
            let reading = self.covers_interpretation(rule, covers, stated.as_deref());
            if let (Meet::Interpreted, Some(i), Some(asked)) = (meet, &reading, covers) {
                shortfalls.push(Shortfall {
                    kind: ShortfallKind::ByInterpretation,
                    element: Some(asked.to_string()),
                    provision: Some(rule.address.clone()),
                    text: match self.inst.language.as_deref() {
                        Some(lang) => {
                            super::describe_interpretation_in(lang, i, self.inst.covers_facet(kind))
                        }
                        None => format!(
                            "{short} reaches {} only by interpretation: {}",
                            label(asked),
                            super::describe_interpretation(i, self.inst.covers_facet(kind))
                        ),
                    },
                });
            }
            out.push(Evidence {
                address: rule.address.clone(),
                kind: "rule",
                status,
                text: rule.text.clone(),
                matched: covers
                    .map(|asked| Matched {
                        axis: "covers".into(),
                        asked: asked.to_string(),
                        stated: stated.clone(),
                        via: None,
                        partly: meet == Meet::Partly,
                        interpretation: reading.clone(),
                    })
                    .into_iter()
                    .collect(),
                applies_to,
                conditions,
                shortfalls,
            });
        }
        out
    }

    /// A rule that must reach the offences covering another obligation (attempt, complicity,
    /// liability of legal persons, confiscation of the objects).
    fn rule_of(
        &self,
        kind: &str,
        covers: Option<&str>,
        base_id: &str,
        contains: &BTreeSet<(String, String)>,
        r: &mut CellResult,
    ) {
        // The cells some offence reaches (borrowed from the memo of base cells).
        let base: Vec<&[(usize, CellStatus)]> = self
            .base_cells(base_id)
            .iter()
            .filter(|b| !b.reached.is_empty())
            .map(|b| b.reached.as_slice())
            .collect();
        if base.is_empty() {
            r.shortfalls.push(no_base(self.inst, base_id));
            return;
        }
        // For each offence: the verdict of the best rule, worked out once per engine for what
        // is asked (the ask's verdicts locked while this cell fills and reads them).
        let offences = self.base_offences(base_id);
        let memo = self.verdicts_of(kind, covers, contains);
        let mut verdicts = memo.lock().unwrap_or_else(PoisonError::into_inner);
        for &i in offences {
            if verdicts.get(i).is_some() {
                continue;
            }
            if let Some(p) = self.law.provisions.get(i) {
                let v = self.rule_verdict(kind, covers, p, contains, &mut verdicts);
                verdicts.insert(i, v);
            }
        }
        self.rule_of_verdicts(covers, &base, offences, &verdicts, contains, r);
    }

    /// The memo of verdicts for one ask (see [`VerdictAsk`]), made empty the first time it is
    /// asked. Looked up by reference: the ask is copied only when it is new.
    fn verdicts_of(
        &self,
        kind: &str,
        covers: Option<&str>,
        contains: &BTreeSet<(String, String)>,
    ) -> Arc<Mutex<Verdicts>> {
        let mut asks = self.verdicts.lock().unwrap_or_else(PoisonError::into_inner);
        let known = asks
            .iter()
            .find(|((k, c, within), _)| k == kind && c.as_deref() == covers && within == contains);
        if let Some((_, memo)) = known {
            return Arc::clone(memo);
        }
        let memo = Arc::new(Mutex::new(Verdicts::default()));
        asks.push((
            (
                kind.to_string(),
                covers.map(str::to_string),
                contains.clone(),
            ),
            Arc::clone(&memo),
        ));
        memo
    }

    /// [`Engine::rule_of`] once the verdict on each offence of the base cells is known:
    /// `offences` are those the cells name (sorted), `verdicts` holds (at least) theirs.
    fn rule_of_verdicts(
        &self,
        covers: Option<&str>,
        base: &[&[(usize, CellStatus)]],
        offences: &[usize],
        verdicts: &Verdicts,
        contains: &BTreeSet<(String, String)>,
        r: &mut CellResult,
    ) {
        let mut ok_full = 0;
        let mut ok_any = 0;
        // Cells whose best verdict is unknown (the offences' general part is not encoded).
        let mut unknown = 0;
        // The offences each rule reaches and the reasons, sorted and without repeats below.
        let mut rules_used: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut reasons: Vec<&str> = Vec::new();
        // Offences that cover cells fully but that the rule does not reach, where the rule
        // reaches only offences covering the same cells in part (indices; named below).
        let mut outside: BTreeSet<usize> = BTreeSet::new();
        let mut within: BTreeSet<usize> = BTreeSet::new();
        for &reached in base {
            // The rule reaches a cell only as far as the offences it governs reach it: an
            // offence that covers the cell less than the best offence does (a closed list naming
            // only the offence of weapons meant for a crime, not the main weapons offence)
            // gives at most "partly". Measured against the best offence, so that the base
            // obligation's own shortfalls are reported there and not again here.
            let strongest = reached
                .iter()
                .map(|(_, s)| *s)
                .max()
                .unwrap_or(CellStatus::NotCovered);
            let best = reached
                .iter()
                .filter_map(|(i, s)| {
                    let v = verdicts.get(*i)?.status;
                    Some(if *s < strongest {
                        v.min(CellStatus::Partly)
                    } else {
                        v
                    })
                })
                .max()
                .unwrap_or(CellStatus::NotCovered);
            let full_reach = reached.iter().any(|(i, s)| {
                *s == strongest
                    && verdicts
                        .get(*i)
                        .is_some_and(|v| v.status == CellStatus::Covered)
            });
            if best == CellStatus::Partly && !full_reach {
                for (i, st) in reached {
                    if *i >= self.law.provisions.len() {
                        continue;
                    }
                    if *st == strongest {
                        outside.insert(*i);
                    } else if verdicts
                        .get(*i)
                        .is_some_and(|v| v.status != CellStatus::NotCovered)
                    {
                        within.insert(*i);
                    }
                }
            }
            match best {
                CellStatus::Covered => {
                    ok_full += 1;
                    ok_any += 1;
                }
                CellStatus::Partly | CellStatus::Interpreted => ok_any += 1,
                CellStatus::Unknown => unknown += 1,
                CellStatus::NotCovered => {}
            }
        }
        for i in offences {
            let (Some(p), Some(verdict)) = (self.law.provisions.get(*i), verdicts.get(*i)) else {
                continue;
            };
            if verdict.status != CellStatus::NotCovered {
                for rule in verdict.rules.iter().filter_map(|&r| self.law.rules.get(r)) {
                    rules_used
                        .entry(rule.address.as_str())
                        .or_default()
                        .push(p.address.as_str());
                }
            }
            reasons.extend(verdict.why.iter().map(|w| &**w));
        }
        let in_part = (!outside.is_empty() && !within.is_empty()).then(|| {
            format!(
                "the rule reaches {} only, which cover in part what {} cover fully",
                list_of(self.short_addresses(&within)),
                list_of(self.short_addresses(&outside))
            )
        });
        if let Some(in_part) = &in_part {
            reasons.push(in_part.as_str());
        }
        reasons.sort_unstable();
        reasons.dedup();
        r.status = if ok_full == base.len() {
            CellStatus::Covered
        } else if unknown > 0 && ok_full + unknown == base.len() {
            // Every cell is reached or not known to be: what is not known is the only shortfall.
            CellStatus::Unknown
        } else if ok_any == 0 {
            CellStatus::NotCovered
        } else {
            CellStatus::Partly
        };
        for (address, mut offences) in rules_used {
            offences.sort_unstable();
            offences.dedup();
            let index = self.law.rules.iter().position(|x| x.address == address);
            let rule = index.and_then(|i| self.law.rules.get(i));
            let mut conditions = Vec::new();
            // Only a rule with `requires` conditions has any to name: the others are not
            // looked for among the provisions (a scan of the whole law for each cell).
            if let Some(rule) = rule.filter(|r| !requires_elements(&r.conditions).is_empty()) {
                for p in self
                    .law
                    .provisions
                    .iter()
                    .filter(|p| offences.binary_search(&p.address.as_str()).is_ok())
                {
                    self.requires_held(rule, p, contains, &mut conditions);
                }
            }
            r.evidence.push(Evidence {
                address: address.to_string(),
                kind: "rule",
                status: r.status,
                text: rule.and_then(|x| x.text.clone()),
                matched: covers
                    .map(|asked| Matched {
                        axis: "covers".into(),
                        asked: asked.to_string(),
                        // As the verdicts worked it out for this rule and ask (the same
                        // `covers` value); worked out here for a rule they did not weigh.
                        stated: match index.and_then(|i| verdicts.covers.get(i)) {
                            Some(Some(known)) => known.as_ref().and_then(|m| m.stated.clone()),
                            _ => rule.and_then(|x| {
                                self.covers_meet(x, Some(asked)).and_then(|(_, s)| s)
                            }),
                        },
                        via: None,
                        partly: false,
                        interpretation: None,
                    })
                    .into_iter()
                    .collect(),
                applies_to: offences.into_iter().map(str::to_string).collect(),
                conditions,
                shortfalls: Vec::new(),
            });
        }
        if r.status != CellStatus::Covered {
            let kind_of = match r.status {
                CellStatus::NotCovered => ShortfallKind::NoRule,
                CellStatus::Unknown => ShortfallKind::Unknown,
                _ => ShortfallKind::RuleDoesNotApply,
            };
            let all = reasons;
            for text in all.iter().take(MAX_REASONS) {
                r.shortfalls.push(Shortfall {
                    kind: kind_of,
                    element: covers.map(str::to_string),
                    provision: None,
                    text: text.to_string(),
                });
            }
            if all.len() > MAX_REASONS {
                r.shortfalls.push(Shortfall {
                    kind: kind_of,
                    element: None,
                    provision: None,
                    text: format!("and {} more", all.len() - MAX_REASONS),
                });
            }
        }
    }

    /// The short addresses of provisions (indices), sorted and without repeats.
    fn short_addresses(&self, provisions: &BTreeSet<usize>) -> Vec<String> {
        let named: BTreeSet<String> = provisions
            .iter()
            .filter_map(|i| self.law.provisions.get(*i))
            .map(|p| super::short_address(&p.address))
            .collect();
        named.into_iter().collect()
    }

    /// Whether a rule of `kind` covering `covers` governs an offence: the status, the rules
    /// that do, and the reasons others do not. `memo`: the verdicts of this ask, whose meets
    /// of `covers` by each rule are kept there.
    fn rule_verdict(
        &self,
        kind: &str,
        covers: Option<&str>,
        p: &Provision,
        contains: &BTreeSet<(String, String)>,
        memo: &mut Verdicts,
    ) -> Verdict {
        let governing = self.governing(kind, covers, &p.jurisdiction, memo);
        let (none_status, none_why) = &governing.none;
        if governing.meeting.is_empty() {
            return Verdict {
                status: *none_status,
                rules: Vec::new(),
                why: vec![Arc::clone(none_why)],
            };
        }
        let mut best = CellStatus::NotCovered;
        let mut used = Vec::new();
        let mut reasons: Vec<Arc<str>> = Vec::new();
        for (index, meet, covers_reasons) in &governing.meeting {
            let Some(rule) = self.law.rules.get(*index) else {
                continue;
            };
            let (holds, why) = self.conditions_hold(rule, p, contains);
            // A rule reaching a form of participation only by interpretation counts as partial
            // here, with the reading as the reason: the verdict on each offence has no room for
            // a third state.
            let status = match (meet, holds) {
                (Meet::Fully, Tri::Yes) => CellStatus::Covered,
                (Meet::Partly | Meet::Interpreted, Tri::Yes) | (_, Tri::Unknown) => {
                    CellStatus::Partly
                }
                (_, Tri::No) => CellStatus::NotCovered,
            };
            if let Some(w) = why {
                reasons.push(Arc::from(w));
            }
            reasons.extend(covers_reasons.iter().cloned());
            if status > best {
                best = status;
                used.clear();
            }
            if status == best && status != CellStatus::NotCovered {
                used.push(*index);
            }
        }
        if best == CellStatus::NotCovered && reasons.is_empty() {
            reasons.push(Arc::clone(none_why));
        }
        if best == CellStatus::Covered {
            reasons.clear();
        }
        Verdict {
            status: best,
            rules: used,
            why: reasons,
        }
    }

    /// How the rules of `kind` govern the offences of `jurisdiction` for the value of `covers`
    /// asked for (see [`Governing`]), worked out the first time the jurisdiction is asked about.
    fn governing(
        &self,
        kind: &str,
        covers: Option<&str>,
        jurisdiction: &str,
        memo: &mut Verdicts,
    ) -> Arc<Governing> {
        if let Some(known) = memo
            .governing
            .iter()
            .find(|g| g.jurisdiction == jurisdiction)
        {
            return Arc::clone(known);
        }
        let rules: Vec<usize> = self
            .law
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.jurisdiction == jurisdiction && r.kind == kind)
            .map(|(i, _)| i)
            .collect();
        let none = if rules.is_empty() && !self.law.has_general_part(jurisdiction) {
            // The offence's own general part governs it; none of it is encoded, so whether it
            // has such a rule is not known (a parent's general part cannot stand in for it).
            (
                CellStatus::Unknown,
                no_general_part(jurisdiction, kind).into(),
            )
        } else if rules.is_empty() {
            (
                CellStatus::NotCovered,
                format!("no `rule {kind}` governs the offences of {jurisdiction}").into(),
            )
        } else {
            let what = covers.map_or_else(String::new, |c| {
                let label = self.inst.covers_facet(kind).map_or(c, |f| f.label_of(c));
                format!(" covering {label}")
            });
            (
                CellStatus::NotCovered,
                format!("no `rule {kind}`{what} governs the offences of {jurisdiction}").into(),
            )
        };
        let mut meeting = Vec::new();
        for (index, rule) in rules
            .into_iter()
            .filter_map(|i| Some((i, self.law.rules.get(i)?)))
        {
            if let Some(on_covers) = memo.covers_of(index, || self.rule_covers(kind, rule, covers))
            {
                meeting.push((index, on_covers.meet, on_covers.reasons.clone()));
            }
        }
        let governing = Arc::new(Governing {
            jurisdiction: jurisdiction.to_string(),
            meeting,
            none,
        });
        memo.governing.push(Arc::clone(&governing));
        governing
    }

    /// How far `rule`'s `covers` list meets the value asked for, with the reasons in words a
    /// verdict gives for it (a reading, a partial meet); `None` where it does not meet it.
    fn rule_covers(
        &self,
        kind: &str,
        rule: &GeneralRule,
        covers: Option<&str>,
    ) -> Option<CoversMeet> {
        let label = |v: &str| {
            self.inst
                .covers_facet(kind)
                .map_or(v.to_string(), |f| f.label_of(v).to_string())
        };
        let (meet, stated) = self.covers_meet(rule, covers)?;
        let mut reasons = Vec::new();
        if let (Meet::Interpreted, Some(i)) = (
            meet,
            self.covers_interpretation(rule, covers, stated.as_deref()),
        ) {
            reasons.push(
                format!(
                    "{} reaches {} only by interpretation: {}",
                    super::short_address(&rule.address),
                    covers.map(label).unwrap_or_default(),
                    super::describe_interpretation(&i, self.inst.covers_facet(kind))
                )
                .into(),
            );
        }
        if meet == Meet::Partly
            && let (Some(asked), Some(stated)) = (covers, &stated)
        {
            reasons.push(
                format!(
                    "{} reaches {} only in part, through {}",
                    super::short_address(&rule.address),
                    label(asked),
                    label(stated)
                )
                .into(),
            );
        }
        Some(CoversMeet {
            meet,
            stated,
            reasons,
        })
    }

    /// How an offence's penalty meets a test on the offences covering another obligation
    /// (maximum imprisonment, imprisonment at all), with the reasons where it does not.
    fn penalty_test(
        &self,
        p: &Provision,
        max: Option<Duration>,
        custodial: bool,
    ) -> PenaltyVerdict {
        let short = ShortAddress(&p.address);
        let mut status = CellStatus::Covered;
        let mut why: Vec<(ShortfallKind, String)> = Vec::new();
        let m = p.max_prison().unwrap_or(MaxPrison {
            unknown: true,
            ..MaxPrison::default()
        });
        if let Some(t) = max {
            match m.reaches(t, false) {
                Tri::Yes if p.is_aggravated() => {
                    status = status.min(CellStatus::Partly);
                    why.push((
                        ShortfallKind::AggravatedOnly,
                        format!("only the aggravated form {short} reaches {t}"),
                    ));
                }
                Tri::Yes => {}
                Tri::Unknown => {
                    status = status.min(CellStatus::Partly);
                    why.push((
                        ShortfallKind::Unknown,
                        format!(
                            "{short}: maximum {} — cannot tell whether it reaches {t}",
                            m.describe()
                        ),
                    ));
                }
                Tri::No => {
                    status = CellStatus::NotCovered;
                    why.push((
                        ShortfallKind::BelowThreshold,
                        format!("{short}: maximum {} is below {t}", m.describe()),
                    ));
                }
            }
        }
        if custodial && !m.custodial {
            if p.penalty.is_none() {
                status = status.min(CellStatus::Partly);
                why.push((ShortfallKind::Unknown, format!("{short} states no penalty")));
            } else if m.unknown {
                status = status.min(CellStatus::Partly);
                why.push((
                    ShortfallKind::Unknown,
                    format!("{short}: penalty not known"),
                ));
            } else {
                status = CellStatus::NotCovered;
                why.push((
                    ShortfallKind::BelowThreshold,
                    format!("{short} carries no imprisonment"),
                ));
            }
        }
        (status, why)
    }

    /// A test on the offences covering another obligation: penalty level, imprisonment, no
    /// extra elements.
    fn offences_of(
        &self,
        base_id: &str,
        max: Option<Duration>,
        custodial: bool,
        without: &[String],
        r: &mut CellResult,
    ) {
        // The cells some offence reaches (borrowed from the memo of base cells).
        let base: Vec<(&Cell, &[(usize, CellStatus)])> = self
            .base_cells(base_id)
            .iter()
            .filter(|b| !b.reached.is_empty())
            .map(|b| (&b.cell, b.reached.as_slice()))
            .collect();
        if base.is_empty() {
            r.shortfalls.push(no_base(self.inst, base_id));
            return;
        }
        let narrowing = self.inst.facet_with_role(FacetRole::Narrowing);
        // Each offence's penalty against the test, worked out once: the same in every base
        // cell it reaches (1,600 sentences written once per cell before).
        let offences = self.base_offences(base_id);
        let penalties: Vec<PenaltyVerdict> = offences
            .iter()
            .map(|&i| match self.law.provisions.get(i) {
                Some(p) => self.penalty_test(p, max, custodial),
                None => (CellStatus::NotCovered, Vec::new()),
            })
            .collect();
        let mut ok_full = 0;
        let mut ok_any = 0;
        let mut passing: BTreeSet<usize> = BTreeSet::new();
        let mut reasons: BTreeSet<(ShortfallKind, Cow<str>)> = BTreeSet::new();
        let base_obligation = self.inst.obligation(base_id);
        for &(cell, reached) in &base {
            // The elements the base obligation itself contains (its `fixed` narrowing values,
            // such as the movement between States inherent in trafficking) are no extra element:
            // an offence demanding them is what the base obligation asks for.
            let mut pairs = cell.values.clone();
            if let Some(Test::Provisions { fixed, .. }) =
                base_obligation.and_then(|o| o.part(cell)).map(|p| &p.test)
            {
                for (f, vs) in fixed {
                    pairs.extend(vs.iter().map(|v| (f.clone(), v.clone())));
                }
            }
            let closure = self.inst.implied(&pairs);
            let mut best = CellStatus::NotCovered;
            let mut best_reasons: Vec<(ShortfallKind, Cow<str>)> = Vec::new();
            let mut cell_reasons: Vec<(ShortfallKind, Cow<str>)> = Vec::new();
            for (i, _) in reached {
                let Some(p) = self.law.provisions.get(*i) else {
                    continue;
                };
                let short = ShortAddress(&p.address);
                let known = offences
                    .binary_search(i)
                    .ok()
                    .and_then(|k| penalties.get(k));
                let (mut status, mut why): (CellStatus, Vec<(ShortfallKind, Cow<str>)>) =
                    match known {
                        Some((status, why)) => (
                            *status,
                            why.iter()
                                .map(|(kind, text)| (*kind, Cow::Borrowed(text.as_str())))
                                .collect(),
                        ),
                        None => {
                            let (status, why) = self.penalty_test(p, max, custodial);
                            let why = why.into_iter().map(|(k, t)| (k, Cow::Owned(t))).collect();
                            (status, why)
                        }
                    };
                let limits = self.cell_limits(p, &cell.values);
                let groups = p
                    .requires
                    .iter()
                    .chain(limits.iter().flat_map(|l| l.requires.iter()));
                for group in groups {
                    if group_contained(narrowing, &closure, group) {
                        continue;
                    }
                    let label = || requires_label(narrowing, group);
                    // Forbidden only when every alternative is a forbidden element.
                    let forbidden = !group.is_empty()
                        && group
                            .iter()
                            .all(|e| e.value().is_some_and(|v| without.iter().any(|w| w == v)));
                    // Words may say anything: whether they are an element the obligation rules
                    // out cannot be told, so they are never taken to pass.
                    let all_words_or_forbidden = group.iter().all(|e| match e {
                        Element::Words(_) => true,
                        Element::Value(v) => without.iter().any(|w| w == v),
                    });
                    if forbidden {
                        status = CellStatus::NotCovered;
                        why.push((
                            ShortfallKind::Narrowing,
                            Cow::Owned(format!("{short} requires {}", label())),
                        ));
                    } else if !without.is_empty() && all_words_or_forbidden {
                        status = status.min(CellStatus::Partly);
                        why.push((
                            ShortfallKind::Narrowing,
                            Cow::Owned(format!(
                                "{short} requires {}, an element in words: cannot tell whether it is one this obligation rules out",
                                label()
                            )),
                        ));
                    }
                }
                if status != CellStatus::NotCovered {
                    passing.insert(*i);
                }
                if status > best {
                    best = status;
                    best_reasons = why.clone();
                } else if status == best && best == CellStatus::Partly {
                    best_reasons.extend(why.iter().cloned());
                }
                cell_reasons.extend(why);
            }
            match best {
                CellStatus::Covered => {
                    ok_full += 1;
                    ok_any += 1;
                }
                CellStatus::Partly | CellStatus::Interpreted => {
                    ok_any += 1;
                    reasons.extend(best_reasons);
                }
                CellStatus::NotCovered | CellStatus::Unknown => reasons.extend(cell_reasons),
            }
        }
        r.status = if ok_full == base.len() {
            CellStatus::Covered
        } else if ok_any == 0 {
            CellStatus::NotCovered
        } else {
            CellStatus::Partly
        };
        for i in passing {
            let Some(p) = self.law.provisions.get(i) else {
                continue;
            };
            r.evidence.push(Evidence {
                address: p.address.clone(),
                kind: "offence",
                status: r.status,
                text: p.text.as_deref().map(str::to_string),
                matched: Vec::new(),
                applies_to: Vec::new(),
                conditions: Vec::new(),
                shortfalls: Vec::new(),
            });
        }
        if r.status != CellStatus::Covered {
            let all: Vec<(ShortfallKind, Cow<str>)> = reasons.into_iter().collect();
            for (kind, text) in all.iter().take(MAX_REASONS) {
                r.shortfalls.push(Shortfall {
                    kind: *kind,
                    element: None,
                    provision: None,
                    text: text.to_string(),
                });
            }
            if all.len() > MAX_REASONS {
                r.shortfalls.push(Shortfall {
                    kind: ShortfallKind::Unknown,
                    element: None,
                    provision: None,
                    text: format!("and {} more", all.len() - MAX_REASONS),
                });
            }
        }
    }
}

/// A provision's short address (`art 5 para 1`) as [`super::short_address`] writes it, worked
/// out only when a reason in words is written: most offences a loop looks at need none.
struct ShortAddress<'p>(&'p str);

impl std::fmt::Display for ShortAddress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::short_address(self.0))
    }
}

/// "for gain", or "a large quantity or great destructive power" for alternatives; words in
/// quotes, as the statute has them.
fn requires_label(
    narrowing: Option<&crate::model::instrument::Facet>,
    group: &[Element],
) -> String {
    let labels: Vec<String> = group.iter().map(|e| e.label(narrowing)).collect();
    labels.join(" or ")
}

/// A group as written: `for-gain | "in a dwelling"`.
fn element_ids(group: &[Element]) -> String {
    let ids: Vec<String> = group.iter().map(Element::to_string).collect();
    ids.join(" | ")
}

/// Whether a cell (with what its values imply) contains one element of a narrowing group. Words
/// are never contained: an obligation is not taken to contain what lexgap cannot read.
fn group_contained(
    narrowing: Option<&crate::model::instrument::Facet>,
    closure: &BTreeSet<(String, String)>,
    group: &[Element],
) -> bool {
    // Compared in place (the sets hold a few pairs): a lookup would copy both strings.
    narrowing.is_some_and(|n| {
        group.iter().any(|e| {
            e.value()
                .is_some_and(|v| closure.iter().any(|(f, w)| *f == n.id && w == v))
        })
    })
}

/// Where every alternative of a narrowing group excludes a value the cell contains (an
/// offence demanding the purpose of sale, a cell of possession for personal consumption): the
/// elements demanded and those they rule out, for people. Words exclude nothing lexgap can read.
fn group_excluded(
    narrowing: Option<&crate::model::instrument::Facet>,
    closure: &BTreeSet<(String, String)>,
    group: &[Element],
) -> Option<(String, String)> {
    let n = narrowing?;
    let mut demanded = Vec::new();
    let mut ruled_out: Vec<String> = Vec::new();
    for e in group {
        let v = e.value()?;
        let out = closure
            .iter()
            .filter(|(f, _)| *f == n.id)
            .find(|(_, w)| n.excludes(v, w))?;
        demanded.push(n.label_of(v).to_string());
        let label = n.label_of(&out.1).to_string();
        if !ruled_out.contains(&label) {
            ruled_out.push(label);
        }
    }
    (!demanded.is_empty()).then(|| (demanded.join(" or "), ruled_out.join(" or ")))
}

/// The elements a rule's `requires` conditions name, however nested in `all`/`any`.
fn requires_elements(conditions: &[RuleCondition]) -> Vec<&Element> {
    fn walk<'c>(conditions: &'c [RuleCondition], found: &mut Vec<&'c Element>) {
        for c in conditions {
            match c {
                RuleCondition::Requires { element } => found.push(element),
                RuleCondition::All { all: list } | RuleCondition::Any { any: list } => {
                    walk(list, found);
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(conditions, &mut found);
    found
}

/// Whether a derived test will read obligation `id`'s base cells: a rule or offences test
/// naming it in `of`, or a rule that must govern every offence (which reads every offence
/// obligation's).
fn read_by_derived_tests(inst: &Instrument, id: &str) -> bool {
    inst.obligations
        .iter()
        .flat_map(|o| &o.requirement.parts)
        .any(|p| match &p.test {
            Test::Rule { of, .. } => of.is_empty() || of.iter().any(|x| x == id),
            Test::OffencesOf { of, .. } => of.iter().any(|x| x == id),
            Test::Provisions { .. } => false,
        })
}

fn no_base(inst: &Instrument, base_id: &str) -> Shortfall {
    let title = inst
        .obligation(base_id)
        .map_or(String::new(), |o| format!(" ({})", o.title.to_lowercase()));
    Shortfall {
        kind: ShortfallKind::NoBaseOffence,
        element: Some(base_id.to_string()),
        provision: None,
        text: format!(
            "no offence in force covers {base_id}{title}, so there is nothing to apply it to"
        ),
    }
}

/// `when max >= 5y or expressly`, in words.
fn describe_conditions(r: &GeneralRule) -> String {
    let parts: Vec<String> = r.conditions.iter().map(describe_condition).collect();
    parts.join(" or ")
}

/// One condition of a rule, in words (`maximum >= 10y`, `listed: art 246 para 1`).
pub fn describe_condition(c: &RuleCondition) -> String {
    match c {
        RuleCondition::Always => "always".to_string(),
        RuleCondition::MaxAtLeast { bound, strict } => format!(
            "maximum {} {}",
            if *strict { ">" } else { ">=" },
            bound.map_or("?".to_string(), |b| b.to_string())
        ),
        RuleCondition::Expressly => "where the offence says so".to_string(),
        RuleCondition::Class { class } => format!("offences of class {class}"),
        RuleCondition::Listed { addresses, .. } => format!(
            "listed: {}",
            addresses
                .iter()
                .map(|a| super::short_address(a))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        RuleCondition::Requires { element } => format!("requires {element}"),
        RuleCondition::All { all } => all
            .iter()
            .map(|m| match m {
                RuleCondition::Any { .. } => format!("({})", describe_condition(m)),
                _ => describe_condition(m),
            })
            .collect::<Vec<_>>()
            .join(" and "),
        RuleCondition::Any { any } => any
            .iter()
            .map(describe_condition)
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// "a", "a or b", "a, b or c".
/// Why an obligation not fully met by what is known cannot be assessed: cells a provision could
/// reach but for a value written `?` (the provisions and facets named).
fn unknown_values(inst: &Instrument, cells: &[CellResult], counts: CellCounts) -> Option<String> {
    let lang = inst.language.as_deref();
    let mut what: BTreeSet<String> = BTreeSet::new();
    for c in cells.iter().filter(|c| c.status == CellStatus::Unknown) {
        for e in &c.evidence {
            // In another language, a facet by its label and the provision by its address there.
            let facet = |x: &str| match lang {
                Some(_) => inst.facet(x).map_or(x.to_string(), |f| f.label.clone()),
                None => x.to_string(),
            };
            let facets: Vec<String> = e
                .shortfalls
                .iter()
                .filter(|s| s.kind == ShortfallKind::Unknown)
                .filter_map(|s| s.element.clone())
                .flat_map(|f| {
                    f.split(", ")
                        .map(|x| format!("{} ?", facet(x)))
                        .collect::<Vec<_>>()
                })
                .collect();
            let address = match lang {
                Some(l) => super::group::address_in(l, &e.address),
                None => super::short_address(&e.address),
            };
            what.insert(format!("{address} ({})", facets.join(", ")));
        }
    }
    // A rule test on offences whose own general part is not encoded.
    let levels: BTreeSet<&str> = cells
        .iter()
        .filter(|c| c.status == CellStatus::Unknown)
        .flat_map(|c| &c.shortfalls)
        .filter(|s| s.kind == ShortfallKind::Unknown && s.provision.is_none())
        .map(|s| s.text.as_str())
        .collect();
    if what.is_empty() {
        return (!levels.is_empty()).then(|| {
            let levels: Vec<&str> = levels.into_iter().collect();
            let marker = match lang {
                Some(_) => crate::model::translation::FALLBACK_MARKER,
                None => "",
            };
            format!(
                "{marker}whether it is met depends on what is not known: {}",
                levels.join("; ")
            )
        });
    }
    let what: Vec<String> = what.into_iter().collect();
    let nothing = counts.covered + counts.partly + counts.interpreted == 0;
    if let Some(lang) = lang {
        let shown = lang.phrase(if nothing {
            "shortfall.not-assessed.nothing-covers"
        } else {
            "shortfall.not-assessed.known-shown"
        });
        return Some(lang.fill(
            "shortfall.not-assessed.unknown",
            &[("provisions", &what.join("; ")), ("shown", shown)],
        ));
    }
    let shown = if nothing {
        "nothing known covers it"
    } else {
        "what the known law covers is shown"
    };
    Some(format!(
        "whether it is met depends on what is not known: {} could reach cells nothing else covers; {shown}",
        join_and(&what)
    ))
}

/// Why a rule test on the offences of `level` is not known: none of its general part is encoded.
fn no_general_part(level: &str, kind: &str) -> String {
    format!(
        "the general part of {level}'s own law is not encoded, so whether a `rule {kind}` governs its offences is not known (another level's general part does not govern them)"
    )
}

/// Up to [`MAX_REASONS`] items joined, with "and N more".
fn list_of(mut items: Vec<String>) -> String {
    let more = items.len().saturating_sub(MAX_REASONS);
    items.truncate(MAX_REASONS);
    let mut list = items.join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    list
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// [`analyze_with`] computing only some obligations: for each obligation (by its index in the
/// instrument) `reuse` may hand back its coverage from an earlier analysis, which is then taken
/// as it is; the others are computed. What the incremental analysis (`coverage::reach`) builds
/// on; with `reuse` always `None` it is [`analyze_with`].
pub(super) fn analyze_reusing(
    inst: &Instrument,
    law: &LawInForce,
    name: Option<String>,
    assessments: &[&Assessment],
    explain: bool,
    mut reuse: impl FnMut(usize) -> Option<ObligationCoverage>,
) -> JurisdictionCoverage {
    let e = Engine::new(inst, law, explain);
    // What is taken over first (`reuse` is called in order, on this thread), then the others
    // computed side by side.
    let taken: Vec<Option<ObligationCoverage>> =
        (0..inst.obligations.len()).map(&mut reuse).collect();
    e.base_cells_ahead(|k| taken.get(k).is_some_and(Option::is_none));
    let obligations: Vec<ObligationCoverage> = inst
        .obligations
        .par_iter()
        .zip(taken)
        .map(|(o, taken)| taken.unwrap_or_else(|| e.obligation(o, assessments)))
        .collect();
    JurisdictionCoverage {
        id: law.jurisdiction.clone(),
        name,
        at: law.at,
        analysed_with: law.chain.clone(),
        acts: law.acts.clone(),
        summary: summary(&obligations),
        obligations,
    }
}

/// The obligations (by index in the instrument) marked in `which`, computed as
/// [`analyze_with`] computes them; `None` for the others.
pub(super) fn obligations_only(
    inst: &Instrument,
    law: &LawInForce,
    assessments: &[&Assessment],
    explain: bool,
    which: &[bool],
) -> Vec<Option<ObligationCoverage>> {
    let e = Engine::new(inst, law, explain);
    let computed = |k: usize| which.get(k).copied().unwrap_or(true);
    e.base_cells_ahead(computed);
    inst.obligations
        .par_iter()
        .enumerate()
        .map(|(i, o)| computed(i).then(|| e.obligation(o, assessments)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::each_bundled_law;

    /// The days the tests analyse the bundled corpus on.
    const DAYS: &[&str] = &["2006-01-01", "2016-01-01", "2030-01-01"];

    /// The obligations and cells worked out side by side (threads sharing the engine's memos:
    /// base cells, verdicts, the offences needed) give what they give one after another, cell
    /// for cell, in every bundled jurisdiction on several days.
    #[test]
    fn side_by_side_equals_one_by_one() {
        let mut analysed = 0;
        each_bundled_law(DAYS, |model, j, day, law| {
            let inst = &model.instrument;
            let apart = analyze_with(inst, law, None, &[], true);
            let in_order = analyze_one_by_one(inst, law, None, &[], true);
            assert_eq!(
                format!("{apart:?}"),
                format!("{in_order:?}"),
                "{j} on {day}"
            );
            analysed += 1;
        });
        assert!(analysed >= 6, "{analysed} analyses");
    }

    /// The line limits of an offence on a cell, skipping the reaches without limits, are those
    /// found by weighing every value asked against every reach, for every offence and cell of
    /// the bundled obligations in every jurisdiction on several days.
    #[test]
    fn cell_limits_are_those_of_every_value_weighed() {
        let (mut compared, mut limited) = (0, 0);
        each_bundled_law(DAYS, |model, _, _, law| {
            let inst = &model.instrument;
            let engine = Engine::new(inst, law, false);
            for cell in inst.obligations.iter().flat_map(Obligation::cells) {
                for p in &law.provisions {
                    let weighed: Vec<&LineLimit> = cell
                        .values
                        .iter()
                        .filter_map(|(axis, asked)| {
                            let reach = p.facets.get(axis)?;
                            let m = reach_meets(inst, axis, reach, asked)?;
                            reach.limit_of(m.stated)
                        })
                        .collect();
                    let found = engine.cell_limits(p, &cell.values);
                    assert_eq!(found, weighed, "{} on {:?}", p.address, cell.values);
                    compared += 1;
                    limited += usize::from(!found.is_empty());
                }
            }
        });
        assert!(limited > 0, "no offence limited on any of {compared} cells");
    }
}
