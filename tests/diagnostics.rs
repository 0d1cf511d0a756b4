//! Snapshot tests of the exact diagnostics `lexgap check` prints for malformed files.
//!
//! Each file under tests/fixtures/malformed/ is broken in one (or, for `garbled_middle`, two)
//! ways. The test runs the real binary on it from that folder, as a user would, and compares the
//! whole output with the reviewed snapshot in tests/snapshots/.

use assert_cmd::Command;
use std::path::Path;

fn check(dir: &Path, file: &str) -> (i32, String) {
    let out = Command::cargo_bin("lexgap")
        .expect("the lexgap binary is built for integration tests")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", file])
        .output()
        .expect("lexgap runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn malformed_files() {
    insta::glob!("fixtures/malformed/**/*.law", |path| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed");
        let rel = path.strip_prefix(&dir).expect("fixture under its folder");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (code, out) = check(&dir, &rel);
        assert_eq!(code, 1, "{rel} must be refused:\n{out}");
        assert!(out.contains("error["), "{rel} must report an error:\n{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn garbled_line_reports_its_place_and_a_later_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed");
    let (_, out) = check(&dir, "garbled_middle.law");
    assert!(out.contains("garbled_middle.law:21:7"), "{out}");
    assert!(out.contains("garbled_middle.law:26:31"), "{out}");
}
