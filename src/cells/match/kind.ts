import { goldenTable } from '../../identity/golden/golden.ts';
import { clustersTable } from '../../identity/cluster/cluster.ts';
import { pairsTable } from '../../identity/job.ts';
import { inputTable } from '../../identity/prepare/prepare.ts';
import { specCellKind } from '../kind.ts';
import { mapsPeople, matchJobSpec, readMatchCellSpec } from './spec.ts';
import { afterAttaching, attachExports, type MatchCellResult } from './attach.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    match: MatchCellResult;
  }
}

/** Matches in the worker, then attaches the exports under `attach`; the result table shown under the cell is the golden record, one row per customer. */
export const matchKind = specCellKind<MatchCellResult>({
  word: 'match',
  report: () => import('./report.ts'),
  readSpec: readMatchCellSpec,
  outputs: () => [goldenTable, pairsTable, clustersTable, inputTable],
  async execute(engine, cell, notebook) {
    const spec = readMatchCellSpec(cell.spec);
    const matched = await engine.runJob('identityMatch', await matchJobSpec(engine, spec, notebook.cells));
    const attached = await attachExports(engine, spec, spec.attach, notebook.cells);
    const value = await afterAttaching(engine, spec, matched, attached);
    await engine.runJob('identitySearchIndex', {});
    return { value, resultTable: goldenTable };
  },
  create({ cells, tables, freshName }) {
    // Sources whose column mapping found people in them: a name, an e-mail or a phone.
    const mapped = new Map(tables.map((table) => [table.name, table.columns.map((column) => column.name)]));
    const sources = cells
      .filter((cell) => cell.kind === 'source' && cell.name !== '')
      .map((cell) => (cell as { name: string }).name)
      .filter((name) => mapsPeople(mapped.get(`${name}_mapped`) ?? []));
    return { kind: 'match', name: freshName('customers'), spec: { sources, threshold: 0.9 } };
  },
});
