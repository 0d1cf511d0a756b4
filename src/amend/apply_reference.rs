//! The algorithm `apply` had before finding 12 (hostile input: applying a bill was quadratic),
//! kept for the tests only: each operation scans its unit's siblings. The property test at the
//! end checks that the indexed `apply` gives the same consolidated text, inverse and located
//! errors as this one on random bills over random acts.
//!
//! What follows is the module documentation it had.
//!
//! Operations apply one after the other, in the order the bill lists them, each to the text the
//! previous ones left — which is how an amending act is read. Nothing is applied silently: an
//! operation whose target does not exist, an insertion or renumbering onto a number already
//! taken, and a reference left pointing at a unit the bill repealed or renumbered are errors at
//! the bill's line and column. Every error is reported, not just the first; an operation that
//! fails is skipped so that the later ones can still be checked.
//!
//! Units keep an identity through the application (a renumbered paragraph is still the same
//! paragraph), which is what lets the reference check tell "`para 2` still means the paragraph
//! it meant" from "`para 2` now means a different paragraph".

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::ast::*;
use crate::syntax::bill::{Action, BillFile, Operation, Position, target_kind};
use crate::syntax::lint::UNDECLARED_LANGUAGE;
use crate::syntax::{Span, Spanned};

use super::apply::{DANGLING_REFERENCE, NO_SUCH_UNIT, NUMBER_TAKEN, OTHER_VERSION, WRONG_ACT};

use super::apply::Amended;

/// Applies `bill` to `base`, the act version it amends. Pure: no I/O, no clock. Errors carry
/// spans into the bill (the caller knows its file).
pub fn apply(bill: &BillFile, base: &LawFile) -> Result<Amended, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if let Some(amends) = &bill.header.amends {
        if amends.node.act != base.header.act.node {
            errors.push(
                Diagnostic::new(
                    WRONG_ACT,
                    format!(
                        "the bill amends `{}`, but was applied to `{}`",
                        amends.node.act, base.header.act.node
                    ),
                )
                .at(amends.span, "the act amended")
                .hint("apply the bill to a version of the act it names"),
            );
            return Err(errors);
        }
        if let Some(v) = base.header.version()
            && v.node != amends.node.version
        {
            warnings.push(
                Diagnostic::new(
                    OTHER_VERSION,
                    format!(
                        "the bill amends the version of {}, but was applied to the version of {}",
                        amends.node.version, v.node
                    ),
                )
                .at(amends.span, "the version the bill names")
                .hint("the result is what the bill would do to that other version; check that its targets still mean the same units"),
            );
        }
    }

    let mut w = Work::lift(base);
    let original = w.index();
    let mut inverse = Vec::new();
    for (i, op) in bill.operations().enumerate() {
        match w.apply_op(i, op) {
            Ok(inv) => inverse.push(inv),
            Err(d) => errors.push(*d),
        }
    }
    let languages: Vec<&str> = base.header.languages().map(|l| l.node.as_str()).collect();
    w.check_languages(&languages, &mut errors);
    if errors.is_empty() {
        let ops: Vec<&Operation> = bill.operations().collect();
        w.check_references(&original, &ops, bill.header.span, &mut errors);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        return Err(errors);
    }
    inverse.reverse();
    let mut law = w.lower();
    consolidate_header(&mut law.header, bill);
    Ok(Amended {
        law,
        inverse,
        warnings,
    })
}

/// The header of the consolidated text: the bill's effective date becomes the version, and the
/// bill's sources are cited after the amended version's.
fn consolidate_header(h: &mut Header, bill: &BillFile) {
    if let Some(eff) = bill.header.effective() {
        for f in &mut h.fields {
            if let HeaderField::Version(d, _) = f {
                d.node = eff.node;
            }
        }
    }
    let at = h
        .fields
        .iter()
        .rposition(|f| matches!(f, HeaderField::Source(..)))
        .map_or(h.fields.len(), |i| i + 1);
    let new: Vec<HeaderField> = bill
        .header
        .sources()
        .filter(|s| !h.sources().any(|old| old.node == s.node))
        .map(|s| HeaderField::Source(s.clone(), None))
        .collect();
    let tail = h.fields.split_off(at.min(h.fields.len()));
    h.fields.extend(new);
    h.fields.extend(tail);
}

// -------------------------------------------------------------------- the working tree

/// One step of a path: the unit's kind and its number.
type Seg = (UnitKind, String);

/// A unit while the bill is being applied.
#[derive(Clone, Debug)]
struct Node {
    /// The identity of a unit of the amended text; `None` for a unit the bill brings.
    id: Option<usize>,
    /// Whether the unit's own entries (text, tags, references) are the amended text's, i.e. no
    /// operation replaced them.
    from_base: bool,
    kind: UnitKind,
    number: Spanned<UnitNumber>,
    title: Option<Spanned<String>>,
    trailing: Option<Comment>,
    span: Span,
    body: Vec<Slot>,
}

#[derive(Clone, Debug)]
enum Slot {
    Entry(Entry),
    Unit(Node),
}

#[derive(Clone, Debug)]
enum Top {
    Item(Item),
    Article(Node),
}

