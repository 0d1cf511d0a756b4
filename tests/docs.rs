//! Keeps the documentation true: every diagnostic code in the source is listed in
//! docs/errors.md, and every code listed there exists.

use std::collections::BTreeSet;
use std::path::Path;

fn source_codes(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("src readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_codes(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            for kind in ["Code::error(\"", "Code::warning(\""] {
                for (i, _) in text.match_indices(kind) {
                    let rest = &text[i + kind.len()..];
                    if let Some(end) = rest.find('"') {
                        let code = &rest[..end];
                        // Skip the placeholder codes unit tests define for themselves.
                        if !code.starts_with("E9") {
                            out.insert(code.to_string());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn every_diagnostic_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut codes = BTreeSet::new();
    source_codes(&root.join("src"), &mut codes);
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).expect("docs/errors.md exists");
    let documented: BTreeSet<String> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|c| {
            c.len() == 5
                && (c.starts_with('E') || c.starts_with('W'))
                && c[1..].chars().all(|d| d.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    let missing: Vec<_> = codes.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes used in src/ but not in docs/errors.md: {missing:?}"
    );
    let stale: Vec<_> = documented.difference(&codes).collect();
    assert!(
        stale.is_empty(),
        "codes in docs/errors.md that src/ never uses: {stale:?}"
    );
}
