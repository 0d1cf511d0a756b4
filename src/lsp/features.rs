//! What the server answers: diagnostics, completion, hover, definition, references, the
//! outline, formatting and code actions. Everything reads the latest analysis
//! ([`super::project::Snapshot`]) and the buffer's text; what depends on the line being typed
//! (completion) reads the line itself, so that a half-typed line still gets answers.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use lsp_types::{self as lsp, Uri};

use super::project::{Project, Snapshot};
use super::text::LineIndex;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::instrument::FacetRole;
use crate::model::law::{ActVersion, Segment};
use crate::syntax::Spanned;
use crate::syntax::ast::{
    Condition, Entry, Item, LawFile, OffenceLine, Ref, Unit, UnitKind, UnitNumber,
};

/// An open document and what the server knows about it.
pub struct DocCtx<'a> {
    pub uri: &'a Uri,
    pub rel: &'a str,
    pub text: &'a str,
    pub project: &'a Project,
    pub snapshot: &'a Snapshot,
    pub uri_of: &'a dyn Fn(&str) -> Option<Uri>,
}

impl<'a> DocCtx<'a> {
    fn law(&self) -> Option<&'a LawFile> {
        self.snapshot.law(self.rel).map(|d| &d.ast)
    }

    /// The lowered act version of this document, when it has one.
    fn version(&self) -> Option<&'a ActVersion> {
        let id = *self.snapshot.by_rel.get(self.rel)?;
        self.snapshot
            .model
            .corpus
            .versions
            .iter()
            .find(|v| v.file == id)
    }

    fn jurisdiction(&self) -> Option<String> {
        if let Some(v) = self.version() {
            return Some(v.jurisdiction.clone());
        }
        let law = self.law()?;
        law.header.jurisdiction().map(|j| j.node.clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/// The `publishDiagnostics` of a project's last analysis: one per file with diagnostics, and an
/// empty one for each file that had some before and has none now. Returns the new set of files
/// published with diagnostics too.
///
/// `uri_of` gives the URI of a file of the analysis (and its open document's version);
/// `cleared_uri` that of a file whose diagnostics are cleared, which may be gone from the disk
/// and the editor both (a file deleted while open, then closed): its old diagnostics must still
/// be taken back.
pub fn publish(
    p: &Project,
    uri_of: impl Fn(&str) -> Option<(Uri, Option<i32>)>,
    cleared_uri: impl Fn(&str) -> Option<(Uri, Option<i32>)>,
) -> (Vec<lsp::PublishDiagnosticsParams>, BTreeSet<String>) {
    let Some(s) = &p.snapshot else {
        return (Vec::new(), p.published.clone());
    };
    let mut by_file: std::collections::BTreeMap<String, Vec<&Diagnostic>> = Default::default();
    for d in &s.loaded.diagnostics {
        if let Some(path) = d.file.and_then(|f| s.path_of(f)) {
            by_file.entry(path.to_string()).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    let mut now = BTreeSet::new();
    // A workspace folder's small files (the instrument, `jurisdiction.yaml`,
    // `assessments.yaml`) and the jurisdictions not loaded are checked as `lexgap check`
    // streams them (`Project::outside`); the analysis says only what it finds in the acts and
    // bills it loaded (and the translation catalogs).
    let streamed = p.outside().is_some();
    if streamed {
        by_file
            .retain(|rel, _| crate::stream::is_act_or_bill(rel) || rel.starts_with("templates/"));
    }
    for (rel, diags) in &by_file {
        let Some((uri, version)) = uri_of(rel) else {
            continue;
        };
        let Some(file) = s.by_rel.get(rel).and_then(|&id| s.loaded.sources.get(id)) else {
            continue;
        };
        let index = LineIndex::new(&file.text);
        let diagnostics = diags
            .iter()
            .map(|d| to_lsp(d, &index, s, &|r: &str| uri_of(r).map(|(u, _)| u)))
            .collect();
        now.insert(rel.clone());
        out.push(lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }
    // What the streamed check found: sent when it changed, or for an open document (the
    // client may wait for its version).
    let open: BTreeSet<&str> = p.open_rels().collect();
    for (rel, diags) in p.outside_diagnostics() {
        if diags.is_empty() {
            continue;
        }
        now.insert(rel.to_string());
        if !(p.outside_changed.contains(rel) || open.contains(rel)) {
            continue;
        }
        if let Some((uri, version)) = cleared_uri(rel) {
            out.push(lsp::PublishDiagnosticsParams {
                uri,
                diagnostics: diags.clone(),
                version,
            });
        }
    }
    // An open document with nothing to say is told so too (the client may wait for it), and a
    // file whose diagnostics went away.
    let quiet: BTreeSet<&str> = p
        .published
        .iter()
        .map(String::as_str)
        .chain(p.open_rels())
        .chain(p.outside_changed.iter().map(String::as_str))
        .filter(|rel| !now.contains(*rel))
        .collect();
    for rel in quiet {
        if let Some((uri, version)) = cleared_uri(rel) {
            out.push(lsp::PublishDiagnosticsParams {
                uri,
                diagnostics: Vec::new(),
                version,
            });
        }
    }
    (out, now)
}

/// One diagnostic as LSP says it: the same code and message as `lexgap check`, the label and
/// hint below it, other places as related information.
pub fn to_lsp(
    d: &Diagnostic,
    index: &LineIndex<'_>,
    s: &Snapshot,
    uri_of: &dyn Fn(&str) -> Option<Uri>,
) -> lsp::Diagnostic {
    to_lsp_with(d, index, &|f| s.loaded.sources.get(f), uri_of)
}

/// [`to_lsp`] with the texts of the files a diagnostic points into given by `source`.
pub fn to_lsp_with<'s>(
    d: &Diagnostic,
    index: &LineIndex<'_>,
    source: &dyn Fn(crate::source::FileId) -> Option<&'s crate::source::SourceFile>,
    uri_of: &dyn Fn(&str) -> Option<Uri>,
) -> lsp::Diagnostic {
    let range = d
        .span
        .map(|sp| index.range(sp.start as usize, sp.end as usize))
        .unwrap_or_default();
    let mut message = d.message.clone();
    if !d.label.is_empty() {
        let _ = write!(message, "\n{}", d.label);
    }
    if let Some(h) = &d.hint {
        let _ = write!(message, "\nhint: {h}");
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let file = source(r.file?)?;
            let uri = uri_of(&file.path)?;
            let idx = LineIndex::new(&file.text);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(
                    uri,
                    idx.range(r.span.start as usize, r.span.end as usize),
                ),
                message: r.label.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity() {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.code.id.to_string())),
        source: Some("lexgap".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: Some(serde_json::json!({ "name": d.code.name, "hint": d.hint })),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The document's outline (units with their extent), used by several features

/// A heading or unit of the document, in file order.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub depth: usize,
    pub unit: Option<&'a Unit>,
    pub heading: Option<&'a crate::syntax::ast::Heading>,
    /// The unit's path from its article down.
    pub path: Vec<Segment>,
    /// Byte range of the line that opens it.
    pub line: (usize, usize),
    /// Byte range from that line to the last line that belongs to it.
    pub extent: (usize, usize),
}

fn number(n: &UnitNumber) -> String {
    n.to_string()
}

pub fn outline<'a>(law: &'a LawFile, text: &str) -> Vec<Node<'a>> {
    fn walk<'a>(u: &'a Unit, depth: usize, path: &mut Vec<Segment>, out: &mut Vec<Node<'a>>) {
        path.push((u.kind, number(&u.number.node)));
        out.push(Node {
            depth,
            unit: Some(u),
            heading: None,
            path: path.clone(),
            line: (u.span.start as usize, u.span.end as usize),
            extent: (u.span.start as usize, u.span.end as usize),
        });
        for c in u.children() {
            walk(c, depth + 1, path, out);
        }
        path.pop();
    }
    let mut out = Vec::new();
    for item in &law.items {
        match item {
            Item::Heading(h) => out.push(Node {
                depth: 0,
                unit: None,
                heading: Some(h),
                path: Vec::new(),
                line: (h.span.start as usize, h.span.end as usize),
                extent: (h.span.start as usize, h.span.end as usize),
            }),
            Item::Article(u) => walk(u, 1, &mut Vec::new(), &mut out),
            Item::Comment(_) => {}
        }
    }
    // A node runs to the line before the next node at its depth or above (a heading ends at
    // the next heading; an article at the next article or heading …).
    let ends: Vec<usize> = (0..out.len())
        .map(|i| {
            let d = out.get(i).map_or(0, |n| n.depth);
            let is_heading = out.get(i).is_some_and(|n| n.heading.is_some());
            out.iter()
                .skip(i + 1)
                .find(|n| n.depth <= d || (is_heading && n.heading.is_some()))
                .map_or(text.len(), |n| n.line.0)
        })
        .collect();
    // A unit's line starts at the line's first column, its indentation included (a cursor
    // in the indentation is on that unit's line).
    for n in &mut out {
        let start = text
            .get(..n.line.0)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        n.line.0 = start.min(n.line.0);
    }
    for (n, end) in out.iter_mut().zip(ends) {
        let end = text
            .get(..end)
            .map_or(end, |t| t.trim_end().len())
            .max(n.line.1);
        n.extent = (n.line.0, end);
    }
    out
}

/// The innermost unit whose extent holds `offset`.
fn unit_at<'n, 'a>(nodes: &'n [Node<'a>], offset: usize) -> Option<&'n Node<'a>> {
    nodes
        .iter()
        .filter(|n| n.unit.is_some() && n.extent.0 <= offset && offset <= n.extent.1)
        .max_by_key(|n| n.depth)
}

/// Every reference written in the file, with the path of the unit it stands in.
fn refs_in(law: &LawFile) -> Vec<(Vec<Segment>, &Spanned<Ref>)> {
    fn walk<'a>(
        u: &'a Unit,
        path: &mut Vec<Segment>,
        out: &mut Vec<(Vec<Segment>, &'a Spanned<Ref>)>,
    ) {
        path.push((u.kind, number(&u.number.node)));
        for e in &u.body {
            match e {
                Entry::See(s) => out.extend(s.refs.iter().map(|r| (path.clone(), r))),
                Entry::Offence(o) => {
                    for l in &o.lines {
                        if let OffenceLine::Qualifies { targets, .. } = l {
                            out.extend(targets.iter().map(|r| (path.clone(), r)));
                        }
                    }
                }
                Entry::Rule(r) => {
                    for c in r.when.iter().flat_map(|c| c.node.leaves()) {
                        if let Condition::Listed(refs) = c {
                            out.extend(refs.iter().map(|r| (path.clone(), r)));
                        }
                    }
                }
                Entry::Unit(c) => walk(c, path, out),
                _ => {}
            }
        }
        path.pop();
    }
    let mut out = Vec::new();
    for item in &law.items {
        if let Item::Article(u) = item {
            walk(u, &mut Vec::new(), &mut out);
        }
    }
    out
}

/// The span of a reference as written: from its first part to its last.
fn ref_span(r: &Spanned<Ref>) -> (usize, usize) {
    let mut start = r.span.start as usize;
    let mut end = r.span.end as usize;
    let n = &r.node;
    for s in n
        .act
        .iter()
        .map(|a| a.span)
        .chain(n.article.iter().map(|a| a.span))
        .chain(n.para.iter().map(|a| a.span))
        .chain(n.points.iter().map(|a| a.span))
    {
        if s.end > s.start {
            start = start.min(s.start as usize);
            end = end.max(s.end as usize);
        }
    }
    (start, end)
}

/// Where a reference written in unit `from` of `version` points: the act version (the act's
/// version in force on this version's day, for another act) and the unit.
fn resolve<'a>(
    s: &'a Snapshot,
    version: &'a ActVersion,
    from: &[Segment],
    r: &Ref,
) -> Option<(&'a ActVersion, usize)> {
    let mut path: Vec<Segment> = Vec::new();
    if let Some(a) = &r.article {
        path.push((UnitKind::Article, number(&a.node)));
        if let Some(p) = &r.para {
            path.push((UnitKind::Para, number(&p.node)));
        }
    } else if let Some(p) = &r.para {
        path.push(from.first()?.clone());
        path.push((UnitKind::Para, number(&p.node)));
    } else if r.act.is_none() {
        path.extend(from.iter().cloned());
    }
    path.extend(r.points.iter().map(|p| (UnitKind::Point, number(&p.node))));
    let target = match &r.act {
        Some(act) if act.node != version.act => {
            s.model
                .corpus
                .version_at(&version.jurisdiction, &act.node, version.date)?
        }
        _ => version,
    };
    let unit = target.unit_by_path(&path)?;
    Some((target, unit))
}

