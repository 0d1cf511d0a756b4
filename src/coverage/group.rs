//! Missing cells grouped for people: "ammunition: no offence of manufacturing", not forty
//! triples. Cells that are missing for the same reason are gathered into the largest
//! sub-products ("rectangles") they fill, greedily, largest first.

use std::collections::{BTreeMap, BTreeSet};

use super::{CellResult, CellStatus};
use crate::model::instrument::{Block, Instrument, OF_AXIS, Obligation, Part, Test};
use crate::model::translation::Language;

/// A group of cells that are missing (or covered only in part) for the same reason.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MissingGroup {
    /// In words: "ammunition: no offence of manufacturing, assembly (without a licence)".
    pub text: String,
    /// `not-covered`, `unknown` (a provision could reach the cells but for a `?`),
    /// `partly-covered` or `covered-by-interpretation`.
    pub status: CellStatus,
    /// The values the group spans, axis by axis (its cells are their product, as far as the
    /// requirement has such cells).
    pub cells: BTreeMap<String, Vec<String>>,
    /// Number of cells in the group.
    pub count: usize,
    /// Ids of the requirement parts (limbs) the cells belong to.
    pub parts: Vec<String>,
    /// Why the cells are covered only in part, or why a derived test fails.
    pub reasons: Vec<String>,
    /// The provisions that reach the cells in part.
    pub provisions: Vec<String>,
}

/// Rectangles examined per step before falling back to greedy growth (keeps the cost bounded
/// for requirements with long value lists).
const MAX_RECTANGLES: usize = 4096;

/// Up to this many rectangles, every one is tried (not only those through a given cell).
const MAX_FREE_RECTANGLES: usize = 1024;

type Tuple = Vec<usize>;

/// Groups the cells of an obligation that are not fully covered.
pub fn group_missing(inst: &Instrument, o: &Obligation, cells: &[CellResult]) -> Vec<MissingGroup> {
    // Group key: status, axis names, reasons.
    type Key = (CellStatus, Vec<String>, Vec<String>);
    let mut groups: Vec<(Key, Vec<&CellResult>)> = Vec::new();
    for c in cells.iter().filter(|c| c.status != CellStatus::Covered) {
        let axes: Vec<String> = c.values.iter().map(|(a, _)| a.clone()).collect();
        let key = (c.status, axes, reasons_of(inst, c));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(c),
            None => groups.push((key, vec![c])),
        }
    }
    let mut out = Vec::new();
    for ((status, axes, reasons), members) in groups {
        // Values per axis, in the order they first appear among all cells (requirement order).
        let universe: Vec<&CellResult> = cells
            .iter()
            .filter(|c| c.values.iter().map(|(a, _)| a).eq(axes.iter()))
            .collect();
        let mut values: Vec<Vec<String>> = vec![Vec::new(); axes.len()];
        for c in &universe {
            for (slot, (_, v)) in values.iter_mut().zip(&c.values) {
                if !slot.contains(v) {
                    slot.push(v.clone());
                }
            }
        }
        let tuple = |c: &CellResult| -> Tuple {
            c.values
                .iter()
                .zip(&values)
                .map(|((_, v), list)| list.iter().position(|x| x == v).unwrap_or(0))
                .collect()
        };
        let existing: BTreeSet<Tuple> = universe.iter().map(|c| tuple(c)).collect();
        let mut remaining: BTreeSet<Tuple> = members.iter().map(|c| tuple(c)).collect();
        while let Some(first) = remaining.iter().next().cloned() {
            let rect = best_rectangle(&first, &values, &existing, &remaining);
            let inside: Vec<Tuple> = remaining
                .iter()
                .filter(|t| t.iter().zip(&rect).all(|(v, set)| set.contains(v)))
                .cloned()
                .collect();
            for t in &inside {
                remaining.remove(t);
            }
            let in_group: Vec<&&CellResult> = members
                .iter()
                .filter(|c| inside.contains(&tuple(c)))
                .collect();
            let spans: Vec<(String, Vec<String>)> = axes
                .iter()
                .zip(&rect)
                .zip(&values)
                .map(|((a, set), list)| {
                    (
                        a.clone(),
                        set.iter().filter_map(|&i| list.get(i).cloned()).collect(),
                    )
                })
                .collect();
            let all: Vec<bool> = rect
                .iter()
                .zip(&values)
                .map(|(set, list)| set.len() == list.len())
                .collect();
            let mut parts: Vec<String> = in_group.iter().filter_map(|c| c.part.clone()).collect();
            parts.dedup();
            let parts: Vec<String> = parts
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut provisions: BTreeSet<String> = BTreeSet::new();
            if matches!(
                status,
                CellStatus::Partly | CellStatus::Interpreted | CellStatus::Unknown
            ) {
                for c in &in_group {
                    for e in &c.evidence {
                        provisions.insert(e.address.clone());
                    }
                }
            }
            let part = in_group
                .first()
                .and_then(|c| o.requirement.parts.get(c.part_index));
            let text = part.map_or_else(String::new, |p| {
                describe(inst, p, &spans, &all, status, &reasons)
            });
            out.push(MissingGroup {
                text,
                status,
                cells: spans.into_iter().collect(),
                count: inside.len(),
                parts,
                reasons: reasons.clone(),
                provisions: provisions.into_iter().collect(),
            });
        }
    }
    out
}

