import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { quoteLiteral } from '../../engine/sql.ts';
import { customerSummarySql, readCustomerSummary } from './summary.ts';
import { hasCdnow, missingCdnowMessage, readPublishedSummary } from './cdnow.test-data.ts';
import {
  fitParetoNbd,
  logA0Routes,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesNew,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.ts';

if (!hasCdnow) console.warn(missingCdnowMessage);

/** Fader and Hardie's Pareto/NBD fit to the CDNOW 1/10 sample, 39-week calibration. */
const published = { r: 0.5532, alpha: 10.5763, s: 0.6062, beta: 11.6715 };
const publishedLogLikelihood = -9594.98;

describe('Pareto/NBD', () => {
  it.skipIf(!hasCdnow)('fits the published CDNOW parameters', () => {
    const data = readPublishedSummary();
    const started = performance.now();
    const fit = fitParetoNbd(data);
    const seconds = (performance.now() - started) / 1000;
    console.info(`Pareto/NBD fit ${seconds.toFixed(2)} s`, fit.params, fit.logLikelihood);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[name] / published[name] - 1), name).toBeLessThan(0.005);
    }
    expect(Math.abs(fit.logLikelihood - publishedLogLikelihood)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
    expect(fit.atDropoutEdge).toBe(false);
  });

  const demoOrders = fileURLToPath(new URL('../../../public/demo/data/orders.csv', import.meta.url));
  it.skipIf(!existsSync(demoOrders))(
    'stops and says it did not converge where dropout rates do not vary (the demo orders; its time is in npm run bench)',
    async () => {
      const engine = await NativeEngine.create();
      try {
        await engine.exec(`CREATE TABLE orders AS SELECT * FROM read_csv(${quoteLiteral(demoOrders)})`);
        const spec = {
          transactions: 'orders',
          customerId: 'contact_id',
          date: 'order_date',
          calibrationEnd: '2025-03-31',
          timeUnit: 'week',
        } as const;
        const data = readCustomerSummary(await engine.query(customerSummarySql(spec)));
        const started = performance.now();
        const fit = fitParetoNbd(data);
        const seconds = (performance.now() - started) / 1000;
        console.info(`Pareto/NBD on the demo ${seconds.toFixed(2)} s`, fit.params, fit.logLikelihood);
        // The likelihood rises without end towards one dropout rate for all (s → ∞ with s/β fixed): no maximum exists.
        expect(fit.atDropoutEdge).toBe(true);
        expect(fit.converged).toBe(false);
        expect(fit.params.s / fit.params.beta).toBeGreaterThan(0.005);
        expect(fit.params.s / fit.params.beta).toBeLessThan(0.05);
      } finally {
        await engine.close();
      }
    },
  );

  it.skipIf(!hasCdnow)('converges from far-off starts, where the 2F1 argument nears 1', () => {
    const data = readPublishedSummary();
    for (const start of [
      [2, 4, -2, -4],
      [3, -3, 3, -3],
    ]) {
      const fit = fitParetoNbd(data, { starts: [start] });
      expect(Math.abs(fit.logLikelihood - publishedLogLikelihood), String(start)).toBeLessThan(0.1);
    }
  });

  it('computes A₀ the same by the 2F1 series and by its integral', () => {
    const cases = [
      [published, 2, 30.43, 38.86],
      [published, 0, 0, 38.86],
      [{ r: 0.5532, alpha: 20, s: 1.6062, beta: 5 }, 5, 10, 38.86],
      [{ r: 2.5, alpha: 3, s: 0.3, beta: 20 }, 1, 0.5, 38.86],
    ] as const;
    for (const [params, x, tx, T] of cases) {
      expect(logA0Routes.integral(params, x, tx, T)).toBeCloseTo(logA0Routes.series(params, x, tx, T), 10);
    }
  });

  it('handles α > β and α < β alike (the two branches of A₀)', () => {
    const history = { frequency: [0, 3, 3], recency: [0, 20, 35], T: [38.86, 38.86, 38.86] };
    const swapped = { r: 0.5532, alpha: 11.6715, s: 0.6062, beta: 10.5763 };
    for (const params of [published, swapped]) {
      const ll = paretoNbdLogLikelihood(params, history);
      expect([...ll].every(Number.isFinite)).toBe(true);
    }
    // Near α = β the likelihood is continuous.
    const below = paretoNbdLogLikelihood({ ...published, alpha: 11 - 1e-7, beta: 11 }, history);
    const above = paretoNbdLogLikelihood({ ...published, alpha: 11 + 1e-7, beta: 11 }, history);
    for (let i = 0; i < 3; i++) expect(below[i]).toBeCloseTo(above[i]!, 6);
  });

  it('gives probabilities alive in (0, 1], falling with the silence since the last purchase', () => {
    const alive = paretoNbdProbabilityAlive(published, { frequency: [2, 2, 2], recency: [38, 20, 2], T: [38.86, 38.86, 38.86] });
    expect(alive[0]).toBeLessThanOrEqual(1);
    expect(alive[0]).toBeGreaterThan(alive[1]!);
    expect(alive[1]).toBeGreaterThan(alive[2]!);
    expect(alive[2]).toBeGreaterThan(0);
  });

  it('agrees with the unconditional curve for a customer who has just arrived', () => {
    const fresh = { frequency: [0], recency: [0], T: [0] };
    for (const t of [1, 10, 39, 78]) {
      expect(paretoNbdExpectedPurchases(published, t, fresh)[0]).toBeCloseTo(paretoNbdExpectedPurchasesNew(published, t), 8);
    }
    expect(paretoNbdExpectedPurchasesNew({ ...published, s: 1 }, 39)).toBeCloseTo(
      paretoNbdExpectedPurchasesNew({ ...published, s: 1 + 1e-7 }, 39),
      5,
    );
  });
});