fn location_of(
    ctx: &DocCtx<'_>,
    file: crate::source::FileId,
    start: usize,
    end: usize,
) -> Option<lsp::Location> {
    let src = ctx.snapshot.loaded.sources.get(file)?;
    let uri = (ctx.uri_of)(&src.path)?;
    // The buffer's text where the file is open (the analysis used it), else the file's.
    let index = LineIndex::new(&src.text);
    Some(lsp::Location::new(uri, index.range(start, end)))
}

/// The word at `offset`: letters of any script, digits, `-`, `/`, `.`, `?`.
fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '/' | '_' | '?');
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset
        + after
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(after.len(), |(i, _)| i);
    let w = text.get(start..end)?;
    (!w.is_empty()).then_some((start, end, w))
}

/// The words of a line before `col`, split at spaces and commas; and the word being typed.
fn line_words(prefix: &str) -> (Vec<&str>, &str) {
    let typing_start = prefix
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == ',')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let typing = prefix.get(typing_start..).unwrap_or("");
    let before = prefix.get(..typing_start).unwrap_or("");
    let words = before
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (words, typing)
}

// ---------------------------------------------------------------------------------------------
// Completion

const TOP_KEYWORDS: &[(&str, &str)] = &[
    ("act", "act ID \"Title\": the header's first line"),
    ("part", "part N \"Title\": a part of the act"),
    ("chapter", "chapter N \"Title\": a chapter of the act"),
    ("article", "article N \"Title\": an article"),
];

