//! The `.bill` language: an amending act written as typed operations on the units of one act
//! version.
//!
//! A bill names the version it amends (`ME/criminal-code@2022-12-02`) and lists operations in
//! the order the amending act states them: `replace`, `insert … before|after|in …`, `repeal`,
//! `renumber … to …`. The units a bill inserts or puts in place of others are written in exactly
//! the `.law` unit grammar — the same parser reads them, with the same diagnostics and recovery —
//! so an expert who can encode a code can encode its amendment. The operations follow Akoma
//! Ntoso's textual modifications (substitution, insertion, repeal, renumbering), which is how
//! parliaments themselves describe an amending act.
//!
//! Parsing only reads the bill. Whether its targets exist is for `amend::apply` to say, against
//! the text the bill amends.

use std::collections::BTreeMap;
use std::fmt;

use super::ast::*;
use super::format::{format_law, quote};
use super::lexer::{Cursor, Line, LineError, split_comment};
use super::lint::lint;
use super::parser::{BAD_INDENT, EXPECTED, Parser, own_comment, reference};
use super::span::{Span, Spanned};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

pub const MISSING_BILL_LINE: Code = Code::error("E0701", "missing-bill-line");
pub const MISSING_BILL_FIELD: Code = Code::error("E0702", "missing-bill-field");
pub const DUPLICATE_BILL_FIELD: Code = Code::error("E0703", "duplicate-bill-field");
pub const BAD_TARGET: Code = Code::error("E0704", "bad-target");
pub const EMPTY_OPERATION: Code = Code::error("E0705", "empty-operation");
pub const EFFECTIVE_TOO_EARLY: Code = Code::error("E0706", "effective-before-amended-version");
pub const EFFECTIVE_UNKNOWN_ADOPTED: Code = Code::error("E0709", "adopted-bill-effective-unknown");
pub const BILL_PATH_MISMATCH: Code = Code::error("E0707", "bill-path-mismatch");
pub const UNEXPECTED_OPERATION: Code = Code::error("E0708", "unknown-operation");
pub const BAD_WITH: Code = Code::error("E0710", "bad-with-bill");

/// Keywords that may start a line under the `bill` line.
pub const BILL_FIELDS: &[&str] = &["status", "effective", "source", "note", "title", "with"];
/// Keywords that may start a line at the left margin after the header: the operations.
pub const OPERATIONS: &[&str] = &["replace", "insert", "repeal", "renumber"];

/// A whole `.bill` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillFile {
    pub header: BillHeader,
    /// Operations and free-standing comments, in the order written — which is the order the
    /// operations apply in.
    pub items: Vec<BillItem>,
}

impl BillFile {
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.items.iter().filter_map(|i| match i {
            BillItem::Operation(o) => Some(o),
            BillItem::Comment(_) => None,
        })
    }
}

/// The act version a bill amends: `ME/criminal-code@2022-12-02`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionRef {
    pub jurisdiction: Ident,
    pub act: Ident,
    pub version: Date,
}

impl fmt::Display for VersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}@{}", self.jurisdiction, self.act, self.version)
    }
}

/// The `bill` line and the fields indented under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillHeader {
    /// Comments above the `bill` line.
    pub leading: Vec<Comment>,
    pub title: Spanned<String>,
    /// `None` only when the `bill` line could not be read (an error was reported).
    pub amends: Option<Spanned<VersionRef>>,
    pub trailing: Option<Comment>,
    pub fields: Vec<BillField>,
    pub span: Span,
}

impl BillHeader {
    pub fn status(&self) -> Option<&Spanned<BillStatus>> {
        self.fields.iter().find_map(|f| match f {
            BillField::Status(s, _) => Some(s),
            _ => None,
        })
    }

    pub fn effective(&self) -> Option<&Spanned<Date>> {
        self.fields.iter().find_map(|f| match f {
            BillField::Effective(d, _) => Some(d),
            _ => None,
        })
    }

    pub fn sources(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.fields.iter().filter_map(|f| match f {
            BillField::Source(s, _) => Some(s),
            _ => None,
        })
    }

    pub fn notes(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.fields.iter().filter_map(|f| match f {
            BillField::Note(s, _) => Some(s),
            _ => None,
        })
    }

    /// The bills this one is read with (`with "draft.bill"`): file names in the same folder.
    pub fn with(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.fields.iter().filter_map(|f| match f {
            BillField::With(s, _) => Some(s),
            _ => None,
        })
    }
}

/// One line under the `bill` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BillField {
    Status(Spanned<BillStatus>, Option<Comment>),
    /// The day the bill takes (or would take) effect: the version date of the text it yields.
    Effective(Spanned<Date>, Option<Comment>),
    /// `effective ?`: a draft whose day of effect is not known yet (the drafters set it, often
    /// as "the eighth day after publication"). The text it yields is analysed on the day of the
    /// version it amends, or the day asked for (`--at`).
    EffectiveUnknown(Span, Option<Comment>),
    Source(Spanned<String>, Option<Comment>),
    Note(Spanned<String>, Option<Comment>),
    /// `with "draft.bill"`: this bill is read with another bill of the same folder, amending
    /// another act of the jurisdiction, which applies first (a package: a procedure-code bill
    /// that names the articles a criminal-code bill inserts). Its references may name the units
    /// the other bill brings.
    With(Spanned<String>, Option<Comment>),
    Title {
        lang: Spanned<Ident>,
        text: Spanned<String>,
        trailing: Option<Comment>,
    },
    Comment(Comment),
}

/// Where a bill stands in the legislative process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BillStatus {
    /// A proposal: it can be diffed and assessed, not written out as law in force.
    Draft,
    /// Passed and published: its result is the next consolidated version.
    Adopted,
}

impl BillStatus {
    pub fn keyword(self) -> &'static str {
        match self {
            BillStatus::Draft => "draft",
            BillStatus::Adopted => "adopted",
        }
    }
}

