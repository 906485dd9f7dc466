import { describe, expect, it } from 'vitest';
import { compactNumber, marginForLabels } from './plot-ticks.ts';
import { textColourOn } from './plot-contrast.ts';

describe('plot labels', () => {
  it('writes large ticks compactly and small ones as they are', () => {
    expect([1_234_567, 7_000_000, 500_000, 12, 0.25].map(compactNumber)).toEqual(['1.23M', '7M', '500K', '12', '0.25']);
  });

  it('gives a margin wide enough for the longest label, wider for Japanese', () => {
    expect(marginForLabels(['email: different, personal vs work e-mail'])).toBeGreaterThan(200);
    expect(marginForLabels(['メールアドレス: 異なる'])).toBeGreaterThan(marginForLabels(['email: different']));
    expect(marginForLabels([], 120)).toBe(120);
  });

  it('writes on a cell in white or black, whichever contrasts more', () => {
    expect(textColourOn('rgb(8, 48, 107)')).toBe('white');
    expect(textColourOn('rgb(247, 251, 255)')).toBe('black');
    expect(textColourOn('rgb(136, 190, 220)')).toBe('black');
    expect(textColourOn('#000000')).toBe('white');
  });
});
