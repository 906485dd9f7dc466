/**
 * SQL expressions for the value patterns the audit checks (e-mail, phone, postal code, dates, mojibake) and an
 * NFKC approximation. Only DuckDB core functions: DuckDB-WASM has no ICU, so everything here runs the same on both
 * engines. Each function takes a SQL expression of type VARCHAR and returns a SQL expression.
 */

import { quoteLiteral } from '../engine/sql.ts';

const fullWidthDigits = '０１２３４５６７８９';
/** Full-width digits, hyphen-like marks, brackets, plus and the ideographic space, folded to ASCII. */
const hyphens = '－‐‑‒–—―−ー';
const digitFold = { from: `${fullWidthDigits}${hyphens}（）＋　`, to: `0123456789${'-'.repeat([...hyphens].length)}()+ ` };

/** Folds full-width digits and hyphen-like marks to ASCII (what phone and postal-code checks need). */
export function foldDigits(value: string): string {
  // translate() is slow; pure-ASCII values (byte length = character length) skip it.
  return `CASE WHEN strlen(${value}) = length(${value}) THEN ${value} ELSE translate(${value}, ${quoteLiteral(digitFold.from)}, ${quoteLiteral(digitFold.to)}) END`;
}

/** A sane e-mail address: no spaces, one @, a dotted domain with a 2+ letter top level. Checked on the raw value. */
export const emailPattern =
  "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}";

export function isEmail(value: string): string {
  return `regexp_full_match(${value}, ${quoteLiteral(emailPattern)})`;
}

/** Characters the phone and postal-code checks treat as ASCII: full-width digits, hyphen-like marks, brackets, plus. */
const digit = '[0-9０-９]';
const nonZeroDigit = '[1-9１-９]';
const hyphen = `[-${hyphens}]`;
/** What a phone number may hold between its digits: whitespace (incl. U+3000), dots, hyphens, brackets. */
const phoneSeparator = `[\\s　.()（）${hyphens}-]`;

/**
 * A phone number: ignoring spaces, hyphens, dots and brackets (full-width ones too), either a Japanese number
 * (0 then 9–10 digits: 10 digits for landlines, 11 for mobiles) or an E.164-like international one (+ then 8–15
 * digits). One regular expression on the raw value (no folding, no replacing), so it is cheap on large columns.
 */
export function isPhone(value: string): string {
  const s = `${phoneSeparator}*`;
  const pattern = `${s}(?:[0０](?:${s}${digit}){9,10}|[+＋]${s}${nonZeroDigit}(?:${s}${digit}){7,14})${s}`;
  return `regexp_full_match(${value}, ${quoteLiteral(pattern)})`;
}

/** A Japanese postal code: NNN-NNNN or NNNNNNN, optionally after 〒, full-width digits and hyphens allowed. */
export function isPostalCode(value: string): string {
  return `regexp_full_match(${value}, ${quoteLiteral(`[\\s　]*(?:〒[\\s　]*)?${digit}{3}${hyphen}?${digit}{4}[\\s　]*`)})`;
}

/**
 * Parses a date written as 2024-01-02, 2024/01/02, 01/02/2024 (month first; 13/02/2024 falls back to day first),
 * 2024年1月2日, 令和6年1月2日 or 平成31年4月30日 (元年 = year 1), or an ISO timestamp; NULL when it is none of these
 * or not a real calendar date (2024/13/01).
 */
export function parseDate(value: string): string {
  return parseFoldedDate(`trim(${foldDigits(value)})`);
}

/**
 * parseDate over a value already folded (foldDigits) and trimmed. The value is referenced many times, so pass a
 * column (e.g. computed once in a subquery), not a long expression.
 */
