//! Hostile and broken inputs, run through the real binary on scratch workspaces.
//!
//! Each test asserts what a user sees: a clear error that names the file and line (or correct
//! handling), the documented exit code (1 findings, 2 I/O or usage), and never "internal
//! error" — the panic guard's message — nor a crash. Big inputs are generated here rather than
//! committed, and each test stays within a few seconds in a debug build; the timings of the big
//! ones are printed (`cargo test --test hostile -- --nocapture`). The malformed fixtures
//! (`tests/fixtures/malformed/`, snapshot-tested in `tests/diagnostics.rs`) cover the exact
//! wording of many of these diagnostics; here it is the process-level behaviour.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const LAW: &str = "codes/RS/criminal-code/2019-12-01.law";

const HEADER: &str = "act criminal-code \"Criminal Code\"
  jurisdiction RS
  version 2019-12-01
  source \"Official Gazette 85/2005\"
  language en
  rendering unofficial
";

const ARTICLE: &str = "
article 348 \"Weapons\"
  para 1
    text en: Whoever keeps firearms without authorisation.
    offence
      conduct possess
      object firearm
      penalty prison 6m..5y + fine
";

/// A workspace with a `lexgap.toml` and the given files (paths relative to its root).
fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("lexgap.toml"), "name = \"hostile\"\n").expect("write");
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
    }
    dir
}

/// A workspace whose only file is `LAW` with these bytes.
fn with_law(bytes: &[u8]) -> tempfile::TempDir {
    workspace(&[(LAW, bytes)])
}

/// The binary under test: this crate's, or the one `LEXGAP_BIN` names (to measure another
/// build, e.g. `LEXGAP_BIN=target/release/lexgap`, or main's for a before/after).
fn binary() -> PathBuf {
    std::env::var_os("LEXGAP_BIN")
        .map_or_else(|| assert_cmd::cargo::cargo_bin("lexgap"), PathBuf::from)
}

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// The result of one run of the binary.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| s.chars().take(3000).collect::<String>();
        write!(
            f,
            "exit {:?} after {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.code,
            self.took,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let out: Output = lexgap(dir).args(args).output().expect("runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    }
}

impl Run {
    /// The process ended on its own with a documented exit code and no panic.
    fn handled(&self) -> &Self {
        assert!(
            matches!(self.code, Some(0..=2)),
            "exit code must be 0, 1 or 2: {self:?}"
        );
        for text in [&self.stdout, &self.stderr] {
            assert!(!text.contains("internal error"), "{self:?}");
            assert!(!text.contains("panicked"), "{self:?}");
        }
        self
    }

    fn exits(&self, code: i32) -> &Self {
        self.handled();
        assert_eq!(self.code, Some(code), "{self:?}");
        self
    }

    /// The output points at `file:line:` (the caret snippet's location line, or a message).
    fn points_at(&self, file: &str, line: usize) -> &Self {
        let at = format!("{file}:{line}:");
        assert!(
            self.stdout.contains(&at) || self.stderr.contains(&at),
            "expected a diagnostic at {at}: {self:?}"
        );
        self
    }

    fn says(&self, what: &str) -> &Self {
        assert!(
            self.stdout.contains(what) || self.stderr.contains(what),
            "expected {what:?}: {self:?}"
        );
        self
    }

    fn within(&self, limit: Duration) -> &Self {
        assert!(self.took < limit, "took {:?}: {self:?}", self.took);
        self
    }
}

fn read(dir: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(dir.join(rel)).expect("read")
}

/// `fmt` must leave a file it cannot parse exactly as it was.
fn fmt_leaves_alone(dir: &Path, rel: &str) {
    let before = read(dir, rel);
    run(dir, &["fmt"]).exits(1);
    assert_eq!(
        read(dir, rel),
        before,
        "fmt changed a file it could not parse"
    );
}

// ------------------------------------------------------------------------ encodings and bytes

#[test]
fn empty_file() {
    let ws = with_law(b"");
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 1)
        .says("E0108")
        .says("the file is empty");
    fmt_leaves_alone(ws.path(), LAW);
}

#[test]
fn only_a_byte_order_mark() {
    let ws = with_law(b"\xEF\xBB\xBF");
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 1)
        .says("the file is empty");
    fmt_leaves_alone(ws.path(), LAW);
}

#[test]
fn nul_bytes() {
    let text = format!("{HEADER}{ARTICLE}").replace("firearms without", "firearms\0without");
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 10)
        .says("E0003")
        .says("NUL byte");
    fmt_leaves_alone(ws.path(), LAW);
    // A UTF-16 file (every other byte NUL) is the common way to get here.
    let utf16: Vec<u8> = HEADER.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let ws = with_law(&[b"\xFF\xFE".as_slice(), &utf16].concat());
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 1)
        .says("not valid UTF-8");
}

#[test]
fn invalid_utf8_in_the_middle_of_a_line() {
    let mut bytes = format!("{HEADER}{ARTICLE}").into_bytes();
    let at = bytes
        .windows(8)
        .position(|w| w == b"firearms")
        .expect("word");
    bytes.splice(at..at, *b"\xC3\x28 \xFF");
    let ws = with_law(&bytes);
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 10)
        .says("E0002")
        .says("0xc3");
    fmt_leaves_alone(ws.path(), LAW);
    run(ws.path(), &["check", "--format", "json"])
        .exits(1)
        .says("\"line\": 10");
}

#[test]
fn control_characters_are_shown_harmlessly() {
    // An escape sequence in a .law file must not reach the terminal raw: it could retitle the
    // window, clear the screen or hide text in the report of errors.
    let text = format!("{HEADER}{ARTICLE}")
        .replace("jurisdiction RS", "jurisdiction RS\u{1b}]0;owned\u{7}")
        .replace("version 2019-12-01", "version 2019-12-01\u{1b}[2J");
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    r.exits(1).points_at(LAW, 2).points_at(LAW, 3);
    assert!(!r.stdout.contains('\u{1b}'), "{r:?}");
    assert!(!r.stdout.contains('\u{7}'), "{r:?}");
}

#[test]
fn mixed_crlf_and_lf() {
    // Every other line ends in CRLF.
    let mixed = |text: &str| -> String {
        text.lines()
            .enumerate()
            .map(|(i, l)| format!("{l}{}", if i % 2 == 0 { "\r\n" } else { "\n" }))
            .collect()
    };
    let text = mixed(&format!("{HEADER}{ARTICLE}"));
    assert!(text.matches('\n').count() > text.matches("\r\n").count());
    // A broken line among them is located on the right line (13, after a CRLF line).
    let ws = with_law(text.replace("object firearm", "object firearm,").as_bytes());
    run(ws.path(), &["check"]).exits(1).points_at(LAW, 13);
    let r = run(ws.path(), &["check", "--format", "json"]);
    r.exits(1).says("\"line\": 13");

    // A clean file with mixed line ends checks clean, and fmt writes it with LF only and the
    // same content.
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"]).exits(0);
    run(ws.path(), &["fmt"]).exits(0).says("formatted");
    let after = String::from_utf8(read(ws.path(), LAW)).expect("utf-8");
    assert!(!after.contains('\r'), "{after}");
    assert_eq!(
        lexgap::syntax::parse_law(&after).0,
        lexgap::syntax::parse_law(&text).0
    );
    run(ws.path(), &["fmt", "--check"]).exits(0);
}

#[test]
fn old_mac_line_ends() {
    // CR alone does not end a line; the whole file is one line, and the error says where.
    let text = format!("{HEADER}{ARTICLE}").replace('\n', "\r");
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"]).exits(1).points_at(LAW, 1);
    fmt_leaves_alone(ws.path(), LAW);
}

#[test]
fn right_to_left_and_zero_width_characters_in_identifiers() {
    let cases = [
        (
            "conduct possess",
            "conduct \u{200F}possess",
            "U+200F RIGHT-TO-LEFT MARK",
        ),
        (
            "object firearm",
            "object fire\u{200B}arm",
            "U+200B ZERO WIDTH SPACE",
        ),
        ("jurisdiction RS", "jurisdiction \u{202E}RS", "U+202E"),
        ("language en", "language e\u{2060}n", "U+2060 WORD JOINER"),
        (
            "article 348",
            "article 3\u{200D}48",
            "U+200D ZERO WIDTH JOINER",
        ),
        (
            "act criminal-code",
            "act criminal\u{00AD}code",
            "U+00AD SOFT HYPHEN",
        ),
    ];
    for (from, to, name) in cases {
        let text = format!("{HEADER}{ARTICLE}").replace(from, to);
        let line = text.lines().position(|l| l.contains(to)).expect("replaced") + 1;
        let ws = with_law(text.as_bytes());
        run(ws.path(), &["check"])
            .exits(1)
            .points_at(LAW, line)
            .says(name);
        fmt_leaves_alone(ws.path(), LAW);
    }
    // In the text of a provision, right-to-left scripts and marks are ordinary content.
    let text = format!("{HEADER}{ARTICLE}").replace(
        "Whoever keeps firearms",
        "\u{5DE}\u{5D9} \u{200F}\u{5E9}\u{5DE}\u{5D7}\u{5D6}\u{5D9}\u{5E7} \u{200B}firearms",
    );
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"]).exits(0);
    run(ws.path(), &["fmt", "--check"]).exits(0);
}

#[test]
fn bidirectional_controls_that_hide_what_a_line_says() {
    // "Trojan Source": a right-to-left override in a comment makes an editor show
    // `conduct sell # ,manufacture` as if `manufacture` were a tag. lexgap reads the line as it
    // is, and warns where such a character hides.
    let text = format!("{HEADER}{ARTICLE}").replace(
        "conduct possess",
        "conduct possess # \u{202E} ,manufacture \u{2066}",
    );
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"])
        .exits(0)
        .says("W0001")
        .points_at(LAW, 12)
        .says("U+202E")
        .says("U+2066");
    run(ws.path(), &["check", "--deny-warnings"]).exits(1);
}

// ------------------------------------------------------------------------ sizes and depths

