//! A small WordprocessingML (Office Open XML) writer: just the parts the reports use.
//!
//! Why our own and not `docx-rs`: `docx-rs` 0.4 cannot mark a table row as a header row
//! (`w:tblHeader`, which makes Word and LibreOffice repeat it on every page), and its paragraph
//! ids come from a per-thread counter, so the same report could come out with different bytes.
//! What a report needs is small — styled paragraphs, runs, tables, bookmarks and links,
//! footnotes, sections in portrait or landscape, a footer with the page number — and writing
//! it here keeps every byte under our control: ids are numbered in document order, the zip
//! entries carry a fixed time, and all text goes through one escape ([`esc`]).
//!
//! Only elements that Word and LibreOffice both render the same are written (no text boxes,
//! no content controls, no theme fonts, no numbering definitions: lists are paragraphs with a
//! bullet).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// A4 in twentieths of a point, and the margins.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: u32 = 1134;

/// The text width of a portrait and of a landscape page, in twips.
pub const PORTRAIT_WIDTH: u32 = PAGE_W - 2 * MARGIN;
pub const LANDSCAPE_WIDTH: u32 = PAGE_H - 2 * MARGIN;

/// Text for XML: `&`, `<`, `>`, `"` and `'` escaped, and the characters XML 1.0 forbids (C0
/// controls but tab, line feed and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD, so that
/// no input can make the part ill-formed.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A run of text with one formatting.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub mono: bool,
    pub small: bool,
    /// Text colour, hex without `#`.
    pub colour: Option<&'static str>,
    /// Background shading, hex without `#`.
    pub shade: Option<&'static str>,
}

/// A plain run.
pub fn run(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        ..Run::default()
    }
}

impl Run {
    pub fn bold(mut self) -> Run {
        self.bold = true;
        self
    }
    pub fn italic(mut self) -> Run {
        self.italic = true;
        self
    }
    pub fn underline(mut self) -> Run {
        self.underline = true;
        self
    }
    pub fn strike(mut self) -> Run {
        self.strike = true;
        self
    }
    pub fn mono(mut self) -> Run {
        self.mono = true;
        self
    }
    pub fn small(mut self) -> Run {
        self.small = true;
        self
    }
    pub fn colour(mut self, c: &'static str) -> Run {
        self.colour = Some(c);
        self
    }
    pub fn shade(mut self, c: &'static str) -> Run {
        self.shade = Some(c);
        self
    }

    fn xml(&self, char_style: Option<&str>, out: &mut String) {
        let mut props = String::new();
        if let Some(s) = char_style {
            let _ = write!(props, "<w:rStyle w:val=\"{s}\"/>");
        }
        if self.mono {
            props.push_str(
                "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>",
            );
        }
        if self.bold {
            props.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            props.push_str("<w:i/><w:iCs/>");
        }
        if self.strike {
            props.push_str("<w:strike/>");
        }
        if let Some(c) = self.colour {
            let _ = write!(props, "<w:color w:val=\"{c}\"/>");
        }
        if self.small {
            props.push_str("<w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>");
        }
        if self.underline {
            props.push_str("<w:u w:val=\"single\"/>");
        }
        if let Some(f) = self.shade {
            let _ = write!(
                props,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"
            );
        }
        out.push_str("<w:r>");
        if !props.is_empty() {
            let _ = write!(out, "<w:rPr>{props}</w:rPr>");
        }
        // Line breaks become `w:br`, tabs `w:tab`: Word ignores a raw line feed in `w:t`.
        let mut first = true;
        for line in self.text.split('\n') {
            if !first {
                out.push_str("<w:br/>");
            }
            first = false;
            let mut first_piece = true;
            for piece in line.split('\t') {
                if !first_piece {
                    out.push_str("<w:tab/>");
                }
                first_piece = false;
                if !piece.is_empty() {
                    let _ = write!(
                        out,
                        "<w:t xml:space=\"preserve\">{}</w:t>",
                        esc(&piece.replace('\r', ""))
                    );
                }
            }
        }
        out.push_str("</w:r>");
    }
}

