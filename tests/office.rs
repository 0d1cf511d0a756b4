//! The Word and Excel reports: the package read back (unzip + XML parse: content types,
//! relationships, unique ids, heading order, table header rows), determinism, and a real
//! consumer — LibreOffice headless converts each file to PDF and `pdftotext` must find every
//! obligation id, every jurisdiction and the hostile strings of the fixtures as plain text.
//!
//! The LibreOffice test needs `soffice` (Debian `libreoffice-writer-nogui` and
//! `libreoffice-calc-nogui`) and `pdftotext` (`poppler-utils`); `.ci/run` installs them. Without
//! them the test prints a notice and passes — unless `LEXGAP_REQUIRE_LIBREOFFICE` is set, as
//! `.ci/run` does, and then it fails. It converts every file in one `soffice` run with its own
//! profile folder, so it is one start of LibreOffice (a few seconds) and parallel tests do not
//! share a profile. Set `LEXGAP_OFFICE_DIR=DIR` to keep the files, PDFs and texts there.
//!
//! Opening the files in Word itself cannot be tested here; the writer keeps to the parts of
//! the format that Word and LibreOffice render alike.

mod report_fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use lexgap::report::{Format, Renderer, Report, Templates};
use report_fixture::{IMG, SCRIPT};

const LANGS: [&str; 5] = ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"];

fn reports() -> Vec<Report> {
    vec![
        Report::Gap(Box::new(report_fixture::gap())),
        Report::Amendment(Box::new(report_fixture::amendment())),
        Report::Regional(Box::new(report_fixture::regional())),
    ]
}

fn render(report: &Report, format: Format, lang: &str) -> Vec<u8> {
    let r = Renderer::new(Templates::bundled(), lang).expect("renderer");
    r.render(report, format)
        .unwrap_or_else(|e| panic!("{} {lang} {format:?}: {e}", report.kind()))
}

/// Every entry of a zip package: name → bytes, in the package's order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("entry name").to_string();
        let dt = f.last_modified().expect("a time");
        assert_eq!(
            (dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute()),
            (1980, 1, 1, 0, 0),
            "{name}: the zip entry has a clock time"
        );
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read entry");
        out.push((name, b));
    }
    out
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("UTF-8 XML")
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The checks Word enforces on a package, and ours on top: every part parses, the content
/// types cover every part, every relationship target exists, relationship ids are unique.
fn check_package(name: &str, parts: &[(String, Vec<u8>)]) {
    let names: BTreeSet<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), parts.len(), "{name}: a part twice");
    for (n, b) in parts {
        roxmltree::Document::parse(text(b))
            .unwrap_or_else(|e| panic!("{name}: {n} is not well-formed XML: {e}"));
    }
    let get = |n: &str| {
        parts
            .iter()
            .find(|(p, _)| p == n)
            .map(|(_, b)| text(b))
            .unwrap_or_else(|| panic!("{name}: no {n}"))
    };
    // Content types: a Default by extension or an Override by name for every part.
    let ct = roxmltree::Document::parse(get("[Content_Types].xml")).expect("parse");
    let defaults: BTreeSet<String> = ct
        .descendants()
        .filter(|n| n.has_tag_name("Default"))
        .filter_map(|n| n.attribute("Extension").map(str::to_lowercase))
        .collect();
    let overrides: BTreeSet<String> = ct
        .descendants()
        .filter(|n| n.has_tag_name("Override"))
        .filter_map(|n| n.attribute("PartName").map(str::to_string))
        .collect();
    for o in &overrides {
        assert!(
            names.contains(o.trim_start_matches('/')),
            "{name}: content type for a missing part {o}"
        );
    }
    for n in &names {
        if *n == "[Content_Types].xml" || n.ends_with('/') {
            continue;
        }
        let ext = n.rsplit('.').next().unwrap_or("").to_lowercase();
        assert!(
            overrides.contains(&format!("/{n}")) || defaults.contains(&ext),
            "{name}: no content type for {n}"
        );
    }
    // Relationships: unique ids, internal targets exist.
    for (n, b) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let doc = roxmltree::Document::parse(text(b)).expect("parse");
        let base = n
            .strip_suffix(".rels")
            .and_then(|s| s.rsplit_once("_rels/"))
            .map(|(dir, _)| dir.to_string())
            .unwrap_or_default();
        let mut ids = BTreeSet::new();
        for rel in doc.descendants().filter(|x| x.has_tag_name("Relationship")) {
            let id = rel.attribute("Id").expect("Id");
            assert!(ids.insert(id.to_string()), "{name}: {n}: id {id} twice");
            if rel.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = rel.attribute("Target").expect("Target");
            let path = if let Some(abs) = target.strip_prefix('/') {
                abs.to_string()
            } else {
                format!("{base}{target}")
            };
            assert!(
                names.contains(path.as_str()),
                "{name}: {n}: {id} points to a missing part {path}"
            );
        }
    }
}

