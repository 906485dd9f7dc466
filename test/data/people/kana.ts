/**
 * Kana forms of a reading (given in hiragana): katakana, half-width katakana, Hepburn romaji. Written apart from the
 * matcher's normaliser (src/identity/normalize/kana.ts) on purpose: the test data must not share its mistakes.
 */

const monographs: Record<string, string> = {
  あ: 'a',
  い: 'i',
  う: 'u',
  え: 'e',
  お: 'o',
  か: 'ka',
  き: 'ki',
  く: 'ku',
  け: 'ke',
  こ: 'ko',
  が: 'ga',
  ぎ: 'gi',
  ぐ: 'gu',
  げ: 'ge',
  ご: 'go',
  さ: 'sa',
  し: 'shi',
  す: 'su',
  せ: 'se',
  そ: 'so',
  ざ: 'za',
  じ: 'ji',
  ず: 'zu',
  ぜ: 'ze',
  ぞ: 'zo',
  た: 'ta',
  ち: 'chi',
  つ: 'tsu',
  て: 'te',
  と: 'to',
  だ: 'da',
  ぢ: 'ji',
  づ: 'zu',
  で: 'de',
  ど: 'do',
  な: 'na',
  に: 'ni',
  ぬ: 'nu',
  ね: 'ne',
  の: 'no',
  は: 'ha',
  ひ: 'hi',
  ふ: 'fu',
  へ: 'he',
  ほ: 'ho',
  ば: 'ba',
  び: 'bi',
  ぶ: 'bu',
  べ: 'be',
  ぼ: 'bo',
  ぱ: 'pa',
  ぴ: 'pi',
  ぷ: 'pu',
  ぺ: 'pe',
  ぽ: 'po',
  ま: 'ma',
  み: 'mi',
  む: 'mu',
  め: 'me',
  も: 'mo',
  や: 'ya',
  ゆ: 'yu',
  よ: 'yo',
  ら: 'ra',
  り: 'ri',
  る: 'ru',
  れ: 're',
  ろ: 'ro',
  わ: 'wa',
  を: 'o',
  ん: 'n',
};
const smallY: Record<string, string> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };

/** How a romaji spelling writes long vowels: Sato (Hepburn without macrons), Satou (as typed), Satoh (passport). */
export type LongVowelStyle = 'plain' | 'typed' | 'passport';

const romajiCache = new Map<string, string>();

export function romaji(reading: string, style: LongVowelStyle = 'plain'): string {
  const key = `${style}:${reading}`;
  let spelled = romajiCache.get(key);
  if (spelled === undefined) {
    spelled = spell(reading, style);
    romajiCache.set(key, spelled);
  }
  return spelled;
}

function spell(reading: string, style: LongVowelStyle): string {
  let out = '';
  let geminate = false;
  for (let i = 0; i < reading.length; i++) {
    const char = reading[i]!;
    if (char === 'っ') {
      geminate = true;
      continue;
    }
    let syllable = monographs[char] ?? '';
    const next = reading[i + 1];
    if (next && smallY[next] && syllable.endsWith('i')) {
      const stem = syllable.slice(0, -1);
      syllable = (stem === 'sh' || stem === 'ch' || stem === 'j' ? stem : `${stem}y`) + smallY[next];
      i++;
    }
    if (geminate && syllable) {
      out += syllable.startsWith('ch') ? 't' : syllable[0];
      geminate = false;
    }
    out += syllable;
  }
  if (style === 'plain') out = out.replace(/o[ou](?![aiueo])/g, 'o').replace(/uu(?![aiueo])/g, 'u');
  if (style === 'passport') out = out.replace(/o[ou](?![aiueo])/g, 'oh').replace(/uu(?![aiueo])/g, 'u');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

export function katakana(reading: string): string {
  return reading.replace(/[\u3041-\u3096]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0x60));
}

const fullKatakana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー　';
const halfKatakana = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ ';
const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
const voicedBase = 'カキクケコサシスセソタチツテトハヒフヘホ';
const semiVoiced = 'パピプペポ';

/** Half-width katakana as old systems store フリガナ: ガ → ｶﾞ. */
export function halfWidthKatakana(text: string): string {
  let out = '';
  for (const char of katakana(text)) {
    const v = voiced.indexOf(char);
    const p = semiVoiced.indexOf(char);
    const base = v >= 0 ? voicedBase[v]! : p >= 0 ? 'ハヒフヘホ'[p]! : char;
    const index = fullKatakana.indexOf(base);
    out += (index >= 0 ? halfKatakana[index]! : base) + (v >= 0 ? 'ﾞ' : p >= 0 ? 'ﾟ' : '');
  }
  return out;
}

/** Full-width digits, letters and hyphens, as typed with the IME in full-width mode. */
export function fullWidth(text: string): string {
  return text.replace(/[0-9A-Za-z@.\-()+]/g, (char) => (char === '-' ? '－' : String.fromCharCode(char.charCodeAt(0) + 0xfee0)));
}
