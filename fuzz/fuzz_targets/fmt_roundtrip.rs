//! The formatter's promise on arbitrary input: for any text that parses without errors,
//! `format` gives text that parses without errors to the same tree (it loses nothing), and
//! formatting that again changes nothing (it is idempotent).

#![no_main]

use libfuzzer_sys::fuzz_target;

use lexgap::syntax::{format_law, parse_law};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (tree, diags) = parse_law(text);
    if !diags.is_empty() {
        return;
    }
    let once = format_law(&tree);
    let (again, diags2) = parse_law(&once);
    assert!(
        diags2.is_empty(),
        "formatted text does not parse: {diags2:#?}\n--- formatted:\n{once}"
    );
    assert!(
        again == tree,
        "formatted text parses to another tree\n--- formatted:\n{once}\n--- before: {tree:#?}\n--- after: {again:#?}"
    );
    let twice = format_law(&again);
    assert_eq!(once, twice, "formatting is not idempotent");
});
