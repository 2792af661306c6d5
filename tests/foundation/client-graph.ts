// The import graph a client bundle pulls in: from every "use client" module, follow the value imports
// (static, re-exports and dynamic `import()`; `import type` is erased and does not bundle) through the
// project's own files. Packages under node_modules are leaves. Used by the server-only guard test.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");

const compilerOptions: ts.CompilerOptions = {
  baseUrl: ROOT,
  paths: { "@/*": ["./*"] },
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  module: ts.ModuleKind.ESNext,
  jsx: ts.JsxEmit.ReactJSX,
  allowJs: true,
  resolveJsonModule: true,
};

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

export const isClientModule = (text: string) => /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(text);
export const isServerOnly = (text: string) => /^import ["']server-only["'];?$/m.test(text);

/** The module specifiers of the imports that survive compilation (value imports only). */
export function valueImports(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) specs.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs;
}

function resolve(spec: string, from: string): string | undefined {
  const r = ts.resolveModuleName(spec, from, compilerOptions, ts.sys).resolvedModule;
  if (!r || r.isExternalLibraryImport || r.resolvedFileName.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
  return existsSync(r.resolvedFileName) ? r.resolvedFileName : undefined;
}

/** Every project file a client bundle reaches, with the chain of imports that led there. */
export function clientGraph(entries: string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = entries.map((e) => [e, [e]]);
  while (queue.length > 0) {
    const [file, chain] = queue.shift()!;
    if (reached.has(file)) continue;
    reached.set(file, chain);
    const text = readFileSync(file, "utf8");
    for (const spec of valueImports(file, text)) {
      const target = resolve(spec, file);
      if (target && !reached.has(target)) queue.push([target, [...chain, target]]);
    }
  }
  return reached;
}
