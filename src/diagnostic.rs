//! Diagnostics: what every stage says about its input, located in the original files.
//!
//! A [`Diagnostic`] carries a stable [`Code`] (listed in docs/errors.md), a message, the span of
//! the offending text with a label saying what was expected, and a hint. Stages collect them in a
//! `Vec` and carry on; nothing here prints — the CLI renders them, as text with a caret snippet
//! (through `annotate-snippets`, the renderer rustc uses) or as JSON for editors and CI.

use crate::source::{FileId, SourceFile, Sources};
use crate::syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A stable diagnostic code (`E0101`) with a short kebab-case name (`unexpected-line`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Code {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
}

impl Code {
    pub const fn error(id: &'static str, name: &'static str) -> Code {
        Code {
            id,
            name,
            severity: Severity::Error,
        }
    }
    pub const fn warning(id: &'static str, name: &'static str) -> Code {
        Code {
            id,
            name,
            severity: Severity::Warning,
        }
    }
}

/// A secondary place shown with a diagnostic ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: Option<FileId>,
    pub span: Span,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// The file the diagnostic is about; `None` until the stage that knows the file sets it.
    pub file: Option<FileId>,
    pub span: Option<Span>,
    /// Shown under the underlined text: what was found or expected there.
    pub label: String,
    pub hint: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            file: None,
            span: None,
            label: String::new(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity
    }

    pub fn is_error(&self) -> bool {
        self.code.severity == Severity::Error
    }

    /// Points the diagnostic at `span`, with `label` under the underlined text.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.span = Some(span);
        self.label = label.into();
        self
    }

    pub fn in_file(mut self, file: FileId) -> Diagnostic {
        self.file = Some(file);
        for r in &mut self.related {
            r.file.get_or_insert(file);
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            file: self.file,
            span,
            label: label.into(),
        });
        self
    }

    pub fn related_in(mut self, file: FileId, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            file: Some(file),
            span,
            label: label.into(),
        });
        self
    }

    /// The diagnostic with its files renumbered by `map` (from one numbering of the input files
    /// to another; see `crate::stream`).
    pub fn map_files(mut self, map: impl Fn(FileId) -> FileId) -> Diagnostic {
        self.file = self.file.map(&map);
        for r in &mut self.related {
            r.file = r.file.map(&map);
        }
        self
    }

    /// Every file the diagnostic points into.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.file
            .into_iter()
            .chain(self.related.iter().filter_map(|r| r.file))
    }

    /// Sort key giving a stable order: by file, then position, then code.
    pub fn sort_key(&self) -> (Option<FileId>, u32, &'static str) {
        (self.file, self.span.map_or(0, |s| s.start), self.code.id)
    }
}

/// "did you mean `x`?" for a misspelt word, choosing among `candidates` the closest one that is
/// close enough to be a plausible typo. Deterministic: ties go to the earlier candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let len = word.chars().count();
    for c in candidates {
        let clen = c.chars().count();
        let limit = (len.max(clen) / 3).max(1);
        let prefix_hit = word.len() >= 3 && c.starts_with(word);
        // The distance is at least the difference in length: a candidate too long or too short
        // to be within the limit is not measured (the parser asks this of every tag line whose
        // keyword is not a standard one; measuring them was a sixtieth of a `diff`).
        if !prefix_hit && len.abs_diff(clen) > limit {
            continue;
        }
        let dist = strsim::damerau_levenshtein(word, c);
        if (dist <= limit || prefix_hit) && best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, c));
        }
    }
    best.map(|(_, c)| c)
}

/// How to render diagnostics as text.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
}

/// The lines of one file that a diagnostic shows, with its underlines re-based onto them.
struct Excerpt {
    path: String,
    line_start: usize,
    text: String,
    marks: Vec<Mark>,
}

struct Mark {
    range: std::ops::Range<usize>,
    label: String,
    primary: bool,
}

/// Renders one diagnostic as text with a caret snippet of the source.
/// Text for a terminal with its control characters made visible: C0 controls as the Unicode
/// control pictures (ESC as ␛), DEL as ␡, C1 controls as `<U+009B>`. A file name can hold an
/// escape sequence that clears the screen or sets the window title (issue 20, finding 11).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match u32::from(c) {
            n @ 0..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('?')),
            0x7f => out.push('\u{2421}'),
            n @ 0x80..=0x9f => out.push_str(&format!("<U+{n:04X}>")),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`visible`] for a whole page of text output (`analyze`, `explain`, `diff`): line ends and
/// tabs are kept, every other control character — a carriage return that overwrites a line, an
/// escape sequence — is made visible (issue 20, finding 11).
pub fn visible_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for line in s.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        for part in body.split_inclusive('\t') {
            let (p, tab) = match part.strip_suffix('\t') {
                Some(p) => (p, "\t"),
                None => (part, ""),
            };
            out.push_str(&visible(p));
            out.push_str(tab);
        }
        out.push_str(end);
    }
    std::borrow::Cow::Owned(out)
}

