//! Word-level comparison of two texts, the way a reviewer reads a comparative table.
//!
//! Texts are compared after Unicode NFC normalization (so a "ë" typed as one character and one
//! typed as "e" plus a combining diaeresis are the same word), then cut into tokens: words
//! (letters with their combining marks, any script), numbers (digit runs — "5 years" to "8 years"
//! is a change of one token, and "403a" is `403` + `a`), and each punctuation mark on its own.
//! Whitespace separates tokens but is not compared, so re-flowing a text is no change.

use std::borrow::Cow;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// `s` in NFC; borrowed when it is NFC already (the usual case: no allocation).
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ if unicode_normalization::is_nfc(s) => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// One token of a text, with whether whitespace came before it (kept only to print the text
/// back; it takes no part in comparisons).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub space_before: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Number,
}

fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return if c.is_ascii_digit() {
            Some(Class::Number)
        } else if c.is_ascii_alphabetic() {
            Some(Class::Word)
        } else {
            None
        };
    }
    // Latin-1 and Latin Extended-A letters (but × and ÷), and the basic Cyrillic alphabet:
    // the letters of most codes, spared the Unicode tables.
    if matches!(c, '\u{c0}'..='\u{17f}' | '\u{400}'..='\u{45f}') && c != '×' && c != '÷' {
        return Some(Class::Word);
    }
    if c.is_numeric() {
        Some(Class::Number)
    } else if c.is_alphabetic() || is_combining_mark(c) {
        Some(Class::Word)
    } else {
        None
    }
}

/// Cuts an (NFC) text into tokens.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    token_iter(text).collect()
}

/// The tokens of an (NFC) text one by one, without collecting them (for hashing).
pub fn token_iter(text: &str) -> TokenIter<'_> {
    TokenIter {
        text,
        pos: 0,
        first: true,
    }
}

/// See [`token_iter`]. Walks the bytes of ASCII characters (most of any text, even in Cyrillic:
/// spaces, digits, punctuation) without decoding them.
pub struct TokenIter<'a> {
    text: &'a str,
    pos: usize,
    first: bool,
}

impl TokenIter<'_> {
    /// The character at byte `at`, if any.
    fn char_at(&self, at: usize) -> Option<char> {
        let b = *self.text.as_bytes().get(at)?;
        if b.is_ascii() {
            return Some(char::from(b));
        }
        self.text.get(at..)?.chars().next()
    }
}

impl<'a> Iterator for TokenIter<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let mut space = false;
        loop {
            let c = self.char_at(self.pos)?;
            let start = self.pos;
            self.pos += c.len_utf8();
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if let Some(k) = class(c) {
                while let Some(d) = self.char_at(self.pos) {
                    // Combining marks stay with the word or number they follow.
                    if class(d) == Some(k)
                        || (k == Class::Word && !d.is_ascii() && is_combining_mark(d))
                    {
                        self.pos += d.len_utf8();
                    } else {
                        break;
                    }
                }
            }
            let first = std::mem::replace(&mut self.first, false);
            return Some(Token {
                text: self.text.get(start..self.pos).unwrap_or(""),
                space_before: space && !first,
            });
        }
    }
}

/// What happened to a stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Equal,
    Delete,
    Insert,
}

/// A stretch of text and what happened to it. `text` includes the space before it, so that
/// the `equal` and `delete` pieces concatenated give the old text, and the `equal` and `insert`
/// pieces the new one (both NFC, with runs of whitespace as single spaces).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    pub op: Change,
    pub text: String,
}

/// Below this share of common tokens a text counts as rewritten (see [`diff_words`]).
pub const REWRITTEN: f32 = 0.5;

/// Time one word diff may take. Myers' algorithm grows with the tokens times the differences
/// (two versions of one 5 MB paragraph, its words reordered: 46 s); past this budget the diff
/// stops and the text is shown as replaced whole, and says so ([`diff_words_bounded`]).
pub const WORD_DIFF_BUDGET: Duration = Duration::from_secs(2);

/// The word-level changes from `old` to `new`. A text with less than half its tokens in common
/// with the other is shown as deleted whole and inserted whole.
pub fn diff_words(old: &str, new: &str) -> Vec<Piece> {
    diff_words_bounded(old, new).0
}

