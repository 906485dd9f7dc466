/**
 * The match cell's `attach` on both engines: the generated three-source set is matched without the last part of its
 * sign-ups, which the cell then attaches as this week's export; running the cell again gives every record the same
 * customer id, and a decision naming an attached record is applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { loadFile } from '../../ingest/load.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import type { Cell, SpecCell } from '../../document/model.ts';
import { engineFactories } from '../../../test/unit/engines.ts';
import { encodeGenerated, generateCrmTestSet } from '../../../test/data/identity-testset.ts';
import { matchKind } from './kind.ts';
import { readMatchCellSpec } from './spec.ts';

const set = generateCrmTestSet(600);
const sourceCell = (name: string): Cell => ({ id: name, kind: 'source', name, spec: { file: `${name}.csv` } });
const cells: Cell[] = ['crm_contacts', 'support', 'signups_before', 'signups_week'].map(sourceCell);
const matchCell = (spec: Record<string, unknown>): SpecCell => ({
  id: 'm',
  kind: 'match',
  name: 'customers',
  spec: { sources: ['crm_contacts', 'support', 'signups_before'], attach: ['signups_week'], threshold: 0.9, ...spec },
});
const idsByEngine = new Map<string, string[]>();

describe('readMatchCellSpec', () => {
  it('reads attach as a list and refuses a source both matched and attached', () => {
    expect(readMatchCellSpec({ sources: ['a'], attach: 'b' }).attach).toEqual(['b']);
    expect(readMatchCellSpec({ sources: ['a'] }).attach).toEqual([]);
    expect(() => readMatchCellSpec({ sources: ['a', 'b'], attach: ['b'] })).toThrow('"b" is both matched and attached');
  });
});

for (const factory of engineFactories) {
  describe(`the match cell's attach on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      for (const file of set.files) {
        await loadFile(engine, { fileName: file.name, bytes: encodeGenerated(file), table: file.name.replace('.csv', '') });
      }
      const [signups] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM signups');
      const kept = Math.round(Number(signups!.n) * 0.6);
      await engine.exec(`CREATE TABLE signups_before AS SELECT * FROM signups WHERE rowid < ${kept} ORDER BY rowid;
        CREATE TABLE signups_week AS SELECT * FROM signups WHERE rowid >= ${kept} ORDER BY rowid;`);
    }, 60_000);
    afterAll(() => engine?.close());

    const customerIds = async () =>
      (await queryRows(engine, `SELECT source || ':' || row || ' ' || customer_id AS id FROM identity_clusters ORDER BY source, row`)).map(
        (row) => String(row.id),
      );

    it('attaches the export after the match, and a second run gives every record the same customer id', async () => {
      const jobs = withLocalJobs(engine);
      const first = await matchKind.execute(jobs, matchCell({}), { cells });
      const [week] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM signups_week');
      const attached = first.value!.attached!;
      expect(attached.map((outcome) => outcome.source)).toEqual(['signups_week']);
      expect(attached[0]!.records).toBe(Number(week!.n));
      expect(attached[0]!.attached + attached[0]!.review + attached[0]!.new).toBe(attached[0]!.records);
      expect(attached[0]!.attached).toBeGreaterThan(0);
      expect(attached[0]!.new).toBeGreaterThan(0);
      const [golden] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM customers_golden');
      expect(first.value!.goldenRecords).toBe(Number(golden!.n));
      const [sources] = await queryRows(engine, 'SELECT count(DISTINCT source)::INTEGER AS n FROM identity_clusters');
      expect(sources!.n).toBe(4);
      const ids = await customerIds();

      const second = await matchKind.execute(jobs, matchCell({}), { cells });
      expect(await customerIds()).toEqual(ids);
      // The match itself sees the attached records' ids set aside: nothing changed, nothing retired.
      expect(second.value!.customers).toMatchObject({ earlier: true, changed: 0, merged: 0, split: 0, new: 0, retired: 0 });
      expect(second.value!.attached![0]).toMatchObject({ attached: attached[0]!.attached, new: attached[0]!.new });
      idsByEngine.set(factory.name, ids);
    }, 120_000);

    it('applies a decision that names an attached record', async () => {
      const [fresh] = await queryRows(
        engine,
        `SELECT i.row, i.customer_id FROM identity_incremental i WHERE decision = 'new' ORDER BY row LIMIT 1`,
      );
      const [other] = await queryRows(
        engine,
        `SELECT row, customer_id FROM identity_clusters WHERE source = 'crm_contacts' AND customer_id <> ${Number(fresh!.customer_id)} ORDER BY row LIMIT 1`,
      );
      const decisions = [
        {
          decision: 'merge',
          records: [
            { source: 'signups_week', row: Number(fresh!.row) },
            { source: 'crm_contacts', row: Number(other!.row) },
          ],
        },
      ];
      const outcome = await matchKind.execute(withLocalJobs(engine), matchCell({ decisions }), { cells });
      expect(outcome.value!.decisions).toEqual({ applied: 1, unapplied: [] });
      const together = await queryRows(
        engine,
        `SELECT count(DISTINCT customer_id)::INTEGER AS n FROM identity_clusters
         WHERE (source = 'signups_week' AND row = ${Number(fresh!.row)}) OR (source = 'crm_contacts' AND row = ${Number(other!.row)})`,
      );
      expect(together[0]!.n).toBe(1);
    }, 120_000);
  });
}

describe('both engines', () => {
  it('give every record the same customer id', () => {
    const [a, b] = [...idsByEngine.values()];
    expect(a?.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });
});
