//! The one CSV writer: every CSV lexgap writes (`analyze --format csv`, the report CSVs) goes
//! through [`field`] and [`row`].
//!
//! RFC 4180 with spreadsheets in mind:
//! - rows end in CRLF;
//! - a field is quoted (inner `"` doubled) when it holds `,` or `;` — so it stays one cell in
//!   Excel and LibreOffice whichever separator the user's locale reads (`;` in the sr, sq and
//!   mk locales) — or a quote, CR, LF or tab;
//! - a field a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`, tab
//!   or CR, as OWASP's CSV-injection guidance lists — is prefixed with `'`, which spreadsheets
//!   show as text. The same is done inside a field after each `,`, `;`, tab or line break
//!   (and any spaces after it): a spreadsheet that reads the file with the other separator
//!   does not see the quotes as quotes and starts a new cell there (`x;=1+1` would become a
//!   formula cell in a `;` locale). Numbers lexgap writes are never negative and hold no
//!   separator, so no number is changed; text reads `a; '=b` where it said `a; =b`.

/// Characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One field, defused and quoted as the module describes.
pub fn field(s: &str) -> String {
    let mut defused = String::with_capacity(s.len() + 2);
    let mut boundary = true;
    for c in s.chars() {
        if boundary && FORMULA_START.contains(&c) {
            defused.push('\'');
        }
        defused.push(c);
        boundary = matches!(c, ',' | ';' | '\t' | '\n' | '\r') || (boundary && c == ' ');
    }
    if defused.contains([',', ';', '"', '\n', '\r', '\t']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Appends one row (fields separated by `,`, CRLF at the end).
pub fn row<S: AsRef<str>>(out: &mut String, fields: impl IntoIterator<Item = S>) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&field(f.as_ref()));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("a; b"), "\"a; b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-x, y"), "\"'-x, y\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("x;=1+1;"), "\"x;'=1+1;\"");
        assert_eq!(field("a, -b; c"), "\"a, '-b; c\"");
        assert_eq!(field("a\n@b"), "\"a\n'@b\"");
        assert_eq!(field("a=b-c"), "a=b-c");
    }

    #[test]
    fn rows_end_in_crlf() {
        let mut out = String::new();
        row(&mut out, ["a", "=b", "c;d"]);
        assert_eq!(out, "a,'=b,\"c;d\"\r\n");
    }
}
