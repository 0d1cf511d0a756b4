//! The `.law` parser: lines in, syntax tree out, every error reported.
//!
//! Indentation gives structure: a line belongs to the nearest line above it that is indented
//! less. The parser walks the lines once, recursively; each block function takes the lines that
//! are indented more than its owner. A line that cannot be read gets a located diagnostic and is
//! skipped together with the lines indented under it, and parsing carries on with the next line —
//! so one run reports every error in a file, and no input, however broken, stops the parser.

use super::ast::*;
use super::lexer::{Cursor, Line, LineCursor, LineError, char_name, split_comment, trim_line_end};
use super::span::{Span, Spanned};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

pub const UNEXPECTED_LINE: Code = Code::error("E0101", "unexpected-line");
pub const EXPECTED: Code = Code::error("E0102", "expected");
pub const BAD_INDENT: Code = Code::error("E0103", "bad-indentation");
pub const MISSING_ACT: Code = Code::error("E0104", "missing-act-line");
pub const TOO_DEEP: Code = Code::error("E0106", "nesting-too-deep");
pub const EMPTY_BLOCK: Code = Code::error("E0107", "empty-block");
pub const EMPTY_FILE: Code = Code::error("E0108", "empty-file");

/// How deeply points may nest inside each other. Statutes go three or four levels down; the limit
/// keeps a hostile file from exhausting the stack.
pub const MAX_DEPTH: usize = 32;

/// Keywords that may start a line inside an article, paragraph or point.
pub const UNIT_KEYWORDS: &[&str] = &[
    "text", "offence", "define", "rule", "classify", "reads", "measure", "see", "verified",
    "repealed", "para", "point",
];
/// Keywords that may start a line under the `act` line.
pub const HEADER_KEYWORDS: &[&str] = &[
    "jurisdiction",
    "version",
    "source",
    "language",
    "rendering",
    "verified",
    "note",
    "title",
];
/// Keywords that may start a line at the left margin after the header.
pub const TOP_KEYWORDS: &[&str] = &["article", "part", "chapter"];
/// Lines inside an `offence` block besides tag lines.
pub const OFFENCE_KEYWORDS: &[&str] = &["penalty", "aggravates", "mitigates", "expressly", "class"];
/// The Firearms Protocol's facets, which are also the usual tag line keywords. Any other word is
/// accepted as a facet of some other instrument unless it looks like a misspelt keyword.
pub const STANDARD_FACETS: &[&str] = &["conduct", "object", "circumstance", "mental", "requires"];

/// The keyword of narrowing elements: a line of its own, or the end of another tag line.
pub const NARROWING_FACET: &str = "requires";

/// Parses a whole `.law` file. Always returns a tree (possibly partial) and every diagnostic
/// found; diagnostics carry spans but no file — the caller knows which file it parsed.
pub fn parse_law(text: &str) -> (LawFile, Vec<Diagnostic>) {
    parse_law_in_pieces(text, PIECE_BYTES)
}

/// How many bytes of items a file must have past its header before they are cut into pieces
/// parsed side by side (and how long each piece is at least). A 2.5 MB criminal code took one
/// core ~4.6 ms, an indivisible job beside the instrument's YAML in a `diff`; in pieces of this
/// size it is about ten jobs of ~0.5 ms, long beside what handing a job to another thread
/// costs (microseconds).
const PIECE_BYTES: usize = 256 * 1024;

/// [`parse_law`], the items after the header cut into pieces of at least `piece` bytes and
/// parsed in parallel. Public for the tests that force many cuts with tiny pieces; everything
/// else calls [`parse_law`].
///
/// Every line at the left margin that is not blank starts a new top-level item: every block
/// reads only the lines indented more than the line that opens it. And the parser carries
/// nothing from one item to the next that changes what it builds — its diagnostics are
/// appended in order; the text buffer and the unit body buffers are left empty after each use;
/// the languages and misspelling verdicts it remembers are memos of pure functions. So the items
/// from such a line on can be read by a parser of their own, and the pieces' items and
/// diagnostics, put end to end in order, are the serial parse's (proptested with tiny pieces).
pub fn parse_law_in_pieces(text: &str, piece: usize) -> (LawFile, Vec<Diagnostic>) {
    use rayon::prelude::*;

    let mut p = Parser::new(text);
    let header = p.file_header(text);
    let cuts = item_cuts(text, p.lines.line_start(), piece);
    if cuts.len() <= 2 {
        let (items, diags) = p.items_until(text.len());
        return (LawFile { header, items }, diags);
    }
    // Rayon halves the list of pieces recursively, so a thread that falls idle takes half of
    // what another has left — down to single pieces (`with_max_len`): left to itself, rayon
    // made jobs of two or three pieces, and a thread free near the end found none to take
    // while the other read its last one (one core idle ~1 ms in a timeline of a diff).
    let pieces: Vec<(Vec<Item>, Vec<Diagnostic>)> = cuts
        .par_windows(2)
        .with_max_len(1)
        .map(|w| match *w {
            [from, stop] => Parser::at(text, from).items_until(stop),
            _ => (Vec::new(), Vec::new()),
        })
        .collect();
    let mut items = Vec::with_capacity(pieces.iter().map(|(i, _)| i.len()).sum());
    let mut diags = p.diags;
    for (i, d) in pieces {
        items.extend(i);
        diags.extend(d);
    }
    (LawFile { header, items }, diags)
}

/// Where the items from byte `start` (the start of the line after the header) on may be cut:
/// `start`, then lines at the left margin that are not blank, each at least `piece` bytes after
/// the one before and before the end, then the text's length.
fn item_cuts(text: &str, start: usize, piece: usize) -> Vec<usize> {
    let mut cuts = vec![start];
    let mut from = start;
    while let Some(cut) = from
        .checked_add(piece)
        .and_then(|target| next_item_start(text, target))
        .filter(|&cut| text.len() - cut >= piece)
    {
        cuts.push(cut);
        from = cut;
    }
    cuts.push(text.len());
    cuts
}

/// The start of the first line after byte `from` that is at the left margin and not blank —
/// one that starts a top-level item whatever the lines above it are.
fn next_item_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let start = memchr::memchr(b'\n', bytes.get(at..)?)? + at + 1;
        // A line that starts with indentation or ends at once cannot start an item: most lines
        // are told so by their first byte, without cutting the line out.
        let maybe = bytes
            .get(start)
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n'));
        if maybe
            && LineCursor::at(text, start)
                .current()
                .is_some_and(|l| l.indent == 0 && !l.is_blank())
        {
            return Some(start);
        }
        at = start;
    }
}

/// The line walker behind [`parse_law`]. Crate-visible so that the `.bill` parser
/// (`syntax::bill`) reads the units it inserts and replaces with exactly the `.law` grammar,
/// diagnostics and recovery included.
pub(crate) struct Parser<'a> {
    /// The line being read; the parser only ever moves forward, one line at a time.
    lines: LineCursor<'a>,
    diags: Vec<Diagnostic>,
    /// The text being read, its buffer reused from one `text` entry to the next.
    text_lines: TextLines,
    /// Keywords of tag lines already judged by [`looks_misspelt`], with the verdict: another
    /// instrument's facet (`content`) recurs on hundreds of lines, and measuring its distance
    /// from every keyword each time was a fiftieth of a `diff`.
    misspelt: Vec<(&'a str, bool)>,
    /// The language tags of the texts read so far, each held once (see [`Text::lang`]).
    langs: Vec<Lang>,
    /// Empty buffers for the bodies of units, reused (see [`Parser::unit_body`]); at most one
    /// per level of nesting.
    bodies: Vec<Vec<Entry>>,
}

impl<'a> Parser<'a> {
    /// A parser over the lines of `text`.
    pub(crate) fn new(text: &'a str) -> Parser<'a> {
        Parser::at(text, 0)
    }

    /// A parser from the line of `text` that starts at byte `start` on.
    fn at(text: &'a str, start: usize) -> Parser<'a> {
        Parser {
            lines: LineCursor::at(text, start),
            diags: Vec::new(),
            text_lines: TextLines::default(),
            misspelt: Vec::new(),
            langs: Vec::new(),
            bodies: Vec::new(),
        }
    }

    /// The shared string of the language tag `tag`: the one already made for an earlier text
    /// in that language, or a new one.
    fn lang(&mut self, tag: &str) -> Lang {
        if let Some(l) = self.langs.iter().find(|l| &***l == tag) {
            return Lang::clone(l);
        }
        let l = Lang::from(tag);
        // A file names a handful of languages; a hostile one with a new tag on every line
        // must not make the search quadratic: past a few, later tags are made afresh.
        if self.langs.len() < 16 {
            self.langs.push(Lang::clone(&l));
        }
        l
    }

    /// [`looks_misspelt`], remembered per keyword (a file uses a few dozen).
    fn looks_misspelt(&mut self, word: &'a str) -> bool {
        if let Some((_, v)) = self.misspelt.iter().find(|(w, _)| *w == word) {
            return *v;
        }
        let v = looks_misspelt(word);
        // A hostile file with a new word on every line must not make the search quadratic:
        // past a few dozen words, later ones are judged afresh each time.
        if self.misspelt.len() < 64 {
            self.misspelt.push((word, v));
        }
        v
    }

    /// Consumes the line last returned by [`Parser::peek`].
    pub(crate) fn bump(&mut self) {
        self.lines.advance();
    }

    /// Adds a diagnostic found by a caller.
    pub(crate) fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// How many diagnostics have been reported so far.
    pub(crate) fn diagnostic_count(&self) -> usize {
        self.diags.len()
    }

    /// Every diagnostic reported so far.
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    // ---------------------------------------------------------------- line navigation

    /// The next non-blank line, without consuming it.
    pub(crate) fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.current() {
            if line.is_blank() {
                self.lines.advance();
            } else {
                return Some(line);
            }
        }
        None
    }

    /// The next non-blank line if it is indented more than `parent`.
    pub(crate) fn peek_child(&mut self, parent: usize) -> Option<Line<'a>> {
        self.peek().filter(|l| l.indent > parent)
    }

    /// Skips every line indented more than `parent` (the body of a line that was rejected).
    pub(crate) fn skip_block(&mut self, parent: usize) {
        while self.peek_child(parent).is_some() {
            self.lines.advance();
        }
    }

    /// Reports and skips lines indented under a line that takes none; `keyword` is that line's
    /// first word (the message is built only when there is something to report).
    pub(crate) fn reject_children(&mut self, parent: usize, keyword: &str) {
        if let Some(first) = self.peek_child(parent) {
            if first.is_comment() {
                return;
            }
            self.diags.push(
                Diagnostic::new(
                    BAD_INDENT,
                    format!("`{keyword}` takes no indented lines below it"),
                )
                .at(first.span(), "indented more than the line above")
                .hint("indent this line like the line above, or remove the extra indentation"),
            );
            self.skip_block(parent);
        }
    }

