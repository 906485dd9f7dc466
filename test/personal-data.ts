import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The e-mail addresses and phone numbers written in a folder of input files (UTF-8, or CP932 when the name says
 * so), and which of them a report contains. Phones are compared by their last nine digits, so a number the report
 * writes in another format (full-width digits, +81, no separators) still counts as found.
 */
export interface PersonalData {
  emails: Set<string>;
  phones: Set<string>;
}

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// Digits with the separators phone numbers use; the digits are counted afterwards.
const phonePattern = /(?<![\w.])\+?[(]?\d[\d\-() ]{6,}\d(?![\w])/g;

function phoneKey(found: string): string | null {
  const digits = found.replace(/\D/g, '');
  if (/^\d{4}-\d{2}-\d{2}/.test(found)) return null;
  return digits.length >= 10 && digits.length <= 13 ? digits.slice(-9) : null;
}

export function personalDataOfFiles(dir: string): PersonalData {
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!/\.(csv|tsv)$/i.test(name) || name.startsWith('ground_truth')) continue;
    const text = new TextDecoder(/cp932|sjis|shift_jis/i.test(name) ? 'shift_jis' : 'utf-8')
      .decode(readFileSync(join(dir, name)))
      .normalize('NFKC');
    for (const line of text.split('\n')) {
      for (const email of line.match(emailPattern) ?? []) emails.add(email.toLowerCase());
      // Each comma-separated field on its own, so that neighbouring numbers do not run together.
      for (const field of line.split(',')) {
        for (const phone of field.match(phonePattern) ?? []) {
          const key = phoneKey(phone.trim());
          if (key) phones.add(key);
        }
      }
    }
  }
  return { emails, phones };
}

/** The input's e-mails and phones that appear in `html` (its text with entities decoded). */
export function personalDataIn(html: string, inputs: PersonalData): { emails: string[]; phones: string[] } {
  const text = html
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .normalize('NFKC')
    .toLowerCase();
  const emails = [...inputs.emails].filter((email) => text.includes(email));
  const phones = new Set<string>();
  for (const candidate of text.match(phonePattern) ?? []) {
    const key = phoneKey(candidate.trim());
    if (key && inputs.phones.has(key)) phones.add(key);
  }
  return { emails, phones: [...phones] };
}