/// What a paragraph holds.
#[derive(Clone, Debug)]
pub enum Inline {
    Run(Run),
    /// A link to a place in the document (an anchor given to [`Inline::Target`]).
    Link {
        anchor: String,
        runs: Vec<Run>,
    },
    /// A link to another file, relative to this one (another report of the set).
    External {
        href: String,
        runs: Vec<Run>,
    },
    /// Where links to `anchor` lead (a bookmark).
    Target(String),
    /// A footnote with this text, its mark here.
    Note(Vec<Run>),
}

impl From<Run> for Inline {
    fn from(r: Run) -> Inline {
        Inline::Run(r)
    }
}

/// Paragraph styles of [`styles_xml`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Normal,
    Title,
    Subtitle,
    Kicker,
    Heading1,
    Heading2,
    Heading3,
    Notice,
    Bullet,
    Bullet2,
    TableText,
    TableHead,
    Mono,
}

impl Style {
    pub fn id(self) -> &'static str {
        match self {
            Style::Normal => "Normal",
            Style::Title => "Title",
            Style::Subtitle => "Subtitle",
            Style::Kicker => "Kicker",
            Style::Heading1 => "Heading1",
            Style::Heading2 => "Heading2",
            Style::Heading3 => "Heading3",
            Style::Notice => "Notice",
            Style::Bullet => "ListBullet",
            Style::Bullet2 => "ListBullet2",
            Style::TableText => "TableText",
            Style::TableHead => "TableHead",
            Style::Mono => "Address",
        }
    }
}

/// One cell of a table.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// Paragraph XML from [`Doc::para`]; an empty cell gets an empty paragraph.
    pub paras: Vec<String>,
    pub fill: Option<&'static str>,
    pub span: u32,
}

impl Cell {
    pub fn new(paras: Vec<String>) -> Cell {
        Cell {
            paras,
            fill: None,
            span: 1,
        }
    }
    pub fn fill(mut self, f: &'static str) -> Cell {
        self.fill = Some(f);
        self
    }
    pub fn span(mut self, n: u32) -> Cell {
        self.span = n.max(1);
        self
    }
}

/// A table: column widths in twips, header rows (repeated on each page), body rows.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub widths: Vec<u32>,
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Body rows may break across pages (for rows that can be longer than a page).
    pub rows_may_split: Vec<bool>,
    /// Without borders (the facts on the cover).
    pub plain: bool,
}

/// A document being written: the body, its footnotes and external links, and the counters
/// that keep every id unique and numbered in document order.
pub struct Doc {
    body: String,
    footnotes: Vec<String>,
    externals: Vec<String>,
    bookmarks: BTreeMap<String, String>,
    next_bookmark_id: u32,
    landscape: bool,
    /// Put before every anchor (of a link and of its target) from now on: the chapter of one
    /// instrument in a document of several (`i-tip--`), whose reports use the same anchors.
    pub anchor_prefix: String,
}

impl Default for Doc {
    fn default() -> Self {
        Doc::new()
    }
}

/// The relationship id of the first external link (the fixed parts take rId1–rId5).
const FIRST_EXTERNAL_RID: usize = 10;

impl Doc {
    pub fn new() -> Doc {
        Doc {
            body: String::new(),
            footnotes: Vec::new(),
            externals: Vec::new(),
            bookmarks: BTreeMap::new(),
            next_bookmark_id: 0,
            landscape: false,
            anchor_prefix: String::new(),
        }
    }

    /// The bookmark name for an anchor: `_lx` and a number, since Word allows only letters,
    /// digits and `_` (40 at most) and a leading `_` keeps it out of Word's bookmark list.
    fn bookmark(&mut self, anchor: &str) -> String {
        let n = self.bookmarks.len();
        self.bookmarks
            .entry(format!("{}{anchor}", self.anchor_prefix))
            .or_insert_with(|| format!("_lx{n}"))
            .clone()
    }

    /// A paragraph's XML, for the body ([`Doc::push`]) or a table cell.
    pub fn para(&mut self, style: Style, inlines: Vec<Inline>) -> String {
        self.para_with(style, inlines, false)
    }

    /// A paragraph kept with the next one (a heading, a table's caption).
    pub fn para_with(&mut self, style: Style, inlines: Vec<Inline>, keep_next: bool) -> String {
        let mut out = String::from("<w:p><w:pPr>");
        let _ = write!(out, "<w:pStyle w:val=\"{}\"/>", style.id());
        if keep_next {
            out.push_str("<w:keepNext/>");
        }
        out.push_str("</w:pPr>");
        for i in inlines {
            self.inline(i, &mut out);
        }
        out.push_str("</w:p>");
        out
    }

