/** Company names: the legal-form designator (株式会社, (株), ㈱, Inc., Co., Ltd., GmbH …) split from the core name. */
import { foldItaiji } from './itaiji.ts';
import { toKatakana } from './kana.ts';

export interface CompanyKey {
  /** Comparison key: designators removed, NFKC, itaiji folded, kana as katakana, lower-case, no spaces or punctuation. */
  core: string;
  /** The designator in a canonical spelling (`株式会社`, `有限会社`, `inc`, `co ltd` …), or null. */
  designator: string | null;
  /** The name without its designator, as written (after NFKC), for display. */
  name: string;
}

// Japanese forms; after NFKC ㈱ is (株) and full-width parentheses are ASCII.
const JAPANESE_DESIGNATORS: ReadonlyArray<[RegExp, string]> = [
  [/株式会社|\(株\)|\(株|株\)/, '株式会社'],
  [/有限会社|\(有\)/, '有限会社'],
  [/合同会社|\(同\)/, '合同会社'],
  [/合名会社|\(名\)/, '合名会社'],
  [/合資会社|\(資\)/, '合資会社'],
  [/一般社団法人|\(一社\)/, '一般社団法人'],
  [/一般財団法人|\(一財\)/, '一般財団法人'],
  [/公益社団法人|\(公社\)/, '公益社団法人'],
  [/公益財団法人|\(公財\)/, '公益財団法人'],
  [/特定非営利活動法人|NPO法人|\(特非\)/, '特定非営利活動法人'],
  [/社会福祉法人|\(福\)/, '社会福祉法人'],
  [/医療法人社団|医療法人財団|医療法人|\(医\)/, '医療法人'],
  [/学校法人|\(学\)/, '学校法人'],
  [/宗教法人|\(宗\)/, '宗教法人'],
  [/\(社\)|社団法人/, '社団法人'],
  [/\(財\)|財団法人/, '財団法人'],
];

// Latin forms, matched as whole words at either end; longest first so `Co., Ltd.` wins over `Ltd.`.
const LATIN_DESIGNATORS: ReadonlyArray<[RegExp, string]> = [
  [/co\.?,?\s*ltd\.?/, 'co ltd'],
  [/company\s+limited/, 'co ltd'],
  [/pty\.?\s*ltd\.?/, 'pty ltd'],
  [/kabushiki\s+kaisha|k\.\s?k\.|kk/, '株式会社'],
  [/godo\s+kaisha|g\.\s?k\./, '合同会社'],
  [/yugen\s+kaisha|y\.\s?k\./, '有限会社'],
  [/incorporated|inc\.?/, 'inc'],
  [/corporation|corp\.?/, 'corp'],
  [/limited|ltd\.?/, 'ltd'],
  [/l\.\s?l\.\s?c\.?|llc/, 'llc'],
  [/l\.\s?l\.\s?p\.?|llp/, 'llp'],
  [/p\.\s?l\.\s?c\.?|plc/, 'plc'],
  [/gmbh\s*&\s*co\.?\s*kg|gmbh/, 'gmbh'],
  [/a\.\s?g\.|ag/, 'ag'],
  [/s\.\s?a\.\s?s\.?|sas/, 'sas'],
  [/s\.\s?a\.?|sa/, 'sa'],
  [/s\.\s?r\.\s?l\.?|srl|sarl/, 'srl'],
  [/s\.\s?p\.\s?a\.?|spa/, 'spa'],
  [/b\.\s?v\.?|bv/, 'bv'],
  [/n\.\s?v\.?|nv/, 'nv'],
  [/co\./, 'co'],
];

const SEPARATORS = String.raw`[\s,、・]*`;

// Compiled once: each designator as a prefix and as a suffix (Latin ones need a word boundary on the inner side:
// `Acme Global, Inc.` but not `Zinc`; `co` and `sa` are not stripped as prefixes).
const JAPANESE_PATTERNS = JAPANESE_DESIGNATORS.map(([pattern, canonical]) => ({
  prefix: new RegExp(`^(?:${pattern.source})${SEPARATORS}`),
  suffix: new RegExp(`${SEPARATORS}(?:${pattern.source})$`),
  canonical,
}));
const LATIN_PATTERNS = LATIN_DESIGNATORS.map(([pattern, canonical]) => ({
  suffix: new RegExp(`(?:^|[\\s,]+)(?:${pattern.source})$`, 'i'),
  prefix: canonical !== 'co' && canonical !== 'sa' ? new RegExp(`^(?:${pattern.source})(?:[\\s,]+)`, 'i') : null,
  canonical,
}));

function stripOnce(name: string): { rest: string; designator: string } | null {
  for (const { prefix, suffix, canonical } of JAPANESE_PATTERNS) {
    if (prefix.test(name)) return { rest: name.replace(prefix, ''), designator: canonical };
    if (suffix.test(name)) return { rest: name.replace(suffix, ''), designator: canonical };
  }
  for (const { prefix, suffix, canonical } of LATIN_PATTERNS) {
    if (suffix.test(name)) return { rest: name.replace(suffix, ''), designator: canonical };
    if (prefix?.test(name)) return { rest: name.replace(prefix, ''), designator: canonical };
  }
  return null;
}

/** Folds a company name to its core and designator: 'さくら商事㈱', 'さくら商事(株)' and '株式会社 さくら商事' share core 'さくら商事'. */
export function companyKey(raw: string | null | undefined): CompanyKey {
  let name = (raw ?? '')
    .normalize('NFKC')
    .replace(/\(\s*(\S)\s*\)/g, '($1)')
    .replace(/\s+/g, ' ')
    .trim();
  let designator: string | null = null;
  for (let guard = 0; guard < 3; guard++) {
    const stripped = stripOnce(name);
    if (!stripped || stripped.rest.trim() === '') break;
    designator ??= stripped.designator;
    name = stripped.rest.trim();
  }
  name = name.replace(/[\s,、・.]+$/u, '').replace(/^[\s,、・.]+/u, '');
  const core = toKatakana(foldItaiji(name))
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[\s\p{P}\p{S}]/gu, '');
  return { core, designator, name };
}
