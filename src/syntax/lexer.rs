//! Lines and tokens.
//!
//! The language is line-oriented: structure comes from indentation, and each line is one
//! statement. [`split_lines`] cuts the file into [`Line`]s with their indentation measured;
//! [`Cursor`] then reads the tokens of one line with small nom parsers, and turns every failure
//! into a [`LineError`] that says what was expected at which byte — the raw material of the
//! located diagnostics the parser emits.

use nom::Parser;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::digit1;
use nom::combinator::recognize;

use super::ast::{Bound, Comment, Duration, UnitNumber, Value};
use super::span::{Span, Spanned};

/// The number of columns a tab advances to (the next multiple of this).
pub const TAB_WIDTH: usize = 8;

/// The longest article, paragraph or point number lexgap accepts. Real statutes stay far below;
/// the limit keeps a garbled line from producing a 500-digit address.
pub const MAX_NUMBER_LEN: usize = 24;

/// One physical line of the file.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// Indentation width in columns (tabs expanded).
    pub indent: usize,
    /// The line after its indentation, without the line end (`\r\n` or `\n`).
    pub content: &'a str,
    /// Byte offset of `content` in the file.
    pub offset: usize,
}

impl<'a> Line<'a> {
    #[inline]
    pub fn is_blank(&self) -> bool {
        // Most lines start with a letter or `#`: decide on the first byte when it is ASCII.
        match self.content.as_bytes().first() {
            None => true,
            Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
            Some(_) => self.content.trim().is_empty(),
        }
    }

    #[inline]
    pub fn is_comment(&self) -> bool {
        self.content.starts_with('#')
    }

    /// The span of the line's content, without trailing whitespace.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.offset, self.offset + trim_line_end(self.content).len())
    }

    /// The first word, for dispatch.
    #[inline]
    pub fn keyword(&self) -> &'a str {
        let stop = |c: char| c.is_whitespace() || c == ':' || c == '#';
        // Keywords are ASCII: scan bytes, and fall back to characters at the first non-ASCII one.
        let bytes = self.content.as_bytes();
        let end = match bytes
            .iter()
            .position(|&b| !b.is_ascii() || stop(char::from(b)))
        {
            Some(i) if bytes.get(i).is_some_and(|b| !b.is_ascii()) => self
                .content
                .get(i..)
                .and_then(|rest| rest.find(stop))
                .map_or(self.content.len(), |j| i + j),
            Some(i) => i,
            None => self.content.len(),
        };
        self.content.get(..end).unwrap_or("")
    }
}

/// Cuts `text` into lines, measuring indentation (see [`LineCursor`]).
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    // Statute text averages 60–80 bytes a line; a close guess saves most regrowth of the vector.
    let mut lines = Vec::with_capacity(text.len() / 48 + 1);
    let mut cursor = LineCursor::new(text);
    while let Some(line) = cursor.current() {
        lines.push(line);
        cursor.advance();
    }
    lines
}

/// The lines of a text, cut one at a time as a reader reaches them.
///
/// The parser reads line after line and never looks back or further ahead than the current
/// line, so it needs no table of every line: for a 1.3 MB act that table was 800 KB, competing
/// for the processor's cache with the text and the tree being built. Every byte of every file
/// passes through here, so line ends are found with `memchr` and indentation is measured on
/// bytes (spaces and tabs are ASCII).
#[derive(Clone, Debug)]
pub struct LineCursor<'a> {
    text: &'a str,
    current: Option<Line<'a>>,
    /// Where the current line starts (its indentation included); the text's length past its end.
    start: usize,
    /// Where the line after the current one starts.
    next: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor on the first line of `text`.
    pub fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor::at(text, 0)
    }

    /// A cursor on the line of `text` that starts at byte `start` (0, or just after a `\n`):
    /// offsets stay those of the whole text, so one part of a file can be read on its own and
    /// its spans still point into the file.
    pub fn at(text: &'a str, start: usize) -> LineCursor<'a> {
        let mut cursor = LineCursor {
            text,
            current: None,
            start,
            next: start,
        };
        cursor.advance();
        cursor
    }

    /// Where the current line starts, its indentation included (the text's length past the end).
    #[inline]
    pub fn line_start(&self) -> usize {
        self.start
    }

    /// The current line; None past the end of the text.
    #[inline]
    pub fn current(&self) -> Option<Line<'a>> {
        self.current
    }

    /// Moves to the next line.
    pub fn advance(&mut self) {
        let bytes = self.text.as_bytes();
        let start = self.next;
        if start >= bytes.len() {
            self.start = bytes.len();
            self.current = None;
            return;
        }
        self.start = start;
        let (end, next) = match bytes
            .get(start..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        let body_end = if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        // Runs of spaces first (the usual indentation), then byte by byte only if a tab follows
        // (the byte at `body_end` is a line end, never a tab).
        let spaces = bytes.get(start..body_end).map_or(0, leading_spaces);
        let mut indent = spaces;
        let mut skip = start + spaces;
        if bytes.get(skip) == Some(&b'\t') {
            while skip < body_end {
                match bytes.get(skip) {
                    Some(b' ') => indent += 1,
                    Some(b'\t') => indent = (indent / TAB_WIDTH + 1) * TAB_WIDTH,
                    _ => break,
                }
                skip += 1;
            }
        }
        self.current = Some(Line {
            indent,
            // `skip` and `body_end` sit next to ASCII bytes (space, tab, CR, LF) or at the
            // ends of the text, so both are character boundaries.
            content: self.text.get(skip..body_end).unwrap_or(""),
            offset: skip,
        });
        self.next = next;
    }
}

