/**
 * Reading a share bundle's zip without trusting it.
 *
 * Threat model: the file comes from anyone and is built to cost memory. fflate allocates each entry's declared
 * uncompressed size before it inflates the entry, and a zip's central directory may name thousands of entries,
 * the same name twice (two readers can disagree about which copy counts), or many names over the same bytes
 * (overlapping entries), so a file of a few kilobytes can ask for gigabytes. Everything here is decided from the
 * central directory before a byte is inflated: how many entries (at most `maxEntries`), no name twice, no entry
 * that would unpack to far more than it holds, and all declared sizes together at most `maxUnpackedBytes`. Only
 * then are entries inflated, each into a buffer of exactly its declared size (fflate writes no further), and only
 * the entries the caller asks for, at the size the caller expects.
 */
import { unzipSync } from 'fflate';
import { sentenceError, type KuraError } from '../engine/engine.ts';
import { bundleSentences, type BundleSentenceKey } from './bundle-sentences.ts';

/** The most a bundle may unpack to: about what a browser tab's DuckDB-WASM (4 GB of memory at most) can hold beside it. */
export const maxUnpackedBytes = 2 * 1024 ** 3;
/** A bundle holds one file per source table, a notebook and a manifest; no notebook has this many sources. */
export const maxEntries = 10_000;
/** Kura stores Parquet uncompressed in the zip (it is compressed inside) and text deflated, far below this ratio. */
const maxInflation = 200;

export interface ZipEntry {
  name: string;
  /** Bytes in the zip. */
  size: number;
  /** Declared bytes once inflated. */
  originalSize: number;
  /** 0 stored, 8 deflated. */
  compression: number;
}

/** The central directory, checked: count, duplicate names, inflation ratio and total declared size. Inflates nothing. */
export function zipDirectory(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let tooMany = false;
  try {
    unzipSync(bytes, {
      filter: ({ name, size, originalSize, compression }) => {
        if (entries.length === maxEntries) {
          tooMany = true;
          throw new Error('too many entries');
        }
        entries.push({ name, size, originalSize, compression });
        return false;
      },
    });
  } catch {
    if (!tooMany) throw refuse('bundle.notZip');
  }
  if (tooMany) throw refuse('bundle.tooManyFiles', { limit: maxEntries });
  const names = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    if (names.has(entry.name)) throw refuse('bundle.duplicate', { file: entry.name });
    names.add(entry.name);
    if (entry.originalSize > 1_000_000 && entry.originalSize > entry.size * maxInflation) throw refuse('bundle.bomb', { file: entry.name });
    // A stored entry is copied at its size in the zip, a deflated one allocated at its declared size.
    total += Math.max(entry.size, entry.originalSize);
  }
  if (!(total <= maxUnpackedBytes)) throw refuse('bundle.tooLarge', { limit: `${maxUnpackedBytes / 1024 ** 3} GB` });
  return entries;
}

/**
 * Inflates the named entries of a zip whose directory `zipDirectory` checked, each at most its declared size.
 * `expected` maps name → the size the caller knows it must have; an entry declaring another size is not inflated.
 */
export function unzipEntries(
  bytes: Uint8Array,
  directory: readonly ZipEntry[],
  expected: ReadonlyMap<string, number>,
  mismatch: (name: string) => KuraError,
): Map<string, Uint8Array> {
  for (const entry of directory) {
    const size = expected.get(entry.name);
    if (size === undefined) continue;
    if (entry.originalSize !== size || (entry.compression === 0 && entry.size !== size)) throw mismatch(entry.name);
  }
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(bytes, { filter: ({ name }) => expected.has(name) });
  } catch {
    throw refuse('bundle.notZip');
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, size] of expected) {
    const content = inflated[name];
    if (content === undefined) continue;
    if (content.length !== size) throw mismatch(name);
    files.set(name, content);
  }
  return files;
}

function refuse(key: BundleSentenceKey, values?: Record<string, string | number>): KuraError {
  return sentenceError(bundleSentences, key, values, 'bundle');
}
