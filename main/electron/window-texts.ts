// Every text the main process shows around the window: the menu, the file dialogs, the end-of-job
// notification and the close-while-busy dialog. Like renderer/messages.ts, these speak to someone
// in front of the window: no flags, commands or terminals (job-feedback.test.ts checks them all).

import { HASH_ALGORITHMS } from '../../app/hash-algorithms.js';

export const MENU = {
  file: 'File',
  openImage: 'Open Image…',
  view: 'View',
} as const;

export const FILE_DIALOGS = {
  chooseImage: 'Choose an image',
  diskImages: 'Disk images',
  allFiles: 'All files',
  chooseSumsFile: 'Choose a checksum file',
  checksumFiles: 'Checksum files',
} as const;

/** What a checksum file is called: `<image>.sha256` and the other algorithms', or a SUMS/CHECKSUM text file. */
export const CHECKSUM_FILE_EXTENSIONS: readonly string[] = [...HASH_ALGORITHMS.map((a) => a.sidecar), 'txt', 'sum', '*'];

/** Per drive, what the job did to it: grouped by these in the notification's body. */
export const NOTICE = {
  titles: {
    flash: { ok: 'Writing complete', cancelled: 'Writing cancelled', failed: 'Writing failed' },
    verify: { ok: 'Check complete', cancelled: 'Check cancelled', failed: 'Check failed' },
    unknown: { ok: 'Imprint is done', cancelled: 'Imprint: cancelled', failed: 'Imprint could not finish' },
  },
  writtenVerified: 'written and verified',
  writtenNotVerified: 'written, not verified (verification is off in Settings)',
  matches: 'matches the image',
  differs: 'does not match the image',
  cancelledNothing: 'cancelled before anything was written; the drive is as it was',
  cancelledPartly: 'cancelled while writing; it holds an incomplete image and must be written again',
  cancelledAll: 'written, but the check was cancelled',
  cancelledCheck: 'the check was cancelled; nothing was written',
  cancelled: 'cancelled',
  failedPartly: 'failed; it holds an incomplete image and must be written again',
  failedNothing: 'failed; nothing was written to it',
  failed: 'failed',
  removeNow: (count: number) => (count === 1 ? 'You can remove the drive.' : 'You can remove the drives.'),
  ejectFirst: (count: number) => (count === 1 ? 'Eject the drive before you unplug it.' : 'Eject the drives before you unplug them.'),
  openImprint: 'Open Imprint to see what happened and what to do.',
} as const;

/** The dialog shown when the window is closed while a job runs, by how far the job got. */
export const CLOSE_DIALOG = {
  title: { flash: 'Imprint is writing', verify: 'Imprint is checking a drive', unknown: 'Imprint is working' },
  keep: { flash: 'Keep writing', verify: 'Keep checking', unknown: 'Keep going' },
  cancelAndClose: 'Cancel and close',
  message: { flash: 'Closing Imprint will cancel writing.', verify: 'Closing Imprint will cancel the check.', unknown: 'Closing Imprint will cancel what it is doing.' },
  detail: {
    notStarted: 'Nothing has been written yet: the drives stay as they are.',
    writing: 'The drives will hold an incomplete image with their partition tables cleared, and will not work until they are written again.',
    checkingAfterWrite: 'The image is already written; the check is skipped, so it will not be known whether every byte landed.',
    checkingOnly: 'The check stops; nothing on the drive changes.',
    finishing: 'The image is written; Imprint finishes the drives before it closes.',
  },
} as const;
