import type { FileFormat } from './types.ts';
import { unreadable } from './refusal.ts';

const pictureOrBinaryMagic: { bytes: number[]; kind: 'refuse.picture' | 'refuse.document' | 'refuse.archive'; format: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'refuse.picture', format: 'PNG' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'refuse.picture', format: 'JPEG' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'refuse.picture', format: 'GIF' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'refuse.document', format: 'PDF' },
  { bytes: [0x1f, 0x8b], kind: 'refuse.archive', format: 'gzip' },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: 'refuse.archive', format: 'RAR' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: 'refuse.archive', format: '7-Zip' },
];

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const parquetMagic = [0x50, 0x41, 0x52, 0x31];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return magic.every((byte, index) => bytes[at + index] === byte);
}

/** The file's format, from its content first and its extension second; refuses files that are not tables. */
export function detectFormat(bytes: Uint8Array, fileName: string): FileFormat {
  if (bytes.length === 0) throw unreadable('refuse.empty');
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, zipMagic)) return 'xlsx';
  if (startsWith(bytes, parquetMagic)) return 'parquet';
  if (startsWith(bytes, oleMagic)) {
    throw unreadable('refuse.oldExcel');
  }
  const binary = pictureOrBinaryMagic.find((magic) => startsWith(bytes, magic.bytes));
  if (binary) throw unreadable(binary.kind, { format: binary.format });

  const first = firstSignificantCharacter(bytes);
  if (first === '[') return 'json';
  if (first === '{') return extension === 'json' ? 'json' : 'ndjson';
  if (extension === 'ndjson' || extension === 'jsonl') return 'ndjson';
  return extension === 'tsv' || extension === 'tab' ? 'tsv' : 'csv';
}

/** The first non-blank character of a text file, skipping a BOM and UTF-16 NUL bytes. */
function firstSignificantCharacter(bytes: Uint8Array): string | undefined {
  for (let index = 0; index < Math.min(bytes.length, 1024); index++) {
    const byte = bytes[index]!;
    if (index < 3 && (byte === 0xef || byte === 0xbb || byte === 0xbf || byte === 0xff || byte === 0xfe)) continue;
    if (byte === 0 || byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return String.fromCharCode(byte);
  }
  return undefined;
}
