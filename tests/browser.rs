//! The HTML reports in a real browser: headless Chromium loads each report, must log nothing to
//! the console (no script, no blocked load, no Content-Security-Policy violation), must have
//! every obligation row in its DOM, and must print to an A4 PDF.
//!
//! Needs the Debian package `chromium` (`.ci/run` installs it). Without it the test prints a
//! notice and passes, so that a local `cargo test` works on any machine — unless
//! `LEXGAP_REQUIRE_CHROMIUM` is set, as `.ci/run` does, and then it fails. Set
//! `LEXGAP_SCREENSHOTS=DIR` to also keep a screenshot and the PDF of each report there.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless on `page` with `extra` arguments, in a fresh profile, with
/// networking off, logging the page console to stderr.
fn browse(chromium: &Path, page: &Path, extra: &[String]) -> Output {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Lines where the page logged to its console: any is a failure (the reports have no script,
/// so these are blocked loads or policy violations).
fn console_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn write_reports(workspace: Option<&Path>, dir: &Path) {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    let cwd = workspace.map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    cmd.current_dir(&cwd).env("NO_COLOR", "1");
    cmd.args(["report", "-o"]).arg(dir.join("out"));
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Obligation ids the report's own HTML promises (`data-obligation="…"` attributes).
fn promised_rows(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .split("data-obligation=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn check_report(
    chromium: &Path,
    page: &Path,
    name: &str,
    must_have: &[String],
    keep: Option<&Path>,
) {
    let dom = browse(chromium, page, &["--dump-dom".to_string()]);
    let logged = console_lines(&dom);
    assert!(
        logged.is_empty(),
        "{name}: console output:\n{}",
        logged.join("\n")
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    for id in must_have {
        assert!(
            dom_text.contains(&format!("data-obligation=\"{id}\"")),
            "{name}: no row for {id} in the DOM"
        );
    }
    // Markup from the corpus must never have become elements.
    assert!(!dom_text.contains("<script"), "{name}: a script element");
    assert!(!dom_text.contains("<img"), "{name}: an img element");

    let pdf_dir = tempfile::tempdir().expect("temp dir");
    let pdf = keep.map_or_else(
        || pdf_dir.path().join("r.pdf"),
        |k| k.join(format!("{name}.pdf")),
    );
    let printed = browse(
        chromium,
        page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let logged = console_lines(&printed);
    assert!(
        logged.is_empty(),
        "{name}: console output while printing:\n{}",
        logged.join("\n")
    );
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF"), "{name}: not a PDF");
    let text = String::from_utf8_lossy(&bytes);
    // A4 is 595 × 842 points (portrait); wide tables go on landscape A4 pages. Every page
    // must be one or the other.
    let boxes = media_boxes(&text);
    assert!(!boxes.is_empty(), "{name}: no pages found in the PDF");
    for (w, h) in &boxes {
        let a4 = |a: f64, b: f64| (a - 595.0).abs() < 3.0 && (b - 842.0).abs() < 3.0;
        assert!(
            a4(*w, *h) || a4(*h, *w),
            "{name}: a page of {w} × {h} points is not A4"
        );
    }
    if let Some(k) = keep {
        browse(
            chromium,
            page,
            &[
                format!("--screenshot={}", k.join(format!("{name}.png")).display()),
                "--window-size=1280,4000".to_string(),
            ],
        );
    }
}

/// Width and height of every `/MediaBox [0 0 W H]` in a PDF.
fn media_boxes(pdf: &str) -> Vec<(f64, f64)> {
    pdf.split("/MediaBox [")
        .skip(1)
        .filter_map(|s| {
            let nums: Vec<f64> = s
                .split(']')
                .next()?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            match nums.as_slice() {
                [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn reports_load_cleanly_and_print_in_chromium() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("LEXGAP_REQUIRE_CHROMIUM").is_none(),
            "LEXGAP_REQUIRE_CHROMIUM is set (as in CI) but chromium was not found"
        );
        println!(
            "notice: browser test skipped — chromium not found (Debian: apt-get install -y \
             chromium; or set CHROMIUM=/path/to/chromium)"
        );
        return;
    };
    let keep = std::env::var_os("LEXGAP_SCREENSHOTS").map(PathBuf::from);
    if let Some(k) = &keep {
        std::fs::create_dir_all(k).expect("screenshot dir");
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws");
    let small = tempfile::tempdir().expect("temp dir");
    write_reports(Some(&fixture), small.path());
    let bundled = tempfile::tempdir().expect("temp dir");
    write_reports(None, bundled.path());
    // The fixture again under a hostile name: a newline, backslashes, quotes and CSS syntax
    // that, were it read as style rules, would load an image the page's policy refuses (a
    // console line) and hide every obligation row (issue 20, finding 1).
    let hostile = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture, &hostile.path().join("ws"));
    std::fs::write(
        hostile.path().join("ws/codes/XX/jurisdiction.yaml"),
        "id: XX\nname:\n  en: \"Test\\\\land\\n;}}*{background-image:url(x.png)}\
         tr.obligation{display:none}\\\\\\n\\\"'@import 'y.css';b{ <style>\"\nlanguages: [en]\n",
    )
    .expect("write");
    write_reports(Some(&hostile.path().join("ws")), hostile.path());

    let mut pages: Vec<PathBuf> = Vec::new();
    for dir in [
        small.path().join("out"),
        bundled.path().join("out"),
        hostile.path().join("out"),
    ] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("reports")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        names.sort();
        pages.extend(names);
    }
    // Every kind of report from each corpus: the index (regional), a gap report, an amendment
    // review — for the bundled corpus one of each keeps the test quick.
    let chosen: Vec<&PathBuf> = pages
        .iter()
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.starts_with(small.path())
                || p.starts_with(hostile.path())
                || n == "index.html"
                || n == "gap-ME.html"
                || n.starts_with("amendment-ME-")
        })
        .collect();
    assert!(chosen.len() >= 9, "{chosen:?}");
    for page in chosen {
        let html = std::fs::read_to_string(page).expect("read");
        let rows = promised_rows(&html);
        assert!(!rows.is_empty(), "{}: no obligation rows", page.display());
        let set = if page.starts_with(small.path()) {
            "fixture"
        } else if page.starts_with(hostile.path()) {
            "hostile"
        } else {
            "bundled"
        };
        let stem = page.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
        check_report(
            &chromium,
            page,
            &format!("{set}-{stem}"),
            &rows,
            keep.as_deref(),
        );
    }
}

#[test]
fn comparative_report_loads_cleanly_and_prints_in_chromium() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("LEXGAP_REQUIRE_CHROMIUM").is_none(),
            "LEXGAP_REQUIRE_CHROMIUM is set (as in CI) but chromium was not found"
        );
        println!("notice: browser test skipped — chromium not found");
        return;
    };
    let keep = std::env::var_os("LEXGAP_SCREENSHOTS").map(PathBuf::from);
    if let Some(k) = &keep {
        std::fs::create_dir_all(k).expect("screenshot dir");
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comparative/ws");
    let dir = tempfile::tempdir().expect("temp dir");
    for lang in ["en", "sr-Cyrl"] {
        let page = dir.path().join(format!("comparative-{lang}.html"));
        let out = Command::cargo_bin("lexgap")
            .expect("binary built")
            .current_dir(&fixture)
            .env("NO_COLOR", "1")
            .args(["report", "comparative", "--lang", lang, "-o"])
            .arg(&page)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let name = format!("comparative-{lang}");
        check_report(&chromium, &page, &name, &[], keep.as_deref());
        let dom = browse(&chromium, &page, &["--dump-dom".to_string()]);
        let dom = String::from_utf8_lossy(&dom.stdout);
        // Both tables of every jurisdiction and offence, and the six flags of the fixture.
        assert_eq!(
            dom.matches("<table class=\"comparative\"").count(),
            5,
            "{name}"
        );
        assert_eq!(dom.matches("class=\"flag\"").count(), 6, "{name}");
        assert!(
            dom.contains("data-aspect=\"rule:special-measures\""),
            "{name}"
        );
    }
}
