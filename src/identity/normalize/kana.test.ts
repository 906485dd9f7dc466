import { describe, expect, it } from 'vitest';
import { foldRomaji, isKana, kanaToRomaji, toHiragana, toKatakana } from './kana.ts';

describe('toKatakana / toHiragana', () => {
  it.each([
    ['やまだ たろう', 'ヤマダ タロウ'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ タロウ'],
    ['ﾊﾟﾝ', 'パン'],
    ['ゔぁ', 'ヴァ'],
    ['山田たろう', '山田タロウ'],
    ['ヤマダ', 'ヤマダ'],
  ])('toKatakana %s → %s', (raw, expected) => expect(toKatakana(raw)).toBe(expected));

  it.each([
    ['ヤマダ タロウ', 'やまだ たろう'],
    ['ﾀｶﾊｼ', 'たかはし'],
    ['スーパー', 'すーぱー'],
    ['ヴ', 'ゔ'],
  ])('toHiragana %s → %s', (raw, expected) => expect(toHiragana(raw)).toBe(expected));

  it('isKana', () => {
    expect(isKana('ヤマダ タロウ')).toBe(true);
    expect(isKana('ﾔﾏﾀﾞ'.normalize('NFKC'))).toBe(true);
    expect(isKana('山田')).toBe(false);
    expect(isKana('')).toBe(false);
    expect(isKana('yamada')).toBe(false);
  });
});

describe('kanaToRomaji (Hepburn, long vowels folded)', () => {
  it.each([
    ['やまだ たろう', 'yamada taro'],
    ['ヤマダ タロウ', 'yamada taro'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'yamada taro'],
    ['ヤマダ　タロウ', 'yamada taro'],
    ['タカハシ イチロウ', 'takahashi ichiro'],
    ['サイトウ タカシ', 'saito takashi'],
    ['オオノ', 'ono'],
    ['おおさか', 'osaka'],
    ['とおる', 'toru'],
    ['ユウキ', 'yuki'],
    ['リュウ', 'ryu'],
    ['キョウコ', 'kyoko'],
    ['しんいち', 'shinichi'],
    ['しゅうへい', 'shuhei'],
    ['ケイコ', 'keiko'],
    ['ハットリ', 'hattori'],
    ['サッポロ', 'sapporo'],
    ['きっちょう', 'kitcho'],
    ['まっちゃ', 'matcha'],
    ['シンバシ', 'shinbashi'],
    ['ナンバ', 'nanba'],
    ['サンポ', 'sanpo'],
    ['ゲンマ', 'genma'],
    ['コーヒー', 'kohi'],
    ['ラーメン', 'ramen'],
    ['ふじ', 'fuji'],
    ['ちづる', 'chizuru'],
    ['つよし', 'tsuyoshi'],
    ['ジュン', 'jun'],
    ['ヂ', 'ji'],
    ['ヅ', 'zu'],
    ['ヲ', 'o'],
    ['フィル', 'firu'],
    ['ティム', 'timu'],
    ['ヴァイオリン', 'vaiorin'],
    ['ﾊﾗﾀﾞ ﾕｳﾄ', 'harada yuto'],
    ['ﾑﾗｶﾐ ﾂﾊﾞｻ', 'murakami tsubasa'],
    ['たなか けん', 'tanaka ken'],
    ['ハセガワ・マコト', 'hasegawa makoto'],
  ])('%s → %s', (kana, romaji) => expect(kanaToRomaji(kana)).toBe(romaji));

  it('leaves non-kana as it is', () => expect(kanaToRomaji('山田 タロウ')).toBe('山田 taro'));
});

describe('foldRomaji', () => {
  it.each([
    ['Ōno', 'ono'],
    ['Oono', 'ono'],
    ['Ichirou', 'ichiro'],
    ['YUUKI', 'yuki'],
    ['Taro  Yamada', 'taro yamada'],
    ['Satoh', 'sato'],
    ['OHNO Yohko', 'ono yoko'],
    ['Ohashi Shohei', 'ohashi shohei'],
  ])('%s → %s', (raw, folded) => expect(foldRomaji(raw)).toBe(folded));

  it('a typed long vowel meets the folded kana', () => expect(foldRomaji('Takahashi Ichirou')).toBe(kanaToRomaji('タカハシ イチロウ')));
  it("the passport's oh meets the folded kana", () => expect(foldRomaji('Itoh Yuroh')).toBe(kanaToRomaji('イトウ ユウロウ')));
});
