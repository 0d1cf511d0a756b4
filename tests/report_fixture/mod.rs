//! Hand-built view models for report tests: small, with hostile text in the places a `.law`
//! file's words end up, so escaping is tested in every template.

#![allow(dead_code)]

use lexgap::date::Date;
use lexgap::report::chart;
use lexgap::report::view::*;

pub const SCRIPT: &str = "<script>alert('x')</script>";
pub const IMG: &str = "\"><img src=x onerror=alert(1)>";

pub fn meta(report: &str) -> Meta {
    Meta {
        report: report.into(),
        schema_version: SCHEMA_VERSION,
        lexgap_version: "0.0.0-test".into(),
        lang: "en".into(),
        date: None,
        workspace: Some("Test corpus".into()),
        instrument: InstrumentView {
            id: "firearms-protocol".into(),
            title: "Protocol against the Illicit Manufacturing of and Trafficking in Firearms"
                .into(),
            short: "Firearms Protocol".into(),
        },
        inputs: vec![
            lexgap::report::digest("codes/XX/criminal-code/2020-01-01.law", b"one"),
            lexgap::report::digest("protocol/firearms-protocol.yaml", b"two"),
        ],
        translation: None,
    }
}

pub fn jurisdiction() -> JurisdictionView {
    JurisdictionView {
        id: "XX".into(),
        name: "Testland".into(),
        name_en: "Testland".into(),
    }
}

fn prov(addr: &str, label: &str, text: &str, partly: bool) -> ProvisionRef {
    let (ex, cut) = excerpt(text, 120);
    ProvisionRef {
        address: addr.into(),
        anchor: anchor("p-", addr),
        label: label.into(),
        text: Some(text.into()),
        excerpt: Some(ex),
        truncated: cut,
        partly,
        narrowing: if partly {
            vec!["requires material gain".into()]
        } else {
            vec![]
        },
        interpretations: if partly {
            vec![format!("reaches assembly only by interpretation: {SCRIPT}")]
        } else {
            vec![]
        },
    }
}

