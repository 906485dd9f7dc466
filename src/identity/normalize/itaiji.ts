/**
 * Variant kanji (itaiji, old forms) folded to the standard form used in names and company names.
 * NFKC does not do this: 髙, 﨑, 齋 and 邊 are separate code points with no decomposition.
 *
 * Each pair is safe because the variant is only ever a way of writing the same character — same reading,
 * same meaning — and people (and registries) use them interchangeably; the variant is seldom available in
 * input methods or older systems (CP932 lacks many), so the same person is written both ways.
 *
 * Deliberately NOT folded:
 * - 埼 (埼玉) is not a variant of 崎: a different character, and folding it would turn 埼玉 into 崎玉.
 * - 龍 → 竜: 竜 is the simplified form, but 龍 is itself in everyday use and 龍之介/竜之介 are registered as
 *   different names; parents choose one on purpose. The reading (りゅう) still lets them meet at the romaji level.
 * - 斉 ↔ 斎: 斉藤 and 斎藤 are different characters (齊 is the old form of 斉, 齋 of 斎); they meet by reading.
 *   So 齊 folds to 斉, not to 斎.
 * - 萬 → 万, 壹 → 一 and similar numeral forms: they also appear as plain numerals in addresses.
 */
export const ITAIJI: Readonly<Record<string, { standard: string; note: string }>> = {
  髙: { standard: '高', note: 'はしご高, the IBM-extension form of 高 (髙橋/高橋)' },
  﨑: { standard: '崎', note: 'たつさき, U+FA11 form of 崎 (山﨑/山崎)' },
  嵜: { standard: '崎', note: 'old variant of 崎 (山嵜/山崎)' },
  碕: { standard: '崎', note: 'variant of 崎 in surnames (川碕/川崎)' },
  齋: { standard: '斎', note: 'old form of 斎 (齋藤/斎藤)' },
  齊: { standard: '斉', note: 'old form of 斉 (齊藤/斉藤); 斉 and 斎 stay apart' },
  邊: { standard: '辺', note: 'old form of 辺 (渡邊/渡辺)' },
  邉: { standard: '辺', note: 'variant of 邊 (渡邉/渡辺)' },
  澤: { standard: '沢', note: 'old form of 沢 (澤田/沢田)' },
  濱: { standard: '浜', note: 'old form of 浜 (濱田/浜田)' },
  濵: { standard: '浜', note: 'variant of 濱 (濵田/浜田)' },
  廣: { standard: '広', note: 'old form of 広 (廣瀬/広瀬)' },
  國: { standard: '国', note: 'old form of 国' },
  櫻: { standard: '桜', note: 'old form of 桜 (櫻井/桜井)' },
  眞: { standard: '真', note: 'old form of 真 (眞理/真理)' },
  德: { standard: '徳', note: 'old form of 徳 (德永/徳永)' },
  惠: { standard: '恵', note: 'old form of 恵' },
  條: { standard: '条', note: 'old form of 条 (北條/北条)' },
  瀨: { standard: '瀬', note: 'old form of 瀬 (廣瀨/広瀬)' },
  藏: { standard: '蔵', note: 'old form of 蔵' },
  嶋: { standard: '島', note: 'variant of 島 (嶋田/島田)' },
  嶌: { standard: '島', note: 'variant of 島' },
  舘: { standard: '館', note: 'variant of 館 (舘野/館野)' },
  冨: { standard: '富', note: 'variant of 富 (冨田/富田)' },
  槗: { standard: '橋', note: 'variant of 橋' },
  栁: { standard: '柳', note: 'variant of 柳 (栁田/柳田)' },
  桒: { standard: '桑', note: 'variant of 桑 (桒原/桑原)' },
  曻: { standard: '昇', note: 'variant of 昇' },
  穗: { standard: '穂', note: 'old form of 穂' },
  壽: { standard: '寿', note: 'old form of 寿' },
  實: { standard: '実', note: 'old form of 実' },
  榮: { standard: '栄', note: 'old form of 栄' },
  增: { standard: '増', note: 'old form of 増' },
  豐: { standard: '豊', note: 'old form of 豊' },
  禮: { standard: '礼', note: 'old form of 礼' },
  淺: { standard: '浅', note: 'old form of 浅 (淺野/浅野)' },
  會: { standard: '会', note: 'old form of 会 (also in 會社)' },
  學: { standard: '学', note: 'old form of 学' },
  龜: { standard: '亀', note: 'old form of 亀' },
  黑: { standard: '黒', note: 'old form of 黒' },
  瀧: { standard: '滝', note: 'old form of 滝 (瀧本/滝本)' },
  靜: { standard: '静', note: 'old form of 静' },
  驛: { standard: '駅', note: 'old form of 駅 (addresses)' },
  縣: { standard: '県', note: 'old form of 県 (addresses)' },
  團: { standard: '団', note: 'old form of 団' },
  鐵: { standard: '鉄', note: 'old form of 鉄 (company names)' },
  寳: { standard: '宝', note: 'variant of 寶/宝' },
  寶: { standard: '宝', note: 'old form of 宝' },
};

/** Folds the variant kanji in ITAIJI to their standard forms; everything else is left as it is. */
export function foldItaiji(text: string): string {
  let out = '';
  for (const ch of text) out += ITAIJI[ch]?.standard ?? ch;
  return out;
}
