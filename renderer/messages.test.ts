// Every text of the window is for someone in front of it: no flag, command, terminal or sudo. The
// error texts are checked in app/errors.test.ts (windowMessage); these are the window's own.

import { describe, expect, it } from 'vitest';
import { commandLineWords } from '../app/errors.js';
import { messages } from './messages.js';

/** Representative arguments: each text function is called with every kind the window passes. */
const ARGUMENTS: unknown[][] = [['debian.iso', 'Downloads'], [0], [1], [2], [true, true], [false, false], [true, false], [null], ['writing'], ['verifying'], ['preparing']];

function allTexts(value: unknown, path: string, out: [string, string][]): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') {
    let worded = 0;
    for (const args of ARGUMENTS) {
      let text: unknown;
      try {
        text = (value as (...a: unknown[]) => unknown)(...args);
      } catch {
        continue; // arguments of the wrong kind for this function (a number where it takes a string)
      }
      if (typeof text === 'string') {
        worded += 1;
        out.push([`${path}(${args.map(String).join(', ')})`, text]);
      }
    }
    if (worded === 0) throw new Error(`${path}: no representative arguments give a text`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) allTexts(inner, `${path}.${key}`, out);
  }
}

describe('the window\'s texts', () => {
  const texts: [string, string][] = [];
  allTexts(messages, 'messages', texts);

  it('are all found (strings and every text function)', () => {
    expect(texts.length).toBeGreaterThan(250);
    expect(texts.map(([path]) => path)).toContain('messages.progress.cancelBody(writing)');
  });

  it('never name a flag, a command, a terminal or sudo', () => {
    for (const [path, text] of texts) expect(commandLineWords(text), `${path}: ${text}`).toEqual([]);
  });

  it('never call a cancelled drive "half-written": they say what it holds', () => {
    for (const [path, text] of texts) expect(text, path).not.toMatch(/half-written/i);
  });
});
