//! The command line: a thin shell over the library. Each subcommand lives in its own file and
//! does three things — find the input, call the pipeline, print the result — and returns the
//! exit code: 0 ok, 1 findings (invalid input, or files `fmt --check` would change), 2 usage or
//! I/O error.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::diagnostic::{self, Diagnostic, RenderOptions, Severity};
use crate::source::Sources;
use crate::workspace::Workspace;

mod amend;
mod analyze;
pub(crate) mod check;
mod diff;
mod draft;
mod explain;
mod fmt;
mod import;
mod language;
mod lsp;
mod report;
mod vocabulary;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

const ABOUT: &str =
    "Check a country's law against an international instrument — first the UN Firearms Protocol.";

const LONG_ABOUT: &str = "\
lexgap checks a jurisdiction's law against the obligations of an international instrument — \
first the UN Firearms Protocol and the UN Convention against Transnational Organized Crime \
provisions that apply to it — and tells, obligation by obligation and element by element, what \
is covered, what is missing, and how an amending bill changes that.

Input lives in a workspace: a folder with a lexgap.toml, found by walking up from the current \
folder, or given with --workspace. It holds protocol/ (the instrument as YAML) and codes/ (one \
.law file per act version, codes/<JURISDICTION>/<act>/<YYYY-MM-DD>.law). Outside any workspace \
lexgap uses its bundled Western Balkans corpus, so every command works from any folder.";

const EXAMPLES: &str = "\
Examples:
  lexgap check                         validate the workspace (or the bundled corpus)
  lexgap check codes/RS                validate one jurisdiction's files
  lexgap fmt --check                   list files that are not in canonical layout
  lexgap diff ME --from 2022-01-01     what changed in Montenegro's law since then
  lexgap diff ME --bill codes/ME/bills/2023-firearms.bill
  lexgap completions bash > lexgap.bash

Exit codes: 0 ok, 1 findings, 2 usage or I/O error.";

#[derive(Debug, Parser)]
#[command(name = "lexgap", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// Use this folder as the workspace instead of searching for lexgap.toml.
    ///
    /// Without it, lexgap walks up from the current folder to the nearest lexgap.toml; where
    /// there is none, it uses the bundled protocol and Western Balkans corpus.
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// When to use colours: on a terminal only (auto), always, or never.
    ///
    /// `auto` also honours the NO_COLOR environment variable.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The instrument to measure: `firearms-protocol` (or `firearms`), `tip`, `drugs-1988` …
    ///
    /// Without it, each jurisdiction is measured against the instruments its jurisdiction.yaml
    /// lists under `instruments:` (the Firearms Protocol where it lists none).
    #[arg(long, global = true, value_name = "ID")]
    pub instrument: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate everything: syntax, headers, numbering, penalties, vocabulary, references.
    #[command(after_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// Rewrite .law files in canonical layout (idempotent; never changes text, tags or comments).
    #[command(after_help = fmt::EXAMPLES)]
    Fmt(fmt::FmtArgs),
    /// Which obligations the law in force meets, cell by cell, per jurisdiction.
    #[command(after_help = analyze::EXAMPLES)]
    Analyze(analyze::AnalyzeArgs),
    /// An obligation in plain words and its cells; with --in, how a jurisdiction covers each.
    #[command(after_help = explain::EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// The instrument's vocabulary: each facet's values, with labels and explanations.
    #[command(after_help = vocabulary::EXAMPLES)]
    Vocabulary(vocabulary::VocabularyArgs),
    /// Compare the law on two days, or the law with what a bill would make of it.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Draft a bill that closes the criminal-law gaps of a jurisdiction, and verify it.
    #[command(after_help = draft::EXAMPLES)]
    Draft(draft::DraftArgs),
    /// Amending bills: write an adopted bill's result as the next consolidated version.
    #[command(subcommand)]
    Amend(amend::AmendCommand),
    /// Reports: gap analysis, amendment review, regional comparison (HTML, Markdown, CSV, JSON, Word, Excel).
    ///
    /// With no arguments, writes every report of the workspace (or the bundled corpus) into
    /// lexgap-report/: index.html is the regional comparison and links the rest.
    #[command(after_help = report::EXAMPLES)]
    Report(report::ReportArgs),
    /// Make a .law skeleton from an official text (pdftotext -layout output or HTML).
    #[command(after_help = import::EXAMPLES)]
    Import(import::ImportArgs),
    /// Suggest offence tags and penalties for the units of a .law file (never applied).
    #[command(after_help = import::SUGGEST_EXAMPLES)]
    Suggest(import::SuggestArgs),
    /// The language server for editors (VS Code, Neovim …), over stdin/stdout.
    #[command(after_help = lsp::EXAMPLES)]
    Lsp(lsp::LspArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  lexgap completions bash > ~/.local/share/bash-completion/completions/lexgap\n  lexgap completions zsh > ~/.zfunc/_lexgap\n  lexgap completions fish > ~/.config/fish/completions/lexgap.fish"
    )]
    Completions {
        /// The shell to generate for.
        shell: clap_complete::Shell,
    },
}

