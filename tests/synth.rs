//! The benchmark corpus generator (`examples/synth.rs`): a small corpus passes `lexgap check`
//! with no error and no warning, is in canonical layout, and is the same bytes for the same seed.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::path::Path;

use assert_cmd::Command;
use lexgap::syntax::parser::parse_law_in_pieces;

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

fn generate(out: &Path, seed: u64) -> synth::Written {
    synth::generate(&synth::Config {
        out: out.to_path_buf(),
        // 21 jurisdictions: the 20th is a sub-jurisdiction, the 4th and 14th have assessments.
        jurisdictions: 21,
        versions: 4,
        articles: 60,
        seed,
        small_amendment: false,
    })
    .expect("generated")
}

/// Every file under `dir`, with its bytes, sorted by path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").display().to_string();
                out.push((rel, std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_small_synthetic_corpus_checks_cleanly_and_is_deterministic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let a = tmp.path().join("a");
    let written = generate(&a, 7);
    // lexgap.toml, 2 protocol files, 21 × (2 acts × 4 versions + jurisdiction.yaml), 2 assessments.
    assert_eq!(written.files, 3 + 21 * 9 + 2);
    assert!(a.join("codes/AS-AT/jurisdiction.yaml").is_file());

    let check = lexgap(&a).arg("check").output().expect("ran");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");

    let fmt = lexgap(&a).args(["fmt", "--check"]).output().expect("ran");
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stdout)
    );

    let analyze = lexgap(&a)
        .args(["analyze", "--at", "2030-01-01", "--format", "json"])
        .output()
        .expect("ran");
    assert!(analyze.status.success());
    let json: serde_json::Value = serde_json::from_slice(&analyze.stdout).expect("json");
    assert_eq!(json["jurisdictions"].as_array().map(Vec::len), Some(21));

    let b = tmp.path().join("b");
    generate(&b, 7);
    assert!(tree(&a) == tree(&b), "same seed, different bytes");
    let c = tmp.path().join("c");
    generate(&c, 8);
    assert!(tree(&a) != tree(&c), "another seed, same bytes");
}

/// `--small-amendment` (the small-amendment figure of `scripts/bench --diff`): each version of
/// the code differs from the one before in one offence alone, and the weapons law not at all;
/// the corpus still checks cleanly.
#[test]
fn a_small_amendment_changes_one_offence_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("small");
    synth::generate(&synth::Config {
        out: dir.clone(),
        jurisdictions: 1,
        versions: 3,
        articles: 200,
        seed: 3,
        small_amendment: true,
    })
    .expect("generated");
    let check = lexgap(&dir).arg("check").output().expect("ran");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");

    let mut code: Vec<String> = std::fs::read_dir(dir.join("codes/AA/criminal-code"))
        .expect("code versions")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    code.sort();
    assert_eq!(code.len(), 3);
    for pair in code.windows(2) {
        let (from, to) = (
            pair[0].trim_end_matches(".law"),
            pair[1].trim_end_matches(".law"),
        );
        let out = lexgap(&dir)
            .args(["diff", "AA", "--from", from, "--to", to, "--format", "json"])
            .output()
            .expect("ran");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let acts = json["acts"].as_array().expect("acts");
        let units: Vec<&serde_json::Value> = acts
            .iter()
            .flat_map(|a| a["units"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(units.len(), 1, "{from} → {to}: {units:?}");
        let unit = units[0];
        assert_eq!(unit["change"], "changed");
        assert!(
            unit["texts"].as_array().is_some_and(Vec::is_empty),
            "{unit}"
        );
        let tags: Vec<&str> = unit["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .filter_map(|t| t["line"].as_str())
            .collect();
        assert!(
            tags.iter().any(|l| l.trim_start().starts_with("conduct")),
            "{tags:?}"
        );
        assert!(
            tags.iter().any(|l| l.trim_start().starts_with("penalty")),
            "{tags:?}"
        );
    }
}

/// Every act of a synthetic corpus (the benchmark's kind of file: hundreds of articles, parts,
/// chapters, offences, texts over several lines) parses to the same tree, spans and diagnostics
/// whole and in pieces of any size (`syntax::parser::parse_law_in_pieces`).
#[test]
fn a_synthetic_code_parses_the_same_in_pieces() {
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::generate(&synth::Config {
        out: tmp.path().to_path_buf(),
        jurisdictions: 2,
        versions: 2,
        articles: 300,
        seed: 11,
        small_amendment: false,
    })
    .expect("generated");
    let mut laws = 0;
    for (rel, bytes) in tree(tmp.path()) {
        if !rel.ends_with(".law") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let whole = format!("{:#?}", parse_law_in_pieces(&text, usize::MAX));
        for piece in [1, 1000, 16 * 1024] {
            let cut = format!("{:#?}", parse_law_in_pieces(&text, piece));
            assert!(cut == whole, "{rel} in pieces of {piece}");
        }
        laws += 1;
    }
    assert!(laws >= 4, "{laws} acts");
}
