//! The cleaned lines put into a tree: parts, chapters, articles with their headings, paragraphs
//! and points, in file order.
//!
//! - An article's heading is the block of centred lines just above its `Член N` line (the
//!   layout of the region's gazettes), or, in a text where hardly any article has one there,
//!   the short line just below it (`Neni 5` / `Qëllimi`). Centred means indented at least six
//!   columns more than the body text, or marked as a heading by the HTML.
//! - A chapter's title is the line(s) in capitals after `ГЛАВА …`.
//! - A paragraph `(N)` or a point `L)` starts only where the text before it ended a sentence or
//!   a list item (or a blank line stands before it), and only in its sequence (`(1)` first,
//!   then the next number; a jump is taken with a warning) — so a wrapped reference
//!   ("од став\n(1) на овој член") stays text.
//! - Points nest by style: a list of `1)` inside which `а)` starts is a list of sub-points.
//! - Text after a list of points, after a blank line (the penalty clause "ќе се казни …"), goes
//!   back to the unit that holds the list, joined after its lead-in, with a note.
//! - What it cannot place — text outside any article after the preamble, a duplicate number, a
//!   numbering jump — is kept (as a comment, or under `?`) and reported as a located warning.

use std::collections::HashSet;

use super::layout::{self, Cleaned};
use super::lines::Line;
use super::recognise::{self, Kind, Style};
use super::{DUPLICATE_NUMBER, NUMBERING_JUMP, UNPLACED_TEXT};
use crate::diagnostic::Diagnostic;
use crate::syntax::Span;

/// One article, paragraph or point.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// The number in `.law` spelling; `None` is written `?` (with a note why).
    pub number: Option<String>,
    /// The number as the text writes it (`Член 396-а`, `(2)`, `б)`).
    pub raw: String,
    pub heading: Option<String>,
    /// The unit's own text, line by line (joined by the writer).
    pub lead: Vec<String>,
    /// Text after the unit's list of points.
    pub tail: Vec<String>,
    pub children: Vec<Unit>,
    pub repealed: bool,
    /// Remarks written as comments under the unit line.
    pub notes: Vec<String>,
}

/// What the top level of the file holds, in order.
#[derive(Clone, Debug)]
pub enum Item {
    Part {
        number: String,
        title: String,
        numbered_by_order: bool,
    },
    Chapter {
        number: String,
        title: String,
        raw: String,
    },
    /// A line kept as a comment (a section title, text outside any article).
    Comment(String),
    Article(Unit),
}

/// Counts for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub lines: usize,
    pub articles: usize,
    pub headings: usize,
    pub paragraphs: usize,
    pub points: usize,
    pub parts: usize,
    pub chapters: usize,
    pub furniture: usize,
    pub footnote_markers: usize,
    pub dehyphenated: usize,
}

#[derive(Debug, Default)]
pub struct Doc {
    pub title: Option<String>,
    pub preamble: Vec<String>,
    pub items: Vec<Item>,
    pub words: HashSet<String>,
    pub stats: Stats,
}

impl Doc {
    pub fn articles(&self) -> usize {
        self.stats.articles
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Normal,
    Heading,
    ChapterTitle,
}

/// How far a heading may stand from its article line, and how long it may be.
const HEADING_LINES: usize = 4;
const HEADING_CHARS: usize = 160;

/// How deep points nest (there are four label styles).
const MAX_POINT_DEPTH: usize = 4;

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', ',', ';', ':', '—', '–']) || {
        let last = s.rsplit(' ').next().unwrap_or("");
        [
            "и",
            "или",
            "i",
            "ili",
            "dhe",
            "ose",
            "and",
            "or",
            "односно",
            "odnosno",
        ]
        .contains(&last)
    }
}

/// The start of the clause that closes a list of points with the penalty ("…, ќе се казни со
/// затвор …"): text after the points, not of the last point.
fn penalty_clause(s: &str) -> bool {
    const STARTS: &[&str] = &[
        "ќе се казни",
        "сторителот ќе се казни",
        "казниће се",
        "учинилац ће се казнити",
        "kazniće se",
        "kaznit će se",
        "kaznice se",
        "učinilac će se kazniti",
        "počinitelj će se kazniti",
        "dënohet",
        "shall be punished",
        "is punished",
    ];
    let lower = s.chars().take(40).collect::<String>().to_lowercase();
    STARTS.iter().any(|p| lower.starts_with(p))
}