/// The text of a WordprocessingML part, paragraph by paragraph.
fn word_text(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("parse");
    let mut out = String::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        for t in p.descendants().filter(|n| n.has_tag_name((W, "t"))) {
            out.push_str(t.text().unwrap_or(""));
        }
        out.push('\n');
    }
    out
}

fn docx_checks(report: Option<&Report>, lang: &str, bytes: &[u8]) {
    let name = format!("{}-{lang}.docx", report.map_or("set", Report::kind));
    let parts = unzip(bytes);
    check_package(&name, &parts);
    let get = |n: &str| {
        parts
            .iter()
            .find(|(p, _)| p == n)
            .map(|(_, b)| text(b))
            .unwrap_or_else(|| panic!("{name}: no {n}"))
    };
    let document = get("word/document.xml");
    let doc = roxmltree::Document::parse(document).expect("parse");
    let styles = roxmltree::Document::parse(get("word/styles.xml")).expect("parse");
    let style_ids: BTreeSet<&str> = styles
        .descendants()
        .filter(|n| n.has_tag_name((W, "style")))
        .filter_map(|n| n.attribute((W, "styleId")))
        .collect();
    // Every style used is defined; headings go 1, then down at most one level at a time.
    let mut levels = Vec::new();
    for s in doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "pStyle")) || n.has_tag_name((W, "rStyle")))
    {
        let v = s.attribute((W, "val")).expect("val");
        assert!(style_ids.contains(v), "{name}: style {v} is not defined");
        if let Some(l) = v.strip_prefix("Heading") {
            levels.push(l.parse::<u32>().expect("heading level"));
        }
    }
    assert_eq!(
        levels.first(),
        Some(&1),
        "{name}: first heading not level 1"
    );
    for w in levels.windows(2) {
        if let [a, b] = w {
            assert!(*b <= a + 1, "{name}: heading {b} after heading {a}");
        }
    }
    // Built-in heading names, so Word's navigation pane sees them.
    for l in 1..=3 {
        assert!(
            styles.descendants().any(|n| n.has_tag_name((W, "name"))
                && n.attribute((W, "val")) == Some(&format!("heading {l}"))),
            "{name}: no built-in heading {l}"
        );
    }
    // Tables: the rows of the header repeat (and only leading rows say so); rows do not split.
    let mut tables_with_header = 0;
    for tbl in doc.descendants().filter(|n| n.has_tag_name((W, "tbl"))) {
        let rows: Vec<_> = tbl
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .collect();
        let header: Vec<bool> = rows
            .iter()
            .map(|r| r.descendants().any(|n| n.has_tag_name((W, "tblHeader"))))
            .collect();
        let leading = header.iter().take_while(|h| **h).count();
        assert!(
            header.iter().skip(leading).all(|h| !h),
            "{name}: a header row after a body row"
        );
        let style = tbl
            .descendants()
            .find(|n| n.has_tag_name((W, "tblStyle")))
            .and_then(|n| n.attribute((W, "val")));
        if style == Some("ReportTable") && rows.len() > 1 {
            assert!(leading >= 1, "{name}: a report table without a header row");
            tables_with_header += 1;
        }
        for r in &rows {
            assert!(
                r.descendants().any(|n| n.has_tag_name((W, "cantSplit"))),
                "{name}: a fixture row may split across pages"
            );
        }
    }
    assert!(
        tables_with_header >= 2,
        "{name}: {tables_with_header} tables"
    );
    // Ids: bookmarks unique by id and name, every internal link has its bookmark, every
    // footnote reference its footnote, every r:id its relationship.
    let mut bm_ids = BTreeSet::new();
    let mut bm_names = BTreeSet::new();
    for b in doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "bookmarkStart")))
    {
        assert!(bm_ids.insert(b.attribute((W, "id")).expect("id")));
        let n = b.attribute((W, "name")).expect("name");
        assert!(n.len() <= 40 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        assert!(bm_names.insert(n), "{name}: bookmark {n} twice");
    }
    for h in doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "hyperlink")))
    {
        if let Some(a) = h.attribute((W, "anchor")) {
            assert!(bm_names.contains(a), "{name}: a link to no bookmark {a}");
        }
    }
    let rels = roxmltree::Document::parse(get("word/_rels/document.xml.rels")).expect("parse");
    let rel_ids: BTreeSet<&str> = rels
        .descendants()
        .filter_map(|n| n.attribute("Id"))
        .collect();
    for n in doc.descendants() {
        if let Some(id) = n.attribute((R, "id")) {
            assert!(
                rel_ids.contains(id),
                "{name}: r:id {id} has no relationship"
            );
        }
    }
    let notes = roxmltree::Document::parse(get("word/footnotes.xml")).expect("parse");
    let mut note_ids = BTreeSet::new();
    for f in notes
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnote")))
    {
        assert!(note_ids.insert(f.attribute((W, "id")).expect("id").to_string()));
    }
    for r in doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnoteReference")))
    {
        let id = r.attribute((W, "id")).expect("id");
        assert!(note_ids.contains(id), "{name}: footnote {id} missing");
    }
    // Landscape sections for the wide tables, portrait for the rest.
    let orients: Vec<bool> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "pgSz")))
        .map(|n| n.attribute((W, "orient")) == Some("landscape"))
        .collect();
    assert!(orients.contains(&true), "{name}: no landscape section");
    assert_eq!(orients.last(), Some(&false), "{name}: ends in landscape");
    // The hostile text of the fixtures is text.
    let Some(report) = report else { return };
    let all = format!(
        "{}{}",
        word_text(document),
        word_text(get("word/footnotes.xml"))
    );
    assert!(all.contains(SCRIPT), "{name}: the <script> text is lost");
    assert!(
        !document.contains("<script") && !document.contains("<img"),
        "{name}: raw markup"
    );
    if matches!(report, Report::Gap(_) | Report::Amendment(_)) {
        assert!(all.contains(IMG), "{name}: the <img> text is lost");
    }
}

