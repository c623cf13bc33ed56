// The prerequisite table (scripts/test/prerequisites.json) cannot go stale: every tool and installed
// file a test source names must be in it, and main/test-support/prereq.ts refuses any other.

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTool, missing, packageOf } from '../../main/test-support/prereq.js';
import table from './prerequisites.json';
import { toolUses, toolUsesIn } from './tool-uses.js';

const root = resolve(__dirname, '../..');
const rows = table.packages;
const tools = rows.flatMap((r) => r.tools ?? []);
const files = rows.flatMap((r) => r.files ?? []);

describe('the prerequisite table', () => {
  it('names each package, tool and file once, and says which tests need it', () => {
    const duplicates = (names: string[]): string[] => names.filter((n, i) => names.indexOf(n) !== i);
    expect(duplicates(rows.map((r) => r.package))).toEqual([]);
    expect(duplicates([...tools, ...files])).toEqual([]);
    for (const row of rows) {
      expect((row.tools ?? []).length + (row.files ?? []).length, row.package).toBeGreaterThan(0);
      expect(row.for.length, row.package).toBeGreaterThan(10);
    }
    for (const file of files) expect(file).toMatch(/^\//);
    for (const k of table.kernel) expect(k.file, k.module).toMatch(/^\/(dev|sys)\//);
  });

  it('lists every tool and installed file the test sources name', () => {
    const uses = toolUses(root);
    const known = new Set([...tools, ...files]);
    const unknown = uses.filter((u) => !known.has(u.name)).map((u) => `${u.at}: the ${u.kind} "${u.name}"`);
    expect(unknown, 'add each to the row of the Debian package that provides it in scripts/test/prerequisites.json').toEqual([]);
    // The scan itself works: it finds the tools every real-device test and the ISO fixtures use.
    const found = new Set(uses.map((u) => u.name));
    for (const name of ['losetup', 'xorriso', 'nbdfuse', 'qemu-img', '/usr/lib/ISOLINUX/isohdpfx.bin', '/usr/bin/chromium']) expect(found, name).toContain(name);
  });

  it('the scan sees each way a test source names a tool or a file', () => {
    const source = [
      "const skip = missing({ root: true, tools: ['tool-a', 'tool-b'] });",
      "if (hasTool('tool-c')) {}",
      "webPrerequisitesMissing(['tool-d']);",
      "export const RIG_TOOLS = ['tool-e'];",
      "const NEEDS = { iso: { tools: ['tool-f'], files: [] } };",
      "execFileSync('tool-g', ['-x']); spawn('tool-h', []); run('tool-i', []); toolOutput('tool-j', []);",
      "const BIN = '/usr/lib/thing/file.bin';",
      "existsSync('/usr/share/other/file') ? 1 : 0;",
      "execFileSync(process.execPath, ['x']); expect(plan.command).toBe('/usr/bin/osascript');",
    ].join('\n');
    const uses = toolUsesIn('planted.ts', source).map((u) => `${u.kind} ${u.name}`);
    expect(uses.sort()).toEqual([
      'file /usr/lib/thing/file.bin',
      'file /usr/share/other/file',
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((x) => `tool tool-${x}`),
    ]);
  });
});

describe('main/test-support/prereq.ts uses the table', () => {
  it('knows the package of each tool and refuses a tool the table does not list', () => {
    expect(packageOf('losetup')).toBe('mount');
    expect(packageOf('/usr/lib/ISOLINUX/isohdpfx.bin')).toBe('isolinux');
    expect(() => missing({ tools: ['no-such-tool-in-the-table'] })).toThrow('"no-such-tool-in-the-table" is not in scripts/test/prerequisites.json');
    expect(() => hasTool('no-such-tool-in-the-table')).toThrow('scripts/test/prerequisites.json');
  });

  it('finds tools on PATH the way a shell does', () => {
    expect(hasTool('sh')).toBe(true);
    const path = process.env.PATH;
    try {
      process.env.PATH = '/nonexistent-imprint-path';
      expect(hasTool('sh')).toBe(false);
    } finally {
      process.env.PATH = path;
    }
  });
});