/// Nearly every item is an operation, so boxing it would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BillItem {
    Operation(Operation),
    Comment(Comment),
}

/// One amending instruction: its action, the comment on its line, and the line's span (where
/// every error about the operation points).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub action: Action,
    /// For `replace` and `insert` this is the comment of the unit line the operation stands for
    /// (it ends up on that unit's line in the consolidated text).
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// What an operation does. Targets are written like references in `.law` files, always from
/// the article down: `article 403 para 2 point a`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `replace TARGET ["Title"]` + the unit's whole new content: it keeps its number and place;
    /// its title, text, tags and sub-units become what the bill says.
    Replace {
        target: Spanned<Ref>,
        title: Option<Spanned<String>>,
        body: Vec<Entry>,
    },
    /// `insert KIND NUMBER (before REF | after REF | in REF | at end) ["Title"]` + content.
    Insert {
        kind: UnitKind,
        number: Spanned<UnitNumber>,
        position: Position,
        title: Option<Spanned<String>>,
        body: Vec<Entry>,
    },
    /// `repeal TARGET`: the unit leaves the consolidated text. (To keep a "repealed" stub, as
    /// some consolidations do, `replace` it with a body holding `repealed`.)
    Repeal { target: Spanned<Ref> },
    /// `renumber TARGET to NUMBER`: same place, same content, new number.
    Renumber {
        target: Spanned<Ref>,
        to: Spanned<UnitNumber>,
    },
}

impl Action {
    pub fn keyword(&self) -> &'static str {
        match self {
            Action::Replace { .. } => "replace",
            Action::Insert { .. } => "insert",
            Action::Repeal { .. } => "repeal",
            Action::Renumber { .. } => "renumber",
        }
    }
}

/// Where an inserted unit goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// Just before this sibling.
    Before(Spanned<Ref>),
    /// Just after this sibling.
    After(Spanned<Ref>),
    /// As the last sub-unit of this unit.
    In(Spanned<Ref>),
    /// As the last article of the act.
    AtEnd(Span),
}

/// The kind of unit a target or anchor reference names: its last part.
pub fn target_kind(r: &Ref) -> UnitKind {
    if !r.points.is_empty() {
        UnitKind::Point
    } else if r.para.is_some() {
        UnitKind::Para
    } else {
        UnitKind::Article
    }
}

/// How many levels down a reference goes (an article is 1).
fn target_depth(r: &Ref) -> usize {
    1 + usize::from(r.para.is_some()) + r.points.len()
}

/// Parses a whole `.bill` file. Always returns a tree (possibly partial) and every diagnostic
/// found — of the bill's own grammar and of the `.law` grammar inside its operations, plus the
/// single-file checks `.law` files get (penalty ranges, duplicate numbers, unknown values).
pub fn parse_bill(text: &str) -> (BillFile, Vec<Diagnostic>) {
    let mut p = Parser::new(text);
    let header = bill_header(&mut p, text);
    let items = bill_items(&mut p);
    let mut diags = p.into_diagnostics();
    let clean = !diags.iter().any(Diagnostic::is_error);
    let file = BillFile { header, items };
    diags.extend(check(&file, clean));
    // In file order, whichever stage found them.
    diags.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    (file, diags)
}

fn bill_header<'a>(p: &mut Parser<'a>, text: &str) -> BillHeader {
    let mut leading = Vec::new();
    while let Some(line) = p.peek() {
        if line.is_comment() && line.indent == 0 {
            leading.push(own_comment(line));
            p.bump();
        } else {
            break;
        }
    }
    let Some(line) = p.peek().filter(|l| l.keyword() == "bill") else {
        let d = match p.peek() {
            Some(line) => Diagnostic::new(MISSING_BILL_LINE, "a .bill file must start with a `bill` line")
                .at(line.span(), "expected `bill \"Title\" amends J/act@DATE` here"),
            None if text.trim_start_matches('\u{feff}').trim().is_empty() => {
                Diagnostic::new(MISSING_BILL_LINE, "the bill is empty")
                    .at(Span::new(0, 0), "expected a `bill` line")
            }
            None => Diagnostic::new(MISSING_BILL_LINE, "the bill has only comments; it needs a `bill` line")
                .at(Span::new(0, 0), "expected a `bill` line"),
        }
        .hint("begin with e.g. `bill \"Law amending the Criminal Code\" amends ME/criminal-code@2022-12-02`, then `status` and `effective` indented below it");
        p.report(d);
        return BillHeader {
            leading,
            title: Spanned::new(String::new(), Span::default()),
            amends: None,
            trailing: None,
            fields: Vec::new(),
            span: Span::default(),
        };
    };
    p.bump();
    let (stmt, trailing) = split_comment(line.content, line.offset);
    let mut c = Cursor::new(stmt, line.offset);
    c.eat_word("bill");
    let mut title = Spanned::new(String::new(), Span::new(line.offset, line.offset));
    let mut amends = None;
    let head = (|| {
        title =
            c.string("the bill's title in quotes, such as \"Law amending the Criminal Code\"")?;
        if !c.eat_word("amends") {
            let mut e = c.error("`amends` and the act version the bill amends");
            e.hint = Some(
                "write the version as JURISDICTION/ACT@DATE, e.g. `amends ME/criminal-code@2022-12-02`"
                    .into(),
            );
            return Err(e);
        }
        amends = Some(version_ref(p, &mut c)?);
        c.expect_end("the end of the `bill` line")
    })();
    if let Err(e) = head {
        p.line_error(EXPECTED, "in the `bill` line", e);
    }
    let mut fields = Vec::new();
    while let Some(l) = p.peek_child(line.indent) {
        p.bump();
        if l.is_comment() {
            fields.push(BillField::Comment(own_comment(l)));
            continue;
        }
        let kw = l.keyword();
        if !BILL_FIELDS.contains(&kw) {
            p.unexpected(l, "in the bill header", BILL_FIELDS);
            p.skip_block(l.indent);
            continue;
        }
        match bill_field(p, l) {
            Ok(f) => fields.push(f),
            Err(e) => p.line_error(EXPECTED, &format!("in the `{kw}` line"), e),
        }
        p.reject_children(l.indent, kw);
    }
    BillHeader {
        leading,
        title,
        amends,
        trailing,
        fields,
        span: line.span(),
    }
}