#[test]
fn docx_packages_are_valid_in_every_language() {
    for report in reports() {
        for lang in LANGS {
            let bytes = render(&report, Format::Docx, lang);
            docx_checks(Some(&report), lang, &bytes);
            assert_eq!(
                bytes,
                render(&report, Format::Docx, lang),
                "{} {lang}: two runs differ",
                report.kind()
            );
        }
    }
}

#[test]
fn docx_headings_are_in_the_report_language() {
    let report = Report::Gap(Box::new(report_fixture::gap()));
    let parts = unzip(&render(&report, Format::Docx, "sr-Cyrl"));
    let doc = parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| word_text(text(b)))
        .expect("document");
    assert!(doc.contains("Анализа недостатака"), "{doc}");
    let styles = parts
        .iter()
        .find(|(n, _)| n == "word/styles.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("styles");
    assert!(styles.contains("w:lang w:val=\"sr-Cyrl\""));
}

/// The text of a Word report's body, paragraph by paragraph.
fn docx_body(report: &Report, lang: &str) -> String {
    unzip(&render(report, Format::Docx, lang))
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| word_text(text(b)))
        .expect("document")
}

fn catalog_text(lang: &str, key: &str) -> String {
    Renderer::new(Templates::bundled(), lang)
        .expect("renderer")
        .catalog()
        .get(key)
        .to_string()
}

/// The lines a syntax error kept out of the analysis, as each report holds them.
fn unread_of(report: &Report) -> Vec<(String, String)> {
    match report {
        Report::Gap(r) => r
            .unread
            .iter()
            .map(|u| (u.act.clone(), u.line.clone()))
            .collect(),
        Report::Amendment(r) => r
            .unread
            .iter()
            .map(|u| (u.act.clone(), u.line.clone()))
            .collect(),
        Report::Regional(r) => r
            .rows
            .iter()
            .flat_map(|row| row.unread.iter().map(|u| (u.act.clone(), u.line.clone())))
            .collect(),
        Report::Comparative(r) => r
            .jurisdictions
            .iter()
            .flat_map(|j| j.unread.iter().map(|u| (u.act.clone(), u.line.clone())))
            .collect(),
    }
}

#[test]
fn docx_lists_the_lines_not_read_on_its_first_pages_in_every_language() {
    for report in reports() {
        let unread = unread_of(&report);
        assert!(
            !unread.is_empty(),
            "{}: the fixture has no unread line",
            report.kind()
        );
        for lang in LANGS {
            let body = docx_body(&report, lang);
            let label = catalog_text(lang, "gap.unread");
            // Before the first page break's contents: the cover (the gap report lists them in
            // its sources table, each under its act; the others as a notice with the act).
            let cover = body
                .split(&catalog_text(lang, "common.provenance"))
                .next()
                .unwrap_or("");
            for (act, line) in &unread {
                let want = match report {
                    Report::Gap(_) => format!("{label}: {line}"),
                    _ => format!("{label}: {act}: {line}"),
                };
                assert!(
                    cover.contains(&want),
                    "{} {lang}: no `{want}` on the cover:\n{cover}",
                    report.kind()
                );
            }
        }
    }
}

#[test]
fn docx_says_when_a_jurisdiction_has_no_law_of_its_own_in_every_language() {
    let mut gap = report_fixture::gap();
    gap.own_law = false;
    gap.analysed_with = vec!["Parentland".into(), "Grandland".into()];
    let report = Report::Gap(Box::new(gap.clone()));
    for lang in LANGS {
        let want = catalog_text(lang, "gap.no-own-law")
            .replace("{jurisdiction}", &gap.jurisdiction.name)
            .replace("{parents}", "Parentland, Grandland");
        assert!(!want.contains('{'), "{lang}: {want}");
        assert!(docx_body(&report, lang).contains(&want), "{lang}: {want}");
    }
    // With a law of its own (the fixture), no such note.
    let own = docx_body(&Report::Gap(Box::new(report_fixture::gap())), "en");
    assert!(!own.contains("Parentland"));
    assert!(!own.contains("of its own in force"), "{own}");
}

