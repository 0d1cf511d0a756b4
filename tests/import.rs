//! `lexgap import` and `lexgap suggest` end to end, on excerpts of real official texts converted
//! by `pdftotext -layout` (tests/fixtures/import/README.md says where each comes from), on a
//! constructed text that reproduces the layout problems, and on bad input. Every import that
//! succeeds is checked by `lexgap check` and `lexgap fmt --check` in a workspace.
//!
//! The end-to-end test from a PDF needs `pdftotext` (Debian package `poppler-utils`, which
//! `.ci/run` installs). Without it that test prints a notice and passes — unless
//! `LEXGAP_REQUIRE_PDFTOTEXT` is set, as `.ci/run` does, and then it fails.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

struct Run {
    code: Option<i32>,
    law: String,
    stderr: String,
}

/// Imports `input` into a fresh workspace at codes/J/criminal-code/DATE.law; checks the result
/// with `lexgap check` and `lexgap fmt --check` when the import succeeded.
fn import(input: &Path, j: &str, lang: &str, extra: &[&str]) -> (tempfile::TempDir, Run) {
    let ws = tempfile::tempdir().expect("temp dir");
    std::fs::write(ws.path().join("lexgap.toml"), "name = \"import\"\n").expect("write");
    let dir = ws.path().join("codes").join(j).join("criminal-code");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let out = dir.join("2020-01-01.law");
    let o = lexgap(ws.path())
        .arg("import")
        .arg(input)
        .args([
            "--jurisdiction",
            j,
            "--act",
            "criminal-code",
            "--version",
            "2020-01-01",
        ])
        .args(["--lang", lang, "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("runs");
    let run = Run {
        code: o.status.code(),
        law: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    if run.code == Some(0) {
        let c = lexgap(ws.path()).arg("check").output().expect("check runs");
        let text = String::from_utf8_lossy(&c.stdout);
        assert_eq!(c.status.code(), Some(0), "check: {text}\n{}", run.law);
        assert!(text.contains(" 0 errors"), "{text}");
        let f = lexgap(ws.path())
            .args(["fmt", "--check"])
            .output()
            .expect("fmt runs");
        assert_eq!(
            f.status.code(),
            Some(0),
            "fmt --check: {}",
            String::from_utf8_lossy(&f.stdout)
        );
    }
    (ws, run)
}

/// The article headings a reader counts with grep: `Член N` (or `Član N.`, `Neni N`) alone on a line.
fn grep_count(text: &str, words: &[&str]) -> usize {
    text.lines()
        .map(|l| l.trim_start_matches('\u{c}').trim())
        .filter(|l| {
            words.iter().any(|w| {
                l.strip_prefix(w).is_some_and(|r| {
                    let r = r.trim_start();
                    r.chars().next().is_some_and(|c| c.is_ascii_digit())
                        && r.split_whitespace().count() <= 2
                })
            })
        })
        .count()
}

/// The file's words on one line, for phrases a text line may wrap.
fn flat(law: &str) -> String {
    law.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn articles(law: &str) -> Vec<&str> {
    law.lines().filter(|l| l.starts_with("article ")).collect()
}

#[test]
fn macedonian_code_first_pages() {
    let input = fixture("mk-pages-1-3.txt");
    let (_ws, r) = import(&input, "MK", "mk", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&input).expect("fixture");
    assert_eq!(
        articles(&r.law).len(),
        grep_count(&text, &["Член"]),
        "{}",
        r.law
    );
    // Header: the original text, not verified, the input named.
    assert!(
        r.law.contains("act criminal-code \"КРИВИЧЕН ЗАКОНИК\""),
        "{}",
        r.law
    );
    assert!(r.law.contains("  rendering official\n"));
    assert!(r.law.contains("  verified no "));
    assert!(
        r.law
            .contains("  source \"mk-pages-1-3.txt (imported with lexgap import)\"")
    );
    assert!(
        r.law
            .contains("part 1 \"ОПШТ ДЕЛ\" # numbered in file order"),
        "{}",
        r.law
    );
    assert!(
        r.law.contains("chapter 1 \"ОСНОВНИ ОДРЕДБИ\" # ГЛАВА ПРВА"),
        "{}",
        r.law
    );
    // A two-line centred heading, joined.
    assert!(
        r.law.contains("article 1 \"Законитост во определувањето на кривичните дела и на пропишувањето на кривичните санкции\""),
        "{}",
        r.law
    );
    assert!(r.law.contains("article 6-a \"Примена на Кривичниот законик спрема малолетници и помлади полнолетни лица\" # Член 6-а"), "{}", r.law);
    // The footnote marker glued to the title line is gone from the text and noted.
    assert!(
        r.law.contains("# КОНСОЛИДИРАН ТЕКСТ Кривичен законик"),
        "{}",
        r.law
    );
    assert!(r.law.contains("footnote marker 1 removed"), "{}", r.law);
    // Paragraph text verbatim, lines joined.
    assert!(
        flat(&r.law).contains("para 1 text mk: Врз сторителот на кривично дело се применува законот што важел во времето на извршувањето на кривичното дело. para 2"),
        "{}",
        r.law
    );
}

#[test]
fn macedonian_weapons_articles_and_suggestions() {
    let (_ws, r) = import(&fixture("mk-pages-203-205.txt"), "MK", "mk", &["--suggest"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let law = &r.law;
    let at = law
        .find("article 396 \"Неовластено изработување, држење, посредување и тргување со оружје или распрскувачки материи\"")
        .unwrap_or_else(|| panic!("{law}"));
    let art = &law[at..];
    let art = &art[..art.find("\narticle 396-a").unwrap_or(art.len())];
    // The penalty clause after the blank lines belongs to paragraph 1.
    assert!(flat(art).contains("размена со огнено оружје, муниција или експлозивни материи, ќе се казни со затвор од три до десет години."), "{art}");
    assert!(
        art.contains("conduct manufacture, acquire, sell, possess, broker, exchange"),
        "{art}"
    );
    assert!(
        art.contains("object firearm, ammunition, explosive"),
        "{art}"
    );
    assert!(
        art.contains("circumstance without-licence   <- \"неовластено\""),
        "{art}"
    );
    assert!(
        art.contains("penalty prison 3y..10y   <- \"затвор од три до десет години\""),
        "{art}"
    );
    assert!(
        art.contains("penalty prison 5y..   <- \"затвор најмалку пет години\""),
        "{art}"
    );
    // Suggestions are comments, never tags.
    assert!(
        !law.lines().any(|l| l.trim_start().starts_with("offence")),
        "{law}"
    );
    assert!(law.contains("article 396-a"), "{law}");
}

#[test]
fn serbian_page_numbers_go() {
    let input = fixture("rs-pages-1-3.txt");
    let (_ws, r) = import(&input, "RS", "sr-Latn", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&input).expect("fixture");
    assert_eq!(
        articles(&r.law).len(),
        grep_count(&text, &["Član"]),
        "{}",
        r.law
    );
    assert!(
        r.stderr.contains("removed 3 lines of page furniture"),
        "{}",
        r.stderr
    );
    // Article 5: paragraph 1 ends the page; the page number under it is gone.
    assert!(
        flat(&r.law).contains("para 1 text sr-Latn: Na učinioca krivičnog dela primenjuje se zakon koji je važio u vreme izvršenja krivičnog dela. para 2"),
        "{}",
        r.law
    );
    assert!(
        r.law.contains("article 2 \"Nema kazne bez krivice\""),
        "{}",
        r.law
    );
}

#[test]
fn montenegrin_latin_text() {
    let input = fixture("me-pages-140-142.txt");
    let (_ws, r) = import(&input, "ME", "cnr", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&input).expect("fixture");
    assert_eq!(
        articles(&r.law).len(),
        grep_count(&text, &["Član"]),
        "{}",
        r.law
    );
    assert!(
        r.law.contains(
            "article 403 \"Nedozvoljeno držanje i nošenje oružja i eksplozivnih materija\""
        ),
        "{}",
        r.law
    );
}

#[test]
fn html_of_a_legal_information_system() {
    let (_ws, r) = import(&fixture("me-articles-1-10.html"), "ME", "cnr", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The page has no article 9: a warning says so.
    assert_eq!(articles(&r.law).len(), 9, "{}", r.law);
    assert!(
        r.stderr.contains("article 10 follows article 8"),
        "{}",
        r.stderr
    );
    assert!(
        r.law.contains("chapter 1 \"OSNOVNE ODREDBE\" # GLAVA PRVA"),
        "{}",
        r.law
    );
    assert!(
        r.law
            .contains("article 1 \"Osnov i granice krivičnopravne prinude\""),
        "{}",
        r.law
    );
    assert!(
        r.law.contains("# 1. Opšte odredbe o krivičnom djelu"),
        "{}",
        r.law
    );
    assert!(
        r.law
            .contains("act criminal-code \"Krivični zakonik Crne Gore\""),
        "{}",
        r.law
    );
}

#[test]
fn constructed_layout_problems() {
    let (_ws, r) = import(&fixture("constructed-sq.txt"), "AL", "sq", &["--suggest"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let law = &r.law;
    // Running header and "Faqe N" page numbers removed (3 pages × 2 lines).
    assert!(!law.contains("tekst i ndërtuar për teste"), "{law}");
    assert!(!law.contains("Faqe"), "{law}");
    assert!(
        r.stderr
            .contains("removed 6 lines of page furniture and 2 footnote markers"),
        "{}",
        r.stderr
    );
    // Headings below `Neni N`; the suffixed number kept.
    assert!(law.contains("article 1 \"Qëllimi\""), "{law}");
    assert!(
        law.contains("article 278/a \"Mbajtja pa leje e armëve\""),
        "{law}"
    );
    // The hyphen across the page break goes: the text spells "armëve" elsewhere.
    assert!(
        flat(law).contains("Rregullat nuk zbatohen për armëve që janë çaktivizuar përgjithmonë."),
        "{law}"
    );
    // Footnote markers out of the text.
    assert!(law.contains("leximin e strukturës.\n"), "{law}");
    // Points a), b) and the penalty clause after them joined to paragraph 2.
    assert!(
        law.contains("    point a\n      text sq: në bashkëpunim,\n"),
        "{law}"
    );
    assert!(
        flat(law).contains("text sq: Kur vepra kryhet: dënohet me burgim jo më pak se pesë vjet."),
        "{law}"
    );
    assert!(
        law.contains("    point b\n      text sq: më shumë se një herë,\n"),
        "{law}"
    );
    assert!(
        law.contains("penalty prison 3y..10y   <- \"burgim nga tre deri në dhjetë vjet\""),
        "{law}"
    );
    assert!(
        law.contains("penalty prison 5y..   <- \"burgim jo më pak se pesë vjet\""),
        "{law}"
    );
    // The repealed article.
    assert!(
        law.contains("article 278/b\n  repealed\n  text sq: Shfuqizuar\n"),
        "{law}"
    );
}

#[test]
fn pdf_to_law_end_to_end() {
    let Some(pdftotext) = which("pdftotext") else {
        assert!(
            std::env::var_os("LEXGAP_REQUIRE_PDFTOTEXT").is_none(),
            "pdftotext is required (LEXGAP_REQUIRE_PDFTOTEXT is set) but not found: install poppler-utils"
        );
        eprintln!("pdftotext not found: skipping the PDF end-to-end test (install poppler-utils)");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let txt = tmp.path().join("page.txt");
    let st = std::process::Command::new(pdftotext)
        .arg("-layout")
        .arg(fixture("mk-page-204.pdf"))
        .arg(&txt)
        .status()
        .expect("pdftotext runs");
    assert!(st.success());
    // The PDF itself is refused, with the command to run.
    let (_ws, refused) = import(&fixture("mk-page-204.pdf"), "MK", "mk", &[]);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains("pdftotext -layout"),
        "{}",
        refused.stderr
    );
    assert!(refused.law.is_empty());
    let (_ws, r) = import(&txt, "MK", "mk", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.law.contains("article 396 \"Неовластено изработување"),
        "{}",
        r.law
    );
    // The page starts inside article 395: that text is kept, as comments.
    assert!(
        r.law.contains("# (1) Тој што изработува, набавува, крие"),
        "{}",
        r.law
    );
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "E0903"),
        (
            "prose.txt",
            b"Just a letter.\nNo articles here.\n".to_vec(),
            "E0903",
        ),
        (
            "nul.txt",
            b"\xD0\xA7\xD0\xBB\xD0\xB5\xD0\xBD 1\n\0\0\0".to_vec(),
            "E0003",
        ),
        ("latin1.txt", b"\xC8lan 1\nText.\n".to_vec(), "E0002"),
        ("doc.docx", b"PK\x03\x04rest".to_vec(), "E0901"),
    ];
    for (name, bytes, code) in cases {
        let input = tmp.path().join(name);
        std::fs::write(&input, bytes).expect("write");
        let (_ws, r) = import(&input, "XX", "en", &[]);
        assert_eq!(r.code, Some(1), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(code), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{name}:")) || code == "E0901",
            "{name} located: {}",
            r.stderr
        );
        assert!(r.law.is_empty(), "{name}: a file was written");
    }
}

#[test]
fn a_50_mb_input_is_refused_quickly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("big.txt");
    let line = "Член 1\nТој што ќе изработи оружје ќе се казни.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(&input, big).expect("write");
    let start = std::time::Instant::now();
    let (_ws, r) = import(&input, "MK", "mk", &[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("E0902"), "{}", r.stderr);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn options_that_cannot_be_header_words_are_usage_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = lexgap(tmp.path())
        .arg("import")
        .arg(fixture("constructed-sq.txt"))
        .args([
            "--jurisdiction",
            "AL",
            "--act",
            "Criminal Code",
            "--version",
            "2020-01-01",
            "--lang",
            "sq",
        ])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("E0904"));
    let o = lexgap(tmp.path())
        .arg("import")
        .arg(fixture("constructed-sq.txt"))
        .args([
            "--jurisdiction",
            "AL",
            "--act",
            "criminal-code",
            "--version",
            "2020-13-01",
            "--lang",
            "sq",
        ])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn never_writes_over_its_input() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("in.txt");
    std::fs::copy(fixture("constructed-sq.txt"), &input).expect("copy");
    let o = lexgap(tmp.path())
        .args([
            "import",
            "in.txt",
            "--jurisdiction",
            "AL",
            "--act",
            "criminal-code",
        ])
        .args(["--version", "2020-01-01", "--lang", "sq", "-o", "in.txt"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let after = std::fs::read(&input).expect("read");
    assert_eq!(
        after,
        std::fs::read(fixture("constructed-sq.txt")).expect("read")
    );
}

#[test]
fn suggest_reads_a_law_file() {
    let (ws, r) = import(&fixture("mk-pages-203-205.txt"), "MK", "mk", &[]);
    assert_eq!(r.code, Some(0));
    let o = lexgap(ws.path())
        .args([
            "suggest",
            "codes/MK/criminal-code/2020-01-01.law",
            "--article",
            "396",
        ])
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("article 396 para 1 (text mk):"), "{out}");
    assert!(out.contains("penalty prison 3y..10y"), "{out}");
    assert!(!out.contains("article 395"), "{out}");
    let o = lexgap(ws.path())
        .args([
            "suggest",
            "codes/MK/criminal-code/2020-01-01.law",
            "--article",
            "9999",
        ])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_suggested_value_is_in_the_instrument_vocabulary() {
    let yaml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol/firearms-protocol.yaml"),
    )
    .expect("instrument");
    for (facet, value) in lexgap::import::suggest::lexicon_values() {
        assert!(
            yaml.contains(&format!("- id: {value}\n")),
            "{facet} {value} is not a value of the instrument"
        );
    }
}
