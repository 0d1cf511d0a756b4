//! Whatever text goes into `import`, the output parses and lints cleanly as a `.law` file, or
//! import says why not (with a place in the input) — property-tested on text made of the
//! pieces official texts are made of (headings in each language, paragraph and point labels,
//! page breaks, hyphens, footnote-like numbers, HTML tags) and on arbitrary strings. And
//! pathological inputs stay linear.

use lexgap::date::Date;
use lexgap::import::{Format, Options, import};
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::{format_law, parse_law};
use proptest::prelude::*;

fn opts() -> Options {
    Options {
        jurisdiction: "MK".into(),
        act: "criminal-code".into(),
        version: Date::parse("2023-02-17").expect("date"),
        lang: "mk".into(),
        source: "prop.txt".into(),
        title: None,
        suggest: true,
    }
}

/// Imports `text`; on success the output must parse and lint without errors and be in canonical
/// layout; on failure every diagnostic with a place must point inside the input.
fn holds(text: &str, format: Format) -> Result<(), TestCaseError> {
    match import(text, format, &opts()) {
        Ok(i) => {
            let (file, diags) = parse_law(&i.law);
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            prop_assert!(errors.is_empty(), "{errors:?}\n{}", i.law);
            let lints: Vec<_> = lint(&file, &FilePlace::default(), true)
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            prop_assert!(lints.is_empty(), "{lints:?}\n{}", i.law);
            prop_assert_eq!(format_law(&file), i.law.clone());
            for w in &i.warnings {
                if let Some(s) = w.span {
                    prop_assert!(s.end as usize <= text.len().max(1), "{w:?}");
                }
            }
        }
        Err(diags) => {
            prop_assert!(!diags.is_empty());
            for d in &diags {
                if let Some(s) = d.span {
                    prop_assert!(s.end as usize <= text.len().max(1), "{d:?}");
                }
            }
        }
    }
    Ok(())
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Член 1".to_string()),
        Just("Член 1".to_string()),
        Just("   Член 396-а".to_string()),
        Just("Члан 2.".to_string()),
        Just("Član 3".to_string()),
        Just("Neni 278/a".to_string()),
        Just("Article 5bis".to_string()),
        Just("Čl. 7".to_string()),
        Just("ГЛАВА ПРВА".to_string()),
        Just("GLAVA XXII".to_string()),
        Just("ОПШТ ДЕЛ".to_string()),
        Just("POSEBNI DIO".to_string()),
        Just("            Наслов на членот".to_string()),
        Just("(1) Тој што".to_string()),
        Just("(2)".to_string()),
        Just("1) оружје,".to_string()),
        Just("а) лице;".to_string()),
        Just("i) metak".to_string()),
        Just("ќе се казни со затвор од три до десет години.".to_string()),
        Just("dënohet me burgim nga tre deri në dhjetë vjet.1".to_string()),
        Just("ору-".to_string()),
        Just("жје".to_string()),
        Just("Избришан".to_string()),
        Just("12".to_string()),
        Just("\u{c}".to_string()),
        Just("\"quoted\" \\ back # hash".to_string()),
        Just("\u{202E}bidi".to_string()),
        Just("<p>".to_string()),
        Just("</h3>".to_string()),
        Just("&amp;".to_string()),
        Just(String::new()),
        "[a-zA-Zа-шА-Ш0-9 .,;:()/\\-]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_of_statute_pieces_imports_cleanly_or_says_why(pieces in prop::collection::vec(piece(), 0..60)) {
        let text = pieces.join("\n");
        holds(&text, Format::Text)?;
        holds(&text, Format::Html)?;
    }

    #[test]
    fn arbitrary_strings(text in "\\PC{0,300}") {
        holds(&text, Format::Text)?;
        holds(&text, Format::Html)?;
    }
}

/// Inputs built to defeat a naive implementation: each must import (or be refused) quickly.
#[test]
fn pathological_inputs_stay_linear() {
    let mb = 512 * 1024;
    let cases: Vec<(&str, String)> = vec![
        (
            "one long line",
            "Член 1\n".to_string() + &"оружје ".repeat(2 * mb / 13),
        ),
        ("hyphens", "Член 1\n".to_string() + &"ору-\n".repeat(mb / 9)),
        (
            "nested points",
            "Член 1\n".to_string() + &"1)\nа)\na)\ni)\n".repeat(mb / 40),
        ),
        ("articles", "Член 1\nx\n".repeat(mb / 16)),
        (
            "headings",
            "          Наслов\n".repeat(mb / 24) + "Член 1\n",
        ),
        (
            "page breaks",
            "Член 1\n".to_string() + &"\u{c}12\n".repeat(mb / 4),
        ),
        (
            "markers",
            "Член 1\n".to_string() + &"законик1 законик2 ".repeat(mb / 40),
        ),
        (
            "html comments",
            "<p>Član 1</p>".to_string() + &"<!--".repeat(mb / 4),
        ),
        (
            "html tags",
            "<p>Član 1</p>".to_string() + &"<p><b>x</b></p>".repeat(mb / 15),
        ),
    ];
    for (name, text) in cases {
        let start = std::time::Instant::now();
        for format in [Format::Text, Format::Html] {
            let _ = import(&text, format, &opts());
        }
        let took = start.elapsed();
        eprintln!("{name}: {took:?}");
        assert!(
            took < std::time::Duration::from_secs(20),
            "{name}: {took:?} for {} bytes",
            text.len()
        );
    }
}
