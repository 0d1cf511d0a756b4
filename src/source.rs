//! Source files held in memory: decoding bytes into text, and turning byte offsets into
//! line:column positions for diagnostics.
//!
//! Reading from disk happens at the edge (`workspace`); this module only sees bytes, so that the
//! bundled corpus (compiled into the binary) and files on disk go through the same checks.

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Span;

/// Files larger than this are refused: no statute needs more, and the limit keeps every byte
/// offset within `u32` and a hostile input from exhausting memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

pub const FILE_TOO_LARGE: Code = Code::error("E0001", "file-too-large");
pub const NOT_UTF8: Code = Code::error("E0002", "not-utf8");
pub const NUL_BYTE: Code = Code::error("E0003", "nul-byte");
pub const BIDI_CONTROL: Code = Code::warning("W0001", "bidi-control");

/// A warning for each bidirectional control character in `text`: the embeddings, overrides and
/// isolates U+202A–U+202E and U+2066–U+2069. They reorder how editors display the text around
/// them, so a line can show a reviewer something other than what lexgap reads ("Trojan Source",
/// CVE-2021-42574). Text in right-to-left scripts does not need them, and the marks U+200E and
/// U+200F are not flagged.
pub fn bidi_controls(text: &str) -> Vec<Diagnostic> {
    // Every one of these characters is encoded E2 80 AA–AE or E2 81 A6–A9: look at the E2 bytes
    // only, rather than decoding every character of every file.
    let mut found = Vec::new();
    for i in memchr::memchr_iter(0xE2, text.as_bytes()) {
        if let Some(c) = text.get(i..).and_then(|t| t.chars().next())
            && matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            found.push((i, c));
        }
    }
    found
        .into_iter()
        .map(|(i, c)| {
            Diagnostic::new(
                BIDI_CONTROL,
                format!(
                    "an invisible bidirectional control character (U+{:04X}) changes how this line is displayed",
                    u32::from(c)
                ),
            )
            .at(
                Span::new(i, i + c.len_utf8()),
                "editors may show the text around it in another order than lexgap reads it",
            )
            .hint("delete it: right-to-left text does not need it, and it can hide what the line says")
        })
        .collect()
}

/// `String::from_utf8`, validated with SIMD instructions.
///
/// Decoding is the one pass every byte of the corpus goes through. The standard library's
/// validator runs at about 1.5 GB/s on text in Latin-2 or Cyrillic (a multi-byte character every
/// few bytes), which made it 6% of `lexgap check` over a world-scale corpus; `simdutf8` validates
/// the same text several times faster. Invalid input goes back to the caller untouched, to be
/// decoded again with the exact position of the error.
#[allow(unsafe_code)]
fn into_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `simdutf8::basic::from_utf8` has just validated every byte as UTF-8, which is
    // `from_utf8_unchecked`'s only requirement (tested against `std` in `tests` below).
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Identifies a file within a [`Sources`] collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct FileId(pub u32);

