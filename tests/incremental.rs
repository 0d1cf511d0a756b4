//! The incremental analysis (`coverage::reach`) equals a full analysis, always: random edits to
//! the bundled corpus and to a synthetic world (tags, penalties, rules, definitions, references,
//! units deleted and inserted), and the law of each jurisdiction from one of its change dates to
//! the next (every address of a new act version renamed) — `reanalyze` of the change gives the
//! same bytes, as JSON, as `analyze_with` of the law after it. Also across days where an act
//! comes into force or goes (only the obligations that look in its kind, and those its
//! provisions reach, are recomputed), before and after random edits.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use lexgap::coverage::reach::{both_sides, law_change, reachable, reanalyze};
use lexgap::coverage::{self, JurisdictionCoverage};
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::workspace::{InputFile, Workspace, load};
use proptest::prelude::*;

fn model_of(files: &[InputFile]) -> Model {
    let loaded = load(files.to_vec());
    Model::build(&loaded).0
}

/// The coverage as JSON, with each obligation's cell results (evidence, texts, shortfalls),
/// which the JSON of `analyze` leaves out and `diff` and `explain` read.
fn json(c: &JurisdictionCoverage) -> String {
    let mut v = serde_json::to_value(c).expect("serializable");
    if let Some(list) = v.get_mut("obligations").and_then(|o| o.as_array_mut()) {
        for (o, cov) in list.iter_mut().zip(&c.obligations) {
            if let Some(map) = o.as_object_mut() {
                map.insert(
                    "cell_results".into(),
                    serde_json::to_value(&cov.cell_results).expect("serializable"),
                );
            }
        }
    }
    serde_json::to_string_pretty(&v).expect("serializable")
}

/// The days each jurisdiction's law changes (its acts' and its ancestors' version dates), and a
/// day after all of them.
fn days(model: &Model, j: &str) -> Vec<Date> {
    let chain = model.corpus.chain(j);
    let mut out: BTreeSet<Date> = model
        .corpus
        .versions
        .iter()
        .filter(|v| chain.contains(&v.jurisdiction))
        .map(|v| v.date)
        .collect();
    out.insert(Date::parse("2030-01-01").expect("date"));
    out.into_iter().collect()
}

/// For every jurisdiction and day: the incremental analysis from `old`'s law to `new`'s equals
/// the full analysis of `new`'s. Returns how many obligations were taken over (not recomputed),
/// to show that the test exercises the reuse.
fn check_models(old: &Model, new: &Model, explain: bool, with_assessments: bool) -> usize {
    let inst = &new.instrument;
    let mut reused = 0;
    for j in new.corpus.jurisdictions_with_law() {
        let j = j.to_string();
        let assessments = if with_assessments {
            new.assessments_for(&j)
        } else {
            Vec::new()
        };
        let old_assessments = if with_assessments {
            old.assessments_for(&j)
        } else {
            Vec::new()
        };
        for at in days(new, &j) {
            let (Some(before), Some(after)) = (
                old.corpus.law_at(&old.instrument, &j, at),
                new.corpus.law_at(inst, &j, at),
            ) else {
                continue;
            };
            let previous =
                coverage::analyze_with(&old.instrument, &before, None, &old_assessments, explain);
            let full = coverage::analyze_with(inst, &after, None, &assessments, explain);
            let inc = reanalyze(
                inst,
                &before,
                &previous,
                &after,
                None,
                &assessments,
                explain,
            );
            assert_eq!(json(&inc), json(&full), "{j} on {at}, explain {explain}");
            let change = law_change(&before, &after);
            reused += reachable(inst, &before, &after, &change, explain)
                .iter()
                .filter(|d| !**d)
                .count();
        }
    }
    reused
}

/// From each change date of a jurisdiction to the next (and to the last from the first): the
/// case of `lexgap diff --from --to`, where a new act version renames every address.
fn check_across_days(model: &Model, explain: bool) -> usize {
    let inst = &model.instrument;
    let mut reused = 0;
    for j in model.corpus.jurisdictions_with_law() {
        let j = j.to_string();
        let d = days(model, &j);
        let mut pairs: Vec<(Date, Date)> = d.windows(2).map(|w| (w[0], w[1])).collect();
        if let (Some(a), Some(b)) = (d.first(), d.last()) {
            pairs.push((*a, *b));
            pairs.push((*b, *a));
        }
        for (from, to) in pairs {
            let (Some(before), Some(after)) = (
                model.corpus.law_at(inst, &j, from),
                model.corpus.law_at(inst, &j, to),
            ) else {
                continue;
            };
            let previous = coverage::analyze_with(inst, &before, None, &[], explain);
            let full = coverage::analyze_with(inst, &after, None, &[], explain);
            let inc = reanalyze(inst, &before, &previous, &after, None, &[], explain);
            assert_eq!(json(&inc), json(&full), "{j} {from} → {to}");
            if !explain {
                // What `lexgap diff` computes: both sides, the second incrementally.
                let (b, a) = both_sides(inst, &before, &after, None);
                assert_eq!(json(&b), json(&previous), "{j} {from} → {to}");
                assert_eq!(json(&a), json(&full), "{j} {from} → {to}");
            }
            let change = law_change(&before, &after);
            reused += reachable(inst, &before, &after, &change, explain)
                .iter()
                .filter(|d| !**d)
                .count();
        }
    }
    reused
}

