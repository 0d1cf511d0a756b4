//! Point in time: the law of a jurisdiction on a given day is, for each of its acts, the
//! version that took effect last on or before that day.

use std::collections::BTreeMap;

use crate::date::Date;
use crate::workspace::LawDoc;

/// The jurisdiction a parsed `.law` file belongs to: its header's, else its folder's.
pub fn jurisdiction_of(doc: &LawDoc) -> Option<&str> {
    doc.ast
        .header
        .jurisdiction()
        .map(|j| j.node.as_str())
        .or(doc.place.jurisdiction.as_deref())
}

/// The day a version took effect: its header's `version`, else its file name's date.
pub fn version_of(doc: &LawDoc) -> Option<Date> {
    doc.ast.header.version().map(|v| v.node).or(doc.place.date)
}

/// For each act of `jurisdiction`, the version in force on `date` (the latest version dated on
/// or before it), by act id. Acts with no version yet on that day are absent.
pub fn in_force<'a>(
    laws: &'a [LawDoc],
    jurisdiction: &str,
    date: Date,
) -> BTreeMap<&'a str, &'a LawDoc> {
    let mut out: BTreeMap<&str, &LawDoc> = BTreeMap::new();
    for doc in laws {
        if jurisdiction_of(doc) != Some(jurisdiction) {
            continue;
        }
        let Some(v) = version_of(doc).filter(|v| *v <= date) else {
            continue;
        };
        let act = doc.ast.header.act.node.as_str();
        let newer = out
            .get(act)
            .is_none_or(|prev| version_of(prev).is_none_or(|p| p < v));
        if newer {
            out.insert(act, doc);
        }
    }
    out
}

/// The version of `act` in `jurisdiction` dated exactly `version`.
pub fn version<'a>(
    laws: &'a [LawDoc],
    jurisdiction: &str,
    act: &str,
    version: Date,
) -> Option<&'a LawDoc> {
    laws.iter().find(|d| {
        jurisdiction_of(d) == Some(jurisdiction)
            && d.ast.header.act.node == act
            && version_of(d) == Some(version)
    })
}

/// Every version date of `act` in `jurisdiction`, oldest first (for messages).
pub fn versions(laws: &[LawDoc], jurisdiction: &str, act: &str) -> Vec<Date> {
    let mut v: Vec<Date> = laws
        .iter()
        .filter(|d| jurisdiction_of(d) == Some(jurisdiction) && d.ast.header.act.node == act)
        .filter_map(version_of)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Every jurisdiction with at least one act version, sorted.
pub fn jurisdictions(laws: &[LawDoc]) -> Vec<&str> {
    let mut v: Vec<&str> = laws.iter().filter_map(jurisdiction_of).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{InputFile, load};

    fn law(j: &str, act: &str, date: &str) -> InputFile {
        InputFile {
            rel: format!("codes/{j}/{act}/{date}.law"),
            bytes: format!(
                "act {act} \"A\"\n  jurisdiction {j}\n  version {date}\n  source \"S\"\n  language en\n  rendering unofficial\n"
            )
            .into_bytes(),
        }
    }

    #[test]
    fn latest_version_on_or_before_the_day() {
        let loaded = load(vec![
            law("ME", "criminal-code", "2022-12-02"),
            law("ME", "criminal-code", "2023-12-19"),
            law("ME", "weapons-law", "2024-01-01"),
            law("MK", "criminal-code", "2020-01-01"),
        ]);
        let d = |s: &str| Date::parse(s).unwrap();
        let at = in_force(&loaded.laws, "ME", d("2023-12-19"));
        assert_eq!(at.len(), 1);
        assert_eq!(version_of(at["criminal-code"]), Some(d("2023-12-19")));
        let at = in_force(&loaded.laws, "ME", d("2023-12-18"));
        assert_eq!(version_of(at["criminal-code"]), Some(d("2022-12-02")));
        assert!(in_force(&loaded.laws, "ME", d("2022-01-01")).is_empty());
        assert_eq!(in_force(&loaded.laws, "ME", d("2030-01-01")).len(), 2);
        assert_eq!(jurisdictions(&loaded.laws), ["ME", "MK"]);
        assert_eq!(versions(&loaded.laws, "ME", "criminal-code").len(), 2);
    }
}
