import { ImprintError } from '../../../app/errors.js';
import { HASH_ALGORITHM_NAMES } from '../../../app/hash-algorithms.js';
import { flash } from '../../engine/flash.js';
import { judgeTargets } from '../../engine/preflight.js';
import { openImage, type ImageSource } from '../../engine/source.js';
import type { Command } from '../command.js';
import { askToErase, erasureSummary } from '../confirm.js';
import { progressSink, reportResult } from '../job-output.js';
import { flag, parse, stringOption } from '../parse.js';
import { expectedChecksum } from './hash.js';
import { reportError, usageError } from '../output.js';

const USAGE = `Usage: imprint flash <image> <device>... [options]

Writes the image to one or more whole drives, then reads every byte back and compares it.
  -y, --yes               do not ask for confirmation (needed when not on a terminal)
      --no-verify         skip reading the drives back
      --no-eject          leave the drives attached when done
      --allow-system-drive  allow writing to a drive the system runs from (dangerous)
      --expect <hex>      refuse to write unless the image file has this checksum (${HASH_ALGORITHM_NAMES.join('/')})
      --sums <file>       refuse to write unless the image matches its line in this checksum file
      --json              print progress and the result as JSON lines`;

export const flashCommand: Command = {
  name: 'flash',
  summary: 'write an image to drives and verify it',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, {
      yes: { type: 'boolean', short: 'y' },
      'no-verify': { type: 'boolean' },
      'no-eject': { type: 'boolean' },
      'allow-system-drive': { type: 'boolean' },
      json: { type: 'boolean' },
      expect: { type: 'string' },
      sums: { type: 'string' },
    });
    const json = flag(parsed, 'json');
    let source: ImageSource | undefined;
    try {
      const [imagePath, ...devices] = parsed.positionals;
      if (!imagePath || devices.length === 0) throw usageError('flash needs an image and at least one device.');
      // Opened once, as the user who asked; every pass reads this handle (engine/sources/image-file.ts).
      source = await openImage(imagePath);
      const allowSystemDrive = flag(parsed, 'allow-system-drive');
      const judged = await judgeTargets(source, devices, { allowSystemDrive });
      // A bad --expect or a sums file without the image's line is refused before anyone is asked to
      // erase anything; the hash itself is taken from the bytes the job writes (engine/flash.ts).
      const expected = await expectedChecksum(imagePath, { expect: stringOption(parsed, 'expect'), sums: stringOption(parsed, 'sums'), sidecar: false });

      if (!flag(parsed, 'yes')) {
        const devicesNamed = judged.map((j) => j.drive.device).join(', ');
        if (!ctx.stdin.isTTY || json) {
          throw new ImprintError('E_NOT_CONFIRMED', { device: devicesNamed, detail: 'not on a terminal' });
        }
        if (!(await askToErase(ctx, erasureSummary(judged)))) {
          throw new ImprintError('E_NOT_CONFIRMED', { device: devicesNamed });
        }
      }

      const sink = progressSink(ctx, json);
      const result = await flash(source, devices, {
        ...(expected ? { checksum: { algorithm: expected.algorithm, hex: expected.hex, from: expected.from } } : {}),
        verify: !flag(parsed, 'no-verify'),
        eject: !flag(parsed, 'no-eject'),
        allowSystemDrive,
        signal: ctx.signal,
        onProgress: sink.onProgress,
        // What the user was shown and said yes to: another medium behind the same path is refused.
        expected: Object.fromEntries(judged.map((j) => [j.drive.device, { size: j.drive.size, identity: j.drive.identity }])),
      });
      sink.end();
      return reportResult(ctx, result, json, 'flash');
    } catch (error) {
      return reportError(ctx, error, json);
    } finally {
      await source?.close();
    }
  },
};

