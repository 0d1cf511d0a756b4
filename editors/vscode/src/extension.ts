// Starts `lexgap lsp` for .law and .bill files (and the workspace's YAML files it reads), and
// stops it with the editor. Everything else — diagnostics, completion, hover, definition,
// outline, formatting, quick fixes — comes from the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("lexgap").get<string>("path") || "lexgap";
  const serverOptions: ServerOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "law" },
      { scheme: "file", language: "bill" },
      { scheme: "untitled", language: "law" },
      { scheme: "file", pattern: "**/codes/*/{jurisdiction,assessments}.yaml" },
    ],
    synchronize: {
      // Files changed outside the editor (a `git pull`, `lexgap fmt`) are read again.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{codes,protocol}/**/*.{law,bill,yaml}"),
    },
  };
  client = new LanguageClient("lexgap", "lexgap", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
