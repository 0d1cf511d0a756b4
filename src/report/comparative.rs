//! `lexgap report comparative`: the trafficking offences of each jurisdiction side by side —
//! one offence per instrument `comparative:` entry (docs/protocol.md) — on the same aspects,
//! each computed from the law in force and cited to its article, with the inconsistencies
//! between them flagged; and across jurisdictions, the same aspect of one offence.
//!
//! What is compared is read from the instrument, never typed here: the offences are those that
//! cover the entry's obligations (the coverage engine's evidence), their aggravated forms are the
//! offences that `aggravates` them, the element rows are the instrument's element facets, the
//! aggravating circumstances and the general-part rules (attempt, legal persons, confiscation,
//! special investigative measures, jurisdiction) are the ones the entries list. A part of the law
//! that is not encoded reads "not encoded" or "not known", never "absent".

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::adapt::{Adapter, own_law};
use super::view::{InstrumentView, JurisdictionView, Meta, UnreadLine};
use crate::coverage::{self, CellStatus, JurisdictionCoverage};
use crate::date::Date;
use crate::model::comparison::ComparedOffence;
use crate::model::in_force::{GeneralRule, LawInForce, Provision};
use crate::model::instrument::{Block, FacetRole, Instrument};
use crate::model::law::{Element, Tri};
use crate::syntax::ast::{Duration, Qualification};

/// The UNTOC serious-crime threshold (Art 2(b)): a maximum of at least four years.
pub const SERIOUS_CRIME: Duration = Duration {
    years: 4,
    months: 0,
    days: 0,
};

/// The comparative report's view model (also its JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComparativeReport {
    pub meta: Meta,
    /// The law in force on this date.
    pub at: String,
    /// The compared offences, one per `comparative:` entry, in the order of the instrument files.
    pub offences: Vec<OffenceHead>,
    /// The offences' labels, joined for the subtitle.
    pub offences_line: String,
    /// The aspects compared: the rows of every table.
    pub aspects: Vec<AspectHead>,
    pub jurisdictions: Vec<JurisdictionComparison>,
    /// The inconsistencies found, all jurisdictions together.
    pub flag_count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OffenceHead {
    /// The entry's id (`firearms`).
    pub id: String,
    pub label: String,
    pub instrument: InstrumentView,
    /// The obligations whose covering offences are compared (`FP-5.1.b`).
    pub obligations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AspectHead {
    /// `offence`, `facet:conduct`, `requires`, `penalty-basic`, `serious-crime`,
    /// `penalty-aggravated`, `aggravating:organised-group`, `rule:attempt`.
    pub id: String,
    /// In the report's language where the catalog has it, else the instrument's label.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JurisdictionComparison {
    pub jurisdiction: JurisdictionView,
    /// Whether the jurisdiction has law of its own in force on the date.
    pub has_law: bool,
    /// One row per aspect (the order of `aspects`), one cell per offence (that of `offences`).
    pub rows: Vec<AspectRow>,
    pub flags: Vec<Flag>,
    /// Lines a syntax error kept out of the analysis.
    pub unread: Vec<UnreadLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AspectRow {
    pub aspect: String,
    pub cells: Vec<AspectCell>,
}

/// One aspect of one offence in one jurisdiction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AspectCell {
    /// For aspects with a verdict: `met`, `not-met`, `partly`, `unknown`, `not-encoded`; `None` for
    /// descriptive aspects (conduct, penalties).
    pub state: Option<String>,
    pub items: Vec<Item>,
}

/// One claim, with the article it rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The claim, in the report's language (vocabulary values as the instrument labels them).
    pub text: String,
    /// "Criminal Code, Art. 348(1)", in the report's language.
    pub cite: Option<String>,
    /// The provision's or rule's stable address.
    pub address: Option<String>,
    /// Why a rule does not (or may not) apply, as the coverage engine says it (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// An inconsistency between two or more trafficking offences of one jurisdiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// `rule` (a measure or general-part rule), `threshold` (serious-crime penalty level),
    /// `aggravating` (an aggravating circumstance).
    pub kind: String,
    /// The aspect id the flag is about (`rule:special-investigation`).
    pub aspect: String,
    /// For a rule: the values of its `covers` list the flag is about (`interception`, …).
    pub covers: Vec<String>,
    /// The sentence, in the report's language.
    pub text: String,
    /// The offence ids that have it …
    pub with: Vec<String>,
    /// … and those that do not.
    pub without: Vec<String>,
    /// The articles the sentence rests on.
    pub cites: Vec<String>,
}

impl ComparativeReport {
    /// The report's cells for one offence across jurisdictions: per aspect, per jurisdiction
    /// (jurisdictions with no law give an empty cell).
    pub fn across(&self, offence: usize) -> Vec<Vec<Option<&AspectCell>>> {
        self.aspects
            .iter()
            .enumerate()
            .map(|(a, _)| {
                self.jurisdictions
                    .iter()
                    .map(|j| j.rows.get(a).and_then(|r| r.cells.get(offence)))
                    .collect()
            })
            .collect()
    }

    /// The label of an offence id.
    pub fn offence_label(&self, id: &str) -> String {
        self.offences
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.label.clone())
    }
}

