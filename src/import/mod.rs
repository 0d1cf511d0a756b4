//! Stage 0 — import: an official text (plain text as `pdftotext -layout` gives it, or the HTML
//! of a legal information system) in, a `.law` skeleton out: header, parts, chapters, articles
//! with their headings, paragraphs and points, and the original wording verbatim under
//! `text L:` with only the layout repaired. Pure: the CLI (`cli/import.rs`) reads the input
//! and writes the output.
//!
//! The stages, one file each:
//! - `lines.rs`: the input cut into lines with their byte offset, indentation and page;
//! - `html.rs`: HTML read into the same lines (block elements end a line, entities decoded);
//! - `layout.rs`: page furniture removed (page numbers, running headers and footers, footnote
//!   markers) and the join of a unit's lines with de-hyphenation;
//! - `recognise.rs`: what one line is (article, part, chapter, paragraph, point heading …) in
//!   each language of the region;
//! - `structure.rs`: the lines put into a tree of units, with located warnings for what it
//!   cannot place;
//! - `write.rs`: the `.law` text, checked by the real parser before it is handed out;
//! - `suggest.rs`: tag suggestions (comments, never tags) from a multilingual lexicon.
//!
//! Every step is linear in the input (a bounded look-back at most), and the input is bounded by
//! [`MAX_INPUT_BYTES`].

pub mod evaluate;
mod html;
mod layout;
mod lines;
mod recognise;
mod structure;
pub mod suggest;
mod write;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Span;

pub use structure::Stats;

/// The largest input `import` reads. A whole consolidated criminal code is about 1 MB of text;
/// the limit leaves room for the largest codes while keeping time and memory bounded.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The most articles one import writes (a code has hundreds; the limit stops a garbled input
/// from producing a file nobody can check).
pub const MAX_ARTICLES: usize = 20_000;

pub const NOT_TEXT: Code = Code::error("E0901", "import-not-text");
pub const INPUT_TOO_LARGE: Code = Code::error("E0902", "import-input-too-large");
pub const NO_ARTICLES: Code = Code::error("E0903", "import-no-articles");
pub const BAD_OPTION: Code = Code::error("E0904", "import-bad-option");
pub const UNPLACED_TEXT: Code = Code::warning("W0901", "import-unplaced-text");
pub const NUMBERING_JUMP: Code = Code::warning("W0902", "import-numbering-jump");
pub const DUPLICATE_NUMBER: Code = Code::warning("W0903", "import-duplicate-number");
pub const MIXED_SCRIPTS: Code = Code::warning("W0904", "import-mixed-scripts");
pub const OUTPUT_INVALID: Code = Code::error("E0905", "import-output-invalid");

/// What the input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as `pdftotext -layout` writes it (form feeds between pages).
    Text,
    /// An HTML page.
    Html,
}

