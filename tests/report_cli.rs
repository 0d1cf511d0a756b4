//! `lexgap report` end to end: the report set, determinism, languages, escaping through the
//! whole pipeline, CSV/JSON shape, template overrides and output safety.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture_ws() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws")
}

/// A scratch copy of the fixture workspace (tests that write into it must not touch the
/// original).
fn scratch_ws() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture_ws(), dir.path());
    dir
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

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let out = lexgap(dir).args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "lexgap {args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        out.insert(
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read(e.path()).expect("read"),
        );
    }
    out
}

const FIXTURE_OBLIGATIONS: [&str; 3] = ["FP-5.1.a", "FP-5.1.c", "FP-15.1"];

#[test]
fn report_set_of_the_bundled_corpus_names_every_obligation_in_every_gap_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stdout = run_ok(dir.path(), &["report"]);
    assert!(stdout.contains("lexgap-report/index.html"), "{stdout}");
    let files = read_tree(&dir.path().join("lexgap-report"));
    assert!(files.contains_key("index.html"), "{:?}", files.keys());
    let json = run_ok(
        dir.path(),
        &[
            "report",
            "regional",
            "--format",
            "json",
            "--instrument",
            "firearms",
        ],
    );
    let analysis: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let ids: Vec<String> = analysis["jurisdictions"][0]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .map(|o| o["id"].as_str().expect("id").to_string())
        .collect();
    assert!(ids.len() > 10, "{ids:?}");
    // The Firearms Protocol's reports, under the plain names (`gap-ME.html`); the other
    // instruments' (`gap-ME.tip.html`) are linked from their own index (issue 18).
    let gaps: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("gap-") && k.matches('.').count() == 1)
        .collect();
    assert!(gaps.len() >= 6, "{gaps:?}");
    let index = String::from_utf8_lossy(&files["index.html"]);
    for other in ["drugs-1988", "tip"] {
        assert!(
            index.contains(&format!("href=\"index.{other}.html\"")),
            "{other}"
        );
        let theirs = String::from_utf8_lossy(&files[&format!("index.{other}.html")]);
        assert!(
            theirs.contains(&format!("href=\"gap-ME.{other}.html\"")),
            "{other}"
        );
        assert!(theirs.contains("href=\"index.html\""), "{other}");
    }
    for name in gaps {
        let html = String::from_utf8_lossy(&files[name]);
        for id in &ids {
            assert!(
                html.contains(&format!("data-obligation=\"{id}\"")),
                "{name} lacks {id}"
            );
        }
        let index = String::from_utf8_lossy(&files["index.html"]);
        assert!(
            index.contains(&format!("href=\"{name}\"")),
            "index lacks {name}"
        );
    }
    assert!(
        files.keys().any(|k| k.starts_with("amendment-ME-")),
        "{:?}",
        files.keys()
    );
}

#[test]
fn two_runs_give_identical_bytes() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    let ws = fixture_ws();
    for dir in [a.path(), b.path()] {
        for format in ["html", "md", "csv", "json"] {
            let out = dir.join(format);
            let mut cmd = lexgap(&ws);
            cmd.args(["report", "--format", format, "-o"]).arg(&out);
            let o = cmd.output().expect("runs");
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    for format in ["html", "md", "csv", "json"] {
        let (ta, tb) = (
            read_tree(&a.path().join(format)),
            read_tree(&b.path().join(format)),
        );
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
        assert!(ta.len() >= 3, "{format}: {:?}", ta.keys());
        for (name, bytes) in &ta {
            assert!(bytes == &tb[name], "{format}/{name} differs between runs");
        }
    }
}

#[test]
fn no_date_unless_asked() {
    let ws = fixture_ws();
    let plain = run_ok(&ws, &["report", "gap", "XX"]);
    let dated = run_ok(&ws, &["report", "gap", "XX", "--date", "2031-02-03"]);
    assert!(!plain.contains("Date of the report"));
    assert!(dated.contains("2031-02-03"));
}

#[test]
fn markup_in_a_law_file_cannot_inject() {
    let ws = fixture_ws();
    for format in ["html", "md"] {
        for args in [
            vec!["report", "gap", "XX"],
            vec![
                "report",
                "amendment",
                "XX",
                "--from",
                "2020-01-01",
                "--to",
                "2021-06-01",
            ],
        ] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            let out = run_ok(&ws, &args);
            assert!(!out.contains("<script"), "{args:?}");
            assert!(!out.contains("<img"), "{args:?}");
            assert!(!out.contains("<b>bold"), "{args:?}");
            assert!(out.contains("&lt;script&gt;"), "{args:?}: text lost");
            if args[1] == "gap" {
                assert!(out.contains("&lt;img src=x onerror"), "{args:?}: text lost");
            }
        }
    }
}