/// `J/act@DATE`.
fn version_ref<'a>(
    p: &mut Parser<'a>,
    c: &mut Cursor<'a>,
) -> Result<Spanned<VersionRef>, LineError> {
    c.skip_space();
    let start = c.offset();
    let jurisdiction = c.ident("a jurisdiction code such as `ME`")?;
    c.expect_punct(
        "/",
        "`/` between the jurisdiction and the act, as in `ME/criminal-code`",
    )?;
    let act = c.ident("the act's id, such as `criminal-code`")?;
    c.expect_punct(
        "@",
        "`@` and the version date, as in `ME/criminal-code@2022-12-02`",
    )?;
    let version = p.date(c)?;
    Ok(Spanned::new(
        VersionRef {
            jurisdiction: jurisdiction.node,
            act: act.node,
            version: version.node,
        },
        Span::new(start, c.offset()),
    ))
}

fn bill_field<'a>(p: &mut Parser<'a>, l: Line<'a>) -> Result<BillField, LineError> {
    let (stmt, tr) = split_comment(l.content, l.offset);
    let mut c = Cursor::new(stmt, l.offset);
    let kw = l.keyword();
    c.eat_word(kw);
    let field = match kw {
        "status" => {
            c.skip_space();
            let start = c.offset();
            let status = if c.eat_word("draft") {
                BillStatus::Draft
            } else if c.eat_word("adopted") {
                BillStatus::Adopted
            } else {
                let mut e = c.error("`draft` or `adopted`");
                if let Some(s) = did_you_mean(c.peek_word(), ["draft", "adopted"]) {
                    e.hint = Some(format!("did you mean `{s}`?"));
                } else {
                    e.hint = Some(
                        "a bill is `draft` until it is passed and published, then `adopted`".into(),
                    );
                }
                return Err(e);
            };
            let span = Span::new(start, c.offset());
            c.expect_end("the end of the line after the status")?;
            BillField::Status(Spanned::new(status, span), tr)
        }
        "effective" => {
            c.skip_space();
            let start = c.offset();
            if c.eat_punct("?") {
                let span = Span::new(start, c.offset());
                c.expect_end("the end of the line after `?`")?;
                BillField::EffectiveUnknown(span, tr)
            } else {
                let d = p.date(&mut c)?;
                c.expect_end("the end of the line after the date")?;
                BillField::Effective(d, tr)
            }
        }
        "source" => {
            let s = c.string_to_end(
                "the source in quotes, such as \"Sl. list CG 110/2023\"",
                "source",
            )?;
            BillField::Source(s, tr)
        }
        "note" => {
            let s = c.string_to_end("the note in quotes", "note")?;
            BillField::Note(s, tr)
        }
        "with" => {
            let s = c.string_to_end(
                "the file name of the bill this one is read with, in quotes, such as \"draft.bill\"",
                "with",
            )?;
            BillField::With(s, tr)
        }
        _ => {
            let lang = c.ident("a language tag such as `cnr`")?;
            let text = c.string("the title in quotes")?;
            c.expect_end("the end of the line after the title")?;
            BillField::Title {
                lang,
                text,
                trailing: tr,
            }
        }
    };
    Ok(field)
}

fn bill_items(p: &mut Parser<'_>) -> Vec<BillItem> {
    let mut items = Vec::new();
    while let Some(line) = p.peek() {
        p.bump();
        if line.is_comment() {
            items.push(BillItem::Comment(own_comment(line)));
            continue;
        }
        if line.indent > 0 {
            p.report(
                Diagnostic::new(BAD_INDENT, "this line is indented, but there is no operation above it to belong to")
                    .at(line.span(), "expected at the left margin")
                    .hint("operations (`replace`, `insert`, `repeal`, `renumber`) start at the left margin; the units they bring are indented under them"),
            );
            p.skip_block(line.indent);
            continue;
        }
        let kw = line.keyword();
        if !OPERATIONS.contains(&kw) {
            let hint = match kw {
                "article" | "para" | "point" => Some(
                    "a bill changes units through operations: `replace article 5`, `insert article 5a after article 5`, `repeal article 6`, `renumber article 7 to 8`",
                ),
                "status" | "effective" | "source" | "note" | "title" | "with" => {
                    Some("header fields are indented under the `bill` line at the top of the file")
                }
                "bill" => Some("a file holds one bill; the `bill` line comes first, once"),
                _ => None,
            };
            let span = Span::new(line.offset, line.offset + kw.len().max(1));
            let mut d =
                Diagnostic::new(UNEXPECTED_OPERATION, format!("`{kw}` is not an operation"))
                    .at(span, format!("expected one of: {}", OPERATIONS.join(", ")));
            if let Some(h) = hint {
                d = d.hint(h);
            } else if let Some(s) = did_you_mean(kw, OPERATIONS.iter().copied()) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            p.report(d);
            p.skip_block(line.indent);
            continue;
        }
        if let Some(op) = operation(p, line) {
            items.push(BillItem::Operation(op));
        }
    }
    items
}

