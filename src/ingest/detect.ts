import type { FileFormat } from './types.ts';
import { unreadable } from './refusal.ts';

type RefusedKind = 'refuse.picture' | 'refuse.document' | 'refuse.archive';
type MarkupKind = 'refuse.webPage' | 'refuse.xml' | 'refuse.picture';
interface Magic {
  /** The signature; null stands for any byte (a length or version field). */
  bytes: (number | null)[];
  /** Where the bytes sit in the file; default 0. */
  at?: number;
  kind: RefusedKind;
  format: string;
}

const notATableMagic: Magic[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'refuse.picture', format: 'PNG' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'refuse.picture', format: 'JPEG' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'refuse.picture', format: 'GIF' },
  { bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50], kind: 'refuse.picture', format: 'WebP' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], kind: 'refuse.picture', format: 'TIFF' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], kind: 'refuse.picture', format: 'TIFF' },
  { bytes: [0x00, 0x00, 0x01, 0x00], kind: 'refuse.picture', format: 'Windows icon (ICO)' },
  { bytes: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], at: 4, kind: 'refuse.picture', format: 'HEIC' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'refuse.document', format: 'PDF' },
  { bytes: [0x25, 0x21, 0x50, 0x53], kind: 'refuse.document', format: 'PostScript' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], kind: 'refuse.document', format: 'Rich Text (RTF)' },
  { bytes: [0x1f, 0x8b], kind: 'refuse.archive', format: 'gzip' },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: 'refuse.archive', format: 'RAR' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: 'refuse.archive', format: '7-Zip' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'refuse.archive', format: 'compressed (xz)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'refuse.archive', format: 'Zstandard' },
  // "BZh", a block size digit, then the block magic: the three letters alone could start a CSV header.
  { bytes: [0x42, 0x5a, 0x68, null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], kind: 'refuse.archive', format: 'bzip2' },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], at: 257, kind: 'refuse.archive', format: 'tar' },
];

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const emptyZipMagic = [0x50, 0x4b, 0x05, 0x06];
const parquetMagic = [0x50, 0x41, 0x52, 0x31];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0];
const utf32Boms = [
  [0xff, 0xfe, 0x00, 0x00],
  [0x00, 0x00, 0xfe, 0xff],
];

function startsWith(bytes: Uint8Array, magic: readonly (number | null)[], at = 0): boolean {
  return at + magic.length <= bytes.length && magic.every((byte, index) => byte === null || bytes[at + index] === byte);
}

/** The file's format, from its content first and its extension second; refuses files that are not tables. */
export function detectFormat(bytes: Uint8Array, fileName: string): FileFormat {
  if (bytes.length === 0) throw unreadable('refuse.empty');
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, zipMagic)) return 'xlsx';
  if (startsWith(bytes, emptyZipMagic)) throw unreadable('refuse.zipNotXlsx');
  if (startsWith(bytes, parquetMagic)) return 'parquet';
  if (startsWith(bytes, oleMagic)) {
    throw unreadable('refuse.oldExcel');
  }
  if (utf32Boms.some((bom) => startsWith(bytes, bom))) throw unreadable('refuse.utf32');
  const binary = notATableMagic.find((magic) => startsWith(bytes, magic.bytes, magic.at));
  if (binary) throw unreadable(binary.kind, { format: binary.format });

  const start = textStart(bytes);
  const markup = markupKind(start);
  if (markup) throw unreadable(markup.kind, markup.format ? { format: markup.format } : undefined);

  const first = start.charAt(0);
  if (first === '[') return 'json';
  if (first === '{') return extension === 'json' ? 'json' : 'ndjson';
  if (extension === 'ndjson' || extension === 'jsonl') return 'ndjson';
  return extension === 'tsv' || extension === 'tab' ? 'tsv' : 'csv';
}

/**
 * The first 1 KiB of a text file as ASCII, from its first non-blank character: a BOM, UTF-16 NUL bytes and
 * leading blanks skipped, other bytes kept as they are (enough to tell `<html` or `[` from a header).
 */
function textStart(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < Math.min(bytes.length, 4096) && text.length < 1024; index++) {
    const byte = bytes[index]!;
    if (index < 3 && (byte === 0xef || byte === 0xbb || byte === 0xbf || byte === 0xff || byte === 0xfe)) continue;
    if (byte === 0) continue;
    if (text === '' && (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)) continue;
    text += String.fromCharCode(byte);
  }
  return text;
}

const htmlStart = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|script|style|link|div|table|p)[\s>/]/i;
const svgStart = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i;
/** An XML declaration, or a first element that is closed somewhere in the first KiB. */
const xmlStart = /^(?:<\?xml\s|<([a-z_][\w.:-]*)[\s>/][\s\S]*(?:<\/\1>|\/>))/i;

function markupKind(start: string): { kind: MarkupKind; format?: string } | undefined {
  if (!start.startsWith('<')) return undefined;
  if (htmlStart.test(start)) return { kind: 'refuse.webPage' };
  if (svgStart.test(start)) return { kind: 'refuse.picture', format: 'SVG' };
  if (xmlStart.test(start)) return { kind: 'refuse.xml' };
  return undefined;
}
