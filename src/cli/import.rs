//! `lexgap import FILE …`: an official text (pdftotext output or HTML) to a `.law` skeleton;
//! `lexgap suggest FILE.law`: tag suggestions for the units of a `.law` file. The work is in
//! `crate::import`; this file reads, prints and writes.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, plural, render_text};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::fsio::write_atomic;
use crate::import::{self, Format, Options, suggest};
use crate::source::{SourceFile, Sources};
use crate::syntax::ast::{Item, Unit};
use crate::syntax::parse_law;

pub const EXAMPLES: &str = "\
Examples:
  pdftotext -layout kz.pdf kz.txt
  lexgap import kz.txt --jurisdiction MK --act criminal-code --version 2023-02-17 --lang mk \\
      -o codes/MK/criminal-code/2023-02-17.law
  lexgap import page.html --jurisdiction ME --act criminal-code --version 2023-12-31 --lang cnr --suggest

The input is plain UTF-8 text (as `pdftotext -layout` writes it) or HTML; a PDF is refused with
the command to run first. Warnings (text it could not place, numbering jumps, duplicate
numbers) are printed and the text is kept. Nothing is written when the input is refused.
Exit codes: 0 written (warnings allowed), 1 input refused, 2 usage or I/O error.";

pub const SUGGEST_EXAMPLES: &str = "\
Examples:
  lexgap suggest codes/MK/criminal-code/2023-02-17.law
  lexgap suggest codes/MK/criminal-code/2023-02-17.law --article 396

Prints, for each unit with text, the offence tags and the penalty its wording suggests, with the
words that triggered each. Nothing is changed: an expert accepts a suggestion by writing it.
Exit codes: 0 ok, 1 the file does not parse, 2 usage or I/O error.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Guess from the first bytes.
    Auto,
    Text,
    Html,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The official text: pdftotext output (UTF-8) or an HTML page.
    pub file: PathBuf,
    /// The jurisdiction code (MK, RS, BA-FBIH …).
    #[arg(long, value_name = "J")]
    pub jurisdiction: String,
    /// The act's id (criminal-code).
    #[arg(long, value_name = "ID")]
    pub act: String,
    /// The day this consolidated text took effect (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub version: String,
    /// The language of the text (mk, sq, sr-Cyrl, sr-Latn, bs, hr, cnr, en).
    #[arg(long, value_name = "L")]
    pub lang: String,
    /// The act's English title; the original title found in the text becomes `title L`.
    #[arg(long)]
    pub title: Option<String>,
    /// Also write tag suggestions (as comments, never as tags).
    #[arg(long)]
    pub suggest: bool,
    /// The input's format.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// Where to write the .law file. Default: standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// A .law file.
    pub file: PathBuf,
    /// Only this article.
    #[arg(long, value_name = "N")]
    pub article: Option<String>,
}

fn report(diags: &[Diagnostic], sources: &Sources, ctx: &Context) {
    eprint!("{}", render_text(diags, sources, ctx.color_stderr()));
}