/// What happened to a unit of the amended text, and which operation did it.
#[derive(Clone, Copy, Debug)]
enum Fate {
    Repealed(usize),
    Renumbered(usize),
    /// Its parent was replaced by content without a unit of this number.
    Dropped(usize),
}

struct Work {
    header: Header,
    tops: Vec<Top>,
    fates: BTreeMap<usize, Fate>,
}

/// Where the units of a tree are: path → identity and identity → path.
struct Index {
    by_path: BTreeMap<Vec<Seg>, Option<usize>>,
    by_id: BTreeMap<usize, Vec<Seg>>,
}

fn known(n: &UnitNumber) -> Option<String> {
    match n {
        UnitNumber::Known(s) => Some(s.clone()),
        UnitNumber::Unknown | UnitNumber::Unreadable => None,
    }
}

/// The path a target reference names; `None` when it has `?` or names no article.
fn ref_path(r: &Ref) -> Option<Vec<Seg>> {
    let mut out = vec![(UnitKind::Article, known(&r.article.as_ref()?.node)?)];
    if let Some(p) = &r.para {
        out.push((UnitKind::Para, known(&p.node)?));
    }
    for p in &r.points {
        out.push((UnitKind::Point, known(&p.node)?));
    }
    Some(out)
}

fn describe(path: &[Seg]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|(k, n)| format!("{} {n}", k.keyword()))
        .collect();
    parts.join(" ")
}

fn is_unit(n: &Node, kind: UnitKind, number: &str) -> bool {
    n.kind == kind && matches!(&n.number.node, UnitNumber::Known(s) if s == number)
}

impl Node {
    fn lift(u: &Unit, next_id: &mut usize) -> Node {
        let id = *next_id;
        *next_id += 1;
        Node {
            id: Some(id),
            from_base: true,
            kind: u.kind,
            number: u.number.clone(),
            title: u.title.clone(),
            trailing: u.trailing.clone(),
            span: u.span,
            body: u
                .body
                .iter()
                .map(|e| match e {
                    Entry::Unit(c) => Slot::Unit(Node::lift(c, next_id)),
                    other => Slot::Entry(other.clone()),
                })
                .collect(),
        }
    }

    /// A unit the bill brings. Sub-units that have the number of a sub-unit of `old` (the unit
    /// it replaces) take over that sub-unit's identity, so that references to "para 2" keep
    /// meaning the replaced article's paragraph 2.
    fn from_bill(kind: UnitKind, body: &[Entry], old: Option<&Node>) -> Node {
        let body = body
            .iter()
            .map(|e| match e {
                Entry::Unit(c) => {
                    let prior = old.and_then(|o| {
                        o.children().find(|n| {
                            n.kind == c.kind && known(&n.number.node) == known(&c.number.node)
                        })
                    });
                    let mut n = Node::from_bill(c.kind, &c.body, prior);
                    n.id = prior.and_then(|p| p.id);
                    n.number = c.number.clone();
                    n.title = c.title.clone();
                    n.trailing = c.trailing.clone();
                    n.span = c.span;
                    Slot::Unit(n)
                }
                other => Slot::Entry(other.clone()),
            })
            .collect();
        Node {
            id: old.and_then(|o| o.id),
            from_base: false,
            kind,
            number: Spanned::new(UnitNumber::Unknown, Span::default()),
            title: None,
            trailing: None,
            span: Span::default(),
            body,
        }
    }

    fn lower(self) -> Unit {
        Unit {
            kind: self.kind,
            number: self.number,
            title: self.title,
            trailing: self.trailing,
            span: self.span,
            body: self
                .body
                .into_iter()
                .map(|s| match s {
                    Slot::Entry(e) => e,
                    Slot::Unit(n) => Entry::Unit(n.lower()),
                })
                .collect(),
        }
    }

    fn children(&self) -> impl Iterator<Item = &Node> {
        self.body.iter().filter_map(|s| match s {
            Slot::Unit(n) => Some(n),
            Slot::Entry(_) => None,
        })
    }

    fn ids(&self, out: &mut Vec<usize>) {
        out.extend(self.id);
        for c in self.children() {
            c.ids(out);
        }
    }
}

