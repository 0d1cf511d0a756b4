//! `lexgap fmt [--check] [PATH…]`: rewrite `.law` files in canonical layout.
//!
//! The formatter's promise is that it loses nothing. Before writing, the formatted text is parsed
//! again and compared with the tree of the original; a file for which that fails is refused, not
//! written. Files with syntax errors are reported and left alone.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{
    Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, plural, render_text, sort_diagnostics,
};
use crate::diagnostic::Diagnostic;
use crate::fsio::write_atomic;
use crate::source::{SourceFile, Sources};
use crate::syntax::{format_law, parse_law};
use crate::workspace::{Origin, relative};

pub const EXAMPLES: &str = "\
Examples:
  lexgap fmt                            format every .law file of the workspace
  lexgap fmt codes/ME                   format one jurisdiction
  lexgap fmt --check                    list files that would change; change nothing

Exit codes: 0 ok, 1 files would change (--check) or have syntax errors, 2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or folders to format. Default: every .law file under the workspace's codes/.
    pub paths: Vec<PathBuf>,

    /// Change nothing; list the files that are not in canonical layout and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(ctx: &Context, args: &FmtArgs) -> u8 {
    let targets = if args.paths.is_empty() {
        let ws = match ctx.workspace() {
            Ok(ws) => ws,
            Err(e) => return fail(e),
        };
        let Origin::Disk(root) = &ws.origin else {
            return fail(
                "no workspace here: `lexgap fmt` formats the files of a workspace (a folder with a lexgap.toml) \
                 or the paths you give it",
            );
        };
        let mut found = Vec::new();
        if let Err(e) = collect(&root.join("codes"), &mut found) {
            return fail(e);
        }
        found
    } else {
        let mut found = Vec::new();
        for p in &args.paths {
            let full = ctx.cwd.join(p);
            if full.is_dir() {
                if let Err(e) = collect(&full, &mut found) {
                    return fail(e);
                }
            } else if full.exists() {
                // A file, or something that is not one: reading it says which.
                found.push(full);
            } else {
                return fail(format!("{}: no such file or folder", p.display()));
            }
        }
        found
    };

    let mut sources = Sources::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut changed = Vec::new();
    let mut io_error = false;
    for path in &targets {
        let shown = relative(&ctx.cwd, path);
        let bytes = match crate::workspace::read_input(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                io_error = true;
                continue;
            }
        };
        let file = match SourceFile::decode(shown.clone(), &bytes) {
            Ok(f) => f,
            Err(b) => {
                let (file, d) = *b;
                let id = sources.add(file);
                diags.push(d.in_file(id));
                continue;
            }
        };
        let (tree, errors) = parse_law(&file.text);
        if !errors.is_empty() {
            let id = sources.add(file);
            diags.extend(errors.into_iter().map(|d| d.in_file(id)));
            continue;
        }
        let formatted = format_law(&tree);
        if formatted.as_bytes() == bytes.as_slice() {
            continue;
        }
        // Checking the formatted text parses it again; the original's two copies are not
        // needed for that (one file near the size limit: 120 MB less at the peak).
        drop(file);
        drop(bytes);
        if !says_the_same(&tree, &formatted) {
            eprintln!(
                "error: {shown}: the formatted text would not say the same as the original, so it was not \
                 written. This is a bug in lexgap; please report it with the file attached."
            );
            io_error = true;
            continue;
        }
        if !args.check
            && let Err(e) = write_atomic(path, formatted.as_bytes())
        {
            eprintln!("error: cannot write {shown}: {e}");
            io_error = true;
            continue;
        }
        changed.push(shown);
    }

    sort_diagnostics(&mut diags);
    print!("{}", render_text(&diags, &sources, ctx.color_stdout()));
    for f in &changed {
        if args.check {
            println!("would reformat {f}");
        } else {
            println!("formatted {f}");
        }
    }
    let verb = if args.check {
        "would reformat"
    } else {
        "reformatted"
    };
    println!(
        "{} checked: {verb} {}{}",
        plural(targets.len(), "file"),
        changed.len(),
        if diags.is_empty() {
            String::new()
        } else {
            format!(
                ", {} with syntax errors left alone",
                plural(
                    diags
                        .iter()
                        .filter_map(|d| d.file)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len(),
                    "file"
                )
            )
        }
    );
    if io_error {
        EXIT_ERROR
    } else if !diags.is_empty() || (args.check && !changed.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Whether `formatted` reads back, without errors, as exactly `tree`: the guard that keeps a
/// formatter bug from ever reaching a file. It cannot be provoked from outside (the fuzz target
/// `fmt_roundtrip` searches for such input), so the unit tests below feed it a faulty output.
fn says_the_same(tree: &crate::syntax::ast::LawFile, formatted: &str) -> bool {
    let (again, errors) = parse_law(formatted);
    errors.is_empty() && again == *tree
}

/// Every `.law` file under `dir`, sorted.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut errors = Vec::new();
    let paths = crate::workspace::list_tree(dir, &mut errors);
    if let Some(e) = errors.first() {
        return Err(e.clone());
    }
    out.extend(
        paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "law")),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "act a \"A\"\n  jurisdiction RS\n\narticle 1\n  para 1\n    text en: One.\n    offence\n      conduct sell # note\n\narticle 2\n";

    #[test]
    fn the_guard_accepts_the_formatter_output() {
        let (tree, errors) = parse_law(SRC);
        assert!(errors.is_empty());
        assert!(says_the_same(&tree, &format_law(&tree)));
    }

    #[test]
    fn the_guard_refuses_output_that_loses_or_changes_anything() {
        let (tree, _) = parse_law(SRC);
        let good = format_law(&tree);
        let faults = [
            good.replace("\narticle 2\n", "\n"),               // a unit lost
            good.replace(" # note", ""),                       // a comment lost
            good.replace("conduct sell", "conduct sell, buy"), // a tag added
            good.replace("One.", "One"),                       // text changed
            good.replace("  para 1", "para 1"),                // structure broken
            good.replace("text en: One.", "text en One."),     // no longer parses
        ];
        for bad in faults {
            assert_ne!(bad, good);
            assert!(!says_the_same(&tree, &bad), "accepted:\n{bad}");
        }
    }
}
