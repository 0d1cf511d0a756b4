//! The coverage engine on the bundled Western Balkans corpus, and `analyze`/`explain` end to end.

use assert_cmd::Command;

use lexgap::coverage;
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::workspace::{Workspace, load};

/// Every obligation the issue names, which the bundled protocol must define.
const REQUIRED: &[&str] = &[
    "FP-5.1.a",
    "FP-5.1.b",
    "FP-5.1.c",
    "FP-5.2.a",
    "FP-5.2.b",
    "FP-6.1",
    "FP-6.2",
    "FP-7",
    "FP-8.1.a",
    "FP-8.1.b",
    "FP-8.1.c",
    "FP-9",
    "FP-10.1",
    "FP-10.2",
    "FP-10.3",
    "FP-11.a",
    "FP-15.1",
    "UNTOC-10.1",
    "UNTOC-10.4",
    "UNTOC-11.1",
    "UNTOC-2.b",
    "UNTOC-12.1",
    "UNTOC-15.1",
    "UNTOC-15.3",
    "UNTOC-20.1",
    "UNTOC-34.2",
];

fn lexgap() -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    // The system temp folder has no lexgap.toml above it: the bundled corpus is used.
    cmd.current_dir(std::env::temp_dir()).env("NO_COLOR", "1");
    cmd
}

