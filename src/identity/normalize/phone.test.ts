import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneKind, regionFromCountry } from './phone.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

describe('normalizePhone (JP default)', () => {
  it.each([
    ['03-3201-1234', '+81332011234'],
    ['03(3201)1234', '+81332011234'],
    ['(03)3201-1234', '+81332011234'],
    ['０３－３２０１－１２３４', '+81332011234'],
    ['０３‐３２０１‐１２３４', '+81332011234'],
    ['03ー3201ー1234', '+81332011234'],
    ['0332011234', '+81332011234'],
    ['+81 3-3201-1234', '+81332011234'],
    ['+81-3-3201-1234', '+81332011234'],
    ['+81 (0)3 3201 1234', '+81332011234'],
    ['03-3201-1234 内線 123', '+81332011234'],
    ['03-3201-1234（内線123）', '+81332011234'],
    ['03-3201-1234 ext. 12', '+81332011234'],
    ['090-1111-2222', '+819011112222'],
    ['07044445555', '+817044445555'],
    ['+818033334444', '+818033334444'],
    ['080-3333-4444', '+818033334444'],
    ['052(551)3030', '+81525513030'],
    ['0822472020', '+81822472020'],
    ['011-231-4455', '+81112314455'],
    ['+1 415 555 0134', '+14155550134'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (raw, expected) => expect(normalizePhone(raw)).toBe(expected));

  it.each([['000-0000-0000'], [''], ['なし'], ['-'], ['123'], ['(415) 555-0134'], [null]])('%s is not a valid JP number', (raw) =>
    expect(normalizePhone(raw)).toBeNull(),
  );

  it('takes the default region from the data', () => {
    expect(normalizePhone('(415) 555-0134', 'US')).toBe('+14155550134');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', regionFromCountry('United Kingdom') ?? 'JP')).toBe('+442079460958');
  });
});

describe('phoneKind', () => {
  it.each([
    ['+819011112222', 'mobile'],
    ['+818033334444', 'mobile'],
    ['+817044445555', 'mobile'],
    ['+81332011234', 'fixed'],
    ['+81525513030', 'fixed'],
    ['+815012345678', 'ip'],
    ['+81120123456', 'tollFree'],
    ['+14155550134', 'unknown'],
    [null, 'unknown'],
  ] as const)('%s → %s', (e164, kind) => expect(phoneKind(e164)).toBe(kind));
});

describe('regionFromCountry', () => {
  it.each([
    ['Japan', 'JP'],
    ['日本', 'JP'],
    ['JP', 'JP'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['U.S.A.', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['Atlantis', null],
    ['', null],
  ])('%s → %s', (country, region) => expect(regionFromCountry(country)).toBe(region));
});

describe('Japanese numbers without libphonenumber (speed path)', () => {
  it('gives what libphonenumber gives, also at the edges (IDD 010, 00 prefixes, (0) after +81, other regions)', () => {
    const reference = (raw: string, region: 'JP' | 'GB' | 'US') => {
      const text = raw
        .normalize('NFKC')
        .replace(/[\u2010-\u2015\u2212\u30FC\uFF70\u301C\u223C]/g, '-')
        .trim();
      const parsed = parsePhoneNumberFromString(text, region);
      return parsed && parsed.isValid() ? parsed.number : null;
    };
    const inputs = [
      '0101234567890',
      '010-81-3-1234-5678',
      '0002123456',
      '003768012345',
      '+81 (0)3-1234-5678',
      '+81 03 1234 5678',
      '03-1234-5678',
      '(03) 1234 5678',
      '090.1234.5678',
      '+81-90-1234-5678',
      '+8190123456789',
      '0120-123-456',
      '0570-000-111',
      '050-1234-5678',
      '020-1234-5678',
      '0800-123-4567',
      '0-3-1234-5678',
      '+1 212 555 0100',
      '212-555-0100',
      '+81',
      '+810',
      '01',
      '099-123-4567',
      '+44 20 7946 0958',
      '020 7946 0958',
      '+ 81 3 1234 5678',
      '(+81) 3-1234-5678',
      '03-1234-5678-9',
      '03123456789012345678',
    ];
    for (const input of inputs)
      for (const region of ['JP', 'GB', 'US'] as const)
        expect(normalizePhone(input, region), `${input} ${region}`).toBe(reference(input, region));
  });
});
