//! No input, however broken, makes the model or the coverage engine panic.

use lexgap::coverage;
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::workspace::{InputFile, load};
use proptest::prelude::*;

const PROTOCOL: &str = include_str!("../protocol/firearms-protocol.yaml");
const UNTOC: &str = include_str!("../protocol/untoc.yaml");

fn run(protocol: &str, law: &str) {
    let files = vec![
        InputFile {
            rel: "protocol/a.yaml".into(),
            bytes: protocol.as_bytes().to_vec(),
        },
        InputFile {
            rel: "protocol/untoc.yaml".into(),
            bytes: UNTOC.as_bytes().to_vec(),
        },
        InputFile {
            rel: "codes/RS/criminal-code/2020-01-01.law".into(),
            bytes: law.as_bytes().to_vec(),
        },
        InputFile {
            rel: "codes/RS/assessments.yaml".into(),
            bytes: b"assessments:\n  - obligation: FP-7\n    status: full\n".to_vec(),
        },
    ];
    let loaded = load(files);
    let (model, _) = Model::build(&loaded);
    let at = Date::parse("2024-01-01").unwrap_or_else(|_| Date::from_unix_days(0));
    let analysis = coverage::analyze_all(&model, &["RS".to_string()], at);
    let _ = coverage::render::analysis_text(&analysis);
    let _ = coverage::render::analysis_csv(&analysis);
    if let Some(law) = model.corpus.law_at(&model.instrument, "RS", at) {
        let cov = coverage::analyze(&model.instrument, &law, None, &[]);
        for o in &model.instrument.obligations {
            if let Some(oc) = cov.obligations.iter().find(|x| x.id == o.id) {
                let _ = coverage::render::explain_text(&model.instrument, o, Some((&cov, oc)));
            }
        }
    }
}

const LAW: &str = "act criminal-code \"CC\"\n  jurisdiction RS\n  version 2020-01-01\n  source \"G\"\n  language en\n  rendering unofficial\n\narticle 1\n  define weapon = firearm, weapon, ammunition\narticle 2\n  para 1\n    offence\n      aggravates para 2\n      conduct manufacture, assemble\n      object weapon, goods\n      requires one of group, for-gain\n      penalty prison 1y.. or life\n  para 2\n    offence\n      aggravates para 1\n  rule attempt when max >= 5y or expressly or listed para 1, act criminal-code article 9\n  rule complicity covers aiding\n  measure record-keeping\n    object firearm\n    retention ?\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn mangled_protocol_never_panics(cut in 0usize..PROTOCOL.len(), junk in "[ -~\n]{0,40}") {
        let mut p: String = PROTOCOL.chars().take(cut).collect();
        p.push_str(&junk);
        run(&p, LAW);
    }

    #[test]
    fn mangled_law_never_panics(cut in 0usize..LAW.len(), junk in "[ -~\n]{0,60}") {
        let mut l: String = LAW.chars().take(cut).collect();
        l.push_str(&junk);
        l.push_str(&LAW.chars().skip(cut).collect::<String>());
        run(PROTOCOL, &l);
    }
}

#[test]
fn circular_definitions_and_qualifications_terminate() {
    run(PROTOCOL, LAW);
}