#[test]
fn docx_summary_says_when_no_obligation_could_be_assessed_in_every_language() {
    // Every obligation not assessed: the summary says none could be, not "0 of 0".
    let mut gap = report_fixture::gap();
    for o in &mut gap.obligations {
        o.status = lexgap::report::view::Status::NotAssessed;
    }
    let mut m = lexgap::report::view::Tally::default();
    for o in gap.obligations.iter().filter(|o| o.kind.is_mandatory()) {
        m.add(o.status);
    }
    assert!(m.not_assessed > 0 && m.assessed == 0);
    gap.mandatory = m.clone();
    gap.key_gaps.clear();
    let none = Report::Gap(Box::new(gap.clone()));
    // Some assessed, all of those met, some not assessed, no key gap.
    let mut some = gap.clone();
    if let Some(o) = some.obligations.iter_mut().find(|o| o.kind.is_mandatory()) {
        o.status = lexgap::report::view::Status::Full;
    }
    let mut m2 = lexgap::report::view::Tally::default();
    for o in some.obligations.iter().filter(|o| o.kind.is_mandatory()) {
        m2.add(o.status);
    }
    assert!(m2.assessed > 0 && m2.not_assessed > 0);
    some.mandatory = m2.clone();
    let some = Report::Gap(Box::new(some));
    for lang in LANGS {
        let want =
            catalog_text(lang, "gap.none-assessed").replace("{n}", &m.not_assessed.to_string());
        let body = docx_body(&none, lang);
        // Both the summary line and the key-gap paragraph.
        assert_eq!(body.matches(&want).count(), 2, "{lang}: {want}\n{body}");
        let want = catalog_text(lang, "gap.no-key-gaps-not-assessed")
            .replace("{n}", &m2.not_assessed.to_string());
        let body = docx_body(&some, lang);
        assert!(body.contains(&want), "{lang}: {want}");
        assert!(!body.contains(&catalog_text(lang, "gap.no-key-gaps")));
    }
}

#[test]
fn docx_marks_deleted_words_struck_and_inserted_underlined() {
    let report = Report::Amendment(Box::new(report_fixture::amendment()));
    let parts = unzip(&render(&report, Format::Docx, "en"));
    let xml = parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| String::from_utf8(b.clone()).expect("utf-8"))
        .expect("document");
    let doc = roxmltree::Document::parse(&xml).expect("parse");
    let runs_with = |word: &str| -> Vec<(bool, bool)> {
        doc.descendants()
            .filter(|n| n.has_tag_name((W, "r")))
            .filter(|r| {
                r.descendants()
                    .any(|t| t.has_tag_name((W, "t")) && t.text() == Some(word))
            })
            .map(|r| {
                (
                    r.descendants().any(|n| n.has_tag_name((W, "strike"))),
                    r.descendants().any(|n| n.has_tag_name((W, "u"))),
                )
            })
            .collect()
    };
    assert_eq!(runs_with("makes"), vec![(true, false)]);
    assert_eq!(runs_with("makes, assembles"), vec![(false, true)]);
    assert_eq!(runs_with(" or sells firearms "), vec![(false, false); 2]);
    // Plain formatting, not tracked changes (see src/report/docx/mod.rs).
    assert!(!xml.contains("<w:ins ") && !xml.contains("<w:del "));
}

// ------------------------------------------------------------------ XLSX

const X: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// Text that a spreadsheet would run as a formula if it were written as one.
const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://x.test\",\"click\")",
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
];

/// Which of [`FORMULAS`] [`injected`] put in each report.
fn injected_into(report: &Report) -> Vec<&'static str> {
    let which: &[usize] = match report {
        Report::Gap(_) => &[0, 1, 2, 3],
        Report::Amendment(_) => &[3],
        Report::Regional(_) => &[0, 1],
        Report::Comparative(_) => &[],
    };
    which
        .iter()
        .filter_map(|i| FORMULAS.get(*i).copied())
        .collect()
}

/// The fixtures with formula-like text where a `.law` file's words end up.
fn injected() -> Vec<Report> {
    let mut gap = report_fixture::gap();
    if let Some(o) = gap.obligations.first_mut() {
        o.title = FORMULAS[0].to_string();
        o.missing = vec![FORMULAS[1].to_string()];
        o.recommendation = Some(FORMULAS[2].to_string());
    }
    if let Some(a) = gap.annex.first_mut() {
        a.text = Some(FORMULAS[3].to_string());
    }
    let mut regional = report_fixture::regional();
    if let Some(row) = regional.rows.get_mut(1) {
        row.jurisdiction.name = FORMULAS[0].to_string();
    }
    if let Some(h) = regional.obligations.first_mut() {
        h.title = FORMULAS[1].to_string();
    }
    let mut amendment = report_fixture::amendment();
    if let Some(c) = amendment.changes.first_mut() {
        c.lost = vec![FORMULAS[3].to_string()];
    }
    vec![
        Report::Gap(Box::new(gap)),
        Report::Amendment(Box::new(amendment)),
        Report::Regional(Box::new(regional)),
    ]
}