#[test]
fn albanian_headings() {
    let out = run_ok(&fixture_ws(), &["report", "gap", "XX", "--lang", "sq"]);
    assert!(out.contains("Analiza e mangësive: Testlandia"), "{out}");
    assert!(out.contains("Përmbledhje ekzekutive"));
    assert!(out.contains("lang=\"sq\""));
    // Obligation summaries stay in English: the model carries no translation.
    assert!(out.contains("Make it a criminal offence"));
}

#[test]
fn every_language_renders_every_report() {
    let ws = fixture_ws();
    for lang in ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = lexgap(&ws);
        cmd.args(["report", "--lang", lang, "-o"]).arg(dir.path());
        let o = cmd.output().expect("runs");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{lang}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index");
        assert!(index.contains(&format!("lang=\"{lang}\"")));
    }
    let cyr = run_ok(&ws, &["report", "regional", "--lang", "sr-Cyrl"]);
    assert!(cyr.contains("Регионално поређење"), "Cyrillic headings");
}

#[test]
fn csv_has_one_row_per_jurisdiction_and_obligation() {
    let out = run_ok(&fixture_ws(), &["report", "regional", "--format", "csv"]);
    let body = out
        .strip_prefix('\u{feff}')
        .expect("byte-order mark for Excel");
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("jurisdiction,jurisdiction_name,at,obligation,"));
    assert_eq!(lines.len(), 1 + FIXTURE_OBLIGATIONS.len(), "{lines:?}");
    for id in FIXTURE_OBLIGATIONS {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("XX,Testland,2021-06-01,{id},"))),
            "{id}"
        );
    }
    let gap = run_ok(&fixture_ws(), &["report", "gap", "XX", "--format", "csv"]);
    assert_eq!(gap.matches("\r\n").count(), 1 + FIXTURE_OBLIGATIONS.len());
}

