//! `lexgap analyze [JURISDICTION…] [--at DATE] [--format text|json|csv]`: which obligations the
//! law in force meets, cell by cell, per jurisdiction.

use clap::{Args, ValueEnum};

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail};
use crate::coverage::Analysis;
use crate::coverage::{self, render};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::stream::World;

pub const EXAMPLES: &str = "\
Examples:
  lexgap analyze                        every jurisdiction, law in force on the latest version date
  lexgap analyze RS ME --at 2020-01-01  two jurisdictions as of a date
  lexgap analyze BA-FBIH                a sub-jurisdiction, analysed with its parent (BA)
  lexgap analyze --format json          the documented JSON (docs/json.md)
  lexgap analyze --format csv > gaps.csv

Without --at, the law is taken as in force on the latest date any act version of the workspace
takes effect (as in every command), so the same input gives the same answer on any day.

Gaps are not errors. Exit codes: 0 ok, 1 the input is invalid (diagnostics on stderr; the
analysis of what could be read is still printed), 2 usage or I/O error.";

#[derive(Clone, Debug, Args)]
pub struct AnalyzeArgs {
    /// Jurisdictions to analyse (`RS`, `BA-FBIH` …). Default: every jurisdiction with law.
    pub jurisdictions: Vec<String>,

    /// Analyse the law in force on this date (YYYY-MM-DD). Default: the latest date any act
    /// version of the workspace takes effect.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<Date>,

    /// Output format: a text table, the JSON of docs/json.md, or CSV (one row per obligation).
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,

    /// Language of the instrument model (obligation titles, element names, recommendations)
    /// and of the sentences that explain a shortfall: en, sq, mk, sr-Latn, sr-Cyrl, or a
    /// language the workspace translates into (docs/translation.md).
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::language::parse_lang)]
    pub lang: String,
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

/// One instrument's analysis, ready to print.
struct Measured {
    analysis: Analysis,
    /// "Firearms Protocol (firearms-protocol), with UNTOC".
    describe: String,
    /// The legend under text output in another language.
    legend: Option<String>,
}

