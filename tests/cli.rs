//! End-to-end runs of the `lexgap` binary: exit codes, workspaces, `fmt`.

use assert_cmd::Command;
use std::path::Path;

const GOOD: &str = r#"act criminal-code "Criminal Code"
  jurisdiction RS
  version 2019-12-01
  source "Official Gazette 85/2005"
  language en
  rendering unofficial

article 348 "Weapons"
  para 1
    text en: Whoever keeps firearms without authorisation.
    offence
      conduct possess
      object firearm
      penalty prison 6m..5y + fine
"#;

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

/// A workspace with one clean act version.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("lexgap.toml"), "name = \"test\"\n").expect("write");
    let act = dir.path().join("codes/RS/criminal-code");
    std::fs::create_dir_all(&act).expect("mkdir");
    std::fs::write(act.join("2019-12-01.law"), GOOD).expect("write");
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn check_clean_workspace_exits_0() {
    let ws = workspace();
    let out = lexgap(ws.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // The act, the four bundled instrument files (firearms, tip, drugs-1988, untoc) and their
    // sixteen translation catalogs (sq, mk, sr-Latn, sr-Cyrl; docs/translation.md).
    assert!(
        stdout(&out).contains("checked 21 files"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_finds_workspace_from_a_subfolder() {
    let ws = workspace();
    let sub = ws.path().join("codes/RS");
    let out = lexgap(&sub).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains(&ws.path().display().to_string()),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_with_errors_exits_1() {
    let ws = workspace();
    let bad = GOOD.replace("6m..5y", "5y..6m");
    std::fs::write(ws.path().join("codes/RS/criminal-code/2019-12-01.law"), bad).expect("write");
    let out = lexgap(ws.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("E0204"));
}

#[test]
fn check_missing_path_exits_2() {
    let ws = workspace();
    let out = lexgap(ws.path())
        .args(["check", "no/such/file.law"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_error_exits_2() {
    let ws = workspace();
    let out = lexgap(ws.path())
        .args(["check", "--no-such-flag"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = lexgap(ws.path()).arg("frobnicate").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_outside_any_workspace_uses_the_bundled_corpus() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = lexgap(empty.path()).arg("check").output().expect("runs");
    assert!(
        stdout(&out).contains("in the bundled corpus"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn explicit_workspace_flag() {
    let ws = workspace();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = lexgap(elsewhere.path())
        .args(["--workspace", &ws.path().display().to_string(), "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("checked 21 files"));
    let out = lexgap(elsewhere.path())
        .args(["--workspace", "/no/such/dir", "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_manifest_is_located() {
    let ws = workspace();
    std::fs::write(ws.path().join("lexgap.toml"), "name = \"x\"\ncolour = 1\n").expect("write");
    let out = lexgap(ws.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lexgap.toml:2:1"), "{err}");
}

#[test]
fn check_json_lists_diagnostics_with_positions() {
    let ws = workspace();
    let bad = GOOD.replace(
        "conduct possess",
        "conduct possess\n      penalty prison 3y..1y",
    );
    std::fs::write(ws.path().join("codes/RS/criminal-code/2019-12-01.law"), bad).expect("write");
    let out = lexgap(ws.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E0204");
    assert_eq!(d["file"], "codes/RS/criminal-code/2019-12-01.law");
    assert_eq!(d["line"], 13);
    assert_eq!(d["column"], 22);
}

#[test]
fn warnings_pass_unless_denied() {
    let ws = workspace();
    let unknown = GOOD.replace("6m..5y", "?..5y");
    std::fs::write(
        ws.path().join("codes/RS/criminal-code/2019-12-01.law"),
        unknown,
    )
    .expect("write");
    let out = lexgap(ws.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("W0202"));
    let out = lexgap(ws.path())
        .args(["check", "--deny-warnings"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn fmt_check_names_files_and_fmt_fixes_them() {
    let ws = workspace();
    let path = ws.path().join("codes/RS/criminal-code/2019-12-01.law");
    // Four spaces per level instead of two, extra spaces inside a line, a trailing comment.
    let messy: String = GOOD
        .replace("conduct possess", "conduct   possess # keep me")
        .lines()
        .map(|l| {
            format!(
                "{}{}\n",
                " ".repeat(2 * (l.len() - l.trim_start().len())),
                l.trim_start()
            )
        })
        .collect();
    std::fs::write(&path, &messy).expect("write");

    let out = lexgap(ws.path())
        .args(["fmt", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("would reformat codes/RS/criminal-code/2019-12-01.law"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        messy,
        "--check changes nothing"
    );

    let out = lexgap(ws.path()).arg("fmt").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let formatted = std::fs::read_to_string(&path).expect("read");
    assert!(
        formatted.contains("      conduct possess # keep me\n"),
        "{formatted}"
    );

    let out = lexgap(ws.path())
        .args(["fmt", "--check"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "formatting is idempotent: {}",
        stdout(&out)
    );
}

#[test]
fn fmt_leaves_files_with_syntax_errors_alone() {
    let ws = workspace();
    let path = ws.path().join("codes/RS/criminal-code/2019-12-01.law");
    let broken = GOOD.replace("penalty prison", "penalty prizon");
    std::fs::write(&path, &broken).expect("write");
    let out = lexgap(ws.path()).arg("fmt").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
}

#[test]
fn fmt_outside_a_workspace_is_a_usage_error() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = lexgap(empty.path()).arg("fmt").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_version_and_completions() {
    let empty = tempfile::tempdir().expect("temp dir");
    for sub in ["check", "fmt", "completions"] {
        let out = lexgap(empty.path())
            .args([sub, "--help"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        assert!(
            stdout(&out).contains("Examples:"),
            "{sub} --help has examples"
        );
    }
    let out = lexgap(empty.path())
        .arg("--version")
        .output()
        .expect("runs");
    assert!(stdout(&out).starts_with("lexgap "));
    for shell in ["bash", "zsh", "fish"] {
        let out = lexgap(empty.path())
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("lexgap"));
    }
}

#[test]
fn no_colour_in_pipes() {
    let ws = workspace();
    let bad = GOOD.replace("6m..5y", "5y..6m");
    std::fs::write(ws.path().join("codes/RS/criminal-code/2019-12-01.law"), bad).expect("write");
    let out = lexgap(ws.path())
        .env_remove("NO_COLOR")
        .arg("check")
        .output()
        .expect("runs");
    assert!(
        !stdout(&out).contains('\u{1b}'),
        "no escape codes when stdout is not a terminal"
    );
    let out = lexgap(ws.path())
        .args(["--color", "always", "check"])
        .output()
        .expect("runs");
    assert!(stdout(&out).contains('\u{1b}'));
}

#[test]
fn a_workspace_without_protocol_is_checked_against_the_bundled_one() {
    let ws = workspace();
    let misspelt = GOOD.replace("conduct possess", "conduct posess");
    std::fs::write(
        ws.path().join("codes/RS/criminal-code/2019-12-01.law"),
        misspelt,
    )
    .expect("write");
    let out = lexgap(ws.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("did you mean `possess`?"), "{text}");
}

/// A workspace of the coverage test instrument with a coverage fixture's codes as the version of
/// 2020, and another fixture's act as the version of 2019.
fn fixture_workspace(now: &str, before: &str) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("lexgap.toml"), "name = \"test\"\n").expect("write");
    let protocol = dir.path().join("protocol");
    std::fs::create_dir_all(&protocol).expect("mkdir");
    std::fs::copy(
        root.join("protocol/test-instrument.yaml"),
        protocol.join("test-instrument.yaml"),
    )
    .expect("copy instrument");
    let act = dir.path().join("codes/X/criminal-code");
    std::fs::create_dir_all(&act).expect("mkdir");
    let x = |name: &str| root.join(name).join("codes/X");
    std::fs::copy(
        x(now).join("jurisdiction.yaml"),
        dir.path().join("codes/X/jurisdiction.yaml"),
    )
    .expect("copy jurisdiction");
    std::fs::copy(
        x(now).join("criminal-code/2020-01-01.law"),
        act.join("2020-01-01.law"),
    )
    .expect("copy act");
    let old = std::fs::read_to_string(x(before).join("criminal-code/2020-01-01.law"))
        .expect("read act")
        .replace("version 2020-01-01", "version 2019-01-01");
    std::fs::write(act.join("2019-01-01.law"), old).expect("write act");
    dir
}

#[test]
fn words_limits_and_interpretations_reach_analyze_explain_and_diff() {
    let ws = fixture_workspace("interpretation", "limits");
    let run = |args: &[&str]| {
        let out = lexgap(ws.path()).args(args).output().expect("runs");
        assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
        stdout(&out)
    };
    let csv = run(&["analyze", "X", "--at", "2024-01-01", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.contains("cells_partly,cells_interpreted,cells_total"))
    );
    assert!(csv.contains("partial,partial,true,1,0,2,4"), "{csv}");
    assert!(csv.contains("covered only by interpretation"), "{csv}");
    let json = run(&["analyze", "X", "--at", "2024-01-01", "--format", "json"]);
    assert!(json.contains("\"interpreted\": 2"), "{json}");
    assert!(json.contains("\"covered-by-interpretation\""), "{json}");
    let text = run(&["analyze", "X", "--at", "2024-01-01"]);
    assert!(text.contains("1/4 +2i"), "{text}");
    let old = run(&["explain", "T-MAKE", "--in", "X", "--at", "2019-06-01"]);
    assert!(
        old.contains("requires \"in a workshop\" for assembly"),
        "{old}"
    );
    let diff = run(&["diff", "X", "--from", "2019-06-01", "--to", "2024-01-01"]);
    assert!(diff.contains("(by interpretation)"), "{diff}");
    assert!(diff.contains("(now only by interpretation)"), "{diff}");
    assert!(
        diff.contains("reads manufacture as including assemble"),
        "{diff}"
    );
}

/// A workspace with RS (clean), BA-FBIH under BA, and ME whose assessments file is invalid.
fn workspace_with_another_jurisdictions_errors() -> tempfile::TempDir {
    let dir = workspace();
    let me = dir.path().join("codes/ME");
    std::fs::create_dir_all(me.join("criminal-code")).expect("mkdir");
    std::fs::write(
        me.join("criminal-code/2019-12-01.law"),
        GOOD.replace("jurisdiction RS", "jurisdiction ME"),
    )
    .expect("write");
    std::fs::write(
        me.join("assessments.yaml"),
        "assessments:\n  - obligation: FP-NOPE\n    status: full\n",
    )
    .expect("write");
    dir
}

#[test]
fn analyze_and_gap_report_leave_other_jurisdictions_errors_to_check() {
    let dir = workspace_with_another_jurisdictions_errors();
    let out = lexgap(dir.path())
        .args(["analyze", "RS", "--at", "2020-01-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("ME/assessments.yaml"), "{err}");
    let out = lexgap(dir.path())
        .args([
            "report",
            "gap",
            "RS",
            "--format",
            "md",
            "--at",
            "2020-01-01",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("ME/assessments.yaml"), "{err}");
    // The analysis of ME reads that file: its errors count there, as in `check`.
    for args in [
        &["analyze", "ME", "--at", "2020-01-01"][..],
        &[
            "report",
            "gap",
            "ME",
            "--format",
            "md",
            "--at",
            "2020-01-01",
        ][..],
        &["check"][..],
    ] {
        let out = lexgap(dir.path()).args(args).output().expect("runs");
        // `check` prints its findings on stdout, the others on stderr.
        let err = format!("{}{}", String::from_utf8_lossy(&out.stderr), stdout(&out));
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("ME/assessments.yaml"), "{args:?}: {err}");
    }
}

#[test]
fn analyze_reports_the_errors_of_an_ancestors_act() {
    // BA-FBIH is analysed with BA's law: an error in BA's act bears on its analysis.
    let dir = workspace();
    let ba = dir.path().join("codes/BA");
    let fbih = dir.path().join("codes/BA-FBIH");
    std::fs::create_dir_all(ba.join("criminal-code")).expect("mkdir");
    std::fs::create_dir_all(fbih.join("criminal-code")).expect("mkdir");
    std::fs::write(ba.join("jurisdiction.yaml"), "id: BA\n").expect("write");
    std::fs::write(fbih.join("jurisdiction.yaml"), "id: BA-FBIH\nparent: BA\n").expect("write");
    std::fs::write(
        ba.join("criminal-code/2019-12-01.law"),
        GOOD.replace("jurisdiction RS", "jurisdiction BA")
            .replace("penalty prison 6m..5y", "penalty prison 6y..5y"),
    )
    .expect("write");
    std::fs::write(
        fbih.join("criminal-code/2019-12-01.law"),
        GOOD.replace("jurisdiction RS", "jurisdiction BA-FBIH"),
    )
    .expect("write");
    let out = lexgap(dir.path())
        .args(["analyze", "BA-FBIH", "BA", "--at", "2020-01-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("codes/BA/criminal-code/2019-12-01.law").count(),
        1,
        "reported once though two analyses read it: {err}"
    );
    let out = lexgap(dir.path())
        .args(["analyze", "BA-FBIH", "--at", "2020-01-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("codes/BA/criminal-code/2019-12-01.law"),
        "{err}"
    );
}

/// An act with a `verified no` header and `n` making offences (articles 1..=n), of which
/// article 1 says `verified yes`, and an article 99 the analysis does not use.
fn unverified_act(n: usize) -> String {
    let mut s = String::from(
        "act criminal-code \"Criminal Code\"\n  jurisdiction RS\n  version 2019-12-01\n  source \"Official Gazette 85/2005\"\n  language en\n  rendering unofficial\n  verified no\n",
    );
    for i in 1..=n {
        s.push_str(&format!(
            "\narticle {i} \"Making\"\n  text en: Whoever makes firearms without a licence.\n  offence\n    conduct manufacture\n    object firearm\n    circumstance without-licence\n    mental intent\n    penalty prison 1y..5y\n"
        ));
        if i == 1 {
            s.push_str("  verified yes \"read in Official Gazette 85/2005\"\n");
        }
    }
    s.push_str("\narticle 99 \"Definitions\"\n  text en: Terms used in this code.\n");
    s
}

#[test]
fn check_warns_where_the_analysis_relies_on_a_unit_verified_no() {
    let dir = workspace();
    let file = dir.path().join("codes/RS/criminal-code/2019-12-01.law");
    std::fs::write(&file, unverified_act(2)).expect("write");
    let out = lexgap(dir.path()).arg("check").output().expect("runs");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    // Article 2 inherits `verified no` from the header and covers a cell of FP-5.1.a; article
    // 1 says `verified yes`; article 99 covers nothing.
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("W0501")).collect();
    assert_eq!(warnings.len(), 1, "{text}");
    assert!(
        warnings[0].contains(
            "art-2 is `verified no` (the header's), and the analysis relies on it (FP-5.1.a"
        ),
        "{text}"
    );
    assert!(
        text.contains("2019-12-01.law:19:1"),
        "located at article 2: {text}"
    );
    assert!(
        text.contains("help: read the unit against the official text"),
        "{text}"
    );
    let out = lexgap(dir.path())
        .args(["check", "--deny-warnings"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    // Many such units in one file: one warning at the header names them all.
    std::fs::write(&file, unverified_act(13)).expect("write");
    let out = lexgap(dir.path()).arg("check").output().expect("runs");
    let text = stdout(&out);
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("W0501")).collect();
    assert_eq!(warnings.len(), 1, "{text}");
    assert!(warnings[0].contains("12 units of RS/criminal-code@2019-12-01 that the analysis relies on are `verified no`: art-2, art-3"), "{text}");
    assert!(
        text.contains("2019-12-01.law:7:12"),
        "located at the header's line: {text}"
    );
}

#[test]
fn diff_from_later_than_to_is_a_usage_error() {
    let dir = workspace();
    let out = lexgap(dir.path())
        .args(["diff", "RS", "--from", "2024-01-01", "--to", "2020-01-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--from 2024-01-01 is later than --to 2020-01-01"),
        "{err}"
    );
    // Without --to, the default (the latest version date, 2019-12-01 here) is the later day.
    let out = lexgap(dir.path())
        .args(["diff", "RS", "--from", "2020-01-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the latest version date (2019-12-01)"),
        "{err}"
    );
}

#[test]
fn every_command_defaults_to_the_latest_version_date() {
    // The workspace's only version takes effect on 2019-12-01: analyze, explain and the gap
    // report all take the law as in force then, and each says so in --help.
    let dir = workspace();
    let out = lexgap(dir.path())
        .args(["analyze", "RS", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(
        stdout(&out)
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("RS,2019-12-01,")),
        "{}",
        stdout(&out)
    );
    let out = lexgap(dir.path())
        .args(["report", "gap", "RS", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(
        stdout(&out)
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("RS,Serbia,2019-12-01,")),
        "{}",
        stdout(&out)
    );
    let out = lexgap(dir.path())
        .args(["explain", "FP-5.1.a", "--in", "RS"])
        .output()
        .expect("runs");
    assert!(stdout(&out).contains("2019-12-01"), "{}", stdout(&out));
    for cmd in ["analyze", "explain", "diff"] {
        let out = lexgap(dir.path())
            .args([cmd, "--help"])
            .output()
            .expect("runs");
        assert!(
            stdout(&out).contains("the latest date any act"),
            "{cmd} --help: {}",
            stdout(&out)
        );
    }
}

#[test]
fn the_not_assessed_note_reads_as_sentences() {
    // The workspace has a criminal code only: the weapons-law obligations are not assessed,
    // and the report's note ("Not assessed.") is followed by the reason as a sentence.
    let dir = workspace();
    let out = lexgap(dir.path())
        .args(["report", "gap", "RS", "--format", "md"])
        .output()
        .expect("runs");
    let md = stdout(&out);
    let note = "Not assessed. ";
    let mut found = 0;
    for (i, _) in md.match_indices(note) {
        let next = md[i + note.len()..]
            .chars()
            .next()
            .expect("a reason follows");
        assert!(!next.is_lowercase(), "{}", &md[i..(i + 80).min(md.len())]);
        found += 1;
    }
    assert!(found > 0, "{md}");
}

#[test]
fn header_notes_are_shown_by_analyze_and_the_gap_report() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("codes/RS/criminal-code/2019-12-01.law"),
        GOOD.replace(
            "  rendering unofficial\n",
            "  rendering unofficial\n  note \"Only the year of the gazette is known; the day is the latest defensible.\"\n",
        ),
    )
    .expect("write");
    let note = "Only the year of the gazette is known";
    for args in [
        &["analyze", "RS"][..],
        &["analyze", "RS", "--format", "json"][..],
        &["explain", "FP-5.1.a", "--in", "RS"][..],
        &["report", "gap", "RS", "--format", "md"][..],
        &["report", "gap", "RS", "--format", "html"][..],
        &["report", "gap", "RS", "--format", "json"][..],
    ] {
        let out = lexgap(dir.path()).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stdout(&out).contains(note), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn vocabulary_lists_the_values_an_unknown_tag_hint_points_to() {
    // E0502 pointed to `explain` and docs/protocol.md, neither of which lists the values.
    let dir = workspace();
    std::fs::write(
        dir.path().join("codes/RS/criminal-code/2019-12-01.law"),
        GOOD.replace(
            "      object firearm\n",
            "      object firearm\n      requires zzzzzz\n",
        ),
    )
    .expect("write");
    let out = lexgap(dir.path()).arg("check").output().expect("runs");
    let text = stdout(&out);
    assert!(text.contains("E0502"), "{text}");
    assert!(
        text.contains("`lexgap vocabulary requires` lists the requires values"),
        "{text}"
    );
    let out = lexgap(dir.path())
        .args(["vocabulary", "requires"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("requires — narrowing element"), "{text}");
    assert!(text.contains("  for-gain "), "{text}");
    assert!(!text.contains("manufacture"), "one facet only: {text}");
    let out = lexgap(dir.path())
        .args(["vocabulary", "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["schema"], "lexgap.vocabulary/1");
    let facets = doc["facets"].as_array().expect("facets");
    let requires = facets
        .iter()
        .find(|f| f["id"] == "requires")
        .expect("requires");
    assert_eq!(requires["role"], "narrowing");
    assert!(requires["values"].as_array().is_some_and(|v| {
        v.iter().any(|x| {
            x["id"] == "for-gain" && x["label"].is_string() && x["explanation"].is_string()
        })
    }));
    let out = lexgap(dir.path())
        .args(["vocabulary", "reqires"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `requires`?"));
}

#[test]
fn the_gap_reports_annex_cites_a_definition_that_leaves_out_a_value() {
    let dir = workspace();
    let law = GOOD.replace(
        "article 348 \"Weapons\"",
        "article 1 \"Meaning of terms\"\n  text en: \"Weapon\" means a firearm or ammunition.\n  define weapon = firearm, ammunition\n\narticle 348 \"Weapons\"",
    )
    .replace("      conduct possess\n      object firearm\n", "      conduct manufacture\n      object weapon\n      circumstance without-licence\n      mental intent\n");
    std::fs::write(
        dir.path().join("codes/RS/criminal-code/2019-12-01.law"),
        law,
    )
    .expect("write");
    let out = lexgap(dir.path())
        .args(["report", "gap", "RS", "--format", "md"])
        .output()
        .expect("runs");
    let md = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{md}");
    assert!(
        md.contains("as criminal-code art-1 defines it, which leaves out parts and components"),
        "{md}"
    );
    let annex = md.split("Annex").last().expect("an annex");
    assert!(
        annex.contains("\"Weapon\" means a firearm or ammunition"),
        "{annex}"
    );
}

#[test]
fn every_output_says_which_lines_a_syntax_error_kept_out() {
    // A misspelt tag line: the analysis goes on without it, and says so in every format.
    let dir = workspace();
    std::fs::write(
        dir.path().join("codes/RS/criminal-code/2019-12-01.law"),
        GOOD.replace("      conduct possess\n", "      condcut possess\n"),
    )
    .expect("write");
    for args in [
        &["analyze", "RS"][..],
        &["analyze", "RS", "--format", "json"][..],
        &["analyze", "RS", "--format", "csv"][..],
        &["explain", "FP-5.1.a", "--in", "RS"][..],
        &["report", "gap", "RS", "--format", "md"][..],
        &["report", "gap", "RS", "--format", "html"][..],
        &["report", "gap", "RS", "--format", "json"][..],
    ] {
        let out = lexgap(dir.path()).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = stdout(&out);
        assert!(
            text.contains("line 12") && text.contains("condcut possess"),
            "{args:?}: {text}"
        );
    }
}
