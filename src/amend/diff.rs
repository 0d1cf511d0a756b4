//! Comparing two versions of an act, unit by unit: the comparative table a parliament reviews.
//!
//! Units are aligned by address first (article 403 with article 403, its para 2 with para 2).
//! Where numbering changed, alignment by number pairs the wrong units — after "a new paragraph 2
//! is inserted", the old paragraph 2 is the new paragraph 3 — so pairs whose content has little
//! in common are re-examined together with the units left unpaired, and paired by text
//! similarity instead (as Indigo's differ and LEOS do). A unit paired under another number is
//! reported as renumbered, with how much of its text is the same ("article 396 → 396-a, text
//! 92% the same"). Each changed unit then gets word-level changes of its title and texts, and a
//! line-level comparison of its tags — a changed penalty is a change even when the text is not.
//!
//! What is compared is the law and what the expert says it does: titles, texts, offences,
//! definitions, rules, measures, references, `repealed`. Comments and `verified` lines are
//! notes about the encoding, not the law, and are left out.

use std::collections::BTreeMap;
use std::rc::Rc;

#[cfg(test)]
use super::words::token_iter;
use super::words::{Change, Piece, diff_words, fold_tokens, is_changed, nfc, similarity};
use crate::date::Date;
use crate::syntax::ast::*;
use crate::syntax::format;

/// Pairs aligned by number whose content is less alike than this are re-examined.
const WEAK_PAIR: f32 = 0.5;
/// Units not aligned by number are paired when at least this alike.
const SAME_UNIT: f32 = 0.6;
/// Above this many candidate pairs at one level, a unit is compared only with the units at most
/// `WINDOW` places from its rank among the leftovers (renumbering shifts units by a few places,
/// it does not scatter them across the code) …
const MAX_PAIRS: usize = 10_000;
const WINDOW: usize = 24;
/// … nearest first, and a pair at least this alike is taken at once, without looking further.
const CONFIDENT: f32 = 0.8;

/// The comparison of two versions of one act. Either side may be absent: an act enacted or
/// repealed as a whole between the two dates.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ActDiff {
    pub act: String,
    pub old_version: Option<Date>,
    pub new_version: Option<Date>,
    /// True when no version of the act is encoded for the day compared from, so the comparison
    /// starts at its earliest encoded version instead (the corpus does not go back that far).
    pub from_earliest_version: bool,
    pub counts: Counts,
    /// Changed units in the order of the new version; a repealed unit stands where it stood.
    pub units: Vec<UnitDiff>,
}

impl ActDiff {
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// How many units changed in each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub inserted: usize,
    pub repealed: usize,
    pub renumbered: usize,
    pub moved: usize,
    pub changed: usize,
}

/// What happened to a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitChange {
    /// In the new version only.
    Inserted,
    /// In the old version only.
    Repealed,
    /// Found under another number (its content may have changed too).
    Renumbered,
    /// Same number, another place among its siblings (its content may have changed too).
    Moved,
    /// Same number and place, other content.
    Changed,
}

/// Where a unit is: its address within the act (`art-403/para-1`) and its name for people
/// (`article 403 para 1`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    pub address: String,
    pub label: String,
}

/// One changed unit.
#[derive(Clone, Debug, serde::Serialize)]
pub struct UnitDiff {
    pub change: UnitChange,
    pub kind: UnitKind,
    pub old: Option<Place>,
    pub new: Option<Place>,
    /// For a renumbered or moved unit: how much of it is the same, in percent — of its text
    /// (title, texts, sub-units' texts), or of its tags where it has no text.
    pub similarity: Option<u8>,
    /// What `similarity` measures: `text`, or `tags` for units without text.
    pub similarity_of: Option<Basis>,
    /// Whether the unit's own title, text or tags changed (always true for inserted and
    /// repealed units).
    pub content_changed: bool,
    /// The title's changes, when it has one in either version and it changed (or the unit was
    /// inserted or repealed).
    pub title: Option<Vec<Piece>>,
    /// The texts' changes, per language, for the languages whose text changed.
    pub texts: Vec<TextDiff>,
    /// Tag lines removed and added (`penalty prison 3m..3y` → `penalty prison 1y..6y`).
    pub tags: Vec<TagLine>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct TextDiff {
    pub lang: String,
    pub pieces: Vec<Piece>,
    /// The word diff ran out of its time budget ([`super::words::WORD_DIFF_BUDGET`]): the
    /// text is shown as replaced whole.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coarse: bool,
}

/// A tag line removed (`delete`) or added (`insert`), in canonical `.law` form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TagLine {
    pub op: Change,
    pub line: String,
}

/// Compares two versions of an act. Pure and deterministic.
pub fn diff_acts(old: Option<&LawFile>, new: Option<&LawFile>) -> ActDiff {
    let act = new
        .or(old)
        .map(|f| f.header.act.node.clone())
        .unwrap_or_default();
    let mut d = ActDiff {
        act,
        old_version: old.and_then(|f| f.header.version()).map(|v| v.node),
        new_version: new.and_then(|f| f.header.version()).map(|v| v.node),
        from_earliest_version: false,
        counts: Counts::default(),
        units: Vec::new(),
    };
    let mut prints = Prints::default();
    level(
        &articles(old),
        &articles(new),
        &[],
        &[],
        &mut d,
        &mut prints,
    );
    d
}

/// [`diff_acts`] without the shortcuts for units equal as syntax trees: every unit tokenised
/// and compared by its tokens, as the shortcuts must give the same result.
#[cfg(test)]
fn diff_acts_reference(old: Option<&LawFile>, new: Option<&LawFile>) -> ActDiff {
    let mut d = diff_acts(None, None);
    d.act = new
        .or(old)
        .map(|f| f.header.act.node.clone())
        .unwrap_or_default();
    d.old_version = old.and_then(|f| f.header.version()).map(|v| v.node);
    d.new_version = new.and_then(|f| f.header.version()).map(|v| v.node);
    let mut prints = Prints {
        reference: true,
        ..Prints::default()
    };
    level(
        &articles(old),
        &articles(new),
        &[],
        &[],
        &mut d,
        &mut prints,
    );
    d
}

fn articles(f: Option<&LawFile>) -> Vec<&Unit> {
    f.map(|f| {
        f.items
            .iter()
            .filter_map(|i| match i {
                Item::Article(u) => Some(u),
                _ => None,
            })
            .collect()
    })
    .unwrap_or_default()
}

/// A unit's path step for addresses: kind and number as written (`?N` for the N-th unknown).
type Seg = (UnitKind, String);

