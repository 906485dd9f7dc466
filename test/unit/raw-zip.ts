import { deflateSync } from 'fflate';

/** One stored record of a hand-made zip: its bytes as they sit in the file. */
export interface RawRecord {
  /** The name in the local header. */
  name: string;
  /** The uncompressed content; deflated unless `stored`. */
  content: Uint8Array;
  stored?: boolean;
  /** Replaces the deflated bytes (e.g. a stream that is not valid deflate). */
  raw?: Uint8Array;
}

/** One central-directory entry: a name pointing at a record, with whatever size it claims. */
export interface RawEntry {
  name: string;
  record: number;
  /** Declared uncompressed size; the record's true size unless given. */
  originalSize?: number;
}

/**
 * Writes a zip the way no honest tool would: several directory entries may share a record (overlapping files),
 * names may repeat and declared sizes may lie. Without `entries`, one entry per record.
 */
export function rawZip(records: RawRecord[], entries?: RawEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const written = records.map((record) => {
    const name = encoder.encode(record.name);
    const data = record.raw ?? (record.stored ? record.content : deflateSync(record.content));
    const method = record.stored ? 0 : 8;
    const crc = crc32(record.content);
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 0x800, true);
    header.setUint16(8, method, true);
    header.setUint32(14, crc, true);
    header.setUint32(18, data.length, true);
    header.setUint32(22, record.content.length, true);
    header.setUint16(26, name.length, true);
    const at = offset;
    chunks.push(new Uint8Array(header.buffer), name, data);
    offset += 30 + name.length + data.length;
    return { at, method, crc, compressed: data.length, size: record.content.length };
  });
  const directoryStart = offset;
  const list: RawEntry[] = entries ?? records.map((record, index) => ({ name: record.name, record: index }));
  for (const entry of list) {
    const record = written[entry.record]!;
    const name = encoder.encode(entry.name);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(8, 0x800, true);
    header.setUint16(10, record.method, true);
    header.setUint32(16, record.crc, true);
    header.setUint32(20, record.compressed, true);
    header.setUint32(24, entry.originalSize ?? record.size, true);
    header.setUint16(28, name.length, true);
    header.setUint32(42, record.at, true);
    chunks.push(new Uint8Array(header.buffer), name);
    offset += 46 + name.length;
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, list.length, true);
  end.setUint16(10, list.length, true);
  end.setUint32(12, offset - directoryStart, true);
  end.setUint32(16, directoryStart, true);
  chunks.push(new Uint8Array(end.buffer));
  const zip = new Uint8Array(offset + 22);
  let at = 0;
  for (const chunk of chunks) {
    zip.set(chunk, at);
    at += chunk.length;
  }
  return zip;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
