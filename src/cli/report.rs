//! `lexgap report …`: the gap analysis of a jurisdiction, the amendment review of a bill or of
//! two versions, the regional comparison — or, with no arguments, the whole set for the
//! workspace (or the bundled corpus) in `lexgap-report/`.
//!
//! This file does the I/O the report stage must not: it reads the workspace and the template
//! folders, and writes the files (atomically, and never over an input). Rendering itself is
//! `crate::report`.
//!
//! The regional report reads the workspace one jurisdiction at a time (`crate::stream`), so it
//! runs on a world-scale corpus; the gap and amendment reports stream it for its errors and
//! dates, then load one jurisdiction ([`read_one`]); the whole set loads the workspace at once
//! (it reports on every jurisdiction and every pair of versions).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::{Context, EXIT_FINDINGS, EXIT_OK, fail, render_text, sort_diagnostics};
use crate::coverage::{Analysis, JurisdictionCoverage};
use crate::date::Date;
use crate::model::Model;
use crate::report::adapt::{self, Adapter, Inputs};
use crate::report::view::{BillView, Link, Report};
use crate::report::{Format, Renderer, ReportError, Templates, digest};
use crate::workspace::{Loaded, Origin, Workspace};

pub const EXAMPLES: &str = "\
Examples:
  lexgap report                                   the whole set, in lexgap-report/ (open index.html)
  lexgap report gap ME -o me.html                 Montenegro's gap analysis
  lexgap report gap AL --lang sq --format md      in Albanian, as Markdown, to stdout
  lexgap report amendment ME --from 2008-12-31 --to 2023-12-31 -o me-2023.html
  lexgap report amendment ME --bill codes/ME/bills/2026-draft.bill -o review.html
  lexgap report regional --format csv -o region.csv
  lexgap report comparative ME MK RS -o trafficking.html   firearms, drugs, human beings side by side
  lexgap report --format html,docx,xlsx           the whole set, each report as HTML, Word and Excel
  lexgap report gap ME --format docx -o me.docx   for a working group to edit and comment
  lexgap report regional --format xlsx -o region.xlsx
  lexgap report gap RS --templates my-templates/  our own layout (templates by name)

The law is taken as in force on --at; without it, on the latest date any act version in the
corpus takes effect, so the same input gives the same report on any day. Reports carry no date
unless --date is given.

Exit codes: 0 ok, 1 the input is invalid (diagnostics on stderr; the report uses what could be
read), 2 usage, template or I/O error.";

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub kind: Option<ReportKind>,

    /// Output format: one self-contained HTML file, Markdown, CSV (one row per jurisdiction ×
    /// obligation), JSON (the schema of `analyze --format json`), a Word document (docx) or an
    /// Excel workbook (xlsx). The whole set (`lexgap report`) takes several, comma-separated or
    /// repeated (`--format html,docx,xlsx`), and writes each report in each.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Html], global = true)]
    pub format: Vec<FormatArg>,

    /// Language of the report's headings, statuses and notes.
    #[arg(long, value_enum, default_value_t = Lang::En, global = true, ignore_case = true)]
    pub lang: Lang,

    /// Write to this file (a single report) or folder (the whole set). Default: stdout for a
    /// single report, lexgap-report/ for the set.
    #[arg(short = 'o', long, value_name = "PATH", global = true)]
    pub output: Option<PathBuf>,

    /// Use templates from this folder where it has them (by name, e.g. gap/report.html,
    /// style.css, locales/sq.yaml); the bundled ones for the rest.
    #[arg(long, value_name = "DIR", global = true)]
    pub templates: Option<PathBuf>,

    /// Print this date (YYYY-MM-DD, or `today`) on the report. Without it a report carries no
    /// date, so that two runs over the same input give identical files.
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_print_date)]
    pub date: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// Gap analysis of one jurisdiction: the legislative assessment table.
    Gap {
        /// The jurisdiction (`ME`, `BA-FBIH` …).
        jurisdiction: String,
        /// The law in force on this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date)]
        at: Option<Date>,
        /// A draft bill (`lexgap draft J -o FILE`, or any `.bill` amending J's code): each
        /// obligation's recommendation names the operations of the draft that address it and
        /// the elements they close (the bill applied, as `lexgap diff --bill` does).
        #[arg(long, value_name = "FILE")]
        draft: Option<PathBuf>,
    },
    /// Amendment review: synoptic table and coverage change, between two dates or for a bill.
    Amendment {
        jurisdiction: String,
        /// The text in force on this date …
        #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date, requires = "to", conflicts_with = "bill")]
        from: Option<Date>,
        /// … compared with the text in force on this one.
        #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date, requires = "from")]
        to: Option<Date>,
        /// A bill (`.bill` file): the version it amends compared with the proposed text.
        #[arg(long, value_name = "FILE")]
        bill: Option<PathBuf>,
    },
    /// Comparative analysis of the trafficking offences (firearms, drugs, human beings — each
    /// instrument's `comparative:` entries): per jurisdiction side by side, inconsistencies
    /// flagged; and across jurisdictions, offence by offence.
    Comparative {
        /// The jurisdictions (`ME MK RS`); default: every jurisdiction with law.
        jurisdictions: Vec<String>,
        /// The law in force on this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date)]
        at: Option<Date>,
    },
    /// Regional comparison: jurisdictions × obligations, the KPI and its trend.
    Regional {
        /// The law in force on this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = super::analyze::parse_date)]
        at: Option<Date>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Html,
    Md,
    Csv,
    Json,
    /// A Word document.
    Docx,
    /// An Excel workbook.
    Xlsx,
}

impl ReportArgs {
    /// The one format of a single report: several are for the whole set only. A Word or Excel
    /// file is not written to a terminal.
    fn single_format(&self) -> Result<Format, String> {
        let formats = self.formats();
        let [format] = formats.as_slice() else {
            return Err(
                "a single report is written in one format; several (--format html,docx,xlsx) are for \
                 the whole set (`lexgap report`)"
                    .into(),
            );
        };
        if matches!(format, Format::Docx | Format::Xlsx)
            && self.output.is_none()
            && std::io::IsTerminal::is_terminal(&std::io::stdout())
        {
            return Err(format!(
                "a {} file is binary: write it to a file with -o FILE.{0}",
                format.extension()
            ));
        }
        Ok(*format)
    }

    /// The formats asked for, each once, in the order given.
    fn formats(&self) -> Vec<Format> {
        let mut out: Vec<Format> = Vec::new();
        for f in &self.format {
            if !out.contains(&f.format()) {
                out.push(f.format());
            }
        }
        out
    }
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Md,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Docx => Format::Docx,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Albanian.
    Sq,
    /// Macedonian.
    Mk,
    /// Serbian, Latin script.
    #[value(name = "sr-Latn")]
    SrLatn,
    /// Serbian, Cyrillic script.
    #[value(name = "sr-Cyrl")]
    SrCyrl,
}

impl Lang {
    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sq => "sq",
            Lang::Mk => "mk",
            Lang::SrLatn => "sr-Latn",
            Lang::SrCyrl => "sr-Cyrl",
        }
    }
}

fn parse_print_date(s: &str) -> Result<Date, String> {
    if s == "today" {
        return Ok(Date::today());
    }
    super::analyze::parse_date(s)
}

/// What the run read: the model, the loaded files, their digests, and every input path on disk
/// (so that no output lands on one).
struct Read {
    ws: Workspace,
    model: Model,
    loaded: Loaded,
    digests: BTreeMap<String, String>,
    invalid: bool,
    inputs_on_disk: BTreeSet<PathBuf>,
    /// The latest date a version of any act of the workspace takes effect (the default `--at`).
    latest: Option<Date>,
    /// The jurisdictions of the workspace with law, for messages about an unknown one.
    known: Vec<String>,
}