    fn inline(&mut self, i: Inline, out: &mut String) {
        match i {
            Inline::Run(r) => r.xml(None, out),
            Inline::Link { anchor, runs } => {
                let name = self.bookmark(&anchor);
                let _ = write!(out, "<w:hyperlink w:anchor=\"{name}\" w:history=\"1\">");
                for r in runs {
                    r.xml(Some("Hyperlink"), out);
                }
                out.push_str("</w:hyperlink>");
            }
            Inline::External { href, runs } => {
                // One relationship per target, however many links lead there.
                let n = match self.externals.iter().position(|h| *h == href) {
                    Some(n) => n,
                    None => {
                        self.externals.push(href);
                        self.externals.len() - 1
                    }
                };
                let rid = format!("rId{}", FIRST_EXTERNAL_RID + n);
                let _ = write!(out, "<w:hyperlink r:id=\"{rid}\" w:history=\"1\">");
                for r in runs {
                    r.xml(Some("Hyperlink"), out);
                }
                out.push_str("</w:hyperlink>");
            }
            Inline::Target(anchor) => {
                let name = self.bookmark(&anchor);
                let id = self.next_bookmark_id;
                self.next_bookmark_id += 1;
                let _ = write!(
                    out,
                    "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/><w:bookmarkEnd w:id=\"{id}\"/>"
                );
            }
            Inline::Note(runs) => {
                // Ids 0 and 1 are the separators.
                let id = self.footnotes.len() + 2;
                let mut note = format!(
                    "<w:footnote w:id=\"{id}\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
                );
                for r in runs {
                    r.xml(None, &mut note);
                }
                note.push_str("</w:p></w:footnote>");
                self.footnotes.push(note);
                let _ = write!(
                    out,
                    "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
                );
            }
        }
    }

    /// Appends XML (paragraphs, tables) to the body.
    pub fn push(&mut self, xml: &str) {
        self.body.push_str(xml);
    }

    /// Appends a paragraph.
    pub fn p(&mut self, style: Style, inlines: Vec<Inline>) {
        let keep = matches!(
            style,
            Style::Heading1 | Style::Heading2 | Style::Heading3 | Style::Kicker
        );
        let xml = self.para_with(style, inlines, keep);
        self.body.push_str(&xml);
    }

    /// Starts a new page.
    pub fn page_break(&mut self) {
        self.body
            .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }

    /// The text width of the current section, in twips.
    pub fn width(&self) -> u32 {
        if self.landscape {
            LANDSCAPE_WIDTH
        } else {
            PORTRAIT_WIDTH
        }
    }

    /// Starts a new section (on a new page) in landscape or portrait, if that differs from the
    /// current one. A section's properties close it: they go on its last paragraph.
    pub fn orientation(&mut self, landscape: bool) {
        if landscape == self.landscape {
            return;
        }
        let props = section_properties(self.landscape);
        let _ = write!(self.body, "<w:p><w:pPr>{props}</w:pPr></w:p>");
        self.landscape = landscape;
    }

    /// A table's XML.
    pub fn table(&self, t: &Table) -> String {
        let total: u32 = t.widths.iter().sum();
        let mut out = String::from("<w:tbl><w:tblPr>");
        let style = if t.plain { "PlainTable" } else { "ReportTable" };
        let _ = write!(
            out,
            "<w:tblStyle w:val=\"{style}\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for w in &t.widths {
            let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
        }
        out.push_str("</w:tblGrid>");
        for row in &t.header {
            self.row(&t.widths, row, true, false, &mut out);
        }
        for (i, row) in t.rows.iter().enumerate() {
            let split = t.rows_may_split.get(i).copied().unwrap_or(false);
            self.row(&t.widths, row, false, split, &mut out);
        }
        out.push_str("</w:tbl>");
        // A paragraph after every table: Word requires one before a section break or the end,
        // and it keeps two tables in a row from merging.
        out.push_str("<w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>");
        out
    }