export function parseFoldedDate(v: string): string {
  const era = `regexp_extract(${v}, '^(令和|平成)([0-9]{1,2}|元)年([0-9]{1,2})月([0-9]{1,2})日$', ['era', 'year', 'month', 'day'])`;
  const eraYear = `(CASE ${era}.era WHEN '令和' THEN 2018 ELSE 1988 END + CASE ${era}.year WHEN '元' THEN 1 ELSE TRY_CAST(${era}.year AS INTEGER) END)`;
  return `CASE
    WHEN ${v} LIKE '令和%' OR ${v} LIKE '平成%' THEN TRY_CAST(try_strptime(${eraYear} || '-' || ${era}.month || '-' || ${era}.day, '%Y-%m-%d') AS DATE)
    WHEN regexp_full_match(${v}, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9:.]+)?') THEN TRY_CAST(TRY_CAST(${v} AS TIMESTAMP) AS DATE)
    WHEN regexp_full_match(${v}, '[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,4}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日') THEN TRY_CAST(try_strptime(${v}, ['%Y/%m/%d', '%m/%d/%Y', '%d/%m/%Y', '%Y年%m月%d日']) AS DATE)
  END`;
}

/**
 * Signs of text decoded with the wrong encoding:
 * U+FFFD (bytes that were not valid, e.g. CP932 read as UTF-8); C1 control characters (CP932 read as Latin-1);
 * UTF-8 read as Latin-1/CP1252 (Ã or Â before a Latin-1 symbol, ã before a continuation byte for Japanese, â€ for
 * punctuation, ï¼/ï½ for full-width forms); CP932 read as CP1252 (‚ or ƒ before a letter);
 * UTF-8 Japanese read as CP932 (縺 繧 繝, the CP932 readings of the kana lead bytes, rare as real kanji).
 */
export const mojibakePattern =
  '\\x{FFFD}|[\\x{80}-\\x{9F}]|[ÃÂ][\\x{A0}-\\x{BF}\\x{152}\\x{153}\\x{160}\\x{161}\\x{178}\\x{17D}\\x{17E}\\x{192}\\x{2C6}\\x{2DC}\\x{2013}-\\x{203A}\\x{20AC}\\x{2122}]|ã[\\x{80}-\\x{BF}\\x{152}\\x{153}\\x{160}\\x{161}\\x{178}\\x{17D}\\x{17E}\\x{192}\\x{2C6}\\x{2DC}\\x{2013}-\\x{203A}\\x{20AC}\\x{2122}]|â€|ï[¼½]|[‚ƒ][A-Za-z\\x{A0}-\\x{FF}]|[縺繧繝]';

/** True when the text shows mojibake; the byte/character length test skips pure-ASCII values cheaply. */
export function isMojibake(value: string): string {
  return `(strlen(${value}) <> length(${value}) AND regexp_matches(${value}, ${quoteLiteral(mojibakePattern)}))`;
}

const halfWidthKana = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ｡｢｣､･';
const fullWidthKana =
  'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜。「」、・';
const voiced: [string, string][] = [...'カキクケコサシスセソタチツテトハヒフヘホウ'].map((kana) => [
  `${kana}゛`,
  String.fromCodePoint(kana === 'ウ' ? 0x30f4 : kana.codePointAt(0)! + 1),
]);
const semiVoiced: [string, string][] = [...'ハヒフヘホ'].map((kana) => [`${kana}゜`, String.fromCodePoint(kana.codePointAt(0)! + 2)]);
const fullWidthAscii = Array.from({ length: 0x5e }, (_, i) => String.fromCodePoint(0xff01 + i)).join('');
const ascii = Array.from({ length: 0x5e }, (_, i) => String.fromCodePoint(0x21 + i)).join('');

/**
 * An approximation of Unicode NFKC in core SQL (DuckDB has nfc_normalize but no NFKC): full-width ASCII letters,
 * digits and symbols and the ideographic space become ASCII; half-width katakana (with their voiced marks) become
 * full-width; ①–⑨ become digits; ㈱ ㈲ become (株) (有). Other compatibility characters are left as they are.
 */
export function nfkcApprox(value: string): string {
  let expr = `translate(${value}, ${quoteLiteral(`${fullWidthAscii}　${halfWidthKana}①②③④⑤⑥⑦⑧⑨`)}, ${quoteLiteral(`${ascii} ${fullWidthKana}123456789`)})`;
  for (const [from, to] of [...voiced, ...semiVoiced, ['㈱', '(株)'], ['㈲', '(有)']] as [string, string][]) {
    expr = `replace(${expr}, ${quoteLiteral(from)}, ${quoteLiteral(to)})`;
  }
  return expr;
}
