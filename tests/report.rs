//! Report rendering: escaping, formats, languages, template overrides, determinism.

mod report_fixture;

use lexgap::report::{Format, Renderer, Report, Templates};
use report_fixture::{IMG, SCRIPT};

fn render(report: &Report, format: Format, lang: &str) -> String {
    let r = Renderer::new(Templates::bundled(), lang).expect("renderer");
    String::from_utf8(r.render(report, format).expect("renders")).expect("utf-8")
}

fn all_reports() -> Vec<Report> {
    vec![
        Report::Gap(Box::new(report_fixture::gap())),
        Report::Amendment(Box::new(report_fixture::amendment())),
        Report::Regional(Box::new(report_fixture::regional())),
    ]
}

#[test]
fn markup_in_provisions_is_shown_as_text() {
    for report in all_reports() {
        for format in [Format::Html, Format::Md] {
            let out = render(&report, format, "en");
            assert!(
                !out.contains(SCRIPT),
                "{} {format:?} has a raw <script>",
                report.kind()
            );
            assert!(!out.contains("<script"), "{} {format:?}", report.kind());
            assert!(
                !out.contains(IMG),
                "{} {format:?} has a raw <img>",
                report.kind()
            );
            assert!(!out.contains("<img"), "{} {format:?}", report.kind());
            assert!(
                out.contains("&lt;script&gt;"),
                "{} {format:?}: text lost",
                report.kind()
            );
        }
    }
}

/// With `LEXGAP_SAMPLE_DIR` set, writes every fixture report in every format and language
/// there, for looking at by eye (and in a browser).
#[test]
fn write_samples_when_asked() {
    let Some(dir) = std::env::var_os("LEXGAP_SAMPLE_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for report in all_reports() {
        for lang in ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"] {
            let r = Renderer::new(Templates::bundled(), lang).expect("renderer");
            for format in [Format::Html, Format::Md, Format::Csv, Format::Json] {
                match r.render(&report, format) {
                    Ok(bytes) => std::fs::write(
                        dir.join(format!("{}-{lang}.{}", report.kind(), format.extension())),
                        bytes,
                    )
                    .expect("write"),
                    Err(e) => panic!("{} {lang} {format:?}:\n{e}", report.kind()),
                }
            }
        }
    }
}

#[test]
fn shipped_catalogs_are_complete() {
    let t = Templates::bundled();
    let read = |lang: &str| {
        t.get(&lexgap::report::locale::catalog_name(lang))
            .map(|f| f.text.clone())
    };
    let findings = lexgap::report::locale::check(&read);
    assert!(
        findings.is_empty(),
        "{:?}",
        findings
            .iter()
            .map(|(l, d)| format!("{l}: {}", d.message))
            .collect::<Vec<_>>()
    );
    for lang in lexgap::report::locale::LANGUAGES {
        let text = read(lang).expect("catalog shipped");
        if lang != "en" {
            assert!(
                text.contains("should be reviewed by a native legal expert"),
                "{lang} lacks the review note"
            );
        }
    }
}

/// The bundled templates never switch escaping off: data reaches the page only escaped.
#[test]
fn bundled_templates_never_mark_data_safe() {
    let t = Templates::bundled();
    for name in t.names() {
        let text = &t.get(name).expect("listed").text;
        assert!(!text.contains("| safe"), "{name} uses the safe filter");
        assert!(!text.contains("|safe"), "{name} uses the safe filter");
    }
}

#[test]
fn markdown_escapes_table_breakers() {
    let mut gap = report_fixture::gap();
    if let Some(o) = gap.obligations.first_mut() {
        o.missing = vec!["a | b\nc".into()];
    }
    let out = render(&Report::Gap(Box::new(gap)), Format::Md, "en");
    assert!(
        out.contains("a \\| b c"),
        "pipe or newline breaks the table"
    );
}

#[test]
fn coverage_by_interpretation_reaches_every_report_and_language() {
    let mut gap = report_fixture::gap();
    if let Some(o) = gap.obligations.first_mut() {
        o.cells_interpreted = 2;
    }
    let reading = "reaches assembly only by interpretation";
    for lang in ["en", "mk", "sq", "sr-Cyrl", "sr-Latn"] {
        let r = Renderer::new(Templates::bundled(), lang).expect("renderer");
        let catalog_key = |key: &str| r.catalog().get(key).to_string();
        for format in [Format::Html, Format::Md] {
            let out = render(&Report::Gap(Box::new(gap.clone())), format, lang);
            assert!(out.contains(reading), "{lang} {format:?}: reading lost");
            let count = catalog_key("gap.interpreted-count").replace("{n}", "2");
            assert!(
                out.contains(&count),
                "{lang} {format:?}: no count `{count}`"
            );
            let regional = render(
                &Report::Regional(Box::new(report_fixture::regional())),
                format,
                lang,
            );
            let mark = catalog_key("regional.interpreted-mark");
            assert!(
                regional.contains(&html_or_md(&mark, format)),
                "{lang} {format:?}: no legend"
            );
            let marked = match format {
                Format::Html => "<sup class=\"interp\">i</sup>",
                _ => "ⁱ",
            };
            assert!(regional.contains(marked), "{lang} {format:?}: no mark");
        }
    }
}

