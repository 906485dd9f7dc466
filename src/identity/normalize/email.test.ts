import { describe, expect, it } from 'vitest';
import { emailParts, normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['Taro.Yamada@Sakura-Shoji.example.jp', 'taro.yamada@sakura-shoji.example.jp'],
    [' misaki.suzuki@naniwa-foods.example.jp ', 'misaki.suzuki@naniwa-foods.example.jp'],
    ['MISAKI.SUZUKI@NANIWA-FOODS.EXAMPLE.JP', 'misaki.suzuki@naniwa-foods.example.jp'],
    ['ｍｅｇｕｍｉ．ｋａｔｏ＠ｍｉｎａｔｏ－ｔｅｃｈ．ｅｘａｍｐｌｅ．ｊｐ', 'megumi.kato@minato-tech.example.jp'],
    ['mailto:a@b.example', 'a@b.example'],
    ['<a@b.example>', 'a@b.example'],
  ])('%s → %s', (raw, expected) => expect(normalizeEmail(raw)).toBe(expected));

  it.each([[''], ['   '], ['no-at-sign'], ['@example.com'], ['a@'], ['a b@example.com'], [null], [undefined]])(
    '%s is not an address',
    (raw) => expect(normalizeEmail(raw)).toBeNull(),
  );
});

describe('emailParts', () => {
  it('keeps the plus-tag as a variant, not a rewrite', () => {
    const parts = emailParts('Sho.Kobayashi+seminar@gmail.example.com')!;
    expect(parts.email).toBe('sho.kobayashi+seminar@gmail.example.com');
    expect(parts.local).toBe('sho.kobayashi+seminar');
    expect(parts.localWithoutTag).toBe('sho.kobayashi');
    expect(parts.localWithoutDots).toBe('sho.kobayashi'); // not Gmail: dots matter
    expect(parts.canonical).toBe('sho.kobayashi@gmail.example.com');
  });

  it.each([
    ['t.a.r.o+news@gmail.com', 'taro', 'gmail.com'],
    ['Taro.Yamada@googlemail.com', 'taroyamada', 'gmail.com'],
    ['taro.yamada+x@example.jp', 'taro.yamada', 'example.jp'],
  ])('%s → dots level %s @ %s', (raw, local, domain) => {
    const parts = emailParts(raw)!;
    expect(parts.localWithoutDots).toBe(local);
    expect(parts.canonicalDomain).toBe(domain);
  });

  it('plus-tag and case variants meet on canonical', () => {
    expect(emailParts('sho.kobayashi+seminar@gmail.example.com')!.canonical).toBe(emailParts('Sho.Kobayashi@gmail.example.com')!.canonical);
  });

  it('a leading plus is not a tag', () => expect(emailParts('+x@example.com')!.localWithoutTag).toBe('+x'));
});
