//! The coverage engine's rules, one small fixture workspace each (tests/fixtures/coverage/),
//! against a small test instrument (tests/fixtures/coverage/protocol/). Each test asserts exact
//! statuses and the missing cells as grouped for people.

use std::path::Path;

use lexgap::coverage::{self, JurisdictionCoverage, ObligationCoverage, render};
use lexgap::date::Date;
use lexgap::diagnostic::Diagnostic;
use lexgap::model::{Model, Status};
use lexgap::workspace::{InputFile, Loaded, load, read_tree};

const FIXTURES: &str = "tests/fixtures/coverage";

/// Loads the test instrument and the fixture's codes/ as one workspace.
fn fixture(name: &str) -> (Loaded, Model, Vec<Diagnostic>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let mut files: Vec<InputFile> = Vec::new();
    let mut errors = Vec::new();
    read_tree(&root, &root.join("protocol"), &mut files, &mut errors);
    let ws = root.join(name);
    read_tree(&ws, &ws.join("codes"), &mut files, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut loaded = load(files);
    let (model, mut diags) = Model::build(&loaded);
    diags.extend(std::mem::take(&mut loaded.diagnostics));
    (loaded, model, diags)
}

fn date(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

/// A fixture that must load without errors, analysed for one jurisdiction.
fn analyse(name: &str, j: &str, at: &str) -> (Model, JurisdictionCoverage) {
    let (loaded, model, diags) = fixture(name);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| lexgap::diagnostic::render(d, &loaded.sources, Default::default()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let law = model
        .corpus
        .law_at(&model.instrument, j, date(at))
        .expect("jurisdiction exists");
    let assessments = model.assessments_for(j);
    let cov = coverage::analyze(&model.instrument, &law, None, &assessments);
    (model, cov)
}

fn obligation<'a>(cov: &'a JurisdictionCoverage, id: &str) -> &'a ObligationCoverage {
    cov.obligations
        .iter()
        .find(|o| o.id == id)
        .expect("obligation analysed")
}

/// (status, covered, partly, total)
fn counts(o: &ObligationCoverage) -> (Status, usize, usize, usize) {
    (o.status, o.cells.covered, o.cells.partly, o.cells.total)
}

fn missing(o: &ObligationCoverage) -> Vec<&str> {
    o.missing.iter().map(|m| m.text.as_str()).collect()
}

#[test]
fn a_cell_is_covered_by_one_provision_never_by_combining() {
    // Art 1 reaches manufacturing of firearms and parts; art 2 assembly of firearms only.
    // Together they name assembly and parts, but no one provision reaches both.
    let (_, cov) = analyse("cell-product", "X", "2024-01-01");
    let o = obligation(&cov, "T-MAKE");
    assert_eq!(counts(o), (Status::Partial, 3, 0, 4));
    assert_eq!(missing(o), ["parts and components: no offence of assembly"]);
    assert_eq!(
        o.provisions,
        [
            "X/criminal-code@2020-01-01/art-1",
            "X/criminal-code@2020-01-01/art-2"
        ]
    );
    let cell = o
        .cell_results
        .iter()
        .find(|c| c.key == "assemble × part-component × without-licence")
        .expect("cell");
    assert!(cell.evidence.is_empty());
    assert!(
        cell.why_not.as_deref().unwrap_or("").contains("art-"),
        "{:?}",
        cell.why_not
    );
    assert_eq!(
        missing(obligation(&cov, "T-TRADE")),
        ["import, sale: no offence"]
    );
}

#[test]
fn definitions_expand_to_exactly_their_values() {
    // "weapon" = firearm, ammunition: an offence on weapons does not reach parts.
    let (_, cov) = analyse("definitions", "X", "2024-01-01");
    let o = obligation(&cov, "T-MAKE");
    assert_eq!(counts(o), (Status::Partial, 2, 0, 4));
    assert_eq!(
        missing(o),
        [
            "parts and components: no offence — criminal-code art-2 reaches `weapon` as criminal-code art-1 defines it, which leaves out parts and components"
        ]
    );
    let cell = o.cell_results.first().expect("cells");
    let via = cell
        .evidence
        .first()
        .and_then(|e| e.matched.iter().find_map(|m| m.via.clone()));
    assert_eq!(
        via.map(|v| (v.term, v.defined_at)),
        Some(("weapon".into(), "X/criminal-code@2020-01-01/art-1".into()))
    );
}

#[test]
fn penalty_threshold_and_point_in_time() {
    // 2020 version: maximum 3 years. 2024 version: 3 years, 8 for the aggravated form.
    let (_, old) = analyse("penalty", "X", "2021-01-01");
    let o = obligation(&old, "T-PENALTY");
    assert_eq!(counts(o), (Status::None, 0, 0, 1));
    assert_eq!(o.status_label, "benchmark not met");
    assert!(!o.gap, "an advisory benchmark is never a gap");
    assert_eq!(
        missing(o),
        ["unlicensed making (T-MAKE): criminal-code art-1: maximum 3y is below 4y"]
    );
    assert_eq!(
        old.acts.first().map(|a| a.version.to_string()).as_deref(),
        Some("2020-01-01")
    );

    let (_, new) = analyse("penalty", "X", "2024-06-01");
    let o = obligation(&new, "T-PENALTY");
    assert_eq!(counts(o), (Status::Partial, 0, 1, 1));
    assert_eq!(
        missing(o),
        [
            "unlicensed making (T-MAKE): only in part — only the aggravated form criminal-code art-1/para-2 reaches 4y"
        ]
    );
    // The aggravated form inherits the basic offence's tags, so it reaches the same cells — but
    // only partly (it demands a large quantity and is an aggravated form).
    let make = obligation(&new, "T-MAKE");
    assert_eq!(counts(make), (Status::Full, 4, 0, 4));
    let cell = make.cell_results.first().expect("cells");
    assert_eq!(
        cell.evidence.len(),
        1,
        "only the basic offence covers fully"
    );
}

#[test]
fn attempt_threshold_applies_to_the_offences_it_governs() {
    // X: attempt when max >= 5y or expressly; art 10 (max 3y) says nothing → not reached.
    let (_, x) = analyse("attempt", "X", "2024-01-01");
    let o = obligation(&x, "T-ATTEMPT");
    assert_eq!(counts(o), (Status::Partial, 0, 1, 1));
    assert_eq!(
        missing(o),
        [
            "attempt, for unlicensed making (T-MAKE): only in part — maximum of criminal-code art-10 is 3y, rule needs >= 5y, and criminal-code art-10 does not say `expressly attempt`"
        ]
    );
    // Y: art 10 says `expressly attempt`.
    let (_, y) = analyse("attempt", "Y", "2024-01-01");
    let o = obligation(&y, "T-ATTEMPT");
    assert_eq!(counts(o), (Status::Full, 1, 0, 1));
    assert!(missing(o).is_empty());
    let rule = o
        .cell_results
        .first()
        .and_then(|c| c.evidence.first())
        .expect("rule evidence");
    assert_eq!(rule.address, "Y/criminal-code@2020-01-01/art-5");
    assert_eq!(
        rule.applies_to,
        [
            "Y/criminal-code@2020-01-01/art-10",
            "Y/criminal-code@2020-01-01/art-11"
        ]
    );
}

#[test]
fn a_rule_on_a_class_reaches_the_offences_of_that_class_and_never_assumes_one() {
    // Art 10 states `class crime` (its qualified form inherits it); art 11 is a misdemeanour
    // although its maximum would make it a crime (the stated class decides); art 12's maximum
    // is open, so its class cannot be told; art 30 is a crime by its penalty.
    let (_, cov) = analyse("classes", "X", "2024-01-01");
    let attempt = obligation(&cov, "T-ATTEMPT");
    assert_eq!(counts(attempt), (Status::Partial, 0, 1, 1));
    assert_eq!(
        missing(attempt),
        [
            "attempt, for unlicensed making (T-MAKE): only in part — criminal-code art-11 is a misdemeanour, not a crime; the class of criminal-code art-12 is not known: maximum at least 2y (no maximum stated) (criminal-code art-1 makes a crime of max >= 5y)"
        ]
    );
    let rule = attempt
        .cell_results
        .first()
        .and_then(|c| c.evidence.first())
        .expect("rule evidence");
    assert_eq!(
        rule.applies_to,
        [
            "X/criminal-code@2020-01-01/art-10/para-1",
            "X/criminal-code@2020-01-01/art-10/para-2"
        ]
    );
    let legal = obligation(&cov, "T-LEGAL");
    let trade = legal.cell_results.get(1).expect("T-TRADE cell");
    assert_eq!(trade.status, lexgap::coverage::CellStatus::Covered);
    assert_eq!(
        trade.evidence.first().map(|e| e.applies_to.clone()),
        Some(vec!["X/criminal-code@2020-01-01/art-30".to_string()])
    );
}

#[test]
fn closed_list_liability_of_legal_persons_covers_only_the_listed() {
    let (_, cov) = analyse("legal-persons", "X", "2024-01-01");
    let o = obligation(&cov, "T-LEGAL");
    assert_eq!(counts(o), (Status::Partial, 1, 0, 2));
    assert_eq!(
        missing(o),
        [
            "liability of legal persons, for unlicensed trade across borders (T-TRADE): not provided — criminal-code art-20 is not in the closed list of legal-persons-law art-1"
        ]
    );
}

#[test]
fn an_override_with_justification_is_kept_beside_the_computed_status() {
    let (_, cov) = analyse("override", "X", "2024-01-01");
    let o = obligation(&cov, "T-MAKE");
    assert_eq!(o.status, Status::Full);
    assert_eq!(o.computed_status, Status::Partial);
    assert!(!o.gap);
    assert_eq!(
        missing(o),
        ["assembly: no offence"],
        "the computed gaps stay visible"
    );
    let a = o.assessment.as_ref().expect("assessment");
    assert_eq!(
        (a.author.as_str(), a.date.to_string().as_str(), a.stale),
        ("Test Expert", "2021-03-01", false)
    );
    assert!(a.justification.starts_with("Courts read"));
}

#[test]
fn an_override_without_justification_is_an_error() {
    let (loaded, model, diags) = fixture("override-unjustified");
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = errors.first().expect("one error");
    assert_eq!(d.code.id, "E0604");
    let file = d.file.and_then(|f| loaded.sources.get(f)).expect("located");
    assert_eq!(file.path, "codes/X/assessments.yaml");
    assert!(
        model.assessments.is_empty(),
        "the unjustified override is not applied"
    );
    let law = model
        .corpus
        .law_at(&model.instrument, "X", date("2024-01-01"))
        .expect("X");
    let cov = coverage::analyze(&model.instrument, &law, None, &model.assessments_for("X"));
    assert_eq!(obligation(&cov, "T-MAKE").status, Status::Partial);
}

#[test]
fn not_applicable_when_the_law_names_deactivated_weapons() {
    let (_, x) = analyse("not-applicable", "X", "2024-01-01");
    let o = obligation(&x, "T-DEACT");
    assert_eq!(counts(o), (Status::NotApplicable, 0, 0, 0));
    assert!(!o.gap);
    assert!(
        o.not_applicable
            .as_deref()
            .unwrap_or("")
            .starts_with("X/criminal-code@2020-01-01/art-1 makes deactivated weapons")
    );
    assert_eq!(x.summary.not_applicable, 1);
    let (_, y) = analyse("not-applicable", "Y", "2024-01-01");
    assert_eq!(counts(obligation(&y, "T-DEACT")), (Status::None, 0, 0, 1));
    // A smuggling offence on "goods" reaches deactivated weapons as goods, but does not make the
    // obligation inapplicable: that needs the law to name them.
    let (_, n) = analyse("narrowing", "X", "2024-01-01");
    assert_eq!(obligation(&n, "T-DEACT").status, Status::None);
}

#[test]
fn shall_consider_is_never_a_gap_and_thresholds_apply_to_measures() {
    let (_, cov) = analyse("shall-consider", "X", "2024-01-01");
    let o = obligation(&cov, "T-BROKER");
    assert_eq!(counts(o), (Status::None, 0, 0, 1));
    assert_eq!(o.status_label, "not adopted");
    assert!(!o.gap);
    assert!(!missing(o).is_empty());
    // Records kept 5 years where 10 are required: partly.
    let r = obligation(&cov, "T-RECORDS");
    assert_eq!(counts(r), (Status::Partial, 0, 1, 1));
    assert_eq!(
        missing(r),
        ["record keeping: only in part — weapons-law art-30: records kept 5y, less than 10y"]
    );
    assert_eq!(
        cov.summary.mandatory, 9,
        "the shall-consider and advisory obligations are not counted"
    );
    assert_eq!(
        cov.summary.line,
        "mandatory obligations fully met: 0 of 9 (1 partly, 8 not met)"
    );
}

#[test]
fn narrowing_elements_and_partly_met_values() {
    let (_, cov) = analyse("narrowing", "X", "2024-01-01");
    let o = obligation(&cov, "T-TRADE");
    assert_eq!(counts(o), (Status::Partial, 0, 2, 2));
    assert_eq!(
        missing(o),
        [
            "import: offence only partly covered — criminal-code art-50/para-1 requires for gain; criminal-code art-50/para-2 requires a group or a large quantity (and 1 more)",
            "sale: offence only partly covered — criminal-code art-50/para-1 requires for gain",
        ]
    );
    let import = o.cell_results.first().expect("cells");
    let reasons: Vec<(&str, &str)> = import
        .evidence
        .iter()
        .flat_map(|e| {
            e.shortfalls
                .iter()
                .map(move |s| (e.address.as_str(), s.text.as_str()))
        })
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "X/criminal-code@2020-01-01/art-50/para-1",
                "criminal-code art-50/para-1 requires for gain"
            ),
            (
                "X/criminal-code@2020-01-01/art-50/para-2",
                "criminal-code art-50/para-2 requires a group or a large quantity"
            ),
            (
                "X/criminal-code@2020-01-01/art-60",
                "criminal-code art-60 reaches without a licence only in part, through evading customs"
            ),
        ],
        "cross-border is part of the obligation and never narrows it"
    );
    // Independence from extra elements: art 50(2) may be committed without a group (a large
    // quantity suffices), so import is reached; sale only by the for-gain offence.
    let indep = obligation(&cov, "T-INDEP");
    assert_eq!(
        missing(indep),
        [
            "unlicensed making (T-MAKE): no offence in force covers T-MAKE (unlicensed making), so there is nothing to apply it to",
            "unlicensed trade across borders (T-TRADE): only in part — criminal-code art-50/para-1 requires for gain",
        ]
    );
}

