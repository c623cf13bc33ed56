// Tiny runtime validators for data crossing a process boundary (IPC payloads, writer messages).
// A validator returns the value typed, or throws ValidationError naming the offending field.

export class ValidationError extends Error {
  constructor(readonly field: string, expected: string) {
    super(`${field || 'payload'}: expected ${expected}`);
    this.name = 'ValidationError';
  }
}

export type Validator<T> = (value: unknown, field?: string) => T;

export type Infer<V> = V extends Validator<infer T> ? T : never;

export const str =
  (maxLength = 4096): Validator<string> =>
  (v, field = '') => {
    if (typeof v !== 'string' || v.length > maxLength) throw new ValidationError(field, `a string of at most ${maxLength} characters`);
    return v;
  };

export const bool: Validator<boolean> = (v, field = '') => {
  if (typeof v !== 'boolean') throw new ValidationError(field, 'a boolean');
  return v;
};

export const literal =
  <T extends string>(...values: T[]): Validator<T> =>
  (v, field = '') => {
    if (typeof v !== 'string' || !(values as string[]).includes(v)) throw new ValidationError(field, `one of ${values.join(', ')}`);
    return v as T;
  };

export const arrayOf =
  <T>(item: Validator<T>, maxItems = 64): Validator<T[]> =>
  (v, field = '') => {
    if (!Array.isArray(v) || v.length > maxItems) throw new ValidationError(field, `an array of at most ${maxItems} items`);
    return v.map((x, i) => item(x, `${field}[${i}]`));
  };

export const optional =
  <T>(inner: Validator<T>): Validator<T | undefined> =>
  (v, field) =>
    v === undefined ? undefined : inner(v, field);

type Shape = Record<string, Validator<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** An object with exactly these keys (unknown keys are refused, so nothing slips through unchecked). */
export const object =
  <S extends Shape>(shape: S): Validator<FromShape<S>> =>
  (v, field = '') => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(field, 'an object');
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) throw new ValidationError(field ? `${field}.${key}` : key, 'no such field');
    }
    const out: Record<string, unknown> = {};
    for (const [key, validate] of Object.entries(shape)) {
      const value = validate(record[key], field ? `${field}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as FromShape<S>;
  };

export const nothing: Validator<undefined> = (v, field = '') => {
  if (v !== undefined && v !== null) throw new ValidationError(field, 'no payload');
  return undefined;
};
