//! Message catalogs: every fixed string of a report in five languages.
//!
//! A catalog is `templates/locales/<lang>.yaml`, a tree of string keys (`gap.title`,
//! `status.full.name`). English is complete by definition; any key another catalog lacks falls
//! back to English, so a half-translated catalog still gives a whole report, and `lexgap check`
//! lists what is missing (W0801) or unknown (W0802) so a translator knows what to do. Catalogs
//! live beside the templates — not in Rust — so that an organisation can correct a legal term
//! with `--templates DIR` without rebuilding lexgap.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};

pub const BAD_CATALOG: Code = Code::error("E0801", "bad-catalog");
pub const MISSING_TRANSLATION: Code = Code::warning("W0801", "missing-translation");
pub const UNKNOWN_TRANSLATION: Code = Code::warning("W0802", "unknown-translation-key");

/// The languages lexgap ships catalogs for, by their BCP 47 tags.
pub const LANGUAGES: [&str; 5] = ["en", "sq", "mk", "sr-Latn", "sr-Cyrl"];

/// The catalog's file name under `templates/`.
pub fn catalog_name(lang: &str) -> String {
    format!("locales/{lang}.yaml")
}

/// A catalog as written: nested maps of strings.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Node {
    Text(String),
    Map(BTreeMap<String, Node>),
    /// Anything else (a number, `yes`/`no`/`N` read as a boolean, a list): refused by [`parse`]
    /// with the key named, rather than by serde with "did not match any variant".
    Other(serde_json::Value),
}

/// Parses a catalog's text into flat `dotted.key → text` pairs.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let root: BTreeMap<String, Node> = serde_saphyr::from_str(text).map_err(|e| format!("{e}"))?;
    let mut flat = BTreeMap::new();
    let mut bad = Vec::new();
    flatten("", &root, &mut flat, &mut bad);
    if !bad.is_empty() {
        return Err(format!(
            "not text: {}; put such values in quotes (YAML reads N, no, yes, on, off as \
             true/false and digits as numbers)",
            bad.join(", ")
        ));
    }
    Ok(flat)
}

fn flatten(
    prefix: &str,
    map: &BTreeMap<String, Node>,
    out: &mut BTreeMap<String, String>,
    bad: &mut Vec<String>,
) {
    for (k, v) in map {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Node::Text(t) => {
                out.insert(key, t.clone());
            }
            Node::Map(m) => flatten(&key, m, out, bad),
            Node::Other(v) => bad.push(format!("`{key}` is {v}")),
        }
    }
}

/// The strings of one language, with English filling the gaps.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub lang: String,
    strings: BTreeMap<String, String>,
    /// Keys English has and this language lacks (so English was used).
    pub missing: Vec<String>,
    /// Keys this language has and English does not (typos, or stale keys).
    pub unknown: Vec<String>,
}

impl Catalog {
    /// Merges `lang` over `english`. Both are flat maps from [`parse`].
    pub fn merge(
        lang: &str,
        english: &BTreeMap<String, String>,
        own: &BTreeMap<String, String>,
    ) -> Catalog {
        let mut strings = english.clone();
        let mut missing = Vec::new();
        for key in english.keys() {
            match own.get(key) {
                Some(t) if !t.trim().is_empty() => {
                    strings.insert(key.clone(), t.clone());
                }
                _ => missing.push(key.clone()),
            }
        }
        let unknown = own
            .keys()
            .filter(|k| !english.contains_key(*k))
            .cloned()
            .collect();
        Catalog {
            lang: lang.to_string(),
            strings,
            missing,
            unknown,
        }
    }

