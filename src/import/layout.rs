//! Layout repair: what the page put around and into the text, taken out, and nothing else.
//!
//! - **Page numbers**: a line of the first or last two of a page that is only a number
//!   (`12`, `- 12 -`, `12/228`, `Страна 12`, `Faqe 12`, `Page 12 of 228`).
//! - **Running headers and footers**: a line of the first or last two of a page that recurs,
//!   digits aside, on at least half the pages (and on three at least) — unless it is an article,
//!   chapter or part heading, which may well stand at the top of many pages.
//! - **Footnote markers**: a number of one to three digits glued to a word (`законик1`), glued
//!   before the next word (`1Кривичен`), or standing after the punctuation that ends a line
//!   (`репродукција. 16`). A marker is taken only when it continues the document's sequence of
//!   markers (greater than the last, by at most 20), so a number in the text is left alone.
//! - **Hyphenation** ([`join`]): a line ending in a letter and `-`, followed by a line starting
//!   with a lower-case letter, is joined without a space; the hyphen is dropped only when the
//!   document itself spells the joined word without it (and never with it), so compounds such
//!   as `кривично-правните` keep theirs. Soft hyphens are dropped when lines are read.
//!
//! Linear: one pass per step, a hash set of the document's words.

use std::collections::{HashMap, HashSet};

use super::MIXED_SCRIPTS;
use super::lines::Line;
use super::recognise;
use crate::diagnostic::Diagnostic;
use crate::syntax::Span;

/// The cleaned lines and what was taken out.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub lines: Vec<Line>,
    /// The document's words, lower-cased (for de-hyphenation).
    pub words: HashSet<String>,
    /// Page numbers, running headers and footers removed.
    pub furniture: usize,
    /// Footnote markers removed: the index of the line in `lines`, and the marker.
    pub markers: Vec<(usize, u32)>,
}

/// How many lines at each end of a page can be page furniture.
const EDGE: usize = 2;

/// Removes page furniture and footnote markers.
pub fn clean(raw: Vec<Line>) -> Cleaned {
    let pages = raw.last().map_or(0, |l| l.page + 1);
    let mut remove = vec![false; raw.len()];
    let mut furniture = 0;
    if pages > 1 {
        // The lines at the edges of each page.
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); pages];
        let mut by_page: Vec<Vec<usize>> = vec![Vec::new(); pages];
        for (i, l) in raw.iter().enumerate() {
            if !l.is_blank()
                && let Some(p) = by_page.get_mut(l.page)
            {
                p.push(i);
            }
        }
        for (p, idx) in by_page.iter().enumerate() {
            let n = idx.len();
            let edge: Vec<usize> = idx
                .iter()
                .enumerate()
                .filter(|(k, _)| *k < EDGE || *k + EDGE >= n)
                .map(|(_, i)| *i)
                .collect();
            if let Some(e) = edges.get_mut(p) {
                *e = edge;
            }
        }
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        for (p, edge) in edges.iter().enumerate() {
            for &i in edge {
                let Some(l) = raw.get(i) else { continue };
                if is_page_number(&l.text) {
                    if let Some(r) = remove.get_mut(i) {
                        *r = true;
                    }
                    continue;
                }
                let entry = seen
                    .entry(furniture_key(&l.text))
                    .or_insert((0, usize::MAX));
                if entry.1 != p {
                    entry.0 += 1;
                    entry.1 = p;
                }
            }
        }
        let threshold = pages.div_ceil(2).max(3);
        for edge in &edges {
            for &i in edge {
                let Some(l) = raw.get(i) else { continue };
                if seen
                    .get(&furniture_key(&l.text))
                    .is_some_and(|(n, _)| *n >= threshold)
                    && !recognise::is_structural(&l.text)
                    && let Some(r) = remove.get_mut(i)
                {
                    *r = true;
                }
            }
        }
    }
    let mut lines = Vec::with_capacity(raw.len());
    let mut markers = Vec::new();
    let mut last_marker = 0;
    let mut words = HashSet::new();
    for (line, gone) in raw.into_iter().zip(remove) {
        if gone {
            furniture += 1;
            continue;
        }
        let mut line = line;
        if let Some((heading, m)) = heading_with_marker(&line.text, last_marker) {
            // `Член 106-а 13`: an article heading with a footnote marker after it.
            last_marker = m;
            line.text = heading;
            markers.push((lines.len(), m));
        } else if !recognise::is_structural(&line.text) {
            let (text, found) = take_markers(&line.text, &mut last_marker);
            if !found.is_empty() {
                line.text = text;
                markers.extend(found.into_iter().map(|m| (lines.len(), m)));
            }
        }
        for w in line
            .text
            .split(|c: char| !c.is_alphabetic() && c != '-')
            .map(|w| w.trim_matches('-'))
            .filter(|w| !w.is_empty())
        {
            if !words.contains(w) {
                words.insert(w.to_lowercase());
            }
        }
        lines.push(line);
    }
    Cleaned {
        lines,
        words,
        furniture,
        markers,
    }
}