#[test]
fn json_is_the_analyze_schema() {
    let ws = fixture_ws();
    let report: serde_json::Value =
        serde_json::from_str(&run_ok(&ws, &["report", "gap", "XX", "--format", "json"]))
            .expect("JSON");
    let analyze: serde_json::Value = serde_json::from_str(&run_ok(
        &ws,
        &["analyze", "XX", "--at", "2021-06-01", "--format", "json"],
    ))
    .expect("JSON");
    assert_eq!(report["schema"], "lexgap.analysis/1");
    assert_eq!(report, analyze, "report JSON and analyze JSON differ");
    let review: serde_json::Value = serde_json::from_str(&run_ok(
        &ws,
        &[
            "report",
            "amendment",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-06-01",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    let diff: serde_json::Value = serde_json::from_str(&run_ok(
        &ws,
        &[
            "diff",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-06-01",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    assert_eq!(review, diff, "report JSON and diff JSON differ");
    assert!(
        review["acts"][0]["units"]
            .as_array()
            .is_some_and(|u| !u.is_empty())
    );
}

#[test]
fn amendment_review_marks_words_and_coverage_change() {
    let out = run_ok(
        &fixture_ws(),
        &[
            "report",
            "amendment",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-06-01",
        ],
    );
    assert!(out.contains("<ins>"), "no insertion marked");
    assert!(out.contains("<del>"), "no deletion marked");
    assert!(out.contains("class=\"synoptic\""));
    assert!(
        out.contains("data-obligation=\"FP-5.1.a\""),
        "coverage change of FP-5.1.a"
    );
}

#[test]
fn bill_review_compares_the_amended_text_with_the_proposal() {
    let ws = fixture_ws();
    let out = run_ok(
        &ws,
        &[
            "report",
            "amendment",
            "XX",
            "--bill",
            "codes/XX/bills/2022-markings.bill",
        ],
    );
    assert!(
        out.contains("Text in force on 2021-06-01 compared with 2022-07-01"),
        "{out}"
    );
    assert!(out.contains("Gaps closed"));
    assert!(out.contains("data-obligation=\"FP-5.1.c\""));
    assert!(
        out.contains("&lt;i&gt;(markings)&lt;/i&gt;"),
        "bill title escaped"
    );
    assert!(out.contains("<del>") && out.contains("<ins>"), "{out}");
    // The report set reviews every bill of the workspace too.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "-o"]).arg(dir.path());
    assert_eq!(cmd.output().expect("runs").status.code(), Some(0));
    let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index");
    assert!(
        index.contains("href=\"bill-XX-2022-markings.html\""),
        "{index}"
    );
    assert!(dir.path().join("bill-XX-2022-markings.html").is_file());
}

#[test]
fn templates_override_by_name() {
    let ws = fixture_ws();
    let t = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(t.path().join("gap")).expect("mkdir");
    std::fs::write(
        t.path().join("gap/report.md"),
        "OUR LAYOUT {{ report.jurisdiction.name }}{% for o in report.obligations %} {{ o.id }}{% endfor %}\n",
    )
    .expect("write");
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "gap", "XX", "--format", "md", "--templates"])
        .arg(t.path());
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "OUR LAYOUT Testland FP-5.1.a FP-5.1.c FP-15.1\n"
    );
    // Other templates still come from the bundle.
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "gap", "XX", "--templates"])
        .arg(t.path());
    let html = cmd.output().expect("runs");
    assert!(String::from_utf8_lossy(&html.stdout).contains("<!DOCTYPE html>"));
}

#[test]
fn a_template_cannot_include_outside_its_folder() {
    let ws = fixture_ws();
    let t = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(t.path().join("gap")).expect("mkdir");
    std::fs::write(
        t.path().join("gap/report.md"),
        "line one\n{% include \"../../../etc/passwd\" %}\n",
    )
    .expect("write");
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "gap", "XX", "--format", "md", "--templates"])
        .arg(t.path());
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gap/report.md:2:"), "no template line: {err}");
    assert!(
        err.contains("Unknown template `../../../etc/passwd`"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("root:"));
}

#[cfg(unix)]
#[test]
fn a_template_link_out_of_the_folder_is_refused() {
    let ws = fixture_ws();
    let t = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret.md"), "SECRET").expect("write");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), t.path().join("x.md"))
        .expect("symlink");
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "gap", "XX", "--format", "md", "--templates"])
        .arg(t.path());
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the template folder"));
}

#[test]
fn a_template_error_shows_the_line_and_cause() {
    let ws = fixture_ws();
    let t = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(t.path().join("gap")).expect("mkdir");
    std::fs::write(
        t.path().join("gap/report.md"),
        "ok\nok\n{{ report.no_such_field.x }}\n",
    )
    .expect("write");
    let mut cmd = lexgap(&ws);
    cmd.args(["report", "gap", "XX", "--format", "md", "--templates"])
        .arg(t.path());
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot render gap/report.md"), "{err}");
    assert!(err.contains("gap/report.md:3:"), "{err}");
    assert!(err.contains("template read from"), "{err}");
}

