//! How a code numbers the articles inserted between two others (`396-а`, `403a`, `278/a`),
//! derived from the numbers it already has, and the next free number after an article.

use crate::syntax::ast::{Item, LawFile, UnitNumber};
use crate::syntax::numbering::{CYRILLIC, LATIN, Script, letter_position, script_of};

/// The scheme of inserted numbers: a separator between the number and a letter, and the
/// alphabet of the letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// `-` (`396-a`), `/` (`278/a`) or nothing (`403a`).
    pub separator: String,
    pub cyrillic: bool,
    /// How many inserted numbers of the code show the scheme; 0 when the code has none and the
    /// scheme is the default (`403a`), which the draft says.
    pub evidence: usize,
    /// An example of the code's own, for the justification.
    pub example: Option<String>,
    /// Every original language of the act is written in Cyrillic while the encoded numbers'
    /// letters are Latin (the Macedonian code prints `396-а`, the corpus writes `396-a`).
    pub transliterated: bool,
}

impl Scheme {
    pub fn describe(&self) -> String {
        match &self.example {
            Some(e) if self.evidence > 0 => format!(
                "numbered as the code numbers inserted articles (e.g. `{e}`, {} such number{} in the code){}",
                self.evidence,
                if self.evidence == 1 { "" } else { "s" },
                if self.transliterated {
                    " — the official text prints the letter in Cyrillic (`а`, `б`, …); the encoded text writes it in Latin, and so does this bill, so that its numbers match the code's addresses"
                } else {
                    ""
                }
            ),
            _ if self.cyrillic => "the code has no inserted article to follow: numbered `Nа` with a Cyrillic letter by default, the script of the code's own text; the drafters should number it as their practice requires".to_string(),
            _ => "the code has no inserted article to follow: numbered `Na` by default; the drafters should number it as their practice requires".to_string(),
        }
    }

    fn alphabet(&self) -> Vec<char> {
        if self.cyrillic {
            CYRILLIC.chars().collect()
        } else {
            LATIN.chars().collect()
        }
    }
}

/// Splits `396-a` into (`396`, `-`, `a`); `None` for a number without a letter suffix.
pub fn split(number: &str) -> Option<(&str, &str, &str)> {
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 {
        return None;
    }
    let (base, rest) = number.split_at(digits);
    let (sep, letters) = if let Some(r) = rest.strip_prefix('-') {
        ("-", r)
    } else if let Some(r) = rest.strip_prefix('/') {
        ("/", r)
    } else {
        ("", rest)
    };
    let mut chars = letters.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_lowercase() && script_of(c).is_some() => Some((base, sep, letters)),
        _ => None,
    }
}

