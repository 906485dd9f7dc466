import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { assignHouseholds, maxHousehold } from './household.ts';

describe('households', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
  });
  afterAll(async () => engine.close());

  it('joins customers sharing an address or phone and a family name (in writing or reading), never an office full of namesakes', async () => {
    const office = Array.from({ length: maxHousehold + 1 }, (_, i) => `(${20 + i}, '丸の内1-1', '佐藤', 'sato', '+81332011234')`).join(
      ', ',
    );
    await engine.exec(`CREATE TABLE input (unique_id BIGINT, address_key VARCHAR, family_key VARCHAR, family_romaji VARCHAR, phone VARCHAR);
      INSERT INTO input VALUES
        (1, '旭町4-6-1', '安沢', NULL, NULL),              -- 安沢 啓郎 in kanji without a reading
        (2, '旭町4-6-1', 'yasuzawa', 'yasuzawa', NULL),   -- Sae Yasuzawa at his address, her name in romaji only
        (3, NULL, '安沢', 'yasuzawa', '+81987071589'),     -- 安沢 啓郎 again, with a reading and the home phone
        (4, NULL, 'yasuzawa', 'yasuzawa', '+81987071589'), -- Sae Yasuzawa again, on the home phone
        (5, '旭町4-6-1', '田中', 'tanaka', NULL),           -- a neighbour at the same address, another family
        ${office};
      CREATE TABLE clusters AS SELECT 'crm' AS source, unique_id AS row, unique_id, CASE unique_id WHEN 3 THEN 1 ELSE unique_id END AS cluster_id FROM input;`);
    await assignHouseholds(engine, 'input', 'clusters');
    const household = new Map(
      (await queryRows(engine, 'SELECT unique_id, cluster_id, household_id FROM clusters')).map((r) => [Number(r.unique_id), r]),
    );
    // 1 and 3 are one customer (cluster 1); 3 and 4 share the home phone and the reading yasuzawa: one household,
    // two customers.
    expect([household.get(1)!.cluster_id, household.get(3)!.cluster_id, household.get(4)!.cluster_id]).toEqual([1, 1, 4]);
    expect([household.get(1)!.household_id, household.get(3)!.household_id, household.get(4)!.household_id]).toEqual([1, 1, 1]);
    // 2 shares 1's address, but 1's family name has no reading to compare with hers: not joined on a guess.
    expect(household.get(2)!.household_id).toBe(2);
    expect(household.get(5)!.household_id).toBe(5);
    for (let id = 20; id < 20 + maxHousehold + 1; id++) expect(household.get(id)!.household_id).toBe(id);
  });

  it('writes clusters staged in a temporary table to the final table in one step, dropping the staged one', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE staged_input (unique_id BIGINT, address_key VARCHAR, family_key VARCHAR, family_romaji VARCHAR, phone VARCHAR);
      INSERT INTO staged_input VALUES (1, 'a', 'x', 'x', NULL), (2, 'a', 'x', 'x', NULL);
      CREATE OR REPLACE TEMP TABLE staged AS SELECT 'crm' AS source, unique_id AS row, unique_id, unique_id AS cluster_id FROM staged_input;
      CREATE OR REPLACE TABLE final_clusters AS SELECT 1 AS old_column;`);
    await assignHouseholds(engine, 'staged_input', 'temp.staged', undefined, 'final_clusters');
    expect(await queryRows(engine, 'SELECT unique_id, cluster_id, household_id FROM final_clusters ORDER BY unique_id')).toEqual([
      { unique_id: 1, cluster_id: 1, household_id: 1 },
      { unique_id: 2, cluster_id: 2, household_id: 1 },
    ]);
    expect(await queryRows(engine, "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'staged'")).toEqual([{ n: 0 }]);
  });
});
