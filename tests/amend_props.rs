//! Property tests of bill application: a random bill applied to a random code and then undone
//! (its inverse bill applied to the result) gives back the code; every bill prints and parses
//! back to itself; and a code compared with itself shows no change.
//!
//! Codes are generated in the canonical order of a unit's body (texts and tags, then sub-units,
//! then `verified`) and without comments, which is what lets "insert in a unit without
//! sub-units" put a unit back exactly where a repeal took it from.

use lexgap::amend::{apply, diff_acts, inverse_bill};
use lexgap::date::Date;
use lexgap::syntax::ast::*;
use lexgap::syntax::bill::{
    Action, BillField, BillFile, BillHeader, BillItem, BillStatus, Operation, Position, VersionRef,
};
use lexgap::syntax::{Span, Spanned, format_bill, parse_bill};
use proptest::prelude::*;

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

fn text_line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("armë"),
            Just("оружје"),
            Just("firearms"),
            Just("5"),
            Just(","),
            Just("ç"),
            Just("holds"),
            Just("sells"),
            Just("\u{0435}\u{0301}"),
            Just("#"),
            Just("\""),
        ],
        1..6,
    )
    .prop_map(|w| w.join(" "))
}

fn text_entry() -> impl Strategy<Value = Entry> {
    prop::collection::vec(text_line(), 1..3).prop_map(|lines| {
        Entry::Text(Text::new(
            sp("en".into()),
            lines.into_iter().map(sp).collect(),
            Span::default(),
        ))
    })
}

fn offence() -> impl Strategy<Value = Option<Entry>> {
    prop::option::of((0u32..5, 1u32..12).prop_map(|(min, max)| {
        Entry::Offence(Offence {
            lines: vec![
                OffenceLine::Tag(TagLine {
                    facet: sp("conduct".into()),
                    one_of: false,
                    values: vec![sp(Value::Ident("sell".into()))],
                    limit: None,
                    trailing: None,
                    span: Span::default(),
                }),
                OffenceLine::Penalty(Penalty {
                    terms: vec![(
                        None,
                        sp(PenaltyTerm::Prison(Range {
                            min: Some(sp(Bound::Known(Duration::from_years(min)))),
                            max: Some(sp(Bound::Known(Duration::from_years(min + max)))),
                        })),
                    )],
                    trailing: None,
                    span: Span::default(),
                }),
            ],
            trailing: None,
            span: Span::default(),
        })
    }))
}

fn unit_with(
    kind: UnitKind,
    number: String,
    own: (Entry, Option<Entry>, bool),
    children: Vec<Unit>,
) -> Unit {
    let (text, offence, verified) = own;
    let mut body = vec![text];
    body.extend(offence);
    body.extend(children.into_iter().map(Entry::Unit));
    if verified {
        body.push(Entry::Verified(Verified {
            status: sp(Verification::Yes),
            note: None,
            trailing: None,
        }));
    }
    Unit {
        kind,
        number: sp(UnitNumber::Known(number)),
        title: None,
        trailing: None,
        body,
        span: Span::default(),
    }
}

fn own() -> impl Strategy<Value = (Entry, Option<Entry>, bool)> {
    (text_entry(), offence(), any::<bool>())
}

fn code() -> impl Strategy<Value = LawFile> {
    let point = own();
    let para = (own(), prop::collection::vec(point, 0..3));
    let article = (
        own(),
        prop::option::of("[A-Z][a-z]{2,8}"),
        prop::collection::vec(para, 0..3),
    );
    prop::collection::vec(article, 0..5).prop_map(|articles| {
        let items = articles
            .into_iter()
            .enumerate()
            .map(|(i, (o, title, paras))| {
                let paras = paras
                    .into_iter()
                    .enumerate()
                    .map(|(j, (po, points))| {
                        let points = points
                            .into_iter()
                            .enumerate()
                            .map(|(k, pt)| {
                                unit_with(
                                    UnitKind::Point,
                                    ((b'a' + k as u8) as char).to_string(),
                                    pt,
                                    vec![],
                                )
                            })
                            .collect();
                        unit_with(UnitKind::Para, (j + 1).to_string(), po, points)
                    })
                    .collect();
                let mut a = unit_with(UnitKind::Article, (i + 1).to_string(), o, paras);
                a.title = title.map(sp);
                Item::Article(a)
            })
            .collect();
        LawFile {
            header: Header {
                leading: Vec::new(),
                act: sp("criminal-code".into()),
                title: sp("Criminal Code".into()),
                trailing: None,
                fields: vec![
                    HeaderField::Jurisdiction(sp("XX".into()), None),
                    HeaderField::Version(sp(date("2020-01-01")), None),
                    HeaderField::Source(sp("G".into()), None),
                    HeaderField::Language(vec![sp("en".into())], None),
                    HeaderField::Rendering(sp(Rendering::Unofficial), None),
                ],
                span: Span::default(),
            },
            items,
        }
    })
}

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

/// Every unit of a code, as a path of (kind, number), in document order.
fn paths(law: &LawFile) -> Vec<Vec<(UnitKind, String)>> {
    fn walk(
        u: &Unit,
        prefix: &mut Vec<(UnitKind, String)>,
        out: &mut Vec<Vec<(UnitKind, String)>>,
    ) {
        prefix.push((u.kind, u.number.node.to_string()));
        out.push(prefix.clone());
        for c in u.children() {
            walk(c, prefix, out);
        }
        prefix.pop();
    }
    let mut out = Vec::new();
    for i in &law.items {
        if let Item::Article(a) = i {
            walk(a, &mut Vec::new(), &mut out);
        }
    }
    out
}