pub fn rows() -> Vec<ObligationRow> {
    let p348 = prov(
        "XX/criminal-code@2020-01-01/art-348/para-1",
        "Criminal Code, Art. 348(1)",
        &format!(
            "Whoever makes or sells firearms without a licence {SCRIPT} shall be punished by imprisonment of one to five years, and the weapons shall be confiscated."
        ),
        false,
    );
    let p349 = prov(
        "XX/criminal-code@2020-01-01/art-349",
        "Criminal Code, Art. 349",
        &format!("Whoever for gain smuggles weapons across the border {IMG}."),
        true,
    );
    vec![
        ObligationRow {
            id: "FP-5.1.a".into(),
            anchor: anchor("o-", "FP-5.1.a"),
            article: "Art 5(1)(a)".into(),
            title: "Illicit manufacturing".into(),
            kind: Kind::Mandatory,
            domain: "criminal".into(),
            requirement: "Make it a criminal offence to manufacture or assemble firearms, parts and ammunition without a licence.".into(),
            computed: Status::Partial,
            assessment: None,
            status: Status::Partial,
            cells_covered: 3,
            cells_partly: 1,
            cells_interpreted: 1,
            cells_total: 7,
            not_applicable: None,
            not_assessed: None,
            provisions: vec![p348.clone()],
            missing: vec!["assembly: no conduct criminalized".into(), "parts and components | ammunition: not named".into()],
            recommendation: Some("Name assembly and parts and components in the offence.".into()),
            references: vec!["UNODC Legislative Guide, Part Four, chapter V.B".into()],
            draft: vec![],
            draft_text: None,
            draft_not_closed: None,
        },
        ObligationRow {
            id: "FP-5.1.b".into(),
            anchor: anchor("o-", "FP-5.1.b"),
            article: "Art 5(1)(b)".into(),
            title: "Illicit trafficking".into(),
            kind: Kind::Mandatory,
            domain: "criminal".into(),
            requirement: "Make it a criminal offence to import, export or transfer firearms across borders without authorisation.".into(),
            computed: Status::Partial,
            assessment: Some(AssessmentView {
                status: Status::Full,
                justification: format!("Case law reads Art. 349 without the gain element {SCRIPT}"),
                by: Some("Working group, 2024-03-01".into()),
                stale: true,
            }),
            status: Status::Full,
            cells_covered: 4,
            cells_partly: 0,
            cells_interpreted: 0,
            cells_total: 8,
            not_applicable: None,
            not_assessed: None,
            provisions: vec![p349],
            missing: vec![],
            recommendation: None,
            references: vec![],
            draft: vec![DraftOperation {
                operation: format!("insert article 349a after article 349 {SCRIPT}"),
                cells: vec![format!("a: import × firearm {SCRIPT}")],
            }],
            draft_text: Some(format!(
                "Draft (bills/draft.bill): insert article 349a after article 349 {SCRIPT} — closes 1 element: a: import × firearm {SCRIPT}"
            )),
            draft_not_closed: Some(format!("not closed by the draft: {SCRIPT}")),
        },
        ObligationRow {
            id: "FP-5.1.c".into(),
            anchor: anchor("o-", "FP-5.1.c"),
            article: "Art 5(1)(c)".into(),
            title: "Tampering with markings".into(),
            kind: Kind::Mandatory,
            domain: "criminal".into(),
            requirement: "Make it a criminal offence to falsify, obliterate, remove or alter markings.".into(),
            computed: Status::None,
            assessment: None,
            status: Status::None,
            cells_covered: 0,
            cells_partly: 0,
            cells_interpreted: 0,
            cells_total: 4,
            not_applicable: None,
            not_assessed: None,
            provisions: vec![],
            missing: vec!["falsifying markings: no offence".into()],
            recommendation: Some(format!("Establish an offence of tampering with markings {IMG}.")),
            references: vec![],
            draft: vec![],
            draft_text: None,
            draft_not_closed: None,
        },
        ObligationRow {
            id: "FP-9".into(),
            anchor: anchor("o-", "FP-9"),
            article: "Art 9".into(),
            title: "Deactivated firearms".into(),
            kind: Kind::ShallConsider,
            domain: "regulatory".into(),
            requirement: "Consider treating deactivated firearms as firearms unless deactivated to standard.".into(),
            computed: Status::NotAdopted,
            assessment: None,
            status: Status::NotAdopted,
            cells_covered: 0,
            cells_partly: 0,
            cells_interpreted: 0,
            cells_total: 1,
            not_applicable: None,
            not_assessed: None,
            provisions: vec![],
            missing: vec![],
            recommendation: None,
            references: vec![],
            draft: vec![],
            draft_text: None,
            draft_not_closed: None,
        },
    ]
}

pub fn gap() -> GapReport {
    let obligations = rows();
    let mut mandatory = Tally::default();
    let mut all = Tally::default();
    for o in &obligations {
        all.add(o.status);
        if o.kind.is_mandatory() {
            mandatory.add(o.status);
        }
    }
    let key_gaps = obligations
        .iter()
        .filter(|o| o.kind.is_mandatory() && matches!(o.status, Status::None | Status::Partial))
        .map(|o| KeyGap {
            id: o.id.clone(),
            anchor: o.anchor.clone(),
            title: o.title.clone(),
            status: o.status,
            missing: o.missing.first().cloned().unwrap_or_default(),
        })
        .collect();
    let mut annex: Vec<AnnexEntry> = Vec::new();
    for o in &obligations {
        for p in &o.provisions {
            if !annex.iter().any(|a| a.address == p.address) {
                annex.push(AnnexEntry {
                    address: p.address.clone(),
                    anchor: p.anchor.clone(),
                    label: p.label.clone(),
                    heading: Some(format!("Weapons {SCRIPT}")),
                    text: p.text.clone(),
                });
            }
        }
    }
    GapReport {
        meta: meta("gap"),
        jurisdiction: jurisdiction(),
        at: "2020-01-01".into(),
        acts: vec![ActView {
            id: "criminal-code".into(),
            title: format!("Criminal Code {IMG}"),
            version: "2020-01-01".into(),
            sources: vec![
                "Official Gazette 1/2020".into(),
                "Official Gazette 7/2021".into(),
            ],
            rendering: "unofficial".into(),
            verified: "partly".into(),
            notes: vec![format!("Version date: the gazette's year only {IMG}")],
            unread: vec![format!("line 17 (`para 2 {SCRIPT}`): expected a title")],
        }],
        own_law: true,
        analysed_with: vec![],
        unread: vec![UnreadLine {
            act: "XX/criminal-code@2020-01-01".into(),
            line: format!("line 17 (`para 2 {SCRIPT}`): expected a title"),
        }],
        mandatory,
        all,
        key_gaps,
        cells: vec![
            CellRow {
                obligation: "FP-5.1.a".into(),
                cell: "manufacture × firearm × without-licence".into(),
                status: "covered".into(),
                provisions: vec!["XX/criminal-code@2020-01-01/art-348/para-1".into()],
                notes: vec![],
            },
            CellRow {
                obligation: "FP-5.1.a".into(),
                cell: "assemble × part × without-licence".into(),
                status: "not-covered".into(),
                provisions: vec![],
                notes: vec![format!("no offence names assembly {SCRIPT}")],
            },
            CellRow {
                obligation: "FP-5.1.b".into(),
                cell: "export × firearm × without-authorisation".into(),
                status: "partly-covered".into(),
                provisions: vec!["XX/criminal-code@2020-01-01/art-349".into()],
                notes: vec![
                    "=HYPERLINK(\"http://x.test\",\"click\")".into(),
                    "+1".into(),
                ],
            },
        ],
        obligations,
        annex,
        draft: Some(format!("codes/XX/bills/draft {SCRIPT}.bill")),
    }
}

