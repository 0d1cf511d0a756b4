//! What one line is, in each language of the region: an article heading (`Член 396-а`,
//! `Члан 348`, `Član 348.`, `Članak 5`, `Čl. 5`, `Neni 278/a`, `Article 364`), a chapter
//! (`ГЛАВА ПРВА`, `GLAVA XXII`, `KREU I`, `Chapter 3`), a part (`ОПШТ ДЕЛ`, `POSEBNI DIO`,
//! `PJESA E PËRGJITHSHME`), a paragraph `(1)`, a point (`1)`, `а)`, `a)`, `i)`), a "repealed"
//! stub, or text. Numbers and labels become the ASCII the `.law` language writes (`396-a`,
//! Cyrillic letters transliterated); the original stays with the caller.
//!
//! A heading must be the whole line, so that a reference at the start of a wrapped line
//! ("члан 5 овог закона") is not taken for one.

/// The article keywords, lower-cased.
const ARTICLE_WORDS: &[&str] = &[
    "член",
    "члан",
    "чл.",
    "član",
    "clan",
    "članak",
    "čl.",
    "cl.",
    "neni",
    "nenі",
    "artikulli",
    "article",
    "art.",
];

const CHAPTER_WORDS: &[&str] = &[
    "глава",
    "glava",
    "поглавје",
    "поглавље",
    "poglavlje",
    "poglavje",
    "kreu",
    "kapitulli",
    "chapter",
];

const PART_WORDS: &[&str] = &["дел", "део", "dio", "deo", "del", "pjesa", "pjesë", "part"];

const REPEALED: &[&str] = &[
    "избришан",
    "избришан член",
    "брисан",
    "брисано",
    "brisan",
    "brisano",
    "престао да важи",
    "prestao da važi",
    "prestao je da važi",
    "prestao da vazi",
    "ukinut",
    "укинат",
    "shfuqizuar",
    "i shfuqizuar",
    "shfuqizohet",
    "repealed",
    "deleted",
];

/// A point's label style: a list of points continues in one style; another style nests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Number,
    Cyrillic,
    Latin,
    Roman,
}

/// What a line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// An article heading: the number in `.law` spelling.
    Article {
        number: String,
    },
    /// A chapter heading: its number (`?` when the words give none) and the rest of the line.
    Chapter {
        number: String,
        rest: String,
    },
    /// A part heading; `number` when the line gives one.
    Part {
        number: Option<String>,
    },
    /// `(N)` and the text after it.
    Para {
        number: u32,
        rest: String,
    },
    /// `L)` and the text after it.
    Point {
        label: String,
        style: Style,
        /// The label's position in its style's sequence (1 for `1)`, `а)`, `a)`, `i)`).
        ordinal: u32,
        rest: String,
    },
    /// A section title inside a chapter: `1. Општи одредби …`.
    Section,
    /// "Избришан", "- brisan -" …: the unit is repealed.
    Repealed,
    Text,
}

/// Whether a line is a heading that must never be taken for page furniture.
pub fn is_structural(text: &str) -> bool {
    matches!(
        classify(text),
        Kind::Article { .. } | Kind::Chapter { .. } | Kind::Part { .. }
    )
}

/// Classifies one line (its text without indentation).
pub fn classify(text: &str) -> Kind {
    let t = text.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if t.chars().count() > 200 {
        return Kind::Text;
    }
    if let Some(number) = article(t) {
        return Kind::Article { number };
    }
    if let Some((number, rest)) = chapter(t) {
        return Kind::Chapter { number, rest };
    }
    if let Some(number) = part(t) {
        return Kind::Part { number };
    }
    if repealed(t) {
        return Kind::Repealed;
    }
    if let Some((number, rest)) = para(t) {
        return Kind::Para { number, rest };
    }
    if let Some(p) = point(t) {
        return p;
    }
    if section(t) {
        return Kind::Section;
    }
    Kind::Text
}

fn split_word(t: &str) -> (&str, &str) {
    match t.find(char::is_whitespace) {
        Some(i) => (
            t.get(..i).unwrap_or(""),
            t.get(i..).unwrap_or("").trim_start(),
        ),
        None => (t, ""),
    }
}

