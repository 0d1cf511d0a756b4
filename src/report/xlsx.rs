//! Excel (XLSX) form of the reports, from the same view models as every other format.
//!
//! One sheet per table: for a gap analysis its obligations, their cells and the provisions
//! cited; for the regional comparison the matrix, the same cells one row each, the KPI and its
//! trend; for an amendment review the coverage changes and the synoptic table; for each, the
//! lines a syntax error kept out of the analysis (`not_read`, as the CSV column). Each sheet has
//! its header row frozen and repeated when printed, an autofilter, column widths, the status as
//! a value coloured by a conditional format (so a filtered or re-sorted sheet keeps its
//! colours), links from a cell to the row it names, and numbers as numbers.
//!
//! The header row uses the same column names as the CSV: the stable identifiers (`obligation`,
//! `status` …) in English, the catalog's `csv.<identifier>` in another language (issue 21); the
//! values (titles, status names, the instrument model) are in the report's language.
//!
//! No cell is ever a formula: all text goes through `write_string` (or is the text of a link),
//! never through a formula writer, so `=HYPERLINK(…)`, `+1` or `@SUM(…)` in a provision's text
//! is shown as those characters. The package is deterministic: the workbook's creation date is
//! `--date` when given, else the zip epoch (1980-01-01), and the zip entries carry a fixed time.

use rust_xlsxwriter::{
    ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Url,
    Workbook, Worksheet, XlsxError,
};

#[path = "comparative_xlsx.rs"]
mod comparative;

use super::ReportError;
use super::docx::colours;
use super::locale::Catalog;
use super::view::{AmendmentReport, GapReport, RegionalReport, Report, Status, UnreadLine};

/// Excel's limit on the text of a cell is 32,767 UTF-16 units; longer text is cut with "…".
const MAX_CELL: usize = 32_000;

/// The report as an XLSX workbook.
pub fn write(report: &Report, catalog: &Catalog) -> Result<Vec<u8>, ReportError> {
    build(report, catalog).map_err(|e| ReportError::new(format!("cannot write the workbook: {e}")))
}

fn build(report: &Report, catalog: &Catalog) -> Result<Vec<u8>, XlsxError> {
    let (mut wb, s) = workbook(report, catalog)?;
    sheets(&mut wb, &s, report, catalog)?;
    wb.save_to_buffer()
}

/// Several instruments' reports as one workbook (issue 18): a sheet `instruments` listing
/// them, then each report's sheets, their names prefixed by the instrument's id (`tip
/// obligations`, within Excel's 31 characters; a number where two ids would be cut alike), and
/// each report's links to its own sheets.
pub fn write_several(
    reports: &[(&str, &Report)],
    catalog: &Catalog,
) -> Result<Vec<u8>, ReportError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let Some((_, first)) = reports.first() else {
            return Workbook::new().save_to_buffer();
        };
        let (mut wb, mut s) = workbook(first, catalog)?;
        // The longest sheet name of a report is 11 characters (`obligations`).
        let mut prefixes: Vec<String> = Vec::with_capacity(reports.len());
        for (i, (id, _)) in reports.iter().enumerate() {
            let cut: String = sheet_name(id).chars().take(31 - 12).collect();
            let prefix = if prefixes.contains(&format!("{cut} ")) {
                format!("{} ", i + 1)
            } else {
                format!("{cut} ")
            };
            prefixes.push(prefix);
        }
        {
            let ws = sheet(
                &mut wb,
                &s,
                "instruments",
                &[("measured", 24.0), ("title", 90.0)],
            )?;
            for (row, ((id, r), prefix)) in reports.iter().zip(&prefixes).enumerate() {
                let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
                let first_sheet = match r {
                    Report::Gap(_) => OBLIGATIONS,
                    Report::Regional(_) => MATRIX,
                    Report::Amendment(_) => "changes",
                    Report::Comparative(_) => "aspects",
                };
                ws.write_url_with_format(
                    row,
                    0,
                    Url::new(format!(
                        "internal:'{}'!A1",
                        sheet_name(&format!("{prefix}{first_sheet}"))
                    ))
                    .set_text(cap(id)),
                    &s.link,
                )?;
                ws.write_string_with_format(row, 1, cap(&r.meta().instrument.title), &s.wrap)?;
            }
            let rows = u32::try_from(reports.len()).unwrap_or(u32::MAX);
            finish(ws, rows, 1, &[], None)?;
        }
        for ((_, r), prefix) in reports.iter().zip(prefixes) {
            s.prefix = prefix;
            sheets(&mut wb, &s, r, catalog)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(|e| ReportError::new(format!("cannot write the workbook: {e}")))
}

