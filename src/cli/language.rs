//! `--lang`: the instrument model in the reader's language (docs/translation.md), for every
//! command that shows it (`report`, `analyze`, `explain`, `vocabulary`).

use std::collections::BTreeMap;

use super::render_text;
use crate::diagnostic::Diagnostic;
use crate::model::instrument::Instrument;
use crate::model::translation::Translation;
use crate::report::locale::Catalog;
use crate::source::{FileId, Sources};
use crate::workspace::Workspace;

/// The shortfall phrases of a report catalog (`shortfall.*`).
pub fn phrases(catalog: &Catalog) -> BTreeMap<String, String> {
    catalog.with_prefix("shortfall.")
}

/// The catalog of `lang` as the workspace has it (its template folder, else the bundled one),
/// over English.
pub fn catalog(ws: &Workspace, lang: &str) -> Result<Catalog, String> {
    let read = |l: &str| -> Result<BTreeMap<String, String>, String> {
        match ws.template(&crate::report::locale::catalog_name(l)) {
            None => Ok(BTreeMap::new()),
            Some(b) => crate::report::locale::parse(&String::from_utf8_lossy(&b))
                .map_err(|e| format!("the catalog locales/{l}.yaml does not parse: {e}")),
        }
    };
    let english = read("en")?;
    let own = read(lang)?;
    Ok(Catalog::merge(lang, &english, &own))
}

/// Puts `instrument` into `lang` with the catalogs among `sources` and the phrases of
/// `catalog`. English leaves it as it is. Problems of the catalogs are printed on stderr;
/// returns true when one is an error.
pub fn translate(
    instrument: &mut Instrument,
    sources: &Sources,
    instrument_files: &[FileId],
    lang: &str,
    catalog: &Catalog,
) -> bool {
    if lang == "en" {
        return false;
    }
    let (t, diags) = Translation::load(sources, instrument_files, lang);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        eprint!("{}", render_text(&errors, sources, false));
        eprintln!(
            "error: the {lang} translation catalogs have {} (run `lexgap check --lang {lang}`); the rest is used",
            super::plural(errors.len(), "error")
        );
    }
    let (translated, _) = t.apply(instrument, phrases(catalog));
    *instrument = translated;
    !errors.is_empty()
}

/// Gives an instrument put into a language the titles of the acts its shortfall sentences cite
/// (`J/act` → title, [`crate::report::adapt::act_names`]); English is left as it is.
pub fn name_acts(instrument: &mut Instrument, names: BTreeMap<String, String>) {
    if let Some(language) = instrument.language.as_mut() {
        std::sync::Arc::make_mut(language).act_names = names;
    }
}

/// `--lang`'s value for `analyze`, `explain` and `vocabulary`: any BCP 47 tag (a workspace may
/// add a language), English by default.
pub fn parse_lang(s: &str) -> Result<String, String> {
    if s == "en" || crate::model::translation::is_language_tag(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a language tag: sq, mk, sr-Latn, sr-Cyrl, en, or the BCP 47 tag of a language the workspace translates into"
        ))
    }
}

/// Puts `instrument` into `lang` for a command that reads the workspace `ws`: the catalogs
/// among `sources`, the phrases of the workspace's report catalog. Returns true when a catalog
/// has an error (printed); a report catalog that does not parse is an error of the run.
pub fn translate_for(
    ws: &Workspace,
    instrument: &mut Instrument,
    sources: &Sources,
    lang: &str,
) -> Result<bool, String> {
    if lang == "en" {
        return Ok(false);
    }
    let catalog = catalog(ws, lang)?;
    let files = crate::model::translation::instrument_files(sources);
    Ok(translate(instrument, sources, &files, lang, &catalog))
}

/// The legend line printed under text output in another language when some strings fell back
/// to English; `None` when nothing did.
pub fn legend(instrument: &Instrument, ws: &Workspace) -> Option<String> {
    let l = instrument.language.as_deref()?;
    if l.coverage.fallback == 0 {
        return None;
    }
    let text = catalog(ws, &l.lang)
        .ok()
        .and_then(|c| c.lookup("translation.legend").map(str::to_string))
        .unwrap_or_default();
    Some(format!(
        "{text} ({} / {})",
        l.coverage.fallback,
        l.coverage.fallback + l.coverage.translated
    ))
}
