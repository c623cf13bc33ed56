// Inspection looks through containers: a compressed ISO reports the disk inside, and a compressed
// image whose structures lie beyond the decode limit is reported as incompletely inspected.

import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../../app/inspect/inspect-image.js';
import { appendedEspIso, fixtureMissing } from '../test-support/fixtures/images.js';
import { missing } from '../test-support/prereq.js';
import { tempDir } from '../test-support/loop.js';
import { inspectImageFile, withImageBytes } from './inspect-file.js';
import { openImageBytes } from './sources/byte-view.js';

const skip = fixtureMissing('iso') ?? missing({ tools: ['xz', 'gzip'] });

describe.skipIf(skip !== null)('inspecting compressed images', () => {
  const tmp = tempDir();
  let iso: string;
  beforeAll(() => {
    iso = appendedEspIso(tmp.dir);
    execFileSync('sh', ['-c', `xz -T1 -3 -k -c "${iso}" > "${iso}.xz" && gzip -k -c "${iso}" > "${iso}.gz"`]);
  });
  afterAll(() => tmp.remove());

  it.each(['xz', 'gz'])('reports the disk inside a .%s exactly as the raw image', async (ext) => {
    const raw = await inspectImageFile(iso);
    const packed = await inspectImageFile(`${iso}.${ext}`);
    expect(packed.container).toBe(ext === 'gz' ? 'gzip' : 'xz');
    expect(packed).toMatchObject({
      label: raw.label,
      usbBoot: raw.usbBoot,
      elTorito: raw.elTorito,
      partitionTable: raw.partitionTable,
      partitions: raw.partitions,
      filesystems: raw.filesystems,
    });
    expect(raw.usbBoot).toEqual({ bios: true, uefi: true });
  });

  it('lists files inside a compressed ISO', async () => {
    const names = await withImageBytes(`${iso}.xz`, async (bytes) => {
      const { listImageDirectory } = await import('../../app/inspect/image-files.js');
      return (await listImageDirectory(bytes, iso, '/')).map((e) => e.name.toLowerCase());
    });
    expect(names).toContain('boot');
  });

  it('warns, instead of failing, when the decode limit stops inspection early', async () => {
    // Decode all of the ISO 9660 part but not the ESP appended after it (2 MiB at the end).
    const view = await openImageBytes(`${iso}.xz`, statSync(iso).size - 3 * 1024 * 1024);
    try {
      const info = await inspectImage(view.bytes, { path: `${iso}.xz`, container: 'xz', sizeIsEstimate: false });
      expect(info.warnings.map((w) => w.code)).toContain('INSPECTION_INCOMPLETE');
      expect(info.label).toBe('APPENDED_ESP');
      expect(info.usbBoot.bios).toBe(true);
      expect(info.warnings.find((w) => w.code === 'INSPECTION_INCOMPLETE')?.message).toContain('Only the start');
    } finally {
      await view.close();
    }
  });
});
