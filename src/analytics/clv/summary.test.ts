import { readFileSync } from 'node:fs';
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { NativeEngine } from '../../engine/native.ts';
import { analyticsDataDir, hasCdnow, missingCdnowMessage, readCdnowSample, readPublishedSummary } from './cdnow.test-data.ts';
import { fitBgNbd } from './bgnbd.ts';
import { customerSummarySql, readCustomerSummary } from './summary.ts';

if (!hasCdnow) console.warn(missingCdnowMessage);

describe('customerSummarySql', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
  });
  afterAll(async () => engine.close());

  const load = async (name: string, customer: number[], date: string[], amount: number[]): Promise<void> => {
    const table = new Table({
      customer: vectorFromArray(customer, new Int32()),
      date: vectorFromArray(date, new Utf8()),
      amount: vectorFromArray(amount, new Float64()),
    });
    await engine.insertArrow(name, tableToIPC(table, 'stream'));
  };

  it('collapses same-day purchases and follows lifetimes on a small history', async () => {
    await load(
      'small_tx',
      [1, 1, 1, 1, 2, 3, 3],
      ['2024-01-01', '2024-01-01', '2024-01-05', '2024-01-10', '2024-01-03', '2024-01-02', '2024-02-01'],
      [10, 5, 20, 40, 7, 3, 9],
    );
    const sql = customerSummarySql({
      transactions: 'small_tx',
      customerId: 'customer',
      date: 'date',
      amount: 'amount',
      calibrationEnd: '2024-01-20',
      observationEnd: '2024-02-10',
    });
    const summary = readCustomerSummary(await engine.query(sql));
    expect(summary.customerId).toEqual([1, 2, 3]);
    expect([...summary.frequency]).toEqual([2, 0, 0]);
    expect([...summary.recency]).toEqual([9, 0, 0]);
    expect([...summary.T]).toEqual([19, 17, 18]);
    expect([...summary.monetaryValue]).toEqual([30, 0, 0]);
    expect([...summary.frequencyHoldout]).toEqual([0, 0, 1]);
  });

  it('rejects a calibration end that is not a date', () => {
    expect(() => customerSummarySql({ transactions: 't', customerId: 'c', date: 'd', calibrationEnd: "2024-01-01' OR 1=1" })).toThrow(
      /YYYY-MM-DD/,
    );
  });

  it.skipIf(!hasCdnow)('reproduces the published CDNOW summary (2,357 customers, 39-week calibration)', async () => {
    const sample = readCdnowSample();
    await load('cdnow', sample.customer, sample.date, sample.amount);
    const sql = customerSummarySql({
      transactions: 'cdnow',
      customerId: 'customer',
      date: 'date',
      amount: 'amount',
      calibrationEnd: '1997-09-30',
      timeUnit: 'week',
    });
    const summary = readCustomerSummary(await engine.query(sql));
    const published = readPublishedSummary();
    expect(summary.customerId).toEqual(published.id);
    const mismatches: string[] = [];
    for (let i = 0; i < published.id.length; i++) {
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.0051;
      if (
        summary.frequency[i] !== published.frequency[i] ||
        !close(summary.recency[i]!, published.recency[i]!) ||
        !close(summary.T[i]!, published.T[i]!) ||
        !close(summary.monetaryValue[i]!, published.monetaryValue[i]!)
      ) {
        mismatches.push(
          `${published.id[i]}: ours ${summary.frequency[i]} ${summary.recency[i]} ${summary.T[i]} ${summary.monetaryValue[i]}, ` +
            `published ${published.frequency[i]} ${published.recency[i]} ${published.T[i]} ${published.monetaryValue[i]}`,
        );
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);

    // The frequency/recency/T-only file agrees with the one that has zbar.
    const plain = readFileSync(`${analyticsDataDir}cdnow_customers_summary.csv`, 'utf8').trim().split('\n').slice(1);
    expect(plain.map((line) => Number(line.split(',')[1]))).toEqual([...summary.frequency]);

    // From transactions to a fit: the unrounded summary gives the published BG/NBD parameters too.
    const fit = fitBgNbd(summary);
    const publishedFit = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
    console.info('BG/NBD from the SQL summary', fit.params, fit.logLikelihood);
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit.params[name] / publishedFit[name] - 1), name).toBeLessThan(0.005);
  });
});
