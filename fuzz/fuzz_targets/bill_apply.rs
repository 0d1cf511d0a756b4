//! Arbitrary text as a `.bill`: parsed (every diagnostic located inside the text), printed back
//! when clean (format → parse gives the same bill, format is idempotent), and applied to two
//! codes — the small amendment-test code and Montenegro's bundled 2022 criminal code. An
//! applied bill must give a proposed text that prints and parses back to itself, a diff, and
//! an inverse that, applied to the proposed text, gives back the code it amended.

#![no_main]

use libfuzzer_sys::fuzz_target;

use lexgap::amend::{apply, diff_acts, inverse_bill};
use lexgap::diagnostic::{Diagnostic, RenderOptions, render, to_json};
use lexgap::source::{SourceFile, Sources};
use lexgap::syntax::ast::LawFile;
use lexgap::syntax::{format_bill, format_law, parse_bill, parse_law};
use lexgap::workspace::bundled_file;

const TEST_CODE: &str = include_str!("../../tests/fixtures/amend/base.law");
const ME_2022: &str = "codes/ME/criminal-code/2022-12-02.law";
const PATH: &str = "codes/XX/bills/fuzz.bill";

fn located(text: &str, diags: &[Diagnostic]) {
    for d in diags {
        let Some(span) = d.span else { continue };
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(
            start <= end && end <= text.len(),
            "span outside the text: {d:?}"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} cuts a character: {d:?}"
        );
    }
}

fn show(text: &str, diags: &[Diagnostic]) {
    let mut sources = Sources::new();
    let id = sources.add(SourceFile::new(PATH, text.to_string()));
    for d in diags {
        let d = d.clone().in_file(id);
        let _ = render(&d, &sources, RenderOptions { color: false });
        let _ = to_json(&d, &sources);
    }
}

fn base(text: &str) -> LawFile {
    parse_law(text).0
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (bill, diags) = parse_bill(text);
    located(text, &diags);
    show(text, &diags);
    if diags.iter().any(Diagnostic::is_error) {
        return;
    }
    let printed = format_bill(&bill);
    let (again, d2) = parse_bill(&printed);
    assert!(
        !d2.iter().any(Diagnostic::is_error),
        "printed bill does not parse: {d2:#?}\n{printed}"
    );
    assert!(
        again == bill,
        "printed bill reads back differently:\n{printed}"
    );
    assert_eq!(
        format_bill(&again),
        printed,
        "format_bill is not idempotent"
    );

    let me = bundled_file(ME_2022)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    for code in [base(TEST_CODE), base(&me)] {
        match apply(&bill, &code) {
            Ok(amended) => {
                located(text, &amended.warnings);
                let proposed = format_law(&amended.law);
                let (reread, d3) = parse_law(&proposed);
                assert!(
                    d3.is_empty(),
                    "the proposed text does not parse: {d3:#?}\n{proposed}"
                );
                assert!(
                    reread == amended.law,
                    "the proposed text reads back differently:\n{proposed}"
                );
                let _ = diff_acts(Some(&code), Some(&amended.law));
                let undo = inverse_bill(&bill, &amended);
                match apply(&undo, &amended.law) {
                    Ok(restored) => assert!(
                        restored.law.items == code.items,
                        "undoing the bill does not give back the code:\n{}",
                        format_bill(&undo)
                    ),
                    Err(e) => panic!(
                        "the inverse bill does not apply: {e:#?}\n{}",
                        format_bill(&undo)
                    ),
                }
            }
            Err(errors) => {
                located(text, &errors);
                show(text, &errors);
            }
        }
    }
});
