//! Inputs the fuzzers (`fuzz/`, `scripts/fuzz`) found, each kept as a test named after what it
//! found. Every test here checks the property its target checks: nothing panics, every parser
//! and lint diagnostic is located inside the text on character boundaries, and clean input
//! formats to text that parses to the same tree and formats to itself.

use lexgap::diagnostic::{RenderOptions, render, to_json};
use lexgap::source::{SourceFile, Sources};
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::{format_law, parse_law};

const PATH: &str = "codes/RS/criminal-code/2019-12-01.law";

/// What fuzz/fuzz_targets/law_parser.rs and fmt_roundtrip.rs assert, for one input.
fn holds(text: &str) -> Vec<lexgap::diagnostic::Diagnostic> {
    let (tree, mut diags) = parse_law(text);
    let clean = diags.is_empty();
    diags.extend(lint(
        &tree,
        &FilePlace::from_path(std::path::Path::new(PATH)),
        clean,
    ));
    for d in &diags {
        let span = d.span.expect("every diagnostic is located");
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(start <= end && end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} cuts a character: {d:?}"
        );
    }
    if clean {
        let once = format_law(&tree);
        let (again, d2) = parse_law(&once);
        assert!(d2.is_empty(), "{once}\n{d2:#?}");
        assert_eq!(again, tree, "{once}");
        assert_eq!(format_law(&again), once);
    }
    let mut sources = Sources::new();
    let id = sources.add(SourceFile::new(PATH, text.to_string()));
    for d in &diags {
        let d = d.clone().in_file(id);
        let _ = render(&d, &sources, RenderOptions { color: false });
        let _ = to_json(&d, &sources);
    }
    diags
}

#[test]
fn line_starting_with_a_narrow_no_break_space() {
    // law_parser, crash-a24cebca…: a line at the margin that starts with U+202F has no first
    // word; the error underlined one byte of a three-byte character and said "unexpected ``".
    let text = "act a \"A\"\n\u{202F}sel-c5\"\n";
    let diags = holds(text);
    let d = diags.iter().find(|d| d.code.id == "E0101").expect("E0101");
    assert!(
        d.message.contains("U+202F NARROW NO-BREAK SPACE"),
        "{}",
        d.message
    );
    assert!(
        d.hint.as_deref().unwrap_or("").contains("ordinary space"),
        "{d:?}"
    );
    let span = d.span.expect("span");
    assert_eq!(&text[span.range()], "\u{202F}");
    // The same with other odd first characters, in every block that reports unexpected lines.
    for start in ["\u{00A0}", "\u{3000}", ":", "\u{2003}"] {
        for ctx in [
            "{L}x\n",
            "article 1\n  {L}x\n",
            "article 1\n  offence\n    {L}x\n",
        ] {
            let text = format!(
                "act a \"A\"\n  jurisdiction RS\n{}",
                ctx.replace("{L}", start)
            );
            let diags = holds(&text);
            assert!(
                diags.iter().all(|d| !d.message.contains("``")),
                "{text:?}: {diags:#?}"
            );
        }
    }
}

/// Every crash input the fuzzers saved and that was fixed is also kept as a seed in
/// fuzz/seeds/law/, named `crash-…`; they must all hold.
#[test]
fn saved_crash_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/law");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz/seeds/law") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.starts_with("crash-") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        if let Ok(file) = SourceFile::decode(PATH, &bytes) {
            holds(&file.text);
        }
        n += 1;
    }
    assert!(n > 0, "the fixed crash inputs are kept in fuzz/seeds/law/");
}
