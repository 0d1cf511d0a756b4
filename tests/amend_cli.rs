//! End-to-end runs of `lexgap diff` and `lexgap amend apply`: exit codes, colours, JSON, files.

use assert_cmd::Command;
use std::path::Path;

const V1: &str = r#"act criminal-code "Criminal Code"
  jurisdiction XX
  version 2020-01-01
  source "Gazette 1/2020"
  language en
  rendering unofficial

article 10 "Weapons"
  para 1
    text en: Whoever without authorisation makes or sells firearms.
    offence
      conduct manufacture, sell
      object firearm
      penalty prison 6m..5y
"#;

const V2: &str = r#"act criminal-code "Criminal Code"
  jurisdiction XX
  version 2021-01-01
  source "Gazette 1/2020, 9/2021"
  language en
  rendering unofficial

article 10 "Weapons"
  para 1
    text en: Whoever without authorisation makes, sells or carries firearms.
    offence
      conduct manufacture, sell, carry
      object firearm
      penalty prison 1y..8y
"#;

const BILL: &str = r#"bill "Law amending the Criminal Code" amends XX/criminal-code@2020-01-01
  status adopted
  effective 2021-01-01
  source "Gazette 9/2021"

replace article 10 para 1
  text en: Whoever without authorisation makes, sells or carries firearms.
  offence
    conduct manufacture, sell, carry
    object firearm
    penalty prison 1y..8y
"#;

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("lexgap.toml"), "name = \"test\"\n").expect("write");
    let act = root.join("codes/XX/criminal-code");
    std::fs::create_dir_all(&act).expect("mkdir");
    std::fs::create_dir_all(root.join("codes/XX/bills")).expect("mkdir");
    std::fs::write(act.join("2020-01-01.law"), V1).expect("write");
    std::fs::write(act.join("2021-01-01.law"), V2).expect("write");
    std::fs::write(root.join("codes/XX/bills/b.bill"), BILL).expect("write");
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn diff_between_two_days() {
    let ws = workspace();
    let out = lexgap(ws.path())
        .args(["diff", "XX", "--from", "2020-06-01", "--to", "2021-06-01"])
        .output()
        .expect("runs");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("criminal-code 2020-01-01 → 2021-01-01: 1 changed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("makes{+, sells+} or [-sells-]{+carries+} firearms."),
        "{stdout}"
    );
    assert!(
        stdout.contains("-   conduct manufacture, sell\n"),
        "{stdout}"
    );
    assert!(stdout.contains("+   penalty prison 1y..8y"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "no colour under NO_COLOR");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let ws = workspace();
    let out = lexgap(ws.path())
        .env_remove("NO_COLOR")
        .args([
            "--color",
            "always",
            "diff",
            "XX",
            "--from",
            "2020-06-01",
            "--to",
            "2021-06-01",
        ])
        .output()
        .expect("runs");
    assert!(text(&out.stdout).contains("\x1b[32;4m"));
    // Not a terminal (captured output): no colour by default.
    let out = lexgap(ws.path())
        .env_remove("NO_COLOR")
        .args(["diff", "XX", "--from", "2020-06-01", "--to", "2021-06-01"])
        .output()
        .expect("runs");
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn diff_with_a_bill_equals_the_diff_between_versions() {
    let ws = workspace();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = lexgap(ws.path()).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    };
    let by_dates = json(&[
        "diff",
        "XX",
        "--from",
        "2020-06-01",
        "--to",
        "2021-06-01",
        "--format",
        "json",
    ]);
    let by_bill = json(&[
        "diff",
        "XX",
        "--bill",
        "codes/XX/bills/b.bill",
        "--format",
        "json",
    ]);
    assert_eq!(by_dates["acts"][0]["units"], by_bill["acts"][0]["units"]);
    assert_eq!(by_bill["bill"]["status"], "adopted");
    assert_eq!(by_bill["bill"]["applied_to"], "XX/criminal-code@2020-01-01");
    assert_eq!(by_bill["acts"][0]["units"][0]["change"], "changed");
}

#[test]
fn a_bill_with_a_wrong_target_is_refused_with_line_and_column() {
    let ws = workspace();
    let bad = ws.path().join("bad.bill");
    std::fs::write(
        &bad,
        BILL.replace("replace article 10 para 1", "replace article 10 para 2"),
    )
    .unwrap();
    let out = lexgap(ws.path())
        .args(["diff", "XX", "--bill", "bad.bill"])
        .output()
        .expect("runs");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0711]: the text amended has no article 10 para 2"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.bill:6:9"), "{stderr}");
    assert!(stderr.contains("help: article 10 has paras 1"), "{stderr}");
}

