// The contract's world made fake: the renderer's fake main side (fake-main.ts) set up with the same
// files and drives as the real world (main/test-support/contract/real-world.ts), and a stand-in
// writer. Component tests use this same fake; the scenarios keep it honest.

import type { Drive } from '../../../app/drive.js';
import type { HashAlgorithm, ImageSummary } from '../../../app/ipc-contract.js';
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
} from '../contract/world.js';
import { fakeImprint } from './fake-api.js';
import { baseName, type FakeImage } from './fake-state.js';
import { drive, imageInfo, imageSummary } from './fixtures.js';

export { SCENARIOS } from '../contract/scenarios/index.js';

const FOLDER = '/var/tmp/imprint-contract-fake';
/** The disk holding FOLDER (the real world's images sit on the machine's own disk). */
const HOLDER = '/dev/vda';

function worldImage(path: string, size: number, seed: string): WorldImage {
  const digest = (algorithm: HashAlgorithm, length: number): string => `${seed}${algorithm}`.padEnd(length, '0').replace(/[^0-9a-f]/g, 'e');
  const digests = { sha256: digest('sha256', 64), sha512: digest('sha512', 128), sha1: digest('sha1', 40), md5: digest('md5', 32) };
  return { path, name: baseName(path), folder: path.slice(0, path.lastIndexOf('/')), size, digests };
}

/** An image file as main opens and summarises it: raw bytes with nothing recognisable in them. */
function imageFile(image: WorldImage, ino: number, checksumSidecar: string | null): FakeImage {
  const info = imageInfo({ path: image.name, size: image.size, label: null, filesystems: [], partitionTable: null, partitions: [] });
  const summary: ImageSummary = imageSummary({
    imageId: '',
    name: image.name,
    size: image.size,
    info: { ...info, elTorito: null, usbBoot: { bios: false, uefi: false } },
    checksumSidecar,
  });
  const facts = { path: image.path, fileId: { dev: '254:1', ino: String(ino) }, size: image.size, sizeIsEstimate: false, holderDisks: [HOLDER] };
  return { summary, facts, digests: image.digests };
}

/** A loop device over a file in FOLDER, as the engine scans it. */
function loopDevice(role: DriveRole, n: number): Drive {
  const backingFile = `${FOLDER}/${role}.bin`;
  return drive({
    device: `/dev/loop${n}`,
    description: `Loop device (${backingFile})`,
    size: DRIVE_SIZES[role],
    busType: 'VIRTUAL',
    isRemovable: false,
    isVirtual: true,
    isUSB: false,
    isReadOnly: role === 'locked',
    backingFile,
    backingFileIds: [{ dev: '254:1', ino: String(100 + n) }],
    identity: { mediaId: String(1000 + n), devNumber: `7:${n}`, serial: null, wwn: null },
  });
}

export function fakeWorld(): ContractWorld {
  const image = worldImage(`${FOLDER}/images/${IMAGE_NAME}`, IMAGE_SIZE, 'a1');
  const sidecarImage = worldImage(`${FOLDER}/sidecar/${SIDECAR_IMAGE_NAME}`, SIDECAR_IMAGE_SIZE, 'b2');
  const sums: Record<SumsRole, string> = {
    matching: `${FOLDER}/sums/matching.sha256sums`,
    mismatching: `${FOLDER}/sums/mismatching.sha256sums`,
    notListing: `${FOLDER}/sums/not-listing.sha256sums`,
    missing: `${FOLDER}/sums/missing.sha256sums`,
  };
  const disks = { small: loopDevice('small', 40), fits: loopDevice('fits', 41), locked: loopDevice('locked', 42) };
  const fake = fakeImprint({
    images: { [image.path]: imageFile(image, 10, null), [sidecarImage.path]: imageFile(sidecarImage, 11, SIDECAR_NAME) },
    sumsFiles: {
      [sums.matching]: { [IMAGE_NAME]: image.digests.sha256 },
      [sums.mismatching]: { [IMAGE_NAME]: '0'.repeat(64) },
      [sums.notListing]: { 'other.img': image.digests.sha256 },
    },
    disks: [disks.small, disks.fits, disks.locked],
    writer: 'simulated',
  });
  return {
    api: fake.api,
    image,
    sidecarImage,
    missingImage: `${FOLDER}/images/missing.img`,
    devices: { small: disks.small.device, fits: disks.fits.device, locked: disks.locked.device },
    chooseImage(path) {
      fake.state.chosenImage = path;
    },
    chooseSumsFile(role) {
      fake.state.chosenSumsFile = role === null ? null : sums[role];
    },
    drop(path) {
      const name = baseName(path);
      fake.state.droppedPaths[name] = path;
      return { name };
    },
    openWith(path) {
      fake.openPath(path);
      return Promise.resolve();
    },
    eventTimeoutMs: 2000,
  };
}
