//! `lexgap diff JURISDICTION --from DATE [--to DATE]` and `lexgap diff JURISDICTION --bill FILE
//! [--at DATE]`: what changes in the text, unit by unit and word by word, and what that does to
//! compliance. Exit 0 whatever the diff says; 1 only when the input is invalid.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, ValueEnum};

use super::{Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, render_text, sort_diagnostics};
use crate::amend::compare::{Comparison, coverage_between, start_day, texts_between, with_bill};
use crate::amend::delta::{CoverageDelta, Effect, group_by_provisions};
use crate::amend::diff::{ActDiff, UnitChange, UnitDiff};
use crate::amend::time::jurisdictions;
use crate::amend::words::{Change, render};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::Model;
use crate::source::{FileId, SourceFile};
use crate::stream::{World, folder_of, version_until};
use crate::syntax::bill::{BillFile, check_place};
use crate::syntax::parse_bill;
use crate::workspace::{Listed, Loaded, Origin, ReadAhead, Workspace, bundled_file, relative};

pub const EXAMPLES: &str = "\
Examples:
  lexgap diff ME --from 2022-01-01 --to 2024-01-01     the law of Montenegro on two days
  lexgap diff ME --from 2022-01-01                     … and on the latest version date
  lexgap diff ME --bill codes/ME/bills/2023-firearms.bill
  lexgap diff ME --bill draft.bill --at 2024-06-01      a bill against the law in force that day
  lexgap diff MK --from 2022-01-01 --format json

Text changes are marked [-deleted-]{+inserted+} (in colour on a terminal).
Exit codes: 0 the diff was made (whatever it shows), 1 invalid input, 2 usage or I/O error.";

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["from", "bill"])))]
pub struct DiffArgs {
    /// The jurisdiction, e.g. ME, MK, BA-FBIH.
    pub jurisdiction: String,

    /// Compare the law in force on this day (YYYY-MM-DD) …
    #[arg(long, value_name = "DATE", conflicts_with = "bill")]
    pub from: Option<Date>,

    /// … with the law in force on this day (not before --from). Default: the latest date any
    /// act version of the workspace takes effect.
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<Date>,

    /// Compare the law with what this amending bill (.bill file) would make of it.
    #[arg(long, value_name = "FILE")]
    pub bill: Option<PathBuf>,

    /// Apply the bill to the version in force on this day instead of the one it names.
    #[arg(long, value_name = "DATE", requires = "bill")]
    pub at: Option<Date>,

