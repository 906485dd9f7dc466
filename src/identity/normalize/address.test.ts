import { describe, expect, it } from 'vitest';
import { addressKey, kanjiToNumber, normalizePrefecture, PREFECTURES } from './address.ts';

describe('kanjiToNumber', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十三', 23],
    ['百', 100],
    ['百五', 105],
    ['三百二十一', 321],
    ['千二百', 1200],
    ['二〇二四', 2024],
    ['〇', 0],
    ['', null],
    ['山', null],
  ])('%s → %s', (kanji, n) => expect(kanjiToNumber(kanji)).toBe(n));
});

describe('normalizePrefecture', () => {
  it('has the 47', () => expect(PREFECTURES).toHaveLength(47));
  it.each([
    ['東京都', '東京都'],
    ['東京', '東京都'],
    ['大阪', '大阪府'],
    ['大阪府', '大阪府'],
    ['北海道', '北海道'],
    ['京都', '京都府'],
    ['Tokyo', '東京都'],
    ['Kanagawa', '神奈川県'],
    ['Tokyo-to', '東京都'],
    ['Osaka Prefecture', '大阪府'],
    ['Hyōgo', '兵庫県'],
    ['Hyougo', '兵庫県'],
    ['California', null],
    ['', null],
  ])('%s → %s', (raw, full) => expect(normalizePrefecture(raw)).toBe(full));
});

describe('addressKey', () => {
  it.each([
    ['東京都千代田区丸の内一丁目2番3号', '千代田区丸の内1-2-3'],
    ['千代田区丸の内1-2-3', '千代田区丸の内1-2-3'],
    ['東京千代田区丸の内１－２－３', '千代田区丸の内1-2-3'],
    ['千代田区丸の内１丁目２番地３', '千代田区丸の内1-2-3'],
    ['千代田区丸の内1丁目2の3', '千代田区丸の内1-2-3'],
    ['千代田区丸の内一丁目二番三号', '千代田区丸の内1-2-3'],
    ['千代田区丸の内1ー2ー3', '千代田区丸の内1-2-3'],
    ['千代田区丸の内1−2−3', '千代田区丸の内1-2-3'],
    ['〒100-0005 東京都千代田区丸の内1-2-3', '千代田区丸の内1-2-3'],
    ['梅田３丁目１－３', '梅田3-1-3'],
    ['梅田3丁目1番3号', '梅田3-1-3'],
    ['梅田3-1-3', '梅田3-1-3'],
    ['久茂地一丁目1番1号', '久茂地1-1-1'],
    ['北一条西二丁目', '北1条西2'],
    ['北1条西2丁目', '北1条西2'],
    ['北一条西2丁目', '北1条西2'],
    ['北１条西２－１', '北1条西2-1'],
    ['本郷二十三丁目4番', '本郷23-4'],
    ['大阪府大阪市北区梅田3-1-3', '大阪市北区梅田3-1-3'],
    ['京都府京都市中京区柳八幡町65', '京都市中京区柳八幡町65'],
    ['京都市中京区柳馬場通御池下る柳八幡町65', '京都市中京区柳八幡町65'],
  ])('%s → %s', (raw, key) => expect(addressKey(raw).key).toBe(key));

  it('returns the prefecture it stripped', () => {
    expect(addressKey('東京都千代田区丸の内1-2-3').prefecture).toBe('東京都');
    expect(addressKey('京都市中京区柳八幡町65').prefecture).toBeNull();
    expect(addressKey('埼玉県さいたま市浦和区高砂3-15-1').prefecture).toBe('埼玉県');
  });

  it('splits locality, street and building', () => {
    const address = addressKey('千代田区丸の内１丁目１番１号 丸の内ビル１２Ｆ');
    expect(address.locality).toBe('千代田区');
    expect(address.street).toBe('丸の内1-1-1');
    expect(address.building).toBe('丸の内ビル12F');
    expect(addressKey('丸の内1丁目1番1号\n丸の内ビル12F').street).toBe('丸の内1-1-1');
    expect(addressKey('丸の内1-1-1丸の内ビル12F').building).toBe('丸の内ビル12F');
  });

  it('place names with numerals are not turned into numbers', () => {
    expect(addressKey('八王子市八日町1-1').key).toBe('八王子市八日町1-1');
    expect(addressKey('十日町市本町1-1').key).toBe('十日町市本町1-1');
    expect(addressKey('港区六本木6-10-1').key).toBe('港区六本木6-10-1');
  });

  it('ward names that contain 市 stay whole', () => expect(addressKey('新宿区市谷本村町5-1').locality).toBe('新宿区'));

  it('different blocks stay apart', () => expect(addressKey('丸の内1-2-3').key).not.toBe(addressKey('丸の内1-2-4').key));
});
