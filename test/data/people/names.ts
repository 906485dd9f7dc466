/**
 * Name lists of the people set, written for it (see SPEC.md): the head of each distribution with approximate public
 * shares, and a synthetic long tail built from common name elements.
 */
import { Random, WeightedTable } from './random.ts';

export interface JapaneseName {
  kanji: string;
  reading: string; // hiragana
}

export type Era = 'old' | 'mid' | 'young' | 'any';
export interface JapaneseGivenName extends JapaneseName {
  era: Era;
}

/** The 100 commonest Japanese family names with their approximate holders in units of 10,000 (surname-ranking sites). */
const familyHead = `佐藤さとう187 鈴木すずき179 高橋たかはし141 田中たなか134 伊藤いとう108 渡辺わたなべ107 山本やまもと107 中村なかむら105
小林こばやし102 加藤かとう89 吉田よしだ84 山田やまだ81 佐々木ささき68 山口やまぐち64 松本まつもと62 井上いのうえ61 木村きむら57 林はやし54
斎藤さいとう54 清水しみず53 山崎やまざき49 森もり46 池田いけだ44 橋本はしもと44 阿部あべ44 石川いしかわ43 山下やました42 中島なかじま42
石井いしい41 小川おがわ41 前田まえだ40 岡田おかだ40 長谷川はせがわ40 藤田ふじた39 後藤ごとう39 近藤こんどう38 村上むらかみ38 遠藤えんどう35
青木あおき35 坂本さかもと35 斉藤さいとう34 福田ふくだ34 太田おおた34 西村にしむら33 藤井ふじい32 金子かねこ31 岡本おかもと31 藤原ふじわら31
中野なかの30 三浦みうら30 原田はらだ30 中川なかがわ30 松田まつだ29 竹内たけうち29 小野おの29 田村たむら28 中山なかやま28 和田わだ28
石田いしだ27 森田もりた27 上田うえだ27 原はら27 内田うちだ26 柴田しばた26 酒井さかい26 宮崎みやざき26 横山よこやま26 高木たかぎ25
安藤あんどう25 宮本みやもと25 大野おおの25 小島こじま24 谷口たにぐち24 今井いまい24 工藤くどう24 高田たかだ23 増田ますだ23 丸山まるやま23
杉山すぎやま23 村田むらた23 大塚おおつか23 新井あらい23 小山こやま23 平野ひらの22 藤本ふじもと22 河野こうの22 上野うえの22 野口のぐち22
武田たけだ22 松井まつい22 千葉ちば22 岩崎いわさき22 菅原すがわら21 木下きのした21 久保くぼ21 佐野さの21 野村のむら21 松尾まつお21
市川いちかわ21 菊地きくち20`;

/** Japan's population in units of 10,000, for turning holder counts into shares. */
const japanPopulation = 12_500;

/** Two-kanji family names of the tail: a first element and a second (second readings: plain / voiced). */
const familyFirst = `石いし 大おお 小こ 上うえ 下しも 中なか 山やま 川かわ 村むら 野の 木き 井い 本もと 原はら 島しま 沢さわ 藤ふじ 岡おか 森もり 松まつ
竹たけ 梅うめ 桜さくら 杉すぎ 柳やなぎ 北きた 南みなみ 東ひがし 西にし 今いま 新にい 古ふる 長なが 高たか 安やす 吉よし 宮みや 関せき 浅あさ 深ふか
平ひら 白しら 黒くろ 青あお 金かね 前まえ 横よこ 荒あら 福ふく 永なが 細ほそ 丸まる 堀ほり 菊きく 岩いわ 池いけ 根ね 桑くわ 芦あし 秋あき
春はる 夏なつ 冬ふゆ 星ほし 志し 綾あや 三み 市いち 広ひろ 片かた 武たけ 成なり 富とみ 豊とよ 徳とく 国くに 飯いい 熊くま 鳥とり`;
const familySecond = `田た/だ 川かわ/がわ 山やま 村むら 野の 木き/ぎ 井い 本もと 原はら/わら 島しま/じま 沢さわ/ざわ 岡おか 崎さき/ざき 谷たに/や 口ぐち 内うち
部べ 尾お 瀬せ 浦うら 橋はし/ばし 上かみ/がみ 森もり 林はやし/ばやし 松まつ 江え 坂さか/ざか 藤ふじ 宮みや 城しろ/じょう 元もと 塚つか/づか 垣がき
住ずみ 屋や 倉くら/ぐら 畑はた/ばた 戸と/ど 守もり 里さと 葉は/ば 津つ 浜はま 辺べ 岸ぎし 地ち 見み 子こ 澄すみ 枝えだ 沼ぬま 淵ぶち`;

