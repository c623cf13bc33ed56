// The fake's images, recent images and checksums, answered as main's image registry, recent list
// and checksum module answer: ids per open, names and folders (never paths) to the window, and the
// same error codes for a missing image, an unknown id, a checksum file that does not list the image.

import { ImprintError } from '../../../app/errors.js';
import type { HashAlgorithm, HashReport, ImageSummary, RecentImage } from '../../../app/ipc-contract.js';
import { DOWNLOADS } from './fixtures.js';
import { baseName, fakeImage, folderOf, type FakeImage, type FakeState } from './fake-state.js';

const HEX_LENGTH: Record<HashAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
/** The digest of an image whose test gave none. */
const MADE_UP = (algorithm: HashAlgorithm): string => 'ab'.repeat(HEX_LENGTH[algorithm] / 2);
const MAX_RECENT = 8;

function normalizeHex(text: string): string | null {
  const hex = text.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(hex) && Object.values(HEX_LENGTH).includes(hex.length) ? hex : null;
}

function algorithmOf(hex: string): HashAlgorithm {
  const found = (Object.keys(HEX_LENGTH) as HashAlgorithm[]).find((a) => HEX_LENGTH[a] === hex.length);
  if (!found) throw new Error(`fake: ${hex} is no digest`);
  return found;
}

export interface OpenedImage {
  path: string;
  image: FakeImage;
  summary: ImageSummary;
}

export class FakeImages {
  private readonly opened = new Map<string, OpenedImage>();
  private opens = 0;
  private recents = 0;

  constructor(private readonly state: FakeState) {}

  /** Opens the image at a path, as main does (E_IMAGE_NOT_FOUND for a file that is not there), and remembers it as recent. */
  open(path: string): OpenedImage {
    const image = this.state.images[path];
    if (!image) throw new ImprintError('E_IMAGE_NOT_FOUND', { path });
    this.opens += 1;
    const summary = { ...image.summary, imageId: image.summary.imageId || `image-${this.opens}` };
    const opened = { path, image, summary };
    this.opened.set(summary.imageId, opened);
    this.remember(path);
    return opened;
  }

  /** The path the open dialog picks (a chosen summary is a file in DOWNLOADS), or null when it is dismissed. */
  chosenPath(): string | null {
    const chosen = this.state.chosenImage;
    if (chosen === null || typeof chosen === 'string') return chosen;
    const path = `${DOWNLOADS}/${chosen.name}`;
    this.state.images[path] ??= fakeImage(chosen);
    return path;
  }

  /** An image main opened and announced by itself (image:opened, pushed by a test). */
  announced(summary: ImageSummary): OpenedImage {
    const path = `${DOWNLOADS}/${summary.name}`;
    const image = (this.state.images[path] ??= fakeImage(summary, path));
    const opened = { path, image, summary };
    this.opened.set(summary.imageId, opened);
    this.remember(path);
    return opened;
  }

  get(imageId: string): OpenedImage {
    const opened = this.opened.get(imageId);
    if (!opened) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That image' });
    return opened;
  }

  recentList(): RecentImage[] {
    return this.state.recent.filter((r) => this.state.images[`${r.folder}/${r.name}`] !== undefined);
  }

  recentPath(recentId: string): string {
    const recent = this.state.recent.find((r) => r.recentId === recentId);
    if (!recent) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That recent image' });
    return `${recent.folder}/${recent.name}`;
  }

  hash(imageId: string, algorithm: HashAlgorithm, expected: string | undefined): HashReport {
    const hex = this.digest(this.get(imageId).image, algorithm);
    const given = expected === undefined || expected.trim() === '' ? null : expected;
    return { algorithm, hex, matches: given === null ? null : normalizeHex(given) === hex };
  }

  /** Checks an image against a checksum file, found by the image's file name (main/engine/checksum.ts). */
  checkSums(imageId: string, sumsPath: string): HashReport {
    const opened = this.get(imageId);
    const lines = this.state.sumsFiles[sumsPath];
    if (!lines) throw new ImprintError('E_CHECKSUM_FILE_UNUSABLE', { path: sumsPath, detail: 'it does not exist' });
    const name = baseName(opened.path);
    const expected = lines[name];
    // Nothing was compared: not a mismatch (main/engine/checksum.ts's lookUpSumsFile).
    if (expected === undefined) throw new ImprintError('E_CHECKSUM_NOT_LISTED', { path: sumsPath, detail: name });
    const algorithm = algorithmOf(expected);
    const hex = this.digest(opened.image, algorithm);
    return { algorithm, hex, matches: hex === expected };
  }

  private digest(image: FakeImage, algorithm: HashAlgorithm): string {
    return image.digests[algorithm] ?? MADE_UP(algorithm);
  }

  private remember(path: string): void {
    const name = baseName(path);
    const folder = folderOf(path);
    const before = this.state.recent.find((r) => r.name === name && r.folder === folder);
    const recentId = before?.recentId ?? `recent-${(this.recents += 1)}`;
    this.state.recent = [{ recentId, name, folder }, ...this.state.recent.filter((r) => r !== before)].slice(0, MAX_RECENT);
  }
}

