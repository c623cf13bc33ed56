// The XML data of a WIM (UTF-16LE): the images' names and sizes, and the file's TOTALBYTES.
// The splitter copies these bytes as they are (as wimlib does, which keeps TOTALBYTES); this
// reads only what a report needs, with a flat scanner that cannot recurse or backtrack.

import { readExact } from '../inspect/byte-source.js';
import { textDecoder } from '../text-decoder.js';
import { WIM_LIMITS, type WimFile } from './wim-file.js';
import { wimCorrupt } from './wim-errors.js';

export interface WimXmlImage {
  index: number;
  name: string | null;
  totalBytes: number | null;
}

export interface WimXmlSummary {
  /** The WIM-level TOTALBYTES (what wimlib and DISM record: the bytes before the XML data). */
  totalBytes: number | null;
  images: WimXmlImage[];
}

const utf16le = textDecoder('utf-16le');

export async function readWimXml(wim: WimFile): Promise<string> {
  const { xmlData } = wim.header;
  if (xmlData.sizeInWim > WIM_LIMITS.maxXmlBytes) {
    throw wimCorrupt(wim.label, `its XML data claims ${xmlData.sizeInWim} bytes, more than any real WIM holds`);
  }
  const bytes = await readExact(wim.source, xmlData.offset, xmlData.sizeInWim, `${wim.label}: the XML data`);
  const text = utf16le.decode(bytes.subarray(0, bytes.length & ~1));
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** Elements by path: WIM/TOTALBYTES, WIM/IMAGE (INDEX attribute), WIM/IMAGE/NAME, WIM/IMAGE/TOTALBYTES. */
export function summarizeWimXml(text: string): WimXmlSummary {
  const summary: WimXmlSummary = { totalBytes: null, images: [] };
  const path: string[] = [];
  let image: WimXmlImage | null = null;
  let textStart = 0;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)([^<>]*?)(\/?)>/g;
  for (let match = tag.exec(text); match !== null; match = tag.exec(text)) {
    const [, closing, name = '', attributes = '', selfClosing] = match;
    if (closing === '/') {
      const content = decodeEntities(text.slice(textStart, match.index)).trim();
      const where = path.join('/');
      if (where === 'WIM/TOTALBYTES') summary.totalBytes = wholeNumber(content);
      if (image !== null && where === 'WIM/IMAGE/NAME') image.name = content;
      if (image !== null && where === 'WIM/IMAGE/TOTALBYTES') image.totalBytes = wholeNumber(content);
      if (where === 'WIM/IMAGE') image = null;
      path.pop();
    } else if (selfClosing !== '/') {
      path.push(name.toUpperCase());
      if (path.join('/') === 'WIM/IMAGE') {
        image = { index: wholeNumber(/INDEX\s*=\s*"(\d+)"/i.exec(attributes)?.[1] ?? '') ?? summary.images.length + 1, name: null, totalBytes: null };
        summary.images.push(image);
      }
    }
    textStart = tag.lastIndex;
  }
  return summary;
}

function wholeNumber(text: string): number | null {
  if (!/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, entity: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[entity] ?? '');
}
