//! `lexgap draft J [--at DATE] [--obligations ID,…] [-o FILE.bill]`: a bill that closes the
//! criminal-law gaps of J's criminal code, and the coverage delta of that bill (its proof).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, render_text};
use crate::date::Date;
use crate::draft::{Draft, DraftError, Request, draft};
use crate::fsio::write_atomic;
use crate::model::Model;
use crate::model::Status;
use crate::workspace::Origin;

pub const EXAMPLES: &str = "\
Examples:
  lexgap draft MK                              print the draft bill; its verification on stderr
  lexgap draft MK -o codes/MK/bills/draft.bill write the bill, print its verification
  lexgap draft ME --obligations FP-5.1.b,FP-6.1 --at 2023-12-31
  lexgap draft XK --effective 2025-07-01        a bill with its day of effect (else `effective ?`)
  lexgap diff MK --bill codes/MK/bills/draft.bill   the same verification, with the text diff

The bill amends the jurisdiction's criminal code: offences extended where one already reaches
most cells of an obligation, new articles inserted (numbered as the code numbers insertions)
where none does, offences added to closed lists, penalties raised to thresholds. English text is
a draft in our own words; original-language text is left as a placeholder for the drafters.
Exit codes: 0 every targeted gap closed, 1 some left open (listed with why) or no code to
amend, 2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The jurisdiction whose criminal code the bill amends (e.g. MK).
    pub jurisdiction: String,

    /// Draft against the law in force on this day (YYYY-MM-DD). Default: the latest date any
    /// act version of the workspace takes effect.
    #[arg(long, value_name = "DATE")]
    pub at: Option<Date>,

    /// The day the bill would take effect (YYYY-MM-DD), after the version it amends. Without
    /// it the bill says `effective ?`: the day is the drafters' to set, and lexgap does not
    /// guess it.
    #[arg(long, value_name = "DATE")]
    pub effective: Option<Date>,

    /// Only these obligations (comma-separated ids). Default: every criminal-law obligation
    /// not fully met.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub obligations: Option<Vec<String>>,

    /// Where to write the bill. Default: standard output (the verification goes to stderr).
    #[arg(short, long, value_name = "FILE.bill")]
    pub output: Option<PathBuf>,

    /// The verification as text, or the whole draft as JSON (bill, operations, delta).
    #[arg(long, value_enum, default_value_t = DraftFormat::Text)]
    pub format: DraftFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    Text,
    Json,
}

pub fn run(ctx: &Context, args: &DraftArgs) -> u8 {
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        Err(e) => return fail(e),
    };
    let (files, read_errors) = ws.input_files();
    if let Some(e) = read_errors.first() {
        return fail(e);
    }
    let inputs: Vec<PathBuf> = match &ws.origin {
        Origin::Disk(root) => files.iter().map(|f| root.join(&f.rel)).collect(),
        Origin::Bundled => Vec::new(),
    };
    let loaded = ws.load(files);
    let (model, _) = Model::build(&loaded);
    let j = args.jurisdiction.as_str();
    if !model.corpus.jurisdictions.contains_key(j) {
        let known: Vec<&str> = model
            .corpus
            .jurisdictions
            .keys()
            .map(String::as_str)
            .collect();
        let hint = crate::diagnostic::did_you_mean(j, known.iter().copied())
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_else(|| format!("; it has {}", known.join(", ")));
        return fail(format!("{} has no jurisdiction `{j}`{hint}", ws.describe()));
    }
    if let Some(list) = &args.obligations {
        for id in list {
            if model.instrument.obligation(id).is_none() {
                let hint = crate::diagnostic::did_you_mean(id, model.instrument.obligation_ids())
                    .map(|s| format!("; did you mean {s}?"))
                    .unwrap_or_default();
                return fail(format!("there is no obligation `{id}`{hint}"));
            }
        }
    }
    let latest = loaded
        .laws
        .iter()
        .filter_map(|l| l.ast.header.version().map(|v| v.node))
        .max();
    let at = args.at.unwrap_or_else(|| super::default_date(latest));
    let path = args.output.as_ref().map_or_else(
        || format!("codes/{j}/bills/draft.bill"),
        |p| p.to_string_lossy().replace('\\', "/"),
    );
    let req = Request {
        jurisdiction: j.to_string(),
        at,
        obligations: args.obligations.clone(),
        effective: args.effective,
        path,
    };
    let d = match draft(&loaded, &model, &req) {
        Ok(d) => d,
        Err(DraftError::Invalid(msg, diags)) => {
            eprint!(
                "{}",
                render_text(&diags, &loaded.sources, ctx.color_stderr())
            );
            return fail(msg);
        }
        Err(e @ DraftError::NoCriminalCode(_)) => {
            eprintln!("{e}");
            return EXIT_FINDINGS;
        }
        Err(e) => return fail(format!("{j}: {e}")),
    };
    let report = match args.format {
        DraftFormat::Text => verification_text(&d),
        DraftFormat::Json => match serde_json::to_string_pretty(&d) {
            Ok(s) => s + "\n",
            Err(e) => return fail(e),
        },
    };
    match &args.output {
        Some(out) => {
            let out = ctx.cwd.join(out);
            if is_input(&out, &inputs) {
                return fail(format!(
                    "{} is an input file; lexgap never writes over its input (choose another -o)",
                    out.display()
                ));
            }
            if let Some(parent) = out.parent()
                && let Err(e) = std::fs::create_dir_all(parent)
            {
                eprintln!("error: cannot create {}: {e}", parent.display());
                return EXIT_ERROR;
            }
            let beside: Vec<(PathBuf, &str)> = d
                .procedure
                .iter()
                .map(|pb| (out.with_file_name(&pb.file), pb.bill.as_str()))
                .collect();
            if let Some((p, _)) = beside.iter().find(|(p, _)| is_input(p, &inputs)) {
                return fail(format!(
                    "{} is an input file; lexgap never writes over its input (choose another -o)",
                    p.display()
                ));
            }
            if let Err(e) = write_atomic(&out, d.bill.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return EXIT_ERROR;
            }
            for (p, text) in &beside {
                if let Err(e) = write_atomic(p, text.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", p.display());
                    return EXIT_ERROR;
                }
            }
            super::diff::out(&report);
            eprintln!("wrote {}", out.display());
            for (p, _) in &beside {
                eprintln!("wrote {} (read with it)", p.display());
            }
        }
        None => {
            if args.format == DraftFormat::Json {
                super::diff::out(&report);
            } else {
                super::diff::out(&d.bill);
                eprint!("{report}");
                for pb in &d.procedure {
                    eprintln!(
                        "note: a bill to {} goes with this one ({}, read with it); -o FILE writes both, --format json shows it",
                        pb.amends, pb.file
                    );
                }
            }
        }
    }
    if d.not_closed.iter().any(|n| is_gap(&d, &n.obligation)) || !d.worsened.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn is_gap(d: &Draft, id: &str) -> bool {
    d.targets
        .iter()
        .any(|t| t.obligation == id && t.kind.can_be_gap())
}