/// How many spaces `b` starts with, eight bytes at a time: continuation lines of statute text
/// are indented ten columns and more, and every line of every file passes here.
fn leading_spaces(b: &[u8]) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let mut n = 0;
    while let Some(chunk) = b.get(n..n + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let other = u64::from_le_bytes(chunk) ^ SPACES;
        if other != 0 {
            // The lowest non-zero byte of `other` is the first byte that is not a space.
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + b
        .get(n..)
        .map_or(0, |rest| rest.iter().take_while(|&&c| c == b' ').count())
}

/// `line.trim_end()`, deciding on the last byte when it is ASCII and not whitespace — as it
/// is at the end of nearly every line (a letter, a digit, a quote, a full stop). Every line of
/// every file is trimmed so; a non-ASCII last byte (`ž`, `ш`, or a Unicode space) takes
/// `trim_end`'s own path.
#[inline]
pub fn trim_line_end(line: &str) -> &str {
    match line.as_bytes().last() {
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => line,
        _ => line.trim_end(),
    }
}

/// Splits a trailing `# comment` off a statement line. A `#` inside a quoted string is not a
/// comment. Returns the statement (trimmed at the end) and the comment, if any.
pub fn split_comment(content: &str, offset: usize) -> (&str, Option<Comment>) {
    // Most statement lines have no `#` at all.
    if memchr::memchr(b'#', content.as_bytes()).is_none() {
        return (trim_line_end(content), None);
    }
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in content.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            let stmt = content.get(..i).unwrap_or("").trim_end();
            let text = content.get(i + 1..).unwrap_or("").trim_end().to_string();
            let comment = Comment {
                text,
                span: Span::new(offset + i, offset + content.trim_end().len()),
            };
            return (stmt, Some(comment));
        }
    }
    (trim_line_end(content), None)
}

/// What went wrong on a line: the offending text, what was expected there, and an optional hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub span: Span,
    pub expected: String,
    pub found: String,
    pub hint: Option<String>,
}

type NomResult<'a, O> = nom::IResult<&'a str, O, nom::error::Error<&'a str>>;

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// An identifier: an ASCII letter or digit, then letters, digits, `-` and `_`. The hottest
/// token (every tag value, language and facet): the bytes are scanned directly rather than
/// through `take_while`'s character decoding; the result is nom's, as for the other tokens.
fn ident_token(input: &str) -> NomResult<'_, &str> {
    let bytes = input.as_bytes();
    if !bytes
        .first()
        .is_some_and(|&b| is_ident_start(char::from(b)))
    {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TakeWhile1,
        )));
    }
    let n = bytes
        .iter()
        .take_while(|&&b| is_ident_char(char::from(b)))
        .count();
    // `n` counts ASCII bytes from the start, so it is a character boundary.
    match input.split_at_checked(n) {
        Some((tok, rest)) => Ok((rest, tok)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TakeWhile1,
        ))),
    }
}

