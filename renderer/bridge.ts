// The only place that touches window.imprint (exposed by the preload, or by the e2e harness).
// Everything else receives the ImprintApi as a value, so component tests can pass a fake one.

import { ImprintError } from '../app/errors.js';
import type { ImprintApi, Result } from '../app/ipc-contract.js';

declare global {
  interface Window {
    imprint?: ImprintApi;
  }
}

export function imprintFromWindow(): ImprintApi | null {
  return window.imprint ?? null;
}

/**
 * Requests answer with a Result for every domain failure; a rejection means the transport itself
 * broke (main crashed, the window is closing). Either way the store receives a Result.
 */
export async function settle<T>(request: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new ImprintError('E_INTERNAL', { detail }).toData() };
  }
}