/** Given names common across Japan, with the era they peak in (born before 1965, 1965–89, from 1990). */
const maleHead = `茂しげる:old 清きよし:old 博ひろし:old 浩ひろし:mid 宏ひろし:old 隆たかし:old 勇いさむ:old 実みのる:old 進すすむ:old 明あきら:old
誠まこと:mid 大輔だいすけ:mid 拓也たくや:mid 直樹なおき:mid 健一けんいち:mid 達也たつや:mid 和也かずや:mid 剛つよし:mid 聡さとし:mid 学まなぶ:mid
翔太しょうた:young 拓海たくみ:young 大翔ひろと:young 蓮れん:young 悠真ゆうま:young 翔しょう:young 陸りく:young 颯太そうた:young 湊みなと:young 健太けんた:any`;
const femaleHead = `幸子さちこ:old 和子かずこ:old 節子せつこ:old 洋子ようこ:old 京子きょうこ:old 恵子けいこ:old 久美子くみこ:old 順子じゅんこ:old 弘子ひろこ:old 悦子えつこ:old
陽子ようこ:mid 恵美えみ:mid 裕子ゆうこ:mid 優子ゆうこ:mid 直美なおみ:mid 智子ともこ:mid 真由美まゆみ:mid 由美ゆみ:mid 香織かおり:mid 愛あい:mid
美咲みさき:young 陽菜ひな:young 結衣ゆい:young 葵あおい:young さくらさくら:young 凛りん:young 彩あや:young 七海ななみ:young 真央まお:young 花子はなこ:any`;
const maleFirst = `健けん 和かず 浩ひろ 拓たく 大だい 翔しょう 直なお 雄ゆう 康やす 秀ひで 正まさ 昭あき 達たつ 智とも 俊とし 勇ゆう 悠ゆう 陽よう 優ゆう 啓けい
光こう 誠せい 真しん 信のぶ 隆たか 一かず 孝たか 修しゅう 英ひで 義よし`;
const maleSecond = `太た 也や 樹き 介すけ 輔すけ 一いち 郎ろう 人と 斗と 平へい 彦ひこ 司じ 志し 夫お 男お`;
const femaleFirst = `美み 恵え 由ゆ 真ま 亜あ 彩あや 優ゆう 千ち 奈な 紀のり 麻ま 沙さ 早さ 香か 知とも 裕ひろ 明あき 幸さち 陽ひ 結ゆ 愛あい 理り 絵え 久く 友とも`;
const femaleSecond = `子こ 美み 香か 奈な 恵え 代よ 江え 里り 乃の 菜な 衣い 佳か 紀き 穂ほ 花か`;

