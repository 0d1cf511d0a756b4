//! Stage 2 — model: the instrument and the law, typed and validated.
//!
//! - [`instrument`]: facets, values and obligations, loaded from `protocol/*.yaml` ([`load_instrument`]);
//! - [`law`]: one `.law` file lowered into an act version (addresses, offences, rules, definitions);
//! - [`corpus`]: every act version of every jurisdiction, checked across files;
//! - [`in_force`]: the law of a jurisdiction on a date, with definitions expanded and an index;
//! - [`assessment`]: expert overrides of computed statuses.
//!
//! Nothing here reads files: it works on [`crate::source::Sources`] and parsed trees.

pub mod assessment;
pub mod codes;
pub mod comparison;
pub mod corpus;
pub mod hash_slots;
pub mod in_force;
pub mod instrument;
pub mod law;
mod load;
pub mod sorted_map;
pub mod translation;
pub mod translit;
pub mod yaml;

pub use assessment::{Assessment, Status, load_assessments};
pub use corpus::{Corpus, Jurisdiction, LawInput, build_corpus, load_jurisdictions};
pub use in_force::{LawInForce, Provision};
pub use instrument::{Instrument, Obligation};
pub use load::{
    DEFAULT_INSTRUMENT, InstrumentChoice, LoadOptions, load_instrument, load_instrument_with,
    parse_duration,
};

use crate::diagnostic::Diagnostic;
use crate::workspace::Loaded;

/// Everything the analysis needs, built from a loaded workspace.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub instrument: Instrument,
    pub corpus: Corpus,
    pub assessments: Vec<Assessment>,
}

impl Model {
    /// Builds the model from what the workspace loaded: the instrument, then every law and
    /// jurisdiction against it, then the assessments. Returns every diagnostic found (the
    /// workspace's own are not repeated).
    pub fn build(loaded: &Loaded) -> (Model, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (instrument, d) =
            load_instrument_with(&loaded.sources, &loaded.instruments, &loaded.options);
        diags.extend(d);
        let (jurisdictions, d) = load_jurisdictions(&loaded.sources, &loaded.jurisdictions);
        diags.extend(d);
        diags.extend(corpus::check_instrument_ids(&jurisdictions, &instrument));
        let (assessments, d) = load_assessments(&loaded.sources, &loaded.assessments, &instrument);
        diags.extend(d);
        let (model, d) = Model::with_laws(instrument, jurisdictions, assessments, loaded, true);
        diags.extend(d);
        (model, diags)
    }

    /// The model of the laws `loaded` holds, against an instrument, jurisdictions and
    /// assessments read already: what [`Model::build`] does after reading the YAML files, and
    /// what streaming (`crate::stream`) does for one jurisdiction at a time. `check_parents`
    /// checks the jurisdictions' `parent:` fields (once per run is enough).
    pub fn with_laws(
        instrument: Instrument,
        jurisdictions: Vec<corpus::JurisdictionEntry>,
        assessments: Vec<Assessment>,
        loaded: &Loaded,
        check_parents: bool,
    ) -> (Model, Vec<Diagnostic>) {
        let laws: Vec<LawInput<'_>> = loaded
            .laws
            .iter()
            .map(|l| LawInput {
                file: l.file,
                law: &l.ast,
            })
            .collect();
        let found = corpus::build_corpus_with(&instrument, &laws, jurisdictions, check_parents);
        Model::assemble(instrument, assessments, loaded, found)
    }

    /// [`Model::with_laws`] for laws `loaded` holds that were lowered already, each by
    /// [`law::lower_law`] in the order of `loaded.laws` (see [`crate::workspace::load_with`]);
    /// `whole_history` as in [`corpus::build_corpus_lowered`].
    pub fn with_lowered(
        instrument: Instrument,
        jurisdictions: Vec<corpus::JurisdictionEntry>,
        assessments: Vec<Assessment>,
        loaded: &Loaded,
        lowered: Vec<(Option<law::ActVersion>, Vec<Diagnostic>)>,
        check_parents: bool,
        whole_history: bool,
    ) -> (Model, Vec<Diagnostic>) {
        let found = corpus::build_corpus_lowered(
            &instrument,
            lowered,
            jurisdictions,
            check_parents,
            whole_history,
        );
        Model::assemble(instrument, assessments, loaded, found)
    }

    /// The model from its corpus, with the corpus's diagnostics filtered as `loaded` requires.
    fn assemble(
        instrument: Instrument,
        assessments: Vec<Assessment>,
        loaded: &Loaded,
        (mut corpus, mut diags): (corpus::Corpus, Vec<Diagnostic>),
    ) -> (Model, Vec<Diagnostic>) {
        // What the parser could not read, per act version, for the analysis to say so.
        for v in &mut corpus.versions {
            let Some(src) = loaded.sources.get(v.file) else {
                continue;
            };
            for d in loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error() && d.code.id.starts_with("E01") && d.file == Some(v.file))
            {
                let Some(span) = d.span else { continue };
                let (line, _) = src.line_col(span.start as usize);
                let text = src.text.get(src.line_range(span)).unwrap_or("").trim();
                let text: String = text.chars().take(60).collect();
                v.unread
                    .push(format!("line {line} (`{text}`): {}", d.message));
            }
        }
        // In a file the parser could not read cleanly, a reference may dangle only because the
        // unit it names was lost to a syntax error: say nothing about references there (as
        // single-file lint says nothing about missing header fields).
        let unclean: std::collections::BTreeSet<crate::source::FileId> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.code.id.starts_with("E01"))
            .filter_map(|d| d.file)
            .collect();
        diags.retain(|d| {
            let about_references =
                d.code == codes::DANGLING_REFERENCE || d.code == codes::BAD_QUALIFICATION;
            !(about_references && d.file.is_some_and(|f| unclean.contains(&f)))
        });
        (
            Model {
                instrument,
                corpus,
                assessments,
            },
            diags,
        )
    }

    /// The assessments made for a jurisdiction.
    pub fn assessments_for(&self, jurisdiction: &str) -> Vec<&Assessment> {
        self.assessments
            .iter()
            .filter(|a| a.jurisdiction == jurisdiction)
            .collect()
    }
}

/// What `lexgap check` adds to single-file checks: the instrument's YAML, tag values against the
/// vocabulary and the acts' definitions, references across acts, jurisdiction parents and
/// assessments.
pub fn validate_workspace(loaded: &Loaded) -> Vec<Diagnostic> {
    Model::build(loaded).1
}

/// Test support: the bundled corpus modelled, and `f` called with each jurisdiction's law in
/// force on each of `days` (where it has one) — what the tests of a fast path compare against
/// its reference path on.
#[cfg(test)]
pub(crate) fn each_bundled_law(
    days: &[&str],
    mut f: impl FnMut(&Model, &str, crate::date::Date, &LawInForce),
) {
    let ws = crate::workspace::Workspace::bundled();
    let (files, errors) = ws.input_files();
    assert!(errors.is_empty(), "{errors:?}");
    let (model, _) = Model::build(&ws.load(files));
    for j in model.corpus.jurisdictions.keys() {
        for day in days {
            let at: crate::date::Date = day.parse().expect("a date");
            if let Some(law) = model.corpus.law_at(&model.instrument, j, at) {
                f(&model, j, at, &law);
            }
        }
    }
}
