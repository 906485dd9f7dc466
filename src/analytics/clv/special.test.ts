import { describe, expect, it } from 'vitest';
import { hyp2f1, logAddExp, logGamma, logSubExp } from './special.ts';

describe('special functions', () => {
  it('logGamma matches known values, including small arguments', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.001)).toBeCloseTo(6.907178885383853, 11);
    // Γ(n + 1) = n! and Γ(x + 1) = xΓ(x), summed in logs.
    let logFactorial = 0;
    for (let k = 1; k <= 170; k++) logFactorial += Math.log(k);
    expect(logGamma(171) / logFactorial).toBeCloseTo(1, 14);
    let logHalfInteger = logGamma(0.5);
    for (let k = 0; k < 100; k++) logHalfInteger += Math.log(k + 0.5);
    expect(logGamma(100.5) / logHalfInteger).toBeCloseTo(1, 13);
  });

  it('log-sum-exp stays finite where exp would overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSubExp(1000, 1000 - Math.LN2)).toBeCloseTo(1000 - Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });

  it('hyp2f1 matches closed forms', () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 10);
      // 2F1(a, b; b; z) = (1 − z)^(−a)
      expect(hyp2f1(2.5, 1.3, 1.3, z) / (1 - z) ** -2.5).toBeCloseTo(1, 10);
    }
    expect(hyp2f1(-2, 3, 4, 0.5)).toBeCloseTo(1 - 2 * (3 / 4) * 0.5 + ((3 * 4) / (4 * 5)) * 0.25, 14);
  });
});
