//! How good the tag suggestions are (issue 14, item 3): the suggester is run on the original
//! wording of every unit of the hand-encoded corpus, and what it proposes is compared with what
//! the experts wrote, value by value (true and false positives, false negatives), per facet and
//! per language, and the penalty as a whole (exact match of its canonical form).
//!
//! What is compared, and why:
//! - a **sample** is one original-language text (`text L:` with L other than `en`, the English
//!   renderings being our own words) of a unit of a `.law` file under `codes/`; the same unit
//!   with the same text and the same tags in several versions of an act counts once;
//! - units with an `offence` block are scored facet by facet: the values the expert wrote
//!   (definitions of the act expanded, `?` and quoted words left out) against the values
//!   suggested. A qualified form (`aggravates`/`mitigates`) inherits the facets it does not state,
//!   so only the facets it states are scored: the expert did not write the others either;
//! - units without an `offence` block (general-part rules, definitions, measures) are counted
//!   apart: every value suggested there is a suggestion the expert would delete;
//! - the penalty of an offence that states one is right when the suggested penalty is the same
//!   in canonical form (`prison 3y..10y + fine`), terms, joiners and both bounds; it is scored
//!   only where the text quotes a sanction (the corpus quotes the operative words only, and many
//!   texts stop before the penalty), the others are counted as not quoted.
//!
//! Pure: the caller hands the files in (the example `suggest_eval` reads a workspace).

use std::collections::{BTreeMap, BTreeSet};

use super::suggest::{self, Proposal};
use crate::syntax::ast::{Entry, LawFile, Offence, OffenceLine, TagLine, Unit, Value};
use crate::syntax::{format, parse_law};

/// One original-language text of an encoded unit, with what the expert wrote for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sample {
    pub jurisdiction: String,
    pub act: String,
    /// The versions (dates) holding this unit with this text and these tags.
    pub versions: Vec<String>,
    /// `art-396/para-1`.
    pub address: String,
    /// The text's language tag as written (`mk`, `sq`, `cnr`, `sr-Latn` …).
    pub lang: String,
    /// The script of the text itself, read from its letters.
    pub script: Script,
    pub text: String,
    /// Whether the unit holds an `offence` block.
    pub offence: bool,
    /// Whether the unit's offences all belong to another instrument (not scored).
    pub other_instrument: bool,
    /// The values the expert wrote, by facet (only the scored facets are present).
    pub expected: BTreeMap<String, BTreeSet<String>>,
    /// The penalties the unit's offences state, in canonical form.
    pub penalties: BTreeSet<String>,
    /// Whether the text quotes a sanction at all ([`SANCTION_WORDS`]): the corpus quotes the
    /// operative words only, and many texts stop before the penalty.
    pub quotes_sanction: bool,
}

/// Words that show a text quotes a sanction (imprisonment, a fine, life imprisonment) in the
/// languages of the corpus, matched anywhere in the lower-cased text. Kept apart from the
/// suggester's own lists: they only decide which penalties the text could be expected to give.
pub const SANCTION_WORDS: &[&str] = &[
    "затвор",
    "zatvor",
    "burgim",
    "парична казна",
    "паричната казна",
    "новчан",
    "novčan",
    "novcan",
    "gjob",
    "доживот",
    "doživot",
    "përjetshëm",
    "imprisonment",
];

/// Whether `text` quotes a sanction.
pub fn quotes_sanction(text: &str) -> bool {
    let lower = text.to_lowercase();
    SANCTION_WORDS.iter().any(|w| lower.contains(w))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Cyrillic,
    Latin,
}

impl Script {
    /// The script most of the text's letters are in.
    pub fn of(text: &str) -> Script {
        let (mut cyr, mut lat) = (0usize, 0usize);
        for c in text.chars() {
            if ('\u{0400}'..='\u{04FF}').contains(&c) {
                cyr += 1;
            } else if c.is_alphabetic() {
                lat += 1;
            }
        }
        if cyr > lat {
            Script::Cyrillic
        } else {
            Script::Latin
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Script::Cyrillic => "Cyrillic",
            Script::Latin => "Latin",
        }
    }
}