    pub(crate) fn line_error(&mut self, code: Code, what: &str, e: LineError) {
        let expected = headline_cut(&e.expected);
        let mut d = Diagnostic::new(
            code,
            format!(
                "{what}: expected {expected}, found {}",
                headline_cut(&e.found)
            ),
        )
        .at(e.span, format!("expected {expected}"));
        if let Some(h) = e.hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }

    /// Reports a line whose first word is not allowed where it stands, with a did-you-mean over
    /// the words that are.
    pub(crate) fn unexpected(&mut self, line: Line<'a>, context: &str, allowed: &[&str]) {
        let word = line.keyword();
        // A line can start with something that is no word at all (an unusual space, a `:`):
        // then show that character, and underline the whole of it.
        let first = line.content.chars().next();
        let (shown, len) = match first {
            Some(c) if word.is_empty() => (char_name(c), c.len_utf8()),
            _ => (format!("`{word}`"), word.len()),
        };
        let span = Span::new(line.offset, line.offset + len);
        let mut d = Diagnostic::new(UNEXPECTED_LINE, format!("unexpected {shown} {context}"))
            .at(span, format!("expected one of: {}", allowed.join(", ")));
        // A keyword that is valid elsewhere is misplaced, not misspelt.
        if word.is_empty() && first.is_some_and(char::is_whitespace) {
            d = d.hint(
                "the line is indented with a space character other than the ordinary space; \
                 retype its indentation with spaces",
            );
        } else if let Some(h) = misplaced_hint(word) {
            d = d.hint(h);
        } else if let Some(s) = did_you_mean(word, allowed.iter().copied()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
    }

    // ---------------------------------------------------------------- file and header

    /// The leading comments and the `act` line with its fields (or a diagnostic that they are
    /// missing), leaving the cursor on the first line after them.
    fn file_header(&mut self, text: &str) -> Header {
        let mut leading = Vec::new();
        while let Some(line) = self.peek() {
            if line.is_comment() && line.indent == 0 {
                leading.push(own_comment(line));
                self.lines.advance();
            } else {
                break;
            }
        }
        match self.peek() {
            Some(line) if line.keyword() == "act" => {
                self.lines.advance();
                self.header(line, leading)
            }
            other => {
                let d = match other {
                    Some(line) => Diagnostic::new(MISSING_ACT, "a .law file must start with an `act` line")
                        .at(line.span(), "expected `act ID \"Title\"` here")
                        .hint("begin the file with e.g. `act criminal-code \"Criminal Code\"`, then the header fields indented below it"),
                    None if text.trim_start_matches('\u{feff}').trim().is_empty() => {
                        Diagnostic::new(EMPTY_FILE, "the file is empty")
                            .at(Span::new(0, 0), "expected an `act` line")
                            .hint("a .law file holds one version of one act: start with `act ID \"Title\"`")
                    }
                    None => Diagnostic::new(MISSING_ACT, "the file has only comments; it needs an `act` line")
                        .at(Span::new(0, 0), "expected an `act` line")
                        .hint("begin the file with e.g. `act criminal-code \"Criminal Code\"`"),
                };
                self.diags.push(d);
                Header {
                    leading,
                    act: Spanned::new(String::new(), Span::default()),
                    title: Spanned::new(String::new(), Span::default()),
                    trailing: None,
                    fields: Vec::new(),
                    span: Span::default(),
                }
            }
        }
    }

    fn header(&mut self, line: Line<'a>, leading: Vec<Comment>) -> Header {
        let (stmt, trailing) = split_comment(line.content, line.offset);
        let mut c = Cursor::new(stmt, line.offset);
        c.eat_word("act");
        let mut act = Spanned::new(String::new(), Span::new(line.offset, line.offset));
        let mut title = Spanned::new(String::new(), Span::new(line.offset, line.offset));
        let parsed = (|| {
            act = c.ident("the act's id, such as `criminal-code`")?;
            title = c.string("the act's title in quotes, such as \"Criminal Code\"")?;
            c.expect_end("the end of the `act` line")
        })();
        if let Err(e) = parsed {
            self.line_error(EXPECTED, "in the `act` line", e);
        }
        let mut fields = Vec::new();
        while let Some(l) = self.peek_child(line.indent) {
            self.lines.advance();
            if l.is_comment() {
                fields.push(HeaderField::Comment(own_comment(l)));
                continue;
            }
            match self.header_field(l) {
                Ok(f) => fields.push(f),
                Err(None) => {
                    self.unexpected(l, "in the act header", HEADER_KEYWORDS);
                    self.skip_block(l.indent);
                    continue;
                }
                Err(Some(e)) => {
                    let what = format!("in the `{}` line", l.keyword());
                    self.line_error(EXPECTED, &what, e);
                }
            }
            self.reject_children(l.indent, l.keyword());
        }
        Header {
            leading,
            act,
            title,
            trailing,
            fields,
            span: line.span(),
        }
    }

    /// One header field; `Err(None)` when the keyword is not a header field at all.
    fn header_field(&mut self, l: Line<'a>) -> Result<HeaderField, Option<LineError>> {
        let (stmt, tr) = split_comment(l.content, l.offset);
        let mut c = Cursor::new(stmt, l.offset);
        let kw = l.keyword();
        if !HEADER_KEYWORDS.contains(&kw) {
            return Err(None);
        }
        c.eat_word(kw);
        let field = match kw {
            "jurisdiction" => {
                let j = c.ident("a jurisdiction code such as `RS` or `BA-FBIH`")?;
                c.expect_end("the end of the line after the jurisdiction code")?;
                HeaderField::Jurisdiction(j, tr)
            }
            "version" => {
                let d = self.date(&mut c)?;
                c.expect_end("the end of the line after the date")?;
                HeaderField::Version(d, tr)
            }
            "source" => {
                let s = c.string_to_end(
                    "the source in quotes, such as \"Official Gazette 85/2005\"",
                    "source",
                )?;
                HeaderField::Source(s, tr)
            }
            "note" => {
                let s = c.string_to_end("the note in quotes", "note")?;
                HeaderField::Note(s, tr)
            }
            "language" => {
                let mut langs = vec![c.ident("a language tag such as `sr-Cyrl` or `en`")?];
                while c.eat_punct(",") {
                    langs.push(c.ident("a language tag such as `sr-Cyrl` or `en`")?);
                }
                c.expect_end("`,` and another language, or the end of the line")?;
                HeaderField::Language(langs, tr)
            }
            "rendering" => {
                let start = c.offset();
                let r = if c.eat_word("official") {
                    Rendering::Official
                } else if c.eat_word("unofficial") {
                    Rendering::Unofficial
                } else {
                    return Err(Some(c.error("`official` or `unofficial`")));
                };
                let span = Span::new(start, c.offset());
                c.expect_end("the end of the line")?;
                HeaderField::Rendering(Spanned::new(r, span), tr)
            }
            "verified" => HeaderField::Verified(verified(&mut c, tr)?),
            "title" => {
                let lang = c.ident("a language tag such as `sr-Cyrl`")?;
                c.skip_space();
                let text = if c.rest().starts_with('"') {
                    c.string("the title in quotes")?
                } else {
                    // Also accepted: `title LANG: words to the end of the line`.
                    c.expect_punct(":", "the title in quotes, such as \"Кривични законик\"")?;
                    c.skip_space();
                    let start = c.offset();
                    let rest = c.rest().trim_end();
                    if rest.is_empty() {
                        return Err(Some(c.error("the title in that language")));
                    }
                    c.eat_punct(rest);
                    Spanned::new(rest.to_string(), Span::new(start, start + rest.len()))
                };
                c.expect_end("the end of the line after the title")?;
                HeaderField::Title {
                    lang,
                    text,
                    trailing: tr,
                }
            }
            _ => return Err(None),
        };
        Ok(field)
    }

    pub(crate) fn date(&mut self, c: &mut Cursor<'a>) -> Result<Spanned<Date>, LineError> {
        c.skip_space();
        let word = c.peek_word();
        let start = c.offset();
        let span = Span::new(start, start + word.len());
        match Date::parse(word) {
            Ok(d) => {
                c.eat_punct(word);
                Ok(Spanned::new(d, span))
            }
            Err(crate::date::DateError::NoSuchDay) => Err(LineError {
                span,
                expected: "a date that exists".into(),
                found: format!("`{word}`, which is not a day in the calendar"),
                hint: Some("check the month and day".into()),
            }),
            Err(crate::date::DateError::YearOutOfRange) => Err(LineError {
                span,
                expected: "a year between 1000 and 9999".into(),
                found: format!("`{word}`"),
                hint: Some("check the year".into()),
            }),
            Err(crate::date::DateError::Shape) => {
                let mut e = c.error("a date written YYYY-MM-DD, such as 2019-12-01");
                e.span = span;
                Err(e)
            }
        }
    }

    // ---------------------------------------------------------------- body

    /// The top-level items from the cursor up to byte `stop` (the start of a line at the left
    /// margin, or the text's end), and the diagnostics found in them.
    fn items_until(mut self, stop: usize) -> (Vec<Item>, Vec<Diagnostic>) {
        let items = self.top_items(stop);
        (items, self.diags)
    }

    fn top_items(&mut self, stop: usize) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some(line) = self.peek().filter(|l| l.offset < stop) {
            self.lines.advance();
            if line.is_comment() {
                items.push(Item::Comment(own_comment(line)));
                continue;
            }
            if line.indent > 0 {
                self.diags.push(
                    Diagnostic::new(BAD_INDENT, "this line is indented, but there is nothing above it to belong to")
                        .at(line.span(), "expected at the left margin")
                        .hint("articles, parts and chapters start at the left margin; paragraphs are indented under their article"),
                );
                self.skip_block(line.indent);
                continue;
            }
            match line.keyword() {
                "article" => {
                    if let Some(u) = self.unit(line, UnitKind::Article, 0) {
                        items.push(Item::Article(u));
                    }
                }
                "part" | "chapter" => {
                    if let Some(h) = self.heading(line) {
                        items.push(Item::Heading(h));
                    }
                    self.reject_children(line.indent, line.keyword());
                }
                _ => {
                    self.unexpected(line, "at the left margin", TOP_KEYWORDS);
                    self.skip_block(line.indent);
                }
            }
        }
        items.shrink_to_fit();
        items
    }

