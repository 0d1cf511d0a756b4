//! CSV output: one row per jurisdiction × obligation, for spreadsheets.
//!
//! Written by hand (RFC 4180: comma separated, CRLF line ends, fields quoted when they need it)
//! rather than through templates, because a spreadsheet needs exact quoting a template cannot
//! promise. In English the column names are stable identifiers, like the JSON keys; in another
//! language they are the catalog's `csv.<identifier>` (issue 21: a working group reads them);
//! statuses are their ids in every language. The file starts with a UTF-8 byte-order mark so that Excel — what working groups open
//! it with — reads Cyrillic and Albanian letters correctly. Fields are quoted and defused by
//! the shared writer, [`crate::csv`] (formula cells, both `,` and `;` separators).

use super::view::{AmendmentReport, GapReport, ObligationRow, RegionalReport, Report, UnreadLine};

const BOM: &str = "\u{feff}";

const COVERAGE_HEADER: [&str; 16] = [
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
    "not_read",
];

const DELTA_HEADER: [&str; 18] = [
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
    "not_read",
];

pub fn write(report: &Report, catalog: &super::locale::Catalog) -> String {
    let mut out = match report {
        Report::Gap(r) => gap(r),
        Report::Amendment(r) => amendment(r),
        Report::Regional(r) => regional(r),
        Report::Comparative(r) => super::comparative::csv(r),
    };
    if catalog.lang != "en" {
        // The header row is the first line after the byte-order mark; it holds identifiers only
        // (no quoting), so it is replaced whole.
        let header = match report {
            Report::Amendment(_) => &DELTA_HEADER[..],
            Report::Comparative(_) => &super::comparative::CSV_HEADER[..],
            _ => &COVERAGE_HEADER[..],
        };
        let mut named = String::from(BOM);
        line(&mut named, header.iter().map(|h| header_name(catalog, h)));
        let first = out.find("\r\n").map_or(out.len(), |i| i + 2);
        out.replace_range(..first, &named);
    }
    out
}

/// A column's name in the catalog's language (`csv.<identifier>`), else the identifier.
pub fn header_name(catalog: &super::locale::Catalog, id: &str) -> String {
    catalog
        .lookup(&format!("csv.{id}"))
        .unwrap_or(id)
        .to_string()
}

fn gap(r: &GapReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, COVERAGE_HEADER.iter().map(|s| (*s).to_string()));
    // What a syntax error kept out of the analysis, on every row (as `analyze` writes it).
    let unread = UnreadLine::cell(&r.unread);
    for o in &r.obligations {
        let mut fields = coverage_fields(&r.jurisdiction.id, &r.jurisdiction.name, &r.at, o);
        fields.push(unread.clone());
        line(&mut out, fields);
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
        with_draft(
            o.recommendation.as_deref().unwrap_or(""),
            o.draft_text.as_deref(),
        ),
    ]
}

/// The recommendation, followed by what the draft does about it (`report gap --draft`).
pub(crate) fn with_draft(recommendation: &str, draft: Option<&str>) -> String {
    match draft {
        Some(d) if recommendation.is_empty() => d.to_string(),
        Some(d) => format!("{recommendation}\n{d}"),
        None => recommendation.to_string(),
    }
}

fn regional(r: &RegionalReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, COVERAGE_HEADER.iter().map(|s| (*s).to_string()));
    for row in r.rows.iter().filter(|row| row.has_law) {
        let unread = UnreadLine::cell(&row.unread);
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
                    unread.clone(),
                ],
            );
        }
    }
    out
}

fn amendment(r: &AmendmentReport) -> String {
    let mut out = String::from(BOM);
    line(&mut out, DELTA_HEADER.iter().map(|s| (*s).to_string()));
    let unread = UnreadLine::cell(&r.unread);
    if r.changes.is_empty() && !unread.is_empty() {
        // No obligation moves, but the reader must still learn what the comparison could not
        // read: one row with the jurisdiction, the dates and that list.
        let mut fields = vec![String::new(); DELTA_HEADER.len()];
        for (i, v) in [
            r.jurisdiction.id.clone(),
            r.jurisdiction.name.clone(),
            r.from.clone(),
            r.to.clone(),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(f) = fields.get_mut(i) {
                *f = v;
            }
        }
        if let Some(f) = fields.last_mut() {
            f.clone_from(&unread);
        }
        line(&mut out, fields);
    }
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
                unread.clone(),
            ],
        );
    }
    out
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    crate::csv::row(out, fields);
}