const INNER_KEYWORDS: &[(&str, &str)] = &[
    (
        "title",
        "title LANG \"…\": the act's title in another language",
    ),
    ("jurisdiction", "jurisdiction J: must match the folder"),
    ("version", "version YYYY-MM-DD: must match the file name"),
    (
        "source",
        "source \"…\": an official gazette citation or public page",
    ),
    (
        "language",
        "language L, …: the languages of the text, the original first",
    ),
    ("rendering", "rendering official | unofficial"),
    ("note", "note \"…\": a remark shown in reports"),
    ("para", "para N: a paragraph"),
    ("point", "point X: a point"),
    ("text", "text LANG: the unit's text"),
    ("offence", "offence: the unit creates a criminal offence"),
    ("define", "define TERM = V, …: a term of the act"),
    (
        "rule",
        "rule KIND [covers V, …] [when …]: a general-part rule",
    ),
    (
        "classify",
        "classify CLASS [when max OP DUR]: a class of offence",
    ),
    (
        "reads",
        "reads V as including V, … \"SOURCE\": an interpretation",
    ),
    ("measure", "measure KIND: a regulatory measure"),
    ("see", "see REF, …: references to other provisions"),
    (
        "verified",
        "verified yes | partly | no [\"note\"]: checked against the official text",
    ),
    ("repealed", "repealed: the unit is kept only as repealed"),
    ("conduct", "conduct V, …: the acts the offence punishes"),
    ("object", "object V, …: the things it concerns"),
    (
        "circumstance",
        "circumstance V, …: when the conduct is unlawful",
    ),
    ("mental", "mental V: the mental element"),
    ("requires", "requires V, …: narrowing elements"),
    ("penalty", "penalty …: the sanction"),
    (
        "aggravates",
        "aggravates REF, …: a qualified form of the offence in REF",
    ),
    (
        "mitigates",
        "mitigates REF, …: a privileged form of the offence in REF",
    ),
    (
        "expressly",
        "expressly V, …: general-part consequences the offence provides for",
    ),
    ("class", "class WORD: the class of offence"),
    ("retention", "retention DUR: how long records are kept"),
];

fn item(
    label: &str,
    kind: lsp::CompletionItemKind,
    detail: Option<String>,
    doc: Option<String>,
) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: doc
            .filter(|d| !d.is_empty())
            .map(lsp::Documentation::String),
        ..Default::default()
    }
}

/// Terms the acts of the document's jurisdiction (and its ancestors) define.
fn defined_terms<'s>(
    ctx: &DocCtx<'s>,
) -> Vec<(&'s ActVersion, &'s crate::model::law::DefineDraft)> {
    let Some(j) = ctx.jurisdiction() else {
        return Vec::new();
    };
    let chain = ctx.snapshot.model.corpus.chain(&j);
    let date = ctx.version().map(|v| v.date);
    let mut out = Vec::new();
    for v in &ctx.snapshot.model.corpus.versions {
        if !chain.contains(&v.jurisdiction) {
            continue;
        }
        // The act's version in force on this document's day (or the latest).
        let current = match date {
            Some(d) => ctx
                .snapshot
                .model
                .corpus
                .version_at(&v.jurisdiction, &v.act, d)
                .is_some_and(|x| x.file == v.file),
            None => true,
        };
        if current || ctx.snapshot.by_rel.get(ctx.rel) == Some(&v.file) {
            out.extend(v.defines.iter().map(|d| (v, d)));
        }
    }
    out
}