/// `Член 396-а` → `396-a`. The keyword, one or more spaces, the number, an optional final `.`.
fn article(t: &str) -> Option<String> {
    // Headings are capitalised (`Член`, `ČLAN`, `Neni`): a lone `член 357.` is the end of a
    // wrapped reference.
    if !t.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let (word, rest) = split_word(t);
    let lower = word.to_lowercase();
    let (kw, rest) = if ARTICLE_WORDS.contains(&lower.as_str()) {
        (true, rest)
    } else {
        // `Čl.5`: the keyword glued to the number.
        let cut = ARTICLE_WORDS
            .iter()
            .filter(|w| w.ends_with('.'))
            .find_map(|w| lower.strip_prefix(w).map(|r| (w, r)));
        match cut {
            Some((w, _)) => (true, t.get(w.len()..).unwrap_or("")),
            None => (false, rest),
        }
    };
    if !kw {
        return None;
    }
    article_number(rest.trim().trim_end_matches('.'))
}

/// `396-а`, `278/a`, `403a`, `5bis`, `348 а` → the `.law` spelling; `None` for anything else.
pub fn article_number(s: &str) -> Option<String> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let rest = s.get(digits.len()..).unwrap_or("");
    if rest.is_empty() {
        return Some(digits);
    }
    let (sep, suffix) = match rest.chars().next() {
        Some(c @ ('-' | '/')) => (c.to_string(), rest.get(1..).unwrap_or("")),
        Some('–') => ("-".to_string(), rest.get('–'.len_utf8()..).unwrap_or("")),
        Some(' ') => ("-".to_string(), rest.get(1..).unwrap_or("")),
        _ => (String::new(), rest),
    };
    let lower = suffix.to_lowercase();
    if lower.is_empty() || lower.chars().count() > 4 || !lower.chars().all(char::is_alphabetic) {
        return None;
    }
    let latin = transliterate(&lower)?;
    Some(format!("{digits}{sep}{latin}"))
}

/// Cyrillic and accented letters to the ASCII letters of `.law` numbers (`а` → `a`, `ѓ` → `gj`,
/// `ш` → `sh`, `č` → `c`); `None` for a character it has no spelling for.
pub fn transliterate(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        let t = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'ѓ' => "gj",
            'ђ' => "dj",
            'е' => "e",
            'ж' => "zh",
            'з' => "z",
            'ѕ' => "dz",
            'и' => "i",
            'ј' => "j",
            'к' => "k",
            'л' => "l",
            'љ' => "lj",
            'м' => "m",
            'н' => "n",
            'њ' => "nj",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'ќ' => "kj",
            'ћ' => "cj",
            'у' => "u",
            'ф' => "f",
            'х' => "h",
            'ц' => "c",
            'ч' => "ch",
            'џ' => "dzh",
            'ш' => "sh",
            'č' => "ch",
            'ć' => "cj",
            'š' => "sh",
            'ž' => "zh",
            'đ' => "dj",
            'ë' => "e",
            'ç' => "c",
            _ => return None,
        };
        out.push_str(t);
    }
    Some(out)
}

fn chapter(t: &str) -> Option<(String, String)> {
    let (word, rest) = split_word(t);
    if !CHAPTER_WORDS.contains(&word.to_lowercase().as_str()) {
        return None;
    }
    // The number: digits, a Roman numeral, or ordinal words (up to three: `ДВАЕСЕТ И ПРВА`).
    let rest = rest.trim_start_matches(['-', '–', ' ']);
    let (first, after) = split_word(rest);
    let first_clean = first.trim_end_matches(['.', ':', ',']);
    // What follows the number is a title in capitals, or nothing: `Глава 5 од овој законик`
    // is a sentence.
    let title_like = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    if !title_like(after) {
        return None;
    }
    if !first_clean.is_empty() && first_clean.chars().all(|c| c.is_ascii_digit()) {
        return Some((first_clean.to_string(), after.to_string()));
    }
    if roman(&first_clean.to_lowercase()).is_some()
        && first_clean.chars().all(|c| c.is_ascii_uppercase())
    {
        return Some((first_clean.to_string(), after.to_string()));
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    for n in (1..=4.min(words.len())).rev() {
        let phrase = words.get(..n).unwrap_or(&[]).join(" ");
        if let Some(v) = ordinal(&phrase) {
            let after = words.get(n..).unwrap_or(&[]).join(" ");
            return Some((v.to_string(), after));
        }
    }
    // A chapter word followed by a title but no number we can read: the number stays unknown.
    (words.len() <= 12
        && t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase))
    .then(|| ("?".to_string(), rest.to_string()))
}

