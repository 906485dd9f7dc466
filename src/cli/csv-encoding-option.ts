import { readFile, rm, writeFile } from 'node:fs/promises';
import { encodeCsv, isCsvEncoding, type CsvEncoding } from '../engine/csv-encoding.ts';
import { KuraError } from '../engine/engine.ts';
import { CliError } from './cli-error.ts';

/** The `--encoding` option: utf-8, utf-8-bom or cp932 (shift_jis and sjis are taken as cp932). */
export function csvEncodingOption(value: string | undefined, fallback: CsvEncoding): CsvEncoding {
  if (value === undefined) return fallback;
  const named = /^(shift[_-]?jis|sjis|windows-31j|ms932)$/i.test(value) ? 'cp932' : value.toLowerCase();
  if (isCsvEncoding(named)) return named;
  throw new CliError(`--encoding must be utf-8, utf-8-bom or cp932, not "${value}".`, 2, true);
}

/** The bytes of an exported CSV; text that CP932 cannot hold ends the command (exit 1) with the sentence saying where. */
export async function exportedCsv(file: string, encoded: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await encoded();
  } catch (error) {
    if (error instanceof KuraError && error.kind === 'unencodable') throw new CliError(`${file}: ${error.message}`, 1);
    throw error;
  }
}

/** Rewrites a UTF-8 CSV file (as DuckDB's COPY writes it) in `encoding`; removes it when the encoding cannot hold it. */
export async function reencodeCsvFile(path: string, encoding: CsvEncoding): Promise<void> {
  if (encoding === 'utf-8') return;
  const text = await readFile(path, 'utf8');
  try {
    await writeFile(path, await exportedCsv(path, () => encodeCsv(text, encoding)));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