pub fn completion(ctx: &DocCtx<'_>, pos: lsp::Position) -> Vec<lsp::CompletionItem> {
    let index = LineIndex::new(ctx.text);
    let offset = index.offset(pos);
    let line_start = index.line_start(pos.line);
    let prefix = ctx.text.get(line_start..offset).unwrap_or("");
    let (words, typing) = line_words(prefix);
    let inst = &ctx.snapshot.model.instrument;
    let mut out = Vec::new();
    let Some(&head) = words.first() else {
        // The line's first word: a keyword.
        let indented = prefix.starts_with([' ', '\t']);
        let list = if indented {
            INNER_KEYWORDS
        } else {
            TOP_KEYWORDS
        };
        for (k, d) in list {
            out.push(item(
                k,
                lsp::CompletionItemKind::KEYWORD,
                Some((*d).into()),
                None,
            ));
        }
        return filter(out, typing);
    };
    let last = words.last().copied().unwrap_or(head);
    let facet_values = |facet_id: &str, out: &mut Vec<lsp::CompletionItem>| {
        if let Some(f) = inst.facet(facet_id) {
            for v in &f.values {
                out.push(item(
                    &v.id,
                    lsp::CompletionItemKind::ENUM_MEMBER,
                    Some(v.label.clone()),
                    Some(v.explanation.clone()),
                ));
            }
        }
    };
    let terms = |out: &mut Vec<lsp::CompletionItem>| {
        let mut seen = BTreeSet::new();
        for (v, d) in defined_terms(ctx) {
            if seen.insert(d.term.node.clone()) {
                let values: Vec<&str> = d.values.iter().map(|x| x.node.as_str()).collect();
                out.push(item(
                    &d.term.node,
                    lsp::CompletionItemKind::CONSTANT,
                    Some(format!("defined in {}: {}", v.act, values.join(", "))),
                    None,
                ));
            }
        }
    };
    // References: `see`, `aggravates`, `mitigates`, `listed`.
    // In a rule's conditions, references follow `listed` until another condition begins
    // (`… and requires organised-group`).
    let last_condition = words.iter().rev().copied().find(|w| {
        matches!(
            w.trim_start_matches('('),
            "listed" | "and" | "or" | "requires" | "class" | "max" | "always" | "expressly"
        )
    });
    let in_refs = matches!(head, "see" | "aggravates" | "mitigates")
        || (words.contains(&"listed") && last_condition == Some("listed"));
    if in_refs {
        // The article the cursor is in: its paragraphs are the ones `para` names.
        let current = ctx.law().and_then(|law| {
            let nodes = outline(law, ctx.text);
            unit_at(&nodes, offset).and_then(|n| n.path.first().map(|p| p.1.clone()))
        });
        ref_completion(ctx, &words, current, &mut out);
        return filter(out, typing);
    }
    // The last facet keyword on the line decides (a tag line may end in `requires …`).
    let facet_kw = words
        .iter()
        .rev()
        .find(|w| {
            inst.facet(w)
                .is_some_and(|f| matches!(f.role, FacetRole::Element | FacetRole::Narrowing))
        })
        .copied();
    match head {
        "rule" => {
            if let Some(i) = words.iter().position(|w| *w == "when") {
                let last = words.get(i..).and_then(|w| w.last()).copied();
                if last == Some("class") {
                    classes(ctx, &mut out);
                } else if last.map(|w| w.trim_start_matches('(')) == Some("requires") {
                    // A condition on the case: a value of the narrowing facet.
                    if let Some(n) = inst.facet_with_role(FacetRole::Narrowing) {
                        let id = n.id.clone();
                        facet_values(&id, &mut out);
                    }
                } else {
                    for c in [
                        "always",
                        "max",
                        "expressly",
                        "listed",
                        "class",
                        "requires",
                        "and",
                        "or",
                    ] {
                        out.push(item(c, lsp::CompletionItemKind::KEYWORD, None, None));
                    }
                }
            } else if words.contains(&"covers") {
                let kind = words.get(1).copied().unwrap_or("");
                let scope = inst
                    .facet("rule")
                    .and_then(|f| f.value(kind))
                    .and_then(|v| v.covers.clone());
                if let Some(scope) = scope {
                    facet_values(&scope, &mut out);
                }
            } else if words.len() == 1 {
                facet_values("rule", &mut out);
            } else {
                for c in ["covers", "when"] {
                    out.push(item(c, lsp::CompletionItemKind::KEYWORD, None, None));
                }
            }
        }
        "expressly" => facet_values("rule", &mut out),
        "measure" => facet_values("measure", &mut out),
        "class" => classes(ctx, &mut out),
        "rendering" => {
            for c in ["official", "unofficial"] {
                out.push(item(c, lsp::CompletionItemKind::ENUM_MEMBER, None, None));
            }
        }
        "verified" => {
            for c in ["yes", "partly", "no"] {
                out.push(item(c, lsp::CompletionItemKind::ENUM_MEMBER, None, None));
            }
        }
        "jurisdiction" => {
            for j in ctx.snapshot.model.corpus.jurisdictions.keys() {
                out.push(item(j, lsp::CompletionItemKind::MODULE, None, None));
            }
        }
        "define" | "reads" => {
            for f in inst.facets.iter().filter(|f| f.role == FacetRole::Element) {
                facet_values(&f.id, &mut out);
            }
            if head == "reads" && words.len() >= 2 && !words.contains(&"as") {
                out = vec![item("as", lsp::CompletionItemKind::KEYWORD, None, None)];
            } else if head == "reads" && last == "as" {
                out = vec![item(
                    "including",
                    lsp::CompletionItemKind::KEYWORD,
                    None,
                    None,
                )];
            }
        }
        _ => {
            if let Some(f) = facet_kw {
                facet_values(f, &mut out);
                if f != "requires" {
                    terms(&mut out);
                }
                if f == "requires" && last == "requires" {
                    out.push(item("one of", lsp::CompletionItemKind::KEYWORD, None, None));
                }
                if words.len() >= 2 && f != "requires" {
                    out.push(item(
                        "requires",
                        lsp::CompletionItemKind::KEYWORD,
                        Some("narrowing elements for this line's values".into()),
                        None,
                    ));
                }
            }
        }
    }
    filter(out, typing)
}

fn filter(items: Vec<lsp::CompletionItem>, typing: &str) -> Vec<lsp::CompletionItem> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|i| i.label.starts_with(typing) && seen.insert(i.label.clone()))
        .collect()
}

fn classes(ctx: &DocCtx<'_>, out: &mut Vec<lsp::CompletionItem>) {
    let Some(j) = ctx.jurisdiction() else { return };
    let chain = ctx.snapshot.model.corpus.chain(&j);
    for v in &ctx.snapshot.model.corpus.versions {
        if chain.contains(&v.jurisdiction) {
            for c in &v.classes {
                out.push(item(
                    &c.class.node,
                    lsp::CompletionItemKind::ENUM_MEMBER,
                    Some(format!("declared in {}", v.act)),
                    None,
                ));
            }
        }
    }
}