/// The reasons a cell is missing that it shares with others (provision-specific reasons of
/// partial coverage; the shortfalls of derived tests).
fn reasons_of(inst: &Instrument, c: &CellResult) -> Vec<String> {
    let text = |s: &super::Shortfall| match inst.language.as_deref() {
        Some(lang) => reason_in(lang, inst, s),
        None => s.text.clone(),
    };
    let mut set: BTreeSet<String> = c.shortfalls.iter().map(text).collect();
    if matches!(c.status, CellStatus::Partly | CellStatus::Interpreted) {
        for e in &c.evidence {
            set.extend(e.shortfalls.iter().map(text));
        }
    }
    if c.status == CellStatus::Unknown {
        // Why it is unknown: the `?` of the provisions that could reach it.
        for e in &c.evidence {
            set.extend(
                e.shortfalls
                    .iter()
                    .filter(|s| s.kind == super::ShortfallKind::Unknown)
                    .map(text),
            );
        }
    }
    set.into_iter().collect()
}

/// The largest rectangle (a set of values per axis) that contains `first`, and whose cells that
/// exist are all still to be grouped. Exhaustive while small, else grown greedily.
fn best_rectangle(
    first: &Tuple,
    values: &[Vec<String>],
    existing: &BTreeSet<Tuple>,
    remaining: &BTreeSet<Tuple>,
) -> Vec<BTreeSet<usize>> {
    // Candidate values per axis: those present in remaining cells.
    let present: Vec<Vec<usize>> = (0..values.len())
        .map(|a| {
            let set: BTreeSet<usize> = remaining.iter().filter_map(|t| t.get(a).copied()).collect();
            set.into_iter().collect()
        })
        .collect();
    let combos: usize = present
        .iter()
        .map(|p| {
            1usize
                .checked_shl(p.len().saturating_sub(1) as u32)
                .unwrap_or(usize::MAX)
        })
        .fold(1usize, |acc, n| acc.saturating_mul(n));
    let single: Vec<BTreeSet<usize>> = first.iter().map(|&v| BTreeSet::from([v])).collect();
    if combos > MAX_RECTANGLES {
        return grow(single, &present, existing, remaining);
    }
    // Small enough to try every rectangle, not only those through the first cell: the largest
    // group then comes first ("assembly: no offence" before the odd cell left over).
    let unanchored: usize = present
        .iter()
        .map(|p| {
            1usize
                .checked_shl(p.len() as u32)
                .map_or(usize::MAX, |n| n.saturating_sub(1))
        })
        .fold(1usize, |acc, n| acc.saturating_mul(n));
    let anchored = unanchored > MAX_FREE_RECTANGLES;
    // Every subset per axis (containing the first cell's value, when anchored).
    let options: Vec<Vec<BTreeSet<usize>>> = present
        .iter()
        .zip(first)
        .map(|(p, &must)| {
            if !anchored {
                return (1..(1usize << p.len()))
                    .map(|mask| {
                        p.iter()
                            .enumerate()
                            .filter(|(bit, _)| mask & (1 << bit) != 0)
                            .map(|(_, v)| *v)
                            .collect()
                    })
                    .collect();
            }
            let others: Vec<usize> = p.iter().copied().filter(|&v| v != must).collect();
            (0..(1usize << others.len()))
                .map(|mask| {
                    let mut set = BTreeSet::from([must]);
                    for (bit, v) in others.iter().enumerate() {
                        if mask & (1 << bit) != 0 {
                            set.insert(*v);
                        }
                    }
                    set
                })
                .collect()
        })
        .collect();
    let mut best = single.clone();
    let mut best_score = score(&single, existing, remaining).unwrap_or(1);
    let mut idx = vec![0usize; options.len()];
    loop {
        let rect: Vec<BTreeSet<usize>> = idx
            .iter()
            .zip(&options)
            .filter_map(|(&i, opts)| opts.get(i).cloned())
            .collect();
        if let Some(s) = score(&rect, existing, remaining)
            && s > best_score
        {
            best_score = s;
            best = rect;
        }
        // Next combination (odometer).
        let mut axis = 0;
        loop {
            let Some(slot) = idx.get_mut(axis) else {
                return best;
            };
            *slot += 1;
            if *slot < options.get(axis).map_or(0, Vec::len) {
                break;
            }
            *slot = 0;
            axis += 1;
        }
    }
}