    fn row(&self, widths: &[u32], cells: &[Cell], header: bool, split: bool, out: &mut String) {
        out.push_str("<w:tr><w:trPr>");
        if !split {
            out.push_str("<w:cantSplit/>");
        }
        if header {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let mut col = 0usize;
        for c in cells {
            let span = c.span.max(1) as usize;
            let w: u32 = widths.iter().skip(col).take(span).sum();
            col += span;
            let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>");
            if span > 1 {
                let _ = write!(out, "<w:gridSpan w:val=\"{span}\"/>");
            }
            if let Some(f) = c.fill {
                let _ = write!(
                    out,
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"
                );
            }
            out.push_str("</w:tcPr>");
            if c.paras.is_empty() {
                out.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
            }
            for p in &c.paras {
                out.push_str(p);
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
}

fn section_properties(landscape: bool) -> String {
    // Each orientation has its footer, whose right tab stop is at its right margin.
    let (w, h, orient, footer) = if landscape {
        (PAGE_H, PAGE_W, " w:orient=\"landscape\"", "rId5")
    } else {
        (PAGE_W, PAGE_H, "", "rId4")
    };
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"{footer}\"/><w:type w:val=\"nextPage\"/><w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    )
}

/// What the package says about the document.
pub struct PackageInfo<'a> {
    pub title: &'a str,
    /// The report's language (`en`, `sr-Cyrl` …).
    pub lang: &'a str,
    /// `--date`, when given: the document's creation date. Without it the package has none.
    pub date: Option<&'a str>,
    /// The footer's text, before the page number.
    pub footer: &'a str,
    /// "Page" in the report's language.
    pub page: &'a str,
    pub generator: &'a str,
}

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The parts of the package, in the order they are zipped: (name, XML).
pub fn parts(doc: Doc, info: &PackageInfo<'_>) -> Vec<(&'static str, String)> {
    let mut document = format!("{XML_DECL}<w:document {W_NS}><w:body>");
    document.push_str(&doc.body);
    document.push_str(&section_properties(doc.landscape));
    document.push_str("</w:body></w:document>");

    let mut footnotes = format!(
        "{XML_DECL}<w:footnotes {W_NS}><w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for n in &doc.footnotes {
        footnotes.push_str(n);
    }
    footnotes.push_str("</w:footnotes>");

    let mut rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/footnotes\" Target=\"footnotes.xml\"/><Relationship Id=\"rId4\" Type=\"{REL}/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rId5\" Type=\"{REL}/footer\" Target=\"footer2.xml\"/>"
    );
    for (i, href) in doc.externals.iter().enumerate() {
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{}\" Type=\"{REL}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            FIRST_EXTERNAL_RID + i,
            esc(href)
        );
    }
    rels.push_str("</Relationships>");

    let footer = |width: u32| {
        format!(
            "{XML_DECL}<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"{width}\"/></w:tabs></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">{} </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>",
            esc(info.footer),
            esc(info.page)
        )
    };

    let created = info.date.map_or(String::new(), |d| {
        format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{0}T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{0}T00:00:00Z</dcterms:modified>",
            esc(d)
        )
    });
    let core = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language>{created}</cp:coreProperties>",
        esc(info.title),
        esc(info.generator),
        esc(info.lang)
    );
    let app = format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>{}</Application></Properties>",
        esc(info.generator)
    );
    let settings = format!(
        "{XML_DECL}<w:settings {W_NS}><w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"0\"/><w:footnote w:id=\"1\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    );
    let content_types = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    );
    let package_rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    );
    vec![
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        ("word/styles.xml", styles_xml(info.lang)),
        ("word/settings.xml", settings),
        ("word/footnotes.xml", footnotes),
        ("word/footer1.xml", footer(PORTRAIT_WIDTH)),
        ("word/footer2.xml", footer(LANDSCAPE_WIDTH)),
    ]
}

/// Zips the parts: deflated, every entry dated 1980-01-01 00:00 (the zip epoch) with the same
/// permissions, so the same report gives the same bytes.
pub fn zip_parts(parts: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, xml) in parts {
        zip.start_file(*name, options)
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        zip.write_all(xml.as_bytes())
            .map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| format!("cannot finish the package: {e}"))
}