/// The kinds of act in force in a law.
fn kinds(law: &lexgap::model::in_force::LawInForce) -> BTreeSet<String> {
    law.acts.iter().map(|a| a.kind.clone()).collect()
}

/// For every jurisdiction, one pair of days (chosen by `pick`) on which different kinds of act
/// are in force — an act comes into force or goes — the law of the first day in `old`, of the
/// second in `new`: the incremental analysis equals the full one, and so do both sides of a
/// diff. Returns how many pairs were checked and how many obligations were taken over.
fn check_acts_coming_and_going(
    old: &Model,
    new: &Model,
    pick: usize,
    explain: bool,
) -> (usize, usize) {
    let inst = &new.instrument;
    let (mut checked, mut reused) = (0, 0);
    for j in new.corpus.jurisdictions_with_law() {
        let j = j.to_string();
        let d = days(new, &j);
        let mut pairs = Vec::new();
        for a in &d {
            for b in &d {
                let (Some(before), Some(after)) = (
                    old.corpus.law_at(&old.instrument, &j, *a),
                    new.corpus.law_at(inst, &j, *b),
                ) else {
                    continue;
                };
                if kinds(&before) != kinds(&after) {
                    pairs.push((*a, *b, before, after));
                }
            }
        }
        if pairs.is_empty() {
            continue;
        }
        let (from, to, before, after) = pairs.swap_remove(pick % pairs.len());
        let previous = coverage::analyze_with(&old.instrument, &before, None, &[], explain);
        let full = coverage::analyze_with(inst, &after, None, &[], explain);
        let inc = reanalyze(inst, &before, &previous, &after, None, &[], explain);
        assert_eq!(
            json(&inc),
            json(&full),
            "{j} {from} → {to}, explain {explain}"
        );
        if !explain {
            let (b, a) = both_sides(inst, &before, &after, None);
            assert_eq!(json(&b), json(&previous), "{j} {from} → {to}");
            assert_eq!(json(&a), json(&full), "{j} {from} → {to}");
        }
        let change = law_change(&before, &after);
        assert!(
            !change.kinds.is_empty(),
            "{j} {from} → {to}: the kinds changed"
        );
        checked += 1;
        reused += reachable(inst, &before, &after, &change, explain)
            .iter()
            .filter(|d| !**d)
            .count();
    }
    (checked, reused)
}

fn bundled() -> &'static Vec<InputFile> {
    static FILES: OnceLock<Vec<InputFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let (files, errors) = Workspace::bundled().input_files();
        assert!(errors.is_empty());
        files
    })
}

fn bundled_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| model_of(bundled()))
}

/// A small synthetic world (examples/synth.rs): 4 jurisdictions, 3 versions, 40 articles.
fn synthetic() -> &'static Vec<InputFile> {
    static FILES: OnceLock<Vec<InputFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        synth::generate(&synth::Config {
            out: dir.path().to_path_buf(),
            jurisdictions: 4,
            versions: 3,
            articles: 40,
            seed: 7,
            small_amendment: false,
        })
        .expect("generated");
        let ws = Workspace::open(dir.path()).expect("workspace");
        let (files, errors) = ws.input_files();
        assert!(errors.is_empty(), "{errors:?}");
        files
    })
}

fn synthetic_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| model_of(synthetic()))
}

/// The first word of a line, without its indentation.
fn keyword(line: &str) -> &str {
    line.trim_start().split([' ', ':']).next().unwrap_or("")
}

/// Lines an edit may touch: what the analysis reads.
const SEMANTIC: &[&str] = &[
    "conduct",
    "object",
    "circumstance",
    "mental",
    "penalty",
    "requires",
    "aggravates",
    "mitigates",
    "rule",
    "class",
    "classify",
    "define",
    "reads",
    "measure",
    "retention",
    "expressly",
];

