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
    if common_letters_only(s) {
        return Cow::Borrowed(s);
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ if unicode_normalization::is_nfc(s) => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// Whether `s` is written in characters below U+0300 (ASCII, Latin-1, Latin Extended-A and -B,
/// IPA, spacing modifiers) and in the Cyrillic block's first part, U+0400 to U+047F: the
/// letters of most codes. Every one of them is its own NFC form and combines with nothing before
/// it (Unicode's NFC_Quick_Check is Yes and the combining class 0 for each: the combining marks
/// begin at U+0300 and the Cyrillic ones at U+0483), so such a text is NFC as it stands, which
/// the quick check would also say, a character at a time through its tables. In UTF-8 these are
/// exactly the texts whose lead bytes are below 0xCC or 0xD0 and 0xD1.
fn common_letters_only(s: &str) -> bool {
    let common = |b: &u8| *b < 0xCC || *b & 0xFE == 0xD0;
    // Sixteen bytes at a time without stopping inside, which the compiler turns into vector
    // instructions; a text is read through once either way.
    let mut chunks = s.as_bytes().chunks_exact(16);
    chunks
        .by_ref()
        .all(|c| c.iter().fold(true, |ok, b| ok & common(b)))
        && chunks.remainder().iter().all(common)
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

/// The tokens of an (NFC) text handed to `f` one by one — the texts of [`token_iter`]'s
/// tokens, in one pass over the bytes and without building [`Token`]s — each with `step` folded
/// over its bytes from `init` while it is cut (a hash of each token, in the same pass).
/// Words of ASCII letters and common two-byte letters, ASCII digit runs and ASCII marks are cut
/// here; a token that holds or meets any other character is cut by [`TokenIter`] from where it
/// starts, which gives the same cuts as from the beginning of the text (it keeps no state but
/// its position), and its bytes are folded after.
pub fn fold_tokens<'t, S: Copy>(
    text: &'t str,
    init: S,
    step: impl Fn(S, u8) -> S,
    mut f: impl FnMut(&'t str, S),
) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        let start = pos;
        let cut = if b.is_ascii() {
            match ascii_lex(b) {
                Lex::Space => {
                    pos += 1;
                    continue;
                }
                Lex::Alone => Some((pos + 1, step(init, b))),
                Lex::In(Class::Number) => {
                    let (mut end, mut s) = (pos + 1, step(init, b));
                    while let Some(&d) = bytes.get(end)
                        && d.is_ascii_digit()
                    {
                        s = step(s, d);
                        end += 1;
                    }
                    // Another digit than an ASCII one would continue the number.
                    bytes.get(end).is_none_or(u8::is_ascii).then_some((end, s))
                }
                Lex::In(Class::Word) => common_word(bytes, pos + 1, step(init, b), &step),
            }
        } else if let Some(&next) = bytes.get(pos + 1)
            && two_byte_letter(b, next)
        {
            common_word(bytes, pos + 2, step(step(init, b), next), &step)
        } else {
            None
        };
        if let Some((end, s)) = cut {
            f(text.get(start..end).unwrap_or(""), s);
            pos = end;
            continue;
        }
        let mut rest = TokenIter {
            text,
            pos: start,
            first: true,
        };
        let Some(t) = rest.next() else {
            return;
        };
        f(t.text, t.text.bytes().fold(init, &step));
        pos = rest.pos;
    }
}

/// Where a word that runs on at byte `at` ends when it is made of ASCII letters and common
/// two-byte letters up to an ASCII character or the end of the text (as [`TokenIter::run_on`]
/// cuts it), with `step` folded on over its bytes from `s`; `None` when another character comes
/// first, which may continue it.
fn common_word<S: Copy>(
    bytes: &[u8],
    mut at: usize,
    mut s: S,
    step: &impl Fn(S, u8) -> S,
) -> Option<(usize, S)> {
    loop {
        match bytes.get(at) {
            None => return Some((at, s)),
            Some(&b) if b.is_ascii_alphabetic() => {
                s = step(s, b);
                at += 1;
            }
            Some(b) if b.is_ascii() => return Some((at, s)),
            Some(&b) => match bytes.get(at + 1) {
                Some(&n) if two_byte_letter(b, n) => {
                    s = step(step(s, b), n);
                    at += 2;
                }
                _ => return None,
            },
        }
    }
}