/// The key under which running headers are counted: digits stand for any number, case and
/// spacing do not count.
fn furniture_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A line that is only a page number.
pub fn is_page_number(s: &str) -> bool {
    let t = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let lower = t.to_lowercase();
    let mut words = lower.split_whitespace().collect::<Vec<_>>();
    if words.len() > 4 {
        return false;
    }
    if let Some(first) = words.first()
        && [
            "страна",
            "стр.",
            "strana",
            "str.",
            "faqe",
            "faqja",
            "page",
            "p.",
        ]
        .contains(first)
    {
        words.remove(0);
    }
    let digits = |w: &str| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        [n] => {
            digits(n)
                || n.split_once('/')
                    .is_some_and(|(a, b)| digits(a) && digits(b))
        }
        [n, of, m] => digits(n) && ["од", "od", "of", "nga", "/"].contains(of) && digits(m),
        _ => false,
    }
}

/// Takes the footnote markers out of one line; `last` is the document's last marker.
fn take_markers(text: &str, last: &mut u32) -> (String, Vec<u32>) {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let Some(&(start, c)) = chars.get(k) else {
            break;
        };
        if !c.is_ascii_digit() {
            k += 1;
            continue;
        }
        let mut e = k;
        while chars.get(e).is_some_and(|(_, c)| c.is_ascii_digit()) {
            e += 1;
        }
        let len = e - k;
        let before = k.checked_sub(1).and_then(|b| chars.get(b)).map(|(_, c)| *c);
        let after = chars.get(e).map(|(_, c)| *c);
        let end = chars.get(e).map_or(text.len(), |(i, _)| *i);
        // Letters just before the number.
        let mut letters = 0;
        while k > letters
            && chars
                .get(k - letters - 1)
                .is_some_and(|(_, c)| c.is_alphabetic())
        {
            letters += 1;
        }
        let glued_after_word = letters >= 3
            && before.is_some_and(char::is_lowercase)
            && after.is_none_or(|a| a.is_whitespace() || ",.;:)".contains(a));
        // `strukturës.1`: glued after the full stop that follows a word.
        // (A word, not an abbreviation: `st.1 i 2` is a reference.)
        let glued_after_punct = before.is_some_and(|b| ".;:".contains(b))
            && k >= 2
            && (0..k - 1)
                .rev()
                .take_while(|&j| chars.get(j).is_some_and(|(_, c)| c.is_alphabetic()))
                .count()
                >= 4
            && after.is_none_or(char::is_whitespace);
        let glued_before_word = before.is_none_or(char::is_whitespace)
            && after.is_some_and(char::is_uppercase)
            && chars.get(e + 1).is_some_and(|(_, c)| c.is_lowercase());
        // After the punctuation that ends a sentence (`.`, `;`, `:`, a closing quote or
        // bracket, or `.,`), but not after a plain comma: "членовите 26, 27" is a list.
        let punct = |j: usize| chars.get(j).map(|(_, c)| *c);
        // The word before the full stop: an abbreviation (`st. 1`, `чл. 5`, `br. 3`) is
        // followed by a number of the text, not by a marker.
        let word_before = |end: usize| {
            (0..end)
                .rev()
                .take_while(|&j| punct(j).is_some_and(char::is_alphabetic))
                .count()
        };
        let at_line_end = after.is_none()
            && before.is_some_and(char::is_whitespace)
            && k >= 2
            && match punct(k - 2) {
                Some(',') => k >= 3 && punct(k - 3) == Some('.') && word_before(k - 3) >= 4,
                // (`одземат,. 48`: a stray comma before the full stop, as printed.)
                Some('.') => {
                    word_before(k - 2) >= 4
                        || k >= 3 && punct(k - 3) == Some(',') && word_before(k - 3) >= 4
                }
                Some(c) => ";:)»\"”".contains(c),
                None => false,
            };
        if len <= 3
            && (glued_after_word || glued_after_punct || glued_before_word || at_line_end)
            && let Ok(v) = text.get(start..end).unwrap_or("").parse::<u32>()
            && v > *last
            && v <= *last + 20
        {
            *last = v;
            found.push(v);
            // A marker at the line's end takes the space before it along.
            let from = if at_line_end {
                chars.get(k - 1).map_or(start, |(i, _)| *i)
            } else {
                start
            };
            cut.push((from, end));
        }
        k = e;
    }
    if cut.is_empty() {
        return (text.to_string(), found);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (a, b) in cut {
        out.push_str(text.get(pos..a).unwrap_or(""));
        pos = b;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    (out.trim_end().to_string(), found)
}

/// A heading line (or a "repealed" stub) followed by a footnote marker that continues the sequence: the heading and
/// the marker.
fn heading_with_marker(text: &str, last: u32) -> Option<(String, u32)> {
    let (head, num) = text.rsplit_once(' ')?;
    if num.is_empty() || num.len() > 3 || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let m: u32 = num.parse().ok()?;
    let head = head.trim_end();
    let marked = |s: &str| {
        recognise::is_structural(s) || recognise::classify(s) == recognise::Kind::Repealed
    };
    (m > last && m <= last + 20 && marked(head) && !recognise::is_structural(text))
        .then(|| (head.to_string(), m))
}

/// Joins the lines of one unit with single spaces, undoing hyphenation (see the module doc).
pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>, words: &HashSet<String>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(p);
            continue;
        }
        let hyphenated = out.ends_with('-')
            && out.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && p.chars().next().is_some_and(char::is_lowercase);
        if !hyphenated {
            out.push(' ');
            out.push_str(p);
            continue;
        }
        // The letters before the hyphen (found from the end: joining stays linear).
        let stem: String = {
            let body = out.strip_suffix('-').unwrap_or(&out);
            let start = body
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(body.len(), |(i, _)| i);
            body.get(start..).unwrap_or("").to_string()
        };
        let head: String = p.chars().take_while(|c| c.is_alphabetic()).collect();
        let joined = format!("{stem}{head}").to_lowercase();
        let compound = format!("{stem}-{head}").to_lowercase();
        if words.contains(&joined) && !words.contains(&compound) {
            out.pop();
        }
        out.push_str(p);
    }
    out
}

