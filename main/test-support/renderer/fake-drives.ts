// The fake's drive list, as main's DriveWatch keeps it: opaque ids per medium, every drive judged by
// the real rules for the image opened, hidden drives left out as the settings say, and a
// drives:changed whenever what the window would see changes.

import { missingAcknowledgements, type AcknowledgementCode } from '../../../app/acknowledgement.js';
import type { Drive } from '../../../app/drive.js';
import { firstRefusal, type ImageFacts } from '../../../app/drive-rules.js';
import { ImprintError } from '../../../app/errors.js';
import type { DriveView, FlashRequest } from '../../../app/ipc-contract.js';
import { viewOf } from './fixtures.js';
import type { FakeState } from './fake-state.js';

const REASONS: Record<AcknowledgementCode, string> = {
  LARGE_DRIVE: 'it is larger than a typical USB stick or card',
  NOT_REMOVABLE: 'it is not a removable drive',
  SYSTEM_DRIVE: 'it is a system drive',
  VIRTUAL: 'it is a virtual drive',
};

export class FakeDrives {
  private readonly ids = new Map<string, string>();
  private nextId = 1;
  private lastJson = '';
  /** The facts of the image opened last: the verdicts are for it. */
  image: ImageFacts | null = null;

  constructor(
    private readonly state: FakeState,
    private readonly changed: (views: DriveView[]) => void,
  ) {}

  /** What the window is shown: system drives only when asked for, virtual ones likewise (main scans without them). */
  listed(): DriveView[] {
    const { showSystemDrives } = this.state.settings;
    return this.scanned(this.image).filter((v) => showSystemDrives || !v.isSystem);
  }

  /** Sends drives:changed when the list the window sees is not the one it was last sent. */
  publish(): void {
    const views = this.listed();
    const json = JSON.stringify(views);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.changed(views);
  }

  /** A test said what main lists now (it pushed drives:changed). */
  replaced(views: DriveView[]): void {
    this.state.drives = views;
    this.state.disks = [];
    this.lastJson = JSON.stringify(views);
  }

  /** The drives to write for a flash request, or why nothing may start (main/service/flash-targets.ts). */
  flashTargets(request: Pick<FlashRequest, 'driveIds' | 'acknowledged'>, image: ImageFacts): DriveView[] {
    if (request.driveIds.length === 0) throw new ImprintError('E_BAD_REQUEST', { detail: 'No drive was chosen.' });
    if (new Set(request.driveIds).size !== request.driveIds.length) throw new ImprintError('E_BAD_REQUEST', { detail: 'The same drive was chosen twice.' });
    const views = request.driveIds.map((driveId) => this.judged(driveId, image));
    for (const view of views) {
      if (view.verdict.status !== 'refused') continue;
      const refusal = firstRefusal(view.verdict);
      if (!refusal?.error) throw new ImprintError('E_NOT_A_DRIVE', { device: view.device, detail: 'the safety rules refuse it' });
      // Rebuilt from the rule's code and facts, so each surface words it itself.
    throw new ImprintError(refusal.error, { device: view.device, ...(refusal.detail !== undefined ? { detail: refusal.detail } : {}) });
    }
    for (const view of views) {
      const given = request.acknowledged.filter((a) => a.driveId === view.driveId).flatMap((a) => a.codes);
      const missing = missingAcknowledgements(view, given);
      if (missing.length === 0) continue;
      const why = missing.map((code) => REASONS[code]).join(', ');
      throw new ImprintError('E_NOT_CONFIRMED', { device: view.device, detail: `${why}, and its own confirmation was not given` });
    }
    return views;
  }

  /** A drive as last scanned (hidden or not), judged for this image; E_UNKNOWN_ID when there is none. */
  judged(driveId: string, image: ImageFacts | null = this.image): DriveView {
    const view = this.scanned(image).find((v) => v.driveId === driveId);
    if (!view) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That drive' });
    return view;
  }

  /** Every drive a scan finds: virtual ones only when the settings show them, as main scans. */
  private scanned(image: ImageFacts | null): DriveView[] {
    const { showVirtualDrives } = this.state.settings;
    const views = [...this.state.drives, ...this.state.disks.map((d) => viewOf(d, image, this.idOf(d)))];
    return views.filter((v) => showVirtualDrives || !v.isVirtual);
  }

  private idOf(drive: Drive): string {
    const key = [drive.device, drive.identity.mediaId ?? '', drive.identity.devNumber ?? ''].join('\0');
    let id = this.ids.get(key);
    if (!id) {
      id = `drive-${this.nextId}`;
      this.nextId += 1;
      this.ids.set(key, id);
    }
    return id;
  }
}