pub fn run(ctx: &Context, args: &ReportArgs) -> u8 {
    match run_inner(ctx, args, &mut Sink::Emit, false) {
        Ok(code) => code,
        Err(message) => fail(message),
    }
}

/// Where a single report goes: written out (`-o`, or stdout), or kept for [`run_plan`], which
/// writes one report per instrument. `listed_only`: the regional report's rows are the
/// jurisdictions that list the instrument measured.
enum Sink<'s> {
    Emit,
    Capture {
        out: Option<(Vec<u8>, BTreeSet<PathBuf>)>,
        /// The report's view and catalog, for a document of several instruments (Word, Excel
        /// and HTML on standard output: [`crate::report::several`]).
        view: Option<(Report, crate::report::locale::Catalog)>,
        listed_only: bool,
    },
    /// One instrument's part of the whole set (`lexgap report`), written into `set`.
    Set {
        set: &'s mut SetRun,
        part: SetPart,
    },
}

/// The whole set being written (`lexgap report`): one folder holding every instrument's
/// reports, the first instrument's under their plain names (`gap-ME.html`, `index.html`), each
/// other's as `STEM.ID.EXT` (`gap-ME.tip.html`, `index.tip.html`) — the naming of `-o FILE`.
/// The indexes are rendered last, when every instrument's title is known, so that each links
/// to the others.
struct SetRun {
    dir: PathBuf,
    /// Created by the first part, once the run knows its input files (`-o` is never one).
    writer: Option<crate::fsio::SetWriter>,
    written: usize,
    indexes: Vec<PendingIndex>,
    /// The renderer of the indexes: every part's is the same (templates and language).
    renderer: Option<Renderer>,
    inputs_on_disk: BTreeSet<PathBuf>,
}

/// One instrument's part of the set: the suffix of its files' stems (empty for the first
/// instrument, `.tip` for another) and, where the plan measures several instruments, the
/// jurisdictions that list it (its reports are theirs).
struct SetPart {
    suffix: String,
    only: Option<BTreeSet<String>>,
}

impl SetPart {
    fn includes(&self, j: &str) -> bool {
        self.only.as_ref().is_none_or(|js| js.contains(j))
    }
}

const INTERNAL_INDEX: &str =
    "lexgap stopped on an internal error (an index of the set was not prepared); please report it";

/// An instrument's index, to be rendered when the set is complete.
struct PendingIndex {
    suffix: String,
    /// The instrument measured, as the index names it.
    title: String,
    /// The regional report, its links kept as stems.
    view: Report,
    /// The index in JSON (the analyses of its rows): it has no links.
    json: Option<Vec<u8>>,
}

impl SetRun {
    fn new(ctx: &Context, args: &ReportArgs) -> SetRun {
        SetRun {
            dir: ctx.cwd.join(
                args.output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("lexgap-report")),
            ),
            writer: None,
            written: 0,
            indexes: Vec::new(),
            renderer: None,
            inputs_on_disk: BTreeSet::new(),
        }
    }

    /// The set is written into a temporary folder beside `dir` and moved into place when
    /// whole: a run that fails or is killed part-way leaves `dir` as it was (issue 20).
    fn open(&mut self, ctx: &Context, inputs_on_disk: &BTreeSet<PathBuf>) -> Result<(), String> {
        self.inputs_on_disk.extend(inputs_on_disk.iter().cloned());
        if self.inputs_on_disk.contains(&canonical(&self.dir)) {
            return Err(format!("{} is an input file", display(ctx, &self.dir)));
        }
        if self.writer.is_none() {
            if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            self.writer = Some(
                crate::fsio::SetWriter::new(&self.dir)
                    .map_err(|e| format!("cannot write {}: {e}", self.dir.display()))?,
            );
        }
        Ok(())
    }

    /// Writes `STEM.EXT`, never over an input of the run.
    fn put(&mut self, stem: &str, format: Format, bytes: &[u8]) -> Result<(), String> {
        let name = format!("{stem}.{}", format.extension());
        let path = self.dir.join(&name);
        if self.inputs_on_disk.contains(&canonical(&path)) {
            return Err(format!(
                "{} is an input of this run; lexgap never writes over its input (choose another -o)",
                path.display()
            ));
        }
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| format!("cannot write {}", path.display()))?;
        writer
            .put(&name, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        self.written += 1;
        Ok(())
    }

    /// Renders each instrument's index, linked to the others', moves the set into place and
    /// says where it is.
    fn finish(mut self, ctx: &Context, args: &ReportArgs) -> Result<(), String> {
        let formats = args.formats();
        let titles: Vec<(String, String)> = self
            .indexes
            .iter()
            .map(|i| (i.suffix.clone(), i.title.clone()))
            .collect();
        let indexes = std::mem::take(&mut self.indexes);
        let renderer = self.renderer.take();
        for index in indexes {
            let mut view = index.view;
            if let Report::Regional(r) = &mut view {
                r.links.instruments = titles
                    .iter()
                    .filter(|(suffix, _)| *suffix != index.suffix)
                    .map(|(suffix, title)| Link {
                        href: format!("index{suffix}"),
                        label: title.clone(),
                    })
                    .collect();
            }
            let stem = format!("index{}", index.suffix);
            for &format in &formats {
                let bytes = if format == Format::Json {
                    index.json.clone().ok_or(INTERNAL_INDEX)?
                } else {
                    let renderer = renderer.as_ref().ok_or(INTERNAL_INDEX)?;
                    render(renderer, &with_extension(&view, format.extension()), format)?
                };
                self.put(&stem, format, &bytes)?;
            }
        }
        let first = formats.first().map_or("html", |f| f.extension());
        let Some(writer) = self.writer.take() else {
            return Err(format!(
                "nothing was written to {}",
                display(ctx, &self.dir)
            ));
        };
        writer
            .finish()
            .map_err(|e| format!("cannot write {}: {e}", self.dir.display()))?;
        println!(
            "wrote {} reports to {}/ (start with {})",
            self.written,
            display(ctx, &self.dir),
            display(ctx, &self.dir.join(format!("index.{first}")))
        );
        Ok(())
    }
}

/// The schema of a gap report's JSON for several instruments: `analyze`'s (docs/json.md).
const GAP_SCHEMA_SEVERAL: &str = crate::coverage::ANALYSES_SCHEMA;
/// The schema of an amendment or regional report's JSON for several instruments.
const REPORTS_SCHEMA: &str = "lexgap.reports/1";

/// The single reports (`gap`, `amendment`, `regional`) measure every instrument of the plan
/// (issue 18): one report per instrument, each naming the instrument it measures. With `-o
/// FILE`, FILE is the first instrument's report and `STEM.ID.EXT` beside it each other's
/// (`me.html`, `me.tip.html`); to standard output, one document of every instrument: JSON keyed
/// by instrument (`lexgap.analyses/1` for `gap`, `lexgap.reports/1` for the others), the other
/// formats as [`crate::report::several`] puts them together. The whole set (`lexgap report`)
/// holds every instrument's reports ([`run_set`]). docs/reports.md says why one report per
/// instrument.
pub fn run_plan(ctx: &Context, args: &ReportArgs, plan: &super::Plan) -> u8 {
    if args.kind.is_none() {
        return match run_set(ctx, args, plan) {
            Ok(code) => code,
            Err(message) => fail(message),
        };
    }
    let several = plan.len() > 1;
    let format = args.single_format();
    // A draft closes the gaps of one instrument (`lexgap draft`: the first listed).
    let with_draft = matches!(args.kind, Some(ReportKind::Gap { draft: Some(_), .. }));
    if !several || with_draft || format.is_err() {
        if several && with_draft {
            super::note_first_only(
                plan,
                "a draft is read beside the report of the instrument it closes the gaps of",
            );
        }
        return run(&ctx.measuring(plan, 0), args);
    }
    let Ok(format) = format else {
        return run(ctx, args);
    };
    let mut worst = EXIT_OK;
    let mut outs: Vec<Captured> = Vec::with_capacity(plan.len());
    for (i, (id, _)) in plan.iter().enumerate() {
        let mut sink = Sink::Capture {
            out: None,
            view: None,
            listed_only: true,
        };
        // The input's errors are printed once, by the first instrument's run.
        let done = run_inner(&ctx.measuring(plan, i), args, &mut sink, i > 0);
        match done {
            Ok(code) => worst = worst.max(code),
            Err(message) => return fail(message),
        }
        if let Sink::Capture {
            out: Some((bytes, inputs)),
            view,
            ..
        } = sink
        {
            outs.push(Captured {
                id: id.clone(),
                bytes,
                inputs,
                view,
            });
        }
    }
    let written = match &args.output {
        Some(path) => {
            let first = ctx.cwd.join(path);
            outs.iter().enumerate().try_for_each(|(i, c)| {
                let path = if i == 0 {
                    first.clone()
                } else {
                    beside(&first, &c.id)
                };
                write_output(&c.inputs, &path, &c.bytes)?;
                println!("wrote {}", display(ctx, &path));
                Ok::<(), String>(())
            })
        }
        None => several_to_stdout(args, format, &outs),
    };
    match written {
        Ok(()) => worst,
        Err(message) => fail(message),
    }
}