/// A workbook with the report's properties, and the styles of its cells.
fn workbook(report: &Report, catalog: &Catalog) -> Result<(Workbook, Styles), XlsxError> {
    let mut wb = Workbook::new();
    let meta = report.meta();
    let created = meta
        .date
        .as_deref()
        .and_then(|d| {
            let mut it = d.split('-').map(str::parse::<u16>);
            match (it.next(), it.next(), it.next()) {
                (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) => {
                    ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()
                }
                _ => None,
            }
        })
        .map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), Ok)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title(report, catalog))
            .set_author(format!("lexgap {}", meta.lexgap_version))
            .set_creation_datetime(&created),
    );
    let mut s = Styles::new();
    if catalog.lang != "en" {
        s.names = catalog.with_prefix("csv.");
    }
    Ok((wb, s))
}

/// The report's sheets.
fn sheets(
    wb: &mut Workbook,
    s: &Styles,
    report: &Report,
    catalog: &Catalog,
) -> Result<(), XlsxError> {
    match report {
        Report::Gap(r) => {
            gap(wb, s, r, catalog)?;
            let lines: Vec<_> = r.unread.iter().map(|u| (&r.jurisdiction.id, u)).collect();
            not_read(wb, s, &lines)?;
        }
        Report::Regional(r) => {
            regional(wb, s, r, catalog)?;
            let lines: Vec<_> = r
                .rows
                .iter()
                .flat_map(|row| row.unread.iter().map(|u| (&row.jurisdiction.id, u)))
                .collect();
            not_read(wb, s, &lines)?;
        }
        Report::Comparative(r) => {
            comparative::comparative(wb, s, r, catalog)?;
            let lines: Vec<_> = r
                .jurisdictions
                .iter()
                .flat_map(|j| j.unread.iter().map(|u| (&j.jurisdiction.id, u)))
                .collect();
            not_read(wb, s, &lines)?;
        }
        Report::Amendment(r) => {
            amendment(wb, s, r, catalog)?;
            let lines: Vec<_> = r.unread.iter().map(|u| (&r.jurisdiction.id, u)).collect();
            not_read(wb, s, &lines)?;
        }
    }
    Ok(())
}

fn title(report: &Report, t: &Catalog) -> String {
    match report {
        Report::Gap(r) => t
            .get("gap.title")
            .replace("{jurisdiction}", &r.jurisdiction.name),
        Report::Amendment(r) => t
            .get("amendment.title")
            .replace("{jurisdiction}", &r.jurisdiction.name),
        Report::Regional(_) => t.get("regional.title").to_string(),
        Report::Comparative(_) => t.get("comparative.title").to_string(),
    }
}

struct Styles {
    /// `csv.<identifier>` → the column's name in the report's language; empty in English.
    names: std::collections::BTreeMap<String, String>,
    /// Put before every sheet's name (and every link to a sheet): an instrument's id in a
    /// workbook of several (`tip `); empty for one report.
    prefix: String,
    head: Format,
    text: Format,
    wrap: Format,
    int: Format,
    percent: Format,
    mono: Format,
    link: Format,
}

impl Styles {
    fn new() -> Styles {
        let text = Format::new().set_align(FormatAlign::Top);
        Styles {
            names: std::collections::BTreeMap::new(),
            prefix: String::new(),
            head: Format::new()
                .set_bold()
                .set_background_color("E8EDF2")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            wrap: text.clone().set_text_wrap(),
            int: text.clone().set_num_format("0"),
            percent: text.clone().set_num_format("0%"),
            mono: text.clone().set_font_name("Courier New"),
            link: text
                .clone()
                .set_text_wrap()
                .set_font_color("0B4F8A")
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            text,
        }
    }
}