    /// Output format: text for people, or JSON (schema in docs/json.md).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

/// Compares against each instrument of the plan (issue 18): the text changes are the same for
/// every instrument, the coverage delta is not. Text: the whole comparison under the first
/// instrument, then the coverage delta under each other, each headed `measured against:`;
/// JSON: `lexgap.diffs/1`, each instrument's `lexgap.diff/1` keyed by its id (docs/json.md).
/// One instrument: the comparison as it always was.
/// `ahead`: the jurisdiction's acts, parsed while the plan was made ([`read_ahead`]); `world`:
/// the world the plan was made from, where it is the one the first comparison measures.
pub fn run_plan(
    ctx: &Context,
    args: &DiffArgs,
    plan: &super::Plan,
    ahead: ReadAhead,
    world: Option<World>,
) -> u8 {
    let mut done: Vec<(String, String, Comparison)> = Vec::with_capacity(plan.len());
    let mut ahead = Some(ahead);
    let mut world = world;
    for (i, (id, _)) in plan.iter().enumerate() {
        let ahead = ahead.take().unwrap_or_default();
        match compare(&ctx.measuring(plan, i), args, i == 0, ahead, world.take()) {
            Ok((describe, c)) => done.push((id.clone(), describe, c)),
            Err(code) => return code,
        }
    }
    let several = done.len() > 1;
    let text = match args.format {
        DiffFormat::Text => {
            let mut text = String::new();
            for (i, (_, describe, c)) in done.iter().enumerate() {
                if several {
                    if i > 0 {
                        text.push('\n');
                    }
                    text.push_str(&format!("measured against: {describe}\n\n"));
                }
                if i == 0 {
                    text.push_str(&render_comparison(c, ctx.color_stdout()));
                } else {
                    text.push_str(&render_coverage_only(c, ctx.color_stdout()));
                }
            }
            text
        }
        DiffFormat::Json => {
            let doc = if several {
                let items: Vec<(&str, &Comparison)> =
                    done.iter().map(|(id, _, c)| (id.as_str(), c)).collect();
                serde_json::to_string_pretty(&super::ByInstrument {
                    schema: DIFFS_SCHEMA,
                    field: "diffs",
                    items,
                })
            } else {
                match done.first() {
                    Some((_, _, c)) => serde_json::to_string_pretty(c),
                    None => Ok(String::new()),
                }
            };
            match doc {
                Ok(s) => s + "\n",
                Err(e) => return fail(e),
            }
        }
    };
    out(&text);
    EXIT_OK
}

/// The schema id of `diff --format json` where it compares against several instruments.
pub const DIFFS_SCHEMA: &str = "lexgap.diffs/1";

/// The comparison against the selected instrument, with the words for that instrument
/// ("Firearms Protocol (firearms-protocol), with UNTOC"); `say` prints the bill's warnings
/// (once for a run over several instruments).
fn compare(
    ctx: &Context,
    args: &DiffArgs,
    say: bool,
    ahead: ReadAhead,
    world: Option<World>,
) -> Result<(String, Comparison), u8> {
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        Err(e) => return Err(fail(e)),
    };
    let j = args.jurisdiction.as_str();
    match &args.bill {
        None => between_days(&ws, args, j, ahead, world),
        Some(path) => with_a_bill(ctx, &ws, args, j, path, say),
    }
}

/// A comparison's coverage delta alone, for each instrument after the first: the text changes
/// were shown under the first.
fn render_coverage_only(c: &Comparison, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    match &c.coverage {
        Some(cov) => {
            let _ = writeln!(out, "{}", st.bold(&format!("Summary: {}", cov.line)));
            if !c.acts.is_empty() {
                coverage(&mut out, cov, &st);
            }
        }
        None => {
            let _ = writeln!(out, "No coverage to compare.");
        }
    }
    out
}

/// Whether an error in the file at `path` makes the comparison of `j` refuse: its own acts and
/// metadata, and the instrument (another jurisdiction's errors, and bills, do not matter here).
fn concerns(path: &str, j: &str) -> bool {
    let own = path
        .strip_prefix("codes/")
        .and_then(|p| p.strip_prefix(j))
        .is_some_and(|p| p.starts_with('/'));
    (own || path.starts_with("protocol/")) && !path.ends_with(".bill")
}

/// Prints the errors that make the comparison refuse, if there are any; true if there were.
fn refuse(loaded: &Loaded, j: &str) -> bool {
    let mut invalid: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            d.file
                .and_then(|f| loaded.sources.get(f))
                .is_some_and(|f| concerns(&f.path, j))
        })
        .cloned()
        .collect();
    if invalid.is_empty() {
        return false;
    }
    sort_diagnostics(&mut invalid);
    eprint!("{}", render_text(&invalid, &loaded.sources, false));
    eprintln!("error: the law of {j} has errors (above); fix them, then compare");
    true
}

fn unknown(ws: &Workspace, j: &str, known: &[&str]) -> u8 {
    let hint = did_you_mean(j, known.iter().copied())
        .map(|s| format!("; did you mean {s}?"))
        .unwrap_or_else(|| format!("; it has {}", known.join(", ")));
    fail(format!(
        "{} has no law of jurisdiction `{j}`{hint}",
        ws.describe()
    ))
}

