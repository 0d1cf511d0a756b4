//! Several instruments in one workspace (issue 18): a made-up fourth instrument that needs only
//! YAML (tests/fixtures/instruments/ws), a made-up convention whose obligation names its
//! protocol's offences abstractly, `--instrument`, the default from `jurisdiction.yaml`, and
//! `encoded-from`; and the bundled instruments (`tip`, `drugs-1988`) on the bundled corpus.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instruments/ws")
}

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

/// The table line of an obligation, spaces collapsed: `WL-1 M partly met 2/3 …`.
fn row(out: &str, id: &str) -> String {
    out.lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = lexgap(&fixture()).args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_made_up_instrument_checks_clean() {
    let (code, out, err) = run(&["check"]);
    assert_eq!(code, Some(0), "{out}{err}");
}

#[test]
fn analyze_measures_the_instrument_the_jurisdiction_lists() {
    // ZZ lists `wildlife`, then `proto`: no --instrument needed; each is shown in turn, in the
    // order the list gives, and the output says what it measures.
    let (code, all, err) = run(&["analyze", "ZZ"]);
    assert_eq!(code, Some(0), "{all}{err}");
    assert!(
        all.starts_with("measured against: Wildlife Convention (wildlife)\n"),
        "{all}"
    );
    let (out, proto) = all
        .split_once("measured against: Protocol (proto), with Convention")
        .unwrap_or_default();
    assert!(row(proto, "P-1").starts_with("P-1 M met"), "{all}");
    // Art 300 names poaching and selling, not exporting: WL-1 partly met, cell by cell.
    assert!(
        row(out, "WL-1").starts_with("WL-1 M partly met 2/3"),
        "{out}"
    );
    assert!(out.contains("exporting a specimen: no offence"), "{out}");
    // The attempt rule (max >= 5y) reaches Art 300 (max 8y).
    assert!(row(out, "WL-2").starts_with("WL-2 M met"), "{out}");
    assert!(
        !out.contains("P-1"),
        "another instrument's obligation leaked in: {out}"
    );
}

#[test]
fn before_encoded_from_the_instrument_is_not_assessed_never_not_met() {
    let (code, out, err) = run(&["analyze", "ZZ", "--at", "2020-06-01"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        row(&out, "WL-1").starts_with("WL-1 M not assessed"),
        "{out}"
    );
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("encoded for ZZ only from 2021-01-01"),
        "{out}"
    );
    for id in ["WL-1", "WL-2"] {
        assert!(!row(&out, id).contains("not met"), "{out}");
    }
}

#[test]
fn a_protocol_is_analysed_with_the_convention_it_supplements() {
    let (code, out, err) = run(&["analyze", "ZZ", "--instrument", "proto"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.starts_with("measured against: Protocol (proto), with Convention\n"),
        "{out}"
    );
    // CONV-10 names `protocol-offences`: under `proto` that is P-1, met by Art 300 on the list
    // of Art 20; `{offence}` reads the protocol's own noun.
    assert!(row(&out, "CONV-10").starts_with("CONV-10 M met"), "{out}");
    assert!(row(&out, "P-1").starts_with("P-1 M met"), "{out}");
    assert!(!out.contains("WL-1"), "{out}");
    let (code, out, err) = run(&["explain", "CONV-10", "--instrument", "proto"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("specimen offence"), "{out}");
    assert!(out.contains("P-1"), "{out}");
}

#[test]
fn a_supplemented_convention_is_not_an_analysis_set_of_its_own() {
    let (code, out, err) = run(&["analyze", "--instrument", "convention"]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("--instrument proto"), "{err}");
    let (code, _, err) = run(&["analyze", "--instrument", "wildlif"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean `wildlife`?"), "{err}");
}

#[test]
fn explain_picks_the_instrument_of_the_obligation() {
    let (code, out, err) = run(&["explain", "WL-1", "--in", "ZZ"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("Illegal trade in protected species"), "{out}");
    assert!(out.contains("/art-300/para-1"), "{out}");
    assert!(
        !out.contains("measured against: Protocol"),
        "one instrument: {out}"
    );
}

#[test]
fn the_gap_report_measures_the_made_up_instrument() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("zz.md");
    let (code, out, err) = run(&[
        "report",
        "gap",
        "ZZ",
        "--format",
        "md",
        "-o",
        out_file.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let md = std::fs::read_to_string(&out_file).expect("report written");
    assert!(md.contains("WL-1"), "{md}");
    assert!(md.contains("Wildlife Convention"), "{md}");
    assert!(!md.contains("FP-5.1"), "{md}");
    // ZZ lists `proto` too: its report is written beside.
    assert!(dir.path().join("zz.proto.md").exists(), "{out}");
}

/// The bundled instruments: `tip` and `drugs-1988` are analysis sets of their own, and UNTOC is
/// analysed once per protocol, on that protocol's offences.
#[test]
fn bundled_tip_set_applies_untoc_to_the_trafficking_offences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = lexgap(dir.path())
        .args(["explain", "UNTOC-10.1", "--instrument", "tip"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("TIP-5.1.a"), "{text}");
    assert!(!text.contains("FP-5.1.a"), "{text}");
    assert!(text.contains("trafficking in persons offences"), "{text}");
    let out = lexgap(dir.path())
        .args(["explain", "UNTOC-10.1", "--instrument", "drugs-1988"])
        .output()
        .expect("runs");
    // The 1988 Convention is not a UNTOC protocol: UNTOC does not attach to it.
    assert_ne!(out.status.code(), Some(0));
}

/// "We can wiretap traffickers in human beings but not gun traffickers": the procedure code's
/// measures are available for offences of five years or more and for the listed Art 418; the
/// firearms offence (3 years, not listed) is left out, and UNTOC-20.1 says so, under the
/// Firearms Protocol only. ZZ lists both instruments, so `analyze` shows both in turn.
#[test]
fn special_investigative_measures_are_computed_for_each_protocols_offences() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instruments/sims");
    let out = lexgap(&ws).args(["analyze", "ZZ"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    let (firearms, tip) = text
        .split_once("measured against: Trafficking in Persons Protocol (tip)")
        .unwrap_or_default();
    assert!(
        firearms.starts_with("measured against: Firearms Protocol"),
        "{text}"
    );
    assert!(
        row(firearms, "UNTOC-20.1").starts_with("UNTOC-20.1 MQ not met 0/9"),
        "{text}"
    );
    let flat = firearms.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("criminal-code art-348/para-1 is not in the closed list of criminal-procedure-code art-252/para-1"),
        "{text}"
    );
    assert!(
        row(tip, "UNTOC-20.1").starts_with("UNTOC-20.1 MQ met 6/6"),
        "{text}"
    );
    // The child form needs no means: TIP-5.1.c fully met; the adult form too.
    assert!(
        row(tip, "TIP-5.1.c").starts_with("TIP-5.1.c M met 25/25"),
        "{text}"
    );
    assert!(
        row(tip, "TIP-5.1.a").starts_with("TIP-5.1.a M met 225/225"),
        "{text}"
    );
    // ZZ does not list the 1988 Convention: measured on request, it is not assessed (its drug
    // offences are not taken as encoded), never "not met".
    let out = lexgap(&ws)
        .args(["analyze", "ZZ", "--instrument", "drugs-1988"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        row(&text, "DRUGS-3.1.a.i").starts_with("DRUGS-3.1.a.i M not assessed"),
        "{text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("does not list the 1988 Convention (drugs-1988)"),
        "{text}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        let target = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// A copy of a fixture workspace with one file rewritten, in a temporary folder.
fn edited(fixture: &Path, file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(fixture, dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(text)).expect("write");
    dir
}

/// Regression (issue 18): a misspelt id in a jurisdiction's `instruments:` list was silently
/// dropped — the jurisdiction was measured against the others only. `check` now says where.
#[test]
fn a_misspelt_instrument_in_a_jurisdiction_file_is_a_located_error() {
    let ws = edited(&fixture(), "codes/ZZ/jurisdiction.yaml", |t| {
        t.replace("id: wildlife", "id: wildlfe")
    });
    let out = lexgap(ws.path()).args(["check"]).output().expect("runs");
    let err =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[E0513]: there is no instrument `wildlfe` in protocol/"),
        "{err}"
    );
    assert!(err.contains("codes/ZZ/jurisdiction.yaml:8:9"), "{err}");
    assert!(err.contains("did you mean `wildlife`?"), "{err}");
    assert!(err.contains("^^^^^^^"), "{err}");
    // The alias `firearms` and a supplemented convention are known ids: no error.
    let ws = edited(&fixture(), "codes/ZZ/jurisdiction.yaml", |t| {
        t.replace("id: wildlife", "id: convention")
    });
    let out = lexgap(ws.path()).args(["check"]).output().expect("runs");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("E0513"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Regression (issue 18): `analyze --format json` and `csv` measured only the first instrument
/// a jurisdiction lists, with a note on standard error. Now every listed instrument is measured,
/// keyed by id in JSON (`lexgap.analyses/1`) and in the `measured` column of the CSV;
/// `--instrument` still gives the single-instrument document (`lexgap.analysis/1`).
#[test]
fn analyze_json_and_csv_measure_every_listed_instrument() {
    let (code, out, err) = run(&["analyze", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!err.contains("note:"), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.analyses/1");
    assert_eq!(doc["measured"], serde_json::json!(["wildlife", "proto"]));
    let ids = |a: &serde_json::Value| -> Vec<String> {
        a["jurisdictions"][0]["obligations"]
            .as_array()
            .map(|o| {
                o.iter()
                    .filter_map(|x| x["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let wildlife = &doc["analyses"]["wildlife"];
    assert_eq!(wildlife["schema"], "lexgap.analysis/1");
    assert_eq!(wildlife["instruments"][0]["id"], "wildlife");
    assert_eq!(ids(wildlife), ["WL-1", "WL-2"]);
    let proto = &doc["analyses"]["proto"];
    assert_eq!(proto["instruments"][0]["id"], "proto");
    assert_eq!(proto["instruments"][1]["id"], "convention");
    assert_eq!(ids(proto), ["CONV-10", "P-1"]);
    // The keys keep the order measured.
    let text_order: Vec<usize> = ["\"wildlife\": {", "\"proto\": {"]
        .iter()
        .filter_map(|k| out.find(k))
        .collect();
    assert!(
        text_order.len() == 2 && text_order[0] < text_order[1],
        "{out}"
    );

    let (code, out, err) = run(&["analyze", "--format", "json", "--instrument", "proto"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.analysis/1");
    assert_eq!(ids(&doc), ["CONV-10", "P-1"]);

    let (code, out, err) = run(&["analyze", "--format", "csv"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!err.contains("note:"), "{err}");
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows.first().and_then(|h| h.last()),
        Some(&"measured"),
        "{out}"
    );
    // One header; (obligation, its own instrument, the instrument measured) on each row.
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .skip(1)
        .map(|r| (r[2], r[3], *r.last().unwrap_or(&"")))
        .collect();
    assert_eq!(
        got,
        [
            ("WL-1", "wildlife", "wildlife"),
            ("WL-2", "wildlife", "wildlife"),
            ("CONV-10", "convention", "proto"),
            ("P-1", "proto", "proto"),
        ],
        "{out}"
    );
}

fn sims() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instruments/sims")
}

const ASSESSED: &str = "assessments:
  - obligation: UNTOC-20.1
    instrument: firearms-protocol
    status: partial
    justification: Made up for the test.
    author: Test Expert
    date: 2020-06-01
  - obligation: UNTOC-10.1
    status: none
    justification: Made up for the test.
    author: Test Expert
    date: 2020-06-01
";

/// (status, computed status, the assessment's instrument or "-" / "none") of an obligation in
/// one instrument's analysis of ZZ.
fn assessed(doc: &serde_json::Value, instrument: &str, id: &str) -> (String, String, String) {
    let o = doc["analyses"][instrument]["jurisdictions"][0]["obligations"]
        .as_array()
        .and_then(|os| os.iter().find(|o| o["id"] == id))
        .cloned()
        .unwrap_or_default();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    let a = if o["assessment"].is_null() {
        "none".to_string()
    } else {
        s(&o["assessment"]["instrument"])
    };
    (s(&o["status"]), s(&o["computed_status"]), a)
}

/// Issue 18: UNTOC-20.1 measured on the firearms offences is not UNTOC-20.1 measured on the
/// trafficking ones. An assessment with `instrument:` applies under that instrument only; one
/// without applies under each, as before.
#[test]
fn an_assessment_keyed_to_an_instrument_applies_under_that_instrument_only() {
    let ws = tempfile::tempdir().expect("tempdir");
    copy_dir(&sims(), ws.path());
    std::fs::write(ws.path().join("codes/ZZ/assessments.yaml"), ASSESSED).expect("write");
    let out = lexgap(ws.path()).args(["check"]).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lexgap(ws.path())
        .args(["analyze", "ZZ", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        assessed(&doc, "firearms-protocol", "UNTOC-20.1"),
        t("partial", "none", "firearms-protocol")
    );
    // The same obligation measured on the trafficking offences keeps its computed status.
    assert_eq!(
        assessed(&doc, "tip", "UNTOC-20.1"),
        t("full", "full", "none")
    );
    // Without `instrument:`, under both (the shape of old files is unchanged: no key).
    assert_eq!(
        assessed(&doc, "firearms-protocol", "UNTOC-10.1"),
        t("none", "none", "-")
    );
    assert_eq!(assessed(&doc, "tip", "UNTOC-10.1"), t("none", "none", "-"));
}

#[test]
fn an_assessments_instrument_is_checked_where_it_stands() {
    let ws = tempfile::tempdir().expect("tempdir");
    copy_dir(&sims(), ws.path());
    let more = "  - obligation: UNTOC-20.1
    status: full
    justification: Made up for the test.
    author: Test Expert
    date: 2020-06-01
  - obligation: FP-5.1.a
    instrument: tip
    status: full
    justification: Made up for the test.
    author: Test Expert
    date: 2020-06-01
  - obligation: UNTOC-10.1
    instrument: tipp
    status: full
    justification: Made up for the test.
    author: Test Expert
    date: 2020-06-01
";
    std::fs::write(
        ws.path().join("codes/ZZ/assessments.yaml"),
        format!("{ASSESSED}{more}"),
    )
    .expect("write");
    let out = lexgap(ws.path()).args(["check"]).output().expect("runs");
    let err =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // An assessment without an instrument clashes with one keyed to an instrument.
    assert!(
        err.contains("error[E0605]: UNTOC-20.1 is assessed twice"),
        "{err}"
    );
    assert!(err.contains("codes/ZZ/assessments.yaml:13:17"), "{err}");
    // A protocol's own obligation is not measured under another protocol.
    assert!(
        err.contains("error[E0603]: FP-5.1.a is not measured under `tip`"),
        "{err}"
    );
    assert!(err.contains("codes/ZZ/assessments.yaml:19:17"), "{err}");
    assert!(err.contains("may name `firearms-protocol`"), "{err}");
    assert!(
        err.contains("error[E0603]: there is no instrument `tipp`"),
        "{err}"
    );
    assert!(err.contains("codes/ZZ/assessments.yaml:25:17"), "{err}");
    assert!(err.contains("did you mean `tip`?"), "{err}");
    // The clashing assessment and the two wrong ones are not applied.
    let out = lexgap(ws.path())
        .args(["analyze", "ZZ", "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(assessed(&doc, "tip", "UNTOC-20.1").2, "none");
    assert_eq!(assessed(&doc, "firearms-protocol", "FP-5.1.a").2, "none");
}

/// Regression (issue 18): the draft recorded that UNTOC-20.1's special investigative measures
/// cannot be reached from the criminal code it amends (`elsewhere_rule`), but printed it
/// nowhere: UNTOC-20.1 is procedure law, not a target, and only targets were listed. Now the
/// verification, the bill's header notes and `report gap --draft` say a bill to the procedure
/// code is needed. The exit code is unchanged (it is not a target of the draft).
#[test]
fn the_draft_says_untoc_20_1_needs_a_bill_to_the_procedure_code() {
    let ws = tempfile::tempdir().expect("tempdir");
    copy_dir(&sims(), ws.path());
    let out = lexgap(ws.path())
        .args(["draft", "ZZ", "-o", "d.bill"])
        .output()
        .expect("runs");
    // With -o the verification is on standard output.
    let err =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let said = "UNTOC-20.1 (not met): the `investigative-measures` rule belongs in \
                ZZ/criminal-procedure-code@2020-01-01, not in the criminal code this bill \
                amends; the bill to ZZ/criminal-procedure-code@2020-01-01 drafted with this one \
                (d.criminal-procedure-code.bill) closes it";
    let (_, not_closed) = err
        .split_once("not closed by this bill:")
        .unwrap_or_default();
    assert!(not_closed.contains(said), "{err}");
    let bill = std::fs::read_to_string(ws.path().join("d.bill")).expect("bill written");
    assert!(
        ws.path().join("d.criminal-procedure-code.bill").exists(),
        "the procedure-code bill is written beside d.bill"
    );
    assert!(
        bill.contains("note \"not closed: UNTOC-20.1 — the `investigative-measures` rule belongs in ZZ/criminal-procedure-code@2020-01-01"),
        "{bill}"
    );
    for format in ["md", "html"] {
        let out = lexgap(ws.path())
            .args([
                "report", "gap", "ZZ", "--draft", "d.bill", "--format", format,
            ])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let flat = text.replace('\\', "");
        assert!(
            flat.contains("not closed by the draft: the `investigative-measures` rule belongs in ZZ/criminal-procedure-code@2020-01-01")
                || flat.contains("not closed by the draft: the <code>investigative-measures</code>")
                || flat.contains("not closed by the draft: the &#96;investigative-measures&#96;")
                || flat.contains("investigative-measures` rule belongs in ZZ/criminal-procedure-code"),
            "{format}: {}",
            text.lines().filter(|l| l.contains("UNTOC-20.1") || l.contains("investigative")).collect::<Vec<_>>().join("\n")
        );
    }
}

/// Regression (issue 18): `diff` measured the coverage delta against the first instrument the
/// jurisdiction lists only, with a note on standard error. Now each: the text changes once,
/// a coverage delta under each `measured against:` heading; JSON keyed by instrument.
#[test]
fn diff_measures_the_coverage_delta_of_every_listed_instrument() {
    let (code, out, err) = run(&["diff", "ZZ", "--from", "2020-01-01"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!err.contains("note:"), "{err}");
    let (wildlife, proto) = out
        .split_once("measured against: Protocol (proto), with Convention\n")
        .unwrap_or_default();
    assert!(
        wildlife.starts_with("measured against: Wildlife Convention (wildlife)\n"),
        "{out}"
    );
    assert!(
        wildlife.contains("Summary: closes 0 gaps, leaves 0, opens 1"),
        "{out}"
    );
    assert!(wildlife.contains("Changes in criminal-code"), "{out}");
    assert!(
        proto.contains("Summary: closes 2 gaps, leaves 0, opens 0"),
        "{out}"
    );
    assert!(
        row(proto, "P-1").starts_with("P-1 Selling specimens not met → met"),
        "{out}"
    );
    // The text changes are shown once.
    assert!(!proto.contains("Changes in criminal-code"), "{out}");

    let (code, out, err) = run(&["diff", "ZZ", "--from", "2020-01-01", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.diffs/1");
    assert_eq!(doc["measured"], serde_json::json!(["wildlife", "proto"]));
    assert_eq!(doc["diffs"]["wildlife"]["schema"], "lexgap.diff/1");
    assert_eq!(doc["diffs"]["proto"]["coverage"]["closes"], 2);
    assert_eq!(doc["diffs"]["wildlife"]["coverage"]["opens"], 1);

    let (code, out, _) = run(&[
        "diff",
        "ZZ",
        "--from",
        "2020-01-01",
        "--format",
        "json",
        "--instrument",
        "proto",
    ]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.diff/1");
    assert_eq!(doc["coverage"]["closes"], 2);
}

/// Issue 18: a gap, amendment or regional report of a jurisdiction listing several instruments
/// is one report per instrument: `-o FILE` writes FILE for the first and `STEM.ID.EXT` for
/// each other; Markdown on standard output is the reports one after the other, JSON one
/// document keyed by instrument. `--instrument` gives one report.
#[test]
fn single_reports_are_one_report_per_instrument() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("zz.md");
    let (code, out, err) = run(&[
        "report",
        "gap",
        "ZZ",
        "--format",
        "md",
        "-o",
        first.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("wrote ") && out.contains("zz.proto.md"),
        "{out}"
    );
    let wildlife = std::fs::read_to_string(&first).expect("first report");
    let proto = std::fs::read_to_string(dir.path().join("zz.proto.md")).expect("second report");
    assert!(
        wildlife.contains("Wildlife Convention") && wildlife.contains("WL-1"),
        "{wildlife}"
    );
    assert!(!wildlife.contains("P-1"), "{wildlife}");
    assert!(
        proto.contains("P-1") && proto.contains("CONV-10"),
        "{proto}"
    );
    assert!(!proto.contains("WL-1"), "{proto}");

    let (code, md, err) = run(&["report", "gap", "ZZ", "--format", "md"]);
    assert_eq!(code, Some(0), "{md}{err}");
    assert_eq!(md.matches("# Gap analysis: Testland").count(), 2, "{md}");
    assert!(md.find("WL-1") < md.find("P-1"), "{md}");

    let (code, out, err) = run(&["report", "gap", "ZZ", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.analyses/1");
    assert_eq!(doc["measured"], serde_json::json!(["wildlife", "proto"]));
    assert_eq!(doc["analyses"]["proto"]["schema"], "lexgap.analysis/1");

    let (code, out, err) = run(&["report", "regional", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.reports/1");
    assert_eq!(doc["measured"], serde_json::json!(["wildlife", "proto"]));

    // HTML on standard output is one page of every instrument (below).
    let (code, html, err) = run(&["report", "gap", "ZZ"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(html.contains("WL-1") && html.contains("CONV-10"), "{err}");
    assert!(!err.contains("note: measuring"), "{err}");
    let (code, out, err) = run(&[
        "report",
        "gap",
        "ZZ",
        "--format",
        "json",
        "--instrument",
        "proto",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.analysis/1");
    assert!(err.is_empty(), "{err}");
}

/// Issue 18: the whole set (`lexgap report`) holds every instrument's reports — the first
/// instrument's under their plain names, each other's as `STEM.ID.EXT` (the naming of `-o
/// FILE`) — and each instrument's index links to the others'. `--instrument` gives the set of
/// one, under the plain names.
#[test]
fn the_whole_set_holds_every_instruments_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = dir.path().join("set");
    let (code, out, err) = run(&[
        "report",
        "-o",
        set.to_str().expect("utf-8 path"),
        "--format",
        "md,json",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!err.contains("note: measuring"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&set)
        .expect("set written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "amendment-ZZ-2020-01-01-2021-01-01.json",
            "amendment-ZZ-2020-01-01-2021-01-01.md",
            "amendment-ZZ-2020-01-01-2021-01-01.proto.json",
            "amendment-ZZ-2020-01-01-2021-01-01.proto.md",
            "gap-ZZ.json",
            "gap-ZZ.md",
            "gap-ZZ.proto.json",
            "gap-ZZ.proto.md",
            "index.json",
            "index.md",
            "index.proto.json",
            "index.proto.md",
        ]
    );
    assert!(out.contains("wrote 12 reports"), "{out}");
    let read = |name: &str| std::fs::read_to_string(set.join(name)).expect("report");
    let (wildlife, proto) = (read("gap-ZZ.md"), read("gap-ZZ.proto.md"));
    assert!(
        wildlife.contains("WL-1") && !wildlife.contains("P-1"),
        "{wildlife}"
    );
    assert!(
        proto.contains("CONV-10") && !proto.contains("WL-1"),
        "{proto}"
    );
    // Each index links to its own instrument's reports and to the other instrument's index.
    let (index, index_proto) = (read("index.md"), read("index.proto.md"));
    assert!(index.contains("(gap-ZZ.md)"), "{index}");
    assert!(
        index.contains("The same set for the other instruments")
            && index.contains("(index.proto.md)")
            && index.contains("Made-up Protocol"),
        "{index}"
    );
    assert!(
        index_proto.contains("(gap-ZZ.proto.md)")
            && index_proto.contains("(amendment-ZZ-2020-01-01-2021-01-01.proto.md)")
            && index_proto.contains("(index.md)")
            && !index_proto.contains("(gap-ZZ.md)"),
        "{index_proto}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read("index.proto.json")).expect("JSON index");
    assert_eq!(json["schema"], "lexgap.analysis/1");
    let obligations = json.to_string();
    assert!(obligations.contains("CONV-10") && !obligations.contains("WL-1"));

    let one = dir.path().join("one");
    let (code, out, err) = run(&[
        "report",
        "-o",
        one.to_str().expect("utf-8 path"),
        "--format",
        "md",
        "--instrument",
        "proto",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let gap = std::fs::read_to_string(one.join("gap-ZZ.md")).expect("gap report");
    assert!(gap.contains("P-1") && !gap.contains("WL-1"), "{gap}");
    assert!(!one.join("gap-ZZ.proto.md").exists());
    let index = std::fs::read_to_string(one.join("index.md")).expect("index");
    assert!(!index.contains("other instruments"), "{index}");
}

/// Every id attribute of an HTML page that occurs more than once.
fn repeated_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut repeated = Vec::new();
    for piece in html.split(" id=\"").skip(1) {
        let id = piece.split('"').next().unwrap_or_default().to_string();
        if !seen.insert(id.clone()) {
            repeated.push(id);
        }
    }
    repeated
}

/// Issue 18: a report on standard output, which holds one document, carries every instrument
/// measured — HTML one page with a section per instrument (its ids apart from the others') and
/// a contents list, CSV one table with a `measured` column. One instrument's report has none
/// of it.
#[test]
fn one_document_on_standard_output_carries_every_instrument() {
    let (code, html, err) = run(&["report", "gap", "ZZ"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(html.matches("<body").count(), 1, "{html}");
    assert_eq!(html.matches("<!DOCTYPE html>").count(), 1);
    assert!(
        html.contains("<h2>Instruments measured in this document</h2>"),
        "{html}"
    );
    let (wildlife, proto) = (
        html.find("<section class=\"instrument\" id=\"i-wildlife\">"),
        html.find("<section class=\"instrument\" id=\"i-proto\">"),
    );
    assert!(wildlife.is_some() && wildlife < proto, "{html}");
    let proto_part = html.get(proto.unwrap_or_default()..).unwrap_or_default();
    assert!(proto_part.contains("CONV-10") && !proto_part.contains("WL-1"));
    assert!(html.contains("href=\"#i-proto--summary\""), "{html}");
    assert!(repeated_ids(&html).is_empty(), "{:?}", repeated_ids(&html));

    let (code, csv, err) = run(&["report", "gap", "ZZ", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines
            .first()
            .is_some_and(|h| h.starts_with("\u{feff}measured,jurisdiction,")),
        "{csv}"
    );
    assert_eq!(csv.matches("measured,").count(), 1, "one header: {csv}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("wildlife,ZZ,Testland,2021-01-01,WL-1,")),
        "{csv}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("proto,ZZ,Testland,2021-01-01,CONV-10,")),
        "{csv}"
    );
    let (code, csv, err) = run(&["report", "regional", "--format", "csv", "--lang", "sq"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(csv.starts_with("\u{feff}Instrumenti i matur,"), "{csv}");

    // One instrument: the single report, byte for byte as before.
    let (code, one, err) = run(&["report", "gap", "ZZ", "--instrument", "proto"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!one.contains("class=\"instrument"), "{one}");
    assert!(one.contains("id=\"summary\""), "{one}");
    let (_, one_csv, _) = run(&[
        "report",
        "gap",
        "ZZ",
        "--format",
        "csv",
        "--instrument",
        "proto",
    ]);
    assert!(one_csv.starts_with("\u{feff}jurisdiction,"), "{one_csv}");
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Issue 18: Word and Excel on standard output are one document of every instrument — a
/// chapter per instrument, a workbook with each instrument's sheets (names within Excel's 31
/// characters) — and LibreOffice opens both (as tests/office.rs does; skipped where it is
/// missing unless LEXGAP_REQUIRE_LIBREOFFICE is set).
#[test]
fn word_and_excel_on_standard_output_carry_every_instrument() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for ext in ["docx", "xlsx"] {
        let out = lexgap(&fixture())
            .args(["report", "gap", "ZZ", "--format", ext])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = dir.path().join(format!("zz-{ext}.{ext}"));
        std::fs::write(&path, &out.stdout).expect("write");
        files.push(path);
    }
    let (Some(soffice), Some(pdftotext)) = (
        on_path("soffice").or_else(|| on_path("libreoffice")),
        on_path("pdftotext"),
    ) else {
        assert!(
            std::env::var_os("LEXGAP_REQUIRE_LIBREOFFICE").is_none(),
            "LEXGAP_REQUIRE_LIBREOFFICE is set but soffice or pdftotext is not on PATH"
        );
        eprintln!("note: soffice or pdftotext not found; the LibreOffice part is skipped");
        return;
    };
    let profile = tempfile::tempdir().expect("profile");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .args(&files)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ext in ["docx", "xlsx"] {
        let text = std::process::Command::new(&pdftotext)
            .args(["-enc", "UTF-8"])
            .arg(dir.path().join(format!("zz-{ext}.pdf")))
            .arg("-")
            .output()
            .expect("pdftotext");
        let text: String = String::from_utf8_lossy(&text.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let wanted: &[&str] = if ext == "docx" {
            &[
                "Instrumentsmeasuredinthisdocument",
                "WL-1",
                "CONV-10",
                "P-1",
            ]
        } else {
            // The `instruments` sheet, then each instrument's.
            &["wildlife", "proto", "WL-1", "CONV-10", "P-1"]
        };
        for want in wanted {
            assert!(text.contains(want), "{ext} lacks {want}: {text}");
        }
    }
}