#[test]
fn a_sub_jurisdiction_is_analysed_with_its_parent() {
    let (_, cov) = analyse("narrowing", "X-SUB", "2024-01-01");
    assert_eq!(cov.analysed_with, ["X-SUB", "X"]);
    assert_eq!(counts(obligation(&cov, "T-MAKE")), (Status::Full, 4, 0, 4));
    // X-SUB has no attempt rule of its own: the parent's governs (max 5y reaches art 100).
    assert_eq!(
        counts(obligation(&cov, "T-ATTEMPT")),
        (Status::Full, 1, 0, 1)
    );
    assert_eq!(
        missing(obligation(&cov, "T-AID")),
        [
            "facilitating, for unlicensed making (T-MAKE): only in part — criminal-code art-40 reaches facilitating only in part, through aiding"
        ]
    );
}

#[test]
fn invalid_tags_are_located_errors_with_hints() {
    let (loaded, _, diags) = fixture("invalid-tags");
    let mut found: Vec<(String, String, Option<String>)> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let file = d.file.and_then(|f| loaded.sources.get(f)).expect("located");
            let (line, col) = file.line_col(d.span.map_or(0, |s| s.start as usize));
            (
                d.code.id.to_string(),
                format!("{line}:{col}"),
                d.hint.clone(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "E0502".into(),
                "14:13".into(),
                Some("did you mean `manufacture`?".into())
            ),
            (
                "E0502".into(),
                "15:12".into(),
                Some("did you mean `weapon`?".into())
            ),
            (
                "E0503".into(),
                "15:19".into(),
                Some("move it to a `circumstance` line".into())
            ),
            (
                "E0504".into(),
                "13:16".into(),
                Some("did you mean article 1?".into())
            ),
            (
                "E0506".into(),
                "17:7".into(),
                Some("the acts encoded for X are: criminal-code".into())
            ),
        ]
    );
}