#[test]
fn a_line_of_one_megabyte() {
    let words = "firearm ".repeat(128 * 1024);
    // As the text of a provision: ordinary content, read and formatted.
    let text = format!("{HEADER}{ARTICLE}").replace("Whoever keeps", &words);
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    r.exits(0).within(Duration::from_secs(20));
    println!("1 MB text line: check {:?}", r.took);
    run(ws.path(), &["fmt", "--check"]).exits(0);

    // As garbage where a keyword belongs: one located error, and the snippet is cut, not a
    // megabyte of terminal output.
    let text =
        format!("{HEADER}{ARTICLE}").replace("      object firearm", &format!("      {words}"));
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    r.exits(1)
        .points_at(LAW, 13)
        .within(Duration::from_secs(20));
    assert!(
        r.stdout.len() < 10_000,
        "output of {} bytes",
        r.stdout.len()
    );
    println!("1 MB garbage line: check {:?}", r.took);

    // As a comment: kept by fmt, byte for byte.
    let text = format!("{HEADER}# {words}\n{ARTICLE}").replace("  para 1", "  para 1 # x");
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["fmt"]).exits(0);
    let after = String::from_utf8(read(ws.path(), LAW)).expect("utf-8");
    assert!(after.contains(words.trim_end()));
}

#[test]
fn ten_thousand_nested_points() {
    // One column more per level, written with as many tabs (8 columns each) as fit and spaces
    // for the rest: 10,000 levels in a 6 MB file.
    let mut text = format!("{HEADER}\narticle 1\n");
    for level in 1..=10_000 {
        text.extend(std::iter::repeat_n('\t', level / 8));
        text.extend(std::iter::repeat_n(' ', level % 8));
        text.push_str("point a\n");
    }
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    // The point one level below the limit (32) is the one reported; the rest is skipped.
    let first_too_deep = HEADER.lines().count() + 2 + 33;
    r.exits(1)
        .says("E0106")
        .points_at(LAW, first_too_deep)
        .within(Duration::from_secs(30));
    assert!(
        r.stdout.len() < 10_000,
        "output of {} bytes",
        r.stdout.len()
    );
    println!(
        "10,000 nested points ({} MB): check {:?}",
        text.len() / 1_000_000,
        r.took
    );
}

#[test]
fn one_hundred_thousand_articles() {
    // Laid out with four spaces per level, so that fmt has every line to rewrite; one number
    // is used twice, which check must find among them all.
    let mut text = String::from(HEADER);
    for n in 1..=100_000 {
        let n = if n == 99_999 { 7 } else { n };
        text.push_str(&format!(
            "\narticle {n}\n    para 1\n        text en: Article {n}.\n"
        ));
    }
    let ws = with_law(text.as_bytes());
    let check = run(ws.path(), &["check"]);
    check
        .exits(1)
        .says("E0203")
        .says("1 error,")
        .within(Duration::from_secs(30));
    let fmt = run(ws.path(), &["fmt"]);
    fmt.exits(0)
        .says("reformatted 1")
        .within(Duration::from_secs(30));
    let after = String::from_utf8(read(ws.path(), LAW)).expect("utf-8");
    assert_eq!(after.matches("\narticle ").count(), 100_000);
    assert!(after.contains("\narticle 100000\n  para 1\n    text en: Article 100000.\n"));
    println!(
        "100,000 articles ({} MB): check {:?}, fmt {:?}",
        text.len() / 1_000_000,
        check.took,
        fmt.took
    );
}

/// Regression (session 11): units of one number share one path, and the table units are found
/// in by path gave each duplicate a slot of its own, probing past all the earlier ones — a
/// check of this file took minutes.
#[test]
fn one_hundred_thousand_articles_of_one_number() {
    let mut text = String::from(HEADER);
    for _ in 0..100_000 {
        text.push_str("\narticle 1\n  text en: Whoever keeps firearms.\n");
    }
    let ws = with_law(text.as_bytes());
    let check = run(ws.path(), &["check"]);
    check.exits(1).says("E0203").within(Duration::from_secs(30));
    println!("100,000 articles numbered 1: check {:?}", check.took);
}

#[test]
fn twenty_thousand_errors_in_one_file() {
    let mut text = String::from(HEADER);
    for n in 1..=20_000 {
        text.push_str(&format!("\nartcle {n}\n"));
    }
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    r.exits(1)
        .says("20000 errors")
        .points_at(LAW, 8)
        .within(Duration::from_secs(30));
    println!("20,000 errors: check {:?}", r.took);
}

#[test]
fn an_article_number_of_five_hundred_digits() {
    let text = format!("{HEADER}{ARTICLE}")
        .replace("article 348", &format!("article {}", "9".repeat(500)));
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 8)
        .says("at most 24 characters");
    fmt_leaves_alone(ws.path(), LAW);
    // The same in a reference and a duration: refused, not wrapped around.
    let text = format!("{HEADER}{ARTICLE}").replace(
        "conduct possess",
        &format!("aggravates article {}", "1".repeat(500)),
    );
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"]).exits(1).points_at(LAW, 12);
    let text = format!("{HEADER}{ARTICLE}").replace("6m..5y", &format!("6m..{}y", "9".repeat(500)));
    let ws = with_law(text.as_bytes());
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(LAW, 14)
        .says("too large");
}

#[test]
fn a_file_over_the_size_limit() {
    let ws = workspace(&[]);
    let path = ws.path().join(LAW);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let f = std::fs::File::create(&path).expect("create");
    // Sparse: 65 MiB of zeros without writing them.
    f.set_len(65 * 1024 * 1024).expect("set_len");
    drop(f);
    run(ws.path(), &["check"])
        .exits(1)
        .says("E0001")
        .says("at most 64 MiB")
        .says(LAW);
    fmt_leaves_alone(ws.path(), LAW);
}

// ------------------------------------------------------------------------ YAML

const JURISDICTION: &str = "codes/RS/jurisdiction.yaml";
const ASSESSMENTS: &str = "codes/RS/assessments.yaml";
const PROTOCOL: &str = "protocol/firearms-protocol.yaml";

