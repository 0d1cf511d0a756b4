//! `lexgap amend apply BILL [-o FILE]`: write an adopted bill's result as the next consolidated
//! version of the act it amends.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::diff::read_bill;
use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, render_text};
use crate::amend::apply;
use crate::amend::compare::bill_base;
use crate::diagnostic::{Code, Diagnostic};
use crate::fsio::write_atomic;
use crate::syntax::bill::BillStatus;
use crate::syntax::format_law;
use crate::workspace::Origin;

pub const NOT_ADOPTED: Code = Code::error("E0715", "bill-not-adopted");
pub const APPLY_WITH_TOO: Code = Code::warning("W0702", "apply-with-bill-too");

pub const EXAMPLES: &str = "\
Examples:
  lexgap amend apply codes/ME/bills/2023-firearms.bill                  print the consolidated text
  lexgap amend apply codes/ME/bills/2023-firearms.bill -o next.law      write it to a file

The bill must be `status adopted`. The output is never written over an input file.
Exit codes: 0 written, 1 invalid bill (or a draft), 2 usage or I/O error.";

#[derive(Debug, Subcommand)]
pub enum AmendCommand {
    /// Apply an adopted bill and write the consolidated text it yields (a .law file).
    #[command(after_help = EXAMPLES)]
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The bill (.bill file).
    pub bill: PathBuf,

    /// Where to write the consolidated text. Default: standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, cmd: &AmendCommand) -> u8 {
    match cmd {
        AmendCommand::Apply(args) => apply_cmd(ctx, args),
    }
}

fn apply_cmd(ctx: &Context, args: &ApplyArgs) -> u8 {
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
    let mut loaded = ws.load(files);
    let (bill, id) = match read_bill(ctx, &ws, &mut loaded, &args.bill) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let report = |diags: Vec<Diagnostic>, loaded: &crate::workspace::Loaded| {
        let diags: Vec<Diagnostic> = diags.into_iter().map(|d| d.in_file(id)).collect();
        eprint!(
            "{}",
            render_text(&diags, &loaded.sources, ctx.color_stderr())
        );
    };
    if let Some(s) = bill.header.status()
        && s.node != BillStatus::Adopted
    {
        report(
            vec![
                Diagnostic::new(NOT_ADOPTED, "only an adopted bill becomes the law in force")
                    .at(s.span, "this bill is a draft")
                    .hint("to see what a draft would change, use `lexgap diff J --bill FILE`; once it is adopted, write `status adopted`"),
            ],
            &loaded,
        );
        return EXIT_FINDINGS;
    }
    let base = match bill_base(&loaded.laws, &bill, None) {
        Ok(b) => b,
        Err(e) => {
            report(e, &loaded);
            return EXIT_FINDINGS;
        }
    };
    let amended = match apply(&bill, &base.ast) {
        Ok(a) => a,
        Err(e) => {
            report(e, &loaded);
            eprintln!("error: the bill cannot be applied (above); nothing was written");
            return EXIT_FINDINGS;
        }
    };
    let mut warnings = amended.warnings.clone();
    // A bill read `with` another (a procedure-code bill beside the criminal-code bill that
    // inserts the offences its lists name) yields a text whose references are whole only once
    // the other is applied as well: written alone, its lists name articles not yet in force.
    for w in bill.header.with() {
        warnings.push(
            Diagnostic::new(
                APPLY_WITH_TOO,
                format!(
                    "this bill is read with `{}`: the text written here may name units only that bill brings",
                    w.node
                ),
            )
            .at(w.span, "applied with this bill")
            .hint(format!(
                "apply `{}` too (`lexgap amend apply` on it) so that both consolidated texts take effect together",
                w.node
            )),
        );
    }
    report(warnings, &loaded);
    let text = format_law(&amended.law);
    let Some(out) = &args.output else {
        super::diff::out(&text);
        return EXIT_OK;
    };
    let out = ctx.cwd.join(out);
    let bill_path = ctx.cwd.join(&args.bill);
    if is_input(&out, &bill_path, &inputs) {
        return fail(format!(
            "{} is an input file; lexgap never writes over its input (choose another -o)",
            args.output
                .as_deref()
                .map_or_else(String::new, |p| p.display().to_string())
        ));
    }
    match write_atomic(&out, text.as_bytes()) {
        Ok(()) => {
            eprintln!("wrote {}", out.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            EXIT_ERROR
        }
    }
}

/// Whether `out` is the bill or a file of the workspace (compared as canonical paths, so a
/// different spelling of the same file is caught too).
fn is_input(out: &Path, bill: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(target) = std::fs::canonicalize(out) else {
        return false; // does not exist yet
    };
    std::iter::once(bill)
        .chain(inputs.iter().map(PathBuf::as_path))
        .any(|p| std::fs::canonicalize(p).is_ok_and(|c| c == target))
}