/// The siblings among which a unit is looked up: the act's articles, or a unit's sub-units.
enum Container<'a> {
    Act(&'a mut Vec<Top>),
    Unit(&'a mut Node),
}

impl Container<'_> {
    fn position(&self, kind: UnitKind, number: &str) -> Option<usize> {
        match self {
            Container::Act(tops) => tops
                .iter()
                .position(|t| matches!(t, Top::Article(n) if is_unit(n, kind, number))),
            Container::Unit(node) => node
                .body
                .iter()
                .position(|s| matches!(s, Slot::Unit(n) if is_unit(n, kind, number))),
        }
    }

    fn numbers(&self, kind: UnitKind) -> Vec<String> {
        let nodes: Vec<&Node> = match self {
            Container::Act(tops) => tops
                .iter()
                .filter_map(|t| match t {
                    Top::Article(n) => Some(n),
                    Top::Item(_) => None,
                })
                .collect(),
            Container::Unit(node) => node.children().collect(),
        };
        nodes
            .into_iter()
            .filter(|n| n.kind == kind)
            .filter_map(|n| known(&n.number.node))
            .collect()
    }

    fn node_at(&mut self, i: usize) -> Option<&mut Node> {
        match self {
            Container::Act(tops) => match tops.get_mut(i) {
                Some(Top::Article(n)) => Some(n),
                _ => None,
            },
            Container::Unit(node) => match node.body.get_mut(i) {
                Some(Slot::Unit(n)) => Some(n),
                _ => None,
            },
        }
    }

    fn remove(&mut self, i: usize) -> Option<Node> {
        match self {
            Container::Act(tops) if i < tops.len() => match tops.remove(i) {
                Top::Article(n) => Some(n),
                Top::Item(_) => None,
            },
            Container::Unit(node) if i < node.body.len() => match node.body.remove(i) {
                Slot::Unit(n) => Some(n),
                Slot::Entry(_) => None,
            },
            _ => None,
        }
    }

    fn insert(&mut self, i: usize, n: Node) {
        match self {
            Container::Act(tops) => {
                let i = i.min(tops.len());
                tops.insert(i, Top::Article(n));
            }
            Container::Unit(node) => {
                let i = i.min(node.body.len());
                node.body.insert(i, Slot::Unit(n));
            }
        }
    }

    /// Where a unit inserted before the one at `i` goes: above the comments standing directly
    /// above it, which belong to it.
    fn before(&self, mut i: usize) -> usize {
        let is_comment = |j: usize| match self {
            Container::Act(tops) => matches!(tops.get(j), Some(Top::Item(Item::Comment(_)))),
            Container::Unit(node) => {
                matches!(node.body.get(j), Some(Slot::Entry(Entry::Comment(_))))
            }
        };
        while i > 0 && is_comment(i - 1) {
            i -= 1;
        }
        i
    }

    /// Where a unit appended to this container goes: after the last unit; in a unit without
    /// sub-units, after its last entry other than comments and `verified` (which close a unit).
    fn end(&self) -> usize {
        match self {
            Container::Act(tops) => tops
                .iter()
                .rposition(|t| matches!(t, Top::Article(_)))
                .map_or(tops.len(), |i| i + 1),
            Container::Unit(node) => {
                if let Some(i) = node.body.iter().rposition(|s| matches!(s, Slot::Unit(_))) {
                    return i + 1;
                }
                node.body
                    .iter()
                    .rposition(|s| {
                        !matches!(
                            s,
                            Slot::Entry(Entry::Comment(_)) | Slot::Entry(Entry::Verified(_))
                        )
                    })
                    .map_or(0, |i| i + 1)
            }
        }
    }
}

/// A located failure of one operation.
type OpResult<T> = Result<T, Box<Diagnostic>>;

fn not_found(span: Span, path: &[Seg], known: &[String], what: &str) -> Box<Diagnostic> {
    let Some((kind, number)) = path.last() else {
        return Box::new(Diagnostic::new(NO_SUCH_UNIT, "no unit named").at(span, "here"));
    };
    let mut d = Diagnostic::new(
        NO_SUCH_UNIT,
        format!("the text amended has no {}", describe(path)),
    )
    .at(span, format!("{what} not found"));
    // Short numbers are all one edit apart; a suggestion only helps for longer labels (403a).
    let suggestion = if number.chars().count() >= 3 {
        did_you_mean(number, known.iter().map(String::as_str))
    } else {
        None
    };
    if let Some(s) = suggestion {
        d = d.hint(format!("did you mean {} {s}?", kind.keyword()));
    } else if !known.is_empty() {
        let list: Vec<String> = known.iter().take(12).cloned().collect();
        let parent = path.get(..path.len().saturating_sub(1)).unwrap_or(&[]);
        let owner = if parent.is_empty() {
            "the text".to_string()
        } else {
            describe(parent)
        };
        let kinds = match kind {
            UnitKind::Article => "articles",
            UnitKind::Para => "paras",
            UnitKind::Point => "points",
        };
        d = d.hint(format!(
            "{owner} has {kinds} {}{}",
            list.join(", "),
            if known.len() > 12 { ", …" } else { "" }
        ));
    } else {
        d = d.hint(
            "check the number against the version the bill amends (operations apply in order: an earlier one may have renumbered or repealed it)",
        );
    }
    Box::new(d)
}

impl Work {
    fn lift(law: &LawFile) -> Work {
        let mut next_id = 0;
        let tops = law
            .items
            .iter()
            .map(|i| match i {
                Item::Article(u) => Top::Article(Node::lift(u, &mut next_id)),
                other => Top::Item(other.clone()),
            })
            .collect();
        Work {
            header: law.header.clone(),
            tops,
            fates: BTreeMap::new(),
        }
    }

    fn lower(self) -> LawFile {
        LawFile {
            header: self.header,
            items: self
                .tops
                .into_iter()
                .map(|t| match t {
                    Top::Item(i) => i,
                    Top::Article(n) => Item::Article(n.lower()),
                })
                .collect(),
        }
    }