/// "Billion laughs": ten levels of anchors, each nine aliases of the one before, 9^9 strings
/// in a 700-byte file.
fn alias_bomb() -> String {
    let mut yaml = String::from(
        "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

/// The repository's own protocol file, for workspaces that need a real instrument.
fn bundled(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("bundled file")
}

impl Run {
    /// The output points somewhere in `file` (`file:LINE:COL`), whatever the line.
    fn located_in(&self, file: &str) -> &Self {
        let at = format!("{file}:");
        let located = [&self.stdout, &self.stderr].iter().any(|out| {
            out.match_indices(&at).any(|(i, _)| {
                out[i + at.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
        });
        assert!(located, "expected a diagnostic located in {file}: {self:?}");
        self
    }
}

#[test]
fn yaml_alias_bomb() {
    let bomb = alias_bomb();
    // In each kind of YAML file lexgap reads; the jurisdiction file keeps its real content
    // around the bomb, so the bomb is what fails, not the shape.
    let jurisdiction = bundled(JURISDICTION).replacen("id: RS\n", &format!("id: RS\n{bomb}"), 1);
    let protocol = format!("{bomb}{}", bundled(PROTOCOL));
    for (rel, text) in [
        (JURISDICTION, jurisdiction.as_str()),
        (ASSESSMENTS, bomb.as_str()),
        (PROTOCOL, protocol.as_str()),
    ] {
        let law = format!("{HEADER}{ARTICLE}");
        let ws = workspace(&[(LAW, law.as_bytes()), (rel, text.as_bytes())]);
        let r = run(ws.path(), &["check"]);
        r.exits(1)
            .says("E0401")
            .located_in(rel)
            .within(Duration::from_secs(20));
        assert!(r.stdout.len() < 20_000, "{r:?}");
        println!("alias bomb in {rel}: check {:?}", r.took);
    }
    // Where the bomb is read whole before the shape is checked, the message says what it is.
    let ws = workspace(&[(JURISDICTION, jurisdiction.as_bytes())]);
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(JURISDICTION, 7)
        .says("aliases")
        .says("alias bomb");
}

#[test]
fn yaml_nested_ten_thousand_deep() {
    let flow = format!("{}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    let block = format!("id: RS\nname:\n{}x\n", "- ".repeat(10_000));
    let sequences = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    for (rel, text) in [
        (JURISDICTION, &flow),
        (JURISDICTION, &block),
        (ASSESSMENTS, &sequences),
        (PROTOCOL, &flow),
        (PROTOCOL, &sequences),
    ] {
        let ws = workspace(&[(rel, text.as_bytes())]);
        run(ws.path(), &["check"])
            .exits(1)
            .says("E0401")
            .located_in(rel)
            .within(Duration::from_secs(20));
    }
    let ws = workspace(&[(JURISDICTION, block.as_bytes())]);
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(JURISDICTION, 3)
        .says("nests too deeply");
}

#[test]
fn yaml_duplicate_key() {
    let jurisdiction = bundled(JURISDICTION).replacen("languages:", "id: RS\nlanguages:", 1);
    let line = jurisdiction
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("id: RS"))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("second id");
    let ws = workspace(&[(JURISDICTION, jurisdiction.as_bytes())]);
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(JURISDICTION, line)
        .says("duplicate");
    // A top-level key of the instrument given twice.
    let protocol = bundled(PROTOCOL);
    let twice = format!("{protocol}\nfacets: []\n");
    let ws = workspace(&[(PROTOCOL, twice.as_bytes())]);
    run(ws.path(), &["check"])
        .exits(1)
        .points_at(PROTOCOL, protocol.lines().count() + 2)
        .says("duplicate");
}

#[test]
fn yaml_empty_bom_only_and_broken_bytes() {
    // Every key of a jurisdiction file is optional (the folder names the jurisdiction), so an
    // empty one is valid; an instrument with nothing in it is not.
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"# only a comment\n"] {
        let ws = workspace(&[(JURISDICTION, empty)]);
        run(ws.path(), &["check"]).exits(0);
        let ws = workspace(&[(PROTOCOL, empty)]);
        run(ws.path(), &["check"]).exits(1).located_in(PROTOCOL);
    }
    for (bytes, code) in [(&b"id: R\xFFS\n"[..], "E0002"), (b"id: RS\0\n", "E0003")] {
        let ws = workspace(&[(JURISDICTION, bytes)]);
        run(ws.path(), &["check"])
            .exits(1)
            .points_at(JURISDICTION, 1)
            .says(code);
    }
}

#[test]
fn yaml_tags_and_variables_are_not_followed() {
    // YAML libraries can include files (`!include`) or substitute environment variables
    // (`${HOME}`); lexgap's reader does neither, so a file cannot make it read another file
    // or leak the environment into a report.
    let secret = "lexgap-secret-7f3a";
    let ws = workspace(&[("outside.txt", secret.as_bytes())]);
    let outside = ws.path().join("outside.txt");
    let jurisdiction = bundled(JURISDICTION)
        .replacen(
            "  en: Serbia",
            &format!("  en: !include {}", outside.display()),
            1,
        )
        .replacen("  sr-Latn: Srbija", "  sr-Latn: ${LEXGAP_TEST_SECRET}", 1);
    let rel_path = ws.path().join(JURISDICTION);
    std::fs::create_dir_all(rel_path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&rel_path, jurisdiction).expect("write");
    let out = lexgap(ws.path())
        .env("LEXGAP_TEST_SECRET", secret)
        .args(["analyze", "RS", "--format", "json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains(secret) && !stderr.contains(secret),
        "{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("internal error"), "{stderr}");
    run(ws.path(), &["check"]).handled();
}

#[test]
fn an_instrument_asking_for_a_trillion_cells() {
    // Found while writing hostile instruments: a requirement is the product of its value lists,
    // so an 80 kB protocol file with six facets of 100 values each asked `analyze` for 10^12
    // cells, and it aborted when memory ran out. Obligations over the limit are now refused.
    let mut facets = String::new();
    let mut lists = String::new();
    for f in 0..6 {
        facets.push_str(&format!(
            "  - id: f{f}\n    label: f{f}\n    explanation: x\n    role: element\n    used-in: [offence]\n    when-absent: nothing\n    values:\n"
        ));
        let ids: Vec<String> = (0..100).map(|i| format!("v{i}")).collect();
        for id in &ids {
            facets.push_str(&format!(
                "      - id: {id}\n        label: {id}\n        explanation: x\n"
            ));
        }
        lists.push_str(&format!("            f{f}: [{}]\n", ids.join(", ")));
    }
    let bomb = format!(
        "  - id: FP-BOMB\n    article: Art 99\n    title: Cell bomb\n    kind: mandatory\n    domain: criminal\n    summary: x\n    requirement:\n      parts:\n        - id: i\n          label: all\n          offence:\n{lists}    verification: verified\n    references: []\n    recommendation: x\n"
    );
    let protocol = bundled(PROTOCOL)
        .replacen("facets:\n", &format!("facets:\n{facets}"), 1)
        .replacen("obligations:\n", &format!("obligations:\n{bomb}"), 1);
    let line = protocol
        .lines()
        .position(|l| l.contains("id: FP-BOMB"))
        .expect("bomb")
        + 1;
    let ws = workspace(&[
        (PROTOCOL, protocol.as_bytes()),
        (LAW, format!("{HEADER}{ARTICLE}").as_bytes()),
    ]);
    run(ws.path(), &["check"])
        .exits(1)
        .says("E0407")
        .says("1000000000000 cells")
        .points_at(PROTOCOL, line);
    // The rest of the instrument is still analysed, in bounded time and memory.
    run(ws.path(), &["analyze", "RS", "--at", "2020-01-01"])
        .exits(1)
        .says("mandatory obligations")
        .within(Duration::from_secs(30));
}

// ------------------------------------------------------------------------ the file system

#[cfg(unix)]
#[test]
fn a_law_file_that_is_a_device_or_a_pipe() {
    // Found while testing hostile file systems: a `.law` link to /dev/zero was read without
    // end (memory exhausted before the size limit was applied), and a named pipe blocked for
    // ever. Input files are now read only if they are regular files, and never past the limit.
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    std::os::unix::fs::symlink(
        "/dev/zero",
        ws.path().join("codes/RS/criminal-code/2020-01-01.law"),
    )
    .expect("symlink");
    run(ws.path(), &["check"])
        .exits(2)
        .says("2020-01-01.law")
        .says("not a regular file")
        .within(Duration::from_secs(10));
    run(
        ws.path(),
        &["check", "codes/RS/criminal-code/2020-01-01.law"],
    )
    .exits(2)
    .says("not a regular file");
    run(ws.path(), &["fmt", "codes/RS/criminal-code/2020-01-01.law"])
        .exits(2)
        .says("not a regular file");

    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    let fifo = ws.path().join("codes/RS/criminal-code/2021-01-01.law");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped the named pipe: no mkfifo here");
        return;
    }
    run(ws.path(), &["check"])
        .exits(2)
        .says("2021-01-01.law")
        .says("not a regular file")
        .within(Duration::from_secs(10));
    run(ws.path(), &["fmt"]).exits(2).says("not a regular file");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_codes() {
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    std::os::unix::fs::symlink("..", ws.path().join("codes/RS/loop")).expect("symlink");
    std::os::unix::fs::symlink("../BB", ws.path().join("codes/AA")).expect("symlink");
    std::os::unix::fs::symlink("../AA", ws.path().join("codes/BB")).expect("symlink");
    run(ws.path(), &["check"])
        .exits(2)
        .says("codes/RS/loop")
        .says("symbolic link loop")
        .within(Duration::from_secs(10));
    run(ws.path(), &["fmt"]).exits(2).says("codes/RS/loop");
    run(ws.path(), &["check", "codes/RS"]).exits(2).says("loop");
}

#[cfg(unix)]
#[test]
fn fmt_through_a_symbolic_link_keeps_the_link() {
    // Found while testing hostile file systems: fmt used to rename its output over the link,
    // replacing the link with a copy and leaving the real file unformatted.
    let messy = format!("{HEADER}{ARTICLE}").replace("  para 1", "    para 1");
    let ws = workspace(&[("shared/rs.law", messy.as_bytes())]);
    let link = ws.path().join(LAW);
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink("../../../shared/rs.law", &link).expect("symlink");
    run(ws.path(), &["fmt"]).exits(0).says("formatted");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("stat")
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    let real = String::from_utf8(read(ws.path(), "shared/rs.law")).expect("utf-8");
    assert!(
        real.contains("\n  para 1\n"),
        "the real file was formatted: {real}"
    );
    run(ws.path(), &["fmt", "--check"]).exits(0);
}

#[cfg(unix)]
#[test]
fn fmt_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let messy = format!("{HEADER}{ARTICLE}").replace("  para 1", "    para 1");
    let ws = with_law(messy.as_bytes());
    let path = ws.path().join(LAW);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    run(ws.path(), &["fmt"]).exits(0).says("formatted");
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a private draft stays private");
}

/// Runs `args` in `dir` as an unprivileged user when this test runs as root (whom a read-only
/// folder does not stop), using `setpriv`; `None` when that is not possible here.
#[cfg(unix)]
fn run_unprivileged(dir: &Path, probe: &Path, args: &[&str]) -> Option<Run> {
    // Whoever can create a file in the read-only folder is privileged.
    let privileged = std::fs::write(probe, b"x").is_ok();
    let _ = std::fs::remove_file(probe);
    if !privileged {
        return Some(run(dir, args));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let bin = assert_cmd::cargo::cargo_bin("lexgap");
    let start = Instant::now();
    let out = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    Some(Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    })
}

#[cfg(unix)]
#[test]
fn fmt_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt as _;
    let messy = format!("{HEADER}{ARTICLE}").replace("  para 1", "    para 1");
    let ws = with_law(messy.as_bytes());
    let folder = ws.path().join("codes/RS/criminal-code");
    // Readable by anyone (the unprivileged user too), writable by no one.
    for dir in [
        ws.path(),
        &ws.path().join("codes"),
        &ws.path().join("codes/RS"),
    ] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    std::fs::set_permissions(ws.path().join(LAW), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    std::fs::set_permissions(
        ws.path().join("lexgap.toml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let result = run_unprivileged(ws.path(), &folder.join("probe"), &["fmt"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let Some(r) = result else {
        eprintln!("skipped: running privileged and cannot drop privileges (no setpriv)");
        return;
    };
    r.exits(2).says("cannot write").says(LAW);
    assert_eq!(
        String::from_utf8(read(ws.path(), LAW)).expect("utf-8"),
        messy
    );
    let left: Vec<_> = std::fs::read_dir(&folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file left behind: {left:?}");
}

#[test]
fn interrupted_fmt_leaves_every_file_whole() {
    // Many files to rewrite; the run is killed part-way. Every file must then be either the
    // original or the complete formatted text — never a truncated mix — whenever the kill lands.
    let mut files = Vec::new();
    for j in 0..200 {
        let mut text = HEADER.replace("criminal-code", &format!("act-{j}"));
        for n in 1..=300 {
            text.push_str(&format!(
                "\narticle {n}\n    para 1\n        text en: Article {n}.\n"
            ));
        }
        files.push((format!("codes/RS/act-{j}/2019-12-01.law"), text));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let ws = workspace(&refs);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("lexgap"))
        .arg("fmt")
        .current_dir(ws.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(150));
    let _ = child.kill();
    let _ = child.wait();
    let mut done = 0;
    for (rel, original) in &files {
        let now = String::from_utf8(read(ws.path(), rel)).expect("utf-8");
        if now != *original {
            let formatted = lexgap::syntax::format_law(&lexgap::syntax::parse_law(original).0);
            assert_eq!(
                now, formatted,
                "{rel} is neither the original nor the formatted text"
            );
            done += 1;
        }
    }
    println!(
        "interrupted fmt: {done} of {} files had been rewritten",
        files.len()
    );
    // Nothing visible is left behind: a stray temporary file is hidden (and never read).
    for (rel, _) in &files {
        let folder: PathBuf = ws.path().join(rel).parent().expect("parent").to_path_buf();
        for entry in std::fs::read_dir(folder).expect("list") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            assert!(name == "2019-12-01.law" || name.starts_with('.'), "{name}");
        }
    }
    run(ws.path(), &["check"]).exits(0);
}

#[test]
fn output_into_a_closed_pipe() {
    // Found while testing hostile YAML: `lexgap check | head` panicked on the broken pipe and
    // printed "lexgap stopped on an internal error". The reader leaving early is no bug.
    use std::io::Read as _;
    let mut text = String::from(HEADER);
    for n in 1..=5_000 {
        text.push_str(&format!("\nartcle {n}\n"));
    }
    let ws = with_law(text.as_bytes());
    for args in [&["check"][..], &["check", "--format", "json"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("lexgap"))
            .args(args)
            .current_dir(ws.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 100];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("some output");
        // The reading end is closed here, with megabytes still to come.
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("internal error"), "{stderr}");
        assert!(stderr.trim().is_empty(), "{stderr}");
        assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
    }
}

// ------------------------------------------------------------------------ report output

#[cfg(unix)]
#[test]
fn report_output_that_is_another_name_for_an_input() {
    // tests/report_cli.rs covers `-o` naming an input or a template directly; here the same
    // file under other names.
    let law = format!("{HEADER}{ARTICLE}");
    let ws = with_law(law.as_bytes());
    std::os::unix::fs::symlink(LAW, ws.path().join("alias.html")).expect("symlink");
    for o in [
        "alias.html",
        "./codes/../codes/RS/criminal-code/2019-12-01.law",
        "lexgap.toml",
    ] {
        run(ws.path(), &["report", "gap", "RS", "-o", o])
            .exits(2)
            .says("never writes over its input");
    }
    assert_eq!(read(ws.path(), LAW), law.as_bytes());
    // A hard link is another name for the same bytes: the report replaces the link's name,
    // and the input keeps its content.
    std::fs::hard_link(ws.path().join(LAW), ws.path().join("hard.html")).expect("hard link");
    run(ws.path(), &["report", "gap", "RS", "-o", "hard.html"]).handled();
    assert_eq!(read(ws.path(), LAW), law.as_bytes());
}

#[cfg(unix)]
#[test]
fn report_output_into_a_missing_or_read_only_folder() {
    use std::os::unix::fs::PermissionsExt as _;
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    run(
        ws.path(),
        &["report", "gap", "RS", "-o", "no/such/folder/gap.html"],
    )
    .exits(2)
    .says("cannot write")
    .says("no/such/folder/gap.html");
    run(
        ws.path(),
        &["report", "gap", "RS", "-o", &format!("{LAW}/gap.html")],
    )
    .exits(2)
    .says("cannot write");
    assert!(!ws.path().join("no").exists());

    let out = ws.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    for dir in [
        ws.path(),
        &ws.path().join("codes"),
        &ws.path().join("codes/RS"),
        &ws.path().join("codes/RS/criminal-code"),
    ] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    for file in [ws.path().join(LAW), ws.path().join("lexgap.toml")] {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let single = run_unprivileged(
        ws.path(),
        &out.join("probe"),
        &["report", "gap", "RS", "-o", "out/gap.html"],
    );
    let set = run_unprivileged(ws.path(), &out.join("probe"), &["report", "-o", "out"]);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (Some(single), Some(set)) = (single, set) else {
        eprintln!("skipped the read-only folder: running privileged and cannot drop privileges");
        return;
    };
    single.exits(2).says("cannot write").says("out/gap.html");
    set.exits(2).says("out");
    assert_eq!(
        std::fs::read_dir(&out).expect("list").count(),
        0,
        "nothing left behind"
    );
}

#[cfg(unix)]
#[test]
fn report_output_that_is_a_pipe() {
    // Found while testing report output: write_atomic renamed its file over whatever `-o`
    // named, so a named pipe (or, run as root, `-o /dev/null`) was replaced by a plain file.
    use std::os::unix::fs::FileTypeExt as _;
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    let fifo = ws.path().join("pipe.html");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no mkfifo here");
        return;
    }
    run(ws.path(), &["report", "gap", "RS", "-o", "pipe.html"])
        .exits(2)
        .says("not a regular file")
        .within(Duration::from_secs(20));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("stat")
            .file_type()
            .is_fifo()
    );
}

#[cfg(unix)]
#[test]
fn a_template_or_a_bill_that_is_a_pipe() {
    // Templates and bills named on the command line were read with fs::read: a named pipe
    // among them blocked the run for ever. They now go through the same reader as all input.
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    std::fs::create_dir_all(ws.path().join("mine/gap")).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(ws.path().join("mine/gap/report.html"))
        .arg(ws.path().join("draft.bill"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no mkfifo here");
        return;
    }
    run(ws.path(), &["report", "gap", "RS", "--templates", "mine"])
        .exits(2)
        .says("not a regular file")
        .within(Duration::from_secs(20));
    run(
        ws.path(),
        &["report", "amendment", "RS", "--bill", "draft.bill"],
    )
    .exits(2)
    .says("not a regular file")
    .within(Duration::from_secs(20));
    run(ws.path(), &["diff", "RS", "--bill", "draft.bill"])
        .exits(2)
        .says("not a regular file")
        .within(Duration::from_secs(20));
}

#[test]
fn interrupted_report_set_leaves_every_file_whole() {
    // The whole report set of the bundled corpus, killed part-way: every file written is
    // complete — byte for byte what an uninterrupted run writes.
    let dir = tempfile::tempdir().expect("temp dir");
    run(dir.path(), &["report", "-o", "full"]).exits(0);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("lexgap"))
        .args(["report", "-o", "cut"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();
    let mut whole = 0;
    if let Ok(entries) = std::fs::read_dir(dir.path().join("cut")) {
        for entry in entries {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // a temporary file the kill interrupted
            }
            let cut = std::fs::read(dir.path().join("cut").join(&name)).expect("read");
            let full = std::fs::read(dir.path().join("full").join(&name)).expect("in the full set");
            assert!(cut == full, "{name} is not whole");
            whole += 1;
        }
    }
    println!("interrupted report set: {whole} whole files written before the kill");
}

#[test]
fn a_manifest_that_is_not_utf8() {
    let ws = with_law(format!("{HEADER}{ARTICLE}").as_bytes());
    std::fs::write(ws.path().join("lexgap.toml"), b"name = \"\xFF\"\n").expect("write");
    run(ws.path(), &["check"]).exits(2).says("lexgap.toml");
    std::fs::write(ws.path().join("lexgap.toml"), b"name = [[[\n").expect("write");
    run(ws.path(), &["check"])
        .exits(2)
        .points_at("lexgap.toml", 1);
}

// ----------------------------------------------------- hostile input, round two (issue 20)

/// A copy of the report fixture workspace (`tests/fixtures/report/ws`: one jurisdiction XX,
/// two versions of its code, a bill), to be edited by the test.
fn report_fixture() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws"),
        dir.path(),
    );
    dir
}

/// Sets the English name of the fixture's jurisdiction XX (a YAML double-quoted string, so
/// `\n` and `\\` are escapes).
fn name_fixture(ws: &Path, yaml_name: &str) {
    std::fs::write(
        ws.join("codes/XX/jurisdiction.yaml"),
        format!("id: XX\nname:\n  en: \"{yaml_name}\"\nlanguages: [en]\n"),
    )
    .expect("write");
}

/// The text of every `<style>` element of an HTML page.
fn style_elements(html: &str) -> Vec<&str> {
    html.split("<style>")
        .skip(1)
        .filter_map(|s| s.split("</style>").next())
        .collect()
}

#[test]
fn css_injection_through_a_newline() {
    // Issue 20, finding 1: a name with a newline ended the CSS string of the `@page` footer,
    // and the rest was read as style rules (here: hide every obligation row).
    let ws = report_fixture();
    name_fixture(
        ws.path(),
        "Testland\\n}tr.obligation{display:none}\\\\\\\" ;@import x; b{",
    );
    let bundled_css =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/style.css"))
            .expect("style.css");
    for args in [
        &["report", "gap", "XX"][..],
        &[
            "report",
            "amendment",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-06-01",
        ],
        &[
            "report",
            "amendment",
            "XX",
            "--bill",
            "codes/XX/bills/2022-markings.bill",
        ],
        &["report", "regional"],
    ] {
        let r = run(ws.path(), args);
        r.handled();
        let styles = style_elements(&r.stdout);
        assert_eq!(styles.len(), 1, "{args:?}: {r:?}");
        let css = styles.first().copied().unwrap_or_default();
        // Nothing from the name may appear as CSS syntax: the only text after the bundled
        // style sheet is the one footer rule, on one line, whose string holds no quote,
        // backslash-free newline or brace.
        let extra = css
            .trim_start()
            .strip_prefix(bundled_css.trim_end())
            .unwrap_or_else(|| panic!("{args:?}: the style sheet was changed: {css}"));
        let rule = extra.trim();
        assert!(
            !rule.contains('\n'),
            "{args:?}: the footer rule spans lines:\n{rule}"
        );
        let inside = rule
            .strip_prefix("@page { @bottom-left { content: \"")
            .and_then(|r| r.strip_suffix("\"; } }"))
            .unwrap_or_else(|| panic!("{args:?}: not one footer rule: {rule}"));
        for bad in ['"', '{', '}', ';', '\n', '<', '&'] {
            assert!(
                !inside.contains(bad),
                "{args:?}: {bad:?} in the footer string: {inside}"
            );
        }
        assert!(!css.contains("display:none"), "{args:?}: {css}");
    }
}

/// Splits CSV text into cells as a spreadsheet would with `sep` as the separator: RFC 4180
/// quoting (`"` opens a quoted cell only at its start, `""` is a quote inside one).
fn spreadsheet_cells(text: &str, sep: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == sep || c == '\n' {
            cells.push(std::mem::take(&mut cell));
            at_start = true;
        } else if c == '\r' && chars.peek() == Some(&'\n') {
        } else {
            cell.push(c);
            at_start = false;
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn csv_for_spreadsheets() {
    // Issue 20, finding 8 (and issue 13's CSV bullet): every CSV lexgap writes, read by a
    // spreadsheet with `,` or with `;` as the separator (sr, sq, mk locales), has no cell a
    // spreadsheet would run as a formula.
    let ws = report_fixture();
    name_fixture(ws.path(), "-Testland;=1+1;@SUM(A1)\\t+2");
    std::fs::write(
        ws.path().join("codes/XX/assessments.yaml"),
        "assessments:\n  - obligation: FP-5.1.a\n    status: partial\n    justification: \
         '=HYPERLINK(\"http://x.example\",\"read\");x;=1+1;\t-2'\n    author: '@evil;+1'\n    \
         date: 2024-01-01\n",
    )
    .expect("write");
    let mut outputs = Vec::new();
    for args in [
        &["analyze", "XX", "--format", "csv"][..],
        &["report", "gap", "XX", "--format", "csv"],
        &["report", "regional", "--format", "csv"],
        &[
            "report",
            "amendment",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-06-01",
            "--format",
            "csv",
        ],
        &[
            "report",
            "amendment",
            "XX",
            "--bill",
            "codes/XX/bills/2022-markings.bill",
            "--format",
            "csv",
        ],
    ] {
        let r = run(ws.path(), args);
        r.handled();
        outputs.push((format!("{args:?}"), r.stdout));
    }
    // The report set's CSV files too.
    run(ws.path(), &["report", "--format", "csv", "-o", "set"]).exits(0);
    for entry in std::fs::read_dir(ws.path().join("set")).expect("set") {
        let path = entry.expect("entry").path();
        outputs.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).expect("read"),
        ));
    }
    let mut seen_hostile = 0;
    for (what, text) in &outputs {
        for sep in [',', ';'] {
            for cell in spreadsheet_cells(text, sep) {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{what}, separator {sep:?}: a formula cell {cell:?} in\n{text}"
                );
            }
        }
        if text.contains("HYPERLINK") || text.contains("Testland") {
            seen_hostile += 1;
        }
    }
    assert!(
        seen_hostile >= 5,
        "the hostile values did not reach the CSV files"
    );
}

/// One run of the binary under `/usr/bin/time`, for its peak memory (maximum resident set, in
/// MB). Where `/usr/bin/time` is missing (Debian package `time`; `.ci/run` installs it) the run
/// still happens and the peak is `None`.
fn measured(dir: &Path, args: &[&str]) -> (Run, Option<f64>) {
    let time = Path::new("/usr/bin/time");
    if !time.is_file() {
        return (run(dir, args), None);
    }
    let report = tempfile::NamedTempFile::new().expect("temp file");
    let start = Instant::now();
    let out = std::process::Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(report.path())
        .arg(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let took = start.elapsed();
    let kb: Option<f64> = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
    (
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            took,
        },
        kb.map(|k| k / 1024.0),
    )
}

/// Prints one measured case: `case: 1.23 s, 45.6 MB peak`.
fn print_cost(case: &str, r: &Run, peak: Option<f64>) {
    match peak {
        Some(mb) => println!(
            "cost: {case}: {:.2} s, {mb:.1} MB peak",
            r.took.as_secs_f64()
        ),
        None => println!(
            "cost: {case}: {:.2} s, peak memory not measured (no /usr/bin/time)",
            r.took.as_secs_f64()
        ),
    }
}

/// The report fixture's protocol with 100 more conducts `c0…` and 100 more objects `o0…`, and
/// `obligations` obligations of 10,000 cells each (every conduct × every object) — at the cell
/// limit; a workspace with it and one act of `offences` offences each naming all 200 values.
fn cell_limit_workspace(obligations: usize, offences: usize) -> tempfile::TempDir {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/report/ws/protocol/firearms-protocol.yaml"),
    )
    .expect("protocol");
    let values = |prefix: &str| -> String {
        (0..100)
            .map(|i| {
                format!(
                    "      - id: {prefix}{i}\n        label: {prefix}{i}\n        explanation: x\n"
                )
            })
            .collect()
    };
    let add_values = |text: &str, facet: &str, prefix: &str| -> String {
        let at = text.find(&format!("  - id: {facet}\n")).expect("facet");
        let values_at = at
            + text
                .get(at..)
                .and_then(|t| t.find("    values:\n"))
                .expect("values")
            + 12;
        format!(
            "{}{}{}",
            text.get(..values_at).unwrap_or_default(),
            values(prefix),
            text.get(values_at..).unwrap_or_default()
        )
    };
    let protocol = add_values(&add_values(&base, "conduct", "c"), "object", "o");
    let list = |prefix: &str| -> Vec<String> { (0..100).map(|i| format!("{prefix}{i}")).collect() };
    let mut extra = String::new();
    for n in 0..obligations {
        extra.push_str(&format!(
            "  - id: FP-BIG-{n}\n    article: Art 99\n    title: Big {n}\n    kind: mandatory\n    domain: criminal\n    summary: x\n    requirement:\n      parts:\n        - offence:\n            conduct: [{}]\n            object: [{}]\n    verification: verified\n    references: []\n    recommendation: x\n",
            list("c").join(", "),
            list("o").join(", ")
        ));
    }
    let protocol = protocol.replacen("obligations:\n", &format!("obligations:\n{extra}"), 1);
    let mut law = String::from(
        "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"Official Gazette 1/2020\"\n  language en\n  rendering unofficial\n",
    );
    for n in 0..offences {
        law.push_str(&format!(
            "\narticle {} \"Offence {n}\"\n  para 1\n    text en: Whoever does any of it.\n    offence\n      conduct {}\n      object {}\n      mental intent\n      penalty prison 1y..5y\n",
            n + 1,
            list("c").join(", "),
            list("o").join(", ")
        ));
    }
    workspace(&[
        ("protocol/firearms-protocol.yaml", protocol.as_bytes()),
        (
            "codes/XX/jurisdiction.yaml",
            b"id: XX\nname: Testland\nlanguages: [en]\n",
        ),
        ("codes/XX/criminal-code/2020-01-01.law", law.as_bytes()),
    ])
}

