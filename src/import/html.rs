//! HTML read into lines: the structure of common legal information systems is headings
//! (`h1`–`h6`), paragraphs and line breaks, so every block element and `<br>` ends a line, white
//! space collapses as a browser collapses it, entities are decoded, and the content of
//! `script`, `style` and `head` (but the `title`) is skipped. A heading element, or a block
//! centred by `align`, `style` or `class`, marks its lines as headings ([`Line::centred`]).
//!
//! Hand-written and linear: one pass over the input, each tag found with `memchr`; an
//! unterminated `<` is text.

use super::lines::{Line, clean_chars};

const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dd",
    "dt",
    "hr",
    "body",
    "center",
];

const SKIPPED: &[&str] = &["script", "style", "head", "noscript", "template"];

struct Builder {
    out: Vec<Line>,
    text: String,
    offset: Option<usize>,
    centred: bool,
    space: bool,
}

impl Builder {
    fn push_text(&mut self, s: &str, at: usize) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.text.is_empty() {
                    self.offset.get_or_insert(at);
                } else if self.space {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push(c);
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = clean_chars(&self.text);
            self.out.push(Line {
                text: text.trim().to_string(),
                indent: 0,
                offset: self.offset.unwrap_or(0),
                page: 0,
                centred: self.centred,
            });
        }
        self.text.clear();
        self.offset = None;
        self.space = false;
    }
}

/// Reads an HTML page into lines.
pub fn lines(html: &str) -> Vec<Line> {
    let mut b = Builder {
        out: Vec::new(),
        text: String::new(),
        offset: None,
        centred: false,
        space: false,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    // Inside a skipped element: its name, until its end tag.
    let mut skipping: Option<&str> = None;
    let mut in_title = false;
    while i < bytes.len() {
        let Some(lt) = memchr::memchr(b'<', bytes.get(i..).unwrap_or(&[])).map(|j| i + j) else {
            if skipping.is_none() {
                push_raw(&mut b, html.get(i..).unwrap_or(""), i);
            }
            break;
        };
        if skipping.is_none() && lt > i {
            push_raw(&mut b, html.get(i..lt).unwrap_or(""), i);
        }
        let rest = html.get(lt..).unwrap_or("");
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(e) => lt + e + 3,
                None => bytes.len(),
            };
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', bytes.get(lt..).unwrap_or(&[])).map(|j| lt + j) else {
            // An unterminated `<`: the rest is text.
            if skipping.is_none() {
                push_raw(&mut b, rest, lt);
            }
            break;
        };
        let tag = html.get(lt + 1..gt).unwrap_or("");
        i = gt + 1;
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(body.len());
        let name = body.get(..name_end).unwrap_or("").to_ascii_lowercase();
        if let Some(s) = skipping {
            if closing && name == s {
                skipping = None;
            } else if s == "head" && name == "title" {
                in_title = !closing;
                b.flush();
                b.centred = !closing;
            }
            if in_title && skipping.is_some() {
                // The title's text: read it although the head is skipped.
                let end = html
                    .get(i..)
                    .and_then(|r| r.find('<'))
                    .map_or(bytes.len(), |e| i + e);
                push_raw(&mut b, html.get(i..end).unwrap_or(""), i);
                i = end;
            }
            continue;
        }
        if !closing
            && let Some(s) = SKIPPED.iter().find(|s| **s == name)
            && !tag.ends_with('/')
        {
            b.flush();
            skipping = Some(s);
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            b.flush();
            if name == "br" {
                // A line break inside a heading keeps the heading's marking.
                continue;
            }
            if closing {
                b.centred = false;
            } else {
                let attrs = body.get(name_end..).unwrap_or("").to_ascii_lowercase();
                b.centred = name.starts_with('h') && name.len() == 2
                    || name == "center"
                    || name == "title"
                    || attrs.contains("center");
            }
        }
    }
    b.flush();
    b.out
}

/// Adds the raw text found at byte `at`, decoded; the line's offset is that of its first
/// character that is not white space.
fn push_raw(b: &mut Builder, raw: &str, at: usize) {
    let lead = raw.len() - raw.trim_start().len();
    b.push_text(&decode_entities(raw), at + lead);
}

/// Decodes character references: the named ones legal pages use, and numeric ones. Unknown
/// names are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        // A reference is at most 10 characters before its `;`.
        let semi = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|e| {
            let name = after.get(..e)?;
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    num.parse::<u32>().ok()?
                };
                char::from_u32(n).filter(|c| *c != '\0')?
            } else {
                named(name)?
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = after.get(e + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "ndash" => '–',
        "mdash" => '—',
        "bdquo" => '„',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "sect" => '§',
        "deg" => '°',
        "euro" => '€',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<(String, bool)> {
        lines(html)
            .into_iter()
            .map(|l| (l.text, l.centred))
            .collect()
    }

    #[test]
    fn blocks_and_breaks_end_lines() {
        let html = "<html><head><style>p{}</style><title>Kodi</title></head><body>\
            <h3 style='text-align: center;'><b>Naslov<br>Član 1</b></h3>\
            <p>(1) Ko   neovlašćeno\n  nabavi &amp; drži oružje&#44; kazniće se.</p>\
            <script>var x = '<p>no</p>';</script><p>kraj</body>";
        assert_eq!(
            texts(html),
            vec![
                ("Kodi".to_string(), true),
                ("Naslov".to_string(), true),
                ("Član 1".to_string(), true),
                (
                    "(1) Ko neovlašćeno nabavi & drži oružje, kazniće se.".to_string(),
                    false
                ),
                ("kraj".to_string(), false),
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_html() {
        let html = "<p>abc</p><p>Član 2</p>";
        let l = lines(html);
        assert_eq!(&html[l[1].offset..l[1].offset + 2], "Č");
    }

    #[test]
    fn hostile_html_stays_text() {
        assert_eq!(
            texts("a < b &unknown; &#0; &#xZZ;")[0].0,
            "a < b &unknown; &#0; &#xZZ;"
        );
        assert_eq!(texts("<p>x<!-- never closed").len(), 1);
        assert!(texts("<script>").is_empty());
    }
}