/// Completion inside a list of references: the next keyword, article and paragraph numbers of
/// the act named (this one by default), act ids of the jurisdiction.
fn ref_completion(
    ctx: &DocCtx<'_>,
    words: &[&str],
    current: Option<String>,
    out: &mut Vec<lsp::CompletionItem>,
) {
    let last = words.last().copied().unwrap_or("");
    let corpus = &ctx.snapshot.model.corpus;
    let this = ctx.version();
    // The act of the reference being written: after `act X` (carried along the list).
    let act = words
        .windows(2)
        .rev()
        .find(|w| w.first() == Some(&"act"))
        .and_then(|w| w.get(1).copied());
    let target = match (act, this) {
        (Some(a), Some(v)) if a != v.act => corpus.version_at(&v.jurisdiction, a, v.date),
        (_, v) => v,
    };
    match last {
        "act" => {
            if let Some(j) = ctx.jurisdiction() {
                for (a, _) in corpus.acts_of(&j) {
                    out.push(item(a, lsp::CompletionItemKind::MODULE, None, None));
                }
            }
        }
        "article" | "para" | "point" => {
            let Some(v) = target else { return };
            let kind = match last {
                "article" => UnitKind::Article,
                "para" => UnitKind::Para,
                _ => UnitKind::Point,
            };
            // Paragraphs of the article named in this reference, else of the current article.
            let article = words
                .windows(2)
                .rev()
                .take_while(|w| !w.contains(&"see"))
                .find(|w| w.first() == Some(&"article"))
                .and_then(|w| w.get(1).copied())
                .map(str::to_string)
                .or_else(|| current.clone());
            for (i, u) in v.units.iter().enumerate() {
                if u.segment.0 != kind {
                    continue;
                }
                if kind != UnitKind::Article {
                    let path = v.path_of(i);
                    if path.first().map(|p| p.1.as_str()) != article.as_deref() {
                        continue;
                    }
                }
                out.push(item(
                    &u.segment.1,
                    lsp::CompletionItemKind::REFERENCE,
                    v.title_of(i).map(str::to_string),
                    v.text_of(i)
                        .map(|t| crate::coverage::render::fragment(t, 200)),
                ));
            }
        }
        _ => {
            for k in ["article", "para", "point", "act"] {
                out.push(item(k, lsp::CompletionItemKind::KEYWORD, None, None));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hover and definition

/// What the cursor is on.
enum Target<'a> {
    /// A reference to a unit.
    Ref(&'a ActVersion, usize, (usize, usize)),
    /// The line that opens a unit of this document.
    Unit(&'a ActVersion, usize, (usize, usize)),
    /// A term the acts define.
    Term(
        &'a ActVersion,
        &'a crate::model::law::DefineDraft,
        (usize, usize),
    ),
    /// A value of the vocabulary.
    Value(
        &'a crate::model::instrument::Facet,
        &'a crate::model::instrument::FacetValue,
        (usize, usize),
    ),
}

fn target_at<'a>(ctx: &DocCtx<'a>, offset: usize) -> Option<Target<'a>> {
    let law = ctx.law()?;
    let s = ctx.snapshot;
    // A reference.
    if let Some(v) = ctx.version() {
        for (from, r) in refs_in(law) {
            let (a, b) = ref_span(r);
            if a <= offset && offset <= b {
                let (tv, unit) = resolve(s, v, &from, &r.node)?;
                return Some(Target::Ref(tv, unit, (a, b)));
            }
        }
        // The line that opens a unit.
        let nodes = outline(law, ctx.text);
        if let Some(n) = nodes
            .iter()
            .find(|n| n.unit.is_some() && n.line.0 <= offset && offset <= n.line.1)
            && let Some(unit) = v.unit_by_path(&n.path)
        {
            return Some(Target::Unit(v, unit, n.line));
        }
    }
    let (a, b, word) = word_at(ctx.text, offset)?;
    // A defined term (this act's first, then the jurisdiction's).
    let terms = defined_terms(ctx);
    if let Some((v, d)) = terms
        .iter()
        .find(|(v, d)| d.term.node == word && Some(v.file) == s.by_rel.get(ctx.rel).copied())
        .or_else(|| terms.iter().find(|(_, d)| d.term.node == word))
    {
        return Some(Target::Term(v, d, (a, b)));
    }
    // A vocabulary value: in the facet the line names first.
    let index = LineIndex::new(ctx.text);
    let line = index.line(index.position(offset).line);
    let (words, _) = line_words(line);
    let inst = &s.model.instrument;
    let preferred: Vec<&str> = words
        .iter()
        .filter(|w| inst.facet(w).is_some())
        .copied()
        .collect();
    let facets = preferred
        .iter()
        .filter_map(|f| inst.facet(f))
        .chain(inst.facets.iter());
    for f in facets {
        if let Some(v) = f.value(word) {
            return Some(Target::Value(f, v, (a, b)));
        }
    }
    None
}

pub fn hover(ctx: &DocCtx<'_>, pos: lsp::Position) -> Option<lsp::Hover> {
    let index = LineIndex::new(ctx.text);
    let offset = index.offset(pos);
    let target = target_at(ctx, offset)?;
    let s = ctx.snapshot;
    let inst = &s.model.instrument;
    let (md, span) = match target {
        Target::Ref(v, unit, span) => (unit_text(v, unit), span),
        Target::Unit(v, unit, span) => {
            let mut md = unit_text(v, unit);
            md.push_str("\n\n");
            md.push_str(&unit_cells(s, v, unit));
            (md, span)
        }
        Target::Term(v, d, span) => {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|x| {
                    let label = inst
                        .facets
                        .iter()
                        .find_map(|f| f.value(&x.node))
                        .map(|fv| format!(" ({})", fv.label))
                        .unwrap_or_default();
                    format!("`{}`{label}", x.node)
                })
                .collect();
            (
                format!(
                    "**{}**: a term defined in {} ({}) as {}",
                    d.term.node,
                    v.act,
                    v.unit_address(d.unit),
                    values.join(", ")
                ),
                span,
            )
        }
        Target::Value(f, v, span) => {
            let mut md = format!("**{}** — {}\n\n{} `{}`", v.label, v.explanation, f.id, v.id);
            let users: Vec<String> = inst
                .obligations
                .iter()
                .filter(|o| {
                    o.cells()
                        .iter()
                        .any(|c| c.values.iter().any(|(_, x)| *x == v.id))
                })
                .map(|o| format!("- {} — {}", o.id, o.title))
                .collect();
            if users.is_empty() {
                md.push_str("\n\nNo obligation asks for it by name.");
            } else {
                let _ = write!(md, "\n\nObligations that ask for it:\n{}", users.join("\n"));
            }
            (md, span)
        }
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md,
        }),
        range: Some(index.range(span.0, span.1)),
    })
}

fn unit_text(v: &ActVersion, unit: usize) -> String {
    let mut md = format!("**{}**", v.unit_address(unit));
    if let Some(t) = v.title_of(unit) {
        let _ = write!(md, " — {t}");
    }
    if let Some(t) = v.text_of(unit) {
        let _ = write!(md, "\n\n{t}");
    }
    md
}