/// `analyze` on [`cell_limit_workspace`]: seconds and peak MB.
fn cell_limit_cost(obligations: usize, offences: usize) -> (f64, Option<f64>) {
    let ws = cell_limit_workspace(obligations, offences);
    let (r, peak) = measured(ws.path(), &["analyze", "XX", "--format", "json"]);
    r.handled();
    r.says(&format!("FP-BIG-{}", obligations - 1));
    print_cost(
        &format!("analyze, {obligations} × 10,000 cells, {offences} offences of 100 × 100 values"),
        &r,
        peak,
    );
    (r.took.as_secs_f64(), peak)
}

#[test]
fn the_cell_limit_bounds_the_analysis() {
    // Issue 20, finding 9: obligations of 10,000 cells (the limit) and offences naming 100
    // conducts × 100 objects: every offence cost ~110 MB and ~2 s over 9 such obligations,
    // and 100 offences aborted above 8 GB. Each offence must now cost little beyond the time
    // to test it against each cell.
    let (t2, m2) = cell_limit_cost(1, 2);
    let (t16, m16) = cell_limit_cost(1, 16);
    println!("growth 2 → 16 offences: time ×{:.1}", t16 / t2);
    if let (Some(m2), Some(m16)) = (m2, m16) {
        // Was +12 MB per offence (≈ +170 MB here).
        assert!(
            m16 < m2 + 40.0,
            "memory grows with offences: {m2:.0} → {m16:.0} MB"
        );
    }
}