fn part(t: &str) -> Option<Option<String>> {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic());
    if !letters.clone().all(char::is_uppercase) || letters.count() < 3 {
        return None;
    }
    if !words
        .iter()
        .any(|w| PART_WORDS.contains(&w.to_lowercase().trim_end_matches(['.', ':'])))
    {
        return None;
    }
    // A number in the line: digits, a Roman numeral or an ordinal word.
    let number = words.iter().find_map(|w| {
        let w = w.trim_end_matches(['.', ':']);
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()) {
            return Some(w.to_string());
        }
        if (w.len() > 1 || w == "I")
            && let Some(v) =
                roman(&w.to_lowercase()).filter(|_| w.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Some(v.to_string());
        }
        ordinal(w).map(|v| v.to_string())
    });
    Some(number)
}

fn repealed(t: &str) -> bool {
    let core = t.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    REPEALED.contains(&core.as_str())
}

fn para(t: &str) -> Option<(u32, String)> {
    let body = t.strip_prefix('(')?;
    let close = body.find(')')?;
    let digits = body.get(..close)?;
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = body.get(close + 1..)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((digits.parse().ok()?, rest.trim().to_string()))
}

fn point(t: &str) -> Option<Kind> {
    let close = t.find(')')?;
    let label = t.get(..close)?;
    let rest = t.get(close + 1..)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || label.is_empty() {
        return None;
    }
    let rest = rest.trim().to_string();
    if label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = label.parse().ok()?;
        return Some(Kind::Point {
            label: label.to_string(),
            style: Style::Number,
            ordinal: n,
            rest,
        });
    }
    let mut chars = label.chars();
    let c = chars.next()?;
    if chars.next().is_none() {
        if let Some(i) = CYRILLIC_ORDER.iter().position(|x| *x == c) {
            return Some(Kind::Point {
                label: transliterate(&c.to_string())?,
                style: Style::Cyrillic,
                ordinal: u32::try_from(i + 1).ok()?,
                rest,
            });
        }
        if let Some(i) = LATIN_ORDER.iter().position(|x| *x == c) {
            // `i)`, `v)`, `x)` may be Roman or Latin: the caller decides by the list it is in.
            return Some(Kind::Point {
                label: transliterate(&c.to_string())?,
                style: Style::Latin,
                ordinal: u32::try_from(i + 1).ok()?,
                rest,
            });
        }
        return None;
    }
    let v = roman(label)?;
    Some(Kind::Point {
        label: label.to_string(),
        style: Style::Roman,
        ordinal: v,
        rest,
    })
}

/// The order of point letters: Macedonian and Serbian Cyrillic azbuka (the letters either
/// uses), Latin gajica with its accented letters, and the plain ASCII alphabet.
const CYRILLIC_ORDER: &[char] = &[
    'а', 'б', 'в', 'г', 'д', 'ѓ', 'ђ', 'е', 'ж', 'з', 'ѕ', 'и', 'ј', 'к', 'л', 'љ', 'м', 'н', 'њ',
    'о', 'п', 'р', 'с', 'т', 'ќ', 'ћ', 'у', 'ф', 'х', 'ц', 'ч', 'џ', 'ш',
];
const LATIN_ORDER: &[char] = &[
    'a', 'b', 'c', 'č', 'ć', 'd', 'đ', 'e', 'ë', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 'š', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ž',
];

/// Whether `prev` → `next` is the next letter of a point list in `style`, letters a language
/// does not use skipped (Serbian `ђ` after `д`, Macedonian `ѓ`; ASCII `c` after `b`).
pub fn follows(style: Style, prev: u32, next: u32) -> bool {
    match style {
        Style::Number | Style::Roman => next == prev + 1,
        Style::Cyrillic | Style::Latin => next > prev && next <= prev + 3,
    }
}