fn segs(parts: &[(&str, &str)]) -> Vec<Segment> {
    parts
        .iter()
        .map(|(op, text)| Segment {
            op: (*op).into(),
            text: (*text).into(),
        })
        .collect()
}

pub fn amendment() -> AmendmentReport {
    let before = {
        let mut t = Tally::default();
        t.add(Status::Partial);
        t.add(Status::None);
        t
    };
    let after = {
        let mut t = Tally::default();
        t.add(Status::Full);
        t.add(Status::None);
        t
    };
    AmendmentReport {
        meta: meta("amendment"),
        jurisdiction: jurisdiction(),
        from: "2020-01-01".into(),
        to: "2021-06-01".into(),
        bill: Some(BillView {
            title: format!("Law amending the Criminal Code {SCRIPT}"),
            file: "codes/XX/bills/2021-amendment.bill".into(),
            status: Some("draft".into()),
            effective: Some("2021-06-01".into()),
            notes: vec![format!("Operations reconstructed {SCRIPT}")],
        }),
        before,
        after,
        changes: vec![ObligationDelta {
            id: "FP-5.1.a".into(),
            anchor: anchor("o-", "FP-5.1.a"),
            article: "Art 5(1)(a)".into(),
            title: "Illicit manufacturing".into(),
            kind: Kind::Mandatory,
            before: Status::Partial,
            after: Status::Full,
            cells_before: 3,
            cells_after: 7,
            cells_total: 7,
            direction: "closed".into(),
            gained: vec![
                "assembly of firearms without a licence".into(),
                "parts and components".into(),
            ],
            lost: vec![],
            remaining: vec![],
            responsible: vec!["XX/criminal-code@2021-06-01/art-348/para-1".into()],
        }],
        unchanged: 1,
        rows: vec![
            SynopticRow {
                unit: "Art. 348(1)".into(),
                address: "XX/criminal-code/art-348/para-1".into(),
                change: "replaced".into(),
                old: segs(&[
                    ("same", "Whoever "),
                    ("del", "makes"),
                    ("same", " or sells firearms "),
                    ("del", SCRIPT),
                    ("same", " without a licence."),
                ]),
                new: segs(&[
                    ("same", "Whoever "),
                    ("ins", "makes, assembles"),
                    ("same", " or sells firearms "),
                    ("ins", "their parts and ammunition"),
                    ("same", " without a licence."),
                ]),
                tags: segs(&[
                    ("del", "penalty prison 6m..5y"),
                    ("ins", "penalty prison 1y..8y"),
                ]),
                coverage: vec![UnitEffect {
                    obligation: "FP-5.1.a".into(),
                    anchor: anchor("o-", "FP-5.1.a"),
                    before: Status::Partial,
                    after: Status::Full,
                }],
            },
            SynopticRow {
                unit: "Art. 348a".into(),
                address: "XX/criminal-code/art-348a".into(),
                change: "inserted".into(),
                old: vec![],
                new: segs(&[("ins", &format!("Whoever brokers firearms {IMG}."))]),
                tags: vec![],
                coverage: vec![],
            },
            SynopticRow {
                unit: "Art. 350".into(),
                address: "XX/criminal-code/art-350".into(),
                change: "repealed".into(),
                old: segs(&[("del", "An old rule.")]),
                new: vec![],
                tags: vec![],
                coverage: vec![],
            },
        ],
        unread: vec![UnreadLine {
            act: "XX/criminal-code@2021-06-01".into(),
            line: format!("line 40 (`article 34x! {SCRIPT}`): expected an article number"),
        }],
    }
}

