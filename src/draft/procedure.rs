//! The bill to another act that goes with a criminal-code draft: where an obligation's rule
//! lives in the criminal procedure code (UNTOC-20.1 and DRUGS-11.1: the special investigative
//! measures, available for a closed list of offences or above a penalty threshold), the offences
//! the rule must reach and does not — those the criminal-code bill creates, and those of the
//! code that are missing — are added to the closed list of the measure concerned. The bill is
//! read `with` the criminal-code bill (its list names the articles that bill inserts) and is
//! verified as `lexgap diff --bill` verifies it: both applied, coverage computed again.

use std::collections::{BTreeMap, BTreeSet};

use super::{Analysed, NotClosed, Planned, Target, Work, edit, governed, open_cells, rule_cell};
use crate::model::in_force::{GeneralRule, RuleCondition};
use crate::model::instrument::{Meet, Obligation, Test};
use crate::syntax::ast::{LawFile, Ref};
use edit::{UnitPath, sp};

/// A bill to another act of the jurisdiction drafted with the criminal-code bill.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ProcedureBill {
    /// The act amended: `MK/criminal-procedure-code@2013-12-01`.
    pub amends: String,
    /// The file name it is written to, beside the criminal-code bill
    /// (`draft.criminal-procedure-code.bill`); its header says `with "draft.bill"`.
    pub file: String,
    /// The bill, in canonical layout.
    pub bill: String,
    pub operations: Vec<Planned>,
    /// The obligations whose rule lives in this act: with the criminal-code bill alone → with
    /// both bills.
    pub targets: Vec<Target>,
    /// What this bill leaves open, with why (a measure available by a penalty threshold only).
    pub not_closed: Vec<NotClosed>,
}

/// The name of the procedure bill written beside `cc_file` (`draft.bill` →
/// `draft.criminal-procedure-code.bill`).
pub fn file_name(cc_file: &str, act: &str) -> String {
    let name = cc_file.rsplit(['/', '\\']).next().unwrap_or(cc_file);
    let stem = name.strip_suffix(".bill").unwrap_or(name);
    format!("{stem}.{act}.bill")
}

/// A rule's closed list, among its alternatives (`max >= 10y or listed …`): the one a bill can
/// add an offence to. A list inside a conjunction (`listed … and requires …`) is not taken.
fn has_list(r: &GeneralRule) -> bool {
    r.conditions
        .iter()
        .any(|c| matches!(c, RuleCondition::Listed { .. }))
}

/// The penalty threshold among a rule's alternatives (`max >= 10y`), in words.
fn threshold(r: &GeneralRule) -> Option<String> {
    let known = |c: &&RuleCondition| matches!(c, RuleCondition::MaxAtLeast { bound: Some(_), .. });
    r.conditions
        .iter()
        .find_map(|c| match c {
            RuleCondition::All { all } => all.iter().find(known),
            c => Some(c).filter(known),
        })
        .map(|c| format!("a {}", crate::coverage::describe_condition(c)))
}

fn listed_in(r: &GeneralRule, address: &str) -> bool {
    r.conditions.iter().any(|c| match c {
        RuleCondition::Listed { addresses, .. } => addresses
            .iter()
            .any(|a| crate::model::in_force::address_within(address, a)),
        _ => false,
    })
}