#[test]
#[ignore = "at the limits: minutes in a debug build; run with --ignored on a release binary (LEXGAP_BIN)"]
fn the_cell_limit_bounds_the_analysis_at_the_limit() {
    for offences in [5, 25, 100] {
        let (_, peak) = cell_limit_cost(9, offences);
        if let Some(mb) = peak {
            assert!(mb < 1024.0, "{offences} offences: {mb:.0} MB");
        }
    }
}

/// Runs the binary, killing it after `limit`: `None` when it had to be killed.
fn run_killed_after(dir: &Path, args: &[&str], limit: Duration) -> Option<Run> {
    let start = Instant::now();
    let mut child = std::process::Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    loop {
        if child.try_wait().expect("wait").is_some() {
            let out = child.wait_with_output().expect("output");
            return Some(Run {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                took: start.elapsed(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn untrusted_templates_are_not_applied() {
    // Issue 20, finding 2: a workspace's `templates/` folder was applied automatically, and a
    // template is code — nested loops ran for ever (and string doubling took 24 GB). A corpus
    // received from elsewhere must be safe to open: its templates apply only when its
    // lexgap.toml names them (or with --templates).
    let ws = report_fixture();
    let t = ws.path().join("templates/gap");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(
        t.join("report.html"),
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in \
         range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}",
    )
    .expect("write");
    let r = run_killed_after(ws.path(), &["report", "gap", "XX"], Duration::from_secs(30))
        .expect("the workspace's template ran (killed after 30 s)");
    r.exits(0).says("is not applied").says("templates are code");
    assert!(r.stdout.contains("data-obligation=\"FP-5.1.a\""), "{r:?}");
    // Named in lexgap.toml, the folder is used (here a harmless template).
    std::fs::write(
        t.join("report.html"),
        "own layout for {{ report.jurisdiction.name }}",
    )
    .expect("write");
    std::fs::write(
        ws.path().join("lexgap.toml"),
        "name = \"x\"\ntemplates = \"templates\"\n",
    )
    .expect("write");
    run(ws.path(), &["report", "gap", "XX"])
        .exits(0)
        .says("own layout for Testland");
    // A folder outside the workspace is refused.
    std::fs::write(ws.path().join("lexgap.toml"), "templates = \"../t\"\n").expect("write");
    run(ws.path(), &["report", "gap", "XX"])
        .exits(2)
        .says("must name a folder inside the workspace");
}

/// A workspace with two versions of one act whose one paragraph has `words` words, the second
/// version the same words in another order (every run of seven reversed, then the halves
/// swapped).
fn reordered_paragraph_workspace(words: usize) -> tempfile::TempDir {
    let first: Vec<String> = (0..words).map(|i| format!("w{}", i % 5000)).collect();
    let mut second: Vec<String> = first
        .chunks(7)
        .flat_map(|c| c.iter().rev().cloned())
        .collect();
    let half = second.len() / 2;
    second.rotate_left(half);
    let act = |version: &str, text: &[String]| -> String {
        let mut lines = String::new();
        for (i, chunk) in text.chunks(12).enumerate() {
            if i > 0 {
                lines.push_str("\n             ");
            }
            lines.push_str(&chunk.join(" "));
        }
        format!(
            "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version {version}\n  source \"Official Gazette 1\"\n  language en\n  rendering unofficial\n\narticle 1 \"Long\"\n  para 1\n    text en: {lines}\n"
        )
    };
    let ws = report_fixture();
    for f in ["2020-01-01.law", "2021-06-01.law"] {
        std::fs::remove_file(ws.path().join("codes/XX/criminal-code").join(f)).expect("rm");
    }
    std::fs::remove_dir_all(ws.path().join("codes/XX/bills")).expect("rm");
    std::fs::write(
        ws.path().join("codes/XX/criminal-code/2020-01-01.law"),
        act("2020-01-01", &first),
    )
    .expect("write");
    std::fs::write(
        ws.path().join("codes/XX/criminal-code/2021-01-01.law"),
        act("2021-01-01", &second),
    )
    .expect("write");
    ws
}

fn reordered_diff_cost(words: usize) -> (Run, Option<f64>) {
    let ws = reordered_paragraph_workspace(words);
    let size = std::fs::metadata(ws.path().join("codes/XX/criminal-code/2021-01-01.law"))
        .map(|m| m.len())
        .unwrap_or(0);
    let (r, peak) = measured(
        ws.path(),
        &["diff", "XX", "--from", "2020-01-01", "--to", "2021-01-01"],
    );
    r.handled();
    print_cost(
        &format!("diff, one paragraph of {words} words reordered ({size} bytes a version)"),
        &r,
        peak,
    );
    (r, peak)
}

#[test]
fn word_diff_superlinear() {
    // Issue 20, finding 3: Myers on two versions of one paragraph with the same words in
    // another order grows ~n^1.5 (5 MB: 46 s). The word diff now has a time budget
    // (WORD_DIFF_BUDGET, 2 s) past which the text is shown replaced whole, and says so.
    let (r, _) = reordered_diff_cost(150_000);
    let budget = Duration::from_secs(2);
    if r.stdout.contains("word diff stopped") {
        println!("the word diff ran out of its budget and said so");
    }
    // Parsing two ~1 MB versions in a debug build plus at most the budget.
    r.within(budget + Duration::from_secs(25));
}

#[test]
#[ignore = "at the limits: run with --ignored on a release binary (LEXGAP_BIN)"]
fn word_diff_superlinear_at_the_limit() {
    for words in [200_000, 800_000] {
        let (r, _) = reordered_diff_cost(words);
        r.within(Duration::from_secs(10));
    }
}

/// The report fixture with its code replaced by one version of `articles` offences, each
/// covering cells of FP-5.1.a.
fn many_offences_workspace(articles: usize) -> tempfile::TempDir {
    let ws = report_fixture();
    for f in ["2020-01-01.law", "2021-06-01.law"] {
        std::fs::remove_file(ws.path().join("codes/XX/criminal-code").join(f)).expect("rm");
    }
    std::fs::remove_dir_all(ws.path().join("codes/XX/bills")).expect("rm");
    let mut law = String::from(
        "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"Official Gazette 1/2020\"\n  language en\n  rendering unofficial\n",
    );
    for n in 1..=articles {
        law.push_str(&format!(
            "\narticle {n} \"Offence {n}\"\n  para 1\n    text en: Whoever makes firearms without a licence, case {n}, is punished.\n    offence\n      conduct manufacture\n      object firearm\n      circumstance without-licence\n      mental intent\n      penalty prison 1y..5y\n"
        ));
    }
    std::fs::write(ws.path().join("codes/XX/criminal-code/2020-01-01.law"), law).expect("write");
    ws
}

/// The fastest of two runs: the test binary runs its tests side by side, and one run of the
/// smaller report (now about a second in a debug build) was slowed enough by its neighbours
/// to make a linear growth read as x6.7 in CI.
fn report_gap_cost(articles: usize) -> f64 {
    let ws = many_offences_workspace(articles);
    let mut best = f64::MAX;
    for _ in 0..2 {
        let (r, peak) = measured(ws.path(), &["report", "gap", "XX"]);
        r.handled();
        assert!(r.stdout.contains("data-obligation=\"FP-5.1.a\""), "{r:?}");
        print_cost(&format!("report gap, {articles} offences"), &r, peak);
        best = best.min(r.took.as_secs_f64());
    }
    best
}

#[test]
fn quadratic_report_gap() {
    // Issue 20, finding 5: every unit a gap report cites was found by a scan of its act, and
    // each provision's evidence by a scan of every cell (1 MB 0.3 s, 8 MB 15 s, 60 MB > 300 s).
    let small = report_gap_cost(3_000);
    let large = report_gap_cost(12_000);
    let growth = large / small;
    println!("report gap growth, 4x offences: x{growth:.1}");
    // Linear is 4; main before the fix: x8 at these sizes (release), x16 further up.
    assert!(
        growth < 6.0,
        "report gap grows x{growth:.1} for 4x the offences"
    );
}

#[test]
fn amplification_of_long_names() {
    // Issue 20, finding 6: a 60 MB jurisdiction name was accepted silently and repeated in
    // every matrix cell's title (`lexgap report` wrote 2.6 GB). Names and titles now have a
    // limit (500 characters) with a located error that does not echo the name.
    let ws = report_fixture();
    let long = "Z".repeat(20_000);
    name_fixture(ws.path(), &long);
    let law = ws.path().join("codes/XX/criminal-code/2021-06-01.law");
    let text = std::fs::read_to_string(&law).expect("read");
    let title_line = text
        .lines()
        .position(|l| l.starts_with("article 348"))
        .expect("article 348")
        + 1;
    std::fs::write(
        &law,
        text.replacen(
            "article 348 \"",
            &format!("article 348 \"{}", "Y".repeat(20_000)),
            1,
        ),
    )
    .expect("write");
    let r = run(ws.path(), &["check"]);
    r.exits(1)
        .points_at("codes/XX/jurisdiction.yaml", 2)
        .points_at("codes/XX/criminal-code/2021-06-01.law", title_line)
        .says("20000 characters long; at most 500");
    for line in r.stdout.lines().chain(r.stderr.lines()) {
        if line.starts_with("error") {
            assert!(
                line.len() < 300,
                "a headline echoes the name: {}",
                &line[..300]
            );
        }
    }
    run(ws.path(), &["report", "-o", "set"]).handled();
    let mut total = 0;
    for entry in std::fs::read_dir(ws.path().join("set")).expect("set") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        total += bytes.len();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&long), "the long name reached a report");
    }
    println!("report set with a 20,000-character name: {total} bytes");
}

#[test]
fn silently_ignored_input() {
    // Issue 20, finding 10: `jurisdiction.yml` (not `.yaml`) was ignored — its `parent:` lost —
    // and `check` exited 0 without a word; the same for `assessments.yml`, unknown YAML under
    // codes/, and `lexgap check garbage.lwa` said "0 errors". Each now gets a warning naming it.
    let ws = report_fixture();
    std::fs::rename(
        ws.path().join("codes/XX/jurisdiction.yaml"),
        ws.path().join("codes/XX/jurisdiction.yml"),
    )
    .expect("rename");
    std::fs::write(
        ws.path().join("codes/XX/assessments.yml"),
        "assessments: []\n",
    )
    .expect("write");
    std::fs::write(ws.path().join("codes/XX/notes.yaml"), "x: 1\n").expect("write");
    std::fs::write(ws.path().join("garbage.lwa"), "nothing\n").expect("write");
    let r = run(ws.path(), &["check"]);
    r.handled()
        .says("codes/XX/jurisdiction.yml is not read")
        .says("did you mean `jurisdiction.yaml`?")
        .says("codes/XX/assessments.yml is not read")
        .says("did you mean `assessments.yaml`?")
        .says("codes/XX/notes.yaml is not read");
    run(ws.path(), &["check", "garbage.lwa"])
        .handled()
        .says("garbage.lwa is not read");
}

#[test]
fn silently_ignored_input_of_other_endings() {
    // Issue 20, finding 10 (rest): a file of another ending under `codes/` or `protocol/` —
    // a backup `art.law.bak`, a misspelt `x.lwa`, `notes.txt` — was skipped without a word.
    // Each gets the W0002 warning naming it (its bytes are not read); documentation
    // (`README.md`, `LICENSE`) stays quiet.
    let ws = report_fixture();
    let code = ws.path().join("codes/XX/criminal-code");
    std::fs::copy(code.join("2021-06-01.law"), code.join("2021-06-01.law.bak")).expect("copy");
    std::fs::write(code.join("2022-01-01.lwa"), "act x\n").expect("write");
    std::fs::write(ws.path().join("codes/XX/notes.txt"), "notes\n").expect("write");
    std::fs::write(ws.path().join("protocol/draft.txt"), "obligations:\n").expect("write");
    std::fs::write(ws.path().join("codes/README.md"), "# The corpus\n").expect("write");
    std::fs::write(ws.path().join("codes/XX/LICENSE"), "CC-BY\n").expect("write");
    let r = run(ws.path(), &["check"]);
    r.handled()
        .says("codes/XX/criminal-code/2021-06-01.law.bak is not read")
        .says("codes/XX/criminal-code/2022-01-01.lwa is not read")
        .says("codes/XX/notes.txt is not read")
        .says("protocol/draft.txt is not read");
    assert!(
        !r.stdout.contains("README.md") && !r.stderr.contains("README.md"),
        "{r:?}"
    );
    assert!(
        !r.stdout.contains("LICENSE") && !r.stderr.contains("LICENSE"),
        "{r:?}"
    );
    // The warning does not stop a report, and the unread files are not listed as its inputs.
    let r = run(ws.path(), &["report", "gap", "XX", "--format", "json"]);
    r.handled();
    assert!(!r.stdout.contains("notes.txt"), "{r:?}");
}

#[cfg(unix)]
#[test]
fn terminal_escapes_in_file_paths() {
    // Issue 20, finding 11 (the `-->` line): a file name holding an escape sequence (clear the
    // screen, set the window title) reached the terminal raw. Control characters in paths are
    // now shown as visible symbols, as in file content.
    let ws = workspace(&[(
        "codes/RS/criminal-code/2019-12-01\u{1b}[2J\u{1b}]0;owned\u{7}.law",
        format!(
            "{HEADER}{}",
            ARTICLE.replace("conduct possess", "condcut possess")
        )
        .as_bytes(),
    )]);
    let r = run(ws.path(), &["check"]);
    r.handled().says("2019-12-01\u{241b}[2J");
    assert!(
        !r.stdout.contains('\u{1b}') && !r.stderr.contains('\u{1b}'),
        "{r:?}"
    );
    assert!(
        !r.stdout.contains('\u{7}') && !r.stderr.contains('\u{7}'),
        "{r:?}"
    );
}

#[test]
fn terminal_escapes_in_diff_analyze_and_explain() {
    // Issue 20, finding 11 (rest): provision text printed by `diff`, and the jurisdiction's name
    // printed by `analyze` and `explain`, reached the terminal raw (an escape sequence cleared
    // the screen, another set the window title). Control characters are now shown visibly, as in
    // diagnostics; line ends stay line ends.
    let act = |version: &str, verb: &str| -> String {
        format!(
            "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version {version}\n  source \"Official Gazette 1\"\n  language en\n  rendering unofficial\n\narticle 1 \"Weap\u{1b}]0;owned\u{7}ons\"\n  para 1\n    text en: Whoever {verb} \u{1b}[2J firearms\r without a licence.\n"
        )
    };
    let ws = workspace(&[
        (
            "codes/XX/jurisdiction.yaml",
            b"id: XX\nname: \"Test\\e[2Jland\\e]0;owned\\a\"\nlanguages: [en]\n",
        ),
        (
            "codes/XX/criminal-code/2020-01-01.law",
            act("2020-01-01", "keeps").as_bytes(),
        ),
        (
            "codes/XX/criminal-code/2021-01-01.law",
            act("2021-01-01", "holds").as_bytes(),
        ),
    ]);
    let raw = |r: &Run| {
        r.stdout.contains('\u{1b}') || r.stdout.contains('\u{7}') || r.stdout.contains('\r')
    };
    let r = run(
        ws.path(),
        &["diff", "XX", "--from", "2020-01-01", "--to", "2021-01-01"],
    );
    r.handled().says("{+holds+} \u{241b}[2J firearms");
    assert!(!raw(&r), "{r:?}");
    let r = run(ws.path(), &["analyze", "XX"]);
    r.handled()
        .says("Test\u{241b}[2Jland\u{241b}]0;owned\u{2407}");
    assert!(!raw(&r), "{r:?}");
    let r = run(ws.path(), &["explain", "FP-5.1.a", "--in", "XX"]);
    r.handled().says("Test\u{241b}[2Jland");
    assert!(!raw(&r), "{r:?}");
    // With colours asked for, only lexgap's own colour codes are escape sequences.
    let out = lexgap(ws.path())
        .env_remove("NO_COLOR")
        .args([
            "diff",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-01-01",
            "--color",
            "always",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\u{241b}[2J"), "{text}");
    assert!(
        !text.contains("\u{1b}[2J") && !text.contains('\u{7}'),
        "{text}"
    );
}

#[test]
fn temporary_names_and_partial_report_sets() {
    // Issue 20, finding 12: output names over ~225 bytes failed (the temporary name went past
    // 255 bytes); a killed run left hidden temporary files behind for good; and a report set
    // that failed part-way was left partial in its folder. The set is now written into a
    // temporary folder and moved into place whole, and stale temporaries of killed runs (of
    // lexgap's own naming pattern only) are removed by the next run writing there.
    let ws = report_fixture();
    let long = format!("{}.html", "g".repeat(245));
    run(ws.path(), &["report", "gap", "XX", "-o", &long]).exits(0);
    assert!(ws.path().join(&long).is_file());

    // Leftovers of a killed run (a process id Linux never gives: above 2^22), and files that
    // only look alike.
    let dead = 4_194_321;
    let stale_file = ws.path().join(format!(".set.lexgap-tmp-{dead}-0"));
    std::fs::write(&stale_file, "half").expect("write");
    let stale_set = ws.path().join(format!(".set.lexgap-tmp-{dead}-1"));
    std::fs::create_dir(&stale_set).expect("mkdir");
    std::fs::write(stale_set.join("gap-XX.html"), "half").expect("write");
    let not_ours = ws.path().join(format!(".set.lexgap-tmp-{dead}"));
    std::fs::write(&not_ours, "keep").expect("write");

    // A set whose amendment template fails: the gap report was written before the failure;
    // nothing of the set may appear.
    let t = ws.path().join("broken/amendment");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(t.join("report.html"), "{{ no_such_value.field }}").expect("write");
    let r = run(ws.path(), &["report", "-o", "set", "--templates", "broken"]);
    r.exits(2);
    assert!(!ws.path().join("set").exists(), "a partial set: {r:?}");
    if Path::new("/proc/self").exists() {
        assert!(
            !stale_file.exists() && !stale_set.exists(),
            "stale temporaries kept"
        );
    }
    assert!(
        not_ours.exists(),
        "a file not of lexgap's pattern was removed"
    );
    let leftovers = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.contains(".lexgap-tmp-")
                    && n.starts_with(".set.")
                    && n != &format!(".set.lexgap-tmp-{dead}")
            })
            .collect()
    };
    assert!(
        leftovers(ws.path()).is_empty(),
        "{:?}",
        leftovers(ws.path())
    );

    // The same set without the broken template appears whole; a second run into it replaces
    // its files and keeps the user's own.
    run(ws.path(), &["report", "-o", "set"]).exits(0);
    assert!(ws.path().join("set/index.html").is_file());
    std::fs::write(ws.path().join("set/notes.txt"), "mine").expect("write");
    run(ws.path(), &["report", "-o", "set"]).exits(0);
    assert!(ws.path().join("set/notes.txt").is_file());
    assert!(leftovers(ws.path()).is_empty());
}

/// A workspace of one act of `articles` tiny articles (`article N` / `para 1` / `text en: x.`),
/// two blank lines between articles so that `fmt` has something to change; and the act's size.
fn tiny_articles_workspace(articles: usize) -> (tempfile::TempDir, usize) {
    let mut law = HEADER.replace("jurisdiction RS", "jurisdiction XX");
    for n in 1..=articles {
        law.push_str(&format!("\n\narticle {n}\n  para 1\n    text en: x.\n"));
    }
    let size = law.len();
    let ws = workspace(&[
        (
            "codes/XX/jurisdiction.yaml",
            b"id: XX\nname: Testland\nlanguages: [en]\n",
        ),
        ("codes/XX/criminal-code/2019-12-01.law", law.as_bytes()),
    ]);
    (ws, size)
}

/// A workspace whose act has one offence of `lines` lines `conduct posess` (each an error).
fn misspelt_lines_workspace(lines: usize) -> (tempfile::TempDir, usize) {
    let mut law = format!(
        "{}\narticle 1\n  para 1\n    text en: x.\n    offence\n",
        HEADER.replace("jurisdiction RS", "jurisdiction XX")
    );
    for _ in 0..lines {
        law.push_str("      conduct posess\n");
    }
    let size = law.len();
    let ws = workspace(&[
        (
            "codes/XX/jurisdiction.yaml",
            b"id: XX\nname: Testland\nlanguages: [en]\n",
        ),
        ("codes/XX/criminal-code/2019-12-01.law", law.as_bytes()),
    ]);
    (ws, size)
}

/// Peak memory of the binary with nothing to read (the bundled instrument only), in MB.
fn base_peak() -> Option<f64> {
    let ws = workspace(&[]);
    measured(ws.path(), &["check"]).1
}

/// Peak memory per input byte of `args` on `ws` (an input of `size` bytes), the binary's base
/// peak taken off; prints the cost line.
fn memory_per_byte(ws: &Path, size: usize, args: &[&str], case: &str, base: f64) -> Option<f64> {
    let (r, peak) = measured(ws, args);
    r.handled();
    print_cost(case, &r, peak);
    let per_byte = peak.map(|mb| (mb - base) * 1024.0 * 1024.0 / size as f64);
    if let Some(x) = per_byte {
        println!("  {x:.1} bytes of memory per input byte ({size} bytes read)");
    }
    per_byte
}

#[test]
fn memory_per_input_byte() {
    // Issue 20, finding 4: a file of many tiny articles took ~45 bytes of memory per input byte
    // (check) — most of it room a growing Vec of 136-byte entries kept in every unit of the
    // syntax tree —, `check --format json` kept ~2.5 KB per diagnostic, and an E0102 headline
    // echoed a whole token however long. The budget (README, Limits): at most ~25 bytes per
    // input byte for the worst shape of act, diagnostics listed up to 1,000 with the rest
    // counted, a token in a headline cut.
    let (ws, size) = tiny_articles_workspace(60_000);
    if let Some(base) = base_peak() {
        for (args, case) in [
            (&["check"][..], "check, 60,000 tiny articles"),
            (&["fmt"][..], "fmt, 60,000 tiny articles"),
        ] {
            let per_byte =
                memory_per_byte(ws.path(), size, args, case, base).expect("measured with a base");
            // main before the fix: 43 (check) and 32 (fmt) at this size.
            assert!(per_byte < 30.0, "{case}: {per_byte:.1} bytes per byte");
        }
    }

    // Diagnostics beyond the first 1,000 are counted, in text and JSON; the counts and the
    // exit code are of all of them.
    let (ws, _) = misspelt_lines_workspace(5_000);
    let r = run(ws.path(), &["check"]);
    r.exits(1)
        .says("… and 4000 more (4000 errors, 0 warnings), not shown")
        .says("5000 errors, 0 warnings");
    assert_eq!(r.stdout.matches("error[E0502]").count(), 1000, "{r:?}");
    let r = run(ws.path(), &["check", "--format", "json"]);
    r.exits(1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1000));
    assert_eq!(json["errors"], 5000);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["more"], 4000);

    // A token of a megabyte where a duration is expected: the headline shows 60 characters of
    // it and its length; the underline is still there.
    let long = "x".repeat(1_000_000);
    let text = format!("{HEADER}{ARTICLE}").replace("6m..5y", &long);
    let ws = with_law(text.as_bytes());
    let r = run(ws.path(), &["check"]);
    r.exits(1).points_at(LAW, 14).says("(1000000 characters)");
    let headline = r
        .stdout
        .lines()
        .find(|l| l.starts_with("error[E0102]"))
        .expect("an E0102 headline");
    assert!(headline.len() < 300, "{}", &headline[..300]);
    assert!(r.stdout.contains("^^^"), "no underline: {r:?}");
    let r = run(ws.path(), &["check", "--format", "json"]);
    assert!(r.stdout.len() < 10_000, "JSON of {} bytes", r.stdout.len());
}