/// What every subcommand gets: the workspace, colour choice, where it was started, and how the
/// workspace is read (the instrument measured: a parameter of the load, not process-wide state).
#[derive(Clone)]
pub struct Context {
    pub cwd: PathBuf,
    pub workspace_arg: Option<PathBuf>,
    pub color: ColorChoice,
    pub options: crate::model::LoadOptions,
}

impl Context {
    /// The workspace, carrying this context's load options to every load of it.
    pub fn workspace(&self) -> Result<Workspace, crate::workspace::WorkspaceError> {
        let mut ws = Workspace::discover(&self.cwd, self.workspace_arg.as_deref())?;
        ws.options = self.options.clone();
        Ok(ws)
    }

    /// This context measuring the plan's `i`-th instrument.
    pub fn measuring(&self, plan: &Plan, i: usize) -> Context {
        let id = plan
            .get(i)
            .map(|(id, _)| id.as_str())
            .filter(|s| !s.is_empty());
        Context {
            options: crate::model::LoadOptions::measuring(id),
            ..self.clone()
        }
    }

    /// This context measuring the default instrument: what a plan is made from.
    fn unchosen(&self) -> Context {
        Context {
            options: crate::model::LoadOptions::default(),
            ..self.clone()
        }
    }

    /// This context reading every instrument at once (the comparative report).
    fn whole(&self) -> Context {
        Context {
            options: crate::model::LoadOptions {
                instrument: crate::model::InstrumentChoice::Whole,
            },
            ..self.clone()
        }
    }

    /// Whether to colour output going to stderr (diagnostics of commands whose stdout is data).
    pub fn color_stderr(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }

