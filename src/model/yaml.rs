//! Reading YAML input (the instrument, jurisdiction metadata, assessments) with located errors.
//!
//! `serde-saphyr` parses with a budget on by default (bounding events, nodes, depth and alias
//! expansion, so an alias bomb fails fast instead of exhausting memory) and refuses duplicate
//! keys. Its locations are turned into our byte spans so that YAML errors render like every
//! other diagnostic.

use serde::de::DeserializeOwned;

use super::codes::YAML_SYNTAX;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile};
use crate::syntax::Span;

/// A value with the place it was read from.
pub type Sp<T> = serde_saphyr::Spanned<T>;

/// The byte span of a location in `text`. Locations carry byte offsets for string input; where
/// one does not (some syntax errors), the line and column are converted instead.
pub fn span_of(text: &str, loc: &serde_saphyr::Location) -> Span {
    let s = loc.span();
    if let (Some(start), Some(len)) = (s.byte_offset(), s.byte_len())
        && start <= text.len() as u64
        && start < u64::from(u32::MAX)
    {
        let start = usize::try_from(start).unwrap_or(text.len());
        let end = start
            .saturating_add(usize::try_from(len).unwrap_or(0))
            .min(text.len());
        let end = if end == start {
            next_boundary(text, start)
        } else {
            end
        };
        return Span::new(start, end);
    }
    let line = usize::try_from(loc.line()).unwrap_or(0);
    let col = usize::try_from(loc.column()).unwrap_or(0);
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let rest = text.get(line_start..).unwrap_or("");
    let offset = rest
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    Span::new(offset, next_boundary(text, offset))
}

/// The end of the character starting at `i` (or `i` at the end of the text), so that an empty
/// location still underlines one character.
fn next_boundary(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(i, |c| i + c.len_utf8())
}

/// The span of a spanned value.
pub fn sp_span<T>(text: &str, v: &Sp<T>) -> Span {
    span_of(text, &v.referenced)
}

/// Parses `file` as `T`. A syntax or shape error becomes one located diagnostic (serde stops at
/// the first; every later check reports all it finds).
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    id: FileId,
    what: &str,
) -> Result<T, Box<Diagnostic>> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<T>(&file.text, options).map_err(|e| {
        let message = explain_budget(strip_location(&e.to_string()));
        let mut d = Diagnostic::new(YAML_SYNTAX, format!("{what}: {message}"))
            .hint(format!("see docs/protocol.md for the shape of {what}"))
            .in_file(id);
        if let Some(loc) = e.location() {
            d = d.at(span_of(&file.text, &loc), "here");
        }
        Box::new(d)
    })
}

/// serde-saphyr reports a breached safety budget as `budget breached: Nodes { nodes: 250001 }
/// at line …`; say what that means for the person who wrote the file.
fn explain_budget(message: String) -> String {
    let Some(rest) = message.strip_prefix("budget breached: ") else {
        return message;
    };
    let breach = rest.find('}').and_then(|i| rest.get(..=i)).unwrap_or(rest);
    if breach.starts_with("Depth") {
        format!(
            "the document nests too deeply ({breach}); lexgap reads YAML nested at most 64 levels"
        )
    } else {
        format!(
            "the document is too large once its aliases (`*name`) are expanded ({breach}); \
             lexgap stops reading rather than run out of memory, as an alias bomb would make it"
        )
    }
}

/// serde-saphyr appends " at line L, column C" to its messages; the diagnostic shows the place
/// itself, so the suffix is dropped.
fn strip_location(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    match first_line.rfind(" at line ") {
        Some(i) => first_line[..i].to_string(),
        None => first_line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: Sp<String>,
    }

    #[test]
    fn spans_are_bytes() {
        let text = "a: héllo\n";
        let f = SourceFile::new("x.yaml", text.to_string());
        let d: Doc = parse(&f, FileId(0), "test").unwrap();
        let s = sp_span(text, &d.a);
        assert_eq!(&text[s.range()], "héllo");
    }

    #[test]
    fn errors_are_located() {
        let text = "a: x\nzz: 1\n";
        let f = SourceFile::new("x.yaml", text.to_string());
        let e = parse::<Doc>(&f, FileId(0), "test").unwrap_err();
        assert!(e.message.contains("unknown field `zz`"), "{}", e.message);
        assert!(!e.message.contains("at line"), "{}", e.message);
        assert_eq!(f.line_col(e.span.unwrap().start as usize), (2, 1));
    }

    #[test]
    fn syntax_errors_without_byte_offsets_are_located() {
        let text = "a: {b: [c]\n";
        let f = SourceFile::new("x.yaml", text.to_string());
        let e = parse::<Doc>(&f, FileId(0), "test").unwrap_err();
        assert!(e.span.is_some());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        text.push_str("a: x\n");
        let f = SourceFile::new("x.yaml", text);
        assert!(parse::<serde::de::IgnoredAny>(&f, FileId(0), "test").is_err());
    }
}