#[test]
#[ignore = "at the limits: minutes; run with --ignored on a release binary (LEXGAP_BIN)"]
fn memory_per_input_byte_at_the_limit() {
    let base = base_peak();
    // ~60 MB of tiny articles: check and fmt.
    let (ws, size) = tiny_articles_workspace(1_400_000);
    for (args, case) in [
        (&["check"][..], "check, 1.4 M tiny articles"),
        (&["fmt"][..], "fmt, 1.4 M tiny articles"),
    ] {
        if let Some(x) = memory_per_byte(ws.path(), size, args, case, base.unwrap_or(0.0)) {
            assert!(x < 30.0, "{case}: {x:.1} bytes per byte");
        }
    }
    drop(ws);
    // Two million misspelt lines, as JSON.
    let (ws, size) = misspelt_lines_workspace(2_000_000);
    memory_per_byte(
        ws.path(),
        size,
        &["check", "--format", "json"],
        "check --format json, 2 M errors",
        base.unwrap_or(0.0),
    );
    drop(ws);
    // An amendment review of two 11 MB versions, every article changed.
    let ws = amended_pair_workspace(70_000);
    let size = std::fs::metadata(ws.path().join("codes/XX/criminal-code/2020-01-01.law"))
        .map(|m| m.len() as usize)
        .unwrap_or(1);
    memory_per_byte(
        ws.path(),
        2 * size,
        &[
            "report",
            "amendment",
            "XX",
            "--from",
            "2020-01-01",
            "--to",
            "2021-01-01",
            "-o",
            "review.html",
        ],
        "report amendment, two versions of 70,000 articles, every one changed",
        base.unwrap_or(0.0),
    );
}

