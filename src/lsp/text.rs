//! Text positions as LSP counts them: lines and UTF-16 code units (a Cyrillic letter is one unit
//! and two UTF-8 bytes; a character outside the Basic Multilingual Plane is two units and four
//! bytes), and the edits a client sends (`didChange` with ranges).

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Where each line of a text starts, for converting many offsets of one text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The LSP position of a byte offset (clamped to the text, and moved back to the start of
    /// the character it falls inside).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let units: usize = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(to_u32(line), to_u32(units))
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of an LSP position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the end of the line (before its line break), as
    /// the protocol asks; a position inside a surrogate pair gives the character's start.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }

    /// The text of line `line` without its line break.
    pub fn line(&self, line: u32) -> &'a str {
        let Some(&start) = self.starts.get(line as usize) else {
            return "";
        };
        let end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let l = self.text.get(start..end).unwrap_or("");
        let l = l.strip_suffix('\n').unwrap_or(l);
        l.strip_suffix('\r').unwrap_or(l)
    }

    /// The byte offset where line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: u32) -> usize {
        self.starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies one `didChange` content change: a range replaced, or (without a range) the whole
/// text. Ranges outside the text are clamped, so a confused client cannot make the server fail.
pub fn apply_change(text: &mut String, change: &TextDocumentContentChangeEvent) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_counts_one_unit_per_letter() {
        let text = "article 1\n  text sr-Cyrl: Ко неовлашћено\n";
        let index = LineIndex::new(text);
        let at = text.find("неовлашћено").unwrap();
        // "  text sr-Cyrl: Ко " is 19 characters, each one UTF-16 unit.
        assert_eq!(index.position(at), Position::new(1, 19));
        assert_eq!(index.offset(Position::new(1, 19)), at);
        let end = at + "неовлашћено".len();
        assert_eq!(index.position(end), Position::new(1, 30));
        assert_eq!(index.offset(Position::new(1, 30)), end);
    }

    #[test]
    fn astral_characters_count_two_units() {
        let text = "a😀b";
        let index = LineIndex::new(text);
        assert_eq!(index.position(5), Position::new(0, 3));
        assert_eq!(index.offset(Position::new(0, 3)), 5);
        // Inside the surrogate pair: the character's start.
        assert_eq!(index.offset(Position::new(0, 2)), 1);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(7, 0)), text.len());
        assert_eq!(index.position(999), Position::new(1, 2));
        assert_eq!(index.line(0), "ab");
    }

    #[test]
    fn incremental_changes_apply_in_utf16() {
        let mut text = "object оружје\n".to_string();
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 7), Position::new(0, 13))),
            range_length: None,
            text: "firearm".into(),
        };
        apply_change(&mut text, &change);
        assert_eq!(text, "object firearm\n");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "x".into(),
        };
        apply_change(&mut text, &whole);
        assert_eq!(text, "x");
    }
}
