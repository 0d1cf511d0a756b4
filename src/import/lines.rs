//! The input cut into lines: each with its text (indentation removed), its indentation in
//! columns, the byte offset of its first character in the input (for located warnings), and the
//! page it is on (`pdftotext` separates pages with a form feed).

/// One line of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line without its indentation and trailing white space.
    pub text: String,
    /// Indentation in columns (a tab advances to the next multiple of 8).
    pub indent: usize,
    /// Byte offset of the first character of `text` in the input.
    pub offset: usize,
    /// Page number, from 0.
    pub page: usize,
    /// The line stands out as a heading where indentation cannot tell (an HTML heading or a
    /// centred paragraph).
    pub centred: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits plain text into lines. A form feed starts a new page (it may stand at the start of a
/// line, as `pdftotext` puts it, or alone on one). Control characters other than tab become
/// spaces. Linear in the input.
pub fn split(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut page = 0;
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let line_start = start;
        start += piece.len();
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let mut indent = 0;
        let mut first = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '\u{C}' => page += 1,
                ' ' | '\u{A0}' => indent += 1,
                '\t' => indent = (indent / 8 + 1) * 8,
                '\u{FEFF}' => {}
                _ => {
                    first = i;
                    break;
                }
            }
        }
        let rest = body.get(first..).unwrap_or("");
        let text = clean_chars(rest);
        out.push(Line {
            text: text.trim_end().to_string(),
            indent,
            offset: line_start + first,
            page,
            centred: false,
        });
        // A form feed after the text ends the page too.
        page += rest.matches('\u{C}').count();
    }
    out
}

/// Removes what is not text: control characters (form feeds within a line included) become
/// spaces, soft hyphens and zero-width characters are dropped.
pub fn clean_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
            '\u{A0}' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_offsets_indentation_and_pages() {
        let text = "  Член 1\nТекст.\n\u{C}   Член 2\r\n\tx";
        let l = split(text);
        assert_eq!(l.len(), 4);
        assert_eq!(
            (l[0].text.as_str(), l[0].indent, l[0].page),
            ("Член 1", 2, 0)
        );
        assert_eq!(&text[l[0].offset..l[0].offset + 4], "Чл");
        assert_eq!(
            (l[2].text.as_str(), l[2].indent, l[2].page),
            ("Член 2", 3, 1)
        );
        assert_eq!(&text[l[2].offset..l[2].offset + 2], "Ч");
        assert_eq!((l[3].text.as_str(), l[3].indent), ("x", 8));
    }

    #[test]
    fn soft_hyphens_and_controls_go() {
        assert_eq!(clean_chars("ору\u{AD}жје\u{7}x"), "оружје x");
    }
}
