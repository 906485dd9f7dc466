import type { TextEncoding } from './types.ts';
import { unreadable } from './refusal.ts';

const chunkSize = 8 * 1024 * 1024;

/** WHATWG labels; 'shift_jis' is Windows-31J (CP932) in every browser and Node, while 'cp932' throws. */
const decoderLabel: Record<TextEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  shift_jis: 'shift_jis',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** The text encoding of a file: BOM first, then NUL-byte patterns for UTF-16, then valid UTF-8, then CP932. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(bytes.subarray(0, 8192));
  if (utf16) return utf16;
  if (looksBinary(bytes.subarray(0, 8192))) {
    throw unreadable('refuse.binary');
  }
  const evidence = encodingEvidence(bytes);
  const truncated = evidence.length < bytes.length;
  if (decodesCleanly(evidence, 'utf-8', truncated)) return 'utf-8';
  if (mostlyUtf8(evidence)) return 'utf-8';
  if (decodesCleanly(evidence, 'shift_jis', truncated)) return 'shift_jis';
  throw unreadable('refuse.encoding');
}

/**
 * Binary data has many control bytes (NUL, 0x01–0x08, 0x0E–0x1F); text has none or a stray few (a NUL that an
 * export left in a value), which then load as they are instead of refusing the whole file.
 */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x0b && byte !== 0x1b) controls++;
  return controls > Math.max(8, sample.length * 0.01);
}

/** UTF-16 text of mostly ASCII-range characters has a NUL in every other byte. */
function utf16WithoutBom(sample: Uint8Array): TextEncoding | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (sample[index] === 0) evenNuls++;
    if (sample[index + 1] === 0) oddNuls++;
  }
  if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return 'utf-16be';
  return undefined;
}

const evidenceSize = 8 * 1024 * 1024;

/**
 * The bytes that decide between UTF-8 and Shift_JIS: the first 8 MiB when they hold any non-ASCII byte
 * (decoding a whole 100 MB file just to detect costs more than half a second), else the whole file.
 * A later byte that is not valid UTF-8 still surfaces as a rejected row, never silently.
 */
function encodingEvidence(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= evidenceSize) return bytes;
  const head = bytes.subarray(0, evidenceSize);
  return head.some((byte) => byte >= 0x80) ? head : bytes;
}

/**
 * UTF-8 text with a stray byte or two that is not UTF-8 (a value pasted from a Shift_JIS file): most of its
 * non-ASCII bytes form UTF-8 characters. Read as UTF-8, the rows holding the strays are rejected and reported;
 * read as Shift_JIS (which often decodes UTF-8 bytes without an error) every Japanese value would be garbled.
 * Real CP932 text forms a UTF-8 character only by chance: under one per five invalid bytes in the CP932 files we measured.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let characters = 0;
  let strays = 0;
  for (let index = 0; index < bytes.length;) {
    const byte = bytes[index]!;
    if (byte < 0x80) {
      index++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let whole = length > 0 && index + length <= bytes.length;
    for (let next = 1; whole && next < length; next++) whole = bytes[index + next]! >= 0x80 && bytes[index + next]! <= 0xbf;
    if (whole) {
      characters++;
      index += length;
    } else {
      strays++;
      index++;
    }
  }
  return characters >= 2 && characters >= 2 * strays;
}

/** `truncated`: the bytes are a prefix, so a character cut at their end is not an error. */
function decodesCleanly(bytes: Uint8Array, label: string, truncated = false): boolean {
  const decoder = new TextDecoder(label, { fatal: true });
  try {
    for (let start = 0; start < bytes.length; start += chunkSize) {
      decoder.decode(bytes.subarray(start, start + chunkSize), { stream: truncated || start + chunkSize < bytes.length });
    }
    return true;
  } catch {
    return false;
  }
}

/** The text as BOM-free UTF-8 bytes, which is what DuckDB's CSV reader takes; decodes in chunks so huge files never become one JS string. */
export function toUtf8(bytes: Uint8Array, encoding: TextEncoding): Uint8Array {
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return withoutUtf8Bom(bytes);
  const decoder = new TextDecoder(decoderLabel[encoding]);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let start = 0; start < bytes.length; start += chunkSize) {
    const text = decoder.decode(bytes.subarray(start, start + chunkSize), { stream: start + chunkSize < bytes.length });
    const part = encoder.encode(text);
    parts.push(part);
    total += part.length;
  }
  const utf8 = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    utf8.set(part, offset);
    offset += part.length;
  }
  return withoutUtf8Bom(utf8);
}

/**
 * A file whose rows end some in CRLF and some in LF (appended to by hand or by two systems) made DuckDB's reader
 * give up on the whole file; such text gets LF throughout. Only the CR of a CRLF is dropped, so every line keeps
 * its number. Text with one kind of line ending is returned as it is (no copy).
 */
export function withConsistentLineEndings(utf8: Uint8Array): Uint8Array {
  let crlf = 0;
  let lf = 0;
  for (let at = utf8.indexOf(0x0a); at !== -1; at = utf8.indexOf(0x0a, at + 1)) {
    if (at > 0 && utf8[at - 1] === 0x0d) crlf++;
    else lf++;
    if (crlf > 0 && lf > 0) break;
  }
  if (crlf === 0 || lf === 0) return utf8;
  const normalised = new Uint8Array(utf8.length);
  let length = 0;
  let start = 0;
  for (let at = utf8.indexOf(0x0a); at !== -1; at = utf8.indexOf(0x0a, at + 1)) {
    const end = at > start && utf8[at - 1] === 0x0d ? at - 1 : at;
    normalised.set(utf8.subarray(start, end), length);
    length += end - start;
    normalised[length++] = 0x0a;
    start = at + 1;
  }
  normalised.set(utf8.subarray(start), length);
  length += utf8.length - start;
  return normalised.subarray(0, length);
}

function withoutUtf8Bom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Decodes the start of UTF-8 bytes; a character cut at the end becomes U+FFFD. */
export function utf8Head(bytes: Uint8Array, length = 256 * 1024): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, length));
}
