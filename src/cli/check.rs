//! `lexgap check [PATH…]`: validate everything and report every finding.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{
    Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, count_summary, fail, plural, render_text,
    sort_diagnostics,
};
use crate::diagnostic::{Diagnostic, Severity, to_json};
use crate::workspace::{InputFile, Loaded, read_tree, relative};

pub const EXAMPLES: &str = "\
Examples:
  lexgap check                          the whole workspace (or the bundled corpus)
  lexgap check codes/ME                 one jurisdiction
  lexgap check codes/RS/criminal-code/2019-12-01.law
  lexgap check --format json            diagnostics as JSON, for editors and CI
  lexgap check --lang sq                also list the instrument model's strings Albanian lacks

Exit codes: 0 no errors (warnings allowed unless --deny-warnings), 1 findings, 2 usage or I/O error.
With --lang L: 1 also when a string of the instrument model is untranslated or stale in L.";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check. Default: the workspace's protocol/ and codes/.
    pub paths: Vec<PathBuf>,

    /// Output format: text with source snippets, or JSON (one object with a `diagnostics` array).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Treat warnings (such as `?` markers for unverified facts) as findings: exit 1 on any.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Also list every string of the instrument model that this language's catalogs
    /// (`protocol/translations/LANG/`) lack or translate from an older English, at the place of
    /// the English source; exit 1 if there is any (docs/translation.md).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

