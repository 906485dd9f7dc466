/** Japanese postal codes (〒100-0005, １００－０００５, 1000005) as seven digits. */

// Hyphen look-alikes NFKC keeps: ‐ ‑ ‒ – — ― − ー ｰ.
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70-]/g;

/** Seven digits, or null when the text is not a Japanese postal code. */
export function normalizePostalCode(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = raw
    .normalize('NFKC')
    .replace(/〒|〶|〠/g, '')
    .replace(DASHES, '')
    .replace(/\s+/g, '');
  return /^\d{7}$/.test(text) ? text : null;
}

/** `100-0005` for display. */
export function formatPostalCode(sevenDigits: string): string {
  return `${sevenDigits.slice(0, 3)}-${sevenDigits.slice(3)}`;
}