/// A unit number's token: an ASCII letter or digit, then letters (ASCII or Cyrillic), digits,
/// `-` and `/`. Numbers are nearly always ASCII (`348`, `278/a`, `5bis`): those are scanned
/// byte by byte; a token that goes on into a non-ASCII character takes the general path.
fn number_token(input: &str) -> NomResult<'_, &str> {
    let bytes = input.as_bytes();
    let ascii = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'/';
    let n = bytes.iter().take_while(|b| ascii(b)).count();
    // Past an ASCII byte outside the set the general path stops too (no Cyrillic letter is
    // ASCII), so the token is the same.
    if bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.get(n).is_none_or(u8::is_ascii)
        && let Some((tok, rest)) = input.split_at_checked(n)
    {
        return Ok((rest, tok));
    }
    number_token_general(input)
}

fn number_token_general(input: &str) -> NomResult<'_, &str> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphanumeric()),
        take_while(|c: char| {
            c.is_ascii_alphanumeric()
                || c == '-'
                || c == '/'
                || super::numbering::is_cyrillic_letter(c)
        }),
    ))
    .parse(input)
}

/// Reads the tokens of one statement line, left to right.
pub struct Cursor<'a> {
    rest: &'a str,
    /// Byte offset of `rest` in the file.
    offset: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    pub fn new(stmt: &'a str, offset: usize) -> Cursor<'a> {
        Cursor { rest: stmt, offset }
    }

    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    #[inline]
    pub fn rest(&self) -> &'a str {
        self.rest
    }

    #[inline]
    fn advance(&mut self, n: usize) {
        let n = n.min(self.rest.len());
        self.rest = self.rest.get(n..).unwrap_or("");
        self.offset += n;
    }

    /// Skips spaces and tabs.
    #[inline]
    pub fn skip_space(&mut self) {
        // Most tokens follow their neighbour after no space or one.
        if !matches!(self.rest.as_bytes().first(), Some(b' ' | b'\t')) {
            return;
        }
        let n = self
            .rest
            .bytes()
            .take_while(|&b| b == b' ' || b == b'\t')
            .count();
        self.advance(n);
    }

    #[inline]
    pub fn at_end(&mut self) -> bool {
        self.skip_space();
        self.rest.is_empty()
    }

    /// The next word (up to whitespace or punctuation), for error messages.
    pub fn peek_word(&self) -> &'a str {
        let end = self
            .rest
            .char_indices()
            .find(|&(i, c)| {
                c.is_whitespace() || (i > 0 && matches!(c, ',' | ':' | '"' | '=' | '+'))
            })
            .map_or(self.rest.len(), |(i, _)| i);
        self.rest
            .get(..end.max(self.rest.chars().next().map_or(0, char::len_utf8)))
            .unwrap_or("")
    }

    /// An error at the current position: `expected` there, showing what was found.
    pub fn error(&self, expected: impl Into<String>) -> LineError {
        let word = self.peek_word();
        let (span, found) = if word.is_empty() {
            (
                Span::new(self.offset, self.offset),
                "the end of the line".to_string(),
            )
        } else {
            (
                Span::new(self.offset, self.offset + word.len()),
                describe(word),
            )
        };
        LineError {
            span,
            expected: expected.into(),
            found,
            hint: None,
        }
    }

    /// Consumes `word` if the line continues with it as a whole word.
    #[inline]
    pub fn eat_word(&mut self, word: &str) -> bool {
        self.skip_space();
        // A word ends where no identifier character follows; those are ASCII, so the byte
        // after the word decides (a non-ASCII lead byte is no identifier character either).
        if let Some(after) = self.rest.strip_prefix(word)
            && !after
                .as_bytes()
                .first()
                .is_some_and(|&b| is_ident_char(char::from(b)))
        {
            self.advance(word.len());
            return true;
        }
        false
    }

    /// Consumes the punctuation `p` if it comes next.
    #[inline]
    pub fn eat_punct(&mut self, p: &str) -> bool {
        self.skip_space();
        if self.rest.starts_with(p) {
            self.advance(p.len());
            return true;
        }
        false
    }

    #[inline]
    pub fn expect_punct(&mut self, p: &str, expected: &str) -> Result<Span, LineError> {
        self.skip_space();
        let start = self.offset;
        if self.eat_punct(p) {
            Ok(Span::new(start, self.offset))
        } else {
            Err(self.error(expected))
        }
    }

    /// An identifier: ASCII letters, digits, `-` and `_`, starting with a letter or digit.
    pub fn ident(&mut self, expected: &str) -> Result<Spanned<String>, LineError> {
        self.ident_str(expected).map(|t| t.map(str::to_string))
    }

    /// [`Cursor::ident`], borrowed from the line.
    #[inline]
    pub fn ident_str(&mut self, expected: &str) -> Result<Spanned<&'a str>, LineError> {
        self.skip_space();
        match ident_token(self.rest) {
            Ok((_, tok)) => {
                let start = self.offset;
                self.advance(tok.len());
                Ok(Spanned::new(tok, Span::new(start, self.offset)))
            }
            Err(_) => Err(self.ident_error(expected)),
        }
    }

    /// Explains why an identifier could not be read, naming invisible or look-alike characters.
    fn ident_error(&self, expected: &str) -> LineError {
        let mut e = self.error(expected);
        if let Some(c) = self.rest.chars().next()
            && !c.is_ascii()
        {
            e.span = Span::new(self.offset, self.offset + c.len_utf8());
            e.found = format!("the character {}", char_name(c));
            e.hint = Some(
                "identifiers (tags, act ids, languages) use ASCII letters, digits and `-`; \
                 retype the word, or remove the invisible character"
                    .to_string(),
            );
        }
        e
    }

    /// A tag value: a term (see [`Cursor::term`]) or `?`.
    pub fn value(&mut self, expected: &str) -> Result<Spanned<Value>, LineError> {
        self.skip_space();
        let start = self.offset;
        if self.eat_punct("?") {
            return Ok(Spanned::new(Value::Unknown, Span::new(start, self.offset)));
        }
        Ok(self.term(expected)?.map(Value::Ident))
    }

    /// A term: a vocabulary value, or a word an act defines in its own script (`оружје`).
    /// Letters of any one script, digits, `-` and `_`, starting with a letter or digit; lowercase
    /// where the script has case; NFC-normalised. Invisible, directional and other format
    /// characters are refused by name, as is a word mixing scripts (a confusable: `оружje` with
    /// a Latin `j` looks like `оружје` and is another word).
    pub fn term(&mut self, expected: &str) -> Result<Spanned<String>, LineError> {
        self.skip_space();
        let start = self.offset;
        // Nearly every term is ASCII: take that path unless a non-ASCII character follows.
        if let Ok((rest, tok)) = ident_token(self.rest)
            && rest
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii() || c.is_whitespace())
        {
            if let Some(e) = uppercase_error(tok, start) {
                return Err(e);
            }
            self.advance(tok.len());
            return Ok(Spanned::new(tok.to_string(), Span::new(start, self.offset)));
        }
        let len: usize = self
            .rest
            .char_indices()
            .take_while(|&(i, c)| {
                if i == 0 {
                    c.is_alphanumeric()
                } else {
                    is_term_char(c)
                }
            })
            .map(|(_, c)| c.len_utf8())
            .sum();
        if len == 0 {
            return Err(self.term_error(expected));
        }
        let tok = self.rest.get(..len).unwrap_or("");
        let span = Span::new(start, start + len);
        if let Some(c) = self.rest.get(len..).and_then(|r| r.chars().next())
            && !c.is_ascii()
            && !c.is_whitespace()
        {
            self.advance(len);
            let mut e = self.term_error(expected);
            e.expected = format!("the rest of `{tok}`");
            return Err(e);
        }
        if let Some(e) = uppercase_error(tok, start) {
            return Err(e);
        }
        if let Some((a, b)) = mixed_scripts(tok) {
            return Err(LineError {
                span,
                expected: expected.to_string(),
                found: format!("`{tok}`, which mixes {a} and {b} letters"),
                hint: Some(format!(
                    "letters that look alike in {a} and {b} are different characters, so this \
                     is not the word it looks like; retype it in one script"
                )),
            });
        }
        self.advance(len);
        let normalized: String = unicode_normalization::UnicodeNormalization::nfc(tok).collect();
        Ok(Spanned::new(normalized, span))
    }

    /// Why a term could not be read, naming invisible or look-alike characters.
    fn term_error(&self, expected: &str) -> LineError {
        let mut e = self.ident_error(expected);
        if e.hint.is_some() {
            e.hint = Some(
                "terms use letters (of one script), digits and `-`; retype the word, or remove \
                 the invisible character"
                    .to_string(),
            );
        }
        e
    }

    /// A narrowing element: a value, or words in quotes (`"in a dwelling"`), never empty.
    pub fn element(&mut self, expected: &str) -> Result<Spanned<Value>, LineError> {
        self.skip_space();
        if !self.rest.starts_with('"') {
            return self.value(expected);
        }
        let s = self.string(expected)?;
        if s.node.trim().is_empty() {
            return Err(LineError {
                span: s.span,
                expected: "the narrowing element in words, such as `\"in a dwelling\"`".into(),
                found: "an empty string".into(),
                hint: Some(
                    "write the element the statute demands, or remove it if there is none".into(),
                ),
            });
        }
        Ok(s.map(Value::Words))
    }

    /// `e1, e2, …` — one or more narrowing elements separated by commas.
    pub fn element_list(&mut self, expected: &str) -> Result<Vec<Spanned<Value>>, LineError> {
        let mut out = vec![self.element(expected)?];
        while self.eat_punct(",") {
            out.push(self.element(expected)?);
        }
        Ok(out)
    }

    /// `v1, v2, …` — one or more values separated by commas.
    pub fn value_list(&mut self, expected: &str) -> Result<Vec<Spanned<Value>>, LineError> {
        let mut out = vec![self.value(expected)?];
        while self.eat_punct(",") {
            out.push(self.value(expected)?);
        }
        Ok(out)
    }

    /// A unit number such as `348`, `278/a`, `396-a`, `403a`, `5bis`, or `?`.
    pub fn unit_number(&mut self, expected: &str) -> Result<Spanned<UnitNumber>, LineError> {
        self.skip_space();
        let start = self.offset;
        if self.eat_punct("?") {
            return Ok(Spanned::new(
                UnitNumber::Unknown,
                Span::new(start, self.offset),
            ));
        }
        let Ok((_, tok)) = number_token(self.rest) else {
            return Err(self.ident_error(expected));
        };
        if tok.ends_with(['-', '/']) {
            let mut e = self.error(expected);
            e.span = Span::new(start, start + tok.len());
            e.found = format!(
                "`{tok}`, which ends in `{}`",
                tok.chars().last().unwrap_or('-')
            );
            return Err(e);
        }
        // Nearly every number is ASCII: its letters are all Latin (it mixes no scripts) and it
        // has as many characters as bytes, which spares a pass over its characters for each.
        let ascii = tok.is_ascii();
        if !ascii && super::numbering::mixed_scripts(tok) {
            return Err(LineError {
                span: Span::new(start, start + tok.len()),
                expected: expected.to_string(),
                found: format!("`{tok}`, which mixes Latin and Cyrillic letters"),
                hint: Some(
                    "the letters of a number are of one script, as the code prints them: `396-а` (Cyrillic) and `396-a` (Latin) look alike but are different numbers; retype the letter"
                        .into(),
                ),
            });
        }
        self.advance(tok.len());
        let span = Span::new(start, self.offset);
        let chars = if ascii {
            tok.len()
        } else {
            tok.chars().count()
        };
        if chars > MAX_NUMBER_LEN {
            return Err(LineError {
                span,
                expected: format!("a number of at most {MAX_NUMBER_LEN} characters"),
                found: format!("a number of {chars} characters"),
                hint: Some("article, paragraph and point numbers are short labels such as 348, 396-a or 5bis".into()),
            });
        }
        Ok(Spanned::new(UnitNumber::Known(tok.to_string()), span))
    }

    /// A double-quoted string with `\"` and `\\` escapes.
    pub fn string(&mut self, expected: &str) -> Result<Spanned<String>, LineError> {
        self.skip_space();
        let start = self.offset;
        if !self.rest.starts_with('"') {
            return Err(self.error(expected));
        }
        // Most strings have no escapes: take them in one piece up to the closing quote.
        let body = self.rest.get(1..).unwrap_or("");
        if let Some(i) = memchr::memchr2(b'"', b'\\', body.as_bytes())
            && body.as_bytes().get(i) == Some(&b'"')
        {
            let out = body.get(..i).unwrap_or("").to_string();
            self.advance(i + 2);
            return Ok(Spanned::new(out, Span::new(start, self.offset)));
        }
        let mut out = String::new();
        let mut chars = self.rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.advance(i + 1);
                    return Ok(Spanned::new(out, Span::new(start, self.offset)));
                }
                '\\' => match chars.next() {
                    Some((_, '"')) => out.push('"'),
                    Some((_, '\\')) => out.push('\\'),
                    Some((j, other)) => {
                        return Err(LineError {
                            span: Span::new(start + i, start + j + other.len_utf8()),
                            expected: "`\\\"` or `\\\\`".into(),
                            found: format!("`\\{other}`"),
                            hint: Some("inside quotes, only \\\" and \\\\ are escapes; write other characters as they are".into()),
                        });
                    }
                    None => break,
                },
                _ => out.push(c),
            }
        }
        Err(LineError {
            span: Span::new(start, start + self.rest.len()),
            expected: "a closing `\"`".into(),
            found: "the end of the line".into(),
            hint: Some("strings end on the line they start on".into()),
        })
    }

    /// A quoted string that must end the line: the shape of `source "…"` and `note "…"`.
    pub fn string_to_end(
        &mut self,
        expected: &str,
        what: &str,
    ) -> Result<Spanned<String>, LineError> {
        let s = self.string(expected)?;
        self.expect_end(&format!("the end of the line after the quoted {what}"))?;
        Ok(s)
    }

    /// A duration such as `5y`, `6m`, `1y6m`, `30d`, or `?`.
    pub fn bound(&mut self, expected: &str) -> Result<Spanned<Bound>, LineError> {
        self.skip_space();
        let start = self.offset;
        if self.eat_punct("?") {
            return Ok(Spanned::new(Bound::Unknown, Span::new(start, self.offset)));
        }
        let mut d = Duration::default();
        let mut seen = String::new();
        while let Ok((after, digits)) = digit1::<&str, nom::error::Error<&str>>(self.rest) {
            let unit = after.chars().next();
            let slot = match unit {
                Some('y') if !seen.contains('y') && seen.is_empty() => &mut d.years,
                Some('m') if !seen.contains('m') && !seen.contains('d') => &mut d.months,
                Some('d') if !seen.contains('d') => &mut d.days,
                _ => {
                    let mut e = self.error(expected);
                    e.span = Span::new(
                        start,
                        self.offset + digits.len() + unit.map_or(0, char::len_utf8),
                    );
                    e.found = format!(
                        "`{}`",
                        self.rest
                            .get(..digits.len() + unit.map_or(0, char::len_utf8))
                            .unwrap_or(digits)
                    );
                    e.hint = Some(
                        "write years, months and days in that order, each once: 5y, 6m, 1y6m, 30d"
                            .into(),
                    );
                    return Err(e);
                }
            };
            let Ok(n) = digits.parse::<u32>() else {
                let mut e = self.error(expected);
                e.found = format!("the number {digits}, which is too large");
                return Err(e);
            };
            *slot = n;
            if let Some(u) = unit {
                seen.push(u);
            }
            self.advance(digits.len() + 1);
        }
        if seen.is_empty() {
            return Err(self.error(expected));
        }
        Ok(Spanned::new(Bound::Known(d), Span::new(start, self.offset)))
    }

    /// Succeeds when nothing but whitespace is left.
    pub fn expect_end(&mut self, expected: &str) -> Result<(), LineError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }
}