/// One operation with its body. `None` (after a diagnostic) when its line cannot be read; its
/// body is then skipped.
fn operation(p: &mut Parser<'_>, line: Line<'_>) -> Option<Operation> {
    let (stmt, trailing) = split_comment(line.content, line.offset);
    let mut c = Cursor::new(stmt, line.offset);
    let kw = line.keyword();
    c.eat_word(kw);
    let head: Result<Head, LineError> = match kw {
        "replace" => (|| {
            let target = target(&mut c)?;
            let title = title(&mut c)?;
            Ok(Head::Replace(target, title))
        })(),
        "insert" => insert_head(&mut c),
        "repeal" => (|| {
            let target = target(&mut c)?;
            c.expect_end("the end of the line: a repeal takes nothing more")?;
            Ok(Head::Repeal(target))
        })(),
        _ => (|| {
            let target = target(&mut c)?;
            if !c.eat_word("to") {
                let mut e = c.error("`to` and the new number");
                e.hint = Some("write e.g. `renumber article 265 para 3 to 4`".into());
                return Err(e);
            }
            let to = c.unit_number("the new number")?;
            c.expect_end("the end of the line after the new number")?;
            Ok(Head::Renumber(target, to))
        })(),
    };
    let head = match head {
        Ok(h) => h,
        Err(e) => {
            p.line_error(EXPECTED, &format!("in the `{kw}` line"), e);
            p.skip_block(line.indent);
            return None;
        }
    };
    let span = line.span();
    let before = p.diagnostic_count();
    let action = match head {
        Head::Replace(target, title) => {
            let kind = target_kind(&target.node);
            let body = p.unit_body(line.indent, kind, target_depth(&target.node));
            Action::Replace {
                target,
                title,
                body,
            }
        }
        Head::Insert {
            kind,
            number,
            position,
            title,
        } => {
            let depth = match &position {
                Position::Before(r) | Position::After(r) => target_depth(&r.node),
                Position::In(r) => target_depth(&r.node) + 1,
                Position::AtEnd(_) => 1,
            };
            let body = p.unit_body(line.indent, kind, depth);
            Action::Insert {
                kind,
                number,
                position,
                title,
                body,
            }
        }
        Head::Repeal(target) => {
            p.reject_children(line.indent, "repeal");
            Action::Repeal { target }
        }
        Head::Renumber(target, to) => {
            p.reject_children(line.indent, "renumber");
            Action::Renumber { target, to }
        }
    };
    // A body that is empty only because its lines could not be read was reported already.
    if let Action::Replace { body, .. } | Action::Insert { body, .. } = &action
        && p.diagnostic_count() == before
        && body.iter().all(|e| matches!(e, Entry::Comment(_)))
    {
        p.report(
            Diagnostic::new(EMPTY_OPERATION, format!("this `{kw}` brings no content"))
                .at(span, "nothing indented below")
                .hint("the unit's whole new content — text, tags, paragraphs — goes indented under the operation; to remove a unit, `repeal` it"),
        );
    }
    Some(Operation {
        action,
        trailing,
        span,
    })
}

enum Head {
    Replace(Spanned<Ref>, Option<Spanned<String>>),
    Insert {
        kind: UnitKind,
        number: Spanned<UnitNumber>,
        position: Position,
        title: Option<Spanned<String>>,
    },
    Repeal(Spanned<Ref>),
    Renumber(Spanned<Ref>, Spanned<UnitNumber>),
}

const TARGET: &str =
    "a unit such as `article 403`, `article 403 para 2` or `article 403 para 2 point a`";

/// A reference used as a target: from the article down, no `act`. (Whether it is well formed is
/// checked in [`check`], so that the error can say what is wrong with it.)
fn target(c: &mut Cursor<'_>) -> Result<Spanned<Ref>, LineError> {
    c.skip_space();
    if !c.rest().starts_with("article")
        && !c.rest().starts_with("para")
        && !c.rest().starts_with("point")
        && !c.rest().starts_with("act")
    {
        let mut e = c.error(TARGET);
        if let Some(s) = did_you_mean(c.peek_word(), ["article"]) {
            e.hint = Some(format!("did you mean `{s}`?"));
        }
        return Err(e);
    }
    reference(c)
}

/// An optional title in quotes, then the end of the line.
fn title(c: &mut Cursor<'_>) -> Result<Option<Spanned<String>>, LineError> {
    c.skip_space();
    let title = if c.rest().starts_with('"') {
        Some(c.string("a title in quotes")?)
    } else {
        None
    };
    c.expect_end("a title in quotes, or the end of the line")?;
    Ok(title)
}

fn insert_head(c: &mut Cursor<'_>) -> Result<Head, LineError> {
    c.skip_space();
    let kind = if c.eat_word("article") {
        UnitKind::Article
    } else if c.eat_word("para") {
        UnitKind::Para
    } else if c.eat_word("point") {
        UnitKind::Point
    } else {
        let mut e =
            c.error("the kind and number of the new unit: `article 5a`, `para 3` or `point c`");
        if let Some(s) = did_you_mean(c.peek_word(), ["article", "para", "point"]) {
            e.hint = Some(format!("did you mean `{s}`?"));
        }
        return Err(e);
    };
    let number = c.unit_number("the new unit's number")?;
    c.skip_space();
    let start = c.offset();
    let position = if c.eat_word("before") {
        Position::Before(target(c)?)
    } else if c.eat_word("after") {
        Position::After(target(c)?)
    } else if c.eat_word("in") {
        Position::In(target(c)?)
    } else if c.eat_word("at") {
        if !c.eat_word("end") {
            return Err(c.error("`end`: `at end` puts a new article after the last one"));
        }
        Position::AtEnd(Span::new(start, c.offset()))
    } else {
        let mut e =
            c.error("where the new unit goes: `before REF`, `after REF`, `in REF` or `at end`");
        e.hint = Some(
            "e.g. `insert article 403a after article 403` or `insert para 3 in article 5`".into(),
        );
        return Err(e);
    };
    let title = title(c)?;
    Ok(Head::Insert {
        kind,
        number,
        position,
        title,
    })
}

// -------------------------------------------------------------------- checks on the whole file