/// One source file: its display path, its text, and where each line starts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to users (relative to the workspace where possible).
    pub path: String,
    /// The text with any byte-order mark removed. Line ends are kept as written (LF or CRLF), so
    /// that spans point at the bytes the user sees.
    pub text: String,
    /// Where each line starts: computed on first use, as only files with diagnostics need it.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> SourceFile {
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// [`SourceFile::decode`] for bytes the caller gives away: valid UTF-8 becomes the text
    /// without a copy.
    pub fn decode_owned(
        path: impl Into<String>,
        mut bytes: Vec<u8>,
    ) -> Result<SourceFile, Box<(SourceFile, Diagnostic)>> {
        if bytes.len() > MAX_FILE_BYTES || memchr::memchr(0, &bytes).is_some() {
            return SourceFile::decode(path, &bytes);
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match into_string(bytes) {
            Ok(text) => Ok(SourceFile::new(path, text)),
            Err(bytes) => SourceFile::decode(path, &bytes),
        }
    }

    /// Decodes raw file bytes: refuses files over [`MAX_FILE_BYTES`], strips a UTF-8 byte-order
    /// mark, and reports invalid UTF-8 or NUL bytes at the place they occur. On error the file is
    /// still returned (with invalid sequences replaced by U+FFFD) so that the diagnostic can show
    /// the line.
    pub fn decode(
        path: impl Into<String>,
        bytes: &[u8],
    ) -> Result<SourceFile, Box<(SourceFile, Diagnostic)>> {
        let path = path.into();
        if bytes.len() > MAX_FILE_BYTES {
            let file = SourceFile::new(path, String::new());
            let d = Diagnostic::new(
                FILE_TOO_LARGE,
                // Input is read only up to just past the limit, so the true size is not known here.
                format!(
                    "the file is larger than {} MiB; lexgap reads files of at most {} MiB",
                    MAX_FILE_BYTES / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .hint("split the act into smaller files, or check that this is the file you meant");
            return Err(Box::new((file, d)));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let file = SourceFile::new(path, text.to_owned());
                if let Some(pos) = text.find('\0') {
                    let d = Diagnostic::new(NUL_BYTE, "the file contains a NUL byte")
                        .at(Span::new(pos, pos + 1), "NUL byte here")
                        .hint("the file may be binary or in UTF-16; save it as UTF-8 text");
                    return Err(Box::new((file, d)));
                }
                Ok(file)
            }
            Err(e) => {
                let pos = e.valid_up_to();
                let bad_len = e.error_len().unwrap_or(1);
                // Lossy decoding maps each invalid sequence to U+FFFD (3 bytes). The prefix up to
                // `pos` is valid, so the first replacement starts at `pos` in the lossy text too.
                let text = String::from_utf8_lossy(bytes).into_owned();
                let file = SourceFile::new(path, text);
                let shown = bytes
                    .get(pos..pos + bad_len)
                    .map(|b| {
                        b.iter()
                            .map(|x| format!("{x:#04x}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                let d = Diagnostic::new(NOT_UTF8, "the file is not valid UTF-8")
                    .at(
                        Span::new(pos, pos + '\u{FFFD}'.len_utf8()),
                        format!("invalid byte(s) {shown}"),
                    )
                    .hint(
                        "save the file as UTF-8 (in Word: Save As → Plain Text → Unicode (UTF-8))",
                    );
                Err(Box::new((file, d)))
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// Byte range of the lines that `span` touches, without the final line end.
    pub fn line_range(&self, span: Span) -> std::ops::Range<usize> {
        let (first, _) = self.line_col(span.start as usize);
        let (last, _) = self.line_col((span.end as usize).max(span.start as usize));
        let start = self.line_starts().get(first - 1).copied().unwrap_or(0);
        let end = self
            .line_starts()
            .get(last)
            .map(|&s| s.saturating_sub(1))
            .unwrap_or(self.text.len());
        let end = if self.text.as_bytes().get(end.saturating_sub(1)) == Some(&b'\r') && end > start
        {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// All source files of one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The SIMD decoder accepts exactly what the standard library accepts, with the same text.
        #[test]
        fn into_string_agrees_with_std(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                                       text in "\\PC{0,40}") {
            for b in [bytes, text.into_bytes()] {
                let ours = into_string(b.clone());
                match String::from_utf8(b.clone()) {
                    Ok(s) => proptest::prop_assert_eq!(ours, Ok(s)),
                    Err(_) => proptest::prop_assert_eq!(ours, Err(b)),
                }
            }
        }
    }

    #[test]
    fn into_string_rejects_truncated_and_overlong_sequences() {
        for bad in [
            &b"\xC3"[..],
            b"a\xE2\x80",
            b"\xC0\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
        ] {
            assert!(into_string(bad.to_vec()).is_err(), "{bad:?}");
        }
        assert_eq!(
            into_string("Жиж ë — x".as_bytes().to_vec()).as_deref(),
            Ok("Жиж ë — x")
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x", "ab\nЖиж x\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 5));
    }

    #[test]
    fn bom_is_stripped() {
        let f = SourceFile::decode("x", b"\xEF\xBB\xBFact").unwrap();
        assert_eq!(f.text, "act");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = SourceFile::decode("x", b"act a\nbad \xFF here\n").unwrap_err();
        let (file, d) = *err;
        let span = d.span.unwrap();
        assert_eq!(file.line_col(span.start as usize), (2, 5));
    }

    #[test]
    fn bidi_controls_are_flagged_and_marks_are_not() {
        let text = "a \u{200F}b \u{202E}c\n\u{2067}d";
        let found: Vec<_> = bidi_controls(text)
            .iter()
            .map(|d| d.span.unwrap().start as usize)
            .collect();
        assert_eq!(
            found,
            [
                text.find('\u{202E}').unwrap(),
                text.find('\u{2067}').unwrap()
            ]
        );
        assert!(bidi_controls("שלום \u{200E}x").is_empty());
    }

    #[test]
    fn line_range_excludes_crlf() {
        let f = SourceFile::new("x", "one\r\ntwo\r\n".to_string());
        assert_eq!(&f.text[f.line_range(Span::new(6, 7))], "two");
    }
}