/// Whether a character may continue a term: a letter or digit of any script, a combining mark
/// (a decomposed accent, composed by NFC afterwards), `-` or `_`.
fn is_term_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

/// An error for a term with a capital letter: terms are lowercase where the script has case.
fn uppercase_error(tok: &str, start: usize) -> Option<LineError> {
    if !tok.chars().any(char::is_uppercase) {
        return None;
    }
    Some(LineError {
        span: Span::new(start, start + tok.len()),
        expected: "a lowercase term".into(),
        found: format!("`{tok}`"),
        hint: Some(format!("write `{}`", tok.to_lowercase())),
    })
}

/// The scripts of the letters of a word, when there are two or more: the first two found.
fn mixed_scripts(tok: &str) -> Option<(&'static str, &'static str)> {
    let mut first: Option<&'static str> = None;
    for c in tok.chars().filter(|c| c.is_alphabetic()) {
        let s = script(c);
        match first {
            None => first = Some(s),
            Some(f) if f != s => return Some((f, s)),
            Some(_) => {}
        }
    }
    None
}

/// The script of a letter, by Unicode block: the scripts confusable terms are made of in
/// practice (Latin, Cyrillic, Greek, and the other alphabets of the region's neighbours) are told
/// apart; letters of any other block count as one script, so a mix of two of those is not
/// caught.
fn script(c: char) -> &'static str {
    match u32::from(c) {
        0x0041..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => {
            "Latin"
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x10A0..=0x10FF | 0x2D00..=0x2D2F => "Georgian",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F => "Arabic",
        _ => "another script",
    }
}