/// Checks that need the whole bill but not the text it amends: the header is complete, targets
/// are well formed, inserted units fit where they go, bodies are not empty, and the `.law`
/// single-file checks on every unit the bill brings.
fn check(file: &BillFile, clean: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let h = &file.header;
    // Without a `bill` line (already reported) there is no header to check.
    if !(h.span.is_empty() && h.amends.is_none()) {
        header_checks(h, clean, &mut out);
    }
    for op in file.operations() {
        match &op.action {
            Action::Replace {
                target,
                body,
                title,
            } => {
                if well_formed(target, "target", &mut out) {
                    let kind = target_kind(&target.node);
                    let number = match kind {
                        UnitKind::Article => target.node.article.clone(),
                        UnitKind::Para => target.node.para.clone(),
                        UnitKind::Point => target.node.points.last().cloned(),
                    };
                    if let Some(number) = number {
                        body_checks(kind, number, title, body, op.span, clean, &mut out);
                    }
                }
            }
            Action::Insert {
                kind,
                number,
                position,
                title,
                body,
            } => {
                if number.node == UnitNumber::Unknown {
                    out.push(
                        Diagnostic::new(BAD_TARGET, "an inserted unit needs a known number")
                            .at(number.span, "`?` here")
                            .hint("a bill states the number of every unit it inserts; write it as the bill does"),
                    );
                }
                position_checks(*kind, position, &mut out);
                body_checks(*kind, number.clone(), title, body, op.span, clean, &mut out);
            }
            Action::Repeal { target } => {
                well_formed(target, "target", &mut out);
            }
            Action::Renumber { target, to } => {
                well_formed(target, "target", &mut out);
                if to.node == UnitNumber::Unknown {
                    out.push(
                        Diagnostic::new(BAD_TARGET, "a unit cannot be renumbered to `?`")
                            .at(to.span, "`?` here")
                            .hint("write the new number the bill gives"),
                    );
                }
            }
        }
    }
    out
}

fn header_checks(h: &BillHeader, clean: bool, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for w in h.with() {
        let name = w.node.as_str();
        let why = if name.contains('/') || name.contains('\\') {
            Some("a file name, not a path: the bill it names lives in the same folder")
        } else if !name.ends_with(".bill") || name == ".bill" {
            Some("the name of a `.bill` file")
        } else {
            None
        };
        if let Some(why) = why {
            out.push(
                Diagnostic::new(BAD_WITH, format!("`with \"{name}\"` does not name a bill of this folder"))
                    .at(w.span, format!("expected {why}"))
                    .hint("write the file name of the bill this one is read with, e.g. `with \"draft.bill\"`"),
            );
        }
    }
    for f in &h.fields {
        let (name, span) = match f {
            BillField::Status(s, _) => ("status", s.span),
            BillField::Effective(d, _) => ("effective", d.span),
            BillField::EffectiveUnknown(span, _) => {
                if h.status().is_some_and(|st| st.node == BillStatus::Adopted) {
                    out.push(
                        Diagnostic::new(
                            EFFECTIVE_UNKNOWN_ADOPTED,
                            "an adopted bill with no day of effect",
                        )
                        .at(*span, "expected the day it took effect")
                        .hint("a bill passed and published has a day of effect: write it (`effective 2024-01-01`), or `status draft` if it is not adopted"),
                    );
                }
                ("effective", *span)
            }
            _ => continue,
        };
        if let Some(first) = seen.insert(name, span) {
            out.push(
                Diagnostic::new(
                    DUPLICATE_BILL_FIELD,
                    format!("the bill gives `{name}` twice"),
                )
                .at(span, "second time")
                .related(first, "first time")
                .hint(format!("keep one `{name}` line")),
            );
        }
    }
    if clean {
        for (name, example) in [
            ("status", "status draft"),
            ("effective", "effective 2027-01-01"),
        ] {
            if !seen.contains_key(name) {
                out.push(
                    Diagnostic::new(MISSING_BILL_FIELD, format!("the bill has no `{name}` line"))
                        .at(h.span, format!("`{name}` missing under this line"))
                        .hint(format!("add `{example}` indented under the `bill` line")),
                );
            }
        }
    }
    if let (Some(eff), Some(base)) = (h.effective(), &h.amends)
        && eff.node <= base.node.version
    {
        out.push(
            Diagnostic::new(
                EFFECTIVE_TOO_EARLY,
                format!(
                    "the bill takes effect on {}, not after the version it amends ({})",
                    eff.node, base.node.version
                ),
            )
            .at(
                eff.span,
                format!("expected a date after {}", base.node.version),
            )
            .related(base.span, "the version amended")
            .hint("a bill amends the text in force before it takes effect; check both dates"),
        );
    }
}

/// A target or anchor: from the article down, within the act, with known numbers.
fn well_formed(r: &Spanned<Ref>, what: &str, out: &mut Vec<Diagnostic>) -> bool {
    let problem = if r.node.act.is_some() {
        Some((
            format!("a {what} cannot name an act"),
            "a bill amends the one act named in its `bill` line; write the unit from `article` down",
        ))
    } else if r.node.article.is_none() {
        Some((
            format!("a {what} must start with its article"),
            "write the full path, e.g. `article 403 para 2`, not `para 2`",
        ))
    } else if [&r.node.article, &r.node.para]
        .into_iter()
        .flatten()
        .chain(&r.node.points)
        .any(|n| n.node == UnitNumber::Unknown)
    {
        Some((
            format!("a {what} cannot contain `?`"),
            "a unit whose number is unknown cannot be amended by number; verify the number first",
        ))
    } else {
        None
    };
    match problem {
        Some((msg, hint)) => {
            out.push(
                Diagnostic::new(BAD_TARGET, msg)
                    .at(r.span, format!("`{}`", r.node))
                    .hint(hint),
            );
            false
        }
        None => true,
    }
}

