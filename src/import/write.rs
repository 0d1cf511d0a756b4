//! The `.law` writer: the header (`rendering official`, `verified no`, a `source` naming the
//! input), the preamble as comments, parts, chapters and units in file order, each unit's text
//! verbatim under `text L:`, notes as comments, and — when asked — tag suggestions as comments.
//! The result is parsed and linted by the real `.law` front end and printed back in canonical
//! layout ([`self_check`]): what `import` hands out is what `lexgap check` and `lexgap fmt`
//! accept, or an error says why not.

use super::layout;
use super::structure::{Doc, Item, Unit};
use super::suggest;
use super::{OUTPUT_INVALID, Options};
use crate::diagnostic::Diagnostic;
use crate::syntax::format::quote;
use crate::syntax::lint::{FilePlace, lint};
use crate::syntax::{format_law, parse_law};

/// Text lines are wrapped at about this many characters.
const WIDTH: usize = 100;

/// A comment's text: on one line, and never empty.
fn comment(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

pub fn law(doc: &Doc, opts: &Options) -> String {
    let mut out = String::new();
    let title = opts
        .title
        .clone()
        .or_else(|| doc.title.clone())
        .unwrap_or_else(|| opts.act.clone());
    out.push_str(&format!(
        "# Imported by `lexgap import` from {}: {} articles, {} paragraphs, {} points found.\n",
        comment(&opts.source),
        doc.stats.articles,
        doc.stats.paragraphs,
        doc.stats.points
    ));
    out.push_str("# The structure was recognised by machine and the text's layout repaired (page furniture,\n");
    out.push_str("# footnote markers, hyphenation); check it against the official text before relying on it.\n");
    out.push_str(&format!("act {} {}\n", opts.act, quote(&title)));
    if let Some(t) = &doc.title
        && opts.title.is_some()
    {
        out.push_str(&format!("  title {} {}\n", opts.lang, quote(t)));
    }
    out.push_str(&format!("  jurisdiction {}\n", opts.jurisdiction));
    out.push_str(&format!("  version {}\n", opts.version));
    out.push_str(&format!("  source {}\n", quote(&opts.source)));
    out.push_str(&format!("  language {}\n", opts.lang));
    out.push_str("  rendering official\n");
    out.push_str(&format!(
        "  verified no {}\n",
        quote("imported by machine; not yet checked against the official text")
    ));
    if !doc.preamble.is_empty() {
        out.push_str("\n# The text before the first heading, as in the input:\n");
        for p in &doc.preamble {
            out.push_str(&format!("# {}\n", comment(p)));
        }
    }
    for item in &doc.items {
        match item {
            Item::Part {
                number,
                title,
                numbered_by_order,
            } => {
                out.push_str(&format!("\npart {number} {}", quote(title)));
                if *numbered_by_order {
                    out.push_str(" # numbered in file order: the text gives no number");
                }
                out.push('\n');
            }
            Item::Chapter { number, title, raw } => {
                out.push_str(&format!("\nchapter {number} "));
                if !title.is_empty() {
                    out.push_str(&quote(title));
                }
                out.push_str(&format!(" # {}\n", comment(raw)));
            }
            Item::Comment(c) => out.push_str(&format!("# {}\n", comment(c))),
            Item::Article(a) => {
                out.push('\n');
                unit(&mut out, doc, opts, a, "article", 0);
            }
        }
    }
    out
}

fn unit(out: &mut String, doc: &Doc, opts: &Options, u: &Unit, kind: &str, depth: usize) {
    let pad = "  ".repeat(depth);
    let number = u.number.as_deref().unwrap_or("?");
    out.push_str(&format!("{pad}{kind} {number}"));
    if let Some(h) = &u.heading {
        out.push_str(&format!(" {}", quote(h)));
    }
    // The number as the text writes it, where the `.law` spelling differs beyond the keyword.
    let raw_number = u.raw.rsplit(' ').next().unwrap_or("").trim_end_matches('.');
    let shown = match kind {
        "article" => raw_number,
        _ => u.raw.trim_start_matches('(').trim_end_matches(')'),
    };
    if u.number.is_none() || shown != number {
        out.push_str(&format!(" # {}", comment(&u.raw)));
    }
    out.push('\n');
    let inner = "  ".repeat(depth + 1);
    for n in &u.notes {
        out.push_str(&format!("{inner}# {}\n", comment(n)));
    }
    if u.repealed {
        out.push_str(&format!("{inner}repealed\n"));
    }
    let mut text = layout::join(u.lead.iter().map(String::as_str), &doc.words);
    if !u.tail.is_empty() {
        let tail = layout::join(u.tail.iter().map(String::as_str), &doc.words);
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&tail);
    }
    if !text.is_empty() {
        write_text(out, &inner, &opts.lang, &text);
        if opts.suggest {
            let p = suggest::suggest(&text, None);
            if !p.is_empty() {
                for l in p.comment_lines() {
                    out.push_str(&format!("{inner}# {l}\n"));
                }
            }
        }
    }
    for c in &u.children {
        let kind = if kind == "article" && c.raw.starts_with('(') {
            "para"
        } else {
            "point"
        };
        unit(out, doc, opts, c, kind, depth + 1);
    }
}

/// `text L: …` wrapped at [`WIDTH`], continuation lines aligned under the text.
fn write_text(out: &mut String, pad: &str, lang: &str, text: &str) {
    let lead = format!("{pad}text {lang}: ");
    let cont = " ".repeat(lead.chars().count());
    let mut line = lead.clone();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = cont.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// Parses and lints what the writer made; returns it in canonical layout, or an error (a bug
/// of `import`, reported rather than written) naming the first problem.
pub fn self_check(law: &str) -> Result<String, Box<Diagnostic>> {
    let (file, mut diags) = parse_law(law);
    let clean = diags.iter().all(|d| !d.is_error());
    diags.extend(lint(&file, &FilePlace::default(), clean));
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(Box::new(
            Diagnostic::new(
                OUTPUT_INVALID,
                format!(
                    "import made a .law file that does not parse ({}: {}); nothing was written",
                    d.code.id, d.message
                ),
            )
            .hint("this is a bug in lexgap import: please report it with the input"),
        ));
    }
    Ok(format_law(&file))
}