#[test]
fn unknown_offence_classes_are_located_errors_with_hints() {
    let (loaded, _, diags) = fixture("invalid-classes");
    let found: Vec<(String, String, Option<String>)> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let file = d.file.and_then(|f| loaded.sources.get(f)).expect("located");
            let (line, col) = file.line_col(d.span.map_or(0, |s| s.start as usize));
            (
                d.code.id.to_string(),
                format!("{line}:{col}"),
                d.hint.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "E0511".into(),
                "20:11".into(),
                Some("keep the class the code gives the offence".into())
            ),
            (
                "E0511".into(),
                "19:11".into(),
                Some("did you mean `misdemeanour`?".into())
            ),
            (
                "E0511".into(),
                "13:27".into(),
                Some("did you mean `crime`?".into())
            ),
        ]
    );
}

#[test]
fn a_term_in_the_acts_own_script_expands_like_any_other() {
    let (_, cov) = analyse("native-terms", "X", "2024-01-01");
    let make = obligation(&cov, "T-MAKE");
    assert_eq!(counts(make), (Status::Full, 4, 0, 4));
    let via = make
        .cell_results
        .first()
        .and_then(|c| c.evidence.first())
        .and_then(|e| e.matched.iter().find(|m| m.axis == "object"))
        .and_then(|m| m.via.clone())
        .expect("reached through the term");
    assert_eq!(via.term, "оружје");
    assert_eq!(via.defined_at, "X/criminal-code@2020-01-01/art-122");
}