fn position_checks(kind: UnitKind, position: &Position, out: &mut Vec<Diagnostic>) {
    match position {
        Position::Before(r) | Position::After(r) => {
            if well_formed(r, "place", out) && target_kind(&r.node) != kind {
                out.push(
                    Diagnostic::new(
                        BAD_TARGET,
                        format!(
                            "a new {} cannot go next to {}",
                            kind.keyword(),
                            describe_ref(&r.node)
                        ),
                    )
                    .at(
                        r.span,
                        format!("{} here", kind_phrase(target_kind(&r.node))),
                    )
                    .hint(format!(
                        "`before`/`after` name a sibling of the new unit: another {}",
                        kind.keyword()
                    )),
                );
            }
        }
        Position::In(r) => {
            if !well_formed(r, "place", out) {
                return;
            }
            let parent = target_kind(&r.node);
            let fits = match kind {
                UnitKind::Article => false,
                UnitKind::Para => parent == UnitKind::Article,
                UnitKind::Point => true,
            };
            if !fits {
                let hint = if kind == UnitKind::Article {
                    "articles go `before` or `after` another article, or `at end`"
                } else {
                    "paragraphs go directly in an article"
                };
                out.push(
                    Diagnostic::new(
                        BAD_TARGET,
                        format!(
                            "a {} cannot go in {}",
                            kind.keyword(),
                            describe_ref(&r.node)
                        ),
                    )
                    .at(r.span, format!("{} here", kind_phrase(parent)))
                    .hint(hint),
                );
            }
        }
        Position::AtEnd(span) => {
            if kind != UnitKind::Article {
                out.push(
                    Diagnostic::new(BAD_TARGET, format!("only an article can go `at end`, not a {}", kind.keyword()))
                        .at(*span, "here")
                        .hint("name the unit it goes in: `in article 5`, or a sibling: `after article 5 para 2`"),
                );
            }
        }
    }
}

fn kind_phrase(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Article => "an article",
        UnitKind::Para => "a paragraph",
        UnitKind::Point => "a point",
    }
}

/// `article 403 para 2`, spelled for a message.
pub fn describe_ref(r: &Ref) -> String {
    r.to_string()
}

/// The single-file checks of `.law` files, on the unit an operation brings.
fn body_checks(
    kind: UnitKind,
    number: Spanned<UnitNumber>,
    title: &Option<Spanned<String>>,
    body: &[Entry],
    span: Span,
    clean: bool,
    out: &mut Vec<Diagnostic>,
) {
    if number.node.known().is_none() {
        return; // reported as a bad target or number
    }
    let unit = Unit {
        kind,
        number,
        title: title.clone(),
        trailing: None,
        body: body.to_vec(),
        span,
    };
    let probe = LawFile {
        header: empty_header(),
        items: vec![Item::Article(unit)],
    };
    out.extend(lint(&probe, &super::lint::FilePlace::default(), clean));
}

fn empty_header() -> Header {
    Header {
        leading: Vec::new(),
        act: Spanned::new(String::new(), Span::default()),
        title: Spanned::new(String::new(), Span::default()),
        trailing: None,
        fields: Vec::new(),
        span: Span::default(),
    }
}

/// Checks that a bill sits where its `amends` line says: `codes/<J>/bills/<name>.bill`, with `J`
/// the jurisdiction it amends. A path of another shape says nothing.
pub fn check_place(bill: &BillFile, path: &std::path::Path) -> Vec<Diagnostic> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    let [.., codes, j, bills, _] = parts.as_slice() else {
        return Vec::new();
    };
    let Some(amends) = &bill.header.amends else {
        return Vec::new();
    };
    if *codes != "codes" || *bills != "bills" || amends.node.jurisdiction == *j {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            BILL_PATH_MISMATCH,
            format!(
                "the bill amends an act of `{}`, but the file is in folder `{j}`",
                amends.node.jurisdiction
            ),
        )
        .at(amends.span, format!("expected `{j}/…`"))
        .hint("bills live at codes/<JURISDICTION>/bills/<name>.bill; move the file or correct `amends`"),
    ]
}

// -------------------------------------------------------------------- formatter

/// Prints a bill in canonical layout: the `.law` layout for the units, one blank line before
/// each operation (a comment directly above one stays attached to it). Like `format_law`, it
/// loses nothing: `parse_bill(format_bill(x)) == x`, spans aside.
pub fn format_bill(file: &BillFile) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let h = &file.header;
    for c in &h.leading {
        let _ = writeln!(out, "#{}", c.text);
    }
    let _ = write!(out, "bill {}", quote(&h.title.node));
    if let Some(a) = &h.amends {
        let _ = write!(out, " amends {}", a.node);
    }
    end(&mut out, &h.trailing);
    for f in &h.fields {
        match f {
            BillField::Comment(c) => {
                let _ = writeln!(out, "  #{}", c.text);
            }
            BillField::Status(s, tr) => {
                let _ = write!(out, "  status {}", s.node.keyword());
                end(&mut out, tr);
            }
            BillField::Effective(d, tr) => {
                let _ = write!(out, "  effective {}", d.node);
                end(&mut out, tr);
            }
            BillField::EffectiveUnknown(_, tr) => {
                out.push_str("  effective ?");
                end(&mut out, tr);
            }
            BillField::Source(s, tr) => {
                let _ = write!(out, "  source {}", quote(&s.node));
                end(&mut out, tr);
            }
            BillField::Note(s, tr) => {
                let _ = write!(out, "  note {}", quote(&s.node));
                end(&mut out, tr);
            }
            BillField::With(s, tr) => {
                let _ = write!(out, "  with {}", quote(&s.node));
                end(&mut out, tr);
            }
            BillField::Title {
                lang,
                text,
                trailing,
            } => {
                let _ = write!(out, "  title {} {}", lang.node, quote(&text.node));
                end(&mut out, trailing);
            }
        }
    }
    let mut prev_comment = false;
    for item in &file.items {
        if !prev_comment {
            out.push('\n');
        }
        match item {
            BillItem::Comment(c) => {
                let _ = writeln!(out, "#{}", c.text);
                prev_comment = true;
            }
            BillItem::Operation(op) => {
                operation_line(&mut out, op);
                out.push_str(&body_text(op));
                prev_comment = false;
            }
        }
    }
    out
}