/// The whole set (`lexgap report`) of every instrument of the plan, in one folder: the first
/// instrument's reports under their plain names, each other's as `STEM.ID.EXT`, only for the
/// jurisdictions that list it, and each instrument's index linking to the others'.
fn run_set(ctx: &Context, args: &ReportArgs, plan: &super::Plan) -> Result<u8, String> {
    // Which jurisdictions list each instrument: as the per-instrument regional report's rows.
    let listing: Vec<Option<BTreeSet<String>>> = if plan.len() > 1 {
        let ws = ctx.workspace().map_err(|e| e.to_string())?;
        let world = crate::stream::World::open(&ws).map_err(|e| e.join("\nerror: "))?;
        let mut all: BTreeSet<String> = world.jurisdictions_with_metadata().into_iter().collect();
        all.extend(world.jurisdictions_with_law());
        plan.iter()
            .map(|(id, _)| {
                Some(
                    all.iter()
                        .filter(|j| super::lists(&world, j, id))
                        .cloned()
                        .collect(),
                )
            })
            .collect()
    } else {
        vec![None]
    };
    let mut set = SetRun::new(ctx, args);
    let mut worst = EXIT_OK;
    for (i, ((id, _), only)) in plan.iter().zip(listing).enumerate() {
        let part = SetPart {
            suffix: if i == 0 {
                String::new()
            } else {
                format!(".{id}")
            },
            only,
        };
        let done = run_inner(
            &ctx.measuring(plan, i),
            args,
            &mut Sink::Set {
                set: &mut set,
                part,
            },
            i > 0,
        );
        worst = worst.max(done?);
    }
    set.finish(ctx, args)?;
    Ok(worst)
}

/// `me.html` → `me.tip.html`: the report of another instrument beside the first's.
fn beside(path: &Path, id: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{id}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{id}"),
    };
    path.with_file_name(name)
}

/// One instrument's report, kept by [`run_plan`] until every instrument is measured.
struct Captured {
    id: String,
    bytes: Vec<u8>,
    inputs: BTreeSet<PathBuf>,
    view: Option<(Report, crate::report::locale::Catalog)>,
}

/// Several instruments' reports on standard output, as one document: JSON keyed by
/// instrument; the other formats as [`crate::report::several`] puts them together (HTML a
/// section per instrument, CSV a `measured` column, Word a chapter per instrument, Excel each
/// instrument's sheets, Markdown one report after the other).
fn several_to_stdout(args: &ReportArgs, format: Format, outs: &[Captured]) -> Result<(), String> {
    let bytes = if format == Format::Json {
        let mut docs: Vec<(&str, serde_json::Value)> = Vec::with_capacity(outs.len());
        for c in outs {
            let v: serde_json::Value =
                serde_json::from_slice(&c.bytes).map_err(|e| format!("cannot write JSON: {e}"))?;
            docs.push((c.id.as_str(), v));
        }
        let (schema, field) = match args.kind {
            Some(ReportKind::Gap { .. }) => (GAP_SCHEMA_SEVERAL, "analyses"),
            _ => (REPORTS_SCHEMA, "reports"),
        };
        let doc = super::ByInstrument {
            schema,
            field,
            items: docs.iter().map(|(id, v)| (*id, v)).collect(),
        };
        json(&doc)?
    } else {
        let catalog = outs
            .iter()
            .find_map(|c| c.view.as_ref().map(|(_, catalog)| catalog.clone()));
        let parts: Vec<crate::report::several::Part> = outs
            .iter()
            .map(|c| crate::report::several::Part {
                id: c.id.clone(),
                title: c
                    .view
                    .as_ref()
                    .map_or_else(|| c.id.clone(), |(v, _)| v.meta().instrument.title.clone()),
                bytes: c.bytes.clone(),
                view: c.view.as_ref().map(|(v, _)| v.clone()),
            })
            .collect();
        match catalog {
            Some(catalog) => {
                crate::report::several::join(&parts, format, &catalog).map_err(|e| e.to_string())?
            }
            // Markdown keeps no view: its reports follow one another.
            None => parts
                .iter()
                .enumerate()
                .fold(Vec::new(), |mut out, (i, p)| {
                    if i > 0 {
                        out.push(b'\n');
                    }
                    out.extend_from_slice(&p.bytes);
                    out
                }),
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))
}