pub fn render(d: &Diagnostic, sources: &Sources, opts: RenderOptions) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

    let level = match d.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = d.file.and_then(|f| sources.get(f));
    let mut excerpts: Vec<Excerpt> = Vec::new();
    let mut origin_only: Option<String> = None;
    if let Some(file) = file {
        match d.span {
            Some(span) => {
                let mut marks = vec![(span, d.label.as_str(), true)];
                for r in d.related.iter().filter(|r| r.file == d.file) {
                    marks.push((r.span, r.label.as_str(), false));
                }
                excerpts.push(excerpt(file, &marks));
            }
            None => origin_only = Some(visible(&file.path).into_owned()),
        }
        for r in d.related.iter().filter(|r| r.file != d.file) {
            if let Some(rf) = r.file.and_then(|f| sources.get(f)) {
                excerpts.push(excerpt(rf, &[(r.span, r.label.as_str(), false)]));
            }
        }
    }
    let mut group = Group::with_title(level.primary_title(d.message.as_str()).id(d.code.id));
    if let Some(path) = &origin_only {
        group = group.element(Origin::path(path.as_str()));
    }
    for ex in &excerpts {
        let mut snippet = Snippet::source(ex.text.as_str())
            .line_start(ex.line_start)
            .path(ex.path.as_str());
        for m in &ex.marks {
            let kind = if m.primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            snippet = snippet.annotation(kind.span(m.range.clone()).label(m.label.as_str()));
        }
        group = group.element(snippet);
    }
    if let Some(h) = &d.hint {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// Cuts out of `file` the lines the marks touch, and re-bases the spans onto that excerpt, so
/// that rendering never walks the whole file.
fn excerpt(file: &SourceFile, marks: &[(Span, &str, bool)]) -> Excerpt {
    let mut start = usize::MAX;
    let mut end = 0;
    for (span, _, _) in marks {
        let r = file.line_range(*span);
        start = start.min(r.start);
        end = end.max(r.end);
    }
    if start > end {
        (start, end) = (0, 0);
    }
    let text = file.text.get(start..end).unwrap_or("").to_string();
    let (line_start, _) = file.line_col(start);
    let marks = marks
        .iter()
        .map(|(span, label, primary)| {
            let s = (span.start as usize).clamp(start, end) - start;
            let e = (span.end as usize).clamp(start, end) - start;
            // Keep the underline on char boundaries of the excerpt.
            let s = floor_boundary(&text, s);
            let e = floor_boundary(&text, e).max(s);
            Mark {
                range: s..e,
                label: (*label).to_string(),
                primary: *primary,
            }
        })
        .collect();
    Excerpt {
        path: visible(&file.path).into_owned(),
        line_start,
        text,
        marks,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A diagnostic in the shape `lexgap check --format json` prints (documented in docs/errors.md).
#[derive(Debug, Clone, serde::Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    pub file: Option<String>,
    /// 1-based line and column (in characters) of the start and end of the underlined text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub label: String,
    pub hint: Option<String>,
}

pub fn to_json(d: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let file = d.file.and_then(|f| sources.get(f));
    let start = file.zip(d.span).map(|(f, s)| f.line_col(s.start as usize));
    let end = file.zip(d.span).map(|(f, s)| f.line_col(s.end as usize));
    JsonDiagnostic {
        severity: d.severity(),
        code: d.code.id,
        name: d.code.name,
        message: d.message.clone(),
        file: file.map(|f| f.path.clone()),
        line: start.map(|p| p.0),
        column: start.map(|p| p.1),
        end_line: end.map(|p| p.0),
        end_column: end.map(|p| p.1),
        label: d.label.clone(),
        hint: d.hint.clone(),
    }
}

/// What a panic says and where it happened (`" at file:line"`, or empty), for the panic hooks of
/// the CLI and the language server.
pub fn panic_parts(info: &std::panic::PanicHookInfo<'_>) -> (String, String) {
    let location = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    (payload, location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn visible_lines_keeps_line_ends_and_tabs_only() {
        assert_eq!(visible_lines("a\tb\nc\n"), "a\tb\nc\n");
        assert_eq!(
            visible_lines("x\u{1b}[2J\r\ny\u{9b}\u{7f}"),
            "x\u{241b}[2J\u{240d}\ny<U+009B>\u{2421}"
        );
    }

    #[test]
    fn suggests_close_words() {
        let words = ["conduct", "object", "circumstance", "mental"];
        assert_eq!(did_you_mean("condcut", words), Some("conduct"));
        assert_eq!(did_you_mean("circumstanse", words), Some("circumstance"));
        assert_eq!(did_you_mean("penalty", words), None);
    }

    /// `did_you_mean` without the length shortcut: every candidate measured.
    fn did_you_mean_reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let mut best: Option<(usize, &str)> = None;
        for &c in candidates {
            let dist = strsim::damerau_levenshtein(word, c);
            let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
            let prefix_hit = word.len() >= 3 && c.starts_with(word);
            if (dist <= limit || prefix_hit) && best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, c));
            }
        }
        best.map(|(_, c)| c)
    }

    proptest::proptest! {
        #[test]
        fn did_you_mean_skips_only_what_cannot_match(
            word in "[a-dé-]{0,14}",
            candidates in proptest::collection::vec("[a-dé-]{0,14}", 0..8),
        ) {
            let c: Vec<&str> = candidates.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                did_you_mean(&word, c.iter().copied()),
                did_you_mean_reference(&word, &c)
            );
        }
    }

    #[test]
    fn renders_located_snippet() {
        const C: Code = Code::error("E9999", "test");
        let mut sources = Sources::new();
        let id = sources.add(SourceFile::new(
            "codes/x.law",
            "act a \"A\"\n  jurisdicton RS\n".to_string(),
        ));
        let d = Diagnostic::new(C, "unknown header field `jurisdicton`")
            .at(Span::new(12, 23), "expected a header field")
            .hint("did you mean `jurisdiction`?")
            .in_file(id);
        let out = render(&d, &sources, RenderOptions::default());
        println!("{out}");
        assert!(out.contains("codes/x.law:2:3"), "{out}");
        assert!(out.contains("^^^^^^^^^^^"), "{out}");
        assert!(out.contains("did you mean `jurisdiction`?"), "{out}");
    }
}
