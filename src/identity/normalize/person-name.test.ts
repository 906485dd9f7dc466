import { describe, expect, it } from 'vitest';
import { fullName, nameKeys, normalizePersonName } from './person-name.ts';

describe('normalizePersonName', () => {
  it.each([
    ['山田　太郎', '山田 太郎'],
    ['  山田   太郎  ', '山田 太郎'],
    ['山田 太郎 様', '山田 太郎'],
    ['山田太郎様', '山田太郎'],
    ['山田 太郎さん', '山田 太郎'],
    ['山田太郎殿', '山田太郎'],
    ['①担当　佐々木　遥', '佐々木 遥'],
    ['Mr. John Smith', 'John Smith'],
    ['Ms Emily Chen', 'Emily Chen'],
    ['Dr. Sarah Johnson', 'Sarah Johnson'],
    ['ＪＯＨＮ　ＳＭＩＴＨ', 'JOHN SMITH'],
    ['山田〜太郎', '山田 太郎'],
    [null, ''],
  ])('%s → %s', (raw, expected) => expect(normalizePersonName(raw)).toBe(expected));

  it('keeps a name that only looks like an honorific', () => expect(normalizePersonName('様')).toBe('様'));
});

describe('nameKeys', () => {
  it('romaji names, a kanji name with its reading and a kana name meet on romaji', () => {
    const keys = [
      nameKeys('Taro Yamada'),
      nameKeys('YAMADA Taro'),
      nameKeys('Yamada, Taro'),
      nameKeys('山田 太郎', 'ヤマダ タロウ'),
      nameKeys('山田　太郎', 'ﾔﾏﾀﾞ ﾀﾛｳ'),
      nameKeys('やまだ たろう'),
      nameKeys('ヤマダ　タロウ'),
      nameKeys('Tarō Yamada'),
      nameKeys('Tarou Yamada'),
    ];
    for (const k of keys) expect(k.romaji).toBe('yamada taro');
  });

  it.each([
    ['Taro Yamada', 'yamada', 'taro'],
    ['YAMADA Taro', 'yamada', 'taro'],
    ['Taro YAMADA', 'yamada', 'taro'],
    ['Yamada, Taro', 'yamada', 'taro'],
    ['John Smith', 'smith', 'john'],
    ['Mary Ann Smith', 'smith', 'mary ann'],
    ['José Álvarez', 'alvarez', 'jose'],
    ['山田 太郎', '山田', '太郎'],
    ['山田　太郎', '山田', '太郎'],
    ['\u9AD9橋　一郎', '高橋', '一郎'],
    ['渡邊 さくら', '渡辺', 'サクラ'],
  ])('%s → family %s, given %s', (name, family, given) => {
    const keys = nameKeys(name);
    expect(keys.family).toBe(family);
    expect(keys.given).toBe(given);
  });

  it('a run without a space keeps the name whole', () => {
    const keys = nameKeys('山田太郎');
    expect(keys.normalized).toBe('山田太郎');
    expect(keys.family).toBeNull();
    expect(keys.romaji).toBeNull();
  });

  it.each([
    ['\u9AD9橋 一郎', '高橋 一郎'],
    ['山\uFA11 花', '山崎 花'],
    ['齋藤 隆', '斎藤 隆'],
    ['渡邉 さくら', '渡辺 サクラ'],
  ])('itaiji fold: %s → %s', (name, normalized) => expect(nameKeys(name).normalized).toBe(normalized));

  it('swapped first/last fields meet on swappedKey', () => {
    expect(nameKeys('太郎 山田').swappedKey).toBe(nameKeys('山田 太郎').swappedKey);
    expect(nameKeys('Smith John').swappedKey).toBe(nameKeys('John Smith').swappedKey);
    expect(nameKeys('Taro Yamada').romajiSwappedKey).toBe(nameKeys('太郎 山田', 'タロウ ヤマダ').romajiSwappedKey);
  });

  it('namesakes stay equal and different people stay apart', () => {
    expect(nameKeys('佐藤 花子').normalized).toBe(nameKeys('佐藤　花子').normalized);
    expect(nameKeys('佐藤 花子').normalized).not.toBe(nameKeys('佐藤 花').normalized);
    expect(nameKeys('斉藤 隆').normalized).not.toBe(nameKeys('斎藤 隆').normalized);
    expect(nameKeys('斉藤 隆', 'サイトウ タカシ').romaji).toBe(nameKeys('斎藤 隆', 'サイトウ タカシ').romaji);
  });

  it('script', () => {
    expect(nameKeys('山田 太郎').script).toBe('japanese');
    expect(nameKeys('Taro Yamada').script).toBe('latin');
    expect(nameKeys('山田 Taro').script).toBe('mixed');
  });
});

describe('fullName', () => {
  it.each([
    ['太郎', '山田', '山田 太郎'],
    ['Taro', 'Yamada', 'Taro Yamada'],
    ['', '山田', '山田'],
    [null, 'Smith', 'Smith'],
  ])('first %s, last %s → %s', (first, last, full) => expect(fullName(first, last)).toBe(full));
});