impl Sample {
    /// `mk (Cyrillic)`, `cnr (Latin)`: the language and the script the text is in.
    pub fn language(&self) -> String {
        format!("{} ({})", self.lang, self.script.name())
    }
}

/// What the suggester said for one sample, against what the expert wrote.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub sample: Sample,
    /// By facet: values both wrote (true positives), values only suggested (false positives),
    /// values only the expert wrote (false negatives). Suggested values of facets the sample
    /// does not score (the inherited facets of a qualified form) are not here.
    pub facets: BTreeMap<String, Scored>,
    /// The suggested penalty, in `.law` syntax.
    pub penalty: Option<String>,
    /// Every value suggested, by facet, whether scored or not.
    pub suggested: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scored {
    pub hits: BTreeSet<String>,
    pub extra: BTreeSet<String>,
    pub missed: BTreeSet<String>,
}

/// True positives, false positives and false negatives summed over samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); `None` when nothing was suggested.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` when the experts wrote nothing.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    fn add(&mut self, s: &Scored) {
        self.tp += s.hits.len();
        self.fp += s.extra.len();
        self.fn_ += s.missed.len();
    }
}

/// Penalties: of the offences whose text quotes the sanction and whose tags state a penalty, how
/// many the suggester read exactly, read otherwise, or did not read; how many offences state a
/// penalty their quoted text leaves out (not scored); and how many penalties it proposed for
/// offences stating none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PenaltyCounts {
    pub quoted: usize,
    pub exact: usize,
    pub different: usize,
    pub missed: usize,
    pub not_quoted: usize,
    pub unasked: usize,
}

impl PenaltyCounts {
    /// exact / quoted.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.exact, self.quoted)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    // Counts are far below 2^52: the conversion is exact.
    (b > 0).then(|| a as f64 / b as f64)
}

/// The whole evaluation.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// `.law` files read.
    pub files: usize,
    /// Original-language texts of units in those files, every version counted.
    pub texts_in_files: usize,
    /// The distinct samples, each scored once.
    pub outcomes: Vec<Outcome>,
    /// Files that did not parse (path and first error): their units are not evaluated.
    pub unreadable: Vec<(String, String)>,
    /// Texts (every version counted) of units whose offences all belong to another instrument
    /// than the Firearms Protocol: read, not scored.
    pub other_instrument_texts: usize,
}

/// The facets scored, in the order tables show them.
pub const FACETS: &[&str] = &["conduct", "object", "circumstance", "mental", "requires"];

/// Per group (a language, a jurisdiction …): counts per facet, penalties, and the samples
/// without an offence.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub offences: usize,
    pub facets: BTreeMap<String, Counts>,
    pub penalty: PenaltyCounts,
    /// Samples without an offence block, those given at least one suggested value, and the
    /// values suggested there.
    pub others: usize,
    pub others_flagged: usize,
    pub others_values: usize,
}

impl Row {
    fn add(&mut self, o: &Outcome) {
        if !o.sample.offence {
            self.others += 1;
            let n: usize = o.suggested.values().map(BTreeSet::len).sum();
            if n > 0 {
                self.others_flagged += 1;
            }
            self.others_values += n;
            return;
        }
        self.offences += 1;
        for (facet, s) in &o.facets {
            self.facets.entry(facet.clone()).or_default().add(s);
        }
        let p = &mut self.penalty;
        match (&o.penalty, o.sample.penalties.is_empty()) {
            (None, true) => {}
            (Some(_), true) => p.unasked += 1,
            (_, false) if !o.sample.quotes_sanction => p.not_quoted += 1,
            (None, false) => {
                p.quoted += 1;
                p.missed += 1;
            }
            (Some(got), false) => {
                p.quoted += 1;
                if o.sample.penalties.contains(got) {
                    p.exact += 1;
                } else {
                    p.different += 1;
                }
            }
        }
    }