/// The units' numbers as path steps: borrowed as written, but `?N` for the N-th unknown.
fn segments<'u>(units: &[&'u Unit]) -> Vec<std::borrow::Cow<'u, str>> {
    let mut unknown: BTreeMap<UnitKind, usize> = BTreeMap::new();
    units
        .iter()
        .map(|u| match &u.number.node {
            UnitNumber::Known(n) => std::borrow::Cow::Borrowed(n.as_str()),
            UnitNumber::Unknown | UnitNumber::Unreadable => {
                let c = unknown.entry(u.kind).or_insert(0);
                *c += 1;
                std::borrow::Cow::Owned(format!("?{c}"))
            }
        })
        .collect()
}

/// The place of the unit at `path`: its steps joined, `art-278.a/para-1` (a `/` in a number
/// written `.`) and `article 278/a para 1`, each written into one string.
fn place(path: &[Seg]) -> Place {
    let mut address = String::new();
    let mut label = String::new();
    for (k, (kind, number)) in path.iter().enumerate() {
        if k > 0 {
            address.push('/');
            label.push(' ');
        }
        address.push_str(kind.address_prefix());
        address.push('-');
        address.extend(number.chars().map(|c| if c == '/' { '.' } else { c }));
        label.push_str(kind.keyword());
        label.push(' ');
        label.push_str(number);
    }
    Place { address, label }
}

/// Aligns one level of siblings and records their changes, recursing into paired units.
fn level(
    old: &[&Unit],
    new: &[&Unit],
    old_parent: &[Seg],
    new_parent: &[Seg],
    d: &mut ActDiff,
    prints: &mut Prints,
) {
    let old_names = segments(old);
    let new_names = segments(new);
    let pairs = align(old, new, prints);
    // Pairs in old order, to find which ones changed place: those not on the longest run that
    // keeps its order.
    let mut by_old: Vec<(usize, usize)> = pairs.iter().map(|p| (p.old, p.new)).collect();
    by_old.sort_unstable();
    let in_order = longest_increasing(&by_old.iter().map(|&(_, n)| n).collect::<Vec<_>>());
    let mut moved = vec![false; new.len()];
    for (k, &(_, n)) in by_old.iter().enumerate() {
        if !in_order.contains(&k)
            && let Some(m) = moved.get_mut(n)
        {
            *m = true;
        }
    }
    let pair_of_new: BTreeMap<usize, &Pair> = pairs.iter().map(|p| (p.new, p)).collect();
    let mut paired_old = vec![false; old.len()];
    for p in &pairs {
        if let Some(x) = paired_old.get_mut(p.old) {
            *x = true;
        }
    }

    let path = |parent: &[Seg], u: &Unit, name: &str| -> Vec<Seg> {
        let mut p = parent.to_vec();
        p.push((u.kind, name.to_string()));
        p
    };
    let mut next_old = 0;
    let mut emit_repealed_before = |limit: usize, d: &mut ActDiff| {
        while next_old < limit {
            if !paired_old.get(next_old).copied().unwrap_or(true)
                && let (Some(u), Some(name)) = (old.get(next_old), old_names.get(next_old))
            {
                whole(u, &path(old_parent, u, name), UnitChange::Repealed, d);
            }
            next_old += 1;
        }
    };
    for (j, n) in new.iter().enumerate() {
        let Some(name) = new_names.get(j) else {
            continue;
        };
        match pair_of_new.get(&j) {
            None => whole(n, &path(new_parent, n, name), UnitChange::Inserted, d),
            Some(p) => {
                // Units repealed before this one's old place are shown before it — unless it
                // moved back, in which case its old place says nothing about here.
                if !moved.get(j).copied().unwrap_or(false) {
                    emit_repealed_before(p.old, d);
                }
                let (Some(o), Some(oname)) = (old.get(p.old), old_names.get(p.old)) else {
                    continue;
                };
                let is_moved = moved.get(j).copied().unwrap_or(false);
                // A unit unchanged, in its place, has nothing to report, nor have its
                // sub-units: siblings unchanged one by one pair one by one (by number, or by
                // content among duplicate numbers, in order). Most units of a new version are
                // such.
                if !is_moved && !prints.reference && p.unchanged.unwrap_or_else(|| unchanged(o, n))
                {
                    continue;
                }
                let old_path = path(old_parent, o, oname);
                let new_path = path(new_parent, n, name);
                let renumbered = o.number.node != n.number.node;
                let own = own_changes(o, n, prints);
                let content_changed =
                    own.title.is_some() || !own.texts.is_empty() || !own.tags.is_empty();
                if renumbered || is_moved || content_changed {
                    let same = (renumbered || is_moved).then(|| reported_similarity(o, n, prints));
                    let change = if renumbered {
                        UnitChange::Renumbered
                    } else if is_moved {
                        UnitChange::Moved
                    } else {
                        UnitChange::Changed
                    };
                    count(d, change);
                    d.units.push(UnitDiff {
                        change,
                        kind: n.kind,
                        old: Some(place(&old_path)),
                        new: Some(place(&new_path)),
                        similarity: same.map(|s| percent(s.0)),
                        similarity_of: same.map(|s| s.1),
                        content_changed,
                        title: own.title,
                        texts: own.texts,
                        tags: own.tags,
                    });
                }
                let oc: Vec<&Unit> = o.children().collect();
                let nc: Vec<&Unit> = n.children().collect();
                level(&oc, &nc, &old_path, &new_path, d, prints);
            }
        }
    }
    emit_repealed_before(old.len(), d);
}

fn count(d: &mut ActDiff, change: UnitChange) {
    let c = &mut d.counts;
    match change {
        UnitChange::Inserted => c.inserted += 1,
        UnitChange::Repealed => c.repealed += 1,
        UnitChange::Renumbered => c.renumbered += 1,
        UnitChange::Moved => c.moved += 1,
        UnitChange::Changed => c.changed += 1,
    }
}

fn percent(x: f32) -> u8 {
    // `as` saturates for floats; the value is within 0..=100 anyway.
    (x * 100.0).round().clamp(0.0, 100.0) as u8
}

/// A unit inserted or repealed as a whole: it and each of its sub-units, all text marked.
fn whole(u: &Unit, path: &[Seg], change: UnitChange, d: &mut ActDiff) {
    let op = if change == UnitChange::Inserted {
        Change::Insert
    } else {
        Change::Delete
    };
    let piece = |text: String| vec![Piece { op, text }];
    count(d, change);
    let p = place(path);
    d.units.push(UnitDiff {
        change,
        kind: u.kind,
        old: (change == UnitChange::Repealed).then(|| p.clone()),
        new: (change == UnitChange::Inserted).then_some(p),
        similarity: None,
        similarity_of: None,
        content_changed: true,
        title: u
            .title
            .as_ref()
            .map(|t| piece(super::words::nfc(&t.node).into_owned())),
        texts: u
            .texts()
            .map(|t| TextDiff {
                lang: t.lang.node.to_string(),
                pieces: piece(super::words::nfc(t.value()).into_owned()),
                coarse: false,
            })
            .collect(),
        tags: tag_lines(u)
            .into_iter()
            .map(|line| TagLine { op, line })
            .collect(),
    });
    let children: Vec<&Unit> = u.children().collect();
    for (c, name) in children.iter().zip(segments(&children)) {
        let mut cp = path.to_vec();
        cp.push((c.kind, name.into_owned()));
        whole(c, &cp, change, d);
    }
}