/// Grows a rectangle axis by axis, adding each value that keeps it valid.
fn grow(
    mut rect: Vec<BTreeSet<usize>>,
    present: &[Vec<usize>],
    existing: &BTreeSet<Tuple>,
    remaining: &BTreeSet<Tuple>,
) -> Vec<BTreeSet<usize>> {
    for (a, vals) in present.iter().enumerate() {
        for &v in vals {
            let Some(set) = rect.get(a) else { continue };
            if set.contains(&v) {
                continue;
            }
            let mut trial = rect.clone();
            if let Some(s) = trial.get_mut(a) {
                s.insert(v);
            }
            if score(&trial, existing, remaining).is_some() {
                rect = trial;
            }
        }
    }
    rect
}

/// The number of cells a rectangle would group, or `None` if it contains an existing cell that
/// is not to be grouped (covered, or missing for another reason).
fn score(
    rect: &[BTreeSet<usize>],
    existing: &BTreeSet<Tuple>,
    remaining: &BTreeSet<Tuple>,
) -> Option<usize> {
    let mut count = 0;
    let mut tuples: Vec<Tuple> = vec![Vec::new()];
    for set in rect {
        let mut next = Vec::with_capacity(tuples.len() * set.len());
        for t in &tuples {
            for v in set {
                let mut t2 = t.clone();
                t2.push(*v);
                next.push(t2);
            }
        }
        tuples = next;
    }
    for t in tuples {
        if remaining.contains(&t) {
            count += 1;
        } else if existing.contains(&t) {
            return None;
        }
    }
    (count > 0).then_some(count)
}