/// Text as a cell holds it: never more than Excel takes.
fn cap(s: &str) -> String {
    if s.encode_utf16().count() <= MAX_CELL {
        return s.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > MAX_CELL - 1 {
            break;
        }
        out.push(c);
    }
    out.push('\u{2026}');
    out
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\'`.
fn sheet_name(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(31)
        .collect()
}

/// A link to a cell of another sheet of the workbook.
fn internal(s: &Styles, sheet: &str, row: u32, col: u16) -> Url {
    Url::new(format!(
        "internal:'{}'!{}{}",
        sheet_name(&format!("{}{sheet}", s.prefix)),
        column_letters(col),
        row + 1
    ))
}

/// A formula's string literal (`"` doubled).
fn literal(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A sheet with its header row: frozen, repeated on printed pages, filtered; landscape A4 one
/// page wide.
fn sheet<'a>(
    wb: &'a mut Workbook,
    s: &Styles,
    name: &str,
    columns: &[(&str, f64)],
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&format!("{}{name}", s.prefix)))?;
    for (i, (head, width)) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let named = s
            .names
            .get(&format!("csv.{head}"))
            .map_or(*head, String::as_str);
        ws.write_string_with_format(0, col, named, &s.head)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    // Printed one page wide (a spreadsheet is read on screen; the Word form is for print).
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(ws)
}

/// The autofilter over the header and `rows` data rows, and the status colours on the
/// columns `cols` keyed by the status id in column `key` (the first data row is row 2).
fn finish(
    ws: &mut Worksheet,
    rows: u32,
    last_col: u16,
    status_cols: &[u16],
    key: Option<u16>,
) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, rows.max(1), last_col)?;
    let Some(key) = key else { return Ok(()) };
    if rows == 0 {
        return Ok(());
    }
    let key_letter = column_letters(key);
    for s in Status::ALL {
        let (bg, fg) = colours(s);
        let format = Format::new().set_background_color(bg).set_font_color(fg);
        for &col in status_cols {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${key_letter}2={}", literal(s.id())).as_str())
                .set_format(&format);
            ws.add_conditional_format(1, col, rows, col, &rule)?;
        }
    }
    Ok(())
}

fn column_letters(col: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        c = (c - 1) / 26;
    }
    letters
}

/// Sets a row's height to show its wrapped text whole: Excel and LibreOffice do not both
/// recompute heights on opening, so the height is written (15 points a line, an estimate of the
/// lines from the column's width in characters; at most Excel's 409 points).
fn fit(ws: &mut Worksheet, row: u32, cells: &[(f64, &str)]) -> Result<(), XlsxError> {
    let mut most = 1usize;
    for (width, text) in cells {
        let per_line = (*width - 1.0).max(1.0);
        let lines: usize = text
            .split('\n')
            .map(|l| {
                let n = l.chars().count() as f64;
                (n / per_line).ceil().max(1.0) as usize
            })
            .sum();
        most = most.max(lines);
    }
    if most > 1 {
        let h = (most as f64 * 15.0).min(409.0);
        ws.set_row_height(row, h)?;
    }
    Ok(())
}

fn status_name(t: &Catalog, s: Status) -> String {
    t.get(&format!("status.{}.name", s.id())).to_string()
}

fn row_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX - 2).saturating_add(1)
}

// ------------------------------------------------------------------------ gap analysis

const OBLIGATIONS: &str = "obligations";
const CELLS: &str = "cells";
const PROVISIONS: &str = "provisions";