/// One report (or one instrument's part of the set). `quiet_errors`: the input's errors were
/// printed already, by the run of another instrument (the exit code still counts them).
fn run_inner(
    ctx: &Context,
    args: &ReportArgs,
    sink: &mut Sink,
    quiet_errors: bool,
) -> Result<u8, String> {
    // A single report's format is checked before the workspace is read.
    if args.kind.is_some() {
        args.single_format()?;
    }
    if let Some(ReportKind::Regional { at }) = &args.kind {
        return regional_streamed(ctx, args, *at, sink, quiet_errors);
    }
    let mut read = match &args.kind {
        Some(ReportKind::Gap { jurisdiction, .. } | ReportKind::Amendment { jurisdiction, .. }) => {
            read_one(ctx, jurisdiction, quiet_errors)?
        }
        _ => read_workspace(ctx, quiet_errors)?,
    };
    let ws = read.ws.clone();
    let templates = collect_templates(
        &ws,
        args.templates.as_deref(),
        ctx,
        &mut read.inputs_on_disk,
    )?;
    let renderer = Renderer::new(templates, args.lang.tag()).map_err(|e| e.to_string())?;
    let files = crate::model::translation::instrument_files(&read.loaded.sources);
    read.invalid |= super::language::translate(
        &mut read.model.instrument,
        &read.loaded.sources,
        &files,
        args.lang.tag(),
        renderer.catalog(),
    );
    let names = adapt::act_names(args.lang.tag(), &read.model, &read.loaded);
    super::language::name_acts(&mut read.model.instrument, names);
    let inputs = Inputs {
        model: &read.model,
        loaded: &read.loaded,
        catalog: renderer.catalog(),
        lexgap_version: env!("CARGO_PKG_VERSION").to_string(),
        date: args.date.map(|d| d.to_string()),
        workspace: read.ws.manifest.name.clone(),
        digests: read.digests.clone(),
    };
    let adapter = Adapter::new(&inputs);
    let latest = read
        .latest
        .ok_or("the workspace has no act versions in codes/: nothing to report on")?;
    let out = match &args.kind {
        None => {
            let code = if read.invalid { EXIT_FINDINGS } else { EXIT_OK };
            if let Sink::Set { set, part } = sink {
                report_set(ctx, args, &read, &adapter, &renderer, latest, set, part)?;
                if set.renderer.is_none() {
                    set.renderer = Some(renderer);
                }
                return Ok(code);
            }
            // The set of one instrument (the plan's one, or what `--instrument` selected).
            let mut set = SetRun::new(ctx, args);
            let part = SetPart {
                suffix: String::new(),
                only: None,
            };
            report_set(
                ctx, args, &read, &adapter, &renderer, latest, &mut set, &part,
            )?;
            set.renderer = Some(renderer);
            set.finish(ctx, args)?;
            return Ok(code);
        }
        Some(ReportKind::Gap {
            jurisdiction,
            at,
            draft,
        }) => {
            let format = args.single_format()?;
            let at = at.unwrap_or(latest);
            // A jurisdiction with no law of its own (BA-RS) gets the report of what `analyze`
            // says of it: its ancestors' law, what that does not meet not assessed.
            let jc = analyse_named(&read, jurisdiction, at)
                .or_else(|e| adapt::analyse_inherited(&read.model, jurisdiction, at).ok_or(e))?;
            let draft = match draft {
                Some(path) => {
                    let path = ctx.cwd.join(path);
                    read.inputs_on_disk.insert(canonical(&path));
                    let shown = display(ctx, &path);
                    Some((
                        draft_addressing(&read, &path, &shown, jurisdiction, at)?,
                        shown,
                    ))
                }
                None => None,
            };
            match format {
                Format::Json => {
                    let analysis = Analysis::new(&read.model.instrument, vec![jc]);
                    match &draft {
                        None => json(&analysis)?,
                        Some(((by, not_closed), shown)) => {
                            let mut v = serde_json::to_value(&analysis)
                                .map_err(|e| format!("cannot write JSON: {e}"))?;
                            if let Some(o) = v.as_object_mut() {
                                o.insert(
                                    "draft".into(),
                                    serde_json::json!({
                                        "file": shown,
                                        "addressing": by,
                                        "not_closed": not_closed,
                                    }),
                                );
                            }
                            json(&v)?
                        }
                    }
                }
                _ => {
                    let mut report = adapter.gap(&jc);
                    if let Some(((by, not_closed), shown)) = &draft {
                        adapter.with_draft(&mut report, shown, by, not_closed);
                    }
                    let view = Report::Gap(Box::new(report));
                    keep_view(sink, &view, &renderer, format);
                    render(&renderer, &view, format)?
                }
            }
        }
        Some(ReportKind::Comparative { jurisdictions, at }) => {
            let format = args.single_format()?;
            let at = at.unwrap_or(latest);
            if read.model.instrument.comparative.offences.is_empty() {
                return Err("no instrument names its `trafficking-offence` (the offences to compare); see docs/protocol.md, \"Comparative analysis\"".into());
            }
            let known: Vec<&str> = read.known.iter().map(String::as_str).collect();
            for j in jurisdictions {
                if !read.model.corpus.jurisdictions.contains_key(j) {
                    return Err(super::explain::unknown_jurisdiction(j, &known));
                }
            }
            let list = if jurisdictions.is_empty() {
                read.known.clone()
            } else {
                let mut seen = BTreeSet::new();
                jurisdictions
                    .iter()
                    .filter(|j| seen.insert(j.as_str()))
                    .cloned()
                    .collect()
            };
            let view = Report::Comparative(Box::new(adapter.comparative(&list, at)));
            render(&renderer, &view, format)?
        }
        // Handled by `regional_streamed` before the workspace is read.
        Some(ReportKind::Regional { .. }) => {
            return Err("lexgap stopped on an internal error (a regional report took the path of the other reports); please report it".into());
        }
        Some(ReportKind::Amendment {
            jurisdiction,
            from,
            to,
            bill,
        }) => {
            let format = args.single_format()?;
            let review = match (from, to, bill) {
                (Some(from), Some(to), None) => {
                    review_dates(&read, &adapter, jurisdiction, *from, *to)?
                }
                (None, None, Some(path)) => {
                    let path = ctx.cwd.join(path);
                    read.inputs_on_disk.insert(canonical(&path));
                    review_bill(&read, &inputs, &path, &display(ctx, &path))?
                }
                _ => {
                    return Err(
                        "an amendment review compares two dates (--from DATE --to DATE) or a \
                         bill with the text it amends (--bill FILE)"
                            .into(),
                    );
                }
            };
            match format {
                Format::Json => review.json()?,
                _ => {
                    keep_view(sink, &review.view, &renderer, format);
                    render(&renderer, &review.view, format)?
                }
            }
        }
    };
    deliver(ctx, args, &read.inputs_on_disk, out, sink)?;
    Ok(if read.invalid { EXIT_FINDINGS } else { EXIT_OK })
}

/// Keeps a report's view for a document of several instruments, where the format is one that
/// [`crate::report::several`] puts together from views or needs the catalog for.
fn keep_view(sink: &mut Sink, view: &Report, renderer: &Renderer, format: Format) {
    if let Sink::Capture { view: kept, .. } = sink
        && !matches!(format, Format::Json | Format::Md)
    {
        *kept = Some((view.clone(), renderer.catalog().clone()));
    }
}

/// A single report, to where `sink` says.
fn deliver(
    ctx: &Context,
    args: &ReportArgs,
    inputs_on_disk: &BTreeSet<PathBuf>,
    out: Vec<u8>,
    sink: &mut Sink,
) -> Result<(), String> {
    match sink {
        Sink::Emit | Sink::Set { .. } => emit(ctx, args, inputs_on_disk, &out),
        Sink::Capture { out: kept, .. } => {
            *kept = Some((out, inputs_on_disk.clone()));
            Ok(())
        }
    }
}

/// Writes a single report to `-o` (never over an input) or to stdout.
fn emit(
    ctx: &Context,
    args: &ReportArgs,
    inputs_on_disk: &BTreeSet<PathBuf>,
    out: &[u8],
) -> Result<(), String> {
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))
        }
        Some(path) => {
            let path = ctx.cwd.join(path);
            write_output(inputs_on_disk, &path, out)?;
            println!("wrote {}", display(ctx, &path));
            Ok(())
        }
    }
}

/// Prints the errors of the input (sorted, with their source lines) and says the report goes
/// on with what could be read; true when there were any. `quiet`: printed already (by the run
/// of another instrument), only counted.
fn report_input_errors(loaded: &Loaded, quiet: bool) -> bool {
    if quiet {
        return loaded.diagnostics.iter().any(|d| d.is_error());
    }
    let mut errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    sort_diagnostics(&mut errors);
    let invalid = !errors.is_empty();
    if invalid {
        eprint!("{}", render_text(&errors, &loaded.sources, false));
        eprintln!(
            "error: the input has {} (run `lexgap check`); the report uses what could be read",
            super::plural(errors.len(), "error")
        );
    }
    invalid
}

/// Reads and analyses the workspace; errors in the input are printed and the run goes on with
/// what could be read (exit code 1 at the end).
fn read_workspace(ctx: &Context, quiet_errors: bool) -> Result<Read, String> {
    let ws = ctx.workspace().map_err(|e| e.to_string())?;
    let (files, read_errors) = ws.input_files();
    if !read_errors.is_empty() {
        return Err(read_errors.join("\nerror: "));
    }
    let digests: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.rel.clone(), digest(&f.rel, &f.bytes).sha256))
        .collect();
    let mut inputs_on_disk = BTreeSet::new();
    if let Origin::Disk(root) = &ws.origin {
        for f in &files {
            inputs_on_disk.insert(canonical(&root.join(&f.rel)));
        }
        inputs_on_disk.insert(canonical(&root.join(crate::workspace::MANIFEST)));
    }
    let mut loaded = ws.load(files);
    let (model, found) = Model::build(&loaded);
    loaded.diagnostics.extend(found);
    let invalid = report_input_errors(&loaded, quiet_errors);
    if model.instrument.obligations.is_empty() {
        return Err(format!(
            "no obligations could be read from protocol/ in {}",
            ws.describe()
        ));
    }
    let latest = adapt::version_dates(&model).last().copied();
    let known = model
        .corpus
        .jurisdictions_with_law()
        .into_iter()
        .map(str::to_string)
        .collect();
    Ok(Read {
        ws,
        model,
        loaded,
        digests,
        invalid,
        inputs_on_disk,
        latest,
        known,
    })
}

