//! Arbitrary bytes as each kind of YAML file lexgap reads — the instrument, a jurisdiction's
//! metadata, a jurisdiction's assessments — then the whole analysis on a small law: model,
//! coverage, the text/CSV renderings and `explain` for every obligation, and every diagnostic
//! rendered. Nothing may panic, and nothing may take unbounded time or memory (libFuzzer's
//! -timeout and -rss_limit_mb catch alias bombs and cell explosions).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use lexgap::coverage;
use lexgap::date::Date;
use lexgap::diagnostic::{Diagnostic, RenderOptions, render, to_json};
use lexgap::model::{
    Instrument, LawInput, Model, build_corpus, load_assessments, load_instrument,
    load_jurisdictions,
};
use lexgap::source::{SourceFile, Sources};
use lexgap::syntax::parse_law;
use lexgap::workspace::bundled_file;

const PROTOCOL: &str = "protocol/firearms-protocol.yaml";
const UNTOC: &str = "protocol/untoc.yaml";

/// A law that touches definitions, qualified offences, alternatives, rules and measures.
const LAW: &str = "act criminal-code \"CC\"\n  jurisdiction RS\n  version 2020-01-01\n  source \"G\"\n  language en\n  rendering unofficial\n\narticle 1\n  define weapon = firearm, ammunition\narticle 2\n  para 1\n    offence\n      conduct manufacture, assemble, sell\n      object weapon, part-component\n      circumstance without-licence\n      mental intent\n      requires one of group, for-gain\n      penalty prison 1y..8y\n  para 2\n    offence\n      aggravates para 1\n      penalty prison 2y..12y\n  rule attempt when max >= 5y or expressly\n  rule complicity covers aiding\n  measure record-keeping\n    object firearm\n    retention 10y\n";

fn bundled(rel: &str) -> SourceFile {
    let bytes = bundled_file(rel).unwrap_or_default();
    SourceFile::new(rel, String::from_utf8_lossy(bytes).into_owned())
}

/// The bundled instrument, read once.
fn instrument() -> &'static Instrument {
    static INSTRUMENT: OnceLock<Instrument> = OnceLock::new();
    INSTRUMENT.get_or_init(|| {
        let mut sources = Sources::new();
        let ids = [sources.add(bundled(PROTOCOL)), sources.add(bundled(UNTOC))];
        load_instrument(&sources, &ids).0
    })
}

fn at() -> Date {
    Date::parse("2024-01-01").unwrap_or_else(|_| Date::from_unix_days(0))
}

/// The analysis a user could ask for, and every diagnostic rendered. `explain` for every
/// obligation only when the instrument itself is the fuzzed input (with the bundled one it
/// gives the same text every time, and costs most of the run).
fn analyse(sources: &Sources, model: &Model, diags: &[Diagnostic], explain: bool) {
    let analysis = coverage::analyze_all(model, &["RS".to_string()], at());
    let _ = coverage::render::analysis_text(&analysis);
    let _ = coverage::render::analysis_csv(&analysis);
    let _ = serde_json::to_string(&analysis);
    if !explain {
        return;
    }
    if let Some(law) = model.corpus.law_at(&model.instrument, "RS", at()) {
        let cov = coverage::analyze(&model.instrument, &law, None, &[]);
        for o in &model.instrument.obligations {
            let oc = cov.obligations.iter().find(|x| x.id == o.id);
            let _ = coverage::render::explain_text(&model.instrument, o, oc.map(|oc| (&cov, oc)));
        }
    }
    for d in diags {
        let _ = render(d, sources, RenderOptions { color: false });
        let _ = to_json(d, sources);
    }
}

fuzz_target!(|data: &[u8]| {
    // Decoding is fuzzed by law_parser; here the text is what matters.
    let Ok(file) = SourceFile::decode("x.yaml", data) else {
        return;
    };
    let (law, _) = parse_law(LAW);
    for rel in [
        PROTOCOL,
        "codes/RS/jurisdiction.yaml",
        "codes/RS/assessments.yaml",
    ] {
        let mut sources = Sources::new();
        let fuzzed = sources.add(SourceFile::new(rel, file.text.clone()));
        let law_id = sources.add(SourceFile::new(
            "codes/RS/criminal-code/2020-01-01.law",
            LAW.to_string(),
        ));
        let laws = [LawInput {
            file: law_id,
            law: &law,
        }];
        let mut diags = Vec::new();
        let model = match rel {
            PROTOCOL => {
                let untoc = sources.add(bundled(UNTOC));
                let (inst, d) = load_instrument(&sources, &[fuzzed, untoc]);
                diags.extend(d);
                let (corpus, d) = build_corpus(&inst, &laws, Vec::new());
                diags.extend(d);
                Model {
                    instrument: inst,
                    corpus,
                    assessments: Vec::new(),
                }
            }
            "codes/RS/jurisdiction.yaml" => {
                let (jurisdictions, d) = load_jurisdictions(&sources, &[fuzzed]);
                diags.extend(d);
                let (corpus, d) = build_corpus(instrument(), &laws, jurisdictions);
                diags.extend(d);
                Model {
                    instrument: instrument().clone(),
                    corpus,
                    assessments: Vec::new(),
                }
            }
            _ => {
                let (assessments, d) = load_assessments(&sources, &[fuzzed], instrument());
                diags.extend(d);
                let (corpus, d) = build_corpus(instrument(), &laws, Vec::new());
                diags.extend(d);
                Model {
                    instrument: instrument().clone(),
                    corpus,
                    assessments,
                }
            }
        };
        analyse(&sources, &model, &diags, rel == PROTOCOL);
    }
});
