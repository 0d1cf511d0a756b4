//! Word (DOCX) form of the reports, from the same view models as the HTML and Markdown.
//!
//! The document is built for people who edit, comment and send it back: built-in heading
//! styles (Word's navigation pane and table of contents see them), a cover block, tables whose
//! header rows repeat on each page and whose rows do not break across pages, the wide tables in
//! landscape sections, the page number in the footer, the official sources of the provisions
//! cited as footnotes, and the statuses with the letters and colours of the HTML.
//!
//! The amendment review marks inserted words underlined (green) and deleted words struck
//! through (red) as plain formatting, not as Word's tracked changes (`w:ins`/`w:del`): the
//! synoptic table shows the text in force and the proposed text side by side, and both columns
//! are texts of record. As tracked changes, "Accept all" would delete the struck words from the
//! text in force, Word would count every row as the reader's own pending edit (with an author
//! and a time the report does not have), and a viewer set to hide revisions would hide exactly
//! what the review is there to show. Formatting reads the same in Word, LibreOffice and print.
//!
//! The fixed strings come from the same catalogs as the templates, so the five languages are
//! those of the other formats. The package is deterministic (see [`ooxml`]).

#[path = "../comparative_docx.rs"]
mod comparative;
pub mod ooxml;
pub use comparative::state_status;

use ooxml::{Cell, Doc, Inline, PackageInfo, Run, Style, Table, run};

use super::ReportError;
use super::locale::Catalog;
use super::view::{
    ActView, AmendmentReport, GapReport, Meta, ObligationRow, RegionalReport, Report, Segment,
    Status, UnreadLine,
};

/// The report as a DOCX package.
pub fn write(report: &Report, catalog: &Catalog) -> Result<Vec<u8>, ReportError> {
    let mut w = Writer {
        t: catalog,
        doc: Doc::new(),
        rule: catalog.get("lang.plural").to_string(),
    };
    let (title, footer) = w.report(report);
    w.provenance(report.meta());
    package(w, report.meta(), catalog, &title, &footer)
}

/// Several instruments' reports as one document (issue 18): a contents list of the
/// instruments, then a chapter per instrument — its report, from a new page, with its own
/// provenance — each chapter's bookmarks apart from the others' (the reports use the same
/// anchors). The title and footer are the first report's.
pub fn write_several(
    reports: &[(&str, &Report)],
    catalog: &Catalog,
) -> Result<Vec<u8>, ReportError> {
    let mut w = Writer {
        t: catalog,
        doc: Doc::new(),
        rule: catalog.get("lang.plural").to_string(),
    };
    let chapter = |id: &str| crate::report::view::anchor("i-", id);
    let heading = w.tr("common.instruments-measured");
    w.heading(1, &heading, None);
    for (id, r) in reports {
        w.p(
            Style::Bullet,
            vec![
                run("\u{2022}\t").into(),
                Inline::Link {
                    anchor: chapter(id),
                    runs: vec![run(&r.meta().instrument.title)],
                },
            ],
        );
    }
    let mut first: Option<(String, String)> = None;
    for (id, r) in reports {
        w.doc.anchor_prefix.clear();
        w.doc.page_break();
        w.doc.p(Style::Normal, vec![Inline::Target(chapter(id))]);
        w.doc.anchor_prefix = format!("{}--", chapter(id));
        let (title, footer) = w.report(r);
        w.provenance(r.meta());
        first.get_or_insert((title, footer));
    }
    w.doc.anchor_prefix.clear();
    let (title, footer) = first.unwrap_or_default();
    let meta = reports
        .first()
        .map(|(_, r)| r.meta())
        .ok_or_else(|| ReportError::new("no report to write"))?;
    package(w, meta, catalog, &title, &footer)
}

fn package(
    w: Writer<'_>,
    meta: &Meta,
    catalog: &Catalog,
    title: &str,
    footer: &str,
) -> Result<Vec<u8>, ReportError> {
    let generator = format!("lexgap {}", meta.lexgap_version);
    let info = PackageInfo {
        title,
        lang: &catalog.lang,
        date: meta.date.as_deref(),
        footer,
        page: catalog.get("common.page"),
        generator: &generator,
    };
    let parts = ooxml::parts(w.doc, &info);
    ooxml::zip_parts(&parts).map_err(ReportError::new)
}

/// A value for a catalog placeholder.
enum A<'a> {
    S(&'a str),
    N(u32),
}

/// Background and text colour of a status (those of the HTML's style sheet).
pub fn colours(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Full => ("D6F0DC", "11622B"),
        Status::Partial => ("FFF0BF", "7A5300"),
        Status::None => ("FBD3CD", "9D1C12"),
        Status::NotApplicable => ("ECEFF2", "57606A"),
        Status::NotAdopted => ("E3EAF4", "35507A"),
        Status::NotAssessed => ("FFFFFF", "57606A"),
    }
}

const MUTED: &str = "57606A";
const INS: &str = "11622B";
const DEL: &str = "9D1C12";
const SOFT: &str = "F4F6F8";
const HEAD: &str = "E8EDF2";
/// A row longer than this may break across pages (else a row taller than a page would be cut).
const SPLIT_CHARS: usize = 2500;

struct Writer<'a> {
    t: &'a Catalog,
    doc: Doc,
    rule: String,
}