fn upper_line(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn span_of(l: &Line) -> Span {
    Span::new(l.offset, l.offset + l.text.len().max(1))
}

/// Builds the tree.
pub fn build(cleaned: &Cleaned, warnings: &mut Vec<Diagnostic>) -> Doc {
    let lines = &cleaned.lines;
    let kinds: Vec<Kind> = lines.iter().map(|l| recognise::classify(&l.text)).collect();
    let n = lines.len();
    let body_indent = body_indent(lines, &kinds);
    let centred = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l| l.centred || l.indent >= body_indent + 6)
    };
    let kind = |i: usize| kinds.get(i).unwrap_or(&Kind::Blank);
    let text = |i: usize| lines.get(i).map_or("", |l| l.text.as_str());
    let mut role = vec![Role::Normal; n];
    let mut chapter_titles: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut headings: Vec<Vec<usize>> = vec![Vec::new(); n];

    // Chapter titles: the lines in capitals after the chapter line.
    for c in 0..n {
        if !matches!(kind(c), Kind::Chapter { .. }) {
            continue;
        }
        let mut j = c + 1;
        let mut blanks = 0;
        while j < n && *kind(j) == Kind::Blank && blanks < 2 {
            j += 1;
            blanks += 1;
        }
        let mut taken = Vec::new();
        while j < n
            && taken.len() < 3
            && matches!(kind(j), Kind::Text | Kind::Part { .. })
            && upper_line(text(j))
        {
            taken.push(j);
            j += 1;
        }
        for &t in &taken {
            if let Some(r) = role.get_mut(t) {
                *r = Role::ChapterTitle;
            }
        }
        if let Some(slot) = chapter_titles.get_mut(c) {
            *slot = taken;
        }
    }

    // Article headings above the article line.
    let candidate = |i: usize, role: &[Role]| {
        *kind(i) == Kind::Text
            && role.get(i) == Some(&Role::Normal)
            && text(i).chars().count() <= HEADING_CHARS
            && !text(i).ends_with(['.', ',', ';', ':'])
    };
    let mut articles = 0;
    let mut above = 0;
    for a in 0..n {
        if !matches!(kind(a), Kind::Article { .. }) {
            continue;
        }
        articles += 1;
        let mut j = a;
        let mut blanks = 0;
        while j > 0 && *kind(j - 1) == Kind::Blank && blanks < 3 {
            j -= 1;
            blanks += 1;
        }
        let mut block = Vec::new();
        while j > 0 && block.len() < HEADING_LINES && candidate(j - 1, &role) {
            j -= 1;
            block.push(j);
        }
        block.reverse();
        // The heading starts with a capital: lines above that belong to something else.
        while block.first().is_some_and(|&i| !starts_upper(text(i))) {
            block.remove(0);
        }
        // Centred lines are a heading; lines at the margin only where they stand apart (a
        // blank line or the end of a sentence above them) and are short — a long heading
        // that `pdftotext` did not indent, not the unpunctuated end of the article before.
        let apart = block.first().is_some_and(|&f| {
            f == 0 || {
                let above = f - 1;
                matches!(
                    kind(above),
                    Kind::Blank
                        | Kind::Article { .. }
                        | Kind::Chapter { .. }
                        | Kind::Part { .. }
                        | Kind::Section
                ) || role.get(above) == Some(&Role::ChapterTitle)
                    || text(above).ends_with(['.', ';', ':'])
            }
        });
        if !(block.iter().all(|&i| centred(i)) || apart && block.len() <= 2) {
            block.clear();
        }
        if !block.is_empty() {
            above += 1;
            for &b in &block {
                if let Some(r) = role.get_mut(b) {
                    *r = Role::Heading;
                }
            }
            if let Some(slot) = headings.get_mut(a) {
                *slot = block;
            }
        }
    }
    // Headings below the article line, where the text puts them there.
    if articles > 0 && above * 5 < articles {
        for a in 0..n {
            if !matches!(kind(a), Kind::Article { .. }) {
                continue;
            }
            let mut j = a + 1;
            while j < n && *kind(j) == Kind::Blank {
                j += 1;
            }
            let loose = |i: usize| {
                *kind(i) == Kind::Text
                    && text(i).chars().count() <= HEADING_CHARS
                    && !text(i).ends_with(['.', ',', ';', ':'])
                    && starts_upper(text(i))
            };
            if j < n && loose(j) {
                if let Some(r) = role.get_mut(j) {
                    *r = Role::Heading;
                }
                if let Some(slot) = headings.get_mut(a) {
                    slot.push(j);
                }
            }
        }
    }

    let mut b = Builder {
        doc: Doc {
            words: cleaned.words.clone(),
            ..Doc::default()
        },
        warnings,
        article: None,
        para_open: false,
        points: Vec::new(),
        in_tail: false,
        blank: false,
        last_end: String::new(),
        seen_articles: HashSet::new(),
        last_base: None,
        parts: 0,
        started: false,
    };
    b.doc.stats.lines = n;
    b.doc.stats.furniture = cleaned.furniture;
    b.doc.stats.footnote_markers = cleaned.markers.len();
    let mut markers = cleaned.markers.iter().peekable();
    let join = |idx: &[usize]| layout::join(idx.iter().map(|&i| text(i)), &cleaned.words);

    for i in 0..n {
        let Some(line) = lines.get(i) else { break };
        let k = kind(i);
        if *k == Kind::Blank {
            b.blank = true;
            continue;
        }
        if role.get(i) != Some(&Role::Normal) {
            continue;
        }
        match k {
            Kind::Blank => {}
            Kind::Part { number } => {
                b.close();
                b.started = true;
                b.parts += 1;
                b.doc.stats.parts += 1;
                let (number, numbered_by_order) = match number {
                    Some(n) => (n.clone(), false),
                    None => (b.parts.to_string(), true),
                };
                b.doc.items.push(Item::Part {
                    number,
                    title: line.text.clone(),
                    numbered_by_order,
                });
            }
            Kind::Chapter { number, rest } => {
                b.close();
                b.started = true;
                b.doc.stats.chapters += 1;
                let mut title = rest.trim_start_matches(['-', '–', ' ', '.']).to_string();
                let more = join(chapter_titles.get(i).map_or(&[][..], Vec::as_slice));
                if !more.is_empty() {
                    if !title.is_empty() {
                        title.push(' ');
                    }
                    title.push_str(&more);
                }
                b.doc.items.push(Item::Chapter {
                    number: number.clone(),
                    title,
                    raw: line.text.clone(),
                });
            }
            Kind::Section => {
                b.close();
                b.started = true;
                b.doc.items.push(Item::Comment(line.text.clone()));
            }
            Kind::Article { number } => {
                b.close();
                b.started = true;
                let heading = join(headings.get(i).map_or(&[][..], Vec::as_slice));
                b.open_article(number, line, (!heading.is_empty()).then_some(heading));
            }
            Kind::Para { number, rest } if b.para_fits(*number) => {
                b.open_para(*number, rest, line);
            }
            Kind::Point {
                label,
                style,
                ordinal,
                rest,
            } if b.point_fits(label, *style, *ordinal).is_some() => {
                let (level, style, ordinal) = b
                    .point_fits(label, *style, *ordinal)
                    .unwrap_or((0, *style, *ordinal));
                b.open_point(level, style, ordinal, label, rest, line);
            }
            Kind::Repealed if b.article.is_some() => {
                if let Some(u) = b.deepest() {
                    u.repealed = true;
                }
                b.add_text(&line.text, false);
            }
            _ => {
                if b.article.is_some() {
                    let tail = !b.points.is_empty() && (b.blank || penalty_clause(&line.text));
                    b.add_text(&line.text, tail);
                } else if !b.started {
                    b.doc.preamble.push(line.text.clone());
                } else {
                    if !centred(i) {
                        b.warnings.push(
                            Diagnostic::new(UNPLACED_TEXT, "text outside any article")
                                .at(span_of(line), "kept as a comment")
                                .hint("the text stands between a heading and the next article; place it by hand if it belongs to an article"),
                        );
                    }
                    b.doc.items.push(Item::Comment(line.text.clone()));
                }
            }
        }
        b.blank = false;
        while let Some((_, m)) = markers.next_if(|(li, _)| *li == i) {
            let note = format!("footnote marker {m} removed from the text");
            match b.deepest() {
                Some(u) => u.notes.push(note),
                None => b.doc.preamble.push(format!("({note})")),
            }
        }
    }
    b.close();
    if let Some(first) = b.doc.preamble.first()
        && (upper_line(first)
            || lines
                .iter()
                .find(|l| !l.is_blank())
                .is_some_and(|l| l.centred || l.indent >= body_indent + 6))
        && first.chars().count() <= HEADING_CHARS
    {
        b.doc.title = Some(first.clone());
    }
    b.doc
}

