//! The canonical layout of a `.law` file, as `lexgap fmt` writes it.
//!
//! The formatter prints the syntax tree; it never looks at the original text. Everything the tree
//! holds is printed — every unit, text line, tag and comment, in the order written — so
//! `parse(format(x)) == parse(x)` (spans aside) and `format(format(x)) == format(x)`. The layout:
//! two spaces per level; one blank line before each article, part and chapter (a comment directly
//! above one stays attached to it); `, ` between list items; text continuation lines aligned
//! under the first word of the text; the expert's line breaks inside text kept as written.

use std::fmt::Write as _;

use super::ast::*;

const INDENT: &str = "  ";

/// Prints a syntax tree in canonical layout. The output always ends with one newline.
pub fn format_law(file: &LawFile) -> String {
    let mut out = Printer { out: String::new() };
    out.header(&file.header);
    let mut prev_comment = false;
    for item in &file.items {
        match item {
            Item::Comment(c) => {
                if !prev_comment {
                    out.out.push('\n');
                }
                out.comment_line(0, c);
                prev_comment = true;
            }
            Item::Heading(h) => {
                if !prev_comment {
                    out.out.push('\n');
                }
                out.heading(h);
                prev_comment = false;
            }
            Item::Article(u) => {
                if !prev_comment {
                    out.out.push('\n');
                }
                out.unit(0, u);
                prev_comment = false;
            }
        }
    }
    out.out
}

struct Printer {
    out: String,
}

