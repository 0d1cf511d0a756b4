//! Small edits of a `.law` syntax tree that drafting makes: finding a unit by its address,
//! adding tag lines, taking out narrowing elements, raising a penalty, extending a closed list.
//! Every edit only widens what a provision reaches (see docs/draft.md).

use crate::syntax::ast::{
    Bound, Condition, Duration, Entry, Item, LawFile, Offence, OffenceLine, Penalty, PenaltyTerm,
    Range, Ref, TagLine, Text, Unit, UnitKind, UnitNumber, Value,
};
use crate::syntax::{Span, Spanned};

/// Where a unit is in its act: `article 403b para 1 point a`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitPath {
    pub article: String,
    pub para: Option<String>,
    pub points: Vec<String>,
}

impl UnitPath {
    /// The path of an address of the act whose addresses start with `prefix`
    /// (`ME/criminal-code@2023-12-31/`); `None` for another act's address or an article whose
    /// number is not known.
    pub fn from_address(address: &str, prefix: &str) -> Option<UnitPath> {
        let rest = address.strip_prefix(prefix)?;
        let mut segs = rest.split('/');
        let article = segs.next()?.strip_prefix("art-")?;
        if article.starts_with('?') {
            return None;
        }
        let mut path = UnitPath {
            article: article.replace('.', "/"),
            para: None,
            points: Vec::new(),
        };
        for s in segs {
            if let Some(p) = s.strip_prefix("para-") {
                path.para = Some(p.to_string());
            } else if let Some(p) = s.strip_prefix("pt-") {
                path.points.push(p.to_string());
            } else {
                return None;
            }
        }
        Some(path)
    }

    /// The path a reference of the act amended names; `None` for another act's, or one whose
    /// numbers are not known.
    pub fn from_ref(r: &Ref) -> Option<UnitPath> {
        if r.act.is_some() {
            return None;
        }
        let known = |n: &Spanned<UnitNumber>| n.node.known().map(str::to_string);
        Some(UnitPath {
            article: known(r.article.as_ref()?)?,
            para: match &r.para {
                Some(p) => Some(known(p)?),
                None => None,
            },
            points: r.points.iter().map(known).collect::<Option<Vec<_>>>()?,
        })
    }

    /// The path of a unit of the act amended from an address of any of its versions
    /// (`ME/criminal-code@2024-01-01/art-403d` for `act` `ME/criminal-code`).
    pub fn in_act(address: &str, act: &str) -> Option<UnitPath> {
        let rest = address.strip_prefix(act)?.strip_prefix('@')?;
        let slash = rest.find('/')?;
        let prefix_len = address.len() - rest.len() + slash + 1;
        UnitPath::from_address(address, address.get(..prefix_len)?)
    }

    pub fn article(number: &str) -> UnitPath {
        UnitPath {
            article: number.to_string(),
            para: None,
            points: Vec::new(),
        }
    }

    /// The reference a bill or a `listed` condition writes for it.
    pub fn to_ref(&self) -> Ref {
        let n = |s: &str| Spanned::new(UnitNumber::Known(s.to_string()), Span::default());
        Ref {
            act: None,
            act_carried: false,
            article: Some(n(&self.article)),
            para: self.para.as_deref().map(n),
            points: self.points.iter().map(|p| n(p)).collect(),
        }
    }

    /// `article 403b para 1`.
    pub fn describe(&self) -> String {
        self.to_ref().to_string()
    }

    /// Whether `self` lies inside `other` (or is it).
    pub fn within(&self, other: &UnitPath) -> bool {
        self.article == other.article
            && match (&other.para, &self.para) {
                (None, _) => other.points.is_empty(),
                (Some(a), Some(b)) => a == b && self.points.starts_with(&other.points),
                (Some(_), None) => false,
            }
    }

    pub fn kind(&self) -> UnitKind {
        if !self.points.is_empty() {
            UnitKind::Point
        } else if self.para.is_some() {
            UnitKind::Para
        } else {
            UnitKind::Article
        }
    }
}

fn known(n: &Spanned<UnitNumber>, s: &str) -> bool {
    matches!(&n.node, UnitNumber::Known(k) if k == s)
}

fn child_mut<'a>(u: &'a mut Unit, kind: UnitKind, number: &str) -> Option<&'a mut Unit> {
    u.body.iter_mut().find_map(|e| match e {
        Entry::Unit(c) if c.kind == kind && known(&c.number, number) => Some(c),
        _ => None,
    })
}