fn is_input(out: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(target) = std::fs::canonicalize(out) else {
        return false;
    };
    inputs
        .iter()
        .any(|p| std::fs::canonicalize(p).is_ok_and(|c| c == target))
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Full => "met",
        Status::Partial => "partly met",
        Status::None => "not met",
        Status::NotApplicable => "not applicable",
        Status::NotAssessed => "not assessed",
    }
}

/// The verification: operations with their justifications, each targeted obligation before →
/// after, what is left open and why, and the delta's line.
pub fn verification_text(d: &Draft) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Draft bill for {} — amends {} (law in force on {})",
        d.jurisdiction, d.amends, d.at
    );
    let _ = writeln!(out, "\noperations ({}):", d.operations.len());
    for op in &d.operations {
        let _ = writeln!(out, "  {}   [{}]", op.operation, op.obligations.join(", "));
        for (ob, cells) in &op.closes {
            let shown: Vec<&str> = cells.iter().take(4).map(String::as_str).collect();
            let more = cells.len().saturating_sub(shown.len());
            let _ = writeln!(
                out,
                "    closes {ob}: {} cell{}: {}{}",
                cells.len(),
                if cells.len() == 1 { "" } else { "s" },
                shown.join("; "),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
    let _ = writeln!(
        out,
        "\nverification (the bill applied, coverage computed again):"
    );
    for t in &d.targets {
        let mark = if t.after == Status::Full {
            "closed"
        } else {
            "open"
        };
        let _ = writeln!(
            out,
            "  {:<11} {:<12} → {:<12} {mark}",
            t.obligation,
            status_word(t.before),
            status_word(t.after)
        );
    }
    if d.worsened.is_empty() {
        let _ = writeln!(out, "  nothing that was met is less met");
    } else {
        for (id, b, a) in &d.worsened {
            let _ = writeln!(
                out,
                "  LESS MET: {id} {} → {}",
                status_word(*b),
                status_word(*a)
            );
        }
    }
    if let Some(delta) = &d.delta {
        let _ = writeln!(out, "  {}", delta.line);
        let _ = writeln!(out, "  before: {}", delta.before_summary);
        let _ = writeln!(out, "  after:  {}", delta.after_summary);
    }
    for pb in &d.procedure {
        let _ = writeln!(
            out,
            "\nbill to {} drafted with it ({}, read with the criminal-code bill):",
            pb.amends, pb.file
        );
        for op in &pb.operations {
            let _ = writeln!(out, "  {}   [{}]", op.operation, op.obligations.join(", "));
            for (ob, cells) in &op.closes {
                let _ = writeln!(
                    out,
                    "    closes {ob}: {} cell{}: {}",
                    cells.len(),
                    if cells.len() == 1 { "" } else { "s" },
                    cells.join("; ")
                );
            }
        }
        for t in &pb.targets {
            let _ = writeln!(
                out,
                "  {:<11} {:<12} → {:<12} {} (the criminal-code bill alone → both bills)",
                t.obligation,
                status_word(t.before),
                status_word(t.after),
                if t.after == Status::Full {
                    "closed"
                } else {
                    "open"
                }
            );
        }
        for n in &pb.not_closed {
            let _ = writeln!(out, "  not closed: {} — {}", n.obligation, n.reason);
        }
    }
    if !d.not_closed.is_empty() {
        let _ = writeln!(out, "\nnot closed by this bill:");
        for n in &d.not_closed {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                n.obligation,
                status_word(n.status),
                n.reason
            );
        }
    }
    out
}
