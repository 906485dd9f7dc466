/**
 * One batch of the prepare step, as text in and text out, so it can run wherever there is a core: inline in the
 * warehouse worker (the browser), or in `worker_threads` for the command line (src/cli/parallel-keys.ts).
 * Pure: no engine, no DOM, no `node:`.
 *
 * In: the batch's rows as DuckDB joined them (`RECORD` between rows, `UNIT` between values, `NULL` for null).
 * Out: one line per row (`UNIT` between columns, empty for null): source, row, unique_id, the key columns, the
 * extra columns; read back by `read_csv`.
 */
import { KeyMaker, keyColumns, type InputField, type RawRecord } from './keys.ts';

export const UNIT = '\u001f';
export const RECORD = '\u001e';
export const NULL = '\u0002';

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
    let line = `${prefix}${batch.firstRow + i}${UNIT}${batch.firstId + i}`;
    for (const column of keyColumns) line += UNIT + (keys[column] ?? '');
    for (const at of extraAt) {
      const value = at < 0 ? undefined : values[at];
      line += UNIT + (foldExtra(value === undefined || value === NULL ? null : value) ?? '');
    }
    // Display values keep the source's text, which may hold a line break (a quoted newline in a CSV cell).
    if (line.includes('\n') || line.includes('\r')) line = line.replace(/[\r\n]+/g, ' ');
    out += line + '\n';
  }
  return out;
}

function foldExtra(value: string | null): string | null {
  if (value === null) return null;
  const folded = value.normalize('NFKC').trim().toLowerCase();
  return folded === '' ? null : folded;
}

function clean(value: string): string {
  return /[\u001f\u001e\r\n]/.test(value) ? value.replace(/[\u001f\u001e\r\n]+/g, ' ') : value;
}