/// Unit lines: blocks an edit may delete or copy.
const UNITS: &[&str] = &["article", "para", "pt"];

#[derive(Clone, Debug)]
enum Edit {
    /// Delete the n-th semantic line.
    DeleteLine(usize),
    /// Replace the n-th semantic line by the m-th semantic line with the same keyword (from
    /// anywhere in the corpus), keeping its indentation.
    ReplaceLine(usize, usize),
    /// Copy the m-th semantic line under the n-th (a second tag line, another rule …).
    CopyLine(usize, usize),
    /// Drop one value of a list line (`object a, b, c` → `object a, c`).
    DropValue(usize, usize),
    /// Change the numbers on the n-th semantic line (`aggravates para 1` → `para 2`; penalties).
    Renumber(usize, u8),
    /// Delete the n-th unit with all it contains.
    DeleteUnit(usize),
    /// Insert a copy of the n-th article as a new article.
    CopyArticle(usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let n = 0usize..100_000;
    prop_oneof![
        n.clone().prop_map(Edit::DeleteLine),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::ReplaceLine(a, b)),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::CopyLine(a, b)),
        (n.clone(), 0usize..8).prop_map(|(a, b)| Edit::DropValue(a, b)),
        (n.clone(), 1u8..9).prop_map(|(a, b)| Edit::Renumber(a, b)),
        n.clone().prop_map(Edit::DeleteUnit),
        n.prop_map(Edit::CopyArticle),
    ]
}

/// Where each line of the `.law` files is: (file, line index) of the semantic lines and of the
/// unit lines.
fn lines_of(files: &[(String, Vec<String>)], of: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (fi, (_, lines)) in files.iter().enumerate() {
        for (li, l) in lines.iter().enumerate() {
            if of.contains(&keyword(l)) {
                out.push((fi, li));
            }
        }
    }
    out
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

fn apply(files: &mut [(String, Vec<String>)], edit: &Edit) {
    let sem = lines_of(files, SEMANTIC);
    let units = lines_of(files, UNITS);
    if sem.is_empty() {
        return;
    }
    let pick = |n: usize, v: &[(usize, usize)]| v[n % v.len()];
    let line = |files: &[(String, Vec<String>)], (f, l): (usize, usize)| files[f].1[l].clone();
    match edit {
        Edit::DeleteLine(n) => {
            let (f, l) = pick(*n, &sem);
            files[f].1.remove(l);
        }
        Edit::ReplaceLine(n, m) => {
            let at = pick(*n, &sem);
            let old = line(files, at);
            let same: Vec<(usize, usize)> = sem
                .iter()
                .copied()
                .filter(|p| keyword(&line(files, *p)) == keyword(&old))
                .collect();
            let new = line(files, pick(*m, &same));
            files[at.0].1[at.1] = format!("{}{}", &old[..indent(&old)], new.trim_start());
        }
        Edit::CopyLine(n, m) => {
            let at = pick(*n, &sem);
            let old = line(files, at);
            let new = line(files, pick(*m, &sem));
            files[at.0].1.insert(
                at.1 + 1,
                format!("{}{}", &old[..indent(&old)], new.trim_start()),
            );
        }
        Edit::DropValue(n, k) => {
            let at = pick(*n, &sem);
            let old = line(files, at);
            let body = old.split('#').next().unwrap_or("").trim_end();
            let Some((head, list)) = body.trim_start().split_once(' ') else {
                return;
            };
            let values: Vec<&str> = list.split(", ").collect();
            if values.len() < 2 {
                return;
            }
            let kept: Vec<&str> = values
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k % values.len())
                .map(|(_, v)| *v)
                .collect();
            files[at.0].1[at.1] = format!("{}{head} {}", &old[..indent(&old)], kept.join(", "));
        }
        Edit::Renumber(n, d) => {
            let at = pick(*n, &sem);
            let old = line(files, at);
            let new: String = old
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(x) => char::from_digit((x + u32::from(*d)) % 10, 10).unwrap_or(c),
                    None => c,
                })
                .collect();
            files[at.0].1[at.1] = new;
        }
        Edit::DeleteUnit(n) => {
            if units.is_empty() {
                return;
            }
            let (f, l) = pick(*n, &units);
            let depth = indent(&files[f].1[l]);
            let mut end = l + 1;
            while end < files[f].1.len() {
                let x = &files[f].1[end];
                if !x.trim().is_empty() && indent(x) <= depth {
                    break;
                }
                end += 1;
            }
            files[f].1.drain(l..end);
        }
        Edit::CopyArticle(n) => {
            let articles: Vec<(usize, usize)> = units
                .iter()
                .copied()
                .filter(|p| keyword(&line(files, *p)) == "article")
                .collect();
            if articles.is_empty() {
                return;
            }
            let (f, l) = pick(*n, &articles);
            let mut end = l + 1;
            while end < files[f].1.len() {
                let x = &files[f].1[end];
                if !x.trim().is_empty() && indent(x) == 0 {
                    break;
                }
                end += 1;
            }
            let mut block: Vec<String> = files[f].1[l..end].to_vec();
            block[0] = format!("article {} \"Inserted\"", 900 + n % 90);
            files[f]
                .1
                .extend(std::iter::once(String::new()).chain(block));
        }
    }
}