/// The workspace for a report on one jurisdiction (`gap`, `amendment`): every jurisdiction's
/// files are streamed for their errors and version dates (`crate::stream`), so that the
/// diagnostics, the exit code and the default date are those of the whole workspace; only the
/// small files and `j`'s own files with its ancestors' acts are then loaded and modelled
/// together — never the whole world at once.
fn read_one(ctx: &Context, j: &str, quiet_errors: bool) -> Result<Read, String> {
    let ws = ctx.workspace().map_err(|e| e.to_string())?;
    // Errors and dates only: the parts' trees go as soon as their acts are lowered.
    let world = crate::stream::World::open(&ws)
        .map_err(|e| e.join("\nerror: "))?
        .without_trees();
    let groups = world.groups();
    let progress = super::Progress::new("reading", groups.len());
    let results = world.map(
        &groups,
        None,
        |part| -> Result<_, Vec<String>> {
            let part = part?;
            let dates: BTreeSet<Date> = part.model.corpus.versions.iter().map(|v| v.date).collect();
            Ok((
                dates,
                part.findings(Vec::new(), crate::diagnostic::Diagnostic::is_error),
            ))
        },
        &|| progress.tick(),
    );
    progress.finish();
    let mut dates = BTreeSet::new();
    let mut findings = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((d, f)) => {
                dates.extend(d);
                findings.push(f);
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\nerror: "));
    }
    // The errors of the files the report reads (the instrument, `j`'s and its ancestors'
    // files): another jurisdiction's are left to `lexgap check`.
    let invalid = report_input_errors(&world.finish_for(findings, &[j.to_string()]), quiet_errors);
    if world.instrument.obligations.is_empty() {
        return Err(format!(
            "no obligations could be read from protocol/ in {}",
            ws.describe()
        ));
    }
    let mut inputs_on_disk = BTreeSet::new();
    if let Origin::Disk(root) = &ws.origin {
        for rel in world.paths() {
            inputs_on_disk.insert(canonical(&root.join(rel)));
        }
        inputs_on_disk.insert(canonical(&root.join(crate::workspace::MANIFEST)));
    }
    let files = world.files_for(j).map_err(|e| e.join("\nerror: "))?;
    let digests: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.rel.clone(), digest(&f.rel, &f.bytes).sha256))
        .collect();
    let mut loaded = ws.load(files);
    // Its diagnostics were reported above, from the stream.
    let (model, _) = Model::build(&loaded);
    loaded.diagnostics.clear();
    Ok(Read {
        ws,
        model,
        loaded,
        digests,
        invalid,
        inputs_on_disk,
        latest: dates.last().copied(),
        known: world.jurisdictions_with_law(),
    })
}

