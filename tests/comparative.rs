//! `lexgap report comparative` end to end, on `tests/fixtures/comparative/ws`: four made-up
//! instruments (a convention with the shared vocabulary, and three whose trafficking offences
//! are compared) and two made-up codes whose right answers are known. In ZZ the drug offence has
//! what the gun offence lacks — a maximum over four years, an organised-group form, attempt
//! (max >= 5y), legal persons (closed list), interception (closed list in the procedure code) —
//! while both have confiscation and the undercover agent (max >= 3y). YY encodes no general part
//! (its rules are "not encoded", never "absent") and gives the gun offence, not the drug one, an
//! organised-group form. Neither encodes a people-trafficking offence.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture_ws() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comparative/ws")
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

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = lexgap(dir).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn report(format: &str, lang: &str) -> String {
    let (code, out, err) = run(
        &fixture_ws(),
        &["report", "comparative", "--format", format, "--lang", lang],
    );
    assert_eq!(code, 0, "{format} {lang}: {err}");
    out
}

fn json() -> serde_json::Value {
    serde_json::from_str(&report("json", "en")).expect("JSON")
}

/// (jurisdiction, kind, aspect, covers, with, without) of every flag.
type FlagRow = (String, String, String, String, String, String);

fn flags(doc: &serde_json::Value) -> Vec<FlagRow> {
    let mut out = Vec::new();
    for j in doc["jurisdictions"].as_array().expect("jurisdictions") {
        for f in j["flags"].as_array().expect("flags") {
            let list = |k: &str| {
                f[k].as_array()
                    .expect("list")
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            out.push((
                j["jurisdiction"]["id"].as_str().unwrap_or("").to_string(),
                f["kind"].as_str().unwrap_or("").to_string(),
                f["aspect"].as_str().unwrap_or("").to_string(),
                list("covers"),
                list("with"),
                list("without"),
            ));
        }
    }
    out
}

fn row(j: &str, kind: &str, aspect: &str, covers: &str, with: &str, without: &str) -> FlagRow {
    (
        j.into(),
        kind.into(),
        aspect.into(),
        covers.into(),
        with.into(),
        without.into(),
    )
}

#[test]
fn flags_exactly_the_known_inconsistencies() {
    let got = flags(&json());
    let want = vec![
        row(
            "YY",
            "aggravating",
            "aggravating:organised-group",
            "",
            "guns",
            "dope",
        ),
        row("ZZ", "threshold", "serious-crime", "", "dope", "guns"),
        row(
            "ZZ",
            "aggravating",
            "aggravating:organised-group",
            "",
            "dope",
            "guns",
        ),
        row("ZZ", "rule", "rule:attempt", "", "dope", "guns"),
        row("ZZ", "rule", "rule:legal-persons", "", "dope", "guns"),
        row(
            "ZZ",
            "rule",
            "rule:special-measures",
            "interception",
            "dope",
            "guns",
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn what_is_not_encoded_is_said_so_never_absent() {
    let doc = json();
    let aspects: Vec<&str> = doc["aspects"]
        .as_array()
        .expect("aspects")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    let offences: Vec<&str> = doc["offences"]
        .as_array()
        .expect("offences")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(offences, ["dope", "guns", "people"]);
    let cell = |j: usize, aspect: &str, offence: &str| -> serde_json::Value {
        let a = aspects.iter().position(|x| *x == aspect).expect("aspect");
        let o = offences
            .iter()
            .position(|x| *x == offence)
            .expect("offence");
        doc["jurisdictions"][j]["rows"][a]["cells"][o].clone()
    };
    // YY (index 0): no general part encoded — every rule "not encoded".
    for aspect in [
        "rule:attempt",
        "rule:legal-persons",
        "rule:confiscation",
        "rule:special-measures",
    ] {
        assert_eq!(cell(0, aspect, "guns")["state"], "not-encoded", "{aspect}");
        assert_eq!(cell(0, aspect, "dope")["state"], "not-encoded", "{aspect}");
    }
    // No people offence anywhere: every aspect of it "not encoded", and it is in no flag.
    for j in 0..2 {
        for a in &aspects {
            assert_eq!(cell(j, a, "people")["state"], "not-encoded", "{j} {a}");
        }
    }
    assert!(
        flags(&doc)
            .iter()
            .all(|f| !f.4.contains("people") && !f.5.contains("people"))
    );
    // ZZ: what each rule says, cited to its article.
    // Attempt (max >= 5y) misses the gun offence (3y) but reaches its aggravated form (6y).
    let zz_attempt = cell(1, "rule:attempt", "guns");
    assert_eq!(zz_attempt["state"], "partly");
    assert_eq!(
        zz_attempt["items"][1]["text"],
        "only in the aggravated form: Criminal Code, Art. 20(2)"
    );
    assert_eq!(zz_attempt["items"][0]["cite"], "Criminal Code, Art. 10");
    assert!(
        zz_attempt["items"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("3y")),
        "{zz_attempt}"
    );
    let sims = cell(1, "rule:special-measures", "dope");
    assert_eq!(sims["state"], "met");
    let cites: Vec<&str> = sims["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["cite"].as_str())
        .collect();
    assert_eq!(
        cites,
        [
            "Criminal Procedure Code, Art. 5",
            "Criminal Procedure Code, Art. 6"
        ]
    );
    assert_eq!(cell(1, "serious-crime", "guns")["state"], "not-met");
    assert_eq!(cell(1, "serious-crime", "dope")["state"], "met");
}

#[test]
fn every_claim_cites_its_article() {
    let doc = json();
    for j in doc["jurisdictions"].as_array().expect("jurisdictions") {
        for (a, r) in j["rows"].as_array().expect("rows").iter().enumerate() {
            for c in r["cells"].as_array().expect("cells") {
                let state = c["state"].as_str().unwrap_or("");
                for i in c["items"].as_array().expect("items") {
                    // Only "none found" sentences (not encoded, no rule, no such form) stand
                    // without an article.
                    let cited = i["cite"].as_str().is_some_and(|s| s.contains("Art."));
                    let negative = matches!(state, "not-encoded" | "not-met")
                        || r["aspect"] == "penalty-aggravated" && i["address"].is_null();
                    assert!(
                        cited || negative || a == 0 && state == "not-encoded",
                        "uncited claim: {i}"
                    );
                }
            }
        }
    }
}

#[test]
fn markdown_csv_and_json_snapshots() {
    insta::assert_snapshot!("comparative_md", report("md", "en"));
    insta::assert_snapshot!("comparative_csv", report("csv", "en"));
    insta::assert_snapshot!("comparative_json", report("json", "en"));
}

#[test]
fn every_language_and_format_renders_without_raw_keys() {
    for lang in ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"] {
        for format in ["html", "md", "csv", "json"] {
            let out = report(format, lang);
            assert!(
                !out.contains("comparative.") && !out.contains("{with}"),
                "{lang} {format}: a catalog key or placeholder shows"
            );
        }
    }
    // The Serbian Cyrillic report is in Cyrillic: its flags sentence for attempt.
    let md = report("md", "sr-Cyrl");
    assert!(md.contains("Кажњивост покушаја"), "{md}");
    assert!(md.contains("није кодирано"), "{md}");
}

#[test]
fn office_formats_are_written_and_deterministic() {
    let dir = tempfile::tempdir().expect("tmp");
    for format in ["docx", "xlsx"] {
        let mut bytes = Vec::new();
        for n in 0..2 {
            let path = dir.path().join(format!("c{n}.{format}"));
            let p = path.to_string_lossy().into_owned();
            let (code, _, err) = run(
                &fixture_ws(),
                &["report", "comparative", "--format", format, "-o", &p],
            );
            assert_eq!(code, 0, "{err}");
            bytes.push(std::fs::read(&path).expect("written"));
        }
        assert!(bytes.first().is_some_and(|b| b.starts_with(b"PK")));
        assert_eq!(bytes.first(), bytes.get(1), "{format} differs between runs");
    }
}

#[test]
fn a_fourth_instrument_joins_by_yaml_only() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&fixture_ws(), dir.path());
    let guns = std::fs::read_to_string(dir.path().join("protocol/guns.yaml")).expect("read");
    let organs = guns
        .replace("id: guns", "id: organs")
        .replace("Made-up Firearms Protocol", "Made-up Organs Protocol")
        .replace("GUN-1", "ORG-1")
        .replace("gun-", "organ-")
        .replace("trafficking in guns", "trafficking in organs")
        .replace("pistol", "kidney")
        .replace("(guns)", "(organs)");
    std::fs::write(dir.path().join("protocol/organs.yaml"), organs).expect("write");
    let law = dir.path().join("codes/ZZ/criminal-code/2020-01-01.law");
    let mut text = std::fs::read_to_string(&law).expect("read");
    text.push_str(
        "\narticle 40 \"Trafficking in organs\"\n  text en: Whoever sells a kidney is punished by three to ten years.\n  offence\n    organ-conduct organ-sell\n    organ-object kidney\n    mental intent\n    penalty prison 3y..10y\n",
    );
    std::fs::write(&law, text).expect("write");
    let (code, out, err) = run(
        dir.path(),
        &["report", "comparative", "ZZ", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let offences: Vec<&str> = doc["offences"]
        .as_array()
        .expect("offences")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(offences, ["dope", "guns", "organs", "people"]);
    let got = flags(&doc);
    // The organ offence (10y) has attempt and the undercover agent, not legal persons nor
    // interception, and no organised-group form.
    assert!(got.contains(&row(
        "ZZ",
        "rule",
        "rule:attempt",
        "",
        "dope,organs",
        "guns"
    )));
    assert!(got.contains(&row(
        "ZZ",
        "rule",
        "rule:legal-persons",
        "",
        "dope",
        "guns,organs"
    )));
}

#[test]
fn a_bad_comparative_entry_is_a_located_error() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&fixture_ws(), dir.path());
    let p = dir.path().join("protocol/convention.yaml");
    let text = std::fs::read_to_string(&p)
        .expect("read")
        .replace("rules: [attempt,", "rules: [atempt,")
        .replace("values: [minor-victim]", "values: [minor-victm]");
    std::fs::write(&p, text).expect("write");
    let (code, out, err) = run(dir.path(), &["check"]);
    let err = format!("{out}{err}");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("protocol/convention.yaml:14:"), "{err}");
    assert!(err.contains("did you mean `attempt`?"), "{err}");
    assert!(err.contains("did you mean `minor-victim`?"), "{err}");
}

#[test]
fn unknown_jurisdiction_and_no_trafficking_offence_are_refused() {
    let (code, _, err) = run(&fixture_ws(), &["report", "comparative", "QQ"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("QQ"), "{err}");
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&fixture_ws(), dir.path());
    for f in ["guns", "dope", "people"] {
        let p = dir.path().join(format!("protocol/{f}.yaml"));
        let text = std::fs::read_to_string(&p).expect("read");
        let text: String = text
            .lines()
            .filter(|l| !l.contains("trafficking-offence"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&p, text).expect("write");
    }
    let (code, _, err) = run(dir.path(), &["report", "comparative"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("trafficking-offence"), "{err}");
}

#[test]
fn a_ground_in_the_statutes_words_is_not_known_never_no() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&fixture_ws(), dir.path());
    let law = dir.path().join("codes/YY/criminal-code/2020-01-01.law");
    let text = std::fs::read_to_string(&law).expect("read").replace(
        "article 6 \"Trafficking in dope\"\n  text en: Whoever sells powder is punished by up to ten years.\n  offence\n    dope-conduct dope-sell\n    dope-object powder\n    mental intent\n    penalty prison ..10y\n",
        "article 6 \"Trafficking in dope\"\n  para 1\n    text en: Whoever sells powder is punished by up to ten years.\n    offence\n      dope-conduct dope-sell\n      dope-object powder\n      mental intent\n      penalty prison ..10y\n  para 2\n    text en: Where it is sold to pupils, three to twelve years.\n    offence\n      aggravates para 1\n      requires \"sold to pupils\"\n      penalty prison 3y..12y\n",
    );
    assert!(text.contains("sold to pupils"));
    std::fs::write(&law, text).expect("write");
    let (code, out, err) = run(
        dir.path(),
        &["report", "comparative", "YY", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let aspects: Vec<&str> = doc["aspects"]
        .as_array()
        .expect("aspects")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    let a = aspects
        .iter()
        .position(|x| *x == "aggravating:minors")
        .expect("minors row");
    let cell = &doc["jurisdictions"][0]["rows"][a]["cells"][0];
    assert_eq!(cell["state"], "unknown", "{cell}");
    assert!(
        cell["items"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("sold to pupils")),
        "{cell}"
    );
    // The organised-group flag (guns yes, dope no) is no longer raised: dope is not known.
    assert!(flags(&doc).is_empty(), "{:?}", flags(&doc));
}