/// The `.law` files as lines, the others as they are.
fn edited(files: &[InputFile], edits: &[Edit]) -> Vec<InputFile> {
    let mut laws: Vec<(String, Vec<String>)> = files
        .iter()
        .filter(|f| f.rel.ends_with(".law"))
        .map(|f| {
            (
                f.rel.clone(),
                String::from_utf8_lossy(&f.bytes)
                    .lines()
                    .map(str::to_string)
                    .collect(),
            )
        })
        .collect();
    for e in edits {
        apply(&mut laws, e);
    }
    files
        .iter()
        .map(|f| match laws.iter().find(|(rel, _)| *rel == f.rel) {
            Some((_, lines)) => InputFile {
                rel: f.rel.clone(),
                bytes: (lines.join("\n") + "\n").into_bytes(),
            },
            None => f.clone(),
        })
        .collect()
}

#[test]
fn from_one_change_date_to_the_next_the_bundled_corpus() {
    let reused =
        check_across_days(bundled_model(), false) + check_across_days(bundled_model(), true);
    assert!(reused > 0, "some obligations are taken over");
}

#[test]
fn from_one_change_date_to_the_next_a_synthetic_world() {
    let reused =
        check_across_days(synthetic_model(), false) + check_across_days(synthetic_model(), true);
    assert!(reused > 0, "some obligations are taken over");
}

/// The case of the diff benchmark (`scripts/bench --diff`): an act comes into force between
/// the two days. It once made every obligation be recomputed; now only those that look in the
/// act's kind and those its provisions reach are.
#[test]
fn an_act_coming_into_force_recomputes_only_what_it_can_reach() {
    for m in [bundled_model(), synthetic_model()] {
        let mut reused = 0;
        for pick in 0..3 {
            for explain in [false, true] {
                let (checked, r) = check_acts_coming_and_going(m, m, pick, explain);
                assert!(checked > 0, "some act comes into force");
                reused += r;
            }
        }
        assert!(reused > 0, "some obligations are taken over");
    }
}

