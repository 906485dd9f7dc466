import { goldenTable } from '../../identity/golden/golden.ts';
import { clustersTable } from '../../identity/cluster/cluster.ts';
import type { MatchResult } from '../../identity/job.ts';
import { pairsTable } from '../../identity/job.ts';
import { inputTable } from '../../identity/prepare/prepare.ts';
import { specCellKind } from '../kind.ts';
import { matchJobSpec, readMatchCellSpec } from './spec.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    match: MatchResult;
  }
}

const personalColumn = /^(full_name|family_name|given_name|email|phone|mobile_phone)$/;

/** Matches in the worker; the result table shown under the cell is the golden record, one row per customer. */
export const matchKind = specCellKind<MatchResult>({
  word: 'match',
  report: () => import('./report.ts'),
  readSpec: readMatchCellSpec,
  outputs: () => [goldenTable, pairsTable, clustersTable, inputTable],
  async execute(engine, cell, notebook) {
    const spec = await matchJobSpec(engine, readMatchCellSpec(cell.spec), notebook.cells);
    const result = await engine.runJob('identityMatch', spec);
    await engine.runJob('identitySearchIndex', {});
    return { value: result, resultTable: goldenTable };
  },
  create({ cells, tables, freshName }) {
    // Sources whose column mapping found people in them: a name, an e-mail or a phone.
    const mapped = new Map(tables.map((table) => [table.name, table.columns.map((column) => column.name)]));
    const sources = cells
      .filter((cell) => cell.kind === 'source' && cell.name !== '')
      .map((cell) => (cell as { name: string }).name)
      .filter((name) => (mapped.get(`${name}_mapped`) ?? []).some((column) => personalColumn.test(column)));
    return { kind: 'match', name: freshName('customers'), spec: { sources, threshold: 0.9 } };
  },
});