/// The workbook read back: each sheet (by name) as rows of (cell reference, type, text),
/// with the shared strings resolved; and whether any cell holds a formula.
/// A cell read back: its reference (`B7`), its type (`s`, `n`, `b` …) and its text.
type CellValue = (String, String, String);

struct Workbook {
    sheets: Vec<(String, Vec<CellValue>)>,
    formulas: usize,
    frozen: usize,
    filters: usize,
    conditional: usize,
    hyperlinks: Vec<String>,
}

fn read_xlsx(name: &str, bytes: &[u8]) -> Workbook {
    let parts = unzip(bytes);
    check_package(name, &parts);
    let get = |n: &str| {
        parts
            .iter()
            .find(|(p, _)| p == n)
            .map(|(_, b)| text(b))
            .unwrap_or_else(|| panic!("{name}: no {n}"))
    };
    let shared: Vec<String> = match parts.iter().find(|(p, _)| p == "xl/sharedStrings.xml") {
        Some((_, b)) => {
            let doc = roxmltree::Document::parse(text(b)).expect("parse");
            doc.descendants()
                .filter(|n| n.has_tag_name((X, "si")))
                .map(|si| {
                    si.descendants()
                        .filter(|t| t.has_tag_name((X, "t")))
                        .map(|t| t.text().unwrap_or(""))
                        .collect()
                })
                .collect()
        }
        None => Vec::new(),
    };
    let book = roxmltree::Document::parse(get("xl/workbook.xml")).expect("parse");
    let rels = roxmltree::Document::parse(get("xl/_rels/workbook.xml.rels")).expect("parse");
    let mut wb = Workbook {
        sheets: Vec::new(),
        formulas: 0,
        frozen: 0,
        filters: 0,
        conditional: 0,
        hyperlinks: Vec::new(),
    };
    for s in book.descendants().filter(|n| n.has_tag_name((X, "sheet"))) {
        let sheet_name = s.attribute("name").expect("name").to_string();
        let rid = s.attribute((R, "id")).expect("r:id");
        let target = rels
            .descendants()
            .find(|r| r.attribute("Id") == Some(rid))
            .and_then(|r| r.attribute("Target"))
            .expect("sheet target");
        let path = target
            .strip_prefix('/')
            .map_or_else(|| format!("xl/{target}"), str::to_string);
        let doc = roxmltree::Document::parse(get(&path)).expect("parse");
        wb.formulas += doc
            .descendants()
            .filter(|n| n.has_tag_name((X, "f")))
            .count();
        wb.frozen += doc
            .descendants()
            .filter(|n| n.has_tag_name((X, "pane")) && n.attribute("state") == Some("frozen"))
            .count();
        wb.filters += doc
            .descendants()
            .filter(|n| n.has_tag_name((X, "autoFilter")))
            .count();
        wb.conditional += doc
            .descendants()
            .filter(|n| n.has_tag_name((X, "cfRule")))
            .count();
        wb.hyperlinks.extend(
            doc.descendants()
                .filter(|n| n.has_tag_name((X, "hyperlink")))
                .filter_map(|n| n.attribute("location").map(str::to_string)),
        );
        let mut cells = Vec::new();
        for c in doc.descendants().filter(|n| n.has_tag_name((X, "c"))) {
            let r = c.attribute("r").expect("r").to_string();
            let t = c.attribute("t").unwrap_or("n").to_string();
            let v = c
                .children()
                .find(|n| n.has_tag_name((X, "v")))
                .and_then(|v| v.text())
                .unwrap_or("")
                .to_string();
            let value = if t == "s" {
                shared
                    .get(v.parse::<usize>().expect("index"))
                    .cloned()
                    .expect("shared string")
            } else {
                v
            };
            cells.push((r, t, value));
        }
        wb.sheets.push((sheet_name, cells));
    }
    wb
}