/// See [`token_iter`]. Walks the bytes of ASCII characters (most of any text, even in Cyrillic:
/// spaces, digits, punctuation) and of the common two-byte letters (Latin-1 and Latin
/// Extended-A, basic Cyrillic) without decoding them.
pub struct TokenIter<'a> {
    text: &'a str,
    pos: usize,
    first: bool,
}

/// What one character is to the tokeniser.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Space,
    /// A letter or digit (or combining mark): a token runs on while the class stays the same.
    In(Class),
    /// Anything else (punctuation, symbols): a token on its own.
    Alone,
}

/// [`Lex`] of an ASCII byte (`char::is_whitespace` and [`class`] of the ASCII characters).
const fn ascii_lex(b: u8) -> Lex {
    match b {
        b'0'..=b'9' => Lex::In(Class::Number),
        b'a'..=b'z' | b'A'..=b'Z' => Lex::In(Class::Word),
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => Lex::Space,
        _ => Lex::Alone,
    }
}

impl TokenIter<'_> {
    /// What the character at byte `at` is, and its length in bytes; `None` at the end.
    fn lex_at(&self, at: usize) -> Option<(Lex, usize)> {
        let bytes = self.text.as_bytes();
        let b = *bytes.get(at)?;
        if b.is_ascii() {
            return Some((ascii_lex(b), 1));
        }
        if bytes
            .get(at + 1)
            .is_some_and(|&next| two_byte_letter(b, next))
        {
            return Some((Lex::In(Class::Word), 2));
        }
        self.lex_decoded(at)
    }

    /// [`Self::lex_at`] of a character the shortcuts do not know, through the Unicode tables.
    fn lex_decoded(&self, at: usize) -> Option<(Lex, usize)> {
        let c = self.text.get(at..)?.chars().next()?;
        let lex = if c.is_whitespace() {
            Lex::Space
        } else {
            class(c).map_or(Lex::Alone, Lex::In)
        };
        Some((lex, c.len_utf8()))
    }

    /// Moves past the characters that continue a token of class `k`: those of the same class
    /// and, after a word, combining marks (of class Word unless numeric, which none is; written
    /// as the reference tokeniser has it).
    fn run_on(&mut self, k: Class) {
        let bytes = self.text.as_bytes();
        loop {
            match k {
                Class::Word => {
                    while bytes.get(self.pos).is_some_and(u8::is_ascii_alphabetic) {
                        self.pos += 1;
                    }
                }
                Class::Number => {
                    while bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                        self.pos += 1;
                    }
                }
            }
            let Some(&b) = bytes.get(self.pos) else {
                return;
            };
            if b.is_ascii() {
                return;
            }
            if k == Class::Word
                && bytes
                    .get(self.pos + 1)
                    .is_some_and(|&n| two_byte_letter(b, n))
            {
                self.pos += 2;
                continue;
            }
            match self.lex_decoded(self.pos) {
                Some((Lex::In(d), len)) if d == k => self.pos += len,
                Some((_, len)) if k == Class::Word && self.combining_at(self.pos) => {
                    self.pos += len;
                }
                _ => return,
            }
        }
    }

    fn combining_at(&self, at: usize) -> bool {
        self.text
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_some_and(is_combining_mark)
    }
}

/// Whether the two bytes `b`, `next` encode a letter of Latin-1 or Latin Extended-A
/// (U+00C0..=U+017F, but × U+00D7 and ÷ U+00F7) or of the basic Cyrillic alphabet
/// (U+0400..=U+045F): the letters [`class`] knows without the Unicode tables.
fn two_byte_letter(b: u8, next: u8) -> bool {
    match b {
        0xC3 => next != 0x97 && next != 0xB7,
        0xC4 | 0xC5 | 0xD0 => true,
        0xD1 => next < 0xA0,
        _ => false,
    }
}

