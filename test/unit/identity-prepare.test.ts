/**
 * The prepare step's speed work keeps its meaning, on both engines: bigrams, wide flags and signatures computed in
 * JS equal the SQL definitions (DuckDB counts code points), identity_input stays in unique_id order, and the pairs'
 * source and row (taken from the unique_id, sourceRowSql) are the records', also with an empty source in between.
 */
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { gramColumns } from '../../src/identity/compare/compare.ts';
import { identityMatch } from '../../src/identity/job.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { engineFactories } from './engines.ts';

const crm = [
  'Id,LastName,FirstName,LastNameKana__c,FirstNameKana__c,Account Name,Email,Phone,MailingPostalCode,MailingStreet',
  '003A,山田,太郎,ヤマダ,タロウ,さくら商事㈱,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,"丸の内1丁目1番1号\n丸の内ビル12F"',
  '003B,佐藤,花子,サトウ,ハナコ,(株)みなとテック,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8',
  '003C,髙橋,一,タカハシ,ハジメ,A,ichi@example.jp,090-1111-2222,,𠮷野町1-1',
  '003D,O,Brien,,,Acme Brick Inc.,obrien@acme.example.com,+1 212 555 0100,,1 Main St',
].join('\n');
const empty = 'Email,Phone\n';
const signups = [
  'First Name,Last Name,Email,Phone Number,Company Name',
  'Taro,Yamada,taro.yamada+news@sakura.example.jp,0332011234,さくら商事',
  'Hanako,Sato,hanako.sato@minato.example.jp,03-5412-7788,',
].join('\n');

const rows = async (engine: Engine, sql: string) =>
  tableFromIPC(await engine.query(sql))
    .toArray()
    .map((row) => row.toJSON());

for (const factory of engineFactories) {
  describe(`identity prepare on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      await loadFile(engine, { fileName: 'crm.csv', bytes: new TextEncoder().encode(crm) });
      await loadFile(engine, { fileName: 'empty.csv', bytes: new TextEncoder().encode(empty) });
      await loadFile(engine, { fileName: 'signups.csv', bytes: new TextEncoder().encode(signups) });
      await identityMatch(engine, { sources: ['crm', 'empty', 'signups'].map((name) => ({ name, table: name })) }, quietJobContext());
    }, 60_000);
    afterAll(() => engine?.close());

    it('computes bigrams, wide flags and signatures in JS as the SQL definitions would', async () => {
      for (const column of gramColumns) {
        const sqlGrams = `CASE WHEN ${column} IS NULL THEN NULL WHEN length(${column}) < 2 THEN [${column}] ELSE list_distinct(list_transform(range(1, length(${column})), i -> substring(${column}, i, 2))) END`;
        const wrong = await rows(
          engine,
          `SELECT unique_id, ${column} AS value FROM identity_input
           WHERE list_sort(${column}_grams) IS DISTINCT FROM list_sort(${sqlGrams})
              OR ${column}_wide IS DISTINCT FROM (${column} IS NOT NULL AND NOT (strlen(${column}) = length(${column})))
              OR ${column}_glen IS DISTINCT FROM len(${column}_grams)
              OR ${column}_gextra IS DISTINCT FROM len(${column}_grams) - bit_count(${column}_gmask)
              OR ${column}_gextra < 0`,
        );
        expect(wrong, column).toEqual([]);
      }
      const [present] = await rows(
        engine,
        `SELECT count(name_key_grams)::INTEGER AS names, (count(*) FILTER (WHERE address_key_wide))::INTEGER AS wide FROM identity_input`,
      );
      expect(Number(present!.names)).toBe(6);
      expect(Number(present!.wide)).toBeGreaterThan(0);
    });

    it('keeps identity_input in unique_id order and takes the pairs’ source and row from the records', async () => {
      // No ORDER BY: the table's own order.
      const order = await rows(engine, `SELECT unique_id::INTEGER AS id, source || ':' || row AS record FROM identity_input`);
      expect(order.map((row) => row.id)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(order.map((row) => row.record)).toEqual(['crm:1', 'crm:2', 'crm:3', 'crm:4', 'signups:1', 'signups:2']);
      const [pairs] = await rows(engine, `SELECT count(*)::INTEGER AS n FROM identity_pairs`);
      expect(Number(pairs!.n)).toBeGreaterThan(0);
      const wrong = await rows(
        engine,
        `SELECT p.unique_id_l, p.unique_id_r FROM identity_pairs p
         JOIN identity_input l ON l.unique_id = p.unique_id_l JOIN identity_input r ON r.unique_id = p.unique_id_r
         WHERE p.source_l <> l.source OR p.row_l <> l.row OR p.source_r <> r.source OR p.row_r <> r.row`,
      );
      expect(wrong).toEqual([]);
    });
  });
}
