//! Applying a bill to the act version it amends: the proposed consolidated text.
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

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::syntax::ast::*;
use crate::syntax::bill::{Action, BillFile, Operation, Position, target_kind};
use crate::syntax::lint::UNDECLARED_LANGUAGE;
use crate::syntax::{Span, Spanned};

pub const NO_SUCH_UNIT: Code = Code::error("E0711", "no-such-unit");
pub const NUMBER_TAKEN: Code = Code::error("E0712", "number-taken");
pub const DANGLING_REFERENCE: Code = Code::error("E0713", "left-dangling");
pub const WRONG_ACT: Code = Code::error("E0714", "wrong-act");
pub const OTHER_VERSION: Code = Code::warning("W0701", "applied-to-other-version");

/// The result of applying a bill.
#[derive(Clone, Debug)]
pub struct Amended {
    /// The proposed consolidated text. Its header is the amended version's, with the bill's
    /// effective date as `version` and the bill's sources added.
    pub law: LawFile,
    /// Operations that, applied in this order to `law`, give back the text the bill amended.
    pub inverse: Vec<Operation>,
    /// Findings that do not stop the application (e.g. applied to another version).
    pub warnings: Vec<Diagnostic>,
}

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
    body: Seq<Slot>,
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
    tops: Seq<Top>,
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
            body: Seq::new(
                u.body
                    .iter()
                    .map(|e| match e {
                        Entry::Unit(c) => Slot::Unit(Node::lift(c, next_id)),
                        other => Slot::Entry(other.clone()),
                    })
                    .collect(),
            ),
        }
    }

    /// A unit the bill brings. Sub-units that have the number of a sub-unit of `old` (the unit
    /// it replaces) take over that sub-unit's identity, so that references to "para 2" keep
    /// meaning the replaced article's paragraph 2.
    fn from_bill(kind: UnitKind, body: &[Entry], old: Option<&Node>) -> Node {
        // The old sub-units by kind and number (the first of each).
        let mut olds: HashMap<(UnitKind, Option<String>), &Node> = HashMap::new();
        for n in old.into_iter().flat_map(Node::children) {
            olds.entry((n.kind, known(&n.number.node))).or_insert(n);
        }
        let body = body
            .iter()
            .map(|e| match e {
                Entry::Unit(c) => {
                    let prior = olds.get(&(c.kind, known(&c.number.node))).copied();
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
            body: Seq::new(body),
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
                .into_vec()
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
/// Positions are cells of the container's [`Seq`]; "insert before `None`" appends.
enum Container<'a> {
    Act(&'a mut Seq<Top>),
    Unit(&'a mut Node),
}

impl Container<'_> {
    fn position(&self, kind: UnitKind, number: &str) -> Option<usize> {
        match self {
            Container::Act(tops) => tops.position(kind, number),
            Container::Unit(node) => node.body.position(kind, number),
        }
    }

    fn numbers(&self, kind: UnitKind) -> Vec<String> {
        let nodes: Vec<&Node> = match self {
            Container::Act(tops) => tops.iter().filter_map(Piece::unit).collect(),
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
            Container::Act(tops) => tops.get_mut(i).and_then(Piece::unit_mut),
            Container::Unit(node) => node.body.get_mut(i).and_then(Piece::unit_mut),
        }
    }

    fn renumber(
        &mut self,
        i: usize,
        to: Spanned<UnitNumber>,
    ) -> Option<(Spanned<UnitNumber>, Option<usize>)> {
        match self {
            Container::Act(tops) => tops.renumber(i, to),
            Container::Unit(node) => node.body.renumber(i, to),
        }
    }

    fn remove(&mut self, i: usize) -> Option<Node> {
        match self {
            Container::Act(tops) => tops.remove(i).and_then(Piece::into_unit),
            Container::Unit(node) => node.body.remove(i).and_then(Piece::into_unit),
        }
    }

    /// Inserts `n` before the cell `at`, or at the end.
    fn insert(&mut self, at: Option<usize>, n: Node) {
        match self {
            Container::Act(tops) => {
                tops.insert_before(at, Top::Article(n));
            }
            Container::Unit(node) => {
                node.body.insert_before(at, Slot::Unit(n));
            }
        }
    }

    fn next(&self, i: usize) -> Option<usize> {
        match self {
            Container::Act(tops) => tops.next(i),
            Container::Unit(node) => node.body.next(i),
        }
    }

    /// Where a unit inserted before the one in cell `i` goes: above the comments standing
    /// directly above it, which belong to it.
    fn before(&self, i: usize) -> Option<usize> {
        fn walk<T: Piece>(s: &Seq<T>, mut i: usize) -> usize {
            while let Some(p) = s
                .prev(i)
                .filter(|&p| s.get(p).is_some_and(Piece::is_comment))
            {
                i = p;
            }
            i
        }
        Some(match self {
            Container::Act(tops) => walk(tops, i),
            Container::Unit(node) => walk(&node.body, i),
        })
    }

    /// Where a unit appended to this container goes: after the last unit; in a unit without
    /// sub-units, after its last entry other than comments and `verified` (which close a unit).
    fn end(&self) -> Option<usize> {
        fn last<T: Piece>(s: &Seq<T>, f: impl Fn(&T) -> bool) -> Option<usize> {
            let mut at = s.tail;
            while let Some(i) = at {
                if s.get(i).is_some_and(&f) {
                    return Some(i);
                }
                at = s.prev(i);
            }
            None
        }
        match self {
            Container::Act(tops) => last(tops, |t| t.unit().is_some()).and_then(|i| tops.next(i)),
            Container::Unit(node) => {
                let body = &node.body;
                if let Some(i) = last(body, |s| s.unit().is_some()) {
                    return body.next(i);
                }
                match last(body, |s| !s.closes()) {
                    Some(i) => body.next(i),
                    None => body.head,
                }
            }
        }
    }

    /// The nearest units of `kind` with a known number before and after the one in cell `i`.
    fn neighbours(&self, i: usize, kind: UnitKind) -> (Option<String>, Option<String>) {
        fn walk<T: Piece>(
            s: &Seq<T>,
            i: usize,
            kind: UnitKind,
            step: impl Fn(usize) -> Option<usize>,
        ) -> Option<String> {
            let mut at = step(i);
            while let Some(j) = at {
                if let Some(n) = s.get(j).and_then(Piece::unit)
                    && n.kind == kind
                    && let Some(number) = known(&n.number.node)
                {
                    return Some(number);
                }
                at = step(j);
            }
            None
        }
        fn both<T: Piece>(
            s: &Seq<T>,
            i: usize,
            kind: UnitKind,
        ) -> (Option<String>, Option<String>) {
            (
                walk(s, i, kind, |j| s.prev(j)),
                walk(s, i, kind, |j| s.next(j)),
            )
        }
        match self {
            Container::Act(tops) => both(tops, i, kind),
            Container::Unit(node) => both(&node.body, i, kind),
        }
    }
}

/// A unit's kind and known number: what operations look units up by.
type Key = (UnitKind, String);

fn key_of(n: &Node) -> Option<Key> {
    known(&n.number.node).map(|s| (n.kind, s))
}

/// What a [`Seq`] holds: units, and the other items (comments, entries) standing between them.
trait Piece {
    fn unit(&self) -> Option<&Node>;
    fn unit_mut(&mut self) -> Option<&mut Node>;
    fn into_unit(self) -> Option<Node>;
    fn is_comment(&self) -> bool;
    /// A comment or `verified`: entries that close a unit's body.
    fn closes(&self) -> bool;
}

impl Piece for Top {
    fn unit(&self) -> Option<&Node> {
        match self {
            Top::Article(n) => Some(n),
            Top::Item(_) => None,
        }
    }
    fn unit_mut(&mut self) -> Option<&mut Node> {
        match self {
            Top::Article(n) => Some(n),
            Top::Item(_) => None,
        }
    }
    fn into_unit(self) -> Option<Node> {
        match self {
            Top::Article(n) => Some(n),
            Top::Item(_) => None,
        }
    }
    fn is_comment(&self) -> bool {
        matches!(self, Top::Item(Item::Comment(_)))
    }
    fn closes(&self) -> bool {
        self.is_comment()
    }
}

impl Piece for Slot {
    fn unit(&self) -> Option<&Node> {
        match self {
            Slot::Unit(n) => Some(n),
            Slot::Entry(_) => None,
        }
    }
    fn unit_mut(&mut self) -> Option<&mut Node> {
        match self {
            Slot::Unit(n) => Some(n),
            Slot::Entry(_) => None,
        }
    }
    fn into_unit(self) -> Option<Node> {
        match self {
            Slot::Unit(n) => Some(n),
            Slot::Entry(_) => None,
        }
    }
    fn is_comment(&self) -> bool {
        matches!(self, Slot::Entry(Entry::Comment(_)))
    }
    fn closes(&self) -> bool {
        matches!(self, Slot::Entry(Entry::Comment(_) | Entry::Verified(_)))
    }
}

#[derive(Clone, Debug)]
struct Link<T> {
    /// `None` once removed.
    item: Option<T>,
    prev: Option<usize>,
    next: Option<usize>,
}

/// The items of the act or of a unit's body, in order, as a doubly linked list over a vector
/// (a position is a cell, which stays valid whatever is inserted or removed around it), with
/// the cells of the units by kind and number. Looking a unit up, inserting next to it,
/// removing and renumbering it cost the same however many siblings it has: applying a bill
/// is linear in its operations, not quadratic (hostile input finding 12).
#[derive(Clone, Debug)]
struct Seq<T> {
    links: Vec<Link<T>>,
    head: Option<usize>,
    tail: Option<usize>,
    /// Live cells holding a unit of this kind and known number (more than one only in a text
    /// that numbers two siblings alike).
    keys: HashMap<Key, Vec<usize>>,
}

impl<T: Piece> Seq<T> {
    fn new(items: Vec<T>) -> Self {
        let mut s = Seq {
            links: Vec::with_capacity(items.len()),
            head: None,
            tail: None,
            keys: HashMap::new(),
        };
        for item in items {
            s.insert_before(None, item);
        }
        s
    }

    /// The live cells, in order.
    fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.head, |&i| self.next(i))
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.cells()
            .filter_map(|i| self.links.get(i).and_then(|l| l.item.as_ref()))
    }

    fn into_vec(self) -> Vec<T> {
        let order: Vec<usize> = self.cells().collect();
        let mut links = self.links;
        order
            .into_iter()
            .filter_map(|i| links.get_mut(i).and_then(|l| l.item.take()))
            .collect()
    }

    fn get(&self, i: usize) -> Option<&T> {
        self.links.get(i).and_then(|l| l.item.as_ref())
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.links.get_mut(i).and_then(|l| l.item.as_mut())
    }

    fn prev(&self, i: usize) -> Option<usize> {
        self.links.get(i).and_then(|l| l.prev)
    }

    fn next(&self, i: usize) -> Option<usize> {
        self.links.get(i).and_then(|l| l.next)
    }

    /// The cell of the first unit of this kind and number.
    fn position(&self, kind: UnitKind, number: &str) -> Option<usize> {
        let cells = self.keys.get(&(kind, number.to_string()))?;
        match cells.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ => self.cells().find(|i| cells.contains(i)),
        }
    }

    /// Inserts `item` before the cell `at`, or at the end; returns its cell.
    fn insert_before(&mut self, at: Option<usize>, item: T) -> usize {
        let id = self.links.len();
        if let Some(k) = item.unit().and_then(key_of) {
            self.keys.entry(k).or_default().push(id);
        }
        let (prev, next) = match at {
            Some(n) => (self.prev(n), Some(n)),
            None => (self.tail, None),
        };
        self.links.push(Link {
            item: Some(item),
            prev,
            next,
        });
        match prev.and_then(|p| self.links.get_mut(p)) {
            Some(l) => l.next = Some(id),
            None => self.head = Some(id),
        }
        match next.and_then(|n| self.links.get_mut(n)) {
            Some(l) => l.prev = Some(id),
            None => self.tail = Some(id),
        }
        id
    }

    fn remove(&mut self, i: usize) -> Option<T> {
        let link = self.links.get_mut(i)?;
        let item = link.item.take()?;
        let (prev, next) = (link.prev, link.next);
        match prev.and_then(|p| self.links.get_mut(p)) {
            Some(l) => l.next = next,
            None => self.head = next,
        }
        match next.and_then(|n| self.links.get_mut(n)) {
            Some(l) => l.prev = prev,
            None => self.tail = prev,
        }
        if let Some(k) = item.unit().and_then(key_of) {
            self.unkey(&k, i);
        }
        Some(item)
    }

    fn unkey(&mut self, k: &Key, i: usize) {
        if let Some(v) = self.keys.get_mut(k) {
            v.retain(|&c| c != i);
            if v.is_empty() {
                self.keys.remove(k);
            }
        }
    }

    /// Gives the unit in cell `i` the number `to`; returns its old number and its identity.
    fn renumber(
        &mut self,
        i: usize,
        to: Spanned<UnitNumber>,
    ) -> Option<(Spanned<UnitNumber>, Option<usize>)> {
        let node = self.get_mut(i)?.unit_mut()?;
        let old_key = key_of(node);
        let old = std::mem::replace(&mut node.number, to);
        let id = node.id;
        let new_key = key_of(node);
        if let Some(k) = old_key {
            self.unkey(&k, i);
        }
        if let Some(k) = new_key {
            self.keys.entry(k).or_default().push(i);
        }
        Some((old, id))
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
        let tops = Seq::new(
            law.items
                .iter()
                .map(|i| match i {
                    Item::Article(u) => Top::Article(Node::lift(u, &mut next_id)),
                    other => Top::Item(other.clone()),
                })
                .collect(),
        );
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
                .into_vec()
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
                Container::Act(tops) => tops.get_mut(i).and_then(Piece::unit_mut),
                Container::Unit(node) => node.body.get_mut(i).and_then(Piece::unit_mut),
            };
            let Some(next) = next else {
                return Err(depth + 1);
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
                let kept: HashSet<usize> = kept.into_iter().collect();
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
                            c.next(idx)
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
                if c.position(*kind, &num).is_some() {
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
                    let (prev, next) = c.neighbours(idx, kind);
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
                        (Some(n), _) => Position::After(at(&n)),
                        (None, Some(n)) => Position::Before(at(&n)),
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
                let (old, id) = c
                    .renumber(idx, to.clone())
                    .ok_or_else(|| internal(op.span))?;
                if let Some(id) = id {
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
        for t in self.tops.iter() {
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
                for s in n.body.iter() {
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
        for t in self.tops.iter() {
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
        for t in self.tops.iter() {
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
    for s in n.body.iter() {
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

/// Builds the bill that undoes `amended`: the inverse operations under a header that amends the
/// consolidated version. Applying it to `amended.law` gives back the text the bill amended.
pub fn inverse_bill(bill: &BillFile, amended: &Amended) -> BillFile {
    use crate::syntax::bill::{BillHeader, BillItem, VersionRef};
    let amends = bill.header.amends.as_ref().map(|a| {
        let version = amended
            .law
            .header
            .version()
            .map_or(a.node.version, |v| v.node);
        Spanned::new(
            VersionRef {
                version,
                ..a.node.clone()
            },
            a.span,
        )
    });
    BillFile {
        header: BillHeader {
            leading: Vec::new(),
            title: Spanned::new(
                format!("Undoing: {}", bill.header.title.node),
                bill.header.title.span,
            ),
            amends,
            trailing: None,
            fields: Vec::new(),
            span: bill.header.span,
        },
        items: amended
            .inverse
            .iter()
            .cloned()
            .map(BillItem::Operation)
            .collect(),
    }
}
