import { describe, expect, it } from 'vitest';
import { en } from './messages/en.ts';
import { ja } from './messages/ja.ts';
import { interpolate, isMessageKey, pickLanguage, translate } from './i18n-table.ts';
import { rejectCodes } from '../ingest/types.ts';
import { KuraError } from '../engine/engine.ts';
import { toKuraError } from '../engine/errors.ts';
import { readBundle } from '../report/bundle.ts';
import { readChartSpec } from '../cells/chart/chart-spec.ts';
import { readSegmentSpec } from '../cells/segment/segment.ts';
import { readMatchCellSpec } from '../cells/match/spec.ts';
import { parseRules } from '../audit/rule-spec.ts';

describe('message tables', () => {
  it('en and ja have exactly the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty and placeholders match between languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{([\w-]+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ja[key].trim(), key).not.toBe('');
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('says every reason a reader rejects a row in both languages, with the English sentence the reader writes', () => {
    for (const code of rejectCodes) expect(isMessageKey(`reject.${code}`), code).toBe(true);
    expect(translate('en', 'reject.fieldCount', { fields: 4, expected: 3 })).toBe('This row has 4 fields but the header has 3.');
    expect(translate('ja', 'reject.fieldCount', { fields: 4, expected: 3 })).toBe('この行の項目数は 4 ですが、ヘッダーは 3 項目です。');
  });

  it('says the engine’s SQL and bundle sentences in Japanese from their keys, and in English exactly as the engine does', async () => {
    const errors: KuraError[] = [
      toKuraError(new Error('Catalog Error: Table with name customers does not exist!')),
      toKuraError(new Error('Binder Error: Referenced column "emial" not found in FROM clause!')),
      toKuraError(new Error('Parser Error: syntax error at or near "form"')),
      await readBundle(new TextEncoder().encode('not a zip')).then(
        () => new KuraError('a text that is not a zip was read as a bundle'),
        (error: unknown) => error as KuraError,
      ),
    ];
    const expected = [
      'customers という名前のテーブルはありません。スキーマブラウザーでテーブル名を確認してください。',
      'ここに emial という名前の列はありません。スキーマブラウザーで列名を確認してください。',
      'SQL の「form」付近に構文エラーがあります。そこの綴りと記号を確認してください。',
      'このファイルは Kura のバンドルではありません（zip ファイルではありません）。',
    ];
    errors.forEach((error, index) => {
      expect(error).toBeInstanceOf(KuraError);
      const { key, values } = error.sentence!;
      expect(isMessageKey(key), key).toBe(true);
      expect(translate('en', key as never, values)).toBe(error.message);
      expect(translate('ja', key as never, values)).toBe(expected[index]);
    });
  });

  it('says cell spec, audit rule and matching mistakes in Japanese from their keys, and in English as before', () => {
    const failures: [() => unknown, string, string][] = [
      [
        () => readChartSpec({ data: 'orders', mark: 'pie', x: 'a', y: 'b' }),
        'spec.chartMark',
        'グラフの mark は bar, line, area, dot, histogram, cell のいずれかにしてください（「pie」は使えません）。',
      ],
      [
        () => readSegmentSpec({ base: 'customers', key: 'id', where: { all: [{ field: 'region', op: 'like' }] } }),
        'spec.segmentOperator',
        '「like」はセグメントの演算子ではありません。',
      ],
      [
        () => readMatchCellSpec({ sources: ['crm'], threshold: 2 }),
        'identity.threshold',
        '名寄せのしきい値は 0 と 1 の間の確率にしてください（例: 0.9）。',
      ],
      [
        () =>
          parseRules([
            { kind: 'not_null', table: 't', column: 'a' },
            { kind: 'regex', table: 't', column: 'a' },
          ]),
        'rules.fieldText',
        'ルール 2（regex）には文字列の "pattern" が必要です。',
      ],
    ];
    for (const [fail, expectedKey, japanese] of failures) {
      let error: unknown;
      try {
        fail();
      } catch (caught) {
        error = caught;
      }
      expect(error, expectedKey).toBeInstanceOf(KuraError);
      const { message, sentence } = error as KuraError;
      expect(sentence?.key).toBe(expectedKey);
      expect(translate('en', expectedKey as never, sentence?.values)).toBe(message);
      expect(translate('ja', expectedKey as never, sentence?.values)).toContain(japanese);
    }
  });

  it('has the engine-restarted message the app shows after a worker crash', () => {
    expect(en['error.engine-restarted']).toBe(
      'The engine stopped unexpectedly and was restarted; your tables were restored from browser storage.',
    );
  });
});

describe('interpolate', () => {
  it('fills {name} placeholders', () => {
    expect(interpolate('{count} rows in {table}', { count: '1,000', table: 'contacts' })).toBe('1,000 rows in contacts');
    expect(interpolate('{n} and {n}', { n: 2 })).toBe('2 and 2');
    expect(interpolate('{big}', { big: 10n ** 20n })).toBe('100000000000000000000');
  });

  it('picks the singular or the plural form by the count, formatted or not', () => {
    expect(interpolate('{n} {n|row|rows} loaded', { n: 1 })).toBe('1 row loaded');
    expect(interpolate('{n} {n|row|rows} loaded', { n: '1' })).toBe('1 row loaded');
    expect(interpolate('{n} {n|row|rows} loaded', { n: '1,000' })).toBe('1,000 rows loaded');
    expect(interpolate('{n} {n|row|rows}', { n: 0 })).toBe('0 rows');
    expect(interpolate('{m|row|rows}', { n: 1 })).toBe('{m|row|rows}');
  });

  it('leaves unknown placeholders visible and does not read inherited properties', () => {
    expect(interpolate('{missing} {toString}', {})).toBe('{missing} {toString}');
  });

  it('does not interpret params as templates', () => {
    expect(interpolate('{a}', { a: '{b}', b: 'x' })).toBe('{b}');
  });

  it('translates with params in both languages', () => {
    expect(translate('en', 'error.sql', { message: 'syntax error' })).toBe('The SQL could not run: syntax error');
    expect(translate('ja', 'error.sql', { message: 'syntax error' })).toBe('SQL を実行できませんでした: syntax error');
    expect(translate('ja', 'toolbar.run')).toBe('実行');
  });
});

describe('pickLanguage', () => {
  it('chooses ja for any ja* tag that comes before English, else en', () => {
    expect(pickLanguage(['ja-JP', 'en-US'])).toBe('ja');
    expect(pickLanguage(['ja'])).toBe('ja');
    expect(pickLanguage(['en-GB', 'ja'])).toBe('en');
    expect(pickLanguage(['fr-FR', 'ja-JP'])).toBe('ja');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('knows its keys', () => {
    expect(isMessageKey('progress.reading')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
  });
});
