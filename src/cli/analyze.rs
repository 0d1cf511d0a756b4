//! `lexgap analyze [JURISDICTION…] [--at DATE] [--format text|json|csv]`: which obligations the
//! law in force meets, cell by cell, per jurisdiction.

use clap::{Args, ValueEnum};

use super::{Context, EXIT_FINDINGS, EXIT_OK, fail};
use crate::coverage::{self, render};
use crate::date::Date;

pub const EXAMPLES: &str = "\
Examples:
  lexgap analyze                        every jurisdiction, law in force today
  lexgap analyze RS ME --at 2020-01-01  two jurisdictions as of a date
  lexgap analyze BA-FBIH                a sub-jurisdiction, analysed with its parent (BA)
  lexgap analyze --format json          the documented JSON (docs/json.md)
  lexgap analyze --format csv > gaps.csv

Gaps are not errors. Exit codes: 0 ok, 1 the input is invalid (diagnostics on stderr; the
analysis of what could be read is still printed), 2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Jurisdictions to analyse (`RS`, `BA-FBIH` …). Default: every jurisdiction with law.
    pub jurisdictions: Vec<String>,

    /// Analyse the law in force on this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<Date>,

    /// Output format: a text table, the JSON of docs/json.md, or CSV (one row per obligation).
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    Text,
    Json,
    Csv,
}

/// Parses `--at`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| format!("{e} (for example 2024-01-31)"))
}

pub fn run(ctx: &Context, args: &AnalyzeArgs) -> u8 {
    let (model, invalid) = match super::explain::load_model(ctx) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let known = model.corpus.jurisdictions_with_law();
    let wanted: Vec<String> = if args.jurisdictions.is_empty() {
        known.iter().map(|s| s.to_string()).collect()
    } else {
        for j in &args.jurisdictions {
            if !model.corpus.jurisdictions.contains_key(j) {
                return fail(super::explain::unknown_jurisdiction(j, &known));
            }
        }
        args.jurisdictions.clone()
    };
    let at = args.at.unwrap_or_else(Date::today);
    let analysis = coverage::analyze_all(&model, &wanted, at);
    match args.format {
        AnalyzeFormat::Text => print!("{}", render::analysis_text(&analysis)),
        AnalyzeFormat::Csv => print!("{}", render::analysis_csv(&analysis)),
        AnalyzeFormat::Json => match serde_json::to_string_pretty(&analysis) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("cannot write JSON: {e}")),
        },
    }
    if invalid { EXIT_FINDINGS } else { EXIT_OK }
}