    /// The container holding the unit at `path` (its parent), or `None` with the prefix that
    /// could not be found.
    fn container(&mut self, path: &[Seg]) -> Result<Container<'_>, usize> {
        let Some((_, parents)) = path.split_last() else {
            return Err(0);
        };
        let mut current = Container::Act(&mut self.tops);
        for (depth, (kind, number)) in parents.iter().enumerate() {
            let Some(i) = current.position(*kind, number) else {
                return Err(depth + 1);
            };
            let next = match current {
                Container::Act(tops) => match tops.get_mut(i) {
                    Some(Top::Article(n)) => n,
                    _ => return Err(depth + 1),
                },
                Container::Unit(node) => match node.body.get_mut(i) {
                    Some(Slot::Unit(n)) => n,
                    _ => return Err(depth + 1),
                },
            };
            current = Container::Unit(next);
        }
        Ok(current)
    }

    /// The container of `path` and the index of its unit there, or a located "no such unit".
    fn locate(&mut self, r: &Spanned<Ref>, what: &str) -> OpResult<(Vec<Seg>, usize)> {
        let Some(path) = ref_path(&r.node) else {
            return Err(Box::new(
                Diagnostic::new(
                    NO_SUCH_UNIT,
                    format!("`{}` does not name a unit by number", r.node),
                )
                .at(r.span, "not a full unit path")
                .hint("name the unit from its article down, with known numbers"),
            ));
        };
        let found = match self.container(&path) {
            Ok(c) => {
                let (kind, number) = path
                    .last()
                    .cloned()
                    .unwrap_or((UnitKind::Article, String::new()));
                match c.position(kind, &number) {
                    Some(i) => Ok(i),
                    None => Err((path.len(), c.numbers(kind))),
                }
            }
            Err(depth) => Err((depth, Vec::new())),
        };
        match found {
            Ok(i) => Ok((path, i)),
            Err((depth, siblings)) => {
                let prefix = path.get(..depth).unwrap_or(&path).to_vec();
                let siblings = if depth == path.len() {
                    siblings
                } else {
                    // The missing part is an ancestor: list its siblings instead.
                    let kind = prefix.last().map_or(UnitKind::Article, |(k, _)| *k);
                    self.container(&prefix)
                        .map(|c| c.numbers(kind))
                        .unwrap_or_default()
                };
                Err(not_found(r.span, &prefix, &siblings, what))
            }
        }
    }

    fn apply_op(&mut self, i: usize, op: &Operation) -> OpResult<Operation> {
        match &op.action {
            Action::Replace {
                target,
                title,
                body,
            } => {
                let (path, idx) = self.locate(target, "unit")?;
                let mut c = self.container(&path).map_err(|_| internal(op.span))?;
                let old = c.node_at(idx).ok_or_else(|| internal(op.span))?;
                let mut new = Node::from_bill(old.kind, body, Some(old));
                new.number = old.number.clone();
                new.title = title.clone();
                new.trailing = op.trailing.clone();
                new.span = op.span;
                let replaced = std::mem::replace(old, new);
                let mut kept = Vec::new();
                old.ids(&mut kept);
                let mut before = Vec::new();
                replaced.ids(&mut before);
                for id in before {
                    if !kept.contains(&id) {
                        self.fates.entry(id).or_insert(Fate::Dropped(i));
                    }
                }
                let inv_target = target.clone();
                Ok(Operation {
                    action: Action::Replace {
                        target: inv_target,
                        title: replaced.title.clone(),
                        body: replaced.clone().lower().body,
                    },
                    trailing: replaced.trailing,
                    span: op.span,
                })
            }
            Action::Insert {
                kind,
                number,
                position,
                title,
                body,
            } => {
                let Some(num) = known(&number.node) else {
                    return Err(Box::new(
                        Diagnostic::new(NO_SUCH_UNIT, "an inserted unit needs a known number")
                            .at(number.span, "`?` here"),
                    ));
                };
                let (parent, at) = match position {
                    Position::Before(r) | Position::After(r) => {
                        if target_kind(&r.node) != *kind {
                            return Err(Box::new(
                                Diagnostic::new(
                                    NO_SUCH_UNIT,
                                    format!(
                                        "a new {} cannot go next to {}",
                                        kind.keyword(),
                                        r.node
                                    ),
                                )
                                .at(r.span, "not a sibling of the new unit"),
                            ));
                        }
                        let (path, idx) = self.locate(r, "unit to insert next to")?;
                        let parent = path
                            .get(..path.len().saturating_sub(1))
                            .unwrap_or(&[])
                            .to_vec();
                        let c = self.container(&path).map_err(|_| internal(op.span))?;
                        let at = if matches!(position, Position::Before(_)) {
                            c.before(idx)
                        } else {
                            idx + 1
                        };
                        (parent, at)
                    }
                    Position::In(r) => {
                        let (path, _) = self.locate(r, "unit to insert in")?;
                        if *kind == UnitKind::Article
                            || (*kind == UnitKind::Para && path.len() != 1)
                        {
                            return Err(Box::new(
                                Diagnostic::new(
                                    NO_SUCH_UNIT,
                                    format!("a {} cannot go in {}", kind.keyword(), r.node),
                                )
                                .at(r.span, "not a possible parent"),
                            ));
                        }
                        let mut child = path.clone();
                        child.push((*kind, num.clone()));
                        let c = self.container(&child).map_err(|_| internal(op.span))?;
                        (path, c.end())
                    }
                    Position::AtEnd(span) => {
                        if *kind != UnitKind::Article {
                            return Err(Box::new(
                                Diagnostic::new(
                                    NO_SUCH_UNIT,
                                    "only an article can go at the end of the act",
                                )
                                .at(*span, "here"),
                            ));
                        }
                        let c = Container::Act(&mut self.tops);
                        (Vec::new(), c.end())
                    }
                };
                let mut path = parent.clone();
                path.push((*kind, num.clone()));
                let mut c = self.container(&path).map_err(|_| internal(op.span))?;
                if let Some(taken) = c.position(*kind, &num) {
                    let _ = taken;
                    return Err(Box::new(
                        Diagnostic::new(
                            NUMBER_TAKEN,
                            format!("the text amended already has {}", describe(&path)),
                        )
                        .at(number.span, "this number is taken")
                        .hint("insert under a free number, or renumber the existing unit first (operations apply in order)"),
                    ));
                }
                let mut new = Node::from_bill(*kind, body, None);
                new.number = number.clone();
                new.title = title.clone();
                new.trailing = op.trailing.clone();
                new.span = op.span;
                c.insert(at, new);
                Ok(Operation {
                    action: Action::Repeal {
                        target: Spanned::new(path_ref(&path), number.span),
                    },
                    trailing: None,
                    span: op.span,
                })
            }
            Action::Repeal { target } => {
                let (path, idx) = self.locate(target, "unit")?;
                let mut c = self.container(&path).map_err(|_| internal(op.span))?;
                let (kind, _) = path.last().cloned().ok_or_else(|| internal(op.span))?;
                // Where to put it back: after the sibling before it, else before the one after,
                // else in its parent.
                let position = {
                    let siblings: Vec<(usize, String)> = sibling_numbers(&c, kind);
                    let prev = siblings.iter().rev().find(|(j, _)| *j < idx);
                    let next = siblings.iter().find(|(j, _)| *j > idx);
                    let parent = path
                        .get(..path.len().saturating_sub(1))
                        .unwrap_or(&[])
                        .to_vec();
                    let at = |n: &String| {
                        let mut p = parent.clone();
                        p.push((kind, n.clone()));
                        Spanned::new(path_ref(&p), target.span)
                    };
                    match (prev, next) {
                        (Some((_, n)), _) => Position::After(at(n)),
                        (None, Some((_, n))) => Position::Before(at(n)),
                        (None, None) if parent.is_empty() => Position::AtEnd(target.span),
                        (None, None) => Position::In(Spanned::new(path_ref(&parent), target.span)),
                    }
                };
                let removed = c.remove(idx).ok_or_else(|| internal(op.span))?;
                let mut ids = Vec::new();
                removed.ids(&mut ids);
                for id in ids {
                    self.fates.entry(id).or_insert(Fate::Repealed(i));
                }
                let unit = removed.lower();
                Ok(Operation {
                    action: Action::Insert {
                        kind: unit.kind,
                        number: unit.number,
                        position,
                        title: unit.title,
                        body: unit.body,
                    },
                    trailing: unit.trailing,
                    span: op.span,
                })
            }
            Action::Renumber { target, to } => {
                let (path, idx) = self.locate(target, "unit")?;
                let Some(new_number) = known(&to.node) else {
                    return Err(Box::new(
                        Diagnostic::new(NO_SUCH_UNIT, "a unit cannot be renumbered to `?`")
                            .at(to.span, "`?` here"),
                    ));
                };
                let mut c = self.container(&path).map_err(|_| internal(op.span))?;
                let (kind, old_number) = path.last().cloned().ok_or_else(|| internal(op.span))?;
                if old_number != new_number && c.position(kind, &new_number).is_some() {
                    let mut taken = path.clone();
                    if let Some(last) = taken.last_mut() {
                        last.1 = new_number.clone();
                    }
                    return Err(Box::new(
                        Diagnostic::new(
                            NUMBER_TAKEN,
                            format!("the text already has {}", describe(&taken)),
                        )
                        .at(to.span, "this number is taken")
                        .hint("renumber the units after it first, starting from the last (operations apply in order)"),
                    ));
                }
                let node = c.node_at(idx).ok_or_else(|| internal(op.span))?;
                let old = std::mem::replace(&mut node.number, to.clone());
                if let Some(id) = node.id {
                    self.fates.entry(id).or_insert(Fate::Renumbered(i));
                }
                let mut new_path = path.clone();
                if let Some(last) = new_path.last_mut() {
                    last.1 = new_number;
                }
                Ok(Operation {
                    action: Action::Renumber {
                        target: Spanned::new(path_ref(&new_path), to.span),
                        to: old,
                    },
                    trailing: None,
                    span: op.span,
                })
            }
        }
    }

    // ---------------------------------------------------------------- checks on the result

    fn index(&self) -> Index {
        fn walk(n: &Node, path: &mut Vec<Seg>, idx: &mut Index) {
            let Some(number) = known(&n.number.node) else {
                return;
            };
            path.push((n.kind, number));
            idx.by_path.entry(path.clone()).or_insert(n.id);
            if let Some(id) = n.id {
                idx.by_id.insert(id, path.clone());
            }
            for c in n.children() {
                walk(c, path, idx);
            }
            path.pop();
        }
        let mut idx = Index {
            by_path: BTreeMap::new(),
            by_id: BTreeMap::new(),
        };
        for t in &self.tops {
            if let Top::Article(n) = t {
                walk(n, &mut Vec::new(), &mut idx);
            }
        }
        idx
    }

    /// Texts the bill brings must be in a language the amended version declares.
    fn check_languages(&self, languages: &[&str], errors: &mut Vec<Diagnostic>) {
        fn walk(n: &Node, languages: &[&str], errors: &mut Vec<Diagnostic>) {
            if !n.from_base {
                for s in &n.body {
                    if let Slot::Entry(Entry::Text(t)) = s
                        && !languages.contains(&&*t.lang.node)
                    {
                        errors.push(
                            Diagnostic::new(
                                UNDECLARED_LANGUAGE,
                                format!(
                                    "text in `{}`, a language the amended act does not list",
                                    t.lang.node
                                ),
                            )
                            .at(
                                t.lang.span,
                                format!("expected one of: {}", languages.join(", ")),
                            )
                            .hint("write the text in a language of the act's `language` line"),
                        );
                    }
                }
            }
            for c in n.children() {
                walk(c, languages, errors);
            }
        }
        if languages.is_empty() {
            return;
        }
        for t in &self.tops {
            if let Top::Article(n) = t {
                walk(n, languages, errors);
            }
        }
    }

    /// No reference may be left pointing at a unit the bill repealed or renumbered, and every
    /// reference the bill writes must resolve in the result. Left-behind references are grouped
    /// per operation and unit, so one repeal gives one error listing everything that still
    /// refers to the repealed unit.
    fn check_references(
        &self,
        original: &Index,
        ops: &[&Operation],
        bill_span: Span,
        errors: &mut Vec<Diagnostic>,
    ) {
        let now = self.index();
        // (operation, unit referred to) → the units still referring to it, with the reference.
        let mut left: BTreeMap<(usize, usize), Vec<(String, String)>> = BTreeMap::new();
        let mut visit = |n: &Node, here: &[Seg]| {
            for r in node_refs(n) {
                if r.node.act.is_some() {
                    continue; // another act, or an explicit own-act reference: left to `model`
                }
                let after = resolve(&now, here, &r.node);
                if n.from_base {
                    let Some(then_here) = n.id.and_then(|id| original.by_id.get(&id)) else {
                        continue;
                    };
                    let Some(Some(target)) = resolve(original, then_here, &r.node) else {
                        continue; // did not resolve before the bill either: not the bill's doing
                    };
                    if after != Some(Some(target)) {
                        let op = match self.fates.get(&target) {
                            Some(Fate::Repealed(i) | Fate::Renumbered(i) | Fate::Dropped(i)) => *i,
                            None => usize::MAX,
                        };
                        left.entry((op, target))
                            .or_default()
                            .push((describe(here), r.node.to_string()));
                    }
                } else if after == Some(None) {
                    let (message, hint) = match resolve(original, here, &r.node) {
                        Some(Some(t)) if self.fates.contains_key(&t) => (
                            format!(
                                "`{}` refers to a unit this bill repeals or renumbers",
                                r.node
                            ),
                            "refer to the unit by its number after the bill",
                        ),
                        _ => (
                            format!(
                                "`{}` refers to a unit the amended text does not have",
                                r.node
                            ),
                            "check the number; a reference must name a unit of the text as the bill leaves it",
                        ),
                    };
                    errors.push(
                        Diagnostic::new(DANGLING_REFERENCE, message)
                            .at(r.span, "no such unit after the bill")
                            .hint(hint),
                    );
                }
            }
        };
        fn walk(n: &Node, path: &mut Vec<Seg>, visit: &mut dyn FnMut(&Node, &[Seg])) {
            let Some(number) = known(&n.number.node) else {
                return;
            };
            path.push((n.kind, number));
            visit(n, path);
            for c in n.children() {
                walk(c, path, visit);
            }
            path.pop();
        }
        for t in &self.tops {
            if let Top::Article(n) = t {
                walk(n, &mut Vec::new(), &mut visit);
            }
        }
        for ((op, target), referrers) in left {
            let target_path = original.by_id.get(&target).cloned().unwrap_or_default();
            let list: Vec<String> = referrers
                .iter()
                .map(|(who, r)| format!("{who} (`{r}`)"))
                .collect();
            let refer = if referrers.len() == 1 {
                "refers"
            } else {
                "refer"
            };
            let message = match self.fates.get(&target) {
                Some(Fate::Repealed(_)) => format!(
                    "this operation repeals {}, but {} still {refer} to it",
                    describe(&target_path),
                    list.join(", ")
                ),
                Some(Fate::Renumbered(_)) => format!(
                    "this operation renumbers {}{}, but {} still {refer} to it by its old number",
                    describe(&target_path),
                    now.by_id
                        .get(&target)
                        .and_then(|p| p.last())
                        .map(|(_, n)| format!(" to {n}"))
                        .unwrap_or_default(),
                    list.join(", ")
                ),
                Some(Fate::Dropped(_)) => format!(
                    "this replacement leaves out {}, but {} still {refer} to it",
                    describe(&target_path),
                    list.join(", ")
                ),
                None => format!(
                    "{} is no longer where {} {refer} to it",
                    describe(&target_path),
                    list.join(", ")
                ),
            };
            let span = ops.get(op).map_or(bill_span, |o| o.span);
            errors.push(
                Diagnostic::new(DANGLING_REFERENCE, message)
                .at(span, "leaves a reference dangling")
                .hint("replace the referring units with text whose references are updated, in this bill"),
            );
        }
    }
}