#[test]
fn xlsx_cells_are_never_formulas_and_numbers_are_numbers() {
    for report in injected() {
        let name = format!("{}.xlsx", report.kind());
        let bytes = render(&report, Format::Xlsx, "en");
        let wb = read_xlsx(&name, &bytes);
        assert_eq!(wb.formulas, 0, "{name}: a cell holds a formula");
        let all: Vec<&CellValue> = wb.sheets.iter().flat_map(|(_, c)| c.iter()).collect();
        for f in injected_into(&report) {
            let cell = all
                .iter()
                .find(|(_, _, v)| v == f)
                .unwrap_or_else(|| panic!("{name}: {f} is not in any cell"));
            assert_eq!(cell.1, "s", "{name}: {f} is not a string cell");
        }
        assert!(
            all.iter().any(|(_, _, v)| v.contains(SCRIPT)),
            "{name}: the <script> text is lost"
        );
        // Counts are numbers, not text.
        let numbers = all.iter().filter(|(_, t, _)| t == "n").count();
        assert!(numbers > 0, "{name}: no number cells");
        for (_, t, v) in &all {
            if t == "s" && !FORMULAS.contains(&v.as_str()) {
                assert!(
                    v.parse::<f64>().is_err() || v.len() > 12,
                    "{name}: the number {v} is written as text"
                );
            }
        }
        // Every sheet frozen and filtered; statuses coloured; links lead to rows that exist.
        assert_eq!(wb.frozen, wb.sheets.len(), "{name}: a sheet not frozen");
        assert_eq!(
            wb.filters,
            wb.sheets.len(),
            "{name}: a sheet without a filter"
        );
        assert!(wb.conditional >= 6, "{name}: no status colours");
        for link in &wb.hyperlinks {
            let (sheet, cell) = link.rsplit_once('!').expect("sheet!cell");
            let sheet = sheet.trim_matches('\'');
            let cells = &wb
                .sheets
                .iter()
                .find(|(n, _)| n == sheet)
                .unwrap_or_else(|| panic!("{name}: a link to no sheet {sheet}"))
                .1;
            assert!(
                cells.iter().any(|(r, _, _)| r == cell),
                "{name}: a link to an empty cell {link}"
            );
        }
        if !matches!(report, Report::Amendment(_)) {
            assert!(!wb.hyperlinks.is_empty(), "{name}: no links");
        }
        assert_eq!(
            bytes,
            render(&report, Format::Xlsx, "en"),
            "{name}: two runs differ"
        );
    }
}

#[test]
fn xlsx_gap_has_obligations_cells_and_provisions_in_every_language() {
    let report = Report::Gap(Box::new(report_fixture::gap()));
    for lang in LANGS {
        let wb = read_xlsx("gap.xlsx", &render(&report, Format::Xlsx, lang));
        let names: Vec<&str> = wb.sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["obligations", "cells", "provisions", "not_read"]);
        let values: Vec<&str> = wb
            .sheets
            .iter()
            .flat_map(|(_, c)| c.iter().map(|(_, _, v)| v.as_str()))
            .collect();
        for o in report_fixture::rows() {
            assert!(values.contains(&o.id.as_str()), "{lang}: {}", o.id);
        }
        assert!(values.contains(&"assemble × part × without-licence"));
        let partly = Renderer::new(Templates::bundled(), lang)
            .expect("renderer")
            .catalog()
            .get("status.partial.name")
            .to_string();
        assert!(values.contains(&partly.as_str()), "{lang}: {partly}");
    }
}

#[test]
fn xlsx_has_a_not_read_sheet_with_every_unread_line() {
    for report in reports() {
        let unread = unread_of(&report);
        for lang in LANGS {
            let wb = read_xlsx("not_read.xlsx", &render(&report, Format::Xlsx, lang));
            let (_, cells) = wb
                .sheets
                .iter()
                .find(|(n, _)| n == "not_read")
                .unwrap_or_else(|| panic!("{} {lang}: no not_read sheet", report.kind()));
            let at = |r: &str| {
                cells
                    .iter()
                    .find(|(c, _, _)| c == r)
                    .map(|(_, _, v)| v.as_str())
                    .unwrap_or("")
            };
            // The stable identifiers in English, the catalog's column names in another
            // language (issue 21).
            let head = |id: &str| {
                if lang == "en" {
                    id.to_string()
                } else {
                    catalog_text(lang, &format!("csv.{id}"))
                }
            };
            assert_eq!(
                (
                    at("A1").to_string(),
                    at("B1").to_string(),
                    at("C1").to_string()
                ),
                (head("jurisdiction"), head("act"), head("line")),
                "{lang}"
            );
            for (i, (act, line)) in unread.iter().enumerate() {
                let row = i + 2;
                assert_eq!(at(&format!("A{row}")), "XX", "{} {lang}", report.kind());
                assert_eq!(at(&format!("B{row}")), act, "{} {lang}", report.kind());
                assert_eq!(at(&format!("C{row}")), line, "{} {lang}", report.kind());
            }
            assert_eq!(
                at(&format!("B{}", unread.len() + 2)),
                "",
                "{} {lang}",
                report.kind()
            );
        }
    }
    // No line unread: the sheet is there with its header alone.
    let mut gap = report_fixture::gap();
    gap.unread.clear();
    let wb = read_xlsx(
        "gap.xlsx",
        &render(&Report::Gap(Box::new(gap)), Format::Xlsx, "en"),
    );
    let (_, cells) = wb
        .sheets
        .iter()
        .find(|(n, _)| n == "not_read")
        .expect("a not_read sheet");
    assert_eq!(cells.len(), 3, "{cells:?}");
}

