import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { columnAgreement, listedRows, notListed, reconcile, reconcileSql } from './reconcile.ts';
import { exportReconciliation, type ReconcileExport } from './mismatches-csv.ts';

const setup = `
CREATE OR REPLACE TABLE src AS SELECT * FROM (VALUES
  (1, 'Yamada Taro', 'taro@example.com', 100.0,  'Tokyo'),
  (2, 'Sato  Hanako', 'HANAKO@example.com', 200.0, '大阪'),
  (3, 'ＡＢＣ商事', 'abc@example.com', 300.0,     'ｶﾞｲｱ'),
  (4, 'Dup One', 'd1@example.com', 1.0,          'x'),
  (4, 'Dup Two', 'd2@example.com', 2.0,          'x'),
  (5, 'Only Source', 'o@example.com', 5.0,       'x'),
  (NULL, 'No Key', 'n@example.com', 0.0,         'x')
) t(id, name, email, amount, city);
CREATE OR REPLACE TABLE tgt AS SELECT * FROM (VALUES
  ('1', 'Yamada Taro', 'taro@example.com', 100.4, 'Tokyo'),
  ('2', ' Sato Hanako ', 'hanako@example.com', 200.0, '大阪'),
  ('3', 'ABC商事', 'abc@example.com', 330.0,     'ガイア'),
  ('4', 'Dup One', 'd1@example.com', 1.0,        'x'),
  ('6', 'Only Target', 't@example.com', 6.0,     'x'),
  ('7', 'Dup T', 'a@example.com', 7.0,           'x'),
  ('7', 'Dup T', 'a@example.com', 7.0,           'x')
) t(contact_id, full_name, email, amount, city);`;

