//! The Excel form of `lexgap report comparative` (a child of `xlsx`, sharing its helpers): sheet
//! `aspects`, a row per jurisdiction × aspect × offence (the CSV's rows, filterable and pivotable
//! both ways — per jurisdiction and across jurisdictions); sheet `flags`, a row per inconsistency.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Workbook, XlsxError};

use super::{Styles, cap, column_letters, finish, fit, literal, row_of, sheet};
use crate::report::comparative::ComparativeReport;
use crate::report::docx::colours;
use crate::report::locale::Catalog;

pub(super) fn comparative(
    wb: &mut Workbook,
    s: &Styles,
    r: &ComparativeReport,
    t: &Catalog,
) -> Result<(), XlsxError> {
    let columns = [
        ("jurisdiction", 10.0),
        ("jurisdiction_name", 18.0),
        ("at", 11.0),
        ("offence", 22.0),
        ("instrument", 16.0),
        ("aspect", 30.0),
        ("state_name", 14.0),
        ("state", 12.0),
        ("text", 60.0),
        ("cites", 40.0),
    ];
    let ws = sheet(wb, s, "aspects", &columns)?;
    let mut n = 0usize;
    for j in r.jurisdictions.iter().filter(|j| j.has_law) {
        for (a, row) in r.aspects.iter().zip(&j.rows) {
            for (o, cell) in r.offences.iter().zip(&row.cells) {
                let rw = row_of(n);
                n += 1;
                let text: Vec<&str> = cell.items.iter().map(|i| i.text.as_str()).collect();
                let text = text.join("\n");
                let cites: Vec<&str> = cell
                    .items
                    .iter()
                    .filter_map(|i| i.cite.as_deref())
                    .collect();
                let cites = cites.join("\n");
                ws.write_string_with_format(rw, 0, cap(&j.jurisdiction.id), &s.text)?;
                ws.write_string_with_format(rw, 1, cap(&j.jurisdiction.name), &s.text)?;
                ws.write_string_with_format(rw, 2, cap(&r.at), &s.text)?;
                ws.write_string_with_format(rw, 3, cap(&o.label), &s.wrap)?;
                ws.write_string_with_format(rw, 4, cap(&o.instrument.short), &s.wrap)?;
                ws.write_string_with_format(rw, 5, cap(&a.label), &s.wrap)?;
                if let Some(state) = &cell.state {
                    let name = t.get(&format!("comparative.state.{state}")).to_string();
                    ws.write_string_with_format(rw, 6, cap(&name), &s.text)?;
                    ws.write_string_with_format(rw, 7, cap(state), &s.text)?;
                }
                ws.write_string_with_format(rw, 8, cap(&text), &s.wrap)?;
                ws.write_string_with_format(rw, 9, cap(&cites), &s.wrap)?;
                fit(ws, rw, &[(60.0, &text), (40.0, &cites), (30.0, &a.label)])?;
            }
        }
    }
    let rows = u32::try_from(n).unwrap_or(u32::MAX - 1);
    finish(ws, rows, 9, &[], None)?;
    if rows > 0 {
        for state in ["met", "partly", "not-met", "unknown", "not-encoded"] {
            let (bg, fg) = colours(crate::report::docx::state_status(state));
            let format = Format::new().set_background_color(bg).set_font_color(fg);
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${}2={}", column_letters(7), literal(state)).as_str())
                .set_format(&format);
            ws.add_conditional_format(1, 6, rows, 6, &rule)?;
        }
    }

    let ws = sheet(
        wb,
        s,
        "flags",
        &[
            ("jurisdiction", 10.0),
            ("kind", 12.0),
            ("aspect", 30.0),
            ("with", 24.0),
            ("without", 24.0),
            ("text", 70.0),
            ("cites", 40.0),
        ],
    )?;
    let mut n = 0usize;
    for j in &r.jurisdictions {
        for f in &j.flags {
            let rw = row_of(n);
            n += 1;
            let label = r
                .aspects
                .iter()
                .find(|a| a.id == f.aspect)
                .map_or(f.aspect.as_str(), |a| a.label.as_str());
            let with: Vec<String> = f.with.iter().map(|o| r.offence_label(o)).collect();
            let without: Vec<String> = f.without.iter().map(|o| r.offence_label(o)).collect();
            let cites = f.cites.join("\n");
            ws.write_string_with_format(rw, 0, cap(&j.jurisdiction.id), &s.text)?;
            ws.write_string_with_format(rw, 1, cap(&f.kind), &s.text)?;
            ws.write_string_with_format(rw, 2, cap(label), &s.wrap)?;
            ws.write_string_with_format(rw, 3, cap(&with.join(", ")), &s.wrap)?;
            ws.write_string_with_format(rw, 4, cap(&without.join(", ")), &s.wrap)?;
            ws.write_string_with_format(rw, 5, cap(&f.text), &s.wrap)?;
            ws.write_string_with_format(rw, 6, cap(&cites), &s.wrap)?;
            fit(ws, rw, &[(70.0, &f.text), (40.0, &cites)])?;
        }
    }
    finish(ws, u32::try_from(n).unwrap_or(u32::MAX - 1), 6, &[], None)?;
    Ok(())
}