/// A lower-case Roman numeral up to 39.
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total as u32)
}

/// Ordinal words of chapters and parts, 1–49 (`ПРВА`, `DVADESET PRVA`, `TRIDESET I DRUGA`).
fn ordinal(phrase: &str) -> Option<u32> {
    let lower = phrase.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !["и", "i", "e"].contains(w))
        .collect();
    let unit = |w: &str| -> Option<u32> {
        let stems: &[(&str, u32)] = &[
            ("прв", 1),
            ("втор", 2),
            ("друг", 2),
            ("трет", 3),
            ("трећ", 3),
            ("четврт", 4),
            ("пет", 5),
            ("шест", 6),
            ("седм", 7),
            ("осм", 8),
            ("девет", 9),
            ("десет", 10),
            ("единаесет", 11),
            ("једанаест", 11),
            ("дванаесет", 12),
            ("дванаест", 12),
            ("тринаесет", 13),
            ("тринаест", 13),
            ("четиринаесет", 14),
            ("четрнаест", 14),
            ("петнаесет", 15),
            ("петнаест", 15),
            ("шеснаесет", 16),
            ("шеснаест", 16),
            ("седумнаесет", 17),
            ("седамнаест", 17),
            ("осумнаесет", 18),
            ("осамнаест", 18),
            ("деветнаесет", 19),
            ("деветнаест", 19),
            ("prv", 1),
            ("drug", 2),
            ("tre", 3),
            ("četvrt", 4),
            ("cetvrt", 4),
            ("pet", 5),
            ("šest", 6),
            ("sest", 6),
            ("sedm", 7),
            ("osm", 8),
            ("devet", 9),
            ("deset", 10),
            ("jedanaest", 11),
            ("dvanaest", 12),
            ("trinaest", 13),
            ("četrnaest", 14),
            ("petnaest", 15),
            ("šesnaest", 16),
            ("sedamnaest", 17),
            ("osamnaest", 18),
            ("devetnaest", 19),
        ];
        // The longest stem that the word starts with and that leaves a short ending.
        stems
            .iter()
            .filter(|(s, _)| w.starts_with(s) && w.chars().count() <= s.chars().count() + 3)
            .max_by_key(|(s, _)| s.len())
            .map(|(_, v)| *v)
    };
    let tens = |w: &str| -> Option<u32> {
        let t: &[(&str, u32)] = &[
            ("дваесет", 20),
            ("двадесет", 20),
            ("триесет", 30),
            ("тридесет", 30),
            ("четириесет", 40),
            ("четрдесет", 40),
            ("dvadeset", 20),
            ("trideset", 30),
            ("četrdeset", 40),
        ];
        t.iter().find(|(s, _)| w == *s).map(|(_, v)| *v)
    };
    match words.as_slice() {
        [w] => unit(w).or_else(|| {
            // `ДВАЕСЕТТА`, `DVADESETA`: a tens word with an ordinal ending.
            let t: &[(&str, u32)] = &[
                ("дваесет", 20),
                ("двадесет", 20),
                ("триесет", 30),
                ("тридесет", 30),
                ("dvadeset", 20),
                ("trideset", 30),
            ];
            t.iter()
                .find(|(s, _)| w.starts_with(s) && w.chars().count() <= s.chars().count() + 3)
                .map(|(_, v)| *v)
        }),
        [t, u] => Some(tens(t)? + unit(u).filter(|v| *v < 10)?),
        _ => None,
    }
}