/// The unit at `path`.
pub fn unit_mut<'a>(law: &'a mut LawFile, path: &UnitPath) -> Option<&'a mut Unit> {
    let mut u = law.items.iter_mut().find_map(|i| match i {
        Item::Article(a) if known(&a.number, &path.article) => Some(a),
        _ => None,
    })?;
    if let Some(p) = &path.para {
        u = child_mut(u, UnitKind::Para, p)?;
    }
    for p in &path.points {
        u = child_mut(u, UnitKind::Point, p)?;
    }
    Some(u)
}

/// The unit at `path`, read-only.
pub fn unit<'a>(law: &'a LawFile, path: &UnitPath) -> Option<&'a Unit> {
    let mut u = law.items.iter().find_map(|i| match i {
        Item::Article(a) if known(&a.number, &path.article) => Some(a),
        _ => None,
    })?;
    let child = |u: &'a Unit, kind: UnitKind, n: &str| {
        u.children().find(|c| c.kind == kind && known(&c.number, n))
    };
    if let Some(p) = &path.para {
        u = child(u, UnitKind::Para, p)?;
    }
    for p in &path.points {
        u = child(u, UnitKind::Point, p)?;
    }
    Some(u)
}

/// The unit's only offence block (`None` where it has none or several: a unit that defines two
/// offences is not edited, as which one to extend is the drafters' call).
pub fn only_offence_mut(u: &mut Unit) -> Option<&mut Offence> {
    let count = u
        .body
        .iter()
        .filter(|e| matches!(e, Entry::Offence(_)))
        .count();
    if count != 1 {
        return None;
    }
    u.body.iter_mut().find_map(|e| match e {
        Entry::Offence(o) => Some(o),
        _ => None,
    })
}

pub fn sp<T>(x: T) -> Spanned<T> {
    Spanned::new(x, Span::default())
}

pub fn tag_line(facet: &str, values: &[String]) -> TagLine {
    TagLine {
        facet: sp(facet.to_string()),
        one_of: false,
        values: values.iter().map(|v| sp(Value::Ident(v.clone()))).collect(),
        limit: None,
        trailing: None,
        span: Span::default(),
    }
}

