import { describe, expect, it } from 'vitest';
import { formatPostalCode, normalizePostalCode } from './postal.ts';

describe('normalizePostalCode', () => {
  it.each([
    ['100-0005', '1000005'],
    ['1000005', '1000005'],
    ['〒100-0005', '1000005'],
    ['〒 100-0005', '1000005'],
    ['５３０－０００１', '5300001'],
    ['５３０ー０００１', '5300001'],
    ['〒９００－００１５', '9000015'],
    ['100 0005', '1000005'],
    ['100‐0005', '1000005'],
  ])('%s → %s', (raw, expected) => expect(normalizePostalCode(raw)).toBe(expected));

  it.each([['94105'], ['100-000'], ['SW1A 1AA'], [''], [null], ['12345678']])('%s is not a Japanese postal code', (raw) =>
    expect(normalizePostalCode(raw)).toBeNull(),
  );

  it('formats', () => expect(formatPostalCode('1000005')).toBe('100-0005'));
});