    /// A string by its dotted key; the key itself when even English lacks it, so a template
    /// typo shows up in the output rather than as an empty cell.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// A string by its dotted key, if the catalog (or English) has it.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// Every string whose key starts with `prefix`, by its key.
    pub fn with_prefix(&self, prefix: &str) -> BTreeMap<String, String> {
        self.strings
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The catalog as the nested tree templates read (`t.gap.title`).
    pub fn tree(&self) -> BTreeMap<String, Node> {
        let mut root = BTreeMap::new();
        for (key, text) in &self.strings {
            insert(
                &mut root,
                key.split('.').collect::<Vec<_>>().as_slice(),
                text,
            );
        }
        root
    }
}

fn insert(map: &mut BTreeMap<String, Node>, path: &[&str], text: &str) {
    match path {
        [] => {}
        [last] => {
            map.insert((*last).to_string(), Node::Text(text.to_string()));
        }
        [first, rest @ ..] => {
            let entry = map
                .entry((*first).to_string())
                .or_insert_with(|| Node::Map(BTreeMap::new()));
            if let Node::Text(_) = entry {
                // A key that is both a string and a group: the group wins, as the deeper keys
                // are the ones templates use.
                *entry = Node::Map(BTreeMap::new());
            }
            if let Node::Map(m) = entry {
                insert(m, rest, text);
            }
        }
    }
}

/// `lexgap check` for catalogs: every catalog that parses is compared with English. `read`
/// gives a catalog's text by language (from the workspace or the bundle). Returns diagnostics
/// without files set; the caller attaches each to the catalog's file.
pub fn check(read: &dyn Fn(&str) -> Option<String>) -> Vec<(String, Diagnostic)> {
    let mut out = Vec::new();
    let english = match read("en").map(|t| parse(&t)) {
        Some(Ok(e)) => e,
        Some(Err(e)) => {
            out.push((
                "en".to_string(),
                Diagnostic::new(
                    BAD_CATALOG,
                    format!("the English catalog does not parse: {e}"),
                ),
            ));
            return out;
        }
        None => BTreeMap::new(),
    };
    for lang in LANGUAGES.iter().filter(|l| **l != "en") {
        let Some(text) = read(lang) else { continue };
        match parse(&text) {
            Err(e) => out.push((
                (*lang).to_string(),
                Diagnostic::new(BAD_CATALOG, format!("the catalog does not parse: {e}"))
                    .hint("a catalog is a YAML tree of strings, as in locales/en.yaml"),
            )),
            Ok(own) => {
                let c = Catalog::merge(lang, &english, &own);
                if !c.missing.is_empty() {
                    out.push((
                        (*lang).to_string(),
                        Diagnostic::new(
                            MISSING_TRANSLATION,
                            format!(
                                "{} key{} not translated, English is used: {}",
                                c.missing.len(),
                                if c.missing.len() == 1 { "" } else { "s" },
                                c.missing.join(", ")
                            ),
                        )
                        .hint("copy the keys from locales/en.yaml and translate them"),
                    ));
                }
                if !c.unknown.is_empty() {
                    let named: Vec<String> = c
                        .unknown
                        .iter()
                        .map(|k| {
                            match crate::diagnostic::did_you_mean(
                                k,
                                english.keys().map(String::as_str),
                            ) {
                                Some(s) => format!("{k} (did you mean {s}?)"),
                                None => k.clone(),
                            }
                        })
                        .collect();
                    out.push((
                        (*lang).to_string(),
                        Diagnostic::new(
                            UNKNOWN_TRANSLATION,
                            format!(
                                "key{} not in the English catalog, never used: {}",
                                if c.unknown.len() == 1 { "" } else { "s" },
                                named.join(", ")
                            ),
                        )
                        .hint("the keys are those of locales/en.yaml"),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_keys() {
        let flat = parse("gap:\n  title: Gap\n  toc: Contents\nlang: English\n").unwrap();
        assert_eq!(flat.get("gap.title").map(String::as_str), Some("Gap"));
        assert_eq!(flat.get("lang").map(String::as_str), Some("English"));
    }

    #[test]
    fn missing_keys_fall_back_to_english() {
        let en = parse("a: A\nb:\n  c: C\n  d: D\n").unwrap();
        let sq = parse("a: Ä\nb:\n  c: ''\nz: Z\n").unwrap();
        let c = Catalog::merge("sq", &en, &sq);
        assert_eq!(c.get("a"), "Ä");
        assert_eq!(c.get("b.c"), "C");
        assert_eq!(c.get("b.d"), "D");
        assert_eq!(c.missing, vec!["b.c", "b.d"]);
        assert_eq!(c.unknown, vec!["z"]);
        assert_eq!(c.get("no.such"), "no.such");
    }

    #[test]
    fn tree_rebuilds_nesting() {
        let en = parse("b:\n  c: C\n").unwrap();
        let c = Catalog::merge("en", &en, &en);
        let tree = c.tree();
        assert_eq!(
            tree.get("b"),
            Some(&Node::Map(BTreeMap::from([(
                "c".to_string(),
                Node::Text("C".into())
            )])))
        );
    }

    #[test]
    fn a_broken_catalog_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2").is_err());
        assert!(parse("- a\n- b\n").is_err());
        let e = parse("status:\n  none:\n    letter: N\n").unwrap_err();
        assert!(e.contains("`status.none.letter` is false"), "{e}");
    }
}
