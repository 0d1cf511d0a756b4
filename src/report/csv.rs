//! CSV output: one row per jurisdiction × obligation, for spreadsheets.
//!
//! Written by hand (RFC 4180: comma separated, CRLF line ends, fields quoted when they need it)
//! rather than through templates, because a spreadsheet needs exact quoting a template cannot
//! promise. Column names are stable English identifiers, like the JSON keys; statuses are their
//! ids. The file starts with a UTF-8 byte-order mark so that Excel — what working groups open
//! it with — reads Cyrillic and Albanian letters correctly. Fields are quoted and defused by
//! the shared writer, [`crate::csv`] (formula cells, both `,` and `;` separators).

use super::view::{AmendmentReport, GapReport, ObligationRow, RegionalReport, Report};

const BOM: &str = "\u{feff}";

const COVERAGE_HEADER: [&str; 15] = [
    "jurisdiction",
    "jurisdiction_name",
    "at",
    "obligation",
    "article",
    "title",
    "kind",
    "status",
    "computed_status",
    "assessed_status",
    "cells_covered",
    "cells_total",
    "provisions",
    "missing",
    "recommendation",
];

const DELTA_HEADER: [&str; 17] = [
    "jurisdiction",
    "jurisdiction_name",
    "from",
    "to",
    "obligation",
    "article",
    "title",
    "kind",
    "status_before",
    "status_after",
    "cells_before",
    "cells_after",
    "cells_total",
    "direction",
    "gained",
    "lost",
    "remaining",
];

pub fn write(report: &Report) -> String {
    match report {
        Report::Gap(r) => gap(r),
        Report::Amendment(r) => amendment(r),
        Report::Regional(r) => regional(r),
    }
}

fn gap(r: &GapReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, COVERAGE_HEADER.iter().map(|s| (*s).to_string()));
    for o in &r.obligations {
        line(
            &mut out,
            coverage_fields(&r.jurisdiction.id, &r.jurisdiction.name, &r.at, o),
        );
    }
    out
}

fn coverage_fields(id: &str, name: &str, at: &str, o: &ObligationRow) -> Vec<String> {
    vec![
        id.to_string(),
        name.to_string(),
        at.to_string(),
        o.id.clone(),
        o.article.clone(),
        o.title.clone(),
        o.kind.id().to_string(),
        o.status.id().to_string(),
        o.computed.id().to_string(),
        o.assessment
            .as_ref()
            .map(|a| a.status.id().to_string())
            .unwrap_or_default(),
        o.cells_covered.to_string(),
        o.cells_total.to_string(),
        o.provisions
            .iter()
            .map(|p| p.address.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        o.missing.join("; "),
        o.recommendation.clone().unwrap_or_default(),
    ]
}

fn regional(r: &RegionalReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, COVERAGE_HEADER.iter().map(|s| (*s).to_string()));
    for row in r.rows.iter().filter(|row| row.has_law) {
        for (cell, head) in row.cells.iter().zip(&r.obligations) {
            line(
                &mut out,
                vec![
                    row.jurisdiction.id.clone(),
                    row.jurisdiction.name.clone(),
                    r.at.clone(),
                    head.id.clone(),
                    head.article.clone(),
                    head.title.clone(),
                    head.kind.id().to_string(),
                    cell.status.id().to_string(),
                    cell.computed.id().to_string(),
                    if cell.assessed {
                        cell.status.id().to_string()
                    } else {
                        String::new()
                    },
                    cell.cells_covered.to_string(),
                    cell.cells_total.to_string(),
                    cell.provisions.join("; "),
                    cell.missing.join("; "),
                    cell.recommendation.clone().unwrap_or_default(),
                ],
            );
        }
    }
    out
}

fn amendment(r: &AmendmentReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, DELTA_HEADER.iter().map(|s| (*s).to_string()));
    for c in &r.changes {
        line(
            &mut out,
            vec![
                r.jurisdiction.id.clone(),
                r.jurisdiction.name.clone(),
                r.from.clone(),
                r.to.clone(),
                c.id.clone(),
                c.article.clone(),
                c.title.clone(),
                c.kind.id().to_string(),
                c.before.id().to_string(),
                c.after.id().to_string(),
                c.cells_before.to_string(),
                c.cells_after.to_string(),
                c.cells_total.to_string(),
                c.direction.clone(),
                c.gained.join("; "),
                c.lost.join("; "),
                c.remaining.join("; "),
            ],
        );
    }
    out
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    crate::csv::row(out, fields);
}
