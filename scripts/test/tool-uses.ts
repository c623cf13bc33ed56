// Finds, in the test sources, every system command and installed file the tests name, so a test
// can check them against the prerequisite table (scripts/test/prerequisites.json) and the table
// cannot go stale. Parsed with the TypeScript compiler, not matched with regular expressions.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ToolUse {
  /** A command looked up on PATH ("xorriso"), or an absolute path the tests need ("/usr/lib/…"). */
  name: string;
  kind: 'tool' | 'file';
  /** file:line, relative to the repository. */
  at: string;
}

/** Calls that run a program named by their first argument, with the helpers tests wrap them in (run, sh, toolOutput…). */
const RUNNERS = new Set(['execFileSync', 'execFile', 'spawn', 'spawnSync', 'run', 'sh', 'toolOutput']);
/** Calls whose array arguments (or `tools` property) name commands a test needs. */
const PREREQUISITE_CALLS = new Set(['missing', 'hasTool', 'webPrerequisitesMissing']);
/** File checks whose path argument is something the tests need installed. */
const FILE_CHECKS = new Set(['existsSync', 'accessSync', 'statSync']);
const INSTALLED = /^\/usr\/(lib|share|bin|sbin|libexec)\//;

function calleeName(call: ts.CallExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

function stringsOf(node: ts.Node): ts.StringLiteralLike[] {
  if (ts.isStringLiteralLike(node)) return [node];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isSpreadElement(e) ? [] : stringsOf(e)));
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) return stringsOf(node.expression);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.flatMap((p) => (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'tools' ? stringsOf(p.initializer) : []));
  }
  return [];
}

/** Every tool and installed file that `source` (one file's text) names, by the rules above. */
export function toolUsesIn(fileName: string, source: string): ToolUse[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: ToolUse[] = [];
  const add = (node: ts.StringLiteralLike, kind: ToolUse['kind']): void => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    uses.push({ name: node.text, kind, at: `${fileName}:${line}` });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const first = node.arguments[0];
      if (name !== null && RUNNERS.has(name) && first !== undefined && ts.isStringLiteralLike(first) && /^[\w.+-]+$/.test(first.text)) add(first, 'tool');
      if (name !== null && PREREQUISITE_CALLS.has(name)) for (const arg of node.arguments) for (const s of stringsOf(arg)) add(s, 'tool');
      if (name !== null && FILE_CHECKS.has(name) && first !== undefined && ts.isStringLiteralLike(first) && INSTALLED.test(first.text)) add(first, 'file');
    }
    // `tools: [...]` anywhere (FIXTURE_NEEDS, option objects) and `const SOME_TOOLS = [...]`.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'tools') for (const s of stringsOf(node.initializer)) add(s, 'tool');
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      if (/TOOLS$/i.test(node.name.text)) for (const s of stringsOf(node.initializer)) add(s, 'tool');
      // A path constant (`const ISOHDPFX_BIN = '/usr/lib/…'`) is named because a test needs the file.
      if (ts.isStringLiteralLike(node.initializer) && INSTALLED.test(node.initializer.text)) add(node.initializer, 'file');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // The same literal can match two rules (a `tools:` property inside a missing() call).
  const seen = new Set<string>();
  return uses.filter((u) => {
    const key = `${u.kind} ${u.name} ${u.at}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const TEST_FILE = /\.(test|spec)\.tsx?$/;
const SKIP_FOLDERS = new Set(['node_modules', 'dist', 'build', 'test-results', 'playwright-report', 'screenshots', '.git']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_FOLDERS.has(entry.name)) walk(join(dir, entry.name), out);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(join(dir, entry.name));
    }
  }
}

/**
 * The test sources: test files, main/test-support/, e2e/, the fuzzers and the test configs. Not
 * scripts/test/ itself, whose tests name made-up tools on purpose.
 */
export function testSources(root: string): string[] {
  const all: string[] = [];
  for (const top of ['app', 'main', 'native', 'renderer', 'scripts', 'e2e']) walk(join(root, top), all);
  const isTestSource = (rel: string): boolean =>
    (TEST_FILE.test(rel) && !rel.startsWith('scripts/test/')) || rel.startsWith('main/test-support/') || rel.startsWith('e2e/') || /^scripts\/fuzz-[^/]+\.ts$/.test(rel);
  const configs = readdirSync(root).filter((f) => /^(vitest|playwright)\.config\.m?ts$/.test(f)).map((f) => join(root, f));
  return [...all.filter((f) => isTestSource(relative(root, f))), ...configs].sort();
}

/** Every tool and installed file the test sources name. */
export function toolUses(root: string): ToolUse[] {
  return testSources(root).flatMap((f) => toolUsesIn(relative(root, f), readFileSync(f, 'utf8')));
}
