import Encoding from 'encoding-japanese';
import type { Company, PhoneNumber } from './people.ts';
import type { Random } from './random.ts';
import { itaiji, nicknames } from './vocabulary.ts';

/** How people and systems write the same things differently. */

export type PhoneStyle = 'hyphen' | 'plain' | 'parens' | 'international' | 'fullwidth' | 'spaces';

export function phoneText(phone: PhoneNumber, style: PhoneStyle): string {
  const [first, second, third] = phone.groups as [string, string, string];
  if (!phone.trunk) {
    return style === 'international' || style === 'fullwidth'
      ? `+${phone.dialCode} ${phone.groups.join(' ')}`
      : `(${first}) ${second}-${third}`;
  }
  switch (style) {
    case 'hyphen':
      return `${first}-${second}-${third}`;
    case 'plain':
      return `${first}${second}${third}`;
    case 'parens':
      return `${first}(${second})${third}`;
    case 'international':
      return `+${phone.dialCode} ${first.slice(1)}-${second}-${third}`;
    case 'fullwidth':
      return Encoding.toZenkakuCase(`${first}-${second}-${third}`);
    case 'spaces':
      return `${first} ${second} ${third}`;
  }
}

export type CompanyStyle = 'registered' | 'kabu-parens' | 'kabu-fullwidth-parens' | 'kabu-symbol' | 'no-legal-form' | 'spaced';

/** 株式会社さくら商事 → (株)さくら商事, （株）さくら商事, ㈱さくら商事, さくら商事, 株式会社 さくら商事. */
export function companyText(company: Company, style: CompanyStyle): string {
  if (!company.japanese) {
    if (style === 'no-legal-form') return company.stem;
    if (style === 'kabu-symbol') return company.name.toUpperCase();
    return company.name;
  }
  const form = company.name.replace(company.stem, '');
  const short =
    form === '有限会社' ? { parens: '(有)', fullwidth: '（有）', symbol: '㈲' } : { parens: '(株)', fullwidth: '（株）', symbol: '㈱' };
  const withForm = (formText: string) => (company.legalFormFirst ? `${formText}${company.stem}` : `${company.stem}${formText}`);
  switch (style) {
    case 'registered':
      return company.name;
    case 'kabu-parens':
      return withForm(short.parens);
    case 'kabu-fullwidth-parens':
      return withForm(short.fullwidth);
    case 'kabu-symbol':
      return withForm(short.symbol);
    case 'no-legal-form':
      return company.stem;
    case 'spaced':
      return company.legalFormFirst ? `${form} ${company.stem}` : `${company.stem} ${form}`;
  }
}

export type EmailStyle = 'as-is' | 'capitalised' | 'upper' | 'plus-tag' | 'trailing-space';

export function emailText(email: string, style: EmailStyle, random: Random): string {
  if (email === '') return '';
  const [local, domain] = email.split('@') as [string, string];
  switch (style) {
    case 'as-is':
      return email;
    case 'capitalised':
      return `${local.replace(/(^|\.)([a-z])/g, (_, dot: string, letter: string) => dot + letter.toUpperCase())}@${domain}`;
    case 'upper':
      return email.toUpperCase();
    case 'plus-tag':
      return `${local}+${random.pick(['news', 'seminar', 'event', 'shop'])}@${domain}`;
    case 'trailing-space':
      return `${email} `;
  }
}

/** A broken address of the kinds data-entry produces. */
export function badEmail(email: string, random: Random): string {
  const [local, domain] = (email || 'unknown@example.jp').split('@') as [string, string];
  return random.pick([`${local}${domain}`, `${local}@@${domain}`, `${local}@${domain.replace(/\./g, ',')}`, `${local}@`, 'なし', '-']);
}

/** The same kanji name written with an itaiji (高橋 → 髙橋, 山崎 → 山﨑), or null when it has none. */
export function withItaiji(text: string): string | null {
  for (const [plain, variant] of itaiji) if (text.includes(plain)) return text.replace(plain, variant);
  return null;
}

/** A Latin-name typo or nickname (Michael → Mike, Smith → Smtih). */
export function latinVariant(name: string, random: Random): string {
  const nickname = nicknames[name];
  if (nickname && random.chance(0.6)) return nickname;
  const at = random.int(1, name.length - 2);
  return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

export type KanaStyle = 'katakana' | 'halfwidth' | 'hiragana';

export function kanaText(kana: string, style: KanaStyle): string {
  if (style === 'halfwidth') return Encoding.toHankanaCase(kana);
  if (style === 'hiragana') return Encoding.toHiraganaCase(kana);
  return kana;
}

export function fullwidthDigits(text: string): string {
  return text.replace(/[0-9-]/g, (char) => Encoding.toZenkakuCase(char));
}