/// `--from`/`--to`: only the jurisdiction's acts and its ancestors' as far as the later day are
/// read and modelled (`stream::World::trees_until`, `World::model_of`), not the whole
/// workspace — another jurisdiction's law, and later versions, play no part in this comparison.
/// `opened`: the workspace's world as already opened measuring this instrument, if it was.
fn between_days(
    ws: &Workspace,
    args: &DiffArgs,
    j: &str,
    ahead: ReadAhead,
    opened: Option<World>,
) -> Result<(String, Comparison), u8> {
    let world = match opened {
        Some(world) => world,
        None => World::open(ws).map_err(|errors| match errors.first() {
            Some(e) => fail(e),
            None => EXIT_ERROR,
        })?,
    };
    let known = world.jurisdictions_with_law();
    if !known.iter().any(|k| k == j) {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        return Err(unknown(ws, j, &known));
    }
    let latest = super::default_date(world.latest_version_by_name());
    let from = args.from.unwrap_or(latest);
    let to = args.to.unwrap_or(latest);
    if from > to {
        let to_said = if args.to.is_some() {
            format!("--to {to}")
        } else {
            format!("the default --to, the latest version date ({to})")
        };
        return Err(fail(format!(
            "--from {from} is later than {to_said}: the comparison runs from the earlier day to the later; swap them"
        )));
    }
    // Versions after both days play no part: they are not read (nor are their errors seen;
    // `check` validates the whole history).
    let trees = world
        .trees_until(j, from.max(to), ahead)
        .map_err(|errors| match errors.first() {
            Some(e) => fail(e),
            None => EXIT_ERROR,
        })?;
    // The part's own errors (file ids local to it) and those of the small files (global).
    let local: Vec<String> = trees
        .loaded
        .sources
        .iter()
        .map(|(_, f)| f.path.clone())
        .collect();
    let local_error = |d: &Diagnostic| {
        d.is_error()
            && d.file
                .and_then(|f| local.get(f.0 as usize))
                .is_some_and(|p| concerns(p, j))
    };
    let invalid = trees.loaded.diagnostics.iter().any(local_error)
        || world.diagnostics.iter().any(|d| {
            d.is_error()
                && d.file
                    .and_then(|f| world.path(f))
                    .is_some_and(|p| concerns(p, j))
        });
    // The texts are compared while the acts are lowered and modelled (they need only the
    // trees), and the coverage follows the model on the same side — unless modelling finds an
    // error, when the law is refused as a parse error refuses it.
    let (texts, (model, found, coverage)) = if invalid {
        let (model, found) = world.model_of(&trees);
        (None, (model, found, None))
    } else {
        let laws = &trees.loaded.laws;
        rayon::join(
            || Some(texts_between(laws, j, from, to)),
            || {
                let (model, found) = world.model_of(&trees);
                let coverage = if found.iter().any(local_error) {
                    None
                } else {
                    let start = start_day(laws, j, from, to);
                    coverage_between(&model, j, start, to)
                };
                (model, found, coverage)
            },
        )
    };
    let refused = invalid || found.iter().any(local_error);
    let part = trees.into_part(model, found);
    let comparison = match texts {
        Some(mut c) if !refused => {
            c.coverage = coverage;
            c
        }
        _ => {
            // Back to the world's file numbering, to render as a run that loads everything would.
            let findings = part.findings(Vec::new(), local_error);
            refuse(&world.finish(vec![findings]), j);
            return Err(EXIT_FINDINGS);
        }
    };
    // The syntax trees and the model are freed by the process's exit, which follows: freeing
    // them one allocation at a time took a tenth of the run.
    std::mem::forget(part);
    Ok((world.instrument.describe(), comparison))
}

/// The jurisdiction's own act files as far as the later day (`--to`; every version without
/// it), read and parsed ahead: `cli::run_from` calls this while the plan reads the instrument,
/// which parsing does not need (the instrument's YAML came before anything else, a tenth of a
/// diff's instructions on one core). Its ancestors' acts are left to the comparison, as is
/// anything that cannot be read, and a file changed in between is parsed again
/// ([`ReadAhead`]). A bill's comparison reads the whole workspace its own way: nothing.
pub fn read_ahead(ctx: &Context, args: &DiffArgs) -> ReadAhead {
    if args.bill.is_some() {
        return ReadAhead::default();
    }
    let Ok(ws) = ctx.workspace() else {
        return ReadAhead::default();
    };
    let until = args.to.map(|to| args.from.map_or(to, |from| from.max(to)));
    let (listed, _) = ws.list_inputs();
    let own: Vec<&Listed> = listed
        .iter()
        .filter(|l| folder_of(&l.rel) == args.jurisdiction)
        .filter(|l| version_until(&l.rel, until))
        .collect();
    ReadAhead::parse(&own)
}

