//! Serbian Latin → Cyrillic transliteration, for the `sr-Cyrl` translation catalogs.
//!
//! Serbian is digraphic and the two alphabets map one to one (Vuk's alphabet and Gaj's Latin
//! alphabet), so `sr-Cyrl` catalogs are produced from the `sr-Latn` ones rather than kept by
//! hand: a catalog `protocol/translations/sr-Cyrl/<id>.yaml` is needed only for a string the
//! rule below gets wrong, and overrides the derived one (docs/translation.md).
//!
//! The rule: letter by letter, `lj`, `nj` and `dž` as one letter each, except in the few words
//! where the two letters meet across a prefix (`nadživeti` → `надживети`, `injekcija` →
//! `инјекција`). A word that cannot be Serbian — one with `q`, `w`, `x` or `y`, or a Roman
//! numeral of two letters or more (`II`, `XIV`) — is left in Latin letters, as Serbian Cyrillic
//! texts do.

/// Words whose `dž`, `lj` or `nj` are two letters, by the lower-case beginning of the word,
/// with the position of the digraph's first letter.
const SPLIT_PREFIXES: [(&str, usize); 7] = [
    ("nadž", 2),
    ("podž", 2),
    ("odž", 1),
    ("predž", 3),
    ("injek", 1),
    ("konjug", 2),
    ("konjunk", 2),
];

/// The Cyrillic text of a Serbian Latin text. Code in backticks (`` `rule aggravation …` ``)
/// and file names (`tip.yaml`, `codes/RS/act.law`) stay as written: they are identifiers, not
/// Serbian words.
pub fn latn_to_cyrl(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, segment) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
        } else {
            prose(segment, &mut out);
        }
    }
    out
}

/// Transliterates prose word by word, keeping whitespace-separated tokens that are file names
/// or paths.
fn prose(text: &str, out: &mut String) {
    let mut token_start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            let token = text.get(token_start..i).unwrap_or_default();
            if is_file_name(token) {
                out.push_str(token);
            } else {
                words(token, out);
            }
            if i < text.len() {
                out.push(c);
            }
            token_start = i + c.len_utf8();
        }
    }
}

/// Whether a token (with surrounding punctuation) names a file or a path: a `/` between
/// letters, or a dot followed by one of the extensions lexgap's files have.
fn is_file_name(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    let ext = [".yaml", ".law", ".bill", ".toml", ".json", ".csv", ".md"];
    ext.iter()
        .any(|e| core.ends_with(e) && core.len() > e.len())
        || (core.contains('/') && core.chars().any(char::is_alphabetic))
}

fn words(text: &str, out: &mut String) {
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, out);
            out.push(c);
        }
    }
    flush(&mut word, out);
}

fn flush(word: &mut String, out: &mut String) {
    if word.is_empty() {
        return;
    }
    if keeps_latin(word) {
        out.push_str(word);
    } else {
        transliterate_word(word, out);
    }
    word.clear();
}

/// Whether a word stays in Latin letters: a foreign word or a Roman numeral, or a word with no
/// Latin letter at all (already Cyrillic, or another script).
fn keeps_latin(word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower.contains(['q', 'w', 'x', 'y']) {
        return true;
    }
    let roman = word.chars().count() >= 2 && word.chars().all(|c| "IVXLCDM".contains(c));
    roman
        || !word
            .chars()
            .any(|c| latin(c.to_ascii_lowercase()).is_some() || is_diacritic(c))
}

fn is_diacritic(c: char) -> bool {
    matches!(c, 'č' | 'ć' | 'đ' | 'š' | 'ž' | 'Č' | 'Ć' | 'Đ' | 'Š' | 'Ž')
}

fn transliterate_word(word: &str, out: &mut String) {
    let lower = word.to_lowercase();
    let split = SPLIT_PREFIXES
        .iter()
        .find(|(p, _)| lower.starts_with(*p))
        .map(|(_, at)| *at);
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        // A digraph is one letter unless the split prefix ends between its two letters.
        let joined = split != Some(i);
        if let (Some(n), true) = (next, joined)
            && let Some(cy) = digraph(c, n)
        {
            out.push(if c.is_uppercase() { cy.0 } else { cy.1 });
            i += 2;
            continue;
        }
        out.push(single(c).unwrap_or(c));
        i += 1;
    }
}

/// `(upper, lower)` Cyrillic letter for a Latin digraph.
fn digraph(a: char, b: char) -> Option<(char, char)> {
    let pair = (a.to_lowercase().next()?, b.to_lowercase().next()?);
    match pair {
        ('l', 'j') => Some(('Љ', 'љ')),
        ('n', 'j') => Some(('Њ', 'њ')),
        ('d', 'ž') => Some(('Џ', 'џ')),
        _ => None,
    }
}

fn latin(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'b' => 'б',
        'c' => 'ц',
        'd' => 'д',
        'e' => 'е',
        'f' => 'ф',
        'g' => 'г',
        'h' => 'х',
        'i' => 'и',
        'j' => 'ј',
        'k' => 'к',
        'l' => 'л',
        'm' => 'м',
        'n' => 'н',
        'o' => 'о',
        'p' => 'п',
        'r' => 'р',
        's' => 'с',
        't' => 'т',
        'u' => 'у',
        'v' => 'в',
        'z' => 'з',
        'č' => 'ч',
        'ć' => 'ћ',
        'đ' => 'ђ',
        'š' => 'ш',
        'ž' => 'ж',
        _ => return None,
    })
}

fn single(c: char) -> Option<char> {
    if c.is_uppercase() {
        let lower = c.to_lowercase().next()?;
        let cy = latin(lower)?;
        cy.to_uppercase().next()
    } else {
        latin(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digraphs() {
        assert_eq!(
            latn_to_cyrl("nedozvoljena proizvodnja vatrenog oružja"),
            "недозвољена производња ватреног оружја"
        );
        assert_eq!(latn_to_cyrl("Džak, LJUBAV, Njegoš"), "Џак, ЉУБАВ, Његош");
        assert_eq!(latn_to_cyrl("đak ćuti"), "ђак ћути");
        assert_eq!(
            latn_to_cyrl("delovi i sastavni delovi i municija"),
            "делови и саставни делови и муниција"
        );
    }

    #[test]
    fn prefixes_split_digraphs() {
        assert_eq!(latn_to_cyrl("nadživeti"), "надживети");
        assert_eq!(latn_to_cyrl("injekcija"), "инјекција");
        assert_eq!(latn_to_cyrl("odžaci"), "оджаци");
    }

    #[test]
    fn code_and_file_names_stay() {
        assert_eq!(
            latn_to_cyrl("sužava obuhvat (tip.yaml); `rule aggravation covers …`, upisano"),
            "сужава обухват (tip.yaml); `rule aggravation covers …`, уписано"
        );
        assert_eq!(
            latn_to_cyrl("u untoc.yaml i codes/RS/criminal-code, kraj."),
            "у untoc.yaml и codes/RS/criminal-code, крај."
        );
        assert_eq!(latn_to_cyrl("član 3. i 4/5"), "члан 3. и 4/5");
    }

    #[test]
    fn foreign_words_and_numerals_stay() {
        assert_eq!(
            latn_to_cyrl("čl. 5 st. 1 tač. a, glava XIV, www"),
            "чл. 5 ст. 1 тач. а, глава XIV, www"
        );
        assert_eq!(latn_to_cyrl("član II"), "члан II");
        assert_eq!(latn_to_cyrl("већ ћирилица"), "већ ћирилица");
        assert_eq!(latn_to_cyrl("I"), "И");
    }
}