impl Format {
    /// Guesses the format from the first bytes: HTML when the text starts (after white space and
    /// a byte-order mark) with `<!DOCTYPE html`, `<html` or another tag.
    pub fn sniff(text: &str) -> Format {
        let head = text.trim_start_matches('\u{FEFF}').trim_start();
        let lower: String = head.chars().take(15).collect::<String>().to_lowercase();
        if lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || lower.starts_with("<?xml")
            || lower.starts_with("<head")
            || lower.starts_with("<body")
            || lower.starts_with("<meta")
            || lower.starts_with("<div")
            || lower.starts_with("<p")
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// What the `.law` header says.
#[derive(Clone, Debug)]
pub struct Options {
    pub jurisdiction: String,
    pub act: String,
    pub version: Date,
    /// The language of the original text (`mk`, `sr-Cyrl`, `sq` …).
    pub lang: String,
    /// What the `source` line names: the input file.
    pub source: String,
    /// The act's title; by default the title line found at the top of the text.
    pub title: Option<String>,
    /// Also write tag suggestions as comments.
    pub suggest: bool,
}

/// The result of an import: the `.law` text, the warnings (located in the input), and counts.
#[derive(Debug)]
pub struct Imported {
    pub law: String,
    pub warnings: Vec<Diagnostic>,
    pub stats: Stats,
}

/// Checks the options before anything is read: each becomes a word of the header, so each must
/// have the shape the `.law` language expects.
pub fn check_options(opts: &Options) -> Result<(), Box<Diagnostic>> {
    let ident = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let bad = |what: &str, value: &str, shape: &str| {
        Err(Box::new(
            Diagnostic::new(BAD_OPTION, format!("`{value}` is not a valid {what}"))
                .hint(shape.to_string()),
        ))
    };
    if !ident(&opts.jurisdiction) || opts.jurisdiction.chars().any(|c| c.is_ascii_lowercase()) {
        return bad(
            "jurisdiction",
            &opts.jurisdiction,
            "a jurisdiction is an upper-case code such as MK, RS or BA-FBIH",
        );
    }
    if !ident(&opts.act) || opts.act.chars().any(|c| c.is_ascii_uppercase()) {
        return bad(
            "act id",
            &opts.act,
            "an act id is lower-case ASCII words joined by `-`, such as criminal-code",
        );
    }
    if !ident(&opts.lang) {
        return bad(
            "language tag",
            &opts.lang,
            "a BCP 47 language tag such as mk, sq, sr-Cyrl, sr-Latn, bs, hr, cnr or en",
        );
    }
    Ok(())
}

/// Imports `text` (already decoded; see [`refuse`] for the checks on raw bytes). Errors are
/// located in `text`; the caller sets the file.
pub fn import(text: &str, format: Format, opts: &Options) -> Result<Imported, Vec<Diagnostic>> {
    check_options(opts).map_err(|d| vec![*d])?;
    if text.len() > MAX_INPUT_BYTES {
        return Err(vec![too_large()]);
    }
    let raw = match format {
        Format::Text => lines::split(text),
        Format::Html => html::lines(text),
    };
    let mut warnings = Vec::new();
    if let Some(w) = layout::mixed_scripts(&raw) {
        warnings.push(w);
    }
    let cleaned = layout::clean(raw);
    let doc = structure::build(&cleaned, &mut warnings);
    if doc.articles() == 0 {
        let span = Span::new(0, text.len().min(first_line_len(text)));
        return Err(vec![
            Diagnostic::new(NO_ARTICLES, "no article heading found in the input")
                .at(span, "the text starts here")
                .hint("import looks for lines such as `Член 5`, `Члан 5`, `Član 5`, `Neni 5`, `Article 5` or `Čl. 5`, each on a line of its own; is this the text of an act?"),
        ]);
    }
    if doc.articles() > MAX_ARTICLES {
        return Err(vec![
            Diagnostic::new(
                NO_ARTICLES,
                format!(
                    "the input has {} article headings; import writes at most {MAX_ARTICLES}",
                    doc.articles()
                ),
            )
            .hint("split the input into parts and import each"),
        ]);
    }
    let stats = doc.stats.clone();
    let law = write::law(&doc, opts);
    let law = write::self_check(&law).map_err(|d| vec![*d])?;
    Ok(Imported {
        law,
        warnings,
        stats,
    })
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len()).max(1)
}

fn too_large() -> Diagnostic {
    Diagnostic::new(
        INPUT_TOO_LARGE,
        format!(
            "the input is larger than {} MiB; import reads at most {} MiB",
            MAX_INPUT_BYTES / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    )
    .hint("a whole consolidated code is about 1 MB of text: check that this is the text of one act, or split it")
}

/// Refuses raw input that is not text before it is decoded: a PDF (with what to run instead),
/// other binary files, inputs over the size limit. `None` when the bytes may be decoded.
pub fn refuse(bytes: &[u8]) -> Option<Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Some(too_large());
    }
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if head.starts_with(b"%PDF-") {
        return Some(
            Diagnostic::new(NOT_TEXT, "the input is a PDF file, not text")
                .at(Span::new(0, 5), "PDF signature")
                .hint("convert it first: `pdftotext -layout FILE.pdf FILE.txt` (poppler-utils), then import FILE.txt"),
        );
    }
    let signatures: [(&[u8], &str); 6] = [
        (b"PK\x03\x04", "a ZIP archive (a .docx or .odt document?)"),
        (b"\xD0\xCF\x11\xE0", "an old Word or Excel document"),
        (b"{\\rtf", "an RTF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "a program"),
    ];
    for (sig, what) in signatures {
        if head.starts_with(sig) {
            return Some(
                Diagnostic::new(NOT_TEXT, format!("the input is {what}, not text"))
                    .at(Span::new(0, sig.len()), "file signature")
                    .hint("save or convert the official text as plain UTF-8 text (or HTML) and import that"),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options {
            jurisdiction: "MK".into(),
            act: "criminal-code".into(),
            version: Date::parse("2023-02-17").unwrap(),
            lang: "mk".into(),
            source: "kz.txt".into(),
            title: None,
            suggest: false,
        }
    }

    #[test]
    fn refuses_a_pdf_with_what_to_run() {
        let d = refuse(b"%PDF-1.7\n...").unwrap();
        assert_eq!(d.code, NOT_TEXT);
        assert!(d.hint.unwrap().contains("pdftotext -layout"));
        assert!(refuse("Член 1\nТекст.".as_bytes()).is_none());
    }

    #[test]
    fn text_without_articles_is_an_error() {
        let e = import("Just some words.\nAnd more.\n", Format::Text, &opts()).unwrap_err();
        assert_eq!(e[0].code, NO_ARTICLES);
    }

    #[test]
    fn bad_options_are_refused() {
        let mut o = opts();
        o.act = "Criminal Code".into();
        assert_eq!(check_options(&o).unwrap_err().code, BAD_OPTION);
        let mut o = opts();
        o.jurisdiction = "mk".into();
        assert!(check_options(&o).is_err());
        let mut o = opts();
        o.lang = "sr Cyrl".into();
        assert!(check_options(&o).is_err());
    }

    #[test]
    fn sniffs_html() {
        assert_eq!(Format::sniff("  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff("Член 1"), Format::Text);
    }
}
