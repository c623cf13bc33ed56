// The operating systems Imprint has code paths for, and which one this process runs on. Every plan
// (launch, unmount, eject, raw device path) takes the platform as an argument so that each OS's
// plan is tested on Linux; only the code that runs a plan asks currentPlatform().

export type Platform = 'linux' | 'darwin' | 'win32';

/** This process's platform; any other Unix gets the Linux code paths. */
export function currentPlatform(): Platform {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}