#[test]
fn a_misspelt_term_in_another_script_gets_a_did_you_mean() {
    let (_, _, diags) = fixture("native-terms-invalid");
    let hints: Vec<(&str, Option<&str>)> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.id, d.hint.as_deref()))
        .collect();
    assert_eq!(hints, [("E0502", Some("did you mean `оружје`?"))]);
}

#[test]
fn coverage_by_interpretation_is_its_own_status_and_never_full() {
    use lexgap::coverage::CellStatus::{Covered, Interpreted, NotCovered};
    let (_, cov) = analyse("interpretation", "X", "2024-01-01");
    let make = obligation(&cov, "T-MAKE");
    let by_key: Vec<(&str, lexgap::coverage::CellStatus)> = make
        .cell_results
        .iter()
        .map(|c| (c.key.as_str(), c.status))
        .collect();
    assert_eq!(
        by_key,
        [
            ("manufacture × firearm × without-licence", Interpreted),
            ("manufacture × part-component × without-licence", Covered),
            ("assemble × firearm × without-licence", NotCovered),
            ("assemble × part-component × without-licence", Interpreted),
        ]
    );
    assert_eq!(make.cells.interpreted, 2);
    assert_eq!(make.cells.covered, 1);
    assert_eq!(
        missing(make),
        [
            "manufacturing; firearms: covered only by interpretation — criminal-code art-364 reaches without a licence only by interpretation: contrary to the law read as including without a licence, by the instrument model: The law on weapons requires a licence, so unlicensed conduct is contrary to it (source: Test guide)",
            "firearms: no offence of assembly",
            "assembly; parts and components: covered only by interpretation — criminal-code art-396 reaches assembly only by interpretation: manufacturing read as including assembly, as recorded at criminal-code art-396 (source: Commentary to the Criminal Code (test), Art. 396 note 2)",
        ]
    );
    // Every cell covered, one only by interpretation: partial, never full.
    let trade = obligation(&cov, "T-TRADE");
    assert_eq!(trade.cells.interpreted, 1);
    assert_ne!(trade.status, Status::Full);
}

#[test]
fn a_reading_of_a_narrowed_value_stays_narrowed() {
    use lexgap::coverage::CellStatus::Partly;
    let (_, cov) = analyse("interpretation-limits", "X", "2024-01-01");
    let make = obligation(&cov, "T-MAKE");
    let assembly = make
        .cell_results
        .iter()
        .find(|c| c.key == "assemble × firearm × without-licence")
        .expect("cell");
    assert_eq!(
        assembly.status, Partly,
        "never better than the line it reads"
    );
    let texts: Vec<&str> = assembly
        .evidence
        .iter()
        .flat_map(|e| e.shortfalls.iter().map(|s| s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            "criminal-code art-5 requires \"in a workshop\" for assembly",
            "criminal-code art-5 reaches assembly only by interpretation: manufacturing read as including assembly, as recorded at criminal-code art-5 (source: Test commentary on Art. 5)",
        ]
    );
}

#[test]
fn no_panic_on_empty_or_unknown_input() {
    // No laws at all: every obligation is analysed and none is met.
    let (_, model, _) = fixture("does-not-exist");
    assert!(
        model
            .corpus
            .law_at(&model.instrument, "X", date("2024-01-01"))
            .is_none()
    );
    let analysis = coverage::analyze_all(&model, &["X".to_string()], date("2024-01-01"));
    assert!(analysis.jurisdictions.is_empty());
}

