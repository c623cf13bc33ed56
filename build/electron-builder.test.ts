// electron-builder.yml is checked against electron-builder's own configuration schema, and the
// promises the README makes about packaging are pinned here.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const require = createRequire(__filename);
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s configuration schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a config the schema forbids (the check can fail)', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('builds AppImage, deb and rpm, dmg and nsis, with the native addon unpacked', () => {
    expect(config).toMatchObject({
      appId: 'org.imprint.app',
      productName: 'Imprint',
      linux: { target: ['AppImage', 'deb', 'rpm'] },
      mac: { target: 'dmg' },
      win: { target: 'nsis' },
    });
    expect(config.asarUnpack).toContain('native/build/Release/*.node');
  });

  it('associates image types as an alternate viewer, never the default handler', () => {
    const associations = config.fileAssociations as { ext: string | string[]; role: string; rank: string }[];
    const exts = associations.flatMap((a) => a.ext);
    for (const ext of ['iso', 'img', 'xz', 'gz', 'zst', 'bz2', 'zip', 'dmg']) expect(exts).toContain(ext);
    for (const a of associations) expect(a).toMatchObject({ role: 'Viewer', rank: 'Alternate' });
    expect((config.linux as { mimeTypes: string[] }).mimeTypes).toEqual([
      'application/x-iso9660-image',
      'application/x-raw-disk-image',
      'application/x-cd-image',
    ]);
    expect(JSON.stringify(config)).not.toMatch(/protocols/);
  });

  it('packages the generated icons, as electron-builder itself resolves them', async () => {
    const { convertIcon } = require('app-builder-lib/out/util/iconConverter') as {
      convertIcon: (o: { sources: string[]; fallbackSources: string[]; roots: string[]; format: string; outDir: string }) => Promise<{ icons: { file: string; size: number }[]; isFallback: boolean }>;
    };
    const linux = config.linux as { icon: string; executableName: string; desktop: { entry: Record<string, string> } };
    const { mac, win } = config as { mac: { icon: string }; win: { icon: string } };
    // The roots electron-builder searches: the build resources folder, then the project.
    const resolve = (source: string, format: string) =>
      convertIcon({ sources: [source], fallbackSources: [], roots: [join(root, 'build'), root], format, outDir: join(root, 'release', `.icon-${format}`) });
    const set = await resolve(linux.icon, 'set');
    expect(set.isFallback).toBe(false);
    expect(set.icons.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    expect(await resolve(win.icon, 'ico')).toEqual({ icons: [{ file: join(root, win.icon), size: 256 }], isFallback: false });
    expect(await resolve(mac.icon, 'icns')).toEqual({ icons: [{ file: join(root, mac.icon), size: 0 }], isFallback: false });
    // electron-builder installs the set under the executable's name; the desktop entry names it.
    expect(linux.desktop.entry.Icon).toBe(linux.executableName);
  });

  it('turns RunAsNode off and asar integrity on; inspector arguments only in test builds', () => {
    const { fuseSettings } = require(join(root, 'build', 'after-pack.cjs')) as { fuseSettings: (test: boolean) => Record<number, unknown> };
    const { FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
    const release = fuseSettings(false);
    expect(release[FuseV1Options.RunAsNode]).toBe(false);
    expect(release[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(release[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(release[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuseSettings(true)[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
  });
});
