//! The coverage delta: a fixture bill with known cells gained and lost, and the real
//! Montenegrin bill closing the gap on tampering with markings.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = lexgap(dir).args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn obligation<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["coverage"]["obligations"]
        .as_array()
        .and_then(|os| os.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("{id} not in the delta: {doc:#}"))
}

fn cells(list: &Value) -> Vec<(String, String, String, Vec<String>)> {
    list.as_array()
        .expect("a list of cells")
        .iter()
        .map(|c| {
            (
                c["cell"].as_str().unwrap_or("").to_string(),
                c["before"].as_str().unwrap_or("").to_string(),
                c["after"].as_str().unwrap_or("").to_string(),
                c["provisions"]
                    .as_array()
                    .map(|p| {
                        p.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn fixture_bill_gains_and_loses_known_cells() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/amend/delta");
    let doc = json(
        &ws,
        &[
            "diff",
            "XX",
            "--bill",
            "codes/XX/bills/assembly.bill",
            "--format",
            "json",
        ],
    );
    let cov = &doc["coverage"];
    assert_eq!(cov["before_at"], "2020-01-01");
    assert_eq!(cov["after_at"], "2020-01-01");
    assert_eq!(cov["closes"], 0);
    assert_eq!(cov["opens"], 0);
    // Only FP-5.1.a changes: the bill touches one offence of manufacturing.
    let ids: Vec<&str> = cov["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(ids, ["FP-5.1.a"]);
    let o = obligation(&doc, "FP-5.1.a");
    assert_eq!(o["before"], "partial");
    assert_eq!(o["after"], "partial");
    assert_eq!(o["effect"], "leaves");
    assert_eq!(o["cells_before"]["covered"], 1);
    assert_eq!(o["cells_after"]["covered"], 2);
    // Cells gained name the provision of the version the bill makes; cells lost, the one of
    // the version it amends.
    let proposed = vec!["XX/criminal-code@2021-01-01/art-1".to_string()];
    let art1 = vec!["XX/criminal-code@2020-01-01/art-1".to_string()];
    assert_eq!(
        cells(&o["gained"]),
        [
            (
                "assemble × firearm × without-licence".into(),
                "not-covered".into(),
                "covered".into(),
                proposed.clone()
            ),
            (
                "assemble × part-component × without-licence".into(),
                "not-covered".into(),
                "covered".into(),
                proposed.clone()
            ),
        ]
    );
    assert_eq!(
        cells(&o["lost"]),
        [(
            "manufacture × firearm × without-licence".into(),
            "covered".into(),
            "not-covered".into(),
            art1
        )]
    );
}

#[test]
fn fixture_delta_as_text() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/amend/delta");
    let out = lexgap(&ws)
        .args(["diff", "XX", "--bill", "codes/XX/bills/assembly.bill"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Summary: closes 0 gaps, leaves"), "{text}");
    assert!(
        text.contains("+ 2 cells gained — criminal-code art-1: assemble × firearm × without-licence; assemble × part-component × without-licence"),
        "{text}"
    );
    assert!(
        text.contains(
            "- 1 cell lost — criminal-code art-1: manufacture × firearm × without-licence"
        ),
        "{text}"
    );
}

#[test]
fn montenegro_bill_closes_the_gap_on_markings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = json(
        dir.path(),
        &[
            "diff",
            "ME",
            "--bill",
            "codes/ME/bills/2023-firearms.bill",
            "--format",
            "json",
            // ME lists three instruments: the firearms bill is measured on the Firearms Protocol.
            "--instrument",
            "firearms",
        ],
    );
    let o = obligation(&doc, "FP-5.1.c");
    assert_eq!(o["before"], "none");
    assert_eq!(o["after"], "full");
    assert_eq!(o["effect"], "closes");
    assert!(
        cells(&o["gained"])
            .iter()
            .all(|(_, _, _, p)| p.iter().any(|a| a.contains("/art-403c/"))),
        "{o:#}"
    );
    assert!(doc["coverage"]["closes"].as_u64().unwrap_or(0) >= 1);
    // The same delta between the two encoded versions, measured the day before the bill takes
    // effect (the bill applied to the law in force that day, `--at`): the bill changes only the
    // criminal code, and the other acts in force then (the Law on Weapons of 2015) are the same
    // on both sides. (A diff from 2008-12-31 starts at 2015-03-18, when every act has a version,
    // while the bill without `--at` is measured on 2008-12-31, without the Law on Weapons.)
    let at_eve = json(
        dir.path(),
        &[
            "diff",
            "ME",
            "--bill",
            "codes/ME/bills/2023-firearms.bill",
            "--at",
            "2023-12-30",
            "--format",
            "json",
            // ME lists three instruments: the firearms bill is measured on the Firearms Protocol.
            "--instrument",
            "firearms",
        ],
    );
    let by_dates = json(
        dir.path(),
        &[
            "diff",
            "ME",
            "--from",
            "2023-12-30",
            "--to",
            "2023-12-31",
            "--format",
            "json",
            // ME lists three instruments: the firearms bill is measured on the Firearms Protocol.
            "--instrument",
            "firearms",
        ],
    );
    assert_eq!(
        by_dates["coverage"]["obligations"],
        at_eve["coverage"]["obligations"]
    );
}
