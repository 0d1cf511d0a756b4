//! Drafting (`lexgap draft`): from the analysis of a jurisdiction, a bill that amends its
//! criminal code so as to close the criminal-law gaps, and the proof that it does.
//!
//! Pure: the workspace as loaded and its model in, the bill (text), the operations with their
//! justifications, the gaps it could not close (with why) and the coverage delta of its own bill
//! out. The CLI (`cli/draft.rs`) reads and writes. How it decides is in docs/draft.md:
//!
//! 1. offences (FP-5.1.a/b/c): the offence of the code that already reaches most cells of the
//!    obligation is extended (missing conduct, objects and circumstances added, narrowing
//!    elements the Convention forbids taken out) where it is a basic firearms offence with no
//!    other narrowing element; otherwise a new article is inserted next to it, numbered as the
//!    code numbers inserted articles, from the obligation's model provision;
//! 2. general-part rules (attempt, complicity, confiscation, legal persons): an offence is added
//!    to a closed list, given `expressly`, or its penalty raised to a threshold, where the rule
//!    exists; a new general-part article (listing the firearms offences) where none does;
//! 3. penalty benchmarks (UNTOC Art 2(b)): a maximum raised to four years.
//!
//! Each round is applied to the text and analysed again; at the end the bill is applied by
//! `amend::with_bill`, the code `lexgap diff --bill` runs, and the delta is the proof.

pub mod edit;
pub mod number;
pub mod procedure;

use std::collections::{BTreeMap, BTreeSet};

use crate::amend::delta::CoverageDelta;
use crate::coverage::{CellResult, CellStatus, JurisdictionCoverage, analyze_with};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::model::Status;
use crate::model::in_force::{LawInForce, Provision, RuleCondition};
use crate::model::instrument::{
    Domain, Instrument, Kind, Meet, ModelProvision, OF_AXIS, Obligation, ProvisionOption, Test,
    WhenAbsent,
};
use crate::source::{FileId, SourceFile};
use crate::syntax::ast::{Duration, Entry, Item, LawFile, Unit, UnitKind, UnitNumber};
use crate::syntax::bill::{Action, BillItem, Operation, Position};
use crate::syntax::{Span, parse_bill};
use crate::workspace::{LawDoc, Loaded};
use edit::{UnitPath, sp};

/// What to draft.
#[derive(Clone, Debug)]
pub struct Request {
    pub jurisdiction: String,
    /// The law in force on this day is analysed and amended.
    pub at: Date,
    /// Only these obligations (and those they depend on are left as they are); all criminal-law
    /// obligations when `None`.
    pub obligations: Option<Vec<String>>,
    /// The day the bill would take effect, when the user gives it; `effective ?` otherwise
    /// (lexgap never invents the day).
    pub effective: Option<Date>,
    /// The path the bill will be written to, shown in its diagnostics.
    pub path: String,
}

/// One operation of the bill, with why.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Planned {
    /// `replace article 403b para 1`, `insert article 403d after article 403c`.
    pub operation: String,
    /// The obligations it serves.
    pub obligations: Vec<String>,
    /// Why, in words: what it adds, takes out or raises, and the choice made.
    pub justification: Vec<String>,
    /// The cells it closes, per obligation (from the verified delta).
    pub closes: BTreeMap<String, Vec<String>>,
}

/// A targeted obligation the draft does not bring to "fully met".
#[derive(Clone, Debug, serde::Serialize)]
pub struct NotClosed {
    pub obligation: String,
    pub status: Status,
    pub reason: String,
}

/// A targeted obligation, before and after the bill.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Target {
    pub obligation: String,
    pub title: String,
    pub kind: Kind,
    pub before: Status,
    pub after: Status,
}

/// The draft and its verification.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Draft {
    pub jurisdiction: String,
    /// The act amended: `ME/criminal-code@2023-12-31`.
    pub amends: String,
    pub at: Date,
    /// The bill, in canonical layout.
    pub bill: String,
    pub operations: Vec<Planned>,
    pub targets: Vec<Target>,
    pub not_closed: Vec<NotClosed>,
    /// Obligations less met with the bill than without (should be none): id, before, after.
    pub worsened: Vec<(String, Status, Status)>,
    /// The coverage delta of the bill, as `lexgap diff --bill` computes it.
    pub delta: Option<CoverageDelta>,
    /// Bills to other acts drafted with this one (the procedure code's lists of offences for
    /// the special investigative measures), each read `with` this bill.
    pub procedure: Vec<procedure::ProcedureBill>,
}

/// Why no draft could be made.
#[derive(Debug)]
pub enum DraftError {
    /// The jurisdiction has no law in the workspace.
    UnknownJurisdiction,
    /// No criminal code of the jurisdiction is in force on the day: nothing to amend.
    NoCriminalCode(String),
    /// The bill lexgap drafted does not parse or apply: a bug, with the diagnostics.
    Invalid(String, Vec<Diagnostic>),
    /// The request cannot be met as asked (a day of effect not after the version amended).
    Usage(String),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::UnknownJurisdiction => f.write_str("no law of that jurisdiction"),
            DraftError::NoCriminalCode(s) => f.write_str(s),
            DraftError::Invalid(s, _) | DraftError::Usage(s) => f.write_str(s),
        }
    }
}

/// How far an obligation is met, for "never less met": full 3, partial 2, none 1.
fn rank(s: Status) -> u8 {
    match s {
        Status::Full | Status::NotApplicable => 3,
        Status::Partial => 2,
        Status::None => 1,
        Status::NotAssessed => 0,
    }
}

/// The obligations a draft targets: criminal-law obligations that can be gaps, and benchmarks
/// (UNTOC Art 2(b)), not fully met.
fn targeted(inst: &Instrument, cov: &JurisdictionCoverage, only: Option<&[String]>) -> Vec<String> {
    inst.obligations
        .iter()
        .filter(|o| o.domain == Domain::Criminal)
        .filter(|o| o.kind.can_be_gap() || o.kind == Kind::Advisory)
        .filter(|o| only.is_none_or(|l| l.iter().any(|x| x == &o.id)))
        .filter(|o| {
            cov.obligations.iter().any(|c| {
                c.id == o.id
                    && c.computed_status != Status::Full
                    && c.computed_status != Status::NotApplicable
            })
        })
        .map(|o| o.id.clone())
        .collect()
}

/// The header note that says which instrument the draft closes the gaps of (the one measured:
/// `--instrument`, else the first the jurisdiction lists, else the Firearms Protocol).
fn drafted_for(inst: &Instrument) -> String {
    format!(
        "drafted for: {} (lexgap draft --instrument ID drafts for another the jurisdiction adopted)",
        inst.describe()
    )
}

/// The obligations a round re-checks: those [`targeted`] and, whatever their domain, those
/// whose test is a rule over the offences of other obligations (UNTOC-20.1, special
/// investigative measures for the firearms offences), not fully met: an offence the draft adds
/// must not leave such a rule behind.
fn rechecked(inst: &Instrument, cov: &JurisdictionCoverage) -> Vec<String> {
    let mut ids = targeted(inst, cov, None);
    for o in &inst.obligations {
        if o.domain != Domain::Criminal
            && o.kind.can_be_gap()
            && !o.depends_on().is_empty()
            && cov.obligations.iter().any(|c| {
                c.id == o.id
                    && c.computed_status != Status::Full
                    && c.computed_status != Status::NotApplicable
            })
        {
            ids.push(o.id.clone());
        }
    }
    ids
}

/// Whether the rule an obligation asks for lives in the criminal code the draft amends (its
/// `looks-in` names it, or names nothing); UNTOC-20.1's special investigative measures live in
/// the criminal procedure code, which a draft never writes into the criminal code.
fn drafted_in_criminal_code(looks_in: &[String]) -> bool {
    looks_in.is_empty() || looks_in.iter().any(|k| k == "criminal-code")
}

/// The law of one jurisdiction analysed: the model of the workspace with the working text of
/// the act in place of its version, the law in force, and the coverage.
struct Analysed {
    law: LawInForce,
    cov: JurisdictionCoverage,
}

fn analyse(
    loaded: &Loaded,
    chain: &[String],
    base_file: FileId,
    working: &LawFile,
    j: &str,
    at: Date,
) -> Result<Analysed, Vec<Diagnostic>> {
    analyse_many(loaded, chain, &[(base_file, working)], j, at)
}

/// [`analyse`] with the working texts of several acts (the criminal code and the procedure code
/// a bill read with the criminal-code bill amends).
fn analyse_many(
    loaded: &Loaded,
    chain: &[String],
    working: &[(FileId, &LawFile)],
    j: &str,
    at: Date,
) -> Result<Analysed, Vec<Diagnostic>> {
    let laws: Vec<LawDoc> = loaded
        .laws
        .iter()
        .filter(|l| {
            crate::amend::time::jurisdiction_of(l).is_some_and(|x| chain.iter().any(|c| c == x))
        })
        .map(|l| match working.iter().find(|(f, _)| *f == l.file) {
            Some((_, ast)) => LawDoc {
                file: l.file,
                place: l.place.clone(),
                ast: (*ast).clone(),
            },
            None => l.clone(),
        })
        .collect();
    let part = Loaded {
        sources: loaded.sources.clone(),
        laws,
        instruments: loaded.instruments.clone(),
        jurisdictions: loaded.jurisdictions.clone(),
        assessments: Vec::new(),
        bills: Vec::new(),
        diagnostics: Vec::new(),
        options: loaded.options.clone(),
    };
    let (model, diags) = Model::build(&part);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() && working.iter().any(|(f, _)| d.file == Some(*f)))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let law = model
        .corpus
        .law_at(&model.instrument, j, at)
        .ok_or_else(Vec::new)?;
    let cov = analyze_with(&model.instrument, &law, None, &[], false);
    Ok(Analysed { law, cov })
}

/// Where the draft stands: the working text and what was done to it.
struct Work<'a> {
    inst: &'a Instrument,
    j: String,
    /// `ME/criminal-code@2023-12-31/`: the addresses of the act amended.
    prefix: String,
    law: LawFile,
    scheme: number::Scheme,
    /// The act's original language, when it is not English.
    original: Option<String>,
    /// Units replaced, with what was done to them, in the order first touched.
    replaced: Vec<(UnitPath, Vec<String>, BTreeSet<String>)>,
    /// Articles inserted: number, the article it follows, what and why.
    inserted: Vec<(String, String, Vec<String>, BTreeSet<String>)>,
    not_closable: BTreeMap<String, String>,
    /// The jurisdiction has sub-jurisdictions with codes of their own.
    has_children: Vec<String>,
    /// The jurisdiction's parent chain (itself first).
    chain: Vec<String>,
}

impl Work<'_> {
    fn note_replaced(&mut self, path: &UnitPath, ob: &str, why: String) {
        if self.inserted_path(path) {
            if let Some(e) = self.inserted.iter_mut().find(|(n, ..)| *n == path.article) {
                e.2.push(why);
                e.3.insert(ob.to_string());
            }
            return;
        }
        match self.replaced.iter_mut().find(|(p, ..)| p == path) {
            Some(e) => {
                e.1.push(why);
                e.2.insert(ob.to_string());
            }
            None => self
                .replaced
                .push((path.clone(), vec![why], BTreeSet::from([ob.to_string()]))),
        }
    }

    fn inserted_path(&self, path: &UnitPath) -> bool {
        self.inserted.iter().any(|(n, ..)| *n == path.article)
    }

    fn provision<'p>(&self, law: &'p LawInForce, address: &str) -> Option<&'p Provision> {
        law.provisions.iter().find(|p| p.address == address)
    }

    fn own(&self, address: &str) -> bool {
        address.starts_with(&self.prefix)
    }

    /// The basic offence of a qualified form (itself for a basic offence).
    fn basic(&self, law: &LawInForce, address: &str) -> String {
        let mut cur = address.to_string();
        for _ in 0..8 {
            match self.provision(law, &cur).and_then(|p| p.qualifies.as_ref()) {
                Some((_, base)) => cur = base.clone(),
                None => break,
            }
        }
        cur
    }

    fn taken_numbers(&self) -> Vec<String> {
        self.inserted.iter().map(|(n, ..)| n.clone()).collect()
    }

    /// Narrowing values an offence for `ob` may have taken out: those the Convention forbids as
    /// extra elements (the `without` lists of tests on `ob`'s offences), less those `ob` itself
    /// contains (the cross-border movement of trafficking).
    fn removable(&self, ob: &Obligation) -> (Vec<String>, Vec<String>) {
        let mut forbidden = BTreeSet::new();
        for o in &self.inst.obligations {
            for p in &o.requirement.parts {
                if let Test::OffencesOf { of, without, .. } = &p.test
                    && of.contains(&ob.id)
                {
                    forbidden.extend(without.iter().cloned());
                }
            }
        }
        let mut contained = Vec::new();
        for p in &ob.requirement.parts {
            if let Test::Provisions { fixed, .. } = &p.test {
                for (f, vs) in fixed {
                    if f == "requires" {
                        contained.extend(vs.iter().cloned());
                    }
                }
            }
        }
        let removable = forbidden
            .into_iter()
            .filter(|v| !contained.contains(v))
            .collect();
        (removable, contained)
    }

    /// The obligation's element facets with the values it asks for, plus, under `requires`,
    /// the narrowing values it contains (its `fixed` ones).
    fn named(&self, ob: &Obligation) -> ValueLists {
        let (mut axes, fixed) = wanted(self.inst, ob);
        axes.extend(fixed);
        let (_, contained) = self.removable(ob);
        axes.push(("requires".to_string(), contained));
        axes
    }

    /// Whether `p` can be extended to meet `ob`: a basic offence of the act amended, on
    /// firearms, parts or ammunition by name, whose only narrowing elements are ones the
    /// Convention forbids (taken out) or the obligation contains, and which is not only a customs
    /// offence. Otherwise: why not.
    fn extendable(&self, p: &Provision, ob: &Obligation) -> Result<(), String> {
        if !self.own(&p.address) {
            return Err("it is not in the act amended".into());
        }
        if p.qualifies.is_some() {
            return Err("it is a qualified form".into());
        }
        let (axes, _) = wanted(self.inst, ob);
        if axes.iter().any(|(f, _)| f == "object") {
            let objects = p.facets.get("object");
            let firearms = objects.is_some_and(|r| {
                ["firearm", "part-component", "ammunition"]
                    .iter()
                    .any(|v| r.values.contains_key(*v))
                    && !r.values.contains_key("goods")
            });
            if !firearms {
                return Err(
                    "it is not an offence on firearms, their parts or ammunition by name".into(),
                );
            }
        } else if let Some(why) = not_of_the_kind(self.inst, p, &axes) {
            return Err(why);
        }
        // A tag line with its own narrowing element reaches the values the obligation asks for
        // on it only in part: the draft takes the element out of that line, unless the element
        // rules out what the instrument leaves to the State (see `line_limits`).
        // The Firearms Protocol's offences keep the rule that a limited line makes a different
        // offence: the limits the corpus has there ("military" ammunition, acquiring "for the
        // purpose of sale") mark an offence with a heavier penalty, which widened would punish
        // mere holding or civilian ammunition as trafficking in or making of military weapons.
        let firearms = axes.iter().any(|(f, _)| f == "object");
        if firearms && p.facets.values().any(|r| !r.limits.is_empty()) {
            return Err("a tag line of it carries its own narrowing element".into());
        }
        // A line's own qualifier is taken out only where the instrument model says to take it
        // out (an `extend-existing` model provision with `takes-out-qualifiers`, e.g. TIP-5.1.a:
        // "take out any qualifier that narrows one of those forms"); elsewhere the qualifier may
        // say what the offence is (MK Art 216(1) induces to *use* drugs) or be one of two
        // purposes the instrument names (RS Art 245(1) converts property only to conceal its
        // origin, where 1988 Art 3(1)(b)(i) also names helping an offender evade the
        // consequences: struck out, the offence would punish any conversion), and a parallel
        // article is the safer draft.
        let guided =
            option(ob, ProvisionOption::ExtendExisting).is_some_and(|m| m.takes_out_qualifiers);
        for l in line_limits(self.inst, p, &self.named(ob)) {
            if let Some(why) = l.kept {
                return Err(why);
            }
            if !guided {
                return Err(format!(
                    "a tag line of it carries its own narrowing element ({} {}: {}), and the instrument model does not say to take such a qualifier out of an existing offence",
                    l.facet,
                    l.stated.join(", "),
                    l.words
                ));
            }
        }
        let (removable, contained) = self.removable(ob);
        for group in &p.requires {
            for e in group {
                match e.value() {
                    Some(v)
                        if removable.iter().any(|x| x == v) || contained.iter().any(|x| x == v) => {
                    }
                    _ => {
                        return Err(format!(
                            "it demands {} — a different offence, not to be widened",
                            e.label(
                                self.inst.facet_with_role(
                                    crate::model::instrument::FacetRole::Narrowing
                                )
                            )
                        ));
                    }
                }
            }
        }
        if let Some(c) = p.facets.get("circumstance")
            && !c.values.is_empty()
            && c.values.keys().all(|v| v == "evading-customs")
        {
            return Err("it is a customs offence".into());
        }
        Ok(())
    }
}

