/**
 * One batch of the prepare step, as text in and text out, so it can run wherever there is a core: inline in the
 * warehouse worker (the browser), or in `worker_threads` for the command line (src/cli/parallel-keys.ts).
 * Pure: no engine, no DOM, no `node:`.
 *
 * In: the batch's rows as DuckDB joined them (`RECORD` between rows, `UNIT` between values, `NULL` for null).
 * Out: one line per row (`UNIT` between columns, empty for null): source, row, unique_id, the key columns, the
 * extra columns; read back by `read_csv`.
 */
import { gramColumns } from '../compare/compare.ts';
import { KeyMaker, type InputField, type RawRecord } from './keys.ts';

export const UNIT = '\u001f';
export const RECORD = '\u001e';
export const NULL = '\u0002';
/** Between the bigrams of a gram list (read back with `string_split`). */
export const GRAM = '\u0003';

/**
 * The columns each batch line ends with, per gram column (compare.ts): its code-point bigrams, whether it is
 * wide (non-ASCII), the two halves of its 64-bit bigram signature, the number of bigrams and how many collided in
 * the signature. identity_input turns them into `<column>_grams`, `_wide`, `_gmask`, `_glen`, `_gextra`.
 */
export const gramParts = ['grams', 'wide', 'mask_hi', 'mask_lo', 'glen', 'gextra'] as const;
export const gramInputColumn = (column: string, part: (typeof gramParts)[number]) => `g__${column}__${part}`;

export interface KeyBatch {
  source: string;
  /** The source's default phone region, else each row's country decides. */
  phoneRegion: string | null;
  /** The mapped common-model fields, in the order of the batch's first values. */
  fields: readonly InputField[];
  /** This source's extra columns (`x_…`), in the order of the values after the fields. */
  sourceExtras: readonly string[];
  /** Every extra column of identity_input (all sources'), in output order. */
  extras: readonly string[];
  /** The 1-based row (in its file) of the batch's first record. */
  firstRow: number;
  /** The unique_id of the batch's first record. */
  firstId: number;
  /** Records in the batch. */
  rows: number;
  text: string;
}

/** Turns a batch into the lines of identity_input (each ending in a newline). */
export type BatchKeyer = (batch: KeyBatch) => Promise<string | Uint8Array>;

/** The keyer that runs in the calling thread (the browser's warehouse worker; small inputs on the command line). */
export function inlineKeyer(): BatchKeyer {
  const maker = new KeyMaker();
  return async (batch) => keyBatchText(maker, batch);
}

export function keyBatchText(maker: KeyMaker, batch: KeyBatch): string {
  if (batch.rows === 0) return '';
  const { fields, extras, sourceExtras } = batch;
  // Where each output extra column sits among this source's values (the last of equal names wins, as a Map would).
  const extraAt = extras.map((column) => {
    const index = sourceExtras.lastIndexOf(column);
    return index < 0 ? -1 : fields.length + index;
  });
  const rows = batch.text.split(RECORD);
  const prefix = `${clean(batch.source)}${UNIT}`;
  let out = '';
  for (let i = 0; i < rows.length; i++) {
    const values = rows[i]!.split(UNIT);
    const raw: RawRecord = {};
    for (let f = 0; f < fields.length; f++) {
      const value = values[f]!;
      raw[fields[f]!] = value === NULL ? null : value;
    }
    const keys = maker.keys(raw, batch.phoneRegion);
    // The keys come in keyColumns' order (identity.test.ts); join writes a null as nothing.
    let line = `${prefix}${batch.firstRow + i}${UNIT}${batch.firstId + i}${UNIT}${Object.values(keys).join(UNIT)}`;
    for (const at of extraAt) {
      const value = at < 0 ? undefined : values[at];
      line += UNIT + (foldExtra(value === undefined || value === NULL ? null : value) ?? '');
    }
    for (const column of gramColumns) line += gramText(keys[column as keyof typeof keys]);
    // Display values keep the source's text, which may hold a line break (a quoted newline in a CSV cell).
    if (line.includes('\n') || line.includes('\r')) line = line.replace(/[\r\n]+/g, ' ');
    out += line + '\n';
  }
  return out;
}

/**
 * A value's distinct code-point bigrams (its only "bigram" when it has one character), as DuckDB's
 * `substring(value, i, 2)` for i in 1 … length − 1 would give them, and the signature: one of 64 bits per bigram
 * (by a string hash), an upper bound of the bigrams two values share. Returns the line's gram columns, each after a UNIT.
 */
export function gramText(value: string | null | undefined): string {
  if (value == null) return `${UNIT}${UNIT}false${UNIT}${UNIT}${UNIT}${UNIT}`;
  const grams: string[] = [];
  let previous = '';
  let characters = 0;
  let wide = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) wide = true;
    let character = value[i]!;
    // A surrogate pair is one character (DuckDB counts code points).
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) character += value[++i];
    characters++;
    if (characters > 1) {
      const gram = previous + character;
      if (!grams.includes(gram)) grams.push(gram);
    }
    previous = character;
  }
  if (characters < 2) grams.push(value);
  let hi = 0;
  let lo = 0;
  for (const gram of grams) {
    const bit = gramBit(gram);
    if (bit < 32) lo |= 1 << bit;
    else hi |= 1 << (bit - 32);
  }
  const extra = grams.length - bitCount(hi) - bitCount(lo);
  return `${UNIT}${grams.join(GRAM)}${UNIT}${wide}${UNIT}${hi >>> 0}${UNIT}${lo >>> 0}${UNIT}${grams.length}${UNIT}${extra}`;
}

function gramBit(gram: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < gram.length; i++) hash = Math.imul(hash ^ gram.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return (hash ^ (hash >>> 12)) & 63;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function foldExtra(value: string | null): string | null {
  if (value === null) return null;
  const folded = value.normalize('NFKC').trim().toLowerCase();
  return folded === '' ? null : folded;
}

function clean(value: string): string {
  return /[\u001f\u001e\r\n]/.test(value) ? value.replace(/[\u001f\u001e\r\n]+/g, ' ') : value;
}
