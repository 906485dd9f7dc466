import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import { tableFromIPC } from 'apache-arrow';
import { exportFailingRows } from '../audit/failing-rows-csv.ts';
import type { Engine } from './engine.ts';
import { encodeCsv } from './csv-encoding.ts';
import { csvCopySql, csvFromArrow, csvFromRows, formulaGuardSql, neutralizeFormula } from './csv-writer.ts';
import { quoteLiteral } from './sql.ts';

/** Text a spreadsheet would run as a formula, or that hides such a start: each must get the leading quote. */
const formulas = [
  '=HYPERLINK("http://evil","x")',
  '=1+1',
  '+81 3 1234 5678',
  '-5',
  '@SUM(A1)',
  '\t=1+1',
  '\tplain',
  '\r=1+1',
  '\rplain',
  ' =1',
  '   @x',
  '\n=1',
  '\r\n+1',
  '\u00A0=1',
  '\u3000=1',
  '\u200B=HYPERLINK("http://x","y")',
  '\uFEFF=1',
  '\u200B \u200C\u200D\u2060=1',
  '\u200E\u202E-1',
  '＝HYPERLINK("http://x","y")',
  '＋1',
  '－1',
  '＠SUM(A1)',
  ' ＝1',
  '\u200B＠x',
  '\uFE66 small equals',
  '=',
  '-',
];
/** Text that only looks close: written as it is. */
const plain = [
  '',
  'a=1',
  '山田',
  'x-y',
  'foo@example.com',
  '1-2',
  ' ',
  '\u200B',
  ' x =1',
  '(=1)',
  "'=1",
  '#=1',
  '−1 (minus sign)',
  '‐1',
  '5',
  '5-',
];

describe('neutralizeFormula', () => {
  it.each(formulas)('quotes %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });
  it.each(plain)('leaves %j', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe.each(engineFactories)('the same rule in SQL on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('agrees with neutralizeFormula on every case, and keeps NULL', async () => {
    const texts = [...formulas, ...plain];
    const sql = `SELECT ${texts.map((text, i) => `${formulaGuardSql(quoteLiteral(text))} AS c${i}`).join(', ')}, ${formulaGuardSql('NULL::VARCHAR')} AS n`;
    const row = tableFromIPC(await engine.query(sql))
      .get(0)!
      .toJSON() as Record<string, string | null>;
    expect(texts.map((_, i) => row[`c${i}`])).toEqual(texts.map(neutralizeFormula));
    expect(row.n).toBeNull();
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
    const csv = csvFromRows(['=id', 'x'], [{ '=id': '@1', x: true }], { newline: '\n' });
    expect(csv).toBe("'=id,x\n'@1,true\n");
    expect([...encodeCsv(csv, 'utf-8-bom').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
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

  it('guards DuckDB COPY the same way (exportQuery, csvCopySql): non-numbers quoted, numbers and times as they are, order kept', async () => {
    const sql = `SELECT id AS "=id", n, d, s, f, day, seen_at, ok, [f] AS list, '－1'::ENUM ('－1', 'x') AS e, ' ＠x' AS spaced FROM t ORDER BY id DESC`;
    const csv = new TextDecoder().decode(await engine.exportQuery(sql, 'csv'));
    expect(csv.trimEnd().split('\n')).toEqual([
      `'=id,n,d,s,f,day,seen_at,ok,list,e,spaced`,
      `3,,-123456789012.34,'@x,"""q""",1999-12-31,,,"['""q""']",'－1,' ＠x`,
      `2,7,0.25,'+81,"plain, text",,,false,"['plain, text']",'－1,' ＠x`,
      `1,-5,-5.25,'-5,'=1+2,2024-01-02,2024-01-02 03:04:05,true,['=1+2'],'－1,' ＠x`,
    ]);
    expect(await csvCopySql((describe) => engine.query(describe), 'SELECT 1 AS a', '/x/y.csv')).toBe(
      `COPY (SELECT kura_csv."a" AS "a" FROM (SELECT 1 AS a) AS kura_csv) TO '/x/y.csv' (FORMAT csv, HEADER true)`,
    );
  });

  it('exports every failing row of a rule', async () => {
    await engine.exec(
      `CREATE TABLE contacts AS SELECT 'C' || i AS id, CASE WHEN i % 3 = 0 THEN '=bad' ELSE 'a' || i || '@example.com' END AS email FROM range(30) r(i)`,
    );
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await exportFailingRows(engine, { kind: 'valid_email', table: 'contacts', column: 'email' }, 'utf-8-bom'),
    );
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,email');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).every((line) => line.endsWith(",'=bad"))).toBe(true);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
