import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { engineFactories } from '../../../test/unit/engines.ts';
import { assignCustomerIds, customerIdsTable } from './customer-ids.ts';
import { NativeEngine } from '../../engine/native.ts';
import { loadFile } from '../../ingest/load.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { identityMatch } from '../job.ts';
import { encodeGenerated, generateCrmTestSet } from '../../../test/data/identity-testset.ts';

/** Records as `source:id` and the customers a clustering made of them, e.g. [['crm:1', 'web:7'], ['crm:2']]. */
type Clustering = string[][];

for (const factory of engineFactories) {
  describe(`lasting customer ids on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
    }, 60_000);
    afterAll(() => engine?.close());

    /** Writes the records (numbered in the given order) and their clusters, assigns ids, returns id by record. */
    async function cluster(clustering: Clustering, order: 'forward' | 'backward' = 'forward') {
      const records = clustering.flatMap((members, index) => members.map((record) => ({ record, group: index })));
      if (order === 'backward') records.reverse();
      const values = records.map(({ record, group }, index) => {
        const [source, id] = record.split(':') as [string, string];
        return `('${source}', ${index + 1}, ${index + 1}, '${id}', ${group})`;
      });
      await engine.exec(`
        CREATE OR REPLACE TABLE ids_input AS SELECT * FROM (VALUES ${values.join(', ')}) t(source, row, unique_id, source_id, grp);
        CREATE OR REPLACE TABLE ids_clusters AS
          SELECT source, row, unique_id, min(unique_id) OVER (PARTITION BY grp) AS cluster_id FROM ids_input;`);
      const changes = await assignCustomerIds(engine, 'ids_input', 'ids_clusters');
      const rows = await queryRows(
        engine,
        `SELECT i.source || ':' || i.source_id AS record, c.customer_id FROM ids_clusters c JOIN ids_input i USING (unique_id)`,
      );
      const ids = new Map(rows.map((row) => [String(row.record), Number(row.customer_id)]));
      return { ids, changes };
    }

    it('gives the same ids whatever the order of the records, and keeps them when nothing changed', async () => {
      await engine.exec(`DROP TABLE IF EXISTS ${customerIdsTable}; DROP TABLE IF EXISTS identity_customer_next_id`);
      const clustering = [['web:9', 'crm:1'], ['crm:2'], ['crm:3', 'support:4']];
      const first = await cluster(clustering);
      expect(first.changes).toMatchObject({ earlier: false, new: 3 });
      expect([...first.ids.values()].sort()).toEqual([1, 1, 2, 3, 3]);
      expect(first.ids.get('crm:1')).toBe(1);
      expect(first.ids.get('crm:3')).toBe(3);

      const again = await cluster(clustering, 'backward');
      expect(again.ids).toEqual(first.ids);
      expect(again.changes).toEqual({ earlier: true, unchanged: 3, changed: 0, merged: 0, split: 0, new: 0, retired: 0 });

      await engine.exec(`DROP TABLE ${customerIdsTable}; DROP TABLE identity_customer_next_id`);
      expect((await cluster(clustering, 'backward')).ids).toEqual(first.ids);
    });

    it('keeps the id of the larger part through a merge and a split, and never gives an id out twice', async () => {
      await engine.exec(`DROP TABLE IF EXISTS ${customerIdsTable}; DROP TABLE IF EXISTS identity_customer_next_id`);
      const first = (await cluster([['crm:1', 'crm:2', 'crm:3'], ['crm:4'], ['crm:5', 'crm:6'], ['crm:7']])).ids;
      // crm:4 joins crm:5's customer (merged); crm:3 leaves crm:1's (split); a new record joins crm:7 (changed); one is new.
      const second = await cluster([['crm:1', 'crm:2'], ['crm:3'], ['crm:4', 'crm:5', 'crm:6'], ['crm:7', 'web:1'], ['web:2']]);
      expect(second.ids.get('crm:1')).toBe(first.get('crm:1'));
      expect(second.ids.get('crm:5')).toBe(first.get('crm:5'));
      expect(second.ids.get('crm:4')).toBe(first.get('crm:5'));
      expect(second.ids.get('crm:7')).toBe(first.get('crm:7'));
      const earlierIds = new Set(first.values());
      expect(earlierIds.has(second.ids.get('crm:3')!)).toBe(false);
      expect(earlierIds.has(second.ids.get('web:2')!)).toBe(false);
      expect(second.ids.get('crm:3')).not.toBe(second.ids.get('web:2'));
      expect(second.changes).toEqual({ earlier: true, unchanged: 0, changed: 2, merged: 1, split: 1, new: 1, retired: 1 });

      // The retired id (crm:4's) is not given to anyone later.
      const third = await cluster([['crm:1', 'crm:2'], ['crm:3'], ['crm:4'], ['crm:5', 'crm:6'], ['crm:7', 'web:1'], ['web:2']]);
      expect(third.ids.get('crm:4')).not.toBe(first.get('crm:4'));
      expect(new Set(third.ids.values()).size).toBe(6);
      expect(third.changes).toMatchObject({ unchanged: 4, split: 1, changed: 1 });
    });
  });
}

describe('lasting customer ids when a source is added (generated CRM set, native)', () => {
  it('keeps the id of every customer that is still there; ids are lost only where the new source joins two customers', async () => {
    const engine = await NativeEngine.create();
    try {
      const set = generateCrmTestSet(2000);
      const sources = [];
      for (const file of set.files) {
        const table = file.name.replace('.csv', '');
        await loadFile(engine, { fileName: file.name, bytes: encodeGenerated(file), table });
        sources.push({ name: table, table });
      }
      const idsByRecord = async () =>
        new Map(
          (
            await queryRows(
              engine,
              `SELECT i.source || ':' || i.row AS record, c.customer_id FROM identity_clusters c JOIN identity_input i USING (unique_id)`,
            )
          ).map((row) => [String(row.record), Number(row.customer_id)]),
        );
      await identityMatch(engine, { sources: sources.slice(0, 2) }, quietJobContext());
      const before = await idsByRecord();
      const added = await identityMatch(engine, { sources }, quietJobContext());
      const after = await idsByRecord();

      const earlier = new Map<number, string[]>();
      for (const [record, id] of before) earlier.set(id, [...(earlier.get(id) ?? []), record]);
      let kept = 0;
      let mergedAway = 0;
      let samePerson = 0;
      for (const [id, records] of earlier) {
        const now = new Set(records.map((record) => after.get(record)));
        if (now.has(id)) kept++;
        // An id is lost only when the customer's records now sit with another earlier customer's, under that id.
        else {
          expect(now.size, `customer ${id}`).toBe(1);
          const [other] = now;
          const partners = [...before].filter(([record, earlierId]) => earlierId !== id && after.get(record) === other);
          expect(partners.length).toBeGreaterThan(0);
          mergedAway++;
          if (partners.some(([record]) => set.truth.get(record) === set.truth.get(records[0]!))) samePerson++;
        }
      }
      console.log(
        `lasting ids, 2,000 generated people, third source added: ${kept} of ${earlier.size} earlier customers keep their id (${((kept / earlier.size) * 100).toFixed(2)}%), ${mergedAway} merged into another (${samePerson} of them the same person by the truth); change summary ${JSON.stringify(added.customers)}`,
      );
      expect(added.customers.retired).toBe(mergedAway);
      expect(kept + mergedAway).toBe(earlier.size);
      // Every customer that was not merged into another keeps its id; the merges are mostly the same person found at last.
      expect(kept / earlier.size).toBeGreaterThanOrEqual(0.98);
      expect(samePerson / Math.max(1, mergedAway)).toBeGreaterThanOrEqual(0.8);
    } finally {
      await engine.close();
    }
  }, 180_000);
});
