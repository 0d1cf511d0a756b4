//! The measured quality of `lexgap suggest` (issue 14, item 3; docs/import.md "How good the
//! suggestions are"): the evaluation runs over the whole bundled corpus, every original-language
//! text of it, and its figures are well-formed. The figures themselves are printed by
//! `cargo run --release --example suggest_eval`; they are not asserted here, but for one floor:
//! see `conduct_and_object_precision_stay_at_the_issue_target`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lexgap::import::evaluate::{self, Evaluation, FACETS, Sample};

fn law_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read codes/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            law_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "law") {
            out.push(path);
        }
    }
}

/// The corpus files as (path relative to the repository, text).
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    law_files(&root.join("codes"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).expect("UTF-8 .law file"))
        })
        .collect()
}

fn evaluation(files: &[(String, String)]) -> Evaluation {
    evaluate::evaluate(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
}

/// `text LANG:` lines with LANG other than `en`, counted on the raw text (not through the
/// parser the evaluation uses), with the jurisdiction of their file.
fn original_text_lines(files: &[(String, String)]) -> (usize, BTreeSet<String>) {
    let mut n = 0;
    let mut jurisdictions = BTreeSet::new();
    for (path, text) in files {
        let j = path.split('/').nth(1).expect("codes/J/…").to_string();
        for line in text.lines() {
            let t = line.trim_start();
            let Some(rest) = t.strip_prefix("text ") else {
                continue;
            };
            let Some((lang, _)) = rest.split_once(':') else {
                continue;
            };
            if lang != "en" && !lang.contains(' ') {
                n += 1;
                jurisdictions.insert(j.clone());
            }
        }
    }
    (n, jurisdictions)
}

#[test]
fn the_evaluation_covers_every_original_text_of_the_corpus() {
    let files = corpus();
    let eval = evaluation(&files);
    assert!(eval.unreadable.is_empty(), "{:?}", eval.unreadable);
    assert_eq!(eval.files, files.len());
    let (lines, jurisdictions) = original_text_lines(&files);
    assert!(lines > 0, "the corpus has original-language texts");
    assert_eq!(
        eval.texts_in_files, lines,
        "every original-language text is read"
    );
    // Each text of each version lies in exactly one scored sample, or is one of the texts of
    // another instrument's offences, read and not scored.
    let versions: usize = eval.outcomes.iter().map(|o| o.sample.versions.len()).sum();
    assert_eq!(versions + eval.other_instrument_texts, lines);
    let seen: BTreeSet<String> = eval
        .outcomes
        .iter()
        .map(|o| o.sample.jurisdiction.clone())
        .collect();
    assert_eq!(seen, jurisdictions);
    assert!(eval.outcomes.iter().any(|o| o.sample.offence));
    assert!(eval.outcomes.iter().any(|o| !o.sample.offence));
}

#[test]
fn every_figure_is_a_proportion_and_the_counts_add_up() {
    let eval = evaluation(&corpus());
    let rows = eval.rows(Sample::language);
    let (name, all) = rows.last().expect("the row 'all'");
    assert_eq!(name, "all");
    assert_eq!(
        all.offences + all.others,
        eval.outcomes.len(),
        "every sample is counted once"
    );
    for (name, row) in &rows {
        for f in FACETS {
            let c = row.facet(f);
            for x in [c.precision(), c.recall()].into_iter().flatten() {
                assert!((0.0..=1.0).contains(&x), "{name} {f}: {x}");
            }
        }
        if let Some(x) = row.penalty.accuracy() {
            assert!((0.0..=1.0).contains(&x), "{name} penalty: {x}");
        }
        let p = row.penalty;
        assert_eq!(p.exact + p.different + p.missed, p.quoted, "{name}");
    }
    // The row of all languages is the sum of the others.
    for f in FACETS {
        let sum =
            rows.iter()
                .filter(|(n, _)| n != "all")
                .fold((0, 0, 0), |(tp, fp, fn_), (_, r)| {
                    let c = r.facet(f);
                    (tp + c.tp, fp + c.fp, fn_ + c.fn_)
                });
        let c = all.facet(f);
        assert_eq!(sum, (c.tp, c.fp, c.fn_), "{f}");
    }
    // True positives and false negatives are the values the experts wrote on scored facets.
    for f in FACETS {
        let written: usize = eval
            .outcomes
            .iter()
            .filter(|o| o.sample.offence)
            .filter_map(|o| o.sample.expected.get(*f))
            .map(BTreeSet::len)
            .sum();
        let c = all.facet(f);
        assert_eq!(c.tp + c.fn_, written, "{f}");
    }
}

/// A regression guard, not a measurement: issue 14 asks for conduct and object suggestions at a
/// precision of at least 70 %. Measured on the whole corpus they stand far above it (docs/import.md);
/// a lexicon change that adds stems matching ordinary words (the kind of change that raises recall
/// by flooding the comments) would bring them under it and fails here. Recall has no floor: it is
/// bounded by what the corpus's excerpts quote, not by the suggester alone.
#[test]
fn conduct_and_object_precision_stay_at_the_issue_target() {
    let eval = evaluation(&corpus());
    let rows = eval.rows(Sample::language);
    let (_, all) = rows.last().expect("the row 'all'");
    for f in ["conduct", "object"] {
        let p = all.facet(f).precision().expect("values suggested");
        assert!(p >= 0.7, "{f} precision {p:.2} is below the issue's 70 %");
    }
}
