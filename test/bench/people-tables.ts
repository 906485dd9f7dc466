/** Loads a generated people set's exports into an engine, one table per file named after it; returns the table names. */
import type { Engine } from '../../src/engine/engine.ts';
import { loadFile } from '../../src/ingest/load.ts';
import type { PeopleSet } from '../data/people/generate.ts';

export async function loadPeopleTables(engine: Engine, set: PeopleSet): Promise<string[]> {
  const names: string[] = [];
  for (const file of set.files) {
    const name = file.name.replace(/\.csv$/, '');
    names.push(name);
    await loadFile(engine, { fileName: file.name, bytes: file.bytes, table: name });
  }
  return names;
}