#[test]
fn bundled_model_has_no_errors_and_every_obligation_gets_a_status() {
    let (files, _) = Workspace::bundled().input_files();
    let loaded = load(files);
    let (model, diags) = Model::build(&loaded);
    let errors: Vec<String> = diags
        .iter()
        .chain(&loaded.diagnostics)
        .filter(|d| d.is_error())
        .map(|d| lexgap::diagnostic::render(d, &loaded.sources, Default::default()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let js: Vec<String> = model
        .corpus
        .jurisdictions_with_law()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(js.contains(&"RS".to_string()));
    let analysis = coverage::analyze_all(&model, &js, Date::parse("2025-01-01").expect("date"));
    for j in &analysis.jurisdictions {
        for id in REQUIRED {
            assert!(
                j.obligations.iter().any(|o| o.id == *id),
                "{}: {id} not analysed",
                j.id
            );
        }
    }
}

#[test]
fn analyze_json_lists_every_obligation_with_a_status() {
    let out = lexgap()
        .args(["analyze", "--format", "json", "--at", "2025-01-01"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // ME, MK and RS list the 1988 Convention and the Trafficking in Persons Protocol too: every
    // instrument is measured, keyed by id, the Firearms Protocol (every jurisdiction) first,
    // then in the order of the instrument files.
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(all["schema"], "lexgap.analyses/1");
    assert_eq!(
        all["measured"],
        serde_json::json!(["firearms-protocol", "drugs-1988", "tip"])
    );
    for other in ["drugs-1988", "tip"] {
        let js: Vec<&str> = all["analyses"][other]["jurisdictions"]
            .as_array()
            .expect("jurisdictions")
            .iter()
            .filter_map(|j| j["id"].as_str())
            .collect();
        assert_eq!(js, ["ME", "MK", "RS"], "{other}");
    }
    let doc = &all["analyses"]["firearms-protocol"];
    assert_eq!(doc["schema"], "lexgap.analysis/1");
    let js = doc["jurisdictions"].as_array().expect("jurisdictions");
    assert!(!js.is_empty());
    for j in js {
        let obligations = j["obligations"].as_array().expect("obligations");
        for id in REQUIRED {
            let o = obligations
                .iter()
                .find(|o| o["id"] == *id)
                .unwrap_or_else(|| panic!("{id} missing in {}", j["id"]));
            let status = o["status"].as_str().expect("status");
            assert!(
                ["full", "partial", "none", "not-applicable", "not-assessed"].contains(&status)
            );
            assert!(o["cells"]["covered"].is_u64() && o["cells"]["total"].is_u64());
            assert!(o["provisions"].is_array() && o["missing"].is_array());
            assert!(o.get("assessment").is_some());
        }
    }
}

#[test]
fn explain_names_serbias_article_348_paragraph_1() {
    let out = lexgap()
        .args(["explain", "FP-5.1.a", "--in", "RS", "--at", "2025-01-01"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The version date of the Serbian file is the encoders' to change; the article is not.
    assert!(
        text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("by RS/criminal-code@") && l.ends_with("/art-348/para-1")
        }),
        "{text}"
    );
    assert!(text.contains("What is missing:"), "{text}");
}

#[test]
fn analyze_text_and_csv_and_usage_errors() {
    let out = lexgap()
        .args(["analyze", "RS", "--at", "2025-01-01"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("mandatory obligations fully met:"), "{text}");
    let out = lexgap()
        .args(["analyze", "RS", "--format", "csv"])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("jurisdiction,at,obligation,"));
    // Serbia lists three instruments: each row says which it measures (the last column).
    let measured = |id: &str| {
        csv.lines()
            .filter(|l| l.ends_with(&format!(",{id}")))
            .count()
    };
    assert_eq!(measured("firearms-protocol"), REQUIRED.len(), "{csv}");
    assert!(measured("tip") > 0 && measured("drugs-1988") > 0, "{csv}");
    assert_eq!(
        csv.lines().count(),
        1 + measured("firearms-protocol") + measured("tip") + measured("drugs-1988")
    );
    let out = lexgap().args(["analyze", "RSS"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `RS`?"));
    let out = lexgap()
        .args(["explain", "FP-5.1.x"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = lexgap()
        .args(["analyze", "--at", "2025-02-30"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// Every version date of the bundled acts (from their file names).
fn bundled_version_dates() -> Vec<Date> {
    let (files, _) = lexgap::workspace::Workspace::bundled().input_files();
    let mut dates: Vec<Date> = files
        .iter()
        .filter_map(|f| f.rel.strip_suffix(".law")?.rsplit('/').next())
        .filter_map(|name| Date::parse(name).ok())
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

#[test]
fn analyze_exits_0_at_any_date_an_act_without_a_version_then_is_not_assessed() {
    // On every version date, the day before each, and before every version: an act with no
    // version in force is "not encoded for that date", never an error (a reference to it from
    // an act in force is checked by `check`, which reads every version).
    let mut dates = vec![Date::parse("1990-01-01").expect("date")];
    for d in bundled_version_dates() {
        dates.push(d.day_before());
        dates.push(d);
    }
    let all = [
        "AL", "BA", "BA-FBIH", "BA-RS", "BA-BD", "ME", "MK", "RS", "XK",
    ];
    for d in &dates {
        let at = d.to_string();
        let mut args = vec!["analyze", "--at", at.as_str(), "--format", "csv"];
        args.extend(all);
        let out = lexgap().args(&args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{at}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Before every version: each obligation that looks in an act is not assessed, and the
    // reason is in every format.
    let out = lexgap()
        .args(["analyze", "RS", "--at", "1990-01-01", "--format", "csv"])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    let row = csv
        .lines()
        .find(|l| l.starts_with("RS,1990-01-01,FP-5.1.a,"))
        .expect("a row");
    assert!(row.contains(",not-assessed,"), "{row}");
    assert!(
        row.contains("the Criminal Code (RS/criminal-code) is not encoded for 1990-01-01; nothing the encoded law contains covers it"),
        "{row}"
    );
    let out = lexgap()
        .args([
            "analyze",
            "RS",
            "--at",
            "1990-01-01",
            "--format",
            "json",
            "--instrument",
            "firearms",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let o = &doc["jurisdictions"][0]["obligations"][0];
    assert_eq!(o["status"], "not-assessed");
    assert!(
        o["not_assessed"]
            .as_str()
            .is_some_and(|s| s.contains("1990-01-01"))
    );
    let out = lexgap()
        .args(["analyze", "RS", "--at", "1990-01-01"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "not assessed: the Criminal Code (RS/criminal-code) is not encoded for 1990-01-01"
        ),
        "{text}"
    );
}
