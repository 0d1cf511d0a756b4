//! Arbitrary bytes as an official text for `lexgap import`, read as plain text and as HTML:
//! either refused (every diagnostic located inside the input) or imported into a `.law` file
//! that parses and lints without errors and is in canonical layout — never a panic. Tag
//! suggestions run on every unit's text along the way (`suggest: true`).

#![no_main]

use libfuzzer_sys::fuzz_target;

use lexgap::date::Date;
use lexgap::import::{Format, Options, import, refuse};
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::{format_law, parse_law};

fuzz_target!(|data: &[u8]| {
    if refuse(data).is_some() {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(version) = Date::parse("2020-01-01") else {
        return;
    };
    let opts = Options {
        jurisdiction: "XX".into(),
        act: "criminal-code".into(),
        version,
        lang: "mk".into(),
        source: "fuzz.txt".into(),
        title: None,
        suggest: true,
    };
    for format in [Format::Text, Format::Html] {
        match import(text, format, &opts) {
            Ok(imported) => {
                let (file, diags) = parse_law(&imported.law);
                assert!(
                    !diags.iter().any(|d| d.is_error()),
                    "the imported file does not parse: {diags:#?}\n{}",
                    imported.law
                );
                let lints = lint(&file, &FilePlace::default(), true);
                assert!(
                    !lints.iter().any(|d| d.is_error()),
                    "the imported file has errors: {lints:#?}\n{}",
                    imported.law
                );
                assert_eq!(format_law(&file), imported.law, "not in canonical layout");
                for w in &imported.warnings {
                    if let Some(s) = w.span {
                        assert!(s.end as usize <= text.len().max(1), "{w:?}");
                    }
                }
            }
            Err(diags) => {
                for d in &diags {
                    if let Some(s) = d.span {
                        assert!(s.end as usize <= text.len().max(1), "{d:?}");
                    }
                }
            }
        }
    }
});
