//! The bundled analysis pinned per jurisdiction and date: one insta snapshot per jurisdiction,
//! one line per obligation (status, cells, the provisions that cover it), at a few fixed dates
//! and on the latest version date of the bundled corpus. Any change to the corpus (`codes/`,
//! `protocol/`) or to the engine shows its effect on the verdicts here, in review: accept a
//! changed snapshot only with the commit message saying which obligation moved and why.
//!
//! The format is meant to stay stable and readable in a diff: a header per date, then
//! `OBLIGATION  STATUS  covered+partly/total  addresses` (an expert's override is shown as
//! `STATUS (computed COMPUTED)`).

use lexgap::coverage::{self, JurisdictionCoverage};
use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::workspace::{Workspace, load};

/// Fixed dates: before the 2023 reforms and around them.
const DATES: &[&str] = &["2015-01-01", "2022-01-01", "2024-06-30"];

fn bundled_model() -> (Model, Vec<Date>) {
    let (files, errors) = Workspace::bundled().input_files();
    assert!(errors.is_empty(), "{errors:?}");
    let mut versions: Vec<Date> = files
        .iter()
        .filter_map(|f| f.rel.strip_suffix(".law")?.rsplit('/').next())
        .filter_map(|name| Date::parse(name).ok())
        .collect();
    versions.sort();
    let loaded = load(files);
    let (model, _) = Model::build(&loaded);
    (model, versions)
}

/// One line per obligation.
fn lines(jc: &JurisdictionCoverage) -> String {
    let mut out = String::new();
    if jc.acts.is_empty() {
        out.push_str("  (no act in force)\n");
    }
    for o in &jc.obligations {
        let status = if o.status == o.computed_status {
            o.status.id().to_string()
        } else {
            format!("{} (computed {})", o.status.id(), o.computed_status.id())
        };
        let cells = format!("{}+{}/{}", o.cells.covered, o.cells.partly, o.cells.total);
        let by = if o.provisions.is_empty() {
            "—".to_string()
        } else {
            o.provisions.join(", ")
        };
        out.push_str(&format!(
            "  {:<11} {:<15} {:<9} {by}\n",
            o.id, status, cells
        ));
    }
    out
}

/// The bundled model and its version dates, built once for every test.
fn bundled() -> &'static (Model, Vec<Date>) {
    static MODEL: std::sync::OnceLock<(Model, Vec<Date>)> = std::sync::OnceLock::new();
    MODEL.get_or_init(bundled_model)
}

/// The snapshot of one jurisdiction: its verdicts on each date.
fn fidelity(j: &str) -> String {
    let (model, versions) = bundled();
    let latest = versions
        .last()
        .copied()
        .expect("the bundled corpus has versions");
    let mut dates: Vec<(String, Date)> = DATES
        .iter()
        .map(|d| (d.to_string(), Date::parse(d).expect("date")))
        .collect();
    dates.push((format!("the latest version date ({latest})"), latest));
    let mut snap = String::new();
    for (label, at) in &dates {
        snap.push_str(&format!("{j} on {label}\n"));
        match coverage::analyze_one(model, j, *at) {
            Some(jc) => snap.push_str(&lines(&jc)),
            None => snap.push_str("  (jurisdiction not in the bundled corpus)\n"),
        }
        snap.push('\n');
    }
    snap
}

/// One test per jurisdiction, so that every changed snapshot shows in one run.
macro_rules! fidelity {
    ($($name:ident => $j:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(concat!("corpus_fidelity_", $j), fidelity($j));
            }
        )*
        /// Every jurisdiction of the bundled corpus has its snapshot.
        #[test]
        fn every_bundled_jurisdiction_is_pinned() {
            let pinned = [$($j),*];
            for j in bundled().0.corpus.jurisdictions_with_law() {
                assert!(pinned.contains(&&*j), "{j} has no snapshot here: add it");
            }
        }
    };
}

fidelity! {
    al => "AL",
    ba => "BA",
    ba_fbih => "BA-FBIH",
    ba_rs => "BA-RS",
    ba_bd => "BA-BD",
    me => "ME",
    mk => "MK",
    rs => "RS",
    xk => "XK",
}
