import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { profileSql, profileTable, type TableProfile } from './profile.ts';
import { queryRows } from '../engine/plain-rows.ts';

const setup = `
CREATE OR REPLACE TABLE people AS SELECT * FROM (VALUES
  (1, 'a@example.com',   '03-1234-5678',   '100-0005',  '2024-01-02',     10.0, DATE '2024-01-01', 'x'),
  (2, 'B@Example.co.jp', '０９０１２３４５６７８', '〒１００－０００５', '2024/01/02', 20.0, DATE '2024-01-05', 'x'),
  (3, ' a@example.com',  '+81 3 1234 5678', '1000005',   '01/02/2024',     30.0, DATE '2024-01-09', 'y'),
  (4, 'not-an-email',    '12345',           '100-00',    '2024年1月2日',    40.0, DATE '2024-01-13', 'y'),
  (5, NULL,              '(03)1234-5678',   NULL,        '令和6年1月2日',   50.0, NULL,              'y'),
  (6, '',                '',                '〒 530-0001', '平成31年4月30日', 60.0, DATE '2024-01-21', 'ã“ã‚“'),
  (7, '   ',             NULL,              'abc',       '2024/13/01',     70.0, DATE '2024-01-25', '縺薙ｓ縺ｫ'),
  (8, 'c@example.com',   '0312345678',      '1000005',   '令和元年5月1日',  NULL, DATE '2024-01-29', 'z\uFFFD')
) t(id, email, phone, postal, joined, amount, seen, note);
CREATE OR REPLACE TABLE dupes AS SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, 'b'), (2, 'b'), (3, 'c'), (3, 'd'), (NULL, 'e')) t(k, v);`;

