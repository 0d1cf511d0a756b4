//! The coverage of a jurisdiction is a property of what its law says, not of how its files are
//! listed or laid out: the bundled corpus, read in a shuffled order and with every `.law` file
//! reformatted (other indentation width, CRLF line ends), gives the same analysis — byte for
//! byte as JSON — and the same diagnostic codes, on any date.

use lexgap::coverage;
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::syntax::{format_law, parse_law};
use lexgap::workspace::{InputFile, Workspace, load};
use proptest::prelude::*;

/// The analysis of every jurisdiction on `at` as JSON, and every diagnostic code, sorted.
fn analyse(files: Vec<InputFile>, at: Date) -> (String, Vec<&'static str>) {
    let loaded = load(files);
    let (model, diags) = Model::build(&loaded);
    let jurisdictions: Vec<String> = model
        .corpus
        .jurisdictions_with_law()
        .iter()
        .map(|j| j.to_string())
        .collect();
    let analysis = coverage::analyze_all(&model, &jurisdictions, at);
    let json = serde_json::to_string_pretty(&analysis).expect("serializable");
    let mut codes: Vec<&'static str> = loaded
        .diagnostics
        .iter()
        .chain(&diags)
        .map(|d| d.code.id)
        .collect();
    codes.sort_unstable();
    (json, codes)
}

/// The same law in another layout: canonical form, then `width` spaces per level of two, and
/// CRLF line ends if asked.
fn relayout(text: &str, width: usize, crlf: bool) -> String {
    let (tree, diags) = parse_law(text);
    assert!(diags.is_empty(), "the bundled corpus parses cleanly");
    format_law(&tree)
        .lines()
        .map(|l| {
            let body = l.trim_start_matches(' ');
            let depth = l.len() - body.len();
            let end = if crlf { "\r\n" } else { "\n" };
            format!("{}{body}{end}", " ".repeat(depth * width))
        })
        .collect()
}

fn bundled() -> Vec<InputFile> {
    let (files, errors) = Workspace::bundled().input_files();
    assert!(errors.is_empty());
    files
}

/// The analysis of the corpus as bundled, once per date.
fn baseline(at: &str) -> (String, Vec<&'static str>) {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<BTreeMap<String, (String, Vec<&'static str>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(at.to_string())
        .or_insert_with(|| analyse(bundled(), date(at)))
        .clone()
}

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    #[test]
    fn coverage_ignores_file_order_and_layout(
        files in Just(bundled()).prop_shuffle(),
        width in 1usize..5,
        crlf in any::<bool>(),
        at in prop::sample::select(vec!["2015-01-01", "2023-06-01", "2024-06-01", "2030-01-01"]),
    ) {
        let (expected, expected_codes) = baseline(at);
        let at = date(at);
        let relaid: Vec<InputFile> = files
            .into_iter()
            .map(|f| {
                if f.rel.ends_with(".law") {
                    let text = String::from_utf8(f.bytes).expect("utf-8");
                    InputFile { rel: f.rel, bytes: relayout(&text, width, crlf).into_bytes() }
                } else {
                    f
                }
            })
            .collect();
        let (json, codes) = analyse(relaid, at);
        prop_assert_eq!(codes, expected_codes);
        prop_assert!(json == expected, "the analysis changed with file order or layout");
    }
}
