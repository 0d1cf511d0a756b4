//! The typed syntax tree of a `.law` file.
//!
//! The tree mirrors the file: every line an expert wrote is a node, in the order written, with its
//! span and any comment that trails it. Nothing here is resolved or validated beyond what the
//! grammar itself says — that is the `model` stage's job. Keeping the tree this close to the text
//! is what lets the formatter print a file back without losing a word or a comment.

use super::span::{Span, Spanned};
use crate::date::Date;

/// A whole `.law` file: one version of one act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LawFile {
    pub header: Header,
    /// Articles, part/chapter headings and free-standing comments, in file order.
    pub items: Vec<Item>,
}

/// A comment: the text after `#`, without the `#` and without trailing whitespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// The `act` line and the fields indented under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Comments above the `act` line (typically a file banner).
    pub leading: Vec<Comment>,
    pub act: Spanned<Ident>,
    pub title: Spanned<String>,
    pub trailing: Option<Comment>,
    pub fields: Vec<HeaderField>,
    pub span: Span,
}

impl Header {
    pub fn jurisdiction(&self) -> Option<&Spanned<Ident>> {
        self.fields.iter().find_map(|f| match f {
            HeaderField::Jurisdiction(j, _) => Some(j),
            _ => None,
        })
    }

    pub fn version(&self) -> Option<&Spanned<Date>> {
        self.fields.iter().find_map(|f| match f {
            HeaderField::Version(d, _) => Some(d),
            _ => None,
        })
    }

    pub fn sources(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.fields.iter().filter_map(|f| match f {
            HeaderField::Source(s, _) => Some(s),
            _ => None,
        })
    }

    pub fn languages(&self) -> impl Iterator<Item = &Spanned<Ident>> {
        self.fields
            .iter()
            .filter_map(|f| match f {
                HeaderField::Language(l, _) => Some(l.iter()),
                _ => None,
            })
            .flatten()
    }

    pub fn rendering(&self) -> Option<&Spanned<Rendering>> {
        self.fields.iter().find_map(|f| match f {
            HeaderField::Rendering(r, _) => Some(r),
            _ => None,
        })
    }

    pub fn verified(&self) -> Option<&Verified> {
        self.fields.iter().find_map(|f| match f {
            HeaderField::Verified(v) => Some(v),
            _ => None,
        })
    }

    pub fn notes(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.fields.iter().filter_map(|f| match f {
            HeaderField::Note(s, _) => Some(s),
            _ => None,
        })
    }

    /// Titles in other languages (`title LANG: …`).
    pub fn titles(&self) -> impl Iterator<Item = (&Spanned<Ident>, &Spanned<String>)> {
        self.fields.iter().filter_map(|f| match f {
            HeaderField::Title { lang, text, .. } => Some((lang, text)),
            _ => None,
        })
    }
}

/// A lowercase identifier such as `criminal-code`, `without-licence`, `sr-Cyrl` or `RS`.
pub type Ident = String;

/// One line under the `act` line. The trailing `Option<Comment>` is the comment on that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderField {
    Jurisdiction(Spanned<Ident>, Option<Comment>),
    Version(Spanned<Date>, Option<Comment>),
    Source(Spanned<String>, Option<Comment>),
    Language(Vec<Spanned<Ident>>, Option<Comment>),
    Rendering(Spanned<Rendering>, Option<Comment>),
    Verified(Verified),
    Note(Spanned<String>, Option<Comment>),
    Title {
        lang: Spanned<Ident>,
        text: Spanned<String>,
        trailing: Option<Comment>,
    },
    Comment(Comment),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rendering {
    Official,
    Unofficial,
}

/// `verified yes|partly|no ["note"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub status: Spanned<Verification>,
    pub note: Option<Spanned<String>>,
    pub trailing: Option<Comment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verification {
    Yes,
    Partly,
    No,
}

/// A top-level item of the file body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Heading(Heading),
    Article(Unit),
    Comment(Comment),
}

/// `part N "Title"` or `chapter N "Title"`: groups the articles that follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub kind: HeadingKind,
    pub number: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingKind {
    Part,
    Chapter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Article,
    Para,
    Point,
}