    fn heading(&mut self, line: Line<'a>) -> Option<Heading> {
        let (stmt, trailing) = split_comment(line.content, line.offset);
        let mut c = Cursor::new(stmt, line.offset);
        let kind = if c.eat_word("part") {
            HeadingKind::Part
        } else {
            c.eat_word("chapter");
            HeadingKind::Chapter
        };
        let r = (|| {
            let n = c.unit_number("a number such as `2` or `XXII`")?;
            let number = n.map(|n| n.to_string());
            c.skip_space();
            let title = if c.rest().starts_with('"') {
                Some(c.string("a title in quotes")?)
            } else {
                None
            };
            c.expect_end("a title in quotes, or the end of the line")?;
            Ok((number, title))
        })();
        match r {
            Ok((number, title)) => Some(Heading {
                kind,
                number,
                title,
                trailing,
                span: line.span(),
            }),
            Err(e) => {
                let what = format!("in the `{}` line", line.keyword());
                self.line_error(EXPECTED, &what, e);
                None
            }
        }
    }

    /// An article, paragraph or point, with its body. A line whose number cannot be read keeps
    /// the unit under [`UnitNumber::Unreadable`] (after a diagnostic); `None` only when the unit
    /// is nested too deep, and its body is then skipped.
    pub(crate) fn unit(&mut self, line: Line<'a>, kind: UnitKind, depth: usize) -> Option<Unit> {
        let (stmt, trailing) = split_comment(line.content, line.offset);
        let mut c = Cursor::new(stmt, line.offset);
        c.eat_word(kind.keyword());
        let expected_number = match kind {
            UnitKind::Article => "an article number such as `348`, `403a` or `278/a`",
            UnitKind::Para => "a paragraph number such as `1`",
            UnitKind::Point => "a point label such as `a` or `1`",
        };
        let mut bad_span = Span::new(line.offset, line.offset);
        let number = match c
            .unit_number(expected_number)
            .and_then(|n| number_ends(&c, n, expected_number))
        {
            Ok(n) => Some(n),
            Err(e) => {
                bad_span = e.span;
                // Without its number the unit has no address of its own, but its body is still
                // the statute's: keep both under a placeholder (addressed and cited as `?`, like
                // a number the expert marked unknown), so that nothing below the line is lost,
                // nor read as part of the unit above, and the diagnostic says so.
                let kw = kind.keyword();
                let noun = kind_noun(kind);
                let d = Diagnostic::new(
                    EXPECTED,
                    format!(
                        "in the `{kw}` line: expected {}, found {}; the {noun} is kept with its body \
                         under an unknown number (`{kw} ?`), and its body is read and analysed",
                        e.expected,
                        e.found,
                    ),
                )
                .at(e.span, format!("expected {}", e.expected))
                .hint(e.hint.unwrap_or_else(|| {
                    format!(
                        "write the number as the official text gives it, or `{kw} ?` if it is not known; \
                         until then the {noun} is cited as `{kw} ?`"
                    )
                }));
                self.diags.push(d);
                None
            }
        };
        // An error after the number (in the title, or text after it) loses the title only: the
        // unit, its paragraphs and its tags are still read, so that one bad line does not take
        // a whole article out of the analysis. After an unreadable number the rest of the line
        // is not read at all (the title cannot be told from the rest of the bad number).
        let title = if number.is_none() {
            Ok(None)
        } else {
            (|| {
                c.skip_space();
                let title = if c.rest().starts_with('"') {
                    Some(c.string("a title in quotes")?)
                } else {
                    None
                };
                c.expect_end("a title in quotes, or the end of the line")?;
                Ok(title)
            })()
        };
        let number = number.unwrap_or_else(|| Spanned::new(UnitNumber::Unreadable, bad_span));
        let title = match title {
            Ok(t) => t,
            Err(e) => {
                let what = format!("in the `{}` line", kind.keyword());
                self.line_error(EXPECTED, &what, e);
                None
            }
        };
        if depth > MAX_DEPTH {
            self.diags.push(
                Diagnostic::new(TOO_DEEP, format!("units are nested more than {MAX_DEPTH} levels deep"))
                    .at(line.span(), "too deep")
                    .hint("points may contain points, but no statute nests this deep; check the indentation"),
            );
            self.skip_block(line.indent);
            return None;
        }
        let body = self.unit_body(line.indent, kind, depth);
        Some(Unit {
            kind,
            number,
            title,
            trailing,
            body,
            span: line.span(),
        })
    }

    pub(crate) fn unit_body(&mut self, parent: usize, kind: UnitKind, depth: usize) -> Vec<Entry> {
        // Entries are gathered in a buffer kept from one unit to the next (one per level of
        // nesting being read: a paragraph's body is read while its article's is open).
        let mut body = self.bodies.pop().unwrap_or_default();
        while let Some(l) = self.peek_child(parent) {
            self.lines.advance();
            if l.is_comment() {
                body.push(Entry::Comment(own_comment(l)));
                continue;
            }
            let kw = l.keyword();
            let entry = match kw {
                "text" => self.text(l).map(Entry::Text),
                "para" if kind == UnitKind::Article => {
                    self.unit(l, UnitKind::Para, depth + 1).map(Entry::Unit)
                }
                "point" => self.unit(l, UnitKind::Point, depth + 1).map(Entry::Unit),
                "para" => {
                    let d = Diagnostic::new(UNEXPECTED_LINE, format!("a paragraph cannot stand inside {}", kind_phrase(kind)))
                        .at(Span::new(l.offset, l.offset + 4), "paragraphs belong directly to an article")
                        .hint("use `point` for a subdivision of a paragraph, or move this paragraph out to its article's indentation");
                    self.diags.push(d);
                    self.skip_block(l.indent);
                    None
                }
                "offence" => self.offence(l).map(Entry::Offence),
                "measure" => self.measure(l).map(Entry::Measure),
                "define" | "rule" | "classify" | "reads" | "see" | "verified" | "repealed" => {
                    let r = self.simple_entry(l);
                    self.reject_children(l.indent, kw);
                    r
                }
                _ => {
                    let context = format!("inside {}", kind_phrase(kind));
                    self.unexpected(l, &context, UNIT_KEYWORDS);
                    self.skip_block(l.indent);
                    None
                }
            };
            if let Some(e) = entry {
                body.push(e);
            }
        }
        // A unit holds a few entries; the room a growing Vec keeps (four at first, 136 bytes
        // each) was most of the tree's memory for a file of many short articles (issue 20). The
        // body is moved out of the buffer into a vector of its exact size: one allocation per
        // unit, where growing and shrinking a vector of its own took three or four.
        let mut exact = Vec::with_capacity(body.len());
        exact.append(&mut body);
        self.bodies.push(body);
        exact
    }

    /// `define`, `rule`, `see`, `verified`, `repealed`: one-line entries.
    fn simple_entry(&mut self, l: Line<'a>) -> Option<Entry> {
        let (stmt, tr) = split_comment(l.content, l.offset);
        let mut c = Cursor::new(stmt, l.offset);
        let kw = l.keyword();
        c.eat_word(kw);
        let span = l.span();
        let r: Result<Entry, LineError> = (|| {
            Ok(match kw {
                "define" => {
                    let term = c.term("the defined term, such as `weapon` or `оружје`")?;
                    c.expect_punct("=", "`=` after the defined term")?;
                    let values = c.value_list("a facet value, such as `firearm`")?;
                    c.expect_end("`,` and another value, or the end of the line")?;
                    Entry::Define(Define {
                        term,
                        values,
                        trailing: tr,
                        span,
                    })
                }
                "rule" => Entry::Rule(rule(&mut c, tr, span)?),
                "reads" => Entry::Reads(reads(&mut c, tr, span)?),
                "classify" => {
                    let class = c.term("a class of offence, such as `crime`")?;
                    let when = if c.eat_word("when") {
                        Some(penalty_test(&mut c)?)
                    } else {
                        None
                    };
                    c.expect_end(if when.is_none() {
                        "`when max …` or the end of the line"
                    } else {
                        "the end of the line"
                    })?;
                    Entry::Classify(Classify {
                        class,
                        when,
                        trailing: tr,
                        span,
                    })
                }
                "see" => {
                    let refs = reference_list(&mut c)?;
                    c.expect_end("`,` and another reference, or the end of the line")?;
                    Entry::See(See {
                        refs,
                        trailing: tr,
                        span,
                    })
                }
                "verified" => Entry::Verified(verified(&mut c, tr)?),
                _ => {
                    c.expect_end("the end of the line after `repealed`")?;
                    Entry::Repealed(span, tr)
                }
            })
        })();
        match r {
            Ok(e) => Some(e),
            Err(e) => {
                self.line_error(EXPECTED, &format!("in the `{kw}` line"), e);
                None
            }
        }
    }

    fn text(&mut self, l: Line<'a>) -> Option<Text> {
        let mut c = Cursor::new(l.content, l.offset);
        c.eat_word("text");
        let head = (|| {
            let lang = c.ident_str("a language tag such as `en` or `sr-Cyrl`")?;
            c.expect_punct(":", "`:` after the language tag")?;
            Ok(lang)
        })();
        let lang = match head {
            Ok(lang) => Spanned::new(self.lang(lang.node), lang.span),
            Err(e) => {
                self.line_error(EXPECTED, "in the `text` line", e);
                self.skip_block(l.indent);
                return None;
            }
        };
        c.skip_space();
        let first = trim_line_end(c.rest());
        self.text_lines
            .push(first, Span::new(c.offset(), c.offset() + first.len()));
        // Continuation: every following line indented more than `text`, verbatim (a `#` there is
        // text, not a comment).
        let mut end = l.span();
        while let Some(cont) = self.peek_child(l.indent) {
            self.lines.advance();
            let t = trim_line_end(cont.content);
            let span = Span::new(cont.offset, cont.offset + t.len());
            self.text_lines.push(t, span);
            if !t.is_empty() {
                end = span;
            }
        }
        let text = self.text_lines.take(lang, l.span().to(end));
        if text.is_empty() {
            self.diags.push(
                Diagnostic::new(EMPTY_BLOCK, "this `text` line has no text")
                    .at(l.span(), "expected the unit's text after `:` or on the lines below")
                    .hint("write the text after the colon; longer text may continue on lines indented further"),
            );
        }
        Some(text)
    }