struct Own {
    title: Option<Vec<Piece>>,
    texts: Vec<TextDiff>,
    tags: Vec<TagLine>,
}

/// The changes of a unit's own title, texts and tags (not its sub-units'). The tag lines are
/// those of the units' prints, formatted once for both.
fn own_changes(o: &Unit, n: &Unit, prints: &mut Prints) -> Own {
    let ot = o.title.as_ref().map_or("", |t| t.node.as_str());
    let nt = n.title.as_ref().map_or("", |t| t.node.as_str());
    let title = (ot != nt)
        .then(|| diff_words(ot, nt))
        .filter(|p| is_changed(p));
    let mut langs: Vec<&str> = o.texts().chain(n.texts()).map(|t| &*t.lang.node).collect();
    langs.sort_unstable();
    langs.dedup();
    fn text_in<'u>(u: &'u Unit, lang: &str) -> &'u str {
        u.texts()
            .find(|t| &*t.lang.node == lang)
            .map_or("", |t| t.value())
    }
    let texts = langs
        .into_iter()
        .filter_map(|lang| {
            let (a, b) = (text_in(o, lang), text_in(n, lang));
            if a == b {
                return None;
            }
            let (pieces, coarse) = super::words::diff_words_bounded(a, b);
            is_changed(&pieces).then(|| TextDiff {
                lang: lang.to_string(),
                pieces,
                coarse,
            })
        })
        .collect();
    let (old_print, new_print) = (prints.of(o), prints.of(n));
    let (a, b) = (&old_print.tags, &new_print.tags);
    let tags = if a == b {
        Vec::new()
    } else {
        similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
            .iter()
            .flat_map(|op| {
                let (_, or, nr) = op.as_tag_tuple();
                let dels: Vec<TagLine> = match op.tag() {
                    similar::DiffTag::Delete | similar::DiffTag::Replace => a
                        .get(or)
                        .unwrap_or(&[])
                        .iter()
                        .map(|l| TagLine {
                            op: Change::Delete,
                            line: l.clone(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let ins: Vec<TagLine> = match op.tag() {
                    similar::DiffTag::Insert | similar::DiffTag::Replace => b
                        .get(nr)
                        .unwrap_or(&[])
                        .iter()
                        .map(|l| TagLine {
                            op: Change::Insert,
                            line: l.clone(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                dels.into_iter().chain(ins)
            })
            .collect()
    };
    Own { title, texts, tags }
}

/// A unit's own tags as canonical lines, in file order: what the expert says the unit does.
/// Comments, `verified` lines and sub-units are left out.
pub fn tag_lines(u: &Unit) -> Vec<String> {
    let mut out = Vec::new();
    for e in &u.body {
        entry_lines(e, &mut out);
    }
    out
}

/// One entry's part of [`tag_lines`].
fn entry_lines(e: &Entry, out: &mut Vec<String>) {
    let values = format::values_list;
    // An indented tag line of an offence or measure block.
    let tag = |t: &crate::syntax::ast::TagLine| {
        let mut line = String::from("  ");
        format::write_tag_line(&mut line, t);
        line
    };
    {
        match e {
            Entry::Offence(o) => {
                out.push("offence".to_string());
                for l in &o.lines {
                    match l {
                        OffenceLine::Tag(t) => out.push(tag(t)),
                        OffenceLine::Penalty(p) => {
                            out.push(format!("  penalty {}", format::penalty(p)));
                        }
                        OffenceLine::Qualifies { how, targets, .. } => {
                            let refs: Vec<String> =
                                targets.iter().map(|r| r.node.to_string()).collect();
                            out.push(format!("  {} {}", how.keyword(), refs.join(", ")));
                        }
                        OffenceLine::Expressly { values: v, .. } => {
                            out.push(format!("  expressly {}", values(v)));
                        }
                        OffenceLine::Class { class, .. } => {
                            out.push(format!("  class {}", class.node));
                        }
                        OffenceLine::Comment(_) => {}
                    }
                }
            }
            Entry::Define(def) => {
                out.push(format!(
                    "define {} = {}",
                    def.term.node,
                    values(&def.values)
                ));
            }
            Entry::Rule(r) => out.push(format::rule(r)),
            Entry::Classify(c) => out.push(format::classify(c)),
            Entry::Reads(r) => out.push(format::reads(r)),
            Entry::Measure(m) => {
                out.push(format!("measure {}", values(&m.values)));
                for l in &m.lines {
                    match l {
                        MeasureLine::Tag(t) => out.push(tag(t)),
                        MeasureLine::Retention { period, .. } => {
                            out.push(format!("  retention {}", format::retention(&period.node)));
                        }
                        MeasureLine::Comment(_) => {}
                    }
                }
            }
            Entry::See(s) => {
                let refs: Vec<String> = s.refs.iter().map(|r| r.node.to_string()).collect();
                out.push(format!("see {}", refs.join(", ")));
            }
            Entry::Repealed(..) => out.push("repealed".to_string()),
            Entry::Text(_) | Entry::Verified(_) | Entry::Unit(_) | Entry::Comment(_) => {}
        }
    }
}

/// Whether two units are the same in everything the comparison reads: kind, number, title,
/// texts (line by line), tags, and sub-units the same one by one. Comments on the unit's own
/// line and on lines of their own, `verified` lines and spans do not count — in a consolidated
/// text they change from version to version more often than the law does. A cheap test by string comparison, no tokenising: sufficient for the
/// units to have the same tokens and no changes to report, not necessary (a re-flowed text is
/// the same tokens on other lines); the callers fall back to the tokens where it says no.
fn unchanged(o: &Unit, n: &Unit) -> bool {
    fn tags(u: &Unit) -> impl Iterator<Item = &Entry> {
        u.body.iter().filter(|e| {
            !matches!(
                e,
                Entry::Text(_) | Entry::Verified(_) | Entry::Unit(_) | Entry::Comment(_)
            )
        })
    }
    o.kind == n.kind
        && o.number.node == n.number.node
        && o.title.as_ref().map(|t| &t.node) == n.title.as_ref().map(|t| &t.node)
        // Texts equal as syntax: the same language and the same lines (spans aside).
        && o.texts().eq(n.texts())
        // Tags equal as syntax, comments on their lines included: a tag line whose comment
        // changed takes the slower way, by tokens, which says it is the same (formatting
        // every differing entry to find out would cost more than it saves — most differ in
        // a value, a changed penalty).
        && tags(o).eq(tags(n))
        && o.children().count() == n.children().count()
        && o.children().zip(n.children()).all(|(a, b)| unchanged(a, b))
}

/// What a similarity figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Text,
    Tags,
}

/// The similarity shown to people: of the text when both units have text (tags then show as
/// their own changes), else of the tags.
fn reported_similarity(o: &Unit, n: &Unit, prints: &mut Prints) -> (f32, Basis) {
    let (a, b) = (prints.of(o), prints.of(n));
    let (a_text, b_text) = (prints.text(&a), prints.text(&b));
    if !a_text.is_empty() && !b_text.is_empty() {
        (similarity(a_text, b_text), Basis::Text)
    } else {
        (similarity(prints.all(&a), prints.all(&b)), Basis::Tags)
    }
}

/// Everything a unit says, as hashed tokens: `all` is its title, texts, tags and sub-units, in
/// that order (what pairing compares); `text` the title and texts only, of it and its
/// sub-units (what people are shown). Tokens are hashed with a fixed-key hasher (the same on
/// every run and machine) so that comparing units compares integers, not strings. The tokens
/// lie in the [`Prints`]' two token lists; a print holds where.
#[derive(Default)]
struct Print {
    all: std::ops::Range<usize>,
    text: std::ops::Range<usize>,
    /// The unit's own [`tag_lines`].
    tags: Vec<String>,
}

/// The prints of the units of one comparison, each computed once: a unit's print contains its
/// sub-units', so without the cache every level of the tree would tokenize the text again.
/// Keyed by the unit's address in memory, which is stable while the two trees are borrowed and
/// is only ever looked up, never iterated (so the output does not depend on it).
///
/// The tokens of all prints lie in two lists, `all` and `text`, a unit's own tokens followed by
/// its sub-units' (each its own, then its sub-units'), depth first: so a unit's print is one
/// stretch of each list, and its sub-units' prints are parts of it, not copies.
#[derive(Default)]
struct Prints {
    cache:
        std::collections::HashMap<usize, Rc<Print>, std::hash::BuildHasherDefault<AddressHasher>>,
    all: Vec<u64>,
    text: Vec<u64>,
    /// Compare without the shortcuts for units equal as syntax trees (tests check that the
    /// shortcuts change nothing).
    reference: bool,
}

/// Hashes the addresses [`Prints`] is keyed by: one multiplication, where the default hasher
/// (SipHash, made to resist keys chosen by an adversary, which addresses are not) takes dozens of
/// instructions per key.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_usize(&mut self, address: usize) {
        self.write_u64(address as u64);
    }

    fn write_u64(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // The product's high bits mixed into the low ones, which the table's index is taken
        // from (an address's lowest bits are always zero).
        self.0 ^ (self.0 >> 29)
    }
}

impl Prints {
    fn of(&mut self, u: &Unit) -> Rc<Print> {
        if let Some(p) = self.cache.get(&key(u)) {
            return p.clone();
        }
        let (all_start, text_start) = (self.all.len(), self.text.len());
        let text = &mut self.text;
        let mut add = |s: &str| {
            let norm = nfc(s);
            push_token_hashes(&norm, text);
        };
        if let Some(t) = &u.title {
            add(&t.node);
        }
        // A text's tokens are its lines' tokens, one line after the other: its value joins
        // them with a space, which separates tokens and, a starter that composes with nothing,
        // is a boundary of NFC too. So the lines are tokenised where they are, not joined.
        for t in u.texts() {
            add(t.value());
        }
        self.all
            .extend_from_slice(self.text.get(text_start..).unwrap_or(&[]));
        let tags = tag_lines(u);
        for l in &tags {
            self.all.extend(l.split_whitespace().map(token_hash));
        }
        for c in u.children() {
            // A sub-unit not printed yet is printed here, in place; one printed before (as a
            // unit of its own, which pairing seldom asks for before its parent) is copied.
            let printed_before = self.cache.contains_key(&key(c));
            let p = self.of(c);
            if printed_before {
                self.all.extend_from_within(p.all.clone());
                self.text.extend_from_within(p.text.clone());
            }
        }
        let p = Rc::new(Print {
            all: all_start..self.all.len(),
            text: text_start..self.text.len(),
            tags,
        });
        self.cache.insert(key(u), p.clone());
        p
    }

    /// The print's tokens of everything the unit says.
    fn all(&self, p: &Print) -> &[u64] {
        self.all.get(p.all.clone()).unwrap_or(&[])
    }

    /// The print's tokens of the title and texts.
    fn text(&self, p: &Print) -> &[u64] {
        self.text.get(p.text.clone()).unwrap_or(&[])
    }
}

/// What [`Prints`] knows a unit by: its address in memory.
fn key(u: &Unit) -> usize {
    std::ptr::from_ref(u) as usize
}

/// Appends [`token_hash`] of each token of an (NFC) text to `out`, worked out while the tokens
/// are cut: a `str` hashes as its bytes and then the byte 0xFF.
fn push_token_hashes(text: &str, out: &mut Vec<u64>) {
    fold_tokens(text, FNV_OFFSET, fnv_step, |_, h| {
        out.push(fnv_step(h, 0xff))
    });
}

fn token_hash<T: std::hash::Hash + ?Sized>(t: &T) -> u64 {
    use std::hash::Hasher as _;
    let mut h = Fnv(FNV_OFFSET);
    t.hash(&mut h);
    h.finish()
}

/// FNV-1a (64 bits): the same value on every run and every machine, and for the short tokens
/// of a text several times faster than SipHash. Tokens are compared by hash, so two tokens with
/// one hash would count as the same word: among the few thousand distinct words of a code, the
/// odds are of the order of 2^-40.
struct Fnv(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| fnv_step(h, b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One byte of FNV-1a.
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// A key for a unit's tokens, to find the units that may say the same (which are then compared
/// token by token, so two prints with one key cost a comparison, not a wrong pairing): a word at
/// a step, FxHash's, where FNV-1a would take the eight bytes of each token's hash one by one.
fn content_key(tokens: &[u64]) -> u64 {
    tokens.iter().fold(tokens.len() as u64, |h, &w| {
        (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
    })
}

struct Pair {
    old: usize,
    new: usize,
    /// Whether the two units are [`unchanged`], where pairing found out (it does for the pairs
    /// by number of the same content, most pairs), so that it is not worked out twice.
    unchanged: Option<bool>,
}

impl Pair {
    fn new(old: usize, new: usize) -> Self {
        Pair {
            old,
            new,
            unchanged: None,
        }
    }
}

/// A unit's tokens, sorted: what [`overlap`] compares.
fn bag(fp: &[u64]) -> Vec<u64> {
    let mut v: Vec<u64> = fp.to_vec();
    v.sort_unstable();
    v
}

/// The share of tokens two units have in common, in any order (the Dice coefficient of their
/// bags of tokens). Linear in their length, and never below their in-order similarity — so a
/// pair whose overlap is under a threshold can be dismissed without the in-order comparison,
/// which costs time in the square of the length.
fn overlap(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// The two lists of siblings being aligned, with each unit's print and bag computed when first
/// needed: most units of a new version are the old ones unchanged, pair at once on structural
/// equality, and are never tokenised.
struct Sides<'u, 'p> {
    old: &'u [&'u Unit],
    new: &'u [&'u Unit],
    prints: &'p mut Prints,
    old_prints: Vec<Option<Rc<Print>>>,
    new_prints: Vec<Option<Rc<Print>>>,
    old_bags: Vec<Option<Vec<u64>>>,
    new_bags: Vec<Option<Vec<u64>>>,
}

impl<'u, 'p> Sides<'u, 'p> {
    fn new(old: &'u [&'u Unit], new: &'u [&'u Unit], prints: &'p mut Prints) -> Self {
        Sides {
            old,
            new,
            prints,
            old_prints: vec![None; old.len()],
            new_prints: vec![None; new.len()],
            old_bags: vec![None; old.len()],
            new_bags: vec![None; new.len()],
        }
    }

    fn old_print(&mut self, i: usize) -> Rc<Print> {
        cached(&mut self.old_prints, i, self.old, self.prints)
    }

    fn new_print(&mut self, j: usize) -> Rc<Print> {
        cached(&mut self.new_prints, j, self.new, self.prints)
    }

    /// Whether the two units say the same (the same tokens in the same order). Units
    /// [`unchanged`] have the same tokens, so comparing their strings — no allocation, no
    /// tokenising — settles the usual case, an article the new version left alone.
    fn same(&mut self, i: usize, j: usize) -> bool {
        self.unchanged(i, j) || self.same_tokens(i, j)
    }

    /// [`unchanged`] of the two units (never, in the reference mode).
    fn unchanged(&self, i: usize, j: usize) -> bool {
        !self.prints.reference
            && matches!((self.old.get(i), self.new.get(j)), (Some(a), Some(b)) if unchanged(a, b))
    }

    /// Whether the two units have the same tokens in the same order.
    fn same_tokens(&mut self, i: usize, j: usize) -> bool {
        let (a, b) = (self.old_print(i), self.new_print(j));
        self.prints.all(&a) == self.prints.all(&b)
    }

    /// Whether the two units are at least `threshold` alike in order: [`Self::sim`] at least
    /// `threshold`, settled without comparing them in order where their shared beginning and
    /// end already reach it (the in-order similarity counts them among the tokens shared).
    fn alike(&mut self, i: usize, j: usize, threshold: f32) -> bool {
        if self.same(i, j) {
            return true;
        }
        let (a, b) = (self.old_print(i), self.new_print(j));
        shared_ends(self.prints.all(&a), self.prints.all(&b)) >= threshold
            || self.sim(i, j, threshold) >= threshold
    }

    /// In-order similarity, skipped (0) when the bags alone show it is under `threshold`.
    fn sim(&mut self, i: usize, j: usize, threshold: f32) -> f32 {
        if self.same(i, j) {
            return 1.0;
        }
        let (a, b) = (self.old_print(i), self.new_print(j));
        let (a, b) = (self.prints.all(&a), self.prints.all(&b));
        // The tokens both begin and end with are shared in order: where they alone reach the
        // threshold, so does the overlap of the bags (never below the in-order similarity), and
        // the bags need not be sorted to find out. Most units amended keep most of their words.
        if shared_ends(a, b) < threshold {
            let ob = bag_of(&mut self.old_bags, i, a);
            let nb = bag_of(&mut self.new_bags, j, b);
            if overlap(ob, nb) < threshold {
                return 0.0;
            }
        }
        similarity(a, b)
    }
}

/// The share of tokens two units have in common at their beginning and end (a lower bound of
/// their in-order [`similarity`], measured as it is).
fn shared_ends(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    let suffix = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    2.0 * (prefix + suffix) as f32 / (a.len() + b.len()) as f32
}

/// The print of `units[k]`, from `cache` or computed (an empty print for an index out of range).
fn cached(
    cache: &mut [Option<Rc<Print>>],
    k: usize,
    units: &[&Unit],
    prints: &mut Prints,
) -> Rc<Print> {
    let Some(slot) = cache.get_mut(k) else {
        return Rc::new(Print::default());
    };
    if let Some(p) = slot {
        return p.clone();
    }
    let p = match units.get(k) {
        Some(u) => prints.of(u),
        None => Rc::new(Print::default()),
    };
    *slot = Some(p.clone());
    p
}

/// The bag of `all`, from `cache` or computed.
fn bag_of<'c>(cache: &'c mut [Option<Vec<u64>>], k: usize, all: &[u64]) -> &'c [u64] {
    match cache.get_mut(k) {
        Some(slot) => slot.get_or_insert_with(|| bag(all)),
        None => &[],
    }
}

/// Pairs old and new siblings (see the module comment), cheapest evidence first:
/// 1. same number, same content;
/// 2. same content under another number (the usual renumbering) — by hash, not by comparing
///    every unit with every other;
/// 3. same number, other content: paired if alike enough, else set aside;
/// 4. what is left, by similarity — with many units left, each compared only with those at a
///    similar rank among the leftovers (renumbering shifts units, it does not scatter them);
/// 5. a pair set aside in 3 whose units found nothing better: same number, new text.
fn align(old: &[&Unit], new: &[&Unit], prints: &mut Prints) -> Vec<Pair> {
    let mut sides = Sides::new(old, new, prints);
    let kind_old = |i: usize| old.get(i).map(|u| u.kind);
    let kind_new = |j: usize| new.get(j).map(|u| u.kind);
    let mut old_free = vec![true; old.len()];
    let mut new_free = vec![true; new.len()];
    let free = |v: &[bool], k: usize| v.get(k) == Some(&true);
    let take = |i: usize, j: usize, old_free: &mut [bool], new_free: &mut [bool]| {
        if let (Some(a), Some(b)) = (old_free.get_mut(i), new_free.get_mut(j)) {
            *a = false;
            *b = false;
        }
    };
    let mut pairs = Vec::new();

    // Same number (known numbers only; the first of duplicates).
    let mut new_by_number: BTreeMap<(UnitKind, &str), usize> = BTreeMap::new();
    for (j, u) in new.iter().enumerate() {
        if let UnitNumber::Known(n) = &u.number.node {
            new_by_number.entry((u.kind, n.as_str())).or_insert(j);
        }
    }
    let by_number: Vec<(usize, usize)> = old
        .iter()
        .enumerate()
        .filter_map(|(i, u)| match &u.number.node {
            UnitNumber::Known(n) => new_by_number.get(&(u.kind, n.as_str())).map(|&j| (i, j)),
            UnitNumber::Unknown | UnitNumber::Unreadable => None,
        })
        .collect();

    // 1.
    for &(i, j) in &by_number {
        if !free(&new_free, j) {
            continue;
        }
        let unchanged = sides.unchanged(i, j);
        if unchanged || sides.same_tokens(i, j) {
            take(i, j, &mut old_free, &mut new_free);
            pairs.push(Pair {
                old: i,
                new: j,
                unchanged: Some(unchanged),
            });
        }
    }
    // 2.
    let mut new_by_content: BTreeMap<(Option<UnitKind>, u64), Vec<usize>> = BTreeMap::new();
    for j in (0..new.len()).filter(|&j| free(&new_free, j)) {
        let p = sides.new_print(j);
        let h = content_key(sides.prints.all(&p));
        new_by_content.entry((kind_new(j), h)).or_default().push(j);
    }
    for i in 0..old.len() {
        if !free(&old_free, i) {
            continue;
        }
        let p = sides.old_print(i);
        let h = content_key(sides.prints.all(&p));
        let Some(js) = new_by_content.get_mut(&(kind_old(i), h)) else {
            continue;
        };
        if let Some(pos) = js
            .iter()
            .position(|&j| free(&new_free, j) && sides.same(i, j))
        {
            let j = js.remove(pos);
            take(i, j, &mut old_free, &mut new_free);
            pairs.push(Pair::new(i, j));
        }
    }
    // 3.
    let mut weak = Vec::new();
    for &(i, j) in &by_number {
        if free(&old_free, i) && free(&new_free, j) {
            if sides.alike(i, j, WEAK_PAIR) {
                take(i, j, &mut old_free, &mut new_free);
                pairs.push(Pair::new(i, j));
            } else {
                weak.push(Pair::new(i, j));
            }
        }
    }
    // 4.
    let pool_old: Vec<usize> = (0..old.len()).filter(|&i| free(&old_free, i)).collect();
    let pool_new: Vec<usize> = (0..new.len()).filter(|&j| free(&new_free, j)).collect();
    let windowed = pool_old.len().saturating_mul(pool_new.len()) > MAX_PAIRS;
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (r, &i) in pool_old.iter().enumerate() {
        if !windowed {
            for &j in &pool_new {
                if kind_old(i) == kind_new(j) {
                    let s = sides.sim(i, j, SAME_UNIT);
                    if s >= SAME_UNIT {
                        candidates.push((s, i, j));
                    }
                }
            }
            continue;
        }
        // Many units left: nearest rank first, and a confident match ends the search — a
        // renumbered unit is usually a place or two away among the leftovers.
        let centre = r.saturating_mul(pool_new.len()) / pool_old.len().max(1);
        let near = (0..=WINDOW).flat_map(|d| {
            let after = centre.checked_add(d);
            let before = if d == 0 { None } else { centre.checked_sub(d) };
            after.into_iter().chain(before)
        });
        for k in near {
            let Some(&j) = pool_new.get(k) else { continue };
            if !free(&new_free, j) || kind_old(i) != kind_new(j) {
                continue;
            }
            let s = sides.sim(i, j, SAME_UNIT);
            if s >= CONFIDENT {
                take(i, j, &mut old_free, &mut new_free);
                pairs.push(Pair::new(i, j));
                break;
            }
            if s >= SAME_UNIT {
                candidates.push((s, i, j));
            }
        }
    }
    // Best first; ties to the earlier units, so the result depends on nothing else.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if free(&old_free, i) && free(&new_free, j) {
            take(i, j, &mut old_free, &mut new_free);
            pairs.push(Pair::new(i, j));
        }
    }
    // 5.
    for p in weak {
        if free(&old_free, p.old) && free(&new_free, p.new) {
            take(p.old, p.new, &mut old_free, &mut new_free);
            pairs.push(p);
        }
    }
    pairs
}