function splitKanjiReading(token: string): JapaneseName {
  const match = /^([^\u3041-\u3096]+)([\u3041-\u3096]+)$/u.exec(token) ?? /^(.+?)([\u3041-\u3096]+)$/u.exec(token);
  if (!match) throw new Error(`bad name token ${token}`);
  return { kanji: match[1]!, reading: match[2]! };
}
/** Shuffles in place with a fixed seed: the tail's ranks are part of the lists, not of the set's seed. */
function shuffleFixed<T>(items: T[]): void {
  const random = new Random(20_260_101);
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

const tokens = (text: string) => text.split(/\s+/).filter(Boolean);

/** Family names with their draw weights: the real head, then a Zipf tail over the compounds. */
export function japaneseFamilyNames(): WeightedTable<JapaneseName> {
  const names: JapaneseName[] = [];
  const weights: number[] = [];
  const seen = new Set<string>();
  let headShare = 0;
  for (const token of tokens(familyHead)) {
    const match = /^(\D+?)([\u3041-\u3096]+)(\d+)$/u.exec(token)!;
    names.push({ kanji: match[1]!, reading: match[2]! });
    const share = Number(match[3]) / japanPopulation;
    weights.push(share);
    headShare += share;
    seen.add(match[1]!);
  }
  const firsts = tokens(familyFirst).map(splitKanjiReading);
  const seconds = tokens(familySecond).map((token) => {
    const [plain, voicedReading] = token.split('/');
    const name = splitKanjiReading(plain!);
    return { ...name, voiced: voicedReading ?? name.reading };
  });
  const tail: JapaneseName[] = [];
  for (let s = 0; s < seconds.length; s++) {
    for (let f = 0; f < firsts.length; f++) {
      const first = firsts[f]!;
      const second = seconds[s]!;
      const kanji = first.kanji + second.kanji;
      if (seen.has(kanji) || first.kanji === second.kanji) continue;
      seen.add(kanji);
      tail.push({ kanji, reading: first.reading + ((f + s) % 3 === 0 ? second.reading : second.voiced) });
    }
  }
  // A fixed order (the same for every seed) so the Zipf ranks do not follow the element lists.
  shuffleFixed(tail);
  // Zipf (exponent 1) continuing the head's ranks, scaled to the rest of the population.
  const tailWeights = tail.map((_, i) => 1 / (names.length + 1 + i));
  const tailSum = tailWeights.reduce((a, b) => a + b, 0);
  return new WeightedTable([...names, ...tail], [...weights, ...tailWeights.map((w) => (w / tailSum) * (1 - headShare))]);
}

const unlikelyGivenNames = new Set(['大男', '大夫', '大人']);

/** Given names of one sex: the head (15% in all, by era) and a Zipf tail of compounds. */
export function japaneseGivenNames(sex: 'male' | 'female'): JapaneseGivenName[] {
  const head = tokens(sex === 'male' ? maleHead : femaleHead).map((token) => {
    const [name, era] = token.split(':');
    return { ...splitKanjiReading(name!), era: era as Era };
  });
  const firsts = tokens(sex === 'male' ? maleFirst : femaleFirst).map(splitKanjiReading);
  const seconds = tokens(sex === 'male' ? maleSecond : femaleSecond).map(splitKanjiReading);
  const seen = new Set(head.map((name) => name.kanji));
  const tail: JapaneseGivenName[] = [];
  for (const second of seconds) {
    for (const first of firsts) {
      const kanji = first.kanji + second.kanji;
      if (seen.has(kanji) || first.kanji === second.kanji || unlikelyGivenNames.has(kanji)) continue;
      seen.add(kanji);
      tail.push({ kanji, reading: first.reading + second.reading, era: 'any' });
    }
  }
  shuffleFixed(tail);
  return [...head, ...tail];
}

const givenHeadCount = 30;

/** Draw weights of given names for someone born in `year`: the head carries 15%, in-era names 4× the others. */
export function givenNameTable(names: readonly JapaneseGivenName[], year: number): WeightedTable<JapaneseGivenName> {
  const era: Era = year < 1965 ? 'old' : year < 1990 ? 'mid' : 'young';
  const headCount = givenHeadCount;
  // A flat Zipf (exponent 0.3) over the tail: Japanese given names are diverse, none much over 1% of its sex.
  const raw = names.map((name, i) => (i < headCount ? (name.era === era || name.era === 'any' ? 4 : 1) : 1 / (i - headCount + 1) ** 0.3));
  const headSum = raw.slice(0, headCount).reduce((a, b) => a + b, 0);
  const tailSum = raw.slice(headCount).reduce((a, b) => a + b, 0);
  return new WeightedTable(
    names,
    raw.map((w, i) => (i < headCount ? (w / headSum) * 0.15 : (w / tailSum) * 0.85)),
  );
}

export interface LatinGiven {
  name: string;
  nicknames: string[];
}

/** US Census 2010 surname shares (percent of the population), UK names folded in. */
const latinFamilyHead = `Smith 0.83 Johnson 0.65 Williams 0.56 Brown 0.49 Jones 0.48 Garcia 0.38 Miller 0.38 Davis 0.37 Rodriguez 0.35 Martinez 0.34
Hernandez 0.33 Lopez 0.29 Gonzalez 0.28 Wilson 0.27 Anderson 0.26 Thomas 0.25 Taylor 0.25 Moore 0.24 Jackson 0.23 Martin 0.23 Lee 0.22
Perez 0.22 Thompson 0.21 White 0.21 Harris 0.20 Sanchez 0.20 Clark 0.18 Ramirez 0.18 Lewis 0.17 Robinson 0.17 Walker 0.17 Young 0.16
Allen 0.16 King 0.15 Wright 0.15 Scott 0.15 Torres 0.15 Nguyen 0.15 Hill 0.15 Flores 0.15 Green 0.15 Adams 0.14 Nelson 0.14 Baker 0.14
Hall 0.14 Rivera 0.13 Campbell 0.13 Mitchell 0.13 Carter 0.13 Roberts 0.13 Davies 0.12 Evans 0.12 Edwards 0.11 Hughes 0.10 Wood 0.10
Turner 0.10 Collins 0.10 Murphy 0.10 Cook 0.10 Morgan 0.10 Bell 0.09 Cooper 0.09 Ward 0.09 Watson 0.08 Kelly 0.08 Price 0.07`;
const latinFirst =
  'Ash Brad Wood Hart Black White Green Ship Thorn Bar Clay Wool Stan Marl Bran Hazel Holl Fair Lang Red Whit Brook Ather Hol Chad Pem Pres Sand Old Brent Win Cal Dun Har Kings Mans North South West East Ham Stock Ed Ayles Crom Glad Lin Rad Bex Cran';
const latinSecond =
  'ford ley ward well man ton wick field more wood ridge by ham cott worth land bury stone dale stead ston hurst cliffe wright brook ington croft shaw thorpe';
/** SSA all-time counts (percent of each sex), with the nicknames records use. */
const latinMale = `James/Jim,Jamie 3.3 John/Jack,Johnny 3.2 Robert/Bob,Rob 3.1 Michael/Mike 2.9 William/Bill,Will 2.5 David/Dave 2.4 Richard/Rick,Dick 1.4
Joseph/Joe 1.3 Thomas/Tom 1.3 Charles/Charlie 1.2 Christopher/Chris 1.2 Daniel/Dan 1.1 Matthew/Matt 0.9 Anthony/Tony 0.8 Mark 0.8 Donald/Don 0.8
Steven/Steve 0.7 Paul 0.7 Andrew/Andy 0.7 Joshua/Josh 0.6 Kenneth/Ken 0.5 Kevin 0.5 Brian 0.5 George 0.5 Timothy/Tim 0.5 Ronald/Ron 0.5
Edward/Ed,Ted 0.5 Jason 0.4 Jeffrey/Jeff 0.4 Ryan 0.4 Jacob/Jake 0.4 Gary 0.4 Nicholas/Nick 0.4 Eric 0.4 Jonathan/Jon 0.4 Stephen/Steve 0.4
Larry 0.3 Justin 0.3 Scott 0.3 Brandon 0.3 Benjamin/Ben 0.3 Samuel/Sam 0.3 Gregory/Greg 0.3 Alexander/Alex 0.3 Patrick/Pat 0.3 Frank 0.3
Oliver/Ollie 0.2 Harry 0.2 Jack 0.2 Noah 0.2 Liam 0.2 Ethan 0.2 Lucas 0.2 Henry 0.2 Owen 0.2 Adam 0.2`;
const latinFemale = `Mary 2.6 Patricia/Pat,Patty 1.1 Jennifer/Jen,Jenny 1.0 Linda 1.0 Elizabeth/Liz,Beth 1.0 Barbara/Barb 0.9 Susan/Sue 0.8 Jessica/Jess 0.7
Sarah 0.7 Karen 0.7 Lisa 0.6 Nancy 0.6 Betty 0.6 Margaret/Maggie,Peggy 0.6 Sandra/Sandy 0.6 Ashley 0.6 Kimberly/Kim 0.5 Emily 0.5 Donna 0.5
Michelle 0.5 Carol 0.5 Amanda/Mandy 0.5 Dorothy/Dot 0.5 Melissa/Mel 0.5 Deborah/Debbie 0.4 Stephanie/Steph 0.4 Rebecca/Becky 0.4 Sharon 0.4
Laura 0.4 Cynthia/Cindy 0.4 Kathleen/Kathy 0.4 Amy 0.4 Angela/Angie 0.4 Shirley 0.4 Anna 0.4 Brenda 0.4 Pamela/Pam 0.3 Emma 0.3 Nicole/Nikki 0.3
Helen 0.3 Samantha/Sam 0.3 Katherine/Kate,Katie 0.3 Christine/Chris 0.3 Debra/Deb 0.3 Rachel 0.3 Carolyn 0.3 Janet 0.3 Catherine/Cathy 0.3
Olivia 0.2 Sophie 0.2 Charlotte/Lottie 0.2 Grace 0.2 Chloe 0.2 Lucy 0.2 Hannah 0.2 Amelia 0.2 Isla 0.2 Victoria/Vicky 0.2`;

export function latinFamilyNames(): WeightedTable<string> {
  const head = tokens(latinFamilyHead);
  const names: string[] = [];
  const weights: number[] = [];
  for (let i = 0; i < head.length; i += 2) {
    names.push(head[i]!);
    weights.push(Number(head[i + 1]) / 100);
  }
  const headShare = weights.reduce((a, b) => a + b, 0);
  const tail: string[] = [];
  const seen = new Set(names);
  for (const second of tokens(latinSecond)) {
    for (const first of tokens(latinFirst)) {
      const name = first + second;
      if (!seen.has(name)) {
        seen.add(name);
        tail.push(name);
      }
    }
  }
  shuffleFixed(tail);
  // The real tail is over 100,000 names thin; a flat tail of ~1,500 names is as thin as a short list can be.
  return new WeightedTable([...names, ...tail], [...weights, ...tail.map(() => (1 - headShare) / tail.length)]);
}

export function latinGivenNames(sex: 'male' | 'female'): WeightedTable<LatinGiven> {
  const list = tokens(sex === 'male' ? latinMale : latinFemale);
  const names: LatinGiven[] = [];
  const weights: number[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const [name, nicknames] = list[i]!.split('/');
    names.push({ name: name!, nicknames: nicknames ? nicknames.split(',') : [] });
    weights.push(Number(list[i + 1]));
  }
  return new WeightedTable(names, weights);
}

/** Old or alternative forms people are registered with, and which records sometimes carry. */
export const itaiji: Record<string, string[]> = {
  高: ['髙'],
  崎: ['﨑'],
  斎: ['齋', '斉'],
  斉: ['齊'],
  辺: ['邊', '邉'],
  沢: ['澤'],
  島: ['嶋'],
  浜: ['濱'],
  桜: ['櫻'],
  広: ['廣'],
  国: ['國'],
};