    /// Whether to colour output going to stdout.
    pub fn color_stdout(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Runs lexgap with the given arguments (including the program name) and returns the exit code.
pub fn run_from(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let ctx = Context {
        cwd,
        workspace_arg: cli.workspace,
        color: cli.color,
        options: crate::model::LoadOptions::default(),
    };
    let explicit = cli.instrument.as_deref();
    let code = match cli.command {
        Command::Check(args) => match explicit {
            Some(id) => match plan_instruments(&ctx, Some(id), &[]) {
                Ok(plan) => check::run(&ctx.measuring(&plan, 0), &args),
                Err(code) => return ExitCode::from(code),
            },
            None => check::run(&ctx, &args),
        },
        Command::Fmt(args) => fmt::run(&ctx, &args),
        Command::Analyze(args) => match plan_instruments(&ctx, explicit, &args.jurisdictions) {
            Err(code) => code,
            Ok(plan) => analyze::run_plan(&ctx, &args, &plan),
        },
        Command::Explain(args) => {
            let from_id = if explicit.is_none() {
                instrument_of_obligation(&ctx, &args.obligation)
            } else {
                None
            };
            let wanted: Vec<String> = args.jurisdiction.iter().cloned().collect();
            match plan_instruments(&ctx, from_id.as_deref().or(explicit), &wanted) {
                Err(code) => code,
                Ok(plan) => {
                    let mut worst = EXIT_OK;
                    for i in 0..plan.len() {
                        if i > 0 {
                            println!();
                        }
                        worst = worst.max(explain::run(&ctx.measuring(&plan, i), &args));
                    }
                    worst
                }
            }
        }
        Command::Vocabulary(args) => vocabulary::run(&ctx, &args),
        // The whole comparison runs on a thread of rayon's pool: its phases hand work to each
        // other there, where from the main thread each `join` wakes a worker and puts the main
        // thread to sleep until the work is done, then wakes it again (a quarter of a
        // millisecond each time, a diff's hundredth; more on a busy machine).
        Command::Diff(args) => rayon::scope(|_| {
            // The jurisdiction's acts are parsed while the plan reads the instrument.
            let (plan, ahead) = rayon::join(
                || plan_with_world(&ctx, explicit, std::slice::from_ref(&args.jurisdiction)),
                || diff::read_ahead(&ctx, &args),
            );
            match plan {
                Err(code) => code,
                Ok((plan, world)) => {
                    // The world the plan was read from, where the first comparison measures
                    // what it measures.
                    let world =
                        world.filter(|w| plan.first().is_some_and(|(id, _)| measures(w, id)));
                    diff::run_plan(&ctx, &args, &plan, ahead, world)
                }
            }
        }),
        Command::Draft(args) => with_one_instrument(
            &ctx,
            explicit,
            std::slice::from_ref(&args.jurisdiction),
            |ctx| draft::run(ctx, &args),
        ),
        Command::Amend(cmd) => amend::run(&ctx, &cmd),
        // The comparative report reads every instrument at once: it compares their offences.
        Command::Report(args)
            if matches!(args.kind, Some(report::ReportKind::Comparative { .. })) =>
        {
            report::run(&ctx.whole(), &args)
        }
        Command::Report(args) => {
            // A gap or amendment report measures the instruments its jurisdiction lists.
            let wanted: Vec<String> = match &args.kind {
                Some(
                    report::ReportKind::Gap { jurisdiction, .. }
                    | report::ReportKind::Amendment { jurisdiction, .. },
                ) => vec![jurisdiction.clone()],
                _ => Vec::new(),
            };
            match plan_instruments(&ctx, explicit, &wanted) {
                Err(code) => code,
                Ok(plan) => report::run_plan(&ctx, &args, &plan),
            }
        }
        Command::Import(args) => import::run(&ctx, &args),
        Command::Suggest(args) => import::run_suggest(&ctx, &args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "lexgap", &mut std::io::stdout());
            EXIT_OK
        }
    };
    ExitCode::from(code)
}

/// Prints a one-line error for a failure that stops the command (exit code 2).
/// The date a command takes the law as in force on when none is given: the latest date any act
/// version of the workspace takes effect (`latest`), the one rule of every command (`analyze`,
/// `explain`, `diff`, `report`), so that the same input gives the same answer on any day; today
/// where the workspace has no act version.
pub fn default_date(latest: Option<Date>) -> Date {
    latest.unwrap_or_else(Date::today)
}

pub fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    EXIT_ERROR
}

/// Sorts diagnostics into a stable order: by file, position, code.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// At most this many diagnostics are shown, in text or JSON; the rest are counted ("… and N
/// more"), and the counts, the summary line and the exit code are of all of them. Two million
/// diagnostics of one misspelt file were 4.9 GB of JSON in memory (issue 20, finding 4).
pub const MAX_SHOWN_DIAGNOSTICS: usize = 1000;

/// Renders diagnostics as text, separated by blank lines: the first
/// [`MAX_SHOWN_DIAGNOSTICS`], then a line counting the rest.
pub fn render_text(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut out = String::new();
    for d in diags.iter().take(MAX_SHOWN_DIAGNOSTICS) {
        out.push_str(&diagnostic::render(d, sources, RenderOptions { color }));
        out.push_str("\n\n");
    }
    if let Some(rest) = diags.get(MAX_SHOWN_DIAGNOSTICS..).filter(|r| !r.is_empty()) {
        out.push_str(&format!(
            "… and {} more ({}), not shown: the first {MAX_SHOWN_DIAGNOSTICS} are; fix \
             those and check again\n\n",
            rest.len(),
            count_summary(rest)
        ));
    }
    out
}