    fn offence(&mut self, l: Line<'a>) -> Option<Offence> {
        let (stmt, trailing) = split_comment(l.content, l.offset);
        let mut c = Cursor::new(stmt, l.offset);
        c.eat_word("offence");
        if let Err(e) =
            c.expect_end("the end of the line: the offence's tags go on the lines below")
        {
            let mut e = e;
            e.hint = Some("write each tag on its own line, indented under `offence`".into());
            self.line_error(EXPECTED, "in the `offence` line", e);
        }
        let mut lines = Vec::new();
        while let Some(t) = self.peek_child(l.indent) {
            self.lines.advance();
            if t.is_comment() {
                lines.push(OffenceLine::Comment(own_comment(t)));
                continue;
            }
            let kw = t.keyword();
            let r = match kw {
                "penalty" => penalty_line(t).map(OffenceLine::Penalty),
                "aggravates" | "mitigates" => {
                    let (stmt, tr) = split_comment(t.content, t.offset);
                    let mut c = Cursor::new(stmt, t.offset);
                    c.eat_word(kw);
                    let how = if kw == "aggravates" {
                        Qualification::Aggravates
                    } else {
                        Qualification::Mitigates
                    };
                    reference_list(&mut c).and_then(|targets| {
                        c.expect_end("`,` and another reference, or the end of the line")?;
                        Ok(OffenceLine::Qualifies {
                            how,
                            targets,
                            trailing: tr,
                            span: t.span(),
                        })
                    })
                }
                "class" => {
                    let (stmt, tr) = split_comment(t.content, t.offset);
                    let mut c = Cursor::new(stmt, t.offset);
                    c.eat_word(kw);
                    c.term("a class of offence, such as `crime`")
                        .and_then(|class| {
                            c.expect_end("the end of the line: an offence has one class")?;
                            Ok(OffenceLine::Class {
                                class,
                                trailing: tr,
                                span: t.span(),
                            })
                        })
                }
                "expressly" => {
                    let (stmt, tr) = split_comment(t.content, t.offset);
                    let mut c = Cursor::new(stmt, t.offset);
                    c.eat_word(kw);
                    c.value_list("a general-part rule such as `attempt`")
                        .and_then(|values| {
                            c.expect_end("`,` and another value, or the end of the line")?;
                            Ok(OffenceLine::Expressly {
                                values,
                                trailing: tr,
                                span: t.span(),
                            })
                        })
                }
                _ if self.looks_misspelt(kw) => {
                    let allowed: Vec<&str> = STANDARD_FACETS
                        .iter()
                        .chain(OFFENCE_KEYWORDS)
                        .copied()
                        .collect();
                    self.unexpected(t, "inside an `offence` block", &allowed);
                    self.skip_block(t.indent);
                    continue;
                }
                _ => tag_line(t).map(OffenceLine::Tag),
            };
            match r {
                Ok(line) => lines.push(line),
                Err(e) => self.line_error(EXPECTED, &format!("in the `{kw}` line"), e),
            }
            self.reject_children(t.indent, kw);
        }
        Some(Offence {
            lines,
            trailing,
            span: l.span(),
        })
    }

    fn measure(&mut self, l: Line<'a>) -> Option<Measure> {
        let (stmt, trailing) = split_comment(l.content, l.offset);
        let mut c = Cursor::new(stmt, l.offset);
        c.eat_word("measure");
        let values = match c
            .value_list("a measure such as `record-keeping`")
            .and_then(|v| {
                c.expect_end("`,` and another measure, or the end of the line")
                    .map(|()| v)
            }) {
            Ok(v) => v,
            Err(e) => {
                self.line_error(EXPECTED, "in the `measure` line", e);
                self.skip_block(l.indent);
                return None;
            }
        };
        let mut lines = Vec::new();
        while let Some(t) = self.peek_child(l.indent) {
            self.lines.advance();
            if t.is_comment() {
                lines.push(MeasureLine::Comment(own_comment(t)));
                continue;
            }
            let kw = t.keyword();
            let r = if kw == "retention" {
                let (stmt, tr) = split_comment(t.content, t.offset);
                let mut c = Cursor::new(stmt, t.offset);
                c.eat_word(kw);
                c.skip_space();
                let start = c.offset();
                let period = if c.eat_word("permanent") {
                    Ok(Spanned::new(
                        Retention::Permanent,
                        Span::new(start, c.offset()),
                    ))
                } else {
                    c.bound("a period such as `10y`, or `permanent`")
                        .map(|b| Spanned::new(Retention::For(b.node), b.span))
                };
                period.and_then(|period| {
                    c.expect_end("the end of the line after the period")?;
                    Ok(MeasureLine::Retention {
                        period,
                        trailing: tr,
                        span: t.span(),
                    })
                })
            } else if self.looks_misspelt(kw) || did_you_mean(kw, ["retention"]).is_some() {
                self.unexpected(t, "inside a `measure` block", &["object", "retention"]);
                self.skip_block(t.indent);
                continue;
            } else {
                tag_line(t).map(MeasureLine::Tag)
            };
            match r {
                Ok(line) => lines.push(line),
                Err(e) => self.line_error(EXPECTED, &format!("in the `{kw}` line"), e),
            }
            self.reject_children(t.indent, kw);
        }
        Some(Measure {
            values,
            lines,
            trailing,
            span: l.span(),
        })
    }
}

// -------------------------------------------------------------------- line grammars

pub(crate) fn own_comment(line: Line<'_>) -> Comment {
    let text = line.content.get(1..).unwrap_or("").trim_end().to_string();
    Comment {
        text,
        span: line.span(),
    }
}

/// A unit's number must end where a space, a title's quote or the line does: `article 34x!` or `article 7.5` is
/// a number that cannot be read, not article `34x` or `7` with a bad title (which would cite the
/// body under a number the statute does not give it).
fn number_ends(
    c: &Cursor<'_>,
    n: Spanned<UnitNumber>,
    expected: &str,
) -> Result<Spanned<UnitNumber>, LineError> {
    let glued: usize = c
        .rest()
        .chars()
        .take_while(|&ch| !ch.is_whitespace() && ch != '"')
        .map(char::len_utf8)
        .sum();
    // An invisible or formatting character after the number (a zero-width joiner, a
    // directional mark) is not part of what the author wrote as the number: the number is kept
    // and the rest of the line reports that character by name.
    let invisible = c
        .rest()
        .chars()
        .next()
        .is_some_and(super::lexer::has_special_name);
    if glued == 0 || invisible {
        return Ok(n);
    }
    let span = Span::new(n.span.start as usize, c.offset() + glued);
    let written: String = c
        .rest()
        .get(..glued)
        .map(|rest| format!("{}{rest}", n.node))
        .unwrap_or_default();
    Err(LineError {
        span,
        expected: expected.to_string(),
        found: format!("`{}`", written.chars().take(40).collect::<String>()),
        hint: None,
    })
}

fn kind_noun(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Article => "article",
        UnitKind::Para => "paragraph",
        UnitKind::Point => "point",
    }
}

fn kind_phrase(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Article => "an article",
        UnitKind::Para => "a paragraph",
        UnitKind::Point => "a point",
    }
}

/// A word that is not a keyword but is one or two letters away from one (or from a standard
/// facet): almost certainly a typo, better reported than accepted as a new facet.
fn looks_misspelt(word: &str) -> bool {
    if STANDARD_FACETS.contains(&word) || OFFENCE_KEYWORDS.contains(&word) {
        return false;
    }
    // Another instrument's facet built on a standard word (`drug-conduct`, `wl-object`) is a
    // name of its own, not a misspelling of `conduct`.
    if word.contains('-')
        && word
            .split('-')
            .any(|seg| !seg.is_empty() && STANDARD_FACETS.contains(&seg))
        && word.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return false;
    }
    let all = STANDARD_FACETS
        .iter()
        .chain(OFFENCE_KEYWORDS)
        .chain(UNIT_KEYWORDS)
        .copied();
    did_you_mean(word, all).is_some() || !word.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A hint for a keyword used in the wrong place.
fn misplaced_hint(word: &str) -> Option<String> {
    let h = match word {
        "para" | "point" => "paragraphs and points are indented under their article",
        "conduct" | "object" | "circumstance" | "mental" | "requires" | "penalty"
        | "aggravates" => "tags of an offence go inside an `offence` block, indented under it",
        "text" | "offence" | "define" | "rule" | "see" => {
            "this line belongs inside an article, paragraph or point; indent it under one"
        }
        "jurisdiction" | "version" | "source" | "language" | "rendering" => {
            "header fields are indented under the `act` line at the top of the file"
        }
        "act" => "a file holds one act; the `act` line comes first, once",
        "article" | "part" | "chapter" => "articles, parts and chapters start at the left margin",
        _ => return None,
    };
    Some(h.to_string())
}

fn verified(c: &mut Cursor<'_>, trailing: Option<Comment>) -> Result<Verified, LineError> {
    c.skip_space();
    let start = c.offset();
    let status = if c.eat_word("yes") {
        Verification::Yes
    } else if c.eat_word("partly") {
        Verification::Partly
    } else if c.eat_word("no") {
        Verification::No
    } else {
        let mut e = c.error("`yes`, `partly` or `no`");
        if let Some(s) = did_you_mean(c.peek_word(), ["yes", "partly", "no"]) {
            e.hint = Some(format!("did you mean `{s}`?"));
        }
        return Err(e);
    };
    let status = Spanned::new(status, Span::new(start, c.offset()));
    c.skip_space();
    let note = if c.rest().starts_with('"') {
        Some(c.string("a note in quotes")?)
    } else {
        None
    };
    c.expect_end("a note in quotes, or the end of the line")?;
    Ok(Verified {
        status,
        note,
        trailing,
    })
}

fn tag_line(t: Line<'_>) -> Result<TagLine, LineError> {
    let (stmt, trailing) = split_comment(t.content, t.offset);
    let mut c = Cursor::new(stmt, t.offset);
    let facet = c.ident("a tag keyword such as `conduct`")?;
    // The keyword is a whole word: `fooв` is not the keyword `foo` with the value `в`.
    if c.rest().starts_with(|ch: char| !ch.is_whitespace()) {
        let mut e = c.error("a space after the tag keyword");
        e.hint = Some(
            "a tag line is a keyword such as `conduct` or `object`, a space, then its values"
                .into(),
        );
        return Err(e);
    }
    let narrowing = facet.node == NARROWING_FACET;
    let expected = match facet.node.as_str() {
        "conduct" => "a conduct such as `manufacture`",
        "object" => "an object such as `firearm`",
        "circumstance" => "a circumstance such as `without-licence`",
        "mental" => "a mental element such as `intent`",
        NARROWING_FACET => "an element such as `for-gain` or `\"in a dwelling\"`",
        _ => "a value",
    };
    let one_of = one_of(&mut c)?;
    let values = if narrowing {
        c.element_list(expected)?
    } else {
        c.skip_space();
        if c.rest().starts_with('"') {
            let mut e = c.error(expected);
            if let Ok(words) = Cursor::new(c.rest(), c.offset()).string(expected) {
                e.span = words.span;
                e.found = format!("words in quotes ({})", super::format::quote(&words.node));
            }
            e.hint = Some(format!(
                "words in quotes are narrowing elements: write them after `{NARROWING_FACET}`, \
                 on its own line or at the end of this one (`{} … {NARROWING_FACET} \"…\"`)",
                facet.node
            ));
            return Err(e);
        }
        c.value_list(expected)?
    };
    let limit = line_limit(&mut c, narrowing)?;
    if limit.is_some() && !c.at_end() {
        let mut e = c.error("`,` and another element, or the end of the line");
        if c.peek_word() == NARROWING_FACET {
            e.hint = Some(format!(
                "a line takes one `{NARROWING_FACET}`: list its elements with commas, or write \
                 `{NARROWING_FACET} one of …` for alternatives"
            ));
        }
        return Err(e);
    }
    c.expect_end(if narrowing {
        "`,` and another element, or the end of the line"
    } else {
        "`,` and another value, `requires …`, or the end of the line"
    })?;
    Ok(TagLine {
        facet,
        one_of,
        values,
        limit,
        trailing,
        span: t.span(),
    })
}