impl UnitKind {
    /// The keyword that opens a unit of this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            UnitKind::Article => "article",
            UnitKind::Para => "para",
            UnitKind::Point => "point",
        }
    }

    /// The prefix of this kind's segment in an address (`art-403/para-1/pt-a`).
    pub fn address_prefix(self) -> &'static str {
        match self {
            UnitKind::Article => "art",
            UnitKind::Para => "para",
            UnitKind::Point => "pt",
        }
    }
}

/// The number or label of a unit: `348`, `278/a`, `403a`, `5bis`, `a`, or `?` when unknown.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitNumber {
    Known(String),
    /// `?`: the expert does not know the number (written so).
    Unknown,
    /// The number on the unit's line could not be read (a syntax error, reported). The unit and
    /// its body are kept under this placeholder so that nothing below it is lost or attached to
    /// the unit above; it is addressed like an unknown number and never cited by what was written.
    Unreadable,
}

impl UnitNumber {
    /// The number, when one is known.
    pub fn known(&self) -> Option<&str> {
        match self {
            UnitNumber::Known(s) => Some(s),
            UnitNumber::Unknown | UnitNumber::Unreadable => None,
        }
    }
}

impl std::fmt::Display for UnitNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnitNumber::Known(s) => f.write_str(s),
            UnitNumber::Unknown | UnitNumber::Unreadable => f.write_str("?"),
        }
    }
}

/// An article, paragraph or point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    pub number: Spanned<UnitNumber>,
    pub title: Option<Spanned<String>>,
    pub trailing: Option<Comment>,
    pub body: Vec<Entry>,
    /// The unit's own line (`article 348 "…"`).
    pub span: Span,
}

impl Unit {
    /// Sub-units (paragraphs of an article, points of a paragraph or point).
    pub fn children(&self) -> impl Iterator<Item = &Unit> {
        self.body.iter().filter_map(|e| match e {
            Entry::Unit(u) => Some(u),
            _ => None,
        })
    }

    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.body.iter().filter_map(|e| match e {
            Entry::Text(t) => Some(t),
            _ => None,
        })
    }

    pub fn verified(&self) -> Option<&Verified> {
        self.body.iter().find_map(|e| match e {
            Entry::Verified(v) => Some(v),
            _ => None,
        })
    }

    pub fn is_repealed(&self) -> bool {
        self.body.iter().any(|e| matches!(e, Entry::Repealed(..)))
    }
}

/// One thing a unit holds, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Text(Text),
    Offence(Offence),
    Define(Define),
    Rule(Rule),
    Classify(Classify),
    Reads(Reads),
    Measure(Measure),
    See(See),
    Verified(Verified),
    /// `repealed`: the consolidated text keeps the unit only as "repealed".
    Repealed(Span, Option<Comment>),
    Unit(Unit),
    Comment(Comment),
}

/// A text's language tag (`en`, `sr-Cyrl`): an identifier, shared between the texts in it.
pub type Lang = std::sync::Arc<str>;

/// `text LANG: …` with its continuation lines.
///
/// The text is held once, as its value (the lines joined with single spaces, which is what the
/// model, the diff and the reports read), with where each source line starts and ends in it:
/// one allocation per text instead of one per line, and no joining when the value is read. The
/// value is shared (`Arc`), so the model keeps a unit's text without copying it. The formatter
/// keeps the expert's line breaks, so that a one-word change stays a one-line change under git.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The language tag. Shared: a file's texts are in the few languages its header lists, and
    /// the parser gives every text in one language the same string (no allocation per text).
    pub lang: Spanned<Lang>,
    value: std::sync::Arc<str>,
    /// Where the source lines lie; see [`TextLineTable`].
    lines: TextLineTable,
    pub span: Span,
}

/// Where each non-empty source line of a text lies, in the value and in the file, in 8 bytes a
/// line (a range of the value and a span in the file took 24).
///
/// The lines are joined with single spaces, so a line starts one byte after the one before it
/// ends, and its span in the file is as long as its part of the value (a line is copied
/// verbatim): the end of each line in the value and its start in the file say everything. The
/// first line is held inline, so that a one-line text (a point, a short paragraph) needs no
/// allocation besides its value. Spans are `u32` (files are limited to 64 MiB, see [`Span`]).
#[derive(Clone, Debug, Default)]
struct TextLineTable {
    /// The first line, when the text has any.
    first: Option<LineAt>,
    /// The lines after the first.
    rest: Box<[LineAt]>,
}

