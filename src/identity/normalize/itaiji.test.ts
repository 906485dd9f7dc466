import { describe, expect, it } from 'vitest';
import { foldItaiji, ITAIJI } from './itaiji.ts';

describe('foldItaiji', () => {
  it.each([
    ['\u9AD9橋', '高橋'], // 髙橋
    ['山\uFA11', '山崎'], // 山﨑 (U+FA11, untouched by NFKC)
    ['山嵜', '山崎'],
    ['齋藤', '斎藤'],
    ['齊藤', '斉藤'],
    ['渡邊', '渡辺'],
    ['渡邉', '渡辺'],
    ['澤田', '沢田'],
    ['濱田', '浜田'],
    ['廣瀨', '広瀬'],
    ['櫻井', '桜井'],
    ['眞理', '真理'],
    ['北條', '北条'],
    ['嶋田', '島田'],
    ['冨田', '富田'],
  ])('%s → %s', (raw, expected) => expect(foldItaiji(raw)).toBe(expected));

  it.each([['埼玉県'], ['龍之介'], ['斉藤'], ['斎藤'], ['萬田'], ['高橋'], ['Yamada']])('%s is left alone', (text) =>
    expect(foldItaiji(text)).toBe(text),
  );

  it('NFKC really does not fold these (why the table exists)', () => {
    for (const variant of ['\u9AD9', '\uFA11', '齋', '邊', '邉']) expect(variant.normalize('NFKC')).toBe(variant);
  });

  it('every entry maps to a different single character and carries a note', () => {
    for (const [variant, { standard, note }] of Object.entries(ITAIJI)) {
      expect([...variant]).toHaveLength(1);
      expect([...standard]).toHaveLength(1);
      expect(standard).not.toBe(variant);
      expect(note.length).toBeGreaterThan(0);
    }
  });
});