/// `one of` after a tag keyword: whether the values are alternatives.
fn one_of(c: &mut Cursor<'_>) -> Result<bool, LineError> {
    if !c.eat_word("one") {
        return Ok(false);
    }
    if !c.eat_word("of") {
        return Err(c.error("`of` after `one`"));
    }
    Ok(true)
}

/// The `requires …` ending a tag line, if there is one.
fn line_limit(c: &mut Cursor<'_>, narrowing: bool) -> Result<Option<LineLimit>, LineError> {
    c.skip_space();
    let start = c.offset();
    if !c.eat_word(NARROWING_FACET) {
        return Ok(None);
    }
    if narrowing {
        let mut e = c.error("the end of the line");
        e.span = Span::new(start, c.offset());
        e.found = format!("a second `{NARROWING_FACET}`");
        e.hint = Some(format!(
            "list every element on one `{NARROWING_FACET}` line, separated by commas"
        ));
        return Err(e);
    }
    let one_of = one_of(c)?;
    let values = c.element_list("an element such as `for-gain` or `\"military\"`")?;
    Ok(Some(LineLimit {
        one_of,
        values,
        span: Span::new(start, c.offset()),
    }))
}

fn penalty_line(t: Line<'_>) -> Result<Penalty, LineError> {
    let (stmt, trailing) = split_comment(t.content, t.offset);
    let mut c = Cursor::new(stmt, t.offset);
    c.eat_word("penalty");
    let mut terms = vec![(None, penalty_term(&mut c)?)];
    loop {
        let joiner = if c.eat_punct("+") {
            Joiner::And
        } else if c.eat_word("or") {
            Joiner::Or
        } else {
            break;
        };
        terms.push((Some(joiner), penalty_term(&mut c)?));
    }
    c.expect_end("`+` or `or` and another penalty, or the end of the line")?;
    Ok(Penalty {
        terms,
        trailing,
        span: t.span(),
    })
}

const PENALTY_TERM: &str = "`prison MIN..MAX`, `fine`, `life` or `?`";

fn penalty_term(c: &mut Cursor<'_>) -> Result<Spanned<PenaltyTerm>, LineError> {
    c.skip_space();
    let start = c.offset();
    let term = if c.eat_word("fine") {
        PenaltyTerm::Fine
    } else if c.eat_word("life") {
        PenaltyTerm::Life
    } else if c.eat_punct("?") {
        PenaltyTerm::Unknown
    } else if c.eat_word("prison") {
        PenaltyTerm::Prison(range(c)?)
    } else {
        let mut e = c.error(PENALTY_TERM);
        let word = c.peek_word();
        if let Some(s) = did_you_mean(word, ["prison", "fine", "life"]) {
            e.hint = Some(format!("did you mean `{s}`?"));
        } else if matches!(word, "imprisonment" | "jail") {
            e.hint = Some("imprisonment is written `prison MIN..MAX`, e.g. `prison 6m..5y`".into());
        }
        return Err(e);
    };
    Ok(Spanned::new(term, Span::new(start, c.offset())))
}

const RANGE: &str = "a range such as `6m..5y`, `..1y` or `5y..`";

fn range(c: &mut Cursor<'_>) -> Result<Range, LineError> {
    c.skip_space();
    let min = if c.rest().starts_with("..") {
        None
    } else {
        Some(c.bound(RANGE)?)
    };
    if !c.eat_punct("..") {
        let mut e = c.error("`..` between the minimum and the maximum");
        e.hint =
            Some("write a range: 6m..5y, ..5y (up to 5 years) or 5y.. (at least 5 years)".into());
        return Err(e);
    }
    c.skip_space();
    let max = if c.at_end() || c.rest().starts_with('+') || c.rest().starts_with("or ") {
        None
    } else {
        Some(c.bound(RANGE)?)
    };
    if min.is_none() && max.is_none() {
        return Err(c.error("a minimum or a maximum around `..`"));
    }
    Ok(Range { min, max })
}

fn rule(c: &mut Cursor<'_>, trailing: Option<Comment>, span: Span) -> Result<Rule, LineError> {
    let kind = c.ident("a general-part rule such as `attempt`, `complicity` or `confiscation`")?;
    let mut covers = Vec::new();
    if c.eat_word("covers") {
        covers = c.value_list("a value such as `aiding`")?;
    }
    let mut when = Vec::new();
    if c.eat_word("when") {
        when = alternatives(c)?;
    }
    if !when.is_empty() && c.rest().starts_with(')') {
        let mut e = c.error("`and`, `or` and another condition, or the end of the line");
        e.hint = Some("this `)` closes no `(`: remove it, or open the group before it".into());
        return Err(e);
    }
    if !when.is_empty() && c.rest().starts_with(',') {
        let mut e = c.error("`and`, `or` and another condition, or the end of the line");
        e.hint = Some(
            "conditions are joined with `and` (all must hold) or `or` (any suffices); a \
             `requires` condition names one element: `requires a and requires b`"
                .into(),
        );
        return Err(e);
    }
    c.expect_end(if when.is_empty() {
        "`covers …`, `when …` or the end of the line"
    } else {
        "`and`, `or` and another condition, or the end of the line"
    })?;
    Ok(Rule {
        kind,
        covers,
        when,
        trailing,
        span,
    })
}

/// `reads VALUE as including VALUE, … "SOURCE"`.
fn reads(c: &mut Cursor<'_>, trailing: Option<Comment>, span: Span) -> Result<Reads, LineError> {
    let value = c.term("the value the law states, such as `manufacture`")?;
    for word in ["as", "including"] {
        if !c.eat_word(word) {
            let mut e = c.error(format!("`{word}`"));
            e.hint = Some(
                "a reading is written `reads manufacture as including assemble \"source\"`".into(),
            );
            return Err(e);
        }
    }
    let including = c.value_list("the value it is read as reaching, such as `assemble`")?;
    c.skip_space();
    if !c.rest().starts_with('"') {
        let mut e = c.error("`,` and another value, or the source of the reading in quotes");
        e.hint = Some(
            "say where the reading comes from: a definition article, a commentary, a court \
             decision, the legislative guide"
                .into(),
        );
        return Err(e);
    }
    let source = c.string("the source of the reading in quotes")?;
    if source.node.trim().is_empty() {
        return Err(LineError {
            span: source.span,
            expected: "the source of the reading".into(),
            found: "an empty string".into(),
            hint: Some(
                "name the definition article, commentary, court decision or guide the reading rests on"
                    .into(),
            ),
        });
    }
    c.expect_end("the end of the line after the source")?;
    Ok(Reads {
        value,
        including,
        source,
        trailing,
        span,
    })
}

const CONDITION: &str = "a condition: `always`, `max >= 5y`, `expressly`, `listed article …`, \
     `class crime`, `requires organised-group` or `(` … `)`";

/// `COND {or COND}` where each COND is `PRIMARY {and PRIMARY}`: `and` binds tighter than `or`,
/// as a lawyer reads "four years and an organised group, or a listed offence". The result is
/// normalised so that printing it back and reading it again gives the same tree: a group of
/// one is its member, alternatives inside alternatives are spliced in, and so are conjunctions
/// inside conjunctions.
fn alternatives(c: &mut Cursor<'_>) -> Result<Vec<Spanned<Condition>>, LineError> {
    let mut out = Vec::new();
    loop {
        let alt = conjunction(c)?;
        match alt.node {
            Condition::Any(members) => out.extend(members),
            node => out.push(Spanned::new(node, alt.span)),
        }
        if !c.eat_word("or") {
            break;
        }
        if c.at_end() {
            let mut e = c.error(CONDITION);
            e.hint = Some("a condition must follow `or`: finish it, or remove the `or`".into());
            return Err(e);
        }
    }
    Ok(out)
}

/// `PRIMARY {and PRIMARY}`.
fn conjunction(c: &mut Cursor<'_>) -> Result<Spanned<Condition>, LineError> {
    c.skip_space();
    let start = c.offset();
    let first = primary(c)?;
    if !c.eat_word("and") {
        return Ok(first);
    }
    fn push(m: Spanned<Condition>, members: &mut Vec<Spanned<Condition>>) {
        match m.node {
            Condition::All(inner) => members.extend(inner),
            node => members.push(Spanned::new(node, m.span)),
        }
    }
    let mut members = Vec::new();
    push(first, &mut members);
    loop {
        if c.at_end() {
            let mut e = c.error(CONDITION);
            e.hint = Some("a condition must follow `and`: finish it, or remove the `and`".into());
            return Err(e);
        }
        push(primary(c)?, &mut members);
        if !c.eat_word("and") {
            break;
        }
    }
    Ok(Spanned::new(
        Condition::All(members),
        Span::new(start, c.offset()),
    ))
}

/// A condition, or alternatives in parentheses.
fn primary(c: &mut Cursor<'_>) -> Result<Spanned<Condition>, LineError> {
    c.skip_space();
    let start = c.offset();
    if !c.eat_punct("(") {
        return condition(c);
    }
    let mut inner = alternatives(c)?;
    if !c.eat_punct(")") {
        let mut e = c.error("`and`, `or` and another condition, or `)`");
        e.hint = Some("close the group opened by `(` with `)`".into());
        return Err(e);
    }
    let span = Span::new(start, c.offset());
    Ok(if inner.len() == 1 {
        let only = inner.remove(0);
        Spanned::new(only.node, span)
    } else {
        Spanned::new(Condition::Any(inner), span)
    })
}

