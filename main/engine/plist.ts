// A small reader of XML property lists, as diskutil and hdiutil print them with -plist: dict,
// array, string, integer, real, true/false, date and data. Pure; anything malformed throws.

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

interface Token {
  tag: string;
  kind: 'open' | 'close' | 'empty';
  /** Text up to the next tag. */
  text: string;
}

function tokenize(xml: string): Token[] {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, '');
  const tokens: Token[] = [];
  const pattern = /<(\/?)([A-Za-z]+)[^>]*?(\/?)>([^<]*)/g;
  for (let m = pattern.exec(body); m !== null; m = pattern.exec(body)) {
    const kind = m[1] ? 'close' : m[3] ? 'empty' : 'open';
    tokens.push({ tag: m[2] ?? '', kind, text: m[4] ?? '' });
  }
  return tokens;
}

export function parsePlist(xml: string): PlistValue {
  const tokens = tokenize(xml);
  let at = 0;
  const next = (): Token => {
    const token = tokens[at];
    if (!token) throw new Error('plist: unexpected end');
    at += 1;
    return token;
  };
  const closing = (tag: string): void => {
    const token = next();
    if (token.kind !== 'close' || token.tag !== tag) throw new Error(`plist: expected </${tag}>`);
  };
  const value = (): PlistValue => {
    const token = next();
    if (token.kind === 'empty') {
      if (token.tag === 'true') return true;
      if (token.tag === 'false') return false;
      if (token.tag === 'string' || token.tag === 'data') return '';
      if (token.tag === 'array') return [];
      if (token.tag === 'dict') return {};
      throw new Error(`plist: unexpected <${token.tag}/>`);
    }
    if (token.kind !== 'open') throw new Error(`plist: unexpected </${token.tag}>`);
    switch (token.tag) {
      case 'string':
      case 'date':
      case 'data':
        closing(token.tag);
        return decode(token.text);
      case 'integer':
      case 'real':
        closing(token.tag);
        return Number(token.text.trim());
      case 'array': {
        const items: PlistValue[] = [];
        while (tokens[at] && !(tokens[at]?.kind === 'close' && tokens[at]?.tag === 'array')) items.push(value());
        closing('array');
        return items;
      }
      case 'dict': {
        const dict: Record<string, PlistValue> = {};
        while (tokens[at] && !(tokens[at]?.kind === 'close' && tokens[at]?.tag === 'dict')) {
          const key = next();
          if (key.tag !== 'key' || key.kind !== 'open') throw new Error('plist: expected <key>');
          closing('key');
          dict[decode(key.text)] = value();
        }
        closing('dict');
        return dict;
      }
      case 'plist': {
        const inner = value();
        closing('plist');
        return inner;
      }
      default:
        throw new Error(`plist: unknown <${token.tag}>`);
    }
  };
  return value();
}

/** A dict's string field, or null. */
export function plistString(value: PlistValue | undefined, key: string): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const field = value[key];
  return typeof field === 'string' ? field : null;
}

/** A dict's array field, or an empty array. */
export function plistArray(value: PlistValue | undefined, key: string): PlistValue[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field : [];
}
