//! `lexgap explain OBLIGATION [--in JURISDICTION] [--at DATE]`: an obligation in plain words and
//! its cells; with `--in`, for each cell the provision that covers it or why none does.

use clap::Args;

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, render_text, sort_diagnostics};
use crate::coverage::{self, render};
use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::model::Model;

pub const EXAMPLES: &str = "\
Examples:
  lexgap explain FP-5.1.a                 the obligation, its requirement and cells
  lexgap explain FP-5.1.a --in RS         cell by cell: which provision covers it, or why none
  lexgap explain UNTOC-10.1 --in BA-FBIH --at 2020-01-01

Exit codes: 0 ok, 1 the input is invalid (diagnostics on stderr), 2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The obligation id, e.g. FP-5.1.a or UNTOC-34.2.
    pub obligation: String,

    /// Show how this jurisdiction's law covers each cell.
    #[arg(long = "in", value_name = "JURISDICTION")]
    pub jurisdiction: Option<String>,

    /// The date of the law in force (YYYY-MM-DD). Default: the latest date any act version of
    /// the workspace takes effect.
    #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date)]
    pub at: Option<Date>,

    /// Language of the instrument model and of the sentences that explain a shortfall (see
    /// `analyze --lang`).
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::language::parse_lang)]
    pub lang: String,
}

/// Loads the workspace and builds the model. Errors in the input are printed to stderr; the
/// model is still returned (with what could be read) together with `true`.
/// The whole workspace's model, with the instrument model put into `lang`, whether the input
/// had errors (printed), and the workspace.
pub fn load_model_in(
    ctx: &Context,
    lang: &str,
) -> Result<(Model, bool, crate::workspace::Workspace), u8> {
    let ws = ctx.workspace().map_err(fail)?;
    let (files, read_errors) = ws.input_files();
    if !read_errors.is_empty() {
        for e in &read_errors {
            eprintln!("error: {e}");
        }
        return Err(EXIT_ERROR);
    }
    let mut loaded = ws.load(files);
    let (mut model, found) = Model::build(&loaded);
    loaded.diagnostics.extend(found);
    let bad_catalog =
        super::language::translate_for(&ws, &mut model.instrument, &loaded.sources, lang)
            .map_err(fail)?;
    let names = crate::report::adapt::act_names(lang, &model, &loaded);
    super::language::name_acts(&mut model.instrument, names);
    let invalid = report_errors(loaded) || bad_catalog;
    if model.instrument.obligations.is_empty() {
        eprintln!(
            "error: no obligations could be read from protocol/ in {}",
            ws.describe()
        );
        return Err(EXIT_FINDINGS);
    }
    Ok((model, invalid, ws))
}

/// Prints the errors among `loaded`'s diagnostics to stderr, sorted, with a closing line; says
/// whether there were any. Warnings are left to `lexgap check`.
pub fn report_errors(mut loaded: crate::workspace::Loaded) -> bool {
    loaded.diagnostics.retain(|d| d.is_error());
    sort_diagnostics(&mut loaded.diagnostics);
    let invalid = !loaded.diagnostics.is_empty();
    if invalid {
        eprint!(
            "{}",
            render_text(&loaded.diagnostics, &loaded.sources, false)
        );
        eprintln!(
            "error: the input has {} (run `lexgap check`); the analysis below uses what could be read",
            super::plural(loaded.diagnostics.len(), "error")
        );
    }
    invalid
}

pub fn unknown_jurisdiction(j: &str, known: &[&str]) -> String {
    let hint = match did_you_mean(j, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the jurisdictions are: {}", known.join(", ")),
    };
    format!("no jurisdiction `{j}` in the workspace; {hint}")
}

pub fn run(ctx: &Context, args: &ExplainArgs) -> u8 {
    let (model, invalid, ws) = match load_model_in(ctx, &args.lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let inst = &model.instrument;
    let Some(o) = inst.obligation(&args.obligation) else {
        if inst.any_obligation(&args.obligation) {
            return fail(format!(
                "`{}` is not measured under the {}: choose its instrument with --instrument",
                args.obligation,
                inst.describe()
            ));
        }
        let hint = match did_you_mean(&args.obligation, inst.obligation_ids()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the obligations are: {}",
                inst.obligation_ids().collect::<Vec<_>>().join(", ")
            ),
        };
        return fail(format!("no obligation `{}`; {hint}", args.obligation));
    };
    let text = match &args.jurisdiction {
        None => render::explain_text(inst, o, None),
        Some(j) => {
            let known = model.corpus.jurisdictions_with_law();
            let latest = model.corpus.versions.iter().map(|v| v.date).max();
            let at = args.at.unwrap_or_else(|| super::default_date(latest));
            let Some(law) = model.corpus.law_at(inst, j, at) else {
                return fail(unknown_jurisdiction(j, &known));
            };
            let name = model
                .corpus
                .jurisdictions
                .get(j)
                .and_then(|x| x.name.clone());
            let assessments = model.assessments_for(j);
            let coverage = coverage::analyze(inst, &law, name, &assessments);
            match coverage.obligations.iter().find(|x| x.id == o.id) {
                Some(oc) => render::explain_text(inst, o, Some((&coverage, oc))),
                None => render::explain_text(inst, o, None),
            }
        }
    };
    print!(
        "measured against: {}\n\n{}",
        inst.describe(),
        crate::diagnostic::visible_lines(&text)
    );
    if let Some(l) = super::language::legend(inst, &ws) {
        println!("\n{l}");
    }
    if invalid { EXIT_FINDINGS } else { EXIT_OK }
}