/// The group in words.
fn describe(
    inst: &Instrument,
    part: &Part,
    spans: &[(String, Vec<String>)],
    all: &[bool],
    status: CellStatus,
    reasons: &[String],
) -> String {
    if let Some(lang) = inst.language.as_deref() {
        return describe_in(lang, inst, part, spans, all, status, reasons);
    }
    let labels = |axis: &str| -> Option<String> {
        let (i, (_, vals)) = spans.iter().enumerate().find(|(_, (a, _))| a == axis)?;
        if all.get(i).copied().unwrap_or(false) {
            return None; // every value the requirement asks for: not worth listing
        }
        Some(
            vals.iter()
                .map(|v| inst.axis_value_label(part, axis, v))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let labels_always = |axis: &str| -> String {
        spans
            .iter()
            .find(|(a, _)| a == axis)
            .map(|(_, vals)| {
                vals.iter()
                    .map(|v| inst.axis_value_label(part, axis, v))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let because = if reasons.is_empty() {
        String::new()
    } else {
        let shown: Vec<&str> = reasons.iter().take(2).map(String::as_str).collect();
        let more = reasons.len().saturating_sub(2);
        format!(
            " — {}{}",
            shown.join("; "),
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        )
    };
    let partly = status == CellStatus::Partly;
    if status == CellStatus::Interpreted {
        // Every value of the group, so that the reader sees which cells rest on a reading.
        let what: Vec<String> = spans.iter().filter_map(|(a, _)| labels(a)).collect();
        let what = if what.is_empty() {
            spans
                .first()
                .map_or(String::new(), |(a, _)| labels_always(a))
        } else {
            what.join("; ")
        };
        return format!("{what}: covered only by interpretation{because}");
    }
    match &part.test {
        Test::Provisions {
            block: Block::Offence,
            ..
        } => {
            // Lead with the objects when only some are missing, else with the conduct. An
            // instrument whose offences have no `conduct` axis (trafficking in persons: act,
            // means, purpose) reads its first axis as the conduct and its second as the object.
            let (conduct_axis, object_axis) = if spans.iter().any(|(a, _)| a == "conduct") {
                ("conduct", "object")
            } else {
                let mut axes = spans.iter().map(|(a, _)| a.as_str());
                (
                    axes.next().unwrap_or("conduct"),
                    axes.next().unwrap_or("object"),
                )
            };
            let object = labels(object_axis);
            let conduct = labels(conduct_axis);
            let conduct_all = labels_always(conduct_axis);
            let rest: Vec<String> = spans
                .iter()
                .filter(|(a, _)| a != object_axis && a != conduct_axis)
                .filter_map(|(a, _)| labels(a))
                .collect();
            let rest = if rest.is_empty() {
                String::new()
            } else {
                format!(" ({})", rest.join("; "))
            };
            let (head, of) = match (object, conduct) {
                (Some(o), Some(c)) => (o, format!(" of {c}")),
                (Some(o), None) => (o, String::new()),
                (None, _) => (conduct_all, String::new()),
            };
            if partly {
                format!("{head}: offence{of}{rest} only partly covered{because}")
            } else if status == CellStatus::Unknown {
                format!("{head}: not known whether an offence{of}{rest} is covered{because}")
            } else {
                format!("{head}: no offence{of}{rest}{because}")
            }
        }
        Test::Provisions { .. } => {
            let kinds = labels_always("measure");
            let objects = labels("object").map_or(String::new(), |o| format!(" for {o}"));
            if partly {
                format!("{kinds}{objects}: only in part{because}")
            } else if status == CellStatus::Unknown {
                format!("{kinds}{objects}: not known{because}")
            } else {
                format!("{kinds}{objects}: no provision{because}")
            }
        }
        Test::Rule { kind, of, .. } => {
            let what = if spans.iter().any(|(a, _)| a == "covers") {
                labels_always("covers")
            } else {
                inst.facet_with_role(crate::model::instrument::FacetRole::RuleKind)
                    .map_or(kind.clone(), |f| f.label_of(kind).to_string())
            };
            if of.is_empty() {
                if partly {
                    format!("{what}: only in part{because}")
                } else if status == CellStatus::Unknown {
                    format!("{what}: not known{because}")
                } else {
                    format!("{what}: no rule{because}")
                }
            } else {
                let of_labels = labels_always(OF_AXIS);
                if partly {
                    format!("{what}, for {of_labels}: only in part{because}")
                } else if status == CellStatus::Unknown {
                    format!("{what}, for {of_labels}: not known{because}")
                } else {
                    format!("{what}, for {of_labels}: not provided{because}")
                }
            }
        }
        Test::OffencesOf { .. } => {
            let of_labels = labels_always(OF_AXIS);
            if partly {
                format!("{of_labels}: only in part{because}")
            } else if because.is_empty() {
                format!("{of_labels}: not met")
            } else {
                format!("{of_labels}:{}", because.trim_start_matches(" —"))
            }
        }
    }
}

/// The group in the reader's language (docs/translation.md): a labelled list — "No offence —
/// conduct: manufacturing, assembly; object: ammunition — reasons" — built from the phrases of
/// the language's report catalog (`shortfall.*`), with every label in the nominative as the
/// vocabulary gives it, so that no case form has to be made up for Albanian or the Slavic
/// languages.
fn describe_in(
    lang: &Language,
    inst: &Instrument,
    part: &Part,
    spans: &[(String, Vec<String>)],
    all: &[bool],
    status: CellStatus,
    reasons: &[String],
) -> String {
    let values_sep = lang.phrase("shortfall.values-sep");
    let item = |axis: &str, vals: &[String]| -> String {
        let values = vals
            .iter()
            .map(|v| inst.axis_value_label(part, axis, v))
            .collect::<Vec<_>>()
            .join(values_sep);
        lang.fill(
            "shortfall.item",
            &[
                ("label", &axis_label(lang, inst, part, axis)),
                ("values", &values),
            ],
        )
    };
    // Every axis that does not span all the values the requirement asks for; the first axis
    // when all do (so that the list is never empty).
    let mut items: Vec<String> = spans
        .iter()
        .zip(all)
        .filter(|(_, every)| !**every)
        .map(|((a, vals), _)| item(a, vals))
        .collect();
    if items.is_empty()
        && let Some((a, vals)) = spans.first()
    {
        items.push(item(a, vals));
    }
    let list = items.join(lang.phrase("shortfall.items-sep"));
    let kind = match &part.test {
        Test::Provisions {
            block: Block::Offence,
            ..
        } => "offence",
        Test::Provisions { .. } => "measure",
        Test::Rule { .. } => "rule",
        Test::OffencesOf { .. } => "offences-of",
    };
    let state = match status {
        CellStatus::Interpreted => "interpreted",
        CellStatus::Partly => "partly",
        CellStatus::Unknown => "unknown",
        _ => "none",
    };
    let key = if state == "interpreted" {
        "shortfall.interpreted".to_string()
    } else {
        format!("shortfall.{kind}.{state}")
    };
    let mut out = lang.fill(&key, &[("list", &list)]);
    if !reasons.is_empty() {
        let shown: Vec<&str> = reasons.iter().take(2).map(String::as_str).collect();
        let mut r = shown.join(lang.phrase("shortfall.items-sep"));
        let more = reasons.len().saturating_sub(2);
        if more > 0 {
            r.push(' ');
            r.push_str(&lang.fill("shortfall.more", &[("n", &more.to_string())]));
        }
        out.push_str(&lang.fill("shortfall.because", &[("reasons", &r)]));
    }
    out
}

/// The label of an axis in a labelled list: its facet's (translated) label, or the phrase for
/// the axes that are no facet (`of`: the offences of another obligation).
fn axis_label(lang: &Language, inst: &Instrument, part: &Part, axis: &str) -> String {
    if axis == OF_AXIS {
        return lang.phrase("shortfall.label.of").to_string();
    }
    inst.axis_facet(part, axis)
        .map_or_else(|| axis.to_string(), |f| f.label.clone())
}

/// One reason a cell is missing, in the reader's language, from its kind, the provision's
/// address and the element's label.
pub fn reason_in(lang: &Language, inst: &Instrument, s: &super::Shortfall) -> String {
    use super::ShortfallKind as K;
    let key = match s.kind {
        K::Narrowing => "narrowing",
        K::AggravatedOnly => "aggravated-only",
        K::PartlyMet => "partly-met",
        K::BelowThreshold => "below-threshold",
        K::Unknown => "unknown",
        K::RuleDoesNotApply => "rule-does-not-apply",
        K::RuleConditional => "rule-conditional",
        K::NoRule => "no-rule",
        K::NoBaseOffence => "no-base-offence",
        K::DefinitionExcludes => "definition-excludes",
        K::ByInterpretation => "by-interpretation",
        K::Excludes => "excludes",
    };
    if matches!(s.kind, K::DefinitionExcludes | K::Excludes) && s.provision.is_none() {
        // "and N more" after a list of definitions.
        let n = s.text.trim_start_matches("and ").trim_end_matches(" more");
        return lang.fill("shortfall.more", &[("n", n)]);
    }
    // A threshold (`max-prison>=4 years`) is said by the phrase itself, not by the element.
    let element = s
        .element
        .as_deref()
        .filter(|e| !e.contains(">="))
        .map(|e| element_label(inst, e))
        .unwrap_or_default();
    let key = format!("shortfall.reason.{key}");
    let reason = if element.is_empty() {
        // Without an element the phrase ends where its element would have begun.
        let phrase = lang.phrase(&key);
        let cut = phrase.find("{element}").map_or(phrase, |i| {
            phrase
                .get(..i)
                .unwrap_or(phrase)
                .trim_end_matches([' ', ':', '('])
        });
        cut.to_string()
    } else {
        lang.fill(&key, &[("element", &element)])
    };
    // A reading says whose it is and why (the text the engine wrote in this language).
    let reason = if s.kind == K::ByInterpretation && !s.text.is_empty() {
        format!("{reason} — {}", s.text)
    } else {
        reason
    };
    match s.provision.as_deref() {
        Some(p) => lang.fill(
            "shortfall.at",
            &[("provision", &address_in(lang, p)), ("reason", &reason)],
        ),
        None => reason,
    }
}

/// An element as the reader sees it: each vocabulary value of `a | b` by its (translated)
/// label; words in quotes and anything else as written.
fn element_label(inst: &Instrument, element: &str) -> String {
    let one = |e: &str| -> String {
        let e = e.trim();
        inst.facets
            .iter()
            .find_map(|f| f.value(e).map(|v| v.label.clone()))
            .or_else(|| inst.facet(e).map(|f| f.label.clone()))
            .unwrap_or_else(|| e.to_string())
    };
    element
        .split(" | ")
        .map(|alt| alt.split(", ").map(one).collect::<Vec<_>>().join(", "))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A provision's address in the reader's language: `Кривични законик, чл. 348 ст. 1` for
/// `RS/criminal-code@2024-01-01/art-348/para-1` (the act by its title in that language from
/// [`Language::act_names`], else by its id; each level of the unit by the language's
/// abbreviation, `shortfall.address.art` …). The JSON keeps the machine address.
pub fn address_in(lang: &Language, address: &str) -> String {
    let (jurisdiction, without_j) = address.split_once('/').unwrap_or(("", address));
    let mut levels = without_j.split('/');
    let act = levels.next().unwrap_or("");
    let act = act.split_once('@').map_or(act, |(a, _)| a);
    // The act by its title in the reader's language where the report knows it ("Кривични
    // законик, чл. 215 ст. 1"), else by its id.
    let (mut out, mut sep) = match lang.act_names.get(&format!("{jurisdiction}/{act}")) {
        Some(title) => (title.clone(), ","),
        None => (act.to_string(), ""),
    };
    for level in levels {
        let (kind, n) = level.split_once('-').unwrap_or((level, ""));
        let key = format!("shortfall.address.{kind}");
        let n = n.replace('.', "/");
        let text = if lang.phrases.contains_key(&key) {
            lang.fill(&key, &[("n", &n)])
        } else {
            level.to_string()
        };
        out.push_str(sep);
        sep = "";
        out.push(' ');
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[usize]) -> BTreeSet<usize> {
        v.iter().copied().collect()
    }

    /// Issue 21, regression: addresses in shortfall sentences named the act by its English id
    /// (`criminal-code чл. 215`).
    #[test]
    fn addresses_name_the_act_in_the_readers_language() {
        let mut lang = Language {
            lang: "sr-Cyrl".into(),
            ..Language::default()
        };
        lang.phrases
            .insert("shortfall.address.art".into(), "чл. {n}".into());
        lang.phrases
            .insert("shortfall.address.para".into(), "ст. {n}".into());
        lang.act_names
            .insert("RS/criminal-code".into(), "Кривични законик".into());
        assert_eq!(
            address_in(&lang, "RS/criminal-code@2019-12-01/art-215/para-1"),
            "Кривични законик, чл. 215 ст. 1"
        );
        assert_eq!(
            address_in(&lang, "RS/criminal-code@2019-12-01/art-348.a"),
            "Кривични законик, чл. 348/a"
        );
        // An act the report does not know by name keeps its id (another jurisdiction's).
        assert_eq!(
            address_in(&lang, "ME/criminal-code@2023-12-31/art-403"),
            "criminal-code чл. 403"
        );
    }

    #[test]
    fn finds_the_largest_rectangle() {
        // 2 conducts × 3 objects; missing: conduct 1 × all objects, and conduct 0 × object 2.
        let values = vec![
            vec!["m".to_string(), "a".to_string()],
            vec!["f".into(), "p".into(), "x".into()],
        ];
        let existing: BTreeSet<Tuple> = [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]
            .iter()
            .map(|t| t.to_vec())
            .collect();
        let remaining: BTreeSet<Tuple> = [[0, 2], [1, 0], [1, 1], [1, 2]]
            .iter()
            .map(|t| t.to_vec())
            .collect();
        let r = best_rectangle(&vec![1, 0], &values, &existing, &remaining);
        assert_eq!(r, vec![set(&[1]), set(&[0, 1, 2])]);
        // The largest rectangle is found whichever cell is given first; what is left after it
        // is grouped next.
        let r = best_rectangle(&vec![0, 2], &values, &existing, &remaining);
        assert_eq!(r, vec![set(&[1]), set(&[0, 1, 2])]);
        let rest: BTreeSet<Tuple> = [[0, 2]].iter().map(|t| t.to_vec()).collect();
        let r = best_rectangle(&vec![0, 2], &values, &existing, &rest);
        assert_eq!(r, vec![set(&[0]), set(&[2])]);
    }

    #[test]
    fn rectangles_never_swallow_covered_cells() {
        let existing: BTreeSet<Tuple> = [[0, 0], [0, 1], [1, 0], [1, 1]]
            .iter()
            .map(|t| t.to_vec())
            .collect();
        let remaining: BTreeSet<Tuple> = [[0, 0], [1, 1]].iter().map(|t| t.to_vec()).collect();
        assert_eq!(
            score(&[set(&[0, 1]), set(&[0, 1])], &existing, &remaining),
            None
        );
        assert_eq!(
            score(&[set(&[0]), set(&[0])], &existing, &remaining),
            Some(1)
        );
    }

    /// The bundled instrument, with the phrases of a bundled report catalog.
    fn in_language(lang: &str) -> Instrument {
        let mut sources = crate::source::Sources::new();
        let files: Vec<_> = crate::workspace::BUNDLED
            .iter()
            .filter(|(p, _)| {
                p.starts_with("protocol/")
                    && p.ends_with(".yaml")
                    && !crate::model::translation::is_catalog_path(p)
            })
            .map(|(p, b)| {
                sources.add(crate::source::SourceFile::new(
                    *p,
                    String::from_utf8_lossy(b).into_owned(),
                ))
            })
            .collect();
        let (mut inst, d) = crate::model::load_instrument(&sources, &files);
        assert!(d.is_empty(), "{d:?}");
        let read = |l: &str| {
            let name = format!("templates/locales/{l}.yaml");
            let text = crate::workspace::BUNDLED
                .iter()
                .find(|(p, _)| *p == name)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .unwrap();
            crate::report::locale::parse(&text).unwrap()
        };
        let catalog = crate::report::locale::Catalog::merge(lang, &read("en"), &read(lang));
        assert!(
            !catalog.missing.iter().any(|k| k.starts_with("shortfall.")),
            "{lang}: {:?}",
            catalog.missing
        );
        inst.language = Some(std::sync::Arc::new(Language {
            lang: lang.to_string(),
            phrases: catalog.with_prefix("shortfall."),
            ..Language::default()
        }));
        inst
    }

    /// One sentence per language: a labelled list — status phrase, each axis by its facet's
    /// label with its values, the reasons with the provision's address — that needs no case
    /// form of any noun (the labels here are the English vocabulary's, as no catalog of the
    /// instrument model is applied).
    #[test]
    fn shortfall_templates_per_language() {
        let expected = [
            (
                "en",
                "No offence — conduct: assembly; object: ammunition — criminal-code Art 396 para 1 pt a: requires a further element: cross-border movement",
            ),
            (
                "sq",
                "Nuk ka vepër penale — conduct: assembly; object: ammunition — criminal-code neni 396 paragrafi 1 pika a: kërkon një element shtesë: cross-border movement",
            ),
            (
                "mk",
                "Нема кривично дело — conduct: assembly; object: ammunition — criminal-code чл. 396 ст. 1 т. a: бара дополнителен елемент: cross-border movement",
            ),
            (
                "sr-Latn",
                "Nema krivičnog dela — conduct: assembly; object: ammunition — criminal-code čl. 396 st. 1 tač. a: zahteva dodatni element: cross-border movement",
            ),
            (
                "sr-Cyrl",
                "Нема кривичног дела — conduct: assembly; object: ammunition — criminal-code чл. 396 ст. 1 тач. a: захтева додатни елемент: cross-border movement",
            ),
        ];
        for (lang, want) in expected {
            let inst = in_language(lang);
            let o = inst.obligation("FP-5.1.a").unwrap();
            let part = &o.requirement.parts[1];
            let spans = vec![
                ("conduct".to_string(), vec!["assemble".to_string()]),
                ("object".to_string(), vec!["ammunition".to_string()]),
                (
                    "circumstance".to_string(),
                    vec!["without-licence".to_string()],
                ),
            ];
            let l = inst.language.as_deref().unwrap();
            let reason = reason_in(
                l,
                &inst,
                &super::super::Shortfall {
                    kind: super::super::ShortfallKind::Narrowing,
                    element: Some("cross-border".into()),
                    provision: Some("MK/criminal-code@2023-09-15/art-396/para-1/pt-a".into()),
                    text: "criminal-code art-396/para-1/pt-a requires cross-border movement".into(),
                },
            );
            let got = describe(
                &inst,
                part,
                &spans,
                &[false, false, true],
                CellStatus::NotCovered,
                &[reason],
            );
            assert_eq!(got, want, "{lang}");
        }
    }

    #[test]
    fn every_status_and_reason_has_a_phrase_in_every_language() {
        for lang in ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"] {
            let inst = in_language(lang);
            let l = inst.language.as_deref().unwrap();
            for kind in ["offence", "measure", "rule", "offences-of"] {
                for state in ["none", "partly", "unknown"] {
                    let key = format!("shortfall.{kind}.{state}");
                    assert!(
                        l.phrases.get(&key).is_some_and(|p| p.contains("{list}")),
                        "{lang} {key}"
                    );
                }
            }
            // A reason without its element ends where the element would have begun.
            let r = reason_in(
                l,
                &inst,
                &super::super::Shortfall {
                    kind: super::super::ShortfallKind::Unknown,
                    element: None,
                    provision: None,
                    text: String::new(),
                },
            );
            assert!(
                !r.is_empty() && !r.ends_with(':') && !r.contains('{'),
                "{lang}: {r}"
            );
        }
    }
}