/// A warning for words that mix Cyrillic and Latin letters (`Член 396-a` typed with a Latin
/// `a`, or `оruжје` with a Latin `o`): the text is kept as it is, but such a word will not match
/// the same word in the other script. One warning, at the first such word, with the count.
pub fn mixed_scripts(lines: &[Line]) -> Option<Diagnostic> {
    let mut first: Option<(usize, String)> = None;
    let mut count = 0;
    for l in lines {
        let mut pos = 0;
        for w in l.text.split(|c: char| !c.is_alphanumeric()) {
            let start = pos;
            pos += w.len() + 1;
            let cyr = w.chars().any(|c| ('\u{400}'..='\u{4FF}').contains(&c));
            let lat = w.chars().any(|c| c.is_ascii_alphabetic());
            if cyr && lat {
                count += 1;
                if first.is_none() {
                    first = Some((l.offset + start, w.to_string()));
                }
            }
        }
    }
    let (at, word) = first?;
    Some(
        Diagnostic::new(
            MIXED_SCRIPTS,
            format!("{count} word(s) mix Cyrillic and Latin letters"),
        )
        .at(Span::new(at, at + word.len()), "Cyrillic and Latin letters in one word")
        .hint("the text is imported as it is; a look-alike letter in the other script (Latin `a` for Cyrillic `а`) is a common typing or conversion error: correct it in the official text's copy if it is one"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn page_numbers() {
        for s in [
            "12",
            "- 12 -",
            "12/228",
            "Страна 12",
            "Page 3 of 228",
            "Faqe 4",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["Член 12", "12 години.", "(12)", "1) оружје", ""] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn running_headers_and_page_numbers_go_headings_stay() {
        let mut text = String::new();
        let words = ["оружје", "муниција", "дозвола", "казна"];
        for (p, w) in (1..=4).zip(words) {
            text.push_str(&format!(
                "Службен весник бр. {p}/2023\nЧлен {p}\nТекст {p}.\nЗбор {w}.\n{p}\n\u{C}"
            ));
        }
        let c = clean(split(&text));
        let kept: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(!kept.iter().any(|t| t.contains("весник")), "{kept:?}");
        assert!(kept.contains(&"Член 3"));
        assert!(kept.contains(&"Текст 3."));
        assert!(!kept.contains(&"3"));
        assert_eq!(c.furniture, 8);
    }

    #[test]
    fn footnote_markers_follow_their_sequence() {
        let mut last = 0;
        assert_eq!(
            take_markers("КОНСОЛИДИРАН ТЕКСТ 1Кривичен законик", &mut last),
            ("КОНСОЛИДИРАН ТЕКСТ Кривичен законик".to_string(), vec![1])
        );
        assert_eq!(
            take_markers("способност за репродукција. 16", &mut last),
            ("способност за репродукција.".to_string(), vec![16])
        );
        // Out of sequence: a number of the text.
        assert_eq!(
            take_markers("членовите 26, 27", &mut last).1,
            Vec::<u32>::new()
        );
        assert_eq!(
            take_markers("законик17 и", &mut last),
            ("законик и".to_string(), vec![17])
        );
        assert_eq!(take_markers("Член 28-а", &mut last).1, Vec::<u32>::new());
        assert_eq!(
            take_markers("strukturës.18 Tjetër", &mut last),
            ("strukturës. Tjetër".to_string(), vec![18])
        );
        assert_eq!(take_markers("član 5.1", &mut last).1, Vec::<u32>::new());
        // Regression (Montenegrin code): "u st. 1" at a line end is a reference, not a marker.
        assert_eq!(
            take_markers("predviđen u st. 19", &mut last).1,
            Vec::<u32>::new()
        );
        assert_eq!(
            heading_with_marker("Член 106-а 18", 17),
            Some(("Член 106-а".to_string(), 18))
        );
        assert_eq!(heading_with_marker("Член 106-а 40", 18), None);
        assert_eq!(heading_with_marker("Член 106", 18), None);
        assert_eq!(
            heading_with_marker("Избришан 19", 17),
            Some(("Избришан".to_string(), 19))
        );
        assert_eq!(take_markers("над 1,5 грам", &mut last).1, Vec::<u32>::new());
    }

    #[test]
    fn hyphens_drop_only_where_the_document_says_so() {
        let words: HashSet<String> = ["оружје", "кривично-правните"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(join(["носи ору-", "жје и"], &words), "носи оружје и");
        assert_eq!(
            join(["кривично-", "правните одредби"], &words),
            "кривично-правните одредби"
        );
        assert_eq!(
            join(["медицинско-", "фармаколошко"], &words),
            "медицинско-фармаколошко"
        );
        assert_eq!(join(["а -", "б"], &words), "а - б");
        assert_eq!(join(["", "x", "  y "], &words), "x y");
    }

    #[test]
    fn mixed_scripts_are_reported_once() {
        let d = mixed_scripts(&split("Член 396-a\nоружје\nоruжје")).unwrap();
        assert!(d.message.starts_with("1 word"), "{}", d.message);
    }
}
