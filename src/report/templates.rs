//! The template set and the tera environments built from it.
//!
//! Templates are found by name (`gap/report.html`, `locales/sq.yaml`). The bundled set is
//! compiled into the binary; a workspace's `templates/` folder and then `--templates DIR`
//! override any of them by name (the CLI reads those folders and calls [`Templates::overlay`];
//! this module does no I/O). Only names that stay inside the template folder are accepted, and
//! tera resolves `{% include %}` and `{% extends %}` among the loaded names only — so a template
//! cannot reach a file outside its folder, whatever it asks for.
//!
//! Escaping is on for every template a report is rendered from: HTML escaping for `.html` and
//! `.svg`, and a Markdown escape for `.md` (HTML entities plus backslashes before Markdown
//! punctuation), so text from a `.law` file is always shown as text.
//!
//! Contexts audited (issue 20): HTML text and quoted attributes take the HTML escape (which
//! escapes both quotes); the only value placed in CSS is the `@page` footer, which goes
//! through `css_string` (HTML escaping does not stop a newline from ending a CSS string);
//! URLs are `#anchor` slugs or report file names that begin with a fixed prefix (`gap-`,
//! `amendment-`, `bill-`), so no input chooses a URL scheme; the SVG chart takes numbers,
//! palette colours and HTML-escaped ids.

use std::collections::BTreeMap;
use std::io::Write;

use tera::{Kwargs, State, StringInput, Tera, Value};

use super::ReportError;

/// One template's text and where it came from ("bundled", or a path), for error messages.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    pub text: String,
    pub origin: String,
}

/// Every template and catalog by name.
#[derive(Clone, Debug, Default)]
pub struct Templates {
    files: BTreeMap<String, TemplateFile>,
}

/// File name endings that are templates or catalogs; other files in a template folder (a
/// README, an editor's backup) are ignored.
pub const TEMPLATE_SUFFIXES: [&str; 5] = [".html", ".md", ".svg", ".yaml", ".css"];

impl Templates {
    /// The templates compiled into lexgap.
    pub fn bundled() -> Templates {
        let mut t = Templates::default();
        for (path, bytes) in crate::workspace::BUNDLED {
            if let Some(name) = path.strip_prefix("templates/")
                && is_template_name(name)
                && let Ok(text) = std::str::from_utf8(bytes)
            {
                t.files.insert(
                    name.to_string(),
                    TemplateFile {
                        text: text.to_string(),
                        origin: format!("bundled templates/{name}"),
                    },
                );
            }
        }
        t
    }