/// How a piece of text is shown in "found …".
fn describe(word: &str) -> String {
    match word.chars().next() {
        Some(c) if !c.is_ascii() && (c.is_whitespace() || c.is_control() || is_invisible(c)) => {
            format!("the character {}", char_name(c))
        }
        _ => format!("`{word}`"),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// A readable name for a character, with its code point: invisible and directional characters
/// are the ones that make an identifier look right and still fail.
pub fn char_name(c: char) -> String {
    match special_name(c) {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None => format!("`{c}` (U+{:04X})", u32::from(c)),
    }
}

/// Whether [`char_name`] names `c` (an invisible, formatting, control or space character)
/// rather than showing it: the test without building the name.
pub fn has_special_name(c: char) -> bool {
    special_name(c).is_some()
}

/// The name of a character [`char_name`] names rather than shows.
fn special_name(c: char) -> Option<&'static str> {
    let name = match c {
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}'..='\u{202E}' => "a bidirectional formatting character",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{2013}' => "EN DASH",
        '\u{2014}' => "EM DASH",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        _ if c.is_control() => "a control character",
        _ if c.is_whitespace() => "a space character",
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_has_a_special_name_exactly_when_char_name_names_it() {
        let chars = (0u32..0x3100)
            .chain([0xFEFF, 0x1F600])
            .filter_map(char::from_u32);
        for c in chars {
            assert_eq!(
                has_special_name(c),
                !char_name(c).starts_with('`'),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn measures_indentation() {
        let lines = split_lines("a\n  b\r\n\tc\n");
        assert_eq!(
            lines.iter().map(|l| l.indent).collect::<Vec<_>>(),
            [0, 2, 8]
        );
        assert_eq!(lines[1].content, "b");
        assert_eq!(lines[2].offset, 8);
    }

    /// The straightforward cut (`split_inclusive` and `char_indices`) that [`split_lines`] must
    /// agree with.
    fn split_lines_reference(text: &str) -> Vec<(usize, &str, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.strip_suffix('\n').unwrap_or(raw);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let (mut indent, mut skip) = (0, 0);
            for (i, c) in body.char_indices() {
                match c {
                    ' ' => indent += 1,
                    '\t' => indent = (indent / TAB_WIDTH + 1) * TAB_WIDTH,
                    _ => {
                        skip = i;
                        break;
                    }
                }
                skip = i + c.len_utf8();
            }
            out.push((indent, &body[skip..], start + skip));
            start += raw.len();
        }
        out
    }

    proptest::proptest! {
        /// The byte-level shortcuts of `keyword`, `is_blank`, `trim_line_end`, `split_comment`,
        /// `number_token` and `string` say what their character-level definitions say.
        #[test]
        fn line_shortcuts_agree_with_their_definitions(content in "[ \t\u{B}\u{202F}a-z:#\"\\\\Жë]{0,30}") {
            let line = Line { indent: 0, content: &content, offset: 0 };
            let end = content.find(|c: char| c.is_whitespace() || c == ':' || c == '#').unwrap_or(content.len());
            proptest::prop_assert_eq!(line.keyword(), &content[..end]);
            proptest::prop_assert_eq!(line.is_blank(), content.trim().is_empty());
            proptest::prop_assert_eq!(trim_line_end(&content), content.trim_end());
            let numbered = format!("{content}5/a-b абв ");
            for start in 0..numbered.len() {
                if let Some(at) = numbered.get(start..) {
                    proptest::prop_assert_eq!(
                        number_token(at).map_err(|e| e.map(|e| e.input)),
                        number_token_general(at).map_err(|e| e.map(|e| e.input))
                    );
                }
            }
            let (stmt, comment) = split_comment(&content, 0);
            if !content.contains('#') {
                proptest::prop_assert_eq!(stmt, content.trim_end());
                proptest::prop_assert!(comment.is_none());
            }
            let quoted = format!("\"{content}");
            let mut c = Cursor::new(&quoted, 0);
            if let Ok(s) = c.string("a string") {
                // Without escapes, the value is the quoted text as it stands.
                let raw = &quoted[1..s.span.end as usize - 1];
                if !raw.contains('\\') {
                    proptest::prop_assert_eq!(s.node, raw);
                }
            }
        }

        /// `unit_number`'s shortcut for ASCII numbers: no ASCII text mixes scripts, and its
        /// characters are its bytes.
        #[test]
        fn an_ascii_number_mixes_no_scripts(tok in "[ -~]{0,30}") {
            proptest::prop_assert!(!super::super::numbering::mixed_scripts(&tok));
            proptest::prop_assert_eq!(tok.chars().count(), tok.len());
        }

        #[test]
        fn ident_token_agrees_with_its_nom_definition(input in "[a-zA-Z0-9_\\- ëЖ:]{0,12}") {
            let reference: NomResult<'_, &str> =
                recognize((take_while1(is_ident_start), take_while(is_ident_char)))
                    .parse(input.as_str());
            proptest::prop_assert_eq!(ident_token(&input).ok(), reference.ok());
        }

        #[test]
        fn leading_spaces_counts_the_spaces_before_anything_else(n in 0usize..40, tail in "[ a\t]{0,10}") {
            let line = format!("{}{tail}", " ".repeat(n));
            let expected = line.bytes().take_while(|&b| b == b' ').count();
            proptest::prop_assert_eq!(leading_spaces(line.as_bytes()), expected);
        }

        #[test]
        fn split_lines_agrees_with_the_reference(text in "[ \t\r\na-zЖë\u{202F}#]{0,60}") {
            let ours: Vec<_> = split_lines(&text).iter().map(|l| (l.indent, l.content, l.offset)).collect();
            proptest::prop_assert_eq!(ours, split_lines_reference(&text));
        }
    }

    #[test]
    fn comments_respect_strings() {
        let (stmt, c) = split_comment(r#"source "Gazette #85" # note"#, 0);
        assert_eq!(stmt, r#"source "Gazette #85""#);
        assert_eq!(c.unwrap().text, " note");
    }

    #[test]
    fn durations() {
        let mut c = Cursor::new("1y6m", 0);
        assert_eq!(
            c.bound("d").unwrap().node,
            Bound::Known(Duration {
                years: 1,
                months: 6,
                days: 0
            })
        );
        assert!(Cursor::new("6m1y", 0).bound("d").is_err());
        assert!(Cursor::new("5", 0).bound("d").is_err());
        assert!(Cursor::new("99999999999y", 0).bound("d").is_err());
    }

    #[test]
    fn numbers() {
        for n in [
            "348", "278/a", "396-a", "403a", "5bis", "396-б", "348а", "24-ѓ",
        ] {
            let mut c = Cursor::new(n, 0);
            assert_eq!(
                c.unit_number("n").unwrap().node,
                UnitNumber::Known(n.into())
            );
        }
        assert!(Cursor::new("396-", 0).unit_number("n").is_err());
        // A Cyrillic `а` beside a Latin `b`: one looks like the other, the number is refused.
        let e = Cursor::new("396-аb", 0).unit_number("n").unwrap_err();
        assert!(e.found.contains("mixes Latin and Cyrillic"), "{e:?}");
        // A number starts with a digit or a Latin letter (a point label); `б` alone is a word.
        assert!(Cursor::new("б", 0).unit_number("n").is_err());
        assert!(Cursor::new(&"9".repeat(500), 0).unit_number("n").is_err());
    }

    #[test]
    fn names_invisible_characters() {
        let mut c = Cursor::new("with\u{200B}out", 0);
        let e = c.value("a value").unwrap_err();
        assert!(e.found.contains("ZERO WIDTH SPACE"), "{e:?}");
    }

    #[test]
    fn terms_in_any_one_script() {
        let term = |s: &str| Cursor::new(s, 0).term("t");
        assert_eq!(term("оружје, x").unwrap().node, "оружје");
        assert_eq!(term("armë-zjarri").unwrap().node, "armë-zjarri");
        // Decomposed `ë` (e + U+0308) is read as the composed letter.
        assert_eq!(term("arme\u{308}").unwrap().node, "armë");
        assert_eq!(term("weapon-2").unwrap().node, "weapon-2");
        let upper = term("Оружје").unwrap_err();
        assert_eq!(upper.hint.as_deref(), Some("write `оружје`"));
        assert!(term("Weapon").is_err());
        // Cyrillic with a Latin `j`: looks like `оружје`, is another word.
        let mixed = term("оружje").unwrap_err();
        assert!(mixed.found.contains("Cyrillic and Latin"), "{mixed:?}");
        let zw = term("оруж\u{200B}је").unwrap_err();
        assert!(zw.found.contains("ZERO WIDTH SPACE"), "{zw:?}");
        assert_eq!(zw.expected, "the rest of `оруж`");
        let rtl = term("\u{202E}оружје").unwrap_err();
        assert!(rtl.found.contains("bidirectional"), "{rtl:?}");
    }

    #[test]
    fn strings() {
        let mut c = Cursor::new(r#""a \"b\" c" rest"#, 0);
        assert_eq!(c.string("s").unwrap().node, r#"a "b" c"#);
        assert!(Cursor::new(r#""open"#, 0).string("s").is_err());
    }
}