/// `--bill`: the whole workspace is read, as the bill is checked against the model of it.
fn with_a_bill(
    ctx: &Context,
    ws: &Workspace,
    args: &DiffArgs,
    j: &str,
    path: &Path,
    say: bool,
) -> Result<(String, Comparison), u8> {
    let (files, read_errors) = ws.input_files();
    if let Some(e) = read_errors.first() {
        return Err(fail(e));
    }
    let mut loaded = ws.load(files);
    let (model, model_diags) = Model::build(&loaded);
    loaded.diagnostics.extend(model_diags);
    let known = jurisdictions(&loaded.laws);
    if !known.contains(&j) {
        return Err(unknown(ws, j, &known));
    }
    if refuse(&loaded, j) {
        return Err(EXIT_FINDINGS);
    }
    let (bill, id) = read_bill(ctx, ws, &mut loaded, path)?;
    if let Some(a) = &bill.header.amends
        && a.node.jurisdiction != j
    {
        return Err(fail(format!(
            "{} amends the law of {}, not of {j}",
            path.display(),
            a.node.jurisdiction
        )));
    }
    match with_bill(&loaded, Some(&model), &bill, id, args.at) {
        Ok((c, amended)) => {
            let warnings: Vec<Diagnostic> = amended
                .warnings
                .into_iter()
                .map(|d| d.in_file(id))
                .collect();
            if say {
                eprint!("{}", render_text(&warnings, &loaded.sources, false));
            }
            Ok((model.instrument.describe(), c))
        }
        Err(errors) => {
            let errors: Vec<Diagnostic> = errors.into_iter().map(|d| d.in_file(id)).collect();
            eprint!(
                "{}",
                render_text(&errors, &loaded.sources, ctx.color_stderr())
            );
            eprintln!("error: the bill cannot be applied (above)");
            Err(EXIT_FINDINGS)
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`lexgap diff … | head` is not an error).
pub fn out(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Reads and parses the bill at `path` (relative to where lexgap was started; in the bundled
/// corpus when no such file exists and no workspace is in use). Syntax errors are printed and
/// give exit 1; a missing file gives exit 2.
pub fn read_bill(
    ctx: &Context,
    ws: &Workspace,
    loaded: &mut Loaded,
    path: &Path,
) -> Result<(BillFile, FileId), u8> {
    let full = ctx.cwd.join(path);
    let (shown, bytes) = match crate::workspace::read_input(&full) {
        Ok(b) => (relative(&ctx.cwd, &full), b),
        Err(e) => {
            let rel = path.to_string_lossy().replace('\\', "/");
            match (&ws.origin, bundled_file(&rel)) {
                (Origin::Bundled, Some(b)) => (rel, b.to_vec()),
                _ => return Err(fail(format!("{}: {e}", path.display()))),
            }
        }
    };
    let file = match SourceFile::decode(shown, &bytes) {
        Ok(f) => f,
        Err(b) => {
            let (file, d) = *b;
            let id = loaded.sources.add(file);
            eprint!(
                "{}",
                render_text(&[d.in_file(id)], &loaded.sources, ctx.color_stderr())
            );
            return Err(EXIT_FINDINGS);
        }
    };
    let (bill, mut diags) = parse_bill(&file.text);
    diags.extend(check_place(&bill, Path::new(&file.path)));
    let id = loaded.sources.add(file);
    let mut diags: Vec<Diagnostic> = diags.into_iter().map(|d| d.in_file(id)).collect();
    if diags.iter().any(Diagnostic::is_error) {
        sort_diagnostics(&mut diags);
        eprint!(
            "{}",
            render_text(&diags, &loaded.sources, ctx.color_stderr())
        );
        eprintln!("error: the bill has errors (above)");
        return Err(EXIT_FINDINGS);
    }
    Ok((bill, id))
}

// -------------------------------------------------------------------- text output

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
}

/// The comparison as text: what is compared, a summary, then each changed unit with its
/// changes marked.
/// Data of the corpus as it may reach the terminal: control characters made visible (issue 20,
/// finding 11); lexgap's own colour codes are added around it.
fn vis(s: &str) -> std::borrow::Cow<'_, str> {
    crate::diagnostic::visible_lines(s)
}

pub fn render_comparison(c: &Comparison, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    let day = |d: Option<Date>| d.map_or_else(|| "?".to_string(), |d| d.to_string());
    match &c.bill {
        Some(b) => {
            let status = b.status.map_or("", |s| s.keyword());
            let _ = writeln!(
                out,
                "{}",
                st.bold(&format!(
                    "Bill \"{}\" ({status}, effective {})",
                    vis(&b.title),
                    day(b.effective)
                ))
            );
            let _ = writeln!(out, "applied to {}", vis(&b.applied_to));
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                st.bold(&format!(
                    "{}: the law in force on {} and on {}",
                    c.jurisdiction,
                    day(c.from),
                    day(c.to)
                ))
            );
            if let Some(asked) = c.requested_from {
                let _ = writeln!(
                    out,
                    "(asked from {asked}; the corpus has no version of every act that early, so the comparison starts at {})",
                    day(c.from)
                );
            }
        }
    }
    if let Some(cov) = &c.coverage {
        let _ = writeln!(out, "\n{}", st.bold(&format!("Summary: {}", cov.line)));
    }
    if c.acts.is_empty() {
        let _ = writeln!(
            out,
            "\nNo act of {} has another version between these days.",
            c.jurisdiction
        );
        return out;
    }
    for act in &c.acts {
        out.push('\n');
        act_summary(&mut out, act, &st);
    }
    if let Some(cov) = &c.coverage {
        coverage(&mut out, cov, &st);
    }
    for act in &c.acts {
        if act.units.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", st.bold(&format!("Changes in {}", act.act)));
        for u in &act.units {
            out.push('\n');
            unit(&mut out, u, &st);
        }
    }
    out
}

/// The coverage delta: one row per obligation whose coverage changes, then the cells gained and
/// lost, grouped by the provisions responsible.
fn coverage(out: &mut String, cov: &CoverageDelta, st: &Style) {
    let _ = writeln!(
        out,
        "\n{}",
        st.bold("Coverage delta (computed coverage, without expert assessments)")
    );
    let _ = writeln!(out, "  before: {}", cov.before_summary);
    let _ = writeln!(out, "  after:  {}", cov.after_summary);
    if cov.obligations.is_empty() {
        let _ = writeln!(out, "  no obligation's coverage changes");
        return;
    }
    let rows: Vec<[String; 4]> = cov
        .obligations
        .iter()
        .map(|o| {
            [
                vis(&o.id).into_owned(),
                shorten(&vis(&o.title), 32),
                format!("{} → {}", o.before_label, o.after_label),
                format!(
                    "{}/{} → {}/{}",
                    o.cells_before.covered,
                    o.cells_before.total,
                    o.cells_after.covered,
                    o.cells_after.total
                ),
            ]
        })
        .collect();
    let head = ["obligation", "", "status before → after", "cells covered"];
    let width = |k: usize| {
        rows.iter()
            .chain(std::iter::once(&head.map(str::to_string)))
            .map(|r| r.get(k).map_or(0, |c| c.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let w = [width(0), width(1), width(2), width(3)];
    let pad = |s: &str, n: usize| format!("{s}{}", " ".repeat(n.saturating_sub(s.chars().count())));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {} {} {} {} effect",
        pad(head[0], w[0]),
        pad(head[1], w[1]),
        pad(head[2], w[2]),
        pad(head[3], w[3])
    );
    for (o, row) in cov.obligations.iter().zip(&rows) {
        let effect = match o.effect {
            Effect::Closes => st.green("closes a gap"),
            Effect::Opens => st.red("opens a gap"),
            Effect::Leaves => "gap remains".to_string(),
            Effect::None => String::new(),
        };
        let cells: Vec<String> = row.iter().zip(w).map(|(c, n)| pad(c, n)).collect();
        let line = format!("  {} {effect}", cells.join(" "));
        let _ = writeln!(out, "{}", line.trim_end());
        for (sign, cells, word) in [("+", &o.gained, "gained"), ("-", &o.lost, "lost")] {
            for (provisions, group) in group_by_provisions(cells) {
                let shown: Vec<String> = group
                    .iter()
                    .take(3)
                    .map(|c| {
                        if c.after == crate::coverage::CellStatus::Interpreted {
                            let now = if sign == "+" { "" } else { "now only " };
                            format!("{} ({now}by interpretation)", vis(&c.cell))
                        } else {
                            vis(&c.cell).into_owned()
                        }
                    })
                    .collect();
                let more = if group.len() > 3 {
                    format!(" and {} more", group.len() - 3)
                } else {
                    String::new()
                };
                let by = if provisions.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", vis(&provisions.join(", ")))
                };
                let line = format!(
                    "{sign} {} {word}{by}: {}{more}",
                    super::plural(group.len(), "cell"),
                    shown.join("; ")
                );
                let line = if sign == "+" {
                    st.green(&line)
                } else {
                    st.red(&line)
                };
                let _ = writeln!(out, "      {line}");
            }
        }
    }
}

/// `s` cut to at most `n` characters, with `…` where it was cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn act_summary(out: &mut String, act: &ActDiff, st: &Style) {
    let day = |d: Option<Date>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
    let c = &act.counts;
    let mut parts = Vec::new();
    for (n, word) in [
        (c.inserted, "inserted"),
        (c.repealed, "repealed"),
        (c.renumbered, "renumbered"),
        (c.moved, "moved"),
        (c.changed, "changed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    let what = if parts.is_empty() {
        "no change in text or tags".to_string()
    } else {
        format!("{} (articles, paragraphs and points)", parts.join(", "))
    };
    let _ = writeln!(
        out,
        "{} {} → {}: {what}",
        st.bold(&act.act),
        day(act.old_version),
        day(act.new_version)
    );
    if act.from_earliest_version {
        let _ = writeln!(
            out,
            "  (no version of {} is encoded that far back; compared from its earliest encoded version)",
            act.act
        );
    }
}

fn unit(out: &mut String, u: &UnitDiff, st: &Style) {
    let old = u.old.as_ref().map(|p| vis(&p.label));
    let old = old.as_deref();
    let new = u.new.as_ref().map(|p| vis(&p.label));
    let new = new.as_deref();
    let head = match u.change {
        UnitChange::Inserted => format!("{} — {}", new.unwrap_or("?"), st.green("inserted")),
        UnitChange::Repealed => format!("{} — {}", old.unwrap_or("?"), st.red("repealed")),
        UnitChange::Renumbered => format!(
            "{} → {} — renumbered, text {}% the same",
            old.unwrap_or("?"),
            new.unwrap_or("?"),
            u.similarity.unwrap_or(0)
        ),
        UnitChange::Moved => format!("{} — moved among its siblings", new.unwrap_or("?")),
        UnitChange::Changed => format!("{} — changed", new.unwrap_or("?")),
    };
    let _ = writeln!(out, "{}", st.bold(&head));
    if let Some(t) = &u.title {
        let _ = writeln!(out, "  title: {}", render(t, st.color));
    }
    for t in &u.texts {
        let _ = writeln!(out, "  text {}: {}", t.lang, render(&t.pieces, st.color));
        if t.coarse {
            let _ = writeln!(
                out,
                "  (word diff stopped after {} s: the text is shown replaced whole)",
                crate::amend::words::WORD_DIFF_BUDGET.as_secs()
            );
        }
    }
    let mut first = true;
    for l in &u.tags {
        let lead = if first { "  tags: " } else { "        " };
        first = false;
        let line = match l.op {
            Change::Insert => st.green(&format!("+ {}", vis(&l.line))),
            Change::Delete => st.red(&format!("- {}", vis(&l.line))),
            Change::Equal => format!("  {}", vis(&l.line)),
        };
        let _ = writeln!(out, "{lead}{line}");
    }
}
