//! Checks that need one file and nothing else: the header is complete, numbers are unique,
//! penalties make sense, the file's place matches what it says it is. Vocabulary and references
//! across files are checked later, in `model`.

use std::collections::{BTreeMap, HashMap};

use super::ast::*;
use super::span::Span;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};

pub const MISSING_FIELD: Code = Code::error("E0201", "missing-header-field");
pub const DUPLICATE_FIELD: Code = Code::error("E0202", "duplicate-header-field");
pub const DUPLICATE_UNIT: Code = Code::error("E0203", "duplicate-unit-number");
pub const PENALTY_RANGE: Code = Code::error("E0204", "penalty-min-above-max");
pub const PATH_MISMATCH: Code = Code::error("E0205", "file-path-mismatch");
pub const UNDECLARED_LANGUAGE: Code = Code::error("E0206", "undeclared-language");
pub const DUPLICATE_ENTRY: Code = Code::error("E0207", "duplicate-entry");
pub const EMPTY_OFFENCE: Code = Code::warning("W0201", "offence-without-tags");
pub const UNKNOWN_VALUE: Code = Code::warning("W0202", "unknown-value");

/// Where a file sits: `codes/<jurisdiction>/<act>/<date>.law`. Each part is `None` when the path
/// does not say (a file checked outside the `codes/` layout).
#[derive(Clone, Debug, Default)]
pub struct FilePlace {
    pub jurisdiction: Option<String>,
    pub act: Option<String>,
    pub date: Option<Date>,
}

impl FilePlace {
    /// Reads the place from a path ending in `codes/<jurisdiction>/<act>/<date>.law`. A path of
    /// another shape says nothing (a file checked on its own, outside the layout).
    pub fn from_path(path: &std::path::Path) -> FilePlace {
        let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
        let [.., codes, j, act, file] = parts.as_slice() else {
            return FilePlace::default();
        };
        if *codes != "codes" {
            return FilePlace::default();
        }
        let date = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Date::parse(s).ok());
        FilePlace {
            jurisdiction: Some((*j).to_string()),
            act: Some((*act).to_string()),
            date,
        }
    }
}

/// Where each key was first seen. A unit has a handful of sub-units and texts, and this runs
/// for every unit of every act: the keys are kept in a small array on the stack, searched in
/// order, and only a unit with more than [`FEW`] of them moves to a map (so that a
/// hostile file with thousands of points in one unit stays `n log n`).
const FEW: usize = 16;

struct FirstSeen<K> {
    few: [Option<(K, Span)>; FEW],
    len: usize,
    many: BTreeMap<K, Span>,
}

impl<K: Copy + Ord> FirstSeen<K> {
    fn new() -> Self {
        FirstSeen {
            few: [None; FEW],
            len: 0,
            many: BTreeMap::new(),
        }
    }

    /// Records `key` seen at `span`; where it was first seen, if it was seen before.
    fn see(&mut self, key: K, span: Span) -> Option<Span> {
        if self.many.is_empty() {
            let few = self.few.get(..self.len).unwrap_or(&[]);
            if let Some((_, first)) = few.iter().flatten().find(|(k, _)| *k == key) {
                return Some(*first);
            }
            if let Some(slot) = self.few.get_mut(self.len) {
                *slot = Some((key, span));
                self.len += 1;
                return None;
            }
            self.many.extend(self.few.iter().flatten().copied());
        }
        match self.many.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(span);
                None
            }
        }
    }
}

/// Runs every single-file check. `parsed_cleanly` says whether the parser found no errors; when
/// it did, a header line may be missing only because it could not be read, so "missing field"
/// is not reported on top of the syntax error.
/// The longest name or title accepted, in characters (act and unit titles here; jurisdiction
/// names in `jurisdiction.yaml`). A title is repeated in every report cell that cites it: a
/// 60 MB name made `lexgap report` write 2.6 GB (issue 20, finding 6).
pub const MAX_TITLE: usize = 500;

