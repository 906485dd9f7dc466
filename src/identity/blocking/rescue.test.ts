import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { engineFactories } from '../../../test/unit/engines.ts';
import { rescueCandidatesSql, rescueKeysFor } from './rescue.ts';

const columns = ['birth_date', 'given_key', 'family_key', 'city_key', 'postal_district'];

for (const factory of engineFactories) {
  describe(`second look on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      // 1 and 2 are matched; 3 (edmund nprcott, one digit off in the date) matched nothing, 4 and 5 are Johns among 30.
      const people = [
        `(1, 'a', '1800-01-01', 'edmund', 'norcott', 'babergh', 'ip11')`,
        `(2, 'a', '1800-01-01', 'edmund', 'norcott', 'ipswich', 'ip1')`,
        `(3, 'a', '1800-01-07', 'edmund', 'nprcott', 'wherstead', 'ip9')`,
        ...Array.from({ length: 30 }, (_, k) => `(${4 + k}, 'a', NULL, 'john', 'smith${k}', NULL, NULL)`),
      ];
      await engine.exec(`CREATE TABLE rescue_input (unique_id BIGINT, source VARCHAR, ${columns.map((c) => `${c} VARCHAR`).join(', ')});
        INSERT INTO rescue_input VALUES ${people.join(', ')};
        CREATE TABLE rescue_pairs AS SELECT 1::BIGINT AS unique_id_l, 2::BIGINT AS unique_id_r, 12.0 AS match_weight;`);
    }, 60_000);
    afterAll(() => engine?.close());

    const pairs = async (maxPairsPerRecord?: number) => {
      await engine.exec(rescueCandidatesSql('rescue_input', 'rescue_pairs', 3.17, rescueKeysFor(columns), false, 9, 20, maxPairsPerRecord));
      return tableFromIPC(await engine.query('SELECT unique_id_l, unique_id_r FROM identity_rescue_candidates ORDER BY ALL'))
        .toArray()
        .map((row) => `${row.unique_id_l}-${row.unique_id_r}`);
    };

    it('pairs a record left without a match on a rare looser key (the given name with the birth year), not on a common one', async () => {
      // 3 meets 1 and 2 on edmund|1800; the thirty Johns share only "john", a block of 30: nobody pairs on it.
      expect(await pairs()).toEqual(['1-3', '2-3']);
    });

    it('keeps at most the given number of partners per record', async () => {
      expect(await pairs(1)).toHaveLength(1);
    });
  });
}