/// Adds a tag line after the last tag line of the same facet (or after the last tag line),
/// leaving out values a line of the facet without a limit of its own already states.
pub fn add_tag_line(o: &mut Offence, facet: &str, values: &[String]) {
    let stated: Vec<String> = o
        .tags()
        .filter(|t| t.facet.node == facet && t.limit.is_none())
        .flat_map(|t| t.values.iter())
        .filter_map(|v| match &v.node {
            Value::Ident(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    let values: Vec<String> = values
        .iter()
        .filter(|v| !stated.contains(v))
        .cloned()
        .collect();
    if values.is_empty() {
        return;
    }
    let values = values.as_slice();
    let pos = o
        .lines
        .iter()
        .rposition(|l| matches!(l, OffenceLine::Tag(t) if t.facet.node == facet))
        .or_else(|| {
            o.lines
                .iter()
                .rposition(|l| matches!(l, OffenceLine::Tag(_)))
        })
        .map_or(0, |i| i + 1);
    o.lines
        .insert(pos, OffenceLine::Tag(tag_line(facet, values)));
}

/// Takes the narrowing values `remove` out of the offence's `requires` lines (a line left empty
/// goes). Returns the values taken out.
pub fn remove_requires(o: &mut Offence, remove: &[String]) -> Vec<String> {
    let mut taken = Vec::new();
    for l in &mut o.lines {
        if let OffenceLine::Tag(t) = l
            && t.facet.node == "requires"
        {
            t.values.retain(|v| match &v.node {
                Value::Ident(id) if remove.contains(id) => {
                    taken.push(id.clone());
                    false
                }
                _ => true,
            });
        }
    }
    o.lines.retain(
        |l| !matches!(l, OffenceLine::Tag(t) if t.facet.node == "requires" && t.values.is_empty()),
    );
    taken
}

/// Adds `expressly KIND` to the offence (to its `expressly` line if it has one). False when it
/// says so already (nothing added).
pub fn add_expressly(o: &mut Offence, kind: &str) -> bool {
    for l in &mut o.lines {
        if let OffenceLine::Expressly { values, .. } = l {
            if values
                .iter()
                .any(|v| matches!(&v.node, Value::Ident(k) if k == kind))
            {
                return false;
            }
            values.push(sp(Value::Ident(kind.to_string())));
            return true;
        }
    }
    let pos = o
        .lines
        .iter()
        .rposition(|l| matches!(l, OffenceLine::Penalty(_)))
        .map_or(o.lines.len(), |i| i + 1);
    o.lines.insert(
        pos,
        OffenceLine::Expressly {
            values: vec![sp(Value::Ident(kind.to_string()))],
            trailing: None,
            span: Span::default(),
        },
    );
    true
}

/// Adds `class CLASS` to an offence that states none.
pub fn add_class(o: &mut Offence, class: &str) {
    if o.class().is_some() {
        return;
    }
    o.lines.push(OffenceLine::Class {
        class: sp(class.to_string()),
        trailing: None,
        span: Span::default(),
    });
}

/// The penalty's greatest known maximum of imprisonment (life counts as above any).
pub fn max_of(p: &Penalty) -> Option<Duration> {
    p.terms
        .iter()
        .filter_map(|(_, t)| match &t.node {
            PenaltyTerm::Prison(Range { max: Some(m), .. }) => match m.node {
                Bound::Known(d) => Some(d),
                Bound::Unknown => None,
            },
            PenaltyTerm::Life => Some(Duration::from_years(100)),
            _ => None,
        })
        .max()
}

/// Raises the maximum of the penalty's imprisonment terms that fall short of `to` (an unknown
/// maximum, or an open range, is set to `to`); adds `or prison ..TO` where it has no
/// imprisonment. Returns the penalty as it was, in words, when it changed anything.
pub fn raise_max(p: &mut Penalty, to: Duration) -> Option<String> {
    let before = crate::syntax::format::penalty(p);
    let mut any_prison = false;
    for (_, t) in &mut p.terms {
        if let PenaltyTerm::Prison(r) = &mut t.node {
            any_prison = true;
            let short = match &r.max {
                Some(m) => match m.node {
                    Bound::Known(d) => d < to,
                    Bound::Unknown => true,
                },
                // `MIN..` has no maximum: "at least", never short; `..` alone is not written.
                None => r.min.is_none(),
            };
            let min_above = r
                .min
                .as_ref()
                .is_some_and(|m| matches!(m.node, Bound::Known(d) if d > to));
            if short && !min_above {
                r.max = Some(sp(Bound::Known(to)));
            }
        }
        if matches!(t.node, PenaltyTerm::Life) {
            any_prison = true;
        }
    }
    if !any_prison {
        p.terms.push((
            Some(crate::syntax::ast::Joiner::Or),
            sp(PenaltyTerm::Prison(Range {
                min: None,
                max: Some(sp(Bound::Known(to))),
            })),
        ));
    }
    let after = crate::syntax::format::penalty(p);
    (after != before).then_some(before)
}

/// The offence's penalty, mutable.
pub fn penalty_mut(o: &mut Offence) -> Option<&mut Penalty> {
    o.lines.iter_mut().find_map(|l| match l {
        OffenceLine::Penalty(p) => Some(p),
        _ => None,
    })
}

/// Adds `value` to what the unit's unconditional rule of `kind` covers (`rule confiscation
/// covers proceeds` → `… covers proceeds, instrumentalities`). Returns whether it was added.
pub fn add_covers(u: &mut Unit, kind: &str, value: &str) -> bool {
    for e in &mut u.body {
        let Entry::Rule(r) = e else { continue };
        let unconditional =
            r.when.is_empty() || r.when.iter().any(|c| matches!(c.node, Condition::Always));
        if r.kind.node != kind || !unconditional {
            continue;
        }
        if r.covers
            .iter()
            .any(|c| matches!(&c.node, Value::Ident(v) if v == value))
        {
            return false;
        }
        r.covers.push(sp(Value::Ident(value.to_string())));
        return true;
    }
    false
}

/// Takes the own narrowing element (`requires …` at the end of the line) out of the offence's
/// tag line of `facet` stating exactly `stated`; the line then reaches its values outright.
/// Returns whether a line was changed.
pub fn remove_line_limit(o: &mut Offence, facet: &str, stated: &[String]) -> bool {
    let mut changed = false;
    for l in &mut o.lines {
        let OffenceLine::Tag(t) = l else { continue };
        if t.facet.node != facet || t.limit.is_none() {
            continue;
        }
        let values: Vec<String> = t.values.iter().map(|v| v.node.to_string()).collect();
        if values == stated {
            t.limit = None;
            changed = true;
        }
    }
    changed
}

/// Adds `refs` to every `listed` condition of the unit's rules of `kind` (those not listed
/// already). Returns whether anything was added.
pub fn extend_listed(u: &mut Unit, kind: &str, refs: &[Ref]) -> bool {
    let mut changed = false;
    for e in &mut u.body {
        let Entry::Rule(r) = e else { continue };
        if r.kind.node != kind {
            continue;
        }
        for c in &mut r.when {
            if let Condition::Listed(list) = &mut c.node {
                for add in refs {
                    if !list.iter().any(|x| same_ref(&x.node, add)) {
                        list.push(sp(add.clone()));
                        changed = true;
                    }
                }
            }
        }
    }
    changed
}

fn same_ref(a: &Ref, b: &Ref) -> bool {
    a.act.as_ref().map(|x| &x.node) == b.act.as_ref().map(|x| &x.node)
        && a.article.as_ref().map(|x| &x.node) == b.article.as_ref().map(|x| &x.node)
        && a.para.as_ref().map(|x| &x.node) == b.para.as_ref().map(|x| &x.node)
        && a.points
            .iter()
            .map(|x| &x.node)
            .eq(b.points.iter().map(|x| &x.node))
}

/// Replaces the unit's own texts: the English one by `english`, every other language by a
/// visible placeholder for the drafters' wording (lexgap does not translate law). A unit with
/// no English text gets one.
pub fn set_texts(u: &mut Unit, english: &str, placeholder: &dyn Fn(&str) -> String) {
    mark_draft_verification(u);
    let mut had_en = false;
    for e in &mut u.body {
        if let Entry::Text(t) = e {
            let lang = t.lang.node.clone();
            let value = if &*lang == "en" {
                had_en = true;
                english.to_string()
            } else {
                placeholder(&lang)
            };
            *t = text(&lang, &value);
        }
    }
    if !had_en {
        let pos = u
            .body
            .iter()
            .rposition(|e| matches!(e, Entry::Text(_)))
            .map_or(0, |i| i + 1);
        u.body.insert(pos, Entry::Text(text("en", english)));
    }
}

/// Marks the unit's own verification: what the draft changed was not read in any official text.
pub fn mark_draft_verification(u: &mut Unit) {
    if u.verified()
        .and_then(|v| v.note.as_ref())
        .is_some_and(|n| n.node.starts_with("a draft of lexgap's"))
    {
        return;
    }
    let was = u.verified().map(|v| {
        let status = match v.status.node {
            crate::syntax::ast::Verification::Yes => "yes",
            crate::syntax::ast::Verification::Partly => "partly",
            crate::syntax::ast::Verification::No => "no",
        };
        match &v.note {
            Some(n) if n.node.starts_with("amended by lexgap draft") => n.node.clone(),
            Some(n) => format!(
                "amended by lexgap draft; the text in force was verified {status}: {}",
                n.node
            ),
            None => format!("amended by lexgap draft; the text in force was verified {status}"),
        }
    });
    let note = was.unwrap_or_else(|| "amended by lexgap draft".to_string());
    u.body.retain(|e| !matches!(e, Entry::Verified(_)));
    u.body.push(Entry::Verified(crate::syntax::ast::Verified {
        status: sp(crate::syntax::ast::Verification::No),
        note: Some(sp(note)),
        trailing: None,
    }));
}

/// A text entry, its value broken into lines of about 90 characters.
pub fn text(lang: &str, value: &str) -> Text {
    let mut lines: Vec<Spanned<String>> = Vec::new();
    let mut cur = String::new();
    for w in value.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + w.chars().count() > 88 {
            lines.push(sp(std::mem::take(&mut cur)));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(sp(cur));
    }
    Text::new(
        sp(crate::syntax::ast::Lang::from(lang)),
        lines,
        Span::default(),
    )
}

/// The unit's own texts in languages other than English: (language, text).
pub fn original_texts(u: &Unit) -> Vec<(String, String)> {
    u.texts()
        .filter(|t| &*t.lang.node != "en")
        .map(|t| (t.lang.node.to_string(), t.value().to_string()))
        .collect()
}

/// Whether the penalty has an unknown term or bound (`?`).
pub fn has_unknown(p: &Penalty) -> bool {
    p.terms.iter().any(|(_, t)| match &t.node {
        PenaltyTerm::Unknown => true,
        PenaltyTerm::Prison(r) => [&r.min, &r.max]
            .iter()
            .any(|b| b.as_ref().is_some_and(|b| b.node == Bound::Unknown)),
        _ => false,
    })
}

/// The English text of an amended unit: the text in force (our rendering), then what the
/// draft changes, marked as a draft in our own words.
pub fn amended_english(old: Option<String>, change: &str) -> String {
    let mark = format!("[DRAFT AMENDMENT, our own words: {change}.]");
    match old {
        Some(t) if t.contains("[DRAFT AMENDMENT") => {
            let t = t.trim_end_matches(']').to_string();
            let t = t.trim_end_matches('.');
            format!("{t}; {change}.]")
        }
        Some(t) => format!("{t} {mark}"),
        None => mark,
    }
}

/// The placeholder for the drafters' wording in `lang`: where the unit has a text in force in
/// that language, its first words are quoted so the drafters see what they amend.
pub fn placeholder(lang: &str, old: &[(String, String)]) -> String {
    match old.iter().find(|(l, _)| l == lang) {
        Some((_, text)) if !text.starts_with("[DRAFT") => {
            let mut quoted: String = text.chars().take(160).collect();
            if text.chars().count() > 160 {
                quoted.push('…');
            }
            format!(
                "[DRAFT: the working group's wording in `{lang}` goes here (lexgap does not translate law); the wording in force begins: {quoted}]"
            )
        }
        Some((_, text)) => text.clone(),
        None => format!(
            "[DRAFT: the wording in `{lang}` is for the working group to write; lexgap does not translate law]"
        ),
    }
}

/// The English text of a unit, if it has one.
pub fn english(u: &Unit) -> Option<String> {
    u.texts()
        .find(|t| &*t.lang.node == "en")
        .map(|t| t.value().to_string())
}

/// Inserts `article` just after the article numbered `after` (at the end when there is none).
pub fn insert_article_after(law: &mut LawFile, after: &str, article: Unit) {
    let pos = law
        .items
        .iter()
        .position(|i| matches!(i, Item::Article(a) if known(&a.number, after)))
        .map_or(law.items.len(), |i| i + 1);
    law.items.insert(pos, Item::Article(article));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_come_from_addresses() {
        let p = UnitPath::from_address(
            "AL/criminal-code@2020-05-07/art-278.a/para-1/pt-b",
            "AL/criminal-code@2020-05-07/",
        )
        .unwrap();
        assert_eq!(p.describe(), "article 278/a para 1 point b");
        assert!(p.within(&UnitPath::article("278/a")));
        assert!(!UnitPath::article("278/a").within(&p));
        assert!(
            UnitPath::from_address("AL/x@2020-05-07/art-1", "AL/criminal-code@2020-05-07/")
                .is_none()
        );
        assert!(UnitPath::from_address("X/c@2020-01-01/art-?1", "X/c@2020-01-01/").is_none());
    }

    #[test]
    fn raising_a_maximum_keeps_the_rest_of_the_penalty() {
        let (f, d) = crate::syntax::parse_law(
            "act c \"C\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"s\"\n  language en\n  rendering unofficial\n\narticle 1\n  offence\n    conduct sell\n    penalty prison 6m..3y + fine\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let mut f = f;
        let u = unit_mut(&mut f, &UnitPath::article("1")).unwrap();
        let o = only_offence_mut(u).unwrap();
        let p = penalty_mut(o).unwrap();
        assert_eq!(
            raise_max(p, Duration::from_years(4)).as_deref(),
            Some("prison 6m..3y + fine")
        );
        assert_eq!(crate::syntax::format::penalty(p), "prison 6m..4y + fine");
        assert_eq!(raise_max(p, Duration::from_years(4)), None);
    }

    #[test]
    fn a_line_limit_is_taken_out_of_the_line_stating_those_values_only() {
        let (f, d) = crate::syntax::parse_law(
            "act c \"C\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"s\"\n  language en\n  rendering unofficial\n\narticle 1\n  offence\n    conduct sell\n    conduct acquire, possess requires \"for sale\"\n    object ammunition requires \"military\"\n    penalty prison 6m..3y\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let mut f = f;
        let u = unit_mut(&mut f, &UnitPath::article("1")).unwrap();
        let o = only_offence_mut(u).unwrap();
        // Another line's values, or a line without a limit: nothing changes.
        assert!(!remove_line_limit(o, "conduct", &["acquire".to_string()]));
        assert!(!remove_line_limit(o, "conduct", &["sell".to_string()]));
        assert!(remove_line_limit(
            o,
            "conduct",
            &["acquire".to_string(), "possess".to_string()]
        ));
        let text = crate::syntax::format_law(&f);
        assert!(text.contains("    conduct acquire, possess\n"), "{text}");
        assert!(
            text.contains("object ammunition requires \"military\""),
            "{text}"
        );
    }
}