#[derive(Clone, Copy, Debug)]
struct LineAt {
    /// Where the line ends in the value (byte offset, exclusive).
    value_end: u32,
    /// Where the line starts in the file.
    file_start: u32,
}

/// Like every span, a line's place in the file is no part of what the text says: two texts are
/// equal when their values and line breaks are.
impl PartialEq for TextLineTable {
    fn eq(&self, other: &Self) -> bool {
        // Texts are compared line table against line table on every unit of a diff: no
        // allocation here.
        let end = |l: &LineAt| l.value_end;
        self.first.as_ref().map(end) == other.first.as_ref().map(end)
            && self.rest.len() == other.rest.len()
            && self
                .rest
                .iter()
                .zip(other.rest.iter())
                .all(|(a, b)| a.value_end == b.value_end)
    }
}
impl Eq for TextLineTable {}

impl TextLineTable {
    fn iter(&self) -> impl Iterator<Item = &LineAt> {
        self.first.iter().chain(self.rest.iter())
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The lines of a text being read: the joined value and where each line lies in it.
#[derive(Debug, Default)]
pub(crate) struct TextLines {
    pub value: String,
    lines: Vec<LineAt>,
}

impl TextLines {
    /// Appends one source line (trimmed); an empty line carries no text and is ignored. `span`
    /// is where `line` stands in the file (as long as `line`).
    #[inline]
    pub fn push(&mut self, line: &str, span: Span) {
        if line.is_empty() {
            return;
        }
        if !self.value.is_empty() {
            self.value.push(' ');
        }
        self.value.push_str(line);
        self.lines.push(LineAt {
            value_end: u32_of(self.value.len()),
            file_start: span.start,
        });
    }

    /// The text, its value copied once into a shared string; `self` is left empty, ready for
    /// the next text (its buffers are kept).
    pub fn take(&mut self, lang: Spanned<Lang>, span: Span) -> Text {
        let (first, rest) = match self.lines.split_first() {
            // An exact-size copy: the scratch vector keeps its room for the next text.
            Some((first, rest)) => (Some(*first), Box::from(rest)),
            None => (None, Box::default()),
        };
        let text = Text {
            lang,
            value: std::sync::Arc::from(self.value.as_str()),
            lines: TextLineTable { first, rest },
            span,
        };
        self.value.clear();
        self.lines.clear();
        text
    }
}

impl Text {
    /// A text from its lines as written, each trimmed. Empty lines carry no text and are dropped.
    pub fn new(lang: Spanned<Lang>, lines: Vec<Spanned<String>>, span: Span) -> Text {
        let mut t = TextLines::default();
        for line in lines {
            t.push(&line.node, line.span);
        }
        t.take(lang, span)
    }

    /// The text's value: its lines joined with single spaces.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value, shared: a clone costs no copy of the text.
    pub fn shared_value(&self) -> &std::sync::Arc<str> {
        &self.value
    }

    /// The source lines, in order, each with its span in the file.
    pub fn lines(&self) -> impl Iterator<Item = Spanned<&str>> + '_ {
        // Each line starts one byte (the joining space) after the one before it ends.
        let mut start = 0usize;
        self.lines.iter().map(move |l| {
            let end = l.value_end as usize;
            let line = self.value.get(start..end).unwrap_or("");
            let file_start = l.file_start as usize;
            start = end + 1;
            Spanned::new(line, Span::new(file_start, file_start + line.len()))
        })
    }

    /// Whether the text has no lines at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// A tag value: an identifier of the vocabulary or of the act's definitions, or `?`; in a
/// narrowing position (`requires …`), also words in quotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Ident(Ident),
    Unknown,
    /// A narrowing element in the statute's own words, for which the vocabulary has no value:
    /// `requires "in a dwelling"`. Only `requires` takes it; it always narrows.
    Words(String),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Ident(s) => f.write_str(s),
            Value::Unknown => f.write_str("?"),
            Value::Words(w) => f.write_str(&super::format::quote(w)),
        }
    }
}