/// Indices (into `xs`) of one longest strictly increasing subsequence; O(n log n).
fn longest_increasing(xs: &[usize]) -> std::collections::BTreeSet<usize> {
    let mut tails: Vec<usize> = Vec::new(); // indices into xs
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        let pos = tails.partition_point(|&t| xs.get(t).is_some_and(|&v| v < x));
        if pos > 0
            && let Some(p) = prev.get_mut(i)
        {
            *p = tails.get(pos - 1).copied();
        }
        if pos == tails.len() {
            tails.push(i);
        } else if let Some(t) = tails.get_mut(pos) {
            *t = i;
        }
    }
    let mut out = std::collections::BTreeSet::new();
    let mut k = tails.last().copied();
    while let Some(i) = k {
        out.insert(i);
        k = prev.get(i).copied().flatten();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amend::words::render;
    use crate::syntax::parse_law;

    const HEAD: &str = "act criminal-code \"CC\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"G\"\n  language en, sq\n  rendering unofficial\n";

    fn law(body: &str) -> LawFile {
        let (f, d) = parse_law(&format!("{HEAD}{body}"));
        assert!(d.is_empty(), "{d:#?}");
        f
    }

    fn summary(d: &ActDiff) -> Vec<String> {
        d.units
            .iter()
            .map(|u| {
                let o = u.old.as_ref().map_or("-", |p| p.label.as_str());
                let n = u.new.as_ref().map_or("-", |p| p.label.as_str());
                let s = u.similarity.map(|s| format!(" {s}%")).unwrap_or_default();
                format!("{:?} {o} -> {n}{s}", u.change)
            })
            .collect()
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let a = law("article 1\n  text en: x y z\n  offence\n    conduct sell\n");
        let d = diff_acts(Some(&a), Some(&a));
        assert!(d.is_empty());
        assert_eq!(d.counts, Counts::default());
    }

    #[test]
    fn comments_and_verified_are_not_changes() {
        let a = law("article 1\n  text en: x\n  verified no\n");
        let b = law("# note\narticle 1 # c\n  # c\n  text en: x\n  verified yes \"read\"\n");
        assert!(diff_acts(Some(&a), Some(&b)).is_empty());
    }

    #[test]
    fn a_changed_penalty_is_a_change_with_the_same_text() {
        let a = law(
            "article 1\n  text en: x\n  offence\n    conduct sell\n    penalty prison 3m..3y\n",
        );
        let b = law(
            "article 1\n  text en: x\n  offence\n    conduct sell\n    penalty prison 1y..6y\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(summary(&d), ["Changed article 1 -> article 1"]);
        let u = &d.units[0];
        assert!(u.texts.is_empty());
        assert_eq!(
            u.tags,
            [
                TagLine {
                    op: Change::Delete,
                    line: "  penalty prison 3m..3y".into()
                },
                TagLine {
                    op: Change::Insert,
                    line: "  penalty prison 1y..6y".into()
                },
            ]
        );
    }

    #[test]
    fn inserted_paragraph_shifts_the_others() {
        let a = law(
            "article 265\n  para 1\n    text en: Whoever carries goods across the customs line evading customs supervision.\n  para 2\n    text en: Whoever sells, distributes or conceals goods that were not cleared through customs.\n  para 3\n    text en: The goods that are the object of the offence are confiscated.\n",
        );
        let b = law(
            "article 265\n  para 1\n    text en: Whoever carries goods across the customs line evading customs supervision.\n  para 2\n    text en: Whoever carries across the customs line a larger quantity of weapons or ammunition.\n  para 3\n    text en: Whoever sells, distributes or conceals goods that were not cleared through customs.\n  para 4\n    text en: The goods that are the object of the offence are confiscated.\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(
            summary(&d),
            [
                "Inserted - -> article 265 para 2",
                "Renumbered article 265 para 2 -> article 265 para 3 100%",
                "Renumbered article 265 para 3 -> article 265 para 4 100%",
            ]
        );
    }

    #[test]
    fn renumbered_article_with_similarity() {
        let a = law(
            "article 396 \"Trade\"\n  text en: Whoever without authorisation makes, holds or sells firearms, ammunition or explosives.\n",
        );
        let b = law(
            "article 396-a \"Trade\"\n  text en: Whoever without authorisation makes, holds, sells or brokers firearms, ammunition or explosives.\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(summary(&d), ["Renumbered article 396 -> article 396-a 88%"]);
        let u = &d.units[0];
        assert!(u.content_changed);
        assert_eq!(
            render(&u.texts[0].pieces, false),
            "Whoever without authorisation makes, holds{+, sells+} or [-sells-]{+brokers+} firearms, ammunition or explosives."
        );
    }

    #[test]
    fn reordered_paragraphs_are_moved_not_rewritten() {
        let a = law(
            "article 1\n  para 1\n    text en: first paragraph text here\n  para 2\n    text en: second paragraph text here\n  para 3\n    text en: third\n",
        );
        let b = law(
            "article 1\n  para 2\n    text en: second paragraph text here\n  para 1\n    text en: first paragraph text here\n  para 3\n    text en: third\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(
            summary(&d),
            ["Moved article 1 para 1 -> article 1 para 1 100%"]
        );
        assert!(!d.units[0].content_changed);
    }

    #[test]
    fn swapped_texts_are_renumberings() {
        let a = law(
            "article 1\n  para 1\n    text en: alpha beta gamma delta\n  para 2\n    text en: one two three four\n",
        );
        let b = law(
            "article 1\n  para 1\n    text en: one two three four\n  para 2\n    text en: alpha beta gamma delta\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(
            summary(&d),
            [
                "Renumbered article 1 para 2 -> article 1 para 1 100%",
                "Renumbered article 1 para 1 -> article 1 para 2 100%"
            ]
        );
    }

    #[test]
    fn repealed_and_inserted_units_in_place() {
        let a =
            law("article 1\n  text en: a\narticle 2\n  text en: b b b\narticle 3\n  text en: c\n");
        let b = law(
            "article 1\n  text en: a\narticle 3\n  text en: c\narticle 4 \"New\"\n  para 1\n    text en: d\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(
            summary(&d),
            [
                "Repealed article 2 -> -",
                "Inserted - -> article 4",
                "Inserted - -> article 4 para 1"
            ]
        );
        assert_eq!(d.counts.inserted, 2);
        assert_eq!(d.units[1].title.as_ref().unwrap()[0].text, "New");
    }

    #[test]
    fn decomposed_text_is_no_change() {
        let a = law("article 1\n  text sq: Kush prodhon armë\n");
        let b = law("article 1\n  text sq: Kush prodhon arme\u{308}\n");
        assert!(diff_acts(Some(&a), Some(&b)).is_empty());
    }

    #[test]
    fn unknown_numbers_pair_by_content() {
        let a = law(
            "article ? \"Complicity\"\n  rule complicity covers ?\narticle ? \"Confiscation\"\n  rule confiscation covers ?\n",
        );
        let b = law(
            "article ? \"Complicity\"\n  rule complicity covers ?\narticle ? \"Blueprints\"\n  offence\n    conduct possess\narticle ? \"Confiscation\"\n  rule confiscation covers ?\n",
        );
        let d = diff_acts(Some(&a), Some(&b));
        assert_eq!(summary(&d), ["Inserted - -> article ?2"]);
        assert_eq!(d.units[0].new.as_ref().unwrap().address, "art-?2");
    }

    #[test]
    fn addresses() {
        let p = place(&[
            (UnitKind::Article, "278/a".into()),
            (UnitKind::Para, "1".into()),
            (UnitKind::Point, "b".into()),
        ]);
        assert_eq!(p.address, "art-278.a/para-1/pt-b");
        assert_eq!(p.label, "article 278/a para 1 point b");
    }

    /// One article of the equivalence test: number, title, text, a tag, paragraphs.
    #[derive(Clone, Debug)]
    struct Art {
        number: &'static str,
        title: Option<&'static str>,
        text: Vec<&'static str>,
        tag: Option<&'static str>,
        paras: Vec<(&'static str, Vec<&'static str>)>,
        comment: bool,
    }

    fn render_art(a: &Art) -> String {
        let mut s = format!("article {}", a.number);
        if let Some(t) = a.title {
            s += &format!(" \"{t}\"");
        }
        if a.comment {
            s += " # note";
        }
        s += "\n";
        if !a.text.is_empty() {
            s += &format!("  text en: {}\n", a.text.join(" "));
        }
        if let Some(t) = a.tag {
            let note = if a.comment { " # c" } else { "" };
            s += &format!("  offence\n    conduct {t}{note}\n");
        }
        for (n, words) in &a.paras {
            s += &format!("  para {n}\n    text en: {}\n", words.join(" "));
        }
        s
    }

    fn art() -> impl proptest::strategy::Strategy<Value = Art> {
        use proptest::prelude::*;
        let num = prop::sample::select(vec!["1", "2", "3", "3-a", "?"]);
        let word = prop::sample::select(vec![
            "whoever",
            "sells",
            "arms",
            "5",
            ",",
            "armë",
            "arme\u{308}",
        ]);
        let words = prop::collection::vec(word.clone(), 0..5);
        let para = (
            prop::sample::select(vec!["1", "2", "?"]),
            prop::collection::vec(word, 1..4),
        );
        (
            num,
            prop::option::of(prop::sample::select(vec!["Trade", "Arms"])),
            words,
            prop::option::of(prop::sample::select(vec!["sell", "possess"])),
            prop::collection::vec(para, 0..3),
            any::<bool>(),
        )
            .prop_map(|(number, title, text, tag, paras, comment)| Art {
                number,
                title,
                text,
                tag,
                paras,
                comment,
            })
    }

    /// How a new version treats an article of the pool: as it is, or edited.
    fn edit(a: &Art, how: u8) -> Art {
        let mut a = a.clone();
        match how {
            0..=2 => {}
            3 => a.number = if a.number == "1" { "2" } else { "1" },
            4 => a.text.push("sells"),
            5 => a.comment = !a.comment,
            6 => {
                a.paras.reverse();
            }
            _ => {
                a.paras.pop();
            }
        }
        a
    }

    proptest::proptest! {
        /// The shortcuts for units equal as syntax trees give the same comparison as
        /// tokenising and comparing every unit.
        #[test]
        fn shortcuts_change_nothing(
            pool in proptest::collection::vec(art(), 1..6),
            old in proptest::collection::vec(0usize..6, 0..8),
            new in proptest::collection::vec((0usize..6, 0u8..8), 0..8),
        ) {
            let pick = |k: usize| pool.get(k % pool.len()).cloned();
            let a: String = old.iter().filter_map(|&k| pick(k)).map(|x| render_art(&x)).collect();
            let b: String = new
                .iter()
                .filter_map(|&(k, how)| pick(k).map(|x| edit(&x, how)))
                .map(|x| render_art(&x))
                .collect();
            let (a, _) = parse_law(&format!("{HEAD}{a}"));
            let (b, _) = parse_law(&format!("{HEAD}{b}"));
            let fast = format!("{:?}", diff_acts(Some(&a), Some(&b)));
            let slow = format!("{:?}", diff_acts_reference(Some(&a), Some(&b)));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn shortcuts_change_nothing_on_the_examples() {
        let cases = [
            (
                "article 1\n  text en: a b\narticle 1\n  text en: c\n",
                "article 1\n  text en: c\narticle 1\n  text en: a b\n",
            ),
            (
                "article ?\n  text en: a\narticle ?\n  text en: a\n",
                "article ?\n  text en: a\n",
            ),
            (
                "article 1\n  para 1\n    text en: x\n  para 2\n    text en: y\n",
                "article 1\n  para 2\n    text en: x\n  para 3\n    text en: y\n",
            ),
        ];
        for (a, b) in cases {
            let (a, b) = (law(a), law(b));
            for (x, y) in [(&a, &b), (&b, &a), (&a, &a)] {
                assert_eq!(
                    format!("{:?}", diff_acts(Some(x), Some(y))),
                    format!("{:?}", diff_acts_reference(Some(x), Some(y)))
                );
            }
        }
    }

    #[test]
    fn unchanged_reads_what_the_comparison_reads() {
        let unit = |body: &str| {
            let f = law(body);
            articles(Some(&f)).first().map(|u| (*u).clone()).unwrap()
        };
        let base = "article 1 \"T\"\n  text en: x y\n  offence\n    conduct sell\n  para 1\n    text en: z\n";
        let a = unit(base);
        let same = [
            "# moved\n\narticle 1 \"T\" # note\n  text en: x y\n  # a note\n  offence\n    conduct sell\n  verified yes \"r\"\n  para 1\n    text en: z\n",
        ];
        // Not unchanged as far as the shortcut can tell, but no change once compared by tokens.
        let commented = "article 1 \"T\"\n  text en: x y\n  offence # o\n    conduct sell # c\n  para 1\n    text en: z\n";
        assert!(!unchanged(&a, &unit(commented)));
        let (x, y) = (law(base), law(commented));
        assert!(diff_acts(Some(&x), Some(&y)).is_empty());
        let other = [
            "article 1 \"T\"\n  text en: x z\n  offence\n    conduct sell\n  para 1\n    text en: z\n",
            "article 2 \"T\"\n  text en: x y\n  offence\n    conduct sell\n  para 1\n    text en: z\n",
            "article 1\n  text en: x y\n  offence\n    conduct sell\n  para 1\n    text en: z\n",
            "article 1 \"T\"\n  text en: x y\n  offence\n    conduct possess\n  para 1\n    text en: z\n",
            "article 1 \"T\"\n  text en: x y\n  offence\n    conduct sell\n  para 2\n    text en: z\n",
            "article 1 \"T\"\n  text en: x y\n  offence\n    conduct sell\n  para 1\n    text en: y\n",
            "article 1 \"T\"\n  text en: x y\n  offence\n    conduct sell\n",
            "article 1 \"T\"\n  text sq: x y\n  offence\n    conduct sell\n  para 1\n    text en: z\n",
        ];
        assert!(unchanged(&a, &a));
        for b in same {
            assert!(unchanged(&a, &unit(b)), "{b}");
        }
        for b in other {
            assert!(!unchanged(&a, &unit(b)), "{b}");
        }
    }

    /// A text's print is that of its value: its lines are tokenised one by one, not joined.
    #[test]
    fn a_text_on_several_lines_prints_as_its_value() {
        let lines = [
            "Kush prodhon arme\u{308}",
            "\u{301}zjarri, 5 vjet",
            "",
            "ose shet",
        ];
        let text = Text::new(
            crate::syntax::Spanned::new("sq".into(), crate::syntax::Span::default()),
            lines
                .iter()
                .map(|l| {
                    crate::syntax::Spanned::new((*l).to_string(), crate::syntax::Span::default())
                })
                .collect(),
            crate::syntax::Span::default(),
        );
        let unit = Unit {
            kind: UnitKind::Article,
            number: crate::syntax::Spanned::new(
                UnitNumber::Unknown,
                crate::syntax::Span::default(),
            ),
            title: None,
            trailing: None,
            body: vec![Entry::Text(text.clone())],
            span: crate::syntax::Span::default(),
        };
        let joined: Vec<u64> = token_iter(&nfc(text.value()))
            .map(|t| token_hash(t.text))
            .collect();
        let mut prints = Prints::default();
        let p = prints.of(&unit);
        assert_eq!(prints.text(&p), joined);
    }

    /// The hashes worked out while cutting are those of the tokens cut.
    #[test]
    fn token_hashes_while_cutting_are_the_tokens_hashes() {
        for text in [
            "",
            "Whoever sells 12 arms, ammunition (or parts) -- 3.5",
            "Kush prodhon armë zjarri, 5 vjet; ůëkr đełođe Ђ ж ½ 中 e\u{308} 😀 ٣٤",
        ] {
            let mut fast = Vec::new();
            push_token_hashes(text, &mut fast);
            let plain: Vec<u64> = token_iter(text).map(|t| token_hash(t.text)).collect();
            assert_eq!(fast, plain, "{text}");
        }
    }

    proptest::proptest! {
        /// The shared beginning and end never exceed what the bags or the in-order comparison
        /// find in common, so a pair they let through would have passed the bags too.
        #[test]
        fn shared_ends_is_a_lower_bound(
            a in proptest::collection::vec(0u64..4, 0..12),
            b in proptest::collection::vec(0u64..4, 0..12),
        ) {
            let ends = shared_ends(&a, &b);
            proptest::prop_assert!(ends <= overlap(&bag(&a), &bag(&b)));
            proptest::prop_assert!(ends <= similarity(&a, &b));
        }
    }

    #[test]
    fn longest_increasing_run() {
        let s = longest_increasing(&[0, 2, 1, 3]);
        assert_eq!(s.len(), 3);
    }
}
