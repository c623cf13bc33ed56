// TextDecoder exists in every environment Imprint runs in (Node, Chromium), but its type belongs to
// neither ECMAScript nor app/'s compiler environment (no DOM, no Node types here: tsconfig.app.json).
// Declare the part the parsers use, in this module only.

interface Decoder {
  decode(input?: Uint8Array): string;
}

declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => Decoder;

export function textDecoder(label: string, options?: { fatal?: boolean }): Decoder {
  return new TextDecoder(label, options);
}
