// Argument parsing on node:util parseArgs, strict: an unknown flag is a usage error with a clear message.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './output.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : String(error);
    throw usageError(message);
  }
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}