impl Printer {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
    }

    /// Ends a statement line: ` # comment` if there is one, then the newline.
    fn end(&mut self, trailing: &Option<Comment>) {
        if let Some(c) = trailing {
            self.out.push_str(" #");
            self.out.push_str(&c.text);
        }
        self.out.push('\n');
    }

    fn comment_line(&mut self, level: usize, c: &Comment) {
        self.indent(level);
        self.out.push('#');
        self.out.push_str(&c.text);
        self.out.push('\n');
    }

    fn header(&mut self, h: &Header) {
        for c in &h.leading {
            self.comment_line(0, c);
        }
        let _ = write!(self.out, "act {} {}", h.act.node, quote(&h.title.node));
        self.end(&h.trailing);
        for f in &h.fields {
            if let HeaderField::Comment(c) = f {
                self.comment_line(1, c);
                continue;
            }
            self.indent(1);
            match f {
                HeaderField::Jurisdiction(j, tr) => {
                    let _ = write!(self.out, "jurisdiction {}", j.node);
                    self.end(tr);
                }
                HeaderField::Version(d, tr) => {
                    let _ = write!(self.out, "version {}", d.node);
                    self.end(tr);
                }
                HeaderField::Source(s, tr) => {
                    let _ = write!(self.out, "source {}", quote(&s.node));
                    self.end(tr);
                }
                HeaderField::Note(s, tr) => {
                    let _ = write!(self.out, "note {}", quote(&s.node));
                    self.end(tr);
                }
                HeaderField::Language(ls, tr) => {
                    let list: Vec<&str> = ls.iter().map(|l| l.node.as_str()).collect();
                    let _ = write!(self.out, "language {}", list.join(", "));
                    self.end(tr);
                }
                HeaderField::Rendering(r, tr) => {
                    let word = match r.node {
                        Rendering::Official => "official",
                        Rendering::Unofficial => "unofficial",
                    };
                    let _ = write!(self.out, "rendering {word}");
                    self.end(tr);
                }
                HeaderField::Verified(v) => self.verified(v),
                HeaderField::Title {
                    lang,
                    text,
                    trailing,
                } => {
                    let _ = write!(self.out, "title {} {}", lang.node, quote(&text.node));
                    self.end(trailing);
                }
                HeaderField::Comment(_) => {}
            }
        }
    }

    fn verified(&mut self, v: &Verified) {
        let word = match v.status.node {
            Verification::Yes => "yes",
            Verification::Partly => "partly",
            Verification::No => "no",
        };
        let _ = write!(self.out, "verified {word}");
        if let Some(n) = &v.note {
            let _ = write!(self.out, " {}", quote(&n.node));
        }
        self.end(&v.trailing);
    }

    fn heading(&mut self, h: &Heading) {
        let kw = match h.kind {
            HeadingKind::Part => "part",
            HeadingKind::Chapter => "chapter",
        };
        let _ = write!(self.out, "{kw} {}", h.number.node);
        if let Some(t) = &h.title {
            let _ = write!(self.out, " {}", quote(&t.node));
        }
        self.end(&h.trailing);
    }

    fn unit(&mut self, level: usize, u: &Unit) {
        self.indent(level);
        let _ = write!(self.out, "{} {}", u.kind.keyword(), u.number.node);
        if let Some(t) = &u.title {
            let _ = write!(self.out, " {}", quote(&t.node));
        }
        self.end(&u.trailing);
        for e in &u.body {
            self.entry(level + 1, e);
        }
    }

    fn entry(&mut self, level: usize, e: &Entry) {
        match e {
            Entry::Comment(c) => self.comment_line(level, c),
            Entry::Unit(u) => self.unit(level, u),
            Entry::Text(t) => self.text(level, t),
            Entry::Offence(o) => {
                self.indent(level);
                self.out.push_str("offence");
                self.end(&o.trailing);
                for l in &o.lines {
                    match l {
                        OffenceLine::Comment(c) => self.comment_line(level + 1, c),
                        OffenceLine::Tag(t) => self.tag_line(level + 1, t),
                        OffenceLine::Penalty(p) => {
                            self.indent(level + 1);
                            let _ = write!(self.out, "penalty {}", penalty(p));
                            self.end(&p.trailing);
                        }
                        OffenceLine::Qualifies {
                            how,
                            targets,
                            trailing,
                            ..
                        } => {
                            self.indent(level + 1);
                            let _ = write!(self.out, "{} {}", how.keyword(), refs_list(targets));
                            self.end(trailing);
                        }
                        OffenceLine::Expressly {
                            values, trailing, ..
                        } => {
                            self.indent(level + 1);
                            let _ = write!(self.out, "expressly {}", values_list(values));
                            self.end(trailing);
                        }
                        OffenceLine::Class {
                            class, trailing, ..
                        } => {
                            self.indent(level + 1);
                            let _ = write!(self.out, "class {}", class.node);
                            self.end(trailing);
                        }
                    }
                }
            }
            Entry::Measure(m) => {
                self.indent(level);
                let _ = write!(self.out, "measure {}", values_list(&m.values));
                self.end(&m.trailing);
                for l in &m.lines {
                    match l {
                        MeasureLine::Comment(c) => self.comment_line(level + 1, c),
                        MeasureLine::Tag(t) => self.tag_line(level + 1, t),
                        MeasureLine::Retention {
                            period, trailing, ..
                        } => {
                            self.indent(level + 1);
                            let _ = write!(self.out, "retention {}", retention(&period.node));
                            self.end(trailing);
                        }
                    }
                }
            }
            Entry::Define(d) => {
                self.indent(level);
                let _ = write!(
                    self.out,
                    "define {} = {}",
                    d.term.node,
                    values_list(&d.values)
                );
                self.end(&d.trailing);
            }
            Entry::Rule(r) => {
                self.indent(level);
                self.out.push_str(&rule(r));
                self.end(&r.trailing);
            }
            Entry::Reads(r) => {
                self.indent(level);
                self.out.push_str(&reads(r));
                self.end(&r.trailing);
            }
            Entry::Classify(c) => {
                self.indent(level);
                self.out.push_str(&classify(c));
                self.end(&c.trailing);
            }
            Entry::See(s) => {
                self.indent(level);
                let _ = write!(self.out, "see {}", refs_list(&s.refs));
                self.end(&s.trailing);
            }
            Entry::Verified(v) => {
                self.indent(level);
                self.verified(v);
            }
            Entry::Repealed(_, tr) => {
                self.indent(level);
                self.out.push_str("repealed");
                self.end(tr);
            }
        }
    }

    fn text(&mut self, level: usize, t: &Text) {
        self.indent(level);
        let lead = format!("text {}: ", t.lang.node);
        self.out.push_str(&lead);
        let width = level * INDENT.len() + lead.chars().count();
        let mut first = true;
        for line in t.lines() {
            if !first {
                self.out.push('\n');
                for _ in 0..width {
                    self.out.push(' ');
                }
            }
            self.out.push_str(line.node);
            first = false;
        }
        if first {
            // No text at all (an error the parser reported); keep the line well-formed.
            let _ = self.out.pop();
        }
        self.out.push('\n');
    }

    fn tag_line(&mut self, level: usize, t: &TagLine) {
        self.indent(level);
        self.out.push_str(&tag_line(t));
        self.end(&t.trailing);
    }
}