fn end(out: &mut String, trailing: &Option<Comment>) {
    if let Some(c) = trailing {
        out.push_str(" #");
        out.push_str(&c.text);
    }
    out.push('\n');
}

fn operation_line(out: &mut String, op: &Operation) {
    use std::fmt::Write as _;
    let title = |t: &Option<Spanned<String>>| {
        t.as_ref()
            .map(|t| format!(" {}", quote(&t.node)))
            .unwrap_or_default()
    };
    match &op.action {
        Action::Replace {
            target, title: t, ..
        } => {
            let _ = write!(out, "replace {}{}", target.node, title(t));
        }
        Action::Insert {
            kind,
            number,
            position,
            title: t,
            ..
        } => {
            let place = match position {
                Position::Before(r) => format!("before {}", r.node),
                Position::After(r) => format!("after {}", r.node),
                Position::In(r) => format!("in {}", r.node),
                Position::AtEnd(_) => "at end".to_string(),
            };
            let _ = write!(
                out,
                "insert {} {} {place}{}",
                kind.keyword(),
                number.node,
                title(t)
            );
        }
        Action::Repeal { target } => {
            let _ = write!(out, "repeal {}", target.node);
        }
        Action::Renumber { target, to } => {
            let _ = write!(out, "renumber {} to {}", target.node, to.node);
        }
    }
    end(out, &op.trailing);
}