impl Writer<'_> {
    fn tr(&self, key: &str) -> String {
        self.t.get(key).to_string()
    }

    /// A catalog string with its `{name}` placeholders filled, numbers agreeing with words.
    fn fill(&self, key: &str, args: &[(&str, A<'_>)]) -> String {
        let mut out = self.t.get(key).to_string();
        for (k, v) in args {
            let text = match v {
                A::S(s) => (*s).to_string(),
                A::N(n) => {
                    out = super::templates::plural_forms(&out, k, i64::from(*n), &self.rule);
                    n.to_string()
                }
            };
            out = out.replace(&format!("{{{k}}}"), &text);
        }
        out
    }

    fn status_name(&self, s: Status) -> String {
        self.tr(&format!("status.{}.name", s.id()))
    }

    /// The status letter on its colour, like the HTML's badge.
    fn badge(&self, s: Status) -> Run {
        let (bg, fg) = colours(s);
        run(format!(
            "\u{a0}{}\u{a0}",
            self.t.get(&format!("status.{}.letter", s.id()))
        ))
        .bold()
        .colour(fg)
        .shade(bg)
    }

    fn kind(&self, k: super::view::Kind) -> String {
        self.tr(&format!("kind.{}", k.id()))
    }

    fn p(&mut self, style: Style, inlines: Vec<Inline>) {
        self.doc.p(style, inlines);
    }

    fn text(&mut self, style: Style, text: &str) {
        self.doc.p(style, vec![run(text).into()]);
    }

    /// The report's body, and its title and footer.
    fn report(&mut self, report: &Report) -> (String, String) {
        match report {
            Report::Gap(r) => {
                let title = self.fill("gap.title", &[("jurisdiction", A::S(&r.jurisdiction.name))]);
                self.gap(r);
                (title.clone(), title)
            }
            Report::Amendment(r) => {
                let title = self.fill(
                    "amendment.title",
                    &[("jurisdiction", A::S(&r.jurisdiction.name))],
                );
                self.amendment(r);
                let footer = format!("{title}, {} \u{2192} {}", r.from, r.to);
                (title, footer)
            }
            Report::Regional(r) => {
                let mut title = self.t.get("regional.title").to_string();
                if let Some(ws) = &r.meta.workspace {
                    title = format!("{title} \u{2014} {ws}");
                }
                self.regional(r);
                let footer = format!("{} \u{2014} {}", self.t.get("regional.title"), r.at);
                (title, footer)
            }
            Report::Comparative(r) => self.comparative(r),
        }
    }

    fn heading(&mut self, level: u8, text: &str, anchor: Option<&str>) {
        let style = match level {
            1 => Style::Heading1,
            2 => Style::Heading2,
            _ => Style::Heading3,
        };
        let mut inl = Vec::new();
        if let Some(a) = anchor {
            inl.push(Inline::Target(a.to_string()));
        }
        inl.push(run(text).into());
        self.doc.p(style, inl);
    }

    fn cell(&mut self, inlines: Vec<Inline>) -> Cell {
        Cell::new(vec![self.doc.para(Style::TableText, inlines)])
    }

    fn cell_text(&mut self, text: &str) -> Cell {
        self.cell(vec![run(text).into()])
    }

    fn head_row(&mut self, keys: &[String]) -> Vec<Cell> {
        keys.iter()
            .map(|k| {
                Cell::new(vec![self.doc.para(Style::TableHead, vec![run(k).into()])]).fill(HEAD)
            })
            .collect()
    }

    /// The two-column facts of a cover (label, value), without borders.
    fn facts(&mut self, facts: Vec<(String, Vec<Inline>)>) {
        let mut t = Table {
            widths: vec![2600, self.doc.width() - 2600],
            plain: true,
            ..Table::default()
        };
        for (label, value) in facts {
            let l = Cell::new(vec![self.doc.para(
                Style::TableText,
                vec![run(label).bold().colour(MUTED).into()],
            )]);
            let v = self.cell(value);
            t.rows.push(vec![l, v]);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
    }

    fn cover(&mut self, kicker: &str, title: &str, subtitle: &str) {
        self.text(Style::Kicker, kicker);
        self.text(Style::Title, title);
        self.text(Style::Subtitle, subtitle);
    }

    /// The lines a syntax error kept out of the analysis ("NOT READ"), one notice each, with
    /// the act version they are in (the HTML's `notice unread`).
    fn unread<'u>(&mut self, lines: impl Iterator<Item = &'u UnreadLine>) {
        let label = self.tr("gap.unread");
        for u in lines {
            self.p(
                Style::Notice,
                vec![
                    run(format!("{label}: ")).bold().into(),
                    run(&u.act).mono().into(),
                    run(format!(": {}", u.line)).into(),
                ],
            );
        }
    }

    /// The catalog's note on its own translation, then, where the instrument model was put into
    /// the language, the legend of the `[en] ` marker (when a string fell back) and the
    /// not-reviewed note (docs/translation.md), as the HTML report has them.
    fn translation_note(&mut self, meta: &super::view::Meta) {
        let note = self.tr("lang.translation-note");
        if !note.trim().is_empty() {
            self.text(Style::Notice, &note);
        }
        if let Some(t) = &meta.translation {
            if t.fallback > 0 {
                self.text(Style::Notice, &self.tr("translation.legend"));
            }
            if !t.reviewed_by_lawyer {
                self.text(Style::Notice, &self.tr("translation.not-reviewed"));
            }
        }
    }

    fn contents(&mut self, entries: Vec<(String, String, u8)>) {
        let heading = self.tr("common.contents");
        self.heading(1, &heading, None);
        for (anchor, label, level) in entries {
            let style = if level > 1 {
                Style::Bullet2
            } else {
                Style::Bullet
            };
            self.p(
                style,
                vec![
                    run("\u{2022}\t").into(),
                    Inline::Link {
                        anchor,
                        runs: vec![run(label)],
                    },
                ],
            );
        }
    }

    fn legend(&mut self) {
        let heading = self.tr("common.legend");
        self.heading(2, &heading, None);
        for s in Status::ALL {
            let name = self.status_name(s);
            let b = self.badge(s);
            self.p(
                Style::Bullet,
                vec![b.into(), run(format!(" {name}")).into()],
            );
        }
    }

    fn bullets(&mut self, items: &[String]) -> Vec<String> {
        items
            .iter()
            .map(|m| {
                self.doc
                    .para(Style::TableText, vec![run(format!("\u{2022} {m}")).into()])
            })
            .collect()
    }

    // ---------------------------------------------------------------- gap analysis

    fn gap(&mut self, r: &GapReport) {
        let title = self.fill("gap.title", &[("jurisdiction", A::S(&r.jurisdiction.name))]);
        let subtitle = self.fill(
            "gap.subtitle",
            &[
                ("jurisdiction", A::S(&r.jurisdiction.name)),
                ("instrument", A::S(&r.meta.instrument.short)),
            ],
        );
        self.cover(&self.tr("gap.kicker"), &title, &subtitle);
        let mut facts = vec![
            (
                self.tr("common.jurisdiction"),
                vec![run(jurisdiction_name(&r.jurisdiction)).into()],
            ),
            (self.tr("common.law-in-force-on"), vec![run(&r.at).into()]),
            (
                self.tr("common.instrument"),
                vec![run(&r.meta.instrument.title).into()],
            ),
        ];
        if let Some(d) = &r.meta.date {
            facts.push((self.tr("common.date"), vec![run(d).into()]));
        }
        self.facts(facts);
        if !r.own_law {
            let parents = r.analysed_with.join(", ");
            let note = self.fill(
                "gap.no-own-law",
                &[
                    ("jurisdiction", A::S(&r.jurisdiction.name)),
                    ("parents", A::S(&parents)),
                ],
            );
            self.p(Style::Notice, vec![run(note).bold().into()]);
        }

        let heading = self.tr("gap.sources");
        self.heading(1, &heading, Some("sources"));
        if r.acts.is_empty() {
            self.text(Style::Normal, &self.tr("gap.no-acts"));
        } else {
            self.acts_table(&r.acts);
        }
        self.text(Style::Notice, &self.tr("common.unofficial"));
        self.translation_note(&r.meta);

        self.doc.page_break();
        let mut toc = vec![
            ("summary".to_string(), self.tr("gap.summary"), 1),
            ("assessment".to_string(), self.tr("gap.table"), 1),
        ];
        for o in &r.obligations {
            let letter = self.tr(&format!("status.{}.letter", o.status.id()));
            toc.push((
                o.anchor.clone(),
                format!("{} {} [{letter}]", o.id, o.title),
                2,
            ));
        }
        toc.push(("annex".to_string(), self.tr("gap.annex"), 1));
        toc.push(("provenance".to_string(), self.tr("common.provenance"), 1));
        self.contents(toc);

        // Executive summary.
        let heading = self.tr("gap.summary");
        self.heading(1, &heading, Some("summary"));
        let m = &r.mandatory;
        let mut tally = vec![
            (Status::Full, m.full),
            (Status::Partial, m.partial),
            (Status::None, m.none),
        ];
        if m.not_assessed > 0 {
            tally.push((Status::NotAssessed, m.not_assessed));
        }
        let width = self.doc.width() / 4;
        let mut t = Table {
            widths: vec![width; tally.len()],
            ..Table::default()
        };
        let mut cells = Vec::new();
        for (s, n) in tally {
            let (bg, fg) = colours(s);
            let name = self.status_name(s);
            let p1 = self.doc.para(
                Style::TableText,
                vec![run(n.to_string()).bold().colour(fg).into()],
            );
            let p2 = self
                .doc
                .para(Style::TableText, vec![run(name).colour(fg).into()]);
            cells.push(Cell::new(vec![p1, p2]).fill(bg));
        }
        t.rows.push(cells);
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
        let none_assessed = m.assessed == 0 && m.not_assessed > 0;
        let line = if none_assessed {
            self.fill("gap.none-assessed", &[("n", A::N(m.not_assessed))])
        } else {
            self.fill(
                "gap.summary-line",
                &[
                    ("total", A::N(m.assessed)),
                    ("full", A::N(m.full)),
                    ("partial", A::N(m.partial)),
                    ("none", A::N(m.none)),
                ],
            )
        };
        self.text(Style::Normal, &line);
        let mut kpi = self.fill("gap.kpi", &[("percent", A::S(&pct(m.full_percent)))]);
        if m.not_assessed > 0 {
            kpi = format!(
                "{kpi} ({})",
                self.fill("gap.not-assessed-count", &[("n", A::N(m.not_assessed))])
            );
        }
        self.p(Style::Normal, vec![run(kpi).bold().into()]);
        let heading = self.tr("gap.key-gaps");
        self.heading(2, &heading, None);
        if r.key_gaps.is_empty() {
            let line = if none_assessed {
                self.fill("gap.none-assessed", &[("n", A::N(m.not_assessed))])
            } else if m.not_assessed > 0 {
                self.fill(
                    "gap.no-key-gaps-not-assessed",
                    &[("n", A::N(m.not_assessed))],
                )
            } else {
                self.tr("gap.no-key-gaps")
            };
            self.text(Style::Normal, &line);
        }
        for g in &r.key_gaps {
            let mut inl: Vec<Inline> = vec![
                self.badge(g.status).into(),
                run(" ").into(),
                Inline::Link {
                    anchor: g.anchor.clone(),
                    runs: vec![run(&g.id).bold()],
                },
                run(format!(" {}", g.title)).into(),
            ];
            if !g.missing.is_empty() {
                inl.push(run(format!(": {}", g.missing)).into());
            }
            self.p(Style::Bullet, inl);
        }
        self.legend();

        // The assessment table, landscape.
        self.section(true, "gap.table", "assessment", "gap.table-intro");
        let widths = vec![2000, 2600, 3900, 2000, 2170, 1900];
        let head = self.head_row(&[
            self.tr("gap.col-obligation"),
            self.tr("gap.col-requirement"),
            self.tr("gap.col-provisions"),
            self.tr("gap.col-status"),
            self.tr("gap.col-missing"),
            self.tr("gap.col-recommendation"),
        ]);
        let mut t = Table {
            widths,
            header: vec![head],
            ..Table::default()
        };
        let mut domain = String::new();
        for o in &r.obligations {
            if o.domain != domain {
                domain.clone_from(&o.domain);
                let name = self
                    .t
                    .lookup(&format!("domain.{}", o.domain))
                    .unwrap_or(&o.domain)
                    .to_string();
                let c = Cell::new(vec![
                    self.doc
                        .para(Style::TableHead, vec![run(name).colour("0D2B45").into()]),
                ])
                .fill(SOFT)
                .span(6);
                t.rows.push(vec![c]);
                t.rows_may_split.push(false);
            }
            let (row, long) = self.obligation_row(o, &r.acts);
            t.rows.push(row);
            t.rows_may_split.push(long);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);

        // The annex, portrait.
        self.section(false, "gap.annex", "annex", "gap.annex-intro");
        for a in &r.annex {
            let h = match &a.heading {
                Some(h) => format!("{} \u{2014} {h}", a.label),
                None => a.label.clone(),
            };
            self.heading(2, &h, Some(&a.anchor));
            self.text(Style::Mono, &a.address);
            match &a.text {
                Some(text) => self.text(Style::Normal, text),
                None => self.p(
                    Style::Normal,
                    vec![run(self.tr("gap.no-text")).colour(MUTED).into()],
                ),
            }
        }
    }

    fn acts_table(&mut self, acts: &[ActView]) {
        let head = self.head_row(&[
            self.tr("gap.act"),
            self.tr("gap.version"),
            self.tr("gap.source"),
            self.tr("gap.text"),
            self.tr("gap.verification"),
        ]);
        let mut t = Table {
            widths: vec![2600, 1200, 2900, 1400, 1538],
            header: vec![head],
            ..Table::default()
        };
        for a in acts {
            let title = self.cell_text(&a.title);
            let version = self.cell_text(&a.version);
            let mut src: Vec<String> = a
                .sources
                .iter()
                .map(|s| self.doc.para(Style::TableText, vec![run(s).into()]))
                .collect();
            for n in &a.notes {
                let note = format!("{}: {n}", self.tr("gap.note"));
                src.push(
                    self.doc
                        .para(Style::TableText, vec![run(note).colour(MUTED).into()]),
                );
            }
            for u in &a.unread {
                let label = self.tr("gap.unread");
                src.push(self.doc.para(
                    Style::TableText,
                    vec![run(format!("{label}: ")).bold().into(), run(u).into()],
                ));
            }
            let rendering = self
                .t
                .lookup(&format!("rendering.{}", a.rendering))
                .unwrap_or(&a.rendering)
                .to_string();
            let verified = self
                .t
                .lookup(&format!("verified.{}", a.verified))
                .unwrap_or(&a.verified)
                .to_string();
            let rendering = self.cell_text(&rendering);
            let verified = self.cell_text(&verified);
            t.rows
                .push(vec![title, version, Cell::new(src), rendering, verified]);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
    }

    /// One row of the assessment table, and whether it is long enough to be let break.
    fn obligation_row(&mut self, o: &ObligationRow, acts: &[ActView]) -> (Vec<Cell>, bool) {
        let mut chars = o.requirement.len();
        let first = self.doc.para(
            Style::TableText,
            vec![
                Inline::Target(o.anchor.clone()),
                run(&o.id).bold().into(),
                run(format!("\n{}\n{}", o.article, o.title)).into(),
            ],
        );
        let kind = self.kind(o.kind);
        let kind = self.doc.para(
            Style::TableText,
            vec![run(kind).colour(MUTED).small().into()],
        );
        let c_obl = Cell::new(vec![first, kind]);
        let c_req = self.cell_text(&o.requirement);

        let mut prov = Vec::new();
        for p in &o.provisions {
            let mut label: Vec<Inline> = vec![Inline::Link {
                anchor: p.anchor.clone(),
                runs: vec![run(&p.label).bold()],
            }];
            label.push(Inline::Note(source_note(&p.address, acts)));
            prov.push(self.doc.para(Style::TableText, label));
            if p.partly {
                let text = format!("{} {}", self.tr("gap.partly"), p.narrowing.join("; "));
                prov.push(
                    self.doc
                        .para(Style::TableText, vec![run(text).colour("7A5300").into()]),
                );
            }
            if !p.interpretations.is_empty() {
                let text = format!(
                    "{} {}",
                    self.tr("gap.by-interpretation"),
                    p.interpretations.join("; ")
                );
                prov.push(
                    self.doc
                        .para(Style::TableText, vec![run(text).colour("7A5300").into()]),
                );
            }
            if let Some(ex) = &p.excerpt {
                chars += ex.len();
                prov.push(
                    self.doc
                        .para(Style::TableText, vec![run(ex).colour("30363D").into()]),
                );
            }
        }
        if o.provisions.is_empty() {
            prov.push(self.doc.para(
                Style::TableText,
                vec![run(self.tr("gap.no-provision")).into()],
            ));
        }

        let (bg, fg) = colours(o.status);
        let mut status = vec![self.doc.para(
            Style::TableText,
            vec![
                self.badge(o.status).into(),
                run(format!(" {}", self.status_name(o.status)))
                    .bold()
                    .colour(fg)
                    .into(),
            ],
        )];
        let mut cells = self.fill(
            "gap.cells",
            &[
                ("covered", A::N(o.cells_covered)),
                ("total", A::N(o.cells_total)),
            ],
        );
        if o.cells_interpreted > 0 {
            cells = format!(
                "{cells}, {}",
                self.fill("gap.interpreted-count", &[("n", A::N(o.cells_interpreted))])
            );
        }
        if o.cells_partly > 0 {
            cells = format!(
                "{cells}, {}",
                self.fill("gap.partly-count", &[("n", A::N(o.cells_partly))])
            );
        }
        status.push(
            self.doc
                .para(Style::TableText, vec![run(cells).colour(MUTED).into()]),
        );
        if let Some(a) = &o.assessment {
            let computed = self.fill(
                "gap.computed",
                &[("status", A::S(&self.status_name(o.computed)))],
            );
            let assessed = self.fill(
                "gap.assessed",
                &[("status", A::S(&self.status_name(a.status)))],
            );
            let mut just = format!("{}: {}", self.tr("gap.justification"), a.justification);
            if let Some(by) = &a.by {
                just = format!("{just} ({by})");
            }
            chars += just.len();
            status.push(self.doc.para(Style::TableText, vec![run(computed).into()]));
            status.push(
                self.doc
                    .para(Style::TableText, vec![run(assessed).bold().into()]),
            );
            status.push(self.doc.para(Style::TableText, vec![run(just).into()]));
            if a.stale {
                status.push(self.doc.para(
                    Style::TableText,
                    vec![run(self.tr("gap.stale")).italic().into()],
                ));
            }
        }
        let c_status = Cell::new(status).fill(bg);

        let mut missing = Vec::new();
        if let Some(na) = &o.not_applicable {
            missing.push(self.doc.para(
                Style::TableText,
                vec![run(format!("{} {na}", self.tr("gap.not-applicable"))).into()],
            ));
        } else {
            if let Some(na) = &o.not_assessed {
                missing.push(self.doc.para(
                    Style::TableText,
                    vec![run(format!("{} {na}", self.tr("gap.not-assessed"))).into()],
                ));
            }
            missing.extend(self.bullets(&o.missing));
            if o.not_assessed.is_none() && o.missing.is_empty() {
                missing.push(self.doc.para(
                    Style::TableText,
                    vec![run(self.tr("gap.nothing-missing")).into()],
                ));
            }
        }
        chars += o.missing.iter().map(String::len).sum::<usize>();

        let rec = match (&o.recommendation, &o.not_assessed) {
            (Some(r), _) => r.clone(),
            (None, Some(_)) => self.tr("gap.recommendation-not-assessed"),
            (None, None) => self.tr("gap.no-recommendation"),
        };
        let mut recs = vec![self.doc.para(Style::TableText, vec![run(rec).into()])];
        if let Some(d) = &o.draft_text {
            recs.push(self.doc.para(Style::TableText, vec![run(d.clone()).into()]));
        }
        if !o.references.is_empty() {
            let text = format!("{}: {}", self.tr("gap.guidance"), o.references.join("; "));
            recs.push(
                self.doc
                    .para(Style::TableText, vec![run(text).colour(MUTED).into()]),
            );
        }
        (
            vec![
                c_obl,
                c_req,
                Cell::new(prov),
                c_status,
                Cell::new(missing),
                Cell::new(recs),
            ],
            chars > SPLIT_CHARS,
        )
    }

    // ---------------------------------------------------------------- amendment review

    fn amendment(&mut self, r: &AmendmentReport) {
        let title = self.fill(
            "amendment.title",
            &[("jurisdiction", A::S(&r.jurisdiction.name))],
        );
        let subtitle = self.fill(
            "amendment.compare",
            &[("from", A::S(&r.from)), ("to", A::S(&r.to))],
        );
        self.cover(&self.tr("amendment.kicker"), &title, &subtitle);
        let mut facts = vec![(
            self.tr("common.jurisdiction"),
            vec![run(jurisdiction_name(&r.jurisdiction)).into()],
        )];
        if let Some(b) = &r.bill {
            facts.push((
                self.tr("amendment.bill"),
                vec![
                    run(&b.title).into(),
                    Inline::Note(vec![run(&b.file).mono()]),
                ],
            ));
            if let Some(s) = &b.status {
                facts.push((self.tr("amendment.bill-status"), vec![run(s).into()]));
            }
            if let Some(e) = &b.effective {
                facts.push((self.tr("amendment.effective"), vec![run(e).into()]));
            }
            for n in &b.notes {
                facts.push((self.tr("gap.note"), vec![run(n).into()]));
            }
        }
        facts.push((
            self.tr("common.instrument"),
            vec![run(&r.meta.instrument.title).into()],
        ));
        if let Some(d) = &r.meta.date {
            facts.push((self.tr("common.date"), vec![run(d).into()]));
        }
        self.facts(facts);
        self.unread(r.unread.iter());
        self.translation_note(&r.meta);
        self.contents(vec![
            ("delta".into(), self.tr("amendment.delta"), 1),
            ("synoptic".into(), self.tr("amendment.synoptic"), 1),
            ("obligations".into(), self.tr("amendment.obligations"), 1),
            ("provenance".into(), self.tr("common.provenance"), 1),
        ]);

        let heading = self.tr("amendment.delta");
        self.heading(1, &heading, Some("delta"));
        let line = self.fill(
            "amendment.delta-line",
            &[
                ("before", A::N(r.before.full)),
                ("after", A::N(r.after.full)),
                ("total", A::N(r.after.assessed)),
            ],
        );
        self.p(Style::Normal, vec![run(line).bold().into()]);
        if r.changes.is_empty() {
            self.text(Style::Normal, &self.tr("amendment.no-change"));
        } else {
            for dir in ["closed", "improved", "mixed", "worsened", "opened"] {
                let group: Vec<_> = r.changes.iter().filter(|c| c.direction == dir).collect();
                if group.is_empty() {
                    continue;
                }
                let heading = self.tr(&format!("amendment.{dir}"));
                self.heading(2, &heading, None);
                for c in group {
                    let cells = self.fill(
                        "gap.cells",
                        &[
                            ("covered", A::N(c.cells_after)),
                            ("total", A::N(c.cells_total)),
                        ],
                    );
                    let inl = vec![
                        Inline::Link {
                            anchor: c.anchor.clone(),
                            runs: vec![run(&c.id).bold()],
                        },
                        run(format!(" {}: ", c.title)).into(),
                        self.badge(c.before).into(),
                        run(" \u{2192} ").into(),
                        self.badge(c.after).into(),
                        run(format!(" {} ", self.status_name(c.after))).into(),
                        run(format!("({} \u{2192} {cells})", c.cells_before))
                            .colour(MUTED)
                            .into(),
                    ];
                    self.p(Style::Bullet, inl);
                }
            }
            let unchanged = self.fill("amendment.unchanged", &[("n", A::N(r.unchanged))]);
            self.text(Style::Normal, &unchanged);
        }

        self.section(
            true,
            "amendment.synoptic",
            "synoptic",
            "amendment.synoptic-intro",
        );
        if r.rows.is_empty() {
            self.text(Style::Normal, &self.tr("amendment.no-rows"));
        } else {
            let head = self.head_row(&[
                self.tr("amendment.col-unit"),
                self.tr("amendment.col-old"),
                self.tr("amendment.col-new"),
                self.tr("amendment.col-coverage"),
            ]);
            let mut t = Table {
                widths: vec![1800, 5000, 5000, 2770],
                header: vec![head],
                ..Table::default()
            };
            for u in &r.rows {
                let change = self
                    .t
                    .lookup(&format!("amendment.change.{}", u.change))
                    .unwrap_or(&u.change)
                    .to_string();
                let unit = Cell::new(vec![
                    self.doc
                        .para(Style::TableText, vec![run(&u.unit).bold().into()]),
                    self.doc
                        .para(Style::TableText, vec![run(change).colour(MUTED).into()]),
                    self.doc.para(
                        Style::TableText,
                        vec![run(&u.address).mono().small().into()],
                    ),
                ]);
                let old = self.segments(&u.old, &u.tags, "del");
                let new = self.segments(&u.new, &u.tags, "ins");
                let mut cov = Vec::new();
                for c in &u.coverage {
                    cov.push(self.doc.para(
                        Style::TableText,
                        vec![
                            Inline::Link {
                                anchor: c.anchor.clone(),
                                runs: vec![run(&c.obligation)],
                            },
                            run(": ").into(),
                            self.badge(c.before).into(),
                            run(" \u{2192} ").into(),
                            self.badge(c.after).into(),
                        ],
                    ));
                }
                let chars: usize = u.old.iter().chain(&u.new).map(|s| s.text.len()).sum();
                t.rows.push(vec![unit, old, new, Cell::new(cov)]);
                t.rows_may_split.push(chars > SPLIT_CHARS);
            }
            let xml = self.doc.table(&t);
            self.doc.push(&xml);
        }

        let heading = self.tr("amendment.obligations");
        self.heading(1, &heading, Some("obligations"));
        if r.changes.is_empty() {
            self.text(Style::Normal, &self.tr("amendment.no-change"));
        } else {
            let head = self.head_row(&[
                self.tr("gap.col-obligation"),
                self.tr("amendment.col-before"),
                self.tr("amendment.col-after"),
                self.tr("amendment.gained"),
                self.tr("amendment.lost"),
                self.tr("amendment.remaining"),
            ]);
            let mut t = Table {
                widths: vec![2700, 1900, 1900, 2690, 2690, 2690],
                header: vec![head],
                ..Table::default()
            };
            for c in &r.changes {
                let kind = self.kind(c.kind);
                let obl = Cell::new(vec![
                    self.doc.para(
                        Style::TableText,
                        vec![
                            Inline::Target(c.anchor.clone()),
                            run(&c.id).bold().into(),
                            run(format!(" {}\n{}", c.article, c.title)).into(),
                        ],
                    ),
                    self.doc.para(
                        Style::TableText,
                        vec![run(kind).colour(MUTED).small().into()],
                    ),
                ]);
                let before = self.status_cell(c.before, c.cells_before, c.cells_total);
                let after = self.status_cell(c.after, c.cells_after, c.cells_total);
                let gained = Cell::new(self.bullets(&c.gained));
                let lost = Cell::new(self.bullets(&c.lost));
                let remaining = Cell::new(self.bullets(&c.remaining));
                t.rows
                    .push(vec![obl, before, after, gained, lost, remaining]);
            }
            let xml = self.doc.table(&t);
            self.doc.push(&xml);
        }
        self.legend();
        self.doc.orientation(false);
    }

    /// Opens a top-level section: its page orientation, its heading (with a bookmark) and the
    /// paragraph that introduces it, all from catalog keys.
    fn section(&mut self, landscape: bool, heading_key: &str, anchor: &str, intro_key: &str) {
        self.doc.orientation(landscape);
        let heading = self.tr(heading_key);
        self.heading(1, &heading, Some(anchor));
        let intro = self.tr(intro_key);
        self.text(Style::Normal, &intro);
    }

    fn status_cell(&mut self, s: Status, covered: u32, total: u32) -> Cell {
        let (bg, fg) = colours(s);
        let cells = self.fill(
            "gap.cells",
            &[("covered", A::N(covered)), ("total", A::N(total))],
        );
        Cell::new(vec![
            self.doc.para(
                Style::TableText,
                vec![
                    self.badge(s).into(),
                    run(format!(" {}", self.status_name(s))).colour(fg).into(),
                ],
            ),
            self.doc
                .para(Style::TableText, vec![run(cells).colour(MUTED).into()]),
        ])
        .fill(bg)
    }

    /// A side of the synoptic table: the text with the changed words marked (`op` is `del` for
    /// the text in force, `ins` for the proposed one), then the tag lines of that side.
    fn segments(&mut self, text: &[Segment], tags: &[Segment], op: &str) -> Cell {
        let mark = |s: &Segment| -> Run {
            if s.op == "del" {
                run(&s.text).strike().colour(DEL)
            } else if s.op == "ins" {
                run(&s.text).underline().colour(INS)
            } else {
                run(&s.text)
            }
        };
        let mut paras = vec![self.doc.para(
            Style::TableText,
            text.iter().map(|s| mark(s).into()).collect(),
        )];
        let side: Vec<&Segment> = tags.iter().filter(|s| s.op == op).collect();
        if !side.is_empty() {
            let label = self.tr("amendment.tags");
            paras.push(self.doc.para(
                Style::TableText,
                vec![run(format!("{label}:")).colour(MUTED).into()],
            ));
            for s in side {
                paras.push(
                    self.doc
                        .para(Style::TableText, vec![mark(s).mono().small().into()]),
                );
            }
        }
        Cell::new(paras)
    }

    // ---------------------------------------------------------------- regional comparison

    fn regional(&mut self, r: &RegionalReport) {
        let mut title = self.tr("regional.title");
        if let Some(ws) = &r.meta.workspace {
            title = format!("{title}: {ws}");
        }
        let subtitle = self.fill(
            "regional.subtitle",
            &[
                ("instrument", A::S(&r.meta.instrument.short)),
                ("date", A::S(&r.at)),
            ],
        );
        self.cover(&self.tr("regional.kicker"), &title, &subtitle);
        let mut facts = vec![
            (
                self.tr("common.instrument"),
                vec![run(&r.meta.instrument.title).into()],
            ),
            (self.tr("common.law-in-force-on"), vec![run(&r.at).into()]),
        ];
        if let Some(d) = &r.meta.date {
            facts.push((self.tr("common.date"), vec![run(d).into()]));
        }
        self.facts(facts);
        self.unread(r.rows.iter().flat_map(|row| row.unread.iter()));
        self.translation_note(&r.meta);
        let mut toc = vec![
            ("kpi".to_string(), self.tr("regional.kpi"), 1),
            ("matrix".to_string(), self.tr("regional.matrix"), 1),
            ("trend".to_string(), self.tr("regional.trend"), 1),
        ];
        let has_links = !r.links.gap.is_empty()
            || !r.links.amendment.is_empty()
            || !r.links.instruments.is_empty();
        if has_links {
            toc.push(("reports".to_string(), self.tr("regional.reports"), 1));
        }
        toc.push(("provenance".to_string(), self.tr("common.provenance"), 1));
        self.contents(toc);

        let heading = self.tr("regional.kpi");
        self.heading(1, &heading, Some("kpi"));
        self.text(Style::Normal, &self.tr("regional.kpi-intro"));
        let head = self.head_row(&[
            self.tr("regional.col-jurisdiction"),
            self.tr("regional.col-full"),
            self.tr("regional.col-share"),
        ]);
        let mut t = Table {
            widths: vec![5000, 2300, 2338],
            header: vec![head],
            ..Table::default()
        };
        for row in &r.rows {
            let name = run(&row.jurisdiction.name);
            let mut inl: Vec<Inline> = match &row.link {
                Some(href) => vec![Inline::External {
                    href: href.clone(),
                    runs: vec![name],
                }],
                None => vec![name.into()],
            };
            inl.push(
                run(format!(" ({})", row.jurisdiction.id))
                    .colour(MUTED)
                    .into(),
            );
            let j = self.cell(inl);
            if row.has_law {
                let m = &row.mandatory;
                let mut full = vec![self.doc.para(
                    Style::TableText,
                    vec![run(format!("{} / {}", m.full, m.assessed)).into()],
                )];
                if m.not_assessed > 0 {
                    let n = self.fill("gap.not-assessed-count", &[("n", A::N(m.not_assessed))]);
                    full.push(
                        self.doc
                            .para(Style::TableText, vec![run(n).colour(MUTED).into()]),
                    );
                }
                let share = self.doc.para(
                    Style::TableText,
                    vec![run(pct(m.full_percent)).bold().into()],
                );
                t.rows
                    .push(vec![j, Cell::new(full), Cell::new(vec![share])]);
            } else {
                let c = self.doc.para(
                    Style::TableText,
                    vec![run(self.tr("regional.no-law")).colour(MUTED).into()],
                );
                t.rows.push(vec![j, Cell::new(vec![c]).span(2)]);
            }
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);

        // The matrix and the trend data, landscape.
        self.section(true, "regional.matrix", "matrix", "regional.matrix-intro");
        let n = u32::try_from(r.rows.len()).unwrap_or(u32::MAX).max(1);
        let first = 4200u32;
        let col = ((ooxml::LANDSCAPE_WIDTH - first) / n).clamp(420, 1400);
        let mut widths = vec![first];
        widths.extend(std::iter::repeat_n(col, r.rows.len()));
        let mut head = vec![self.head_row(&[self.tr("gap.col-obligation")])];
        let mut head_cells = head.pop().unwrap_or_default();
        for row in &r.rows {
            head_cells.push(
                Cell::new(vec![
                    self.doc
                        .para(Style::TableHead, vec![run(&row.jurisdiction.id).into()]),
                ])
                .fill(HEAD),
            );
        }
        let mut t = Table {
            widths,
            header: vec![head_cells],
            ..Table::default()
        };
        for (i, h) in r.obligations.iter().enumerate() {
            let mut inl: Vec<Inline> = vec![
                Inline::Target(h.anchor.clone()),
                run(&h.id).bold().into(),
                run(format!(" {}", h.title)).into(),
            ];
            if !h.kind.is_mandatory() {
                inl.push(
                    run(format!(" ({})", self.kind(h.kind)))
                        .colour(MUTED)
                        .into(),
                );
            }
            let mut cells = vec![self.cell(inl)];
            for row in &r.rows {
                match row.cells.get(i) {
                    Some(c) if row.has_law => {
                        let (bg, fg) = colours(c.status);
                        let letter = run(self.tr(&format!("status.{}.letter", c.status.id())))
                            .bold()
                            .colour(fg);
                        let mut inl: Vec<Inline> = match &row.link {
                            Some(href) => vec![Inline::External {
                                href: href.clone(),
                                runs: vec![letter],
                            }],
                            None => vec![letter.into()],
                        };
                        if c.cells_interpreted > 0 {
                            inl.push(run(" i").small().colour(fg).into());
                        }
                        if c.assessed {
                            inl.push(run("*").colour(fg).into());
                        }
                        cells.push(self.cell(inl).fill(bg));
                    }
                    _ => cells.push(self.cell_text("\u{b7}")),
                }
            }
            t.rows.push(cells);
        }
        let mut foot = vec![self.cell(vec![run(self.tr("regional.col-share")).bold().into()])];
        for row in &r.rows {
            let v = if row.has_law {
                pct(row.mandatory.full_percent)
            } else {
                "\u{b7}".to_string()
            };
            foot.push(self.cell(vec![run(v).bold().small().into()]));
        }
        t.rows.push(foot);
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
        for s in Status::ALL {
            let name = self.status_name(s);
            let b = self.badge(s);
            self.p(
                Style::Bullet,
                vec![b.into(), run(format!(" {name}")).into()],
            );
        }
        for key in ["regional.assessed-mark", "regional.interpreted-mark"] {
            self.text(Style::Bullet, &self.tr(key));
        }
        self.text(
            Style::Bullet,
            &format!("\u{b7} {}", self.tr("regional.no-law")),
        );
        let names: Vec<String> = r
            .rows
            .iter()
            .map(|row| format!("{}: {}", row.jurisdiction.id, row.jurisdiction.name))
            .collect();
        self.p(
            Style::Normal,
            vec![run(names.join(" \u{b7} ")).colour(MUTED).into()],
        );

        let heading = self.tr("regional.trend");
        self.heading(1, &heading, Some("trend"));
        self.text(Style::Normal, &self.tr("regional.trend-intro"));
        self.text(Style::Normal, &self.tr("regional.trend-chart"));
        let n = u32::try_from(r.trend.series.len() + 1).unwrap_or(u32::MAX);
        let col = ((ooxml::LANDSCAPE_WIDTH - 1600) / n).clamp(500, 1400);
        let mut keys = vec![self.tr("regional.col-date")];
        keys.extend(r.trend.series.iter().map(|s| s.id.clone()));
        keys.push(self.tr("regional.mean"));
        let head = self.head_row(&keys);
        let mut widths = vec![1600];
        widths.extend(std::iter::repeat_n(col, r.trend.series.len() + 1));
        let mut t = Table {
            widths,
            header: vec![head],
            ..Table::default()
        };
        for (i, d) in r.trend.dates.iter().enumerate() {
            let mut cells = vec![self.cell_text(d)];
            for s in &r.trend.series {
                let v = pct(s.values.get(i).copied().flatten());
                cells.push(self.cell_text(&v));
            }
            let mean = pct(r.trend.mean.get(i).copied().flatten());
            cells.push(self.cell(vec![run(mean).bold().into()]));
            t.rows.push(cells);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
        self.doc.orientation(false);

        if has_links {
            let heading = self.tr("regional.reports");
            self.heading(1, &heading, Some("reports"));
            for (key, links) in [
                ("regional.gap-reports", &r.links.gap),
                ("regional.amendment-reviews", &r.links.amendment),
                ("regional.instrument-reports", &r.links.instruments),
            ] {
                if links.is_empty() {
                    continue;
                }
                let heading = self.tr(key);
                self.heading(2, &heading, None);
                for l in links {
                    self.p(
                        Style::Bullet,
                        vec![
                            run("\u{2022}\t").into(),
                            Inline::External {
                                href: l.href.clone(),
                                runs: vec![run(&l.label)],
                            },
                        ],
                    );
                }
            }
        }
    }

    // ---------------------------------------------------------------- every report

    fn provenance(&mut self, meta: &Meta) {
        let heading = self.tr("common.provenance");
        self.heading(1, &heading, Some("provenance"));
        let intro = self.fill(
            "common.provenance-intro",
            &[("version", A::S(&meta.lexgap_version))],
        );
        self.text(Style::Normal, &intro);
        let mut facts = vec![(
            self.tr("common.instrument"),
            vec![run(&meta.instrument.title).into()],
        )];
        if let Some(ws) = &meta.workspace {
            facts.push((self.tr("common.workspace"), vec![run(ws).into()]));
        }
        if let Some(d) = &meta.date {
            facts.push((self.tr("common.date"), vec![run(d).into()]));
        }
        self.facts(facts);
        let head = self.head_row(&[self.tr("common.file"), self.tr("common.sha256")]);
        let width = self.doc.width();
        let mut t = Table {
            widths: vec![width - 5200, 5200],
            header: vec![head],
            ..Table::default()
        };
        for f in &meta.inputs {
            let path = self.cell(vec![run(&f.path).mono().small().into()]);
            let sha = self.cell(vec![run(&f.sha256).mono().small().into()]);
            t.rows.push(vec![path, sha]);
        }
        let xml = self.doc.table(&t);
        self.doc.push(&xml);
        let notice = format!(
            "{} {}",
            self.tr("common.unofficial"),
            self.tr("common.model-note")
        );
        self.text(Style::Notice, &notice);
    }
}

fn jurisdiction_name(j: &super::view::JurisdictionView) -> String {
    if j.name == j.name_en {
        j.name.clone()
    } else {
        format!("{} ({})", j.name, j.name_en)
    }
}

/// A percentage as the templates' `pct` filter writes it.
fn pct(v: Option<u32>) -> String {
    match v {
        Some(n) => format!("{n}\u{a0}%"),
        None => "\u{2013}".to_string(),
    }
}

/// The footnote of a provision cited: its address, and the act it is in with the official
/// gazette citations of that act's version.
fn source_note(address: &str, acts: &[ActView]) -> Vec<Run> {
    let act_id = address
        .split('/')
        .nth(1)
        .and_then(|a| a.split('@').next())
        .unwrap_or("");
    let mut runs = vec![run(address).mono()];
    if let Some(a) = acts.iter().find(|a| a.id == act_id) {
        let mut text = format!(". {}, {}", a.title, a.version);
        if !a.sources.is_empty() {
            text = format!("{text}: {}", a.sources.join("; "));
        }
        runs.push(run(format!("{text}.")));
    }
    runs
}