/// A string in double quotes, escaping `"` and `\`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A tag line in canonical form, without its comment: `object ammunition requires "military"`.
pub fn tag_line(t: &TagLine) -> String {
    let mut out = String::new();
    write_tag_line(&mut out, t);
    out
}

/// [`tag_line`], written at the end of `out` (no string of its own: `lexgap diff` formats the
/// tag lines of every unit it compares).
pub fn write_tag_line(out: &mut String, t: &TagLine) {
    let one_of = |yes: bool| if yes { "one of " } else { "" };
    let _ = write!(
        out,
        "{} {}{}",
        t.facet.node,
        one_of(t.one_of),
        values_list(&t.values)
    );
    if let Some(l) = &t.limit {
        let _ = write!(
            out,
            " requires {}{}",
            one_of(l.one_of),
            values_list(&l.values)
        );
    }
}

/// Values separated by `, `, written where they are displayed (no string of their own).
pub fn values_list(values: &[crate::syntax::Spanned<Value>]) -> ValuesList<'_> {
    ValuesList(values)
}

/// See [`values_list`].
pub struct ValuesList<'a>(&'a [crate::syntax::Spanned<Value>]);

impl std::fmt::Display for ValuesList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", v.node)?;
        }
        Ok(())
    }
}

fn refs_list(refs: &[crate::syntax::Spanned<Ref>]) -> String {
    // An act carried over from the item before is left out, as the expert wrote it.
    let r: Vec<String> = refs
        .iter()
        .map(|r| {
            if r.node.act_carried {
                Ref {
                    act: None,
                    act_carried: false,
                    ..r.node.clone()
                }
                .to_string()
            } else {
                r.node.to_string()
            }
        })
        .collect();
    r.join(", ")
}

/// A retention period in canonical form: `10y`, `?`, `permanent`.
pub fn retention(r: &Retention) -> String {
    match r {
        Retention::For(b) => bound(b),
        Retention::Permanent => "permanent".to_string(),
    }
}

pub fn bound(b: &Bound) -> String {
    match b {
        Bound::Known(d) => d.to_string(),
        Bound::Unknown => "?".to_string(),
    }
}

/// A penalty in canonical form: `prison 6m..5y + fine`.
pub fn penalty(p: &Penalty) -> String {
    let mut out = String::new();
    for (joiner, term) in &p.terms {
        match joiner {
            Some(Joiner::And) => out.push_str(" + "),
            Some(Joiner::Or) => out.push_str(" or "),
            None => {}
        }
        match &term.node {
            PenaltyTerm::Fine => out.push_str("fine"),
            PenaltyTerm::Life => out.push_str("life"),
            PenaltyTerm::Unknown => out.push('?'),
            PenaltyTerm::Prison(r) => {
                out.push_str("prison ");
                if let Some(min) = &r.min {
                    out.push_str(&bound(&min.node));
                }
                out.push_str("..");
                if let Some(max) = &r.max {
                    out.push_str(&bound(&max.node));
                }
            }
        }
    }
    out
}

