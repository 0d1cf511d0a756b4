//! Micro-benchmarks of the stages that scale with the corpus: the parser, lint, lowering into
//! the model, the coverage engine, the act diff and the word diff.
//!
//!     cargo bench --bench pipeline
//!
//! The input is one synthetic jurisdiction from `examples/synth.rs`: a 2,000-article criminal
//! code in two versions a few percent apart (about 5 MB), generated once per run.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::parse_law;
use lexgap::workspace::{Loaded, Workspace, load};

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

fn main() {
    divan::main();
}

struct Input {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The two versions of the criminal code: (path relative to the root, text).
    code: Vec<(String, String)>,
}

fn input() -> &'static Input {
    static INPUT: OnceLock<Input> = OnceLock::new();
    INPUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("w");
        synth::generate(&synth::Config {
            out: root.clone(),
            jurisdictions: 1,
            versions: 2,
            articles: 2000,
            seed: 1,
            small_amendment: false,
        })
        .expect("generated");
        let acts = root.join("codes/AA/criminal-code");
        let mut code: Vec<(String, String)> = std::fs::read_dir(&acts)
            .expect("read dir")
            .map(|e| {
                let p = e.expect("entry").path();
                let rel = p.strip_prefix(&root).expect("inside").display().to_string();
                (rel, std::fs::read_to_string(&p).expect("read"))
            })
            .collect();
        code.sort();
        Input {
            _dir: dir,
            root,
            code,
        }
    })
}

fn loaded(root: &Path) -> Loaded {
    let ws = Workspace::open(root).expect("workspace");
    let (files, errors) = ws.input_files();
    assert!(errors.is_empty());
    load(files)
}

fn bytes() -> BytesCount {
    BytesCount::new(input().code.first().map_or(0, |(_, t)| t.len()))
}

/// Parsing one version of the 2,000-article code.
#[divan::bench]
fn parse(b: Bencher) {
    let (_, text) = &input().code[0];
    b.counter(bytes())
        .bench(|| parse_law(divan::black_box(text)));
}

/// Single-file checks of the parsed code.
#[divan::bench]
fn lint_code(b: Bencher) {
    let (rel, text) = &input().code[0];
    let (ast, _) = parse_law(text);
    let place = FilePlace::from_path(Path::new(rel));
    b.counter(bytes())
        .bench(|| lint(divan::black_box(&ast), &place, true));
}

/// The model of the jurisdiction: both versions of both acts lowered and checked across files.
#[divan::bench]
fn model(b: Bencher) {
    let l = loaded(&input().root);
    b.bench(|| Model::build(divan::black_box(&l)));
}

/// The coverage engine: every obligation, cell by cell, for the law in force.
#[divan::bench]
fn coverage(b: Bencher) {
    let l = loaded(&input().root);
    let (model, _) = Model::build(&l);
    let at = Date::parse("2030-01-01").expect("date");
    b.bench(|| lexgap::coverage::analyze_one(divan::black_box(&model), "AA", at));
}

/// The unit-by-unit diff of the two versions of the code (alignment and word changes).
#[divan::bench]
fn diff_acts(b: Bencher) {
    let [(_, old), (_, new)] = &input().code[..] else {
        panic!("two versions")
    };
    let (a, _) = parse_law(old);
    let (c, _) = parse_law(new);
    b.bench(|| lexgap::amend::diff_acts(divan::black_box(Some(&a)), Some(&c)));
}

/// The word diff alone, over the whole text of the code's two versions.
#[divan::bench]
fn diff_words(b: Bencher) {
    let [(_, old), (_, new)] = &input().code[..] else {
        panic!("two versions")
    };
    b.counter(bytes())
        .bench(|| lexgap::amend::words::diff_words(divan::black_box(old), divan::black_box(new)));
}