/// A cell's items as one line of text: `text (cite); …`.
pub fn cell_text(cell: &AspectCell) -> String {
    cell.items
        .iter()
        .map(|i| match &i.cite {
            Some(c) => format!("{} ({c})", i.text),
            None => i.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The offences of one jurisdiction that one entry compares: the basic forms that cover (or whose
/// aggravated forms cover) the entry's obligations, and the aggravated forms of each.
struct Found<'l> {
    basic: Vec<&'l Provision>,
    aggravated: Vec<&'l Provision>,
}

fn find<'l>(law: &'l LawInForce, jc: &JurisdictionCoverage, c: &ComparedOffence) -> Found<'l> {
    // The offences that cover some cell fully (expressly or by interpretation); where none
    // does, every offence that reaches a cell at all. An offence that reaches the obligation
    // only in part beside one that meets it (smuggling beside the weapons offence) is not
    // "the trafficking offence".
    let mut full: BTreeSet<&str> = BTreeSet::new();
    let mut covering: BTreeSet<&str> = BTreeSet::new();
    for o in jc
        .obligations
        .iter()
        .filter(|o| c.obligations.contains(&o.id))
    {
        covering.extend(o.provisions.iter().map(String::as_str));
        for cell in &o.cell_results {
            for e in &cell.evidence {
                if matches!(e.status, CellStatus::Covered | CellStatus::Interpreted) {
                    full.insert(e.address.as_str());
                }
            }
        }
    }
    if !full.is_empty() {
        covering = full;
    }
    let offences: BTreeMap<&str, &Provision> = law
        .provisions
        .iter()
        .filter(|p| p.block == Block::Offence)
        .map(|p| (p.address.as_str(), p))
        .collect();
    let mut basic: BTreeSet<&str> = BTreeSet::new();
    for a in &covering {
        let Some(p) = offences.get(a) else { continue };
        match &p.qualifies {
            Some((Qualification::Aggravates, base)) => {
                if offences.contains_key(base.as_str()) {
                    basic.insert(base.as_str());
                }
            }
            Some((Qualification::Mitigates, _)) => {}
            None => {
                basic.insert(a);
            }
        }
    }
    // In the order of the law.
    let basic_list: Vec<&Provision> = law
        .provisions
        .iter()
        .filter(|p| basic.contains(p.address.as_str()))
        .collect();
    let aggravated = law
        .provisions
        .iter()
        .filter(|p| {
            p.block == Block::Offence
                && matches!(&p.qualifies, Some((Qualification::Aggravates, base)) if basic.contains(base.as_str()))
        })
        .collect();
    Found {
        basic: basic_list,
        aggravated,
    }
}

/// A rule with its verdict (and the reason when it does not apply) for each basic form.
type RuleVerdicts<'r> = (&'r GeneralRule, Vec<(Tri, Option<String>)>);

/// Whether a rule's covered value is available for an offence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Avail {
    /// For every basic form.
    Yes,
    /// For no basic form, and no aggravated form.
    No,
    /// For no basic form, but for an aggravated form (a closed list naming the aggravated
    /// paragraph only).
    AggravatedOnly,
    /// Not known, or for some basic forms only.
    Unknown,
}

/// Rule verdicts gathered per value of the rule's `covers` list (`""` for a rule without one),
/// with the rules that make it available.
type Covers = BTreeMap<String, (Avail, Vec<String>)>;