/// The indentation of the body text: the most common indentation of text lines (bounded, so a
/// hostile input cannot make the table large).
fn body_indent(lines: &[Line], kinds: &[Kind]) -> usize {
    let mut counts = [0usize; 41];
    for (l, k) in lines.iter().zip(kinds) {
        if matches!(k, Kind::Text | Kind::Para { .. } | Kind::Point { .. })
            && let Some(c) = counts.get_mut(l.indent.min(40))
        {
            *c += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, usize::MAX - i))
        .map_or(0, |(i, _)| i)
}

struct Builder<'w> {
    doc: Doc,
    warnings: &'w mut Vec<Diagnostic>,
    article: Option<Unit>,
    para_open: bool,
    /// The open points, outermost first: their style and ordinal.
    points: Vec<(Style, u32)>,
    in_tail: bool,
    /// A blank line stands between the last line and this one.
    blank: bool,
    /// The end of the last text line added (to tell a new paragraph from a wrapped reference).
    last_end: String,
    seen_articles: HashSet<String>,
    last_base: Option<u64>,
    parts: usize,
    /// A heading or article has been seen: text is no longer preamble.
    started: bool,
}

impl Builder<'_> {
    fn close(&mut self) {
        if let Some(a) = self.article.take() {
            self.doc.items.push(Item::Article(a));
        }
        self.para_open = false;
        self.points.clear();
        self.in_tail = false;
        self.last_end.clear();
    }

    /// The unit the next text line goes to.
    fn deepest(&mut self) -> Option<&mut Unit> {
        let mut u = self.article.as_mut()?;
        if self.para_open {
            u = u.children.last_mut()?;
        }
        for _ in 0..self.points.len() {
            u = u.children.last_mut()?;
        }
        Some(u)
    }

    /// The unit that holds the open list of points.
    fn list_holder(&mut self) -> Option<&mut Unit> {
        let u = self.article.as_mut()?;
        if self.para_open {
            return u.children.last_mut();
        }
        Some(u)
    }

    fn add_text(&mut self, s: &str, tail: bool) {
        self.last_end = s
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if tail || self.in_tail {
            if !self.in_tail {
                self.in_tail = true;
                self.points.clear();
                if let Some(h) = self.list_holder() {
                    h.notes
                        .push("the text after the points is joined to this unit's text".into());
                }
            }
            if let Some(h) = self.list_holder() {
                h.tail.push(s.to_string());
            }
            return;
        }
        if let Some(u) = self.deepest() {
            u.lead.push(s.to_string());
        }
    }

    fn open_article(&mut self, number: &str, line: &Line, heading: Option<String>) {
        self.doc.stats.articles += 1;
        if heading.is_some() {
            self.doc.stats.headings += 1;
        }
        let base: Option<u64> = number
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok();
        let mut unit = Unit {
            number: Some(number.to_string()),
            raw: line.text.clone(),
            heading,
            ..Unit::default()
        };
        if !self.seen_articles.insert(number.to_string()) {
            self.warnings.push(
                Diagnostic::new(DUPLICATE_NUMBER, format!("a second article {number}"))
                    .at(span_of(line), "this number was used before")
                    .hint("written as `article ?` with the number in a note; find which one the official text means"),
            );
            unit.notes.push(format!(
                "number {number} appears twice in the input: written `?`"
            ));
            unit.number = None;
        } else if let (Some(b), Some(last)) = (base, self.last_base)
            && b > last + 1
        {
            self.warnings.push(
                Diagnostic::new(NUMBERING_JUMP, format!("article {number} follows article {last}"))
                    .at(span_of(line), format!("articles {}–{} are not in the input", last + 1, b - 1))
                    .hint("a page may be missing from the input, or an article heading was not recognised; compare with the official text"),
            );
        }
        if base.is_some() {
            self.last_base = base;
        }
        self.article = Some(unit);
        self.para_open = false;
        self.points.clear();
        self.in_tail = false;
        self.last_end.clear();
        self.blank = true;
    }

    fn para_fits(&self, number: u32) -> bool {
        let Some(a) = &self.article else { return false };
        let last: u32 = if self.para_open {
            a.children
                .last()
                .and_then(|p| p.number.as_deref())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        } else if a.children.is_empty() {
            0
        } else {
            // Points directly under the article: a paragraph cannot follow them.
            return false;
        };
        let after_sentence =
            self.blank || self.last_end.is_empty() || self.last_end.ends_with(['.', ':', ';']);
        // The next number is a paragraph even after a clause without its full stop; a jump
        // only after the end of a sentence (a wrapped "став\n(1)" is a reference).
        number == last + 1 || after_sentence && number > last
    }

    fn open_para(&mut self, number: u32, rest: &str, line: &Line) {
        let Some(a) = self.article.as_mut() else {
            return;
        };
        self.doc.stats.paragraphs += 1;
        let last: u32 = if self.para_open {
            a.children
                .last()
                .and_then(|p| p.number.as_deref())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        } else {
            0
        };
        if number != last + 1 {
            let message = if last == 0 {
                format!("paragraph ({number}) is the first numbered paragraph of its article")
            } else {
                format!("paragraph ({number}) follows paragraph ({last})")
            };
            self.warnings.push(
                Diagnostic::new(NUMBERING_JUMP, message)
                    .at(span_of(line), "numbering jump")
                    .hint("compare with the official text: a paragraph may have been lost in conversion"),
            );
        }
        let mut unit = Unit {
            number: Some(number.to_string()),
            raw: format!("({number})"),
            ..Unit::default()
        };
        if !rest.is_empty() {
            unit.lead.push(rest.to_string());
        }
        a.children.push(unit);
        self.para_open = true;
        self.points.clear();
        self.in_tail = false;
        self.last_end = rest.to_string();
    }

    /// Where a point fits: the level of the list it continues or starts, with its style.
    fn point_fits(&self, label: &str, style: Style, ordinal: u32) -> Option<(usize, Style, u32)> {
        self.article.as_ref()?;
        let roman_alt = match (style, label) {
            (Style::Latin, "i") => Some(1),
            (Style::Latin, "v") => Some(5),
            (Style::Latin, "x") => Some(10),
            _ => None,
        };
        let after_item = self.blank || self.last_end.is_empty() || ends_sentence(&self.last_end);
        if !after_item {
            return None;
        }
        for (level, (s, prev)) in self.points.iter().enumerate().rev() {
            if *s == style && recognise::follows(style, *prev, ordinal) {
                return Some((level, style, ordinal));
            }
            if *s == Style::Roman
                && let Some(r) = roman_alt
                && recognise::follows(Style::Roman, *prev, r)
            {
                return Some((level, Style::Roman, r));
            }
        }
        // A new list nests in the open one only in a style not open yet, and only so deep:
        // `1)` under `1)` is text, so no input nests without bound.
        if self.points.len() >= MAX_POINT_DEPTH {
            return None;
        }
        let open = |s: Style| self.points.iter().any(|(o, _)| *o == s);
        if ordinal == 1 && !open(style) {
            return Some((self.points.len(), style, 1));
        }
        if roman_alt == Some(1) && !open(Style::Roman) {
            return Some((self.points.len(), Style::Roman, 1));
        }
        None
    }

    fn open_point(
        &mut self,
        level: usize,
        style: Style,
        ordinal: u32,
        label: &str,
        rest: &str,
        line: &Line,
    ) {
        self.points.truncate(level);
        self.in_tail = false;
        let para_open = self.para_open;
        let depth = self.points.len();
        let Some(a) = self.article.as_mut() else {
            return;
        };
        let mut parent = a;
        if para_open {
            let Some(p) = parent.children.last_mut() else {
                return;
            };
            parent = p;
        }
        for _ in 0..depth {
            let Some(p) = parent.children.last_mut() else {
                return;
            };
            parent = p;
        }
        self.doc.stats.points += 1;
        let mut unit = Unit {
            number: Some(label.to_string()),
            raw: line
                .text
                .chars()
                .take_while(|c| *c != ')')
                .chain([')'])
                .collect(),
            ..Unit::default()
        };
        if parent
            .children
            .iter()
            .any(|c| c.number.as_deref() == Some(label))
        {
            unit.notes.push(format!(
                "label {label} appears twice in this unit: written `?`"
            ));
            unit.number = None;
        }
        if !rest.is_empty() {
            unit.lead.push(rest.to_string());
        }
        parent.children.push(unit);
        self.points.push((style, ordinal));
        self.last_end = rest.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::clean;
    use crate::import::lines::split;

    fn doc(text: &str) -> (Doc, Vec<Diagnostic>) {
        let mut w = Vec::new();
        let d = build(&clean(split(text)), &mut w);
        (d, w)
    }

    fn articles(d: &Doc) -> Vec<&Unit> {
        d.items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    const MK: &str = "                        КРИВИЧЕН ЗАКОНИК
Кривичен законик („Службен весник“ бр. 37/1996).

                                ОПШТ ДЕЛ

                              ГЛАВА ПРВА
                           ОСНОВНИ ОДРЕДБИ
        Законитост во определувањето на кривичните дела и на
               пропишувањето на кривичните санкции

                                  Член 1

На никого не може да му биде изречена казна.

                             Кривични санкции

                                 Член 2-а

(1) Тој што ќе изработи:
1) оружје,
2) муниција,