fn section(t: &str) -> bool {
    let (first, rest) = split_word(t);
    let Some(num) = first.strip_suffix('.') else {
        return false;
    };
    let is_num = !num.is_empty()
        && (num.chars().all(|c| c.is_ascii_digit())
            || roman(&num.to_lowercase()).is_some() && num.chars().all(|c| c.is_ascii_uppercase()));
    is_num
        && rest.chars().next().is_some_and(char::is_uppercase)
        && !rest.ends_with(['.', ';', ',', ':'])
        && rest.chars().count() <= 120
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(s: &str) -> Option<String> {
        match classify(s) {
            Kind::Article { number } => Some(number),
            _ => None,
        }
    }

    #[test]
    fn article_headings_in_every_language() {
        assert_eq!(art("Член 396-а").as_deref(), Some("396-a"));
        assert_eq!(art("Члан 348").as_deref(), Some("348"));
        assert_eq!(art("Član 348.").as_deref(), Some("348"));
        assert_eq!(art("Članak 5").as_deref(), Some("5"));
        assert_eq!(art("Neni 278/a").as_deref(), Some("278/a"));
        assert_eq!(art("NENI 278/a").as_deref(), Some("278/a"));
        assert_eq!(art("Article 364").as_deref(), Some("364"));
        assert_eq!(art("Čl. 5").as_deref(), Some("5"));
        assert_eq!(art("Čl.5").as_deref(), Some("5"));
        assert_eq!(art("Član 403a").as_deref(), Some("403a"));
        assert_eq!(art("Article 5bis").as_deref(), Some("5bis"));
        assert_eq!(art("Член 28-ѓ").as_deref(), Some("28-gj"));
        // References and sentences are not headings.
        assert_eq!(art("члан 5 овог закона"), None);
        assert_eq!(art("Član 5 stav 1"), None);
        assert_eq!(art("Член"), None);
        assert_eq!(art("член 357."), None);
    }

    #[test]
    fn chapters_and_parts() {
        assert_eq!(
            classify("ГЛАВА ПРВА"),
            Kind::Chapter {
                number: "1".into(),
                rest: String::new()
            }
        );
        assert_eq!(
            classify("GLAVA DVADESET TREĆA"),
            Kind::Chapter {
                number: "23".into(),
                rest: String::new()
            }
        );
        assert_eq!(
            classify("ГЛАВА ДВАЕСЕТ И ПРВА"),
            Kind::Chapter {
                number: "21".into(),
                rest: String::new()
            }
        );
        assert_eq!(
            classify("GLAVA XXII - KRIVIČNA DJELA"),
            Kind::Chapter {
                number: "XXII".into(),
                rest: "- KRIVIČNA DJELA".into()
            }
        );
        assert_eq!(
            classify("KREU I"),
            Kind::Chapter {
                number: "I".into(),
                rest: String::new()
            }
        );
        assert_eq!(classify("ОПШТ ДЕЛ"), Kind::Part { number: None });
        assert_eq!(classify("POSEBNI DIO"), Kind::Part { number: None });
        assert_eq!(
            classify("PRVI DIO"),
            Kind::Part {
                number: Some("1".into())
            }
        );
        assert_eq!(
            classify("PJESA E PËRGJITHSHME"),
            Kind::Part { number: None }
        );
        assert_eq!(classify("Овој дел се применува"), Kind::Text);
    }

    #[test]
    fn paragraphs_points_repealed() {
        assert_eq!(
            classify("(1) Тој што"),
            Kind::Para {
                number: 1,
                rest: "Тој што".into()
            }
        );
        assert_eq!(
            classify("(12)"),
            Kind::Para {
                number: 12,
                rest: String::new()
            }
        );
        assert!(matches!(
            classify("1) оружје"),
            Kind::Point {
                style: Style::Number,
                ordinal: 1,
                ..
            }
        ));
        assert!(
            matches!(classify("б) лице"), Kind::Point { style: Style::Cyrillic, ordinal: 2, ref label, .. } if label == "b")
        );
        assert!(matches!(
            classify("c) lice"),
            Kind::Point {
                style: Style::Latin,
                ordinal: 3,
                ..
            }
        ));
        assert!(matches!(
            classify("iv) lice"),
            Kind::Point {
                style: Style::Roman,
                ordinal: 4,
                ..
            }
        ));
        assert_eq!(classify("(a) text"), Kind::Text);
        assert_eq!(classify("- brisan -"), Kind::Repealed);
        assert_eq!(classify("Избришан"), Kind::Repealed);
        assert_eq!(classify("(престао да важи)"), Kind::Repealed);
        assert_eq!(
            classify("1. Општи одредби за кривичното дело"),
            Kind::Section
        );
        assert_eq!(classify("1. Оружје."), Kind::Text);
    }

    #[test]
    fn transliteration() {
        assert_eq!(transliterate("џш").as_deref(), Some("dzhsh"));
        assert_eq!(transliterate("ω"), None);
    }
}