pub fn regional() -> RegionalReport {
    let heads: Vec<ObligationHead> = rows()
        .into_iter()
        .map(|o| ObligationHead {
            id: o.id,
            anchor: o.anchor,
            article: o.article,
            title: o.title,
            kind: o.kind,
        })
        .collect();
    let mk_row = |id: &str, name: &str, statuses: &[Status], has_law: bool| {
        let mut mandatory = Tally::default();
        let cells: Vec<MatrixCell> = statuses
            .iter()
            .zip(&heads)
            .map(|(s, h)| {
                if h.kind.is_mandatory() {
                    mandatory.add(*s);
                }
                MatrixCell {
                    obligation: h.id.clone(),
                    status: *s,
                    computed: *s,
                    assessed: id == "XX" && h.id == "FP-5.1.b",
                    cells_covered: 1,
                    cells_interpreted: u32::from(id == "XX" && h.id == "FP-5.1.a"),
                    cells_total: 2,
                    provisions: vec![],
                    missing: vec![format!("parts {SCRIPT}")],
                    recommendation: None,
                    not_assessed: (*s == Status::NotAssessed)
                        .then(|| format!("the {SCRIPT} code is not encoded")),
                }
            })
            .collect();
        MatrixRow {
            jurisdiction: JurisdictionView {
                id: id.into(),
                name: name.into(),
                name_en: name.into(),
            },
            link: Some(format!("gap-{id}.html")),
            has_law,
            cells,
            mandatory,
            unread: if id == "XX" {
                vec![UnreadLine {
                    act: "XX/criminal-code@2020-01-01".into(),
                    line: format!("line 17 (`para 2 {SCRIPT}`): expected a title"),
                }]
            } else {
                vec![]
            },
        }
    };
    let rows = vec![
        mk_row(
            "XX",
            "Testland",
            &[
                Status::Partial,
                Status::Full,
                Status::None,
                Status::NotAdopted,
            ],
            true,
        ),
        mk_row(
            "YY",
            &format!("Otherland {SCRIPT}"),
            &[
                Status::Full,
                Status::Full,
                Status::Partial,
                Status::NotAdopted,
            ],
            true,
        ),
    ];
    let d = |s: &str| Date::parse(s).expect("date");
    let trend = chart::trend(
        &[d("2014-01-01"), d("2019-12-01"), d("2023-12-19")],
        vec![
            (
                "XX".into(),
                "Testland".into(),
                vec![Some(0), Some(33), Some(33)],
            ),
            (
                "YY".into(),
                "Otherland".into(),
                vec![None, Some(33), Some(67)],
            ),
        ],
    );
    let links = ReportLinks {
        gap: vec![
            Link {
                href: "gap-XX.html".into(),
                label: "Testland".into(),
            },
            Link {
                href: "gap-YY.html".into(),
                label: format!("Otherland {SCRIPT}"),
            },
        ],
        amendment: vec![Link {
            href: "amendment-XX-2021.html".into(),
            label: format!("Testland: Law amending the Criminal Code {SCRIPT}"),
        }],
        instruments: Vec::new(),
    };
    RegionalReport {
        meta: meta("regional"),
        at: "2023-12-19".into(),
        obligations: heads,
        rows,
        trend,
        links,
    }
}