/// `FACET v1, v2, …` — e.g. `conduct manufacture, assemble`.
///
/// For `conduct`, `object`, `circumstance` and `mental` the values are alternatives: the offence
/// reaches each of them. For `requires` they are cumulative — the offence demands all of them —
/// unless the line says `requires one of a, b`, where any one suffices (an aggravated form for "a
/// larger quantity, or great destructive power").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagLine {
    pub facet: Spanned<Ident>,
    /// Written `FACET one of v1, v2`: the values are alternatives even where the facet's values
    /// are normally cumulative.
    pub one_of: bool,
    pub values: Vec<Spanned<Value>>,
    /// `object ammunition requires "military"`: narrowing elements that hold only for the
    /// values of this line.
    pub limit: Option<LineLimit>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// The `requires …` that ends a tag line: what the offence demands when one of that line's
/// values is what it reaches. Read like a `requires` line: values all demanded, or, written
/// `requires one of a, b`, any one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineLimit {
    pub one_of: bool,
    pub values: Vec<Spanned<Value>>,
    /// From `requires` to the end of the values.
    pub span: Span,
}

/// An `offence` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offence {
    pub lines: Vec<OffenceLine>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

impl Offence {
    pub fn tags(&self) -> impl Iterator<Item = &TagLine> {
        self.lines.iter().filter_map(|l| match l {
            OffenceLine::Tag(t) => Some(t),
            _ => None,
        })
    }

    pub fn penalty(&self) -> Option<&Penalty> {
        self.lines.iter().find_map(|l| match l {
            OffenceLine::Penalty(p) => Some(p),
            _ => None,
        })
    }

    /// The offences this one qualifies (`aggravates para 1` / `mitigates para 6, para 7`), if
    /// any. Several bases mean the qualified form applies to each of them.
    pub fn bases(&self) -> Option<(Qualification, &[Spanned<Ref>])> {
        self.lines.iter().find_map(|l| match l {
            OffenceLine::Qualifies { how, targets, .. } => Some((*how, targets.as_slice())),
            _ => None,
        })
    }

    /// The class the offence states (`class crime`), if any.
    pub fn class(&self) -> Option<&Spanned<Ident>> {
        self.lines.iter().find_map(|l| match l {
            OffenceLine::Class { class, .. } => Some(class),
            _ => None,
        })
    }

    pub fn expressly(&self) -> impl Iterator<Item = &Spanned<Value>> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                OffenceLine::Expressly { values, .. } => Some(values.iter()),
                _ => None,
            })
            .flatten()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualification {
    Aggravates,
    Mitigates,
}

