// Maps an OS error on a drive to the error table, with the drive (and byte offset) named.

import { ImprintError } from '../../app/errors.js';

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function driveError(error: unknown, device: string, offset?: number): ImprintError {
  if (error instanceof ImprintError) return error;
  const code = errnoCode(error);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new ImprintError('E_PERMISSION', { device });
    case 'EBUSY':
      return new ImprintError('E_BUSY', { device, detail: 'it is mounted or opened exclusively elsewhere' });
    case 'EROFS':
      return new ImprintError('E_READ_ONLY', { device });
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
    case 'ENOMEDIUM':
      return new ImprintError('E_UNPLUGGED', { device });
    case 'ENOSPC':
      return new ImprintError('E_IO', { device, offset, detail: 'no space left on the device' });
    default:
      return new ImprintError('E_IO', { device, offset, detail: code ?? (error instanceof Error ? error.message : String(error)) });
  }
}
