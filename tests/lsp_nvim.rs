//! A real editor: headless Neovim, with editors/nvim on its runtime path, opens a `.law` file
//! with an error and reads the diagnostic through its built-in LSP client from `lexgap lsp`.
//!
//! Skipped where `nvim` is not installed, unless LEXGAP_REQUIRE_NVIM=1 (as `.ci/run` sets it):
//! then a missing Neovim fails the test.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LAW: &str = r#"act criminal-code "Criminal Code"
  jurisdiction RS
  version 2019-12-01
  source "Službeni glasnik RS 85/2005"
  language sr-Cyrl, en
  rendering unofficial
  verified partly

article 2 "Terms"
  define оружје = firearm, ammunition

article 348 "Unlawful weapons"
  text en: Whoever makes weapons without a licence.
  offence
    conduct manufacture
    object оружје, part-componentt
    circumstance without-licence
    mental intent
    penalty prison 6m..5y
"#;

const SCRIPT: &str = r#"
local out = vim.env.LEXGAP_NVIM_OUT
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
require('lexgap').setup({ cmd = { vim.env.LEXGAP_BIN, 'lsp' } })
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LEXGAP_NVIM_FILE))
local got = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = { 'version=' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor),
  'filetype=' .. vim.bo.filetype, 'syntax=' .. tostring(vim.b.current_syntax), 'waited=' .. tostring(got) }
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  local first = d.message:gsub('\n.*', '')
  table.insert(lines, string.format('%d:%d-%d:%d %s %s', d.lnum, d.col, d.end_lnum, d.end_col, code, first))
end
vim.fn.writefile(lines, out)
vim.cmd('qa!')
"#;

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_reads_the_diagnostic_through_its_lsp_client() {
    if !nvim_available() {
        assert!(
            std::env::var("LEXGAP_REQUIRE_NVIM").as_deref() != Ok("1"),
            "LEXGAP_REQUIRE_NVIM=1 but `nvim` is not installed (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lexgap.toml"), "").unwrap();
    let law = dir.path().join("codes/RS/criminal-code/2019-12-01.law");
    std::fs::create_dir_all(law.parent().unwrap()).unwrap();
    std::fs::write(&law, LAW).unwrap();
    let script = dir.path().join("test.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = dir.path().join("out.txt");
    let plugin = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/nvim");
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "--cmd"])
        .arg(format!("set rtp^={}", plugin.display()))
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env("LEXGAP_BIN", env!("CARGO_BIN_EXE_lexgap"))
        .env("LEXGAP_NVIM_FILE", &law)
        .env("LEXGAP_NVIM_OUT", &out)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let report = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines.contains(&"filetype=law"), "{report}");
    assert!(lines.contains(&"syntax=law"), "{report}");
    assert!(lines.contains(&"waited=true"), "{report}");
    // Line 16 (0-based 15), after `    object оружје, `: Neovim's columns are bytes, so the
    // client turned the server's 19 UTF-16 units into 25 bytes.
    let diag: Vec<&&str> = lines.iter().filter(|l| l.contains("E0502")).collect();
    assert_eq!(
        diag,
        [
            &"15:25-15:40 E0502 `part-componentt` is not a `object` value or a term defined in this jurisdiction"
        ],
        "{report}"
    );
}
