// The contract's world made real: image and checksum files on disk, real loop devices, and the real
// service (createImprintService) with the real writer. How the window reaches the service is the
// caller's: directly (as the e2e web bridge does) or through the preload and the IPC router.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createImprintApi } from '../../../app/ipc-api.js';
import type { EventChannel, Events, HashAlgorithm, ImprintApi, RequestAnswer, RequestChannel, Result } from '../../../app/ipc-contract.js';
import { createImprintService, type ImprintService } from '../../service/create-service.js';
import { blankLoop, tempDir, type LoopDevice } from '../loop.js';
import { missing } from '../prereq.js';
import {
  DRIVE_SIZES,
  IMAGE_NAME,
  IMAGE_SIZE,
  SIDECAR_IMAGE_NAME,
  SIDECAR_IMAGE_SIZE,
  SIDECAR_NAME,
  type ContractWorld,
  type DriveRole,
  type SumsRole,
  type WorldImage,
} from './world.js';

const WRITER = join(__dirname, '..', '..', '..', 'dist', 'writer.js');
const ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sha512', 'sha1', 'md5'];

/** Why the real world cannot be made here (outside CI; in CI a missing prerequisite fails), or null. */
export const realWorldMissing = (): string | null => missing({ root: true, tools: ['losetup', 'blockdev'] });

/** The files and drives of the real world: made once per test file, shared by its scenarios. */
export interface RealMachine {
  dir: string;
  image: WorldImage;
  sidecarImage: WorldImage;
  missingImage: string;
  sums: Record<SumsRole, string>;
  loops: Record<DriveRole, LoopDevice>;
  remove(): void;
}

function writeImage(path: string, size: number): WorldImage {
  mkdirSync(dirname(path), { recursive: true });
  const data = randomBytes(size);
  data[0] = 0xeb; // never zero: a blank drive differs from the image at byte 0
  writeFileSync(path, data);
  const digests = Object.fromEntries(ALGORITHMS.map((a) => [a, createHash(a).update(data).digest('hex')])) as Record<HashAlgorithm, string>;
  return { path, name: basename(path), folder: dirname(path), size, digests };
}

export function makeRealMachine(): RealMachine {
  const tmp = tempDir('imprint-contract-');
  const loops: Partial<Record<DriveRole, LoopDevice>> = {};
  try {
    const image = writeImage(join(tmp.dir, 'images', IMAGE_NAME), IMAGE_SIZE);
    const sidecarImage = writeImage(join(tmp.dir, 'sidecar', SIDECAR_IMAGE_NAME), SIDECAR_IMAGE_SIZE);
    writeFileSync(join(sidecarImage.folder, SIDECAR_NAME), `${sidecarImage.digests.sha256}  ${SIDECAR_IMAGE_NAME}\n`);
    const sumsDir = join(tmp.dir, 'sums');
    mkdirSync(sumsDir);
    const sums: Record<SumsRole, string> = {
      matching: join(sumsDir, 'matching.sha256sums'),
      mismatching: join(sumsDir, 'mismatching.sha256sums'),
      notListing: join(sumsDir, 'not-listing.sha256sums'),
      missing: join(sumsDir, 'missing.sha256sums'),
    };
    writeFileSync(sums.matching, `${image.digests.sha256}  ${IMAGE_NAME}\n`);
    writeFileSync(sums.mismatching, `${'0'.repeat(64)}  ${IMAGE_NAME}\n`);
    writeFileSync(sums.notListing, `${image.digests.sha256}  other.img\n`);
    loops.small = blankLoop(tmp.dir, 'small.bin', DRIVE_SIZES.small);
    loops.fits = blankLoop(tmp.dir, 'fits.bin', DRIVE_SIZES.fits);
    loops.locked = blankLoop(tmp.dir, 'locked.bin', DRIVE_SIZES.locked, { readOnly: true });
    const all = { small: loops.small, fits: loops.fits, locked: loops.locked };
    return {
      dir: tmp.dir,
      image,
      sidecarImage,
      missingImage: join(tmp.dir, 'images', 'missing.img'),
      sums,
      loops: all,
      remove() {
        for (const loop of Object.values(all)) loop.detach();
        tmp.remove();
      },
    };
  } catch (error) {
    for (const loop of Object.values(loops)) loop.detach();
    tmp.remove();
    throw error;
  }
}

/** How a world's window reaches the service: answers the API, and how to take it down. */
export type Connect = (service: ImprintService, pathForName: (name: string) => string) => { api: ImprintApi; close: () => void };

/** The window talking to the service in-process, as the e2e web bridge does. */
export const direct: Connect = (service, pathForName) => ({
  api: createImprintApi({
    invoke: <C extends RequestChannel>(channel: C, payload: unknown) => service.handle(channel, payload) as Promise<Result<RequestAnswer<C>>>,
    subscribe<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
      return service.onEvent((c, payload) => {
        const sent: EventChannel = c;
        if (sent === channel) listener(payload as Events[E]);
      });
    },
    pathForFile: (file) => pathForName(file.name),
  }),
  close: () => undefined,
});

export interface RealWorld extends ContractWorld {
  service: ImprintService;
  dispose(): Promise<void>;
}

let worlds = 0;

/** A fresh service (its own settings, recent images and drive ids) over the machine's files and drives. */
export async function realWorld(machine: RealMachine, connect: Connect): Promise<RealWorld> {
  let image: string | null = null;
  let sums: string | null = null;
  const dropped = new Map<string, string>();
  worlds += 1;
  const service = await createImprintService({
    dialogs: { chooseImage: () => Promise.resolve(image), chooseSumsFile: () => Promise.resolve(sums) },
    writer: { writer: { command: process.execPath, args: [WRITER] } },
    dataDir: join(machine.dir, `data-${worlds}`),
    drivePollMs: 250,
  });
  const { api, close } = connect(service, (name) => dropped.get(name) ?? '');
  return {
    api,
    service,
    image: machine.image,
    sidecarImage: machine.sidecarImage,
    missingImage: machine.missingImage,
    devices: { small: machine.loops.small.device, fits: machine.loops.fits.device, locked: machine.loops.locked.device },
    chooseImage(path) {
      image = path;
    },
    chooseSumsFile(role) {
      sums = role === null ? null : machine.sums[role];
    },
    drop(path) {
      const name = basename(path);
      dropped.set(name, path);
      return { name };
    },
    async openWith(path) {
      await service.openPath(path);
    },
    eventTimeoutMs: 15_000,
    async dispose() {
      close();
      await service.dispose();
    },
  };
}
