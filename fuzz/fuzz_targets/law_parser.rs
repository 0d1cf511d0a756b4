//! Arbitrary bytes through everything `lexgap check` does with one `.law` file: decoding (BOM,
//! UTF-8, NUL, size), parsing, single-file lint, and rendering every diagnostic as text and as
//! JSON (where spans meet the text: line/column arithmetic, char boundaries, excerpts). The
//! formatter must also print whatever partial tree the parser recovered. Nothing may panic,
//! and every diagnostic of the parser and lint is located: it has a span inside the text, on
//! character boundaries (else its column would be wrong).

#![no_main]

use libfuzzer_sys::fuzz_target;

use lexgap::diagnostic::{RenderOptions, render, to_json};
use lexgap::source::{SourceFile, Sources};
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::{format_law, parse_law};

const PATH: &str = "codes/RS/criminal-code/2019-12-01.law";

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let (file, mut diags) = match SourceFile::decode(PATH, data) {
        Ok(file) => (file, Vec::new()),
        Err(b) => {
            let (file, d) = *b;
            (file, vec![d])
        }
    };
    if diags.is_empty() {
        let text = file.text.as_str();
        let (tree, mut d) = parse_law(text);
        let clean = d.is_empty();
        d.extend(lint(
            &tree,
            &FilePlace::from_path(std::path::Path::new(PATH)),
            clean,
        ));
        for diag in &d {
            let span = diag
                .span
                .unwrap_or_else(|| panic!("diagnostic without a place: {diag:?}"));
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "span {start}..{end} outside a text of {} bytes: {diag:?}",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "span {start}..{end} cuts a character: {diag:?}"
            );
        }
        diags.extend(d);
        let _ = format_law(&tree);
    }
    let id = sources.add(file);
    for d in diags {
        let d = d.in_file(id);
        let _ = render(&d, &sources, RenderOptions { color: false });
        let _ = to_json(&d, &sources);
    }
});
