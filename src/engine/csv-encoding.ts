/**
 * The bytes of a CSV file in the encoding the reading tool expects: UTF-8 with a BOM (Excel detects UTF-8 only
 * with it), plain UTF-8, or Shift_JIS as Windows writes it (CP932), which Sansan's import and many older Japanese
 * systems require. Browsers cannot encode CP932 themselves, so `encoding-japanese` does it, in the page's worker
 * and in Node alike.
 *
 * A character is written in CP932 only when CP932 decodes it back to the same character. Anything else (an emoji,
 * 𠮷, é, the Mac wave dash 〜 that CP932 would turn into ～) is not replaced: the export is refused with one
 * sentence giving how many such characters there are and where the first one is.
 */
import Encoding from 'encoding-japanese';
import { sentenceError, type KuraError } from './engine.ts';

export const csvEncodings = ['utf-8-bom', 'utf-8', 'cp932'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

export function isCsvEncoding(value: unknown): value is CsvEncoding {
  return csvEncodings.includes(value as CsvEncoding);
}

export const csvEncodingSentences = {
  'export.unencodable':
    'Shift_JIS (CP932) cannot hold {count} character(s) of this CSV, the first "{example}" ({codePoint}) on line {line}; change those values or export as UTF-8.',
} as const;

/** The CSV text as bytes in `encoding`; a BOM is added for utf-8-bom (the text itself holds none). */
export function encodeCsv(text: string, encoding: CsvEncoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'utf-8-bom') return new TextEncoder().encode(`\uFEFF${text}`);
  const unencodable = firstUnencodable(text);
  if (unencodable) throw unencodableError(unencodable);
  return toCp932(text);
}

interface Unencodable {
  count: number;
  example: string;
  line: number;
}

const cp932Decoder = new TextDecoder('shift_jis');
const heldByCp932 = new Map<number, boolean>();

function cp932Holds(character: string, codePoint: number): boolean {
  let held = heldByCp932.get(codePoint);
  if (held === undefined) {
    const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(character), { to: 'SJIS', from: 'UNICODE' }) as number[]);
    held = cp932Decoder.decode(bytes) === character;
    heldByCp932.set(codePoint, held);
  }
  return held;
}

function firstUnencodable(text: string): Unencodable | undefined {
  let found: Unencodable | undefined;
  let line = 1;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint < 0x80) {
      if (codePoint === 0x0a) line++;
      continue;
    }
    if (cp932Holds(character, codePoint)) continue;
    if (found) found.count++;
    else found = { count: 1, example: character, line };
  }
  return found;
}

function unencodableError({ count, example, line }: Unencodable): KuraError {
  const codePoint = `U+${example.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return sentenceError(csvEncodingSentences, 'export.unencodable', { count, example, codePoint, line }, 'unencodable');
}

/** Converted in slices so a large export never becomes one array of a number per character. */
function toCp932(text: string): Uint8Array {
  const slice = 1 << 20;
  const parts: Uint8Array[] = [];
  let length = 0;
  // Every character was checked to be in CP932, so none is a surrogate pair a slice could cut.
  for (let start = 0; start < text.length; start += slice) {
    const part = Uint8Array.from(
      Encoding.convert(Encoding.stringToCode(text.slice(start, start + slice)), { to: 'SJIS', from: 'UNICODE' }) as number[],
    );
    parts.push(part);
    length += part.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return asWindowsWrites(bytes);
}

/**
 * Characters CP932 holds twice, as an NEC-selected IBM extension (ED40–EEFC) and as an IBM extension (FA40–FC4B),
 * are written as Windows writes them: the IBM code (髙 FB FC, not EE E0). Decoders read both alike; byte-compared
 * files and systems that accept only Windows' codes do not.
 */
function asWindowsWrites(bytes: Uint8Array): Uint8Array {
  const ibmCodes = ibmCodeOfNecSelected();
  for (let index = 0; index < bytes.length - 1; index++) {
    const lead = bytes[index]!;
    if (lead < 0x81 || (lead >= 0xa0 && lead < 0xe0)) continue;
    const ibm = lead === 0xed || lead === 0xee ? ibmCodes.get((lead << 8) | bytes[index + 1]!) : undefined;
    if (ibm !== undefined) {
      bytes[index] = ibm >> 8;
      bytes[index + 1] = ibm & 0xff;
    }
    index++;
  }
  return bytes;
}

let ibmCodes: Map<number, number> | undefined;

/** Each NEC-selected IBM extension code with the IBM extension code that stands for the same character. */
function ibmCodeOfNecSelected(): Map<number, number> {
  if (ibmCodes) return ibmCodes;
  const codesOf = (firstLead: number, lastLead: number) => {
    const byCharacter = new Map<string, number>();
    for (let lead = firstLead; lead <= lastLead; lead++) {
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const character = cp932Decoder.decode(Uint8Array.of(lead, trail));
        if (character !== '\uFFFD' && !byCharacter.has(character)) byCharacter.set(character, (lead << 8) | trail);
      }
    }
    return byCharacter;
  };
  const ibm = codesOf(0xfa, 0xfc);
  ibmCodes = new Map();
  for (const [character, code] of codesOf(0xed, 0xee)) {
    const windows = ibm.get(character);
    if (windows !== undefined) ibmCodes.set(code, windows);
  }
  return ibmCodes;
}