fn gap(wb: &mut Workbook, s: &Styles, r: &GapReport, t: &Catalog) -> Result<(), XlsxError> {
    // Where each provision's row is, for the links.
    let provision_row = |address: &str| -> Option<u32> {
        r.annex
            .iter()
            .position(|a| a.address == address)
            .map(row_of)
    };
    let obligation_row =
        |id: &str| -> Option<u32> { r.obligations.iter().position(|o| o.id == id).map(row_of) };

    let ws = sheet(
        wb,
        s,
        OBLIGATIONS,
        &[
            ("jurisdiction", 10.0),
            ("jurisdiction_name", 18.0),
            ("at", 11.0),
            ("obligation", 12.0),
            ("article", 14.0),
            ("title", 28.0),
            ("kind", 16.0),
            ("domain", 14.0),
            ("requirement", 50.0),
            ("status_name", 18.0),
            ("status", 14.0),
            ("computed_status", 14.0),
            ("assessed_status", 14.0),
            ("cells_covered", 9.0),
            ("cells_partly", 9.0),
            ("cells_interpreted", 9.0),
            ("cells_total", 9.0),
            ("provisions", 36.0),
            ("missing", 50.0),
            ("recommendation", 50.0),
            ("not_assessed", 30.0),
            ("not_applicable", 30.0),
            ("justification", 40.0),
        ],
    )?;
    for (i, o) in r.obligations.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&r.jurisdiction.id), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&r.jurisdiction.name), &s.text)?;
        ws.write_string_with_format(row, 2, cap(&r.at), &s.text)?;
        ws.write_string_with_format(row, 3, cap(&o.id), &s.text)?;
        ws.write_string_with_format(row, 4, cap(&o.article), &s.wrap)?;
        ws.write_string_with_format(row, 5, cap(&o.title), &s.wrap)?;
        ws.write_string_with_format(row, 6, t.get(&format!("kind.{}", o.kind.id())), &s.text)?;
        let domain = t
            .lookup(&format!("domain.{}", o.domain))
            .unwrap_or(&o.domain);
        ws.write_string_with_format(row, 7, cap(domain), &s.text)?;
        ws.write_string_with_format(row, 8, cap(&o.requirement), &s.wrap)?;
        ws.write_string_with_format(row, 9, status_name(t, o.status), &s.text)?;
        ws.write_string_with_format(row, 10, o.status.id(), &s.text)?;
        ws.write_string_with_format(row, 11, o.computed.id(), &s.text)?;
        let assessed = o.assessment.as_ref().map_or("", |a| a.status.id());
        ws.write_string_with_format(row, 12, assessed, &s.text)?;
        for (col, n) in [
            (13, o.cells_covered),
            (14, o.cells_partly),
            (15, o.cells_interpreted),
            (16, o.cells_total),
        ] {
            ws.write_number_with_format(row, col, f64::from(n), &s.int)?;
        }
        let labels = cap(&labels_text(o));
        match o.provisions.first().and_then(|p| provision_row(&p.address)) {
            Some(target) if !labels.is_empty() => {
                ws.write_url_with_format(
                    row,
                    17,
                    internal(s, PROVISIONS, target, 0).set_text(labels),
                    &s.link,
                )?;
            }
            _ => {
                ws.write_string_with_format(row, 17, labels, &s.wrap)?;
            }
        }
        ws.write_string_with_format(row, 18, cap(&o.missing.join("\n")), &s.wrap)?;
        let rec = super::csv::with_draft(
            o.recommendation.as_deref().unwrap_or(""),
            o.draft_text.as_deref(),
        );
        ws.write_string_with_format(row, 19, cap(&rec), &s.wrap)?;
        let na = o.not_assessed.as_deref().unwrap_or("");
        ws.write_string_with_format(row, 20, cap(na), &s.wrap)?;
        let nap = o.not_applicable.as_deref().unwrap_or("");
        ws.write_string_with_format(row, 21, cap(nap), &s.wrap)?;
        let just = o
            .assessment
            .as_ref()
            .map_or("", |a| a.justification.as_str());
        ws.write_string_with_format(row, 22, cap(just), &s.wrap)?;
        fit(
            ws,
            row,
            &[
                (14.0, &o.article),
                (28.0, &o.title),
                (50.0, &o.requirement),
                (36.0, &labels_text(o)),
                (50.0, &o.missing.join("\n")),
                (50.0, &rec),
                (30.0, na),
                (30.0, nap),
                (40.0, just),
            ],
        )?;
    }
    finish(ws, row_of(r.obligations.len()) - 1, 22, &[9, 10], Some(10))?;

    let ws = sheet(
        wb,
        s,
        CELLS,
        &[
            ("obligation", 12.0),
            ("cell", 50.0),
            ("cell_status", 22.0),
            ("provisions", 50.0),
            ("notes", 70.0),
        ],
    )?;
    for (i, c) in r.cells.iter().enumerate() {
        let row = row_of(i);
        match obligation_row(&c.obligation) {
            Some(target) => ws.write_url_with_format(
                row,
                0,
                internal(s, OBLIGATIONS, target, 3).set_text(cap(&c.obligation)),
                &s.link,
            )?,
            None => ws.write_string_with_format(row, 0, cap(&c.obligation), &s.text)?,
        };
        ws.write_string_with_format(row, 1, cap(&c.cell), &s.wrap)?;
        ws.write_string_with_format(row, 2, cap(&c.status), &s.text)?;
        let provisions = cap(&c.provisions.join("\n"));
        match c.provisions.first().and_then(|p| provision_row(p)) {
            Some(target) => ws.write_url_with_format(
                row,
                3,
                internal(s, PROVISIONS, target, 0).set_text(provisions),
                &s.link,
            )?,
            None => ws.write_string_with_format(row, 3, provisions, &s.mono)?,
        };
        ws.write_string_with_format(row, 4, cap(&c.notes.join("\n")), &s.wrap)?;
        fit(
            ws,
            row,
            &[
                (50.0, &c.cell),
                (50.0, &c.provisions.join("\n")),
                (70.0, &c.notes.join("\n")),
            ],
        )?;
    }
    let rows = row_of(r.cells.len()) - 1;
    finish(ws, rows, 4, &[], None)?;
    // Cell statuses have their own colours: covered green, partly amber, not covered red.
    for (id, status) in [
        ("covered", Status::Full),
        ("covered-by-interpretation", Status::NotAdopted),
        ("partly-covered", Status::Partial),
        ("not-covered", Status::None),
        ("unknown", Status::NotAssessed),
    ] {
        if rows == 0 {
            break;
        }
        let (bg, fg) = colours(status);
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("=$C2={}", literal(id)).as_str())
            .set_format(Format::new().set_background_color(bg).set_font_color(fg));
        ws.add_conditional_format(1, 2, rows, 2, &rule)?;
    }

    let ws = sheet(
        wb,
        s,
        PROVISIONS,
        &[
            ("address", 48.0),
            ("label", 30.0),
            ("heading", 30.0),
            ("text", 90.0),
        ],
    )?;
    for (i, a) in r.annex.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&a.address), &s.mono)?;
        ws.write_string_with_format(row, 1, cap(&a.label), &s.wrap)?;
        ws.write_string_with_format(row, 2, cap(a.heading.as_deref().unwrap_or("")), &s.wrap)?;
        let text = a
            .text
            .clone()
            .unwrap_or_else(|| t.get("gap.no-text").to_string());
        ws.write_string_with_format(row, 3, cap(&text), &s.wrap)?;
        let heading = a.heading.as_deref().unwrap_or("");
        fit(ws, row, &[(30.0, &a.label), (30.0, heading), (90.0, &text)])?;
    }
    finish(ws, row_of(r.annex.len()) - 1, 3, &[], None)?;
    Ok(())
}