/// "2 errors, 1 warning".
pub fn count_summary(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A progress bar on stderr for long runs over many jurisdictions. It is drawn only when stderr
/// is a terminal, and only once the run has taken a second: quick runs and pipes stay silent.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    pub fn new(what: &str, total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} {wide_bar} {pos}/{len} jurisdictions, {elapsed}",
            ) {
                bar.set_style(style);
            }
            bar.set_message(what.to_string());
            bar
        });
        Progress {
            bar,
            start: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// One more jurisdiction done.
    pub fn tick(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.load(Relaxed)
            && self.start.elapsed() >= std::time::Duration::from_secs(1)
            && !self.shown.swap(true, Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar (it leaves no line behind).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The instruments a command measures, each with the jurisdictions to measure against it
/// (`None`: those the command was given). With `--instrument`, that one; else the instruments
/// the jurisdictions' `jurisdiction.yaml` files list (the default instrument where one lists none),
/// in the order of the instrument files. Exit code 2 for an unknown instrument.
pub type Plan = Vec<(String, Option<Vec<String>>)>;

fn plan_instruments(ctx: &Context, explicit: Option<&str>, wanted: &[String]) -> Result<Plan, u8> {
    plan_with_world(ctx, explicit, wanted).map(|(plan, _)| plan)
}

/// [`plan_instruments`], with the world the plan was made from (`None` where it could not be
/// read, which the command then reports). That world measures the default instrument: a command
/// whose first instrument is that one can go on with it ([`measures`]) rather than list and read
/// the workspace's small files again.
fn plan_with_world(
    ctx: &Context,
    explicit: Option<&str>,
    wanted: &[String],
) -> Result<(Plan, Option<crate::stream::World>), u8> {
    // Read as where nothing is chosen: the plan is what chooses.
    let ws = ctx.unchosen().workspace().map_err(fail)?;
    match crate::stream::World::open(&ws) {
        Ok(world) => plan_from(&world, explicit, wanted).map(|plan| (plan, Some(world))),
        // The command reports what could not be read.
        Err(_) => Ok((Vec::from([(String::new(), None)]), None)),
    }
}

/// Whether `world`, opened as [`plan_with_world`] opens it, is the world a command measuring
/// the plan's instrument `id` would open: the one `--instrument id` selects is the one the
/// world selected where nothing was chosen (an empty id: nothing to choose from).
fn measures(world: &crate::stream::World, id: &str) -> bool {
    id.is_empty() || world.instrument.measured().is_some_and(|m| m.id == id)
}

fn plan_from(
    world: &crate::stream::World,
    explicit: Option<&str>,
    wanted: &[String],
) -> Result<Plan, u8> {
    let library = &world.instrument;
    if let Some(id) = explicit {
        return match library.analysis_set(id) {
            Ok(set) => Ok(vec![(
                set.measured().map(|m| m.id.clone()).unwrap_or_default(),
                None,
            )]),
            Err(e) => Err(fail(format!("--instrument {id}: {e}"))),
        };
    }
    let sets: Vec<String> = library
        .analysis_set_ids()
        .into_iter()
        .map(str::to_string)
        .collect();
    if sets.is_empty() {
        return Ok(Vec::from([(String::new(), None)]));
    }
    let default = library
        .resolve_id(crate::model::DEFAULT_INSTRUMENT)
        .filter(|d| sets.iter().any(|s| s == d))
        .map(str::to_string)
        .or_else(|| sets.first().cloned())
        .unwrap_or_default();
    let jurisdictions = if wanted.is_empty() {
        world.jurisdictions_with_law()
    } else {
        wanted.to_vec()
    };
    // The instruments each jurisdiction lists, in its own list's order (the first is the one
    // a single-instrument command measures).
    let mut first: Option<String> = None;
    let mut per_set: Vec<(String, Vec<String>)> =
        sets.iter().map(|s| (s.clone(), Vec::new())).collect();
    for j in &jurisdictions {
        let listed: Vec<String> = match world.metadata_of(j).and_then(|m| m.instruments.as_ref()) {
            Some(list) => list
                .iter()
                .filter_map(|a| library.resolve_id(&a.id).map(str::to_string))
                .filter(|id| sets.contains(id))
                .collect(),
            // No list: the default instrument (the Firearms Protocol, else the first set).
            None => Vec::from([default.clone()]),
        };
        if first.is_none() {
            first = listed.first().cloned();
        }
        for id in listed {
            if let Some((_, js)) = per_set.iter_mut().find(|(s, _)| *s == id) {
                js.push(j.clone());
            }
        }
    }
    let mut plan: Plan = per_set
        .into_iter()
        .filter(|(_, js)| !js.is_empty())
        .map(|(s, js)| (s, Some(js)))
        .collect();
    if plan.is_empty() {
        plan = vec![(sets.first().cloned().unwrap_or_default(), None)];
    }
    // The jurisdictions' first-listed instrument leads.
    if let Some(f) = first
        && let Some(i) = plan.iter().position(|(s, _)| *s == f)
    {
        let lead = plan.remove(i);
        plan.insert(0, lead);
    }
    if plan.len() == 1
        && let Some(p) = plan.first_mut()
    {
        p.1 = None;
    }
    Ok(plan)
}

/// Where a command measures one instrument and the jurisdictions list several: says which. (A
/// listed instrument is one the corpus analyses, not necessarily one the State has ratified:
/// `jurisdiction.yaml` records the status, often unknown.)
pub(super) fn note_first_only(plan: &Plan, why: &str) {
    if plan.len() > 1 {
        let rest: Vec<&str> = plan.iter().skip(1).map(|(s, _)| s.as_str()).collect();
        eprintln!(
            "note: measuring {} ({why}); the jurisdiction's instruments also include {}: pass --instrument ID for another",
            plan.first().map_or("", |(s, _)| s.as_str()),
            rest.join(", ")
        );
    }
}

/// Whether a jurisdiction's `instruments:` list names an instrument (the default instrument
/// where it has no list): the jurisdictions a report of that instrument has rows for.
pub(super) fn lists(world: &crate::stream::World, j: &str, id: &str) -> bool {
    let library = &world.instrument;
    match world.metadata_of(j).and_then(|m| m.instruments.as_ref()) {
        Some(list) => list.iter().any(|a| library.resolve_id(&a.id) == Some(id)),
        None => library
            .resolve_id(crate::model::DEFAULT_INSTRUMENT)
            .map_or_else(
                || library.analysis_set_ids().first() == Some(&id),
                |d| d == id,
            ),
    }
}

/// Runs a command that measures one instrument: `--instrument`, else the first the
/// jurisdictions list (with a note where they list several).
fn with_one_instrument(
    ctx: &Context,
    explicit: Option<&str>,
    wanted: &[String],
    run: impl FnOnce(&Context) -> u8,
) -> u8 {
    match plan_instruments(ctx, explicit, wanted) {
        Err(code) => code,
        Ok(plan) => {
            note_first_only(&plan, "one per run");
            run(&ctx.measuring(&plan, 0))
        }
    }
}

/// The instrument an obligation id belongs to, where that decides the analysis set: a
/// protocol's or a standalone convention's own obligation (not a supplemented convention's,
/// which belongs to every protocol it supplements).
fn instrument_of_obligation(ctx: &Context, obligation: &str) -> Option<String> {
    let ws = ctx.unchosen().workspace().ok()?;
    let world = crate::stream::World::open(&ws).ok()?;
    let lib = &world.instrument;
    let of = lib.instrument_of(obligation)?;
    lib.analysis_set_ids().contains(&of).then(|| of.to_string())
}

/// A JSON document of several instruments' results (issue 18): `schema`, `measured` (the
/// instrument ids in the order measured) and, under `field`, each result keyed by its
/// instrument's id in that order.
pub struct ByInstrument<'a, T: serde::Serialize> {
    pub schema: &'static str,
    pub field: &'static str,
    pub items: Vec<(&'a str, &'a T)>,
}

impl<T: serde::Serialize> serde::Serialize for ByInstrument<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        struct Keyed<'b, U: serde::Serialize>(&'b [(&'b str, &'b U)]);
        impl<U: serde::Serialize> serde::Serialize for Keyed<'_, U> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let measured: Vec<&str> = self.items.iter().map(|(k, _)| *k).collect();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("schema", self.schema)?;
        map.serialize_entry("measured", &measured)?;
        map.serialize_entry(self.field, &Keyed(&self.items))?;
        map.end()
    }
}
