// Polls the drive list, judges every drive for the current image, and reports changes. A stick
// appears or disappears in the window within one poll interval (1 s by default).

import { judgeDrive, systemDriveEvidence, type ImageFacts } from '../../app/drive-rules.js';
import type { Drive } from '../../app/drive.js';
import type { DriveView, Settings } from '../../app/ipc-contract.js';
import { scanDrives } from '../engine/drives.js';

export interface DriveWatchOptions {
  intervalMs: number;
  onChange(drives: DriveView[]): void;
}

export class DriveWatch {
  private timer: NodeJS.Timeout | null = null;
  private drives: Drive[] = [];
  private views: DriveView[] = [];
  private lastJson = '';
  /**
   * Opaque ids, one per medium behind a path: the window never handles device names as identifiers,
   * and a stick swapped in behind the same path (or a loop device re-attached) is a new id, so an
   * id the user chose can never name a medium they did not see.
   */
  private readonly ids = new Map<string, string>();
  private nextId = 1;
  private image: ImageFacts | null = null;
  private settings: Settings;
  private inFlight: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;

  constructor(
    private readonly options: DriveWatchOptions,
    settings: Settings,
  ) {
    this.settings = settings;
  }

  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  setImage(image: ImageFacts | null): void {
    this.image = image;
    this.publish();
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    void this.refresh();
  }

  current(): DriveView[] {
    return this.views;
  }

  /** The drive behind an id, as last scanned. */
  driveOf(driveId: string): Drive | null {
    return this.drives.find((d) => this.idOf(d) === driveId) ?? null;
  }

  /**
   * A drive as last scanned, judged for a given image (the one about to be written, which need not
   * be the one opened last), whether or not the settings hide it.
   */
  judge(driveId: string, image: ImageFacts): { drive: Drive; view: DriveView } | null {
    const drive = this.driveOf(driveId);
    return drive ? { drive, view: this.view(drive, image) } : null;
  }

  /**
   * Scans and publishes if anything changed. The promise settles after a scan that STARTED after
   * this call (a device attached just now is in it); calls during a scan share one follow-up scan.
   */
  refresh(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.scan().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    this.followUp ??= this.inFlight.then(() => {
      this.followUp = null;
      return this.refresh();
    });
    return this.followUp;
  }

  private async scan(): Promise<void> {
    try {
      this.drives = await scanDrives({ includeVirtual: this.settings.showVirtualDrives });
      this.publish();
    } catch {
      // A failed scan keeps the last list; the next poll tries again.
    }
  }

  private idOf(drive: Drive): string {
    // Kernel-given identity only (Linux: diskseq, major:minor): serial and WWN come from udev and
    // can appear a moment after a stick does, which would make a new id of the same stick.
    const key = [drive.device, drive.identity.mediaId ?? '', drive.identity.devNumber ?? ''].join('\0');
    let id = this.ids.get(key);
    if (!id) {
      id = `drive-${this.nextId}`;
      this.nextId += 1;
      this.ids.set(key, id);
    }
    return id;
  }

  private publish(): void {
    const views = this.drives
      .map((drive) => this.view(drive))
      .filter((v) => this.settings.showSystemDrives || !v.isSystem);
    const json = JSON.stringify(views);
    this.views = views;
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.options.onChange(views);
  }

  private view(drive: Drive, image: ImageFacts | null = this.image): DriveView {
    return {
      driveId: this.idOf(drive),
      device: drive.device,
      description: drive.description,
      size: drive.size,
      busType: drive.busType,
      isRemovable: drive.isRemovable,
      isVirtual: drive.isVirtual,
      isSystem: systemDriveEvidence(drive).isSystem,
      isReadOnly: drive.isReadOnly,
      volumes: drive.mountpoints.filter((m) => m.path !== '[SWAP]').map((m) => ({ path: m.path, label: m.label })),
      verdict: judgeDrive(drive, image, { allowSystemDrive: false }),
    };
  }
}
