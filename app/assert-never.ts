// The end of an exhaustive switch: `default: return assertNever(value)`. A member added to the union
// and forgotten in a switch fails to compile there, and a value from outside the types (a platform
// string, a payload that slipped past its check) throws instead of falling through silently.
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
