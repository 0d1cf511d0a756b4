//! Arbitrary bytes through everything `lexgap check` does with one `.law` file: decoding (BOM,
//! UTF-8, NUL, size), parsing, single-file lint, and rendering every diagnostic as text and as
//! JSON (where spans meet the text: line/column arithmetic, char boundaries, excerpts). The
//! formatter must also print whatever partial tree the parser recovered. Nothing may panic.

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
        let (tree, mut d) = parse_law(&file.text);
        let clean = d.is_empty();
        d.extend(lint(&tree, &FilePlace::from_path(std::path::Path::new(PATH)), clean));
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