/// The obligation's `contains` (narrowing elements it contains) as (facet, value) pairs.
fn contained(ob: &Obligation, part_index: usize) -> Vec<(String, String)> {
    match ob.requirement.parts.get(part_index).map(|p| &p.test) {
        Some(Test::Rule { contains, .. }) => contains
            .iter()
            .flat_map(|(f, vs)| vs.iter().map(move |v| (f.clone(), v.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

/// What one round found for the procedure act: offences added to a list (rule unit → the
/// obligation, offences), offences already reached by a threshold, offences no list can take.
#[derive(Default)]
pub(super) struct Round {
    pub added: usize,
    /// Some offence added is an article the criminal-code bill inserts.
    pub names_inserted: bool,
    pub by_threshold: BTreeMap<String, BTreeSet<String>>,
    /// Per obligation: how the measure is available where no list can take an offence (its
    /// threshold, in words, or "" for no rule with a list), and the offences it leaves out.
    pub unreachable: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

impl Round {
    /// Adds what a later round found.
    pub fn absorb(&mut self, later: Round) {
        self.added += later.added;
        self.names_inserted |= later.names_inserted;
        for (k, v) in later.by_threshold {
            self.by_threshold.entry(k).or_default().extend(v);
        }
        for (k, v) in later.unreachable {
            let e = self.unreachable.entry(k).or_default();
            for (how, offences) in v {
                e.entry(how).or_default().extend(offences);
            }
        }
    }

    /// Why the measure cannot be made to reach some offences of obligation `id` by a list.
    pub fn why_unreachable(&self, id: &str) -> Option<String> {
        let by = self.unreachable.get(id)?;
        let parts: Vec<String> = by
            .iter()
            .map(|(how, offences)| {
                let named = offences.iter().cloned().collect::<Vec<_>>().join(", ");
                if how.is_empty() {
                    format!("no measure of the procedure code with a closed list can be made available for {named}")
                } else {
                    format!(
                        "the measure is available only by a penalty threshold ({how}), which {named} do not reach, and by no closed list to add them to: raising their penalties, or a list, is the drafters' choice"
                    )
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// One round on the procedure act's working text `p` (a `Work` whose prefix is that act's):
/// for each open cell of each obligation in `obs` (rule tests whose rule lives in that act), the
/// criminal-code offences the rule must reach ([`governed`], from the criminal-code draft's
/// after-state `a`) that no rule of the kind reaches outright are added to the closed list of
/// the act's rule of the kind covering the cell's technique. `cc` is the criminal-code draft
/// (its prefix names the offences).
pub(super) fn round(p: &mut Work, cc: &Work, a: &Analysed, obs: &[&Obligation]) -> Round {
    let mut out = Round::default();
    let mut memo = BTreeMap::new();
    let mut added: BTreeMap<(UnitPath, String, String), Vec<UnitPath>> = BTreeMap::new();
    for ob in obs {
        for cell in open_cells(&a.cov, &ob.id) {
            let Some(Test::Rule { kind, of, .. }) =
                ob.requirement.parts.get(cell.part_index).map(|x| &x.test)
            else {
                continue;
            };
            let (scope, base_ob) = rule_cell(cell);
            let offences = match &base_ob {
                Some(b) => governed(cc, &a.law, &mut memo, std::slice::from_ref(b)),
                None => governed(cc, &a.law, &mut memo, of),
            };
            let contains = contained(ob, cell.part_index);
            let covers = |r: &GeneralRule| match (scope.as_deref(), p.inst.covers_facet(kind)) {
                (None, _) => true,
                (Some(s), Some(f)) => r.covers.iter().any(|c| f.meets(c, s) == Some(Meet::Fully)),
                (Some(_), None) => false,
            };
            let rules: Vec<&GeneralRule> = a
                .law
                .rules
                .iter()
                .filter(|r| r.kind == *kind && r.jurisdiction == p.j && covers(r))
                .collect();
            for off in &offences {
                let Some(prov) = cc.provision(&a.law, off) else {
                    continue;
                };
                let reached: Vec<&&GeneralRule> = rules
                    .iter()
                    .filter(|r| {
                        crate::coverage::rule_holds_within(p.inst, &a.law, r, prov, &contains)
                    })
                    .collect();
                if !reached.is_empty() {
                    for r in reached {
                        if !listed_in(r, off)
                            && let Some(t) = threshold(r)
                        {
                            out.by_threshold
                                .entry(ob.id.clone())
                                .or_default()
                                .insert(format!(
                                    "{} ({t} in {})",
                                    crate::coverage::short_address(off),
                                    crate::coverage::short_address(&r.address)
                                ));
                        }
                    }
                    continue;
                }
                // The act's rule of the kind with a closed list: the one whose list already
                // names an offence of the same article, else the one naming most of them.
                let Some(off_path) = UnitPath::from_address(off, &cc.prefix) else {
                    continue;
                };
                let same_article = |r: &GeneralRule| {
                    r.conditions.iter().any(|c| match c {
                        RuleCondition::Listed { addresses, .. } => addresses.iter().any(|x| {
                            UnitPath::from_address(x, &cc.prefix)
                                .is_some_and(|q| q.article == off_path.article)
                        }),
                        _ => false,
                    })
                };
                let list_rule = rules
                    .iter()
                    .filter(|r| p.own(&r.address) && has_list(r))
                    .max_by_key(|r| (same_article(r), std::cmp::Reverse(r.address.len())));
                let Some(r) = list_rule else {
                    let how = rules
                        .iter()
                        .find_map(|r| {
                            threshold(r).map(|t| {
                                format!("{t} in {}", crate::coverage::short_address(&r.address))
                            })
                        })
                        .unwrap_or_default();
                    out.unreachable
                        .entry(ob.id.clone())
                        .or_default()
                        .entry(how)
                        .or_default()
                        .insert(crate::coverage::short_address(off));
                    continue;
                };
                let Some(rule_path) = UnitPath::from_address(&r.address, &p.prefix) else {
                    continue;
                };
                let Some(u) = edit::unit_mut(&mut p.law, &rule_path) else {
                    continue;
                };
                let reference = cross_act_ref(u, kind, &off_path, &cc_act(cc));
                if edit::extend_listed(u, kind, &[reference]) {
                    out.added += 1;
                    added
                        .entry((rule_path, ob.id.clone(), kind.clone()))
                        .or_default()
                        .push(off_path);
                }
            }
        }
    }
    // One justification per list and obligation, naming every offence added to it.
    for ((rule_path, id, kind), offences) in added {
        let Some(ob) = obs.iter().find(|o| o.id == id) else {
            continue;
        };
        let names = |paths: &[&UnitPath]| {
            paths
                .iter()
                .map(|x| x.describe())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let all: Vec<&UnitPath> = offences.iter().collect();
        let (new, old): (Vec<&UnitPath>, Vec<&UnitPath>) =
            all.iter().partition(|x| cc.inserted_path(x));
        let title = cc_title(cc);
        super::mark(
            p,
            &rule_path,
            &format!(
                "the measures may also be ordered for the {} in {} of the {title}",
                if all.len() == 1 {
                    "offence"
                } else {
                    "offences"
                },
                names(&all)
            ),
        );
        let mut why = Vec::new();
        if !old.is_empty() {
            why.push(format!(
                "{} of the code in force, which the measure does not reach (not on the list; below the threshold, or its penalty not known)",
                names(&old)
            ));
        }
        if !new.is_empty() {
            out.names_inserted = true;
            why.push(format!(
                "{}, inserted by the criminal-code bill this bill is read with",
                names(&new)
            ));
        }
        p.note_replaced(
            &rule_path,
            &ob.id,
            format!(
                "{} ({}): adds to the closed list of the `{kind}` rule in {} the offences of the {title} that must reach it: {}.",
                ob.id,
                ob.title,
                rule_path.describe(),
                why.join("; and ")
            ),
        );
    }
    out
}

/// The act id of the criminal-code draft's act (`criminal-code`).
fn cc_act(cc: &Work) -> String {
    cc.prefix
        .split_once('/')
        .and_then(|(_, rest)| rest.split_once('@'))
        .map_or_else(|| "criminal-code".to_string(), |(a, _)| a.to_string())
}

fn cc_title(cc: &Work) -> String {
    cc.law.header.title.node.clone()
}

/// The reference to an offence of the criminal code, in the list of a rule of another act: the
/// act named (`act criminal-code article 215-a`), carried over from the item before when that
/// names the same act, as the list is written.
fn cross_act_ref(u: &crate::syntax::ast::Unit, kind: &str, off: &UnitPath, act: &str) -> Ref {
    let mut r = off.to_ref();
    r.act = Some(sp(act.to_string()));
    let carried = u.body.iter().any(|e| match e {
        crate::syntax::ast::Entry::Rule(rule) if rule.kind.node == kind => {
            rule.when.iter().any(|c| match &c.node {
                crate::syntax::ast::Condition::Listed(list) => list
                    .last()
                    .and_then(|l| l.node.act.as_ref())
                    .is_some_and(|a| a.node == act),
                _ => false,
            })
        }
        _ => false,
    });
    r.act_carried = carried;
    r
}

/// The working text of the procedure act, a `Work` on it sharing the criminal-code draft's
/// instrument and jurisdiction.
pub(super) fn work<'a>(cc: &Work<'a>, prefix: String, law: LawFile) -> Work<'a> {
    let original = law
        .header
        .languages()
        .map(|l| l.node.clone())
        .find(|l| l != "en");
    Work {
        inst: cc.inst,
        j: cc.j.clone(),
        prefix,
        scheme: super::number::scheme(&law),
        law,
        original,
        replaced: Vec::new(),
        inserted: Vec::new(),
        not_closable: BTreeMap::new(),
        has_children: Vec::new(),
        chain: cc.chain.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_procedure_bill_is_named_after_the_criminal_code_bill() {
        assert_eq!(
            file_name("codes/MK/bills/draft.bill", "criminal-procedure-code"),
            "draft.criminal-procedure-code.bill"
        );
        assert_eq!(
            file_name("x", "criminal-procedure-code"),
            "x.criminal-procedure-code.bill"
        );
    }
}
