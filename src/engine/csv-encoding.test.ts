import { describe, expect, it } from 'vitest';
import { translate } from '../ui/i18n-table.ts';
import { encodeCsv, isCsvEncoding } from './csv-encoding.ts';
import { csvFromRows } from './csv-writer.ts';
import { KuraError } from './engine.ts';

const shiftJis = new TextDecoder('shift_jis');

function refusal(run: () => unknown): KuraError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KuraError);
    return error as KuraError;
  }
  throw new Error('not refused');
}

describe('encodeCsv', () => {
  const text = csvFromRows(
    ['顧客番号', '会社', 'メモ'],
    [
      ['1', '㈱カネダ', '髙橋①～－ｱｲｳ'],
      ['2', '株式会社ソニー', '=SUM(A1)'],
    ],
  );

  it('writes UTF-8 with and without a BOM', () => {
    expect([...encodeCsv('a\r\n', 'utf-8')]).toEqual([0x61, 0x0d, 0x0a]);
    expect([...encodeCsv('a\r\n', 'utf-8-bom')]).toEqual([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]);
    expect(new TextDecoder().decode(encodeCsv(text, 'utf-8'))).toBe(text);
  });

  it('writes CP932 that Windows-31J decodes back to exactly the same text, NEC and IBM extensions included', () => {
    const bytes = encodeCsv(text, 'cp932');
    expect(shiftJis.decode(bytes)).toBe(text);
    // one byte per half-width kana, two per kanji: really Shift_JIS, not UTF-8
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length);
    expect([...encodeCsv('㈱', 'cp932')]).toEqual([0x87, 0x8a]);
    expect([...encodeCsv('ｱ', 'cp932')]).toEqual([0xb1]);
  });

  it('writes characters CP932 holds twice with the codes Windows writes', () => {
    const hex = (value: string) => [...encodeCsv(value, 'cp932')].map((byte) => byte.toString(16).toUpperCase()).join(' ');
    // IBM extensions, not their NEC-selected copies (ED/EE)
    expect(hex('髙')).toBe('FB FC');
    expect(hex('﨑')).toBe('FA B1');
    expect(hex('ⅰ')).toBe('FA 40');
    // NEC row 13 and JIS row 2 stay where Windows keeps them
    expect(hex('①Ⅰ㈱')).toBe('87 40 87 54 87 8A');
    expect(hex('∵￢')).toBe('81 E6 81 CA');
    // the walk through one- and two-byte characters stays in step
    expect(hex('ｱ髙a髙')).toBe('B1 FB FC 61 FB FC');
    expect(shiftJis.decode(encodeCsv('ｱ髙a﨑ⅰ', 'cp932'))).toBe('ｱ髙a﨑ⅰ');
  });

  it('encodes a large export (over one conversion slice) the same as a small one', () => {
    const row = '山田太郎,ﾔﾏﾀﾞ,㈱カネダ,123\r\n';
    const big = row.repeat(Math.ceil((1 << 20) / row.length) + 7);
    expect(shiftJis.decode(encodeCsv(big, 'cp932'))).toBe(big);
  });

  it.each([
    ['an emoji', 'id,name\r\n1,ok\r\n2,Ann 😀\r\n3,Bob 😀\r\n', 2, '😀', 'U+1F600', 3],
    ['a kanji outside JIS (𠮷)', 'id,name\r\n1,𠮷野家\r\n', 1, '𠮷', 'U+20BB7', 2],
    ['an accented letter', 'name\r\nCafé\r\n', 1, 'é', 'U+00E9', 2],
    ['the Mac wave dash, which CP932 would turn into ～', 'note\r\n10〜20\r\n', 1, '〜', 'U+301C', 2],
    ['the minus sign, which CP932 would turn into －', 'note\r\n−5\r\n', 1, '−', 'U+2212', 2],
  ])('refuses %s in one sentence: how many, the first and its line', (_, csv, count, example, codePoint, line) => {
    const error = refusal(() => encodeCsv(csv, 'cp932'));
    expect(error.kind).toBe('unencodable');
    expect(error.message).toBe(
      `Shift_JIS (CP932) cannot hold ${count} character(s) of this CSV, the first "${example}" (${codePoint}) on line ${line}; change those values or export as UTF-8.`,
    );
    expect(translate('ja', error.sentence!.key as never, error.sentence!.values)).toBe(
      `この CSV には Shift_JIS（CP932）で書けない文字が ${count} 個あります（最初は ${line} 行目の「${example}」、${codePoint}）。その値を直すか、UTF-8 で書き出してください。`,
    );
    // the same text is fine in UTF-8
    expect(new TextDecoder().decode(encodeCsv(csv, 'utf-8'))).toBe(csv);
  });

  it('knows its encodings', () => {
    expect(['utf-8', 'utf-8-bom', 'cp932'].every(isCsvEncoding)).toBe(true);
    expect(isCsvEncoding('latin1')).toBe(false);
  });
});
