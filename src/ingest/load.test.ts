import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine, Progress } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { cp932, pngBytes, utf16, utf8, xlsx, xlsxOfSheetXml } from './fixtures.test-helpers.ts';
import { withConsistentLineEndings } from './decode.ts';
import { loadFile } from './load.ts';
import { exportParquet } from './parquet.ts';

const jsonSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));

describe.each(engineFactories)('loadFile on $name', ({ name: engineName, create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  const rows = async (sql: string) =>
    tableFromIPC(await engine.query(sql))
      .toArray()
      .map((row) => jsonSafe(row.toJSON()));
  const tables = async () => (await rows(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).map((row) => row.table_name as string);

  it('reads CP932 text with ㈱, ①, 髙, ～, － and half-width kana exactly', async () => {
    const text = '会社名,氏名,フリガナ,備考\r\n㈱髙橋商事,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,①～③\r\n(有)田中工房,田中 健,たなか けん,Ａ－１\r\n';
    const report = await loadFile(engine, { fileName: '名刺.csv', bytes: cp932(text), table: 'jp' });
    expect(report).toMatchObject({ format: 'csv', encoding: 'shift_jis', rows: 2, rejectedCount: 0 });
    expect(report.columns.map((c) => c.name)).toEqual(['会社名', '氏名', 'フリガナ', '備考']);
    expect(await rows('SELECT * FROM jp')).toEqual([
      { 会社名: '㈱髙橋商事', 氏名: '髙橋 一郎', フリガナ: 'ﾀｶﾊｼ ｲﾁﾛｳ', 備考: '①～③' },
      { 会社名: '(有)田中工房', 氏名: '田中 健', フリガナ: 'たなか けん', 備考: 'Ａ－１' },
    ]);
  });

  it.each([
    ['UTF-8 without BOM', utf8('name,city\n山田,東京\nSmith,London\n'), 'utf-8'],
    ['UTF-8 with BOM', utf8('\uFEFFname,city\n山田,東京\nSmith,London\n'), 'utf-8-bom'],
    ['UTF-16LE with BOM', utf16('name,city\r\n山田,東京\r\nSmith,London\r\n', 'le'), 'utf-16le'],
    ['UTF-16BE with BOM', utf16('name,city\r\n山田,東京\r\nSmith,London\r\n', 'be'), 'utf-16be'],
    ['UTF-16LE without BOM', utf16('name,city\r\n山田,東京\r\nSmith,London\r\n', 'le', false), 'utf-16le'],
  ])('reads %s and never leaks a BOM into the first column name', async (_label, bytes, encoding) => {
    const report = await loadFile(engine, { fileName: 'people.csv', bytes, table: 'people' });
    expect(report.encoding).toBe(encoding);
    expect(report.columns.map((c) => c.name)).toEqual(['name', 'city']);
    expect(await rows('SELECT name, city FROM people ORDER BY name')).toEqual([
      { name: 'Smith', city: 'London' },
      { name: '山田', city: '東京' },
    ]);
  });

  it('detects TSV and types columns', async () => {
    const report = await loadFile(engine, { fileName: 'orders.txt', bytes: utf8('id\tamount\tnote\n1\t12.5\ta, b\n2\t7\tc\n') });
    expect(report).toMatchObject({ table: 'orders', format: 'tsv', rows: 2 });
    expect(report.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'note', type: 'VARCHAR' },
    ]);
    expect(await rows('SELECT note FROM orders ORDER BY id')).toEqual([{ note: 'a, b' }, { note: 'c' }]);
  });

  it('keeps good rows of a ragged CSV and reports bad rows with physical line numbers', async () => {
    const text = 'id,name,joined\n1,"multi\nline",2024-01-01\n2,b,2024-01-02\n3,c,2024-01-03,extra\n4,d\n5,e,2024-01-05\n';
    const report = await loadFile(engine, { fileName: 'ragged.csv', bytes: utf8(text) });
    expect(report.rows).toBe(3);
    expect(report.rejectedCount).toBe(2);
    expect(report.rejected.map((r) => r.line)).toEqual([5, 6]);
    expect(report.rejected[0]!.reason).toBe('This row has 4 fields but the header has 3.');
    expect(report.rejected[1]!.reason).toBe('This row has 2 fields but the header has 3.');
    expect(report.rejected.map(({ code, values }) => ({ code, values }))).toEqual([
      { code: 'fieldCount', values: { fields: 4, expected: 3 } },
      { code: 'fieldCount', values: { fields: 2, expected: 3 } },
    ]);
    expect(report.rejected[0]!.text).toBe('3,c,2024-01-03,extra');
    expect(await rows('SELECT id, name FROM ragged ORDER BY id')).toEqual([
      { id: 1, name: 'multi\nline' },
      { id: 2, name: 'b' },
      { id: 5, name: 'e' },
    ]);
  });

  it('loads a file whose rows end some in CRLF and some in LF, reporting rejected rows at their true lines', async () => {
    const text =
      'id,name,joined\r\n1,a,2024-01-01\n2,"multi\r\nline",2024-01-02\r\n3,c,2024-01-03\n4,d,2024-01-04,extra\r\n5,e,2024-01-05\n';
    const report = await loadFile(engine, { fileName: 'appended.csv', bytes: utf8(text) });
    expect(report).toMatchObject({ rows: 4, rejectedCount: 1 });
    expect(report.rejected.map((r) => [r.line, r.text])).toEqual([[6, '4,d,2024-01-04,extra']]);
    expect(await rows('SELECT id, name FROM appended ORDER BY id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'multi\nline' },
      { id: 3, name: 'c' },
      { id: 5, name: 'e' },
    ]);
  });

  it('loads what precedes an unclosed quote and reports the rest', async () => {
    const text = 'id,name\n1,a\n2,"b\n3,c\n';
    const report = await loadFile(engine, { fileName: 'unclosed.csv', bytes: utf8(text) });
    expect(report.rows).toBe(1);
    expect(report.rejectedCount).toBe(1);
    expect(report.rejected[0]).toMatchObject({ line: 3 });
    expect(report.rejected[0]!.reason).toMatch(/quote/);
  });

  it('loads a 5 MB cell, and refuses a 40 MB line with one sentence instead of running out of memory', async () => {
    const big = await loadFile(engine, { fileName: 'big.csv', bytes: utf8(`id,blob\n1,${'x'.repeat(5 * 1024 * 1024)}\n2,y\n`) });
    expect(big).toMatchObject({ rows: 2, rejectedCount: 0 });
    const huge = loadFile(engine, { fileName: 'huge.csv', bytes: utf8(`id,blob\n1,${'x'.repeat(40 * 1024 * 1024)}\n`) });
    await expect(huge).rejects.toThrow(
      'A line of this file is 40 MB long, more than Kura reads as one row (32 MB); check that it is a CSV or TSV file with one record per line.',
    );
  });

  it('keeps a value the type sniffer did not foresee instead of rejecting its row', async () => {
    const lines = ['id,joined', ...Array.from({ length: 30_000 }, (_, i) => `${i},2024-01-01`), '30000,not a date'];
    const report = await loadFile(engine, { fileName: 'late.csv', bytes: utf8(lines.join('\n') + '\n') });
    expect(report).toMatchObject({ rows: 30_001, rejectedCount: 0 });
    expect(await rows(`SELECT joined FROM late WHERE id = 30000`)).toEqual([{ joined: 'not a date' }]);
  });

  it('keeps the header when it has fewer names than the rows have fields, and cleans names', async () => {
    const text = ' id ,,Email,email\n1,x,a@example.com,b@example.com,extra\n2,y,c@example.com,d@example.com,more\n';
    const report = await loadFile(engine, { fileName: 'names.csv', bytes: utf8(text) });
    expect(report.columns.map((c) => c.name)).toEqual(['id', 'column_2', 'Email', 'email_2', 'column_5']);
    expect(report.rows).toBe(2);
  });

  it.each([
    ['a header-only file', 'id,name\n', 0, ['id', 'name']],
    ['a single column', 'email\na@example.com\nb@example.com\n', 2, ['email']],
    ['semicolons and a header wider than the rows', "id;name;it's\n1;a\n2;b\n", 2, ['id', 'name', "it's"]],
    ['no final newline', 'id,name\n1,a\n2,b', 2, ['id', 'name']],
  ])('reads %s', async (_label, text, count, names) => {
    const report = await loadFile(engine, { fileName: 'shape.csv', bytes: utf8(text) });
    expect(report.rows).toBe(count);
    expect(report.rejectedCount).toBe(0);
    expect(report.columns.map((c) => c.name)).toEqual(names);
  });

  it('reads the chosen sheet of an XLSX workbook and lists the sheets', async () => {
    const bytes = xlsx({
      顧客: [
        ['会社名', '売上', '有効'],
        ['㈱髙橋商事', 1200, true],
        ['Acme', 99.5, false],
      ],
      Orders: [
        ['order_id', 'qty'],
        ['ORD-1', 3],
        ['ORD-2', 4],
      ],
    });
    const first = await loadFile(engine, { fileName: 'book.xlsx', bytes });
    expect(first).toMatchObject({ table: 'book', format: 'xlsx', sheet: '顧客', sheets: ['顧客', 'Orders'], rows: 2 });
    expect(await rows('SELECT * FROM book ORDER BY 売上')).toEqual([
      { 会社名: 'Acme', 売上: 99.5, 有効: false },
      { 会社名: '㈱髙橋商事', 売上: 1200, 有効: true },
    ]);
    const second = await loadFile(engine, { fileName: 'book.xlsx', bytes, sheet: 'Orders', table: 'book_orders' });
    expect(second.columns).toEqual([
      { name: 'order_id', type: 'VARCHAR' },
      { name: 'qty', type: 'BIGINT' },
    ]);
    await expect(loadFile(engine, { fileName: 'book.xlsx', bytes, sheet: 'Nope' })).rejects.toThrow(/no sheet named "Nope"/);
  });

  it('sizes an XLSX sheet by its content, not by where its cells claim to be', async () => {
    const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
    // One value in the last cell Excel has, and a dimension claiming the whole sheet: 1.5 KB that once asked for 17 billion cells.
    const far = xlsxOfSheetXml({
      Far: `<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">${text('XFD1048576', 'far')}</row></sheetData>`,
    });
    expect(far.length).toBeLessThan(2000);
    const corner = await loadFile(engine, { fileName: 'far.xlsx', bytes: far });
    expect(corner.rows).toBe(0);
    expect(corner.columns).toHaveLength(16_384);
    expect(corner.columns.at(-1)!.name).toBe('far');
    // The first row and the last row Excel has, nothing between: one header and one record.
    const sparse = xlsxOfSheetXml({
      Sparse: `<dimension ref="A1:B1048576"/><sheetData><row r="1">${text('A1', 'id')}${text('B1', 'name')}</row><row r="1048576"><c r="A1048576"><v>7</v></c>${text('B1048576', 'last')}</row></sheetData>`,
    });
    const ends = await loadFile(engine, { fileName: 'sparse.xlsx', bytes: sparse });
    expect(ends).toMatchObject({ rows: 1, columns: [{ name: 'id' }, { name: 'name' }] });
    expect(await rows('SELECT * FROM sparse')).toEqual([{ id: 7, name: 'last' }]);
    // Empty and styled-but-empty rows between records are not records.
    const gaps = xlsxOfSheetXml({
      Gaps: `<sheetData><row r="2">${text('A2', 'id')}</row><row r="3"><c r="A3" s="1"/></row><row r="5"><c r="A5"><v>1</v></c></row><row r="900000"><c r="A900000"><v>2</v></c></row></sheetData>`,
    });
    expect(await loadFile(engine, { fileName: 'gaps.xlsx', bytes: gaps })).toMatchObject({ rows: 2, columns: [{ name: 'id' }] });
  });

  it('refuses in one sentence an XLSX sheet whose content itself is too large to hold', async () => {
    const rowsXml = Array.from(
      { length: 2_100 },
      (_, index) => `<row r="${index + 1}"><c r="A${index + 1}"><v>1</v></c><c r="XFD${index + 1}"><v>2</v></c></row>`,
    ).join('');
    const wide = xlsxOfSheetXml({ Wide: `<sheetData>${rowsXml}</sheetData>` });
    await expect(loadFile(engine, { fileName: 'wide.xlsx', bytes: wide })).rejects.toMatchObject({
      message:
        'The sheet "Wide" holds values across 2100 rows and 16384 columns, more than Kura reads from Excel (33,554,432 cells); save it as CSV and load that.',
      kind: 'unreadable-file',
    });
    expect(await rows("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'wide'")).toEqual([{ n: 0 }]);
  });

  it('round-trips a query through Parquet, written by DuckDB where it can and by parquet-wasm in the browser', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE src AS SELECT * FROM (VALUES
      (1, '㈱髙橋商事', 12.5, true, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:20:30'),
      (2, NULL, NULL, NULL, NULL, NULL)) t(" id", company, amount, active, day, seen_at)`);
    const sql = 'SELECT * FROM src ORDER BY " id"';
    const bytes = engineName === 'native' ? await engine.exportQuery(sql, 'parquet') : await exportParquet(engine, sql);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('PAR1');
    const report = await loadFile(engine, { fileName: 'src.parquet', bytes, table: 'src_back' });
    expect(report).toMatchObject({ format: 'parquet', rows: 2 });
    expect(report.columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'company', type: 'VARCHAR' },
      { name: 'amount', type: 'DECIMAL(3,1)' },
      { name: 'active', type: 'BOOLEAN' },
      { name: 'day', type: 'DATE' },
      { name: 'seen_at', type: 'TIMESTAMP' },
    ]);
    expect(
      await rows(
        `SELECT id, company, amount::DOUBLE AS amount, active, CAST(day AS VARCHAR) AS day, CAST(seen_at AS VARCHAR) AS seen_at FROM src_back ORDER BY id`,
      ),
    ).toEqual([
      { id: 1, company: '㈱髙橋商事', amount: 12.5, active: true, day: '2024-03-01', seen_at: '2024-03-01 10:20:30' },
      { id: 2, company: null, amount: null, active: null, day: null, seen_at: null },
    ]);
  });

  it('writes types Parquet has no place for as text, and reads nested Parquet columns as JSON text', async () => {
    // The browser's writer; native DuckDB writes Parquet itself (COPY), and its Arrow results are not what DuckDB-WASM gives.
    if (engineName === 'native') return;
    await engine.exec(`CREATE OR REPLACE TABLE odd AS SELECT * FROM (VALUES
      (1::HUGEINT, INTERVAL 3 DAY, 'b'::ENUM('a', 'b'), [1, 2], {'city': '大阪'}, 2::UBIGINT),
      (NULL, NULL, NULL, NULL, NULL, NULL)) t(" Big Id", gap, grade, tags, address, "count")`);
    const bytes = await exportParquet(engine, 'SELECT * FROM odd ORDER BY " Big Id" NULLS LAST');
    const report = await loadFile(engine, { fileName: 'odd.parquet', bytes, table: 'odd_back' });
    expect(report.columns).toEqual([
      { name: 'Big Id', type: 'DECIMAL(38,0)' },
      { name: 'gap', type: 'VARCHAR' },
      { name: 'grade', type: 'VARCHAR' },
      { name: 'tags', type: 'VARCHAR' },
      { name: 'address', type: 'VARCHAR' },
      { name: 'count', type: 'UBIGINT' },
    ]);
    expect(
      await rows('SELECT "Big Id"::INTEGER AS big_id, gap, grade, tags, address, "count"::INTEGER AS n FROM odd_back ORDER BY 1'),
    ).toEqual([
      { big_id: 1, gap: '3 days', grade: 'b', tags: '[1, 2]', address: "{'city': 大阪}", n: 2 },
      { big_id: null, gap: null, grade: null, tags: null, address: null, n: null },
    ]);
  });

  it('reads a JSON array of objects, nested values as JSON text, mixed types as text', async () => {
    const json = JSON.stringify({
      contacts: [
        { id: 1, name: '山田', tags: ['vip'], score: 1 },
        { id: 2, name: 'Smith', address: { city: 'London' }, score: 'n/a' },
      ],
    });
    const report = await loadFile(engine, { fileName: 'contacts.json', bytes: utf8(json) });
    expect(report).toMatchObject({ format: 'json', rows: 2, rejectedCount: 0 });
    expect(report.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'tags', type: 'VARCHAR' },
      { name: 'score', type: 'VARCHAR' },
      { name: 'address', type: 'VARCHAR' },
    ]);
    expect(await rows('SELECT * FROM contacts ORDER BY id')).toEqual([
      { id: 1, name: '山田', tags: '["vip"]', score: '1', address: null },
      { id: 2, name: 'Smith', tags: null, score: 'n/a', address: '{"city":"London"}' },
    ]);
  });

  it('loads NDJSON and reports a bad line by its number', async () => {
    const text = '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n{"id":3,"name":\n\n{"id":4,"name":"d"}\n';
    const report = await loadFile(engine, { fileName: 'events.ndjson', bytes: utf8(text) });
    expect(report).toMatchObject({ format: 'ndjson', rows: 3, rejectedCount: 1 });
    expect(report.rejected).toEqual([{ line: 3, reason: 'This line is not valid JSON.', code: 'jsonInvalid', text: '{"id":3,"name":' }]);
  });

  it.each([
    ['an empty file', 'empty.csv', new Uint8Array(0), /empty/],
    ['a PNG named .csv', 'photo.csv', pngBytes, /PNG picture/],
    ['broken JSON', 'broken.json', utf8('[{"id": 1}, {"id": '), /JSON file is broken/],
    ['an old .xls workbook', 'old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /old Excel \.xls/],
    [
      'binary bytes named .csv',
      'data.csv',
      Uint8Array.from([0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x04, 0x00, 0x00, 0x05, 0x06]),
      /binary data/,
    ],
    ['a broken XLSX', 'broken.xlsx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), /damaged/],
  ])('refuses %s with one plain sentence and leaves nothing behind', async (_label, fileName, bytes, message) => {
    const before = await tables();
    const error = await loadFile(engine, { fileName, bytes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KuraError);
    expect((error as KuraError).kind).toBe('unreadable-file');
    expect((error as KuraError).message).toMatch(message);
    expect((error as KuraError).message.split(/[.;] /).length).toBeLessThanOrEqual(2);
    expect(await tables()).toEqual(before);
  });

  it('keeps the existing table when a reload fails, and replaces it when a reload succeeds', async () => {
    await loadFile(engine, { fileName: 'keep.csv', bytes: utf8('a\n1\n2\n') });
    await expect(loadFile(engine, { fileName: 'keep.json', bytes: utf8('[{') })).rejects.toThrow(KuraError);
    expect(await rows('SELECT count(*) AS n FROM keep')).toEqual([{ n: 2 }]);
    await loadFile(engine, { fileName: 'keep.csv', bytes: utf8('a,b\n1,x\n') });
    expect(await rows('SELECT * FROM keep')).toEqual([{ a: 1, b: 'x' }]);
  });

  it('stops when cancelled, reports progress phases, and leaves nothing behind', async () => {
    const before = await tables();
    const controller = new AbortController();
    const phases: string[] = [];
    const load = loadFile(engine, {
      fileName: 'cancel.csv',
      bytes: utf8('a\n1\n'),
      signal: controller.signal,
      onProgress: (progress) => {
        phases.push(progress.phase);
        if (progress.phase === 'progress.decoding') controller.abort();
      },
    });
    await expect(load).rejects.toMatchObject({ kind: 'cancelled' });
    expect(phases).toEqual(['progress.reading', 'progress.decoding']);
    expect(await tables()).toEqual(before);

    const done: Progress[] = [];
    await loadFile(engine, { fileName: 'progress.csv', bytes: utf8('a\n1\n'), onProgress: (p) => done.push(p) });
    expect(done.map((p) => p.phase)).toEqual(['progress.reading', 'progress.decoding', 'progress.loading', 'progress.loading']);
    // Once the table is replaced a Cancel can undo nothing: the last report says so, and only it.
    expect(done.map((p) => p.cancellable)).toEqual([undefined, undefined, undefined, false]);
  });

  it('ignores a Cancel once the table is replaced: the load reports its rows and the new table stays', async () => {
    const controller = new AbortController();
    const report = await loadFile(engine, {
      fileName: 'after_replace.csv',
      bytes: utf8('a\n7\n8\n'),
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.cancellable === false) controller.abort();
      },
    });
    expect(report.rows).toBe(2);
    expect(await rows('SELECT a FROM after_replace ORDER BY a')).toEqual([{ a: 7 }, { a: 8 }]);
  });

  it('honours a Cancel pressed after the rows are in, before the table is replaced: the earlier table stays', async () => {
    await loadFile(engine, { fileName: 'late_cancel.csv', bytes: utf8('a\n1\n2\n') });
    const controller = new AbortController();
    // The Cancel comes while the loaded rows are checked for time zones, after the last query a Cancel would stop.
    const late = new Proxy(engine, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'query' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (sql: string, params?: unknown) => {
          const result = await (value as Engine['query']).call(target, sql, params as never);
          if (sql.includes("column_type = 'TIMESTAMP WITH TIME ZONE'")) controller.abort();
          return result;
        };
      },
    });
    const load = loadFile(late, { fileName: 'late_cancel.csv', bytes: utf8('a\n7\n8\n9\n'), signal: controller.signal });
    await expect(load).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await rows('SELECT a FROM late_cancel ORDER BY a')).toEqual([{ a: 1 }, { a: 2 }]);
    expect((await tables()).filter((table) => table.startsWith('_kura_staging'))).toEqual([]);
  });
});

describe.each(engineFactories)('time zones on $name DuckDB', ({ create }) => {
  it('stores ISO timestamps with a zone as UTC timestamps that cast to dates on every engine', async () => {
    const engine = await create();
    const csv = 'Id,CreatedDate\n1,2024-03-31T23:30:00.000Z\n2,2024-04-01T09:00:00.000+09:00\n';
    const report = await loadFile(engine, { fileName: 'sf.csv', bytes: new TextEncoder().encode(csv) });
    expect(report.columns.find((c) => c.name === 'CreatedDate')?.type).toBe('TIMESTAMP');
    const days = tableFromIPC(await engine.query('select CreatedDate::date::varchar as d from sf order by Id'))
      .toArray()
      .map((r) => r.d);
    expect(days).toEqual(['2024-03-31', '2024-04-01']);
    await engine.close();
  });
});

describe('withConsistentLineEndings', () => {
  it('drops the CR of each CRLF only when the text also has bare LFs, keeping the line count', () => {
    const mixed = utf8('a,b\r\n1,2\n3,4\r\n');
    expect(new TextDecoder().decode(withConsistentLineEndings(mixed))).toBe('a,b\n1,2\n3,4\n');
    const crlf = utf8('a,b\r\n1,"x\ry"\r\n');
    expect(withConsistentLineEndings(crlf)).toBe(crlf);
    const lf = utf8('a,b\n1,2');
    expect(withConsistentLineEndings(lf)).toBe(lf);
    expect(new TextDecoder().decode(withConsistentLineEndings(utf8('\r\n\nlast\r')))).toBe('\n\nlast\r');
  });
});

describe('encoding detection of large files', () => {
  it('detects UTF-8 from a prefix even when the prefix ends inside a character, and CP932 likewise', async () => {
    const { detectEncoding } = await import('./decode.ts');
    const line = 'id,n\n' + '1,髙橋 ㈱テスト\n'.repeat(700_000); // 8 MiB falls inside 髙
    expect(detectEncoding(utf8(line))).toBe('utf-8');
    expect(detectEncoding(cp932(line))).toBe('shift_jis');
  });
});

describe('rejected-row line numbers when the engine takes the bytes', () => {
  it('still reports physical lines after the registered buffer is detached', async () => {
    const engine = await engineFactories[0]!.create();
    const registerFile = engine.registerFile.bind(engine);
    engine.registerFile = async (name, bytes) => {
      const path = await registerFile(name, bytes.slice());
      structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] }); // detach, as a worker transfer does
      return path;
    };
    const report = await loadFile(engine, {
      fileName: 'ragged.csv',
      bytes: utf8('id,name,city\n1,Ann,Tokyo\n2,"Bob\nJr",Osaka,EXTRA\n3,Cy,Nagoya\n'),
    });
    expect(report.rejected.map((row) => row.line)).toEqual([3]);
    await engine.close();
  });
});
