/**
 * The match's tables beside its CSV files, so a later `kura match NEW --against DIR` attaches new records to its
 * customers without the earlier input files: `DIR/match-state.duckdb` (native DuckDB's own file format) with every
 * table but the prepared records, which go to a Parquet file beside it that the DuckDB file names
 * (`match-state-input-<run>.parquet`). A million prepared records (84 key columns) took 4.5 s to compress into the
 * DuckDB file and 2.2 s into Parquet; reading them back costs the same either way. The DuckDB file is written last
 * and renamed into place, so the state a later run reads is whole: its own Parquet file, never another run's.
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { quoteLiteral } from '../engine/sql.ts';
import { identityPairsTable } from '../identity/job.ts';
import { matchStateTables } from '../identity/incremental/incremental.ts';
import { inputTable } from '../identity/prepare/prepare.ts';
import { CliError, plainMessage } from './cli-error.ts';

export const matchStateFile = 'match-state.duckdb';
/** The table in the DuckDB file that names the prepared records' Parquet file. */
const inputFileTable = 'identity_input_file';
const inputFilePattern = /^match-state-input-[a-z0-9]+\.parquet$/;

/** Writes the match's tables, from the schema in use, to `folder` (whole, or not at all). */
export async function saveMatchState(engine: Engine, folder: string): Promise<void> {
  const path = join(folder, matchStateFile);
  const part = `${path}.part`;
  const inputFile = `match-state-input-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.parquet`;
  rmSync(part, { force: true });
  let committed = false;
  try {
    await engine.exec(`COPY ${inputTable} TO ${quoteLiteral(join(folder, inputFile))} (FORMAT parquet)`);
    await engine.exec(`ATTACH ${quoteLiteral(part)} AS kura_state`);
    try {
      for (const table of matchStateTables) {
        if (table === inputTable) continue;
        // The pairs are in pairs.csv; an attach only appends to them.
        await engine.exec(
          `CREATE TABLE kura_state.${table} AS SELECT * FROM ${table}${table === identityPairsTable ? ' WHERE false' : ''}`,
        );
      }
      await engine.exec(`CREATE TABLE kura_state.${inputFileTable} AS SELECT ${quoteLiteral(inputFile)} AS file`);
    } finally {
      await engine.exec('DETACH kura_state');
    }
    renameSync(part, path);
    committed = true;
  } finally {
    if (!committed) rmSync(join(folder, inputFile), { force: true });
  }
  // Earlier runs' prepared records, now that no state names them.
  for (const name of readdirSync(folder))
    if (inputFilePattern.test(name) && name !== inputFile) rmSync(join(folder, name), { force: true });
}

/** Reads an earlier run's tables from `folder/match-state.duckdb`; a folder without one, or a file that is not one, is bad input. */
export async function loadMatchState(engine: Engine, folder: string): Promise<void> {
  const path = join(folder, matchStateFile);
  const missing = `${folder}: --against needs a share bundle (.kura) or the --out folder of an earlier kura match, with its ${matchStateFile}`;
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`${missing}; there is none.`, 2);
  }
  if (!isFile) throw new CliError(`${missing}; ${matchStateFile} there is not a file.`, 2);
  try {
    await engine.exec(`ATTACH ${quoteLiteral(path)} AS kura_earlier (READ_ONLY)`);
  } catch (error) {
    throw new CliError(`${path}: This is not a match state Kura can read (${plainMessage(error)}).`, 2);
  }
  try {
    const present = new Set(
      (await queryRows(engine, `SELECT table_name FROM duckdb_tables() WHERE database_name = 'kura_earlier'`)).map((row) =>
        String(row.table_name),
      ),
    );
    // A state written before the prepared records went to Parquet holds them itself.
    const inputFile = present.has(inputTable) ? null : await namedInputFile(engine, folder, path, present);
    const absent = matchStateTables.filter((table) => !present.has(table) && !(table === inputTable && inputFile));
    if (absent.length) throw new CliError(`${path}: This match state lacks ${absent.join(', ')}; run kura match again.`, 2);
    for (const table of matchStateTables) {
      const from = table === inputTable && inputFile ? `read_parquet(${quoteLiteral(inputFile)})` : `kura_earlier.${table}`;
      await engine.exec(`CREATE OR REPLACE TABLE main.${table} AS SELECT * FROM ${from}`);
    }
  } finally {
    await engine.exec('DETACH kura_earlier');
  }
}

/** The path of the prepared records' Parquet file the state names, or null when it names none. */
async function namedInputFile(engine: Engine, folder: string, path: string, present: ReadonlySet<string>): Promise<string | null> {
  if (!present.has(inputFileTable)) return null;
  const [named] = await queryRows(engine, `SELECT file FROM kura_earlier.${inputFileTable}`);
  const file = String(named?.file ?? '');
  const inputPath = join(folder, file);
  let isFile = false;
  try {
    isFile = inputFilePattern.test(file) && statSync(inputPath).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new CliError(`${path}: The prepared records it names (${file}) are not beside it; run kura match again.`, 2);
  return inputPath;
}
