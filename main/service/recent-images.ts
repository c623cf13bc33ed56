// The most recently opened images (paths stay in main; the window sees ids, names and folders).

import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { RecentImage } from '../../app/ipc-contract.js';
import { readJson, writeJson } from './settings-store.js';

const MAX_RECENT = 8;

function recentId(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 16);
}

export class RecentImages {
  private paths: string[] = [];

  constructor(private readonly file: string | null) {}

  async load(): Promise<void> {
    if (!this.file) return;
    const stored = await readJson(this.file);
    if (Array.isArray(stored)) this.paths = stored.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT);
  }

  async add(path: string): Promise<void> {
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, MAX_RECENT);
    if (this.file) await writeJson(this.file, this.paths);
  }

  /** Only images that still exist are offered. */
  async list(): Promise<RecentImage[]> {
    const present: RecentImage[] = [];
    for (const path of this.paths) {
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists) present.push({ recentId: recentId(path), name: basename(path), folder: dirname(path) });
    }
    return present;
  }

  pathOf(id: string): string | null {
    return this.paths.find((p) => recentId(p) === id) ?? null;
  }
}