fn labels_text(o: &super::view::ObligationRow) -> String {
    let labels: Vec<&str> = o.provisions.iter().map(|p| p.label.as_str()).collect();
    labels.join("; ")
}

// ------------------------------------------------------------------------ regional comparison

const MATRIX: &str = "matrix";
const KPI: &str = "kpi";
const TREND: &str = "trend";

fn regional(
    wb: &mut Workbook,
    s: &Styles,
    r: &RegionalReport,
    t: &Catalog,
) -> Result<(), XlsxError> {
    let with_law: Vec<_> = r.rows.iter().filter(|row| row.has_law).collect();
    let per = r.obligations.len();
    // The matrix: one row per obligation, one column per jurisdiction, each cell the status
    // letter linked to its row in `cells`.
    let mut columns: Vec<(&str, f64)> = vec![("obligation", 12.0), ("title", 48.0)];
    for row in &r.rows {
        columns.push((row.jurisdiction.id.as_str(), 7.0));
    }
    let ws = sheet(wb, s, MATRIX, &columns)?;
    ws.set_freeze_panes(1, 2)?;
    for (i, h) in r.obligations.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&h.id), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&h.title), &s.text)?;
        let mut k = 0usize;
        for (j, mrow) in r.rows.iter().enumerate() {
            let col = u16::try_from(j + 2).unwrap_or(u16::MAX);
            if !mrow.has_law {
                ws.write_string_with_format(row, col, "\u{b7}", &s.text)?;
                continue;
            }
            if let Some(c) = mrow.cells.get(i) {
                let mut letter = t
                    .get(&format!("status.{}.letter", c.status.id()))
                    .to_string();
                if c.cells_interpreted > 0 {
                    letter.push('i');
                }
                if c.assessed {
                    letter.push('*');
                }
                let target = row_of(k * per + i);
                ws.write_url_with_format(
                    row,
                    col,
                    internal(s, CELLS, target, 0).set_text(letter),
                    &s.text,
                )?;
            }
            k += 1;
        }
    }
    let rows = row_of(per) - 1;
    let last = u16::try_from(r.rows.len() + 1).unwrap_or(u16::MAX);
    ws.autofilter(0, 0, rows.max(1), last)?;
    if rows > 0 && !r.rows.is_empty() {
        // Each cell coloured by its own letter (relative reference to the top-left cell).
        for st in Status::ALL {
            let (bg, fg) = colours(st);
            // The letter alone or with its marks (`i`, `*`).
            let letter = t.get(&format!("status.{}.letter", st.id())).to_string();
            let any = ["", "i", "*", "i*"]
                .iter()
                .map(|m| format!("C2={}", literal(&format!("{letter}{m}"))))
                .collect::<Vec<_>>()
                .join(",");
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=OR({any})").as_str())
                .set_format(Format::new().set_background_color(bg).set_font_color(fg));
            ws.add_conditional_format(1, 2, rows, last, &rule)?;
        }
    }

    // The same cells, one row each (the CSV's rows).
    let ws = sheet(
        wb,
        s,
        CELLS,
        &[
            ("jurisdiction", 10.0),
            ("jurisdiction_name", 24.0),
            ("obligation", 12.0),
            ("title", 30.0),
            ("kind", 14.0),
            ("status_name", 18.0),
            ("status", 14.0),
            ("computed_status", 14.0),
            ("assessed", 9.0),
            ("cells_covered", 9.0),
            ("cells_interpreted", 9.0),
            ("cells_total", 9.0),
            ("provisions", 40.0),
            ("missing", 50.0),
            ("recommendation", 50.0),
            ("not_assessed", 30.0),
        ],
    )?;
    let mut n = 0usize;
    for mrow in &with_law {
        for (i, (c, h)) in mrow.cells.iter().zip(&r.obligations).enumerate() {
            let row = row_of(n);
            n += 1;
            ws.write_string_with_format(row, 0, cap(&mrow.jurisdiction.id), &s.text)?;
            ws.write_string_with_format(row, 1, cap(&mrow.jurisdiction.name), &s.text)?;
            ws.write_url_with_format(
                row,
                2,
                internal(s, MATRIX, row_of(i), 0).set_text(cap(&h.id)),
                &s.link,
            )?;
            ws.write_string_with_format(row, 3, cap(&h.title), &s.wrap)?;
            ws.write_string_with_format(row, 4, t.get(&format!("kind.{}", h.kind.id())), &s.text)?;
            ws.write_string_with_format(row, 5, status_name(t, c.status), &s.text)?;
            ws.write_string_with_format(row, 6, c.status.id(), &s.text)?;
            ws.write_string_with_format(row, 7, c.computed.id(), &s.text)?;
            ws.write_boolean_with_format(row, 8, c.assessed, &s.text)?;
            for (col, v) in [
                (9, c.cells_covered),
                (10, c.cells_interpreted),
                (11, c.cells_total),
            ] {
                ws.write_number_with_format(row, col, f64::from(v), &s.int)?;
            }
            ws.write_string_with_format(row, 12, cap(&c.provisions.join("\n")), &s.mono)?;
            ws.write_string_with_format(row, 13, cap(&c.missing.join("\n")), &s.wrap)?;
            let rec = c.recommendation.as_deref().unwrap_or("");
            ws.write_string_with_format(row, 14, cap(rec), &s.wrap)?;
            let na = c.not_assessed.as_deref().unwrap_or("");
            ws.write_string_with_format(row, 15, cap(na), &s.wrap)?;
            fit(
                ws,
                row,
                &[
                    (30.0, &h.title),
                    (40.0, &c.provisions.join("\n")),
                    (50.0, &c.missing.join("\n")),
                    (50.0, rec),
                    (30.0, na),
                ],
            )?;
        }
    }
    finish(ws, row_of(n) - 1, 15, &[5, 6], Some(6))?;

    // The KPI per jurisdiction, the share as a number formatted as a percentage.
    let ws = sheet(
        wb,
        s,
        KPI,
        &[
            ("jurisdiction", 10.0),
            ("jurisdiction_name", 28.0),
            ("mandatory_full", 10.0),
            ("mandatory_assessed", 10.0),
            ("mandatory_not_assessed", 10.0),
            ("full_share", 10.0),
        ],
    )?;
    for (i, mrow) in r.rows.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&mrow.jurisdiction.id), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&mrow.jurisdiction.name), &s.text)?;
        if !mrow.has_law {
            ws.write_string_with_format(row, 2, t.get("regional.no-law"), &s.text)?;
            continue;
        }
        let m = &mrow.mandatory;
        ws.write_number_with_format(row, 2, f64::from(m.full), &s.int)?;
        ws.write_number_with_format(row, 3, f64::from(m.assessed), &s.int)?;
        ws.write_number_with_format(row, 4, f64::from(m.not_assessed), &s.int)?;
        if let Some(p) = m.full_percent {
            ws.write_number_with_format(row, 5, f64::from(p) / 100.0, &s.percent)?;
        }
    }
    finish(ws, row_of(r.rows.len()) - 1, 5, &[], None)?;

    // The trend: one row per date, one column per jurisdiction, then the mean.
    let mut columns: Vec<(&str, f64)> = vec![("date", 12.0)];
    for series in &r.trend.series {
        columns.push((series.id.as_str(), 9.0));
    }
    columns.push(("mean", 9.0));
    let ws = sheet(wb, s, TREND, &columns)?;
    for (i, d) in r.trend.dates.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(d), &s.text)?;
        let values = r
            .trend
            .series
            .iter()
            .map(|series| series.values.get(i).copied().flatten())
            .chain(std::iter::once(r.trend.mean.get(i).copied().flatten()));
        for (j, v) in values.enumerate() {
            if let Some(v) = v {
                let col = u16::try_from(j + 1).unwrap_or(u16::MAX);
                ws.write_number_with_format(row, col, f64::from(v) / 100.0, &s.percent)?;
            }
        }
    }
    let last = u16::try_from(r.trend.series.len() + 1).unwrap_or(u16::MAX);
    finish(ws, row_of(r.trend.dates.len()) - 1, last, &[], None)?;
    Ok(())
}

