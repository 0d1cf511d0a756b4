//! `lexgap vocabulary [FACET] [--format text|json]`: the instrument's facets and their values,
//! with labels and explanations — what tag lines (`conduct`, `object`, `requires`, `rule`,
//! `covers`, `measure` …) may say.

use clap::{Args, ValueEnum};

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail};
use crate::coverage::render::{wrap, wrap_hanging};
use crate::diagnostic::did_you_mean;
use crate::model::instrument::{Facet, FacetRole};
use crate::stream::World;

pub const EXAMPLES: &str = "\
Examples:
  lexgap vocabulary                    every facet and its values
  lexgap vocabulary requires           the narrowing elements `requires` may name
  lexgap vocabulary conduct --format json

Exit codes: 0 ok, 1 the instrument is invalid (diagnostics on stderr), 2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct VocabularyArgs {
    /// Only this facet (`conduct`, `object`, `requires`, `rule` …).
    pub facet: Option<String>,

    /// Output format: text for people, or JSON.
    #[arg(long, value_enum, default_value_t = VocabularyFormat::Text)]
    pub format: VocabularyFormat,

    /// Language of the labels and explanations (see `analyze --lang`); the ids are the same in
    /// every language.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::language::parse_lang)]
    pub lang: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VocabularyFormat {
    Text,
    Json,
}

/// Where a facet's values are written in a `.law` file.
fn used_as(f: &Facet) -> String {
    match f.role {
        FacetRole::Element => {
            let blocks: Vec<&str> = f.used_in.iter().map(|b| b.keyword()).collect();
            format!("`{} V, …` in {} blocks", f.id, blocks.join(" and "))
        }
        // Also a condition on the case in a rule (`rule … when requires organised-group`).
        FacetRole::Narrowing => {
            let blocks: Vec<&str> = f.used_in.iter().map(|b| b.keyword()).collect();
            format!(
                "`{} V, …` in {} blocks, and `rule KIND … when {} V`",
                f.id,
                blocks.join(" and "),
                f.id
            )
        }
        FacetRole::RuleKind => "`rule KIND …` and `expressly KIND`".to_string(),
        FacetRole::RuleScope => "`rule KIND covers V, …`".to_string(),
        FacetRole::MeasureKind => "`measure KIND`".to_string(),
    }
}

#[derive(serde::Serialize)]
struct FacetJson<'a> {
    id: &'a str,
    label: &'a str,
    explanation: &'a str,
    role: FacetRole,
    used_as: String,
    values: Vec<ValueJson<'a>>,
}

#[derive(serde::Serialize)]
struct ValueJson<'a> {
    id: &'a str,
    label: &'a str,
    explanation: &'a str,
}

pub fn run(ctx: &Context, args: &VocabularyArgs) -> u8 {
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        Err(e) => return fail(e),
    };
    // The small files only: the instrument is all the vocabulary is.
    let mut world = match World::open(&ws) {
        Ok(w) => w,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            return EXIT_ERROR;
        }
    };
    let mut instrument = world.instrument.clone();
    let bad_catalog = match super::language::translate_for(
        &ws,
        &mut instrument,
        &world.base().sources,
        &args.lang,
    ) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    world.instrument = instrument;
    let invalid = super::explain::report_errors(world.finish_for(Vec::new(), &[])) || bad_catalog;
    let facets = &world.instrument.facets;
    let chosen: Vec<&Facet> = match &args.facet {
        None => facets.iter().collect(),
        Some(id) => match facets.iter().find(|f| &f.id == id) {
            Some(f) => vec![f],
            None => {
                let ids = facets.iter().map(|f| f.id.as_str());
                let hint = match did_you_mean(id, ids.clone()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the facets are: {}", ids.collect::<Vec<_>>().join(", ")),
                };
                return fail(format!("no facet `{id}` in the vocabulary; {hint}"));
            }
        },
    };
    match args.format {
        VocabularyFormat::Text => {
            let mut out = String::new();
            for f in chosen {
                out.push_str(&format!("{} — {} ({})\n", f.id, f.label, used_as(f)));
                if !f.explanation.is_empty() {
                    out.push_str(&wrap(&f.explanation, 100, "  "));
                }
                for v in &f.values {
                    let head = format!("  {:<28} {}", v.id, v.label);
                    out.push_str(&head);
                    out.push('\n');
                    if !v.explanation.is_empty() {
                        out.push_str(&wrap_hanging(&v.explanation, 100, "      ", "      "));
                    }
                }
                out.push('\n');
            }
            print!("{out}");
            if let Some(l) = super::language::legend(&world.instrument, &ws) {
                println!("{l}");
            }
        }
        VocabularyFormat::Json => {
            let doc: Vec<FacetJson<'_>> = chosen
                .iter()
                .map(|f| FacetJson {
                    id: &f.id,
                    label: &f.label,
                    explanation: &f.explanation,
                    role: f.role,
                    used_as: used_as(f),
                    values: f
                        .values
                        .iter()
                        .map(|v| ValueJson {
                            id: &v.id,
                            label: &v.label,
                            explanation: &v.explanation,
                        })
                        .collect(),
                })
                .collect();
            let mut doc = serde_json::json!({"schema": "lexgap.vocabulary/1", "facets": doc});
            if let (Some(l), Some(map)) =
                (world.instrument.language.as_deref(), doc.as_object_mut())
            {
                map.insert(
                    "translation".into(),
                    serde_json::to_value(l.note()).unwrap_or_default(),
                );
            }
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => println!("{s}"),
                Err(e) => return fail(format!("cannot write JSON: {e}")),
            }
        }
    }
    if invalid { EXIT_FINDINGS } else { EXIT_OK }
}