    /// The counts of `facet`, zero when no sample had it.
    pub fn facet(&self, facet: &str) -> Counts {
        self.facets.get(facet).copied().unwrap_or_default()
    }
}

impl Evaluation {
    /// The outcomes grouped by `key` (plus a row `all`), in key order.
    pub fn rows(&self, key: impl Fn(&Sample) -> String) -> Vec<(String, Row)> {
        let mut groups: BTreeMap<String, Row> = BTreeMap::new();
        let mut all = Row::default();
        for o in &self.outcomes {
            groups.entry(key(&o.sample)).or_default().add(o);
            all.add(o);
        }
        let mut out: Vec<(String, Row)> = groups.into_iter().collect();
        out.push(("all".to_string(), all));
        out
    }

    /// The rows as a Markdown table: per group, precision/recall (and tp/fp/fn) of each facet,
    /// exact penalties, and the values suggested on units without an offence.
    pub fn markdown(&self, title: &str, key: impl Fn(&Sample) -> String) -> String {
        let rows = self.rows(key);
        let mut out = format!("| {title} | offences |");
        for f in FACETS {
            out.push_str(&format!(" {f} P / R (tp/fp/fn) |"));
        }
        out.push_str(
            " penalty exact / quoted (different, missed; not quoted; unasked) | no offence: flagged / units (values) |\n|---|---|",
        );
        for _ in FACETS {
            out.push_str("---|");
        }
        out.push_str("---|---|\n");
        for (name, r) in rows {
            let name = if name == "all" {
                "**all**".to_string()
            } else {
                name
            };
            out.push_str(&format!("| {name} | {} |", r.offences));
            for f in FACETS {
                let c = r.facet(f);
                out.push_str(&format!(
                    " {} / {} ({}/{}/{}) |",
                    percent(c.precision()),
                    percent(c.recall()),
                    c.tp,
                    c.fp,
                    c.fn_
                ));
            }
            let p = r.penalty;
            out.push_str(&format!(
                " {}/{} {} ({}, {}; {}; {}) | {} / {} ({}) |\n",
                p.exact,
                p.quoted,
                percent(p.accuracy()),
                p.different,
                p.missed,
                p.not_quoted,
                p.unasked,
                r.others_flagged,
                r.others,
                r.others_values
            ));
        }
        out
    }

    /// Every wrong or missed value and penalty of the samples `which` keeps, one line each: what
    /// to look at when tuning (on the tuning jurisdictions only, to keep the others held out).
    pub fn errors(&self, which: impl Fn(&Sample) -> bool) -> String {
        let mut out = String::new();
        for o in &self.outcomes {
            let s = &o.sample;
            if !which(s) {
                continue;
            }
            let place = format!(
                "{} {} {} [{}]",
                s.jurisdiction,
                s.address,
                s.language(),
                s.versions.join(",")
            );
            if !s.offence {
                let n: usize = o.suggested.values().map(BTreeSet::len).sum();
                if n > 0 {
                    out.push_str(&format!(
                        "{place}: no offence, suggested {:?}\n",
                        o.suggested
                    ));
                }
                continue;
            }
            for (facet, sc) in &o.facets {
                if !sc.extra.is_empty() {
                    out.push_str(&format!("{place}: {facet} extra {:?}\n", sc.extra));
                }
                if !sc.missed.is_empty() {
                    out.push_str(&format!("{place}: {facet} missed {:?}\n", sc.missed));
                }
            }
            if s.quotes_sanction
                && !s.penalties.is_empty()
                && !o.penalty.as_ref().is_some_and(|p| s.penalties.contains(p))
            {
                out.push_str(&format!(
                    "{place}: penalty {:?}, expert {:?}\n",
                    o.penalty, s.penalties
                ));
            }
        }
        out
    }
}

/// `0.83` as `83 %`; `–` for no figure.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{:.0} %", x * 100.0))
}