/// The bundled templates, overlaid by the workspace's template folder (only where
/// `lexgap.toml` names one: templates are code) and then `--templates DIR`.
fn collect_templates(
    ws: &Workspace,
    dir: Option<&Path>,
    ctx: &Context,
    inputs_on_disk: &mut BTreeSet<PathBuf>,
) -> Result<Templates, String> {
    let mut t = Templates::bundled();
    let mut folders = Vec::new();
    if let Some(d) = ws.templates_dir().map_err(|e| e.to_string())? {
        if !d.is_dir() {
            return Err(format!(
                "lexgap.toml names the template folder {}, which is not a folder",
                display(ctx, &d)
            ));
        }
        folders.push(d);
    } else if let Some(d) = ws.unused_templates()
        && dir.is_none()
    {
        eprintln!(
            "warning: {} is not applied: templates are code, and a workspace's are used only \
             when its lexgap.toml says `templates = \"templates\"` (or with --templates {0})",
            display(ctx, &d)
        );
    }
    if let Some(dir) = dir {
        let d = ctx.cwd.join(dir);
        if !d.is_dir() {
            return Err(format!("--templates {}: no such folder", dir.display()));
        }
        folders.push(d);
    }
    for folder in folders {
        for (name, path) in list_templates(&folder)? {
            let bytes = crate::workspace::read_input(&path)
                .map_err(|e| format!("cannot read template {}: {e}", path.display()))?;
            inputs_on_disk.insert(canonical(&path));
            t.overlay(&name, &bytes, &display(ctx, &path))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(t)
}

/// Every template under `dir`, by its name relative to `dir`. A file or link that resolves
/// outside `dir` is refused: a template folder cannot reach into the rest of the disk.
fn list_templates(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let root = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = Vec::new();
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        if depth > 8 {
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .map_err(|e| format!("{}: {e}", d.display()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            let real = p
                .canonicalize()
                .map_err(|e| format!("{}: {e}", p.display()))?;
            if !real.starts_with(&root) {
                return Err(format!(
                    "template {} points outside the template folder {}; refused",
                    p.display(),
                    dir.display()
                ));
            }
            if real.is_dir() {
                stack.push((real, depth + 1));
            } else if crate::report::templates::TEMPLATE_SUFFIXES
                .iter()
                .any(|s| name.ends_with(s))
            {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, real));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn analyse_named(read: &Read, j: &str, at: Date) -> Result<JurisdictionCoverage, String> {
    let model = &read.model;
    let known: Vec<&str> = read.known.iter().map(String::as_str).collect();
    if !model.corpus.jurisdictions.contains_key(j) {
        return Err(super::explain::unknown_jurisdiction(j, &known));
    }
    adapt::analyse(model, j, at).ok_or_else(|| {
        format!("the corpus has no law of `{j}` of its own in force on {at}; jurisdictions with law: {}", known.join(", "))
    })
}

/// Every jurisdiction of the corpus with its analysis at `at`; None when the corpus does not
/// hold all of its law then (no act of its own, or an act whose earlier text is not encoded).
fn analyse_all(model: &Model, at: Date) -> Vec<(String, Option<JurisdictionCoverage>)> {
    model
        .corpus
        .jurisdictions
        .keys()
        .map(|j| {
            let jc = adapt::complete_at(model, j, at)
                .then(|| adapt::analyse(model, j, at))
                .flatten();
            (j.clone(), jc)
        })
        .collect()
}

fn regional(
    read: &Read,
    adapter: &Adapter<'_>,
    at: Date,
    gap_links: &BTreeMap<String, String>,
    amendment_links: Vec<Link>,
    part: &SetPart,
) -> Report {
    let mut rows = analyse_all(&read.model, at);
    rows.retain(|(j, _)| part.includes(j));
    let model = &read.model;
    let candidates: Vec<Date> = adapt::version_dates(model)
        .into_iter()
        .filter(|d| *d <= at)
        .collect();
    let series: Vec<(String, Vec<adapt::KpiStep>)> = rows
        .iter()
        .filter(|(_, jc)| jc.is_some())
        .map(|(j, jc)| (j.clone(), adapt::kpi_steps(model, j, at, jc.as_ref())))
        .collect();
    let (dates, trend) = adapt::trend(&candidates, &series);
    Report::Regional(Box::new(adapter.regional(
        at,
        &rows,
        &dates,
        trend,
        gap_links,
        amendment_links,
    )))
}

/// What one jurisdiction's files give the regional report (see [`regional_streamed`]).
struct RegionalPart {
    /// The jurisdiction and its analysis on the report's date (None: its corpus is not complete
    /// then); None for files outside any jurisdiction folder.
    row: Option<(String, Option<JurisdictionCoverage>)>,
    /// Its KPI over time, when it has a row with an analysis and the trend is wanted.
    steps: Vec<adapt::KpiStep>,
    /// The jurisdictions and dates of the act versions read (with its ancestors').
    jurisdictions: BTreeSet<String>,
    dates: BTreeSet<Date>,
    digests: BTreeMap<String, String>,
    findings: crate::stream::Findings,
}

/// Reads every jurisdiction's acts and bills, one jurisdiction at a time and several in
/// parallel (`crate::stream`), keeping of each only what the regional report needs: its
/// analysis on `at`, its KPI steps (when `trend`), the digests of its files and its errors.
fn stream_regional(
    world: &crate::stream::World,
    at: Date,
    trend: bool,
) -> Result<Vec<RegionalPart>, Vec<String>> {
    let groups = world.groups();
    let progress = super::Progress::new("reading", groups.len());
    let results = world.map(
        &groups,
        None,
        |part| -> Result<RegionalPart, Vec<String>> {
            let mut part = part?;
            let model = &part.model;
            let j = part.jurisdiction.clone();
            let row = (!j.is_empty()).then(|| {
                let jc = adapt::complete_at(model, &j, at)
                    .then(|| adapt::analyse_brief(model, &j, at))
                    .flatten();
                (j.clone(), jc)
            });
            let steps = match &row {
                Some((_, Some(jc))) if trend => adapt::kpi_steps(model, &j, at, Some(jc)),
                _ => Vec::new(),
            };
            let versions = &model.corpus.versions;
            let jurisdictions = versions.iter().map(|v| v.jurisdiction.clone()).collect();
            let dates = versions.iter().map(|v| v.date).collect();
            let digests = std::mem::take(&mut part.digests);
            Ok(RegionalPart {
                row,
                steps,
                jurisdictions,
                dates,
                digests,
                findings: part.findings(Vec::new(), crate::diagnostic::Diagnostic::is_error),
            })
        },
        &|| progress.tick(),
    );
    progress.finish();
    let mut parts = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => parts.push(p),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(parts)
    } else {
        Err(errors)
    }
}

/// `lexgap report regional`, streamed: one jurisdiction at a time, so that a world-scale
/// workspace is never in memory at once, with the output of the whole-model path (`regional`)
/// byte for byte. The matrix needs each jurisdiction's analysis on one date; the trend needs
/// each one's KPI only where its own law (or an ancestor's) changes ([`adapt::kpi_steps`]);
/// the rest of the report — the instrument, the jurisdictions' names, the input digests — comes
/// from the small files and from hashing each file as it is read.
fn regional_streamed(
    ctx: &Context,
    args: &ReportArgs,
    at: Option<Date>,
    sink: &mut Sink,
    quiet_errors: bool,
) -> Result<u8, String> {
    let format = args.single_format()?;
    let ws = ctx.workspace().map_err(|e| e.to_string())?;
    let trend = format != Format::Json;
    // Each part's model is all a row and its trend read: the trees go as soon as they are
    // lowered.
    let mut world = if trend {
        crate::stream::World::open_with_digests(&ws)
    } else {
        crate::stream::World::open(&ws)
    }
    .map_err(|e| e.join("\nerror: "))?
    .without_trees();
    let mut inputs_on_disk = BTreeSet::new();
    let templates = collect_templates(&ws, args.templates.as_deref(), ctx, &mut inputs_on_disk)?;
    let renderer = Renderer::new(templates, args.lang.tag()).map_err(|e| e.to_string())?;
    // The rows are analysed in the reader's language: the instrument is put into it first.
    let base = world.base();
    let files = crate::model::translation::instrument_files(&base.sources);
    let mut instrument = world.instrument.clone();
    let bad_catalog = super::language::translate(
        &mut instrument,
        &base.sources,
        &files,
        args.lang.tag(),
        renderer.catalog(),
    );
    world.instrument = instrument;
    // The default date is the latest on which a version takes effect. File names give it
    // without reading the acts; should a header disagree with its file name (an error `check`
    // reports), the versions read decide and the jurisdictions are read again.
    let first = at.or_else(|| world.latest_version_by_name());
    let mut parts = stream_regional(&world, first.unwrap_or(Date::LAST), trend)
        .map_err(|e| e.join("\nerror: "))?;
    let dates: BTreeSet<Date> = parts.iter().flat_map(|p| p.dates.iter().copied()).collect();
    let latest = dates.last().copied();
    if at.is_none()
        && let Some(latest) = latest
        && first != Some(latest)
    {
        parts = stream_regional(&world, latest, trend).map_err(|e| e.join("\nerror: "))?;
    }

    if let Origin::Disk(root) = &ws.origin {
        for rel in world.paths() {
            inputs_on_disk.insert(canonical(&root.join(rel)));
        }
        inputs_on_disk.insert(canonical(&root.join(crate::workspace::MANIFEST)));
    }
    let mut digests = world.digests.clone();
    let mut findings = Vec::with_capacity(parts.len());
    let mut row_ids: BTreeSet<String> = world.jurisdictions_with_metadata().into_iter().collect();
    let mut analysed: BTreeMap<String, JurisdictionCoverage> = BTreeMap::new();
    let mut steps: BTreeMap<String, Vec<adapt::KpiStep>> = BTreeMap::new();
    for p in parts {
        digests.extend(p.digests);
        findings.push(p.findings);
        row_ids.extend(p.jurisdictions);
        if let Some((j, jc)) = p.row {
            if let Some(jc) = jc {
                analysed.insert(j.clone(), jc);
            }
            steps.insert(j, p.steps);
        }
    }
    // One report per instrument: its rows are the jurisdictions that list it.
    if let Sink::Capture {
        listed_only: true, ..
    } = sink
        && let Some(measured) = world.instrument.measured().map(|m| m.id.clone())
    {
        row_ids.retain(|j| super::lists(&world, j, &measured));
        analysed.retain(|j, _| row_ids.contains(j));
        steps.retain(|j, _| row_ids.contains(j));
    }
    let invalid = report_input_errors(&world.finish(findings), quiet_errors) || bad_catalog;
    if world.instrument.obligations.is_empty() {
        return Err(format!(
            "no obligations could be read from protocol/ in {}",
            ws.describe()
        ));
    }
    let at = at
        .or(latest)
        .ok_or("the workspace has no act versions in codes/: nothing to report on")?;

    // Rows in id order, as the whole model lists its jurisdictions.
    let rows: Vec<(String, Option<JurisdictionCoverage>)> = row_ids
        .into_iter()
        .map(|j| {
            let jc = analysed.remove(&j);
            (j, jc)
        })
        .collect();
    let out = match format {
        Format::Json => json(&Analysis::new(
            &world.instrument,
            rows.into_iter().filter_map(|(_, jc)| jc).collect(),
        ))?,
        _ => {
            let model = world.base_model();
            let inputs = Inputs {
                model: &model,
                loaded: world.base(),
                catalog: renderer.catalog(),
                lexgap_version: env!("CARGO_PKG_VERSION").to_string(),
                date: args.date.map(|d| d.to_string()),
                workspace: ws.manifest.name.clone(),
                digests,
            };
            let adapter = Adapter::new(&inputs);
            let candidates: Vec<Date> = dates.into_iter().filter(|d| *d <= at).collect();
            let series: Vec<(String, Vec<adapt::KpiStep>)> = rows
                .iter()
                .filter(|(_, jc)| jc.is_some())
                .map(|(j, _)| (j.clone(), steps.remove(j).unwrap_or_default()))
                .collect();
            let (trend_dates, trend) = adapt::trend(&candidates, &series);
            let report = Report::Regional(Box::new(adapter.regional(
                at,
                &rows,
                &trend_dates,
                trend,
                &BTreeMap::new(),
                Vec::new(),
            )));
            keep_view(sink, &report, &renderer, format);
            render(&renderer, &report, format)?
        }
    };
    deliver(ctx, args, &inputs_on_disk, out, sink)?;
    Ok(if invalid { EXIT_FINDINGS } else { EXIT_OK })
}

/// An amendment review: the view, and the pipeline data for `--format json`.
struct Review {
    view: Report,
    /// What the JSON format writes (`diff`'s comparison), serialised only when asked for: as a
    /// `serde_json::Value` beside the view it doubled the memory of an HTML review (issue 20).
    raw: crate::amend::compare::Comparison,
}

fn review_dates(
    read: &Read,
    adapter: &Adapter<'_>,
    j: &str,
    from: Date,
    to: Date,
) -> Result<Review, String> {
    if from >= to {
        return Err(format!("--from {from} must be before --to {to}"));
    }
    let before = analyse_named(read, j, from)?;
    let after = analyse_named(read, j, to)?;
    // The same comparison `lexgap diff` makes, so the JSON is `diff`'s.
    let comparison =
        crate::amend::compare::between(&read.loaded.laws, Some(&read.model), j, from, to);
    let view = Report::Amendment(Box::new(adapter.amendment(
        &before,
        &after,
        &comparison,
        None,
        &[],
    )));
    Ok(Review {
        view,
        raw: comparison,
    })
}

impl Review {
    /// The review in the JSON format, made only when asked for.
    fn json(&self) -> Result<Vec<u8>, String> {
        json(&review_json(&self.raw, &self.view)?)
    }
}

/// The review's JSON: `lexgap diff`'s, with `not_read` when there are any: the lines of the acts on either side
/// that a syntax error kept out of the analysis (as the review's other formats list them).
fn review_json(
    comparison: &crate::amend::compare::Comparison,
    view: &Report,
) -> Result<serde_json::Value, String> {
    let mut raw =
        serde_json::to_value(comparison).map_err(|e| format!("cannot write JSON: {e}"))?;
    // Absent when both sides read cleanly: the JSON is then exactly `diff`'s.
    if let (Report::Amendment(r), Some(map)) = (view, raw.as_object_mut())
        && !r.unread.is_empty()
    {
        let lines =
            serde_json::to_value(&r.unread).map_err(|e| format!("cannot write JSON: {e}"))?;
        map.insert("not_read".to_string(), lines);
    }
    Ok(raw)
}

/// A bill (or a draft) read beside what the workspace holds: parsed, and joined to a copy of what
/// was read, so that what the model finds in the units it brings points into it.
struct BillBeside {
    bill: crate::syntax::bill::BillFile,
    loaded: Loaded,
    id: crate::source::FileId,
}

impl BillBeside {
    /// `file` parsed; its syntax errors, located, are the `Err` ("the {what} has errors: …").
    fn read(read: &Read, file: crate::source::SourceFile, what: &str) -> Result<Self, String> {
        let (bill, diags) = crate::syntax::parse_bill(&file.text);
        let mut loaded = read.loaded.without_diagnostics();
        loaded.bills.clear();
        let id = loaded.sources.add(file);
        let errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            return Err(format!(
                "the {what} has errors:\n{}",
                located(&loaded, id, errors)
            ));
        }
        Ok(BillBeside { bill, loaded, id })
    }
}

/// Diagnostics rendered for the terminal, those that name no file placed in the bill `id`.
fn located(
    loaded: &Loaded,
    id: crate::source::FileId,
    errs: Vec<crate::diagnostic::Diagnostic>,
) -> String {
    let errs: Vec<_> = errs
        .into_iter()
        .map(|d| if d.file.is_none() { d.in_file(id) } else { d })
        .collect();
    render_text(&errs, &loaded.sources, false)
        .trim_end()
        .to_string()
}

/// A draft bill read beside a gap report: parsed, applied to the code it amends (which must be
/// `j`'s) as `lexgap diff --bill` applies it, and each obligation's addressing operations.
fn draft_addressing(
    read: &Read,
    path: &Path,
    shown: &str,
    j: &str,
    at: Date,
) -> Result<DraftRead, String> {
    let bytes =
        crate::workspace::read_input(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let file = crate::source::SourceFile::decode(shown, &bytes).map_err(|b| b.1.message)?;
    let BillBeside { bill, loaded, id } = BillBeside::read(read, file, "draft")?;
    let amends = bill
        .header
        .amends
        .as_ref()
        .map(|a| a.node.clone())
        .ok_or_else(|| format!("{shown}: the bill does not say what it amends"))?;
    if amends.jurisdiction != j {
        return Err(format!(
            "{shown} amends {amends}, not a code of {j}: a gap report takes a draft for its own jurisdiction"
        ));
    }
    let (comparison, _) =
        crate::amend::compare::with_bill(&loaded, Some(&read.model), &bill, id, Some(at)).map_err(
            |errs| {
                format!(
                    "the draft cannot be applied to {amends}:\n{}",
                    located(&loaded, id, errs)
                )
            },
        )?;
    Ok((
        crate::draft::addressing(&read.model.instrument, &bill, comparison.coverage.as_ref()),
        crate::draft::not_closed_notes(&bill),
    ))
}

/// A draft read beside a gap report: the operations addressing each obligation, and the
/// obligations its header notes list as not closed, with why.
type DraftRead = (
    BTreeMap<String, Vec<crate::draft::Addressing>>,
    BTreeMap<String, String>,
);

fn review_bill(
    read: &Read,
    inputs: &Inputs<'_>,
    path: &Path,
    shown: &str,
) -> Result<Review, String> {
    let bytes =
        crate::workspace::read_input(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    review_bill_bytes(read, inputs, &bytes, shown)
}

/// The review of a bill given as bytes: from a file named on the command line, or one of the
/// workspace's (or the bundled corpus's) `codes/<J>/bills/`.
fn review_bill_bytes(
    read: &Read,
    inputs: &Inputs<'_>,
    bytes: &[u8],
    shown: &str,
) -> Result<Review, String> {
    let file = crate::source::SourceFile::decode(shown, bytes).map_err(|b| b.1.message)?;
    let BillBeside { bill, loaded, id } = BillBeside::read(read, file, "bill")?;
    let amends = bill
        .header
        .amends
        .as_ref()
        .map(|a| a.node.clone())
        .ok_or_else(|| format!("{shown}: the bill does not say what it amends"))?;
    let effective = bill.header.effective().map_or(amends.version, |d| d.node);
    // The same comparison `lexgap diff --bill` makes, so the JSON is `diff`'s.
    let (comparison, amended) =
        crate::amend::compare::with_bill(&loaded, Some(&read.model), &bill, id, None).map_err(
            |errs| {
                format!(
                    "the bill cannot be applied to {amends}:\n{}",
                    located(&loaded, id, errs)
                )
            },
        )?;
    // For the full picture after (tallies, what is still missing), the proposed text joins
    // the corpus as the version that starts on the bill's effective date.
    let mut with_bill = loaded;
    let new_file = with_bill.sources.add(crate::source::SourceFile::new(
        format!("{shown} (applied to {amends})"),
        String::new(),
    ));
    let same_act = |l: &crate::workspace::LawDoc| {
        l.ast.header.jurisdiction().map(|j| j.node.as_str()) == Some(amends.jurisdiction.as_str())
            && l.ast.header.act.node == amends.act
    };
    with_bill
        .laws
        .retain(|l| !(same_act(l) && l.ast.header.version().map(|v| v.node) == Some(effective)));
    with_bill.laws.push(crate::workspace::LawDoc {
        file: new_file,
        place: crate::syntax::lint::FilePlace::default(),
        ast: amended.law,
    });
    let (model_after, _) = Model::build(&with_bill);
    let j = amends.jurisdiction.as_str();
    // The text the bill amends, against the text it proposes.
    let before = analyse_named(read, j, amends.version)?;
    let after = adapt::analyse(&model_after, j, effective)
        .ok_or_else(|| format!("cannot analyse {j} with the bill applied"))?;
    let mut digests = inputs.digests.clone();
    digests.insert(shown.to_string(), digest(shown, bytes).sha256);
    let with_digest = Inputs {
        model: inputs.model,
        loaded: inputs.loaded,
        catalog: inputs.catalog,
        lexgap_version: inputs.lexgap_version.clone(),
        date: inputs.date.clone(),
        workspace: inputs.workspace.clone(),
        digests,
    };
    let adapter = Adapter::new(&with_digest);
    let bill_view = BillView {
        title: bill.header.title.node.clone(),
        file: shown.to_string(),
        status: bill.header.status().map(|s| s.node.keyword().to_string()),
        effective: bill.header.effective().map(|d| d.node.to_string()),
        notes: bill.header.notes().map(|n| n.node.clone()).collect(),
    };
    let view = Report::Amendment(Box::new(adapter.amendment(
        &before,
        &after,
        &comparison,
        Some(bill_view),
        &[shown.to_string()],
    )));
    Ok(Review {
        view,
        raw: comparison,
    })
}

/// `lexgap report`: every report of the workspace in one folder, linked from index.html —
/// in each format asked for (`--format html,docx,xlsx`): the same names with each extension,
/// and each index linking to the reports of its own format. This writes one instrument's part
/// (`part`) into `set`; its index is rendered by [`SetRun::finish`].
#[allow(clippy::too_many_arguments)]
fn report_set(
    ctx: &Context,
    args: &ReportArgs,
    read: &Read,
    adapter: &Adapter<'_>,
    renderer: &Renderer,
    at: Date,
    set: &mut SetRun,
    part: &SetPart,
) -> Result<(), String> {
    let formats = args.formats();
    set.open(ctx, &read.inputs_on_disk)?;
    let suffix = part.suffix.as_str();

    // Links are kept by stem (no extension); each format's index adds its own.
    let mut gap_links = BTreeMap::new();
    for (j, jc) in analyse_all(&read.model, at) {
        let Some(jc) = jc else { continue };
        if !part.includes(&j) {
            continue;
        }
        let stem = format!("gap-{j}{suffix}");
        let view = Report::Gap(Box::new(adapter.gap(&jc)));
        for &format in &formats {
            let bytes = match format {
                Format::Json => json(&Analysis::new(&read.model.instrument, vec![jc.clone()]))?,
                _ => render(renderer, &view, format)?,
            };
            set.put(&stem, format, &bytes)?;
        }
        gap_links.insert(j, stem);
    }

    let mut amendment_links = Vec::new();
    // One review per amendment the corpus records: each pair of consecutive versions of an act
    // (the dates are those on which the two texts took effect) …
    let mut pairs: BTreeSet<(String, Date, Date)> = BTreeSet::new();
    for j in read.model.corpus.jurisdictions_with_law() {
        if !part.includes(j) {
            continue;
        }
        for (_, versions) in read.model.corpus.acts_of(j) {
            let dates: Vec<Date> = versions
                .iter()
                .filter_map(|&i| read.model.corpus.versions.get(i))
                .map(|v| v.date)
                .collect();
            for pair in dates.windows(2) {
                if let [from, to] = pair {
                    pairs.insert((j.to_string(), *from, *to));
                }
            }
        }
    }
    for (j, from, to) in &pairs {
        let review = review_dates(read, adapter, j, *from, *to)?;
        let stem = format!("amendment-{j}-{from}-{to}{suffix}");
        for &format in &formats {
            let bytes = match format {
                Format::Json => review.json()?,
                _ => render(renderer, &review.view, format)?,
            };
            set.put(&stem, format, &bytes)?;
        }
        amendment_links.push(Link {
            href: stem,
            label: format!("{}: {from} → {to}", adapter.jurisdiction(j).name),
        });
    }
    // … and one per bill in the workspace (or the bundled corpus).
    for &b in &read.loaded.bills {
        let Some(f) = read.loaded.sources.get(b) else {
            continue;
        };
        let j = f.path.split('/').nth(1).unwrap_or("bill");
        if !part.includes(j) {
            continue;
        }
        let inputs = Inputs {
            model: &read.model,
            loaded: &read.loaded,
            catalog: renderer.catalog(),
            lexgap_version: env!("CARGO_PKG_VERSION").to_string(),
            date: args.date.map(|d| d.to_string()),
            workspace: read.ws.manifest.name.clone(),
            digests: read.digests.clone(),
        };
        match review_bill_bytes(read, &inputs, f.text.as_bytes(), &f.path) {
            Ok(review) => {
                let stem = Path::new(&f.path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("bill");
                let stem = crate::report::view::anchor("", &format!("bill-{j}-{stem}"));
                let stem = format!("{stem}{suffix}");
                for &format in &formats {
                    let bytes = match format {
                        Format::Json => review.json()?,
                        _ => render(renderer, &review.view, format)?,
                    };
                    set.put(&stem, format, &bytes)?;
                }
                let label = match &review.view {
                    Report::Amendment(a) => a.bill.as_ref().map_or(stem.clone(), |b| {
                        format!("{}: {}", a.jurisdiction.name, b.title)
                    }),
                    _ => stem.clone(),
                };
                amendment_links.push(Link { href: stem, label });
            }
            Err(e) => eprintln!("warning: no review of {}: {e}", f.path),
        }
    }

    let index = regional(read, adapter, at, &gap_links, amendment_links, part);
    let json = if formats.contains(&Format::Json) {
        let all = analyse_all(&read.model, at);
        Some(json(&Analysis::new(
            &read.model.instrument,
            all.into_iter()
                .filter(|(j, _)| part.includes(j))
                .filter_map(|(_, jc)| jc)
                .collect(),
        ))?)
    } else {
        None
    };
    let title = index.meta().instrument.title.clone();
    set.indexes.push(PendingIndex {
        suffix: suffix.to_string(),
        title,
        view: index,
        json,
    });
    Ok(())
}

/// The index with its links (kept as stems) given the extension of its format.
fn with_extension(index: &Report, ext: &str) -> Report {
    let mut index = index.clone();
    if let Report::Regional(r) = &mut index {
        let add = |href: &mut String| *href = format!("{href}.{ext}");
        for row in &mut r.rows {
            if let Some(l) = &mut row.link {
                add(l);
            }
        }
        for l in r
            .links
            .gap
            .iter_mut()
            .chain(r.links.amendment.iter_mut())
            .chain(r.links.instruments.iter_mut())
        {
            add(&mut l.href);
        }
    }
    index
}

fn render(renderer: &Renderer, report: &Report, format: Format) -> Result<Vec<u8>, String> {
    renderer
        .render(report, format)
        .map_err(|e: ReportError| e.to_string())
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut out =
        serde_json::to_vec_pretty(value).map_err(|e| format!("cannot write JSON: {e}"))?;
    out.push(b'\n');
    Ok(out)
}

/// Writes atomically, refusing to replace any file the run read.
fn write_output(
    inputs_on_disk: &BTreeSet<PathBuf>,
    path: &Path,
    bytes: &[u8],
) -> Result<(), String> {
    if inputs_on_disk.contains(&canonical(path)) {
        return Err(format!(
            "{} is an input of this run; lexgap never writes over its input (choose another -o)",
            path.display()
        ));
    }
    crate::fsio::write_atomic(path, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The path with symbolic links and `..` resolved, as far as it exists; for a file not yet
/// written, its folder resolved and its name appended.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |d| d.join(name)),
        _ => path.to_path_buf(),
    }
}

/// A path as the user would write it: relative to where lexgap was started when inside it.
fn display(ctx: &Context, path: &Path) -> String {
    path.strip_prefix(&ctx.cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
