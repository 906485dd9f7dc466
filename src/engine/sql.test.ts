import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from './engine.ts';
import { queryRows } from './plain-rows.ts';
import { ident, list, quoteIdent, quoteLiteral, raw, sql } from './sql.ts';

const hostile = [
  "O'Brien",
  "'; DROP TABLE victims; --",
  "''",
  '\\',
  "\\'; SELECT 1; --",
  'a\0b',
  '\0',
  'line one\nline two\r\n',
  '-- not a comment',
  '/* not a comment */',
  ';',
  '"double"',
  '$1 ? $$dollar$$',
  '名前 🙂 é',
  '',
];

describe('the sql tag as text', () => {
  it('writes values as typed literals and fragments as SQL', () => {
    expect(String(sql`SELECT ${"it's"}, ${42}, ${-1.5}, ${true}, ${null}, ${undefined}, ${10n}`)).toBe(
      "SELECT 'it''s', 42, (-1.5), TRUE, NULL, NULL, 10",
    );
    expect(String(sql`SELECT * FROM ${ident('my "table"')} WHERE x IN (${['a', 1]}) ${raw('ORDER BY 1')}`)).toBe(
      `SELECT * FROM "my ""table""" WHERE x IN ('a', 1) ORDER BY 1`,
    );
    expect(String(sql`SELECT ${new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 7))}`)).toBe("SELECT TIMESTAMP '2024-02-03 04:05:06.007'");
    expect(`WITH a AS (${sql`SELECT ${'x'}`}) SELECT 1`).toBe("WITH a AS (SELECT 'x') SELECT 1");
    expect(String(list([ident('a'), sql`${'b'} AS c`]))).toBe(`"a", 'b' AS c`);
  });

  it('keeps a negative number from closing into a comment', () => {
    expect(String(sql`SELECT 1 -${-5}`)).toBe('SELECT 1 -(-5)');
  });

  it('refuses values it cannot write', () => {
    expect(() => String(sql`SELECT ${Number.NaN}`)).toThrow(TypeError);
    expect(() => String(sql`SELECT ${Infinity}`)).toThrow(TypeError);
    expect(() => String(sql`SELECT ${new Date('nonsense')}`)).toThrow(TypeError);
    expect(() => String(sql`SELECT ${{} as unknown as string}`)).toThrow(TypeError);
    expect(() => sql`SELECT ${Number.NaN}`.bound()).toThrow(TypeError);
  });

  it('binds strings as parameters, keeps other values literal, and nests fragments in order', () => {
    const inner = sql`${ident('b')} = ${'two'}`;
    expect(sql`SELECT * FROM t WHERE a = ${'one'} AND ${inner} AND c IN (${[3, null]})`.bound()).toEqual([
      'SELECT * FROM t WHERE a = ? AND "b" = ? AND c IN (3, NULL)',
      ['one', 'two'],
    ]);
  });
});

for (const factory of engineFactories) {
  describe(`the sql tag on ${factory.name} DuckDB`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      await engine.exec('CREATE TABLE victims AS SELECT 1 AS id');
    });
    afterAll(() => engine.close());

    const victimsRemain = async () => expect(await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM victims')).toEqual([{ n: 1 }]);

    it('round-trips hostile strings written as literals, and runs nothing else', async () => {
      for (const value of hostile) {
        const rows = await queryRows(engine, String(sql`SELECT ${value} AS v, length(${value})::INTEGER AS n`));
        expect(rows, JSON.stringify(value)).toEqual([{ v: value, n: [...value].length }]);
      }
      await victimsRemain();
    });

    it('round-trips hostile strings bound as parameters', async () => {
      for (const value of hostile) {
        const rows = await queryRows(engine, sql`SELECT ${value}::VARCHAR AS v`);
        expect(rows, JSON.stringify(value)).toEqual([{ v: value }]);
      }
      await victimsRemain();
    });

    it('round-trips hostile identifiers as table and column names', async () => {
      for (const name of hostile.filter((name) => name !== '' && !name.includes('\0'))) {
        await engine.exec(String(sql`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${name} AS ${ident(name)}`));
        const rows = await queryRows(engine, String(sql`SELECT ${ident(name)} FROM ${ident(name)}`));
        expect(rows, JSON.stringify(name)).toEqual([{ [name]: name }]);
        const [table] = await queryRows(engine, sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ${name}`);
        expect(table, JSON.stringify(name)).toEqual({ n: 1 });
        await engine.exec(`DROP TABLE ${quoteIdent(name)}`);
      }
      await victimsRemain();
    });

    it('writes numbers, booleans, null and dates that DuckDB reads back as the same values', async () => {
      const [row] = await queryRows(
        engine,
        String(sql`SELECT ${-0.25} AS neg, 3 -${-2} AS diff, ${2 ** 53 - 1} AS big, ${false} AS no, ${null} AS nothing,
          ${new Date(Date.UTC(2024, 0, 31, 23, 59, 58))}::VARCHAR AS stamp, ${quoteLiteral('x')} AS quoted`),
      );
      expect(row).toEqual({ neg: -0.25, diff: 5, big: 2 ** 53 - 1, no: false, nothing: null, stamp: '2024-01-31 23:59:58', quoted: "'x'" });
    });
  });
}
