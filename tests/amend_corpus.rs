//! The real bill in the corpus: Montenegro's 2023 firearms amendment (Sl. list CG 110/2023),
//! written against the encoded text in force before it, must yield the provisions and tags of
//! the encoded consolidation after it.

use std::path::Path;

use lexgap::amend::{apply, diff_acts};
use lexgap::syntax::ast::{Entry, Item, LawFile, OffenceLine, Unit};
use lexgap::syntax::bill::check_place;
use lexgap::syntax::{format_bill, parse_bill, parse_law};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect(rel)
}

fn law(rel: &str) -> LawFile {
    let (law, diags) = parse_law(&read(rel));
    assert!(diags.is_empty(), "{rel}: {diags:#?}");
    law
}

/// The law as provisions and tags: articles, headings, titles, texts and tags, without
/// comments and `verified` lines (notes about the encoding, which the two files legitimately
/// word differently) and without the header (version date and sources differ by design).
fn provisions(law: &LawFile) -> Vec<Item> {
    fn unit(u: &Unit) -> Unit {
        let mut u = u.clone();
        u.trailing = None;
        u.body = u
            .body
            .iter()
            .filter(|e| !matches!(e, Entry::Comment(_) | Entry::Verified(_)))
            .map(|e| match e {
                Entry::Unit(c) => Entry::Unit(unit(c)),
                Entry::Offence(o) => {
                    let mut o = o.clone();
                    o.trailing = None;
                    o.lines.retain(|l| !matches!(l, OffenceLine::Comment(_)));
                    for l in &mut o.lines {
                        match l {
                            OffenceLine::Tag(t) => t.trailing = None,
                            OffenceLine::Penalty(p) => p.trailing = None,
                            OffenceLine::Qualifies { trailing, .. }
                            | OffenceLine::Expressly { trailing, .. }
                            | OffenceLine::Class { trailing, .. } => *trailing = None,
                            OffenceLine::Comment(_) => {}
                        }
                    }
                    Entry::Offence(o)
                }
                Entry::Rule(r) => {
                    let mut r = r.clone();
                    r.trailing = None;
                    Entry::Rule(r)
                }
                Entry::See(s) => {
                    let mut s = s.clone();
                    s.trailing = None;
                    Entry::See(s)
                }
                Entry::Define(d) => {
                    let mut d = d.clone();
                    d.trailing = None;
                    Entry::Define(d)
                }
                other => other.clone(),
            })
            .collect();
        u
    }
    law.items
        .iter()
        .filter_map(|i| match i {
            Item::Article(u) => Some(Item::Article(unit(u))),
            Item::Heading(h) => {
                let mut h = h.clone();
                h.trailing = None;
                Some(Item::Heading(h))
            }
            Item::Comment(_) => None,
        })
        .collect()
}

const BILL: &str = "codes/ME/bills/2023-firearms.bill";

#[test]
fn montenegro_2023_bill_yields_the_2023_consolidation() {
    let text = read(BILL);
    let (bill, diags) = parse_bill(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(check_place(&bill, Path::new(BILL)).is_empty());
    assert_eq!(format_bill(&bill), text, "the bill is in canonical layout");

    let before = law("codes/ME/criminal-code/2008-12-31.law");
    let after = law("codes/ME/criminal-code/2023-12-31.law");
    let amended = apply(&bill, &before).expect("the bill applies");
    assert!(amended.warnings.is_empty(), "{:#?}", amended.warnings);
    assert_eq!(
        amended.law.header.version().map(|v| v.node),
        after.header.version().map(|v| v.node)
    );

    let (got, want) = (provisions(&amended.law), provisions(&after));
    if got != want {
        // Show what differs, as the diff engine sees it.
        let wrap = |items: Vec<Item>| LawFile {
            header: after.header.clone(),
            items,
        };
        let d = diff_acts(Some(&wrap(want)), Some(&wrap(got)));
        panic!(
            "applying the bill differs from the 2023 consolidation:\n{}",
            serde_json::to_string_pretty(&d.units).unwrap_or_default()
        );
    }
}
