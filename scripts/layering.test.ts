// The layers are enforced by tools, not by memory: this plants the three mistakes the layering
// forbids in real files of the repository and checks that the compiler and lint catch each one,
// and that the same check without the mistake is clean (so the test can fail). Planted files are
// named __planted-<pid>-… (ignored by git) and always removed.

import { rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const planted: string[] = [];

function plant(path: string, source: string): string {
  const file = join(root, path);
  planted.push(file);
  writeFileSync(file, source);
  return file;
}

afterEach(() => {
  for (const file of planted.splice(0)) rmSync(file, { force: true });
});

const name = (what: string): string => `__planted-${process.pid}-${what}`;

/** What `tsc -p tsconfig.app.json` reports, through the compiler API (the file set is read from the config each time). */
let previous: ts.Program | undefined;
function compileApp(): readonly ts.Diagnostic[] {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.app.json'), undefined, host);
  if (config === undefined) throw new Error('tsconfig.app.json could not be read');
  // Reusing the previous program's parsed files keeps the second compile cheap.
  previous = ts.createProgram({ rootNames: config.fileNames, options: config.options, ...(previous ? { oldProgram: previous } : {}) });
  return ts.getPreEmitDiagnostics(previous);
}

function describeDiagnostics(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file ? relative(root, d.file.fileName) : '(no file)'}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

async function lint(files: string[]): Promise<Map<string, ESLint.LintResult['messages']>> {
  const results = await new ESLint({ cwd: root }).lintFiles(files);
  return new Map(results.map((r) => [r.filePath, r.messages]));
}

const messagesOf = (results: Map<string, ESLint.LintResult['messages']>, file: string): string[] =>
  (results.get(file) ?? [{ ruleId: null, message: 'not linted' }]).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);

describe('the layers are enforced by the compiler and lint', () => {
  it('tsc -p tsconfig.app.json: Buffer in app/ does not compile', () => {
    expect(describeDiagnostics(compileApp()), 'app/ compiles cleanly without the planted file').toEqual([]);
    const file = plant(`app/${name('buffer')}.ts`, "// Planted by scripts/layering.test.ts.\nexport const size = Buffer.byteLength('x');\n");
    const found = describeDiagnostics(compileApp());
    const rel = relative(root, file);
    // TS2580/TS2591: "Cannot find name 'Buffer'. Do you need to install type definitions for node?"
    expect(found.length, found.join('\n')).toBe(1);
    expect(found[0]).toMatch(new RegExp(`^${rel.replace(/[.]/g, '\\.')}: TS(2580|2591) Cannot find name 'Buffer'`));
  }, 120_000);

  it('ESLint: an import cycle in main/engine/ is a "Dependency cycle", and the engine may not import the service', async () => {
    // Without the mistakes: a one-way import, and an engine file re-exporting another engine file.
    const oneWayA = plant(`main/engine/${name('one-way-a')}.ts`, `import { b } from './${name('one-way-b')}.js';\nexport const a = (): number => b + 1;\n`);
    const oneWayB = plant(`main/engine/${name('one-way-b')}.ts`, 'export const b = 1;\n');
    const allowed = plant(`main/engine/${name('engine-only')}.ts`, "export * from './lsblk.js';\n");
    // With them: the same two files importing each other, and the engine importing the service.
    const cycleA = plant(`main/engine/${name('cycle-a')}.ts`, `import { b } from './${name('cycle-b')}.js';\nexport const a = 1;\nexport const useB = (): number => b;\n`);
    const cycleB = plant(`main/engine/${name('cycle-b')}.ts`, `import { a } from './${name('cycle-a')}.js';\nexport const b = 2;\nexport const useA = (): number => a;\n`);
    const upward = plant(`main/engine/${name('imports-service')}.ts`, "export * from '../service/create-service.js';\n");

    const results = await lint([oneWayA, oneWayB, allowed, cycleA, cycleB, upward]);

    for (const clean of [oneWayA, oneWayB, allowed]) expect(messagesOf(results, clean), relative(root, clean)).toEqual([]);
    for (const cyclic of [cycleA, cycleB]) {
      const messages = messagesOf(results, cyclic);
      expect(messages, relative(root, cyclic)).toHaveLength(1);
      expect(messages[0]).toMatch(/^import-x\/no-cycle: Dependency cycle/);
    }
    expect(messagesOf(results, upward)).toEqual([
      "no-restricted-imports: '../service/create-service.js' import is restricted from being used by a pattern. The engine may not import the service, supervisor, writer, CLI or Electron layer.",
    ]);
  }, 180_000);
});