/// Facet → values.
type ValueLists = Vec<(String, Vec<String>)>;

/// The element facets an offence obligation asks for, with all the values its parts list
/// (and, apart, its `fixed` element values, of which an offence must reach one).
fn wanted(inst: &Instrument, ob: &Obligation) -> (ValueLists, ValueLists) {
    let mut axes: Vec<(String, Vec<String>)> = Vec::new();
    let mut fixed: Vec<(String, Vec<String>)> = Vec::new();
    for p in &ob.requirement.parts {
        if let Test::Provisions {
            axes: a, fixed: f, ..
        } = &p.test
        {
            for (facet, values) in a {
                let e = match axes.iter_mut().find(|(x, _)| x == facet) {
                    Some(e) => e,
                    None => {
                        axes.push((facet.clone(), Vec::new()));
                        let Some(e) = axes.last_mut() else { continue };
                        e
                    }
                };
                for v in values {
                    if !e.1.contains(v) {
                        e.1.push(v.clone());
                    }
                }
            }
            for (facet, values) in f {
                let is_element = inst
                    .facet(facet)
                    .is_some_and(|x| x.role == crate::model::instrument::FacetRole::Element);
                if is_element && !fixed.iter().any(|(x, _)| x == facet) {
                    fixed.push((facet.clone(), values.clone()));
                }
            }
        }
    }
    (axes, fixed)
}

/// Whether the provision reaches `asked` of `facet` fully (by its words, with no limit).
fn reaches(inst: &Instrument, p: &Provision, facet: &str, asked: &str) -> bool {
    let Some(f) = inst.facet(facet) else {
        return false;
    };
    let Some(r) = p.facets.get(facet) else {
        return f.when_absent == WhenAbsent::Anything;
    };
    r.values.keys().any(|stated| {
        f.meets(stated, asked) == Some(Meet::Fully)
            && r.limit_of(stated).is_none()
            && !r.interpreted.contains_key(stated)
    })
}

/// A tag line of an offence whose own narrowing element (`drug-conduct purchase, possess
/// requires purpose-of-sale`, `tip-purpose organ-removal requires "for transplantation"`) limits
/// values an obligation asks for: the line's facet and stated values, the element in words, and —
/// when the draft must not take it out — why.
struct LimitedLine {
    facet: String,
    stated: Vec<String>,
    words: String,
    kept: Option<String>,
}