impl<'a> Iterator for TokenIter<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let mut space = false;
        loop {
            let (lex, len) = self.lex_at(self.pos)?;
            let start = self.pos;
            self.pos += len;
            match lex {
                Lex::Space => {
                    space = true;
                    continue;
                }
                Lex::In(k) => self.run_on(k),
                Lex::Alone => {}
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

    /// Texts of up to 24 pieces: letters (ASCII, common two-byte, others), digits of several
    /// scripts, spaces and controls, marks, combining characters, CJK and emoji.
    fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "Z", "Zb", "7", "42", "٣", "Ⅻ", " ", "\t", "\u{a0}", "\u{2003}", ",", ".",
                "ë", "e\u{308}", "\u{301}", "ж", "Ђ", "ç", "×", "½", "中", "😀", "-", "\n", "÷",
                "ѐ", "Ѡ", "\u{483}", "\u{b}", "\u{1c}", "\u{85}", "ʰ", "ǅ", "ů", "ł",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #[test]
        fn token_iter_agrees_with_the_reference(text in mixed_text()) {
            proptest::prop_assert_eq!(tokens(&text), tokens_reference(&text));
        }
    }

    proptest::proptest! {
        /// The one-pass cutter gives the texts of the iterator's tokens.
        #[test]
        fn fold_tokens_agrees_with_token_iter(text in mixed_text()) {
            let mut cut = Vec::new();
            fold_tokens(&text, (), |(), _| (), |t, ()| cut.push(t));
            let iter: Vec<&str> = token_iter(&text).map(|t| t.text).collect();
            proptest::prop_assert_eq!(&cut, &iter);
            // What is folded while cutting is what folding each token's bytes gives.
            let step = |h: u64, b: u8| h.rotate_left(7) ^ u64::from(b);
            let mut folded = Vec::new();
            fold_tokens(&text, 1, step, |t, h| folded.push((t, h)));
            let after: Vec<(&str, u64)> =
                iter.iter().map(|t| (*t, t.bytes().fold(1, step))).collect();
            proptest::prop_assert_eq!(folded, after);
        }
    }

    /// Every character the byte-level shortcuts cover and a few they do not, each alone,
    /// inside a word, between digits, doubled after a Cyrillic letter, after an accented word
    /// and after a number: the texts the character-by-character tests below cut.
    fn each_character_in_context() -> impl Iterator<Item = (char, String)> {
        ('\0'..='\u{600}')
            .chain(['\u{2003}', '\u{3000}', '\u{feff}', '😀'])
            .flat_map(|c| {
                [
                    format!("{c}"),
                    format!("a{c}b"),
                    format!("1{c}2"),
                    format!("ж{c}{c} ë"),
                    format!("ëa{c}"),
                    format!("12{c}"),
                ]
                .map(move |text| (c, text))
            })
    }

    #[test]
    fn fold_tokens_agrees_with_token_iter_character_by_character() {
        for (c, text) in each_character_in_context() {
            let mut cut = Vec::new();
            fold_tokens(&text, 0, |n, _| n + 1, |t, n| cut.push((t, n)));
            let iter: Vec<(&str, usize)> =
                token_iter(&text).map(|t| (t.text, t.text.len())).collect();
            assert_eq!(cut, iter, "{c:?}");
        }
    }

    /// The byte-level shortcuts of [`token_iter`] agree with the reference for every character
    /// they cover and those around them, alone, inside a word and after a number.
    #[test]
    fn token_iter_agrees_with_the_reference_character_by_character() {
        for (c, text) in each_character_in_context() {
            assert_eq!(tokens(&text), tokens_reference(&text), "{c:?}");
        }
    }

    /// The characters [`nfc`] lets through without the tables are NFC, each alone and in any
    /// sequence: the quick check says yes and none combines with what comes before it.
    #[test]
    fn common_letters_are_nfc() {
        let covered = ('\0'..='\u{2ff}').chain('\u{400}'..='\u{47f}');
        for c in covered.clone() {
            let s = c.to_string();
            assert!(common_letters_only(&s), "{c:?}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        let all: String = covered.collect();
        assert_eq!(is_nfc_quick(all.chars()), IsNormalized::Yes);
        for c in ['\u{300}', '\u{3ff}', '\u{480}', '\u{483}', '中', '\u{1100}'] {
            assert!(!common_letters_only(&format!("a{c}")), "{c:?}");
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
