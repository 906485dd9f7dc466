/** Japanese address keys: prefecture optional, 丁目/番/番地/号 and kanji numerals folded to digits and dashes. */
import { foldItaiji } from './itaiji.ts';

/** The 47 prefectures in JIS X 0401 order, with their Hepburn names. */
export const PREFECTURES: ReadonlyArray<readonly [string, string]> = [
  ['北海道', 'hokkaido'],
  ['青森県', 'aomori'],
  ['岩手県', 'iwate'],
  ['宮城県', 'miyagi'],
  ['秋田県', 'akita'],
  ['山形県', 'yamagata'],
  ['福島県', 'fukushima'],
  ['茨城県', 'ibaraki'],
  ['栃木県', 'tochigi'],
  ['群馬県', 'gunma'],
  ['埼玉県', 'saitama'],
  ['千葉県', 'chiba'],
  ['東京都', 'tokyo'],
  ['神奈川県', 'kanagawa'],
  ['新潟県', 'niigata'],
  ['富山県', 'toyama'],
  ['石川県', 'ishikawa'],
  ['福井県', 'fukui'],
  ['山梨県', 'yamanashi'],
  ['長野県', 'nagano'],
  ['岐阜県', 'gifu'],
  ['静岡県', 'shizuoka'],
  ['愛知県', 'aichi'],
  ['三重県', 'mie'],
  ['滋賀県', 'shiga'],
  ['京都府', 'kyoto'],
  ['大阪府', 'osaka'],
  ['兵庫県', 'hyogo'],
  ['奈良県', 'nara'],
  ['和歌山県', 'wakayama'],
  ['鳥取県', 'tottori'],
  ['島根県', 'shimane'],
  ['岡山県', 'okayama'],
  ['広島県', 'hiroshima'],
  ['山口県', 'yamaguchi'],
  ['徳島県', 'tokushima'],
  ['香川県', 'kagawa'],
  ['愛媛県', 'ehime'],
  ['高知県', 'kochi'],
  ['福岡県', 'fukuoka'],
  ['佐賀県', 'saga'],
  ['長崎県', 'nagasaki'],
  ['熊本県', 'kumamoto'],
  ['大分県', 'oita'],
  ['宮崎県', 'miyazaki'],
  ['鹿児島県', 'kagoshima'],
  ['沖縄県', 'okinawa'],
];

const SHORT_NAME = (full: string) => (full === '北海道' ? full : full.slice(0, -1));

/** A prefecture column's value (`東京`, `東京都`, `Tokyo`, `Tokyo-to`, `Osaka Prefecture`) as its full name, or null. */
export function normalizePrefecture(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = foldItaiji(raw.normalize('NFKC')).trim();
  for (const [full] of PREFECTURES) if (text === full || text === SHORT_NAME(full)) return full;
  const latin = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s*(prefecture|pref\.?)$/, '')
    .replace(/-(to|fu|ken|do)$/, '')
    .replace(/ou/g, 'o')
    .trim();
  for (const [full, romaji] of PREFECTURES) if (latin === romaji) return full;
  return null;
}

/** Splits a leading prefecture off an address; `京都市…` keeps its city (京都 is only taken as 京都府 when 市 does not follow). */
function splitPrefecture(text: string): { prefecture: string | null; rest: string } {
  for (const [full] of PREFECTURES) if (text.startsWith(full)) return { prefecture: full, rest: text.slice(full.length) };
  for (const [full] of PREFECTURES) {
    const short = SHORT_NAME(full);
    if (text.startsWith(short) && !/^[市府都県]/.test(text.slice(short.length)))
      return { prefecture: full, rest: text.slice(short.length) };
  }
  return { prefecture: null, rest: text };
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 二十三 → 23, 百五 → 105, 二〇二四 → 2024 (a run of bare digits is positional). */
export function kanjiToNumber(kanji: string): number | null {
  if (kanji === '') return null;
  if (![...kanji].some((c) => c in KANJI_UNITS)) {
    let n = 0;
    for (const c of kanji) {
      const d = KANJI_DIGITS[c];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let digit: number | null = null;
  for (const c of kanji) {
    if (c in KANJI_DIGITS) digit = KANJI_DIGITS[c]!;
    else if (c in KANJI_UNITS) {
      total += (digit ?? 1) * KANJI_UNITS[c]!;
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}

export interface AddressKey {
  /** Full prefecture name when the address starts with one. */
  prefecture: string | null;
  /** Leading 郡/市/区 (and 町/村 after a 郡), when present. */
  locality: string;
  /** The rest up to the house number: `丸の内1-2-3`. */
  street: string;
  /** What follows the house number (building, floor, room), folded the same way. */
  building: string;
  /** locality + street, without the prefecture and building: the comparison key. */
  key: string;
}

const DASHES = /[\u2010-\u2015\u2212\uFF0D\uFF70]/g;
const NUMERAL_RUN = /[〇零一二三四五六七八九十百千]+(?=丁目|丁|番地|番|号|条|線|地割|の\d|-|$)/g;
// Kyoto street-name directions (柳馬場通御池下る柳八幡町 → 柳八幡町): the town name alone identifies the place.
const KYOTO_DIRECTIONS = /^[^\d]*?通[^\d]*?(?:上る|下る|上ル|下ル|東入る|西入る|東入ル|西入ル|東入|西入)/;
const BREAK = '\u0000';

/** '東京都千代田区丸の内一丁目2番3号' and '千代田区丸の内1-2-3' give the same key. */
export function addressKey(raw: string | null | undefined): AddressKey {
  let text = foldItaiji((raw ?? '').normalize('NFKC'))
    .replace(/^\s*〒?\s*\d{3}\s*-?\s*\d{4}\s*/, '')
    .replace(DASHES, '-')
    .trim();
  const { prefecture, rest } = splitPrefecture(text);
  text = rest
    .replace(NUMERAL_RUN, (run) => String(kanjiToNumber(run) ?? run))
    .replace(/(\d)\s*ー\s*(?=\d)/g, '$1-')
    .replace(/(\d)の(?=\d)/g, '$1-')
    .replace(/(\d)\s*号/g, `$1${BREAK}`)
    .replace(/(\d)\s*(?:丁目|番地|番(?!町))\s*/g, '$1-')
    .replace(/(\d)\s+/g, `$1${BREAK}`)
    .replace(/(\d+(?:-\d+)+)(?=[^\d\-\s\u0000])/g, `$1${BREAK}`)
    .replace(/\s+/g, '')
    .replace(/-+/g, '-');
  const cut = text.indexOf(BREAK);
  let street = (cut >= 0 ? text.slice(0, cut) : text).replace(/-+$/, '');
  const building = (cut >= 0 ? text.slice(cut + 1) : '').replaceAll(BREAK, '').replace(/^-+/, '');
  const locality = /^(?:[^\d\-郡]+?郡[^\d-]+?[町村]|[^\d\-区郡]+?市)?(?:[^\d-]+?区)?/.exec(street)?.[0] ?? '';
  street = street.slice(locality.length);
  const kyoto = street.replace(KYOTO_DIRECTIONS, '');
  if (kyoto !== '' && kyoto !== street) street = kyoto;
  return { prefecture, locality, street, building, key: locality + street };
}