impl Adapter<'_> {
    /// The comparative report of `jurisdictions` on `at`.
    pub fn comparative(&self, jurisdictions: &[String], at: Date) -> ComparativeReport {
        let model = self.inp.model;
        let inst = &model.instrument;
        let entries = &inst.comparative.offences;
        let aspects = self.aspects(inst);
        let mut files = BTreeSet::new();
        let mut out = Vec::new();
        for j in jurisdictions {
            let law = own_law(model, j, at);
            let jc = law.as_ref().map(|law| {
                coverage::analyze_with(
                    inst,
                    law,
                    super::adapt::name_of(model, j),
                    &model.assessments_for(j),
                    false,
                )
            });
            match (&law, &jc) {
                (Some(law), Some(jc)) => {
                    files.extend(self.files_of(jc));
                    out.push(self.jurisdiction_comparison(inst, law, jc, &aspects));
                }
                _ => out.push(JurisdictionComparison {
                    jurisdiction: self.jurisdiction(j),
                    has_law: false,
                    rows: Vec::new(),
                    flags: Vec::new(),
                    unread: Vec::new(),
                }),
            }
        }
        let offences = entries
            .iter()
            .map(|c| {
                let part = inst.parts.iter().find(|p| p.id == c.instrument);
                OffenceHead {
                    id: c.id.clone(),
                    label: self.label(&format!("comparative.offence.{}", c.id), &c.label),
                    instrument: InstrumentView {
                        id: c.instrument.clone(),
                        title: part.map(|p| p.title.clone()).unwrap_or_default(),
                        short: part.map_or_else(|| c.instrument.clone(), |p| p.short.clone()),
                    },
                    obligations: c.obligations.clone(),
                }
            })
            .collect();
        let flag_count = out.iter().map(|j| j.flags.len()).sum();
        let offences: Vec<OffenceHead> = offences;
        let offences_line = offences
            .iter()
            .map(|o| o.label.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let mut meta = self.meta("comparative", &files);
        let mut shorts: Vec<String> = Vec::new();
        let mut titles: Vec<String> = Vec::new();
        for o in &offences {
            if !shorts.contains(&o.instrument.short) {
                shorts.push(o.instrument.short.clone());
                titles.push(o.instrument.title.clone());
            }
        }
        meta.instrument = InstrumentView {
            id: offences
                .iter()
                .map(|o| o.instrument.id.clone())
                .collect::<Vec<_>>()
                .join("+"),
            title: titles.join("; "),
            short: shorts.join(", "),
        };
        ComparativeReport {
            meta,
            at: at.to_string(),
            offences,
            offences_line,
            aspects,
            jurisdictions: out,
            flag_count,
        }
    }

    /// The catalog's string for `key` where it has one, else `fallback` (an instrument label).
    /// In English the instrument's own label (first letter capitalised), as the YAML says it; in
    /// another language the catalog's translation where it has one.
    fn label(&self, key: &str, fallback: &str) -> String {
        if self.inp.catalog.lang == "en" {
            return capitalise(fallback);
        }
        self.inp
            .catalog
            .lookup(key)
            .filter(|s| !s.is_empty())
            .map_or_else(|| capitalise(fallback), str::to_string)
    }

    /// A vocabulary value's label inside a sentence: as [`Self::label`], not capitalised.
    fn value_text(&self, key: &str, fallback: &str) -> String {
        if self.inp.catalog.lang == "en" {
            return fallback.to_string();
        }
        self.inp
            .catalog
            .lookup(key)
            .filter(|s| !s.is_empty())
            .map_or_else(|| fallback.to_string(), str::to_string)
    }

    fn aspects(&self, inst: &Instrument) -> Vec<AspectHead> {
        let spec = &inst.comparative;
        let mut out = vec![AspectHead {
            id: "offence".into(),
            label: self.t_owned("comparative.aspect.offence"),
        }];
        for g in &spec.elements {
            out.push(AspectHead {
                id: format!("element:{}", g.id),
                label: self.label(&format!("comparative.element.{}", g.id), &g.label),
            });
        }
        for id in [
            "requires",
            "penalty-basic",
            "serious-crime",
            "penalty-aggravated",
        ] {
            out.push(AspectHead {
                id: id.into(),
                label: self.t_owned(&format!("comparative.aspect.{id}")),
            });
        }
        for g in &spec.aggravating {
            let what = self.value_text(&format!("comparative.aggravating.{}", g.id), &g.label);
            out.push(AspectHead {
                id: format!("aggravating:{}", g.id),
                label: self
                    .t("comparative.aspect.aggravating")
                    .replace("{what}", &what),
            });
        }
        let kinds = inst.facet_with_role(FacetRole::RuleKind);
        for k in &spec.rules {
            let fallback = kinds.map_or(k.as_str(), |f| f.label_of(k));
            out.push(AspectHead {
                id: format!("rule:{k}"),
                label: self.label(&format!("comparative.rule.{k}"), fallback),
            });
        }
        out
    }

    fn t_owned(&self, key: &str) -> String {
        self.inp.catalog.get(key).to_string()
    }

    /// A vocabulary value's label: the catalog's (`comparative.value.minor`), else the
    /// instrument's, from whichever facet has it.
    fn value_label(&self, inst: &Instrument, v: &str) -> String {
        let yaml = inst
            .facets
            .iter()
            .find(|f| f.has_value(v))
            .map_or(v, |f| f.label_of(v));
        self.value_text(&format!("comparative.value.{v}"), yaml)
    }

    fn cite(&self, address: &str) -> Option<String> {
        Some(self.unit_label(address))
    }

    fn jurisdiction_comparison(
        &self,
        inst: &Instrument,
        law: &LawInForce,
        jc: &JurisdictionCoverage,
        aspects: &[AspectHead],
    ) -> JurisdictionComparison {
        let found: Vec<Found<'_>> = inst
            .comparative
            .offences
            .iter()
            .map(|c| find(law, jc, c))
            .collect();
        // Per offence: the rule verdicts per kind and covered value, for the flags.
        let mut rule_covers: Vec<BTreeMap<String, Covers>> = vec![BTreeMap::new(); found.len()];
        let mut rows = Vec::new();
        for a in aspects {
            let mut cells = Vec::new();
            for (i, (c, f)) in inst.comparative.offences.iter().zip(&found).enumerate() {
                if f.basic.is_empty() {
                    let mut cell = self.not_found(c);
                    if a.id != "offence" {
                        cell.items.clear();
                    }
                    cells.push(cell);
                    continue;
                }
                let cell = if let Some(kind) = a.id.strip_prefix("rule:") {
                    let (cell, covers) = self.rule_cell(inst, law, f, kind);
                    if let Some(slot) = rule_covers.get_mut(i) {
                        slot.insert(kind.to_string(), covers);
                    }
                    cell
                } else if let Some(g) = a.id.strip_prefix("aggravating:") {
                    self.aggravating_cell(inst, law, f, g)
                } else {
                    self.aspect_cell(inst, f, &a.id)
                };
                cells.push(dedup_items(cell));
            }
            rows.push(AspectRow {
                aspect: a.id.clone(),
                cells,
            });
        }
        let flags = self.flags(inst, aspects, &rows, &rule_covers);
        JurisdictionComparison {
            jurisdiction: self.jurisdiction(&jc.id),
            has_law: true,
            rows,
            flags,
            unread: Adapter::unread(jc),
        }
    }

    fn not_found(&self, c: &ComparedOffence) -> AspectCell {
        AspectCell {
            state: Some("not-encoded".into()),
            items: vec![Item {
                text: self
                    .t("comparative.not-found")
                    .replace("{obligations}", &c.obligations.join(", ")),
                cite: None,
                address: None,
                detail: None,
            }],
        }
    }

    fn item(&self, text: String, p: &Provision) -> Item {
        Item {
            text,
            cite: self.cite(&p.address),
            address: Some(p.address.clone()),
            detail: None,
        }
    }

    /// A descriptive or penalty aspect of one offence.
    fn aspect_cell(&self, inst: &Instrument, f: &Found<'_>, aspect: &str) -> AspectCell {
        let mut cell = AspectCell::default();
        if aspect == "offence" {
            for p in &f.basic {
                let title = p
                    .title
                    .clone()
                    .unwrap_or_else(|| coverage::short_address(&p.address));
                cell.items.push(self.item(title, p));
            }
        } else if let Some(id) = aspect.strip_prefix("element:") {
            let Some(g) = inst.comparative.elements.iter().find(|g| g.id == id) else {
                return cell;
            };
            for p in &f.basic {
                let mut parts = Vec::new();
                let mut unknown = false;
                for facet in &g.members {
                    if let Some(r) = p.facets.get(facet.as_str()) {
                        unknown |= r.unknown;
                        parts.extend(r.stated.iter().map(|v| self.value_label(inst, v)));
                    }
                }
                let text = if !parts.is_empty() {
                    if unknown {
                        parts.push("?".into());
                    }
                    parts.join(", ")
                } else if unknown {
                    self.t_owned("comparative.value-unknown")
                } else if g.members.iter().all(|m| {
                    inst.facet(m).is_some_and(|fa| {
                        fa.when_absent == crate::model::instrument::WhenAbsent::Anything
                    })
                }) {
                    self.t_owned("comparative.not-limited")
                } else {
                    self.t_owned("comparative.not-stated")
                };
                cell.items.push(self.item(text, p));
            }
        } else if aspect == "requires" {
            for p in &f.basic {
                let text = if p.requires.is_empty() {
                    self.t_owned("common.none")
                } else {
                    self.requires_text(inst, &p.requires)
                };
                cell.items.push(self.item(text, p));
            }
        } else if aspect == "penalty-basic" {
            for p in &f.basic {
                cell.items.push(self.item(self.penalty_text(p), p));
            }
        } else if aspect == "serious-crime" {
            let mut verdicts = Vec::new();
            for p in &f.basic {
                let (t, text) = serious(p);
                verdicts.push(t);
                let text = self
                    .t("comparative.maximum")
                    .replace("{max}", &self.duration_words(&text));
                cell.items.push(self.item(text, p));
            }
            cell.state = Some(aggregate(&verdicts).into());
        } else if aspect == "penalty-aggravated" {
            if f.aggravated.is_empty() {
                cell.items.push(Item {
                    text: self.t_owned("comparative.no-aggravated"),
                    cite: None,
                    address: None,
                    detail: None,
                });
            }
            for p in &f.aggravated {
                let extra = aggravating_elements(p, &f.basic);
                let mut text = self.penalty_text(p);
                if !extra.is_empty() {
                    let what: Vec<String> =
                        extra.iter().map(|v| self.element_label(inst, v)).collect();
                    text = format!("{text} — {}", what.join(", "));
                }
                cell.items.push(self.item(text, p));
            }
        }
        cell
    }

    /// Whether an aggravating-circumstance category aggravates the offence: an aggravated form
    /// demanding one of its values, or a general-part rule governing the offence that covers
    /// one (a general aggravating circumstance, `rule aggravation covers minors`) and applies.
    fn aggravating_cell(
        &self,
        inst: &Instrument,
        law: &LawInForce,
        f: &Found<'_>,
        id: &str,
    ) -> AspectCell {
        let mut cell = AspectCell::default();
        let Some(g) = inst.comparative.aggravating.iter().find(|g| g.id == id) else {
            return cell;
        };
        for p in &f.aggravated {
            if aggravating_elements(p, &f.basic)
                .iter()
                .any(|e| e.value().is_some_and(|v| g.members.iter().any(|m| m == v)))
            {
                cell.items.push(self.item(self.penalty_text(p), p));
            }
        }
        let mut seen = BTreeSet::new();
        let mut unknown = false;
        for p in &f.basic {
            for r in law.rules.iter().filter(|r| {
                r.covers.iter().any(|c| g.members.contains(c))
                    && law
                        .rules_governing(&p.jurisdiction, &r.kind)
                        .iter()
                        .any(|x| x.address == r.address)
            }) {
                match rule_applies(inst, law, r, p).0 {
                    Tri::Yes => {
                        if seen.insert(r.address.clone()) {
                            let special = article_of(&r.address).is_some_and(|a| {
                                law.provisions.iter().any(|o| {
                                    o.block == Block::Offence && article_of(&o.address) == Some(a)
                                })
                            });
                            let key = if special {
                                "comparative.special-aggravation"
                            } else {
                                "comparative.general-aggravation"
                            };
                            cell.items.push(Item {
                                text: self.t_owned(key),
                                cite: self.cite(&r.address),
                                address: Some(r.address.clone()),
                                detail: None,
                            });
                        }
                    }
                    Tri::Unknown => unknown = true,
                    Tri::No => {}
                }
            }
        }
        // Aggravated forms whose grounds are the statute's own words, which no vocabulary value
        // names: whether one of them is this circumstance is for the reader, not "no".
        let in_words: Vec<&&Provision> = f
            .aggravated
            .iter()
            .filter(|p| {
                aggravating_elements(p, &f.basic)
                    .iter()
                    .any(|e| matches!(e, Element::Words(_)))
            })
            .collect();
        if !cell.items.is_empty() {
            cell.state = Some("met".into());
        } else if unknown || !in_words.is_empty() {
            cell.state = Some("unknown".into());
            for p in in_words {
                let words: Vec<String> = aggravating_elements(p, &f.basic)
                    .iter()
                    .filter(|e| matches!(e, Element::Words(_)))
                    .map(|e| self.element_label(inst, e))
                    .collect();
                cell.items.push(
                    self.item(
                        self.t("comparative.grounds-in-words")
                            .replace("{words}", &words.join(", ")),
                        p,
                    ),
                );
            }
        } else {
            cell.state = Some("not-met".into());
            cell.items.push(Item {
                text: if f.aggravated.is_empty() {
                    self.t_owned("comparative.no-aggravated")
                } else {
                    self.t_owned("comparative.no-such-form")
                },
                cite: None,
                address: None,
                detail: None,
            });
        }
        cell
    }

    fn element_label(&self, inst: &Instrument, e: &Element) -> String {
        match e {
            Element::Value(v) => self.value_label(inst, v),
            Element::Words(w) => format!("\u{201c}{w}\u{201d}"),
        }
    }

    fn requires_text(&self, inst: &Instrument, groups: &[Vec<Element>]) -> String {
        groups
            .iter()
            .map(|g| {
                let labels: Vec<String> = g.iter().map(|e| self.element_label(inst, e)).collect();
                if labels.len() > 1 {
                    self.t("comparative.one-of")
                        .replace("{values}", &labels.join(", "))
                } else {
                    labels.join("")
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `prison 1y..8y or fine` in the report's words: "imprisonment 1–8 y" and so on.
    fn penalty_text(&self, p: &Provision) -> String {
        match &p.penalty {
            None => self.t_owned("comparative.penalty-not-stated"),
            Some(pen) => {
                let mut out = Vec::new();
                for alt in pen.text.split(" or ") {
                    let parts: Vec<String> = alt
                        .split(" + ")
                        .map(|term| {
                            if let Some(range) = term.strip_prefix("prison ") {
                                let (lo, hi) = range.split_once("..").unwrap_or((range, ""));
                                let lo = self.duration_words(lo);
                                let hi = self.duration_words(hi);
                                let range = match (lo.is_empty(), hi.is_empty()) {
                                    (false, false) => format!("{lo} – {hi}"),
                                    (true, false) => {
                                        self.t("comparative.up-to").replace("{max}", &hi)
                                    }
                                    (false, true) => {
                                        self.t("comparative.at-least").replace("{min}", &lo)
                                    }
                                    (true, true) => "?".into(),
                                };
                                format!("{} {range}", self.t("comparative.prison"))
                            } else if term == "fine" {
                                self.t_owned("comparative.fine")
                            } else if term == "life" {
                                self.t_owned("comparative.life")
                            } else {
                                term.to_string()
                            }
                        })
                        .collect();
                    out.push(parts.join(&format!(" {} ", self.t("comparative.and"))));
                }
                out.join(&format!(" {} ", self.t("comparative.or")))
            }
        }
    }

    /// `8y`, `6m`, `1y6m` with the report's unit words; `?` and other text as is.
    fn duration_words(&self, d: &str) -> String {
        let mut out = String::new();
        let mut num = String::new();
        for ch in d.chars() {
            if ch.is_ascii_digit() {
                num.push(ch);
                continue;
            }
            let unit = match ch {
                'y' => Some("comparative.unit.years"),
                'm' => Some("comparative.unit.months"),
                'd' => Some("comparative.unit.days"),
                _ => None,
            };
            match unit {
                Some(key) if !num.is_empty() => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    let n: i64 = num.parse().unwrap_or(0);
                    let rule = self.t("lang.plural");
                    let text = super::templates::plural_forms(self.t(key), "n", n, rule);
                    out.push_str(&text.replace("{n}", &num));
                    num.clear();
                }
                _ => {
                    out.push_str(&num);
                    num.clear();
                    out.push(ch);
                }
            }
        }
        out.push_str(&num);
        out
    }

    /// Whether rules of `kind` govern the offence: each rule governing a basic form's level,
    /// its conditions tested by the coverage engine for every basic form. A rule that applies
    /// to some basic forms only says which; rules that apply to none are listed only when none
    /// of the kind applies (with the engine's reason as detail).
    fn rule_cell(
        &self,
        inst: &Instrument,
        law: &LawInForce,
        f: &Found<'_>,
        kind: &str,
    ) -> (AspectCell, Covers) {
        let mut cell = AspectCell::default();
        let encoded = law.rules.iter().any(|r| r.kind == kind);
        // Per rule (in the order of the law): its verdict for each basic form.
        let mut per_rule: Vec<RuleVerdicts<'_>> = Vec::new();
        // Per basic form and covered value: the best verdict of any rule.
        let mut form_covers: Vec<BTreeMap<String, Tri>> = vec![BTreeMap::new(); f.basic.len()];
        let mut governed = vec![false; f.basic.len()];
        for r in law.rules.iter().filter(|r| r.kind == kind) {
            let mut verdicts = Vec::new();
            for (i, p) in f.basic.iter().enumerate() {
                let governs = law
                    .rules_governing(&p.jurisdiction, kind)
                    .iter()
                    .any(|x| x.address == r.address && std::ptr::eq(*x, r));
                let v = if governs {
                    if let Some(g) = governed.get_mut(i) {
                        *g = true;
                    }
                    rule_applies(inst, law, r, p)
                } else {
                    (Tri::No, None)
                };
                let values: Vec<String> = if r.covers.is_empty() {
                    vec![String::new()]
                } else {
                    r.covers.clone()
                };
                if let Some(fc) = form_covers.get_mut(i) {
                    for value in values {
                        let slot = fc.entry(value).or_insert(Tri::No);
                        *slot = tri_best(*slot, v.0);
                    }
                }
                verdicts.push(v);
            }
            per_rule.push((r, verdicts));
        }
        let scope = |r: &GeneralRule| -> String {
            let facet = inst.covers_facet(kind);
            r.covers
                .iter()
                .map(|v| {
                    self.value_text(
                        &format!("comparative.value.{v}"),
                        facet.map_or(v.as_str(), |f| f.label_of(v)),
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text_for = |key: &'static str, r: &GeneralRule| -> String {
            let sc = scope(r);
            let t = self.t(key);
            if sc.is_empty() {
                t.replace(" ({scope})", "").replace("({scope})", "")
            } else {
                t.replace("{scope}", &sc)
            }
        };
        let mut any_applies = false;
        for (r, verdicts) in &per_rule {
            let yes: Vec<usize> = (0..verdicts.len())
                .filter(|&i| verdicts.get(i).is_some_and(|v| v.0 == Tri::Yes))
                .collect();
            let unknown: Vec<usize> = (0..verdicts.len())
                .filter(|&i| verdicts.get(i).is_some_and(|v| v.0 == Tri::Unknown))
                .collect();
            if !yes.is_empty() {
                any_applies = true;
                let mut text = text_for("comparative.rule-applies", r);
                if yes.len() < verdicts.len() {
                    text = format!(
                        "{text} — {}",
                        self.t("comparative.only-for")
                            .replace("{offences}", &self.forms(f, &yes))
                    );
                }
                cell.items.push(Item {
                    text,
                    cite: self.cite(&r.address),
                    address: Some(r.address.clone()),
                    detail: None,
                });
            } else if !unknown.is_empty() {
                let detail = unknown
                    .first()
                    .and_then(|&i| verdicts.get(i))
                    .and_then(|v| v.1.clone());
                // Known to apply in part (only where an organised group commits the offence) is
                // not "not known".
                let in_part = unknown.iter().any(|&i| {
                    f.basic
                        .get(i)
                        .and_then(|p| coverage::rule_applies_in_part(inst, law, r, p))
                        .is_some()
                });
                let key = if in_part {
                    "comparative.rule-applies-in-part"
                } else {
                    "comparative.rule-may-apply"
                };
                cell.items.push(Item {
                    text: text_for(key, r),
                    cite: self.cite(&r.address),
                    address: Some(r.address.clone()),
                    detail,
                });
            }
        }
        if !any_applies {
            for (r, verdicts) in &per_rule {
                if verdicts.iter().all(|v| v.0 == Tri::No) && verdicts.iter().any(|v| v.1.is_some())
                {
                    cell.items.push(Item {
                        text: text_for("comparative.rule-does-not-apply", r),
                        cite: self.cite(&r.address),
                        address: Some(r.address.clone()),
                        detail: verdicts.iter().find_map(|v| v.1.clone()),
                    });
                }
            }
        }
        // Per basic form: any rule of the kind governing it that applies.
        let form_verdicts: Vec<Tri> = form_covers
            .iter()
            .zip(&governed)
            .map(|(fc, g)| {
                if !g {
                    if encoded
                        || kind_is_general(kind)
                            && f.basic
                                .iter()
                                .any(|p| law.has_general_part(&p.jurisdiction))
                    {
                        Tri::No
                    } else {
                        Tri::Unknown
                    }
                } else {
                    fc.values().fold(Tri::No, |a, b| tri_best(a, *b))
                }
            })
            .collect();
        let has_general_part = f
            .basic
            .iter()
            .any(|p| law.has_general_part(&p.jurisdiction));
        let state = if !encoded && (!kind_is_general(kind) || !has_general_part) {
            "not-encoded"
        } else {
            aggregate(&form_verdicts)
        };
        if cell.items.is_empty() {
            let key = if state == "not-encoded" {
                "comparative.rule-not-encoded"
            } else {
                "comparative.rule-none"
            };
            cell.items.push(Item {
                text: self.t_owned(key),
                cite: None,
                address: None,
                detail: None,
            });
        }
        cell.state = Some(state.to_string());
        // The aggravated forms, where the basic forms do not have it: a closed list may name
        // only the aggravated paragraph.
        let mut agg_covers: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for a in &f.aggravated {
            for (r, _) in &per_rule {
                let governs = law
                    .rules_governing(&a.jurisdiction, kind)
                    .iter()
                    .any(|x| std::ptr::eq(*x, *r));
                if !governs || rule_applies(inst, law, r, a).0 != Tri::Yes {
                    continue;
                }
                let values: Vec<String> = if r.covers.is_empty() {
                    vec![String::new()]
                } else {
                    r.covers.clone()
                };
                for v in values {
                    let slot = agg_covers.entry(v).or_default();
                    slot.0.push(self.unit_label(&a.address));
                    slot.1.push(self.unit_label(&r.address));
                }
            }
        }
        if state == "not-met" && !agg_covers.is_empty() {
            cell.state = Some("partly".into());
            let forms: Vec<String> = dedup(agg_covers.values().flat_map(|x| x.0.clone()).collect());
            let rules: Vec<String> = dedup(agg_covers.values().flat_map(|x| x.1.clone()).collect());
            cell.items.push(Item {
                text: self
                    .t("comparative.aggravated-only")
                    .replace("{forms}", &forms.join("; ")),
                cite: Some(rules.join("; ")),
                address: None,
                detail: None,
            });
        }
        // Per covered value, across the basic forms: for the flags.
        let mut covers: Covers = BTreeMap::new();
        if state != "not-encoded" {
            let mut values: BTreeSet<&String> = BTreeSet::new();
            for fc in &form_covers {
                values.extend(fc.keys());
            }
            for v in values {
                let ts: Vec<Tri> = form_covers
                    .iter()
                    .map(|fc| fc.get(v).copied().unwrap_or(Tri::No))
                    .collect();
                let agg = agg_covers.get(v);
                let t = match aggregate(&ts) {
                    "met" => Avail::Yes,
                    "not-met" if agg.is_some() => Avail::AggravatedOnly,
                    "not-met" => Avail::No,
                    _ => Avail::Unknown,
                };
                let cited = match (t, agg) {
                    (Avail::AggravatedOnly, Some(a)) => dedup(a.1.clone()),
                    _ => per_rule
                        .iter()
                        .filter(|(r, vs)| {
                            (r.covers.iter().any(|c| c == v) || r.covers.is_empty() && v.is_empty())
                                && vs.iter().any(|x| x.0 == Tri::Yes)
                        })
                        .map(|(r, _)| self.unit_label(&r.address))
                        .collect(),
                };
                covers.insert(v.clone(), (t, cited));
            }
            if covers.is_empty() {
                covers.insert(String::new(), (Avail::No, Vec::new()));
            }
        }
        (cell, covers)
    }

    /// The citations of some basic forms: "Criminal Code, Art. 403b(1); …".
    fn forms(&self, f: &Found<'_>, which: &[usize]) -> String {
        let cites: Vec<String> = which
            .iter()
            .filter_map(|&i| f.basic.get(i))
            .map(|p| self.unit_label(&p.address))
            .collect();
        dedup(cites).join("; ")
    }

    fn flags(
        &self,
        inst: &Instrument,
        aspects: &[AspectHead],
        rows: &[AspectRow],
        rule_covers: &[BTreeMap<String, Covers>],
    ) -> Vec<Flag> {
        let ids: Vec<&str> = inst
            .comparative
            .offences
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let label_of = |id: &str| {
            inst.comparative
                .offences
                .iter()
                .find(|c| c.id == id)
                .map_or_else(
                    || id.to_string(),
                    |c| self.value_text(&format!("comparative.offence.{}", c.id), &c.label),
                )
        };
        let names = |xs: &[String]| -> String {
            xs.iter()
                .map(|x| label_of(x))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        for (a, row) in aspects.iter().zip(rows) {
            let kind = if a.id == "serious-crime" {
                "threshold"
            } else if a.id.starts_with("aggravating:") {
                "aggravating"
            } else if a.id.starts_with("rule:") {
                "rule"
            } else {
                continue;
            };
            if kind == "rule" {
                continue;
            }
            let mut with = Vec::new();
            let mut without = Vec::new();
            let mut cites = Vec::new();
            for (id, cell) in ids.iter().zip(&row.cells) {
                match cell.state.as_deref() {
                    Some("met") => {
                        with.push(id.to_string());
                        cites.extend(cell.items.iter().filter_map(|i| i.cite.clone()));
                    }
                    Some("not-met") => {
                        without.push(id.to_string());
                        cites.extend(cell.items.iter().filter_map(|i| i.cite.clone()));
                    }
                    _ => {}
                }
            }
            if with.is_empty() || without.is_empty() {
                continue;
            }
            let text = self
                .t_owned(&format!("comparative.flag.{kind}"))
                .replace("{aspect}", &a.label)
                .replace("{with}", &names(&with))
                .replace("{without}", &names(&without));
            out.push(Flag {
                kind: kind.into(),
                aspect: a.id.clone(),
                covers: Vec::new(),
                text,
                with,
                without,
                cites: dedup(cites),
            });
        }
        // Rules: compared value by value of their `covers` lists; the values that split the
        // offences the same way make one flag.
        for a in aspects {
            let Some(kind) = a.id.strip_prefix("rule:") else {
                continue;
            };
            let mut values: BTreeSet<&str> = BTreeSet::new();
            for per in rule_covers {
                if let Some(c) = per.get(kind) {
                    values.extend(c.keys().map(String::as_str));
                }
            }
            // (with, without, aggravated only) → the values, the articles cited.
            type Split = (Vec<String>, Vec<String>, Vec<String>);
            let mut groups: Vec<(Split, Vec<&str>, Vec<String>)> = Vec::new();
            for v in values {
                let mut split: Split = Default::default();
                let mut cites = Vec::new();
                for (id, per) in ids.iter().zip(rule_covers) {
                    let Some(c) = per.get(kind) else { continue };
                    // A value the offence's rules do not list: not available for it, where
                    // rules of the kind are known for it at all.
                    let (t, cited) = match c.get(v) {
                        Some((t, cited)) => (*t, cited.clone()),
                        None if c.values().any(|(t, _)| *t != Avail::Unknown) => {
                            (Avail::No, Vec::new())
                        }
                        None => (Avail::Unknown, Vec::new()),
                    };
                    match t {
                        Avail::Yes => {
                            split.0.push(id.to_string());
                            cites.extend(cited);
                        }
                        Avail::No => split.1.push(id.to_string()),
                        Avail::AggravatedOnly => {
                            split.2.push(id.to_string());
                            cites.extend(cited);
                        }
                        Avail::Unknown => {}
                    }
                }
                if split.0.is_empty() || split.1.is_empty() && split.2.is_empty() {
                    continue;
                }
                match groups.iter_mut().find(|g| g.0 == split) {
                    Some(g) => {
                        g.1.push(v);
                        g.2.extend(cites);
                    }
                    None => groups.push((split, vec![v], cites)),
                }
            }
            for ((with, without, partial), vs, cites) in groups {
                let facet = inst.covers_facet(kind);
                let labels: Vec<String> = vs
                    .iter()
                    .filter(|v| !v.is_empty())
                    .map(|v| {
                        self.value_text(
                            &format!("comparative.value.{v}"),
                            facet.map_or(v, |f| f.label_of(v)),
                        )
                    })
                    .collect();
                let aspect = if labels.is_empty() {
                    a.label.clone()
                } else {
                    format!("{} — {}", a.label, labels.join(", "))
                };
                let mut text = if without.is_empty() {
                    self.t("comparative.flag.rule-with")
                        .replace("{aspect}", &aspect)
                        .replace("{with}", &names(&with))
                } else {
                    self.t("comparative.flag.rule")
                        .replace("{aspect}", &aspect)
                        .replace("{with}", &names(&with))
                        .replace("{without}", &names(&without))
                };
                if !partial.is_empty() {
                    text = format!(
                        "{text} {}",
                        self.t("comparative.flag.aggravated-only")
                            .replace("{offences}", &names(&partial))
                    );
                }
                let mut without = without;
                without.extend(partial);
                out.push(Flag {
                    kind: "rule".into(),
                    aspect: a.id.clone(),
                    covers: vs
                        .iter()
                        .filter(|v| !v.is_empty())
                        .map(|v| v.to_string())
                        .collect(),
                    text,
                    with,
                    without,
                    cites: dedup(cites),
                });
            }
        }
        out
    }
}

/// The article a unit address lies in: `ME/criminal-code@2023-12-31/art-300` for
/// `…/art-300/para-4`; `None` for an address outside any article.
fn article_of(address: &str) -> Option<&str> {
    let at = address.find("/art-")?;
    let rest = address.get(at + 1..)?;
    let end = rest.find('/').map_or(address.len(), |i| at + 1 + i);
    address.get(..end)
}

/// [`coverage::rule_applies`], read for one offence of a comparison: a rule with no condition
/// that stands in an article of the special part (an article holding an offence: "if the offence
/// of para 1 is committed against a child") governs that article's offences only, not every
/// offence of the code. The coverage engine, which asks whether a rule exists for the offences
/// an obligation relies on, reads it for all.
fn rule_applies(
    inst: &Instrument,
    law: &LawInForce,
    r: &GeneralRule,
    p: &Provision,
) -> (Tri, Option<String>) {
    if r.is_unconditional()
        && let Some(article) = article_of(&r.address)
        && law
            .provisions
            .iter()
            .any(|o| o.block == Block::Offence && article_of(&o.address) == Some(article))
        && article_of(&p.address) != Some(article)
    {
        return (
            Tri::No,
            Some(format!(
                "{} stands in the article of another offence and states no condition: read as governing that article's offences only",
                coverage::short_address(&r.address)
            )),
        );
    }
    coverage::rule_applies(inst, law, r, p)
}

/// Whether a rule kind belongs to the general part of a criminal code, so that a code whose
/// general part is encoded and has no such rule lacks it. Other kinds (a procedure code's
/// measures) are "not encoded" until some rule of the kind is.
fn kind_is_general(kind: &str) -> bool {
    matches!(
        kind,
        "attempt" | "complicity" | "legal-persons" | "confiscation" | "jurisdiction"
    )
}

/// A cell without repeated items (several offence blocks in one paragraph, one rule reached
/// through several basic forms).
fn dedup_items(mut cell: AspectCell) -> AspectCell {
    let mut seen = BTreeSet::new();
    cell.items
        .retain(|i| seen.insert((i.text.clone(), i.cite.clone())));
    cell
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn dedup(xs: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    xs.into_iter().filter(|x| seen.insert(x.clone())).collect()
}

fn tri_best(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
        (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
        _ => Tri::No,
    }
}

/// All yes → `met`; all no → `not-met`; yes and no → `partly`; else `unknown`.
fn aggregate(ts: &[Tri]) -> &'static str {
    let yes = ts.iter().filter(|t| **t == Tri::Yes).count();
    let no = ts.iter().filter(|t| **t == Tri::No).count();
    if ts.is_empty() {
        "unknown"
    } else if yes == ts.len() {
        "met"
    } else if no == ts.len() {
        "not-met"
    } else if yes > 0 {
        "partly"
    } else {
        "unknown"
    }
}

/// Whether the basic form's maximum reaches the serious-crime threshold, and the maximum.
fn serious(p: &Provision) -> (Tri, String) {
    match p.max_prison() {
        None => (Tri::Unknown, "?".into()),
        Some(m) => {
            let t = m.reaches(SERIOUS_CRIME, false);
            let text = if m.life {
                "life".into()
            } else {
                match (m.known, m.open_from) {
                    (Some(k), _) => k.to_string(),
                    (None, Some(o)) => format!("{o}.."),
                    (None, None) if m.custodial => "?".into(),
                    (None, None) => "0".into(),
                }
            };
            (t, text)
        }
    }
}

/// What an aggravated form demands beyond its basic forms: its narrowing elements, and the
/// element values it states that no basic form states.
fn aggravating_elements(p: &Provision, basic: &[&Provision]) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    let basic_requires: BTreeSet<&Element> = basic
        .iter()
        .flat_map(|b| b.requires.iter().flatten())
        .collect();
    for g in &p.requires {
        for e in g {
            if !basic_requires.contains(e) && !out.contains(e) {
                out.push(e.clone());
            }
        }
    }
    for (facet, reach) in &p.facets {
        for v in &reach.stated {
            let in_basic = basic.iter().any(|b| {
                b.facets
                    .get(facet)
                    .is_some_and(|r| r.stated.iter().any(|s| s == v))
            });
            let e = Element::Value(v.clone());
            if !in_basic && !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

/// CSV columns (stable identifiers, as the JSON keys).
pub const CSV_HEADER: [&str; 12] = [
    "record",
    "jurisdiction",
    "jurisdiction_name",
    "at",
    "offence",
    "instrument",
    "aspect",
    "aspect_label",
    "state",
    "text",
    "cites",
    "addresses",
];

/// The CSV form: a row per jurisdiction × aspect × offence (`record` `aspect`), then a row per
/// inconsistency (`record` `flag`: `offence` the offences that have it, `state` its kind, `text`
/// the sentence, naming those that do not).
pub fn csv(r: &ComparativeReport) -> String {
    let mut out = String::from("\u{feff}");
    crate::csv::row(&mut out, CSV_HEADER.iter().map(|s| (*s).to_string()));
    for j in r.jurisdictions.iter().filter(|j| j.has_law) {
        for (a, row) in r.aspects.iter().zip(&j.rows) {
            for (o, cell) in r.offences.iter().zip(&row.cells) {
                let texts: Vec<&str> = cell.items.iter().map(|i| i.text.as_str()).collect();
                let cites: Vec<&str> = cell
                    .items
                    .iter()
                    .filter_map(|i| i.cite.as_deref())
                    .collect();
                let addresses: Vec<&str> = cell
                    .items
                    .iter()
                    .filter_map(|i| i.address.as_deref())
                    .collect();
                crate::csv::row(
                    &mut out,
                    [
                        "aspect".to_string(),
                        j.jurisdiction.id.clone(),
                        j.jurisdiction.name.clone(),
                        r.at.clone(),
                        o.id.clone(),
                        o.instrument.id.clone(),
                        a.id.clone(),
                        a.label.clone(),
                        cell.state.clone().unwrap_or_default(),
                        texts.join(" | "),
                        cites.join(" | "),
                        addresses.join(" | "),
                    ],
                );
            }
        }
    }
    for j in r.jurisdictions.iter().filter(|j| j.has_law) {
        for f in &j.flags {
            let label = r
                .aspects
                .iter()
                .find(|a| a.id == f.aspect)
                .map_or_else(String::new, |a| a.label.clone());
            crate::csv::row(
                &mut out,
                [
                    "flag".to_string(),
                    j.jurisdiction.id.clone(),
                    j.jurisdiction.name.clone(),
                    r.at.clone(),
                    f.with.join(" | "),
                    String::new(),
                    f.aspect.clone(),
                    label,
                    f.kind.clone(),
                    f.text.clone(),
                    f.cites.join(" | "),
                    String::new(),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_of_cuts_at_the_article() {
        assert_eq!(
            article_of("ME/criminal-code@2023-12-31/art-300/para-4"),
            Some("ME/criminal-code@2023-12-31/art-300")
        );
        assert_eq!(
            article_of("ME/criminal-code@2023-12-31/art-300"),
            Some("ME/criminal-code@2023-12-31/art-300")
        );
        assert_eq!(article_of("ME/criminal-code@2023-12-31"), None);
    }

    #[test]
    fn aggregate_reads_mixed_verdicts_as_partly() {
        assert_eq!(aggregate(&[Tri::Yes, Tri::Yes]), "met");
        assert_eq!(aggregate(&[Tri::No]), "not-met");
        assert_eq!(aggregate(&[Tri::Yes, Tri::No]), "partly");
        assert_eq!(aggregate(&[Tri::Unknown, Tri::No]), "unknown");
        assert_eq!(aggregate(&[]), "unknown");
    }
}