// ------------------------------------------------------------------ LibreOffice

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `soffice` and `pdftotext`, or None (and a notice) when the machine lacks them and CI did
/// not ask for them.
fn office_tools() -> Option<(PathBuf, PathBuf)> {
    let soffice = on_path("soffice").or_else(|| on_path("libreoffice"));
    let pdftotext = on_path("pdftotext");
    match (soffice, pdftotext) {
        (Some(s), Some(p)) => Some((s, p)),
        _ => {
            assert!(
                std::env::var_os("LEXGAP_REQUIRE_LIBREOFFICE").is_none(),
                "LEXGAP_REQUIRE_LIBREOFFICE is set but soffice or pdftotext is not on PATH"
            );
            eprintln!("note: soffice or pdftotext not found; the LibreOffice test is skipped");
            None
        }
    }
}

/// Converts every file to PDF in one LibreOffice run, with a profile of its own.
fn convert(soffice: &Path, dir: &Path, files: &[PathBuf]) {
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
        .arg(dir)
        .args(files)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pdf_text(pdftotext: &Path, pdf: &Path) -> String {
    let out = std::process::Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Text with every white space removed: a PDF breaks lines inside table cells.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What each report must show as text: its obligation ids, jurisdictions and hostile strings.
fn expected(report: &Report) -> Vec<String> {
    let mut want = vec![SCRIPT.to_string()];
    // The lines not read, with their act (the gap report shows the act as its title row).
    for (act, line) in unread_of(report) {
        if !matches!(report, Report::Gap(_)) {
            want.push(act);
        }
        want.push(line);
    }
    match report {
        Report::Gap(r) => {
            want.extend(r.obligations.iter().map(|o| o.id.clone()));
            want.push(r.jurisdiction.name.clone());
            want.push(IMG.to_string());
        }
        Report::Amendment(r) => {
            want.extend(r.changes.iter().map(|o| o.id.clone()));
            want.push(r.jurisdiction.name.clone());
            want.push(IMG.to_string());
        }
        Report::Regional(r) => {
            want.extend(r.obligations.iter().map(|o| o.id.clone()));
            for row in &r.rows {
                want.push(row.jurisdiction.id.clone());
                want.push(row.jurisdiction.name.clone());
            }
        }
        Report::Comparative(r) => {
            for j in &r.jurisdictions {
                want.push(j.jurisdiction.name.clone());
                want.extend(j.flags.iter().map(|f| f.text.clone()));
            }
        }
    }
    want
}

#[test]
fn libreoffice_converts_every_office_report_and_shows_its_text() {
    let Some((soffice, pdftotext)) = office_tools() else {
        return;
    };
    let keep = std::env::var_os("LEXGAP_OFFICE_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("mkdir");
    // Every report in English and in Serbian Cyrillic (the other script).
    let mut files: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for report in reports() {
        for lang in ["en", "sr-Cyrl"] {
            let path = dir.join(format!("{}-{lang}.docx", report.kind()));
            std::fs::write(&path, render(&report, Format::Docx, lang)).expect("write");
            files.push((path, expected(&report)));
        }
    }
    // Every workbook in English, with the formula-like text: it must print as text.
    for report in injected() {
        let path = dir.join(format!("{}-sheets.xlsx", report.kind()));
        std::fs::write(&path, render(&report, Format::Xlsx, "en")).expect("write");
        let mut want = expected(&report);
        let injected: &[usize] = match report {
            Report::Gap(_) => &[0, 1, 2, 3],
            Report::Amendment(_) => &[3],
            Report::Regional(_) => &[0, 1],
            Report::Comparative(_) => &[],
        };
        want.extend(
            injected
                .iter()
                .filter_map(|i| FORMULAS.get(*i))
                .map(|f| (*f).to_string()),
        );
        files.push((path, want));
    }
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    convert(&soffice, &dir, &paths);
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, want) in &files {
        let pdf = path.with_extension("pdf");
        assert!(pdf.is_file(), "no PDF for {}", path.display());
        let text = pdf_text(&pdftotext, &pdf);
        if keep.is_some() {
            std::fs::write(path.with_extension("txt"), &text).expect("write text");
        }
        let squeezed = squeeze(&text);
        for w in want {
            if !squeezed.contains(&squeeze(w)) {
                missing
                    .entry(path.display().to_string())
                    .or_default()
                    .push(w.clone());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not found in the PDF text: {missing:#?}"
    );
}

// ------------------------------------------------------------------ the whole set

fn lexgap_set(out: &Path, formats: &str) -> std::process::Output {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws");
    assert_cmd::Command::cargo_bin("lexgap")
        .expect("binary")
        .arg("--workspace")
        .arg(&ws)
        .args(["report", "--format", formats, "-o"])
        .arg(out)
        .output()
        .expect("runs")
}

#[test]
fn the_set_is_written_in_every_format_asked_for_and_links_within_its_format() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let out = lexgap_set(dir, "html,docx,xlsx");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for stem in ["index", "gap-XX", "bill-XX-2022-markings"] {
        for ext in ["html", "docx", "xlsx"] {
            let n = format!("{stem}.{ext}");
            assert!(names.contains(&n), "no {n} in {names:?}");
        }
    }
    // The same input gives the same bytes, in every format.
    for n in &names {
        let (x, y) = (
            std::fs::read(a.join(n)).expect("read"),
            std::fs::read(b.join(n)).expect("read"),
        );
        assert!(x == y, "{n} differs between two runs");
    }
    // Each index links to the reports of its own format.
    let rels = unzip(&std::fs::read(a.join("index.docx")).expect("read"))
        .into_iter()
        .find(|(n, _)| n == "word/_rels/document.xml.rels")
        .map(|(_, b)| String::from_utf8(b).expect("utf-8"))
        .expect("rels");
    assert!(rels.contains("Target=\"gap-XX.docx\""), "{rels}");
    assert!(!rels.contains(".html\""), "{rels}");
    let html = std::fs::read_to_string(a.join("index.html")).expect("read");
    assert!(html.contains("href=\"gap-XX.html\"") && !html.contains("gap-XX.docx"));
    let docx_gap = std::fs::read(a.join("gap-XX.docx")).expect("read");
    docx_checks(None, "gap-XX", &docx_gap);
    // The per-cell sheet of a real analysis: a row per cell, each with its status.
    let wb = read_xlsx(
        "gap-XX.xlsx",
        &std::fs::read(a.join("gap-XX.xlsx")).expect("read"),
    );
    let cells = &wb
        .sheets
        .iter()
        .find(|(n, _)| n == "cells")
        .expect("a cells sheet")
        .1;
    let statuses: Vec<&str> = cells
        .iter()
        .filter(|(r, _, _)| r.starts_with('C') && r != "C1")
        .map(|(_, _, v)| v.as_str())
        .collect();
    assert!(statuses.len() > 3, "{statuses:?}");
    assert!(statuses.iter().all(|s| {
        [
            "covered",
            "covered-by-interpretation",
            "partly-covered",
            "unknown",
            "not-covered",
        ]
        .contains(s)
    }));
    assert_eq!(wb.formulas, 0);
    docx_checks(
        None,
        "index",
        &std::fs::read(a.join("index.docx")).expect("read"),
    );
}

#[test]
fn a_single_report_takes_one_format() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws");
    let out = assert_cmd::Command::cargo_bin("lexgap")
        .expect("binary")
        .arg("--workspace")
        .arg(&ws)
        .args(["report", "gap", "XX", "--format", "html,docx"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one format"));
}

// ------------------------------------------------------------------ comparative report

/// The comparative report of `tests/fixtures/comparative/ws`, written by the binary.
fn comparative_file(dir: &Path, lang: &str, format: &str) -> (PathBuf, serde_json::Value) {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comparative/ws");
    // One stem per file: LibreOffice names each PDF after it.
    let path = dir.join(format!("comparative-{format}-{lang}.{format}"));
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lexgap"))
            .current_dir(&ws)
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let p = path.to_string_lossy().into_owned();
    run(&[
        "report",
        "comparative",
        "--lang",
        lang,
        "--format",
        format,
        "-o",
        &p,
    ]);
    let json = run(&["report", "comparative", "--lang", lang, "--format", "json"]);
    (path, serde_json::from_slice(&json).expect("JSON"))
}

#[test]
fn comparative_docx_is_valid_and_libreoffice_shows_its_flags() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut files = Vec::new();
    for lang in ["en", "sr-Cyrl"] {
        let (path, doc) = comparative_file(tmp.path(), lang, "docx");
        let bytes = std::fs::read(&path).expect("read");
        docx_checks(None, lang, &bytes);
        let mut want: Vec<String> = Vec::new();
        for j in doc["jurisdictions"].as_array().expect("jurisdictions") {
            want.push(j["jurisdiction"]["name"].as_str().unwrap_or("").to_string());
            for f in j["flags"].as_array().expect("flags") {
                want.push(f["text"].as_str().unwrap_or("").to_string());
            }
        }
        assert_eq!(want.len(), 8, "{want:?}");
        files.push((path, want));
    }
    let (xlsx, doc) = comparative_file(tmp.path(), "en", "xlsx");
    let wb = read_xlsx("comparative.xlsx", &std::fs::read(&xlsx).expect("read"));
    drop(wb);
    // A sheet prints its columns side by side, so a long sentence is cut across lines of the
    // PDF text: the articles each flag cites must show.
    let flags: Vec<String> = doc["jurisdictions"]
        .as_array()
        .expect("jurisdictions")
        .iter()
        .flat_map(|j| j["flags"].as_array().cloned().unwrap_or_default())
        .flat_map(|f| f["cites"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    assert!(flags.len() >= 6, "{flags:?}");
    files.push((xlsx, flags));
    let Some((soffice, pdftotext)) = office_tools() else {
        return;
    };
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    convert(&soffice, tmp.path(), &paths);
    for (path, want) in &files {
        let text = squeeze(&pdf_text(&pdftotext, &path.with_extension("pdf")));
        for w in want {
            assert!(
                text.contains(&squeeze(w)),
                "{}: not in the PDF text: {w}",
                path.display()
            );
        }
    }
}
