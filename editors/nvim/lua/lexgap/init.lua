-- lexgap for Neovim: starts `lexgap lsp` for .law and .bill buffers, one server per workspace.
--
--   require('lexgap').setup()                         -- `lexgap` on PATH
--   require('lexgap').setup({ cmd = { '/path/to/lexgap', 'lsp' } })
--
-- Neovim >= 0.8 uses vim.lsp.start (which reuses a running client for the same root);
-- Neovim 0.7 (Debian's) uses vim.lsp.start_client and attaches buffers itself.
local M = {}

local defaults = {
  cmd = { 'lexgap', 'lsp' },
  filetypes = { 'law', 'bill' },
}

-- The workspace of a file, as the CLI finds it: the nearest folder above holding lexgap.toml,
-- else the folder above a codes/ folder the file lies in, else the file's folder.
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local manifest = vim.fn.findfile('lexgap.toml', dir .. ';')
  if manifest ~= '' then
    return vim.fn.fnamemodify(manifest, ':p:h')
  end
  local codes = vim.fn.finddir('codes', dir .. ';')
  if codes ~= '' then
    return vim.fn.fnamemodify(codes, ':p:h:h')
  end
  return dir
end

local clients = {} -- root -> client id (Neovim 0.7)

local function attach(opts, bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(path ~= '' and path or vim.fn.getcwd() .. '/x')
  local config = {
    name = 'lexgap',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = nil,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(user)
  local opts = vim.tbl_extend('force', defaults, user or {})
  local group = vim.api.nvim_create_augroup('lexgap', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      attach(opts, args.buf)
    end,
  })
  -- Buffers already open when setup runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(opts.filetypes, vim.bo[buf].filetype) then
      attach(opts, buf)
    end
  end
end

return M