/// Analyses against each instrument of the plan in turn (issue 18) and prints them together:
/// the text output one after the other, each under its `measured against:` line; CSV one table
/// whose `measured` column says which; JSON, where the plan has several instruments, the
/// `lexgap.analyses/1` document keyed by instrument id (docs/json.md), else the single
/// `lexgap.analysis/1` one. The input's errors are printed once; the exit code is the worst.
pub fn run_plan(ctx: &Context, args: &AnalyzeArgs, plan: &super::Plan) -> u8 {
    let mut measured = Vec::with_capacity(plan.len());
    let mut invalid = false;
    for (i, (_, only)) in plan.iter().enumerate() {
        let mut one = args.clone();
        // Each instrument with the jurisdictions (of those asked for) that list it.
        if let Some(only) = only {
            one.jurisdictions.clone_from(only);
        }
        match measure(&ctx.measuring(plan, i), &one, i == 0) {
            Ok((m, bad)) => {
                invalid |= bad;
                measured.push(m);
            }
            Err(code) => return code,
        }
    }
    let printed = print(args.format, &measured, plan.len() > 1);
    if printed != EXIT_OK {
        printed
    } else if invalid {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Prints the analyses in the format asked for; `several` selects the JSON document of several
/// instruments.
fn print(format: AnalyzeFormat, measured: &[Measured], several: bool) -> u8 {
    match format {
        AnalyzeFormat::Text => {
            for (i, m) in measured.iter().enumerate() {
                if i > 0 {
                    println!();
                }
                print!(
                    "measured against: {}\n\n{}",
                    m.describe,
                    crate::diagnostic::visible_lines(&render::analysis_text(&m.analysis))
                );
                if let Some(l) = &m.legend {
                    println!("\n{l}");
                }
            }
        }
        AnalyzeFormat::Csv => {
            for (i, m) in measured.iter().enumerate() {
                let csv = render::analysis_csv(&m.analysis);
                // One header for the whole table.
                let rows = if i == 0 {
                    csv.as_str()
                } else {
                    csv.split_once("\r\n").map_or("", |(_, rows)| rows)
                };
                print!("{rows}");
            }
        }
        AnalyzeFormat::Json => {
            let text = if several {
                let doc = coverage::Analyses::new(measured.iter().map(|m| &m.analysis));
                serde_json::to_string_pretty(&doc)
            } else {
                match measured.first() {
                    Some(m) => serde_json::to_string_pretty(&m.analysis),
                    None => Ok(String::new()),
                }
            };
            match text {
                Ok(s) => println!("{s}"),
                Err(e) => return fail(format!("cannot write JSON: {e}")),
            }
        }
    }
    EXIT_OK
}

/// The analysis against the selected instrument, and whether the input it read had errors
/// (printed on standard error when `say_errors`). `Err`: the exit code of a failure, said.
fn measure(ctx: &Context, args: &AnalyzeArgs, say_errors: bool) -> Result<(Measured, bool), u8> {
    // One jurisdiction at a time (crate::stream): the whole world is never in memory.
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        Err(e) => return Err(fail(e)),
    };
    let mut world = match World::open(&ws).map(World::without_trees) {
        Ok(w) => w,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            return Err(EXIT_ERROR);
        }
    };
    if world.instrument.obligations.is_empty() {
        let base = world.finish_for(Vec::new(), &args.jurisdictions);
        super::explain::report_errors(base);
        eprintln!(
            "error: no obligations could be read from protocol/ in {}",
            ws.describe()
        );
        return Err(EXIT_FINDINGS);
    }
    let mut instrument = world.instrument.clone();
    let bad_catalog = match super::language::translate_for(
        &ws,
        &mut instrument,
        &world.base().sources,
        &args.lang,
    ) {
        Ok(b) => b,
        Err(e) => return Err(fail(e)),
    };
    world.instrument = instrument;
    let known = world.jurisdictions_with_law();
    let wanted: Vec<String> = if args.jurisdictions.is_empty() {
        known.clone()
    } else {
        for j in &args.jurisdictions {
            if !world.knows(j) {
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                return Err(fail(super::explain::unknown_jurisdiction(j, &known)));
            }
        }
        args.jurisdictions.clone()
    };
    let at = args
        .at
        .unwrap_or_else(|| super::default_date(world.latest_version_by_name()));
    let progress = super::Progress::new("analysing", wanted.len());
    // Only the versions in force on the date are read (World::part_at): `check` validates the
    // rest of each act's history.
    let results = world.map(
        &wanted,
        Some(at),
        |part| -> Result<_, Vec<String>> {
            let part = part?;
            let coverage = coverage::analyze_one(&part.model, &part.jurisdiction, at);
            // The errors of every file the analysis read: the jurisdiction's and its ancestors'.
            Ok((
                coverage,
                part.findings_read(Vec::new(), Diagnostic::is_error),
            ))
        },
        &|| progress.tick(),
    );
    progress.finish();
    let mut jurisdictions = Vec::with_capacity(results.len());
    let mut findings = Vec::with_capacity(results.len());
    let mut read_errors: Vec<String> = Vec::new();
    for r in results {
        match r {
            Ok((coverage, f)) => {
                jurisdictions.extend(coverage);
                findings.push(f);
            }
            Err(e) => read_errors.extend(e),
        }
    }
    if !read_errors.is_empty() {
        for e in &read_errors {
            eprintln!("error: {e}");
        }
        return Err(EXIT_ERROR);
    }
    let analysis = Analysis::new(&world.instrument, jurisdictions);
    // Another jurisdiction's errors are not this analysis's (docs/json.md): `check` has them.
    let found = world.finish_for(findings, &wanted);
    let invalid = if say_errors {
        super::explain::report_errors(found)
    } else {
        found.diagnostics.iter().any(Diagnostic::is_error)
    } || bad_catalog;
    let legend = super::language::legend(&world.instrument, &ws);
    Ok((
        Measured {
            analysis,
            describe: world.instrument.describe(),
            legend,
        },
        invalid,
    ))
}