/// A paragraph reworded (its tags the same) is quoted as evidence and read for nothing else:
/// the obligations its provision meets are taken over with the new text, equal to a full
/// analysis.
#[test]
fn a_reworded_paragraph_recomputes_nothing() {
    let m = synthetic_model();
    let inst = &m.instrument;
    let files = synthetic();
    // Reword the text of every paragraph of the first code that carries an offence.
    let reworded: Vec<InputFile> = files
        .iter()
        .map(|f| {
            if !f.rel.contains("criminal-code") || !f.rel.ends_with(".law") {
                return f.clone();
            }
            let text = String::from_utf8_lossy(&f.bytes);
            let out: Vec<String> = text
                .lines()
                .map(|l| {
                    if keyword(l) == "text" && l.contains("en:") {
                        format!("{l} Reworded.")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            InputFile {
                rel: f.rel.clone(),
                bytes: (out.join("\n") + "\n").into_bytes(),
            }
        })
        .collect();
    let new = model_of(&reworded);
    let mut retexted = 0;
    for j in new.corpus.jurisdictions_with_law() {
        let at = Date::parse("2030-01-01").expect("date");
        let (Some(before), Some(after)) = (
            m.corpus.law_at(inst, j, at),
            new.corpus.law_at(&new.instrument, j, at),
        ) else {
            continue;
        };
        let change = law_change(&before, &after);
        assert!(!change.is_empty(), "{j}: the texts changed");
        assert!(
            reachable(inst, &before, &after, &change, false)
                .iter()
                .all(|d| !*d),
            "{j}: a new text reaches no obligation ({} {} {} {} {:?})",
            change.everything,
            change.rules,
            change.old_provisions.len(),
            change.new_provisions.len(),
            change
                .old_provisions
                .first()
                .and_then(|&i| before.provisions.get(i))
                .zip(
                    change
                        .new_provisions
                        .first()
                        .and_then(|&i| after.provisions.get(i))
                )
        );
        let previous = coverage::analyze_with(inst, &before, None, &[], false);
        let full = coverage::analyze_with(&new.instrument, &after, None, &[], false);
        let inc = reanalyze(
            &new.instrument,
            &before,
            &previous,
            &after,
            None,
            &[],
            false,
        );
        assert_eq!(json(&inc), json(&full), "{j}");
        assert_ne!(
            json(&previous),
            json(&full),
            "{j}: the evidence quotes the new text"
        );
        retexted += 1;
    }
    assert!(retexted > 0);
}

/// Regression: an edit that makes the instrument "not encoded" for a jurisdiction (an
/// `encoded-from:` later than the day analysed, added to `jurisdiction.yaml` in an editor)
/// changes no provision, so the reach alone recomputed nothing and every obligation was taken
/// over without its "not assessed" reason. A change of `instrument_not_encoded` now recomputes
/// every obligation.
#[test]
fn an_instrument_not_encoded_from_an_edit_is_recomputed() {
    let base = bundled_model();
    let edited: Vec<InputFile> = bundled()
        .iter()
        .map(|f| {
            if f.rel != "codes/ME/jurisdiction.yaml" {
                return f.clone();
            }
            let text = String::from_utf8_lossy(&f.bytes).replacen(
                "  - id: firearms-protocol\n",
                "  - id: firearms-protocol\n    encoded-from: 2099-01-01\n",
                1,
            );
            InputFile {
                rel: f.rel.clone(),
                bytes: text.into_bytes(),
            }
        })
        .collect();
    let new = model_of(&edited);
    let at = Date::parse("2030-01-01").expect("date");
    let (Some(before), Some(after)) = (
        base.corpus.law_at(&base.instrument, "ME", at),
        new.corpus.law_at(&new.instrument, "ME", at),
    ) else {
        panic!("ME has law on {at}");
    };
    assert!(before.instrument_not_encoded.is_none());
    assert!(after.instrument_not_encoded.is_some(), "the edit took");
    for (old, new_law, old_model, new_model) in
        [(&before, &after, base, &new), (&after, &before, &new, base)]
    {
        let previous = coverage::analyze_with(&old_model.instrument, old, None, &[], false);
        let full = coverage::analyze_with(&new_model.instrument, new_law, None, &[], false);
        let inc = reanalyze(
            &new_model.instrument,
            old,
            &previous,
            new_law,
            None,
            &[],
            false,
        );
        assert_eq!(json(&inc), json(&full));
    }
}

#[test]
fn no_change_recomputes_nothing() {
    let m = bundled_model();
    for j in m.corpus.jurisdictions_with_law() {
        let at = Date::parse("2030-01-01").expect("date");
        let Some(law) = m.corpus.law_at(&m.instrument, j, at) else {
            continue;
        };
        let change = law_change(&law, &law);
        assert!(change.is_empty(), "{j}");
        assert!(
            reachable(&m.instrument, &law, &law, &change, true)
                .iter()
                .all(|d| !*d)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_on_the_bundled_corpus(
        edits in prop::collection::vec(edit_strategy(), 1..4),
        explain in any::<bool>(),
        with_assessments in any::<bool>(),
    ) {
        let new = model_of(&edited(bundled(), &edits));
        check_models(bundled_model(), &new, explain, with_assessments);
        // And back: the edit undone.
        check_models(&new, bundled_model(), explain, with_assessments);
    }

    #[test]
    fn incremental_equals_full_on_a_synthetic_world(
        edits in prop::collection::vec(edit_strategy(), 1..4),
        explain in any::<bool>(),
    ) {
        let new = model_of(&edited(synthetic(), &edits));
        check_models(synthetic_model(), &new, explain, true);
        check_models(&new, synthetic_model(), explain, false);
    }

    /// An act comes into force (or goes) between the two days, and the law was edited too.
    #[test]
    fn incremental_equals_full_when_an_act_comes_into_force(
        edits in prop::collection::vec(edit_strategy(), 0..3),
        pick in 0usize..1000,
        explain in any::<bool>(),
        bundled_corpus in any::<bool>(),
    ) {
        let (base, files) = if bundled_corpus {
            (bundled_model(), bundled())
        } else {
            (synthetic_model(), synthetic())
        };
        let new = model_of(&edited(files, &edits));
        let (checked, _) = check_acts_coming_and_going(base, &new, pick, explain);
        prop_assert!(checked > 0);
        let (checked, _) = check_acts_coming_and_going(&new, base, pick, explain);
        prop_assert!(checked > 0);
    }
}
