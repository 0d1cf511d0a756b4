//! Unit numbers as the region's codes print them: `348`, `278/a`, `403a`, `5bis`, and inserted
//! articles with a letter of the code's own script — Latin (`396-a`, `403b`) or Cyrillic
//! (`396-б` in the Macedonian code, `348а` in the Serbian one). The letters of one number are of
//! one script; their order is the alphabet's, so `396-а` < `396-б` < `397`.

use std::cmp::Ordering;

/// The Latin letters, in order.
pub const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
/// The Cyrillic letters of the region's codes, in alphabet order: the Macedonian and Serbian
/// alphabets together (a code uses those of its own language, in their order: `ђ` is Serbian
/// only, `ѓ` and `ѕ` Macedonian only).
pub const CYRILLIC: &str = "абвгдђѓежзѕијклљмнњопрстћќуфхцчџш";

/// The script of the letters of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
}

/// Whether `c` may stand in a unit number as a Cyrillic letter: the basic Cyrillic block with the
/// letters of the Macedonian and Serbian alphabets (U+0400–U+045F).
pub fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{045F}') && c.is_alphabetic()
}

/// The script of a letter of a number, `None` for a digit or separator.
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii_alphabetic() {
        Some(Script::Latin)
    } else if is_cyrillic_letter(c) {
        Some(Script::Cyrillic)
    } else {
        None
    }
}

/// The place of a letter in its alphabet (`a` and `а` are both 0, `b` and `б` both 1); letters
/// outside the alphabets (Russian `й`, an upper-case letter) come after them, by code point.
pub fn letter_position(c: char) -> Option<usize> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let script = script_of(lower)?;
    let alphabet = match script {
        Script::Latin => LATIN,
        Script::Cyrillic => CYRILLIC,
    };
    Some(
        alphabet
            .chars()
            .position(|x| x == lower)
            .unwrap_or(alphabet.chars().count() + u32::from(lower) as usize),
    )
}

/// Whether the letters of `number` mix Latin and Cyrillic (`396-аb`): the scripts a number is
/// read in, when it mixes them.
pub fn mixed_scripts(number: &str) -> bool {
    let mut scripts = number.chars().filter_map(script_of);
    let Some(first) = scripts.next() else {
        return false;
    };
    scripts.any(|s| s != first)
}

/// Whether `a` and `b` are the same number but for the script of their letters (`396-a` with a
/// Latin `a`, `396-а` with a Cyrillic one): different numbers that look alike or transliterate
/// each other, worth a hint when one is written for the other.
pub fn same_but_script(a: &str, b: &str) -> bool {
    let key = |n: &str| -> Vec<(Option<usize>, Option<char>)> {
        n.chars()
            .map(|c| match letter_position(c) {
                Some(p) => (Some(p), None),
                None => (None, Some(c)),
            })
            .collect()
    };
    let scripts = |n: &str| n.chars().find_map(script_of);
    a != b && key(a) == key(b) && scripts(a) != scripts(b)
}

/// One piece of a number for ordering: a run of digits (its value) or a letter (its place).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Digits(u128),
    Letter(usize),
}

fn pieces(number: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut digits: Option<u128> = None;
    for c in number.chars() {
        if let Some(d) = c.to_digit(10) {
            digits = Some(
                digits
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u128::from(d)),
            );
            continue;
        }
        if let Some(v) = digits.take() {
            out.push(Piece::Digits(v));
        }
        if let Some(p) = letter_position(c) {
            out.push(Piece::Letter(p));
        }
    }
    if let Some(v) = digits {
        out.push(Piece::Digits(v));
    }
    out
}

/// The order of two unit numbers in a code: by their numbers, then by their letters in alphabet
/// order (whatever the script, so an inserted `396-б` follows a `396-a` written in Latin), the
/// separators aside: `396` < `396-а` < `396-б` < `397`, `278/a` < `278/b`, `9` < `10`. Numbers
/// equal so far are ordered by their text, so that the order is total.
pub fn cmp(a: &str, b: &str) -> Ordering {
    pieces(a).cmp(&pieces(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_numbers_follow_their_base_in_alphabet_order() {
        let mut v = vec![
            "397", "396-б", "10", "396", "396-а", "9", "396-в", "278/b", "278/a", "403a",
        ];
        v.sort_by(|a, b| cmp(a, b));
        assert_eq!(
            v,
            [
                "9", "10", "278/a", "278/b", "396", "396-а", "396-б", "396-в", "397", "403a"
            ]
        );
        // Latin and Cyrillic letters by their place: `б` after a Latin `a`, before a Latin `c`.
        assert_eq!(cmp("396-a", "396-б"), Ordering::Less);
        assert_eq!(cmp("396-б", "396-c"), Ordering::Less);
        // Macedonian `ѓ` comes after `д` and before `е`.
        assert_eq!(cmp("24-д", "24-ѓ"), Ordering::Less);
        assert_eq!(cmp("24-ѓ", "24-е"), Ordering::Less);
        assert_eq!(cmp("348а", "348б"), Ordering::Less);
    }

    #[test]
    fn a_mix_of_scripts_is_told() {
        assert!(mixed_scripts("396-аb"));
        assert!(!mixed_scripts("396-б"));
        assert!(!mixed_scripts("5bis"));
        assert!(!mixed_scripts("348"));
        assert!(same_but_script("396-a", "396-а"));
        assert!(same_but_script("348б", "348b"));
        assert!(!same_but_script("396-a", "396-a"));
        assert!(!same_but_script("396-a", "396-б"));
    }
}
