import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { csvBytes, csvFromArrow, csvFromRows, exportFailingRows, neutralizeFormula } from './csv-export.ts';

describe('neutralizeFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+81 3 1234 5678', `'+81 3 1234 5678`],
    ['-5', `'-5`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ['', ''],
    ['山田', '山田'],
  ])('%j → %j', (input, output) => {
    expect(neutralizeFormula(input)).toBe(output);
  });
});

describe('csvFromRows', () => {
  it('quotes per RFC 4180, neutralises text formulas, leaves numbers alone, CRLF rows', () => {
    const csv = csvFromRows(
      ['name', 'note', 'amount', 'big'],
      [
        ['Bob "B"', 'a,b', -5, -9007199254740993n],
        ['=cmd|"/c calc"!A1', 'two\nlines', 1.5, null],
        [null, '-5', 0, 1n],
      ],
    );
    expect(csv).toBe(
      'name,note,amount,big\r\n"Bob ""B""","a,b",-5,-9007199254740993\r\n"\'=cmd|""/c calc""!A1","two\nlines",1.5,\r\n,\'-5,0,1\r\n',
    );
  });

  it('takes objects keyed by the header, escapes header names too, adds a BOM on request', () => {
    const csv = csvFromRows(['=id', 'x'], [{ '=id': '@1', x: true }], { bom: true, newline: '\n' });
    expect(csv).toBe("\uFEFF'=id,x\n'@1,true\n");
    expect([...csvBytes(csv).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvFromRows(['a'], [['=1']], { neutralizeFormulas: false })).toBe('a\r\n=1\r\n');
  });
});

describe.each(engineFactories)('CSV from Arrow on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
      (1, -5, -5.25::DECIMAL(10,2), '-5', '=1+2', DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', true),
      (2, 7, 0.25::DECIMAL(10,2), '+81', 'plain, text', NULL, NULL, false),
      (3, NULL, -123456789012.34::DECIMAL(18,2), '@x', '"q"', DATE '1999-12-31', NULL, NULL)) v(id, n, d, s, f, day, seen_at, ok)`);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('writes numeric columns as numbers (never escaped) and text columns neutralised', async () => {
    const csv = csvFromArrow(await engine.query('SELECT * FROM t ORDER BY id'));
    expect(csv.split('\r\n')).toEqual([
      'id,n,d,s,f,day,seen_at,ok',
      `1,-5,-5.25,'-5,'=1+2,2024-01-02,2024-01-02 03:04:05,true`,
      `2,7,0.25,'+81,"plain, text",,,false`,
      `3,,-123456789012.34,'@x,"""q""",1999-12-31,,`,
      '',
    ]);
  });

  it('exports every failing row of a rule', async () => {
    await engine.exec(`CREATE TABLE contacts AS SELECT 'C' || i AS id, CASE WHEN i % 3 = 0 THEN '=bad' ELSE 'a' || i || '@example.com' END AS email FROM range(30) r(i)`);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await exportFailingRows(engine, { kind: 'valid_email', table: 'contacts', column: 'email' }, { bom: true }));
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,email');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).every((line) => line.endsWith(",'=bad"))).toBe(true);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