    /// Replaces (or adds) the template `name` with `bytes` read from `origin`. Refuses names
    /// that could leave the template folder (`../`, absolute paths, backslashes) and text that
    /// is not UTF-8.
    pub fn overlay(&mut self, name: &str, bytes: &[u8], origin: &str) -> Result<(), ReportError> {
        if !is_safe_name(name) {
            return Err(ReportError::new(format!(
                "template name `{name}` ({origin}) is refused: names are relative paths inside \
                 the template folder, without `..`, `.` or empty parts"
            )));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| ReportError::new(format!("template {origin} is not UTF-8: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.files.insert(
            name.to_string(),
            TemplateFile {
                text: text.to_string(),
                origin: origin.to_string(),
            },
        );
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&TemplateFile> {
        self.files.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Builds the tera environment for one output format: every template whose name ends in
    /// one of `suffixes`, escaped with `escape`. Errors carry tera's whole cause chain with the
    /// template line and the file the template came from.
    pub fn environment(&self, flavour: Flavour) -> Result<Tera, ReportError> {
        let mut tera = Tera::new();
        let suffixes = flavour.suffixes();
        tera.autoescape_on(suffixes.to_vec());
        if flavour == Flavour::Markdown {
            tera.set_escape_fn(escape_markdown);
        } else {
            tera.set_escape_fn(escape_html_isolated);
        }
        register_filters(&mut tera);
        let chosen: Vec<(&str, &str)> = self
            .files
            .iter()
            .filter(|(name, _)| suffixes.iter().any(|s| name.ends_with(s)))
            .map(|(name, f)| (name.as_str(), f.text.as_str()))
            .collect();
        tera.add_raw_templates(chosen)
            .map_err(|e| self.tera_error("cannot load the templates", &e))?;
        Ok(tera)
    }

    /// A tera error as one message: what lexgap was doing, tera's report (which names the
    /// template and shows the line with a caret), every `source()` in the chain — tera puts the
    /// real cause there (tera #575) — and where the templates named in it came from.
    pub fn tera_error(&self, doing: &str, e: &tera::Error) -> ReportError {
        let mut msg = format!("{doing}:\n{e}");
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            msg.push_str(&format!("\ncaused by: {s}"));
            source = s.source();
        }
        let origins: Vec<&str> = self
            .files
            .iter()
            .filter(|(name, f)| msg.contains(name.as_str()) && !f.origin.starts_with("bundled"))
            .map(|(_, f)| f.origin.as_str())
            .collect();
        if !origins.is_empty() {
            msg.push_str(&format!("\n(template read from {})", origins.join(", ")));
        }
        ReportError::new(msg)
    }
}

/// The escaping regime of an output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    Html,
    Markdown,
}

impl Flavour {
    fn suffixes(self) -> &'static [&'static str] {
        match self {
            Flavour::Html => &[".html", ".svg", ".css"],
            Flavour::Markdown => &[".md"],
        }
    }
}

fn is_template_name(name: &str) -> bool {
    TEMPLATE_SUFFIXES.iter().any(|s| name.ends_with(s)) && is_safe_name(name)
}

/// A relative `/`-separated path whose every part is a plain name: no `..`, `.`, empty part,
/// backslash, drive letter or control character. Such a name, joined to a folder, stays in it.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && !name.contains(['\\', ':'])
        && !name.chars().any(char::is_control)
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Escapes text for Markdown: `&`, `<`, `>` as HTML entities (so markup in a provision shows
/// as text) and a backslash before punctuation Markdown would read as syntax. Line breaks are
/// kept; table cells use the `cell` filter to fold them.
///
/// A value cannot break the line it stands in (issue 20, finding 12): line breaks become
/// spaces (in Markdown a single line break is a space anyway; a title with a newline
/// injected a heading or a list item, and broke a table row), and a value that starts with
/// what would begin a list, quote or heading underline at the start of a line (`-`, `+`, `>`,
/// `=`, `1.`) gets a backslash there. Bidirectional controls are closed at its end (see
/// [`balance_bidi`]).
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let input = balance_bidi(input);
    let mut buf = String::with_capacity(input.len() + 8);
    // What begins a block at the start of a line: a list marker and a space (`- `, `+ `,
    // `1. `, `1) `), a quote (`>`), a line of only `-` or `=` (a heading's underline).
    let second = input.chars().nth(1);
    let marker_then_space = second.is_none_or(|c| c == ' ' || c == '\t');
    let only = |m: char| input.trim_end().chars().all(|c| c == m);
    let digits = input.chars().take_while(char::is_ascii_digit).count();
    let after_digits = input.chars().nth(digits + 1);
    let numbered = digits > 0
        && matches!(input.chars().nth(digits), Some('.' | ')'))
        && after_digits.is_none_or(|c| c == ' ' || c == '\t');
    for (i, c) in input.chars().enumerate() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => buf.push(' '),
            '-' | '+' | '>' | '='
                if i == 0
                    && (c == '>' || (c != '=' && marker_then_space) || (c != '+' && only(c))) =>
            {
                buf.push('\\');
                buf.push(c);
            }
            '.' | ')' if numbered && i == digits => {
                buf.push('\\');
                buf.push(c);
            }
            '&' => buf.push_str("&amp;"),
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                buf.push('\\');
                buf.push(c);
            }
            _ => buf.push(c),
        }
    }
    out.write_all(buf.as_bytes())
}

/// tera's HTML escaping, with the value's bidirectional controls closed at its end (see
/// [`balance_bidi`]).
pub fn escape_html_isolated(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    tera::escape_html(&balance_bidi(input), out)
}

