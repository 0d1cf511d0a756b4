//! Reports: the gap analysis of one jurisdiction, the amendment review of a bill, and the
//! regional comparison — as HTML, Markdown, CSV, JSON, Word or Excel, in five languages.
//!
//! The stage is split so that each part can change alone:
//! - `view`: serde view models, the only thing templates and JSON see;
//! - `adapt`: fills the view models from the model, coverage and amendment results;
//! - `templates`: the template set (bundled, overridable by name) and the tera environments;
//! - `locale`: message catalogs with English fallback;
//! - `chart`: the KPI trend's SVG geometry; `csv`: the spreadsheet form.
//! - `docx`, `xlsx`: the Word and Excel forms, written from the view models in Rust.
//!
//! Rendering is a pure function of the view model, the templates and the language: no clock,
//! no hash order, no I/O. The CLI reads template folders and writes files.

use std::cell::OnceCell;

use sha2::Digest as _;

pub mod adapt;
pub mod chart;
pub mod comparative;
pub mod csv;
pub mod docx;
pub mod locale;
pub mod several;
pub mod templates;
pub mod view;
pub mod xlsx;

pub use templates::{Flavour, Templates};
pub use view::Report;

/// A report could not be made: a template that does not parse or render, a broken catalog, a
/// refused template name. The message is complete — tera's cause chain, the template line —
/// and is shown as is (exit code 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    pub message: String,
}

impl ReportError {
    pub fn new(message: impl Into<String>) -> ReportError {
        ReportError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReportError {}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// One self-contained file: inline CSS, no scripts, no network, A4 print styles.
    Html,
    /// Markdown (CommonMark with pipe tables), for wikis and conversion to Word with pandoc.
    Md,
    /// One row per jurisdiction × obligation.
    Csv,
    /// The view model itself, as serde writes it.
    Json,
    /// A Word document (Office Open XML), written by `docx`.
    Docx,
    /// An Excel workbook, written by `xlsx`.
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Renders reports in one language from one template set. Tera environments are built on
/// first use, so a broken Markdown template does not stop an HTML report.
pub struct Renderer {
    templates: Templates,
    catalog: locale::Catalog,
    html: OnceCell<Result<tera::Tera, ReportError>>,
    md: OnceCell<Result<tera::Tera, ReportError>>,
}

impl Renderer {
    /// A renderer for `lang`, whose catalog is `locales/<lang>.yaml` over `locales/en.yaml`.
    pub fn new(templates: Templates, lang: &str) -> Result<Renderer, ReportError> {
        let read = |l: &str| -> Result<std::collections::BTreeMap<String, String>, ReportError> {
            let name = locale::catalog_name(l);
            match templates.get(&name) {
                None => Ok(Default::default()),
                Some(f) => locale::parse(&f.text).map_err(|e| {
                    ReportError::new(format!("the catalog {} does not parse: {e}", f.origin))
                }),
            }
        };
        let english = read("en")?;
        if english.is_empty() {
            return Err(ReportError::new(
                "no English catalog (locales/en.yaml): every other language falls back to it",
            ));
        }
        let own = if lang == "en" {
            english.clone()
        } else {
            if templates.get(&locale::catalog_name(lang)).is_none() {
                return Err(ReportError::new(format!(
                    "no catalog for language `{lang}` (locales/{lang}.yaml); lexgap ships {}",
                    locale::LANGUAGES.join(", ")
                )));
            }
            read(lang)?
        };
        let catalog = locale::Catalog::merge(lang, &english, &own);
        Ok(Renderer {
            templates,
            catalog,
            html: OnceCell::new(),
            md: OnceCell::new(),
        })
    }

    pub fn catalog(&self) -> &locale::Catalog {
        &self.catalog
    }

    /// The report in `format`, as the bytes to write.
    pub fn render(&self, report: &Report, format: Format) -> Result<Vec<u8>, ReportError> {
        match format {
            Format::Json => {
                let mut out = serde_json::to_vec_pretty(report)
                    .map_err(|e| ReportError::new(format!("cannot write JSON: {e}")))?;
                out.push(b'\n');
                Ok(out)
            }
            Format::Csv => Ok(csv::write(report, &self.catalog).into_bytes()),
            Format::Docx => docx::write(report, &self.catalog),
            Format::Xlsx => xlsx::write(report, &self.catalog),
            Format::Html => self.render_template(report, Flavour::Html, "html"),
            Format::Md => self.render_template(report, Flavour::Markdown, "md"),
        }
    }

    fn render_template(
        &self,
        report: &Report,
        flavour: Flavour,
        ext: &str,
    ) -> Result<Vec<u8>, ReportError> {
        let cell = match flavour {
            Flavour::Html => &self.html,
            Flavour::Markdown => &self.md,
        };
        let tera = cell
            .get_or_init(|| self.templates.environment(flavour))
            .as_ref()
            .map_err(Clone::clone)?;
        let name = format!("{}/report.{ext}", report.kind());
        if !tera.contains_template(&name) {
            return Err(ReportError::new(format!(
                "no template `{name}` (bundled or in the template folders)"
            )));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("report", report);
        ctx.insert("t", &self.catalog.tree());
        ctx.insert("lang", &self.catalog.lang);
        ctx.insert(
            "statuses",
            &view::Status::ALL.iter().map(|s| s.id()).collect::<Vec<_>>(),
        );
        tera.render(&name, &ctx)
            .map(String::into_bytes)
            .map_err(|e| {
                self.templates
                    .tera_error(&format!("cannot render {name}"), &e)
            })
    }
}

/// `lexgap check` for the report catalogs: each language's catalog (the workspace's
/// `templates/locales/<lang>.yaml`, else the bundled one) against the English one. Findings are
/// added to `loaded`, located in the catalog's file.
pub fn check_catalogs(ws: &crate::workspace::Workspace, loaded: &mut crate::workspace::Loaded) {
    add_catalog_problems(catalog_problems(ws), loaded);
}

/// What [`check_catalogs`] finds, before it is added to a load: each problem with the path and
/// text of its catalog. It depends on the templates alone (the language server computes it
/// once per read of the disk).
pub fn catalog_problems(
    ws: &crate::workspace::Workspace,
) -> Vec<(String, String, crate::diagnostic::Diagnostic)> {
    let read = |lang: &str| {
        ws.template(&locale::catalog_name(lang))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    locale::check(&read)
        .into_iter()
        .map(|(lang, d)| {
            let text = read(&lang).unwrap_or_default();
            (
                format!("templates/{}", locale::catalog_name(&lang)),
                text,
                d,
            )
        })
        .collect()
}

/// Adds problems found by [`catalog_problems`] to a load, each in a file of its own.
pub fn add_catalog_problems(
    problems: Vec<(String, String, crate::diagnostic::Diagnostic)>,
    loaded: &mut crate::workspace::Loaded,
) {
    for (path, text, d) in problems {
        let id = loaded
            .sources
            .add(crate::source::SourceFile::new(path, text));
        loaded.diagnostics.push(d.in_file(id));
    }
}

/// The provenance entry of one input file.
pub fn digest(path: &str, bytes: &[u8]) -> view::InputDigest {
    let hash = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in hash.iter() {
        hex.push_str(&format!("{b:02x}"));
    }
    view::InputDigest {
        path: path.to_string(),
        sha256: hex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            digest("x", b"abc").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