/// [`diff_words`], and whether it ran out of [`WORD_DIFF_BUDGET`] — then the text is shown as
/// deleted whole and inserted whole (a coarser diff, correct but less precise).
pub fn diff_words_bounded(old: &str, new: &str) -> (Vec<Piece>, bool) {
    let old = nfc(old);
    let new = nfc(new);
    let a = tokens(&old);
    let b = tokens(&new);
    let ka: Vec<&str> = a.iter().map(|t| t.text).collect();
    let kb: Vec<&str> = b.iter().map(|t| t.text).collect();
    let deadline = Instant::now() + WORD_DIFF_BUDGET;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, Some(deadline));
    let coarse = Instant::now() > deadline;
    // A text rewritten rather than amended reads better as the old text, then the new one,
    // than as a mosaic of the few small words the two happen to share.
    let rewritten = coarse || similar::diff_ratio(&ops, ka.len(), kb.len()) < REWRITTEN;
    let ops = if rewritten && !ka.is_empty() && !kb.is_empty() {
        vec![DiffOp::Replace {
            old_index: 0,
            old_len: ka.len(),
            new_index: 0,
            new_len: kb.len(),
        }]
    } else {
        ops
    };
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |op: Change, toks: &[Token<'_>]| {
        if toks.is_empty() {
            return;
        }
        let mut text = String::new();
        for t in toks {
            if t.space_before {
                text.push(' ');
            }
            text.push_str(t.text);
        }
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(&text),
            _ => out.push(Piece { op, text }),
        }
    };
    for op in &ops {
        let (_, old_range, new_range) = op.as_tag_tuple();
        let olds = a.get(old_range).unwrap_or(&[]);
        let news = b.get(new_range).unwrap_or(&[]);
        match op {
            DiffOp::Equal { .. } => push(Change::Equal, news),
            DiffOp::Delete { .. } => push(Change::Delete, olds),
            DiffOp::Insert { .. } => push(Change::Insert, news),
            DiffOp::Replace { .. } => {
                push(Change::Delete, olds);
                push(Change::Insert, news);
            }
        }
    }
    (out, coarse)
}

/// Whether the pieces hold any change.
pub fn is_changed(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| p.op != Change::Equal)
}

/// How alike two token lists are, from 0 (nothing shared) to 1 (the same): twice the tokens the
/// two have in common, in order, over the tokens of both.
pub fn similarity<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // Bounded like the word diff: past the budget similar's answer is an approximation (a
    // lower bound of what is shared), which only makes a match between units less likely.
    let deadline = Instant::now() + WORD_DIFF_BUDGET;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// The tokens of a text as owned strings (for similarity between units).
pub fn token_strings(text: &str) -> Vec<String> {
    let norm = nfc(text);
    tokens(&norm)
        .into_iter()
        .map(|t| t.text.to_string())
        .collect()
}

