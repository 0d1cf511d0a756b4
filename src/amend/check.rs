//! What `lexgap check` says about the bills of a workspace: each is read, checked against its
//! place, and applied to the version it amends (with the instrument, its units' tags are checked
//! too), so that a bill with a wrong target is refused by `check` as by `diff`.

use std::path::Path;

use super::compare::with_bill;
use super::time::versions;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::syntax::bill::check_place;
use crate::syntax::parse_bill;
use crate::workspace::Loaded;

/// Diagnostics for every bill in `loaded` (its `bills`), each in its file. A bill whose act has
/// no version among the files loaded (a bill checked on its own) is read but not applied: there
/// is nothing to apply it to.
pub fn check_bills(loaded: &Loaded, model: Option<&Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &id in &loaded.bills {
        let Some(file) = loaded.sources.get(id) else {
            continue;
        };
        let (bill, mut diags) = parse_bill(&file.text);
        diags.extend(check_place(&bill, Path::new(&file.path)));
        let readable = !diags.iter().any(Diagnostic::is_error);
        out.extend(diags.into_iter().map(|d| d.in_file(id)));
        if !readable {
            continue;
        }
        let Some(amends) = &bill.header.amends else {
            continue;
        };
        if versions(&loaded.laws, &amends.node.jurisdiction, &amends.node.act).is_empty() {
            continue;
        }
        match with_bill(loaded, model, &bill, id, None) {
            Ok((_, amended)) => out.extend(amended.warnings.into_iter().map(|d| d.in_file(id))),
            Err(errors) => out.extend(errors.into_iter().map(|d| d.in_file(id))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{InputFile, load};

    const LAW: &str = "act criminal-code \"CC\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"S\"\n  language en\n  rendering unofficial\n\narticle 1\n  text en: x\n";

    fn file(rel: &str, text: &str) -> InputFile {
        InputFile {
            rel: rel.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn codes(files: Vec<InputFile>) -> Vec<&'static str> {
        let loaded = load(files);
        check_bills(&loaded, None)
            .iter()
            .map(|d| d.code.id)
            .collect()
    }

    #[test]
    fn bills_are_read_placed_and_applied() {
        let bill = |target: &str| {
            format!(
                "bill \"B\" amends XX/criminal-code@2020-01-01\n  status draft\n  effective 2021-01-01\n\nrepeal article {target}\n"
            )
        };
        let law = file("codes/XX/criminal-code/2020-01-01.law", LAW);
        assert!(codes(vec![law.clone(), file("codes/XX/bills/b.bill", &bill("1"))]).is_empty());
        assert_eq!(
            codes(vec![law.clone(), file("codes/XX/bills/b.bill", &bill("2"))]),
            ["E0711"]
        );
        assert_eq!(
            codes(vec![law, file("codes/YY/bills/b.bill", &bill("1"))]),
            ["E0707"]
        );
        // Checked on its own: read, not applied.
        assert!(codes(vec![file("codes/XX/bills/b.bill", &bill("2"))]).is_empty());
        assert_eq!(
            codes(vec![file("codes/XX/bills/b.bill", "repeal article 1\n")]),
            ["E0701"]
        );
    }
}