/// Evaluates the suggester on the `.law` files given as (path, text); paths outside `codes/`
/// and other files are ignored.
pub fn evaluate<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Evaluation {
    let mut eval = Evaluation::default();
    let mut parsed: Vec<(String, LawFile)> = Vec::new();
    for (path, text) in files {
        if !(path.starts_with("codes/") && path.ends_with(".law")) {
            continue;
        }
        eval.files += 1;
        let (law, diags) = parse_law(text);
        if let Some(d) = diags.iter().find(|d| d.is_error()) {
            eval.unreadable.push((path.to_string(), d.message.clone()));
            continue;
        }
        parsed.push((path.to_string(), law));
    }
    // Definitions hold for every act of the jurisdiction.
    let mut defines: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (_, law) in &parsed {
        let j = jurisdiction(law);
        for item in &law.items {
            if let crate::syntax::ast::Item::Article(a) = item {
                collect_defines(a, &j, &mut defines);
            }
        }
    }
    let mut found: Vec<Sample> = Vec::new();
    for (_, law) in &parsed {
        let j = jurisdiction(law);
        let version = law
            .header
            .version()
            .map_or_else(|| "?".to_string(), |d| d.node.to_string());
        for item in &law.items {
            if let crate::syntax::ast::Item::Article(a) = item {
                let address =
                    crate::model::law::address_segment(a.kind, &a.number.node.to_string());
                walk(
                    a,
                    &address,
                    &j,
                    &law.header.act.node,
                    &version,
                    &defines,
                    &mut found,
                );
            }
        }
    }
    eval.texts_in_files = found.len();
    // One sample per distinct (unit, text, tags): the versions that share it are listed.
    let mut versions: BTreeMap<Sample, Vec<String>> = BTreeMap::new();
    for s in found {
        let mut key = s.clone();
        key.versions.clear();
        versions.entry(key).or_default().extend(s.versions);
    }
    eval.outcomes = versions
        .into_iter()
        .filter_map(|(mut s, v)| {
            if s.other_instrument {
                eval.other_instrument_texts += v.len();
                return None;
            }
            s.versions = v;
            Some(score(s))
        })
        .collect();
    eval
}

fn jurisdiction(law: &LawFile) -> String {
    law.header
        .jurisdiction()
        .map_or_else(|| "?".to_string(), |j| j.node.clone())
}

fn collect_defines(u: &Unit, j: &str, out: &mut BTreeMap<(String, String), BTreeSet<String>>) {
    for e in &u.body {
        match e {
            Entry::Define(d) => {
                let values = d.values.iter().filter_map(|v| ident(&v.node)).collect();
                out.insert((j.to_string(), d.term.node.clone()), values);
            }
            Entry::Unit(c) => collect_defines(c, j, out),
            _ => {}
        }
    }
}