/// The body of a `replace`/`insert`, printed by the `.law` formatter (so both languages share
/// one layout): the body is formatted as the body of a stand-in article and cut out.
fn body_text(op: &Operation) -> String {
    let body = match &op.action {
        Action::Replace { body, .. } | Action::Insert { body, .. } => body,
        _ => return String::new(),
    };
    if body.is_empty() {
        return String::new();
    }
    let probe = LawFile {
        header: empty_header(),
        items: vec![Item::Article(Unit {
            kind: UnitKind::Article,
            number: Spanned::new(UnitNumber::Known("0".into()), Span::default()),
            title: None,
            trailing: None,
            body: body.clone(),
            span: Span::default(),
        })],
    };
    let text = format_law(&probe);
    // The stand-in prints as `act  ""`, a blank line, `article 0`, then the body.
    match text.find("\narticle 0\n") {
        Some(i) => text
            .get(i + "\narticle 0\n".len()..)
            .unwrap_or("")
            .to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "bill \"Law amending the Criminal Code\" amends ME/criminal-code@2022-12-02\n  status adopted\n  effective 2023-12-19\n  source \"Sl. list CG 110/2023\"\n";

    fn parse_ok(src: &str) -> BillFile {
        let (f, d) = parse_bill(src);
        assert!(d.is_empty(), "unexpected diagnostics: {d:#?}");
        f
    }

    #[test]
    fn a_draft_may_leave_its_day_of_effect_unknown_an_adopted_bill_may_not() {
        let src = "bill \"B\" amends ME/criminal-code@2022-12-02\n  status draft\n  effective ? # the drafters set it\n\nrepeal article 1\n";
        let f = parse_ok(src);
        assert!(f.header.effective().is_none());
        assert!(matches!(
            f.header.fields.get(1),
            Some(BillField::EffectiveUnknown(..))
        ));
        assert_eq!(format_bill(&f), src);
        let (_, d) = parse_bill(&src.replace("status draft", "status adopted"));
        let codes: Vec<_> = d.iter().map(|x| x.code.id).collect();
        assert_eq!(codes, ["E0709"], "{d:#?}");
        // `?` then more is an error, located.
        let (_, d) = parse_bill(&src.replace("effective ?", "effective ? 2024"));
        assert!(d.iter().any(|x| x.is_error()), "{d:#?}");
    }

    fn codes(src: &str) -> Vec<&'static str> {
        parse_bill(src).1.iter().map(|d| d.code.id).collect()
    }

    #[test]
    fn a_bill_is_read_with_another_of_its_folder_named_by_file_name() {
        let src = "bill \"B\" amends MK/criminal-procedure-code@2013-12-01\n  status draft\n  effective ?\n  with \"draft.bill\" # the criminal-code bill\n\nrepeal article 1\n";
        let f = parse_ok(src);
        let with: Vec<&str> = f.header.with().map(|w| w.node.as_str()).collect();
        assert_eq!(with, ["draft.bill"]);
        assert_eq!(format_bill(&f), src);
        // A path, or a name that is not a bill's: located errors at the name.
        for bad in [
            "../draft.bill",
            "codes/MK/bills/draft.bill",
            "draft.law",
            ".bill",
        ] {
            let text = src.replace("draft.bill", bad);
            let (_, d) = parse_bill(&text);
            let e = d
                .iter()
                .find(|x| x.code.id == "E0710")
                .unwrap_or_else(|| panic!("{bad}: {d:#?}"));
            let at = text.find(&format!("\"{bad}\"")).expect("in the text");
            let start = e.span.map(|s| s.start as usize);
            assert!(start == Some(at) || start == Some(at + 1), "{bad}: {e:#?}");
        }
        // `with` with no name is an error in the line, not a panic.
        assert!(!codes(&src.replace("with \"draft.bill\"", "with")).is_empty());
    }

    #[test]
    fn header_and_every_operation() {
        let src = format!(
            "{HEAD}\nreplace article 403 \"Unlawful holding\" # Nedozvoljeno držanje\n  para 1\n    text en: Whoever holds.\n\ninsert article 403a after article 403 \"Production\"\n  para 1\n    text en: Whoever produces.\n\ninsert para 2 before article 265 para 2\n  text en: Smuggling weapons.\n\ninsert point c in article 5 para 1\n  text en: c.\n\ninsert article 999 at end\n  text en: last.\n\nrepeal article 265 para 4\n\nrenumber article 265 para 3 to 4\n"
        );
        let f = parse_ok(&src);
        let h = &f.header;
        assert_eq!(
            h.amends.as_ref().unwrap().node.to_string(),
            "ME/criminal-code@2022-12-02"
        );
        assert_eq!(h.status().unwrap().node, BillStatus::Adopted);
        assert_eq!(h.effective().unwrap().node.to_string(), "2023-12-19");
        let ops: Vec<_> = f.operations().collect();
        assert_eq!(ops.len(), 7);
        let Action::Replace {
            target,
            title,
            body,
        } = &ops[0].action
        else {
            panic!()
        };
        assert_eq!(target.node.to_string(), "article 403");
        assert_eq!(title.as_ref().unwrap().node, "Unlawful holding");
        assert_eq!(body.len(), 1);
        assert_eq!(
            ops[0].trailing.as_ref().unwrap().text,
            " Nedozvoljeno držanje"
        );
        let Action::Insert {
            kind,
            position: Position::Before(r),
            ..
        } = &ops[2].action
        else {
            panic!()
        };
        assert_eq!(*kind, UnitKind::Para);
        assert_eq!(r.node.to_string(), "article 265 para 2");
        assert!(matches!(
            ops[4].action,
            Action::Insert {
                position: Position::AtEnd(_),
                ..
            }
        ));
        let Action::Renumber { to, .. } = &ops[6].action else {
            panic!()
        };
        assert_eq!(to.node, UnitNumber::Known("4".into()));
    }

    #[test]
    fn format_round_trips() {
        let src = format!(
            "# banner\n{HEAD}  # a comment\n  note \"n\"\n  title cnr \"Zakon\"\n# about 403\nreplace article 403   \"T\"\n    para 1\n        text en:  Whoever\n           holds.\n        offence\n          conduct possess\n          penalty prison 3m..3y\nrepeal article 5 # gone\n"
        );
        let f = parse_ok(&src);
        let out = format_bill(&f);
        let expected = format!(
            "# banner\n{HEAD}  # a comment\n  note \"n\"\n  title cnr \"Zakon\"\n\n# about 403\nreplace article 403 \"T\"\n  para 1\n    text en: Whoever\n             holds.\n    offence\n      conduct possess\n      penalty prison 3m..3y\n\nrepeal article 5 # gone\n"
        );
        assert_eq!(out, expected);
        let again = parse_ok(&out);
        assert_eq!(again, f);
        assert_eq!(format_bill(&again), out);
    }

    #[test]
    fn header_errors() {
        assert_eq!(codes(""), ["E0701"]);
        assert_eq!(codes("replace article 1\n  text en: x\n"), ["E0701"]);
        assert_eq!(
            codes("bill \"B\" amends ME/criminal-code@2022-12-02\n"),
            ["E0702", "E0702"]
        );
        assert_eq!(
            codes(
                "bill \"B\" amends ME/criminal-code@2022-12-02\n  status drfat\n  effective 2023-01-01\n"
            ),
            ["E0102"]
        );
        assert_eq!(
            codes(
                "bill \"B\" amends ME/criminal-code@2022-12-02\n  status draft\n  status adopted\n  effective 2022-01-01\n"
            ),
            ["E0703", "E0706"]
        );
        assert_eq!(
            codes(
                "bill \"B\" ME/criminal-code@2022-12-02\n  status draft\n  effective 2023-01-01\n"
            ),
            ["E0102"]
        );
        assert_eq!(
            codes(
                "bill \"B\" amends ME-criminal-code@2022-12-02\n  status draft\n  effective 2023-01-01\n"
            ),
            ["E0102"]
        );
    }

    #[test]
    fn operation_errors_are_located_and_recovered() {
        let src = format!(
            "{HEAD}\nreplce article 1\n  text en: x\nreplace para 1\n  text en: y\ninsert para 2 after article 3\n  text en: z\nrepeal article 4\n  text en: w\nreplace article 5\ninsert article 6 in article 5\n  text en: v\nrenumber article 7 8\nreplace article ?\n  text en: u\ninsert point a at end\n  text en: t\n"
        );
        let (f, diags) = parse_bill(&src);
        let codes: Vec<_> = diags.iter().map(|d| d.code.id).collect();
        assert_eq!(
            codes,
            [
                "E0708", "E0704", "E0704", "E0103", "E0705", "E0704", "E0102", "E0704", "E0704"
            ],
            "{diags:#?}"
        );
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `replace`?"));
        // Every readable operation is kept.
        assert_eq!(f.operations().count(), 7);
    }

    #[test]
    fn law_grammar_errors_inside_operations() {
        let src = format!(
            "{HEAD}\nreplace article 1\n  para 1\n    offence\n      condcut sell\n      penalty prison 5y..1y\n"
        );
        assert_eq!(codes(&src), ["E0101", "E0204"]);
    }

    #[test]
    fn place_must_match_jurisdiction() {
        let f = parse_ok(&format!("{HEAD}\nrepeal article 1\n"));
        let p = std::path::Path::new("codes/MK/bills/x.bill");
        assert_eq!(check_place(&f, p).len(), 1);
        assert!(check_place(&f, std::path::Path::new("codes/ME/bills/x.bill")).is_empty());
        assert!(check_place(&f, std::path::Path::new("x.bill")).is_empty());
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "",
            "\u{feff}",
            "\0",
            "bill",
            "bill \"",
            "bill \"x\" amends",
            "bill \"x\" amends /@",
            "  replace",
            "replace",
            "insert",
            "insert article",
            "insert article 1 at",
            "renumber article 1 to",
            "bill \"x\" amends A/b@2020-02-30",
        ] {
            let _ = parse_bill(src);
        }
    }
}