describe.each(engineFactories)('reconcile on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(setup);
  });
  afterAll(async () => {
    await engine.close();
  });
  const spec = { source: 'src', target: 'tgt', key: ['id'], columnMap: { id: 'contact_id', name: 'full_name' } };

  it('counts rows, keys only on one side, duplicate and NULL keys', async () => {
    const result = await reconcile(engine, spec);
    expect(result.spec.compare).toEqual(['name', 'email', 'amount', 'city']);
    expect(result.spec.numeric).toEqual(['amount']);
    expect(result.source).toMatchObject({
      rows: 7,
      nullKeyRows: 1,
      duplicateKeys: { keys: 1, rows: 2, samples: [{ id: '4', rows: 2 }] },
      only: { rows: 1 },
    });
    expect(result.source.only.samples).toEqual([{ id: 5, name: 'Only Source', email: 'o@example.com', amount: 5, city: 'x' }]);
    expect(result.target).toMatchObject({
      rows: 7,
      nullKeyRows: 0,
      duplicateKeys: { keys: 1, rows: 2, samples: [{ id: '7', rows: 2 }] },
      only: { rows: 3 },
    });
    expect(result.target.only.samples.map((row) => row.contact_id)).toEqual(['6', '7', '7']);
    // key 4 is duplicated in the source, so it is reported and not joined: only 1, 2, 3 are compared
    expect(result.matchedRows).toBe(3);
  });

  it('counts mismatches per column with samples, exactly without tolerance', async () => {
    const result = await reconcile(engine, spec);
    const byColumn = Object.fromEntries(result.columns.map((c) => [c.source, c]));
    expect(byColumn.name!.target).toBe('full_name');
    expect(result.columns.map((c) => [c.source, c.mismatches])).toEqual([
      ['name', 2],
      ['email', 1],
      ['amount', 2],
      ['city', 1],
    ]);
    expect(byColumn.amount!.samples).toEqual([
      { key: { id: '1' }, source: '100.0', target: '100.4' },
      { key: { id: '3' }, source: '300.0', target: '330.0' },
    ]);
    expect(byColumn.email!.samples).toEqual([{ key: { id: '2' }, source: 'HANAKO@example.com', target: 'hanako@example.com' }]);
  });

  it('applies tolerances: numeric absolute and relative, case, whitespace, NFKC', async () => {
    const mismatches = async (tolerance: object) => (await reconcile(engine, { ...spec, tolerance })).columns.map((c) => c.mismatches);
    expect(await mismatches({ numericAbsolute: 0.5 })).toEqual([2, 1, 1, 1]);
    expect(await mismatches({ numericRelative: 0.1 })).toEqual([2, 1, 0, 1]);
    expect(await mismatches({ ignoreCase: true })).toEqual([2, 0, 2, 1]);
    expect(await mismatches({ ignoreWhitespace: true })).toEqual([1, 1, 2, 1]);
    expect(await mismatches({ nfkc: true })).toEqual([1, 1, 2, 0]);
    expect(await mismatches({ nfkc: true, ignoreWhitespace: true, ignoreCase: true, numericAbsolute: 50 })).toEqual([0, 0, 0, 0]);
  });

  it('compares only the chosen columns and gives checksums', async () => {
    const result = await reconcile(engine, { ...spec, compare: ['email', 'city'] });
    expect(result.columns.map((c) => c.source)).toEqual(['email', 'city']);
    await engine.exec('CREATE OR REPLACE TABLE copy AS SELECT * FROM src');
    const same = await reconcile(engine, { source: 'src', target: 'copy', key: ['id'] });
    expect(same.columns.every((c) => c.checksum.equal && c.mismatches === 0)).toBe(true);
    expect(result.columns.every((c) => !c.checksum.equal)).toBe(true);
    expect(same.source.only.rows + same.target.only.rows).toBe(0);
  });

  it('lists the first 10 rows only on one side (key and 4 columns) and the first 10 repeated keys, counting the rest', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE wide_src AS SELECT i AS id, 'n' || i AS name, 'e' || i AS email, i * 10 AS amount, 'c' AS city, 'x' AS extra FROM range(40) r(i);
      CREATE OR REPLACE TABLE wide_tgt AS SELECT * FROM wide_src WHERE id >= 15 UNION ALL SELECT * FROM wide_src WHERE id >= 25;`);
    const result = await reconcile(engine, { source: 'wide_src', target: 'wide_tgt', key: ['id'] });
    expect(result.source.only.rows).toBe(15);
    expect(result.source.only.samples).toHaveLength(listedRows);
    expect(result.source.only.samples[0]).toEqual({ id: 0, name: 'n0', email: 'e0', amount: 0, city: 'c' });
    expect(result.source.only.samples.map((row) => row.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(notListed(result.source.only.rows, result.source.only.samples.length)).toBe(5);
    expect(result.target.duplicateKeys.keys).toBe(15);
    expect(result.target.duplicateKeys.samples).toHaveLength(listedRows);
    expect(result.target.duplicateKeys.samples[0]).toEqual({ id: '25', rows: 2 });
    expect(notListed(result.target.duplicateKeys.keys, result.target.duplicateKeys.samples.length)).toBe(5);
  });

  it('says a column with no mismatches matches; checksums over matched pairs ignore rows only on one side', async () => {
    const result = await reconcile(engine, { source: 'wide_src', target: 'wide_tgt', key: ['id'] });
    // Every compared pair is equal: the target lacks 15 rows and repeats 15, which the pairs leave out, so every checksum agrees.
    expect(result.columns.map((c) => [c.mismatches, c.checksum.equal])).toEqual([
      [0, true],
      [0, true],
      [0, true],
      [0, true],
      [0, true],
    ]);
    expect(result.columns.map(columnAgreement)).toEqual(['match', 'match', 'match', 'match', 'match']);
    const differing = await reconcile(engine, spec);
    expect(differing.columns.map(columnAgreement)).toEqual([
      'differ-checksum-different',
      'differ-checksum-different',
      'differ-checksum-different',
      'differ-checksum-different',
    ]);
  });

  describe('a migrated copy with a dropped row, a swapped pair, a 0.5 change and four changed cities', () => {
    // Hand-planted: target drops id 8 and adds id 9; names of 1 and 2 swapped; amount of 3 is 30.5 (not 30); city of 4–7 is X<id>.
    const shifted = `CREATE OR REPLACE TABLE shift_src AS SELECT id, 'n' || id AS name, (id * 10)::DOUBLE AS amount, 'c' || id AS city FROM range(1, 9) r(id);
      CREATE OR REPLACE TABLE shift_tgt AS
        SELECT id,
          CASE id WHEN 1 THEN 'n2' WHEN 2 THEN 'n1' ELSE name END AS name,
          CASE id WHEN 3 THEN amount + 0.5 ELSE amount END AS amount,
          CASE WHEN id BETWEEN 4 AND 7 THEN 'X' || id ELSE city END AS city
        FROM shift_src WHERE id <> 8
        UNION ALL SELECT 9, 'n9', 90.0, 'c9';`;
    const shiftSpec = { source: 'shift_src', target: 'shift_tgt', key: ['id'] };
    beforeAll(async () => {
      await engine.exec(shifted);
    });

    it('counts the planted mismatches; a swap keeps the checksum, changed values do not', async () => {
      const result = await reconcile(engine, shiftSpec);
      expect(result.matchedRows).toBe(7);
      expect(result.source.only.rows).toBe(1);
      expect(result.target.only.rows).toBe(1);
      expect(result.columns.map((c) => [c.source, c.mismatches, columnAgreement(c)])).toEqual([
        ['name', 2, 'differ-checksum-equal'],
        ['amount', 1, 'differ-checksum-different'],
        ['city', 4, 'differ-checksum-different'],
      ]);
    });

    it('gives checksums equal for every column when the only difference is a dropped row', async () => {
      await engine.exec('CREATE OR REPLACE TABLE dropped AS SELECT * FROM shift_src WHERE id <> 5');
      const result = await reconcile(engine, { ...shiftSpec, target: 'dropped' });
      expect(result.source.only.rows).toBe(1);
      expect(result.columns.map((c) => [c.mismatches, c.checksum.equal])).toEqual([
        [0, true],
        [0, true],
        [0, true],
      ]);
    });

    it('gives the maximum difference of numeric columns only', async () => {
      const result = await reconcile(engine, shiftSpec);
      expect(result.columns.map((c) => c.maxDifference)).toEqual([undefined, 0.5, undefined]);
      const tolerated = await reconcile(engine, { ...shiftSpec, tolerance: { numericAbsolute: 0.5 } });
      // the tolerance hides the mismatch, not the difference
      expect(tolerated.columns[1]).toMatchObject({ mismatches: 0, maxDifference: 0.5 });
    });

    it('exports every differing cell, more than the 5 samples, and every row only on one side', async () => {
      const lines = async (listing: ReconcileExport) =>
        new TextDecoder()
          .decode(await exportReconciliation(engine, shiftSpec, listing))
          .trimEnd()
          .split('\r\n');
      expect(await lines('mismatches')).toEqual([
        'id,column,source_value,target_value',
        '1,name,n1,n2',
        '2,name,n2,n1',
        '3,amount,30.0,30.5',
        '4,city,c4,X4',
        '5,city,c5,X5',
        '6,city,c6,X6',
        '7,city,c7,X7',
      ]);
      expect(await lines('onlyInSource')).toEqual(['id,name,amount,city', '8,n8,80,c8']);
      expect(await lines('onlyInTarget')).toEqual(['id,name,amount,city', '9,n9,90,c9']);
    });
  });

  it('joins on a composite key', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE a AS SELECT * FROM (VALUES ('x', 1, 'p'), ('x', 2, 'q'), ('y', 1, 'r')) t(k1, k2, v);
      CREATE OR REPLACE TABLE b AS SELECT * FROM (VALUES ('x', 1, 'p'), ('x', 2, 'Q'), ('y', 2, 'r')) t(k1, k2, v);`);
    const result = await reconcile(engine, { source: 'a', target: 'b', key: ['k1', 'k2'] });
    expect(result.matchedRows).toBe(2);
    expect(result.columns[0]!.samples).toEqual([{ key: { k1: 'x', k2: '2' }, source: 'q', target: 'Q' }]);
    expect(result.source.only.samples).toEqual([{ k1: 'y', k2: 1, v: 'r' }]);
  });
});

describe('reconcileSql', () => {
  it('compiles the summary query', () => {
    const sql = reconcileSql({
      source: 'crm',
      target: 'migrated',
      key: ['id'],
      compare: ['email', 'amount'],
      numeric: ['amount'],
      tolerance: { numericAbsolute: 1, ignoreCase: true },
    });
    expect(sql.summary).toMatchSnapshot();
    expect(sql.allMismatches).toMatchSnapshot();
  });
});