pub fn run(ctx: &Context, args: &ImportArgs) -> u8 {
    let version = match Date::parse(&args.version) {
        Ok(d) => d,
        Err(e) => return fail(format!("--version {}: {e}", args.version)),
    };
    let path = ctx.cwd.join(&args.file);
    let shown = args.file.display().to_string();
    let source = args
        .file
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let opts = Options {
        jurisdiction: args.jurisdiction.clone(),
        act: args.act.clone(),
        version,
        lang: args.lang.clone(),
        source: format!("{source} (imported with lexgap import)"),
        title: args.title.clone(),
        suggest: args.suggest,
    };
    if let Err(d) = import::check_options(&opts) {
        report(&[*d], &Sources::new(), ctx);
        return EXIT_ERROR;
    }
    // Read at most one byte past the limit: a 50 MB input is refused without reading it all.
    let bytes = match read_bounded(&path, import::MAX_INPUT_BYTES) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read {shown}: {e}")),
    };
    let mut sources = Sources::new();
    if let Some(d) = import::refuse(&bytes) {
        let head =
            String::from_utf8_lossy(bytes.get(..bytes.len().min(64)).unwrap_or(&[])).into_owned();
        let id = sources.add(SourceFile::new(shown.clone(), head));
        report(&[d.in_file(id)], &sources, ctx);
        eprintln!("error: nothing was written");
        return EXIT_FINDINGS;
    }
    let file = match SourceFile::decode(shown.clone(), &bytes) {
        Ok(f) => f,
        Err(e) => {
            let (f, d) = *e;
            let id = sources.add(f);
            report(&[d.in_file(id)], &sources, ctx);
            eprintln!("error: nothing was written");
            return EXIT_FINDINGS;
        }
    };
    let text = file.text.clone();
    let id = sources.add(file);
    let format = match args.format {
        InputFormat::Auto => Format::sniff(&text),
        InputFormat::Text => Format::Text,
        InputFormat::Html => Format::Html,
    };
    let imported = match import::import(&text, format, &opts) {
        Ok(i) => i,
        Err(diags) => {
            let diags: Vec<Diagnostic> = diags.into_iter().map(|d| d.in_file(id)).collect();
            report(&diags, &sources, ctx);
            eprintln!("error: nothing was written");
            return EXIT_FINDINGS;
        }
    };
    let warnings: Vec<Diagnostic> = imported
        .warnings
        .into_iter()
        .map(|d| d.in_file(id))
        .collect();
    report(&warnings, &sources, ctx);
    let s = &imported.stats;
    let summary = format!(
        "{} ({} with a heading), {}, {}, {} parts, {} chapters; removed {} lines of page furniture and {} footnote markers; {}",
        plural(s.articles, "article"),
        s.headings,
        plural(s.paragraphs, "paragraph"),
        plural(s.points, "point"),
        s.parts,
        s.chapters,
        s.furniture,
        s.footnote_markers,
        plural(warnings.len(), "warning"),
    );
    let Some(out) = &args.output else {
        super::diff::out(&imported.law);
        eprintln!("imported {summary}");
        return EXIT_OK;
    };
    let out_path = ctx.cwd.join(out);
    if std::fs::canonicalize(&out_path)
        .ok()
        .is_some_and(|o| std::fs::canonicalize(&path).is_ok_and(|i| i == o))
    {
        return fail(format!(
            "{} is the input file; lexgap never writes over its input (choose another -o)",
            out.display()
        ));
    }
    match write_atomic(&out_path, imported.law.as_bytes()) {
        Ok(()) => {
            eprintln!("wrote {}: {summary}", out_path.display());
            EXIT_OK
        }
        Err(e) => fail(format!("cannot write {}: {e}", out_path.display())),
    }
}

fn read_bounded(path: &std::path::Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    f.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub fn run_suggest(ctx: &Context, args: &SuggestArgs) -> u8 {
    let path = ctx.cwd.join(&args.file);
    let shown = args.file.display().to_string();
    let bytes = match read_bounded(&path, crate::source::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read {shown}: {e}")),
    };
    let mut sources = Sources::new();
    let file = match SourceFile::decode(shown.clone(), &bytes) {
        Ok(f) => f,
        Err(e) => {
            let (f, d) = *e;
            let id = sources.add(f);
            report(&[d.in_file(id)], &sources, ctx);
            return EXIT_FINDINGS;
        }
    };
    let (law, diags) = parse_law(&file.text);
    let id = sources.add(file);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| d.in_file(id))
        .collect();
    if !errors.is_empty() {
        report(&errors, &sources, ctx);
        return EXIT_FINDINGS;
    }
    let mut out = String::new();
    let mut found = false;
    for item in &law.items {
        let Item::Article(a) = item else { continue };
        let number = a.number.node.to_string();
        if args.article.as_deref().is_some_and(|n| n != number) {
            continue;
        }
        found = true;
        walk(a, &format!("article {number}"), &mut out);
    }
    if !found && let Some(n) = &args.article {
        return fail(format!("{shown} has no article {n}"));
    }
    super::diff::out(&out);
    EXIT_OK
}

fn walk(u: &Unit, place: &str, out: &mut String) {
    for t in u.texts() {
        let p = suggest::suggest(t.value(), None);
        if p.is_empty() {
            continue;
        }
        out.push_str(&format!("{place} (text {}):\n", t.lang.node));
        for l in p.comment_lines() {
            out.push_str(&format!("  {l}\n"));
        }
        out.push('\n');
    }
    for c in u.children() {
        let kind = match c.kind {
            crate::syntax::ast::UnitKind::Para => "para",
            crate::syntax::ast::UnitKind::Point => "point",
            crate::syntax::ast::UnitKind::Article => "article",
        };
        walk(c, &format!("{place} {kind} {}", c.number.node), out);
    }
}