/// `max OP DUR`, as a `classify` line tests the penalty.
fn penalty_test(c: &mut Cursor<'_>) -> Result<Spanned<PenaltyTest>, LineError> {
    c.skip_space();
    let start = c.offset();
    if !c.eat_word("max") {
        let mut e = c.error("`max` and a comparison, such as `max >= 5y`");
        e.hint = Some(
            "a class derived from the penalty is written `classify crime when max >= 5y`".into(),
        );
        return Err(e);
    }
    let Some(op) = Compare::ALL
        .iter()
        .find(|(sym, _)| c.eat_punct(sym))
        .map(|&(_, op)| op)
    else {
        return Err(c.error("`>=`, `>`, `<` or `<=` after `max`"));
    };
    let bound = c.bound("a duration such as `5y`")?.node;
    Ok(Spanned::new(
        PenaltyTest { op, bound },
        Span::new(start, c.offset()),
    ))
}

fn condition(c: &mut Cursor<'_>) -> Result<Spanned<Condition>, LineError> {
    c.skip_space();
    let start = c.offset();
    let cond = if c.eat_word("always") {
        Condition::Always
    } else if c.eat_word("expressly") {
        Condition::Expressly
    } else if c.eat_word("max") {
        let strict = if c.eat_punct(">=") {
            false
        } else if c.eat_punct(">") {
            true
        } else {
            return Err(c.error("`>=` or `>` after `max`"));
        };
        let bound = c.bound("a duration such as `5y`")?.node;
        Condition::MaxAtLeast { bound, strict }
    } else if c.eat_word("listed") {
        Condition::Listed(reference_list(c)?)
    } else if c.eat_word("class") {
        Condition::Class(c.term("a class of offence, such as `crime`")?)
    } else if c.eat_word("requires") {
        if c.eat_word("one") {
            let mut e = c.error("a narrowing element, such as `organised-group`");
            e.span = Span::new(start, c.offset());
            e.found = "`requires one`".into();
            e.hint = Some(
                "a `requires` condition names one element; write alternatives as \
                 `requires a or requires b`"
                    .into(),
            );
            return Err(e);
        }
        let v = c.element(
            "a narrowing element, such as `organised-group`, or the statute's words in quotes",
        )?;
        if v.node == Value::Unknown {
            let mut e = c.error("the end of the condition");
            e.span = v.span;
            e.expected = "a narrowing element, such as `organised-group`".into();
            e.found = "`?`".into();
            e.hint = Some(
                "a condition the rule depends on cannot be unknown: write the element, or the \
                 statute's words in quotes"
                    .into(),
            );
            return Err(e);
        }
        Condition::Requires(v)
    } else {
        let mut e = c.error(CONDITION);
        let word = c.peek_word();
        if matches!(word, "&&" | "&" | "AND" | "And") {
            e.hint = Some("conditions are joined with `and`".into());
        } else if matches!(word, "||" | "|" | "OR" | "Or") {
            e.hint = Some("alternatives are joined with `or`".into());
        } else if let Some(s) = did_you_mean(
            word,
            ["always", "expressly", "max", "listed", "class", "requires"],
        ) {
            e.hint = Some(format!("did you mean `{s}`?"));
        }
        return Err(e);
    };
    Ok(Spanned::new(cond, Span::new(start, c.offset())))
}

/// `REF {, REF}`. An item starting with `article` after one that names an act refers to that
/// act too (`act criminal-code article 10, article 11`), until another `act`: write references
/// to the act's own units first.
fn reference_list(c: &mut Cursor<'_>) -> Result<Vec<Spanned<Ref>>, LineError> {
    let mut refs = vec![reference(c)?];
    while c.eat_punct(",") {
        let mut r = reference(c)?;
        let prev = refs.last().and_then(|p| p.node.act.clone());
        if r.node.act.is_none() && r.node.article.is_some() && prev.is_some() {
            r.node.act = prev;
            r.node.act_carried = true;
        }
        refs.push(r);
    }
    Ok(refs)
}

const REFERENCE: &str = "a reference such as `article 348`, `para 1` or `point a`";

/// `[act ID] [article N] [para N] {point X}`, at least one part.
pub(crate) fn reference(c: &mut Cursor<'_>) -> Result<Spanned<Ref>, LineError> {
    c.skip_space();
    let start = c.offset();
    let mut r = Ref::default();
    if c.eat_word("act") {
        r.act = Some(c.ident("an act id such as `weapons-law`")?);
    }
    if c.eat_word("article") {
        r.article = Some(c.unit_number("an article number")?);
    }
    if c.eat_word("para") {
        r.para = Some(c.unit_number("a paragraph number")?);
    }
    while c.eat_word("point") {
        r.points.push(c.unit_number("a point label")?);
    }
    if r.article.is_none() && r.para.is_none() && r.points.is_empty() {
        let mut e = c.error(REFERENCE);
        if let Some(s) = did_you_mean(c.peek_word(), ["article", "para", "point"]) {
            e.hint = Some(format!("did you mean `{s}`?"));
        } else if c.peek_word() == "paragraph" {
            e.hint = Some("paragraphs are written `para N`".into());
        }
        return Err(e);
    }
    Ok(Spanned::new(r, Span::new(start, c.offset())))
}

/// At most this many characters of a token are shown in a headline.
const HEADLINE_TOKEN_CHARS: usize = 60;

