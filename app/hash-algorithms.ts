// The checksum algorithms Imprint knows, in one table: the IPC contract, the engine's sums-file
// parser and sidecar search, the CLI's --algorithm and the window's pasted-value reader all derive
// from it, so adding one here is the whole change.

export interface HashAlgorithmInfo {
  /** Node's crypto name, the CLI's --algorithm value and the IPC value. */
  readonly name: string;
  /** Hex digits in a digest: how a bare checksum tells its algorithm. */
  readonly hexLength: number;
  /** How a publisher names the file next to the image: `<image>.<sidecar>`, `<SIDECAR>SUMS`. */
  readonly sidecar: string;
  /** As people write it (messages). */
  readonly label: string;
}

/** In order of preference: the first is the default, and sidecar files are tried in this order. */
export const HASH_ALGORITHMS = [
  { name: 'sha256', hexLength: 64, sidecar: 'sha256', label: 'SHA-256' },
  { name: 'sha512', hexLength: 128, sidecar: 'sha512', label: 'SHA-512' },
  { name: 'sha1', hexLength: 40, sidecar: 'sha1', label: 'SHA-1' },
  { name: 'md5', hexLength: 32, sidecar: 'md5', label: 'MD5' },
] as const satisfies readonly HashAlgorithmInfo[];

export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number]['name'];

export const HASH_ALGORITHM_NAMES: readonly HashAlgorithm[] = HASH_ALGORITHMS.map((a) => a.name);

export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = HASH_ALGORITHMS[0].name;

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return typeof value === 'string' && (HASH_ALGORITHM_NAMES as readonly string[]).includes(value);
}

/** The algorithm whose digests have this many hex digits, or null. */
export function algorithmForHexLength(length: number): HashAlgorithm | null {
  return HASH_ALGORITHMS.find((a) => a.hexLength === length)?.name ?? null;
}

/** "MD5, SHA-1, SHA-256 or SHA-512": for messages that list what is accepted. */
export function hashLabelList(conjunction = 'or'): string {
  const labels = [...HASH_ALGORITHMS].sort((a, b) => a.hexLength - b.hexLength).map((a) => a.label);
  return `${labels.slice(0, -1).join(', ')} ${conjunction} ${labels[labels.length - 1] ?? ''}`;
}
