/** Kana folding and a table-driven Hepburn romaniser, so a フリガナ reading can meet a romaji name. */

const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const KATAKANA_OFFSET = 0x60;

/** NFKC turns half-width ｶﾀｶﾅ (and its separate ﾞ ﾟ marks) into full-width katakana. */
function widen(text: string): string {
  return text.normalize('NFKC');
}

export function toKatakana(text: string): string {
  let out = '';
  for (const ch of widen(text)) {
    const code = ch.codePointAt(0)!;
    if ((code >= HIRAGANA_START && code <= HIRAGANA_END) || code === 0x309d || code === 0x309e) {
      out += String.fromCodePoint(code + KATAKANA_OFFSET);
    } else out += ch;
  }
  return out;
}

export function toHiragana(text: string): string {
  let out = '';
  for (const ch of widen(text)) {
    const code = ch.codePointAt(0)!;
    if ((code >= HIRAGANA_START + KATAKANA_OFFSET && code <= HIRAGANA_END + KATAKANA_OFFSET) || code === 0x30fd || code === 0x30fe) {
      out += String.fromCodePoint(code - KATAKANA_OFFSET);
    } else out += ch;
  }
  return out;
}

/** True when the text has at least one kana and nothing but kana, spaces and the long-vowel mark. */
export function isKana(text: string): boolean {
  return /^[\p{Script=Hiragana}\p{Script=Katakana}ー\s・･]+$/u.test(text) && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);
}

// Two-kana syllables first (yōon and the foreign-sound extensions), then single kana.
const DIGRAPHS: Record<string, string> = {
  きゃ: 'kya',
  きゅ: 'kyu',
  きょ: 'kyo',
  ぎゃ: 'gya',
  ぎゅ: 'gyu',
  ぎょ: 'gyo',
  しゃ: 'sha',
  しゅ: 'shu',
  しょ: 'sho',
  しぇ: 'she',
  じゃ: 'ja',
  じゅ: 'ju',
  じょ: 'jo',
  じぇ: 'je',
  ちゃ: 'cha',
  ちゅ: 'chu',
  ちょ: 'cho',
  ちぇ: 'che',
  ぢゃ: 'ja',
  ぢゅ: 'ju',
  ぢょ: 'jo',
  にゃ: 'nya',
  にゅ: 'nyu',
  にょ: 'nyo',
  ひゃ: 'hya',
  ひゅ: 'hyu',
  ひょ: 'hyo',
  びゃ: 'bya',
  びゅ: 'byu',
  びょ: 'byo',
  ぴゃ: 'pya',
  ぴゅ: 'pyu',
  ぴょ: 'pyo',
  みゃ: 'mya',
  みゅ: 'myu',
  みょ: 'myo',
  りゃ: 'rya',
  りゅ: 'ryu',
  りょ: 'ryo',
  ふぁ: 'fa',
  ふぃ: 'fi',
  ふぇ: 'fe',
  ふぉ: 'fo',
  てぃ: 'ti',
  でぃ: 'di',
  とぅ: 'tu',
  どぅ: 'du',
  うぃ: 'wi',
  うぇ: 'we',
  うぉ: 'wo',
  ゔぁ: 'va',
  ゔぃ: 'vi',
  ゔぇ: 've',
  ゔぉ: 'vo',
  つぁ: 'tsa',
  いぇ: 'ye',
};

const MONOGRAPHS: Record<string, string> = {
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
  ゐ: 'i',
  ゑ: 'e',
  を: 'o',
  ん: 'n',
  ゔ: 'vu',
  ぁ: 'a',
  ぃ: 'i',
  ぅ: 'u',
  ぇ: 'e',
  ぉ: 'o',
  ゃ: 'ya',
  ゅ: 'yu',
  ょ: 'yo',
  ゎ: 'wa',
  ゕ: 'ka',
  ゖ: 'ke',
};

const VOWELS = new Set(['a', 'i', 'u', 'e', 'o']);

/**
 * Hepburn romaji for a kana string (hiragana, katakana or half-width), lower-case, with long vowels folded
 * (おう/おお/ー → o, うう → u) so タロウ, たろう, Taro and Tarō meet. っ doubles the next consonant (っち → tchi);
 * ん is always `n` (also before b/m/p, no apostrophe). Other characters pass through; runs of spaces become one.
 */
export function kanaToRomaji(text: string): string {
  const kana = toHiragana(text).replace(/ゝ/g, '').replace(/[・･]/g, ' ');
  const chars = [...kana];
  let out = '';
  let lastVowel = '';
  let geminate = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === 'っ') {
      geminate = true;
      continue;
    }
    if (ch === 'ー') continue; // long vowel: folded
    let syllable = DIGRAPHS[ch + (chars[i + 1] ?? '')];
    if (syllable !== undefined) i++;
    else syllable = MONOGRAPHS[ch];
    if (syllable === undefined) {
      out += ch.toLowerCase();
      lastVowel = '';
      geminate = false;
      continue;
    }
    // Long vowels: おう, おお, うう fold into the preceding vowel.
    if ((syllable === 'u' && (lastVowel === 'o' || lastVowel === 'u')) || (syllable === 'o' && lastVowel === 'o' && ch === 'お')) {
      lastVowel = '';
      continue;
    }
    if (geminate && !VOWELS.has(syllable[0]!) && syllable !== 'n') {
      out += syllable.startsWith('ch') ? 't' : syllable[0];
    }
    geminate = false;
    out += syllable;
    lastVowel = syllable === 'n' ? '' : syllable[syllable.length - 1]!;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * The same long-vowel folding for romaji typed by people: ou/oo → o, uu → u, macrons stripped (Ōno, Oono, Ouno → ono),
 * and the passport's "oh" before a consonant or at the end of a word (Satoh, Ohno, Yohko → sato, ono, yoko; Ohashi
 * keeps its h).
 */
export function foldRomaji(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/o[ou]/g, 'o')
    .replace(/oh(?![aeiouy])/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/\s+/g, ' ')
    .trim();
}