/// A value whose bidirectional embeddings, overrides or isolates (U+202A–U+202E,
/// U+2066–U+2068) are left open gets their closers (PDF, PDI) at its end, so that they reorder
/// nothing after it: a jurisdiction name ending in a right-to-left override turned the rest of
/// its line of the report around (issue 20, finding 12). The value itself shows as before.
pub fn balance_bidi(input: &str) -> std::borrow::Cow<'_, str> {
    if !input
        .chars()
        .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        return std::borrow::Cow::Borrowed(input);
    }
    // The open controls, innermost last: `true` for an isolate (closed by PDI).
    let mut open: Vec<bool> = Vec::new();
    for c in input.chars() {
        match c {
            '\u{202a}' | '\u{202b}' | '\u{202d}' | '\u{202e}' => open.push(false),
            '\u{2066}'..='\u{2068}' => open.push(true),
            '\u{202c}' if open.last() == Some(&false) => {
                open.pop();
            }
            '\u{2069}' => {
                // A PDI closes its isolate and every embedding opened inside it.
                if let Some(i) = open.iter().rposition(|&iso| iso) {
                    open.truncate(i);
                }
            }
            _ => {}
        }
    }
    if open.is_empty() {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = input.to_string();
    for iso in open.iter().rev() {
        out.push(if *iso { '\u{2069}' } else { '\u{202c}' });
    }
    std::borrow::Cow::Owned(out)
}

/// Escapes text for a double-quoted CSS string: ASCII letters, digits and space stay, as do
/// non-ASCII characters that are neither controls, line or paragraph separators nor
/// bidirectional formatting; everything else (quotes, backslashes, `<`, `;`, `{`, newlines,
/// …) becomes `\HEX ` — the trailing space ends the escape. No sequence in the result can end
/// the string, the rule or the `<style>` element.
pub fn escape_css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        let keep = c.is_ascii_alphanumeric()
            || c == ' '
            || (!c.is_ascii() && !c.is_control() && !is_format_char(c));
        if keep {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out
}

