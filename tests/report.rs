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