#[test]
fn never_writes_over_an_input() {
    let ws = scratch_ws();
    let law = ws.path().join("codes/XX/criminal-code/2021-06-01.law");
    let before = std::fs::read(&law).expect("read");
    let out = lexgap(ws.path())
        .args([
            "report",
            "gap",
            "XX",
            "-o",
            "codes/XX/criminal-code/2021-06-01.law",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never writes over its input"));
    assert_eq!(std::fs::read(&law).expect("read"), before);
    // Nor over a template it read.
    let t = ws.path().join("mine");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(t.join("style.css"), "body{}").expect("write");
    let out = lexgap(ws.path())
        .args([
            "report",
            "gap",
            "XX",
            "--templates",
            "mine",
            "-o",
            "mine/style.css",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(t.join("style.css")).expect("read"), b"body{}");
}

#[test]
fn unknown_jurisdiction_is_a_usage_error_with_a_suggestion() {
    let out = lexgap(&fixture_ws())
        .args(["report", "gap", "XY"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `XX`?"));
}

#[test]
fn amendment_needs_dates_or_a_bill() {
    let out = lexgap(&fixture_ws())
        .args(["report", "amendment", "XX"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from DATE --to DATE"));
}

#[test]
fn gap_report_markdown_snapshot() {
    let out = run_ok(&fixture_ws(), &["report", "gap", "XX", "--format", "md"]);
    // The version changes with every release; the rest must not change unnoticed.
    let out = out.replace(
        &format!("lexgap {}", env!("CARGO_PKG_VERSION")),
        "lexgap [version]",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_partial_catalog_falls_back_to_english_and_check_lists_the_rest() {
    let ws = scratch_ws();
    // Workspace templates apply only when lexgap.toml names their folder (issue 20).
    let manifest = ws.path().join("lexgap.toml");
    let mut toml = std::fs::read_to_string(&manifest).unwrap_or_default();
    toml.push_str("templates = \"templates\"\n");
    std::fs::write(&manifest, toml).expect("write");
    let locales = ws.path().join("templates/locales");
    std::fs::create_dir_all(&locales).expect("mkdir");
    std::fs::write(
        locales.join("sq.yaml"),
        "gap:\n  summary: PËRMBLEDHJA E PUNËS\n  anex: x\n",
    )
    .expect("write");
    let out = run_ok(ws.path(), &["report", "gap", "XX", "--lang", "sq"]);
    assert!(
        out.contains("PËRMBLEDHJA E PUNËS"),
        "the workspace's string is used"
    );
    assert!(out.contains("Assessment table"), "English fills the rest");
    let check = lexgap(ws.path()).arg("check").output().expect("runs");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("warning[W0801]"), "{text}");
    assert!(text.contains("templates/locales/sq.yaml"), "{text}");
    assert!(
        text.contains("gap.anex (did you mean gap.annex?)"),
        "{text}"
    );
}

#[test]
fn a_not_assessed_obligation_is_not_told_no_change_is_needed() {
    // Regression: the gap report's recommendation column said "No change needed." for an
    // obligation that could not be assessed (FP-7: the law on weapons is not encoded), which
    // reads as a verdict the analysis never reached.
    let out = lexgap(&std::env::temp_dir())
        .args([
            "report",
            "gap",
            "MK",
            "--format",
            "md",
            "--at",
            "2022-01-01",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8_lossy(&out.stdout);
    let fp7 = md
        .split("### FP-7 ")
        .nth(1)
        .and_then(|rest| rest.split("### ").next())
        .expect("an FP-7 section");
    assert!(fp7.contains("could not be assessed"), "{fp7}");
    assert!(!fp7.contains("No change needed"), "{fp7}");
}

/// Standard output of a run that may exit 1 for the syntax errors of its input (it still
/// writes the report from what could be read), with standard error.
fn run_report(dir: &Path, args: &[&str]) -> (String, String) {
    let out = lexgap(dir).args(args).output().expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "lexgap {args:?}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_line_not_read_is_listed_in_every_report_and_its_csv() {
    // The amendment review, the regional report and the report CSVs did not list the lines a
    // syntax error kept out of the analysis (only analyze, explain and the gap report did).
    // Paragraph 2 of Art. 348 gets a number that cannot be read: the line is listed, and the
    // paragraph's offence is still analysed (under `para ?`), so no status moves.
    let ws = scratch_ws();
    let law = ws.path().join("codes/XX/criminal-code/2021-06-01.law");
    let text = std::fs::read_to_string(&law).expect("law");
    assert!(text.contains("\n  para 2\n"));
    std::fs::write(&law, text.replacen("\n  para 2\n", "\n  para 2x!\n", 1)).expect("write");
    let line = "line 20 (`para 2x!`)";
    let md_line = "line 20 (\\`para 2x!\\`)";
    let act = "XX/criminal-code@2021-06-01";
    let amendment = [
        "report",
        "amendment",
        "XX",
        "--from",
        "2020-01-01",
        "--to",
        "2021-06-01",
    ];
    for (args, shown) in [
        (&amendment[..], md_line),
        (&["report", "regional"][..], md_line),
        (&["report", "gap", "XX"][..], md_line),
    ] {
        for (format, shown) in [("md", shown), ("html", line), ("csv", line), ("json", line)] {
            let mut a = args.to_vec();
            a.extend(["--format", format]);
            let (out, err) = run_report(ws.path(), &a);
            assert!(out.contains(shown), "{a:?}: the line is not listed\n{out}");
            assert!(err.contains("2021-06-01.law:20:8"), "{a:?}: {err}");
            if format == "md" || format == "html" {
                assert!(out.contains("Not read (syntax error"), "{a:?}");
            }
            if format == "csv" {
                let mut rows = out.lines();
                assert!(
                    rows.next().is_some_and(|h| h.ends_with(",not_read")),
                    "{a:?}"
                );
                assert!(
                    rows.all(|r| r.contains(&format!("{act}: {line}"))),
                    "{a:?}: a row without the list\n{out}"
                );
            }
        }
    }
    // Nothing is lost with the paragraph's number: every status is the one of the well-formed
    // file (only the cited address differs, `para-?1`).
    let statuses = |dir: &Path| -> Vec<String> {
        let (out, _) = run_report(dir, &["report", "gap", "XX", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        v["jurisdictions"][0]["obligations"]
            .as_array()
            .expect("obligations")
            .iter()
            .map(|o| format!("{} {}", o["id"], o["status"]))
            .collect()
    };
    let broken = statuses(ws.path());
    assert!(!broken.is_empty());
    assert_eq!(broken, statuses(&fixture_ws()));
    let (out, _) = run_report(ws.path(), &["report", "gap", "XX", "--format", "json"]);
    assert!(
        out.contains("art-348/para-?1"),
        "the paragraph is cited as `para ?`"
    );
}

#[test]
fn report_gap_of_a_jurisdiction_without_law_of_its_own_is_what_analyze_says() {
    // `report gap BA-RS` refused ("no law of its own") while `analyze BA-RS` analysed it with
    // the state code, every obligation not assessed for want of the RS code.
    let dir = tempfile::tempdir().expect("temp dir");
    for j in ["BA-RS", "BA-BD"] {
        let at = ["--at", "2023-12-31"];
        let report: serde_json::Value = serde_json::from_str(&run_ok(
            dir.path(),
            &["report", "gap", j, at[0], at[1], "--format", "json"],
        ))
        .expect("JSON");
        let analyze: serde_json::Value = serde_json::from_str(&run_ok(
            dir.path(),
            &["analyze", j, at[0], at[1], "--format", "json"],
        ))
        .expect("JSON");
        assert_eq!(report, analyze, "{j}: report JSON and analyze JSON differ");
        let obligations = report["jurisdictions"][0]["obligations"]
            .as_array()
            .expect("obligations");
        assert!(obligations.len() > 20);
        for o in obligations {
            assert_eq!(o["status"], "not-assessed", "{j} {}", o["id"]);
        }
        let md = run_ok(
            dir.path(),
            &["report", "gap", j, at[0], at[1], "--format", "md"],
        );
        let name = if j == "BA-RS" {
            "Republika Srpska"
        } else {
            "Brčko District"
        };
        assert!(
            md.contains(&format!("**The corpus holds no law of {name}")),
            "{j}: no note on the cover\n{md}"
        );
        assert!(
            md.contains("analysed with the law of Bosnia and Herzegovina"),
            "{j}"
        );
        assert!(md.contains("None of the mandatory obligations ("), "{j}");
        assert!(
            !md.contains("is fully met"),
            "{j}: a claim that something is met"
        );
        assert!(
            md.contains("Not assessed (law not encoded or not known)"),
            "{j}"
        );
    }
    // A jurisdiction with law of its own has no such note.
    let md = run_ok(dir.path(), &["report", "gap", "BA-FBIH", "--format", "md"]);
    assert!(!md.contains("The corpus holds no law of"));
}
