//! `lexgap lsp`: the language server for editors, over stdin/stdout (see docs/editors.md).

use clap::Args;

pub const EXAMPLES: &str = "\
Started by an editor, not by hand: it speaks the Language Server Protocol (JSON-RPC) on
stdin/stdout. See docs/editors.md for VS Code and Neovim.

  lexgap lsp                           serve the workspace of each file the editor opens

The workspace of a file is found as the other commands find it from the current folder: the
nearest folder above the file holding a lexgap.toml (else the folder above its codes/ folder).

Exit codes: 0 after the client's shutdown and exit, 1 when the client went away without them,
2 on a protocol error at start.";

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it (VS Code's language client does); stdio is the only
    /// transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

pub fn run(_args: &LspArgs) -> u8 {
    crate::lsp::run()
}
