// The one contract between the window and the main process: request channels (each answers with a
// Result) and event channels. Payloads are validated at runtime on the receiving side; the renderer
// only ever sends ids that main handed it (imageId, driveId, jobId), never paths or device names.

import { ACKNOWLEDGEMENT_CODES, type Acknowledgement } from './acknowledgement.js';
import type { DriveVerdict } from './drive-rules.js';
import type { ErrorData } from './errors.js';
import { HASH_ALGORITHM_NAMES, type HashAlgorithm } from './hash-algorithms.js';
import type { ImageInfo } from './inspect/image-info.js';
import type { JobResult, Progress } from './progress.js';
import { arrayOf, bool, literal, nothing, object, optional, str, type Validator } from './validate.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/**
 * A file dropped on the window (the DOM's File, which app/ has no type for: only what is used here).
 * The preload turns it into a path with Electron's webUtils.getPathForFile.
 */
export interface DroppedFile {
  readonly name: string;
}

export interface ImageSummary {
  imageId: string;
  /** File name only; the full path stays in main. */
  name: string;
  size: number;
  sizeIsEstimate: boolean;
  container: string;
  /** Inspection result, or null when the image could not be inspected (see inspectError). */
  info: ImageInfo | null;
  inspectError: ErrorData | null;
  /** A checksum file found next to the image (SHA256SUMS, <image>.sha256 …), by file name. */
  checksumSidecar: string | null;
}

export interface RecentImage {
  recentId: string;
  name: string;
  /** The folder, shown to tell same-named images apart. */
  folder: string;
}

export interface DriveView {
  driveId: string;
  device: string;
  description: string;
  size: number | null;
  busType: string;
  isRemovable: boolean;
  isVirtual: boolean;
  isSystem: boolean;
  isReadOnly: boolean;
  volumes: { path: string; label: string | null }[];
  /** The safety rules' verdict for the current image (size rules skipped until one is chosen). */
  verdict: DriveVerdict;
}

export interface Settings {
  verify: boolean;
  eject: boolean;
  showVirtualDrives: boolean;
  showSystemDrives: boolean;
}

export const DEFAULT_SETTINGS: Settings = { verify: true, eject: true, showVirtualDrives: false, showSystemDrives: false };

export type { HashAlgorithm } from './hash-algorithms.js';

export interface HashReport {
  algorithm: HashAlgorithm;
  hex: string;
  /** When an expected value was given or found in a sums file: whether it matched. */
  matches: boolean | null;
}

export interface JobStarted {
  jobId: string;
}

/** The job main is running, so that a window that was reloaded (or opened late) can re-attach to it. */
export interface CurrentJob {
  jobId: string;
  kind: 'flash' | 'verify';
  image: ImageSummary;
  /** The drives as they were chosen. */
  drives: DriveView[];
  eject: boolean;
  /** The latest progress, or null before the writer reported any. */
  progress: Progress | null;
}

export interface JobProgressEvent {
  jobId: string;
  progress: Progress;
}

export interface JobResultEvent {
  jobId: string;
  result: JobResult;
}

const id = str(128);

/** What the user ticked per drive in the confirmation (app/acknowledgement.ts); main checks it. */
const acknowledgement = object({ driveId: id, codes: arrayOf(literal(...ACKNOWLEDGEMENT_CODES), ACKNOWLEDGEMENT_CODES.length) });

/** A flash as the user confirmed it: the image that was shown, the drives named, their ticks. */
export interface FlashRequest {
  imageId: string;
  driveIds: string[];
  acknowledged: Acknowledgement[];
  verify: boolean;
  eject: boolean;
}

/** What each request channel answers. */
export interface RequestAnswers {
  'image:choose': ImageSummary | null;
  /** Path from the preload's drag-and-drop (webUtils.getPathForFile): main checks it is a readable file. */
  'image:open-dropped': ImageSummary;
  'image:recent': RecentImage[];
  'image:open-recent': ImageSummary;
  'image:hash': HashReport;
  /** Lets the user pick a SHA256SUMS-style file (dialog) and checks the image against it; null if dismissed. */
  'image:check-sums-file': HashReport | null;
  'drives:list': DriveView[];
  'settings:get': Settings;
  'settings:set': Settings;
  'job:flash': JobStarted;
  'job:verify': JobStarted;
  'job:cancel': boolean;
  'job:current': CurrentJob | null;
}

export type RequestChannel = keyof RequestAnswers;

/** How each request's payload is validated on the receiving side. */
export const requestPayloads = {
  'image:choose': nothing,
  'image:open-dropped': object({ path: str(4096) }),
  'image:recent': nothing,
  'image:open-recent': object({ recentId: id }),
  'image:hash': object({ imageId: id, algorithm: literal(...HASH_ALGORITHM_NAMES), expected: optional(str(256)) }),
  'image:check-sums-file': object({ imageId: id }),
  'drives:list': nothing,
  'settings:get': nothing,
  'settings:set': object({ verify: optional(bool), eject: optional(bool), showVirtualDrives: optional(bool), showSystemDrives: optional(bool) }),
  'job:flash': object({ imageId: id, driveIds: arrayOf(id, 16), acknowledged: arrayOf(acknowledgement, 16), verify: bool, eject: bool }),
  'job:verify': object({ imageId: id, driveId: id }),
  'job:cancel': object({ jobId: id }),
  'job:current': nothing,
} satisfies Record<RequestChannel, Validator<unknown>>;

export type RequestPayload<C extends RequestChannel> = ReturnType<(typeof requestPayloads)[C]>;
export type RequestAnswer<C extends RequestChannel> = RequestAnswers[C];

/** Event channels main pushes to the window. */
export interface Events {
  'image:opened': ImageSummary;
  'drives:changed': DriveView[];
  'settings:changed': Settings;
  'job:progress': JobProgressEvent;
  'job:result': JobResultEvent;
}

export type EventChannel = keyof Events;

export const EVENT_CHANNELS: readonly EventChannel[] = ['image:opened', 'drives:changed', 'settings:changed', 'job:progress', 'job:result'];

export const REQUEST_CHANNELS = Object.keys(requestPayloads) as RequestChannel[];

/** Part of the settings, as 'settings:set' sends it: main reads its settings file back with this same check. */
export const settingsPatch = requestPayloads['settings:set'];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestPayloads, value);
}

