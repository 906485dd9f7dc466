/**
 * `kura match NEW --against BUNDLE.kura`: a share bundle carries no match state, but it carries what its notebook's
 * match read (the source tables), how it matched (the match cell: model, threshold, labels, decisions) and the
 * lasting customer ids, so the match is run again from them as `kura run` runs it and the customers keep the ids
 * the sender sees.
 */
import { statSync } from 'node:fs';
import type { Engine } from '../engine/engine.ts';
import type { SpecCell } from '../document/model.ts';
import { matchJobSpec, readMatchCellSpec } from '../cells/match/spec.ts';
import { identityMatch } from '../identity/job.ts';
import type { MatchSpec } from '../identity/model/spec.ts';
import { quietJobContext } from '../jobs/job.ts';
import { openBundle, type VerifiedBundle } from '../report/bundle.ts';
import { CliError, plainMessage } from './cli-error.ts';
import { readInputFile } from './input-file.ts';

/** Whether `--against PREV` names a file (a share bundle) rather than an earlier run's folder. */
export function isAgainstBundle(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Opens the bundle in `engine` and runs its notebook's first match cell, leaving the tables an attach reads. */
export async function matchStateFromBundle(engine: Engine, path: string): Promise<void> {
  let bundle: VerifiedBundle;
  try {
    bundle = await openBundle(engine, await readInputFile(path));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: ${plainMessage(error)}`, 2);
  }
  const cell = bundle.notebook.cells.find((candidate): candidate is SpecCell => candidate.kind === 'match');
  if (!cell) throw new CliError(`${path}: This bundle's notebook has no match cell, so it has no customers to attach to.`, 2);
  let spec: MatchSpec;
  try {
    const matchCell = readMatchCellSpec(cell.spec);
    if (bundle.manifest.tables.some((table) => matchCell.sources.includes(table.name) && table.masked?.length)) {
      throw new CliError(
        `${path}: This bundle was shared with its personal columns masked, which cannot be matched; it must be shared without masking to attach to it.`,
        2,
      );
    }
    spec = await matchJobSpec(engine, matchCell, bundle.notebook.cells);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: ${plainMessage(error)}`, 2);
  }
  try {
    await identityMatch(engine, spec, quietJobContext());
  } catch (error) {
    throw new CliError(`${path}: ${plainMessage(error)}`, 1);
  }
}