impl Qualification {
    pub fn keyword(self) -> &'static str {
        match self {
            Qualification::Aggravates => "aggravates",
            Qualification::Mitigates => "mitigates",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffenceLine {
    /// `conduct …`, `object …`, `circumstance …`, `mental …`, `requires …`.
    Tag(TagLine),
    Penalty(Penalty),
    Qualifies {
        how: Qualification,
        /// One or more base offences, written `aggravates para 6, para 7`.
        targets: Vec<Spanned<Ref>>,
        trailing: Option<Comment>,
        span: Span,
    },
    /// `expressly attempt, …`: general-part consequences the offence itself provides for.
    Expressly {
        values: Vec<Spanned<Value>>,
        trailing: Option<Comment>,
        span: Span,
    },
    /// `class crime`: the class of offence the code puts it in (see [`Classify`]).
    Class {
        class: Spanned<Ident>,
        trailing: Option<Comment>,
        span: Span,
    },
    Comment(Comment),
}

/// `penalty prison 6m..5y + fine`. Terms joined by `+` are imposed together; `or` separates
/// alternatives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Penalty {
    /// The first term has no joiner; every later one says how it joins the one before.
    pub terms: Vec<(Option<Joiner>, Spanned<PenaltyTerm>)>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

impl Penalty {
    /// The alternatives of the penalty, each a list of terms imposed together.
    pub fn alternatives(&self) -> Vec<Vec<&Spanned<PenaltyTerm>>> {
        let mut out: Vec<Vec<&Spanned<PenaltyTerm>>> = Vec::new();
        for (joiner, term) in &self.terms {
            match (joiner, out.last_mut()) {
                (Some(Joiner::And), Some(last)) => last.push(term),
                _ => out.push(vec![term]),
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joiner {
    /// `+`: imposed together.
    And,
    /// `or`: alternatives.
    Or,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PenaltyTerm {
    Prison(Range),
    Fine,
    Life,
    Unknown,
}

/// `MIN..MAX`, `..MAX` or `MIN..`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    pub min: Option<Spanned<Bound>>,
    pub max: Option<Spanned<Bound>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Known(Duration),
    Unknown,
}

/// How long a measure's records are kept: a period (`retention 10y`, `retention ?`), or for good
/// (`retention permanent`: "kept permanently").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retention {
    For(Bound),
    Permanent,
}

impl Retention {
    /// Whether records kept so long are kept at least `t`: `None` when the period is not known.
    pub fn at_least(&self, t: Duration) -> Option<bool> {
        match self {
            Retention::Permanent => Some(true),
            Retention::For(Bound::Known(d)) => Some(*d >= t),
            Retention::For(Bound::Unknown) => None,
        }
    }
}

/// A length of time as the statute states it: years, months and days are kept apart, because
/// "6 months" and "180 days" are different words in a statute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Duration {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

impl Duration {
    /// Length in days, for comparisons (a year is 365 days, a month 30; thresholds in treaties
    /// are whole years or months, so this never decides a borderline case wrongly).
    pub fn approx_days(self) -> u64 {
        u64::from(self.years) * 365 + u64::from(self.months) * 30 + u64::from(self.days)
    }

    pub fn from_years(years: u32) -> Duration {
        Duration {
            years,
            ..Duration::default()
        }
    }
}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duration {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.approx_days().cmp(&other.approx_days()).then(
            (self.years, self.months, self.days).cmp(&(other.years, other.months, other.days)),
        )
    }
}

impl std::fmt::Display for Duration {
    /// Canonical form: `5y`, `6m`, `1y6m`, `30d`; zero is `0y`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.years == 0 && self.months == 0 && self.days == 0 {
            return f.write_str("0y");
        }
        if self.years > 0 {
            write!(f, "{}y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}m", self.months)?;
        }
        if self.days > 0 {
            write!(f, "{}d", self.days)?;
        }
        Ok(())
    }
}

/// `define TERM = v1, v2, …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Define {
    pub term: Spanned<Ident>,
    pub values: Vec<Spanned<Value>>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// `rule KIND [covers …] [when COND {or COND}]`, where a COND may join conditions with `and`
/// (which binds tighter than `or`) and group alternatives in parentheses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: Spanned<Ident>,
    pub covers: Vec<Spanned<Value>>,
    /// The alternatives (joined by `or`); empty means `always`. An alternative that joins
    /// conditions with `and` is one [`Condition::All`].
    pub when: Vec<Spanned<Condition>>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Always,
    /// `max >= DUR` (`strict: false`) or `max > DUR` (`strict: true`).
    MaxAtLeast {
        bound: Bound,
        strict: bool,
    },
    Expressly,
    Listed(Vec<Spanned<Ref>>),
    /// `class crime`: offences of that class (stated, or derived by a `classify` line).
    Class(Spanned<Ident>),
    /// `requires V`: the rule applies to an offence only where the case has the narrowing
    /// element V (a vocabulary value, or the statute's words in quotes): committed by an
    /// organised group, say. Holds outright for an offence that itself requires V.
    Requires(Spanned<Value>),
    /// `A and B …`: every condition holds. Two or more; never directly inside another `All`.
    All(Vec<Spanned<Condition>>),
    /// `(A or B …)` inside an `and`: any of them holds. Two or more; only ever a member of an
    /// [`Condition::All`] (alternatives at the top level are the rule's `when` list).
    Any(Vec<Spanned<Condition>>),
}

impl Condition {
    /// Every condition that is no `and`/`or` group (the leaves), in written order.
    pub fn leaves(&self) -> Vec<&Condition> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().flat_map(|c| c.node.leaves()).collect()
            }
            c => vec![c],
        }
    }
}

/// `reads VALUE as including VALUE, … "SOURCE"`: the jurisdiction's reading of a term of its law,
/// by which a value the unit's offences state reaches others the words do not name ("production"
/// read as including assembly), with where the reading comes from (a definition article, a
/// commentary, a court decision, the legislative guide).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reads {
    pub value: Spanned<Ident>,
    pub including: Vec<Spanned<Value>>,
    pub source: Spanned<String>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// `classify CLASS [when max OP DUR]`: the code divides its offences into classes (crimes,
/// misdemeanours …). Without `when`, each offence states its class (`class crime`); with it, an
/// offence that states none is of the class when its maximum penalty passes the test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classify {
    pub class: Spanned<Ident>,
    pub when: Option<Spanned<PenaltyTest>>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// `max >= 5y`, `max > 5y`, `max < 5y`, `max <= 5y`: a test on the maximum imprisonment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PenaltyTest {
    pub op: Compare,
    pub bound: Bound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compare {
    AtLeast,
    MoreThan,
    LessThan,
    AtMost,
}

