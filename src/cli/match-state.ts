/**
 * The match's tables beside its CSV files (`DIR/match-state.duckdb`), so a later `kura match NEW --against DIR`
 * attaches new records to its customers without the earlier input files. Native DuckDB's own file format.
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { quoteLiteral } from '../engine/sql.ts';
import { identityPairsTable } from '../identity/job.ts';
import { matchStateTables } from '../identity/incremental/incremental.ts';
import { CliError, plainMessage } from './cli-error.ts';

export const matchStateFile = 'match-state.duckdb';

/** Writes the match's tables, from the schema in use, to `folder/match-state.duckdb` (whole, or not at all). */
export async function saveMatchState(engine: Engine, folder: string): Promise<void> {
  const path = join(folder, matchStateFile);
  const part = `${path}.part`;
  rmSync(part, { force: true });
  await engine.exec(`ATTACH ${quoteLiteral(part)} AS kura_state`);
  try {
    for (const table of matchStateTables) {
      // The pairs are in pairs.csv; an attach only appends to them.
      await engine.exec(`CREATE TABLE kura_state.${table} AS SELECT * FROM ${table}${table === identityPairsTable ? ' WHERE false' : ''}`);
    }
  } finally {
    await engine.exec('DETACH kura_state');
  }
  renameSync(part, path);
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
    const absent = matchStateTables.filter((table) => !present.has(table));
    if (absent.length) throw new CliError(`${path}: This match state lacks ${absent.join(', ')}; run kura match again.`, 2);
    for (const table of matchStateTables) await engine.exec(`CREATE OR REPLACE TABLE main.${table} AS SELECT * FROM kura_earlier.${table}`);
  } finally {
    await engine.exec('DETACH kura_earlier');
  }
}