describe.each(engineFactories)('profile on $name', ({ create }) => {
  let engine: Engine;
  let profile: TableProfile;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(setup);
    profile = await profileTable(engine, 'people');
  });
  afterAll(async () => {
    await engine.close();
  });
  const column = (name: string) => profile.columns.find((c) => c.name === name)!;

  it('counts rows, nulls, blanks and distinct values', () => {
    expect(profile.rowCount).toBe(8);
    const email = column('email');
    expect(email.nulls).toBe(1);
    expect(email.nullRate).toBeCloseTo(1 / 8);
    expect(email.blanks).toBe(2);
    expect(email.distinct).toBe(7);
    expect(column('note').distinct).toBe(5);
    expect(column('note').top.slice(0, 2)).toEqual([
      { value: 'y', count: 3 },
      { value: 'x', count: 2 },
    ]);
    expect(column('note').top).toHaveLength(5);
    expect(column('note').values).toHaveLength(5);
    expect(column('id').values).toHaveLength(8);
  });

  it('finds candidate keys and duplicate rows', async () => {
    expect(profile.candidateKeys).toEqual(['id', 'joined']);
    expect(profile.duplicateRows).toBe(0);
    const dupes = await profileTable(engine, 'dupes', { key: ['k'] });
    expect(dupes.duplicateRows).toBe(3);
    expect(dupes.duplicateRowGroups).toBe(2);
    expect(dupes.candidateKeys).toEqual([]);
    expect(dupes.duplicateKeys).toEqual({ key: ['k'], duplicateKeys: 3, duplicateKeyRows: 7, nullKeyRows: 1 });
  });

  it('rates e-mail, phone, postal code and date patterns over non-blank values', () => {
    expect(column('email').patterns.email).toEqual({ matches: 3, rate: 3 / 5 });
    // 03-1234-5678, full-width mobile, +81…, (03)1234-5678, 0312345678 — not 12345
    expect(column('phone').patterns.phone).toEqual({ matches: 5, rate: 5 / 6 });
    // 100-0005, 〒１００－０００５, 1000005, 〒 530-0001, 1000005 — not 100-00, abc
    expect(column('postal').patterns.postalCode).toEqual({ matches: 5, rate: 5 / 7 });
    // every form but 2024/13/01
    expect(column('joined').patterns.date).toEqual({ matches: 7, rate: 7 / 8 });
    expect(column('seen').patterns.date).toEqual({ matches: 7, rate: 1 });
  });

  it('infers types of text columns', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE texts AS SELECT * FROM (VALUES ('1', '1.5', '2024-01-01', 'a'), ('2', '2', '2024/02/01', 'b'), (' 3 ', '-3e2', '令和6年1月2日', 'c'), (NULL, NULL, NULL, NULL)) t(i, d, dt, s)`,
    );
    const texts = await profileTable(engine, 'texts');
    expect(texts.columns.map((c) => c.inferredType)).toEqual(['integer', 'decimal', 'date', 'text']);
    expect(column('joined').inferredType).toBe('text');
    expect(column('id').inferredType).toBe('integer');
    expect(column('amount').inferredType).toBe('decimal');
    expect(column('seen').inferredType).toBe('date');
  });

  it('counts blanks and numbers the way trim and TRY_CAST do, whatever the first character', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE edge AS SELECT * FROM (VALUES
      ('　', ' 12 ', chr(9) || '3.5', '２'), (chr(9) || ' ', '+7', 'inf', '１'), ('', '-3', '-1e3', '3'), (' ', '8', '+.5', '4'), ('x', '9', chr(10) || '7', '5')) t(b, i, d, w)`);
    const edge = (await profileTable(engine, 'edge')).columns;
    expect(edge[0]!.blanks).toBe(4);
    expect(edge.slice(1).map((c) => [c.inferredType, c.inferredTypeRate])).toEqual([
      ['integer', 1],
      ['decimal', 1],
      // full-width digits are neither integers nor numbers to DuckDB
      ['text', 1],
    ]);
  });

  it('gives a decimal text column numeric min and max, exact quantiles, std, IQR and skewness (hand-computed)', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE amounts AS SELECT * FROM (VALUES ('999.9', 1), ('8684.8', 2), ('12.5', 3), (' 100 ', 4), ('28.87', 100)) t(text_amount, n)`,
    );
    const [text, n] = (await profileTable(engine, 'amounts')).columns;
    expect(text!.inferredType).toBe('decimal');
    // In text order "999.9" is the largest and "100" the smallest.
    expect(text!.max).toBe(8684.8);
    expect(text!.min).toBe(12.5);
    expect(text!.quantiles!.p50).toBe(100);
    expect(text!.quantileMethod).toBe('exact');
    // n = 1, 2, 3, 4, 100: mean 22, sample sd √(7610/4), quartiles 2 and 4 (linear, as pandas), skewness 2.2324 (pandas' skew()).
    expect(n!.mean).toBe(22);
    expect(n!.std).toBeCloseTo(43.617657, 5);
    const expected = { p05: 1.2, p25: 2, p50: 3, p75: 4, p95: 80.8 };
    for (const [level, value] of Object.entries(expected))
      expect(n!.quantiles![level as keyof typeof expected], level).toBeCloseTo(value, 9);
    expect(n!.iqr).toBe(2);
    expect(n!.skewness).toBeCloseTo(2.232396, 5);
    expect(n!.quantileMethod).toBe('exact');
  });

  it('says when quantiles are approximate (tables too large to sort every column of)', async () => {
    const [n] = (await profileTable(engine, 'amounts', { exactQuantileValues: 1 })).columns.slice(1);
    expect(n!.quantileMethod).toBe('approximate');
    expect(n!.std).toBeCloseTo(43.617657, 5);
    expect(column('joined').quantileMethod).toBeNull();
    expect(column('seen').quantileMethod).toBe('exact');
  });

  it('cuts long values to 200 characters in top values and min/max, but measures their full length', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE long AS SELECT repeat('x', 5000) AS v UNION ALL SELECT 'short'`);
    const long = (await profileTable(engine, 'long')).columns[0]!;
    expect(long.length).toEqual({ min: 5, avg: 2502.5, max: 5000 });
    expect(long.top.map((t) => [...t.value].length).sort()).toEqual([200, 5]);
    expect(long.max).toBe(`${'x'.repeat(199)}…`);
    expect(long.min).toBe('short');
  });

  it('gives min, max, quantiles, lengths and a histogram', () => {
    const amount = column('amount');
    expect(amount.min).toBe(10);
    expect(amount.max).toBe(70);
    expect(amount.mean).toBeCloseTo(40);
    expect(amount.quantiles!.p50).toBeCloseTo(40, -1);
    expect(amount.histogram!.map((b) => b.count)).toEqual([1, 1, 0, 1, 0, 1, 1, 0, 1, 1]);
    expect(amount.histogram![0]).toEqual({ lower: 10, upper: 16, count: 1 });
    expect(amount.histogram![9]!.upper).toBe(70);
    const seen = column('seen');
    expect(seen.min).toBe('2024-01-01');
    expect(seen.max).toBe('2024-01-29');
    expect(typeof seen.quantiles!.p50).toBe('string');
    expect(column('note').length).toEqual({ min: 1, avg: 17 / 8, max: 5 });
  });

  it('counts mojibake per column', () => {
    expect(column('note').mojibake).toBe(3);
    expect(column('email').mojibake).toBe(0);
    expect(column('postal').mojibake).toBe(0);
  });

  it('profiles an empty table and a table without text', async () => {
    await engine.exec('CREATE OR REPLACE TABLE nothing (a VARCHAR, b INTEGER)');
    const empty = await profileTable(engine, 'nothing');
    expect(empty.rowCount).toBe(0);
    expect(empty.columns.map((c) => [c.inferredType, c.distinct, c.histogram])).toEqual([
      ['empty', 0, null],
      ['empty', 0, null],
    ]);
    expect(empty.candidateKeys).toEqual([]);
    await engine.exec('CREATE OR REPLACE TABLE numbers AS SELECT range AS a, range * 0.5 AS b FROM range(4)');
    const numbers = await profileTable(engine, 'numbers');
    expect(numbers.columns.map((c) => [c.name, c.distinct, c.min, c.max])).toEqual([
      ['a', 4, 0, 3],
      ['b', 4, 0, 1.5],
    ]);
  });

  it('matches the values query with a reference GROUP BY', async () => {
    const reference = await queryRows(engine, `SELECT note AS v, count(*) AS n FROM people GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`);
    expect(column('note').top).toEqual(reference.map((r) => ({ value: r.v, count: r.n })));
  });
});

describe('profileSql', () => {
  it('compiles the summary pass, the per-value text metrics and the duplicate-row check', () => {
    const sql = profileSql('orders', [
      { name: 'amount', type: 'DOUBLE' },
      { name: 'status', type: 'VARCHAR' },
    ]);
    expect(sql.summary).toMatchSnapshot();
    expect(sql.values).toMatchSnapshot();
    expect(sql.duplicateRows).toMatchSnapshot();
  });
});