/// Two versions of an act of `articles` articles of a title and a 14-word text; in the second
/// every text has two words changed.
fn amended_pair_workspace(articles: usize) -> tempfile::TempDir {
    let words = [
        "whoever",
        "without",
        "authorisation",
        "makes",
        "sells",
        "keeps",
        "carries",
        "transfers",
        "firearms",
        "parts",
        "ammunition",
        "shall",
        "be",
        "punished",
        "by",
        "imprisonment",
    ];
    let act = |version: &str, changed: bool| -> String {
        let mut law = HEADER
            .replace("jurisdiction RS", "jurisdiction XX")
            .replace("2019-12-01", version);
        for i in 1..=articles {
            let mut w: Vec<&str> = (0..14)
                .map(|k| words[(i * 7 + k * 3) % words.len()])
                .collect();
            if changed {
                w[3] = "amended";
                w[9] = "changed";
            }
            law.push_str(&format!(
                "\narticle {i} \"Article {i}\"\n  para 1\n    text en: {}.\n",
                w.join(" ")
            ));
        }
        law
    };
    workspace(&[
        (
            "codes/XX/jurisdiction.yaml",
            b"id: XX\nname: Testland\nlanguages: [en]\n",
        ),
        (
            "codes/XX/criminal-code/2020-01-01.law",
            act("2020-01-01", false).as_bytes(),
        ),
        (
            "codes/XX/criminal-code/2021-01-01.law",
            act("2021-01-01", true).as_bytes(),
        ),
    ])
}