/// Prints pieces as `[-old-]{+new+}` (git's word-diff notation), or with ANSI colours (red
/// struck-through deletions, green underlined insertions). Spaces go outside the marks, and an
/// insertion right after a deletion takes no space of its own: `a [-b-]{+c+} d`. Control
/// characters of the text are shown visibly (see [`crate::diagnostic::visible_lines`]), so that
/// only lexgap's own colours reach the terminal.
pub fn render(pieces: &[Piece], color: bool) -> String {
    let mut out = String::new();
    let mut prev = Change::Equal;
    for p in pieces {
        let text = crate::diagnostic::visible_lines(&p.text);
        let (lead, body) = match text.strip_prefix(' ') {
            Some(rest) => (" ", rest),
            None => ("", &*text),
        };
        match p.op {
            Change::Equal => {
                out.push_str(lead);
                out.push_str(body);
            }
            Change::Delete => {
                out.push_str(lead);
                if color {
                    out.push_str("\x1b[31;9m");
                    out.push_str(body);
                    out.push_str("\x1b[0m");
                } else {
                    out.push_str("[-");
                    out.push_str(body);
                    out.push_str("-]");
                }
            }
            Change::Insert => {
                if prev != Change::Delete {
                    out.push_str(lead);
                }
                if color {
                    out.push_str("\x1b[32;4m");
                    out.push_str(body);
                    out.push_str("\x1b[0m");
                } else {
                    out.push_str("{+");
                    out.push_str(body);
                    out.push_str("+}");
                }
            }
        }
        prev = p.op;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(a: &str, b: &str) -> String {
        render(&diff_words(a, b), false)
    }

    #[test]
    fn words_numbers_and_punctuation_are_tokens() {
        let t: Vec<_> = tokens("art. 403a, 5 years;")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["art", ".", "403", "a", ",", "5", "years", ";"]);
    }

    /// The shortcut for common letters agrees with the Unicode tables.
    #[test]
    fn common_letters_are_word_characters() {
        for c in ('\u{c0}'..='\u{17f}').chain('\u{400}'..='\u{45f}') {
            let slow = if c.is_numeric() {
                Some(Class::Number)
            } else if c.is_alphabetic() || is_combining_mark(c) {
                Some(Class::Word)
            } else {
                None
            };
            assert!(class(c) == slow, "{c:?}");
        }
    }

    /// The tokeniser as it was written first, char by char: what [`token_iter`] must agree with.
    fn tokens_reference(text: &str) -> Vec<Token<'_>> {
        let mut out = Vec::new();
        let mut space = false;
        let mut iter = text.char_indices().peekable();
        while let Some((start, c)) = iter.next() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            let mut end = start + c.len_utf8();
            if let Some(k) = class(c) {
                while let Some(&(i, d)) = iter.peek() {
                    if class(d) == Some(k)
                        || (k == Class::Word && !d.is_ascii() && is_combining_mark(d))
                    {
                        end = i + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
            }
            out.push(Token {
                text: &text[start..end],
                space_before: space && !out.is_empty(),
            });
            space = false;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn token_iter_agrees_with_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "7", "٣", "Ⅻ", " ", "\t", "\u{a0}", "\u{2003}", ",", ".", "ë", "e\u{308}",
                    "\u{301}", "ж", "Ђ", "ç", "×", "½", "中", "😀", "-", "\n",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(tokens(&text), tokens_reference(&text));
        }
    }

    #[test]
    fn marks_changes() {
        assert_eq!(
            marked("punished by up to 5 years.", "punished by up to 8 years."),
            "punished by up to [-5-]{+8+} years."
        );
        assert_eq!(marked("a b c", "a c"), "a [-b-] c");
        assert_eq!(marked("a c", "a b c"), "a {+b+} c");
        assert_eq!(marked("same", "same"), "same");
    }

    #[test]
    fn pieces_rebuild_both_texts() {
        let (a, b) = (
            "Whoever makes, sells or holds weapons.",
            "Whoever sells or carries firearms, parts.",
        );
        let pieces = diff_words(a, b);
        let old: String = pieces
            .iter()
            .filter(|p| p.op != Change::Insert)
            .map(|p| p.text.as_str())
            .collect();
        let new: String = pieces
            .iter()
            .filter(|p| p.op != Change::Delete)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(old, a);
        assert_eq!(new, b);
    }

    #[test]
    fn cyrillic() {
        assert_eq!(
            marked(
                "Ко неовлашћено израђује оружје",
                "Ко неовлашћено израђује или продаје оружје"
            ),
            "Ко неовлашћено израђује {+или продаје+} оружје"
        );
    }

    #[test]
    fn albanian_diacritics() {
        assert_eq!(
            marked(
                "Kush prodhon armë zjarri",
                "Kush prodhon ose shet armë zjarri"
            ),
            "Kush prodhon {+ose shet+} armë zjarri"
        );
        // ë and ç are letters of the word, not separators.
        assert_eq!(marked("çështje", "çështja"), "[-çështje-]{+çështja+}");
    }

    #[test]
    fn composed_and_decomposed_are_the_same() {
        let composed = "armë çelës Кривични";
        let decomposed = "arme\u{308} c\u{327}ele\u{308}s Кривични";
        assert_ne!(composed, decomposed);
        assert!(!is_changed(&diff_words(composed, decomposed)));
        assert!(matches!(nfc(composed), Cow::Borrowed(_)));
        assert!(matches!(nfc(decomposed), Cow::Owned(_)));
    }

    #[test]
    fn rewritten_text_is_replaced_whole() {
        assert_eq!(
            marked(
                "Whoever makes weapons.",
                "The items shall be confiscated by the court."
            ),
            "[-Whoever makes weapons.-]{+The items shall be confiscated by the court.+}"
        );
    }

    #[test]
    fn whitespace_is_no_change() {
        assert!(!is_changed(&diff_words("a  b\tc", "a b c")));
    }

    #[test]
    fn similarity_ratio() {
        let a: Vec<String> = token_strings("one two three four");
        let b: Vec<String> = token_strings("one two three five");
        assert!((similarity(&a, &b) - 0.75).abs() < 1e-6);
        assert_eq!(similarity::<u64>(&[], &[]), 1.0);
    }

    #[test]
    fn colour_uses_ansi() {
        let out = render(&diff_words("a b", "a c"), true);
        assert!(out.contains("\x1b[31;9mb\x1b[0m"), "{out:?}");
        assert!(!out.contains("[-"));
    }
}
