//! The Word form of `lexgap report comparative` (a child of `docx`, so that it shares its
//! writer): per jurisdiction the offences side by side with the inconsistencies under the table,
//! then per offence the jurisdictions side by side — the wide tables in landscape.

use super::ooxml::{self, Cell, Inline, Style, Table, run};
use super::{A, HEAD, MUTED, Writer, colours};
use crate::report::comparative::{AspectCell, ComparativeReport};
use crate::report::view::{Status, anchor};

/// The colours of a state, as those of the status it reads like.
pub fn state_status(state: &str) -> Status {
    match state {
        "met" => Status::Full,
        "partly" => Status::Partial,
        "not-met" => Status::None,
        _ => Status::NotAssessed,
    }
}

impl Writer<'_> {
    /// Writes the report; returns its title and footer.
    pub(super) fn comparative(&mut self, r: &ComparativeReport) -> (String, String) {
        let mut title = self.tr("comparative.title");
        if let Some(ws) = &r.meta.workspace {
            title = format!("{title}: {ws}");
        }
        let offences: Vec<&str> = r.offences.iter().map(|o| o.label.as_str()).collect();
        let subtitle = self.fill(
            "comparative.subtitle",
            &[
                ("offences", A::S(&offences.join(", "))),
                ("date", A::S(&r.at)),
            ],
        );
        self.cover(&self.tr("comparative.kicker"), &title, &subtitle);
        let mut facts = Vec::new();
        for o in &r.offences {
            facts.push((
                o.label.clone(),
                vec![
                    run(format!(
                        "{} ({})",
                        o.instrument.short,
                        o.obligations.join(", ")
                    ))
                    .into(),
                ],
            ));
        }
        facts.push((self.tr("common.law-in-force-on"), vec![run(&r.at).into()]));
        if let Some(d) = &r.meta.date {
            facts.push((self.tr("common.date"), vec![run(d).into()]));
        }
        self.facts(facts);
        self.unread(r.jurisdictions.iter().flat_map(|j| j.unread.iter()));
        self.translation_note(&r.meta);
        self.text(Style::Normal, &self.tr("comparative.intro"));
        let mut toc = Vec::new();
        for j in &r.jurisdictions {
            toc.push((
                anchor("j-", &j.jurisdiction.id),
                j.jurisdiction.name.clone(),
                1,
            ));
        }
        for o in &r.offences {
            let h = self.fill("comparative.across", &[("offence", A::S(&o.label))]);
            toc.push((anchor("o-", &o.id), h, 1));
        }
        toc.push(("provenance".to_string(), self.tr("common.provenance"), 1));
        self.contents(toc);

        self.doc.orientation(true);
        let heads: Vec<String> = r.offences.iter().map(|o| o.label.clone()).collect();
        for j in &r.jurisdictions {
            let heading = format!("{} ({})", j.jurisdiction.name, j.jurisdiction.id);
            self.heading(1, &heading, Some(&anchor("j-", &j.jurisdiction.id)));
            if !j.has_law {
                self.text(Style::Normal, &self.tr("comparative.no-law"));
                continue;
            }
            let rows: Vec<(String, Vec<Option<&AspectCell>>)> = r
                .aspects
                .iter()
                .zip(&j.rows)
                .map(|(a, row)| (a.label.clone(), row.cells.iter().map(Some).collect()))
                .collect();
            self.aspect_table(&heads, &rows);
            let h = self.tr("comparative.flags");
            self.heading(2, &h, None);
            if j.flags.is_empty() {
                self.text(Style::Normal, &self.tr("comparative.no-flags"));
            }
            for f in &j.flags {
                let mut inl: Vec<Inline> = vec![run(&f.text).into()];
                if !f.cites.is_empty() {
                    inl.push(
                        run(format!(" ({})", f.cites.join("; ")))
                            .colour(MUTED)
                            .into(),
                    );
                }
                self.p(Style::Bullet, inl);
            }
        }
        let heads: Vec<String> = r
            .jurisdictions
            .iter()
            .map(|j| j.jurisdiction.id.clone())
            .collect();
        for (i, o) in r.offences.iter().enumerate() {
            let h = self.fill("comparative.across", &[("offence", A::S(&o.label))]);
            self.heading(1, &h, Some(&anchor("o-", &o.id)));
            let rows: Vec<(String, Vec<Option<&AspectCell>>)> = r
                .aspects
                .iter()
                .zip(r.across(i))
                .map(|(a, cells)| (a.label.clone(), cells))
                .collect();
            self.aspect_table(&heads, &rows);
        }
        self.doc.orientation(false);
        let footer = format!("{} \u{2014} {}", self.tr("comparative.title"), r.at);
        (title, footer)
    }

    fn aspect_table(&mut self, heads: &[String], rows: &[(String, Vec<Option<&AspectCell>>)]) {
        let n = u32::try_from(heads.len()).unwrap_or(1).max(1);
        let first = 2800u32;
        let col = (ooxml::LANDSCAPE_WIDTH.saturating_sub(first) / n).max(900);
        let mut widths = vec![first];
        widths.extend(std::iter::repeat_n(col, heads.len()));
        let mut keys = vec![self.tr("comparative.col-aspect")];
        keys.extend(heads.iter().cloned());
        let head = self.head_row(&keys);
        let mut t = Table {
            widths,
            header: vec![head],
            ..Table::default()
        };
        for (label, cells) in rows {
            let mut out = vec![self.cell(vec![run(label).bold().into()]).fill(HEAD)];
            for c in cells {
                out.push(match c {
                    Some(c) => self.aspect_cell(c),
                    None => self.cell_text("\u{b7}"),
                });
            }
            t.rows.push(out);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
    }

    fn aspect_cell(&mut self, c: &AspectCell) -> Cell {
        let mut paras = Vec::new();
        let mut fill = None;
        if let Some(state) = &c.state {
            let (bg, fg) = colours(state_status(state));
            fill = Some(bg);
            let name = self.tr(&format!("comparative.state.{state}"));
            paras.push(
                self.doc
                    .para(Style::TableText, vec![run(name).bold().colour(fg).into()]),
            );
        }
        for i in &c.items {
            let mut inl: Vec<Inline> = vec![run(&i.text).into()];
            if let Some(cite) = &i.cite {
                inl.push(
                    run(format!(" \u{2014} {cite}"))
                        .small()
                        .colour(MUTED)
                        .into(),
                );
            }
            paras.push(self.doc.para(Style::TableText, inl));
        }
        let cell = Cell::new(paras);
        match fill {
            Some(f) => cell.fill(f),
            None => cell,
        }
    }
}