/// The styles: built-in names (`heading 1` …) so Word's navigation pane and table of contents
/// see the headings, each with its outline level.
fn styles_xml(lang: &str) -> String {
    let para = |id: &str, name: &str, rpr: &str, ppr: &str, extra: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let heading = |level: u32, size: u32, colour: &str, before: u32| {
        para(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            &format!(
                "<w:b/><w:bCs/><w:color w:val=\"{colour}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
            ),
            &format!(
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/>",
                level - 1
            ),
            "<w:uiPriority w:val=\"9\"/>",
        )
    };
    let mut s = format!(
        "{XML_DECL}<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"{}\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"100\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        esc(lang)
    );
    s.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>");
    s.push_str(&para(
        "Title",
        "Title",
        "<w:b/><w:bCs/><w:color w:val=\"1B1F24\"/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/>",
        "<w:spacing w:before=\"60\" w:after=\"120\"/>",
        "",
    ));
    s.push_str(&para(
        "Subtitle",
        "Subtitle",
        "<w:color w:val=\"57606A\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>",
        "<w:spacing w:after=\"240\"/>",
        "",
    ));
    s.push_str(&para(
        "Kicker",
        "Kicker",
        "<w:b/><w:caps/><w:color w:val=\"0B4F8A\"/><w:spacing w:val=\"20\"/>",
        "<w:spacing w:after=\"0\"/>",
        "",
    ));
    s.push_str(&heading(1, 30, "0B4F8A", 360));
    s.push_str(&heading(2, 24, "0D2B45", 240));
    s.push_str(&heading(3, 21, "1B1F24", 200));
    s.push_str(&para(
        "Notice",
        "Notice",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
        "<w:pBdr><w:left w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"C9D1D9\"/></w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F4F6F8\"/><w:spacing w:before=\"120\" w:after=\"120\"/><w:ind w:left=\"113\"/>",
        "",
    ));
    s.push_str(&para(
        "ListBullet",
        "List Bullet",
        "",
        "<w:spacing w:after=\"40\"/><w:ind w:left=\"357\" w:hanging=\"357\"/>",
        "",
    ));
    s.push_str(&para(
        "ListBullet2",
        "List Bullet 2",
        "",
        "<w:spacing w:after=\"20\"/><w:ind w:left=\"714\" w:hanging=\"357\"/>",
        "",
    ));
    s.push_str(&para(
        "TableText",
        "Table Text",
        "<w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
        "<w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "",
    ));
    s.push_str(&para(
        "TableHead",
        "Table Heading",
        "<w:b/><w:bCs/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
        "<w:keepNext/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "",
    ));
    s.push_str(&para(
        "Address",
        "Address",
        "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:color w:val=\"57606A\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
        "<w:spacing w:after=\"60\"/>",
        "",
    ));
    s.push_str(&para(
        "AfterTable",
        "After Table",
        "<w:sz w:val=\"8\"/><w:szCs w:val=\"8\"/>",
        "<w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>",
        "",
    ));
    s.push_str(&para(
        "FootnoteText",
        "footnote text",
        "<w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
        "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "",
    ));
    s.push_str(&para(
        "Footer",
        "footer",
        "<w:color w:val=\"57606A\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
        "<w:spacing w:after=\"0\"/>",
        "",
    ));
    s.push_str("<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>");
    s.push_str("<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0B4F8A\"/><w:u w:val=\"single\"/></w:rPr></w:style>");
    s.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("<w:style w:type=\"table\" w:styleId=\"ReportTable\"><w:name w:val=\"Report Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9D1D9\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("<w:style w:type=\"table\" w:styleId=\"PlainTable\"><w:name w:val=\"Plain Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"113\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("</w:styles>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_any_text_well_formed() {
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(esc("x\u{1}y\u{ffff}\tz"), "x\u{fffd}y\u{fffd}\tz");
    }

    #[test]
    fn bookmarks_are_word_names_numbered_in_order() {
        let mut d = Doc::new();
        let a = d.para(
            Style::Normal,
            vec![Inline::Link {
                anchor: "o-FP-5.1.a".into(),
                runs: vec![run("x")],
            }],
        );
        let b = d.para(Style::Normal, vec![Inline::Target("o-FP-5.1.a".into())]);
        assert!(a.contains("w:anchor=\"_lx0\""), "{a}");
        assert!(b.contains("w:name=\"_lx0\""), "{b}");
    }

    #[test]
    fn line_breaks_and_tabs_are_elements() {
        let mut out = String::new();
        run("a\nb\tc").xml(None, &mut out);
        assert!(out.contains("<w:br/>") && out.contains("<w:tab/>"), "{out}");
    }
}