fn to_ref(path: &[(UnitKind, String)]) -> Spanned<Ref> {
    let mut r = Ref::default();
    for (k, n) in path {
        let n = sp(UnitNumber::Known(n.clone()));
        match k {
            UnitKind::Article => r.article = Some(n),
            UnitKind::Para => r.para = Some(n),
            UnitKind::Point => r.points.push(n),
        }
    }
    sp(r)
}

/// A seed for one operation: which kind, which unit, where, and the content it brings.
type Seed = (u8, usize, u8, (Entry, Option<Entry>, bool));

/// Turns seeds into a bill that applies: each operation is chosen against the text as the
/// operations before it leave it.
fn bill_for(base: &LawFile, seeds: Vec<Seed>) -> BillFile {
    let mut bill = BillFile {
        header: BillHeader {
            leading: Vec::new(),
            title: sp("Random bill".into()),
            amends: Some(sp(VersionRef {
                jurisdiction: "XX".into(),
                act: "criminal-code".into(),
                version: date("2020-01-01"),
            })),
            trailing: None,
            fields: vec![
                BillField::Status(sp(BillStatus::Draft), None),
                BillField::Effective(sp(date("2021-01-01")), None),
                BillField::With(sp("other.criminal-procedure-code.bill".into()), None),
            ],
            span: Span::default(),
        },
        items: Vec::new(),
    };
    for (n, (kind, pick, place, content)) in seeds.into_iter().enumerate() {
        let current = apply(&bill, base).expect("the bill so far applies").law;
        let units = paths(&current);
        let fresh = format!("{}n", n + 100);
        let body = |k: UnitKind| unit_with(k, String::new(), content.clone(), vec![]).body;
        let action = match (units.get(pick % units.len().max(1)), kind % 4) {
            (None, _) => Action::Insert {
                kind: UnitKind::Article,
                number: sp(UnitNumber::Known(fresh)),
                position: Position::AtEnd(Span::default()),
                title: None,
                body: body(UnitKind::Article),
            },
            (Some(path), 0) => {
                let k = path.last().map_or(UnitKind::Article, |p| p.0);
                Action::Replace {
                    target: to_ref(path),
                    title: None,
                    body: body(k),
                }
            }
            (Some(path), 1) => {
                let k = path.last().map_or(UnitKind::Article, |p| p.0);
                let (kind, position) = match place % 3 {
                    0 => (k, Position::Before(to_ref(path))),
                    1 => (k, Position::After(to_ref(path))),
                    _ => (
                        if k == UnitKind::Article {
                            UnitKind::Para
                        } else {
                            UnitKind::Point
                        },
                        Position::In(to_ref(path)),
                    ),
                };
                Action::Insert {
                    kind,
                    number: sp(UnitNumber::Known(fresh)),
                    position,
                    title: None,
                    body: body(kind),
                }
            }
            (Some(path), 2) => Action::Repeal {
                target: to_ref(path),
            },
            (Some(path), _) => Action::Renumber {
                target: to_ref(path),
                to: sp(UnitNumber::Known(fresh)),
            },
        };
        bill.items.push(BillItem::Operation(Operation {
            action,
            trailing: None,
            span: Span::default(),
        }));
    }
    bill
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn applying_then_undoing_gives_back_the_code(
        base in code(),
        seeds in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>(), own()), 1..7),
    ) {
        let bill = bill_for(&base, seeds);
        let amended = apply(&bill, &base).expect("applies");
        let undo = inverse_bill(&bill, &amended);
        let restored = apply(&undo, &amended.law).expect("the inverse applies");
        prop_assert_eq!(&restored.law.items, &base.items);
    }

    #[test]
    fn bills_print_and_parse_back(
        base in code(),
        seeds in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>(), own()), 1..7),
    ) {
        let bill = bill_for(&base, seeds);
        let text = format_bill(&bill);
        let (again, diags) = parse_bill(&text);
        prop_assert!(diags.iter().all(|d| !d.is_error()), "{:#?}\n{}", diags, text);
        prop_assert_eq!(&again, &bill);
        prop_assert_eq!(format_bill(&again), text);
    }

    #[test]
    fn a_code_compared_with_itself_has_no_change(base in code()) {
        prop_assert!(diff_acts(Some(&base), Some(&base)).is_empty());
    }
}

/// Lines a bill might be made of, broken or not.
fn bill_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("bill \"B\" amends XX/criminal-code@2020-01-01".to_string()),
        Just("  status draft".to_string()),
        Just("  effective 2021-01-01".to_string()),
        Just("  with \"other.bill\"".to_string()),
        Just("  with \"../x\"".to_string()),
        Just("replace article 1".to_string()),
        Just("insert para 2 after article 1 para 1".to_string()),
        Just("insert point a in article 1".to_string()),
        Just("repeal article 1 para 1".to_string()),
        Just("renumber article 1 to 2".to_string()),
        Just("  text en: x".to_string()),
        Just("  para 1".to_string()),
        Just("    offence".to_string()),
        Just("      penalty prison 5y..1y".to_string()),
        "[ a-z0-9\"#@/.?\u{301}ж-]{0,30}",
    ]
}

proptest! {
    #[test]
    fn reading_any_bill_never_panics(lines in prop::collection::vec(bill_line(), 0..12)) {
        let text = lines.join("\n");
        let (bill, diags) = parse_bill(&text);
        if diags.iter().all(|d| !d.is_error()) {
            let again = parse_bill(&format_bill(&bill)).0;
            prop_assert_eq!(again, bill);
        }
    }
}