/// A rule in canonical form: `rule attempt when max >= 5y or expressly`.
pub fn rule(r: &Rule) -> String {
    let mut out = format!("rule {}", r.kind.node);
    if !r.covers.is_empty() {
        let _ = write!(out, " covers {}", values_list(&r.covers));
    }
    if !r.when.is_empty() {
        let conds: Vec<String> = r.when.iter().map(|c| condition(&c.node)).collect();
        let _ = write!(out, " when {}", conds.join(" or "));
    }
    out
}

/// A `reads` line in canonical form: `reads manufacture as including assemble "source"`.
pub fn reads(r: &Reads) -> String {
    format!(
        "reads {} as including {} {}",
        r.value.node,
        values_list(&r.including),
        quote(&r.source.node)
    )
}

/// A `classify` line in canonical form: `classify crime when max >= 5y`.
pub fn classify(c: &Classify) -> String {
    match &c.when {
        Some(t) => format!("classify {} when {}", c.class.node, penalty_test(&t.node)),
        None => format!("classify {}", c.class.node),
    }
}

/// `max >= 5y`.
pub fn penalty_test(t: &PenaltyTest) -> String {
    format!("max {} {}", t.op.symbol(), bound(&t.bound))
}

fn condition(c: &Condition) -> String {
    match c {
        Condition::Class(class) => format!("class {}", class.node),
        Condition::Always => "always".into(),
        Condition::Expressly => "expressly".into(),
        Condition::MaxAtLeast { bound: b, strict } => {
            format!("max {} {}", if *strict { ">" } else { ">=" }, bound(b))
        }
        Condition::Listed(refs) => format!("listed {}", refs_list(refs)),
        Condition::Requires(v) => format!("requires {}", v.node),
        // `and` binds tighter than `or`: a conjunction needs no parentheses among alternatives,
        // alternatives need them inside a conjunction.
        Condition::All(members) => members
            .iter()
            .map(|m| match &m.node {
                Condition::Any(_) => format!("({})", condition(&m.node)),
                other => condition(other),
            })
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Any(members) => members
            .iter()
            .map(|m| condition(&m.node))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_law;

    const MESSY: &str = r#"# banner
act criminal-code   "Criminal Code"   # trailing
    jurisdiction RS
    version 2019-12-01
    source "A \"quoted\" gazette"
    language sr-Cyrl,en
    rendering unofficial
    verified partly
part 2 "Special"
# about 348
article 348 "Weapons"
    para 1
        text en:   Whoever makes
           or sells
        offence
            conduct manufacture,sell   # verbs
            penalty prison 6m..5y+fine or life
            aggravates article 347 para 1
        rule attempt when max>=5y or expressly
        rule legal-persons when listed article 1,article 2
        measure record-keeping
            object firearm
            retention 10y
        see para 2
        define weapon = firearm , ammunition
        repealed
        verified yes "checked"
# tail
"#;

    #[test]
    fn canonical_layout() {
        let (file, diags) = parse_law(MESSY);
        assert!(diags.is_empty(), "{diags:#?}");
        let out = format_law(&file);
        let expected = r#"# banner
act criminal-code "Criminal Code" # trailing
  jurisdiction RS
  version 2019-12-01
  source "A \"quoted\" gazette"
  language sr-Cyrl, en
  rendering unofficial
  verified partly

part 2 "Special"

# about 348
article 348 "Weapons"
  para 1
    text en: Whoever makes
             or sells
    offence
      conduct manufacture, sell # verbs
      penalty prison 6m..5y + fine or life
      aggravates article 347 para 1
    rule attempt when max >= 5y or expressly
    rule legal-persons when listed article 1, article 2
    measure record-keeping
      object firearm
      retention 10y
    see para 2
    define weapon = firearm, ammunition
    repealed
    verified yes "checked"

# tail
"#;
        assert_eq!(out, expected);
        let (again, d2) = parse_law(&out);
        assert!(d2.is_empty());
        assert_eq!(again, file);
        assert_eq!(format_law(&again), out);
    }
}