fn internal(span: Span) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            NO_SUCH_UNIT,
            "the unit could not be found again after locating it",
        )
        .at(span, "here")
        .hint("this is a bug in lexgap; please report it with the bill"),
    )
}

fn sibling_numbers(c: &Container<'_>, kind: UnitKind) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    match c {
        Container::Act(tops) => {
            for (j, t) in tops.iter().enumerate() {
                if let Top::Article(n) = t
                    && n.kind == kind
                    && let Some(s) = known(&n.number.node)
                {
                    out.push((j, s));
                }
            }
        }
        Container::Unit(node) => {
            for (j, s) in node.body.iter().enumerate() {
                if let Slot::Unit(n) = s
                    && n.kind == kind
                    && let Some(s) = known(&n.number.node)
                {
                    out.push((j, s));
                }
            }
        }
    }
    out
}

/// A path as a reference (`article 403 para 2`).
fn path_ref(path: &[Seg]) -> Ref {
    let mut r = Ref::default();
    for (kind, n) in path {
        let n = Spanned::new(UnitNumber::Known(n.clone()), Span::default());
        match kind {
            UnitKind::Article => r.article = Some(n),
            UnitKind::Para => r.para = Some(n),
            UnitKind::Point => r.points.push(n),
        }
    }
    r
}

