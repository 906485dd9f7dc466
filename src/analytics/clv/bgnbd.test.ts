import { describe, expect, it } from 'vitest';
import { bgnbdExpectedPurchases, bgnbdExpectedPurchasesNew, bgnbdLogLikelihood, bgnbdProbabilityAlive, fitBgNbd } from './bgnbd.ts';
import { hasCdnow, missingCdnowMessage, readPublishedSummary } from './cdnow.test-data.ts';
import { samplePatterns, toPatterns } from './data.ts';

if (!hasCdnow) console.warn(missingCdnowMessage);

/** Fader, Hardie and Lee (2005), CDNOW 1/10 sample, 39-week calibration. */
const published = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const publishedLogLikelihood = -9582.43;

describe('BG/NBD', () => {
  it.skipIf(!hasCdnow)('fits the published CDNOW parameters', () => {
    const data = readPublishedSummary();
    const started = performance.now();
    const fit = fitBgNbd(data);
    const seconds = (performance.now() - started) / 1000;
    console.info(`BG/NBD fit ${seconds.toFixed(2)} s`, fit.params, fit.logLikelihood);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] / published[name] - 1), name).toBeLessThan(0.005);
    }
    expect(Math.abs(fit.logLikelihood - publishedLogLikelihood)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
  });

  it.skipIf(!hasCdnow)('converges from a far-off start', () => {
    const fit = fitBgNbd(readPublishedSummary(), { starts: [[3, -3, 3, -3]] });
    expect(Math.abs(fit.logLikelihood - publishedLogLikelihood)).toBeLessThan(0.1);
  });

  it.skipIf(!hasCdnow)('with many histories, searched on a sample and polished on all, finds the same optimum', () => {
    const data = readPublishedSummary();
    // Twenty copies of CDNOW, each T moved by a ten-thousandth of a week: more distinct histories than COARSE_FROM.
    const copies = 20;
    const many = {
      frequency: Array.from({ length: copies }, () => [...data.frequency]).flat(),
      recency: Array.from({ length: copies }, () => [...data.recency]).flat(),
      T: Array.from({ length: copies }, (_, copy) => [...data.T].map((T) => T + copy * 1e-4)).flat(),
    };
    const sample = samplePatterns(toPatterns(many))!;
    expect(sample.x.length).toBeLessThan(many.frequency.length / 4);
    const weights = (w: Float64Array) => w.reduce((sum, value) => sum + value, 0);
    expect(weights(sample.weight)).toBeCloseTo(many.frequency.length, 6);
    const one = fitBgNbd(data);
    const fit = fitBgNbd(many);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] / one.params[name] - 1), name).toBeLessThan(1e-3);
    }
    expect(Math.abs(fit.logLikelihood - copies * one.logLikelihood)).toBeLessThan(1);
    expect(fit.converged).toBe(true);
  });

  it("reproduces lifetimes' prediction check", () => {
    const history = { frequency: [2], recency: [30.43], T: [38.86] };
    expect(bgnbdExpectedPurchases(published, 39, history)[0]).toBeCloseTo(1.226, 3);
    expect(bgnbdExpectedPurchases(published, 0, history)[0]).toBe(0);
  });

  it('agrees with the unconditional curve for a customer who has just arrived', () => {
    const fresh = { frequency: [0], recency: [0], T: [0] };
    for (const t of [1, 10, 39, 78]) {
      expect(bgnbdExpectedPurchases(published, t, fresh)[0]).toBeCloseTo(bgnbdExpectedPurchasesNew(published, t), 10);
    }
  });

  it('gives a probability alive that falls as the silence since the last purchase grows', () => {
    const alive = bgnbdProbabilityAlive(published, { frequency: [0, 2, 2, 2], recency: [0, 38, 20, 2], T: [38.86, 38.86, 38.86, 38.86] });
    expect(alive[0]).toBe(1);
    expect(alive[1]).toBeGreaterThan(alive[2]!);
    expect(alive[2]).toBeGreaterThan(alive[3]!);
    expect(alive[3]).toBeGreaterThan(0);
  });

  it('has a finite log-likelihood for every history', () => {
    const ll = bgnbdLogLikelihood(published, { frequency: [0, 1, 50], recency: [0, 0, 38], T: [0.1, 38, 38.86] });
    expect([...ll].every(Number.isFinite)).toBe(true);
  });
});