ќе се казни со затвор од три до десет години.

(2) Одредбата од став
(1) се применува и на делови.
";

    #[test]
    fn macedonian_layout() {
        let (d, w) = doc(MK);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.title.as_deref(), Some("КРИВИЧЕН ЗАКОНИК"));
        let a = articles(&d);
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].heading.as_deref(),
            Some(
                "Законитост во определувањето на кривичните дела и на пропишувањето на кривичните санкции"
            )
        );
        assert_eq!(a[1].number.as_deref(), Some("2-a"));
        assert_eq!(a[1].heading.as_deref(), Some("Кривични санкции"));
        let p1 = &a[1].children[0];
        assert_eq!(p1.lead, vec!["Тој што ќе изработи:"]);
        assert_eq!(p1.children.len(), 2);
        assert_eq!(
            p1.tail,
            vec!["ќе се казни со затвор од три до десет години."]
        );
        // The wrapped reference "(1)" stays text of paragraph 2.
        assert_eq!(a[1].children.len(), 2);
        assert_eq!(
            a[1].children[1].lead,
            vec!["Одредбата од став", "(1) се применува и на делови."]
        );
        assert!(matches!(
            &d.items[0],
            Item::Part {
                numbered_by_order: true,
                ..
            }
        ));
        assert!(matches!(&d.items[1], Item::Chapter { title, .. } if title == "ОСНОВНИ ОДРЕДБИ"));
    }

    #[test]
    fn albanian_headings_below() {
        let (d, _) = doc(
            "Neni 1\nQëllimi\nKy kod ka për qëllim mbrojtjen.\n\nNeni 2\nFusha\n(1) Dispozitat zbatohen.\n",
        );
        let a = articles(&d);
        assert_eq!(a[0].heading.as_deref(), Some("Qëllimi"));
        assert_eq!(a[1].heading.as_deref(), Some("Fusha"));
        assert_eq!(a[1].children[0].lead, vec!["Dispozitat zbatohen."]);
    }

    #[test]
    fn nested_points_and_roman() {
        let (d, _) = doc(
            "Član 1\n(1) Izrazi:\n1) oružje je:\na) vatreno,\nb) hladno;\n2) municija:\ni) metak,\nii) čaura.\n",
        );
        let a = articles(&d);
        let p = &a[0].children[0];
        assert_eq!(p.children.len(), 2);
        assert_eq!(p.children[0].children.len(), 2);
        assert_eq!(p.children[1].children.len(), 2);
        assert_eq!(p.children[1].children[1].number.as_deref(), Some("ii"));
    }

    #[test]
    fn points_do_not_nest_without_bound() {
        let text = format!("Član 1\n{}", "1) a,\n".repeat(2000));
        let (d, _) = doc(&text);
        let a = articles(&d);
        assert_eq!(a[0].children.len(), 1);
        assert!(a[0].children[0].children.is_empty());
        assert_eq!(a[0].children[0].lead.len(), 2000);
    }

    #[test]
    fn duplicates_and_jumps_are_warned_and_kept() {
        let (d, w) = doc("Član 1\nA.\nČlan 5\nB.\nČlan 5\nC.\n");
        let a = articles(&d);
        assert_eq!(a.len(), 3);
        assert_eq!(a[2].number, None);
        assert_eq!(a[2].lead, vec!["C."]);
        let codes: Vec<&str> = w.iter().map(|d| d.code.id).collect();
        assert_eq!(codes, vec!["W0902", "W0903"]);
    }

    #[test]
    fn text_between_chapter_and_article_is_kept_and_warned() {
        let (d, w) =
            doc("Član 1\nA.\nGLAVA DRUGA\nOVO JE NASLOV\nNeki tekst bez člana.\nČlan 2\nB.\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code.id, "W0901");
        assert!(
            d.items
                .iter()
                .any(|i| matches!(i, Item::Comment(c) if c == "Neki tekst bez člana."))
        );
    }
}
