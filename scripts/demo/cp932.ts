import Encoding from 'encoding-japanese';

/**
 * Windows (and so Excel) writes these with the IBM extension codes, while encoding-japanese
 * picks the NEC-selected duplicates (髙 → 0xEEE0); both decode the same, but we want Excel's bytes.
 */
const excelCodes: Readonly<Record<string, readonly [number, number]>> = { 髙: [0xfb, 0xfc], 﨑: [0xfa, 0xb1] };

/** Encodes text as CP932 (Windows-31J) the way Excel's "CSV" save does. */
export function encodeCp932(text: string): Uint8Array {
  const chunks = text
    .split(/([髙﨑])/u)
    .map((part) => excelCodes[part] ?? Encoding.convert(Encoding.stringToCode(part), { to: 'SJIS', from: 'UNICODE' }));
  const bytes = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