fn article_numbers(law: &LawFile) -> Vec<String> {
    law.items
        .iter()
        .filter_map(|i| match i {
            Item::Article(u) => match &u.number.node {
                UnitNumber::Known(n) => Some(n.clone()),
                UnitNumber::Unknown | UnitNumber::Unreadable => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether a language tag is of a language the region writes in Cyrillic (`mk`, `sr-Cyrl`).
fn cyrillic_language(tag: &str) -> bool {
    matches!(tag, "mk" | "bg" | "ru" | "uk" | "be") || tag.ends_with("-Cyrl")
}

/// The scheme the code's inserted article numbers follow: the separator most of them use
/// (ties: the first seen), and the script of their letters. A code without inserted numbers
/// gets no separator (`Na`), in the script of its own text: Cyrillic where every original
/// language of the act is written in Cyrillic (the Serbian code in `sr-Cyrl` prints `348а`).
pub fn scheme(law: &LawFile) -> Scheme {
    let mut seen: Vec<(String, bool, usize, String)> = Vec::new();
    for n in article_numbers(law) {
        let Some((_, sep, letter)) = split(&n) else {
            continue;
        };
        let cyr = letter
            .chars()
            .any(|c| script_of(c) == Some(Script::Cyrillic));
        match seen.iter_mut().find(|(s, c, _, _)| s == sep && *c == cyr) {
            Some(e) => e.2 += 1,
            None => seen.push((sep.to_string(), cyr, 1, n.clone())),
        }
    }
    let originals: Vec<String> = law
        .header
        .languages()
        .map(|l| l.node.clone())
        .filter(|l| l != "en")
        .collect();
    let cyrillic_text = !originals.is_empty() && originals.iter().all(|l| cyrillic_language(l));
    let best = seen
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.2.cmp(&b.2).then(ib.cmp(ia)));
    match best {
        Some((_, (sep, cyr, count, example))) => Scheme {
            separator: sep.clone(),
            cyrillic: *cyr,
            evidence: *count,
            example: Some(example.clone()),
            transliterated: !*cyr && cyrillic_text,
        },
        None => Scheme {
            separator: String::new(),
            cyrillic: cyrillic_text,
            evidence: 0,
            example: None,
            transliterated: false,
        },
    }
}

/// A new article number next to article `after`: the base number of `after` with the next
/// letter of the scheme not yet taken, and the article to insert it after (the last article
/// already inserted after that base, so the new one follows them). `taken` are numbers the
/// draft itself has given already.
pub fn next_after(
    law: &LawFile,
    scheme: &Scheme,
    after: &str,
    taken: &[String],
) -> Option<(String, String)> {
    let base = split(after).map_or(after, |(b, _, _)| b);
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let numbers = article_numbers(law);
    let mut anchor = numbers.iter().find(|n| *n == after)?.clone();
    // The letters used for the base, by their place in the alphabet (a Latin `b` and a
    // Cyrillic `б` are the same place: the next is the third letter either way).
    let mut used: Vec<usize> = Vec::new();
    for n in numbers.iter().chain(taken.iter()) {
        if let Some((b, _, l)) = split(n)
            && b == base
            && let Some(p) = l.chars().next().and_then(letter_position)
        {
            used.push(p);
        }
    }
    // Place after the last article of the same base that the code (not the draft) already has.
    let mut past = false;
    for n in &numbers {
        if n == after {
            past = true;
        }
        if past && split(n).is_some_and(|(b, _, _)| b == base) {
            anchor = n.clone();
        }
    }
    let alphabet = scheme.alphabet();
    let last = used.iter().max().map_or(0, |i| i + 1);
    let letter = alphabet.get(last)?;
    let number = format!("{base}{}{letter}", scheme.separator);
    if numbers.contains(&number) || taken.contains(&number) {
        return None;
    }
    Some((number, anchor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law(numbers: &[&str]) -> LawFile {
        let mut text = String::from(
            "act criminal-code \"C\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"s\"\n  language en\n  rendering unofficial\n",
        );
        for n in numbers {
            text.push_str(&format!("\narticle {n}\n  text en: t\n"));
        }
        let (f, d) = crate::syntax::parse_law(&text);
        assert!(d.is_empty(), "{d:?}");
        f
    }

    #[test]
    fn the_scheme_is_the_one_the_code_uses_most() {
        let l = law(&[
            "28", "28-a", "96-a", "278/a", "394", "394-b", "396", "396-a",
        ]);
        let s = scheme(&l);
        assert_eq!(
            (s.separator.as_str(), s.cyrillic, s.evidence),
            ("-", false, 4)
        );
        assert_eq!(
            next_after(&l, &s, "396", &[]),
            Some(("396-b".into(), "396-a".into()))
        );
        // After 394-b the next letter is c, whatever came before.
        assert_eq!(
            next_after(&l, &s, "394", &[]),
            Some(("394-c".into(), "394-b".into()))
        );
        assert_eq!(
            next_after(&l, &s, "396", &["396-b".to_string()]),
            Some(("396-c".into(), "396-a".into()))
        );
    }

    #[test]
    fn montenegrin_and_cyrillic_numbers() {
        let l = law(&["402", "403", "403a", "403b", "403c", "404"]);
        let s = scheme(&l);
        assert_eq!(s.separator, "");
        assert_eq!(
            next_after(&l, &s, "403", &[]),
            Some(("403d".into(), "403c".into()))
        );
        assert_eq!(split("396-б"), Some(("396", "-", "б")));
    }

    #[test]
    fn a_code_numbered_in_cyrillic_gets_the_next_cyrillic_letter_after_the_last() {
        let l = law(&["28", "28-а", "394", "394-б", "396", "396-а", "397"]);
        let s = scheme(&l);
        assert_eq!((s.separator.as_str(), s.cyrillic), ("-", true));
        assert_eq!(
            next_after(&l, &s, "396", &[]),
            Some(("396-б".into(), "396-а".into()))
        );
        assert_eq!(
            next_after(&l, &s, "394", &[]),
            Some(("394-в".into(), "394-б".into()))
        );
        // Serbian numbering: no separator.
        let l = law(&["348", "348а", "349"]);
        let s = scheme(&l);
        assert_eq!(
            next_after(&l, &s, "348", &[]),
            Some(("348б".into(), "348а".into()))
        );
        // The new number sorts where the code would print it.
        assert_eq!(
            crate::syntax::numbering::cmp("348б", "349"),
            std::cmp::Ordering::Less
        );
    }

    #[test]
    fn a_code_without_inserted_numbers_in_cyrillic_gets_a_cyrillic_letter() {
        let text = "act criminal-code \"C\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"s\"\n  language sr-Cyrl, en\n  rendering unofficial\n\narticle 348\n  text en: t\n";
        let (l, d) = crate::syntax::parse_law(text);
        assert!(d.is_empty(), "{d:?}");
        let s = scheme(&l);
        assert!(s.cyrillic && s.evidence == 0, "{s:?}");
        assert!(s.describe().contains("Cyrillic"));
        assert_eq!(
            next_after(&l, &s, "348", &[]),
            Some(("348а".into(), "348".into()))
        );
    }

    #[test]
    fn a_code_without_inserted_numbers_gets_the_default_and_says_so() {
        let l = law(&["347", "348", "349"]);
        let s = scheme(&l);
        assert_eq!(s.evidence, 0);
        assert!(s.describe().contains("no inserted article"));
        assert_eq!(
            next_after(&l, &s, "348", &[]),
            Some(("348a".into(), "348".into()))
        );
        assert_eq!(next_after(&l, &s, "999", &[]), None);
    }
}