/// Line and paragraph separators and the bidirectional formatting characters.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Reverses tera's HTML escaping (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`) in one pass from
/// left to right, so `&amp;lt;` becomes `&lt;` — the exact text that was escaped.
fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let tail = rest.get(i..).unwrap_or_default();
        let mut matched = false;
        for (entity, c) in [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
            ("&apos;", '\''),
        ] {
            if let Some(after) = tail.strip_prefix(entity) {
                out.push(c);
                rest = after;
                matched = true;
                break;
            }
        }
        if !matched {
            out.push('&');
            rest = tail.get(1..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// Replaces each `{name|form|form…}` in `text` by the form that agrees with `n`: with two forms
/// (one, other), `one` for 1 — or, under the rule `mk`, for numbers ending in 1 but not 11;
/// with three (one, few, other: Serbian, rule `sr` or any rule), `one` for numbers ending in 1
/// but not 11, `few` for those ending in 2–4 but not 12–14.
pub(crate) fn plural_forms(text: &str, name: &str, n: i64, rule: &str) -> String {
    let open = format!("{{{name}|");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let body = &from[open.len()..];
        let Some(end) = body.find('}') else {
            out.push_str(from);
            return out;
        };
        let forms: Vec<&str> = body[..end].split('|').collect();
        let n = n.unsigned_abs();
        let (last, last2) = (n % 10, n % 100);
        let slavic_one = last == 1 && last2 != 11;
        let index = match forms.len() {
            2 if rule == "mk" => usize::from(!slavic_one),
            2 => usize::from(n != 1),
            _ if slavic_one => 0,
            _ if (2..=4).contains(&last) && !(12..=14).contains(&last2) => 1,
            _ => 2,
        };
        out.push_str(forms.get(index).or(forms.last()).copied().unwrap_or(""));
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

fn register_filters(tera: &mut Tera) {
    // `"{n} of {total}" | fill(n=3, total=7)`: catalog strings with placeholders. The result
    // keeps the input's safety flag, so it is escaped on output like any other text.
    // `{n}` is replaced by the value of `n`; `{n|one|other}` (or `{n|one|few|other}`) by the
    // form that agrees with the number `n`, after the catalog's rule (`plural=t.lang.plural`).
    tera.register_filter("fill", |s: StringInput, kwargs: Kwargs, _: &State| {
        let mut out = s.as_str().to_string();
        let rule = kwargs
            .iter()
            .find(|(k, _)| k.to_string() == "plural")
            .and_then(|(_, v)| v.as_str().map(str::to_string))
            .unwrap_or_default();
        for (k, v) in kwargs.iter() {
            if let Some(n) = v.as_i64() {
                out = plural_forms(&out, &k.to_string(), n, &rule);
            }
            let text = match v.as_str() {
                Some(t) => t.to_string(),
                None => v.to_string(),
            };
            out = out.replace(&format!("{{{k}}}"), &text);
        }
        s.inherit_safety(out)
    });
    // Folds line breaks and runs of spaces into one space, for table cells that must stay on
    // one line in Markdown and CSV-like layouts.
    // Spaces at either end are kept (folded to one), so diff segments keep their word breaks.
    tera.register_filter("cell", |s: StringInput, _: Kwargs, _: &State| {
        let mut folded = String::with_capacity(s.as_str().len());
        let mut in_space = false;
        for c in s.as_str().chars() {
            if c.is_whitespace() {
                if !in_space {
                    folded.push(' ');
                }
                in_space = true;
            } else {
                folded.push(c);
                in_space = false;
            }
        }
        s.inherit_safety(folded)
    });
    // `quote`: a Markdown block quote — every line escaped and prefixed with "> ". It escapes
    // itself (through the environment's escape function) so that the "> " it adds stays
    // syntax while the text stays text.
    tera.register_filter(
        "quote",
        |s: StringInput, _: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let mut out = String::new();
            for (i, line) in s.as_str().lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let line = line.trim_end();
                if line.is_empty() {
                    out.push('>');
                } else {
                    out.push_str("> ");
                    out.push_str(&state.escape(line)?);
                }
            }
            Ok(Value::safe_string(&out))
        },
    );
    // `css_string`: text for the inside of a double-quoted CSS string (the `@page` footer).
    // HTML escaping does not protect CSS — a newline ends a CSS string and what follows is
    // read as rules — so every character but letters, digits, space and non-ASCII text is
    // written as a CSS hex escape. Input already HTML-escaped (a captured block) is unescaped
    // first, so the footer shows `&`, not `&amp;`. The result is marked safe: it must not be
    // HTML-escaped again inside `<style>`.
    tera.register_filter("css_string", |s: StringInput, _: Kwargs, _: &State| {
        let text = if s.is_safe() {
            unescape_html(s.as_str())
        } else {
            s.as_str().to_string()
        };
        Value::safe_string(&escape_css_string(&text))
    });
    // `pct`: an optional whole percentage as "43 %", or an en dash when there is none.
    tera.register_filter("pct", |v: Value, _: Kwargs, _: &State| -> String {
        match v.as_u64() {
            Some(n) => format!("{n}\u{a0}%"),
            None => "\u{2013}".to_string(),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        let mut out = Vec::new();
        escape_markdown(s, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_markdown_value_cannot_break_its_line() {
        assert_eq!(md("Title\n# Injected\n- item"), "Title \\# Injected - item");
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("- x"), "\\- x");
        assert_eq!(md("==="), "\\===");
        assert_eq!(md("> x"), "\\> x");
        assert_eq!(md("1. x"), "1\\. x");
        assert_eq!(md("-3 and 12.5"), "-3 and 12.5");
        assert_eq!(md("Criminal Code"), "Criminal Code");
    }

    #[test]
    fn bidirectional_controls_are_closed_at_the_end_of_a_value() {
        assert_eq!(balance_bidi("plain"), "plain");
        assert_eq!(balance_bidi("a\u{202e}b"), "a\u{202e}b\u{202c}");
        assert_eq!(
            balance_bidi("\u{2067}x\u{202b}y"),
            "\u{2067}x\u{202b}y\u{202c}\u{2069}"
        );
        assert_eq!(
            balance_bidi("\u{2066}x\u{202b}y\u{2069}"),
            "\u{2066}x\u{202b}y\u{2069}"
        );
        assert_eq!(balance_bidi("\u{202a}x\u{202c}"), "\u{202a}x\u{202c}");
    }

    #[test]
    fn unsafe_names_are_refused() {
        for bad in [
            "",
            "../x.html",
            "gap/../../x.html",
            "/etc/passwd",
            "a\\b.html",
            "C:x.html",
            "a//b.html",
            "./a.html",
            "a\nb.html",
        ] {
            assert!(!is_safe_name(bad), "{bad:?} accepted");
        }
        for good in ["gap/report.html", "locales/sr-Latn.yaml", "x.md"] {
            assert!(is_safe_name(good), "{good:?} refused");
        }
    }

    #[test]
    fn overlay_refuses_escaping_names() {
        let mut t = Templates::default();
        assert!(t.overlay("../evil.html", b"x", "test").is_err());
        assert!(t.overlay("gap/report.html", b"x", "test").is_ok());
    }

    #[test]
    fn markdown_escape_neutralises_markup() {
        let mut out = Vec::new();
        escape_markdown("<script>a*b_c|[x]</script> & `y`", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "&lt;script&gt;a\\*b\\_c\\|\\[x\\]&lt;/script&gt; &amp; \\`y\\`"
        );
    }

    #[test]
    fn include_outside_the_set_fails_with_location() {
        let mut t = Templates::default();
        t.overlay(
            "a.html",
            b"line one\n{% include \"../secret.html\" %}",
            "dir/a.html",
        )
        .unwrap();
        let err = t.environment(Flavour::Html).unwrap_err().to_string();
        assert!(err.contains("a.html"), "{err}");
        assert!(err.contains("../secret.html"), "{err}");
        assert!(err.contains(":2:"), "line number missing: {err}");
    }

    #[test]
    fn quote_escapes_each_line() {
        let mut t = Templates::default();
        t.overlay("q.md", b"{{ s | quote }}", "test").unwrap();
        let tera = t.environment(Flavour::Markdown).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "a <b>\n\n# c");
        assert_eq!(
            tera.render("q.md", &ctx).unwrap(),
            "> a &lt;b&gt;\n>\n> \\# c"
        );
    }

    #[test]
    fn css_string_escapes_everything_that_could_end_the_string() {
        assert_eq!(
            escape_css_string("Test\n}a{color:red\\\"</style>"),
            "Test\\a \\7d a\\7b color\\3a red\\5c \\22 \\3c \\2f style\\3e "
        );
        assert_eq!(escape_css_string("Србија — Shqipëri"), "Србија — Shqipëri");
        assert_eq!(escape_css_string("a\u{2028}\u{202e}b"), "a\\2028 \\202e b");
        assert_eq!(
            unescape_html("&amp;lt; &lt;b&gt; &quot;&#39; & x"),
            "&lt; <b> \"' & x"
        );
    }

    #[test]
    fn fill_agrees_numbers_and_words_in_every_language() {
        // "1 are fully met" was the English summary for one obligation.
        let en = "{n} {n|is|are} met";
        assert_eq!(plural_forms(en, "n", 1, "one"), "{n} is met");
        assert_eq!(plural_forms(en, "n", 0, "one"), "{n} are met");
        assert_eq!(plural_forms(en, "n", 21, "one"), "{n} are met");
        let mk = "{n|е исполнета|се исполнети}";
        assert_eq!(plural_forms(mk, "n", 21, "mk"), "е исполнета");
        assert_eq!(plural_forms(mk, "n", 11, "mk"), "се исполнети");
        let sr = "{n|je ispunjena|su ispunjene|je ispunjeno}";
        let sr_at = |n| plural_forms(sr, "n", n, "sr");
        assert_eq!(
            [sr_at(1), sr_at(3), sr_at(5), sr_at(12), sr_at(22), sr_at(0)],
            [
                "je ispunjena",
                "su ispunjene",
                "je ispunjeno",
                "je ispunjeno",
                "su ispunjene",
                "je ispunjeno"
            ]
        );
        assert_eq!(plural_forms("{m|x|y} {n}", "n", 1, "one"), "{m|x|y} {n}");
    }

    #[test]
    fn fill_and_cell_filters() {
        let mut t = Templates::default();
        t.overlay(
            "f.html",
            b"{{ s | fill(n=3, total=7) }}|{{ c | cell }}|{{ p | pct }}|{{ q | pct }}",
            "test",
        )
        .unwrap();
        let tera = t.environment(Flavour::Html).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "{n} of {total} <b>");
        ctx.insert("c", "a\n  b");
        ctx.insert("p", &43);
        ctx.insert("q", &Option::<u32>::None);
        assert_eq!(
            tera.render("f.html", &ctx).unwrap(),
            "3 of 7 &lt;b&gt;|a b|43\u{a0}%|\u{2013}"
        );
    }
}