/// The catalog text as the template prints it: HTML-escaped in HTML.
fn html_or_md(text: &str, format: Format) -> String {
    match format {
        Format::Html => text.replace('\'', "&#39;"),
        _ => text.to_string(),
    }
}

#[test]
fn header_notes_of_acts_and_bills_reach_every_report_format() {
    // An act's `note` (a caveat on its version date) and a bill's appear, escaped, in the gap
    // report and the amendment review, in HTML, Markdown and JSON, in every language.
    let gap = Report::Gap(Box::new(report_fixture::gap()));
    let amendment = Report::Amendment(Box::new(report_fixture::amendment()));
    for lang in ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"] {
        for format in [Format::Html, Format::Md, Format::Json] {
            let out = render(&gap, format, lang);
            assert!(
                out.contains("Version date: the gazette") && out.contains("year only"),
                "gap {format:?} {lang}"
            );
            // JSON carries the text as it is; HTML and Markdown escape it.
            let markup = format != Format::Json;
            assert!(!(markup && out.contains("<img")), "gap {format:?} {lang}");
            let out = render(&amendment, format, lang);
            assert!(
                out.contains("Operations reconstructed"),
                "amendment {format:?} {lang}"
            );
            assert!(
                !(markup && out.contains("<script")),
                "amendment {format:?} {lang}"
            );
        }
    }
}

#[test]
fn the_summary_agrees_in_number_in_every_language() {
    // "Of the 3 mandatory obligations, 1 are fully met" — and the same in the other languages.
    let mut gap = report_fixture::gap();
    let expect = [
        ("en", 1, "1 is fully met"),
        ("en", 2, "2 are fully met"),
        ("sq", 1, "1 është plotësisht i përmbushur"),
        ("mk", 1, "1 е целосно исполнета"),
        ("mk", 5, "5 се целосно исполнети"),
        ("sr-Latn", 1, "1 je potpuno ispunjena"),
        ("sr-Latn", 3, "3 su potpuno ispunjene"),
        ("sr-Latn", 5, "5 je potpuno ispunjeno"),
        ("sr-Cyrl", 22, "22 су потпуно испуњене"),
    ];
    for (lang, full, words) in expect {
        gap.mandatory.full = full;
        gap.mandatory.assessed = full + 3;
        let report = Report::Gap(Box::new(gap.clone()));
        for format in [Format::Html, Format::Md] {
            let out = render(&report, format, lang);
            assert!(out.contains(words), "{lang} {format:?}: {words}");
            assert!(!out.contains("{full"), "{lang} {format:?}: a form left");
        }
    }
}

#[test]
fn lines_not_read_reach_every_report_format_and_language() {
    // The lines a syntax error kept out of the analysis were listed in the gap report only; the
    // amendment review, the regional report and the report CSVs said nothing of them.
    let catalogs = [
        ("en", "Not read (syntax error"),
        ("sq", "Nuk u lexua"),
        ("mk", "Не е прочитано"),
        ("sr-Latn", "Nije pročitano"),
        ("sr-Cyrl", "Није прочитано"),
    ];
    for report in all_reports() {
        let (act, line) = match &report {
            Report::Gap(_) => ("XX/criminal-code@2020-01-01", "line 17 ("),
            Report::Amendment(_) => ("XX/criminal-code@2021-06-01", "line 40 ("),
            Report::Regional(_) | Report::Comparative(_) => {
                ("XX/criminal-code@2020-01-01", "line 17 (")
            }
        };
        for (lang, label) in catalogs {
            for format in [Format::Html, Format::Md, Format::Json, Format::Csv] {
                let out = render(&report, format, lang);
                let kind = report.kind();
                assert!(out.contains(line), "{kind} {format:?} {lang}: line lost");
                if matches!(format, Format::Html | Format::Md) {
                    assert!(out.contains(label), "{kind} {format:?} {lang}: no label");
                    // The act's address is shown beside the line, except in the gap report,
                    // which lists it under its act.
                    if kind != "gap" {
                        assert!(out.contains(act), "{kind} {format:?} {lang}: no act");
                    }
                    assert!(!out.contains("<script"), "{kind} {format:?} {lang}");
                } else {
                    assert!(out.contains(act), "{kind} {format:?} {lang}: no act");
                }
            }
        }
    }
    // In a CSV, the list is the last column, `not_read`, on every row of the jurisdiction.
    let csv = render(&all_reports()[2], Format::Csv, "en");
    let mut rows = csv.lines();
    assert!(rows.next().is_some_and(|h| h.ends_with(",not_read")));
    for row in rows {
        assert_eq!(
            row.contains("line 17 ("),
            row.starts_with("XX,"),
            "only XX has lines not read: {row}"
        );
    }
}

#[test]
fn an_amendment_csv_without_changes_still_lists_the_lines_not_read() {
    let mut review = report_fixture::amendment();
    review.changes.clear();
    let csv = render(&Report::Amendment(Box::new(review)), Format::Csv, "en");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("XX,Testland,2020-01-01,2021-06-01,,"));
    assert!(rows[1].ends_with("expected an article number"), "{csv}");
    // Without lines not read, no such row.
    let mut clean = report_fixture::amendment();
    clean.changes.clear();
    clean.unread.clear();
    let csv = render(&Report::Amendment(Box::new(clean)), Format::Csv, "en");
    assert_eq!(csv.lines().count(), 1, "{csv}");
}