/// The references a unit's own entries make (not those of its sub-units).
fn node_refs(n: &Node) -> Vec<&Spanned<Ref>> {
    let mut out = Vec::new();
    for s in &n.body {
        let Slot::Entry(e) = s else { continue };
        match e {
            Entry::See(see) => out.extend(see.refs.iter()),
            Entry::Offence(o) => {
                if let Some((_, refs)) = o.bases() {
                    out.extend(refs.iter());
                }
            }
            Entry::Rule(rule) => {
                for c in rule.when.iter().flat_map(|c| c.node.leaves()) {
                    if let Condition::Listed(refs) = c {
                        out.extend(refs.iter());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Resolves a reference standing in the unit at `here`, as the model does: `article …` from the
/// act; `para N …` in the same article; `point X` in this unit, else among its siblings.
/// `None`: it names no unit by number (`?`); `Some(None)`: no such unit; `Some(Some(id))`: a
/// unit of the amended text (`Some(Some)` is also returned, with the identity `usize::MAX`, for
/// a unit the bill brings).
fn resolve(idx: &Index, here: &[Seg], r: &Ref) -> Option<Option<usize>> {
    let mut tail = Vec::new();
    if let Some(a) = &r.article {
        tail.push((UnitKind::Article, known(&a.node)?));
    }
    if let Some(p) = &r.para {
        tail.push((UnitKind::Para, known(&p.node)?));
    }
    for p in &r.points {
        tail.push((UnitKind::Point, known(&p.node)?));
    }
    let candidates: Vec<Vec<Seg>> = if r.article.is_some() {
        vec![tail]
    } else if r.para.is_some() {
        vec![[here.get(..1).unwrap_or(&[]), &tail[..]].concat()]
    } else {
        let parent = here.get(..here.len().saturating_sub(1)).unwrap_or(&[]);
        vec![[here, &tail[..]].concat(), [parent, &tail[..]].concat()]
    };
    for c in &candidates {
        if let Some(id) = idx.by_path.get(c) {
            return Some(Some(id.unwrap_or(usize::MAX)));
        }
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::syntax::{format_law, parse_bill, parse_law};

    const ARTICLES: &[&str] = &["1", "2", "2a", "3", "10"];
    const PARAS: &[&str] = &["1", "2", "3"];
    const POINTS: &[&str] = &["a", "b", "c"];

    /// A path with numbers drawn from small pools, so that targets often exist, often do not,
    /// and inserted numbers are often taken.
    fn path(depth: usize) -> impl Strategy<Value = String> {
        (
            prop::sample::select(ARTICLES),
            prop::sample::select(PARAS),
            prop::sample::select(POINTS),
        )
            .prop_map(move |(a, p, x)| match depth {
                0 => format!("article {a}"),
                1 => format!("article {a} para {p}"),
                _ => format!("article {a} para {p} point {x}"),
            })
    }

    fn reference() -> impl Strategy<Value = String> {
        prop_oneof![
            (0usize..3).prop_flat_map(path),
            prop::sample::select(PARAS).prop_map(|p| format!("para {p}")),
            prop::sample::select(POINTS).prop_map(|x| format!("point {x}")),
        ]
    }

    /// Lines of a unit's body at `indent`: a text, sometimes a reference or a comment.
    fn entries(indent: usize) -> impl Strategy<Value = String> {
        let pad = " ".repeat(indent);
        (
            prop::option::of(reference()),
            any::<bool>(),
            prop::option::of(reference()),
        )
            .prop_map(move |(see, comment, rule)| {
                let mut out = format!("{pad}text en: words\n");
                if let Some(r) = see {
                    out.push_str(&format!("{pad}see {r}\n"));
                }
                if let Some(r) = rule {
                    out.push_str(&format!(
                        "{pad}rule confiscation covers object-of-offence when listed {r}\n"
                    ));
                }
                if comment {
                    out.push_str(&format!("{pad}# a note\n"));
                }
                out
            })
    }

    fn point() -> impl Strategy<Value = String> {
        (prop::sample::select(POINTS), entries(6))
            .prop_map(|(x, body)| format!("    point {x}\n{body}"))
    }

    fn para() -> impl Strategy<Value = String> {
        (
            prop::sample::select(PARAS),
            entries(4),
            prop::collection::vec(point(), 0..3),
        )
            .prop_map(|(p, body, points)| format!("  para {p}\n{body}{}", points.concat()))
    }

    fn article() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            prop::sample::select(ARTICLES),
            entries(2),
            prop::collection::vec(para(), 0..4),
        )
            .prop_map(|(comment, a, body, paras)| {
                let note = if comment { "# about it\n" } else { "" };
                format!("{note}article {a} \"T\"\n{body}{}\n", paras.concat())
            })
    }

    fn act() -> impl Strategy<Value = String> {
        prop::collection::vec(article(), 0..6).prop_map(|articles| {
            format!(
                "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version 2020-01-01\n  language en\n\n{}",
                articles.concat()
            )
        })
    }

    fn operation() -> impl Strategy<Value = String> {
        let body = prop_oneof![
            Just(String::new()),
            entries(2),
            Just("  text fr: mots\n".to_string()),
            (prop::sample::select(PARAS), entries(4)).prop_map(|(p, b)| format!("  para {p}\n{b}")),
        ];
        let kind_number = prop_oneof![
            prop::sample::select(ARTICLES).prop_map(|a| format!("article {a}")),
            prop::sample::select(PARAS).prop_map(|p| format!("para {p}")),
            prop::sample::select(POINTS).prop_map(|x| format!("point {x}")),
        ];
        let to = prop_oneof![
            prop::sample::select(ARTICLES),
            prop::sample::select(PARAS),
            prop::sample::select(POINTS),
            Just("?"),
        ];
        let target = (0usize..3).prop_flat_map(path);
        prop_oneof![
            1 => (target.clone(), body.clone()).prop_map(|(t, b)| format!("replace {t}\n{b}")),
            1 => (target.clone(), entries(2)).prop_map(|(t, b)| format!("replace {t}\n{b}")),
            1 => target.clone().prop_map(|t| format!("repeal {t}\n")),
            1 => (target.clone(), to).prop_map(|(t, n)| format!("renumber {t} to {n}\n")),
            1 => (kind_number, 0usize..4, target, body.clone()).prop_map(|(k, w, t, b)| {
                format!("insert {k} {}\n{b}", place(w, &t))
            }),
            // Mostly well-formed inserts: a unit next to a sibling of its kind, or in a unit
            // of the level above, with content.
            4 => (0usize..3, 0usize..4, prop::sample::select(ARTICLES), entries(2))
                .prop_flat_map(move |(depth, w, a, b)| {
                    let (d, k) = match (depth, w) {
                        (0, 2) => (0, format!("para {a}")),
                        (depth, 2) => (depth - 1, ["article", "para", "point"].get(depth).copied().unwrap_or("point").to_string()),
                        (depth, _) => (depth, ["article", "para", "point"].get(depth).copied().unwrap_or("point").to_string()),
                    };
                    let numbers: &'static [&'static str] = match depth {
                        0 => ARTICLES,
                        1 => PARAS,
                        _ => POINTS,
                    };
                    (path(d), prop::sample::select(numbers)).prop_map(move |(t, n)| {
                        format!("insert {k} {n} {}\n{b}", place(w, &t))
                    })
                }),
        ]
    }

    fn place(w: usize, target: &str) -> String {
        match w {
            0 => format!("before {target}"),
            1 => format!("after {target}"),
            2 => format!("in {target}"),
            _ => "at end".to_string(),
        }
    }

    fn bill() -> impl Strategy<Value = String> {
        prop::collection::vec(operation(), 0..8).prop_map(|ops| {
            format!(
                "bill \"B\" amends XX/criminal-code@2020-01-01\n  status draft\n  effective 2021-01-01\n\n{}",
                ops.join("\n")
            )
        })
    }

    /// What a result is made of, comparably: the consolidated text, the inverse and the
    /// warnings, or every error with its location.
    fn outcome(r: Result<super::Amended, Vec<crate::diagnostic::Diagnostic>>) -> String {
        match r {
            Ok(a) => format!(
                "{}\n{:#?}\n{:#?}",
                format_law(&a.law),
                a.inverse,
                a.warnings
            ),
            Err(e) => format!("{e:#?}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn fast_path_equals_reference_path(act in act(), bill in bill()) {
            let (law, _) = parse_law(&act);
            let (bill, _) = parse_bill(&bill);
            let fast = outcome(super::super::apply::apply(&bill, &law));
            let reference = outcome(super::apply(&bill, &law));
            prop_assert_eq!(fast, reference);
        }
    }
}