/// The cells a unit covers on its version's day, per obligation, as `explain` says them.
fn unit_cells(s: &Snapshot, v: &ActVersion, unit: usize) -> String {
    let Some(cov) = s.coverage(&v.jurisdiction, v.date) else {
        return "No analysis of this jurisdiction.".into();
    };
    let address = v.unit_address(unit);
    let inside = |a: &str| a == address || a.starts_with(&format!("{address}/"));
    let inst = &s.model.instrument;
    let mut out = String::new();
    for o in &cov.obligations {
        let Some(ob) = inst.obligation(&o.id) else {
            continue;
        };
        let mut lines = Vec::new();
        for c in &o.cell_results {
            for e in c.evidence.iter().filter(|e| inside(&e.address)) {
                let label = ob
                    .requirement
                    .parts
                    .get(c.part_index)
                    .map(|part| {
                        c.values
                            .iter()
                            .map(|(axis, x)| inst.axis_value_label(part, axis, x))
                            .collect::<Vec<_>>()
                            .join(" × ")
                    })
                    .unwrap_or_else(|| c.key.clone());
                let by = if e.address == address {
                    String::new()
                } else {
                    format!(" (by {})", crate::coverage::short_address(&e.address))
                };
                lines.push(format!("  - [{}] {label}{by}", e.status.id()));
            }
        }
        if !lines.is_empty() {
            let _ = writeln!(out, "- **{}** {} — {}:", o.id, o.title, o.status_label);
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    if out.is_empty() {
        format!("Covers no cell of any obligation on {}.", v.date)
    } else {
        format!("Cells it covers on {} (as `explain` says):\n{out}", v.date)
    }
}

pub fn definition(ctx: &DocCtx<'_>, pos: lsp::Position) -> Option<lsp::Location> {
    let index = LineIndex::new(ctx.text);
    let offset = index.offset(pos);
    match target_at(ctx, offset)? {
        Target::Ref(v, unit, _) | Target::Unit(v, unit, _) => {
            let u = v.units.get(unit)?;
            location_of(ctx, v.file, u.span.start as usize, u.span.end as usize)
        }
        Target::Term(v, d, _) => {
            location_of(ctx, v.file, d.span.start as usize, d.span.end as usize)
        }
        Target::Value(_, fv, _) => {
            location_of(ctx, fv.file, fv.span.start as usize, fv.span.end as usize)
        }
    }
}

/// Find references, by what the cursor is on:
/// - a unit's line, or a reference to a unit: every reference to that unit from the acts of its
///   jurisdiction (`see`, `aggravates`, `mitigates`, `listed`), and every operation of a bill
///   amending that act version that names it (`replace`, `repeal`, `renumber`, and `insert`'s
///   `before` / `after` / `in`);
/// - a defined term: its uses in the acts that read that definition (the law in force's rule:
///   the act's own definition first, then those of the other acts in force on the act's day, in
///   its jurisdiction and then its ancestors');
/// - a vocabulary value: every place of the analysed acts (the focus, see
///   `project::Project::focus`) tagged with it (tag lines, line limits, `define`, `reads`,
///   `rule … covers`, `expressly`, `measure`), and the uses of the terms defined with it
///   directly.
///
/// With `declaration`, the unit's line or the term's definition comes first.
pub fn references(ctx: &DocCtx<'_>, pos: lsp::Position, declaration: bool) -> Vec<lsp::Location> {
    let index = LineIndex::new(ctx.text);
    let offset = index.offset(pos);
    match target_at(ctx, offset) {
        Some(Target::Ref(v, u, _) | Target::Unit(v, u, _)) => {
            unit_references(ctx, v, u, declaration)
        }
        Some(Target::Term(v, d, _)) => term_references(ctx, v, &d.term.node, declaration),
        Some(Target::Value(f, fv, _)) => value_references(ctx, &f.id, &fv.id),
        None => Vec::new(),
    }
}

fn unit_references(
    ctx: &DocCtx<'_>,
    tv: &ActVersion,
    tunit: usize,
    declaration: bool,
) -> Vec<lsp::Location> {
    let s = ctx.snapshot;
    let mut out = Vec::new();
    if declaration
        && let Some(u) = tv.units.get(tunit)
        && let Some(l) = location_of(ctx, tv.file, u.span.start as usize, u.span.end as usize)
    {
        out.push(l);
    }
    for doc in &s.loaded.laws {
        let Some(v) = s.model.corpus.versions.iter().find(|v| v.file == doc.file) else {
            continue;
        };
        if v.jurisdiction != tv.jurisdiction {
            continue;
        }
        for (from, r) in refs_in(&doc.ast) {
            if let Some((x, u)) = resolve(s, v, &from, &r.node)
                && x.file == tv.file
                && u == tunit
            {
                let (a, b) = ref_span(r);
                out.extend(location_of(ctx, doc.file, a, b));
            }
        }
    }
    // Bills amending this very version: their targets are written from the article down.
    for &id in &s.loaded.bills {
        let Some(src) = s.loaded.sources.get(id) else {
            continue;
        };
        let (bill, _) = crate::syntax::parse_bill(&src.text);
        let amends = bill.header.amends.as_ref().map(|a| &a.node);
        if !amends.is_some_and(|a| {
            a.jurisdiction == tv.jurisdiction && a.act == tv.act && a.version == tv.date
        }) {
            continue;
        }
        for op in bill.operations() {
            use crate::syntax::bill::{Action, Position};
            let targets: Vec<&Spanned<Ref>> = match &op.action {
                Action::Replace { target, .. }
                | Action::Repeal { target }
                | Action::Renumber { target, .. } => vec![target],
                Action::Insert { position, .. } => match position {
                    Position::Before(r) | Position::After(r) | Position::In(r) => vec![r],
                    Position::AtEnd(_) => Vec::new(),
                },
            };
            for r in targets {
                if tv.unit_by_path(&ref_path(&r.node)) == Some(tunit) {
                    let (a, b) = ref_span(r);
                    out.extend(location_of(ctx, id, a, b));
                }
            }
        }
    }
    out
}

/// The path a reference written from the article down names (a bill's target).
fn ref_path(r: &Ref) -> Vec<Segment> {
    let mut path = Vec::new();
    if let Some(a) = &r.article {
        path.push((UnitKind::Article, number(&a.node)));
    }
    if let Some(p) = &r.para {
        path.push((UnitKind::Para, number(&p.node)));
    }
    path.extend(r.points.iter().map(|p| (UnitKind::Point, number(&p.node))));
    path
}

/// The version whose definition of `term` a use in version `w` reads: `w`'s own, else the
/// first of the other acts' versions in force on `w`'s day, in `w`'s jurisdiction and then its
/// ancestors' (`model::in_force`'s order).
fn term_site<'a>(s: &'a Snapshot, w: &'a ActVersion, term: &str) -> Option<&'a ActVersion> {
    let defines = |x: &ActVersion| x.defines.iter().any(|d| d.term.node == term);
    if defines(w) {
        return Some(w);
    }
    let corpus = &s.model.corpus;
    for j in corpus.chain(&w.jurisdiction) {
        for (act, _) in corpus.acts_of(&j) {
            if let Some(x) = corpus.version_at(&j, act, w.date)
                && x.file != w.file
                && defines(x)
            {
                return Some(x);
            }
        }
    }
    None
}

fn term_references(
    ctx: &DocCtx<'_>,
    tv: &ActVersion,
    term: &str,
    declaration: bool,
) -> Vec<lsp::Location> {
    let s = ctx.snapshot;
    let mut out = Vec::new();
    if declaration
        && let Some(d) = tv.defines.iter().find(|d| d.term.node == term)
        && let Some(l) = location_of(
            ctx,
            tv.file,
            d.term.span.start as usize,
            d.term.span.end as usize,
        )
    {
        out.push(l);
    }
    for doc in &s.loaded.laws {
        let Some(w) = s.model.corpus.versions.iter().find(|v| v.file == doc.file) else {
            continue;
        };
        if term_site(s, w, term).is_none_or(|x| x.file != tv.file) {
            continue;
        }
        for site in value_sites(&doc.ast) {
            if site.word == term && site.facet != Some("requires") {
                out.extend(location_of(ctx, doc.file, site.span.0, site.span.1));
            }
        }
    }
    out
}

fn value_references(ctx: &DocCtx<'_>, facet: &str, value: &str) -> Vec<lsp::Location> {
    let s = ctx.snapshot;
    let mut out = Vec::new();
    for doc in &s.loaded.laws {
        let version = s.model.corpus.versions.iter().find(|v| v.file == doc.file);
        let sites = value_sites(&doc.ast);
        // Terms this act defines with the value (a use of one is a provision tagged with it).
        let terms: Vec<&str> = sites
            .iter()
            .filter(|x| x.word == value && x.define.is_some())
            .filter_map(|x| x.define)
            .collect();
        for site in &sites {
            let named = site.word == value && site.facet.is_none_or(|f| f == facet);
            if named {
                out.extend(location_of(ctx, doc.file, site.span.0, site.span.1));
            }
        }
        // Uses of those terms in every act that reads this act's definition.
        let Some(v) = version else { continue };
        for term in terms {
            for other in &s.loaded.laws {
                let Some(w) = s
                    .model
                    .corpus
                    .versions
                    .iter()
                    .find(|w| w.file == other.file)
                else {
                    continue;
                };
                if term_site(s, w, term).is_none_or(|x| x.file != v.file) {
                    continue;
                }
                for site in value_sites(&other.ast) {
                    if site.word == term && site.define.is_none() && site.facet != Some("requires")
                    {
                        out.extend(location_of(ctx, other.file, site.span.0, site.span.1));
                    }
                }
            }
        }
    }
    out
}

/// A tag value written in an act: the word, where, and the facet its place names (`None` in a
/// `define` or `reads` line, which take values of any element facet). `define` is the term a
/// `define` line's value belongs to.
struct ValueSite<'a> {
    word: &'a str,
    span: (usize, usize),
    facet: Option<&'a str>,
    define: Option<&'a str>,
}

/// Every tag value written in an act, in file order.
fn value_sites(law: &LawFile) -> Vec<ValueSite<'_>> {
    fn push<'a>(
        out: &mut Vec<ValueSite<'a>>,
        values: &'a [Spanned<crate::syntax::ast::Value>],
        facet: Option<&'a str>,
        define: Option<&'a str>,
    ) {
        for v in values {
            if let crate::syntax::ast::Value::Ident(w) = &v.node {
                out.push(ValueSite {
                    word: w,
                    span: (v.span.start as usize, v.span.end as usize),
                    facet,
                    define,
                });
            }
        }
    }
    fn tag<'a>(out: &mut Vec<ValueSite<'a>>, t: &'a crate::syntax::ast::TagLine) {
        push(out, &t.values, Some(t.facet.node.as_str()), None);
        if let Some(l) = &t.limit {
            push(out, &l.values, Some("requires"), None);
        }
    }
    fn walk<'a>(u: &'a Unit, out: &mut Vec<ValueSite<'a>>) {
        for e in &u.body {
            match e {
                Entry::Offence(o) => {
                    for l in &o.lines {
                        match l {
                            OffenceLine::Tag(t) => tag(out, t),
                            OffenceLine::Expressly { values, .. } => {
                                push(out, values, Some("rule"), None)
                            }
                            _ => {}
                        }
                    }
                }
                Entry::Define(d) => push(out, &d.values, None, Some(d.term.node.as_str())),
                Entry::Rule(r) => {
                    out.push(ValueSite {
                        word: &r.kind.node,
                        span: (r.kind.span.start as usize, r.kind.span.end as usize),
                        facet: Some("rule"),
                        define: None,
                    });
                    push(out, &r.covers, None, None);
                }
                Entry::Reads(r) => {
                    out.push(ValueSite {
                        word: &r.value.node,
                        span: (r.value.span.start as usize, r.value.span.end as usize),
                        facet: None,
                        define: None,
                    });
                    push(out, &r.including, None, None);
                }
                Entry::Measure(m) => {
                    push(out, &m.values, Some("measure"), None);
                    for l in &m.lines {
                        if let crate::syntax::ast::MeasureLine::Tag(t) = l {
                            tag(out, t);
                        }
                    }
                }
                Entry::Unit(c) => walk(c, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for item in &law.items {
        if let Item::Article(u) = item {
            walk(u, &mut out);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Outline, formatting, code actions

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out
fn symbol(
    name: String,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    range: lsp::Range,
    selection: lsp::Range,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: None,
    }
}

/// The act's outline: parts and chapters, articles in them, paragraphs and points in those.
pub fn symbols(ctx: &DocCtx<'_>) -> Vec<lsp::DocumentSymbol> {
    let Some(law) = ctx.law() else {
        return Vec::new();
    };
    let index = LineIndex::new(ctx.text);
    let nodes = outline(law, ctx.text);
    // Build bottom-up: each node's children are the nodes after it, deeper, until one at its
    // depth or above.
    fn build(
        nodes: &[Node<'_>],
        index: &LineIndex<'_>,
        from: usize,
        depth: usize,
    ) -> (Vec<lsp::DocumentSymbol>, usize) {
        let mut out: Vec<lsp::DocumentSymbol> = Vec::new();
        let mut i = from;
        while let Some(n) = nodes.get(i) {
            if n.depth < depth || (depth > 0 && n.heading.is_some()) {
                break;
            }
            let range = index.range(n.extent.0, n.extent.1);
            let selection = index.range(n.line.0, n.line.1);
            let mut sym = if let Some(h) = n.heading {
                let kw = match h.kind {
                    crate::syntax::ast::HeadingKind::Part => "part",
                    crate::syntax::ast::HeadingKind::Chapter => "chapter",
                };
                symbol(
                    format!("{kw} {}", h.number.node),
                    h.title.as_ref().map(|t| t.node.clone()),
                    lsp::SymbolKind::NAMESPACE,
                    range,
                    selection,
                )
            } else if let Some(u) = n.unit {
                let kind = match u.kind {
                    UnitKind::Article => lsp::SymbolKind::CLASS,
                    UnitKind::Para => lsp::SymbolKind::METHOD,
                    UnitKind::Point => lsp::SymbolKind::FIELD,
                };
                symbol(
                    format!("{} {}", u.kind.keyword(), u.number.node),
                    u.title.as_ref().map(|t| t.node.clone()),
                    kind,
                    range,
                    selection,
                )
            } else {
                i += 1;
                continue;
            };
            let (children, next) = if n.heading.is_some() {
                build(nodes, index, i + 1, 1)
            } else {
                build(nodes, index, i + 1, n.depth + 1)
            };
            if !children.is_empty() {
                sym.children = Some(children);
            }
            out.push(sym);
            i = next.max(i + 1);
        }
        (out, i)
    }
    let (mut out, mut i) = build(&nodes, &index, 0, 0);
    // A heading's articles stop at the next heading: continue after it at the top.
    while i < nodes.len() {
        let (more, next) = build(&nodes, &index, i, 0);
        out.extend(more);
        if next <= i {
            break;
        }
        i = next;
    }
    out
}

/// The whole document in canonical layout (`lexgap fmt`), or nothing where the file has
/// syntax errors (as `fmt` leaves such files alone) or is already formatted.
pub fn formatting(ctx: &DocCtx<'_>) -> Option<Vec<lsp::TextEdit>> {
    let formatted = if ctx.rel.ends_with(".law") {
        let (tree, errors) = crate::syntax::parse_law(ctx.text);
        if !errors.is_empty() {
            return None;
        }
        let out = crate::syntax::format_law(&tree);
        let (again, errors) = crate::syntax::parse_law(&out);
        if !errors.is_empty() || again != tree {
            return None;
        }
        out
    } else if ctx.rel.ends_with(".bill") {
        let (tree, errors) = crate::syntax::parse_bill(ctx.text);
        if !errors.is_empty() {
            return None;
        }
        let out = crate::syntax::format_bill(&tree);
        let (again, errors) = crate::syntax::parse_bill(&out);
        if !errors.is_empty() || again != tree {
            return None;
        }
        out
    } else {
        return None;
    };
    if formatted == ctx.text {
        return Some(Vec::new());
    }
    let index = LineIndex::new(ctx.text);
    Some(vec![lsp::TextEdit::new(
        index.range(0, ctx.text.len()),
        formatted,
    )])
}

/// `did you mean `X`?` in a hint: X.
fn suggestion(hint: &str) -> Option<&str> {
    let rest = hint.split("did you mean `").nth(1)?;
    rest.split('`').next().filter(|s| !s.is_empty())
}

pub fn code_actions(ctx: &DocCtx<'_>, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
    let index = LineIndex::new(ctx.text);
    let from = index.offset(p.range.start);
    let to = index.offset(p.range.end);
    let mut out = Vec::new();
    let s = ctx.snapshot;
    // `WorkspaceEdit::changes` is keyed by `Uri` (lsp-types' choice); no key is changed here.
    #[allow(clippy::mutable_key_type)]
    let edit = |range: lsp::Range, text: String| {
        let mut changes = std::collections::HashMap::new();
        changes.insert(ctx.uri.clone(), vec![lsp::TextEdit::new(range, text)]);
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    };
    // Did-you-mean fixes, from this file's diagnostics that touch the range.
    if let Some(&id) = s.by_rel.get(ctx.rel) {
        for d in s.loaded.diagnostics.iter().filter(|d| d.file == Some(id)) {
            let (Some(span), Some(hint)) = (d.span, &d.hint) else {
                continue;
            };
            let (a, b) = (span.start as usize, span.end as usize);
            if b < from || a > to {
                continue;
            }
            let Some(fix) = suggestion(hint) else {
                continue;
            };
            let range = index.range(a, b);
            let lsp_diag = to_lsp(d, &index, s, ctx.uri_of);
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Replace with `{fix}`"),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag]),
                edit: Some(edit(range, fix.to_string())),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
    }
    // A `verified` line for the unit at the cursor, where it has none of its own.
    if let Some(law) = ctx.law() {
        let nodes = outline(law, ctx.text);
        if let Some(n) = unit_at(&nodes, from)
            && let Some(u) = n.unit
            && u.verified().is_none()
        {
            let line_no = index.position(n.line.0).line;
            let header = index.line(line_no);
            let indent = header.len() - header.trim_start().len();
            let pad = " ".repeat(indent + 2);
            let source = law.header.fields.iter().find_map(|f| match f {
                crate::syntax::ast::HeaderField::Source(s, _) => Some(s.node.clone()),
                _ => None,
            });
            let line = match &source {
                Some(src) => format!(
                    "{pad}verified yes \"read in {}\"\n",
                    src.replace('\\', "\\\\").replace('"', "\\\"")
                ),
                None => format!("{pad}verified no\n"),
            };
            let at = index.line_start(line_no + 1);
            let pos = index.position(at);
            let (insert, text) = if at >= ctx.text.len() && !ctx.text.ends_with('\n') {
                (
                    index.position(ctx.text.len()),
                    format!("\n{}", line.trim_end_matches('\n')),
                )
            } else {
                (pos, line.clone())
            };
            let title = match source {
                Some(_) => format!(
                    "Add `verified yes` to {} {} (read in the act's source)",
                    u.kind.keyword(),
                    u.number.node
                ),
                None => format!(
                    "Add `verified no` to {} {}",
                    u.kind.keyword(),
                    u.number.node
                ),
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                edit: Some(edit(lsp::Range::new(insert, insert), text)),
                ..Default::default()
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_read_from_hints() {
        assert_eq!(suggestion("did you mean `firearm`?"), Some("firearm"));
        assert_eq!(suggestion("write `оружје`"), None);
    }

    #[test]
    fn the_typed_word_and_the_words_before_it() {
        assert_eq!(
            line_words("      object firearm, amm"),
            (vec!["object", "firearm"], "amm")
        );
        assert_eq!(line_words("  "), (vec![], ""));
    }

    #[test]
    fn the_outline_nests_units_and_ends_each_before_the_next() {
        let text = "act a \"A\"\n  jurisdiction RS\n\npart 1 \"General\"\n\narticle 1\n  para 1\n    text en: x\n  para 2\n    text en: y\n\npart 2 \"Special\"\n\narticle 2\n  text en: z\n";
        let (law, errors) = crate::syntax::parse_law(text);
        assert!(errors.is_empty(), "{errors:?}");
        let nodes = outline(&law, text);
        let shown: Vec<(usize, &str)> = nodes
            .iter()
            .map(|n| {
                (
                    n.depth,
                    text.get(n.extent.0..n.extent.1)
                        .unwrap()
                        .lines()
                        .next()
                        .unwrap(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (0, "part 1 \"General\""),
                (1, "article 1"),
                (2, "  para 1"),
                (2, "  para 2"),
                (0, "part 2 \"Special\""),
                (1, "article 2"),
            ]
        );
        // Article 1 runs to its last line; paragraph 1 stops before paragraph 2.
        let art1 = nodes.get(1).unwrap();
        assert!(
            text.get(art1.extent.0..art1.extent.1)
                .unwrap()
                .ends_with("text en: y")
        );
        let para1 = nodes.get(2).unwrap();
        assert!(
            text.get(para1.extent.0..para1.extent.1)
                .unwrap()
                .ends_with("text en: x")
        );
        // A cursor in paragraph 2's text is in paragraph 2.
        let at = text.find(": y").unwrap();
        assert_eq!(unit_at(&nodes, at).unwrap().path.last().unwrap().1, "2");
    }

    #[test]
    fn words_of_any_script() {
        let t = "object оружје, x";
        let at = t.find("руж").unwrap();
        assert_eq!(word_at(t, at).map(|w| w.2), Some("оружје"));
    }
}