#[test]
fn a_bill_with_syntax_errors_is_refused() {
    let ws = workspace();
    std::fs::write(ws.path().join("bad.bill"), "bill \"B\" amends XX/criminal-code@2020-01-01\n  status adopted\n  effective 2021-01-01\n\nreplce article 10\n").unwrap();
    let out = lexgap(ws.path())
        .args(["diff", "XX", "--bill", "bad.bill"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad.bill:5:1"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let ws = workspace();
    for args in [
        vec!["diff", "XX"],
        vec!["diff", "YY", "--from", "2020-01-01"],
        vec!["diff", "XX", "--from", "2020-13-01"],
        vec!["diff", "XX", "--bill", "no-such.bill"],
        vec![
            "diff",
            "XX",
            "--from",
            "2020-01-01",
            "--bill",
            "codes/XX/bills/b.bill",
        ],
    ] {
        let out = lexgap(ws.path()).args(&args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn diff_at_another_day_warns_and_applies() {
    let ws = workspace();
    // On 2021-06-01 the 2021 version is in force; the bill's target still exists there.
    let out = lexgap(ws.path())
        .args([
            "diff",
            "XX",
            "--bill",
            "codes/XX/bills/b.bill",
            "--at",
            "2021-06-01",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning[W0701]"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("no change in text or tags"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn amend_apply_writes_the_consolidated_version() {
    let ws = workspace();
    let out = lexgap(ws.path())
        .args(["amend", "apply", "codes/XX/bills/b.bill", "-o", "next.law"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(ws.path().join("next.law")).expect("written");
    assert!(written.contains("version 2021-01-01"), "{written}");
    assert!(written.contains("source \"Gazette 9/2021\""), "{written}");
    assert!(written.contains("penalty prison 1y..8y"), "{written}");
    // Without -o: the same text on stdout.
    let out = lexgap(ws.path())
        .args(["amend", "apply", "codes/XX/bills/b.bill"])
        .output()
        .expect("runs");
    assert_eq!(text(&out.stdout), written);
}

#[test]
fn amend_apply_never_writes_over_an_input() {
    let ws = workspace();
    let target = "codes/XX/criminal-code/2021-01-01.law";
    for o in [
        target,
        "codes/XX/bills/b.bill",
        "./codes/XX/criminal-code/../criminal-code/2020-01-01.law",
    ] {
        let out = lexgap(ws.path())
            .args(["amend", "apply", "codes/XX/bills/b.bill", "-o", o])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{o}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("input file"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read_to_string(ws.path().join(target)).unwrap(), V2);
}

#[test]
fn amend_apply_refuses_a_draft() {
    let ws = workspace();
    std::fs::write(
        ws.path().join("draft.bill"),
        BILL.replace("status adopted", "status draft"),
    )
    .unwrap();
    let out = lexgap(ws.path())
        .args(["amend", "apply", "draft.bill", "-o", "next.law"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E0715]"), "{stderr}");
    assert!(stderr.contains("draft.bill:2:10"), "{stderr}");
    assert!(!ws.path().join("next.law").exists());
}

#[test]
fn bundled_corpus_diffs_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    for j in ["ME", "MK"] {
        let out = lexgap(dir.path())
            .args(["diff", j, "--from", "2022-01-01", "--to", "2024-06-01"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("criminal-code 20"), "{stdout}");
        assert!(stdout.contains("inserted"), "{stdout}");
    }
    let out = lexgap(dir.path())
        .args(["diff", "ME", "--bill", "codes/ME/bills/2023-firearms.bill"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("article 403a — inserted"));
}

/// `diff --from` reads the jurisdiction's own files (and its ancestors' acts): another
/// jurisdiction's errors and a broken bill do not stop it; an error in its own law does, rendered
/// with its place, exit 1.
#[test]
fn diff_between_days_refuses_only_its_own_errors() {
    let ws = workspace();
    let root = ws.path();
    let other = root.join("codes/YY/criminal-code");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(
        other.join("2020-01-01.law"),
        "act criminal-code\n  nonsense here\n",
    )
    .expect("write");
    std::fs::write(root.join("codes/XX/bills/broken.bill"), "bill\n  ???\n").expect("write");
    let run = || {
        lexgap(root)
            .args(["diff", "XX", "--from", "2020-06-01", "--to", "2021-06-01"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 changed"),
        "{}",
        text(&out.stdout)
    );

    let broken = V2.replace("penalty prison 1y..8y", "penalty prison 8y..1y years");
    std::fs::write(root.join("codes/XX/criminal-code/2021-01-01.law"), broken).expect("write");
    let out = run();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("codes/XX/criminal-code/2021-01-01.law:"),
        "{stderr}"
    );
    assert!(stderr.contains("the law of XX has errors"), "{stderr}");
    assert!(!stderr.contains("codes/YY"), "{stderr}");
    assert!(!stderr.contains("broken.bill"), "{stderr}");
    assert!(out.stdout.is_empty());

    let out = lexgap(root)
        .args(["diff", "ZZ", "--from", "2020-06-01"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("has no law of jurisdiction `ZZ`"));
}