export function validatePayload<C extends RequestChannel>(channel: C, payload: unknown): RequestPayload<C> {
  return requestPayloads[channel](payload, channel) as RequestPayload<C>;
}

/** The API the preload exposes as window.imprint: one function per request, one onX per event. */
export interface ImprintApi {
  chooseImage(): Promise<Result<ImageSummary | null>>;
  /** Drag-and-drop: the preload turns the File into a path (webUtils.getPathForFile). */
  openDroppedFile(file: DroppedFile): Promise<Result<ImageSummary>>;
  recentImages(): Promise<Result<RecentImage[]>>;
  openRecent(recentId: string): Promise<Result<ImageSummary>>;
  hashImage(imageId: string, algorithm: HashAlgorithm, expected?: string): Promise<Result<HashReport>>;
  checkSumsFile(imageId: string): Promise<Result<HashReport | null>>;
  listDrives(): Promise<Result<DriveView[]>>;
  getSettings(): Promise<Result<Settings>>;
  setSettings(patch: Partial<Settings>): Promise<Result<Settings>>;
  /** Main refuses it unless every drive's extra tick is acknowledged and no drive is refused. */
  flash(request: FlashRequest): Promise<Result<JobStarted>>;
  verify(imageId: string, driveId: string): Promise<Result<JobStarted>>;
  cancel(jobId: string): Promise<Result<boolean>>;
  currentJob(): Promise<Result<CurrentJob | null>>;
  onImageOpened(listener: (image: ImageSummary) => void): () => void;
  onDrivesChanged(listener: (drives: DriveView[]) => void): () => void;
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
  onJobProgress(listener: (event: JobProgressEvent) => void): () => void;
  onJobResult(listener: (event: JobResultEvent) => void): () => void;
}
