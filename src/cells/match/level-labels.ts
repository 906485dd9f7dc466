/**
 * The match model's comparison names and level labels in the UI's language. The model keeps them in English: they
 * are data (the notebook's stored results, the command line's output, the explanations' SQL), as RFM segment names are.
 * A label not listed here (an extra column's comparison) is shown as it is.
 */
const comparisons: Record<string, { en: string; ja: string }> = {
  name: { en: 'name', ja: '氏名' },
  family_name: { en: 'family name', ja: '姓' },
  given_name: { en: 'given name', ja: '名' },
  email: { en: 'e-mail', ja: 'メール' },
  phone: { en: 'phone', ja: '電話番号' },
  birth_date: { en: 'birth date', ja: '生年月日' },
  company: { en: 'company', ja: '会社' },
  address: { en: 'address', ja: '住所' },
};

const jaroWinkler = (what: string, min: string) => `${what}が近い（Jaro-Winkler ≥ ${min}）`;

const levelsJa: Record<string, string> = {
  exact: '完全一致',
  swapped: '姓と名が入れ替わっている',
  'same reading': '読みが同じ',
  nickname: '愛称が同じ',
  'same family name, given name alike': '姓が同じ・名の読みが近い',
  'same family name reading, given name alike': '姓の読みが同じ・名の読みが近い',
  'same family name': '姓が同じ',
  'same family name reading, given name unread': '姓の読みが同じ（名の読みは不明）',
  'given name unread, spelt by the one e-mail': '名の読みは不明・共通のメールが名を綴る',
  'e-mail spelling the given name': 'メールが名を綴る',
  'same family name reading': '姓の読みが同じ',
  'same given name': '名が同じ',
  "the other's family name": '相手の姓と同じ',
  'jaro-winkler ≥ 0.94': jaroWinkler('綴り', '0.94'),
  'swapped, jaro-winkler ≥ 0.94': jaroWinkler('入れ替えた綴り', '0.94'),
  'jaro-winkler ≥ 0.92': jaroWinkler('綴り', '0.92'),
  'jaro-winkler ≥ 0.9': jaroWinkler('綴り', '0.9'),
  'jaro-winkler ≥ 0.85': jaroWinkler('綴り', '0.85'),
  'jaro-winkler ≥ 0.8': jaroWinkler('綴り', '0.8'),
  'given name reading jaro-winkler ≥ 0.92': jaroWinkler('名の読み', '0.92'),
  'address jaro-winkler ≥ 0.9': jaroWinkler('住所の綴り', '0.9'),
  'city jaro-winkler ≥ 0.9': jaroWinkler('市区町村の綴り', '0.9'),
  'similar characters': '文字が似ている',
  'address similar characters ≥ 0.7': '住所の文字が似ている（≥ 0.7）',
  'kanji against a reading': '漢字と読み（比べられない）',
  different: '不一致',
  missing: '値なし',
  'different, personal vs work e-mail': '不一致（個人用と仕事用のメール）',
  'same mobile number': '携帯番号が同じ',
  'same number': '番号が同じ',
  'different mobile numbers': '携帯番号が異なる',
  'one character off': '1 文字違い',
  'within a year': '1 年以内',
  'same address': '住所が同じ',
  'same street': '町名・番地が同じ',
  'same postal code': '郵便番号が同じ',
  'postal code one character off': '郵便番号が 1 文字違い',
  'same postal district and city': '郵便番号の上 3 桁と市区町村が同じ',
  'same city': '市区町村が同じ',
  'same postal district': '郵便番号の上 3 桁が同じ',
};

export function matchComparisonLabel(name: string, lang: 'en' | 'ja'): string {
  return comparisons[name]?.[lang] ?? name;
}

export function matchLevelLabel(label: string, lang: 'en' | 'ja'): string {
  return lang === 'ja' ? (levelsJa[label] ?? label) : label;
}
