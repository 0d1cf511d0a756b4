//! Issue 18, the two things the language could not say (end to end, the real binary on a made-up
//! jurisdiction, tests/fixtures/conditions, with the bundled instruments copied beside it):
//! rule conditions joined with `and` with a condition on the case (`requires organised-group`),
//! and an offence whose element excludes a cell (`purpose-of-sale` excludes `personal-use`).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A workspace in a temporary folder: the fixture's codes/ and the bundled protocol/.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("protocol"), &dir.path().join("protocol"));
    copy_tree(
        &root.join("tests/fixtures/conditions/codes"),
        &dir.path().join("codes"),
    );
    std::fs::write(dir.path().join("lexgap.toml"), "name = \"conditions\"\n").expect("toml");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let path: PathBuf = e.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(e.file_name()));
        } else {
            std::fs::copy(&path, to.join(e.file_name())).expect("copy");
        }
    }
}

fn run(ws: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("lexgap")
        .expect("binary built")
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// The table line of an obligation, spaces collapsed.
fn row(out: &str, id: &str) -> String {
    out.lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_fixture_checks_clean_and_formats_canonically() {
    let ws = workspace();
    let out = run(ws.path(), &["check"]);
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    let out = run(ws.path(), &["fmt", "--check"]);
    assert!(out.contains("would reformat 0"), "{out}");
}

#[test]
fn four_years_and_an_organised_group_meets_untoc_20_for_the_offences_above_the_threshold() {
    // XC Art 5: `max >= 4y and requires organised-group or listed …`. UNTOC Art 20's scope is
    // organised crime (UNTOC-20.1 contains the element), so Art 10 (eight years) has the
    // techniques; Art 11 (three years) fails the threshold, and the conjunction with it.
    let ws = workspace();
    let out = run(
        ws.path(),
        &["analyze", "XC", "--instrument", "firearms-protocol"],
    );
    assert!(
        row(&out, "UNTOC-20.1").starts_with("UNTOC-20.1 MQ partly met 6/9"),
        "{out}"
    );
    let why = flat(&run(
        ws.path(),
        &[
            "explain",
            "UNTOC-20.1",
            "--in",
            "XC",
            "--instrument",
            "firearms-protocol",
        ],
    ));
    assert!(
        why.contains("maximum of criminal-code art-11 is 3y, rule needs >= 4y"),
        "{why}"
    );
    assert!(
        !why.contains("only where the case has a further element"),
        "UNTOC-20.1 contains the organised group: {why}"
    );
}

#[test]
fn a_condition_on_the_case_is_partial_where_the_obligation_does_not_contain_it() {
    // The 1988 Convention's Art 11 asks for controlled delivery for every drug-trafficking
    // offence: XD's rule reaches Art 20 only where an organised group commits it.
    let ws = workspace();
    let out = run(ws.path(), &["analyze", "XD", "--instrument", "drugs-1988"]);
    assert!(
        row(&out, "DRUGS-11.1").starts_with("DRUGS-11.1 MQ partly met 0/1"),
        "{out}"
    );
    let why = flat(&run(
        ws.path(),
        &[
            "explain",
            "DRUGS-11.1",
            "--in",
            "XD",
            "--instrument",
            "drugs-1988",
        ],
    ));
    assert!(
        why.contains(
            "criminal-procedure-code art-5 applies to criminal-code art-20/para-1 only where the case has a further element: organised criminal group"
        ),
        "{why}"
    );
    // XC's rule also lists Art 20 (`or listed …`): the alternative that holds outright wins.
    let out = run(ws.path(), &["analyze", "XC", "--instrument", "drugs-1988"]);
    assert!(
        row(&out, "DRUGS-11.1").starts_with("DRUGS-11.1 MQ met 1/1"),
        "{out}"
    );
}

#[test]
fn possession_for_the_purpose_of_sale_excludes_personal_use() {
    // Art 20 punishes buying and keeping only for the purpose of sale: it narrows possession for
    // trafficking (DRUGS-3.1.a.iii, in part) and does not reach possession for personal use at all.
    let ws = workspace();
    let out = run(ws.path(), &["analyze", "XC", "--instrument", "drugs-1988"]);
    assert!(
        row(&out, "DRUGS-3.2").starts_with("DRUGS-3.2 MQ not met 0/7"),
        "{out}"
    );
    assert!(
        row(&out, "DRUGS-3.1.a.iii").starts_with("DRUGS-3.1.a.iii M partly met 0/4 +4~"),
        "{out}"
    );
    let why = flat(&run(
        ws.path(),
        &[
            "explain",
            "DRUGS-3.2",
            "--in",
            "XC",
            "--instrument",
            "drugs-1988",
        ],
    ));
    assert!(
        why.contains(
            "criminal-code art-20/para-1 requires for the purpose of sale for possession, which excludes for personal consumption"
        ),
        "{why}"
    );
    assert!(
        why.contains(
            "the offences that reach its other elements demand an element that rules it out"
        ),
        "{why}"
    );
}

#[test]
fn the_json_says_why_the_offence_does_not_reach_the_cell() {
    let ws = workspace();
    let out = run(
        ws.path(),
        &[
            "analyze",
            "XC",
            "--instrument",
            "drugs-1988",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let missing: Vec<String> = json["jurisdictions"][0]["obligations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["id"] == "DRUGS-3.2")
        .flat_map(|o| o["missing"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m["text"].as_str().map(str::to_string))
        .collect();
    assert!(
        missing.iter().any(|m| m.ends_with(
            "no offence of possession — criminal-code art-20/para-1 requires for the purpose of sale for possession, which excludes for personal consumption"
        )),
        "{missing:?}"
    );
}

/// Issue 18: `explain` of a cell a rule reaches names each `requires` condition that held and
/// why — the obligation contains the element (UNTOC-20.1: UNTOC Art 20 concerns organised
/// crime) or the offence requires it itself (XD Art 20(2), committed by an organised group);
/// a condition that holds only in part (Art 20(1), any person) is not named as holding.
#[test]
fn explain_says_why_a_condition_on_the_case_held() {
    let ws = workspace();
    let why = flat(&run(
        ws.path(),
        &[
            "explain",
            "UNTOC-20.1",
            "--in",
            "XC",
            "--instrument",
            "firearms-protocol",
        ],
    ));
    assert!(
        why.contains(
            "condition `requires organised-group` (organised criminal group) holds: UNTOC-20.1 contains it"
        ),
        "{why}"
    );
    let why = flat(&run(
        ws.path(),
        &[
            "explain",
            "DRUGS-11.1",
            "--in",
            "XD",
            "--instrument",
            "drugs-1988",
        ],
    ));
    assert!(
        why.contains(
            "condition `requires organised-group` (organised criminal group) holds: the offence requires it (criminal-code art-20/para-2)"
        ),
        "{why}"
    );
    assert!(!why.contains("DRUGS-11.1 contains it"), "{why}");
    assert!(
        !why.contains("the offence requires it (criminal-code art-20/para-1"),
        "{why}"
    );
}