fn explain(fixture_name: &str, obligation_id: &str, j: Option<&str>) -> String {
    let (model, cov) = analyse(fixture_name, j.unwrap_or("X"), "2024-01-01");
    let o = model
        .instrument
        .obligation(obligation_id)
        .expect("obligation");
    match j {
        Some(_) => {
            let oc = obligation(&cov, obligation_id);
            render::explain_text(&model.instrument, o, Some((&cov, oc)))
        }
        None => render::explain_text(&model.instrument, o, None),
    }
}

#[test]
fn explain_snapshots() {
    insta::assert_snapshot!(
        "explain_requirement",
        explain("cell-product", "T-MAKE", None)
    );
    insta::assert_snapshot!(
        "explain_cell_product",
        explain("cell-product", "T-MAKE", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_definition",
        explain("definitions", "T-MAKE", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_attempt",
        explain("attempt", "T-ATTEMPT", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_legal_persons",
        explain("legal-persons", "T-LEGAL", Some("X"))
    );
    insta::assert_snapshot!("explain_override", explain("override", "T-MAKE", Some("X")));
    insta::assert_snapshot!(
        "explain_not_applicable",
        explain("not-applicable", "T-DEACT", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_narrowing",
        explain("narrowing", "T-TRADE", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_line_limits",
        explain("limits", "T-MAKE", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_interpretation",
        explain("interpretation", "T-MAKE", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_offence_classes",
        explain("classes", "T-ATTEMPT", Some("X"))
    );
    insta::assert_snapshot!(
        "explain_words_and_line_limits",
        explain("limits", "T-TRADE", Some("X"))
    );
}

#[test]
fn an_element_in_words_always_narrows_and_is_shown_verbatim() {
    let (_, cov) = analyse("limits", "X", "2024-01-01");
    // Art 40 sells parts "in a dwelling": T-TRADE asks for firearms only, so look at T-INDEP,
    // whose test rules out extra elements: words cannot be told apart from those.
    let indep = obligation(&cov, "T-INDEP");
    assert_eq!(indep.status, Status::Partial);
    let trade = obligation(&cov, "T-TRADE");
    let import = trade.cell_results.first().expect("cells");
    assert_eq!(import.key, "import × firearm × without-licence");
    assert_eq!(import.status, lexgap::coverage::CellStatus::Partly);
    let texts: Vec<&str> = import
        .evidence
        .iter()
        .flat_map(|e| e.shortfalls.iter().map(|s| s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        ["criminal-code art-30 requires \"repeatedly\" for import"],
        "the least narrowed of the two import lines counts"
    );
}

#[test]
fn a_line_limit_narrows_only_the_cells_of_its_own_values() {
    let (_, cov) = analyse("limits", "X", "2024-01-01");
    let make = obligation(&cov, "T-MAKE");
    let by_key: Vec<(&str, lexgap::coverage::CellStatus)> = make
        .cell_results
        .iter()
        .map(|c| (c.key.as_str(), c.status))
        .collect();
    use lexgap::coverage::CellStatus::{Covered, Partly};
    assert_eq!(
        by_key,
        [
            ("manufacture × firearm × without-licence", Covered),
            ("manufacture × part-component × without-licence", Partly),
            ("assemble × firearm × without-licence", Partly),
            ("assemble × part-component × without-licence", Partly),
        ]
    );
    // One unit states it once: art 20(1) appears once among the provisions.
    let art20: Vec<&String> = make
        .provisions
        .iter()
        .filter(|a| a.ends_with("art-20/para-1"))
        .collect();
    assert_eq!(art20.len(), 1);
    // A value on a line with no limit is not narrowed by another line naming it.
    let trade = obligation(&cov, "T-TRADE");
    let sale = trade.cell_results.get(1).expect("sale cell");
    assert_eq!(sale.key, "sell × firearm × without-licence");
    assert_eq!(sale.status, Covered);
}

#[test]
fn a_qualified_form_carries_the_line_limits_of_the_facets_it_inherits() {
    let (model, _) = analyse("limits", "X", "2024-01-01");
    let law = model
        .corpus
        .law_at(&model.instrument, "X", date("2024-01-01"))
        .expect("law");
    let para2 = law
        .provisions
        .iter()
        .find(|p| p.address.ends_with("art-20/para-2"))
        .expect("aggravated form");
    let conduct = para2.facets.get("conduct").expect("conduct inherited");
    assert!(conduct.inherited);
    assert!(
        conduct.limit_of("assemble").is_some(),
        "the limit on assembly is inherited"
    );
    assert!(conduct.limit_of("manufacture").is_none());
    let object = para2.facets.get("object").expect("object restated");
    assert!(!object.inherited);
    assert!(
        object.limit_of("part-component").is_none(),
        "restating the facet replaces its limits"
    );
}

#[test]
fn not_assessed_when_the_act_where_such_provisions_live_is_not_encoded() {
    // cell-product encodes only a criminal code: marking duties live in a weapons law.
    let (_, cov) = analyse("cell-product", "X", "2024-01-01");
    let o = obligation(&cov, "T-MARK");
    assert_eq!(o.status, Status::NotAssessed);
    assert!(!o.gap, "not assessed is not reported as a gap");
    assert_eq!(
        o.not_assessed.as_deref(),
        Some(
            "no weapons law of X in force on 2024-01-01 is encoded; provisions meeting this obligation are normally found there"
        )
    );
    assert!(
        cov.summary.line.ends_with("1 not assessed)"),
        "{}",
        cov.summary.line
    );

    // shall-consider encodes a weapons law without a marking duty: now it is a real gap.
    let (_, cov) = analyse("shall-consider", "X", "2024-01-01");
    let o = obligation(&cov, "T-MARK");
    assert_eq!(o.status, Status::None);
    assert!(o.gap);
    assert_eq!(o.not_assessed, None);
}

#[test]
fn trafficking_movement_is_no_extra_element_for_independence() {
    // Art 20 demands a cross-border movement, which the trafficking obligation itself contains
    // (`fixed: {requires: [cross-border]}`): it covers T-TRADE fully, and the independence
    // test (`without: [cross-border, …]`) must not count that movement as an extra element.
    let (_, cov) = analyse("trafficking-inherent", "X", "2024-01-01");
    assert_eq!(counts(obligation(&cov, "T-TRADE")), (Status::Full, 2, 0, 2));
    let indep = obligation(&cov, "T-INDEP");
    assert_eq!(
        counts(indep),
        (Status::Full, 2, 0, 2),
        "{:?}",
        missing(indep)
    );
}

/// A fixture's codes/ analysed against the bundled protocol (the real instrument).
fn analyse_with_bundled_protocol(name: &str, j: &str, at: &str) -> JurisdictionCoverage {
    let (bundled, errors) = lexgap::workspace::Workspace::bundled().input_files();
    assert!(errors.is_empty(), "{errors:?}");
    let mut files: Vec<InputFile> = bundled
        .into_iter()
        .filter(|f| f.rel.starts_with("protocol/"))
        .collect();
    let mut errors = Vec::new();
    let ws = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(name);
    read_tree(&ws, &ws.join("codes"), &mut files, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let loaded = load(files);
    let (model, diags) = Model::build(&loaded);
    let errors: Vec<String> = diags
        .iter()
        .chain(&loaded.diagnostics)
        .filter(|d| d.is_error())
        .map(|d| lexgap::diagnostic::render(d, &loaded.sources, Default::default()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let law = model
        .corpus
        .law_at(&model.instrument, j, date(at))
        .expect("jurisdiction exists");
    coverage::analyze(&model.instrument, &law, None, &model.assessments_for(j))
}

#[test]
fn closed_list_naming_every_firearms_offence_meets_legal_person_sanctions() {
    // X's closed list names both firearms offences: monetary sanctions on legal persons reach
    // every offence the instrument relies on. Y's names art 10 only, and the shortfall says
    // which offence is left out.
    let x = analyse_with_bundled_protocol("closed-list", "X", "2024-01-01");
    let o = obligation(&x, "UNTOC-10.4");
    assert_eq!(counts(o), (Status::Full, 1, 0, 1), "{:?}", missing(o));
    let y = analyse_with_bundled_protocol("closed-list", "Y", "2024-01-01");
    let o = obligation(&y, "UNTOC-10.4");
    assert_eq!(counts(o), (Status::Partial, 0, 1, 1));
    let [m] = missing(o)[..] else {
        panic!("one missing block: {:?}", missing(o))
    };
    assert!(m.contains("not to criminal-code art-20"), "{m}");
    assert!(!m.contains("art-10,"), "{m}");
}

#[test]
fn declared_act_not_encoded_makes_what_it_may_meet_not_assessed() {
    // S-E declares its own criminal code in jurisdiction.yaml, but no version is encoded: what
    // the state code S covers is shown, and obligations that look in a criminal code and are not
    // fully met are not assessed, naming the act. S declares a legal-persons law it does not
    // encode: sanctions on legal persons (not met by the code) are not assessed either.
    let e = analyse_with_bundled_protocol("declared-not-encoded", "S-E", "2024-01-01");
    let o = obligation(&e, "FP-5.1.a");
    assert_eq!(
        counts(o),
        (Status::NotAssessed, 1, 0, 14),
        "{:?}",
        missing(o)
    );
    let why = o.not_assessed.as_deref().unwrap_or_default();
    assert!(
        why.contains("the Criminal Code of Entity E (S-E/criminal-code) is not encoded"),
        "{why}"
    );
    assert!(
        why.contains("what the encoded law covers is shown"),
        "{why}"
    );
    assert!(
        !o.missing.is_empty(),
        "the partial coverage stays as evidence"
    );
    assert!(!o.gap, "not assessed is not a gap");
    // Fully met by what is encoded: the missing act cannot change that.
    let o = obligation(&e, "UNTOC-15.1");
    assert_eq!(counts(o), (Status::Full, 2, 0, 2));
    assert_eq!(o.not_assessed, None);
    let o = obligation(&e, "UNTOC-10.4");
    assert_eq!(o.status, Status::NotAssessed);
    let why = o.not_assessed.as_deref().unwrap_or_default();
    assert!(
        why.contains("Law on Liability of Legal Persons of S"),
        "{why}"
    );
    assert!(why.contains("Criminal Code of Entity E"), "{why}");

    // S itself: its own code is encoded; only its legal-persons law is missing, and only the
    // obligations that look in a legal-persons law are affected.
    let s = analyse_with_bundled_protocol("declared-not-encoded", "S", "2024-01-01");
    assert_eq!(obligation(&s, "FP-5.1.a").status, Status::Partial);
    let o = obligation(&s, "UNTOC-10.4");
    assert_eq!(o.status, Status::NotAssessed);
    let why = o.not_assessed.as_deref().unwrap_or_default();
    assert!(
        why.contains(
            "the Law on Liability of Legal Persons of S (S/legal-persons-law) is not encoded"
        ),
        "{why}"
    );
    assert!(!why.contains("Entity E"), "{why}");

    // Before the code's first version, the code is not encoded for that date.
    let s = analyse_with_bundled_protocol("declared-not-encoded", "S", "2019-06-01");
    let o = obligation(&s, "FP-5.1.a");
    assert_eq!(o.status, Status::NotAssessed);
    let why = o.not_assessed.as_deref().unwrap_or_default();
    assert!(
        why.contains("the Criminal Code of S (S/criminal-code) is not encoded for 2019-06-01"),
        "{why}"
    );
}

#[test]
fn general_part_rule_counts_only_for_the_offences_of_its_level() {
    // F's code confiscates proceeds for offences of F's law; the entity F-E's own code
    // confiscates only instrumentalities for its own offences (art 20). Proceeds of F-E's
    // firearms offence are not reached by F's rule: partly met, naming F-E's offence.
    let e = analyse_with_bundled_protocol("federal-levels", "F-E", "2024-01-01");
    let o = obligation(&e, "UNTOC-12.1");
    assert_eq!(counts(o), (Status::Partial, 1, 2, 3), "{:?}", missing(o));
    let text = missing(o).join("\n");
    assert!(text.contains("F-E"), "{text}");
    assert!(text.contains("art-20"), "{text}");
    // F-E has no jurisdiction rule of its own: F's governs F's offences only, so territorial
    // jurisdiction over F-E's firearms offence is a shortfall that names F-E.
    let o = obligation(&e, "UNTOC-15.1");
    assert_eq!(counts(o), (Status::Partial, 0, 2, 2), "{:?}", missing(o));
    let text = missing(o).join("\n");
    assert!(
        text.contains("no `rule jurisdiction` covering territory governs the offences of F-E (criminal-code art-20)"),
        "{text}"
    );
    // F alone is a unitary state: its rule reaches all its offences.
    let f = analyse_with_bundled_protocol("federal-levels", "F", "2024-01-01");
    assert_eq!(
        counts(obligation(&f, "UNTOC-12.1")),
        (Status::Full, 3, 0, 3)
    );
}

#[test]
fn closed_list_covers_a_cell_only_as_far_as_listed_offences_cover_it() {
    // Legal-person liability is limited to arts 20 and 30. Art 20 (weapons meant for a crime)
    // reaches unlicensed manufacture of firearms only in part; art 10, which covers it fully, is
    // not listed: liability reaches the FP-5.1.a cell only in part, and the explanation names
    // art 10.
    let x = analyse_with_bundled_protocol("closed-list-reach", "X", "2024-01-01");
    let o = obligation(&x, "UNTOC-10.1");
    assert_eq!(counts(o), (Status::Partial, 1, 1, 3), "{:?}", missing(o));
    let text = missing(o).join("\n");
    assert!(
        text.contains("illicit manufacturing (FP-5.1.a): only in part"),
        "{text}"
    );
    assert!(
        text.contains("criminal-code art-10 is not in the closed list"),
        "{text}"
    );
    // Consistent with the sanctions test of the same list (UNTOC-10.4).
    let o = obligation(&x, "UNTOC-10.4");
    assert_eq!(o.status, Status::Partial);
    assert!(missing(o).join("\n").contains("art-10"), "{:?}", missing(o));
}

#[test]
fn unknown_tag_value_makes_a_cell_unknown_not_a_gap() {
    // Art 20's conduct is `?`: it could reach the ammunition cells of FP-5.1.a. They are
    // unknown, not missing, and the obligation, not fully met by what is known, is not
    // assessed, naming art 20.
    let x = analyse_with_bundled_protocol("unknown-value", "X", "2024-01-01");
    let o = obligation(&x, "FP-5.1.a");
    assert_eq!(o.status, Status::NotAssessed, "{:?}", missing(o));
    assert_eq!((o.cells.covered, o.cells.partly, o.cells.total), (4, 0, 14));
    let why = o.not_assessed.as_deref().unwrap_or_default();
    assert!(why.contains("criminal-code art-20"), "{why}");
    assert!(why.contains("conduct ?"), "{why}");
    let unknown: Vec<&str> = o
        .missing
        .iter()
        .filter(|m| m.status == coverage::CellStatus::Unknown)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", missing(o));
    assert!(
        unknown[0].starts_with("ammunition: not known"),
        "{}",
        unknown[0]
    );
    assert!(unknown[0].contains("art-20"), "{}", unknown[0]);
    let cell = o
        .cell_results
        .iter()
        .find(|c| c.key == "manufacture × ammunition × without-licence")
        .expect("cell");
    assert_eq!(cell.status, coverage::CellStatus::Unknown);
    // The offence of art 20 is limited to ammunition: firearms cells it cannot reach stay gaps.
    assert!(
        o.missing
            .iter()
            .any(|m| m.status == coverage::CellStatus::NotCovered),
        "{:?}",
        missing(o)
    );
}

#[test]
fn unknown_cells_are_shown_with_the_unit_in_explain_and_analyze() {
    // The binary on the unknown-value fixture: explain marks the cells `[unknown]` with the
    // provision's address and its `?`; analyze says why the obligation is not assessed and
    // still lists what is missing.
    let ws = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("unknown-value");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lexgap"))
            .arg("--workspace")
            .arg(&ws)
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run(&["explain", "FP-5.1.a", "--in", "X", "--at", "2024-01-01"]);
    assert!(
        text.contains("[unknown] manufacturing × ammunition × without a licence"),
        "{text}"
    );
    assert!(
        text.contains("by X/criminal-code@2020-01-01/art-20"),
        "{text}"
    );
    assert!(
        text.contains("not known: criminal-code art-20 could reach it"),
        "{text}"
    );
    let text = run(&["analyze", "X", "--at", "2024-01-01"]);
    assert!(
        text.contains("not assessed: whether it is met depends on what is not known"),
        "{text}"
    );
    assert!(
        text.contains("ammunition: not known whether an offence"),
        "{text}"
    );
}

#[test]
fn declared_act_not_encoded_is_not_assessed_with_its_reason_in_the_regional_matrix() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("declared-not-encoded");
    let dir = std::env::temp_dir().join(format!("lexgap-declared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("regional.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lexgap"))
        .arg("--workspace")
        .arg(&ws)
        .args(["report", "regional", "--at", "2024-01-01", "--output"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = std::fs::read_to_string(&file).expect("report written");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        html.contains(
            "UNTOC-10.4: Not assessed (law not encoded or not known) (0/1) — the Law on Liability of Legal Persons of S (S/legal-persons-law) is not encoded for 2024-01-01"
        ),
        "the matrix cell's title gives the reason"
    );
}

#[test]
fn a_definition_that_leaves_out_a_value_is_named_with_its_address() {
    // "weapon" = firearm, ammunition (art 1): the offence on weapons (art 2) misses parts. The
    // missing text, explain and the obligation's definitions say which definition excludes
    // what (it said "no offence" and never named art 1).
    let (_, cov) = analyse("definitions", "X", "2024-01-01");
    let o = obligation(&cov, "T-MAKE");
    assert_eq!(o.definitions, ["X/criminal-code@2020-01-01/art-1"]);
    let [m] = missing(o)[..] else {
        panic!("{:?}", missing(o))
    };
    assert!(
        m.contains(
            "`weapon` as criminal-code art-1 defines it, which leaves out parts and components"
        ),
        "{m}"
    );
    let text = explain("definitions", "T-MAKE", Some("X"));
    assert!(
        text.contains("`weapon` as criminal-code art-1 defines it leaves it out"),
        "{text}"
    );
}

#[test]
fn preventive_obligations_are_analysed_datum_by_datum_and_narrowed_where_the_law_narrows() {
    let p = analyse_with_bundled_protocol("preventive", "P", "2024-01-01");
    // FP-7: one cell per datum of Art 7(a)-(b), each asking for ten years; records kept five
    // years reach four data, each only in part, and the shortfall names the retention.
    let o = obligation(&p, "FP-7");
    assert_eq!(counts(o), (Status::Partial, 0, 4, 8), "{:?}", missing(o));
    let m = missing(o).join("\n");
    assert!(m.contains("records kept 5y, less than 10y"), "{m}");
    assert!(m.contains("markings"), "{m}");
    // FP-8.1.a: the mark omits the country of manufacture, and the marking law is declared but
    // not encoded: not assessed, with the two data the weapons law covers shown.
    let o = obligation(&p, "FP-8.1.a");
    assert_eq!(
        counts(o),
        (Status::NotAssessed, 2, 0, 3),
        "{:?}",
        missing(o)
    );
    let country = o
        .cell_results
        .iter()
        .find(|c| c.values.iter().any(|(_, v)| v == "country-of-manufacture"))
        .expect("the country cell");
    let why = country.why_not.as_deref().unwrap_or("");
    assert!(why.contains("weapons-law art-10"), "{why}");
    // FP-11.a: security at manufacture is covered; at import, export and transit only where
    // the authority deems it necessary (a narrowing element in words on the measure).
    let o = obligation(&p, "FP-11.a");
    assert_eq!(counts(o), (Status::Partial, 1, 3, 4), "{:?}", missing(o));
    assert!(
        missing(o)
            .join("\n")
            .contains("\"where the authority deems it necessary\""),
        "{:?}",
        missing(o)
    );
    // FP-9: the three principles, one cell each.
    let o = obligation(&p, "FP-9");
    assert_eq!(counts(o), (Status::Full, 3, 0, 3), "{:?}", missing(o));
}

#[test]
fn the_alternative_symbol_code_meets_every_datum_of_the_mark_at_manufacture() {
    let p = analyse_with_bundled_protocol("preventive-symbol", "P", "2024-01-01");
    let o = obligation(&p, "FP-8.1.a");
    assert_eq!(counts(o), (Status::Full, 3, 0, 3), "{:?}", missing(o));
    // Records kept permanently meet the ten years: the markings cell is covered.
    let o = obligation(&p, "FP-7");
    assert_eq!(counts(o), (Status::Partial, 1, 0, 8), "{:?}", missing(o));
}