// ------------------------------------------------------------------------ amendment review

fn amendment(
    wb: &mut Workbook,
    s: &Styles,
    r: &AmendmentReport,
    t: &Catalog,
) -> Result<(), XlsxError> {
    let ws = sheet(
        wb,
        s,
        "changes",
        &[
            ("jurisdiction", 10.0),
            ("jurisdiction_name", 20.0),
            ("from", 11.0),
            ("to", 11.0),
            ("obligation", 12.0),
            ("article", 14.0),
            ("title", 28.0),
            ("kind", 14.0),
            ("status_before", 14.0),
            ("status_after", 14.0),
            ("cells_before", 9.0),
            ("cells_after", 9.0),
            ("cells_total", 9.0),
            ("direction", 12.0),
            ("gained", 45.0),
            ("lost", 45.0),
            ("remaining", 45.0),
            ("responsible", 45.0),
        ],
    )?;
    for (i, c) in r.changes.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&r.jurisdiction.id), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&r.jurisdiction.name), &s.text)?;
        ws.write_string_with_format(row, 2, cap(&r.from), &s.text)?;
        ws.write_string_with_format(row, 3, cap(&r.to), &s.text)?;
        ws.write_string_with_format(row, 4, cap(&c.id), &s.text)?;
        ws.write_string_with_format(row, 5, cap(&c.article), &s.text)?;
        ws.write_string_with_format(row, 6, cap(&c.title), &s.wrap)?;
        ws.write_string_with_format(row, 7, t.get(&format!("kind.{}", c.kind.id())), &s.text)?;
        ws.write_string_with_format(row, 8, c.before.id(), &s.text)?;
        ws.write_string_with_format(row, 9, c.after.id(), &s.text)?;
        for (col, v) in [
            (10, c.cells_before),
            (11, c.cells_after),
            (12, c.cells_total),
        ] {
            ws.write_number_with_format(row, col, f64::from(v), &s.int)?;
        }
        ws.write_string_with_format(row, 13, cap(&c.direction), &s.text)?;
        ws.write_string_with_format(row, 14, cap(&c.gained.join("\n")), &s.wrap)?;
        ws.write_string_with_format(row, 15, cap(&c.lost.join("\n")), &s.wrap)?;
        ws.write_string_with_format(row, 16, cap(&c.remaining.join("\n")), &s.wrap)?;
        ws.write_string_with_format(row, 17, cap(&c.responsible.join("\n")), &s.mono)?;
        fit(
            ws,
            row,
            &[
                (28.0, &c.title),
                (45.0, &c.gained.join("\n")),
                (45.0, &c.lost.join("\n")),
                (45.0, &c.remaining.join("\n")),
                (45.0, &c.responsible.join("\n")),
            ],
        )?;
    }
    let rows = row_of(r.changes.len()) - 1;
    finish(ws, rows, 17, &[8], Some(8))?;
    finish_status_column(ws, rows, 9)?;

    // The synoptic table as plain text: deleted words between [- -], inserted between {+ +}
    // (a cell has one format; the Word form marks them with strike-through and underline).
    let ws = sheet(
        wb,
        s,
        "synoptic",
        &[
            ("unit", 16.0),
            ("address", 36.0),
            ("change", 12.0),
            ("text_in_force", 70.0),
            ("proposed_text", 70.0),
            ("tags", 40.0),
        ],
    )?;
    let marked = |segs: &[super::view::Segment]| -> String {
        segs.iter()
            .map(|g| match g.op.as_str() {
                "del" => format!("[-{}-]", g.text),
                "ins" => format!("{{+{}+}}", g.text),
                _ => g.text.clone(),
            })
            .collect()
    };
    for (i, u) in r.rows.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(&u.unit), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&u.address), &s.mono)?;
        ws.write_string_with_format(row, 2, cap(&u.change), &s.text)?;
        ws.write_string_with_format(row, 3, cap(&marked(&u.old)), &s.wrap)?;
        ws.write_string_with_format(row, 4, cap(&marked(&u.new)), &s.wrap)?;
        let tags: Vec<String> = u
            .tags
            .iter()
            .map(|g| match g.op.as_str() {
                "del" => format!("- {}", g.text),
                _ => format!("+ {}", g.text),
            })
            .collect();
        ws.write_string_with_format(row, 5, cap(&tags.join("\n")), &s.mono)?;
        fit(
            ws,
            row,
            &[
                (70.0, &marked(&u.old)),
                (70.0, &marked(&u.new)),
                (40.0, &tags.join("\n")),
            ],
        )?;
    }
    finish(ws, row_of(r.rows.len()) - 1, 5, &[], None)?;
    Ok(())
}