/// The tag lines of `p` with their own narrowing element, read against the values `axes` names.
/// Where the element limits a value asked for, it is taken out of its line when extending the
/// offence (the line then reaches its values outright, which is what closes the cells), except
/// where it rules out a value of the
/// instrument's vocabulary (`purpose-of-sale` excludes `personal-use`): taking it out would make
/// the offence reach that too — possession for personal consumption, which the 1988 Convention's
/// Art 3(2) leaves to each State's constitutional principles — a legal choice the draft does not
/// make; the parallel article stays, and `kept` says why. A limited line the obligation asks
/// nothing of, or whose element the obligation itself names, marks a different offence: `kept`
/// too, as before lines could be taken out.
fn line_limits(inst: &Instrument, p: &Provision, axes: &ValueLists) -> Vec<LimitedLine> {
    let narrowing = inst.facet_with_role(crate::model::instrument::FacetRole::Narrowing);
    let mut out = Vec::new();
    const DIFFERENT: &str = "a tag line of it carries its own narrowing element";
    for (facet, r) in &p.facets {
        let asked: &[String] = axes
            .iter()
            .find(|(f, _)| f == facet)
            .map_or(&[], |(_, v)| v.as_slice());
        for (i, lim) in r.limits.iter().enumerate() {
            let limits_asked = asked.iter().any(|v| {
                r.limited.get(v) == Some(&i) || (lim.stated.contains(v) && r.limit_of(v).is_some())
            });
            // A limited line the obligation asks nothing of, or whose element the obligation
            // itself names (possession "for personal consumption" for DRUGS-3.2): the offence is
            // a different one, not widened.
            let names_asked = lim.requires.iter().flatten().any(|e| {
                e.value()
                    .is_some_and(|v| axes.iter().any(|(_, vs)| vs.iter().any(|x| x == v)))
            });
            if !limits_asked || names_asked {
                out.push(LimitedLine {
                    facet: facet.clone(),
                    stated: lim.stated.clone(),
                    words: String::new(),
                    kept: Some(DIFFERENT.to_string()),
                });
                continue;
            }
            let words: Vec<String> = lim
                .requires
                .iter()
                .flatten()
                .map(|e| e.label(narrowing))
                .collect();
            let excluded: Vec<String> = lim
                .requires
                .iter()
                .flatten()
                .filter_map(|e| e.value())
                .flat_map(|v| {
                    narrowing
                        .map(|n| {
                            n.values
                                .iter()
                                .filter(|x| n.excludes(v, &x.id))
                                .map(|x| x.label.clone())
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
                .collect();
            let words = words.join(", ");
            let kept = (!excluded.is_empty()).then(|| {
                format!(
                    "{DIFFERENT} ({} {}: {words}); taking it out of the line would make the offence reach also {} — a legal choice the instrument leaves to the State's constitutional principles, not the draft's",
                    facet,
                    lim.stated.join(", "),
                    excluded.join(", ")
                )
            });
            out.push(LimitedLine {
                facet: facet.clone(),
                stated: lim.stated.clone(),
                words,
                kept,
            });
        }
    }
    out
}

/// For an obligation of another instrument than the Firearms Protocol (no `object` facet: the
/// drug offences, trafficking in persons): why offence `p` is not an offence of the kind the
/// obligation asks for, so that widening it would change what it punishes — it names none of
/// the values asked for on one of the obligation's element facets, by itself or by a term that
/// includes it (a facet it leaves open reaches them where absence means anything), or states a
/// catch-all broader than those asked for. `None`: it is of the kind.
fn not_of_the_kind(inst: &Instrument, p: &Provision, axes: &ValueLists) -> Option<String> {
    for (facet, asked) in axes {
        let Some(f) = inst.facet(facet) else { continue };
        let Some(r) = p.facets.get(facet) else {
            if f.when_absent == WhenAbsent::Anything {
                continue;
            }
            return Some(format!("it says nothing of its {}", f.label));
        };
        let names_one = r.values.keys().any(|stated| {
            asked
                .iter()
                .any(|v| f.meets(stated, v) == Some(Meet::Fully))
        });
        if !names_one {
            return Some(format!(
                "it names none of the values of its {} asked for ({})",
                f.label,
                labels(inst, facet, asked)
            ));
        }
        // A catch-all: a value not asked for that includes one asked for and something the
        // obligation does not ask for (`goods` beside firearms); a code's own word for exactly
        // the values asked (`drug-plant` for the three plants) is not one.
        if let Some(broad) = r.values.keys().find(|stated| {
            !asked.contains(stated)
                && f.value(stated).is_some_and(|v| {
                    v.includes.iter().any(|i| asked.contains(i))
                        && v.includes.iter().any(|i| !asked.contains(i))
                })
        }) {
            return Some(format!(
                "it is an offence on {} in general, not one of the kind asked for",
                f.label_of(broad)
            ));
        }
    }
    None
}

/// The words the instrument's offences go by in a justification: "firearms offences" (the
/// protocol's `offence-noun`), else "offences of the 1988 Convention".
fn offences_noun(inst: &Instrument) -> String {
    match inst.parts.first() {
        Some(i) => match &i.offence_noun {
            Some(n) => format!("{n}s"),
            None => format!("offences of the {}", i.short),
        },
        None => "offences concerned".to_string(),
    }
}

/// A model provision's text with its placeholder for the articles it reaches (`[the firearms
/// articles]`, `[the drug offence articles]`, `[the trafficking in persons articles]`: square
/// brackets around words ending in "article" or "articles") replaced by `with`.
fn fill_articles(text: &str, with: &str) -> String {
    fill_articles_with(text, |_| with.to_string())
}

/// [`fill_articles`] with the replacement chosen by the placeholder's words.
fn fill_articles_with(text: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("[the ") {
        let Some(len) = rest[start..].find(']') else {
            break;
        };
        let inside = &rest[start + 1..start + len];
        out.push_str(&rest[..start]);
        if inside.ends_with("articles") || inside.ends_with("article") {
            out.push_str(&with(inside));
        } else {
            out.push_str(&rest[start..=start + len]);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The articles a new offence's placeholder refers to (`[the drug offence articles]`: those of
/// the code, and those this draft inserts, whose offences reach a cell of the instrument's
/// offence obligations; `[the drug trafficking article]`, singular: those reaching its
/// trafficking offence), as "article 300, article 300a"; "the articles concerned" where none.
fn instrument_articles(w: &Work, a: &Analysed, placeholder: &str) -> String {
    let singular = !placeholder.ends_with("articles");
    let trafficking = w
        .inst
        .parts
        .first()
        .and_then(|i| i.trafficking_offence.clone());
    let indices: Vec<usize> = match (&trafficking, singular) {
        (Some(t), true) => crate::coverage::offences_to_reach(w.inst, &a.law, t),
        _ => crate::coverage::offences_governed(w.inst, &a.law),
    };
    let mut articles: Vec<String> = Vec::new();
    for p in indices.iter().filter_map(|&i| a.law.provisions.get(i)) {
        if let Some(path) = UnitPath::from_address(&p.address, &w.prefix)
            && !articles.contains(&path.article)
        {
            articles.push(path.article);
        }
    }
    for (n, _, _, obs) in &w.inserted {
        let wanted = match (&trafficking, singular) {
            (Some(t), true) => obs.contains(t),
            _ => true,
        };
        if wanted && !articles.contains(n) {
            articles.push(n.clone());
        }
    }
    if articles.is_empty() {
        return "the articles concerned".to_string();
    }
    articles
        .iter()
        .map(|n| UnitPath::article(n).describe())
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_offence_obligation(ob: &Obligation) -> bool {
    ob.requirement.parts.iter().all(|p| {
        matches!(
            &p.test,
            Test::Provisions {
                block: crate::model::instrument::Block::Offence,
                ..
            }
        )
    })
}

/// An obligation's computed status in a coverage; "not assessed" where the coverage lacks it.
fn status_in(cov: &JurisdictionCoverage, id: &str) -> Status {
    cov.obligations
        .iter()
        .find(|o| o.id == id)
        .map_or(Status::NotAssessed, |o| o.computed_status)
}

fn option(ob: &Obligation, opt: ProvisionOption) -> Option<&ModelProvision> {
    ob.model_provisions.iter().find(|m| m.option == opt)
}

fn labels(inst: &Instrument, facet: &str, values: &[String]) -> String {
    let f = inst.facet(facet);
    values
        .iter()
        .map(|v| f.map_or(v.as_str(), |f| f.label_of(v)).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cells of an obligation not fully covered.
fn open_cells<'c>(cov: &'c JurisdictionCoverage, id: &str) -> Vec<&'c CellResult> {
    cov.obligations
        .iter()
        .find(|o| o.id == id)
        .map(|o| {
            o.cell_results
                .iter()
                .filter(|c| c.status != CellStatus::Covered)
                .collect()
        })
        .unwrap_or_default()
}

/// The offences of the act amended a rule must reach, as addresses in order: with `of` empty,
/// those a rule that must merely exist governs ([`crate::coverage::offences_governed`]); else,
/// for each obligation of `of`, those reaching its cells as far as the best offence does
/// ([`crate::coverage::offences_to_reach`]) — the engine's own definitions. Memoized per `of`
/// for one round.
fn governed(
    w: &Work,
    law: &LawInForce,
    memo: &mut BTreeMap<Vec<String>, Vec<String>>,
    of: &[String],
) -> Vec<String> {
    if let Some(found) = memo.get(of) {
        return found.clone();
    }
    let indices: BTreeSet<usize> = if of.is_empty() {
        crate::coverage::offences_governed(w.inst, law)
            .into_iter()
            .collect()
    } else {
        of.iter()
            .flat_map(|b| crate::coverage::offences_to_reach(w.inst, law, b))
            .collect()
    };
    let found: BTreeSet<String> = indices
        .into_iter()
        .filter_map(|i| law.provisions.get(i))
        .map(|p| p.address.clone())
        .filter(|a| w.own(a))
        .collect();
    let found: Vec<String> = found.into_iter().collect();
    memo.insert(of.to_vec(), found.clone());
    found
}

/// Drafts the bill for `req` and verifies it. `model` is the model of `loaded`.
pub fn draft(loaded: &Loaded, model: &Model, req: &Request) -> Result<Draft, DraftError> {
    let inst = &model.instrument;
    let j = req.jurisdiction.as_str();
    let law0 = model
        .corpus
        .law_at(inst, j, req.at)
        .ok_or(DraftError::UnknownJurisdiction)?;
    let cov0 = analyze_with(inst, &law0, None, &[], false);
    let act = law0
        .acts
        .iter()
        .find(|a| a.jurisdiction == j && a.kind == "criminal-code")
        .ok_or_else(|| {
            DraftError::NoCriminalCode(format!(
                "no criminal code of {j} is encoded in force on {}: there is no act to amend (a draft amends the criminal code)",
                req.at
            ))
        })?;
    let base = crate::amend::time::in_force(&loaded.laws, j, req.at)
        .get(act.act.as_str())
        .copied()
        .ok_or_else(|| DraftError::NoCriminalCode(format!("{j}/{} is not loaded", act.act)))?;
    let base_version = base.ast.header.version().map(|v| v.node).unwrap_or(req.at);
    let chain = law0.chain.clone();
    let children: Vec<String> = model
        .corpus
        .jurisdictions
        .values()
        .filter(|x| x.parent.as_deref() == Some(j))
        .map(|x| x.id.clone())
        .collect();
    let original = base
        .ast
        .header
        .languages()
        .map(|l| l.node.clone())
        .find(|l| l != "en");
    let mut w = Work {
        inst,
        j: j.to_string(),
        prefix: format!("{j}/{}@{base_version}/", act.act),
        law: base.ast.clone(),
        scheme: number::scheme(&base.ast),
        original,
        replaced: Vec::new(),
        inserted: Vec::new(),
        not_closable: BTreeMap::new(),
        has_children: children,
        chain: chain.clone(),
    };
    let targets = targeted(inst, &cov0, req.obligations.as_deref());
    for id in &targets {
        if let Some(c) = cov0.obligations.iter().find(|c| &c.id == id)
            && c.computed_status == Status::NotAssessed
        {
            w.not_closable.insert(
                id.clone(),
                format!(
                    "not assessed: {}",
                    c.not_assessed
                        .clone()
                        .unwrap_or_else(|| "what the law says is not known".into())
                ),
            );
        }
    }
    let invalid = |d: Vec<Diagnostic>| {
        DraftError::Invalid(
            "the drafted text does not make a valid act (a bug in lexgap draft)".into(),
            d,
        )
    };
    // Round 1: the offences.
    let mut a = analyse(loaded, &chain, base.file, &w.law, j, req.at).map_err(invalid)?;
    for id in &targets {
        let Some(ob) = inst.obligation(id) else {
            continue;
        };
        if is_offence_obligation(ob) && !w.not_closable.contains_key(id) {
            offence_round(&mut w, ob, &a);
        }
    }
    // Rounds 2…: general-part rules and penalties, until nothing more is done.
    for _ in 0..4 {
        a = analyse(loaded, &chain, base.file, &w.law, j, req.at).map_err(invalid)?;
        let before = (w.replaced.clone(), w.inserted.len());
        // Every obligation on the offences, targeted or not: a new offence must be reached by
        // the attempt, complicity and confiscation rules an obligation met before relies on.
        let open = rechecked(inst, &a.cov);
        for id in &open {
            let Some(ob) = inst.obligation(id) else {
                continue;
            };
            let asked = targets.contains(id)
                || ob
                    .depends_on()
                    .iter()
                    .any(|d| targets.iter().any(|t| t == d));
            if asked && !is_offence_obligation(ob) && !w.not_closable.contains_key(id) {
                rule_round(&mut w, ob, &a);
            }
        }
        let after_replaced: Vec<_> = w.replaced.iter().map(|(p, n, _)| (p, n.len())).collect();
        let before_replaced: Vec<_> = before.0.iter().map(|(p, n, _)| (p, n.len())).collect();
        if before_replaced == after_replaced && before.1 == w.inserted.len() {
            break;
        }
    }
    // The bill, and its verification by the code `lexgap diff --bill` runs.
    if let Some(eff) = req.effective
        && eff <= base_version
    {
        return Err(DraftError::Usage(format!(
            "--effective {eff} is not after {}/{}@{base_version}, the version the bill amends",
            w.j, act.act
        )));
    }
    let bill_text = bill_text(&w, base, base_version, req.at, req.effective)?;
    let mut sources = loaded.sources.clone();
    let file = sources.add(SourceFile::new(req.path.clone(), bill_text.clone()));
    let (bill, diags) = parse_bill(&bill_text);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| d.in_file(file))
        .collect();
    if !errors.is_empty() {
        return Err(DraftError::Invalid(
            "the drafted bill does not parse (a bug in lexgap draft)".into(),
            errors,
        ));
    }
    let with = Loaded {
        sources,
        laws: loaded.laws.clone(),
        instruments: loaded.instruments.clone(),
        jurisdictions: loaded.jurisdictions.clone(),
        assessments: loaded.assessments.clone(),
        bills: Vec::new(),
        diagnostics: Vec::new(),
        options: loaded.options.clone(),
    };
    let (comparison, _) = crate::amend::with_bill(&with, Some(model), &bill, file, Some(req.at))
        .map_err(|d| {
            DraftError::Invalid(
                "the drafted bill cannot be applied (a bug in lexgap draft)".into(),
                d.into_iter().map(|x| x.in_file(file)).collect(),
            )
        })?;
    let final_a = analyse(loaded, &chain, base.file, &w.law, j, req.at).map_err(invalid)?;
    // Obligations the draft touched beyond those asked for are reported too.
    let mut targets = targets;
    for (_, _, obs) in &w.replaced {
        targets.extend(obs.iter().cloned());
    }
    for (.., obs) in &w.inserted {
        targets.extend(obs.iter().cloned());
    }
    let mut seen = BTreeSet::new();
    targets.retain(|t| seen.insert(t.clone()));
    targets.sort_by_key(|t| inst.obligations.iter().position(|o| &o.id == t));
    let mut d = conclude(
        &w,
        &cov0,
        &final_a,
        targets,
        comparison.coverage,
        bill_text,
        req,
        base_version,
        &act.act,
    );
    let (procedure, unreachable) =
        procedure_bills(loaded, model, &w, req, &chain, base, &d, &final_a)?;
    d.procedure = procedure;
    // Where no list can take an offence (a measure available by a penalty threshold only), the
    // criminal-code bill's note says so, with or without a procedure bill.
    for (id, why) in unreachable {
        if let Some(n) = d.not_closed.iter_mut().find(|n| n.obligation == id) {
            n.reason = format!("{}; in the procedure code: {why}", n.reason);
        }
    }
    for pb in &d.procedure {
        for t in &pb.targets {
            if let Some(n) = d
                .not_closed
                .iter_mut()
                .find(|n| n.obligation == t.obligation)
            {
                let what = if t.after == Status::Full {
                    "closes it".to_string()
                } else {
                    format!("brings it to {}", status_words(t.after))
                };
                n.reason = format!(
                    "{}; the bill to {} drafted with this one ({}) {what}",
                    n.reason
                        .trim_end_matches(" is needed")
                        .trim_end_matches("; a bill to that act"),
                    pb.amends,
                    pb.file
                );
            }
        }
    }
    d.bill = with_not_closed_notes(&d.bill, &d.not_closed);
    Ok(d)
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::Full => "met",
        Status::Partial => "partly met",
        Status::None => "not met",
        Status::NotApplicable => "not applicable",
        Status::NotAssessed => "not assessed",
    }
}

/// The bills to other acts that go with the criminal-code draft `w`: for each obligation whose
/// rule lives in another encoded act of the jurisdiction (its `looks-in`) and that the draft
/// lists as not closable there, a bill to that act adding the offences the rule must reach to
/// its closed lists ([`procedure::round`]), read `with` the criminal-code bill, and verified as
/// `lexgap diff --bill` verifies it.
#[allow(clippy::too_many_arguments)]
fn procedure_bills(
    loaded: &Loaded,
    model: &Model,
    w: &Work,
    req: &Request,
    chain: &[String],
    base: &LawDoc,
    d: &Draft,
    after_cc: &Analysed,
) -> Result<(Vec<procedure::ProcedureBill>, BTreeMap<String, String>), DraftError> {
    let mut unreachable: BTreeMap<String, String> = BTreeMap::new();
    let j = w.j.as_str();
    let mut by_act: BTreeMap<String, Vec<&Obligation>> = BTreeMap::new();
    for o in &w.inst.obligations {
        if drafted_in_criminal_code(&o.looks_in)
            || !w.not_closable.contains_key(&o.id)
            || !d.not_closed.iter().any(|n| n.obligation == o.id)
        {
            continue;
        }
        if let Some(act) = after_cc
            .law
            .acts
            .iter()
            .find(|x| x.jurisdiction == j && o.looks_in.contains(&x.kind))
        {
            by_act.entry(act.act.clone()).or_default().push(o);
        }
    }
    let in_force = crate::amend::time::in_force(&loaded.laws, j, req.at);
    let invalid = |what: &str, d: Vec<Diagnostic>| {
        DraftError::Invalid(
            format!("the drafted bill to the {what} does not apply (a bug in lexgap draft)"),
            d,
        )
    };
    let mut out = Vec::new();
    for (act, obs) in by_act {
        let Some(pdoc) = in_force.get(act.as_str()).copied() else {
            continue;
        };
        let Some(pversion) = pdoc.ast.header.version().map(|v| v.node) else {
            continue;
        };
        let mut p = procedure::work(w, format!("{j}/{act}@{pversion}/"), pdoc.ast.clone());
        let mut found = procedure::Round::default();
        for _ in 0..3 {
            let a = analyse_many(
                loaded,
                chain,
                &[(base.file, &w.law), (pdoc.file, &p.law)],
                j,
                req.at,
            )
            .map_err(|e| invalid(&act, e))?;
            let r = procedure::round(&mut p, w, &a, &obs);
            let added = r.added;
            found.absorb(r);
            if added == 0 {
                break;
            }
        }
        if p.replaced.is_empty() {
            for id in found.unreachable.keys() {
                if let Some(why) = found.why_unreachable(id) {
                    unreachable.insert(id.clone(), why);
                }
            }
            continue;
        }
        let fin = analyse_many(
            loaded,
            chain,
            &[(base.file, &w.law), (pdoc.file, &p.law)],
            j,
            req.at,
        )
        .map_err(|e| invalid(&act, e))?;
        let file = procedure::file_name(&req.path, &act);
        let cc_name = req
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&req.path)
            .to_string();
        let text = bill_text(&p, pdoc, pversion, req.at, req.effective)?;
        let (mut bill, diags) = parse_bill(&text);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(invalid(&act, diags));
        }
        let fields = &mut bill.header.fields;
        fields.push(crate::syntax::bill::BillField::With(
            sp(cc_name.clone()),
            None,
        ));
        fields.push(crate::syntax::bill::BillField::Note(
            sp(if found.names_inserted {
                format!(
                    "read with: {cc_name}, the draft amending {} — this bill's lists name articles that bill inserts, and it applies first",
                    d.amends
                )
            } else {
                format!(
                    "read with: {cc_name}, the draft amending {} — it applies first: the offences this bill lists are those the measures must reach once that bill is law",
                    d.amends
                )
            }),
            None,
        ));
        for (ob, offences) in &found.by_threshold {
            fields.push(crate::syntax::bill::BillField::Note(
                sp(format!(
                    "{ob}: already reached by a penalty threshold, not added to a list: {}",
                    offences.iter().cloned().collect::<Vec<_>>().join("; ")
                )),
                None,
            ));
        }
        let text = crate::syntax::format_bill(&bill);
        // The verification `lexgap diff --bill` makes: both bills beside each other in the
        // jurisdiction's bills folder, this one applied with the criminal-code bill.
        let dir = req
            .path
            .rsplit_once(['/', '\\'])
            .map_or(String::new(), |(dir, _)| {
                format!("{}/", dir.replace('\\', "/"))
            });
        let mut sources = loaded.sources.clone();
        let cc_file = sources.add(SourceFile::new(format!("{dir}{cc_name}"), d.bill.clone()));
        let pfile = sources.add(SourceFile::new(format!("{dir}{file}"), text.clone()));
        let with = Loaded {
            sources,
            laws: loaded.laws.clone(),
            instruments: loaded.instruments.clone(),
            jurisdictions: loaded.jurisdictions.clone(),
            assessments: loaded.assessments.clone(),
            bills: vec![cc_file, pfile],
            diagnostics: Vec::new(),
            options: loaded.options.clone(),
        };
        let (parsed, diags) = parse_bill(&text);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(invalid(
                &act,
                diags.into_iter().map(|x| x.in_file(pfile)).collect(),
            ));
        }
        let (comparison, _) =
            crate::amend::with_bill(&with, Some(model), &parsed, pfile, Some(req.at))
                .map_err(|e| invalid(&act, e.into_iter().map(|x| x.in_file(pfile)).collect()))?;
        let mut targets = Vec::new();
        let mut not_closed = Vec::new();
        for ob in &obs {
            let (before, after) = (
                status_in(&after_cc.cov, &ob.id),
                status_in(&fin.cov, &ob.id),
            );
            targets.push(Target {
                obligation: ob.id.clone(),
                title: ob.title.clone(),
                kind: ob.kind,
                before,
                after,
            });
            if after != Status::Full {
                let why = found.why_unreachable(&ob.id).unwrap_or_else(|| {
                    "the lists this bill extends do not reach every cell".into()
                });
                not_closed.push(NotClosed {
                    obligation: ob.id.clone(),
                    status: after,
                    reason: why,
                });
            }
        }
        let mut operations = operations(&p);
        if let Some(delta) = &comparison.coverage {
            for op in &mut operations {
                for ob in &delta.obligations {
                    let cells: Vec<String> = ob
                        .gained
                        .iter()
                        .filter(|c| {
                            c.provisions.iter().any(|a| {
                                UnitPath::in_act(a, &format!("{j}/{act}")).is_some_and(|path| {
                                    op.paths.iter().any(|x| path.within(x) || x.within(&path))
                                })
                            })
                        })
                        .map(|c| match &c.part {
                            Some(part) => format!("{part}: {}", c.cell),
                            None => c.cell.clone(),
                        })
                        .collect();
                    if !cells.is_empty() {
                        op.planned.closes.insert(ob.id.clone(), cells);
                    }
                }
            }
        }
        let text = with_not_closed_notes(&text, &not_closed);
        out.push(procedure::ProcedureBill {
            amends: format!("{j}/{act}@{pversion}"),
            file,
            bill: text,
            operations: operations.into_iter().map(|o| o.planned).collect(),
            targets,
            not_closed,
        });
    }
    Ok((out, unreachable))
}

/// The prefix of a header note that lists a targeted obligation the bill does not close.
pub const NOT_CLOSED_NOTE: &str = "not closed: ";

/// The bill with a header note per targeted obligation it leaves open, with why (`not closed:
/// UNTOC-2.b — …`), so that the bill itself tells a working group what it cannot do; `report
/// gap --draft` shows them. Notes change nothing the bill does.
fn with_not_closed_notes(bill: &str, not_closed: &[NotClosed]) -> String {
    if not_closed.is_empty() {
        return bill.to_string();
    }
    let (mut parsed, diags) = parse_bill(bill);
    if diags.iter().any(Diagnostic::is_error) {
        return bill.to_string();
    }
    for n in not_closed {
        parsed
            .header
            .fields
            .push(crate::syntax::bill::BillField::Note(
                sp(format!("{NOT_CLOSED_NOTE}{} — {}", n.obligation, n.reason)),
                None,
            ));
    }
    crate::syntax::format_bill(&parsed)
}

/// The obligations a draft's header notes list as not closed, with why.
pub fn not_closed_notes(bill: &crate::syntax::bill::BillFile) -> BTreeMap<String, String> {
    bill.header
        .notes()
        .filter_map(|n| {
            let rest = n.node.strip_prefix(NOT_CLOSED_NOTE)?;
            let (id, why) = rest.split_once(" — ")?;
            Some((id.to_string(), why.to_string()))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn conclude(
    w: &Work,
    cov0: &JurisdictionCoverage,
    fin: &Analysed,
    targets: Vec<String>,
    delta: Option<CoverageDelta>,
    bill: String,
    req: &Request,
    base_version: Date,
    act: &str,
) -> Draft {
    let mut out_targets = Vec::new();
    let mut not_closed = Vec::new();
    for id in &targets {
        let Some(ob) = w.inst.obligation(id) else {
            continue;
        };
        let (before, after) = (status_in(cov0, id), status_in(&fin.cov, id));
        out_targets.push(Target {
            obligation: id.clone(),
            title: ob.title.clone(),
            kind: ob.kind,
            before,
            after,
        });
        if after != Status::Full {
            let upstream = ob
                .depends_on()
                .into_iter()
                .find_map(|d| w.not_closable.get(d).map(|r| (d.to_string(), r.clone())));
            let reason = match (w.not_closable.get(id), upstream) {
                (Some(r), _) => r.clone(),
                (None, Some((d, r))) => {
                    format!("it rests on {d}, which this bill does not close: {r}")
                }
                (None, None) => match None::<String> {
                    Some(r) => r,
                    None => fin
                        .cov
                        .obligations
                        .iter()
                        .find(|o| &o.id == id)
                        .map(|o| {
                            let texts: Vec<String> =
                                o.missing.iter().take(3).map(|m| m.text.clone()).collect();
                            if texts.is_empty() {
                                "the bill does not reach it".to_string()
                            } else {
                                format!("still open after the bill: {}", texts.join("; "))
                            }
                        })
                        .unwrap_or_default(),
                },
            };
            not_closed.push(NotClosed {
                obligation: id.clone(),
                status: after,
                reason,
            });
        }
    }
    let worsened: Vec<(String, Status, Status)> = cov0
        .obligations
        .iter()
        .filter_map(|o| {
            let after = status_in(&fin.cov, &o.id);
            (rank(after) < rank(o.computed_status))
                .then(|| (o.id.clone(), o.computed_status, after))
        })
        .collect();
    // An obligation the bill makes less met for a reason the draft knows (a new offence that a
    // rule of another act — the procedure code's list of offences for controlled delivery —
    // must be made to reach) is listed with that reason, so the bill itself says what else
    // must be amended.
    for (id, _, after) in &worsened {
        if !targets.contains(id)
            && let Some(r) = w.not_closable.get(id)
        {
            not_closed.push(NotClosed {
                obligation: id.clone(),
                status: *after,
                reason: format!("less met with this bill: {r}"),
            });
        }
    }
    // Likewise an obligation on the offences whose rule lives in another act (UNTOC-20.1: the
    // special investigative measures of the procedure code), open before and after: the bill
    // cannot close it, and says which act must be amended.
    for o in &w.inst.obligations {
        let after = status_in(&fin.cov, &o.id);
        if targets.contains(&o.id)
            || not_closed.iter().any(|n| n.obligation == o.id)
            || matches!(after, Status::Full | Status::NotApplicable)
        {
            continue;
        }
        if let Some(r) = w.not_closable.get(&o.id) {
            not_closed.push(NotClosed {
                obligation: o.id.clone(),
                status: after,
                reason: r.clone(),
            });
        }
    }
    // Which cells each operation closes, from the delta's provisions.
    let mut operations = operations(w);
    if let Some(d) = &delta {
        let eff_prefix = w.prefix.clone();
        for op in &mut operations {
            for ob in &d.obligations {
                let mut cells = Vec::new();
                for c in &ob.gained {
                    let hit = c.provisions.iter().any(|p| {
                        let p = retarget(p, &eff_prefix);
                        UnitPath::from_address(&p, &eff_prefix).is_some_and(|path| {
                            op.paths.iter().any(|x| path.within(x) || x.within(&path))
                        })
                    });
                    if hit {
                        cells.push(match &c.part {
                            Some(part) => format!("{part}: {}", c.cell),
                            None => c.cell.clone(),
                        });
                    }
                }
                if !cells.is_empty() {
                    op.planned.closes.insert(ob.id.clone(), cells);
                }
            }
        }
    }
    Draft {
        jurisdiction: w.j.clone(),
        amends: format!("{}/{act}@{base_version}", w.j),
        at: req.at,
        bill,
        operations: operations.into_iter().map(|o| o.planned).collect(),
        targets: out_targets,
        not_closed,
        worsened,
        delta,
        procedure: Vec::new(),
    }
}

/// A delta's address names the version the bill would make (`…@EFFECTIVE/…`); give it the
/// prefix of the version amended, so it can be matched with the draft's units.
fn retarget(address: &str, prefix: &str) -> String {
    let Some(act_end) = prefix.find('@') else {
        return address.to_string();
    };
    let act = prefix.get(..=act_end).unwrap_or(prefix);
    match address.strip_prefix(act) {
        Some(rest) => match rest.find('/') {
            Some(i) => format!("{prefix}{}", rest.get(i + 1..).unwrap_or("")),
            None => address.to_string(),
        },
        None => address.to_string(),
    }
}

struct Op {
    planned: Planned,
    paths: Vec<UnitPath>,
}

fn operations(w: &Work) -> Vec<Op> {
    let mut out = Vec::new();
    for (number, after, why, obs) in &w.inserted {
        out.push(Op {
            planned: Planned {
                operation: format!("insert article {number} after article {after}"),
                obligations: obs.iter().cloned().collect(),
                justification: why.clone(),
                closes: BTreeMap::new(),
            },
            paths: vec![UnitPath::article(number)],
        });
    }
    for (path, why, obs) in emitted_replacements(w) {
        out.push(Op {
            planned: Planned {
                operation: format!("replace {}", path.describe()),
                obligations: obs.iter().cloned().collect(),
                justification: why,
                closes: BTreeMap::new(),
            },
            paths: vec![path],
        });
    }
    out
}

/// The replacements the bill makes: a unit whose enclosing unit is replaced too goes with it.
fn emitted_replacements(w: &Work) -> Vec<(UnitPath, Vec<String>, BTreeSet<String>)> {
    let mut out: Vec<(UnitPath, Vec<String>, BTreeSet<String>)> = Vec::new();
    for (p, why, obs) in &w.replaced {
        let outer = w
            .replaced
            .iter()
            .find(|(q, ..)| q != p && p.within(q))
            .map(|(q, ..)| q.clone());
        let key = outer.unwrap_or_else(|| p.clone());
        match out.iter_mut().find(|(q, ..)| *q == key) {
            Some(e) => {
                e.1.extend(why.iter().cloned());
                e.2.extend(obs.iter().cloned());
            }
            None => out.push((key, why.clone(), obs.clone())),
        }
    }
    out
}

// ------------------------------------------------------------------------- round 1: offences

fn offence_round(w: &mut Work, ob: &Obligation, a: &Analysed) {
    let open = open_cells(&a.cov, &ob.id);
    if open.is_empty() {
        return;
    }
    // The offence that already reaches most cells (a qualified form counts for its basic one).
    let mut score: BTreeMap<String, usize> = BTreeMap::new();
    let mut ancestor_hits: BTreeSet<String> = BTreeSet::new();
    // Offences (as their basic ones) that reach at least one cell fully: of the kind asked for,
    // so a new offence beside them may take their penalty.
    let mut reaching_fully: BTreeSet<String> = BTreeSet::new();
    // The parts (limbs) each offence reaches a cell of, and the parts with an open cell.
    let mut parts_reached: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let open_parts: BTreeSet<usize> = open.iter().map(|c| c.part_index).collect();
    if let Some(o) = a.cov.obligations.iter().find(|o| o.id == ob.id) {
        for c in &o.cell_results {
            let mut seen = BTreeSet::new();
            for e in &c.evidence {
                if e.kind != "offence"
                    || e.status == CellStatus::NotCovered
                    || e.status == CellStatus::Unknown
                {
                    continue;
                }
                let basic = w.basic(&a.law, &e.address);
                if e.status == CellStatus::Covered {
                    reaching_fully.insert(basic.clone());
                }
                if !w.own(&basic) {
                    ancestor_hits.insert(basic.clone());
                }
                parts_reached
                    .entry(basic.clone())
                    .or_default()
                    .insert(c.part_index);
                if seen.insert(basic.clone()) {
                    *score.entry(basic).or_default() += 1;
                }
            }
        }
    }
    let parent_level = w.chain.len() > 1
        && ancestor_hits.iter().any(|addr| {
            w.chain
                .iter()
                .skip(1)
                .any(|c| addr.starts_with(&format!("{c}/")))
        });
    if parent_level {
        let named: Vec<String> = ancestor_hits
            .iter()
            .take(3)
            .map(|a| crate::coverage::short_address(a))
            .collect();
        let parent = w.chain.get(1).cloned().unwrap_or_default();
        w.not_closable.insert(
            ob.id.clone(),
            format!(
                "offences of the level above ({parent}: {}) already reach it; it is closed in that code (lexgap draft {parent}), not by a parallel offence in {}",
                named.join(", "),
                w.j
            ),
        );
        return;
    }
    // The Firearms Protocol's offences are extended to the conduct and objects they lack (an
    // offence of making firearms gains assembly and parts). For another instrument an offence is
    // extended only if it already reaches a cell of every limb with an open cell: otherwise the
    // extension grafts one limb onto an offence of another (possession of drugs onto a paragraph
    // on cultivation, bug draft_RS_drugs_grafts_possession_onto_cultivation).
    let firearms_model = wanted(w.inst, ob).0.iter().any(|(f, _)| f == "object");
    let mut ranked: Vec<(&String, &usize)> = score
        .iter()
        .filter(|(k, _)| w.own(k))
        .filter(|(k, _)| {
            firearms_model
                || parts_reached
                    .get(*k)
                    .is_some_and(|reached| open_parts.is_subset(reached))
        })
        .collect();
    ranked.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
    let best = ranked.first().map(|(k, n)| ((*k).clone(), **n));
    let mut why_not = None;
    if let Some((addr, n)) = &best
        && let Some(p) = w.provision(&a.law, addr)
    {
        match w.extendable(p, ob) {
            Ok(()) => {
                if extend(w, ob, p, *n) {
                    return;
                }
                why_not = Some("its unit holds more than one offence".to_string());
            }
            Err(e) => why_not = Some(e),
        }
    }
    // The Firearms Protocol's offences keep the penalty of the nearest offence whatever it
    // reaches (a goods-smuggling or weapons offence of comparable gravity, docs/draft.md); for
    // another instrument the nearest offence may punish another form altogether (trafficking
    // "for sale" beside possession for personal consumption), so only one reaching a cell fully
    // lends its penalty.
    let best_reaches_fully = best
        .as_ref()
        .is_some_and(|(addr, _)| firearms_model || reaching_fully.contains(addr));
    insert_offence(
        w,
        ob,
        a,
        best.as_ref().map(|(addr, _)| addr.as_str()),
        best_reaches_fully,
        why_not,
    );
}

/// Extends the offence at `p` to every value `ob` asks for. False when its unit cannot be
/// edited (several offences in it).
fn extend(w: &mut Work, ob: &Obligation, p: &Provision, score: usize) -> bool {
    let Some(path) = UnitPath::from_address(&p.address, &w.prefix) else {
        return false;
    };
    let (axes, fixed) = wanted(w.inst, ob);
    // Lines whose own narrowing element is taken out: their values are then reached outright.
    let stripped: Vec<LimitedLine> = line_limits(w.inst, p, &w.named(ob))
        .into_iter()
        .filter(|l| l.kept.is_none())
        .collect();
    let freed = |facet: &str, v: &str| {
        stripped
            .iter()
            .any(|l| l.facet == facet && l.stated.iter().any(|x| x == v))
    };
    let mut additions: Vec<(String, Vec<String>)> = Vec::new();
    for (facet, values) in &axes {
        let missing: Vec<String> = values
            .iter()
            .filter(|v| !reaches(w.inst, p, facet, v) && !freed(facet, v))
            .cloned()
            .collect();
        if !missing.is_empty() {
            additions.push((facet.clone(), missing));
        }
    }
    for (facet, values) in &fixed {
        if !values.iter().any(|v| reaches(w.inst, p, facet, v))
            && let Some(v) = values.first()
        {
            additions.push((facet.clone(), vec![v.clone()]));
        }
    }
    let (removable, _) = w.removable(ob);
    let inst = w.inst;
    let Some(u) = edit::unit_mut(&mut w.law, &path) else {
        return false;
    };
    let old_en = edit::english(u);
    let old_texts = edit::original_texts(u);
    let Some(o) = edit::only_offence_mut(u) else {
        return false;
    };
    for (facet, values) in &additions {
        edit::add_tag_line(o, facet, values);
    }
    let removed = edit::remove_requires(o, &removable);
    let mut struck = Vec::new();
    for l in &stripped {
        if edit::remove_line_limit(o, &l.facet, &l.stated) {
            struck.push(format!(
                "{}: {} without the line's own element {} (taken out)",
                inst.facet(&l.facet)
                    .map_or(l.facet.as_str(), |x| x.label.as_str()),
                labels(inst, &l.facet, &l.stated),
                l.words
            ));
        }
    }
    let mut said: Vec<String> = additions
        .iter()
        .map(|(f, v)| {
            format!(
                "{}: {}",
                inst.facet(f).map_or(f.as_str(), |x| x.label.as_str()),
                labels(inst, f, v)
            )
        })
        .collect();
    if !removed.is_empty() {
        said.push(format!(
            "no longer requiring {}",
            labels(inst, "requires", &removed)
        ));
    }
    let english_struck: Vec<String> = stripped
        .iter()
        .map(|l| {
            format!(
                "the offence is no longer limited by {} (the words of the text that limit it are struck out)",
                l.words
            )
        })
        .collect();
    let english_said = said.clone();
    if !struck.is_empty() {
        said.push(struck.join("; "));
    }
    let english = edit::amended_english(
        old_en,
        &match (english_struck.is_empty(), english_said.is_empty()) {
            (true, _) => format!("the offence also reaches {}", said.join("; ")),
            (false, true) => english_struck.join("; "),
            (false, false) => format!(
                "{}; the offence also reaches {}",
                english_struck.join("; "),
                english_said.join("; ")
            ),
        },
    );
    edit::set_texts(u, &english, &|lang| edit::placeholder(lang, &old_texts));
    let guidance = option(ob, ProvisionOption::ExtendExisting)
        .map(|m| format!(" Model provision {}/{}: {}", ob.id, m.id, m.text))
        .unwrap_or_default();
    w.note_replaced(
        &path,
        &ob.id,
        format!(
            "{} ({}): extends {} — the offence that already reaches most of its cells ({score}) — rather than adding a parallel offence: adds {}.{guidance}",
            ob.id,
            ob.title,
            path.describe(),
            said.join("; "),
        ),
    );
    true
}

/// The article a new offence for `ob` goes next to: the one holding the best candidate, else
/// the last article of the act with an offence of the instrument's kind (on firearms).
fn related_article(w: &Work, ob: &Obligation, a: &Analysed, best: Option<&str>) -> Option<String> {
    if let Some(b) = best
        && let Some(p) = UnitPath::from_address(b, &w.prefix)
    {
        return Some(p.article);
    }
    // An offence of the instrument's kind: on firearms by name, or, for another instrument
    // (drugs, trafficking in persons), tagged with one of the facets the obligation asks for.
    let (axes, _) = wanted(w.inst, ob);
    let firearms_model = axes.iter().any(|(f, _)| f == "object");
    // Another instrument's offence goes next to the code's article on its trafficking offence
    // (cultivation or incitement beside drug trafficking, not after money laundering, which
    // also speaks the drug vocabulary).
    if !firearms_model
        && let Some(t) = w
            .inst
            .parts
            .first()
            .and_then(|i| i.trafficking_offence.as_deref())
        && let Some(article) = crate::coverage::offences_to_reach(w.inst, &a.law, t)
            .into_iter()
            .filter_map(|i| a.law.provisions.get(i))
            .find_map(|p| UnitPath::from_address(&p.address, &w.prefix))
            .map(|p| p.article)
    {
        return Some(article);
    }
    let of_kind = |p: &Provision| {
        if firearms_model {
            p.facets
                .get("object")
                .is_some_and(|r| r.values.contains_key("firearm"))
        } else {
            axes.iter().any(|(f, _)| p.facets.contains_key(f))
        }
    };
    let mut last = None;
    for item in &w.law.items {
        let Item::Article(u) = item else { continue };
        let UnitNumber::Known(n) = &u.number.node else {
            continue;
        };
        let path = UnitPath::article(n);
        let related = a.law.provisions.iter().any(|p| {
            UnitPath::from_address(&p.address, &w.prefix).is_some_and(|x| x.within(&path))
                && of_kind(p)
        });
        if related {
            last = Some(n.clone());
        }
    }
    last
}

fn penalty_of(w: &Work, address: Option<&str>) -> Option<crate::syntax::ast::Penalty> {
    let path = UnitPath::from_address(address?, &w.prefix)?;
    let u = edit::unit(&w.law, &path)?;
    u.body.iter().find_map(|e| match e {
        Entry::Offence(o) => o.penalty().cloned(),
        _ => None,
    })
}

fn insert_offence(
    w: &mut Work,
    ob: &Obligation,
    a: &Analysed,
    best: Option<&str>,
    best_reaches_fully: bool,
    why_not: Option<String>,
) {
    let Some(mp) = option(ob, ProvisionOption::SeparateOffence) else {
        w.not_closable.insert(
            ob.id.clone(),
            "the instrument model has no model provision for a separate offence".into(),
        );
        return;
    };
    let related = related_article(w, ob, a, best);
    let last_article = w.law.items.iter().rev().find_map(|i| match i {
        Item::Article(u) => match &u.number.node {
            UnitNumber::Known(n) => Some(n.clone()),
            UnitNumber::Unknown | UnitNumber::Unreadable => None,
        },
        _ => None,
    });
    let Some(anchor_of) = related.clone().or(last_article) else {
        w.not_closable.insert(
            ob.id.clone(),
            "the code has no numbered article to place a new one by".into(),
        );
        return;
    };
    let Some((number, after)) =
        number::next_after(&w.law, &w.scheme, &anchor_of, &w.taken_numbers())
    else {
        w.not_closable.insert(
            ob.id.clone(),
            format!("no free number after article {anchor_of} in the code's scheme"),
        );
        return;
    };
    // The penalty: the related offence's, its maximum raised to what the model asks — where it
    // may lend it (`best_reaches_fully`, see `offence_round`).
    let source_penalty = if best_reaches_fully {
        penalty_of(w, best)
    } else {
        None
    };
    let mut penalty_note = match (best, best_reaches_fully) {
        (Some(b), false) => format!(
            "the penalty is the drafters' choice: {} reaches its cells only in part, so its penalty is not taken",
            crate::coverage::short_address(b)
        ),
        _ => String::new(),
    };
    let mut penalty = match source_penalty {
        Some(p) => {
            penalty_note = format!(
                "the penalty follows {} ({})",
                best.map(crate::coverage::short_address).unwrap_or_default(),
                crate::syntax::format::penalty(&p)
            );
            p
        }
        None => crate::syntax::ast::Penalty {
            terms: vec![(
                None,
                sp(crate::syntax::ast::PenaltyTerm::Prison(
                    crate::syntax::ast::Range {
                        min: None,
                        max: Some(sp(crate::syntax::ast::Bound::Unknown)),
                    },
                )),
            )],
            trailing: None,
            span: Span::default(),
        },
    };
    if let Some(min) = mp.max_prison_at_least
        && edit::raise_max(&mut penalty, min).is_some()
    {
        if !penalty_note.is_empty() {
            penalty_note.push_str(", ");
        }
        penalty_note.push_str(&format!(
            "the maximum set to {min} so that it is a serious crime (UNTOC Art 2(b)); the minimum is the drafters' choice"
        ));
    }
    let english = format!(
        "DRAFT (our own words, not an official text): {}",
        fill_articles_with(&mp.text, |inside| instrument_articles(w, a, inside))
    );
    let mut body = vec![Entry::Text(edit::text("en", &english))];
    if let Some(lang) = &w.original {
        body.push(Entry::Text(edit::text(lang, &edit::placeholder(lang, &[]))));
    }
    let mut lines = Vec::new();
    for (facet, values) in &mp.offence {
        lines.push(crate::syntax::ast::OffenceLine::Tag(edit::tag_line(
            facet, values,
        )));
    }
    lines.push(crate::syntax::ast::OffenceLine::Penalty(penalty));
    body.push(Entry::Offence(crate::syntax::ast::Offence {
        lines,
        trailing: None,
        span: Span::default(),
    }));
    body.push(Entry::Verified(crate::syntax::ast::Verified {
        status: sp(crate::syntax::ast::Verification::No),
        note: Some(sp("a draft of lexgap's, not law in force".to_string())),
        trailing: None,
    }));
    let unit = Unit {
        kind: UnitKind::Article,
        number: sp(UnitNumber::Known(number.clone())),
        title: mp.title.clone().map(sp),
        trailing: None,
        body,
        span: Span::default(),
    };
    edit::insert_article_after(&mut w.law, &after, unit);
    let place = match &related {
        Some(r) => {
            format!("placed after article {after}, next to article {r}, the related offence")
        }
        None => format!("placed after article {after}: the code has no related offence"),
    };
    let why = match (best, why_not) {
        (Some(b), Some(reason)) => format!(
            "the nearest offence, {}, is not extended: {reason}",
            crate::coverage::short_address(b)
        ),
        _ => "no offence of the code reaches its cells".to_string(),
    };
    let mut notes = vec![format!(
        "{} ({}): a new offence from model provision {}/{} ({}); {why}; {place}; {}; {}.",
        ob.id,
        ob.title,
        ob.id,
        mp.id,
        mp.follows
            .iter()
            .map(|r| format!(
                "{} {}{}",
                r.source,
                r.place,
                if r.verification == crate::model::instrument::Verification::Unverified {
                    " [unverified]"
                } else {
                    ""
                }
            ))
            .collect::<Vec<_>>()
            .join("; "),
        w.scheme.describe(),
        if penalty_note.is_empty() {
            "penalty: the drafters' choice".to_string()
        } else {
            penalty_note
        },
    )];
    if !w.has_children.is_empty() {
        notes.push(format!(
            "{} has sub-jurisdictions with codes of their own ({}): whether this offence belongs in this code is a question of competence for the drafters.",
            w.j,
            w.has_children.join(", ")
        ));
    }
    w.inserted
        .push((number, after, notes, BTreeSet::from([ob.id.clone()])));
}

// ------------------------------------------------------------ rounds 2…: rules and penalties

/// Whether `rule` applies to offence `p` (its conditions, as the engine reads them).
fn applies(law: &LawInForce, rule: &crate::model::in_force::GeneralRule, p: &Provision) -> bool {
    if rule.is_unconditional() {
        return true;
    }
    rule.conditions.iter().any(|c| applies_one(law, rule, p, c))
}

/// One condition of [`applies`]. A `requires` condition (only where the case has a further
/// element) is not taken to hold: the draft does not rely on a rule that reaches the offence in
/// part.
fn applies_one(
    law: &LawInForce,
    rule: &crate::model::in_force::GeneralRule,
    p: &Provision,
    c: &RuleCondition,
) -> bool {
    let max = p.max_prison();
    match c {
        RuleCondition::Requires { .. } => false,
        RuleCondition::All { all } => all.iter().all(|m| applies_one(law, rule, p, m)),
        RuleCondition::Any { any } => any.iter().any(|m| applies_one(law, rule, p, m)),
        RuleCondition::Always => true,
        RuleCondition::Listed { addresses, .. } => addresses
            .iter()
            .any(|a| p.address == *a || p.address.starts_with(&format!("{a}/"))),
        RuleCondition::MaxAtLeast { bound, strict } => match (max, bound) {
            (Some(m), Some(b)) => {
                m.life
                    || m.known
                        .is_some_and(|d| if *strict { d > *b } else { d >= *b })
                    || m.open_from.is_some()
            }
            _ => false,
        },
        RuleCondition::Expressly => p.expressly.contains(&rule.kind),
        RuleCondition::Class { class } => {
            p.class.as_deref() == Some(class.as_str())
                || (p.class.is_none()
                    && law.classes.iter().any(|cr| {
                        cr.class == *class
                            && cr.test.is_some_and(|(op, b)| {
                                let Some(b) = b else { return false };
                                max.and_then(|m| m.known).is_some_and(|d| match op {
                                    crate::syntax::ast::Compare::AtLeast => d >= b,
                                    crate::syntax::ast::Compare::MoreThan => d > b,
                                    crate::syntax::ast::Compare::LessThan => d < b,
                                    crate::syntax::ast::Compare::AtMost => d <= b,
                                })
                            })
                    }))
        }
    }
}

/// The scope facet value of a rule cell (`organizing`), and the obligation it is "of".
fn rule_cell(cell: &CellResult) -> (Option<String>, Option<String>) {
    let of = cell
        .values
        .iter()
        .find(|(a, _)| a == OF_AXIS)
        .map(|(_, v)| v.clone());
    let scope = cell
        .values
        .iter()
        .find(|(a, _)| a != OF_AXIS)
        .map(|(_, v)| v.clone());
    (scope, of)
}

fn rule_covers(
    inst: &Instrument,
    rule: &crate::model::in_force::GeneralRule,
    scope: Option<&str>,
) -> bool {
    let Some(scope) = scope else { return true };
    let Some(facet) = inst.covers_facet(&rule.kind) else {
        return false;
    };
    rule.covers
        .iter()
        .any(|c| facet.meets(c, scope) == Some(Meet::Fully))
}

fn rule_round(w: &mut Work, ob: &Obligation, a: &Analysed) {
    let open = open_cells(&a.cov, &ob.id);
    if open.is_empty() {
        return;
    }
    let mut memo = BTreeMap::new();
    // Missing rules to create: (kind) → scopes, offences.
    let mut create: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for cell in open {
        let Some(part) = ob.requirement.parts.get(cell.part_index) else {
            continue;
        };
        match &part.test {
            Test::Rule { kind, of, .. } => {
                let (scope, base_ob) = rule_cell(cell);
                let offences: Vec<String> = match &base_ob {
                    Some(b) => governed(w, &a.law, &mut memo, std::slice::from_ref(b)),
                    None => governed(w, &a.law, &mut memo, of),
                };
                let scope_only = if of.is_empty() {
                    cell.values.first().map(|(_, v)| v.clone())
                } else {
                    scope
                };
                if offences.is_empty() && !of.is_empty() {
                    continue;
                }
                let rules: Vec<&crate::model::in_force::GeneralRule> = a
                    .law
                    .rules
                    .iter()
                    .filter(|r| r.kind == *kind && rule_covers(w.inst, r, scope_only.as_deref()))
                    .filter(|r| r.jurisdiction == w.j)
                    .collect();
                if !drafted_in_criminal_code(&ob.looks_in) {
                    elsewhere_rule(w, ob, a, kind, scope_only.as_deref(), &rules, &offences);
                    continue;
                }
                if base_ob.is_none() && of.is_empty() {
                    if must_exist(w, ob, a, kind, scope_only.as_deref(), &rules, &offences) {
                        continue;
                    }
                    if !rules.is_empty() {
                        // Only the special part has rules of the kind, each for its own
                        // offences: a general-part article for all of them.
                        let e = create.entry(kind.clone()).or_default();
                        if let Some(s) = &scope_only {
                            e.0.insert(s.clone());
                        }
                        e.1.extend(offences.iter().cloned());
                        continue;
                    }
                }
                if rules.is_empty() {
                    if let Some(elsewhere) = a.law.acts.iter().find(|x| {
                        x.jurisdiction == w.j
                            && !w.own(&format!("{}/", x.address))
                            && ob
                                .looks_in
                                .first()
                                .is_some_and(|k| *k == x.kind && k != "criminal-code")
                    }) {
                        w.not_closable.insert(
                            ob.id.clone(),
                            format!(
                                "the rule belongs in {} ({}), not in the criminal code this bill amends; a bill to that act is needed",
                                elsewhere.address, elsewhere.kind
                            ),
                        );
                        continue;
                    }
                    let e = create.entry(kind.clone()).or_default();
                    if let Some(s) = &scope_only {
                        e.0.insert(s.clone());
                    }
                    e.1.extend(offences.iter().cloned());
                    continue;
                }
                // A rule that stands in an offence's own unit (an "organizing a group" paragraph
                // of one offence) is not stretched to other offences, but for confiscation,
                // which codes attach to the offences' own articles.
                let general: Vec<&crate::model::in_force::GeneralRule> = rules
                    .iter()
                    .copied()
                    .filter(|r| may_extend(kind, r, in_offence_unit(w, &r.address), &offences))
                    .collect();
                for off in &offences {
                    let Some(p) = w.provision(&a.law, off) else {
                        continue;
                    };
                    if rules.iter().any(|r| applies(&a.law, r, p)) {
                        continue;
                    }
                    // A new article carries its own confiscation rule, like the code's
                    // offence articles, whatever rules the code has.
                    let own_article = kind == "confiscation"
                        && UnitPath::from_address(off, &w.prefix)
                            .is_some_and(|op| w.inserted_path(&op));
                    if own_article {
                        fix_rule_reach(w, ob, &a.law, &rules, p, kind);
                    } else if general.is_empty() {
                        let e = create.entry(kind.clone()).or_default();
                        if let Some(s) = &scope_only {
                            e.0.insert(s.clone());
                        }
                        e.1.insert(off.clone());
                    } else {
                        fix_rule_reach(w, ob, &a.law, &general, p, kind);
                    }
                }
            }
            Test::OffencesOf {
                of,
                max_prison_at_least,
                ..
            } => {
                let (_, base_ob) = rule_cell(cell);
                let bases: Vec<String> = match base_ob {
                    Some(b) => vec![b],
                    None => of.clone(),
                };
                if let Some(min) = max_prison_at_least {
                    for b in bases {
                        for off in governed(w, &a.law, &mut memo, std::slice::from_ref(&b)) {
                            let Some(path) = UnitPath::from_address(&off, &w.prefix) else {
                                continue;
                            };
                            raise(
                                w,
                                ob,
                                &path,
                                *min,
                                "so that it is a serious crime (UNTOC Art 2(b))",
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (kind, (scopes, offences)) in create {
        new_rule_article(w, ob, a, &kind, &scopes, &offences);
    }
}

/// Whether the draft may make rule `r` reach one more of `offences` (the offences the rule must
/// govern, e.g. the firearms offences). A rule of the general part, yes. A rule standing in the
/// special part (in an offence's unit or among the offences) governs that article's own
/// offences — "the drugs are confiscated" in a drug offence's article — and is never stretched
/// to other offences, with one exception: a confiscation rule whose closed list already names
/// one of `offences` is the code's confiscation rule for those offences (a smuggling article
/// that also punishes weapons smuggling), and another of them may join its list.
fn may_extend(
    kind: &str,
    r: &crate::model::in_force::GeneralRule,
    in_special_part: bool,
    offences: &[String],
) -> bool {
    if !in_special_part {
        return true;
    }
    kind == "confiscation"
        && r.conditions.iter().any(|c| match c {
            RuleCondition::Listed { addresses, .. } => addresses.iter().any(|a| {
                offences
                    .iter()
                    .any(|o| o == a || o.starts_with(&format!("{a}/")))
            }),
            _ => false,
        })
}

/// A rule over the offences that lives in another act than the criminal code (UNTOC-20.1: the
/// special investigative measures of the criminal procedure code). The draft amends the
/// criminal code only: where that code itself carries a general-part rule of the kind, it is
/// made to reach the offences (closed list, threshold, or, for an unconditional rule, the form
/// asked added to what it covers), as for any rule; otherwise the obligation is listed as not
/// closable — the rule belongs in the act the obligation looks in, and a bill to that act is
/// needed. No new article of the kind is ever written into the criminal code.
fn elsewhere_rule(
    w: &mut Work,
    ob: &Obligation,
    a: &Analysed,
    kind: &str,
    scope: Option<&str>,
    rules: &[&crate::model::in_force::GeneralRule],
    offences: &[String],
) {
    let own_general = |r: &crate::model::in_force::GeneralRule| {
        r.kind == kind
            && r.jurisdiction == w.j
            && w.own(&r.address)
            && !in_offence_unit(w, &r.address)
    };
    let general: Vec<&crate::model::in_force::GeneralRule> =
        rules.iter().copied().filter(|r| own_general(r)).collect();
    let unreached: Vec<&Provision> = offences
        .iter()
        .filter_map(|o| w.provision(&a.law, o))
        .filter(|p| !rules.iter().any(|r| applies(&a.law, r, p)))
        .collect();
    if unreached.is_empty() {
        return;
    }
    if !general.is_empty() {
        for p in unreached {
            fix_rule_reach(w, ob, &a.law, &general, p, kind);
        }
        return;
    }
    if let Some(scope) = scope
        && let Some(plain) = a
            .law
            .rules
            .iter()
            .find(|r| own_general(r) && r.is_unconditional())
        && let Some(path) = UnitPath::from_address(&plain.address, &w.prefix)
        && edit::unit_mut(&mut w.law, &path).is_some_and(|u| edit::add_covers(u, kind, scope))
    {
        let label = w
            .inst
            .covers_facet(kind)
            .map_or(scope.to_string(), |f| f.label_of(scope).to_string());
        mark(w, &path, &format!("it covers also {label}"));
        w.note_replaced(
            &path,
            &ob.id,
            format!(
                "{} ({}): widens the `{kind}` rule of the code in {}, which applies to every offence, to cover {label}; such rules normally live in the {}, which this bill does not amend.",
                ob.id,
                ob.title,
                path.describe(),
                ob.looks_in.join(" or ").replace('-', " ")
            ),
        );
        return;
    }
    let acts: Vec<String> = a
        .law
        .acts
        .iter()
        .filter(|x| x.jurisdiction == w.j && ob.looks_in.contains(&x.kind))
        .map(|x| x.address.clone())
        .collect();
    let wher = if acts.is_empty() {
        format!(
            "the {} (none is encoded)",
            ob.looks_in.join(" or ").replace('-', " ")
        )
    } else {
        acts.join(", ")
    };
    w.not_closable.entry(ob.id.clone()).or_insert_with(|| {
        format!(
            "the `{kind}` rule belongs in {wher}, not in the criminal code this bill amends; a bill to that act is needed"
        )
    });
}

/// A rule that must merely exist (a `rule` test without `of`: confiscation of proceeds and
/// instrumentalities, sanctions on legal persons) is met, as the engine measures it, by one rule
/// that reaches every offence a rule must govern ([`crate::coverage::offences_governed`]):
/// codes that attach the rule to each offence's own article (XK: confiscation of the means in
/// Arts 311(7), 364(4), 365(5)) leave it partly met however many articles carry it. So: nothing
/// to do where one rule of the kind covering `scope` reaches them all; else the general-part
/// rule of the kind that applies always is widened to cover `scope`; else the general-part rule
/// covering `scope` that reaches most of them is made to reach the others (closed list,
/// `expressly`, threshold). True when handled here; false leaves it to the caller (no rule of
/// the kind: a new article, or the act where it belongs).
fn must_exist(
    w: &mut Work,
    ob: &Obligation,
    a: &Analysed,
    kind: &str,
    scope: Option<&str>,
    rules: &[&crate::model::in_force::GeneralRule],
    offences: &[String],
) -> bool {
    let provs: Vec<&Provision> = offences
        .iter()
        .filter_map(|o| w.provision(&a.law, o))
        .collect();
    let reached = |r: &crate::model::in_force::GeneralRule| {
        provs.iter().filter(|p| applies(&a.law, r, p)).count()
    };
    if rules.iter().any(|r| reached(r) == provs.len()) {
        return true;
    }
    let in_general_part = |r: &crate::model::in_force::GeneralRule| {
        w.own(&r.address) && !in_offence_unit(w, &r.address)
    };
    if let Some(scope) = scope
        && let Some(plain) = a.law.rules.iter().find(|r| {
            r.kind == kind && r.jurisdiction == w.j && r.is_unconditional() && in_general_part(r)
        })
        && let Some(path) = UnitPath::from_address(&plain.address, &w.prefix)
    {
        let added =
            edit::unit_mut(&mut w.law, &path).is_some_and(|u| edit::add_covers(u, kind, scope));
        if added {
            let label = w
                .inst
                .covers_facet(kind)
                .map_or(scope.to_string(), |f| f.label_of(scope).to_string());
            let elsewhere: Vec<String> = rules
                .iter()
                .map(|r| crate::coverage::short_address(&r.address))
                .collect();
            mark(w, &path, &format!("it covers also {label}"));
            let why = if elsewhere.is_empty() {
                String::new()
            } else {
                format!(
                    " The rules of the kind in {} each reach only the offences of their own article; a general rule reaches every offence the Convention covers, including those added later",
                    elsewhere.join(", ")
                )
            };
            w.note_replaced(
                &path,
                &ob.id,
                format!(
                    "{} ({}): widens the general `{kind}` rule in {}, which applies to every offence, to cover {label}.{why}.",
                    ob.id,
                    ob.title,
                    path.describe()
                ),
            );
        }
        return added;
    }
    let general: Vec<&crate::model::in_force::GeneralRule> = rules
        .iter()
        .copied()
        .filter(|r| in_general_part(r))
        .collect();
    let mut best: Option<(&crate::model::in_force::GeneralRule, usize)> = None;
    for r in general {
        let n = reached(r);
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((r, n));
        }
    }
    let Some((best, _)) = best else {
        return false;
    };
    for p in &provs {
        if !applies(&a.law, best, p) {
            fix_rule_reach(w, ob, &a.law, &[best], p, kind);
        }
    }
    true
}

/// Whether the rule at `address` (of the act amended) stands in the special part: in a unit
/// holding an offence, or in an article after the first article that defines an offence (a
/// rule there is about particular offences, such as organizing a group for smuggling).
fn in_offence_unit(w: &Work, address: &str) -> bool {
    let Some(path) = UnitPath::from_address(address, &w.prefix) else {
        return true;
    };
    let has_offence = |u: &Unit| {
        fn walk(u: &Unit) -> bool {
            u.body.iter().any(|e| match e {
                Entry::Offence(_) => true,
                Entry::Unit(c) => walk(c),
                _ => false,
            })
        }
        walk(u)
    };
    if edit::unit(&w.law, &path)
        .is_some_and(|u| u.body.iter().any(|e| matches!(e, Entry::Offence(_))))
    {
        return true;
    }
    // A paragraph of an article that defines an offence (MK Art 215(8): the drugs of paras 1-4
    // are confiscated), wherever the article stands in the file.
    if w.law.items.iter().any(|i| {
        matches!(i, Item::Article(u)
            if matches!(&u.number.node, UnitNumber::Known(n) if *n == path.article) && has_offence(u))
    }) {
        return true;
    }
    let position = |pred: &dyn Fn(&Unit) -> bool| {
        w.law
            .items
            .iter()
            .position(|i| matches!(i, Item::Article(u) if pred(u)))
    };
    let first_offence = position(&|u: &Unit| has_offence(u));
    let rule_at =
        position(&|u: &Unit| matches!(&u.number.node, UnitNumber::Known(n) if *n == path.article));
    matches!((first_offence, rule_at), (Some(f), Some(r)) if r > f)
}

fn raise(w: &mut Work, ob: &Obligation, path: &UnitPath, to: Duration, why: &str) {
    let Some(u) = edit::unit_mut(&mut w.law, path) else {
        return;
    };
    let old_en = edit::english(u);
    let old_texts = edit::original_texts(u);
    let Some(o) = edit::only_offence_mut(u) else {
        return;
    };
    let Some(p) = edit::penalty_mut(o) else {
        return;
    };
    if edit::has_unknown(p) {
        let said = crate::syntax::format::penalty(p);
        w.not_closable.insert(
            ob.id.clone(),
            format!(
                "the penalty of {} is not known (`{said}`): read the text in force before raising it",
                path.describe()
            ),
        );
        return;
    }
    let Some(before) = edit::raise_max(p, to) else {
        return;
    };
    let after = crate::syntax::format::penalty(p);
    edit::set_texts(
        u,
        &edit::amended_english(
            old_en,
            &format!("the maximum term of imprisonment is raised to {to}"),
        ),
        &|lang| edit::placeholder(lang, &old_texts),
    );
    w.note_replaced(
        path,
        &ob.id,
        format!(
            "{} ({}): raises the penalty of {} from `{before}` to `{after}` {why}; the threshold is the only shortfall.",
            ob.id,
            ob.title,
            path.describe()
        ),
    );
}

/// Marks a unit changed by the draft in its texts: the English gets the change in our words,
/// other languages a placeholder for the drafters.
fn mark(w: &mut Work, path: &UnitPath, change: &str) {
    let Some(u) = edit::unit_mut(&mut w.law, path) else {
        return;
    };
    let old_en = edit::english(u);
    let old_texts = edit::original_texts(u);
    edit::set_texts(u, &edit::amended_english(old_en, change), &|lang| {
        edit::placeholder(lang, &old_texts)
    });
}

/// Makes a rule that exists reach offence `p`: the closed list extended, `expressly` added, or
/// the penalty raised to the rule's threshold.
fn fix_rule_reach(
    w: &mut Work,
    ob: &Obligation,
    law: &LawInForce,
    rules: &[&crate::model::in_force::GeneralRule],
    p: &Provision,
    kind: &str,
) {
    let Some(off_path) = UnitPath::from_address(&p.address, &w.prefix) else {
        return;
    };
    // A new article carries its own confiscation rule rather than joining another offence's.
    if kind == "confiscation" && w.inserted_path(&off_path) {
        let covers: Vec<String> = rules.first().map(|r| r.covers.clone()).unwrap_or_default();
        let text = ob
            .model_provisions
            .iter()
            .find(|m| m.rule.as_ref().is_some_and(|(k, _)| k == kind))
            .map(|m| fill_articles(&m.text, "this article"));
        if let Some(u) = edit::unit_mut(&mut w.law, &off_path) {
            let rule = crate::syntax::ast::Rule {
                kind: sp(kind.to_string()),
                covers: covers
                    .iter()
                    .map(|c| sp(crate::syntax::ast::Value::Ident(c.clone())))
                    .collect(),
                when: Vec::new(),
                trailing: None,
                span: Span::default(),
            };
            let pos = u
                .body
                .iter()
                .rposition(|e| matches!(e, Entry::Offence(_)))
                .map_or(u.body.len(), |i| i + 1);
            u.body.insert(pos, Entry::Rule(rule));
        }
        mark(
            w,
            &off_path,
            text.as_deref()
                .unwrap_or("the items are confiscated")
                .trim_end_matches('.'),
        );
        w.note_replaced(
            &off_path,
            &ob.id,
            format!(
                "{} ({}): the new article provides for confiscation itself (covering {}), as the code's {} articles do.",
                ob.id,
                ob.title,
                covers.join(", "),
                offences_noun(w.inst)
                    .strip_suffix(" offences")
                    .unwrap_or("offence")
            ),
        );
        return;
    }
    // The rule of the offence's own article first.
    let mut rules: Vec<&&crate::model::in_force::GeneralRule> = rules.iter().collect();
    rules.sort_by_key(|r| {
        UnitPath::from_address(&r.address, &w.prefix)
            .is_none_or(|rp| rp.article != off_path.article)
    });
    for r in rules {
        let Some(rule_path) = UnitPath::from_address(&r.address, &w.prefix) else {
            continue;
        };
        for c in &r.conditions {
            match c {
                RuleCondition::Listed { .. } => {
                    let Some(u) = edit::unit_mut(&mut w.law, &rule_path) else {
                        continue;
                    };
                    if edit::extend_listed(u, kind, &[off_path.to_ref()]) {
                        mark(
                            w,
                            &rule_path,
                            &format!("it applies also to the offence in {}", off_path.describe()),
                        );
                        w.note_replaced(
                            &rule_path,
                            &ob.id,
                            format!(
                                "{} ({}): adds {} to the closed list of the `{kind}` rule in {}.",
                                ob.id,
                                ob.title,
                                off_path.describe(),
                                rule_path.describe()
                            ),
                        );
                        return;
                    }
                }
                RuleCondition::MaxAtLeast {
                    bound: Some(b),
                    strict,
                } => {
                    if r.conditions
                        .iter()
                        .any(|x| matches!(x, RuleCondition::Expressly))
                    {
                        let Some(u) = edit::unit_mut(&mut w.law, &off_path) else {
                            continue;
                        };
                        let Some(o) = edit::only_offence_mut(u) else {
                            continue;
                        };
                        if !edit::add_expressly(o, kind) {
                            // Already said for another cell of this round.
                            return;
                        }
                        mark(w, &off_path, &format!("the {kind} is punishable"));
                        w.note_replaced(
                            &off_path,
                            &ob.id,
                            format!(
                                "{} ({}): says in {} that the {kind} is punishable (`expressly {kind}`), as the rule in {} allows for offences below its threshold.",
                                ob.id,
                                ob.title,
                                off_path.describe(),
                                rule_path.describe()
                            ),
                        );
                        return;
                    }
                    let to = if *strict {
                        Duration {
                            years: b.years + 1,
                            ..*b
                        }
                    } else {
                        *b
                    };
                    raise(
                        w,
                        ob,
                        &off_path,
                        to,
                        &format!(
                            "to the threshold of the `{kind}` rule in {}",
                            rule_path.describe()
                        ),
                    );
                    return;
                }
                RuleCondition::Class { class } => {
                    let derived = law
                        .classes
                        .iter()
                        .find(|cr| cr.class == *class && cr.test.is_some());
                    match derived.and_then(|cr| cr.test) {
                        Some((crate::syntax::ast::Compare::AtLeast, Some(b))) => {
                            raise(
                                w,
                                ob,
                                &off_path,
                                b,
                                &format!(
                                    "so that it is of class `{class}`, which the `{kind}` rule in {} reaches",
                                    rule_path.describe()
                                ),
                            );
                            return;
                        }
                        Some(_) => {}
                        None => {
                            let Some(u) = edit::unit_mut(&mut w.law, &off_path) else {
                                continue;
                            };
                            let Some(o) = edit::only_offence_mut(u) else {
                                continue;
                            };
                            edit::add_class(o, class);
                            mark(w, &off_path, &format!("the offence is of class `{class}`"));
                            w.note_replaced(
                                &off_path,
                                &ob.id,
                                format!(
                                    "{} ({}): puts {} in class `{class}`, which the `{kind}` rule in {} reaches.",
                                    ob.id,
                                    ob.title,
                                    off_path.describe(),
                                    rule_path.describe()
                                ),
                            );
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A new general-part article: the rule of `kind` covering `scopes`, for the offences listed.
fn new_rule_article(
    w: &mut Work,
    ob: &Obligation,
    a: &Analysed,
    kind: &str,
    scopes: &BTreeSet<String>,
    offences: &BTreeSet<String>,
) {
    let Some(mp) = ob.model_provisions.iter().find(|m| {
        m.option == ProvisionOption::GeneralPart && m.rule.as_ref().is_some_and(|(k, _)| k == kind)
    }) else {
        w.not_closable.insert(
            ob.id.clone(),
            format!("no `{kind}` rule reaches it and the instrument model has no model provision for one"),
        );
        return;
    };
    // After the last article of the act holding a rule of the kind, else of any rule.
    let holder = |want: Option<&str>| {
        a.law
            .rules
            .iter()
            .filter(|r| want.is_none_or(|k| r.kind == k))
            .filter(|r| !in_offence_unit(w, &r.address))
            .filter_map(|r| UnitPath::from_address(&r.address, &w.prefix))
            .map(|p| p.article)
            .next_back()
    };
    let Some(anchor) = holder(Some(kind)).or_else(|| holder(None)) else {
        w.not_closable.insert(
            ob.id.clone(),
            "the code has no general part to place the rule in".into(),
        );
        return;
    };
    let Some((number, after)) = number::next_after(&w.law, &w.scheme, &anchor, &w.taken_numbers())
    else {
        w.not_closable.insert(
            ob.id.clone(),
            format!("no free number after article {anchor}"),
        );
        return;
    };
    let mut scope_order: Vec<String> = scopes.iter().cloned().collect();
    if let Some(f) = w.inst.covers_facet(kind) {
        scope_order.sort_by_key(|s| f.position(s));
    }
    let refs: Vec<UnitPath> = offences
        .iter()
        .filter_map(|o| UnitPath::from_address(o, &w.prefix))
        .collect();
    let listed: Vec<String> = refs.iter().map(UnitPath::describe).collect();
    let mut rule_line = format!("rule {kind}");
    if !scope_order.is_empty() {
        rule_line.push_str(&format!(" covers {}", scope_order.join(", ")));
    }
    if !listed.is_empty() {
        rule_line.push_str(&format!(" when listed {}", listed.join(", ")));
    }
    let articles = if listed.is_empty() {
        "the offences of this code".to_string()
    } else {
        listed.join(", ")
    };
    let english = format!(
        "DRAFT (our own words, not an official text): {}",
        fill_articles(&mp.text, &articles)
    );
    let mut text = String::from("article x\n");
    text.push_str(&format!("  {rule_line}\n"));
    let (parsed, diags) = crate::syntax::parse_law(&format!(
        "act a \"A\"\n  jurisdiction XX\n  version 2000-01-01\n  source \"s\"\n  language en\n  rendering unofficial\n\n{text}"
    ));
    let rule = parsed.items.iter().find_map(|i| match i {
        Item::Article(u) => u.body.iter().find_map(|e| match e {
            Entry::Rule(r) => Some(r.clone()),
            _ => None,
        }),
        _ => None,
    });
    let Some(rule) = rule.filter(|_| diags.iter().all(|d| !d.is_error())) else {
        w.not_closable.insert(
            ob.id.clone(),
            format!("the rule `{rule_line}` could not be written"),
        );
        return;
    };
    let mut body = vec![Entry::Text(edit::text("en", &english))];
    if let Some(lang) = &w.original {
        body.push(Entry::Text(edit::text(lang, &edit::placeholder(lang, &[]))));
    }
    body.push(Entry::Rule(rule));
    body.push(Entry::Verified(crate::syntax::ast::Verified {
        status: sp(crate::syntax::ast::Verification::No),
        note: Some(sp("a draft of lexgap's, not law in force".to_string())),
        trailing: None,
    }));
    let title = mp.title.clone().unwrap_or_else(|| ob.title.clone());
    edit::insert_article_after(
        &mut w.law,
        &after,
        Unit {
            kind: UnitKind::Article,
            number: sp(UnitNumber::Known(number.clone())),
            title: Some(sp(title)),
            trailing: None,
            body,
            span: Span::default(),
        },
    );
    let note = format!(
        "{} ({}): no `{kind}` rule of the code reaches {}; a new general-part article from model provision {}/{} ({}), limited to the {} by a closed list; placed after article {after}, next to the code's `{kind}` rules; {}.",
        ob.id,
        ob.title,
        if scope_order.is_empty() {
            "these offences".to_string()
        } else {
            labels(
                w.inst,
                &w.inst
                    .covers_facet(kind)
                    .map(|f| f.id.clone())
                    .unwrap_or_default(),
                &scope_order,
            )
        },
        ob.id,
        mp.id,
        mp.follows
            .iter()
            .map(|r| format!("{} {}", r.source, r.place))
            .collect::<Vec<_>>()
            .join("; "),
        offences_noun(w.inst),
        w.scheme.describe()
    );
    w.inserted
        .push((number, after, vec![note], BTreeSet::from([ob.id.clone()])));
}

// ---------------------------------------------------------------------------------- the bill

fn comment(text: &str) -> BillItem {
    BillItem::Comment(crate::syntax::ast::Comment {
        text: format!(" {text}"),
        span: Span::default(),
    })
}

/// The bill: a header that says what it is, the insertions (in the code's order), then the
/// replacements; a comment before each operation with its justification.
fn bill_text(
    w: &Work,
    base: &LawDoc,
    base_version: Date,
    at: Date,
    effective: Option<Date>,
) -> Result<String, DraftError> {
    let (effective, effective_note) = match effective {
        Some(d) => (
            d.to_string(),
            "effective: the day given to lexgap draft (--effective); the day of entry into force is the drafters' to confirm.",
        ),
        None => (
            "?".to_string(),
            "effective: not known; the day of entry into force is the drafters' to set (lexgap draft --effective DATE writes it). Until then lexgap diff and report analyse the text on the day of the version it amends, or on --at.",
        ),
    };
    let title = format!(
        "Draft law amending the {} (lexgap draft)",
        base.ast.header.title.node
    );
    let header = format!(
        "bill {} amends {}/{}@{base_version}\n  status draft\n  effective {effective}\n  source \"lexgap draft: generated from the analysis of {} on {at} and the instrument model's model provisions; not an official text\"\n  note {}\n  note \"English text: a draft in our own words, not an official wording. Original-language text: a placeholder for the working group's wording (lexgap does not translate law).\"\n  note {}\n",
        crate::syntax::format::quote(&title),
        w.j,
        base.ast.header.act.node,
        w.j,
        crate::syntax::format::quote(&drafted_for(w.inst)),
        crate::syntax::format::quote(effective_note),
    );
    let (mut bill, diags) = parse_bill(&header);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(DraftError::Invalid(
            "the bill header does not parse".into(),
            diags,
        ));
    }
    bill.items = bill_items(w);
    Ok(crate::syntax::format_bill(&bill))
}

fn bill_items(w: &Work) -> Vec<BillItem> {
    let mut items = Vec::new();
    let art_ref = |n: &str| sp(UnitPath::article(n).to_ref());
    // Insertions in the order of the code: an article inserted after another inserted one
    // comes after it.
    let mut inserted = w.inserted.clone();
    let order = |n: &str| {
        w.law
            .items
            .iter()
            .position(|i| matches!(i, Item::Article(u) if matches!(&u.number.node, UnitNumber::Known(k) if k == n)))
            .unwrap_or(usize::MAX)
    };
    inserted.sort_by_key(|(n, ..)| order(n));
    for (number, after, why, _) in &inserted {
        let Some(u) = edit::unit(&w.law, &UnitPath::article(number)) else {
            continue;
        };
        for line in why {
            items.push(comment(line));
        }
        items.push(BillItem::Operation(Operation {
            action: Action::Insert {
                kind: UnitKind::Article,
                number: sp(UnitNumber::Known(number.clone())),
                position: Position::After(art_ref(after)),
                title: u.title.clone(),
                body: u.body.clone(),
            },
            trailing: u.trailing.clone(),
            span: Span::default(),
        }));
    }
    for (path, why, _) in emitted_replacements(w) {
        let Some(u) = edit::unit(&w.law, &path) else {
            continue;
        };
        for line in &why {
            items.push(comment(line));
        }
        items.push(BillItem::Operation(Operation {
            action: Action::Replace {
                target: sp(path.to_ref()),
                title: u.title.clone(),
                body: u.body.clone(),
            },
            trailing: u.trailing.clone(),
            span: Span::default(),
        }));
    }
    items
}

// ------------------------------------------------------- a bill read back: what it addresses

/// An operation of a bill that addresses an obligation: its first line and the cells of the
/// obligation the bill gains through the unit it writes (`part: cell`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Addressing {
    pub operation: String,
    pub cells: Vec<String>,
}

/// The first line of an operation, as written: `insert article 24-a after article 24`.
pub fn operation_line(op: &Operation) -> String {
    match &op.action {
        Action::Replace { target, .. } => format!("replace {}", target.node),
        Action::Repeal { target } => format!("repeal {}", target.node),
        Action::Renumber { target, to } => format!("renumber {} to {}", target.node, to.node),
        Action::Insert {
            kind,
            number,
            position,
            ..
        } => {
            let at = match position {
                Position::Before(r) => format!(" before {}", r.node),
                Position::After(r) => format!(" after {}", r.node),
                Position::In(r) => format!(" in {}", r.node),
                Position::AtEnd(_) => " at end".to_string(),
            };
            format!("insert {} {}{at}", kind.keyword(), number.node)
        }
    }
}

/// The unit an operation writes, as a path in the act amended.
fn operation_path(op: &Operation) -> Option<UnitPath> {
    match &op.action {
        Action::Replace { target, .. }
        | Action::Repeal { target }
        | Action::Renumber { target, .. } => UnitPath::from_ref(&target.node),
        Action::Insert {
            kind,
            number,
            position,
            ..
        } => {
            let n = number.node.known()?.to_string();
            match (kind, position) {
                (UnitKind::Article, _) => Some(UnitPath::article(&n)),
                (_, Position::In(r)) => {
                    let mut p = UnitPath::from_ref(&r.node)?;
                    if *kind == UnitKind::Para {
                        p.para = Some(n);
                    } else {
                        p.points.push(n);
                    }
                    Some(p)
                }
                (_, Position::Before(r) | Position::After(r)) => {
                    let mut p = UnitPath::from_ref(&r.node)?;
                    if *kind == UnitKind::Para {
                        p.para = Some(n);
                    } else if let Some(last) = p.points.last_mut() {
                        *last = n;
                    }
                    Some(p)
                }
                (_, Position::AtEnd(_)) => None,
            }
        }
    }
}

/// Obligation → cells.
type CellsBy = BTreeMap<String, Vec<String>>;

/// For each obligation, the operations of `bill` that address it: those writing a unit through
/// which the bill gains a cell of it (from `delta`, the coverage delta of the bill, as `lexgap
/// diff --bill` computes it), and those whose justification — the comment lines just above
/// them, as `lexgap draft` writes them — starts with its id. A cell gained through no unit the
/// bill writes (an attempt rule that now reaches an offence the bill made `expressly`
/// punishable) goes to the operations whose justification names the obligation. Operations in
/// bill order.
pub fn addressing(
    inst: &Instrument,
    bill: &crate::syntax::bill::BillFile,
    delta: Option<&CoverageDelta>,
) -> BTreeMap<String, Vec<Addressing>> {
    let act = bill
        .header
        .amends
        .as_ref()
        .map(|a| format!("{}/{}", a.node.jurisdiction, a.node.act))
        .unwrap_or_default();
    let cell_name = |c: &crate::amend::delta::CellChange| match &c.part {
        Some(part) => format!("{part}: {}", c.cell),
        None => c.cell.clone(),
    };
    // Per operation: its line, the obligations its justification names, the cells it closes.
    let mut ops: Vec<(String, BTreeSet<String>, CellsBy)> = Vec::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for item in &bill.items {
        let op = match item {
            BillItem::Comment(c) => {
                let first = c.text.split_whitespace().next().unwrap_or("");
                if inst.obligation(first).is_some() {
                    named.insert(first.to_string());
                }
                continue;
            }
            BillItem::Operation(op) => op,
        };
        let mut hits: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if let (Some(path), Some(d)) = (operation_path(op), delta) {
            for ob in &d.obligations {
                for c in &ob.gained {
                    let hit = c.provisions.iter().any(|a| {
                        UnitPath::in_act(a, &act)
                            .is_some_and(|p| p.within(&path) || path.within(&p))
                    });
                    if hit {
                        hits.entry(ob.id.clone()).or_default().push(cell_name(c));
                    }
                }
            }
        }
        ops.push((operation_line(op), std::mem::take(&mut named), hits));
    }
    if let Some(d) = delta {
        for ob in &d.obligations {
            let attributed: BTreeSet<&String> = ops
                .iter()
                .filter_map(|(_, _, h)| h.get(&ob.id))
                .flatten()
                .collect();
            let rest: Vec<String> = ob
                .gained
                .iter()
                .map(cell_name)
                .filter(|c| !attributed.contains(c))
                .collect();
            if rest.is_empty() {
                continue;
            }
            // A cell of a derived obligation that names the obligation whose offences it tests
            // (TIP-3.b's cell `TIP-5.1.a`: no element of absent consent in the trafficking
            // offence; UNTOC-34.2's): closed by the operations that close cells of that one (a
            // new trafficking article), whatever provisions the cell lists.
            let mut by_base: Vec<String> = Vec::new();
            for cell in &rest {
                let base = cell.rsplit(": ").next().unwrap_or(cell);
                if inst.obligation(base).is_none() {
                    continue;
                }
                let mut found = false;
                for (_, _, hits) in &mut ops {
                    if hits.get(base).is_some_and(|c| !c.is_empty()) {
                        hits.entry(ob.id.clone()).or_default().push(cell.clone());
                        found = true;
                    }
                }
                if found {
                    by_base.push(cell.clone());
                }
            }
            let rest: Vec<String> = rest.into_iter().filter(|c| !by_base.contains(c)).collect();
            if rest.is_empty() {
                continue;
            }
            for (_, names, hits) in &mut ops {
                if names.contains(&ob.id) {
                    hits.entry(ob.id.clone())
                        .or_default()
                        .extend(rest.iter().cloned());
                }
            }
        }
    }
    let mut out: BTreeMap<String, Vec<Addressing>> = BTreeMap::new();
    for (line, names, mut hits) in ops {
        for id in names {
            hits.entry(id).or_default();
        }
        for (id, cells) in hits {
            out.entry(id).or_default().push(Addressing {
                operation: line.clone(),
                cells,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_the_amended_version_are_matched_to_the_draft() {
        assert_eq!(
            retarget(
                "ME/criminal-code@2024-01-01/art-403d",
                "ME/criminal-code@2023-12-31/"
            ),
            "ME/criminal-code@2023-12-31/art-403d"
        );
        assert_eq!(
            retarget("ME/other@2024-01-01/art-1", "ME/criminal-code@2023-12-31/"),
            "ME/other@2024-01-01/art-1"
        );
    }

    fn confiscation(address: &str, listed: &[&str]) -> crate::model::in_force::GeneralRule {
        crate::model::in_force::GeneralRule {
            address: address.to_string(),
            jurisdiction: "MK".into(),
            kind: "confiscation".into(),
            covers: vec!["object-of-offence".into(), "instrumentalities".into()],
            conditions: if listed.is_empty() {
                Vec::new()
            } else {
                vec![RuleCondition::Listed {
                    addresses: listed.iter().map(|a| a.to_string()).collect(),
                    unresolved: Vec::new(),
                }]
            },
            text: None,
            file: crate::source::FileId::default(),
            span: Span::default(),
        }
    }

    const CC: &str = "MK/criminal-code@2023-09-15";

    #[test]
    fn mk_fp_6_1_a_drug_articles_confiscation_paragraph_is_not_stretched_to_firearms_offences() {
        let firearms = [
            format!("{CC}/art-396/para-1"),
            format!("{CC}/art-278/para-4"),
        ];
        // Art 215(8): the drugs of paras 1-4 of the drug offence are confiscated.
        let drugs = confiscation(
            &format!("{CC}/art-215/para-8"),
            &[
                &format!("{CC}/art-215/para-1"),
                &format!("{CC}/art-215/para-2"),
            ],
        );
        assert!(!may_extend("confiscation", &drugs, true, &firearms));
        // Art 278(8): the smuggled goods of paras 1-3 — and para 4 smuggles weapons: it already
        // governs a firearms offence, so another may join its list.
        let smuggling = confiscation(
            &format!("{CC}/art-278/para-8"),
            &[
                &format!("{CC}/art-278/para-1"),
                &format!("{CC}/art-278/para-4"),
            ],
        );
        assert!(may_extend("confiscation", &smuggling, true, &firearms));
        // A listed address that is the offence's article reaches its paragraphs.
        let article = confiscation(&format!("{CC}/art-300/para-2"), &[&format!("{CC}/art-396")]);
        assert!(may_extend("confiscation", &article, true, &firearms));
        // A general-part rule is always extended; an unconditional special-part one never.
        let general = confiscation(&format!("{CC}/art-97"), &[]);
        assert!(may_extend("confiscation", &general, false, &firearms));
        assert!(!may_extend("confiscation", &general, true, &firearms));
        // Other kinds standing in the special part are never stretched.
        let mut complicity = smuggling.clone();
        complicity.kind = "complicity".into();
        assert!(!may_extend("complicity", &complicity, true, &firearms));
    }

    /// A model provision's placeholder for the articles it reaches is filled whatever the
    /// instrument calls them; other bracketed words are left alone.
    #[test]
    fn placeholders_of_every_instrument_are_filled() {
        let t = "The attempt of the offences in [the trafficking in persons articles] is \
                 punishable; for the acts of [the drug trafficking article] [sic].";
        let filled = fill_articles_with(t, |inside| {
            if inside.ends_with("articles") {
                "article 444a".into()
            } else {
                "article 300".into()
            }
        });
        assert_eq!(
            filled,
            "The attempt of the offences in article 444a is punishable; for the acts of \
             article 300 [sic]."
        );
        assert_eq!(
            fill_articles("in [the firearms articles].", "this article"),
            "in this article."
        );
        assert_eq!(fill_articles("[the end", "x"), "[the end");
    }

    #[test]
    fn untoc_20_1_investigative_measures_are_not_drafted_into_the_criminal_code() {
        let inst_ob = |looks_in: &[&str]| -> bool {
            let l: Vec<String> = looks_in.iter().map(|s| s.to_string()).collect();
            drafted_in_criminal_code(&l)
        };
        assert!(!inst_ob(&["criminal-procedure-code"]));
        assert!(inst_ob(&["legal-persons-law", "criminal-code"]));
        assert!(inst_ob(&[]));
    }
}
