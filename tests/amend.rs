//! Applying bills: every operation type on a small code (with reviewed snapshots of the
//! consolidated text), every error case (with reviewed snapshots of the located diagnostics),
//! and the inverse of each bill giving back the text it amended.

use std::path::Path;

use lexgap::amend::{apply, inverse_bill};
use lexgap::diagnostic::{Diagnostic, RenderOptions, render};
use lexgap::source::{SourceFile, Sources};
use lexgap::syntax::ast::LawFile;
use lexgap::syntax::lint::{FilePlace, lint};
use lexgap::syntax::{format_law, parse_bill, parse_law};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/amend")
}

fn base() -> LawFile {
    let text = std::fs::read_to_string(fixtures().join("base.law")).expect("base.law");
    let (law, diags) = parse_law(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    law
}

/// Renders diagnostics about one bill file as `lexgap` prints them (without colour).
fn rendered(rel: &str, text: &str, diags: Vec<Diagnostic>) -> String {
    let mut sources = Sources::new();
    let id = sources.add(SourceFile::new(rel, text.to_string()));
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(
            &d.in_file(id),
            &sources,
            RenderOptions { color: false },
        ));
        out.push_str("\n\n");
    }
    out
}

#[test]
fn every_operation_type() {
    let base = base();
    insta::glob!("fixtures/amend/ops/*.bill", |path| {
        let text = std::fs::read_to_string(path).expect("bill");
        let (bill, diags) = parse_bill(&text);
        assert!(diags.is_empty(), "{}: {diags:#?}", path.display());
        let amended = match apply(&bill, &base) {
            Ok(a) => a,
            Err(e) => panic!("{}:\n{}", path.display(), rendered("bill", &text, e)),
        };
        assert!(amended.warnings.is_empty(), "{:#?}", amended.warnings);
        let out = format_law(&amended.law);
        // The result is a valid, clean .law file.
        let (again, diags) = parse_law(&out);
        assert!(diags.is_empty(), "{diags:#?}");
        let lints: Vec<_> = lint(&again, &FilePlace::default(), true)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        assert!(lints.is_empty(), "{lints:#?}");
        // Undoing it gives back the text amended.
        let undo = inverse_bill(&bill, &amended);
        let restored = apply(&undo, &amended.law).expect("the inverse applies");
        assert_eq!(restored.law.items, base.items, "{}", path.display());
        insta::assert_snapshot!(out);
    });
}

#[test]
fn every_error_case() {
    let base = base();
    insta::glob!("fixtures/amend/errors/*.bill", |path| {
        let text = std::fs::read_to_string(path).expect("bill");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = format!("codes/XX/bills/{name}");
        let (bill, diags) = parse_bill(&text);
        let diags = if diags.iter().any(Diagnostic::is_error) {
            diags
        } else {
            match apply(&bill, &base) {
                Ok(_) => panic!("{name} must be refused"),
                Err(e) => e,
            }
        };
        assert!(diags.iter().any(Diagnostic::is_error));
        insta::assert_snapshot!(rendered(&rel, &text, diags));
    });
}

#[test]
fn wrong_target_is_refused_with_line_and_column() {
    let text = std::fs::read_to_string(fixtures().join("errors/no_such_article.bill")).unwrap();
    let (bill, _) = parse_bill(&text);
    let errors = apply(&bill, &base()).unwrap_err();
    let out = rendered("codes/XX/bills/no_such_article.bill", &text, errors);
    assert!(out.contains("error[E0711]"), "{out}");
    assert!(
        out.contains("codes/XX/bills/no_such_article.bill:5:9"),
        "{out}"
    );
}

#[test]
fn applying_to_another_version_warns() {
    let text = std::fs::read_to_string(fixtures().join("ops/repeal_article.bill")).unwrap();
    let (bill, _) = parse_bill(&text);
    let mut base = base();
    for f in &mut base.header.fields {
        if let lexgap::syntax::ast::HeaderField::Version(d, _) = f {
            d.node = lexgap::date::Date::parse("2020-06-01").unwrap();
        }
    }
    let amended = apply(&bill, &base).expect("applies");
    let codes: Vec<_> = amended.warnings.iter().map(|d| d.code.id).collect();
    assert_eq!(codes, ["W0701"]);
}

#[test]
fn consolidated_header_takes_the_effective_date_and_sources() {
    let text = std::fs::read_to_string(fixtures().join("ops/repeal_article.bill")).unwrap();
    let (bill, _) = parse_bill(&text);
    let amended = apply(&bill, &base()).unwrap();
    let h = &amended.law.header;
    assert_eq!(h.version().unwrap().node.to_string(), "2021-01-01");
    let sources: Vec<_> = h.sources().map(|s| s.node.as_str()).collect();
    assert_eq!(sources, ["Gazette 1/2020", "Gazette 9/2021"]);
}

/// The complete example in docs/language.md ("Bills") parses and applies, and the bill is in
/// canonical layout.
#[test]
fn language_reference_example_applies() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md"))
            .expect("docs/language.md");
    let bills = doc.split("## Bills").nth(1).expect("a Bills section");
    let block = |tag: &str| -> String {
        let start = bills.find(&format!("```{tag}\n")).expect("example block") + tag.len() + 4;
        let end = bills[start..].find("```").expect("block end") + start;
        bills[start..end].to_string()
    };
    let (law, diags) = parse_law(&block("law"));
    assert!(diags.is_empty(), "{diags:#?}");
    let text = block("bill");
    let (bill, diags) = parse_bill(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(lexgap::syntax::format_bill(&bill), text);
    let amended = apply(&bill, &law).expect("the example applies");
    let out = format_law(&amended.law);
    assert!(
        out.contains("article 10a \"Illicit trafficking in firearms\""),
        "{out}"
    );
    assert!(
        out.contains("  para 4\n    text en: The weapons shall be confiscated."),
        "{out}"
    );
}