/// Whether `title` may be over [`MAX_TITLE`] characters: a character takes at least one byte,
/// so a title of at most that many bytes is not (the characters of every title need not be
/// counted, nor the message built).
fn may_be_long(title: &str) -> bool {
    title.len() > MAX_TITLE
}

/// An error for a title over [`MAX_TITLE`], or `None`. The message gives the length, never the
/// title.
pub fn long_title(title: &str, span: Span, what: &str) -> Option<Diagnostic> {
    if !may_be_long(title) {
        return None;
    }
    let n = title.chars().count();
    (n > MAX_TITLE).then(|| {
        Diagnostic::new(
            crate::syntax::parser::EXPECTED,
            format!("{what} is {n} characters long; at most {MAX_TITLE} are accepted"),
        )
        .at(
            span,
            format!("expected a title of at most {MAX_TITLE} characters"),
        )
        .hint("shorten it; a long text belongs in a `text` line")
    })
}

pub fn lint(file: &LawFile, place: &FilePlace, parsed_cleanly: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(long_title(
        &file.header.title.node,
        file.header.title.span,
        "the act's title",
    ));
    for (_, t) in file.header.titles() {
        out.extend(long_title(&t.node, t.span, "the act's title"));
    }
    header(file, place, parsed_cleanly, &mut out);
    let langs: Vec<&str> = file.header.languages().map(|l| l.node.as_str()).collect();
    // Looked up once per article, in no order (a criminal code has thousands): hashed.
    let mut seen: HashMap<&UnitNumber, Span> = HashMap::with_capacity(file.items.len());
    for item in &file.items {
        if let Item::Article(a) = item {
            if let UnitNumber::Known(_) = &a.number.node {
                if let Some(first) = seen.get(&a.number.node) {
                    out.push(duplicate_unit(a, *first));
                } else {
                    seen.insert(&a.number.node, a.number.span);
                }
            }
            unit(a, &langs, parsed_cleanly, &mut out);
        }
    }
    out
}

fn header(file: &LawFile, place: &FilePlace, parsed_cleanly: bool, out: &mut Vec<Diagnostic>) {
    let h = &file.header;
    if h.act.node.is_empty() {
        return; // the parser already reported the missing `act` line
    }
    let mut counts: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    for f in &h.fields {
        let (name, span) = match f {
            HeaderField::Jurisdiction(j, _) => ("jurisdiction", j.span),
            HeaderField::Version(d, _) => ("version", d.span),
            HeaderField::Rendering(r, _) => ("rendering", r.span),
            HeaderField::Verified(v) => ("verified", v.status.span),
            HeaderField::Language(l, _) => ("language", l.first().map_or(h.span, |x| x.span)),
            _ => continue,
        };
        counts.entry(name).or_default().push(span);
    }
    for (name, spans) in &counts {
        if let [first, second, ..] = spans.as_slice() {
            out.push(
                Diagnostic::new(DUPLICATE_FIELD, format!("the header gives `{name}` twice"))
                    .at(*second, "second time")
                    .related(*first, "first time")
                    .hint(format!("keep one `{name}` line")),
            );
        }
    }
    let required = [
        ("jurisdiction", "jurisdiction RS"),
        ("version", "version 2019-12-01"),
        ("language", "language sr-Cyrl, en"),
        ("rendering", "rendering unofficial"),
    ];
    for (name, example) in required {
        if parsed_cleanly && !counts.contains_key(name) {
            out.push(
                Diagnostic::new(MISSING_FIELD, format!("the header has no `{name}` line"))
                    .at(h.span, format!("`{name}` missing under this line"))
                    .hint(format!("add `{example}` indented under the `act` line")),
            );
        }
    }
    if parsed_cleanly && h.sources().next().is_none() {
        out.push(
            Diagnostic::new(MISSING_FIELD, "the header cites no source")
                .at(h.span, "no `source` line under this line")
                .hint("cite the official gazette numbers the text comes from: `source \"Official Gazette 85/2005, 35/2019\"`"),
        );
    }
    if let (Some(j), Some(want)) = (h.jurisdiction(), &place.jurisdiction)
        && j.node != *want
    {
        out.push(
            Diagnostic::new(PATH_MISMATCH, format!("the header says jurisdiction `{}`, but the file is in folder `{want}`", j.node))
                .at(j.span, format!("expected `{want}`"))
                .hint("files live at codes/<JURISDICTION>/<act>/<date>.law; move the file or correct the header"),
        );
    }
    if let Some(want) = &place.act
        && h.act.node != *want
    {
        out.push(
            Diagnostic::new(PATH_MISMATCH, format!("the act id is `{}`, but the file is in folder `{want}`", h.act.node))
                .at(h.act.span, format!("expected `{want}`"))
                .hint("files live at codes/<JURISDICTION>/<act>/<date>.law; move the file or correct the act id"),
        );
    }
    if let (Some(v), Some(want)) = (h.version(), place.date)
        && v.node != want
    {
        out.push(
            Diagnostic::new(PATH_MISMATCH, format!("the header says version {}, but the file is named {want}.law", v.node))
                .at(v.span, format!("expected {want}"))
                .hint("the file name is the date the consolidated text took effect; rename the file or correct `version`"),
        );
    }
}

