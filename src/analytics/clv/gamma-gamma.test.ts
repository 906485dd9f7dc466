import { describe, expect, it } from 'vitest';
import { bgnbdExpectedPurchases } from './bgnbd.ts';
import { hasCdnow, missingCdnowMessage, readPublishedSummary } from './cdnow.test-data.ts';
import { COARSE_FROM } from './data.ts';
import { customerLifetimeValue, fitGammaGamma, gammaGammaExpectedAverageProfit } from './gamma-gamma.ts';

if (!hasCdnow) console.warn(missingCdnowMessage);

/** Fader, Hardie and Lee's Gamma-Gamma fit to the 946 CDNOW sample customers with repeat purchases. */
const published = { p: 6.2488, q: 3.7446, gamma: 15.4477 };
const publishedLogLikelihood = -4055.92;
const bgnbd = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

describe('Gamma-Gamma', () => {
  it.skipIf(!hasCdnow)('fits the published CDNOW parameters on customers with frequency > 0', () => {
    const data = readPublishedSummary();
    const started = performance.now();
    const fit = fitGammaGamma(data);
    const seconds = (performance.now() - started) / 1000;
    console.info(`Gamma-Gamma fit ${seconds.toFixed(2)} s`, fit.params, fit.logLikelihood);
    expect(fit.customers).toBe(946);
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit.params[name] / published[name] - 1), name).toBeLessThan(0.005);
    }
    expect(Math.abs(fit.logLikelihood - publishedLogLikelihood)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
  });

  it.skipIf(!hasCdnow)('with many customers, searched on a sample and polished on all, finds the same optimum', () => {
    const data = readPublishedSummary();
    // 25 copies of the 946 repeat customers: more than COARSE_FROM, so the search runs on every k-th first.
    const copies = 25;
    const many = {
      frequency: Array.from({ length: copies }, () => [...data.frequency]).flat(),
      monetaryValue: Array.from({ length: copies }, () => [...data.monetaryValue]).flat(),
    };
    const one = fitGammaGamma(data);
    const fit = fitGammaGamma(many);
    expect(fit.customers).toBeGreaterThan(COARSE_FROM);
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit.params[name] / one.params[name] - 1), name).toBeLessThan(1e-3);
    }
    expect(Math.abs(fit.logLikelihood - copies * one.logLikelihood)).toBeLessThan(1);
    expect(fit.converged).toBe(true);
  });

  it('shrinks a customer’s mean spend toward the population mean, less with more purchases', () => {
    const populationMean = (published.gamma * published.p) / (published.q - 1);
    const profit = gammaGammaExpectedAverageProfit(published, { frequency: [1, 10, 100], monetaryValue: [100, 100, 100] });
    expect(profit[0]).toBeLessThan(100);
    expect(profit[0]).toBeGreaterThan(populationMean);
    expect(profit[0]).toBeLessThan(profit[1]!);
    expect(profit[1]).toBeLessThan(profit[2]!);
  });

  it('discounts monthly expected purchases (lifetimes customer_lifetime_value)', () => {
    const history = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
    const profit = [22.35, 35];
    const predict = (t: number): Float64Array => bgnbdExpectedPurchases(bgnbd, t, history);
    // Without discounting the monthly increments add up to the 12-month expectation.
    const undiscounted = customerLifetimeValue(predict, profit, { months: 12, monthlyDiscountRate: 0, timeUnit: 'week' });
    const twelveMonths = predict(12 * 4.345);
    for (let i = 0; i < 2; i++) expect(undiscounted[i]).toBeCloseTo(profit[i]! * twelveMonths[i]!, 10);
    const discounted = customerLifetimeValue(predict, profit, { months: 12, monthlyDiscountRate: 0.01, timeUnit: 'week' });
    for (let i = 0; i < 2; i++) {
      expect(discounted[i]).toBeLessThan(undiscounted[i]!);
      expect(discounted[i]).toBeGreaterThan(undiscounted[i]! / 1.01 ** 12);
    }
  });
});