#[test]
fn bidi_and_line_breaks_in_titles_of_reports() {
    // Issue 20, finding 12: a right-to-left override in a name turned the rest of its line of
    // an HTML report around (it was not closed), and a newline in a name started a Markdown
    // heading or list item of its own, or broke a table row. Bidirectional controls are now
    // closed at the end of each value, and a value cannot break its Markdown line.
    let ws = report_fixture();
    name_fixture(
        ws.path(),
        "Test\\u202Eland\\n# Injected heading\\n- injected item | cell\\n\\n1. step",
    );
    let r = run(ws.path(), &["report", "gap", "XX", "--format", "md"]);
    r.handled();
    for line in r.stdout.lines() {
        assert!(
            !line.starts_with("# Injected")
                && !line.starts_with("- injected")
                && !line.starts_with("1. step"),
            "a name broke its line: {line:?}"
        );
    }
    // Every override is closed on its own line.
    for line in r.stdout.lines().filter(|l| l.contains('\u{202e}')) {
        assert_eq!(
            line.matches('\u{202e}').count(),
            line.matches('\u{202c}').count(),
            "{line}"
        );
    }
    // Table rows keep their number of cells.
    for line in r.stdout.lines().filter(|l| l.starts_with('|')) {
        assert!(!line.contains("injected item | cell"), "{line}");
    }
    let r = run(ws.path(), &["report", "gap", "XX"]);
    r.handled();
    let opened = r.stdout.matches('\u{202e}').count();
    assert!(opened > 0, "{r:?}");
    assert_eq!(
        opened,
        r.stdout.matches('\u{202c}').count(),
        "an override left open in the HTML"
    );
}

#[test]
fn relation_closure() {
    // Issue 20, finding 7: the relations of a facet were closed transitively without bound —
    // 8,000 values each including the next (a 1.2 MB YAML) are 32 M pairs, and the run aborted
    // on allocation failure. The closure is now bounded (1,000,000 pairs a facet, E0408 at
    // the facet); the bundled vocabularies reach a few thousand.
    let ws = report_fixture();
    let path = ws.path().join("protocol/firearms-protocol.yaml");
    let base = std::fs::read_to_string(&path).expect("protocol");
    let n = 8_000;
    let values: String = (0..n)
        .map(|i| {
            let next = if i + 1 < n {
                format!("\n        includes: [c{}]", i + 1)
            } else {
                String::new()
            };
            format!("      - id: c{i}\n        label: c{i}\n        explanation: x{next}\n")
        })
        .collect();
    let at = base.find("  - id: conduct\n").expect("conduct facet");
    let values_at = at + base[at..].find("    values:\n").expect("values") + 12;
    let protocol = format!("{}{values}{}", &base[..values_at], &base[values_at..]);
    println!("protocol with {n} chained values: {} bytes", protocol.len());
    std::fs::write(&path, protocol).expect("write");
    let (r, peak) = measured(ws.path(), &["check"]);
    print_cost("check, a facet of 8,000 values in a chain", &r, peak);
    r.exits(1).says("E0408").points_at(
        "protocol/firearms-protocol.yaml",
        1 + base[..at].lines().count(),
    );
    if let Some(mb) = peak {
        assert!(mb < 500.0, "{mb:.0} MB");
    }
}

/// The report fixture with one article in its code and a bill of `inserts` articles, each
/// inserted before article 1 (so each goes in front of the last, among all the others).
fn many_inserts_workspace(inserts: usize) -> tempfile::TempDir {
    let ws = report_fixture();
    for f in ["2020-01-01.law", "2021-06-01.law"] {
        std::fs::remove_file(ws.path().join("codes/XX/criminal-code").join(f)).expect("rm");
    }
    std::fs::write(
        ws.path().join("codes/XX/criminal-code/2020-01-01.law"),
        "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"Official Gazette 1/2020\"\n  language en\n  rendering unofficial\n\narticle 1 \"First\"\n  text en: The first article.\n",
    )
    .expect("write");
    std::fs::remove_dir_all(ws.path().join("codes/XX/bills")).expect("rm");
    std::fs::create_dir_all(ws.path().join("codes/XX/bills")).expect("mkdir");
    let mut bill = String::from(
        "bill \"Many articles\" amends XX/criminal-code@2020-01-01\n  status adopted\n  effective 2021-01-01\n  source \"Official Gazette 9/2021\"\n",
    );
    for n in 2..inserts + 2 {
        bill.push_str(&format!(
            "\ninsert article {n} before article 1 \"Article {n}\"\n  text en: Article {n}.\n"
        ));
    }
    std::fs::write(ws.path().join("codes/XX/bills/many.bill"), bill).expect("write");
    ws
}

fn bill_apply_cost(inserts: usize) -> f64 {
    let ws = many_inserts_workspace(inserts);
    let (r, peak) = measured(
        ws.path(),
        &[
            "amend",
            "apply",
            "codes/XX/bills/many.bill",
            "-o",
            "next.law",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let written = std::fs::read_to_string(ws.path().join("next.law")).expect("written");
    let last = inserts + 1;
    assert!(
        written.contains(&format!(
            "article {last} \"Article {last}\"\n  text en: Article {last}.\n\narticle 1 \"First\""
        )),
        "{r:?}"
    );
    print_cost(
        &format!("amend apply, a bill of {inserts} inserts"),
        &r,
        peak,
    );
    r.took.as_secs_f64()
}

#[test]
fn applying_a_bill_is_not_quadratic() {
    // Issue 20, finding 12: each operation of a bill looked its unit up by a scan of the
    // unit's siblings and inserted by shifting them (60,000 inserts: 33 s). The siblings are
    // now a linked list indexed by kind and number.
    let small = bill_apply_cost(15_000);
    let large = bill_apply_cost(60_000);
    let growth = large / small;
    println!("amend apply growth, 4x inserts: x{growth:.1}");
    // Linear is 4; quadratic is 16.
    assert!(
        growth < 8.0,
        "amend apply grows x{growth:.1} for 4x the inserts"
    );
}