impl Compare {
    pub const ALL: [(&'static str, Compare); 4] = [
        (">=", Compare::AtLeast),
        ("<=", Compare::AtMost),
        (">", Compare::MoreThan),
        ("<", Compare::LessThan),
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            Compare::AtLeast => ">=",
            Compare::MoreThan => ">",
            Compare::LessThan => "<",
            Compare::AtMost => "<=",
        }
    }
}

/// A `measure` block: an administrative or regulatory measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    pub values: Vec<Spanned<Value>>,
    pub lines: Vec<MeasureLine>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeasureLine {
    Tag(TagLine),
    Retention {
        period: Spanned<Retention>,
        trailing: Option<Comment>,
        span: Span,
    },
    Comment(Comment),
}

/// `see REF, …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct See {
    pub refs: Vec<Spanned<Ref>>,
    pub trailing: Option<Comment>,
    pub span: Span,
}

/// A reference to a unit: `article 403 para 1 point a`, `para 2`, `act weapons-law article 5`.
/// Parts left out are relative to the unit the reference stands in.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Ref {
    pub act: Option<Spanned<Ident>>,
    /// The act was not written on this item but carried over from an earlier item of the same
    /// list (`listed act criminal-code article 10, article 11`): the formatter leaves it out.
    pub act_carried: bool,
    pub article: Option<Spanned<UnitNumber>>,
    pub para: Option<Spanned<UnitNumber>>,
    pub points: Vec<Spanned<UnitNumber>>,
}

impl std::fmt::Display for Ref {
    /// The reference as written in canonical form: `act weapons-law article 5 para 1 point a`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(act) = &self.act {
            parts.push(format!("act {}", act.node));
        }
        if let Some(a) = &self.article {
            parts.push(format!("article {}", a.node));
        }
        if let Some(p) = &self.para {
            parts.push(format!("para {}", p.node));
        }
        for p in &self.points {
            parts.push(format!("point {}", p.node));
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact line table gives back each line and its span in the file exactly as pushed:
    /// empty lines dropped, the value joined with single spaces.
    #[test]
    fn a_text_gives_back_its_lines_and_their_spans() {
        let src = "text en: first line\n          \n          second, ž\n          3";
        let mut t = TextLines::default();
        let mut expected = Vec::new();
        for (line, at) in [("first line", 9), ("", 30), ("second, ž", 41), ("3", 62)] {
            let span = Span::new(at, at + line.len());
            assert_eq!(src.get(span.range()), Some(line), "{line}");
            t.push(line, span);
            if !line.is_empty() {
                expected.push((line, span.start, span.end));
            }
        }
        let text = t.take(Spanned::new("en".into(), Span::new(5, 7)), Span::new(0, 64));
        assert_eq!(text.value(), "first line second, ž 3");
        let got: Vec<(&str, u32, u32)> = text
            .lines()
            .map(|l| (l.node, l.span.start, l.span.end))
            .collect();
        assert_eq!(got, expected);
        assert!(!text.is_empty());
        // The scratch is left empty for the next text.
        let empty = t.take(Spanned::new("en".into(), Span::default()), Span::default());
        assert!(empty.is_empty());
        assert_eq!(empty.lines().count(), 0);
        assert_eq!(empty.value(), "");
    }

    /// Two texts are equal when their values and line breaks are, wherever they stand.
    #[test]
    fn texts_compare_by_words_and_line_breaks_not_by_place() {
        let text = |lines: &[(&str, usize)]| {
            let mut t = TextLines::default();
            for (l, at) in lines {
                t.push(l, Span::new(*at, at + l.len()));
            }
            t.take(Spanned::new("en".into(), Span::default()), Span::default())
        };
        assert_eq!(
            text(&[("a b", 0), ("c", 10)]),
            text(&[("a b", 100), ("c", 200)])
        );
        assert_ne!(
            text(&[("a b", 0), ("c", 10)]),
            text(&[("a", 0), ("b c", 10)])
        );
        assert_ne!(text(&[("a b c", 0)]), text(&[("a b", 0), ("c", 10)]));
    }
}