pub fn run(ctx: &Context, args: &CheckArgs) -> u8 {
    if let Some(lang) = &args.lang
        && (lang == "en" || !crate::model::translation::is_language_tag(lang))
    {
        return fail(format!(
            "--lang {lang}: give the BCP 47 tag of a language to translate into (sq, mk, sr-Latn, sr-Cyrl, …); English is the instrument files themselves"
        ));
    }
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        Err(e) => return fail(e),
    };
    let (file_count, mut loaded) = if args.paths.is_empty() {
        match check_world(&ws) {
            Ok(x) => x,
            Err(errors) => {
                for e in &errors {
                    eprintln!("error: {e}");
                }
                return EXIT_ERROR;
            }
        }
    } else {
        let (files, read_errors) = read_paths(&ctx.cwd, &args.paths);
        if !read_errors.is_empty() {
            for e in &read_errors {
                eprintln!("error: {e}");
            }
            return EXIT_ERROR;
        }
        let file_count = files.len();
        let mut loaded = ws.load(files);
        validate(&mut loaded);
        (file_count, loaded)
    };
    if args.paths.is_empty() {
        crate::report::check_catalogs(&ws, &mut loaded);
        let instruments = crate::model::translation::instrument_files(&loaded.sources);
        let found = crate::model::translation::check_all(&loaded.sources, &instruments);
        loaded.diagnostics.extend(found);
    }
    sort_diagnostics(&mut loaded.diagnostics);
    let listing = args
        .lang
        .as_deref()
        .map(|lang| translation_gaps(&loaded.sources, lang));
    let diags = &loaded.diagnostics;
    match args.format {
        CheckFormat::Text => {
            print!(
                "{}",
                render_text(diags, &loaded.sources, ctx.color_stdout())
            );
            let source = if args.paths.is_empty() {
                format!(" in {}", ws.describe())
            } else {
                String::new()
            };
            if let Some(l) = &listing {
                for line in l.lines(&loaded.sources) {
                    println!("{line}");
                }
            }
            println!(
                "checked {}{source}: {}",
                plural(file_count, "file"),
                count_summary(diags)
            );
            if let Some(l) = &listing {
                println!("{}", l.summary());
            }
        }
        CheckFormat::Json => {
            // The first MAX_SHOWN_DIAGNOSTICS, with the counts of all (`more`: those not
            // listed).
            let shown = diags.len().min(super::MAX_SHOWN_DIAGNOSTICS);
            let json: Vec<_> = diags
                .iter()
                .take(shown)
                .map(|d| to_json(d, &loaded.sources))
                .collect();
            let errors = diags
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
            let mut doc = serde_json::json!({
                "files": file_count,
                "errors": errors,
                "warnings": diags.len() - errors,
                "more": diags.len() - shown,
                "diagnostics": json,
            });
            if let (Some(l), Some(map)) = (&listing, doc.as_object_mut()) {
                map.insert("translation".into(), l.json(&loaded.sources));
            }
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    let failing = |d: &&Diagnostic| d.severity() == Severity::Error || args.deny_warnings;
    let untranslated = listing.as_ref().is_some_and(|l| !l.gaps.is_empty());
    if diags.iter().any(|d| failing(&d)) || untranslated {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// What `check --lang L` lists: the strings of the instrument model `L` lacks or translates
/// from an older English.
struct Listing {
    lang: String,
    gaps: Vec<crate::model::translation::Gap>,
    strings: usize,
    unstamped: usize,
}

fn translation_gaps(sources: &crate::source::Sources, lang: &str) -> Listing {
    use crate::model::translation::{English, Translation, gaps, instrument_files};
    let en = English::read(sources, &instrument_files(sources));
    let (t, _) = Translation::load_with(sources, &en, lang);
    Listing {
        lang: lang.to_string(),
        gaps: gaps(&en, &t),
        strings: en.entries.iter().map(|e| e.fields.len()).sum(),
        unstamped: t.unstamped.len(),
    }
}

impl Listing {
    fn missing(&self) -> usize {
        self.gaps.iter().filter(|g| g.kind == "missing").count()
    }

    fn place(
        &self,
        sources: &crate::source::Sources,
        g: &crate::model::translation::Gap,
    ) -> (String, usize, usize) {
        match sources.get(g.file) {
            Some(f) => {
                let (l, c) = f.line_col(g.span.start as usize);
                (f.path.clone(), l, c)
            }
            None => (String::new(), 0, 0),
        }
    }

    /// `protocol/x.yaml:41:16: missing facets.conduct.values.manufacture label (en-hash …)`.
    fn lines(&self, sources: &crate::source::Sources) -> Vec<String> {
        self.gaps
            .iter()
            .map(|g| {
                let (path, l, c) = self.place(sources, g);
                format!(
                    "{path}:{l}:{c}: {} {} {} (en-hash {})",
                    g.kind, g.entry, g.field, g.en_hash
                )
            })
            .collect()
    }

    fn summary(&self) -> String {
        let missing = self.missing();
        let stale = self.gaps.len() - missing;
        format!(
            "{}: {} of {} translated; {} missing, {} stale, {} without en-hash",
            self.lang,
            self.strings - missing,
            plural(self.strings, "string"),
            missing,
            stale,
            plural(self.unstamped, "entry").replace("entrys", "entries"),
        )
    }

    fn json(&self, sources: &crate::source::Sources) -> serde_json::Value {
        let missing = self.missing();
        let gaps: Vec<_> = self
            .gaps
            .iter()
            .map(|g| {
                let (path, l, c) = self.place(sources, g);
                serde_json::json!({
                    "kind": g.kind, "instrument": g.instrument, "entry": g.entry,
                    "field": g.field, "file": path, "line": l, "column": c,
                    "en-hash": g.en_hash,
                })
            })
            .collect();
        serde_json::json!({
            "language": self.lang,
            "strings": self.strings,
            "translated": self.strings - missing,
            "missing": missing,
            "stale": self.gaps.len() - missing,
            "unstamped": self.unstamped,
            "gaps": gaps,
        })
    }
}

/// Whole-workspace validation beyond single files: the model stage checks the instrument, tag
/// values against its vocabulary, references across acts, jurisdictions and assessments.
/// Whole-workspace validation: the model (vocabulary, references, definitions, assessments)
/// and every bill applied to the version it amends.
fn validate(loaded: &mut Loaded) {
    let (model, mut found) = crate::model::Model::build(loaded);
    found.extend(crate::amend::check_bills(loaded, Some(&model)));
    for j in model.corpus.jurisdictions_with_law() {
        found.extend(crate::coverage::unverified_reliance(&model, j));
    }
    loaded.diagnostics.extend(found);
}

/// The whole workspace, one jurisdiction at a time (see `crate::stream`): the same checks as
/// [`validate`] over everything loaded at once, without holding every file in memory.
pub(crate) fn check_world(
    ws: &crate::workspace::Workspace,
) -> Result<(usize, Loaded), Vec<String>> {
    let world = crate::stream::World::open(ws)?.without_trees();
    let groups = world.groups();
    let progress = super::Progress::new("checking", groups.len());
    let results = world.map(
        &groups,
        None,
        |part| -> Result<crate::stream::Findings, Vec<String>> {
            Ok(crate::stream::check_part(part?))
        },
        &|| progress.tick(),
    );
    progress.finish();
    let mut findings = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => findings.push(f),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((world.file_count(), world.finish(findings)))
}

/// Reads the files and folders named on the command line, shown by the path as given.
fn read_paths(cwd: &Path, paths: &[PathBuf]) -> (Vec<InputFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let full = cwd.join(p);
        if full.is_dir() {
            let mut found = Vec::new();
            read_tree(cwd, &full, &mut found, &mut errors);
            files.extend(found);
        } else {
            match crate::workspace::read_input(&full) {
                Ok(bytes) => files.push(InputFile {
                    rel: relative(cwd, &full),
                    bytes,
                }),
                Err(e) => errors.push(format!("{}: {e}", p.display())),
            }
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.dedup_by(|a, b| a.rel == b.rel);
    (files, errors)
}
