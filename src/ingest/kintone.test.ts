import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { utf8 } from './fixtures.test-helpers.ts';
import { loadFile } from './load.ts';

const jsonSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));

describe.each(engineFactories)('kintone exports on $name DuckDB', ({ create }) => {
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

  it('folds a record spanning several rows into one, keeps its table rows in <table>_subtable, and gathers check boxes', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../test/fixtures/exports/kintone_customers_cp932.csv', import.meta.url)));
    const report = await loadFile(engine, { fileName: 'kintone_customers_cp932.csv', bytes, table: 'customers' });
    expect(report).toMatchObject({ encoding: 'shift_jis', rows: 3, rejectedCount: 0, subtable: { table: 'customers_subtable', rows: 4 } });
    expect(report.columns.map((column) => column.name)).toEqual([
      'レコード番号',
      '会社名',
      '部署名',
      '担当者名',
      '電話番号',
      'メールアドレス',
      '郵便番号',
      '住所',
      '関心のある製品',
      '作成日時',
      '更新日時',
    ]);
    expect(report.columns.find((column) => column.name === '関心のある製品')?.type).toBe('VARCHAR[]');
    expect(
      await rows(
        "SELECT レコード番号, 会社名, array_to_string(関心のある製品, '|') AS 関心のある製品, len(関心のある製品) AS chosen FROM customers",
      ),
    ).toEqual([
      { レコード番号: 3, 会社名: '㈱髙橋商事', 関心のある製品: 'クラウド|保守', chosen: 2 },
      { レコード番号: 2, 会社名: '株式会社さくら工業', 関心のある製品: 'オンプレミス', chosen: 1 },
      { レコード番号: 1, 会社名: 'みなと物流株式会社', 関心のある製品: null, chosen: 0 },
    ]);
    expect(report.subtable!.columns.map((column) => column.name)).toEqual(['レコード番号', '対応日', '対応内容', '対応者']);
    expect(await rows('SELECT レコード番号, CAST(対応日 AS VARCHAR) AS 対応日, 対応内容, 対応者 FROM customers_subtable')).toEqual([
      { レコード番号: 3, 対応日: '2024-03-01', 対応内容: '初回訪問', 対応者: '山本 太郎' },
      { レコード番号: 3, 対応日: '2024-03-12', 対応内容: 'デモ実施', 対応者: '山本 太郎' },
      { レコード番号: 3, 対応日: '2024-03-20', 対応内容: '見積提出', 対応者: '鈴木 一' },
      { レコード番号: 2, 対応日: '2024-02-15', 対応内容: '電話問い合わせ', 対応者: '鈴木 一' },
    ]);
  });

  it('links table rows by record ordinal when the record fields are left blank on later rows and there is no レコード番号', async () => {
    const text = [
      'レコードの開始行,会社名,品名,数量',
      '*,㈱髙橋商事,ノートPC,2',
      ',,モニター,1',
      '*,さくら工業,,',
      '*,みなと物流,保守契約,1',
      ',,延長保証,3',
      '',
    ].join('\n');
    const report = await loadFile(engine, { fileName: 'orders.csv', bytes: utf8(text), table: 'kt_orders' });
    expect(report).toMatchObject({ rows: 3, subtable: { table: 'kt_orders_subtable', rows: 4 } });
    expect(await rows('SELECT * FROM kt_orders')).toEqual([
      { kintone_record: 1, 会社名: '㈱髙橋商事' },
      { kintone_record: 2, 会社名: 'さくら工業' },
      { kintone_record: 3, 会社名: 'みなと物流' },
    ]);
    expect(await rows('SELECT * FROM kt_orders_subtable')).toEqual([
      { kintone_record: 1, 品名: 'ノートPC', 数量: 2 },
      { kintone_record: 1, 品名: 'モニター', 数量: 1 },
      { kintone_record: 3, 品名: '保守契約', 数量: 1 },
      { kintone_record: 3, 品名: '延長保証', 数量: 3 },
    ]);
  });

  it('keeps rows that come before the first * as records of their own, and drops only the marker when no record spans rows', async () => {
    await loadFile(engine, {
      fileName: 'd.csv',
      bytes: utf8('レコードの開始行,名前,メモ\n,孤立,a\n*,山田,b\n,,c\n'),
      table: 'damaged',
    });
    expect(await rows('SELECT * FROM damaged')).toEqual([
      { kintone_record: 1, 名前: '孤立' },
      { kintone_record: 2, 名前: '山田' },
    ]);
    expect(await rows('SELECT * FROM damaged_subtable')).toEqual([
      { kintone_record: 1, メモ: 'a' },
      { kintone_record: 2, メモ: 'b' },
      { kintone_record: 2, メモ: 'c' },
    ]);
    const flat = await loadFile(engine, {
      fileName: 'f.csv',
      bytes: utf8('レコードの開始行,レコード番号,名前\n*,1,山田\n*,2,佐藤\n'),
      table: 'flat',
    });
    expect(flat.subtable).toBeUndefined();
    expect(flat.columns.map((column) => column.name)).toEqual(['レコード番号', '名前']);
  });

  it('gathers only option columns that hold 1, and leaves other files alone', async () => {
    const kintone = 'レコード番号,氏名[姓],氏名[名],趣味[読書],趣味[旅行]\n1,山田,太郎,1,\n2,佐藤,花子,,1\n';
    const report = await loadFile(engine, { fileName: 'k.csv', bytes: utf8(kintone), table: 'kt_people' });
    expect(report.columns.map((column) => column.name)).toEqual(['レコード番号', '氏名[姓]', '氏名[名]', '趣味']);
    expect(await rows("SELECT array_to_string(趣味, '|') AS 趣味 FROM kt_people")).toEqual([{ 趣味: '読書' }, { 趣味: '旅行' }]);
    const other = await loadFile(engine, { fileName: 'o.csv', bytes: utf8('id,score[a],score[b]\n1,1,\n'), table: 'other' });
    expect(other.columns.map((column) => column.name)).toEqual(['id', 'score[a]', 'score[b]']);
  });

  it('reads rich text as plain text and character references back as the characters, in kintone exports only', async () => {
    const richText = '"<div>ご担当：&#134071;田 様<br />A&amp;B &lt;至急&gt;</div><div><b>2行目</b>&nbsp;です</div>"';
    const kintone = [
      'レコードの開始行,レコード番号,会社名,メモ,対応内容',
      `*,1,&#134071;野家&#x1F600;,${richText},初回`,
      ',1,&#134071;野家&#x1F600;,,"<p>訪問&#55296;</p>"',
      '*,2,A&B,<div><br></div>,&#12354;',
      '',
    ].join('\n');
    const report = await loadFile(engine, { fileName: 'k.csv', bytes: utf8(kintone), table: 'kt_rich' });
    expect(report).toMatchObject({ rows: 2, subtable: { table: 'kt_rich_subtable', rows: 3 } });
    expect(await rows('SELECT 会社名, メモ FROM kt_rich ORDER BY レコード番号')).toEqual([
      { 会社名: '\u{20BB7}野家\u{1F600}', メモ: 'ご担当：\u{20BB7}田 様\nA&B <至急>\n2行目 です' },
      { 会社名: 'A&B', メモ: null },
    ]);
    expect(await rows('SELECT 対応内容 FROM kt_rich_subtable')).toEqual([
      { 対応内容: '初回' },
      { 対応内容: '訪問&#55296;' },
      { 対応内容: 'あ' },
    ]);
    const other = await loadFile(engine, { fileName: 'o.csv', bytes: utf8('id,note\n1,<b>&#12354;</b>\n'), table: 'not_kintone' });
    expect(other.rows).toBe(1);
    expect(await rows('SELECT note FROM not_kintone')).toEqual([{ note: '<b>&#12354;</b>' }]);
  });
});