fn ident(v: &Value) -> Option<String> {
    match v {
        Value::Ident(s) => Some(s.clone()),
        Value::Unknown | Value::Words(_) => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn walk(
    u: &Unit,
    address: &str,
    j: &str,
    act: &str,
    version: &str,
    defines: &BTreeMap<(String, String), BTreeSet<String>>,
    out: &mut Vec<Sample>,
) {
    let all: Vec<&Offence> = u
        .body
        .iter()
        .filter_map(|e| match e {
            Entry::Offence(o) => Some(o),
            _ => None,
        })
        .collect();
    // The suggester proposes the Firearms Protocol's vocabulary: an offence tagged only in
    // another instrument's facets (drug conduct, the acts of trafficking in persons) is not
    // scored, and a unit holding only such offences is counted apart, not scored.
    let offences: Vec<&Offence> = all
        .iter()
        .copied()
        .filter(|o| !of_another_instrument(o))
        .collect();
    let other_instrument = offences.is_empty() && !all.is_empty();
    for t in u.texts() {
        let lang = &*t.lang.node;
        if lang == "en" || t.value().trim().is_empty() {
            continue;
        }
        let (expected, penalties) = expected(&offences, j, defines);
        out.push(Sample {
            jurisdiction: j.to_string(),
            act: act.to_string(),
            versions: vec![version.to_string()],
            address: address.to_string(),
            lang: lang.to_string(),
            script: Script::of(t.value()),
            text: t.value().to_string(),
            offence: !offences.is_empty(),
            other_instrument,
            expected,
            penalties,
            quotes_sanction: quotes_sanction(t.value()),
        });
    }
    for c in u.children() {
        let seg = crate::model::law::address_segment(c.kind, &c.number.node.to_string());
        walk(
            c,
            &format!("{address}/{seg}"),
            j,
            act,
            version,
            defines,
            out,
        );
    }
}

/// Whether an offence belongs to another instrument: it is tagged in a facet outside the scored
/// ones (`drug-conduct`, `tip-act` …) and names no firearms conduct or object. The facets all
/// instruments share (mental element, narrowing) do not make it a firearms offence.
fn of_another_instrument(o: &Offence) -> bool {
    let facets: Vec<&str> = o
        .lines
        .iter()
        .filter_map(|l| match l {
            OffenceLine::Tag(t) => Some(t.facet.node.as_str()),
            _ => None,
        })
        .collect();
    facets.iter().any(|f| !FACETS.contains(f))
        && !facets.iter().any(|f| matches!(*f, "conduct" | "object"))
}

/// The values the unit's offences state, by scored facet, and their penalties. A facet is
/// scored when an unqualified offence of the unit has it (stated or not: an offence that names
/// no circumstance is scored on circumstance with nothing expected) or a qualified one states it.
fn expected(
    offences: &[&Offence],
    j: &str,
    defines: &BTreeMap<(String, String), BTreeSet<String>>,
) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>) {
    let mut facets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut penalties = BTreeSet::new();
    for o in offences {
        if o.bases().is_none() {
            for f in FACETS {
                facets.entry((*f).to_string()).or_default();
            }
        }
        for line in &o.lines {
            match line {
                OffenceLine::Tag(t) => add_line(t, j, defines, &mut facets),
                OffenceLine::Penalty(p) => {
                    penalties.insert(format::penalty(p));
                }
                _ => {}
            }
        }
    }
    (facets, penalties)
}

fn add_line(
    t: &TagLine,
    j: &str,
    defines: &BTreeMap<(String, String), BTreeSet<String>>,
    facets: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let mut put = |facet: &str, values: &[crate::syntax::Spanned<Value>]| {
        let set = facets.entry(facet.to_string()).or_default();
        for v in values {
            let Some(id) = ident(&v.node) else { continue };
            match defines.get(&(j.to_string(), id.clone())) {
                Some(expansion) => set.extend(expansion.iter().cloned()),
                None => {
                    set.insert(id);
                }
            }
        }
    };
    put(&t.facet.node, &t.values);
    if let Some(limit) = &t.limit {
        put("requires", &limit.values);
    }
}

fn score(sample: Sample) -> Outcome {
    let Proposal { tags, penalty } = suggest::suggest(&sample.text, None);
    let mut suggested: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &tags {
        suggested
            .entry(t.facet.to_string())
            .or_default()
            .insert(t.value.to_string());
    }
    let mut facets = BTreeMap::new();
    if sample.offence {
        for (facet, want) in &sample.expected {
            let got = suggested.get(facet).cloned().unwrap_or_default();
            facets.insert(
                facet.clone(),
                Scored {
                    hits: got.intersection(want).cloned().collect(),
                    extra: got.difference(want).cloned().collect(),
                    missed: want.difference(&got).cloned().collect(),
                },
            );
        }
    }
    Outcome {
        sample,
        facets,
        penalty: penalty.map(|(p, _)| p),
        suggested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = "act criminal-code \"Criminal Code\"
  jurisdiction XX
  version 2020-01-01
  language mk, en
  rendering unofficial
  verified yes \"test\"

article 1 \"Definitions\"
  define weapon = firearm, ammunition

article 10 \"Weapons\"
  para 1
    text mk: Тој што неовластено изработува или продава оружје ќе се казни со затвор од три до десет години.
    text en: Whoever makes or sells weapons.
    offence
      conduct manufacture, sell, possess
      object weapon
      circumstance without-licence
      penalty prison 3y..10y
  para 2
    text mk: Ако делото е сторено во група, со оружје
    offence
      aggravates para 1
      requires group
      penalty prison 5y..20y
  para 3
    text mk: Оружје во смисла на овој законик е огненото оружје.
";

    fn one(files: &[(&str, &str)]) -> Evaluation {
        evaluate(files.iter().copied())
    }

    #[test]
    fn offences_of_another_instrument_are_not_scored() {
        let law = "act criminal-code \"Criminal Code\"
  jurisdiction XX
  version 2020-01-01
  language mk, en
  rendering unofficial
  verified yes \"test\"

article 215 \"Drugs\"
  para 1
    text mk: Тој што неовластено произведува или продава наркотични дроги ќе се казни со затвор.
    offence
      drug-conduct produce, sell
      drug-object narcotic-drug
      mental intent
      penalty prison 3y..10y
";
        let eval = one(&[("codes/XX/criminal-code/2020-01-01.law", law)]);
        assert!(
            eval.outcomes.is_empty(),
            "a drug offence is no sample: {:?}",
            eval.outcomes
                .iter()
                .map(|o| &o.sample.address)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn values_are_scored_against_the_expanded_tags() {
        let eval = one(&[("codes/XX/criminal-code/2020-01-01.law", LAW)]);
        assert_eq!(eval.texts_in_files, 3);
        let para1 = &eval
            .outcomes
            .iter()
            .find(|o| o.sample.address == "art-10/para-1");
        let o = para1.expect("para 1 scored");
        let conduct = o.facets.get("conduct").expect("conduct scored");
        assert!(conduct.hits.contains("manufacture") && conduct.hits.contains("sell"));
        assert!(conduct.missed.contains("possess"), "{conduct:?}");
        // `weapon` is expanded by the act's definition.
        let object = o.facets.get("object").expect("object scored");
        assert!(object.hits.contains("firearm"), "{object:?}");
        assert!(object.missed.contains("ammunition"), "{object:?}");
        assert_eq!(o.penalty.as_deref(), Some("prison 3y..10y"));
        let row = &eval.rows(Sample::language)[0].1;
        assert_eq!(row.penalty.exact, 1);
    }

    #[test]
    fn a_qualified_form_is_scored_on_the_facets_it_states_only() {
        let eval = one(&[("codes/XX/criminal-code/2020-01-01.law", LAW)]);
        let o = eval
            .outcomes
            .iter()
            .find(|o| o.sample.address == "art-10/para-2")
            .expect("para 2 scored");
        // "оружје" suggests a firearm, but para 2 inherits its objects: not scored.
        assert!(
            o.suggested
                .get("object")
                .is_some_and(|v| v.contains("firearm"))
        );
        assert!(!o.facets.contains_key("object"), "{:?}", o.facets);
        assert!(o.facets.contains_key("requires"));
        // Its penalty is not in the quoted text: counted apart, not as missed.
        assert!(!o.sample.quotes_sanction);
        let all = &eval.rows(Sample::language)[1].1;
        assert_eq!(all.penalty.not_quoted, 1);
        // para 3 holds no offence: what is suggested there is counted apart.
        assert_eq!((all.others, all.others_flagged), (1, 1));
    }

    #[test]
    fn a_unit_repeated_in_versions_counts_once() {
        let later = LAW.replace("2020-01-01", "2021-01-01");
        let eval = one(&[
            ("codes/XX/criminal-code/2020-01-01.law", LAW),
            ("codes/XX/criminal-code/2021-01-01.law", &later),
            ("protocol/x.law", LAW),
        ]);
        assert_eq!(eval.files, 2);
        assert_eq!(eval.texts_in_files, 6);
        assert_eq!(eval.outcomes.len(), 3);
        assert!(eval.outcomes.iter().all(|o| o.sample.versions.len() == 2));
    }

    #[test]
    fn a_file_that_does_not_parse_is_reported() {
        let eval = one(&[("codes/XX/a/2020-01-01.law", "article\n")]);
        assert_eq!(eval.unreadable.len(), 1);
        assert!(eval.outcomes.is_empty());
    }
}