/// What a headline shows of a found (or expected) token: a token of a whole line of 60 MB was
/// echoed whole, in the headline and again in JSON (issue 20, finding 4). Each word over 80
/// characters is cut to 60, with `…` and its length; the rest of the sentence is kept, and the
/// underline still marks all of the token.
fn headline_cut(s: &str) -> std::borrow::Cow<'_, str> {
    let long = |w: &str| {
        w.len() > HEADLINE_TOKEN_CHARS + 20 && w.chars().count() > HEADLINE_TOKEN_CHARS + 20
    };
    if !s.split(' ').any(long) {
        return std::borrow::Cow::Borrowed(s);
    }
    let words: Vec<String> = s
        .split(' ')
        .map(|w| {
            if !long(w) {
                return w.to_string();
            }
            // The length told is the token's, without the quotes around it.
            let token = w.trim_start_matches('`');
            let token = token.split('`').next().unwrap_or(token);
            let kept: String = w.chars().take(HEADLINE_TOKEN_CHARS).collect();
            let close = if kept.starts_with('`') { "`" } else { "" };
            let after = w
                .rsplit_once('`')
                .filter(|_| w.starts_with('`'))
                .map_or("", |(_, a)| a);
            format!(
                "{kept}…{close} ({} characters){after}",
                token.chars().count()
            )
        })
        .collect();
    std::borrow::Cow::Owned(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bodies are read into reused buffers and handed out at their exact size, each unit its
    /// own entries in order, however deep the nesting and however the sizes alternate; texts
    /// in one language share their tag.
    #[test]
    fn each_unit_keeps_its_own_entries_at_their_exact_size() {
        let src = format!(
            "{HEADER}article 1\n  text en: a\n  para 1\n    text en: b\n    point a\n      text en: c\n      point 1\n        text en: d\n    point b\n  para 2\n    text en: e\n    text en: f\n    text en: g\n    text en: h\n    text en: i\narticle 2\n  text en: j\n"
        );
        let (f, d) = parse_law(&src);
        assert!(d.iter().all(|d| d.code.id != "E0101"), "{d:#?}");
        fn walk(u: &Unit, out: &mut Vec<String>) {
            assert_eq!(
                u.body.len(),
                u.body.capacity(),
                "{} {}",
                u.kind.keyword(),
                u.number.node
            );
            let texts: Vec<&str> = u.texts().map(Text::value).collect();
            out.push(format!(
                "{} {}: {}",
                u.kind.keyword(),
                u.number.node,
                texts.join(" ")
            ));
            for c in u.children() {
                walk(c, out);
            }
        }
        let mut seen = Vec::new();
        let mut langs = Vec::new();
        for i in &f.items {
            if let Item::Article(a) = i {
                walk(a, &mut seen);
                collect_langs(a, &mut langs);
            }
        }
        fn collect_langs(u: &Unit, out: &mut Vec<Lang>) {
            out.extend(u.texts().map(|t| Lang::clone(&t.lang.node)));
            for c in u.children() {
                collect_langs(c, out);
            }
        }
        assert_eq!(
            seen,
            [
                "article 1: a",
                "para 1: b",
                "point a: c",
                "point 1: d",
                "point b: ",
                "para 2: e f g h i",
                "article 2: j",
            ]
        );
        assert_eq!(langs.len(), 10);
        assert!(langs.iter().all(|l| std::sync::Arc::ptr_eq(l, &langs[0])));
    }

    #[test]
    fn another_instruments_facet_on_a_standard_word_is_not_a_misspelling() {
        assert!(!looks_misspelt("drug-conduct"));
        assert!(!looks_misspelt("wl-conduct"));
        assert!(!looks_misspelt("tip-act"));
        assert!(looks_misspelt("condcut"));
        assert!(looks_misspelt("objetc"));
    }

    #[test]
    fn a_misspelt_keyword_is_reported_on_every_line_where_it_recurs() {
        // The parser remembers its verdict on each keyword: the second `condcut` is reported as
        // the first was, and another instrument's facet stays a tag line each time.
        let src = format!(
            "{HEADER}article 1\n  offence\n    condcut sell\n    content x\narticle 2\n  offence\n    condcut buy\n    content y\n"
        );
        let (f, d) = parse_law(&src);
        let misspelt: Vec<&Diagnostic> =
            d.iter().filter(|d| d.message.contains("condcut")).collect();
        assert_eq!(misspelt.len(), 2, "{d:#?}");
        let tags = f
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Article(u) => Some(u),
                _ => None,
            })
            .flat_map(|u| &u.body)
            .filter_map(|e| match e {
                Entry::Offence(o) => Some(o.lines.len()),
                _ => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(tags, [1, 1], "each offence keeps its `content` line");
    }

    #[test]
    fn a_long_token_is_cut_in_a_headline() {
        assert_eq!(headline_cut("`short`, which mixes"), "`short`, which mixes");
        let long = format!(
            "`{}`, which mixes Latin and Cyrillic letters",
            "x".repeat(500)
        );
        let cut = headline_cut(&long);
        assert_eq!(
            cut,
            format!(
                "`{}…` (500 characters), which mixes Latin and Cyrillic letters",
                "x".repeat(59)
            )
        );
        let number = format!("the number {} (too large)", "9".repeat(200));
        assert!(headline_cut(&number).ends_with("… (200 characters) (too large)"));
    }

    fn parse_ok(src: &str) -> LawFile {
        let (file, diags) = parse_law(src);
        assert!(diags.is_empty(), "unexpected diagnostics: {diags:#?}");
        file
    }

    const HEADER: &str = "act criminal-code \"Criminal Code\"\n  jurisdiction RS\n  version 2019-12-01\n  source \"SG 85/2005\"\n  language sr-Cyrl, en\n  rendering unofficial\n  verified partly \"some\"\n";

    #[test]
    fn listed_act_prefix_carries_over_to_following_articles() {
        // `listed act criminal-code article 10, article 11` means both in the criminal code
        // (it was read as the act's own article 11, and refused as dangling); the formatter
        // writes it as it was written.
        let src = format!(
            "{HEADER}\narticle 1\n  rule legal-persons when listed para 2, act criminal-code article 10, article 11 para 2, para 3\n"
        );
        let f = parse_ok(&src);
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        let Some(Entry::Rule(r)) = a.body.first() else {
            panic!("{:?}", a.body)
        };
        let Some(Condition::Listed(refs)) = r.when.first().map(|c| &c.node) else {
            panic!("{:?}", r.when)
        };
        let acts: Vec<Option<&str>> = refs
            .iter()
            .map(|x| x.node.act.as_ref().map(|a| a.node.as_str()))
            .collect();
        assert_eq!(
            acts,
            [None, Some("criminal-code"), Some("criminal-code"), None],
            "only an item starting with `article` takes the act over"
        );
        let out = crate::syntax::format::format_law(&f);
        assert!(
            out.contains("listed para 2, act criminal-code article 10, article 11 para 2, para 3"),
            "{out}"
        );
    }

    #[test]
    fn an_error_in_a_units_title_loses_the_title_not_the_unit() {
        // `article 348 "Weapons" junk` dropped the whole article, every paragraph with it,
        // and the analysis reported its obligations as uncovered.
        let src = format!(
            "{HEADER}\narticle 348 \"Weapons\" junk\n  para 1\n    text en: Whoever makes firearms.\n  para 2 \"Title\n    text en: Whoever sells them.\n"
        );
        let (f, diags) = parse_law(&src);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        let Item::Article(a) = &f.items[0] else {
            panic!("{:?}", f.items)
        };
        assert_eq!(a.number.node, UnitNumber::Known("348".into()));
        assert!(a.title.is_none());
        let paras: Vec<_> = a.children().collect();
        assert_eq!(paras.len(), 2, "both paragraphs kept");
        assert_eq!(paras[1].texts().count(), 1);
    }

    #[test]
    fn a_unit_whose_number_cannot_be_read_keeps_its_body() {
        // `article 34x!` lost the article and every line under it (its paragraphs, its
        // offences, and the errors in them, which were never even reported).
        let src = format!(
            "{HEADER}\narticle 33\n  text en: Before.\narticle 34x! \"Weapons\"\n  para 1\n    offence\n      condcut sell\n  para 2\n    text en: Whoever sells them.\n  para #\n    text en: Whoever buys them.\narticle 35\n  text en: After.\n"
        );
        let (f, diags) = parse_law(&src);
        let codes: Vec<_> = diags.iter().map(|d| d.code.id).collect();
        assert_eq!(codes, ["E0102", "E0101", "E0102"], "{diags:#?}");
        // Located at the bad number, saying what became of the body.
        let bad = src.find("34x!").unwrap_or_default();
        assert_eq!(diags[0].span.map(|s| s.start as usize), Some(bad));
        assert!(
            diags[0]
                .message
                .contains("kept with its body under an unknown number (`article ?`)"),
            "{}",
            diags[0].message
        );
        assert!(diags[0].hint.is_some());
        // The error inside the body is now found, with its did-you-mean.
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `conduct`?"));
        let articles: Vec<&Unit> = f
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => Some(a),
                _ => None,
            })
            .collect();
        let numbers: Vec<String> = articles.iter().map(|a| a.number.node.to_string()).collect();
        assert_eq!(numbers, ["33", "?", "35"], "no unit lost, none merged");
        assert_eq!(articles[1].number.node, UnitNumber::Unreadable);
        let paras: Vec<_> = articles[1].children().collect();
        assert_eq!(paras.len(), 3, "every paragraph kept under the placeholder");
        assert_eq!(paras[2].number.node, UnitNumber::Unreadable);
        assert_eq!(paras[2].texts().count(), 1);
        // Nothing of article 34's body went to its neighbours.
        assert_eq!(articles[0].body.len(), 1);
        assert_eq!(articles[2].body.len(), 1);
    }

    #[test]
    fn header_fields() {
        let f = parse_ok(HEADER);
        assert_eq!(f.header.act.node, "criminal-code");
        assert_eq!(f.header.title.node, "Criminal Code");
        assert_eq!(f.header.jurisdiction().unwrap().node, "RS");
        assert_eq!(f.header.version().unwrap().to_string(), "2019-12-01");
        assert_eq!(f.header.languages().count(), 2);
        assert_eq!(f.header.rendering().unwrap().node, Rendering::Unofficial);
    }

    #[test]
    fn article_with_paragraphs_and_tags() {
        let src = format!(
            "{HEADER}\narticle 348 \"Weapons\"\n  para 1\n    text en: Whoever makes\n             or sells # not a comment\n    offence\n      conduct manufacture, sell\n      object weapon\n      penalty prison 6m..5y + fine\n  para 2\n    offence\n      aggravates para 1\n      penalty fine or prison ..1y\n"
        );
        let f = parse_ok(&src);
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        assert_eq!(a.number.node, UnitNumber::Known("348".into()));
        let paras: Vec<_> = a.children().collect();
        assert_eq!(paras.len(), 2);
        let text = paras[0].texts().next().unwrap();
        assert_eq!(text.value(), "Whoever makes or sells # not a comment");
        let Entry::Offence(o) = &paras[0].body[1] else {
            panic!()
        };
        assert_eq!(o.tags().count(), 2);
        let p = o.penalty().unwrap();
        assert_eq!(p.alternatives().len(), 1);
        let Entry::Offence(o2) = &paras[1].body[0] else {
            panic!()
        };
        assert_eq!(
            o2.bases().unwrap().1[0].node.para.as_ref().unwrap().node,
            UnitNumber::Known("1".into())
        );
        assert_eq!(o2.penalty().unwrap().alternatives().len(), 2);
    }

    #[test]
    fn alternative_elements_and_several_bases() {
        let src = format!(
            "{HEADER}article 348\n  para 3\n    offence\n      aggravates para 1, para 2\n      requires one of large-quantity, great-destructive-power\n      requires for-gain\n"
        );
        let f = parse_ok(&src);
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        let para = a.children().next().unwrap();
        let Entry::Offence(o) = &para.body[0] else {
            panic!()
        };
        assert_eq!(o.bases().unwrap().1.len(), 2);
        let tags: Vec<_> = o.tags().collect();
        assert!(tags[0].one_of);
        assert_eq!(tags[0].values.len(), 2);
        assert!(!tags[1].one_of);
        assert!(parse_law(&src.replace("one of", "one or")).1.len() == 1);
    }

    #[test]
    fn narrowing_elements_in_words_and_per_line_limits() {
        let f = parse_ok(&format!(
            "{HEADER}article 1\n  offence\n    requires for-gain, \"in a \\\"dwelling\\\"\"\n    object ammunition requires one of \"military\", large-quantity # c\n"
        ));
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        let Entry::Offence(o) = &a.body[0] else {
            panic!()
        };
        let tags: Vec<&TagLine> = o.tags().collect();
        assert_eq!(
            tags[0]
                .values
                .iter()
                .map(|v| v.node.clone())
                .collect::<Vec<_>>(),
            [
                Value::Ident("for-gain".into()),
                Value::Words("in a \"dwelling\"".into())
            ]
        );
        assert!(tags[0].limit.is_none());
        let limit = tags[1].limit.as_ref().expect("limit");
        assert!(limit.one_of);
        assert_eq!(limit.values.len(), 2);
        assert_eq!(
            crate::syntax::format::tag_line(tags[1]),
            "object ammunition requires one of \"military\", large-quantity"
        );
        for bad in [
            "    requires \"\"\n",
            "    requires \"  \"\n",
            "    object \"military\"\n",
            "    requires for-gain requires group\n",
            "    object firearm requires \"a\" requires \"b\"\n",
            "    object firearm requires\n",
        ] {
            let (_, d) = parse_law(&format!("{HEADER}article 1\n  offence\n{bad}"));
            assert_eq!(d.len(), 1, "{bad}: {d:#?}");
        }
    }

    /// The rule line of `article 1` of a file with that one line.
    fn rule_line(when: &str) -> (Rule, Vec<Diagnostic>) {
        let (f, d) = parse_law(&format!("{HEADER}article 1\n  rule attempt when {when}\n"));
        let rule = f
            .items
            .into_iter()
            .find_map(|i| match i {
                Item::Article(a) => a.body.into_iter().find_map(|e| match e {
                    Entry::Rule(r) => Some(r),
                    _ => None,
                }),
                _ => None,
            })
            .unwrap_or(Rule {
                kind: Spanned::new(String::new(), Span::new(0, 0)),
                covers: Vec::new(),
                when: Vec::new(),
                trailing: None,
                span: Span::new(0, 0),
            });
        (rule, d)
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let (r, d) = rule_line("max >= 4y and requires organised-group or listed article 1");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(r.when.len(), 2);
        let Condition::All(members) = &r.when[0].node else {
            panic!("{:?}", r.when[0].node)
        };
        assert!(matches!(members[0].node, Condition::MaxAtLeast { .. }));
        assert!(
            matches!(&members[1].node, Condition::Requires(v) if v.node == Value::Ident("organised-group".into()))
        );
        assert!(matches!(r.when[1].node, Condition::Listed(_)));
        // Printed back as written: no parentheses needed.
        assert_eq!(
            crate::syntax::format::rule(&r),
            "rule attempt when max >= 4y and requires organised-group or listed article 1"
        );
    }

    #[test]
    fn parentheses_group_alternatives_and_are_normalised() {
        let (r, d) = rule_line("(listed article 1 or max > 10y) and requires \"in a dwelling\"");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(r.when.len(), 1);
        let Condition::All(members) = &r.when[0].node else {
            panic!()
        };
        assert!(matches!(&members[0].node, Condition::Any(a) if a.len() == 2));
        assert!(
            matches!(&members[1].node, Condition::Requires(v) if v.node == Value::Words("in a dwelling".into()))
        );
        assert_eq!(
            crate::syntax::format::rule(&r),
            "rule attempt when (listed article 1 or max > 10y) and requires \"in a dwelling\""
        );
        // Parentheses that change nothing are dropped; nested groups are spliced.
        for (written, canonical) in [
            ("(expressly)", "expressly"),
            (
                "(expressly or always) or class crime",
                "expressly or always or class crime",
            ),
            (
                "(expressly and always) and class crime",
                "expressly and always and class crime",
            ),
            ("((expressly or always))", "expressly or always"),
            (
                "expressly and (always and (max >= 5y))",
                "expressly and always and max >= 5y",
            ),
        ] {
            let (r, d) = rule_line(written);
            assert!(d.is_empty(), "{written}: {d:#?}");
            assert_eq!(
                crate::syntax::format::rule(&r),
                format!("rule attempt when {canonical}"),
                "{written}"
            );
            let (again, _) = rule_line(canonical);
            assert_eq!(again, r, "{written}");
        }
    }

    #[test]
    fn half_typed_conditions_are_located_errors() {
        for (bad, expected, hint) in [
            ("max >= 4y and", "a condition", "remove the `and`"),
            ("max >= 4y or", "a condition", "remove the `or`"),
            ("(max >= 4y or expressly", "`)`", "close the group"),
            ("max >= 4y)", "the end of the line", "closes no `(`"),
            ("max >= 4y && expressly", "the end of the line", ""),
            (
                "requires organised-group, group",
                "the end of the line",
                "names one element",
            ),
            (
                "requires one of group",
                "a narrowing element",
                "requires a or requires b",
            ),
            ("requires ?", "a narrowing element", "cannot be unknown"),
            ("requires", "a narrowing element", ""),
            (
                "max >= 4y and && expressly",
                "a condition",
                "joined with `and`",
            ),
            ("requirs group", "a condition", "did you mean `requires`?"),
        ] {
            let (_, d) = rule_line(bad);
            assert_eq!(d.len(), 1, "{bad}: {d:#?}");
            let text = format!("{:?}", d[0]);
            assert!(text.contains(expected), "{bad}: {text}");
            assert!(text.contains(hint), "{bad}: {text}");
        }
    }

    #[test]
    fn offence_classes() {
        let f = parse_ok(&format!(
            "{HEADER}article 1\n  classify crime when max >= 5y\n  classify misdemeanour\n  rule attempt when class crime or max > 10y\n  offence\n    class crime\n"
        ));
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        let Entry::Classify(c) = &a.body[0] else {
            panic!()
        };
        assert_eq!(c.class.node, "crime");
        assert_eq!(
            c.when.as_ref().map(|t| t.node),
            Some(PenaltyTest {
                op: Compare::AtLeast,
                bound: Bound::Known(Duration::from_years(5))
            })
        );
        let Entry::Rule(r) = &a.body[2] else { panic!() };
        assert!(matches!(&r.when[0].node, Condition::Class(c) if c.node == "crime"));
        let Entry::Offence(o) = &a.body[3] else {
            panic!()
        };
        assert_eq!(o.class().map(|c| c.node.as_str()), Some("crime"));
        for bad in [
            "  classify crime when max = 5y\n",
            "  classify crime when 5y\n",
            "  classify crime, misdemeanour\n",
            "  rule attempt when clas crime\n",
            "  offence\n    class crime, misdemeanour\n",
        ] {
            let (_, d) = parse_law(&format!("{HEADER}article 1\n{bad}"));
            assert_eq!(d.len(), 1, "{bad}: {d:#?}");
        }
    }

    #[test]
    fn rules_and_references() {
        let src = format!(
            "{HEADER}article 30\n  rule attempt when max >= 5y or expressly\n  rule legal-persons when listed article 348, article 350 para 2\n  rule complicity covers aiding, instigation\n  see act weapons-law article 5 para 1 point a\n"
        );
        let f = parse_ok(&src);
        let Item::Article(a) = &f.items[0] else {
            panic!()
        };
        let Entry::Rule(r) = &a.body[0] else { panic!() };
        assert_eq!(r.when.len(), 2);
        let Entry::Rule(r) = &a.body[1] else { panic!() };
        let Condition::Listed(refs) = &r.when[0].node else {
            panic!()
        };
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].to_string(), "article 350 para 2");
        let Entry::See(s) = &a.body[3] else { panic!() };
        assert_eq!(
            s.refs[0].to_string(),
            "act weapons-law article 5 para 1 point a"
        );
    }

    #[test]
    fn recovers_and_reports_every_error() {
        let src = format!(
            "{HEADER}article 1\n  para 1\n    offence\n      condcut sell\n      penalty prison 5y..1y\nartcle 2\n  para 1\n    text en: fine\narticle 3\n  para x!\n"
        );
        let (f, diags) = parse_law(&src);
        let codes: Vec<_> = diags.iter().map(|d| d.code.id).collect();
        assert_eq!(codes, ["E0101", "E0101", "E0102"], "{diags:#?}");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `conduct`?"));
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `article`?"));
        assert_eq!(f.items.len(), 2);
    }

    /// Prints a parse with its spans (`Span`'s `==` ignores them) and its diagnostics.
    fn printed(parse: &(LawFile, Vec<Diagnostic>)) -> String {
        format!("{parse:#?}")
    }

    #[test]
    fn items_are_cut_only_at_lines_that_start_an_item() {
        let src = format!(
            "{HEADER}\narticle 1\n  text en: a\n\n  para 1\n\tpoint a\r\n# note\r\n\r\n   \narticle 2\n\u{a0}\n  text en: b\nartcle 3\n"
        );
        let at = |line: &str| src.find(line).unwrap_or(usize::MAX);
        let start = src.find("\narticle 1").unwrap_or(0) + 1;
        let cuts = item_cuts(&src, start, 1);
        assert_eq!(
            cuts,
            [
                start,
                at("# note"),
                at("article 2"),
                at("artcle 3"),
                src.len()
            ]
        );
        // Pieces are at least as long as asked, the last one included.
        assert_eq!(item_cuts(&src, start, 40), [start, at("# note"), src.len()]);
        assert_eq!(item_cuts(&src, start, src.len()), [start, src.len()]);
        assert_eq!(item_cuts(&src, start, usize::MAX), [start, src.len()]);
        // A file without a line end, or with nothing at the left margin past the start.
        assert_eq!(item_cuts("article 1", 0, 1), [0, 9]);
        assert_eq!(item_cuts("article 1\n  a\n  b\n", 0, 1), [0, 18]);
    }

    #[test]
    fn every_bundled_act_parses_the_same_in_pieces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("codes");
        let mut stack = vec![root];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("codes/ is readable") {
                let path = e.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "law") {
                    let text = std::fs::read_to_string(&path).expect("UTF-8");
                    let serial = printed(&parse_law_in_pieces(&text, usize::MAX));
                    for piece in [1, 64, 4096] {
                        let cut = printed(&parse_law_in_pieces(&text, piece));
                        assert!(cut == serial, "{} in pieces of {piece}", path.display());
                    }
                    seen += 1;
                }
            }
        }
        assert!(seen > 10, "only {seen} acts found");
    }

    #[test]
    fn hostile_files_parse_the_same_in_pieces() {
        let mut deep = HEADER.to_string();
        for a in 1..4 {
            deep.push_str(&format!("article {a}\n"));
            for i in 0..60 {
                deep.push_str(&" ".repeat(2 + i));
                deep.push_str("point a\n");
            }
        }
        let long = format!(
            "{HEADER}article 1\n  text en: {}\narticle 2\n\u{3000}\u{3000}\n\u{a0}article 3\n\0\narticle 4\n  text en: {}",
            "x".repeat(2 << 20),
            "y ".repeat(1000)
        );
        for text in [deep, long, "\u{feff}article 1\narticle 2\n".into()] {
            assert!(item_cuts(&text, 0, 1).len() > 2, "{:?}", text.get(..40));
            let serial = printed(&parse_law_in_pieces(&text, usize::MAX));
            for piece in [1, 100, 1 << 20] {
                assert!(
                    printed(&parse_law_in_pieces(&text, piece)) == serial,
                    "{piece}"
                );
            }
        }
    }

    /// A line of a generated `.law` file: header lines, items at the left margin, bodies
    /// indented under them, and every kind of line that is not one of those.
    fn law_line() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "act criminal-code \"C\"",
            "  jurisdiction RS",
            "  version 2019-12-01",
            "  language en",
            "article 1",
            "article 2 \"Title\" # c",
            "article x!",
            "part 1 \"General\"",
            "chapter II",
            "# a comment",
            "artcle 3",
            "junk: here",
            "\u{a0}article 4",
            "\u{feff}act x \"y\"",
            "\u{2003}",
            "\0",
            "\r",
            "",
            "   ",
            "\t",
            "  para 1",
            "  para",
            "\tpara 2",
            "  text en: some words",
            "    continued # not a comment",
            "  text: no language",
            "  offence",
            "    conduct sell",
            "    condcut sell",
            "    penalty prison 1y..5y",
            "    class crime",
            "    point a",
            "      point b",
            "  see article 1",
            "  measure record-keeping",
            "    retention 10y",
            "  repealed",
            " misaligned",
            "   # indented comment",
        ])
    }

    /// A generated file: lines, each ended by `\n` or `\r\n`, the last one perhaps by nothing.
    fn law_text() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((law_line(), any::<bool>()), 0..60),
            any::<bool>(),
        )
            .prop_map(|(lines, last_end)| {
                let mut s = String::new();
                let n = lines.len();
                for (i, (line, crlf)) in lines.into_iter().enumerate() {
                    s.push_str(line);
                    if i + 1 < n || last_end {
                        s.push_str(if crlf { "\r\n" } else { "\n" });
                    }
                }
                s
            })
    }

    proptest::proptest! {
        #[test]
        fn a_file_parsed_in_pieces_is_the_file_parsed_whole(
            text in law_text(),
            piece in 1usize..80,
        ) {
            let serial = printed(&parse_law_in_pieces(&text, usize::MAX));
            let cut = printed(&parse_law_in_pieces(&text, piece));
            proptest::prop_assert_eq!(cut, serial);
        }
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "",
            "\u{feff}",
            "\0",
            "act",
            "act x",
            "act x \"",
            "  article",
            "article ?\n  para ?\n    point ?",
            "\t\tpara 1\n\tpoint",
            "act a \"b\"\n  version 2023-02-30",
        ] {
            let _ = parse_law(src);
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut src = format!("{HEADER}article 1\n");
        for i in 0..200 {
            src.push_str(&" ".repeat(2 + i));
            src.push_str("point a\n");
        }
        let (_, diags) = parse_law(&src);
        assert!(diags.iter().any(|d| d.code == TOO_DEEP));
    }

    #[test]
    fn a_tag_keyword_glued_to_letters_of_another_script_is_an_error() {
        // Fuzz finding (fmt_roundtrip): `fooв` in an offence block was read as the keyword `foo`
        // with the value `в`; `check` passed and `fmt` refused to write.
        let text = "act criminal-code \"C\"\n  jurisdiction RS\n  version 2019-12-01\n  source \"x\"\n  language en\n  rendering unofficial\n\narticle 1\n  offence\n    penalty prison ..1y\n    fooв\n";
        let (_, diags) = parse_law(text);
        assert!(
            diags.iter().any(|d| d.message.contains("tag")),
            "{diags:#?}"
        );
    }
}