/// The `not_read` sheet: every line a syntax error kept out of the analysis, with its
/// jurisdiction and act version (the CSV's `not_read` column, a row a line). Always written, so
/// that a workbook without it is not taken for one where every line was read.
fn not_read(
    wb: &mut Workbook,
    s: &Styles,
    lines: &[(&String, &UnreadLine)],
) -> Result<(), XlsxError> {
    let ws = sheet(
        wb,
        s,
        "not_read",
        &[("jurisdiction", 10.0), ("act", 36.0), ("line", 90.0)],
    )?;
    for (i, (j, u)) in lines.iter().enumerate() {
        let row = row_of(i);
        ws.write_string_with_format(row, 0, cap(j), &s.text)?;
        ws.write_string_with_format(row, 1, cap(&u.act), &s.mono)?;
        ws.write_string_with_format(row, 2, cap(&u.line), &s.wrap)?;
        fit(ws, row, &[(90.0, &u.line)])?;
    }
    finish(ws, row_of(lines.len()) - 1, 2, &[], None)?;
    Ok(())
}

/// The status colours on a column holding status ids itself.
fn finish_status_column(ws: &mut Worksheet, rows: u32, col: u16) -> Result<(), XlsxError> {
    if rows == 0 {
        return Ok(());
    }
    let letter = column_letters(col);
    for st in Status::ALL {
        let (bg, fg) = colours(st);
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("=${letter}2={}", literal(st.id())).as_str())
            .set_format(Format::new().set_background_color(bg).set_font_color(fg));
        ws.add_conditional_format(1, col, rows, col, &rule)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let long = "ж".repeat(40_000);
        let c = cap(&long);
        assert!(c.encode_utf16().count() <= MAX_CELL);
        assert!(c.ends_with('\u{2026}'));
        assert_eq!(cap("short"), "short");
    }

    #[test]
    fn sheet_names_and_links_are_what_excel_takes() {
        assert_eq!(sheet_name("a/b:c*d?[e]'f"), "abcdef");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(literal("a\"b"), "\"a\"\"b\"");
    }
}
