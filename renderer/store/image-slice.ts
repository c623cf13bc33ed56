import { ImprintError, type ErrorData } from '../../app/errors.js';
import type { HashAlgorithm, HashReport, ImageSummary, ImprintApi, RecentImage, Result } from '../../app/ipc-contract.js';
import { settle } from '../bridge.js';
import { messages } from '../messages.js';
import { parseExpectedChecksum } from './checksum.js';
import type { SliceCreator } from './types.js';

export type ChecksumSource = 'pasted' | 'sums-file' | 'sidecar';

export interface ChecksumState {
  busy: boolean;
  /** Digests computed so far for the current image. */
  computed: Partial<Record<HashAlgorithm, string>>;
  /** The last comparison: with what, and whether it matched (null: the sums file does not list the image). */
  compared: { source: ChecksumSource; matches: boolean | null } | null;
  invalidInput: boolean;
  error: ErrorData | null;
}

export const NO_CHECKSUM: ChecksumState = { busy: false, computed: {}, compared: null, invalidInput: false, error: null };

export interface ImageSlice {
  image: ImageSummary | null;
  imageBusy: boolean;
  imageError: ErrorData | null;
  recent: RecentImage[];
  checksum: ChecksumState;
  chooseImage: () => Promise<void>;
  openDroppedFile: (file: File) => Promise<void>;
  openRecent: (recentId: string) => Promise<void>;
  loadRecent: () => Promise<void>;
  /** A new image from main (image:opened: open-with, second instance) or an answer. */
  imageOpened: (image: ImageSummary) => void;
  showHash: () => Promise<void>;
  compareChecksum: (text: string) => Promise<void>;
  checkSumsFile: () => Promise<void>;
}

export const createImageSlice =
  (api: ImprintApi): SliceCreator<ImageSlice> =>
  (set, get) => {
    async function open(request: Promise<Result<ImageSummary | null>>): Promise<void> {
      set({ imageBusy: true, imageError: null });
      const answer = await settle(request);
      set({ imageBusy: false });
      if (!answer.ok) set({ imageError: answer.error });
      else if (answer.value !== null) get().imageOpened(answer.value);
    }

    async function hash(algorithm: HashAlgorithm, expected?: string): Promise<Result<HashReport>> {
      const image = get().image;
      // Only reachable if a button outlived its image: the image is gone, choose it again.
      if (!image) return { ok: false, error: new ImprintError('E_UNKNOWN_ID', { detail: 'The image' }).toData() };
      set((s) => ({ checksum: { ...s.checksum, busy: true, error: null, invalidInput: false } }));
      const answer = await settle(api.hashImage(image.imageId, algorithm, expected));
      if (get().image?.imageId !== image.imageId) return answer; // another image was opened meanwhile
      if (answer.ok) {
        set((s) => ({ checksum: { ...s.checksum, busy: false, computed: { ...s.checksum.computed, [algorithm]: answer.value.hex } } }));
      } else {
        set((s) => ({ checksum: { ...s.checksum, busy: false, error: answer.error } }));
      }
      return answer;
    }

    function compared(source: ChecksumSource, matches: boolean | null): void {
      set((s) => ({ checksum: { ...s.checksum, compared: { source, matches } } }));
    }

    return {
      image: null,
      imageBusy: false,
      imageError: null,
      recent: [],
      checksum: NO_CHECKSUM,
      chooseImage: () => open(api.chooseImage()),
      openDroppedFile: (file) => open(api.openDroppedFile(file)),
      openRecent: (recentId) => open(api.openRecent(recentId)),
      async loadRecent() {
        const answer = await settle(api.recentImages());
        if (answer.ok) set({ recent: answer.value });
      },
      imageOpened(image) {
        // The erase confirmation names one image: one arriving meanwhile (open-with, a drop) closes
        // it, so what is written is always what was confirmed. One update: the dialog never shows it.
        const { confirmOpen, image: before } = get();
        if (confirmOpen && before?.imageId !== image.imageId) {
          const notice = messages.flash.imageChanged(image.name);
          set({ image, imageError: null, checksum: NO_CHECKSUM, confirmOpen: false, flashNotice: notice });
          get().announce(notice);
        } else {
          set({ image, imageError: null, checksum: NO_CHECKSUM });
          get().announce(messages.image.opened(image.name));
        }
        // Drive verdicts depend on the image (too small, holds the image).
        void get().refreshDrives();
        void get().loadRecent();
      },
      async showHash() {
        const answer = await hash('sha256');
        // Main compares with a sums file found next to the image, when there is one.
        if (answer.ok && answer.value.matches !== null) compared('sidecar', answer.value.matches);
      },
      async compareChecksum(text) {
        const expected = parseExpectedChecksum(text);
        if (expected === null) {
          set((s) => ({ checksum: { ...s.checksum, invalidInput: true, compared: null } }));
          return;
        }
        set((s) => ({ checksum: { ...s.checksum, invalidInput: false } }));
        const known = get().checksum.computed[expected.algorithm];
        if (known !== undefined) {
          compared('pasted', known === expected.hex);
          return;
        }
        const answer = await hash(expected.algorithm, expected.hex);
        if (answer.ok) compared('pasted', answer.value.matches ?? answer.value.hex === expected.hex);
      },
      async checkSumsFile() {
        const image = get().image;
        if (!image) return;
        set((s) => ({ checksum: { ...s.checksum, busy: true, error: null } }));
        const answer = await settle(api.checkSumsFile(image.imageId));
        if (get().image?.imageId !== image.imageId) return;
        set((s) => ({ checksum: { ...s.checksum, busy: false } }));
        if (!answer.ok) set((s) => ({ checksum: { ...s.checksum, error: answer.error } }));
        else if (answer.value !== null) {
          const report = answer.value;
          set((s) => ({ checksum: { ...s.checksum, computed: { ...s.checksum.computed, [report.algorithm]: report.hex } } }));
          compared('sums-file', report.matches);
        }
      },
    };
  };
