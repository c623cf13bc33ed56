// The world a contract scenario runs in, seen only through the window's API (ImprintApi): the same
// files and drives, made real (files on disk, loop devices, the real service: real-world.ts) or fake
// (main/test-support/renderer/fake-world.ts). Environment-free: the renderer project runs it in jsdom.

import type { ErrorCode } from '../../../app/errors.js';
import { toErrorData } from '../../../app/errors.js';
import type { DroppedFile, HashAlgorithm, ImprintApi } from '../../../app/ipc-contract.js';
import { ValidationError } from '../../../app/validate.js';

export const MiB = 1024 * 1024;

/** The image every world has: not a whole number of MiB, and its first byte is not zero (a blank drive differs at byte 0). */
export const IMAGE_NAME = 'stick.img';
export const IMAGE_SIZE = 6 * MiB + 512;

/** A second image, with a checksum file next to it that names it. */
export const SIDECAR_IMAGE_NAME = 'with-sidecar.img';
export const SIDECAR_NAME = 'with-sidecar.img.sha256';
export const SIDECAR_IMAGE_SIZE = MiB;

/** The drives every world has, by role: too small for the image, large enough, and read-only. */
export const DRIVE_SIZES = { small: 4 * MiB, fits: 8 * MiB, locked: 8 * MiB } as const;
export type DriveRole = keyof typeof DRIVE_SIZES;

/** Checksum files: listing the image with its digest, with another digest, not listing it; and one that is not there. */
export type SumsRole = 'matching' | 'mismatching' | 'notListing' | 'missing';
export const SUMS_ROLES: readonly SumsRole[] = ['matching', 'mismatching', 'notListing', 'missing'];

/** What main answers for a payload the contract does not allow: whatever app/errors.ts makes of a failed validation. */
export const BAD_REQUEST: ErrorCode = toErrorData(new ValidationError('payload', 'what the contract allows')).code;

export interface WorldImage {
  path: string;
  name: string;
  folder: string;
  size: number;
  digests: Record<HashAlgorithm, string>;
}

export interface ContractWorld {
  /** The window's API, over whatever transport the world uses. */
  api: ImprintApi;
  image: WorldImage;
  sidecarImage: WorldImage;
  /** A path where there is no file. */
  missingImage: string;
  /** The device path of each drive (ids are main's business: find them in the list). */
  devices: Record<DriveRole, string>;
  /** What the next "Choose an image…" dialog picks (null: dismissed). */
  chooseImage(path: string | null): void;
  /** What the next checksum-file dialog picks (null: dismissed). */
  chooseSumsFile(role: SumsRole | null): void;
  /** A file dropped on the window, standing for this path. */
  drop(path: string): DroppedFile;
  /** Open-with, a second instance: main opens the image by itself and announces it. */
  openWith(path: string): Promise<void>;
  /** How long to wait for an event main sends by itself (a scan, a job). */
  eventTimeoutMs: number;
}

export interface Scenario {
  name: string;
  run(world: ContractWorld): Promise<void>;
}