fn duplicate_unit(u: &Unit, first: Span) -> Diagnostic {
    Diagnostic::new(
        DUPLICATE_UNIT,
        format!("{} {} appears twice", u.kind.keyword(), u.number.node),
    )
    .at(u.number.span, "second time")
    .related(first, "first time")
    .hint("each article, paragraph and point needs its own number; a renumbered unit takes its new number")
}

fn unit(u: &Unit, langs: &[&str], clean: bool, out: &mut Vec<Diagnostic>) {
    if let Some(t) = &u.title
        && may_be_long(&t.node)
    {
        out.extend(long_title(
            &t.node,
            t.span,
            &format!("the {}'s title", u.kind.keyword()),
        ));
    }
    if u.number.node == UnitNumber::Unknown {
        out.push(unknown(
            u.number.span,
            &format!("the {} number is marked unknown", u.kind.keyword()),
        ));
    }
    let mut seen: FirstSeen<(UnitKind, &UnitNumber)> = FirstSeen::new();
    let mut text_langs: FirstSeen<&str> = FirstSeen::new();
    let mut verified: Option<Span> = None;
    for e in &u.body {
        match e {
            Entry::Unit(child) => {
                if let UnitNumber::Known(_) = child.number.node {
                    let key = (child.kind, &child.number.node);
                    if let Some(first) = seen.see(key, child.number.span) {
                        out.push(duplicate_unit(child, first));
                    }
                }
                unit(child, langs, clean, out);
            }
            Entry::Text(t) => {
                if !langs.is_empty() && !langs.contains(&&*t.lang.node) {
                    out.push(
                        Diagnostic::new(
                            UNDECLARED_LANGUAGE,
                            format!(
                                "text in `{}`, a language the header does not list",
                                t.lang.node
                            ),
                        )
                        .at(
                            t.lang.span,
                            format!("expected one of: {}", langs.join(", ")),
                        )
                        .hint(format!(
                            "add `{}` to the header's `language` line, or correct the tag",
                            t.lang.node
                        )),
                    );
                }
                if let Some(first) = text_langs.see(&t.lang.node, t.lang.span) {
                    out.push(
                        Diagnostic::new(DUPLICATE_ENTRY, format!("two `text {}` entries in one unit", t.lang.node))
                            .at(t.lang.span, "second text in this language")
                            .related(first, "first one")
                            .hint("join the two into one text; continuation lines are indented under `text`"),
                    );
                }
            }
            Entry::Verified(v) => {
                if let Some(first) = verified.replace(v.status.span) {
                    out.push(
                        Diagnostic::new(DUPLICATE_ENTRY, "two `verified` lines in one unit")
                            .at(v.status.span, "second one")
                            .related(first, "first one")
                            .hint("keep one `verified` line per unit"),
                    );
                }
            }
            Entry::Offence(o) => offence(u, o, clean, out),
            Entry::Define(d) => values(&d.values, out),
            Entry::Rule(r) => {
                values(&r.covers, out);
                for c in &r.when {
                    if c.node.leaves().iter().any(|l| {
                        matches!(
                            l,
                            Condition::MaxAtLeast {
                                bound: Bound::Unknown,
                                ..
                            }
                        )
                    }) {
                        out.push(unknown(
                            c.span,
                            "the threshold of this condition is marked unknown",
                        ));
                    }
                }
            }
            Entry::Measure(m) => {
                values(&m.values, out);
                for l in &m.lines {
                    match l {
                        MeasureLine::Tag(t) => values(&t.values, out),
                        MeasureLine::Retention { period, .. }
                            if period.node == Retention::For(Bound::Unknown) =>
                        {
                            out.push(unknown(
                                period.span,
                                "the retention period is marked unknown",
                            ));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn offence(u: &Unit, o: &Offence, clean: bool, out: &mut Vec<Diagnostic>) {
    let mut has_tag = false;
    for l in &o.lines {
        match l {
            OffenceLine::Tag(t) => {
                has_tag = true;
                values(&t.values, out);
                if let Some(l) = &t.limit {
                    values(&l.values, out);
                }
            }
            OffenceLine::Penalty(p) => {
                has_tag = true;
                penalty(p, out);
            }
            OffenceLine::Qualifies { .. } => has_tag = true,
            OffenceLine::Expressly { values: v, .. } => values(v, out),
            OffenceLine::Class { .. } | OffenceLine::Comment(_) => {}
        }
    }
    // After a syntax error a tag line may be missing only because it could not be read.
    if clean && !has_tag {
        out.push(
            Diagnostic::new(EMPTY_OFFENCE, format!("the offence in {} {} has no tags", u.kind.keyword(), u.number.node))
                .at(o.span, "no conduct, object or penalty below")
                .hint("tag what the offence reaches (`conduct`, `object`, `penalty` …) so that coverage can use it"),
        );
    }
}

fn values(vs: &[crate::syntax::Spanned<Value>], out: &mut Vec<Diagnostic>) {
    for v in vs {
        if v.node == Value::Unknown {
            out.push(unknown(v.span, "a tag value is marked unknown"));
        }
    }
}

fn unknown(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(UNKNOWN_VALUE, what.to_string())
        .at(span, "unknown (`?`)")
        .hint("replace `?` once the fact is verified against the official text")
}

fn penalty(p: &Penalty, out: &mut Vec<Diagnostic>) {
    for (_, term) in &p.terms {
        match &term.node {
            PenaltyTerm::Unknown => out.push(unknown(term.span, "the penalty is marked unknown")),
            PenaltyTerm::Prison(r) => {
                for b in [&r.min, &r.max].into_iter().flatten() {
                    if b.node == Bound::Unknown {
                        out.push(unknown(b.span, "a penalty bound is marked unknown"));
                    }
                }
                if let (Some(min), Some(max)) = (&r.min, &r.max)
                    && let (Bound::Known(lo), Bound::Known(hi)) = (min.node, max.node)
                    && lo > hi
                {
                    out.push(
                        Diagnostic::new(
                            PENALTY_RANGE,
                            format!("the minimum ({lo}) is above the maximum ({hi})"),
                        )
                        .at(min.span.to(max.span), "minimum above maximum")
                        .hint(format!("did you mean `{hi}..{lo}`?")),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_seen_answers_the_first_place_past_the_small_array() {
        let mut seen = super::FirstSeen::new();
        let sp = |i: usize| super::Span::new(i, i + 1);
        for i in 0..40usize {
            assert_eq!(
                seen.see(i % 25, sp(i)),
                (i >= 25).then(|| sp(i - 25)),
                "{i}"
            );
        }
    }

    use super::*;
    use crate::syntax::parse_law;

    fn codes(src: &str, place: &FilePlace) -> Vec<&'static str> {
        let (f, d) = parse_law(src);
        assert!(d.is_empty(), "{d:#?}");
        lint(&f, place, true).iter().map(|d| d.code.id).collect()
    }

    const HEADER: &str = "act criminal-code \"CC\"\n  jurisdiction RS\n  version 2019-12-01\n  source \"SG\"\n  language en\n  rendering unofficial\n";

    #[test]
    fn clean_file() {
        assert!(codes(HEADER, &FilePlace::default()).is_empty());
    }

    #[test]
    fn place_only_from_codes_layout() {
        assert!(
            FilePlace::from_path(std::path::Path::new("tests/fixtures/x.law"))
                .jurisdiction
                .is_none()
        );
        let p = FilePlace::from_path(std::path::Path::new(
            "w/codes/ME/criminal-code/2023-12-27.law",
        ));
        assert_eq!(p.jurisdiction.as_deref(), Some("ME"));
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2023-12-27"));
    }

    #[test]
    fn path_mismatch() {
        let place = FilePlace::from_path(std::path::Path::new(
            "codes/ME/criminal-code/2019-12-02.law",
        ));
        assert_eq!(codes(HEADER, &place), ["E0205", "E0205"]);
    }

    #[test]
    fn duplicates_and_ranges() {
        let src = format!(
            "{HEADER}article 1\n  para 1\n    offence\n      penalty prison 5y..1y\n  para 1\narticle 1\n"
        );
        assert_eq!(
            codes(&src, &FilePlace::default()),
            ["E0204", "E0203", "E0203"]
        );
    }

    #[test]
    fn unknowns_warn() {
        let src = format!("{HEADER}article ?\n  offence\n    object ?\n    penalty prison ?..5y\n");
        assert_eq!(
            codes(&src, &FilePlace::default()),
            ["W0202", "W0202", "W0202"]
        );
    }

    /// The limit counts characters, not bytes: the byte-length shortcut lets no long title
    /// through and stops none that is within the limit.
    #[test]
    fn a_title_is_measured_in_characters() {
        let titled = |t: String| format!("{HEADER}article 1 \"{t}\"\n  para 1 \"{t}\"\n");
        let at_limit = "ж".repeat(MAX_TITLE);
        assert!(codes(&titled(at_limit), &FilePlace::default()).is_empty());
        let over = "ж".repeat(MAX_TITLE + 1);
        assert_eq!(
            codes(&titled(over), &FilePlace::default()),
            ["E0102", "E0102"]
        );
        assert!(codes(&titled("a".repeat(MAX_TITLE)), &FilePlace::default()).is_empty());
        let over = "a".repeat(MAX_TITLE + 1);
        assert_eq!(
            codes(&titled(over), &FilePlace::default()),
            ["E0102", "E0102"]
        );
    }

    /// Each article number seen again is reported, pointing at its first place, in file order.
    #[test]
    fn every_repeated_article_number_points_at_its_first() {
        let src = format!(
            "{HEADER}article 2\narticle 1\narticle 2\narticle 1\narticle ?\narticle ?\narticle 2\n"
        );
        let (f, d) = parse_law(&src);
        assert!(d.is_empty(), "{d:#?}");
        let found: Vec<(String, usize)> = lint(&f, &FilePlace::default(), true)
            .iter()
            .filter(|d| d.code.id == "E0203")
            .map(|d| {
                let first = d.related.first().map_or(0, |r| r.span.start as usize);
                (d.message.clone(), first)
            })
            .collect();
        let first_2 = src.find("article 2").unwrap_or(0) + "article ".len();
        let first_1 = src.find("article 1").unwrap_or(0) + "article ".len();
        assert_eq!(
            found,
            [
                ("article 2 appears twice".to_string(), first_2),
                ("article 1 appears twice".to_string(), first_1),
                ("article 2 appears twice".to_string(), first_2),
            ]
        );
    }

    #[test]
    fn offence_without_tags_warns() {
        let src = format!("{HEADER}article 1\n  offence\n    # to do\n");
        assert_eq!(codes(&src, &FilePlace::default()), ["W0201"]);
    }
}
